"""``{% department_chart department %}``: the department's position chart, inline SVG.

A template tag keeps the departments app free of imports from jobs: the picture is the
same ``department_chart_svg`` the .docx and PDF exports embed as PNG.
"""
from django import template
from django.utils.safestring import mark_safe

from orgchart.charts import department_chart_svg

register = template.Library()


@register.simple_tag
def department_chart(department, positions=None):
    """``positions`` (tree order, job level selected), when given, are the ones drawn."""
    return mark_safe(department_chart_svg(department, positions=positions))  # every text in it is XML-escaped
