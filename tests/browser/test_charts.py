"""The org charts as a manager sees them in Chromium: drawing, expanding, search, export, print."""
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from conftest import make_department, make_level, make_position, make_user
from jobs.models import Position
from jobs.roles import create_roles
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERLAPPING_BOXES = """() => {
  const boxes = [...document.querySelectorAll('.chart-node rect.box')].map(r => r.getBoundingClientRect());
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps++;
  }
  return overlaps;
}"""


@pytest.fixture
def manager(transactional_db):
    create_roles(django_apps)  # a transactional test starts from a flushed database
    return make_user("manager", group="Manager")


@pytest.fixture
def demo_manager(manager):
    call_command("load_demo", verbosity=0)
    return manager


@pytest.fixture
def chart_page(page):
    """The page, also recording uncaught script errors (console errors are already kept)."""
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


def open_chart(page, url):
    page.goto(url)
    page.wait_for_selector(".chart[data-state]")
    return page.get_attribute(".chart", "data-state")


def boxes(page):
    return page.locator(".chart-node").count()


def test_home_chart_draws_the_demo_departments_and_expands_and_collapses(chart_page, live_server, demo_manager):
    page = chart_page
    log_in(page, live_server, "manager")
    page.wait_for_selector(".chart[data-state=drawn]")
    assert boxes(page) == 15  # the demo's 15 departments, the subsidiary 驭风速运 included
    market = page.locator(".chart-node[data-code=HT-MKT]")
    assert "负责人：副总经理" in market.text_content()
    market.locator("rect.box").click()
    assert boxes(page) == 13  # 拓展部 and 市场拓展部 are hidden
    market.locator("g.toggle").click()
    assert boxes(page) == 15
    market.focus()
    page.keyboard.press("Enter")  # the keyboard works too
    assert boxes(page) == 13
    page.keyboard.press("Enter")
    assert boxes(page) == 15
    page.locator(".chart-node[data-code=HT] rect.box").click()
    assert boxes(page) == 1
    assert page.evaluate(OVERLAPPING_BOXES) == 0
    assert page.console_errors == []


def test_search_expands_the_path_highlights_and_a_click_opens_the_department(chart_page, live_server, demo_manager):
    page = chart_page
    log_in(page, live_server, "manager")
    page.wait_for_selector(".chart[data-state=drawn]")
    page.locator(".chart-node[data-code=HT] rect.box").click()  # collapse everything first
    assert boxes(page) == 1
    page.fill(".chart-search input", "拓展部")
    page.press(".chart-search input", "Enter")
    highlighted = page.locator(".chart-node.highlight")
    assert highlighted.count() == 1
    assert highlighted.get_attribute("data-code") == "HT-MKT-EXP"
    assert highlighted.is_visible()
    assert "拓展部" in page.inner_text(".chart-search-result")
    page.fill(".chart-search input", "")
    page.press(".chart-search input", "Enter")
    assert page.locator(".chart-node.highlight").count() == 0
    page.fill(".chart-search input", "tzb")  # 拓展部 by its pinyin initials
    page.press(".chart-search input", "Enter")
    page.wait_for_selector(".chart-node.highlight")
    assert page.locator(".chart-node.highlight").get_attribute("data-code") == "HT-MKT-EXP"
    page.fill(".chart-search input", "没有这个部门")
    page.press(".chart-search input", "Enter")
    assert "没有找到" in page.inner_text(".chart-search-result")
    assert page.locator(".chart-node.highlight").count() == 0
    page.locator(".chart-node[data-code=HT-MKT-EXP] a").click()
    page.wait_for_url("**/departments/HT-MKT-EXP/")
    assert page.locator("h1").inner_text().startswith("拓展部")
    assert page.locator("figure.department-chart svg").count() == 1
    assert page.console_errors == []


def test_svg_and_png_exports_download_valid_files(chart_page, live_server, demo_manager):
    page = chart_page
    log_in(page, live_server, "manager")
    page.wait_for_selector(".chart[data-state=drawn]")
    with page.expect_download() as svg_download:
        page.click("[data-action=export-svg]")
    assert svg_download.value.suggested_filename.endswith(".svg")
    svg = ET.parse(svg_download.value.path()).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox")
    assert "拓展部" in "".join(svg.itertext())
    with page.expect_download() as png_download:
        page.click("[data-action=export-png]")
    assert png_download.value.suggested_filename.endswith(".png")
    data = open(png_download.value.path(), "rb").read()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = Image.open(io.BytesIO(data)).size
    assert width > 400 and height > 100
    assert page.console_errors == []


