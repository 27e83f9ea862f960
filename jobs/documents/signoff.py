"""编制 / 审核 / 批准: who prepared, reviewed and approved the version a job description shows.

- 编制 (prepared): for a version approved in review (``jobs.models.PositionReview``), who
  submitted it; otherwise whoever saved the shown text last — the user of the last history record
  before the publication for a published version, of the newest record for a draft;
- 审核 (reviewed): the reviewer who approved the shown version and when; blank for a draft and for
  a version published without review (an import, ``load_demo``, a reviewer publishing directly);
- 批准 (approved): ``approved_by`` and ``approved_at`` of a published version; blank on a draft.

The same names as ``jobs.reviews.sign_off`` gives for one position; :func:`sign_off_table` finds
them for many positions in two queries (handbooks), :func:`sign_off_rows` for one.
"""
from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jobs.models import Position, PositionReview

DRAFT_STATUSES = (Position.Status.DRAFT, Position.Status.REVIEW)


def _in_site_language(make_text):
    with translation.override(settings.LANGUAGE_CODE):
        return str(make_text())


def submitted_reason():
    """The 原因 of the history record of 提交审核."""
    return _in_site_language(lambda: _("submitted for review"))


def returned_reason(comment):
    """The 原因 of the history record of a return (a status change only, not a text written)."""
    return _in_site_language(lambda: _("returned: %(comment)s") % {"comment": comment})[:100]


def person(user):
    """A user as documents name people: 姓名 (last name then first name) or the user name."""
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def _day(moment):
    return date_format(timezone.localdate(moment)) if moment else ""


def _shows_draft(position):
    return position.status in DRAFT_STATUSES or position.approved_at is None


def sign_off_table(positions):
    """{pk: [(label, name, date), …]} — 编制, 审核, 批准 — for ``positions`` (the versions shown:
    current rows or published snapshots, with ``approved_by`` selected or not). One query, and one
    more for the review rounds when a published version is among them."""
    positions = list(positions)
    # A draft's 编制 is who last wrote or submitted its text: a reviewer's return is not writing.
    newest = (
        Position.history.filter(id=OuterRef("pk"))
        .exclude(history_change_reason__startswith=returned_reason(""))
        .order_by("-history_date", "-history_id").values("history_id")[:1]
    )
    before = (
        Position.history.filter(id=OuterRef("pk"), history_date__lt=OuterRef("approved_at"))
        .order_by("-history_date", "-history_id").values("history_id")[:1]
    )
    drafts = [p.pk for p in positions if _shows_draft(p)]
    published = [p.pk for p in positions if not _shows_draft(p)]
    records = {}
    if positions:
        chosen = Q(pk__in=[])
        if drafts:
            chosen |= Q(history_id__in=Position.objects.filter(pk__in=drafts).annotate(r=Subquery(newest)).values("r"))
        if published:
            chosen |= Q(history_id__in=Position.objects.filter(pk__in=published).annotate(r=Subquery(before)).values("r"))
        records = {
            record.id: record
            for record in Position.history.filter(chosen).select_related("history_user")
            .only("id", "history_date", "history_user__username", "history_user__first_name", "history_user__last_name")
        }
    rounds = {}
    if published:
        versions = {p.pk: p.version for p in positions if not _shows_draft(p)}
        for review in (
            PositionReview.objects.filter(position_id__in=published, decision=PositionReview.Decision.APPROVED)
            .select_related("submitted_by", "decided_by").order_by("decided_at")
        ):
            if versions.get(review.position_id) == review.version:
                rounds[review.position_id] = review  # the last approved round of the shown version
    return {position.pk: _rows(position, records.get(position.pk), rounds.get(position.pk)) for position in positions}


def _rows(position, record, review):
    if review is not None:
        prepared = (person(review.submitted_by), _day(review.submitted_at))
        reviewed = (person(review.decided_by), _day(review.decided_at))
    else:
        prepared = (person(record.history_user), _day(record.history_date)) if record is not None else ("", "")
        reviewed = ("", "")
    if _shows_draft(position):
        approved = ("", "")
    else:
        approved = (person(position.approved_by) if position.approved_by_id else "", _day(position.approved_at))
    return [
        (pgettext("sign-off", "Prepared by"), *prepared),
        (pgettext("sign-off", "Reviewed by"), *reviewed),
        (pgettext("sign-off", "Approved by"), *approved),
    ]


def sign_off_rows(position):
    """[(label, name, date)] for 编制, 审核 and 批准 of the version ``position`` shows. One query for
    a draft, two for a published version (three when ``approved_by`` is not selected)."""
    return sign_off_table([position])[position.pk]
