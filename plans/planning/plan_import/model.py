"""Plain data produced by the plan importer.

Everything a parsed plan holds remembers the source line it came from, so the import screen can point the
user at the exact line of their Word file, and so a test can prove that no line was dropped.
"""

from __future__ import annotations

import datetime
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass

from office.core.errors import Invalid

ROMAN_DIGITS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(value: int) -> str:
    result = []
    for amount, digits in ROMAN_DIGITS:
        count, value = divmod(value, amount)
        result.append(digits * count)
    return "".join(result)


def from_roman(numeral: str) -> int:
    values = [ROMAN_VALUES[char] for char in numeral.upper()]
    return sum(-value if index + 1 < len(values) and value < values[index + 1] else value
               for index, value in enumerate(values))  # fmt: skip


class PlanImportError(Invalid):
    """The file cannot be imported at all; `message` is shown to the user as is (Vietnamese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SourceText:
    """The lines of an uploaded file, NFC-normalised, numbered from 1 (`lines[0]` is line 1)."""

    lines: list[str]
    encoding: str
    # Lines that came out of a Word table cell: the parser treats them like the tab-indented cells of a
    # text export (the appendix timeline is usually a two-column table).
    table_lines: frozenset[int] = frozenset()
    # Where each Word table line sits: (table, row, column), all counted from 0. A timeline table's
    # columns ("Tháng", "Nội dung công việc", "Người thực hiện") are told apart by it.
    table_cells: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    # What the format lint (rule 19) found in a Word file's font, paper and margins: a text file has none.
    layout_findings: tuple = ()
    # Word paragraphs whose style makes them headings (Heading 1 is 0), for headings without a typed number.
    outline_levels: dict[int, int] = field(default_factory=dict)
    # What was converted from a legacy Vietnamese encoding (TCVN3, VNI), one Vietnamese sentence each.
    legacy_notes: tuple[str, ...] = ()
    # Parts of a Word file embedded in a form the reader cannot take text from (an RTF chunk, a damaged
    # .docx chunk): named by kind, each becomes a warning, so no part is lost without a word.
    unread_parts: tuple[str, ...] = ()

    def numbered(self) -> Iterator[tuple[int, str]]:
        return enumerate(self.lines, start=1)

    def is_table_line(self, line_no: int) -> bool:
        return line_no in self.table_lines

    def cell_of(self, line_no: int) -> tuple[int, int, int] | None:
        return self.table_cells.get(line_no)

    def outline_of(self, line_no: int) -> int | None:
        return self.outline_levels.get(line_no)


@dataclass
class Paragraph:
    """One source line of content. `kind` is "text" or "bullet" for body text; header, appendix and
    signature lines use it to name their role (e.g. "number", "motto", "column", "label")."""

    text: str
    kind: str
    source_line: int
    marker: str | None = None


@dataclass
class Header:
    parent_body: str | None = None
    issuing_body: str | None = None
    number: str | None = None
    place: str | None = None
    date: datetime.date | None = None
    doc_type: str | None = None
    title: str | None = None
    year: int | None = None
    school_years: list[str] = field(default_factory=list)
    # Every header line as written (quốc hiệu and tiêu ngữ included), in source order.
    lines: list[Paragraph] = field(default_factory=list)


@dataclass
class LegalBasis:
    doc_type: str
    number: str | None
    date: datetime.date | None
    issuer: str | None
    subject: str | None
    source_line: int
    raw: str


@dataclass
class Section:
    marker: str
    kind: str  # "roman" (I.), "number" (1.), "decimal" (2.1.), "letter" (a))
    level: int
    heading: str
    source_line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class TimelineTask:
    text: str
    source_line: int
    marker: str | None = None
    # Who carries it out, as the "Người thực hiện" column of the appendix names it.
    owner: str | None = None
    owner_lines: list[int] = field(default_factory=list)


@dataclass
class TimelineMonth:
    month: int
    year: int | None
    label: str
    source_line: int
    tasks: list[TimelineTask] = field(default_factory=list)
    # Lines of further table rows that write the same month again (one row per task).
    repeated_on: list[int] = field(default_factory=list)


@dataclass
class Signer:
    title: str | None = None
    name: str | None = None
    prefix: str | None = None  # "KT.", "TM.", "Q.", "TL.", "TUQ."
    authority: str | None = None  # whom the signer signs for: "KT. HIỆU TRƯỞNG" -> "HIỆU TRƯỞNG"
    note: str | None = None  # "(đã ký và đóng dấu)"
    source_lines: list[int] = field(default_factory=list)


@dataclass
class PlanImportWarning:
    """Something that looks wrong in the plan. Named so as not to shadow the builtin `ImportWarning`.

    `line_no` is None for what concerns the whole document (e.g. a missing number)."""

    line_no: int | None
    code: str
    message: str
    suggestion: str | None = None


@dataclass
class ParsedPlan:
    header: Header = field(default_factory=Header)
    bases: list[LegalBasis] = field(default_factory=list)
    basis_paragraphs: list[Paragraph] = field(default_factory=list)
    intro: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    timeline_heading: list[Paragraph] = field(default_factory=list)
    # The appendix table's column titles as written, one per column, e.g. ["Tháng/năm", "Nội dung công
    # việc", "Người thực hiện"]; [] when the appendix is a list rather than a table.
    timeline_columns: list[Paragraph] = field(default_factory=list)
    timeline: list[TimelineMonth] = field(default_factory=list)
    closing: list[Paragraph] = field(default_factory=list)
    recipients_label: Paragraph | None = None
    recipients: list[Paragraph] = field(default_factory=list)
    signer: Signer | None = None
    extra_lines: list[Paragraph] = field(default_factory=list)
    warnings: list[PlanImportWarning] = field(default_factory=list)

    def iter_sections(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def recipient_texts(self) -> list[str]:
        return [recipient.text for recipient in self.recipients]

    def covered_line_numbers(self) -> set[int]:
        covered: set[int] = set()
        paragraph_lists = (
            self.header.lines,
            self.basis_paragraphs,
            self.intro,
            self.timeline_heading,
            self.timeline_columns,
            self.closing,
            self.recipients,
            self.extra_lines,
        )
        for paragraphs in paragraph_lists:
            covered.update(p.source_line for p in paragraphs)
        covered.update(basis.source_line for basis in self.bases)
        for section in self.iter_sections():
            covered.add(section.source_line)
            covered.update(p.source_line for p in section.paragraphs)
        for month in self.timeline:
            covered.add(month.source_line)
            covered.update(month.repeated_on)
            for task in month.tasks:
                covered.add(task.source_line)
                covered.update(task.owner_lines)
        if self.recipients_label is not None:
            covered.add(self.recipients_label.source_line)
        if self.signer is not None:
            covered.update(self.signer.source_lines)
        return covered

    def unconsumed_lines(self, source: SourceText) -> list[int]:
        covered = self.covered_line_numbers()
        return [no for no, text in source.numbered() if text.strip() and no not in covered]

    def all_texts(self) -> Iterator[str]:
        """Every text the plan stores, markers excluded (they are kept apart, in `marker`)."""
        header = self.header
        yield from (p.text for p in header.lines)
        yield from (p.text for p in self.basis_paragraphs)
        yield from (basis.raw for basis in self.bases)
        yield from (p.text for p in self.intro)
        for section in self.iter_sections():
            yield section.heading
            yield from (p.text for p in section.paragraphs)
        yield from (p.text for p in self.timeline_heading)
        yield from (p.text for p in self.timeline_columns)
        for month in self.timeline:
            yield month.label
            yield from (task.text for task in month.tasks)
            yield from {task.owner: None for task in month.tasks if task.owner}
        yield from (p.text for p in self.closing)
        if self.recipients_label is not None:
            yield self.recipients_label.text
        yield from (p.text for p in self.recipients)
        if self.signer is not None:
            signer = self.signer
            if signer.prefix or signer.authority:
                yield " ".join(part for part in (signer.prefix, signer.authority) if part)
            yield from (part for part in (signer.title, signer.note, signer.name) if part)
        yield from (p.text for p in self.extra_lines)

    def summary(self) -> dict[str, int]:
        return {
            "sections": sum(1 for _ in self.iter_sections()),
            "timeline_months": len(self.timeline),
            "timeline_tasks": sum(len(month.tasks) for month in self.timeline),
            "bases": len(self.bases),
            "warnings": len(self.warnings),
        }

    def as_data(self) -> dict:
        """Plain JSON data (dates as ISO text), kept while the plan waits for review: the file is
        parsed once, in the import job, and the review and the confirmation read this."""
        return _encoded(self)

    @classmethod
    def from_data(cls, data: dict) -> ParsedPlan:
        return _decoded(cls, data)


def _encoded(value):
    if is_dataclass(value):
        return {item.name: _encoded(getattr(value, item.name)) for item in fields(value)}
    if isinstance(value, list):
        return [_encoded(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _decoded(hint, value):
    """`value` (from _encoded) as the type `hint` of a field of these dataclasses says."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _decoded(hint, value)
    if origin is list:
        (item_hint,) = typing.get_args(hint)
        return [_decoded(item_hint, item) for item in value]
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hint(**{name: _decoded(hints[name], item) for name, item in value.items()})
    if hint is datetime.date:
        return datetime.date.fromisoformat(value)
    return value
