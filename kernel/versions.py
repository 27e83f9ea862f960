"""Named counters that only go up, shared by every app server and worker through the database.

``organisation`` is raised once per transaction that changes departments, positions or their rows
(the chart data's ETag and cache key derive from it); ``documents`` is the generation of kept
documents, raised by bulk writes that change too much to say what (an import, ``load_demo``).
A raise waits for the transaction's commit, once however many rows the transaction wrote, so a
reader never sees a new number before the data it stands for.
"""
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from kernel.commits import gather_until_commit
from kernel.models import Counter

ORGANISATION = "organisation"
DOCUMENTS = "documents"


CACHE_SECONDS = 2  # how long another process may go on reading a counter raised meanwhile


def current(name):
    """The counter's value (0 before its first raise), read from the cache when it was read less
    than ``CACHE_SECONDS`` ago: a raise clears it at once in its own process and, with a shared
    cache, everywhere; a per-process cache elsewhere follows within ``CACHE_SECONDS``."""
    key = f"counter:{name}"
    value = cache.get(key)
    if value is None:
        value = Counter.objects.filter(name=name).values_list("value", flat=True).first() or 0
        cache.set(key, value, CACHE_SECONDS)
    return value


def current_many(*names):
    """{name: value} of several counters in one query."""
    found = dict(Counter.objects.filter(name__in=names).values_list("name", "value"))
    return {name: found.get(name, 0) for name in names}


def raise_now(name):
    """Raise the counter at once (inside the caller's transaction, if any); return the new value."""
    with transaction.atomic():
        updated = Counter.objects.filter(name=name).update(value=F("value") + 1)
        if not updated:
            Counter.objects.get_or_create(name=name, defaults={"value": 0})
            Counter.objects.filter(name=name).update(value=F("value") + 1)
    cache.delete(f"counter:{name}")
    return Counter.objects.get(name=name).value


def raise_on_commit(name):
    """Raise the counter once when the current transaction commits (at once outside one)."""
    gather_until_commit(f"counter:{name}", lambda state: state.setdefault("raise", True), lambda state: raise_now(name))
