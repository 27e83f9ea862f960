"""The Word corpus (jobs/tests/corpus/word, made by jobs.tests.word_corpus): what each document's
parts hold, field by field, and exactly which pieces of text are listed as not recognised."""
import datetime
import time

import pytest
from docx import Document

from jobs.importing import import_files
from jobs.importing.report import NEW
from jobs.importing.word import DepartmentDraft, Draft, read_docx
from jobs.models import KPI, Authority, Duty, Position, WorkRelation
from jobs.tests import word_corpus
from jobs.tests.word_corpus import CORPUS, DOCUMENTS

MAIN, DAILY, COORDINATION, OTHER = Duty.Category.MAIN, Duty.Category.DAILY, Duty.Category.COORDINATION, Duty.Category.OTHER
PERSONNEL, FINANCE, BUSINESS = Authority.Category.PERSONNEL, Authority.Category.FINANCE, Authority.Category.BUSINESS
COMPANY, EXTERNAL, DEPARTMENT, GROUP = (
    WorkRelation.Scope.COMPANY, WorkRelation.Scope.EXTERNAL, WorkRelation.Scope.DEPARTMENT, WorkRelation.Scope.GROUP,
)


def read(name):
    return read_docx(content=(CORPUS / name).read_bytes(), source=name)


def duty(statement, category=MAIN, tasks="", standard="", time_share=None):
    return {"category": category, "statement": statement, "tasks": tasks, "standard": standard, "time_share": time_share}


def kpi(name, definition="", target="", weight=None, period="", data_source=""):
    return {"name": name, "definition": definition, "target": target, "weight": weight, "period": period, "data_source": data_source}


def relations(scope, *parties):
    return [{"scope": scope, "party": party, "content": ""} for party in parties]


def records(*documents):
    return [{"document": document, "timing": "", "recipient": ""} for document in documents]


def test_the_corpus_holds_a_file_for_every_builder():
    assert sorted(path.name for path in CORPUS.glob("*.docx")) == sorted(DOCUMENTS)


def test_the_builders_make_the_committed_documents(tmp_path):
    word_corpus.build(tmp_path)
    for name in DOCUMENTS:
        made = Document(tmp_path / name)
        committed = Document(CORPUS / name)
        assert [p.text for p in made.paragraphs] == [p.text for p in committed.paragraphs], name
        assert [[c.text for r in t.rows for c in r.cells] for t in made.tables] == [
            [c.text for r in t.rows for c in r.cells] for t in committed.tables
        ], name


