"""The signed-in user, read with the number of his or her unread notifications in the same query.

The top navigation shows that number on every page; reading it with the user's own row (which
every request reads anyway) costs no query. ``user.unread_notifications`` is absent for a user
loaded another way (then the badge is simply not shown).
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from kernel.models import Notification


def with_unread_notifications(users):
    unread = (
        Notification.objects.unread().filter(recipient=OuterRef("pk")).order_by()
        .values("recipient").annotate(count=Count("pk")).values("count")
    )
    return users.annotate(unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))


class NotifiedUserMixin:
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = with_unread_notifications(User._default_manager.all()).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class SiteBackend(NotifiedUserMixin, ModelBackend):
    """Django's ModelBackend, the user read with the unread-notification count."""


def navigation(request):
    """Template context of the top navigation: whether department heads review (then the
    审核 link is offered to every signed-in user; the queue shows what waits for each)."""
    return {"review_by_heads": settings.JD_REVIEWERS == "department_head"}
