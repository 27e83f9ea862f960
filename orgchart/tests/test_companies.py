"""Companies: a department of kind 公司 is a legal entity with its own filter, chart, report,
handbook and export."""
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_department, make_position, task_file
from departments.models import Department
from jobs.importing import import_workbook
from jobs.models import Position


@pytest.fixture
def group(small_org):
    """small_org with a subsidiary: 驭风速运 (YF) > 配送部 (YF-DLV)."""
    subsidiary = make_department("驭风速运有限公司", parent=small_org["group"], code="YF", kind="company")
    delivery = make_department("配送部", parent=subsidiary, code="YF-DLV")
    boss = make_position(subsidiary, "子公司总经理", reports_to=small_org["ceo"], code="YF-GM", headcount=1)
    make_position(delivery, "配送员", reports_to=boss, code="YF-DLV-01", headcount=8, actual_headcount=6)
    make_position(delivery, "仓管员", reports_to=boss, code="WH-01", headcount=2)  # without the prefix
    return {**small_org, "subsidiary": subsidiary, "delivery": delivery}


def test_a_company_owns_its_departments_but_not_its_subsidiaries(group):
    assert set(Department.objects.of_company(group["group"]).values_list("code", flat=True)) == {"G", "G-MKT", "G-MKT-EXP"}
    assert set(Department.objects.of_company(group["subsidiary"]).values_list("code", flat=True)) == {"YF", "YF-DLV"}
    assert group["delivery"].company() == group["subsidiary"] and group["market"].company() == group["group"]


def test_the_position_list_filters_by_company(manager_client, group):
    page = manager_client.get(reverse("jobs:position_list"), {"company": "YF"})
    assert {p.code for p in page.context["positions"]} == {"YF-GM", "YF-DLV-01", "WH-01"}
    page = manager_client.get(reverse("jobs:position_list"), {"company": "G"})
    assert {p.code for p in page.context["positions"]} == {"CEO", "MKT-01", "EXP-01"}


def test_the_company_chart_shows_its_subtree_marked_as_a_company(manager_client, group):
    nodes = json.loads(manager_client.get(reverse("department_chart_json"), {"company": "YF"}).content)["nodes"]
    assert [(n["code"], n["parent"] is None, n["company"]) for n in nodes] == [("YF", True, True), ("YF-DLV", False, False)]
    assert nodes[0]["headcount"] == 11
    page = manager_client.get(reverse("home"), {"company": "YF"}).content.decode()
    assert "company=YF" in page and 'class="current" aria-current="page">驭风速运有限公司' in page
    assert manager_client.get(reverse("department_chart_json"), {"company": "G-MKT"}).status_code == 404  # not a company


def test_the_quality_report_per_company_and_the_code_prefix(hr_client, group):
    page = hr_client.get(reverse("quality_report"), {"company": "YF"}).content.decode()
    assert "WH-01 仓管员" in page and "YF-" in page and "MKT-01" not in page
    page = hr_client.get(reverse("quality_report"), {"company": "G"}).content.decode()
    assert "WH-01" not in page


def test_the_company_handbook_and_export(hr_client, group):
    page = hr_client.get(group["subsidiary"].get_absolute_url()).content.decode()
    assert "?sub=1" in page and "company=YF" in page
    handbook = hr_client.get(reverse("jobs:handbook", args=["YF"]), {"sub": "1"}).content.decode()
    assert "配送员" in handbook and "市场总监" not in handbook
    content = task_file(hr_client, hr_client.get(reverse("admin:jobs_position_export_workbook"), {"company": "YF"}))
    workbook = load_workbook(io.BytesIO(content))
    codes = [row[0] for row in workbook["岗位"].iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == ["WH-01", "YF-DLV-01", "YF-GM"]
    report = import_workbook(content=content, filename="yf.xlsx", dry_run=True)
    assert report.ok, report.all_problems
    assert all(sheet.counts["new"] == sheet.counts["changed"] == 0 for sheet in report.sheets.values())
    assert Position.objects.count() == 6
