"""Only 发布 publishes: every other way into a position tries to set the published status, the
version or the approver, and none manages it.

Paths: the admin change form, the admin history revert form (positions and departments; the
qualification and the rows have no admin of their own), the per-list admin import of positions
and of rows, a restore, the Word import, the workbook import (which publishes, as the button
does), load_demo, the admin's bulk actions and a plain save.
"""
import io
import json

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import form_values, make_department, make_position, make_user, seed_layout_docx, submit_admin_form, xlsx
from departments.models import Department
from jobs.history import position_versions
from jobs.importing import import_workbook
from jobs.models import KPI, Authority, Duty, Position, Qualification, WorkRecord, WorkRelation
from jobs.services import publish_position, restore_position_version
from jobs.importing import import_files


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def org(db):
    """市场总监 published twice by HR (version 2), its first entry still a draft; 市场专员 never published."""
    hr = make_user("hr", group="HR", is_staff=True)
    department = make_department("市场部", code="MKT")
    director = make_position(department, "市场总监", code="MKT-01", status=Position.Status.DRAFT, summary="草拟的概要")
    Duty.objects.create(position=director, statement="制定市场计划", order=1)
    publish_position(position=director, approver=hr)  # version 1
    director = Position.objects.get(pk=director.pk)
    director.summary, director.status = "第二版概要", Position.Status.DRAFT
    director.save()
    director = publish_position(position=director, approver=hr)  # version 2
    draft = make_position(department, "市场专员", code="MKT-02", reports_to=director, status=Position.Status.DRAFT)
    return {
        "hr": hr, "hr_client": logged_in(hr), "manager_client": logged_in(make_user("manager", group="Manager")),
        "department": department, "director": director, "draft": draft,
    }


def publication_record(position):
    position = Position.objects.get(pk=position.pk)
    return position.status, position.version, position.approved_by_id, position.approved_at


def assert_unpublished_change(org, before):
    """The director's publication record is as ``before`` except that it may have become a draft,
    and managers still read the version 2 text."""
    status, version, approver, approved_at = publication_record(org["director"])
    assert status != Position.Status.PUBLISHED or (status, version, approver, approved_at) == before
    assert (version, approver, approved_at) == before[1:]
    page = org["manager_client"].get(reverse("jobs:position_detail", args=["MKT-01"])).content.decode()
    assert "第二版概要" in page and "篡改" not in page


def test_a_plain_save_cannot_publish_nor_set_the_version_or_approver(org):
    draft = Position.objects.get(pk=org["draft"].pk)
    draft.status = Position.Status.PUBLISHED
    with pytest.raises(ValidationError):
        draft.save()
    with pytest.raises(ValidationError):
        draft.full_clean()
    director = Position.objects.get(pk=org["director"].pk)
    before = publication_record(director)
    director.version, director.approved_by, director.approved_at = 9, None, None
    director.save()
    assert publication_record(director) == before
    new = Position(code="MKT-03", title="新岗位", department=org["department"], version=7, approved_by=org["hr"])
    new.save()
    assert (new.version, new.approved_by_id, new.approved_at) == (1, None, None)
    with pytest.raises(ValidationError):
        Position(code="MKT-04", title="新岗位", department=org["department"], status=Position.Status.PUBLISHED).save()


def test_the_admin_change_form_refuses_to_publish(org):
    url = reverse("admin:jobs_position_change", args=[org["draft"].pk])
    response = submit_admin_form(org["hr_client"], url, {"status": Position.Status.PUBLISHED, "version": "5", "approved_by": str(org["hr"].pk)})
    assert response.status_code == 200 and "发布”按钮" in response.content.decode()
    assert publication_record(org["draft"])[:3] == (Position.Status.DRAFT, 1, None)


def test_the_admin_history_revert_form_cannot_save_an_old_entry(org):
    director, hr = org["director"], org["hr_client"]
    before = publication_record(director)
    old = Position.history.filter(id=director.pk, version=1, status=Position.Status.PUBLISHED).earliest()
    url = reverse("admin:jobs_position_simple_history", args=[director.pk, old.history_id])
    page = hr.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    data = form_values(page.context["adminform"].form) | {"summary": "篡改的概要"}
    assert hr.post(url, data).status_code == 403
    assert_unpublished_change(org, before)
    history = hr.get(reverse("admin:jobs_position_history", args=[director.pk]))
    assert history.url == reverse("jobs:position_history", args=["MKT-01"])  # the site's own history page


