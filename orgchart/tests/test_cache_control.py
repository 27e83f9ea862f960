"""Pages and downloads may carry salaries and drafts: every response of the application says
``Cache-Control: private, no-store`` — pages, Word and PDF files, handbooks, comparisons, history,
exports and the admin — while static files stay cacheable."""
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from conftest import make_user
from departments.models import Department
from jobs.models import Position
from orgchart.tests.conftest import PUBLIC


def assert_private(response, url):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (url, response.status_code, response.get("Cache-Control"))
    assert "public" not in directives, url


def test_every_page_and_download_is_private_and_not_stored(urls):
    hr = Client()
    hr.force_login(make_user("boss", is_staff=True, is_superuser=True))
    position = Position.objects.order_by("pk").first()
    department = Department.objects.order_by("pk").first()
    pages = [url for name, url in urls if name not in PUBLIC] + [
        reverse("jobs:position_detail", args=[position.code]),
        reverse("jobs:position_docx", args=[position.code]),
        reverse("jobs:position_pdf", args=[position.code]),
        reverse("jobs:handbook", args=[department.code]) + "?sub=1",
        reverse("jobs:handbook_docx", args=[department.code]),
        reverse("jobs:handbook_pdf", args=[department.code]),
        reverse("jobs:compare") + f"?a={position.code}&b={position.code}",
        reverse("jobs:position_history", args=[position.code]),
        reverse("departments:history", args=[department.code]),
        reverse("admin:jobs_position_export_workbook"),
        reverse("position_chart_json") + f"?position={position.code}",
    ]
    for url in pages:
        assert_private(hr.get(url), url)
    export = hr.post(reverse("admin:jobs_position_export"), {"format": "1", "resource": "0", "positionresource_code": "on", "positionresource_salary_grade": "on"})
    assert export.get("Content-Disposition", "").startswith("attachment")
    assert_private(export, "per-list export")
    assert_private(Client().get(reverse("login")), "login")


def test_static_files_keep_their_own_caching(settings):
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True  # serve from the source folders
    assert finders.find("css/site.css")
    response = Client().get("/static/css/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
