"""Every write on evidence files. The browser uploads straight to object storage (DESIGN.md §3 rule
5); the server decides up front what may be uploaded, then reads the object back and keeps it only if
its real size and type are what was declared.

Refused files never stay in storage: a mismatch deletes the object, marks the row rejected (with an
audit record) and raises EvidenceError with a Vietnamese message."""

import hashlib
import io
import tempfile
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from office.audit.services import record_event
from office.core.errors import Invalid
from office.core.object_storage import PresignedPost, get_object_storage, object_key, safe_filename
from plans.evidence.models import Evidence
from plans.evidence.permissions import can_view_evidence

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
# What browsers send when they do not know a type (or know an old name for it): the extension decides.
_UNSPECIFIC_TYPES = {"", "application/octet-stream", "binary/octet-stream", "image/jpg", "image/pjpeg"}
_ZIP_PART_PREFIX = {DOCX: "word/", XLSX: "xl/"}
_TYPE_LABEL = {PDF: "PDF", JPEG: "ảnh JPEG", PNG: "ảnh PNG", DOCX: "Word (.docx)", XLSX: "Excel (.xlsx)"}
# Bytes kept in memory while checking an Office file; a larger one is spooled to a temporary file.
_SPOOL_BYTES = 4 * 1024 * 1024


class EvidenceError(Invalid):
    """An upload that is refused; the message is for the user, in Vietnamese."""


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def megabytes(size: int) -> str:
    """20 MB, 1,5 MB: sizes as Vietnamese users read them."""
    value = size / (1024 * 1024)
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"
    return f"{text.replace('.', ',')} MB"


def _content_type_for(filename: str, declared: str) -> str:
    _, dot, ext = filename.rpartition(".")
    expected = CONTENT_TYPE_BY_EXTENSION.get(f".{ext.lower()}" if dot else "")
    if expected is None:
        raise EvidenceError(
            f"Tệp “{filename}” không được nhận: chỉ nhận tệp {ALLOWED_TYPES_LABEL}. "
            "Tệp .doc, .xls cũ cần được lưu lại dưới dạng .docx, .xlsx."
        )
    declared = (declared or "").strip().lower()
    if declared not in _UNSPECIFIC_TYPES and declared != expected:
        raise EvidenceError(
            f"Tệp “{filename}” có phần mở rộng của tệp {_TYPE_LABEL[expected]} nhưng lại khai báo kiểu "
            f"“{declared}”. Hãy chọn đúng tệp gốc."
        )
    return expected


def _check_declared_size(filename: str, size) -> int:
    try:
        size = int(size)
    except (TypeError, ValueError):
        raise EvidenceError(f"Không đọc được dung lượng của tệp “{filename}”.") from None
    if size < 1:
        raise EvidenceError(f"Tệp “{filename}” rỗng, không có nội dung.")
    if size > max_upload_bytes():
        raise EvidenceError(
            f"Tệp “{filename}” nặng {megabytes(size)}, vượt quá giới hạn {megabytes(max_upload_bytes())}."
        )
    return size


def start_upload(
    *, school, kind: str, filename: str, content_type: str, size, user, request=None
) -> tuple[Evidence, PresignedPost]:
    """Check what the browser is about to upload and hand it a presigned POST whose policy fixes the
    key, the type and the size range. Nothing reaches storage before this says yes."""
    if kind not in Evidence.Kind.values:
        raise EvidenceError("Loại minh chứng không hợp lệ.")
    name = safe_filename(filename)
    content_type = _content_type_for(name, content_type)
    size = _check_declared_size(name, size)
    key = object_key(school.schema_name, kind, name)
    evidence = Evidence.objects.create(
        kind=kind, key=key, filename=name, size=size, content_type=content_type, uploaded_by=user
    )
    post = get_object_storage().presigned_post(key, content_type, max_upload_bytes(), request=request)
    return evidence, post


def _zip_parts_ok(handle, content_type: str) -> bool:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    prefix = _ZIP_PART_PREFIX[content_type]
    return "[Content_Types].xml" in names and any(name.startswith(prefix) for name in names)


def _magic_matches(head: bytes, content_type: str) -> bool:
    if content_type == PDF:
        return head.startswith(b"%PDF-")
    if content_type == PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if content_type == JPEG:
        return head.startswith(b"\xff\xd8\xff")
    return head.startswith(b"PK\x03\x04")  # DOCX and XLSX are zip packages


def _type_refusal(filename: str, content_type: str) -> str:
    return (
        f"Tệp “{filename}” không phải là tệp {_TYPE_LABEL[content_type]} thật (nội dung không khớp với "
        "phần mở rộng) nên đã bị xoá. Hãy tải lên tệp gốc."
    )


