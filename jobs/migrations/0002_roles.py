"""Create the HR and Manager groups with their permissions (see jobs.roles)."""
from django.db import migrations

from jobs.roles import create_roles, remove_roles


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("departments", "0002_initial"),
        ("jobs", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
