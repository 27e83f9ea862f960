"""The review pages: HR's 提交审核, the reviewer's queue and the review page (diff, approve, return).

Every decision is checked on the server (``jobs.reviews.may_review``): a user who may not review a
position gets 403 for its review page and for a POST to it."""
import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.documents.context import shown_standard
from jobs.history import diff_snapshots, position_as_of, version_name
from jobs.models import Position, PositionReview, StandardPosition
from jobs.reviews import may_review, may_review_standards, open_round, review_by_heads, review_queue, standards_in_review
from jobs.roles import CONFIDENTIAL_FIELDS, CONFIDENTIAL_PERMISSION, REVIEW_PERMISSION
from jobs.services import (
    ReviewError, decide_review, decide_standard_review, positions_changed_by, submit_for_review, submit_standard_for_review,
)
from jobs.standards import content_of, effective, standard_diff
from kernel.shortcuts import get_by_code_or_404


@require_POST
@permission_required("jobs.change_position", raise_exception=True)
def position_submit(request, code):
    """HR submits the draft for review (编制)."""
    position = get_by_code_or_404(Position, code)
    try:
        submit_for_review(position=position, user=request.user)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Submitted for review. The reviewers have been notified."))
    return redirect(position.get_absolute_url())


@login_required
def review_queue_page(request):
    """The job descriptions waiting for this user's review, with who submitted them and when; 403
    for those who review nothing (in ``department_head`` mode anyone may hold a head position)."""
    user = request.user
    if not (user.is_superuser or user.has_perm(REVIEW_PERMISSION) or review_by_heads()):
        raise PermissionDenied
    return render(request, "jobs/review_queue.html", {
        "positions": review_queue(request.user), "standards": standards_in_review(request.user),
    })


def diff_seal(diff):
    """A fingerprint of what the reviewer was shown: the form carries it, and a decision on a
    draft that changed since (HR edited it meanwhile) is refused instead of approving unseen text."""
    return hashlib.sha256(json.dumps(diff, default=str, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def review_diff(position, user):
    """The draft under review against the published version (or against nothing, never published):
    the change history's diff, without salaries for a reviewer who may not see them. Both show the
    sections they inherit from the standard's text published now, as readers see them before and
    after approval: a standard published meanwhile is not this draft's change."""
    hidden = () if user.has_perm(CONFIDENTIAL_PERMISSION) else CONFIDENTIAL_FIELDS
    published = position_as_of(position, position.approved_at, own_only=True) if position.approved_at else None
    draft = position_as_of(position, timezone.now(), own_only=True)
    shown = [effective(snapshot, shown_standard(snapshot, position)) if snapshot else None for snapshot in (published, draft)]
    return diff_snapshots(*shown, hidden=hidden)


@login_required
def review_detail(request, code):
    """GET: the draft's differences from the published version, the earlier rounds, and the
    approve/return form. POST ``decision`` = approve | return (``comment`` required to return)."""
    position = get_by_code_or_404(Position.objects.with_job_description(), code)
    if not may_review(request.user, position):
        raise PermissionDenied
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("approve", "return"):
            messages.error(request, _("Choose approve or return."))
            return redirect("jobs:review_detail", code=position.code)
        seen = request.POST.get("seen")
        if seen and position.status == Position.Status.REVIEW and seen != diff_seal(review_diff(position, request.user)):
            messages.error(request, _("The draft was changed after you opened it. Review the changes again before deciding."))
            return redirect("jobs:review_detail", code=position.code)
        try:
            decide_review(position=position, user=request.user, approve=decision == "approve", comment=request.POST.get("comment", ""))
        except ReviewError as error:
            messages.error(request, str(error))
            return redirect("jobs:review_detail", code=position.code)
        if decision == "approve":
            messages.success(request, _("Approved: “%(position)s” is published.") % {"position": position.title})
        else:
            messages.success(request, _("Returned to HR as a draft with your comment."))
        return redirect("jobs:review_queue")
    in_review = position.status == Position.Status.REVIEW
    diff = review_diff(position, request.user) if in_review else []
    context = {
        "position": position,
        "in_review": in_review,
        "review": open_round(position) if in_review else None,
        "rounds": PositionReview.objects.filter(position=position).select_related("submitted_by", "decided_by"),
        "diff": diff,
        "seal": diff_seal(diff),
        "a": position.version if position.approved_at else "—",
        "b": position.version + 1 if position.approved_at else position.version,
        "a_label": version_name(position.version if position.approved_at else None), "b_label": _("the draft"),
    }
    return render(request, "jobs/review_detail.html", context)


@require_POST
@permission_required("jobs.change_standardposition", raise_exception=True)
def standard_submit(request, code):
    """HR submits a standard position's draft for review."""
    standard = get_by_code_or_404(StandardPosition, code)
    try:
        submit_standard_for_review(standard=standard, user=request.user)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Submitted for review. The reviewers have been notified."))
    return redirect(standard.get_absolute_url())


def changed_by_department(standard):
    """[(department, [position, …]), …]: the positions whose text publishing ``standard`` changes."""
    departments = {}
    for position in positions_changed_by(standard):
        departments.setdefault(position.department, []).append(position)
    return list(departments.items())


@login_required
def standard_review(request, code):
    """A standard position in review: its draft against the published version, the positions whose
    text approving it changes, and the approve/return form (the group 审核人 decides)."""
    if not may_review_standards(request.user):
        raise PermissionDenied
    standard = get_by_code_or_404(StandardPosition.objects.select_related("submitted_by"), code)
    in_review = standard.status == StandardPosition.Status.REVIEW
    diff = standard_diff(standard.published_content, content_of(standard)) if in_review else []
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("approve", "return"):
            messages.error(request, _("Choose approve or return."))
            return redirect("jobs:standard_review", code=standard.code)
        if in_review and request.POST.get("seen") != diff_seal(diff):
            messages.error(request, _("The draft was changed after you opened it. Review the changes again before deciding."))
            return redirect("jobs:standard_review", code=standard.code)
        try:
            decide_standard_review(standard=standard, user=request.user, approve=decision == "approve",
                                   comment=request.POST.get("comment", ""))
        except ReviewError as error:
            messages.error(request, str(error))
            return redirect("jobs:standard_review", code=standard.code)
        if decision == "approve":
            messages.success(request, _("Approved: “%(position)s” is published.") % {"position": standard.title})
        else:
            messages.success(request, _("Returned to HR as a draft with your comment."))
        return redirect("jobs:review_queue")
    changed = changed_by_department(standard) if in_review else []
    return render(request, "jobs/standard_review.html", {
        "standard": standard, "in_review": in_review, "diff": diff, "seal": diff_seal(diff),
        "changed": changed, "changed_count": sum(len(positions) for _department, positions in changed),
        "a": standard.version or "—", "b": standard.version + 1,
        "a_label": version_name(standard.version or None), "b_label": _("the draft"),
    })
