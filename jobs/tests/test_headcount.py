"""One definition of headcount (jobs.headcount): 定员, 在岗, 编制 and the totals over a subtree."""
from django.urls import reverse

from conftest import make_department, make_position, submit_admin_form
from jobs.headcount import department_headcounts
from jobs.models import Position
from jobs.services import publish_position, reopen_as_draft


def test_a_blank_headcount_is_not_set_and_adds_nothing(small_org):
    make_position(small_org["market"], "助理", reports_to=small_org["director"], headcount=None)
    numbers = department_headcounts()[small_org["market"].pk]
    assert (numbers.own.planned, numbers.own.unset, numbers.own.positions) == (1, 1, 2)
    assert (numbers.total.planned, numbers.total.unset, numbers.total.positions) == (6, 1, 3)


def test_totals_cover_the_subtree_and_count_only_positions_in_force(small_org):
    make_position(small_org["expansion"], "新岗位", reports_to=small_org["director"], headcount=7, status=Position.Status.DRAFT)
    make_position(small_org["expansion"], "旧岗位", reports_to=small_org["director"], headcount=9, status=Position.Status.ARCHIVED)
    numbers = department_headcounts()
    assert numbers[small_org["group"].pk].total.planned == 7  # 1 + 1 + 5: neither the draft nor the archived one
    assert numbers[small_org["market"].pk].total.planned == 6
    assert numbers[small_org["expansion"].pk].own.planned == 5


def test_a_newer_draft_counts_with_its_published_headcount(small_org, hr_user):
    specialist = small_org["specialist"]
    reopen_as_draft(position=specialist, user=hr_user)
    specialist = publish_position(position=specialist, approver=hr_user)  # published through the history
    reopen_as_draft(position=specialist, user=hr_user)
    specialist.headcount = 50
    specialist.save()
    assert department_headcounts()[small_org["expansion"].pk].own.planned == 5
    publish_position(position=specialist, approver=hr_user)
    assert department_headcounts()[small_org["expansion"].pk].own.planned == 50


def test_people_in_post_against_the_authorised_headcount_gives_short_or_over(small_org):
    Position.objects.filter(code="EXP-01").update(actual_headcount=3)
    Position.objects.filter(code="MKT-01").update(actual_headcount=1)
    numbers = department_headcounts()[small_org["market"].pk]
    assert numbers.staffing.short == 2  # no 编制: 在岗 4 against 定员 6
    small_org["market"].authorised_headcount = 3
    small_org["market"].save()
    numbers = department_headcounts()[small_org["market"].pk]
    assert (numbers.staffing.over, numbers.plan.over) == (1, 3)  # 在岗 4, 定员 6, 编制 3
    assert Position.objects.get(code="EXP-01").staffing.short == 2


def test_without_people_in_post_there_is_no_gap(small_org):
    numbers = department_headcounts()[small_org["market"].pk]
    assert numbers.staffing_gap is None and not numbers.staffing


def test_span_of_control_uses_the_same_rule(small_org):
    make_position(small_org["expansion"], "助理", reports_to=small_org["director"], headcount=None)
    make_position(small_org["expansion"], "草稿", reports_to=small_org["director"], headcount=4, status=Position.Status.DRAFT)
    director = Position.objects.with_job_description().get(code="MKT-01")
    assert director.span == 5
    assert Position.objects.get(code="MKT-01").span == 5


def test_a_subtree_root_gives_the_same_numbers(small_org):
    everything = department_headcounts()
    market = department_headcounts(small_org["market"])
    assert market.keys() == {small_org["market"].pk, small_org["expansion"].pk}
    assert market[small_org["market"].pk].total == everything[small_org["market"].pk].total


def test_changing_only_people_in_post_keeps_the_position_published(hr_client, small_org):
    url = reverse("admin:jobs_position_change", args=[small_org["specialist"].pk])
    response = submit_admin_form(hr_client, url, {"actual_headcount": "4"})
    assert response.status_code == 302
    specialist = Position.objects.get(code="EXP-01")
    assert (specialist.actual_headcount, specialist.status) == (4, Position.Status.PUBLISHED)


def test_inactive_departments_do_not_count(small_org):
    closed = make_department("撤销部", parent=small_org["market"], is_active=False)
    make_position(closed, "留守", reports_to=small_org["director"], headcount=3)
    assert department_headcounts()[small_org["market"].pk].total.planned == 6


def test_importing_only_people_in_post_keeps_positions_published_at_their_version(small_org, hr_user):
    import io

    from openpyxl import load_workbook

    from jobs.importing import export_workbook, import_workbook

    workbook = load_workbook(io.BytesIO(export_workbook()))
    sheet = workbook["岗位"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("在岗人数") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=column, value=3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = dict(Position.objects.values_list("code", "version"))
    report = import_workbook(content=buffer.getvalue(), filename="staffing.xlsx", user=hr_user)
    assert report.ok, report.all_problems
    assert report.not_published == 0 and report.reopened == 0
    assert dict(Position.objects.values_list("code", "version")) == before
    assert set(Position.objects.values_list("status", "actual_headcount")) == {(Position.Status.PUBLISHED, 3)}
