"""Write operations that span departments and positions."""
import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from departments.models import DEPARTMENT_ROWS, Department
from jobs.documents.company_template import check_template
from jobs.documents.signoff import returned_reason, submitted_reason
from jobs.history import position_as_of, position_versions
from jobs.models import (
    POSITION_ROWS, DocumentTemplate, JobFamily, JobLevel, Position, PositionReview, Qualification, StandardPosition,
    StandardQualification, StandardVersion,
)
from jobs.models.position import LINK_FIELDS
from jobs.models.standards import SECTIONS_BY_KEY, STANDARD_ROWS, STANDARD_SECTIONS
from jobs.reviews import display_name, group_reviewers, may_review, may_review_standards, reviewers_of
from jobs.standards import QUALIFICATION_FIELDS, content_of, inherited_sections, own_text_sections, row_values, standard_published
from kernel import keeping, versions
from kernel.locks import lock_trees
from kernel.notifications import notify
from kernel.rows import restore_rows, save_if_changed, sync_rows

# Sent by publish_position inside its transaction (position, approver): jobs.tasks makes the new
# version's documents in the background once the transaction commits.
position_published = Signal()

DEPARTMENT_FIELDS = (
    "name", "kind", "nature", "mission", "management_authority", "management_function",
    "staffing_plan", "authorised_headcount", "internal_partners", "external_partners",
)
POSITION_FIELDS = (  # not status or version: see load_organisation
    "title", "headcount", "actual_headcount", "fill_date", "remarks", "salary_grade", "salary_level",
    "summary", "working_hours", "environment", "tools", "time_pattern", "workload_balance", "travel",
    "supervision_received", "supervision_given", "promotion_note", "lateral_note", "assessment_note",
)


def _tasks_text(tasks):
    return "\n".join(tasks) if isinstance(tasks, list) else (tasks or "")


@transaction.atomic
def load_organisation(*, data, approver=None):
    """Create or update the organisation described by ``data`` (the demo-company format).

    Records are matched by code and child rows by position in their list, so loading the
    same data twice changes nothing.  Everything happens in one transaction, holding both trees' locks.

    A position whose ``status`` is published is published as the 发布 button does
    (``publish_position``, ``approver`` recorded, the next version when it was published
    before) when this load creates or changes it or it is not published now; a position in review
    is submitted as 提交审核 does (by ``approver``) unless it is in review already; other statuses
    are set as given. The data's ``version`` is never read: only publishing sets it.
    """
    lock_trees(Department, Position)
    levels = {}
    for item in data.get("job_levels", []):
        level, created = JobLevel.objects.get_or_create(code=item["code"], defaults=item)
        save_if_changed(level, item, is_new=False)
        levels[level.code] = level
    families = {}
    for item in data.get("job_families", []):
        family, created = JobFamily.objects.get_or_create(code=item["code"], defaults=item)
        save_if_changed(family, item, is_new=False)
        families[family.code] = family

    departments = {}
    for item in data.get("departments", []):
        department = Department.objects.filter(code=item["code"]).first()
        is_new = department is None
        department = department or Department(code=item["code"])
        values = {field: item.get(field, "" if field != "authorised_headcount" else None) for field in DEPARTMENT_FIELDS}
        values["parent"] = departments[item["parent"]] if item.get("parent") else None
        save_if_changed(department, values, is_new=is_new)
        departments[department.code] = department
        for kind in DEPARTMENT_ROWS:
            sync_rows(kind, department, item.get(kind.key, []))

    positions, changed, to_submit = {}, set(), []
    for item in data.get("positions", []):
        position = Position.objects.filter(code=item["code"]).first()
        is_new = position is None
        position = position or Position(code=item["code"])
        values = {field: item[field] for field in POSITION_FIELDS if field in item}
        if item.get("status") == Position.Status.REVIEW and position.status != Position.Status.REVIEW:
            values["status"] = Position.Status.DRAFT  # submitted below, as 提交审核 does
            to_submit.append(position)
        elif item.get("status") not in (None, Position.Status.PUBLISHED):
            values["status"] = item["status"]
        values["department"] = departments.get(item["department"]) or Department.objects.get(code=item["department"])
        values["reports_to"] = positions[item["reports_to"]] if item.get("reports_to") else None
        values["job_level"] = levels.get(item.get("level")) if item.get("level") else None
        values["family"] = families.get(item.get("family")) if item.get("family") else None
        touched = save_if_changed(position, values, is_new=is_new)
        positions[position.code] = position

        qualification_data = item.get("qualification")
        if qualification_data is not None:
            qualification = Qualification.objects.filter(position=position).first()
            touched |= save_if_changed(
                qualification or Qualification(position=position), qualification_data, is_new=qualification is None
            )
        for kind in POSITION_ROWS:
            rows = [dict(row, tasks=_tasks_text(row.get("tasks"))) if kind.key == "duties" else row for row in item.get(kind.key, [])]
            touched |= sync_rows(kind, position, rows)
        if touched:
            changed.add(position.code)

    for item in data.get("positions", []):
        position = positions[item["code"]]
        for link in LINK_FIELDS:
            wanted = {positions[code].pk for code in item.get(link, [])}
            if set(getattr(position, link).values_list("pk", flat=True)) != wanted:
                getattr(position, link).set(wanted)
                changed.add(position.code)

    for item in data.get("positions", []):
        if item.get("status") == Position.Status.PUBLISHED:
            position = Position.objects.get(pk=positions[item["code"]].pk)
            if item["code"] in changed:
                reopen_as_draft(position=position, user=approver)  # what changed is not the approved text
            publish_position(position=position, approver=approver)
    for position in to_submit:
        submit_for_review(position=position, user=approver)

    for item in data.get("departments", []):
        department = departments[item["code"]]
        head = positions.get(item.get("head_position")) if item.get("head_position") else None
        if department.head_position_id != (head.pk if head else None):
            department.head_position = head
            department.save(update_fields=["head_position"])
    return {"departments": len(departments), "positions": len(positions)}


