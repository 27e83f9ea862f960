"""Word (.docx) renderer: formats the context built by ``jobs.documents.context``; a job
description's sections are the blocks of ``jobs.documents.sections``.

Real Word tables and headings on A4; East Asian text is set in 宋体 (headings 黑体) through
``w:eastAsia`` so Word does not fall back to a Western font for Chinese.  A position or department
named in a value is a hyperlink to its page, as on the site; the link also tells the Word import
(``jobs.importing.word``) which record a title means when the file comes back, and the file's
``identifier`` property (:mod:`kernel.document_identity`) tells it the layout is the app's own.
"""
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from jobs.documents.sections import Grid, Items, Link, Note, Pairs, Value
from kernel.document_identity import document_identifier
from kernel.drawing import svg_to_png

EAST_ASIAN_FONT = "宋体"
HEADING_EAST_ASIAN_FONT = "黑体"
WESTERN_FONT = "Times New Roman"
LABEL_SHADE = "EEF2F7"
GROUP_SHADE = "DDE4EE"
LINK_COLOUR = "1F4E79"


def _set_fonts(style_or_run, east_asian, western=WESTERN_FONT):
    style_or_run.font.name = western
    r_pr = style_or_run.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), western)
    fonts.set(qn("w:hAnsi"), western)


def new_document(*, base_url=""):
    """An empty A4 document with the house fonts; links to the site's pages start with ``base_url``
    (``https://hr.example.com``; relative when empty)."""
    document = Document()
    document.link_base = base_url.rstrip("/")
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(18)
    normal = document.styles["Normal"]
    _set_fonts(normal, EAST_ASIAN_FONT)
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        _set_fonts(style, HEADING_EAST_ASIAN_FONT)
        style.font.color.rgb = RGBColor(0, 0, 0)
    # python-docx resolves a style name with a scan of the styles part on every call, which
    # dominated a 200-position handbook; resolve each name once and set styles by id.
    document.style_ids = {
        name: document.styles[name].style_id
        for name in ("Table Grid", "List Number", "List Bullet 2", "Title", "Heading 1", "Heading 2", "Heading 3")
    }
    return document


def paragraph(document, text="", style=None):
    added = document.add_paragraph(text)
    if style:
        added._p.style = document.style_ids[style]
    return added


def heading(document, text, level):
    return paragraph(document, text, "Title" if level == 0 else f"Heading {level}")


def _shade(cell, fill=LABEL_SHADE):
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _row_flags(row, *, header=False):
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _write(cell, text, *, bold=False, clear=False):
    """Put ``text`` (lines kept) in ``cell``, whose one paragraph is empty; lists become one line per
    item; a ``Value``'s paragraphs become lines, its links hyperlinks."""
    if clear:
        cell.text = ""
    paragraph = cell.paragraphs[0]
    if isinstance(text, Value):
        for index, runs in enumerate(text.paragraphs):
            if index:
                paragraph.add_run().add_break()
            _write_runs(paragraph, [str(runs)] if isinstance(runs, Items) else _stripped(runs), bold)
        return
    if isinstance(text, (list, tuple)):
        text = "\n".join(str(item) for item in text)
    _write_runs(paragraph, [str(text or "")], bold)


def _stripped(runs):
    """The runs of a paragraph without the spaces at its ends, as ``Value`` prints it."""
    runs = list(runs)
    while runs and not isinstance(runs[0], Link) and not str(runs[0]).strip():
        runs.pop(0)
    while runs and not isinstance(runs[-1], Link) and not str(runs[-1]).strip():
        runs.pop()
    if runs and not isinstance(runs[0], Link):
        runs[0] = str(runs[0]).lstrip()
    if runs and not isinstance(runs[-1], Link):
        runs[-1] = str(runs[-1]).rstrip()
    return runs


