"""Search over every section of the job description.

Each position has a :class:`~jobs.models.SearchDocument`: its code, title and every section of its
job description (summary, duties with their tasks and standards, authorities, qualifications,
KPIs, relations, working conditions, records, remarks) as one text, one entry a line, each line
starting with a private-use mark for its section, which no query can contain. ``current`` is what
HR sees, ``published`` the last published version (what managers see). Salary fields are never in it.

The documents follow every save: a signal notes the position, and its document is rebuilt when
the transaction commits (or before the next search in the same thread, whichever comes first).
Writes that bypass signals (the import's bulk writer, generated organisations) call
``refresh_search_documents`` themselves.

A query is split at spaces; every word must occur (as a substring, Chinese included). PostgreSQL
answers from pg_trgm GIN indexes, SQLite from an FTS5 trigram table (words of three characters
or more; shorter words are compared row by row).
"""
import re
import threading

from django.db import connection, transaction
from django.db.models import Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.signals import post_delete, post_save
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from jobs.history import positions_as_of
from jobs.models import KPI, Authority, Duty, Position, Qualification, SearchDocument, WorkRecord, WorkRelation
from jobs.models.position import EDUCATION_WORDS
from jobs.standards import Lookups, effective, standard_published

MARK = "\ue000"
# Section of each entry, in the order a job description shows them; the key is stored as one character.
SECTIONS = (
    ("code", _("position code")),
    ("title", _("position title")),
    ("summary", _("job summary")),
    ("duty", _("duty statement")),
    ("task", _("tasks")),
    ("standard", _("work standard")),
    ("authority", _("authority")),
    ("relations", _("Working relationships")),
    ("qualification", _("qualification")),
    ("conditions", _("Working conditions")),
    ("kpi", _("KPIs")),
    ("record", _("Records and reports")),
    ("remarks", _("remarks")),
    ("basics", _("Basic data")),  # appended: the keys of the sections before it stay as stored
)
SECTION_KEYS = {key: chr(0xE100 + index) for index, (key, _label) in enumerate(SECTIONS)}
SECTION_LABELS = {chr(0xE100 + index): label for index, (_key, label) in enumerate(SECTIONS)}
QUALIFICATION_FIELDS = (
    "education_note", "major", "age", "gender", "experience", "training_subjects", "training_duration", "knowledge",
    "skills", "basic_qualities", "personality", "physical", "certificates", "languages", "computer_skills", "other",
)
CONDITION_FIELDS = ("working_hours", "environment", "tools", "time_pattern", "workload_balance", "travel")
RELATION_FIELDS = ("supervision_received", "supervision_given", "promotion_note", "lateral_note")
BATCH = 5000  # positions rebuilt per round of queries: an import of the largest organisation in four


def _entries(position):
    """(section key, text) of everything a job description says, in document order."""
    yield "code", position.code
    yield "title", position.title
    for name in ("job_level", "family"):  # by name: 经理级, 营销序列
        related = getattr(position, name)
        yield "basics", related.name if related is not None else ""
    standard = getattr(position, "shown_standard", None)  # the standard whose sections it shows (jobs.standards.effective)
    yield "basics", standard.title if standard is not None else ""
    yield "summary", position.summary
    for duty in position.duties.all():
        yield "duty", duty.statement
        yield "task", duty.tasks
        yield "standard", duty.standard
    for authority in position.authorities.all():
        yield "authority", authority.text
    for name in RELATION_FIELDS:
        yield "relations", getattr(position, name)
    for relation in position.relations.all():
        yield "relations", f"{relation.party} {relation.content}"
    try:
        qualification = position.qualification
    except Qualification.DoesNotExist:
        qualification = None
    if qualification is not None:
        if qualification.education:  # the level as people write it: 本科, 大专
            yield "qualification", EDUCATION_WORDS.get(qualification.education, "")
        for name in QUALIFICATION_FIELDS:
            yield "qualification", getattr(qualification, name)
    for name in CONDITION_FIELDS:
        yield "conditions", getattr(position, name)
    for kpi in position.kpis.all():
        yield "kpi", " ".join(part for part in (kpi.name, kpi.definition, kpi.target, kpi.data_source) if part)
    yield "kpi", position.assessment_note
    for record in position.records.all():
        yield "record", " ".join(part for part in (record.document, record.timing, record.recipient) if part)
    yield "remarks", position.remarks


