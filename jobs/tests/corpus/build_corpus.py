"""Build the corpus of company spreadsheets (sheets/) and old-format Word files (documents/).

    .venv/bin/python jobs/tests/corpus/build_corpus.py

Each file is what one company keeps, in its own words: titles above the header, headers of two
rows, duties numbered in one cell, sheets named 组织架构/岗位说明/岗位职责明细, department levels in
columns, CSV in GBK, GB18030 and UTF-8 with BOM, and the reference documents of shared/seeds typed
into Excel.  jobs/tests/test_corpus.py imports every file and checks, field by field, what lands.

The .xls, .et, .ods, .doc and .wps files are made from the .xlsx/.docx built here by LibreOffice
(``soffice --headless --convert-to``), which must be installed.  WPS Office writes .et workbooks
in Excel's BIFF8 records and .wps documents in Word 97's, inside the same OLE2 container; the .et
and .wps files here are LibreOffice's "MS Excel 97" and "MS Word 97" output under those names.
The files are committed; run this again only to change them (the tests then change with them).
"""
import csv
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = Path(__file__).resolve().parent
SHEETS = HERE / "sheets"
DOCUMENTS = HERE / "documents"


def workbook(sheets):
    """An .xlsx of {sheet title: rows}; a row is a list of cells, and ``merge`` lists ranges per sheet."""
    book = Workbook()
    book.remove(book.active)
    for title, (rows, merges) in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in merges:
            sheet.merge_cells(cells)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding):
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


def converted(content, suffix, target):
    """``content`` (a .``suffix`` file) converted by LibreOffice with filter ``target``."""
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / f"source.{suffix}").write_bytes(content)
        subprocess.run(
            [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", target,
             "--outdir", str(folder / "out"), str(folder / f"source.{suffix}")],
            check=True, capture_output=True, timeout=120,
        )
        [result] = (folder / "out").iterdir()
        return result.read_bytes()


# ---- 01 恒信科技: a title and a date above the header, 序号, 职位/所属部门/汇报对象/编制 -------------
def title_rows():
    rows = [
        ["恒信科技有限公司岗位设置表"],
        ["制表日期：2024年3月1日", None, None, None, None, None, "单位：人"],
        [],
        ["序号", "职位", "所属部门", "汇报对象", "编制", "学历要求", "备注"],
        [1, "总经理", "总经办", "无", 1, "本科", None],
        [2, "财务经理", "财务部", "总经理", 1, "本科及以上学历", "兼管审计"],
        [3, "会计", "财务部", "财务经理", 2, "大专以上", None],
        [4, "出纳", "财务部", "财务经理", 1, "中专以上", None],
        [5, "行政专员", "行政部", "总经理", 1, "高中以上", "可招应届生"],
    ]
    return workbook({"岗位一览表": (rows, ["A1:G1"])})


# ---- 02 鼎盛物流: 任职资格 merged over 学历 | 专业 | 经验; 岗位/部门名称/直属领导/定编 ------------
def two_row_header_rows():
    return [
        ["岗位", "部门名称", "直属领导", "定编", "任职资格", None, None],
        [None, None, None, None, "学历", "专业", "经验"],
        ["运营总监", "运营中心", None, 1, "本科", "物流管理", "5年以上物流行业管理经验"],
        ["调度主管", "调度部", "运营总监", 2, "大专", "交通运输", "3年以上调度经验"],
        ["司机", "车队", "调度主管", 12, "初中", "不限", "持A2驾照，3年以上驾龄"],
    ]


