from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jobs.services import load_organisation_file


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo company from demo/company.json. Running it twice changes nothing. "
        "Positions marked published are published as the Publish button does, by --approver if given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.DEMO_COMPANY_FILE))
        parser.add_argument("--approver", help="username recorded as the approver of the positions it publishes")

    def handle(self, *args, path, approver=None, **options):
        user = None
        if approver:
            user = get_user_model().objects.filter(username=approver).first()
            if user is None:
                raise CommandError(f"There is no user {approver!r}.")
        counts = load_organisation_file(path=path, approver=user)
        self.stdout.write(
            self.style.SUCCESS(f"Demo company loaded: {counts['departments']} departments, {counts['positions']} positions.")
        )
