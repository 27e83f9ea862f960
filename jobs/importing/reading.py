"""Turn an uploaded file (xlsx, csv in UTF-8/GBK, tsv, json) into rows of cells per sheet.

Reading knows nothing about the database: it finds the header row (a title row above it
is common), skips blank rows, remembers the row number Excel shows, and refuses files it
cannot read with a message that says what to do.
"""
import csv
import datetime
import io
import json
import zipfile

from django.conf import settings

from jobs.importing.sheets import SHEETS, import_header_map, missing_columns, normalise_header, sheet_for_name
from jobs.importing.xlsx import read_sheets

HEADER_SEARCH_ROWS = 10
ENCODINGS = {"auto": None, "utf-8": "utf-8-sig", "gbk": "gb18030"}


class UnreadableFile(Exception):
    """The file as a whole cannot be imported; the message is for the user."""


class RawSheet:
    """One sheet as read: its spec, the header row, and (excel_row, {header: value}) rows."""

    def __init__(self, name, spec, header_row, headers, rows):
        self.name, self.spec, self.header_row, self.headers, self.rows = name, spec, header_row, headers, rows


def max_upload_bytes():
    return int(getattr(settings, "IMPORT_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def read_file(*, content, filename="", encoding="auto", sheet_hint=None):
    """Return ([RawSheet], [warning]) or raise UnreadableFile."""
    if not content:
        raise UnreadableFile("文件是空的（0 字节）。请选择填好数据的 Excel（.xlsx）、CSV 或 JSON 文件。")
    limit = max_upload_bytes()
    if len(content) > limit:
        raise UnreadableFile(
            f"文件大小 {len(content) / 1024 / 1024:.1f} MB，超过上限 {limit // 1024 // 1024} MB。"
            "请把文件拆分成几个较小的文件分别导入，或请管理员调高 IMPORT_MAX_UPLOAD_MB。"
        )
    name = filename.lower()
    if content[:4] == b"PK\x03\x04":
        tables = _read_xlsx(content)
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile("这是旧版 Excel（.xls）或 Word（.doc）文件。请在 Excel 中“另存为” .xlsx 或 CSV 后再导入。")
    elif content[:5] == b"%PDF-":
        raise UnreadableFile("这是 PDF 文件，不是表格。请上传 Excel（.xlsx）、CSV 或 JSON 文件。")
    else:
        text = _decode(content, encoding)
        stripped = text.lstrip()
        if name.endswith(".json") or stripped[:1] in "[{":
            tables = _read_json(text)
        else:
            tables = [(None, _read_delimited(text, tab=name.endswith(".tsv") or name.endswith(".tab")))]
    warnings, sheets = [], []
    named = {sheet_name: sheet_for_name(sheet_name) for sheet_name, _rows in tables if sheet_name}
    by_headers = not any(named.values())  # e.g. one sheet called Sheet1 or 岗位一览表: read it by its headers
    taken = set()
    for sheet_name, rows in tables:
        spec = named.get(sheet_name) if sheet_name else _guess_spec(rows, sheet_hint)
        if spec is None and sheet_name and by_headers:
            spec = _guess_spec(rows, None)
            if spec is not None and spec.key not in taken:
                warnings.append(f"工作表“{sheet_name}”的名称不是可识别的表名，按它的表头当作“{spec.title}”表导入。")
            elif spec is not None:
                warnings.append(f"工作表“{sheet_name}”的表头像“{spec.title}”表，但前面已有一个“{spec.title}”表，已跳过。")
                continue
        if spec is None:
            if any(any(_present(cell) for cell in row) for row in rows):
                warnings.append(f"工作表“{sheet_name}”不是可识别的表名，已跳过。可用的表名：{'、'.join(s.title for s in SHEETS)}。")
            continue
        taken.add(spec.key)
        sheets.append(_to_raw_sheet(sheet_name or spec.title, spec, rows))
    if not sheets:
        raise UnreadableFile(
            "文件里没有可导入的数据：没有找到名为 " + "、".join(s.title for s in SHEETS)
            + " 的工作表或对应的表头。请下载导入模板，按模板填写。"
        )
    return sheets, warnings


def _decode(content, encoding):
    if b"\x00" in content[:4096]:
        raise UnreadableFile("无法识别的文件：它不是表格文件（含有二进制内容）。请上传 .xlsx、.csv、.tsv 或 .json 文件。")
    chosen = ENCODINGS.get(encoding)
    for candidate in [chosen] if chosen else ["utf-8-sig", "gb18030"]:
        try:
            return content.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        "无法读取文件的文字编码。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx，或在表单中选择正确的编码。"
    )


def _read_xlsx(content):
    from lxml.etree import XMLSyntaxError

    try:
        return read_sheets(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, XMLSyntaxError, ValueError, EOFError) as error:
        raise UnreadableFile(
            "文件已损坏或不是 Excel 工作簿，无法打开。请在 Excel 中打开后重新“另存为” .xlsx 再导入。"
        ) from error


def _read_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"JSON 格式有误（第 {error.lineno} 行）。请检查文件，或改用 Excel 模板。") from error
    if isinstance(data, list):
        data = {None: data}
    if not isinstance(data, dict) or not all(isinstance(rows, list) for rows in data.values()):
        raise UnreadableFile("JSON 文件应为 {\"岗位\": [{\"岗位编号\": …}, …], …} 或记录列表。请按导出的 JSON 格式填写。")
    tables = []
    for name, records in data.items():
        headers = []
        for record in records:
            if not isinstance(record, dict):
                raise UnreadableFile("JSON 里的每条记录都应是 {表头: 值} 的对象。")
            headers.extend(key for key in record if key not in headers)
        tables.append((name, [headers] + [[record.get(key) for key in headers] for record in records]))
    return tables


