"""The exported workbook is laid out for people and still reads back unchanged."""
import io

from openpyxl import load_workbook

from conftest import make_level, make_position
from jobs.importing import export_workbook, import_workbook, template_workbook
from jobs.importing.exporting import readable_references
from jobs.models import Qualification


def header_index(sheet):
    return {cell.value: cell.column_letter for cell in sheet[1]}


def test_the_export_has_a_guide_bold_frozen_headers_widths_and_dropdowns(small_org):
    small_org["specialist"].job_level = make_level("专员级", 40)
    small_org["specialist"].save()
    Qualification.objects.create(position=small_org["specialist"], education=4)
    workbook = load_workbook(io.BytesIO(export_workbook()))
    assert workbook.sheetnames[0] == "填写说明" and workbook.sheetnames[-1] == "选项"
    assert workbook["选项"].sheet_state == "hidden"
    positions = workbook["岗位"]
    assert positions.freeze_panes == "A2"
    assert all(cell.font.bold for cell in positions[1])
    columns = header_index(positions)
    assert positions.column_dimensions[columns["职责概述"]].width >= 8
    validated = {str(rng).split(":")[0].rstrip("0123456789") for dv in positions.data_validations.dataValidation for rng in dv.sqref.ranges}
    assert {columns["职务等级"], columns["所在部门"], columns["状态"]} <= validated
    qualification = workbook["任职资格"]
    education = header_index(qualification)["最低学历"]
    assert any(str(rng).startswith(education) for dv in qualification.data_validations.dataValidation for rng in dv.sqref.ranges)


def test_references_are_written_as_names_where_they_find_the_same_record(small_org):
    make_position(small_org["market"], "拓展专员", reports_to=small_org["director"], code="EXP-02")  # a second 拓展专员
    make_position(small_org["expansion"], "助理", reports_to=small_org["specialist"], code="AS-1")
    workbook = load_workbook(io.BytesIO(export_workbook()))
    positions = workbook["岗位"]
    header = [cell.value for cell in positions[1]]
    rows = {row[0]: dict(zip(header, row)) for row in positions.iter_rows(min_row=2, values_only=True)}
    assert rows["MKT-01"]["所在部门"] == "市场部" and rows["MKT-01"]["直接上级"] == "总经理"
    assert rows["AS-1"]["直接上级"] == "EXP-01"  # 拓展专员 is two positions' title: the code
    report = import_workbook(content=_bytes(workbook), filename="again.xlsx", dry_run=True)
    assert report.ok, report.all_problems
    for sheet in report.sheets.values():
        assert sheet.counts["new"] == sheet.counts["changed"] == 0, sheet.title


def test_a_name_that_is_also_a_code_or_looks_like_one_is_written_as_the_code():
    refs = readable_references([(1, "A", "B"), (2, "B", "销售部"), (3, "C", "101"), (4, "D", "人事、行政"), (5, "E", "财务部")])
    assert refs == {1: "A", 2: "销售部", 3: "C", 4: "D", 5: "财务部"}


def test_the_template_has_the_dropdowns_of_the_system(small_org):
    make_level("经理级", 20)
    workbook = load_workbook(io.BytesIO(template_workbook()))
    options = [row for row in workbook["选项"].iter_rows(values_only=True)]
    columns = list(zip(*options))
    assert any("经理级" in column for column in columns) and any("市场部" in column for column in columns)


def _bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
