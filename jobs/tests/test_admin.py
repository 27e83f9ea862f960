"""The HR admin for positions: query counts at size, inlines, and refused edits."""
import csv
import io
import json
import math
import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import Route, make_department, make_level, make_position, on_postgresql, submit_admin_form
from jobs.models import Authority, Duty, JobFamily, JobLevel, Position, Qualification


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


def test_position_changelist_searches_duty_text(hr_client):
    positions = build_org(30)
    Duty.objects.create(position=positions[25], statement="负责渠道开发")
    response = hr_client.get(reverse("admin:jobs_position_changelist"), {"q": "渠道开发"})
    assert [p.pk for p in response.context["cl"].result_list] == [positions[25].pk]


def test_change_form_uses_autocomplete_for_department_and_superior(hr_client):
    positions = build_org(5)
    response = hr_client.get(reverse("admin:jobs_position_change", args=[positions[1].pk]))
    page = response.content.decode()
    for field in ("department", "reports_to", "job_level", "family", "dotted_supervisors", "promotion_targets", "lateral_moves"):
        select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', page, re.S)
        assert 'class="admin-autocomplete"' in select.group(0) and f'data-field-name="{field}"' in select.group(0), field
        assert select.group(1).count("<option") <= 2, field  # the current choice only, not every position
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
    assert [(d.statement, d.category) for d in position.duties.all()] == [("第一项职责", "main"), ("第二项职责", "daily")]
    qualification = Qualification.objects.get(position=position)
    assert (qualification.get_education_display(), qualification.major) == ("本科", "市场营销")


def test_kpi_weight_over_100_in_the_admin_is_refused(hr_client):
    positions = build_org(3)
    url = reverse("admin:jobs_position_change", args=[positions[2].pk])
    response = submit_admin_form(
        hr_client, url, inline_changes={"kpis-TOTAL_FORMS": "1", "kpis-0-name": "利润", "kpis-0-weight": "150"}
    )
    assert response.status_code == 200
    [errors] = [inline.formset.errors for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "kpis"]
    assert "weight" in errors[0] and "100" in errors[0]["weight"][0]
    assert not positions[2].kpis.exists()


def test_deleting_a_department_with_positions_in_the_admin_says_what_to_move(hr_client):
    positions = build_org(3)
    department = positions[1].department
    url = reverse("admin:departments_department_delete", args=[department.pk])
    page = hr_client.get(url).content.decode()
    assert positions[1].title in page
    hr_client.post(url, {"post": "yes"})
    assert type(department).objects.filter(pk=department.pk).exists()


def test_view_on_site_links_to_the_job_description(hr_client):
    positions = build_org(2)
    from django.contrib.contenttypes.models import ContentType

    page = hr_client.get(reverse("admin:jobs_position_change", args=[positions[1].pk])).content.decode()
    view_on_site = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Position).pk, positions[1].pk])
    assert f'href="{view_on_site}"' in page  # Django's "view on site" redirect
    assert hr_client.get(view_on_site)["Location"] == f"http://testserver/positions/{positions[1].code}/"


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

    # the records, their links (one query per kind), the positions linked, and the user's permissions
    # (two queries, once a request) to know whether salaries may be shown
    with django_assert_num_queries(7):
        ours = changes(model_admin.set_history_delta_changes)
    assert ours == changes(lambda request, records: SimpleHistoryAdmin.set_history_delta_changes(model_admin, request, records))
    assert ours[0] == [{"field": "虚线上级", "old": "[]", "new": f"[{first}]"}]
    assert {change["field"] for record in ours[:-1] for change in record} == {"虚线上级", "可直接升迁的职位", "可相互转换的职位", "岗位名称"}


# --- Every admin page of the jobs app, at two sizes ------------------------------------------------


def admin_url(name, *args, query=""):
    return lambda org: reverse(f"admin:jobs_{name}", args=[arg(org) for arg in args]) + query


def pk_of(key):
    return lambda org: org[key].pk


def shows_index(text, org):
    assert "管理后台" in text and reverse("admin:jobs_position_changelist") in text and reverse("quality_report") in text


def shows_changelist(count, *texts):
    def shows(text, org):
        assert text.count('class="action-checkbox"') == min(count(org), 100)  # 100 a page
        assert all(item.format(**org) in text for item in texts)
    return shows


