"""The corpus of company spreadsheets (corpus/sheets, built by corpus/build_corpus.py) imported file
by file: what lands, field by field, and that every column of every file was seen — sent to a
field or explicitly left out."""
import datetime
import os
from pathlib import Path

import pytest

from departments.models import Department, DepartmentDuty, DepartmentPolicy
from jobs.importing import import_files
from kernel import office as conversion
from kernel.office import available as libreoffice_available
from jobs.importing.mapping import SAVED, SKIP
from jobs.importing.reading import OLE_DOCUMENT, XLS, UnreadableFile, file_kind, read_tables
from jobs.models import KPI, Authority, Duty, Education, ImportMapping, JobLevel, Position, WorkRelation, WorkRecord
from kernel.spreadsheets import read_sheets as read_xlsx_sheets
from conftest import make_position

CORPUS = Path(__file__).parent / "corpus"
Scope, DutyCategory, AuthorityCategory = WorkRelation.Scope, Duty.Category, Authority.Category


@pytest.fixture
def libreoffice():
    if not libreoffice_available():
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing: CI must install it (make system-packages)")
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui")


def corpus_file(name):
    folder = "documents" if name.endswith((".doc", ".wps")) else "sheets"
    return name, (CORPUS / folder / name).read_bytes()


def imported(*names, **options):
    files = [corpus_file(name) for name in names]
    report = import_files(files=files, **options)
    assert report.committed, [str(problem) for problem in report.all_problems]
    assert_every_column_seen(report, files)
    return report


def assert_every_column_seen(report, files):
    """Each column of each table, from the header row down, is in the report's mapping with a field
    or an explicit skip."""
    tables = [table for name, content in files for table in read_tables(content=content, filename=name)]
    assert len(tables) == len(report.mappings)
    for table, mapping in zip(tables, report.mappings):
        filled = {
            index for row in table.rows[mapping.header_row - 1:] for index, cell in enumerate(row)
            if cell is not None and str(cell).strip()
        }
        listed = {choice.index: choice for choice in mapping.columns}
        assert filled <= set(listed), (mapping.name, sorted(filled - set(listed)))
        assert all(choice.target or choice.skipped for choice in mapping.columns), mapping.name


def position(title, **filters):
    return Position.objects.get(title=title, **filters)


def duties(owner):
    return [(duty.category, duty.statement, duty.standard) for duty in owner.duties.order_by("order")]


def authorities(owner):
    return [(row.category, row.text) for row in owner.authorities.order_by("order")]


def relations(owner):
    return [(row.scope, row.party, row.content) for row in owner.relations.order_by("order")]


def notes(report, key):
    return {row.row: row.notes for row in report.sheets[key].rows if row.notes}


def test_title_rows_above_the_header_and_the_company_vocabulary(db, client, hr_user):
    report = imported("01_title_rows.xlsx")
    [mapping] = report.mappings
    assert (mapping.name, mapping.spec.key, mapping.header_row) == ("岗位一览表", "positions", 4)
    assert [(c.header, c.target.id if c.target else SKIP) for c in mapping.columns] == [
        ("序号", SKIP), ("职位", "title"), ("所属部门", "department"), ("汇报对象", "reports_to"), ("编制", "headcount"),
        ("学历要求", "qualifications:education"), ("备注", "remarks"),
    ]
    assert report.sheets["positions"].counts["new"] == 5
    assert sorted(Department.objects.values_list("name", "parent")) == [("总经办", None), ("行政部", None), ("财务部", None)]
    expected = {
        "总经理": ("总经办", None, 1, Education.BACHELOR, "", ""),
        "财务经理": ("财务部", "总经理", 1, Education.BACHELOR, "", "兼管审计"),
        "会计": ("财务部", "财务经理", 2, Education.COLLEGE, "", ""),
        "出纳": ("财务部", "财务经理", 1, Education.SENIOR_HIGH, "中专以上", ""),
        "行政专员": ("行政部", "总经理", 1, Education.SENIOR_HIGH, "高中以上", "可招应届生"),
    }
    for title, (department, superior, headcount, education, note, remarks) in expected.items():
        found = position(title)
        assert (found.department.name, getattr(found.reports_to, "title", None), found.headcount, found.remarks) == (
            department, superior, headcount, remarks,
        ), title
        assert (found.qualification.education, found.qualification.education_note) == (education, note), title
    assert notes(report, "positions") == {
        8: ["最低学历：高中/中专，原文“中专以上”记入学历说明"], 9: ["最低学历：高中/中专，原文“高中以上”记入学历说明"],
    }
    # 中专以上 and 高中以上 stay distinct on the job description
    client.force_login(hr_user)
    hr_user.is_superuser = True
    hr_user.save()
    assert "中专以上" in client.get(f"/positions/{position('出纳').code}/").content.decode()
    assert "高中以上" in client.get(f"/positions/{position('行政专员').code}/").content.decode()


