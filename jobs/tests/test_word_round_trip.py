"""The app's own .docx download of a job description reads back without loss: importing it changes
nothing, and into a database that lost the position's rows it brings every one of them back."""
import pytest
from django.conf import settings
from django.forms.models import model_to_dict
from django.utils import translation

from jobs.documents import job_description_context
from jobs.documents.word import job_description_docx
from jobs.importing import import_files
from jobs.importing.report import UNCHANGED
from jobs.importing.word import as_shown
from jobs.models import POSITION_ROWS, Position, Qualification
from jobs.services import load_organisation_file

SKIPPED = {"id", "lft", "rght", "tree_id", "level", "approved_at", "approved_by"}


@pytest.fixture
def demo(db):
    load_organisation_file(path=settings.DEMO_COMPANY_FILE)


def download(position, user):
    jd = job_description_context(Position.objects.with_job_description().get(pk=position.pk), user)
    return job_description_docx(jd)


def downloads(user):
    return [(f"{position.code}.docx", download(position, user)) for position in Position.objects.order_by("code")]


def snapshot(position):
    """Everything a job description holds, field by field and row by row."""
    position = Position.objects.get(pk=position.pk)
    fields = {name: value for name, value in model_to_dict(position).items() if name not in SKIPPED}
    fields["links"] = {
        name: sorted(p.code for p in getattr(position, name).all()) for name in ("dotted_supervisors", "promotion_targets", "lateral_moves")
    }
    qualification = Qualification.objects.filter(position=position).first()
    fields["qualification"] = model_to_dict(qualification, exclude=["position"]) if qualification else None
    for kind in POSITION_ROWS:  # in the order the document shows them (grouped by category or scope)
        shown, _same = as_shown(kind.key, list(kind.of(position)), [])
        fields[kind.key] = [{name: getattr(row, name) for name in kind.fields} for row in shown]
    return fields


def test_every_demo_position_reads_back_unchanged(demo, hr_user):
    report = import_files(files=downloads(hr_user), dry_run=True, user=hr_user)
    assert report.ok, [str(problem) for problem in report.all_problems]
    rows = report.sheets["positions"].rows
    assert len(rows) == Position.objects.count() == 28  # the demo's 28 positions, the subsidiary's included
    assert [(row.label, row.status, row.diffs, row.changes) for row in rows if row.status != UNCHANGED] == []
    assert [(row.label, row.unread) for row in rows if row.unread] == []
    assert set(report.sheets) == {"positions"}


def test_the_download_restores_rows_deleted_since(demo, hr_user):
    files = downloads(hr_user)
    before = {position.code: snapshot(position) for position in Position.objects.all()}
    for kind in POSITION_ROWS:
        kind.model.objects.all().delete()
    Qualification.objects.all().delete()
    for position in Position.objects.all():
        for name in ("dotted_supervisors", "promotion_targets", "lateral_moves"):
            getattr(position, name).clear()
    Position.objects.update(promotion_note="", lateral_note="", summary="", remarks="")
    report = import_files(files=files, user=hr_user)
    assert report.committed, [str(problem) for problem in report.all_problems]
    after = {position.code: snapshot(position) for position in Position.objects.all()}
    for code, fields in before.items():
        restored = after[code]
        assert restored.pop("status") == Position.Status.DRAFT  # changed by the import: a draft to review
        fields.pop("status")
        assert restored == fields, code


WIPED = {
    "job_level": None, "family": None, "headcount": None, "fill_date": None, "effective_date": None, "remarks": "",
    "salary_grade": "", "salary_level": "", "summary": "", "supervision_received": "", "supervision_given": "",
    "promotion_note": "", "lateral_note": "", "working_hours": "", "environment": "", "tools": "", "time_pattern": "",
    "workload_balance": "", "travel": "", "assessment_note": "",
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_download_with_every_field_restores_every_field(complete, hr_user, language):
    with translation.override(language):
        content = download(complete, hr_user)
    before = snapshot(complete)
    report = import_files(files=[("complete.docx", content)], dry_run=True)
    assert report.ok and [(row.status, row.unread) for row in report.sheets["positions"].rows] == [(UNCHANGED, [])]
    Position.objects.filter(pk=complete.pk).update(**WIPED)
    for kind in POSITION_ROWS:
        kind.model.objects.filter(position=complete).delete()
    Qualification.objects.filter(position=complete).delete()
    for name in ("dotted_supervisors", "promotion_targets", "lateral_moves"):
        getattr(complete, name).clear()
    report = import_files(files=[("complete.docx", content)])
    assert report.committed, [str(problem) for problem in report.all_problems]
    after = snapshot(complete)
    assert (before.pop("status"), after.pop("status")) == (Position.Status.PUBLISHED, Position.Status.DRAFT)
    assert after == before
