"""The search documents now carry the title of the standard position whose sections a position
shows: drop them, and ``jobs.search.refresh_missing_search_documents`` (after ``migrate``) rebuilds them."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("jobs", "0018_search_levels_and_education"),
    ]

    operations = [
        migrations.RunSQL("DELETE FROM jobs_searchdocument", reverse_sql=migrations.RunSQL.noop),
    ]
