"""Per-model import/export (admin buttons) for departments and their duties and policies."""
from departments.models import Department, DepartmentDuty, DepartmentPolicy
from departments.sheets import DEPARTMENT_SHEETS
from kernel.resources import sheet_resource

_SHEETS = {sheet.key: sheet for sheet in DEPARTMENT_SHEETS}


class DepartmentResource(sheet_resource(Department, _SHEETS["departments"])):
    """Rows in file order become siblings in that order (MPTT appends each saved child last)."""

    def get_export_queryset(self, request=None):
        return Department.objects.order_by("tree_id", "lft")


DepartmentDutyResource = sheet_resource(DepartmentDuty, _SHEETS["department_duties"], id_fields=("department", "order"), ordered_by="order")
DepartmentPolicyResource = sheet_resource(DepartmentPolicy, _SHEETS["department_policies"], id_fields=("department", "order"), ordered_by="order")
