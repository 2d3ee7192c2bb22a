"""Where the table of a list sits in a sheet and what its columns and rows are.

Schools upload the lists they already keep as well as the template: a title block above the header
(the school, "DANH SÁCH CÁN BỘ …", blank rows), headers in their own words, a header of two rows with
merged cells ("Ngày sinh" over "Nam" | "Nữ", the date written under the person's gender; or over
"Ngày" | "Tháng" | "Năm", the date in three cells), a row that numbers the columns, rows naming the
department of the rows below them ("Tổ khối 1") or, in a list of awards, their school year ("Năm học
2023-2024"), and a footer
(totals, "Người lập biểu", signatures). This module finds the header and maps it to the import's columns
(plans.staff.excel.Column: their header, aliases, year_aliases, prefixes and parts) and tells the rows
apart; plans.staff.excel reads the cells. Nothing here opens a file but for the merged cells.
"""

import dataclasses
import datetime
import io
import re
import zipfile
from typing import TYPE_CHECKING

from openpyxl.utils import range_boundaries

from office.core.text import search_key, single_spaced
from plans.staff.models import Staff

if TYPE_CHECKING:
    from plans.staff.excel import Column

HEADER_SEARCH_ROWS = 30  # a title block (the school, the list's title, blank rows) sits above the header
EXAMPLE_MARK = "Ví dụ"  # a row whose first cell says this is the template's example, never imported
DATED = re.compile(r"^\d{1,4}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,4}\b")


def fold(text) -> str:
    """How headers and list values are compared: NFC, no case, no diacritics, single spaces, the
    "(*)" of required columns and a trailing colon ignored."""
    text = single_spaced(text).replace("(*)", "").replace("*", "").strip().rstrip(":").strip()
    return search_key(text)


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Headers of the columns that say a person's gender by a filled cell, compared by header_key.
GENDER_HEADERS = {
    **dict.fromkeys(
        ("nu", "nu x", "nu danh x", "nu danh dau x", "nu ghi x", "gioi tinh nu", "nu gioi", "danh dau nu"),
        Staff.Gender.FEMALE,
    ),
    **dict.fromkeys(
        ("nam", "nam x", "nam danh x", "nam danh dau x", "nam ghi x", "gioi tinh nam", "nam gioi"),
        Staff.Gender.MALE,
    ),
}
MARKS = {"x", "v", "1", "co", "✓", "✔", "√", "+"}  # a ticked cell, compared folded
UNMARKED = {"", "0", "khong", "-"}
NUMBERING = re.compile(r"^\(?\s*(\d{1,3}|[A-Za-z])\s*\)?$")  # "(1)", "1", "(A)": a row numbering the columns
# Where the list ends (a row's text, by header_key): the total, with a number or nothing after it (so
# that "Tống Công Minh" stays a person), the signers and the date line.
END_MARKS = re.compile(
    r"^(?:tong (?:cong|so)(?:$|\D*\d)"
    r"|(?:nguoi lap|kt hieu truong|pho hieu truong|hieu truong|thu truong|xac nhan|ky ghi ro|ky ten)\b)"
)
DATE_LINE = re.compile(r"\bngay \d{1,2} thang \d{1,2} nam \d{4}\b")
# A group's count ("Cộng: 8", "Cộng tổ Toán: 2"), with a number or nothing after it: skipped.
SUBTOTAL = re.compile(r"^cong(?:$|\D*\d)")
# The beginnings of a group's name written in the name column ("Tổ khối 1", "BAN GIÁM HIỆU", "II. …").
GROUP_WORDS = re.compile(r"^(to|khoi|ban|bo phan|nhom|phong|van phong|can bo|giao vien|nhan vien|doan)\b")
SECTION_MARK = re.compile(
    r"^\s*(?:[IVXLC]+|[A-Z])\s*[.)]?\s*$"
)  # "II", "B.": a section's number, never a person's
GROUP_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|[A-Za-z]|\d{1,2})\s*[.)\-–:]\s+")
# Sub-headers under a date's header that hold its pieces ("Ngày sinh" over "Ngày" | "Tháng" | "Năm"),
# by piece_word: the piece's place in day, month, year. Compared with their diacritics, since "Năm"
# (the year) folds to "Nam" (a man's column under the same header).
DATE_PIECE_WORDS = {
    **dict.fromkeys(("ngày", "ngay", "dd", "ngày sinh"), 0),
    **dict.fromkeys(("tháng", "thang", "mm", "tháng sinh"), 1),
    **dict.fromkeys(("năm", "yyyy", "yy", "năm sinh"), 2),
}
# A row naming the school year of the awards below it ("Năm học 2023-2024", "NĂM HỌC 2023 - 2024",
# "Năm 2024"), by header_key.
SCHOOL_YEAR_ROW = re.compile(r"^nam(?: hoc)? (\d{4})(?: (\d{4}|\d{2}))?$")


