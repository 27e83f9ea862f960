"""Work gathered during a transaction and done once when it commits.

Signals fire for every row an import or an admin save writes; what they cause (raising a counter,
marking kept documents stale, starting a background task) should happen once, after the commit,
for everything the transaction changed. :func:`gather_until_commit` adds to a state kept on the
database connection and registers a callback with ``transaction.on_commit``; the first callback
that runs does the work for everything gathered, the others find nothing left.

A state whose callbacks are all gone from the connection belongs to a transaction that was
rolled back: it is dropped before anything new is added. Outside a transaction the work is done
at once.
"""
from django.db import transaction


def gather_until_commit(key, add, work):
    """``add(state)`` adds this change to the state gathered under ``key`` (a dict, new for each
    transaction); ``work(state)`` runs once when the transaction commits."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        state = {}
        add(state)
        work(state)
        return
    pending = connection.__dict__.get(key)
    if pending is not None:
        alive = {id(callback) for _sids, callback, _robust in connection.run_on_commit}
        if not any(id(callback) in alive for callback in pending["callbacks"]):
            pending = None  # its transaction was rolled back
    if pending is None:
        pending = {"state": {}, "callbacks": []}
        connection.__dict__[key] = pending
    add(pending["state"])

    def run():
        if connection.__dict__.get(key) is pending:
            del connection.__dict__[key]
            work(pending["state"])

    pending["callbacks"].append(run)
    transaction.on_commit(run)
