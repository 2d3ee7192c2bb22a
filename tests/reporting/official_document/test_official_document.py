"""The official-format renderer, on the Lê Quý Đôn 2024 plan (shared/seeds/000_d69e0c83e5920246.txt)."""

import datetime
import io
import unicodedata
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from pypdf import PdfReader

from reporting.official_document import (
    MOTTO,
    NATIONAL_TITLE,
    Appendix,
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    format_number_line,
    format_place_date,
    lint_official_document,
    render_docx,
    render_html,
    render_pdf,
    signer_title_lines,
)

TIMELINE = Table(
    header=["Thời gian", "Nội dung công việc"],
    rows=[
        [
            "Tháng 01/2024",
            "- Xây dựng Kế hoạch công tác Thi đua, Khen thưởng của trường Tiểu học Lê Quý Đôn năm 2024 và triển "
            "khai thực hiện đến các thành viên nhà trường\n"
            "- Triển khai văn bản xét tặng Kỷ niệm chương “Vì sự nghiệp giáo dục” năm 2024.",
        ],
        [
            "Tháng 02/2024",
            "- Liên đội tiếp tục thực hiện đợt thi đua thứ 4 trong năm học 2023-2024.\n"
            "- Chấm SKKN của các cá nhân đăng ký đề tài SKKN năm học 2023 – 2024.",
        ],
        ["Tháng 3/2024", "- Liên đội sơ kết đợt thi đua thứ 4, phát động đợt thi đua thứ 5."],
    ],
    widths_cm=[3.5, 13.0],
)

