"""Job descriptions and department handbooks as documents.

``context`` builds what a document shows, once; ``word`` and ``pdf`` only format that
context, and the HTML page renders it through templates — so the page, the .docx and the
PDF cannot disagree.
"""
from jobs.documents.context import handbook_context, job_description_context

__all__ = ["handbook_context", "job_description_context"]
