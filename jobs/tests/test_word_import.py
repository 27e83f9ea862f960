"""Word job descriptions in the seed layout become draft positions; importing again updates the draft."""
import pytest

from conftest import seed_layout_docx
from jobs.models import Duty, Position
from jobs.word_import import UnreadableDocument, prepare, read_docx, save_drafts


def test_seed_layout_is_read_into_a_draft(small_org):
    [draft] = prepare(read_docx(content=seed_layout_docx(), source="销售员.docx"))
    assert draft.title == "销售员" and draft.values["headcount"] == 2 and draft.code == ""
    assert draft.department == small_org["market"] and draft.reports_to == small_org["director"]
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
    assert "岗位编号" in draft.unread and "职责" not in draft.unread
    assert not draft.errors


def test_saving_twice_updates_the_draft_instead_of_duplicating(small_org):
    [position] = save_drafts(drafts=prepare(read_docx(content=seed_layout_docx(), source="a.docx")))
    assert position.status == Position.Status.DRAFT and position.duties.count() == 3
    [again] = save_drafts(drafts=prepare(read_docx(content=seed_layout_docx(headcount="3", extra_duty=True), source="a.docx")))
    assert again.pk == position.pk
    assert Position.objects.filter(title="销售员").count() == 1
    again.refresh_from_db()
    assert again.headcount == 3 and again.duties.count() == 4


def test_same_code_updates_the_same_draft(small_org):
    save_drafts(drafts=prepare(read_docx(content=seed_layout_docx(code="MKT-S01"), source="a.docx")))
    save_drafts(drafts=prepare(read_docx(content=seed_layout_docx(code="MKT-S01", headcount="5"), source="b.docx")))
    assert Position.objects.get(code="MKT-S01").headcount == 5


def test_a_published_position_is_not_overwritten(small_org):
    [draft] = prepare(read_docx(content=seed_layout_docx(code="EXP-01"), source="a.docx"))
    Position.objects.filter(code="EXP-01").update(status=Position.Status.PUBLISHED)
    [draft] = prepare(read_docx(content=seed_layout_docx(code="EXP-01"), source="a.docx"))
    assert draft.errors and "只更新草稿" in draft.errors[0]


@pytest.mark.parametrize("content", [b"", b"not a word file", b"PK\x03\x04broken"])
def test_unreadable_documents_are_refused(content):
    with pytest.raises(UnreadableDocument):
        read_docx(content=content, source="x.docx")
