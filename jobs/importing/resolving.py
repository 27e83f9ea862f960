"""Phase 4 of an import: match the parsed rows to what is stored, resolve every reference and
check every object — reading the database, writing nothing — into a :class:`Plan` for the writer.

Records are matched by code (a 岗位 row without one takes the stored position of that title in that
department, or a new readable code). A row changes only the fields its sheet has columns for: what
the file does not mention is kept. Child rows (duties, KPIs …) of a position or department that
the file lists are made equal to the file's list, matched by their place in it; the other
positions' rows are not touched.
"""
import functools
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from departments.models import Department
from jobs.importing.meanings import complete
from jobs.importing.named_departments import create_named_departments
from jobs.importing.references import NONE_WORDS, TREE_FIELDS, Departments, Positions, Standards, Tree, next_code
from jobs.importing.report import CHANGED, ERROR, NEW, UNCHANGED
from jobs.importing.parsing import ParsedRow
from jobs.importing.sheets import ITEMS, REF, REFS, ROW_SHEETS, SHEETS_BY_KEY, inline_columns
from jobs.importing.word import as_shown
from jobs.models import JobFamily, JobLevel, Position, Qualification, StandardPosition, StandardQualification
from jobs.models.standards import STANDARD_ROWS_BY_KEY, STANDARD_SECTIONS
from jobs.models.position import STAFFING_FIELDS
from kernel.wording import listing, sentences

QUALIFICATION_FIELDS = [c.name for c in SHEETS_BY_KEY["qualifications"].columns if c.kind not in (REF, REFS) and c.imported]
LINK_COLUMNS = ("dotted_supervisors", "promotion_targets", "lateral_moves")
MODEL_SHEETS = {
    JobLevel: "job_levels", JobFamily: "job_families", Department: "departments", Position: "positions",
    Qualification: "qualifications", **{kind.model: key for key, kind in ROW_SHEETS.items()},
    StandardPosition: "standards", StandardQualification: "qualifications",
    **{kind.model: key for key, kind in STANDARD_ROWS_BY_KEY.items()},
}
STANDARD_EXCLUDE = ["job_level", "family", "approved_by", "approved_at", "submitted_by", "submitted_at", "published_content"]
# What a 职务等级 or 职位序列 that names nothing says, by the sheet that lists them.
LOOKUP_MESSAGES = {
    "job_levels": (
        gettext_lazy("Cannot find the job level “%(ref)s”."),
        gettext_lazy("Write the code or name of an existing job level, or add it on the “%(sheet)s” sheet first."),
    ),
    "job_families": (
        gettext_lazy("Cannot find the job family “%(ref)s”."),
        gettext_lazy("Write the code or name of an existing job family, or add it on the “%(sheet)s” sheet first."),
    ),
}


def chunks(items, size=900):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def header_of(obj, name):
    """The Chinese header of field ``name`` of ``obj``'s sheet, for the preview."""
    key = MODEL_SHEETS.get(type(obj))
    for column in SHEETS_BY_KEY[key].columns if key else ():
        if column.name == name:
            return column.header
    return name


@dataclass
class ChildRows:
    """The rows of one kind for the owners the file lists: the file's rows, matched to stored
    ones by place, and the stored rows beyond the file's list, which go."""

    kind: object
    rows: list
    surplus: list
    owners_changed: set = field(default_factory=set)  # codes of the owners whose rows change
    sheet: str = ""  # the key of the sheet the rows come from (that of ``kind`` but for a standard's rows)


@dataclass
class Plan:
    """Everything the writer needs, decided and checked."""

    levels: list
    families: list
    departments: Departments
    positions: Positions
    standards: Standards = None
    qualifications: list = field(default_factory=list)
    standard_qualifications: list = field(default_factory=list)
    child_rows: dict = field(default_factory=dict)  # sheet key -> ChildRows
    links: dict = field(default_factory=dict)  # link field -> (stale, added): (position code, target code) pairs
    relinked: set = field(default_factory=set)  # codes of positions whose links to other positions change

    def touched(self):
        """Codes of the positions whose job description the import changes: their row, their
        qualification, their rows (added, changed or removed) or their links."""
        positions = self.positions
        codes = {code for code, row in positions.tree.rows.items() if row.is_new or row.dirty}
        codes |= {row.refs["position"] for row in self.qualifications if row.is_new or row.dirty}
        for rows in self.child_rows.values():
            if rows.kind.parent == "position":
                codes |= rows.owners_changed
        return codes | self.relinked

    def standards_reopened(self):
        """Codes of the standard positions published or in review that the import changes: drafts
        from then on, as an edit in the admin leaves them (a reviewer never approves text changed
        after it was submitted)."""
        statuses = (StandardPosition.Status.PUBLISHED, StandardPosition.Status.REVIEW)
        return {code for code in self.standards_touched() if self.standards[code].status in statuses}

    def standards_touched(self):
        """Codes of the standard positions whose text the import changes: their row, their
        qualification or their rows."""
        codes = {code for code, row in self.standards.rows.items() if row.is_new or row.dirty}
        codes |= {row.refs["owner"] for row in self.standard_qualifications if row.is_new or row.dirty}
        for rows in self.child_rows.values():
            if rows.kind.parent == "standard_position":
                codes |= rows.owners_changed
        return codes

    def publications(self):
        """(codes whose row says 已发布, codes made drafts). An import never publishes — only 发布
        and a reviewer's approval do: a row saying 已发布 is read as saying nothing of the status,
        and every published position the import changes becomes a draft, as an edit in the admin
        does (managers keep the published version). A position whose only change is 在岗人数 (who
        is in it, not its job description) stays as it is."""
        positions = self.positions
        touched = self.touched()
        staffing_headers = {SHEETS_BY_KEY["positions"].column(name).header for name in STAFFING_FIELDS}
        by_rows = touched - {code for code, row in positions.tree.rows.items() if row.is_new or row.dirty}
        staffing_only = {
            code for code, row in positions.tree.rows.items()
            if not row.is_new and row.result.changes and set(row.result.changes) <= staffing_headers and code not in by_rows
        }
        marked = {code for code, row in positions.tree.rows.items() if row.refs.get("said_published")}
        reopened = {code for code in touched - staffing_only if positions[code].status == Position.Status.PUBLISHED}
        # a published position's 已发布 (as the export writes it) is said by the second count already
        return marked & (touched - staffing_only) - reopened, reopened


