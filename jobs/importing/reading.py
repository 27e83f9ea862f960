"""Phase 1 of an import: turn an uploaded file into tables of cells.

Reading knows nothing about sheets, columns or the database. It recognises what a file is by
its content, not its name (.xlsx, .xls, CSV/TSV in UTF-8 or GBK, JSON), gives back each sheet as
rows of cell values, and refuses what it cannot read with a message that says what to do.
"""
import csv
import io
import json
import zipfile
from dataclasses import dataclass

from django.conf import settings

from jobs.importing.xlsx import read_sheets

ENCODINGS = {"auto": None, "utf-8": "utf-8-sig", "gbk": "gb18030"}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc, .wps and .et files of older Office versions

# What a file is, recognised from its first bytes and, for zip files, the parts inside.
XLSX, XLS, DELIMITED, JSON, DOCX, OLE_DOCUMENT, PDF, OTHER = "xlsx", "xls", "csv", "json", "docx", "ole", "pdf", "other"


class UnreadableFile(Exception):
    """The file as a whole cannot be imported; the message is for the user."""


@dataclass
class Table:
    """One sheet as read: its name (``None`` for a CSV, which has none) and its rows of cells."""

    name: str | None
    rows: list


def max_upload_bytes():
    return int(getattr(settings, "IMPORT_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def file_kind(content, filename=""):
    """One of XLSX, XLS, DELIMITED, JSON, DOCX, OLE_DOCUMENT, PDF, OTHER, from the content."""
    if content[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return XLSX  # a broken zip: reported as a damaged workbook
        if "word/document.xml" in names:
            return DOCX
        return XLSX
    if content[:8] == OLE2:
        return XLS if _ole_is_workbook(content, filename) else OLE_DOCUMENT
    if content[:5] == b"%PDF-":
        return PDF
    if b"\x00" in content[:4096]:
        return OTHER
    stripped = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if filename.lower().endswith(".json") or stripped[:1] in (b"[", b"{"):
        return JSON
    return DELIMITED


def _ole_is_workbook(content, filename):
    """An OLE2 compound file holds a workbook stream ("Workbook"/"Book") or a Word one."""
    head = content[: 1024 * 1024]
    if "W\x00o\x00r\x00k\x00b\x00o\x00o\x00k".encode("latin-1") in head or "B\x00o\x00o\x00k\x00".encode("latin-1") in head:
        return True
    if "W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t".encode("latin-1") in head:
        return False
    return filename.lower().endswith((".xls", ".et"))


def read_tables(*, content, filename="", encoding="auto"):
    """The tables of a spreadsheet file, or UnreadableFile."""
    if not content:
        raise UnreadableFile("文件是空的（0 字节）。请选择填好数据的 Excel（.xlsx）、CSV 或 JSON 文件。")
    limit = max_upload_bytes()
    if len(content) > limit:
        raise UnreadableFile(
            f"文件大小 {len(content) / 1024 / 1024:.1f} MB，超过上限 {limit // 1024 // 1024} MB。"
            "请把文件拆分成几个较小的文件分别导入，或请管理员调高 IMPORT_MAX_UPLOAD_MB。"
        )
    kind = file_kind(content, filename)
    if kind == XLSX:
        return [Table(name, rows) for name, rows in _read_xlsx(content)]
    if kind in (XLS, OLE_DOCUMENT):
        raise UnreadableFile("这是旧版 Excel（.xls）或 Word（.doc）文件。请在 Excel 中“另存为” .xlsx 或 CSV 后再导入。")
    if kind == PDF:
        raise UnreadableFile("这是 PDF 文件，不是表格。请上传 Excel（.xlsx）、CSV 或 JSON 文件。")
    if kind == DOCX:
        raise UnreadableFile("这是 Word 文档，不是表格。Word 岗位说明书请用“从 Word 导入岗位说明书”导入。")
    if kind == OTHER:
        raise UnreadableFile("无法识别的文件：它不是表格文件（含有二进制内容）。请上传 .xlsx、.csv、.tsv 或 .json 文件。")
    text = _decode(content, encoding)
    if kind == JSON:
        return _read_json(text)
    tab = filename.lower().endswith((".tsv", ".tab"))
    return [Table(None, _read_delimited(text, tab=tab))]


def _decode(content, encoding):
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
        tables.append(Table(name, [headers] + [[record.get(key) for key in headers] for record in records]))
    return tables


def _read_delimited(text, tab):
    sample = text[:4096]
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    delimiter = "\t" if tab or first_line.count("\t") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise UnreadableFile(f"CSV 格式有误：{error}。请在 Excel 中重新另存为 CSV。") from error
