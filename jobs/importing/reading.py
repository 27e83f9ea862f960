"""Phase 1 of an import: turn an uploaded file into tables of cells.

Reading knows nothing about sheets, columns or the database. It recognises what a file is by
its content, not its name (.xlsx; .xls and WPS .et; CSV/TSV in UTF-8 or GBK; JSON; Word files),
gives back each sheet as rows of cell values, and refuses what it cannot read with a message that
says what to do.  Old binary Office files are told apart by the streams inside them (a workbook
stream, or a Word one); what neither xlrd nor this module reads — Word 97/WPS documents,
OpenDocument files, a .xls xlrd cannot open — is converted with LibreOffice (:mod:`.conversion`)
when it is installed, and then read like a .docx or .xlsx.
"""
import csv
import io
import json
import zipfile
from dataclasses import dataclass

import olefile
from django.conf import settings

import jobs.importing.conversion as conversion
from jobs.importing.xls import XlsError
from jobs.importing.xls import read_sheets as read_xls_sheets
from kernel.archives import ArchiveLimits, ArchiveRefused, SafeArchive, check_archive, check_compound_file
from kernel.spreadsheets import read_sheets

ENCODINGS = {"auto": None, "utf-8": "utf-8-sig", "gbk": "gb18030"}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc, .wps and .et files of older Office versions

# What a file is, recognised from its first bytes and, for zip and OLE2 files, the parts inside.
XLSX, XLS, DELIMITED, JSON, DOCX, OLE_DOCUMENT, PDF, OTHER = "xlsx", "xls", "csv", "json", "docx", "ole", "pdf", "other"
ODS, ODT = "ods", "odt"  # OpenDocument (LibreOffice, WPS): read after conversion
DOCUMENTS = (DOCX, OLE_DOCUMENT, ODT)  # Word job descriptions, for jobs.importing.word
_OPENDOCUMENT = {b"application/vnd.oasis.opendocument.spreadsheet": ODS, b"application/vnd.oasis.opendocument.text": ODT}
_WORKBOOK_STREAMS = ("workbook", "book")  # BIFF8 (Excel 97–2003, WPS .et) and BIFF5 (Excel 5/95)
_WORD_STREAMS = ("worddocument",)  # Word 97–2003 and WPS Writer (.wps)
_NAME_HINTS = {".xls": XLS, ".et": XLS, ".ett": XLS, ".doc": OLE_DOCUMENT, ".wps": OLE_DOCUMENT, ".wpt": OLE_DOCUMENT}

NEEDS_CONVERTER = (
    "本系统没有安装 LibreOffice，无法自动转换这种文件。请在 Excel / Word / WPS 中打开它，“另存为” {target} 后再导入"
    "（或请管理员安装 LibreOffice：apt-get install libreoffice-calc-nogui libreoffice-writer-nogui）。"
)


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
    """One of XLSX, XLS, DELIMITED, JSON, DOCX, OLE_DOCUMENT, ODS, ODT, PDF, OTHER, from the content."""
    if content[:4] == b"PK\x03\x04":
        try:  # the same checks as reading (a million parts, a bomb for a mimetype), and the mimetype read in bounds
            with SafeArchive(content, ArchiveLimits.for_workbooks()) as archive:
                names = set(archive.zip.namelist())
                mimetype = b""
                if "mimetype" in archive:
                    with archive.open("mimetype") as stream:
                        mimetype = stream.read(100).strip()
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, NotImplementedError, ArchiveRefused):
            return XLSX  # a broken or refused zip: reported when it is read as a workbook
        if "word/document.xml" in names:
            return DOCX
        return _OPENDOCUMENT.get(mimetype, XLSX)
    if content[:8] == OLE2:
        return _ole_kind(content, filename)
    if content[:5] == b"%PDF-":
        return PDF
    if b"\x00" in content[:4096]:
        return OTHER
    stripped = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if filename.lower().endswith(".json") or stripped[:1] in (b"[", b"{"):
        return JSON
    return DELIMITED


def _ole_kind(content, filename):
    """An OLE2 compound file is a workbook when it holds a workbook stream, a Word document when it
    holds a Word stream; only when it holds neither (a damaged file, Works) does the name's
    extension say which it was meant to be."""
    streams = _ole_streams(content)
    if streams & set(_WORKBOOK_STREAMS):
        return XLS
    if streams & set(_WORD_STREAMS):
        return OLE_DOCUMENT
    for suffix, kind in _NAME_HINTS.items():
        if filename.lower().endswith(suffix):
            return kind
    return OTHER


def _ole_streams(content):
    """The names (lower case) of the streams in an OLE2 compound file; none when it is damaged."""
    try:
        with olefile.OleFileIO(content) as ole:
            return {path[-1].lower() for path in ole.listdir(streams=True, storages=False)}
    except Exception:  # noqa: BLE001 (olefile raises OSError, struct.error, IndexError … on damaged files)
        return set()


