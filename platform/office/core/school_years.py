"""School years ("2025-2026"): the one place that reads, writes and dates them.

Where a rule needs a single year, a school year counts as the calendar year it ends in (2025-2026 is
2026). A new school year opens in August: lessons start in September, but councils and registrations
for the new year are set up in August."""

import datetime
import re

from django.utils import timezone

from office.core.errors import Invalid
from office.core.text import nfc

SCHOOL_YEAR_RE = re.compile(r"^\s*(\d{4})\s*[-–/]\s*(\d{4})\s*$")
FIRST_MONTH = 8


def parse_school_year(value: str) -> tuple[int, int]:
    """ "2025-2026" (or 2025–2026, 2025/2026) → (2025, 2026); anything else is a ValueError."""
    match = SCHOOL_YEAR_RE.match(value or "")
    if not match or int(match[2]) != int(match[1]) + 1:
        raise ValueError(f"invalid school year {value!r}")
    return int(match[1]), int(match[2])


def clean_school_year(value, error: type[Exception] = Invalid) -> str:
    """A school year typed by a person, written the one way ("2025-2026"); `error` (a part's own
    Invalid) with a Vietnamese message otherwise."""
    text = nfc(value)
    try:
        start, end = parse_school_year(text.replace("—", "-"))
    except ValueError:
        raise error(f"Năm học “{text}” không hợp lệ; hãy ghi dạng 2025-2026.") from None
    return f"{start}-{end}"


def school_year_end(value: str) -> int:
    return parse_school_year(value)[1]


def school_year_ending(year: int) -> str:
    """The school year that ends in `year`: 2026 → "2025-2026"."""
    return f"{year - 1}-{year}"


def school_year_of(day: datetime.date) -> str:
    start = day.year if day.month >= FIRST_MONTH else day.year - 1
    return f"{start}-{start + 1}"


def current_school_year(today: datetime.date | None = None) -> str:
    return school_year_of(today or timezone.localdate())


def recent_school_years(extra: list[str] | tuple[str, ...] = (), count: int = 5) -> list[str]:
    """The current school year and the ones before it, plus any year that has data, newest first."""
    start = parse_school_year(current_school_year())[0]
    years = {f"{year}-{year + 1}" for year in range(start - count + 1, start + 1)}
    years.update(extra)
    return sorted(years, reverse=True)