TWO_ROW_HEADER = {
    "运营总监": ("运营中心", None, 1, Education.BACHELOR, "物流管理", "5年以上物流行业管理经验"),
    "调度主管": ("调度部", "运营总监", 2, Education.COLLEGE, "交通运输", "3年以上调度经验"),
    "司机": ("车队", "调度主管", 12, Education.JUNIOR_HIGH, "不限", "持A2驾照，3年以上驾龄"),
}


def _check_two_row_header(report):
    [mapping] = report.mappings
    assert mapping.header_row == 2
    assert [(c.header, c.target.id) for c in mapping.columns] == [
        ("岗位", "title"), ("部门名称", "department"), ("直属领导", "reports_to"), ("定编", "headcount"),
        ("学历", "qualifications:education"), ("专业", "qualifications:major"), ("经验", "qualifications:experience"),
    ]
    for title, (department, superior, headcount, education, major, experience) in TWO_ROW_HEADER.items():
        found = position(title)
        q = found.qualification
        assert (found.department.name, getattr(found.reports_to, "title", None), found.headcount) == (department, superior, headcount)
        assert (q.education, q.education_note, q.major, q.experience) == (education, "", major, experience), title


def test_a_header_of_two_rows_with_qualifications_merged_over_three_columns(db):
    _check_two_row_header(imported("02_two_row_header.xlsx"))


def test_an_opendocument_spreadsheet_is_converted_and_read_like_the_xlsx(db, libreoffice):
    name, content = corpus_file("18_opendocument.ods")
    assert file_kind(content, "upload.bin") == "ods"
    _check_two_row_header(imported("18_opendocument.ods"))


def test_duties_numbered_in_one_cell_in_four_styles(db):
    report = imported("03_numbered_duties.xlsx")
    assert report.mappings[0].found_by == "headers"
    expected = {
        "设计总监": ["制定每季产品设计方向", "审核设计稿", "完成3、4月新品发布"],
        "服装设计师": ["市场调研，收集流行趋势", "绘制款式图", "跟进样衣制作"],
        "版师": ["根据款式图打版", "放码", "协助样衣工解决工艺问题"],
        "样衣工": ["按版型制作样衣", "记录工艺要点：(1)用料 (2)工时", "保管样衣"],
        "跟单员": ["跟进大货生产进度", "核对面辅料"],
    }
    for title, statements in expected.items():
        assert duties(position(title)) == [(DutyCategory.MAIN, text, "") for text in statements], title
    assert (position("版师").reports_to.title, position("版师").headcount) == ("设计总监", 2)
    assert position("样衣工").reports_to.title == "版师"


