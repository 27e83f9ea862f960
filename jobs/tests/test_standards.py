"""Standard positions (基准岗位): written once, shown by every position based on them."""
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import (
    docx_text, logged_in, make_department, make_level, make_position, make_standard, make_user, pdf_text, submit_admin_form,
)
from jobs.models import (
    Duty, Education, Position, Qualification, StandardDuty, StandardPosition, StandardQualification, StandardVersion,
)
from jobs.search import search_positions
from jobs.services import base_on_standard, create_from_position, publish_position, publish_standard, set_own_section
from jobs.standards import what_basing_loses

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales(hr_user):
    """销售代表 written once; 30 branches of 10 positions based on it, all published; one overrides its duties."""
    standard = StandardPosition.objects.create(code="STD-SALES", title="销售代表", summary="开拓并维护客户。")
    StandardDuty.objects.create(standard_position=standard, order=0, statement="完成销售指标", tasks="拜访客户\n签订合同")
    publish_standard(standard=standard, approver=hr_user)
    group = make_department("集团", code="G")
    positions = []
    for branch in range(30):
        department = make_department(f"第{branch}分公司", parent=group, code=f"B{branch:02d}")
        for number in range(10):
            positions.append(make_position(department, f"销售代表{number}", code=f"S{branch:02d}-{number}"))
    own = positions[7]
    Duty.objects.create(position=own, order=0, statement="负责大客户项目")
    base_on_standard(positions=positions, standard=standard, user=hr_user)
    set_own_section(position=own, key="duties", own=True, user=hr_user)
    for position in positions:
        publish_position(position=Position.objects.get(pk=position.pk), approver=hr_user)
    return {"standard": standard, "positions": positions, "own": own}


def change_a_duty_and_publish(standard, user):
    duty = standard.duties.get()
    duty.statement = "完成季度销售指标并回款"
    duty.save()
    return publish_standard(standard=standard, approver=user)


def test_every_position_shows_the_new_duty_once_the_standard_is_published_but_the_one_that_overrides(sales, hr_user, manager_client, django_capture_on_commit_callbacks):
    standard, own = sales["standard"], sales["own"]
    some = sales["positions"][0]
    assert "完成销售指标" in manager_client.get(reverse("jobs:position_detail", args=[some.code])).content.decode()
    standard.duties.update(statement="完成季度销售指标并回款")
    page = manager_client.get(reverse("jobs:position_detail", args=[some.code])).content.decode()
    assert "完成销售指标" in page and "回款" not in page  # a draft of the standard changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        publish_standard(standard=standard, approver=hr_user)
    assert StandardVersion.objects.filter(standard=standard).count() == 2
    for position in sales["positions"]:
        page = manager_client.get(reverse("jobs:position_detail", args=[position.code])).content.decode()
        if position.pk == own.pk:
            assert "负责大客户项目" in page and "回款" not in page
        else:
            assert "完成季度销售指标并回款" in page and "开拓并维护客户" in page, position.code
    assert "完成季度销售指标并回款" in docx_text(manager_client.get(reverse("jobs:position_docx", args=[some.code])).content)[1]
    assert "负责大客户项目" in docx_text(manager_client.get(reverse("jobs:position_docx", args=[own.code])).content)[1]


def test_the_pdf_and_the_handbook_show_the_inherited_text(sales, manager_client):
    pdf = manager_client.get(reverse("jobs:position_pdf", args=["S03-1"]))
    if pdf.status_code != 200:
        pytest.skip("no PDF renderer on this machine")
    assert "完成销售指标" in pdf_text(pdf.content)[1]
    page = manager_client.get(reverse("jobs:handbook", args=["B03"])).content.decode()
    assert page.count("完成销售指标") == 10


def test_search_finds_the_inherited_text_and_follows_a_publication(sales, hr_user, django_capture_on_commit_callbacks):
    assert search_positions(Position.objects.all(), "完成销售指标", published=True).count() == 299
    with django_capture_on_commit_callbacks(execute=True):
        change_a_duty_and_publish(sales["standard"], hr_user)
    assert search_positions(Position.objects.all(), "回款", published=True).count() == 299
    assert search_positions(Position.objects.all(), "完成销售指标", published=True).count() == 0


