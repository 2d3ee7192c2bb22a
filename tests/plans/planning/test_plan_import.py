"""The plan importer on the two real seed plans, on Word files, on legacy encodings and on bad input."""

import datetime
import io
import random
import re
import unicodedata
import zipfile

import docx
import pytest

from plans.planning.plan_import import PlanImportError, import_plan, parse_plan, read_plan_source
from tests.factories.plans import (
    CP1258_TONE_MARK_BYTES,
    LE_QUY_DON,
    MARKER_RE,
    YEN_HOA,
    seed_bytes,
    squash,
    to_cp1258,
)


def assert_every_line_kept(plan, raw_text: str) -> None:
    covered = plan.covered_line_numbers()
    haystack = "\n".join(squash(text) for text in plan.all_texts())
    for line_no, line in enumerate(raw_text.split("\n"), start=1):
        if not line.strip():
            continue
        assert line_no in covered, f"line {line_no} is not in the plan: {line!r}"
        # Tab-separated cells, and a month with its first task ("Tháng 10/2024: …"), are stored apart.
        for cell in re.split(r"\t|(?<=^Tháng \d\d/\d{4}):\s|(?<=^Tháng \d/\d{4}):\s", line.strip()):
            content = squash(MARKER_RE.sub("", cell.strip()))
            assert content in haystack, f"text of line {line_no} is lost: {content!r}"


def warning_spots(plan) -> set[tuple[str, int | None]]:
    return {(warning.code, warning.line_no) for warning in plan.warnings}


@pytest.fixture(scope="module")
def le_quy_don():
    return import_plan(LE_QUY_DON.name, seed_bytes(LE_QUY_DON))


@pytest.fixture(scope="module")
def yen_hoa():
    return import_plan(YEN_HOA.name, seed_bytes(YEN_HOA))


# --- Lê Quý Đôn 2024 ---------------------------------------------------------------------------------------


def test_le_quy_don_keeps_every_line(le_quy_don):
    assert_every_line_kept(le_quy_don, seed_bytes(LE_QUY_DON).decode("utf-8"))
    assert le_quy_don.extra_lines == []


def test_le_quy_don_header(le_quy_don):
    header = le_quy_don.header
    assert header.parent_body == "UBND QUẬN HÀ ĐÔNG"
    assert header.issuing_body == "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN"
    assert header.number == "12/KH-THLQĐ"
    assert header.place == "Hà Đông"
    assert header.date == datetime.date(2024, 1, 9)
    assert header.doc_type == "KẾ HOẠCH"
    assert header.title == "Công tác Thi đua, Khen thưởng năm 2024"
    assert header.year == 2024
    assert header.school_years == ["2023-2024", "2024-2025"]
    assert {line.kind for line in header.lines} >= {"national_name", "motto"}


def test_le_quy_don_legal_bases(le_quy_don):
    bases = [(basis.number, basis.date, basis.issuer) for basis in le_quy_don.bases]
    assert bases == [
        ("133/KH-HĐTĐKT", datetime.date(2020, 12, 31), "UBND quận Hà Đông"),
        ("01/KH-UBND", datetime.date(2024, 1, 3), "UBND quận Hà Đông"),
        ("4626/KH-SGDĐT", datetime.date(2023, 12, 19), "Sở Giáo dục và Đào tạo Hà Nội"),
        ("01/KH-PGDĐT", datetime.date(2024, 1, 8), "Phòng Giáo dục và Đào tạo Hà Đông"),
    ]
    first = le_quy_don.bases[0]
    assert first.doc_type == "Kế hoạch"
    assert first.subject == "Kế hoạch công tác Thi đua, Khen thưởng quận Hà Đông giai đoạn 2021-2025"
    assert {basis.source_line for basis in le_quy_don.bases} == {16}
    assert [paragraph.source_line for paragraph in le_quy_don.intro] == [18]


