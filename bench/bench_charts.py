"""Org charts at group size: 2,000 departments and 20,000 positions, most of them based on 500
published standard positions (``BENCH_STANDARDS``; 0 for none), whose job level the charts show.

Server: each chart's JSON (built and serialised) against the bare query of the same rows,
and the department chart picture. Browser (Debian chromium through Playwright, against a
live server on the scratch database): navigation to the first drawn chart against a plain
page load, and expanding a box of 500 direct reports against expanding a box of three.
Goals: JSON under 1 s, first draw under 2 s. Figures are printed, never asserted; so are the
queries each chart's data takes, which the tests pin and which must not grow with the size.
"""
import json
import os
import statistics
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test import Client
from django.test.testcases import LiveServerThread

from bench.harness import best_of, counted_queries, report, scratch_database
from departments.models import Department
from jobs.models import Position
from demo.generated import WIDE_CHILDREN, generate_organisation
from jobs.pictures import department_chart_svg
from kernel import versions
from kernel.drawing import svg_to_png
from orgchart.charts import department_chart_data, position_chart_data, position_chart_scope

DEPARTMENTS = 2000
POSITIONS = 20000
STANDARDS = int(os.environ.get("BENCH_STANDARDS", "500"))
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "bench-password-only"

EXPAND = """async (code) => {
  const box = document.querySelector(`.chart-node[data-code="${code}"]`);
  const before = document.querySelectorAll('.chart-node').length;
  const start = performance.now();
  box.dispatchEvent(new MouseEvent('click', {bubbles: true}));
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const took = performance.now() - start;
  const after = document.querySelectorAll('.chart-node').length;
  box.dispatchEvent(new MouseEvent('click', {bubbles: true}));  // collapse again for the next round
  return [took, after - before];
}"""


def json_build(function):
    return lambda: json.dumps(function(), ensure_ascii=False)


def queries(label, function):
    with counted_queries() as captured:
        function()
    print(f"{'queries: ' + label:<55} {len(captured):9d}")


def conditional_figures(client):
    """The chart data built after a change, then from the cache, then 304 to its ETag."""
    url = "/charts/positions.json"
    versions.raise_now(versions.ORGANISATION)  # as after any change: built again
    built, response = best_of(lambda: client.get(url), repeat=1)
    report("GET /charts/positions.json after a change (built)", built, built)
    cached, response = best_of(lambda: client.get(url), repeat=10)
    report("GET /charts/positions.json unchanged (cached JSON)", cached, built)
    etag = response["ETag"]
    seconds, response = best_of(lambda: client.get(url, HTTP_IF_NONE_MATCH=etag), repeat=20)
    assert response.status_code == 304, response.status_code
    report("GET /charts/positions.json with its ETag: 304", seconds, built, goal="<= 10 ms")


def server_figures(client):
    departments_query = lambda: list(  # noqa: E731
        Department.objects.active().order_by("tree_id", "lft")
        .values_list("id", "parent_id", "code", "name", "head_position__title")
    )
    baseline, _rows = best_of(departments_query)
    seconds, text = best_of(json_build(department_chart_data))
    report(f"department chart JSON ({len(text) // 1024} KiB)", seconds, baseline, goal="< 1 s")
    seconds, response = best_of(lambda: client.get("/charts/departments.json"))
    assert response.status_code == 200, response.status_code
    report("GET /charts/departments.json", seconds, baseline, goal="< 1 s")

    positions_query = lambda: list(  # noqa: E731
        Position.objects.order_by("tree_id", "lft")
        .values_list("id", "reports_to_id", "code", "title", "department__name", "job_level__name", "headcount")
    )
    baseline, _rows = best_of(positions_query)
    scope, title = position_chart_scope()
    seconds, text = best_of(json_build(lambda: position_chart_data(scope, title)))
    report(f"reporting-line JSON, whole company ({len(text) // 1024} KiB)", seconds, baseline, goal="< 1 s")
    queries("reporting-line JSON, whole company", lambda: position_chart_data(scope, title))
    seconds, response = best_of(lambda: client.get("/charts/positions.json"))
    assert response.status_code == 200, response.status_code
    report("GET /charts/positions.json (whole company)", seconds, baseline, goal="< 1 s")
    conditional_figures(client)

    department = Department.objects.get(code="GD00001")
    scope, title = position_chart_scope(department_code=department.code)
    baseline, _rows = best_of(lambda: list(scope.values_list("id", "reports_to_id", "code", "title")))
    seconds, text = best_of(json_build(lambda: position_chart_data(scope, title)))
    report(f"reporting-line JSON, one division ({scope.count()} positions)", seconds, baseline, goal="< 1 s")
    queries("reporting-line JSON, one division", lambda: position_chart_data(scope, title))

    wide = Department.objects.get(code="GD00013")
    baseline, _rows = best_of(lambda: list(wide.positions.values_list("id", "reports_to_id", "title")))
    seconds, svg = best_of(lambda: department_chart_svg(wide))
    report(f"department picture SVG ({WIDE_CHILDREN + 1} positions)", seconds, baseline)
    queries("department picture SVG", lambda: department_chart_svg(wide))
    seconds, _png = best_of(lambda: svg_to_png(svg), repeat=3)
    report("department picture PNG (cairosvg, scale 2)", seconds, baseline)


