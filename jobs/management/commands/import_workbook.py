from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from tqdm import tqdm

from jobs.importing import import_workbook
from jobs.management.commands.import_files import STAGES, print_report



class Command(BaseCommand):
    help = (
        "Import a whole organisation from one workbook (.xlsx, or one sheet as .csv/.tsv/.json). "
        "All rows or none; --dry-run only reports what would change. import_files takes any files, Word included."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--encoding", choices=("auto", "utf-8", "gbk"), default="auto", help="text encoding of a CSV/TSV file")

    def handle(self, *args, path, dry_run, encoding, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        # tqdm draws a bar on a terminal and stays quiet about it when output is redirected.
        with tqdm(
            total=len(STAGES), desc=pgettext("progress bar", "Import"), unit=pgettext("progress bar", "stage"), disable=None,
            file=self.stderr._out,
        ) as bar:
            def progress(stage):
                bar.set_postfix_str(stage)
                bar.update(1)

            report = import_workbook(content=file.read_bytes(), filename=file.name, encoding=encoding, dry_run=dry_run, progress=progress)
        print_report(self, report)
        problems = report.all_problems
        if problems:
            raise CommandError(ngettext(
                "%(count)d problem found: nothing was imported. Correct the file as the messages above say and import again.",
                "%(count)d problems found: nothing was imported. Correct the file as the messages above say and import again.",
                len(problems),
            ) % {"count": len(problems)})
        if dry_run:
            self.stdout.write(self.style.SUCCESS(_("Dry run finished: the file can be imported; nothing was written.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import finished.")))
