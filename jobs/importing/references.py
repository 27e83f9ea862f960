"""The two trees as an import will leave them, and every way a file names a department or a position.

A :class:`Tree` holds the stored nodes by code, the file's rows matched to them, and each node's
final parent; :class:`Departments` and :class:`Positions` resolve references on top of it — a
department by code, name path or unique name, a position by code or by title — against the final
parents (the file's, else the stored ones). Reporting cycles are found across file and database.
Nothing here writes.
"""
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from jobs.importing.sheets import SHEETS_BY_KEY
from kernel.wording import listing

TREE_FIELDS = ["lft", "rght", "tree_id", "level"]

_PATH_SEPARATOR = re.compile(r"\s*[/／>＞\\]\s*")
# "市场部-拓展部": a dash separates levels only when no other separator is there and the text as
# a whole names no department (names such as 华东-一区 exist).
_DASH = re.compile(r"\s*[-－]\s*")
# Letters, digits and - _ . with at least one digit or - _ .: a code (G-MKT, 101), never a name.
CODE_LIKE = re.compile(r"^[A-Za-z0-9_.-]*[0-9_.-][A-Za-z0-9_.-]*$")
# A cell that says "none" on purpose (a position made top-level): a blank cell keeps what is stored.
NONE_WORDS = {"无", "没有", "空", "-", "—", "/", "／", "无上级", "none", "None", "NONE"}
# A code in brackets after a name: 销售代表（STD-SALES） or 销售代表 (STD-SALES) 第 2 版.
_BRACKETED_CODE = re.compile(r"[（(]\s*([A-Za-z0-9_.-]+)\s*[)）]")
# The header that narrows down a superior given by title (上级所在部门).
SUPERIOR_DEPARTMENT = SHEETS_BY_KEY["positions"].column("reports_to_department").header


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


def next_code(prefix, taken, *, width=2, limit=32):
    """The first free code ``prefix-01``, ``prefix-02`` … (readable, unlike a digest); a prefix too
    long for the code field is cut so that the code fits ``limit`` characters."""
    prefix = prefix[: limit - width - 1] if prefix else "N"
    number = 1
    while f"{prefix}-{number:0{width}d}" in taken:
        number += 1
    return f"{prefix}-{number:0{width}d}"


@dataclass
class Tree:
    """One tree (departments or positions) as the import will leave it."""

    model: type
    nodes: dict  # code -> object: stored, or new and unsaved
    stored_parent: dict  # code -> parent code as stored
    order: dict  # code -> sort key among siblings: the file's rows first, in file order
    code_by_pk: dict
    rows: dict = field(default_factory=dict)  # code -> the file's row for it
    parent: dict = field(default_factory=dict)  # code -> final parent code, where the import decides it
    created: list = field(default_factory=list)  # codes of new nodes no row gives (departments named on 岗位 rows)

    @classmethod
    def load(cls, model, parent_field):
        existing = list(model.objects.all())
        code_by_pk = {obj.pk: obj.code for obj in existing}
        parent_id = f"{parent_field}_id"
        return cls(
            model,
            nodes={obj.code: obj for obj in existing},
            stored_parent={obj.code: code_by_pk.get(getattr(obj, parent_id)) for obj in existing},
            order={obj.code: (1, obj.tree_id, obj.lft) for obj in existing},
            code_by_pk=code_by_pk,
        )

    def final_parent(self, code):
        return self.parent[code] if code in self.parent else self.stored_parent.get(code)

    def ancestors(self, code):
        """``code`` and its final ancestors, top first (stops at a cycle)."""
        chain, seen = [], set()
        while code is not None and code not in seen:
            seen.add(code)
            chain.append(code)
            code = self.final_parent(code)
        return chain[::-1]

    def match_rows(self, rows, apply):
        """Match each code's first row to its stored node or a new one; ``apply(row)`` sets the
        row's plain values on it. Rows sort before stored nodes, in file order."""
        for index, row in enumerate(rows):
            code = row.values.get("code")
            if code is None or code in self.rows:
                continue
            obj = self.nodes.get(code)
            row.is_new = obj is None
            row.obj = obj or self.model(code=code, lft=0, rght=0, tree_id=0, level=0)
            apply(row)
            self.nodes[code] = row.obj
            self.rows[code] = row
            self.order[code] = (0, index, 0)
            if row.is_new:
                self.stored_parent[code] = None

    def check_cycles(self, header, message):
        """Report each cycle of final parents once, on every row of the file that is part of it;
        ``message`` says what forms the cycle, with the chain as ``%(chain)s``."""
        reported = set()
        for start in self.rows:
            path, seen, current = [], set(), start
            while current is not None and current not in seen and current not in reported:
                seen.add(current)
                path.append(current)
                current = self.final_parent(current)
            if current is None or current in reported or current not in seen:
                continue
            cycle = path[path.index(current):]
            reported.update(cycle)
            chain = " → ".join(cycle + [current])
            in_file = [code for code in cycle if code in self.rows]
            action = (
                _("Correct the “%(column)s” of one of the rows so that the chain ends at the top. (Records already in "
                  "the system are part of the cycle.)") if len(in_file) < len(cycle)
                else _("Correct the “%(column)s” of one of the rows so that the chain ends at the top.")
            ) % {"column": header}
            for code in in_file:
                self.rows[code].problem(header, message % {"chain": chain}, action)


