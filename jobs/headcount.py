"""Headcount: the one definition every page, chart, document, export and the quality report use.

- **定员** (``Position.headcount``): the planned number of people in a position. Blank means *not
  set*: it adds nothing to a total, and the total says how many positions have none.
- **在岗** (``Position.actual_headcount``): the people actually in the position now, entered or
  imported per position. It is not part of the job description: it is counted as stored.
- **编制** (``Department.authorised_headcount``): what a department (with everything below it) may
  have.
- A department's **total** covers its whole subtree; positions of inactive departments do not count. Only positions *in force* count — published at
  least once and not archived — with the 定员 of their last published version, for HR and managers
  alike: a draft is not a plan yet, and every page shows the same number for the same department.
- **缺编/超编**: 在岗 against the 编制 (or, without one, against the 定员 total); a position's 在岗
  against its 定员. Known only where 在岗 is entered.

``department_headcounts`` computes every department's numbers in two or three queries whatever
the size of the organisation.
"""
from dataclasses import dataclass, field

from departments.models import Department
from jobs.models import Position
from jobs.models.position import StaffingGap as Gap
from jobs.publication import published_labels


@dataclass
class Headcount:
    """The numbers of a set of positions."""

    planned: int = 0  # 定员 of the positions whose 定员 is set
    unset: int = 0  # positions whose 定员 is not set
    actual: int = 0  # 在岗
    actual_known: int = 0  # positions whose 在岗 is entered
    positions: int = 0

    def count(self, planned, actual):
        self.positions += 1
        if planned is None:
            self.unset += 1
        else:
            self.planned += planned
        if actual is not None:
            self.actual_known += 1
            self.actual += actual

    def add(self, other):
        self.planned += other.planned
        self.unset += other.unset
        self.actual += other.actual
        self.actual_known += other.actual_known
        self.positions += other.positions

    @property
    def actual_or_none(self):
        return self.actual if self.actual_known else None


@dataclass
class DepartmentHeadcount:
    """A department's own positions, its whole subtree and its 编制."""

    authorised: int | None = None  # 编制
    own: Headcount = field(default_factory=Headcount)
    total: Headcount = field(default_factory=Headcount)  # the subtree, the department included

    @property
    def plan_gap(self):
        """定员 total − 编制: positive when the plan exceeds the 编制; None without a 编制."""
        return None if self.authorised is None else self.total.planned - self.authorised

    @property
    def staffing_gap(self):
        """在岗 − 编制 (or − the 定员 total without a 编制): negative 缺编, positive 超编;
        None while no 在岗 is entered."""
        if not self.total.actual_known:
            return None
        return self.total.actual - (self.authorised if self.authorised is not None else self.total.planned)

    @property
    def staffing(self):
        return Gap(self.staffing_gap)

    @property
    def plan(self):
        return Gap(self.plan_gap)


def position_gap(planned, actual):
    """在岗 − 定员 of one position (``Position.staffing_gap``): negative 缺编, positive 超编, None
    unless both are known."""
    return None if planned is None or actual is None else actual - planned


def counted_positions(positions=None):
    """The positions that count, as (id, department id, 定员, 在岗) with the published 定员.

    One query, and one more when some of them have a newer draft."""
    positions = (Position.objects.all() if positions is None else positions).in_force().order_by()
    rows = list(positions.values_list("id", "department_id", "headcount", "actual_headcount", "status"))
    drafts = [row[0] for row in rows if row[4] != Position.Status.PUBLISHED]
    labels = published_labels(drafts) if drafts else {}
    return [
        (pk, department_id, labels[pk][3] if pk in labels else planned, actual)
        for pk, department_id, planned, actual, _status in rows
    ]


def department_headcounts(root=None, *, departments=None):
    """{department id: DepartmentHeadcount} for every department (active or not) of the organisation,
    or of ``root``'s subtree. Two queries, three when a counted position has a newer draft; one
    less when the caller passes the ``departments`` it read already, as (id, parent id, 编制) in
    tree order, all of them or all of ``root``'s subtree."""
    positions = Position.objects.filter(department__is_active=True)
    if root is not None:
        positions = positions.in_department_tree(root)
    if departments is None:
        departments = Department.objects.order_by("tree_id", "lft")
        if root is not None:
            departments = departments.filter(tree_id=root.tree_id, lft__gte=root.lft, rght__lte=root.rght)
        departments = departments.values_list("id", "parent_id", "authorised_headcount")
    rows = list(departments)
    numbers = {pk: DepartmentHeadcount(authorised=authorised) for pk, _parent, authorised in rows}
    for _pk, department_id, planned, actual in counted_positions(positions):
        if department_id in numbers:
            numbers[department_id].own.count(planned, actual)
    for pk, _parent, _authorised in rows:
        numbers[pk].total.add(numbers[pk].own)
    # Tree order lists every descendant after its ancestors: walking backwards adds each
    # department's finished subtree to its parent exactly once.
    for pk, parent_id, _authorised in reversed(rows):
        if parent_id in numbers:
            numbers[parent_id].total.add(numbers[pk].total)
    return numbers


def note_draft_headcounts(positions):
    """Mark each of ``positions`` (current rows, as HR sees them) whose newer draft changes its 定员:
    ``counted_headcount`` is the published 定员 the totals count until the draft is published, so
    that a staffing table's rows and its totals agree. One query, none without such drafts."""
    drafts = [p for p in positions if p.is_counted and p.status != Position.Status.PUBLISHED]
    labels = published_labels([p.pk for p in drafts]) if drafts else {}
    for position in drafts:
        if position.pk in labels and labels[position.pk][3] != position.headcount:
            position.counted_headcount, position.draft_headcount_differs = labels[position.pk][3], True
    return positions