def test_a_workbook_in_the_company_s_own_words(db):
    report = imported("04_company_words.xlsx")
    assert [(m.name, m.spec.key, m.found_by) for m in report.mappings] == [
        ("组织架构", "departments", "name"), ("岗位说明", "positions", "name"), ("岗位职责明细", "duties", "name"),
    ]
    assert sorted(Department.objects.values_list("code", "name", "parent__code", "authorised_headcount")) == [
        ("YH", "远航制造", None, 120), ("YH-SC", "生产部", "YH", 80), ("YH-ZJ", "质检部", "YH", 10),
    ]
    supervisor = Position.objects.get(code="YH-SC-01")
    assert (supervisor.title, supervisor.department.code, supervisor.reports_to.code, supervisor.headcount, supervisor.summary) == (
        "生产主管", "YH-SC", "YH-01", 2, "按计划组织生产",
    )
    assert duties(supervisor) == [
        (DutyCategory.MAIN, "编制周生产计划并跟踪完成", "计划达成率≥95%"),
        (DutyCategory.DAILY, "巡查车间5S", "每日两次"),
        (DutyCategory.COORDINATION, "与质检部共同处理不合格品", "当日闭环"),
        (DutyCategory.OTHER, "完成厂长交办的其他事项", ""),
    ]
    assert duties(Position.objects.get(code="YH-ZJ-01")) == [
        (DutyCategory.MAIN, "按检验标准检验来料", "漏检率为零"), (DutyCategory.DAILY, "填写检验记录", "当班填写"),
    ]
    assert notes(report, "duties") == {
        2: ["职责类别：主要职责（按“核心”判断）"], 3: ["职责类别：日常工作（按“日常”判断）"],
        4: ["职责类别：协调工作（按“协调工作：”判断）"], 5: ["职责类别：其他（按“临时”判断）"],
        7: ["职责类别：日常工作（按“日常工作：”判断）"],
    }
    assert any("岗位职责明细" in warning and "按文字推断" in warning for warning in report.warnings)


def test_department_levels_in_columns_make_the_tree(db):
    imported("05_department_levels.xlsx")
    tree = {d.name: getattr(d.parent, "name", None) for d in Department.objects.all()}
    assert tree == {"星河集团": None, "营销中心": "星河集团", "华东大区": "营销中心", "华南大区": "营销中心", "研发中心": "星河集团",
                    "软件部": "研发中心"}
    assert sorted(Position.objects.filter(title="大区经理").values_list("department__name", flat=True)) == ["华东大区", "华南大区"]
    assert (position("董事长").department.name, position("软件工程师").department.name, position("软件工程师").headcount) == (
        "星河集团", "软件部", 8,
    )


def test_a_gbk_csv(db):
    name, content = corpus_file("06_gbk.csv")
    assert content.decode("gbk") and not content.startswith(b"\xef\xbb\xbf")
    imported("06_gbk.csv")
    clerk = position("店员")
    assert (clerk.department.name, clerk.reports_to.title, clerk.headcount) == ("门店运营部", "店长", 6)
    assert (clerk.qualification.education, clerk.qualification.education_note) == (Education.SENIOR_HIGH, "职高")
    assert (position("店长").qualification.education, position("店长").qualification.education_note) == (Education.COLLEGE, "")


def test_a_gb18030_csv_with_a_character_gbk_lacks(db):
    name, content = corpus_file("07_gb18030.csv")
    with pytest.raises(UnicodeDecodeError):
        content.decode("gbk")
    imported("07_gb18030.csv")
    clerk = position("业务员")
    assert (clerk.department.name, clerk.reports_to.title, clerk.headcount) == ("䶮城分公司", "分公司经理", 3)


def test_a_utf8_csv_with_bom_and_duties_one_per_line(db):
    name, content = corpus_file("08_utf8_bom.csv")
    assert content.startswith(b"\xef\xbb\xbf")
    report = imported("08_utf8_bom.csv")
    assert report.mappings[0].columns[0].header == "职位名称"  # the BOM is not part of the header
    assert duties(position("园长")) == [(DutyCategory.MAIN, "全面管理园务", ""), (DutyCategory.MAIN, "制定教学计划", "")]
    assert (position("保育员").reports_to.title, position("保育员").headcount) == ("园长", 5)


