"""Which kept documents a change makes stale (``jobs.documents.kept``), told by signals.

A job description shows, besides its own version: its department's name and the departments it
heads, the titles of its superior, its subordinates and the positions it links to, and 辖员人数
(the 定员 of everything below it). A department part shows the department's data, its parent's
name, and the titles, levels and 定员 of its positions. So:

- a position saved or deleted: itself, its superior (old and new) and every position above it,
  its subordinates, the positions linking to it, and its department (old and new);
- a position's rows or links: the position;
- a department saved: its part, its sub-departments' parts, the positions in it and below it (the
  page's breadcrumbs name it), its head (old and new);
- a department's duties or policies: its part;
- a job level or family: the positions that have it and their departments;
- a company document template replaced or deleted: the files made with it are deleted (their key
  holds its file's digest, so they would never be found again).

The changes of a transaction are gathered and the stamps raised once, when it commits; more than
``kernel.keeping.MANY`` objects at once start a new generation instead. Bulk writes that send no
signals (the workbook import) raise the generation themselves.
"""
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from departments.models import DEPARTMENT_ROWS, Department
from jobs.models import POSITION_ROWS, DocumentTemplate, JobFamily, JobLevel, Position, Qualification
from jobs.models.position import LINK_FIELDS
from kernel import keeping, versions
from kernel.commits import gather_until_commit

POSITION, DEPARTMENT = "position", "department"
UID = "jobs.documents.invalidation"


def _record(changes):
    """Add ``changes`` to those of the current transaction, flushed once when it commits."""

    def add(state):
        for key, values in changes.items():
            state.setdefault(key, set()).update(values)

    gather_until_commit("kept-document-changes", add, lambda state: _flush({**_empty(), **state}))


def _empty():
    return {"moved": set(), "positions": set(), "above": set(), "departments": set(), "renamed": set(), "levels": set(), "families": set()}


def _flush(changes):
    positions = set(changes["positions"])
    departments = set(changes["departments"])
    moved = changes["moved"]
    if moved:
        rows = list(Position.objects.filter(pk__in=moved).values_list("pk", "tree_id", "lft", "rght", "department_id"))
        positions |= moved
        departments |= {row[4] for row in rows}
        positions |= set(Position.objects.filter(reports_to__in=moved).values_list("pk", flat=True))
        for name in LINK_FIELDS:
            through = Position._meta.get_field(name).remote_field.through
            positions |= set(through.objects.filter(to_position__in=moved).values_list("from_position_id", flat=True))
        departments |= set(Department.objects.filter(head_position__in=moved).values_list("pk", flat=True))
        above = Q()
        for _pk, tree_id, lft, rght, _department in rows:
            above |= Q(tree_id=tree_id, lft__lt=lft, rght__gt=rght)
        if rows and len(rows) <= keeping.MANY:
            positions |= set(Position.objects.filter(above).values_list("pk", flat=True))
    if changes["above"]:
        tops = Position.objects.filter(pk__in=changes["above"]).values_list("tree_id", "lft", "rght")
        above = Q()
        for tree_id, lft, rght in tops:
            above |= Q(tree_id=tree_id, lft__lte=lft, rght__gte=rght)
        if above:
            positions |= set(Position.objects.filter(above).values_list("pk", flat=True))
    renamed = changes["renamed"]
    if renamed:
        departments |= renamed | set(Department.objects.filter(parent__in=renamed).values_list("pk", flat=True))
        below = Q()  # the page's breadcrumbs name every department above a position
        for tree_id, lft, rght in Department.objects.filter(pk__in=renamed).values_list("tree_id", "lft", "rght"):
            below |= Q(department__tree_id=tree_id, department__lft__gte=lft, department__rght__lte=rght)
        if below:
            positions |= set(Position.objects.filter(below).values_list("pk", flat=True))
        positions |= set(Department.objects.filter(pk__in=renamed).values_list("head_position_id", flat=True))
    if changes["levels"] or changes["families"]:
        levels, families = list(changes["levels"]), list(changes["families"])
        having = Position.objects.filter(  # their own, or their standard's published one (jobs.standards)
            Q(job_level__in=levels) | Q(family__in=families)
            | Q(standard__published_content__fields__job_level_id__in=levels)
            | Q(standard__published_content__fields__family_id__in=families)
        )
        for pk, department_id in having.values_list("pk", "department_id"):
            positions.add(pk)
            departments.add(department_id)
    positions.discard(None)
    departments.discard(None)
    if len(positions) + len(departments) > keeping.MANY:
        versions.raise_now(versions.DOCUMENTS)
        return
    keeping.raise_stamps(POSITION, positions)
    keeping.raise_stamps(DEPARTMENT, departments)


