"""The department admin form, submitted as a browser would."""
from django.urls import reverse

from conftest import make_department
from departments.models import Department, DepartmentDuty
from conftest import admin_form_data, as_browser_sends, submit_admin_form


def test_a_sub_department_as_parent_is_refused_with_a_message_that_says_what_to_move(hr_client, db):
    market = make_department("市场部")
    expansion = make_department("拓展部", parent=market)
    response = submit_admin_form(hr_client, reverse("admin:departments_department_change", args=[market.pk]),
                                 {"parent": str(expansion.pk)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "不能调整到其自身的下级部门之下" in html and "选择一个有效的选项" not in html
    assert Department.objects.get(pk=market.pk).parent_id is None


def test_saving_a_department_unchanged_records_nothing(hr_client, db):
    department = make_department("市场部", mission="开拓市场\n维护客户")
    DepartmentDuty.objects.create(department=department, function="市场管理", text="市场调研\n市场策划", order=1)
    before = Department.history.count() + DepartmentDuty.history.count()
    url = reverse("admin:departments_department_change", args=[department.pk])
    assert hr_client.post(url, as_browser_sends(admin_form_data(hr_client, url))).status_code == 302
    assert Department.history.count() + DepartmentDuty.history.count() == before
    assert Department.objects.get(pk=department.pk).mission == "开拓市场\n维护客户"


def drag(client, cut_item, pasted_on, position):
    """What django-mptt's drag-and-drop script sends when HR drops a department."""
    return client.post(
        reverse("admin:departments_department_changelist"),
        {"cmd": "move_node", "cut_item": cut_item.pk, "pasted_on": pasted_on.pk, "position": position},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )


def test_drag_and_drop_moves_a_department_beside_another(hr_client, db):
    group = make_department("集团")
    first, second = make_department("甲部", parent=group), make_department("乙部", parent=group)
    response = drag(hr_client, second, first, "left")
    assert (response.status_code, response.content) == (200, b"OK, moved.")
    assert [child.name for child in Department.objects.get(pk=group.pk).get_children()] == ["乙部", "甲部"]


def test_drag_and_drop_under_its_own_sub_department_is_refused_with_the_reason(hr_client, db):
    market = make_department("市场部")
    expansion = make_department("拓展部", parent=market)
    response = drag(hr_client, market, expansion, "last-child")
    assert (response.status_code, response.content) == (200, b"FAIL, invalid move.")
    page = hr_client.get(reverse("admin:departments_department_changelist")).content.decode()
    assert "不能调整到其自身的下级部门之下" in page
    assert Department.objects.get(pk=market.pk).parent_id is None