def test_seed_000_traditional_department_part_and_job_descriptions():
    department, director, manager = read("seed_000_拓展部职能及岗位职责.docx")
    assert isinstance(department, DepartmentDraft)
    assert department.values == {
        "name": "拓展部",
        "nature": "項目終端客戶開發、拓展機構",
        "management_authority": "市場開拓計劃制訂、實施的權限，承擔執行公司規章制度、管理規程及工作指令的義務。",
        "management_function": "負責授權管轄項目終端客戶開發、拓展工作，對所開發的終端客戶信譽負責",
        "staffing_plan": "部門總監1名、部門經理2名、渠道主管若干名、拓展專員若干名",
    }
    assert [d["text"] for d in department.duties] == [text.rstrip("；") for text in word_corpus.SEED_000_DUTIES]
    assert {d["function"] for d in department.duties} == {"主要职责"}
    # 直接上级 of a department has no field; the organisation chart's boxes are text, not data
    assert department.unread == ["直接上級：總經理", "總經理", "總經理助理", "拓展部總監", "拓展主管", "拓展專員"]

    assert director.values == {
        "title": "市場總監", "reports_to": "總經理", "salary_grade": "詳見薪資等級表（機密）",
        "salary_level": "詳見薪資制度（機密）", "job_level": "總監級", "headcount": 1,
        "summary": word_corpus.SEED_000_JOBS[0]["summary"],
        "supervision_given": "監督市場部下屬", "supervision_received": "受總經理監督",
        "promotion_note": "暫無", "lateral_note": "營運部總監、項目總監",
        "working_hours": "正常工作時間：早9:00-晚18:00\n適應經常加班，出差工作時間隨機協調。",
        "environment": "辦公桌椅、電話機、計算機、文件櫃、文件框、文件夾、計算器", "workload_balance": "滿負荷",
        "assessment_note": "具體考核標準參考績效考核方案。",
        "department": "拓展部",  # the department part it follows
    }
    assert director.qualification == {
        "education": 3, "education_note": "大專以上學歷", "major": "市場營銷、工商管理", "other": "其他專業同等學歷",
        "training_duration": "一年以上", "training_subjects": "市場營銷、企業管理、合同法、談判技巧、財務基本知識等等",
        "experience": "3年以上相關行業、服飾市場營銷拓展管理工作經驗，1年以上相關職位工作經驗。", "experience_years": 3,
        "skills": word_corpus.SEED_000_JOBS[0]["skills"], "basic_qualities": word_corpus.SEED_000_JOBS[0]["qualities"],
        "personality": word_corpus.SEED_000_JOBS[0]["personality"],
        "physical": "身體健康、無傳染病史，能承受快節奏、滿負荷的工作，每天工作8小時以上",
    }
    assert director.rows["duties"] == [duty(text.rstrip("；")) for text in word_corpus.SEED_000_JOBS[0]["duties"]]
    assert [(a["category"], a["text"]) for a in director.rows["authorities"]] == [
        (BUSINESS, "市場拓展策略、政策提議權"), (BUSINESS, "部門各項管理制度擬定、監督、執行權"), (Authority.Category.OTHER, "改善公司管理建議權"),
        (PERSONNEL, "部門崗位調配權"), (PERSONNEL, "部門職員工作督查權"), (PERSONNEL, "部門員工複試錄用審核權"),
        (BUSINESS, "特許加盟合同簽訂、執行權"), (PERSONNEL, "部門職員工作爭議裁決、獎懲建議權"), (PERSONNEL, "部門職員任免建議權"),
        (PERSONNEL, "部門職員考核權"), (Authority.Category.OTHER, "上級領導授予的其他職權。"),
    ]
    # what the tree gives (直接下级, 辖员人数, 所辖部门) is not imported: listed, so HR sees it
    assert director.unread == ["3、直接下級：市場經理、拓展專員", "4、所轄部門：公司拓展部", "8、轄員人數：020名左右"]
    assert manager.title == "市場部經理" and "headcount" not in manager.values  # 定員人數： 人
    assert manager.values["promotion_note"] == "市場部總監" and len(manager.rows["duties"]) == 6
    assert manager.unread == ["3、直接下級：拓展專員", "8、轄員人數：諾干"]


def test_seed_001_label_value_tables_with_numbered_duties_by_category():
    deputy, sales = read("seed_001_市场部岗位职责说明书.docx")
    assert deputy.values == {
        "title": "副总经理", "department": "市场部", "headcount": 1, "reports_to": "总经理",
        "tools": "通讯设备、笔记本电脑、摄像机、照相机、传真机、打字复印设备。", "environment": "经常出差", "time_pattern": "经常加班",
    }
    expected = [
        duty(statement, category, standard=standard)
        for label, category in (("主要工作", MAIN), ("日常工作", DAILY), ("协调工作", COORDINATION))
        for _number, statement, standard in word_corpus.SEED_001_JOBS[0]["duties"][label]
    ]
    assert deputy.rows["duties"] == expected and len(expected) == 22
    assert [(a["category"], a["text"]) for a in deputy.rows["authorities"]] == [
        (FINANCE, "设备销售定价"), (PERSONNEL, "销售人员的招聘解聘"), (BUSINESS, "销售提成比例的确定"),
        (PERSONNEL, "员工提出奖励审批发放"), (PERSONNEL, "销售人员考核。"),
    ]
    assert deputy.rows["relations"] == relations(COMPANY, "企管部", "法务部", "财务部", "生产车间") + relations(
        EXTERNAL, "法院", "律师", "设备生产销售厂家"
    )
    assert deputy.rows["records"] == records("合同", "客户档案")
    assert deputy.rows["kpis"] == [kpi("利润指标"), kpi("收入指标"), kpi("客户信息量")]
    assert deputy.qualification == {} and deputy.code == ""  # 岗位编号：不填
    assert deputy.unread == ["上级部门：总经理办", "工作协作：企管部、法务部、财务部、生产车间"]
    assert sales.values["reports_to"] == "市场部部长" and sales.values["time_pattern"] == "周末加班较多、时间自主安排空间较多"
    assert [(d["category"], d["statement"]) for d in sales.rows["duties"]][-3:] == [
        (COORDINATION, "生产车间生产供应"), (COORDINATION, "财务部账务信息"), (COORDINATION, "企管部合同签订"),
    ]
    assert sales.rows["records"] == [] and sales.unread == ["上级部门：总经理办", "工作协作：企管部、财务部、生产车间"]


