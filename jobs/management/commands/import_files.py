from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jobs.importing import import_files
from jobs.models import ImportMapping

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
                raise CommandError(f"找不到文件：{path}")
            files.append((file.name, file.read_bytes()))
        saved = list(ImportMapping.objects.all())
        if mapping:
            saved = [m for m in saved if m.name == mapping]
            if not saved:
                known = "、".join(ImportMapping.objects.values_list("name", flat=True)) or "（还没有）"
                raise CommandError(f"没有名为“{mapping}”的列对应关系。已保存的：{known}。")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"没有用户“{user}”。")
        # tqdm draws a bar on a terminal and stays quiet about it when output is redirected.
        with tqdm(total=len(STAGES), desc="导入", unit="步", disable=None, file=self.stderr._out) as bar:
            def progress(stage):
                bar.set_postfix_str(stage)
                bar.update(1)

            report = import_files(
                files=files, encoding=encoding, dry_run=dry_run, progress=progress, saved_mappings=saved, user=importer,
            )
        print_report(self, report)
        problems = report.all_problems
        if problems:
            raise CommandError(f"发现 {len(problems)} 处错误，没有导入任何数据。请按上面的提示修改文件（或用 --mapping 指定列对应关系）后重新导入。")
        self.stdout.write(self.style.SUCCESS("试运行完成：文件可以导入，没有写入任何数据。" if dry_run else "导入完成。"))


def print_report(command, report):
    """The preview's report as text: where each column goes, the counts per sheet, what was not
    recognised, the notes and the problems."""
    write, style = command.stdout.write, command.style
    for mapping in report.mappings:
        write(f"【{mapping.name}】→ {mapping.spec.title}（表头在第 {mapping.header_row} 行）")
        for choice in mapping.columns:
            header = choice.header or f"第 {choice.index + 1} 列"
            if choice.skipped:
                write(f"  {header} → 不导入" + (f"（{choice.how_label}）" if choice.how_label else ""))
            elif choice.target:
                write(f"  {header} → {choice.target.label}（{choice.how_label}）")
            else:
                write(style.ERROR(f"  {header} → ？（没有对应的字段）"))
    for line in report.summary_lines():
        write(line)
    for sheet in report.sheets.values():
        for row in sheet.rows:
            for piece in row.unread:
                write(style.WARNING(f"未识别（{row.source or sheet.title} {row.label}）：{piece}"))
            for note in row.notes:
                write(f"说明（{sheet.title} 第 {row.row} 行 {row.label}）：{note}")
    for warning in report.warnings:
        write(style.WARNING(f"提示：{warning}"))
    for problem in report.all_problems:
        write(style.ERROR(str(problem)))