def test_an_xls_workbook_is_read_by_its_content(db):
    name, content = corpus_file("09_legacy.xls")
    assert file_kind(content, "定岗定编.dat") == XLS
    [table] = read_tables(content=content, filename="定岗定编.dat")
    assert table.rows[0] == ["金桥建设工程有限公司 定岗定编表"]  # the merged title: one value, the rest blank
    assert table.rows[2][:6] == [None] * 6  # header cells merged down over two rows
    assert table.rows[3][5] == datetime.date(2023, 6, 30)  # a date cell, through the workbook's date mode
    report = import_files(files=[("定岗定编.dat", content)])
    assert report.committed, report.all_problems
    assert_every_column_seen(report, [("定岗定编.dat", content)])
    expected = {
        "项目经理": ("工程部", None, 3, datetime.date(2023, 6, 30), Education.BACHELOR, "", "土木工程"),
        "施工员": ("工程部", "项目经理", 10, datetime.date(2023, 6, 30), Education.SENIOR_HIGH, "技校", "建筑施工"),
        "安全员": ("安全部", "项目经理", 4, datetime.date(2023, 7, 1), Education.SENIOR_HIGH, "中专及以上", "安全工程"),
    }
    for title, (department, superior, headcount, filled, education, note, major) in expected.items():
        found = position(title)
        q = found.qualification
        assert (found.department.name, getattr(found.reports_to, "title", None), found.headcount, found.fill_date) == (
            department, superior, headcount, filled,
        ), title
        assert (q.education, q.education_note, q.major) == (education, note, major), title
    assert notes(report, "positions")[5] == ["最低学历：高中/中专（按“技校”判断）", "最低学历：高中/中专，原文“技校”记入学历说明"]


def test_a_wps_et_workbook(db):
    name, content = corpus_file("10_wps.et")
    assert file_kind(content, "岗位编制.et") == XLS
    imported("10_wps.et")
    expected = {
        "厨师长": (None, 1, Education.SENIOR_HIGH, "中专", "8年以上中餐厨房管理经验", "精通川菜、粤菜"),
        "厨师": ("厨师长", 6, Education.JUNIOR_HIGH, "", "3年以上", "持健康证"),
        "服务员": (None, 10, Education.NONE, "", "", "普通话标准"),
    }
    for title, (superior, headcount, education, note, experience, skills) in expected.items():
        found = position(title)
        q = found.qualification
        assert (getattr(found.reports_to, "title", None), found.headcount) == (superior, headcount), title
        assert (q.education, q.education_note, q.experience, q.skills) == (education, note, experience, skills), title


def test_relation_scope_from_an_internal_external_column_and_from_the_party(db):
    report = imported("11_relations.xlsx")
    assert [(c.header, c.target.id, c.how) for c in report.mappings[1].columns][1] == ("内外部", "scope", "synonym")
    assert relations(Position.objects.get(code="CG-01")) == [
        (Scope.EXTERNAL, "供应商", "商务谈判、签订采购合同"), (Scope.COMPANY, "财务部", "付款审批"),
        (Scope.EXTERNAL, "海关", "进口报关"), (Scope.EXTERNAL, "客户", "特殊物料的需求确认"),
    ]
    assert relations(Position.objects.get(code="CG-02")) == [
        (Scope.DEPARTMENT, "采购经理", "请示汇报"), (Scope.COMPANY, "仓储部", "到货验收"), (Scope.COMPANY, "王工", "样品确认"),
    ]
    assert notes(report, "relations") == {
        4: ["协作范围：外部（按“外部”判断）"], 5: ["协作范围：外部（按“客户”判断）"],
        7: ["协作范围：公司内部（按“仓储部”判断）"], 8: ["协作范围未注明，按公司内部导入"],
    }

    # the same position's relations from a sheet without any scope column
    again = imported("12_relations_without_scope.csv")
    assert relations(Position.objects.get(code="CG-02")) == [
        (Scope.EXTERNAL, "税务局", "发票认证"), (Scope.COMPANY, "生产车间", "物料需求"), (Scope.COMPANY, "老李", "交接"),
    ]
    assert notes(again, "relations") == {
        2: ["协作范围：外部（按“税务”判断）"], 3: ["协作范围：公司内部（按“生产车间”判断）"], 4: ["协作范围未注明，按公司内部导入"],
    }
    changed = {row.row: row.diffs for row in again.sheets["relations"].rows}
    assert ("协作范围", "本部门内部", "外部") in changed[2]


