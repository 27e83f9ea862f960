"""Create the HR and Manager groups with their permissions.

HR edits everything in the organisation apps and sees confidential salary fields; a
Manager may only view.  Permissions are created here first because Django normally
creates them after all migrations have run.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

ORG_APPS = ("departments", "jobs")


def create_roles(apps, schema_editor):
    for label in ORG_APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    org_permissions = Permission.objects.filter(content_type__app_label__in=ORG_APPS)

    hr, _ = Group.objects.get_or_create(name="HR")
    hr.permissions.add(*org_permissions)

    manager, _ = Group.objects.get_or_create(name="Manager")
    manager.permissions.add(*org_permissions.filter(codename__startswith="view_").exclude(codename="view_confidential"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["HR", "Manager"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("departments", "0002_initial"),
        ("jobs", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
