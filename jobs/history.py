"""A position's change history (django-simple-history): versions, "as of time T" and diffs.

A *version* is one save as HR sees it: the historical rows of the position, its
qualification and its child rows written together (same user, same reason, within a
few seconds) form one version.  ``position_as_of`` rebuilds the job description at a
moment from the historical tables alone, in a fixed number of queries (one per table).
"""
from functools import partial

from django.utils.translation import gettext_lazy as _

from jobs.models import KPI, Authority, Duty, Position, Qualification, WorkRecord, WorkRelation
from orgchart.history import (
    SAME_VERSION_WITHIN,  # noqa: F401 (part of this module's interface)
    TREE_FIELDS,
    field_changes,
    field_values,
    group_versions,
    merged_records,
    non_empty,
    row_sections,
)
from orgchart.history import latest_per_object as _latest_per_id

ROW_MODELS = (
    ("duties", Duty),
    ("authorities", Authority),
    ("kpis", KPI),
    ("relations", WorkRelation),
    ("records", WorkRecord),
)
SKIPPED_FIELDS = {"id", "position", "approved_by", "approved_at", *TREE_FIELDS}
_field_values = partial(field_values, skipped=SKIPPED_FIELDS)
_field_changes = partial(field_changes, skipped=SKIPPED_FIELDS)


def position_as_of(position, when):
    """``position`` (a Position from ``with_job_description()``) as it stood at ``when``.

    Returns an unsaved Position carrying the historical field values, qualification and
    child rows in the caches ``job_description_context`` reads, and the current reporting
    line (the tree is not versioned), or None when the position did not exist yet.
    Seven queries whatever the size of the position.
    """
    record = (
        Position.history.filter(id=position.pk, history_date__lte=when)
        .order_by("-history_date", "-history_id").first()
    )
    if record is None or record.history_type == "-":
        return None
    snapshot = record.instance
    for name in TREE_FIELDS:
        setattr(snapshot, name, getattr(position, name))
    for name in ("department", "reports_to", "job_level", "family"):
        current = getattr(position, name)
        if getattr(current, "pk", None) == getattr(snapshot, f"{name}_id"):
            setattr(snapshot, name, current)
    qualification = (
        Qualification.history.filter(position_id=position.pk, history_date__lte=when)
        .order_by("-history_date", "-history_id").first()
    )
    if qualification is not None and qualification.history_type != "-":
        snapshot.qualification = qualification.instance
    cache = {}
    for key, model in ROW_MODELS:
        records = model.history.filter(position_id=position.pk, history_date__lte=when).order_by(
            "-history_date", "-history_id"
        )
        alive = [r.instance for r in _latest_per_id(records).values() if r.history_type != "-"]
        alive.sort(key=lambda row: (row.order, row.pk))
        cache[key] = alive
    current_cache = getattr(position, "_prefetched_objects_cache", {})
    for key in ("subordinates", "dotted_supervisors", "promotion_targets", "lateral_moves", "headed_departments"):
        if key in current_cache:
            cache[key] = list(current_cache[key])
    snapshot._prefetched_objects_cache = cache
    snapshot.history_record = record
    return snapshot


def _events(position):
    """Every historical record of the position and its rows, oldest first: one query per table."""
    return merged_records(
        Position.history.filter(id=position.pk),
        Qualification.history.filter(position_id=position.pk),
        *(model.history.filter(position_id=position.pk) for _key, model in ROW_MODELS),
    )


def position_versions(position):
    """[{number, date, user, reason, records}, …], oldest first, numbered from 1."""
    return group_versions(_events(position))


def diff_snapshots(old, new):
    """Field-by-field and row-by-row differences between two ``position_as_of`` snapshots."""
    sections = [{"title": _("Basic data"), "kind": "fields", "changes": _field_changes(old, new, Position)}]
    old_q = getattr(old, "qualification", None) if old is not None else None
    new_q = getattr(new, "qualification", None) if new is not None else None
    sections.append({"title": _("Qualifications"), "kind": "fields", "changes": _field_changes(old_q, new_q, Qualification)})
    sections += row_sections(old, new, ROW_MODELS, skipped=SKIPPED_FIELDS)
    return non_empty(sections)


def last_published(position):
    """The snapshot managers see, or None when the position has never been published."""
    if position.approved_at is None:
        return None
    return position_as_of(position, position.approved_at)
