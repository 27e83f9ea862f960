"""Change history shared by departments and positions (django-simple-history).

An object's history is its own historical records plus those of its child rows (a
department's duties, a position's KPIs …). HR thinks in *versions*, not records: the
records one save writes together (same user, same reason, within a few seconds) form one
version. This module groups records into versions, rebuilds rows as they stood at a
moment, and compares two snapshots field by field and row by row. Each app says which
tables belong to an object and which fields HR does not edit (``departments.history``,
``jobs.history``).
"""
import re
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

TREE_FIELDS = ("lft", "rght", "tree_id", "level")
SAME_VERSION_WITHIN = timedelta(seconds=5)


# Reasons the application writes into the history, in the language of whoever made the change:
# shown again in the reader's language. The same msgids as where they are written.
SYSTEM_REASONS = (
    gettext_noop("published version %(version)s"),
    gettext_noop("restored version %(number)s"),
    gettext_noop("head position “%(position)s” deleted"),
    gettext_noop("Word import: %(file)s"),
    gettext_noop("Workbook import: %(file)s"),
)


@cache
def _reason_patterns():
    """[(msgid, regex)] matching each system reason as any configured language writes it."""
    patterns = []
    for msgid in SYSTEM_REASONS:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                written = gettext(msgid)
            parts = re.split(r"%\((\w+)\)[sd]", written)
            regex = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)" for index, part in enumerate(parts))
            patterns.append((msgid, re.compile(f"^{regex}$", re.S)))
    return patterns


def display_reason(text):
    """A history reason in the reader's language: the application's own reasons are translated
    again (发布第 1 版 → published version 1); what HR typed is shown as typed."""
    for msgid, pattern in _reason_patterns():
        match = pattern.match(text or "")
        if match:
            return gettext(msgid) % match.groupdict()
    return text or ""


def record_pk(record):
    """The primary key of the object a historical record is about (``id``, or a one-to-one key)."""
    return getattr(record, record.instance_type._meta.pk.attname)


def latest_per_object(records):
    """The newest historical record of each object (records come newest first), by primary key."""
    latest = {}
    for record in records:
        latest.setdefault(record_pk(record), record)
    return latest


def latest_record(history, when):
    """The newest record of ``history`` (one object's records) at ``when``; None if it did not exist then."""
    record = history.filter(history_date__lte=when).order_by("-history_date", "-history_id").first()
    if record is None or record.history_type == "-":
        return None
    return record


def rows_as_of(history, when):
    """The child rows of ``history`` (one parent's row records) alive at ``when``, in order: one query."""
    records = history.filter(history_date__lte=when).order_by("-history_date", "-history_id")
    alive = [record.instance for record in latest_per_object(records).values() if record.history_type != "-"]
    alive.sort(key=lambda row: (row.order, row.pk))
    return alive


def merged_records(*histories):
    """The records of several history querysets, oldest first, with their users: one query each."""
    records = []
    for history in histories:
        records += history.select_related("history_user")
    records.sort(key=lambda record: (record.history_date, record.history_id))
    return records


def group_versions(records, continues=None):
    """[{number, date, user, reason, records, objects}, …] from records oldest first, numbered from 1.

    A second change to the same object starts a new version unless ``continues(previous,
    record)`` says the record belongs to the same save (such as the record simple-history
    adds when a save goes on to change many-to-many links).
    """
    versions = []
    for record in records:
        last = versions[-1] if versions else None
        key = (type(record).__name__, record_pk(record))
        if (
            last
            and last["user"] == record.history_user
            and last["reason"] == (record.history_change_reason or "")
            and record.history_date - last["date"] <= SAME_VERSION_WITHIN
            and (key not in last["objects"] or continues is not None and continues(last["objects"][key], record))
        ):
            last["date"] = record.history_date
            last["records"].append(record)
            last["objects"][key] = record
            continue
        versions.append(
            {
                "number": len(versions) + 1,
                "date": record.history_date,
                "user": record.history_user,
                "reason": record.history_change_reason or "",
                "reason_shown": display_reason(record.history_change_reason),
                "records": [record],
                "objects": {key: record},
            }
        )
    return versions


def related_labels(model, snapshots, names):
    """{field name: {pk: label}} for the foreign keys ``names`` of ``snapshots``: one query per field.

    A diff then names the parent department or the head position instead of showing its
    id; an object deleted since is shown by its id.
    """
    labels = {}
    for name in names:
        field = model._meta.get_field(name)
        ids = {getattr(snapshot, field.attname) for snapshot in snapshots if snapshot is not None} - {None}
        found = field.related_model._base_manager.in_bulk(ids) if ids else {}
        labels[name] = {
            pk: str(found[pk]) if pk in found else gettext("%(pk)s (deleted)") % {"pk": pk} for pk in ids
        }
    return labels


