"""A streaming .xlsx reader with hard limits: cell values by row, formulas flagged, dates recognised.

openpyxl builds an object per cell and spends most of an import of 200,000 rows doing so;
the import needs only the values, so this reads the workbook's XML parts with lxml's parser
target interface: elements arrive as events and no tree is built, so memory holds only the
values kept.  Formula cells come back as their formula text ("=…") so that the import can
refuse them, and numbers in a date format come back as dates.

An uploaded workbook may be hostile.  The archive is opened through
:class:`kernel.archives.SafeArchive` (sizes, ratio, parts, time), and while streaming, every
row number and cell reference is checked before anything is allocated for it: rows, columns,
cells, sheets and shared strings are counted against :class:`WorkbookLimits`, and a
malformed cell (a reference such as ``1A``, a shared-string index that does not exist, a
date-formatted 1e300) refuses the file with a message naming the sheet and cell.

Both doors for a workbook read through here: the organisation import
(``jobs.importing.reading``) and the admin's per-list import buttons
(:class:`kernel.resources.StreamedXLSX`), which is why the reader lives in the kernel.
"""
import datetime
import math
import posixpath
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext
from lxml import etree

from kernel.archives import ArchiveLimits, ArchiveRefused, SafeArchive

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DATE_FORMAT_IDS = set(range(14, 23)) | {27, 30, 36, 45, 46, 47, 50, 57}
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
EXCEL_MAX_ROWS, EXCEL_MAX_COLUMNS, EXCEL_MAX_TEXT = 1_048_576, 16_384, 32_767
EXCEL_LAST_DATE = 2_958_465  # 9999-12-31
EXCEL_MAX_STYLES = 65_536
BLANK = ()  # every blank row is this one object, so a gap of many rows costs a pointer each
_REFERENCE = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})\Z")
_ROW_NUMBER = re.compile(r"[1-9][0-9]{0,6}\Z")
_INDEX = re.compile(r"[0-9]{1,10}\Z")
ROW, CELL, VALUE, FORMULA, INLINE, TEXT, PHONETIC, SHARED = (
    f"{MAIN}{name}" for name in ("row", "c", "v", "f", "is", "t", "rPh", "si")
)


class WorkbookRefused(ArchiveRefused):
    """The workbook breaks a limit or is malformed; the message names the sheet and cell."""


@dataclass(frozen=True)
class WorkbookLimits:
    """Most rows (blank rows between filled ones included), columns per row, cells and sheets read."""

    rows: int
    columns: int
    cells: int
    sheets: int

    @classmethod
    def from_settings(cls):
        return cls(
            rows=int(settings.IMPORT_MAX_ROWS),
            columns=int(settings.IMPORT_MAX_COLUMNS),
            cells=int(settings.IMPORT_MAX_CELLS),
            sheets=int(settings.IMPORT_MAX_SHEETS),
        )


def _resave():
    return gettext("Open the workbook in Excel, save it again and upload the saved file.")


def place(sheet, row, column=None):
    """“Sheet “岗位”, cell C5”, or “…, row 5” without a column (0-based), for messages."""
    if column is None:
        return gettext("Sheet “%(sheet)s”, row %(row)d") % {"sheet": sheet, "row": row}
    return gettext("Sheet “%(sheet)s”, cell %(cell)s") % {"sheet": sheet, "cell": f"{_column_letters(column)}{row}"}


def too_many_sheets(limits):
    return WorkbookRefused(
        gettext(
            "The workbook has more than %(limit)d sheets (IMPORT_MAX_SHEETS). Delete the sheets that are "
            "not needed or split the workbook, or ask the administrator to raise the limit."
        ) % {"limit": limits.sheets}
    )


def too_many_rows(limits, sheet, row):
    return WorkbookRefused(
        gettext(
            "The workbook has more than %(limit)s rows (IMPORT_MAX_ROWS; reached on sheet “%(sheet)s” at row "
            "%(row)s). Split it into smaller files, or ask the administrator to raise the limit."
        ) % {"limit": f"{limits.rows:,}", "sheet": sheet, "row": f"{row:,}"}
    )


def too_many_columns(limits, where):
    return WorkbookRefused(
        gettext(
            "%(where)s: the workbook has more than %(limit)d columns (IMPORT_MAX_COLUMNS). Delete the columns "
            "that are not needed, or ask the administrator to raise the limit."
        ) % {"where": where, "limit": limits.columns}
    )


