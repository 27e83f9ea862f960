"""Tree models whose every change of place is serialised and checked again inside the lock.

``SerialisedTree`` goes before ``MPTTModel`` in a model's bases; its manager and queryset come from
``SerialisedTreeManager``/``SerialisedTreeQuerySet``. Then every path that moves, adds or deletes a
node — the admin's drag-and-drop (``move_node``), change forms, imports, services, commands —

- takes the tree's lock (:mod:`kernel.locks`) before it reads anything it will compute from;
- reads the node's place again from the database and checks the new parent against the parent
  links, not the nested-set numbers of an instance read earlier: the parent must still exist and
  must not be the node or below it (``loop_message`` words the refusal);
- lets django-mptt renumber with numbers read inside the lock.

A save that does not change the node's place takes no lock and does not write the parent at all,
so a copy read before someone else's move cannot put the old parent back without renumbering.

Validation (``clean``) runs the same check; inside a transaction — the admin's change form is one —
it takes the lock too, so the check still holds when the save commits. Without the lock (a form
checked outside a transaction) the save checks again and refuses with :class:`TreeBusy`.
"""
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _
from mptt.exceptions import InvalidMove
from mptt.managers import TreeManager
from mptt.querysets import TreeQuerySet

from kernel.locks import TreeBusy, lock_trees, tree_lock

BROKEN_TREE = _(
    "The new place is inside a loop of parents, which only a repair can undo: ask an administrator to run "
    "“manage.py repair_tree”."
)


class SerialisedTree:
    """Mixin for an MPTT model; see the module docstring."""

    # Fields besides the tree parent that say where a node sits (a position's department): changing
    # one takes the locks of the tree it points into and checks that its target still exists.
    other_place_fields = ()

    def loop_message(self, parent):
        """Why ``parent`` cannot be this node's parent (it is the node, or below it)."""
        raise NotImplementedError

    def check_deletable(self):
        """Raise (``ProtectedError``) while something still depends on this node; runs inside the lock."""

    # ---- where the node sits -------------------------------------------------------------
    @classmethod
    def _parent_field(cls):
        return cls._meta.get_field(cls._mptt_meta.parent_attr)

    @classmethod
    def _place_fields(cls):
        if "_place_fields_cache" not in cls.__dict__:
            cls._place_fields_cache = (cls._parent_field(), *(cls._meta.get_field(name) for name in cls.other_place_fields))
        return cls._place_fields_cache

    @classmethod
    def locked_trees(cls):
        """The trees whose locks a change of place takes: this one and those its place fields point
        into, so a position never moves into a department that is being deleted."""
        models = [field.related_model for field in cls._place_fields()]
        return tuple(dict.fromkeys(model for model in models if issubclass(model, SerialisedTree)))

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_place = instance._place()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        loaded = getattr(self, "_loaded_place", None)
        if loaded is not None:
            refreshed = {self._meta.get_field(name).attname for name in fields} if fields else None
            loaded.update({name: value for name, value in self._place().items() if refreshed is None or name in refreshed})

    def _place(self):
        return {f.attname: self.__dict__[f.attname] for f in self._place_fields() if f.attname in self.__dict__}

    def _place_may_change(self):
        if self._state.adding or self.pk is None:
            return True
        loaded = getattr(self, "_loaded_place", None)
        return loaded is None or any(name not in loaded or loaded[name] != value for name, value in self._place().items())

    # ---- checks --------------------------------------------------------------------------
    def _loop_under(self, parent_id):
        """None, or the message refusing ``parent_id`` as this node's parent (read from the parent links)."""
        if parent_id == self.pk:
            return self.loop_message(self._parent_field().related_model._base_manager.get(pk=parent_id))
        chain = ancestor_links(type(self), parent_id)
        if self.pk in chain:
            return self.loop_message(self._parent_field().related_model._base_manager.get(pk=parent_id))
        if chain and None not in chain.values():
            return BROKEN_TREE
        return None

    def clean(self):
        super().clean()
        parent_field = self._parent_field()
        parent_id = getattr(self, parent_field.attname)
        if parent_id is None or self.pk is None or self._state.adding or not self._place_may_change():
            return
        if connection.in_atomic_block:  # e.g. the admin's change form: hold the lock until its save commits
            lock_trees(*self.locked_trees())
        message = self._loop_under(parent_id)
        if message is not None:
            raise ValidationError({parent_field.name: message})

    def _check_place_in_lock(self):
        """Inside the lock: re-read this node's place; refuse with TreeBusy what no longer holds."""
        opts = self._mptt_meta
        parent_field = self._parent_field()
        stored = None
        if not self._state.adding and self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values(*(f.attname for f in self._place_fields())).first()
            if stored is None:
                raise TreeBusy()  # deleted meanwhile
            self._mptt_cached_fields[opts.parent_attr] = stored[parent_field.attname]
        for field in self._place_fields():
            value = getattr(self, field.attname)
            if value is None or (stored is not None and stored[field.attname] == value):
                continue
            if not field.related_model._base_manager.filter(pk=value).exists():
                raise TreeBusy()  # the new parent or department was deleted meanwhile
            if field is parent_field and stored is not None:
                message = self._loop_under(value)
                if message is not None:
                    raise TreeBusy(message)

    def _refresh_parent_numbers(self):
        """Inside the lock: read the tree numbers of the parent instance this node holds again.

        django-mptt moves an existing node under that instance's numbers as they are in memory (it
        reads the node's own again, not the parent's). A change form's choice was read before the
        lock, and another user's move since may have shifted it: moving under stale numbers puts
        the node at the wrong place in the numbering, or is refused as a move under itself.
        """
        parent_field = self._parent_field()
        parent = parent_field.get_cached_value(self, default=None)
        if self._state.adding or parent is None or parent.pk != getattr(self, parent_field.attname):
            return
        opts = self._mptt_meta
        parent.refresh_from_db(fields=[opts.left_attr, opts.right_attr, opts.tree_id_attr, opts.level_attr])

    # ---- writes --------------------------------------------------------------------------
    def save(self, *args, **kwargs):
        moved_by_manager = self.__dict__.pop("_moved_by_manager", False)
        if not moved_by_manager and not self._place_may_change():
            self._save_in_place(kwargs)
            super().save(*args, **kwargs)
        else:
            with tree_lock(*self.locked_trees()):
                if not moved_by_manager:
                    self._check_place_in_lock()
                    self._refresh_parent_numbers()
                super().save(*args, **kwargs)
        self._loaded_place = self._place()

    save.alters_data = True

    def _save_in_place(self, kwargs):
        """A save that keeps the node where it is writes neither the parent nor the tree numbers."""
        parent = self._parent_field()
        self._mptt_cached_fields[self._mptt_meta.parent_attr] = getattr(self, parent.attname)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = [name for name in kwargs["update_fields"] if name not in (parent.name, parent.attname)]
            return
        tree_fields = {self._mptt_meta.left_attr, self._mptt_meta.right_attr, self._mptt_meta.tree_id_attr, self._mptt_meta.level_attr}
        deferred = self.get_deferred_fields()
        kwargs["update_fields"] = [
            field.name for field in self._meta.concrete_fields
            if not field.primary_key and field.name not in tree_fields and field is not parent and field.attname not in deferred
        ]

    def delete(self, *args, **kwargs):
        with tree_lock(*self.locked_trees()):
            if not type(self)._base_manager.filter(pk=self.pk).exists():
                raise TreeBusy()  # deleted meanwhile: closing its gap again would shift other nodes
            self.check_deletable()
            return super().delete(*args, **kwargs)

    delete.alters_data = True


