"""Plans typed in the legacy Vietnamese encodings (TCVN3 in .VnTime/.VnTimeH fonts, VNI in VNI-Times):
Word files mixing them with Unicode run by run, and .txt files, are imported in Unicode with a note."""

import datetime
import io
import unicodedata

import docx
import pytest
from django_tenants.utils import schema_context
from docx.enum.style import WD_STYLE_TYPE

from plans.planning.models import Plan, PlanSection, PlanTask
from plans.planning.plan_import import import_plan, read_plan_source
from tests.factories.legacy_vietnamese import TCVN3, to_tcvn3, to_viqr, to_vni
from tests.factories.plans import LE_QUY_DON, YEN_HOA, seed_bytes

TCVN3_NOTE = (
    "Tệp dùng bảng mã TCVN3 (phông .VnTime, .VnTimeH): đã chuyển sang Unicode, hãy soát lại chính tả."
)
LATIN_1_VIETNAMESE = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
VNI_NOTE = "Tệp dùng bảng mã VNI-Windows (phông VNI-Times): đã chuyển sang Unicode, hãy soát lại chính tả."


def vntime(text: str) -> tuple[str, str]:
    return to_tcvn3(text), ".VnTime"


def vntime_h(text: str) -> tuple[str, str]:
    """A capitals line typed for ".VnTimeH": the ABC keyboard gives lower-case codes, the font draws capitals."""
    return to_tcvn3(text.lower()), ".VnTimeH"


def vni(text: str) -> tuple[str, str]:
    return to_vni(text), "VNI-Times"


def unicode(text: str, font: str = "Times New Roman") -> tuple[str, str]:
    return text, font


def add_runs(paragraph, *runs: tuple[str, str | None]) -> None:
    for text, font in runs:
        run = paragraph.add_run(text)
        if font:
            run.font.name = font


def paragraph(container, *runs, style=None):
    added = container.add_paragraph(style=style)
    add_runs(added, *runs)
    return added


def cell(table, row, column, *lines) -> None:
    """A table cell with one paragraph per line, each line one or more (text, font) runs."""
    target = table.cell(row, column)
    add_runs(target.paragraphs[0], *lines[0])
    for line in lines[1:]:
        paragraph(target, *line)


