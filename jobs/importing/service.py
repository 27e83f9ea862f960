"""Import a whole organisation from one workbook: all rows or none.

The import reads every sheet, resolves every reference with dictionaries loaded once,
checks every row (cells, references, duplicate codes, reporting cycles inside the file and
between the file and the database, ``clean_fields()`` on every object) and only writes when
nothing is wrong.  Writing uses ``bulk_create``/``bulk_update``; the two trees are numbered
once in Python from the final parent of every node, siblings in file order, instead of MPTT
shifting the tree for every inserted row.  A dry run goes through the very same code and is
rolled back at the end, so the preview counts are the counts the real import produces.

Records are matched by code (a 岗位 row without one gets the stored position's code or a stable
made-up one); references by code, name path or title are resolved in :mod:`.references`, and
departments that the 岗位 sheet names but nobody has yet are created (:mod:`.named_departments`).
Nothing that is absent from the file is deleted, except the surplus child rows (duties,
KPIs …) of a position or department whose rows the file lists.
A 岗位 row may also carry its position's 任职资格 and a 岗位职责 cell (``INLINE_COLUMNS``): those
become records of their own kind that share the 岗位 row's line in the report.
"""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext

from departments.models import Department, DepartmentDuty, DepartmentPolicy
from jobs.importing.cells import CellError, convert
from jobs.importing.named_departments import NamedDepartments
from jobs.importing.reading import UnreadableFile, read_file
from jobs.importing.references import References
from jobs.importing.report import CHANGED, ERROR, NEW, UNCHANGED, ImportReport, Problem, RowResult
from jobs.importing.writing import TREE_FIELDS, Writer, _chunks
from kernel.columns import ROW_NUMBER_HEADERS
from jobs.importing.sheets import (
    CONFIDENTIAL_COLUMNS, ITEMS, REF, REFS, SHEETS_BY_KEY, import_header_map, inline_columns, level_columns, missing_columns,
    normalise_header,
)
from jobs.models import KPI, Authority, Duty, JobFamily, JobLevel, Position, Qualification, WorkRecord, WorkRelation

ROW_MODELS = {
    "department_duties": (DepartmentDuty, "department"),
    "department_policies": (DepartmentPolicy, "department"),
    "duties": (Duty, "position"),
    "authorities": (Authority, "position"),
    "kpis": (KPI, "position"),
    "relations": (WorkRelation, "position"),
    "records": (WorkRecord, "position"),
}


class _Rollback(Exception):
    pass


@dataclass(slots=True)
class ParsedRow:
    sheet: str
    result: RowResult
    values: dict
    obj: object = None
    is_new: bool = False
    dirty: bool = False
    refs: dict = field(default_factory=dict)
    inline: dict = field(default_factory=dict)  # sheet key -> {column name: value} of another sheet's columns
    filled: dict = field(default_factory=dict)  # sheet key -> names of those columns whose cell is not blank
    column: str = ""  # a record listed in one cell of another sheet (岗位职责): that column's header

    def given(self, key):
        """The columns of sheet ``key`` filled in on this row (none: the row gives no such record)."""
        return self.filled.get(key, [])

    def changed(self, header):
        self.dirty = True
        header = self.column or header
        if not self.is_new and header not in self.result.changes:
            self.result.changes.append(header)

    def problem(self, column, message, action):
        self.result.problems.append(Problem(self.sheet, self.result.row, column, message, action))
        self.result.status = ERROR


def header_of(obj, name):
    for sheet in SHEETS_BY_KEY.values():
        for column in sheet.columns:
            if column.name == name and sheet.key in MODEL_SHEETS.get(type(obj).__name__, ()):
                return column.header
    return name


MODEL_SHEETS = {
    "JobLevel": ("job_levels",), "JobFamily": ("job_families",), "Department": ("departments",),
    "DepartmentDuty": ("department_duties",), "DepartmentPolicy": ("department_policies",), "Position": ("positions",),
    "Qualification": ("qualifications",), "Duty": ("duties",), "Authority": ("authorities",), "KPI": ("kpis",),
    "WorkRelation": ("relations",), "WorkRecord": ("records",),
}




