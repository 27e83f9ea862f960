"""HTML renderer for the page and the PDF: lays out the blocks of ``jobs.documents.sections``
as the bordered tables of the paper forms (``static/css/document.css``).

Written in Python rather than as template includes because a 200-position handbook sends
some fifteen thousand cells through it: plain string building with every text escaped by
``escape`` below, marked safe once per block.  ``jobs/includes/job_description.html`` calls
it through the ``document_block`` filter.
"""
from html import escape as _escape

from django.utils.safestring import mark_safe

from jobs.documents.sections import Aside, Grid, Items, Link, Note, Pairs


def escape(text):
    """What Django's ``escape`` does (``html.escape`` with quotes), without its lazy-string wrapper."""
    return _escape(str(text), quote=True)


def _lines(text):
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def _run(run):
    if isinstance(run, Link):
        return f'<a href="{escape(run.url)}">{escape(run.text)}</a>'
    if isinstance(run, Aside):
        return f'<span class="muted">{escape(run)}</span>'
    return _lines(run)


def _paragraph(paragraph):
    if isinstance(paragraph, Items):
        items = "".join(f"<li>{escape(item)}</li>" for item in paragraph.items)
        return f"<ol>{items}</ol>" if paragraph.ordered else f'<ul class="plain">{items}</ul>'
    return "".join(_run(run) for run in paragraph)


def value_html(value):
    """The first paragraph inline in the cell, each further one in a block of its own."""
    return "".join(
        _paragraph(paragraph) if index == 0 or isinstance(paragraph, Items) else f"<div>{_paragraph(paragraph)}</div>"
        for index, paragraph in enumerate(value.paragraphs)
    )


def _class(css):
    return f' class="{css}"' if css else ""


def _table(css, content):
    return mark_safe(f'<table class="{"doc " + css if css else "doc"}">\n{content}\n</table>')


def _pairs(block):
    columns = 2 * block.per_row
    label = _class("label" if block.fixed_labels else "")
    value_class = _class("text" if block.fixed_labels else "")
    lines = []
    if block.heading:  # label columns keep their width under a heading that spans them
        cols = '<col class="label-col"><col>' * block.per_row
        lines.append(f'<colgroup>{cols}</colgroup><thead><tr><th colspan="{columns}">{escape(block.heading)}</th></tr></thead>')
    for row in block.rows:
        cells = []
        for index, field in enumerate(row.fields):
            span = columns - 2 * index - 1 if index == len(row.fields) - 1 else 1
            colspan = f' colspan="{span}"' if span > 1 else ""
            cells.append(f"<th{label}>{escape(field.label)}</th><td{colspan}{value_class}>{value_html(field.value)}</td>")
        lines.append(f"<tr{_class(row.css)}>{''.join(cells)}</tr>")
    return _table(block.css, "\n".join(lines))


def _grid(block):
    header = "".join(
        f"<th{_class(column.css if index == 0 else '')}>{escape(column.label)}</th>" for index, column in enumerate(block.columns)
    )
    row_class = _class(block.row_css)
    cell_classes = [_class(column.css) for column in block.columns]
    bodies = []
    for title, rows in block.groups:
        lines = [f'<tr class="group"><th colspan="{len(block.columns)}">{escape(title)}</th></tr>'] if title else []
        for row in rows:
            cells = "".join(f"<td{css}>{value_html(cell)}</td>" for css, cell in zip(cell_classes, row))
            lines.append(f"<tr{row_class}>{cells}</tr>")
        bodies.append("<tbody>{}</tbody>".format("\n".join(lines)))
    return _table(block.css, f"<thead><tr>{header}</tr></thead>\n" + "\n".join(bodies))


def _note(block):
    return mark_safe(f'<p class="text">{value_html(block.value)}</p>')


RENDERERS = {Pairs: _pairs, Grid: _grid, Note: _note}


def block_html(block):
    return RENDERERS[type(block)](block)
