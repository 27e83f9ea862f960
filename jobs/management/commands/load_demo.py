from django.conf import settings
from django.core.management.base import BaseCommand

from jobs.services import load_organisation_file


class Command(BaseCommand):
    help = "Load (or refresh) the demo company from demo/company.json. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.DEMO_COMPANY_FILE))

    def handle(self, *args, path, **options):
        counts = load_organisation_file(path=path)
        self.stdout.write(
            self.style.SUCCESS(f"Demo company loaded: {counts['departments']} departments, {counts['positions']} positions.")
        )
