"""Resolving references into the two trees of the workbook import (a mixin of the importer).

Departments are referenced by code, by a name path (集团/市场部/拓展部) or by a unique name;
positions by code or by title, looked for nearest first (see ``position_ref``).  The stored
trees are loaded once into dictionaries keyed by code; the rows of the file are matched to
them, every reference is resolved against the final parents (the file's, else the stored
ones), and reporting cycles are found across the file and the database.  Nothing here writes.
"""
import hashlib
import re

from departments.models import Department
from jobs.importing.sheets import REF, REFS, SHEETS_BY_KEY
from jobs.importing.writing import TREE_FIELDS

_PATH_SEPARATOR = re.compile(r"\s*[/／>＞\\]\s*")
# "市场部-拓展部": a dash separates levels only when no other separator is there and the text as
# a whole names no department (names such as 华东-一区 exist).
_DASH = re.compile(r"\s*[-－]\s*")
# Letters, digits and - _ . with at least one digit or - _ .: a code (G-MKT, 101), never a name.
CODE_LIKE = re.compile(r"^[A-Za-z0-9_.-]*[0-9_.-][A-Za-z0-9_.-]*$")


def _stable_code(prefix, name, short):
    """``prefix``, a dash and 8 characters of a digest of prefix and name: the same at every
    import, at most 32 characters (``short`` stands in for a missing or longer prefix)."""
    digest = hashlib.sha1(f"{prefix}/{name}".encode()).hexdigest()[:8].upper()
    return f"{prefix if prefix and len(prefix) <= 23 else short}-{digest}"


def position_code(department_code, title):
    """The code of a position that the file gives no code: its department's code and a digest of
    department and title, e.g. G-MKT-3F2A91C4 (at most 32 characters, the same at every import)."""
    return _stable_code(department_code, title, "P")


def department_code(parent_code, name):
    """The code of a department the import creates from a name on the 岗位 sheet: its parent's
    code and a digest of parent and name, e.g. HT-1C9B0E27 (D-… at the top level)."""
    return _stable_code(parent_code or "", name, "D")


def path_segments(ref):
    """The names of a department path, top first: 集团/市场部 -> [集团, 市场部] ([] for "/")."""
    return [segment for segment in _PATH_SEPARATOR.split(ref) if segment]


def dash_segments(ref):
    """市场部-拓展部 -> [市场部, 拓展部], or None when dashes cannot be levels of a path (another
    separator is used, there is no dash, or the text looks like a code)."""
    if CODE_LIKE.match(ref) or _PATH_SEPARATOR.search(ref):
        return None
    segments = [segment for segment in _DASH.split(ref) if segment]
    return segments if len(segments) > 1 else None


