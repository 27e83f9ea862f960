"""Change history (django-simple-history) and the review workflow, on the real database."""
import pytest
from django.urls import reverse
from django.utils import translation

from conftest import (
    DEPARTMENT_HEADER, POSITION_HEADER, admin_form_data, as_browser_sends, logged_in, make_department, make_position,
    make_user, org_file, pdf_text, docx_text, seed_layout_docx, submit_admin_form, xlsx,
)
from jobs.history import position_versions
from jobs.importing import import_workbook
from jobs.models import Duty, Position, Qualification
from jobs.services import publish_position, restore_position_version
from jobs.importing import import_files


@pytest.fixture
def people(db):
    return {"hr": make_user("hr", group="HR", is_staff=True), "manager": make_user("manager", group="Manager")}


@pytest.fixture
def published(people):
    """A position published once by HR: summary, two duties and a qualification."""
    department = make_department("市场部", code="MKT")
    position = make_position(department, "市场总监", code="MKT-01", status=Position.Status.DRAFT, summary="旧的职责概要")
    Duty.objects.create(position=position, statement="制定市场计划", order=1)
    Duty.objects.create(position=position, statement="管理拓展人员", order=2)
    Qualification.objects.create(position=position, education=4, major="市场营销")
    return publish_position(position=position, approver=people["hr"])


def pdf_or_none(client, code):
    response = client.get(reverse("jobs:position_pdf", args=[code]))
    if response.status_code == 503:
        return None  # WeasyPrint's system libraries are missing on this machine
    assert response.status_code == 200
    return pdf_text(response.content)[1]


def manager_sees(client, code):
    page = client.get(reverse("jobs:position_detail", args=[code]))
    docx = client.get(reverse("jobs:position_docx", args=[code]))
    assert page.status_code == 200 and docx.status_code == 200
    return page.content.decode(), docx_text(docx.content)[1], pdf_or_none(client, code)


def test_admin_edit_is_recorded_with_the_user_and_the_rows(people, published):
    hr = logged_in(people["hr"])
    url = reverse("admin:jobs_position_change", args=[published.pk])
    response = submit_admin_form(
        hr, url, {"summary": "新的职责概要"},
        inline_changes={"duties-0-statement": "制定年度市场计划"},
    )
    assert response.status_code == 302
    latest = Position.history.filter(id=published.pk).latest()
    assert latest.history_user == people["hr"] and latest.summary == "新的职责概要"
    duty = Duty.history.filter(position_id=published.pk, statement="制定年度市场计划").get()
    assert duty.history_user == people["hr"] and duty.history_type == "~"


def test_end_to_end_manager_sees_published_until_hr_publishes_the_draft(people, published, settings):
    hr, manager = logged_in(people["hr"]), logged_in(people["manager"])
    url = reverse("admin:jobs_position_change", args=[published.pk])
    response = submit_admin_form(
        hr, url, {"summary": "新的职责概要", "status": Position.Status.DRAFT},
        inline_changes={"duties-1-DELETE": "on", "qualification-0-major": "工商管理"},
    )
    assert response.status_code == 302

    for text in manager_sees(manager, published.code):
        if text is not None:
            assert "旧的职责概要" in text and "管理拓展人员" in text and "市场营销" in text
            assert "新的职责概要" not in text and "工商管理" not in text
    draft = hr.get(reverse("jobs:position_detail", args=[published.code])).content.decode()
    assert "新的职责概要" in draft and "草稿预览" in draft and "?version=published" in draft
    as_published = hr.get(reverse("jobs:position_detail", args=[published.code]), {"version": "published"}).content.decode()
    assert "旧的职责概要" in as_published

    assert manager.post(reverse("jobs:position_publish", args=[published.code])).status_code == 403
    assert hr.post(reverse("jobs:position_publish", args=[published.code])).status_code == 403  # review required
    settings.JD_REVIEW_REQUIRED = False  # a company that requires no review: HR publishes alone
    response = hr.post(reverse("jobs:position_publish", args=[published.code]))
    assert response.status_code == 302
    position = Position.objects.get(pk=published.pk)
    assert position.version == published.version + 1 == 2
    assert position.approved_by == people["hr"] and position.approved_at > published.approved_at

    for text in manager_sees(manager, published.code):
        if text is not None:
            assert "新的职责概要" in text and "工商管理" in text and "管理拓展人员" not in text
    page = manager.get(reverse("jobs:position_detail", args=[published.code])).content.decode()
    assert "第 2 版" in page

    versions = position_versions(position)
    first_publication = next(v["number"] for v in versions if v["reason"] == "发布第 1 版")
    history = hr.get(
        reverse("jobs:position_history", args=[published.code]), {"a": first_publication, "b": versions[-1]["number"]}
    )
    assert history.status_code == 200
    html = history.content.decode()
    assert "旧的职责概要" in html and "新的职责概要" in html  # the summary, field by field
    assert "管理拓展人员" in html  # the removed duty, row by row
    assert "市场营销" in html and "工商管理" in html  # the qualification
    assert manager.get(reverse("jobs:position_history", args=[published.code])).status_code == 403