class Departments:
    """The department tree and the names it answers to: by code, by name path (集团/市场部/拓展部,
    the top levels may be left out), or by a unique name."""

    def __init__(self, tree, *, parent_given):
        self.tree = tree
        self.parent_given = parent_given  # whether the 部门 sheet has a 上级部门 column
        self.names = {}  # name -> codes
        for code, obj in tree.nodes.items():
            self.names.setdefault(obj.name, []).append(code)
        self.problems = {}  # ref -> (message, action) when it finds nothing for a known reason
        self.new = {}  # code -> NewDepartment: departments named on the 岗位 sheet that the import creates
        self._resolving = set()

    def __contains__(self, code):
        return code in self.tree.nodes

    def __getitem__(self, code):
        return self.tree.nodes[code]

    def final_parent(self, code):
        """The parent the file gives ``code`` (resolved on first use), else the stored one."""
        tree = self.tree
        if code in tree.parent:
            return tree.parent[code]
        row = tree.rows.get(code)
        if row is None or not self.parent_given or "parent" not in row.values:
            parent = tree.stored_parent.get(code)
        elif code in self._resolving:
            return None
        elif not row.values["parent"] and not row.is_new:
            parent = tree.stored_parent.get(code)  # a blank cell keeps the stored parent; 无 makes it top-level
        else:
            self._resolving.add(code)
            ref = row.values["parent"]
            parent = self.ref(ref, row, "上级部门") if ref and ref not in NONE_WORDS else None
            self._resolving.discard(code)
        tree.parent[code] = parent
        return parent

    def ref(self, ref, row, header):
        """A department code, a name path or a unique name -> code (None, and a problem on ``row``)."""
        if ref in self.tree.nodes:
            return ref
        candidates = self.find(ref)
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            message, action = self.problems.get(ref) or (
                _("Cannot find the department “%(ref)s”.") % {"ref": ref},
                _("Write a department code from the “%(sheet)s” sheet or the system, or the full path from the top, "
                  "e.g. Group/Marketing/Business Development.") % {"sheet": SHEETS_BY_KEY["departments"].title},
            )
            row.problem(header, message, action)
        else:
            listed = listing(_("%(path)s (%(code)s)") % {"path": self.path(code), "code": code} for code in candidates)
            row.problem(
                header, _("The department “%(ref)s” is ambiguous; it may be: %(candidates)s.") % {"ref": ref, "candidates": listed},
                _("Write the department code instead, or a longer path (e.g. Group/Marketing/Business Development)."),
            )
        return None

    def find(self, ref):
        """The codes of the departments that name or path ``ref`` may mean: a department whose
        own name is ``ref`` first (names such as 人事/行政部 contain a slash), then ``ref`` as a
        path, then its dashes as separators."""
        candidates = list(self.names.get(ref.strip(), []))
        if not candidates:
            candidates = self.at(path_segments(ref))
        if not candidates and (dashed := dash_segments(ref)):
            candidates = self.at(dashed)
        return candidates

    def at(self, segments):
        """The codes of the departments named ``segments[-1]`` whose parents, grandparents … are
        named by the segments before it (the top of the path need not be the top of the tree)."""
        candidates = []
        for code in self.names.get(segments[-1] if segments else None, []):
            current, matched = code, True
            for name in reversed(segments[:-1]):
                current = self.final_parent(current)
                if current is None or self.tree.nodes[current].name != name:
                    matched = False
                    break
            if matched:
                candidates.append(code)
        return candidates

    def path(self, code):
        """集团/市场部/拓展部: the names from the top down to ``code``, for messages."""
        return "/".join(self.tree.nodes[c].name for c in self.tree.ancestors(code))


