"""Users' permissions read from the shared cache instead of two queries on every request.

Django's ModelBackend reads a user's own and group permissions from the database once per request.
With a shared cache (``CACHE_URL``) this backend keeps them there, under a permissions version that
every change to users, groups, permissions and their links raises (signals below), so a revoked
permission counts from the next request on. Without a shared cache it is not used: a version
raised in one process would not be seen by the others. Entries also expire after
``PERMISSIONS_CACHE_SECONDS``, for changes made without signals (raw SQL).
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from orgchart.accounts import NotifiedUserMixin

PERMISSIONS_CACHE_SECONDS = 300
VERSION_KEY = "permissions-version"


def permissions_version():
    return cache.get_or_set(VERSION_KEY, 1, None)


def permissions_changed(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet: nothing cached under a version either
        cache.set(VERSION_KEY, 1, None)


class CachedPermissionsBackend(NotifiedUserMixin, ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, name):
            key = f"permissions:{from_name}:{user_obj.pk}:{int(user_obj.is_superuser)}:{permissions_version()}"
            permissions = cache.get(key)
            if permissions is None:
                permissions = super()._get_permissions(user_obj, obj, from_name)
                cache.set(key, permissions, PERMISSIONS_CACHE_SECONDS)
            setattr(user_obj, name, permissions)
        return getattr(user_obj, name)


def connect():
    """Called by the site's app when it is ready."""
    user = get_user_model()
    for model in (user, Group, Permission):
        post_save.connect(permissions_changed, sender=model, dispatch_uid=f"permissions.{model._meta.label}.save")
        post_delete.connect(permissions_changed, sender=model, dispatch_uid=f"permissions.{model._meta.label}.delete")
    for through in (user.groups.through, user.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(permissions_changed, sender=through, dispatch_uid=f"permissions.{through._meta.label}")
