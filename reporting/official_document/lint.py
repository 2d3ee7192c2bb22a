"""Rule 19 of DOMAIN.md §7: the format lint of Nghị định 30/2020/NĐ-CP (Appendix I: layout; Appendix III:
abbreviations), the one place that says whether a document is in the official format.

Two entry points share the checks and the thresholds:
- `lint_official_document` reads the plain model (reporting.official_document.model) the platform's
  generators build: what in the data breaks the decree (number, date, signature prefix);
- `lint_docx` reads a Word file as python-docx opens it, whoever wrote it (the platform's renderer or
  a school's imported plan): national title and motto word for word, the place-and-date line's zero
  padding, the `Số:` line, the signature prefix, Times New Roman, A4 portrait, the margins.

The thresholds are versioned data, but a constant table here rather than records in office/rules: this
package is a renderer that may import nothing of the office (import-linter "renderers-take-plain-data"),
and NĐ 30/2020 has had one version since it took effect on 05/03/2020. A later decree is a new
`FormatRules` added to FORMAT_RULES with its date; `rules_on(day)` picks the one in force.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field, replace

from .format import (
    DOCUMENT_TYPE_ABBREVIATIONS,
    MOTTO,
    NATIONAL_TITLE,
    PREFIXES_SIGNING_FOR_ANOTHER,
    SIGNER_PREFIXES,
    type_abbreviation,
)
from .model import OfficialDocument, Signer

ARTICLE_LAYOUT = "Nghị định 30/2020/NĐ-CP, Phụ lục I"
ARTICLE_NUMBER = "Nghị định 30/2020/NĐ-CP, Phụ lục I và Phụ lục III"


@dataclass(frozen=True)
class FormatRules:
    """One version of the format rules: where it comes from, from when, and its thresholds."""

    name: str
    effective_from: datetime.date
    national_title: str
    motto: str
    type_abbreviations: tuple[str, ...]
    signer_prefixes: tuple[str, ...]
    font: str
    page_mm: tuple[float, float]  # A4 portrait: width, height
    # (lowest, highest) in millimetres, each inclusive.
    margins_mm: dict[str, tuple[float, float]] = field(default_factory=dict)
    # How far a measured length may stray from the rule (Word rounds millimetres to twentieths of a point).
    tolerance_mm: float = 0.5


NĐ_30_2020 = FormatRules(
    name="Nghị định 30/2020/NĐ-CP về công tác văn thư",
    effective_from=datetime.date(2020, 3, 5),
    national_title=NATIONAL_TITLE,
    motto=MOTTO,
    type_abbreviations=tuple(DOCUMENT_TYPE_ABBREVIATIONS),
    signer_prefixes=SIGNER_PREFIXES,
    font="Times New Roman",
    page_mm=(210, 297),
    margins_mm={"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)},
)
FORMAT_RULES = (NĐ_30_2020,)


def rules_on(day: datetime.date | None = None) -> FormatRules:
    """The version in force on `day` (today without one); before the first, the first."""
    day = day or datetime.date.today()
    in_force = [rules for rules in FORMAT_RULES if rules.effective_from <= day]
    return max(in_force, key=lambda r: r.effective_from) if in_force else FORMAT_RULES[0]


@dataclass(frozen=True)
class Finding:
    code: str  # stable: "national_title", "motto", "date_padding", "number", "signer", "font", "page", "margins"
    message: str  # in Vietnamese, for the author
    article: str
    line: int | None = None  # the line of the text it concerns (lint_lines), from 1

    @property
    def text(self) -> str:
        return f"{self.message} ({self.article})."

    def __str__(self) -> str:
        return self.text


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


# --- the plain model -------------------------------------------------------------------------------------


def _number_re(rules: FormatRules) -> re.Pattern:
    types = "|".join(re.escape(t) for t in sorted(rules.type_abbreviations, key=len, reverse=True))
    return re.compile(rf"^(?P<serial>\d*)/(?P<type>{types})-(?P<issuer>[A-ZĐ0-9]+)$")


def number_findings(number: str, doc_type: str | None, rules: FormatRules = NĐ_30_2020) -> list[Finding]:
    """`number` as written after "Số:" ("12/KH-THLQĐ"; "/KH-THLQĐ" leaves the serial to the clerk)."""
    number = _nfc(number).strip()
    match = _number_re(rules).match(number)
    if match is None:
        return [
            Finding(
                "number",
                f"Số, ký hiệu “{number}” sai mẫu “số/ký hiệu loại văn bản-ký hiệu cơ quan”, ví dụ 12/KH-THLQĐ; "
                f"ký hiệu loại văn bản phải là một trong: {', '.join(rules.type_abbreviations)}",
                ARTICLE_NUMBER,
            )
        ]
    expected = type_abbreviation(doc_type) if doc_type else None
    if expected and match["type"] != expected:
        return [
            Finding(
                "number",
                f"Ký hiệu “{match['type']}” không khớp với loại văn bản “{doc_type}” (phải là “{expected}”)",
                ARTICLE_NUMBER,
            )
        ]
    return []


def signer_findings(signer: Signer | None, rules: FormatRules = NĐ_30_2020) -> list[Finding]:
    if signer is None or signer.prefix is None:
        return []
    if signer.prefix not in rules.signer_prefixes:
        allowed = ", ".join(rules.signer_prefixes)
        return [
            Finding(
                "signer",
                f"Quyền hạn ký “{signer.prefix}” không hợp lệ; chỉ dùng một trong: {allowed}",
                ARTICLE_LAYOUT,
            )
        ]
    if signer.prefix in PREFIXES_SIGNING_FOR_ANOTHER and not signer.authority_title:
        return [
            Finding(
                "signer",
                f"Ký “{signer.prefix}” phải ghi chức vụ của người đứng đầu hoặc tên tập thể được ký thay, "
                "ví dụ “KT. HIỆU TRƯỞNG”",
                ARTICLE_LAYOUT,
            )
        ]
    return []


def lint_document(doc: OfficialDocument, rules: FormatRules | None = None) -> list[Finding]:
    """What in the data of a document the platform generates breaks the decree. The national title,
    motto, date padding, font, page and margins are the renderers' own (lint_docx checks them)."""
    rules = rules or rules_on(doc.date)
    findings = []
    if doc.numbered:
        number = doc.number
        if number is None and type_abbreviation(doc.doc_type):
            number = f"/{type_abbreviation(doc.doc_type)}-{doc.issuer_abbreviation}"
        if number is not None:
            findings += number_findings(number, doc.doc_type, rules)
    if doc.date is None:
        findings.append(Finding("date", "Văn bản chưa có ngày ban hành", ARTICLE_LAYOUT))
    return findings + signer_findings(doc.signer, rules)


