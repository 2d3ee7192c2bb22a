"""Parse the lines of a school's TĐKT plan into a structured plan, with warnings for what looks wrong.

A plan follows the layout of Nghị định 30/2020: agency and number on the left, quốc hiệu and date on the
right, the type "KẾ HOẠCH" and its subject, the legal bases ("Căn cứ…", "Thực hiện…"), numbered sections,
a closing paragraph, "Nơi nhận", the signature, and, in most schools, a month-by-month appendix that may sit
after the signature. Real files are untidy, so the parser reads line by line through these zones and never
drops a line: whatever it cannot place goes to `extra_lines` with a warning.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reporting.official_document.lint import lint_lines

from .model import (
    LegalBasis,
    Paragraph,
    ParsedPlan,
    PlanImportError,
    PlanImportWarning,
    Section,
    Signer,
    SourceText,
    TimelineMonth,
    TimelineTask,
    from_roman,
    to_roman,
)

# --- Header (Nghị định 30/2020, Phụ lục I) ------------------------------------------------------------------

NATIONAL_NAME_RE = re.compile(r"^CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM$", re.IGNORECASE)
MOTTO_RE = re.compile(
    r"^Độc\s+lập\s*(?P<dash1>[-–—])\s*Tự\s+do\s*(?P<dash2>[-–—])\s*Hạnh\s+phúc$", re.IGNORECASE
)
NUMBER_LINE_RE = re.compile(r"^Số\s*:\s*(?P<number>.*)$", re.IGNORECASE)
NUMBER_FORMAT_RE = re.compile(r"^\d+/KH-[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$")
PLACE_DATE_RE = re.compile(
    r"^(?P<place>[^,\d]{2,60}?)\s*,\s*ngày\s*(?P<day>[\d.…]*)\s*tháng\s*(?P<month>[\d.…]*)\s*"
    r"năm\s*(?P<year>\d{4}|[.…]*)\s*\.?$",
    re.IGNORECASE,
)
DOC_TYPE_LINE_RE = re.compile(
    r"^(?P<doc_type>KẾ HOẠCH|QUYẾT ĐỊNH|BÁO CÁO|TỜ TRÌNH|HƯỚNG DẪN|CHƯƠNG TRÌNH|THÔNG BÁO)"
    r"(?:\s*[:\-–]?\s+(?P<rest>\S.*))?$"
)
PLAN_DOC_TYPE = "KẾ HOẠCH"
TITLE_YEAR_RE = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b", re.IGNORECASE)
# A school year spans two consecutive calendar years; other year ranges are terms or periods.
SCHOOL_YEAR_RE = re.compile(r"(?<![\d/])((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?![\d/])")
AGENCY_LINE_RE = re.compile(r"^(?:UBND|Ủ?Y\s+BAN|UỶ\s+BAN|PHÒNG|SỞ|BỘ|TRƯỜNG|ĐẢNG\s+BỘ|CHI\s+BỘ)\b")
RULE_RE = re.compile(r"^[-_–—=*.•~]{3,}$")
# Header lines only a masthead has: a page header naming the school alone is a running header.
MASTHEAD_KINDS = frozenset({"national_name", "motto", "number", "place_date"})

# --- Legal bases ---------------------------------------------------------------------------------------------

DOC_TYPE_NAMES = (
    "Kế hoạch", "Quyết định", "Chỉ thị", "Nghị quyết", "Nghị định", "Thông tư", "Công văn", "Hướng dẫn",
    "Luật", "Văn bản", "Thông báo", "Chương trình", "Đề án", "Quy chế", "Quy định", "Kết luận", "Công điện",
    "Thông tri", "Pháp lệnh",
)  # fmt: skip
CANONICAL_DOC_TYPE = {name.lower(): name for name in DOC_TYPE_NAMES}
# Laws are passed by the National Assembly and cited without an issuer, often without a number or date.
DOC_TYPES_WITHOUT_ISSUER = frozenset({"Luật", "Bộ luật", "Pháp lệnh"})
PREAMBLE_LEAD_RE = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Theo|Triển\s+khai)\b", re.IGNORECASE)
LEAD_ONLY_RE = re.compile(
    r"^(?:Căn\s+cứ|Thực\s+hiện|Theo|Triển\s+khai)(?:\s+(?:vào|theo|nội\s+dung))?\s*:?$", re.IGNORECASE
)
CITATION_HEAD_RE = re.compile(
    rf"(?<!\w)(?P<doc_type>{'|'.join(DOC_TYPE_NAMES)})(?P<name>(?:\s+[^\s;]+){{0,6}}?)\s+số\s*:?\s*"
    r"(?P<number>\d[^\s;,]*)",
    re.IGNORECASE,
)
# Laws are cited by name and date, with no number: "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022;".
LAW_HEAD_RE = re.compile(r"(?<!\w)(?P<doc_type>Bộ luật|Luật|Pháp lệnh)\s+(?!số\b)(?=[A-ZĐ])")
LAW_DATE_RE = re.compile(r"\s+ngày\s+(?=\d)")
# Citations in one paragraph are separated by ";", "," or "và"; a document named inside a subject is not.
CITATION_SEPARATOR_RE = re.compile(r"(?:[;,]|\bvà)$", re.IGNORECASE)
SLASH_DATE_RE = re.compile(
    r"^,?\s*ngày\s+(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>\d{4})"
)
WORDED_DATE_RE = re.compile(
    r"^,?\s*ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})", re.IGNORECASE
)
ISSUER_LEAD_RE = re.compile(r"^(?:của|do)\s+", re.IGNORECASE)
# "… của UBND quận về Kế hoạch …": "về" only introduces the subject; "quy định …", "hướng dẫn …" belong to it.
SUBJECT_ABOUT_RE = re.compile(r"(?:^|\s+)về\s+", re.IGNORECASE)
SUBJECT_VERB_RE = re.compile(r"\s+(?=(?:quy\s+định|hướng\s+dẫn|ban\s+hành)\s)", re.IGNORECASE)
TRAILING_SEPARATORS_RE = re.compile(r"[\s;,.]*(?:\bvà)?[\s;,./]*$", re.IGNORECASE)

# --- Sections ------------------------------------------------------------------------------------------------

# "PHẦN I. …", "Phần thứ hai", "PHẦN 2:", "Chương 1:": a part above the roman sections, its title on the line
# or the next.
PART_HEADING_RE = re.compile(
    r"^(?P<marker>(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:[IVX]{1,6}|\d{1,2}|THỨ\s+\w+|thứ\s+\w+)\s*[.:)]?)(?:\s+(?P<text>\S.*))?$"
)
PART_ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
ROMAN_HEADING_RE = re.compile(r"^(?P<marker>[IVX]{1,6}\s?[.)])\s*(?P<text>\S.*)$")
# "A. MỤC ĐÍCH", "B. Nội dung": capital letters between parts (or roman sections) and numbered items.
UPPER_LETTER_HEADING_RE = re.compile(r"^(?P<marker>[A-HK-UYĐ]\.)\s+(?P<text>[A-ZĐÀ-Ỹ“\"].*)$")
DECIMAL_HEADING_RE = re.compile(r"^(?P<marker>\d{1,2}(?:\.\d{1,2})+\.?)\s*(?P<text>[^\d\s.].*)$")
NUMBER_HEADING_RE = re.compile(r"^(?P<marker>\d{1,2}\.)\s*(?P<text>[^\d\s.].*)$")
LETTER_ITEM_RE = re.compile(r"^(?P<marker>[a-zđ]\)|[a-zđ]\.(?=\s*[A-ZĐ“\"]))\s*(?P<text>\S.*)$")
BULLET_RE = re.compile(r"^(?P<marker>[-+•●○◦▪■□*–—])(?P<space>\s*)(?P<text>\S.*)$")
VIETNAMESE_LETTER_ORDER = "abcdđeghiklmnopqrstuvxy"
PAGE_NUMBER_RE = re.compile(
    r"^(?:-\s*\d{1,3}\s*-|\d{1,3}|Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)$", re.IGNORECASE
)
SENTENCE_END = (".", ";", "!", "?", "…")
CLAUSE_END = (*SENTENCE_END, ",", ":", ")", "”", '"')

# --- Appendix (timeline) -------------------------------------------------------------------------------------

APPENDIX_HEADING_RE = re.compile(
    r"^(?:PHỤ\s+LỤC|Phụ\s+lục|LỊCH\s+CÔNG\s+TÁC|Lịch\s+công\s+tác|TIẾN\s+ĐỘ\s+THỰC\s+HIỆN)(?:\W|$)"
)
MONTH_CELL_RE = re.compile(
    r"^Tháng\s+(?P<month>\d{1,2})(?:\s*(?:/|năm)\s*(?P<year>\d{4}))?\s*:?(?:\t+(?P<rest>.*))?$", re.IGNORECASE
)
MONTH_WITH_TEXT_RE = re.compile(
    r"^Tháng\s+(?P<month>\d{1,2})\s*(?:/|năm)\s*(?P<year>\d{4})\s*:\s*(?P<rest>\S.*)$", re.IGNORECASE
)
MONTH_COLUMN_RE = re.compile(r"^(?:Tháng(?:\s*/\s*năm)?|Thời\s+gian(?:\s+thực\s+hiện)?)$", re.IGNORECASE)
CONTENT_COLUMN_RE = re.compile(r"^Nội\s+dung(?:\s+công\s+việc)?$", re.IGNORECASE)
OWNER_COLUMN_RE = re.compile(
    r"^(?:Người|Bộ\s+phận|Đơn\s+vị|Người\s*/\s*bộ\s+phận)\s+(?:thực\s+hiện|phụ\s+trách)$|^Phụ\s+trách$",
    re.IGNORECASE,
)
COLUMN_HEADER_RE = re.compile(
    rf"^(?:STT|TT|Ghi\s+chú)$|{MONTH_COLUMN_RE.pattern}|{CONTENT_COLUMN_RE.pattern}|{OWNER_COLUMN_RE.pattern}",
    re.IGNORECASE,
)
# A row of a table typed as text: "| Tháng 01/2024 | Xây dựng kế hoạch | Hiệu trưởng |".
PIPE_ROW_RE = re.compile(r"^\|.*\|$|\S\s+\|\s+\S")
ATTACHMENT_RE = re.compile(
    r"Kèm\s+theo\s+.*?\bsố\s*:?\s*(?P<number>\d[^\s,;)]*)"
    r"(?:\s+ngày\s+(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})\s*/\s*(?P<year>\d{4}))?",
    re.IGNORECASE,
)

# --- Closing, recipients, signature --------------------------------------------------------------------------

CLOSING_RE = re.compile(r"^Trên\s+đây\b", re.IGNORECASE)
RECIPIENTS_RE = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
SIGN_PREFIX_RE = re.compile(r"^(?P<prefix>KT|TM|Q|TL|TUQ)\s*\.\s*(?P<authority>\S.*)$")
SIGNER_TITLE_RE = re.compile(
    r"^(?:PHÓ\s+)?(?:HIỆU\s+TRƯỞNG|GIÁM\s+ĐỐC|TRƯỞNG\s+PHÒNG|TỔNG\s+PHỤ\s+TRÁCH|"
    r"CHỦ\s+TỊCH(?:\s+.+)?|TRƯỞNG\s+BAN(?:\s+.+)?|BÍ\s+THƯ(?:\s+.+)?)$"
)
TITLE_WORD_RE = re.compile(r"HIỆU TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|PHÓ|HỘI ĐỒNG|BAN|THƯ KÝ|BÍ THƯ|TỔ\b")
SIGNATURE_NOTE_RE = re.compile(r"^(?:\(.*\)|\[.*\]|Đã\s+ký.*|Ký\s*,?\s+.*)$", re.IGNORECASE)

MAX_TITLE_LINES = 3

# --- Warnings: code -> (message, suggestion), both Vietnamese, formatted with the values of each case -----------

WARNING_TEXTS: dict[str, tuple[str, str | None]] = {
    # header
    "missing_doc_type": (
        "Không thấy tên loại văn bản “KẾ HOẠCH”",
        "Thêm dòng “KẾ HOẠCH” phía trên trích yếu",
    ),
    "not_a_plan": ("Văn bản là {doc_type}, không phải kế hoạch", "Kiểm tra lại tệp tải lên"),
    "missing_title": (
        "Kế hoạch chưa có trích yếu nội dung dưới chữ “KẾ HOẠCH”",
        "Thêm trích yếu, ví dụ “Công tác thi đua, khen thưởng năm …”",
    ),
    "missing_issuing_body": (
        "Kế hoạch chưa có tên cơ quan ban hành (tên trường)",
        "Thêm tên cơ quan chủ quản và tên trường ở góc trên bên trái",
    ),
    "missing_parent_body": (
        "Kế hoạch chưa có tên cơ quan chủ quản phía trên tên trường",
        "Thêm tên cơ quan chủ quản trực tiếp, viết in hoa, phía trên tên trường",
    ),
    "missing_number": (
        "Kế hoạch chưa có số",
        "Thêm dòng “Số: …/KH-<tên viết tắt của trường>” dưới tên trường",
    ),
    "blank_number": ("Số của kế hoạch còn để trống", "Ghi số vào trước “/KH-…”"),
    "number_format": (
        "Số, ký hiệu “{number}” không đúng mẫu “số/KH-tên viết tắt cơ quan”",
        "Viết theo mẫu của Nghị định 30/2020, ví dụ “12/KH-THLQĐ”",
    ),
    "missing_date": (
        "Kế hoạch chưa có địa danh và ngày tháng năm ban hành",
        "Thêm dòng “<Địa danh>, ngày … tháng … năm …” dưới tiêu ngữ",
    ),
    "blank_date": ("Ngày, tháng ban hành kế hoạch còn để trống", "Ghi đủ ngày, tháng, năm ban hành"),
    "invalid_date": ("Ngày ban hành {date} không có thật", "Kiểm tra lại ngày, tháng ban hành"),
    "date_format": (
        "Ngày dưới 10 và tháng 1, 2 phải viết thêm số 0 phía trước",
        "Viết “ngày {day} tháng {month} năm {year}”",
    ),
    "missing_year": (
        "Không xác định được kế hoạch cho năm nào",
        "Ghi năm trong trích yếu, ví dụ “… năm 2025”",
    ),
    "missing_national_heading": (
        "Kế hoạch thiếu {missing}",
        "Thêm “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM” và “Độc lập - Tự do - Hạnh phúc” ở góc trên bên phải",
    ),
    "motto_format": (
        "Tiêu ngữ phải dùng dấu gạch nối (-) giữa các cụm từ",
        "Viết “Độc lập - Tự do - Hạnh phúc”",
    ),
    "unread_part": (
        "Không đọc được một phần nhúng trong tệp Word ({kind}), phần này chưa được nhập",
        "Mở tệp trong Word, chép nội dung phần đó rồi dán lại dưới dạng văn bản thường và nhập lại tệp",
    ),
    "header_unrecognised": (
        "Dòng không nhận dạng được ở phần đầu văn bản",
        "Phần đầu chỉ gồm tên cơ quan, số, quốc hiệu, tiêu ngữ, địa danh và ngày tháng",
    ),
    # legal bases
    "basis_incomplete": (
        "Căn cứ “{citation}” chưa ghi {missing}",
        "Ghi đủ loại văn bản, số, ngày, cơ quan ban hành và trích yếu",
    ),
    "basis_missing_of": (
        "Căn cứ “{citation}” thiếu chữ “của” trước tên cơ quan ban hành",
        "Viết: “… của {issuer} về …”",
    ),
    # sections and text
    "duplicate_number": (
        "Số thứ tự {marker} bị lặp lại (đã dùng ở dòng {first_line})",
        "Đánh lại số mục này thành {expected}",
    ),
    "numbering_gap": ("Thiếu mục {missing}{after}", "Kiểm tra lại số thứ tự hoặc bổ sung các mục còn thiếu"),
    "numbering_order": ("Số thứ tự {marker} không theo thứ tự tăng dần", "Đánh lại thành {expected}"),
    "decimal_parent_mismatch": (
        "Mục {marker} nằm trong mục {parent} nhưng số thứ tự không khớp",
        "Đánh lại thành {expected}",
    ),
    "lone_letter_item": ("Mục {marker} đứng một mình, không có các mục {before} đi trước", "{hint}"),
    "empty_section": (
        "Mục {marker} “{heading}” chưa có nội dung",
        "Bổ sung nội dung hoặc gộp mục này với mục kế tiếp",
    ),
    "stray_header_line": (
        "Có thể là dòng tiêu đề trang bị lẫn vào nội dung",
        "Xoá dòng này nếu nó không thuộc nội dung kế hoạch",
    ),
    "page_number": ("Có thể là số trang bị lẫn vào nội dung", "Xoá dòng này"),
    "decorative_line": ("Dòng kẻ trang trí lẫn trong nội dung", "Có thể xoá dòng này"),
    "possible_heading": (
        "Dòng ngắn không có số thứ tự, có thể là tiêu đề mục bị thiếu số",
        "Thêm số thứ tự (ví dụ “1.”) nếu đây là tiêu đề mục",
    ),
    "broken_paragraph": ("Đoạn văn bị ngắt dòng giữa câu", "Nối dòng này với dòng {next_line}"),
    "bullet_spacing": ("Thiếu dấu cách sau dấu gạch đầu dòng", "Viết “{marker} {start}”"),
    "unbalanced_quotes": (
        "Dấu ngoặc kép mở và đóng không khớp nhau",
        "Dòng này có {counts}; kiểm tra lại các cặp ngoặc kép",
    ),
    # appendix
    "timeline_invalid_month": ("Tháng {month} không hợp lệ", "Kiểm tra lại tháng trong phụ lục"),
    "timeline_owner_without_task": (
        "Người thực hiện “{owner}” không kèm công việc nào",
        "Ghi nội dung công việc vào cùng dòng với người thực hiện",
    ),
    "timeline_empty_month": (
        "{label} chưa có nội dung công việc",
        "Bổ sung công việc hoặc xoá dòng tháng này",
    ),
    "timeline_duplicate_month": ("{label} bị lặp lại", "Gộp các công việc vào một dòng tháng"),
    "timeline_order": ("{label} đứng sau {previous}, sai thứ tự thời gian", "Sắp xếp các tháng theo thứ tự"),
    "appendix_reference_mismatch": (
        "Số hoặc ngày của kế hoạch ghi ở phụ lục khác với phần đầu văn bản",
        "Sửa thành “Kế hoạch số {number} ngày {date:%d/%m/%Y}”",
    ),
    # ending
    "missing_recipients": (
        "Kế hoạch chưa có phần “Nơi nhận”",
        "Thêm “Nơi nhận:” và danh sách nơi nhận, kết thúc bằng “Lưu: VT.”",
    ),
    "missing_signer": (
        "Kế hoạch chưa có chức vụ người ký (ví dụ “HIỆU TRƯỞNG”)",
        "Thêm chức vụ và họ tên người ký ở cuối kế hoạch",
    ),
    "missing_signer_name": ("Kế hoạch chưa có họ tên người ký", "Thêm họ tên người ký dưới chức vụ"),
    "after_signature": (
        "Dòng sau chữ ký không nhận dạng được",
        "Sau chữ ký chỉ nên là phụ lục; kiểm tra lại vị trí của dòng này",
    ),
    "unplaced_line": ("Dòng chưa được xếp vào phần nào của kế hoạch", "Kiểm tra lại vị trí của dòng này"),
}


DOUBLE_SPACE_RE = re.compile(r"(?<=\S)  +(?=\S)")


def make_warning(line_no: int | None, code: str, **values: object) -> PlanImportWarning:
    message, suggestion = WARNING_TEXTS[code]
    # A heading made by its Word style has an empty marker: "Mục {marker} “…”" must not show two spaces.
    message = DOUBLE_SPACE_RE.sub(" ", message.format(**values))
    return PlanImportWarning(line_no, code, message, suggestion.format(**values) if suggestion else None)


class Zone(enum.Enum):
    HEADER = "header"
    PREAMBLE = "preamble"
    BODY = "body"
    TIMELINE = "timeline"
    CLOSING = "closing"
    RECIPIENTS = "recipients"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class _Line:
    no: int
    raw: str  # stripped at both ends, inner tabs kept: they separate the cells of a text export
    text: str  # whitespace collapsed
    # (table, row, column) of a Word table cell; None for a paragraph.
    cell: tuple[int, int, int] | None = None
    # The cells of a "|" row as written, empty ones included (their position says which column they are).
    pipe_cells: tuple[str, ...] | None = None
    # The outline level a Word paragraph style gives the line (Heading 1 is 0); None for body text.
    outline: int | None = None

    @property
    def cells(self) -> list[str]:
        return [" ".join(cell.split()) for cell in self.raw.split("\t") if cell.strip()]

    @property
    def row_cells(self) -> list[str] | None:
        """The cells of a text table row ("|" or tab between them), or None for a single-cell line."""
        if self.pipe_cells is not None:
            return list(self.pipe_cells)
        cells = self.cells
        return cells if len(cells) >= 2 else None


def _make_line(no: int, text: str, cell: tuple[int, int, int] | None, outline: int | None = None) -> _Line:
    stripped = text.strip()
    if cell is None and PIPE_ROW_RE.search(stripped):
        # A text table: its "|" separate cells as tabs do in a Word text export.
        parts = stripped.split("|")
        if stripped.startswith("|") and stripped.endswith("|"):
            parts = parts[1:-1]  # the outer borders; an open row ("| a | b") keeps its empty first cell
        pipe_cells = tuple(" ".join(part.split()) for part in parts)
        return _Line(
            no=no, raw="\t".join(pipe_cells).strip(), text=" ".join(stripped.split()), pipe_cells=pipe_cells
        )
    return _Line(no=no, raw=stripped, text=" ".join(text.split()), cell=cell, outline=outline)


def parse_plan(source: SourceText) -> ParsedPlan:
    lines = [
        _make_line(no, text, source.cell_of(no), source.outline_of(no))
        for no, text in source.numbered()
        if text.strip()
    ]
    if not lines:
        raise PlanImportError("Tệp không có nội dung.")
    builder = _PlanBuilder()
    for line in lines:
        builder.feed(line)
    plan = builder.finish()
    for line_no in plan.unconsumed_lines(source):
        # A safety net: the zones above place every line; if one slips through, keep it and say so.
        text = " ".join(source.lines[line_no - 1].split())
        plan.extra_lines.append(Paragraph(text=text, kind="text", source_line=line_no))
        plan.warnings.append(make_warning(line_no, "unplaced_line"))
    plan.warnings.extend(format_warnings(source, {warning.code for warning in plan.warnings}))
    plan.warnings.extend(
        PlanImportWarning(None, "legacy_encoding", note, LEGACY_ENCODING_SUGGESTION)
        for note in source.legacy_notes
    )
    plan.warnings.extend(make_warning(None, "unread_part", kind=kind) for kind in source.unread_parts)
    plan.warnings.sort(key=lambda warning: warning.line_no or 0)
    return plan


LEGACY_ENCODING_SUGGESTION = (
    "Đối chiếu với tệp gốc, nhất là chữ in hoa và tên riêng; lần sau hãy soạn bằng phông Unicode "
    "(ví dụ Times New Roman)"
)
# What the format lint of NĐ 30/2020 (rule 19, reporting.official_document.lint) finds beyond the header
# warnings above: a finding the parser already reported under its own code is not said twice.
LINT_SAID_BY_PARSER = {
    "national_title": {"missing_national_heading"},
    "motto": {"missing_national_heading", "motto_format"},
    "date_padding": {"date_format", "blank_date", "missing_date"},
    "number": {"number_format", "missing_number", "blank_number", "not_a_plan"},
}
PRINTED_RIGHT = "Bản DOCX/PDF do hệ thống xuất ra đã trình bày đúng thể thức; cần sửa nếu còn dùng tệp gốc"
LINT_SUGGESTIONS = {
    "national_title": PRINTED_RIGHT,
    "motto": PRINTED_RIGHT,
    "date_padding": PRINTED_RIGHT,
    "number": "Sửa số, ký hiệu theo mẫu, ví dụ “12/KH-THLQĐ”",
    "signer": "Sửa quyền hạn ký thành một trong TM., KT., Q., TL., TUQ.",
    "font": PRINTED_RIGHT,
    "page": PRINTED_RIGHT,
    "margins": PRINTED_RIGHT,
}


def format_warnings(source: SourceText, already: set[str]) -> list[PlanImportWarning]:
    """The format lint's findings on the file, as warnings of the import (codes "format_…"): its text
    (both .txt and .docx) and, for a Word file, its font, paper and margins."""
    warnings = []
    for finding in [*lint_lines(source.lines), *source.layout_findings]:
        if LINT_SAID_BY_PARSER.get(finding.code, set()) & already:
            continue
        warnings.append(
            PlanImportWarning(
                finding.line,
                f"format_{finding.code}",
                f"{finding.message} ({finding.article})",
                LINT_SUGGESTIONS.get(finding.code),
            )
        )
    return warnings


# --- Small text predicates -----------------------------------------------------------------------------------


def header_kind(cell: str, *, doc_type_seen: bool = False) -> str | None:
    """What a cell of the header block is ("agency", "number", "motto", …), None for other text."""
    if NATIONAL_NAME_RE.match(cell):
        return "national_name"
    if MOTTO_RE.match(cell):
        return "motto"
    if NUMBER_LINE_RE.match(cell):
        return "number"
    if PLACE_DATE_RE.match(cell):
        return "place_date"
    if DOC_TYPE_LINE_RE.match(cell) and not doc_type_seen:
        return "doc_type"
    if RULE_RE.match(cell):
        return "rule"
    if is_all_caps(cell) and not doc_type_seen:
        return "agency"
    return None


def _cells_of_text(text: str) -> list[str]:
    return [" ".join(cell.split()) for cell in text.split("\t") if cell.strip()]


def opens_with_masthead(texts: list[str]) -> bool:
    """Whether a document's lines open with a masthead (agency, number, quốc hiệu, tiêu ngữ, place and
    date), read as the header zone reads it: up to the document type, a section heading or the first line
    that is not a header line."""
    for text in texts:
        cells = _cells_of_text(text)
        if not cells:
            continue
        if match_heading(" ".join(text.split())):
            return False
        kinds = [header_kind(cell) for cell in cells]
        if not all(kinds) or "doc_type" in kinds:
            return False
        if set(kinds) & MASTHEAD_KINDS:
            return True
    return False


def masthead_in_page_header(texts: list[str]) -> list[str]:
    """The masthead lines of a page header, in order, or [] when the header is not a masthead.

    A page header is a masthead only when it names a number, quốc hiệu, tiêu ngữ or a place and date: a
    running header naming only the school, a document title or a page number is not plan content, and
    what stands beside a masthead in its header (a page number, a title) is left out."""
    lines = [
        text
        for text in texts
        if (cells := _cells_of_text(text))
        and all(header_kind(cell) in MASTHEAD_KINDS | {"agency", "rule"} for cell in cells)
    ]
    kinds = {header_kind(cell) for text in lines for cell in _cells_of_text(text)}
    return lines if kinds & MASTHEAD_KINDS else []


def is_all_caps(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)


def looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(word.isalpha() and word[0].isupper() for word in words)


def is_agency_name(text: str) -> bool:
    return is_all_caps(text) and AGENCY_LINE_RE.match(text) is not None


def match_bullet(text: str) -> re.Match[str] | None:
    return None if RULE_RE.match(text) else BULLET_RE.match(text)


def starts_timeline(line: _Line) -> bool:
    appendix_heading = APPENDIX_HEADING_RE.match(line.text) and len(line.text) <= 150
    month = MONTH_CELL_RE.match(line.raw) or MONTH_WITH_TEXT_RE.match(line.text)
    return bool(appendix_heading or month or is_timeline_header_row(line))


def is_timeline_header_row(line: _Line) -> bool:
    """The title row of a timeline table: a Word cell "Tháng/năm", or a text row whose cells are all
    column titles, one of them the month's."""
    if line.cell is not None:
        return MONTH_COLUMN_RE.match(line.text) is not None
    cells = [cell for cell in line.row_cells or [] if cell]
    return (
        len(cells) >= 2
        and all(COLUMN_HEADER_RE.match(cell) for cell in cells)
        and any(MONTH_COLUMN_RE.match(cell) for cell in cells)
    )