def load_organisation_file(*, path, approver=None):
    with Path(path).open(encoding="utf-8") as handle:
        return load_organisation(data=json.load(handle), approver=approver)


@transaction.atomic
def publish_position(*, position, approver):
    """Publish ``position``: record the approver and the moment, and bump the version.

    The historical row written by this save carries exactly ``approved_at`` as its date, so
    the snapshot managers see (the position as of ``approved_at``) includes it.
    """
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.status == Position.Status.PUBLISHED and position.approved_at is not None:
        return position  # already published: nothing new to approve, the version stays
    now = timezone.now()
    if position.approved_at is not None:
        position.version += 1
    position.status = Position.Status.PUBLISHED
    position.approved_by = approver
    position.approved_at = now
    position._history_date = now
    position._history_user = approver
    position._change_reason = _("published version %(version)s") % {"version": position.version}
    position.save(publishing=True)
    del position._history_date, position._history_user, position._change_reason  # not for later saves
    # A round waiting for review is decided by this publication, whoever published (a reviewer's
    # 发布, the import, load_demo): approved by the approver, for the version just published.
    PositionReview.objects.filter(position=position, decided_at__isnull=True).update(
        decision=PositionReview.Decision.APPROVED, decided_by=approver, decided_at=now, version=position.version
    )
    position_published.send(sender=Position, position=position, approver=approver)
    return position


def reopen_as_draft(*, position, user):
    """An edit to a published job description makes it a draft again.

    Managers keep seeing the last published version (rebuilt from the history) until HR
    publishes the edit. Returns True when the status changed.
    """
    if position.status != Position.Status.PUBLISHED or position.approved_at is None:
        return False
    position.status = Position.Status.DRAFT
    position._history_user = user  # no reason of its own: it belongs to the edit's version
    position.save(update_fields=["status"])
    del position._history_user
    return True


