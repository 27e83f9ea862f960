"""JSON data of the interactive charts, each built from a fixed number of queries.

The browser gets flat lists of nodes with their parent's id (``null`` for a top node) and
builds the tree itself; a node whose parent lies outside the chosen scope becomes a top node.
Rows are read with ``values_list`` so that 20,000 positions cost tuples, not model instances.
"""
from urllib.parse import quote

from django.urls import reverse
from django.utils.translation import gettext as _

from departments.models import COMPANY_KINDS, Department
from jobs.headcount import department_headcounts, position_gap
from jobs.publication import published_labels, show_published_labels
from jobs.models import Position
from jobs.standards import shown_level_name, standard_labels
from kernel.shortcuts import get_by_code_or_404


def _url_maker(name):
    """Turn a code into the page URL without calling ``reverse`` once per node."""
    prefix, suffix = reverse(name, args=["__code__"]).split("__code__")
    return lambda code: f"{prefix}{quote(code)}{suffix}"


def department_chart_data(*, published=False, root=None):
    """Every active department with its head position and its numbers (``jobs.headcount``: the
    subtree's 定员, 在岗, positions in force, against its 编制), the same for every reader.

    Two queries (three when a position has a newer draft): the departments joined to their head
    position, and the counted positions. ``root``: only that department (a company) and its subtree. With ``published`` (a reader who sees published versions
    only) a head whose current row is a newer draft shows its published title: one more query.
    """
    rows = list(
        Department.objects.order_by("tree_id", "lft")
        .values_list("id", "parent_id", "code", "name", "kind", "head_position_id", "head_position__title",
                     "head_position__approved_at", "head_position__status", "authorised_headcount", "is_active")
    )
    numbers = department_headcounts(departments=[(row[0], row[1], row[9]) for row in rows])
    rows = [row for row in rows if row[10]]
    if root is not None:  # one company's chart: its subtree
        inside = {root.pk}
        rows = [row for row in rows if row[0] == root.pk or row[1] in inside and not inside.add(row[0])]
    if published:
        drafts = [row[5] for row in rows if row[7] is not None and row[8] != Position.Status.PUBLISHED]
        titles = {pk: labels[0] for pk, labels in published_labels(drafts).items()} if drafts else {}
        rows = [(*row[:5], None if row[7] is None or row[8] == Position.Status.ARCHIVED else titles.get(row[5], row[6]))
                for row in rows]
    else:
        rows = [(*row[:5], row[6]) for row in rows]
    url = _url_maker("departments:detail")
    ids = {row[0] for row in rows}
    nodes = []
    for department_id, parent_id, code, name, kind, head in rows:
        counted = numbers[department_id]
        nodes.append({
            "id": department_id,
            "parent": parent_id if parent_id in ids else None,
            "code": code,
            "name": name,
            "company": kind in COMPANY_KINDS,
            "head": head or "",
            "headcount": counted.total.planned,
            "unset": counted.total.unset,
            "actual": counted.total.actual_or_none,
            "authorised": counted.authorised,
            "gap": counted.staffing_gap,
            "positions": counted.total.positions,
            "url": url(code),
        })
    return {"kind": "departments", "title": _("Company departments"), "nodes": nodes}


def position_chart_scope(department_code=None, position_code=None, *, published=False):
    """The positions a reporting-line chart shows, and its title. One query, or none.

    A position and everything under it; the positions of a department and its
    sub-departments; or, with neither code, the whole company. Unknown codes give 404,
    and so does a position never published for a reader of published versions, who
    sees the published title of a position with a newer draft (one more query).
    """
    if position_code:
        positions = Position.objects.in_force() if published else Position.objects
        position = get_by_code_or_404(positions, position_code)
        if published:
            show_published_labels([position])
        scope = position.get_descendants(include_self=True)
        title = _("Reporting lines under %(title)s") % {"title": position.title}
    elif department_code:
        department = get_by_code_or_404(Department, department_code)
        scope = Position.objects.in_department_tree(department)
        title = _("Reporting lines in %(name)s") % {"name": department.name}
    else:
        scope = Position.objects.all()
        title = _("Reporting lines of the whole company")
    return scope, title


def position_chart_data(scope, title="", *, published=False):
    """Positions of ``scope`` with their superior and dotted-line supervisors. Two queries.

    With ``published`` (a reader who sees published versions only) a position whose
    current row is a newer draft shows its published title, level and 定员: one more
    query when there is such a draft. A position based on a standard position shows the
    standard's job level unless it has its own (``jobs.standards``): one more query when
    some position of ``scope`` is based on one.
    """
    rows = list(
        scope.order_by("tree_id", "lft").values_list(
            "id", "reports_to_id", "code", "title", "department__name", "job_level__name", "headcount",
            "status", "approved_at", "actual_headcount", "standard_id", "own_sections",
        )
    )
    if published:
        has_drafts = any(row[8] is not None and row[7] != Position.Status.PUBLISHED for row in rows)
        drafts = scope.order_by().filter(approved_at__isnull=False).exclude(status=Position.Status.PUBLISHED)
        labels = published_labels(drafts.values("id")) if has_drafts else {}
        rows = [
            (*row[:3], labels[row[0]][0], row[4], labels[row[0]][2], labels[row[0]][3], *row[7:10], *labels[row[0]][4:])
            if row[0] in labels else row
            for row in rows
        ]
    inherited = standard_labels(row[10] for row in rows)
    rows = [(*row[:5], shown_level_name(row[5], row[10], row[11], inherited), *row[6:10]) for row in rows]
    through = Position.dotted_supervisors.through
    dotted = {}
    for subordinate_id, supervisor_id in through.objects.filter(
        from_position_id__in=scope.order_by().values("id")
    ).values_list("from_position_id", "to_position_id"):
        dotted.setdefault(subordinate_id, []).append(supervisor_id)
    url = _url_maker("jobs:position_detail")
    ids = {row[0] for row in rows}
    actual = {row[0]: row[9] for row in rows}
    nodes = [
        {
            "id": position_id,
            "parent": parent_id if parent_id in ids else None,
            "code": code,
            "name": title_,
            "department": department or "",
            "level": level or "",
            "headcount": headcount,
            "actual": actual[position_id],
            "gap": position_gap(headcount, actual[position_id]),
            "dotted": [i for i in dotted.get(position_id, ()) if i in ids],
            "url": url(code),
        }
        for position_id, parent_id, code, title_, department, level, headcount in (row[:7] for row in rows)
    ]
    return {"kind": "positions", "title": title, "nodes": nodes}