def two_row_header():
    return workbook({"岗位": (two_row_header_rows(), ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:G1"])})


# ---- 03 华美服饰: one cell of duties, numbered 1、 / （1） / ① / 一、 ----------------------------
def numbered_duties():
    rows = [
        ["职务", "部门", "上级", "人数", "岗位职责"],
        ["设计总监", "设计部", None, 1, "1、制定每季产品设计方向；2、审核设计稿；3、完成3、4月新品发布"],
        ["服装设计师", "设计部", "设计总监", 4, "（1）市场调研，收集流行趋势\n（2）绘制款式图\n（3）跟进样衣制作"],
        ["版师", "设计部", "设计总监", 2, "①根据款式图打版 ②放码 ③协助样衣工解决工艺问题"],
        ["样衣工", "设计部", "版师", 3, "一、按版型制作样衣\n二、记录工艺要点：(1)用料 (2)工时\n三、保管样衣"],
        ["跟单员", "设计部", "设计总监", 2, "跟进大货生产进度\n核对面辅料"],
    ]
    return workbook({"Sheet1": (rows, [])})


# ---- 04 远航制造: a workbook in the company's words: 组织架构, 岗位说明, 岗位职责明细 ------------------
def company_words():
    structure = [
        ["部门编号", "部门名称", "上级部门", "编制"],
        ["YH", "远航制造", None, 120],
        ["YH-SC", "生产部", "YH", 80],
        ["YH-ZJ", "质检部", "YH", 10],
    ]
    positions = [
        ["岗位编码", "岗位名称", "所属部门", "直接上级", "定员", "岗位目的"],
        ["YH-01", "厂长", "YH", None, 1, "全面负责工厂生产经营"],
        ["YH-SC-01", "生产主管", "YH-SC", "YH-01", 2, "按计划组织生产"],
        ["YH-ZJ-01", "质检员", "YH-ZJ", "YH-01", 6, "检验来料与成品"],
    ]
    duties = [
        ["岗位编码", "职责类型", "职责内容", "工作标准"],
        ["YH-SC-01", "核心职责", "编制周生产计划并跟踪完成", "计划达成率≥95%"],
        ["YH-SC-01", "日常", "巡查车间5S", "每日两次"],
        ["YH-SC-01", None, "协调工作：与质检部共同处理不合格品", "当日闭环"],
        ["YH-SC-01", "临时性工作", "完成厂长交办的其他事项", None],
        ["YH-ZJ-01", "主要职责", "按检验标准检验来料", "漏检率为零"],
        ["YH-ZJ-01", None, "日常工作：填写检验记录", "当班填写"],
    ]
    return workbook({"组织架构": (structure, []), "岗位说明": (positions, []), "岗位职责明细": (duties, [])})


# ---- 05 星河集团: department levels in columns ---------------------------------------------------
def department_levels():
    rows = [
        ["一级部门", "二级部门", "三级部门", "岗位名称", "定员人数"],
        ["星河集团", None, None, "董事长", 1],
        ["星河集团", "营销中心", None, "营销总监", 1],
        ["星河集团", "营销中心", "华东大区", "大区经理", 1],
        ["星河集团", "营销中心", "华南大区", "大区经理", 1],
        ["星河集团", "研发中心", "软件部", "软件工程师", 8],
    ]
    return workbook({"岗位": (rows, [])})


# ---- 06–08 CSV as Chinese Excel saves it ---------------------------------------------------------
def gbk_csv():
    return csv_bytes([
        ["岗位名称", "所在部门", "直接上级", "岗位定员", "最低学历"],
        ["店长", "门店运营部", None, 1, "大专"],
        ["店员", "门店运营部", "店长", 6, "职高"],
    ], "gbk")


def gb18030_csv():
    # 䶮 is outside GBK: only GB18030 encodes it.
    return csv_bytes([
        ["岗位名称", "所在部门", "汇报对象", "编制人数"],
        ["分公司经理", "䶮城分公司", None, 1],
        ["业务员", "䶮城分公司", "分公司经理", 3],
    ], "gb18030")


def utf8_bom_csv():
    return csv_bytes([
        ["职位名称", "部门", "直接上级", "编制人数", "岗位职责"],
        ["园长", "幼儿园", None, 1, "1、全面管理园务\n2、制定教学计划"],
        ["保育员", "幼儿园", "园长", 5, "1、照顾幼儿生活起居\n2、做好卫生消毒"],
    ], "utf-8-sig")


# ---- 09 金桥建设 (.xls): title row, merged header, a date column -----------------------------------
def legacy_xls_source():
    from datetime import date

    rows = [
        ["金桥建设工程有限公司 定岗定编表"],
        ["序号", "岗位名称", "所在部门", "直接上级", "定员", "填写日期", "任职资格", None],
        [None, None, None, None, None, None, "学历", "专业"],
        [1, "项目经理", "工程部", None, 3, date(2023, 6, 30), "本科", "土木工程"],
        [2, "施工员", "工程部", "项目经理", 10, date(2023, 6, 30), "技校", "建筑施工"],
        [3, "安全员", "安全部", "项目经理", 4, date(2023, 7, 1), "中专及以上", "安全工程"],
    ]
    merges = ["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:H2"]
    return workbook({"定岗定编": (rows, merges)})


# ---- 10 青禾餐饮 (.et) ----------------------------------------------------------------------------
def wps_et_source():
    rows = [
        ["岗位", "部门", "上级", "编制", "学历", "工作经验", "技能要求"],
        ["厨师长", "厨房", None, 1, "中专", "8年以上中餐厨房管理经验", "精通川菜、粤菜"],
        ["厨师", "厨房", "厨师长", 6, "初中以上", "3年以上", "持健康证"],
        ["服务员", "前厅", None, 10, "不限", None, "普通话标准"],
    ]
    return workbook({"岗位编制": (rows, [])})


# ---- 11–12 relations: a 内外部 column, and a sheet with no scope column ------------------------------
def relations():
    positions = [
        ["岗位编号", "岗位名称", "所在部门", "直接上级"],
        ["CG-01", "采购经理", "采购部", None],
        ["CG-02", "采购员", "采购部", "CG-01"],
    ]
    links = [
        ["岗位编号", "内外部", "协作对象", "协作内容"],
        ["CG-01", "外部", "供应商", "商务谈判、签订采购合同"],
        ["CG-01", "内部", "财务部", "付款审批"],
        ["CG-01", "公司外部", "海关", "进口报关"],
        ["CG-01", None, "客户", "特殊物料的需求确认"],
        ["CG-02", "本部门", "采购经理", "请示汇报"],
        ["CG-02", None, "仓储部", "到货验收"],
        ["CG-02", None, "王工", "样品确认"],
    ]
    return workbook({"岗位": (positions, []), "协作关系": (links, [])})


def relations_without_scope():
    return csv_bytes([
        ["岗位编号", "协作对象", "协作内容"],
        ["CG-02", "税务局", "发票认证"],
        ["CG-02", "生产车间", "物料需求"],
        ["CG-02", "老李", "交接"],
    ], "utf-8-sig")


# ---- 13 锦程教育: a column no synonym knows --------------------------------------------------------
def unknown_column():
    rows = [
        ["岗位名称", "所在部门", "直接上级", "星级", "岗位定员"],
        ["校长", "校办", None, "五星", 1],
        ["教务主任", "教务处", "校长", "四星", 1],
        ["班主任", "教务处", "教务主任", "三星", 12],
    ]
    return workbook({"岗位": (rows, [])})


# ---- 14 seed 002 (市场部岗位职责说明书): the 副总经理 and 销售员 tables, typed into sheets -------------
def seed_market():
    positions = [
        ["岗位编号", "岗位名称", "所在部门", "直接上级", "岗位定员", "使用工具/设备", "工作环境", "工作时间特征", "备注"],
        ["ZJB-01", "总经理", "总经理办", None, 1, None, None, None, "原文只作为上级出现"],
        ["SC-01", "副总经理", "市场部", "ZJB-01", 1, "通讯设备、笔记本电脑、摄像机、照相机、传真机、打字复印设备。", "经常出差",
         "经常加班", None],
        ["SC-02", "市场部部长", "市场部", "SC-01", 1, None, None, None, "原文只作为上级出现"],
        ["SC-03", "销售员", "市场部", "SC-02", 2, "通讯工具，电脑、网络", "经常出差", "周末加班较多、时间自主安排空间较多", None],
    ]
    duties = [
        ["岗位编号", "职责类别", "职责描述", "工作标准"],
        ["SC-01", "主要工作", "规划公司销售系统的整体运营、业务方向，领导团队建设", "制定年度销售工作计划"],
        ["SC-01", "主要工作", "制定并组织实施完整的销售方案，建立健全各项规章制度，推动公司销售系统管理的规范化", "制定销售管理制度"],
        ["SC-01", "主要工作", "完成销售计划及回款任务", "按月完成"],
        ["SC-01", "日常工作", "组织编制公司年、季、月度销售计划，并监督实施", "按月、季、年推进工作"],
        ["SC-01", "日常工作", "对下属人员进行业务指导和工作考核", "及时指导、按月考核"],
        ["SC-01", "协调工作", "企管部、法务部合同", "合同签订审核及法务支持"],
        ["SC-01", "协调工作", "律师事务所、法院", "沟通学习，降低合同风险"],
        ["SC-03", "主要工作", "制定销售计划，掌握销售技巧，积极开拓市场，按时完成公司下达的销售任务", "按月分解工作任务"],
        ["SC-03", "主要工作", "拜访客户，发送产品资料。定期寄送产品宣传资料、电子邮件广告等", "不少于50家的客户联系量"],
        ["SC-03", "日常工作", "编写上报销售周报、月报，季报", "按规定时间完成"],
        ["SC-03", "协调工作", "生产车间生产供应", "协调生产，保证供货"],
    ]
    authorities = [
        ["岗位编号", "权限内容"],
        ["SC-01", "设备销售定价"],
        ["SC-01", "销售人员的招聘解聘"],
        ["SC-01", "销售提成比例的确定"],
        ["SC-03", "销售定价建议权"],
        ["SC-03", "取得销售提成"],
    ]
    relations_rows = [
        ["岗位编号", "协作范围", "协作对象"],
        ["SC-01", "内部协调部门", "企管部、法务部、财务部、生产车间"],
        ["SC-01", "外部协调机构", "法院、律师、设备生产销售厂家"],
        ["SC-03", "内部协调部门", "企管部、财务部、生产车间"],
        ["SC-03", "外部协调机构", "律师事务所、法院"],
    ]
    kpis = [
        ["岗位编号", "考核指标"],
        ["SC-01", "利润指标"],
        ["SC-01", "收入指标"],
        ["SC-01", "客户信息量"],
    ]
    records = [
        ["岗位编号", "记录/报表名称"],
        ["SC-01", "合同"],
        ["SC-01", "客户档案"],
    ]
    return workbook({
        "岗位": (positions, []), "职责": (duties, []), "权限": (authorities, []), "协作关系": (relations_rows, []),
        "考核指标": (kpis, []), "工作记录": (records, []),
    })


# ---- 15 seed 000 (拓展部职能及岗位职责): the department and one row per position ---------------------
SEED_000_DUTIES = (
    "1. 负责根据公司制订的市场开发与拓展各项管理规定、制度，开发与拓展终端客户；"
    "2. 负责根据总体战略目标、市场开发与拓展战略规划，制订所管辖项目开发拓展的年度、季度、月度计划，并实现目标、计划；"
    "3. 负责拓展部开发与拓展费用的预算，严格控制费用支出与合理运用；"
    "4. 负责拓展营销政策方案的制订，呈报总经理审批；"
    "5. 负责开发与拓展空白项目客户市场、分析信息，同时对客户进行前瞻性预测；"
    "6. 负责部门人员的管理，制定拓展人员编制计划，并予以检查控制；"
    "7. 负责市场开发与拓展具体方法的收集、分析、培训、教导；"
    "8. 负责客户市场维护与管理，适时回访意向客户和潜在客户；"
    "9. 负责所管辖地区市场拓展客户的评估、客户要求的确认，以及签订合同完成后的后期跟踪与其它部门衔接服务工作；"
    "10. 负责所管辖地区所有意向客户资料的收集、整理，并建立档案；"
)


def seed_expansion():
    levels = [["等级编码", "等级名称", "排序"], ["ZJ", "总监级", 10], ["JL", "经理级", 20], ["ZY", "专员级", 30]]
    departments = [
        ["部门编码", "部门名称", "上级部门", "部门性质", "管理权限", "管理职能", "人员配置"],
        ["TZ", "拓展部", None, "项目终端客户开发、拓展机构",
         "市场开拓计划制订、实施的权限，承担执行公司规章制度、管理规程及工作指令的义务。",
         "负责授权管辖项目终端客户开发、拓展工作，对所开发的终端客户信誉负责",
         "部门总监1名、部门经理25名、渠道主管若干名、拓展专员若干名"],
    ]
    department_duties = [["部门编码", "一级职能", "二级职能"]] + [
        ["TZ", "主要职责", item.split(". ", 1)[1].rstrip("；")] for item in SEED_000_DUTIES.split("；") if ". " in item
    ]
    header = ["职务名称", "所在部门", "直接上级", "职务等级", "定员人数", "工作职能概要", "主要职责", "岗位权限", "所施监督",
              "所受监督", "其他轮换方向", "最低学历", "专业", "学历说明", "培训时间", "培训科目", "所需经验", "技能技巧",
              "基本素质", "个性特征", "体能要求", "工作时间", "工作环境", "工作均衡性", "考核说明"]
    training = "市场营销、企业管理、合同法、谈判技巧、财务基本知识等等"
    body = "身体健康、无传染病史，能承受快节奏、满负荷的工作，每天工作8小时以上"
    hours = "正常工作时间：早9:00-晚18:00"
    assessment = "具体考核标准参考绩效考核方案。"
    rows = [
        header,
        ["市场总监", "拓展部", None, "总监级", "1人",
         "规划制定公司的市场战略与策略，并推进实施，实现市场发展目标",
         "1、协助总经理制定总体市场发展战略以及市场发展目标；2、制定和实施年度市场拓展计划；"
         "3、负责项目所属地区所有意向客户资料的收集、整理，并建立档案；4、每月30日准时提交月度工作总结与下月工作计划给直属上级；"
         "5、完成上级领导临时交办的各项工作任务",
         "1、市场拓展策略、政策提议权；2、部门各项管理制度拟定、监督、执行权；3、改善公司管理建议权；4、部门岗位调配权",
         "监督市场部下属", "受总经理监督", "营运部总监、项目总监", "大专以上学历", "市场营销、工商管理", "其他专业同等学历",
         "一年以上", training, "3年以上相关行业、服饰市场营销拓展管理工作经验，1年以上相关职位工作经验。",
         "1、对市场营销拓展工作有深刻认知；2、有较强的市场感知能力", "1、工作努力热情、积极进取；2、良好的沟通和语言表达能力",
         "1、沉稳、机警、进取、创新、应变、抗压性强；2、善与他人协作", body, hours,
         "办公桌椅、电话机、计算机、文件柜、文件框、文件夹、计算器", "满负荷", assessment],
        ["市场部经理", "拓展部", "市场总监", "经理级", None,
         "拓展市场，沟通、洽谈、促成项目销售事宜；管理所辖项目区域客户，催收客户应交款。",
         "1、执行所管辖项目市场拓展的年度、季度、月度计划；2、负责拓展人员的管理；3、每月30日准时提交月度工作总结与下月工作计划给直属上级",
         "1、市场拓展策略、政策提议权；2、部门各项管理制度执行权；3、团队人员建设、增补申请",
         None, "受总经理、拓展部总监监督", "项目部销售经理", "大专以上学历", "市场营销、工商管理", "其他专业同等学历",
         "一年以上", training, "2年以上相关行业、市场拓展管理工作经验，1年以上相关职位工作经验。", None, None, None, body, hours,
         "开放式办公室，干净卫生；办公桌、电话机、计算机、计算器", "满负荷", assessment],
        ["渠道主管", "拓展部", "市场部经理", "专员级", None, "完成预定拓展目标。",
         "1、负责制订自己的市场拓展月度计划，并实现目标、计划；2、负责所管辖区域所有新客户的开发、老客户的维护；3、协助市场拓展费用的预算",
         "1、对客户关系的建立权；2、改善公司管理建议权；3、上级领导授予的其他职权",
         None, "市场经理、拓展主管监督", None, "高中以上学历", "市场营销、工商管理", "其他专业同等学历",
         "一年以上", training, "1年以上相关行业、市场营销拓展工作经验。", None, None, None, body, hours, "各目标客户所在场所",
         "满负荷", assessment],
        ["拓展专员", "拓展部", "市场部经理", "专员级", None, "完成预定拓展目标。",
         "1、负责制订市场拓展的月度计划；2、负责收集、分析市场信息，编写市场调研报告；3、每月提交上月工作总结和本月工作计划",
         "1、对客户关系的建立权；2、改善公司管理建议权；3、上级领导授予的其他职权",
         None, "市场经理、拓展主管监督", "置业顾问", "初中以上学历", None, "其他专业同等学历",
         "应届毕业生、在校生", training, "无", None, None, None, body, hours, None, "满负荷", assessment],
    ]
    return workbook({
        "职务等级": (levels, []), "部门": (departments, []), "部门职责": (department_duties, []), "岗位": (rows, []),
    })


# ---- 16 seed 001 (集团客户部部门职责概述与岗位说明书) ------------------------------------------------
def seed_group_customers():
    departments = [
        ["部门编码", "部门名称", "上级部门", "职责概述"],
        ["ZJB", "总经办", None, None],
        ["JTKH", "集团客户部", None,
         "根据集团战略目标，结合集团与自身资源，建立并维护责任范围内集团客户关系，实施组织开展集团客户的服务，完成集团分销业务实现工作。"],
    ]
    functions = [
        ["部门编码", "一级职能", "二级职能"],
        ["JTKH", "销售管理", "制定年度发展计划和年度业务计划，并组织实施"],
        ["JTKH", "销售管理", "在集团战略规划的指引下，负责大客户销售业绩，实现预定的销售目标，并对业务计划执行结果进行分析"],
        ["JTKH", "资金管理", "按照公司规定的相关时期，落实收款，确保资金安全性"],
        ["JTKH", "客户管理", "开展集团客户资料收集整理工作，建立集团客户档案"],
        ["JTKH", "其它职能", "承担集团交办的其他工作"],
    ]
    positions = [
        ["岗位编号", "岗位名称", "所在部门", "直接上级", "岗位人员", "职责概述", "备注"],
        ["ZJB-02", "副总经理", "ZJB", None, 1, None, "原文只作为上级出现"],
        ["JTKH-01", "集团客户部经理", "JTKH", "ZJB-02", 1,
         "负责主持集团客户部的经营管理工作，制定和实施集团客户部经营战略和经营计划，建立健全部门管理体系，完成经营目标。", None],
        ["JTKH-02", "客户开发主管", "JTKH", "JTKH-01", 1, "带领团队完成公司下达的销售目标，控制销售费用，维护良好的客户关系", None],
    ]
    duties = [
        ["岗位编号", "职责表述", "工作任务"],
        ["JTKH-01", "负责建立健全部门管理制度和流程体系，设置部门组织结构",
         "1、参与公司各项管理制度、流程的制定，督促本部门贯彻执行\n2、制定和完善部门各项管理制度、工作流程\n3、制定事业部的组织结构，确定人员编制"],
        ["JTKH-01", "主持日常销售管理工作，完成销售目标",
         "1、审核销售主管拟定的销售战略和销售计划\n2、主持销售例会，检查、指导和协调销售团队的工作"],
        ["JTKH-01", "完成上级交办的其他工作", None],
        ["JTKH-02", "拟定并分解年度团队销售目标", "1、拟定团队年度销售目标\n2、制定团队年度销售计划，分解销售任务"],
    ]
    authorities = [
        ["岗位编号", "权限"],
        ["JTKH-01", "人事权：销售团队主管和技术团队主管的聘任权和解聘权"],
        ["JTKH-01", "人事权：对直接下级的工作分配权、调配权、考核权"],
        ["JTKH-01", "财务权：部门预算的拟定权"],
        ["JTKH-01", "业务权：部门业务策略、业务计划、业务指标的制定权"],
        ["JTKH-02", "人事权 客户开发专员招聘的参与权"],
        ["JTKH-02", "财务：市场费用制定的拟定权和预算费用的审核权"],
        ["JTKH-02", "相关事情的知情权"],
    ]
    relations_rows = [
        ["岗位编号", "协作范围", "协作对象"],
        ["JTKH-01", "本部门内部协作关系", "运营管理部、产品部、总经理办公室"],
        ["JTKH-01", "集团内部协作关系", "集团采购部、集团人事部、集团信息部、集团财务部"],
        ["JTKH-01", "集团外部协作关系", "各大银行、企事业单位、大中型民营企业"],
        ["JTKH-02", "本部门内部协作关系", "运营管理部"],
        ["JTKH-02", "集团外部协作关系", "各大银行、企事业单位、大中型民营企业"],
    ]
    return workbook({
        "部门": (departments, []), "部门职责": (functions, []), "岗位": (positions, []), "职责": (duties, []),
        "权限": (authorities, []), "协作关系": (relations_rows, []),
    })


# ---- 17 seed 003 (市场拓展部管理制度): the department's rules and its positions -----------------------
def seed_policies():
    departments = [["部门编码", "部门名称"], ["SCTZ", "市场拓展部"]]
    policies = [
        ["部门", "制度名称", "制度内容"],
        ["市场拓展部", "第一章 总则",
         "第一条 为规范市场拓展部的工作流程，提高工作效率，确保市场拓展目标的实现，特制定本制度。\n"
         "第二条 本制度适用于市场拓展部的所有员工，以及其他参与市场拓展活动的部门和个人。"],
        ["市场拓展部", "第三章 工作流程与规范",
         "第六条 市场调研与分析\n1.市场经理负责定期进行市场调研，收集市场信息；\n2.市场经理对收集到的市场信息进行分析，为制定市场策略提供依据。"],
        ["市场拓展部", "第四章 激励与约束机制",
         "第十条 市场拓展部建立以下激励与约束机制：\n1.奖金制度：根据员工业绩和部门整体表现，发放奖金；\n"
         "3.末位淘汰制：对连续两个月未完成销售目标的销售人员，进行淘汰。"],
    ]
    positions = [
        ["岗位名称", "所在部门", "直接上级", "岗位职责"],
        ["部门经理", "市场拓展部", None,
         "（1）制定市场拓展部的年度、季度和月度工作计划；（2）组织、协调和指导市场调研、市场分析、市场推广及渠道建设工作；"
         "（3）负责部门员工的培训、考核和激励；（4）协调与其他部门的沟通与协作；（5）定期向上级汇报工作进展和成果。"],
        ["市场经理", "市场拓展部", "部门经理",
         "（1）负责市场调研，收集、整理和分析市场信息；（2）制定市场推广方案，组织实施并监督执行；（3）负责渠道建设，拓展合作伙伴关系。"],
        ["销售人员", "市场拓展部", "部门经理", "(1)开发新客户，拓展市场；(2)维护客户关系，提供优质售后服务；(3)完成销售目标和业绩考核。"],
    ]
    return workbook({"部门": (departments, []), "部门制度": (policies, []), "岗位": (positions, [])})


# ---- documents: the seed-002 销售员 table as Word 97 (.doc) and WPS (.wps) -------------------------
def seed_layout_docx():
    document = Document()
    document.add_paragraph("岗位职责说明书")
    table = document.add_table(rows=0, cols=4)

    def row(*texts):
        cells = table.add_row().cells
        for cell, text in zip(cells, texts):
            cell.text = text
        return cells

    row("岗位名称", "销售员", "岗位编号", "不填")
    row("所在部门", "市场部", "岗位定员", "2")
    row("直接上级", "市场部部长", "上级部门", "总经理办")
    row("", "", "职责描述", "工作标准")
    row("主要工作", "职责一", "制定销售计划，掌握销售技巧，积极开拓市场", "按月分解工作任务")
    row("", "职责二", "拜访客户，发送产品资料", "不少于50家的客户联系量")
    row("日常工作", "职责九", "编写上报销售周报、月报，季报", "按规定时间完成")
    authority = row("权限:", "", "", "")
    authority[0].merge(authority[3]).text = "权限:\n1、销售定价建议权;\n2、取得销售提成;"
    row("内部协调部门", "企管部、财务部、生产车间", "外部协调机构", "律师事务所、法院")
    row("使用工具/设备", "通讯工具，电脑、网络", "工作环境", "经常出差")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build():
    SHEETS.mkdir(exist_ok=True)
    DOCUMENTS.mkdir(exist_ok=True)
    files = {
        "01_title_rows.xlsx": title_rows(),
        "02_two_row_header.xlsx": two_row_header(),
        "03_numbered_duties.xlsx": numbered_duties(),
        "04_company_words.xlsx": company_words(),
        "05_department_levels.xlsx": department_levels(),
        "06_gbk.csv": gbk_csv(),
        "07_gb18030.csv": gb18030_csv(),
        "08_utf8_bom.csv": utf8_bom_csv(),
        "09_legacy.xls": converted(legacy_xls_source(), "xlsx", "xls:MS Excel 97"),
        "10_wps.et": converted(wps_et_source(), "xlsx", "xls:MS Excel 97"),
        "11_relations.xlsx": relations(),
        "12_relations_without_scope.csv": relations_without_scope(),
        "13_unknown_column.xlsx": unknown_column(),
        "14_seed_market.xlsx": seed_market(),
        "15_seed_expansion.xlsx": seed_expansion(),
        "16_seed_group_customers.xlsx": seed_group_customers(),
        "17_seed_policies.xlsx": seed_policies(),
        "18_opendocument.ods": converted(two_row_header(), "xlsx", "ods"),
    }
    for name, content in files.items():
        (SHEETS / name).write_bytes(content)
    # through .odt: LibreOffice 7.4 drops python-docx's tables when it writes .docx straight to .doc
    document = converted(seed_layout_docx(), "docx", "odt")
    (DOCUMENTS / "sales.doc").write_bytes(converted(document, "odt", "doc:MS Word 97"))
    (DOCUMENTS / "sales.wps").write_bytes(converted(document, "odt", "doc:MS Word 97"))
    print(f"{len(files)} sheets in {SHEETS}, 2 documents in {DOCUMENTS}")


if __name__ == "__main__":
    build()
