"""The department admin: the form submitted as a browser would, and every page at two sizes."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import Route, admin_form_data, as_browser_sends, make_department, on_postgresql, submit_admin_form
from departments.models import Department, DepartmentDuty


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


# --- Every admin page of the departments app, at two sizes --------------------------------------


def admin_url(name, key=None):
    return lambda org: reverse(f"admin:departments_department_{name}", args=[org[key].pk] if key else [])


def shows(*texts):
    def check(text, org):
        assert all(item.format(**org) in text for item in texts), texts
    return check


def shows_tree(text, org):
    """The draggable tree: every department, with its number of positions."""
    assert text.count('class="drag-handle"') == org["departments"]
    assert f"销售一组{org['units']}" in text and '<td class="field-position_count">5</td>' in text


def shows_change_form(text, org):
    assert "<h2>总经办</h2>" in text
    assert len(re.findall(r'name="duties-\d+-text"', text)) == 2 * org["units"]
    assert len(re.findall(r'name="policies-\d+-title"', text)) == org["units"]


def shows_department_csv(text, org):
    rows = text.strip().splitlines()
    assert len(rows) == 1 + org["departments"] and rows[0].startswith("部门编码,部门名称,上级部门")
    assert f"C{org['units']}-S-T,销售一组{org['units']},C{org['units']}-S," in text
    assert f"C{org['units']}-S-T-01" in text  # the head position, by code


def shows_duty_csv(text, org):
    rows = text.strip().splitlines()
    assert len(rows) == 1 + 1 + 2 * org["units"]  # 集团's one duty, 总经办's 2 × units
    assert f"G-OFF,职能{2 * org['units'] % 3},总经办职责{2 * org['units']}" in text


DEPARTMENT_FIELDS = ("code", "name", "parent", "kind", "head_position", "authorised_headcount", "is_active")

DEPARTMENT_ADMIN_ROUTES = {
    "department tree": Route("hr", admin_url("changelist"), 8, shows_tree),
    "department change form": Route("hr", admin_url("change", "office"), 10, shows_change_form),
    "department add form": Route("hr", admin_url("add"), 4, shows("<h1>增加 部门</h1>")),
    # The admin's history button opens the site's own history page (kernel.admin.ReadOnlyHistoryAdmin).
    "department history": Route("hr", lambda org: reverse("departments:history", args=[org["group"].code]), 17, shows(
        "集团的职责概述（第 {units} 次修改）")),
    "department delete refused": Route("hr", admin_url("delete", "group"), 9, shows("无法删除 部门", ">总经理 (CEO)</a>", ">总经办</a>", ">业务中心{units}</a>")),
    "per-list import page": Route("hr", admin_url("import"), 4, shows("此次将导入以下字段", "部门编码, 部门名称")),
    "per-list export page": Route("hr", admin_url("export"), 4, shows("此次将导出以下字段")),
    "per-list export": Route("hr", admin_url("export"), 5, shows_department_csv, data=lambda org: {
        "format": "0", "resource": "0", **{f"departmentresource_{field}": "on" for field in DEPARTMENT_FIELDS}}),
    "department duty export": Route("hr", admin_url("export"), 5, shows_duty_csv, data=lambda org: {
        "format": "0", "resource": "1", **{f"departmentdutyresource_{field}": "on" for field in ("department", "function", "text")}}),
}


def new_departments_csv(count):
    rows = [f"N-{n:03d},新部门{n},C1,部门" for n in range(count)]
    return "\n".join(["部门编码,部门名称,上级部门,部门类型", *rows]).encode("utf-8-sig")


class TestQueryCounts:
    """Each admin page takes the same exact number of queries for the small and the large
    organisation; the per-list import writes row by row, its count is pinned with the formula."""

    @pytest.mark.parametrize("name", DEPARTMENT_ADMIN_ROUTES)
    def test_route_takes_a_fixed_number_of_queries(self, sized_org, open_route, name):
        open_route(DEPARTMENT_ADMIN_ROUTES[name], sized_org)

    def test_per_list_import_checks_and_writes_row_by_row(self, sized_org, hr_client, exact_queries):
        """django-import-export imports one row at a time: the preview and the confirmation each
        take 22 queries per new department, 23 on PostgreSQL (its lookups by code, validation against the database
        constraints, the tree insert under the tree lock and its history record), pinned for 2 × units rows."""
        count = 2 * sized_org["units"]
        per_row = on_postgresql()  # PostgreSQL takes the tree's advisory lock for each row (SQLite holds it from BEGIN)
        upload = SimpleUploadedFile("departments.csv", new_departments_csv(count))
        with exact_queries(11 + (per_row + 22) * count):
            response = hr_client.post(reverse("admin:departments_department_import"),
                                      {"import_file": upload, "format": "0", "resource": "0"})
        assert f"新部门{count - 1}" in response.content.decode()
        assert not Department.objects.filter(code__startswith="N-").exists()
        # On PostgreSQL django-import-export then resets the table's id sequence: one statement more.
        with exact_queries(9 + (per_row + 22) * count + on_postgresql()):
            response = hr_client.post(reverse("admin:departments_department_process_import"), response.context["confirm_form"].initial)
        assert response.status_code == 302
        assert list(Department.objects.get(code="C1").get_children().values_list("code", flat=True))[-count:] == [
            f"N-{n:03d}" for n in range(count)]
