"""What a user sees of positions: the one place that knows about published versions.

A job description is a controlled document. HR (whoever may change positions) sees the
current rows; everyone else — managers, and HR asking for ``?version=published`` — sees the
last *published* version: never-published and archived positions are hidden, and a position
whose current row is a newer draft shows its published text, title, level and 定员, rebuilt
from the history. The structure (department, reporting line) is not versioned: a published
version always sits where the position sits now, so charts, lists and documents agree.

:class:`Audience` is the selector every page, chart and document goes through; the functions
below it do the work in a fixed number of queries whatever the number of positions.
"""
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from jobs.history import positions_as_of
from jobs.models import JobFamily, JobLevel, Position
from jobs.roles import EDIT_PERMISSION
from jobs.search import search_hits, search_positions
from jobs.standards import show_inherited_labels
from kernel.shortcuts import find_by_code, not_found


def shows_published(user, *, published=False):
    """Whether ``user`` sees published versions only: everyone who may not edit job
    descriptions (managers), and HR when asking for the published version."""
    return published or not user.has_perm(EDIT_PERMISSION)


class Audience:
    """What ``user`` sees of positions (``published``: HR asking for the published version).

    - ``visible(queryset)``: the positions the user may see, as a queryset (for paging);
    - ``show(positions, related=…)``: those positions (and the positions they link to through
      ``related`` foreign keys, e.g. ``reports_to``) as the user sees them — published title,
      level and 定员 for a reader of published versions (one query, none without drafts), and the
      job level and family they inherit from their standard position (one query, none when no
      position is based on one: ``jobs.standards.show_inherited_labels``);
    - ``positions(queryset, related=…)``: both at once, a list;
    - ``search(queryset, text)``: every section of the job description as the user sees it;
    - ``version(position)``: the whole job description the user sees (HR: the position itself).
    """

    def __init__(self, user, *, published=False):
        self.user = user
        self.published_only = shows_published(user, published=published)

    def visible(self, queryset):
        return queryset.in_force() if self.published_only else queryset

    def show(self, positions, *, related=(), also=()):
        positions = list(positions)
        linked = [getattr(position, name) for position in positions for name in related]
        if self.published_only:
            show_published_labels([*positions, *linked, *also])
        show_inherited_labels([*positions, *linked, *also])
        return positions

    def positions(self, queryset, *, related=(), also=()):
        return self.show(self.visible(queryset), related=related, also=also)

    def based_on(self, queryset, standard):
        """The positions of ``queryset`` based on ``standard`` as this reader sees them: for a reader
        of published versions only those whose published row says so (a draft's new link is HR's
        until published; a position whose newer draft keeps the link is left out meanwhile)."""
        queryset = queryset.filter(standard=standard)
        return queryset.filter(status=Position.Status.PUBLISHED) if self.published_only else queryset

    def search(self, queryset, text):
        """Positions whose job description, any section of it, contains every word of ``text``:
        the published version for a reader of published versions (``jobs.search``)."""
        return search_positions(queryset, text, published=self.published_only)

    def search_hits(self, positions, text):
        """{position id: [(section label, highlighted excerpt)]}: where ``text`` was found."""
        return search_hits([p.pk for p in positions], text, published=self.published_only)

    def find(self, text):
        """The position the user may see named by ``text``: its code (without regard to case) or,
        when no code matches, its title if only one visible position has it; None otherwise."""
        visible = self.visible(Position.objects.all())
        found = find_by_code(visible, text)
        if found is None:
            titled = list(visible.filter(title=text)[:2])
            found = titled[0] if len(titled) == 1 else None
        return found

    def picker_rows(self):
        """[[code, title, department], …] of every position the user may see, in tree order, with
        the published titles for a reader of published versions: two queries whatever the size."""
        rows = list(
            self.visible(Position.objects.order_by("tree_id", "lft"))
            .values_list("id", "code", "title", "department__name", "status")
        )
        titles = {}
        if self.published_only:
            drafts = [row[0] for row in rows if row[4] != Position.Status.PUBLISHED]
            titles = {pk: labels[0] for pk, labels in published_labels(drafts).items()} if drafts else {}
        return [[code, titles.get(pk, title), department] for pk, code, title, department, _status in rows]

    def version(self, position, *, snapshots=None):
        """The position the user sees: HR the current row; a reader of published versions the
        last published version, rebuilt from the history when the current row is a draft.
        Http404 — the same as for an unknown code — when there is none to show.

        ``snapshots`` are ``published_snapshots()`` a caller built for many positions at once.
        """
        if not self.published_only or position.status == Position.Status.PUBLISHED and position.approved_at is not None:
            return position
        if position.status != Position.Status.ARCHIVED:
            if snapshots is None:
                snapshots = published_snapshots([position])
            snapshot = snapshots.get(position.pk)
            if snapshot is not None:
                return snapshot
        if self.user.has_perm(EDIT_PERMISSION):  # HR asking for the published version: say why
            raise Http404(_("This job description has not been published yet."))
        raise not_found(Position, position.code)  # as for an unknown code: a reader cannot tell them apart

    def linked(self, positions):
        """Of the positions a document links to, those the user may open."""
        positions = [p for p in positions if p is not None]
        if not self.published_only:
            return positions
        return [p for p in positions if p.approved_at is not None and p.status != Position.Status.ARCHIVED]

    def prepare_links(self, positions):
        """Give the positions documents link to (superior, subordinates, career paths) the labels
        they show, once each, for any number of documents: their published ones for a reader of
        published versions (one query, none without drafts), and the job level and family they
        inherit from a standard position (one query, none without such positions)."""
        positions = [p for p in positions if p is not None and not getattr(p, "links_prepared", False)]
        if self.published_only:
            show_published_labels(positions)
        show_inherited_labels(positions)
        for position in positions:
            position.links_prepared = True


