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
