"""Admin pieces shared by the apps whose models keep a change history."""
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """The admin's history lists and shows earlier entries but never reverts to one.

    django-simple-history's revert form saves one old historical row as it was — status,
    version and approver, code, place in the tree — past every rule the site's restore keeps
    (``jobs.services.restore_position_version``, ``departments.services.restore_department_version``).
    The admin's history page links to the site's 变更历史 page (``site_history_url_name``,
    reversed with the object's code), where HR compares versions and restores one.
    """

    object_history_template = "admin/history_without_revert.html"
    site_history_url_name = None

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        code = self.model._base_manager.filter(pk=unquote(object_id)).values_list("code", flat=True).first()
        if code is not None and self.site_history_url_name:
            extra_context = {**(extra_context or {}), "site_history_url": reverse(self.site_history_url_name, args=[code])}
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
