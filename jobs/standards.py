"""Standard positions (基准岗位): what a position based on one shows.

- :func:`content_of` reads a standard's current text as plain data; publishing
  (``jobs.services.publish_standard``) stores it as the next ``StandardVersion`` and as
  ``published_content``, the text every position based on it shows from then on;
- :func:`effective` composes what a position shows: each section it does not override, taken
  from its standard's published content, the rest its own. Every renderer (page, .docx, PDF,
  handbook, comparison) goes through ``job_description_context``, which calls it, and so does
  the search index;
- :func:`what_basing_loses` says what a position would stop showing if based on a standard;
- :func:`standard_labels` and :func:`show_inherited_labels` give lists and charts the job level
  and family a position shows (its standard's when it inherits them) without reading whole
  job descriptions: one query for any number of positions.
"""
import copy
from typing import NamedTuple

from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from jobs.models import JobFamily, JobLevel, Position, Qualification, StandardPosition, StandardQualification
from jobs.models.position import QualificationContent
from jobs.models.standards import STANDARD_FIELDS, STANDARD_ROWS, STANDARD_ROWS_BY_KEY, STANDARD_SECTIONS
from kernel.wording import listing

# Sent when a published standard changed the text of positions (``positions``: their pks), once committed.
standard_published = Signal()

QUALIFICATION_FIELDS = tuple(field.name for field in QualificationContent._meta.get_fields() if field.concrete)


def row_values(row, kind):
    return {name: getattr(row, name) for name in kind.fields}


def content_of(standard):
    """The text of ``standard`` as stored now: {"fields", "qualification", "rows"} of plain values."""
    try:
        qualification = standard.qualification
    except StandardQualification.DoesNotExist:
        qualification = None
    return {
        "fields": {name: getattr(standard, name) for name in STANDARD_FIELDS},
        "qualification": {name: getattr(qualification, name) for name in QUALIFICATION_FIELDS} if qualification else None,
        "rows": {kind.key: [row_values(row, kind) for row in kind.of(standard)] for kind in STANDARD_ROWS},
    }


def inherited_sections(position):
    """The sections ``position`` shows from its standard (none without one), in document order."""
    if not position.standard_id:
        return []
    own = set(position.own_sections or ())
    return [section for section in STANDARD_SECTIONS if section.key not in own]


def inherited_text(content, sections):
    """What ``content`` (a version's, ``content_of``) shows in ``sections``, as plain data to compare."""
    return [
        (
            [content["fields"].get(name) for name in section.fields],
            content["rows"].get(section.rows, []) if section.rows else None,
            content["qualification"] if section.qualification else None,
        )
        for section in sections
    ]


def version_label(standard, number):
    """销售代表（XS-01）第 2 版: version ``number`` of ``standard`` as documents and histories name it."""
    return _("%(title)s (%(code)s), version %(number)s") % {"title": standard.title, "code": standard.code, "number": number}


class Lookups:
    """Job levels and families by id, read once for any number of positions (two small queries).

    ``known``: levels and families already loaded (selected with a position or a standard); asking
    for one of them, or for none, reads nothing."""

    def __init__(self, *, known=()):
        self._levels = self._families = None
        self._known = {(type(item), item.pk): item for item in known if item is not None}

    def level(self, pk):
        if pk is None or (JobLevel, pk) in self._known:
            return self._known.get((JobLevel, pk))
        if self._levels is None:
            self._levels = JobLevel.objects.in_bulk()
        return self._levels.get(pk)

    def family(self, pk):
        if pk is None or (JobFamily, pk) in self._known:
            return self._known.get((JobFamily, pk))
        if self._families is None:
            self._families = JobFamily.objects.in_bulk()
        return self._families.get(pk)