def test_the_department_history_revert_form_cannot_save_either(org):
    department, hr = org["department"], org["hr_client"]
    department.name = "市场营销部"
    department.save()
    old = Department.history.filter(id=department.pk).earliest()
    url = reverse("admin:departments_department_simple_history", args=[department.pk, old.history_id])
    page = hr.get(url)
    assert page.status_code == 200
    assert hr.post(url, form_values(page.context["adminform"].form)).status_code == 403
    assert Department.objects.get(pk=department.pk).name == "市场营销部"
    history = hr.get(reverse("admin:departments_department_history", args=[department.pk]))
    assert history.url == reverse("departments:history", args=["MKT"])


def test_qualifications_and_rows_have_no_admin_revert_of_their_own(org):
    for model in (Qualification, Duty, Authority, KPI, WorkRelation, WorkRecord):
        assert model not in admin.site._registry


def admin_import(client, resource, rows):
    """Upload ``rows`` (header first) as CSV through the per-list admin import and confirm it."""
    content = "\n".join(",".join(str(cell) for cell in row) for row in rows).encode("utf-8")
    response = client.post(reverse("admin:jobs_position_import"), {
        "resource": str(resource), "format": "0", "import_file": SimpleUploadedFile("岗位.csv", content),
    })
    assert response.status_code == 200
    confirm = response.context.get("confirm_form")
    if confirm is None:
        return response
    return client.post(reverse("admin:jobs_position_process_import"), confirm.initial)


HEADER = ["岗位编号", "岗位名称", "所在部门", "状态", "版本", "职责概述"]


def test_the_per_list_import_refuses_to_publish_a_draft(org):
    response = admin_import(org["hr_client"], 0, [HEADER, ["MKT-02", "市场专员", "MKT", "已发布", 9, ""]])
    assert "发布”按钮" in response.content.decode()
    assert publication_record(org["draft"])[:3] == (Position.Status.DRAFT, 1, None)


def test_the_per_list_import_refuses_to_create_a_published_position(org):
    response = admin_import(org["hr_client"], 0, [HEADER, ["MKT-09", "新岗位", "MKT", "已发布", 1, ""]])
    assert "发布”按钮" in response.content.decode()
    assert not Position.objects.filter(code="MKT-09").exists()


def test_the_per_list_import_of_a_published_position_makes_a_draft_and_keeps_the_version(org):
    before = publication_record(org["director"])
    response = admin_import(org["hr_client"], 0, [HEADER, ["MKT-01", "市场总监", "MKT", "已发布", 9, "篡改的概要"]])
    assert response.status_code == 302
    position = Position.objects.get(pk=org["director"].pk)
    assert position.summary == "篡改的概要" and position.status == Position.Status.DRAFT
    assert_unpublished_change(org, before)


def test_the_per_list_import_of_rows_makes_a_published_position_a_draft(org):
    before = publication_record(org["director"])
    response = admin_import(org["hr_client"], 2, [["岗位编号", "序号", "职责描述"], ["MKT-01", 1, "篡改的职责"]])
    assert response.status_code == 302
    assert Duty.objects.get(position=org["director"], order=1).statement == "篡改的职责"
    assert publication_record(org["director"])[0] == Position.Status.DRAFT
    assert_unpublished_change(org, before)
    page = org["manager_client"].get(reverse("jobs:position_detail", args=["MKT-01"])).content.decode()
    assert "制定市场计划" in page and "篡改的职责" not in page


def test_restoring_an_entry_that_was_published_keeps_the_publication_record(org):
    before = publication_record(org["director"])
    published_first = next(
        v["number"] for v in position_versions(org["director"])
        if any(getattr(r, "version", None) == 1 and getattr(r, "status", None) == "published" for r in v["records"])
    )
    restore_position_version(position=org["director"], number=published_first, user=org["hr"])
    position = Position.objects.get(pk=org["director"].pk)
    assert position.summary == "草拟的概要" and position.status == Position.Status.DRAFT
    assert (position.version, position.approved_by_id, position.approved_at) == before[1:]