def test_seed_002_department_duties_then_job_descriptions_with_duty_and_task_rows():
    department, manager, developer = read("seed_002_集团客户部部门职责与岗位说明书.docx")
    assert department.values == {
        "name": "集团客户部",
        "mission": "根据集团战略目标，结合集团与自身资源，建立并维护责任范围内集团客户关系，实施组织开展集团客户的服务，完成集团分销业务实现工作。",
    }
    assert [(d["function"], d["text"]) for d in department.duties] == [
        (function, text.rstrip("；")) for function, texts in word_corpus.SEED_002_FUNCTIONS for text in texts
    ]
    assert department.unread == ["9. 新增事项"]  # a function with no duties
    assert manager.values == {
        "title": "集团客户部经理", "department": "集团客户部", "reports_to": "副总经理", "headcount": 1,
        "summary": word_corpus.SEED_002_JOBS[0]["summary"],
    }
    assert manager.rows["duties"] == [
        duty(statement, tasks="\n".join(task for task in tasks if task)) for statement, tasks in word_corpus.SEED_002_JOBS[0]["duties"]
    ]
    assert [(a["category"], a["text"]) for a in manager.rows["authorities"]] == [
        (category, text)
        for label, category in (("人事权", PERSONNEL), ("财务权", FINANCE), ("业务权", BUSINESS))
        for text in word_corpus.SEED_002_JOBS[0]["authorities"][label]
    ]
    assert manager.rows["relations"] == (
        relations(DEPARTMENT, "运营管理部", "产品部", "总经理办公室")
        + relations(GROUP, "集团采购部", "集团人事部", "集团信息部", "集团财务部", "集团总经办")
        + relations(EXTERNAL, "各大银行", "企事业单位", "大中型民营企业")
    )
    assert manager.unread == ["直接下级：客开主管、产品主管、售后主管"]
    assert developer.title == "客户开发主管" and developer.values["department"] == "集团客户部"
    assert [d["statement"] for d in developer.rows["duties"]] == ["拟定团队销售规划", "跟踪项目订单，完成个人销售目标", "完成上级交办的其他工作"]
    assert developer.unread == ["直接下级：客户开发专员"]


def test_seed_003_policy_text_gives_each_positions_duties_and_lists_the_rest():
    parts = read("seed_003_市场拓展部管理制度.docx")
    assert [(part.title, part.values["department"]) for part in parts] == [
        (title, "市场拓展部") for title, _duties in word_corpus.SEED_003_POSITIONS
    ]
    for part, (_title, duties) in zip(parts, word_corpus.SEED_003_POSITIONS):
        assert part.rows["duties"] == [duty(text.rstrip("；")) for text in duties]
    assert parts[0].unread == word_corpus.SEED_003_BEFORE
    assert parts[1].unread == parts[2].unread == []
    assert parts[3].unread == word_corpus.SEED_003_AFTER


def test_labels_over_values_and_labels_across_the_table():
    [part] = read("value_below_labels.docx")
    assert part.values == {
        "title": "财务主管", "code": "FIN-02", "department": "财务部", "reports_to": "财务经理", "job_level": "主管级",
        "headcount": 1, "fill_date": datetime.date(2024, 5, 20), "summary": "负责公司日常会计核算与报表编制，保证账务真实准确。",
    }
    assert part.qualification == {
        "education": 4, "education_note": "", "major": "会计学、财务管理", "experience": "3年以上会计工作经验", "experience_years": 3,
        "certificates": "中级会计师", "languages": "英语四级", "computer_skills": "熟练使用用友、金蝶财务软件",
    }
    assert part.unread == []