def test_hr_sees_where_a_section_comes_from_managers_see_only_the_standard_version(sales, hr_user, manager_user):
    url = reverse("jobs:position_detail", args=["S00-0"])
    page = logged_in(hr_user).get(url).content.decode()
    assert "基于基准岗位 销售代表" in page and "取自基准岗位：职务等级、" in page
    page = logged_in(manager_user).get(url).content.decode()
    assert "基于基准岗位" not in page and "取自基准岗位" not in page  # HR's banner
    assert "销售代表（STD-SALES）第 1 版" in page  # the document's 基本资料 names what its published version shows


def test_a_section_returned_to_inherited_shows_the_standard_again(sales, hr_user, hr_client):
    own = sales["own"]
    set_own_section(position=Position.objects.get(pk=own.pk), key="duties", own=False, user=hr_user)
    page = hr_client.get(reverse("jobs:position_detail", args=[own.code])).content.decode()
    assert "完成销售指标" in page and "负责大客户项目" not in page


def test_the_standard_page_lists_its_positions_by_department_and_the_list_filters_by_it(sales, manager_client):
    page = manager_client.get(reverse("jobs:standard_detail", args=["std-sales"])).content.decode()
    assert "300" in page and "第29分公司" in page and "完成销售指标" in page
    listed = manager_client.get(reverse("jobs:position_list"), {"standard": "STD-SALES"}).content.decode()
    assert "销售代表0" in listed
    assert manager_client.get(reverse("jobs:standard_detail", args=["NOPE"])).status_code == 404