def test_le_quy_don_sections(le_quy_don):
    top = le_quy_don.sections
    assert [(section.marker, section.heading) for section in top] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU"),
        ("II.", "NỘI DUNG THỰC HIỆN"),
        ("III.", "HOẠT ĐỘNG CHUYÊN MÔN GẮN VỚI PHONG TRÀO THI ĐUA"),
        ("III.", "TỔ CHỨC THỰC HIỆN"),
    ]
    content = top[1]
    assert [child.marker for child in content.children] == ["1.", "2.", "3.", "4."]
    assert [child.marker for child in content.children[1].children] == ["2.1.", "2.2."]
    assert content.children[1].children[0].level == 3
    purpose = top[0].children[0]
    assert purpose.heading == "Mục đích"
    assert len(purpose.paragraphs) == 6
    assert {paragraph.kind for paragraph in purpose.paragraphs} == {"bullet"}
    lone_d = top[2].children[2].children[0]
    assert (lone_d.marker, lone_d.kind, lone_d.source_line) == ("d)", "letter", 125)
    assert le_quy_don.summary() == {
        "sections": 22,
        "timeline_months": 12,
        "timeline_tasks": 34,
        "bases": 4,
        "warnings": 10,
    }


def test_le_quy_don_timeline_follows_the_signature(le_quy_don):
    tasks_per_month = {month.month: len(month.tasks) for month in le_quy_don.timeline}
    assert tasks_per_month == {1: 5, 2: 3, 3: 3, 4: 7, 5: 5, 6: 1, 7: 1, 8: 1, 9: 3, 10: 3, 11: 1, 12: 1}
    assert {month.year for month in le_quy_don.timeline} == {2024}
    january = le_quy_don.timeline[0]
    assert (january.label, january.source_line) == ("Tháng 01/2024", 170)
    assert january.tasks[0].text.startswith("Xây dựng Kế hoạch công tác Thi đua")
    assert january.tasks[0].marker == "-"
    september = le_quy_don.timeline[8]
    assert [task.source_line for task in september.tasks] == [223, 225, 227]
    assert [paragraph.kind for paragraph in le_quy_don.timeline_heading] == ["title", "caption", "caption"]
    # The table's title row is its columns, not a paragraph of the heading (it was printed twice).
    assert [(p.text, p.kind) for p in le_quy_don.timeline_columns] == [
        ("Tháng/năm", "month"),
        ("Nội dung công việc", "content"),
    ]


def test_le_quy_don_ending(le_quy_don):
    assert [paragraph.source_line for paragraph in le_quy_don.closing] == [147, 148]
    assert le_quy_don.recipient_texts() == [
        "Phòng GD ĐT (để b/c)",
        "Hiệu trưởng, các Phó hiệu trưởng;",
        "Các tổ chức, đoàn thể;",
        "Hội đồng thi đua, khen thưởng;",
        "Lưu: VT, hồ sơ thi đua.",
    ]
    signer = le_quy_don.signer
    assert (signer.prefix, signer.title, signer.name) == (None, "HIỆU TRƯỞNG", "Teo Thị Thanh Mai")
    assert signer.note == "(đã ký và đóng dấu)"


def test_le_quy_don_warnings(le_quy_don):
    assert warning_spots(le_quy_don) == {
        ("motto_format", 8),
        ("unbalanced_quotes", 49),
        ("unbalanced_quotes", 51),
        ("unbalanced_quotes", 55),
        ("empty_section", 102),
        ("lone_letter_item", 125),
        ("duplicate_number", 137),
        ("unbalanced_quotes", 174),
        ("bullet_spacing", 176),
        ("unbalanced_quotes", 180),
    }
    by_code = {warning.code: warning for warning in le_quy_don.warnings}
    assert "III." in by_code["duplicate_number"].message
    assert "dòng 101" in by_code["duplicate_number"].message
    assert "IV." in by_code["duplicate_number"].suggestion
    assert "d)" in by_code["lone_letter_item"].message
    assert "4." in by_code["lone_letter_item"].suggestion


# --- Yên Hoà 2025 --------------------------------------------------------------------------------------------


def test_yen_hoa_keeps_every_line(yen_hoa):
    assert_every_line_kept(yen_hoa, seed_bytes(YEN_HOA).decode("utf-8"))
    assert yen_hoa.extra_lines == []


