"""Template filters for the printable documents."""
from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jobs.documents.context import neighbourhood_chart as neighbourhood_chart_svg
from jobs.documents.html import block_html

register = template.Library()


@register.filter
def css_string(value):
    """``value`` as a quoted CSS string, safe inside a <style> element (for @page footers)."""
    escaped = "".join(ch if ch.isalnum() or ch in " -_.·/" else f"\\{ord(ch):x} " for ch in str(value))
    return mark_safe(f'"{escaped}"')


@register.filter
def document_block(block):
    """A block of a 岗位说明书 section (``jobs.documents.sections``) as HTML."""
    return block_html(block)


@register.simple_tag
def page_counter_css():
    """第 X 页 共 Y 页 (Page X of Y) as the ``content`` of an @page margin box."""
    text = _("Page %(page)s of %(pages)s")
    parts = []
    for piece in text.replace("%(pages)s", "\0pages\0").replace("%(page)s", "\0page\0").split("\0"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return mark_safe(" ".join(parts))


@register.filter
def neighbourhood_chart(jd):
    """The job description's position between its superior and its direct reports, as inline SVG."""
    return mark_safe(neighbourhood_chart_svg(jd))
