"""A department's change history page, its diff and restoring a version, on the real database."""
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import make_department, make_position
from departments.history import department_as_of, department_versions, diff_department_snapshots
from departments.models import Department, DepartmentDuty, DepartmentPolicy
from departments.services import restore_department_version
from conftest import submit_admin_form


@pytest.fixture
def market(db):
    """市场部 under 集团 with two duties and a policy, each saved as its own change."""
    group = make_department("集团", code="G", kind="group")
    market = make_department("市场部", parent=group, code="MKT", mission="开拓市场", authorised_headcount=5)
    DepartmentDuty.objects.create(department=market, function="市场管理", text="制定市场计划", order=1)
    DepartmentDuty.objects.create(department=market, function="市场管理", text="管理拓展人员", order=2)
    DepartmentPolicy.objects.create(department=market, title="总则", body="本制度适用于市场部。", order=1)
    return market


def history_url(department):
    return reverse("departments:history", args=[department.code])


def restore_url(department):
    return reverse("departments:restore", args=[department.code])


def edit_in_admin(client, department, changes=None, inline_changes=None):
    url = reverse("admin:departments_department_change", args=[department.pk])
    response = submit_admin_form(client, url, changes, inline_changes)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    return Department.objects.get(pk=department.pk)


def add_duty_row(client, department, function, text):
    """The raw POST keys of one extra duty row in the admin's duty inline."""
    total = department.duties.count()
    return {
        "duties-TOTAL_FORMS": str(total + 1),
        f"duties-{total}-function": function,
        f"duties-{total}-text": text,
        f"duties-{total}-order": str(total + 1),
        f"duties-{total}-department": str(department.pk),
    }


def test_admin_edit_is_recorded_with_the_user_and_the_rows(hr_client, hr_user, market):
    before = len(department_versions(market))
    edit_in_admin(
        hr_client, market, {"mission": "开拓并巩固市场"},
        inline_changes={"duties-1-DELETE": "on", **add_duty_row(hr_client, market, "品牌管理", "维护公司品牌")},
    )
    versions = department_versions(market)
    assert len(versions) == before + 1
    latest = versions[-1]
    assert latest["user"] == hr_user
    kinds = {(type(record).__name__, record.history_type) for record in latest["records"]}
    assert {("HistoricalDepartment", "~"), ("HistoricalDepartmentDuty", "-"), ("HistoricalDepartmentDuty", "+")} <= kinds
    assert Department.history.filter(id=market.pk).latest().mission == "开拓并巩固市场"