def document_text(position):
    """The search text of ``position`` (or of a snapshot of it): one line per non-empty entry."""
    lines = []
    for key, text in _entries(position):
        for line in (text or "").splitlines():
            line = " ".join(line.split())
            if line:
                lines.append(f"{MARK}{SECTION_KEYS[key]}{line}")
    return "\n".join(lines)


def _has_newer_draft(position):
    return position.approved_at is not None and position.status not in (Position.Status.PUBLISHED, Position.Status.ARCHIVED)


def refresh_search_documents(position_ids, *, standard_changed=False):
    """Rebuild the search documents of ``position_ids``: nine queries per 5,000 positions (about ten
    more for positions with a newer draft and no published text yet). The text is what each
    position shows: the sections it inherits from its standard position included (``jobs.standards``);
    ``standard_changed``: that text changed, so a kept published text is rebuilt too.

    The published text is the current one for a published position, kept as it is for a position
    whose current row is a newer draft (rebuilt from the history when it has none yet), and empty
    for a position never published or archived.
    """
    position_ids = sorted(set(position_ids))
    for start in range(0, len(position_ids), BATCH):
        chunk = position_ids[start:start + BATCH]
        positions = list(
            Position.objects.filter(pk__in=chunk).select_related("qualification", "standard", "job_level", "family")
            .prefetch_related("duties", "authorities", "kpis", "relations", "records")
        )
        kept = {} if standard_changed else dict(
            SearchDocument.objects.filter(position__in=chunk).values_list("position_id", "published")
        )
        rebuild = [p for p in positions if _has_newer_draft(p) and not kept.get(p.pk)]
        lookups = Lookups()
        snapshots = positions_as_of(rebuild, {p.pk: p.approved_at for p in rebuild}, own_only=True) if rebuild else {}
        documents = []
        for position in positions:
            current = document_text(effective(position, position.standard, lookups=lookups))
            if position.status == Position.Status.PUBLISHED and position.approved_at is not None:
                published = current
            elif _has_newer_draft(position):
                snapshot = snapshots.get(position.pk)
                published = kept.get(position.pk) or (
                    document_text(effective(snapshot, position.standard, lookups=lookups)) if snapshot is not None else ""
                )
            else:
                published = ""
            documents.append((position.pk, current, published))
        _upsert(documents)


def _upsert(documents):
    """Insert or replace the documents, as one statement run for every row (``executemany``)."""
    if not documents:
        return
    table, quote = SearchDocument._meta.db_table, connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({quote('position_id')}, {quote('current')}, {quote('published')}) VALUES (%s, %s, %s) "
        f"ON CONFLICT ({quote('position_id')}) DO UPDATE SET {quote('current')} = excluded.{quote('current')}, "
        f"{quote('published')} = excluded.{quote('published')}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, documents)


def refresh_missing_search_documents(**kwargs):
    """After ``migrate``: documents for positions that have none (those from before the search).
    Nothing while the table is missing (migrated back before it)."""
    if SearchDocument._meta.db_table not in connection.introspection.table_names():
        return
    missing = Position.objects.filter(search_document__isnull=True).values_list("pk", flat=True)
    refresh_search_documents(list(missing))


# Positions whose document is out of date, per thread; rebuilt on commit or before a search.
_pending = threading.local()


def _note(position_id):
    """Remember the position and rebuild it when this transaction commits. A callback per note:
    the first flush takes every pending position, the others find nothing (a rolled-back
    transaction's notes wait for the next commit or search in this thread)."""
    if position_id is None:
        return
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
    ids.add(position_id)
    transaction.on_commit(flush_pending_search_documents)


def flush_pending_search_documents():
    ids = getattr(_pending, "ids", None)
    if ids:
        pending = set(ids)
        ids.clear()
        refresh_search_documents(pending)


def _position_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _note(instance.pk)


