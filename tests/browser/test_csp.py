"""The Content-Security-Policy (no inline scripts) does not break the pages HR and managers use."""
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from conftest import make_user
from departments.models import Department
from jobs.models import Position
from jobs.roles import create_roles
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_hr(transactional_db):
    create_roles(django_apps)
    call_command("load_demo", verbosity=0)
    return make_user("hr", group="HR", is_staff=True)


def violations(page):
    return [text for text in page.console_errors if "Content Security Policy" in text]


def test_admin_chart_and_documents_run_under_the_csp(page, live_server, demo_hr):
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    log_in(page, live_server, "hr")
    response = page.goto(f"{live_server.url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("svg g", timeout=10000)

    page.goto(f"{live_server.url}/admin/departments/department/")
    page.wait_for_load_state("networkidle")
    # mptt's DraggableMPTTAdmin draws its tree with JavaScript: the toggle links appear only if it ran.
    assert page.locator(".tree-node").count() >= Department.objects.count()

    position = Position.objects.filter(duties__isnull=False).first()
    page.goto(f"{live_server.url}/admin/jobs/position/{position.pk}/change/")
    page.wait_for_load_state("networkidle")
    page.locator("#duties-group .add-row a").first.click()  # the admin's inline JavaScript works

    page.goto(f"{live_server.url}/positions/{position.code}/")
    page.goto(f"{live_server.url}/quality/")
    page.select_option("select[name=language]", "en")  # the auto-submit moved out of onchange=""
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations(page) == [] and page_errors == []
