"""Admin pieces shared by the apps whose models keep a change history."""
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin

from kernel.forms import ChangeReasonForm


class ExportForm(SelectableFieldsExportForm):
    """django-import-export's export form with each column named as the file names it: its
    Chinese header (岗位编号), after the field's own name in other languages (code (岗位编号))."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        column = field.column_name if field else field_name
        if translation.get_language().startswith("zh"):
            return column
        try:
            name = resource._meta.model._meta.get_field(field_name).verbose_name
        except FieldDoesNotExist:  # a column that is no model field
            return column
        return f"{name} ({column})" if str(name) != column else column


class OrgImportExportMixin(ImportExportMixin):
    """The per-list import and export buttons: export columns named as in the file, and files
    named in the user's language with the local date (岗位_2026-12-02.xlsx)."""

    export_form_class = ExportForm

    def get_export_filename(self, request, queryset, file_format):
        name = self.model._meta.verbose_name_plural
        return f"{name}_{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """The library writes the file name into the header as it is: a Chinese one needs RFC 6266."""
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=self.get_export_filename(request, queryset, file_format)
        )
        return response


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """The admin's history lists and shows earlier entries but never reverts to one.

    django-simple-history's revert form saves one old historical row as it was — status,
    version and approver, code, place in the tree — past every rule the site's restore keeps
    (``jobs.services.restore_position_version``, ``departments.services.restore_department_version``).
    The admin's history button opens the site's 变更历史 page (``site_history_url_name``,
    reversed with the object's code), where HR compares versions and restores one.
    """

    object_history_template = "admin/history_without_revert.html"
    site_history_url_name = None
    form = ChangeReasonForm
    reason_fieldset = (_("Reason for the change"), {"fields": ("change_reason", "edited_from")})

    def get_fieldsets(self, request, obj=None):
        return (*super().get_fieldsets(request, obj), self.reason_fieldset)

    @staticmethod
    def form_changed(form):
        """Whether the form changes the object: the reason alone changes nothing."""
        return bool(set(form.changed_data) - {"change_reason", "edited_from"})

    @staticmethod
    def _reason(form):
        return (getattr(form, "cleaned_data", None) or {}).get("change_reason", "").strip()

    def save_model(self, request, obj, form, change):
        if self._reason(form):
            obj._change_reason = self._reason(form)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """The rows saved with the object (duties, KPIs …) carry the same reason in their history."""
        reason = self._reason(form)
        if reason:
            for row_form in formset.forms:
                row_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The site's own history page where there is one: translated, in the configured time zone,
        with the reasons, comparisons and restore; django-simple-history's list otherwise."""
        code = self.model._base_manager.filter(pk=unquote(object_id)).values_list("code", flat=True).first()
        if code is not None and self.site_history_url_name:
            return redirect(reverse(self.site_history_url_name, args=[code]))
        return super().history_view(request, object_id, extra_context)

    def history_hidden_fields(self, request):
        """Fields whose changes the history list leaves out for this user (e.g. salaries)."""
        return ()

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """As django-simple-history does it, without the fields of ``history_hidden_fields``."""
        hidden = set(self.history_hidden_fields(request))
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(current, excluded_fields=hidden, foreign_keys_are_objs=foreign_keys_are_objs)
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current
