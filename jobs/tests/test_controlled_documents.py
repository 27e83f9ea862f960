"""The built-in layout as a controlled document (issue 14, parts 2 and 4): a header on every page
(company, 文件编号, 版本, 生效日期), 第 X 页 共 Y 页, the sign-off block 编制/审核/批准, column widths
that fit their content, honest document properties, a real contents field in the handbook, and
drafts marked as drafts — in the .docx, the PDF and (sign-off, draft mark) on the page."""
import io
import re
import zipfile

import pytest
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from conftest import docx_text, make_department, make_position, make_user, pdf_text
from jobs.documents.controlled import document_number, number_pattern_problem
from jobs.documents.signoff import sign_off_rows
from jobs.models import Duty, Position
from jobs.services import publish_position


def flat(text):
    """PDF text with its spacing made plain: pypdf reads wide gaps as U+3000 and breaks lines."""
    return " ".join(text.replace("\u3000", " ").split())


def instructions(part_element):
    """The field instructions (PAGE, NUMPAGES, TOC …) in a part of the document."""
    return [node.text.strip() for node in part_element.iter(qn("w:instrText"))]


@pytest.fixture
def people(db):
    return {
        "preparer": make_user("zhang", first_name="三", last_name="张"),
        "approver": make_user("li", first_name="四", last_name="李"),
    }


@pytest.fixture
def published(small_org, people):
    """市场总监 written by 张三 and published by 李四: version 1, with duties."""
    director = Position.objects.get(pk=small_org["director"].pk)
    director.status, director.approved_at = Position.Status.DRAFT, None
    director.save(publishing=True)
    for order, text in enumerate(["制定年度市场拓展计划", "管理拓展人员"], start=1):
        Duty.objects.create(position=director, statement=text, tasks="分解目标\n跟踪执行", standard="按月完成", order=order)
    director.summary = "规划制定公司的市场战略"
    director._history_user = people["preparer"]
    director.save()
    del director._history_user
    return publish_position(position=director, approver=people["approver"])


def approval_day(position):
    from django.utils.formats import date_format

    return date_format(timezone.localdate(Position.objects.get(pk=position.pk).approved_at))


def test_docx_header_footer_sign_off_and_properties(manager_client, published):
    response = manager_client.get(reverse("jobs:position_docx", args=[published.code]))
    document, text = docx_text(response.content)
    section = document.sections[0]
    header = section.header.paragraphs[0].text
    assert header.startswith("集团\t")  # the company of 市场部 (a department of the group)
    assert "文件编号：HR-JD-MKT-01" in header and "版本：第 1 版" in header
    assert f"生效日期：{approval_day(published)}" in header
    footer = section.footer.paragraphs[0]
    assert instructions(footer._p) == ["PAGE", "NUMPAGES"]
    assert footer.text == "第 1 页 共 1 页"  # the fields' results until Word updates them
    assert "编制：张三" in text and "审核：" in text and "批准：李四" in text
    assert f"日期：{approval_day(published)}" in text
    properties = document.core_properties
    assert properties.title == "岗位说明书 — 市场总监"
    assert properties.author == properties.last_modified_by == "集团"
    assert properties.comments == "" and properties.identifier.startswith("orgchart:")
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        assert not [name for name in package.namelist() if b"python-docx" in package.read(name).lower()]


def test_docx_columns_fit_their_content(manager_client, published):
    document, _text = docx_text(manager_client.get(reverse("jobs:position_docx", args=[published.code])).content)
    for table in document.tables:
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        widths = [column.w.mm for column in table._tbl.tblGrid.gridCol_lst]
        assert round(sum(widths)) == 174  # the text width of A4 between 18 mm margins
    duties = next(t for t in document.tables if t.rows[0].cells[1].text == "职责描述")
    number, statement, tasks, standard = (column.w.mm for column in duties._tbl.tblGrid.gridCol_lst)
    assert number < 15 < standard < statement == tasks
    assert duties.rows[-1].cells[0].width.mm == pytest.approx(number, abs=0.1)  # every cell says its width too
    assert duties.rows[1].cells[0].width.mm == pytest.approx(174, abs=0.1)  # a group heading spans the row
    basic = document.tables[0]
    label, value, label2, value2 = (column.w.mm for column in basic._tbl.tblGrid.gridCol_lst)
    assert label == label2 < value == value2


