"""Template filters for the printable documents."""
from django import template
from django.utils.safestring import mark_safe

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
