"""Checking a file that someone uploads, the one place for it: evidence of the schools, documents of
the office's movements, and anything else that goes from a browser straight to object storage
(DESIGN.md §3 rule 5). Nothing here writes a row: callers record the outcome in their own models.

Two moments: before the upload (`checked_declaration`: name, type by extension, declared type and
size) and after it (`inspect_stored`: the stored object read back, its real size and type, its first
bytes, the part list of an Office file, its SHA-256 by streaming). A file the server writes itself
goes through `inspect_bytes`, the same rules on bytes in memory. And a third, on every download of a
verified file by the office: `read_verified` and `CheckedChunks` compare the stored bytes with the size
and SHA-256 recorded when they were checked, so a file replaced behind the platform's back is caught.

Refusals raise the caller's own Invalid subclass (`error=`), with a Vietnamese message."""

import datetime
import hashlib
import tempfile
import zipfile
from dataclasses import dataclass, replace

from django.conf import settings

from office.core.archives import EXCEL_LIMITS, MB, WORD_LIMITS, inspect_archive
from office.core.errors import Invalid
from office.core.object_storage import get_object_storage, safe_filename

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPE_BY_EXTENSION = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".docx": DOCX,
    ".xlsx": XLSX,
}
ACCEPT_ATTRIBUTE = ",".join(CONTENT_TYPE_BY_EXTENSION)
ALLOWED_TYPES_LABEL = "PDF, JPEG, PNG, DOCX, XLSX"
TYPE_LABEL = {PDF: "PDF", JPEG: "ảnh JPEG", PNG: "ảnh PNG", DOCX: "Word (.docx)", XLSX: "Excel (.xlsx)"}
# What browsers send when they do not know a type (or know an old name for it): the extension decides.
_UNSPECIFIC_TYPES = {"", "application/octet-stream", "binary/octet-stream", "image/jpg", "image/pjpeg"}
# An Office file is a zip package; a renamed zip of anything else lacks these parts.
_ZIP_PART_PREFIX = {DOCX: "word/", XLSX: "xl/"}
_MAGIC = {
    PDF: b"%PDF-",
    PNG: b"\x89PNG\r\n\x1a\n",
    JPEG: b"\xff\xd8\xff",
    DOCX: b"PK\x03\x04",
    XLSX: b"PK\x03\x04",
}
# A stored Office file is kept and handed on, not parsed here, so its limits are generous (a 20 MB
# spreadsheet of text honestly inflates ten times); a zip bomb or a heap of parts is still refused at
# the door, from the archive's directory, before anyone opens it.
_STORED_LIMITS = {
    DOCX: replace(WORD_LIMITS, max_uncompressed_bytes=250 * MB, max_xml_bytes=None),
    XLSX: replace(
        EXCEL_LIMITS,
        max_uncompressed_bytes=250 * MB,
        max_shared_strings_bytes=None,
        max_rows=None,
        max_columns=None,
        max_cells=None,
    ),
}
# Bytes kept in memory while checking an Office file; a larger one is spooled to a temporary file.
_SPOOL_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Declared:
    """What the browser says it is about to upload, after the checks: a safe name, the type its
    extension stands for, and a size within the limit."""

    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class Inspection:
    """The stored object read back: its SHA-256 when accepted, or why it is refused ("" if not)."""

    sha256: str
    refusal: str

    @property
    def accepted(self) -> bool:
        return not self.refusal


class Tampered(Invalid):
    """The stored bytes are no longer those that were checked (size or SHA-256 differ)."""

    status_code = 409

    def __init__(
        self, filename: str, *, expected_sha256: str, actual_sha256: str, expected_size, actual_size
    ):
        super().__init__(tampering_message(filename))
        self.filename = filename
        self.evidence = {
            "expected_sha256": expected_sha256,
            "actual_sha256": actual_sha256,
            "expected_size": expected_size,
            "actual_size": actual_size,
        }


def tampering_message(filename: str) -> str:
    return (
        f"Tệp minh chứng “{filename}” trong kho lưu trữ không còn là tệp đã được kiểm tra khi tải lên "
        "(dung lượng hoặc mã SHA-256 đã khác): có dấu hiệu bị thay đổi trái phép nên không được tải về. "
        "Sự việc đã được ghi vào nhật ký; hãy báo quản trị hệ thống."
    )


# How long after its presigned form expired an upload still left pending is taken as finished or
# abandoned by the sweep: a browser that posted at the last second has confirmed by then.
ABANDON_MARGIN = datetime.timedelta(minutes=15)
ABANDONED_MESSAGE = (
    "Tệp “{filename}” chưa được tải lên xong trong thời hạn cho phép nên đã bị huỷ. Hãy tải lên lại."
)