def test_pdf_header_page_counter_and_sign_off(manager_client, published):
    response = manager_client.get(reverse("jobs:position_pdf", args=[published.code]))
    reader, text = pdf_text(response.content)
    pages = len(reader.pages)
    assert f"第 1 页 共 {pages} 页" in flat(text)
    first = flat(reader.pages[0].extract_text())
    assert "集团" in first and "文件编号：HR-JD-MKT-01" in first and "版本：第 1 版" in first
    last = flat(reader.pages[-1].extract_text())
    assert "编制 张三" in last and "审核" in last and "批准 李四" in last


def test_english_pdf_says_page_x_of_y(manager_client, published):
    manager_client.cookies["django_language"] = "en"
    _reader, text = pdf_text(manager_client.get(reverse("jobs:position_pdf", args=[published.code])).content)
    assert re.search(r"Page 1 of \d", flat(text)) and "Prepared by 张三" in flat(text)
    assert "Document No.: HR-JD-MKT-01" in flat(text)


def test_page_shows_the_sign_off_block(manager_client, published):
    page = manager_client.get(reverse("jobs:position_detail", args=[published.code])).content.decode()
    block = page[page.index('class="doc signoff"'):]
    assert "编制" in block and "张三" in block and "审核" in block and "批准" in block and "李四" in block


def test_managers_see_the_sign_off_of_the_published_version_while_a_draft_exists(client, published, people):
    editor = make_user("wang", first_name="五", last_name="王")
    draft = Position.objects.get(pk=published.pk)
    draft.status = Position.Status.DRAFT
    draft.summary = "草稿中的概述"
    draft._history_user = editor
    draft.save()
    current = Position.objects.with_job_description().get(pk=published.pk)
    assert [name for _label, name, _day in sign_off_rows(current)] == ["王五", "", ""]  # HR's draft: not approved
    from jobs.publication import last_published

    shown = last_published(current)
    assert [name for _label, name, _day in sign_off_rows(shown)] == ["张三", "", "李四"]


def test_drafts_are_marked_as_drafts_in_page_docx_and_pdf(hr_client, published, small_org):
    draft = Position.objects.get(pk=published.pk)
    draft.status = Position.Status.DRAFT
    draft.save()
    page = hr_client.get(reverse("jobs:position_detail", args=[draft.code])).content.decode()
    assert "草稿（基于第 1 版）" in page
    document, _text = docx_text(hr_client.get(reverse("jobs:position_docx", args=[draft.code])).content)
    assert "草稿（基于第 1 版）" in document.paragraphs[1].text
    assert "版本：草稿（基于第 1 版）" in document.sections[0].header.paragraphs[0].text
    _reader, text = pdf_text(hr_client.get(reverse("jobs:position_pdf", args=[draft.code])).content)
    assert "草稿（基于第 1 版）" in flat(text) and "· 第 1 版" not in flat(text)
    new = make_position(small_org["market"], "新岗位", code="NEW-01", status=Position.Status.DRAFT)
    document, _text = docx_text(hr_client.get(reverse("jobs:position_docx", args=[new.code])).content)
    assert "草稿（未发布）" in document.paragraphs[1].text
    assert "草稿（未发布）" in hr_client.get(reverse("jobs:position_detail", args=[new.code])).content.decode()


def test_a_subsidiary_heads_the_documents_of_its_own_positions(manager_client, small_org):
    subsidiary = make_department("驭风速运有限公司", parent=small_org["group"], code="YF", kind="company")
    delivery = make_department("配送部", parent=subsidiary, code="YF-DL")
    driver = make_position(delivery, "配送员", code="YF-01")
    document, _text = docx_text(manager_client.get(reverse("jobs:position_docx", args=[driver.code])).content)
    assert document.sections[0].header.paragraphs[0].text.startswith("驭风速运有限公司\t")
    assert document.core_properties.author == "驭风速运有限公司"


