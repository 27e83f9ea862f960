"""The long work of the jobs app, run by a worker (``kernel.background``): handbooks of any size,
the whole-organisation export, large imports, and the documents of newly published versions.

Each function receives the job row (its ``arguments``, its ``user``) and a progress reporter;
it runs in the language of the user who started it.
"""
import pickle
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments.models import Department
from jobs.documents import handbook as handbook_pdf
from jobs.documents import handbook_context, job_description_context
from jobs.documents.company_template import (
    handbook_layout, job_description_docx_in, job_description_pdf_in, pdf_layout, template_for_department, templates,
)
from jobs.documents.kept import KEY_FIELDS, POSITION_DOCX, POSITION_PDF, layout_identity, position_variant
from jobs.documents.pdf import PdfUnavailable
from jobs.documents.word import handbook_docx
from jobs.importing import export_workbook, import_files
from jobs.importing.exporting import XLSX_CONTENT_TYPE
from jobs.models import ImportMapping, Position
from jobs.publication import Audience
from jobs.roles import CONFIDENTIAL_PERMISSION
from jobs.services import position_published
from kernel import keeping, stash
from kernel.background import UserFacingError, background_work, start
from kernel.models import INTERNAL_RESULT
from kernel.office import ConversionFailed
from kernel.commits import gather_until_commit

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IMPORT_STAGES = {
    "read": gettext_lazy("Reading the files"),
    "parse": gettext_lazy("Reading the rows"),
    "lookups": gettext_lazy("Looking up levels and families"),
    "departments": gettext_lazy("Checking the departments"),
    "positions": gettext_lazy("Checking the positions"),
    "rows": gettext_lazy("Checking duties and other rows"),
    "write history": gettext_lazy("Recording the change history"),
    "write departments": gettext_lazy("Saving the departments"),
    "write positions": gettext_lazy("Saving the positions"),
    "write rows": gettext_lazy("Saving duties and other rows"),
}


def _department(job):
    department = Department.objects.filter(pk=job.arguments["department"]).first()
    if department is None:
        raise UserFacingError(_("The department has been deleted since the task was started."))
    return department


@background_work("handbook.pdf")
def make_handbook_pdf(job, progress):
    plan = handbook_pdf.plan(_department(job), job.user, include_sub=job.arguments.get("sub", False))
    try:
        content, name = handbook_pdf.assemble(plan, progress)
    except PdfUnavailable as error:
        raise UserFacingError(_("PDF files cannot be made on this server: %(reason)s") % {"reason": error}) from error
    progress.save_file(name, content, "application/pdf")


class _DocxProgress:
    """Counts the job descriptions written into a handbook's .docx."""

    def __init__(self, progress):
        self.progress = progress

    def __call__(self, jd):
        self.progress.advance(label=_("Written: %(title)s") % {"title": jd["position"].title})


@background_work("handbook.docx")
def make_handbook_docx(job, progress):
    department = _department(job)
    progress.start(1, _("Reading the handbook's data"))
    handbook = handbook_context(department, job.user, include_sub_departments=job.arguments.get("sub", False))
    progress.start(len(handbook["job_descriptions"]) + 1, _("Writing the Word file"))
    layout = handbook_layout(handbook)
    content = handbook_docx(handbook, base_url=settings.SITE_URL, progress=_DocxProgress(progress), layout=layout)
    progress.advance(label=_("Done"))
    name = f"{department.name}_{department.code}_{_('Department duties and job descriptions')}.docx"
    progress.save_file(name, content, DOCX_TYPE)


@background_work("organisation.export")
def export_organisation(job, progress):
    """The whole organisation, or one company of it (``arguments["company"]``), as the import's workbook."""
    progress.start(1, _("Writing the workbook"))
    code = (job.arguments or {}).get("company")
    company = Department.objects.companies().filter(code=code).first() if code else None
    content = export_workbook(include_confidential=job.user.has_perm(CONFIDENTIAL_PERMISSION), company=company)
    progress.advance()
    name = company.name if company else _("Organisation")
    progress.save_file(f"{name}_{timezone.localdate():%Y-%m-%d}.xlsx", content, XLSX_CONTENT_TYPE)  # 组织架构_2026-12-02.xlsx


