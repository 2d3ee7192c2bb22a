"""Rule 19 on imported plans: the format lint's findings (NĐ 30/2020) become warnings of the import,
shown on the import review and beside the header in the editor, without repeating what the importer's
own header warnings already say."""

import io

import docx
from django_tenants.utils import schema_context
from docx.shared import Mm

from plans.planning import services as plan_services
from plans.planning.plan_import import import_plan
from tests.factories.plans import LE_QUY_DON, seed_bytes


def school_docx(
    *, national="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", signer="KT. HIỆU TRƯỞNG", official=True
) -> bytes:
    document = docx.Document()
    if official:
        document.styles["Normal"].font.name = "Times New Roman"
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "UBND PHƯỜNG HÀ ĐÔNG"
    header.cell(0, 0).add_paragraph("TRƯỜNG TIỂU HỌC THỬ NGHIỆM")
    header.cell(0, 0).add_paragraph("Số: 05/KH-THTN")
    header.cell(0, 1).text = national
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    header.cell(0, 1).add_paragraph("Hà Đông, ngày 10 tháng 01 năm 2026")
    for text in (
        "KẾ HOẠCH",
        "Công tác thi đua, khen thưởng năm 2026",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "- Phát động phong trào thi đua.",
        "II. NỘI DUNG",
        "- Tổ chức thao giảng, hội giảng.",
        "Trên đây là Kế hoạch công tác thi đua, khen thưởng năm 2026./.",
    ):
        document.add_paragraph(text)
    ending = document.add_table(rows=1, cols=2)
    ending.cell(0, 0).text = "Nơi nhận:"
    ending.cell(0, 0).add_paragraph("- Lưu: VT.")
    ending.cell(0, 1).text = signer
    ending.cell(0, 1).add_paragraph("PHÓ HIỆU TRƯỞNG")
    ending.cell(0, 1).add_paragraph("Nguyễn Văn An")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def format_codes(plan) -> set[str]:
    return {w.code for w in plan.warnings if w.code.startswith("format_")}


def test_a_plan_in_the_official_format_gets_no_format_warning():
    assert format_codes(import_plan("ke-hoach.docx", school_docx())) == set()


def test_the_lint_names_what_the_importer_did_not():
    plan = import_plan(
        "ke-hoach.docx",
        school_docx(national="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", signer="T/M. BAN GIÁM HIỆU"),
    )
    assert format_codes(plan) == {"format_national_title", "format_signer"}
    by_code = {w.code: w for w in plan.warnings}
    title = by_code["format_national_title"]
    assert title.message == (
        "Quốc hiệu phải ghi đúng “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”, văn bản ghi “CỘNG HOÀ XÃ HỘI CHỦ NGHĨA "
        "VIỆT NAM” (Nghị định 30/2020/NĐ-CP, Phụ lục I)"
    )
    assert title.line_no is not None and "Bản DOCX/PDF do hệ thống xuất ra" in title.suggestion
    assert "“T/M.”" in by_code["format_signer"].message


def test_a_word_file_out_of_format_is_told_its_font_paper_and_margins():
    plan = import_plan("ke-hoach.docx", school_docx(official=False))
    assert format_codes(plan) == {"format_font", "format_page", "format_margins"}
    margins = next(w for w in plan.warnings if w.code == "format_margins")
    assert margins.line_no is None and "Lề phải cần từ 15 đến 20 mm; văn bản để 31,8 mm" in margins.message


def test_a_finding_the_importer_already_reports_is_not_said_twice():
    plan = import_plan(LE_QUY_DON.name, seed_bytes(LE_QUY_DON))
    codes = [w.code for w in plan.warnings]
    assert "motto_format" in codes and "format_motto" not in codes  # the seed's en dashes, said once


def test_the_editor_shows_the_format_warnings_of_an_imported_plan(world, client_for):
    data = school_docx(signer="T/M. BAN GIÁM HIỆU", official=False)
    with schema_context(world.school_a.schema_name):
        plan = plan_services.create_plan_from_import(
            import_plan("ke-hoach.docx", data),
            school=world.school_a,
            filename="ke-hoach.docx",
            encoding="docx",
            user=world.principal_a,
        )
    stored = {w["code"]: w for w in plan.import_record["warnings"]}
    assert {"format_signer", "format_font", "format_margins"} <= set(stored)
    assert stored["format_margins"]["place"] == "header"
    page = client_for(world.principal_a, world.school_a).get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Quyền hạn ký “T/M.”" in page and "Phông chữ phải là Times New Roman" in page


def test_the_import_review_lists_the_format_warnings(world, client_for, upload_now):
    client = client_for(world.principal_a, world.school_a)
    response = upload_now(client, "/ke-hoach/nhap/", "ke-hoach.docx", school_docx(official=False))
    review_page = client.get(response.url).url
    review = client.get(review_page).content.decode()
    assert "Lề phải cần từ 15 đến 20 mm" in review and "Nghị định 30/2020/NĐ-CP, Phụ lục I" in review