def too_many_cells(limits, where):
    return WorkbookRefused(
        gettext(
            "The workbook has more than %(limit)s cells (IMPORT_MAX_CELLS; reached at %(where)s). Split it into "
            "smaller files, or ask the administrator to raise the limit."
        ) % {"limit": f"{limits.cells:,}", "where": where}
    )


def _column_letters(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _column_index(letters):
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _number(text, is_date, where):
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise WorkbookRefused(
            gettext("%(where)s: “%(value)s” is stored as a number but is not one. Type the cell again in Excel and save the workbook.")
            % {"where": where(), "value": text[:50]}
        )
    if is_date:
        if not 0 <= number <= EXCEL_LAST_DATE:
            raise WorkbookRefused(
                gettext(
                    "%(where)s is formatted as a date but holds %(value)s, which is no date (Excel's dates run from "
                    "1900 to 9999). Correct the cell, or format it as a number or text."
                ) % {"where": where(), "value": text[:50]}
            )
        moment = EXCEL_EPOCH + datetime.timedelta(days=number)
        return moment.date() if moment.time() == datetime.time(0) else moment
    return int(number) if number.is_integer() and "E" not in text.upper() else number


class _Target:
    """lxml parser target: events arrive one by one and no tree is kept.  Office parts never declare a DOCTYPE."""

    part = ""

    def doctype(self, *_args):
        raise WorkbookRefused(
            gettext("The part %(part)s declares a document type, which Excel never writes. ") % {"part": self.part}
            + _resave()
        )

    def start(self, tag, attrib):
        pass

    def end(self, tag):
        pass

    def data(self, text):
        pass

    def close(self):
        return None


def _parse(archive, part, target):
    target.part = part
    parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True, huge_tree=False)
    with archive.open(part) as stream:
        while chunk := stream.read():
            parser.feed(chunk)
    return parser.close()


class _WorkbookTarget(_Target):
    """[(sheet name, relationship id)] in workbook order, at most ``limit`` sheets."""

    def __init__(self, limits):
        self.limits, self.sheets = limits, []

    def start(self, tag, attrib):
        if tag == f"{MAIN}sheet":
            if len(self.sheets) >= self.limits.sheets:
                raise too_many_sheets(self.limits)
            self.sheets.append((attrib.get("name") or "", attrib.get(f"{REL}id")))

    def close(self):
        return self.sheets


class _RelationsTarget(_Target):
    """{relationship id: target} for the ids asked for only."""

    def __init__(self, wanted):
        self.wanted, self.targets = wanted, {}

    def start(self, tag, attrib):
        if tag == f"{PACKAGE_REL}Relationship" and attrib.get("Id") in self.wanted:
            self.targets[attrib["Id"]] = attrib.get("Target") or ""

    def close(self):
        return self.targets


class _StylesTarget(_Target):
    """The indexes (as written in a cell's ``s``) of the cell formats that show a date."""

    def __init__(self):
        self.custom_dates, self.date_styles, self.in_cell_formats, self.formats, self.cell_formats = set(), set(), False, 0, 0

    def _count(self):
        if self.formats + self.cell_formats > EXCEL_MAX_STYLES:
            raise WorkbookRefused(
                gettext("The workbook defines more than %(limit)d cell formats, more than Excel allows. ")
                % {"limit": EXCEL_MAX_STYLES} + _resave()
            )

    def start(self, tag, attrib):
        if tag == f"{MAIN}numFmt":
            self.formats += 1
            self._count()
            code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", attrib.get("formatCode", "")).lower()
            if re.search(r"[ymd]", code) and not re.search(r"^[#0.,%\s]*$", code) and _INDEX.match(attrib.get("numFmtId", "")):
                self.custom_dates.add(int(attrib["numFmtId"]))
        elif tag == f"{MAIN}cellXfs":
            self.in_cell_formats = True
        elif tag == f"{MAIN}xf" and self.in_cell_formats:
            self.cell_formats += 1
            self._count()
            number_format = attrib.get("numFmtId", "0")
            if _INDEX.match(number_format) and int(number_format) in DATE_FORMAT_IDS | self.custom_dates:
                self.date_styles.add(str(self.cell_formats - 1))

    def end(self, tag):
        if tag == f"{MAIN}cellXfs":
            self.in_cell_formats = False

    def close(self):
        return self.date_styles