def test_the_word_import_saves_drafts_only_and_never_a_publication_record(org):
    assert import_files(files=[("a.docx", seed_layout_docx(code="MKT-05"))]).committed
    position = Position.objects.get(code="MKT-05")
    assert publication_record(position)[:3] == (Position.Status.DRAFT, 1, None)
    published = publish_position(position=org["draft"], approver=org["hr"])  # 市场专员, reporting to 市场总监
    before = publication_record(published)
    assert import_files(files=[("b.docx", seed_layout_docx(code="MKT-02"))]).committed
    merged = Position.objects.get(code="MKT-02")  # merged, and a draft until HR publishes; the record stays
    assert merged.status == Position.Status.DRAFT and publication_record(merged)[1:] == before[1:]


def test_the_workbook_import_never_publishes_and_ignores_the_version_column(org):
    user = org["hr"]
    header = ["岗位编号", "岗位名称", "所在部门", "状态", "版本"]
    director_before = publication_record(org["director"])
    content = xlsx({"岗位": [header, ["MKT-01", "市场与品牌总监", "MKT", "已发布", 9], ["MKT-02", "市场专员", "MKT", "已发布", 9],
                             ["MKT-06", "品牌专员", "MKT", "已发布", 9]]})
    report = import_workbook(content=content, filename="org.xlsx", user=user)
    assert report.committed, report.all_problems
    director, draft, new = (Position.objects.get(code=code) for code in ("MKT-01", "MKT-02", "MKT-06"))
    assert publication_record(director) == (Position.Status.DRAFT, *director_before[1:])  # changed: a draft, the record kept
    assert (draft.status, draft.approved_by, new.status, new.approved_by) == (Position.Status.DRAFT, None, Position.Status.DRAFT, None)
    assert (new.version, new.approved_at) == (1, None)
    before = [publication_record(p) for p in (director, draft, new)]
    assert import_workbook(content=content, filename="org.xlsx", user=user).committed
    assert [publication_record(p) for p in (director, draft, new)] == before  # unchanged rows change nothing


def test_load_demo_publishes_through_publish_position_and_never_reads_the_version(db, tmp_path, settings):
    approver = make_user("hr", group="HR", is_staff=True)
    with open(settings.DEMO_COMPANY_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    for item in data["positions"]:
        item["version"] = 9
    path = tmp_path / "company.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("load_demo", str(path), "--approver", "hr", stdout=io.StringIO())
    published = Position.objects.filter(status=Position.Status.PUBLISHED)
    assert published.count() == len(data["positions"])
    assert set(published.values_list("version", "approved_by")) == {(1, approver.pk)}
    assert not published.filter(approved_at=None).exists()
    records = Position.history.count()
    call_command("load_demo", str(path), stdout=io.StringIO())
    assert Position.history.count() == records  # loading again changes nothing

    edited = published.first()
    edited.summary, edited.status = "本地修改", Position.Status.DRAFT
    edited.save()
    call_command("load_demo", str(path), "--approver", "hr", stdout=io.StringIO())
    edited = Position.objects.get(pk=edited.pk)
    assert (edited.status, edited.version, edited.approved_by) == (Position.Status.PUBLISHED, 2, approver)
    assert edited.summary != "本地修改"


def test_the_only_bulk_action_that_publishes_is_publish_and_it_records_the_approver(org, settings):
    request = RequestFactory().get("/")
    request.user = org["hr"]
    position_admin = admin.site._registry[Position]
    # Basing on a standard and making one leave the positions' publication as it was (a draft until published)
    assert set(position_admin.get_actions(request)) == {"delete_selected", "publish", "submit_for_review", "base_on_standard", "create_standard"}
    assert not position_admin.list_editable
    assert set(admin.site._registry[Department].get_actions(request)) <= {"delete_selected", "delete_selected_tree"}
    action = {"action": "publish", "_selected_action": [org["draft"].pk]}
    org["hr_client"].post(reverse("admin:jobs_position_changelist"), action)  # review required: HR may not publish
    assert publication_record(org["draft"])[:3] == (Position.Status.DRAFT, 1, None)
    submit = {"action": "submit_for_review", "_selected_action": [org["draft"].pk]}
    org["hr_client"].post(reverse("admin:jobs_position_changelist"), submit)  # submitting does not publish
    assert publication_record(org["draft"])[:3] == (Position.Status.REVIEW, 1, None)
    settings.JD_REVIEW_REQUIRED = False  # a company that requires no review: HR publishes alone
    response = org["hr_client"].post(reverse("admin:jobs_position_changelist"), action)
    assert response.status_code == 302
    assert publication_record(org["draft"])[:3] == (Position.Status.PUBLISHED, 1, org["hr"].pk)
