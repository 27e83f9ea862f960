"""The review workflow in a real browser: HR previews a draft and submits it for review, a reviewer
returns it with a comment and then approves it; where no review is required HR publishes alone."""
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from conftest import make_user
from jobs.models import Position
from jobs.roles import REVIEWER_GROUP, create_roles
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_hr(transactional_db):
    create_roles(django_apps)  # a transactional test starts from a flushed database
    call_command("load_demo", verbosity=0)
    return make_user("hr", group="HR", is_staff=True)


def test_hr_publishes_a_draft_and_sees_the_difference_in_the_history(page, live_server, demo_hr, settings):
    settings.JD_REVIEW_REQUIRED = False  # a company that does not require review: HR publishes alone
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


def test_hr_submits_a_reviewer_returns_then_approves_and_the_manager_sees_it(browser, page, live_server, demo_hr):
    make_user("reviewer", group=REVIEWER_GROUP)
    make_user("manager", group="Manager")
    position = Position.objects.get(code="EXP-04")
    position.status, position.summary = Position.Status.DRAFT, "送审的新概要"
    position.save()
    log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/positions/EXP-04/")
    assert page.get_by_role("button", name="发布", exact=True).count() == 0
    page.get_by_role("button", name="提交审核").click()
    assert "审核中" in page.locator(".review-banner").inner_text()

    reviewer = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    log_in(reviewer, live_server, "reviewer")
    assert reviewer.locator(".notifications-link .badge").inner_text() == "1"
    reviewer.get_by_role("link", name="待审核", exact=True).first.click()
    reviewer.wait_for_url("**/reviews/")
    assert "hr" in reviewer.locator("table.review-queue").inner_text()
    reviewer.locator("table.review-queue").get_by_role("link", name="审核").click()
    assert "送审的新概要" in reviewer.locator("table.history-diff").first.inner_text()
    reviewer.get_by_role("button", name="退回").click()
    assert "必须填写审核意见" in reviewer.locator(".messages").inner_text()
    reviewer.fill("#review-comment", "请补充渠道管理的工作标准")
    reviewer.get_by_role("button", name="退回").click()
    reviewer.wait_for_url("**/reviews/")

    page.goto(f"{live_server.url}/positions/EXP-04/")
    assert "请补充渠道管理的工作标准" in page.locator(".review-banner.returned").inner_text()
    page.get_by_role("button", name="提交审核").click()

    reviewer.goto(f"{live_server.url}/reviews/EXP-04/")
    reviewer.get_by_role("button", name="批准并发布").click()
    reviewer.wait_for_url("**/reviews/")
    assert "没有等待您审核的岗位说明书" in reviewer.locator("main").inner_text()

    page.goto(f"{live_server.url}/notifications/")
    assert "批准" in page.locator("ul.notifications").inner_text()
    manager = browser.new_context(locale="zh-CN").new_page()
    log_in(manager, live_server, "manager")
    manager.goto(f"{live_server.url}/positions/EXP-04/")
    assert "送审的新概要" in manager.locator("main").inner_text()
    assert page.console_errors == []
