"""Two HR users restructuring at the same moment, for real: each worker is a thread with its own
database connection, both start together (a barrier), their transactions commit. After every round
both trees must be whole — numbers equal to a fresh rebuild's, no loop of parents — and every answer
must be a success or a clear refusal (``TreeBusy``'s message, the loop message, mptt's invalid move),
never an error page or a database error.

PostgreSQL only: SQLite lets one connection write at a time, so its writers cannot race (and the
test database there is in memory, which threads cannot share); CI runs this file on PostgreSQL.
"""
import random
import threading
import time

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from mptt.exceptions import InvalidMove

from conftest import make_department, make_position, make_user, submit_admin_form
from departments.models import Department
from jobs.models import Position
from jobs.roles import create_roles
from kernel.locks import REFUSAL, TreeBusy, lock_trees
from kernel.tree_integrity import tree_problems, tree_rows

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent writers: SQLite lets one connection write at a time (runs in CI on PostgreSQL)",
    ),
]

ROUNDS = 100
MOVE_URL = "admin:departments_department_changelist"


@pytest.fixture
def org(transactional_db, settings):
    settings.TREE_LOCK_TIMEOUT = 5
    create_roles(django_apps)  # a transactional test starts from a flushed database
    group = make_department("集团", code="G")
    departments = [group]
    for i in range(3):
        centre = make_department(f"中心{i}", parent=group, code=f"C{i}")
        departments += [centre] + [make_department(f"部门{i}{j}", parent=centre, code=f"C{i}-{j}") for j in range(2)]
    ceo = make_position(group, "总经理", code="CEO")
    for i in range(3):
        director = make_position(departments[1 + 3 * i], f"总监{i}", reports_to=ceo, code=f"DIR{i}")
        for j in range(2):
            make_position(departments[2 + 3 * i + j], f"专员{i}{j}", reports_to=director, code=f"S{i}-{j}")
    clients = []
    for name in ("hr1", "hr2"):
        client = Client()
        client.force_login(make_user(name, group="HR", is_staff=True))
        clients.append(client)
    return clients


def run_together(*operations):
    """Run each operation in a thread of its own (own connection), started together; return what
    each answered: "ok", "refused" (TreeBusy), "invalid" (a loop or an invalid move), "in use" (a
    department that has just received a position is not deleted) — anything else is re-raised here."""
    barrier = threading.Barrier(len(operations))
    answers, errors = [None] * len(operations), []

    def work(index, operation):
        try:
            ready = operation()  # reads its instances, then returns the write to race with
            barrier.wait()
            answers[index] = ready()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread below
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, op)) for i, op in enumerate(operations)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return answers


def answer(write):
    try:
        write()
    except TreeBusy as error:
        assert str(error).startswith(str(REFUSAL))
        return "refused"
    except InvalidMove:
        return "invalid"
    except ProtectedError as error:  # deleting what someone has just put something into
        assert "请先" in error.args[0]
        return "in use"
    except ValidationError as error:
        assert any("不能" in message or "cycle" in message or "循环" in message for message in error.messages), error.messages
        return "invalid"
    return "ok"


# ---- the writes, as each door does them -----------------------------------------------------
def change_form(model, pk, parent_pk, in_transaction):
    """The admin's change form: validate (inside its transaction: under the lock), then save.
    Without a transaction, validation sees the tree before the other writer's commit."""
    field = model._mptt_meta.parent_attr

    def ready():
        node = model.objects.get(pk=pk)

        def write():
            setattr(node, f"{field}_id", parent_pk)
            if in_transaction:
                with transaction.atomic():
                    node.full_clean()
                    node.save()
            else:
                node.full_clean()
                node.save()

        return lambda: answer(write)

    return ready


def drag(model, pk, target_pk, position):
    """django-mptt's move_node with instances read before the other writer's move."""

    def ready():
        node, target = model.objects.get(pk=pk), model.objects.get(pk=target_pk)
        return lambda: answer(lambda: model.objects.move_node(node, target, position))

    return ready


def http_drag(client, pk, target_pk, position):
    """The admin's drag-and-drop endpoint, as its script calls it."""

    def ready():
        def post():
            response = client.post(
                reverse(MOVE_URL), {"cmd": "move_node", "cut_item": pk, "pasted_on": target_pk, "position": position},
                HTTP_X_REQUESTED_WITH="XMLHttpRequest",
            )
            text = response.content.decode()
            if response.status_code == 409:
                assert text.startswith(str(REFUSAL))
                return "refused"
            assert response.status_code == 200, (response.status_code, text)
            assert text in ("OK, moved.", "FAIL, invalid move."), text
            return "ok" if text.startswith("OK") else "invalid"

        return post

    return ready


def new_department(parent_pk, code):
    def ready():
        parent = Department.objects.get(pk=parent_pk)
        return lambda: answer(lambda: Department.objects.create(code=code, name=code, parent=parent))

    return ready


def change_department(pk, department_pk):
    """A position moved to another department (its reporting line stays): locks both trees."""

    def ready():
        position = Position.objects.get(pk=pk)

        def write():
            position.department_id = department_pk
            position.save()

        return lambda: answer(write)

    return ready


def delete_department(pk):
    def ready():
        department = Department.objects.get(pk=pk)
        return lambda: answer(lambda: department.delete())

    return ready


# ---- the check after every round ------------------------------------------------------------
def rebuilt_numbers(model):
    """(stored, rebuilt): every node's (lft, rght, level) and the trees as sets of nodes, before and
    after django-mptt's rebuild() from the parent links — the rebuild rolled back."""

    def numbers():
        rows = list(tree_rows(model))
        trees = {}
        for pk, _parent, tree_id, *_rest in rows:
            trees.setdefault(tree_id, set()).add(pk)
        return {pk: tuple(rest) for pk, _parent, _tree, *rest in rows}, {frozenset(t) for t in trees.values()}

    stored = numbers()
    with transaction.atomic():
        model.objects.rebuild()
        rebuilt = numbers()
        transaction.set_rollback(True)
    return stored, rebuilt


