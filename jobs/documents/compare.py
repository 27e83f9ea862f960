"""Two job descriptions side by side, section by section, with the differing rows marked.

The rows are those of the document itself (``jobs.documents.sections``), read as plain
text: every label/value pair is a row; a table row (a duty, a KPI, a record) is a row named
by its group and number (主要职责 1, 考核指标 2) whose text lists its columns; a note is a
row named by what it is (考核说明, 备注).
"""
from jobs.documents.sections import SECTION_KEYS, Grid, Note, Pairs


def _labelled(label, text):
    """工作标准:按月完成; a list or several lines start on the line under their label."""
    return f"{label}:\n{text}" if "\n" in text else f"{label}:{text}"


def _grid_rows(block):
    number_column, *columns = block.columns
    for title, rows in block.groups:
        for number, *cells in rows:
            text = "\n".join(_labelled(column.label, str(cell)) for column, cell in zip(columns, cells) if cell)
            yield f"{title or block.name} {number}", text


def comparable_rows(blocks):
    """[(label, text), …] of a section's blocks, in the order the document shows them."""
    rows = []
    for block in blocks:
        if isinstance(block, Pairs):
            rows += [(field.label, str(field.value)) for row in block.rows for field in row.fields]
        elif isinstance(block, Grid):
            rows += list(_grid_rows(block))
        elif isinstance(block, Note):
            rows.append((block.label, str(block.value)))
    return rows


def merged_labels(left, right):
    """The labels of both sides, each side's order kept: a label only on the right comes after
    the right-hand label before it (主要职责 3 after 主要职责 2, not after 日常工作 1)."""
    labels = list(dict.fromkeys(left))
    place = 0
    for label in right:
        if label in labels:
            place = labels.index(label) + 1
        else:
            labels.insert(place, label)
            place += 1
    return labels


def compare_job_descriptions(left, right):
    """[{"title", "rows": [{"label", "left", "right", "differs"}]}], empty rows on both sides left out."""
    left_sections = {section["key"]: section for section in left["sections"]}
    right_sections = {section["key"]: section for section in right["sections"]}
    sections = []
    for key in SECTION_KEYS:
        shown = [s for s in (left_sections.get(key), right_sections.get(key)) if s is not None]
        if not shown:
            continue
        left_fields = comparable_rows(left_sections[key]["blocks"]) if key in left_sections else []
        right_fields = comparable_rows(right_sections[key]["blocks"]) if key in right_sections else []
        labels = merged_labels([label for label, _text in left_fields], [label for label, _text in right_fields])
        left_map, right_map = dict(left_fields), dict(right_fields)
        rows = [
            {"label": label, "left": left_map.get(label, ""), "right": right_map.get(label, ""),
             "differs": left_map.get(label, "") != right_map.get(label, "")}
            for label in labels
            if left_map.get(label) or right_map.get(label)
        ]
        if rows:
            sections.append({"title": shown[0]["title"], "rows": rows})
    return sections
