"""The built-in layout as a company template, and the reference of every placeholder.

HR starts a company template from ours: ``default_template()`` writes the sections of the built-in
.docx (``jobs.documents.word``: same fonts, headings and bordered tables, labels in the current
language) with docxtpl tags in place of the values — ``{{ title }}`` in a cell, a table row
between ``{%tr for d in duties %}`` and ``{%tr endfor %}`` rows for each list — so that filling it
gives roughly the built-in document. ``placeholder_reference(example)`` lists every name of
``PLACEHOLDERS`` with its meaning and its value for a real position.
"""
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH

from jobs.documents.sections import SECTIONS, section_heading
from jobs.documents.template_context import LISTS, PLACEHOLDERS, template_context
from jobs.documents.word import _to_bytes, heading, new_document, page_furniture, set_properties, table


def _section_titles():
    return {key: title for key, title, *_rest in SECTIONS}


def _loop_table(document, header, item, loop, fields):
    """A table with ``header``, then one row per item of ``loop``: ``{%tr for item in loop %}``."""
    rows = [
        (f"{{%tr for {item} in {loop} %}}",),
        tuple(f"{{{{ {item}.{field} }}}}" for field in fields),
        ("{%tr endfor %}",),
    ]
    table(document, rows, header=header, label_columns=())