def position_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    changes = _empty()
    changes["moved"].add(instance.pk)
    loaded = getattr(instance, "_place_before_save", None) or {}
    changes["above"] |= {loaded.get("reports_to_id")} - {None}
    changes["departments"] |= {loaded.get("department_id")} - {None}
    _record(changes)


def position_before_save(sender, instance, raw=False, **kwargs):
    """Where the position was (its superior and department), for the documents it leaves."""
    instance._place_before_save = dict(getattr(instance, "_loaded_place", None) or {})


def position_before_delete(sender, instance, **kwargs):
    changes = _empty()
    changes["positions"].add(instance.pk)
    for name in LINK_FIELDS:
        through = Position._meta.get_field(name).remote_field.through
        changes["positions"] |= set(through.objects.filter(to_position=instance).values_list("from_position_id", flat=True))
    changes["departments"] |= set(instance.headed_departments.values_list("pk", flat=True)) | {instance.department_id}
    changes["above"] |= {instance.reports_to_id} - {None}
    _record(changes)


def _of(key, *values):
    changes = _empty()
    changes[key] |= set(values) - {None}
    _record(changes)


def row_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _of("positions", instance.position_id)


def links_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """A link is shown by the position it starts from: ``instance``, or with ``reverse`` the
    positions of ``pk_set`` that link to ``instance``."""
    if action.startswith("post_"):
        _of("positions", instance.pk, *(pk_set or ()) if reverse else ())


def department_before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._head_before_save = Department._base_manager.filter(pk=instance.pk).values_list("head_position_id", flat=True).first()


def department_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    changes = _empty()
    changes["renamed"].add(instance.pk)
    changes["positions"] |= {getattr(instance, "_head_before_save", None)} - {None}
    _record(changes)


def department_deleted(sender, instance, **kwargs):
    _of("departments", instance.pk, instance.parent_id)


def department_row_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _of("departments", instance.department_id)


def level_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _of("levels" if sender is JobLevel else "families", instance.pk)


def connect():
    """Called once by the jobs app when it is ready."""
    pre_save.connect(position_before_save, sender=Position, dispatch_uid=f"{UID}.position.pre")
    post_save.connect(position_saved, sender=Position, dispatch_uid=f"{UID}.position")
    pre_delete.connect(position_before_delete, sender=Position, dispatch_uid=f"{UID}.position.delete")
    for model in (Qualification, *(kind.model for kind in POSITION_ROWS)):
        post_save.connect(row_changed, sender=model, dispatch_uid=f"{UID}.{model.__name__}")
        post_delete.connect(row_changed, sender=model, dispatch_uid=f"{UID}.{model.__name__}.delete")
    for name in LINK_FIELDS:
        through = Position._meta.get_field(name).remote_field.through
        m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"{UID}.{name}")
    pre_save.connect(department_before_save, sender=Department, dispatch_uid=f"{UID}.department.pre")
    post_save.connect(department_saved, sender=Department, dispatch_uid=f"{UID}.department")
    post_delete.connect(department_deleted, sender=Department, dispatch_uid=f"{UID}.department.delete")
    for kind in DEPARTMENT_ROWS:
        post_save.connect(department_row_changed, sender=kind.model, dispatch_uid=f"{UID}.{kind.model.__name__}")
        post_delete.connect(department_row_changed, sender=kind.model, dispatch_uid=f"{UID}.{kind.model.__name__}.delete")
    for model in (JobLevel, JobFamily):
        post_save.connect(level_changed, sender=model, dispatch_uid=f"{UID}.{model.__name__}")
        post_delete.connect(level_changed, sender=model, dispatch_uid=f"{UID}.{model.__name__}.delete")
    pre_save.connect(template_replaced, sender=DocumentTemplate, dispatch_uid=f"{UID}.template")
    post_delete.connect(template_deleted, sender=DocumentTemplate, dispatch_uid=f"{UID}.template.delete")


def template_replaced(sender, instance, raw=False, **kwargs):
    """A company template's new file: the documents made with the old one are deleted once the
    change commits (their key holds the old digest, so they would never be found again)."""
    if raw or instance.pk is None:
        return
    old = DocumentTemplate.objects.filter(pk=instance.pk).values_list("digest", flat=True).first()
    if old and old != instance.digest:
        marker = DocumentTemplate.identity_of(instance.pk, old)
        transaction.on_commit(lambda: keeping.drop_containing(marker))


def template_deleted(sender, instance, **kwargs):
    """A deleted company template: its file and the documents made with it go too."""
    marker, storage, name = instance.identity(), instance.file.storage, instance.file.name

    def drop():
        keeping.drop_containing(marker)
        if name:
            storage.delete(name)

    transaction.on_commit(drop)
