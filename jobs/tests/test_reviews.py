"""The review of job descriptions: HR submits a draft (编制), a reviewer approves it — published by
publish_position, reviewer recorded as 审核 and 批准 — or returns it with a comment; notifications."""
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from conftest import logged_in, make_department, make_position, make_user
from jobs.models import Position, PositionReview
from jobs.reviews import review_queue, reviewers_of, sign_off
from jobs.roles import REVIEWER_GROUP
from jobs.services import ReviewError, decide_review, publish_position, submit_for_review
from kernel.models import Notification


@pytest.fixture
def org(db):
    """市场部 headed by 市场总监 (published), 市场专员 published once and now a draft with a new summary."""
    hr = make_user("hr", group="HR", is_staff=True)
    reviewer = make_user("reviewer", group=REVIEWER_GROUP, email="reviewer@example.com")
    manager = make_user("manager", group="Manager")
    group = make_department("集团", code="G")
    market = make_department("市场部", parent=group, code="MKT")
    director = make_position(market, "市场总监", code="MKT-01", summary="领导市场部")
    market.head_position = director
    market.save()
    specialist = make_position(market, "市场专员", code="MKT-02", reports_to=director, status=Position.Status.DRAFT, summary="旧的概要")
    publish_position(position=specialist, approver=hr)
    specialist = Position.objects.get(pk=specialist.pk)
    specialist.summary, specialist.status = "新的概要：负责渠道拓展", Position.Status.DRAFT
    specialist.save()
    return {
        "hr": hr, "reviewer": reviewer, "manager": manager, "market": market, "director": director,
        "specialist": Position.objects.get(pk=specialist.pk),
    }


def submit(org, position=None):
    client = logged_in(org["hr"])
    position = position or org["specialist"]
    response = client.post(reverse("jobs:position_submit", args=[position.code]))
    assert response.status_code == 302
    return Position.objects.get(pk=position.pk)


def test_hr_submits_a_draft_for_review_and_the_round_records_who_and_when(org):
    position = submit(org)
    assert position.status == Position.Status.REVIEW
    review = PositionReview.objects.get(position=position)
    assert (review.submitted_by, review.decided_at, review.version) == (org["hr"], None, 2)
    assert sign_off(position)["prepared"][0] == "hr"
    assert sign_off(position)["reviewed"] is None


def test_hr_sees_submit_instead_of_publish_and_cannot_publish_alone(org):
    client = logged_in(org["hr"])
    page = client.get(reverse("jobs:position_detail", args=["MKT-02"])).content.decode()
    assert "提交审核" in page and ">发布<" not in page
    response = client.post(reverse("jobs:position_publish", args=["MKT-02"]))
    assert response.status_code == 403
    assert Position.objects.get(code="MKT-02").status == Position.Status.DRAFT


def test_without_required_review_hr_publishes_alone(org, settings):
    settings.JD_REVIEW_REQUIRED = False
    client = logged_in(org["hr"])
    assert ">发布<" in client.get(reverse("jobs:position_detail", args=["MKT-02"])).content.decode()
    client.post(reverse("jobs:position_publish", args=["MKT-02"]))
    assert Position.objects.get(code="MKT-02").status == Position.Status.PUBLISHED


def test_a_reviewer_may_still_publish_directly(org):
    client = logged_in(org["reviewer"])
    client.post(reverse("jobs:position_publish", args=["MKT-02"]))
    position = Position.objects.get(code="MKT-02")
    assert (position.status, position.approved_by) == (Position.Status.PUBLISHED, org["reviewer"])


def test_the_group_reviews_in_group_mode(org):
    submit(org)
    assert [p.code for p in review_queue(org["reviewer"])] == ["MKT-02"]
    assert review_queue(org["hr"]) == [] and review_queue(org["manager"]) == []
    superuser = make_user("root", is_superuser=True, is_staff=True)
    assert [p.code for p in review_queue(superuser)] == ["MKT-02"]
    page = logged_in(org["reviewer"]).get(reverse("jobs:review_queue")).content.decode()
    assert "市场专员" in page and "hr" in page


def test_the_department_head_reviews_in_department_head_mode_and_the_group_without_holder(org, settings):
    settings.JD_REVIEWERS = "department_head"
    head = make_user("boss", group="Manager")
    submit(org)
    assert [p.code for p in review_queue(org["reviewer"])] == ["MKT-02"]  # the head position has no holder: the group
    org["director"].holder = head
    org["director"].save()
    assert [p.code for p in review_queue(head)] == ["MKT-02"]
    assert review_queue(org["reviewer"]) == []
    assert reviewers_of(org["specialist"]) == [head]
    assert logged_in(org["reviewer"]).get(reverse("jobs:review_detail", args=["MKT-02"])).status_code == 403