def shows_change_form(title, rows):
    def shows(text, org):
        assert f"<h2>{title}</h2>" in text
        assert len(re.findall(r'name="duties-\d+-statement"', text)) == rows(org)  # the duty inline, a row each
    return shows


def shows_history(text, org):
    """The site's history page: the versions and what the newest one changed."""
    assert "副总经理（草稿）" in text
    assert f"<ins>协助总经理（第 {org['units']} 次修改）</ins>" in text


def shows_refused_delete(text, org):
    assert "无法删除 岗位" in text and "副总经理（草稿） (VP)" in text and "办公室主任 (OFF-01)" in text


def shows_lookup(*texts):
    def shows(text, org):
        assert all(item in text for item in texts)
    return shows


def shows_autocomplete(text, org):
    found = json.loads(text)
    assert found["pagination"]["more"] and len(found["results"]) == 20  # 20 a page
    assert found["results"][0]["text"] == "总经理 (CEO)"


def export_form(resource, fields):
    return lambda org: {"format": "0", "resource": resource, **{f"{name}_{field}": "on" for name, field in fields}}


POSITION_EXPORT_FIELDS = [("positionresource", field) for field in (
    "code", "title", "department", "reports_to", "job_level", "family", "headcount", "status", "salary_grade",
    "dotted_supervisors", "promotion_targets", "lateral_moves",
)]


