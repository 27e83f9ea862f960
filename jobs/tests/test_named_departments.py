"""Departments named on the 岗位 sheet that exist nowhere yet are created by the import."""
import pytest

from conftest import COMPANY_ROWS, DEPARTMENT_HEADER, company_table, make_department, refused, snapshot, staffing_table, xlsx
from departments.models import Department
from jobs.importing import import_workbook
from jobs.models import Position


def tree():
    """{code: (name, parent code)} of every department."""
    return {d.code: (d.name, d.parent.code if d.parent else None) for d in Department.objects.select_related("parent")}


def test_a_one_sheet_table_on_an_empty_database_creates_its_departments(db):
    report = import_workbook(content=company_table(), filename="一览表.xlsx")

    assert report.ok, report.all_problems
    office, sales, finance = "D-01", "D-02", "D-03"  # top-level departments: D and a sequence number
    assert tree() == {office: ("总经办", None), sales: ("销售部", None), finance: ("财务部", None)}
    assert [(d.name, d.code, d.parent) for d in report.new_departments] == [
        ("总经办", office, ""), ("销售部", sales, ""), ("财务部", finance, "")]
    assert [d.rows for d in report.new_departments] == [[3], [4, 5], [6]]
    assert any("有 3 个部门在“部门”工作表和系统中都没有，导入时将新建" in w and "作为顶层部门" in w for w in report.warnings)
    assert "新建部门: 3（总经办、销售部、财务部）" in report.summary_lines()
    seller = Position.objects.get(title="销售代表")
    assert (seller.code, seller.department.code, seller.reports_to.title) == ("D-02-02", sales, "销售经理")
    assert Department.objects.get(code=sales).get_descendant_count() == 0
    new = Department.objects.get(code=finance)
    assert (new.authorised_headcount, new.head_position, new.kind, new.is_active) == (None, None, "department", True)
    assert new.history.get().history_type == "+"


def test_new_departments_go_under_the_only_top_department(db):
    group = make_department("华拓集团", code="HT", kind="group")
    market = make_department("市场部", parent=group, code="HT-MKT")
    make_department("拓展部", parent=market, code="HT-MKT-EXP")
    make_department("财务部", parent=group, code="HT-FIN")
    make_department("人力资源部", parent=group, code="HT-HR")
    before = tree()

    report = import_workbook(content=company_table(), filename="一览表.xlsx")

    assert report.ok, report.all_problems
    office, sales = "HT-01", "HT-02"
    assert [(d.name, d.code, d.parent) for d in report.new_departments] == [("总经办", office, "华拓集团"), ("销售部", sales, "华拓集团")]
    assert tree() == before | {office: ("总经办", "HT"), sales: ("销售部", "HT")}
    assert Position.objects.filter(title="会计", department__code="HT-FIN").exists()  # 财务部 was there
    assert any("只写了名称的部门放在唯一的顶层部门“华拓集团”之下" in w for w in report.warnings)
    children = list(Department.objects.get(code="HT").get_children().values_list("code", flat=True))
    assert children[-2:] == [office, sales]  # after the departments already there, in the order of the file
    assert children[:-2] == ["HT-MKT", "HT-FIN", "HT-HR"]


def test_a_department_sheet_with_one_top_department_takes_the_new_ones(db):
    content = xlsx({
        "部门": [DEPARTMENT_HEADER, ["G", "集团", None]],
        "岗位": [["岗位名称", "所在部门"], ["总经理", "集团"], ["出纳", "财务部"]],
    })
    report = import_workbook(content=content, filename="t.xlsx")
    assert report.ok, report.all_problems
    assert tree() == {"G": ("集团", None), "G-01": ("财务部", "G")}


PATH_ROWS = [
    ["渠道专员", "集团/市场部/渠道组"],
    ["大客户经理", "市场部-大客户组"],
    ["华南销售", "销售中心/华南区"],
    ["华东销售", "集团/销售中心/华东区"],
    ["华东助理", "集团 > 销售中心 > 华东区"],
    ["片区主管", "华东-一区"],
    ["渠道助理", "渠道组"],
]