def test_paragraphs_only_pairs_on_a_line_numbered_duties_with_sub_items_and_requirements():
    [part] = read("paragraph_layout.docx")
    assert part.values == {
        "title": "招聘专员", "department": "人力资源部", "reports_to": "人力资源经理", "headcount": 2, "code": "HR-05",
        "summary": "根据公司人才需求，完成招聘计划并组织实施。", "working_hours": "周一至周五 9:00-18:00", "travel": "偶尔出差",
    }
    assert part.rows["duties"] == [
        duty("制定并执行招聘计划", tasks="收集各部门用人需求\n编制年度招聘预算。"), duty("组织招聘渠道的开发与维护"), duty("安排面试并跟进录用手续。"),
    ]
    assert part.qualification == {
        "education": 4, "education_note": "本科以上", "major": "人力资源管理相关专业", "experience": "2年以上招聘工作经验",
        "experience_years": 2, "skills": "熟悉劳动法律法规。", "personality": "沟通能力强，性格开朗。",
    }
    assert part.unread == []


def test_chinese_numbered_sections_with_duty_groups_kpi_and_record_tables():
    [part] = read("chinese_headings.docx")
    assert part.values == {
        "title": "行政专员", "department": "行政部", "reports_to": "行政经理", "family": "职能序列",
        "environment": "在办公室工作，环境舒适。", "remarks": "本说明书自2024年1月1日起执行。",
    }
    assert part.rows["duties"] == [
        duty("负责公司办公用品的采购与管理", DAILY), duty("负责会议室预订与会议记录", DAILY), duty("完成领导交办的其他事项", OTHER),
    ]
    assert [a["text"] for a in part.rows["authorities"]] == ["办公用品采购的建议权", "对各部门办公用品领用的审核权"]
    assert part.rows["kpis"] == [
        kpi("办公用品采购及时率", "按时到货次数/采购次数", "98%", 40, KPI.Period.MONTH, "行政部"),
        kpi("会议服务满意度", "参会人员评分", "90分", 60, KPI.Period.QUARTER, "人力资源部"),
    ]
    assert part.rows["relations"] == relations(COMPANY, "各部门") + relations(EXTERNAL, "物业公司", "办公用品供应商")
    assert part.rows["records"] == [{"document": "办公用品台账", "timing": "每月5日前", "recipient": "行政经理"}]  # not the header row
    assert part.qualification == {"education": 3, "education_note": "大专及以上", "major": "行政管理、文秘", "age": "22-35岁", "gender": "不限"}
    assert part.unread == []


def test_word_numbering_circled_inline_and_chinese_numbered_items():
    [part] = read("numbered_items.docx")
    assert part.rows["duties"] == [duty("负责货物的入库验收", tasks="核对送货单与实物\n填写入库单"), duty("负责库存盘点")]
    assert [a["text"] for a in part.rows["authorities"]] == ["对不合格货物的拒收权", "对领料单的审核权"]
    assert part.rows["kpis"] == [kpi("库存准确率"), kpi("发货及时率")]
    assert part.rows["records"] == records("入库单", "出库单", "盘点表")
    assert part.unread == []


def test_three_job_descriptions_in_one_file_and_page_furniture_is_not_listed():
    parts = read("three_job_descriptions.docx")
    assert [(p.title, p.code, p.values["department"], p.values["reports_to"], [d["statement"] for d in p.rows["duties"]]) for p in parts] == [
        (title, code, department, superior, duties) for title, code, department, superior, duties in word_corpus.THREE_JOBS
    ]
    assert [p.unread for p in parts] == [[], [], []]


def test_a_department_document_gives_the_department_and_its_job_descriptions():
    department, manager, engineer = read("department_document.docx")
    assert department.values == {
        "name": "品质部", "parent": "集团", "nature": "职能部门", "authorised_headcount": 3,
        "management_authority": "对产品质量问题的否决权。", "management_function": "负责公司产品质量体系的建立与运行。",
        "staffing_plan": "品质经理1名、品质工程师2名",
    }
    assert [(d["function"], d["text"]) for d in department.duties] == [
        ("主要职责", "制定公司质量方针和质量目标"), ("主要职责", "组织来料、过程和成品的检验"), ("主要职责", "处理客户质量投诉。"),
    ]
    assert (manager.values["department"], engineer.values["department"]) == ("品质部", "品质部")
    assert [d["statement"] for d in engineer.rows["duties"]] == ["编制检验标准", "处理质量异常。"]
    assert [department.unread, manager.unread, engineer.unread] == [[], [], []]


