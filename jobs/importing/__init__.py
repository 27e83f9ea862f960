"""Bulk import and export of the whole organisation as one workbook (see service.py)."""
from jobs.importing.exporting import export_workbook, template_workbook
from jobs.importing.service import import_workbook

__all__ = ["export_workbook", "import_workbook", "template_workbook"]