def header_key(text) -> str:
    """How a header is compared with a column's names: folded, each run of punctuation a space
    ("Ngày, tháng, năm sinh" is "Ngày tháng năm sinh", "HỌ VÀ TÊN CB-GV-NV" is "ho va ten cb gv nv")."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def header_keys(text) -> list[str]:
    """The header's key, then its key without what is in brackets ("Ngày sinh (dd/mm/yyyy)")."""
    whole = header_key(text)
    bare = header_key(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text)))
    return [whole] if bare in ("", whole) else [whole, bare]


def filled(value) -> bool:
    return not blank(value)


def looks_dated(value) -> bool:
    """Whether a cell holds a date or text written as one (to tell sub-headers from data rows)."""
    return isinstance(value, datetime.date) or bool(
        isinstance(value, str) and DATED.match(single_spaced(value))
    )


def gender_header(text) -> str | None:
    return next((GENDER_HEADERS[key] for key in header_keys(text) if key in GENDER_HEADERS), None)


@dataclasses.dataclass(frozen=True)
class HeaderMatch:
    key: str
    rank: int  # 0: the template's header; 1: a synonym; 2: a header that only begins like one
    year_only: bool = False
    part: int | None = None  # which piece of a value kept in several columns


class HeaderNames:
    """What each header a school may write means, for one list of columns."""

    def __init__(self, columns: list["Column"]):
        self.columns = {column.key: column for column in columns}
        self.exact: dict[str, HeaderMatch] = {}
        self.prefixes: list[tuple[str, str]] = []
        for column in columns:
            names = [(column.header, HeaderMatch(column.key, 0))]
            names += [(alias, HeaderMatch(column.key, 1)) for alias in column.aliases]
            names += [(alias, HeaderMatch(column.key, 1, year_only=True)) for alias in column.year_aliases]
            for part, aliases in enumerate(column.parts):
                names += [(alias, HeaderMatch(column.key, 1, part=part)) for alias in aliases]
            for name, match in names:
                self.exact.setdefault(header_key(name), match)
            self.prefixes += [(header_key(prefix), column.key) for prefix in column.prefixes]

    def match(self, text) -> HeaderMatch | None:
        if not filled(text) or not isinstance(text, str):
            return None
        keys = header_keys(text)
        for key in keys:
            if key in self.exact:
                return self.exact[key]
        for key in keys:
            for prefix, column_key in self.prefixes:
                if key.startswith(prefix + " "):
                    return HeaderMatch(column_key, 2)
        return None


@dataclasses.dataclass
class Layout:
    """Where a sheet's table is and what its columns mean."""

    sheet: str
    header_index: int  # the header's (first) row, counted from 0
    body_index: int  # the first row under the header
    positions: dict[str, tuple[int, ...]]  # column key → its cells (several: pieces joined by a space)
    year_only: frozenset[str]  # keys of the columns headed as holding a year alone ("Năm sinh")
    marks: dict[str, int]  # a gender → the column whose filled cell says it ("Nam" | "Nữ")
    marked_key: str | None  # the column those cells hold the value of (the date of birth), or None
    marks_label: str  # the header the marked values' columns are under ("Ngày sinh")
    mark_headers: dict[str, str]  # a gender → the header of its marks' column, as the user wrote it
    ignored: list[str]
    missing: list[str]
    repeated: list[str]
    # Column key → the cells of its day, month and year, for a date kept in three columns.
    date_parts: dict[str, tuple[int, int, int]] = dataclasses.field(default_factory=dict)

    @property
    def score(self) -> int:
        return len(self.positions) + len(self.marks) - 2 * len(self.missing) - len(self.repeated)


def cell_at(row: tuple, index: int | None):
    return row[index] if index is not None and 0 <= index < len(row) else None


