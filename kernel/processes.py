"""Work shared out to fresh processes (the layout of a large handbook), none of it able to hang its caller.

The processes are *spawned*, not forked: a fork copies the caller's threads' locks in whatever
state they were (a font library's initialisation half done in another thread, a signal handler a
task queue installed), and a child that needs one of them waits forever. A spawned child starts
clean, sets Django up, and uses the caller's database, file storage and language
(``child_settings``), so that it sees what the caller has committed and keeps files where the caller
looks for them.

:func:`run_in_processes` gives each item of work to a child and yields the results as they come.
When a child fails, dies or takes longer than ``timeout`` seconds over one item, the pool is
stopped and the items not done yet are done by the caller itself, one after the other — slower,
never stuck — and the reason is logged.
"""
import logging
import multiprocessing
import pickle

import django
from django.conf import settings
from django.db import connection, connections
from django.utils import translation

logger = logging.getLogger(__name__)

_payload = None  # in a child: the payload the caller handed over


def child_settings():
    """The settings a child must share with the caller: where the data and the files are."""
    return {
        "database": connection.settings_dict["NAME"],
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "STORAGES": settings.STORAGES,
        "language": translation.get_language(),
    }


def _start_child(shared, pickled_payload):
    global _payload  # noqa: PLW0603 - one per child process
    django.setup()
    settings.DATABASES["default"]["NAME"] = shared["database"]
    settings.MEDIA_ROOT = shared["MEDIA_ROOT"]
    settings.STORAGES = shared["STORAGES"]
    translation.activate(shared["language"])
    _payload = pickle.loads(pickled_payload)  # model instances: only once Django is set up


def _in_child(function, item):
    try:
        return function(_payload, item)
    finally:
        connections.close_all()


def run_in_processes(function, items, *, processes, payload, timeout):
    """Yield ``function(payload, item)`` for every item of ``items``, in the order they finish.

    ``function`` is a module-level function (children import it by name); ``payload`` is what
    every item needs and must pickle (each child unpickles it once). With ``processes`` ≤ 1 or one
    item, or when the children fail (see the module), the caller runs ``function`` itself.
    """
    items = list(items)
    done = set()
    if processes > 1 and len(items) > 1:
        context = multiprocessing.get_context("spawn")
        pool = context.Pool(
            min(processes, len(items)), initializer=_start_child,
            initargs=(child_settings(), pickle.dumps(payload)),
        )
        try:
            results = pool.imap_unordered(_Numbered(function), list(enumerate(items)))
            for _count in range(len(items)):
                number, result = results.next(timeout=timeout)
                done.add(number)
                yield result
            pool.close()
        except Exception as error:  # noqa: BLE001 - whatever stopped the children, the caller goes on
            logger.warning("Work in %s processes stopped (%r); the rest is done in this process.", processes, error)
        finally:
            pool.terminate()
            pool.join()
    for number, item in enumerate(items):
        if number not in done:
            yield function(payload, item)


class _Numbered:
    """``function`` applied to (number, item), answering (number, result): which items are done."""

    def __init__(self, function):
        self.function = function

    def __call__(self, numbered):
        number, item = numbered
        return number, _in_child(self.function, item)
