"""Import fidelity, as a property over a corpus of plan files written by the tests (tests/factories/
plan_corpus.py) and the two seeds: after import into a school and export to DOCX,

1. every non-blank line of the source appears in the exported DOCX text,
2. a timeline written as a table (Word table, tab cells, "|" text) becomes tasks with their owners, and the
   exported appendix puts each owner in the owner column beside its tasks, and
3. a Word file is read as Word shows it (tracked changes accepted, fields by their result, text boxes and
   content controls once, automatic numbers as displayed, footnotes): the importer's lines are exactly the
   lines the corpus says Word shows, and what Word does not show (deleted text, field codes, comments,
   hidden text, placeholders, a table of contents, page header and footer) is neither imported nor printed.

How a source line is compared (`source_cells`, `normalised`):
- the source is read independently of the importer: a .txt decoded with the encoding it was written in, a
  .docx paragraph by paragraph and table cell by table cell (each paragraph of a cell is a line); a .docx
  with Word constructs python-docx does not read (`Xml` items: inserted text, fields, text boxes, automatic
  numbers) by the lines its corpus entry says Word shows;
- a line is cut into cells at tabs, at "|" when it is a "|" row, and after "Tháng N/YYYY:" when a month
  leads a line; each cell is compared on its own, since the export lays cells out as a table;
- text is normalised: Unicode NFC, every run of whitespace made one space, the dashes – — ‐ − made "-",
  a leading list symbol (- + • *) dropped (the export prints its own), and a month "Tháng 6/2024" written
  "Tháng 06/2024", as the official format prints it;
- a cell passes when its normalised text is contained in one normalised line of the export, a line being a
  paragraph's text split at its line breaks (body, masthead, signature and appendix table cells alike).
"""

import dataclasses
import datetime
import io
import random
import re
import unicodedata
import zipfile

import docx
import pytest
from django_tenants.utils import schema_context

from plans.planning import services as plan_services
from plans.planning.export import export_plan
from plans.planning.plan_import import import_plan, read_plan_source
from plans.planning.plan_import.model import PlanImportError
from tests.factories.legacy_vietnamese import to_tcvn3
from tests.factories.plan_corpus import (
    CORPUS,
    NAMESPACES,
    ORGANISE,
    PURPOSE,
    CorpusFile,
    Xml,
    alt_chunks,
    docx_of,
    field_code,
    page_headers,
    para,
    run,
)
from tests.factories.plans import LE_QUY_DON, YEN_HOA, seed_bytes

SEEDS = [CorpusFile(path.name, [], encoding="utf-8") for path in (LE_QUY_DON, YEN_HOA)]
SEED_BYTES = {LE_QUY_DON.name: seed_bytes(LE_QUY_DON), YEN_HOA.name: seed_bytes(YEN_HOA)}
DASHES_RE = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212]")
LIST_SYMBOL_RE = re.compile(r"^[-+•*]\s*")
MONTH_RE = re.compile(r"Tháng\s+0?(\d{1,2})\s*/\s*(\d{4})")
LEADING_MONTH_RE = re.compile(r"^(Tháng\s+\d{1,2}\s*/\s*\d{4})\s*:\s*(.+)$")
PIPE_ROW_RE = re.compile(r"^\|.*\|$|\S\s+\|\s+\S")
W_P = docx.oxml.ns.qn("w:p")


def file_bytes(corpus_file: CorpusFile) -> bytes:
    return SEED_BYTES.get(corpus_file.name) or corpus_file.data


def normalised(text: str) -> str:
    text = " ".join(DASHES_RE.sub("-", unicodedata.normalize("NFC", text)).split())
    text = LIST_SYMBOL_RE.sub("", text)
    return MONTH_RE.sub(lambda m: f"Tháng {int(m[1]):02d}/{m[2]}", text)


