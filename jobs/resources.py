"""Per-model import/export (admin buttons) for positions, their rows and the lookup tables.

Publishing stays with the 发布 button: the 版本 column is exported but never imported, a row
that would make a position 已发布 is refused (``Position.clean``), and an import that changes a
published position — its row or any of its rows — turns it into a draft, as an edit in the
admin does, so managers keep the published version until HR publishes the change.
"""
from jobs.importing.sheets import CONFIDENTIAL_COLUMNS, SHEETS_BY_KEY
from jobs.models import KPI, Authority, Duty, JobFamily, JobLevel, Position, Qualification, WorkRecord, WorkRelation
from jobs.services import reopen_as_draft
from kernel.resources import sheet_resource

JobLevelResource = sheet_resource(JobLevel, SHEETS_BY_KEY["job_levels"])
JobFamilyResource = sheet_resource(JobFamily, SHEETS_BY_KEY["job_families"])


class EditsReopenPublished:
    """Mixed into the resources of a position and of its rows: the positions an import changes
    that are published become drafts when the import ends (in its transaction)."""

    def before_import(self, dataset, **kwargs):
        self.edited_positions = set()
        super().before_import(dataset, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        self.edited_positions.add(instance.pk if isinstance(instance, Position) else instance.position_id)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        for position in Position.objects.filter(pk__in=self.edited_positions, status=Position.Status.PUBLISHED):
            reopen_as_draft(position=position, user=kwargs.get("user"))


class PositionResource(
    EditsReopenPublished,
    sheet_resource(Position, SHEETS_BY_KEY["positions"], confidential=[name for key, name in CONFIDENTIAL_COLUMNS]),
):
    """Salary columns appear only for users allowed to see them (``include_confidential``)."""

    def get_export_queryset(self, request=None):
        return Position.objects.order_by("tree_id", "lft")


class QualificationResource(EditsReopenPublished, sheet_resource(Qualification, SHEETS_BY_KEY["qualifications"], id_fields=("position",))):
    workbook_only = ("standard_position",)  # a standard position's rows: the workbook import's


ROW_RESOURCES = [
    type(f"{model.__name__}Resource", (EditsReopenPublished, sheet_resource(
        model, SHEETS_BY_KEY[key], id_fields=("position", "order"), ordered_by="order"
    )), {"__module__": __name__, "workbook_only": ("standard_position",)})
    for model, key in ((Duty, "duties"), (Authority, "authorities"), (KPI, "kpis"), (WorkRelation, "relations"), (WorkRecord, "records"))
]
