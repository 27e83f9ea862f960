"""How the app marks the Word files it writes, so that reading one back can trust its layout.

The .docx renderer stamps its files' core property ``identifier`` (Dublin Core: an unambiguous
reference to the resource) with ``orgchart:<kind>:<code>``; the Word import reads a file so
stamped as the app laid it out — lists numbered "1. ", a 工作经验 with no "N 年及以上" prefix has
no years, 直接下级 and 辖员人数 are the tree's — rather than guessing as it must for other files.
"""
PREFIX = "orgchart:"


def document_identifier(kind, code):
    """``orgchart:job-description:MKT-01``."""
    return f"{PREFIX}{kind}:{code}"


def made_by_this_app(identifier):
    return (identifier or "").startswith(PREFIX)
