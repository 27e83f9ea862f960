"""The 岗位说明书 pages and downloads, the position list, the handbooks, the comparison and the
change history: every route at two sizes of organisation, with the exact number of queries
and what it shows."""
import re

import pytest
from django.urls import reverse

from conftest import Route
from jobs.history import position_versions


def position_url(name, code, query=""):
    return lambda org: reverse(f"jobs:{name}", args=[code]) + query


def listed(role, query, count, queries):
    """The position list: the total it names, and the rows of the page (50 a page)."""
    def shows(text, org):
        total = count(org)
        assert f"共 {total} 个岗位" in text
        last = total % 50 or 50
        assert text.count("<tr>") - 1 == (last if "page=last" in query else min(total, 50))
        assert ("市场专员1-2（草稿）" in text) is (role == "hr" and "市场专员1-2" in text)
    return Route(role, lambda org: reverse("jobs:position_list") + query, queries, shows)


def shows_ceo(role):
    def shows(text, org):
        units = org["units"]
        assert "总经理" in text and f"总经理的职责{2 * units}" in text and f"月报{2 * units}" in text
        assert ("M9级" in text) is (role == "hr")  # the salary grade: confidential
        assert ("副总经理（草稿）" in text) is (role == "hr") and "办公室主任" in text  # 直接下级
    return shows


def shows_published_vp(text, org):
    """The last published version, rebuilt from the history: not the draft's edits."""
    assert "副总经理的职责1" in text and "草稿中改过的职责" not in text
    assert "协助总经理" in text and "次修改" not in text and "副总经理（草稿）" not in text
    assert f"总经理助理{org['units']}" in text  # lateral moves, versioned with the text


def shows_vp_draft(text, org):
    assert "草稿预览" in text and "草稿中改过的职责" in text and f"协助总经理（第 {org['units']} 次修改）" in text


def shows_vp_as_published(text, org):
    assert "这是管理者看到的已发布版本" in text
    shows_published_vp(text, org)


def shows_handbook(sub):
    """总经办's handbook: its own positions, with ?sub=1 also those of 秘书组."""
    def shows(text, org):
        units = org["units"]
        assert "办公室主任" in text and f"总经理助理{units}" in text and f"总经办职责{2 * units}" in text
        assert bool(re.search(rf"秘书{units}\s*\(?SEC-{units:02d}|id=\"jd-SEC-{units:02d}\"", text)) is sub
        if "<html" in text:
            assert text.count('<article class="job-description"') == 1 + units * (2 if sub else 1)
    return shows


def shows_group_handbook(text, org):
    """Every department of the group, then every job description a manager may read."""
    assert text.count('<article class="job-description"') == org["in_force"]
    assert f"销售一组{org['units']}" in text and "副总经理的职责1" in text and "草稿中改过的职责" not in text


def shows_comparison(role):
    def shows(text, org):
        units = org["units"]
        assert "岗位对比" in text and f"主要职责 {2 * units}" in text and f"总经理的职责{2 * units}" in text
        assert ("草稿中改过的职责" in text) is (role == "hr")
    return shows


def shows_history(text, org):
    units = org["units"]
    assert "变更历史: 副总经理（草稿）" in text and "发布第 1 版" in text
    assert f"协助总经理（第 {units} 次修改）" in text


def last_version(org):
    return len(position_versions(org["vp"]))


