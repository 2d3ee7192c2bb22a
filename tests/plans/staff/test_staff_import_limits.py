"""A staff workbook is read within limits: one declaring A1:XFD20010 (2.6 GB once openpyxl pads it), one of
5,000 tiny parts, a zip bomb, and sheets whose rows or columns only show while streaming are all refused with
a Vietnamese reason naming the limit, and nothing is written. The bad files are made here."""

import dataclasses
import re

import pytest
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from plans.staff import excel
from plans.staff.excel import ExcelImportError, import_award_workbook, import_staff_workbook
from plans.staff.models import AwardRecord, Staff
from tests.factories.bad_files import declaring, rewritten, undeclared
from tests.factories.staff import AWARD_HEADER, award_row, person, sheet_bytes


def refused(world, data: bytes, importer=import_staff_workbook) -> str:
    with schema_context(world.school_a.schema_name):
        before = (Staff.objects.count(), AwardRecord.objects.count(), AuditEvent.objects.count())
        with pytest.raises(ExcelImportError) as caught:
            importer(data, user=world.principal_a)
        assert (Staff.objects.count(), AwardRecord.objects.count(), AuditEvent.objects.count()) == before
    return caught.value.message


def test_a_small_workbook_declaring_a1_xfd20010_is_refused_before_openpyxl_pads_it(world):
    data = rewritten(sheet_bytes([person()]), declaring("A1:XFD20010"))
    assert len(data) < 20 * 1024
    message = refused(world, data)
    assert "vùng A1:XFD20010 (20.010 dòng × 16.384 cột), vượt giới hạn 20.000 dòng × 200 cột" in message


def test_the_award_history_import_has_the_same_limits(world):
    data = rewritten(
        sheet_bytes([award_row("Nguyễn Thị An", "2023-2024", "Lao động tiên tiến")], header=AWARD_HEADER),
        declaring("A1:XFD20010"),
    )
    assert "vượt giới hạn 20.000 dòng × 200 cột" in refused(world, data, import_award_workbook)


def test_a_workbook_of_five_thousand_tiny_parts_is_refused(world):
    parts = {f"xl/media/extra{index}.xml": b"<a/>" for index in range(5000)}
    data = rewritten(sheet_bytes([person()]), lambda text: text, parts)
    # 5,000 added to the dozen parts openpyxl writes
    assert re.match(
        r"Tệp Excel có quá nhiều phần bên trong \(5\.0\d\d phần, tối đa 2\.000\)", refused(world, data)
    )


def test_a_workbook_hiding_a_zip_bomb_is_refused(world):
    bomb = {"xl/media/image1.png": bytes(120 * 1024 * 1024)}
    data = rewritten(sheet_bytes([person()]), lambda text: text, bomb)
    assert len(data) < 300 * 1024
    assert refused(world, data).startswith("Tệp Excel giải nén ra quá lớn (120 MB, tối đa 100 MB)")


def test_a_workbook_with_too_many_shared_strings_is_refused_before_openpyxl_loads_them(world, monkeypatch):
    """openpyxl keeps every shared string in memory even in read-only mode; 100 MB of them passes the
    size and ratio limits (different strings compress only ~10 times) and takes the worker's memory.
    Found by tests/security/test_bad_input_corpus.py; the limit is lowered here to keep the file small."""
    monkeypatch.setattr(
        excel, "WORKBOOK_LIMITS", dataclasses.replace(excel.WORKBOOK_LIMITS, max_shared_strings_bytes=200_000)
    )
    strings = "".join(f"<si><t>{n:x}</t></si>" for n in range(20_000))
    # Refused by the part's size in the archive's directory, before any part is read.
    data = rewritten(
        sheet_bytes([person()]), lambda text: text, {"xl/sharedStrings.xml": f"<sst>{strings}</sst>"}
    )
    assert refused(world, data).startswith("Bảng chữ dùng chung của tệp Excel giải nén ra quá lớn")


def test_rows_beyond_the_limit_are_refused_while_streaming_when_no_dimension_is_declared(world, monkeypatch):
    monkeypatch.setattr(excel, "WORKBOOK_LIMITS", dataclasses.replace(excel.WORKBOOK_LIMITS, max_rows=30))
    rows = [person(name=f"Giáo Viên Số {index}", born=f"{index % 28 + 1:02d}/01/1990") for index in range(40)]
    data = rewritten(sheet_bytes(rows), undeclared)
    assert "Trang tính có hơn 30 dòng, vượt giới hạn 30 dòng" in refused(world, data)


def test_a_cell_far_to_the_right_is_refused_while_streaming_when_no_dimension_is_declared(world):
    far_cell = r'\1<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'
    data = rewritten(
        sheet_bytes([person()]),
        lambda text: re.sub(r'(<row r="2"[^>]*>.*?)</row>', far_cell, undeclared(text), flags=re.S),
    )
    assert "có 16.384 cột, vượt giới hạn 200 cột" in refused(world, data)


def test_a_workbook_within_the_limits_still_imports(world):
    with schema_context(world.school_a.schema_name):
        result = import_staff_workbook(sheet_bytes([person()]), user=world.principal_a)
        assert result.created == 1 and Staff.objects.filter(full_name="Nguyễn Thị Hương").exists()
