"""HTML renderer for the page and the PDF: lays out the blocks of ``jobs.documents.sections``
as the bordered tables of the paper forms (``static/css/document.css``).

Written in Python rather than as template includes because a 200-position handbook sends
some ten thousand cells through it; ``jobs/includes/job_description.html`` calls it through
the ``document_block`` filter.
"""
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from jobs.documents.sections import Aside, Grid, Items, Link, Note, Pairs


def _run(run):
    if isinstance(run, Link):
        return format_html('<a href="{}">{}</a>', run.url, run.text)
    if isinstance(run, Aside):
        return format_html('<span class="muted">{}</span>', run)
    return linebreaksbr(run, autoescape=True)


def _paragraph(paragraph):
    if isinstance(paragraph, Items):
        items = format_html_join("", "<li>{}</li>", ((item,) for item in paragraph.items))
        return format_html("<ol>{}</ol>", items) if paragraph.ordered else format_html('<ul class="plain">{}</ul>', items)
    return mark_safe("".join(_run(run) for run in paragraph))


def value_html(value):
    """The first paragraph inline in the cell, each further one in a block of its own."""
    parts = []
    for index, paragraph in enumerate(value.paragraphs):
        html = _paragraph(paragraph)
        parts.append(html if index == 0 or isinstance(paragraph, Items) else format_html("<div>{}</div>", html))
    return mark_safe("".join(parts))


def _attribute(name, css):
    return format_html(' {}="{}"', name, css) if css else ""


def _pairs(block):
    columns = 2 * block.per_row
    label_class = _attribute("class", "label" if block.fixed_labels else "")
    rows = []
    if block.heading:  # label columns keep their width under a heading that spans them
        rows.append(format_html(
            '<colgroup>{}</colgroup><thead><tr><th colspan="{}">{}</th></tr></thead>',
            mark_safe('<col class="label-col"><col>' * block.per_row), columns, block.heading,
        ))
    for row in block.rows:
        cells = []
        for index, field in enumerate(row.fields):
            span = columns - 2 * index - 1 if index == len(row.fields) - 1 else 1
            cells.append(format_html(
                "<th{}>{}</th><td{}{}>{}</td>", label_class, field.label, _attribute("colspan", span if span > 1 else ""),
                _attribute("class", "text" if block.fixed_labels else ""), value_html(field.value),
            ))
        rows.append(format_html("<tr{}>{}</tr>", _attribute("class", row.css), mark_safe("".join(cells))))
    return format_html('<table class="doc{}">\n{}\n</table>', f" {block.css}" if block.css else "", mark_safe("\n".join(rows)))


def _grid(block):
    header = "".join(
        format_html("<th{}>{}</th>", _attribute("class", column.css if index == 0 else ""), column.label)
        for index, column in enumerate(block.columns)
    )
    row_class = _attribute("class", block.row_css)
    bodies = []
    for title, rows in block.groups:
        lines = [format_html('<tr class="group"><th colspan="{}">{}</th></tr>', len(block.columns), title)] if title else []
        for row in rows:
            cells = "".join(
                format_html("<td{}>{}</td>", _attribute("class", column.css), value_html(cell))
                for column, cell in zip(block.columns, row)
            )
            lines.append(format_html("<tr{}>{}</tr>", row_class, mark_safe(cells)))
        bodies.append(format_html("<tbody>{}</tbody>", mark_safe("\n".join(lines))))
    return format_html(
        '<table class="doc{}">\n<thead><tr>{}</tr></thead>\n{}\n</table>',
        f" {block.css}" if block.css else "", mark_safe(header), mark_safe("\n".join(bodies)),
    )


def _note(block):
    return format_html('<p class="text">{}</p>', value_html(block.value))


RENDERERS = {Pairs: _pairs, Grid: _grid, Note: _note}


def block_html(block):
    return RENDERERS[type(block)](block)
