"""The position (岗位): a node in the reporting-line tree carrying its job description."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Prefetch, ProtectedError, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from simple_history.models import HistoricalRecords

from kernel.models import code_is_valid, code_validator
from kernel.trees import SerialisedTree, SerialisedTreeManager, SerialisedTreeQuerySet


LINK_FIELDS = ("dotted_supervisors", "promotion_targets", "lateral_moves")  # links to other positions
# What publishing sets (jobs.services.publish_position) and no other save may change: its attnames.
PUBLICATION_RECORD = ("version", "approved_by_id", "approved_at")
# Fields that describe who is in the position now, not the job description: editing them keeps it published.
STAFFING_FIELDS = ("actual_headcount",)
PUBLISH_WITH_THE_BUTTON = _(
    "Save as a draft or in review, then publish with the “Publish” button on the position page "
    "or the “Publish the selected positions” action: publishing records the approver and a new version."
)


class StaffingGap:
    """A gap as pages show it (``jobs.headcount``): ``short`` people (缺编) or ``over`` (超编), or neither."""

    def __init__(self, gap):
        self.value = gap
        self.short = -gap if gap is not None and gap < 0 else 0
        self.over = gap if gap is not None and gap > 0 else 0

    def __bool__(self):
        return bool(self.short or self.over)


def _shown_from_standard(key):
    """(inherited, own): conditions on a position that shows section ``key`` from its standard
    position's published version, or its own text. ``own_sections`` is matched as JSON text
    (``"level"``), which SQLite answers as well as PostgreSQL (a list ``contains`` is PostgreSQL's only)."""
    writes_it = Q(own_sections__icontains=f'"{key}"')
    return Q(standard__published_content__isnull=False) & ~writes_it, Q(standard__published_content__isnull=True) | writes_it


class PositionQuerySet(SerialisedTreeQuerySet):
    def in_department_tree(self, department):
        """Positions of ``department`` and of every department below it."""
        return self.filter(
            department__tree_id=department.tree_id,
            department__lft__gte=department.lft,
            department__rght__lte=department.rght,
        )

    def in_force(self):
        """Positions a reader of published versions may see: published at least once, not archived."""
        return self.filter(approved_at__isnull=False).exclude(status=Position.Status.ARCHIVED)

    def with_basics(self):
        return self.select_related("department", "reports_to", "job_level", "family")

    def showing_level(self, level):
        """Positions that show job level ``level``: their own, or their standard position's when
        they inherit it (``jobs.standards``: the level of its published version)."""
        inherited, own = _shown_from_standard("level")
        return self.filter(inherited & Q(standard__published_content__fields__job_level_id=level.pk) | own & Q(job_level=level))

    def showing_education_at_least(self, education):
        """Positions whose qualification, their own or the one they inherit from their standard
        position, asks for ``education`` or more."""
        inherited, own = _shown_from_standard("qualification")
        return self.filter(
            inherited & Q(standard__published_content__qualification__education__gte=education)
            | own & Q(qualification__education__gte=education)
        )

    def with_direct_report_count(self):
        return self.annotate(direct_report_count=Count("subordinates", distinct=True))

    def with_job_description(self):
        """Everything a 岗位说明书 shows, in a fixed number of queries."""
        basic = Position.objects.select_related("department", "job_level")
        below = (
            Position.objects.in_force()
            .filter(tree_id=models.OuterRef("tree_id"), lft__gt=models.OuterRef("lft"), rght__lt=models.OuterRef("rght"))
            .order_by()
            .values("tree_id")
            .annotate(people=Sum("headcount"))
            .values("people")
        )
        return self.with_basics().select_related("qualification", "approved_by", "standard").annotate(span_people=models.Subquery(below)).prefetch_related(
            "duties",
            "authorities",
            "kpis",
            "relations",
            "records",
            "headed_departments",
            Prefetch("subordinates", queryset=basic.order_by("lft")),
            Prefetch("dotted_supervisors", queryset=basic),
            Prefetch("promotion_targets", queryset=basic),
            Prefetch("lateral_moves", queryset=basic),
        )


class PositionManager(SerialisedTreeManager.from_queryset(PositionQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Position(SerialisedTree, MPTTModel):
    """岗位. ``reports_to`` (直接上级) is the tree parent, so "everyone under X" is one query.

    Moving a position (new superior or new department) locks both trees: it must not land in a
    department that is being deleted, and whoever holds the position lock holds the department
    lock too (both are always taken together, in one order), so two writers never wait on each other.
    """

    other_place_fields = ("department",)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    # 基本资料
    code = models.CharField(_("position code"), max_length=32, unique=True, validators=[code_validator])
    title = models.CharField(_("position title"), max_length=100)
    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    reports_to = TreeForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
    )
    job_level = models.ForeignKey(
        "jobs.JobLevel",
        verbose_name=_("job level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )
    family = models.ForeignKey(
        "jobs.JobFamily",
        verbose_name=_("job family"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )
    headcount = models.PositiveIntegerField(
        _("headcount"), null=True, blank=True,
        help_text=_("Planned number of people in this position (定员); leave blank when not set."),
    )
    actual_headcount = models.PositiveIntegerField(
        _("people in post"), null=True, blank=True,
        help_text=_("Number of people actually in this position now (在岗). Not part of the job description: "
                    "changing it does not make a published position a draft."),
    )
    fill_date = models.DateField(_("date filled in"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    # 基准岗位: the sections not in ``own_sections`` are shown from the standard's published version
    # (jobs.standards); the position's own rows and fields of those sections are not shown.
    standard = models.ForeignKey(
        "jobs.StandardPosition",
        verbose_name=_("standard position"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        help_text=_("The job description this position is based on. Each section comes from it unless the position has its own."),
    )
    own_sections = models.JSONField(
        _("sections of its own"), default=list, blank=True,
        help_text=_("The sections this position writes itself instead of taking them from its standard position."),
    )

    # 机密: only users with jobs.view_confidential see these.
    salary_grade = models.CharField(_("salary grade"), max_length=100, blank=True)
    salary_level = models.CharField(_("salary level"), max_length=100, blank=True)

    # 工作内容
    summary = models.TextField(_("job summary"), blank=True)

    # 工作关系
    supervision_received = models.TextField(
        _("supervision received"), blank=True, help_text=_("As the document words it, e.g. who else supervises.")
    )
    supervision_given = models.TextField(_("supervision given"), blank=True)
    dotted_supervisors = models.ManyToManyField(
        "self",
        verbose_name=_("dotted-line supervisors"),
        symmetrical=False,
        blank=True,
        related_name="dotted_subordinates",
    )
    promotion_targets = models.ManyToManyField(
        "self",
        verbose_name=_("promotion targets"),
        symmetrical=False,
        blank=True,
        related_name="promoted_from",
    )
    promotion_note = models.TextField(
        _("other promotion targets"), blank=True, help_text=_("Targets that are not positions in this organisation.")
    )
    lateral_moves = models.ManyToManyField("self", verbose_name=_("lateral moves"), symmetrical=True, blank=True)
    lateral_note = models.TextField(_("other lateral moves"), blank=True)

    # 工作条件
    working_hours = models.CharField(_("working hours"), max_length=200, blank=True)
    environment = models.TextField(_("working environment"), blank=True)
    tools = models.TextField(_("tools and equipment"), blank=True)
    time_pattern = models.CharField(_("working time pattern"), max_length=200, blank=True)
    workload_balance = models.CharField(_("workload balance"), max_length=200, blank=True)
    travel = models.CharField(_("business travel"), max_length=200, blank=True)

    # 考核
    assessment_note = models.TextField(
        _("assessment note"), blank=True, help_text=_("For example: see the performance appraisal scheme.")
    )

    objects = PositionManager()

    # The links to other positions are versioned with the job description; the tree is not.
    history = HistoricalRecords(excluded_fields=["lft", "rght", "tree_id", "level"], m2m_fields=LINK_FIELDS)

    # 审核: set by jobs.services.publish_position.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_positions",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    # Who holds the position now (任职人), when that person has an account: the head of a department
    # reviews its job descriptions when JD_REVIEWERS is "department_head" (jobs.reviews).
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="held_positions",
        help_text=_("The user account of the person in this position, if any. The holder of a department's "
                    "head position may review its job descriptions."),
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        permissions = [
            ("view_confidential", _("Can view confidential salary fields")),
            ("review_position", _("Can review and publish job descriptions")),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(headcount__gte=0), name="position_headcount_not_negative"),
            models.CheckConstraint(
                condition=models.Q(actual_headcount__gte=0), name="position_actual_headcount_not_negative"
            ),
            models.CheckConstraint(condition=~models.Q(reports_to=models.F("pk")), name="position_not_own_superior"),
            code_is_valid("position_code_is_valid"),
        ]

    class MPTTMeta:
        parent_attr = "reports_to"

    def __str__(self):
        return f"{self.title} ({self.code})"

    def natural_key(self):
        return (self.code,)

    def get_absolute_url(self):
        return reverse("jobs:position_detail", args=[self.code])

    def save(self, *args, publishing=False, **kwargs):
        """Only ``jobs.services.publish_position`` passes ``publishing``. Any other save — an admin
        form, a history revert, an import, a restore — keeps the stored version, approver and
        approval time (a new position: version 1, none), and is refused when it would make a
        position published that is not published now. (``bulk_create`` and ``update()`` bypass
        this: only the workbook import's writer, which publishes as the 发布 button does, and the
        generated organisation of the size tests use them.)

        An edit of a published job description is turned into a draft by whoever offers the edit
        (the admin, the per-list import, ``load_organisation``): see ``jobs.services.reopen_as_draft``.
        """
        if not publishing:
            stored = self._stored_publication()
            if self.status == self.Status.PUBLISHED and not self._is_published(stored):
                raise ValidationError({"status": PUBLISH_WITH_THE_BUTTON})
            for name in PUBLICATION_RECORD:
                setattr(self, name, stored[name] if stored else self._meta.get_field(name).get_default())
        super().save(*args, **kwargs)
        if not publishing and stored and stored["status"] == self.Status.REVIEW and self.status != self.Status.REVIEW:
            # Out of review another way than a decision (the admin's status field): the round is withdrawn.
            self.reviews.filter(decided_at__isnull=True).update(decision="withdrawn", decided_at=timezone.now())

    def _stored_publication(self):
        """Status and publication record as stored (one query), or None for a new position."""
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).values("status", *PUBLICATION_RECORD).first()

    @classmethod
    def _is_published(cls, stored):
        return stored is not None and stored["status"] == cls.Status.PUBLISHED and stored["approved_at"] is not None

    def delete(self, *args, **kwargs):
        """A department this position heads loses its head (the admin's confirmation page says so
        first), recorded in the department's history with the reason and the user; the deletion
        itself happens in the tree lock (``SerialisedTree.delete``), refused by ``check_deletable``."""
        with transaction.atomic():
            for department in self.headed_departments.all():
                department.head_position = None
                department._change_reason = _("head position “%(position)s” deleted") % {"position": self}
                if hasattr(self, "_history_user"):
                    department._history_user = self._history_user
                department.save(update_fields=["head_position"])
            return super().delete(*args, **kwargs)

    def check_deletable(self):
        """Refuse, with a message that says what to move, while positions still report here
        (``SerialisedTree.delete`` calls this inside the tree lock)."""
        subordinates = list(Position.objects.filter(reports_to=self)[:20])
        if subordinates:
            raise ProtectedError(
                _("“%(title)s” still has direct reports (%(titles)s). Give them another superior first.")
                % {"title": self.title, "titles": "、".join(p.title for p in subordinates)},
                set(subordinates),
            )

    @property
    def span(self):
        """辖员人数: the people below this position, derived from the tree.

        The 定员 of the positions in force below this one, a blank 定员 adding nothing: the same
        rule as every department total (``jobs.headcount``).
        """
        if hasattr(self, "span_people"):  # annotated by ``with_job_description()``
            return self.span_people or 0
        if self.is_leaf_node():
            return 0
        below = self.get_descendants().in_force().aggregate(people=Sum("headcount"))
        return below["people"] or 0

    @property
    def is_counted(self):
        """Whether this position counts in headcount totals: in force (``PositionQuerySet.in_force``)."""
        return self.approved_at is not None and self.status != self.Status.ARCHIVED

    @property
    def staffing(self):
        """在岗 − 定员 as a ``StaffingGap``: 缺编 or 超编, neither unless both are known (``jobs.headcount``)."""
        if self.headcount is None or self.actual_headcount is None:
            return StaffingGap(None)
        return StaffingGap(self.actual_headcount - self.headcount)

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and not self._is_published(self._stored_publication()):
            raise ValidationError({"status": PUBLISH_WITH_THE_BUTTON})

    def loop_message(self, superior):
        if superior.pk == self.pk:
            return _("A position cannot be its own superior.")
        return _(
            "“%(superior)s” already reports (directly or indirectly) to “%(title)s”: this "
            "would make a reporting cycle. Change the superior of “%(superior)s” first."
        ) % {"superior": superior.title, "title": self.title}


class Education(models.IntegerChoices):
    """最低学历, ordered so that "at least 本科" is a ``>=`` filter."""

    NONE = 0, _("No requirement")
    JUNIOR_HIGH = 1, _("Junior high school")
    SENIOR_HIGH = 2, _("Senior high or vocational school")
    COLLEGE = 3, _("College (dazhuan)")
    BACHELOR = 4, _("Bachelor's degree")
    MASTER = 5, _("Master's degree")
    DOCTOR = 6, _("Doctorate")


# The levels as Chinese HR paperwork writes them, whatever the interface language: the workbook's
# cells (jobs.importing.sheets) and the search documents (jobs.search).
EDUCATION_WORDS = {
    Education.NONE: "不限", Education.JUNIOR_HIGH: "初中", Education.SENIOR_HIGH: "高中/中专",
    Education.COLLEGE: "大专", Education.BACHELOR: "本科", Education.MASTER: "硕士", Education.DOCTOR: "博士",
}


class QualificationContent(models.Model):
    """任职资格, of a position (``Qualification``) or of a standard position."""

    education = models.PositiveSmallIntegerField(
        _("minimum education"), choices=Education.choices, default=Education.NONE
    )
    education_note = models.CharField(_("education note"), max_length=200, blank=True)
    major = models.CharField(_("major"), max_length=200, blank=True)
    age = models.CharField(_("age requirement"), max_length=100, blank=True)
    gender = models.CharField(_("gender requirement"), max_length=50, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("years of experience"), null=True, blank=True)
    experience = models.TextField(_("work experience"), blank=True)
    training_subjects = models.TextField(_("training subjects"), blank=True)
    training_duration = models.CharField(_("training time"), max_length=100, blank=True)
    knowledge = models.TextField(_("knowledge"), blank=True)
    skills = models.TextField(_("skills"), blank=True)
    basic_qualities = models.TextField(_("basic qualities"), blank=True)
    personality = models.TextField(_("personality"), blank=True)
    physical = models.TextField(_("physical requirements"), blank=True)
    certificates = models.TextField(_("certificates"), blank=True)
    languages = models.CharField(_("foreign languages"), max_length=200, blank=True)
    computer_skills = models.CharField(_("computer skills"), max_length=200, blank=True)
    other = models.TextField(_("other requirements"), blank=True)

    class Meta:
        abstract = True
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")


class Qualification(QualificationContent):
    """任职资格, kept one-to-one beside the position so the position row stays lean."""

    position = models.OneToOneField(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, primary_key=True, related_name="qualification"
    )

    history = HistoricalRecords()

    class Meta(QualificationContent.Meta):
        pass

    def __str__(self):
        return str(self.position)
