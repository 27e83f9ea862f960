"""The department tree and what a department document says about each department.

Sibling order is the tree order itself (MPTT ``lft``): HR sets it by drag-and-drop in the
admin, imports keep the row order of the file, so no separate sort field can disagree
with what the tree shows.
"""
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from simple_history.models import HistoricalRecords

from kernel.models import OrderedRow, code_is_valid, code_validator
from kernel.rows import RowKind
from kernel.trees import SerialisedTree, SerialisedTreeManager, SerialisedTreeQuerySet


class DepartmentQuerySet(SerialisedTreeQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def companies(self):
        """Legal entities: the group and its subsidiaries (kind 集团 or 公司), in tree order."""
        return self.filter(kind__in=COMPANY_KINDS).order_by("tree_id", "lft")

    def of_company(self, company):
        """The departments that belong to ``company``: its subtree without the subtrees of the
        companies below it (a subsidiary's departments are the subsidiary's). Two queries."""
        inside = self.filter(tree_id=company.tree_id, lft__gte=company.lft, rght__lte=company.rght)
        for below in Department.objects.companies().filter(tree_id=company.tree_id, lft__gt=company.lft, rght__lt=company.rght):
            inside = inside.exclude(lft__gte=below.lft, rght__lte=below.rght)
        return inside


class DepartmentManager(SerialisedTreeManager.from_queryset(DepartmentQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Department(SerialisedTree, MPTTModel):
    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        COMPANY = "company", _("Company")
        CENTER = "center", _("Centre")
        DEPARTMENT = "department", _("Department")
        SECTION = "section", _("Section")
        TEAM = "team", _("Team")

    code = models.CharField(_("department code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("department name"), max_length=100)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("parent department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)
    nature = models.CharField(_("nature"), max_length=200, blank=True)
    mission = models.TextField(_("mission"), blank=True)
    management_authority = models.TextField(_("management authority"), blank=True)
    management_function = models.TextField(_("management function"), blank=True)
    staffing_plan = models.TextField(
        _("staffing plan"), blank=True, help_text=_("Staffing as the department document words it.")
    )
    authorised_headcount = models.PositiveIntegerField(_("authorised headcount"), null=True, blank=True)
    head_position = models.ForeignKey(
        "jobs.Position",
        verbose_name=_("head position"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
    )
    internal_partners = models.TextField(_("internal partners"), blank=True)
    external_partners = models.TextField(_("external partners"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = DepartmentManager()

    history = HistoricalRecords(excluded_fields=["lft", "rght", "tree_id", "level"])

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(authorised_headcount__gte=0),
                name="department_authorised_headcount_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="department_not_own_parent",
            ),
            code_is_valid("department_code_is_valid"),
        ]

    class MPTTMeta:
        order_insertion_by = []

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    def get_absolute_url(self):
        return reverse("departments:detail", args=[self.code])

    @property
    def is_company(self):
        return self.kind in COMPANY_KINDS

    def company(self):
        """The legal entity this department belongs to: itself when it is one, else the nearest
        company above it (None when there is none). One query, none for a company."""
        if self.is_company:
            return self
        return self.get_ancestors(ascending=True).filter(kind__in=COMPANY_KINDS).first()

    def duty_groups(self):
        """Duties grouped under their first-level function, in order: [(function, [duty, …]), …]."""
        groups = {}
        for duty in self.duties.all():
            groups.setdefault(duty.function, []).append(duty)
        return list(groups.items())

    def check_deletable(self):
        """Refuse, with a message that says what to move, while anything still belongs here
        (``SerialisedTree.delete`` calls this inside the tree lock)."""
        positions = list(self.positions.all()[:20])
        if positions:
            raise ProtectedError(
                _("“%(name)s” still has positions (%(titles)s). Move them to another department first.")
                % {"name": self.name, "titles": "、".join(p.title for p in positions)},
                set(positions),
            )
        children = list(Department.objects.filter(parent=self)[:20])
        if children:
            raise ProtectedError(
                _("“%(name)s” still has sub-departments (%(names)s). Move them under another department first.")
                % {"name": self.name, "names": "、".join(c.name for c in children)},
                set(children),
            )

    def loop_message(self, parent):
        if parent.pk == self.pk:
            return _("A department cannot be its own parent department.")
        return _(
            "“%(parent)s” is inside “%(name)s”: a department cannot move under its own "
            "sub-department. Move “%(parent)s” out first."
        ) % {"parent": parent.name, "name": self.name}


class DepartmentDuty(OrderedRow):
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="duties"
    )
    function = models.CharField(
        _("first-level function"), max_length=100, help_text=_("For example: sales management.")
    )
    text = models.TextField(_("second-level function"))

    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("department duty")
        verbose_name_plural = _("department duties")

    def __str__(self):
        return f"{self.function}: {self.text[:40]}"


class DepartmentPolicy(OrderedRow):
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="policies"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))

    history = HistoricalRecords()

    class Meta(OrderedRow.Meta):
        verbose_name = _("department policy")
        verbose_name_plural = _("department policies")

    def __str__(self):
        return self.title


# Kinds of department that are legal entities: a company's departments belong to it (its code
# prefix, its handbook and export, its filter on lists, charts and the quality report).
COMPANY_KINDS = (Department.Kind.GROUP, Department.Kind.COMPANY)


# The kinds of row a department has: import, export, history and restore read this registry.
DEPARTMENT_ROWS = (
    RowKind("duties", DepartmentDuty, "department"),
    RowKind("policies", DepartmentPolicy, "department"),
)
