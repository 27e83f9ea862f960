"""Standard positions (基准岗位): one job description written once and used by many positions.

A standard position carries every section of a job description; a position based on one
(``Position.standard``) shows each section from the standard's *published* version unless it
overrides that section (``Position.own_sections``). Publishing a standard stores the whole text
as a ``StandardVersion``, so that what positions show changes only when HR publishes, and every
version stays readable. ``jobs.standards`` composes what a position shows.
"""
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jobs.models.position import QualificationContent
from jobs.models.rows import AuthorityContent, DutyContent, KPIContent, WorkRecordContent, WorkRelationContent
from kernel.models import code_is_valid, code_validator
from kernel.rows import RowKind


class Section(NamedTuple):
    """A part of the job description a position inherits or overrides as a whole: fields of the
    position (attnames), a kind of row (``POSITION_ROWS`` key) and/or the qualification."""

    key: str
    label: str
    fields: tuple = ()
    rows: str = ""
    qualification: bool = False


STANDARD_SECTIONS = (
    Section("level", _("job level"), fields=("job_level_id",)),
    Section("family", _("job family"), fields=("family_id",)),
    Section("summary", _("job summary"), fields=("summary",)),
    Section("duties", _("duties"), rows="duties"),
    Section("authorities", _("authorities"), rows="authorities"),
    Section("relations", _("working relations"), rows="relations"),
    Section("career", _("career paths"), fields=("promotion_note", "lateral_note")),
    Section("qualification", _("qualifications"), qualification=True),
    Section(
        "conditions", _("working conditions"),
        fields=("working_hours", "time_pattern", "workload_balance", "travel", "environment", "tools"),
    ),
    Section("kpis", _("KPIs"), rows="kpis", fields=("assessment_note",)),
    Section("records", _("records and reports"), rows="records"),
)
SECTIONS_BY_KEY = {section.key: section for section in STANDARD_SECTIONS}
SECTION_CHOICES = [(section.key, section.label) for section in STANDARD_SECTIONS]
STANDARD_FIELDS = tuple(name for section in STANDARD_SECTIONS for name in section.fields)


class StandardPosition(models.Model):
    """基准岗位: a job description with no department and no superior, used by many positions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    code = models.CharField(_("standard position code"), max_length=32, unique=True, validators=[code_validator])
    title = models.CharField(_("standard position title"), max_length=100)
    job_level = models.ForeignKey(
        "jobs.JobLevel", verbose_name=_("job level"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    family = models.ForeignKey(
        "jobs.JobFamily", verbose_name=_("job family"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(_("job summary"), blank=True)
    promotion_note = models.TextField(_("promotion targets"), blank=True)
    lateral_note = models.TextField(_("lateral moves"), blank=True)
    working_hours = models.CharField(_("working hours"), max_length=200, blank=True)
    environment = models.TextField(_("working environment"), blank=True)
    tools = models.TextField(_("tools and equipment"), blank=True)
    time_pattern = models.CharField(_("working time pattern"), max_length=200, blank=True)
    workload_balance = models.CharField(_("workload balance"), max_length=200, blank=True)
    travel = models.CharField(_("business travel"), max_length=200, blank=True)
    assessment_note = models.TextField(_("assessment note"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True, help_text=_("For HR: what this standard is for. Not shown on positions."))

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("published version"), default=0, help_text=_("0: never published."))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Who submitted the draft now in review (编制), told when a reviewer returns it.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The text positions show: the content of the published version ``version`` (jobs.standards.publish_standard).
    published_content = models.JSONField(_("published content"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["published_content"])

    class Meta:
        verbose_name = _("standard position")
        verbose_name_plural = _("standard positions")
        ordering = ["code"]
        constraints = [code_is_valid("standard_position_code_is_valid")]

    def __str__(self):
        return f"{self.title} ({self.code})"

    def natural_key(self):
        return (self.code,)

    def get_absolute_url(self):
        return reverse("jobs:standard_detail", args=[self.code])


class StandardVersion(models.Model):
    """A published version of a standard position: its whole text as positions showed it."""

    standard = models.ForeignKey(
        StandardPosition, verbose_name=_("standard position"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"))
    positions = models.PositiveIntegerField(_("positions showing it when published"), default=0)

    class Meta:
        verbose_name = _("standard position version")
        verbose_name_plural = _("standard position versions")
        ordering = ["standard", "-number"]
        constraints = [models.UniqueConstraint(fields=["standard", "number"], name="standard_version_unique")]

    def __str__(self):
        return f"{self.standard.code} v{self.number}"


def standard_link(related_name):  # not "standard": a duty has a field of that name (工作标准)
    return models.ForeignKey(
        StandardPosition, verbose_name=_("standard position"), on_delete=models.CASCADE, related_name=related_name
    )


class StandardQualification(QualificationContent):
    standard_position = models.OneToOneField(
        StandardPosition, verbose_name=_("standard position"), on_delete=models.CASCADE, primary_key=True,
        related_name="qualification",
    )

    history = HistoricalRecords()

    class Meta(QualificationContent.Meta):
        pass

    def __str__(self):
        return str(self.standard_position)


class StandardDuty(DutyContent):
    standard_position = standard_link("duties")
    history = HistoricalRecords()

    class Meta(DutyContent.Meta):
        pass


class StandardAuthority(AuthorityContent):
    standard_position = standard_link("authorities")
    history = HistoricalRecords()

    class Meta(AuthorityContent.Meta):
        pass


class StandardKPI(KPIContent):
    standard_position = standard_link("kpis")
    history = HistoricalRecords()

    class Meta(KPIContent.Meta):
        pass


class StandardRelation(WorkRelationContent):
    standard_position = standard_link("relations")
    history = HistoricalRecords()

    class Meta(WorkRelationContent.Meta):
        pass


class StandardRecord(WorkRecordContent):
    standard_position = standard_link("records")
    history = HistoricalRecords()

    class Meta(WorkRecordContent.Meta):
        pass


# The rows of a standard position, under the same keys as ``POSITION_ROWS``.
STANDARD_ROWS = (
    RowKind("duties", StandardDuty, "standard_position"),
    RowKind("authorities", StandardAuthority, "standard_position"),
    RowKind("kpis", StandardKPI, "standard_position"),
    RowKind("relations", StandardRelation, "standard_position"),
    RowKind("records", StandardRecord, "standard_position"),
)
STANDARD_ROWS_BY_KEY = {kind.key: kind for kind in STANDARD_ROWS}
