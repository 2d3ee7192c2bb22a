"""Render an OfficialDocument as HTML (the web preview) and, through WeasyPrint, as PDF.

Both come from one template, so the preview shows what will be printed.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from .format import MOTTO, NATIONAL_TITLE, format_number_line, format_place_date, signer_title_lines
from .model import Block, Bullet, Heading, OfficialDocument, Paragraph, Table

TEMPLATE = "reporting/official_document.html"
# The template cannot ask a block its type, so each block travels with the name of the markup that shows it.
BLOCK_KINDS = {Heading: "heading", Paragraph: "paragraph", Bullet: "bullet", Table: "table"}


def render_html(doc: OfficialDocument) -> str:
    return render_to_string(TEMPLATE, _context(doc))


def render_pdf(doc: OfficialDocument) -> bytes:
    # Imported here: WeasyPrint takes about a second to import, which the DOCX export and the web preview
    # (and every process that merely builds documents) need not pay.
    from weasyprint import HTML

    return HTML(string=render_html(doc)).write_pdf()


def _context(doc: OfficialDocument) -> dict:
    return {
        "doc": doc,
        "national_title": NATIONAL_TITLE,
        "motto": MOTTO,
        "number_line": format_number_line(doc.number, doc.doc_type, doc.issuer_abbreviation)
        if doc.numbered
        else "",
        "place_date": format_place_date(doc.place, doc.date),
        "flow": _flow(doc),
        "signer_lines": signer_title_lines(doc.signer) if doc.signer else [],
    }


def _flow(doc: OfficialDocument) -> list[dict]:
    """Everything below the title as one list, so the template writes the table markup once for the body
    and the appendix (Django templates have no macros)."""
    flow = [
        *_tagged(doc.preamble, "preamble"),
        *_tagged(doc.body, "body"),
        *_tagged(doc.closing, "closing"),
        {"kind": "signature"},
    ]
    if doc.appendix is not None:
        flow.append({"kind": "appendix_heading", "block": doc.appendix})
        flow += _tagged([doc.appendix.table], "appendix")
    return flow


def _tagged(blocks: list[Block], part: str) -> list[dict]:
    return [{"kind": BLOCK_KINDS[type(block)], "part": part, "block": block} for block in blocks]
