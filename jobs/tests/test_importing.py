"""The workbook import: real files written here, the real database, all rows or none."""
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from conftest import DEPARTMENT_HEADER, POSITION_HEADER, make_position, org_file, snapshot, staffing_table, xlsx
from departments.models import Department
from jobs.importing import export_workbook, import_workbook, template_workbook
from jobs.models import Authority, Duty, Education, Position, Qualification
from jobs.services import load_organisation_file


@pytest.fixture
def demo(db, settings):
    load_organisation_file(path=settings.DEMO_COMPANY_FILE)


def test_demo_company_round_trips_into_an_empty_database(demo):
    before = snapshot(status=False)
    content = export_workbook(include_confidential=True)
    for model in (Duty, Qualification):
        model.objects.all().delete()
    Department.objects.update(head_position=None)
    while Position.objects.exists():
        Position.objects.filter(subordinates__isnull=True).delete()
    while Department.objects.exists():
        Department.objects.filter(children__isnull=True).delete()
    assert not Department.objects.exists()

    report = import_workbook(content=content, filename="demo.xlsx")

    assert report.ok, report.all_problems
    assert report.committed
    assert snapshot(status=False) == before
    assert set(Position.objects.values_list("status", flat=True)) == {Position.Status.DRAFT}  # an import never publishes


def test_second_import_reports_everything_unchanged_and_writes_nothing(demo, django_assert_max_num_queries):
    content = export_workbook(include_confidential=True)
    before = snapshot()
    report = import_workbook(content=content, filename="demo.xlsx")
    assert report.ok, report.all_problems
    for sheet in report.sheets.values():
        assert sheet.counts["new"] == sheet.counts["changed"] == sheet.counts["deleted"] == 0, sheet.title
    assert snapshot() == before


def test_dry_run_reports_counts_and_writes_nothing(db):
    report = import_workbook(content=org_file([["CEO", "总经理", "G", "", 1]]), filename="a.xlsx", dry_run=True)
    assert report.ok, report.all_problems
    assert report.sheets["positions"].counts["new"] == 1
    assert not report.committed
    assert not Department.objects.exists() and not Position.objects.exists()


def test_parent_by_name_path_and_superior_by_title(db):
    content = xlsx({
        "岗位": [["职位编号", "职位名称", "所属部门", "汇报对象", "编制人数"],
                 ["S1", "销售员", "集团/市场部", "市场总监", "2人"], ["M1", "市场总监", "市场部", "", 1]],
        "部门": [["部门编码", "部门名称", "上级部门"], ["G", "集团", ""], ["G-MKT", "市场部", "集团"], ["G-MKT-E", "拓展部", "集团/市场部"]],
    })
    report = import_workbook(content=content, filename="aliases.xlsx")
    assert report.ok, report.all_problems
    seller = Position.objects.get(code="S1")
    assert seller.reports_to.code == "M1" and seller.headcount == 2 and seller.department.code == "G-MKT"
    assert Department.objects.get(code="G-MKT-E").parent.code == "G-MKT"
    assert Department.objects.get(code="G").get_descendant_count() == 2
    assert Position.objects.get(code="M1").get_descendant_count() == 1


def test_title_row_blank_rows_and_marked_headers_are_tolerated(db):
    content = xlsx({
        "部门": [["华拓集团部门清单（2024年）"], [], ["部门编码*", "部门名称(必填)", "上级部门"], ["G", "集团", None], [None, None, None], ["G-HR", "人力资源部", "G"]],
    })
    report = import_workbook(content=content, filename="t.xlsx")
    assert report.ok, report.all_problems
    assert list(Department.objects.order_by("lft").values_list("code", flat=True)) == ["G", "G-HR"]


def test_row_number_column_of_a_hand_made_sheet_is_skipped_quietly(db):
    content = xlsx({"部门": [["序号", "部门编码", "部门名称", "上级部门"], [1, "G", "集团", None], [2, "G-HR", "人力资源部", "G"]]})
    report = import_workbook(content=content, filename="t.xlsx")
    assert report.ok, report.all_problems
    assert not report.warnings
    assert Department.objects.count() == 2