def test_history_page_shows_field_changes_and_added_and_removed_duties(hr_client, market):
    head = make_position(market, "市场总监", code="MKT-01")
    edit_in_admin(
        hr_client, market, {"mission": "开拓并巩固市场", "kind": Department.Kind.CENTER, "head_position": str(head.pk)},
        inline_changes={"duties-1-DELETE": "on", **add_duty_row(hr_client, market, "品牌管理", "维护公司品牌")},
    )
    versions = department_versions(market)
    response = hr_client.get(history_url(market), {"a": versions[-2]["number"], "b": versions[-1]["number"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "开拓市场" in html and "开拓并巩固市场" in html  # the mission, field by field
    assert "部门" in html and "中心" in html  # the kind, by its label
    assert "市场总监 (MKT-01)" in html  # the head position by name, not its id
    assert "部门职责" in html and "管理拓展人员" in html and "维护公司品牌" in html  # rows removed and added
    sections = {str(section["title"]): section for section in response.context["diff"]}
    duties = sections["部门职责"]["rows"]
    assert {(row["change"], row["label"].split(": ")[1]) for row in duties} == {
        ("removed", "管理拓展人员"), ("added", "维护公司品牌"),
    }
    assert "部门制度" not in sections  # policies did not change


def test_diff_names_the_parent_department_and_shows_policy_changes(hr_user, market):
    other = make_department("销售中心", code="SALES")
    first = department_versions(market)[-1]["date"]
    market.parent = other
    market.is_active = False
    market.save()
    DepartmentPolicy.objects.filter(department=market).update(body="本制度适用于市场部全体员工。")
    policy = DepartmentPolicy.objects.get(department=market)
    policy.save()
    old = department_as_of(market, first)
    new = department_as_of(market, department_versions(market)[-1]["date"])
    with translation.override("zh-hans"):
        sections = {str(section["title"]): section for section in diff_department_snapshots(old, new)}
    fields = {change["field"]: change for change in sections["基本资料"]["changes"]}
    assert (fields["上级部门"]["old"], fields["上级部门"]["new"]) == ("集团", "销售中心")
    assert (fields["启用"]["old"], fields["启用"]["new"]) == ("是", "否")
    [row] = sections["部门制度"]["rows"]
    assert row["change"] == "changed" and row["fields"][0]["new"] == "本制度适用于市场部全体员工。"


def test_department_as_of_before_it_existed_is_none(market):
    created = Department.history.filter(id=market.pk).earliest().history_date
    assert department_as_of(market, created - timedelta(seconds=1)) is None


def test_restore_brings_back_fields_rows_and_head_but_keeps_code_parent_and_active_flag(hr_client, hr_user, market):
    head = make_position(market, "市场总监", code="MKT-01")
    market.head_position = head
    market.save()
    number = department_versions(market)[-1]["number"]
    deputy = make_position(market, "市场副总监", code="MKT-02")
    edit_in_admin(
        hr_client, market,
        {"mission": "新的概述", "is_active": "", "head_position": str(deputy.pk), "parent": "", "code": "MKT-NEW"},
        inline_changes={"duties-0-DELETE": "on", "duties-1-text": "管理全部拓展人员", "policies-0-title": "第一章 总则"},
    )
    moved = Department.objects.get(pk=market.pk)
    assert moved.code == "MKT-NEW" and moved.parent is None and not moved.is_active

    response = hr_client.post(restore_url(moved), {"version": number})
    assert response.status_code == 302 and response["Location"] == history_url(moved)
    restored = Department.objects.get(pk=market.pk)
    assert restored.mission == "开拓市场" and restored.head_position == head
    assert (restored.code, restored.parent_id, restored.is_active) == ("MKT-NEW", None, False)
    assert [d.text for d in restored.duties.all()] == ["制定市场计划", "管理拓展人员"]
    assert [p.title for p in restored.policies.all()] == ["总则"]
    latest = department_versions(restored)[-1]
    assert latest["reason"] == f"恢复到记录 {number}" and latest["user"] == hr_user
    assert f"已恢复到记录 {number}" in hr_client.get(response["Location"]).content.decode()


def test_restore_keeps_the_current_head_when_the_old_one_was_deleted(hr_user, market):
    head = make_position(market, "临时负责人", code="TMP-01")
    market.head_position = head
    market.save()
    number = department_versions(market)[-1]["number"]
    current = make_position(market, "市场总监", code="MKT-01")
    market.head_position = current
    market.mission = "改过的概述"
    market.save()
    head.delete()
    with translation.override("en"):
        restore_department_version(department=market, number=number, user=hr_user)
    restored = Department.objects.get(pk=market.pk)
    assert restored.mission == "开拓市场" and restored.head_position == current
    assert department_versions(restored)[-1]["reason"] == f"restored version {number}"


@pytest.mark.parametrize("version", ["99", "0", "abc", ""])
def test_restoring_a_version_that_does_not_exist_changes_nothing(hr_client, market, version):
    records = Department.history.count() + DepartmentDuty.history.count() + DepartmentPolicy.history.count()
    response = hr_client.post(restore_url(market), {"version": version}, follow=True)
    assert "没有可恢复的该版本。" in response.content.decode()
    assert Department.history.count() + DepartmentDuty.history.count() + DepartmentPolicy.history.count() == records
    assert Department.objects.get(pk=market.pk).mission == "开拓市场"


def test_only_hr_sees_and_restores_department_history(manager_client, market):
    anonymous = Client()
    for response in (anonymous.get(history_url(market)), anonymous.post(restore_url(market), {"version": 1})):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert manager_client.get(history_url(market)).status_code == 403
    assert manager_client.post(restore_url(market), {"version": 1}).status_code == 403
    assert "变更历史" not in manager_client.get(market.get_absolute_url()).content.decode()
    assert Department.objects.get(pk=market.pk).mission == "开拓市场"


def test_hr_reaches_the_history_from_the_department_page(hr_client, market):
    page = hr_client.get(market.get_absolute_url()).content.decode()
    assert f'href="{history_url(market)}"' in page and "变更历史" in page
    assert hr_client.get(history_url(market)).status_code == 200
    assert hr_client.get(restore_url(market)).status_code == 405


def test_history_page_takes_a_fixed_number_of_queries(hr_client, market, exact_queries):
    head = make_position(market, "市场总监", code="MKT-01")
    for count in (4, 60):  # each ends on an edit that names the head position
        for i in range(count):
            market.mission = f"第 {i} 次修改"
            market.head_position = head if i % 2 else None
            market._change_reason = f"修改 {count}-{i}"
            market.save()
            DepartmentDuty.objects.create(department=market, function="职能", text=f"职责 {count}-{i}", order=10 + i)
            DepartmentPolicy.objects.create(department=market, title=f"制度 {count}-{i}", body="正文", order=10 + i)
        versions = department_versions(market)
        assert len(versions) > count
        with exact_queries(18):
            response = hr_client.get(history_url(market), {"a": 1, "b": versions[-1]["number"]})
        assert response.status_code == 200 and f"职责 {count}-{count - 1}" in response.content.decode()
