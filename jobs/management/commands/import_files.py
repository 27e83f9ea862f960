from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from tqdm import tqdm

from jobs.importing import import_files
from jobs.models import ImportMapping
from kernel.wording import listing

STAGES = ("read", "parse", "lookups", "departments", "positions", "rows", "write departments", "write positions", "write rows")


class Command(BaseCommand):
    help = (
        "Import any organisation files — workbooks (.xlsx, .xls), CSV/TSV/JSON, Word job descriptions (.docx) — "
        "each recognised by its content, all rows of all files or none. --dry-run only reports what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--mapping", metavar="NAME", help="a column mapping saved in the admin's import page")
        parser.add_argument("--encoding", choices=("auto", "utf-8", "gbk"), default="auto", help="text encoding of CSV/TSV files")
        parser.add_argument("--user", metavar="USERNAME", help="recorded in the history as the importing user")

    def handle(self, *args, paths, dry_run, mapping, encoding, user, **options):
        files = []
        for path in paths:
            file = Path(path)
            if not file.is_file():
                raise CommandError(_("File not found: %(path)s") % {"path": path})
            files.append((file.name, file.read_bytes()))
        saved = list(ImportMapping.objects.all())
        if mapping:
            saved = [m for m in saved if m.name == mapping]
            if not saved:
                known = listing(ImportMapping.objects.values_list("name", flat=True)) or _("(none yet)")
                raise CommandError(
                    _("There is no column mapping named “%(name)s”. The saved ones: %(saved)s.") % {"name": mapping, "saved": known}
                )
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(_("There is no user “%(user)s”.") % {"user": user})
        # tqdm draws a bar on a terminal and stays quiet about it when output is redirected.
        with tqdm(
            total=len(STAGES), desc=pgettext("progress bar", "Import"), unit=pgettext("progress bar", "stage"), disable=None,
            file=self.stderr._out,
        ) as bar:
            def progress(stage):
                bar.set_postfix_str(stage)
                bar.update(1)

            report = import_files(
                files=files, encoding=encoding, dry_run=dry_run, progress=progress, saved_mappings=saved, user=importer,
            )
        print_report(self, report)
        problems = report.all_problems
        if problems:
            raise CommandError(ngettext(
                "%(count)d problem found: nothing was imported. Correct the files as the messages above say (or name "
                "a column mapping with --mapping) and import again.",
                "%(count)d problems found: nothing was imported. Correct the files as the messages above say (or name "
                "a column mapping with --mapping) and import again.",
                len(problems),
            ) % {"count": len(problems)})
        self.stdout.write(self.style.SUCCESS(
            _("Dry run finished: the files can be imported; nothing was written.") if dry_run else _("Import finished.")
        ))


def print_report(command, report):
    """The preview's report as text: where each column goes, the counts per sheet, what was not
    recognised, the notes and the problems."""
    write, style = command.stdout.write, command.style
    for mapping in report.mappings:
        write(
            _("[%(sheet)s] → %(kind)s (header in row %(row)d)")
            % {"sheet": mapping.name, "kind": mapping.spec.title, "row": mapping.header_row}
        )
        for choice in mapping.columns:
            column = {
                "header": choice.header or _("Column %(number)d") % {"number": choice.index + 1}, "how": choice.how_label,
                "target": choice.target.label if choice.target else "",
            }
            if choice.skipped:
                skipped = _("%(header)s → not imported (%(how)s)") if choice.how_label else _("%(header)s → not imported")
                write("  " + skipped % column)
            elif choice.target:
                write("  " + _("%(header)s → %(target)s (%(how)s)") % column)
            else:
                write(style.ERROR("  " + _("%(header)s → ? (no field)") % column))
    for line in report.summary_lines():
        write(line)
    for sheet in report.sheets.values():
        for row in sheet.rows:
            for piece in row.unread:
                write(style.WARNING(
                    _("Not recognised (%(source)s %(label)s): %(text)s")
                    % {"source": row.source or sheet.title, "label": row.label, "text": piece}
                ))
            for note in row.notes:
                write(
                    _("Note (%(sheet)s row %(row)d %(label)s): %(note)s")
                    % {"sheet": sheet.title, "row": row.row, "label": row.label, "note": note}
                )
    for warning in report.warnings:
        write(style.WARNING(_("Warning: %(warning)s") % {"warning": warning}))
    for problem in report.all_problems:
        write(style.ERROR(str(problem)))