def default_template():
    """The .docx of the built-in layout written with placeholders."""
    titles = _section_titles()
    document = new_document()
    # The controlled document's header and footer (第 X 页 共 Y 页), filled like the body.
    page_furniture(document.sections[0], company="{{ company }}", line="{{ header_line }}")
    set_properties(document, title=_("Job description"), company="", identifier="")  # nothing of python-docx
    title = heading(document, "{{ title }} " + _("Job description"), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta = document.add_paragraph(
        "{{ company }} · {{ department }} · {{ code }} · " + _("document number") + " {{ document_number }} · "
        "{{ version_label }}"
    )
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number = iter(range(len(titles)))

    heading(document, section_heading(next(number), titles["basic"]), level=2)
    table(document, [
        (_("position title"), "{{ title }}", _("position code"), "{{ code }}"),
        (_("department"), "{{ department }}", _("reports to"), "{{ reports_to }}"),
        (_("direct subordinates"), "{{ subordinates }}"),
        (_("job level"), "{{ job_level }}", _("job family"), "{{ job_family }}"),
        (_("headcount"), "{{ headcount }}", _("span of control"), "{{ span }}"),
        ("{%tr if show_confidential %}",),
        (_("salary grade"), "{{ salary_grade }}", _("salary level"), "{{ salary_level }}"),
        ("{%tr endif %}",),
        (_("date filled in"), "{{ fill_date }}", _("effective date"), "{{ effective_date }}"),
        (_("version"), "{{ version_label }}", _("status"), "{{ status }}"),
    ], columns=4, label_columns=(0, 2))

    heading(document, section_heading(next(number), titles["content"]), level=2)
    table(document, [(_("job summary"), "{{ summary }}")], columns=2)
    _loop_table(document, [_("No."), _("category"), _("duty statement"), _("tasks"), _("work standard"), _("time share (%)")],
                "d", "duties", ("no", "category", "duty", "tasks", "standard", "weight"))
    _loop_table(document, [_("No."), _("category"), _("Authorities")], "a", "authorities", ("no", "category", "text"))

    heading(document, section_heading(next(number), titles["relations"]), level=2)
    table(document, [
        (_("supervision received"), "{{ supervision_received }}"),
        (_("supervision given"), "{{ supervision_given }}"),
        (_("promotion targets"), "{{ career_paths.promotion }}"),
        (_("lateral moves"), "{{ career_paths.lateral }}"),
    ], columns=2)
    _loop_table(document, [_("No."), _("scope"), _("party"), _("content")], "r", "relations", ("no", "scope", "party", "content"))

    heading(document, section_heading(next(number), titles["qualification"]), level=2)
    q = "qualifications."
    table(document, [
        (_("minimum education"), "{{ %seducation }}" % q, _("major"), "{{ %smajor }}" % q),
        (_("age requirement"), "{{ %sage }}" % q, _("gender requirement"), "{{ %sgender }}" % q),
        (_("training before starting"), "{{ %straining }}" % q),
        (_("work experience"), "{{ %sexperience }}" % q),
        (_("knowledge"), "{{ %sknowledge }}" % q),
        (_("skills"), "{{ %sskills }}" % q),
        (_("basic qualities"), "{{ %sbasic_qualities }}" % q),
        (_("personality"), "{{ %spersonality }}" % q),
        (_("physical requirements"), "{{ %sphysical }}" % q),
        (_("certificates"), "{{ %scertificates }}" % q),
        (_("foreign languages"), "{{ %slanguages }}" % q, _("computer skills"), "{{ %scomputer_skills }}" % q),
        (_("other requirements"), "{{ %sother }}" % q),
    ], columns=4, label_columns=(0, 2))

    heading(document, section_heading(next(number), titles["conditions"]), level=2)
    c = "conditions."
    table(document, [
        (_("working hours"), "{{ %sworking_hours }}" % c, _("working time pattern"), "{{ %stime_pattern }}" % c),
        (_("workload balance"), "{{ %sworkload_balance }}" % c, _("business travel"), "{{ %stravel }}" % c),
        (_("working environment"), "{{ %senvironment }}" % c),
        (_("tools and equipment"), "{{ %stools }}" % c),
    ], columns=4, label_columns=(0, 2))

    heading(document, section_heading(next(number), titles["assessment"]), level=2)
    _loop_table(document, [_("No."), _("indicator"), _("definition or formula"), _("target"), _("weight (%)"), _("period"),
                           _("data source")], "k", "kpis", ("no", "name", "definition", "target", "weight", "period", "data_source"))
    document.add_paragraph(_("assessment note") + ":{{ assessment_note }}")

    heading(document, section_heading(next(number), titles["records"]), level=2)
    _loop_table(document, [_("No."), _("document"), _("when prepared"), _("recipient")], "w", "records",
                ("no", "document", "timing", "recipient"))

    heading(document, section_heading(next(number), titles["remarks"]), level=2)
    document.add_paragraph("{{ remarks }}")

    table(document, [
        (_("prepared by"), "{{ sign_off.prepared.name }}", _("date"), "{{ sign_off.prepared.date }}"),
        (_("reviewed by"), "{{ sign_off.reviewed.name }}", _("date"), "{{ sign_off.reviewed.date }}"),
        (_("approved by"), "{{ sign_off.approved.name }}", _("date"), "{{ sign_off.approved.date }}"),
    ], columns=4, label_columns=(0, 2))
    return _to_bytes(document)


def _example(value):
    return "" if value is None else str(value)


def placeholder_rows(example):
    """[(placeholder, meaning, example value)] for every name, items of lists and dicts included;
    ``example`` is ``template_context`` of a real position (or None: no examples)."""
    rows = []
    for name, (meaning, inner) in PLACEHOLDERS.items():
        value = example.get(name) if example else None
        if inner is None:
            rows.append((f"{{{{ {name} }}}}", str(meaning), _example(value)))
        elif name in LISTS:
            item = name[0]
            rows.append((f"{{%tr for {item} in {name} %}} … {{%tr endfor %}}", str(meaning),
                         _("%(count)s items") % {"count": len(value)} if value is not None else ""))
            first = value[0] if value else {}
            rows += [(f"{{{{ {item}.{field} }}}}", "", _example(first.get(field))) for field in inner]
        elif name == "sign_off":
            rows.append(("", str(meaning), ""))
            rows += [
                (f"{{{{ sign_off.{step}.{field} }}}}", "", _example((value or {}).get(step, {}).get(field)))
                for step in inner for field in ("name", "date")
            ]
        else:
            rows.append(("", str(meaning), ""))
            rows += [(f"{{{{ {name}.{field} }}}}", "", _example((value or {}).get(field))) for field in inner]
    return rows


def placeholder_reference(example, *, position_name=""):
    """A .docx listing every placeholder, its meaning and ``example``'s value."""
    document = new_document()
    set_properties(document, title=_("Placeholders of the job description templates"), company="", identifier="")
    heading(document, _("Placeholders of the job description templates"), level=0)
    document.add_paragraph(_(
        "Write these names in a Word file where the values should appear. A table row that holds only "
        "{%tr for d in duties %} repeats the rows between it and {%tr endfor %} once for each duty."
    ))
    if position_name:
        document.add_paragraph(_("Example values: %(position)s") % {"position": position_name})
    table(document, placeholder_rows(example), header=[_("placeholder"), _("meaning"), _("example")], label_columns=())
    return _to_bytes(document)


def example_position_context(user):
    """(``template_context`` of a real position ``user`` may see, its name), or (None, "") in an empty
    organisation: the examples of the placeholder reference. A position with duties and KPIs shows
    the most."""
    from jobs.documents.context import job_description_context  # noqa: PLC0415
    from jobs.models import Position  # noqa: PLC0415
    from jobs.publication import Audience  # noqa: PLC0415

    visible = Audience(user).visible(Position.objects.order_by("tree_id", "lft"))
    chosen = visible.filter(duties__isnull=False, kpis__isnull=False).values_list("pk", flat=True).first()
    chosen = chosen or visible.values_list("pk", flat=True).first()
    if chosen is None:
        return None, ""
    position = Position.objects.with_job_description().get(pk=chosen)
    jd = job_description_context(position, user)
    return template_context(jd), f"{jd['position'].title}({jd['position'].code})"