def test_restore_is_itself_a_recorded_change(people, published):
    first = len(position_versions(published))
    published.summary = "改过的概要"
    published.save()
    Duty.objects.filter(position=published, order=1).delete()
    Duty.objects.create(position=published, statement="新增的职责", order=3)
    with translation.override("en"):
        restore_position_version(position=published, number=first, user=people["hr"])
    position = Position.objects.get(pk=published.pk)
    assert position.summary == "旧的职责概要"
    assert [d.statement for d in position.duties.all()] == ["制定市场计划", "管理拓展人员"]
    versions = position_versions(position)
    assert versions[-1]["reason"] == f"restored version {first}" and versions[-1]["user"] == people["hr"]


def test_never_published_position_is_hidden_from_managers(people):
    department = make_department("市场部", code="MKT")
    draft = make_position(department, "新岗位", code="NEW-01", status=Position.Status.DRAFT, summary="草稿内容")
    manager, hr = logged_in(people["manager"]), logged_in(people["hr"])
    for name in ("jobs:position_detail", "jobs:position_docx", "jobs:position_pdf"):
        assert manager.get(reverse(name, args=[draft.code])).status_code == 404
    page = hr.get(reverse("jobs:position_detail", args=[draft.code])).content.decode()
    assert "草稿内容" in page and "草稿预览" in page


def test_published_snapshot_takes_a_fixed_number_of_queries(people, published, exact_queries):
    from jobs.documents import job_description_context

    Position.objects.filter(pk=published.pk).update(status=Position.Status.DRAFT)
    duties = ["制定市场计划", "管理拓展人员"]
    people["manager"].get_all_permissions()  # cached on the user from then on
    for count in (2, 30):
        for i in range(count):
            duties.append(Duty.objects.create(position=published, statement=f"职责{len(duties)}", order=len(duties) + 1).statement)
        publish_position(position=Position.objects.get(pk=published.pk), approver=people["hr"])
        Position.objects.filter(pk=published.pk).update(status=Position.Status.DRAFT)
        Duty.objects.filter(position=published).update(statement="草稿中改过")  # the draft: not what managers see
        position = Position.objects.with_job_description().get(pk=published.pk)
        # The published version rebuilt from the history: a query per table; and three for the
        # controlled document: who prepared and who reviewed that version (编制, 审核) and the company
        # of its department.
        with exact_queries(13):
            jd = job_description_context(position, people["manager"])
        assert [duty.statement for duty in jd["duty_groups"][0][1]] == duties


def test_workbook_import_records_one_entry_per_object_with_the_file_as_reason(people):
    report = import_workbook(
        content=org_file([["CEO", "总经理", "G", "", 1], ["MKT-01", "市场总监", "G-MKT", "CEO", 1]]),
        filename="组织.xlsx", user=people["hr"],
    )
    assert report.committed
    records = list(Position.history.all())
    assert len(records) == 2 and {r.history_type for r in records} == {"+"}
    assert all("组织.xlsx" in r.history_change_reason and r.history_user == people["hr"] for r in records)
    assert Position.history.model.objects.count() == 2
    report = import_workbook(
        content=org_file([["CEO", "总经理", "G", "", 1], ["MKT-01", "市场总监", "G-MKT", "CEO", 3]]), filename="第二次.xlsx"
    )
    assert report.committed
    changed = list(Position.history.filter(history_type="~"))
    assert [(r.code, r.headcount) for r in changed] == [("MKT-01", 3)]
    assert "第二次.xlsx" in changed[0].history_change_reason


