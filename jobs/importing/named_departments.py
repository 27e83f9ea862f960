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

from jobs.importing.references import CODE_LIKE, TREE_FIELDS, dash_segments, next_code, path_segments
from jobs.importing.report import NewDepartment

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
                f"找不到部门编码“{ref}”。", "请填写“部门”工作表或系统中已有的部门编码；要新建部门，请填写部门名称（如 销售部）。",
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
                listed = "、".join(f"{departments.path(code)}（{code}）" for code in found)
                departments.problems[ref] = (
                    f"部门“{ref}”中的“{'/'.join(segments[:depth])}”不唯一，可能是：{listed}。",
                    "请改填部门编码，或写出更完整的路径（如 集团/市场部/拓展部）。",
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
            f"要新建的部门“{name}”：{'；'.join(m for messages in error.message_dict.values() for m in messages)}",
            "请修改部门名称。",
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
    listed = "、".join(
        f"{entry.name}（{entry.code}，{'在“' + entry.parent + '”下' if entry.parent else '顶层部门'}）" for entry in new[:SHOWN]
    )
    more = f" 等 {len(new)} 个" if len(new) > SHOWN else ""
    placement = ""
    if any(departments.final_parent(entry.code) == top for entry in new):
        placement = (
            "只写了名称的部门作为顶层部门（系统和文件中没有唯一的顶层部门）。" if top is None
            else f"只写了名称的部门放在唯一的顶层部门“{departments[top].name}”之下。"
        )
    sheet = report.sheets["positions"].title
    report.warnings.append(
        f"工作表“{sheet}”的所在部门中有 {len(new)} 个部门在“部门”工作表和系统中都没有，导入时将新建：{listed}{more}。"
        f"路径（如 集团/市场部/渠道组）中缺少的各级建在已有的最深一级之下；{placement}"
        "新部门的编制、负责人等为空，可在导入后补充，或在“部门”工作表中列出这些部门。"
    )
