"""Tiny hostile files never exhaust the server (issue 13).

Each file is built here from raw XML and a zip written by hand (so that a test can lie
about sizes and offsets), a few KB each.  The files of the issue are read in a child
process with a capped address space (jobs/tests/measure_reading.py) and must be refused
with a clear message, under 200 MB of peak memory and within a few seconds.  The same
files go through ``import_workbook``, the admin upload pages (the organisation import, the
Word import and the per-list import buttons), and the limits are checked
one by one; a generated workbook of a tenth of the group-company size still reads within a
tenth of every limit.
"""
import ast
import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass

import polib
import pytest
from django.conf import settings as django_settings
from django.contrib import admin as django_admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from bench.bench_import import generate, workbook as bench_workbook
from departments.models import Department
from jobs.importing import import_files, import_workbook
from jobs.importing.reading import UnreadableFile, read_tables
from jobs.models import Position
from jobs.tests.test_importing import org_file, snapshot
from jobs.tests.test_word_import import seed_layout_docx
from jobs.importing.word import UnreadableDocument, read_docx
from kernel.models import StashedFile
from kernel.archives import OLE2_SIGNATURE, ArchiveLimits, ArchiveRefused, SafeArchive, check_compound_file

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MEMORY_LIMIT_MB = 200
SECONDS_LIMIT = 5


@dataclass
class Part:
    """One member of a hand-made zip: ``data`` is deflated here, or ``stream`` is a ready deflate
    stream that unpacks to ``size`` bytes; ``declared`` is the size written in the directory
    (the truth unless a test lies)."""

    name: str
    data: bytes = b""
    stream: bytes = None
    size: int = None
    declared: int = None
    method: int = zipfile.ZIP_DEFLATED


def deflate(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def repeated(head, block, times, tail):
    """A deflate stream of head + block × times + tail, made without building the expanded bytes.

    Each piece is compressed on its own and ended by a full flush, so its compressed bytes
    refer to nothing before them and can be repeated as they are.
    """
    def piece(data, final=False):
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    return piece(head) + piece(block) * times + piece(tail, final=True), len(head) + len(block) * times + len(tail)


def raw_zip(parts, aliases=()):
    """Zip bytes written field by field; ``aliases`` are (name, part name): directory entries
    that point at another part's bytes, as a crafted file does."""
    body, directory, offsets = io.BytesIO(), [], {}
    for part in parts:
        if part.stream is None:
            stream, size, crc = (deflate(part.data) if part.method == zipfile.ZIP_DEFLATED else part.data), len(part.data), zlib.crc32(part.data)
        else:
            stream, size, crc = part.stream, part.size, 0  # the reader is refused long before the checksum
        declared = size if part.declared is None else part.declared
        name = part.name.encode()
        offsets[part.name] = (body.tell(), part, stream, crc, declared)
        body.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, part.method, 0, 0, crc, len(stream), declared, len(name), 0))
        body.write(name + stream)
    entries = [(part.name, part.name) for part in parts] + list(aliases)
    for name, target in entries:
        offset, part, stream, crc, declared = offsets[target]
        encoded = name.encode()
        directory.append(
            struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, part.method, 0, 0, crc, len(stream), declared,
                        len(encoded), 0, 0, 0, 0, 0, offset) + encoded
        )
    start, central = body.tell(), b"".join(directory)
    body.write(central)
    count = len(entries)
    if count > 0xFFFF:  # zip64: the counts move to a record of their own, found through a locator
        record = body.tell()
        body.write(struct.pack("<4sQ2H2I4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(central), start))
        body.write(struct.pack("<4sIQI", b"PK\x06\x07", 0, record, 1))
        count = 0xFFFF
    body.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, len(central), start, 0))
    return body.getvalue()


def sheet_xml(rows):
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>{rows}</sheetData></worksheet>'.encode()


