"""编制 / 审核 / 批准: who prepared, reviewed and approved the version a job description shows.

Until the review workflow exists (``jobs.reviews.sign_off``, issue 14), the rows come from what
is recorded today:

- 编制 (prepared): whoever saved the shown text last — the user of the last history record before
  the publication for a published version, of the newest record for a draft;
- 审核 (reviewed): not recorded yet, so left blank for a hand signature;
- 批准 (approved): ``approved_by`` and ``approved_at`` of a published version; blank on a draft.

:func:`sign_off_rows` is the one function to switch to ``jobs.reviews.sign_off`` later;
:func:`sign_off_table` does the same for many positions in one query (handbooks).
"""
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobs.models import Position

DRAFT_STATUSES = (Position.Status.DRAFT, Position.Status.REVIEW)


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
    current rows or published snapshots, with ``approved_by`` selected or not). One query."""
    positions = list(positions)
    newest = Position.history.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id").values("history_id")[:1]
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
    return {position.pk: _rows(position, records.get(position.pk)) for position in positions}


def _rows(position, record):
    prepared = (person(record.history_user), _day(record.history_date)) if record is not None else ("", "")
    if _shows_draft(position):
        approved = ("", "")
    else:
        approved = (person(position.approved_by) if position.approved_by_id else "", _day(position.approved_at))
    return [
        (_("Prepared by"), *prepared),
        (_("Reviewed by"), "", ""),
        (_("Approved by"), *approved),
    ]


def sign_off_rows(position):
    """[(label, name, date)] for 编制, 审核 and 批准 of the version ``position`` shows. One query
    (two when ``approved_by`` is not selected)."""
    return sign_off_table([position])[position.pk]