def start_live_server():
    shared = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared[connection.alias] = connection
    thread = LiveServerThread("localhost", StaticFilesHandler, connections_override=shared, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return thread, shared


def stop_live_server(thread, shared):
    thread.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


def browser_figures(url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
        errors = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}/accounts/login/")
        page.fill("#id_username", "bench")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/")

        def plain_load():
            page.goto(f"{url}/accounts/login/")
            return page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000

        def first_draw(path):
            def measure():
                page.goto(f"{url}{path}")
                page.wait_for_selector(".chart[data-state=drawn]", timeout=60000)
                return float(page.get_attribute(".chart", "data-drawn-at")) / 1000

            return statistics.median(measure() for _ in range(3))

        baseline = statistics.median(plain_load() for _ in range(3))
        home = first_draw("/")
        boxes = page.locator(".chart-node").count()
        report(f"Chromium: navigation → company chart drawn ({boxes} boxes open)", home, baseline, goal="< 2 s")
        everyone = first_draw("/charts/positions/")
        boxes = page.locator(".chart-node").count()
        report(f"Chromium: navigation → whole reporting chart drawn ({boxes} open)", everyone, baseline, goal="< 2 s")

        small = [page.evaluate(EXPAND, "GP00001-1") for _ in range(5)]
        wide = [page.evaluate(EXPAND, "GP00013-0") for _ in range(5)]
        small_ms = statistics.median(took for took, _added in small)
        wide_ms = statistics.median(took for took, _added in wide)
        report(f"Chromium: expand a box of {small[0][1]} direct reports", small_ms / 1000, small_ms / 1000)
        report(f"Chromium: expand a box of {wide[0][1]} direct reports", wide_ms / 1000, small_ms / 1000)
        if errors:
            print("console errors:", errors[:5])
        browser.close()


def run():
    with scratch_database():
        start = time.perf_counter()
        generate_organisation(DEPARTMENTS, POSITIONS, wide=True, standards=STANDARDS)
        print(
            f"generated {Department.objects.count()} departments and {Position.objects.count()} positions "
            f"({Position.objects.filter(standard__isnull=False).count()} based on {STANDARDS} standard positions) "
            f"in {time.perf_counter() - start:.1f} s"
        )
        user = get_user_model().objects.create_user("bench", password=PASSWORD)
        user.groups.add(Group.objects.get(name="Manager"))  # managers browse the charts
        client = Client(HTTP_HOST="localhost")
        client.force_login(get_user_model().objects.get(username="bench"))
        server_figures(client)
        if not Path(CHROMIUM).exists():
            print(f"{CHROMIUM} is missing: browser figures skipped")
            return
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        thread, shared = start_live_server()
        try:
            browser_figures(f"http://{thread.host}:{thread.port}")
        finally:
            stop_live_server(thread, shared)
