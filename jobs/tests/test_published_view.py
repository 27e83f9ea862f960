"""Managers see the last published version everywhere a position shows, not only on its page.

HR reopens published positions as drafts with a new title, 定员 and job level; every view a
manager has (charts, lists, department page, handbook, the documents of linked positions)
keeps the published values until HR publishes, while HR sees the draft.
"""
import json

import pytest
from django.urls import reverse

from conftest import docx_text, logged_in, make_department, make_level, make_position, make_user
from jobs.models import Duty, Position
from jobs.services import publish_position


def reopen_with(position, user, **changes):
    """What an HR edit in the admin does: the published position becomes a draft with changes."""
    position = Position.objects.get(pk=position.pk)
    for name, value in changes.items():
        setattr(position, name, value)
    position.status = Position.Status.DRAFT
    position._history_user = user
    position.save()
    return position


@pytest.fixture
def org(db):
    hr = make_user("hr", group="HR", is_staff=True)
    manager = make_user("manager", group="Manager")
    department = make_department("市场部", code="MKT", authorised_headcount=10)
    director = make_position(department, "市场总监", code="MKT-01", status=Position.Status.DRAFT, headcount=1,
                             job_level=make_level("总监级", 10))
    manager_position = make_position(department, "市场经理", code="MKT-02", reports_to=director,
                                     status=Position.Status.DRAFT, headcount=2, job_level=make_level("经理级", 20))
    Duty.objects.create(position=manager_position, statement="组织市场调研", order=1)
    for position in (director, manager_position):
        publish_position(position=position, approver=hr)
    department.head_position = director
    department.save()
    reopen_with(director, hr, title="市场与品牌总监")
    reopen_with(manager_position, hr, title="品牌经理", headcount=5, job_level=make_level("主管级", 30))
    return {"hr": logged_in(hr), "manager": logged_in(manager), "department": department}


def test_position_chart_shows_managers_the_published_titles(org):
    def nodes(client):
        response = client.get(reverse("position_chart_json"), {"department": "MKT"})
        return {node["code"]: node for node in json.loads(response.content)["nodes"]}

    seen = nodes(org["manager"])
    assert seen["MKT-01"]["name"] == "市场总监"
    assert (seen["MKT-02"]["name"], seen["MKT-02"]["headcount"], seen["MKT-02"]["level"]) == ("市场经理", 2, "经理级")
    assert seen["MKT-02"]["parent"] == seen["MKT-01"]["id"]
    hr_seen = nodes(org["hr"])
    assert (hr_seen["MKT-02"]["name"], hr_seen["MKT-02"]["headcount"], hr_seen["MKT-02"]["level"]) == ("品牌经理", 5, "主管级")

    title = org["manager"].get(reverse("position_chart"), {"position": "MKT-02"}).content.decode()
    assert "市场经理" in title and "品牌经理" not in title


def test_company_chart_counts_published_headcount_and_head_title(org):
    make_position(org["department"], "筹建岗位", code="MKT-NEW", status=Position.Status.DRAFT, headcount=7)

    def node(client):
        nodes = json.loads(client.get(reverse("department_chart_json")).content)["nodes"]
        return next(n for n in nodes if n["code"] == "MKT")

    seen = node(org["manager"])
    assert (seen["head"], seen["headcount"], seen["positions"]) == ("市场总监", 3, 2)
    hr_seen = node(org["hr"])  # the same totals (jobs.headcount): drafts count for nobody
    assert (hr_seen["head"], hr_seen["headcount"], hr_seen["positions"]) == ("市场与品牌总监", 3, 2)


def test_department_page_list_view_and_position_list_show_published_titles(org):
    pages = {
        "department": org["department"].get_absolute_url(),
        "list": reverse("organisation_list"),
        "positions": reverse("jobs:position_list"),
    }
    for name, url in pages.items():
        manager_html = org["manager"].get(url).content.decode()
        assert "市场经理" in manager_html and "品牌经理" not in manager_html, name
        hr_html = org["hr"].get(url).content.decode()
        assert "品牌经理" in hr_html, name
    department = org["manager"].get(pages["department"]).content.decode()
    assert "市场总监" in department and "市场与品牌总监" not in department  # head, picture and staffing table


def test_documents_name_linked_positions_by_their_published_titles(org):
    page = org["manager"].get(reverse("jobs:position_detail", args=["MKT-01"])).content.decode()
    assert "市场经理" in page and "品牌经理" not in page  # 直接下级
    docx = docx_text(org["manager"].get(reverse("jobs:position_docx", args=["MKT-02"])).content)[1]
    assert "市场总监" in docx and "市场与品牌总监" not in docx  # 直接上级
    hr_page = org["hr"].get(reverse("jobs:position_detail", args=["MKT-01"])).content.decode()
    assert "品牌经理" in hr_page


def test_handbook_shows_managers_published_versions_with_a_fixed_number_of_queries(org, exact_queries):
    url = reverse("jobs:handbook", args=["MKT"])
    html = org["manager"].get(url).content.decode()
    assert "市场经理" in html and "组织市场调研" in html
    assert "品牌经理" not in html and "市场与品牌总监" not in html
    docx = docx_text(org["manager"].get(reverse("jobs:handbook_docx", args=["MKT"])).content)[1]
    assert "市场经理" in docx and "品牌经理" not in docx
    assert "品牌经理" in org["hr"].get(url).content.decode()

    # 31 + the department's numbers (jobs.headcount) + the companies in the headers, who prepared
    # each job description and its approved review rounds (编制/审核/批准): one query each, whatever
    # the number of positions.
    with exact_queries(37):
        org["manager"].get(url)
    hr = make_user("hr2", group="HR")
    superior = Position.objects.get(code="MKT-02")
    for i in range(8):  # a chain, so that each has people below it (辖员人数)
        superior = position = make_position(
            org["department"], f"专员{i}", code=f"MKT-1{i}", status=Position.Status.DRAFT, reports_to=superior,
            job_level=make_level(f"级别{i}", 40 + i),
        )
        publish_position(position=position, approver=hr)
        reopen_with(position, hr, title=f"改名专员{i}", job_level=make_level("经理级", 20))
    with exact_queries(37):
        html = org["manager"].get(url).content.decode()
    assert "专员7" in html and "改名专员" not in html and "级别7" in html


def test_archived_positions_leave_managers_views(org):
    position = Position.objects.get(code="MKT-02")
    position.status = Position.Status.ARCHIVED
    position.save()
    manager, hr = org["manager"], org["hr"]
    assert manager.get(reverse("jobs:position_detail", args=["MKT-02"])).status_code == 404
    for url in (reverse("jobs:position_list"), org["department"].get_absolute_url(), reverse("organisation_list"),
                reverse("position_chart_json") + "?department=MKT", reverse("jobs:handbook", args=["MKT"])):
        html = manager.get(url).content.decode()
        assert "MKT-02" not in html and "市场经理" not in html, url
    assert "MKT-02" in hr.get(reverse("jobs:position_list")).content.decode()
    nodes = json.loads(manager.get(reverse("department_chart_json")).content)["nodes"]
    assert next(n for n in nodes if n["code"] == "MKT")["positions"] == 1