def import_workbook(
    *, content, filename="", encoding="auto", dry_run=False, sheet=None, progress=None, include_confidential=True,
    user=None,
):
    """Import ``content`` (bytes of an xlsx/csv/tsv/json file); return an :class:`ImportReport`.

    Nothing is written unless every row of every sheet is valid; with ``dry_run`` nothing is
    written at all.  ``progress(step)`` is called as each stage finishes (for a progress bar).
    Without ``include_confidential`` the salary columns are ignored (and the preview says so).
    """
    report = ImportReport(dry_run=dry_run)
    step = progress or (lambda name: None)
    try:
        raw_sheets, warnings = read_file(content=content, filename=filename, encoding=encoding, sheet_hint=sheet)
    except UnreadableFile as error:
        report.problems.append(Problem(filename or "文件", None, "", str(error), ""))
        return report
    report.warnings.extend(warnings)
    step("read")
    importer = _Importer(report, step, include_confidential)
    importer.user = user
    importer.history_reason = gettext("Workbook import: %(file)s") % {"file": filename or "-"}
    importer.parse(raw_sheets)
    del raw_sheets
    try:
        with transaction.atomic():
            if not dry_run:
                _lock_trees()
            importer.resolve()
            if not report.ok:
                raise _Rollback
            importer.write()
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except (DatabaseError, ValidationError) as error:
        report.problems.append(
            Problem("数据库", None, "", f"写入时出错，已全部撤销：{error}", "请检查文件后重试；如仍出错请联系管理员。")
        )
    else:
        report.committed = True
    return report


