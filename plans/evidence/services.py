"""Every write on evidence files. The browser uploads straight to object storage (DESIGN.md §3 rule
5); the server decides up front what may be uploaded, then reads the object back and keeps it only if
its real size and type are what was declared.

Refused files never stay in storage: a mismatch deletes the object, marks the row rejected (with an
audit record) and raises EvidenceError with a Vietnamese message."""

from django.db import transaction
from django.utils import timezone

from office.audit.services import record_event
from office.core.errors import Invalid, require
from office.core.object_storage import PresignedPost, get_object_storage, object_key
from office.core.uploads import (
    checked_declaration,
    inspect_bytes,
    inspect_stored,
    max_upload_bytes,
    megabytes,  # noqa: F401 - the evidence pages read sizes through here
    seal_upload,
)
from plans.evidence.models import Evidence
from plans.evidence.permissions import (
    COMPLETE_REFUSAL,
    UPLOAD_REFUSAL,
    VIEW_REFUSAL,
    can_complete_upload,
    can_upload_evidence,
    can_view_evidence,
)
from plans.privacy.services import log_evidence_read
from tenants.schemas import current_school


class EvidenceError(Invalid):
    """An upload that is refused; the message is for the user, in Vietnamese."""


def start_upload(
    *, school, kind: str, filename: str, content_type: str, size, user, request=None
) -> tuple[Evidence, PresignedPost]:
    """Check what the browser is about to upload and hand it a presigned POST whose policy fixes the
    key, the type and the size range. Nothing reaches storage before this says yes."""
    require(can_upload_evidence(user, school), UPLOAD_REFUSAL)
    if kind not in Evidence.Kind.values:
        raise EvidenceError("Loại minh chứng không hợp lệ.")
    declared = checked_declaration(filename, content_type, size, error=EvidenceError)
    key = object_key(school.schema_name, kind, declared.filename)
    evidence = Evidence.objects.create(
        kind=kind,
        key=key,
        filename=declared.filename,
        size=declared.size,
        content_type=declared.content_type,
        uploaded_by=user,
    )
    post = get_object_storage().presigned_post(
        key, declared.content_type, max_upload_bytes(), request=request
    )
    return evidence, post


def _reject(evidence: Evidence, reason: str, *, user) -> None:
    get_object_storage().delete(evidence.key)
    with transaction.atomic():
        evidence.status = Evidence.Status.REJECTED
        evidence.rejection_reason = reason[:300]
        evidence.save(update_fields=["status", "rejection_reason"])
        record_event("evidence.rejected", evidence, user=user, summary=reason)
    raise EvidenceError(reason)


def complete_upload(evidence: Evidence, *, user, school=None) -> Evidence:
    """Read the uploaded object back: real size within the limit and equal to what was declared,
    first bytes of the declared type, SHA-256 by streaming. Anything else is deleted and refused.
    The bytes checked are those of the sealed copy (office.core.uploads.seal_upload), which is what
    every download reads: posting the upload form again afterwards changes nothing.
    `school` defaults to the school of the connection's schema, where the row lives."""
    school = school if school is not None else current_school()
    require(can_complete_upload(user, school, evidence), COMPLETE_REFUSAL)
    with transaction.atomic():
        # Locked: two confirmations of one upload would each seal a copy.
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
        if evidence.status == Evidence.Status.VERIFIED:
            return evidence
        if evidence.status == Evidence.Status.REJECTED:
            raise EvidenceError(evidence.rejection_reason or "Tệp này đã bị từ chối; hãy tải lên lại.")
        upload_key = evidence.key
        evidence.key = object_key(school.schema_name, evidence.kind, evidence.filename)
        seal_upload(upload_key, evidence.key, filename=evidence.filename, error=EvidenceError)
        evidence.save(update_fields=["key"])
    inspection = inspect_stored(
        evidence.key,
        filename=evidence.filename,
        content_type=evidence.content_type,
        size=evidence.size,
        error=EvidenceError,
    )
    if not inspection.accepted:
        _reject(evidence, inspection.refusal, user=user)
    sha256 = inspection.sha256
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
            after={"kind": evidence.kind, "size": evidence.size, "sha256": sha256, "upload_key": upload_key},
        )
    return evidence


def store_generated_evidence(
    *, school, kind: str, filename: str, content: bytes, user=None, content_type: str = ""
) -> Evidence:
    """A document the platform made itself (demo files, generated dossiers): written by the server,
    checked by the same rules as a browser's upload, recorded as verified. No person's right is
    asked: only the platform's own code calls this (no page or endpoint does); `user` is whom the
    file is recorded for."""
    if kind not in Evidence.Kind.values:
        raise EvidenceError("Loại minh chứng không hợp lệ.")
    declared, sha256 = inspect_bytes(filename, content, content_type, error=EvidenceError)
    name, content_type, size = declared.filename, declared.content_type, declared.size
    key = object_key(school.schema_name, kind, name)
    get_object_storage().put(key, content, content_type)
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
    require(can_view_evidence(evidence, request.user, request.school), VIEW_REFUSAL)
    if evidence.status != Evidence.Status.VERIFIED:
        raise EvidenceError("Tệp chưa được kiểm tra xong nên chưa tải về được.")
    url = get_object_storage().presigned_get_url(evidence.key, evidence.filename, request=request)
    # The address is handed out only once the read of the person's file is on record.
    log_evidence_read(request, evidence)
    return url