def is_subheader(upper: tuple, lower: tuple, names: HeaderNames, name_key: str) -> bool:
    """Whether the row under a header holds sub-headers ("Nam" | "Nữ" under "Ngày sinh"): two or more
    labels, no number, no date, and nothing under the name but the name's pieces."""
    texts = [value for value in lower if filled(value)]
    if len(texts) < 2:
        return False
    for value in texts:
        if not isinstance(value, str) or NUMBERING.match(single_spaced(value)) or looks_dated(value):
            return False
    for index, value in enumerate(upper):
        match = names.match(value)
        if match and match.key == name_key and match.part is None and filled(cell_at(lower, index)):
            under = names.match(cell_at(lower, index))
            if under is None or under.key != name_key or under.part is None:
                return False
    return True


def column_groups(upper: tuple, lower: tuple | None, spans: dict[int, int]) -> dict[int, int]:
    """Each column under a header cell spread over several columns → the column that cell is in: from
    the merged cells, or for a sheet without them, a sub-header under a blank cell belongs to the
    nearest header on its left that has sub-headers too."""
    group = {}
    for start, end in spans.items():
        for index in range(start, end + 1):
            group[index] = start
    if lower is not None and not spans:
        start = None
        for index in range(max(len(upper), len(lower))):
            if filled(cell_at(upper, index)):
                start = index if filled(cell_at(lower, index)) else None
            elif start is not None and filled(cell_at(lower, index)):
                group[index] = start
                group[start] = start
    return group


def layout_at(rows, index, merges, names: HeaderNames, columns: list["Column"], sheet: str) -> Layout | None:
    """The table whose header starts at row `index`, if that row names the name column (or the first
    piece of it); with the row below when that holds sub-headers."""
    upper = rows[index]
    name_key = columns[1].key
    if not any((m := names.match(value)) and m.key == name_key and (m.part or 0) == 0 for value in upper):
        return None
    lower = rows[index + 1] if index + 1 < len(rows) else ()
    sub = is_subheader(upper, lower, names, name_key)
    spans = {start: end for start, end in merges.get(index, ()) if end > start}
    group = column_groups(upper, lower if sub else None, spans)
    found: list[tuple[HeaderMatch, tuple[int, ...], str]] = []
    marks: dict[str, int] = {}
    mark_headers: dict[str, str] = {}
    marked: HeaderMatch | None = None
    marks_label = ""
    ignored: list[str] = []
    # Cells that may be a date's day, month or year: column key → piece → [(position, label, under)],
    # kept aside until it is known whether all three are there.
    pieces: dict[str, dict[int, list[tuple[int, str, bool]]]] = {}
    piece_names = date_piece_headers(columns)
    for position in range(max(len(upper), len(lower) if sub else 0)):
        up, low = cell_at(upper, position), (cell_at(lower, position) if sub else None)
        start = group.get(position)
        if filled(low):
            title = single_spaced(up if filled(up) else cell_at(upper, start))
            label = f"{title} – {single_spaced(low)}" if title else single_spaced(low)
            over = names.match(title)
            piece = DATE_PIECE_WORDS.get(piece_word(low))
            if piece is None and piece_word(low) == "nam" and start is not None:
                # Typed without diacritics: "Nam" beside "Ngay" | "Thang" under one date is its year.
                beside = {header_key(cell_at(lower, p)) for p, s in group.items() if s == start}
                piece = 2 if {"ngay", "thang"} <= beside else None
            if over and names.columns[over.key].date and piece is not None:
                pieces.setdefault(over.key, {}).setdefault(piece, []).append((position, label, True))
                continue
            gender = gender_header(low)
            if gender and over and names.columns[over.key].date:
                # "Ngày sinh" over "Nam" | "Nữ": the date is written under the person's gender.
                marks[gender], mark_headers[gender] = position, single_spaced(low)
                marked, marks_label = over, title
                continue
            if gender and (over is None or over.key == "gender"):
                marks[gender], mark_headers[gender] = position, single_spaced(low)
                continue
            match = names.match(low) or (names.match(f"{title} {single_spaced(low)}") if title else None)
        elif filled(up) and start in (None, position):
            label = single_spaced(up)
            if (named := piece_names.get(header_key(up))) is not None:
                # "Ngày sinh" | "Tháng sinh" | "Năm sinh": the date's pieces if all three are there.
                key, piece = named
                pieces.setdefault(key, {}).setdefault(piece, []).append((position, label, False))
                continue
            match = names.match(up)
            gender = None if match else gender_header(up)
            if gender:
                marks[gender], mark_headers[gender] = position, label
                continue
            if match and match.part is None and names.columns[match.key].parts and start == position:
                # One header merged over the pieces of the name ("Họ và tên" over "Nguyễn Thị" | "Hương").
                found.append((match, tuple(range(position, spans[position] + 1)), label))
                continue
        else:
            continue
        if match is None:
            ignored.append(label)
        else:
            found.append((match, (position,), label))
    date_parts: dict[str, tuple[int, int, int]] = {}
    for key, found_pieces in pieces.items():
        if sorted(found_pieces) == [0, 1, 2] and all(len(cells) == 1 for cells in found_pieces.values()):
            date_parts[key] = tuple(found_pieces[piece][0][0] for piece in (0, 1, 2))
            continue
        for position, label, under in (cell for cells in found_pieces.values() for cell in cells):
            match = None if under else names.match(label)  # a piece alone under a date says nothing
            if match is None:
                ignored.append(label)
            else:
                found.append((match, (position,), label))
    found = [item for item in found if item[0].key not in date_parts]
    positions, year_only, repeated, lesser = _resolve(found, names)
    positions.update(date_parts)
    marked_key = marked.key if marked is not None and marked.key not in positions else None
    if marked_key is not None and marked.year_only:
        year_only.add(marked_key)
    if marks and "gender" not in names.columns and marked_key is None:
        ignored += mark_headers.values()  # marks alone, and no gender to keep: the award history
        marks = {}
    covered = set(positions) | {marked_key} | ({"gender"} if marks else set())
    return Layout(
        sheet=sheet,
        header_index=index,
        body_index=index + (2 if sub else 1),
        positions=positions,
        year_only=frozenset(year_only),
        marks=marks,
        marked_key=marked_key,
        marks_label=marks_label,
        mark_headers=mark_headers,
        ignored=ignored + lesser,
        missing=[column.header for column in columns if column.required and column.key not in covered],
        repeated=repeated,
        date_parts=date_parts,
    )


