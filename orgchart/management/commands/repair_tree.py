"""Rebuild the department tree and the reporting lines from their parent links.

The parent links (上级部门, 直接上级) are what HR entered; django-mptt's nested-set numbers are
rebuilt from them, inside the tree lock, siblings keeping their present order. A loop of parents
cannot be numbered: it is listed and left for HR to give one member another parent, unless
``--break-loops`` detaches the member of each loop that was created first (it becomes a top-level
department, or a position without a superior). ``check_org`` and the quality page find these problems.
"""
from django.core.management.base import BaseCommand

from departments.models import Department
from jobs.models import Position
from kernel import tree_integrity, versions


def _name(node):
    return f"{node.code} {node.name if isinstance(node, Department) else node.title}"


class Command(BaseCommand):
    help = (
        "Rebuild the department tree and the reporting lines from their parent links. Lists loops of parents "
        "and exits 1 while one is left; --break-loops detaches the first-created member of each loop."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would change, change nothing.")
        parser.add_argument(
            "--break-loops", action="store_true",
            help="Detach the first-created member of each loop of parents (it becomes a top-level node), then rebuild.",
        )

    def handle(self, *args, dry_run=False, break_loops=False, **options):
        would = "would be " if dry_run else ""
        left_broken = False
        for model, tree in ((Department, "department tree"), (Position, "reporting lines")):
            result = tree_integrity.repair(model, break_loops=break_loops, dry_run=dry_run)
            if not result.problems:
                self.stdout.write(f"{tree}: consistent, nothing to do.")
                continue
            pks = {pk for loop in result.loops for pk in loop} | {former for _pk, former in result.detached if former}
            names = {node.pk: _name(node) for node in model._base_manager.filter(pk__in=pks)}
            for loop in result.loops:
                self.stdout.write(f"{tree}: loop of parents: {' → '.join(names[pk] for pk in (*loop, loop[0]))}")
            for pk, former in result.detached:
                self.stdout.write(
                    f"{tree}: {names[pk]} {would}detached from {names.get(former, '-')} and made top-level; "
                    "give it its proper parent in the admin."
                )
            if result.left_broken:
                left_broken = True
                self.stdout.write(
                    f"{tree}: left as it is. Give one member of each loop another parent in the admin, then run "
                    "repair_tree again (or run it with --break-loops)."
                )
                continue
            out_of_place = sum(problem.kind == tree_integrity.NUMBERS for problem in result.problems)
            self.stdout.write(
                f"{tree}: out of place {out_of_place}, loops {len(result.loops)}; "
                f"{would}rebuilt from the parent links."
            )
        if not dry_run:  # tree numbers rewritten without signals: charts and kept documents follow
            versions.raise_now(versions.ORGANISATION)
            versions.raise_now(versions.DOCUMENTS)
        if left_broken:
            raise SystemExit(1)
