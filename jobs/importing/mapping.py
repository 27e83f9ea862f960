"""Phase 2 of an import: which kind of sheet each table is, where its header is, and where each of
its columns goes.

Every column of every sheet gets a destination or is explicitly left out; none is dropped unseen.
A column is matched, in this order, by

1. the user's choice (the preview's select boxes, or a saved mapping named on the command line);
2. a saved mapping for tables of the same shape (the same headers), proposed automatically;
3. a header or one of its synonyms (``jobs.importing.sheets``);
4. a header like one of those (“部门职责” for 部门职责概述, “岗位称谓” for 岗位): the closest one;
5. what the values look like: a column of 内部/外部 (or 公司外部, 本部门 …) is a relation scope, a
   column of 1、2、3 items lists duties, a column of 本科/大专 is an education level.

The sheet's row-number column (序号) is left out quietly. A column still without a destination blocks
the import until the user maps it or marks it 不导入. This phase reads no database except the saved
mappings.
"""
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.columns import CHOICE, ITEMS, ROW_NUMBER_HEADERS, normalise_header
from jobs.importing.cells import split_items
from jobs.importing.meanings import read_choice
from jobs.importing.report import Problem
from jobs.importing.sheets import (
    CONFIDENTIAL_COLUMNS, GUESSED_ONLY_WITH, GUIDE_SHEET, OPTIONS_SHEET, POSITION_REF, SHEETS, STANDARD_REF, Sheet,
    inline_columns, level_columns, missing_columns, sheet_for_name,
)
from kernel.wording import listing

HEADER_SEARCH_ROWS = 10
SIMILAR_ENOUGH = 0.6
SAMPLE_ROWS = 50

SKIP = ""  # the destination of a column the user leaves out (不导入)
# How a column found its destination, as the preview names it.
CHOSEN, SAVED, SYNONYM, SIMILAR, VALUES, ROW_NUMBER = "chosen", "saved", "synonym", "similar", "values", "row_number"
HOW_LABELS = {
    CHOSEN: gettext_lazy("Chosen by hand"), SAVED: gettext_lazy("Saved mapping"), SYNONYM: gettext_lazy("Header"),
    SIMILAR: gettext_lazy("Similar header"), VALUES: gettext_lazy("By its values"), ROW_NUMBER: gettext_lazy("Row-number column"),
}


@dataclass(frozen=True)
class Target:
    """Where a column can go: a column of the sheet, or of another sheet that the sheet accepts
    inline (任职资格 and 岗位职责 on the 岗位 sheet), or a department level column."""

    id: str
    column: object
    sheet: str | None = None  # key of the other sheet, for inline columns

    @property
    def label(self):
        return self.column.header


def targets(spec):
    """{target id: Target} for ``spec``, its own columns first."""
    found = {column.name: Target(column.name, column) for column in spec.columns}
    for column, key in inline_columns(spec).items():
        found.setdefault(f"{key}:{column.name}", Target(f"{key}:{column.name}", column, key))
    for column in level_columns(spec)[1]:
        found.setdefault(column.name, Target(column.name, column))
    return found


@dataclass
class ColumnChoice:
    index: int
    header: str  # as written (a two-row header joined)
    target: Target | None = None
    how: str = ""
    skipped: bool = False
    note: str = ""  # why it is left out (机密)
    duplicate_of: str = ""  # the header of an earlier column that names the same field
    samples: tuple = ()  # a few of its values, for the preview

    @property
    def key(self):
        return normalise_header(self.header) or f"#{self.index + 1}"

    @property
    def unmatched(self):
        return self.target is None and not self.skipped

    @property
    def how_label(self):
        return str(HOW_LABELS.get(self.how, ""))


@dataclass
class SheetMapping:
    """One table understood: its kind (``spec``), its header row and its columns' destinations."""

    name: str
    spec: Sheet
    header_row: int  # the Excel row number of the (lower) header row
    columns: list
    rows: list  # the table's rows below the header
    found_by: str = "name"  # "name" (the sheet name) or "headers"
    saved_mapping: str = ""  # the saved mapping proposed for it, if any

    @property
    def unmatched(self):
        return [choice for choice in self.columns if choice.unmatched]

    @property
    def missing(self):
        present = {choice.target.column for choice in self.columns if choice.target and not choice.skipped}
        return missing_columns(self.spec, present)

    def body(self):
        """(Excel row number, cells) of each row below the header that is not blank."""
        for number, row in enumerate(self.rows, start=self.header_row + 1):
            if any(_present(cell) for cell in row):
                yield number, row

    def choices(self):
        """{column key: target id or SKIP} as a mapping is saved."""
        return {c.key: (SKIP if c.skipped else c.target.id) for c in self.columns if c.target or c.skipped}


def _present(value):
    return value is not None and str(value).strip() != ""