@transaction.atomic
def restore_position_version(*, position, number, user):
    """Make ``position`` and its rows what they were in history version ``number``.

    Restoring is itself a change, recorded with the reason "restored version N". The links
    to other positions are restored too (those deleted since are left out); the reporting
    line, version and publication record stay as they are now, and so do a department, job
    level or family the version names that has been deleted since. Only the position's own text
    comes back: the sections it inherits from a standard position show that standard's published
    text as before (the version's standard and ``own_sections`` are restored with the rest). A published position becomes
    a draft: managers keep the published version until HR publishes the restored one.
    """
    versions = position_versions(position)
    version = next((v for v in versions if v["number"] == number), None)
    if version is None:
        raise ValueError(number)
    current = Position.objects.with_job_description().get(pk=position.pk)
    snapshot = position_as_of(current, version["date"], own_only=True)  # its own text, never its standard's
    reason = _("restored version %(number)s") % {"number": number}
    keep = {"id", "reports_to", "status", "version", "effective_date", "approved_by", "approved_at", "holder", "lft", "rght", "tree_id", "level"}
    for field in Position._meta.concrete_fields:
        if field.name not in keep:
            setattr(current, field.attname, getattr(snapshot, field.attname))
    for name in ("department", "job_level", "family"):  # deleted since: the current one stays
        field = Position._meta.get_field(name)
        wanted = getattr(snapshot, field.attname)
        if wanted is not None and not field.related_model.objects.filter(pk=wanted).exists():
            setattr(current, field.attname, getattr(Position.objects.get(pk=current.pk), field.attname))
    if current.status == Position.Status.PUBLISHED:
        current.status = Position.Status.DRAFT  # restored text is not approved until HR publishes it
    current._change_reason = reason
    current._history_user = user
    current.save()
    for key in LINK_FIELDS:  # a change of links adds a historical record: same user and reason
        wanted = {target.pk for target in snapshot._prefetched_objects_cache[key]}
        if wanted != {target.pk for target in getattr(current, key).all()}:
            getattr(current, key).set(wanted)
    del current._change_reason, current._history_user
    old_q = getattr(snapshot, "qualification", None)
    if old_q is not None:
        old_q._change_reason, old_q._history_user = reason, user
        old_q.save()
    else:
        Qualification.objects.filter(position=current).delete()
    restore_rows(snapshot, current, POSITION_ROWS, reason=reason, user=user)
    return current


class ReviewError(Exception):
    """A review step that cannot happen now; the message says why, in the user's language."""


