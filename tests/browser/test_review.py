"""The review workflow in a real browser: HR previews a draft, publishes it, compares versions."""
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from conftest import make_user
from jobs.models import Position
from jobs.roles import create_roles
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_hr(transactional_db):
    create_roles(django_apps)  # a transactional test starts from a flushed database
    call_command("load_demo", verbosity=0)
    return make_user("hr", group="HR", is_staff=True)


def test_hr_publishes_a_draft_and_sees_the_difference_in_the_history(page, live_server, demo_hr):
    position = Position.objects.get(code="EXP-04")
    position.status, position.summary = Position.Status.DRAFT, "浏览器中修改的概要"
    position.save()
    log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/positions/EXP-04/")
    assert page.locator(".draft-banner").is_visible()
    page.get_by_role("link", name="查看已发布版本").click()
    assert "浏览器中修改的概要" not in page.locator("main").inner_text()
    page.get_by_role("link", name="返回草稿").click()
    page.get_by_role("button", name="发布").click()
    page.wait_for_url("**/positions/EXP-04/")
    assert not page.locator(".draft-banner").is_visible()
    assert "第 2 版" in page.locator(".doc-meta").inner_text()
    page.get_by_role("link", name="变更历史").click()
    page.locator("select[name=a]").select_option("1")
    page.get_by_role("button", name="显示差异").click()
    assert "浏览器中修改的概要" in page.locator("table.history-diff").first.inner_text()
    assert page.console_errors == []