@pytest.mark.parametrize("order", ["as written", "reversed"])
def test_paths_create_their_missing_levels_under_the_deepest_existing_one(small_org, order):
    rows = PATH_ROWS if order == "as written" else PATH_ROWS[::-1]
    report = import_workbook(content=xlsx({"岗位": [["岗位名称", "所在部门"], *rows]}), filename="paths.xlsx")

    assert report.ok, report.all_problems
    channel, key_accounts, centre, east, south, zone = "G-MKT-01", "G-MKT-02", "G-01", "G-01-01", "G-01-02", "G-02"
    assert {d.code: (d.name, d.parent) for d in report.new_departments} == {
        centre: ("销售中心", "集团"), east: ("华东区", "集团/销售中心"), south: ("华南区", "集团/销售中心"),
        channel: ("渠道组", "集团/市场部"), key_accounts: ("大客户组", "集团/市场部"), zone: ("华东-一区", "集团"),
    }
    assert tree() == {
        "G": ("集团", None), "G-MKT": ("市场部", "G"), "G-MKT-EXP": ("拓展部", "G-MKT"),
        channel: ("渠道组", "G-MKT"), key_accounts: ("大客户组", "G-MKT"), centre: ("销售中心", "G"),
        east: ("华东区", centre), south: ("华南区", centre), zone: ("华东-一区", "G"),
    }
    departments = dict(Position.objects.values_list("title", "department__code"))
    assert departments["华东销售"] == departments["华东助理"] == east and departments["渠道助理"] == channel
    if order == "as written":
        rows_of = {d.code: d.rows for d in report.new_departments}
        assert (rows_of[centre], rows_of[channel]) == ([4, 5, 6], [2, 8])


def test_department_levels_in_columns_side_by_side(small_org):
    content = staffing_table(["一级部门", "二级部门", "三级部门", "岗位名称", "上级岗位"], [
        ["市场部", "拓展部", None, "拓展助理", "拓展专员"],
        ["销售中心", None, None, "销售总监", "总经理"],
        ["销售中心", "华东区", "一组", "销售员", "销售总监"],
    ], sheet="Sheet1")
    report = import_workbook(content=content, filename="levels.xlsx")
    assert report.ok, report.all_problems
    assert any("按它的表头当作“岗位”表导入" in w for w in report.warnings)  # the levels stand in for 所在部门
    assert not [w for w in report.warnings if "不是可识别的列" in w]
    centre, team = "G-01", "G-01-01-01"
    assert [(d.name, d.parent) for d in report.new_departments] == [("销售中心", "集团"), ("华东区", "集团/销售中心"), ("一组", "集团/销售中心/华东区")]
    departments = dict(Position.objects.values_list("title", "department__code"))
    assert (departments["拓展助理"], departments["销售总监"], departments["销售员"]) == ("G-MKT-EXP", centre, team)

    report = import_workbook(content=xlsx({"岗位": [["一级部门", "部门", "岗位名称"], ["销售中心", "华南区", "华南销售"],
                                                   ["销售中心", "销售中心", "销售助理"], [None, "拓展部", "拓展文员"]]}), filename="l.xlsx")
    assert report.ok, report.all_problems
    departments = dict(Position.objects.values_list("title", "department__code"))
    assert departments["华南销售"] == "G-01-02"
    assert (departments["销售助理"], departments["拓展文员"]) == (centre, "G-MKT-EXP")  # 所在部门 is the lowest level

    problems = refused(staffing_table(["一级部门", "二级部门", "岗位名称"], [["销售中心", None, "甲"], [None, None, "乙"]]))
    assert [(p.sheet, p.row, p.column) for p in problems] == [("岗位", 4, "一级部门")]
    assert "「一级部门」「二级部门」都没有填写" in problems[0].message


def test_importing_the_same_table_again_changes_nothing(small_org):
    content = company_table()
    first = import_workbook(content=content, filename="一览表.xlsx")
    assert first.ok and len(first.new_departments) == 3
    before = snapshot()

    again = import_workbook(content=content, filename="一览表.xlsx")

    assert again.ok, again.all_problems
    assert again.new_departments == [] and not [w for w in again.warnings if "新建" in w]
    assert {row.status for row in again.sheets["positions"].rows} == {"unchanged"}
    assert snapshot() == before


