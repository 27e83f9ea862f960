"""The HR, Manager and 审核人 (reviewer) groups and their permissions.

Used by migration 0002 (with the historical app registry) and by anything that has to
restore the roles after a database flush, such as transactional browser tests.
HR edits everything in the organisation apps and sees confidential salary fields; a
Manager may only view. A 审核人 views like a manager and reviews job descriptions submitted for
review (``jobs.reviews``): approving publishes them. HR does not get the review permission, so
that when review is required (``JD_REVIEW_REQUIRED``) HR cannot publish alone.
"""
from django.contrib.auth.management import create_permissions

ORG_APPS = ("departments", "jobs")
CONFIDENTIAL_CODENAME = "view_confidential"
CONFIDENTIAL_PERMISSION = f"jobs.{CONFIDENTIAL_CODENAME}"
CONFIDENTIAL_FIELDS = ("salary_grade", "salary_level")  # of Position: shown only with CONFIDENTIAL_PERMISSION
EDIT_PERMISSION = "jobs.change_position"
REVIEW_CODENAME = "review_position"
REVIEW_PERMISSION = f"jobs.{REVIEW_CODENAME}"
REVIEWER_GROUP = "审核人"
LOCKOUT_CODENAMES = ("view_accessattempt", "delete_accessattempt")


def create_roles(apps, schema_editor=None):
    for label in ORG_APPS:
        app_config = apps.get_app_config(label)
        if getattr(app_config, "models_module", None) is None:
            app_config.models_module = True  # historical app configs have none; create_permissions needs one
        create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    org_permissions = Permission.objects.filter(content_type__app_label__in=ORG_APPS)

    hr, _ = Group.objects.get_or_create(name="HR")
    hr.permissions.add(*org_permissions.exclude(codename=REVIEW_CODENAME))

    manager, _ = Group.objects.get_or_create(name="Manager")
    manager.permissions.add(*org_permissions.filter(codename__startswith="view_").exclude(codename=CONFIDENTIAL_CODENAME))
    create_reviewer_role(apps)


def create_reviewer_role(apps, schema_editor=None):
    """The group 审核人: a manager's view permissions and ``jobs.review_position``."""
    app_config = apps.get_app_config("jobs")
    if getattr(app_config, "models_module", None) is None:
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    org_permissions = Permission.objects.filter(content_type__app_label__in=ORG_APPS)
    reviewer, _ = apps.get_model("auth", "Group").objects.get_or_create(name=REVIEWER_GROUP)
    reviewer.permissions.add(
        *org_permissions.filter(codename__startswith="view_").exclude(codename=CONFIDENTIAL_CODENAME),
        *org_permissions.filter(codename=REVIEW_CODENAME),
    )


def remove_reviewer_role(apps, schema_editor=None):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWER_GROUP).delete()


def let_hr_lift_lockouts(apps, schema_editor=None):
    """HR unlocks a user locked out by login throttling (django-axes), as the login page says."""
    app_config = apps.get_app_config("axes")
    if getattr(app_config, "models_module", None) is None:
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    lockouts = Permission.objects.filter(content_type__app_label="axes", codename__in=LOCKOUT_CODENAMES)
    apps.get_model("auth", "Group").objects.get(name="HR").permissions.add(*lockouts)


def remove_roles(apps, schema_editor=None):
    apps.get_model("auth", "Group").objects.filter(name__in=["HR", "Manager", REVIEWER_GROUP]).delete()
