"""Every page gives the same headcount for the same department (jobs.headcount)."""
import json

from django.urls import reverse

from conftest import make_department, make_position
from jobs.models import Position
from jobs.services import publish_position


def _market_org(small_org):
    """市场部 with a sub-department, a draft and a blank 定员: the numbers that used to disagree."""
    make_position(small_org["market"], "助理", reports_to=small_org["director"], headcount=None, actual_headcount=1)
    make_position(small_org["market"], "草稿岗位", reports_to=small_org["director"], headcount=4, status=Position.Status.DRAFT)
    channel = make_department("渠道组", parent=small_org["market"], code="G-MKT-CH")
    make_position(channel, "渠道专员", reports_to=small_org["director"], headcount=2, actual_headcount=2)
    return small_org["market"]


def _chart_numbers(client, code):
    nodes = json.loads(client.get(reverse("department_chart_json")).content)["nodes"]
    return next(node for node in nodes if node["code"] == code)


def test_chart_list_view_department_page_and_handbook_agree(client, hr_user, manager_user, small_org):
    market = _market_org(small_org)
    for user in (hr_user, manager_user):
        client.force_login(user)
        node = _chart_numbers(client, "G-MKT")
        assert (node["headcount"], node["unset"], node["actual"], node["positions"]) == (8, 1, 3, 4)  # the draft counts nowhere
        listing = client.get(reverse("organisation_list")).content.decode()
        department_page = client.get(market.get_absolute_url()).content.decode()
        handbook = client.get(reverse("jobs:handbook", args=[market.code]) + "?sub=1").content.decode()
        assert "定员 8" in listing
        assert "1 个岗位未设定员" in listing
        assert "<th colspan=\"4\">含下级部门合计</th><td class=\"num\">8</td>" in department_page
        assert "<th colspan=\"4\">含下级部门合计</th><td class=\"num\">8</td>" in handbook


def test_the_department_page_marks_drafts_as_not_counted(hr_client, small_org):
    market = _market_org(small_org)
    page = hr_client.get(market.get_absolute_url()).content.decode()
    assert "草稿岗位</a> <span class=\"draft\">（发布后计入）</span>" in page


def test_a_drafts_new_headcount_says_the_totals_count_the_published_one(hr_user, manager_user, small_org):
    from conftest import logged_in

    hr_client, manager_client = logged_in(hr_user), logged_in(manager_user)
    market = _market_org(small_org)
    director = Position.objects.get(pk=small_org["director"].pk)
    director.status = Position.Status.DRAFT
    director.save()
    publish_position(position=director, approver=None)  # version 1 says 定员 1
    director = Position.objects.get(pk=director.pk)
    director.headcount, director.status = 9, Position.Status.DRAFT  # HR edits it: a newer draft
    director.save()
    page = hr_client.get(market.get_absolute_url()).content.decode()
    assert "9 <span class=\"draft\">（草稿，发布后计入；合计按已发布的 1 计）</span>" in page
    assert "<th colspan=\"4\">含下级部门合计</th><td class=\"num\">8</td>" in page  # the published 1, not the draft's 9
    assert "发布后计入；合计" not in manager_client.get(market.get_absolute_url()).content.decode()


def test_the_chart_shows_short_and_over(manager_client, small_org):
    _market_org(small_org)
    small_org["market"].authorised_headcount = 5
    small_org["market"].save()
    node = _chart_numbers(manager_client, "G-MKT")
    assert (node["authorised"], node["gap"]) == (5, -2)  # 在岗 3 against 编制 5
    positions = json.loads(manager_client.get(reverse("position_chart_json") + "?department=G-MKT-CH").content)["nodes"]
    assert (positions[0]["actual"], positions[0]["gap"]) == (2, 0)


def test_the_quality_report_compares_the_subtree_with_the_authorised_headcount(hr_client, small_org):
    _market_org(small_org)
    small_org["market"].authorised_headcount = 6
    small_org["market"].save()
    page = hr_client.get(reverse("quality_report")).content.decode()
    assert "定员 8 人，编制 6 人" in page


def test_a_department_without_positions_of_its_own_shows_its_subtrees_totals(hr_client, db):
    from conftest import docx_text

    holding = make_department("华拓控股", code="HOLD")
    sales = make_department("销售公司", parent=holding, code="HOLD-S")
    make_position(sales, "销售员", headcount=3)
    page = hr_client.get(holding.get_absolute_url()).content.decode()
    assert "本部门没有直属岗位；下面的合计含下级部门。" in page and "本部门暂无岗位" not in page
    assert "<th colspan=\"4\">含下级部门合计</th><td class=\"num\">3</td>" in page
    handbook = hr_client.get(reverse("jobs:handbook_docx", args=["HOLD"]))
    assert "本部门没有直属岗位" in docx_text(handbook.content)[1]
