"""A plan printed in the official format, as DOCX or PDF, for downloads and the export command."""

from django.utils.text import slugify

from plans.planning.models import Plan
from plans.planning.selectors import plan_snapshot
from reporting.official_document import render_docx, render_pdf
from reporting.plan_document import plan_official_document

EXPORT_FORMATS = {
    "docx": (render_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (render_pdf, "application/pdf"),
}


def plan_filename(plan: Plan, fmt: str) -> str:
    """An ASCII file name that survives e-mail and old Windows: Ke-hoach-12-KH-THLQD-2024.docx."""
    number = (
        slugify(plan.number.replace("/", "-").replace("Đ", "D").replace("đ", "d"))
        if plan.number
        else "du-thao"
    )
    return f"Ke-hoach-{number}-{plan.year}.{fmt}".replace("--", "-")


def export_plan(plan: Plan, fmt: str) -> tuple[bytes, str, str]:
    renderer, content_type = EXPORT_FORMATS[fmt]
    document = plan_official_document(plan_snapshot(plan))
    return renderer(document), plan_filename(plan, fmt), content_type
