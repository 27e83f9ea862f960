"""The department handbook (部门职责与岗位说明书) as PDF, of any size, assembled from kept parts.

Each job description and each department part is a PDF of its own, made once and kept
(``jobs.documents.kept``); the handbook is those parts in order behind a contents page that gives
each part's page number, with bookmarks, merged by ``jobs.documents.assembly``. Laying out a page
takes WeasyPrint about a quarter of a second, merging it a few milliseconds: a handbook whose parts
are all kept is ready in seconds, and a new one costs only the parts never made before.

Each part keeps its own footer (the position code and its page of its pages); the contents page
gives the handbook's page numbers. The assembled handbook is kept too, under a signature of every
part's key: a second download of an unchanged handbook is a file read.

:func:`plan` reads what the handbook holds (a few queries, no rendering); the page decides from
it whether to answer at once (kept, or small) or to start a background task (``jobs.tasks``).
"""
import hashlib
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from jobs.documents.assembly import merge_pdfs
from jobs.documents.context import (
    add_sign_offs, department_part, handbook_positions, job_description_context, linked_positions,
)
from jobs.documents.controlled import company_names
from jobs.documents.kept import (
    DEPARTMENT_PDF, HANDBOOK_PDF, KEY_FIELDS, POSITION_PDF, department_variant, position_variant, template_identity,
)
from jobs.documents.pdf import render_pdf
from jobs.headcount import department_headcounts
from jobs.models import Position
from jobs.publication import Audience, published_snapshots
from jobs.roles import CONFIDENTIAL_PERMISSION
from kernel import keeping
from kernel.processes import run_in_processes

CHUNK = 25  # job descriptions loaded and laid out together
READERS = 8  # kept parts read from storage at once
CONTENTS_LINES_PER_PAGE = 46  # about what fits (47): a wrong estimate costs one more layout of the contents


class NoProgress:
    """The progress of a handbook made while the user waits: nobody watches it."""

    def start(self, total, label=""):
        pass

    def advance(self, steps=1, label=None):
        pass


@dataclass
class Plan:
    department: object
    include_sub: bool
    audience: Audience
    departments: list
    positions: list  # KEY_FIELDS only, in handbook order
    position_keys: dict  # pk: (variant or None, stamp)
    department_keys: dict
    kept_positions: dict = field(default_factory=dict)  # pk: KeptFile
    kept_departments: dict = field(default_factory=dict)
    variant: str | None = None  # of the assembled handbook; None when a part is a draft

    @property
    def missing(self):
        """How many parts must still be laid out."""
        return (len(self.positions) - len(self.kept_positions)) + (len(self.departments) - len(self.kept_departments))

    @property
    def name(self):
        return f"{self.department.name}_{self.department.code}_{_('Department duties and job descriptions')}.pdf"


def plan(department, user, *, include_sub=False):
    """What the handbook of ``department`` holds for ``user`` and which of its parts are kept."""
    audience = Audience(user)
    scope = department.get_descendants(include_self=True) if include_sub else type(department).objects.filter(pk=department.pk)
    departments = list(scope.order_by("tree_id", "lft").select_related("parent", "head_position"))
    positions = list(
        audience.visible(handbook_positions(department, include_sub_departments=include_sub))
        .order_by("department__tree_id", "department__lft", "tree_id", "lft")
        .only(*KEY_FIELDS)
    )
    generation = keeping.generation()
    position_stamps = keeping.stamps("position", [p.pk for p in positions])
    department_stamps = keeping.stamps("department", [d.pk for d in departments])
    shared_variant = department_variant(audience, generation=generation)
    result = Plan(
        department=department, include_sub=include_sub, audience=audience, departments=departments, positions=positions,
        position_keys={p.pk: (position_variant(p, audience, generation=generation), position_stamps[p.pk]) for p in positions},
        department_keys={d.pk: (shared_variant, department_stamps[d.pk]) for d in departments},
    )
    result.kept_positions = keeping.find_many(
        POSITION_PDF, {pk: key for pk, key in result.position_keys.items() if key[0] is not None}
    )
    result.kept_departments = keeping.find_many(DEPARTMENT_PDF, result.department_keys)
    if all(variant is not None for variant, _stamp in result.position_keys.values()):
        signature = hashlib.sha256(
            repr((sorted(result.position_keys.items()), sorted(result.department_keys.items()))).encode()
        ).hexdigest()[:20]
        result.variant = keeping.variant(_prefix(result), template_identity(), signature, generation=generation)
    return result


