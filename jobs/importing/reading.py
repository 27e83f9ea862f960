"""Phase 1 of an import: turn an uploaded file into tables of cells.

Reading knows nothing about sheets, columns or the database. It recognises what a file is by
its content, not its name (.xlsx; .xls and WPS .et; CSV/TSV in UTF-8 or GBK; JSON; Word files),
gives back each sheet as rows of cell values, and refuses what it cannot read with a message that
says what to do.  Old binary Office files are told apart by the streams inside them (a workbook
stream, or a Word one); what neither xlrd nor this module reads — Word 97/WPS documents,
OpenDocument files, a .xls xlrd cannot open — is converted with LibreOffice (:mod:`kernel.office`)
when it is installed, and then read like a .docx or .xlsx.
"""
import csv
import io
import json
import zipfile
from dataclasses import dataclass

import olefile
from django.conf import settings
from django.utils.translation import gettext as _

import kernel.office as conversion
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



class UnreadableFile(Exception):
    """The file as a whole cannot be imported; the message is for the user."""


def _needs_converter(target):
    """What to do with a file only LibreOffice could convert, on a server without it."""
    return _(
        "LibreOffice is not installed here, so this kind of file cannot be converted automatically. Open it in "
        "Excel / Word / WPS and “Save As” %(target)s, then import that (or ask the administrator to install "
        "LibreOffice: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui)."
    ) % {"target": target}


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
        raise UnreadableFile(_(
            "The file is damaged: it cannot be opened as a Word (.doc) or WPS Writer (.wps) document. Open it in Word "
            "or WPS, “Save As” .docx and import that."
        ))
    try:
        _check_before_conversion(content, ArchiveLimits.for_documents())
        return conversion.convert(content, suffix="doc" if kind == OLE_DOCUMENT else "odt", target="docx")
    except ArchiveRefused as error:
        raise UnreadableFile(str(error)) from error
    except zipfile.BadZipFile as error:
        raise UnreadableFile(_(
            "The file is damaged: it cannot be opened as an OpenDocument document. Open it in Word or WPS, “Save As” "
            ".docx and import that."
        )) from error
    except conversion.ConversionUnavailable as error:
        raise UnreadableFile(
            _("This is an old Word (.doc), WPS Writer (.wps) or OpenDocument document. %(remedy)s")
            % {"remedy": _needs_converter(".docx")}
        ) from error
    except conversion.ConversionFailed as error:
        raise UnreadableFile(_(
            "This Word / WPS document cannot be opened (the file is damaged, or has a password). Open it in Word or "
            "WPS, remove the password, “Save As” .docx and import that."
        )) from error


