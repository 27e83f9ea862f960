"""In-app notifications (通知), mailed too when the site sends e-mail.

``notify`` writes one ``Notification`` per recipient in the caller's transaction; the e-mail goes
out once that transaction commits (nothing is mailed about a change that was rolled back), and only
when ``EMAIL_HOST`` is set and the recipient has an address. A notification keeps its message id
and parameters, and the page shows it in the reader's language; the e-mail, written before anyone
reads it, is in the site's language (``LANGUAGE_CODE``).
"""
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from kernel.models import Notification

logger = logging.getLogger(__name__)


def notify(*, recipients, message, params, link=""):
    """Tell each of ``recipients`` (users; duplicates and inactive ones are skipped) ``message`` (a
    message id, marked with ``gettext_noop``) % ``params`` (plain values), with ``link`` (a path on
    the site) to act on it. Returns the notifications written."""
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    params = {name: str(value) for name, value in params.items()}
    with translation.override(settings.LANGUAGE_CODE):
        text = (gettext(message) % params)[:500]
    notifications = Notification.objects.bulk_create([
        Notification(recipient=user, text=text, message={"id": message, "params": params}, link=link)
        for user in users.values()
    ])
    addresses = [user.email for user in users.values() if user.email]
    if settings.EMAIL_HOST and addresses:
        url = f"{settings.SITE_URL}{link}" if link else settings.SITE_URL
        body = f"{text}\n\n{url}".strip()
        transaction.on_commit(lambda: _send(text, body, addresses))
    return notifications


def _send(subject, body, addresses):
    """One message per recipient (nobody sees the others' addresses); a mail server that is down
    costs the e-mail, never the change that was already committed."""
    for address in addresses:
        try:
            send_mail(subject[:200], body, None, [address])
        except OSError:
            logger.exception("Could not mail a notification to %s", address)


def mark_read(user, notifications=None):
    """Mark ``user``'s unread notifications (or those of ``notifications``) read; how many."""
    unread = Notification.objects.unread().filter(recipient=user)
    if notifications is not None:
        unread = unread.filter(pk__in=[n.pk for n in notifications])
    return unread.update(read_at=timezone.now())