def effective(position, standard, *, lookups=None):
    """``position`` as it shows with the sections it inherits from ``standard`` (its published
    content): an unsaved copy, or ``position`` itself when it inherits nothing. No query but the
    lookups' (job levels, families) when the level or family is inherited."""
    sections = inherited_sections(position)
    content = standard.published_content if standard is not None else None
    if not sections or content is None:
        return position
    lookups = lookups or Lookups()
    shown = copy.copy(position)
    shown._state = copy.copy(position._state)
    shown._state.fields_cache = dict(position._state.fields_cache)
    shown._prefetched_objects_cache = dict(getattr(position, "_prefetched_objects_cache", {}))
    for section in sections:
        for name in section.fields:
            value = content["fields"].get(name)
            if name == "job_level_id":
                shown.job_level = lookups.level(value)
            elif name == "family_id":
                shown.family = lookups.family(value)
            else:
                setattr(shown, name, value if value is not None else "")
        if section.rows:
            kind = STANDARD_ROWS_BY_KEY[section.rows]
            shown._prefetched_objects_cache[section.rows] = [
                kind.model(order=number, **values) for number, values in enumerate(content["rows"].get(section.rows, []))
            ]
        if section.qualification:
            values = content["qualification"]
            Position.qualification.related.set_cached_value(shown, StandardQualification(**values) if values else None)
    shown.shown_standard = standard
    shown.inherited_keys = [section.key for section in sections]
    return shown


class InheritedLabels(NamedTuple):
    """The job level and family of a standard position's published version (ids and names, None when it has none)."""

    level_id: int | None
    level_name: str | None
    family_id: int | None
    family_name: str | None


def standard_labels(standard_ids):
    """{standard id: InheritedLabels} of the *published* standards among ``standard_ids``: what
    a position based on one shows as its job level and family when it inherits them (a standard
    never published is left out: its positions show their own). One query, none without ids."""
    standard_ids = {pk for pk in standard_ids if pk is not None}
    if not standard_ids:
        return {}
    name = lambda model, key: Subquery(model.objects.filter(pk=OuterRef(key)).values("name")[:1])  # noqa: E731
    rows = (
        StandardPosition.objects.filter(pk__in=standard_ids, published_content__isnull=False)
        .annotate(
            shown_level=Cast(KT("published_content__fields__job_level_id"), IntegerField()),
            shown_family=Cast(KT("published_content__fields__family_id"), IntegerField()),
        )
        .annotate(shown_level_name=name(JobLevel, "shown_level"), shown_family_name=name(JobFamily, "shown_family"))
        .values_list("id", "shown_level", "shown_level_name", "shown_family", "shown_family_name")
    )
    return {pk: InheritedLabels(*labels) for pk, *labels in rows}


def inherits(key, standard_id, own_sections):
    """True when a position with ``standard_id`` and ``own_sections`` shows section ``key`` from its standard."""
    return standard_id is not None and key not in (own_sections or ())


def shown_level_name(own_name, standard_id, own_sections, labels):
    """The job level name a position shows: its standard's (``labels``: ``standard_labels``) when
    it inherits the level from a published standard, else ``own_name``."""
    inherited = labels.get(standard_id) if inherits("level", standard_id, own_sections) else None
    return own_name if inherited is None else inherited.level_name


def show_inherited_labels(positions):
    """Give each of ``positions`` (instances, with ``standard_id`` and ``own_sections`` loaded) that
    inherits its job level or family from a published standard position the standard's, in place,
    as :func:`effective` shows them. One query, none when no position is based on a standard."""
    based = [p for p in positions if p is not None and (inherits("level", p.standard_id, p.own_sections)
                                                         or inherits("family", p.standard_id, p.own_sections))]
    labels = standard_labels(p.standard_id for p in based)
    for position in based:
        inherited = labels.get(position.standard_id)
        if inherited is None:
            continue
        if inherits("level", position.standard_id, position.own_sections):
            position.job_level = JobLevel(pk=inherited.level_id, name=inherited.level_name) if inherited.level_name else None
        if inherits("family", position.standard_id, position.own_sections):
            position.family = JobFamily(pk=inherited.family_id, name=inherited.family_name) if inherited.family_name else None


def what_basing_loses(position, standard=None):
    """[(section label, what the position has of its own there)]: the text ``position`` would stop
    showing if based on a standard with every section inherited (empty sections cost nothing)."""
    return [(section.label, text) for section, text in _own_text(position)]


def own_text_sections(position):
    """The keys of the sections where ``position`` has text of its own."""
    return [section.key for section, _text in _own_text(position)]