def test_importing_a_department_document_fills_the_department_and_its_positions(small_org):
    report = import_files(files=[("品质部.docx", (CORPUS / "department_document.docx").read_bytes())])
    assert report.committed, [str(problem) for problem in report.all_problems]
    from departments.models import Department

    quality = Department.objects.get(name="品质部")
    assert (quality.parent, quality.nature, quality.authorised_headcount) == (small_org["group"], "职能部门", 3)
    assert quality.staffing_plan == "品质经理1名、品质工程师2名"
    assert [(d.function, d.text) for d in quality.duties.order_by("order")] == [
        ("主要职责", "制定公司质量方针和质量目标"), ("主要职责", "组织来料、过程和成品的检验"), ("主要职责", "处理客户质量投诉。"),
    ]
    manager, engineer = Position.objects.get(code="QA-01"), Position.objects.get(code="QA-02")
    assert (manager.department, manager.reports_to, engineer.reports_to) == (quality, small_org["ceo"], manager)
    assert [row.status for row in report.sheets["departments"].rows] == [NEW]
    quality.duties.all().delete()
    Department.objects.filter(pk=quality.pk).update(nature="")
    again = import_files(files=[("品质部.docx", (CORPUS / "department_document.docx").read_bytes())], dry_run=True)
    [row] = again.sheets["departments"].rows
    assert row.status == "changed" and set(row.changes) == {"部门性质", "部门职责"}  # matched by name, only what it gives


def test_an_unknown_section_and_an_unknown_label_are_listed():
    [part] = read("unknown_section.docx")
    assert part.rows["duties"] == [duty("负责公司车辆的驾驶与日常保养"), duty("保持车辆整洁")]
    assert part.values == {"title": "司机", "department": "行政部", "remarks": "需持C1以上驾照。"}
    assert part.unread == ["二、培训与发展", "每年参加一次安全驾驶培训。", "可晋升为车队队长。", "所属公司：华拓集团"]


def test_a_duty_table_with_merged_categories_tasks_standards_and_time_shares():
    [part] = read("merged_grid.docx")
    assert part.rows["duties"] == [
        duty("制定采购计划", MAIN, "收集需求\n汇总预算", "计划准确", 30), duty("供应商管理", MAIN, "评估供应商", "合格率100%", 30),
        duty("审核采购订单", DAILY, "", "当日审核", 20), duty("跟踪到货", DAILY), duty("完成领导交办的工作", OTHER, time_share=20),
    ]
    assert part.rows["kpis"] == [
        kpi("采购成本降低率", "（上年成本-本年成本）/上年成本", "5%", 50, KPI.Period.YEAR, "财务部"),
        kpi("到货及时率", "按时到货批次/总批次", "95%", 50, KPI.Period.MONTH, "仓库"),
    ]
    assert part.rows["records"] == [
        {"document": "采购月报", "timing": "每月末", "recipient": "总经理"},
        {"document": "供应商评估表", "timing": "每季度", "recipient": "采购委员会"},
    ]
    assert part.unread == []


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_corpus_document_reads_into_parts_with_titles(name):
    parts = read(name)
    assert parts and all(part.title for part in parts if isinstance(part, Draft))


def test_a_hundred_page_document_with_fifty_job_descriptions_reads_in_seconds():
    document = word_corpus.Doc()
    for number in range(50):
        for job in word_corpus.SEED_000_JOBS[:1]:
            document.h(f"岗位{number}岗位说明书", 1)
            document.table([["岗位名称", f"岗位{number}", "岗位编号", f"P-{number:03d}"], ["所在部门", "市场部", "直接上级", "总经理"]])
            document.p("主要职责：")
            for index, text in enumerate(job["duties"] * 2, start=1):
                document.p(f"{index}、{text}")
            document.table([["技能技巧", job["skills"]], ["基本素质", job["qualities"]], ["个性特征", job["personality"]]])
            document.page_break()
    import io

    buffer = io.BytesIO()
    document.document.save(buffer)
    started = time.perf_counter()
    parts = read_docx(content=buffer.getvalue(), source="big.docx")
    elapsed = time.perf_counter() - started
    assert len(parts) == 50 and all(len(part.rows["duties"]) == 16 for part in parts)
    assert elapsed < 5, elapsed
