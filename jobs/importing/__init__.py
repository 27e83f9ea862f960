"""Bulk import and export of the organisation: workbooks, CSV and Word job descriptions (see service.py)."""
from jobs.importing.exporting import export_workbook, template_workbook
from jobs.importing.service import import_files, import_workbook

__all__ = ["export_workbook", "import_files", "import_workbook", "template_workbook"]