def test_a_column_no_synonym_knows_blocks_until_mapped_then_a_saved_mapping_imports_the_same_shape(db):
    name, content = corpus_file("13_unknown_column.xlsx")
    blocked = import_files(files=[(name, content)])
    assert not blocked.committed and not Position.objects.exists()
    [problem] = blocked.all_problems
    assert (problem.column, problem.message) == ("星级", "「星级」列不知道该导入到哪个字段。")

    chosen = import_files(files=[(name, content)], dry_run=True, mapping={"岗位": {"星级": "remarks"}})
    assert chosen.ok, chosen.all_problems
    ImportMapping.objects.create(name="锦程教育", sheets={m.spec.key: m.choices() for m in chosen.mappings})

    report = imported("13_unknown_column.xlsx", saved_mappings=list(ImportMapping.objects.all()))
    [mapping] = report.mappings
    assert mapping.saved_mapping == "锦程教育"
    star = next(c for c in mapping.columns if c.header == "星级")
    assert (star.target.id, star.how) == ("remarks", SAVED)
    assert {p.title: (p.remarks, p.headcount, p.department.name) for p in Position.objects.all()} == {
        "校长": ("五星", 1, "校办"), "教务主任": ("四星", 1, "教务处"), "班主任": ("三星", 12, "教务处"),
    }


def test_seed_002_market_department_typed_into_sheets(db):
    report = imported("14_seed_market.xlsx")
    deputy, sales = Position.objects.get(code="SC-01"), Position.objects.get(code="SC-03")
    assert (deputy.title, deputy.department.name, deputy.reports_to.code, deputy.headcount) == ("副总经理", "市场部", "ZJB-01", 1)
    assert (deputy.tools, deputy.environment, deputy.time_pattern) == (
        "通讯设备、笔记本电脑、摄像机、照相机、传真机、打字复印设备。", "经常出差", "经常加班",
    )
    assert (sales.reports_to.title, sales.headcount, sales.time_pattern) == ("市场部部长", 2, "周末加班较多、时间自主安排空间较多")
    assert [category for category, _text, _standard in duties(deputy)] == [
        DutyCategory.MAIN, DutyCategory.MAIN, DutyCategory.MAIN, DutyCategory.DAILY, DutyCategory.DAILY,
        DutyCategory.COORDINATION, DutyCategory.COORDINATION,
    ]
    assert duties(deputy)[5] == (DutyCategory.COORDINATION, "企管部、法务部合同", "合同签订审核及法务支持")
    assert duties(sales)[0] == (
        DutyCategory.MAIN, "制定销售计划，掌握销售技巧，积极开拓市场，按时完成公司下达的销售任务", "按月分解工作任务",
    )
    assert authorities(deputy) == [
        (AuthorityCategory.OTHER, "设备销售定价"), (AuthorityCategory.OTHER, "销售人员的招聘解聘"),
        (AuthorityCategory.OTHER, "销售提成比例的确定"),
    ]
    assert relations(deputy) == [
        (Scope.COMPANY, "企管部、法务部、财务部、生产车间", ""), (Scope.EXTERNAL, "法院、律师、设备生产销售厂家", ""),
    ]
    assert relations(sales) == [(Scope.COMPANY, "企管部、财务部、生产车间", ""), (Scope.EXTERNAL, "律师事务所、法院", "")]
    assert list(KPI.objects.filter(position=deputy).order_by("order").values_list("name", flat=True)) == ["利润指标", "收入指标", "客户信息量"]
    assert list(WorkRecord.objects.filter(position=deputy).order_by("order").values_list("document", flat=True)) == ["合同", "客户档案"]
    assert notes(report, "duties")[2] == ["职责类别：主要职责（按“主要”判断）"]
    assert notes(report, "relations") == {
        2: ["协作范围：公司内部（按“内部”判断）"], 3: ["协作范围：外部（按“外部”判断）"],
        4: ["协作范围：公司内部（按“内部”判断）"], 5: ["协作范围：外部（按“外部”判断）"],
    }


