"""Job descriptions and department handbooks as documents.

``context`` builds what a document shows, once, and ``sections`` describes a job
description's rows (labels, values, arrangement) from it; ``html`` (the page and the PDF),
``word`` and ``compare`` only lay those rows out — so the page, the .docx, the PDF and the
side-by-side comparison cannot disagree.
"""
from jobs.documents.context import handbook_context, job_description_context

__all__ = ["handbook_context", "job_description_context"]
