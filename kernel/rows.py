"""Ordered child rows (a position's duties, a department's policies …): what a kind is, and the
one way to make a parent's rows equal a list.

Each app declares its kinds once (``jobs.models.POSITION_ROWS``, ``departments.models.DEPARTMENT_ROWS``);
import, export, history, restore and the Word import all read that registry, so a new kind of
row is added in one place.
"""
from dataclasses import dataclass
from functools import cached_property

from django.db import models


@dataclass(frozen=True)
class RowKind:
    """A kind of ordered child row: ``key`` is its related name on the parent (``duties``),
    ``parent`` the name of its foreign key to the parent (``position``)."""

    key: str
    model: type
    parent: str

    @cached_property
    def fields(self):
        """The fields HR fills in, in model order (not the id, the parent or the order)."""
        return tuple(
            field.name for field in self.model._meta.concrete_fields
            if field.name not in ("id", self.parent, "order") and not field.primary_key
        )

    @property
    def verbose_name_plural(self):
        return self.model._meta.verbose_name_plural

    def of(self, parent):
        """The rows of ``parent`` as stored, in order."""
        return self.model.objects.filter(**{self.parent: parent}).order_by("order", "pk")


def assign(instance, values):
    """Set ``values`` on ``instance``; True when anything changed.

    A model instance (or None for a foreign key) is compared by primary key, so that
    assigning the same department again is no change.
    """
    changed = False
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            current, wanted = getattr(instance, field.attname), getattr(value, "pk", value)
        else:
            current, wanted = getattr(instance, name), value
        if current != wanted:
            setattr(instance, name if isinstance(value, models.Model) or value is None else field.attname, value)
            changed = True
    return changed


def save_if_changed(instance, values, *, is_new=False, reason="", user=None):
    """Assign ``values``, validate and save — only when something changed (or the row is new), so
    that saving the same data again writes no history entry. True when it saved."""
    if not (assign(instance, values) or is_new):
        return False
    instance.full_clean()
    if reason:
        instance._change_reason = reason  # the history entry's reason (django-simple-history)
    if user is not None:
        instance._history_user = user
    instance.save()
    return True


def sync_rows(kind, parent, rows, *, reason="", user=None):
    """Make ``parent``'s rows of ``kind`` equal ``rows`` (dicts of field values), in order.

    Rows are matched by their place in the list and updated in place, so ids (and their
    history) stay put; surplus rows are deleted. Returns True when anything changed.
    """
    existing = list(kind.of(parent))
    changed = False
    for order, data in enumerate(rows, start=1):
        values = {name: data.get(name, _blank(kind.model, name)) for name in kind.fields} | {"order": order}
        if existing:
            row, is_new = existing.pop(0), False
        else:
            row, is_new = kind.model(**{kind.parent: parent}), True
        changed |= save_if_changed(row, values, is_new=is_new, reason=reason, user=user)
    for row in existing:
        row._change_reason, row._history_user = reason, user
        row.delete()
        changed = True
    return changed


def restore_rows(snapshot, parent, kinds, *, reason, user):
    """Make ``parent``'s rows those of ``snapshot`` (an object rebuilt from the history, its rows
    in the prefetch cache): rows added since are deleted, rows deleted since come back with their
    old ids; every write carries ``reason`` and ``user``."""
    for kind in kinds:
        wanted = {row.pk: row for row in snapshot._prefetched_objects_cache[kind.key]}
        for row in kind.model.objects.filter(**{kind.parent: parent}):
            if row.pk not in wanted:
                row._change_reason, row._history_user = reason, user
                row.delete()
        for row in wanted.values():
            row._change_reason, row._history_user = reason, user
            row.save()


def _blank(model, name):
    """What a field holds when the data leaves it out: its default, else None or ""."""
    field = model._meta.get_field(name)
    if field.has_default():
        return field.get_default()
    return None if field.null else ""
