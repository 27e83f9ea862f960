"""Salary fields (机密) stay hidden from users who may edit positions but not see salaries: in the
site's history diffs, the admin's history pages and the per-list import preview."""
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import make_department, make_position, make_user
from jobs.models import Position

SALARIES = ("M3级", "M5级", "年薪三十万", "年薪五十万")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def org(db):
    editor = make_user("editor", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="jobs", codename__in=["view_position", "change_position", "add_position"]
    ))
    hr = make_user("hr", group="HR", is_staff=True)
    position = make_position(make_department("市场部", code="MKT"), "市场总监", code="MKT-01",
                             salary_grade="M3级", salary_level="年薪三十万", summary="旧概要")
    position = Position.objects.get(pk=position.pk)
    position.salary_grade, position.salary_level, position.summary = "M5级", "年薪五十万", "新概要"
    position.save()
    return {"editor": logged_in(editor), "hr": logged_in(hr), "position": position}


def test_the_site_history_diff_leaves_out_salaries_without_the_permission(org):
    url = reverse("jobs:position_history", args=["MKT-01"])
    page = org["editor"].get(url).content.decode()
    assert "新概要" in page and "旧概要" in page
    assert not any(value in page for value in SALARIES) and "工资等级" not in page
    page = org["hr"].get(url).content.decode()
    assert all(value in page for value in SALARIES)


def test_the_admin_history_leaves_out_salaries_without_the_permission(org):
    position = org["position"]
    history = Position.history.filter(id=position.pk).order_by("history_id")
    pages = [reverse("admin:jobs_position_history", args=[position.pk])] + [
        reverse("admin:jobs_position_simple_history", args=[position.pk, record.history_id]) for record in history
    ]
    for url in pages:
        response = org["editor"].get(url, follow=True)  # the history list: the site's own page
        assert response.status_code == 200, url
        page = response.content.decode()
        assert not any(value in page for value in SALARIES), url
    page = org["hr"].get(pages[0], follow=True).content.decode()
    assert "M3级" in page and "M5级" in page


def test_the_per_list_import_shows_and_writes_no_salaries_without_the_permission(org):
    content = "岗位编号,岗位名称,所在部门,工资等级,职责概述\nMKT-01,市场总监,MKT,M9级,第三版概要\n".encode()
    response = org["editor"].post(reverse("admin:jobs_position_import"), {
        "resource": "0", "format": "0", "import_file": SimpleUploadedFile("岗位.csv", content),
    })
    page = response.content.decode()
    assert response.context["confirm_form"] is not None and not any(value in page for value in ("M5级", "M9级", "工资等级"))
    assert org["editor"].post(reverse("admin:jobs_position_process_import"), response.context["confirm_form"].initial).status_code == 302
    position = Position.objects.get(code="MKT-01")
    assert (position.summary, position.salary_grade) == ("第三版概要", "M5级")