def abandoned_after() -> datetime.timedelta:
    """The age past which a pending upload can no longer be completed by its browser: its presigned
    form has expired (UPLOAD_URL_TTL_SECONDS), with a margin."""
    return datetime.timedelta(seconds=settings.UPLOAD_URL_TTL_SECONDS) + ABANDON_MARGIN


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def megabytes(size: int) -> str:
    """20 MB, 1,5 MB: sizes as Vietnamese users read them."""
    value = size / (1024 * 1024)
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"
    return f"{text.replace('.', ',')} MB"


def accepted_files_hint() -> str:
    return f"{ALLOWED_TYPES_LABEL}; tối đa {megabytes(max_upload_bytes())}."


def content_type_for(filename: str, declared: str, *, error: type[Invalid] = Invalid) -> str:
    """The type the file's extension stands for; refused when the extension is not accepted or the
    browser declared another type."""
    _, dot, ext = filename.rpartition(".")
    expected = CONTENT_TYPE_BY_EXTENSION.get(f".{ext.lower()}" if dot else "")
    if expected is None:
        raise error(
            f"Tệp “{filename}” không được nhận: chỉ nhận tệp {ALLOWED_TYPES_LABEL}. "
            "Tệp .doc, .xls cũ cần được lưu lại dưới dạng .docx, .xlsx."
        )
    declared = (declared or "").strip().lower()
    if declared not in _UNSPECIFIC_TYPES and declared != expected:
        raise error(
            f"Tệp “{filename}” có phần mở rộng của tệp {TYPE_LABEL[expected]} nhưng lại khai báo kiểu "
            f"“{declared}”, không khớp với phần mở rộng. Hãy chọn đúng tệp gốc."
        )
    return expected


def _checked_size(filename: str, size, *, error: type[Invalid]) -> int:
    try:
        size = int(size)
    except (TypeError, ValueError):
        raise error(f"Không đọc được dung lượng của tệp “{filename}”.") from None
    if size < 1:
        raise error(f"Tệp “{filename}” rỗng, không có nội dung.")
    if size > max_upload_bytes():
        raise error(
            f"Tệp “{filename}” nặng {megabytes(size)}, vượt quá giới hạn {megabytes(max_upload_bytes())}."
        )
    return size


def checked_declaration(
    filename: str, content_type: str, size, *, error: type[Invalid] = Invalid
) -> Declared:
    """Before anything reaches storage: a safe name, an accepted type, a size within the limit."""
    name = safe_filename(filename)
    return Declared(
        filename=name,
        content_type=content_type_for(name, content_type, error=error),
        size=_checked_size(name, size, error=error),
    )


def _type_refusal(filename: str, content_type: str) -> str:
    return (
        f"Tệp “{filename}” không phải là tệp {TYPE_LABEL[content_type]} thật (nội dung không khớp với "
        "phần mở rộng) nên đã bị xoá. Hãy tải lên tệp gốc."
    )


def _magic_matches(head: bytes, content_type: str) -> bool:
    return head.startswith(_MAGIC[content_type])


class _ArchiveRefusal(Exception):
    pass


def _zip_refusal(handle, filename: str, content_type: str) -> str:
    """Why an Office file is refused ("" if it is not): not a package of its type, or beyond its limits."""
    try:
        names = [
            member.filename
            for member in inspect_archive(handle, _STORED_LIMITS[content_type], error=_ArchiveRefusal)
        ]
    except _ArchiveRefusal as reason:
        return f"Tệp “{filename}” không được nhận: {reason}"
    except (zipfile.BadZipFile, OSError, ValueError):
        return _type_refusal(filename, content_type)
    prefix = _ZIP_PART_PREFIX[content_type]
    if "[Content_Types].xml" in names and any(name.startswith(prefix) for name in names):
        return ""
    return _type_refusal(filename, content_type)


def _digest_and_content_check(storage, key: str, filename: str, content_type: str) -> Inspection:
    if not _magic_matches(storage.read_head(key, 16), content_type):
        return Inspection("", _type_refusal(filename, content_type))
    digest = hashlib.sha256()
    if content_type not in _ZIP_PART_PREFIX:
        for chunk in storage.iter_chunks(key):
            digest.update(chunk)
        return Inspection(digest.hexdigest(), "")
    # An Office file's part list sits at the end of the zip: keep the bytes while hashing them.
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        for chunk in storage.iter_chunks(key):
            digest.update(chunk)
            spool.write(chunk)
        spool.seek(0)
        if refusal := _zip_refusal(spool, filename, content_type):
            return Inspection("", refusal)
    return Inspection(digest.hexdigest(), "")


