"""Reading the binary workbooks of Excel 97–2003 (.xls) and of WPS Spreadsheets (.et) with xlrd.

WPS saves .et in the same BIFF8 records as .xls, so one reader serves both.  Cells come back as
the .xlsx reader (:mod:`kernel.spreadsheets`) gives them, so that the rest of the import cannot tell the formats
apart: numbers as int or float, dates as dates (through the workbook's own date mode — 1900 or
1904), booleans as bool, empty cells and the covered cells of a merged range as ``None``.  A .xls
stores the value each formula last computed, and that value is what is read.

The same limits hold as for .xlsx: the compound file's header is checked against the file before
xlrd walks it, rows are read ragged (a 6 KB file with one cell at IV65536 made xlrd pad 65,536
rows to 256 cells: ten seconds and 200 MB per sheet), and sheets, rows, columns, cells and time
count against ``WorkbookLimits`` and ``IMPORT_MAX_SECONDS``.
"""
import datetime

import xlrd

from kernel.archives import ArchiveLimits, DamagedCompoundFile, Deadline, check_compound_file
from kernel.spreadsheets import WorkbookLimits, place, too_many_cells, too_many_columns, too_many_rows, too_many_sheets

_EMPTY = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)


class XlsError(ValueError):
    """xlrd could not read the workbook; the message is xlrd's, for the log."""


def read_sheets(content):
    """[(sheet title, [[cell value, …], …])] in workbook order.

    Raises XlsError, or :class:`kernel.archives.ArchiveRefused` (with a message for the user)
    for a file beyond the limits.
    """
    archive_limits, limits = ArchiveLimits.for_workbooks(), WorkbookLimits.from_settings()
    try:
        check_compound_file(content, archive_limits)
    except DamagedCompoundFile as error:  # said as for any file xlrd cannot open
        raise XlsError(str(error)) from error
    deadline = Deadline(archive_limits.max_seconds)
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True, ragged_rows=True, logfile=_Quiet())
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, AssertionError, IndexError, KeyError, ValueError,
            OverflowError, EOFError) as error:
        raise XlsError(str(error)) from error
    try:
        if book.nsheets > limits.sheets:
            raise too_many_sheets(limits)
        rows_left, cells_left, tables = limits.rows, limits.cells, []
        for index in range(book.nsheets):
            deadline.check()
            try:
                sheet = book.get_sheet(index)
            except (xlrd.XLRDError, AssertionError, IndexError, KeyError, ValueError, OverflowError) as error:
                raise XlsError(str(error)) from error
            rows_left -= sheet.nrows
            if rows_left < 0:
                raise too_many_rows(limits, sheet.name, sheet.nrows)
            rows = []
            for number in range(sheet.nrows):
                width = sheet.row_len(number)
                if width > limits.columns:
                    raise too_many_columns(limits, place(sheet.name, number + 1, limits.columns))
                cells_left -= width
                if cells_left < 0:
                    raise too_many_cells(limits, place(sheet.name, number + 1))
                rows.append(_row(sheet, number, book.datemode))
            deadline.check()
            tables.append((sheet.name, rows))
            book.unload_sheet(index)
        return tables
    finally:
        book.release_resources()


def _row(sheet, number, datemode):
    values = [_value(cell, datemode) for cell in sheet.row(number)]
    while values and values[-1] is None:
        values.pop()
    return values


def _value(cell, datemode):
    kind, value = cell.ctype, cell.value
    if kind in _EMPTY:
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() else value
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, datemode)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return value
        return moment.date() if moment.time() == datetime.time(0) else moment
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return value


class _Quiet:
    """xlrd writes warnings about odd records to a log file; the import reports its own problems."""

    def write(self, text):
        return len(text)
