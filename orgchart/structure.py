"""Read models that combine the department tree with the positions in it."""
from departments.models import Department
from jobs.headcount import department_headcounts
from jobs.models import Position
from jobs.publication import Audience


def department_tree_with_positions(user):
    """Departments in tree order, each with ``position_list`` and ``numbers`` (its
    ``jobs.headcount.DepartmentHeadcount``: the same totals as every other page).

    Three queries whatever the size of the organisation (one more when some positions have a
    newer draft: managers see their published title, level and 定员, and the totals count it; one
    more when some are based on a standard position: they show its job level).
    """
    every_department = list(Department.objects.order_by("tree_id", "lft"))
    numbers = department_headcounts(departments=[(d.pk, d.parent_id, d.authorised_headcount) for d in every_department])
    departments = [department for department in every_department if department.is_active]
    by_department = {department.pk: department for department in departments}
    for department in departments:
        department.position_list = []
        department.numbers = numbers[department.pk]
    positions = Position.objects.select_related("job_level").filter(department__is_active=True).order_by("tree_id", "lft")
    positions = Audience(user).positions(
        positions.only("code", "title", "department_id", "headcount", "actual_headcount", "job_level__name", "tree_id", "lft",
                       "status", "approved_at", "standard_id", "own_sections")
    )
    for position in positions:
        department = by_department[position.department_id]
        department.position_list.append(position)
    return departments