def field_values(instance, model, *, skipped=(), labels=None):
    """{field name: (verbose name, value as HR reads it)} for the fields of ``model`` a diff shows."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.name in skipped or field.name == "order":
            continue
        value = getattr(instance, field.attname)
        if field.choices:
            value = dict(field.flatchoices).get(value, value)
        elif labels and field.name in labels and value is not None:
            value = labels[field.name].get(value, value)
        elif isinstance(value, bool):
            value = gettext("Yes") if value else gettext("No")
        values[field.name] = (str(field.verbose_name), value)
    return values


def field_changes(old, new, model, *, skipped=(), labels=None):
    """[{field, old, new}, …] in the model's field order; ``old`` or ``new`` may be None (added, removed)."""
    before = field_values(old, model, skipped=skipped, labels=labels) if old is not None else {}
    after = field_values(new, model, skipped=skipped, labels=labels) if new is not None else {}
    changes = []
    for field in model._meta.concrete_fields:
        if field.name not in before and field.name not in after:
            continue
        label = (after.get(field.name) or before[field.name])[0]
        old_value = before.get(field.name, (label, None))[1]
        new_value = after.get(field.name, (label, None))[1]
        if old_value != new_value and (old_value or new_value):
            changes.append({"field": label, "old": old_value, "new": new_value})
    return changes


def _by_identity(rows):
    """{key: row}: a saved row by its primary key; a row with none (shown from elsewhere, such as a
    standard position's rows a position inherits) by its place among those, after the saved ones."""
    unsaved = [row for row in rows if row.pk is None]
    return {**{(0, row.pk): row for row in rows if row.pk is not None}, **{(1, place): row for place, row in enumerate(unsaved)}}


def row_changes(old_rows, new_rows, model, *, skipped=()):
    """[{change: added/removed/changed, label, fields}, …] between two lists of child rows, by primary key."""
    old_rows, new_rows = _by_identity(old_rows), _by_identity(new_rows)
    rows = []
    for pk in sorted(old_rows.keys() | new_rows.keys()):
        before, after = old_rows.get(pk), new_rows.get(pk)
        if before is None:
            rows.append({"change": "added", "label": str(after), "fields": field_changes(None, after, model, skipped=skipped)})
        elif after is None:
            rows.append({"change": "removed", "label": str(before), "fields": field_changes(before, None, model, skipped=skipped)})
        else:
            fields = field_changes(before, after, model, skipped=skipped)
            if before.order != after.order:
                fields.append({"field": str(_("order")), "old": before.order, "new": after.order})
            if fields:
                rows.append({"change": "changed", "label": str(after), "fields": fields})
    return rows


def row_sections(old, new, kinds, *, skipped=()):
    """One diff section per kind of child row (``kernel.rows.RowKind``), from the rows ``old`` and
    ``new`` carry in their prefetch cache."""
    sections = []
    for kind in kinds:
        rows = row_changes(
            old._prefetched_objects_cache[kind.key] if old is not None else [],
            new._prefetched_objects_cache[kind.key] if new is not None else [],
            kind.model,
            skipped=skipped,
        )
        sections.append({"title": kind.verbose_name_plural, "kind": "rows", "rows": rows})
    return sections


def non_empty(sections):
    return [section for section in sections if section.get("changes") or section.get("rows")]


def compare_versions(versions, query, snapshot_at, diff):
    """A history page's context: the versions newest first and the diff of versions ``a`` and ``b``.

    ``query`` is the request's GET, naming entries by ``key``: the version's number, or the key an
    entry without a number brings (an event that changed what the object shows, such as a standard
    position's publication, which is compared but not restored); a missing or unknown key falls back
    to the last two entries. ``a`` and ``b`` are the labels the page shows, ``a_key`` and ``b_key`` the
    keys chosen. Every numbered version but the newest is ``restorable``. ``snapshot_at(when)``
    rebuilds the object, ``diff(old, new)`` compares two.
    """
    newest = max((version["number"] for version in versions if version["number"] is not None), default=None)
    for version in versions:
        version.setdefault("key", str(version["number"]))
        version.setdefault("label", version["number"])
        version["restorable"] = version["number"] is not None and version["number"] != newest
    context = {"versions": list(reversed(versions))}
    if len(versions) < 2:
        return context
    by_key = {version["key"]: version for version in versions}

    def chosen(name, default):
        value = str(query.get(name, default))
        return value if value in by_key else default

    a, b = chosen("a", versions[-2]["key"]), chosen("b", versions[-1]["key"])
    context.update(
        a=by_key[a]["label"], b=by_key[b]["label"], a_key=a, b_key=b,
        diff=diff(snapshot_at(by_key[a]["date"]), snapshot_at(by_key[b]["date"])),
    )
    return context
