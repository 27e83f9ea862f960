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
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from jobs.documents.context import neighbourhood_chart
from jobs.documents.controlled import labelled
from jobs.documents.sections import Grid, Items, Link, Note, Pairs, Value
from kernel.document_identity import document_identifier
from kernel.drawing import svg_to_png

EAST_ASIAN_FONT = "宋体"
HEADING_EAST_ASIAN_FONT = "黑体"
WESTERN_FONT = "Times New Roman"
LABEL_SHADE = "EEF2F7"
GROUP_SHADE = "DDE4EE"
LINK_COLOUR = "1F4E79"
PAGE_WIDTH, MARGIN = 210, 18
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN  # mm between the margins: what the tables share out
LABEL_WIDTH = 26  # mm: a label column (岗位名称, 工作时间 …)
NUMBER_WIDTH = 13  # mm: 序号, 权重
SHORT_WIDTH = 20  # mm: short values (考核周期, 编制时间)


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
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(297)
    section.left_margin = section.right_margin = Mm(MARGIN)
    section.top_margin = section.bottom_margin = Mm(MARGIN)
    section.header_distance = section.footer_distance = Mm(8)
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


def column_widths(columns, label_columns=(), *, weights=None):
    """Widths in mm of ``columns`` columns filling the text width: label columns ``LABEL_WIDTH``,
    the others sharing the rest by ``weights`` (a number: that share; a string "num" or "short":
    ``NUMBER_WIDTH``/``SHORT_WIDTH``; equal shares when not given)."""
    weights = list(weights) if weights else [1] * columns
    fixed = {}
    for index in range(columns):
        if index in label_columns:
            fixed[index] = LABEL_WIDTH
        elif weights[index] == "num":
            fixed[index] = NUMBER_WIDTH
        elif weights[index] == "short":
            fixed[index] = SHORT_WIDTH
    rest = TEXT_WIDTH - sum(fixed.values())
    shares = sum(weights[i] for i in range(columns) if i not in fixed) or 1
    return [fixed.get(i) or rest * weights[i] / shares for i in range(columns)]


def _fix_widths(grid, widths):
    """Fixed layout with these column widths (mm): w:tblW, w:tblGrid and every cell's w:tcW, so
    that Word, WPS and LibreOffice all keep them instead of sizing the columns alike."""
    grid.autofit = False
    properties = grid._tbl.tblPr
    layout = properties.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        properties.append(layout)
    layout.set(qn("w:type"), "fixed")
    total = properties.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        properties.append(total)
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(sum(_twips(width) for width in widths)))
    for column, width in zip(grid._tbl.tblGrid.gridCol_lst, widths):
        column.w = Mm(width)
    grid.column_mm = widths


def _twips(mm):
    return round(mm / 25.4 * 1440)


def _size_cells(row, widths):
    for cell, width in zip(row.cells, widths):
        cell.width = Mm(width)