def inspect_stored(
    key: str, *, filename: str, content_type: str, size: int, error: type[Invalid] = Invalid
) -> Inspection:
    """Read the uploaded object back: real size within the limit and equal to the declared one, the
    stored type the declared one, the first bytes (and an Office file's parts) of that type, the
    SHA-256 by streaming. A refused object is left for the caller to delete and record; a missing
    one raises `error` (nothing arrived, so there is nothing to reject)."""
    storage = get_object_storage()
    stored = storage.stat(key)
    if stored is None:
        raise error(f"Kho lưu trữ chưa nhận được tệp “{filename}”. Hãy tải lên lại.")
    if stored.size > max_upload_bytes():
        return Inspection(
            "",
            f"Tệp “{filename}” nặng {megabytes(stored.size)}, vượt quá giới hạn "
            f"{megabytes(max_upload_bytes())}, nên đã bị xoá.",
        )
    if stored.size != size:
        return Inspection(
            "",
            f"Tệp “{filename}” nhận được có dung lượng khác với khi bắt đầu tải lên nên đã bị xoá. "
            "Hãy tải lên lại.",
        )
    if stored.content_type and stored.content_type.lower() != content_type:
        return Inspection("", _type_refusal(filename, content_type))
    return _digest_and_content_check(storage, key, filename, content_type)


def seal_upload(upload_key: str, sealed_key: str, *, filename: str, error: type[Invalid] = Invalid) -> None:
    """Move an uploaded object to `sealed_key`, a key of its own that no presigned form ever targets,
    and empty its upload key, before it is inspected. A presigned POST stays valid for its whole
    lifetime and storage cannot make it single-use, so a second post with other bytes would otherwise
    replace what was checked; after this it lands at a key nobody reads. A missing object raises
    `error` (nothing arrived)."""
    storage = get_object_storage()
    if storage.stat(upload_key) is None:
        raise error(f"Kho lưu trữ chưa nhận được tệp “{filename}”. Hãy tải lên lại.")
    storage.copy(upload_key, sealed_key)
    storage.delete(upload_key)


def inspect_bytes(
    filename: str, content: bytes, content_type: str = "", *, error: type[Invalid] = Invalid
) -> tuple[Declared, str]:
    """A file the server writes itself (demo documents, generated dossiers), checked by the same rules
    as a browser's upload before it is stored: (what it is, its SHA-256)."""
    declared = checked_declaration(filename, content_type, len(content), error=error)
    if not _magic_matches(content[:16], declared.content_type):
        raise error(_type_refusal(declared.filename, declared.content_type))
    if declared.content_type in _ZIP_PART_PREFIX and (
        refusal := _zip_refusal(content, declared.filename, declared.content_type)
    ):
        raise error(refusal)
    return declared, hashlib.sha256(content).hexdigest()


class CheckedChunks:
    """A stored file's chunks passed through while their size and SHA-256 are counted; once they are
    all read, `intact` says whether they are the bytes recorded (an unknown record is not compared)."""

    def __init__(self, chunks, *, sha256: str = "", size=None):
        self._chunks = chunks
        self.expected_sha256 = sha256 or ""
        self.expected_size = size
        self._digest = hashlib.sha256()
        self.size = 0

    def __iter__(self):
        for chunk in self._chunks:
            self._digest.update(chunk)
            self.size += len(chunk)
            yield chunk

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    @property
    def intact(self) -> bool:
        size_ok = self.expected_size in (None, "") or int(self.expected_size) == self.size
        return size_ok and (not self.expected_sha256 or self.expected_sha256 == self.sha256)

    def tampered(self, filename: str) -> Tampered:
        return Tampered(
            filename,
            expected_sha256=self.expected_sha256,
            actual_sha256=self.sha256,
            expected_size=self.expected_size,
            actual_size=self.size,
        )


def read_verified(key: str, *, filename: str, sha256: str = "", size=None):
    """A verified file read back whole before anything is sent (it is within the upload limit): a
    spooled copy positioned at its start when its size and SHA-256 are those recorded, None when the
    object is gone; Tampered otherwise. Serving the checked copy, not a presigned link, leaves no moment
    between the check and the download in which the object could be replaced."""
    storage = get_object_storage()
    stored = storage.stat(key)
    if stored is None:
        return None
    if size not in (None, "") and stored.size != int(size):
        # Not read: the size alone tells.
        raise Tampered(
            filename, expected_sha256=sha256, actual_sha256="", expected_size=size, actual_size=stored.size
        )
    checked = CheckedChunks(storage.iter_chunks(key), sha256=sha256, size=size)
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
    for chunk in checked:
        spool.write(chunk)
    if not checked.intact:
        spool.close()
        raise checked.tampered(filename)
    spool.seek(0)
    return spool
