"""Drawing charts on the server: a tidy top-down tree layout for fixed-size boxes, and SVG to PNG.

Each subtree gets its own horizontal band, side by side with its siblings' bands, and a
parent sits centred over its first and last child: bands never intersect, so no two boxes
overlap, and every child sits below its parent. A long row of leaf children (one manager
with many direct reports) is stacked in columns instead of one very wide row, as org
charts in HR documents usually do, so a department chart still fits a page.
"""
import math
import unicodedata
from dataclasses import dataclass, field

BOX_WIDTH = 168
BOX_HEIGHT = 62
H_GAP = 16
V_GAP = 36
STACK_INDENT = 18
STACK_GAP = 10
STACK_AFTER = 4
STACK_ROWS = 8  # up to this many stacked boxes stay in one column; more make a block


@dataclass
class TreeNode:
    key: object
    children: list = field(default_factory=list)


@dataclass
class Placement:
    key: object
    x: float
    y: float
    parent: object = None
    stacked: bool = False


def layout(roots, *, box_width=BOX_WIDTH, box_height=BOX_HEIGHT):
    """Place every node of ``roots`` (TreeNode forests); return (placements, width, height)."""
    widths = {}
    stacked_columns = {}

    def stacks(node):
        return len(node.children) > STACK_AFTER and all(not child.children for child in node.children)

    # Post-order without recursion, so that a 1,000-level chain works too.
    order, todo = [], list(roots)
    while todo:
        node = todo.pop()
        order.append(node)
        todo.extend(node.children)
    for node in reversed(order):
        children = node.children
        if not children:
            widths[id(node)] = box_width
        elif stacks(node):
            count = len(children)
            columns = 1 if count <= STACK_ROWS else math.ceil(math.sqrt(count / 2))
            stacked_columns[id(node)] = columns
            block = columns * (STACK_INDENT + box_width) + (columns - 1) * H_GAP
            widths[id(node)] = max(box_width, block)
        else:
            total = sum(widths[id(child)] for child in children) + H_GAP * (len(children) - 1)
            widths[id(node)] = max(box_width, total)

    placements = []
    bottom = 0
    left = 0
    for root in roots:
        todo = [(root, left, 0, None, False)]
        while todo:
            node, band_left, top, parent_key, stacked = todo.pop()
            width = widths[id(node)]
            children = node.children
            if stacked:
                x = band_left
            elif not children:
                x = band_left + (width - box_width) / 2
            elif id(node) in stacked_columns:
                x = band_left + (width - box_width) / 2
                columns = stacked_columns[id(node)]
                rows = math.ceil(len(children) / columns)
                block = columns * (STACK_INDENT + box_width) + (columns - 1) * H_GAP
                block_left = band_left + (width - block) / 2
                for index, child in enumerate(children):
                    column, row = divmod(index, rows)
                    child_left = block_left + column * (STACK_INDENT + box_width + H_GAP) + STACK_INDENT
                    child_top = top + box_height + V_GAP + row * (box_height + STACK_GAP)
                    todo.append((child, child_left, child_top, node.key, True))
            else:
                total = sum(widths[id(child)] for child in children) + H_GAP * (len(children) - 1)
                child_left = band_left + (width - total) / 2
                centres = []
                for child in children:
                    child_width = widths[id(child)]
                    todo.append((child, child_left, top + box_height + V_GAP, node.key, False))
                    centres.append(child_left + child_width / 2)
                    child_left += child_width + H_GAP
                x = (centres[0] + centres[-1]) / 2 - box_width / 2
            placements.append(Placement(node.key, x, top, parent_key, stacked))
            bottom = max(bottom, top + box_height)
        left += widths[id(root)] + 2 * H_GAP
    width = max(left - 2 * H_GAP, 0)
    return placements, width, bottom


def text_width(text, font_size):
    """Approximate advance width: CJK characters are square, the rest about 0.6 em."""
    return sum(font_size if unicodedata.east_asian_width(c) in "WF" else 0.6 * font_size for c in text)


def wrap(text, max_width, font_size, max_lines):
    """Break ``text`` into at most ``max_lines`` lines; the last one ends in … when cut."""
    lines, line = [], ""
    for character in text:
        if text_width(line + character, font_size) > max_width:
            lines.append(line)
            line = character
        else:
            line += character
    lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…", font_size) > max_width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last + "…"]
    return lines


def svg_to_png(svg, scale=2.0):
    """Render an SVG string (such as ``department_chart_svg``'s) to PNG bytes with cairosvg."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