class Positions:
    """The position tree, each position's final department, and positions found by code or title."""

    def __init__(self, tree, departments):
        self.tree = tree
        self.departments = departments
        pk_to_department = {d.pk: code for code, d in departments.tree.nodes.items() if d.pk}
        self.department = {code: pk_to_department.get(p.department_id) for code, p in tree.nodes.items()}
        self._file_titles, self._stored_titles = {}, {}

    def __contains__(self, code):
        return code in self.tree.nodes

    def __getitem__(self, code):
        return self.tree.nodes[code]

    def index_titles(self):
        """(department code or None, title) -> codes, for the positions of the file and for those
        only in the database, each position under its final department."""
        self._file_titles, self._stored_titles = {}, {}
        for code, obj in self.tree.nodes.items():
            titles = self._file_titles if code in self.tree.rows else self._stored_titles
            titles.setdefault((self.department.get(code), obj.title), []).append(code)
            titles.setdefault((None, obj.title), []).append(code)

    def ref(self, ref, row, header, department, *, only_there=False, exclude=None):
        """A position code, or a title -> code (None, and a problem on ``row``).

        Several positions often share a title (经理, 主管), so a title is looked for in this
        order, and the first place that has it decides: the file within ``department``, the
        whole file, the database within ``department``, the whole database.  With
        ``only_there`` (the file named the department, 上级所在部门) only ``department`` is
        searched.  Two or more matches in the deciding place are reported with each candidate's
        department and code, each once, never settled by a guess; ``exclude`` (the row's own
        position) is never a match.
        """
        if ref in self.tree.nodes:
            return ref
        scopes = [department] if only_there or department is None else [department, None]
        for titles, scope in [(titles, scope) for titles in (self._file_titles, self._stored_titles) for scope in scopes]:
            matches = list(dict.fromkeys(code for code in titles.get((scope, ref), ()) if code != exclude))
            if len(matches) == 1:
                return matches[0]
            if matches:
                listed = listing(f"{self.department_name(code)} {code}" for code in matches[:10])
                if len(matches) > 10:
                    listed = _("%(listed)s and others, %(count)d in all") % {"listed": listed, "count": len(matches)}
                columns = {"column": header, "department_column": SUPERIOR_DEPARTMENT}
                row.problem(
                    header,
                    _("The position title “%(title)s” matches several positions: %(candidates)s.")
                    % {"title": ref, "candidates": listed},
                    (_("Write the position code in “%(column)s”, or name the superior's department in “%(department_column)s”.")
                     if header == "直接上级" and not only_there else _("Write the position code in “%(column)s”.")) % columns,
                )
                return None
        if only_there:
            row.problem(
                header,
                _("There is no position “%(title)s” in “%(department)s”.")
                % {"title": ref, "department": self.departments[department].name},
                _("Check “%(department_column)s” and the position title, or write the superior's position code.")
                % {"department_column": SUPERIOR_DEPARTMENT},
            )
        else:
            row.problem(
                header, _("Cannot find the position “%(ref)s”.") % {"ref": ref},
                _("Write a position code from the “%(sheet)s” sheet or the system, or a position title unique in its department.")
                % {"sheet": SHEETS_BY_KEY["positions"].title},
            )
        return None

    def department_name(self, code):
        """The name of position ``code``'s department, for messages: as resolved, else as the file wrote it."""
        department = self.department.get(code)
        if department in self.departments:
            return self.departments[department].name
        row = self.tree.rows.get(code)
        return (row.values.get("department") if row is not None else "") or _("(no department)")


class Standards:
    """The standard positions (基准岗位) as the import will leave them: stored, and the file's rows
    matched to them by code; found by code or by a title no other standard position has."""

    def __init__(self, nodes):
        self.nodes = nodes  # code -> object: stored, or new and unsaved
        self.rows = {}  # code -> the file's row for it
        self.code_by_pk = {obj.pk: code for code, obj in nodes.items()}

    @classmethod
    def load(cls, model):
        return cls({obj.code: obj for obj in model.objects.all()})

    def __contains__(self, code):
        return code in self.nodes

    def __getitem__(self, code):
        return self.nodes[code]

    def add(self, row):
        self.nodes[row.obj.code] = row.obj
        self.rows[row.obj.code] = row

    def title_of_pk(self, pk):
        code = self.code_by_pk.get(pk)
        return self.nodes[code].title if code in self.nodes else ""

    def find(self, ref):
        """The code of the one standard position ``ref`` names by code or title, else None."""
        if ref in self.nodes:
            return ref
        matches = [code for code, obj in self.nodes.items() if obj.title == ref]
        if len(matches) == 1:
            return matches[0]
        if not matches:  # 销售代表（STD-SALES）第 2 版, as a document names it: a title is no code in brackets
            for code in _BRACKETED_CODE.findall(ref):
                if code in self.nodes:
                    return code
        return None

    def ref(self, ref, row, header):
        """The code of the standard position ``ref`` names by code or title (None, and a problem on ``row``)."""
        found = self.find(ref)
        if found is not None:
            return found
        matches = [code for code, obj in self.nodes.items() if obj.title == ref]
        sheet = SHEETS_BY_KEY["standards"].title
        if matches:
            row.problem(
                header, _("The standard position title “%(title)s” matches several standard positions: %(codes)s.")
                % {"title": ref, "codes": listing(matches[:10])},
                _("Write the standard position code in “%(column)s”.") % {"column": header},
            )
        else:
            row.problem(
                header, _("Cannot find the standard position “%(ref)s”.") % {"ref": ref},
                _("Write the code or title of a standard position in the system, or add it on the “%(sheet)s” sheet.")
                % {"sheet": sheet},
            )
        return None