def source_lines(corpus_file: CorpusFile, data: bytes) -> list[str]:
    if any(isinstance(item, Xml) for item in corpus_file.items):
        return corpus_file.shown_lines
    if corpus_file.name.endswith(".docx"):
        document = docx.Document(io.BytesIO(data))
        return [docx.text.paragraph.Paragraph(p, document).text for p in document.element.body.iter(W_P)]
    return data.decode(corpus_file.encoding).replace("\r\n", "\n").split("\n")


def source_cells(line: str) -> list[str]:
    line = line.strip()
    pieces = line.split("|") if PIPE_ROW_RE.search(line) else line.split("\t")
    cells = []
    for piece in pieces:
        leading_month = LEADING_MONTH_RE.match(piece.strip())
        cells.extend(leading_month.groups() if leading_month else [piece])
    return [normalised(cell) for cell in cells if normalised(cell)]


def docx_lines(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    lines = []
    for p in document.element.body.iter(W_P):
        lines.extend(normalised(part) for part in docx.text.paragraph.Paragraph(p, document).text.split("\n"))
    return [line for line in lines if line]


def import_and_export(world, corpus_file: CorpusFile):
    data = file_bytes(corpus_file)
    parsed = import_plan(corpus_file.name, data)
    plan = plan_services.create_plan_from_import(
        parsed, school=world.school_a, filename=corpus_file.name, encoding="?", user=world.principal_a
    )
    content, _, _ = export_plan(plan, "docx")
    return parsed, plan, content


ALL_FILES = CORPUS + SEEDS


def test_the_corpus_has_the_shapes_the_property_is_about():
    names = [f.name for f in CORPUS]
    assert len(CORPUS) >= 12 and len(set(names)) == len(names)
    assert {name.rsplit(".", 1)[1] for name in names} == {"txt", "docx"}
    assert {f.encoding for f in CORPUS} >= {"utf-8", "cp1258", "utf-16", "utf-8-sig"}
    assert sum(1 for f in CORPUS if f.tasks) >= 8


@pytest.mark.parametrize("corpus_file", ALL_FILES, ids=[f.name for f in ALL_FILES])
def test_every_source_line_is_in_the_exported_docx(world, corpus_file):
    with schema_context(world.school_a.schema_name):
        _, _, content = import_and_export(world, corpus_file)
    exported = docx_lines(content)
    missing = [
        (number, cell)
        for number, line in enumerate(source_lines(corpus_file, file_bytes(corpus_file)), start=1)
        for cell in source_cells(line)
        if not any(cell in text for text in exported)
    ]
    assert missing == []


TABLE_FILES = [f for f in CORPUS if f.tasks]


@pytest.mark.parametrize("corpus_file", TABLE_FILES, ids=[f.name for f in TABLE_FILES])
def test_a_timeline_table_becomes_tasks_with_their_owners(world, corpus_file):
    with schema_context(world.school_a.schema_name):
        _, plan, content = import_and_export(world, corpus_file)
        stored = [(t.month, t.year, t.text, t.owner_text or None) for t in plan.tasks.order_by("position")]
    assert stored == corpus_file.tasks
    appendix = docx.Document(io.BytesIO(content)).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in appendix.rows]
    with_owner = any(owner for *_, owner in corpus_file.tasks)
    assert len(rows[0]) == (3 if with_owner else 2)
    for month, year, text, owner in corpus_file.tasks:
        row = next(row for row in rows[1:] if f"- {text}" in row[1].split("\n"))
        assert row[0] == f"Tháng {month:02d}/{year}"
        if with_owner:
            # The owner stands in its own column, never inside the content cell.
            assert row[2] == owner
            assert owner.split("\n")[0] not in row[1]


def test_recipients_are_printed_with_one_dash(world):
    with schema_context(world.school_a.schema_name):
        _, _, content = import_and_export(world, SEEDS[0])
    document = docx.Document(io.BytesIO(content))
    texts = [docx.text.paragraph.Paragraph(p, document).text for p in document.element.body.iter(W_P)]
    assert "- Phòng GD ĐT (để b/c)" in texts
    assert [text for text in texts if text.startswith("- -")] == []


