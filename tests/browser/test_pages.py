"""What a manager sees in a real browser."""
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from conftest import make_user
from jobs.roles import create_roles
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_manager(transactional_db):
    create_roles(django_apps)  # a transactional test starts from a flushed database
    call_command("load_demo", verbosity=0)
    return make_user("manager", group="Manager")


def test_manager_logs_in_sees_the_organisation_and_opens_a_job_description(page, live_server, demo_manager):
    log_in(page, live_server, "manager")
    page.get_by_role("link", name="列表视图").click()
    assert page.locator(".org-department").count() == 15  # the demo's departments, the subsidiary included
    assert page.get_by_role("link", name="拓展部", exact=True).is_visible()
    page.get_by_role("link", name="渠道主管").first.click()
    page.wait_for_url("**/positions/EXP-04/")
    assert page.locator("h1.doc-title").inner_text().startswith("渠道主管")
    assert page.locator("table.duties tr.duty").count() == 5
    assert page.console_errors == []


def test_job_description_prints_on_a4_without_horizontal_overflow(page, live_server, demo_manager):
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/positions/GCD-01/")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 width less 2 x 15 mm margins, at 96 dpi
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert not page.locator(".site-header").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")


def test_manager_is_refused_by_the_admin(page, live_server, demo_manager):
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/admin/jobs/position/")
    assert "/admin/login/" in page.url
