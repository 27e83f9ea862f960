"""A position's change history (django-simple-history): versions, "as of time T" and diffs.

A *version* is one save as HR sees it: the historical rows of the position, its
qualification and its child rows written together (same user, same reason, within a
few seconds) form one version.  ``position_as_of`` rebuilds the job description at a
moment from the historical tables alone, in a fixed number of queries (one per table).
"""
from functools import partial

from django.utils.translation import gettext_lazy as _

from jobs.models import POSITION_ROWS, Position, Qualification
from jobs.models.position import LINK_FIELDS
from jobs.models.standards import SECTION_CHOICES
from kernel.history import (
    TREE_FIELDS,
    field_changes,
    field_values,
    group_versions,
    merged_records,
    non_empty,
    related_labels,
    row_sections,
)

SKIPPED_FIELDS = {"id", "position", "approved_by", "approved_at", "holder", *TREE_FIELDS}
_field_values = partial(field_values, skipped=SKIPPED_FIELDS)
_field_changes = partial(field_changes, skipped=SKIPPED_FIELDS)


def position_as_of(position, when):
    """``position`` (a Position from ``with_job_description()``) as it stood at ``when``.

    Returns an unsaved Position carrying the historical field values, qualification, child
    rows and links to other positions (dotted-line supervisors, promotion targets, lateral
    moves) in the caches ``job_description_context`` reads, and the current reporting line
    (the tree is not versioned), or None when the position did not exist yet.
    Ten queries whatever the size of the position (eleven when it linked to positions it
    no longer links to).
    """
    return positions_as_of([position], {position.pk: when})[position.pk]


def newest_records(model, owner_field, moments, *, per_row):
    """The newest historical record of each object, as of its owner's moment. One query.

    ``owner_field`` names the position id on the historical table; ``per_row`` keeps one
    record per (position, row) instead of one per position.
    """
    records = model.history.filter(
        **{f"{owner_field}__in": list(moments), "history_date__lte": max(moments.values())}
    ).order_by("-history_date", "-history_id")
    newest = {}
    for record in records:
        owner = getattr(record, owner_field)
        if record.history_date <= moments[owner]:
            newest.setdefault((owner, record.id if per_row else None), record)
    return newest


def _links_of(position_records, positions):
    """{(position id, link field): [Position, …]}: the links each historical record carries.

    One query per kind of link, plus one for linked positions the current rows do not
    link to any more; linked positions deleted since are left out.
    """
    owner_of = {record.history_id: pk for (pk, _none), record in position_records.items()}
    targets = {}
    for position in positions:
        for key in LINK_FIELDS:
            for target in getattr(position, "_prefetched_objects_cache", {}).get(key, ()):
                targets[target.pk] = target
    pairs = []
    for key in LINK_FIELDS:
        linked = getattr(Position.history.model, key).model
        pairs += [
            (owner_of[history_id], key, target_id)
            for history_id, target_id in linked.objects.filter(history_id__in=list(owner_of)).values_list(
                "history_id", "to_position_id"
            )
        ]
    missing = {target_id for _owner, _key, target_id in pairs} - targets.keys()
    if missing:
        targets.update(Position.objects.select_related("department", "job_level").in_bulk(missing))
    links = {}
    for owner, key, target_id in pairs:
        if target_id in targets:
            links.setdefault((owner, key), []).append(targets[target_id])
    for items in links.values():
        items.sort(key=lambda target: (target.tree_id, target.lft))
    return links


