"""Phase 5 of an import: write a checked :class:`~jobs.importing.resolving.Plan` — bulk inserts,
one tree numbering, executemany updates, and the history rows the bulk writes bypass.

Runs only after every row has been checked, inside the import's transaction.
"""
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from departments.models import Department
from jobs.importing.references import TREE_FIELDS
from jobs.importing.resolving import chunks as _chunks
from jobs.importing.sheets import REF, REFS, SHEETS_BY_KEY, STATUS_LABELS
from jobs.models import JobFamily, JobLevel, Position, Qualification, StandardPosition, StandardQualification
from jobs.models.position import LINK_FIELDS
from jobs.search import refresh_search_documents

BATCH = 500


class Writer:
    """Writes ``plan``; ``user`` and ``reason`` go on every history row, ``report`` gets the
    publications, ``step(name)`` is called as each stage finishes."""

    def __init__(self, plan, *, report, user=None, reason="", step=lambda name: None):
        self.plan, self.report, self.user, self.history_reason, self.step = plan, report, user, reason, step

    def write(self):
        self._history = {}  # model -> {pk: (obj, is_update)}: one historical row per written object
        self._standards_reopened = self.plan.standards_reopened()
        self._write()
        self._reopen_published()
        self._write_history()
        note_publications(self.report, *self._publications, standards=self._standards_reopened)
        if not self.report.dry_run:  # the bulk writes send no signals; a preview is rolled back anyway
            refresh_search_documents(self._history.get(Position, {}).keys())

    def _reopen_published(self):
        """Make drafts of the published positions the import changes (``Plan.publications``: an
        import never publishes); every position the import touches gets a historical row."""
        positions = self.plan.positions
        self._publications = _marked, reopened = self.plan.publications()
        touched = {positions[code].pk for code in self.plan.touched()}
        written = self._history.get(Position, {})
        for chunk in _chunks(touched - written.keys()):
            self._remember(Position, Position.objects.filter(pk__in=chunk), update=True)
        objects = {pk: obj for pk, (obj, _update) in self._history.get(Position, {}).items()}
        reopened = [objects[positions[code].pk] for code in reopened]
        for obj in reopened:
            obj.status = Position.Status.DRAFT
        self._update(Position, reopened, ["status"])

    def _remember(self, model, objects, *, update):
        written = self._history.setdefault(model, {})
        for obj in objects:
            written.setdefault(obj.pk, (obj, update))

    def _write_history(self):
        """The bulk writes bypass simple-history's signals: add the historical rows here, all dated
        now, by the importing user, with the import named as the reason ("+" created, "~" changed).

        Sent as one prepared INSERT run with executemany, like ``_update``: simple-history's
        ``bulk_history_create`` builds a model instance per row and compiles a bulk INSERT, which
        costs several times more at import size.
        """
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        now, user, reason = timezone.now(), self.user, self.history_reason
        user_id = getattr(user, "pk", None)
        quote = connection.ops.quote_name
        for model, written in self._history.items():
            historical = model.history.model
            tracked = [historical._meta.get_field(f.name) for f in historical.tracked_fields]
            extra = [historical._meta.get_field(name) for name in ("history_date", "history_change_reason", "history_type", "history_user")]
            sql = "INSERT INTO {} ({}) VALUES ({})".format(
                quote(historical._meta.db_table),
                ", ".join(quote(f.column) for f in tracked + extra),
                ", ".join(["%s"] * (len(tracked) + len(extra))),
            )
            date = extra[0].get_db_prep_save(now, connection)
            params = [
                [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in tracked]
                + [date, reason, "~" if update else "+", user_id]
                for obj, update in written.values()
            ]
            with connection.cursor() as cursor:
                for chunk in _chunks(params, 2000):
                    cursor.executemany(sql, chunk)
                if model is Position:
                    self._write_link_history(cursor, date, reason)
        self.step("write history")

    @staticmethod
    def _write_link_history(cursor, date, reason):
        """Each position's links as they stand, attached to the historical rows just written
        (what simple-history does per save for ``m2m_fields``): one INSERT … SELECT per kind."""
        quote = connection.ops.quote_name
        historical = Position.history.model
        for name in LINK_FIELDS:
            through = getattr(Position, name).through
            linked = getattr(historical, name).model
            columns = [linked._meta.get_field(f).column for f in ("id", "from_position", "to_position", "history")]
            cursor.execute(
                f"INSERT INTO {quote(linked._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
                f"SELECT t.{quote('id')}, t.{quote('from_position_id')}, t.{quote('to_position_id')}, h.{quote('history_id')} "
                f"FROM {quote(through._meta.db_table)} t JOIN {quote(historical._meta.db_table)} h "
                f"ON h.{quote('id')} = t.{quote('from_position_id')} "
                f"WHERE h.{quote('history_date')} = %s AND h.{quote('history_change_reason')} = %s",
                [date, reason],
            )

    def _write(self):
        plan = self.plan
        self._bulk_save(JobLevel, plan.levels, ["name", "rank"])
        self._bulk_save(JobFamily, plan.families, ["name"])
        self._write_standards()
        departments, positions = plan.departments, plan.positions
        department_fields = [c.name for c in SHEETS_BY_KEY["departments"].columns if c.kind not in (REF, REFS)]
        for code in departments.tree.rows:
            departments.final_parent(code)  # resolved already; makes sure every row's parent is decided
        with Department.objects.disable_mptt_updates():
            self._write_tree(departments.tree, "parent", department_fields + ["parent"] + TREE_FIELDS)
        self.step("write departments")
        position_fields = [c.name for c in SHEETS_BY_KEY["positions"].columns if c.kind not in (REF, REFS)]
        for code, row in positions.tree.rows.items():
            department = positions.department.get(code)
            row.obj.department_id = departments[department].pk if department else None
            for name in ("job_level", "family"):
                if name in row.refs:
                    setattr(row.obj, f"{name}_id", getattr(row.refs[name], "pk", None))
            if "standard" in row.refs:
                row.obj.standard_id = plan.standards[row.refs["standard"]].pk if row.refs["standard"] else None
        with Position.objects.disable_mptt_updates():
            self._write_tree(
                positions.tree, "reports_to",
                position_fields + ["department", "reports_to", "job_level", "family", "standard", "own_sections"] + TREE_FIELDS,
            )
        self.step("write positions")
        heads = []
        for row in departments.tree.rows.values():
            if "head_position" in row.refs:
                head = row.refs["head_position"]
                wanted = positions[head].pk if head else None
                if row.obj.head_position_id != wanted:
                    row.obj.head_position_id = wanted
                    heads.append(row.obj)
        self._update(Department, heads, ["head_position"])
        self._remember(Department, heads, update=True)
        for row in plan.qualifications:
            row.obj.position_id = positions[row.refs["position"]].pk
        qualification_fields = [c.name for c in SHEETS_BY_KEY["qualifications"].columns if c.kind not in (REF, REFS)]
        self._bulk_save(Qualification, plan.qualifications, qualification_fields)
        for row in plan.standard_qualifications:
            row.obj.standard_position_id = plan.standards[row.refs["owner"]].pk
        self._bulk_save(StandardQualification, plan.standard_qualifications, qualification_fields)
        self._write_links()
        owners_of = {"position": positions, "department": departments, "standard_position": plan.standards}
        for child_rows in plan.child_rows.values():
            kind = child_rows.kind
            owners = owners_of[kind.parent]
            for row in child_rows.rows:
                if row.obj is not None:
                    setattr(row.obj, f"{kind.parent}_id", owners[row.refs["owner"]].pk)
            for chunk in _chunks(child_rows.surplus):
                kind.model.objects.filter(pk__in=chunk).delete()
                kind.model.history.filter(id__in=chunk, history_type="-", history_change_reason=None).update(
                    history_change_reason=self.history_reason, history_user=self.user
                )
            fields = [c.name for c in SHEETS_BY_KEY[child_rows.sheet].columns if c.kind not in (REF, REFS)] + ["order"]
            self._bulk_save(kind.model, [r for r in child_rows.rows if r.obj is not None], fields)
        self.step("write rows")

    def _write_standards(self):
        """The 基准岗位 rows; a published standard position the import changes (its row, its
        qualification or its rows) becomes a draft: positions keep showing its published version
        until it is reviewed and published again."""
        standards = self.plan.standards
        spec = SHEETS_BY_KEY["standards"]
        fields = [c.name for c in spec.columns if c.kind not in (REF, REFS) and c.imported] + ["job_level", "family", "status"]
        rows = list(standards.rows.values())
        for row in rows:
            for name in ("job_level", "family"):
                if name in row.refs:
                    setattr(row.obj, f"{name}_id", getattr(row.refs[name], "pk", None))
        for code in self._standards_reopened:
            standards[code].status = StandardPosition.Status.DRAFT
        self._bulk_save(StandardPosition, rows, fields)
        # the others the import changes (their status, qualification or rows): a historical row each, as a save in the admin
        written = {row.obj.code for row in rows if row.is_new or row.dirty}
        others = [standards[code] for code in self.plan.standards_touched() - written]
        self._update(StandardPosition, [obj for obj in others if obj.code in self._standards_reopened], ["status"])
        self._remember(StandardPosition, others, update=True)

    def _write_tree(self, tree, parent_field, fields):
        """Number the final tree once, insert new nodes a level at a time (parents first, so every
        parent already has its key), and update the existing nodes that changed, including the
        new nodes no row gives (``tree.created``: departments named on the 岗位 sheet)."""
        model, nodes, rows = tree.model, tree.nodes, tree.rows
        dirty = {code for code, row in rows.items() if row.dirty and not row.is_new}
        dirty |= self._number_tree(nodes, tree.final_parent, tree.order)
        new = [row.obj for row in rows.values() if row.is_new] + [nodes[code] for code in tree.created]
        new.sort(key=lambda obj: obj.level)
        by_level = {}
        for obj in new:
            by_level.setdefault(obj.level, []).append(obj)
        for level in sorted(by_level):
            for obj in by_level[level]:
                parent = tree.final_parent(obj.code)
                setattr(obj, f"{parent_field}_id", nodes[parent].pk if parent else None)
            model.objects.bulk_create(by_level[level], batch_size=BATCH)
            self._remember(model, by_level[level], update=False)
        existing = []
        for code in dirty:
            obj = nodes[code]
            if obj.pk is None or code in rows and rows[code].is_new:
                continue
            parent = tree.final_parent(code)
            setattr(obj, f"{parent_field}_id", nodes[parent].pk if parent else None)
            existing.append(obj)
        self._update(model, existing, fields)
        self._remember(model, [obj for obj in existing if obj.code in rows and rows[obj.code].dirty], update=True)

    def _bulk_save(self, model, rows, fields):
        new = [r.obj for r in rows if r.is_new and r.obj is not None]
        changed = [r.obj for r in rows if r.dirty and not r.is_new and r.obj is not None]
        model.objects.bulk_create(new, batch_size=BATCH)
        self._update(model, changed, fields)
        if hasattr(model, "history"):
            self._remember(model, new, update=False)
            self._remember(model, changed, update=True)

    @staticmethod
    def _update(model, objects, fields):
        """UPDATE … WHERE pk = %s for each object, sent with executemany.

        Django's ``bulk_update`` builds one CASE WHEN per field and object, which costs far more
        than the database work at this size; one prepared statement executed many times does not.
        """
        if not objects:
            return
        concrete = [model._meta.get_field(name) for name in fields]
        quote = connection.ops.quote_name
        sql = "UPDATE {} SET {} WHERE {} = %s".format(
            quote(model._meta.db_table),
            ", ".join(f"{quote(f.column)} = %s" for f in concrete),
            quote(model._meta.pk.column),
        )
        params = [
            [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in concrete] + [obj.pk] for obj in objects
        ]
        with connection.cursor() as cursor:
            for chunk in _chunks(params, 2000):
                cursor.executemany(sql, chunk)

    @staticmethod
    def _number_tree(nodes, parent_of, order_key):
        """Give every node its MPTT numbers from ``parent_of(code)``; return the codes whose numbers changed.

        This replaces MPTT's per-row tree shifting: one pass over the final tree, siblings in
        file order (records not in the file keep their order, after those in the file).
        """
        children = {}
        for code in nodes:
            children.setdefault(parent_of(code), []).append(code)
        for siblings in children.values():
            siblings.sort(key=lambda code: order_key.get(code, (2, 0, 0)))
        changed = set()
        for tree_id, root in enumerate(children.get(None, []), start=1):
            counter = 0
            stack = [(root, 0, False)]
            while stack:
                code, level, closing = stack.pop()
                counter += 1
                obj = nodes[code]
                if closing:
                    if obj.rght != counter:
                        obj.rght = counter
                        changed.add(code)
                    continue
                if (obj.lft, obj.tree_id, obj.level) != (counter, tree_id, level):
                    obj.lft, obj.tree_id, obj.level = counter, tree_id, level
                    changed.add(code)
                stack.append((code, level, True))
                for child in reversed(children.get(code, [])):
                    stack.append((child, level + 1, False))
        return changed

    def _write_links(self):
        """The links ``Resolver._resolve_links`` decided: stale pairs deleted, new ones added, and a
        historical row for each position whose links change."""
        positions = self.plan.positions
        for name, (stale, added) in self.plan.links.items():
            through = getattr(Position, name).through
            for a, b in stale:
                through.objects.filter(from_position_id=positions[a].pk, to_position_id=positions[b].pk).delete()
            through.objects.bulk_create(
                [through(from_position_id=positions[a].pk, to_position_id=positions[b].pk) for a, b in added],
                batch_size=BATCH, ignore_conflicts=True,
            )
        relinked = {positions[code].pk for code in self.plan.relinked}
        self._remember(Position, [obj for obj in positions.tree.nodes.values() if obj.pk in relinked], update=True)