# ---- header matching ------------------------------------------------------------------------
def _names(target):
    return [normalise_header(name) for name in (target.column.header, *target.column.aliases) if name]


def synonym_index(spec):
    """Normalised header or synonym -> Target; the sheet's own headers win over inline and level ones."""
    index = {}
    found = targets(spec)
    for target in reversed(list(found.values())):
        for name in _names(target)[1:]:
            index[name] = target
    for target in reversed(list(found.values())):
        index[_names(target)[0]] = target
    return index


def similarity(header, target):
    """How much ``header`` looks like one of ``target``'s names, 0 to 1: the closest name's
    sequence ratio, and at least 0.7 when one contains the other (“岗位称谓” and 岗位)."""
    best = 0.0
    for name in _names(target):
        if not name:
            continue
        ratio = SequenceMatcher(None, header, name).ratio()
        if len(name) >= 2 and len(header) >= 2 and (name in header or header in name):
            ratio = max(ratio, 0.7 + 0.3 * min(len(name), len(header)) / max(len(name), len(header)))
        best = max(best, ratio)
    return best


def _closest(header, candidates):
    """The one target clearly closest to ``header`` (ahead of the next by 0.1), or None."""
    scored = sorted(((similarity(header, target), target.id, target) for target in candidates), reverse=True)
    if not scored or scored[0][0] < SIMILAR_ENOUGH:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.1:
        return None
    return scored[0][2]