def shows_position_csv(text, org):
    rows = {row["岗位编号"]: row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    assert len(rows) == org["positions"]
    leader = rows[f"C{org['units']}-S-T-01"]
    assert (leader["所在部门"], leader["直接上级"], leader["虚线上级"]) == (f"C{org['units']}-S-T", f"C{org['units']}-S-01", f"C{org['units']}-M-01")
    assert rows["CEO"]["工资等级"] == "M9级"  # HR may see salaries
    assert (rows["VP"]["可晋升职位"], rows["VP"]["可轮换职位"]) == ("CEO", "、".join(f"OFF-A{n:02d}" for n in range(1, org["units"] + 1)))


def shows_duty_csv(text, org):
    rows = text.strip().splitlines()
    assert len(rows) == 1 + org["positions"] - 2 + 2 * 2 * org["units"]  # one duty each, 2 × units for CEO and VP
    assert f"CEO,主要职责,总经理的职责{2 * org['units']}" in text


ADMIN_ROUTES = {
    "admin index": Route("hr", lambda org: reverse("admin:index"), 5, shows_index),
    # The list's filters read the standard positions (基准岗位): one query.
    "position list": Route("hr", admin_url("position_changelist"), 11, shows_changelist(
        lambda org: org["positions"], "\n{positions} 岗位\n", "导入整个组织")),
    # Every section is searched (jobs.search): 市场 is in every position's 任职资格 (专业 市场营销).
    "position list, searched": Route("hr", admin_url("position_changelist", query="?q=市场专员"), 11, shows_changelist(
        lambda org: 5 * org["units"], "市场专员{units}-6")),
    "position list, filtered": Route("hr", admin_url("position_changelist", query="?status__exact=draft"), 11, shows_changelist(
        lambda org: 1 + 2 * org["units"], "筹建岗位{units}", "副总经理（草稿）")),
    # The change form: the review rounds (read-only inline) and the accounts offered as holder, two queries.
    "position change form": Route("hr", admin_url("position_change", pk_of("ceo")), 22, shows_change_form(
        "总经理 (CEO)", lambda org: 2 * org["units"])),
    "position change form with links": Route("hr", admin_url("position_change", pk_of("vp")), 26, shows_change_form(
        "副总经理（草稿） (VP)", lambda org: 2 * org["units"])),
    "position add form": Route("hr", admin_url("position_add"), 5, shows_lookup("<h1>增加 岗位</h1>", 'name="code"')),
    # The admin's history button opens the site's own history page (kernel.admin.ReadOnlyHistoryAdmin).
    "position history": Route("hr", lambda org: reverse("jobs:position_history", args=[org["vp"].code]), 47, shows_history),
    # Deleting collects the position's review rounds too: one query.
    "position delete refused": Route("hr", admin_url("position_delete", pk_of("ceo")), 20, shows_refused_delete),
    "job level list": Route("hr", admin_url("joblevel_changelist"), 7, shows_lookup("总监级", "专员级")),
    "job level change form": Route("hr", lambda org: reverse("admin:jobs_joblevel_change", args=[JobLevel.objects.get(code="L10").pk]),
                                   5, shows_lookup("<h2>总监级</h2>")),
    "job family list": Route("hr", admin_url("jobfamily_changelist"), 7, shows_lookup("营销序列")),
    "job family change form": Route("hr", lambda org: reverse("admin:jobs_jobfamily_change", args=[JobFamily.objects.get(code="MKT").pk]),
                                    5, shows_lookup("<h2>营销序列</h2>")),
    "saved import mappings": Route("hr", admin_url("importmapping_changelist"), 7, shows_lookup("导入列对应关系")),
    "job family import page": Route("hr", admin_url("jobfamily_import"), 4, shows_lookup("此次将导入以下字段")),
    "job family export page": Route("hr", admin_url("jobfamily_export"), 4, shows_lookup("此次将导出以下字段")),
    "autocomplete": Route("hr", lambda org: reverse("admin:autocomplete") + "?app_label=jobs&model_name=position&field_name=reports_to",
                          6, shows_autocomplete),
    "per-list import page": Route("hr", admin_url("position_import"), 4, shows_lookup("此次将导入以下字段", "岗位编号, 岗位名称")),
    "per-list export page": Route("hr", admin_url("position_export"), 8, shows_lookup("此次将导出以下字段")),
    "job level import page": Route("hr", admin_url("joblevel_import"), 4, shows_lookup("此次将导入以下字段")),
    "job level export page": Route("hr", admin_url("joblevel_export"), 4, shows_lookup("此次将导出以下字段")),
    "duty export": Route("hr", admin_url("position_export"), 9, shows_duty_csv, data=export_form("2", [
        ("dutyresource", field) for field in ("position", "category", "statement", "order")])),
}


def new_positions_csv(count):
    rows = [f"N-{n:03d},新岗位{n},C1-S,C1-S-01,{n % 4}" for n in range(count)]
    return "\n".join(["岗位编号,岗位名称,所在部门,直接上级,岗位定员", *rows]).encode("utf-8-sig")


class TestQueryCounts:
    """Each admin page takes the same exact number of queries for the small and the large
    organisation. The per-list export reads a chunk of rows at a time and the per-list import
    writes row by row: those two are pinned with their formula."""

    @pytest.mark.parametrize("name", ADMIN_ROUTES)
    def test_route_takes_a_fixed_number_of_queries(self, sized_org, open_route, name):
        open_route(ADMIN_ROUTES[name], sized_org)

    def test_per_list_export_reads_links_a_chunk_at_a_time(self, sized_org, open_route):
        """django-import-export exports a queryset with prefetched links in chunks of 100 rows:
        one query for the rows and one per kind of link, each chunk."""
        chunks = math.ceil(sized_org["positions"] / 100)
        route = Route("hr", admin_url("position_export"), 9 + 4 * chunks, shows_position_csv,
                      data=export_form("0", POSITION_EXPORT_FIELDS))
        open_route(route, sized_org)

    def test_per_list_import_checks_and_writes_row_by_row(self, sized_org, hr_client, exact_queries):
        """django-import-export imports one row at a time: the preview and the confirmation each
        take 37 queries per new position, 38 on PostgreSQL (its lookups by code, validation against the database
        constraints, the publication record kept as stored, the tree insert under the tree lock, its
        history record and its search document), pinned for 2 × units rows."""
        count = 2 * sized_org["units"]
        per_row = on_postgresql()  # PostgreSQL takes the tree's advisory lock for each row (SQLite holds it from BEGIN)
        upload = SimpleUploadedFile("positions.csv", new_positions_csv(count))
        with exact_queries(12 + (per_row + 37) * count):
            response = hr_client.post(reverse("admin:jobs_position_import"), {"import_file": upload, "format": "0", "resource": "0"})
        page = response.content.decode()
        assert page.count("新增") >= count and f"新岗位{count - 1}" in page
        assert not Position.objects.filter(code__startswith="N-").exists()
        # On PostgreSQL django-import-export then resets the table's id sequence: one statement more.
        with exact_queries(12 + (per_row + 37) * count + on_postgresql()):
            response = hr_client.post(reverse("admin:jobs_position_process_import"), response.context["confirm_form"].initial)
        assert response.status_code == 302
        assert Position.objects.filter(code__startswith="N-", reports_to__code="C1-S-01").count() == count