def piece_word(text) -> str:
    """A sub-header as DATE_PIECE_WORDS holds it: lower case, single spaced, diacritics kept."""
    return " ".join(re.sub(r"[^\w]+", " ", single_spaced(text).casefold()).split())


def date_piece_headers(columns: list["Column"]) -> dict[str, tuple[str, int]]:
    """The headers naming a date's day, month or year in a column of their own ("Tháng sinh"), by
    header_key: → (the column's key, the piece)."""
    return {
        header_key(name): (column.key, piece)
        for column in columns
        for piece, names in enumerate(column.date_pieces)
        for name in names
    }


def school_year_row(texts: list[tuple[int, object]]) -> str | None:
    """The school year a row names alone ("Năm học 2023-2024", "II. NĂM HỌC 2023 - 2024", "Năm 2024":
    the school year ending then), as "2023-2024"; None for any other row."""
    if len(texts) == 2 and SECTION_MARK.match(str(texts[0][1])):
        texts = texts[1:]
    if len(texts) != 1 or not isinstance(texts[0][1], str):
        return None
    text = GROUP_NUMBERING.sub("", single_spaced(texts[0][1]), count=1)
    match = SCHOOL_YEAR_ROW.match(header_key(re.sub(r"\([^)]*\)", " ", text)))
    if match is None:
        return None
    first, second = int(match.group(1)), match.group(2)
    if second is None:
        return f"{first - 1}-{first}"
    ends = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return f"{first}-{ends}" if ends == first + 1 else None


def _resolve(found: list[tuple[HeaderMatch, tuple[int, ...], str]], names: HeaderNames):
    """Each column's cells from the headers that name it: the best-ranked header (the template's over
    a synonym over a beginning; two of one rank are a repeated column), or all of its pieces. Returns
    the positions, the keys holding a year alone, the repeated columns and the headers left aside."""
    positions: dict[str, tuple[int, ...]] = {}
    year_only: set[str] = set()
    repeated: list[str] = []
    lesser: list[str] = []
    for key in dict.fromkeys(match.key for match, _, _ in found):
        whole = [item for item in found if item[0].key == key and item[0].part is None]
        pieces = [item for item in found if item[0].key == key and item[0].part is not None]
        if whole:
            best = min(match.rank for match, _, _ in whole)
            top = [item for item in whole if item[0].rank == best]
            if len(top) > 1:
                repeated.append(names.columns[key].header)
            positions[key] = top[0][1]
            if top[0][0].year_only:
                year_only.add(key)
            lesser += [label for item in [*whole, *pieces] if item not in top for _, _, label in [item]]
        elif len({match.part for match, _, _ in pieces}) < len(pieces):
            repeated.append(names.columns[key].header)
        elif len(pieces) == len(names.columns[key].parts):
            positions[key] = tuple(cells[0] for _, cells, _ in sorted(pieces, key=lambda item: item[0].part))
        else:
            lesser += [label for _, _, label in pieces]  # "Tên" without "Họ đệm" is not the name
    return positions, year_only, repeated, lesser