def test_the_appendix_column_titles_are_printed_once_as_the_table_header(world):
    with schema_context(world.school_a.schema_name):
        _, _, content = import_and_export(world, SEEDS[0])
    document = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    assert not [text for text in paragraphs if "Tháng/năm" in text or "Nội dung công việc" in text]
    assert [cell.text for cell in document.tables[-1].rows[0].cells] == ["Tháng/năm", "Nội dung công việc"]


def test_a_pipe_table_appendix_gets_its_tasks_and_is_printed(world):
    pipe_file = next(f for f in CORPUS if f.name.startswith("03_"))
    with schema_context(world.school_a.schema_name):
        parsed, plan, content = import_and_export(world, pipe_file)
        assert plan.tasks.count() == 5
    assert parsed.summary()["timeline_tasks"] == 5
    document = docx.Document(io.BytesIO(content))
    assert "PHỤ LỤC" in [p.text for p in document.paragraphs]
    assert len(document.tables[-1].rows) == 1 + 5


@pytest.mark.parametrize("corpus_file", [f for f in CORPUS if f.outline], ids=lambda f: f.name)
def test_heading_levels_are_recognised_without_false_duplicate_numbers(corpus_file):
    parsed = import_plan(corpus_file.name, corpus_file.data)
    assert [(s.marker, s.level - 1) for s in parsed.iter_sections()] == corpus_file.outline
    assert not [
        w for w in parsed.warnings if w.code in {"duplicate_number", "numbering_order", "numbering_gap"}
    ]


WORD_FILES = [f for f in CORPUS if f.name.endswith(".docx")]


def imported_lines(data: bytes, name: str) -> list[str]:
    return [normalised(line) for line in read_plan_source(name, data).lines if line.strip()]


@pytest.mark.parametrize("corpus_file", WORD_FILES, ids=[f.name for f in WORD_FILES])
def test_a_word_file_is_read_line_by_line_as_word_shows_it(corpus_file):
    # Nothing lost, nothing read twice (a text box's two encodings, a table of contents), order kept.
    assert imported_lines(corpus_file.data, corpus_file.name) == [
        normalised(line) for line in corpus_file.shown_lines
    ]


HIDING_FILES = [f for f in CORPUS if f.hidden_texts]


@pytest.mark.parametrize("corpus_file", HIDING_FILES, ids=[f.name for f in HIDING_FILES])
def test_what_word_does_not_show_is_neither_imported_nor_printed(world, corpus_file):
    with schema_context(world.school_a.schema_name):
        parsed, _, content = import_and_export(world, corpus_file)
    texts = {
        "imported": imported_lines(corpus_file.data, corpus_file.name),
        "stored": [normalised(text) for text in parsed.all_texts()],
        "exported": docx_lines(content),
    }
    found = [
        (where, hidden)
        for where, lines in texts.items()
        for hidden in corpus_file.hidden_texts
        if any(normalised(hidden) in line for line in lines)
    ]
    assert found == []


def test_a_table_of_contents_that_never_ends_hides_nothing():
    # A damaged file whose TOC field is never closed: the text after it is still plan content.
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    opened = para(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        run("I. MỤC ĐÍCH, YÊU CẦU"),
    )
    body = document.element.body
    body.sectPr.addprevious(docx.oxml.parse_xml(opened.replace("<w:p>", f"<w:p {NAMESPACES}>", 1)))
    page = docx.oxml.parse_xml(f"<w:p {NAMESPACES}>{run('Trang ')}{field_code(' PAGE ', run('2'))}</w:p>")
    body.sectPr.addprevious(page)
    document.add_paragraph("- Phát động phong trào thi đua trong toàn trường.")
    output = io.BytesIO()
    document.save(output)
    assert imported_lines(output.getvalue(), "muc_luc.docx") == [
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Trang 2",
        "Phát động phong trào thi đua trong toàn trường.",
    ]