def test_seed_000_expansion_department_one_row_per_position(db):
    imported("15_seed_expansion.xlsx")
    assert list(JobLevel.objects.order_by("rank").values_list("name", flat=True)) == ["总监级", "经理级", "专员级"]
    expansion = Department.objects.get(code="TZ")
    assert (expansion.nature, expansion.management_function, expansion.staffing_plan) == (
        "项目终端客户开发、拓展机构", "负责授权管辖项目终端客户开发、拓展工作，对所开发的终端客户信誉负责",
        "部门总监1名、部门经理25名、渠道主管若干名、拓展专员若干名",
    )
    functions = list(DepartmentDuty.objects.filter(department=expansion).order_by("order").values_list("function", "text"))
    assert len(functions) == 10 and {function for function, _text in functions} == {"主要职责"}
    assert functions[0][1] == "负责根据公司制订的市场开发与拓展各项管理规定、制度，开发与拓展终端客户"
    assert functions[-1][1] == "负责所管辖地区所有意向客户资料的收集、整理，并建立档案"

    director = position("市场总监")
    q = director.qualification
    assert (director.department.code, director.job_level.name, director.headcount, director.reports_to) == ("TZ", "总监级", 1, None)
    assert director.summary == "规划制定公司的市场战略与策略，并推进实施，实现市场发展目标"
    assert [text for _category, text, _standard in duties(director)][::4] == [
        "协助总经理制定总体市场发展战略以及市场发展目标", "完成上级领导临时交办的各项工作任务",
    ]
    assert len(duties(director)) == 5
    assert authorities(director)[0] == (AuthorityCategory.OTHER, "市场拓展策略、政策提议权")
    assert len(authorities(director)) == 4
    assert (director.supervision_given, director.supervision_received, director.lateral_note) == (
        "监督市场部下属", "受总经理监督", "营运部总监、项目总监",
    )
    assert (q.education, q.education_note, q.major, q.training_duration) == (
        Education.COLLEGE, "其他专业同等学历", "市场营销、工商管理", "一年以上",
    )
    assert q.experience == "3年以上相关行业、服饰市场营销拓展管理工作经验，1年以上相关职位工作经验。"
    assert (director.working_hours, director.workload_balance, director.assessment_note) == (
        "正常工作时间：早9:00-晚18:00", "满负荷", "具体考核标准参考绩效考核方案。",
    )
    channel = position("渠道主管")
    assert (channel.reports_to.title, channel.job_level.name) == ("市场部经理", "专员级")
    # the education words are kept before the company's own note
    assert (channel.qualification.education, channel.qualification.education_note) == (
        Education.SENIOR_HIGH, "高中以上学历；其他专业同等学历",
    )
    assert position("拓展专员").qualification.education == Education.JUNIOR_HIGH


def test_seed_001_group_customers_department(db):
    report = imported("16_seed_group_customers.xlsx")
    department = Department.objects.get(code="JTKH")
    assert department.mission.startswith("根据集团战略目标，结合集团与自身资源")
    assert list(DepartmentDuty.objects.filter(department=department).order_by("order").values_list("function", flat=True)) == [
        "销售管理", "销售管理", "资金管理", "客户管理", "其它职能",
    ]
    manager = Position.objects.get(code="JTKH-01")
    assert (manager.title, manager.reports_to.title, manager.headcount) == ("集团客户部经理", "副总经理", 1)
    first = manager.duties.order_by("order").first()
    assert first.statement == "负责建立健全部门管理制度和流程体系，设置部门组织结构"
    assert first.tasks.split("\n") == [
        "1、参与公司各项管理制度、流程的制定，督促本部门贯彻执行", "2、制定和完善部门各项管理制度、工作流程",
        "3、制定事业部的组织结构，确定人员编制",
    ]
    assert authorities(manager) == [
        (AuthorityCategory.PERSONNEL, "销售团队主管和技术团队主管的聘任权和解聘权"),
        (AuthorityCategory.PERSONNEL, "对直接下级的工作分配权、调配权、考核权"),
        (AuthorityCategory.FINANCE, "部门预算的拟定权"),
        (AuthorityCategory.BUSINESS, "部门业务策略、业务计划、业务指标的制定权"),
    ]
    assert authorities(Position.objects.get(code="JTKH-02")) == [
        (AuthorityCategory.PERSONNEL, "客户开发专员招聘的参与权"),
        (AuthorityCategory.FINANCE, "市场费用制定的拟定权和预算费用的审核权"),
        (AuthorityCategory.OTHER, "相关事情的知情权"),
    ]
    assert relations(manager) == [
        (Scope.DEPARTMENT, "运营管理部、产品部、总经理办公室", ""),
        (Scope.GROUP, "集团采购部、集团人事部、集团信息部、集团财务部", ""),
        (Scope.EXTERNAL, "各大银行、企事业单位、大中型民营企业", ""),
    ]
    assert notes(report, "authorities")[7] == ["权限类别：财务权（按“财务：”判断）"]
    assert 8 not in notes(report, "authorities")


