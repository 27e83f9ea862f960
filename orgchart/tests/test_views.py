"""The pages managers browse: content, empty states, escaping and query counts."""
import json
import re

import pytest
from django.urls import reverse

from conftest import Route
from jobs.headcount import department_headcounts
from jobs.models import KPI, Authority, Duty, Qualification, WorkRecord, WorkRelation


def test_list_view_shows_the_department_tree_with_positions_and_links(manager_client, small_org):
    page = manager_client.get(reverse("organisation_list")).content.decode()
    for text in ("集团", "市场部", "拓展部", "市场总监", "拓展专员"):
        assert text in page
    assert small_org["specialist"].get_absolute_url() in page
    assert small_org["expansion"].get_absolute_url() in page


def test_list_view_says_when_the_organisation_is_empty(manager_client):
    page = manager_client.get(reverse("organisation_list")).content.decode()
    assert 'class="empty"' in page


def test_department_page_shows_its_position_chart_picture(manager_client, small_org):
    page = manager_client.get(small_org["market"].get_absolute_url()).content.decode()
    assert '<figure class="department-chart"><svg' in page
    assert "?department=G-MKT" in page


def test_department_page_shows_staffing_against_authorised_headcount(manager_client, small_org):
    expansion = small_org["expansion"]
    expansion.authorised_headcount = 3
    expansion.save()
    page = manager_client.get(expansion.get_absolute_url()).content.decode()
    assert "拓展专员" in page
    assert '<span class="over">超编 2</span>' in page  # 定员 5 against 编制 3


def test_unknown_codes_give_404(manager_client, db):
    for url in ("/positions/NO-SUCH/", "/departments/NO-SUCH/"):
        response = manager_client.get(url)
        assert response.status_code == 404 and "页面不存在" in response.content.decode(), url


def fill_job_description(position, rows):
    Qualification.objects.create(position=position, education=4, major="市场营销")
    for i in range(rows):
        Duty.objects.create(position=position, statement=f"职责{i}", tasks="任务一\n任务二", order=i)
        Authority.objects.create(position=position, category="personnel", text=f"权限{i}", order=i)
        KPI.objects.create(position=position, name=f"指标{i}", weight=10, order=i)
        WorkRelation.objects.create(position=position, scope="external", party=f"单位{i}", order=i)
        WorkRecord.objects.create(position=position, document=f"报表{i}", order=i)


def test_job_description_page_shows_every_filled_section(manager_client, small_org):
    director = small_org["director"]
    fill_job_description(director, 2)
    director.summary = "规划公司的市场战略"
    director.remarks = "无"
    director.working_hours = "9:00-18:00"
    director.save()
    page = manager_client.get(director.get_absolute_url()).content.decode()
    for text in ("规划公司的市场战略", "职责1", "任务二", "权限0", "指标1", "单位1", "报表0", "9:00-18:00", "拓展专员", "总经理"):
        assert text in page, text
    for key in ("basic", "content", "relations", "qualification", "conditions", "assessment", "records", "remarks"):
        assert f'class="doc-section section-{key}"' in page


def test_job_description_page_leaves_out_empty_sections_and_keeps_numbering(manager_client, small_org):
    ceo = small_org["ceo"]
    response = manager_client.get(ceo.get_absolute_url())
    keys = [section["key"] for section in response.context["jd"]["sections"]]
    assert keys == ["basic", "relations"]
    assert [section["number"] for section in response.context["jd"]["sections"]] == ["一", "二"]
    assert 'section-qualification' not in response.content.decode()