def table(document, rows, *, header=None, columns=None, label_columns=(0,), weights=None):
    """A bordered table; ``header`` repeats on every page, label columns are shaded and narrow,
    the other columns share the width by ``weights`` (see :func:`column_widths`)."""
    columns = columns or len(header or rows[0])
    grid = document.add_table(rows=0, cols=columns)
    grid._tbl.tblStyle_val = document.style_ids["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = column_widths(columns, label_columns, weights=weights)
    _fix_widths(grid, widths)
    if header:
        row = grid.add_row()
        _size_cells(row, widths)
        cells = row.cells
        _row_flags(row, header=True)
        for cell, text in zip(cells, header):
            _write(cell, capfirst(str(text)), bold=True)  # field names: "Position code" in English
            _shade(cell)
    for values in rows:
        row = grid.add_row()
        _size_cells(row, widths)
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


def _column_weight(column):
    return {"num": "num", "": "short"}.get(column.css, column.weight)


def _grid(document, block):
    rows = []
    for title, group in block.groups:
        if title:
            rows.append((title,))
        rows += [tuple(row) for row in group]
    table(
        document, rows, header=[column.label for column in block.columns], label_columns=(),
        weights=[_column_weight(column) for column in block.columns],
    )


def _note(document, block):
    document.add_paragraph(str(block.value))


BLOCK_WRITERS = {Pairs: _pairs, Grid: _grid, Note: _note}


def write_job_description(document, jd, *, level=0, chart=False):
    """The job description ``jd``: its title at ``level`` (0: the document's title; in a handbook
    2, under its department, so that the contents list it), its sections one level below, with
    ``chart`` the picture of its superior, itself and its direct reports, and the sign-off table
    (编制/审核/批准) at the end. (A handbook leaves the picture out: its department part has the
    department's chart, and a picture a job description would cost a 2,000-position .docx minutes.)"""
    title = heading(document, f"{jd['position'].title} {_('Job description')}", level=level)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    position = jd["position"]
    meta = document.add_paragraph(f"{position.department.name} · {position.code} · {jd['header']['version']}")
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in jd["sections"]:
        heading(document, section["heading"], level=max(level, 1) + 1)
        for block in section["blocks"]:
            BLOCK_WRITERS[type(block)](document, block)
    if chart:
        png = svg_to_png(neighbourhood_chart(jd))
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(BytesIO(png), width=Mm(min(TEXT_WIDTH, _png_width_mm(png))))
    if jd.get("sign_off"):
        write_sign_off(document, jd["sign_off"])


def write_sign_off(document, rows):
    """编制 / 审核 / 批准, a column each: “编制：张三” over “日期：2026年12月2日”. Each cell holds only
    “label：value” pairs, which the Word import knows as page furniture
    (``jobs.importing.word_labels.is_furniture``), so the block is never read as data."""
    grid = document.add_table(rows=1, cols=len(rows))
    grid._tbl.tblStyle_val = document.style_ids["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = column_widths(len(rows))
    _fix_widths(grid, widths)
    row = grid.rows[0]
    _size_cells(row, widths)
    _row_flags(row)
    for cell, (label, name, day) in zip(row.cells, rows):
        _write(cell, "\n".join((labelled(label, name), labelled(_("Date"), day))))
    return grid


def _field(paragraph, instruction, shown):
    """A Word field (PAGE, NUMPAGES, TOC …) in ``paragraph`` as begin/instruction/separate/result/end
    runs; ``shown`` is the result until Word updates it."""
    def char(kind):
        run = OxmlElement("w:r")
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run.append(mark)
        paragraph._p.append(run)

    char("begin")
    run = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    paragraph._p.append(run)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _bottom_border(paragraph):
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "999999")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def page_furniture(section, *, company, line="", restart=False):
    """The header (company on the left; 文件编号, 版本, 生效日期 on the right, ruled below) and the
    footer 第 X 页 共 Y 页 of ``section``. ``restart``: the section numbers its pages from 1 and
    counts only its own (SECTIONPAGES) — a job description inside a handbook; else the document's
    (NUMPAGES)."""
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    top = section.header.paragraphs[0]
    top.text = ""
    top.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    top.add_run(company)
    if line:
        top.add_run("\t" + line)
    for run in top.runs:
        run.font.size = Pt(9)
    _bottom_border(top)
    bottom = section.footer.paragraphs[0]
    bottom.text = ""
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, middle, after = _page_counter_pieces()
    bottom.add_run(before)
    _field(bottom, "PAGE", "1")
    bottom.add_run(middle)
    _field(bottom, "SECTIONPAGES" if restart else "NUMPAGES", "1")
    bottom.add_run(after)
    for run in bottom.runs:
        run.font.size = Pt(9)
    if restart:
        numbering = section._sectPr.find(qn("w:pgNumType"))
        if numbering is None:
            numbering = OxmlElement("w:pgNumType")
            section._sectPr.append(numbering)
        numbering.set(qn("w:start"), "1")


def _page_counter_pieces():
    """("第 ", " 页 共 ", " 页") from the translated “Page %(page)s of %(pages)s”."""
    text = _("Page %(page)s of %(pages)s")
    before, rest = text.split("%(page)s", 1) if "%(page)s" in text else ("", text)
    middle, after = rest.split("%(pages)s", 1) if "%(pages)s" in rest else (rest, "")
    return before, middle, after


def set_properties(document, *, title, company, identifier):
    """Title 岗位说明书 — 销售员, the company as author and last editor, the app's identifier (the Word
    import recognises its own layout by it); nothing of python-docx's template left."""
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = company
    properties.comments = properties.subject = properties.keywords = properties.category = ""
    properties.identifier = identifier
    properties.revision = 1
    properties.created = properties.modified = timezone.now().replace(microsecond=0)


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
    if positions or part["numbers"].total.positions:
        if not positions:
            document.add_paragraph(_("This department has no positions of its own; the totals cover its sub-departments."))
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
            weights=[1.4, 2, 1.6, 1, 0.8, *((0.8,) if actual else ()), 1],  # the totals' labels stand in the first
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


def _to_bytes(document):
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def job_description_docx(jd, *, base_url=""):
    document = new_document(base_url=base_url)
    company = jd["header"]["company"]
    set_properties(
        document, title=f"{_('Job description')} — {jd['position'].title}", company=company,
        identifier=document_identifier("job-description", jd["position"].code),
    )
    page_furniture(document.sections[0], company=company, line=jd["header"]["line"])
    write_job_description(document, jd, chart=True)
    return _to_bytes(document)


# settings.xml elements that come after w:updateFields in the schema's sequence (Word is strict).
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
}