def _looks_like(target, values):
    """Whether the sampled ``values`` fit ``target`` well enough to send the column there."""
    column = target.column
    if column.kind == CHOICE:
        # words HR writes (内部, 本科, 人事权, and short words that mean one: 公司外部, 日常), not the
        # stored values (3, "company") a number could hit
        stored = {str(value).lower() for value in column.labels}
        words = [str(value).strip() for value in values]
        return all(
            (word in column.choices and word.lower() not in stored) or (len(word) <= 6 and read_choice(column, word))
            for word in words
        )
    if column.kind == ITEMS:
        listed = [len(split_items(str(value))) for value in values]
        return sum(1 for count in listed if count >= 2) >= max(1, len(listed) // 2)
    return False


# ---- the mapping of one table ------------------------------------------------------------------
def map_columns(spec, headers, rows, *, chosen=None, saved=None):
    """[ColumnChoice] for ``headers`` (one cell per column) of a table of kind ``spec``.

    ``chosen`` and ``saved``: {column key: target id or SKIP} from the user and from a saved
    mapping. A target takes one column; the first column that claims it keeps it.
    """
    chosen, saved = chosen or {}, saved or {}
    available = targets(spec)
    index = synonym_index(spec)
    width = max([len(headers)] + [len(row) for row in rows[:SAMPLE_ROWS]])
    columns = []
    for position in range(width):
        header = headers[position] if position < len(headers) else None
        text = "" if header is None else str(header).strip()
        values = [row[position] for row in rows[:SAMPLE_ROWS] if position < len(row) and _present(row[position])]
        if not normalise_header(text) and not values:
            continue  # an empty column
        samples = tuple(dict.fromkeys(str(value).strip()[:40] for value in values))[:3]
        columns.append(ColumnChoice(position, text, samples=samples))
    taken = set()

    def assign(choice, target_id, how):
        if target_id == SKIP:
            choice.skipped, choice.how = True, how
            return True
        target = available.get(target_id)
        if target is None or target.id in taken:
            return False
        choice.target, choice.how = target, how
        taken.add(target.id)
        return True

    for source, how in ((chosen, CHOSEN), (saved, SAVED)):
        for choice in columns:
            if choice.target is None and not choice.skipped and choice.key in source:
                assign(choice, source[choice.key], how)
    for choice in columns:
        if choice.target is None and not choice.skipped and normalise_header(choice.header) in index:
            target = index[normalise_header(choice.header)]
            if not assign(choice, target.id, SYNONYM):
                choice.duplicate_of = next(c.header for c in columns if c.target is not None and c.target.id == target.id)
    for choice in columns:
        if choice.unmatched and normalise_header(choice.header) in ROW_NUMBER_HEADERS:
            choice.skipped, choice.how = True, ROW_NUMBER
    for choice in columns:
        if choice.unmatched and not choice.duplicate_of and normalise_header(choice.header):
            target = _closest(normalise_header(choice.header), [t for t in available.values() if t.id not in taken])
            if target is not None:
                assign(choice, target.id, SIMILAR)
    for choice in columns:
        if choice.unmatched and not choice.duplicate_of:
            values = [row[choice.index] for row in rows[:SAMPLE_ROWS] if choice.index < len(row) and _present(row[choice.index])]
            fitting = [t for t in available.values() if t.id not in taken and values and _looks_like(t, values)]
            if len(fitting) == 1:
                assign(choice, fitting[0].id, VALUES)
    if chosen:  # the page sends every column's choice: one the user left as proposed keeps its reason
        proposed = {c.key: c for c in map_columns(spec, headers, rows, saved=saved)}
        for choice in columns:
            other = proposed.get(choice.key)
            if choice.how == CHOSEN and other is not None and (other.target, other.skipped) == (choice.target, choice.skipped):
                choice.how = other.how
    return columns


def _score(spec, row):
    index = synonym_index(spec)
    return sum(1 for cell in row if normalise_header(cell) in index)


def _header(spec, rows):
    """(index, cells) of the header: the row among the first ten that names the most columns.

    A header of two rows is read as one: a group title merged across its columns (任职资格 over
    学历, 专业 …) with the other titles merged down over both rows.  The second row counts as a
    header row when at least half of its cells, and two or more, are column names; its cell
    wins, the row above fills where it is blank.
    """
    if not rows:
        return 0, []
    best_index, best = 0, -1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _score(spec, row) > best:
            best_index, best = index, _score(spec, row)
    chosen = best_index, list(rows[best_index])
    for upper in (best_index - 1, best_index):
        lower = upper + 1
        if upper < 0 or lower >= len(rows) or lower >= HEADER_SEARCH_ROWS:
            continue
        top, bottom = rows[upper], rows[lower]
        present = [cell for cell in bottom if _present(cell)]
        if _score(spec, bottom) < max(2, len(present) / 2):
            continue  # the lower row is data, not the second row of the header
        merged = [
            bottom[i] if i < len(bottom) and _present(bottom[i]) else (top[i] if i < len(top) else None)
            for i in range(max(len(top), len(bottom)))
        ]
        if _score(spec, merged) > best:
            chosen, best = (lower, merged), _score(spec, merged)
    return chosen


# The columns that say whose row it is: a table with only these is no sheet of rows.
IDENTIFYING = {POSITION_REF, STANDARD_REF}


def _guess_spec(rows, *, similar=False):
    """The kind of sheet whose required columns the table's headers name, the one naming most."""
    best, best_score = None, 0
    for spec in SHEETS:
        index = synonym_index(spec)
        every = list(targets(spec).values())
        words = GUESSED_ONLY_WITH.get(spec.key)
        for row in rows[:HEADER_SEARCH_ROWS]:
            matched = set()
            for cell in row:
                header = normalise_header(cell)
                if not header:
                    continue
                if header in index:
                    column = index[header].column
                elif similar and (target := _closest(header, every)) is not None:
                    column = target.column
                else:
                    continue
                if words and column.required and not any(word in header for word in words):
                    continue  # 岗位名称 names a standard's title only on a sheet named for standards
                matched.add(column)
            if missing_columns(spec, matched) or not matched - IDENTIFYING:
                continue  # a table naming its positions (or standards) and nothing else is not a sheet of their rows
            if len(matched) > best_score:
                best, best_score = spec, len(matched)
    return best


def _nearest_spec(rows):
    """(spec, its required columns the headers lack) of the kind of sheet whose columns a table's
    headers name most (two at least), for a table no kind of sheet takes; None when none is near."""
    best, best_score = None, 1
    for spec in SHEETS:
        index = synonym_index(spec)
        for row in rows[:HEADER_SEARCH_ROWS]:
            matched = {index[normalise_header(cell)].column for cell in row if normalise_header(cell) in index}
            missing = missing_columns(spec, matched)
            if missing and len(matched) > best_score:
                best, best_score = (spec, missing), len(matched)
    return best


def map_tables(tables, *, report, sheet_hint=None, chosen=None, saved_mappings=()):
    """[SheetMapping] for the ``tables`` of one file; problems and notes go to ``report``.

    ``chosen``: {sheet name: {column key: target id or SKIP}} from the user; ``saved_mappings``:
    ``ImportMapping`` objects to propose for tables of their shape.
    """
    chosen = chosen or {}
    named = {table.name: sheet_for_name(table.name) for table in tables if table.name}
    by_headers = not any(named.values())  # e.g. one sheet called Sheet1 or 岗位一览表: read it by its headers
    mappings, taken = [], set()
    for table in tables:
        if table.name in (GUIDE_SHEET, OPTIONS_SHEET):  # the export's instructions and dropdown values
            continue
        if table.name is None:  # a CSV: its headers say what it is
            spec = sheet_for_name(sheet_hint) if sheet_hint else (_guess_spec(table.rows) or _guess_spec(table.rows, similar=True))
            found_by = "headers"
        else:
            spec, found_by = named.get(table.name), "name"
            if spec is None and by_headers:
                spec, found_by = _guess_spec(table.rows) or _guess_spec(table.rows, similar=True), "headers"
                if spec is not None and spec.key in taken:
                    report.warnings.append(
                        _("The headers of sheet “%(sheet)s” look like a “%(kind)s” sheet, but there is a “%(kind)s” sheet "
                          "before it: skipped.") % {"sheet": table.name, "kind": spec.title}
                    )
                    continue
                if spec is not None:
                    report.warnings.append(
                        _("The name of sheet “%(sheet)s” is not a known sheet name; its headers say it is a “%(kind)s” "
                          "sheet, and it is imported as one.") % {"sheet": table.name, "kind": spec.title}
                    )
        if spec is None:
            if any(any(_present(cell) for cell in row) for row in table.rows):
                report.warnings.append(
                    _("Sheet “%(sheet)s” does not have a known sheet name: skipped. The known sheet names: %(names)s.")
                    % {"sheet": table.name or _("(the file)"), "names": listing(s.title for s in SHEETS)}
                )
                nearest = _nearest_spec(table.rows)
                if nearest is not None:
                    near, missing = nearest
                    report.warnings.append(
                        _("Its headers look like a “%(kind)s” sheet, which also needs %(columns)s: add that column "
                          "(or name the sheet “%(kind)s” and choose the columns in the preview).")
                        % {"kind": near.title, "columns": listing(f"“{column.header}”" for column in missing)}
                    )
            continue
        name = table.name or spec.title
        if spec.key in taken:
            report.problems.append(Problem(
                name, None, "", _("There are two “%(kind)s” sheets.") % {"kind": spec.title}, _("Merge them into one sheet."),
            ))
            continue
        taken.add(spec.key)
        header_index, headers = _header(spec, table.rows)
        body = table.rows[header_index + 1:]
        saved_name, saved = _saved_for(spec, headers, saved_mappings)
        columns = map_columns(spec, headers, body, chosen=chosen.get(name), saved=saved)
        mappings.append(SheetMapping(name, spec, header_index + 1, columns, body, found_by, saved_name))
    if not mappings and not report.problems:
        report.problems.append(Problem(
            _("File"), None, "",
            _("The file has nothing to import: no sheet is named %(names)s, and none has their headers.")
            % {"names": listing(s.title for s in SHEETS)},
            _("Download the import template and fill it in, or rename a sheet to one of these names."),
        ))
    return mappings


def _saved_for(spec, headers, saved_mappings):
    """(name, choices) of the saved mapping that knows every header of this table, the newest first."""
    keys = {normalise_header(header) for header in headers if normalise_header(header)}
    for mapping in saved_mappings:
        choices = mapping.sheets.get(spec.key, {})
        if keys and choices and keys <= set(choices) | set(synonym_index(spec)) and keys & set(choices):
            return mapping.name, choices
    return "", {}


def check_mappings(mappings, *, report, include_confidential=True):
    """Problems that stop the import: columns without a destination, two columns for one field,
    required columns missing; notes for columns left out (机密 without the permission)."""
    for mapping in mappings:
        for choice in mapping.columns:
            if choice.target and (mapping.spec.key, choice.target.column.name) in CONFIDENTIAL_COLUMNS and not include_confidential:
                choice.skipped, choice.note = True, _("confidential, and you may not see salaries: not imported")
                report.warnings.append(
                    _("Column “%(column)s” of sheet “%(sheet)s” is confidential and you may not see salaries: "
                      "it was not imported.") % {"sheet": mapping.name, "column": choice.header}
                )
        for choice in mapping.unmatched:
            if choice.duplicate_of:
                report.problems.append(Problem(
                    mapping.name, mapping.header_row, choice.header,
                    _("Columns “%(column)s” and “%(other)s” are the same field: it appears twice.")
                    % {"column": choice.header, "other": choice.duplicate_of},
                    _("Delete the duplicate column, or in the preview choose another field or “Do not import” for one of them."),
                ))
                continue
            number = {"column": choice.header, "number": choice.index + 1}
            report.problems.append(Problem(
                mapping.name, mapping.header_row, choice.header or _("Column %(number)d") % number,
                (_("Column “%(column)s” matches no field.") if choice.header
                 else _("Column %(number)d (no header) matches no field.")) % number,
                _("Choose a field for it in the preview, or “Do not import”; on the command line, --mapping names "
                  "a saved mapping."),
            ))
        for column in mapping.missing:
            values = {"column": column.header, "row": mapping.header_row, "aliases": listing(column.aliases)}
            report.problems.append(Problem(
                mapping.name, mapping.header_row, column.header, _("The required column “%(column)s” is missing.") % values,
                (_("Add a column “%(column)s” to the header in row %(row)d (also accepted: %(aliases)s), "
                   "or map a column to it in the preview.") if column.aliases
                 else _("Add a column “%(column)s” to the header in row %(row)d, or map a column to it in the preview.")) % values,
            ))