def legacy_plan_docx() -> bytes:
    document = docx.Document()
    # A heading style whose font is .VnTimeH: its paragraphs name no font of their own.
    heading = document.styles.add_style("Muc La Ma", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.name = ".VnTimeH"
    header = document.add_table(rows=1, cols=2)
    cell(
        header,
        0,
        0,
        [vntime_h("UBND QUẬN HÀ ĐÔNG")],
        [vntime_h("TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN")],
        [vntime("Số: 05/KH-THLQĐ")],
    )
    cell(
        header,
        0,
        1,
        [vni("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")],
        [vni("Độc lập - Tự do - Hạnh phúc")],
        [vntime("Hà Đông, ngày 10 tháng 01 năm 2024")],
    )
    paragraph(document, vni("KẾ HOẠCH"))
    paragraph(document, unicode("Công tác thi đua, khen thưởng năm 2024"))
    paragraph(
        document,
        unicode("Căn cứ "),
        vntime("Kế hoạch số 01/KH-UBND ngày 03/01/2024 của UBND quận Hà Đông về công tác thi đua năm 2024;"),
    )
    paragraph(document, (to_tcvn3("i. mục đích, yêu cầu"), None), style="Muc La Ma")
    paragraph(document, vni("1. Mục đích"))
    # The formatting changed in the middle of "Phát": the mark byte is in the next run.
    paragraph(document, ("- Pha", "VNI-Times"), ("ùt " + to_vni("động phong trào thi đua."), "VNI-Times"))
    paragraph(document, unicode("II. NỘI DUNG"))
    paragraph(document, vntime("1. Phong trào “Dạy tốt - Học tốt”"))
    # Converted to Unicode years ago, its old font name kept: it stays as it is.
    paragraph(document, unicode("Thực hiện tốt các cuộc vận động.", ".VnTime"))
    paragraph(document, vntime("Trên đây là Kế hoạch công tác thi đua, khen thưởng năm 2024./."))
    ending = document.add_table(rows=1, cols=2)
    cell(ending, 0, 0, [vntime("Nơi nhận:")], [vntime("- Phòng GDĐT (để b/c);")], [unicode("- Lưu: VT.")])
    cell(ending, 0, 1, [vntime_h("HIỆU TRƯỞNG")], [vni("Nguyễn Văn An")])
    paragraph(document, vntime_h("PHỤ LỤC"))
    appendix = document.add_table(rows=3, cols=2)
    cell(appendix, 0, 0, [vntime("Tháng/năm")])
    cell(appendix, 0, 1, [vntime("Nội dung công việc")])
    cell(appendix, 1, 0, [vntime("Tháng 01/2024")])
    cell(appendix, 1, 1, [vni("Xây dựng kế hoạch thi đua")], [unicode("Sơ kết học kỳ I")])
    cell(appendix, 2, 0, [unicode("Tháng 02/2024")])
    cell(appendix, 2, 1, [vntime("Chấm sáng kiến kinh nghiệm")])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_file_mixing_legacy_and_unicode_runs_is_imported_in_unicode():
    source = read_plan_source("ke-hoach.docx", legacy_plan_docx())
    assert source.encoding == "docx"
    plan = import_plan("ke-hoach.docx", legacy_plan_docx())
    header = plan.header
    assert (header.parent_body, header.issuing_body) == ("UBND QUẬN HÀ ĐÔNG", "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN")
    assert (header.number, header.place, header.date) == (
        "05/KH-THLQĐ",
        "Hà Đông",
        datetime.date(2024, 1, 10),
    )
    assert (header.doc_type, header.title) == ("KẾ HOẠCH", "Công tác thi đua, khen thưởng năm 2024")
    assert [line.text for line in header.lines if line.kind == "national_name"] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ]
    assert [(basis.number, basis.issuer) for basis in plan.bases] == [("01/KH-UBND", "UBND quận Hà Đông")]
    assert [(section.marker, section.heading) for section in plan.iter_sections()] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU"),
        ("1.", "Mục đích"),
        ("II.", "NỘI DUNG"),
        ("1.", "Phong trào “Dạy tốt - Học tốt”"),
    ]
    first, second = plan.sections
    assert [p.text for p in first.children[0].paragraphs] == ["Phát động phong trào thi đua."]
    assert [p.text for p in second.children[0].paragraphs] == ["Thực hiện tốt các cuộc vận động."]
    assert [(month.month, [task.text for task in month.tasks]) for month in plan.timeline] == [
        (1, ["Xây dựng kế hoạch thi đua", "Sơ kết học kỳ I"]),
        (2, ["Chấm sáng kiến kinh nghiệm"]),
    ]
    assert (plan.signer.title, plan.signer.name) == ("HIỆU TRƯỞNG", "Nguyễn Văn An")
    assert plan.recipient_texts() == ["Phòng GDĐT (để b/c);", "Lưu: VT."]
    assert plan.closing == [plan.closing[0]] and "Trên đây là Kế hoạch" in plan.closing[0].text
    # Nothing of the legacy bytes is left: of U+00A1–U+00FF only the letters Vietnamese shares with
    # Latin-1, and NFC.
    for text in plan.all_texts():
        assert unicodedata.is_normalized("NFC", text)
        assert all(char in LATIN_1_VIETNAMESE for char in text if "\u00a1" <= char <= "\u00ff"), text
    notes = [(w.code, w.line_no, w.message) for w in plan.warnings if w.code == "legacy_encoding"]
    assert notes == [("legacy_encoding", None, TCVN3_NOTE), ("legacy_encoding", None, VNI_NOTE)]


def test_a_unicode_word_file_gets_no_note_even_in_an_old_font():
    document = docx.Document()
    for text in (
        "KẾ HOẠCH",
        "Công tác thi đua, khen thưởng năm 2024",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Tôi là giáo viên",
    ):
        paragraph(document, unicode(text, ".VnTime"))
    buffer = io.BytesIO()
    document.save(buffer)
    source = read_plan_source("ke-hoach.docx", buffer.getvalue())
    assert source.lines == [
        "KẾ HOẠCH",
        "Công tác thi đua, khen thưởng năm 2024",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Tôi là giáo viên",
    ]
    assert source.legacy_notes == ()


def tcvn3_as_typed(text: str) -> str:
    """A plan as the ABC keyboard typed it: TCVN3 has no toned capitals, so the capitals lines (typed in
    .VnTimeH) keep lower-case codes in a text file, which has no font."""
    lowered = "".join(
        char.lower() if char.isupper() and not char.isascii() and char not in TCVN3 else char for char in text
    )
    return to_tcvn3(lowered)