def lint_official_document(doc: OfficialDocument) -> list[str]:
    """The findings of lint_document as sentences, for the author."""
    return [finding.text for finding in lint_document(doc)]


# --- a Word file -----------------------------------------------------------------------------------------

_DATE_LINE = re.compile(
    r"^(?P<place>[^,\d]{2,60}),\s*ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})"
)
_NUMBER_LINE = re.compile(r"^Số\s*:\s*(?P<value>\S.*)$")
# A signature's authority line: an abbreviation of TM./KT./TL./TUQ./Q. however it was typed ("T/M", "K.T",
# "TM" without its full stop), then the uppercase title.
_SIGNER_LINE = re.compile(
    r"^(?P<prefix>T\s?[./]?\s?M\.?|K\s?[./]?\s?T\.?|T\s?[./]?\s?L\.?|T\.?\s?U\.?\s?Q\.?|Q\.)\s+(?P<title>[^\s].*)$"
)


def _paragraphs(document):
    """Every paragraph of the body, the tables (the masthead and the signature are tables) included."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
                for inner in cell.tables:
                    for inner_row in inner.rows:
                        for inner_cell in inner_row.cells:
                            yield from inner_cell.paragraphs


def _lines(document) -> list[str]:
    lines = []
    for paragraph in _paragraphs(document):
        lines.extend(_nfc(paragraph.text).split("\n"))
    return list(dict.fromkeys(line for line in lines if line.strip()))  # merged cells repeat themselves


def _fold(text: str) -> str:
    """Letters only, without tones or case, for recognising a line typed a little differently."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