def _read_delimited(text, tab):
    sample = text[:4096]
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    delimiter = "\t" if tab or first_line.count("\t") > first_line.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise UnreadableFile(f"CSV 格式有误：{error}。请在 Excel 中重新另存为 CSV。") from error


def _present(value):
    return value is not None and str(value).strip() != ""


def _guess_spec(rows, sheet_hint):
    """A single-sheet file (csv/tsv/json list): the kind whose headers match best."""
    if sheet_hint:
        return sheet_for_name(sheet_hint)
    best, best_score = None, 0
    for spec in SHEETS:
        mapping = import_header_map(spec)
        for row in rows[:HEADER_SEARCH_ROWS]:
            matched = {mapping[normalise_header(cell)] for cell in row if normalise_header(cell) in mapping}
            if not missing_columns(spec, matched) and len(matched) > best_score:
                best, best_score = spec, len(matched)
    return best


def _to_raw_sheet(name, spec, rows):
    header_index, headers = _header(rows, import_header_map(spec))
    body = []
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        if any(_present(cell) for cell in row):
            body.append((offset, {index: _clean_cell(cell) for index, cell in enumerate(row)}))
    return RawSheet(name, spec, header_index + 1, headers, body)


def _header(rows, mapping):
    """(index, cells) of the header: the row among the first ten that names the most columns.

    A header of two rows is read as one: a group title merged across its columns (任职资格 over
    学历, 专业 …) with the other titles merged down over both rows.  The second row counts as a
    header row when at least half of its cells, and two or more, are column names; its cell
    wins, the row above fills where it is blank.
    """
    def score(row):
        return sum(1 for cell in row if normalise_header(cell) in mapping)

    best_index, best = 0, -1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if score(row) > best:
            best_index, best = index, score(row)
    if not rows:
        return 0, []
    chosen = best_index, list(rows[best_index])
    for upper in (best_index - 1, best_index):
        lower = upper + 1
        if upper < 0 or lower >= len(rows) or lower >= HEADER_SEARCH_ROWS:
            continue
        top, bottom = rows[upper], rows[lower]
        present = [cell for cell in bottom if _present(cell)]
        if score(bottom) < max(2, len(present) / 2):
            continue  # the lower row is data, not the second row of the header
        merged = [
            bottom[i] if i < len(bottom) and _present(bottom[i]) else (top[i] if i < len(top) else None)
            for i in range(max(len(top), len(bottom)))
        ]
        if score(merged) > best:
            chosen, best = (lower, merged), score(merged)
    return chosen


def _clean_cell(value):
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    return value
