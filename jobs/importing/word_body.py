"""The body of a Word document in reading order: paragraphs and tables as they follow each other.

python-docx gives the paragraphs and the tables of a document as two separate lists; a 岗位说明书
mixes them (a heading, a table of pairs, a paragraph of duties, another table …), and what a piece
of text means depends on what came before it.  :func:`blocks` walks ``w:body`` once, in order, and
yields :class:`Paragraph` and :class:`Table` blocks:

- a paragraph's text keeps its line breaks (``w:br``) and the addresses of its hyperlinks (the
  app's own downloads link each position and department to its page, which carries its code);
  text in text boxes comes as paragraphs of its own, after the paragraph that anchors it;
- a table's cells know their grid column and width, so that a header cell and the cells below it
  line up even where cells are merged; a cell merged down from the row above (``vMerge``) comes
  again in each row it covers, marked ``continued``, so that its text is read once;
- tables inside table cells, and content controls (``w:sdt``), are walked too.
"""
from dataclasses import dataclass, field

from docx.oxml.ns import qn

W_P, W_TBL, W_SDT, W_T, W_TAB, W_BR, W_CR = (qn(f"w:{tag}") for tag in ("p", "tbl", "sdt", "t", "tab", "br", "cr"))
W_HYPERLINK, W_TC, W_TR, W_SDT_CONTENT = qn("w:hyperlink"), qn("w:tc"), qn("w:tr"), qn("w:sdtContent")
W_TXBX_CONTENT, W_DEL = qn("w:txbxContent"), qn("w:del")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
R_ID = qn("r:id")
_WRAPPERS = {W_SDT, W_SDT_CONTENT, qn("w:customXml"), qn("w:smartTag"), qn("w:ins"), qn("w:fldSimple")}


@dataclass(slots=True)
class Link:
    start: int
    end: int
    address: str


@dataclass(slots=True)
class Paragraph:
    text: str
    links: list = field(default_factory=list)  # [Link] with offsets into ``text``
    style: str = ""  # the style's name, lower case ("heading 1", "title", "list number")
    numbered: tuple | None = None  # (list id, level) of Word's automatic numbering, when it has it

    @property
    def is_heading(self):
        return self.style.startswith(("heading", "title", "标题")) or self.style == "subtitle"


@dataclass(slots=True)
class Cell:
    paragraphs: list
    column: int  # first grid column
    span: int = 1
    continued: bool = False  # the lower part of a cell merged down: its text was read in a row above

    @property
    def text(self):
        return "\n".join(paragraph.text for paragraph in self.paragraphs).strip()

    @property
    def links(self):
        links, offset = [], 0
        for paragraph in self.paragraphs:
            links += [Link(link.start + offset, link.end + offset, link.address) for link in paragraph.links]
            offset += len(paragraph.text) + 1
        return links


@dataclass(slots=True)
class Table:
    rows: list  # [[Cell]], the cells of a row left to right, each merged cell once per row


