from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from departments.models import Department
from jobs.services import load_organisation_file


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo company from demo/company.json. Running it twice changes nothing. "
        "Positions marked published are published as the Publish button does, by --approver if given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.DEMO_COMPANY_FILE))
        parser.add_argument("--approver", help="username recorded as the approver of the positions it publishes")
        parser.add_argument(
            "--if-empty", action="store_true",
            help="load only into an empty organisation: what users changed since the first load is kept (make run)",
        )

    def handle(self, *args, path, approver=None, if_empty=False, **options):
        if if_empty and Department.objects.exists():
            self.stdout.write("The organisation already holds data: the demo is not loaded again (delete db.sqlite3 to start afresh).")
            return
        user = None
        if approver:
            user = get_user_model().objects.filter(username=approver).first()
            if user is None:
                raise CommandError(f"There is no user {approver!r}.")
        counts = load_organisation_file(path=path, approver=user)
        self.stdout.write(
            self.style.SUCCESS(f"Demo company loaded: {counts['departments']} departments, {counts['positions']} positions.")
        )