def _prefix(plan):
    """What one handbook file is kept per: the scope, the reader, confidentiality and language."""
    return ".".join((
        "sub" if plan.include_sub else "own", "published" if plan.audience.published_only else "current",
        "c" if plan.audience.user.has_perm(CONFIDENTIAL_PERMISSION) else "p", translation.get_language(),
    ))


def kept_handbook(plan):
    """The bytes of the handbook kept for exactly these parts, or None."""
    if plan.variant is None:
        return None
    kept = keeping.find(HANDBOOK_PDF, plan.department.pk, plan.variant)
    return keeping.read(kept) if kept is not None else None


def _render_positions(plan, missing, progress):
    """Lay out the job descriptions ``missing`` (pks), keep those that may be kept; {pk: (pdf, pages)}.

    With ``DOCUMENT_PROCESSES`` > 1 the chunks are laid out by that many processes of their own
    (``kernel.processes``), outside a transaction only: a child cannot see what the caller has not
    committed. A child that fails or takes longer than ``DOCUMENT_PROCESS_SECONDS`` over a chunk
    costs time, not the handbook: the caller lays out what is left itself."""
    chunks = [missing[start:start + CHUNK] for start in range(0, len(missing), CHUNK)]
    processes = settings.DOCUMENT_PROCESSES
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # a child could not see it
    made = {}
    if processes <= 1 or len(chunks) <= 1 or connection.in_atomic_block or in_memory:
        for chunk in chunks:
            made.update(_render_chunk(plan, chunk, progress))
        return made
    for result in run_in_processes(
        _render_chunk_quietly, chunks, processes=processes, payload=plan, timeout=settings.DOCUMENT_PROCESS_SECONDS,
    ):
        made.update(result)
        progress.advance(len(result), label=_("Laid out: %(count)s of %(total)s") % {"count": len(made), "total": len(missing)})
    return made


def _render_chunk_quietly(plan, pks):
    """A chunk laid out with no progress reported per position (``run_in_processes`` reports chunks)."""
    return _render_chunk(plan, pks, NoProgress())


def _render_chunk(plan, pks, progress):
    made = {}
    user = plan.audience.user
    chunk = list(Position.objects.with_job_description().filter(pk__in=pks))
    snapshots = {}
    if plan.audience.published_only:
        snapshots = published_snapshots(chunk)
    plan.audience.prepare_links([link for p in chunk for link in linked_positions(snapshots.get(p.pk, p))])
    companies = company_names({p.department_id: p.department for p in chunk}.values())
    made_contexts = []
    for position in chunk:
        try:
            made_contexts.append(job_description_context(position, user, snapshots=snapshots, companies=companies, sign_off=False))
        except Http404:
            progress.advance()
            continue  # its published version cannot be rebuilt: left out, as on the page
    add_sign_offs(made_contexts)
    for jd in made_contexts:
        position = jd["position"]
        pdf, pages = render_pdf("jobs/job_description_print.html", {"jd": jd}, with_pages=True)
        variant, stamp = plan.position_keys[position.pk]
        if variant is not None:
            keeping.keep(POSITION_PDF, position.pk, variant, stamp, pdf, name=f"{jd['position'].code}.pdf", extension="pdf", pages=pages)
        made[position.pk] = (pdf, pages)
        progress.advance(label=_("Laid out: %(title)s") % {"title": jd["position"].title})
    return made


