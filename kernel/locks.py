"""One writer at a time per tree (the department tree, the reporting lines).

django-mptt stores a tree as nested intervals (lft/rght/level/tree_id) that every insert, move and
delete renumbers with UPDATEs computed from numbers it has just read. Two such writes at once read
the same numbers and shift the intervals twice (overlapping intervals, departments missing from the
chart), and two moves that each check "not under my own descendant" before the other commits make a
parent loop. So every write that changes where a node sits takes its tree's lock first, then reads
and checks, and keeps the lock until its transaction ends (``kernel.trees`` does this for the models).

PostgreSQL: a transaction-level advisory lock per tree (``pg_advisory_xact_lock``), released by the
commit or rollback. Locks are always taken in one order (sorted keys), and a writer that waits longer
than ``settings.TREE_LOCK_TIMEOUT`` seconds, or that PostgreSQL picks as a deadlock victim, gets
:class:`TreeBusy` with the refusal message instead of an error page.

SQLite lets one connection write at a time: the settings make each transaction take that write lock
at BEGIN (``transaction_mode = IMMEDIATE``) and wait ``TREE_LOCK_TIMEOUT`` seconds for it, so a
transaction's reads are already inside the lock; :func:`lock_trees` takes it at once (a write that
changes nothing) where a connection was opened without that option.
"""
import zlib
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.transaction import TransactionManagementError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

REFUSAL = _("The organisation structure has just been changed by someone else. Please refresh and try again.")

_NAMESPACE = zlib.crc32(b"orgchart tree lock") - 2**31  # first half of the two-int advisory lock key
_PG_LOCK_NOT_AVAILABLE, _PG_DEADLOCK = "55P03", "40P01"


class TreeBusy(ValidationError):
    """A tree write was refused: the tree's lock could not be had in time, or what was checked
    before the lock no longer holds (``reason`` says what). A ``ValidationError``, so forms and
    imports show it like any other; its text always starts with :data:`REFUSAL`."""

    def __init__(self, reason=None):
        message = REFUSAL if reason is None else format_lazy("{} {}", REFUSAL, reason)
        super().__init__(message, code="tree_busy")

    def __str__(self):
        return str(self.message)


def lock_key(model):
    """The advisory-lock key of ``model``'s tree: stable across processes and releases."""
    return _NAMESPACE, zlib.crc32(model._meta.db_table.encode()) - 2**31


def lock_trees(*models):
    """Lock the trees of ``models`` until the current transaction ends; raise TreeBusy after
    ``settings.TREE_LOCK_TIMEOUT`` seconds of waiting. Locking again what is held costs one query."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise TransactionManagementError("lock_trees() holds its locks until the transaction ends: call it inside one.")
    if connection.vendor == "postgresql":
        _lock_postgresql(connection, sorted({lock_key(model) for model in models}))
    elif connection.vendor == "sqlite" and getattr(connection, "transaction_mode", None) not in ("IMMEDIATE", "EXCLUSIVE"):
        quote, opts = connection.ops.quote_name, models[0]._meta
        try:
            with connection.cursor() as cursor:  # a write that changes nothing takes SQLite's write lock
                cursor.execute(f"UPDATE {quote(opts.db_table)} SET {quote(opts.pk.column)} = {quote(opts.pk.column)} WHERE 1 = 0")
        except OperationalError as error:
            raise TreeBusy() from error


def _lock_postgresql(connection, keys):
    with connection.cursor() as cursor:
        # Uncontended, the usual case: one statement. CASE keeps the order (no later lock held
        # while an earlier one is missing, so two writers cannot deadlock on them).
        attempt = "true"
        for classid, objid in reversed(keys):
            attempt = f"CASE WHEN pg_try_advisory_xact_lock({classid}, {objid}) THEN {attempt} ELSE false END"
        cursor.execute(f"SELECT {attempt}")
        if cursor.fetchone()[0]:
            return
        # Contended: wait, with a timeout that applies to this statement only. In a savepoint, so
        # that a timeout leaves the caller's transaction usable (a form can still show the error).
        milliseconds = max(1, int(settings.TREE_LOCK_TIMEOUT * 1000))
        waits = " ".join(f"PERFORM pg_advisory_xact_lock({classid}, {objid});" for classid, objid in keys)
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute(
                    "DO $$ DECLARE previous text := current_setting('lock_timeout'); BEGIN "
                    f"PERFORM set_config('lock_timeout', '{milliseconds}ms', true); {waits} "
                    "PERFORM set_config('lock_timeout', previous, true); END $$"
                )
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) in (_PG_LOCK_NOT_AVAILABLE, _PG_DEADLOCK):
                raise TreeBusy() from error
            raise


@contextmanager
def tree_lock(*models):
    """``with tree_lock(Department):`` — a transaction (or savepoint) holding the trees' locks.

    On SQLite the write lock is taken when the outermost transaction begins; a writer that waited
    too long for it gets :class:`TreeBusy` here too, not a "database is locked" error page.
    """
    try:
        with transaction.atomic():
            lock_trees(*models)
            yield
    except OperationalError as error:
        if not is_sqlite_busy(error):
            raise
        raise TreeBusy() from error


def is_sqlite_busy(error):
    """True for SQLite's "database is locked": another connection kept the write lock too long."""
    return isinstance(error, OperationalError) and "database is locked" in str(error)