@background_work("organisation.import")
def import_organisation(job, progress):
    """The confirmation of a large import: the previewed files, as stashed, imported in one transaction."""
    kept = stash.fetch(user=job.user, token=job.arguments["token"])
    if kept is None:
        raise UserFacingError(_("The uploaded file has expired. Please upload it again."))
    options = dict(kept.options)
    progress.start(len(IMPORT_STAGES), str(IMPORT_STAGES["read"]))
    done = []

    def step(stage):
        done.append(stage)
        progress.advance(label=str(IMPORT_STAGES.get(stage, stage)))

    report = import_files(
        files=kept.files, encoding=options.get("encoding", "auto"), dry_run=False, user=job.user,
        mapping=options.get("mapping") or None, saved_mappings=list(ImportMapping.objects.all()),
        include_confidential=job.user.has_perm(CONFIDENTIAL_PERMISSION), progress=step,
    )
    if not report.committed:
        problems = [str(problem) for problem in report.all_problems[:20]]
        raise UserFacingError(_("Nothing was imported: ") + "\n".join(problems or [_("the file has errors; preview it again.")]))
    save_as = options.get("save_as")
    if save_as and report.mappings:
        sheets = {mapping.spec.key: mapping.choices() for mapping in report.mappings}
        ImportMapping.objects.update_or_create(name=save_as, defaults={"sheets": sheets, "created_by": job.user})
    stash.discard(user=job.user, token=kept.token)
    progress.finish(_("Import finished: ") + "；".join(report.summary_lines()), reverse("admin:jobs_position_changelist"))


PREVIEW_FILE = "preview.pickle"
PREVIEW_STAGES = ("read", "parse", "lookups", "departments", "positions", "rows")


@background_work("organisation.preview")
def preview_import(job, progress):
    """The preview of a large import: the stashed files checked as ``import_files(dry_run=True)``
    does; the report is kept with the job for the import page to show (``preview_report``)."""
    kept = stash.fetch(user=job.user, token=job.arguments["token"])
    if kept is None:
        raise UserFacingError(_("The uploaded file has expired. Please upload it again."))
    options = dict(kept.options)
    progress.start(len(PREVIEW_STAGES), str(IMPORT_STAGES["read"]))

    def step(stage):
        progress.advance(label=str(IMPORT_STAGES.get(stage, stage)))

    report = import_files(
        files=kept.files, encoding=options.get("encoding", "auto"), dry_run=True, user=job.user,
        mapping=options.get("mapping") or None, saved_mappings=list(ImportMapping.objects.all()),
        include_confidential=job.user.has_perm(CONFIDENTIAL_PERMISSION), progress=step,
    )
    progress.save_file(PREVIEW_FILE, pickle.dumps(report), INTERNAL_RESULT)
    url = reverse("admin:jobs_position_import_workbook") + "?" + urlencode({"token": kept.token, "preview": job.pk})
    progress.finish(_("The preview is ready."), url)


@background_work("documents.refresh")
def refresh_documents(job, progress):
    """Make the documents managers will download of newly published versions, so that their first
    download is already a file read (in the site's default language)."""
    reader = Audience(AnonymousUser())  # what managers see: published versions, no salaries
    with translation.override(settings.LANGUAGE_CODE):
        generation = keeping.generation()
        positions = list(Position.objects.filter(pk__in=job.arguments["positions"]).only(*KEY_FIELDS))
        progress.start(len(positions), _("Preparing the published documents"))
        stamps = keeping.stamps("position", [p.pk for p in positions])
        among, chosen = templates(), {}  # the templates once, each department's template once
        for light in positions:
            if light.department_id not in chosen:
                chosen[light.department_id] = template_for_department(light.department_id, among=among)
            template = chosen[light.department_id]
            variant = position_variant(light, reader, generation=generation, layout=pdf_layout(template))
            if variant is None or keeping.find(POSITION_PDF, light.pk, variant):
                progress.advance()
                continue
            position = Position.objects.with_job_description().get(pk=light.pk)
            jd = job_description_context(position, reader.user)
            name = f"{jd['position'].title}_{jd['position'].code}_{_('Job description')}"
            try:
                pdf, pages = job_description_pdf_in(jd, template)
            except ConversionFailed:
                pass  # made again, with the error shown, at the first download
            else:
                keeping.keep(POSITION_PDF, light.pk, variant, stamps[light.pk], pdf, name=f"{name}.pdf", extension="pdf", pages=pages)
            docx_variant = position_variant(light, reader, generation=generation, layout=layout_identity(template))
            docx = job_description_docx_in(jd, template, base_url=settings.SITE_URL)
            keeping.keep(POSITION_DOCX, light.pk, docx_variant, stamps[light.pk], docx, name=f"{name}.docx", extension="docx")
            progress.advance(label=jd["position"].title)
    keeping.prune_orphans()


@receiver(position_published, dispatch_uid="jobs.tasks.refresh_after_publishing")
def refresh_after_publishing(sender, position, approver, **kwargs):
    """When the transaction that publishes ``position`` commits, make its documents in the
    background: one task per commit, however many positions it publishes (an import)."""
    if approver is None:
        return  # published by a command without a user (load_demo): made at the first download

    def add(state):
        state.setdefault(approver.pk, (approver, set()))[1].add(position.pk)

    def work(state):
        for user, positions in state.values():
            _start_refresh(positions, user)

    gather_until_commit("refresh-published", add, work)


def _start_refresh(positions, user):
    start(
        kind="documents.refresh", user=user, arguments={"positions": sorted(positions)},
        title=_("Preparing the documents of %(count)s published positions") % {"count": len(positions)},
    )
