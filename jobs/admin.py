from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from mptt.admin import TreeRelatedFieldListFilter
from simple_history.models import DeletedObject, ModelChange

from departments.models import Department
from jobs.importing.sheets import SHEETS
from jobs.models import (
    KPI, POSITION_ROWS, Authority, Duty, ImportMapping, JobFamily, JobLevel, Position, PositionReview, Qualification, StandardAuthority,
    StandardDuty, StandardKPI, StandardPosition, StandardQualification, StandardRecord, StandardRelation, StandardVersion,
    WorkRecord, WorkRelation,
)
from jobs.models.standards import SECTION_CHOICES
from jobs.models.position import LINK_FIELDS, STAFFING_FIELDS
from jobs.search import search_positions
from jobs.resources import (
    ROW_RESOURCES, JobFamilyResource, JobLevelResource, PositionResource, QualificationResource,
)
from jobs.roles import CONFIDENTIAL_FIELDS, CONFIDENTIAL_PERMISSION
from jobs.reviews import may_publish, may_publish_standard
from jobs.services import (
    ReviewError, base_on_standard, create_from_position, positions_changed_by, publish_position, publish_standard,
    reopen_as_draft, submit_for_review, submit_standard_for_review,
)
from jobs.standards import inherited_sections, what_basing_loses
from jobs.importing.views import import_urls
from kernel.admin import OrgImportExportMixin, ReadOnlyHistoryAdmin
from kernel.forms import text_overrides
from kernel.models import code_validator
from kernel.resources import GuardedImportMixin

COMPACT_TEXT = text_overrides(rows=2, cols=40)


def submit_each(model_admin, request, objects, submit):
    """``submit(obj)`` for each of ``objects``; a refusal (``ReviewError``) is a warning naming the
    object. Returns how many were submitted."""
    submitted = 0
    for obj in objects:
        try:
            submit(obj)
        except ReviewError as error:
            model_admin.message_user(request, f"{obj.title}: {error}", messages.WARNING)
        else:
            submitted += 1
    return submitted

@admin.register(JobLevel)
class JobLevelAdmin(GuardedImportMixin, OrgImportExportMixin, admin.ModelAdmin):
    resource_classes = [JobLevelResource]
    list_display = ("name", "code", "rank")
    list_editable = ("rank",)
    search_fields = ("code", "name")


@admin.register(JobFamily)
class JobFamilyAdmin(GuardedImportMixin, OrgImportExportMixin, admin.ModelAdmin):
    resource_classes = [JobFamilyResource]
    list_display = ("name", "code")
    search_fields = ("code", "name")


class QualificationInline(admin.StackedInline):
    model = Qualification
    can_delete = False
    formfield_overrides = text_overrides(rows=2, cols=80)
    fieldsets = (
        (None, {"fields": (("education", "education_note"), "major", ("age", "gender"))}),
        (None, {"fields": (("experience_years", "experience"), ("training_duration", "training_subjects"))}),
        (None, {"fields": ("knowledge", "skills", "basic_qualities", "personality", "physical")}),
        (None, {"fields": ("certificates", ("languages", "computer_skills"), "other")}),
    )


class BaseOnStandardForm(forms.Form):
    standard = forms.ModelChoiceField(label=_("standard position"), queryset=StandardPosition.objects.all())
    keep_own = forms.BooleanField(
        label=_("Keep the sections where a position has text of its own"), required=False,
        help_text=_("Not ticked: every section comes from the standard position; the positions' own text is kept but not shown."),
    )


class CreateStandardForm(forms.Form):
    code = forms.CharField(label=_("standard position code"), max_length=32, validators=[code_validator])
    title = forms.CharField(label=_("standard position title"), max_length=100)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if StandardPosition.objects.filter(code__iexact=code).exists():
            raise ValidationError(_("A standard position with this code exists already."))
        return code


class RowInline(SortableTabularInline):
    extra = 0
    formfield_overrides = COMPACT_TEXT


class DutyInline(RowInline):
    model = Duty
    fields = ("category", "statement", "tasks", "standard", "time_share")


