"""The organisation's version: raised once per transaction that saves or deletes a department, a
position or any of their rows (``kernel.versions.ORGANISATION``).

The chart data derives its ETag and its cache key from it (``orgchart.views``), so an unchanged
organisation answers 304 and a changed one is built again. Bulk writes that send no signals raise
it themselves: the workbook import, the generated organisations, ``repair_tree``.
"""
from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from kernel import versions

ORGANISATION_APPS = ("departments", "jobs")
UID = "orgchart.organisation_version"


def organisation_changed(sender, raw=False, **kwargs):
    if not raw:
        versions.raise_on_commit(versions.ORGANISATION)


def links_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        versions.raise_on_commit(versions.ORGANISATION)


def connect():
    """Called once by the site's app when it is ready: every model of the organisation apps."""
    for label in ORGANISATION_APPS:
        for model in apps.get_app_config(label).get_models():
            if hasattr(model, "instance_type"):
                continue  # django-simple-history's records are written with the rows they record
            post_save.connect(organisation_changed, sender=model, dispatch_uid=f"{UID}.save.{model._meta.label}")
            post_delete.connect(organisation_changed, sender=model, dispatch_uid=f"{UID}.delete.{model._meta.label}")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"{UID}.links.{through._meta.label}")