def test_word_import_names_the_document_as_the_reason(small_org):
    assert import_files(files=[("销售员.docx", seed_layout_docx())]).committed
    position = Position.objects.get(title="销售员")
    assert "销售员.docx" in Position.history.filter(id=position.pk).latest().history_change_reason
    assert all("销售员.docx" in r.history_change_reason for r in Duty.history.filter(position_id=position.pk))


def test_admin_history_pages_and_publish_action(people, published, settings):
    from departments.models import Department

    settings.JD_REVIEW_REQUIRED = False  # HR's publish action as such (with review required: test_publication_paths)

    hr = logged_in(people["hr"])
    department = Department.objects.get(code="MKT")
    for url in (
        reverse("admin:jobs_position_history", args=[published.pk]),
        reverse("admin:departments_department_history", args=[department.pk]),
    ):
        assert hr.get(url, follow=True).status_code == 200  # the site's own history page
    Position.objects.filter(pk=published.pk).update(status=Position.Status.DRAFT)
    response = hr.post(
        reverse("admin:jobs_position_changelist"), {"action": "publish", "_selected_action": [published.pk]}
    )
    assert response.status_code == 302
    position = Position.objects.get(pk=published.pk)
    assert position.status == Position.Status.PUBLISHED and position.version == 2
    assert position.approved_by == people["hr"]


def test_editing_a_published_job_description_in_the_admin_makes_it_a_draft(people, published):
    hr, manager = logged_in(people["hr"]), logged_in(people["manager"])
    url = reverse("admin:jobs_position_change", args=[published.pk])
    response = submit_admin_form(hr, url, {"summary": "新的职责概要"})
    assert response.status_code == 302
    position = Position.objects.get(pk=published.pk)
    assert position.status == Position.Status.DRAFT
    page = manager.get(position.get_absolute_url()).content.decode()
    assert "旧的职责概要" in page and "新的职责概要" not in page
    publish_position(position=position, approver=people["hr"])
    page = manager.get(position.get_absolute_url()).content.decode()
    assert "新的职责概要" in page


def test_saving_a_published_position_unchanged_keeps_it_published(people, published):
    hr = logged_in(people["hr"])
    response = submit_admin_form(hr, reverse("admin:jobs_position_change", args=[published.pk]))
    assert response.status_code == 302
    assert Position.objects.get(pk=published.pk).status == Position.Status.PUBLISHED


def test_position_list_hides_never_published_positions_from_managers(people, published):
    draft = make_position(published.department, "新设岗位", code="MKT-NEW", status=Position.Status.DRAFT)
    listed = lambda user: [p.code for p in logged_in(user).get(reverse("jobs:position_list")).context["positions"]]  # noqa: E731
    assert draft.code not in listed(people["manager"]) and published.code in listed(people["manager"])
    assert draft.code in listed(people["hr"])


def test_never_published_positions_stay_out_of_managers_charts_and_department_pages(people, published):
    draft = make_position(published.department, "筹建中岗位", code="MKT-DRAFT", reports_to=published, status=Position.Status.DRAFT)
    manager, hr = logged_in(people["manager"]), logged_in(people["hr"])
    chart = lambda client: client.get(reverse("position_chart_json"), {"department": "MKT"}).content.decode()  # noqa: E731
    assert draft.title not in chart(manager) and published.title in chart(manager)
    assert draft.title in chart(hr)
    department_url = published.department.get_absolute_url()
    assert draft.title not in manager.get(department_url).content.decode()
    assert draft.title in hr.get(department_url).content.decode()
    assert draft.title not in manager.get(reverse("organisation_list")).content.decode()