def test_preview_lists_the_new_departments_and_writes_nothing(small_org):
    before = snapshot()
    report = import_workbook(content=company_table(), filename="一览表.xlsx", dry_run=True)
    assert report.ok and not report.committed
    assert [(d.name, d.code, d.parent) for d in report.new_departments] == [
        ("总经办", "G-01", "集团"), ("销售部", "G-02", "集团"), ("财务部", "G-03", "集团")]
    assert snapshot() == before


def test_a_name_several_departments_have_is_refused_with_the_candidates(small_org):
    centre = make_department("销售中心", parent=small_org["group"], code="G-SC")
    make_department("拓展部", parent=centre, code="G-SC-EXP")
    problems = refused(xlsx({"岗位": [["岗位名称", "所在部门"], ["助理", "拓展部"], ["组长", "拓展部/一组"], ["文员", "新部门"]]}))
    by_row = {p.row: p for p in problems}
    assert sorted(by_row) == [2, 3]
    candidates = "集团/市场部/拓展部（G-MKT-EXP）、集团/销售中心/拓展部（G-SC-EXP）"
    assert by_row[2].column == "所在部门" and f"部门“拓展部”不唯一，可能是：{candidates}" in by_row[2].message
    assert f"部门“拓展部/一组”中的“拓展部”不唯一，可能是：{candidates}" in by_row[3].message
    assert not Department.objects.filter(name__in=["一组", "新部门"]).exists()


def test_a_bad_row_elsewhere_writes_nothing_not_even_the_new_departments(small_org):
    rows = [*COMPANY_ROWS, [5, "司机", "车队", "总经理", "两人"]]
    problems = refused(company_table(rows))
    assert [(p.row, p.column) for p in problems] == [(7, "岗位定员")]
    assert not Department.objects.filter(name__in=["总经办", "销售部", "财务部", "车队"]).exists()


def test_an_unknown_code_is_an_error_not_a_new_department(small_org):
    problem = refused(xlsx({"岗位": [["岗位名称", "所在部门"], ["助理", "G-MARS"], ["文员", "101"]]}))
    assert [(p.row, p.column) for p in problem] == [(2, "所在部门"), (3, "所在部门")]
    assert "找不到部门编码“G-MARS”" in problem[0].message and "部门名称" in problem[0].action


def test_a_generated_code_skips_the_numbers_already_taken(small_org):
    make_department("销售中心", parent=small_org["group"], code="G-01")
    report = import_workbook(content=xlsx({"岗位": [["岗位名称", "所在部门"], ["销售员", "销售部"]]}), filename="t.xlsx")
    assert report.ok, report.all_problems
    assert tree()["G-02"] == ("销售部", "G")


def test_a_new_department_name_over_the_limit_is_refused(small_org):
    problem = refused(xlsx({"岗位": [["岗位名称", "所在部门"], ["助理", "集团/" + "长" * 101]]}))[0]
    assert (problem.sheet, problem.row, problem.column) == ("岗位", 2, "所在部门")
    assert "要新建的部门" in problem.message


@pytest.mark.parametrize("name", ["不存在的部门", "HR", "R&D中心"])
def test_plain_names_are_created(small_org, name):
    report = import_workbook(content=xlsx({"岗位": [["岗位名称", "所在部门"], ["助理", name]]}), filename="t.xlsx")
    assert report.ok, report.all_problems
    assert Department.objects.get(code="G-01").name == name


def test_a_path_of_separators_only_is_not_a_department(small_org):
    problem = refused(xlsx({"岗位": [["岗位名称", "所在部门"], ["助理", "/"]]}))[0]
    assert (problem.row, problem.column) == (2, "所在部门") and "找不到部门“/”" in problem.message


def test_a_department_whose_name_contains_a_slash_is_found_by_its_whole_name(db):
    admin = make_department("人事/行政部", code="HRADM")
    report = import_workbook(content=company_table([[1, "行政专员", "人事/行政部", None, 1]]), filename="一览表.xlsx")

    assert report.ok, report.all_problems
    assert report.new_departments == []
    assert Position.objects.get(title="行政专员").department == admin
    assert set(tree()) == {"HRADM"}
