"""The downloads read back as text, to look for figures (and for figures that must not be there)."""

import io
import unicodedata

from openpyxl import load_workbook
from pypdf import PdfReader


def workbook_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(
        " | ".join("" if value is None else str(value) for value in row)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
    )


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())
