"""A corpus of plan files of many shapes, written here in code (python-docx and text encodings), for the
import fidelity tests: headings with PHẦN / roman numerals / capital letters / digits / letters, timelines as
Word tables, tab-separated cells, "|" text tables or month lists, a missing header, two signers, KT./TM./Q.
signers, Windows-1258, UTF-16 and UTF-8 with BOM and CRLF.

Each file is described as a list of items: a string is one paragraph (one line of a .txt), a `Rows` is a
table (a Word table in a .docx; in a .txt, one line per row with its cells joined by a tab or by "|").
Every file says which tasks (month, year, text, owner) its timeline table must give.

Word files built the ways outside testers build them (tracked changes, fields, content controls, text boxes,
merged cells, headings made by styles or by automatic numbering, LibreOffice and Google Docs habits) use
`Xml` items: WordprocessingML written as is, with the lines Word shows for it and the texts it does not show.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from tests.factories.legacy_vietnamese import to_tcvn3, to_vni
from tests.factories.plans import to_cp1258

TAB, PIPE, OPEN_PIPE = "tab", "pipe", "open_pipe"


@dataclass(frozen=True)
class Rows:
    """A table: rows of cells, each cell one or more paragraphs."""

    rows: list[list[list[str] | str]]  # a cell of one line may be given as a string
    style: str = TAB  # how a .txt writes it


@dataclass(frozen=True)
class Styled:
    """A paragraph given a Word paragraph style by name (made, with no formatting, if the document lacks it)."""

    text: str
    style: str


@dataclass(frozen=True)
class Xml:
    """Body content written as WordprocessingML (`w:`, `r:`, `mc:`, `wp:`, `a:`, `wps:`, `v:` prefixes).
    `shown`: the lines Word shows for it, in reading order (a text box before its anchor paragraph, a
    footnote after the paragraph citing it). `hidden`: texts in it Word does not show (deleted text, field
    codes, placeholders, hidden text), which the import must never take."""

    xml: str
    shown: list[str]
    hidden: list[str] = field(default_factory=list)


NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)


@dataclass(frozen=True)
class CorpusFile:
    name: str
    items: list
    encoding: str = "utf-8"
    newline: str = "\n"
    # (month, year, task text, owner or None) in order, for a timeline written as a table.
    tasks: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    # (marker, depth) of every section, depth 0 at the top, for files that test heading levels.
    outline: list[tuple[str, int]] | None = None
    # A .docx's list definitions (w:abstractNum and w:num elements) and extra paragraph styles (w:style).
    numbering: str = ""
    styles: str = ""
    # Changes made through python-docx after the items are written (comments, page header and footer,
    # footnotes), and the texts they add that Word shows outside the body (not plan content).
    finish: Callable | None = None
    hidden: list[str] = field(default_factory=list)
    # Lines Word shows before the body that the import reads as its start: a masthead kept in the first
    # page's header.
    shown_before: list[str] = field(default_factory=list)
    # Codes of the warnings a Word-construct file must give beyond the format lint's (e.g. a legacy
    # encoding converted, an embedded part that could not be read).
    warnings: list[str] = field(default_factory=list)

    @property
    def shown_lines(self) -> list[str]:
        """The non-blank lines a reader sees in Word, in reading order (table cells row by row)."""
        lines: list[str] = list(self.shown_before)
        for item in self.items:
            if isinstance(item, Rows):
                for row in item.rows:
                    for cell in row:
                        lines.extend([cell] if isinstance(cell, str) else cell)
            elif isinstance(item, Xml):
                lines.extend(item.shown)
            else:
                lines.append(item.text if isinstance(item, Styled) else item)
        return [line for line in lines if line.strip()]

    @property
    def hidden_texts(self) -> list[str]:
        return [*self.hidden, *(text for item in self.items if isinstance(item, Xml) for text in item.hidden)]

    @property
    def data(self) -> bytes:
        if self.name.endswith(".docx"):
            return _docx_bytes(self)
        lines = []
        for item in self.items:
            lines.extend(_text_rows(item) if isinstance(item, Rows) else [item])
        text = self.newline.join(lines) + self.newline
        if self.encoding == "cp1258":
            return to_cp1258(text)
        return text.encode(self.encoding)


def _text_rows(table: Rows) -> list[str]:
    lines = []
    for row in table.rows:
        cells = [cell if isinstance(cell, str) else " ".join(cell) for cell in row]
        if table.style == TAB:
            lines.append("\t".join(cells))
        elif table.style == PIPE:
            lines.append("| " + " | ".join(cells) + " |")
        else:
            lines.append(" | ".join(cells))
    return lines


def _docx_bytes(corpus_file: CorpusFile) -> bytes:
    document = docx.Document()
    body = document.element.body
    if corpus_file.numbering:
        document.part.numbering_part._element = parse_xml(
            f"<w:numbering {NAMESPACES}>{corpus_file.numbering}</w:numbering>"
        )
    for style in parse_xml(f"<w:styles {NAMESPACES}>{corpus_file.styles}</w:styles>"):
        document.styles.element.append(style)
    for item in corpus_file.items:
        if isinstance(item, Xml):
            for element in parse_xml(f"<w:body {NAMESPACES}>{item.xml}</w:body>"):
                body.sectPr.addprevious(element)
            continue
        if isinstance(item, Styled):
            if item.style not in [style.name for style in document.styles]:
                document.styles.add_style(item.style, docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
            document.add_paragraph(item.text, style=item.style)
            continue
        if isinstance(item, Rows):
            table = document.add_table(rows=len(item.rows), cols=max(len(row) for row in item.rows))
            for row, cells in zip(table.rows, item.rows, strict=False):
                for cell, paragraphs in zip(row.cells, cells, strict=False):
                    paragraphs = [paragraphs] if isinstance(paragraphs, str) else paragraphs
                    cell.paragraphs[0].text = paragraphs[0] if paragraphs else ""
                    for text in paragraphs[1:]:
                        cell.add_paragraph(text)
        else:
            document.add_paragraph(item)
    if corpus_file.finish:
        corpus_file.finish(document)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# --- Pieces of a plan ----------------------------------------------------------------------------------------


def header(parent: str, school: str, number: str, place_date: str) -> list[str]:
    return [
        parent,
        school,
        f"Số: {number}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        place_date,
    ]


def title(year: int, school_name: str) -> list[str]:
    return ["KẾ HOẠCH", f"Công tác thi đua, khen thưởng của trường {school_name} năm {year}"]


def bases(year: int) -> list[str]:
    return [
        f"Căn cứ Kế hoạch số 4552/KH-SGDĐT ngày 20/12/{year - 1} của Sở Giáo dục và Đào tạo Hà Nội về công tác "
        f"thi đua, khen thưởng ngành Giáo dục và Đào tạo năm {year};",
        f"Thực hiện Kế hoạch số 01/KH-UBND ngày 06/01/{year} của UBND phường Hà Đông về công tác thi đua, "
        f"khen thưởng năm {year};",
        f"Nhà trường xây dựng Kế hoạch công tác thi đua, khen thưởng năm {year} như sau:",
    ]


def ending(signer: list[str]) -> list[str]:
    return [
        "Trên đây là Kế hoạch công tác thi đua, khen thưởng của nhà trường, đề nghị các tổ chuyên môn "
        "nghiêm túc thực hiện./.",
        "Nơi nhận:",
        "- UBND phường Hà Đông (để b/c);",
        "- Các tổ chuyên môn (để t/h);",
        "- Lưu: VT.",
        *signer,
    ]


PURPOSE = [
    "- Phát động các phong trào thi đua yêu nước trong toàn trường, thực hiện thắng lợi nhiệm vụ năm học.",
    "- Khen thưởng kịp thời, chính xác, công khai các tập thể, cá nhân có thành tích xuất sắc.",
]
DUTIES = [
    "- Tổ chức tốt phong trào thi đua “Đổi mới, sáng tạo trong dạy và học”.",
    "+ Mỗi giáo viên đăng ký ít nhất 02 tiết dạy tốt mỗi học kỳ.",
    "- Phấn đấu 85% cán bộ, giáo viên đạt danh hiệu Lao động tiên tiến.",
]
ORGANISE = [
    "- Hiệu trưởng chỉ đạo chung, Phó hiệu trưởng phụ trách chuyên môn theo dõi, đôn đốc.",
    "- Công đoàn phối hợp tổ chức các phong trào thi đua.",
]

TASKS_2025 = [
    (1, 2025, "Xây dựng và ban hành Kế hoạch công tác thi đua, khen thưởng năm 2025", "Hiệu trưởng"),
    (1, 2025, "Sơ kết học kỳ I, khen thưởng học sinh có thành tích", "Phó hiệu trưởng"),
    (4, 2025, "Tổ chức đánh giá viên chức, bình xét thi đua cuối năm học", "Hội đồng Thi đua - Khen thưởng"),
    (5, 2025, "Tổng kết năm học và tuyên dương khen thưởng", "Hiệu trưởng"),
    (10, 2025, "Đăng ký danh hiệu thi đua năm học 2025-2026", "Thư ký hội đồng"),
]


def month_label(month: int, year: int, padded: bool = True) -> str:
    return f"Tháng {month:02d}/{year}" if padded else f"Tháng {month}/{year}"


def table_rows(tasks, *, header_row: list[str], padded: bool = True, repeat_month: bool = True) -> list:
    """One row per task, the month written on the first row of each month (or on every row)."""
    rows, previous = [header_row], None
    for month, year, text, owner in tasks:
        label = month_label(month, year, padded) if repeat_month or (month, year) != previous else ""
        row = [label, f"- {text}"]
        if len(header_row) == 3:
            row.append(owner or "")
        rows.append(row)
        previous = (month, year)
    return rows


def word_rows(rows: list[list[str]]) -> Rows:
    return Rows([[[cell] if cell else [] for cell in row] for row in rows])


THREE_COLUMNS = ["Tháng/năm", "Nội dung công việc", "Người thực hiện"]
APPENDIX_2025 = [
    "PHỤ LỤC",
    "Tiến độ thực hiện công tác thi đua, khen thưởng năm 2025",
]


def _corpus() -> list[CorpusFile]:
    lqd = header(
        "UBND PHƯỜNG HÀ ĐÔNG",
        "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN",
        "05/KH-THLQĐ",
        "Hà Đông, ngày 08 tháng 01 năm 2025",
    )
    body_roman = [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        *PURPOSE,
        "2. Yêu cầu",
        "- Việc khen thưởng phải đúng người, đúng thành tích.",
        "II. NỘI DUNG THỰC HIỆN",
        "1. Các phong trào thi đua",
        "a) Phong trào thi đua thường xuyên",
        *DUTIES,
        "b) Các đợt thi đua theo chủ đề",
        "- Thi đua chào mừng Ngày Nhà giáo Việt Nam 20/11.",
        "2. Công tác khen thưởng",
        "- Thực hiện khen thưởng đúng quy định của Luật Thi đua, khen thưởng năm 2022.",
        "III. TỔ CHỨC THỰC HIỆN",
        *ORGANISE,
    ]
    body_parts = [
        "PHẦN I. MỤC ĐÍCH, YÊU CẦU",
        "A. MỤC ĐÍCH",
        "1. Phát động phong trào thi đua",
        *PURPOSE,
        "2. Khen thưởng kịp thời",
        "- Khen thưởng đột xuất những tập thể, cá nhân có thành tích.",
        "B. YÊU CẦU",
        "1. Thiết thực, hiệu quả",
        "- Các phong trào thi đua phải thiết thực, tránh hình thức.",
        "2. Công khai, minh bạch",
        "- Bình xét thi đua công khai trước tập thể.",
        "PHẦN II. NỘI DUNG VÀ TỔ CHỨC THỰC HIỆN",
        "A. NỘI DUNG",
        "1. Phong trào thi đua thường xuyên",
        *DUTIES,
        "2. Phong trào thi đua theo đợt",
        "- Thi đua chào mừng ngày 26/3 và ngày 19/5.",
        "B. TỔ CHỨC THỰC HIỆN",
        "1. Ban giám hiệu",
        *ORGANISE,
        "2. Các tổ chuyên môn",
        "- Triển khai kế hoạch đến từng giáo viên.",
    ]
    parts_outline = [
        ("PHẦN I.", 0), ("A.", 1), ("1.", 2), ("2.", 2), ("B.", 1), ("1.", 2), ("2.", 2),
        ("PHẦN II.", 0), ("A.", 1), ("1.", 2), ("2.", 2), ("B.", 1), ("1.", 2), ("2.", 2),
    ]  # fmt: skip
    kt_signer = ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "Nguyễn Thị Hạnh"]
    tm_signer = ["TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "CHỦ TỊCH", "Teo Thị Thanh Mai"]
    q_signer = ["Q. HIỆU TRƯỞNG", "Lê Văn Bình"]
    principal = ["HIỆU TRƯỞNG", "(đã ký và đóng dấu)", "Teo Thị Thanh Mai"]
    tasks_two = [(*task[:3], None) for task in TASKS_2025]
    tasks_2026 = [(m, y + 1, text.replace("2025-2026", "2026-2027").replace("2025", "2026"), owner)
                  for m, y, text, owner in TASKS_2025]  # fmt: skip
    return [
        CorpusFile(
            "01_phan_chu_so_bang_word.docx",
            [
                *lqd,
                *title(2025, "Tiểu học Lê Quý Đôn"),
                *bases(2025),
                *body_parts,
                *ending(kt_signer),
                *APPENDIX_2025,
                word_rows(table_rows(TASKS_2025, header_row=THREE_COLUMNS)),
            ],
            tasks=TASKS_2025,
            outline=parts_outline,
        ),
        CorpusFile(
            "02_la_ma_bang_tab.txt",
            [
                *lqd,
                *title(2025, "Tiểu học Lê Quý Đôn"),
                *bases(2025),
                *body_roman,
                *ending(tm_signer),
                *APPENDIX_2025,
                Rows(table_rows(TASKS_2025, header_row=THREE_COLUMNS), style=TAB),
            ],
            tasks=TASKS_2025,
        ),
        CorpusFile(
            "03_bang_gach_dung.txt",
            [
                *lqd,
                *title(2025, "Tiểu học Lê Quý Đôn"),
                *bases(2025),
                *body_roman,
                *ending(q_signer),
                *APPENDIX_2025,
                Rows(table_rows(TASKS_2025, header_row=THREE_COLUMNS, repeat_month=False), style=PIPE),
            ],
            tasks=TASKS_2025,
        ),
        CorpusFile(
            "04_khong_phan_dau_lich_theo_thang.txt",
            [
                *body_roman,
                "IV. TIẾN ĐỘ THỰC HIỆN",
                *(f"{month_label(m, y, padded=False)}: {text}" for m, y, text, _ in TASKS_2025),
                *ending(principal),
            ],
        ),
        CorpusFile(
            "05_hai_nguoi_ky.docx",
            [
                *lqd,
                *title(2025, "Tiểu học Lê Quý Đôn"),
                *bases(2025),
                *body_roman,
                *ending([]),
                Rows(
                    [
                        [
                            ["TM. BAN CHẤP HÀNH CÔNG ĐOÀN", "CHỦ TỊCH", "Nguyễn Văn Hùng"],
                            ["HIỆU TRƯỞNG", "Teo Thị Thanh Mai"],
                        ]
                    ]
                ),
            ],
        ),
        CorpusFile(
            "06_windows_1258.txt",
            [
                *lqd,
                *title(2025, "Tiểu học Lê Quý Đôn"),
                *bases(2025),
                *body_roman,
                *ending(kt_signer),
                *APPENDIX_2025,
                Rows(table_rows(TASKS_2025, header_row=THREE_COLUMNS), style=TAB),
            ],
            encoding="cp1258",
            newline="\r\n",
            tasks=TASKS_2025,
        ),
        CorpusFile(
            "07_utf16_thap_phan.txt",
            [
                *header(
                    "UBND QUẬN HÀ ĐÔNG",
                    "TRƯỜNG MẦM NON YÊN HOÀ",
                    "03/KH-MNYH",
                    "Hà Đông, ngày 10 tháng 01 năm 2025",
                ),
                *title(2025, "mầm non Yên Hoà"),
                *bases(2025),
                "I. MỤC ĐÍCH, YÊU CẦU",
                "1. Mục đích",
                "1.1. Phát động thi đua",
                *PURPOSE,
                "1.2. Khen thưởng",
                "- Khen thưởng kịp thời.",
                "2. Yêu cầu",
                "2.1. Thiết thực",
                "- Không hình thức.",
                "II. TỔ CHỨC THỰC HIỆN",
                *ORGANISE,
                *ending(principal),
            ],
            encoding="utf-16",
            outline=[("I.", 0), ("1.", 1), ("1.1.", 2), ("1.2.", 2), ("2.", 1), ("2.1.", 2), ("II.", 0)],
        ),
        CorpusFile(
            "08_bang_word_hai_cot.docx",
            [
                *lqd,
                *title(2025, "Tiểu học Lê Quý Đôn"),
                *bases(2025),
                *body_roman,
                *ending(principal),
                *APPENDIX_2025,
                Rows(
                    [
                        [["Thời gian"], ["Nội dung công việc"]],
                        [["Tháng 01/2025"], [f"- {TASKS_2025[0][2]}", f"- {TASKS_2025[1][2]}"]],
                        *([[month_label(m, y)], [f"- {text}"]] for m, y, text, _ in TASKS_2025[2:]),
                    ]
                ),
            ],
            tasks=tasks_two,
        ),
        CorpusFile(
            "09_tab_hai_cot_khong_tieu_de_cot.txt",
            [
                *lqd,
                *title(2025, "Tiểu học Lê Quý Đôn"),
                *bases(2025),
                *body_roman,
                *ending(principal),
                *APPENDIX_2025,
                *(f"{month_label(m, y)}\t- {text}" for m, y, text, _ in TASKS_2025),
            ],
            tasks=tasks_two,
        ),
        CorpusFile(
            "10_phan_thu_bang_word_nhieu_dong.docx",
            [
                *lqd,
                *title(2025, "Tiểu học Lê Quý Đôn"),
                *bases(2025),
                *(
                    line.replace("PHẦN I.", "PHẦN THỨ NHẤT").replace("PHẦN II.", "PHẦN THỨ HAI")
                    for line in body_parts
                ),
                *ending(kt_signer),
                *APPENDIX_2025,
                Rows(
                    [
                        [[title] for title in THREE_COLUMNS],
                        [["Tháng 01/2025"], [f"- {TASKS_2025[0][2]}"], ["Hiệu trưởng", "Phó hiệu trưởng"]],
                        *(
                            [[month_label(m, y)], [f"- {text}"], [owner]]
                            for m, y, text, owner in TASKS_2025[1:]
                        ),
                    ]
                ),
            ],
            tasks=[(1, 2025, TASKS_2025[0][2], "Hiệu trưởng\nPhó hiệu trưởng"), *TASKS_2025[1:]],
            outline=[
                (marker.replace("PHẦN I.", "PHẦN THỨ NHẤT").replace("PHẦN II.", "PHẦN THỨ HAI"), depth)
                for marker, depth in parts_outline
            ],
        ),
        CorpusFile(
            "11_gach_dung_khong_vien.txt",
            [
                *header(
                    "UBND PHƯỜNG HÀ ĐÔNG",
                    "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN",
                    "02/KH-THLQĐ",
                    "Hà Đông, ngày 05 tháng 01 năm 2026",
                ),
                *title(2026, "Tiểu học Lê Quý Đôn"),
                *bases(2026),
                *body_roman,
                *ending(principal),
                "PHỤ LỤC",
                "Tiến độ thực hiện công tác thi đua, khen thưởng năm 2026",
                Rows(table_rows(tasks_2026, header_row=THREE_COLUMNS, repeat_month=False), style=OPEN_PIPE),
            ],
            tasks=tasks_2026,
        ),
        CorpusFile(
            "12_utf8_bom_crlf.txt",
            [*lqd, *title(2025, "Tiểu học Lê Quý Đôn"), *bases(2025), *body_roman, *ending(tm_signer)],
            encoding="utf-8-sig",
            newline="\r\n",
        ),
        CorpusFile(
            "13_bang_trong_muc.docx",
            [
                *lqd,
                *title(2025, "Tiểu học Lê Quý Đôn"),
                *bases(2025),
                *body_roman,
                "IV. TIẾN ĐỘ THỰC HIỆN",
                word_rows(table_rows(TASKS_2025, header_row=THREE_COLUMNS)),
                *ending(q_signer),
            ],
            tasks=TASKS_2025,
        ),
        CorpusFile(
            "14_dau_trang_bang_tab.txt",
            [
                "UBND PHƯỜNG HÀ ĐÔNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN\tĐộc lập - Tự do - Hạnh phúc",
                "Số: 05/KH-THLQĐ\tHà Đông, ngày 08 tháng 01 năm 2025",
                *title(2025, "Tiểu học Lê Quý Đôn"),
                *bases(2025),
                *body_roman,
                *ending(kt_signer),
                *APPENDIX_2025,
                Rows(table_rows(TASKS_2025, header_row=THREE_COLUMNS, padded=False), style=PIPE),
            ],
            tasks=TASKS_2025,
        ),
    ]


def _word_constructs() -> list[CorpusFile]:
    lqd = header(
        "UBND PHƯỜNG HÀ ĐÔNG",
        "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN",
        "05/KH-THLQĐ",
        "Hà Đông, ngày 08 tháng 01 năm 2025",
    )
    principal = ["HIỆU TRƯỞNG", "(đã ký và đóng dấu)", "Teo Thị Thanh Mai"]
    headings = ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"]
    moved = "Ngày Nhà giáo Việt Nam 20/11."
    footnote = "Theo Điều 24 Luật Thi đua, khen thưởng năm 2022."
    endnote = "Nghị định số 98/2023/NĐ-CP quy định chi tiết thi hành Luật Thi đua, khen thưởng."
    comment = "Góp ý của tổ trưởng: cần ghi rõ chỉ tiêu"
    revised_body = [
        *headings[:1],
        "1. Mục đích",
        Xml(
            para(
                run("- Phát động các phong trào thi đua "),
                tracked("ins", run("yêu nước "), 1),
                tracked("del", deleted_run("Nội dung đã bị xoá "), 2),
                '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>',
                run("trong toàn trường, thực hiện thắng lợi nhiệm vụ năm học."),
            ),
            shown=[PURPOSE[0]],
            hidden=["Nội dung đã bị xoá"],
        ),
        PURPOSE[1],
        "2. Yêu cầu",
        Xml(
            para(
                '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>',
                run(" Việc khen thưởng phải đúng người, đúng thành "),
                run("tích."),
            ),
            shown=["• Việc khen thưởng phải đúng người, đúng thành tích."],
        ),
        Xml(
            para(
                tracked("del", deleted_run("Đoạn văn đã bị xoá hoàn toàn."), 3),
                properties='<w:rPr><w:del w:id="4" w:author="Tổ trưởng" w:date="2025-01-07T08:00:00Z"/></w:rPr>',
            ),
            shown=[],
            hidden=["Đoạn văn đã bị xoá hoàn toàn"],
        ),
        headings[1],
        "1. Các phong trào thi đua",
        Xml(
            para(
                run("a) Phong trào "),
                content_control(run("thi đua thường xuyên"), properties='<w:alias w:val="Tên phong trào"/>'),
            ),
            shown=["a) Phong trào thi đua thường xuyên"],
        ),
        Xml(
            para(
                run(DUTIES[0]),
                run(" Ghi chú ẩn của người soạn", "<w:vanish/>"),
            ),
            shown=[DUTIES[0]],
            hidden=["Ghi chú ẩn của người soạn"],
        ),
        Xml(
            para(
                run(DUTIES[1]),
                content_control(run(" Nhấn vào đây để nhập văn bản."), properties="<w:showingPlcHdr/>"),
            ),
            shown=[DUTIES[1]],
            hidden=["Nhấn vào đây để nhập văn bản"],
        ),
        Xml(
            para(
                run(DUTIES[2]),
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>',
            ),
            shown=[DUTIES[2], footnote],
        ),
        Xml(
            para(
                run("b) Các đợt thi đua theo chủ đề"),
                tracked("moveFrom", deleted_run(moved) + run(" " + moved), 5),
            ),
            shown=["b) Các đợt thi đua theo chủ đề"],
        ),
        Xml(
            para(run("- Thi đua chào mừng "), tracked("moveTo", run(moved), 6)),
            shown=[f"- Thi đua chào mừng {moved}"],
        ),
        Xml(
            para(
                run("- Thi đua chào mừng ngày 26"),
                "<w:r><w:noBreakHyphen/></w:r>",
                run("3 và ngày 19"),
                "<w:r><w:noBreakHyphen/><w:t>5, khen thư</w:t><w:softHyphen/><w:t>ởng kịp thời.</w:t></w:r>",
            ),
            shown=["- Thi đua chào mừng ngày 26-3 và ngày 19-5, khen thưởng kịp thời."],
        ),
        "2. Công tác khen thưởng",
        Xml(
            para(
                run("- Thực hiện khen thưởng đúng quy định của "),
                '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">',
                run("Luật Thi đua, khen thưởng"),
                "</w:smartTag>",
                '<w:customXml w:element="nam">',
                run(" năm 2022."),
                "</w:customXml>",
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="1"/></w:r>',
            ),
            shown=["- Thực hiện khen thưởng đúng quy định của Luật Thi đua, khen thưởng năm 2022.", endnote],
        ),
        Xml(
            para(
                run("- Tỉ lệ cá nhân được khen thưởng không quá "),
                "<m:oMath><m:r><m:t>15%</m:t></m:r></m:oMath>",
                run(" tổng số cán bộ, giáo viên."),
            ),
            shown=["- Tỉ lệ cá nhân được khen thưởng không quá 15% tổng số cán bộ, giáo viên."],
        ),
        headings[2],
        Xml(
            para(
                run("- Hiệu trưởng chỉ đạo chung,"),
                "<w:r><w:br/></w:r>",
                run("Phó hiệu trưởng phụ trách chuyên môn theo dõi, đôn đốc."),
            ),
            shown=["- Hiệu trưởng chỉ đạo chung,", "Phó hiệu trưởng phụ trách chuyên môn theo dõi, đôn đốc."],
        ),
        Xml(
            para(run("- Công đoàn"), "<w:r><w:tab/></w:r>", run("phối hợp tổ chức các phong trào thi đua.")),
            shown=["- Công đoàn\tphối hợp tổ chức các phong trào thi đua."],
        ),
    ]

    def comment_and_footnote(document) -> None:
        paragraph = next(p for p in document.paragraphs if p.text == PURPOSE[1])
        document.add_comment(paragraph.runs, text=comment, author="Tổ trưởng")
        add_notes(document, "footnote", {1: footnote})
        add_notes(document, "endnote", {1: endnote})

    revised = CorpusFile(
        "15_theo_doi_thay_doi_truong_ma.docx",
        [
            *lqd[:5],
            Xml(
                para(
                    run("Hà Đông, ngày "),
                    "<w:fldSimple w:instr=\" DATE \\@ &quot;dd 'tháng' MM 'năm' yyyy&quot; \">",
                    run("08 tháng 01 năm 2025"),
                    "</w:fldSimple>",
                ),
                shown=[lqd[5]],
                hidden=["DATE"],
            ),
            "KẾ HOẠCH",
            Xml(
                para(
                    run("Công tác thi đua, khen thưởng của trường Tiểu học "),
                    '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="PersonName">',
                    run("Lê Quý Đôn"),
                    "</w:smartTag>",
                    run(" năm 2025"),
                ),
                shown=["Công tác thi đua, khen thưởng của trường Tiểu học Lê Quý Đôn năm 2025"],
            ),
            table_of_contents([*headings, "1. Mục đích"]),
            Xml(
                para(
                    run("Căn cứ "),
                    field_code(
                        ' HYPERLINK "https://hanoi.edu.vn/ke-hoach-4552" ', run("Kế hoạch số 4552/KH-SGDĐT")
                    ),
                    run(
                        " ngày 20/12/2024 của Sở Giáo dục và Đào tạo Hà Nội về công tác thi đua, khen thưởng "
                    ),
                    '<w:hyperlink w:anchor="nganh" w:history="1">',
                    run("ngành Giáo dục và Đào tạo"),
                    "</w:hyperlink>",
                    run(" năm 2025;"),
                ),
                shown=[bases(2025)[0]],
                hidden=["HYPERLINK", "hanoi.edu.vn"],
            ),
            *bases(2025)[1:],
            *revised_body,
            # The closing sentence opened by a drop cap: a framed paragraph holding its first letter.
            Xml(
                para(
                    run("T"),
                    properties='<w:framePr w:dropCap="drop" w:lines="2" w:wrap="around" w:vAnchor="text" w:hAnchor="text"/>',
                )
                + para(run(ending([])[0][1:])),
                shown=[ending([])[0]],
            ),
            *ending(principal)[1:],
        ],
        finish=comment_and_footnote,
        hidden=[comment],
    )

    # The content column spans two grid columns, except in the last row, where it was split in two.
    wide = '<w:gridSpan w:val="2"/>'

    def task_row(label_cell: str, task: tuple, properties: str = "") -> str:
        content = cell(para(run(f"- {task[2]}")), properties=wide)
        return row(label_cell, content, cell(para(run(task[3]))), properties=properties)

    merged_month = '<w:vMerge w:val="restart"/>'
    boxed = CorpusFile(
        "16_hop_van_ban_bang_gop_o.docx",
        [
            # The masthead as a borderless two-column table, agency on the left, national name on the right.
            Rows([[lqd[:3], lqd[3:]]]),
            Xml(
                para(text_box(para(run("KẾ HOẠCH"))), properties='<w:jc w:val="center"/>'), shown=["KẾ HOẠCH"]
            ),
            "Công tác thi đua, khen thưởng của trường Tiểu học Lê Quý Đôn năm 2025",
            *bases(2025),
            "I. MỤC ĐÍCH, YÊU CẦU",
            *PURPOSE,
            "II. NỘI DUNG THỰC HIỆN",
            # A nested table in a content control: the outer cell's own text, then the inner table's cells.
            Xml(
                content_control(
                    table(
                        row(
                            cell(
                                para(run("1. Các phong trào thi đua")),
                                table(row(cell(para(run(DUTIES[0]))), cell(para(run(DUTIES[2])))), columns=2),
                            )
                        ),
                        columns=1,
                    ),
                    properties='<w:alias w:val="Nội dung"/>',
                ),
                shown=["1. Các phong trào thi đua", DUTIES[0], DUTIES[2]],
            ),
            "III. TỔ CHỨC THỰC HIỆN",
            *ORGANISE,
            *ending(principal[:1] + principal[2:]),
            *APPENDIX_2025,
            Xml(
                table(
                    row(
                        cell(para(run(THREE_COLUMNS[0]))),
                        cell(para(run(THREE_COLUMNS[1])), properties=wide),
                        cell(para(run(THREE_COLUMNS[2]))),
                    ),
                    task_row(cell(para(run("Tháng 01/2025")), properties=merged_month), TASKS_2025[0]),
                    task_row(cell(properties="<w:vMerge/>"), TASKS_2025[1]),
                    row(cell(), cell(), cell()),
                    content_control(
                        task_row(cell(para(run("Tháng 04/2025"))), TASKS_2025[2]),
                        properties='<w:alias w:val="Công việc"/>',
                    ),
                    task_row(
                        cell(para(run("Tháng 04/2025"))),
                        (4, 2025, "Công việc đã bị xoá khỏi lịch", "Thư ký hội đồng"),
                        properties='<w:del w:id="7" w:author="Tổ trưởng" w:date="2025-01-07T08:00:00Z"/>',
                    ),
                    task_row(cell(para(run("Tháng 05/2025"))), TASKS_2025[3]),
                    row(
                        cell(para(run("Tháng 10/2025"))),
                        content_control(cell(para(run(f"- {TASKS_2025[4][2]}")))),
                        cell(),
                        cell(para(run(TASKS_2025[4][3]))),
                    ),
                    columns=4,
                ),
                shown=[
                    *THREE_COLUMNS,
                    *("Tháng 01/2025", f"- {TASKS_2025[0][2]}", TASKS_2025[0][3]),
                    *(f"- {TASKS_2025[1][2]}", TASKS_2025[1][3]),
                    *(
                        line
                        for month, year, text, owner in TASKS_2025[2:]
                        for line in (month_label(month, year), f"- {text}", owner)
                    ),
                ],
                hidden=["Công việc đã bị xoá khỏi lịch"],
            ),
        ],
        tasks=TASKS_2025,
        finish=page_header_and_footer("Bản dự thảo lưu hành nội bộ"),
        hidden=["Bản dự thảo lưu hành nội bộ", "Trang 1"],
    )
    start = [*lqd, *title(2025, "Tiểu học Lê Quý Đôn"), *bases(2025)]
    by_style = CorpusFile(
        "17_tieu_de_theo_kieu.docx",
        [
            *start,
            Styled("MỤC ĐÍCH, YÊU CẦU", "Heading 1"),
            Styled("Mục đích", "Heading 2"),
            *PURPOSE,
            Styled("Yêu cầu", "Heading 2"),
            "- Việc khen thưởng phải đúng người, đúng thành tích.",
            Styled("NỘI DUNG THỰC HIỆN", "Heading 1"),
            Styled("Các phong trào thi đua", "Heading 2"),
            # A style named in Vietnamese, without an outline level: its name says it is a heading.
            Styled("Phong trào thi đua thường xuyên", "Tiêu đề 3"),
            *DUTIES,
            # An outline level set on the paragraph itself (Paragraph > Outline level).
            Xml(
                para(run("Các đợt thi đua theo chủ đề"), properties='<w:outlineLvl w:val="2"/>'),
                shown=["Các đợt thi đua theo chủ đề"],
            ),
            "- Thi đua chào mừng Ngày Nhà giáo Việt Nam 20/11.",
            Styled("TỔ CHỨC THỰC HIỆN", "Heading 1"),
            Styled("1. Ban giám hiệu", "Heading 2"),
            *ORGANISE,
            *ending(principal),
        ],
        outline=[("", 0), ("", 1), ("", 1), ("", 0), ("", 1), ("", 2), ("", 2), ("", 0), ("1.", 1)],
    )

    def level(index: int, number_format: str, text: str, extra: str = "") -> str:
        return (
            f'<w:lvl w:ilvl="{index}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
        )

    sub_items = level(0, "decimal", "%1.")
    zero_padded = level(0, "decimalZero", "%1.")
    symbol_bullet = level(0, "bullet", "\uf0b7", '<w:rPr><w:rFonts w:ascii="Symbol"/></w:rPr>')
    numbering = (
        '<w:abstractNum w:abstractNumId="10">'
        f"{level(0, 'upperRoman', '%1.')}{level(1, 'decimal', '%2.')}{level(2, 'lowerLetter', '%3)')}"
        "</w:abstractNum>"
        f'<w:abstractNum w:abstractNumId="11">{symbol_bullet}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="12">{sub_items}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="12"/></w:num>'
        # "Restart at 1" in Word: a new list of the same definition, its first level started again.
        '<w:num w:numId="4"><w:abstractNumId w:val="12"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        # A list whose level is redefined in the list itself (w:lvlOverride holding a w:lvl): "01.", "02.".
        f'<w:num w:numId="5"><w:abstractNumId w:val="12"/><w:lvlOverride w:ilvl="0">{zero_padded}</w:lvlOverride></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="12"/></w:num>'
    )

    def auto(lines: list[tuple[str, str, int, int]]) -> Xml:
        """Paragraphs numbered by Word: (label Word shows, text, list, level)."""
        return Xml(
            "".join(numbered(text, num_id, level) for _, text, num_id, level in lines),
            shown=[f"{label} {text}" for label, text, _, _ in lines],
        )

    numbered_outline = [("I.", 0), ("1.", 1), ("2.", 1), ("II.", 0), ("1.", 1), ("a)", 2), ("b)", 2), ("2.", 1),
                        ("III.", 0), ("1.", 1), ("2.", 1), ("IV.", 0), ("01.", 1), ("02.", 1)]  # fmt: skip
    numbered_headings = CorpusFile(
        "18_danh_so_tu_dong.docx",
        [
            *start,
            auto([("I.", "MỤC ĐÍCH, YÊU CẦU", 1, 0), ("1.", "Mục đích", 1, 1)]),
            auto([("-", text[2:], 2, 0) for text in PURPOSE]),
            auto([("2.", "Yêu cầu", 1, 1)]),
            "- Việc khen thưởng phải đúng người, đúng thành tích.",
            auto([("II.", "NỘI DUNG THỰC HIỆN", 1, 0), ("1.", "Các phong trào thi đua", 3, 0)]),
            auto([("a)", "Phong trào thi đua thường xuyên", 1, 2)]),
            *DUTIES,
            auto([("b)", "Các đợt thi đua theo chủ đề", 1, 2)]),
            "- Thi đua chào mừng Ngày Nhà giáo Việt Nam 20/11.",
            auto([("2.", "Công tác khen thưởng", 3, 0)]),
            "- Thực hiện khen thưởng đúng quy định của Luật Thi đua, khen thưởng năm 2022.",
            auto([("III.", "TỔ CHỨC THỰC HIỆN", 1, 0), ("1.", "Ban giám hiệu", 4, 0)]),
            ORGANISE[0],
            # Another list of the same definition, with no restart: Word carries on its numbering.
            auto([("2.", "Công đoàn", 6, 0)]),
            ORGANISE[1],
            # A numbered heading broken over two lines with Shift+Enter is one heading.
            Xml(
                para(
                    run("KINH PHÍ"),
                    "<w:r><w:br/></w:r>",
                    run("THỰC HIỆN"),
                    properties='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>',
                ),
                shown=["IV. KINH PHÍ THỰC HIỆN"],
            ),
            auto([("01.", "Nguồn kinh phí", 5, 0)]),
            "- Quỹ thi đua, khen thưởng của nhà trường.",
            auto([("02.", "Mức chi", 5, 0)]),
            "- Theo quy chế chi tiêu nội bộ.",
            *ending(principal),
        ],
        numbering=numbering,
        outline=numbered_outline,
    )

    capitals = "<w:rPr><w:caps/></w:rPr>"
    parts_numbering = (
        '<w:abstractNum w:abstractNumId="20">'
        f"{level(0, 'ordinalText', 'Phần thứ %1.', capitals)}{level(1, 'upperLetter', '%2.')}"
        f"{level(2, 'decimal', '%3.')}{level(3, 'decimal', '%3.%4.')}"
        "</w:abstractNum>"
        '<w:num w:numId="10"><w:abstractNumId w:val="20"/></w:num>'
    )
    parts = [
        ("PHẦN THỨ NHẤT.", "MỤC ĐÍCH, YÊU CẦU", 0),
        ("A.", "MỤC ĐÍCH", 1),
        ("1.", "Phát động phong trào thi đua", 2),
        ("1.1.", "Thi đua thường xuyên", 3),
        PURPOSE[0],
        ("1.2.", "Thi đua theo đợt", 3),
        PURPOSE[1],
        ("2.", "Khen thưởng kịp thời", 2),
        "- Khen thưởng đột xuất những tập thể, cá nhân có thành tích.",
        ("B.", "YÊU CẦU", 1),
        ("1.", "Thiết thực, hiệu quả", 2),
        "- Các phong trào thi đua phải thiết thực, tránh hình thức.",
        ("PHẦN THỨ HAI.", "TỔ CHỨC THỰC HIỆN", 0),
        ("A.", "TRÁCH NHIỆM", 1),
        ("1.", "Ban giám hiệu", 2),
        *ORGANISE,
    ]
    multi_level = CorpusFile(
        "19_phan_thu_da_cap.docx",
        [
            *start,
            *(item if isinstance(item, str) else auto([(item[0], item[1], 10, item[2])]) for item in parts),
            *ending(principal),
        ],
        numbering=parts_numbering,
        outline=[(item[0], item[2]) for item in parts if not isinstance(item, str)],
    )

    chapter_numbering = (
        '<w:abstractNum w:abstractNumId="30"><w:multiLevelType w:val="multilevel"/>'
        # "Legal style numbering" (w:isLgl): the roman chapter number is written in digits below it.
        f"{level(0, 'upperRoman', 'Chương %1:')}{level(1, 'decimal', '%1.%2.', '<w:isLgl/>')}"
        f"{level(2, 'decimal', '%1.%2.%3.', '<w:isLgl/>')}"
        "</w:abstractNum>"
        '<w:num w:numId="20"><w:abstractNumId w:val="30"/></w:num>'
    )
    chapters = [
        ("Chương I:", "MỤC ĐÍCH, YÊU CẦU", 0),
        ("1.1.", "Mục đích", 1),
        ("1.1.1.", "Phát động thi đua", 2),
        PURPOSE[0],
        ("1.1.2.", "Khen thưởng", 2),
        PURPOSE[1],
        ("1.2.", "Yêu cầu", 1),
        "- Việc khen thưởng phải đúng người, đúng thành tích.",
        ("Chương II:", "TỔ CHỨC THỰC HIỆN", 0),
        ("2.1.", "Trách nhiệm của Ban giám hiệu", 1),
        *ORGANISE,
    ]
    chapter_file = CorpusFile(
        "22_chuong_da_cap.docx",
        [
            *start,
            *(
                item if isinstance(item, str) else auto([(item[0], item[1], 20, item[2])])
                for item in chapters
            ),
            *ending(principal),
        ],
        numbering=chapter_numbering,
        outline=[(item[0], item[2]) for item in chapters if not isinstance(item, str)],
    )

    # LibreOffice: rsid noise, words split over runs, empty runs, spaces kept with xml:space, a bare TOC field
    # over several paragraphs, a page break run, and Word's Vietnamese style ids ("u1": heading 1).
    def noisy(*pieces: str, style: str = "") -> str:
        runs = [
            run(piece, rsidR="00A1B2C3", rsidRPr="00D4E5F6") if piece else "<w:r><w:rPr/></w:r>"
            for piece in pieces
        ]
        properties = f'<w:pStyle w:val="{style}"/>' if style else ""
        return para(
            "<w:r><w:t></w:t></w:r>", *runs, properties=properties + '<w:rPr><w:lang w:val="vi-VN"/></w:rPr>'
        )

    def noisy_lines(lines: list[str]) -> Xml:
        return Xml(
            "".join(noisy(line[: len(line) // 2], "", line[len(line) // 2 :]) for line in lines), shown=lines
        )

    localised_styles = (
        '<w:style w:type="paragraph" w:styleId="u1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
        '<w:next w:val="Normal"/><w:qFormat/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Tiu2"><w:name w:val="Tiêu đề 2"/><w:basedOn w:val="Normal"/>'
        "</w:style>"
        '<w:style w:type="paragraph" w:styleId="Contents1"><w:name w:val="Contents 1"/></w:style>'
    )
    bare_contents = (
        para(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText xml:space="preserve"> TOC \\f \\o "1-9" \\h</w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            run("MỤC ĐÍCH, YÊU CẦU\t1"),
            properties='<w:pStyle w:val="Contents1"/>',
        )
        + para(run("NỘI DUNG THỰC HIỆN\t2"), properties='<w:pStyle w:val="Contents1"/>')
        + para(run("TỔ CHỨC THỰC HIỆN\t3"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    )
    libreoffice = CorpusFile(
        "20_libreoffice.docx",
        [
            noisy_lines(lqd),
            Xml(noisy("KẾ HO", "ẠCH"), shown=["KẾ HOẠCH"]),
            # Tone marks typed as combining characters: Word shows them as the precomposed letters.
            Xml(
                noisy(
                    "Công tác thi đua, khen thưởng của trường Tie\u0302\u0309u học Lê Quý Đôn", " năm 2025"
                ),
                shown=["Công tác thi đua, khen thưởng của trường Tiểu học Lê Quý Đôn năm 2025"],
            ),
            Xml(bare_contents, shown=[], hidden=["MỤC ĐÍCH, YÊU CẦU\t1"]),
            noisy_lines(bases(2025)),
            Xml(noisy("MỤC ĐÍCH, ", "YÊU CẦU", style="u1"), shown=["MỤC ĐÍCH, YÊU CẦU"]),
            Xml(noisy("Mục ", "đích", style="Tiu2"), shown=["Mục đích"]),
            noisy_lines(PURPOSE),
            Xml(noisy("NỘI DUNG THỰC HIỆN", style="u1"), shown=["NỘI DUNG THỰC HIỆN"]),
            noisy_lines(DUTIES),
            Xml(noisy("TỔ CHỨC ", "", "THỰC HIỆN", style="u1"), shown=["TỔ CHỨC THỰC HIỆN"]),
            noisy_lines(ORGANISE),
            noisy_lines(ending(principal)),
            Xml(para('<w:r><w:br w:type="page"/></w:r>', run("PHỤ LỤC")), shown=["PHỤ LỤC"]),
            APPENDIX_2025[1],
            word_rows(table_rows(TASKS_2025, header_row=THREE_COLUMNS)),
        ],
        styles=localised_styles,
        tasks=TASKS_2025,
        outline=[("", 0), ("", 1), ("", 0), ("", 0)],
    )

    # Google Docs: a masthead table whose cells break lines with w:br, a Title style, bookmarks with
    # generated names, a hyperlink by relationship, and Google's own list definitions.
    google_numbering = (
        '<w:abstractNum w:abstractNumId="1">'
        f"{level(0, 'upperRoman', '%1.')}{level(1, 'decimal', '%2.')}{level(2, 'lowerLetter', '%3.')}"
        "</w:abstractNum>"
        f'<w:abstractNum w:abstractNumId="2">{level(0, "bullet", "●")}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
    )

    def broken(lines: list[str]) -> str:
        return para(
            *(
                run(line) + ("<w:r><w:br/></w:r>" if index < len(lines) - 1 else "")
                for index, line in enumerate(lines)
            )
        )

    google = CorpusFile(
        "21_google_docs.docx",
        [
            Xml(
                table(row(cell(broken(lqd[:3])), cell(broken(lqd[3:]))), columns=2),
                shown=lqd,
            ),
            Styled("KẾ HOẠCH", "Title"),
            Xml(
                para(
                    '<w:bookmarkStart w:colFirst="0" w:colLast="0" w:name="_gjdgxs" w:id="0"/>',
                    run("Công tác thi đua, khen thưởng của trường Tiểu học Lê Quý Đôn năm 2025"),
                    '<w:bookmarkEnd w:id="0"/>',
                ),
                shown=["Công tác thi đua, khen thưởng của trường Tiểu học Lê Quý Đôn năm 2025"],
            ),
            Xml(
                para(
                    run("Căn cứ Kế hoạch số 4552/KH-SGDĐT ngày 20/12/2024 của "),
                    '<w:hyperlink r:id="rId99">',
                    run("Sở Giáo dục và Đào tạo Hà Nội", '<w:color w:val="1155CC"/><w:u w:val="single"/>'),
                    "</w:hyperlink>",
                    run(" về công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm 2025;"),
                ),
                shown=[bases(2025)[0]],
            ),
            *bases(2025)[1:],
            auto([("I.", "MỤC ĐÍCH, YÊU CẦU", 1, 0), ("1.", "Mục đích", 1, 1)]),
            auto([("-", text[2:], 2, 0) for text in PURPOSE]),
            auto([("II.", "NỘI DUNG THỰC HIỆN", 1, 0), ("1.", "Các phong trào thi đua", 1, 1)]),
            auto([("a.", "Phong trào thi đua thường xuyên", 1, 2)]),
            *DUTIES,
            auto([("III.", "TỔ CHỨC THỰC HIỆN", 1, 0)]),
            *ORGANISE,
            *ending(principal),
        ],
        numbering=google_numbering,
        outline=[("I.", 0), ("1.", 1), ("II.", 0), ("1.", 1), ("a.", 2), ("III.", 0)],
    )
    # The masthead in two text boxes side by side, anchored in one empty paragraph, with a line shape (no
    # text) under the agency name, as older official templates draw it.
    line_shape = (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="900000" cy="0"/><wp:wrapNone/><wp:docPr id="3" name="Đường thẳng 3"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        "<wps:wsp><wps:cNvCnPr/><wps:spPr/><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        "</w:drawing></w:r>"
    )
    masthead_boxes = CorpusFile(
        "23_dau_trang_trong_hop_van_ban.docx",
        [
            Xml(
                para(
                    text_box(*(para(run(line)) for line in lqd[:3])),
                    line_shape,
                    text_box(*(para(run(line)) for line in lqd[3:])),
                ),
                shown=lqd,
            ),
            *title(2025, "Tiểu học Lê Quý Đôn"),
            *bases(2025),
            "I. MỤC ĐÍCH, YÊU CẦU",
            *PURPOSE,
            "II. TỔ CHỨC THỰC HIỆN",
            *ORGANISE,
            *ending(principal),
        ],
    )
    return [
        revised,
        boxed,
        by_style,
        numbered_headings,
        multi_level,
        libreoffice,
        google,
        chapter_file,
        masthead_boxes,
        *_edge_constructs(lqd, principal),
    ]


def _edge_constructs(lqd: list[str], principal: list[str]) -> list[CorpusFile]:
    body = [
        *title(2025, "Tiểu học Lê Quý Đôn"),
        *bases(2025),
        "I. MỤC ĐÍCH, YÊU CẦU",
        *PURPOSE,
        "II. TỔ CHỨC THỰC HIỆN",
        *ORGANISE,
        *ending(principal),
    ]
    running = "Trường Tiểu học Lê Quý Đôn - Lưu hành nội bộ"
    masthead_table = table(
        row(cell(*(para(run(line)) for line in lqd[:3])), cell(*(para(run(line)) for line in lqd[3:]))),
        columns=2,
    )
    # The masthead in the first page's own header (w:titlePg); later pages repeat a running header with the
    # school's name and the footer a page number: neither is plan content.
    first_page_masthead = CorpusFile(
        "24_dau_trang_o_tieu_de_trang_dau.docx",
        [Xml(para(run(body[0])), shown=body[:1]), *body[1:]],
        finish=page_headers(first=masthead_table, default=para(run(running)), footer="Trang 1"),
        shown_before=lqd,
        hidden=["Lưu hành nội bộ", "Trang 1"],
    )
    # No first-page header: the default header holds the masthead, with the page number beside it.
    default_masthead = CorpusFile(
        "25_dau_trang_o_tieu_de_trang.docx",
        [Xml(para(run(body[0])), shown=body[:1]), *body[1:]],
        finish=page_headers(default="".join(para(run(line)) for line in [*lqd, "Trang 1"])),
        shown_before=lqd,
        hidden=["Trang 1"],
    )
    # The body has its masthead: a page header that looks like one (a template left over) is not read.
    other = ["UBND QUẬN CẦU GIẤY", "TRƯỜNG TIỂU HỌC YÊN HÒA", "Số: 99/KH-THYH"]
    body_masthead = CorpusFile(
        "26_dau_trang_o_than_va_tieu_de.docx",
        [plain(lqd), *body],
        finish=page_headers(first="".join(para(run(line)) for line in other)),
        hidden=other,
    )
    # A table of contents whose field was unlinked: its entries keep the "toc N" styles (any case, and the
    # Vietnamese "Mục lục N"), its heading the "TOC Heading" style.
    contents_styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/></w:style>'
        for style_id, name in (
            ("TOCHeading", "TOC Heading"),
            ("TOC1", "toc 1"),
            ("TOC2", "TOC 2"),
            ("Mucluc3", "Mục lục 3"),
        )
    )
    static_contents = Xml(
        styled("MỤC LỤC", "TOCHeading")
        + styled("I. MỤC ĐÍCH, YÊU CẦU\t1", "TOC1")
        + styled("1. Mục đích và ý nghĩa\t1", "TOC2")
        + styled("a) Đối với giáo viên\t2", "Mucluc3")
        + styled("II. TỔ CHỨC THỰC HIỆN\t2", "TOC1"),
        shown=[],
        hidden=["MỤC LỤC", "Mục đích và ý nghĩa", "Đối với giáo viên"],
    )
    unlinked_contents = CorpusFile(
        "27_muc_luc_da_bo_truong.docx",
        [*lqd, *body[:5], static_contents, *body[5:]],
        styles=contents_styles,
    )
    # Parts embedded with w:altChunk: a .docx and an HTML page are read where they stand; an RTF part is
    # not, and a warning says so.
    html_purpose = "<html><head><title>Mục đích</title></head><body><ul>{}</ul></body></html>".format(
        "".join(f"<li>{escape(text[2:])}</li>" for text in PURPOSE)
    )
    chunks = CorpusFile(
        "28_phan_nhung_altchunk.docx",
        [
            *lqd,
            *body[:6],
            Xml('<w:altChunk r:id="rIdChunk1"/>', shown=PURPOSE),
            "II. TỔ CHỨC THỰC HIỆN",
            Xml('<w:altChunk r:id="rIdChunk2"/><w:altChunk r:id="rIdChunk3"/>', shown=ORGANISE),
            *ending(principal),
        ],
        finish=alt_chunks(
            ("rIdChunk1", "html", html_purpose.encode()),
            ("rIdChunk2", "docx", docx_of(ORGANISE)),
            ("rIdChunk3", "rtf", rb"{\rtf1\ansi Ph\'e1t \'f0\'f4ng}"),
        ),
        warnings=["unread_part"],
    )
    # Footnotes typed in a legacy font (.VnTime, VNI-Times) under a Unicode body.
    footnote = "Theo Điều 24 Luật Thi đua, khen thưởng năm 2022."
    endnote = "Nghị định số 98/2023/NĐ-CP quy định chi tiết thi hành Luật Thi đua, khen thưởng."
    legacy_notes = CorpusFile(
        "29_chu_thich_phong_cu.docx",
        [
            *lqd,
            *body[:6],
            Xml(
                para(run(PURPOSE[0]), '<w:r><w:footnoteReference w:id="1"/></w:r>')
                + para(run(PURPOSE[1]), '<w:r><w:endnoteReference w:id="1"/></w:r>'),
                shown=[PURPOSE[0], footnote, PURPOSE[1], endnote],
            ),
            *body[8:],
        ],
        finish=lambda document: (
            add_notes(document, "footnote", {1: to_tcvn3(footnote)}, font=".VnTime"),
            add_notes(document, "endnote", {1: to_vni(endnote)}, font="VNI-Times"),
        ),
        warnings=["legacy_encoding", "legacy_encoding"],
    )
    # A table cell deleted with tracked changes on (w:cellDel) is gone from the table Word shows.
    deleted_cell = CorpusFile(
        "30_o_bang_da_xoa.docx",
        [
            Xml(
                table(
                    row(
                        cell(*(para(run(line)) for line in lqd[:3])),
                        cell(
                            para(run("Bản nháp cũ của tổ văn phòng")),
                            properties='<w:cellDel w:id="7" w:author="Tổ trưởng" w:date="2025-01-07T08:00:00Z"/>',
                        ),
                        cell(*(para(run(line)) for line in lqd[3:])),
                    ),
                    columns=3,
                ),
                shown=lqd,
                hidden=["Bản nháp cũ của tổ văn phòng"],
            ),
            *body,
        ],
    )
    return [first_page_masthead, default_masthead, body_masthead, unlinked_contents, chunks, legacy_notes,
            deleted_cell]  # fmt: skip


# --- Word constructs, written as XML ------------------------------------------------------------------------


def run(text: str, properties: str = "", **attributes: str) -> str:
    extra = "".join(f' w:{name}="{value}"' for name, value in attributes.items())
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r{extra}>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*content: str, properties: str = "") -> str:
    ppr = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    return f"<w:p>{ppr}{''.join(content)}</w:p>"


def numbered(text: str, num_id: int, level: int = 0, *, style: str = "") -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    return para(
        run(text),
        properties=f'{style_xml}<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>',
    )


def styled(text: str, style_id: str) -> str:
    return para(run(text), properties=f'<w:pStyle w:val="{style_id}"/>')


def field_code(instruction: str, *result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'{"".join(result)}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def cell(*paragraphs: str, properties: str = "") -> str:
    tcpr = f"<w:tcPr>{properties}</w:tcPr>" if properties else ""
    return f"<w:tc>{tcpr}{''.join(paragraphs) or '<w:p/>'}</w:tc>"


def row(*cells: str, properties: str = "") -> str:
    trpr = f"<w:trPr>{properties}</w:trPr>" if properties else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def table(*rows: str, columns: int) -> str:
    grid = "".join('<w:gridCol w:w="3000"/>' for _ in range(columns))
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'


def text_box(*paragraphs: str) -> str:
    """A floating text box as Word 2010+ writes it: a DrawingML shape, and a VML copy for older readers."""
    content = f"<w:txbxContent>{''.join(paragraphs)}</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" '
        'simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset>'
        '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2000000" cy="400000"/><wp:wrapNone/><wp:docPr id="1" name="Hộp văn bản 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape style="width:200pt;height:40pt"><v:textbox>{content}</v:textbox>'
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def content_control(content: str, *, properties: str = "") -> str:
    return f"<w:sdt><w:sdtPr>{properties}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def tracked(kind: str, content: str, change_id: int) -> str:
    return f'<w:{kind} w:id="{change_id}" w:author="Tổ trưởng" w:date="2025-01-07T08:00:00Z">{content}</w:{kind}>'


def deleted_run(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r>'


def plain(lines: list[str]) -> Xml:
    return Xml("".join(para(run(line)) for line in lines), shown=list(lines))


def table_of_contents(entries: list[str]) -> Xml:
    """Word's table of contents: a content control around a TOC field whose result repeats the headings
    with their page numbers."""
    paragraphs = [para(run("MỤC LỤC"), properties='<w:pStyle w:val="TOCHeading"/>')]
    for index, entry in enumerate(entries):
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            if index == 0
            else ""
        )
        page = field_code(f" PAGEREF _Toc{index} " + "\\h ", run(str(index + 2)))
        link = f'<w:hyperlink w:anchor="_Toc{index}">{run(entry)}<w:r><w:tab/></w:r>{page}</w:hyperlink>'
        paragraphs.append(
            para(begin, link, properties=f'<w:pStyle w:val="TOC{1 if index % 2 == 0 else 2}"/>')
        )
    paragraphs.append(para('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    gallery = '<w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj>'
    return Xml(
        content_control("".join(paragraphs), properties=gallery), shown=[], hidden=["MỤC LỤC", "PAGEREF"]
    )


def add_notes(document, kind: str, notes: dict[int, str], *, font: str = "") -> None:
    """A footnotes or endnotes part ("footnote", "endnote") as Word writes it, two separator notes first;
    `font` names the notes' font (a legacy one for text typed in TCVN3 or VNI)."""
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>' if font else ""
    body = "".join(
        f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:{kind}Ref/></w:r>{run(" " + text, fonts)}</w:p></w:{kind}>'
        for note_id, text in notes.items()
    )
    xml = (
        f"<w:{kind}s {NAMESPACES}>"
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f"</w:{kind}>{body}</w:{kind}s>"
    )
    content_type = CONTENT_TYPE.WML_FOOTNOTES if kind == "footnote" else CONTENT_TYPE.WML_ENDNOTES
    relationship = RELATIONSHIP_TYPE.FOOTNOTES if kind == "footnote" else RELATIONSHIP_TYPE.ENDNOTES
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, xml.encode(), document.part.package)
    document.part.relate_to(part, relationship)