def test_compare_sets_a_position_beside_its_standard_and_shows_the_deviation(sales, manager_client):
    response = manager_client.get(reverse("jobs:compare"), {"a": sales["own"].code, "standard": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "负责大客户项目" in page and "完成销售指标" in page and "differs" in page
    missing = manager_client.get(reverse("jobs:compare"), {"a": "CEO-NOPE", "standard": "1"})
    assert missing.status_code == 404


def test_basing_says_what_a_position_would_lose_and_create_from_position_copies_everything(hr_user):
    department = make_department("市场部", code="M")
    position = make_position(department, "市场专员", code="M-1", summary="做市场。")
    Duty.objects.create(position=position, order=0, statement="策划活动", tasks="写方案")
    lost = dict(what_basing_loses(position))
    assert "做市场。" in str(lost) and any("1" in text for text in lost.values())
    standard = create_from_position(position=position, code="STD-MKT", user=hr_user)
    assert standard.summary == "做市场。" and standard.duties.get().tasks == "写方案"
    position.refresh_from_db()
    assert position.standard == standard and position.own_sections == []
    assert position.status == Position.Status.DRAFT  # the link is reviewed like any edit: managers keep version 1
    other = make_position(department, "市场助理", code="M-2", summary="协助做市场。")
    base_on_standard(positions=[other], standard=standard, user=hr_user, keep_own=True)
    other.refresh_from_db()
    # Kept as its own: where it has text (its summary; make_position gives it a level and family)
    assert "summary" in other.own_sections and "duties" not in other.own_sections


def test_a_standard_in_use_cannot_be_deleted(sales):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        sales["standard"].delete()


def test_hr_edits_publishes_and_bases_positions_in_the_admin(hr_client, hr_user, small_org):
    standard = StandardPosition.objects.create(code="STD-EXP", title="拓展专员")
    url = reverse("admin:jobs_standardposition_change", args=[standard.pk])
    assert hr_client.get(url).status_code == 200
    response = submit_admin_form(hr_client, url, {"summary": "拓展新市场。"})
    assert response.status_code == 302, response.content.decode()[:2000]
    changelist = reverse("admin:jobs_standardposition_changelist")
    refused = hr_client.post(changelist, {"action": "publish", "_selected_action": [standard.pk], "apply": "1"}, follow=True)
    assert "审核" in refused.content.decode()  # review is required: HR may not publish alone
    standard.refresh_from_db()
    assert (standard.status, standard.version) == (StandardPosition.Status.DRAFT, 0)
    hr_client.post(changelist, {"action": "submit_for_review", "_selected_action": [standard.pk]})
    reviewer = logged_in(make_user("reviewer", group="审核人"))
    confirm = reviewer.get(reverse("jobs:standard_review", args=[standard.code]))
    assert confirm.status_code == 200 and "拓展新市场。" in confirm.content.decode()
    reviewer.post(reverse("jobs:standard_review", args=[standard.code]), {"decision": "approve", "seen": confirm.context["seal"]})
    standard.refresh_from_db()
    assert standard.version == 1 and standard.published_content["fields"]["summary"] == "拓展新市场。"

    positions = reverse("admin:jobs_position_changelist")
    specialist = small_org["specialist"]
    page = hr_client.post(positions, {"action": "base_on_standard", "_selected_action": [specialist.pk]})
    assert page.status_code == 200
    hr_client.post(positions, {"action": "base_on_standard", "_selected_action": [specialist.pk], "apply": "1", "standard": standard.pk})
    specialist.refresh_from_db()
    assert specialist.standard == standard
    assert "拓展新市场。" in hr_client.get(reverse("jobs:position_detail", args=[specialist.code])).content.decode()
    assert hr_client.get(reverse("admin:jobs_position_change", args=[specialist.pk])).status_code == 200
    assert hr_client.get(reverse("admin:jobs_standardposition_history", args=[standard.pk])).status_code in (200, 302)


def test_a_standard_goes_through_review_and_the_reviewer_sees_what_it_changes(sales, hr_user, manager_user, django_capture_on_commit_callbacks):
    """HR edits and submits; the group 审核人 sees the diff and the positions it changes, returns it
    with a comment (HR is told), then approves the next submission: only then do positions change."""
    from kernel.models import Notification

    standard, some = StandardPosition.objects.get(pk=sales["standard"].pk), sales["positions"][0]
    reviewer_user = make_user("reviewer", group="审核人")
    hr, reviewer, manager = logged_in(hr_user), logged_in(reviewer_user), logged_in(manager_user)
    standard.duties.update(statement="完成季度销售指标并回款")
    standard.status = StandardPosition.Status.DRAFT
    standard.save()
    review_url = reverse("jobs:standard_review", args=[standard.code])
    assert manager.get(review_url).status_code == 403 and hr.get(review_url).status_code == 403
    hr.post(reverse("jobs:standard_submit", args=[standard.code]))
    standard.refresh_from_db()
    assert (standard.status, standard.submitted_by) == (StandardPosition.Status.REVIEW, hr_user)
    assert Notification.objects.filter(recipient=reviewer_user, link=review_url).exists()
    assert standard.code in reviewer.get(reverse("jobs:review_queue")).content.decode()

    page = reviewer.get(review_url)
    text = page.content.decode()
    assert "完成销售指标" in text and "完成季度销售指标并回款" in text  # old and new, side by side
    assert "300" in text and "第29分公司</a>（10）" in text  # the positions it changes, by department
    assert reviewer.post(review_url, {"decision": "approve", "seen": "stale"}).status_code == 302
    assert StandardPosition.objects.get(pk=standard.pk).version == 1  # a seal of other text is refused
    reviewer.post(review_url, {"decision": "return", "comment": "", "seen": page.context["seal"]})
    assert StandardPosition.objects.get(pk=standard.pk).status == StandardPosition.Status.REVIEW  # returning needs a comment
    reviewer.post(review_url, {"decision": "return", "comment": "回款写进工作标准", "seen": page.context["seal"]})
    standard.refresh_from_db()
    assert standard.status == StandardPosition.Status.DRAFT and standard.version == 1
    assert Notification.objects.filter(recipient=hr_user, text__contains="回款写进工作标准").exists()
    assert "回款" not in manager.get(reverse("jobs:position_detail", args=[some.code])).content.decode()

    hr.post(reverse("jobs:standard_submit", args=[standard.code]))
    page = reviewer.get(review_url)
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(review_url, {"decision": "approve", "seen": page.context["seal"]})
    standard.refresh_from_db()
    assert (standard.status, standard.version, standard.approved_by) == (StandardPosition.Status.PUBLISHED, 2, reviewer_user)
    assert "完成季度销售指标并回款" in manager.get(reverse("jobs:position_detail", args=[some.code])).content.decode()
    assert reviewer.post(review_url, {"decision": "approve", "seen": page.context["seal"]}, follow=True).status_code == 200
    assert StandardPosition.objects.get(pk=standard.pk).version == 2  # deciding twice publishes once


def test_an_edit_takes_a_standard_out_of_review(sales, hr_user, hr_client):
    standard = StandardPosition.objects.get(pk=sales["standard"].pk)
    standard.status = StandardPosition.Status.DRAFT
    standard.save()
    hr_client.post(reverse("jobs:standard_submit", args=[standard.code]))
    url = reverse("admin:jobs_standardposition_change", args=[standard.pk])
    assert submit_admin_form(hr_client, url, {"summary": "审核中改了概述。"}).status_code == 302
    standard.refresh_from_db()
    assert standard.status == StandardPosition.Status.DRAFT



def test_create_standard_refuses_a_bad_code_on_its_form_and_says_when_a_position_changes_standard(sales, hr_client):
    positions = reverse("admin:jobs_position_changelist")
    some = sales["positions"][0]
    action = {"action": "create_standard", "_selected_action": [some.pk], "apply": "1", "title": "新基准"}
    page = hr_client.post(positions, {**action, "code": "销售 标准"})
    assert page.status_code == 200 and not StandardPosition.objects.filter(title="新基准").exists()
    assert "STD-SALES" in hr_client.post(positions, {"action": "create_standard", "_selected_action": [some.pk]}).content.decode()
    done = hr_client.post(positions, {**action, "code": "STD-NEW"}, follow=True)
    assert "STD-NEW" in done.content.decode() and "STD-SALES" in done.content.decode()  # 'was based on STD-SALES'
    assert Position.objects.get(pk=some.pk).standard.code == "STD-NEW"


def test_managers_see_a_standard_link_once_published_and_hr_has_the_standards_history(sales, hr_user, manager_user):
    standard = StandardPosition.objects.get(pk=sales["standard"].pk)
    department = make_department("新分公司", parent=sales["positions"][0].department.parent, code="NEW")
    newcomer = make_position(department, "新销售代表", code="NEW-1")
    publish_position(position=newcomer, approver=hr_user)
    base_on_standard(positions=[Position.objects.get(pk=newcomer.pk)], standard=standard, user=hr_user)  # HR's draft
    manager, hr = logged_in(manager_user), logged_in(hr_user)
    assert "NEW-1" not in manager.get(reverse("jobs:standard_detail", args=[standard.code])).content.decode()
    assert "NEW-1" not in manager.get(reverse("jobs:position_list"), {"standard": standard.code}).content.decode()
    assert manager.get(reverse("jobs:compare"), {"a": "NEW-1", "standard": "1"}).status_code == 404
    assert "NEW-1" in hr.get(reverse("jobs:standard_detail", args=[standard.code])).content.decode()
    history = hr.get(reverse("jobs:position_history", args=["NEW-1"])).content.decode()
    assert "销售代表 (STD-SALES)" in history  # the standard by name, not its id

    change_a_duty_and_publish(standard, hr_user)
    url = reverse("jobs:standard_history", args=[standard.code])
    assert manager.get(url).status_code == 403
    page = hr.get(url).content.decode()
    assert "完成季度销售指标并回款" in page and "完成销售指标" in page  # version 2 against version 1
    assert hr.get(reverse("admin:jobs_standardposition_history", args=[standard.pk])).url == url


@pytest.fixture
def levels():
    """销售主管 (a standard at 经理级 asking for a master's degree) and three positions of 专员级
    asking for senior high school: one inheriting everything, one writing its own level and
    qualification, one without a standard; and 销售经理 at 经理级 with no standard."""
    manager, staff = make_level("经理级", 20), make_level("专员级", 40)
    standard = StandardPosition.objects.create(code="STD-LEAD", title="销售主管", job_level=manager)
    StandardQualification.objects.create(standard_position=standard, education=Education.MASTER)
    publish_standard(standard=standard, approver=None)
    department = make_department("销售部", code="SALES")
    boss = make_position(department, "销售经理", code="S-01", job_level=manager)
    made = {"boss": boss, "standard": standard}
    for code, title, fields in (("S-02", "主管甲", {"standard": standard}),
                                ("S-03", "主管乙", {"standard": standard, "own_sections": ["level", "qualification"]}),
                                ("S-04", "专员丙", {})):
        made[code] = make_position(department, title, reports_to=boss, code=code, job_level=staff, **fields)
        Qualification.objects.create(position=made[code], education=Education.SENIOR_HIGH)
    return made


def listed(client, **query):
    """{code: the job level its row shows} of the position list's page."""
    page = client.get(reverse("jobs:position_list"), query).content.decode()
    rows = re.findall(r"<tr><td>([A-Z0-9-]+)</td>.*?<td>([^<]*)</td><td class=\"num\">", page, re.S)
    return dict(rows)


@pytest.mark.parametrize("role", ["hr", "manager"])
def test_the_position_list_shows_and_filters_by_the_level_and_education_a_position_shows(levels, role, hr_user, manager_user):
    client = logged_in(hr_user if role == "hr" else manager_user)
    assert listed(client) == {"S-01": "经理级", "S-02": "经理级", "S-03": "专员级", "S-04": "专员级"}
    assert set(listed(client, level="L20")) == {"S-01", "S-02"}  # S-02: its standard's level
    assert set(listed(client, level="L40")) == {"S-03", "S-04"}  # S-03 writes its own level
    assert set(listed(client, education=Education.MASTER)) == {"S-02"}  # its standard asks for a master's degree
    assert set(listed(client, education=Education.SENIOR_HIGH)) == {"S-02", "S-03", "S-04"}


def test_a_position_list_based_on_standards_reads_their_levels_in_one_query(levels, hr_client, django_assert_num_queries):
    # the organisation's version, session, user, 2 permissions, count, page of positions, the
    # standards' levels, 4 for the filters' choices
    cache.clear()
    with django_assert_num_queries(12):
        hr_client.get(reverse("jobs:position_list"))
    for number in range(30):
        make_position(levels["boss"].department, f"主管{number}", reports_to=levels["boss"], code=f"S-1{number:02d}",
                      standard=make_standard(job_level=levels["boss"].job_level))
    cache.clear()
    with django_assert_num_queries(12):
        assert len(listed(hr_client)) == 34


def test_the_standard_page_and_its_diff_show_every_part_of_a_row(hr_user, hr_client):
    from jobs.models import StandardAuthority, StandardKPI, StandardRelation
    from jobs.standards import content_of, standard_diff

    standard = StandardPosition.objects.create(code="STD-CS", title="客服专员")
    StandardDuty.objects.create(standard_position=standard, order=1, category="main", statement="处理客户投诉",
                                tasks="记录投诉\n跟进回访", standard="24小时内回复", time_share=40)
    StandardAuthority.objects.create(standard_position=standard, order=1, category="business",
                                     text="对一千元以下的客户补偿有决定权，超过一千元的补偿须报部门经理审批后执行")
    StandardKPI.objects.create(standard_position=standard, order=1, name="客户满意度", target="95%以上", weight=40, period="month")
    StandardRelation.objects.create(standard_position=standard, order=1, scope="external", party="客户", content="投诉受理与回访")
    before = content_of(standard)
    page = hr_client.get(reverse("jobs:standard_detail", args=["STD-CS"])).content.decode()
    for text in ("【主要职责】处理客户投诉", "记录投诉", "24小时内回复", "时间占比(%)：40", "超过一千元的补偿须报部门经理审批后执行",
                 "【业务权】", "95%以上", "月度", "【外部】客户", "投诉受理与回访"):
        assert text in page, text
    StandardKPI.objects.filter(standard_position=standard).update(weight=30)
    [section] = standard_diff(before, content_of(standard))
    assert "权重(%)：40" in section["changes"][0]["old"] and "权重(%)：30" in section["changes"][0]["new"]


def test_a_job_descriptions_picture_shows_the_level_its_subordinates_inherit(hr_user):
    from jobs.models import JobLevel

    level = JobLevel.objects.create(code="L5", name="主管级", rank=50)
    standard = StandardPosition.objects.create(code="STD-SUP", title="销售主管", job_level=level)
    publish_standard(standard=standard, approver=hr_user)
    department = make_department("华东分公司", code="EAST")
    manager = make_position(department, "区域经理", code="M-1")
    supervisor = make_position(department, "销售主管1", code="S-1", reports_to=manager)
    base_on_standard(positions=[supervisor], standard=standard, user=hr_user)
    for position in (manager, supervisor):
        publish_position(position=Position.objects.get(pk=position.pk), approver=hr_user)
    from jobs.documents.context import job_description_context, neighbourhood_chart

    for reader in (hr_user, make_user("reader", group="Manager")):
        jd = job_description_context(Position.objects.with_job_description().get(code="M-1"), reader)
        picture = neighbourhood_chart(jd)  # the .docx and PDF picture
        assert "销售主管1" in picture and "主管级" in picture


def test_managers_know_a_standard_once_it_is_published(sales, manager_user, hr_user):
    manager_client, hr_client = logged_in(manager_user), logged_in(hr_user)  # the fixtures' clients are one browser
    StandardPosition.objects.create(code="STD-NEW", title="新基准岗位")
    url = reverse("jobs:standard_detail", args=["STD-NEW"])
    assert manager_client.get(url).status_code == 404 and hr_client.get(url).status_code == 200
    listing = manager_client.get(reverse("jobs:position_list")).content.decode()
    assert 'value="STD-SALES"' in listing and 'value="STD-NEW"' not in listing


def test_the_admin_form_says_which_fields_and_rows_the_standard_hides(sales, hr_user):
    page = logged_in(hr_user).get(reverse("admin:jobs_position_change", args=[sales["own"].pk])).content.decode()
    assert "不显示：这一部分沿用基准岗位“销售代表 (STD-SALES)”" in page  # its summary, level … come from the standard
    assert "考核指标（不显示：沿用基准岗位）" in page and "职责（不显示：沿用基准岗位）" not in page  # it writes its own duties


def test_search_finds_a_position_by_the_title_of_its_standard(hr_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        standard = StandardPosition.objects.create(code="STD-CS", title="客服专员")
        StandardDuty.objects.create(standard_position=standard, order=1, statement="接听客户来电")
        publish_standard(standard=standard, approver=hr_user)
        position = make_position(make_department("客服中心", code="CS"), "热线坐席", code="CS-1")
        base_on_standard(positions=[position], standard=standard, user=hr_user)
        publish_position(position=Position.objects.get(pk=position.pk), approver=hr_user)
    assert list(search_positions(Position.objects.all(), "客服专员", published=True).values_list("code", flat=True)) == ["CS-1"]


def test_editing_only_a_published_standards_rows_is_one_history_entry_saying_draft(sales, hr_user):
    from conftest import admin_form_data

    standard = sales["standard"]
    client = logged_in(hr_user)
    url = reverse("admin:jobs_standardposition_change", args=[standard.pk])
    data = admin_form_data(client, url)
    duty = next(key for key, value in data.items() if value == "完成销售指标")
    data[duty] = "完成季度销售指标"
    before = standard.history.count()
    assert client.post(url, data).status_code == 302
    standard.refresh_from_db()
    assert standard.status == StandardPosition.Status.DRAFT
    assert standard.history.count() == before + 1 and standard.history.first().status == StandardPosition.Status.DRAFT