def test_gbk_csv_staffing_sheet_imports(small_org):
    text = "岗位编号,岗位名称,所属部门,上级岗位,定员人数,最低学历,权限内容\r\nEXP-02,拓展主管,G-MKT-EXP,MKT-01,3,本科,审批\r\n"
    report = import_workbook(content=text.encode("gbk"), filename="staff.csv")
    assert report.ok, report.all_problems
    assert Position.objects.get(code="EXP-02").reports_to.code == "MKT-01"
    assert Qualification.objects.get(position__code="EXP-02").education == Education.BACHELOR
    assert list(Authority.objects.filter(position__code="EXP-02").values_list("text", flat=True)) == ["审批"]


def test_utf8_bom_csv_tsv_and_json_are_read(small_org):
    rows = "部门编码\t部门名称\t上级部门\nG-FIN\t财务部\tG\n"
    assert import_workbook(content=rows.encode("utf-8-sig"), filename="d.tsv").ok
    csv_text = "部门编码,部门名称,上级部门\nG-LAW,法务部,G\n"
    assert import_workbook(content=("\ufeff" + csv_text).encode("utf-8"), filename="d.csv").ok
    data = {"部门": [{"部门编码": "G-IT", "部门名称": "信息部", "上级部门": "G"}]}
    assert import_workbook(content=json.dumps(data, ensure_ascii=False).encode(), filename="d.json").ok
    assert set(Department.objects.values_list("code", flat=True)) >= {"G-FIN", "G-LAW", "G-IT"}


def test_sheets_in_another_order_import_the_same(db):
    departments = [DEPARTMENT_HEADER, ["G", "集团", ""]]
    positions = [POSITION_HEADER, ["CEO", "总经理", "G", "", 1], ["VP", "副总经理", "G", "CEO", 1]]
    duties = [["岗位编号", "职责类别", "职责描述", "工作任务"], ["VP", "主要职责", "协助总经理", "一\n二"], ["VP", "日常工作", "日常事务", ""]]
    content = xlsx({"职责": duties, "岗位": positions, "部门": departments})
    report = import_workbook(content=content, filename="o.xlsx")
    assert report.ok, report.all_problems
    assert list(Duty.objects.values_list("category", "order", "tasks")) == [("main", 1, "一\n二"), ("daily", 2, "")]


@pytest.mark.django_db
def test_template_has_every_sheet_and_header():
    workbook = load_workbook(io.BytesIO(template_workbook()))
    assert workbook.sheetnames[:4] == ["填写说明", "职务等级", "职位序列", "部门"]
    assert [c.value for c in workbook["岗位"][1]][:3] == ["岗位编号", "岗位名称", "所在部门"]


def test_export_escapes_formulas_and_import_restores_them(small_org):
    Position.objects.filter(code="CEO").update(summary="=HYPERLINK(\"http://x\")")
    workbook = load_workbook(io.BytesIO(export_workbook()))
    header = [c.value for c in workbook["岗位"][1]]
    row = [c.value for c in workbook["岗位"][2]]
    assert row[header.index("职责概述")] == "'=HYPERLINK(\"http://x\")"
    assert "工资等级" not in header
    assert import_workbook(content=export_workbook(), filename="e.xlsx").ok
    assert Position.objects.get(code="CEO").summary == "=HYPERLINK(\"http://x\")"