def test_yen_hoa_header_has_no_number_or_date(yen_hoa):
    header = yen_hoa.header
    assert header.number is None
    assert header.date is None
    assert header.issuing_body is None
    assert header.title == "Công tác Thi đua - Khen thưởng của trường mầm non Yên Hoà năm 2025"
    assert header.year == 2025
    assert header.school_years == ["2024-2025"]
    messages = {warning.code: warning.message for warning in yen_hoa.warnings}
    assert messages["missing_number"] == "Kế hoạch chưa có số"
    assert "ngày tháng năm" in messages["missing_date"]


def test_yen_hoa_legal_bases(yen_hoa):
    bases = [(basis.source_line, basis.number, basis.date) for basis in yen_hoa.bases]
    assert bases == [
        (7, "4552/KH-SGDĐT", datetime.date(2024, 12, 20)),
        (9, "133/KH-HĐTĐKT", datetime.date(2020, 12, 31)),
        (9, "396/KH-UBND", datetime.date(2024, 12, 26)),
        (9, "397/KH-UBND", datetime.date(2024, 12, 26)),
        (11, "01/KH-HĐTĐKT", datetime.date(2025, 1, 8)),
    ]
    without_of = yen_hoa.bases[4]
    assert without_of.issuer == "phòng giáo dục đào tạo quận Hà Đông"
    assert without_of.subject.startswith("Kế hoạch công tác thi đua, khen thưởng ngành giáo dục")
    assert yen_hoa.bases[1].issuer == "Ủy ban nhân dân (UBND) quận Hà Đông"
    assert [paragraph.source_line for paragraph in yen_hoa.intro] == [13]


def test_yen_hoa_sections_ending_and_no_timeline(yen_hoa):
    assert [section.marker for section in yen_hoa.sections] == ["I.", "II.", "III."]
    assert [child.marker for child in yen_hoa.sections[1].children] == ["1.", "4.", "5."]
    stray = yen_hoa.sections[0].children[0].paragraphs[-1]
    assert (stray.text, stray.source_line) == ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN HÀ ĐÔNG", 23)
    assert yen_hoa.timeline == []
    assert yen_hoa.recipient_texts() == ["Phòng GD (để b/c)", "Cb, gv, nv (để t/h);", "Lưu: VT."]
    assert (yen_hoa.signer.title, yen_hoa.signer.name) == ("HIỆU TRƯỞNG", "Dương Thị Hiền")
    assert [paragraph.source_line for paragraph in yen_hoa.closing] == [83]


def test_yen_hoa_warnings(yen_hoa):
    assert warning_spots(yen_hoa) == {
        ("missing_issuing_body", None),
        ("missing_number", None),
        ("missing_date", None),
        ("missing_national_heading", None),
        ("basis_missing_of", 11),
        ("stray_header_line", 23),
        ("unbalanced_quotes", 43),
        ("numbering_gap", 51),
        ("broken_paragraph", 59),
        ("possible_heading", 73),
    }
    by_code = {warning.code: warning for warning in yen_hoa.warnings}
    assert "Thiếu mục 2., 3." in by_code["numbering_gap"].message
    assert by_code["stray_header_line"].message == "Có thể là dòng tiêu đề trang bị lẫn vào nội dung"


# --- Encodings and normalisation -----------------------------------------------------------------------------


def test_cp1258_seed_parses_like_utf8(le_quy_don):
    text = seed_bytes(LE_QUY_DON).decode("utf-8")
    legacy = to_cp1258(text)
    assert set(legacy) >= CP1258_TONE_MARK_BYTES
    source = read_plan_source("ke-hoach.txt", legacy)
    assert source.encoding == "cp1258"
    assert parse_plan(source) == le_quy_don


def test_utf16_and_bom_seed_parse_like_utf8(yen_hoa):
    text = seed_bytes(YEN_HOA).decode("utf-8")
    assert import_plan("a.txt", text.encode("utf-16")) == yen_hoa
    assert import_plan("a.TXT", b"\xef\xbb\xbf" + text.encode("utf-8")) == yen_hoa


def test_decomposed_characters_are_normalised():
    decomposed = unicodedata.normalize(
        "NFD", "KẾ HOẠCH\nCông tác thi đua năm 2024\nI. MỤC ĐÍCH\r\n- Thực hiện tốt"
    )
    source = read_plan_source("a.txt", decomposed.encode("utf-8"))
    assert source.lines == ["KẾ HOẠCH", "Công tác thi đua năm 2024", "I. MỤC ĐÍCH", "- Thực hiện tốt"]
    plan = parse_plan(source)
    assert plan.header.doc_type == "KẾ HOẠCH"
    assert plan.sections[0].heading == "MỤC ĐÍCH"