def test_user_text_is_escaped(manager_client, small_org):
    director = small_org["director"]
    director.summary = "<script>alert('x')</script>" + "长" * 5000
    director.save()
    page = manager_client.get(director.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_position_list_searches_and_paginates(manager_client, small_org):
    Duty.objects.create(position=small_org["specialist"], statement="负责意向客户资料的收集")
    response = manager_client.get(reverse("jobs:position_list"), {"q": "客户资料"})
    assert [p.title for p in response.context["positions"]] == ["拓展专员"]
    empty = manager_client.get(reverse("jobs:position_list"), {"q": "不存在的岗位"}).content.decode()
    assert 'class="empty"' in empty


# --- Every page and JSON endpoint of the site, at two sizes -------------------------------------


def shows_home(text, org):
    assert "<title>组织架构" in text and reverse("department_chart_json") in text


def shows_manager_list(text, org):
    """Every position in force as a link, a newer draft by its published title."""
    assert text.count('<li><a href="/positions/') == org["in_force"]
    assert f"业务中心{org['units']}" in text and f"组员{org['units']}-5" in text
    assert "市场专员1-2<" in text and "（草稿）" not in text and "筹建岗位" not in text


def shows_hr_list(text, org):
    assert text.count('<li><a href="/positions/') == org["positions"]
    assert "市场专员1-2（草稿）" in text and f"筹建岗位{org['units']}" in text


def shows_department(text, org):
    """总经办: its duties, policies, picture, staffing table and sub-department, all growing with the size."""
    units = org["units"]
    assert "<h1>总经办" in text and '<figure class="department-chart"><svg' in text
    assert f"总经办职责{2 * units}" in text and f"总经办制度{units}的正文" in text
    assert text.count('<td><a href="/positions/OFF-A') == units and "秘书组" in text
    numbers = department_headcounts()[org["office"].pk]  # the subtree's 定员 in force against its 编制 of units
    assert numbers.plan.over > 0 and f'<span class="over">超编 {numbers.plan.over}</span>' in text


def shows_group(text, org):
    """集团: its own two positions and, below them, a sub-department per business centre."""
    assert "<h1>集团" in text and "副总经理<" in text and "（草稿）" not in text
    assert text.count('<li><a href="/departments/') == 1 + org["units"]


def shows_chart_page(title):
    def shows(text, org):
        assert f"<h1>{title}" in text and reverse("position_chart_json") in text
    return shows


def chart_nodes(text):
    return {node["code"]: node for node in json.loads(text)["nodes"]}


def shows_department_chart(role):
    def shows(text, org):
        nodes = chart_nodes(text)
        assert len(nodes) == org["departments"]
        assert nodes["G"]["positions"] == org["in_force"]  # the same totals for everyone (jobs.headcount)
        assert nodes[f"C{org['units']}-S"]["head"] == f"销售经理{org['units']}"
    return shows


def shows_position_chart(role, scope):
    def shows(text, org):
        nodes = chart_nodes(text)
        units, everyone = org["units"], org["in_force"] if role == "manager" else org["positions"]
        below_vp = 1 + 18 * units - (2 * units if role == "manager" else 0)  # never published, archived
        expected = {"company": everyone, "G": everyone, "VP": below_vp}[scope]
        assert len(nodes) == expected
        assert nodes["VP"]["name"] == ("副总经理" if role == "manager" else "副总经理（草稿）")
        assert nodes[f"C{units}-S-T-01"]["dotted"] == [nodes[f"C{units}-M-01"]["id"]]
    return shows


def shows_quality(text, org):
    assert "<h1>数据质量报告" in text and f"C{org['units']}-S-01 销售经理{org['units']}" in text
    assert "G-OFF-SEC 秘书组" in text  # a department without a head


def shows_login(text, org):
    assert "<h1>登录" in text and 'name="password"' in text


SITE_ROUTES = {
    "login page": Route("anonymous", lambda org: reverse("login"), 0, shows_login),
    "home": Route("manager", lambda org: reverse("home"), 5, shows_home),
    "list, manager": Route("manager", lambda org: reverse("organisation_list"), 9, shows_manager_list),
    "list, hr": Route("hr", lambda org: reverse("organisation_list"), 8, shows_hr_list),
    "department page, manager": Route("manager", lambda org: org["office"].get_absolute_url(), 12, shows_department),
    "department page, hr": Route("hr", lambda org: org["office"].get_absolute_url(), 12, shows_department),
    "department page with sub-departments": Route("manager", lambda org: org["group"].get_absolute_url(), 13, shows_group),
    "reporting lines page": Route("manager", lambda org: reverse("position_chart"), 5, shows_chart_page("全公司汇报关系图")),
    "reporting lines page, department": Route(
        "manager", lambda org: reverse("position_chart") + "?department=C1", 6, shows_chart_page("业务中心1汇报关系图")),
    "reporting lines page, position": Route(
        "manager", lambda org: reverse("position_chart") + "?position=VP", 7, shows_chart_page("副总经理及下属汇报关系图")),
    "department chart data, manager": Route("manager", lambda org: reverse("department_chart_json"), 8, shows_department_chart("manager")),
    "department chart data, hr": Route("hr", lambda org: reverse("department_chart_json"), 8, shows_department_chart("hr")),
    "reporting lines data, manager": Route("manager", lambda org: reverse("position_chart_json"), 8, shows_position_chart("manager", "company")),
    "reporting lines data, hr": Route("hr", lambda org: reverse("position_chart_json"), 7, shows_position_chart("hr", "company")),
    "reporting lines data of a department, manager": Route(
        "manager", lambda org: reverse("position_chart_json") + "?department=G", 9, shows_position_chart("manager", "G")),
    "reporting lines data of a department, hr": Route(
        "hr", lambda org: reverse("position_chart_json") + "?department=G", 8, shows_position_chart("hr", "G")),
    "reporting lines data under a position, manager": Route(
        "manager", lambda org: reverse("position_chart_json") + "?position=VP", 10, shows_position_chart("manager", "VP")),
    "reporting lines data under a position, hr": Route(
        "hr", lambda org: reverse("position_chart_json") + "?position=VP", 8, shows_position_chart("hr", "VP")),
    "quality report": Route("hr", lambda org: reverse("quality_report"), 12, shows_quality),  # 12: + standard positions
}


class TestQueryCounts:
    """Each route takes the same exact number of queries for the small and the large organisation."""

    @pytest.mark.parametrize("name", SITE_ROUTES)
    def test_route_takes_a_fixed_number_of_queries(self, sized_org, open_route, name):
        open_route(SITE_ROUTES[name], sized_org)


@pytest.mark.parametrize("client_name", ["manager_client", "hr_client"])
def test_department_page_and_organisation_list_show_the_level_inherited_from_a_standard(levelled, client_name, request):
    client = request.getfixturevalue(client_name)
    page = client.get(levelled["expansion"].get_absolute_url()).content.decode()
    rows = dict(re.findall(r"<td>(EXP-0\d)</td>.*?</td><td>[^<]*</td><td>([^<]*)</td>", page))
    assert rows == {"EXP-01": "经理级", "EXP-02": "专员级", "EXP-03": "专员级"}  # the staffing table
    assert page.count("经理级") == 2  # and the picture's box
    listing = client.get(reverse("organisation_list")).content.decode()
    assert "EXP-01 · 经理级" in listing and "EXP-02 · 专员级" in listing and "EXP-03 · 专员级" in listing
