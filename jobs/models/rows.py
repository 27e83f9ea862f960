"""Ordered child rows of a job description: duties, authorities, KPIs, relations, records."""
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kernel.models import OrderedRow
from kernel.rows import RowKind


def position_link(related_name):
    return models.ForeignKey(
        "jobs.Position", verbose_name=_("position"), on_delete=models.CASCADE, related_name=related_name
    )


class DutyContent(OrderedRow):
    """职责: one statement with its tasks (one per line) and the standard it is judged by — of a
    position (``Duty``) or of a standard position (``jobs.models.standards.StandardDuty``)."""

    class Category(models.TextChoices):
        MAIN = "main", _("Main duties")
        DAILY = "daily", _("Daily work")
        COORDINATION = "coordination", _("Coordination")
        OTHER = "other", _("Other")

    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.MAIN)
    statement = models.TextField(_("duty statement"))
    tasks = models.TextField(_("tasks"), blank=True, help_text=_("One task per line."))
    standard = models.TextField(_("work standard"), blank=True)
    time_share = models.PositiveSmallIntegerField(
        _("time share (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta(OrderedRow.Meta):
        abstract = True
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(time_share__gte=0, time_share__lte=100), name="%(class)s_time_share_0_100"
            )
        ]

    def __str__(self):
        return self.statement[:50]

    @property
    def task_list(self):
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]


class Duty(DutyContent):
    position = position_link("duties")

    history = HistoricalRecords()

    class Meta(DutyContent.Meta):
        pass


class AuthorityContent(OrderedRow):
    """权限."""

    class Category(models.TextChoices):
        PERSONNEL = "personnel", _("Personnel authority")
        FINANCE = "finance", _("Financial authority")
        BUSINESS = "business", _("Business authority")
        OTHER = "other", _("Other authority")

    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    text = models.TextField(_("authority"))

    class Meta(OrderedRow.Meta):
        abstract = True
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")

    def __str__(self):
        return self.text[:50]


class Authority(AuthorityContent):
    position = position_link("authorities")

    history = HistoricalRecords()

    class Meta(AuthorityContent.Meta):
        pass


class KPIContent(OrderedRow):
    """考核指标."""

    class Period(models.TextChoices):
        MONTH = "month", _("Monthly")
        QUARTER = "quarter", _("Quarterly")
        HALF_YEAR = "half_year", _("Half-yearly")
        YEAR = "year", _("Yearly")

    name = models.CharField(_("indicator"), max_length=200)
    definition = models.TextField(_("definition or formula"), blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    period = models.CharField(_("period"), max_length=16, choices=Period.choices, blank=True)
    data_source = models.CharField(_("data source"), max_length=200, blank=True)

    class Meta(OrderedRow.Meta):
        abstract = True
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=0, weight__lte=100), name="%(class)s_weight_0_100")
        ]

    def __str__(self):
        return self.name


class KPI(KPIContent):
    position = position_link("kpis")

    history = HistoricalRecords()

    class Meta(KPIContent.Meta):
        pass


class WorkRelationContent(OrderedRow):
    """工作协作关系: who the position works with, and on what."""

    class Scope(models.TextChoices):
        DEPARTMENT = "department", _("Within the department")
        COMPANY = "company", _("Within the company")
        GROUP = "group", _("Within the group")
        EXTERNAL = "external", _("External")

    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.COMPANY)
    party = models.CharField(_("party"), max_length=200)
    content = models.TextField(_("content"), blank=True)

    class Meta(OrderedRow.Meta):
        abstract = True
        verbose_name = _("working relation")
        verbose_name_plural = _("working relations")

    def __str__(self):
        return self.party


class WorkRelation(WorkRelationContent):
    position = position_link("relations")

    history = HistoricalRecords()

    class Meta(WorkRelationContent.Meta):
        pass


class WorkRecordContent(OrderedRow):
    """工作记录与报表: a document the position keeps, when, and for whom."""

    document = models.CharField(_("document"), max_length=200)
    timing = models.CharField(_("when prepared"), max_length=100, blank=True)
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)

    class Meta(OrderedRow.Meta):
        abstract = True
        verbose_name = _("record or report")
        verbose_name_plural = _("records and reports")

    def __str__(self):
        return self.document


class WorkRecord(WorkRecordContent):
    position = position_link("records")

    history = HistoricalRecords()

    class Meta(WorkRecordContent.Meta):
        pass


# Every kind of row a job description has, in the order the document shows them: import, export,
# history, restore and the Word import read this registry.
POSITION_ROWS = (
    RowKind("duties", Duty, "position"),
    RowKind("authorities", Authority, "position"),
    RowKind("kpis", KPI, "position"),
    RowKind("relations", WorkRelation, "position"),
    RowKind("records", WorkRecord, "position"),
)