def _row_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _note(instance.position_id)


def _standard_published(sender, positions, **kwargs):
    refresh_search_documents(positions, standard_changed=True)


def connect_signals():
    standard_published.connect(_standard_published, dispatch_uid="search-standard-published")
    post_save.connect(_position_saved, sender=Position, dispatch_uid="search-position")
    for model in (Qualification, Duty, Authority, KPI, WorkRelation, WorkRecord):
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"search-{model.__name__}-save")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"search-{model.__name__}-delete")


def _words(text):
    return [word for word in text.split() if word][:8]


def _fts_phrase(word):
    return '"' + word.replace('"', '""') + '"'


def _has_case(word):
    return word.lower() != word.upper()


def matching_position_ids(text, *, published):
    """A queryset of the ids of positions whose text (``published`` or current) contains every word.

    Words of three characters or more are looked up in the trigram index: case-insensitively when
    they have letters with a case, exactly otherwise (Chinese has none, and an exact comparison
    skips upper-casing every document: ten times faster). Shorter words are compared with each
    document, exactly unless they have letters (``LIKE`` on PostgreSQL, ``instr`` on SQLite).
    """
    column = "published" if published else "current"
    documents = SearchDocument.objects.all()
    fts_words = []
    for index, word in enumerate(_words(text)):
        if connection.vendor == "sqlite" and len(word) >= 3:
            fts_words.append(word)
        elif _has_case(word):
            documents = documents.filter(**{f"{column}__icontains": word})
        elif connection.vendor != "sqlite":  # PostgreSQL's LIKE is exact, and cheaper than strpos
            documents = documents.filter(**{f"{column}__contains": word})
        else:  # SQLite's LIKE ignores case: instr compares bytes
            documents = documents.alias(**{f"at_{index}": StrIndex(column, Value(word))}).filter(**{f"at_{index}__gt": 0})
    if fts_words:
        query = f"{column} : (" + " AND ".join(_fts_phrase(word) for word in fts_words) + ")"
        documents = documents.filter(position_id__in=RawSQL(
            "SELECT rowid FROM jobs_searchdocument_fts WHERE jobs_searchdocument_fts MATCH %s", [query]
        ))
    return documents.values("position_id")


def search_positions(queryset, text, *, published):
    """The positions of ``queryset`` whose job description (the ``published`` one, or the current)
    contains ``text``; documents still pending in this thread are rebuilt first."""
    flush_pending_search_documents()
    if not _words(text):
        return queryset
    return queryset.filter(pk__in=matching_position_ids(text, published=published))


def _highlight(line, words, width=36):
    """``line`` cut around its first match, escaped, with every word marked."""
    folded = line.casefold()
    first = min((folded.find(word.casefold()) for word in words if word.casefold() in folded), default=0)
    start = max(0, first - width // 2)
    end = min(len(line), start + width * 2)
    excerpt = line[start:end]
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(excerpt):
        parts.append(escape(excerpt[last:match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(excerpt[last:]))
    return mark_safe(("…" if start else "") + "".join(parts) + ("…" if end < len(line) else ""))


def search_hits(position_ids, text, *, published, limit=2):
    """{position id: [(section label, highlighted excerpt)]}: where ``text`` was found in each
    position's document, at most ``limit`` sections each (code and title are shown anyway). One query."""
    words = _words(text)
    if not words:
        return {}
    column = "published" if published else "current"
    folded = [word.casefold() for word in words]
    quiet = {SECTION_KEYS["code"], SECTION_KEYS["title"]}
    hits = {}
    for position_id, document in SearchDocument.objects.filter(position__in=list(position_ids)).values_list("position_id", column):
        scored = []  # lines with more of the words first, then in document order
        for order, line in enumerate(document.split("\n")):
            if len(line) < 2 or line[1] in quiet:
                continue
            score = sum(word in line.casefold() for word in folded)
            if score:
                scored.append((-score, order, line))
        hits[position_id] = [
            (SECTION_LABELS.get(line[1], ""), _highlight(line[2:], words)) for _score, _order, line in sorted(scored)[:limit]
        ]
    return hits
