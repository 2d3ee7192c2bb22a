"""Limits on reading a Word (.docx) or Excel (.xlsx) file, checked before python-docx or openpyxl sees it.

An Office file is a zip: 800 KB uploaded can inflate to hundreds of MB, and a few hundred KB of Excel can
declare a sheet of 20,000 rows × 16,384 columns that openpyxl pads cell by cell (gigabytes). Either one
holds a web worker until it is killed. So, from the archive's central directory, before anything is
extracted: the total uncompressed size, the number of parts, the compression ratio of each big part; for a
workbook, the dimension each sheet declares (read from the first bytes of the sheet, not the whole); and,
while the rows are streamed, their number, width and cells. Declared sizes can be trusted as a bound:
Python's zipfile never returns more than an entry's declared size (a lying entry fails its CRC check).

Pure Python on purpose (no Django): the plan import uses it outside Django too. Refusals raise the caller's
error class with a Vietnamese message that names the limit."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

MB = 1024 * 1024
# Bytes of a sheet read to find its <dimension>: it comes right after <sheetPr>, in the first few hundred.
_SHEET_HEAD_BYTES = 64 * 1024
_DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([^\"]*)\"")
_CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)?$")
_SHEET_PART_RE = re.compile(r"^xl/worksheets/[^/]+\.xml$")


@dataclass(frozen=True)
class ArchiveLimits:
    """How big an Office file may get once opened. Row, column and cell limits apply to workbooks only."""

    kind: str  # "Word" or "Excel", for the messages
    max_uncompressed_bytes: int
    max_entries: int = 2_000
    # A part that inflates more than this many times is a zip bomb, not a document; small parts (a
    # page of repeated XML) may compress that well honestly, so only parts above `ratio_from_bytes`.
    max_ratio: int = 100
    ratio_from_bytes: int = 2 * MB
    # The XML parts a reader parses whole into a tree (python-docx does so with every part); None when
    # the reader streams them (openpyxl's read-only sheets, bounded by the row limits instead).
    max_xml_bytes: int | None = None
    # openpyxl keeps every shared string of a workbook in memory, read-only mode included: a few MB of
    # them compress to almost nothing and inflate to gigabytes of Python strings (a shared-strings bomb).
    max_shared_strings_bytes: int | None = None
    max_rows: int | None = None
    max_columns: int | None = None
    max_cells: int | None = None


# A plan of fifty pages is under 2 MB of XML; 10 MB of it already takes python-docx 5 s and 100 MB.
WORD_LIMITS = ArchiveLimits(kind="Word", max_uncompressed_bytes=50 * MB, max_xml_bytes=10 * MB)
EXCEL_LIMITS = ArchiveLimits(
    kind="Excel",
    max_uncompressed_bytes=100 * MB,
    max_shared_strings_bytes=20 * MB,
    max_rows=20_000,
    max_columns=200,
    max_cells=2_000_000,
)


def _number(value: int) -> str:
    """20.000: thousands as Vietnamese users write them."""
    return f"{value:,}".replace(",", ".")


def _megabytes(size: int) -> str:
    value = size / MB
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"
    return f"{text.replace('.', ',')} MB"


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def _dimension_end(ref: str) -> tuple[int, int] | None:
    """(last row, last column) of a dimension such as "A1:XFD20010" or "B3"; None if unreadable."""
    end = ref.split(":")[-1].strip()
    match = _CELL_RE.match(end)
    if not match or not (match.group(1) or match.group(2)):
        return None
    # A whole-column ref ("A:XFD") has no row, a whole-row ref no column: the sheet's maximum then.
    rows = int(match.group(2)) if match.group(2) else 1_048_576
    columns = _column_index(match.group(1)) if match.group(1) else 16_384
    return rows, columns


def inspect_archive(
    data: bytes | BinaryIO, limits: ArchiveLimits, *, error: type[Exception]
) -> list[zipfile.ZipInfo]:
    """The archive's parts (from bytes or a seekable file), after checking them against `limits`; raises
    `error` naming the limit broken. A file that is not a zip raises zipfile.BadZipFile (or
    OSError/ValueError): the caller says "damaged" in its own words."""
    with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as archive:
        members = archive.infolist()
        _check_directory(members, limits, error=error)
        if limits.max_rows is not None:
            for member in members:
                if _SHEET_PART_RE.match(member.filename):
                    with archive.open(member) as sheet:
                        head = sheet.read(_SHEET_HEAD_BYTES)
                    _check_dimension(head, limits, error=error)
    return members


def _check_directory(members: list[zipfile.ZipInfo], limits: ArchiveLimits, *, error) -> None:
    kind = limits.kind
    if len(members) > limits.max_entries:
        raise error(
            f"Tệp {kind} có quá nhiều phần bên trong ({_number(len(members))} phần, tối đa "
            f"{_number(limits.max_entries)}). Hãy lưu lại tệp bằng {kind} rồi tải lên lại."
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise error(
            f"Tệp {kind} giải nén ra quá lớn ({_megabytes(total)}, tối đa "
            f"{_megabytes(limits.max_uncompressed_bytes)}). Hãy bỏ bớt hình ảnh, nội dung thừa rồi tải lên lại."
        )
    if limits.max_xml_bytes is not None:
        xml = sum(member.file_size for member in members if member.filename.endswith((".xml", ".rels")))
        if xml > limits.max_xml_bytes:
            raise error(
                f"Phần văn bản của tệp {kind} giải nén ra quá lớn ({_megabytes(xml)}, tối đa "
                f"{_megabytes(limits.max_xml_bytes)}), trong khi một văn bản thường chỉ vài trăm KB. "
                "Hãy kiểm tra lại tệp (có thể đã dán nhầm dữ liệu lớn) rồi tải lên lại."
            )
    if limits.max_shared_strings_bytes is not None:
        strings = sum(m.file_size for m in members if m.filename.lower() == "xl/sharedstrings.xml")
        if strings > limits.max_shared_strings_bytes:
            raise error(
                f"Bảng chữ dùng chung của tệp {kind} giải nén ra quá lớn ({_megabytes(strings)}, tối đa "
                f"{_megabytes(limits.max_shared_strings_bytes)}), trong khi một danh sách thường chỉ vài "
                "trăm KB. Hãy sao chép dữ liệu sang một tệp Excel mới rồi tải lên lại."
            )
    for member in members:
        if member.file_size < limits.ratio_from_bytes:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_ratio:
            raise error(
                f"Tệp {kind} có phần “{member.filename}” nén bất thường (giải nén ra "
                f"{_megabytes(member.file_size)}, gấp {_number(int(ratio))} lần; tối đa "
                f"{_number(limits.max_ratio)} lần): tệp có thể là “bom nén” (zip bomb) nên không được đọc."
            )


def _check_dimension(head: bytes, limits: ArchiveLimits, *, error) -> None:
    match = _DIMENSION_RE.search(head)
    if not match:
        return  # no declared size: the streaming limits in bounded_rows still hold
    ref = match.group(1).decode("ascii", "replace")
    end = _dimension_end(ref)
    if end is None:
        return
    rows, columns = end
    if rows > limits.max_rows or columns > limits.max_columns:
        raise error(
            f"Tệp Excel có trang tính khai báo vùng {ref} ({_number(rows)} dòng × {_number(columns)} cột), "
            f"vượt giới hạn {_number(limits.max_rows)} dòng × {_number(limits.max_columns)} cột. "
            "Hãy xoá các dòng, cột thừa ở cuối trang tính (hoặc chép dữ liệu sang tệp mẫu mới) rồi tải lên lại."
        )
    if limits.max_cells is not None and rows * columns > limits.max_cells:
        raise error(
            f"Tệp Excel có trang tính khai báo vùng {ref} ({_number(rows * columns)} ô), vượt giới hạn "
            f"{_number(limits.max_cells)} ô. Hãy xoá các dòng, cột thừa rồi tải lên lại."
        )


def bounded_rows(rows: Iterable[tuple], limits: ArchiveLimits, *, error: type[Exception]) -> Iterator[tuple]:
    """The rows of a sheet (openpyxl read-only iter_rows), stopped with `error` as soon as one more row,
    a wider row or one more cell than the limits allow comes: a sheet without a (true) declared
    dimension is cut off while it streams, before it fills memory."""
    cells = 0
    for number, row in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise error(
                f"Trang tính có hơn {_number(limits.max_rows)} dòng, vượt giới hạn "
                f"{_number(limits.max_rows)} dòng. Hãy xoá các dòng thừa hoặc chia tệp rồi tải lên lại."
            )
        if len(row) > limits.max_columns:
            raise error(
                f"Dòng {_number(number)} của trang tính có {_number(len(row))} cột, vượt giới hạn "
                f"{_number(limits.max_columns)} cột. Hãy xoá các cột thừa rồi tải lên lại."
            )
        cells += len(row)
        if limits.max_cells is not None and cells > limits.max_cells:
            raise error(
                f"Trang tính có hơn {_number(limits.max_cells)} ô, vượt giới hạn {_number(limits.max_cells)} ô. "
                "Hãy xoá các dòng, cột thừa rồi tải lên lại."
            )
        yield row
