"""The department's position chart as a picture: SVG for the page, PNG for .docx and PDF."""
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from jobs.models import Position
from jobs.standards import shown_level_name, standard_labels
from kernel.drawing import BOX_HEIGHT, BOX_WIDTH, STACK_INDENT, V_GAP, TreeNode, layout, wrap

MARGIN = 12
FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
TITLE_SIZE = 13
DETAIL_SIZE = 11
PADDING = 8


def _position_forest(department, positions=None):
    """The department's own positions as trees; one query unless ``positions`` are given (one more
    when some are based on a standard position: they show its job level, ``jobs.standards``).

    A position whose superior is in another department (or who has none) is a top box.
    """
    if positions is None:
        rows = list(
            Position.objects.filter(department=department)
            .order_by("tree_id", "lft")
            .values_list("id", "reports_to_id", "title", "job_level__name", "headcount", "standard_id", "own_sections")
        )
        inherited = standard_labels(row[5] for row in rows)
        rows = [(*row[:3], shown_level_name(row[3], row[5], row[6], inherited), row[4]) for row in rows]
    else:
        rows = [
            (p.pk, p.reports_to_id, p.title, p.job_level.name if p.job_level_id else None, p.headcount)
            for p in positions
        ]
    nodes = {row[0]: TreeNode(key=row) for row in rows}
    roots = []
    for row in rows:
        parent = nodes.get(row[1])
        (parent.children if parent else roots).append(nodes[row[0]])
    return roots


def _box(placement, head_id):
    position_id, _parent, title, level, headcount = placement.key
    x, y = placement.x + MARGIN, placement.y + MARGIN
    inner = BOX_WIDTH - 2 * PADDING
    title_lines = wrap(title, inner, TITLE_SIZE, 2)
    details = [part for part in (level, _("headcount %(n)s") % {"n": headcount} if headcount is not None else "") if part]
    detail = wrap(" · ".join(details), inner, DETAIL_SIZE, 1)[0] if details else ""
    head = position_id == head_id
    parts = [
        f'<g class="box"><title>{escape(title)}</title>',
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="4" '
        f'fill="{"#e3edf8" if head else "#ffffff"}" stroke="#2f5d8a" stroke-width="{2 if head else 1}"/>',
    ]
    line_y = y + (20 if len(title_lines) == 1 and detail else 18 if detail else 26)
    if len(title_lines) == 1 and not detail:
        line_y = y + BOX_HEIGHT / 2 + 5
    for line in title_lines:
        parts.append(
            f'<text x="{x + BOX_WIDTH / 2:.1f}" y="{line_y:.1f}" text-anchor="middle" font-size="{TITLE_SIZE}" '
            f'font-weight="bold" fill="#1b2b3a">{escape(line)}</text>'
        )
        line_y += TITLE_SIZE + 3
    if detail:
        parts.append(
            f'<text x="{x + BOX_WIDTH / 2:.1f}" y="{y + BOX_HEIGHT - 9:.1f}" text-anchor="middle" '
            f'font-size="{DETAIL_SIZE}" fill="#4a5a6a">{escape(detail)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _connector(parent, child):
    px = parent.x + MARGIN + BOX_WIDTH / 2
    py = parent.y + MARGIN + BOX_HEIGHT
    bus = py + V_GAP / 2
    cx, cy = child.x + MARGIN, child.y + MARGIN
    if child.stacked:
        trunk = cx - STACK_INDENT / 2
        middle = cy + BOX_HEIGHT / 2
        d = f"M{px:.1f},{py:.1f}V{bus:.1f}H{trunk:.1f}V{middle:.1f}H{cx:.1f}"
    else:
        d = f"M{px:.1f},{py:.1f}V{bus:.1f}H{cx + BOX_WIDTH / 2:.1f}V{cy:.1f}"
    return f'<path d="{d}" fill="none" stroke="#7d8e9e" stroke-width="1"/>'


def _svg(width, height, body):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" role="img">'
        f'<rect width="100%" height="100%" fill="#ffffff"/>{body}</svg>'
    )


def department_chart_svg(department, positions=None):
    """The positions of ``department`` as a self-contained SVG string (one query, two when some
    are based on a standard position).

    ``positions`` (in tree order, ``job_level`` selected, as ``jobs.publication.Audience.show``
    gives them: with the level they show) may be passed by a caller that already has them, such
    as the handbook, to save the queries.

    Boxes show title, job level and 定员, the head position is emphasised; a department
    without positions gives a small SVG that says so. No scripts, links or external
    references, so the string can go into a page, a .docx or a PDF as it is.
    """
    roots = _position_forest(department, positions)
    if not roots:
        message = _("%(name)s has no positions of its own.") % {"name": department.name}
        return _svg(360, 48, f'<text x="16" y="29" font-size="{TITLE_SIZE}" fill="#4a5a6a">{escape(message)}</text>')
    placements, width, height = layout(roots)
    by_key = {placement.key: placement for placement in placements}
    lines = [_connector(by_key[p.parent], p) for p in placements if p.parent is not None]
    boxes = [_box(p, department.head_position_id) for p in placements]
    return _svg(width + 2 * MARGIN, height + 2 * MARGIN, "".join(lines + boxes))


def neighbourhood_chart_svg(position, superior, subordinates):
    """``position`` between its superior and its direct reports, as a small self-contained SVG:
    the picture in a job description's .docx and PDF. No queries: ``superior`` (or None) and
    ``subordinates`` are the positions the reader may see (``jobs.publication.Audience.linked``),
    the subordinates with ``job_level`` selected; the superior shows its title only."""
    def row(p, parent_id, *, details=True):
        level = p.job_level.name if details and p.job_level_id and p.job_level else None
        return (p.pk, parent_id, p.title, level, p.headcount if details else None)

    middle = TreeNode(key=row(position, superior.pk if superior else None))
    middle.children = [TreeNode(key=row(child, position.pk)) for child in subordinates]
    root = TreeNode(key=row(superior, None, details=False), children=[middle]) if superior else middle
    placements, width, height = layout([root])
    by_key = {placement.key: placement for placement in placements}
    lines = [_connector(by_key[p.parent], p) for p in placements if p.parent is not None]
    boxes = [_box(p, position.pk) for p in placements]
    return _svg(width + 2 * MARGIN, height + 2 * MARGIN, "".join(lines + boxes))
