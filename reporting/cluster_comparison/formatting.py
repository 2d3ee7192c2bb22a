"""Points as Vietnamese write them, the same on the page, in the PDF, the charts and the Excel headers."""

from decimal import Decimal


def points_text(value) -> str:
    """A decimal comma and no trailing zeros: 87,5; 100; 0,25. None is a dash."""
    if value is None:
        return "—"
    text = f"{Decimal(str(value)):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
