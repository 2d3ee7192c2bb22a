"""Turn an uploaded .txt or .docx file into numbered, NFC-normalised lines.

Schools send plans typed on machines of every age: UTF-8 or UTF-16 exports of Word, legacy Windows-1258
files whose tone marks are separate combining characters, and text or Word runs in the older TCVN3 and VNI
encodings (office.core.legacy_vietnamese), converted to Unicode with a note to the person. Whatever the source, the parser sees precomposed
(NFC) text, so "ễ" typed either way compares equal.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

import docx

from office.core.archives import WORD_LIMITS, inspect_archive
from office.core.legacy_vietnamese import (
    LegacyConversions,
    LegacyEncoding,
    detect_legacy_encoding,
    looks_like_viqr,
    text_to_unicode,
    viqr_to_unicode,
)
from reporting.official_document.lint import lint_layout

from .legacy_runs import convert_legacy_runs
from .model import PlanImportError, SourceText, to_roman

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Share of letters that must be Vietnamese for a legacy (cp1258) decode to be believed.
MIN_VIETNAMESE_LETTER_SHARE = 0.97
# Text in the older TCVN3 ("ABC", .VnTime fonts) encoding also decodes as cp1258, but its toned vowels come
# out as Latin-1 symbols (¹ « ¸ ® ¨ …); real Vietnamese text has almost none of them.
LATIN1_SYMBOLS_RE = re.compile("[\u00a1-\u00bf]")
MAX_SYMBOL_SHARE = 0.01

LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
# Zero-width characters Word and web copy-paste leave behind; they break matching and are never content.
INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Control characters other than tab, line and page breaks mean "not a text file".
CONTROL_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

_BASE_VOWELS = "aăâeêioôơuưy"
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VIETNAMESE_LETTERS = frozenset(
    letter
    for vowel in _BASE_VOWELS
    for tone in _TONE_MARKS
    for letter in {
        unicodedata.normalize("NFC", vowel + tone),
        unicodedata.normalize("NFC", vowel + tone).upper(),
    }
) | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZđĐ")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_P = f"{{{W_NS}}}p"
W_TBL = f"{{{W_NS}}}tbl"
W_TR = f"{{{W_NS}}}tr"
W_TC = f"{{{W_NS}}}tc"
W_SDT = f"{{{W_NS}}}sdt"
W_SDT_CONTENT = f"{{{W_NS}}}sdtContent"
W_VAL = f"{{{W_NS}}}val"

UNSUPPORTED_EXTENSION = (
    "Chỉ nhận tệp .txt hoặc .docx. Tệp .doc cũ cần được lưu lại dưới dạng .docx trong Word."
)


def read_plan_source(filename: str, data: bytes) -> SourceText:
    extension = PurePath(filename or "").suffix.lower()
    if extension not in {".txt", ".docx"}:
        raise PlanImportError(UNSUPPORTED_EXTENSION)
    if not data:
        raise PlanImportError("Tệp rỗng, không có nội dung để nhập.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise PlanImportError("Tệp quá lớn (tối đa 20 MB).")
    if extension == ".txt":
        text, encoding = decode_text(data)
        text, encoding, conversions = convert_legacy_text(text, encoding)
        return SourceText(lines=split_lines(text), encoding=encoding, legacy_notes=tuple(conversions.notes()))
    return read_docx(data)


def normalise_line(line: str) -> str:
    return unicodedata.normalize("NFC", INVISIBLE_RE.sub("", line)).rstrip()


def split_lines(text: str) -> list[str]:
    # str.splitlines() also breaks on form feeds and other separators, which would shift line numbers
    # away from what a text editor shows.
    return [normalise_line(line) for line in LINE_BREAK_RE.split(text)]


def decode_text(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data, "utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data, "utf-16"), "utf-16"
    try:
        return _checked(data, "utf-8"), "utf-8"
    except PlanImportError:
        pass
    # TCVN3 and VNI files are bytes that cp1252 reads as Latin-1 letters and symbols ("KÕ ho¹ch"); their
    # words tell them from Windows-1258 (convert_legacy_text), which is tried when they do not.
    try:
        latin = _checked(data, "cp1252")
    except PlanImportError:
        latin = None
    if latin is not None and detect_legacy_encoding(latin) is not None:
        return latin, "cp1252"
    text = _checked(data, "cp1258")
    if not looks_vietnamese(text):
        raise PlanImportError(
            "Không đọc được bảng mã của tệp văn bản. Hãy mở tệp trong Word và lưu lại với bảng mã "
            "Unicode (UTF-8)."
        )
    return text, "cp1258"


def convert_legacy_text(text: str, encoding: str) -> tuple[str, str, LegacyConversions]:
    """Text typed in TCVN3 or VNI (read as cp1252, or saved as UTF-8 after a copy from a .VnTime
    document), or in VIQR ("Tie^'ng Vie^.t"), converted to Unicode; its encoding then names the legacy
    one ("tcvn3", "vni", "viqr")."""
    conversions = LegacyConversions()
    found = detect_legacy_encoding(text)
    if found is not None:
        conversions.add(found.encoding)
        return text_to_unicode(text, found.encoding), found.encoding.value, conversions
    if looks_like_viqr(text):
        conversions.add(LegacyEncoding.VIQR)
        return viqr_to_unicode(text), LegacyEncoding.VIQR.value, conversions
    return text, encoding, conversions


def _checked(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise PlanImportError(
            "Không đọc được tệp văn bản: bảng mã không hợp lệ. Hãy lưu lại tệp với bảng mã Unicode (UTF-8)."
        ) from error
    if CONTROL_CHAR_RE.search(text):
        raise PlanImportError("Tệp không phải là tệp văn bản (.txt) hợp lệ.")
    return text


def looks_vietnamese(text: str) -> bool:
    letters = [char for char in unicodedata.normalize("NFC", text) if char.isalpha()]
    if not letters:
        return False
    vietnamese = sum(1 for char in letters if char in VIETNAMESE_LETTERS)
    symbols = len(LATIN1_SYMBOLS_RE.findall(text))
    return (
        vietnamese / len(letters) >= MIN_VIETNAMESE_LETTER_SHARE
        and symbols <= len(letters) * MAX_SYMBOL_SHARE
    )


def read_docx(data: bytes) -> SourceText:
    # python-docx, zipfile and lxml raise a zoo of exception types on damaged input (BadZipFile, KeyError,
    # XMLSyntaxError, ValueError, ...); to the user they all mean the same thing.
    corrupt = PlanImportError("Tệp .docx bị hỏng hoặc không phải tệp Word (.docx) hợp lệ.")
    _check_docx_archive(data, corrupt)
    try:
        document = docx.Document(io.BytesIO(data))
        conversions = convert_legacy_runs(document)
        numbering = _ListNumbering(document)
        produced = list(_block_lines(document.element.body, numbering, cell=None))
        layout = tuple(lint_layout(document))
    except Exception as error:
        raise corrupt from error
    lines: list[str] = []
    table_cells: dict[int, tuple[int, int, int]] = {}
    for text, cell in produced:
        for piece in text.split("\n"):
            if cell is not None and not piece.strip():
                continue
            lines.append(normalise_line(piece))
            if cell is not None:
                table_cells[len(lines)] = cell
    return SourceText(
        lines=lines,
        encoding="docx",
        table_lines=frozenset(table_cells),
        table_cells=table_cells,
        layout_findings=layout,
        legacy_notes=tuple(conversions.notes()),
    )


def _check_docx_archive(data: bytes, corrupt: PlanImportError) -> None:
    # A .docx is a zip: its size once inflated, its parts and their compression are checked from the
    # central directory before python-docx inflates and parses anything (zip bombs).
    try:
        members = inspect_archive(data, WORD_LIMITS, error=PlanImportError)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise corrupt from error
    if "word/document.xml" not in {member.filename for member in members}:
        raise corrupt


def _block_lines(
    container,
    numbering: _ListNumbering,
    cell: tuple[int, int, int] | None,
    tables: Iterator[int] | None = None,
) -> Iterator[tuple[str, tuple[int, int, int] | None]]:
    """Paragraphs and tables in document order; a table row yields its cells left to right, so the month
    cell of an appendix row comes before its tasks, each line with its (table, row, column)."""
    tables = tables if tables is not None else itertools.count()
    for child in container.iterchildren():
        if child.tag == W_P:
            text = child.text
            label = numbering.label_for(child)
            if label:
                text = f"{label} {text}" if text.strip() else text
            if text.strip() or cell is None:
                yield text, cell
        elif child.tag == W_TBL:
            table = next(tables)
            for row_index, row in enumerate(child.iterchildren(W_TR)):
                for column, table_cell in enumerate(row.iterchildren(W_TC)):
                    yield from _block_lines(table_cell, numbering, (table, row_index, column), tables)
        elif child.tag == W_SDT:
            for content in child.iterchildren(W_SDT_CONTENT):
                yield from _block_lines(content, numbering, cell, tables)


def _format_counter(value: int, number_format: str) -> str:
    if number_format == "upperRoman":
        return to_roman(value)
    if number_format == "lowerRoman":
        return to_roman(value).lower()
    if number_format in {"upperLetter", "lowerLetter"}:
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if number_format == "upperLetter" else letter
    return str(value)


class _ListNumbering:
    """Word's automatic list numbers ("I.", "1.", "a)", bullets) are not part of a paragraph's text; the
    parser needs them, so rebuild them from numbering.xml the way Word would display them."""

    def __init__(self, document) -> None:
        self._styles = document.styles.element
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract_levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        for abstract in numbering.iterchildren(f"{{{W_NS}}}abstractNum"):
            levels = {}
            for level in abstract.iterchildren(f"{{{W_NS}}}lvl"):
                levels[_to_int(level.get(f"{{{W_NS}}}ilvl"), 0)] = (
                    _child_val(level, "numFmt") or "decimal",
                    _child_val(level, "lvlText") or "",
                    _to_int(_child_val(level, "start"), 1),
                )
            abstract_levels[abstract.get(f"{{{W_NS}}}abstractNumId")] = levels
        for num in numbering.iterchildren(f"{{{W_NS}}}num"):
            abstract_id = _child_val(num, "abstractNumId")
            if abstract_id in abstract_levels:
                self._levels[num.get(f"{{{W_NS}}}numId")] = abstract_levels[abstract_id]

    def label_for(self, paragraph) -> str:
        num_id, level = self._numbering_of(paragraph)
        levels = self._levels.get(num_id or "")
        if not levels or level not in levels:
            return ""
        number_format, text, start = levels[level]
        if number_format == "bullet":
            return "-"
        if number_format == "none":
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        for index in range(level + 1):
            placeholder = f"%{index + 1}"
            if placeholder in text:
                fmt, _, first = levels.get(index, ("decimal", "", 1))
                text = text.replace(placeholder, _format_counter(counters.get(index, first), fmt))
        return text.strip()

    def _numbering_of(self, paragraph) -> tuple[str | None, int]:
        p_pr = paragraph.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else None
        seen: set[str] = set()
        while num_pr is None and style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get_by_id(style_id)
            if style is None:
                break
            num_pr = style.pPr.numPr if style.pPr is not None else None
            style_id = style.basedOn_val
        if num_pr is None or num_pr.numId is None:
            return None, 0
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return str(num_pr.numId.val), int(level)


def _to_int(value: str | None, default: int) -> int:
    # Numbering definitions come from whatever wrote the file; a bad one must not make it unreadable.
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _child_val(element, name: str) -> str | None:
    child = element.find(f"{{{W_NS}}}{name}")
    return child.get(W_VAL) if child is not None else None
