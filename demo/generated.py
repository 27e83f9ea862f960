"""A generated organisation of any size, for the size tests and the chart benchmark.

Fast enough for 20,000 positions: rows go in with ``bulk_create`` one tree level at a time
(so parents already have their primary keys), then one MPTT ``rebuild()`` per model.
"""
from django.utils import timezone

from departments.models import Department
from jobs.models import JobLevel, Position
from kernel import versions

BRANCHING = 12
WIDE_CHILDREN = 500


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=500)


def generate_organisation(departments, positions, *, prefix="G", wide=False):
    """``departments`` departments (a tree, ``BRANCHING`` wide) and ``positions`` positions.

    Each department has a head reporting to the parent department's head; its other
    positions report to the head or to one of its first three deputies. With ``wide``,
    the first department on the third level has a head with ``WIDE_CHILDREN`` direct
    reports, which the chart shows collapsed at first. Returns the departments in order.
    """
    top, _created = JobLevel.objects.get_or_create(code="GEN-1", defaults={"name": "生成-总监级", "rank": 901})
    staff, _created = JobLevel.objects.get_or_create(code="GEN-2", defaults={"name": "生成-专员级", "rank": 902})
    mptt = {"lft": 0, "rght": 0, "tree_id": 0, "level": 0}
    # Generated positions stand for a live organisation: published, so managers see them.
    published = {"status": Position.Status.PUBLISHED, "approved_at": timezone.now()}

    created = []
    by_depth = {}
    for index in range(departments):
        depth = 0
        parent_index = index
        while parent_index:
            parent_index = (parent_index - 1) // BRANCHING
            depth += 1
        by_depth.setdefault(depth, []).append(index)
    department_rows = [None] * departments
    for depth in sorted(by_depth):
        batch = []
        for index in by_depth[depth]:
            parent = department_rows[(index - 1) // BRANCHING] if index else None
            batch.append(
                Department(code=f"{prefix}D{index:05d}", name=f"生成部门{index}", parent=parent, **mptt)
            )
        for index, department in zip(by_depth[depth], _bulk(Department, batch)):
            department_rows[index] = department
        created.extend(department_rows[i] for i in by_depth[depth])

    wide_index = min(BRANCHING + 1, departments - 1) if wide and departments > 1 else None
    others = departments - (1 if wide_index is not None else 0)
    remaining = positions - (WIDE_CHILDREN + 1 if wide_index is not None else 0)
    base, extra = divmod(max(remaining, others), max(others, 1))
    counts, spread = [], 0
    for index in range(departments):
        if index == wide_index:
            counts.append(WIDE_CHILDREN + 1)
        else:
            counts.append(base + (1 if spread < extra else 0))
            spread += 1

    heads = [None] * departments
    for depth in sorted(by_depth):
        batch = []
        for index in by_depth[depth]:
            superior = heads[(index - 1) // BRANCHING] if index else None
            batch.append(
                Position(
                    code=f"{prefix}P{index:05d}-0", title=f"生成部门{index}负责人", department=department_rows[index],
                    reports_to=superior, job_level=top, headcount=1, **mptt, **published,
                )
            )
        for index, head in zip(by_depth[depth], _bulk(Position, batch)):
            heads[index] = head

    deputies = {}
    batch = []
    for index in range(departments):
        for number in range(1, min(counts[index], 4)):
            batch.append(
                Position(
                    code=f"{prefix}P{index:05d}-{number}", title=f"副职{number}", department=department_rows[index],
                    reports_to=heads[index], job_level=staff, headcount=1, **mptt, **published,
                )
            )
    for position in _bulk(Position, batch):
        deputies.setdefault(position.department_id, []).append(position)

    batch = []
    for index in range(departments):
        department = department_rows[index]
        for number in range(4, counts[index]):
            if index == wide_index:
                superior = heads[index]
            else:
                superior = deputies[department.pk][number % 3]
            batch.append(
                Position(
                    code=f"{prefix}P{index:05d}-{number}", title=f"岗位{index}-{number}", department=department,
                    reports_to=superior, job_level=staff, headcount=number % 3, **mptt, **published,
                )
            )
    _bulk(Position, batch)

    for index, department in enumerate(department_rows):
        department.head_position = heads[index]
    Department.objects.bulk_update(department_rows, ["head_position"], batch_size=500)
    Department.objects.rebuild()
    Position.objects.rebuild()

    # A dotted line from every tenth department's head to the head two departments on.
    through = Position.dotted_supervisors.through
    through.objects.bulk_create(
        [
            through(from_position_id=heads[index].pk, to_position_id=heads[index + 2].pk)
            for index in range(1, departments - 2, 10)
        ],
        batch_size=500,
    )
    # bulk_create sends no signals: say that the organisation changed (chart data, kept documents).
    versions.raise_now(versions.ORGANISATION)
    versions.raise_now(versions.DOCUMENTS)
    return created
