"""HR gets the permissions of the models added since the roles were made (saved import mappings);
managers, as ever, only the view permissions (see jobs.roles)."""
from django.db import migrations

from jobs.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0009_importmapping"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