def _write_runs(paragraph, runs, bold):
    for run in runs:
        if isinstance(run, Link):
            _hyperlink(paragraph, run.text, run.url, bold)
            continue
        lines = str(run).split("\n")
        for index, line in enumerate(lines):
            added = paragraph.add_run(line)
            if bold:
                added.bold = True
            if index < len(lines) - 1:
                added.add_break()


def _hyperlink(paragraph, text, url, bold):
    """``text`` linking to the site page ``url``, in the link colour, underlined."""
    base = getattr(paragraph.part.document, "link_base", "")
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(base + url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    if bold:
        properties.append(OxmlElement("w:b"))
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.extend([colour, underline])
    content = OxmlElement("w:t")
    content.text = text
    content.set(qn("xml:space"), "preserve")
    run.extend([properties, content])
    link.append(run)
    paragraph._p.append(link)


def table(document, rows, *, header=None, columns=None, label_columns=(0,)):
    """A bordered table; ``header`` repeats on every page, label columns are shaded."""
    columns = columns or len(header or rows[0])
    grid = document.add_table(rows=0, cols=columns)
    grid._tbl.tblStyle_val = document.style_ids["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    if header:
        row = grid.add_row()
        cells = row.cells
        _row_flags(row, header=True)
        for cell, text in zip(cells, header):
            _write(cell, capfirst(str(text)), bold=True)  # field names: "Position code" in English
            _shade(cell)
    for values in rows:
        row = grid.add_row()
        cells = row.cells
        _row_flags(row)
        if len(values) == 1 and columns > 1:  # a group heading across the whole row
            merged = cells[0].merge(cells[-1])
            _write(merged, values[0], bold=True, clear=True)
            _shade(merged, GROUP_SHADE)
            continue
        if len(values) < columns:  # a label and one value spanning the rest
            merged = cells[1].merge(cells[-1])
            merged.text = ""  # merging keeps every merged cell's empty paragraph
            cells = [cells[0], merged]
        for index, (cell, text) in enumerate(zip(cells, values)):
            label = index in label_columns and not header and isinstance(text, str)
            _write(cell, capfirst(text) if label else text, bold=index in label_columns and not header)
            if index in label_columns and not header:
                _shade(cell)
    document.add_paragraph()
    return grid


def _pairs(document, block):
    rows = [tuple(text for field in row.fields for text in (field.label, field.value)) for row in block.rows]
    if rows:
        header = [block.heading, *[""] * (2 * block.per_row - 1)] if block.heading else None
        table(document, rows, header=header, columns=2 * block.per_row, label_columns=(0, 2) if block.per_row == 2 else (0,))


def _grid(document, block):
    rows = []
    for title, group in block.groups:
        if title:
            rows.append((title,))
        rows += [tuple(row) for row in group]
    table(document, rows, header=[column.label for column in block.columns], label_columns=())


def _note(document, block):
    document.add_paragraph(str(block.value))


BLOCK_WRITERS = {Pairs: _pairs, Grid: _grid, Note: _note}


def write_job_description(document, jd):
    title = heading(document, f"{jd['position'].title} {_('Job description')}", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    position = jd["position"]
    version = f" · {_('version %(version)s') % {'version': position.version}}" if position.version else ""
    meta = document.add_paragraph(f"{position.department.name} · {position.code}{version}")
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in jd["sections"]:
        heading(document, section["heading"], level=2)
        for block in section["blocks"]:
            BLOCK_WRITERS[type(block)](document, block)


def write_department(document, part):
    department = part["department"]
    heading(document, department.name, level=1)
    rows = [
        (_("parent department"), department.parent.name if department.parent else "", _("kind"), department.get_kind_display()),
        (_("head position"), department.head_position.title if department.head_position else "", _("nature"), department.nature),
    ]
    for label, value in (
        (_("mission"), department.mission), (_("management authority"), department.management_authority),
        (_("management function"), department.management_function), (_("staffing plan"), department.staffing_plan),
        (_("internal partners"), department.internal_partners), (_("external partners"), department.external_partners),
    ):
        if value:
            rows.append((label, value))
    table(document, rows, label_columns=(0, 2))
    if part["duty_groups"]:
        heading(document, _("Department duties"), level=2)
        rows = [
            (f"{n}. {function}", [f"({i}) {d.text}" for i, d in enumerate(duties, start=1)])
            for n, (function, duties) in enumerate(part["duty_groups"], start=1)
        ]
        table(document, rows, header=[_("first-level function"), _("second-level function")])
    if part.get("chart_svg"):
        heading(document, _("Position chart"), level=2)
        png = svg_to_png(part["chart_svg"])
        document.add_picture(BytesIO(png), width=Mm(min(174, _png_width_mm(png))))
    heading(document, _("Staffing"), level=2)
    positions = part["positions"]
    if positions:
        actual = part["shows_actual"]

        def gap_text(gap):
            if gap.short:
                return _("%(n)s short") % {"n": gap.short}
            return _("%(n)s over") % {"n": gap.over} if gap.over else ""

        rows = [
            (p.code, p.title + ("" if p.is_counted else " " + _("(not counted until published)")),
             p.reports_to.title if p.reports_to else "", p.job_level.name if p.job_level else "",
             "—" if p.headcount is None else str(p.headcount),
             *(("—" if p.actual_headcount is None else str(p.actual_headcount),) if actual else ()), gap_text(p.staffing))
            for p in positions
        ]
        for label, planned, in_post, gap in part["staffing_totals"]:
            rows.append((label, "", "", "", str(planned), *(("" if in_post is None else str(in_post),) if actual else ()), gap_text(gap)))
        header = [_("position code"), _("position title"), _("reports to"), _("job level"), _("headcount")]
        table(
            document, rows, label_columns=(),
            header=[*header, *((_("people in post"),) if actual else ()), _("short / over")],
        )
    else:
        document.add_paragraph(_("This department has no positions yet."))
    for policy in part["policies"]:
        heading(document, policy.title, level=3)
        for paragraph in policy.body.splitlines():
            if paragraph.strip():
                document.add_paragraph(paragraph)


def _png_width_mm(png, scale=2.0, dpi=96):
    """Natural width of a PNG rendered by ``svg_to_png`` at ``scale``, so small charts are not blown up."""
    width = int.from_bytes(png[16:20], "big")
    return width / scale / dpi * 25.4


def _page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _to_bytes(document):
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def job_description_docx(jd, *, base_url=""):
    document = new_document(base_url=base_url)
    document.core_properties.identifier = document_identifier("job-description", jd["position"].code)
    write_job_description(document, jd)
    return _to_bytes(document)


def handbook_docx(handbook, *, base_url="", progress=None, layout=None):
    """The handbook as .docx; ``progress(jd)`` is called after each job description is written.

    ``layout(jd)``: the .docx of ``jd`` in the company template that applies to it, or None for the
    built-in layout (``jobs.documents.company_template.handbook_layout``). A company template's
    document is appended where the job description belongs with docxcompose, which carries its
    styles, numbering, pictures and headers over, rather than re-laying it out here."""
    document = new_document(base_url=base_url)
    composer = None
    document.core_properties.identifier = document_identifier("handbook", handbook["department"].code)
    title = heading(document, f"{handbook['department'].name} {_('Department duties and job descriptions')}", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading(document, _("Contents"), level=2)
    for part in handbook["parts"]:
        paragraph(document, part["department"].name, "List Number")
        for jd in part["job_descriptions"]:
            paragraph(document, f"{jd['position'].title}({jd['position'].code})", "List Bullet 2")
    for part in handbook["parts"]:
        _page_break(document)
        write_department(document, part)
        for jd in part["job_descriptions"]:
            _page_break(document)
            made = layout(jd) if layout is not None else None
            if made is None:
                write_job_description(document, jd)
            else:
                from docxcompose.composer import Composer  # noqa: PLC0415 - only handbooks with company templates

                composer = composer or Composer(document)
                composer.append(Document(BytesIO(made)))
            if progress is not None:
                progress(jd)
    return _to_bytes(document)
