"""Positions, their reporting lines and every part of their job descriptions (岗位说明书)."""
from jobs.models.importing import ImportMapping
from jobs.models.lookups import JobFamily, JobLevel
from jobs.models.position import Education, Position, Qualification
from jobs.models.review import PositionReview
from jobs.models.rows import KPI, POSITION_ROWS, Authority, Duty, WorkRecord, WorkRelation
from jobs.models.search import SearchDocument
from jobs.models.standards import (
    STANDARD_ROWS, STANDARD_SECTIONS, StandardAuthority, StandardDuty, StandardKPI, StandardPosition,
    StandardQualification, StandardRecord, StandardRelation, StandardVersion,
)
from jobs.models.templates import DocumentTemplate

__all__ = [
    "KPI",
    "POSITION_ROWS",
    "Authority",
    "DocumentTemplate",
    "Duty",
    "Education",
    "ImportMapping",
    "JobFamily",
    "JobLevel",
    "Position",
    "PositionReview",
    "Qualification",
    "STANDARD_ROWS",
    "STANDARD_SECTIONS",
    "SearchDocument",
    "StandardAuthority",
    "StandardDuty",
    "StandardKPI",
    "StandardPosition",
    "StandardQualification",
    "StandardRecord",
    "StandardRelation",
    "StandardVersion",
    "WorkRecord",
    "WorkRelation",
]