def test_links_to_other_positions_are_versioned(people, published):
    """Promotion targets changed in the admin: one version, shown in the diff, the manager keeps
    the published links until HR publishes, and restoring brings the old links back."""
    target = make_position(published.department, "营销副总裁", code="MKT-VP")
    other = make_position(published.department, "品牌总监", code="MKT-BR")
    published.promotion_targets.set([target])
    published = publish_position(position=_republished(published), approver=people["hr"])
    before = len(position_versions(published))
    hr, manager = logged_in(people["hr"]), logged_in(people["manager"])

    response = submit_admin_form(
        hr, reverse("admin:jobs_position_change", args=[published.pk]),
        {"summary": "改过的概要", "promotion_targets": [str(other.pk)]},
    )
    assert response.status_code == 302
    versions = position_versions(published)
    # the field change, the links change and reopening as a draft are one version
    assert len(versions) == before + 1 and versions[before]["user"] == people["hr"]
    assert {type(r).__name__ for r in versions[before]["records"]} == {"HistoricalPosition"}
    assert list(Position.objects.get(pk=published.pk).promotion_targets.all()) == [other]

    page = manager.get(reverse("jobs:position_detail", args=[published.code])).content.decode()
    assert "营销副总裁" in page and "品牌总监" not in page
    history = hr.get(reverse("jobs:position_history", args=[published.code]), {"a": before, "b": before + 1})
    html = history.content.decode()
    assert "可直接升迁的职位" in html and "<del>营销副总裁</del>" in html and "<ins>品牌总监</ins>" in html

    restore_position_version(position=Position.objects.get(pk=published.pk), number=before, user=people["hr"])
    assert list(Position.objects.get(pk=published.pk).promotion_targets.all()) == [target]
    assert len(position_versions(published)) == before + 2  # the restore, links included, is one version


def test_workbook_import_records_the_links_it_writes(people):
    header = POSITION_HEADER + ["可晋升职位"]
    content = xlsx({
        "部门": [DEPARTMENT_HEADER, ["G", "集团", None]],
        "岗位": [header, ["CEO", "总经理", "G", "", 1, ""], ["VP", "副总经理", "G", "CEO", 1, "CEO"]],
    })
    report = import_workbook(content=content, filename="晋升.xlsx", user=people["hr"])
    assert report.committed, report.all_problems
    vp = Position.objects.get(code="VP")
    record = Position.history.filter(id=vp.pk).latest()
    assert record.history_change_reason and "晋升.xlsx" in record.history_change_reason
    assert [link.to_position_id for link in record.promotion_targets.all()] == [Position.objects.get(code="CEO").pk]


def test_saving_the_admin_form_unchanged_records_nothing_and_keeps_it_published(people, published):
    """Browsers send textarea line breaks as CRLF: an unchanged save must not look like an edit."""
    Duty.objects.filter(position=published, order=1).update(tasks="收集市场信息\n制定计划")
    before = Position.history.filter(id=published.pk).count() + Duty.history.filter(position_id=published.pk).count()
    hr = logged_in(people["hr"])
    url = reverse("admin:jobs_position_change", args=[published.pk])
    assert hr.post(url, as_browser_sends(admin_form_data(hr, url))).status_code == 302
    position = Position.objects.get(pk=published.pk)
    assert position.status == Position.Status.PUBLISHED
    assert Duty.objects.get(position=published, order=1).tasks == "收集市场信息\n制定计划"
    after = Position.history.filter(id=published.pk).count() + Duty.history.filter(position_id=published.pk).count()
    assert after == before


def test_the_admin_form_cannot_publish_or_set_the_version(people, published):
    hr = logged_in(people["hr"])
    url = reverse("admin:jobs_position_change", args=[published.pk])
    submit_admin_form(hr, url, {"title": "改名总监"})
    assert Position.objects.get(pk=published.pk).status == Position.Status.DRAFT
    response = submit_admin_form(hr, url, {"status": Position.Status.PUBLISHED, "version": "1"})
    assert response.status_code == 200 and "发布”按钮" in response.content.decode()
    position = Position.objects.get(pk=published.pk)
    assert position.status == Position.Status.DRAFT and position.version == published.version


def test_restoring_a_published_position_makes_it_a_draft_until_published(people, published):
    first = len(position_versions(published))
    Position.objects.filter(pk=published.pk).update(summary="第二版概要")
    publish_position(position=_republished(published), approver=people["hr"])
    restore_position_version(position=Position.objects.get(pk=published.pk), number=first, user=people["hr"])
    position = Position.objects.get(pk=published.pk)
    assert position.status == Position.Status.DRAFT and position.summary == "旧的职责概要"
    page = logged_in(people["manager"]).get(reverse("jobs:position_detail", args=[published.code])).content.decode()
    assert "第二版概要" in page and "旧的职责概要" not in page


def _republished(position):
    position = Position.objects.get(pk=position.pk)
    position.status = Position.Status.DRAFT
    position.save()
    return position


