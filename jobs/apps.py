from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Positions and job descriptions")

    def ready(self):
        from django.db.models.signals import post_migrate  # noqa: PLC0415

        from jobs import checks, tasks  # noqa: F401, PLC0415 - registers the start-up checks and the background work
        from jobs import search  # noqa: PLC0415
        from jobs.documents import invalidation  # noqa: PLC0415

        invalidation.connect()
        search.connect_signals()
        post_migrate.connect(search.refresh_missing_search_documents, sender=self, dispatch_uid="search-missing")
