"""JSON data of the interactive charts, each built from a fixed number of queries.

The browser gets flat lists of nodes with their parent's id (``null`` for a top node) and
builds the tree itself; a node whose parent lies outside the chosen scope becomes a top node.
Rows are read with ``values_list`` so that 20,000 positions cost tuples, not model instances.
"""
from urllib.parse import quote

from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from departments.models import Department
from jobs.models import Position


def _url_maker(name):
    """Turn a code into the page URL without calling ``reverse`` once per node."""
    prefix, suffix = reverse(name, args=["__code__"]).split("__code__")
    return lambda code: f"{prefix}{quote(code)}{suffix}"


def department_chart_data():
    """Every active department with its head position, subtree 定员 and position count.

    Two queries: the departments (joined to their head position), then the positions'
    定员 and count per department; subtree totals are summed in Python bottom-up.
    """
    rows = list(
        Department.objects.active()
        .order_by("tree_id", "lft")
        .values_list("id", "parent_id", "code", "name", "head_position__title")
    )
    own = {
        department_id: (total or 0, count)
        for department_id, total, count in Position.objects.order_by()
        .values("department_id")
        .annotate(total=Sum("headcount"), count=Count("id"))
        .values_list("department_id", "total", "count")
    }
    url = _url_maker("departments:detail")
    ids = {row[0] for row in rows}
    nodes = []
    by_id = {}
    for department_id, parent_id, code, name, head in rows:
        headcount, positions = own.get(department_id, (0, 0))
        node = {
            "id": department_id,
            "parent": parent_id if parent_id in ids else None,
            "code": code,
            "name": name,
            "head": head or "",
            "headcount": headcount,
            "positions": positions,
            "url": url(code),
        }
        nodes.append(node)
        by_id[department_id] = node
    # Tree order lists every descendant after its ancestors: walking backwards adds each
    # department's finished subtree totals to its parent exactly once.
    for node in reversed(nodes):
        if node["parent"] is not None:
            parent = by_id[node["parent"]]
            parent["headcount"] += node["headcount"]
            parent["positions"] += node["positions"]
    return {"kind": "departments", "title": _("Company departments"), "nodes": nodes}


def position_chart_scope(department_code=None, position_code=None):
    """The positions a reporting-line chart shows, and its title. One query, or none.

    A position and everything under it; the positions of a department and its
    sub-departments; or, with neither code, the whole company. Unknown codes give 404.
    """
    if position_code:
        position = get_object_or_404(Position, code=position_code)
        scope = position.get_descendants(include_self=True)
        title = _("Reporting lines under %(title)s") % {"title": position.title}
    elif department_code:
        department = get_object_or_404(Department, code=department_code)
        scope = Position.objects.in_department_tree(department)
        title = _("Reporting lines in %(name)s") % {"name": department.name}
    else:
        scope = Position.objects.all()
        title = _("Reporting lines of the whole company")
    return scope, title


def position_chart_data(scope, title=""):
    """Positions of ``scope`` with their superior and dotted-line supervisors. Two queries."""
    rows = list(
        scope.order_by("tree_id", "lft").values_list(
            "id", "reports_to_id", "code", "title", "department__name", "job_level__name", "headcount"
        )
    )
    through = Position.dotted_supervisors.through
    dotted = {}
    for subordinate_id, supervisor_id in through.objects.filter(
        from_position_id__in=scope.order_by().values("id")
    ).values_list("from_position_id", "to_position_id"):
        dotted.setdefault(subordinate_id, []).append(supervisor_id)
    url = _url_maker("jobs:position_detail")
    ids = {row[0] for row in rows}
    nodes = [
        {
            "id": position_id,
            "parent": parent_id if parent_id in ids else None,
            "code": code,
            "name": title_,
            "department": department or "",
            "level": level or "",
            "headcount": headcount,
            "dotted": [i for i in dotted.get(position_id, ()) if i in ids],
            "url": url(code),
        }
        for position_id, parent_id, code, title_, department, level, headcount in rows
    ]
    return {"kind": "positions", "title": title, "nodes": nodes}