def _own_text(position):
    """[(section, a summary of the text ``position`` has of its own there)], leaving out empty sections."""
    found = []
    for section in STANDARD_SECTIONS:
        parts = []
        for name in section.fields:
            value = getattr(position, name)
            if value not in (None, ""):
                parts.append(str(getattr(position, name.removesuffix("_id")) if name.endswith("_id") else value))
        if section.rows:
            count = getattr(position, section.rows).count()
            if count:
                parts.append(_("%(count)s rows") % {"count": count})
        if section.qualification and Qualification.objects.filter(position=position).exists():
            parts.append(_("filled in"))
        if parts:
            found.append((section, "；".join(parts)[:120]))
    return found


# The field that names a row; its other fields follow it, each on a line of its own.
MAIN_FIELDS = {"duties": "statement", "authorities": "text", "kpis": "name", "relations": "party", "records": "document"}


def row_text(key, row):
    """All of a row of kind ``key`` as one text: its category (scope, …) in brackets before its
    main text, then each other field filled in, “label: value”, a line each (a duty's tasks a line
    each), so that a page and a diff show every part of it."""
    kind = STANDARD_ROWS_BY_KEY[key]
    main = getattr(row, MAIN_FIELDS[key])
    lines, groups = [], []
    for name in kind.fields:
        field = row._meta.get_field(name)
        value = getattr(row, name)
        if name == MAIN_FIELDS[key] or value in (None, ""):
            continue
        if field.choices and name != "period":
            groups.append(str(dict(field.flatchoices).get(value, value)))
        elif name == "tasks":
            lines.extend(row.task_list)
        else:
            shown = dict(field.flatchoices).get(value, value) if field.choices else value
            label = capfirst(field.verbose_name)
            shown = f"{shown}%" if name in ("time_share", "weight") and "%" not in str(label) else shown
            lines.append(_("%(label)s: %(value)s") % {"label": label, "value": shown})
    head = _("[%(group)s] %(text)s") % {"group": listing(groups), "text": main} if groups else main
    return "\n".join([head, *lines])


def standard_text(content, lookups=None):
    """[(section label, [(label, text), …]), …]: ``content`` (``content_of``) as the standard
    position's page lists it, section by section, leaving out what is empty."""
    lookups = lookups or Lookups()
    labels = {
        **{field.attname: field.verbose_name for field in Position._meta.concrete_fields},
        **{field.name: field.verbose_name for field in QualificationContent._meta.get_fields() if field.concrete},
    }
    sections = []
    for section in STANDARD_SECTIONS:
        lines = []
        for name in section.fields:
            value = content["fields"].get(name)
            if name == "job_level_id":
                value = lookups.level(value)
            elif name == "family_id":
                value = lookups.family(value)
            if value not in (None, ""):
                lines.append((labels[name], str(value)))
        if section.rows:
            kind = STANDARD_ROWS_BY_KEY[section.rows]
            for number, values in enumerate(content["rows"].get(section.rows, []), start=1):
                lines.append((str(number), row_text(section.rows, kind.model(**values))))
        if section.qualification and content["qualification"]:
            qualification = StandardQualification(**content["qualification"])
            for name in QUALIFICATION_FIELDS:
                value = getattr(qualification, name)
                if name == "education":
                    value = qualification.get_education_display() if value else ""
                if value not in (None, ""):
                    lines.append((labels[name], str(value)))
        if lines:
            sections.append((section.label, lines))
    return sections


def standard_diff(old, new, lookups=None):
    """The differences between two contents of a standard position (``content_of``; ``old`` None
    when never published), in the change history's diff form: a section per section that changed,
    each line of it that differs with its old and new text."""
    lookups = lookups or Lookups()
    before = {str(label): dict(lines) for label, lines in standard_text(old, lookups)} if old else {}
    after = {str(label): dict(lines) for label, lines in standard_text(new, lookups)}
    diff = []
    for section in STANDARD_SECTIONS:
        title = str(section.label)
        old_lines, new_lines = before.get(title, {}), after.get(title, {})
        names = list(old_lines) + [name for name in new_lines if name not in old_lines]
        changes = [
            {"field": str(name), "old": old_lines.get(name), "new": new_lines.get(name)}
            for name in names if old_lines.get(name) != new_lines.get(name)
        ]
        if changes:
            diff.append({"title": title, "kind": "fields", "changes": changes})
    return diff
