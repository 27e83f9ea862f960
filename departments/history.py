"""A department's change history: versions, "as of time T" and diffs.

A version is one save as HR sees it: the department's own historical record and those of
its duties (部门职责) and policies (部门制度) written together. ``department_as_of``
rebuilds the department at a moment from the historical tables alone, in four queries
whatever the number of rows; the diff names the parent department and the head position
(two more queries) instead of showing their ids.
"""
from django.utils.translation import gettext_lazy as _

from departments.models import DEPARTMENT_ROWS, Department
from kernel.history import (
    TREE_FIELDS,
    field_changes,
    group_versions,
    latest_record,
    merged_records,
    non_empty,
    related_labels,
    row_sections,
    rows_as_of,
)

SKIPPED_FIELDS = {"id", "department", *TREE_FIELDS}
NAMED_LINKS = ("parent", "head_position")


def department_versions(department):
    """[{number, date, user, reason, records}, …], oldest first, numbered from 1: three queries."""
    return group_versions(
        merged_records(
            Department.history.filter(id=department.pk),
            *(kind.model.history.filter(department_id=department.pk) for kind in DEPARTMENT_ROWS),
        )
    )


def department_as_of(department, when):
    """``department`` as it stood at ``when``, or None when it did not exist yet.

    An unsaved Department with the historical field values, its current place in the
    tree (the tree is not versioned) and its duties and policies then in the prefetch
    cache, so ``snapshot.duties.all()`` reads them without a query.
    """
    record = latest_record(Department.history.filter(id=department.pk), when)
    if record is None:
        return None
    snapshot = record.instance
    for name in TREE_FIELDS:
        setattr(snapshot, name, getattr(department, name))
    snapshot._prefetched_objects_cache = {
        kind.key: rows_as_of(kind.model.history.filter(department_id=department.pk), when) for kind in DEPARTMENT_ROWS
    }
    snapshot.history_record = record
    return snapshot


def diff_department_snapshots(old, new):
    """Field-by-field and row-by-row differences between two ``department_as_of`` snapshots."""
    labels = related_labels(Department, (old, new), NAMED_LINKS)
    sections = [
        {
            "title": _("Basic data"),
            "kind": "fields",
            "changes": field_changes(old, new, Department, skipped=SKIPPED_FIELDS, labels=labels),
        }
    ]
    sections += row_sections(old, new, DEPARTMENT_ROWS, skipped=SKIPPED_FIELDS)
    return non_empty(sections)