def _render_departments(plan, missing, progress):
    made = {}
    numbers = department_headcounts(plan.department) if missing else {}
    for department in missing:
        positions = plan.audience.positions(
            department.positions.with_basics().order_by("tree_id", "lft"), related=("reports_to",), also=[department.head_position]
        )
        part = department_part(department, positions, numbers=numbers[department.pk])
        pdf, pages = render_pdf("jobs/department_print.html", {"part": part}, with_pages=True)
        variant, stamp = plan.department_keys[department.pk]
        keeping.keep(DEPARTMENT_PDF, department.pk, variant, stamp, pdf, name=f"{department.code}.pdf", extension="pdf", pages=pages)
        made[department.pk] = (pdf, pages)
        progress.advance(label=_("Laid out: %(title)s") % {"title": department.name})
    return made


def _contents(plan, entries, first_page):
    """The contents pages, numbering the parts from ``first_page``; (pdf, pages)."""
    lines = [(level, title, code, page + first_page) for level, title, code, page in entries]
    return render_pdf(
        "jobs/handbook_contents_print.html", {"department": plan.department, "include_sub": plan.include_sub, "lines": lines},
        with_pages=True,
    )


def assemble(plan, progress=None):
    """The handbook's PDF: lays out the parts not kept yet, then merges. (bytes, file name)."""
    progress = progress or NoProgress()
    progress.start(plan.missing + 2, _("Laying out the parts"))
    kept_files = [("position", pk, kept) for pk, kept in plan.kept_positions.items()]
    kept_files += [("department", pk, kept) for pk, kept in plan.kept_departments.items()]
    with ThreadPoolExecutor(READERS) as pool:  # object storage answers one file at a time: read several at once
        contents = pool.map(lambda item: keeping.read(item[2]), kept_files)
        parts = {(kind, pk): (content, kept.pages) for (kind, pk, kept), content in zip(kept_files, contents)}
    lost = [key for key, (content, pages) in parts.items() if content is None or not pages]
    for key in lost:  # a kept file gone from storage: made again
        del parts[key]
    kept_positions = {pk for kind, pk in parts if kind == "position"}
    kept_departments = {pk for kind, pk in parts if kind == "department"}
    missing = [p.pk for p in plan.positions if p.pk not in kept_positions]
    parts.update({("position", pk): made for pk, made in _render_positions(plan, missing, progress).items()})
    parts.update({
        ("department", pk): made
        for pk, made in _render_departments(plan, [d for d in plan.departments if d.pk not in kept_departments], progress).items()
    })

    progress.advance(label=_("Contents and merging"))
    by_department = {}
    for position in plan.positions:
        if ("position", position.pk) in parts:
            by_department.setdefault(position.department_id, []).append(position)
    order, entries, page = [], [], 0
    for department in plan.departments:
        order.append(("department", department.pk))
        entries.append((0, department.name, department.code, page))
        page += parts[("department", department.pk)][1]
        for position in by_department.get(department.pk, []):
            order.append(("position", position.pk))
            entries.append((1, position.title, position.code, page))
            page += parts[("position", position.pk)][1]
    # The parts are numbered after the contents, whose length is known only once laid out: number
    # them after an estimate and lay the contents out again with its real length when the estimate
    # was wrong (plain paragraphs: quick). Should the numbers then still not fit, the contents keep
    # the longer count and blank pages fill it up.
    contents_pages = math.ceil((len(entries) + 4) / CONTENTS_LINES_PER_PAGE)
    contents, laid_out = _contents(plan, entries, contents_pages + 1)
    if laid_out != contents_pages:
        contents_pages = laid_out
        contents, laid_out = _contents(plan, entries, contents_pages + 1)
        if laid_out > contents_pages:
            contents_pages = laid_out
            contents, laid_out = _contents(plan, entries, contents_pages + 1)
    bookmarks = [(_("Contents"), 0, 0)] + [
        (f"{title}（{code}）" if level else title, contents_pages + start, level) for level, title, code, start in entries
    ]
    pdf = merge_pdfs([contents, *(parts[key][0] for key in order)], bookmarks=bookmarks, blank_after_first=contents_pages - laid_out)
    progress.advance(label=_("Done"))
    if plan.variant is not None:
        kept = keeping.keep(HANDBOOK_PDF, plan.department.pk, plan.variant, 0, pdf, name=plan.name, extension="pdf")
        keeping.drop_others(kept, _prefix(plan) + ".")
    return pdf, plan.name