class AuthorityInline(RowInline):
    model = Authority
    fields = ("category", "text")


class KPIInline(RowInline):
    model = KPI
    fields = ("name", "definition", "target", "weight", "period", "data_source")


class WorkRelationInline(RowInline):
    model = WorkRelation
    fields = ("scope", "party", "content")


class WorkRecordInline(RowInline):
    model = WorkRecord
    fields = ("document", "timing", "recipient")


class ReviewInline(admin.TabularInline):
    """The review rounds (编制, 审核, decision, comment), read-only: only the review pages write them."""

    model = PositionReview
    extra = 0
    can_delete = False
    fields = readonly_fields = ("version", "submitted_by", "submitted_at", "decided_by", "decided_at", "decision", "comment")
    verbose_name_plural = _("review rounds")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Position)
class PositionAdmin(GuardedImportMixin, OrgImportExportMixin, SortableAdminBase, ReadOnlyHistoryAdmin):
    """A position and its whole 岗位说明书, laid out in the document's sections.

    The import/export buttons handle one list at a time (positions, or one kind of row);
    "import the whole organisation" handles the workbook with every sheet.
    """

    resource_classes = [PositionResource, QualificationResource, *ROW_RESOURCES]
    import_export_change_list_template = "admin/jobs/position/change_list.html"

    list_display = ("code", "title", "department", "reports_to", "job_level", "headcount", "actual_headcount", "direct_reports", "status")
    list_display_links = ("code", "title")
    list_select_related = ("department", "reports_to", "job_level")
    list_filter = (("department", TreeRelatedFieldListFilter), "job_level", "standard", "status", "qualification__education")
    search_fields = ("code", "title")  # the list's search box: every section, see get_search_results
    autocomplete_fields = (
        "department", "reports_to", "job_level", "family", "standard", "dotted_supervisors", "promotion_targets", "lateral_moves",
    )
    ordering = ("tree_id", "lft")
    list_per_page = 100
    save_on_top = True
    delete_confirmation_template = "admin/org_delete_confirmation.html"
    delete_selected_confirmation_template = "admin/org_delete_selected_confirmation.html"
    formfield_overrides = text_overrides()
    actions = ("publish", "submit_for_review", "base_on_standard", "create_standard", "delete_selected")
    inlines = (QualificationInline, DutyInline, AuthorityInline, KPIInline, WorkRelationInline, WorkRecordInline, ReviewInline)
    basic_fieldset = (
        _("1. Basic data"),
        {
            "fields": (
                ("code", "title"),
                ("department", "reports_to"),
                ("job_level", "family"),
                "standard",
                "own_sections",
                ("headcount", "actual_headcount", "fill_date"),
                "holder",
                ("status", "version", "effective_date"),
                ("approved_by", "approved_at"),
            )
        },
    )
    confidential_fieldset = (
        _("Confidential"),
        {"fields": (("salary_grade", "salary_level"),), "description": _("Visible only to users allowed to see salaries.")},
    )
    other_fieldsets = (
        (_("2. Job content"), {"fields": ("summary",)}),
        (
            _("3. Working relationships"),
            {
                "fields": (
                    "supervision_received",
                    "supervision_given",
                    "dotted_supervisors",
                    ("promotion_targets", "promotion_note"),
                    ("lateral_moves", "lateral_note"),
                )
            },
        ),
        (
            _("4. Working conditions"),
            {"fields": (("working_hours", "time_pattern"), ("workload_balance", "travel"), "environment", "tools")},
        ),
        (_("5. Assessment"), {"fields": ("assessment_note",)}),
        (_("Remarks"), {"fields": ("remarks",)}),
    )

    site_history_url_name = "jobs:position_history"

    def get_urls(self):
        return import_urls(self) + super().get_urls()

    def history_hidden_fields(self, request):
        return () if request.user.has_perm(CONFIDENTIAL_PERMISSION) else CONFIDENTIAL_FIELDS

    def get_import_resource_kwargs(self, request, **kwargs):
        """Without the 机密 permission the salary columns are unknown: the preview would show their values."""
        return {**super().get_import_resource_kwargs(request, **kwargs), "include_confidential": request.user.has_perm(CONFIDENTIAL_PERMISSION)}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "include_confidential": request.user.has_perm(CONFIDENTIAL_PERMISSION)}

    def get_fieldsets(self, request, obj=None):
        if request.user.has_perm(CONFIDENTIAL_PERMISSION):
            return (self.basic_fieldset, self.confidential_fieldset, *self.other_fieldsets, self.reason_fieldset)
        return (self.basic_fieldset, *self.other_fieldsets, self.reason_fieldset)

    def get_queryset(self, request):
        return super().get_queryset(request).with_direct_report_count()

    def get_form(self, request, obj=None, change=False, **kwargs):
        """Each field of a section the position takes from its standard says so: what is typed
        there is kept but not shown (the sections ticked under 自有部分 are its own)."""
        form = super().get_form(request, obj, change=change, **kwargs)
        sections = inherited_sections(obj) if obj is not None and obj.standard_id else []
        note = _("Not shown: this section comes from the standard position “%(standard)s” (tick it under “%(own)s” to "
                 "show the position's own).")
        for section in sections:
            for name in section.fields:
                field = form.base_fields.get(name.removesuffix("_id"))
                if field is not None:
                    mark = note % {"standard": obj.standard, "own": Position._meta.get_field("own_sections").verbose_name}
                    field.help_text = " ".join(filter(None, [str(mark), str(field.help_text or "")]))
        return form

    def get_inline_instances(self, request, obj=None):
        """The rows of a section the position takes from its standard are titled so (kept, not shown)."""
        inlines = super().get_inline_instances(request, obj)
        keys = {section.rows or ("qualification" if section.qualification else "") for section in inherited_sections(obj)} if (
            obj is not None and obj.standard_id) else set()
        for inline in inlines:
            key = "qualification" if inline.model is Qualification else next(
                (kind.key for kind in POSITION_ROWS if kind.model is inline.model), None)
            if key in keys:
                title = inline.verbose_name_plural or inline.model._meta.verbose_name_plural
                inline.verbose_name_plural = _("%(rows)s (not shown: from the standard position)") % {"rows": title}
        return inlines

    def get_search_results(self, request, queryset, search_term):
        """The list's search box searches every section of the job description (``jobs.search``);
        the autocomplete pickers keep matching code and title."""
        if request.path.endswith("/autocomplete/") or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        return search_positions(queryset, search_term, published=False), False

    @admin.display(description=_("direct reports"), ordering="direct_report_count")
    def direct_reports(self, obj):
        return obj.direct_report_count

    def get_readonly_fields(self, request, obj=None):
        # Publishing (the action, or the button on the position page) sets these.
        return (*super().get_readonly_fields(request, obj), "version", "approved_by", "approved_at")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "own_sections":
            return forms.MultipleChoiceField(
                label=db_field.verbose_name, help_text=_(
                    "Ticked: the position shows its own text in that section. Not ticked: the text of its standard "
                    "position (its rows and fields of that section here are kept but not shown). Without a standard "
                    "position every section is its own."
                ), choices=SECTION_CHOICES, required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "inline-checkboxes"}),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj._published_before_edit = change and "status" not in form.changed_data and (
            Position.objects.filter(pk=obj.pk, status=Position.Status.PUBLISHED).exists()
        )
        # 审核中 chosen in the form: saved as a draft, then submitted as 提交审核 does (round, notifications).
        obj._submit_after_save = "status" in form.changed_data and obj.status == Position.Status.REVIEW
        if obj._submit_after_save:
            obj.status = Position.Status.DRAFT
        if change and not self.form_changed(form):
            return  # nothing to record: saving unchanged would add an empty history entry
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        position = form.instance
        if getattr(position, "_submit_after_save", False):
            submit_for_review(position=position, user=request.user)
            position.status = Position.Status.REVIEW
        # 在岗 is not part of the job description: changing only it keeps the position published.
        edited = set(form.changed_data) - {*STAFFING_FIELDS, "holder", "change_reason", "edited_from"} or any(formset.has_changed() for formset in formsets)
        if getattr(position, "_published_before_edit", False) and edited:
            if reopen_as_draft(position=position, user=request.user):
                self.message_user(
                    request,
                    _("The job description is a draft again: managers keep seeing the published version until you publish this edit."),
                    messages.WARNING,
                )

    def render_delete_form(self, request, context):
        context["headed_departments"] = Department.objects.filter(head_position=context["object"]).select_related("head_position")
        return super().render_delete_form(request, context)

    @admin.action(description=django_delete_selected.short_description, permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Django's action; its confirmation page also names the departments whose head is deleted."""
        response = django_delete_selected(self, request, queryset)
        if isinstance(response, TemplateResponse):
            response.context_data["headed_departments"] = Department.objects.filter(head_position__in=queryset).select_related("head_position")
        return response

    def delete_queryset(self, request, queryset):
        """One position at a time, so that each clears the head of the departments it heads with
        a history entry (``Position.delete``); all or nothing."""
        try:
            with transaction.atomic():
                for position in queryset.order_by("tree_id", "-lft"):
                    position.delete()
        except ProtectedError as error:
            self.message_user(request, error.args[0], messages.ERROR)
    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """The "changes" column of the admin history page, without a query per record.

        django-simple-history reads the links (dotted lines, promotion targets, lateral moves)
        of each pair of records with two queries per kind: 600 queries for a page of 100
        records. Here the links of the whole page come in one query per kind, and they are
        diffed in the form simple-history's own template helper expects; like every history page,
        it leaves out the fields ``history_hidden_fields`` hides from this user (salaries).
        """
        records = list(historical_records)
        links = {(record.history_id, key): [] for record in records for key in LINK_FIELDS}
        rows = {}
        for key in LINK_FIELDS:
            through = getattr(Position.history.model, key).model
            rows[key] = list(through.objects.filter(history__in=records).order_by("to_position_id").values_list(
                "history_id", "from_position_id", "to_position_id"
            ))
        ids = {pk for key_rows in rows.values() for _history, source, target in key_rows for pk in (source, target)}
        found = Position.objects.in_bulk(ids)
        for key, key_rows in rows.items():
            for history_id, source, target in key_rows:
                links[history_id, key].append({
                    "from_position": found.get(source) or DeletedObject(Position, source),
                    "to_position": found.get(target) or DeletedObject(Position, target),
                })
        for newer, older in zip(records, records[1:]):
            hidden = [*LINK_FIELDS, *self.history_hidden_fields(request)]
            delta = newer.diff_against(older, excluded_fields=hidden, foreign_keys_are_objs=foreign_keys_are_objs)
            changes = [*delta.changes, *(
                ModelChange(key, links[older.history_id, key], links[newer.history_id, key]) for key in LINK_FIELDS
                if links[older.history_id, key] != links[newer.history_id, key]
            )]
            helper = self.get_historical_record_context_helper(request, newer)
            newer.history_delta_changes = helper.context_for_delta_changes(delta.__class__(
                changes, [*delta.changed_fields, *(change.field for change in changes[len(delta.changes):])],
                delta.old_record, delta.new_record,
            ))

    @admin.action(description=_("Publish the selected positions"), permissions=["change"])
    def publish(self, request, queryset):
        """Publishes what the user may publish (``jobs.reviews.may_publish``: anything when no review
        is required, else what he or she reviews); the others are named: submit them for review."""
        positions = list(queryset.select_related("department"))
        refused = [position for position in positions if not may_publish(request.user, position)]
        if refused:
            self.message_user(request, _("Review is required: you may not publish %(titles)s. Submit them for review instead.")
                              % {"titles": "、".join(p.title for p in refused)}, messages.ERROR)
            return
        for position in positions:
            publish_position(position=position, approver=request.user)
        count = len(positions)
        self.message_user(request, ngettext("%(count)d position published.", "%(count)d positions published.", count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Submit the selected positions for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        submitted = submit_each(self, request, queryset, lambda position: submit_for_review(position=position, user=request.user))
        if submitted:
            self.message_user(request, ngettext("%(count)d position submitted for review.", "%(count)d positions submitted for review.", submitted) % {"count": submitted}, messages.SUCCESS)

    @admin.action(description=_("Base the selected positions on a standard position…"), permissions=["change"])
    def base_on_standard(self, request, queryset):
        """First a page naming, for each position, the text it would stop showing; then the choice."""
        positions = list(queryset.select_related("job_level", "family", "standard").order_by("tree_id", "lft"))
        form = BaseOnStandardForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            standard, keep_own = form.cleaned_data["standard"], form.cleaned_data["keep_own"]
            base_on_standard(positions=positions, standard=standard, user=request.user, keep_own=keep_own)
            self.message_user(request, ngettext(
                "%(count)d position is based on %(standard)s now (a draft until published).",
                "%(count)d positions are based on %(standard)s now (drafts until published).", len(positions),
            ) % {"count": len(positions), "standard": standard}, messages.SUCCESS)
            return None
        return TemplateResponse(request, "admin/jobs/position/base_on_standard.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Base positions on a standard position"),
            "form": form, "positions": [(position, what_basing_loses(position)) for position in positions],
            "action": "base_on_standard", "selected": [position.pk for position in positions],
        })

    @admin.action(description=_("Create a standard position from the selected position…"), permissions=["change"])
    def create_standard(self, request, queryset):
        positions = list(queryset[:2])
        if len(positions) != 1:
            self.message_user(request, _("Select exactly one position to make a standard position of."), messages.ERROR)
            return None
        position = positions[0]
        form = CreateStandardForm(request.POST if "apply" in request.POST else None, initial={"title": position.title})
        if form.is_valid():
            before = position.standard
            standard = create_from_position(position=position, code=form.cleaned_data["code"], title=form.cleaned_data["title"], user=request.user)
            self.message_user(request, _("Standard position %(standard)s created from %(position)s: publish it to use it.")
                              % {"standard": standard, "position": position}, messages.SUCCESS)
            if before is not None:
                self.message_user(request, _("%(position)s was based on %(before)s; it is based on %(standard)s now.")
                                  % {"position": position, "before": before, "standard": standard}, messages.WARNING)
            return None
        return TemplateResponse(request, "admin/jobs/position/create_standard.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Create a standard position"),
            "form": form, "position": position, "action": "create_standard", "selected": [position.pk],
            "current_standard": position.standard,
        })


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    """The column choices HR saved on the import page: listed to rename or delete; a new one is made
    on the import page itself, where the columns are shown."""

    list_display = ("name", "kinds", "created_by", "updated_at")
    list_select_related = ("created_by",)
    search_fields = ("name",)
    readonly_fields = ("sheets", "created_by", "updated_at")
    fields = ("name", "sheets", "created_by", "updated_at")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("sheets"))
    def kinds(self, obj):
        titles = {sheet.key: sheet.title for sheet in SHEETS}
        return "、".join(titles.get(key, key) for key in obj.sheets)

