"""One PDF assembled from kept PDFs (the contents, each department part, each job description),
with bookmarks — without laying any of them out again.

Merging is done by pikepdf (qpdf): about 2 ms per part, where pypdf needed 26 ms (52 s for the
parts of a 2,000-position handbook). Each part embeds its own subset of the Chinese fonts
(≈ 250 kB a part, 500 MB for 2,000 parts), so after merging every font is replaced by one subset
holding the glyphs of all parts: WeasyPrint subsets fonts keeping the glyph numbers of the full
font, so one subset of the same face serves every part. The full faces come from a small
reference document laid out with the same stylesheets, whose fonts carry the same names as the
parts' (a font the reference does not use keeps its per-part subsets: correct, only larger).
"""
from io import BytesIO

from django.conf import settings

from jobs.documents.pdf import _weasyprint, stylesheets
from jobs.pictures import DETAIL_SIZE, FONT, TITLE_SIZE

# Text in every face the documents use: body, bold labels and headings, Latin letters and digits,
# the page footers (which have no language, so another face), and the position chart's picture
# (its own font family, regular and bold).
REFERENCE_HTML = (
    '<style>@page { @bottom-left { content: "销售部 Aa1-"; font-size: 9pt; color: #555; } }</style>'
    '<body class="document"><h1>岗位说明书 Aa1</h1><h2>一、基本资料 Bb2</h2><h3>部门 Cc3</h3>'
    '<table class="doc"><thead><tr><th>序号 No.</th><th>职责</th></tr></thead>'
    '<tr><th class="label">岗位名称 Title</th><td>内容 text 4</td></tr></table>'
    '<p>正文 text 5 <b>粗体 bold</b> <strong>强调</strong> <small>小字</small> <span class="muted">说明</span></p>'
    f'<figure class="department-chart"><svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" font-family="{FONT}">'
    f'<text x="10" y="20" font-size="{TITLE_SIZE}" font-weight="bold">销售总监 Aa1…</text>'
    f'<text x="10" y="40" font-size="{DETAIL_SIZE}">经理级 · 定员 1 Bb2</text></svg></figure></body>'
)


def _pikepdf():
    import pikepdf  # noqa: PLC0415 - loaded only by the workers that assemble documents

    return pikepdf


def _used_glyphs(widths, pikepdf):
    """Glyph ids listed in a CID font's /W array ([first [w …]] or [first last w])."""
    glyphs, items, index = set(), list(widths), 0
    while index + 1 < len(items):
        first, following = int(items[index]), items[index + 1]
        if isinstance(following, pikepdf.Array):
            glyphs.update(range(first, first + len(following)))
            index += 2
        else:
            glyphs.update(range(first, int(following) + 1))
            index += 3
    return glyphs


def _reference_fonts():
    """{PDF font name: WeasyPrint Font} of a reference document, each able to subset its full face."""
    from weasyprint.text.fonts import get_hb_object_data  # noqa: PLC0415

    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=REFERENCE_HTML, base_url=str(settings.BASE_DIR)).render(stylesheets=stylesheets())
    document.write_pdf()  # collects the fonts (and subsets them: the full face is read again below)
    fonts = {}
    for font in document.fonts.values():
        if font.bitmap or font.png or font.svg or font.colr or "fvar" in font.tables:
            continue  # emoji and variable fonts: left as the parts have them
        font.file_content = get_hb_object_data(font.hb_face)
        fonts["/" + font.name.decode().lstrip("/")] = font
    return fonts


def share_fonts(pdf):
    """Replace the per-part subsets of each font in ``pdf`` (a pikepdf Pdf) by one subset."""
    pikepdf = _pikepdf()
    glyphs, descriptors, seen = {}, {}, set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font")
        if fonts is None:
            continue
        for key in list(fonts.keys()):
            font = fonts[key]
            if font.objgen in seen or "/DescendantFonts" not in font:
                continue
            seen.add(font.objgen)
            descendant = font.DescendantFonts[0]
            descriptor = descendant.get("/FontDescriptor")
            if descriptor is None or descendant.get("/CIDToGIDMap") != pikepdf.Name.Identity:
                continue
            name = str(font.BaseFont)
            glyphs.setdefault(name, set()).update(_used_glyphs(descendant.get("/W", []), pikepdf))
            descriptors.setdefault(name, []).append(descriptor)
    if not any(len(found) > 1 for found in descriptors.values()):
        return
    reference = _reference_fonts()
    for name, found in descriptors.items():
        font = reference.get(name)
        if font is None or len(found) < 2:
            continue
        font.subset({glyph: "" for glyph in glyphs[name] | {0}}, False)
        stream = pdf.make_stream(font.file_content)
        if font.type == "otf":
            key = "/FontFile3"
            stream.Subtype = pikepdf.Name.OpenType
        else:
            key = "/FontFile2"
            stream.Length1 = len(font.file_content)
        for descriptor in found:
            if key in descriptor:
                descriptor[key] = stream


def merge_pdfs(parts, *, bookmarks=(), blank_after_first=0):
    """One PDF of ``parts`` (PDF bytes, in order) with ``bookmarks`` ([(title, page index, level)],
    level 0 at the top) and the fonts shared; ``blank_after_first`` blank pages follow the first part."""
    pikepdf = _pikepdf()
    merged = pikepdf.Pdf.new()
    opened = []
    for index, content in enumerate(parts):
        part = pikepdf.Pdf.open(BytesIO(content))
        opened.append(part)
        merged.pages.extend(part.pages)
        if index == 0:
            size = part.pages[0].mediabox if len(part.pages) else None
            for _blank in range(blank_after_first):
                merged.add_blank_page(page_size=(float(size[2]), float(size[3])) if size is not None else (595, 842))
    share_fonts(merged)
    if bookmarks:
        with merged.open_outline() as outline:
            parents = []
            for title, page, level in bookmarks:
                item = pikepdf.OutlineItem(title, page)
                del parents[level:]
                (parents[-1].children if parents else outline.root).append(item)
                parents.append(item)
    output = BytesIO()
    merged.save(output, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for part in opened:
        part.close()
    return output.getvalue()