def _cells(lines: list[str]) -> list[tuple[int, str]]:
    """(line number from 1, text) of each piece of each line: a text export puts the masthead's two
    columns on one line, apart by a tab or a run of spaces."""
    cells = []
    for number, line in enumerate(lines, start=1):
        for piece in re.split(r"\t|\s{3,}", _nfc(line)):
            if piece.strip():
                cells.append((number, " ".join(piece.split())))
    return cells


def _heading_findings(cells: list[tuple[int, str]], rules: FormatRules) -> list[Finding]:
    findings = []
    texts = {text for _, text in cells}
    for expected, label, code in (
        (rules.national_title, "Quốc hiệu", "national_title"),
        (rules.motto, "Tiêu ngữ", "motto"),
    ):
        if expected in texts:
            continue
        near = next(((n, t) for n, t in cells if _fold(expected) in _fold(t) and len(t) < 80), None)
        if near is None:
            findings.append(Finding(code, f"Thiếu {label} “{expected}”", ARTICLE_LAYOUT))
        else:
            findings.append(
                Finding(
                    code,
                    f"{label} phải ghi đúng “{expected}”, văn bản ghi “{near[1]}”",
                    ARTICLE_LAYOUT,
                    line=near[0],
                )
            )
    return findings


def _date_findings(cells: list[tuple[int, str]]) -> list[Finding]:
    findings = []
    for number, text in cells:
        match = _DATE_LINE.match(text)
        if match is None:
            continue
        day, month = match["day"], match["month"]
        if int(day) < 10 and len(day) < 2:
            findings.append(
                Finding(
                    "date_padding",
                    f"Ngày dưới 10 phải thêm số 0 phía trước: “ngày {day}” phải là “ngày {int(day):02d}” "
                    f"(dòng “{text}”)",
                    ARTICLE_LAYOUT,
                    line=number,
                )
            )
        if int(month) <= 2 and len(month) < 2:
            findings.append(
                Finding(
                    "date_padding",
                    f"Tháng 1, tháng 2 phải thêm số 0 phía trước: “tháng {month}” phải là “tháng {int(month):02d}” "
                    f"(dòng “{text}”)",
                    ARTICLE_LAYOUT,
                    line=number,
                )
            )
        break  # the place-and-date line is the first such line; the body may quote other dates
    return findings


def _doc_type_of(cells: list[tuple[int, str]]) -> str | None:
    return next((text for _, text in cells if type_abbreviation(text)), None)


def _number_findings(cells: list[tuple[int, str]], rules: FormatRules) -> list[Finding]:
    for number, text in cells:
        match = _NUMBER_LINE.match(text)
        if match:
            found = number_findings(match["value"].replace(" ", ""), _doc_type_of(cells), rules)
            return [replace(finding, line=number) for finding in found]
    return []


def _signer_findings(cells: list[tuple[int, str]], rules: FormatRules) -> list[Finding]:
    findings = []
    for number, text in cells:
        if len(text) > 80 or text != text.upper():
            continue
        match = _SIGNER_LINE.match(text)
        if match is None:
            continue
        prefix = match["prefix"]
        if prefix not in rules.signer_prefixes:
            allowed = ", ".join(rules.signer_prefixes)
            findings.append(
                Finding(
                    "signer",
                    f"Quyền hạn ký “{prefix}” trong dòng “{text}” không đúng; chỉ dùng một trong: {allowed}",
                    ARTICLE_LAYOUT,
                    line=number,
                )
            )
    return findings


