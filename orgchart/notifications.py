"""通知: the user's notifications, newest first; opening the page marks the unread ones read."""
from django.shortcuts import render

from kernel.models import Notification
from kernel.notifications import mark_read

SHOWN = 100


def my_notifications(request):
    notifications = list(Notification.objects.filter(recipient=request.user)[:SHOWN])
    unread = [n for n in notifications if n.read_at is None]
    if unread:
        mark_read(request.user, unread)
    request.user.unread_notifications = max(0, getattr(request.user, "unread_notifications", 0) - len(unread))
    return render(request, "orgchart/notification_list.html", {"notifications": notifications})
