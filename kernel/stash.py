"""Uploads kept between two requests: a preview and its confirmation.

The files wait in the database under a random token that only the uploading user can use, for
``IMPORT_STASH_HOURS`` (24 by default); any app server can answer the second request. The options
(encoding, the user's column mapping …) travel with them and can change between previews.
"""
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kernel.models import StashedFile


@dataclass
class Stash:
    token: str
    files: list  # [(name, bytes)] in upload order
    options: dict


def _lifetime():
    return timedelta(hours=int(getattr(settings, "IMPORT_STASH_HOURS", 24)))


@transaction.atomic
def stash(*, user, files, options=None):
    """Keep ``files`` ([(name, bytes)]) for ``user``; return the token. Expired uploads go."""
    StashedFile.objects.filter(created_at__lt=timezone.now() - _lifetime()).delete()
    token = secrets.token_hex(16)
    StashedFile.objects.bulk_create([
        StashedFile(token=token, user=user, position=index, name=name[:255], content=content, options=options or {})
        for index, (name, content) in enumerate(files)
    ])
    return token


def fetch(*, user, token):
    """The user's stash under ``token``, or None when there is none (expired, confirmed, someone else's)."""
    if not token or not token.isalnum():
        return None
    rows = list(
        StashedFile.objects.filter(token=token, user=user, created_at__gte=timezone.now() - _lifetime()).order_by("position")
    )
    if not rows:
        return None
    return Stash(token, [(row.name, bytes(row.content)) for row in rows], rows[0].options)


def update_options(*, user, token, options):
    StashedFile.objects.filter(token=token, user=user).update(options=options)


def discard(*, user, token):
    StashedFile.objects.filter(token=token, user=user).delete()