class SerialisedTreeQuerySet(TreeQuerySet):
    def delete(self):
        """Delete node by node, deepest first, inside the lock, so that each closes its gap in the
        numbering and each is checked (``check_deletable``) — a plain SQL delete would leave holes."""
        total, per_model = 0, {}
        with tree_lock(*self.model.locked_trees()):
            for node in list(self.order_by("-level", "-pk")):
                count, counts = node.delete()
                total += count
                for label, n in counts.items():
                    per_model[label] = per_model.get(label, 0) + n
        return total, per_model

    delete.alters_data = True
    delete.queryset_only = True


class SerialisedTreeManager(TreeManager):
    def move_node(self, node, target, position="last-child"):
        """django-mptt's move (the admin's drag-and-drop), inside the lock and checked against the
        parent links: ``InvalidMove`` with the model's words when the new parent is the node or below it."""
        with tree_lock(*self.model.locked_trees()):
            nodes = self.model._base_manager
            if not nodes.filter(pk=node.pk).exists() or (target is not None and not nodes.filter(pk=target.pk).exists()):
                raise TreeBusy()  # deleted meanwhile
            if target is not None and target.pk == node.pk:  # dropped on itself: mptt says "node"
                raise InvalidMove(_("“%(name)s” cannot be moved next to or under itself.") % {"name": node})
            if target is not None:
                # mptt re-reads both nodes' numbers, not the target's parent, which a "left"/"right"
                # move gives the node: read it again too.
                parent_attr = self.model._mptt_meta.parent_attr
                target.refresh_from_db(fields=[parent_attr])
                target._mptt_cached_fields[parent_attr] = getattr(target, node._parent_field().attname)
                new_parent = target.pk if position in ("first-child", "last-child") else getattr(
                    target, node._parent_field().attname
                )
                message = None if new_parent is None else node._loop_under(new_parent)
                if message is not None:
                    raise InvalidMove(message)
            # mptt renumbers with raw SQL, then saves the node to write its new parent: that save
            # belongs to this checked move and must not be taken for another one.
            node._moved_by_manager = True
            try:
                super().move_node(node, target, position)
            finally:
                node.__dict__.pop("_moved_by_manager", None)

    def rebuild(self, *args, **kwargs):
        with tree_lock(*self.model.locked_trees()):
            super().rebuild(*args, **kwargs)

    def partial_rebuild(self, *args, **kwargs):
        with tree_lock(*self.model.locked_trees()):
            super().partial_rebuild(*args, **kwargs)


def ancestor_links(model, pk):
    """{id: parent id} of ``pk`` and every node above it, followed through the parent links in one
    query; a loop in the links ends the walk (then no parent id in the answer is None)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key = quote(model._meta.pk.column)
    parent = quote(model._meta.get_field(model._mptt_meta.parent_attr).column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE chain(node, up) AS ("
            f" SELECT {key}, {parent} FROM {table} WHERE {key} = %s"
            f" UNION SELECT t.{key}, t.{parent} FROM {table} t JOIN chain ON t.{key} = chain.up"
            f") SELECT node, up FROM chain",
            [pk],
        )
        return dict(cursor.fetchall())
