"""Every write on evidence files. The browser uploads straight to object storage (DESIGN.md §3 rule
5); the server decides up front what may be uploaded, then reads the object back and keeps it only if
its real size and type are what was declared.

Refused files never stay in storage: a mismatch marks the row rejected (with an audit record), then
deletes the object once that is committed, and raises EvidenceError with a Vietnamese message.

Storage that does not answer (StorageUnavailable, a 503 with its own message) changes nothing: the row
stays pending, and beat's sweep (`sweep_pending_uploads`) finishes it later, or marks it abandoned
once its upload form has expired with nothing arrived."""

import logging

from django.db import transaction
from django.utils import timezone

from office.audit.services import record_event
from office.core.deletions import delete_objects_on_commit, remember_for_deletion
from office.core.errors import Invalid, require
from office.core.object_storage import PresignedPost, StorageUnavailable, get_object_storage, object_key
from office.core.uploads import (
    ABANDONED_MESSAGE,
    Tampered,
    abandoned_after,
    checked_declaration,
    inspect_bytes,
    inspect_stored,
    max_upload_bytes,
    megabytes,  # noqa: F401 - the evidence pages read sizes through here
    read_verified,
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

logger = logging.getLogger(__name__)


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


def _mark_rejected(evidence: Evidence, reason: str, *, user, action: str = "evidence.rejected") -> None:
    """The record first; its object is deleted once that is committed (office.core.deletions)."""
    with transaction.atomic():
        evidence.status = Evidence.Status.REJECTED
        evidence.rejection_reason = reason[:300]
        evidence.save(update_fields=["status", "rejection_reason"])
        record_event(action, evidence, user=user, summary=reason)
        delete_objects_on_commit([evidence.key], reason=action)


def _reject(evidence: Evidence, reason: str, *, user) -> None:
    _mark_rejected(evidence, reason, user=user)
    raise EvidenceError(reason)


def _seal(evidence: Evidence, *, school) -> tuple[Evidence, str] | None:
    """Move the upload to a sealed key of its own: (the row, the key it was uploaded to), or None
    when it is verified already. If storage fails half-way, the row keeps its key (rolled back) and
    a copy that may already sit at the new key is remembered for deletion."""
    sealed_key = object_key(school.schema_name, evidence.kind, evidence.filename)
    try:
        with transaction.atomic():
            # Locked: two confirmations of one upload would each seal a copy.
            evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
            if evidence.status == Evidence.Status.VERIFIED:
                return None
            if evidence.status == Evidence.Status.REJECTED:
                raise EvidenceError(evidence.rejection_reason or "Tệp này đã bị từ chối; hãy tải lên lại.")
            upload_key = evidence.key
            evidence.key = sealed_key
            seal_upload(upload_key, evidence.key, filename=evidence.filename, error=EvidenceError)
            evidence.save(update_fields=["key"])
    except StorageUnavailable:
        remember_for_deletion([sealed_key], reason="evidence.seal_interrupted")
        raise
    return evidence, upload_key


def complete_upload(evidence: Evidence, *, user, school=None) -> Evidence:
    """Read the uploaded object back: real size within the limit and equal to what was declared,
    first bytes of the declared type, SHA-256 by streaming. Anything else is deleted and refused.
    The bytes checked are those of the sealed copy (office.core.uploads.seal_upload), which is what
    every download reads: posting the upload form again afterwards changes nothing.
    `school` defaults to the school of the connection's schema, where the row lives.
    Storage not answering raises StorageUnavailable (503) and leaves the row pending."""
    school = school if school is not None else current_school()
    require(can_complete_upload(user, school, evidence), COMPLETE_REFUSAL)
    return _verify(evidence, school=school, user=user)


def _verify(evidence: Evidence, *, school, user) -> Evidence:
    sealed = _seal(evidence, school=school)
    if sealed is None:
        return Evidence.objects.get(pk=evidence.pk)
    evidence, upload_key = sealed
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
    the caller may see it (the API's answer; the pages serve `read_for_download`'s checked copy)."""
    require(can_view_evidence(evidence, request.user, request.school), VIEW_REFUSAL)
    if evidence.status != Evidence.Status.VERIFIED:
        raise EvidenceError("Tệp chưa được kiểm tra xong nên chưa tải về được.")
    url = get_object_storage().presigned_get_url(evidence.key, evidence.filename, request=request)
    # The address is handed out only once the read of the person's file is on record.
    log_evidence_read(request, evidence)
    return url


def read_for_download(evidence: Evidence, *, user, school):
    """The file's bytes for who may see it (plans.evidence.permissions), from a copy compared with the
    size and SHA-256 recorded when it was checked, as the office's downloads are: a file replaced in
    storage is refused as tampered (409) and audited. None when the object is gone; storage not
    answering raises StorageUnavailable (503)."""
    require(can_view_evidence(evidence, user, school), VIEW_REFUSAL)
    if evidence.status != Evidence.Status.VERIFIED:
        raise EvidenceError("Tệp chưa được kiểm tra xong nên chưa tải về được.")
    try:
        return read_verified(
            evidence.key, filename=evidence.filename, sha256=evidence.sha256, size=evidence.size
        )
    except Tampered as exc:
        record_event("evidence.tampered", evidence, user=user, summary=evidence.filename, after=exc.evidence)
        raise


def finish_pending_upload(evidence_id: int, *, school) -> Evidence | None:
    """Beat's answer to an upload left pending past its form's lifetime (the browser closed, storage
    down when it confirmed): verified like a confirmation when its object is there, else marked
    abandoned (rejected, with the reason shown on the page) and any object at its key deleted after
    commit. None when someone else finished it meanwhile. StorageUnavailable leaves it pending."""
    with transaction.atomic():
        evidence = (
            Evidence.objects.select_for_update(skip_locked=True)
            .filter(pk=evidence_id, status=Evidence.Status.PENDING)
            .first()
        )
        if evidence is None:
            return None
        arrived = get_object_storage().stat(evidence.key) is not None
        if not arrived:
            _mark_rejected(
                evidence,
                ABANDONED_MESSAGE.format(filename=evidence.filename),
                user=None,
                action="evidence.abandoned",
            )
            return evidence
    try:
        return _verify(evidence, school=school, user=None)
    except EvidenceError:
        return Evidence.objects.get(pk=evidence.pk)  # refused: recorded as rejected, object deleted


def sweep_pending_uploads(*, school, now=None, limit: int = 500) -> int:
    """Every upload of this school still pending past `abandoned_after()`, finished or abandoned;
    returns how many were settled. Storage down stops the round, the rest waits for the next."""
    cutoff = (now or timezone.now()) - abandoned_after()
    pending = Evidence.objects.filter(status=Evidence.Status.PENDING, created_at__lt=cutoff)
    settled = 0
    for evidence_id in pending.order_by("pk").values_list("pk", flat=True)[:limit]:
        try:
            if finish_pending_upload(evidence_id, school=school) is not None:
                settled += 1
        except StorageUnavailable:
            logger.warning("storage unavailable: pending uploads of %s left for the next sweep", school)
            break
    return settled
