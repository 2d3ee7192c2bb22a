"""The year-end report's renderers from plain data: the official document passes the format lint, an
older or partial snapshot still prints, and the office's workbook keeps a school's text as text."""

import io

from openpyxl import load_workbook

from reporting.official_document import lint_official_document, render_docx
from reporting.year_report_consolidation import COLUMNS, SchoolReport, year_reports_xlsx
from reporting.year_report_document import complete_figures, year_report_document

SNAPSHOT = {
    "school_year": "2024-2025",
    "school_name": "Trường Tiểu học Lê Quý Đôn",
    "parent_body": "UBND phường Hà Đông",
    "issuing_body": "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN",
    "place": "Hà Đông",
    "number": "07/BC-THLQĐ",
    "issued_on": "2025-12-10",
    "signer": {"title": "HIỆU TRƯỞNG", "name": "Nguyễn Thị Hạnh"},
    "figures": {"staff": {"counted_on": "2025-08-31", "total": 42, "female": 38, "teaching": 35}},
    "texts": {"strengths": "- Ưu điểm một", "weaknesses": "Tồn tại.", "directions": "Phương hướng."},
}


def test_the_report_passes_the_official_format_lint_and_prints_from_a_partial_snapshot():
    document = year_report_document(SNAPSHOT)
    assert lint_official_document(document) == []
    assert document.number == "07/BC-THLQĐ" and document.doc_type == "BÁO CÁO"
    assert document.title == "Tổng kết công tác thi đua, khen thưởng năm học 2024-2025"
    assert document.appendix is None  # no award: no annex
    assert render_docx(document)[:2] == b"PK"
    # Parts the snapshot lacks read as zero or empty, never as an error.
    figures = complete_figures(SNAPSHOT["figures"])
    assert figures["staff"]["teaching_female"] == 0 and figures["awards"]["by_title"] == []
    assert year_report_document({"figures": "broken", "issued_on": "not a date"}).date is None


def test_the_workbook_keeps_a_schools_formula_like_text_as_text():
    content = year_reports_xlsx(
        office_name="Phòng GDĐT Thử nghiệm",
        school_year="2024-2025",
        schools=[
            SchoolReport('=HYPERLINK("http://x")', "Đã gửi", number="+1", dated="2025-12-10", figures={}),
            SchoolReport("Trường chưa gửi", "Chưa gửi"),
        ],
    )
    sheet = load_workbook(io.BytesIO(content))["Tổng hợp các trường"]
    first = [cell for cell in next(sheet.iter_rows(min_row=5, max_row=5))]
    assert first[1].value == '=HYPERLINK("http://x")' and first[1].data_type == "s"
    assert first[3].value == "+1, 10/12/2025"
    assert [c.value for c in first[4 : 4 + len(COLUMNS)]] == [0] * len(COLUMNS)
    second = [cell.value for cell in next(sheet.iter_rows(min_row=6, max_row=6))]
    assert second[2] == "Chưa gửi" and second[4:] == [None] * len(COLUMNS)
