"""Office files that try to exhaust a reader, made by the tests themselves: a Word plan with parts added
(a zip bomb, thousands of parts) and a workbook whose first sheet is rewritten (a declared dimension
of A1:XFD20010, none at all)."""

import io
import re
import zipfile

import docx

from tests.factories.plans import YEN_HOA, seed_bytes
from tests.factories.staff import person, sheet_bytes

MB = 1024 * 1024


def plan_docx() -> bytes:
    """A real plan (the Yên Hoà seed) typed into Word, paragraph by paragraph."""
    document = docx.Document()
    for line in seed_bytes(YEN_HOA).decode("utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The Office file with `parts` added, or put in place of the parts of the same name."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item, source.read(item.filename))
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def plan_bomb(inflated_mb: int = 60) -> bytes:
    """The plan with an "image" of zeros that inflates to `inflated_mb` MB (under 1 MB uploaded)."""
    return with_parts(plan_docx(), {"word/media/image1.png": bytes(inflated_mb * MB)})


def rewritten(data: bytes, change, extra: dict[str, bytes] | None = None) -> bytes:
    """The workbook with its first sheet's XML passed through `change` and `extra` parts added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def declaring(ref: str):
    return lambda text: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', text)


def undeclared(text: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"\s*/>', "", text)


def workbook_declaring_a1_xfd20010() -> bytes:
    """A one-row staff workbook whose sheet declares A1:XFD20010 (2.6 GB once openpyxl pads it)."""
    return rewritten(sheet_bytes([person()]), declaring("A1:XFD20010"))


def workbook_bomb(inflated_mb: int = 120) -> bytes:
    return rewritten(
        sheet_bytes([person()]), lambda text: text, {"xl/media/image1.png": bytes(inflated_mb * MB)}
    )