def test_document_number_follows_the_setting(published):
    with override_settings(JD_DOCUMENT_NUMBER="{department_code}-{code}-V{version}"):
        assert document_number(published) == "G-MKT-MKT-01-V1"
    with override_settings(JD_DOCUMENT_NUMBER="HR-{name}"):  # slipped past the check: the default, not a 500
        assert document_number(published) == "HR-JD-MKT-01"


@pytest.mark.parametrize("pattern", ["HR-{name}", "HR-{code", "HR-{}-{code}", "HR-{code[0]}", ""])
def test_a_bad_document_number_pattern_is_a_system_check_error(pattern):
    assert number_pattern_problem(pattern)
    with override_settings(JD_DOCUMENT_NUMBER=pattern):
        errors = [message for message in run_checks() if message.id == "jobs.E001"]
    assert len(errors) == 1 and "JD_DOCUMENT_NUMBER" in errors[0].msg


def test_handbook_docx_has_a_contents_field_word_updates_on_opening(manager_client, published, small_org):
    response = manager_client.get(reverse("jobs:handbook_docx", args=["G-MKT"]))
    document, text = docx_text(response.content)
    toc = [line for line in instructions(document.element.body) if line.startswith("TOC")]
    assert toc == ['TOC \\o "1-2" \\h \\z \\u']
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    headers = [section.header.paragraphs[0].text for section in document.sections]
    assert any("文件编号：HR-JD-MKT-01" in header for header in headers)
    assert all(instructions(section.footer.paragraphs[0]._p) == ["PAGE", "SECTIONPAGES"] for section in document.sections)
    assert "编制：张三" in text and "批准：李四" in text


@pytest.mark.parametrize("line", [
    "编制：张三\u3000日期：2026年12月2日", "审核：\u3000日期：", "Prepared by: Alice\u3000Date: 2 December 2026", "Reviewed by: \u3000Date: ",
])
def test_the_word_import_reads_sign_off_lines_as_page_furniture(line):
    from jobs.importing.word_labels import is_furniture, is_sign_off

    assert is_sign_off(line) and is_furniture(line)
    assert not is_sign_off("Prepared by: Alice\u3000Salary: 5000") and not is_sign_off("编制\u3000张三")


def test_job_description_shows_its_neighbourhood_to_the_reader(manager_client, published, small_org):
    make_position(small_org["market"], "筹备中的岗位", reports_to=published, code="NEW-02", status=Position.Status.DRAFT)
    document, _text = docx_text(manager_client.get(reverse("jobs:position_docx", args=[published.code])).content)
    assert len(document.inline_shapes) == 1  # the picture: 总经理 above, 市场总监, 拓展专员 below
    _reader, text = pdf_text(manager_client.get(reverse("jobs:position_pdf", args=[published.code])).content)
    chart = flat(text)[flat(text).index("三、"):]
    assert "总经理" in chart and "拓展专员" in chart
    assert "筹备中的岗位" not in flat(text)  # a manager never sees a position that was never published
    page = manager_client.get(reverse("jobs:position_detail", args=[published.code])).content.decode()
    assert "position-neighbourhood" not in page  # the page has the reporting-line chart a click away


def test_the_effective_date_hr_sets_is_the_headers_and_without_one_the_page_does_not_contradict_it(
    manager_client, published, django_capture_on_commit_callbacks,
):
    import datetime

    from django.utils.formats import date_format

    url = reverse("jobs:position_docx", args=[published.code])
    document, text = docx_text(manager_client.get(url).content)
    assert f"生效日期：{approval_day(published)}" in document.sections[0].header.paragraphs[0].text
    assert "生效日期" not in text  # no empty 生效日期 row beside a header that gives one
    with django_capture_on_commit_callbacks(execute=True):
        position = Position.objects.get(pk=published.pk)
        position.effective_date = datetime.date(2027, 1, 1)
        position.save(publishing=True)  # as publishing a version with that date leaves it
    page = manager_client.get(reverse("jobs:position_detail", args=[published.code])).content.decode()
    document, text = docx_text(manager_client.get(url).content)
    day = date_format(datetime.date(2027, 1, 1))
    assert f"生效日期：{day}" in document.sections[0].header.paragraphs[0].text and day in text and day in page