def lint_lines(lines: list[str], rules: FormatRules | None = None) -> list[Finding]:
    """The checks that read text alone (national title, motto, the date line, `Số:`, the signature
    prefix) on the lines of a document, numbered from 1 in the findings: a .txt plan, or a Word file's
    paragraphs. Font, page and margins need the Word file (lint_layout)."""
    rules = rules or rules_on()
    cells = _cells(lines)
    return [
        *_heading_findings(cells, rules),
        *_date_findings(cells),
        *_number_findings(cells, rules),
        *_signer_findings(cells, rules),
    ]


def _default_font(document) -> str | None:
    from docx.oxml.ns import qn

    defaults = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")
    default = defaults[0].get(qn("w:ascii")) if defaults else None
    try:
        normal = document.styles["Normal"].font.name
    except KeyError:
        normal = None
    return normal or default


def _font_findings(document, rules: FormatRules) -> list[Finding]:
    others = set()
    default = _default_font(document)
    if default != rules.font:
        others.add(default or "phông theo chủ đề (theme) của Word")
    for paragraph in _paragraphs(document):
        for run in paragraph.runs:
            if run.text.strip() and run.font.name and run.font.name != rules.font:
                others.add(run.font.name)
        style_font = paragraph.style.font.name if paragraph.style is not None else None
        if style_font and style_font != rules.font and paragraph.text.strip():
            others.add(style_font)
    if not others:
        return []
    return [
        Finding(
            "font",
            f"Phông chữ phải là {rules.font}; văn bản dùng: {', '.join(sorted(others))}",
            ARTICLE_LAYOUT,
        )
    ]


def _mm(length) -> float | None:
    return None if length is None else length / 36000  # EMU per millimetre


def _page_findings(document, rules: FormatRules) -> list[Finding]:
    findings = []
    width_mm, height_mm = rules.page_mm
    labels = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}
    for index, section in enumerate(document.sections):
        where = "" if len(document.sections) == 1 else f" (phần {index + 1})"
        width, height = _mm(section.page_width), _mm(section.page_height)
        if width is not None and height is not None:
            portrait = (width, height)
            landscape = (height, width)
            # The first section holds the text: A4 portrait. A later section may turn the page for an
            # appendix's wide table.
            allowed = [portrait] if index == 0 else [portrait, landscape]
            if not any(
                abs(w - width_mm) <= rules.tolerance_mm and abs(h - height_mm) <= rules.tolerance_mm
                for w, h in allowed
            ):
                findings.append(
                    Finding(
                        "page",
                        f"Khổ giấy phải là A4 ({width_mm:g} × {height_mm:g} mm) đứng; văn bản dùng "
                        f"{width:.0f} × {height:.0f} mm{where}",
                        ARTICLE_LAYOUT,
                    )
                )
        for side, (low, high) in rules.margins_mm.items():
            value = _mm(getattr(section, f"{side}_margin"))
            if value is None:
                continue
            if not (low - rules.tolerance_mm <= value <= high + rules.tolerance_mm):
                findings.append(
                    Finding(
                        "margins",
                        f"{labels[side].capitalize()} cần từ {low:g} đến {high:g} mm; văn bản để "
                        f"{value:.1f} mm{where}".replace(".", ","),
                        ARTICLE_LAYOUT,
                    )
                )
    return findings


def lint_layout(document, rules: FormatRules | None = None) -> list[Finding]:
    """Font, paper and margins of a Word file opened with python-docx."""
    rules = rules or rules_on()
    return [*_font_findings(document, rules), *_page_findings(document, rules)]


def lint_docx(document, rules: FormatRules | None = None) -> list[Finding]:
    """Every finding of rule 19 in a Word file opened with python-docx (`docx.Document(...)`)."""
    rules = rules or rules_on()
    text = [replace(finding, line=None) for finding in lint_lines(_lines(document), rules)]
    return text + lint_layout(document, rules)


def lint_docx_bytes(content: bytes, rules: FormatRules | None = None) -> list[Finding]:
    import io

    from docx import Document

    return lint_docx(Document(io.BytesIO(content)), rules)
