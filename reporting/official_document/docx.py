"""Render an OfficialDocument as a Word file laid out as Nghị định 30/2020/NĐ-CP, Appendix I prescribes."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .format import MOTTO, NATIONAL_TITLE, format_number_line, format_place_date, signer_title_lines
from .model import Appendix, Block, Bullet, Heading, OfficialDocument, Signer, Table

# NĐ 30/2020, Appendix I: Times New Roman (Unicode, TCVN 6909:2001), A4 portrait, margins top and bottom
# 20–25 mm, left 30–35 mm, right 15–20 mm; the smallest margins leave the most room for tables.
FONT = "Times New Roman"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
TEXT_WIDTH_CM = (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / 10

# Sizes in points, each inside the range NĐ 30/2020 gives for that element.
BODY_PT = 13  # body text and agency names: 13–14 (agency names 12–13)
NATIONAL_TITLE_PT = 12  # 12–13; at 13 pt bold the national title no longer fits the right column on one line
MOTTO_PT = 13  # 13–14
DOC_TYPE_PT = 14  # 13–14
TITLE_PT = 14  # 13–14
# The recipients: the customary 12 pt bold italic heading over an 11 pt list (the decree's sizes for them are
# unverified, DOMAIN.md §6).
RECIPIENTS_HEADING_PT = 12
RECIPIENTS_PT = 11

# The masthead and the signature share two columns: the right one holds the national title on one line.
LEFT_COLUMN_CM = 7.0
RIGHT_COLUMN_CM = TEXT_WIDTH_CM - LEFT_COLUMN_CM
# Word's default left + right cell margins, which the text inside a cell cannot use.
CELL_PADDING_CM = 0.38

FIRST_LINE_INDENT_CM = 1.0
# NĐ 30/2020, Appendix I: at least 6 pt between paragraphs, line spacing from single to 1.5 lines.
PARAGRAPH_SPACING_PT = 6
LINE_SPACING = 1.2
SIGNATURE_BLANK_LINES = 4

# Printed widths in Times New Roman, measured on its metrics: the motto in bold 13 pt, and the average
# advance of an uppercase bold letter and of a sentence-case bold letter as a share of the font size.
MOTTO_WIDTH_CM = 5.6
UPPERCASE_BOLD_EM = 0.62
SENTENCE_CASE_BOLD_EM = 0.46
# NĐ 30/2020, Appendix I: the rule under the issuing body and under the subject line is 1/3 to 1/2 as long as
# the line above it (the motto's rule is as long as the motto).
SHORT_RULE_SHARE = 0.4
CM_PER_PT = 2.54 / 72


def render_docx(doc: OfficialDocument) -> bytes:
    document = Document()
    _use_times_new_roman_by_default(document)
    _set_up_page(document.sections[0])
    _add_masthead(document, doc)
    _add_doc_type_and_title(document, doc)
    for blocks, italic in ((doc.preamble, True), (doc.body, False), (doc.closing, False)):
        for block in blocks:
            _add_block(document, block, italic=italic)
    _add_recipients_and_signature(document, doc.recipients, doc.signer)
    if doc.appendix is not None:
        _add_appendix(document, doc.appendix)
    document.core_properties.title = f"{doc.doc_type} {doc.title}".replace("\n", " ")
    document.core_properties.language = "vi-VN"
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# Fonts and page


def _use_times_new_roman(rpr) -> None:
    """Name the font in all four slots: Word picks a slot by character range and by the editing languages
    installed (an East Asian one sends some Vietnamese letters to the eastAsia slot), and a theme font set
    beside a named one wins over it."""
    fonts = rpr.get_or_add_rFonts()
    for theme_attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _use_times_new_roman_by_default(document) -> None:
    defaults = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr")[0]
    _use_times_new_roman(defaults)
    normal = document.styles["Normal"]
    _use_times_new_roman(normal.element.get_or_add_rPr())
    normal.font.size = Pt(BODY_PT)
    language = defaults.find(qn("w:lang"))
    language.set(qn("w:val"), "vi-VN")


def _set_up_page(section) -> None:
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    # NĐ 30/2020, Appendix I: page numbers centred in the top margin, not shown on the first page.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    _format(number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _add_page_field(number)


def _add_page_field(paragraph) -> None:
    """A PAGE field, which Word and LibreOffice fill in with the number of each page."""
    _add_field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    _add_run(paragraph, "")._r.append(instruction)
    _add_field_char(paragraph, "separate")
    _add_field_char(paragraph, "end")


def _add_field_char(paragraph, kind: str) -> None:
    field_char = OxmlElement("w:fldChar")
    field_char.set(qn("w:fldCharType"), kind)
    _add_run(paragraph, "")._r.append(field_char)


# Paragraphs and runs


def _add_run(paragraph, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _use_times_new_roman(run._r.get_or_add_rPr())
    return run


def _format(paragraph, *, align=None, first_line_cm: float | None = None, after_pt: float = 0, line=1.0):
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Cm(first_line_cm) if first_line_cm is not None else None
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after_pt)
    fmt.line_spacing = line
    return paragraph


def _line(container, text: str, *, align=WD_ALIGN_PARAGRAPH.CENTER, **run_style):
    paragraph = _format(container.add_paragraph(), align=align)
    _add_run(paragraph, text, **run_style)
    return paragraph


def _add_rule(container, rule_cm: float, room_cm: float) -> None:
    """A centred horizontal rule: the top border of an empty paragraph indented to the rule's length."""
    paragraph = container.add_paragraph()
    # The border goes in before any other property: python-docx then inserts the others after it, in the
    # order the schema requires.
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for attribute, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        top.set(qn(attribute), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)
    _format(paragraph, line=Pt(4))
    indent = Cm(max((room_cm - rule_cm) / 2, 0))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent


