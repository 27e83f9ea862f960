"""Departments that the 岗位 sheet names and that exist nowhere yet: the import creates them.

A company's own staffing table names each position's department (所在部门, or one column per
level: 一级部门 | 二级部门 …) and seldom comes with a 部门 sheet.  A department it names that is
neither on the 部门 sheet nor in the system is created, where the name puts it:

- a name path (集团/市场部/渠道组) gets its missing levels under the deepest level that exists,
  found the way ``department_ref`` finds a path (the top of the path need not be the top of the tree);
- a plain name, or a path none of whose levels exists, goes under the organisation's only
  top-level department when it has exactly one, otherwise it becomes a top-level department.

Paths are placed first, the longest first, then plain names, so the same file gives the same
tree whatever the order of its rows.  Codes come from ``department_code`` (parent's code and a
digest), so importing the file again finds the same departments by name and changes nothing.
Nothing is created for a reference that looks like a code (an unknown code stays an error),
that matches several departments (reported with its candidates by ``department_ref``), or that
names a row of the 部门 sheet which could not be read.  Everything else about a new department
(编制, head, duties) is left empty.
"""
from django.core.exceptions import ValidationError

from departments.models import Department
from jobs.importing.references import CODE_LIKE, dash_segments, department_code, path_segments
from jobs.importing.report import NewDepartment
from jobs.importing.writing import TREE_FIELDS

SHOWN = 10  # new departments named in the preview's note; the preview's table lists them all