class StandardQualificationInline(QualificationInline):
    model = StandardQualification


class StandardDutyInline(DutyInline):
    model = StandardDuty


class StandardAuthorityInline(AuthorityInline):
    model = StandardAuthority


class StandardKPIInline(KPIInline):
    model = StandardKPI


class StandardRelationInline(WorkRelationInline):
    model = StandardRelation


class StandardRecordInline(WorkRecordInline):
    model = StandardRecord


class StandardVersionInline(admin.TabularInline):
    """The published versions, read-only: only publishing writes them."""

    model = StandardVersion
    extra = 0
    can_delete = False
    fields = readonly_fields = ("number", "approved_by", "approved_at", "positions")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StandardPosition)
class StandardPositionAdmin(SortableAdminBase, ReadOnlyHistoryAdmin):
    """基准岗位: the same sections as a position's job description; positions based on it show
    them from its published version. Edits are a draft until published with the action."""

    site_history_url_name = "jobs:standard_history"
    list_display = ("code", "title", "job_level", "family", "status", "version", "position_count")
    list_display_links = ("code", "title")
    list_filter = ("status", "job_level", "family")
    search_fields = ("code", "title")
    autocomplete_fields = ("job_level", "family")
    readonly_fields = ("status", "version", "approved_by", "approved_at")
    formfield_overrides = text_overrides()
    save_on_top = True
    actions = ("publish", "submit_for_review")
    inlines = (
        StandardQualificationInline, StandardDutyInline, StandardAuthorityInline, StandardKPIInline, StandardRelationInline,
        StandardRecordInline, StandardVersionInline,
    )
    fieldsets = (
        (_("1. Basic data"), {"fields": (("code", "title"), ("job_level", "family"), ("status", "version"), ("approved_by", "approved_at"), "remarks")}),
        (_("2. Job content"), {"fields": ("summary",)}),
        (_("3. Working relationships"), {"fields": ("promotion_note", "lateral_note")}),
        (_("4. Working conditions"), {"fields": (("working_hours", "time_pattern"), ("workload_balance", "travel"), "environment", "tools")}),
        (_("5. Assessment"), {"fields": ("assessment_note",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("job_level", "family").annotate(used_by=Count("positions"))

    @admin.display(description=_("positions based on it"), ordering="used_by")
    def position_count(self, obj):
        return obj.used_by

    # An edit makes a published standard a draft (the positions keep showing the published version)
    # and takes one in review out of it: the reviewer would otherwise approve text never shown.
    EDITED_BACK_TO_DRAFT = (StandardPosition.Status.PUBLISHED, StandardPosition.Status.REVIEW)

    def save_model(self, request, obj, form, change):
        if change and obj.status in self.EDITED_BACK_TO_DRAFT and self.form_changed(form):
            obj.status = StandardPosition.Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        standard = form.instance
        if any(formset.has_changed() for formset in formsets) and standard.status in self.EDITED_BACK_TO_DRAFT:
            # Part of the same save: its history entry says draft, rather than a second entry saying so.
            standard.status = StandardPosition.Status.DRAFT
            StandardPosition.objects.filter(pk=standard.pk).update(status=standard.status)
            newest = standard.history.order_by("-history_id").values_list("history_id", flat=True).first()
            StandardPosition.history.filter(history_id=newest).update(status=standard.status)
        if standard.status == StandardPosition.Status.DRAFT and standard.version:
            self.message_user(request, _("A draft: the positions based on it show the published version until you publish this one."), messages.WARNING)

    @admin.action(description=_("Publish the selected standard positions…"), permissions=["change"])
    def publish(self, request, queryset):
        """First the positions each publication changes, then publish. While review is required only
        the group 审核人 publishes (``jobs.reviews.may_publish_standard``); HR submits."""
        standards = list(queryset)
        if not may_publish_standard(request.user):
            self.message_user(request, _("Review is required: you may not publish %(titles)s. Submit them for review instead.")
                              % {"titles": "、".join(standard.title for standard in standards)}, messages.ERROR)
            return None
        if "apply" in request.POST:
            for standard in standards:
                publish_standard(standard=standard, approver=request.user)
            self.message_user(request, ngettext(
                "%(count)d standard position published.", "%(count)d standard positions published.", len(standards),
            ) % {"count": len(standards)}, messages.SUCCESS)
            return None
        return TemplateResponse(request, "admin/jobs/standardposition/publish.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Publish standard positions"),
            "standards": [(standard, positions_changed_by(standard)) for standard in standards],
            "action": "publish", "selected": [standard.pk for standard in standards],
        })

    @admin.action(description=_("Submit the selected standard positions for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        submitted = submit_each(self, request, queryset, lambda standard: submit_standard_for_review(standard=standard, user=request.user))
        if submitted:
            self.message_user(request, ngettext(
                "%(count)d standard position submitted for review.", "%(count)d standard positions submitted for review.", submitted,
            ) % {"count": submitted}, messages.SUCCESS)


from jobs import template_admin  # noqa: E402,F401 - registers the admin of document templates