@pytest.mark.parametrize("seed", [LE_QUY_DON, YEN_HOA])
@pytest.mark.parametrize(
    ("encode", "encoding", "label"),
    [(tcvn3_as_typed, "tcvn3", "TCVN3"), (to_vni, "vni", "VNI-Windows")],
)
def test_a_legacy_text_file_imports_like_the_utf8_one(seed, encode, encoding, label):
    text = seed_bytes(seed).decode("utf-8")
    unicode_plan = import_plan(seed.name, text.encode())
    legacy = encode(text).encode("cp1252")
    source = read_plan_source("ke-hoach.txt", legacy)
    assert source.encoding == encoding
    plan = import_plan("ke-hoach.txt", legacy)
    assert plan.header == unicode_plan.header
    assert plan.signer == unicode_plan.signer
    assert [s.heading for s in plan.iter_sections()] == [s.heading for s in unicode_plan.iter_sections()]
    # A toned capital inside a sentence ("Ủy ban") has no TCVN3 code: typed lower-case, it stays so.
    assert [t.casefold() for t in plan.all_texts()] == [t.casefold() for t in unicode_plan.all_texts()]
    note = f"Tệp dùng bảng mã {label}: đã chuyển sang Unicode, hãy soát lại chính tả."
    assert [w.message for w in plan.warnings if w.code == "legacy_encoding"] == [note]
    assert [w for w in plan.warnings if w.code != "legacy_encoding"] == unicode_plan.warnings


@pytest.mark.parametrize("seed", [LE_QUY_DON, YEN_HOA])
def test_a_viqr_text_file_is_converted(seed):
    text = seed_bytes(seed).decode("utf-8")
    unicode_plan = import_plan(seed.name, text.encode())
    source = read_plan_source("ke-hoach.txt", to_viqr(text).encode())
    assert source.encoding == "viqr"
    plan = import_plan("ke-hoach.txt", to_viqr(text).encode())
    assert (plan.header, plan.signer) == (unicode_plan.header, unicode_plan.signer)
    # A "." or "?" closing a word before a capital is read as a full stop or a question mark, which it
    # mostly is ("đề nghị Hiệu trưởng" is the exception): a few words in a thousand are left to check.
    words, expected = " ".join(plan.all_texts()).split(), " ".join(unicode_plan.all_texts()).split()
    assert len(words) == len(expected)
    assert sum(a == b for a, b in zip(words, expected, strict=True)) >= 0.995 * len(expected)
    assert [w.message for w in plan.warnings if w.code == "legacy_encoding"] == [
        "Tệp dùng bảng mã VIQR: đã chuyển sang Unicode, hãy soát lại chính tả."
    ]


def test_tcvn3_text_pasted_into_a_utf8_file_is_converted_too():
    # Copied out of a .VnTime document into an editor that saved it as UTF-8.
    text = seed_bytes(LE_QUY_DON).decode("utf-8")
    source = read_plan_source("ke-hoach.txt", tcvn3_as_typed(text).encode("utf-8"))
    assert source.encoding == "tcvn3"
    expected = read_plan_source("ke-hoach.txt", text.encode()).lines
    assert [line.casefold() for line in source.lines] == [line.casefold() for line in expected]
    assert source.lines[:12] == expected[:12]  # the heading's capitals lines


@pytest.mark.parametrize("seed", [LE_QUY_DON, YEN_HOA])
def test_unicode_and_windows_1258_seeds_get_no_legacy_note(seed):
    from tests.factories.plans import to_cp1258

    text = seed_bytes(seed).decode("utf-8")
    for data in (text.encode(), to_cp1258(text), text.encode("utf-16")):
        source = read_plan_source("ke-hoach.txt", data)
        assert source.legacy_notes == () and source.encoding in {"utf-8", "cp1258", "utf-16"}


@pytest.fixture
def upload(upload_now):
    return lambda client, name, content: upload_now(client, "/ke-hoach/nhap/", name, content)


def test_the_review_page_tells_the_person_and_the_plan_is_stored_in_unicode(world, client_for, upload):
    client = client_for(world.principal_a, world.school_a)
    response = upload(client, "ke-hoach-cu.docx", legacy_plan_docx())
    review_page = client.get(response.url).url
    review = client.get(review_page).content.decode()
    assert TCVN3_NOTE in review and VNI_NOTE in review
    client.post(review_page, {"confirm": "1"})
    with schema_context(world.school_a.schema_name):
        plan = Plan.objects.get()
        assert plan.issuing_body == "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN" and plan.signer_name == "Nguyễn Văn An"
        headings = list(
            PlanSection.objects.filter(plan=plan).order_by("position").values_list("heading", flat=True)
        )
        assert headings == ["MỤC ĐÍCH, YÊU CẦU", "Mục đích", "NỘI DUNG", "Phong trào “Dạy tốt - Học tốt”"]
        assert list(
            PlanTask.objects.filter(plan=plan).order_by("position").values_list("text", flat=True)
        ) == [
            "Xây dựng kế hoạch thi đua",
            "Sơ kết học kỳ I",
            "Chấm sáng kiến kinh nghiệm",
        ]
        stored_notes = [
            w["message"] for w in plan.import_record["warnings"] if w["code"] == "legacy_encoding"
        ]
        assert stored_notes == [TCVN3_NOTE, VNI_NOTE]