def test_trailing_whitespace_is_stripped_and_line_numbers_kept():
    source = read_plan_source("a.txt", "KẾ HOẠCH  \r\n\r\n\tI. MỤC ĐÍCH\t \n".encode())
    assert source.lines == ["KẾ HOẠCH", "", "\tI. MỤC ĐÍCH", ""]
    assert parse_plan(source).sections[0].source_line == 3


# --- Word files ----------------------------------------------------------------------------------------------


def build_docx() -> bytes:
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "UBND QUẬN HÀ ĐÔNG"
    header.cell(0, 0).add_paragraph("TRƯỜNG TIỂU HỌC THỬ NGHIỆM")
    header.cell(0, 0).add_paragraph("Số: 05/KH-THTN")
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    header.cell(0, 1).add_paragraph("Hà Đông, ngày 10 tháng 01 năm 2024")
    for text in (
        "KẾ HOẠCH",
        "Công tác thi đua, khen thưởng năm 2024",
        "Căn cứ Kế hoạch số 01/KH-UBND ngày 03/01/2024 của UBND quận Hà Đông về công tác thi đua năm 2024;",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "- Phát động phong trào thi đua.",
        "II. NỘI DUNG",
    ):
        document.add_paragraph(text)
    # Word's automatic numbering: "1." and "2." are not in the paragraph text.
    document.add_paragraph("Phong trào “Dạy tốt - Học tốt”", style="List Number")
    document.add_paragraph("Thực hiện tốt các cuộc vận động.")
    document.add_paragraph("Phong trào “Đổi mới, sáng tạo”", style="List Number")
    document.add_paragraph("- Tổ chức thao giảng, hội giảng.")
    document.add_paragraph("Trên đây là Kế hoạch công tác thi đua, khen thưởng năm 2024./.")
    ending = document.add_table(rows=1, cols=2)
    ending.cell(0, 0).text = "Nơi nhận:"
    ending.cell(0, 0).add_paragraph("- Phòng GDĐT (để b/c);")
    ending.cell(0, 0).add_paragraph("- Lưu: VT.")
    ending.cell(0, 1).text = "KT. HIỆU TRƯỞNG"
    ending.cell(0, 1).add_paragraph("PHÓ HIỆU TRƯỞNG")
    ending.cell(0, 1).add_paragraph("Nguyễn Văn An")
    document.add_paragraph("PHỤ LỤC")
    appendix = document.add_table(rows=4, cols=2)
    appendix.cell(0, 0).text = "Tháng/năm"
    appendix.cell(0, 1).text = "Nội dung công việc"
    appendix.cell(1, 0).text = "Tháng 01/2024"
    appendix.cell(1, 1).text = "Xây dựng kế hoạch thi đua"
    appendix.cell(1, 1).add_paragraph("Sơ kết học kỳ I")
    appendix.cell(2, 0).text = "Tháng 02/2024"
    appendix.cell(2, 1).text = "Chấm sáng kiến kinh nghiệm"
    appendix.cell(3, 0).text = "Tháng 9/2024"
    appendix.cell(3, 1).text = "Phát động thi đua năm học 2024-2025"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_with_tables_and_automatic_numbering():
    data = build_docx()
    source = read_plan_source("ke-hoach.docx", data)
    assert source.encoding == "docx"
    assert "Tháng 01/2024" in source.lines
    assert source.is_table_line(source.lines.index("Tháng 01/2024") + 1)
    plan = parse_plan(source)
    header = plan.header
    assert (header.parent_body, header.issuing_body) == ("UBND QUẬN HÀ ĐÔNG", "TRƯỜNG TIỂU HỌC THỬ NGHIỆM")
    assert (header.number, header.date, header.place) == ("05/KH-THTN", datetime.date(2024, 1, 10), "Hà Đông")
    assert [(basis.number, basis.issuer) for basis in plan.bases] == [("01/KH-UBND", "UBND quận Hà Đông")]
    content = plan.sections[1]
    assert [(child.marker, child.heading) for child in content.children] == [
        ("1.", "Phong trào “Dạy tốt - Học tốt”"),
        ("2.", "Phong trào “Đổi mới, sáng tạo”"),
    ]
    assert [(month.month, month.year, [task.text for task in month.tasks]) for month in plan.timeline] == [
        (1, 2024, ["Xây dựng kế hoạch thi đua", "Sơ kết học kỳ I"]),
        (2, 2024, ["Chấm sáng kiến kinh nghiệm"]),
        (9, 2024, ["Phát động thi đua năm học 2024-2025"]),
    ]
    signer = plan.signer
    assert (signer.prefix, signer.authority, signer.title, signer.name) == (
        "KT.",
        "HIỆU TRƯỞNG",
        "PHÓ HIỆU TRƯỞNG",
        "Nguyễn Văn An",
    )
    assert plan.recipient_texts() == ["Phòng GDĐT (để b/c);", "Lưu: VT."]
    assert plan.unconsumed_lines(source) == []
    # python-docx's blank document is Letter-sized, in the theme's font, with 1.25-inch side margins:
    # only the format lint (rule 19) has something to say.
    assert [warning.code for warning in plan.warnings] == ["format_font", "format_page", "format_margins"]