def docx_content(content, kind):
    """The bytes of a Word job description as .docx: a .docx as it is, a .doc/.wps/.odt converted
    with LibreOffice; UnreadableFile when that cannot be done."""
    if kind not in (OLE_DOCUMENT, ODT):
        return content
    if kind == OLE_DOCUMENT and not _ole_streams(content):
        raise UnreadableFile("文件已损坏，无法作为 Word（.doc）或 WPS 文字（.wps）文档打开。请在 Word 或 WPS 中打开它，“另存为” .docx 后再导入。")
    try:
        _check_before_conversion(content, ArchiveLimits.for_documents())
        return conversion.convert(content, suffix="doc" if kind == OLE_DOCUMENT else "odt", target="docx")
    except ArchiveRefused as error:
        raise UnreadableFile(str(error)) from error
    except zipfile.BadZipFile as error:
        raise UnreadableFile("文件已损坏，无法作为 OpenDocument 文档打开。请在 Word 或 WPS 中打开它，“另存为” .docx 后再导入。") from error
    except conversion.ConversionUnavailable as error:
        raise UnreadableFile(
            "这是旧版 Word（.doc）、WPS 文字（.wps）或 OpenDocument 文档。" + NEEDS_CONVERTER.format(target=".docx")
        ) from error
    except conversion.ConversionFailed as error:
        raise UnreadableFile(
            "这个 Word / WPS 文档无法打开（文件已损坏，或设有打开密码）。请在 Word 或 WPS 中打开它，取消密码后“另存为” .docx 再导入。"
        ) from error


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
    if kind == XLS:
        return [Table(name, rows) for name, rows in _read_xls(content)]
    if kind == ODS:
        return [Table(name, rows) for name, rows in _read_xlsx(_converted_workbook(content, "ods"))]
    if kind == PDF:
        raise UnreadableFile("这是 PDF 文件，不是表格。请上传 Excel（.xlsx）、CSV 或 JSON 文件。")
    if kind in DOCUMENTS:
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
        return read_sheets(content)
    except ArchiveRefused as error:  # a limit or a malformed cell: the message says which and what to do
        raise UnreadableFile(str(error)) from error
    except (zipfile.BadZipFile, KeyError, XMLSyntaxError, ValueError, EOFError) as error:
        raise UnreadableFile(
            "文件已损坏或不是 Excel 工作簿，无法打开。请在 Excel 中打开后重新“另存为” .xlsx 再导入。"
        ) from error


def _read_xls(content):
    """A .xls or .et through xlrd; what xlrd cannot open, through LibreOffice when it is installed."""
    try:
        return read_xls_sheets(content)
    except ArchiveRefused as error:  # beyond the limits, or a header claiming more than the file holds
        raise UnreadableFile(str(error)) from error
    except XlsError as error:
        if "encrypted" in str(error).lower():
            raise UnreadableFile(
                "这个 Excel / WPS 表格设有打开密码，无法读取。请在 Excel 或 WPS 中取消密码（“文件 → 信息 → 保护工作簿”）后再导入。"
            ) from error
        reason = str(error)
    if not _ole_streams(content) & set(_WORKBOOK_STREAMS):
        raise UnreadableFile(
            "文件已损坏，无法作为旧版 Excel（.xls）或 WPS 表格（.et）打开。请在 Excel 或 WPS 中打开它，“另存为” .xlsx 后再导入。"
        )
    if not conversion.available():
        raise UnreadableFile(f"无法读取这个旧版 Excel（.xls）或 WPS 表格（.et）文件（{reason[:100]}）。" + NEEDS_CONVERTER.format(target=".xlsx"))
    return _read_xlsx(_converted_workbook(content, "xls"))


def _check_before_conversion(content, limits):
    """LibreOffice unpacks a whole file at once: the import's limits come first (ArchiveRefused, BadZipFile)."""
    if content[:8] == OLE2:
        check_compound_file(content, limits)
    else:
        check_archive(content, limits)


def _converted_workbook(content, suffix):
    try:
        _check_before_conversion(content, ArchiveLimits.for_workbooks())
        return conversion.convert(content, suffix=suffix, target="xlsx")
    except ArchiveRefused as error:
        raise UnreadableFile(str(error)) from error
    except zipfile.BadZipFile as error:
        raise UnreadableFile("文件已损坏，无法作为表格打开。请在 Excel 或 WPS 中打开它，“另存为” .xlsx 后再导入。") from error
    except conversion.ConversionUnavailable as error:
        raise UnreadableFile("这是 OpenDocument 表格（.ods）。" + NEEDS_CONVERTER.format(target=".xlsx")) from error
    except conversion.ConversionFailed as error:
        raise UnreadableFile(
            "这个表格文件无法打开（文件已损坏，或设有打开密码）。请在 Excel 或 WPS 中打开它，取消密码后“另存为” .xlsx 再导入。"
        ) from error


def _read_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"JSON 格式有误（第 {error.lineno} 行）。请检查文件，或改用 Excel 模板。") from error
    except RecursionError as error:  # "[[[[…" 100,000 deep: a few KB that would end in a server error
        raise UnreadableFile("JSON 嵌套层数过多，不是导入用的格式。请按导出的 JSON 格式填写，或改用 Excel 模板。") from error
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
