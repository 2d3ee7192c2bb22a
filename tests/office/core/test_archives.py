"""The limits on an Office file checked before python-docx or openpyxl opens it: zip bombs, too many parts,
oversized declared sheets, and rows cut off while they stream. The bad files are made here."""

import io
import struct
import zipfile

import pytest

from office.core.archives import EXCEL_LIMITS, WORD_LIMITS, ArchiveLimits, bounded_rows, inspect_archive


class Refusal(Exception):
    pass


def archive(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in entries.items():
            target.writestr(name, content)
    return buffer.getvalue()


def refusal(data: bytes, limits: ArchiveLimits) -> str:
    with pytest.raises(Refusal) as caught:
        inspect_archive(data, limits, error=Refusal)
    return str(caught.value)


def sheet_xml(ref: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetPr><outlinePr summaryBelow="1"/></sheetPr><dimension ref="{ref}"/>'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    ).encode()


def test_a_zip_bomb_is_refused_from_its_directory_with_the_sizes_named():
    bomb = archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(60 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024  # what travels is small; what it inflates to is not
    message = refusal(bomb, WORD_LIMITS)
    assert message.startswith("Tệp Word giải nén ra quá lớn (60 MB, tối đa 50 MB)")


def test_a_part_inflating_a_thousand_times_is_refused_even_under_the_size_limit():
    data = archive({"word/document.xml": b"<w:document/>", "word/media/image1.png": bytes(10 * 1024 * 1024)})
    message = refusal(data, WORD_LIMITS)
    assert "“word/media/image1.png” nén bất thường" in message and "tối đa 100 lần" in message


def test_small_well_compressed_parts_are_not_taken_for_a_bomb():
    # 1 MB of one repeated XML tag compresses a thousand times: honest, and too small to matter.
    data = archive({"word/document.xml": b"<w:p/>" * (1024 * 1024 // 6)})
    assert [member.filename for member in inspect_archive(data, WORD_LIMITS, error=Refusal)] == [
        "word/document.xml"
    ]


def test_word_xml_beyond_what_python_docx_should_parse_is_refused():
    paragraph = "<w:p><w:r><w:t>Tổ chức phong trào thi đua dạy tốt, học tốt số {}</w:t></w:r></w:p>"
    xml = "".join(paragraph.format(number) for number in range(120_000)).encode()
    assert 10 * 1024 * 1024 < len(xml) < 50 * 1024 * 1024  # within the total; too much to parse whole
    message = refusal(archive({"word/document.xml": xml}), WORD_LIMITS)
    assert (
        message.startswith("Phần văn bản của tệp Word giải nén ra quá lớn (1") and "tối đa 10 MB" in message
    )


def test_an_archive_of_five_thousand_tiny_parts_is_refused():
    data = archive({f"xl/media/part{index}.xml": b"<a/>" for index in range(5000)})
    assert refusal(data, EXCEL_LIMITS).startswith(
        "Tệp Excel có quá nhiều phần bên trong (5.000 phần, tối đa 2.000)"
    )


@pytest.mark.parametrize(
    ("ref", "named"),
    [
        ("A1:XFD20010", "vùng A1:XFD20010 (20.010 dòng × 16.384 cột), vượt giới hạn 20.000 dòng × 200 cột"),
        ("A1:C20001", "(20.001 dòng × 3 cột), vượt giới hạn 20.000 dòng × 200 cột"),
        ("A:XFD", "(1.048.576 dòng × 16.384 cột)"),
        ("A1:GR20000", "vùng A1:GR20000 (4.000.000 ô), vượt giới hạn 2.000.000 ô"),
    ],
)
def test_a_sheet_declaring_more_rows_columns_or_cells_than_allowed_is_refused(ref, named):
    data = archive({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": sheet_xml(ref)})
    assert named in refusal(data, EXCEL_LIMITS)


def test_a_sheet_within_the_limits_passes_and_word_files_are_not_read_as_sheets():
    data = archive({"xl/worksheets/sheet1.xml": sheet_xml("A1:T10000")})
    assert len(inspect_archive(data, EXCEL_LIMITS, error=Refusal)) == 1
    assert len(inspect_archive(data, WORD_LIMITS, error=Refusal)) == 1  # no row limits for Word


def test_something_that_is_not_a_zip_is_left_to_the_caller_to_call_damaged():
    with pytest.raises(zipfile.BadZipFile):
        inspect_archive(b"not a zip at all", WORD_LIMITS, error=Refusal)


def test_streamed_rows_stop_at_the_first_row_beyond_each_limit():
    limits = ArchiveLimits(kind="Excel", max_uncompressed_bytes=1, max_rows=3, max_columns=4, max_cells=10)
    seen = []

    def rows(width, count):
        for _ in range(count):
            seen.append(width)
            yield (None,) * width

    assert len(list(bounded_rows(rows(3, 3), limits, error=Refusal))) == 3
    with pytest.raises(Refusal, match="Trang tính có hơn 3 dòng"):
        list(bounded_rows(rows(1, 1_000_000), limits, error=Refusal))
    assert len(seen) == 3 + 4  # the million-row generator was stopped at its fourth row
    with pytest.raises(Refusal, match=r"Dòng 1 của trang tính có 16\.384 cột, vượt giới hạn 4 cột"):
        list(bounded_rows(rows(16_384, 2), limits, error=Refusal))
    with pytest.raises(Refusal, match="Trang tính có hơn 10 ô"):
        list(bounded_rows(rows(4, 3), limits, error=Refusal))


def test_a_part_lying_about_its_size_in_the_directory_yields_no_more_than_it_declared():
    """Why the directory can be trusted as a bound: zipfile stops at the declared size and fails the CRC."""
    data = bytearray(archive({"word/document.xml": bytes(10 * 1024 * 1024)}))
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 1000)  # central directory: 1,000 bytes
    struct.pack_into("<I", data, data.find(b"PK\x03\x04") + 22, 1000)  # local header: the same lie
    (member,) = inspect_archive(bytes(data), WORD_LIMITS, error=Refusal)
    assert member.file_size == 1000
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as lying, lying.open(member) as part:
        read = []
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"):
            while chunk := part.read(64 * 1024):
                read.append(chunk)
    assert sum(map(len, read)) <= 1000
