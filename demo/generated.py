"""A generated organisation of any size, for the size tests and the chart benchmark.

Fast enough for 20,000 positions: rows go in with ``bulk_create`` one tree level at a time
(so parents already have their primary keys), then one MPTT ``rebuild()`` per model.

With ``standards``, most positions are based on published standard positions (基准岗位), as
in a group that writes 500 job descriptions once for 20,000 positions: the standards are
published through ``jobs.services.publish_standard``, the path HR's approval takes.
"""
from django.utils import timezone

from departments.models import Department
from jobs.models import (
    Duty, JobFamily, JobLevel, Position, StandardAuthority, StandardDuty, StandardKPI, StandardPosition,
    StandardQualification,
)
from jobs.services import publish_standard
from kernel import versions

BRANCHING = 12
WIDE_CHILDREN = 500
# Of the positions based on a standard, every OWN_DUTIES_EVERY-th writes its own duties
# (own_sections ["duties"]) and inherits the rest.
OWN_DUTIES_EVERY = 10


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=500)


def generate_standards(count, *, prefix="G"):
    """``count`` published standard positions, each with a job level and family, five duties,
    three authorities, four KPIs and a qualification. Published one by one through
    ``publish_standard`` (about fifteen queries each), before any position is based on them."""
    levels = [
        JobLevel.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})[0]
        for code, name, rank in (("GEN-3", "生成-经理级", 903), ("GEN-4", "生成-主管级", 904))
    ]
    families = [
        JobFamily.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("GEN-M", "生成-管理序列"), ("GEN-S", "生成-营销序列"))
    ]
    standards = StandardPosition.objects.bulk_create(
        [
            StandardPosition(
                code=f"{prefix}S{index:04d}", title=f"基准岗位{index}", job_level=levels[index % 2],
                family=families[index % 2], summary=f"基准岗位{index}的职责概述:" + "负责本岗位的日常工作" * 3,
                working_hours="标准工时", travel="偶尔出差",
            )
            for index in range(count)
        ],
        batch_size=500,
    )
    _bulk(StandardDuty, [
        StandardDuty(standard_position=standard, order=number, statement=f"基准职责{number}:制定并执行年度计划",
                     tasks="分解目标\n跟踪执行\n总结汇报", standard="按月完成")
        for standard in standards for number in range(5)
    ])
    _bulk(StandardAuthority, [
        StandardAuthority(standard_position=standard, order=number, category="business", text=f"业务权限{number}")
        for standard in standards for number in range(3)
    ])
    _bulk(StandardKPI, [
        StandardKPI(standard_position=standard, order=number, name=f"指标{number}", target="100%", weight=25, period="month")
        for standard in standards for number in range(4)
    ])
    _bulk(StandardQualification, [
        StandardQualification(standard_position=standard, education=4, major="管理类", experience_years=3)
        for standard in standards
    ])
    return [publish_standard(standard=standard, approver=None) for standard in standards]


def generate_organisation(departments, positions, *, prefix="G", wide=False, standards=0):
    """``departments`` departments (a tree, ``BRANCHING`` wide) and ``positions`` positions.

    Each department has a head reporting to the parent department's head; its other
    positions report to the head or to one of its first three deputies. With ``wide``,
    the first department on the third level has a head with ``WIDE_CHILDREN`` direct
    reports, which the chart shows collapsed at first. Returns the departments in order.

    With ``standards``, that many published standard positions (``generate_standards``), and every
    position but the departments' heads based on one of them in turn, inheriting every section
    (the job level included: their own stored level is left at 生成-专员级 and not shown) except
    every ``OWN_DUTIES_EVERY``-th, which writes its own duties (two rows).
    """
    top, _created = JobLevel.objects.get_or_create(code="GEN-1", defaults={"name": "生成-总监级", "rank": 901})
    staff, _created = JobLevel.objects.get_or_create(code="GEN-2", defaults={"name": "生成-专员级", "rank": 902})
    bases = generate_standards(standards, prefix=prefix) if standards else []
    based = {"count": 0}

    def based_fields(fields):
        """``fields`` of a staff position, based on the next standard when there are standards."""
        if bases:
            number = based["count"]
            based["count"] += 1
            fields["standard"] = bases[number % len(bases)]
            fields["own_sections"] = ["duties"] if number % OWN_DUTIES_EVERY == OWN_DUTIES_EVERY - 1 else []
        return fields
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
                    reports_to=heads[index], job_level=staff, headcount=1, **mptt, **published, **based_fields({}),
                )
            )
    writing_duties = []
    for position in _bulk(Position, batch):
        deputies.setdefault(position.department_id, []).append(position)
        writing_duties += [position] if "duties" in position.own_sections else []

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
                    reports_to=superior, job_level=staff, headcount=number % 3, **mptt, **published, **based_fields({}),
                )
            )
    writing_duties += [position for position in _bulk(Position, batch) if "duties" in position.own_sections]
    _bulk(Duty, [
        Duty(position=position, order=number, statement=f"本岗位自己的职责{number}", tasks="分解目标\n跟踪执行")
        for position in writing_duties for number in range(2)
    ])

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