def _inspect_stored(storage, evidence: Evidence) -> tuple[str, str]:
    """(sha256, refusal): the object's digest, and why it is refused ("" when it is accepted)."""
    head = storage.read_head(evidence.key, 16)
    if not _magic_matches(head, evidence.content_type):
        return "", _type_refusal(evidence.filename, evidence.content_type)
    digest = hashlib.sha256()
    if evidence.content_type not in _ZIP_PART_PREFIX:
        for chunk in storage.iter_chunks(evidence.key):
            digest.update(chunk)
        return digest.hexdigest(), ""
    # An Office file is a zip whose part list sits at its end: keep the bytes while hashing them.
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        for chunk in storage.iter_chunks(evidence.key):
            digest.update(chunk)
            spool.write(chunk)
        spool.seek(0)
        if not _zip_parts_ok(spool, evidence.content_type):
            return "", _type_refusal(evidence.filename, evidence.content_type)
    return digest.hexdigest(), ""


def _reject(evidence: Evidence, reason: str, *, user) -> None:
    get_object_storage().delete(evidence.key)
    with transaction.atomic():
        evidence.status = Evidence.Status.REJECTED
        evidence.rejection_reason = reason[:300]
        evidence.save(update_fields=["status", "rejection_reason"])
        record_event("evidence.rejected", evidence, user=user, summary=reason)
    raise EvidenceError(reason)


def complete_upload(evidence: Evidence, *, user=None) -> Evidence:
    """Read the uploaded object back: real size within the limit and equal to what was declared,
    first bytes of the declared type, SHA-256 by streaming. Anything else is deleted and refused."""
    evidence = Evidence.objects.get(pk=evidence.pk)
    if evidence.status == Evidence.Status.VERIFIED:
        return evidence
    if evidence.status == Evidence.Status.REJECTED:
        raise EvidenceError(evidence.rejection_reason or "Tệp này đã bị từ chối; hãy tải lên lại.")
    storage = get_object_storage()
    stored = storage.stat(evidence.key)
    if stored is None:
        raise EvidenceError(f"Kho lưu trữ chưa nhận được tệp “{evidence.filename}”. Hãy tải lên lại.")
    if stored.size > max_upload_bytes():
        _reject(
            evidence,
            f"Tệp “{evidence.filename}” nặng {megabytes(stored.size)}, vượt quá giới hạn "
            f"{megabytes(max_upload_bytes())}, nên đã bị xoá.",
            user=user,
        )
    if stored.size != evidence.size:
        _reject(
            evidence,
            f"Tệp “{evidence.filename}” nhận được có dung lượng khác với khi bắt đầu tải lên nên đã bị xoá. "
            "Hãy tải lên lại.",
            user=user,
        )
    if stored.content_type and stored.content_type.lower() != evidence.content_type:
        _reject(evidence, _type_refusal(evidence.filename, evidence.content_type), user=user)
    sha256, refusal = _inspect_stored(storage, evidence)
    if refusal:
        _reject(evidence, refusal, user=user)
    with transaction.atomic():
        evidence.status = Evidence.Status.VERIFIED
        evidence.sha256 = sha256
        evidence.verified_at = timezone.now()
        evidence.save(update_fields=["status", "sha256", "verified_at"])
        record_event(
            "evidence.uploaded",
            evidence,
            user=user,
            summary=evidence.filename,
            after={"kind": evidence.kind, "size": evidence.size, "sha256": sha256},
        )
    return evidence


def store_generated_evidence(
    *, school, kind: str, filename: str, content: bytes, user=None, content_type: str = ""
) -> Evidence:
    """A document the platform made itself (demo files, generated dossiers): written by the server,
    checked by the same rules as a browser's upload, recorded as verified."""
    if kind not in Evidence.Kind.values:
        raise EvidenceError("Loại minh chứng không hợp lệ.")
    name = safe_filename(filename)
    content_type = _content_type_for(name, content_type)
    size = _check_declared_size(name, len(content))
    if not _magic_matches(content[:16], content_type):
        raise EvidenceError(_type_refusal(name, content_type))
    if content_type in _ZIP_PART_PREFIX:
        if not _zip_parts_ok(io.BytesIO(content), content_type):
            raise EvidenceError(_type_refusal(name, content_type))
    key = object_key(school.schema_name, kind, name)
    get_object_storage().put(key, content, content_type)
    sha256 = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        evidence = Evidence.objects.create(
            kind=kind,
            key=key,
            filename=name,
            size=size,
            content_type=content_type,
            sha256=sha256,
            status=Evidence.Status.VERIFIED,
            uploaded_by=user,
            verified_at=timezone.now(),
        )
        record_event(
            "evidence.uploaded",
            evidence,
            user=user,
            summary=name,
            after={"kind": kind, "size": size, "sha256": sha256, "generated": True},
        )
    return evidence


def download_url(evidence: Evidence, request) -> str:
    """A short-lived presigned GET, after the owner of the file (plans.evidence.permissions) says
    the caller may see it."""
    if not can_view_evidence(evidence, request.user, request.school):
        raise PermissionDenied("Bạn không có quyền xem minh chứng này.")
    if evidence.status != Evidence.Status.VERIFIED:
        raise EvidenceError("Tệp chưa được kiểm tra xong nên chưa tải về được.")
    return get_object_storage().presigned_get_url(evidence.key, evidence.filename, request=request)
