"""Rule 19 (DOMAIN.md §7): the format lint of NĐ 30/2020 on Word files made by the test, one good (the
platform's renderer) and bad ones (a file typed as schools type them), each finding with its article."""

import datetime
import io
from dataclasses import replace

import docx
import pytest
from docx.shared import Mm

from reporting.official_document import (
    OfficialDocument,
    Paragraph,
    Signer,
    lint_document,
    lint_docx,
    lint_docx_bytes,
    render_docx,
)
from reporting.official_document.lint import NĐ_30_2020, FormatRules, rules_on

GOOD = OfficialDocument(
    parent_body="UBND phường Hà Đông",
    issuing_body="Trường Tiểu học Lê Quý Đôn",
    number="05/KH-THLQĐ",
    place="Hà Đông",
    date=datetime.date(2026, 2, 5),
    doc_type="KẾ HOẠCH",
    title="Công tác thi đua, khen thưởng năm 2026",
    body=[Paragraph("Nhà trường xây dựng kế hoạch như sau.")],
    recipients=["Phòng VH-XH phường;", "Lưu: VT."],
    signer=Signer(prefix="KT.", authority_title="HIỆU TRƯỞNG", title="PHÓ HIỆU TRƯỞNG", name="Trần Văn Bình"),
)


def codes(findings):
    return sorted(f.code for f in findings)


def typed_by_hand(
    *,
    title="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    motto="Độc lập - Tự do - Hạnh phúc",
    number="Số: 12/KH-THLQĐ",
    date_line="Hà Đông, ngày 09 tháng 01 năm 2024",
    signer="KT. HIỆU TRƯỞNG",
    font="Times New Roman",
    margins=(20, 20, 30, 15),
    landscape=False,
):
    """A plan as a school types it in Word: one paragraph a line, no masthead table."""
    document = docx.Document()
    document.styles["Normal"].font.name = font
    section = document.sections[0]
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
        Mm(m) for m in margins
    )
    for line in ("TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN", title, motto, number, date_line, "KẾ HOẠCH"):
        document.add_paragraph(line)
    document.add_paragraph("Công tác thi đua, khen thưởng năm 2024")
    document.add_paragraph(
        "Ngày 3 tháng 1 năm 2024 nhà trường họp (một ngày trong thân bài, không phải dòng ngày tháng)."
    )
    document.add_paragraph(signer)
    document.add_paragraph("PHÓ HIỆU TRƯỞNG")
    output = io.BytesIO()
    document.save(output)
    return docx.Document(io.BytesIO(output.getvalue()))


def test_the_platforms_renderer_passes_the_lint():
    assert lint_document(GOOD) == []
    assert lint_docx_bytes(render_docx(GOOD)) == []
    # A blank number and date for the clerk to fill in pass too.
    assert lint_docx_bytes(render_docx(replace(GOOD, number="/KH-THLQĐ", date=None))) == []


def test_a_well_typed_file_passes():
    assert lint_docx(typed_by_hand()) == []


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"title": "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"}, "national_title", "Quốc hiệu phải ghi đúng"),
        ({"title": "Trường học"}, "national_title", "Thiếu Quốc hiệu"),
        ({"motto": "Độc lập – Tự do – Hạnh phúc"}, "motto", "Tiêu ngữ phải ghi đúng"),
        ({"date_line": "Hà Đông, ngày 9 tháng 01 năm 2024"}, "date_padding", "“ngày 9” phải là “ngày 09”"),
        ({"date_line": "Hà Đông, ngày 19 tháng 2 năm 2024"}, "date_padding", "“tháng 2” phải là “tháng 02”"),
        ({"number": "Số: 12/KHo-THLQĐ"}, "number", "sai mẫu"),
        ({"number": "Số: 12/QĐ-THLQĐ"}, "number", "phải là “KH”"),
        ({"signer": "T/M. BAN GIÁM HIỆU"}, "signer", "“T/M.”"),
        ({"signer": "KT HIỆU TRƯỞNG"}, "signer", "“KT”"),
        ({"font": "Arial"}, "font", "Arial"),
        ({"margins": (20, 20, 25, 15)}, "margins", "Lề trái cần từ 30 đến 35 mm; văn bản để 25,0 mm"),
        ({"margins": (30, 20, 30, 15)}, "margins", "Lề trên"),
        ({"landscape": True}, "page", "A4"),
    ],
)
def test_each_breach_is_one_finding_in_vietnamese_with_the_article(change, code, words):
    findings = lint_docx(typed_by_hand(**change))
    assert codes(findings) == [code], [f.text for f in findings]
    assert words in findings[0].message
    assert (
        findings[0].text.endswith("(Nghị định 30/2020/NĐ-CP, Phụ lục I).")
        or "Phụ lục III" in findings[0].text
    )


def test_the_model_lint_flags_a_number_of_the_wrong_type_and_a_bad_prefix():
    bad = replace(GOOD, number="05/QĐ-THLQĐ", signer=replace(GOOD.signer, prefix="K.T."))
    assert codes(lint_document(bad)) == ["number", "signer"]


def test_the_thresholds_are_versioned_data():
    assert rules_on(datetime.date(2026, 1, 1)) is NĐ_30_2020
    assert NĐ_30_2020.margins_mm["left"] == (30, 35) and "TTr" in NĐ_30_2020.type_abbreviations
    wider = FormatRules(**{**NĐ_30_2020.__dict__, "margins_mm": {**NĐ_30_2020.margins_mm, "left": (20, 35)}})
    assert lint_docx(typed_by_hand(margins=(20, 20, 25, 15)), wider) == []
