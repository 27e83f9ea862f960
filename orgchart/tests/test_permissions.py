"""Who may see and change what: anonymous, Manager, HR."""
import pytest
from django.urls import reverse

from jobs.models import Position

PUBLIC_PAGES = ("home", "jobs:position_list")


def pages(org):
    """{url: what it shows} of the pages every role that may browse opens."""
    return {
        reverse("home"): "<title>组织架构",
        reverse("organisation_list"): "拓展专员",
        reverse("position_chart"): "全公司汇报关系图",
        reverse("department_chart_json"): '"code": "G-MKT-EXP"',
        reverse("position_chart_json"): '"code": "EXP-01"',
        reverse("jobs:position_list"): "共 3 个岗位",
        org["director"].get_absolute_url(): '<h1 class="doc-title">市场总监',
        org["market"].get_absolute_url(): "<h1>市场部",
    }


def page_urls(org):
    return list(pages(org))


def admin_pages(org):
    return {
        reverse("admin:index"): "管理后台",
        reverse("admin:jobs_position_changelist"): "3 岗位",
        reverse("admin:jobs_position_change", args=[org["director"].pk]): "<h2>市场总监 (MKT-01)</h2>",
        reverse("admin:jobs_position_add"): "<h1>增加 岗位</h1>",
        reverse("admin:departments_department_changelist"): "拓展部",
        reverse("admin:departments_department_change", args=[org["market"].pk]): "<h2>市场部</h2>",
    }


def admin_urls(org):
    return list(admin_pages(org))


def test_anonymous_users_are_sent_to_the_login_page(client, small_org):
    for url in page_urls(small_org):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_login_page_is_open_to_anonymous_users(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_manager_can_browse_every_page(manager_client, small_org):
    for url, shown in pages(small_org).items():
        response = manager_client.get(url)
        assert response.status_code == 200 and shown in response.content.decode(), url


def test_manager_cannot_reach_admin_views(manager_client, small_org):
    for url in admin_urls(small_org):
        response = manager_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_manager_cannot_change_a_position_through_the_admin(manager_client, small_org):
    director = small_org["director"]
    url = reverse("admin:jobs_position_change", args=[director.pk])
    manager_client.post(url, {"code": director.code, "title": "被篡改"})
    director.refresh_from_db()
    assert director.title == "市场总监"


def test_manager_does_not_see_confidential_fields(manager_client, small_org):
    page = manager_client.get(small_org["director"].get_absolute_url()).content.decode()
    assert "M3级" not in page
    assert "工资等级" not in page


def test_hr_sees_confidential_fields(hr_client, small_org):
    page = hr_client.get(small_org["director"].get_absolute_url()).content.decode()
    assert "M3级" in page
    form = hr_client.get(reverse("admin:jobs_position_change", args=[small_org["director"].pk]))
    assert "salary_grade" in form.context["adminform"].form.fields


def test_staff_without_confidential_permission_does_not_get_salary_fields_in_admin(client, small_org):
    from conftest import make_user
    from django.contrib.auth.models import Permission

    clerk = make_user("clerk", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_position", "change_position"]))
    client.force_login(clerk)
    response = client.get(reverse("admin:jobs_position_change", args=[small_org["director"].pk]))
    assert response.status_code == 200
    assert "salary_grade" not in response.context["adminform"].form.fields


def test_hr_can_open_every_admin_view(hr_client, small_org):
    for url, shown in admin_pages(small_org).items():
        response = hr_client.get(url)
        assert response.status_code == 200 and shown in response.content.decode(), url


@pytest.mark.parametrize("group,allowed", [("HR", True), ("Manager", False)])
def test_role_permissions_come_from_the_migration(db, group, allowed):
    from django.contrib.auth.models import Group

    permissions = set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))
    assert ("change_position" in permissions) is allowed
    assert ("view_confidential" in permissions) is allowed
    assert "view_position" in permissions


def test_hr_edit_through_the_admin_is_saved(hr_client, small_org):
    from conftest import submit_admin_form

    director = small_org["director"]
    url = reverse("admin:jobs_position_change", args=[director.pk])
    response = submit_admin_form(hr_client, url, {"title": "市场部总监", "summary": "规划市场战略"})
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    director = Position.objects.get(pk=director.pk)
    assert (director.title, director.summary) == ("市场部总监", "规划市场战略")
