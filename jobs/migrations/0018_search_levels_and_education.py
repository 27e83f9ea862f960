"""The search documents now carry the job level, the job family and the education level by name:
drop them, and ``jobs.search.refresh_missing_search_documents`` (after ``migrate``) rebuilds them."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("jobs", "0017_standard_review"),
    ]

    operations = [
        migrations.RunSQL("DELETE FROM jobs_searchdocument", reverse_sql=migrations.RunSQL.noop),
    ]