class Body:
    """Reads one document: ``blocks()`` in order."""

    def __init__(self, document):
        self.document = document
        self.relationships = document.part.rels
        self.styles, self.style_numbering = {}, {}
        for style in document.styles.element.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            name = style.find(qn("w:name"))
            self.styles[style_id] = (name.get(qn("w:val")) if name is not None else style_id or "").lower()
            numbering = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numbering is not None:
                self.style_numbering[style_id] = self._numbering(numbering)

    def blocks(self):
        yield from self._children(self.document.element.body)

    def _children(self, parent):
        for child in parent.iterchildren():
            if child.tag == W_P:
                yield from self._paragraphs(child)
            elif child.tag == W_TBL:
                yield from self._table(child)
            elif child.tag in _WRAPPERS:
                yield from self._children(child)

    def _paragraphs(self, element):
        """The paragraph, then the paragraphs of its text boxes."""
        parts, links, boxes = [], [], []
        self._runs(element, parts, links, boxes, None, [0])
        properties = element.pPr
        style_id = properties.style if properties is not None else None
        numbering = None
        if properties is not None and properties.numPr is not None:
            numbering = self._numbering(properties.numPr)
        elif style_id in self.style_numbering:
            numbering = self.style_numbering[style_id]
        if numbering is not None and numbering[0] == "0":
            numbering = None  # numId 0 switches numbering off
        yield Paragraph("".join(parts), links, self.styles.get(style_id, ""), numbering)
        for box in boxes:
            yield from self._children(box)

    def _runs(self, element, parts, links, boxes, address, length):
        for child in element.iterchildren():
            tag = child.tag
            if tag == W_T:
                parts.append(child.text or "")
                length[0] += len(child.text or "")
            elif tag == W_TAB:
                parts.append("\t")
                length[0] += 1
            elif tag in (W_BR, W_CR):
                if child.get(qn("w:type")) in (None, "textWrapping"):
                    parts.append("\n")
                    length[0] += 1
            elif tag == W_TXBX_CONTENT:
                boxes.append(child)
            elif tag in (W_DEL, MC_FALLBACK):
                continue
            elif tag == W_HYPERLINK:
                start = length[0]
                target = self._address(child)
                self._runs(child, parts, links, boxes, target, length)
                if target and length[0] > start:
                    links.append(Link(start, length[0], target))
            elif tag != W_P and tag != W_TBL:
                self._runs(child, parts, links, boxes, address, length)

    def _address(self, hyperlink):
        relationship = hyperlink.get(R_ID)
        if relationship and relationship in self.relationships:
            return self.relationships[relationship].target_ref
        anchor = hyperlink.get(qn("w:anchor"))
        return f"#{anchor}" if anchor else ""

    @staticmethod
    def _numbering(element):
        number = element.find(qn("w:numId"))
        level = element.find(qn("w:ilvl"))
        return (
            number.get(qn("w:val")) if number is not None else "",
            int(level.get(qn("w:val"))) if level is not None else 0,
        )

    def _table(self, element):
        rows, nested, above = [], [], {}  # above: grid column -> the cell that starts a vertical merge there
        for tr in self._rows(element):
            column, cells = 0, []
            properties = tr.find(qn("w:trPr"))
            before = properties.find(qn("w:gridBefore")) if properties is not None else None
            if before is not None:
                column = int(before.get(qn("w:val")) or 0)
            for tc in self._cells(tr):
                properties = tc.find(qn("w:tcPr"))
                span, merge = 1, None
                if properties is not None:
                    grid_span = properties.find(qn("w:gridSpan"))
                    if grid_span is not None:
                        span = int(grid_span.get(qn("w:val")) or 1)
                    vertical = properties.find(qn("w:vMerge"))
                    if vertical is not None:
                        merge = vertical.get(qn("w:val")) or "continue"
                if merge == "continue" and column in above:
                    origin = above[column]
                    cells.append(Cell(origin.paragraphs, column, span, continued=True))
                else:
                    paragraphs = []
                    for child in tc.iterchildren():
                        if child.tag == W_P:
                            paragraphs.extend(self._paragraphs(child))
                        elif child.tag == W_TBL:
                            nested.append(child)
                        elif child.tag in _WRAPPERS:
                            for block in self._children(child):
                                if isinstance(block, Paragraph):
                                    paragraphs.append(block)
                                else:
                                    nested.append(block)
                    cell = Cell(paragraphs, column, span)
                    cells.append(cell)
                    if merge == "restart":
                        above[column] = cell
                    else:
                        above.pop(column, None)
                column += span
            rows.append(cells)
        yield Table(rows)
        for table in nested:
            if isinstance(table, Table):
                yield table
            else:
                yield from self._table(table)

    @staticmethod
    def _rows(table):
        for child in table.iterchildren():
            if child.tag == W_TR:
                yield child
            elif child.tag in _WRAPPERS:
                yield from Body._rows(child)

    @staticmethod
    def _cells(row):
        for child in row.iterchildren():
            if child.tag == W_TC:
                yield child
            elif child.tag in _WRAPPERS:
                yield from Body._cells(child)
