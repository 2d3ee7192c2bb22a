import datetime
import io

import docx
import openpyxl

from reporting.dossier_documents import (
    LIST_HEADER,
    AchievementReport,
    CoverLetter,
    Nominee,
    achievement_report_document,
    cover_letter_document,
    nominee_rows,
)
from reporting.official_document import render_docx
from reporting.spreadsheets import official_list_xlsx

NOMINEES = [
    Nominee(
        "Lê Minh Anh",
        "Giáo viên",
        "Tổ khối 3",
        "Chiến sĩ thi đua cơ sở",
        "Hoàn thành xuất sắc nhiệm vụ; sáng kiến cấp cơ sở",
    ),
    Nominee("Phạm Thu Trang", "Giáo viên", "Tổ khối 1", "Lao động tiên tiến", "Hoàn thành tốt nhiệm vụ"),
]


def all_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_the_cover_letter_carries_the_request_and_the_list_of_nominees():
    letter = CoverLetter(
        parent_body="UBND PHƯỜNG HÀ ĐÔNG",
        issuing_body="TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN",
        number="05/TTr-THLQĐ",
        place="Hà Đông",
        date=datetime.date(2026, 5, 20),
        subject="Về việc đề nghị công nhận danh hiệu thi đua năm học 2025-2026",
        recipient="Chủ tịch UBND phường Hà Đông",
        bases=["Căn cứ Biên bản họp Hội đồng Thi đua – Khen thưởng ngày 15/5/2026;"],
        request=["Trường Tiểu học Lê Quý Đôn đề nghị công nhận danh hiệu thi đua cho 02 cá nhân."],
        nominees=NOMINEES,
        signer_title="HIỆU TRƯỞNG",
        signer_name="Teo Thị Thanh Mai",
    )
    text = all_text(render_docx(cover_letter_document(letter)))
    for expected in (
        "TỜ TRÌNH",
        "Số: 05/TTr-THLQĐ",
        "Kính gửi: Chủ tịch UBND phường Hà Đông",
        "Lê Minh Anh",
        "Chiến sĩ thi đua cơ sở",
        "Teo Thị Thanh Mai",
        "DANH SÁCH ĐỀ NGHỊ",
    ):
        assert expected in text, expected


def test_the_achievement_report_has_the_three_parts_and_the_award_history():
    report = AchievementReport(
        issuing_body="TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN",
        parent_body="UBND PHƯỜNG HÀ ĐÔNG",
        place="Hà Đông",
        date=datetime.date(2026, 5, 18),
        title_label="Chiến sĩ thi đua cơ sở",
        school_year="2025-2026",
        full_name="Lê Minh Anh",
        profile=["Họ và tên: Lê Minh Anh", "Chức vụ: Giáo viên"],
        achievements=["Chủ nhiệm lớp 3A1, 100% học sinh hoàn thành chương trình."],
        awards=[["2025", "Chiến sĩ thi đua cơ sở", "Số 102/QĐ-UBND ngày 20/7/2025", "UBND phường Hà Đông"]],
    )
    text = all_text(render_docx(achievement_report_document(report)))
    for expected in (
        "SƠ LƯỢC LÝ LỊCH",
        "THÀNH TÍCH ĐẠT ĐƯỢC",
        "Chủ nhiệm lớp 3A1",
        "Số 102/QĐ-UBND ngày 20/7/2025",
        "NGƯỜI BÁO CÁO",
    ):
        assert expected in text, expected


def test_the_excel_list_has_the_office_layout():
    content = official_list_xlsx(
        heading=["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "Năm học 2025-2026"],
        header=LIST_HEADER,
        rows=nominee_rows(NOMINEES),
        widths=[6, 26, 16, 18, 24, 40],
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    assert [c.value for c in sheet[4]] == LIST_HEADER
    assert [c.value for c in sheet[5]][:5] == [
        "1",
        "Lê Minh Anh",
        "Giáo viên",
        "Tổ khối 3",
        "Chiến sĩ thi đua cơ sở",
    ]
    assert sheet["A4"].font.bold
    # Body cells: Times New Roman 12, bordered, wrapped; the number centred, the rest on the left.
    for cell in (sheet["A5"], sheet["B5"], sheet["F5"]):
        assert (cell.font.name, cell.font.size, cell.font.bold) == ("Times New Roman", 12, False)
        assert cell.border.left.style == cell.border.bottom.style == "thin"
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    assert (sheet["A5"].alignment.horizontal, sheet["B5"].alignment.horizontal) == ("center", "left")
