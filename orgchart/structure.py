"""Read models that combine the department tree with the positions in it."""
from departments.models import Department
from jobs.models import Position
from jobs.publication import Audience


def department_tree_with_positions(user):
    """Departments in tree order, each with ``position_list`` and ``headcount_total``.

    Two queries whatever the size of the organisation (one more for a manager when some
    positions have a newer draft: they show their published title, level and 定员);
    ``headcount_total`` counts the department's own positions (blank 定员 counts as zero).
    """
    departments = list(Department.objects.active().order_by("tree_id", "lft"))
    by_department = {department.pk: department for department in departments}
    for department in departments:
        department.position_list = []
        department.headcount_total = 0
    positions = Position.objects.select_related("job_level").filter(department__is_active=True).order_by("tree_id", "lft")
    positions = Audience(user).positions(
        positions.only("code", "title", "department_id", "headcount", "job_level__name", "tree_id", "lft", "status", "approved_at")
    )
    for position in positions:
        department = by_department[position.department_id]
        department.position_list.append(position)
        department.headcount_total += position.headcount or 0
    return departments