class _SharedStringsTarget(_Target):
    """The shared-string table: one text per ``<si>``, phonetic runs left out."""

    def __init__(self, limit):
        self.limit, self.strings, self.pieces, self.length, self.depth_in_text, self.phonetic = limit, [], None, 0, 0, 0

    def start(self, tag, attrib):
        if tag == SHARED:
            if len(self.strings) >= self.limit:
                raise WorkbookRefused(
                    gettext(
                        "The workbook holds more than %(limit)d different texts (IMPORT_MAX_CELLS). Split it into "
                        "smaller files, or ask the administrator to raise the limit."
                    ) % {"limit": self.limit}
                )
            self.pieces, self.length = [], 0
        elif tag == PHONETIC:
            self.phonetic += 1
        elif tag == TEXT and self.pieces is not None and not self.phonetic:
            self.depth_in_text += 1

    def data(self, text):
        if self.depth_in_text:
            self.length += len(text)
            if self.length > EXCEL_MAX_TEXT:
                raise WorkbookRefused(
                    gettext("A text in the workbook is longer than %(limit)s characters, Excel's limit. ")
                    % {"limit": f"{EXCEL_MAX_TEXT:,}"} + _resave()
                )
            self.pieces.append(text)

    def end(self, tag):
        if tag == SHARED and self.pieces is not None:
            self.strings.append("".join(self.pieces))
            self.pieces = None
        elif tag == PHONETIC:
            self.phonetic -= 1
        elif tag == TEXT and self.depth_in_text:
            self.depth_in_text -= 1

    def close(self):
        return self.strings


class _Budget:
    """Rows and cells left for the whole workbook."""

    def __init__(self, limits):
        self.limits, self.rows, self.cells = limits, limits.rows, limits.cells


class _SheetTarget(_Target):
    """The rows of one sheet: a list of cell values per row, ``BLANK`` for a row without values.

    A cell without a value does not lengthen its row, so styled empty cells far to the right
    cost nothing; the positions a value's row is padded to count as cells.
    """

    def __init__(self, sheet, shared, date_styles, budget):
        self.sheet, self.shared, self.date_styles, self.budget = sheet, shared, date_styles, budget
        self.rows, self.values, self.row_number = [], None, 0
        self.cell = None  # [column, kind, style, value text, formula text, inline text]
        self.pieces, self.slot, self.length, self.in_inline, self.phonetic, self.next_column = None, 0, 0, False, 0, 0

    def _where(self, column=None):
        return place(self.sheet, self.row_number, column)

    def start(self, tag, attrib):
        if tag == CELL and self.values is not None:
            self._start_cell(attrib)
        elif self.cell is not None:
            if tag == VALUE:
                self.pieces, self.slot, self.length = [], 3, 0
            elif tag == FORMULA:
                self.pieces, self.slot, self.length = [], 4, 0
            elif tag == INLINE:
                self.in_inline, self.cell[5] = True, self.cell[5] or []
            elif tag == PHONETIC:
                self.phonetic += 1
            elif tag == TEXT and self.in_inline and not self.phonetic:
                self.pieces, self.slot = self.cell[5], 5
        elif tag == ROW:
            self._start_row(attrib.get("r"))

    def _start_row(self, number):
        if number is None:
            number = self.row_number + 1
        elif _ROW_NUMBER.match(number) and self.row_number < int(number) <= EXCEL_MAX_ROWS:
            number = int(number)
        else:
            raise WorkbookRefused(
                gettext(
                    "Sheet “%(sheet)s”: the row number “%(row)s” is not valid (Excel numbers rows from 1 to "
                    "1,048,576, each once and in order). The workbook is damaged or was not written by Excel. "
                ) % {"sheet": self.sheet, "row": number[:20]} + _resave()
            )
        blank_rows = number - 1 - len(self.rows)
        self.budget.rows -= blank_rows + 1
        if self.budget.rows < 0:
            raise too_many_rows(self.budget.limits, self.sheet, number)
        self.rows.extend([BLANK] * blank_rows)  # rows Excel left out are blank rows
        self.values, self.row_number, self.next_column = [], number, 0

    def _start_cell(self, attrib):
        reference = attrib.get("r")
        if reference is None:
            column = self.next_column
        else:
            match = _REFERENCE.match(reference)
            column = _column_index(match.group(1)) if match else -1
            if not self.next_column <= column < EXCEL_MAX_COLUMNS:
                raise WorkbookRefused(
                    gettext(
                        "%(where)s: the cell reference “%(reference)s” is not valid (Excel names columns A to XFD, "
                        "each once and in order). The workbook is damaged or was not written by Excel. "
                    ) % {"where": self._where(), "reference": reference[:20]} + _resave()
                )
        self.next_column = column + 1
        self.cell = [column, attrib.get("t", "n"), attrib.get("s", "0"), None, None, None]

    def data(self, text):
        if self.pieces is not None:
            self.length += len(text)
            if self.length > EXCEL_MAX_TEXT:
                raise WorkbookRefused(
                    gettext("%(where)s holds more than %(limit)s characters, Excel's limit. ")
                    % {"where": self._where(self.cell[0]), "limit": f"{EXCEL_MAX_TEXT:,}"} + _resave()
                )
            self.pieces.append(text)

    def end(self, tag):
        if tag in (VALUE, FORMULA) and self.pieces is not None:
            self.cell[self.slot] = "".join(self.pieces)
            self.pieces = None
        elif tag == TEXT and self.slot == 5:
            self.pieces = None
        elif tag == PHONETIC and self.cell is not None:
            self.phonetic -= 1
        elif tag == INLINE:
            self.in_inline = False
        elif tag == CELL and self.cell is not None:
            self._end_cell()
        elif tag == ROW and self.values is not None:
            self.rows.append(self.values or BLANK)
            self.values = None

    def _end_cell(self):
        column, kind, style, text, formula, inline = self.cell
        self.cell, self.pieces, self.slot, self.length = None, None, 0, 0
        value = self._value(column, kind, style, text, formula, inline)
        if value is None:
            return
        if column >= self.budget.limits.columns:
            raise too_many_columns(self.budget.limits, self._where(column))
        padding = column - len(self.values)
        self.budget.cells -= padding + 1
        if self.budget.cells < 0:
            raise too_many_cells(self.budget.limits, self._where(column))
        self.values.extend([None] * padding)
        self.values.append(value)

    def _value(self, column, kind, style, text, formula, inline):
        if formula is not None:
            return "=" + formula
        if kind == "inlineStr":
            return "".join(inline or ())
        if text is None:
            return None
        if kind == "s":
            if not _INDEX.match(text) or int(text) >= len(self.shared):
                raise WorkbookRefused(
                    gettext(
                        "%(where)s refers to text number %(index)s, which the workbook does not have (it has %(count)d): "
                        "the workbook is damaged. "
                    ) % {"where": self._where(column), "index": text[:20], "count": len(self.shared)} + _resave()
                )
            return self.shared[int(text)]
        if kind == "b":
            return text == "1"
        if kind in ("str", "e", "d"):
            return text
        return _number(text, style in self.date_styles, lambda: self._where(column))

    def close(self):
        if self.values is not None:  # a row left open: the parser has already refused the XML
            self.rows.append(self.values or BLANK)
        return self.rows