def test_publishing_an_unchanged_published_position_keeps_its_version(people, published):
    again = publish_position(position=published, approver=people["hr"])
    assert again.version == published.version and again.approved_at == published.approved_at


def test_managers_search_the_published_text_not_the_draft(people, published):
    hr, manager = logged_in(people["hr"]), logged_in(people["manager"])
    submit_admin_form(
        hr, reverse("admin:jobs_position_change", args=[published.pk]), {"title": "品牌总监"},
        inline_changes={"duties-0-statement": "制定品牌战略"},
    )
    found = lambda client, q: [p.code for p in client.get(reverse("jobs:position_list"), {"q": q}).context["positions"]]  # noqa: E731
    assert found(manager, "品牌") == [] and found(manager, "制定品牌") == []
    assert found(manager, "市场总监") == [published.code] and found(manager, "制定市场计划") == [published.code]
    assert found(hr, "品牌") == [published.code] and found(hr, "市场总监") == []


def test_migration_0006_gives_older_history_the_current_links(people, published):
    """History written before links were versioned (simulated by deleting its link rows) gets the
    current links, so a manager's published version and a restore keep them."""
    import importlib

    from django.apps import apps

    target = make_position(published.department, "营销副总裁", code="MKT-VP")
    published.promotion_targets.set([target])
    for name in ("dotted_supervisors", "promotion_targets", "lateral_moves"):
        getattr(Position.history.model, name).model.objects.all().delete()
    first = len(position_versions(published))
    importlib.import_module("jobs.migrations.0006_baseline_links_in_history").copy_current_links(apps, None)

    restore_position_version(position=Position.objects.get(pk=published.pk), number=1, user=people["hr"])
    assert list(Position.objects.get(pk=published.pk).promotion_targets.all()) == [target]
    page = logged_in(people["manager"]).get(reverse("jobs:position_detail", args=[published.code])).content.decode()
    assert "营销副总裁" in page and len(position_versions(published)) > first


def test_restoring_a_version_whose_job_level_was_deleted_keeps_the_current_level(people, published):
    from conftest import make_level

    old_level, new_level = make_level("旧级别", 50), make_level("新级别", 60)
    Position.objects.filter(pk=published.pk).update(job_level=old_level)
    position = Position.objects.get(pk=published.pk)
    position.save()  # a version with the old level
    number = len(position_versions(position))
    position.job_level = new_level
    position.save()
    old_level.delete()
    restore_position_version(position=Position.objects.get(pk=published.pk), number=number, user=people["hr"])
    assert Position.objects.get(pk=published.pk).job_level == new_level


def test_a_workbook_import_never_publishes_even_a_row_that_says_published(people, published):
    """Only 发布 and a reviewer's approval publish: a changed row saying 已发布 is written as a draft
    (the preview says so), managers keep the published version, the publication record stays."""
    header = POSITION_HEADER + ["状态"]
    department = [["MKT", "市场部", None]]

    def run(title, status, dry_run=False):
        return import_workbook(
            content=xlsx({"部门": [DEPARTMENT_HEADER, *department], "岗位": [header, ["MKT-01", title, "MKT", "", 1, status]]}),
            filename="岗位.xlsx", user=people["hr"], dry_run=dry_run,
        )

    preview = run("市场总监（新）", "已发布", dry_run=True)
    # one warning for the published position it changes (its 已发布 is what an export writes)
    assert (preview.reopened, preview.not_published) == (1, 0) and any("转为草稿" in w for w in preview.warnings), preview.warnings
    assert Position.objects.get(pk=published.pk).title == "市场总监"

    manager = logged_in(people["manager"])
    page = lambda: manager.get(reverse("jobs:position_detail", args=["MKT-01"])).content.decode()  # noqa: E731
    for status in ("草稿", "已发布"):
        report = run(f"市场总监（{status}）", status)
        assert report.committed
        assert report.not_published == (status == "已发布")  # a draft now: its row saying 已发布 is told it is not published
        position = Position.objects.get(pk=published.pk)
        assert (position.status, position.version, position.approved_by_id, position.approved_at) == (
            Position.Status.DRAFT, published.version, published.approved_by_id, published.approved_at,
        )
        assert f"市场总监（{status}）" not in page() and "市场总监" in page()
    assert run("市场总监（已发布）", "已发布").not_published == 0  # unchanged: nothing to say


