"""Who reviews a job description, what waits for whom, and the sign-off of a published version.

The workflow (``jobs.services``: ``submit_for_review``, ``decide_review``): HR submits a draft
(编制); a reviewer approves it — ``publish_position`` publishes it, the reviewer recorded as 审核 and
批准 — or returns it to HR as a draft with a comment. Each round is a ``PositionReview``.

Who reviews (``JD_REVIEWERS``): ``"group"``, anyone with ``jobs.review_position`` (the group
审核人); ``"department_head"``, the account holding the head position of the position's department
— of the nearest department above it when the position is itself that head — and the group when
that head position has no holder or there is none. Superusers always may. While
``JD_REVIEW_REQUIRED`` is on only reviewers publish; HR submits.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Prefetch, Q
from django.utils import timezone

from departments.models import Department
from jobs.documents.signoff import sign_off_rows
from jobs.models import Position, PositionReview, StandardPosition
from jobs.roles import REVIEW_CODENAME, REVIEW_PERMISSION


def review_by_heads():
    return settings.JD_REVIEWERS == "department_head"


def department_heads():
    """{department id: (parent id, head position id, holder's user id)} of every department: one query."""
    return {
        pk: (parent, head, holder)
        for pk, parent, head, holder in Department.objects.values_list(
            "pk", "parent_id", "head_position_id", "head_position__holder_id"
        )
    }


def responsible_holder(position, heads=None):
    """The user id of the head who reviews ``position`` in ``department_head`` mode, or None when
    the group reviews it (no head above it, or a head position without a holder)."""
    heads = department_heads() if heads is None else heads
    department = position.department_id
    seen = set()
    while department is not None and department not in seen:
        seen.add(department)
        parent, head, holder = heads.get(department, (None, None, None))
        if head is not None and head != position.pk:
            return holder
        department = parent
    return None


def may_review(user, position, heads=None):
    """Whether ``user`` may approve or return ``position``."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if review_by_heads():
        holder = responsible_holder(position, heads)
        if holder is not None:
            return holder == user.pk
    return user.has_perm(REVIEW_PERMISSION)


def may_publish(user, position):
    """Whether ``user`` may publish ``position`` at once (发布) instead of submitting it (提交审核)."""
    return not settings.JD_REVIEW_REQUIRED or may_review(user, position)


def reviewers_of(position):
    """The accounts told that ``position`` waits for them: its department head's holder, or the
    members of the group (users with the review permission); superusers when there are none."""
    if review_by_heads():
        holder = responsible_holder(position)
        if holder is not None:
            return list(get_user_model().objects.filter(pk=holder, is_active=True))
    return group_reviewers()


def group_reviewers():
    """The members of the group 审核人 (users with the review permission); superusers when there are none."""
    User = get_user_model()
    granted = Permission.objects.filter(codename=REVIEW_CODENAME, content_type__app_label="jobs")
    users = list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=granted) | Q(user_permissions__in=granted))
        .distinct()
    )
    return users or list(User.objects.filter(is_active=True, is_superuser=True))


# A standard position (基准岗位) belongs to no department and changes positions in many: the group
# reviews it (users with the review permission, and superusers), whatever ``JD_REVIEWERS`` says.

def may_review_standards(user):
    """Whether ``user`` may approve or return a standard position."""
    return user.is_authenticated and user.is_active and (user.is_superuser or user.has_perm(REVIEW_PERMISSION))


def may_publish_standard(user):
    """Whether ``user`` may publish a standard position at once instead of submitting it."""
    return not settings.JD_REVIEW_REQUIRED or may_review_standards(user)


def standards_in_review(user):
    """The standard positions waiting for review, oldest submission first, if ``user`` reviews them."""
    if not may_review_standards(user):
        return []
    return list(
        StandardPosition.objects.filter(status=StandardPosition.Status.REVIEW)
        .select_related("submitted_by").order_by("submitted_at", "code")
    )


def open_round(position):
    """The round of ``position`` waiting for a decision, or None."""
    return PositionReview.objects.filter(position=position, decided_at__isnull=True).select_related("submitted_by").first()


def review_queue(user):
    """The positions in review that ``user`` may review, oldest submission first, each with
    ``open_review`` (its open round, or None when it entered review without one, e.g. imported as
    审核中). A fixed number of queries whatever their number."""
    if not user.is_authenticated:
        return []
    if not (user.is_superuser or review_by_heads() or user.has_perm(REVIEW_PERMISSION)):
        return []
    rounds = PositionReview.objects.filter(decided_at__isnull=True).select_related("submitted_by")
    positions = list(
        Position.objects.filter(status=Position.Status.REVIEW)
        .select_related("department")
        .prefetch_related(Prefetch("reviews", queryset=rounds, to_attr="open_reviews"))
        .order_by("code")
    )
    heads = department_heads() if review_by_heads() and not user.is_superuser else None
    queue = [position for position in positions if may_review(user, position, heads)]
    for position in queue:
        position.open_review = position.open_reviews[0] if position.open_reviews else None
    far_past = timezone.now().replace(year=1970)
    queue.sort(key=lambda p: (p.open_review.submitted_at if p.open_review else far_past, p.code))
    return queue


def display_name(user):
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def sign_off(position):
    """{"prepared", "reviewed", "approved"}: each (display name, date) or None, for the version of
    ``position`` shown (a Position or a published snapshot) — the names the documents print in
    their 编制/审核/批准 block (``jobs.documents.signoff``, where the rule is written once): a version
    approved in review names its submitter and reviewer; a draft has only 编制."""
    rows = sign_off_rows(position)
    return {
        key: (name, day) if name else None for key, (_label, name, day) in zip(("prepared", "reviewed", "approved"), rows)
    }
