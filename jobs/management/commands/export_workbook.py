from pathlib import Path

from django.core.management.base import BaseCommand

from jobs.importing import export_workbook, template_workbook


class Command(BaseCommand):
    help = "Write the whole organisation as the import workbook (.xlsx). --template writes only the headers."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--template", action="store_true", help="an empty workbook with every sheet and header")
        parser.add_argument("--no-confidential", action="store_true", help="leave out salary grade and level")

    def handle(self, *args, path, template, no_confidential, **options):
        include = not no_confidential
        content = template_workbook(include_confidential=include) if template else export_workbook(include_confidential=include)
        Path(path).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"已写入 {path}"))