# A position based on a standard position (基准岗位): what it showed, entry by entry.

@pytest.fixture
def based(people):
    """华东销售代表 with text of its own, then based on 销售代表 (XS-01, published as version 1,
    level 经理级) inheriting every section, and published."""
    from conftest import make_level
    from jobs.models import StandardDuty, StandardPosition
    from jobs.services import base_on_standard, publish_standard

    standard = StandardPosition.objects.create(code="XS-01", title="销售代表", summary="开拓并维护客户。", job_level=make_level())
    StandardDuty.objects.create(standard_position=standard, order=0, statement="完成销售指标")
    publish_standard(standard=standard, approver=people["hr"])
    department = make_department("华东分公司", code="HD")
    position = make_position(department, "华东销售代表", code="HD-01", status=Position.Status.DRAFT, summary="自己写的概述")
    Duty.objects.create(position=position, statement="自己写的职责", order=0)
    base_on_standard(positions=[position], standard=standard, user=people["hr"])
    position = publish_position(position=Position.objects.get(pk=position.pk), approver=people["hr"])
    return {"standard": standard, "position": position}


def publish_a_new_duty(standard, user, statement="完成季度销售指标并回款"):
    from jobs.models import StandardPosition
    from jobs.services import publish_standard

    standard = StandardPosition.objects.get(pk=standard.pk)
    standard.duties.update(statement=statement)
    return publish_standard(standard=standard, approver=user)


def number_of(position, reason_starts):
    return next(v["number"] for v in position_versions(position) if v["reason"].startswith(reason_starts))


def test_a_snapshot_shows_the_standard_version_in_force_then_and_own_only_the_positions_own_text(people, based, exact_queries):
    from django.utils import timezone

    from jobs.history import position_as_of

    between = timezone.now()
    for _number in range(3):  # as many versions as you like: one query for them
        publish_a_new_duty(based["standard"], people["hr"])
    current = Position.objects.with_job_description().get(pk=based["position"].pk)
    with exact_queries(11):  # a query per historical table, and the standard's versions
        before = position_as_of(current, between)
    after = position_as_of(current, timezone.now())
    assert (before.summary, [d.statement for d in before.duties.all()]) == ("开拓并维护客户。", ["完成销售指标"])
    assert [d.statement for d in after.duties.all()] == ["完成季度销售指标并回款"]
    assert (before.shown_standard.version, after.shown_standard.version) == (1, 4)
    assert before.job_level.name == "经理级"
    with exact_queries(10):  # its own rows only: the standard is not read
        own = position_as_of(current, timezone.now(), own_only=True)
    assert (own.summary, [d.statement for d in own.duties.all()]) == ("自己写的概述", ["自己写的职责"])


def test_a_standard_publication_is_an_entry_of_the_history_with_the_inherited_text_changing(people, based):
    from jobs.history import history_entries

    position = based["position"]
    numbers = [v["number"] for v in position_versions(position)]
    publish_a_new_duty(based["standard"], people["hr"])
    entries = history_entries(position)
    assert [e["number"] for e in entries if e["number"] is not None] == numbers  # its own versions keep their numbers
    event = entries[-1]
    assert event["number"] is None and event["user"] == people["hr"]
    assert event["reason_shown"] == "基准岗位 销售代表（XS-01）第 2 版发布"
    assert (entries[-2]["shown_version"], event["shown_version"]) == ("销售代表（XS-01）第 1 版", "销售代表（XS-01）第 2 版")

    hr = logged_in(people["hr"])
    url = reverse("jobs:position_history", args=[position.code])
    page = hr.get(url).content.decode()  # the last two entries: the publication against the version before it
    assert "基准岗位 销售代表（XS-01）第 2 版发布" in page and "基准岗位版本" in page
    assert "<del>完成销售指标</del>" in page and "<ins>完成季度销售指标并回款</ins>" in page
    assert page.count('name="version"') == len(numbers) - 1  # the publication is compared, not restored
    chosen = hr.get(url, {"a": numbers[0], "b": event["key"]})
    assert (chosen.context["a_key"], chosen.context["b_key"]) == (str(numbers[0]), event["key"])
    assert "<del>自己写的职责</del>" in chosen.content.decode()


