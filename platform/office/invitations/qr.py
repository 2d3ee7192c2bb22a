"""QR codes for the printed invitation sheet, drawn on the server as SVG (segno), so the page needs no
script and prints the same everywhere."""

import io

import segno
from django.utils.safestring import mark_safe


def qr_svg(text: str):
    """An inline <svg> of `text` (marked safe: segno writes only path data from the text's bits)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(
        out, kind="svg", scale=3, border=2, xmldecl=False, svgns=True, encoding="utf-8"
    )
    return mark_safe(out.getvalue().decode())  # noqa: S308 - generated SVG, no user markup
