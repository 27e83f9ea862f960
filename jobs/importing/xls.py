"""Reading the binary workbooks of Excel 97–2003 (.xls) and of WPS Spreadsheets (.et) with xlrd.

WPS saves .et in the same BIFF8 records as .xls, so one reader serves both.  Cells come back as
the .xlsx reader (:mod:`.xlsx`) gives them, so that the rest of the import cannot tell the formats
apart: numbers as int or float, dates as dates (through the workbook's own date mode — 1900 or
1904), booleans as bool, empty cells and the covered cells of a merged range as ``None``.  A .xls
stores the value each formula last computed, and that value is what is read.
"""
import datetime

import xlrd

_EMPTY = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)


class XlsError(ValueError):
    """xlrd could not read the workbook; the message is xlrd's, for the log."""


def read_sheets(content):
    """[(sheet title, [[cell value, …], …])] in workbook order; raises XlsError."""
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True, logfile=_Quiet())
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, AssertionError, IndexError, KeyError, ValueError,
            OverflowError, EOFError) as error:
        raise XlsError(str(error)) from error
    try:
        tables = []
        for index in range(book.nsheets):
            try:
                sheet = book.get_sheet(index)
            except (xlrd.XLRDError, AssertionError, IndexError, KeyError, ValueError, OverflowError) as error:
                raise XlsError(str(error)) from error
            tables.append((sheet.name, [_row(sheet, number, book.datemode) for number in range(sheet.nrows)]))
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
