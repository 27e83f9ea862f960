"""The pages managers browse: content, empty states, escaping and query counts."""
from django.urls import reverse

from conftest import make_department, make_level, make_position
from jobs.models import KPI, Authority, Duty, Qualification, WorkRecord, WorkRelation


def build_wide_org(departments, positions_each):
    root = make_department("集团", kind="group")
    level = make_level()
    top = make_position(root, "总经理", job_level=level)
    for d in range(departments):
        department = make_department(f"部门{d}", parent=root)
        for p in range(positions_each):
            make_position(department, f"岗位{d}-{p}", reports_to=top, job_level=level, headcount=1)
    return root


def test_list_view_shows_the_department_tree_with_positions_and_links(manager_client, small_org):
    page = manager_client.get(reverse("organisation_list")).content.decode()
    for text in ("集团", "市场部", "拓展部", "市场总监", "拓展专员"):
        assert text in page
    assert small_org["specialist"].get_absolute_url() in page
    assert small_org["expansion"].get_absolute_url() in page


def test_list_view_query_count_does_not_grow_with_the_organisation(manager_client, django_assert_max_num_queries):
    build_wide_org(departments=20, positions_each=10)
    with django_assert_max_num_queries(8):
        response = manager_client.get(reverse("organisation_list"))
    assert response.content.decode().count("/positions/P") == 201


def test_list_view_says_when_the_organisation_is_empty(manager_client):
    page = manager_client.get(reverse("organisation_list")).content.decode()
    assert 'class="empty"' in page


def test_home_chart_page_query_count_does_not_grow(manager_client, django_assert_max_num_queries):
    build_wide_org(departments=20, positions_each=10)
    with django_assert_max_num_queries(5):
        assert manager_client.get(reverse("home")).status_code == 200


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


def test_department_page_query_count_is_fixed(manager_client, django_assert_max_num_queries):
    root = build_wide_org(departments=1, positions_each=100)
    department = root.get_children()[0]
    with django_assert_max_num_queries(13):
        assert manager_client.get(department.get_absolute_url()).status_code == 200


def test_unknown_codes_give_404(manager_client, db):
    assert manager_client.get("/positions/NO-SUCH/").status_code == 404
    assert manager_client.get("/departments/NO-SUCH/").status_code == 404


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


def test_job_description_page_query_count_does_not_grow_with_rows(manager_client, small_org, django_assert_max_num_queries):
    director = small_org["director"]
    fill_job_description(director, 30)
    with django_assert_max_num_queries(18):
        assert manager_client.get(director.get_absolute_url()).status_code == 200


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


def test_position_list_query_count_is_fixed(manager_client, django_assert_max_num_queries):
    build_wide_org(departments=5, positions_each=40)
    with django_assert_max_num_queries(10):
        assert manager_client.get(reverse("jobs:position_list")).status_code == 200