class References:
    """Mixed into the importer; uses its rows (``sheet_rows``, ``has``) and row checks
    (``_apply``, ``_check_fields``, ``_unique_codes``)."""

    # the two trees ------------------------------------------------------------------------
    @staticmethod
    def _load_tree(model, parent_field):
        """The tree as stored: nodes by code, each node's parent code, its place in the stored
        tree (rows of the file sort before it, see ``_match_tree_rows``), and code by pk."""
        existing = list(model.objects.all())
        code_by_pk = {obj.pk: obj.code for obj in existing}
        parent_id = f"{parent_field}_id"
        nodes = {obj.code: obj for obj in existing}
        parents = {obj.code: code_by_pk.get(getattr(obj, parent_id)) for obj in existing}
        order = {obj.code: (1, obj.tree_id, obj.lft) for obj in existing}
        return nodes, parents, order, code_by_pk

    def _match_tree_rows(self, key, model, nodes, parents, order):
        """Match each code's first row of sheet ``key`` to its stored node, or a new one, and set
        the row's plain values on it; return {code: row}.  ``nodes``, ``parents`` and ``order``
        are updated in place: a new node has no parent yet, and nodes sort in file order."""
        rows = {}
        self._unique_codes(key)
        scalar = [c.name for c in SHEETS_BY_KEY[key].columns if c.kind not in (REF, REFS) and c.imported]
        for index, row in enumerate(self.sheet_rows(key)):
            code = row.values.get("code")
            if code is None or code in rows:
                continue
            obj = nodes.get(code)
            row.is_new = obj is None
            row.obj = obj or model(code=code, lft=0, rght=0, tree_id=0, level=0)
            self._apply(row, scalar)
            nodes[code] = row.obj
            rows[code] = row
            order[code] = (0, index, 0)
            if row.is_new:
                parents[code] = None
        return rows

    # departments ---------------------------------------------------------------------------
    def _resolve_departments(self):
        self.departments, self.department_parent, self.department_db_order, code_by_pk = self._load_tree(Department, "parent")
        self.department_rows = self._match_tree_rows(
            "departments", Department, self.departments, self.department_parent, self.department_db_order
        )
        self._department_names = {}
        for code, obj in self.departments.items():
            self._department_names.setdefault(obj.name, []).append(code)
        self._resolving = set()
        self._final_parent = {}
        self.department_problems = {}  # ref -> (message, action) when it finds nothing for a known reason
        for code, row in self.department_rows.items():
            parent = self.final_department_parent(code)
            old_parent = None if row.is_new else code_by_pk.get(row.obj.parent_id)
            if parent != old_parent:
                row.changed("上级部门")
            self._check_fields(row, row.obj, "departments", exclude=["parent", "head_position", *TREE_FIELDS])
        self._check_cycles(self.department_rows, self._final_parent, "上级部门", "部门")

    def final_department_parent(self, code):
        if code in self._final_parent:
            return self._final_parent[code]
        row = self.department_rows.get(code)
        if row is None or not self.has("departments", "parent") or "parent" not in row.values:
            parent = self.department_parent.get(code)
        elif code in self._resolving:
            return None
        else:
            self._resolving.add(code)
            ref = row.values["parent"]
            parent = self.department_ref(ref, row, "上级部门") if ref else None
            self._resolving.discard(code)
        self._final_parent[code] = parent
        return parent

    def department_ref(self, ref, row, header):
        """A department code, a name path (集团/市场部/拓展部) or a unique name -> code (None + problem)."""
        if ref in self.departments:
            return ref
        candidates = self.find_departments(ref)
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            message, action = self.department_problems.get(ref) or (
                f"找不到部门“{ref}”。", "请填写“部门”工作表或系统中已有的部门编码，或从顶层写起的完整路径，如 集团/市场部/拓展部。"
            )
            row.problem(header, message, action)
        else:
            row.problem(
                header, f"部门“{ref}”不唯一，可能是：{'、'.join(candidates)}。",
                "请改填部门编码，或写出更完整的路径（如 集团/市场部/拓展部）。",
            )
        return None

    def find_departments(self, ref):
        """The codes of the departments that name or path ``ref`` may mean: a department whose
        own name is ``ref`` first (names such as 人事/行政部 contain a slash), then ``ref`` as a
        path, then its dashes as separators."""
        candidates = list(self._department_names.get(ref.strip(), []))
        if not candidates:
            candidates = self.departments_at(path_segments(ref))
        if not candidates and (dashed := dash_segments(ref)):
            candidates = self.departments_at(dashed)
        return candidates

    def departments_at(self, segments):
        """The codes of the departments named ``segments[-1]`` whose parents, grandparents … are
        named by the segments before it (the top of the path need not be the top of the tree)."""
        candidates = []
        for code in self._department_names.get(segments[-1] if segments else None, []):
            current, matched = code, True
            for name in reversed(segments[:-1]):
                current = self.final_department_parent(current)
                if current is None or self.departments[current].name != name:
                    matched = False
                    break
            if matched:
                candidates.append(code)
        return candidates

    def _check_cycles(self, rows_by_code, parent_of, header, what):
        """Report each cycle once, on every row of the file that is part of it."""
        reported = set()
        for start in rows_by_code:
            path, seen, current = [], set(), start
            while current is not None and current not in seen and current not in reported:
                seen.add(current)
                path.append(current)
                current = parent_of.get(current) if current in parent_of else self._db_parent(what, current)
            if current is None or current in reported or current not in seen:
                continue
            cycle = path[path.index(current):]
            reported.update(cycle)
            chain = " → ".join(cycle + [current])
            in_file = [code for code in cycle if code in rows_by_code]
            for code in in_file:
                rows_by_code[code].problem(
                    header, f"{what}上下级形成循环：{chain}。",
                    "请改正其中一行的" + header + "，使链条最终止于顶层。" + ("（循环中有系统中已有的记录）" if len(in_file) < len(cycle) else ""),
                )

    def _db_parent(self, what, code):
        return self.department_parent.get(code) if what == "部门" else self.position_parent.get(code)
    # position references -------------------------------------------------------------------
    def _index_titles(self):
        """(department code or None, title) -> codes, for the positions of the file and for those
        only in the database, each position under its final department."""
        self._file_titles, self._db_titles = {}, {}
        for code, obj in self.positions.items():
            titles = self._file_titles if code in self.position_rows else self._db_titles
            titles.setdefault((self.position_department.get(code), obj.title), []).append(code)
            titles.setdefault((None, obj.title), []).append(code)

    def _fill_position_codes(self):
        """Give a code to each 岗位 row without one (many company sheets have no 岗位编号 column).

        The row takes the code of the one stored position with its title in its department;
        else a code made from the department's code and the title (``position_code``), so that
        importing the file again finds the same positions instead of adding new ones.  Several
        stored positions of that title in that department are reported: the row must say which.
        """
        stored, matched, generated = {}, 0, 0
        for code, obj in self.positions.items():
            stored.setdefault((self.position_department.get(code), obj.title), []).append(code)
        for row in self.sheet_rows("positions"):
            if row.values.get("code") or ("code" not in row.values and self.has("positions", "code")):
                continue  # a code, or a code cell that could not be read (already reported)
            row.values.pop("code", None)
            if not row.values.get("title") or not row.values.get("department"):
                continue
            department = self.department_ref(row.values["department"], row, row.refs.get("department_header", "所在部门"))
            if department is None:
                continue
            title = row.values["title"]
            candidates = stored.get((department, title), [])
            if len(candidates) > 1:
                row.problem(
                    "岗位编号",
                    f"这一行没有岗位编号，而系统中“{self.departments[department].name}”有 {len(candidates)} 个“{title}”岗位："
                    f"{'、'.join(candidates[:10])}。",
                    "请填写岗位编号，指明是其中哪一个（或填写新编号以新增岗位）。",
                )
                continue
            if candidates:
                row.values["code"], row.refs["code_from"], note = candidates[0], "matched", "按部门和名称对应已有岗位"
                matched += 1
            else:
                row.values["code"], row.refs["code_from"], note = position_code(department, title), "generated", "编号为自动生成"
                generated += 1
            row.result.label = f"{row.values['code']} {title}（{note}）"
        if matched or generated:
            sheet = self.report.sheets["positions"].title
            self.report.warnings.append(
                f"工作表“{sheet}”有 {matched + generated} 行没有填写岗位编号："
                + (f"{matched} 行按所在部门和岗位名称对应到系统中已有的岗位；" if matched else "")
                + (f"{generated} 行是新岗位，已按“部门编码-8 位字符”生成编号（同一部门、同一岗位名称每次导入都得到同一编号）；"
                   if generated else "")
                + "需要自己的编号时，请在表中加上「岗位编号」列后重新导入。"
            )

    def position_ref(self, ref, row, header, department, *, only_there=False, exclude=None):
        """A position code, or a title -> code (None + problem).

        Several positions often share a title (经理, 主管), so a title is looked for in this
        order, and the first place that has it decides: the file within ``department``, the
        whole file, the database within ``department``, the whole database.  With
        ``only_there`` (the file named the department, 上级所在部门) only ``department`` is
        searched.  Two or more matches in the deciding place are reported with each candidate's
        department and code, never settled by a guess; ``exclude`` (the row's own position) is
        never a match.
        """
        if ref in self.positions:
            return ref
        scopes = [department] if only_there or department is None else [department, None]
        for titles, scope in [(titles, scope) for titles in (self._file_titles, self._db_titles) for scope in scopes]:
            matches = [code for code in titles.get((scope, ref), ()) if code != exclude]
            if len(matches) == 1:
                return matches[0]
            if matches:
                listed = "、".join(f"{self._department_name(code)} {code}" for code in matches[:10])
                more = f" 等 {len(matches)} 个" if len(matches) > 10 else ""
                also = "，或在「上级所在部门」中写明上级所在的部门" if header == "直接上级" and not only_there else ""
                row.problem(
                    header, f"岗位名称“{ref}”对应多个岗位：{listed}{more}。", f"请在「{header}」中填写岗位编号{also}。"
                )
                return None
        if only_there:
            row.problem(
                header, f"“{self.departments[department].name}”中找不到岗位“{ref}”。",
                "请检查「上级所在部门」和岗位名称，或填写上级的岗位编号。",
            )
        else:
            row.problem(header, f"找不到岗位“{ref}”。", "请填写“岗位”工作表或系统中已有的岗位编号，或在同一部门内唯一的岗位名称。")
        return None

    def _department_name(self, code):
        """The name of position ``code``'s department, for messages."""
        department = self.position_department.get(code)
        return self.departments[department].name if department in self.departments else "（未知部门）"
