"""Phase 3 of an import: cells to values, row by row, with no database access.

Each row of a mapped table becomes a :class:`ParsedRow`: the values of its own sheet's columns,
and those of other sheets' columns it carries (a 岗位 row's 任职资格 and 岗位职责 cells). A cell that
cannot be read is a problem on that row, named by sheet, Excel row and column. What the company's
words mean where they are not the exact labels (客户 as a scope, 人事权：… as a category, 中专以上 as
an education) is read by :mod:`.meanings` and noted on the row (``RowResult.notes``).
"""
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from jobs.importing.cells import CellError, interpret
from jobs.importing.meanings import complete
from jobs.importing.report import ERROR, Problem, RowResult
from jobs.importing.sheets import STANDS_IN, level_columns


@dataclass(slots=True)
class ParsedRow:
    """One row of the file on its way in: its values, then (resolving) the object they go to."""

    sheet: str
    result: RowResult
    values: dict
    obj: object = None
    is_new: bool = False
    dirty: bool = False
    refs: dict = field(default_factory=dict)
    inline: dict = field(default_factory=dict)  # sheet key -> {column name: value} of another sheet's columns
    filled: dict = field(default_factory=dict)  # sheet key -> names of those columns whose cell is not blank
    records: dict = field(default_factory=dict)  # sheet key -> [{field: value}]: whole rows of another sheet (Word)
    column: str = ""  # a record listed in one cell of another sheet (岗位职责): that column's header

    def given(self, key):
        """The columns of sheet ``key`` filled in on this row (none: the row gives no such record)."""
        return self.filled.get(key, [])

    def changed(self, header, old=None, new=None):
        """Note that ``header``'s field changes (from ``old`` to ``new``, shown in the preview)."""
        self.dirty = True
        header = self.column or header
        if not self.is_new and header not in self.result.changes:
            self.result.changes.append(header)
            self.result.diffs.append((header, old, new))
        elif self.is_new and new not in (None, "") and not self.column:
            self.result.diffs.append((header, "", new))  # what a new record gets

    def problem(self, column, message, action):
        self.result.problems.append(Problem(self.sheet, self.result.row, column, message, action))
        self.result.status = ERROR


@dataclass
class ParsedSheet:
    key: str
    name: str
    rows: list
    present: set  # names of the sheet's own columns the table has


def _clean(value):
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    return value


def parse(mappings, *, report):
    """{sheet key: ParsedSheet} of the ``mappings`` (phase 2); rows also go into ``report``."""
    parsed = {}
    for mapping in mappings:
        spec = mapping.spec
        sheet_report = report.sheet(spec.key, mapping.name)
        made_up, levels = level_columns(spec)
        used = [choice for choice in mapping.columns if choice.target is not None and not choice.skipped]
        present = {choice.target.column.name for choice in used if choice.target.sheet is None}
        level_used = [column for column in levels if column.name in present]
        if level_used:
            present.add(made_up)
        present -= {column.name for column in level_used}
        rows = []
        parsed[spec.key] = ParsedSheet(spec.key, mapping.name, rows, present)
        if mapping.missing:
            continue
        key_column = spec.columns[0]
        for excel_row, cells in mapping.body():
            row = ParsedRow(mapping.name, RowResult(excel_row, ""), {})
            written = {}  # sheet key -> {column name: cell as written}, for what one cell says about another
            empty = []  # required columns left blank
            for choice in used:
                column, other_sheet = choice.target.column, choice.target.sheet
                cell = _clean(cells[choice.index]) if choice.index < len(cells) else None
                written.setdefault(other_sheet or spec.key, {})[column.name] = cell
                try:
                    value, note = interpret(column, cell)
                except CellError as error:
                    row.problem(column.header, error.message, error.action)
                    continue
                if note:
                    row.result.notes.append(note)
                if column.required and value in ("", None, []) and not (level_used and column.name == made_up):
                    empty.append(column)
                    continue
                if other_sheet is None:
                    row.values[column.name] = value
                else:
                    row.inline.setdefault(other_sheet, {})[column.name] = value
                    if cell is not None and str(cell).strip():
                        row.filled.setdefault(other_sheet, []).append(column.name)
            _check_required(row, spec, empty, present)
            if level_used:
                _join_levels(row, spec.column(made_up), level_used)
            if not row.result.problems:
                row.result.notes += complete(spec.key, row.values, written.get(spec.key, {}))
                for key, values in row.inline.items():
                    row.result.notes += complete(key, values, written.get(key, {}))
            label = row.values.get(key_column.name) or row.values.get(STANDS_IN.get(key_column.name), "")
            if spec.key == "positions":
                label = f"{row.values.get('code', '')} {row.values.get('title', '')}".strip()
            row.result.label = str(label)
            sheet_report.rows.append(row.result)
            rows.append(row)
        noted = sum(1 for row in rows if row.result.notes)
        if noted:
            report.warnings.append(ngettext(
                "On sheet “%(sheet)s”, %(count)d row was read from its wording (a relation scope, a category or an "
                "education note: see the row's notes); check it in the preview.",
                "On sheet “%(sheet)s”, %(count)d rows were read from their wording (a relation scope, a category or an "
                "education note: see each row's notes); check them in the preview.",
                noted,
            ) % {"sheet": mapping.name, "count": noted})
        mapping.rows = None  # the cells are converted; let them go before the models are built
    return parsed


def _check_required(row, spec, empty, present):
    """A problem for each required column of ``spec`` left blank on ``row``, unless the row fills
    the column standing in for it (a row of a standard position names it instead of a position);
    the message names that column when the table has it (``present``)."""
    for column in empty:
        stand_in = STANDS_IN.get(column.name)
        if stand_in and row.values.get(stand_in):
            continue
        if stand_in and stand_in in present:
            other = spec.column(stand_in).header
            row.problem(
                column.header, _("“%(column)s” and “%(other)s” are both empty.") % {"column": column.header, "other": other},
                _("Fill in “%(column)s” (or “%(other)s” for a row of a standard position).") % {"column": column.header, "other": other},
            )
            continue
        row.problem(
            column.header, _("“%(column)s” must not be empty.") % {"column": column.header},
            _("Fill in “%(column)s”.") % {"column": column.header},
        )


def _join_levels(row, made_up, levels):
    """A row's level cells (一级部门 | 二级部门 …) and its ``made_up`` cell (所在部门), if the sheet
    has one, as one name path; ``refs["department_header"]`` names those columns."""
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
        row.problem(
            headers[0],
            ngettext("%(columns)s is not filled in.", "None of %(columns)s is filled in.", len(headers))
            % {"columns": _quoted_columns(headers)},
            _("Fill in the department of the position."),
        )


def _quoted_columns(headers):
    """“一级部门”, “二级部门” (「一级部门」「二级部门」 in Chinese)."""
    quoted = pgettext("a quoted column header", "“%(column)s”") % {"column": headers[0]}
    for header in headers[1:]:
        quoted = pgettext("a list of quoted column headers", "%(list)s, “%(column)s”") % {"list": quoted, "column": header}
    return quoted
