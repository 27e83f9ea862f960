"""What HR and managers meet every day, in a real browser: search, compare pickers, headcount."""
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


def test_the_compare_pickers_find_positions_by_pinyin_initials_and_title(page, live_server, demo_manager):
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/positions/compare/")
    first = page.locator("input[name=a]")
    first.click()
    first.type("sczj")  # 市场总监, by the initials of its title
    option = page.locator(".picker-list li[data-code]").first
    option.wait_for()
    assert "市场总监" in option.inner_text()
    code = option.get_attribute("data-code")
    option.click()
    assert first.input_value() == code
    second = page.locator("input[name=b]")
    assert second.evaluate("input => input === document.activeElement")  # the next empty picker
    second.type("拓展")
    page.locator(".picker").nth(1).locator("li[data-code]").first.click()
    page.get_by_role("button", name="对比", exact=True).click()
    page.wait_for_selector("table.compare")
    assert page.console_errors == []


def test_a_search_shows_where_the_words_were_found(page, live_server, demo_manager):
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/positions/?q=客户")
    hits = page.locator(".search-hits li")
    hits.first.wait_for()
    assert hits.first.locator("mark").first.inner_text() == "客户"
    assert page.console_errors == []


def test_select_all_on_the_export_page_works_under_the_csp(page, live_server, demo_manager):
    make_user("hr", group="HR", is_staff=True)
    log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/admin/jobs/position/export/")
    toggle = page.locator("input.select-toggle:visible")
    page.locator("label:visible", has_text="全选").click()  # the label works too
    assert not toggle.is_checked()
    boxes = page.locator('.selectable-field-export-row input[type="checkbox"]:visible')
    assert boxes.count() > 5 and all(not boxes.nth(i).is_checked() for i in range(boxes.count()))
    toggle.check()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))


def test_the_position_form_fits_1280_pixels(page, live_server, demo_manager):
    make_user("hr", group="HR", is_staff=True)
    log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/admin/jobs/position/")
    page.get_by_role("link", name="MKT-01").first.click()
    page.wait_for_selector("#kpis-group")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_the_chart_list_and_department_page_show_the_same_headcount(page, live_server, demo_manager):
    log_in(page, live_server, "manager")
    page.wait_for_selector(".chart[data-state=drawn]")
    market = page.locator(".chart-node[data-code=HT-MKT]")
    assert "定员 25 人 · 在岗 24" in market.text_content() and "缺编 3" in market.text_content()
    assert page.locator(".chart-node[data-code=YF] rect.company-band").count() == 1  # a company looks different
    page.goto(f"{live_server.url}/list/")
    department = page.locator(".org-department", has=page.locator("a", has_text="市场部")).first
    assert "定员 25 人" in department.inner_text() and "缺编 3" in department.inner_text()
    page.goto(f"{live_server.url}/departments/HT-MKT/")
    totals = page.locator("table.staffing tfoot").inner_text()
    assert "含下级部门合计\t25\t24" in totals and "缺编 3" in totals
    assert page.console_errors == []
