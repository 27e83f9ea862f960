"""A position's change history (django-simple-history): versions, "as of time T" and diffs.

A *version* is one save as HR sees it: the historical rows of the position, its
qualification and its child rows written together (same user, same reason, within a
few seconds) form one version.  ``position_as_of`` rebuilds the job description at a
moment from the historical tables alone, in a fixed number of queries (one per table).
"""
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from jobs.models import KPI, Authority, Duty, Position, Qualification, WorkRecord, WorkRelation

ROW_MODELS = (
    ("duties", Duty),
    ("authorities", Authority),
    ("kpis", KPI),
    ("relations", WorkRelation),
    ("records", WorkRecord),
)
TREE_FIELDS = ("lft", "rght", "tree_id", "level")
SKIPPED_FIELDS = {"id", "position", "approved_by", "approved_at", *TREE_FIELDS}
SAME_VERSION_WITHIN = timedelta(seconds=5)


def _latest_per_id(records):
    """The newest historical record of each object (records come newest first)."""
    latest = {}
    for record in records:
        latest.setdefault(record.id if hasattr(record, "id") else record.position_id, record)
    return latest


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
    events = list(Position.history.filter(id=position.pk).select_related("history_user"))
    events += Qualification.history.filter(position_id=position.pk).select_related("history_user")
    for _key, model in ROW_MODELS:
        events += model.history.filter(position_id=position.pk).select_related("history_user")
    events.sort(key=lambda record: (record.history_date, record.history_id))
    return events


def position_versions(position):
    """[{number, date, user, reason, records}, …], oldest first, numbered from 1."""
    versions = []
    for record in _events(position):
        last = versions[-1] if versions else None
        key = (type(record).__name__, getattr(record, "id", None) or record.position_id)
        if (
            last
            and last["user"] == record.history_user
            and last["reason"] == (record.history_change_reason or "")
            and record.history_date - last["date"] <= SAME_VERSION_WITHIN
            and key not in last["objects"]  # a second change to the same object starts a new version
        ):
            last["date"] = record.history_date
            last["records"].append(record)
            last["objects"].add(key)
            continue
        versions.append(
            {
                "number": len(versions) + 1,
                "date": record.history_date,
                "user": record.history_user,
                "reason": record.history_change_reason or "",
                "records": [record],
                "objects": {key},
            }
        )
    return versions


def _field_values(instance, model):
    values = {}
    for field in model._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.name == "order":
            continue
        value = getattr(instance, field.attname)
        if field.choices:
            value = dict(field.flatchoices).get(value, value)
        values[field.name] = (str(field.verbose_name), value)
    return values


def _field_changes(old, new, model):
    before = _field_values(old, model) if old is not None else {}
    after = _field_values(new, model) if new is not None else {}
    changes = []
    for name in after.keys() | before.keys():
        label, old_value = before.get(name, (after.get(name, ("", None))[0], None))
        new_value = after.get(name, (label, None))[1]
        if old_value != new_value and (old_value or new_value):
            changes.append({"field": label, "old": old_value, "new": new_value})
    order = {f.name: i for i, f in enumerate(model._meta.concrete_fields)}
    verbose = {str(f.verbose_name): f.name for f in model._meta.concrete_fields}
    changes.sort(key=lambda c: order.get(verbose.get(c["field"]), 0))
    return changes


def diff_snapshots(old, new):
    """Field-by-field and row-by-row differences between two ``position_as_of`` snapshots."""
    sections = [{"title": _("Basic data"), "kind": "fields", "changes": _field_changes(old, new, Position)}]
    old_q = getattr(old, "qualification", None) if old is not None else None
    new_q = getattr(new, "qualification", None) if new is not None else None
    sections.append({"title": _("Qualifications"), "kind": "fields", "changes": _field_changes(old_q, new_q, Qualification)})
    for key, model in ROW_MODELS:
        old_rows = {row.pk: row for row in (old._prefetched_objects_cache[key] if old is not None else [])}
        new_rows = {row.pk: row for row in (new._prefetched_objects_cache[key] if new is not None else [])}
        rows = []
        for pk in sorted(old_rows.keys() | new_rows.keys()):
            before, after = old_rows.get(pk), new_rows.get(pk)
            if before is None:
                rows.append({"change": "added", "label": str(after), "fields": _field_changes(None, after, model)})
            elif after is None:
                rows.append({"change": "removed", "label": str(before), "fields": _field_changes(before, None, model)})
            else:
                fields = _field_changes(before, after, model)
                if before.order != after.order:
                    fields.append({"field": str(_("order")), "old": before.order, "new": after.order})
                if fields:
                    rows.append({"change": "changed", "label": str(after), "fields": fields})
        sections.append({"title": model._meta.verbose_name_plural, "kind": "rows", "rows": rows})
    return [section for section in sections if section.get("changes") or section.get("rows")]


def last_published(position):
    """The snapshot managers see, or None when the position has never been published."""
    if position.approved_at is None:
        return None
    return position_as_of(position, position.approved_at)