def note_publications(report, marked, reopened, *, standards=()):
    """Count in ``report`` the rows saying 已发布 that the import changes (written as drafts: an
    import never publishes) and the published positions it makes drafts, and say what that means:
    the same words for the preview (which writes nothing) and the import."""
    report.not_published, report.reopened, report.standards_reopened = len(marked), len(reopened), len(standards)
    words = {"published": STATUS_LABELS[Position.Status.PUBLISHED], "button": gettext("Publish"), "submit": gettext("Submit for review")}
    if report.not_published:
        report.warnings.append(ngettext(
            "%(count)d row says “%(published)s”, but an import never publishes: the position is written as a draft "
            "(managers keep seeing its published version, if it has one). Check it, then use “%(submit)s” — or "
            "“%(button)s” where you may publish.",
            "%(count)d rows say “%(published)s”, but an import never publishes: the positions are written as drafts "
            "(managers keep seeing their published versions, where they have one). Check them, then use "
            "“%(submit)s” — or “%(button)s” where you may publish.",
            report.not_published,
        ) % {"count": report.not_published, **words})
    if report.reopened:
        report.warnings.append(ngettext(
            "%(count)d published position becomes a draft because this import changes it: managers still see the "
            "published version; check it, then use “%(submit)s” — or “%(button)s” where you may publish.",
            "%(count)d published positions become drafts because this import changes them: managers still see "
            "the published versions; check them, then use “%(submit)s” — or “%(button)s” where you may publish.",
            report.reopened,
        ) % {"count": report.reopened, **words})
    if report.standards_reopened:
        report.warnings.append(ngettext(
            "%(count)d standard position, published or in review, becomes a draft because this import changes it: "
            "the positions based on it keep showing its published version until it is reviewed and published again.",
            "%(count)d standard positions, published or in review, become drafts because this import changes them: "
            "the positions based on them keep showing their published versions until they are reviewed and "
            "published again.",
            report.standards_reopened,
        ) % {"count": report.standards_reopened})