def inline(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = '<row r="1">' + inline("A1", "岗位编号") + inline("B1", "岗位名称") + inline("C1", "所在部门") + "</row>"
GOOD_ROW = '<row r="2">' + inline("A2", "HX-1") + inline("B2", "出纳") + inline("C2", "G") + "</row>"


def workbook_parts(sheets=None, *, shared=None, styles=None, sheet_names=None, extra=()):
    """The parts of a minimal .xlsx: ``sheets`` are sheet XML bytes (or Parts), one 岗位 sheet by default."""
    sheets = sheets if sheets is not None else [sheet_xml(HEADER_ROW + GOOD_ROW)]
    names = sheet_names or (["岗位"] + [f"表{index}" for index in range(2, len(sheets) + 1)])
    sheet_parts = [
        sheet if isinstance(sheet, Part) else Part(f"xl/worksheets/sheet{index}.xml", sheet)
        for index, sheet in enumerate(sheets, start=1)
    ]
    workbook = (
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        + "".join(f'<sheet name="{name}" sheetId="{index}" r:id="rId{index}"/>' for index, name in enumerate(names, start=1))
        + "</sheets></workbook>"
    )
    relations = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{index}" Type="{REL_NS}/worksheet" Target="{sheet_parts[min(index, len(sheet_parts)) - 1].name[3:]}"/>'
            for index in range(1, len(names) + 1)
        )
        + "</Relationships>"
    )
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/{part.name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for part in sheet_parts
        )
        + "</Types>"
    )
    package_relations = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    parts = [
        Part("[Content_Types].xml", content_types.encode()), Part("_rels/.rels", package_relations.encode()),
        Part("xl/workbook.xml", workbook.encode()), Part("xl/_rels/workbook.xml.rels", relations.encode()),
    ] + sheet_parts
    if shared is not None:
        parts.append(shared if isinstance(shared, Part) else Part("xl/sharedStrings.xml", shared))
    if styles is not None:
        parts.append(Part("xl/styles.xml", styles))
    return parts + list(extra)


def hostile_workbook(**kwargs):
    return raw_zip(workbook_parts(**kwargs))


def shared_strings(*texts):
    items = "".join(f"<si><t>{text}</t></si>" for text in texts)
    return f'<sst xmlns="{MAIN_NS}" count="{len(texts)}">{items}</sst>'.encode()


DATE_STYLES = f'<styleSheet xmlns="{MAIN_NS}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'.encode()


def docx_parts(document):
    return [
        Part("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ).encode()),
        Part("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="word/document.xml"/></Relationships>'
        ).encode()),
        document,
    ]


# The files of the issue, and their kin.

def row_300_million():
    """Under 1 KB, one row numbered 300000000 (the issue's 1.9 KB file took 6 GB and a MemoryError)."""
    return hostile_workbook(sheets=[sheet_xml(HEADER_ROW + '<row r="300000000">' + inline("A300000000", "x") + "</row>")])


def column_zzzzzzz():
    return hostile_workbook(sheets=[sheet_xml(HEADER_ROW + '<row r="2"><c r="ZZZZZZZ2"><v>1</v></c></row>')])


def shared_strings_bomb(declared=None):
    """2.5 MB that unpack to 1 GB of shared strings (3.9 GB of memory before, from a file of this size)."""
    stream, size = repeated(f'<sst xmlns="{MAIN_NS}">'.encode(), b"<si><t>A</t></si>" * 65536, 900, b"</sst>")
    rows = HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return hostile_workbook(sheets=[sheet_xml(rows)], shared=Part("xl/sharedStrings.xml", stream=stream, size=size, declared=declared))


def docx_bomb(declared=None):
    """1.6 MB of .docx that unpack to 540 MB of paragraphs (a 1.5 MB one took 1.5 GB of memory before)."""
    paragraph = "<w:p><w:r><w:t>岗位名称</w:t></w:r></w:p>".encode()
    stream, size = repeated(
        f'<w:document xmlns:w="{WORD_NS}"><w:body>'.encode(), paragraph * 30000, 400, b"</w:body></w:document>",
    )
    return raw_zip(docx_parts(Part("word/document.xml", stream=stream, size=size, declared=declared)))


