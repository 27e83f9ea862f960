"""Print the data-quality report (the same as the /quality/ page) to the console."""
from django.core.management.base import BaseCommand, CommandError

from orgchart.quality import build_report


class Command(BaseCommand):
    help = "Print the organisation's data-quality report. Exits 1 with --fail-on-findings when there are findings."

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
        if report.findings and options["fail_on_findings"]:
            raise SystemExit(1)