def test_the_head_does_not_review_his_own_position(org, settings):
    settings.JD_REVIEWERS = "department_head"
    org["director"].holder = make_user("boss", group="Manager")
    org["director"].save()
    director = Position.objects.get(code="MKT-01")
    director.summary, director.status = "改过", Position.Status.DRAFT
    director.save()
    submit(org, director)
    assert review_queue(org["director"].holder) == []  # 集团 has no head: the group reviews it
    assert [p.code for p in review_queue(org["reviewer"])] == ["MKT-01"]


def test_the_review_page_shows_the_draft_against_the_published_version(org):
    submit(org)
    page = logged_in(org["reviewer"]).get(reverse("jobs:review_detail", args=["MKT-02"])).content.decode()
    assert "旧的概要" in page and "新的概要：负责渠道拓展" in page
    assert "批准并发布" in page and "退回" in page


def test_approve_publishes_and_records_the_reviewer(org):
    submit(org)
    response = logged_in(org["reviewer"]).post(reverse("jobs:review_detail", args=["MKT-02"]), {"decision": "approve"})
    assert response.status_code == 302
    position = Position.objects.get(code="MKT-02")
    assert (position.status, position.version, position.approved_by) == (Position.Status.PUBLISHED, 2, org["reviewer"])
    review = PositionReview.objects.get(position=position)
    assert (review.decision, review.decided_by, review.version) == ("approved", org["reviewer"], 2)
    signed = sign_off(position)
    assert [signed[key][0] for key in ("prepared", "reviewed", "approved")] == ["hr", "reviewer", "reviewer"]
    manager_page = logged_in(org["manager"]).get(position.get_absolute_url()).content.decode()
    assert "新的概要：负责渠道拓展" in manager_page


def test_managers_see_the_published_version_while_a_draft_is_in_review(org):
    submit(org)
    page = logged_in(org["manager"]).get(reverse("jobs:position_detail", args=["MKT-02"])).content.decode()
    assert "旧的概要" in page and "新的概要" not in page


def test_return_needs_a_comment_and_shows_it_to_hr(org):
    submit(org)
    client = logged_in(org["reviewer"])
    client.post(reverse("jobs:review_detail", args=["MKT-02"]), {"decision": "return", "comment": "  "})
    assert Position.objects.get(code="MKT-02").status == Position.Status.REVIEW
    client.post(reverse("jobs:review_detail", args=["MKT-02"]), {"decision": "return", "comment": "请补充考核指标"})
    position = Position.objects.get(code="MKT-02")
    assert (position.status, position.version) == (Position.Status.DRAFT, 1)
    review = PositionReview.objects.get(position=position)
    assert (review.decision, review.comment, review.decided_by) == ("returned", "请补充考核指标", org["reviewer"])
    hr_page = logged_in(org["hr"]).get(position.get_absolute_url()).content.decode()
    assert "请补充考核指标" in hr_page and "提交审核" in hr_page
    admin_page = logged_in(org["hr"]).get(reverse("admin:jobs_position_change", args=[position.pk])).content.decode()
    assert "请补充考核指标" in admin_page
    assert "请补充考核指标" in logged_in(org["hr"]).get(reverse("jobs:position_history", args=["MKT-02"])).content.decode()


def test_a_manager_posting_approve_gets_403(org):
    submit(org)
    client = logged_in(org["manager"])
    assert client.post(reverse("jobs:review_detail", args=["MKT-02"]), {"decision": "approve"}).status_code == 403
    assert client.get(reverse("jobs:review_detail", args=["MKT-02"])).status_code == 403
    assert client.get(reverse("jobs:review_queue")).status_code == 403  # reviews nothing: no queue
    assert logged_in(org["hr"]).post(reverse("jobs:review_detail", args=["MKT-02"]), {"decision": "approve"}).status_code == 403
    assert Position.objects.get(code="MKT-02").status == Position.Status.REVIEW


def test_a_second_decision_is_refused_with_a_message(org):
    submit(org)
    other = make_user("reviewer2", group=REVIEWER_GROUP)
    logged_in(org["reviewer"]).post(reverse("jobs:review_detail", args=["MKT-02"]), {"decision": "approve"})
    response = logged_in(other).post(reverse("jobs:review_detail", args=["MKT-02"]), {"decision": "return", "comment": "不行"}, follow=True)
    assert response.status_code == 200
    assert "不再等待审核" in response.content.decode()
    assert Position.objects.get(code="MKT-02").status == Position.Status.PUBLISHED
    assert PositionReview.objects.get().decision == "approved"