def positions_as_of(positions, moments):
    """{pk: snapshot or None}: each of ``positions`` as ``position_as_of`` rebuilds it at
    ``moments[pk]``, in ten or eleven queries (one per historical table) however many there are."""
    positions = list(positions)
    if not positions:
        return {}
    position_records = newest_records(Position, "id", moments, per_row=False)
    qualifications = newest_records(Qualification, "position_id", moments, per_row=False)
    rows = {kind.key: newest_records(kind.model, "position_id", moments, per_row=True) for kind in POSITION_ROWS}
    links = _links_of(position_records, positions)
    alive_rows = {kind.key: {} for kind in POSITION_ROWS}
    for key, records in rows.items():
        for (owner, _row_id), record in records.items():
            if record.history_type != "-":
                alive_rows[key].setdefault(owner, []).append(record.instance)
    snapshots = {}
    for position in positions:
        record = position_records.get((position.pk, None))
        if record is None or record.history_type == "-":
            snapshots[position.pk] = None
            continue
        # Not ``record.instance``: it reads the excluded tree fields back with a query each.
        snapshot = Position(**{
            field.attname: getattr(record, field.attname)
            for field in Position._meta.concrete_fields if field.name not in TREE_FIELDS
        })
        for name in TREE_FIELDS:
            setattr(snapshot, name, getattr(position, name))
        for name in ("department", "reports_to", "job_level", "family"):
            current = getattr(position, name)
            if getattr(current, "pk", None) == getattr(snapshot, f"{name}_id"):
                setattr(snapshot, name, current)
        qualification = qualifications.get((position.pk, None))
        if qualification is not None and qualification.history_type != "-":
            snapshot.qualification = qualification.instance
        else:  # none then: known, so reading it does not query
            Position.qualification.related.set_cached_value(snapshot, None)
        cache = {}
        for kind in POSITION_ROWS:
            cache[kind.key] = sorted(alive_rows[kind.key].get(position.pk, []), key=lambda row: (row.order, row.pk))
        current_cache = getattr(position, "_prefetched_objects_cache", {})
        for key in ("subordinates", "headed_departments"):
            if key in current_cache:
                cache[key] = list(current_cache[key])
        for key in LINK_FIELDS:
            cache[key] = links.get((position.pk, key), [])
        snapshot._prefetched_objects_cache = cache
        snapshot.history_record = record
        snapshots[position.pk] = snapshot
    return snapshots


def _events(position):
    """Every historical record of the position and its rows, oldest first: one query per table."""
    return merged_records(
        Position.history.filter(id=position.pk),
        Qualification.history.filter(position_id=position.pk),
        *(kind.model.history.filter(position_id=position.pk) for kind in POSITION_ROWS),
    )


def _same_save(previous, record):
    """Whether ``record`` finishes the save that wrote ``previous``: the record simple-history
    adds when the save goes on to change the links, or the status change when an edit
    turns a published job description back into a draft."""
    if not isinstance(record, Position.history.model) or record.history_type != "~":
        return False
    before, after = _field_values(previous, Position), _field_values(record, Position)
    before.pop("status"), after.pop("status")
    return before == after


def position_versions(position):
    """[{number, date, user, reason, records}, …], oldest first, numbered from 1."""
    return group_versions(_events(position), continues=_same_save)


def _link_changes(old, new):
    """The links to other positions that differ, as lists of titles."""
    changes = []
    for key in LINK_FIELDS:
        before = [p.title for p in (old._prefetched_objects_cache[key] if old is not None else [])]
        after = [p.title for p in (new._prefetched_objects_cache[key] if new is not None else [])]
        if before != after:
            label = str(Position._meta.get_field(key).verbose_name)
            changes.append({"field": label, "old": "、".join(before), "new": "、".join(after)})
    return changes


def diff_snapshots(old, new, *, hidden=()):
    """Field-by-field and row-by-row differences between two ``position_as_of`` snapshots,
    without the position's fields named in ``hidden`` (the salaries, for users who may not see them)."""
    labels = related_labels(Position, (old, new), ("department", "reports_to", "job_level", "family", "standard"))
    changes = field_changes(old, new, Position, skipped={*SKIPPED_FIELDS, *hidden}, labels=labels)
    own_sections, names = str(Position._meta.get_field("own_sections").verbose_name), dict(SECTION_CHOICES)
    for change in changes:  # the sections a position writes itself, by name, not as a list of keys
        if change["field"] == own_sections:
            for side in ("old", "new"):
                change[side] = "、".join(str(names.get(key, key)) for key in change[side] or ())
    sections = [{"title": _("Basic data"), "kind": "fields", "changes": changes}]
    sections.append({"title": _("Working relationships"), "kind": "fields", "changes": _link_changes(old, new)})
    old_q = getattr(old, "qualification", None) if old is not None else None
    new_q = getattr(new, "qualification", None) if new is not None else None
    sections.append({"title": _("Qualifications"), "kind": "fields", "changes": _field_changes(old_q, new_q, Qualification)})
    sections += row_sections(old, new, POSITION_ROWS, skipped=SKIPPED_FIELDS)
    return non_empty(sections)
