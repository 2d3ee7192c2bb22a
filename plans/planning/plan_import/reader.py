"""Turn an uploaded .txt or .docx file into numbered, NFC-normalised lines.

Schools send plans typed on machines of every age: UTF-8 or UTF-16 exports of Word, legacy Windows-1258
files whose tone marks are separate combining characters, and text or Word runs in the older TCVN3 and VNI
encodings (office.core.legacy_vietnamese), converted to Unicode with a note to the person. Whatever the source, the parser sees precomposed
(NFC) text, so "ễ" typed either way compares equal.
"""

from __future__ import annotations

import html.parser
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

import docx
from docx.oxml import parse_xml
from lxml import etree

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
from .parser import masthead_in_page_header, opens_with_masthead

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
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


W_P = _w("p")
W_R = _w("r")
W_TBL = _w("tbl")
W_TR = _w("tr")
W_TC = _w("tc")
W_SDT = _w("sdt")
W_SDT_CONTENT = _w("sdtContent")
W_CUSTOM_XML = _w("customXml")
W_TXBX_CONTENT = _w("txbxContent")
W_VAL = _w("val")
W_ALT_CHUNK = _w("altChunk")
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MATH_ZONES = frozenset((f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara"))
M_T = f"{{{M_NS}}}t"
MC_CHOICE = f"{{{MC_NS}}}Choice"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
# Inside a paragraph, the elements whose runs Word shows as part of the text: inserted and moved-in text
# (tracked changes as if accepted), links, smart tags, custom XML, simple fields. Everything else at that
# level (w:del, w:moveFrom, bookmarks, comment ranges, proofing marks) shows no text of its own.
RUN_CONTAINERS = frozenset(
    _w(name) for name in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")
)
# Drawings and legacy shapes may carry text boxes (w:txbxContent).
SHAPE_HOLDERS = frozenset((_w("drawing"), _w("pict"), _w("object"), MC_ALTERNATE))
STYLE_HEADING_NAME_RE = re.compile(r"^(?:heading|tiêu\s+đề|đề\s+mục|đầu\s+đề)\s*([1-9])$", re.IGNORECASE)
# Symbol-font characters (Insert > Symbol) are stored as a private-use code point; the ones plans use are
# list bullets. An unknown one is a bullet too: a plan never spells words with symbol fonts.
SYMBOL_FONT_CHARS = {
    ("symbol", 0xB7): "•",
    ("symbol", 0x2D): "-",
    ("wingdings", 0xA7): "▪",
    ("wingdings", 0x6E): "■",
    ("wingdings", 0xA8): "□",
    ("wingdings", 0x71): "❑",
    ("wingdings", 0x76): "❖",
    ("wingdings", 0xD8): "➢",
    ("wingdings", 0xFC): "✓",
}
VIETNAMESE_ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
TABLE_OF_CONTENTS = "Table of Contents"
# A table of contents left as text after its field was unlinked (or pasted without it) still wears the styles
# Word gives its entries ("toc 1".."toc 9"; LibreOffice "Contents 1"; Vietnamese tools "Mục lục 1") and its
# heading ("TOC Heading"). Names are compared in any case.
CONTENTS_STYLE_RE = re.compile(
    r"^(?:(?:toc|contents|mục\s+lục)\s*[1-9]|(?:toc|contents)\s+heading|(?:đầu|tiêu)\s+đề\s+mục\s+lục)$",
    re.IGNORECASE,
)
# A chunk embedded with w:altChunk may itself embed chunks; past this depth they are not followed.
MAX_CHUNK_DEPTH = 3

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
    budget = _InflateBudget(_check_docx_archive(data, corrupt))
    try:
        document = docx.Document(io.BytesIO(_with_chunks_as_files(data)))
        produced, conversions, unread = _document_lines(document, budget=budget)
        layout = tuple(lint_layout(document))
    except PlanImportError:
        raise
    except Exception as error:
        raise corrupt from error
    lines: list[str] = []
    table_cells: dict[int, tuple[int, int, int]] = {}
    outline_levels: dict[int, int] = {}
    for text, cell, outline in produced:
        if outline is not None:
            # A heading broken over two lines (Shift+Enter) is still one heading.
            text = " ".join(text.split("\n"))
        for piece in text.split("\n"):
            if cell is not None and not piece.strip():
                continue
            lines.append(normalise_line(piece))
            if cell is not None:
                table_cells[len(lines)] = cell
            elif outline is not None and piece.strip():
                outline_levels[len(lines)] = outline
    return SourceText(
        lines=lines,
        encoding="docx",
        table_lines=frozenset(table_cells),
        table_cells=table_cells,
        layout_findings=layout,
        outline_levels=outline_levels,
        legacy_notes=tuple(conversions.notes()),
        unread_parts=tuple(unread),
    )


def _document_lines(
    document, depth: int = 0, *, budget: _InflateBudget
) -> tuple[list[Produced], LegacyConversions, list[str]]:
    """The lines of a Word document as Word shows them, the legacy-encoding conversions made on the way
    and the embedded parts that could not be read. The notes parts and the first page's header are parsed
    once: the legacy conversion and the reading work on the same element trees."""
    note_parts = _note_parts(document)
    # An embedded document shows its body only: its page headers are not printed.
    page_header = _first_page_header(document) if depth == 0 else None
    conversions = convert_legacy_runs(
        document, [*note_parts, *([page_header] if page_header is not None else [])]
    )
    reader = _WordText(document, notes=_notes_in(note_parts), depth=depth, budget=budget)
    produced = reader.lines()
    unread = list(reader.unread)
    _merge(conversions, reader.conversions)
    if page_header is not None and not opens_with_masthead([text for text, _, _ in produced]):
        produced = _masthead_of(document, page_header, produced) + produced
    return produced, conversions, unread


def _merge(conversions: LegacyConversions, more: LegacyConversions) -> None:
    for encoding, fonts in more.fonts.items():
        conversions.add(encoding)
        for font in fonts:
            conversions.add(encoding, font)


def _masthead_of(document, page_header, body: list[Produced]) -> list[Produced]:
    """The masthead a document keeps in its first page's header, as lines to read before the body."""
    reader = _WordText(document, notes={}, budget=_InflateBudget([]))
    # Its tables are numbered after the body's, so a masthead table is never taken for a body table.
    reader.tables = itertools.count(1 + max((cell[0] for _, cell, _ in body if cell), default=-1))
    pieces = [
        (piece, cell)
        for text, cell, _ in reader._blocks(page_header, cell=None)
        for piece in text.split("\n")
    ]
    kept = set(masthead_in_page_header([piece for piece, _ in pieces]))
    return [(piece, cell, None) for piece, cell in pieces if piece in kept]


def _first_page_header(document):
    """The header Word prints on the first page: the first-page header when the first section asks for
    one (w:titlePg), else its default header; None when there is none. Footers are never plan content."""
    if not len(document.sections):
        return None
    properties = document.sections[0]._sectPr
    first_page = _is_on(properties.find(_w("titlePg")))
    wanted = "first" if first_page else "default"
    for reference in properties.iterchildren(_w("headerReference")):
        if reference.get(_w("type"), "default") == wanted:
            part = document.part.related_parts.get(reference.get(R_ID))
            return part.element if part is not None else None
    return None


CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MAIN_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_FILE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _with_chunks_as_files(data: bytes) -> bytes:
    """The package with its embedded .docx chunks (w:altChunk) typed as files rather than as main document
    parts. Word gives such a chunk the main document's content type, and python-docx would parse its zip
    bytes as XML and refuse the whole file; typed as a file, the reader opens it as a document of its own."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names:
            return data
        types = parse_xml(archive.read("[Content_Types].xml"))
        chunks = [
            override
            for override in types.iterchildren(f"{{{CONTENT_TYPES_NS}}}Override")
            if override.get("ContentType") == MAIN_DOCUMENT_TYPE
            and (override.get("PartName") or "").lstrip("/") in names
            and archive.read((override.get("PartName") or "").lstrip("/")).startswith(b"PK")
        ]
        if not chunks:
            return data
        for override in chunks:
            override.set("ContentType", WORD_FILE_TYPE)
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as rewritten:
            for member in archive.infolist():
                content = archive.read(member.filename)
                if member.filename == "[Content_Types].xml":
                    content = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
                rewritten.writestr(member, content)
    return output.getvalue()


def _check_docx_archive(data: bytes, corrupt: PlanImportError) -> list[zipfile.ZipInfo]:
    # A .docx is a zip: its size once inflated, its parts and their compression are checked from the
    # central directory before python-docx inflates and parses anything (zip bombs).
    try:
        members = inspect_archive(data, WORD_LIMITS, error=PlanImportError)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise corrupt from error
    if "word/document.xml" not in {member.filename for member in members}:
        raise corrupt
    return members


class _InflateBudget:
    """What the whole upload may inflate to, nested .docx chunks (w:altChunk) included: each chunk passes
    the archive checks on its own, so without one budget for the file a hundred small chunks, each just
    under the limit once inflated, would make a zip bomb of a file the outer check accepted."""

    def __init__(self, members: list[zipfile.ZipInfo]) -> None:
        self.left = WORD_LIMITS.max_uncompressed_bytes - sum(member.file_size for member in members)

    def spend(self, members: list[zipfile.ZipInfo]) -> None:
        self.left -= sum(member.file_size for member in members)
        if self.left < 0:
            raise PlanImportError(
                "Tệp Word có các phần nhúng (altChunk) giải nén ra quá lớn (tối đa "
                f"{WORD_LIMITS.max_uncompressed_bytes // (1024 * 1024)} MB cho cả tệp). Hãy mở tệp trong Word, "
                "lưu lại thành tệp .docx mới rồi tải lên lại."
            )


Produced = tuple[str, tuple[int, int, int] | None, int | None]


class _Field:
    __slots__ = ("in_result", "instruction")

    def __init__(self) -> None:
        self.instruction = ""
        self.in_result = False

    @property
    def is_table_of_contents(self) -> bool:
        return self.instruction.split()[:1] == ["TOC"]


class _WordText:
    """The text Word shows for a document body, line by line, as a reader sees it on screen with tracked
    changes accepted: inserted and moved-in text kept, deleted and moved-away text, hidden text, field codes,
    comments, content-control placeholders and a table of contents (it repeats the headings) left out.
    Text boxes come before the paragraph that anchors them, footnotes and endnotes after the paragraph that
    cites them; page headers and footers are not plan content and are not read.

    Each line comes with its Word table cell (table, row, grid column) and the outline level Word gives
    its paragraph (Heading 1 is 0), for headings that have a style but no typed number."""

    def __init__(
        self,
        document,
        *,
        notes: dict,
        budget: _InflateBudget,
        depth: int = 0,
        skip_table_of_contents: bool = True,
    ) -> None:
        self.document = document
        self.budget = budget
        self.numbering = _ListNumbering(document)
        self.styles = _Styles(document)
        self.notes = notes
        self.depth = depth
        # Kinds of embedded parts (w:altChunk) whose text could not be read.
        self.unread: list[str] = []
        # What embedded .docx chunks converted from a legacy encoding.
        self.conversions = LegacyConversions()
        self.skip_table_of_contents = skip_table_of_contents
        self.fields: list[_Field] = []
        self.tables = itertools.count()
        # A drop cap is a paragraph of its own (a frame holding the big first letter) that Word shows as
        # the start of the next paragraph.
        self.drop_cap = ""

    def lines(self) -> list[Produced]:
        produced = list(self._blocks(self.document.element.body, cell=None))
        if self.skip_table_of_contents and any(field.is_table_of_contents for field in self.fields):
            # A table of contents that never ends would hide the rest of the document: read it as text.
            again = _WordText(
                self.document,
                notes=self.notes,
                budget=self.budget,
                depth=self.depth,
                skip_table_of_contents=False,
            )
            produced = again.lines()
            self.unread, self.conversions = again.unread, again.conversions
        return produced

    # blocks

    def _blocks(self, container, cell: tuple[int, int, int] | None) -> Iterator[Produced]:
        """Paragraphs and tables in document order; a table row yields its cells left to right, so the month
        cell of an appendix row comes before its tasks."""
        for child in container.iterchildren():
            if child.tag == W_P:
                yield from self._paragraph(child, cell)
            elif child.tag == W_TBL:
                yield from self._table(child)
            elif child.tag == W_SDT:
                yield from self._blocks_of_control(child, cell)
            elif child.tag == W_CUSTOM_XML:
                yield from self._blocks(child, cell)
            elif child.tag == MC_ALTERNATE:
                chosen = _alternative(child)
                if chosen is not None:
                    yield from self._blocks(chosen, cell)
            elif child.tag == W_ALT_CHUNK:
                yield from self._chunk(child, cell)

    def _chunk(self, chunk, cell) -> Iterator[Produced]:
        """An embedded part Word shows in place (w:altChunk): a .docx read as a document of its own, HTML
        or plain text by its text; anything else (RTF, a web archive) is named in `unread`."""
        part = self.document.part.related_parts.get(chunk.get(R_ID))
        if part is None:
            return
        content_type = (part.content_type or "").lower()
        blob = part.blob or b""
        if blob.startswith(b"PK") and self.depth < MAX_CHUNK_DEPTH:
            produced = self._docx_chunk(blob)
            kind = "tệp Word bị hỏng"
        elif "html" in content_type:
            produced, kind = _html_chunk(blob), "HTML"
        elif content_type.startswith("text/plain"):
            produced, kind = _plain_chunk(blob), "văn bản"
        else:
            produced, kind = None, _chunk_kind(content_type, blob)
        if produced is None:
            self.unread.append(kind)
            return
        for text, chunk_cell, outline in produced:
            yield (text, cell, None) if cell is not None else (text, chunk_cell, outline)

    def _docx_chunk(self, blob: bytes) -> list[Produced] | None:
        try:
            members = _check_docx_archive(blob, PlanImportError(""))
        except PlanImportError:
            return None
        # Outside the try: a file whose chunks together inflate past the limit is refused whole.
        self.budget.spend(members)
        try:
            chunk = docx.Document(io.BytesIO(_with_chunks_as_files(blob)))
            produced, conversions, unread = _document_lines(chunk, self.depth + 1, budget=self.budget)
        except Exception:
            # A damaged chunk is reported as unread; the rest of the plan is still imported.
            return None
        self.unread.extend(unread)
        _merge(self.conversions, conversions)
        # Its tables go on with the numbering of this document's tables.
        tables: dict[int, int] = {}
        renumbered = []
        for text, cell, outline in produced:
            if cell is not None:
                if cell[0] not in tables:
                    tables[cell[0]] = next(self.tables)
                cell = (tables[cell[0]], cell[1], cell[2])
            renumbered.append((text, cell, outline))
        return renumbered

    def _blocks_of_control(self, sdt, cell) -> Iterator[Produced]:
        if _control_shows_nothing(sdt):
            return
        for content in sdt.iterchildren(W_SDT_CONTENT):
            yield from self._blocks(content, cell)

    def _table(self, table) -> Iterator[Produced]:
        index = next(self.tables)
        for row_index, row in enumerate(_table_rows(table)):
            for column, table_cell in _row_cells(row):
                yield from self._blocks(table_cell, (index, row_index, column))

    def _paragraph(self, paragraph, cell) -> Iterator[Produced]:
        pieces: list[str] = []
        boxes: list = []
        notes: list[tuple[str, str]] = []
        self._inline(paragraph, pieces, boxes, notes, hidden=False)
        # A field whose code never reached its result does not swallow the paragraphs after it.
        self.fields = [field for field in self.fields if field.in_result]
        if self.skip_table_of_contents and self.styles.is_contents(paragraph):
            return  # a table of contents left as text: it repeats the headings, as a TOC field does
        text = "".join(pieces)
        for box in boxes:
            yield from self._blocks(box, cell)
        if _is_drop_cap(paragraph):
            self.drop_cap += text.strip()
            return
        text, self.drop_cap = self.drop_cap + text, ""
        if not text.strip() and _mark_deleted(paragraph):
            return  # a paragraph deleted with tracked changes on
        label = self.numbering.label_for(paragraph)
        if label and text.strip():
            # One list item, however many lines Shift+Enter broke it into.
            text = " ".join([label, *(part.strip() for part in text.split("\n") if part.strip())])
        if text.strip() or cell is None:
            yield text, cell, self.styles.outline_level(paragraph) if cell is None else None
        for note_id in notes:
            yield from self._blocks(self.notes[note_id], cell)

    # inline content

    def _inline(
        self, element, pieces: list[str], boxes: list, notes: list[tuple[str, str]], hidden: bool
    ) -> None:
        for child in element.iterchildren():
            if child.tag == W_R:
                self._run(child, pieces, boxes, notes, hidden)
            elif child.tag in RUN_CONTAINERS:
                field = child.tag == _w("fldSimple")
                toc = field and (child.get(_w("instr")) or "").split()[:1] == ["TOC"]
                self._inline(child, pieces, boxes, notes, hidden or (toc and self.skip_table_of_contents))
            elif child.tag == W_SDT:
                if not _control_shows_nothing(child):
                    for content in child.iterchildren(W_SDT_CONTENT):
                        self._inline(content, pieces, boxes, notes, hidden)
            elif child.tag == MC_ALTERNATE:
                chosen = _alternative(child)
                if chosen is not None:
                    self._inline(chosen, pieces, boxes, notes, hidden)
            elif child.tag in MATH_ZONES and not hidden and self._shown():
                pieces.append("".join(text.text or "" for text in child.iter(M_T)))

    def _shown(self) -> bool:
        if not all(field.in_result for field in self.fields):
            return False  # a field's code, not its result
        return not (self.skip_table_of_contents and any(f.is_table_of_contents for f in self.fields))

    def _run(self, run, pieces: list[str], boxes: list, notes: list[tuple[str, str]], hidden: bool) -> None:
        hidden = hidden or _is_vanished(run)
        upper = self.styles.capitals(run)
        for child in run.iterchildren():
            tag = child.tag
            if tag == _w("fldChar"):
                self._field_char(child.get(_w("fldCharType")))
                continue
            if tag == _w("instrText"):
                if self.fields:
                    self.fields[-1].instruction += child.text or ""
                continue
            if hidden or not self._shown():
                continue
            if tag in SHAPE_HOLDERS:
                boxes.extend(_text_boxes(child))
            elif tag in (_w("footnoteReference"), _w("endnoteReference")):
                note_id = ("footnote" if tag == _w("footnoteReference") else "endnote", child.get(_w("id")))
                if note_id in self.notes:
                    notes.append(note_id)
            else:
                text = _run_child_text(child)
                pieces.append(text.upper() if upper else text)

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].in_result = True
        elif kind == "end" and self.fields:
            self.fields.pop()


def _run_child_text(child) -> str:
    tag = child.tag
    if tag == _w("t"):
        return child.text or ""
    if tag in (_w("tab"), _w("ptab")):
        return "\t"
    if tag in (_w("br"), _w("cr")):
        return "\n"  # a line, page or column break: what follows is on another line
    if tag == _w("noBreakHyphen"):
        return "-"
    if tag == _w("sym"):
        return _symbol(child.get(_w("font")) or "", child.get(_w("char")) or "")
    return ""  # w:softHyphen (shown only at a line end), w:delText, w:lastRenderedPageBreak, marks


def _symbol(font: str, char: str) -> str:
    try:
        code = int(char, 16)
    except ValueError:
        return ""
    family = font.lower().rstrip(" 0123456789")
    if 0xF000 <= code <= 0xF0FF:
        known = SYMBOL_FONT_CHARS.get((family, code - 0xF000))
        if known:
            return known
        low = code - 0xF000
        return chr(low) if family == "symbol" and 0x20 <= low < 0x41 else "•"
    if 0xE000 <= code <= 0xF8FF:
        return "•"
    return chr(code)


def _alternative(alternate):
    # mc:AlternateContent holds the same content in several encodings (a DrawingML text box and its VML
    # fallback): Word shows one of them, so only one is read.
    chosen = next(alternate.iterchildren(MC_CHOICE), None)
    return chosen if chosen is not None else next(alternate.iterchildren(MC_FALLBACK), None)


def _text_boxes(element) -> Iterator:
    """The outermost text boxes in a drawing, shape or group, each once."""
    if element.tag == W_TXBX_CONTENT:
        yield element
        return
    if element.tag == MC_ALTERNATE:
        chosen = _alternative(element)
        if chosen is not None:
            yield from _text_boxes(chosen)
        return
    for child in element.iterchildren():
        if isinstance(child.tag, str):
            yield from _text_boxes(child)


def _control_shows_nothing(sdt) -> bool:
    """A content control still showing its placeholder ("Nhấn vào đây để nhập văn bản") holds no content,
    and a table of contents repeats the headings that follow."""
    properties = sdt.find(_w("sdtPr"))
    if properties is None:
        return False
    if properties.find(_w("showingPlcHdr")) is not None:
        return True
    gallery = properties.find(f"{_w('docPartObj')}/{_w('docPartGallery')}")
    return gallery is not None and gallery.get(W_VAL) == TABLE_OF_CONTENTS


def _is_on(element) -> bool:
    return element is not None and element.get(W_VAL) not in {"0", "false", "off"}


def _is_vanished(run) -> bool:
    properties = run.find(_w("rPr"))
    return properties is not None and _is_on(properties.find(_w("vanish")))


def _is_drop_cap(paragraph) -> bool:
    frame = paragraph.find(f"{_w('pPr')}/{_w('framePr')}")
    return frame is not None and frame.get(_w("dropCap")) in {"drop", "margin"}


def _mark_deleted(paragraph) -> bool:
    return paragraph.find(f"{_w('pPr')}/{_w('rPr')}/{_w('del')}") is not None


def _table_rows(table) -> Iterator:
    for child in table.iterchildren():
        if child.tag == W_TR:
            properties = child.find(_w("trPr"))
            if properties is None or properties.find(_w("del")) is None:  # a row deleted as a tracked change
                yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            for content in child.iterchildren(W_SDT_CONTENT) if child.tag == W_SDT else [child]:
                yield from _table_rows(content)


def _row_cells(row) -> Iterator[tuple[int, object]]:
    """Each cell with the grid column it starts at: a cell merged across columns (gridSpan) or a row
    starting late (gridBefore) keeps the cells after it under their column titles."""
    column = _to_int(_child_val(row.find(_w("trPr")), "gridBefore"), 0)
    for cell in _cells_of(row):
        yield column, cell
        column += max(_to_int(_child_val(cell.find(_w("tcPr")), "gridSpan"), 1), 1)


def _cells_of(row) -> Iterator:
    for child in row.iterchildren():
        if child.tag == W_TC:
            if child.find(f"{_w('tcPr')}/{_w('cellDel')}") is None:  # a cell deleted as a tracked change
                yield child
        elif child.tag == W_SDT:
            for content in child.iterchildren(W_SDT_CONTENT):
                yield from _cells_of(content)
        elif child.tag == W_CUSTOM_XML:
            yield from _cells_of(child)


def _note_parts(document) -> list:
    """The footnotes and endnotes parts, each parsed once (python-docx keeps them as bytes)."""
    parts = []
    for relationship in document.part.rels.values():
        kind = relationship.reltype.rsplit("/", 1)[-1]
        if kind in {"footnotes", "endnotes"} and not relationship.is_external:
            parts.append(parse_xml(relationship.target_part.blob))
    return parts


def _notes_in(parts: list) -> dict[tuple[str, str], object]:
    notes = {}
    for root in parts:
        for note in root.iterchildren(_w("footnote"), _w("endnote")):
            if note.get(_w("type")) in {None, "normal"}:  # not the separator lines
                notes[(note.tag.rsplit("}", 1)[-1], note.get(_w("id")))] = note
    return notes


class _HtmlText(html.parser.HTMLParser):
    """The lines a browser (and Word, for an HTML chunk) shows: one per block, table cells of a row
    separated by tabs, list items with their bullet or number."""

    BLOCKS = frozenset(
        "p div br li tr h1 h2 h3 h4 h5 h6 table ul ol blockquote pre section article header footer".split()
    )
    SKIPPED = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skipping = 0
        self.lists: list[list] = []  # per open list: [ordered, counter]

    def _end_line(self) -> None:
        # Whitespace in HTML is one space; the tabs put between table cells stay.
        text = "\t".join(" ".join(cell.split()) for cell in "".join(self.current).split("\t")).strip()
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in {"ul", "ol"}:
            self.lists.append([tag == "ol", 0])
        if tag in self.BLOCKS:
            self._end_line()
        if tag == "li" and self.lists:
            self.lists[-1][1] += 1
            ordered, counter = self.lists[-1]
            self.current.append(f"{counter}. " if ordered else "- ")
        elif tag in {"td", "th"} and self.current:
            self.current.append("\t")

    def handle_endtag(self, tag) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
        if tag in self.BLOCKS:
            self._end_line()

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.current.append(data)

    def close(self) -> None:
        super().close()
        self._end_line()


def _decoded_chunk(blob: bytes) -> str | None:
    try:
        return decode_text(blob)[0]
    except PlanImportError:
        return None


def _html_chunk(blob: bytes) -> list[Produced] | None:
    text = _decoded_chunk(blob)
    if text is None:
        return None
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return [(line, None, None) for line in parser.lines]


def _plain_chunk(blob: bytes) -> list[Produced] | None:
    text = _decoded_chunk(blob)
    return None if text is None else [(line, None, None) for line in split_lines(text)]


def _chunk_kind(content_type: str, blob: bytes) -> str:
    if "rtf" in content_type or blob.startswith(b"{\\rtf"):
        return "RTF"
    if "rfc822" in content_type or "mhtml" in content_type:
        return "trang web lưu trữ MHT"
    return content_type or "không rõ định dạng"


class _Styles:
    """What a paragraph's style says about how it shows: its outline level (a heading) and capitals."""

    def __init__(self, document) -> None:
        self._styles = document.styles.element

    def _chain(self, style_id: str | None) -> Iterator:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get_by_id(style_id)
            if style is None:
                return
            yield style
            style_id = style.basedOn_val

    def is_contents(self, paragraph) -> bool:
        """Whether the paragraph's own style is one Word gives a table of contents' entries or heading."""
        properties = paragraph.find(_w("pPr"))
        style_id = _child_val(properties, "pStyle") if properties is not None else None
        style = self._styles.get_by_id(style_id) if style_id else None
        return style is not None and bool(CONTENTS_STYLE_RE.match((style.name_val or "").strip()))

    def outline_level(self, paragraph) -> int | None:
        properties = paragraph.find(_w("pPr"))
        own = _child_val(properties, "outlineLvl") if properties is not None else None
        if own is not None:
            return _outline(own)
        style_id = _child_val(properties, "pStyle") if properties is not None else None
        for style in self._chain(style_id):
            name = style.name_val or ""
            if name.lower().startswith("toc"):
                return None  # the table of contents' own heading
            style_properties = style.find(_w("pPr"))
            level = _child_val(style_properties, "outlineLvl") if style_properties is not None else None
            if level is not None:
                return _outline(level)
            named = STYLE_HEADING_NAME_RE.match(name.strip())
            if named:
                return int(named[1]) - 1
        return None

    def capitals(self, run) -> bool:
        properties = run.find(_w("rPr"))
        caps = properties.find(_w("caps")) if properties is not None else None
        if caps is not None:
            return _is_on(caps)
        style_id = _child_val(properties, "rStyle") if properties is not None else None
        paragraph = run.getparent()
        while paragraph is not None and paragraph.tag != W_P:
            paragraph = paragraph.getparent()
        paragraph_properties = paragraph.find(_w("pPr")) if paragraph is not None else None
        paragraph_style = (
            _child_val(paragraph_properties, "pStyle") if paragraph_properties is not None else None
        )
        for start in (style_id, paragraph_style):
            for style in self._chain(start):
                style_caps = style.find(f"{_w('rPr')}/{_w('caps')}")
                if style_caps is not None:
                    return _is_on(style_caps)
        return False


def _outline(value: str) -> int | None:
    level = _to_int(value, 9)
    return level if 0 <= level <= 8 else None  # 9 is Word's "body text"


def _format_counter(value: int, number_format: str) -> str:
    if number_format in {"upperRoman", "lowerRoman"}:
        roman = to_roman(value)
        return roman if number_format == "upperRoman" else roman.lower()
    if number_format in {"upperLetter", "lowerLetter"}:
        # Word goes on after z with aa, bb, …
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if number_format == "upperLetter" else letter
    if number_format == "decimalZero":
        return f"{value:02d}"
    # "Phần thứ %1" numbered in ordinal words: a Vietnamese plan reads "Phần thứ nhất", "Phần thứ hai".
    if number_format == "ordinalText" and 1 <= value <= len(VIETNAMESE_ORDINALS):
        return VIETNAMESE_ORDINALS[value - 1]
    return str(value)


Level = tuple[str, str, int, bool, bool]  # format, text, start, legal numbering, capitals


class _ListNumbering:
    """Word's automatic list numbers ("I.", "1.", "a)", bullets) are not part of a paragraph's text; the
    parser needs them, so rebuild them from numbering.xml the way Word would display them.

    Lists (w:num) that share one definition (w:abstractNum) continue one sequence, as in Word; a list
    that restarts numbering carries a level override (w:startOverride, or a whole new w:lvl), applied
    when that list is first used."""

    def __init__(self, document) -> None:
        self._styles = document.styles.element
        self._levels: dict[str, dict[int, Level]] = {}
        self._sequence: dict[str, str] = {}
        self._restarts: dict[str, dict[int, int]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract_levels: dict[str, dict[int, Level]] = {}
        for abstract in numbering.iterchildren(_w("abstractNum")):
            levels = {
                _to_int(level.get(_w("ilvl")), 0): _level(level) for level in abstract.iterchildren(_w("lvl"))
            }
            abstract_levels[abstract.get(_w("abstractNumId"))] = levels
        for num in numbering.iterchildren(_w("num")):
            abstract_id = _child_val(num, "abstractNumId")
            if abstract_id not in abstract_levels:
                continue
            num_id = num.get(_w("numId"))
            levels = dict(abstract_levels[abstract_id])
            restarts = {}
            for override in num.iterchildren(_w("lvlOverride")):
                index = _to_int(override.get(_w("ilvl")), 0)
                level = override.find(_w("lvl"))
                if level is not None:
                    levels[index] = _level(level)
                    restarts[index] = levels[index][2]
                start = _child_val(override, "startOverride")
                if start is not None:
                    restarts[index] = _to_int(start, 1)
            self._levels[num_id] = levels
            self._sequence[num_id] = abstract_id
            self._restarts[num_id] = restarts

    def label_for(self, paragraph) -> str:
        num_id, level = self._numbering_of(paragraph)
        levels = self._levels.get(num_id or "")
        if not levels or level not in levels:
            return ""
        counters = self._counters.setdefault(self._sequence[num_id], {})
        for index, start in self._restarts.pop(num_id, {}).items():
            counters[index] = start - 1
            for deeper in [key for key in counters if key > index]:
                del counters[deeper]
        number_format, text, start, legal, capitals = levels[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        if number_format == "bullet":
            return "-"
        if number_format == "none" and "%" not in text:
            return text.strip()
        for index in range(level + 1):
            placeholder = f"%{index + 1}"
            if placeholder in text:
                fmt, _, first, _, _ = levels.get(index, ("decimal", "", 1, False, False))
                # "Legal" numbering writes every level in arabic digits (I. then 1.1. becomes 1.1.).
                fmt = "decimal" if legal and fmt != "decimalZero" else fmt
                text = text.replace(placeholder, _format_counter(counters.get(index, first), fmt))
        return (text.upper() if capitals else text).strip()

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


def _level(level) -> Level:
    return (
        _child_val(level, "numFmt") or "decimal",
        _child_val(level, "lvlText") or "",
        _to_int(_child_val(level, "start"), 1),
        _is_on(level.find(_w("isLgl"))),
        _is_on(level.find(f"{_w('rPr')}/{_w('caps')}")),
    )


def _to_int(value: str | None, default: int) -> int:
    # Numbering definitions come from whatever wrote the file; a bad one must not make it unreadable.
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _child_val(element, name: str) -> str | None:
    if element is None:
        return None
    child = element.find(_w(name))
    return child.get(W_VAL) if child is not None else None