def find_layout(rows: list[tuple], merges: dict, columns: list["Column"], sheet: str) -> Layout | None:
    """The best header among the sheet's first rows: the one whose columns are recognised most."""
    names = HeaderNames(columns)
    best = None
    for index in range(min(HEADER_SEARCH_ROWS, len(rows))):
        layout = layout_at(rows, index, merges, names, columns, sheet)
        if layout is not None and (best is None or layout.score > best.score):
            best = layout
    return best


MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')


class TooManyMerges(Exception):
    """More merged cells than a list of people can have: the caller refuses the file in its words."""


def merged_cells(data: bytes, path: str, *, limit: int) -> dict[int, list[tuple[int, int]]]:
    """The sheet's merged cells, as row → (first column, last column) of each merge starting in that
    row, counted from 0: openpyxl's streaming reader does not give them, so they are read from the
    sheet's XML (they follow its rows). More than `limit` raises TooManyMerges: a sheet within the
    archive limits can still declare millions of merges, each kept here."""
    found: set[tuple[bytes, bytes]] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            sheet = archive.open(path.lstrip("/"))
        except KeyError:
            return {}
        with sheet:
            tail = b""
            while chunk := sheet.read(1 << 20):
                window = tail + chunk
                found.update(MERGE_CELL.findall(window))
                if len(found) > limit:
                    raise TooManyMerges
                tail = window[-200:]
    merges: dict[int, list[tuple[int, int]]] = {}
    for first, last in found:
        min_col, min_row, max_col, _ = range_boundaries(f"{first.decode()}:{last.decode()}")
        merges.setdefault(min_row - 1, []).append((min_col - 1, max_col - 1))
    return merges


def is_numbering(texts: list[tuple[int, object]]) -> bool:
    """A row numbering the columns under the header: "(1) (2) (3)…" or "1 2 3 …"."""
    return len(texts) >= 2 and all(
        NUMBERING.match(single_spaced(value)) or (isinstance(value, int) and 0 < value < 1000)
        for _, value in texts
    )


def is_end(texts: list[tuple[int, object]], name: str) -> bool:
    """Whether the row starts the footer (a total, the date line, the signers): no date in it, and
    nothing in the name column but such words or a count."""
    name = header_key(name)
    if name and not END_MARKS.match(name) and not re.search(r"\d", name):
        return False  # a person's name (which has no digits, unlike "45 người" beside "Tổng cộng")
    if any(looks_dated(value) for _, value in texts):
        return False  # a person's row: a footer has no date but in words
    keys = [header_key(value) for _, value in texts]
    return any(END_MARKS.match(key) or DATE_LINE.search(key) for key in keys)


def is_subtotal(texts: list[tuple[int, object]]) -> bool:
    """A group's count ("Cộng: 8", "Cộng tổ 1: 8"): skipped."""
    return bool(SUBTOTAL.match(header_key(texts[0][1]))) and not any(
        isinstance(value, datetime.date) for _, value in texts
    )


def group_name(texts: list[tuple[int, object]], name_positions: tuple[int, ...], merged: bool) -> str | None:
    """The name a group row gives the rows below it: one text cell, left of the name or under it
    (then written as a group is), or spread over the table by a merge."""
    if (
        len(texts) == 2
        and texts[0][0] < min(name_positions, default=0)
        and SECTION_MARK.match(str(texts[0][1]))
    ):
        texts = texts[1:]  # "II" | "TỔ KHỐI 1": the group's number in the STT column, its name beside it
    if len(texts) != 1 or not isinstance(texts[0][1], str):
        return None
    position, value = texts[0]
    text = single_spaced(value)
    if fold(text) == fold(EXAMPLE_MARK) or NUMBERING.match(text):
        return None
    first_name = min(name_positions, default=0)
    if position in name_positions:
        letters = [c for c in text if c.isalpha()]
        if (
            not (GROUP_WORDS.match(header_key(text)) or GROUP_NUMBERING.match(text) or text.upper() == text)
            or not letters
        ):
            return None
    elif position > first_name and not merged:
        return None
    name = GROUP_NUMBERING.sub("", text, count=1)
    name = re.sub(r"\([^)]*\)", " ", name)
    name = single_spaced(name).rstrip(":").strip()
    if name and name.upper() == name:
        name = name[0] + name[1:].lower()
    return name or None
