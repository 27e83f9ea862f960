"""The org charts: their JSON data for the browser, and the server-side picture for documents.

``department_chart_svg`` and ``svg_to_png`` are the one drawing routine for a department's
position chart: the department page shows the SVG, the .docx and the PDF embed the PNG.
"""
from orgchart.charts.data import department_chart_data, position_chart_data, position_chart_scope
from orgchart.charts.picture import department_chart_svg, svg_to_png

__all__ = [
    "department_chart_data",
    "department_chart_svg",
    "position_chart_data",
    "position_chart_scope",
    "svg_to_png",
]