def test_a_heading_made_by_its_word_style_is_stored_without_a_number_and_takes_children(world):
    by_style = next(f for f in CORPUS if f.name.startswith("17_"))
    with schema_context(world.school_a.schema_name):
        _, plan, content = import_and_export(world, by_style)
        purpose = plan.sections.get(heading="Mục đích")
        assert (purpose.marker, purpose.parent.heading, purpose.parent.marker) == (
            "",
            "MỤC ĐÍCH, YÊU CẦU",
            "",
        )
        child = plan_services.add_section(plan, heading="Động viên", parent=purpose, user=world.principal_a)
        assert child.marker == "1."
    # The official format prints the heading as written, with no invented number in front of it.
    assert "MỤC ĐÍCH, YÊU CẦU" in docx_lines(content)


def test_an_empty_heading_made_by_its_word_style_is_named_by_its_text():
    by_style = next(f for f in CORPUS if f.name.startswith("17_"))
    without_content = [
        item for item in by_style.items if item != "- Việc khen thưởng phải đúng người, đúng thành tích."
    ]
    parsed = import_plan(by_style.name, dataclasses.replace(by_style, items=without_content).data)
    assert [w.message for w in parsed.warnings if w.code == "empty_section"] == [
        "Mục “Yêu cầu” chưa có nội dung"
    ]


CONSTRUCT_FILES = [f for f in CORPUS if any(isinstance(item, Xml) for item in f.items)]


@pytest.mark.parametrize("corpus_file", CONSTRUCT_FILES, ids=[f.name for f in CONSTRUCT_FILES])
def test_a_plan_built_with_word_constructs_keeps_its_structure(corpus_file):
    # The masthead (paragraphs, a two-column table or table cells broken by Shift+Enter), the title, the
    # bases, the signer and the recipients are recognised as in a plain file, and no line is left over.
    parsed = import_plan(corpus_file.name, corpus_file.data)
    header = parsed.header
    assert (header.parent_body, header.issuing_body, header.number) == (
        "UBND PHƯỜNG HÀ ĐÔNG",
        "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN",
        "05/KH-THLQĐ",
    )
    assert (header.place, header.date, header.doc_type) == ("Hà Đông", datetime.date(2025, 1, 8), "KẾ HOẠCH")
    assert header.title == "Công tác thi đua, khen thưởng của trường Tiểu học Lê Quý Đôn năm 2025"
    assert [basis.number for basis in parsed.bases] == ["4552/KH-SGDĐT", "01/KH-UBND"]
    assert (parsed.signer.title, parsed.signer.name) == ("HIỆU TRƯỞNG", "Teo Thị Thanh Mai")
    assert len(parsed.recipients) == 3
    assert parsed.extra_lines == []
    assert [w.code for w in parsed.warnings if not w.code.startswith("format_")] == corpus_file.warnings


def test_an_embedded_part_that_cannot_be_read_is_named_in_a_warning_not_lost_silently():
    chunks = next(f for f in CORPUS if f.name.startswith("28_"))
    parsed = import_plan(chunks.name, chunks.data)
    assert [(w.line_no, w.message) for w in parsed.warnings if w.code == "unread_part"] == [
        (None, "Không đọc được một phần nhúng trong tệp Word (RTF), phần này chưa được nhập")
    ]
    # The .docx and HTML chunks gave their text where they stand, the RTF one nothing.
    assert "\\rtf1" not in " ".join(read_plan_source(chunks.name, chunks.data).lines)


def test_a_damaged_word_chunk_is_reported_and_the_rest_is_imported():
    chunks = next(f for f in CORPUS if f.name.startswith("28_"))
    damaged = dataclasses.replace(
        chunks,
        finish=alt_chunks(
            (
                "rIdChunk1",
                "html",
                b"<ul>" + "".join(f"<li>{t[2:]}</li>" for t in PURPOSE).encode() + b"</ul>",
            ),
            ("rIdChunk2", "docx", docx_of(ORGANISE)[:200]),
            ("rIdChunk3", "docx", docx_of(ORGANISE)),
        ),
        warnings=[],
    )
    parsed = import_plan(damaged.name, damaged.data)
    assert [w.message for w in parsed.warnings if w.code == "unread_part"] == [
        "Không đọc được một phần nhúng trong tệp Word (tệp Word bị hỏng), phần này chưa được nhập"
    ]
    assert [p.text for p in parsed.sections[1].paragraphs] == [text[2:] for text in ORGANISE]