JOB_ROUTES = {
    # The list's filters read the standard positions (基准岗位) for their select: one query.
    "position list, manager": listed("manager", "", lambda org: org["in_force"], 12),
    "position list, hr": listed("hr", "", lambda org: org["positions"], 11),
    # A manager's search also matches the published text of positions with a newer draft: three more queries.
    # Every section is searched (jobs.search): 市场 is in every position's 任职资格 (专业 市场营销).
    "position search, manager": listed("manager", "?q=市场专员", lambda org: 4 * org["units"], 13),  # one 市场专员 a unit is archived
    "position search, hr": listed("hr", "?q=市场专员", lambda org: 5 * org["units"], 12),
    "position filters, manager": listed("manager", "?department=G&level=L40&education=4", lambda org: 14 * org["units"], 14),
    "position filters, hr": listed("hr", "?department=G&level=L40&education=4", lambda org: 16 * org["units"], 13),
    "position list, last page": listed("manager", "?page=last", lambda org: org["in_force"], 12),
    # A job description is a controlled document (jobs.documents.controlled, .signoff): two queries
    # find who prepared and who reviewed the shown version for 编制/审核/批准 (its history, its
    # approved review round; the approver comes with the position); the company in the header costs
    # none here (the CEO sits in the group itself).
    "job description, hr": Route("hr", position_url("position_detail", "CEO"), 19, shows_ceo("hr")),
    "job description, manager": Route("manager", position_url("position_detail", "CEO"), 20, shows_ceo("manager")),
    # A manager opening a position whose current row is a newer draft: ten more queries rebuild
    # the published version from the history.
    "job description with a newer draft, manager": Route("manager", position_url("position_detail", "VP"), 29, shows_published_vp),
    # HR's draft: one more for its last review round (submit or publish, a return's comment).
    "job description with a newer draft, hr": Route("hr", position_url("position_detail", "VP"), 19, shows_vp_draft),
    "published version, hr": Route("hr", position_url("position_detail", "VP", "?version=published"), 29, shows_vp_as_published),
    # Downloads read the company document templates (one query) to know which layout applies
    # (jobs.documents.company_template), and make the sign-off block as the page does (two).
    "job description .docx, hr": Route("hr", position_url("position_docx", "CEO"), 25, shows_ceo("hr")),
    "job description .docx, manager": Route("manager", position_url("position_docx", "CEO"), 26, shows_ceo("manager")),
    "job description .docx with a newer draft, manager": Route("manager", position_url("position_docx", "VP"), 35, shows_published_vp),
    "job description PDF, manager": Route("manager", position_url("position_pdf", "CEO"), 26, shows_ceo("manager")),
    "job description PDF with a newer draft, manager": Route("manager", position_url("position_pdf", "VP"), 35, shows_published_vp),
    # A handbook: three more queries whatever its size — the companies of its departments (the
    # headers), who prepared each job description's shown version and its approved review rounds
    # (the sign-off blocks); its .docx one more for the company document templates.
    "handbook, manager": Route("manager", position_url("handbook", "G-OFF"), 25, shows_handbook(sub=False)),
    "handbook, hr": Route("hr", position_url("handbook", "G-OFF"), 24, shows_handbook(sub=False)),
    "handbook with sub-departments": Route("manager", position_url("handbook", "G-OFF", "?sub=1"), 25, shows_handbook(sub=True)),
    "handbook of the whole group": Route("manager", position_url("handbook", "G", "?sub=1"), 36, shows_group_handbook),
    "handbook .docx": Route("manager", position_url("handbook_docx", "G-OFF"), 27, shows_handbook(sub=False)),
    "handbook .docx with sub-departments": Route("manager", position_url("handbook_docx", "G-OFF", "?sub=1"), 27, shows_handbook(sub=True)),
    # The handbook PDF's second click: assembled from kept parts once, then a kept file.
    "handbook PDF": Route("manager", position_url("handbook_pdf", "G-OFF"), 13, shows_handbook(sub=False), warm=True),
    "handbook PDF with sub-departments": Route(
        "manager", position_url("handbook_pdf", "G-OFF", "?sub=1"), 13, shows_handbook(sub=True), warm=True
    ),
    "comparison, manager": Route("manager", lambda org: reverse("jobs:compare") + "?a=CEO&b=VP", 28, shows_comparison("manager")),
    "comparison, hr": Route("hr", lambda org: reverse("jobs:compare") + "?a=CEO&b=VP", 17, shows_comparison("hr")),
    # The history lists the review rounds too: one query.
    "change history": Route("hr", position_url("position_history", "VP"), 47, shows_history),
    "change history, two versions compared": Route(
        "hr", lambda org: reverse("jobs:position_history", args=["VP"]) + f"?a=1&b={last_version(org)}", 47, shows_history),
}


class TestQueryCounts:
    """Each route takes the same exact number of queries for the small and the large organisation."""

    @pytest.mark.parametrize("name", JOB_ROUTES)
    def test_route_takes_a_fixed_number_of_queries(self, sized_org, open_route, name):
        open_route(JOB_ROUTES[name], sized_org)
