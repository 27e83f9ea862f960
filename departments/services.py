"""Write operations on one department and its rows."""
from django.db import transaction
from django.utils.translation import gettext as _

from departments.history import department_as_of, department_versions
from departments.models import DEPARTMENT_ROWS, Department
from kernel.rows import restore_rows

# What a restore leaves as it is now, and why:
# - code: the natural key in URLs, imports and bookmarks; an old code may belong to another department now.
# - parent (and the MPTT fields): the tree is arranged by drag-and-drop and is not versioned; moving a
#   department back could also break the rule that a department never sits under its own descendant.
# - is_active: switching a department on or off is a decision of its own, not part of its description.
KEPT_FIELDS = {"id", "code", "parent", "is_active", "lft", "rght", "tree_id", "level"}


@transaction.atomic
def restore_department_version(*, department, number, user):
    """Make ``department``, its duties and its policies what they were in history version ``number``.

    Restoring is itself a change, recorded with the reason "restored version N" in the
    language of the request. The code, the place in the tree (parent) and the active flag
    stay as they are now (see ``KEPT_FIELDS``). The head position is restored only when that
    position still exists; otherwise the current head stays. Duties and policies deleted
    since come back with their old ids, rows added since are deleted.

    Raises ValueError, changing nothing, when there is no version ``number``.
    """
    version = next((v for v in department_versions(department) if v["number"] == number), None)
    if version is None:
        raise ValueError(number)
    current = Department.objects.get(pk=department.pk)
    snapshot = department_as_of(current, version["date"])
    head_now = current.head_position_id
    for field in Department._meta.concrete_fields:
        if field.name not in KEPT_FIELDS:
            setattr(current, field.attname, getattr(snapshot, field.attname))
    positions = Department._meta.get_field("head_position").related_model._base_manager
    if current.head_position_id not in (None, head_now) and not positions.filter(pk=current.head_position_id).exists():
        current.head_position_id = head_now
    current.full_clean()
    reason = _("restored version %(number)s") % {"number": number}
    current._change_reason, current._history_user = reason, user
    current.save()
    del current._change_reason, current._history_user
    restore_rows(snapshot, current, DEPARTMENT_ROWS, reason=reason, user=user)
    return current
