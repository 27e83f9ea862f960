"""Documents rendered once and kept through Django's storage API (local disk by default,
S3-compatible object storage in production), so that any app server or worker finds them.

A kept file is found by what its content depends on:

- ``kind`` and ``object_id``: what it is of (``position.pdf`` of position 42; the part before the
  dot is the kind of object whose stamp counts);
- ``variant``: everything else it depends on, as one string the caller builds (version,
  template, audience, confidentiality, language, and the ``documents`` generation below);
- ``stamp``: the object's stamp when the render began. Whatever changes what the document of an
  object shows raises that object's stamp (:func:`raise_stamps`, when the change commits),
  after which the file is no longer found; a render that read the old stamp before the change
  keeps its file under the old stamp, where nobody looks.

The ``documents`` generation (``kernel.versions.DOCUMENTS``) is for changes too wide to say which
objects they touch (an import, ``load_demo``): raising it orphans every kept file at once.
Orphans are deleted by :func:`prune_orphans` (run after each background job).
"""
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from kernel import versions
from kernel.models import Counter, KeptFile, KeptStamp

MANY = 500  # more changed objects than this in one transaction: a new generation instead


def generation():
    return versions.current(versions.DOCUMENTS)


def variant(*parts, generation):
    """The variant string of ``parts`` under the documents ``generation`` (which it ends with)."""
    return ".".join(str(part) for part in parts) + f".g{generation}"


def generation_and_stamp(kind, object_id):
    """(documents generation, the object's stamp) in one query, 0 for either never raised."""
    counters, stamps_table = Counter._meta.db_table, KeptStamp._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT value FROM {counters} WHERE name = %s), "
            f"(SELECT value FROM {stamps_table} WHERE kind = %s AND object_id = %s)",
            [versions.DOCUMENTS, kind, object_id],
        )
        generation_value, stamp = cursor.fetchone()
    return generation_value or 0, stamp or 0


def stamps(kind, ids):
    """{object id: stamp} for ``ids`` of ``kind`` (0 for an object never changed). One query."""
    ids = list(ids)
    found = dict(KeptStamp.objects.filter(kind=kind, object_id__in=ids).values_list("object_id", "value"))
    return {pk: found.get(pk, 0) for pk in ids}


def object_kind(file_kind):
    """``position`` for ``position.pdf``: the kind of object whose stamp a kind of file follows."""
    return file_kind.split(".", 1)[0]


def find(file_kind, object_id, variant):
    """The kept file for the object's current stamp, or None. One query."""
    current = KeptStamp.objects.filter(kind=object_kind(file_kind), object_id=OuterRef("object_id")).values("value")[:1]
    return (
        KeptFile.objects.filter(kind=file_kind, object_id=object_id, variant=variant)
        .filter(stamp=Coalesce(Subquery(current), Value(0)))
        .first()
    )


def find_many(file_kind, keys):
    """{object id: KeptFile} for ``keys`` ({object id: (variant, stamp)}) that are kept. One query."""
    if not keys:
        return {}
    found = {}
    variants = {variant for variant, _stamp in keys.values()}
    for kept in KeptFile.objects.filter(kind=file_kind, object_id__in=list(keys), variant__in=variants):
        if keys[kept.object_id] == (kept.variant, kept.stamp):
            found[kept.object_id] = kept
    return found


def keep(file_kind, object_id, variant, stamp, content, *, name="", extension="", pages=None):
    """Store ``content`` (bytes) as the kept file of this key; return its row. When another
    process kept the same key meanwhile, its file wins and ours is deleted."""
    path = default_storage.save(
        f"kept/{file_kind}/{object_id}/{secrets.token_hex(6)}{'.' + extension if extension else ''}", ContentFile(content)
    )
    try:
        with transaction.atomic():
            return KeptFile.objects.create(
                kind=file_kind, object_id=object_id, variant=variant, stamp=stamp, path=path, name=name[:300],
                size=len(content), pages=pages,
            )
    except IntegrityError:
        default_storage.delete(path)
        return KeptFile.objects.get(kind=file_kind, object_id=object_id, variant=variant, stamp=stamp)


def kept_or_made(file_kind, object_id, variant, make):
    """(content, name) of the file kept under this key, else of ``make()`` — which returns
    (content, name, pages) and is kept unless ``variant`` is None (a document never kept: a draft).

    The object's stamp is read before ``make`` reads the data, so a change committed meanwhile
    leaves the new file under the old stamp, where it is never found.
    """
    if variant is None:
        content, name, _pages = make()
        return content, name
    kept = find(file_kind, object_id, variant)
    if kept is not None:
        content = read(kept)
        if content is not None:
            return content, kept.name
        kept.delete()  # its file went missing from storage: make it again
    stamp = stamps(object_kind(file_kind), [object_id])[object_id]
    content, name, pages = make()
    keep(file_kind, object_id, variant, stamp, content, name=name, extension=file_kind.rsplit(".", 1)[-1], pages=pages)
    return content, name


def drop_others(kept, prefix):
    """Delete the other kept files of ``kept``'s object whose variant starts with ``prefix``
    (earlier versions of an assembled document that only one version of is wanted)."""
    others = KeptFile.objects.filter(kind=kept.kind, object_id=kept.object_id, variant__startswith=prefix).exclude(pk=kept.pk)
    for path in others.values_list("path", flat=True):
        default_storage.delete(path)
    others.delete()


def drop_containing(marker):
    """Delete every kept file whose variant contains ``marker`` (a layout that no longer exists:
    a company template replaced or deleted). Returns how many."""
    dropped = KeptFile.objects.filter(variant__contains=marker)
    paths = list(dropped.values_list("path", flat=True))
    for path in paths:
        default_storage.delete(path)
    dropped.delete()
    return len(paths)


def read(kept):
    """The bytes of a kept file, or None when its file has gone from storage."""
    try:
        with default_storage.open(kept.path, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def raise_stamps(kind, ids):
    """Raise the stamps of ``ids`` of ``kind`` now: their kept files are no longer found. Two queries."""
    ids = sorted(set(ids))
    if not ids:
        return
    with transaction.atomic():
        KeptStamp.objects.bulk_create([KeptStamp(kind=kind, object_id=pk) for pk in ids], ignore_conflicts=True)
        KeptStamp.objects.filter(kind=kind, object_id__in=ids).update(value=F("value") + 1)


def prune_orphans(limit=2000):
    """Delete kept files that can no longer be found: made under an older generation or an older
    stamp of their object. Returns how many were deleted (at most ``limit`` per call)."""
    current_generation = f".g{generation()}"
    rows = list(
        KeptFile.objects.exclude(variant__endswith=current_generation).values_list("pk", "path")[:limit]
    )
    if len(rows) < limit:
        kinds = KeptFile.objects.order_by().values_list("kind", flat=True).distinct()
        for file_kind in kinds:
            stamp = KeptStamp.objects.filter(kind=object_kind(file_kind), object_id=OuterRef("object_id")).values("value")[:1]
            stale = (
                KeptFile.objects.filter(kind=file_kind)
                .annotate(current=Coalesce(Subquery(stamp), Value(0)))
                .exclude(stamp=F("current"))
                .values_list("pk", "path")[: limit - len(rows)]
            )
            rows += list(stale)
    for _pk, path in rows:
        default_storage.delete(path)
    KeptFile.objects.filter(pk__in=[pk for pk, _path in rows]).delete()
    return len(rows)
