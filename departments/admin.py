from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.utils.translation import gettext_lazy as _
from mptt.admin import DraggableMPTTAdmin

from departments.models import Department, DepartmentDuty, DepartmentPolicy
from departments.resources import DepartmentDutyResource, DepartmentPolicyResource, DepartmentResource
from kernel.admin import OrgImportExportMixin, ReadOnlyHistoryAdmin
from kernel.forms import ChangeReasonForm, text_overrides
from kernel.resources import GuardedImportMixin


class DepartmentDutyInline(SortableTabularInline):
    model = DepartmentDuty
    extra = 0
    formfield_overrides = text_overrides(rows=2, cols=60)


class DepartmentPolicyInline(SortableStackedInline):
    model = DepartmentPolicy
    extra = 0
    formfield_overrides = text_overrides()


class DepartmentAdminForm(ChangeReasonForm):
    """Every department may be picked as parent (the picker lists them all); a sub-department
    is refused by ``Department.clean`` with a message that says what to move, instead of
    django-mptt's bare "not a valid choice"."""


@admin.register(Department)
class DepartmentAdmin(GuardedImportMixin, OrgImportExportMixin, SortableAdminBase, ReadOnlyHistoryAdmin, DraggableMPTTAdmin):
    """The department tree, reordered and re-parented by drag-and-drop; import/export buttons per list."""

    resource_classes = [DepartmentResource, DepartmentDutyResource, DepartmentPolicyResource]
    site_history_url_name = "departments:history"

    list_display = ("tree_actions", "indented_title", "code", "kind", "position_count", "authorised_headcount", "is_active")
    list_display_links = ("indented_title",)
    expand_tree_by_default = True
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent", "head_position")
    inlines = (DepartmentDutyInline, DepartmentPolicyInline)
    delete_confirmation_template = "admin/org_delete_confirmation.html"
    form = DepartmentAdminForm
    formfield_overrides = text_overrides()
    fieldsets = (
        (None, {"fields": ("code", "name", "parent", "kind", "is_active")}),
        (
            _("Department description"),
            {"fields": ("nature", "mission", "management_authority", "management_function", "head_position")},
        ),
        (_("Staffing"), {"fields": ("authorised_headcount", "staffing_plan")}),
        (_("Working relationships"), {"fields": ("internal_partners", "external_partners")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(position_total=Count("positions"))

    def save_model(self, request, obj, form, change):
        if change and not self.form_changed(form):
            return  # nothing to record: saving unchanged would add an empty history entry
        super().save_model(request, obj, form, change)

    def delete_selected_tree(self, modeladmin, request, queryset):
        """Delete sub-departments before their parents, all or nothing, with a message on refusal."""
        if not request.POST.get("post"):
            return super().delete_selected_tree(modeladmin, request, queryset)
        try:
            with transaction.atomic():
                return super().delete_selected_tree(modeladmin, request, queryset.order_by("tree_id", "-lft"))
        except ProtectedError as error:
            self.message_user(request, error.args[0], messages.ERROR)
            return None

    @admin.display(description=_("positions"), ordering="position_total")
    def position_count(self, obj):
        return obj.position_total
