"""The one upload verifier (office.core.uploads), and that both of its users — school evidence and
the office's movement documents — get the same, stricter checks (before it was shared, the movement
copy accepted any zip renamed .docx and did not compare the stored type)."""

import io
import zipfile

import pytest
from django.db import connection

from office.core.errors import Invalid
from office.core.uploads import DOCX, PDF, checked_declaration, inspect_bytes, inspect_stored
from office.movements.models import MovementDocument
from office.movements.services import (
    MovementError,
    complete_document_upload,
    launch_movement,
    start_document_upload,
)


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


REAL_DOCX = _zip(["[Content_Types].xml", "word/document.xml"])
RENAMED_ZIP = _zip(["anh/1.jpg", "ghi-chu.txt"])


class PartError(Invalid):
    pass


@pytest.mark.parametrize(
    ("filename", "content_type", "size", "message"),
    [
        ("chuong-trinh.exe", "", 10, "chỉ nhận tệp"),
        ("bao-cao.pdf", "text/html", 10, "khai báo kiểu"),
        ("bao-cao.pdf", PDF, 0, "rỗng"),
        ("bao-cao.pdf", PDF, "mười", "Không đọc được dung lượng"),
        ("bao-cao.pdf", PDF, 25 * 1024 * 1024, "vượt quá giới hạn 20 MB"),
    ],
)
def test_a_declaration_is_refused_with_the_callers_error_and_a_vietnamese_reason(
    filename, content_type, size, message
):
    with pytest.raises(PartError, match=message):
        checked_declaration(filename, content_type, size, error=PartError)


def test_a_declaration_gets_a_safe_name_and_the_type_of_its_extension():
    declared = checked_declaration("../../Báo cáo.DOCX", "application/octet-stream", 42)
    assert declared.content_type == DOCX and declared.size == 42
    assert declared.filename == "Báo cáo.docx"


def test_bytes_written_by_the_server_pass_the_same_checks():
    declared, sha256 = inspect_bytes("ke-hoach.docx", REAL_DOCX)
    assert declared.content_type == DOCX and len(sha256) == 64
    with pytest.raises(PartError, match="không phải là tệp Word"):
        inspect_bytes("ke-hoach.docx", RENAMED_ZIP, error=PartError)
    with pytest.raises(PartError, match="không phải là tệp PDF"):
        inspect_bytes("ke-hoach.pdf", b"<html></html>", error=PartError)


def test_a_missing_object_is_not_a_rejection_but_a_refusal(local_storage):
    with pytest.raises(PartError, match="chưa nhận được"):
        inspect_stored(
            "schools/x/evidence/none/a.pdf", filename="a.pdf", content_type=PDF, size=5, error=PartError
        )


def _specialist():
    from office.accounts.models import User

    return User.objects.get(username="chuyenvien")


def test_only_the_office_that_can_change_the_movement_uploads_its_documents(world, movement, local_storage):
    from office.core.errors import Refused

    for outsider in (world.other_specialist, world.principal_a, None):
        with pytest.raises(Refused):
            start_document_upload(movement, filename="a.pdf", content_type=PDF, size=10, user=outsider)
    assert not MovementDocument.objects.filter(movement=movement).exists()


@pytest.fixture
def movement(world):
    return launch_movement(
        authority=world.office,
        user=None,
        by_system=True,
        name="Phong trào thử tải tệp",
        school_year="2025-2026",
    )


def _uploaded_document(movement, storage, filename: str, content: bytes, *, stored_type: str):
    document, _post = start_document_upload(
        movement, filename=filename, content_type="", size=len(content), user=_specialist()
    )
    storage.put(document.key, content, stored_type)
    return document


def test_a_movement_document_that_is_a_renamed_zip_is_refused_and_deleted(
    world, movement, local_storage, django_capture_on_commit_callbacks
):
    document = _uploaded_document(movement, local_storage, "ke-hoach.docx", RENAMED_ZIP, stored_type=DOCX)
    with (
        pytest.raises(MovementError, match="không phải là tệp Word"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        complete_document_upload(document, user=_specialist())
    document.refresh_from_db()
    assert document.status == MovementDocument.Status.REJECTED
    assert local_storage.stat(document.key) is None


def test_a_movement_document_stored_under_another_type_is_refused(world, movement, local_storage):
    document = _uploaded_document(
        movement, local_storage, "ke-hoach.pdf", b"%PDF-1.7 ...", stored_type="text/html"
    )
    with pytest.raises(MovementError, match="không khớp với phần mở rộng"):
        complete_document_upload(document, user=_specialist())
    assert MovementDocument.objects.get(pk=document.pk).status == MovementDocument.Status.REJECTED


def test_a_real_movement_document_is_verified_with_its_digest(world, movement, local_storage):
    document = _uploaded_document(movement, local_storage, "ke-hoach.docx", REAL_DOCX, stored_type=DOCX)
    document = complete_document_upload(document, user=_specialist())
    assert document.status == MovementDocument.Status.VERIFIED and len(document.sha256) == 64
    assert connection.schema_name == "public"


def _with_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        for name, content in parts.items():
            out.writestr(name, content)
    return buffer.getvalue()


def test_office_files_beyond_their_archive_limits_are_refused_with_the_limit_named():
    bomb = _with_parts(REAL_DOCX, {"word/media/image1.png": bytes(10 * 1024 * 1024)})
    with pytest.raises(PartError, match=r"“word/media/image1\.png” nén bất thường"):
        inspect_bytes("ke-hoach.docx", bomb, error=PartError)
    heap = _with_parts(REAL_DOCX, {f"word/media/{index}.xml": b"<a/>" for index in range(5000)})
    with pytest.raises(
        PartError, match=r"Tệp Word có quá nhiều phần bên trong \(5\.002 phần, tối đa 2\.000\)"
    ):
        inspect_bytes("ke-hoach.docx", heap, error=PartError)


def test_a_movement_document_hiding_a_zip_bomb_is_refused_and_deleted(world, movement, local_storage):
    bomb = _with_parts(REAL_DOCX, {"word/media/image1.png": bytes(10 * 1024 * 1024)})
    document = _uploaded_document(movement, local_storage, "ke-hoach.docx", bomb, stored_type=DOCX)
    with pytest.raises(MovementError, match="nén bất thường"):
        complete_document_upload(document, user=_specialist())
    assert MovementDocument.objects.get(pk=document.pk).status == MovementDocument.Status.REJECTED
    assert local_storage.stat(document.key) is None
