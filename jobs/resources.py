"""Per-model import/export (admin buttons) for positions, their rows and the lookup tables."""
from jobs.importing.sheets import CONFIDENTIAL_COLUMNS, SHEETS_BY_KEY
from jobs.models import KPI, Authority, Duty, JobFamily, JobLevel, Position, Qualification, WorkRecord, WorkRelation
from kernel.resources import sheet_resource

JobLevelResource = sheet_resource(JobLevel, SHEETS_BY_KEY["job_levels"])
JobFamilyResource = sheet_resource(JobFamily, SHEETS_BY_KEY["job_families"])


class PositionResource(
    sheet_resource(Position, SHEETS_BY_KEY["positions"], confidential=[name for key, name in CONFIDENTIAL_COLUMNS])
):
    """Salary columns appear only for users allowed to see them (``include_confidential``)."""

    def get_export_queryset(self, request=None):
        return Position.objects.order_by("tree_id", "lft")


QualificationResource = sheet_resource(Qualification, SHEETS_BY_KEY["qualifications"], id_fields=("position",))
ROW_RESOURCES = [
    sheet_resource(model, SHEETS_BY_KEY[key], id_fields=("position", "order"), ordered_by="order")
    for model, key in ((Duty, "duties"), (Authority, "authorities"), (KPI, "kpis"), (WorkRelation, "relations"), (WorkRecord, "records"))
]
