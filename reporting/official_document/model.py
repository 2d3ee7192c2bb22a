"""Plain data of a document in the official administrative format (Nghị định 30/2020/NĐ-CP).

Callers build these from whatever they hold (a plan, a dossier, a decision) and hand them to the renderers,
which query nothing: the same document prints to DOCX, PDF and the web preview.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

HEADING_LEVELS = range(1, 5)


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 is "I.", level 2 "1.", level 3 "2.1." or "a)", level 4 below that."""

    text: str
    level: int
    marker: str

    def __post_init__(self) -> None:
        if self.level not in HEADING_LEVELS:
            raise ValueError(f"heading level must be 1 to 4, got {self.level}")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullet:
    text: str
    symbol: str = "-"


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    # None shares the text width equally between the columns.
    widths_cm: list[float] | None = None


Block = Heading | Paragraph | Bullet | Table

# A line a person typed that starts with a dash (or +, •, *): a bullet of the list, printed with its symbol.
BULLET_LINE_RE = re.compile(r"^(?P<symbol>[-+•*–])\s+(?P<text>\S.*)$")


def line_blocks(lines) -> list[Block]:
    """Lines as written: one paragraph each, a line starting with a dash a bullet."""
    blocks: list[Block] = []
    for line in lines:
        bullet = BULLET_LINE_RE.match(line)
        blocks.append(Bullet(bullet["text"], bullet["symbol"]) if bullet else Paragraph(line))
    return blocks


@dataclass(frozen=True)
class Signer:
    """Who signs. With a prefix such as "KT." the authority_title is the head the signer signs for
    ("KT. HIỆU TRƯỞNG" above "PHÓ HIỆU TRƯỞNG"); an acting head ("Q.") needs only the title."""

    prefix: str | None
    authority_title: str | None
    title: str
    name: str
    # A copy's note where the signature stands: "(đã ký và đóng dấu)".
    note: str | None = None


@dataclass(frozen=True)
class Appendix:
    """Printed on a page of its own after the signature, e.g. the plan's month-by-month timeline."""

    title: str
    subtitle: str | None
    table: Table


@dataclass(frozen=True, kw_only=True)
class OfficialDocument:
    parent_body: str | None
    issuing_body: str
    # "12/KH-THLQĐ"; "/KH-THLQĐ" leaves the number blank for the clerk; None prints the type and
    # `issuer_abbreviation` after a blank number.
    number: str | None
    place: str
    # None prints a blank date to be filled in by hand at signing.
    date: datetime.date | None
    doc_type: str
    # The subject line; "\n" breaks it where the author wants.
    title: str
    # Legal bases (căn cứ), printed in italics.
    preamble: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    closing: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None
    appendix: Appendix | None = None
    # The issuer's abbreviation, printed after the type when the number is not given yet ("/KH-THLQĐ").
    issuer_abbreviation: str = ""
    # False for documents without a "Số:" line (a person's achievement report is not registered).
    numbered: bool = True