def test_reporting_lines_of_the_market_department_follow_the_seeds(chart_page, live_server, demo_manager):
    page = chart_page
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/departments/HT-MKT/")
    page.get_by_role("link", name="交互式汇报关系图").click()
    page.wait_for_selector(".chart[data-state=drawn]")
    assert page.locator("h1").inner_text() == "市场部汇报关系图"
    assert boxes(page) == 11  # three levels open; the fourth (市场助理, 销售人员, 销售助理) waits
    page.click("[data-action=expand-all]")
    assert boxes(page) == 14
    specialist = page.locator(".chart-node[data-code=EXP-05]")
    assert "拓展部 · 专员级" in specialist.text_content()
    assert page.locator(".dotted-links path").count() == 2  # 渠道主管 and 拓展专员 → 拓展主管
    page.uncheck("input[data-action=dotted]")
    assert page.locator(".dotted-links path").count() == 0
    specialist.locator("a").click()
    page.wait_for_url("**/positions/EXP-05/")
    page.get_by_role("link", name="本岗位及下属汇报关系图").click()
    page.wait_for_selector(".chart[data-state=drawn]")
    assert boxes(page) == 1
    assert page.console_errors == []


def test_chart_prints_on_one_a4_landscape_page(chart_page, live_server, demo_manager):
    page = chart_page
    log_in(page, live_server, "manager")
    page.wait_for_selector(".chart[data-state=drawn]")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1047, "height": 718})  # A4 landscape less 2 x 10 mm, at 96 dpi
    # Locator waits, not wait_for_function: the CSP forbids the eval() that a string predicate needs.
    page.locator("svg.chart-canvas[viewBox]").wait_for()  # on the media change
    box = page.locator("svg.chart-canvas").bounding_box()
    assert box["width"] <= 1047
    assert not page.locator(".chart-toolbar").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1  # one page
    page.emulate_media(media="screen")
    page.locator("svg.chart-canvas:not([viewBox])").wait_for()
    assert page.console_errors == []


def test_empty_organisation_says_so_instead_of_a_blank_chart(chart_page, live_server, manager):
    page = chart_page
    log_in(page, live_server, "manager")
    assert open_chart(page, f"{live_server.url}/") == "empty"
    assert "暂无部门" in page.inner_text(".chart .empty")
    assert open_chart(page, f"{live_server.url}/charts/positions/") == "empty"
    assert "没有可显示的岗位" in page.inner_text(".chart .empty")
    assert page.console_errors == []


def test_awkward_organisations_draw_without_overlaps_or_errors(chart_page, live_server, manager):
    """A 30-level chain, 500 siblings, 60-character names and a department without head."""
    level = make_level()
    root = make_department("集团")
    chain = root
    for depth in range(30):
        chain = make_department(f"第{depth}层", parent=chain)
    wide = make_department("超" + "长" * 59, parent=root)  # 60 characters, no head position
    head = make_position(wide, "长" * 60, job_level=level, headcount=1)
    Position.objects.bulk_create(
        [
            Position(code=f"W{i:04d}", title=f"专员{i}" + "名" * 50, department=wide, reports_to=head,
                     lft=0, rght=0, tree_id=0, level=0, status=Position.Status.PUBLISHED, approved_at=timezone.now())
            for i in range(500)
        ]
    )
    Position.objects.rebuild()
    page = chart_page
    log_in(page, live_server, "manager")
    page.wait_for_selector(".chart[data-state=drawn]")
    page.click("[data-action=expand-all]")
    assert boxes(page) == 32  # 集团, the 30-level chain and the department with a long name
    assert page.evaluate(OVERLAPPING_BOXES) == 0
    assert open_chart(page, f"{live_server.url}/charts/positions/?department={wide.code}") == "drawn"
    assert boxes(page) == 1
    page.locator(f".chart-node[data-code={head.code}] rect.box").click()
    assert boxes(page) == 501
    assert page.evaluate(OVERLAPPING_BOXES) == 0
    width = page.evaluate("document.querySelector('.chart-content').getBBox().width")
    assert width < 40 * 202  # stacked in rows, not one row of 500 boxes
    assert page.console_errors == []


def test_a_long_name_is_set_smaller_before_it_is_clipped(chart_page, live_server, manager):
    root = make_department("华东区域市场拓展与渠道管理部")  # 14 characters: too wide at 14 px, whole at 12 px
    make_department("超" + "长" * 29, parent=root)
    page = chart_page
    log_in(page, live_server, "manager")
    page.wait_for_selector(".chart[data-state=drawn]")
    names = page.eval_on_selector_all(".chart-node a text", "texts => texts.map(t => [t.textContent, t.getAttribute('font-size')])")
    assert ["华东区域市场拓展与渠道管理部", "12"] in names
    assert any(text.endswith("…") and size == "12" for text, size in names)  # too long even at 12 px: clipped
    assert page.console_errors == []