def test_commands_export_and_import(small_org, tmp_path, capsys):
    path = tmp_path / "org.xlsx"
    call_command("export_workbook", str(path))
    call_command("import_workbook", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "岗位: 新增 0，修改 0，无变化 3" in out
    assert "试运行" in out


def test_example_workbook_gives_back_the_demo_company(db, settings):
    from jobs.importing.exporting import example_workbook

    report = import_workbook(content=example_workbook(), filename="example.xlsx")
    assert report.ok, report.all_problems
    imported = snapshot(status=False)
    load_organisation_file(path=settings.DEMO_COMPANY_FILE)
    assert snapshot(status=False) == imported


def test_preview_names_the_columns_that_change(small_org):
    report = import_workbook(content=org_file([["EXP-01", "拓展专员", "G-MKT", "MKT-01", 7]], departments=()), filename="c.xlsx", dry_run=True)
    assert report.ok, report.all_problems
    [row] = report.sheets["positions"].rows
    assert row.status == "changed" and row.changes == ["岗位定员", "所在部门"]


def test_salary_columns_are_ignored_without_the_confidential_permission(small_org):
    content = xlsx({"岗位": [POSITION_HEADER + ["工资等级"], ["MKT-01", "市场总监", "G-MKT", "CEO", 1, "M9级"]]})
    report = import_workbook(content=content, filename="s.xlsx", include_confidential=False)
    assert report.committed and any("机密" in warning for warning in report.warnings)
    assert Position.objects.get(code="MKT-01").salary_grade == "M3级"


def test_superior_by_title_within_the_named_department(small_org):
    make_position(small_org["expansion"], "主管", code="EXP-LEAD")
    make_position(small_org["market"], "主管", code="MKT-LEAD")
    header = POSITION_HEADER + ["上级所在部门"]
    report = import_workbook(content=xlsx({"岗位": [header, ["N1", "专员", "G", "主管", 1, "集团/市场部/拓展部"]]}), filename="t.xlsx")
    assert report.ok, report.all_problems
    assert Position.objects.get(code="N1").reports_to.code == "EXP-LEAD"
    problems = import_workbook(content=xlsx({"岗位": [POSITION_HEADER, ["N2", "专员", "G", "主管", 1]]}), filename="t.xlsx").all_problems
    assert "对应多个岗位" in problems[0].message
    assert "拓展部 EXP-LEAD" in problems[0].message and "市场部 MKT-LEAD" in problems[0].message
    assert "上级所在部门" in problems[0].action


SALES_AND_FINANCE = (("G", "集团", None), ("G-S", "销售部", "G"), ("G-F", "财务部", "G"))


def test_superior_title_shared_by_several_positions_means_the_one_in_the_same_department(db):
    report = import_workbook(content=org_file([
        ["CEO", "总经理", "G", "", 1],
        ["S-MGR", "经理", "G-S", "总经理", 1], ["F-MGR", "经理", "G-F", "总经理", 1],
        ["S-REP", "销售代表", "G-S", "经理", 5], ["F-ACC", "会计", "财务部", "经理", 2],
    ], departments=SALES_AND_FINANCE), filename="managers.xlsx")
    assert report.ok, report.all_problems
    superiors = dict(Position.objects.values_list("code", "reports_to__code"))
    assert superiors["S-REP"] == "S-MGR" and superiors["F-ACC"] == "F-MGR"


def test_superior_title_found_in_the_file_wins_over_the_database(small_org):
    make_position(small_org["market"], "主管", code="MKT-LEAD")
    report = import_workbook(content=org_file([
        ["G-LEAD", "主管", "G", "CEO", 1], ["EXP-09", "拓展助理", "G-MKT-EXP", "主管", 1],
    ], departments=()), filename="t.xlsx")
    assert report.ok, report.all_problems
    assert Position.objects.get(code="EXP-09").reports_to.code == "G-LEAD"


def test_superior_title_in_the_database_prefers_the_same_department(small_org):
    make_position(small_org["expansion"], "主管", code="EXP-LEAD")
    make_position(small_org["market"], "主管", code="MKT-LEAD")
    report = import_workbook(content=org_file([["EXP-09", "拓展助理", "G-MKT-EXP", "主管", 1]], departments=()), filename="t.xlsx")
    assert report.ok, report.all_problems
    assert Position.objects.get(code="EXP-09").reports_to.code == "EXP-LEAD"


def test_a_position_is_never_its_own_superior_by_title(db):
    departments = (("G", "集团", None), ("G-S", "销售部", "G"), ("G-S1", "销售一部", "G-S"))
    header = POSITION_HEADER + ["上级所在部门"]
    content = xlsx({"部门": [DEPARTMENT_HEADER, *map(list, departments)], "岗位": [
        header, ["S-MGR", "经理", "G-S", "", 1, ""], ["S1-MGR", "经理", "G-S1", "经理", 1, ""],
    ]})
    report = import_workbook(content=content, filename="t.xlsx")
    assert report.ok, report.all_problems
    assert Position.objects.get(code="S1-MGR").reports_to.code == "S-MGR"


def test_position_list_imports_through_the_per_list_resource(small_org):
    import tablib

    from jobs.resources import PositionResource

    dataset = tablib.Dataset(headers=["职位编号", "职位名称", "所在部门", "上级岗位", "编制人数", "状态"])
    dataset.append(["N3", "渠道主管", "G-MKT-EXP", "MKT-01", 4, "审核中"])
    result = PositionResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    position = Position.objects.get(code="N3")
    assert (position.reports_to.code, position.headcount, position.status) == ("MKT-01", 4, "review")
    assert position.is_descendant_of(Position.objects.get(code="MKT-01"))


def test_sheet_name_aliases_and_unknown_sheets(small_org):
    content = xlsx({
        "说明": [["请按模板填写"]],
        "岗位清单": [POSITION_HEADER, ["N4", "文员", "G", "CEO", 1]],
        "工作职责": [["岗位编号", "职责描述"], ["N4", "收发文件"]],
    })
    report = import_workbook(content=content, filename="alias.xlsx")
    assert report.ok, report.all_problems
    assert any("说明" in warning for warning in report.warnings)
    assert Duty.objects.get(position__code="N4").statement == "收发文件"


STAFFING_HEADER = ["序号", "职位编号", "职位名称", "所属部门", "汇报对象", "编制", "学历要求", "专业", "年龄", "性别", "工作经验",
                   "经验年限", "技能", "证书", "外语", "计算机"]


def test_qualification_columns_on_the_position_sheet_are_imported(small_org):
    content = staffing_table(STAFFING_HEADER, [
        [1, "EXP-02", "拓展主管", "拓展部", "市场总监", 2, "本科及以上", "市场营销", "25-35岁", "不限", "三年以上渠道拓展经验", "3年",
         "谈判、沟通", "无", "英语四级", "熟练使用Office"],
        [2, "EXP-03", "拓展助理", "拓展部", "拓展主管", "3人", None, None, None, None, None, None, None, None, None, None],
    ])
    report = import_workbook(content=content, filename="一览表.xlsx")
    assert report.ok, report.all_problems
    assert not report.warnings
    qualification = Qualification.objects.get(position__code="EXP-02")
    assert (qualification.education, qualification.major, qualification.age, qualification.gender) == (
        Education.BACHELOR, "市场营销", "25-35岁", "不限")
    assert (qualification.experience, qualification.experience_years, qualification.skills) == ("三年以上渠道拓展经验", 3, "谈判、沟通")
    assert (qualification.certificates, qualification.languages, qualification.computer_skills) == ("无", "英语四级", "熟练使用Office")
    assert not Qualification.objects.filter(position__code="EXP-03").exists()  # nothing given, nothing made
    assert Position.objects.get(code="EXP-03").reports_to.code == "EXP-02"
    assert [row.status for row in report.sheets["positions"].rows] == ["new", "new"]

    again = import_workbook(content=content, filename="一览表.xlsx", dry_run=True)
    assert [row.status for row in again.sheets["positions"].rows] == ["unchanged", "unchanged"]


def test_qualification_on_the_position_sheet_changes_the_row_it_is_on(small_org):
    header = POSITION_HEADER + ["最低学历", "专业"]
    report = import_workbook(content=xlsx({"岗位": [header, ["EXP-01", "拓展专员", "G-MKT-EXP", "MKT-01", 5, "大专", "营销"]]}),
                             filename="q.xlsx")
    assert report.ok, report.all_problems
    [row] = report.sheets["positions"].rows
    assert row.status == "changed" and row.changes == ["最低学历", "专业"]
    assert Position.objects.get(code="EXP-01").qualification.education == Education.COLLEGE

    report = import_workbook(content=xlsx({"岗位": [header, ["EXP-01", "拓展专员", "G-MKT-EXP", "MKT-01", 5, "大专", "市场营销"]]}),
                             filename="q.xlsx")
    [row] = report.sheets["positions"].rows
    assert row.status == "changed" and row.changes == ["专业"]
    report = import_workbook(content=xlsx({"岗位": [header, ["EXP-01", "拓展专员", "G-MKT-EXP", "MKT-01", 5, None, None]]}),
                             filename="q.xlsx")
    [row] = report.sheets["positions"].rows
    assert row.status == "unchanged"  # blank cells give no qualification: the stored one stays
    assert Position.objects.get(code="EXP-01").qualification.major == "市场营销"


def test_qualification_sheet_still_serves_positions_the_position_sheet_leaves_blank(small_org):
    content = xlsx({
        "岗位": [POSITION_HEADER + ["学历要求"], ["EXP-01", "拓展专员", "G-MKT-EXP", "MKT-01", 5, "本科"],
                 ["MKT-01", "市场总监", "G-MKT", "CEO", 1, None]],
        "任职资格": [["岗位编号", "最低学历", "专业"], ["MKT-01", "硕士", "管理"]],
    })
    report = import_workbook(content=content, filename="q.xlsx")
    assert report.ok, report.all_problems
    assert dict(Qualification.objects.values_list("position__code", "education")) == {
        "EXP-01": Education.BACHELOR, "MKT-01": Education.MASTER}


@pytest.mark.parametrize("cell, items", [
    ("1、负责A；2、负责B；3、完成3、4月报表。", ["负责A", "负责B", "完成3、4月报表。"]),
    ("岗位职责：\n1. 制定计划\n2. 组织实施\n   并检查\n3. 汇报", ["制定计划", "组织实施\n并检查", "汇报"]),
    ("负责A\n负责B\n\n负责C", ["负责A", "负责B", "负责C"]),
    ("（1）甲 （2）乙", ["甲", "乙"]),
    ("①甲②乙③丙", ["甲", "乙", "丙"]),
    ("（1）全面负责财务工作（2）审核报表", ["全面负责财务工作", "审核报表"]),
    ("一、管理：(1)预算 (2)核算\n二、协调", ["管理：(1)预算 (2)核算", "协调"]),
    ("1、编制报表\n2、审核\n（1）凭证\n（2）账簿\n3、归档", ["编制报表", "审核\n（1）凭证\n（2）账簿", "归档"]),
    ("按1.5倍计算，共2、3人", ["按1.5倍计算，共2、3人"]),
    ("1、只有一项", ["只有一项"]),
    ("负责公司日常行政事务", ["负责公司日常行政事务"]),
])
def test_a_cell_listing_several_duties_is_split_into_items(cell, items):
    from jobs.importing.cells import split_items

    assert split_items(cell) == items


def test_duties_in_one_cell_of_the_position_sheet_become_duty_rows(small_org):
    header = ["岗位编号", "职位名称", "部门", "上级岗位", "定员", "主要职责"]
    content = staffing_table(header, [
        ["EXP-01", "拓展专员", "拓展部", "市场总监", 5, "1、开发新客户；\n2、维护渠道关系；\n3、完成3、4月份拓展计划。"],
        ["MKT-01", "市场总监", "市场部", "总经理", 1, "制定市场战略\n管理市场团队"],
        ["CEO", "总经理", "集团", None, 1, None],
    ])
    Duty.objects.create(position=small_org["ceo"], statement="全面管理", order=1)
    report = import_workbook(content=content, filename="一览表.xlsx")
    assert report.ok, report.all_problems
    duties = list(Duty.objects.order_by("position__code", "order").values_list("position__code", "order", "category", "statement"))
    assert duties == [
        ("CEO", 1, "main", "全面管理"),  # a blank cell leaves the duties as they are
        ("EXP-01", 1, "main", "开发新客户"), ("EXP-01", 2, "main", "维护渠道关系"), ("EXP-01", 3, "main", "完成3、4月份拓展计划。"),
        ("MKT-01", 1, "main", "制定市场战略"), ("MKT-01", 2, "main", "管理市场团队"),
    ]
    statuses = [(row.status, row.changes) for row in report.sheets["positions"].rows]
    assert statuses == [("changed", ["岗位职责"]), ("changed", ["岗位职责"]), ("unchanged", [])]
    assert "duties" not in report.sheets

    again = import_workbook(content=content, filename="一览表.xlsx", dry_run=True)
    assert [row.status for row in again.sheets["positions"].rows] == ["unchanged"] * 3

    fewer = staffing_table(header, [["EXP-01", "拓展专员", "拓展部", "市场总监", 5, "1、开发新客户 2、维护渠道关系"]])
    report = import_workbook(content=fewer, filename="一览表.xlsx")
    assert [(row.status, row.changes) for row in report.sheets["positions"].rows] == [("changed", ["岗位职责"])]
    assert list(Duty.objects.filter(position__code="EXP-01").values_list("statement", flat=True)) == ["开发新客户", "维护渠道关系"]


def test_positions_without_codes_take_the_stored_one_or_a_readable_generated_code(small_org):
    header = ["序号", "职位名称", "部门", "汇报对象", "编制", "岗位职责"]
    content = staffing_table(header, [
        [1, "市场总监", "市场部", "总经理", 1, None],
        [2, "拓展主管", "拓展部", "市场总监", 2, "1、带领拓展团队\n2、审核拓展方案"],
        [3, "拓展助理", "拓展部", "拓展主管", 3, None],
    ])
    report = import_workbook(content=content, filename="无编号.xlsx")
    assert report.ok, report.all_problems
    lead, assistant = "G-MKT-EXP-01", "G-MKT-EXP-02"  # the department's code and a sequence number
    assert [row.label for row in report.sheets["positions"].rows] == [
        "MKT-01 市场总监（按部门和名称对应已有岗位）", f"{lead} 拓展主管（编号为自动生成）", f"{assistant} 拓展助理（编号为自动生成）",
    ]
    assert any("3 行没有填写岗位编号：1 行按所在部门和岗位名称对应到系统中已有的岗位；2 行是新岗位" in w for w in report.warnings)
    assert Position.objects.get(code=assistant).reports_to.code == lead
    assert Position.objects.get(code=lead).reports_to.code == "MKT-01"
    assert Duty.objects.filter(position__code=lead).count() == 2

    count = Position.objects.count()
    again = import_workbook(content=content, filename="无编号.xlsx")
    assert again.ok, again.all_problems
    assert Position.objects.count() == count
    assert [row.status for row in again.sheets["positions"].rows] == ["unchanged"] * 3


def test_generated_code_is_the_first_free_number_and_fits_the_code_field():
    from jobs.importing.references import next_code

    assert next_code("G-MKT", set()) == "G-MKT-01"
    assert next_code("G-MKT", {"G-MKT-01", "G-MKT-02"}) == "G-MKT-03"
    assert next_code("D" * 40, set()) == "D" * 29 + "-01" and len(next_code("D" * 40, set())) == 32


def company_sheet(name="Sheet1"):
    """A company's own one-sheet staffing table: title row, a two-row header with 任职资格 merged
    over its columns, no 岗位编号, duties numbered in one cell, two departments each with a 经理."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = name
    worksheet.append(["某某科技有限公司岗位设置一览表（2024年）"])
    worksheet.merge_cells("A1:J1")
    worksheet.append(["序号", "部门", "职位名称", "上级岗位", "岗位人数", "主要职责", "任职资格", None, None, "备注"])
    worksheet.append([None, None, None, None, None, None, "学历", "专业", "所需经验", None])
    for column in "ABCDEFJ":
        worksheet.merge_cells(f"{column}2:{column}3")
    worksheet.merge_cells("G2:I2")
    rows = [
        [1, "销售部", "经理", "总经理", 1, "1、制定销售计划；2、管理销售团队", "本科及以上学历", "市场营销", "5年以上销售管理经验", None],
        [2, "销售部", "销售代表", "经理", 6, "开拓客户\n维护客户关系\n回收货款", "大专以上", None, "1年以上", "可招应届生"],
        [3, "财务部", "经理", "总经理", 1, "（1）全面负责财务工作（2）审核报表", "本科", "会计", "5年以上", None],
        [4, "财务部", "会计", "经理", 2, None, "大专及以上", "财务会计", None, None],
    ]
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def company(small_org):
    sales = Department.objects.create(code="G-S", name="销售部", parent=small_org["group"])
    finance = Department.objects.create(code="G-F", name="财务部", parent=small_org["group"])
    return {**small_org, "sales": sales, "finance": finance}


def test_a_company_own_one_sheet_table_imports(company):
    report = import_workbook(content=company_sheet(), filename="岗位设置一览表.xlsx")
    assert report.ok, report.all_problems
    assert any("“Sheet1”的名称不是可识别的表名，按它的表头当作“岗位”表导入" in w for w in report.warnings)
    sales_manager, seller, finance_manager, accountant = "G-S-01", "G-S-02", "G-F-01", "G-F-02"
    superiors = dict(Position.objects.values_list("code", "reports_to__code"))
    assert superiors[sales_manager] == superiors[finance_manager] == "CEO"
    assert superiors[seller] == sales_manager and superiors[accountant] == finance_manager
    seller_position = Position.objects.get(code=seller)
    assert (seller_position.headcount, seller_position.remarks, seller_position.department.code) == (6, "可招应届生", "G-S")
    assert list(seller_position.duties.values_list("statement", flat=True)) == ["开拓客户", "维护客户关系", "回收货款"]
    assert list(Duty.objects.filter(position__code=finance_manager).values_list("statement", flat=True)) == ["全面负责财务工作", "审核报表"]
    qualifications = {q.position.code: (q.education, q.major, q.experience) for q in Qualification.objects.select_related("position")}
    assert qualifications == {
        sales_manager: (Education.BACHELOR, "市场营销", "5年以上销售管理经验"), seller: (Education.COLLEGE, "", "1年以上"),
        finance_manager: (Education.BACHELOR, "会计", "5年以上"), accountant: (Education.COLLEGE, "财务会计", ""),
    }
    problems = report.sheets["positions"].rows[0].problems
    assert report.sheets["positions"].rows[0].row == 4 and not problems  # Excel row numbers count the header rows

    again = import_workbook(content=company_sheet(), filename="岗位设置一览表.xlsx", dry_run=True)
    assert again.ok and {row.status for row in again.sheets["positions"].rows} == {"unchanged"}


def test_unknown_sheet_names_are_read_by_headers_only_when_no_sheet_is_named(company):
    both = xlsx({
        "Sheet1": [["岗位名称", "所在部门", "直接上级"], ["出纳", "财务部", "CEO"]],
        "Sheet2": [["职位名称", "部门", "上级岗位"], ["司机", "集团", "CEO"]],
    })
    report = import_workbook(content=both, filename="two.xlsx")
    assert report.ok, report.all_problems
    assert any("“Sheet2”的表头像“岗位”表，但前面已有一个“岗位”表，已跳过" in w for w in report.warnings)
    assert Position.objects.filter(title="出纳").exists() and not Position.objects.filter(title="司机").exists()

    named = xlsx({"部门": [DEPARTMENT_HEADER, ["G-IT", "信息部", "G"]], "Sheet1": [["岗位名称", "所在部门"], ["网管", "G-IT"]]})
    report = import_workbook(content=named, filename="named.xlsx")
    assert report.ok, report.all_problems
    assert any("“Sheet1”不是可识别的表名，已跳过" in w for w in report.warnings)
    assert not Position.objects.filter(title="网管").exists()


def test_header_synonyms_of_company_sheets(company):
    header = ["职务", "归属部门", "直属上级", "定编", "岗位级别", "文化程度", "任职要求"]
    content = xlsx({"岗位": [header, ["出纳", "财务部", "CEO", 1, None, "中专及以上", "细心，熟悉银行业务"]]})
    report = import_workbook(content=content, filename="syn.xlsx")
    assert report.ok, report.all_problems
    # the generated code, and 中专及以上 kept beside the level 高中/中专 (the row says so)
    assert len(report.warnings) == 2 and "按文字推断" in report.warnings[0], report.warnings
    assert report.sheets["positions"].rows[0].notes == ["最低学历：高中/中专，原文“中专及以上”记入学历说明"]
    cashier = Position.objects.get(title="出纳")
    assert (cashier.department.code, cashier.reports_to.code, cashier.headcount) == ("G-F", "CEO", 1)
    assert (cashier.qualification.education, cashier.qualification.education_note, cashier.qualification.other) == (
        Education.SENIOR_HIGH, "中专及以上", "细心，熟悉银行业务",
    )


@pytest.mark.parametrize("header, name", [
    ("职位名称", "title"), ("岗位名称", "title"), ("部门", "department"), ("所属部门", "department"),
    ("上级岗位", "reports_to"), ("汇报对象", "reports_to"), ("直接上级", "reports_to"), ("编制", "headcount"),
    ("定员", "headcount"), ("岗位人数", "headcount"), ("职责", "statement"), ("岗位职责", "statement"),
    ("主要职责", "statement"), ("学历要求", "education"), ("最低学历", "education"), ("工作经验", "experience"),
    ("所需经验", "experience"), ("培训", "training_subjects"), ("知识", "knowledge"), ("技能", "skills"),
    ("证书", "certificates"), ("外语", "languages"), ("计算机", "computer_skills"), ("职责概述", "summary"),
])
def test_position_sheet_header_synonyms(header, name):
    from jobs.importing.mapping import synonym_index
    from jobs.importing.sheets import SHEETS_BY_KEY

    assert synonym_index(SHEETS_BY_KEY["positions"])[header].column.name == name


def test_a_published_position_the_file_changes_becomes_a_draft(small_org):
    from django.utils import timezone

    from jobs.publication import last_published

    Position.objects.filter(code="MKT-01").update(approved_at=timezone.now())  # published after it was written
    report = import_workbook(content=org_file([["MKT-01", "市场总监（新）", "G-MKT", "CEO", 1]]), filename="改名.xlsx")
    assert report.committed and report.reopened == 1 and report.not_published == 0
    assert any("1 个已发布的岗位因本次导入有变化而转为草稿" in w for w in report.warnings)
    position = Position.objects.with_job_description().get(code="MKT-01")
    assert (position.status, position.title) == (Position.Status.DRAFT, "市场总监（新）")
    assert last_published(position).title == "市场总监"  # what managers still see

    unchanged = import_workbook(content=org_file([["EXP-01", "拓展专员", "G-MKT-EXP", "MKT-01", 5]]), filename="同.xlsx")
    assert unchanged.committed and unchanged.reopened == 0
    assert Position.objects.get(code="EXP-01").status == Position.Status.PUBLISHED


def test_a_sheet_level_problem_counts_as_an_error_of_that_sheet(small_org):
    content = xlsx({"岗位": [["岗位编号", "所在部门"], ["X1", "G"]], "部门": [DEPARTMENT_HEADER, ["G-IT", "信息部", "G"]]})
    report = import_workbook(content=content, filename="缺列.xlsx")
    assert not report.committed
    counts = {sheet.title: sheet.counts["error"] for sheet in report.sheets.values()}
    assert counts == {"岗位": 1, "部门": 0}
    assert any(line.startswith("岗位:") and "错误 1" in line for line in report.summary_lines())


def test_categories_written_in_a_list_cell_of_the_position_sheet_are_read(small_org):
    content = staffing_table(["岗位编号", "岗位名称", "所在部门", "岗位权限"], [
        ["EXP-01", "拓展专员", "拓展部", "1、人事权：参与招聘面试\n2、财务权：5000元以下费用审批\n3、提出市场建议"],
    ])
    report = import_workbook(content=content, filename="权限.xlsx")
    assert report.ok, report.all_problems
    rows = list(Authority.objects.filter(position__code="EXP-01").values_list("category", "text"))
    assert rows == [("personnel", "参与招聘面试"), ("finance", "5000元以下费用审批"), ("other", "提出市场建议")]
    notes = report.sheets["positions"].rows[0].notes
    assert any("人事权" in note for note in notes) and any("财务权" in note for note in notes)


def summary(report):
    counts = {key: sheet.counts for key, sheet in report.sheets.items()}
    return counts, report.not_published, report.reopened, [(d.code, d.parent) for d in report.new_departments]


@pytest.mark.parametrize("rows", [
    [["MKT-01", "市场总监（改）", "G-MKT", "CEO", 1, "已发布"], ["EXP-01", "拓展专员", "G-MKT-EXP", "MKT-01", 5, "草稿"]],
    [["EXP-01", "拓展专员", "G-MKT-EXP", "", 5, ""], ["N-1", "新岗位", "新部门", "EXP-01", 2, "已发布"]],
])
def test_the_preview_reports_exactly_what_the_import_then_does(small_org, rows):
    """The preview stops before writing (no lock, no writes): its counts come from the same plan."""
    from django.utils import timezone

    Position.objects.update(approved_at=timezone.now())
    header = POSITION_HEADER + ["状态"]
    content = xlsx({"岗位": [header, *rows], "职责": [["岗位编号", "职责描述"], ["EXP-01", "唯一的职责"]],
                    "协作关系": [["岗位编号", "协作对象", "协作范围"], ["MKT-01", "财务部", "公司内部"]]})
    preview = import_workbook(content=content, filename="p.xlsx", dry_run=True)
    before = snapshot()
    assert preview.ok, preview.all_problems
    assert snapshot() == before  # nothing written
    done = import_workbook(content=content, filename="p.xlsx")
    assert done.committed
    assert summary(preview) == summary(done)


def test_the_preview_writes_nothing_and_takes_no_lock(small_org):
    """A preview running beside HR's edits can neither wait for them nor deadlock with them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    content = org_file([["MKT-01", "市场总监（改）", "G-MKT", "CEO", 3], ["N-2", "新岗位", "G-MKT", "MKT-01", 1]])
    with CaptureQueriesContext(connection) as queries:
        assert import_workbook(content=content, filename="p.xlsx", dry_run=True).ok
    statements = [query["sql"].lstrip().split()[0].upper() for query in queries.captured_queries]
    assert not {"INSERT", "UPDATE", "DELETE", "LOCK"} & set(statements)
    assert not any("pg_advisory" in query["sql"] for query in queries.captured_queries)