@transaction.atomic
def submit_for_review(*, position, user):
    """HR submits a draft for review (提交审核, 编制): the position is 审核中 and a round records who
    and when; the reviewers (``jobs.reviews.reviewers_of``) are notified. Refused unless a draft."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.status != Position.Status.DRAFT:
        raise ReviewError(_("Only a draft can be submitted for review; this job description is “%(status)s”.")
                          % {"status": position.get_status_display()})
    now = timezone.now()
    PositionReview.objects.filter(position=position, decided_at__isnull=True).update(
        decision=PositionReview.Decision.WITHDRAWN, decided_at=now
    )
    review = PositionReview.objects.create(
        position=position, version=position.version + 1 if position.approved_at else position.version,
        submitted_by=user, submitted_at=now,
    )
    position.status = Position.Status.REVIEW
    position._history_user = user
    position._change_reason = submitted_reason()
    position.save(update_fields=["status"])
    del position._history_user, position._change_reason
    notify(
        recipients=reviewers_of(position), message=gettext_noop("%(user)s submitted “%(position)s” for review."),
        params={"user": display_name(user) or _("(system)"), "position": position},
        link=reverse("jobs:review_detail", args=[position.code]),
    )
    return review


@transaction.atomic
def decide_review(*, position, user, approve, comment=""):
    """A reviewer approves (the position is published by ``publish_position``, the reviewer
    recorded as 审核 and 批准) or returns it to HR as a draft; ``comment`` is required to return.

    The position's row is locked first, so of two reviewers deciding at once the second finds the
    round decided and gets a ``ReviewError`` saying so. ``PermissionDenied`` for a user who may
    not review it (``jobs.reviews.may_review``)."""
    position = Position.objects.select_for_update().select_related("department").get(pk=position.pk)
    if not may_review(user, position):
        raise PermissionDenied
    if position.status != Position.Status.REVIEW:
        raise ReviewError(_("This job description is not waiting for review any more: it was decided meanwhile "
                            "(or withdrawn). Nothing was changed."))
    comment = comment.strip()
    if not approve and not comment:
        raise ReviewError(_("Write why you return it: a comment is required."))
    now = timezone.now()
    review = PositionReview.objects.filter(position=position, decided_at__isnull=True).first()
    if review is None:  # entered review without a round (imported as 审核中, or the admin's status field)
        review = PositionReview.objects.create(
            position=position, version=position.version + 1 if position.approved_at else position.version, submitted_at=now,
        )
    if approve:
        position = publish_position(position=position, approver=user)  # decides the round too
        review.refresh_from_db()
        review.comment = comment
        review.save(update_fields=["comment"])
        message = gettext_noop("%(user)s approved “%(position)s”: version %(version)s is published.")
        params = {"user": display_name(user) or _("(system)"), "position": position, "version": position.version}
    else:
        review.decision, review.decided_by, review.decided_at, review.comment = (
            PositionReview.Decision.RETURNED, user, now, comment
        )
        review.save()
        position.status = Position.Status.DRAFT
        position._history_user = user
        position._change_reason = returned_reason(comment)
        position.save(update_fields=["status"])
        del position._history_user, position._change_reason
        message = gettext_noop("%(user)s returned “%(position)s”: %(comment)s")
        params = {"user": display_name(user) or _("(system)"), "position": position, "comment": comment}
    if review.submitted_by_id is not None:
        notify(recipients=[review.submitted_by], message=message, params=params, link=position.get_absolute_url())
    return review


@transaction.atomic
def install_document_template(*, name, content, default=False, department=None, user=None):
    """Keep ``content`` as the company template ``name`` (replacing the file of a template of that
    name), the default one (the previous default stops being it) or the one of ``department``'s
    subtree. Raises ``TemplateRefused`` for a file that cannot serve (nothing is kept) and
    ``ValidationError`` for a department that has another template already."""
    check_template(content)
    template = DocumentTemplate.objects.filter(name=name).first() or DocumentTemplate(name=name)
    if default:
        DocumentTemplate.objects.filter(is_default=True).exclude(pk=template.pk).update(is_default=False)
    template.is_default, template.department = default, department
    return _keep_template_file(template, content, user)


@transaction.atomic
def replace_document_template(*, template, content, user=None):
    """A new file for ``template``: documents made with the old one are no longer found (the key
    of kept documents holds the file's digest)."""
    check_template(content)
    return _keep_template_file(template, content, user)


def _keep_template_file(template, content, user):
    old = template.file.name if template.file else None
    template.digest = DocumentTemplate.digest_of(content)
    template.uploaded_by = user if user is not None else template.uploaded_by
    template.file = ContentFile(content, name=f"{template.digest[:16]}.docx")
    template.full_clean()
    template.save()
    if old and old != template.file.name:
        storage = template.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    return template


# 基准岗位 (jobs.standards): publishing a standard position, and the admin's actions on positions.

def positions_changed_by(standard):
    """The positions whose text publishing ``standard`` changes: based on it, inheriting a section."""
    return [
        position for position in standard.positions.select_related("department").order_by("department__tree_id", "department__lft", "code")
        if inherited_sections(position)
    ]


@transaction.atomic
def publish_standard(*, standard, approver):
    """Publish ``standard``'s current text as its next version; the positions inheriting from it
    show it at once, and their kept documents are made again when next asked for."""
    standard = StandardPosition.objects.select_for_update().get(pk=standard.pk)
    content = content_of(standard)
    changed = [position.pk for position in positions_changed_by(standard)]
    now = timezone.now()
    standard.version += 1
    standard.status = StandardPosition.Status.PUBLISHED
    standard.approved_by, standard.approved_at = approver, now
    standard.published_content = content
    standard._change_reason = _("published version %(version)s") % {"version": standard.version}
    standard._history_user = approver
    standard.save()
    StandardVersion.objects.create(
        standard=standard, number=standard.version, content=content, approved_by=approver, approved_at=now, positions=len(changed)
    )
    transaction.on_commit(lambda: _documents_changed(changed))
    return standard


@transaction.atomic
def submit_standard_for_review(*, standard, user):
    """HR submits a standard position's draft for review (提交审核): it is 审核中, the group's
    reviewers are told. Refused unless a draft."""
    standard = StandardPosition.objects.select_for_update().get(pk=standard.pk)
    if standard.status != StandardPosition.Status.DRAFT:
        raise ReviewError(_("Only a draft can be submitted for review; this standard position is “%(status)s”.")
                          % {"status": standard.get_status_display()})
    standard.status = StandardPosition.Status.REVIEW
    standard.submitted_by, standard.submitted_at = user, timezone.now()
    standard._history_user, standard._change_reason = user, submitted_reason()
    standard.save(update_fields=["status", "submitted_by", "submitted_at"])
    notify(
        recipients=group_reviewers(), message=gettext_noop("%(user)s submitted the standard position “%(standard)s” for review."),
        params={"user": display_name(user) or _("(system)"), "standard": standard},
        link=reverse("jobs:standard_review", args=[standard.code]),
    )
    return standard


@transaction.atomic
def decide_standard_review(*, standard, user, approve, comment=""):
    """A reviewer approves a standard position in review (``publish_standard``: every position
    inheriting from it shows the new text) or returns it to HR as a draft with ``comment``
    (required). ``PermissionDenied`` for a user who may not review standards; ``ReviewError`` when
    it is not in review any more (decided or edited meanwhile)."""
    if not may_review_standards(user):
        raise PermissionDenied
    standard = StandardPosition.objects.select_for_update().get(pk=standard.pk)
    if standard.status != StandardPosition.Status.REVIEW:
        raise ReviewError(_("This standard position is not waiting for review any more: it was decided meanwhile "
                            "(or edited). Nothing was changed."))
    comment = comment.strip()
    if not approve and not comment:
        raise ReviewError(_("Write why you return it: a comment is required."))
    submitter = standard.submitted_by
    if approve:
        standard = publish_standard(standard=standard, approver=user)
        message = gettext_noop("%(user)s approved the standard position “%(standard)s”: version %(version)s is published.")
        params = {"user": display_name(user) or _("(system)"), "standard": standard, "version": standard.version}
    else:
        standard.status = StandardPosition.Status.DRAFT
        standard._history_user, standard._change_reason = user, returned_reason(comment)
        standard.save(update_fields=["status"])
        message = gettext_noop("%(user)s returned the standard position “%(standard)s”: %(comment)s")
        params = {"user": display_name(user) or _("(system)"), "standard": standard, "comment": comment}
    if submitter is not None:
        notify(recipients=[submitter], message=message, params=params, link=standard.get_absolute_url())
    return standard


def _documents_changed(position_pks):
    """After a standard is published: the kept documents and pages of the positions showing it are
    made again when next asked for, and their search text follows (``standard_published``)."""
    if len(position_pks) > keeping.MANY:
        versions.raise_now(versions.DOCUMENTS)
    else:
        keeping.raise_stamps("position", position_pks)
    versions.raise_now(versions.ORGANISATION)
    standard_published.send(sender=StandardPosition, positions=position_pks)


@transaction.atomic
def create_from_position(*, position, code, title=None, user=None):
    """A new standard position (draft) carrying ``position``'s whole job description; the position
    is based on it, inheriting every section (its text is unchanged until the standard changes),
    and a published position becomes a draft, as basing it on a standard makes it: managers see the
    link once it is reviewed and published."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    standard = StandardPosition(code=code, title=title or position.title)
    for section in STANDARD_SECTIONS:
        for name in section.fields:
            setattr(standard, name, getattr(position, name))
    standard.full_clean()
    standard._history_user = user
    standard.save()
    try:
        qualification = position.qualification
    except Qualification.DoesNotExist:
        qualification = None
    if qualification is not None:
        StandardQualification.objects.create(standard_position=standard, **{name: getattr(qualification, name) for name in QUALIFICATION_FIELDS})
    for kind, own in zip(STANDARD_ROWS, POSITION_ROWS):
        kind.model.objects.bulk_create([
            kind.model(standard_position=standard, order=number, **row_values(row, own)) for number, row in enumerate(own.of(position))
        ])
    position.standard, position.own_sections = standard, []
    position._history_user = user
    position._change_reason = _("based on standard position %(standard)s") % {"standard": standard}
    position.save(update_fields=["standard", "own_sections"])
    reopen_as_draft(position=position, user=user)  # the link is part of what managers see: reviewed like any edit
    return standard


@transaction.atomic
def base_on_standard(*, positions, standard, user=None, keep_own=False):
    """Base ``positions`` on ``standard``. ``keep_own``: each position keeps, as sections of its
    own, those where it has text; otherwise every section is inherited (the positions' own text
    stays in their history and in the database, shown again if a section is made its own)."""
    for position in positions:
        position.standard = standard
        position.own_sections = own_text_sections(position) if keep_own else []
        position._history_user = user
        position._change_reason = _("based on standard position %(standard)s") % {"standard": standard}
        position.save()
        reopen_as_draft(position=position, user=user)


@transaction.atomic
def set_own_section(*, position, key, own, user=None):
    """Make section ``key`` of ``position`` its own (``own``) or inherited again from its standard."""
    if key not in SECTIONS_BY_KEY:
        raise ValueError(key)
    sections = [k for k in position.own_sections or () if k != key]
    if own:
        sections.append(key)
    position.own_sections = [section.key for section in STANDARD_SECTIONS if section.key in sections]
    position._history_user = user
    position.save()
    reopen_as_draft(position=position, user=user)
