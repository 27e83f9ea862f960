"""The Word documents of the import's test corpus (``jobs/tests/corpus/word/``), typed the way
companies type them: the four seed documents (../shared/seeds) and one document per layout.

The .docx files are committed; to make them again after changing a builder::

    python -m jobs.tests.word_corpus

Each builder returns a python-docx ``Document``.  In a table row, ``None`` continues the cell on
its left (a horizontal merge) and ``UP`` the cell above (a vertical merge), as a person merges
cells in Word.
"""
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

CORPUS = Path(__file__).resolve().parent / "corpus" / "word"
UP = "^"


class Doc:
    def __init__(self):
        self.document = Document()

    def p(self, text="", style=None):
        paragraph = self.document.add_paragraph()
        lines = text.split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()
        if style:
            paragraph.style = self.document.styles[style]
        return paragraph

    def h(self, text, level=1):
        return self.document.add_heading(text, level)

    def numbered(self, text, level=0, number_id=None):
        """A paragraph numbered by Word itself (the number is not in its text)."""
        paragraph = self.p(text)
        properties = paragraph._p.get_or_add_pPr()
        numbering = OxmlElement("w:numPr")
        level_element, number = OxmlElement("w:ilvl"), OxmlElement("w:numId")
        level_element.set(qn("w:val"), str(level))
        number.set(qn("w:val"), str(number_id or self._numbering()))
        numbering.extend([level_element, number])
        properties.append(numbering)
        return paragraph

    def _numbering(self):
        """A list definition (decimal, then (a) at the second level) in the numbering part, made once."""
        if hasattr(self, "_number_id"):
            return self._number_id
        part = self.document.part.numbering_part.element
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), "90")
        for level, kind, text in ((0, "decimal", "%1."), (1, "lowerLetter", "(%2)")):
            element = OxmlElement("w:lvl")
            element.set(qn("w:ilvl"), str(level))
            for tag, value in (("w:start", "1"), ("w:numFmt", kind), ("w:lvlText", text)):
                child = OxmlElement(tag)
                child.set(qn("w:val"), value)
                element.append(child)
            abstract.append(element)
        part.insert(0, abstract)
        number = OxmlElement("w:num")
        number.set(qn("w:numId"), "90")
        reference = OxmlElement("w:abstractNumId")
        reference.set(qn("w:val"), "90")
        number.append(reference)
        part.append(number)
        self._number_id = 90
        return 90

    def table(self, rows):
        width = max(len(row) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = self.document.styles["Table Grid"]
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text not in (None, UP):
                    self._write(table.cell(r, c), text)
        for r, row in enumerate(rows):  # horizontal merges first: a cell and the None cells after it
            c = 0
            while c < len(row):
                end = c
                while end + 1 < len(row) and row[end + 1] is None:
                    end += 1
                if end > c and row[c] is not None:
                    table.cell(r, c).merge(table.cell(r, end))
                c = end + 1
        for c in range(width):  # then vertical ones: a cell and the UP cells under it
            r = 0
            while r < len(rows):
                end = r
                while end + 1 < len(rows) and c < len(rows[end + 1]) and rows[end + 1][c] == UP:
                    end += 1
                if end > r:
                    table.cell(r, c).merge(table.cell(end, c))
                r = end + 1
        return table

    @staticmethod
    def _write(cell, text):
        paragraphs = text.split("\n")
        cell.text = paragraphs[0]
        for line in paragraphs[1:]:
            cell.add_paragraph(line)

    def page_break(self):
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def footer(self, text):
        self.document.sections[0].footer.paragraphs[0].text = text


# ---- seed 000: 拓展部职能及岗位职责 (Traditional characters, department part + four job descriptions) ----
SEED_000_DUTIES = [
    "負責根據公司制訂的市場開發與拓展各項管理規定、制度，開發與拓展終端客戶；",
    "負責根據總體戰略目標、市場開發與拓展戰略規劃，制訂所管轄項目開發拓展的年度、季度、月度計劃，並實現目標、計劃；",
    "負責拓展部開發與拓展費用的預算，嚴格控制費用支出與合理運用；",
    "負責拓展營銷政策方案的制訂，呈報總經理審批；",
    "負責開發與拓展空白項目客戶市場、分析信息，同時對客戶進行前瞻性預測；",
    "負責部門人員的管理，制定拓展人員編制計劃，並予以檢查控制；",
    "負責市場開發與拓展具體方法的收集、分析、培訓、教導；",
    "負責客戶市場維護與管理，適時回訪意向客戶和潛在客戶；",
    "負責所管轄地區市場拓展客戶的評估、客戶要求的確認，以及簽訂合同完成後的後期跟蹤與其它部門銜接服務工作；",
    "負責所管轄地區所有意向客戶資料的收集、整理，並建立檔案；",
]
SEED_000_JOBS = [
    {
        "heading": "拓展總監崗位說明書",
        "basic": ["1、職務名稱：市場總監", "2、直接上級：總經理", "3、直接下級：市場經理、拓展專員", "4、所轄部門：公司拓展部",
                  "5、工資等級：詳見薪資等級表（機密）", "6、工資水平：詳見薪資制度（機密）", "7、職務等級：總監級",
                  "8、轄員人數：020名左右", "9、定員人數：1人"],
        "summary": "規劃制定公司的市場戰略與策略，並推進實施，實現市場發展目標；組織部門人員完成市場拓展計劃，監督實施執行拓展招商政策與激勵機制，配合公司相關部門，完成公司各類市場拓展指標",
        "duties": [
            "協助總經理制定總體市場發展戰略以及市場發展目標，制訂所管轄地區市場拓展的年度、季度、月度計劃，並實現目標分解、計劃執行；",
            "制定和實施年度市場拓展計劃，完成公司在行業中的市場定位和渠道開拓，並規範完善管理拓展流程；",
            "負責項目所屬地區所有意向客戶資料的收集、整理，並建立檔案；管理監督公司市場拓展費用預算與使用，嚴格控制費用以及本部門管理事項；",
            "與各意向客戶洽談、溝通、促成銷售，組織下屬人員做好合同的簽訂、履行與管理工作，監督拓展經理完成合同條款相應的應收賬款及項目催收工作；",
            "負責拓展人員的管理，制定拓展人員行動計劃，並予以檢查控制；同時對目標客戶的維護與管理，適時回訪意向客戶和潛在客戶；",
            "制定本部門相關的管理制度並監督檢查下屬人員的執行情況，監督實施執行公司市場激勵機制，打造有戰鬥力的市場團隊；",
            "每月30日準時提交月度工作總結與下月工作計劃給直屬上級；",
            "完成上級領導臨時交辦的各項工作任務。",
        ],
        "authorities": "1、市場拓展策略、政策提議權；\n2、部門各項管理制度擬定、監督、執行權；\n3、改善公司管理建議權；\n4、部門崗位調配權；\n"
                       "6、部門職員工作督查權\n7、部門員工複試錄用審核權；\n7、特許加盟合同簽訂、執行權；\n8、部門職員工作爭議裁決、獎懲建議權；\n"
                       "9、部門職員任免建議權；\n10、部門職員考核權；\n11、上級領導授予的其他職權。",
        "relations": [("所施監督", "監督市場部下屬"), ("所受監督", "受總經理監督")],
        "promotion": "暫無", "lateral": "營運部總監、項目總監",
        "education": ("大專以上學歷", "市場營銷、工商管理", "其他專業同等學歷"),
        "training": ("一年以上", "市場營銷、企業管理、合同法、談判技巧、財務基本知識等等"),
        "experience": "3年以上相關行業、服飾市場營銷拓展管理工作經驗，1年以上相關職位工作經驗。",
        "skills": "1、對市場營銷拓展工作有深刻認知；\n2、有較強的市場感知能力、敏銳地把握市場動態、市場方向的能力；\n"
                  "3、良好的渠道客戶關係管理，熟悉市場營銷渠道開發和建設業務；\n4、具有良好的公共關係能力，具備大型活動的現場管理能力。",
        "qualities": "1、工作努力熱情、積極進取，具良好的團隊合作精神、團隊建設能力及獨立工作能力與敬業精神；\n2、良好的溝通和語言表達能力、組織開拓能力",
        "personality": "1、沉穩、機警、進取、創新、應變、抗壓性強；\n2、善與他人協作；\n3、有決斷力、信心，性格開朗。",
        "conditions": ("正常工作時間：早9:00-晚18:00\n適應經常加班，出差工作時間隨機協調。", "辦公桌椅、電話機、計算機、文件櫃、文件框、文件夾、計算器", "滿負荷"),
    },
    {
        "heading": "市場部經理崗位說明書",
        "basic": ["1、職務名稱：市場部經理", "2、直接上級：市場部總監", "3、直接下級：拓展專員", "4、所轄部門：",
                  "5、工資等級：詳見薪資等級表（機密）", "6、工資水平：詳見薪資制度（機密）", "7、職務等級：經理級",
                  "8、轄員人數：諾干", "9、定員人數： 人"],
        "summary": "拓展市場，溝通、洽談、促成項目銷售事宜；管理所轄項目區域客戶，催收客戶應交款。",
        "duties": [
            "執行所管轄項目市場拓展的年度、季度、月度計劃，並實現目標分解、計劃執行；",
            "負責拓展人員的管理，制定拓展人員行動計劃，並予以檢查控制；同時對目標客戶的維護與管理，適時回訪意向客戶和潛在客戶；",
            "負責所管轄項目區域所有意向客戶資料的收集、整理，並建立檔案",
            "與各意向客戶洽談、溝通、促成銷售，組織下屬人員做好合同的簽訂、履行與管理工作，執行所管轄項目內客戶所簽訂合同條款相應的應收賬款項目及催收工作；",
            "每月30日準時提交月度工作總結與下月工作計劃給直屬上級；",
            "完成上級領導臨時交辦的各項工作任務。",
        ],
        "authorities": "1、市場拓展策略、政策提議權。\n2、部門各項管理制度執行權。\n3、改善公司管理建議權；\n4、團隊人員建設、增補申請。\n5、上級領導授予的其他職權。",
        "relations": [("所受監督", "受總經理、拓展部總監監督")],
        "promotion": "市場部總監", "lateral": "項目部銷售經理、",
        "education": ("大專以上學歷", "市場營銷、工商管理", "其他專業同等學歷"),
        "training": ("一年以上", "市場營銷、企業管理、合同法、談判技巧、財務基本知識等等"),
        "experience": "2年以上相關行業、市場拓展管理工作經驗，1年以上相關職位工作經驗。",
        "skills": "1、對市場營銷拓展工作有一定的認知；\n2、有較強的市場感知能力、敏銳地把握市場動態、市場方向的能力；\n3、良好的渠道客戶關係管理，熟悉市場營銷渠道開發和建設業務；",
        "qualities": "1、工作努力熱情、積極進取，具良好的團隊合作精神、團隊建設能力及獨立工作能力與敬業精神；\n2、思路清晰、有良好的溝通技巧和語言表達能力、組織開拓能力。",
        "personality": "1、機警、進取、創新、應變；\n2、善與他人協作，具有較強的溝通能力；\n3、有信心，性格開朗、抗壓性強。",
        "conditions": ("正常工作時間：早9:00-晚18:00\n適應經常出差，出差工作時間隨機協調。", "開放式辦公室，乾淨衛生；辦公桌、電話機、計算機、計算器", "滿負荷"),
    },
]


def seed_000():
    doc = Doc()
    doc.h("拓展部職能及崗位職責", 0)
    doc.h("拓展部部門職責", 1)
    doc.p("直接上級：總經理")
    doc.p("部門性質：項目終端客戶開發、拓展機構")
    doc.p("管理權限：市場開拓計劃制訂、實施的權限，承擔執行公司規章制度、管理規程及工作指令的義務。")
    doc.p("管理職能：負責授權管轄項目終端客戶開發、拓展工作，對所開發的終端客戶信譽負責")
    doc.p("主要職責：")
    for number, duty in enumerate(SEED_000_DUTIES, start=1):
        doc.p(f"{number}. {duty}")
    doc.p("人員配置：部門總監1名、部門經理2名、渠道主管若干名、拓展專員若干名")
    doc.p("部門組織架構分佈與職務直觀圖：")
    doc.table([["", "總經理", ""], ["總經理助理", "拓展部總監", ""], ["", "拓展主管", "拓展專員"]])
    doc.h("拓展部崗位職責", 1)
    for job in SEED_000_JOBS:
        doc.page_break()
        doc.h(job["heading"], 2)
        doc.p("一、基本資料")
        basic = job["basic"]
        doc.table([basic[0:3], basic[3:6], basic[6:9]])
        doc.p("二、工作內容")
        doc.table([["1、工作職能概要", job["summary"]]])
        doc.p("2、職務說明（逐項說明工作任務、職責、權限）")
        rows = [["編號", "工 作 內 容 及 職 責", "權 限"]]
        for number, duty in enumerate(job["duties"], start=1):
            rows.append([str(number), duty, job["authorities"] if number == 1 else UP])
        doc.table(rows)
        doc.p("3、工作關係：")
        relations = [[label, text, None] for label, text in job["relations"]]
        relations += [["職位關係", "可直接升遷的職位", job["promotion"]], [UP, "可相互轉換的職位", job["lateral"]]]
        doc.table(relations)
        doc.p("三、任職資格：")
        education, training = job["education"], job["training"]
        doc.table([
            ["所需學歷及專業", "最低學歷", "專業", "其他說明"],
            [UP, *education],
            ["所需技能培訓（方可上崗）", "培訓時間", "擬訂需要培訓科目", None],
            [UP, training[0], training[1], None],
            ["所需經驗", job["experience"], None, None],
            ["技能技巧", job["skills"], None, None],
            ["基本素質", job["qualities"], None, None],
            ["個性特徵", job["personality"], None, None],
            ["體能要求：身體健康、無傳染病史，能承受快節奏、滿負荷的工作，每天工作8小時以上", None, None, None],
        ])
        doc.p("四、工作場所：")
        doc.table([["工作時間", "工作環境和條件", "工作均衡性"], list(job["conditions"])])
        doc.p("五、考核標準：具體考核標準參考績效考核方案。")
    doc.footer("第 1 頁")
    return doc.document


# ---- seed 001: 市场部岗位职责说明书 (one label/value table per position) ----------------------
SEED_001_JOBS = [
    {
        "title": "副总经理", "headcount": "1", "reports_to": "总经理",
        "duties": {
            "主要工作": [
                ("职责一", "规划公司销售系统的整体运营、业务方向，领导团队建设", "制定年度销售工作计划"),
                ("职责二", "制定并组织实施完整的销售方案，建立健全各项规章制度，推动公司销售系统管理的规范化", "制定销售管理制度"),
                ("职责三", "依据公司整体销售目标，提交销售计划方案，监督实施销售全过程，完成销售任务", "分解年度目标，按月推进完成"),
                ("职责五", "管理销售人员，帮助建立、补充、发展、培养销售队伍", "开展招聘、培训工作，实施末位淘汰制"),
                ("职责六", "完成销售计划及回款任务", "按月完成"),
                ("职责七", "掌握市场动态，熟悉市场状况并有独特见解", "了解相关产业情况，及时调整销售策略"),
                ("职责八", "主持公司重大营销合同的谈判与签订工作", "重大合同全程参与"),
                ("职责九", "协助处理客户投诉，跟踪处理投诉结果，并进行客户满意度调查", "提高服务质量及水平，维护企业形象"),
                ("职责十", "总经理交办的其它事宜", ""),
            ],
            "日常工作": [
                ("职责十一", "组织编制公司年、季、月度销售计划，并监督实施", "按月、季、年推进工作"),
                ("职责十二", "组织本部门所销售产品和竞争对手在市场上销售情况的调查，综合客户的反馈意见，分析及开拓市场，负责合作伙伴的开发",
                 "了解同类产品市场情况"),
                ("职责十三", "组织下属人员做好销售合同的签订、履行与管理工作，监督销售人员做好应收账款的催收工作",
                 "按合同执行清欠，不能及时清偿须有应对办法"),
                ("职责十四", "制定本部门相关的管理制度并监督检查下属人员的执行情况", "检查、贯彻制度执行"),
                ("职责十五", "组织对公司客户的服务，与技术部门联络以取得必要的技术支持", "提高服务质量及水平，提升品牌形象"),
                ("职责十六", "协调部门内部业务上的动态、信息", "了解内部信息，避免人员重复展业"),
                ("职责十七", "对下属人员进行业务指导和工作考核", "及时指导、按月考核"),
                ("职责十八", "个人项目的跟进、监督", "了解项目动向，提供必要支持"),
            ],
            "协调工作": [
                ("职责十九", "企管部、法务部合同", "合同签订审核及法务支持"),
                ("职责二十", "财务部", "及时清理欠款"),
                ("职责二一", "律师事务所、法院", "沟通学习，降低合同风险"),
                ("职责二二", "设备销售商", "了解行业发展趋势"),
                ("职责二三", "设备生产厂家", "了解设备更新、技术创新"),
            ],
        },
        "authorities": "权限：\n1、设备销售定价；\n2、销售人员的招聘解聘；\n3、销售提成比例的确定；\n4、员工提出奖励审批发放；\n5、销售人员考核。",
        "cooperation": "企管部、法务部、财务部、生产车间",
        "internal": "企管部、法务部、财务部、生产车间", "external": "法院、律师、设备生产销售厂家",
        "tools": "通讯设备、笔记本电脑、摄像机、照相机、传真机、打字复印设备。", "environment": "经常出差",
        "time_pattern": "经常加班", "records": "合同、客户档案",
        "kpis": "主要考核指标：\n1、利润指标；\n2、收入指标；\n3、客户信息量",
    },
    {
        "title": "销售员", "headcount": "2", "reports_to": "市场部部长",
        "duties": {
            "主要工作": [
                ("职责一", "制定销售计划，掌握销售技巧，积极开拓市场，按时完成公司下达的销售任务", "按月分解工作任务"),
                ("职责二", "拜访客户，发送产品资料。定期寄送产品宣传资料、电子邮件广告等", "不少于50家的客户联系量"),
                ("职责三", "客户资料管理工作，整理、维护已有的客户信息。", "客户跟进及时并记录"),
                ("职责四", "输入、维护、汇总销售数据", "数据及时上报存档"),
                ("职责五", "整理合同，合同的执行并归档管理", "督促合同的执行"),
                ("职责六", "文档编写和制作，写标书，处理信息", "要有独立完成投标工作能力"),
                ("职责七", "应收账款的清理", "按合同约定收款，不能及时收回需上报处理意见"),
                ("职责八", "领导交办的其它事宜", ""),
            ],
            "日常工作": [
                ("职责九", "编写上报销售周报、月报，季报", "按规定时间完成"),
                ("职责十", "客户拜访维系", "按期拜访"),
                ("职责十一", "新客户的发展跟进", "每月发展客户不少于10户"),
            ],
            "协调工作": [
                ("职责十二", "生产车间生产供应", "协调生产，保证供货"),
                ("职责十三", "财务部账务信息", "及时清欠"),
                ("职责十四", "企管部合同签订", "合同审定签章"),
            ],
        },
        "authorities": "权限：\n1、销售定价建议权；\n2、取得销售提成；",
        "cooperation": "企管部、财务部、生产车间",
        "internal": "企管部、财务部、生产车间", "external": "律师事务所、法院",
        "tools": "通讯工具，电脑、网络", "environment": "经常出差", "time_pattern": "周末加班较多、时间自主安排空间较多",
        "records": "", "kpis": "",
    },
]


def seed_001():
    doc = Doc()
    doc.p("岗位职责说明书")
    for number, job in enumerate(SEED_001_JOBS):
        if number:
            doc.page_break()
        rows = [
            ["岗位名称", job["title"], "岗位编号", "不填"],
            ["所在部门", "市场部", "岗位定员", job["headcount"]],
            ["直接上级", job["reports_to"], "上级部门", "总经理办"],
            ["职责概括:", None, None, None],
            ["", "", "职责描述", "工作标准"],
        ]
        for category, duties in job["duties"].items():
            for index, (number_text, statement, standard) in enumerate(duties):
                rows.append([category if index == 0 else UP, number_text, statement, standard])
        rows += [
            [job["authorities"], None, None, None],
            [f"工作协作：{job['cooperation']}", None, None, None],
            ["内部协调部门", job["internal"], "外部协调机构", job["external"]],
            ["其它：", None, None, None],
            ["使用工具/设备", job["tools"], "工作环境", job["environment"]],
            ["工作时间特征", job["time_pattern"], "所需记录文档", job["records"]],
        ]
        if job["kpis"]:
            rows.append([job["kpis"], None, None, None])
        rows.append(["备注", "", None, None])
        doc.table(rows)
    return doc.document


# ---- seed 002: 集团客户部部门职责概述与岗位说明书 (department part, then its job descriptions) ----
SEED_002_FUNCTIONS = [
    ("销售管理", ["制定年度发展计划和年度业务计划，并组织实施；", "在集团战略规划的指引下，负责大客户销售业绩，实现预定的销售目标，并对业务计划执行结果进行分析；"]),
    ("资金管理", ["在公司制定的相关销售政策指导下，酌情按照订单实际情况进行折扣、赠送等销售策略，并根据订单实际发生金额和销售政策进行提成。",
              "按照公司规定的相关时期，落实收款，确保资金安全性。"]),
    ("队伍管理", ["在公司相关人事制度的指导下，吸引、发展和保留优秀业务人员；"]),
    ("客户管理", ["在年度发展规划和业务计划的指导下，制定年度大客户拜访计划，并组织实施，确保客户满意，同大客户建立良好的关系。",
              "开展集团客户资料收集整理工作，建立集团客户档案。"]),
    ("推广管理", ["在集团战略规划的指引下，积极开展市场推广计划，扩大我司影响力。"]),
    ("业务管理", ["在集团战略规划的指引下，结合业务开展的实际情况，协调产品部、运营部、集团采购部、集团财务部、集团信息部与本部门的关系，调动各种资源提高对大客户的服务。"]),
    ("信息管理", ["收集大客户的需求信息和满意度信息。", "与集团客户建立信息互动机制，收集、整理竞争对手关于集团客户的营销和服务信息。",
              "保守公司内部掌握的合同、协议、意见书、客户资料。"]),
    ("其它职能", ["负责拟定本部门财务预算，并执行审批的财务预算；", "承担集团交办的其他工作。"]),
    ("新增事项", []),
]
SEED_002_JOBS = [
    {
        "title": "集团客户部经理", "reports_to": "副总经理", "subordinates": "客开主管、产品主管、售后主管",
        "summary": "负责主持集团客户部的经营管理工作，制定和实施集团客户部经营战略和经营计划，建立健全部门管理体系，完成经营目标，促进事业部持续、稳定、健康发展。",
        "duties": [
            ("负责建立健全部门管理制度和流程体系，设置部门组织结构",
             ["参与公司各项管理制度、流程的制定，督促本部门贯彻执行", "制定和完善部门内部各项管理制度、工作流程", "制定事业部的组织结构，确定人员编制", ""]),
            ("制定并组织实施集团客户部经营战略、年度经营计划和经营管理目标",
             ["参与制定公司战略目标", "拟定集团客户部的经营战略和业务规划，提交上级审批", "拟定集团客户部的年度经营计划和经营管理目标，提交上级审批",
              "根据部门组织结构分解年度经营管理目标", "负责协调部门销售资源和技术资源，执行年度经营计划和经营管理目标"]),
            ("主持日常销售管理工作，完成销售目标",
             ["审核销售主管拟定的销售战略和销售计划", "主持销售例会，检查、指导和协调销售团队的工作", "审核各销售机会报表", "组织跟踪重要的销售机会和项目",
              "协助销售主管维护重要客户", "指导重要销售合约的签订", "检查应收账款状况，督促项目收款", ""]),
            ("完成上级交办的其他工作", []),
        ],
        "authorities": {
            "人事权": ["销售团队主管和技术团队主管的聘任权和解聘权", "对事业部其他成员的聘任或解聘有建议权和否决权", "对直接下级的工作分配权、调配权、考核权"],
            "财务权": ["部门预算的拟定权", "对销售价格和采购价格的决定权", "部门预算的费用使用权、审核权或批准权"],
            "业务权": ["部门业务策略、业务计划、业务指标的制定权", "在权限范围内，有代表公司与外界有关部门和机构联络的权力"],
        },
        "relations": [
            ("本部门内部协作关系", "运营管理部、产品部、总经理办公室"),
            ("集团内部协作关系", "集团采购部、集团人事部、集团信息部、集团财务部、集团总经办"),
            ("集团外部协作关系", "各大银行、企事业单位、大中型民营企业"),
        ],
    },
    {
        "title": "客户开发主管", "reports_to": "集团客户部经理", "subordinates": "客户开发专员",
        "summary": "带领团队完成公司下达的销售目标，控制销售费用，维护良好的客户关系",
        "duties": [
            ("拟定团队销售规划", ["参与制定团队的发展方向和目标", "参与制定团队业务方向和区域范围", "参与制定团队产品规划", ""]),
            ("跟踪项目订单，完成个人销售目标", ["维护重要客户关系，提高客户价值，拓展有价值的客户", "跟踪重要项目", "根据公司要求签订合约", "督促项目回款"]),
            ("完成上级交办的其他工作", []),
        ],
        "authorities": {
            "人事权": ["客户开发专员招聘的参与权", "对直接下级的考核权、奖惩建议权、任免提名权与淘汰建议权"],
            "财务权": ["市场费用制定的拟定权和预算费用的审核权"],
            "业务权": ["公司产品引进的建议权", "相关事情的知情权"],
        },
        "relations": [
            ("本部门内部协作关系", "运营管理部"),
            ("集团内部协作关系", "集团人事部、集团财务部、玛斯特运营部"),
            ("集团外部协作关系", "各大银行、企事业单位、大中型民营企业"),
        ],
    },
]
CHINESE = "一二三四五六七八九十"


def seed_002():
    doc = Doc()
    doc.h("集团客户部部门职责概述与岗位说明书", 0)
    doc.h("集团客户部职责概述", 1)
    doc.table([["职责概述", "根据集团战略目标，结合集团与自身资源，建立并维护责任范围内集团客户关系，实施组织开展集团客户的服务，完成集团分销业务实现工作。"]])
    rows = [["一级职能", "二级职能"]]
    for number, (function, duties) in enumerate(SEED_002_FUNCTIONS, start=1):
        rows.append([f"{number}. {function}", "\n".join(f"({index}) {duty}" for index, duty in enumerate(duties, start=1))])
    doc.table(rows)
    doc.h("集团客户部岗位说明书", 1)
    for job in SEED_002_JOBS:
        doc.page_break()
        doc.h(f"{job['title']}岗位说明书", 2)
        doc.table([
            ["岗位名称", job["title"], "所在部门", "集团客户部"],
            ["直接上级", job["reports_to"], "直接下级", job["subordinates"]],
            ["岗位人员", "1", "岗位编号", ""],
        ])
        doc.p(f"职责概述：{job['summary']}")
        doc.p("主要职责与工作任务：")
        rows = []
        for number, (statement, tasks) in enumerate(job["duties"]):
            rows.append([f"职责{CHINESE[number]}", f"职责表述：{statement}", None])
            for index, task in enumerate(tasks, start=1):
                rows.append([UP, "工作任务" if index == 1 else UP, f"{index}、{task}"])
        doc.table(rows)
        doc.p("岗位工作权限：")
        rows = []
        for category, items in job["authorities"].items():
            rows += [[category if index == 0 else UP, item] for index, item in enumerate(items)]
        doc.table(rows)
        doc.p("工作协作关系：")
        doc.table([list(relation) for relation in job["relations"]])
    return doc.document


# ---- seed 003: 市场拓展部管理制度 (a policy text naming each position's duties) ---------------
SEED_003_POSITIONS = [
    ("部门经理", ["制定市场拓展部的年度、季度和月度工作计划；", "组织、协调和指导市场调研、市场分析、市场推广及渠道建设工作；",
              "负责部门员工的培训、考核和激励；", "协调与其他部门的沟通与协作；", "定期向上级汇报工作进展和成果。"]),
    ("市场经理", ["负责市场调研，收集、整理和分析市场信息；", "制定市场推广方案，组织实施并监督执行；", "负责渠道建设，拓展合作伙伴关系；",
              "参与产品定价、促销策略的制定；", "协助销售经理完成销售目标的达成。"]),
    ("销售经理", ["负责销售团队的建设和管理；", "制定销售目标，并监督销售人员的执行；", "协调销售人员与客户之间的关系，解决销售过程中遇到的问题；",
              "收集客户反馈，改进产品和服务；", "协助部门经理完成年度、季度和月度工作计划。"]),
    ("销售人员", ["开发新客户，拓展市场；", "维护客户关系，提供优质售后服务；", "了解产品特点，向客户介绍产品；", "收集客户需求，反馈给相关部门；",
              "完成销售目标和业绩考核。"]),
]
SEED_003_BEFORE = [
    "第一章总则",
    "第一条为规范市场拓展部的工作流程，提高工作效率，确保市场拓展目标的实现，特制定本制度。",
    "第二条本制度适用于市场拓展部的所有员工，以及其他参与市场拓展活动的部门和个人。",
    "第三条市场拓展部的工作宗旨是以市场为导向，以客户为中心，通过有效的市场策略和销售手段，不断扩大公司市场份额，提升公司品牌影响力。",
    "第二章组织架构与职责",
    "第四条市场拓展部组织架构如下：",
    "1.部门经理：负责部门整体工作的规划、协调、指导和监督；",
    "2.市场经理：负责市场调研、市场分析、市场推广及渠道建设；",
    "3.销售经理：负责销售团队的管理、销售目标的制定与达成；",
    "4.销售人员：负责客户开发、客户维护、产品销售及售后服务。",
    "第五条各岗位职责如下：",
]
SEED_003_AFTER = [
    "第三章工作流程与规范",
    "第六条市场调研与分析",
    "1.市场经理负责定期进行市场调研，收集市场信息；",
    "2.市场经理对收集到的市场信息进行分析，为制定市场策略提供依据；",
    "第四章激励与约束机制",
    "第七条市场拓展部建立以下激励与约束机制：",
    "1.奖金制度：根据员工业绩和部门整体表现，发放奖金；",
    "2.末位淘汰制：对连续两个月未完成销售目标的销售人员，进行淘汰。",
    "第五章附则",
    "第八条本制度由市场拓展部负责解释。",
    "第九条本制度自发布之日起实施。",
]


def seed_003():
    doc = Doc()
    doc.h("市场拓展部管理制度", 0)
    for line in SEED_003_BEFORE:
        doc.p(line)
    for number, (title, duties) in enumerate(SEED_003_POSITIONS, start=1):
        doc.p(f"{number}.{title}职责：")
        for index, duty in enumerate(duties, start=1):
            doc.p(f"（{index}）{duty}")
    for line in SEED_003_AFTER:
        doc.p(line)
    return doc.document


# ---- layouts --------------------------------------------------------------------------------
def value_below_labels():
    """A row of labels over a row of values, labels merged over two columns, a label across the table."""
    doc = Doc()
    doc.h("财务主管岗位说明书", 1)
    doc.table([
        ["岗位名称", "岗位编号", "所在部门", "直接上级"],
        ["财务主管", "FIN-02", "财务部", "财务经理"],
        ["职务等级", "岗位定员", "填写日期", None],
        ["主管级", "1", "2024年5月20日", None],
        ["职责概述", None, None, None],
        ["负责公司日常会计核算与报表编制，保证账务真实准确。", None, None, None],
        ["最低学历", "专业", "工作经验", "证书"],
        ["本科", "会计学、财务管理", "3年以上会计工作经验", "中级会计师"],
        ["外语", None, "计算机", None],
        ["英语四级", None, "熟练使用用友、金蝶财务软件", None],
    ])
    return doc.document


def paragraph_layout():
    """No table at all: pairs several to a line, numbered duties with sub-items, requirements as pairs and as sentences."""
    doc = Doc()
    doc.h("招聘专员岗位说明书", 1)
    doc.p("岗位名称：招聘专员        所在部门：人力资源部")
    doc.p("直接上级：人力资源经理    岗位定员：2人    岗位编号：HR-05")
    doc.p("职责概述：根据公司人才需求，完成招聘计划并组织实施。")
    doc.p("工作职责与任务：")
    doc.p("1、制定并执行招聘计划；")
    doc.p("（1）收集各部门用人需求；")
    doc.p("（2）编制年度招聘预算。")
    doc.p("2、组织招聘渠道的开发与维护；")
    doc.p("3、安排面试并跟进录用手续。")
    doc.p("任职资格：")
    doc.p("学历：本科以上    专业：人力资源管理相关专业")
    doc.p("工作经验：2年以上招聘工作经验")
    doc.p("熟悉劳动法律法规。")
    doc.p("沟通能力强，性格开朗。")
    doc.p("工作时间：周一至周五 9:00-18:00    出差：偶尔出差")
    return doc.document


def chinese_headings():
    """一、二、 section headings, duty groups (（一）日常工作), a KPI table and a records table."""
    doc = Doc()
    doc.h("行政专员岗位说明书", 1)
    doc.h("一、岗位基本信息", 2)
    doc.table([["岗位名称", "行政专员", "所属部门", "行政部"], ["汇报对象", "行政经理", "职位序列", "职能序列"]])
    doc.h("二、岗位职责", 2)
    doc.p("（一）日常工作")
    doc.p("1. 负责公司办公用品的采购与管理")
    doc.p("2. 负责会议室预订与会议记录")
    doc.p("（二）其他工作")
    doc.p("1. 完成领导交办的其他事项")
    doc.h("三、岗位权限", 2)
    doc.p("1. 办公用品采购的建议权")
    doc.p("2. 对各部门办公用品领用的审核权")
    doc.h("四、工作关系", 2)
    doc.table([["内部协调", "各部门"], ["外部协调", "物业公司、办公用品供应商"]])
    doc.h("五、任职资格", 2)
    doc.table([["学历要求", "大专及以上", "专业要求", "行政管理、文秘"], ["年龄", "22-35岁", "性别", "不限"]])
    doc.h("六、工作条件", 2)
    doc.p("在办公室工作，环境舒适。")
    doc.h("七、考核指标", 2)
    doc.table([
        ["序号", "指标名称", "指标定义", "目标值", "权重", "考核周期", "数据来源"],
        ["1", "办公用品采购及时率", "按时到货次数/采购次数", "98%", "40%", "月度", "行政部"],
        ["2", "会议服务满意度", "参会人员评分", "90分", "60", "季度", "人力资源部"],
    ])
    doc.h("八、工作记录与报表", 2)
    doc.table([["序号", "报表名称", "提交时间", "报送对象"], ["1", "办公用品台账", "每月5日前", "行政经理"]])
    doc.h("九、备注", 2)
    doc.p("本说明书自2024年1月1日起执行。")
    return doc.document


def numbered_items():
    """Word's own numbering (a second level: tasks), ① items on one line, 1. 2. inline, 一、二、 items."""
    doc = Doc()
    doc.table([["岗位名称", "仓库管理员", "所在部门", "物流部"]])
    doc.p("岗位职责：")
    doc.numbered("负责货物的入库验收")
    doc.numbered("核对送货单与实物", level=1)
    doc.numbered("填写入库单", level=1)
    doc.numbered("负责库存盘点")
    doc.p("岗位权限：")
    doc.p("①对不合格货物的拒收权；②对领料单的审核权")
    doc.p("考核指标：1.库存准确率 2.发货及时率")
    doc.p("工作记录：")
    doc.p("一、入库单")
    doc.p("二、出库单")
    doc.p("三、盘点表")
    return doc.document


THREE_JOBS = [
    ("前台接待", "QT-01", "行政部", "行政经理", ["接待来访客人", "转接电话"]),
    ("保安", "BA-01", "行政部", "行政经理", ["负责门岗值守", "夜间巡逻"]),
    ("保洁员", "BJ-01", "行政部", "行政经理", ["负责公共区域清洁"]),
]


def three_job_descriptions():
    """Three job descriptions in one file, with the page furniture of a printed form."""
    doc = Doc()
    doc.p("机密")
    for number, (title, code, department, superior, duties) in enumerate(THREE_JOBS, start=1):
        if number > 1:
            doc.page_break()
        doc.h(f"{title}岗位说明书", 1)
        doc.table([["岗位名称", title, "岗位编号", code], ["所在部门", department, "直接上级", superior]])
        doc.p("主要职责：")
        for index, duty in enumerate(duties, start=1):
            doc.p(f"{index}、{duty}")
        doc.p("编制：张三        审核：李四        批准：王五")
        doc.p(f"第 {number} 页 共 3 页")
    return doc.document


def department_document():
    """部门职责 first, then the department's job descriptions, which do not repeat the department."""
    doc = Doc()
    doc.h("品质部部门职责", 1)
    doc.table([["部门名称", "品质部", "上级部门", "集团"], ["部门性质", "职能部门", "部门编制", "3"]])
    doc.p("管理权限：对产品质量问题的否决权。")
    doc.p("管理职能：负责公司产品质量体系的建立与运行。")
    doc.p("主要职责：")
    doc.p("1. 制定公司质量方针和质量目标；")
    doc.p("2. 组织来料、过程和成品的检验；")
    doc.p("3. 处理客户质量投诉。")
    doc.p("人员配置：品质经理1名、品质工程师2名")
    doc.h("品质经理岗位说明书", 1)
    doc.table([["岗位名称", "品质经理", "直接上级", "总经理"], ["岗位定员", "1", "岗位编号", "QA-01"]])
    doc.p("主要职责：1、建立质量管理体系；2、审批检验标准。")
    doc.h("品质工程师岗位说明书", 1)
    doc.table([["岗位名称", "品质工程师", "直接上级", "品质经理"], ["岗位定员", "2", "岗位编号", "QA-02"]])
    doc.p("主要职责：1、编制检验标准；2、处理质量异常。")
    return doc.document


def unknown_section():
    """A section the import does not know (培训与发展) and a label it does not know (所属公司)."""
    doc = Doc()
    doc.h("司机岗位说明书", 1)
    doc.table([["岗位名称", "司机", "所在部门", "行政部"]])
    doc.p("一、岗位职责")
    doc.p("1、负责公司车辆的驾驶与日常保养")
    doc.p("2、保持车辆整洁")
    doc.p("二、培训与发展")
    doc.p("每年参加一次安全驾驶培训。")
    doc.p("可晋升为车队队长。")
    doc.p("所属公司：华拓集团")
    doc.p("三、备注")
    doc.p("需持C1以上驾照。")
    return doc.document


def merged_grid():
    """Duties in a table with a merged category column, tasks, standards and time shares; KPIs; records."""
    doc = Doc()
    doc.h("采购经理岗位说明书", 1)
    doc.table([["岗位名称", "采购经理", "岗位编号", "PUR-01"], ["所在部门", "采购部", "直接上级", "总经理"]])
    doc.table([
        ["类别", "序号", "职责描述", "工作任务", "工作标准", "时间占比"],
        ["主要职责", "1", "制定采购计划", "1、收集需求\n2、汇总预算", "计划准确", "30%"],
        [UP, "2", "供应商管理", "评估供应商", "合格率100%", "30"],
        ["日常工作", "3", "审核采购订单", "", "当日审核", "20"],
        [UP, "4", "跟踪到货", "", "", ""],
        ["其他职责", "5", "完成领导交办的工作", "", "", "20"],
    ])
    doc.table([
        ["序号", "考核指标", "计算公式", "目标", "权重(%)", "周期", "数据来源"],
        ["1", "采购成本降低率", "（上年成本-本年成本）/上年成本", "5%", "50", "年度", "财务部"],
        ["2", "到货及时率", "按时到货批次/总批次", "95%", "50", "月", "仓库"],
    ])
    doc.table([["序号", "记录/报表名称", "编制时间", "报送对象"], ["1", "采购月报", "每月末", "总经理"], ["2", "供应商评估表", "每季度", "采购委员会"]])
    return doc.document


DOCUMENTS = {
    "seed_000_拓展部职能及岗位职责.docx": seed_000,
    "seed_001_市场部岗位职责说明书.docx": seed_001,
    "seed_002_集团客户部部门职责与岗位说明书.docx": seed_002,
    "seed_003_市场拓展部管理制度.docx": seed_003,
    "value_below_labels.docx": value_below_labels,
    "paragraph_layout.docx": paragraph_layout,
    "chinese_headings.docx": chinese_headings,
    "numbered_items.docx": numbered_items,
    "three_job_descriptions.docx": three_job_descriptions,
    "department_document.docx": department_document,
    "unknown_section.docx": unknown_section,
    "merged_grid.docx": merged_grid,
}


def build(folder=CORPUS):
    folder.mkdir(parents=True, exist_ok=True)
    for name, builder in DOCUMENTS.items():
        builder().save(folder / name)
    return sorted(DOCUMENTS)


if __name__ == "__main__":
    names = build(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
    print("\n".join(names))
