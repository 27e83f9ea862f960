"""Login lock-outs (django-axes) in the admin: HR lifts one with an action that says so."""
from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """django-axes' list of failed logins per username and address, with “lift the lock-out”."""

    actions = [*AccessAttemptAdmin.actions, "lift_lockouts"]

    @admin.action(description=_("Lift the lock-out of the selected username and address pairs"), permissions=["delete"])
    def lift_lockouts(self, request, queryset):
        pairs = set(queryset.values_list("username", "ip_address"))
        for username, address in pairs:
            reset(ip=address, username=username)
        self.message_user(
            request, _("Lock-outs lifted: %(count)d. These users can log in again from those addresses.") % {"count": len(pairs)},
            messages.SUCCESS,
        )