def page_header_and_footer(header_text: str):
    def finish(document) -> None:
        section = document.sections[0]
        section.header.paragraphs[0].text = header_text
        footer = section.footer.paragraphs[0]
        footer.text = "Trang "
        for element in parse_xml(f"<w:p {NAMESPACES}>{field_code(' PAGE ', run('1'))}</w:p>"):
            footer._p.append(element)

    return finish


def page_headers(*, first: str = "", default: str = "", footer: str = ""):
    """Page headers written as WordprocessingML: `first` for the first page only (w:titlePg), `default`
    for every page (or every page but the first); `footer` a text for the default footer."""

    def finish(document) -> None:
        section = document.sections[0]
        for xml, target in ((first, "first_page_header"), (default, "header")):
            if not xml:
                continue
            if target == "first_page_header":
                section.different_first_page_header_footer = True
            element = getattr(section, target)._element
            for child in list(element):
                element.remove(child)
            for child in parse_xml(f"<w:hdr {NAMESPACES}>{xml}</w:hdr>"):
                element.append(child)
        if footer:
            section.footer.paragraphs[0].text = footer

    return finish


CHUNK_TYPES = {
    "html": ("text/html", "htm"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "docx"),
    "rtf": ("application/rtf", "rtf"),
}


def alt_chunks(*chunks: tuple[str, str, bytes]):
    """Embedded parts for w:altChunk elements: (relationship id, kind in CHUNK_TYPES, bytes)."""

    def finish(document) -> None:
        for index, (relationship_id, kind, blob) in enumerate(chunks, start=1):
            content_type, extension = CHUNK_TYPES[kind]
            part = Part(
                PackURI(f"/word/afchunk{index}.{extension}"), content_type, blob, document.part.package
            )
            document.part.rels.add_relationship(RELATIONSHIP_TYPE.A_F_CHUNK, part, relationship_id)

    return finish


def docx_of(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


CORPUS = _corpus() + _word_constructs()