PLAN = OfficialDocument(
    parent_body="UBND quận Hà Đông",
    issuing_body="Trường Tiểu học Lê Quý Đôn",
    number="12/KH-THLQĐ",
    place="Hà Đông",
    date=datetime.date(2024, 1, 9),
    doc_type="Kế hoạch",
    title="Công tác Thi đua, Khen thưởng năm 2024",
    preamble=[
        Paragraph(
            "Thực hiện Kế hoạch số 01/KH-UBND ngày 03/01/2024 của UBND quận Hà Đông về Kế hoạch công tác Thi đua, "
            "Khen thưởng năm 2024; Kế hoạch số 01/KH-PGDĐT ngày 08/01/2024 của Phòng Giáo dục và Đào tạo Hà Đông "
            "về Kế hoạch công tác Thi đua, Khen thưởng ngành Giáo dục và Đào tạo quận Hà Đông năm 2024,"
        ),
        Paragraph(
            "Thực hiện nhiệm vụ năm học 2023-2024, trường Tiểu học Lê Quý Đôn xây dựng Kế hoạch công tác thi đua, "
            "khen thưởng năm 2024 cụ thể như sau:"
        ),
    ],
    body=[
        Heading("MỤC ĐÍCH, YÊU CẦU", level=1, marker="I."),
        Heading("Mục đích", level=2, marker="1."),
        Bullet(
            "Thực hiện tốt các quy định của pháp luật về thi đua, khen thưởng. Nâng cao chất lượng công tác khen "
            "thưởng, đảm bảo chính xác, công bằng, kịp thời, có tác dụng động viên, tôn vinh kịp thời."
        ),
        Heading("Yêu cầu", level=2, marker="2."),
        Bullet("Thiết thực, hiệu quả; tự nguyện, tự giác, không áp đặt."),
        Heading("NỘI DUNG THỰC HIỆN", level=1, marker="II."),
        Heading(
            "Nâng cao chất lượng, hiệu quả trong công tác khen thưởng; đẩy mạnh tuyên truyền, phát hiện, bồi "
            "dưỡng và nhân rộng các điển hình tiên tiến, các mô hình nhân tố mới.",
            level=2,
            marker="2.",
        ),
        Heading("Nâng cao chất lượng hiệu quả công tác khen thưởng", level=3, marker="2.1."),
        Bullet(
            "Nâng cao tỉ lệ khen thưởng giáo viên trực tiếp giảng dạy. Chủ động đề nghị Quận, Thành phố khen "
            "thưởng cho cán bộ, giáo viên, người lao động có phát minh, sáng chế, sáng kiến mang lại hiệu quả cao."
        ),
        Heading("TỔ CHỨC THỰC HIỆN", level=1, marker="III."),
        Paragraph(
            "Hội đồng Thi đua, Khen thưởng căn cứ các quy định về thi đua tổ chức xét thi đua, đề nghị Hiệu trưởng "
            "khen thưởng; trình cấp trên khen thưởng theo hướng dẫn."
        ),
    ],
    closing=[
        Paragraph(
            "Trên đây là Kế hoạch công tác thi đua, khen thưởng của trường Tiểu học Lê Quý Đôn năm 2024. Yêu cầu "
            "trưởng các bộ phận tổ chức triển khai thực hiện nghiêm túc./."
        ),
    ],
    recipients=[
        "Phòng GDĐT (để b/c);",
        "Hiệu trưởng, các Phó hiệu trưởng;",
        "Các tổ chức, đoàn thể;",
        "Hội đồng thi đua, khen thưởng;",
        "Lưu: VT, hồ sơ thi đua.",
    ],
    signer=Signer(prefix=None, authority_title=None, title="Hiệu trưởng", name="Teo Thị Thanh Mai"),
    appendix=Appendix(
        title="PHỤ LỤC\nTiến độ thực hiện một số nhiệm vụ công tác Thi đua, Khen thưởng năm 2024",
        subtitle="(Kèm theo Kế hoạch số 12/KH-THLQĐ ngày 09/01/2024 của trường Tiểu học Lê Quý Đôn)",
        table=TIMELINE,
    ),
)
DATE_LINE = "Hà Đông, ngày 09 tháng 01 năm 2024"


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_text_by_page(data: bytes) -> list[str]:
    return [normalised(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def block_text(block) -> str:
    if isinstance(block, Heading):
        return f"{block.marker} {block.text}"
    if isinstance(block, Bullet):
        return f"{block.symbol} {block.text}"
    return block.text


# DOCX


@pytest.fixture(scope="module")
def docx_file():
    return Document(io.BytesIO(render_docx(PLAN)))


def all_paragraphs(container):
    """Every paragraph of the body, including those inside table cells, in reading order."""
    for item in container.iter_inner_content():
        if isinstance(item, DocxParagraph):
            yield item
        else:
            for row in item.rows:
                for cell in row.cells:
                    yield from all_paragraphs(cell)


def paragraph_with_text(docx_file, text):
    return next(paragraph for paragraph in all_paragraphs(docx_file) if paragraph.text == text)


def test_page_is_a4_portrait_with_the_decree_margins(docx_file):
    section = docx_file.sections[0]
    measured = {
        "width": section.page_width.mm,
        "height": section.page_height.mm,
        "top": section.top_margin.mm,
        "bottom": section.bottom_margin.mm,
        "left": section.left_margin.mm,
        "right": section.right_margin.mm,
    }
    expected = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}
    assert measured == pytest.approx(expected, abs=0.1)


def test_every_run_is_times_new_roman_for_every_script(docx_file):
    section = docx_file.sections[0]
    parts = [docx_file.element.body, section.header._element, section.first_page_header._element]
    runs = [run for part in parts for run in part.iter(qn("w:r"))]
    assert len(runs) > 30
    for run in runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        names = {slot: fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
        assert set(names.values()) == {"Times New Roman"}, names


def test_masthead_holds_agency_national_title_number_and_date(docx_file):
    masthead = docx_file.tables[0]
    agency, nation = masthead.rows[0].cells
    number, place_date = masthead.rows[1].cells
    parent, issuing = agency.paragraphs[:2]
    assert parent.text == "UBND QUẬN HÀ ĐÔNG"
    assert not any(run.bold for run in parent.runs)
    assert issuing.text == "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN"
    assert all(run.bold for run in issuing.runs)
    assert [paragraph.text for paragraph in nation.paragraphs[:2]] == [NATIONAL_TITLE, MOTTO]
    assert all(run.bold for paragraph in nation.paragraphs[:2] for run in paragraph.runs)
    assert number.text == "Số: 12/KH-THLQĐ"
    assert place_date.text == DATE_LINE
    assert all(run.italic for run in place_date.paragraphs[0].runs)


def test_doc_type_title_and_every_block_are_printed_in_order(docx_file):
    texts = [paragraph.text for paragraph in all_paragraphs(docx_file)]
    expected = ["KẾ HOẠCH", PLAN.title] + [block_text(b) for b in [*PLAN.preamble, *PLAN.body, *PLAN.closing]]
    positions = [texts.index(text) for text in expected]
    assert positions == sorted(positions)
    assert all(run.bold for run in paragraph_with_text(docx_file, "KẾ HOẠCH").runs)


def test_preamble_is_italic_and_headings_bold(docx_file):
    preamble = paragraph_with_text(docx_file, PLAN.preamble[0].text)
    assert all(run.italic for run in preamble.runs)
    heading = paragraph_with_text(docx_file, "I. MỤC ĐÍCH, YÊU CẦU")
    assert all(run.bold for run in heading.runs)


def test_recipients_and_signer(docx_file):
    signature = next(table for table in docx_file.tables if table.cell(0, 0).text.startswith("Nơi nhận:"))
    recipients, signer = signature.rows[0].cells
    assert [paragraph.text for paragraph in recipients.paragraphs] == [
        "Nơi nhận:",
        *(f"- {recipient}" for recipient in PLAN.recipients),
    ]
    heading_run = recipients.paragraphs[0].runs[0]
    assert heading_run.bold and heading_run.italic
    assert signer.paragraphs[0].text == "HIỆU TRƯỞNG"
    name = signer.paragraphs[-1]
    assert name.text == "Teo Thị Thanh Mai"
    assert all(run.bold for run in name.runs)


def test_appendix_starts_a_new_page_with_every_timeline_row(docx_file):
    title = paragraph_with_text(docx_file, PLAN.appendix.title)
    assert title.paragraph_format.page_break_before
    timeline = docx_file.tables[-1]
    assert [[cell.text for cell in row.cells] for row in timeline.rows] == [TIMELINE.header, *TIMELINE.rows]


def test_page_numbers_are_centred_in_the_header_but_not_on_the_first_page(docx_file):
    section = docx_file.sections[0]
    assert section.different_first_page_header_footer
    instructions = [text.text for text in section.header._element.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    assert section.header.paragraphs[0].alignment == 1  # centre
    assert section.first_page_header._element.find(f".//{qn('w:instrText')}") is None


def test_an_unnumbered_decision_signed_by_a_deputy():
    decision = OfficialDocument(
        parent_body=None,
        issuing_body="Trường Tiểu học Lê Quý Đôn",
        number=None,
        place="Hà Đông",
        date=None,
        doc_type="Quyết định",
        title="Về việc công nhận danh hiệu Lao động tiên tiến\nnăm học 2023-2024",
        body=[Table(header=["TT", "Họ và tên"], rows=[["1", "Nguyễn Thị Hoa"]])],
        signer=Signer(
            prefix="KT.", authority_title="Hiệu trưởng", title="Phó hiệu trưởng", name="Trần Văn Bình"
        ),
    )
    document = Document(io.BytesIO(render_docx(decision)))
    masthead = document.tables[0]
    assert masthead.cell(0, 0).paragraphs[0].text == "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN"
    assert masthead.cell(1, 0).text == "Số:      /QĐ-"
    assert masthead.cell(1, 1).text == "Hà Đông, ngày      tháng      năm      "
    grid = document.tables[1]
    assert [[cell.text for cell in row.cells] for row in grid.rows] == [
        ["TT", "Họ và tên"],
        ["1", "Nguyễn Thị Hoa"],
    ]
    assert [column.width.cm for column in grid.columns] == pytest.approx([8.25, 8.25], abs=0.01)
    signer = document.tables[2].cell(0, 1)
    assert [paragraph.text for paragraph in signer.paragraphs[:2]] == ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]
    pdf_text = " ".join(pdf_text_by_page(render_pdf(decision)))
    assert "KT. HIỆU TRƯỞNG PHÓ HIỆU TRƯỞNG" in pdf_text
    assert "Nguyễn Thị Hoa" in pdf_text


# PDF and HTML


def test_pdf_holds_the_whole_document():
    data = render_pdf(PLAN)
    assert data.startswith(b"%PDF")
    pages = pdf_text_by_page(data)
    text = " ".join(pages)
    for expected in (
        NATIONAL_TITLE,
        MOTTO,
        "Số: 12/KH-THLQĐ",
        DATE_LINE,
        "I. MỤC ĐÍCH, YÊU CẦU",
        "2.1. Nâng cao chất lượng hiệu quả công tác khen thưởng",
        "- Liên đội sơ kết đợt thi đua thứ 4, phát động đợt thi đua thứ 5.",
        "Teo Thị Thanh Mai",
    ):
        assert normalised(expected) in text
    signed_on = next(index for index, page in enumerate(pages) if "Teo Thị Thanh Mai" in page)
    assert "Tháng 01/2024" not in " ".join(pages[: signed_on + 1])


def test_html_escapes_the_data_and_keeps_page_rules_apart():
    hostile = replace(PLAN, body=[Paragraph("<script>alert('x')</script>")])
    html = render_html(hostile)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'class="official-document"' in html
    assert "@page" in html


# Format rules


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2024, 1, 9), "Hà Đông, ngày 09 tháng 01 năm 2024"),
        (datetime.date(2025, 3, 15), "Hà Đông, ngày 15 tháng 3 năm 2025"),
        (datetime.date(2026, 2, 5), "Hà Đông, ngày 05 tháng 02 năm 2026"),
        (datetime.date(2024, 12, 10), "Hà Đông, ngày 10 tháng 12 năm 2024"),
    ],
)
def test_place_date_pads_days_below_10_and_months_1_and_2(date, expected):
    assert format_place_date("Hà Đông", date) == expected


