"""Departments that the 岗位 sheet names and that exist nowhere yet: the import creates them.

A company's own staffing table names each position's department (所在部门, or one column per
level: 一级部门 | 二级部门 …) and seldom comes with a 部门 sheet.  A department it names that is
neither on the 部门 sheet nor in the system is created, where the name puts it:

- a name path (集团/市场部/渠道组) gets its missing levels under the deepest level that exists,
  found the way ``Departments.ref`` finds a path (the top of the path need not be the top of the tree);
- a plain name, or a path none of whose levels exists, goes under the organisation's only
  top-level department when it has exactly one, otherwise it becomes a top-level department.

Paths are placed first, the longest first, then plain names, so the same file gives the same
tree whatever the order of its rows.  A new department's code is its parent's code and a sequence
number (HT-MKT-01), and importing the file again finds it by name and changes nothing.
Nothing is created for a reference that looks like a code (an unknown code stays an error),
that matches several departments (reported with its candidates by ``Departments.ref``), or that
names a row of the 部门 sheet which could not be read.  Everything else about a new department
(编制, head, duties) is left empty.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.importing.references import CODE_LIKE, TREE_FIELDS, dash_segments, next_code, path_segments
from jobs.importing.report import NewDepartment
from jobs.importing.sheets import SHEETS_BY_KEY
from kernel.wording import listing, sentences

SHOWN = 10  # new departments named in the preview's note; the preview's table lists them all


def create_named_departments(departments, position_rows, department_rows, report):
    """Add to ``departments`` (a ``references.Departments``) each department that ``position_rows``
    name and nobody has; list them in ``report``. Runs after the 部门 sheet is matched, before the
    岗位 rows are resolved, so that they find the new departments like any other."""
    wanted = {}  # reference -> the 岗位 rows that give it
    for row in position_rows:
        ref = row.values.get("department")
        if ref and ref not in departments:
            wanted.setdefault(ref, []).append(row.result.row)
    if not wanted:
        return
    unreadable = {row.values.get("name") for row in department_rows if row.obj is None}
    plans = []
    for ref, rows in wanted.items():
        if departments.find(ref):
            continue  # one department, or several: Departments.ref reports those
        if CODE_LIKE.match(ref):
            departments.problems[ref] = (
                _("Cannot find the department code “%(code)s”.") % {"code": ref},
                _("Write a department code from the “%(sheet)s” sheet or the system; to create a department, write its "
                  "name (e.g. Sales).") % {"sheet": SHEETS_BY_KEY["departments"].title},
            )
            continue
        segments = _segments_to_create(departments, ref)
        if segments and not unreadable.intersection(segments):
            plans.append((segments, ref, rows))
    plans.sort(key=lambda plan: -len(plan[0]))  # paths first, longest first; file order otherwise
    top = _only_root(departments)
    for segments, ref, rows in plans:
        if len(segments) > 1:
            _create_path(departments, segments, ref, rows, top)
    top = _only_root(departments)
    for segments, ref, rows in plans:
        if len(segments) == 1:
            _create_path(departments, segments, ref, rows, top)
    for entry in departments.new.values():
        parent = departments.final_parent(entry.code)
        entry.parent = departments.path(parent) if parent else ""
        entry.rows.sort()
    report.new_departments = list(departments.new.values())
    if departments.new:
        _note_new_departments(departments, top, report)


def _segments_to_create(departments, ref):
    """The levels of ``ref``: its path, or its dashes when the text before the first dash
    names a department (so 市场部-渠道组 is a level under 市场部, 华东-一区 one name)."""
    dashed = dash_segments(ref)
    if dashed and departments.names.get(dashed[0]):
        return dashed
    return path_segments(ref)


def _create_path(departments, segments, ref, rows, top):
    """Create the missing levels of ``segments`` under the deepest one that exists (``top``
    when none does); note ``rows`` on every new level it passes through."""
    parent, start = top, 0
    for depth in range(len(segments), 0, -1):
        found = departments.at(segments[:depth])
        if len(found) > 1:
            if depth < len(segments):
                listed = listing(_("%(path)s (%(code)s)") % {"path": departments.path(code), "code": code} for code in found)
                departments.problems[ref] = (
                    _("“%(part)s” in the department “%(ref)s” is ambiguous; it may be: %(candidates)s.")
                    % {"ref": ref, "part": "/".join(segments[:depth]), "candidates": listed},
                    _("Write the department code instead, or a longer path (e.g. Group/Marketing/Business Development)."),
                )
            return
        if found:
            parent, start = found[0], depth
            break
    chain = [code for code in departments.tree.ancestors(parent) if code in departments.new] if parent else []
    for name in segments[start:]:
        parent = _new_department(departments, name, parent, ref)
        if parent is None:
            return
        chain.append(parent)
    for code in chain:
        departments.new[code].rows.extend(rows)  # each row names one department: no row comes twice


def _new_department(departments, name, parent, ref):
    """A new department ``name`` under ``parent`` added to the tree; its code, or None with
    the reason kept for ``Departments.ref`` to report on each row that names it."""
    tree = departments.tree
    code = next_code(parent or "D", tree.nodes)
    department = tree.model(code=code, name=name, lft=0, rght=0, tree_id=0, level=0)
    try:
        department.clean_fields(exclude=["parent", "head_position", *TREE_FIELDS])
    except ValidationError as error:
        departments.problems[ref] = (
            _("The new department “%(name)s”: %(errors)s")
            % {"name": name, "errors": sentences(m for messages in error.message_dict.values() for m in messages)},
            _("Change the department name."),
        )
        return None
    tree.nodes[code] = department
    tree.parent[code] = parent
    tree.order[code] = (2, len(departments.new), 0)  # after the siblings already there
    tree.created.append(code)
    departments.names.setdefault(name, []).append(code)
    departments.new[code] = NewDepartment(code, name)
    return code


def _only_root(departments):
    """The code of the only top-level department (the system's, the 部门 sheet's and those
    created so far), or None when there are none or several."""
    roots = [code for code in departments.tree.nodes if departments.final_parent(code) is None]
    return roots[0] if len(roots) == 1 else None


def _note_new_departments(departments, top, report):
    """A note above the preview: how many, which, and where a plain name went (``top``)."""
    new = list(departments.new.values())
    listed = listing(
        (_("%(name)s (%(code)s, under “%(parent)s”)") if entry.parent else _("%(name)s (%(code)s, top level)"))
        % {"name": entry.name, "code": entry.code, "parent": entry.parent}
        for entry in new[:SHOWN]
    )
    if len(new) > SHOWN:
        listed = _("%(listed)s and others, %(count)d in all") % {"listed": listed, "count": len(new)}
    department_sheet = SHEETS_BY_KEY["departments"].title
    if any(departments.final_parent(entry.code) == top for entry in new):
        placement = (
            _("Departments given by their name only become top-level departments (neither the system nor the file "
              "has a single top-level department).") if top is None
            else _("Departments given by their name only go under the single top-level department “%(top)s”.")
            % {"top": departments[top].name}
        )
        details = _(
            "The levels missing from a path (e.g. Group/Marketing/Channels) are created under the deepest level that "
            "exists. %(placement)s The new departments' headcount, head and so on are left empty: fill them in after the "
            "import, or list these departments on the “%(sheet)s” sheet."
        ) % {"placement": placement, "sheet": department_sheet}
    else:
        details = _(
            "The levels missing from a path (e.g. Group/Marketing/Channels) are created under the deepest level that "
            "exists. The new departments' headcount, head and so on are left empty: fill them in after the import, or "
            "list these departments on the “%(sheet)s” sheet."
        ) % {"sheet": department_sheet}
    report.warnings.append(ngettext(
        "On sheet “%(sheet)s”, the positions' departments include %(count)d department that is neither on the "
        "“%(departments)s” sheet nor in the system; the import creates it: %(listed)s. %(details)s",
        "On sheet “%(sheet)s”, the positions' departments include %(count)d departments that are neither on the "
        "“%(departments)s” sheet nor in the system; the import creates them: %(listed)s. %(details)s",
        len(new),
    ) % {
        "sheet": report.sheets["positions"].title, "count": len(new), "departments": department_sheet, "listed": listed,
        "details": details,
    })
