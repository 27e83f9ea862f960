"""A position's change history (django-simple-history): versions, "as of time T" and diffs.

A *version* is one save as HR sees it: the historical rows of the position, its
qualification and its child rows written together (same user, same reason, within a
few seconds) form one version.  ``position_as_of`` rebuilds the job description at a
moment from the historical tables, in a fixed number of queries (one per table).

A position based on a standard position (基准岗位) shows the sections it inherits from the
standard's published version, so what it showed at a moment also depends on which version of the
standard was in force then (its ``StandardVersion`` with the highest number approved by then): a
snapshot shows that text, and the history lists each publication of the standard that changed what
the position showed as an entry of its own (``history_entries``). The position's own versions keep
their numbers: restoring one brings back the position's own rows, never the standard's text.
"""
import copy
from functools import partial

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobs.models import POSITION_ROWS, Position, Qualification, StandardVersion
from jobs.models.position import LINK_FIELDS
from jobs.models.standards import SECTION_CHOICES
from jobs.standards import Lookups, effective, inherited_sections, inherited_text, version_label
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


def position_as_of(position, when, *, own_only=False):
    """``position`` (a Position from ``with_job_description()``) as it stood at ``when``.

    Returns an unsaved Position carrying the historical field values, qualification, child
    rows and links to other positions (dotted-line supervisors, promotion targets, lateral
    moves) in the caches ``job_description_context`` reads, and the current reporting line
    (the tree is not versioned), or None when the position did not exist yet.
    Ten queries whatever the size of the position (eleven when it linked to positions it
    no longer links to), and one more when it inherited sections from a standard position.

    The sections it inherited then show the text of its standard's version in force then
    (``shown_standard`` is that standard, carrying that version's number and text); ``own_only``:
    the position's own rows instead, as restoring needs them, or for a caller that shows them
    with the standard's current text (``jobs.standards.effective``).
    """
    return positions_as_of([position], {position.pk: when}, own_only=own_only)[position.pk]


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


def positions_as_of(positions, moments, *, own_only=False):
    """{pk: snapshot or None}: each of ``positions`` as ``position_as_of`` rebuilds it at
    ``moments[pk]``, in ten or eleven queries (one per historical table) however many there are,
    and one for the standards' versions when a snapshot inherited sections (not with ``own_only``)."""
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
    return snapshots if own_only else _as_shown(snapshots, moments, positions)


def standard_versions(standard_ids, *, until=None):
    """{standard id: [StandardVersion, …] newest first} of ``standard_ids``, with their standards
    (and those standards' job levels and families) and approvers: one query, none without ids."""
    if not standard_ids:
        return {}
    versions = StandardVersion.objects.filter(standard_id__in=list(standard_ids))
    if until is not None:
        versions = versions.filter(approved_at__lte=until)
    found = {}
    for version in versions.select_related("standard__job_level", "standard__family", "approved_by").order_by("-number"):
        found.setdefault(version.standard_id, []).append(version)
    return found


def in_force(versions, when):
    """Of ``versions`` (one standard's, newest first) the one positions showed at ``when``, or None."""
    return next((version for version in versions if version.approved_at <= when), None)


def as_published(version):
    """``version``'s standard position as ``jobs.standards.effective`` reads it when that version
    was the published one: its text, number and approval."""
    standard = copy.copy(version.standard)
    standard.published_content, standard.version = version.content, version.number
    standard.approved_at, standard.approved_by_id = version.approved_at, version.approved_by_id
    return standard


def _as_shown(snapshots, moments, positions):
    """``snapshots`` with the sections each inherited at its moment shown from its standard's version
    in force then. One query for the versions (none when no snapshot inherits anything); the job
    levels and families the standards name are selected with them."""
    inheriting = {pk: s for pk, s in snapshots.items() if s is not None and inherited_sections(s)}
    if not inheriting:
        return snapshots
    versions = standard_versions({s.standard_id for s in inheriting.values()}, until=max(moments[pk] for pk in inheriting))
    known = [getattr(p, name) for p in positions for name in ("job_level", "family") if Position._meta.get_field(name).is_cached(p)]
    known += [getattr(v.standard, name) for items in versions.values() for v in items for name in ("job_level", "family")]
    lookups, published = Lookups(known=known), {}
    for pk, snapshot in inheriting.items():
        version = in_force(versions.get(snapshot.standard_id, ()), moments[pk])
        if version is None:
            continue  # its standard was not published yet: it showed its own text
        if version.pk not in published:
            published[version.pk] = as_published(version)
        snapshot.standard = published[version.pk]
        snapshots[pk] = effective(snapshot, published[version.pk], lookups=lookups)
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
    """[{number, date, user, reason, records}, …], oldest first, numbered from 1: the saves of the
    position itself (restoring names them by number)."""
    return group_versions(_events(position), continues=_same_save)


def history_entries(position):
    """The entries of ``position``'s change history, oldest first: its versions (``position_versions``,
    numbered) and, among them, each publication of its standard position that changed what it showed
    (``number`` None, ``key`` "s<StandardVersion id>", ``standard_version``): a section it inherited
    then reads differently in that version than in the one before. Each entry names the standard
    version the position showed from then on (``shown_version``, None when it showed none).

    One query more than ``position_versions`` for a position ever based on a standard, none otherwise.
    """
    versions = position_versions(position)
    states = [record for version in versions for record in version["records"] if isinstance(record, Position.history.model)]
    published = standard_versions({record.standard_id for record in states} - {None})
    if not published:
        return versions

    def state_at(when):
        """The position's own record in force at ``when`` (None when it did not exist)."""
        found = None
        for record in states:
            if record.history_date > when:
                break
            found = record
        return None if found is None or found.history_type == "-" else found

    entries = list(versions)
    for items in published.values():
        for newer, older in zip(items, [*items[1:], None]):
            state = state_at(newer.approved_at)
            if state is None or state.standard_id != newer.standard_id or not inherited_sections(state):
                continue
            sections = inherited_sections(state)
            if older is not None and inherited_text(older.content, sections) == inherited_text(newer.content, sections):
                continue  # the position inherits none of what changed
            label = version_label(newer.standard, newer.number)
            entries.append({
                "number": None, "key": f"s{newer.pk}", "label": label, "date": newer.approved_at, "user": newer.approved_by,
                "reason": "", "reason_shown": gettext("Standard position %(version)s published") % {"version": label},
                "records": [], "objects": {}, "standard_version": newer,
            })
    entries.sort(key=lambda entry: (entry["date"], entry["number"] is None))
    for entry in entries:
        state = state_at(entry["date"])
        shown = in_force(published.get(state.standard_id, ()), entry["date"]) if state and inherited_sections(state) else None
        entry["shown_version"] = version_label(shown.standard, shown.number) if shown else None
    return entries


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


def version_name(number):
    """第 2 版, or 未发布 for none: a published version as a review's or a history's diff names it."""
    return gettext("Version %(number)s") % {"number": number} if number else gettext("not published")