# --- Bad input -----------------------------------------------------------------------------------------------


def damaged_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(build_docx())) as original, zipfile.ZipFile(buffer, "w") as damaged:
        for item in original.infolist():
            content = original.read(item)
            damaged.writestr(
                item, b"<w:document><unclosed>" if item.filename == "word/document.xml" else content
            )
    return buffer.getvalue()


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "Xin chào")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("ke-hoach.pdf", b"%PDF-1.7", "Chỉ nhận tệp .txt hoặc .docx"),
        ("ke-hoach.doc", b"\xd0\xcf\x11\xe0", "Chỉ nhận tệp .txt hoặc .docx"),
        ("ke-hoach", b"KE HOACH", "Chỉ nhận tệp .txt hoặc .docx"),
        ("ke-hoach.txt", b"", "Tệp rỗng"),
        ("ke-hoach.docx", b"", "Tệp rỗng"),
        ("ke-hoach.txt", b" \n\t\r\n ", "không có nội dung"),
        ("ke-hoach.txt", random.Random(1258).randbytes(4096), "Không đọc được"),
        ("ke-hoach.txt", b"KE\x00HOACH", "không phải là tệp văn bản"),
        ("ke-hoach.txt", "Xin chào".encode(), "Không nhận ra kế hoạch"),
        ("ke-hoach.txt", "Xin chào".encode("cp1258"), "Không nhận ra kế hoạch"),
        ("ke-hoach.docx", b"this is not a zip file", "bị hỏng"),
        ("ke-hoach.docx", zip_without_document(), "bị hỏng"),
        ("ke-hoach.docx", damaged_docx(), "bị hỏng"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(filename, data, message):
    with pytest.raises(PlanImportError) as raised:
        import_plan(filename, data)
    assert message in raised.value.message


def test_text_in_an_unknown_legacy_encoding_is_refused():
    # A Russian KOI8-R file: its bytes read as Latin-1 letters that make no Vietnamese in Windows-1258,
    # TCVN3 or VNI (those two are converted: tests/plans/planning/test_plan_import_legacy_encodings.py).
    koi8 = "КЕ ХОАЧ: план работы школы на 2024 год, раздел I. Цели и задачи".encode("koi8-r")
    with pytest.raises(PlanImportError) as raised:
        import_plan("ke-hoach.txt", koi8)
    assert "bảng mã" in raised.value.message


# --- Robustness ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_shuffled_seed_lines_never_crash_nor_lose_a_line(seed):
    lines = seed_bytes(LE_QUY_DON).decode("utf-8").split("\n") + seed_bytes(YEN_HOA).decode("utf-8").split(
        "\n"
    )
    random.Random(seed).shuffle(lines)
    text = "\n".join(lines)
    try:
        plan = import_plan("a.txt", text.encode())
    except PlanImportError:
        return
    assert_every_line_kept(plan, text)


def test_odd_lines_are_kept_with_warnings():
    text = "\n".join(
        [
            "Số:    /KH-THABC",
            "Hà Nội, ngày 5 tháng 1 năm 2024",
            "KẾ HOẠCH",
            "Công tác thi đua năm 2024",
            "I. MỤC ĐÍCH",
            "I.",
            "b) Mục b đứng một mình",
            "-----",
            "2",
            "Tháng 13/2024",
            "Tháng 02/2024",
            "Tháng 01/2024",
            "Nơi nhận:",
            "Như trên;",
            "KT. HIỆU TRƯỞNG",
            "PHÓ HIỆU TRƯỞNG",
            "(Đã ký)",
            "Trần Thị Bình",
            "Một dòng lạc sau chữ ký",
        ]
    )
    plan = import_plan("a.txt", text.encode())
    assert_every_line_kept(plan, text)
    codes = {warning.code for warning in plan.warnings}
    assert {
        "blank_number",
        "date_format",
        "lone_letter_item",
        "decorative_line",
        "page_number",
        "timeline_invalid_month",
        "timeline_order",
        "timeline_empty_month",
        "after_signature",
        "missing_issuing_body",
    } <= codes
    assert plan.header.date == datetime.date(2024, 1, 5)
    assert plan.signer.note == "(Đã ký)"
    assert [paragraph.text for paragraph in plan.extra_lines] == ["-----", "Một dòng lạc sau chữ ký"]


def test_header_cells_on_one_line_laws_and_a_council_signature():
    text = "\n".join(
        [
            "UBND QUẬN HÀ ĐÔNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TRƯỜNG MẦM NON A\tĐộc lập - Tự do - Hạnh phúc",
            "Số: 03/KH-MNA\tHà Đông, ngày 05 tháng 9 năm 2024",
            "KẾ HOẠCH",
            "Thi đua năm học 2024-2025",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022; Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của "
            "Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
            "Căn cứ tình hình thực tế của nhà trường,",
            "I. MỤC ĐÍCH",
            "Phát động phong trào thi đua.",
            "II. TIẾN ĐỘ THỰC HIỆN",
            "Tháng 9/2024\t- Phát động thi đua",
            "Tháng 10/2024: Đăng ký danh hiệu thi đua",
            "Trên đây là kế hoạch thi đua năm học 2024-2025./.",
            "TM. HỘI ĐỒNG THI ĐUA",
            "CHỦ TỊCH",
            "NGUYỄN VĂN AN",
            "Nơi nhận:",
            "- Như trên;",
            "- Lưu: VT.",
        ]
    )
    plan = import_plan("a.txt", text.encode())
    assert_every_line_kept(plan, text)
    header = plan.header
    assert (header.parent_body, header.issuing_body, header.number) == (
        "UBND QUẬN HÀ ĐÔNG",
        "TRƯỜNG MẦM NON A",
        "03/KH-MNA",
    )
    assert (header.date, header.year, header.school_years) == (datetime.date(2024, 9, 5), 2024, ["2024-2025"])
    law, decree = plan.bases
    assert (law.doc_type, law.number, law.date, law.subject) == (
        "Luật",
        None,
        datetime.date(2022, 6, 15),
        "Thi đua, khen thưởng",
    )
    assert (decree.doc_type, decree.number, decree.issuer) == ("Nghị định", "98/2023/NĐ-CP", "Chính phủ")
    assert decree.subject.startswith("quy định chi tiết thi hành")
    assert [paragraph.text for paragraph in plan.intro] == ["Căn cứ tình hình thực tế của nhà trường,"]
    assert [(month.label, [task.text for task in month.tasks]) for month in plan.timeline] == [
        ("Tháng 9/2024", ["Phát động thi đua"]),
        ("Tháng 10/2024", ["Đăng ký danh hiệu thi đua"]),
    ]
    signer = plan.signer
    assert (signer.prefix, signer.authority, signer.title, signer.name) == (
        "TM.",
        "HỘI ĐỒNG THI ĐUA",
        "CHỦ TỊCH",
        "NGUYỄN VĂN AN",
    )
    assert plan.recipient_texts() == ["Như trên;", "Lưu: VT."]
    # The section that holds the timeline is not "empty"; the only untidy spot is nothing here.
    assert plan.warnings == []