def test_seed_003_department_rules_and_bracket_numbered_duties(db):
    imported("17_seed_policies.xlsx")
    policies = list(DepartmentPolicy.objects.filter(department__code="SCTZ").order_by("order").values_list("title", "body"))
    assert [title for title, _body in policies] == ["第一章 总则", "第三章 工作流程与规范", "第四章 激励与约束机制"]
    assert policies[2][1].split("\n")[1] == "1.奖金制度：根据员工业绩和部门整体表现，发放奖金；"
    head = position("部门经理")
    assert [text for _category, text, _standard in duties(head)] == [
        "制定市场拓展部的年度、季度和月度工作计划", "组织、协调和指导市场调研、市场分析、市场推广及渠道建设工作",
        "负责部门员工的培训、考核和激励", "协调与其他部门的沟通与协作", "定期向上级汇报工作进展和成果。",
    ]
    assert [text for _category, text, _standard in duties(position("销售人员"))] == [
        "开发新客户，拓展市场", "维护客户关系，提供优质售后服务", "完成销售目标和业绩考核。",
    ]
    assert (position("市场经理").reports_to, position("市场经理").department.code) == (head, "SCTZ")


@pytest.mark.parametrize("name", ["sales.doc", "sales.wps"])
def test_word_97_and_wps_documents_are_converted_and_read_as_job_descriptions(small_org, libreoffice, name):
    make_position(small_org["market"], "市场部部长", code="MKT-02")
    _name, content = corpus_file(name)
    assert file_kind(content, "upload.bin") == OLE_DOCUMENT
    report = import_files(files=[(name, content)])
    assert report.committed, report.all_problems
    sales = position("销售员")
    assert (sales.department.code, sales.reports_to.code, sales.headcount, sales.status) == (
        "G-MKT", "MKT-02", 2, Position.Status.DRAFT,
    )
    assert duties(sales)[0] == (DutyCategory.MAIN, "制定销售计划，掌握销售技巧，积极开拓市场", "按月分解工作任务")
    assert duties(sales)[2][0] == DutyCategory.DAILY
    assert authorities(sales)[0][1] == "销售定价建议权"
    assert sales.environment == "经常出差"


@pytest.mark.parametrize("name, words", [("sales.doc", ".docx"), ("09_legacy.xls", None)])
def test_without_libreoffice_a_word_97_file_is_refused_saying_how_to_save_it(small_org, settings, name, words):
    settings.IMPORT_SOFFICE = "/nonexistent/soffice"
    report = import_files(files=[corpus_file(name)])
    if words is None:  # xlrd reads the .xls without LibreOffice
        assert report.committed, report.all_problems
        return
    [problem] = report.all_problems
    assert "LibreOffice" in problem.message and "另存为” .docx" in problem.message


def test_a_damaged_old_office_file_is_refused(small_org):
    damaged = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    for name, words in (("old.doc", "Word（.doc）"), ("old.et", "WPS 表格（.et）"), ("old.bin", "不是表格")):
        report = import_files(files=[(name, damaged)])
        assert not report.committed and words in report.all_problems[0].message, (name, report.all_problems)
    with pytest.raises(UnreadableFile):
        read_tables(content=damaged, filename="old.xls")


def test_libreoffice_converts_a_workbook_to_the_same_cells(libreoffice):
    """The way a .xls that xlrd cannot open goes: converted to .xlsx, read by the xlsx reader."""
    _name, content = corpus_file("09_legacy.xls")
    [(title, rows)] = read_xlsx_sheets(conversion.convert(content, suffix="xls", target="xlsx"))
    [table] = read_tables(content=content, filename="x.xls")
    assert title == table.name == "定岗定编"
    trimmed = [list(row) for row in rows]
    for row in trimmed:
        while row and row[-1] is None:
            row.pop()
    assert trimmed == table.rows


def test_a_conversion_that_runs_out_of_time_is_stopped(libreoffice, settings):
    settings.IMPORT_CONVERSION_SECONDS = 0.01
    _name, content = corpus_file("sales.doc")
    with pytest.raises(conversion.ConversionFailed, match="did not finish"):
        conversion.convert(content, suffix="doc", target="docx")