def test_a_publication_changing_only_what_the_position_writes_itself_is_no_entry(people, based):
    from jobs.history import history_entries
    from jobs.services import set_own_section

    set_own_section(position=Position.objects.get(pk=based["position"].pk), key="duties", own=True, user=people["hr"])
    before = len(history_entries(based["position"]))
    publish_a_new_duty(based["standard"], people["hr"])
    assert len(history_entries(based["position"])) == before


def test_a_version_saved_while_inheriting_shows_the_inherited_text_in_the_diff(people, based):
    position = based["position"]
    basing = number_of(position, "关联基准岗位")
    page = logged_in(people["hr"]).get(
        reverse("jobs:position_history", args=[position.code]), {"a": basing - 1, "b": basing}
    ).content.decode()
    assert "<del>自己写的概述</del>" in page and "<ins>开拓并维护客户。</ins>" in page
    assert "<del>自己写的职责</del>" in page and "完成销售指标" in page


def test_restoring_brings_back_the_positions_own_rows_never_the_standards_text(people, based):
    position = based["position"]
    basing = number_of(position, "关联基准岗位")
    publish_a_new_duty(based["standard"], people["hr"])
    restore_position_version(position=Position.objects.get(pk=position.pk), number=basing, user=people["hr"])
    restored = Position.objects.get(pk=position.pk)
    assert (restored.summary, [d.statement for d in restored.duties.all()]) == ("自己写的概述", ["自己写的职责"])
    assert restored.standard_id == based["standard"].pk and restored.own_sections == []
    assert not Duty.objects.filter(statement__startswith="完成").exists()
    hr = logged_in(people["hr"])
    page = hr.get(reverse("jobs:position_detail", args=[position.code])).content.decode()
    assert "完成季度销售指标并回款" in page and "自己写的职责" not in page  # it shows the standard's current text

    restore_position_version(position=Position.objects.get(pk=position.pk), number=basing - 1, user=people["hr"])
    restored = Position.objects.get(pk=position.pk)
    assert restored.standard_id is None and restored.summary == "自己写的概述"
    assert "自己写的职责" in hr.get(reverse("jobs:position_detail", args=[position.code])).content.decode()


def test_the_document_names_the_standard_version_it_shows(people, based, django_capture_on_commit_callbacks):
    manager = logged_in(people["manager"])
    for text in manager_sees(manager, "HD-01"):
        if text is not None:
            assert "销售代表（XS-01）第 1 版" in text.replace("\n", "")
    with django_capture_on_commit_callbacks(execute=True):  # the kept page and files are made again
        publish_a_new_duty(based["standard"], people["hr"])
    Position.objects.filter(pk=based["position"].pk).update(summary="草稿中改过", status=Position.Status.DRAFT)
    for text in manager_sees(manager, "HD-01"):  # the published version, with the standard's text published now
        if text is not None:
            assert "销售代表（XS-01）第 2 版" in text.replace("\n", "") and "完成季度销售指标并回款" in text


def test_the_review_shows_the_drafts_changes_not_a_standard_published_meanwhile(people, based):
    from jobs.review_views import review_diff

    publish_a_new_duty(based["standard"], people["hr"])
    Position.objects.filter(pk=based["position"].pk).update(title="华东区域销售代表", status=Position.Status.DRAFT)
    Position.objects.get(pk=based["position"].pk).save()  # a historical record of the draft
    text = str(review_diff(Position.objects.with_job_description().get(pk=based["position"].pk), people["hr"]))
    assert "华东区域销售代表" in text and "完成销售指标" not in text and "回款" not in text


@pytest.mark.parametrize("publications", [1, 6])
def test_the_history_page_of_a_position_based_on_a_standard_takes_a_fixed_number_of_queries(people, based, exact_queries, publications):
    from jobs.models import StandardDuty

    hr = logged_in(people["hr"])
    for number in range(publications):
        StandardDuty.objects.create(standard_position=based["standard"], order=number + 1, statement=f"职责{number}")
        publish_a_new_duty(based["standard"], people["hr"], statement=f"完成销售指标{number}")
        Duty.objects.create(position=based["position"], statement=f"自己的职责{number}", order=number + 1)
    url = reverse("jobs:position_history", args=["HD-01"])
    hr.get(url)
    with exact_queries(49):  # those of any position's history page, and the standard's versions read three times:
        page = hr.get(url).content.decode()  # for the entries and for each of the two versions compared
    assert f"第 {publications + 1} 版发布" in page
