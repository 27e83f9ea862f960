"""HR gets the permissions of the company document templates (upload, replace, delete); managers,
as ever, only the view permission (see jobs.roles), which opens no admin page to them."""
from django.db import migrations

from jobs.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0014_document_templates"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