def sheets_sharing_one_part(count=300):
    """26 KB, 300 sheets all pointing at one sheet part (the issue's 57 KB file read for minutes)."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 3000))
    return hostile_workbook(sheets=[sheet_xml(HEADER_ROW + rows)], sheet_names=[f"表{n}" for n in range(1, count + 1)])


def parts_sharing_bytes():
    """300 directory entries pointing at the bytes of one sheet: each would be unpacked again."""
    parts = workbook_parts()
    return raw_zip(parts, aliases=[(f"xl/worksheets/copy{n}.xml", "xl/worksheets/sheet1.xml") for n in range(300)])


def reference_1a():
    return hostile_workbook(sheets=[sheet_xml(HEADER_ROW + '<row r="2"><c r="1A"><v>1</v></c></row>')])


def shared_index_99999():
    return hostile_workbook(
        sheets=[sheet_xml(HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>99999</v></c></row>')], shared=shared_strings("出纳"),
    )


def date_1e300():
    return hostile_workbook(sheets=[sheet_xml(HEADER_ROW + '<row r="2"><c r="D2" s="1"><v>1e300</v></c></row>')], styles=DATE_STYLES)


def many_parts(count=100_000):
    """A 9 MB zip of 100,000 empty parts: its directory alone would make 100,000 objects."""
    return raw_zip(workbook_parts() + [Part(f"x/{n}", method=zipfile.ZIP_STORED) for n in range(count)])


def entity_expansion():
    """Nested entities ("billion laughs") in the shared strings."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8)
    )
    shared = f'<!DOCTYPE sst [{entities}]><sst xmlns="{MAIN_NS}"><si><t>&i;</t></si></sst>'.encode()
    return hostile_workbook(sheets=[sheet_xml(HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>')], shared=shared)


ISSUE_FILES = {
    "row numbered 300000000": ("workbook", row_300_million, "1,048,576"),
    "column ZZZZZZZ": ("workbook", column_zzzzzzz, "ZZZZZZZ2"),
    "shared-strings bomb": ("workbook", shared_strings_bomb, "压缩炸弹"),
    "shared-strings bomb declaring a small size": ("workbook", lambda: shared_strings_bomb(declared=900_000), "损坏"),
    "docx bomb": ("docx", docx_bomb, "压缩炸弹"),
    "docx bomb declaring a small size": ("docx", lambda: docx_bomb(declared=900_000), "损坏"),
    "300 sheets pointing at one part": ("workbook", sheets_sharing_one_part, "IMPORT_MAX_SHEETS"),
    "300 names for the bytes of one part": ("workbook", parts_sharing_bytes, "重叠"),
    "cell reference 1A": ("workbook", reference_1a, "“1A”"),
    "shared-string index 99999": ("workbook", shared_index_99999, "第 99999 号"),
    "date-styled 1e300": ("workbook", date_1e300, "D2"),
    "100,000 parts": ("workbook", many_parts, "IMPORT_MAX_PARTS"),
    "entity expansion": ("workbook", entity_expansion, "文档类型"),
}


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """Every file of ISSUE_FILES read in its own capped child process: {name: result}."""
    folder = tmp_path_factory.mktemp("hostile")
    arguments = []
    for index, (kind, build, _words) in enumerate(ISSUE_FILES.values()):
        path = folder / f"file{index}.{'docx' if kind == 'docx' else 'xlsx'}"
        path.write_bytes(build())
        arguments += [kind, str(path)]
    completed = subprocess.run(
        [sys.executable, "-m", "jobs.tests.measure_reading", *arguments], cwd=django_settings.BASE_DIR,
        capture_output=True, text=True, timeout=300, check=True,
    )
    results = [json.loads(line) for line in completed.stdout.splitlines()]
    return dict(zip(ISSUE_FILES, results))


@pytest.mark.parametrize("name", ISSUE_FILES)
def test_hostile_file_is_refused_quickly_in_little_memory(measured, name):
    result = measured[name]
    _kind, build, words = ISSUE_FILES[name]
    assert result["outcome"] == "refused", result
    assert words in result["message"], result["message"]
    assert result["peak_mb"] < MEMORY_LIMIT_MB, result
    assert result["seconds"] < SECONDS_LIMIT, result


def test_the_hostile_files_are_small():
    sizes = {name: len(build()) for name, (_kind, build, _words) in ISSUE_FILES.items()}
    assert sizes["row numbered 300000000"] < 2000
    assert sizes["shared-strings bomb"] < 3 * 1024 * 1024 and sizes["docx bomb"] < 2 * 1024 * 1024
    assert sizes["300 sheets pointing at one part"] < 64 * 1024


def far_cell_xls():
    """The corpus's Excel 97 workbook with its last text cell moved to IV65536, the last cell a .xls has:
    a 6.5 KB file for which xlrd padded 65,536 rows to 256 cells (ten seconds and 200 MB a sheet)."""
    content = bytearray((django_settings.BASE_DIR / "jobs/tests/corpus/sheets/09_legacy.xls").read_bytes())
    last_text_cell = content.rfind(b"\xfd\x00\x0a\x00")  # a LABELSST record: row, column, format, string
    struct.pack_into("<HH", content, last_text_cell + 4, 65535, 255)
    return bytes(content)


def test_ordinary_files_and_a_far_cell_xls_read_quickly_in_the_same_harness(tmp_path):
    """The measuring harness reads ordinary files (the refusals above are the guards' doing), and a
    .xls is read ragged: its far cell costs neither time nor memory."""
    files = {"workbook": org_file([["A1", "行政助理", "G", "CEO", 2]]), "docx": seed_layout_docx(), "xls": far_cell_xls()}
    arguments = []
    for kind, content in files.items():
        (tmp_path / f"file.{kind}").write_bytes(content)
        arguments += ["docx" if kind == "docx" else "workbook", str(tmp_path / f"file.{kind}")]
    completed = subprocess.run(
        [sys.executable, "-m", "jobs.tests.measure_reading", *arguments],
        cwd=django_settings.BASE_DIR, capture_output=True, text=True, timeout=120, check=True,
    )
    results = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [result["outcome"] for result in results] == ["read", "read", "read"], results
    assert all(result["peak_mb"] < MEMORY_LIMIT_MB and result["seconds"] < SECONDS_LIMIT for result in results), results


# The import and the admin pages: a message, nothing written.

@pytest.mark.parametrize("name", [name for name, (kind, _build, _words) in ISSUE_FILES.items() if kind == "workbook"])
def test_import_refuses_hostile_workbook_and_writes_nothing(small_org, name):
    _kind, build, words = ISSUE_FILES[name]
    before = snapshot()
    report = import_workbook(content=build(), filename="hostile.xlsx")
    assert not report.ok and not report.committed
    assert words in report.all_problems[0].message
    assert snapshot() == before


def test_admin_upload_shows_the_refusal_on_the_page(hr_client, small_org):
    before = snapshot()
    response = hr_client.post(
        reverse("admin:jobs_position_import_workbook"),
        {"files": [SimpleUploadedFile("hostile.xlsx", row_300_million())], "encoding": "auto"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert not response.context["report"].ok and 'name="confirm"' not in page
    assert "1,048,576" in page
    assert snapshot() == before


def test_word_upload_shows_the_refusal_on_the_page(hr_client, small_org):
    before = snapshot()
    response = hr_client.post(
        reverse("admin:jobs_position_import_word"),
        {"files": [SimpleUploadedFile("bomb.docx", docx_bomb()), SimpleUploadedFile("jd.docx", seed_layout_docx())], "encoding": "auto"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "bomb.docx" in page and "压缩炸弹" in page
    assert not response.context["report"].ok and 'name="confirm"' not in page
    assert snapshot() == before
    assert not StashedFile.objects.exists()  # refused before it was kept


def per_list_import(client, model, content):
    """POST ``content`` as .xlsx to a list's 导入 button (django-import-export), first resource."""
    names = [format_class.__name__ for format_class in django_admin.site._registry[model].get_import_formats()]
    return client.post(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import"),
        {"import_file": SimpleUploadedFile("list.xlsx", content), "format": names.index("StreamedXLSX"), "resource": 0},
    )


@pytest.mark.parametrize("model", [Position, Department])
def test_per_list_import_refuses_hostile_workbook_with_the_message(hr_client, small_org, model):
    """These buttons read .xlsx with openpyxl before: the 1 KB row-300000000 file spun for over a minute."""
    before = snapshot()
    response = per_list_import(hr_client, model, row_300_million())
    assert response.status_code == 200
    assert "1,048,576" in response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert snapshot() == before


def test_per_list_import_still_reads_an_ordinary_workbook(hr_client, small_org):
    book = Workbook()
    book.active.append(["部门编号", "部门名称 (必填)", "上级部门编码", "类型"])
    book.active.append(["G-HR", "人力资源部", "G", "部门"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = per_list_import(hr_client, Department, buffer.getvalue())
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new"]


@pytest.mark.parametrize("content", [b"[" * 100_000, b'{"a":' * 100_000])
def test_deeply_nested_json_is_refused_and_writes_nothing(small_org, content):
    before = snapshot()
    report = import_workbook(content=content, filename="deep.json")
    assert not report.ok and "嵌套" in report.all_problems[0].message
    assert snapshot() == before


# Malformed cells: a message naming the sheet and cell, not a server error.

def refusal(content):
    with pytest.raises(UnreadableFile) as raised:
        read_tables(content=content, filename="bad.xlsx")
    return str(raised.value)


def row_of(cells, number=2):
    return sheet_xml(HEADER_ROW + f'<row r="{number}">{cells}</row>')


@pytest.mark.parametrize(
    "cells, words",
    [
        ('<c r="1A"><v>1</v></c>', ["岗位", "“1A”"]),
        ('<c r="a2"><v>1</v></c>', ["“a2”"]),
        ('<c r="XFE2"><v>1</v></c>', ["“XFE2”"]),
        ('<c r="B2"><v>1</v></c><c r="A2"><v>2</v></c>', ["“A2”"]),
        ('<c r="A2" t="s"><v>-1</v></c>', ["A2", "第 -1 号"]),
        ('<c r="A2" t="s"><v>x</v></c>', ["A2"]),
        ('<c r="B2"><v>abc</v></c>', ["B2", "“abc”"]),
        ('<c r="B2"><v>nan</v></c>', ["B2", "“nan”"]),
        ('<c r="B2"><v>1e999</v></c>', ["B2"]),
        ('<c r="C2" s="1"><v>-1</v></c>', ["C2", "日期"]),
        ('<c r="C2" s="1"><v>inf</v></c>', ["C2"]),
        ('<c r="A2" t="inlineStr"><is><t>' + "长" * 32_768 + "</t></is></c>", ["A2", "32,767"]),
    ],
)
def test_malformed_cell_is_refused_naming_sheet_and_cell(cells, words):
    message = refusal(hostile_workbook(sheets=[row_of(cells)], shared=shared_strings("出纳"), styles=DATE_STYLES))
    for word in words:
        assert word in message, message


@pytest.mark.parametrize("row", ["0", "-3", "2.5", "1048577", "x", "00000002"])
def test_invalid_row_numbers_are_refused(row):
    message = refusal(hostile_workbook(sheets=[sheet_xml(HEADER_ROW + f'<row r="{row}"><c><v>1</v></c></row>')]))
    assert "行号" in message and "岗位" in message


def test_rows_out_of_order_are_refused():
    message = refusal(hostile_workbook(sheets=[sheet_xml(GOOD_ROW + HEADER_ROW)]))
    assert "“1”" in message


def test_a_text_longer_than_excel_allows_in_the_shared_strings_is_refused():
    assert "32,767" in refusal(hostile_workbook(shared=shared_strings("长" * 32_768)))


def test_two_sheets_pointing_at_one_part_are_refused():
    message = refusal(hostile_workbook(sheet_names=["岗位", "部门"]))
    assert "“岗位”" in message and "“部门”" in message


def test_a_sheet_whose_part_is_missing_is_refused():
    parts = [part for part in workbook_parts() if "worksheets" not in part.name]
    assert "“岗位”" in refusal(raw_zip(parts))


# The limits, one at a time, on ordinary files.

def test_rows_beyond_the_limit_are_refused_before_they_are_kept(settings):
    settings.IMPORT_MAX_ROWS = 1000
    assert "IMPORT_MAX_ROWS" in refusal(hostile_workbook(sheets=[row_of('<c r="A2"><v>1</v></c>', number=1001)]))
    assert read_tables(content=hostile_workbook(sheets=[sheet_xml(HEADER_ROW + GOOD_ROW)]), filename="ok.xlsx")


def test_rows_of_all_sheets_count_together(settings):
    settings.IMPORT_MAX_ROWS = 3
    two_sheets = [sheet_xml(HEADER_ROW + GOOD_ROW), Part("xl/worksheets/sheet2.xml", sheet_xml(HEADER_ROW + GOOD_ROW))]
    assert "IMPORT_MAX_ROWS" in refusal(hostile_workbook(sheets=two_sheets, sheet_names=["岗位", "部门"]))


def test_columns_beyond_the_limit_are_refused(settings):
    settings.IMPORT_MAX_COLUMNS = 10
    message = refusal(hostile_workbook(sheets=[row_of('<c r="K2"><v>1</v></c>')]))
    assert "IMPORT_MAX_COLUMNS" in message and "K2" in message


def test_empty_styled_cells_far_right_cost_nothing(settings):
    settings.IMPORT_MAX_COLUMNS = 10
    tables = read_tables(
        content=hostile_workbook(sheets=[sheet_xml(HEADER_ROW + GOOD_ROW.replace("</row>", '<c r="XFD2" s="0"/></row>'))]),
        filename="ok.xlsx",
    )
    assert tables[0].rows[1] == ["HX-1", "出纳", "G"]


def test_cells_beyond_the_limit_are_refused(settings):
    settings.IMPORT_MAX_CELLS = 10
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 20))
    assert "IMPORT_MAX_CELLS" in refusal(hostile_workbook(sheets=[sheet_xml(HEADER_ROW + rows)]))


def test_padding_counts_as_cells(settings):
    settings.IMPORT_MAX_CELLS = 50
    assert "IMPORT_MAX_CELLS" in refusal(hostile_workbook(sheets=[row_of('<c r="BA2"><v>1</v></c>')]))


def test_shared_strings_beyond_the_cell_limit_are_refused(settings):
    settings.IMPORT_MAX_CELLS = 10
    assert "IMPORT_MAX_CELLS" in refusal(hostile_workbook(shared=shared_strings(*[f"文字{n}" for n in range(11)])))


def test_sheets_beyond_the_limit_are_refused(settings):
    settings.IMPORT_MAX_SHEETS = 2
    sheets = [Part(f"xl/worksheets/sheet{n}.xml", sheet_xml(HEADER_ROW)) for n in range(1, 4)]
    assert "IMPORT_MAX_SHEETS" in refusal(hostile_workbook(sheets=sheets))


def test_unpacked_size_beyond_the_limit_is_refused_before_unpacking(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 1
    rows = "".join(f'<row r="{n}">{inline(f"A{n}", f"第{n}行的文字")}</row>' for n in range(2, 30000))
    message = refusal(hostile_workbook(sheets=[sheet_xml(HEADER_ROW + rows)]))
    assert "IMPORT_MAX_UNCOMPRESSED_MB" in message and "1 MB" in message


def test_reading_a_part_again_counts_against_the_unpacked_size(settings):
    """The directory may pass while a reader unpacks the same part again and again: the meter stops it."""
    rows = "".join(f'<row r="{n}">{inline(f"A{n}", f"第{n}行")}</row>' for n in range(2, 20000))
    content = hostile_workbook(sheets=[sheet_xml(HEADER_ROW + rows)])
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 2
    assert read_tables(content=content, filename="once.xlsx")
    with SafeArchive(content, ArchiveLimits.for_workbooks()) as archive, pytest.raises(ArchiveRefused, match="IMPORT_MAX_UNCOMPRESSED_MB"):
        for _time in range(3):
            with archive.open("xl/worksheets/sheet1.xml") as stream:
                while stream.read():
                    pass


def test_compression_ratio_beyond_the_limit_is_refused(settings):
    settings.IMPORT_MAX_COMPRESSION_RATIO = 5
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(2, 100_000))
    message = refusal(hostile_workbook(sheets=[sheet_xml(HEADER_ROW + rows)]))
    assert "IMPORT_MAX_COMPRESSION_RATIO" in message and "sheet1.xml" in message


def test_reading_longer_than_the_time_limit_is_stopped(settings):
    settings.IMPORT_MAX_SECONDS = 0
    assert "IMPORT_MAX_SECONDS" in refusal(hostile_workbook())


def test_duplicate_part_names_are_refused():
    parts = workbook_parts()
    assert "两次" in refusal(raw_zip(parts + [Part("xl/workbook.xml", parts[2].data)]))


def test_compression_methods_office_never_uses_are_refused():
    lzma = Part("xl/styles.xml", b"\x00" * 10, method=zipfile.ZIP_LZMA)
    assert "压缩方式" in refusal(raw_zip(workbook_parts(extra=[lzma])))


def test_encrypted_parts_are_refused():
    content = bytearray(hostile_workbook())
    central = content.find(b"PK\x01\x02")
    content[central + 8] |= 1
    assert "密码" in refusal(bytes(content))


def test_word_document_over_its_own_size_limit_is_refused(settings):
    settings.IMPORT_MAX_WORD_UNCOMPRESSED_MB = 1
    assert read_docx(content=seed_layout_docx(), source="jd.docx")
    paragraphs = "".join(f"<w:p><w:r><w:t>第{n}段</w:t></w:r></w:p>" for n in range(60000)).encode()
    document = Part("word/document.xml", f'<w:document xmlns:w="{WORD_NS}"><w:body>'.encode() + paragraphs + b"</w:body></w:document>")
    with pytest.raises(UnreadableDocument, match="IMPORT_MAX_WORD_UNCOMPRESSED_MB") as raised:
        read_docx(content=raw_zip(docx_parts(document)), source="big.docx")
    assert "big.docx" in str(raised.value)


# The normal case: a generated workbook of a tenth of the group company reads within a tenth of every limit.

def test_a_tenth_of_the_group_company_reads_within_a_tenth_of_the_limits(settings):
    content = bench_workbook(*generate(200, 2000))
    for name in ("IMPORT_MAX_UNCOMPRESSED_MB", "IMPORT_MAX_ROWS", "IMPORT_MAX_CELLS"):
        setattr(settings, name, getattr(settings, name) // 10)
    tables = read_tables(content=content, filename="bench.xlsx")
    assert [len(table.rows) for table in tables] == [201, 2001, 20001]


def test_legacy_workbook_beyond_the_limits_is_refused(settings):
    content = far_cell_xls()
    assert len(read_tables(content=content, filename="old.xls")[0].rows) == 65536
    settings.IMPORT_MAX_ROWS = 1000
    assert "IMPORT_MAX_ROWS" in refusal(content)
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS = 1_000_000, 10
    assert "IMPORT_MAX_CELLS" in refusal(content)
    settings.IMPORT_MAX_SHEETS = 0
    assert "IMPORT_MAX_SHEETS" in refusal(content)


def test_legacy_workbook_whose_header_claims_more_than_the_file_holds_is_refused_as_damaged():
    with pytest.raises(UnreadableFile, match="文件已损坏"):
        read_tables(content=compound_file(fat_sectors=10**9), filename="old.xls")


def opendocument(mimetype, content):
    return raw_zip([Part("mimetype", mimetype, method=zipfile.ZIP_STORED), Part("META-INF/manifest.xml", b"<manifest/>"), content])


def content_bomb(declared=None):
    stream, size = repeated(b"<office:document-content>", b"<text:p>A</text:p>" * 65536, 900, b"</office:document-content>")
    return Part("content.xml", stream=stream, size=size, declared=declared)


@pytest.mark.parametrize(
    "declared, sheet_words, document_words",
    [(None, "压缩炸弹", "压缩炸弹"), (900_000, "无法作为表格打开", "无法作为 OpenDocument 文档打开")],
)
def test_opendocument_bombs_are_refused_before_libreoffice_sees_them(declared, sheet_words, document_words):
    """An .ods or .odt is converted by LibreOffice, which unpacks it whole: the limits come first (the
    messages are the guards', not those of a failed conversion)."""
    spreadsheet = opendocument(b"application/vnd.oasis.opendocument.spreadsheet", content_bomb(declared))
    assert sheet_words in refusal(spreadsheet)
    document = opendocument(b"application/vnd.oasis.opendocument.text", content_bomb(declared))
    report = import_files(files=[("bomb.odt", document)], dry_run=True)
    assert document_words in report.all_problems[0].message


def test_opendocument_text_over_the_word_limit_is_refused_before_conversion(small_org, settings):
    settings.IMPORT_MAX_WORD_UNCOMPRESSED_MB = 1
    paragraphs = "".join(f"<text:p>第{n}段</text:p>" for n in range(60000)).encode()
    document = opendocument(b"application/vnd.oasis.opendocument.text", Part("content.xml", b"<office:document-content>" + paragraphs + b"</office:document-content>"))
    before = snapshot()
    report = import_files(files=[("big.odt", document)])
    assert "IMPORT_MAX_WORD_UNCOMPRESSED_MB" in report.all_problems[0].message
    assert snapshot() == before


# Old Office files: a size guard for when they are read.

def compound_file(sector_shift=9, fat_sectors=1, size=4096):
    header = bytearray(OLE2_SIGNATURE + b"\x00" * 504)
    struct.pack_into("<HH", header, 30, sector_shift, 6)
    struct.pack_into("<I", header, 44, fat_sectors)
    return bytes(header) + b"\x00" * (size - 512)


def test_compound_file_header_within_the_file_passes():
    check_compound_file(compound_file(), ArchiveLimits.for_workbooks())


@pytest.mark.parametrize("content", [compound_file(fat_sectors=10**9), compound_file(sector_shift=30), OLE2_SIGNATURE + b"\x00" * 20])
def test_compound_file_declaring_more_than_it_holds_is_refused(content):
    with pytest.raises(ArchiveRefused, match="97"):
        check_compound_file(content, ArchiveLimits.for_workbooks())


def test_compound_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 1
    with pytest.raises(ArchiveRefused, match="IMPORT_MAX_UNCOMPRESSED_MB"):
        check_compound_file(compound_file(size=2 * 1024 * 1024), ArchiveLimits.for_workbooks())


def test_every_refusal_has_a_chinese_message():
    """The guards' messages are English source strings: each needs its zh-Hans entry (test_i18n covers models and templates)."""
    known = {entry.msgid for entry in polib.pofile(str(django_settings.BASE_DIR / "locale/zh_Hans/LC_MESSAGES/django.po")) if entry.msgstr}
    messages = set()
    for module in ("kernel/archives.py", "kernel/spreadsheets.py"):
        tree = ast.parse((django_settings.BASE_DIR / module).read_text(encoding="utf-8"))
        messages |= {
            ast.literal_eval(node.args[0]) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext"
        }
    assert len(messages) > 25
    assert not messages - known