def read_tables(*, content, filename="", encoding="auto"):
    """The tables of a spreadsheet file, or UnreadableFile."""
    if not content:
        raise UnreadableFile(_("The file is empty (0 bytes). Choose an Excel (.xlsx), CSV or JSON file with your data."))
    limit = max_upload_bytes()
    if len(content) > limit:
        raise UnreadableFile(_(
            "The file is %(size).1f MB, over the limit of %(limit)d MB. Split it into smaller files and import them one "
            "by one, or ask the administrator to raise IMPORT_MAX_UPLOAD_MB."
        ) % {"size": len(content) / 1024 / 1024, "limit": limit // 1024 // 1024})
    kind = file_kind(content, filename)
    if kind == XLSX:
        return [Table(name, rows) for name, rows in _read_xlsx(content)]
    if kind == XLS:
        return [Table(name, rows) for name, rows in _read_xls(content)]
    if kind == ODS:
        return [Table(name, rows) for name, rows in _read_xlsx(_converted_workbook(content, "ods"))]
    if kind == PDF:
        raise UnreadableFile(_("This is a PDF file, not a spreadsheet. Upload an Excel (.xlsx), CSV or JSON file."))
    if kind in DOCUMENTS:
        raise UnreadableFile(
            _("This is a Word document, not a spreadsheet. Import job descriptions in Word with “%(link)s”.")
            % {"link": _("Import job descriptions from Word")}
        )
    if kind == OTHER:
        raise UnreadableFile(_(
            "Unknown kind of file: it is not a spreadsheet (it holds binary content). Upload a .xlsx, .csv, .tsv or "
            ".json file."
        ))
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
    raise UnreadableFile(_(
        "The text encoding of the file cannot be read. In Excel, save it as “CSV UTF-8 (Comma delimited)” or .xlsx, "
        "or choose the right encoding in the form."
    ))


def _read_xlsx(content):
    from lxml.etree import XMLSyntaxError

    try:
        return read_sheets(content)
    except ArchiveRefused as error:  # a limit or a malformed cell: the message says which and what to do
        raise UnreadableFile(str(error)) from error
    except (zipfile.BadZipFile, KeyError, XMLSyntaxError, ValueError, EOFError) as error:
        raise UnreadableFile(_(
            "The file is damaged or not an Excel workbook: it cannot be opened. Open it in Excel, “Save As” .xlsx again "
            "and import that."
        )) from error


def _read_xls(content):
    """A .xls or .et through xlrd; what xlrd cannot open, through LibreOffice when it is installed."""
    try:
        return read_xls_sheets(content)
    except ArchiveRefused as error:  # beyond the limits, or a header claiming more than the file holds
        raise UnreadableFile(str(error)) from error
    except XlsError as error:
        if "encrypted" in str(error).lower():
            raise UnreadableFile(_(
                "This Excel / WPS workbook has a password and cannot be read. Remove the password in Excel or WPS "
                "(“File → Info → Protect Workbook”) and import it again."
            )) from error
        reason = str(error)
    if not _ole_streams(content) & set(_WORKBOOK_STREAMS):
        raise UnreadableFile(_(
            "The file is damaged: it cannot be opened as an old Excel (.xls) or WPS Spreadsheets (.et) file. Open it in "
            "Excel or WPS, “Save As” .xlsx and import that."
        ))
    if not conversion.available():
        raise UnreadableFile(
            _("This old Excel (.xls) or WPS Spreadsheets (.et) file cannot be read (%(reason)s). %(remedy)s")
            % {"reason": reason[:100], "remedy": _needs_converter(".xlsx")}
        )
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
        raise UnreadableFile(_(
            "The file is damaged: it cannot be opened as a spreadsheet. Open it in Excel or WPS, “Save As” .xlsx and "
            "import that."
        )) from error
    except conversion.ConversionUnavailable as error:
        raise UnreadableFile(
            _("This is an OpenDocument spreadsheet (.ods). %(remedy)s") % {"remedy": _needs_converter(".xlsx")}
        ) from error
    except conversion.ConversionFailed as error:
        raise UnreadableFile(_(
            "This spreadsheet cannot be opened (the file is damaged, or has a password). Open it in Excel or WPS, "
            "remove the password, “Save As” .xlsx and import that."
        )) from error


def _read_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            _("The JSON is malformed (line %(line)d). Check the file, or use the Excel template instead.") % {"line": error.lineno}
        ) from error
    except RecursionError as error:  # "[[[[…" 100,000 deep: a few KB that would end in a server error
        raise UnreadableFile(_(
            "The JSON is nested too deeply to be an import file. Write it like the exported JSON, or use the Excel "
            "template instead."
        )) from error
    if isinstance(data, list):
        data = {None: data}
    if not isinstance(data, dict) or not all(isinstance(rows, list) for rows in data.values()):
        raise UnreadableFile(
            _("A JSON file should be %(example)s or a list of records. Write it like the exported JSON.")
            % {"example": '{"岗位": [{"岗位编号": …}, …], …}'}
        )
    tables = []
    for name, records in data.items():
        headers = []
        for record in records:
            if not isinstance(record, dict):
                raise UnreadableFile(_("Every record in the JSON file should be an object of {header: value}."))
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
        raise UnreadableFile(_("The CSV is malformed: %(error)s. Save it as CSV in Excel again.") % {"error": error}) from error
