"""Deleting a position that heads a department: the confirmation page says so, and the department's
history records that its head was cleared, by whom and why."""
import pytest
from django.urls import reverse

from conftest import make_department, make_position
from departments.models import Department
from jobs.models import Position


@pytest.fixture
def headed(db):
    market = make_department("市场部", code="MKT")
    sales = make_department("销售部", code="SAL")
    director = make_position(market, "市场总监", code="MKT-01")
    for department in (market, sales):
        department.head_position = director
        department.save()
    return {"market": market, "sales": sales, "director": director}


def assert_head_cleared_in_history(department, user):
    department = Department.objects.get(pk=department.pk)
    assert department.head_position is None
    record = Department.history.filter(id=department.pk).latest()
    assert record.head_position_id is None and record.history_user == user
    assert "市场总监" in record.history_change_reason and "MKT-01" in record.history_change_reason


def test_the_delete_page_names_the_departments_it_heads_and_deleting_records_it(hr_client, hr_user, headed):
    url = reverse("admin:jobs_position_delete", args=[headed["director"].pk])
    page = hr_client.get(url).content.decode()
    assert "市场部（MKT）" in page and "销售部（SAL）" in page and "该部门将没有负责人岗位" in page
    assert hr_client.post(url, {"post": "yes"}).status_code == 302
    assert not Position.objects.filter(pk=headed["director"].pk).exists()
    for key in ("market", "sales"):
        assert_head_cleared_in_history(headed[key], hr_user)


def test_the_bulk_delete_page_names_them_too_and_records_each(hr_client, hr_user, headed):
    other = make_position(headed["market"], "市场专员", code="MKT-02")
    url = reverse("admin:jobs_position_changelist")
    selected = {"action": "delete_selected", "_selected_action": [headed["director"].pk, other.pk]}
    page = hr_client.post(url, selected).content.decode()
    assert "市场部（MKT）" in page and "该部门将没有负责人岗位" in page
    assert hr_client.post(url, {**selected, "post": "yes"}).status_code == 302
    assert not Position.objects.filter(code__in=["MKT-01", "MKT-02"]).exists()
    assert_head_cleared_in_history(headed["market"], hr_user)


def test_a_position_heading_nothing_gets_the_plain_delete_page(hr_client, headed):
    other = make_position(headed["market"], "市场专员", code="MKT-02")
    page = hr_client.get(reverse("admin:jobs_position_delete", args=[other.pk])).content.decode()
    assert "负责人岗位将被清空" not in page and "MKT-02" in page


def test_deleting_in_code_records_the_user_it_is_given(headed, hr_user):
    director = Position.objects.get(pk=headed["director"].pk)
    director._history_user = hr_user
    director.delete()
    assert_head_cleared_in_history(headed["sales"], hr_user)
