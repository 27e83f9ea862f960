"""Every kind of bad file is refused with a Chinese message naming sheet, row and column; nothing is written."""
import io
import zipfile

import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from conftest import DEPARTMENT_HEADER, POSITION_HEADER, make_position, org_file, refused, snapshot, xlsx
from departments.models import Department
from jobs.importing import import_workbook
from jobs.models import Position


def only(problems):
    assert len(problems) >= 1
    return problems[0]


@pytest.mark.parametrize(
    "content, filename, words",
    [
        (b"", "empty.xlsx", "空的"),
        (b"%PDF-1.4 something", "scan.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", ".xls"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "损坏"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.png", "不是表格"),
        ("随便写的一段话，没有表头".encode(), "note.csv", "没有可导入的数据"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(small_org, content, filename, words):
    problem = only(refused(content, filename))
    assert words in problem.message


def test_a_zip_that_is_not_a_workbook_is_refused(small_org):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "损坏" in only(refused(buffer.getvalue())).message


def test_file_over_the_size_limit_is_refused(small_org, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    problem = only(refused(b"a" * (1024 * 1024 + 1), "big.csv"))
    assert "超过上限 1 MB" in problem.message


def test_missing_required_column_names_sheet_row_and_column(small_org):
    content = xlsx({"岗位": [["公司岗位表"], ["岗位编号", "所在部门"], ["X1", "G"]]})
    problem = only(refused(content))
    assert (problem.sheet, problem.row, problem.column) == ("岗位", 2, "岗位名称")
    assert "缺少必填列" in problem.message and "职位名称" in problem.action


def test_unknown_department_and_superior_are_reported_on_their_rows(small_org):
    # A department name the 岗位 sheet gives is created (see test_named_departments); an unknown
    # code there, or an unknown 上级部门 on the 部门 sheet, is not.
    problems = refused(org_file(
        [["A1", "助理", "G-MARS", "", 1], ["A2", "文员", "G", "NOBODY", 1]], departments=(("G-X", "某部", "不存在的部门"),),
    ))
    by_row = {(p.sheet, p.row, p.column): p for p in problems}
    assert "找不到部门编码“G-MARS”" in by_row[("岗位", 2, "所在部门")].message
    assert "找不到岗位“NOBODY”" in by_row[("岗位", 3, "直接上级")].message
    assert "找不到部门“不存在的部门”" in by_row[("部门", 2, "上级部门")].message


def test_all_rows_are_rolled_back_when_one_row_is_bad(small_org):
    rows = [[f"N{i}", f"岗位{i}", "G", "CEO", 1] for i in range(50)] + [["BAD", "坏行", "G", "", "两人"]]
    problem = only(refused(org_file(rows)))
    assert (problem.sheet, problem.row, problem.column) == ("岗位", 52, "岗位定员")
    assert "两人" in problem.message and "2" in problem.action
    assert not Position.objects.filter(code__startswith="N").exists()


def test_duplicate_codes_in_the_file(small_org):
    problem = only(refused(org_file([["A1", "助理", "G", "", 1], ["A1", "文员", "G", "", 1]])))
    assert problem.row == 3 and "第 2 行重复" in problem.message


def test_reporting_cycle_inside_the_file(small_org):
    problems = refused(org_file([["A", "甲", "G", "B", 1], ["B", "乙", "G", "C", 1], ["C", "丙", "G", "A", 1]]))
    assert {p.row for p in problems} == {2, 3, 4}
    assert all("循环" in p.message for p in problems)


def test_reporting_cycle_between_file_and_database(small_org):
    # CEO <- MKT-01 <- EXP-01 in the database; the file makes the CEO report to EXP-01.
    problems = refused(org_file([["CEO", "总经理", "G", "EXP-01", 1]]))
    assert only(problems).row == 2 and "循环" in problems[0].message


def test_department_moved_under_its_own_child_is_a_cycle(small_org):
    content = xlsx({"部门": [DEPARTMENT_HEADER, ["G-MKT", "市场部", "G-MKT-EXP"]]})
    assert "循环" in only(refused(content)).message


def test_ambiguous_department_path(small_org):
    sales = Department.objects.create(code="G-SALES", name="销售中心", parent=small_org["group"])
    Department.objects.create(code="G-SALES-EXP", name="拓展部", parent=sales)
    problem = only(refused(org_file([["A1", "助理", "拓展部", "", 1]], departments=())))
    assert "不唯一" in problem.message and "G-MKT-EXP" in problem.message
    report = import_workbook(content=org_file([["A1", "助理", "集团/市场部/拓展部", "", 1]], departments=()), filename="ok.xlsx")
    assert report.ok, report.all_problems


def test_number_where_text_is_expected(small_org):
    problem = only(refused(org_file([["A1", 12345, "G", "", 1]])))
    assert problem.column == "岗位名称" and "数字" in problem.message


def test_ten_thousand_characters_of_text(small_org):
    content = xlsx({"岗位": [POSITION_HEADER + ["职责概述"], ["A1", "助理", "G", "", 1, "很长" * 5000]]})
    problem = only(refused(content))
    assert problem.column == "职责概述" and "10000 个字" in problem.message


def test_formulas_and_html_in_cells(small_org):
    content = xlsx({"岗位": [POSITION_HEADER + ["备注"], ["A1", "助理", "G", "", "=1+1", ""], ["A2", "文员", "G", "", 1, "<script>alert(1)</script>"]]})
    problems = refused(content)
    assert {(p.row, p.column) for p in problems} == {(2, "岗位定员"), (3, "备注")}
    content = xlsx({"岗位": [POSITION_HEADER + ["备注"], ["A1", "助理", "G", "", 1, "=A1*2"]]})
    assert "公式" in only(refused(content)).message


def test_unknown_choice_label_lists_the_allowed_ones(small_org):
    content = xlsx({"岗位": [POSITION_HEADER + ["状态"], ["A1", "助理", "G", "", 1, "作废"]]})
    problem = only(refused(content))
    assert "草稿" in problem.action and "已发布" in problem.action


def test_an_unknown_column_stops_the_import_until_it_is_mapped_or_left_out(small_org):
    content = xlsx({"岗位": [POSITION_HEADER + ["员工满意度"], ["A1", "助理", "G", "", 1, 3]]})
    problem = only(refused(content))
    assert (problem.sheet, problem.row, problem.column) == ("岗位", 1, "员工满意度")
    assert "「员工满意度」列不知道该导入到哪个字段" in problem.message and "不导入" in problem.action

    report = import_workbook(content=content, filename="x.xlsx", mapping={"岗位": {"员工满意度": ""}})
    assert report.ok, report.all_problems
    assert Position.objects.get(code="A1").title == "助理"


cell_values = st.one_of(
    st.none(), st.text(max_size=60), st.integers(min_value=-5, max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["G", "CEO", "草稿", "=1", "<b>x</b>", "两人", "G-MKT/集团"]),
)


@pytest.mark.django_db
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell_values, min_size=5, max_size=5), min_size=1, max_size=6))
def test_random_rows_never_crash_and_never_import_partly(small_org, rows):
    clean = [[ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row] for row in rows]
    before = snapshot()
    count = Position.objects.count()
    content = xlsx({"岗位": [POSITION_HEADER, *clean]})
    report = import_workbook(content=content, filename="random.xlsx")
    if report.committed:
        assert report.ok
    else:
        assert report.all_problems
        assert snapshot() == before and Position.objects.count() == count


def test_superior_title_twice_in_the_same_department_lists_both(db):
    departments = (("G", "集团", None), ("G-S", "销售部", "G"))
    problems = refused(org_file([
        ["S-MGR1", "经理", "G-S", "", 1], ["S-MGR2", "经理", "G-S", "", 1], ["S-REP", "销售代表", "G-S", "经理", 5],
    ], departments=departments))
    problem = only(problems)
    assert (problem.sheet, problem.row, problem.column) == ("岗位", 4, "直接上级")
    assert "对应多个岗位：销售部 S-MGR1、销售部 S-MGR2" in problem.message and "岗位编号" in problem.action


def test_superior_title_not_in_the_named_department_is_not_looked_for_elsewhere(small_org):
    header = POSITION_HEADER + ["上级所在部门"]
    problem = only(refused(xlsx({"岗位": [header, ["N1", "专员", "G-MKT-EXP", "市场总监", 1, "集团/市场部/拓展部"]]})))
    assert problem.column == "直接上级" and "“拓展部”中找不到岗位“市场总监”" in problem.message


def test_bad_value_in_a_qualification_column_of_the_position_sheet(small_org):
    header = POSITION_HEADER + ["学历要求", "经验年限", "性别"]
    problems = refused(xlsx({"岗位": [
        ["公司岗位表"], header,
        ["A1", "助理", "G", "CEO", 1, "小学毕业", 2, "不限"],
        ["A2", "文员", "G", "CEO", 1, "本科", "三年", "男"],
        ["A3", "司机", "G", "CEO", 1, "高中", 1, "男" * 60],
    ]}))
    by_row = {p.row: p for p in problems}
    assert len(problems) == 3
    assert (by_row[3].sheet, by_row[3].column) == ("岗位", "最低学历")
    assert "不认识“小学毕业”" in by_row[3].message and "本科" in by_row[3].action
    assert by_row[4].column == "工作经验年限" and "应为数字，却是“三年”" in by_row[4].message
    assert by_row[5].column == "性别要求" and "超过上限 50 字" in by_row[5].message
    assert not Position.objects.filter(code__startswith="A").exists()


def test_qualification_on_the_position_sheet_and_on_its_own_sheet_is_refused(small_org):
    problems = refused(xlsx({
        "岗位": [POSITION_HEADER + ["最低学历", "专业"], ["EXP-01", "拓展专员", "G-MKT-EXP", "MKT-01", 5, "本科", "营销"]],
        "任职资格": [["岗位编号", "最低学历"], ["MKT-01", "硕士"], ["EXP-01", "大专"]],
    }))
    problem = only(problems)
    assert (problem.sheet, problem.row, problem.column) == ("任职资格", 3, "岗位编号")
    assert "任职资格填了两处" in problem.message and "“岗位”工作表第 2 行（最低学历、专业）" in problem.message
    assert "清空“岗位”工作表第 2 行的任职资格各列" in problem.action


def test_duties_on_the_position_sheet_and_on_the_duty_sheet_are_refused(small_org):
    problems = refused(xlsx({
        "岗位": [POSITION_HEADER + ["岗位职责"], ["EXP-01", "拓展专员", "G-MKT-EXP", "MKT-01", 5, "1、开发客户\n2、维护渠道"]],
        "职责": [["岗位编号", "职责描述"], ["MKT-01", "制定战略"], ["EXP-01", "开发客户"], ["EXP-01", "维护渠道"]],
    }))
    problem = only(problems)
    assert (problem.sheet, problem.row, problem.column) == ("职责", 3, "岗位编号")
    assert "职责填了两处" in problem.message and "“岗位”工作表第 2 行的「岗位职责」" in problem.message


def test_duty_cell_over_the_limit_names_the_position_sheet_column(small_org):
    content = xlsx({"岗位": [POSITION_HEADER + ["工作职责"], ["A1", "助理", "G", "CEO", 1, "1、" + "很长" * 3000]]})
    problem = only(refused(content))
    assert (problem.sheet, problem.row, problem.column) == ("岗位", 2, "岗位职责")
    assert "超过上限 5000 字" in problem.message


def test_two_rows_without_code_with_the_same_title_in_one_department(small_org):
    content = xlsx({"岗位": [["岗位名称", "所在部门", "直接上级"], ["销售代表", "市场部", "MKT-01"], ["销售代表", "市场部", "MKT-01"]]})
    problem = only(refused(content))
    assert (problem.sheet, problem.row, problem.column) == ("岗位", 3, "岗位编号")
    assert "没有岗位编号" in problem.message and "与第 2 行相同" in problem.message


def test_row_without_code_matching_two_stored_positions_must_name_one(small_org):
    make_position(small_org["market"], "市场总监", code="MKT-02")
    content = xlsx({"岗位": [["岗位名称", "所在部门", "直接上级"], ["市场总监", "市场部", "CEO"]]})
    problem = only(refused(content))
    assert (problem.row, problem.column) == (2, "岗位编号")
    assert "“市场部”有 2 个“市场总监”岗位：MKT-01、MKT-02" in problem.message