@pytest.mark.concurrency
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time: nothing to race")
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_deciding_at_once_one_wins_the_other_is_told(transactional_db):
    """On PostgreSQL the second waits for the first's row lock, then finds the round decided."""
    from django.apps import apps as django_apps

    from jobs.roles import create_roles

    create_roles(django_apps)
    hr = make_user("hr", group="HR", is_staff=True)
    reviewers = [make_user(f"r{n}", group=REVIEWER_GROUP) for n in range(2)]
    position = make_position(make_department("市场部", code="MKT"), "市场专员", code="MKT-02", status=Position.Status.DRAFT)
    submit_for_review(position=position, user=hr)
    outcomes, barrier = [], threading.Barrier(2)

    def decide(user, approve):
        try:
            barrier.wait()
            decide_review(position=position, user=user, approve=approve, comment="" if approve else "退回")
            outcomes.append("decided")
        except ReviewError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - the test reports anything else
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(user, n == 0)) for n, user in enumerate(reviewers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["decided", "refused"], outcomes
    assert PositionReview.objects.filter(decided_at__isnull=False).count() == 1
    assert connection.vendor in ("postgresql", "sqlite")


def test_notifications_are_created_and_shown_with_a_count(org):
    submit(org)
    note = Notification.objects.get(recipient=org["reviewer"])
    assert "市场专员" in note.text and note.link == reverse("jobs:review_detail", args=["MKT-02"])
    client = logged_in(org["reviewer"])
    home = client.get(reverse("jobs:position_list")).content.decode()
    assert 'class="badge" title="未读通知">1<' in home
    page = client.get(reverse("my_notifications")).content.decode()
    assert "市场专员" in page
    assert Notification.objects.get(pk=note.pk).read_at is not None
    assert 'title="未读通知"' not in client.get(reverse("jobs:position_list")).content.decode()
    client.post(reverse("jobs:review_detail", args=["MKT-02"]), {"decision": "approve"})
    told = Notification.objects.get(recipient=org["hr"])
    assert "已发布" in told.text or "批准" in told.text


def test_a_notification_reads_in_the_readers_language(org, settings):
    submit(org)
    note = Notification.objects.get(recipient=org["reviewer"])
    assert "提交" in note.text  # as mailed: the site's language
    client = logged_in(org["reviewer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("my_notifications")).content.decode()
    assert "submitted “市场专员 (MKT-02)” for review." in page and "提交审核" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert note.text in client.get(reverse("my_notifications")).content.decode()


def test_returned_notification_carries_the_comment(org):
    submit(org)
    logged_in(org["reviewer"]).post(reverse("jobs:review_detail", args=["MKT-02"]), {"decision": "return", "comment": "请修改"})
    assert "请修改" in Notification.objects.get(recipient=org["hr"]).text


def test_email_is_sent_on_commit_when_email_host_is_set(org, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "smtp.example.com"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        submit(org)
    assert [message.to for message in mail.outbox] == [["reviewer@example.com"]]
    assert "市场专员" in mail.outbox[0].subject


def test_no_email_without_email_host(org, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = ""
    with django_capture_on_commit_callbacks(execute=True):
        submit(org)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=org["reviewer"]).exists()


def test_sign_off_of_a_version_published_without_review_has_only_the_approver(org):
    signed = sign_off(org["director"])
    assert signed["prepared"] is None and signed["reviewed"] is None


def test_an_admin_status_change_out_of_review_withdraws_the_round(org):
    position = submit(org)
    position.status = Position.Status.DRAFT
    position.save()
    assert PositionReview.objects.get().decision == "withdrawn"
    submit(org)
    assert PositionReview.objects.filter(decided_at__isnull=True).count() == 1


def test_load_organisation_submits_positions_in_review(db):
    from jobs.services import load_organisation

    data = {
        "departments": [{"code": "G", "name": "集团", "kind": "group"}],
        "positions": [{"code": "A", "title": "甲", "department": "G", "status": "review"}],
    }
    load_organisation(data=data)
    load_organisation(data=data)  # twice changes nothing
    assert Position.objects.get(code="A").status == Position.Status.REVIEW
    assert PositionReview.objects.filter(position__code="A").count() == 1


def test_the_demo_has_a_reviewer_and_two_job_descriptions_waiting(db, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    monkeypatch.setenv("DEMO_REVIEWER_PASSWORD", "reviewer-pw")
    call_command("create_demo_users", stdout=open("/dev/null", "w"))
    call_command("create_demo_users", stdout=open("/dev/null", "w"))  # twice changes nothing
    reviewer = get_user_model().objects.get(username="reviewer")
    assert reviewer.check_password("reviewer-pw")
    assert [p.code for p in review_queue(reviewer)] == ["GCD-06", "MEX-05"] or {p.code for p in review_queue(reviewer)} == {"GCD-06", "MEX-05"}
    assert PositionReview.objects.count() == 2


REVIEW_PAGES = {  # page: (url, exact queries, text it shows)
    "review queue": (lambda org: reverse("jobs:review_queue"), 7, "副总经理"),  # + the standard positions in review
    "review page": (lambda org: reverse("jobs:review_detail", args=["VP"]), 41, "次修改）"),
    "notifications": (lambda org: reverse("my_notifications"), 6, "副总经理"),
}


class TestQueryCounts:
    """The reviewer's pages take the same exact number of queries for the small and the large
    organisation, with every draft of it (two per unit, and the VP's) waiting for review."""

    @pytest.mark.parametrize("name", REVIEW_PAGES)
    def test_page_takes_a_fixed_number_of_queries(self, sized_org, db, exact_queries, name):
        builder = get_user_model().objects.get(username="org-builder")
        reviewer = make_user("reviewer", group=REVIEWER_GROUP)
        for position in Position.objects.filter(status=Position.Status.DRAFT):
            submit_for_review(position=position, user=builder)
        client = logged_in(reviewer)
        url, queries, text = REVIEW_PAGES[name]
        with exact_queries(queries, info=name):
            response = client.get(url(sized_org))
        assert response.status_code == 200
        assert text in response.content.decode()


def test_choosing_in_review_in_the_admin_form_submits_it(org):
    from conftest import submit_admin_form

    url = reverse("admin:jobs_position_change", args=[org["specialist"].pk])
    response = submit_admin_form(logged_in(org["hr"]), url, {"status": "review"})
    assert response.status_code == 302
    review = PositionReview.objects.get(position=org["specialist"])
    assert (review.submitted_by, Position.objects.get(code="MKT-02").status) == (org["hr"], Position.Status.REVIEW)
    assert Notification.objects.filter(recipient=org["reviewer"]).exists()


def test_sign_off_of_the_published_version_a_manager_sees_while_a_new_draft_waits(org):
    from jobs.publication import last_published

    submit(org)
    logged_in(org["reviewer"]).post(reverse("jobs:review_detail", args=["MKT-02"]), {"decision": "approve"})
    position = Position.objects.get(code="MKT-02")
    position.summary, position.status = "第三版草稿", Position.Status.DRAFT
    position.save()
    submit(org)
    shown = last_published(Position.objects.with_job_description().get(pk=position.pk))
    signed = sign_off(shown)
    assert shown.version == 2
    assert [signed[key][0] for key in ("prepared", "reviewed", "approved")] == ["hr", "reviewer", "reviewer"]
    in_review = sign_off(Position.objects.get(pk=position.pk))  # the version in review: 编制 only
    assert (in_review["prepared"][0], in_review["reviewed"], in_review["approved"]) == ("hr", None, None)


def test_a_decision_on_a_draft_changed_since_the_reviewer_opened_it_is_refused(org):
    import re

    submit(org)
    client = logged_in(org["reviewer"])
    url = reverse("jobs:review_detail", args=["MKT-02"])
    seen = re.search(r'name="seen" value="(\w+)"', client.get(url).content.decode()).group(1)
    position = Position.objects.get(code="MKT-02")
    position.summary = "审核期间又改过的概要"
    position.save()
    response = client.post(url, {"decision": "approve", "seen": seen}, follow=True)
    assert "打开之后被修改" in response.content.decode()
    assert Position.objects.get(code="MKT-02").status == Position.Status.REVIEW
    seen = re.search(r'name="seen" value="(\w+)"', client.get(url).content.decode()).group(1)
    client.post(url, {"decision": "approve", "seen": seen})
    assert Position.objects.get(code="MKT-02").summary == "审核期间又改过的概要"
    assert Position.objects.get(code="MKT-02").status == Position.Status.PUBLISHED


def test_a_returned_draft_names_its_writer_as_prepared_and_the_history_gives_reasons(org):
    """The return is the reviewer's status change, not writing: 编制 stays with HR; 变更历史 says
    提交审核 and 退回：<comment> as 原因."""
    position = submit(org)
    logged_in(org["reviewer"]).post(reverse("jobs:review_detail", args=[position.code]),
                                    {"decision": "return", "comment": "请补充考核指标"})
    position = Position.objects.get(pk=position.pk)
    assert position.status == Position.Status.DRAFT
    assert sign_off(position)["prepared"][0] == "hr"
    reasons = list(Position.history.filter(id=position.pk).order_by("-history_date").values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["退回：请补充考核指标", "提交审核"]
