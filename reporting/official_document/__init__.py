"""Documents in the official Vietnamese administrative format (Nghị định 30/2020/NĐ-CP), from plain data."""

from .docx import render_docx
from .format import (
    MOTTO,
    NATIONAL_TITLE,
    SIGNER_PREFIXES,
    format_number_line,
    format_place_date,
    signer_title_lines,
)
from .lint import (
    Finding,
    lint_document,
    lint_docx,
    lint_docx_bytes,
    lint_layout,
    lint_lines,
    lint_official_document,
)
from .model import Appendix, Block, Bullet, Heading, OfficialDocument, Paragraph, Signer, Table, line_blocks
from .pdf import render_html, render_pdf

__all__ = [
    "MOTTO",
    "NATIONAL_TITLE",
    "SIGNER_PREFIXES",
    "Appendix",
    "Block",
    "Bullet",
    "Finding",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "Signer",
    "Table",
    "format_number_line",
    "format_place_date",
    "line_blocks",
    "lint_document",
    "lint_docx",
    "lint_docx_bytes",
    "lint_layout",
    "lint_lines",
    "lint_official_document",
    "render_docx",
    "render_html",
    "render_pdf",
    "signer_title_lines",
]
