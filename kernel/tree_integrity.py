"""Whether a tree's nested-set numbers agree with its parent links, and the repair when not.

The parent links (``parent``, ``reports_to``) are what HR entered; lft/rght/level/tree_id are
django-mptt's index of them. The index is right when it equals what a rebuild from the parent links
gives, siblings kept in their present order (by tree_id, then lft) and each top-level node keeping
its own tree number (gaps left by deleted trees are harmless). A loop in the parent links (A under
B, B under A) leaves its members and everything below them outside every tree: no rebuild can number
them, so it is reported for a person to decide — or broken at a documented place (:func:`repair`).
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from kernel.locks import tree_lock

LOOP = "loop"  # the node is one of the members of a loop of parent links
BELOW_LOOP = "below_loop"  # the node hangs (directly or further down) below such a loop
NUMBERS = "numbers"  # the node's tree numbers differ from those its parent links give


@dataclass(frozen=True)
class TreeProblem:
    pk: int
    kind: str
    actual: tuple = ()  # (tree_id, lft, rght, level) as stored
    expected: tuple = ()  # … as a rebuild would make them (NUMBERS)
    loop: tuple = ()  # the pks of the loop, in parent-link order (LOOP, BELOW_LOOP)


def tree_rows(model):
    """(pk, parent id, tree_id, lft, rght, level) of every node of ``model``, in one query."""
    opts = model._mptt_meta
    parent = model._meta.get_field(opts.parent_attr).attname
    return model._base_manager.order_by().values_list(
        "pk", parent, opts.tree_id_attr, opts.left_attr, opts.right_attr, opts.level_attr
    )


def tree_problems(rows):
    """Every node of ``rows`` (see :func:`tree_rows`) whose place is wrong, as TreeProblems:
    loop members and the nodes below them first, then the nodes whose numbers are off."""
    nodes = {pk: (parent, (tree_id, lft, rght, level)) for pk, parent, tree_id, lft, rght, level in rows}
    children, roots = defaultdict(list), []
    for pk, (parent, _numbers) in nodes.items():
        if parent is None or parent not in nodes:
            roots.append(pk)
        else:
            children[parent].append(pk)
    order = lambda pk: (nodes[pk][1][0], nodes[pk][1][1], pk)  # noqa: E731 - present tree order
    roots.sort(key=order)
    for siblings in children.values():
        siblings.sort(key=order)

    expected, tree_ids = {}, set()
    spare_tree_id = max((numbers[0] for _parent, numbers in nodes.values()), default=0)
    for root in roots:
        tree_id = nodes[root][1][0]
        if tree_id in tree_ids:  # two trees share a number: the later one needs its own
            spare_tree_id += 1
            tree_id = spare_tree_id
        tree_ids.add(tree_id)
        _number(root, tree_id, children, expected)

    problems = []
    for pk, loop, kind in _loops(nodes, expected):
        problems.append(TreeProblem(pk, kind, actual=nodes[pk][1], loop=loop))
    for pk, numbers in expected.items():
        if nodes[pk][1] != numbers:
            problems.append(TreeProblem(pk, NUMBERS, actual=nodes[pk][1], expected=numbers))
    return problems


def _number(root, tree_id, children, expected):
    """Number ``root``'s tree depth first, without recursion (reporting lines can be deep)."""
    left_of, counter = {root: 1}, 2
    stack = [(root, 0, iter(children.get(root, ())))]
    while stack:
        node, level, remaining = stack[-1]
        child = next(remaining, None)
        if child is None:
            stack.pop()
            expected[node] = (tree_id, left_of[node], counter, level)
            counter += 1
        else:
            left_of[child] = counter
            counter += 1
            stack.append((child, level + 1, iter(children.get(child, ()))))


def _loops(nodes, reached):
    """(pk, loop, LOOP or BELOW_LOOP) for every node no top-level node reaches."""
    found = {}
    for start in nodes:
        if start in reached or start in found:
            continue
        path, seen, node = [], {}, start
        while node not in found and node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = nodes[node][0]
        if node in seen:  # a new loop: path[seen[node]:] goes round it
            loop = tuple(path[seen[node]:])
            found.update({member: (loop, LOOP) for member in loop})
            found.update({below: (loop, BELOW_LOOP) for below in path[: seen[node]]})
        else:
            found.update({below: (found[node][0], BELOW_LOOP) for below in path})
    return sorted(((pk, loop, kind) for pk, (loop, kind) in found.items()), key=lambda item: (item[2] != LOOP, item[1], item[0]))


@dataclass
class Repair:
    problems: list = field(default_factory=list)  # what was wrong before
    loops: list = field(default_factory=list)  # [(pk, …)] the loops found
    detached: list = field(default_factory=list)  # [(pk, former parent pk)] one per loop broken
    rebuilt: bool = False

    @property
    def left_broken(self):
        return bool(self.loops) and not self.detached


def repair(model, *, break_loops=False, dry_run=False):
    """Rebuild ``model``'s tree from its parent links inside the tree lock (django-mptt's
    ``rebuild()``, siblings in their present order), when anything is wrong.

    A loop of parents is reported and nothing is changed, unless ``break_loops``: then the member
    of each loop created first (lowest id) — usually the one that was higher up before the loop
    formed — loses its parent and becomes a top-level node, the others stay below it, and the tree
    is rebuilt. ``dry_run`` does the same work and rolls it back.
    """
    result = Repair()
    with tree_lock(*model.locked_trees()):
        result.problems = tree_problems(tree_rows(model))
        result.loops = list(dict.fromkeys(p.loop for p in result.problems if p.kind == LOOP))
        if result.loops and not break_loops:
            return result
        parent = model._meta.get_field(model._mptt_meta.parent_attr).attname
        for loop in result.loops:
            first = min(loop)
            former = model._base_manager.filter(pk=first).values_list(parent, flat=True).get()
            model._base_manager.filter(pk=first).update(**{parent: None})
            result.detached.append((first, former))
        if result.problems:
            model._tree_manager.rebuild()
            result.rebuilt = True
            left = tree_problems(tree_rows(model))
            if left:
                raise RuntimeError(f"{model.__name__} tree still broken after the rebuild: {left[:5]}")
        if dry_run:
            transaction.set_rollback(True)
    return result
