"""The HR admin for positions: query counts at size, inlines, and refused edits."""
from django.contrib import admin
from django.urls import reverse

from conftest import make_department, make_level, make_position
from jobs.models import Authority, Duty, Position, Qualification
from conftest import submit_admin_form


def build_org(size):
    department = make_department("集团")
    level = make_level()
    top = make_position(department, "总经理", job_level=level)
    positions = [top]
    for index in range(size - 1):
        parent = positions[index // 5]
        sub = make_department(f"部门{index}", parent=department) if index % 20 == 0 else department
        positions.append(make_position(sub, f"岗位{index}", reports_to=parent, job_level=level, headcount=2))
    for position in positions[:20]:
        Duty.objects.create(position=position, statement="负责部门管理")
        Authority.objects.create(position=position, text="考核权")
    return positions


def test_position_changelist_query_count_does_not_grow_with_size(hr_client, django_assert_max_num_queries):
    build_org(200)
    with django_assert_max_num_queries(12):
        response = hr_client.get(reverse("admin:jobs_position_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 200


def test_position_changelist_searches_duty_text(hr_client):
    positions = build_org(30)
    Duty.objects.create(position=positions[25], statement="负责渠道开发")
    response = hr_client.get(reverse("admin:jobs_position_changelist"), {"q": "渠道开发"})
    assert [p.pk for p in response.context["cl"].result_list] == [positions[25].pk]


def test_position_change_form_query_count_is_fixed(hr_client, django_assert_max_num_queries):
    positions = build_org(200)
    url = reverse("admin:jobs_position_change", args=[positions[1].pk])
    with django_assert_max_num_queries(40):
        response = hr_client.get(url)
    assert response.status_code == 200


def test_change_form_uses_autocomplete_for_department_and_superior(hr_client):
    positions = build_org(5)
    response = hr_client.get(reverse("admin:jobs_position_change", args=[positions[1].pk]))
    page = response.content.decode()
    assert 'data-model-name="department"' in page or "admin-autocomplete" in page
    assert len(page) < 200_000


def test_reporting_cycle_in_the_admin_gives_a_message_and_saves_nothing(hr_client):
    positions = build_org(12)
    top = positions[0]
    url = reverse("admin:jobs_position_change", args=[top.pk])
    response = submit_admin_form(hr_client, url, {"reports_to": str(positions[11].pk)})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "reports_to" in errors
    assert "循环" in str(errors) or "cycle" in str(errors)
    top.refresh_from_db()
    assert top.reports_to is None


def test_inline_rows_are_added_in_order_with_the_qualification(hr_client):
    positions = build_org(3)
    position = positions[2]
    url = reverse("admin:jobs_position_change", args=[position.pk])
    response = submit_admin_form(
        hr_client,
        url,
        inline_changes={
            "duties-TOTAL_FORMS": "2",
            "duties-0-statement": "第一项职责", "duties-0-category": "main", "duties-0-order": "1",
            "duties-1-statement": "第二项职责", "duties-1-category": "daily", "duties-1-order": "2",
            "qualification-0-education": "4", "qualification-0-major": "市场营销",
        },
    )
    assert response.status_code == 302
    assert [d.statement for d in position.duties.all()] == ["第一项职责", "第二项职责"]
    assert Qualification.objects.get(position=position).get_education_display()


def test_kpi_weight_over_100_in_the_admin_is_refused(hr_client):
    positions = build_org(3)
    url = reverse("admin:jobs_position_change", args=[positions[2].pk])
    response = submit_admin_form(
        hr_client, url, inline_changes={"kpis-TOTAL_FORMS": "1", "kpis-0-name": "利润", "kpis-0-weight": "150"}
    )
    assert response.status_code == 200
    assert not positions[2].kpis.exists()


def test_deleting_a_department_with_positions_in_the_admin_says_what_to_move(hr_client):
    positions = build_org(3)
    department = positions[1].department
    url = reverse("admin:departments_department_delete", args=[department.pk])
    page = hr_client.get(url).content.decode()
    assert positions[1].title in page
    hr_client.post(url, {"post": "yes"})
    assert type(department).objects.filter(pk=department.pk).exists()


def test_department_changelist_is_a_draggable_tree(hr_client, django_assert_max_num_queries):
    build_org(200)
    with django_assert_max_num_queries(12):
        response = hr_client.get(reverse("admin:departments_department_changelist"))
    assert response.status_code == 200
    assert "drag-handle" in response.content.decode()


def test_view_on_site_links_to_the_job_description(hr_client):
    positions = build_org(2)
    page = hr_client.get(reverse("admin:jobs_position_change", args=[positions[1].pk])).content.decode()
    assert "/r/" in page  # Django's "view on site" redirect
    assert Position.objects.get(pk=positions[1].pk).get_absolute_url() == f"/positions/{positions[1].code}/"


def test_bulk_deleting_a_department_with_its_sub_department_deletes_both(hr_client):
    root = make_department("集团")
    parent = make_department("待撤销部门", parent=root)
    child = make_department("待撤销小组", parent=parent)
    url = reverse("admin:departments_department_changelist")
    response = hr_client.post(url, {"action": "delete_selected", "_selected_action": [parent.pk, child.pk], "post": "yes"})
    assert response.status_code == 302
    assert not type(root).objects.filter(pk__in=[parent.pk, child.pk]).exists()


def test_bulk_delete_refused_for_a_department_with_positions_changes_nothing(hr_client):
    positions = build_org(3)
    department = positions[1].department
    child = make_department("小组", parent=department)
    count = type(department).objects.count()
    url = reverse("admin:departments_department_changelist")
    response = hr_client.post(url, {"action": "delete_selected", "_selected_action": [department.pk, child.pk], "post": "yes"}, follow=True)
    assert type(department).objects.count() == count
    assert any(positions[1].title in str(message) for message in response.context["messages"])


def test_admin_history_lists_link_changes_as_simple_history_does(rf, hr_user, django_assert_num_queries):
    """The position admin reads the links of a whole history page at once; the "changes" column
    must say what django-simple-history's own per-record diff says."""
    from simple_history.admin import SimpleHistoryAdmin

    department = make_department("市场部")
    position, first, second = (make_position(department, title) for title in ("市场总监", "市场经理", "品牌经理"))
    position.promotion_targets.add(first)
    position.lateral_moves.add(second)
    position.title = "市场与品牌总监"
    position.save()
    position.promotion_targets.set([second])
    position.dotted_supervisors.add(first)
    Position.objects.filter(pk=second.pk).delete()  # shown as a deleted position from then on
    model_admin = admin.site._registry[Position]
    request = rf.get("/")
    request.user = hr_user

    def changes(method):
        records = list(Position.history.filter(id=position.pk).order_by("-history_date", "-history_id"))
        method(request, records)
        return [getattr(record, "history_delta_changes", None) for record in records]

    with django_assert_num_queries(5):  # the records, their links (one query per kind), the positions linked
        ours = changes(model_admin.set_history_delta_changes)
    assert ours == changes(lambda request, records: SimpleHistoryAdmin.set_history_delta_changes(model_admin, request, records))
    assert ours[0] == [{"field": "虚线上级", "old": "[]", "new": f"[{first}]"}]
    assert {change["field"] for record in ours[:-1] for change in record} == {"虚线上级", "可直接升迁的职位", "可相互转换的职位", "岗位名称"}
