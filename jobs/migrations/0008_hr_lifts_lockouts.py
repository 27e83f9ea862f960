"""HR may see and lift login lock-outs (django-axes' access attempts); see jobs.roles."""
from django.db import migrations

from jobs.roles import let_hr_lift_lockouts


class Migration(migrations.Migration):
    dependencies = [
        ("axes", "0010_accessattemptexpiration"),
        ("jobs", "0007_code_letters_digits_dash_underscore_dot"),
    ]

    operations = [migrations.RunPython(let_hr_lift_lockouts, migrations.RunPython.noop)]