def _lock_trees():
    """On PostgreSQL, keep other writers off both trees from the first read to the commit, so the
    tree numbers computed from that read stay true (SQLite already has one writer at a time)."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in (Department, Position))
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


class _Importer(NamedDepartments, References, Writer):
    QUALIFICATION_FIELDS = [c.name for c in SHEETS_BY_KEY["qualifications"].columns if c.kind not in (REF, REFS)]

    def __init__(self, report, step, include_confidential=True):
        self.report, self.step, self.include_confidential = report, step, include_confidential
        self.rows = {}  # sheet key -> [ParsedRow]
        self.inline_changes = []  # (result, headers): records given on a 岗位 row that change that row
        self.present = {}  # sheet key -> set of column names present

    # ---- parsing -------------------------------------------------------------------------
    def parse(self, raw_sheets):
        for raw in raw_sheets:
            spec = raw.spec
            sheet_report = self.report.sheet(spec.key, raw.name)
            if spec.key in self.rows:
                self.report.problems.append(Problem(raw.name, None, "", f"有两个“{spec.title}”工作表。", "请合并成一个工作表。"))
                continue
            mapping = import_header_map(spec)
            inline = inline_columns(spec)
            made_up, levels = level_columns(spec)
            columns = {}
            for index, header in enumerate(raw.headers):
                normalised = normalise_header(header)
                if not normalised:
                    continue
                column = mapping.get(normalised)
                if column is None and normalised in ROW_NUMBER_HEADERS:
                    continue  # the sheet's own row numbering, present in most hand-made sheets
                if column is None:
                    self.report.warnings.append(
                        f"工作表“{raw.name}”第 {raw.header_row} 行的列「{header}」不是可识别的列，这一列没有导入。"
                        f"可用的列：{'、'.join(c.header for c in (*spec.columns, *inline, *levels))}。"
                    )
                elif (spec.key, column.name) in CONFIDENTIAL_COLUMNS and not self.include_confidential:
                    self.report.warnings.append(
                        f"工作表“{raw.name}”的「{column.header}」列是机密字段，您没有查看工资的权限，这一列没有导入。"
                    )
                elif column in columns.values():
                    self.report.problems.append(
                        Problem(raw.name, raw.header_row, str(header), f"「{column.header}」列出现了两次。", "请删除重复的列。")
                    )
                else:
                    columns[index] = column
            missing = missing_columns(spec, set(columns.values()))
            for column in missing:
                also = f"（也可写作：{'、'.join(column.aliases)}）" if column.aliases else ""
                self.report.problems.append(
                    Problem(raw.name, raw.header_row, column.header, f"缺少必填列「{column.header}」。",
                            f"请在第 {raw.header_row} 行表头加上「{column.header}」列{also}。")
                )
            self.present[spec.key] = {column.name for column in columns.values() if column not in inline}
            levels = [column for column in levels if column in columns.values()]
            if levels:
                self.present[spec.key].add(made_up)
            parsed = self.rows[spec.key] = []
            if missing:
                continue
            key_column = spec.columns[0]
            targets = [(index, column, inline.get(column)) for index, column in columns.items()]
            for excel_row, cells in raw.rows:
                row = ParsedRow(raw.name, RowResult(excel_row, ""), {})
                for index, column, other_sheet in targets:
                    try:
                        value = convert(column, cells.get(index))
                    except CellError as error:
                        row.problem(column.header, error.message, error.action)
                        continue
                    if column.required and value in ("", None, []) and not (levels and column.name == made_up):
                        row.problem(column.header, f"「{column.header}」不能为空。", f"请填写{column.header}。")
                        continue
                    if other_sheet is None:
                        row.values[column.name] = value
                    else:
                        row.inline.setdefault(other_sheet, {})[column.name] = value
                        if cells.get(index) is not None and str(cells[index]).strip():
                            row.filled.setdefault(other_sheet, []).append(column.name)
                if levels:
                    self._join_levels(row, spec.column(made_up), levels)
                label = row.values.get(key_column.name, "")
                if spec.key == "positions":
                    label = f"{row.values.get('code', '')} {row.values.get('title', '')}".strip()
                row.result.label = str(label)
                sheet_report.rows.append(row.result)
                parsed.append(row)
            raw.rows = None  # the cells are converted; let them go before the models are built
        self.step("parse")

    @staticmethod
    def _join_levels(row, made_up, levels):
        """A row's level cells (一级部门 | 二级部门 …) and its ``made_up`` cell (所在部门), if the
        sheet has one, as one name path; ``refs["department_header"]`` names those columns."""
        headers = [column.header for column in levels]
        names = [row.values.pop(column.name, "") for column in levels]
        if any(problem.column in headers for problem in row.result.problems):
            row.values.pop(made_up.name, None)  # a level could not be read (reported): no path from the others
            return
        names = [name for name in names if name]
        lowest = row.values.get(made_up.name)
        if made_up.name in row.values:
            headers.append(made_up.header)
        if lowest and (not names or names[-1] != lowest):
            names.append(lowest)
        row.refs["department_header"] = "/".join(headers)
        if names:
            row.values[made_up.name] = "/".join(names)
        else:
            row.values.pop(made_up.name, None)
            row.problem(headers[0], f"「{'」「'.join(headers)}」都没有填写。", "请填写岗位所在的部门。")

    def sheet_rows(self, key):
        return self.rows.get(key, [])

    def has(self, key, column):
        return column in self.present.get(key, set())

    # ---- resolving -----------------------------------------------------------------------
    def resolve(self):
        self.levels = self._lookup_rows("job_levels", JobLevel)
        self.families = self._lookup_rows("job_families", JobFamily)
        self.step("lookups")
        self._resolve_departments()
        self._create_named_departments()
        self.step("departments")
        self._resolve_positions()
        self.step("positions")
        self._resolve_heads()
        self._resolve_qualifications()
        for key in ROW_MODELS:
            self._resolve_child_rows(key)
        self.step("rows")
        for rows in self.rows.values():
            for row in rows:
                if row.result.status != ERROR and row.result.status == UNCHANGED:
                    row.result.status = NEW if row.is_new else CHANGED if row.dirty else UNCHANGED
        for result, headers in self.inline_changes:
            if result.status in (UNCHANGED, CHANGED):
                result.status = CHANGED
                result.changes.extend(header for header in headers if header not in result.changes)

    def _apply(self, row, names, obj=None):
        """Set the row's scalar values on its object; mark it dirty if anything changed."""
        obj = obj or row.obj
        for name in names:
            if name not in row.values:
                continue
            value = row.values[name]
            model_field = obj._meta.get_field(name)
            if value is None and model_field.choices and not model_field.null:
                value = model_field.get_default()
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                row.changed(header_of(obj, name))

    def _check_fields(self, row, obj, spec_key, exclude):
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
                row.problem(header, "；".join(messages), f"请修改「{header}」。")

    def _unique_codes(self, key, code_name="code"):
        seen = {}
        for row in self.sheet_rows(key):
            code = row.values.get(code_name)
            if code is None:
                continue
            if code in seen:
                header = SHEETS_BY_KEY[key].column(code_name).header
                if row.refs.get("code_from"):
                    row.problem(
                        header, f"这一行没有岗位编号，它的所在部门和岗位名称与第 {seen[code]} 行相同，得到了同一编号“{code}”。",
                        "同一部门里的两个同名岗位请分别填写岗位编号；如是重复行请删除。",
                    )
                    continue
                row.problem(header, f"编号“{code}”与第 {seen[code]} 行重复。", "每个编号只能出现一次：请删除重复行或改用新编号。")
            else:
                seen[code] = row.result.row

    def _lookup_rows(self, key, model):
        existing = {obj.code: obj for obj in model.objects.all()}
        self._unique_codes(key)
        for row in self.sheet_rows(key):
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

    def _lookup(self, table, ref, row, header, what):
        found = table["code"].get(ref) or table["name"].get(ref)
        if found is None:
            row.problem(header, f"找不到{what}“{ref}”。", f"请填写已有的{what}编码或名称，或先在“{what}”工作表中添加它。")
        return found

    # positions -----------------------------------------------------------------------------
    def _resolve_positions(self):
        self.positions, self.position_parent, self.position_db_order, _ = self._load_tree(Position, "reports_to")
        department_code_by_pk = {d.pk: code for code, d in self.departments.items() if d.pk}
        self.position_department = {code: department_code_by_pk.get(p.department_id) for code, p in self.positions.items()}
        self._fill_position_codes()
        self.position_rows = self._match_tree_rows(
            "positions", Position, self.positions, self.position_parent, self.position_db_order
        )
        spec = SHEETS_BY_KEY["positions"]
        for code, row in self.position_rows.items():
            if "department" in row.values:
                department = self.department_ref(row.values["department"], row, row.refs.get("department_header", "所在部门"))
                if department:
                    self.position_department[code] = department
                    if row.is_new or self.departments[department].pk != row.obj.department_id:
                        row.changed("所在部门")
            for name, table, what in (("job_level", self.levels, "职务等级"), ("family", self.families, "职位序列")):
                if name in row.values:
                    ref = row.values[name]
                    found = self._lookup(table, ref, row, spec.column(name).header, what) if ref else None
                    row.refs[name] = found
                    if getattr(found, "pk", None) != getattr(row.obj, f"{name}_id") or (found is not None and found.pk is None):
                        row.changed(spec.column(name).header)
        self._index_titles()
        self.final_position_parent = dict(self.position_parent)
        for code, row in self.position_rows.items():
            department = self.position_department.get(code)
            if "reports_to" in row.values:
                ref = row.values["reports_to"]
                named = row.values.get("reports_to_department")
                scope = self.department_ref(named, row, "上级所在部门") if named else department
                parent = None
                if ref and not (named and scope is None):
                    parent = self.position_ref(ref, row, "直接上级", scope, only_there=bool(named), exclude=code)
                if parent != self.position_parent.get(code):
                    row.changed("直接上级")
                self.final_position_parent[code] = parent
            for name in ("dotted_supervisors", "promotion_targets", "lateral_moves"):
                if name in row.values:
                    header = spec.column(name).header
                    row.refs[name] = [self.position_ref(ref, row, header, department, exclude=code) for ref in row.values[name]]
            self._check_fields(  # approved_by: set by publishing, never from the file (and checking it cost a query a row)
                row, row.obj, "positions", exclude=["department", "reports_to", "job_level", "family", "approved_by", *TREE_FIELDS]
            )
        self._check_cycles(self.position_rows, self.final_position_parent, "直接上级", "岗位")

    def _resolve_heads(self):
        for code, row in self.department_rows.items():
            if "head_position" not in row.values:
                continue
            ref = row.values["head_position"]
            head = self.position_ref(ref, row, "部门负责人岗位", code) if ref else None
            row.refs["head_position"] = head
            current = row.obj.head_position_id
            wanted = self.positions[head].pk if head else None
            if current != wanted or (head and wanted is None):
                row.changed("部门负责人岗位")

    def _position_for(self, row, header="岗位编号"):
        ref = row.values.get("position")
        if ref is None:
            return None
        code = self.position_ref(ref, row, header, None)
        return code

    def _resolve_qualifications(self):
        """任职资格 from its own sheet and from the qualification columns of the 岗位 sheet.

        A position's qualification comes from one place: when both give one, the row of the
        任职资格 sheet is reported, naming the 岗位 row, rather than one silently winning.  A 岗位
        row whose qualification cells are all blank gives none (its stored one is kept).
        """
        self.qualification_rows = []
        inline = {code: row for code, row in self.position_rows.items() if row.given("qualifications")}
        rows = self.sheet_rows("qualifications")
        if not rows and not inline:
            return
        existing = {q.position_id: q for q in Qualification.objects.all()}
        seen = {}
        for row in rows:
            code = self._position_for(row)
            if code is None:
                continue
            if code in inline:
                other = inline[code]
                headers = "、".join(header_of(Qualification(), name) for name in other.given("qualifications"))
                row.problem(
                    "岗位编号",
                    f"岗位“{code}”的任职资格填了两处：本表第 {row.result.row} 行，和“{other.sheet}”工作表第 {other.result.row} 行"
                    f"（{headers}）。",
                    f"请只保留一处：删除本行，或清空“{other.sheet}”工作表第 {other.result.row} 行的任职资格各列。",
                )
                continue
            if code in seen:
                row.problem("岗位编号", f"岗位“{code}”的任职资格与第 {seen[code]} 行重复。", "每个岗位只填一行任职资格。")
                continue
            seen[code] = row.result.row
            self._qualification(row, code, existing)
        for code, position_row in inline.items():
            row = ParsedRow(position_row.sheet, position_row.result, position_row.inline["qualifications"])
            self._qualification(row, code, existing)
            if row.is_new or row.dirty:
                new = position_row.given("qualifications") if row.is_new else []
                self.inline_changes.append((row.result, [header_of(row.obj, name) for name in new]))

    def _qualification(self, row, code, existing):
        position = self.positions[code]
        obj = existing.get(position.pk) if position.pk else None
        row.is_new = obj is None
        row.obj = obj or Qualification()
        row.refs["position"] = code
        self._apply(row, self.QUALIFICATION_FIELDS)
        self._check_fields(row, row.obj, "qualifications", exclude=["position"])
        self.qualification_rows.append(row)

    def _inline_child_rows(self, key):
        """{position code: [ParsedRow]} for the records of sheet ``key`` listed in one cell of the
        岗位 sheet (岗位职责: one duty per item); they share the 岗位 row's result."""
        grouped = {}
        for column, sheet_key in inline_columns(SHEETS_BY_KEY["positions"]).items():
            if sheet_key != key or column.kind != ITEMS:
                continue
            for code, owner in self.position_rows.items():
                items = owner.inline.get(key, {}).get(column.name) or []
                if items:
                    grouped[code] = [ParsedRow(owner.sheet, owner.result, {column.name: item}, column=column.header) for item in items]
        return grouped

    def _resolve_child_rows(self, key):
        rows = self.sheet_rows(key)
        inline = self._inline_child_rows(key)
        if not rows and not inline:
            return
        model, parent_name = ROW_MODELS[key]
        spec = SHEETS_BY_KEY[key]
        scalar = [c.name for c in spec.columns if c.kind not in (REF, REFS)]
        grouped, reported = {}, set()
        for row in rows:
            if parent_name == "position":
                code = self._position_for(row)
            else:
                code = self.department_ref(row.values["department"], row, spec.column("department").header) if "department" in row.values else None
            if code in inline:
                if code not in reported:
                    reported.add(code)
                    owner = inline[code][0]
                    row.problem(
                        spec.column("position").header,
                        f"岗位“{code}”的{spec.title}填了两处：本表第 {row.result.row} 行起，和“{owner.sheet}”工作表第 {owner.result.row} 行的「{owner.column}」。",
                        f"请只保留一处：删除本表中该岗位的行，或清空“{owner.sheet}”工作表第 {owner.result.row} 行的「{owner.column}」。",
                    )
                continue
            if code is not None:
                grouped.setdefault(code, []).append(row)
        grouped.update(inline)
        owners = self.positions if parent_name == "position" else self.departments
        owner_pks = [owners[code].pk for code in grouped if owners[code].pk]
        existing = {}
        for chunk in _chunks(owner_pks):
            for obj in model.objects.filter(**{f"{parent_name}_id__in": chunk}).order_by(f"{parent_name}_id", "order", "pk"):
                existing.setdefault(getattr(obj, f"{parent_name}_id"), []).append(obj)
        surplus, listed_surplus, inline_rows = [], 0, []
        for code, owner_rows in grouped.items():
            current = existing.get(owners[code].pk, []) if owners[code].pk else []
            for order, row in enumerate(owner_rows, start=1):
                if order <= len(current):
                    row.obj, row.is_new = current[order - 1], False
                else:
                    row.obj, row.is_new = model(order=order), True
                row.refs["owner"] = code
                if row.obj.order != order:
                    row.obj.order = order
                    row.changed("排序")
                if key == "duties" and "tasks" in row.values:
                    row.values["tasks"] = "\n".join(line.strip() for line in row.values["tasks"].split("\n") if line.strip())
                self._apply(row, scalar)
                self._check_fields(row, row.obj, key, exclude=[parent_name])
            removed = [obj.pk for obj in current[len(owner_rows):]]
            surplus.extend(removed)
            if code in inline:
                touched = removed or any(row.is_new or row.dirty for row in owner_rows)
                if touched:
                    self.inline_changes.append((owner_rows[0].result, [owner_rows[0].column]))
                inline_rows.extend(owner_rows)
            else:
                listed_surplus += len(removed)
        if key in self.report.sheets:
            self.report.sheets[key].deleted = listed_surplus
        self.child_rows = getattr(self, "child_rows", {})
        self.child_rows[key] = (model, parent_name, rows + inline_rows, surplus)