def assert_whole(context):
    for model in (Department, Position):
        assert tree_problems(tree_rows(model)) == [], (model.__name__, context)
        stored, rebuilt = rebuilt_numbers(model)
        assert stored == rebuilt, (model.__name__, context)


def unrelated_pair(rng, model):
    """Two nodes neither of which is above the other: each may move under the other, not both."""
    nodes = list(model.objects.all())
    for _attempt in range(50):
        a, b = rng.sample(nodes, 2)
        if not (a.is_ancestor_of(b) or b.is_ancestor_of(a)):
            return a.pk, b.pk
    return a.pk, b.pk


def test_parallel_restructuring_never_breaks_a_tree(org):
    rng = random.Random(13)
    clients = org
    tally = {}
    started = time.monotonic()
    for round_number in range(ROUNDS):
        scenario = round_number % 6
        departments = list(Department.objects.values_list("pk", flat=True))
        positions = list(Position.objects.values_list("pk", flat=True))
        positions_by_department = {}
        if scenario == 0:  # A.parent = B and B.parent = A from two change forms
            a, b = unrelated_pair(rng, Department)
            operations = (change_form(Department, a, b, in_transaction=True), change_form(Department, b, a, in_transaction=rng.random() < 0.5))
        elif scenario == 1:  # the same with two positions' 直接上级
            a, b = unrelated_pair(rng, Position)
            operations = (change_form(Position, a, b, in_transaction=rng.random() < 0.5), change_form(Position, b, a, in_transaction=False))
        elif scenario == 2:  # two drag-and-drops through the admin's endpoint
            operations = tuple(
                http_drag(client, *rng.sample(departments, 2), rng.choice(["last-child", "left", "right"])) for client in clients
            )
        elif scenario == 3:  # drag-and-drop style moves in both trees at once
            operations = (
                drag(Department, *rng.sample(departments, 2), rng.choice(["last-child", "left", "right"])),
                drag(Position, *rng.sample(positions, 2), rng.choice(["last-child", "left", "right"])),
            )
        elif scenario == 4:  # a new department while another moves; a position changes department
            operations = (
                new_department(rng.choice(departments), f"N{round_number}"),
                drag(Department, *rng.sample(departments, 2), "last-child"),
                change_department(rng.choice(positions), rng.choice(departments)),
            )
        else:  # a department deleted while a position moves into it and another department moves
            for department_pk in Position.objects.values_list("department", flat=True):
                positions_by_department[department_pk] = True
            empty = [pk for pk in departments if pk not in positions_by_department
                     and not Department.objects.filter(parent_id=pk).exists()]
            victim = rng.choice(empty) if empty else rng.choice(departments)
            operations = (
                delete_department(victim),
                change_department(rng.choice(positions), victim),
                drag(Department, *rng.sample(departments, 2), "last-child"),
            )
        answers = run_together(*operations)
        for result in answers:
            tally[result] = tally.get(result, 0) + 1
        if scenario in (0, 1):
            assert answers.count("ok") == 1, (round_number, answers)
        assert_whole((round_number, scenario, answers))
    elapsed = time.monotonic() - started
    print(f"{ROUNDS} rounds in {elapsed:.1f} s: {tally}")
    assert tally.get("refused", 0) + tally.get("invalid", 0) > 0
    assert elapsed < 60


# ---- a refusal over HTTP, not an error page -------------------------------------------------
@pytest.fixture
def held_lock():
    """Another connection holding both trees' locks until the test ends."""
    taken, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                lock_trees(Department, Position)
                taken.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    yield
    release.set()
    thread.join()


def test_drag_and_drop_answers_the_refusal_when_the_lock_cannot_be_had(org, settings, held_lock):
    settings.TREE_LOCK_TIMEOUT = 0.3
    client = org[0]
    sales, finance = Department.objects.get(code="C1"), Department.objects.get(code="C2")
    before = list(tree_rows(Department).order_by("pk"))
    response = client.post(
        reverse(MOVE_URL), {"cmd": "move_node", "cut_item": sales.pk, "pasted_on": finance.pk, "position": "last-child"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 409
    assert response.content.decode() == str(REFUSAL)
    assert list(tree_rows(Department).order_by("pk")) == before
    # The page the script reloads says it too.
    assert "组织结构刚被他人修改，请刷新后重试" in client.get(reverse(MOVE_URL)).content.decode()


def test_change_form_shows_the_refusal_when_the_lock_cannot_be_had(org, settings, held_lock):
    settings.TREE_LOCK_TIMEOUT = 0.3
    sales, finance = Department.objects.get(code="C1"), Department.objects.get(code="C2")
    response = submit_admin_form(org[0], reverse("admin:departments_department_change", args=[sales.pk]),
                                 {"parent": str(finance.pk)})
    assert response.status_code == 200
    assert "组织结构刚被他人修改，请刷新后重试" in response.content.decode()
    assert Department.objects.get(pk=sales.pk).parent.code == "G"


def test_delete_answers_the_refusal_when_the_lock_cannot_be_had(org, settings, held_lock):
    settings.TREE_LOCK_TIMEOUT = 0.3
    position = Position.objects.get(code="S0-0")
    url = reverse("admin:jobs_position_delete", args=[position.pk])
    response = org[0].post(url, {"post": "yes"})
    assert response.status_code == 303 and response["Location"] == url
    assert "组织结构刚被他人修改，请刷新后重试" in org[0].get(url).content.decode()
    assert Position.objects.filter(pk=position.pk).exists()