@pytest.mark.parametrize("chunk_count, refused", [(2, False), (5, True)])
def test_embedded_word_chunks_share_one_inflate_limit_for_the_whole_file(monkeypatch, chunk_count, refused):
    """Each embedded .docx passes the archive checks alone; together they may not inflate past the one
    limit of the upload (a file of many small chunks is a zip bomb the outer check cannot see). The limit
    is set, for this file, at what the outer archive inflates to plus two and a half chunks."""
    from office.core import archives
    from plans.planning.plan_import import reader

    # Words in no pattern: a repeated phrase would compress so well the sizes would say little.
    words = random.Random(7).choices(["thi", "đua", "khen", "thưởng", "giáo", "viên", "năm", "học"], k=30000)
    chunk = docx_of(["Nội dung của phần nhúng " + " ".join(words)])
    chunks = next(f for f in CORPUS if f.name.startswith("28_"))
    many = dataclasses.replace(
        chunks,
        finish=alt_chunks(*[(f"rIdChunk{i}", "docx", chunk) for i in range(1, chunk_count + 1)]),
        warnings=[],
    )
    data = many.data
    limit = inflated(data) + inflated(chunk) * 5 // 2
    monkeypatch.setattr(
        reader, "WORD_LIMITS", dataclasses.replace(archives.WORD_LIMITS, max_uncompressed_bytes=limit)
    )
    if refused:
        with pytest.raises(PlanImportError, match=r"phần nhúng \(altChunk\) giải nén ra quá lớn"):
            read_plan_source(many.name, data)
    else:
        assert "Nội dung của phần nhúng" in " ".join(read_plan_source(many.name, data).lines)


def inflated(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(member.file_size for member in archive.infolist())


def test_a_running_page_header_is_not_taken_for_a_masthead():
    # The body has no masthead and the page header only names the school and the document on every page:
    # it is not read, and the plan is told what its masthead lacks.
    without_masthead = next(f for f in CORPUS if f.name.startswith("24_"))
    running = dataclasses.replace(
        without_masthead,
        finish=page_headers(
            first=para(run("TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN")) + para(run("KẾ HOẠCH THI ĐUA NĂM 2025")),
            default=para(run("- 2 -")),
        ),
        shown_before=[],
    )
    assert imported_lines(running.data, running.name) == [normalised(line) for line in running.shown_lines]
    codes = {w.code for w in import_plan(running.name, running.data).warnings}
    assert {"missing_number", "missing_national_heading", "missing_date"} <= codes


def test_a_masthead_typed_in_a_legacy_font_in_the_page_header_is_read_in_unicode():
    in_header = next(f for f in CORPUS if f.name.startswith("24_"))

    def typed(line: str) -> str:
        # Capitals are typed lower-case in the ".VnTimeH" font, which draws them as capitals.
        font, text = (".VnTimeH", line.lower()) if line == line.upper() else (".VnTime", line)
        return para(run(to_tcvn3(text), f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'))

    legacy = dataclasses.replace(
        in_header,
        finish=page_headers(first="".join(typed(line) for line in in_header.shown_before)),
        hidden=[],
    )
    assert imported_lines(legacy.data, legacy.name) == [normalised(line) for line in legacy.shown_lines]
    parsed = import_plan(legacy.name, legacy.data)
    assert (parsed.header.issuing_body, parsed.header.number) == ("TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN", "05/KH-THLQĐ")
    assert [w.code for w in parsed.warnings if not w.code.startswith("format_")] == ["legacy_encoding"]