def _update_fields_on_open(document):
    """w:updateFields in settings.xml: Word fills the contents (and page counts) when it opens the file."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    following = next((child for child in settings if child.tag.rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS), None)
    if following is not None:
        following.addprevious(update)
    else:
        settings.append(update)


def _contents(document, handbook):
    """目录 as a Word TOC field over the handbook's departments (Heading 1) and job descriptions
    (Heading 2) — ``\\o "1-2"``: the sections of every job description would bury them — with
    hyperlinks; until Word updates it (on opening: ``w:updateFields``), the field shows the list
    of parts without page numbers, which is also what a reader that does not update fields sees."""
    document.add_paragraph(_("Contents"), style="TOC Heading")  # not a heading the contents would list
    start = document.add_paragraph()
    char = OxmlElement("w:r")
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "begin")
    char.append(mark)
    start._p.append(char)
    run = OxmlElement("w:r")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-2" \\h \\z \\u '
    run.append(instruction)
    start._p.append(run)
    separate = OxmlElement("w:r")
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "separate")
    separate.append(mark)
    start._p.append(separate)
    for part in handbook["parts"]:
        paragraph(document, part["department"].name, "List Number")
        for jd in part["job_descriptions"]:
            paragraph(document, f"{jd['position'].title}({jd['position'].code})", "List Bullet 2")
    end = document.add_paragraph()
    run = OxmlElement("w:r")
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "end")
    run.append(mark)
    end._p.append(run)


def _new_part(document, *, company, line):
    """A new section on a new page, with its own header and its pages counted from 1."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page_furniture(section, company=company, line=line, restart=True)
    return section


def handbook_docx(handbook, *, base_url="", progress=None, layout=None):
    """The handbook as .docx; ``progress(jd)`` is called after each job description is written.

    The contents, each department part and each job description are sections of their own, each
    with its header (a job description's: its 文件编号, 版本, 生效日期) and its 第 X 页 共 Y 页, as in
    the PDF handbook, whose parts keep their own footers.

    ``layout(jd)``: the .docx of ``jd`` in the company template that applies to it, or None for the
    built-in layout (``jobs.documents.company_template.handbook_layout``). A company template's
    document is appended where the job description belongs with docxcompose, which carries its
    styles, numbering, pictures and headers over, rather than re-laying it out here."""
    composer = None
    department = handbook["department"]
    company = handbook["companies"].get(department.pk, department.name)
    document = new_document(base_url=base_url)
    document_title = f"{department.name} {_('Department duties and job descriptions')}"
    set_properties(
        document, title=document_title, company=company, identifier=document_identifier("handbook", department.code),
    )
    page_furniture(document.sections[0], company=company, line=document_title, restart=True)
    _update_fields_on_open(document)
    title = heading(document, document_title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _contents(document, handbook)
    for part in handbook["parts"]:
        _new_part(document, company=handbook["companies"].get(part["department"].pk, company), line=part["department"].name)
        write_department(document, part)
        for jd in part["job_descriptions"]:
            made = layout(jd) if layout is not None else None
            _new_part(document, company=jd["header"]["company"], line=jd["header"]["line"])
            if made is None:
                write_job_description(document, jd, level=2)
            else:
                from docxcompose.composer import Composer  # noqa: PLC0415 - only handbooks with company templates

                composer = composer or Composer(document)
                composer.append(Document(BytesIO(made)))
            if progress is not None:
                progress(jd)
    return _to_bytes(document)