def _short_rule_cm(lines: list[str], size: float, em_per_letter: float, room_cm: float) -> float:
    longest = max(len(line) for line in lines) * em_per_letter * size * CM_PER_PT
    return SHORT_RULE_SHARE * min(longest, room_cm)


# Tables


def _add_table(document, rows: int, widths_cm: list[float], style: str | None):
    table = document.add_table(rows=rows, cols=len(widths_cm))
    table.style = style
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, width in enumerate(widths_cm):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)
            _empty(cell)
    return table


def _empty(cell) -> None:
    """Drop the paragraph every new cell starts with, so a cell's content starts at its first line."""
    for paragraph in cell.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)


def _keep_row_on_one_page(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_as_header_row(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


# Parts of the document


def _add_masthead(document, doc: OfficialDocument) -> None:
    # Two rows, so that the number and the place and date stand on one line whatever the cells above hold.
    table = _add_table(document, rows=2, widths_cm=[LEFT_COLUMN_CM, RIGHT_COLUMN_CM], style=None)
    agency, nation = table.rows[0].cells
    number, place_date = table.rows[1].cells
    left_room, right_room = LEFT_COLUMN_CM - CELL_PADDING_CM, RIGHT_COLUMN_CM - CELL_PADDING_CM
    # NĐ 30/2020, Appendix I: the governing body upright and not bold above the issuing body in bold, both
    # uppercase, a short rule under the issuing body, the number centred below.
    if doc.parent_body:
        _line(agency, doc.parent_body.upper())
    issuing_body = doc.issuing_body.upper()
    _line(agency, issuing_body, bold=True)
    _add_rule(agency, _short_rule_cm([issuing_body], BODY_PT, UPPERCASE_BOLD_EM, left_room), left_room)
    number_line = _line(
        number, format_number_line(doc.number, doc.doc_type, doc.issuer_abbreviation) if doc.numbered else ""
    )
    # The national title in bold uppercase over the motto in bold, a rule as long as the motto beneath, the
    # place and date in italics centred below them.
    _line(nation, NATIONAL_TITLE, size=NATIONAL_TITLE_PT, bold=True)
    _line(nation, MOTTO, size=MOTTO_PT, bold=True)
    _add_rule(nation, MOTTO_WIDTH_CM, right_room)
    place_date_line = _line(place_date, format_place_date(doc.place, doc.date), italic=True)
    for paragraph in (number_line, place_date_line):
        paragraph.paragraph_format.space_before = Pt(6)


def _add_doc_type_and_title(document, doc: OfficialDocument) -> None:
    doc_type = _line(document, doc.doc_type.upper(), size=DOC_TYPE_PT, bold=True)
    doc_type.paragraph_format.space_before = Pt(18)
    doc_type.paragraph_format.keep_with_next = True
    title = _line(document, doc.title, size=TITLE_PT, bold=True)
    title.paragraph_format.keep_with_next = True
    rule_cm = _short_rule_cm(doc.title.split("\n"), TITLE_PT, SENTENCE_CASE_BOLD_EM, TEXT_WIDTH_CM)
    _add_rule(document, rule_cm, TEXT_WIDTH_CM)


def _add_block(document, block: Block, *, italic: bool) -> None:
    if isinstance(block, Table):
        _add_grid_table(document, block)
        return
    paragraph = _format(
        document.add_paragraph(),
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_cm=FIRST_LINE_INDENT_CM,
        after_pt=PARAGRAPH_SPACING_PT,
        line=LINE_SPACING,
    )
    if isinstance(block, Heading):
        paragraph.paragraph_format.keep_with_next = True
        # Levels 3 and 4 in bold italics, so that "2.1." or "a)" does not read as a level-2 heading.
        text = " ".join(part for part in (block.marker, block.text) if part)
        _add_run(paragraph, text, bold=True, italic=italic or block.level >= 3)
    elif isinstance(block, Bullet):
        _add_run(paragraph, f"{block.symbol} {block.text}", italic=italic)
    else:
        _add_run(paragraph, block.text, italic=italic)


def _add_grid_table(document, table: Table) -> None:
    widths = table.widths_cm or [TEXT_WIDTH_CM / len(table.header)] * len(table.header)
    grid = _add_table(document, rows=1 + len(table.rows), widths_cm=widths, style="Table Grid")
    _repeat_as_header_row(grid.rows[0])
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        _line(cell, text, bold=True)
    for row, texts in zip(grid.rows[1:], table.rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            for line in text.split("\n"):
                _line(cell, line, align=WD_ALIGN_PARAGRAPH.LEFT)


def _add_recipients_and_signature(document, recipients: list[str], signer: Signer | None) -> None:
    table = _add_table(document, rows=1, widths_cm=[LEFT_COLUMN_CM, RIGHT_COLUMN_CM], style=None)
    _keep_row_on_one_page(table.rows[0])
    left, right = table.rows[0].cells
    left_aligned = WD_ALIGN_PARAGRAPH.LEFT
    _line(left, "Nơi nhận:", align=left_aligned, size=RECIPIENTS_HEADING_PT, bold=True, italic=True)
    for recipient in recipients:
        _line(left, f"- {recipient}", align=left_aligned, size=RECIPIENTS_PT)
    if signer is None:
        right.add_paragraph()
        return
    # NĐ 30/2020, Appendix I: the authority and title in bold uppercase, room for the signature and seal, then
    # the signer's name in bold.
    for text in signer_title_lines(signer):
        _line(right, text, bold=True)
    blank_lines = SIGNATURE_BLANK_LINES
    if signer.note:
        _format(right.add_paragraph())
        _line(right, signer.note, italic=True)
        blank_lines -= 2
    for _ in range(blank_lines):
        _format(right.add_paragraph())
    _line(right, signer.name, bold=True)


def _add_appendix(document, appendix: Appendix) -> None:
    lines = [(appendix.title, {"bold": True})]
    if appendix.subtitle:
        lines.append((appendix.subtitle, {"italic": True}))
    paragraphs = [_line(document, text, **style) for text, style in lines]
    paragraphs[0].paragraph_format.page_break_before = True
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True
    paragraphs[-1].paragraph_format.space_after = Pt(PARAGRAPH_SPACING_PT)
    _add_grid_table(document, appendix.table)