class NamedDepartments:
    """Mixed into the importer; runs after the 部门 sheet is resolved, before the 岗位 sheet is,
    and adds each new department to the importer's department tree (``departments``,
    ``_final_parent``) so that the 岗位 rows find it like any other."""

    def _create_named_departments(self):
        self.new_departments = {}  # code -> NewDepartment, in the order they are created
        wanted = {}  # reference -> the 岗位 rows that give it
        for row in self.sheet_rows("positions"):
            ref = row.values.get("department")
            if ref and ref not in self.departments:
                wanted.setdefault(ref, []).append(row.result.row)
        if not wanted:
            return
        unreadable = {row.values.get("name") for row in self.sheet_rows("departments") if row.obj is None}
        plans = []
        for ref, rows in wanted.items():
            if self.find_departments(ref):
                continue  # one department, or several: department_ref reports those
            if CODE_LIKE.match(ref):
                self.department_problems[ref] = (
                    f"找不到部门编码“{ref}”。", "请填写“部门”工作表或系统中已有的部门编码；要新建部门，请填写部门名称（如 销售部）。",
                )
                continue
            segments = self._segments_to_create(ref)
            if segments and not unreadable.intersection(segments):
                plans.append((segments, ref, rows))
        plans.sort(key=lambda plan: -len(plan[0]))  # paths first, longest first; file order otherwise
        top = self._only_root()
        for segments, ref, rows in plans:
            if len(segments) > 1:
                self._create_path(segments, ref, rows, top)
        top = self._only_root()
        for segments, ref, rows in plans:
            if len(segments) == 1:
                self._create_path(segments, ref, rows, top)
        for entry in self.new_departments.values():
            entry.parent = self._name_path(self._final_parent[entry.code])
            entry.rows.sort()
        self.report.new_departments = list(self.new_departments.values())
        if self.new_departments:
            self._note_new_departments(top)

    def _segments_to_create(self, ref):
        """The levels of ``ref``: its path, or its dashes when the text before the first dash
        names a department (so 市场部-渠道组 is a level under 市场部, 华东-一区 one name)."""
        dashed = dash_segments(ref)
        if dashed and self._department_names.get(dashed[0]):
            return dashed
        return path_segments(ref)

    def _create_path(self, segments, ref, rows, top):
        """Create the missing levels of ``segments`` under the deepest one that exists (``top``
        when none does); note ``rows`` on every new level it passes through."""
        parent, start = top, 0
        for depth in range(len(segments), 0, -1):
            found = self.departments_at(segments[:depth])
            if len(found) > 1:
                if depth < len(segments):
                    self.department_problems[ref] = (
                        f"部门“{ref}”中的“{'/'.join(segments[:depth])}”不唯一，可能是：{'、'.join(found)}。",
                        "请改填部门编码，或写出更完整的路径（如 集团/市场部/拓展部）。",
                    )
                return
            if found:
                parent, start = found[0], depth
                break
        chain = [code for code in self._ancestors(parent) if code in self.new_departments]
        for name in segments[start:]:
            parent = self._new_department(name, parent, ref)
            if parent is None:
                return
            chain.append(parent)
        for code in chain:
            self.new_departments[code].rows.extend(rows)  # each row names one department: no row comes twice

    def _new_department(self, name, parent, ref):
        """A new department ``name`` under ``parent`` added to the tree; its code, or None with
        the reason kept for ``department_ref`` to report on each row that names it."""
        code = department_code(parent, name)
        if code in self.departments:  # e.g. the department made by an earlier import, renamed since
            self.department_problems[ref] = (
                f"要新建的部门“{name}”的编码“{code}”已被部门“{self.departments[code].name}”使用。",
                "请填写已有部门的编码，或在“部门”工作表中列出新部门并给它一个编码。",
            )
            return None
        department = Department(code=code, name=name, lft=0, rght=0, tree_id=0, level=0)
        try:
            department.clean_fields(exclude=["parent", "head_position", *TREE_FIELDS])
        except ValidationError as error:
            self.department_problems[ref] = (
                f"要新建的部门“{name}”：{'；'.join(m for messages in error.message_dict.values() for m in messages)}",
                "请修改部门名称。",
            )
            return None
        self.departments[code] = department
        self._department_names.setdefault(name, []).append(code)
        self._final_parent[code] = parent
        self.department_db_order[code] = (2, len(self.new_departments), 0)  # after the siblings already there
        self.new_departments[code] = NewDepartment(code, name)
        return code

    def _parent_code(self, code):
        return self._final_parent[code] if code in self._final_parent else self.department_parent.get(code)

    def _ancestors(self, code):
        chain = []
        while code is not None:
            chain.append(code)
            code = self._parent_code(code)
        return chain[::-1]

    def _only_root(self):
        """The code of the only top-level department (the system's, the 部门 sheet's and those
        created so far), or None when there are none or several."""
        roots = [code for code in self.departments if self._parent_code(code) is None]
        return roots[0] if len(roots) == 1 else None

    def _name_path(self, code):
        return "/".join(self.departments[ancestor].name for ancestor in self._ancestors(code))

    def _note_new_departments(self, top):
        """A note above the preview: how many, which, and where a plain name went (``top``)."""
        new = list(self.new_departments.values())
        listed = "、".join(
            f"{entry.name}（{entry.code}，{'在“' + entry.parent + '”下' if entry.parent else '顶层部门'}）" for entry in new[:SHOWN]
        )
        more = f" 等 {len(new)} 个" if len(new) > SHOWN else ""
        placement = ""
        if any(self._final_parent[entry.code] == top for entry in new):
            placement = (
                "只写了名称的部门作为顶层部门（系统和文件中没有唯一的顶层部门）。" if top is None
                else f"只写了名称的部门放在唯一的顶层部门“{self.departments[top].name}”之下。"
            )
        sheet = self.report.sheets["positions"].title
        self.report.warnings.append(
            f"工作表“{sheet}”的所在部门中有 {len(new)} 个部门在“部门”工作表和系统中都没有，导入时将新建：{listed}{more}。"
            f"路径（如 集团/市场部/渠道组）中缺少的各级建在已有的最深一级之下；{placement}"
            "新部门的编制、负责人等为空，可在导入后补充，或在“部门”工作表中列出这些部门。"
        )
