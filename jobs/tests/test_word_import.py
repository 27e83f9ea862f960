"""Word job descriptions in the seed layout become draft positions; importing again updates the draft,
and importing onto an existing position merges into it."""
import io

import pytest
from docx import Document

from conftest import seed_layout_docx
from jobs.importing import import_files
from jobs.importing.word import UnreadableDocument, read_docx
from jobs.models import Duty, Position


def imported(*documents):
    report = import_files(files=list(documents))
    assert report.committed, report.all_problems
    return report


def test_seed_layout_is_read_into_a_draft(small_org):
    [draft] = read_docx(content=seed_layout_docx(), source="销售员.docx")
    assert draft.title == "销售员" and draft.values["headcount"] == 2 and draft.code == ""
    assert draft.values["department"] == "市场部" and draft.values["reports_to"] == "市场总监"
    assert draft.values["summary"] == "负责市场开拓与客户维护"
    assert [(d["category"], d["statement"], d["standard"]) for d in draft.rows["duties"]] == [
        (Duty.Category.MAIN, "制定销售计划，积极开拓市场", "按月分解工作任务"),
        (Duty.Category.MAIN, "拜访客户，发送产品资料", "不少于50家的客户联系量"),
        (Duty.Category.DAILY, "编写上报销售周报、月报", "按规定时间完成"),
    ]
    assert [a["text"] for a in draft.rows["authorities"]] == ["销售定价建议权", "取得销售提成"]
    assert [r["document"] for r in draft.rows["records"]] == ["合同", "客户档案"]
    assert draft.qualification["education"] == 3 and draft.qualification["experience_years"] == 2
    assert draft.qualification["major"] == "市场营销"

    imported(("销售员.docx", seed_layout_docx()))
    position = Position.objects.get(title="销售员")
    assert (position.department, position.reports_to, position.status) == (small_org["market"], small_org["director"], "draft")
    assert position.code == "G-MKT-01" and position.duties.count() == 3 and position.qualification.major == "市场营销"


def test_importing_twice_updates_the_draft_instead_of_duplicating(small_org):
    imported(("a.docx", seed_layout_docx()))
    position = Position.objects.get(title="销售员")
    assert position.status == Position.Status.DRAFT and position.duties.count() == 3
    imported(("a.docx", seed_layout_docx(headcount="3", extra_duty=True)))
    again = Position.objects.get(title="销售员")
    assert again.pk == position.pk
    assert again.headcount == 3 and again.duties.count() == 4


def test_same_code_updates_the_same_position(small_org):
    imported(("a.docx", seed_layout_docx(code="MKT-S01")))
    imported(("b.docx", seed_layout_docx(code="MKT-S01", headcount="5")))
    assert Position.objects.get(code="MKT-S01").headcount == 5


def test_a_published_position_keeps_its_published_version_and_the_import_becomes_a_draft(small_org):
    from django.utils import timezone

    from jobs.publication import last_published

    position = small_org["specialist"]  # EXP-01, published after it was written:
    Position.objects.filter(pk=position.pk).update(approved_at=timezone.now())
    imported(("a.docx", seed_layout_docx(code="EXP-01")))
    position.refresh_from_db()
    assert position.status == Position.Status.DRAFT and position.title == "销售员"
    published = last_published(Position.objects.with_job_description().get(pk=position.pk))
    assert published.title == "拓展专员"  # managers keep the approved text until HR publishes


@pytest.mark.parametrize("content", [b"", b"not a word file", b"PK\x03\x04broken"])
def test_unreadable_documents_are_refused(content):
    with pytest.raises(UnreadableDocument):
        read_docx(content=content, source="x.docx")


def test_salary_rows_are_left_out_for_a_user_who_may_not_see_them(small_org):
    from jobs.tests.word_corpus import CORPUS

    content = (CORPUS / "seed_000_拓展部职能及岗位职责.docx").read_bytes()
    report = import_files(files=[("拓展部.docx", content)], dry_run=True, include_confidential=False)
    assert any("机密字段" in warning for warning in report.warnings)
    assert all("工资" not in "".join(row.changes) for row in report.sheets["positions"].rows)


def test_unchanged_document_keeps_a_published_position_published(small_org):
    imported(("a.docx", seed_layout_docx(code="EXP-01")))
    Position.objects.filter(code="EXP-01").update(status=Position.Status.PUBLISHED)
    report = import_files(files=[("a.docx", seed_layout_docx(code="EXP-01"))], dry_run=True)
    [row] = report.sheets["positions"].rows
    assert (row.status, row.changes) == ("unchanged", [])
    assert row.unread == ["上级部门：总经理办"]  # said by the document, no field for it


def test_a_document_with_no_job_description_is_refused():
    document = Document()
    document.add_paragraph("会议纪要")
    document.add_paragraph("本周讨论了预算。")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(UnreadableDocument, match="没有找到岗位说明书"):
        read_docx(content=buffer.getvalue(), source="纪要.docx")
