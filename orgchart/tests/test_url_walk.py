"""Walk the whole URL configuration: anonymous users are refused everywhere, managers never change data.

Every pattern of ``get_resolver()`` is expanded (admin, import-export, the apps), its path
converters filled with the codes and primary keys of an organisation that has a row of every
model (``conftest.build_organisation``), then requested.
"""
from django.apps import apps
from django.urls import reverse

from conftest import make_user
from departments.models import Department
from jobs.models import Position
from orgchart.tests.conftest import PUBLIC

def counts():
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("jobs").get_models()} | {
        model._meta.label: model.objects.count() for model in apps.get_app_config("departments").get_models()
    }


def test_the_walk_covers_admin_imports_and_pages(urls):
    names = {name for name, _url in urls}
    assert len(urls) > 60
    assert {"jobs_position_change", "jobs_position_import", "jobs_position_import_workbook",
            "jobs_position_import_word", "quality_report", "position_detail", "handbook",
            "position_history", "position_restore", "history", "restore"} <= names
    department = Department.objects.order_by("pk").first()
    assert reverse("departments:restore", args=[department.code]) in {url for _name, url in urls}


def refused_anonymously(response):
    if response.status_code == 302:
        return response["Location"].startswith(("/accounts/login/", "/admin/login/"))
    return response.status_code in (403, 404, 405)


def test_anonymous_users_are_refused_everywhere(client, urls):
    secret = Position.objects.order_by("pk").first().title
    for name, url in urls:
        if name in PUBLIC:
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert refused_anonymously(response), (method.__name__, url, response.status_code)
            assert secret not in response.content.decode(errors="replace"), url


def test_managers_cannot_open_the_admin_or_change_anything(client, urls):
    manager = make_user("manager", group="Manager")
    before = counts()
    for name, url in urls:
        if name in PUBLIC:
            continue
        client.force_login(manager)
        if url.startswith("/admin/"):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), url
            if response.status_code == 302:
                assert response["Location"].startswith("/admin/login/"), url
        response = client.post(url, {"confirm": "1", "token": "x", "action": "delete_selected", "_selected_action": "1"})
        if url.startswith("/admin/"):
            assert response.status_code in (302, 403, 404), url
            if response.status_code == 302:
                assert response["Location"].startswith("/admin/login/"), url
        else:  # read-only pages may answer a POST like a GET; nothing may change (checked below)
            assert response.status_code < 500, url
    assert counts() == before
