"""A corpus of plan files of many shapes, written here in code (python-docx and text encodings), for the
import fidelity tests: headings with PHẦN / roman numerals / capital letters / digits / letters, timelines as
Word tables, tab-separated cells, "|" text tables or month lists, a missing header, two signers, KT./TM./Q.
signers, Windows-1258, UTF-16 and UTF-8 with BOM and CRLF.

Each file is described as a list of items: a string is one paragraph (one line of a .txt), a `Rows` is a
table (a Word table in a .docx; in a .txt, one line per row with its cells joined by a tab or by "|").
Every file says which tasks (month, year, text, owner) its timeline table must give.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx

from tests.factories.plans import to_cp1258

TAB, PIPE, OPEN_PIPE = "tab", "pipe", "open_pipe"


@dataclass(frozen=True)
class Rows:
    """A table: rows of cells, each cell one or more paragraphs."""

    rows: list[list[list[str] | str]]  # a cell of one line may be given as a string
    style: str = TAB  # how a .txt writes it


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

    @property
    def data(self) -> bytes:
        if self.name.endswith(".docx"):
            return _docx_bytes(self.items)
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


def _docx_bytes(items: list) -> bytes:
    document = docx.Document()
    for item in items:
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


CORPUS = _corpus()
