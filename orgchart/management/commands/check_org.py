"""Print the data-quality report (the same as the /quality/ page) to the console.

Exit status: 2 when a tree is broken (nested-set numbers that do not match the parent links, or a
loop of parents: ``manage.py repair_tree`` repairs it), else 1 with ``--fail-on-findings`` when
anything is found, else 0."""
from django.core.management.base import BaseCommand

from orgchart.quality import build_report


class Command(BaseCommand):
    help = (
        "Print the organisation's data-quality report. Exits 2 when the department tree or the reporting "
        "lines are broken (see repair_tree), 1 with --fail-on-findings when there are other findings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fail-on-findings", action="store_true", help="Exit with status 1 when anything is found.")

    def handle(self, *args, **options):
        report = build_report()
        for kind, label, findings in report.by_kind():
            self.stdout.write(f"{label} ({len(findings)})")
            for finding in findings:
                self.stdout.write(f"  {finding.subject}: {finding.detail}  {finding.url}")
        self.stdout.write("")
        for department, score in report.department_scores:
            self.stdout.write(f"{'  ' * department.level}{department.code} {department.name}: "
                              f"{'—' if score is None else f'{score}%'}")
        self.stdout.write(f"findings: {len(report.findings)}")
        if report.tree_broken:
            self.stderr.write("The department tree or the reporting lines are broken: run `python manage.py repair_tree`.")
            raise SystemExit(2)
        if report.findings and options["fail_on_findings"]:
            raise SystemExit(1)
