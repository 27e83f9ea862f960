"""The admin HR meets every day: 修改原因, the history, tree moves, the export page and form widths."""
from django.urls import reverse

from conftest import submit_admin_form
from departments.models import Department
from jobs.models import Duty, Position


def test_the_reason_for_a_change_is_kept_in_the_history_and_shown(hr_client, small_org):
    Duty.objects.create(position=small_org["specialist"], statement="收集客户资料")
    url = reverse("admin:jobs_position_change", args=[small_org["specialist"].pk])
    response = submit_admin_form(hr_client, url, {"summary": "新的概述", "change_reason": "2026年组织调整"})
    assert response.status_code == 302
    record = Position.history.filter(id=small_org["specialist"].pk).latest("history_id")
    assert record.history_change_reason == "2026年组织调整"
    page = hr_client.get(reverse("jobs:position_history", args=["EXP-01"])).content.decode()
    assert "2026年组织调整" in page


def test_a_reason_alone_records_nothing(hr_client, small_org):
    before = Position.history.filter(id=small_org["specialist"].pk).count()
    url = reverse("admin:jobs_position_change", args=[small_org["specialist"].pk])
    submit_admin_form(hr_client, url, {"change_reason": "只是看看"})
    assert Position.history.filter(id=small_org["specialist"].pk).count() == before


def test_department_edits_keep_their_reason(hr_client, small_org):
    url = reverse("admin:departments_department_change", args=[small_org["market"].pk])
    submit_admin_form(hr_client, url, {"name": "市场营销部", "change_reason": "更名"})
    assert Department.history.filter(id=small_org["market"].pk).latest("history_id").history_change_reason == "更名"


def test_the_admin_history_opens_the_sites_own_page(hr_client, small_org):
    response = hr_client.get(reverse("admin:jobs_position_history", args=[small_org["director"].pk]))
    assert response.url == reverse("jobs:position_history", args=["MKT-01"])


def test_dropping_a_department_on_itself_says_so_in_chinese(hr_client, small_org):
    market = small_org["market"]
    response = hr_client.post(
        reverse("admin:departments_department_changelist"),
        {"cmd": "move_node", "cut_item": market.pk, "pasted_on": market.pk, "position": "left"},
    )
    assert b"FAIL" in response.content
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["“市场部”不能移到自己旁边或自己之下。"]


def test_the_export_page_speaks_chinese(hr_client, small_org):
    page = hr_client.get(reverse("admin:jobs_position_export")).content.decode()
    for english in ("Resource:", "Select all", "Code (", "Actual Headcount"):
        assert english not in page, english
    assert "岗位编号" in page and "全选" in page


def test_downloads_are_named_in_the_users_language_with_the_local_date(hr_client, small_org):
    from urllib.parse import unquote

    from django.utils import timezone

    today = f"{timezone.localdate():%Y-%m-%d}"
    task = hr_client.get(reverse("admin:jobs_position_export_workbook"))  # the export is a background task
    download = hr_client.get(task.url.rstrip("/") + "/download/")
    assert unquote(download["Content-Disposition"]).endswith(f"组织架构_{today}.xlsx")
    response = hr_client.post(reverse("admin:jobs_position_export"), {"format": "0", "resource": "0", **{
        name: "on" for name in ("positionresource_code", "positionresource_title")}})
    assert unquote(response["Content-Disposition"]).endswith(f"岗位_{today}.csv")


def test_history_reasons_and_section_headings_follow_the_readers_language(hr_client, small_org, hr_user):
    from django.utils import translation

    from jobs.services import publish_position, reopen_as_draft

    reopen_as_draft(position=small_org["director"], user=hr_user)
    with translation.override("zh-hans"):
        publish_position(position=small_org["director"], approver=hr_user)  # reason written in Chinese
    hr_client.cookies["django_language"] = "en"
    history = hr_client.get(reverse("jobs:position_history", args=["MKT-01"])).content.decode()
    assert "published version 2" in history and "发布第" not in history
    page = hr_client.get(small_org["director"].get_absolute_url()).content.decode()
    assert "<h2>1. Basic data</h2>" in page and "一、" not in page
    assert ">Position title</th>" in page
    hr_client.cookies["django_language"] = "zh-hans"
    page = hr_client.get(small_org["director"].get_absolute_url()).content.decode()
    assert "<h2>一、基本资料</h2>" in page


def test_two_hr_users_editing_one_position_the_second_save_is_refused_not_lost(small_org, hr_user):
    from conftest import admin_form_data, logged_in, make_user

    other = make_user("hr2", group="HR", is_staff=True, first_name="四", last_name="李")
    url = reverse("admin:jobs_position_change", args=[small_org["director"].pk])
    first, second = logged_in(hr_user), logged_in(other)
    mine, theirs = admin_form_data(first, url), admin_form_data(second, url)  # both open the page
    theirs["summary"] = "李四写的概述"
    assert second.post(url, theirs).status_code == 302
    mine["summary"] = "张三写的概述"
    page = first.post(url, mine)
    assert page.status_code == 200 and "您的修改没有保存" in page.content.decode() and "李四" in page.content.decode()
    assert Position.objects.get(pk=small_org["director"].pk).summary == "李四写的概述"
    again = admin_form_data(first, url)  # reloaded: saves
    again["summary"] = "张三写的概述"
    assert first.post(url, again).status_code == 302
    assert Position.objects.get(pk=small_org["director"].pk).summary == "张三写的概述"


def test_two_hr_users_editing_one_standard_position_the_second_save_is_refused(hr_user):
    from conftest import admin_form_data, logged_in, make_user
    from jobs.models import StandardPosition

    standard = StandardPosition.objects.create(code="STD-CS", title="客服专员")
    other = make_user("hr2", group="HR", is_staff=True)
    url = reverse("admin:jobs_standardposition_change", args=[standard.pk])
    first, second = logged_in(hr_user), logged_in(other)
    mine, theirs = admin_form_data(first, url), admin_form_data(second, url)
    theirs["summary"] = "他们的"
    assert second.post(url, theirs).status_code == 302
    mine["summary"] = "我的"
    assert "您的修改没有保存" in first.post(url, mine).content.decode()
    assert StandardPosition.objects.get(pk=standard.pk).summary == "他们的"