def has_newer_draft(position):
    """True when ``position`` was published once and its current row is an unpublished edit."""
    return position.approved_at is not None and position.status not in (Position.Status.PUBLISHED, Position.Status.ARCHIVED)


def published_snapshots(positions):
    """{pk: snapshot} of the last published version of each of ``positions`` that has a
    newer draft (``positions`` from ``with_job_description()``); ten or eleven queries for any
    number, none when no position has a draft.

    The snapshot keeps the position's current department and reporting line: the
    organisation's structure is not versioned, only the job description is, so a chart,
    a list and a document always agree on where a position sits.
    """
    drafts = [position for position in positions if has_newer_draft(position)]
    if not drafts:
        return {}
    # Its own text as published: the sections it inherits show the standard's current text (job_description_context).
    snapshots = positions_as_of(drafts, {position.pk: position.approved_at for position in drafts}, own_only=True)
    snapshots = {pk: snapshot for pk, snapshot in snapshots.items() if snapshot is not None}
    for position in drafts:
        if position.pk in snapshots:
            snapshots[position.pk].department = position.department
            snapshots[position.pk].reports_to = position.reports_to
    # A draft that changed the job level or family: load the published ones, one query each.
    for name, model in (("job_level", JobLevel), ("family", JobFamily)):
        missing = {
            getattr(s, f"{name}_id") for s in snapshots.values()
            if getattr(s, f"{name}_id") is not None and not type(s)._meta.get_field(name).is_cached(s)
        }
        if missing:
            found = model.objects.in_bulk(missing)
            for snapshot in snapshots.values():
                if getattr(snapshot, f"{name}_id") in missing:  # deleted since: shown as none
                    setattr(snapshot, name, found.get(getattr(snapshot, f"{name}_id")))
    return snapshots


def last_published(position):
    """The snapshot managers see, or None when the position has never been published."""
    if position.approved_at is None:
        return None
    if position.status == Position.Status.PUBLISHED:
        return position
    return published_snapshots([position]).get(position.pk)


def published_labels(position_ids):
    """{pk: (title, job level id, job level name, 定员, standard id, own sections)} of the last
    published version of each of ``position_ids`` (a list or a ``values("id")`` queryset). One query.

    Charts and lists use it to show managers what was published for positions whose
    current row is a newer draft, without rebuilding whole job descriptions. The standard
    position and own sections say whether the published version showed its own level or its
    standard's (``jobs.standards.shown_level_name``).
    """
    newest = (
        Position.history.filter(id=OuterRef("id"), history_date__lte=OuterRef("approved_at"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = Position.objects.filter(pk__in=position_ids, approved_at__isnull=False).annotate(
        record=Subquery(newest)
    ).values("record")
    return {
        pk: labels
        for pk, *labels in Position.history.filter(history_id__in=records).values_list(
            "id", "title", "job_level_id", "job_level__name", "headcount", "standard_id", "own_sections"
        )
    }


def show_published_labels(positions):
    """Give each of ``positions`` (instances) that has a newer draft the title, job level, 定员,
    standard position and own sections of its last published version, in place. One query, none
    when there is no draft."""
    drafts = {}
    for position in positions:
        if position is not None and has_newer_draft(position):
            drafts.setdefault(position.pk, []).append(position)  # one position may come as several instances
    if not drafts:
        return
    for pk, (title, level_id, level_name, headcount, standard_id, own_sections) in published_labels(list(drafts)).items():
        for position in drafts[pk]:
            position.title, position.headcount = title, headcount
            position.job_level = JobLevel(pk=level_id, name=level_name) if level_id else None
            position.standard_id, position.own_sections = standard_id, own_sections