class Resolver:
    """Resolves the parsed sheets (``parsing.parse``) into a :class:`Plan`; problems go on the rows."""

    def __init__(self, parsed, report):
        self.parsed = parsed  # sheet key -> ParsedSheet
        self.report = report
        self.inline_changes = []  # (result, headers): records given on a 岗位 row that change that row
        self._standard_qualifications = None  # standard position pk -> its stored qualification, read once

    def rows(self, key):
        sheet = self.parsed.get(key)
        return sheet.rows if sheet else []

    def has(self, key, column):
        sheet = self.parsed.get(key)
        return sheet is not None and column in sheet.present

    def resolve(self, step):
        levels = self._lookup_rows("job_levels", JobLevel)
        families = self._lookup_rows("job_families", JobFamily)
        standards = self._resolve_standards(levels, families)
        step("lookups")
        departments = self._resolve_departments()
        step("departments")
        positions = self._resolve_positions(departments, levels, families, standards)
        step("positions")
        self.plan = Plan(self.rows("job_levels"), self.rows("job_families"), departments, positions, standards)
        self._resolve_links()
        self._resolve_heads()
        self._resolve_qualifications()
        for key in ROW_SHEETS:
            self._resolve_child_rows(key)
        step("rows")
        for sheet in self.parsed.values():
            for row in sheet.rows:
                if row.result.status == UNCHANGED:
                    row.result.status = NEW if row.is_new else CHANGED if row.dirty else UNCHANGED
        for result, headers in self.inline_changes:
            if result.status in (UNCHANGED, CHANGED):
                result.status = CHANGED
                result.changes.extend(header for header in headers if header not in result.changes)
        self._drafts_when_changed()
        return self.plan

    def _drafts_when_changed(self):
        """A job description read from Word that changes its position makes it a draft (managers
        keep the published version until HR publishes); one that changes nothing leaves its status."""
        for row in self.rows("positions"):
            if row.refs.get("draft_when_changed") and row.result.status == CHANGED and row.obj.status != Position.Status.DRAFT:
                status = row.obj._meta.get_field("status")
                row.changed("状态", _shown(status, row.obj.status), _shown(status, Position.Status.DRAFT))
                row.obj.status = Position.Status.DRAFT

    # ---- checks shared by every sheet ------------------------------------------------------
    def _apply(self, row, names, obj=None):
        """Set the row's values for ``names`` on its object; note each change."""
        obj = obj or row.obj
        for name in names:
            if name not in row.values:
                continue
            value = row.values[name]
            model_field = obj._meta.get_field(name)
            if value is None and model_field.choices and not model_field.null:
                value = model_field.get_default()
            old = getattr(obj, name)
            if old != value:
                setattr(obj, name, value)
                row.changed(header_of(obj, name), _shown(model_field, old), _shown(model_field, value))

    @staticmethod
    def _check_fields(row, obj, spec_key, exclude):
        """``clean_fields`` on every new or changed object, errors mapped back to columns."""
        if not (row.is_new or row.dirty) or row.result.status == ERROR:
            return
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as error:
            spec = SHEETS_BY_KEY[spec_key]
            for name, messages in error.message_dict.items():
                try:
                    header = row.column or spec.column(name).header
                except StopIteration:
                    header = name
                row.problem(header, sentences(messages), _("Correct “%(column)s”.") % {"column": header})

    def _unique_codes(self, key, code_name="code"):
        seen = {}
        for row in self.rows(key):
            code = row.values.get(code_name)
            if code is None:
                continue
            if code in seen:
                header = SHEETS_BY_KEY[key].column(code_name).header
                if row.refs.get("code_from"):
                    row.problem(
                        header,
                        _("This row has no position code, and its department and position title are those of row "
                          "%(row)d, so it got the same code “%(code)s”.") % {"row": seen[code], "code": code},
                        _("Give two positions of the same title in one department a position code each; delete the row "
                          "if it is a duplicate."),
                    )
                    continue
                row.problem(
                    header, _("The code “%(code)s” is also on row %(row)d.") % {"code": code, "row": seen[code]},
                    _("Each code may appear only once: delete the duplicate row or use a new code."),
                )
            else:
                seen[code] = row.result.row

    # ---- lookups ----------------------------------------------------------------------------
    def _lookup_rows(self, key, model):
        existing = {obj.code: obj for obj in model.objects.all()}
        self._unique_codes(key)
        for row in self.rows(key):
            if row.result.status == ERROR:
                continue
            code = row.values["code"]
            row.obj = existing.get(code)
            row.is_new = row.obj is None
            row.obj = row.obj or model(code=code)
            self._apply(row, ["name", "rank"] if key == "job_levels" else ["name"])
            self._check_fields(row, row.obj, key, exclude=[])
            existing[code] = row.obj
        by_name = {}
        for obj in existing.values():
            by_name.setdefault(obj.name, obj)
        return {"code": existing, "name": by_name}

    @staticmethod
    def _lookup(table, ref, row, header, key):
        """The 职务等级 or 职位序列 (listed on sheet ``key``) that ``ref`` names by code or name."""
        found = table["code"].get(ref) or table["name"].get(ref)
        if found is None:
            message, action = LOOKUP_MESSAGES[key]
            row.problem(header, message % {"ref": ref}, action % {"sheet": SHEETS_BY_KEY[key].title})
        return found

    def _lookup_refs(self, row, spec, levels, families):
        """The row's 职务等级 and 职位序列, by code or name, into ``row.refs``; each change noted."""
        for name, table, key in (("job_level", levels, "job_levels"), ("family", families, "job_families")):
            if name in row.values:
                ref = row.values[name]
                found = self._lookup(table, ref, row, spec.column(name).header, key) if ref else None
                row.refs[name] = found
                if getattr(found, "pk", None) != getattr(row.obj, f"{name}_id") or (found is not None and found.pk is None):
                    old = getattr(row.obj, name) if getattr(row.obj, f"{name}_id") else None
                    row.changed(spec.column(name).header, str(old or ""), str(getattr(found, "name", "") or ""))

    # ---- standard positions -----------------------------------------------------------------
    def _resolve_standards(self, levels, families):
        """The 基准岗位 rows matched to the stored standard positions by code. Their 状态 is not
        read: a standard position the import changes is a draft until it is reviewed and published
        (``Writer._reopen_standards``); positions based on it keep showing the published version."""
        standards = Standards.load(StandardPosition)
        spec = SHEETS_BY_KEY["standards"]
        scalar = [c.name for c in spec.columns if c.kind not in (REF, REFS) and c.imported]
        self._unique_codes("standards")
        for row in self.rows("standards"):
            code = row.values.get("code")
            if code is None or code in standards.rows or row.result.status == ERROR:
                continue
            row.obj = standards.nodes.get(code)
            row.is_new = row.obj is None
            row.obj = row.obj or StandardPosition(code=code)
            self._apply(row, scalar)
            self._lookup_refs(row, spec, levels, families)
            self._check_fields(row, row.obj, "standards", exclude=STANDARD_EXCLUDE)
            standards.add(row)
        return standards

    def _leave_inherited_alone(self, tree, standards):
        """A Word job description of a position based on a published standard position shows the
        sections it inherits with the standard's text (as the app's own download prints them): that
        text is the standard's, so it is not read into the position (a downloaded document reads back
        changing nothing); the row notes which sections it left."""
        labels = {section.key: section.label for section in STANDARD_SECTIONS}
        for row in self.rows("positions"):
            if not row.refs.get("draft_when_changed") or row.result.status == ERROR:
                continue
            obj = tree.nodes.get(row.values.get("code"))
            if "standard" in row.values:
                code = standards.find(row.values["standard"]) if row.values["standard"] else None
            else:
                code = standards.code_by_pk.get(obj.standard_id) if obj is not None else None
            if code is None or standards[code].published_content is None:
                continue
            if "own_section_labels" in row.values:
                own = {section_names().get(name.lower()) for name in row.values["own_section_labels"]}
            else:
                own = set(obj.own_sections or ()) if obj is not None else set()
            left = [section for section in STANDARD_SECTIONS if section.key not in own and self._drop_section(row, section)]
            if left:
                row.result.notes.append(
                    _("Shown from the standard position “%(standard)s”, not read into the position: %(sections)s.")
                    % {"standard": standards[code].title, "sections": listing(str(labels[s.key]) for s in left)}
                )

    @staticmethod
    def _drop_section(row, section):
        """Take what ``row`` gives of ``section`` out of it; whether it gave any."""
        names = [name.removesuffix("_id") for name in section.fields]
        dropped = [row.values.pop(name) for name in names if name in row.values]
        keys = [section.rows] if section.rows else []
        keys += ["qualifications"] if section.qualification else []
        for key in keys:
            dropped += [row.records.pop(key, None), row.inline.pop(key, None), row.filled.pop(key, None)]
        return any(value not in (None, "", [], {}) for value in dropped)

    def _own_sections(self, row, header):
        """The section keys ``row``'s 自有部分 names (labels in Chinese or English, or keys), in
        document order; None (and a problem) when a name is no section."""
        names = section_names()
        wanted, unknown = set(), []
        for name in row.values["own_section_labels"]:
            key = names.get(name.lower())
            if key is None:
                unknown.append(name)
            wanted.add(key)
        if unknown:
            with translation.override("zh-hans"):
                known = listing(str(section.label) for section in STANDARD_SECTIONS)
            row.problem(
                header, _("“%(names)s” is not a section of a job description.") % {"names": listing(unknown)},
                _("Write the sections the position writes itself, separated by 、: %(known)s.") % {"known": known},
            )
            return None
        return [section.key for section in STANDARD_SECTIONS if section.key in wanted]

    def _resolve_standard_of(self, standards, row, spec):
        """The row's 基准岗位 and 自有部分 onto its position; each change noted."""
        if "standard" in row.values:
            header = spec.column("standard").header
            ref = row.values["standard"]
            found = standards.ref(ref, row, header) if ref else None
            row.refs["standard"] = found
            obj = standards[found] if found else None
            if getattr(obj, "pk", None) != row.obj.standard_id or (obj is not None and obj.pk is None):
                row.changed(header, standards.title_of_pk(row.obj.standard_id), obj.title if obj else "")
        if "own_section_labels" in row.values:
            header = spec.column("own_section_labels").header
            keys = self._own_sections(row, header)
            old = [section.key for section in STANDARD_SECTIONS if section.key in set(row.obj.own_sections or ())]
            if keys is not None and keys != old:
                labels = {section.key: str(section.label) for section in STANDARD_SECTIONS}
                row.changed(header, "、".join(labels[key] for key in old), "、".join(labels[key] for key in keys))
                row.obj.own_sections = keys

    # ---- departments ------------------------------------------------------------------------
    def _resolve_departments(self):
        tree = Tree.load(Department, "parent")
        scalar = [c.name for c in SHEETS_BY_KEY["departments"].columns if c.kind not in (REF, REFS) and c.imported]
        self._fill_department_codes(tree)
        self._unique_codes("departments")
        tree.match_rows(self.rows("departments"), lambda row: self._apply(row, scalar))
        departments = Departments(tree, parent_given=self.has("departments", "parent"))
        for code, row in tree.rows.items():
            parent = departments.final_parent(code)
            old_parent = None if row.is_new else tree.code_by_pk.get(row.obj.parent_id)
            if parent != old_parent:
                row.changed("上级部门", _department_label(departments, old_parent), _department_label(departments, parent))
            self._check_fields(row, row.obj, "departments", exclude=["parent", "head_position", *TREE_FIELDS])
        tree.check_cycles("上级部门", _("The departments' parents form a cycle: %(chain)s."))
        create_named_departments(departments, self.rows("positions"), self.rows("departments"), self.report)
        return departments

    def _fill_department_codes(self, tree):
        """A 部门 row without a code (a Word 部门职责 names its department only) takes the code of the
        one stored department of that name; a name no department has gets a new code under the
        only top-level department, as a department named on a 岗位 row would."""
        rows = [row for row in self.rows("departments") if not row.values.get("code") and row.values.get("name")]
        by_name, taken = {}, set(tree.nodes)
        for code, obj in tree.nodes.items():
            by_name.setdefault(obj.name, []).append(code)
        for row in self.rows("departments"):  # a department the workbook's 部门 sheet adds
            if row.values.get("code") and row.values["code"] not in by_name.get(row.values.get("name"), []):
                by_name.setdefault(row.values.get("name"), []).append(row.values["code"])
                taken.add(row.values["code"])
        roots = [code for code, parent in tree.stored_parent.items() if parent is None]
        for row in rows:
            found = by_name.get(row.values["name"], [])
            if len(found) > 1:
                row.problem(
                    "部门名称",
                    _("The system has %(count)d departments named “%(name)s”: %(codes)s.")
                    % {"count": len(found), "name": row.values["name"], "codes": listing(found)},
                    _("Write the department code in the document."),
                )
                continue
            row.values["code"] = found[0] if found else next_code(roots[0] if len(roots) == 1 else "D", taken)
            taken.add(row.values["code"])
            by_name[row.values["name"]] = [row.values["code"]]
            if not found and len(roots) == 1 and "parent" not in row.values:
                row.values["parent"] = roots[0]
                self.parsed["departments"].present.add("parent")

    # ---- positions --------------------------------------------------------------------------
    def _resolve_positions(self, departments, levels, families, standards):
        tree = Tree.load(Position, "reports_to")
        positions = Positions(tree, departments)
        self._fill_position_codes(positions)
        scalar = [c.name for c in SHEETS_BY_KEY["positions"].columns if c.kind not in (REF, REFS) and c.imported]
        self._unique_codes("positions")
        for row in self.rows("positions"):
            if row.values.get("status") == Position.Status.PUBLISHED:  # only 发布 publishes (``publications``)
                del row.values["status"]
                row.refs["said_published"] = True
        self._leave_inherited_alone(tree, standards)
        tree.match_rows(self.rows("positions"), lambda row: self._apply(row, scalar))
        spec = SHEETS_BY_KEY["positions"]
        for code, row in tree.rows.items():
            if row.is_new and not row.values.get("department"):
                row.problem(
                    "所在部门", _("The new position has no department."),
                    _("Write the department of the position (the department's name, path or code)."),
                )
            if "department" in row.values:
                department = departments.ref(row.values["department"], row, row.refs.get("department_header", "所在部门"))
                if department:
                    old = positions.department.get(code)
                    positions.department[code] = department
                    if row.is_new or departments[department].pk != row.obj.department_id:
                        row.changed("所在部门", _department_label(departments, old), _department_label(departments, department))
            self._lookup_refs(row, spec, levels, families)
            self._resolve_standard_of(standards, row, spec)
        positions.index_titles()
        for code, row in tree.rows.items():
            department = positions.department.get(code)
            if "reports_to" in row.values:
                self._resolve_superior(positions, code, row, department)
            for name in LINK_COLUMNS:
                if name in row.values:
                    header = spec.column(name).header
                    row.refs[name] = [positions.ref(ref, row, header, department, exclude=code) for ref in row.values[name]]
            self._check_fields(
                row, row.obj, "positions",
                exclude=["department", "reports_to", "job_level", "family", "standard", "approved_by", *TREE_FIELDS],
            )
        tree.check_cycles("直接上级", _("The positions' reporting lines form a cycle: %(chain)s."))
        return positions

    @staticmethod
    def _resolve_superior(positions, code, row, department):
        """The row's 直接上级. A blank cell never clears the reporting line of a stored position
        (a file that states no superior says nothing about it); 无 or — makes it top-level."""
        tree = positions.tree
        ref = row.values["reports_to"]
        if not ref and not row.is_new:
            return
        named = row.values.get("reports_to_department")
        scope = positions.departments.ref(named, row, "上级所在部门") if named else department
        parent = None
        if ref and ref not in NONE_WORDS and not (named and scope is None):
            parent = positions.ref(ref, row, "直接上级", scope, only_there=bool(named), exclude=code)
        old = tree.stored_parent.get(code)
        if parent != old:
            row.changed("直接上级", _position_label(tree, old), _position_label(tree, parent))
        tree.parent[code] = parent

    def _fill_position_codes(self, positions):
        """Give a code to each 岗位 row without one (many company sheets have no 岗位编号 column).

        The row takes the code of the one stored position with its title in its department;
        else a new readable code, its department's code and a sequence number (HT-MKT-03), so
        that importing the file again finds the same positions by department and title.
        Several stored positions of that title in that department are reported: the row must say
        which.
        """
        departments = positions.departments
        stored, matched, generated = {}, 0, 0
        for code, obj in positions.tree.nodes.items():
            stored.setdefault((positions.department.get(code), obj.title), []).append(code)
        taken = set(positions.tree.nodes) | {row.values["code"] for row in self.rows("positions") if row.values.get("code")}
        for row in self.rows("positions"):
            if row.values.get("code") or any(problem.column == "岗位编号" for problem in row.result.problems):
                continue  # a code, or a code cell that could not be read (already reported)
            row.values.pop("code", None)
            if not row.values.get("title") or not row.values.get("department"):
                continue
            department = departments.ref(row.values["department"], row, row.refs.get("department_header", "所在部门"))
            if department is None:
                continue
            title = row.values["title"]
            candidates = stored.get((department, title), [])
            if len(candidates) > 1:
                row.problem(
                    "岗位编号",
                    _("This row has no position code, and “%(department)s” has %(count)d positions “%(title)s” in the "
                      "system: %(codes)s.")
                    % {"department": departments[department].name, "count": len(candidates), "title": title,
                       "codes": listing(candidates[:10])},
                    _("Write the position code of the one it is (or a new code to add a position)."),
                )
                continue
            if candidates:
                row.values["code"], row.refs["code_from"] = candidates[0], "matched"
                note = _("matched to a stored position by department and title")
                matched += 1
            else:
                code = next_code(department, taken)
                stored[(department, title)] = [code]  # a second row of that title in that department is a duplicate
                taken.add(code)
                row.values["code"], row.refs["code_from"] = code, "generated"
                note = _("code generated")
                generated += 1
            row.result.label = _("%(code)s %(title)s (%(note)s)") % {"code": row.values["code"], "title": title, "note": note}
        if matched or generated:
            details = ""
            if matched:
                details += ngettext(
                    "%(count)d row was matched to the stored position of its department and title; ",
                    "%(count)d rows were matched to the stored positions of their departments and titles; ",
                    matched,
                ) % {"count": matched}
            if generated:
                details += ngettext(
                    "%(count)d row is a new position and was given a code “department code-number” (importing again "
                    "finds the same position by department and title); ",
                    "%(count)d rows are new positions and were given codes “department code-number” (importing again "
                    "finds the same positions by department and title); ",
                    generated,
                ) % {"count": generated}
            details += _("to use your own codes, add a “%(column)s” column to the sheet and import again.") % {"column": "岗位编号"}
            self.report.warnings.append(ngettext(
                "%(count)d row of sheet “%(sheet)s” has no position code: %(details)s",
                "%(count)d rows of sheet “%(sheet)s” have no position code: %(details)s",
                matched + generated,
            ) % {"sheet": self.report.sheets["positions"].title, "count": matched + generated, "details": details})

    def _resolve_links(self):
        """The links to other positions (虚线上级, 可晋升职位, 可轮换职位) the file gives, against the
        stored ones: the pairs to remove and to add, by code, and each change on its row. One query
        per kind of link (two for 可轮换职位, which holds both ways)."""
        positions, plan = self.plan.positions, self.plan
        spec = SHEETS_BY_KEY["positions"]
        for name in LINK_COLUMNS:
            rows = {code: row for code, row in positions.tree.rows.items() if name in row.refs}
            if not rows:
                continue
            through = getattr(Position, name).through
            symmetric = name == "lateral_moves"
            wanted = set()
            for code, row in rows.items():
                for target in row.refs[name]:
                    if target is None:
                        continue
                    wanted.add((code, target))
                    if symmetric:
                        wanted.add((target, code))
            stored_ids = [positions[code].pk for code in rows if positions[code].pk]
            existing = set()
            for chunk in chunks(stored_ids):
                existing.update(through.objects.filter(from_position_id__in=chunk).values_list("from_position__code", "to_position__code"))
            stale = {pair for pair in existing if pair not in wanted}
            if symmetric:
                stale |= {(b, a) for a, b in stale}
                targets = [positions[b].pk for _a, b in wanted if positions[b].pk]
                for chunk in chunks(set(targets)):
                    existing.update(through.objects.filter(from_position_id__in=chunk).values_list("from_position__code", "to_position__code"))
            added = wanted - existing
            plan.links[name] = (stale, added)
            plan.relinked |= {a for a, _b in stale | added}
            header = spec.column(name).header
            for code, row in rows.items():
                before = sorted(b for a, b in existing if a == code)
                after = sorted(b for a, b in wanted if a == code)
                if before != after:
                    row.changed(header, listing(positions[c].title for c in before), listing(positions[c].title for c in after))

    def _resolve_heads(self):
        departments, positions = self.plan.departments, self.plan.positions
        for code, row in departments.tree.rows.items():
            if "head_position" not in row.values:
                continue
            ref = row.values["head_position"]
            head = positions.ref(ref, row, "部门负责人岗位", code) if ref else None
            row.refs["head_position"] = head
            current = row.obj.head_position_id
            wanted = positions[head].pk if head else None
            if current != wanted or (head and wanted is None):
                old = positions.tree.code_by_pk.get(current)
                row.changed("部门负责人岗位", _position_label(positions.tree, old), _position_label(positions.tree, head))

    # ---- rows of positions and departments --------------------------------------------------
    def _owner_code(self, row, header="岗位编号"):
        ref = row.values.get("position")
        if ref is None:
            return None
        return self.plan.positions.ref(ref, row, header, None)

    def _owner(self, row, spec):
        """("position", code) or ("standard_position", code) of a row of a position's rows: the
        position its 岗位编号 names, or the standard position its 基准岗位编号 names; None when
        neither is found (a problem on the row)."""
        position, standard = row.values.get("position"), row.values.get("standard_position")
        if position and standard:
            values = {"position": spec.column("position").header, "standard": spec.column("standard_position").header}
            row.problem(
                values["standard"], _("The row names both a position (“%(position)s”) and a standard position (“%(standard)s”).") % values,
                _("Empty one of them: a row belongs to one position or to one standard position."),
            )
            return None
        if standard:
            code = self.plan.standards.ref(standard, row, spec.column("standard_position").header)
            return ("standard_position", code) if code else None
        code = self._owner_code(row)
        return ("position", code) if code else None

    def _resolve_qualifications(self):
        """任职资格 from its own sheet and from the qualification columns of the 岗位 sheet.

        A position's qualification comes from one place: when both give one, the row of the
        任职资格 sheet is reported, naming the 岗位 row, rather than one silently winning.  A 岗位
        row whose qualification cells are all blank gives none (its stored one is kept).
        """
        positions = self.plan.positions
        inline = {code: row for code, row in positions.tree.rows.items() if row.given("qualifications")}
        standard_inline = {code: row for code, row in self.plan.standards.rows.items() if row.given("qualifications")}
        rows = self.rows("qualifications")
        if not rows and not inline and not standard_inline:
            return
        existing = {q.position_id: q for q in Qualification.objects.all()}
        seen, of_standards = {}, {}
        spec = SHEETS_BY_KEY["qualifications"]
        for row in rows:
            owner = self._owner(row, spec)
            if owner is None:
                continue
            kind, code = owner
            if kind == "standard_position":
                if code in standard_inline:
                    self._qualification_twice(row, code, standard_inline[code], standard=True)
                else:
                    self._standard_qualification(row, code, of_standards)
                continue
            if code in inline:
                self._qualification_twice(row, code, inline[code])
                continue
            if code in seen:
                row.problem(
                    "岗位编号", _("The qualifications of position “%(code)s” repeat row %(row)d.") % {"code": code, "row": seen[code]},
                    _("Give each position one row of qualifications."),
                )
                continue
            seen[code] = row.result.row
            self._qualification(row, code, existing)
        owners = [(inline, lambda row, code: self._qualification(row, code, existing)),
                  (standard_inline, lambda row, code: self._standard_qualification(row, code, of_standards))]
        for given, resolve in owners:  # the qualifications given on 岗位 (基准岗位) rows
            for code, owner_row in given.items():
                row = ParsedRow(owner_row.sheet, owner_row.result, owner_row.inline["qualifications"])
                resolve(row, code)
                if row.is_new or row.dirty:
                    new = owner_row.given("qualifications") if row.is_new else []
                    self.inline_changes.append((row.result, [header_of(row.obj, name) for name in new]))

    @staticmethod
    def _qualification_twice(row, code, other, *, standard=False):
        """Report a 任职资格 row of a position (or standard position) whose 岗位 (基准岗位) row ``other``
        gives its qualification too."""
        values = {
            "code": code, "row": row.result.row, "sheet": other.sheet, "other_row": other.result.row,
            "columns": listing(header_of(Qualification(), name) for name in other.given("qualifications")),
        }
        if standard:
            message = _("The qualifications of standard position “%(code)s” are given twice: on row %(row)d of this "
                        "sheet, and on row %(other_row)d of sheet “%(sheet)s” (%(columns)s).") % values
        else:
            message = _("The qualifications of position “%(code)s” are given twice: on row %(row)d of this sheet, and on "
                        "row %(other_row)d of sheet “%(sheet)s” (%(columns)s).") % values
        row.problem(
            "基准岗位编号" if standard else "岗位编号", message,
            _("Keep only one: delete this row, or empty the qualification columns of row %(other_row)d on sheet "
              "“%(sheet)s”.") % values,
        )

    def _standard_qualification(self, row, code, seen):
        """A 任职资格 row of standard position ``code`` (基准岗位编号), once per standard position."""
        if code in seen:
            row.problem(
                "基准岗位编号",
                _("The qualifications of standard position “%(code)s” repeat row %(row)d.") % {"code": code, "row": seen[code]},
                _("Give each standard position one row of qualifications."),
            )
            return
        seen[code] = row.result.row
        if self._standard_qualifications is None:
            self._standard_qualifications = {q.standard_position_id: q for q in StandardQualification.objects.all()}
        self._match_qualification(
            row, self.plan.standards[code], self._standard_qualifications, StandardQualification, "standard_position",
        )
        row.refs["owner"] = code
        self.plan.standard_qualifications.append(row)

    def _qualification(self, row, code, existing):
        self._match_qualification(row, self.plan.positions[code], existing, Qualification, "position")
        row.refs["position"] = code
        self.plan.qualifications.append(row)

    def _match_qualification(self, row, owner, existing, model, parent):
        """``row`` matched to ``owner``'s stored qualification (``existing``: owner pk -> it) or a new one, and checked."""
        obj = existing.get(owner.pk) if owner.pk else None
        row.is_new = obj is None
        row.obj = obj or model()
        self._apply(row, QUALIFICATION_FIELDS)
        self._check_fields(row, row.obj, "qualifications", exclude=[parent])

    def _inline_child_rows(self, key):
        """{owner code: [ParsedRow]} for the records of sheet ``key`` that a 岗位 (or a Word 部门) row carries:
        listed in one of its cells (岗位职责: one duty per item), or whole (a Word document's duty
        table); they share the 岗位 row's result."""
        grouped = self._inline_items(key, "positions", self.plan.positions.tree.rows)
        title = SHEETS_BY_KEY[key].title
        owners = self.plan.positions if ROW_SHEETS[key].parent == "position" else self.plan.departments
        for code, owner in owners.tree.rows.items():
            if owner.records.get(key):
                grouped[code] = [
                    ParsedRow(owner.sheet, owner.result, dict(values), column=title, refs={"as_shown": True}) for values in owner.records[key]
                ]
        return grouped

    def _inline_items(self, key, owner_key, owner_rows):
        """{owner code: [ParsedRow]} for the records of sheet ``key`` listed in one cell of the rows
        ``owner_rows`` (code -> row) of sheet ``owner_key`` (岗位 or 基准岗位)."""
        grouped = {}
        for column, sheet_key in inline_columns(SHEETS_BY_KEY[owner_key]).items():
            if sheet_key != key or column.kind != ITEMS:
                continue
            for code, owner in owner_rows.items():
                items = owner.inline.get(key, {}).get(column.name) or []
                if items:
                    grouped[code] = [self._inline_item(owner, key, column, item) for item in items]
        return grouped

    @staticmethod
    def _inline_item(owner, key, column, item):
        """One item of a 岗位 row's list cell as a row of sheet ``key``: a category written at its
        start (人事权：…) becomes its category, noted on the 岗位 row."""
        values = {column.name: item}
        owner.result.notes += [
            _("%(column)s: %(note)s") % {"column": column.header, "note": note} for note in complete(key, values, {})
        ]
        return ParsedRow(owner.sheet, owner.result, values, column=column.header)

    def _resolve_child_rows(self, key):
        rows = self.rows(key)
        kind = ROW_SHEETS[key]
        by_position = kind.parent == "position"
        inline = self._inline_child_rows(key)
        standard_inline = self._inline_items(key, "standards", self.plan.standards.rows) if by_position else {}
        if not rows and not inline and not standard_inline:
            return
        spec = SHEETS_BY_KEY[key]
        owners = self.plan.positions if by_position else self.plan.departments
        grouped, of_standards, reported = {}, {}, set()
        for row in rows:
            if by_position:
                owner = self._owner(row, spec)
                if owner is not None and owner[0] == "standard_position":
                    if owner[1] in standard_inline:
                        self._given_twice(row, spec, owner[1], standard_inline, reported, standard=True)
                    else:
                        of_standards.setdefault(owner[1], []).append(row)
                    continue
                code = owner and owner[1]
            elif "department" in row.values:
                code = self.plan.departments.ref(row.values["department"], row, spec.column("department").header)
            else:
                code = None
            if code in inline:
                self._given_twice(row, spec, code, inline, reported)
                continue
            if code is not None:
                grouped.setdefault(code, []).append(row)
        grouped.update(inline)
        listed_rows = [row for code, owner_rows in grouped.items() if code not in inline for row in owner_rows]
        self._match_child_rows(key, kind, owners, grouped, inline, listed_rows, key)
        if of_standards or standard_inline:
            listed = [row for owner_rows in of_standards.values() for row in owner_rows]
            of_standards.update(standard_inline)
            self._match_child_rows(
                key, STANDARD_ROWS_BY_KEY[key], self.plan.standards, of_standards, standard_inline, listed, f"standard:{key}",
            )

    @staticmethod
    def _given_twice(row, spec, code, inline, reported, *, standard=False):
        """Report, once per owner, a row of sheet ``spec`` whose owner's rows are also listed in a
        cell of its 岗位 (or 基准岗位) row."""
        if (standard, code) in reported:
            return
        reported.add((standard, code))
        owner = inline[code][0]
        values = {
            "code": code, "kind": spec.title, "row": row.result.row, "sheet": owner.sheet,
            "other_row": owner.result.row, "column": owner.column,
        }
        if standard:
            message = _("The “%(kind)s” rows of standard position “%(code)s” are given twice: on this sheet from row "
                        "%(row)d, and in “%(column)s” on row %(other_row)d of sheet “%(sheet)s”.") % values
            action = _("Keep only one: delete the standard position's rows on this sheet, or empty “%(column)s” on row "
                       "%(other_row)d of sheet “%(sheet)s”.") % values
        else:
            message = _("The “%(kind)s” rows of position “%(code)s” are given twice: on this sheet from row %(row)d, and in "
                        "“%(column)s” on row %(other_row)d of sheet “%(sheet)s”.") % values
            action = _("Keep only one: delete the position's rows on this sheet, or empty “%(column)s” on row "
                       "%(other_row)d of sheet “%(sheet)s”.") % values
        row.problem(spec.column("standard_position").header if standard else spec.columns[0].header, message, action)

    def _match_child_rows(self, key, kind, owners, grouped, inline, listed_rows, plan_key):
        """Match each owner's rows (``grouped``: owner code -> rows, in the file's order) to its
        stored rows by place; the stored rows beyond the file's list go. Into ``plan.child_rows[plan_key]``."""
        spec = SHEETS_BY_KEY[key]
        scalar = [c.name for c in spec.columns if c.kind not in (REF, REFS) and c.imported]
        owner_pks = [owners[code].pk for code in grouped if owners[code].pk]
        existing = {}
        for chunk in chunks(owner_pks):
            for obj in kind.model.objects.filter(**{f"{kind.parent}_id__in": chunk}).order_by(f"{kind.parent}_id", "order", "pk"):
                existing.setdefault(getattr(obj, f"{kind.parent}_id"), []).append(obj)
        surplus, listed_surplus, inline_rows, owners_changed = [], 0, [], set()
        for code, owner_rows in grouped.items():
            current = existing.get(owners[code].pk, []) if owners[code].pk else []
            unchanged = False
            if owner_rows[0].refs.get("as_shown"):  # a document's rows: matched in the order it shows them
                current, unchanged = as_shown(key, current, owner_rows)
            for order, row in enumerate(owner_rows, start=1):
                if order <= len(current):
                    row.obj, row.is_new = current[order - 1], False
                else:
                    row.obj, row.is_new = kind.model(order=order), True
                row.refs["owner"] = code
                if row.obj.order != order and not unchanged:
                    row.changed("排序", row.obj.order, order)
                    row.obj.order = order
                if key == "duties" and "tasks" in row.values:
                    row.values["tasks"] = "\n".join(line.strip() for line in row.values["tasks"].split("\n") if line.strip())
                self._apply(row, scalar)
                self._check_fields(row, row.obj, key, exclude=[kind.parent])
            removed = [obj.pk for obj in current[len(owner_rows):]]
            surplus.extend(removed)
            if removed or any(row.is_new or row.dirty for row in owner_rows):
                owners_changed.add(code)
            if code in inline:
                touched = removed or any(row.is_new or row.dirty for row in owner_rows)
                if touched:
                    self.inline_changes.append((owner_rows[0].result, [owner_rows[0].column]))
                inline_rows.extend(owner_rows)
            else:
                listed_surplus += len(removed)
        if key in self.report.sheets:
            self.report.sheets[key].deleted += listed_surplus
        self.plan.child_rows[plan_key] = ChildRows(kind, listed_rows + inline_rows, surplus, owners_changed, key)


@functools.cache
def section_names():
    """{a section's key, or its label in Chinese or English, lower case: its key}."""
    names = {}
    for section in STANDARD_SECTIONS:
        names[section.key] = section.key
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names[str(section.label).lower()] = section.key
    return names


def _shown(model_field, value):
    """A value as the preview shows it: a choice by its label."""
    if model_field.choices and value is not None:
        return str(dict(model_field.flatchoices).get(value, value))
    return "" if value is None else value


def _department_label(departments, code):
    return departments[code].name if code in departments else ""


def _position_label(tree, code):
    return tree.nodes[code].title if code in tree.nodes else ""