def read_sheets(content):
    """[(sheet title, [[cell value, …], …])] in workbook order.

    Raises :class:`kernel.archives.ArchiveRefused` (a :class:`WorkbookRefused` for limits and
    malformed cells) with a message for the user, or zipfile/XML errors for a damaged file.
    """
    limits = WorkbookLimits.from_settings()
    with SafeArchive(content, ArchiveLimits.for_workbooks()) as archive:
        sheets = _parse(archive, "xl/workbook.xml", _WorkbookTarget(limits))
        targets = _parse(archive, "xl/_rels/workbook.xml.rels", _RelationsTarget({rid for _name, rid in sheets}))
        shared = []
        if "xl/sharedStrings.xml" in archive:
            shared = _parse(archive, "xl/sharedStrings.xml", _SharedStringsTarget(limits.cells))
        date_styles = _parse(archive, "xl/styles.xml", _StylesTarget()) if "xl/styles.xml" in archive else set()
        budget, tables, read_by = _Budget(limits), [], {}
        for name, rid in sheets:
            target = targets.get(rid, "")
            path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else f"xl/{target}")
            if path in read_by:
                raise WorkbookRefused(
                    gettext("The sheets “%(first)s” and “%(second)s” point at the same data: the workbook is damaged. ")
                    % {"first": read_by[path], "second": name} + _resave()
                )
            if path not in archive:
                raise WorkbookRefused(
                    gettext("The data of sheet “%(sheet)s” is missing from the file: the workbook is damaged. ")
                    % {"sheet": name} + _resave()
                )
            read_by[path] = name
            tables.append((name, _parse(archive, path, _SheetTarget(name, shared, date_styles, budget))))
        return tables
