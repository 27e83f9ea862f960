"""The whole-organisation workbook and the Word import pages at two sizes of organisation: exact
query counts, and what each page, preview and download shows."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import Route, on_postgresql, seed_layout_docx
from jobs.importing import export_workbook
from jobs.models import Position

WORKBOOK = reverse("admin:jobs_position_import_workbook")
WORD = reverse("admin:jobs_position_import_word")


def changed_headcounts():
    """The organisation as exported, every position's 定员 one more."""
    workbook = load_workbook(io.BytesIO(export_workbook(include_confidential=True)))
    sheet = workbook["岗位"]
    column = [cell.value for cell in sheet[1]].index("岗位定员")
    for row in sheet.iter_rows(min_row=2):
        row[column].value = (row[column].value or 0) + 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def summary_row(sheet, new, changed, unchanged):
    return f"<tr><td>{sheet}</td><td>{new}</td><td>{changed}</td><td>{unchanged}</td><td>0</td><td>0</td></tr>"


def shows(*texts):
    def check(text, org):
        assert all(item.format(**org) in text for item in texts), texts
    return check


def shows_export(text, org):
    positions = [line for line in text.splitlines() if line.startswith("岗位!")]
    assert len(positions) == 1 + org["positions"]
    assert positions[1].startswith("岗位!CEO\t总经理\t集团\t") and "M9级" in text  # HR sees salaries; departments by name
    assert sum(line.startswith("部门!") for line in text.splitlines()) == 1 + org["departments"]


def shows_template(text, org):
    sheets = {line.split("!")[0] for line in text.splitlines()}
    assert {"职务等级", "职位序列", "部门", "岗位", "职责"} <= sheets and "岗位!岗位编号\t岗位名称\t所在部门" in text
    assert "CEO" not in text


WORD_FILES = (("销售员.docx", {"department": "市场部1", "superior": "市场经理1"}),
              ("组员.docx", {"code": "W-02", "department": "销售一组1", "superior": "销售组长1"}))


def word_files(org):
    return {"files": [SimpleUploadedFile(name, seed_layout_docx(**fields)) for name, fields in WORD_FILES], "encoding": "auto"}


def workbook_file(content):
    return {"files": [SimpleUploadedFile("org.xlsx", content)], "encoding": "auto"}


WORKBOOK_ROUTES = {
    "workbook import page": Route("hr", lambda org: WORKBOOK, 4, shows("<h1>导入组织数据</h1>", "上传文件")),
    "preview of the organisation as exported": Route("hr", lambda org: WORKBOOK, 29, shows(
        summary_row("岗位", 0, 0, "{positions}"), summary_row("部门", 0, 0, "{departments}"), 'name="confirm"'),
        data=lambda org: workbook_file(export_workbook(include_confidential=True))),
    "preview of every position changed": Route("hr", lambda org: WORKBOOK, 29, shows(
        summary_row("岗位", 0, "{positions}", 0), "岗位定员：<del>", 'name="confirm"'),
        data=lambda org: workbook_file(changed_headcounts())),
    "workbook export": Route("hr", lambda org: reverse("admin:jobs_position_export_workbook"), 50, shows_export, task=True),
    "workbook template": Route("hr", lambda org: reverse("admin:jobs_position_workbook_template"), 7, shows_template),
    "workbook example": Route("hr", lambda org: reverse("admin:jobs_position_workbook_example"), 4, shows(
        "部门!HT\t华拓集团", "岗位!MKT-01\t副总经理")),
    "word import page": Route("hr", lambda org: WORD, 4, shows("<h1>导入组织数据</h1>")),
    "word import preview": Route("hr", lambda org: WORD, 18, shows("销售员", "组员.docx", 'name="confirm"'), data=word_files),
}


class TestQueryCounts:
    """Each page takes the same exact number of queries for the small and the large organisation:
    the workbook import reads and writes in bulk, whatever the number of rows."""

    @pytest.mark.parametrize("name", WORKBOOK_ROUTES)
    def test_route_takes_a_fixed_number_of_queries(self, sized_org, open_route, name):
        open_route(WORKBOOK_ROUTES[name], sized_org)

    @pytest.mark.parametrize("changed", [False, True], ids=["unchanged", "every position changed"])
    def test_workbook_confirmation(self, sized_org, hr_client, exact_queries, changed):
        content = changed_headcounts() if changed else export_workbook(include_confidential=True)
        before = dict(Position.objects.values_list("code", "headcount"))
        preview = hr_client.post(WORKBOOK, workbook_file(content))
        # On PostgreSQL the import locks both trees until it commits (LOCK TABLE); SQLite has one writer anyway.
        with exact_queries((40 if changed else 29) + on_postgresql()):  # changed: + the search documents (jobs.search)
            response = hr_client.post(WORKBOOK, {"confirm": "1", "token": preview.context["token"]})
        assert response.status_code == 302 and response["Location"] == reverse("admin:jobs_position_changelist")
        after = dict(Position.objects.values_list("code", "headcount"))
        assert after == {code: (headcount or 0) + 1 if changed else headcount for code, headcount in before.items()}

    def test_word_confirmation(self, sized_org, hr_client, exact_queries):
        """Two documents become two drafts, written in bulk like a workbook: the count depends on neither."""
        preview = hr_client.post(WORD, word_files(sized_org))
        with exact_queries(40 + on_postgresql()):  # 32 + the search documents (jobs.search)
            response = hr_client.post(WORD, {"confirm": "1", "token": preview.context["token"]})
        assert response.status_code == 302
        drafts = Position.objects.filter(title="销售员")
        assert [(p.department.code, p.reports_to.code, p.status, p.duties.count()) for p in drafts.order_by("code")] == [
            ("C1-M", "C1-M-01", "draft", 3), ("C1-S-T", "C1-S-T-01", "draft", 3)]
