"""A streaming .xlsx reader: cell values by row, formulas flagged, dates recognised.

openpyxl builds an object per cell and spends most of an import of 200,000 rows doing so;
the import needs only the values, so this reads the sheet XML with lxml's ``iterparse``
(rows are freed as they are read).  Formula cells come back as their formula text ("=…")
so that the import can refuse them, and numbers in a date format come back as dates.
"""
import datetime
import re
import zipfile

from lxml import etree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DATE_FORMAT_IDS = set(range(14, 23)) | {27, 30, 36, 45, 46, 47, 50, 57}
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
_COLUMN = re.compile(r"[A-Z]+")


def _column_index(reference):
    index = 0
    for letter in _COLUMN.match(reference).group():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _text(element):
    return "".join(t.text or "" for t in element.iter(f"{MAIN}t") if t.getparent().tag != f"{MAIN}rPh")


def _date_styles(archive):
    if "xl/styles.xml" not in archive.namelist():
        return set()
    root = etree.fromstring(archive.read("xl/styles.xml"))
    custom = set()
    for number_format in root.iter(f"{MAIN}numFmt"):
        code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.get("formatCode", "")).lower()
        if re.search(r"[ymd]", code) and not re.search(r"^[#0.,%\s]*$", code):
            custom.add(int(number_format.get("numFmtId")))
    cell_formats = root.find(f"{MAIN}cellXfs")
    if cell_formats is None:
        return set()
    return {
        index for index, xf in enumerate(cell_formats.iter(f"{MAIN}xf"))
        if int(xf.get("numFmtId", "0")) in DATE_FORMAT_IDS | custom
    }


def _number(text, is_date):
    number = float(text)
    if is_date:
        moment = EXCEL_EPOCH + datetime.timedelta(days=number)
        return moment.date() if moment.time() == datetime.time(0) else moment
    return int(number) if number.is_integer() and "E" not in text.upper() else number


def read_sheets(content_file):
    """[(sheet title, [[cell value, …], …])] in workbook order; raises zipfile/XML errors."""
    with zipfile.ZipFile(content_file) as archive:
        workbook = etree.fromstring(archive.read("xl/workbook.xml"))
        relations = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {relation.get("Id"): relation.get("Target") for relation in relations}
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            for _event, item in etree.iterparse(archive.open("xl/sharedStrings.xml"), tag=f"{MAIN}si"):
                shared.append(_text(item))
                item.clear()
        date_styles = _date_styles(archive)
        tables = []
        for sheet in workbook.iter(f"{MAIN}sheet"):
            target = targets[sheet.get(f"{REL}id")]
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            tables.append((sheet.get("name"), list(_rows(archive.open(path), shared, date_styles))))
        return tables


def _rows(stream, shared, date_styles):
    expected = 1
    for _event, row in etree.iterparse(stream, tag=f"{MAIN}row"):
        number = int(row.get("r") or expected)
        while expected < number:  # rows Excel left out are blank rows
            yield []
            expected += 1
        values = []
        for cell in row.iter(f"{MAIN}c"):
            reference = cell.get("r")
            if reference:
                column = _column_index(reference)
                values.extend([None] * (column - len(values)))
            values.append(_value(cell, shared, date_styles))
        yield values
        expected = number + 1
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]


def _value(cell, shared, date_styles):
    kind = cell.get("t", "n")
    formula = cell.find(f"{MAIN}f")
    if formula is not None:
        return "=" + (formula.text or "")
    if kind == "inlineStr":
        inline = cell.find(f"{MAIN}is")
        return _text(inline) if inline is not None else ""
    value = cell.find(f"{MAIN}v")
    if value is None or value.text is None:
        return None
    if kind == "s":
        return shared[int(value.text)]
    if kind == "b":
        return value.text == "1"
    if kind in ("str", "e", "d"):
        return value.text
    return _number(value.text, int(cell.get("s", "0")) in date_styles)
