"""The office's consolidation of its schools' year-end reports for a school year, as one workbook:
a row per school (its figures, or that it has not sent a report), the totals, and the awards by title
across the schools. From plain data (the submitted snapshots' figures), queries nothing."""

from collections.abc import Callable
from dataclasses import dataclass

from reporting.spreadsheets import SheetTable, tables_xlsx
from reporting.year_report_document import complete_figures, vn_date


@dataclass(frozen=True)
class SchoolReport:
    """One school of the office: its latest report's state and figures, or none (not sent)."""

    school: str
    state: str  # "Đã gửi", "Đã duyệt", "Trả lại", "Chưa gửi"
    number: str = ""
    dated: str = ""  # the report's date, ISO
    figures: dict | None = None


def _by_title(figures: dict, part: str, codes: tuple[str, ...]) -> int:
    return sum(row.get("count", 0) for row in figures[part]["by_title"] if row.get("title") in codes)


def _by_key(rows: list, key: str, codes: tuple[str, ...]) -> int:
    return sum(row.get("count", 0) for row in rows if row.get(key) in codes)


BANG_KHEN = ("bk_tinh", "bk_bo", "bk_ttg")
# (column title, figure): every column of the consolidation is a figure of the school's snapshot.
COLUMNS: list[tuple[str, Callable[[dict], int]]] = [
    ("Tổng số CB, GV, NV", lambda f: f["staff"]["total"]),
    ("Trong đó nữ", lambda f: f["staff"]["female"]),
    ("GV trực tiếp giảng dạy", lambda f: f["staff"]["teaching"]),
    ("Số phong trào thi đua", lambda f: len(f["movements"])),
    ("Cá nhân đăng ký thi đua", lambda f: f["registrations"]["registered"]),
    ("Đăng ký CSTĐCS", lambda f: _by_title(f, "registrations", ("cstdcs",))),
    ("Đăng ký LĐTT", lambda f: _by_title(f, "registrations", ("ldtt",))),
    ("Hoàn thành xuất sắc nhiệm vụ", lambda f: _by_key(f["ratings"], "rating", ("htxs",))),
    ("Hoàn thành tốt nhiệm vụ", lambda f: _by_key(f["ratings"], "rating", ("htt",))),
    ("Được Hội đồng bình xét đề nghị", lambda f: f["review"]["passed"]),
    ("Sáng kiến được công nhận", lambda f: f["initiatives"]["recognised"]),
    ("SK phạm vi cấp cơ sở", lambda f: _by_key(f["initiatives"]["by_scope"], "scope", ("co_so",))),
    (
        "SK phạm vi cấp huyện/phường trở lên",
        lambda f: _by_key(f["initiatives"]["by_scope"], "scope", ("huyen", "tinh", "toan_quoc")),
    ),
    ("Số đề nghị khen thưởng", lambda f: f["nominations"]["total"]),
    ("Đề nghị đủ điều kiện", lambda f: f["nominations"]["met"]),
    ("Tổng số được khen thưởng", lambda f: f["awards"]["total"]),
    ("Lao động tiên tiến", lambda f: _by_title(f, "awards", ("ldtt",))),
    ("Chiến sĩ thi đua cơ sở", lambda f: _by_title(f, "awards", ("cstdcs",))),
    ("Giấy khen", lambda f: _by_title(f, "awards", ("giay_khen",))),
    ("Bằng khen", lambda f: _by_title(f, "awards", BANG_KHEN)),
    ("Tập thể được khen", lambda f: f["awards"]["collective"]),
    ("GV trực tiếp giảng dạy được khen", lambda f: f["awards"]["teaching"]),
    ("Chỉ tiêu kế hoạch đã đạt", lambda f: sum(1 for row in f["targets"] if row.get("met"))),
    ("Gương điển hình tiên tiến", lambda f: f["examples"]["total"]),
]
LEAD_HEADER = ["STT", "Trường", "Tình trạng báo cáo", "Số, ngày báo cáo"]


def figure_row(figures: dict) -> list[int]:
    figures = complete_figures(figures)
    return [value(figures) for _, value in COLUMNS]


def _school_rows(schools: list[SchoolReport]):
    for index, school in enumerate(schools, start=1):
        reference = ", ".join(p for p in (school.number, vn_date(school.dated)) if p)
        lead = [index, school.school, school.state, reference]
        yield lead + (figure_row(school.figures) if school.figures is not None else [""] * len(COLUMNS))


def _totals(schools: list[SchoolReport]) -> list[list]:
    sent = [s for s in schools if s.figures is not None]
    sums = [0] * len(COLUMNS)
    for school in sent:
        sums = [a + b for a, b in zip(sums, figure_row(school.figures), strict=True)]
    rows: list[list] = [
        [1, "Số trường của cơ quan", len(schools)],
        [2, "Số trường đã gửi báo cáo", len(sent)],
        [3, "Số trường chưa gửi báo cáo", len(schools) - len(sent)],
    ]
    rows += [
        [index, title, total] for index, ((title, _), total) in enumerate(zip(COLUMNS, sums, strict=True), 4)
    ]
    return rows


def _awards_by_title(schools: list[SchoolReport]) -> list[list]:
    totals: dict[str, list] = {}
    for school in schools:
        if school.figures is None:
            continue
        for row in complete_figures(school.figures)["awards"]["by_title"]:
            entry = totals.setdefault(row.get("label") or row.get("title", ""), [0, 0, 0])
            entry[0] += row.get("count", 0)
            entry[1] += row.get("teaching", 0)
            entry[2] += 1
    return [
        [index, label, count, teaching, schools_count]
        for index, (label, (count, teaching, schools_count)) in enumerate(totals.items(), start=1)
    ]


def year_reports_xlsx(*, office_name: str, school_year: str, schools: list[SchoolReport]) -> bytes:
    heading = [
        office_name.upper(),
        f"TỔNG HỢP BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM HỌC {school_year}",
    ]
    return tables_xlsx(
        [
            SheetTable(
                "Tổng hợp các trường",
                heading,
                LEAD_HEADER + [title for title, _ in COLUMNS],
                _school_rows(schools),
                [6, 34, 16, 18] + [12] * len(COLUMNS),
            ),
            SheetTable(
                "Tổng cộng",
                [*heading, "(Cộng số liệu các trường đã gửi báo cáo)"],
                ["STT", "Chỉ tiêu", "Tổng"],
                _totals(schools),
                [6, 48, 14],
            ),
            SheetTable(
                "Khen thưởng theo danh hiệu",
                heading,
                ["STT", "Danh hiệu, hình thức", "Số lượng", "Trong đó GV trực tiếp giảng dạy", "Số trường"],
                _awards_by_title(schools),
                [6, 48, 12, 18, 12],
            ),
        ]
    )