def column_role(title: str) -> str:
    if MONTH_COLUMN_RE.match(title):
        return "month"
    if CONTENT_COLUMN_RE.match(title):
        return "content"
    if OWNER_COLUMN_RE.match(title):
        return "owner"
    return "other"


def starts_ending_or_timeline(line: _Line) -> bool:
    return bool(CLOSING_RE.match(line.text) or RECIPIENTS_RE.match(line.text) or starts_timeline(line))


def unbalanced_quotes(text: str) -> bool:
    return text.count("“") != text.count("”") or text.count('"') % 2 == 1


def shorten(text: str, width: int = 60) -> str:
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0].rstrip(' ,;:“"') + "…"


def parse_day_month_year(day: str, month: str, year: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _strip_trailing_separators(text: str) -> str:
    return TRAILING_SEPARATORS_RE.sub("", text).strip()


# --- Legal bases ---------------------------------------------------------------------------------------------


def split_citations(text: str) -> list[tuple[int, int]]:
    """Spans of the individual citations in a "Căn cứ …; … ; …" paragraph, or [] if it cites nothing."""
    starts: list[int] = []
    heads = sorted(
        {match.start() for pattern in (CITATION_HEAD_RE, LAW_HEAD_RE) for match in pattern.finditer(text)}
    )
    for start in heads:
        before = text[:start].rstrip()
        if (not starts and LEAD_ONLY_RE.match(before)) or (starts and CITATION_SEPARATOR_RE.search(before)):
            starts.append(start)
    return list(zip(starts, [*starts[1:], len(text)], strict=False))


def parse_citation(raw: str, source_line: int) -> tuple[LegalBasis, bool]:
    """One citation "<Loại> số <số> ngày dd/mm/yyyy của <cơ quan> về <trích yếu>"; also says whether "của"
    was there, since its absence is worth a warning."""
    head = CITATION_HEAD_RE.match(raw)
    if head is None:
        return parse_law_citation(raw, source_line), True
    doc_type = CANONICAL_DOC_TYPE.get(head["doc_type"].lower(), head["doc_type"])
    name = head["name"].strip(" ,")
    number = head["number"].rstrip(".")
    rest = raw[head.end() :]
    date = None
    date_match = SLASH_DATE_RE.match(rest.lstrip()) or WORDED_DATE_RE.match(rest.lstrip())
    if date_match:
        date = parse_day_month_year(date_match["day"], date_match["month"], date_match["year"])
        rest = rest.lstrip()[date_match.end() :]
    rest = rest.strip(" ,")
    has_of = bool(ISSUER_LEAD_RE.match(rest))
    rest = ISSUER_LEAD_RE.sub("", rest)
    issuer, subject = _split_issuer_subject(rest)
    if name and not subject:
        subject = name  # "Luật Thi đua, khen thưởng số 06/2022/QH15": the name is what it is about
    basis = LegalBasis(doc_type, number, date, issuer, subject, source_line, raw)
    return basis, has_of


def parse_law_citation(raw: str, source_line: int) -> LegalBasis:
    head = LAW_HEAD_RE.match(raw)
    doc_type = head["doc_type"] if head else ""
    name = raw[head.end() :] if head else raw
    date = None
    at_date = LAW_DATE_RE.search(name)
    if at_date:
        date_match = SLASH_DATE_RE.match(name[at_date.start() :].lstrip()) or WORDED_DATE_RE.match(
            name[at_date.start() :].lstrip()
        )
        if date_match:
            date = parse_day_month_year(date_match["day"], date_match["month"], date_match["year"])
            name = name[: at_date.start()]
    return LegalBasis(doc_type, None, date, None, _strip_trailing_separators(name) or None, source_line, raw)


def _split_issuer_subject(rest: str) -> tuple[str | None, str | None]:
    about = SUBJECT_ABOUT_RE.search(rest)
    if about:
        issuer, subject = rest[: about.start()], rest[about.end() :]
    else:
        verb = SUBJECT_VERB_RE.search(rest)
        issuer, subject = (rest[: verb.start()], rest[verb.end() :]) if verb else (rest, "")
    return (_strip_trailing_separators(issuer) or None, _strip_trailing_separators(subject) or None)


# --- Section markers -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Marker:
    kind: str
    marker: str
    text: str
    # A heading Word's style makes one, without a typed number: its outline level (Heading 1 is 0).
    outline: int | None = None


def match_heading(text: str) -> _Marker | None:
    for kind, pattern in (
        ("part", PART_HEADING_RE),
        ("roman", ROMAN_HEADING_RE),
        ("decimal", DECIMAL_HEADING_RE),
        ("number", NUMBER_HEADING_RE),
        ("letter", LETTER_ITEM_RE),
        ("upper", UPPER_LETTER_HEADING_RE),
    ):
        match = pattern.match(text)
        if match is None or (kind == "decimal" and _is_number_in_sentence(match)):
            continue
        if kind == "upper" and not (match["text"][:1].isupper() or match["text"][:1] in '“"'):
            continue
        return _Marker(kind, match["marker"], (match["text"] or "").strip())
    return None


# The kind of a heading made by its Word style, by its depth: the official format numbers them so.
STYLED_KIND_BY_DEPTH = ("roman", "number", "decimal", "letter")


def styled_heading(line: _Line) -> _Marker | None:
    """A paragraph Word's style makes a heading (Heading 1…9, "Tiêu đề 1"…) with no typed number."""
    if line.outline is None or line.cell is not None or match_heading(line.text):
        return None
    return _Marker("styled", "", line.text, outline=line.outline)


def _is_number_in_sentence(match: re.Match[str]) -> bool:
    # "3.5 triệu đồng …" is a quantity, not section 3.5; a section marker ends with a dot or opens a heading.
    return not match["marker"].endswith(".") and not match["text"][:1].isupper()


def marker_value(section: Section) -> int | None:
    digits = section.marker.rstrip(".:) ")
    if not digits:
        return None  # a heading made by its Word style, without a number
    if section.kind == "part":
        return part_value(digits)
    if section.kind == "upper":
        position = VIETNAMESE_LETTER_ORDER.find(digits.lower())
        return position + 1 if position >= 0 else None
    if section.kind == "roman":
        return from_roman(digits)
    if section.kind == "letter":
        position = VIETNAMESE_LETTER_ORDER.find(digits)
        return position + 1 if position >= 0 else None
    return int(digits.split(".")[-1])


def part_value(marker: str) -> int | None:
    word = marker.split()[-1]
    if word.isdigit():
        return int(word)
    if set(word) <= set("IVX"):
        return from_roman(word)
    return PART_ORDINALS.index(word.lower()) + 1 if word.lower() in PART_ORDINALS else None


def skips_only_dd(expected: int, value: int) -> bool:
    # Word's automatic a), b), c) lists follow the Latin alphabet and go from d) straight to e).
    return list(range(expected, value)) == [VIETNAMESE_LETTER_ORDER.index("đ") + 1]


def marker_path(section: Section) -> tuple[int, ...]:
    return tuple(int(part) for part in section.marker.rstrip(".) ").split("."))


def render_marker(kind: str, value: int, parent: Section | None) -> str:
    if kind == "part":
        return f"PHẦN {to_roman(value)}."
    if kind == "upper":
        return (
            f"{VIETNAMESE_LETTER_ORDER[value - 1].upper()}."
            if value <= len(VIETNAMESE_LETTER_ORDER)
            else "?."
        )
    if kind == "roman":
        return f"{to_roman(value)}."
    if kind == "letter":
        return f"{VIETNAMESE_LETTER_ORDER[value - 1]})" if value <= len(VIETNAMESE_LETTER_ORDER) else "?)"
    if kind == "decimal" and parent is not None and parent.kind in {"number", "decimal"}:
        return ".".join(str(part) for part in (*marker_path(parent), value)) + "."
    return f"{value}."


# --- The builder ---------------------------------------------------------------------------------------------


class _PlanBuilder:
    """Feeds lines through the zones of an official document and collects them into a ParsedPlan."""

    def __init__(self) -> None:
        self.plan = ParsedPlan()
        self.zone = Zone.HEADER
        self.title_lines: list[Paragraph] = []
        self.agency_lines: list[Paragraph] = []
        self.motto_dashes: tuple[int, str] | None = None
        self.stack: list[Section] = []
        self.ranks: dict[int, float] = {}
        # The appendix table: its columns by index ("month", "content", "owner", "other"), and the row
        # being read with the tasks it gave and the owner its owner cell named.
        self.columns: dict[int, str] = {}
        self.row_key: tuple | None = None
        self.row_tasks: list[TimelineTask] = []
        self.row_owner: tuple[str, list[int]] | None = None
        # Sections whose content is the appendix timeline ("IV. TIẾN ĐỘ THỰC HIỆN" followed by months).
        self.timeline_hosts: set[int] = set()
        # Text paragraphs in reading order, None where something else (heading, header...) interrupts them.
        self.flow: list[Paragraph | None] = []
        self.handlers: dict[Zone, Callable[[_Line], Zone | None]] = {
            Zone.HEADER: self._header,
            Zone.PREAMBLE: self._preamble,
            Zone.BODY: self._body,
            Zone.TIMELINE: self._timeline,
            Zone.CLOSING: self._closing,
            Zone.RECIPIENTS: self._recipients,
            Zone.SIGNATURE: self._signature,
        }

    # feeding

    def feed(self, line: _Line) -> None:
        for _ in range(len(Zone) + 1):
            next_zone = self.handlers[self.zone](line)
            if next_zone is None:
                return
            self.zone = next_zone
        self._extra(line, "unplaced_line")

    def warn(self, line_no: int | None, code: str, **values: object) -> None:
        self.plan.warnings.append(make_warning(line_no, code, **values))

    def _extra(self, line: _Line, code: str, **values: object) -> None:
        self.plan.extra_lines.append(Paragraph(text=line.text, kind="text", source_line=line.no))
        self.flow.append(None)
        self.warn(line.no, code, **values)

    # zone: header

    def _header(self, line: _Line) -> Zone | None:
        if match_heading(line.text):
            return Zone.BODY
        kinds = [self._header_kind(cell) for cell in line.cells]
        if all(kinds):
            for cell, kind in zip(line.cells, kinds, strict=True):
                self._add_header_cell(cell, kind, line.no)
            return None
        if self._title_wanted(line):
            self._add_title_line(line.text, line.no)
            return None
        if PREAMBLE_LEAD_RE.match(line.text) or self.plan.header.doc_type:
            return Zone.PREAMBLE
        if starts_ending_or_timeline(line):
            return Zone.BODY
        self._extra(line, "header_unrecognised")
        return None

    def _header_kind(self, cell: str) -> str | None:
        return header_kind(cell, doc_type_seen=bool(self.plan.header.doc_type))

    def _add_header_cell(self, cell: str, kind: str, line_no: int) -> None:
        header = self.plan.header
        paragraph = Paragraph(text=cell, kind=kind, source_line=line_no)
        header.lines.append(paragraph)
        self.flow.append(None)
        if kind == "agency":
            self.agency_lines.append(paragraph)
        elif kind == "motto":
            match = MOTTO_RE.match(cell)
            self.motto_dashes = (line_no, match["dash1"] + match["dash2"])
        elif kind == "number" and header.number is None:
            number = NUMBER_LINE_RE.match(cell)["number"].strip()
            header.number = number or None
            self._check_number(number, line_no)
        elif kind == "place_date" and header.place is None:
            self._set_place_date(PLACE_DATE_RE.match(cell), line_no)
        elif kind == "doc_type":
            match = DOC_TYPE_LINE_RE.match(cell)
            header.doc_type = match["doc_type"]
            if match["rest"]:
                self.title_lines.append(Paragraph(text=match["rest"], kind="title", source_line=line_no))

    def _check_number(self, number: str, line_no: int) -> None:
        if not number or number.startswith("/"):
            self.warn(line_no, "blank_number")
        elif not NUMBER_FORMAT_RE.match(number):
            self.warn(line_no, "number_format", number=number)

    def _set_place_date(self, match: re.Match[str], line_no: int) -> None:
        header = self.plan.header
        header.place = match["place"].strip()
        day, month, year = match["day"], match["month"], match["year"]
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            self.warn(line_no, "blank_date")
            return
        header.date = parse_day_month_year(day, month, year)
        if header.date is None:
            self.warn(line_no, "invalid_date", date=f"{day}/{month}/{year}")
        elif (header.date.day < 10 and len(day) < 2) or (header.date.month < 3 and len(month) < 2):
            date = header.date
            padded_month = f"{date.month:02d}" if date.month < 3 else str(date.month)
            self.warn(line_no, "date_format", day=f"{date.day:02d}", month=padded_month, year=date.year)

    def _title_wanted(self, line: _Line) -> bool:
        if not self.plan.header.doc_type or len(self.title_lines) >= MAX_TITLE_LINES:
            return False
        if self.title_lines and styled_heading(line):
            return False  # the first heading of the body, styled Heading 1 with no number
        text = line.text
        if text.endswith(":") or split_citations(text) or RECIPIENTS_RE.match(text):
            return False
        if not self.title_lines:
            # "Thực hiện …" can open a subject line, but "Căn cứ …" always opens the legal bases.
            return len(text) <= 250 and not text.lower().startswith("căn cứ")
        previous = self.title_lines[-1].text
        return len(text) <= 150 and not PREAMBLE_LEAD_RE.match(text) and not previous.endswith(SENTENCE_END)

    def _add_title_line(self, text: str, line_no: int) -> None:
        paragraph = Paragraph(text=text, kind="title", source_line=line_no)
        self.title_lines.append(paragraph)
        self.plan.header.lines.append(paragraph)
        self.flow.append(None)

    # zone: legal bases and introduction

    def _preamble(self, line: _Line) -> Zone | None:
        if (
            match_heading(line.text)
            or styled_heading(line)
            or starts_ending_or_timeline(line)
            or SIGN_PREFIX_RE.match(line.text)
        ):
            return Zone.BODY
        late_header = self._late_header_kind(line.text)
        if late_header:
            self._add_header_cell(line.text, late_header, line.no)
            return None
        if PREAMBLE_LEAD_RE.match(line.text) and self._add_bases(line):
            return None
        self._add_text(line, self.plan.intro)
        return None

    def _late_header_kind(self, text: str) -> str | None:
        header = self.plan.header
        if NUMBER_LINE_RE.match(text) and header.number is None:
            return "number"
        if PLACE_DATE_RE.match(text) and header.place is None:
            return "place_date"
        if NATIONAL_NAME_RE.match(text) or MOTTO_RE.match(text):
            return self._header_kind(text)
        return None

    def _add_bases(self, line: _Line) -> bool:
        spans = split_citations(line.text)
        if not spans:
            return False
        self.plan.basis_paragraphs.append(Paragraph(text=line.text, kind="basis", source_line=line.no))
        self.flow.append(None)
        for start, end in spans:
            basis, has_of = parse_citation(_strip_trailing_separators(line.text[start:end]), line.no)
            self.plan.bases.append(basis)
            self._check_basis(basis, has_of)
        return True

    def _check_basis(self, basis: LegalBasis, has_of: bool) -> None:
        if basis.doc_type in DOC_TYPES_WITHOUT_ISSUER:
            return
        citation = f"{basis.doc_type} số {basis.number}"
        parts = (("ngày ban hành", basis.date), ("cơ quan ban hành", basis.issuer))
        missing = [name for name, value in parts if not value]
        if missing:
            self.warn(basis.source_line, "basis_incomplete", citation=citation, missing=" và ".join(missing))
        if not has_of and basis.issuer:
            self.warn(basis.source_line, "basis_missing_of", citation=citation, issuer=basis.issuer)

    # zone: body sections

    def _body(self, line: _Line) -> Zone | None:
        next_zone = self._zone_change(line, allow_sections=False)
        if next_zone:
            return next_zone
        heading = match_heading(line.text) or styled_heading(line)
        if heading:
            self._open_section(heading, line.no)
        elif RULE_RE.match(line.text):
            self._extra(line, "decorative_line")
        else:
            self._add_text(line, self.stack[-1].paragraphs if self.stack else self.plan.intro)
        return None

    def _zone_change(self, line: _Line, allow_sections: bool) -> Zone | None:
        if RECIPIENTS_RE.match(line.text):
            return Zone.RECIPIENTS
        if CLOSING_RE.match(line.text):
            return Zone.CLOSING
        if starts_timeline(line):
            if self.stack and self.zone is Zone.BODY:
                self.timeline_hosts.add(id(self.stack[-1]))
            return Zone.TIMELINE
        if SIGN_PREFIX_RE.match(line.text) or SIGNER_TITLE_RE.match(line.text):
            return Zone.SIGNATURE
        if allow_sections and (ROMAN_HEADING_RE.match(line.text) or PART_HEADING_RE.match(line.text)):
            return Zone.BODY
        return None

    def _open_section(self, heading: _Marker, line_no: int) -> None:
        rank = self._rank_of(heading)
        while self.stack and self.ranks[id(self.stack[-1])] >= rank:
            self.stack.pop()
        kind = heading.kind
        if heading.outline is not None:
            kind = STYLED_KIND_BY_DEPTH[min(len(self.stack), len(STYLED_KIND_BY_DEPTH) - 1)]
        section = Section(heading.marker, kind, len(self.stack) + 1, heading.text, source_line=line_no)
        (self.stack[-1].children if self.stack else self.plan.sections).append(section)
        self.stack.append(section)
        self.ranks[id(section)] = rank
        self.flow.append(None)

    def _rank_of(self, heading: _Marker) -> float:
        """How high a heading stands: a part (PHẦN I.) above a roman section (I.), a capital letter (A.)
        between roman sections and numbered items (1.), decimals (2.1.) below by their depth. A heading
        closes every open section that stands as high or lower. A heading made by its Word style stands
        where its outline level puts it: Heading 1 as a roman section, Heading 2 as a numbered item."""
        if heading.outline is not None:
            return 1 + heading.outline
        if heading.kind == "part":
            return 0
        if heading.kind == "roman":
            return 1
        if heading.kind == "upper":
            return 1.5
        if heading.kind == "number":
            return 2
        if heading.kind == "decimal":
            return 1 + len(heading.marker.rstrip(".").split("."))
        # A letter item sits one level under the nearest numbered section, whatever its depth.
        numbered = [section for section in self.stack if section.kind != "letter"]
        return self.ranks[id(numbered[-1])] + 1 if numbered else 2

    def _add_text(self, line: _Line, target: list[Paragraph]) -> None:
        bullet = match_bullet(line.text)
        if bullet:
            paragraph = Paragraph(bullet["text"], "bullet", line.no, marker=bullet["marker"])
            self._check_bullet_spacing(bullet, line.no)
        else:
            paragraph = Paragraph(line.text, "text", line.no)
            self._check_stray_line(line)
        target.append(paragraph)
        self.flow.append(paragraph)

    def _check_bullet_spacing(self, bullet: re.Match[str], line_no: int) -> None:
        if not bullet["space"] and bullet["text"][:1].isalpha():
            self.warn(line_no, "bullet_spacing", marker=bullet["marker"], start=shorten(bullet["text"], 30))

    def _check_stray_line(self, line: _Line) -> None:
        text = line.text
        if is_agency_name(text) or NATIONAL_NAME_RE.match(text) or MOTTO_RE.match(text):
            self.warn(line.no, "stray_header_line")
        elif PAGE_NUMBER_RE.match(text):
            self.warn(line.no, "page_number")

    # zone: appendix timeline

    def _timeline(self, line: _Line) -> Zone | None:
        self._follow_row(line)
        # An owner cell first: "HIỆU TRƯỞNG" in the owner column is not the signature.
        if self.plan.timeline and line.cell is not None and self.columns.get(line.cell[2]) == "owner":
            self._add_owner(line.text, line.no)
            self.flow.append(None)
            return None
        next_zone = self._zone_change(line, allow_sections=True)
        if next_zone and next_zone is not Zone.TIMELINE:
            if next_zone is Zone.BODY:
                self.stack.clear()
            return next_zone
        if line.row_cells and self.columns and self._add_text_row(line):
            return None
        month = MONTH_CELL_RE.match(line.raw) or MONTH_WITH_TEXT_RE.match(line.text)
        if month and self._add_month(month, line):
            return None
        if not self.plan.timeline:
            if not self._add_timeline_columns(line):
                self._add_timeline_heading(line)
            return None
        self._add_task(line.text, line.no)
        return None

    def _follow_row(self, line: _Line) -> None:
        """A Word table row, or a text row, starts afresh: its owner cell names the owner of its tasks."""
        row = line.cell[:2] if line.cell is not None else ("line", line.no)
        if row != self.row_key:
            self.row_key, self.row_tasks, self.row_owner = row, [], None

    def _add_task(self, text: str, line_no: int) -> TimelineTask:
        bullet = match_bullet(text)
        task = TimelineTask(text, line_no)
        if bullet:
            task = TimelineTask(bullet["text"], line_no, marker=bullet["marker"])
            self._check_bullet_spacing(bullet, line_no)
        if self.row_owner is not None:
            task.owner, task.owner_lines = self.row_owner[0], list(self.row_owner[1])
        self.plan.timeline[-1].tasks.append(task)
        self.row_tasks.append(task)
        return task

    def _add_owner(self, text: str, line_no: int) -> None:
        """An owner cell of several lines ("Hiệu trưởng" / "Tổ trưởng") keeps them as lines."""
        owner, lines = self.row_owner or (None, [])
        owner = f"{owner}\n{text}" if owner else text
        self.row_owner = (owner, [*lines, line_no])
        tasks = self.row_tasks or ([self.plan.timeline[-1].tasks[-1]] if self.plan.timeline[-1].tasks else [])
        for task in tasks:
            task.owner, task.owner_lines = self.row_owner[0], list(self.row_owner[1])
        if not tasks:
            # An owner with no task to own: kept, and said.
            self.plan.extra_lines.append(Paragraph(text=text, kind="text", source_line=line_no))
            self.warn(line_no, "timeline_owner_without_task", owner=text)

    def _add_timeline_columns(self, line: _Line) -> bool:
        """Column titles: a Word cell, a text row of them, or one per line as a text export writes them."""
        if line.cell is not None:
            cells = [(line.cell[2], line.text)]
        elif line.row_cells:
            cells = list(enumerate(line.row_cells))
        else:
            cells = [(len(self.columns), line.text)]
        titles = [(index, title) for index, title in cells if title]
        if not titles or not all(COLUMN_HEADER_RE.match(title) for _, title in titles):
            return False
        for index, title in titles:
            role = column_role(title)
            self.columns[index] = role
            self.plan.timeline_columns.append(Paragraph(title, role, line.no))
        self.flow.append(None)
        return True

    def _add_text_row(self, line: _Line) -> bool:
        """A row typed as text ("|" or tabs): its cells by the columns of the title row; a row that
        leaves the month empty continues the month above."""
        cells = line.row_cells
        width = max(self.columns) + 1
        # Tabs lose a leading empty cell when the line is stripped: the cells that remain are the last ones.
        offset = width - len(cells) if line.pipe_cells is None and len(cells) < width else 0
        by_role: dict[str, str] = {}
        for index, cell in enumerate(cells):
            role = self.columns.get(index + offset)
            if role in {"month", "content", "owner"} and cell:
                by_role[role] = cell
        if "month" in by_role:
            month = MONTH_CELL_RE.match(by_role["month"])
            if (
                month is None
                or month["rest"]
                or not self._start_month(month, by_role["month"], line.no, True)
            ):
                return False
        elif not self.plan.timeline or "content" not in by_role:
            return False
        if "owner" in by_role:
            self.row_owner = (by_role["owner"], [line.no])
        if "content" in by_role:
            self._add_task(by_role["content"], line.no)
        self.flow.append(None)
        return True

    def _start_month(
        self, match: re.Match[str], label: str, line_no: int, table_row: bool
    ) -> TimelineMonth | None:
        month = int(match["month"])
        if not 1 <= month <= 12:
            self.warn(line_no, "timeline_invalid_month", month=month)
            return None
        year = int(match["year"]) if match["year"] else self._plan_year()
        last = self.plan.timeline[-1] if self.plan.timeline else None
        if table_row and last is not None and (last.month, last.year) == (month, year):
            # A table with one row per task writes the month again on each row: the same month goes on.
            last.repeated_on.append(line_no)
            return last
        entry = TimelineMonth(month=month, year=year, label=label, source_line=line_no)
        self.plan.timeline.append(entry)
        return entry

    def _add_month(self, match: re.Match[str], line: _Line) -> bool:
        from_cell = MONTH_CELL_RE.match(line.raw) is not None
        label = line.cells[0] if from_cell else line.text[: match.start("rest")].strip(" :")
        entry = self._start_month(
            match, label, line.no, table_row=line.cell is not None or line.row_cells is not None
        )
        if entry is None:
            return False
        rest = " ".join((match["rest"] or "").split())
        if rest:
            bullet = match_bullet(rest)
            task = (
                TimelineTask(bullet["text"], line.no, bullet["marker"])
                if bullet
                else TimelineTask(rest, line.no)
            )
            entry.tasks.append(task)
        self.flow.append(None)
        return True

    def _add_timeline_heading(self, line: _Line) -> None:
        if APPENDIX_HEADING_RE.match(line.text):
            kind = "title"
        elif all(COLUMN_HEADER_RE.match(cell) for cell in line.cells):
            kind = "column"
        else:
            kind = "caption"
        self.plan.timeline_heading.append(Paragraph(line.text, kind, line.no))
        self.flow.append(None)

    def _plan_year(self) -> int | None:
        years = TITLE_YEAR_RE.findall(" ".join(paragraph.text for paragraph in self.title_lines))
        if years:
            return int(years[-1])
        return self.plan.header.date.year if self.plan.header.date else None

    # zone: closing, recipients, signature

    def _closing(self, line: _Line) -> Zone | None:
        next_zone = self._zone_change(line, allow_sections=False)
        if next_zone and next_zone is not Zone.CLOSING:
            return next_zone
        self._add_text(line, self.plan.closing)
        return None

    def _recipients(self, line: _Line) -> Zone | None:
        if match_bullet(line.text):
            self._add_recipient(line.text, line.no)
            return None
        label = RECIPIENTS_RE.match(line.text)
        if label and self.plan.recipients_label is None:
            self.plan.recipients_label = Paragraph(line.text, "label", line.no)
            self.flow.append(None)
            if label["rest"]:
                self._add_recipient(label["rest"], line.no)
            return None
        if starts_timeline(line):
            return Zone.TIMELINE
        if SIGN_PREFIX_RE.match(line.text) or (is_all_caps(line.text) and self.plan.signer is None):
            return Zone.SIGNATURE
        self._add_recipient(line.text, line.no)
        return None

    def _add_recipient(self, text: str, line_no: int) -> None:
        bullet = match_bullet(text)
        recipient = Paragraph(bullet["text"], "bullet", line_no, bullet["marker"]) if bullet else None
        self.plan.recipients.append(recipient or Paragraph(text, "text", line_no))
        self.flow.append(None)

    def _signature(self, line: _Line) -> Zone | None:
        if RECIPIENTS_RE.match(line.text) and self.plan.recipients_label is None:
            return Zone.RECIPIENTS
        if starts_timeline(line):
            return Zone.TIMELINE
        if self.plan.signer is None:
            self.plan.signer = Signer()
        signer = self.plan.signer
        if self._add_signer_part(signer, line.text):
            signer.source_lines.append(line.no)
            self.flow.append(None)
        else:
            self._extra(line, "after_signature")
        return None

    def _add_signer_part(self, signer: Signer, text: str) -> bool:
        prefix = SIGN_PREFIX_RE.match(text)
        if prefix and signer.prefix is None and signer.name is None:
            signer.prefix, signer.authority = f"{prefix['prefix']}.", prefix["authority"]
            return True
        if SIGNATURE_NOTE_RE.match(text):
            signer.note = f"{signer.note} {text}" if signer.note else text
            return True
        if signer.name is not None:
            return False
        # A title may run over two lines ("CHỦ TỊCH" / "HỘI ĐỒNG THI ĐUA"); a name in capitals may not.
        if is_all_caps(text) and (signer.title is None or TITLE_WORD_RE.search(text)):
            signer.title = f"{signer.title} {text}" if signer.title else text
            return True
        if looks_like_name(text) or (is_all_caps(text) and looks_like_name(text.title())):
            signer.name = text
            return True
        return False

    # finishing

    def finish(self) -> ParsedPlan:
        self._resolve_header()
        if self.plan.header.doc_type is None and not self.plan.sections:
            raise PlanImportError(
                "Không nhận ra kế hoạch trong tệp: không thấy tiêu đề “KẾ HOẠCH” và các mục I., II., … "
                "Hãy kiểm tra lại tệp tải lên."
            )
        self._check_header()
        self._check_sections()
        self._check_timeline()
        self._check_flow()
        self._check_quotes()
        self._check_ending()
        return self.plan

    def _resolve_header(self) -> None:
        header = self.plan.header
        # The issuing body is the lowest agency line; the one above it is its governing body.
        if self.agency_lines:
            self.agency_lines[-1].kind = "issuing_body"
            header.issuing_body = self.agency_lines[-1].text
        if len(self.agency_lines) >= 2:
            self.agency_lines[-2].kind = "parent_body"
            header.parent_body = self.agency_lines[-2].text
        header.title = " ".join(paragraph.text for paragraph in self.title_lines) or None
        header.year = self._plan_year()
        header.school_years = sorted(set(self._school_years()))

    def _school_years(self) -> Iterator[str]:
        for text in self.plan.all_texts():
            for first, second in SCHOOL_YEAR_RE.findall(text):
                if int(second) == int(first) + 1:
                    yield f"{first}-{second}"

    def _check_header(self) -> None:
        header = self.plan.header
        header_kinds = {paragraph.kind for paragraph in header.lines}
        if header.doc_type is None:
            self.warn(None, "missing_doc_type")
        elif header.doc_type != PLAN_DOC_TYPE:
            self.warn(None, "not_a_plan", doc_type=header.doc_type.lower())
        if header.doc_type and header.title is None:
            self.warn(None, "missing_title")
        if header.issuing_body is None:
            self.warn(None, "missing_issuing_body")
        elif header.parent_body is None:
            self.warn(None, "missing_parent_body")
        if "number" not in header_kinds:
            self.warn(None, "missing_number")
        if "place_date" not in header_kinds:
            self.warn(None, "missing_date")
        if header.year is None:
            self.warn(None, "missing_year")
        missing = [
            name
            for kind, name in (("national_name", "Quốc hiệu"), ("motto", "Tiêu ngữ"))
            if kind not in header_kinds
        ]
        if missing:
            self.warn(None, "missing_national_heading", missing=" và ".join(missing))
        if self.motto_dashes and self.motto_dashes[1] != "--":
            self.warn(self.motto_dashes[0], "motto_format")

    def _check_sections(self) -> None:
        self._check_siblings(None, self.plan.sections)
        for section in self.plan.iter_sections():
            self._check_siblings(section, section.children)
            empty = not section.children and not section.paragraphs and id(section) not in self.timeline_hosts
            if empty and not section.heading.endswith(SENTENCE_END):
                self.warn(
                    section.source_line,
                    "empty_section",
                    marker=section.marker,
                    heading=shorten(section.heading),
                )

    def _check_siblings(self, parent: Section | None, children: list[Section]) -> None:
        for kind in ("part", "roman", "upper", "number", "decimal", "letter"):
            # Headings made by their Word style have no number to check.
            group = [child for child in children if child.kind == kind and child.marker]
            if (
                kind == "decimal"
                and parent is not None
                and parent.kind in {"number", "decimal"}
                and parent.marker
            ):
                self._check_decimal_prefix(parent, group)
            if kind == "letter" and len(group) == 1 and marker_value(group[0]) not in {None, 1}:
                self._warn_lone_letter(parent, group[0])
            else:
                self._check_sequence(parent, kind, group)

    def _check_sequence(self, parent: Section | None, kind: str, group: list[Section]) -> None:
        expected, seen, previous = 1, {}, None
        for section in group:
            value = marker_value(section)
            if value is None:
                continue
            line_no, marker = section.source_line, section.marker
            if value in seen:
                renumber = render_marker(kind, max(seen) + 1, parent)
                self.warn(
                    line_no, "duplicate_number", marker=marker, first_line=seen[value], expected=renumber
                )
                continue
            if value > expected and not (kind == "letter" and skips_only_dd(expected, value)):
                missing = ", ".join(render_marker(kind, number, parent) for number in range(expected, value))
                after = f": sau mục {previous.marker} là mục {marker}" if previous else ""
                self.warn(line_no, "numbering_gap", missing=missing, after=after)
            elif value < expected:
                self.warn(
                    line_no, "numbering_order", marker=marker, expected=render_marker(kind, expected, parent)
                )
            seen[value] = line_no
            expected, previous = max(expected, value + 1), section

    def _check_decimal_prefix(self, parent: Section, group: list[Section]) -> None:
        for section in group:
            if marker_path(section)[:-1] != marker_path(parent):
                expected = render_marker("decimal", marker_path(section)[-1], parent)
                self.warn(
                    section.source_line,
                    "decimal_parent_mismatch",
                    marker=section.marker,
                    parent=parent.marker,
                    expected=expected,
                )

    def _warn_lone_letter(self, parent: Section | None, section: Section) -> None:
        value = marker_value(section) or 2
        before = "a)" if value == 2 else f"a) – {VIETNAMESE_LETTER_ORDER[value - 2]})"
        hint = "Đánh lại thành a) nếu đây là mục con"
        if parent is not None and parent.kind in {"number", "roman"}:
            sibling = render_marker(parent.kind, (marker_value(parent) or 0) + 1, None)
            hint = f"Có thể đây là mục {sibling} cùng cấp với mục {parent.marker}; nếu là mục con thì đánh lại thành a)"
        self.warn(section.source_line, "lone_letter_item", marker=section.marker, before=before, hint=hint)

    def _check_timeline(self) -> None:
        previous: TimelineMonth | None = None
        for month in self.plan.timeline:
            if not month.tasks:
                self.warn(month.source_line, "timeline_empty_month", label=month.label)
            if previous is not None and month.year is not None and previous.year is not None:
                when, before = (month.year, month.month), (previous.year, previous.month)
                if when == before:
                    self.warn(month.source_line, "timeline_duplicate_month", label=month.label)
                elif when < before:
                    self.warn(month.source_line, "timeline_order", label=month.label, previous=previous.label)
            previous = month
        self._check_appendix_reference()

    def _check_appendix_reference(self) -> None:
        header = self.plan.header
        if header.number is None or header.date is None:
            return
        for paragraph in self.plan.timeline_heading:
            match = ATTACHMENT_RE.search(paragraph.text)
            if not match:
                continue
            date = parse_day_month_year(match["day"], match["month"], match["year"]) if match["day"] else None
            if match["number"] != header.number or (date is not None and date != header.date):
                self.warn(
                    paragraph.source_line,
                    "appendix_reference_mismatch",
                    number=header.number,
                    date=header.date,
                )

    def _check_flow(self) -> None:
        for index, paragraph in enumerate(self.flow):
            if paragraph is None:
                continue
            following = self.flow[index + 1] if index + 1 < len(self.flow) else None
            text = paragraph.text
            if following is not None and following.kind == "text" and following.text[:1].islower():
                if not text.endswith(CLAUSE_END):
                    self.warn(paragraph.source_line, "broken_paragraph", next_line=following.source_line)
                continue
            if paragraph.kind != "text" or following is None or is_agency_name(text):
                continue
            if is_all_caps(text) or (
                len(text) <= 60 and len(text.split()) >= 2 and not text.endswith(CLAUSE_END)
            ):
                self.warn(paragraph.source_line, "possible_heading")

    def _check_quotes(self) -> None:
        for line_no, text in self._content_texts():
            if unbalanced_quotes(text):
                counts = f"{text.count('“')} dấu “ và {text.count('”')} dấu ”"
                if '"' in text:
                    counts += f", {text.count(chr(34))} dấu {chr(34)}"
                self.warn(line_no, "unbalanced_quotes", counts=counts)

    def _content_texts(self) -> Iterator[tuple[int, str]]:
        plan = self.plan
        for paragraph in (*plan.basis_paragraphs, *plan.intro, *plan.closing):
            yield paragraph.source_line, paragraph.text
        for section in plan.iter_sections():
            yield section.source_line, section.heading
            yield from ((paragraph.source_line, paragraph.text) for paragraph in section.paragraphs)
        for month in plan.timeline:
            yield from ((task.source_line, task.text) for task in month.tasks)

    def _check_ending(self) -> None:
        plan = self.plan
        if plan.recipients_label is None:
            self.warn(None, "missing_recipients")
        # "Q. HIỆU TRƯỞNG" over the name: an acting head's title is the one they act as.
        titled = plan.signer is not None and (
            plan.signer.title or (plan.signer.prefix and plan.signer.authority)
        )
        if not titled:
            self.warn(None, "missing_signer")
        elif plan.signer.name is None:
            self.warn(plan.signer.source_lines[-1], "missing_signer_name")