def test_blank_number_and_date_leave_room_for_the_clerk():
    assert format_number_line("/KH-THLQĐ", "KẾ HOẠCH") == "Số:      /KH-THLQĐ"
    assert format_number_line(None, "Kế hoạch") == "Số:      /KH-"
    assert format_place_date("Hà Đông", None) == "Hà Đông, ngày      tháng      năm      "


def test_signer_signing_for_the_head():
    deputy = Signer(prefix="KT.", authority_title="Hiệu trưởng", title="Phó hiệu trưởng", name="Nguyễn Văn A")
    assert signer_title_lines(deputy) == ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]
    acting = Signer(prefix="Q.", authority_title=None, title="Hiệu trưởng", name="Nguyễn Văn A")
    assert signer_title_lines(acting) == ["Q. HIỆU TRƯỞNG"]


def test_lint_accepts_the_real_plan():
    assert lint_official_document(PLAN) == []


@pytest.mark.parametrize(
    ("change", "flagged"),
    [
        ({"number": "12-KH"}, "12-KH"),
        ({"number": "12/KH-thlqđ"}, "12/KH-thlqđ"),
        ({"number": "12/QĐ-THLQĐ"}, "phải là “KH”"),
        ({"date": None}, "ngày ban hành"),
        ({"signer": Signer("K.T.", "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "Nguyễn Văn A")}, "K.T."),
        ({"signer": Signer("KT.", None, "PHÓ HIỆU TRƯỞNG", "Nguyễn Văn A")}, "KT."),
    ],
)
def test_lint_flags_data_against_the_decree(change, flagged):
    messages = lint_official_document(replace(PLAN, **change))
    assert len(messages) == 1
    assert flagged in messages[0]


def test_heading_levels_stop_at_four():
    with pytest.raises(ValueError, match="1 to 4"):
        Heading("Tiêu đề", level=5, marker="-")
