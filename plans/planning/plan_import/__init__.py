"""Import a school's TĐKT plan from a Word (.docx) or text (.txt) file into a structured, checked plan.

Pure Python on purpose (no Django): services call `import_plan`, tests and management commands can too.
"""

from .model import (
    Header,
    LegalBasis,
    Paragraph,
    ParsedPlan,
    PlanImportError,
    PlanImportWarning,
    Section,
    Signer,
    SourceText,
    TimelineMonth,
    TimelineTask,
)
from .parser import parse_plan
from .reader import read_plan_source


def import_plan(filename: str, data: bytes) -> ParsedPlan:
    return parse_plan(read_plan_source(filename, data))


__all__ = [
    "Header",
    "LegalBasis",
    "Paragraph",
    "ParsedPlan",
    "PlanImportError",
    "PlanImportWarning",
    "Section",
    "Signer",
    "SourceText",
    "TimelineMonth",
    "TimelineTask",
    "import_plan",
    "parse_plan",
    "read_plan_source",
]
