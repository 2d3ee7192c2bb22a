"""Every write on movements and their documents. Documents go from the browser straight to object
storage (DESIGN.md §3 rule 5), with the same three steps as the schools' evidence (start, post,
complete) so the page reuses evidence/upload.js. Storage that does not answer while a document is
checked changes nothing (StorageUnavailable, 503): the row stays pending and beat's sweep
(`sweep_pending_documents`) finishes it, or marks it abandoned once its upload form has expired."""

import logging
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from office.audit.services import record_event
from office.core.deletions import delete_objects_on_commit, remember_for_deletion
from office.core.errors import Invalid, require
from office.core.object_storage import (
    PresignedPost,
    StorageUnavailable,
    authority_object_key,
    get_object_storage,
)
from office.core.school_years import clean_school_year
from office.core.uploads import (
    ABANDONED_MESSAGE,
    abandoned_after,
    checked_declaration,
    inspect_bytes,
    inspect_stored,
    max_upload_bytes,
    seal_upload,
)
from office.movements.models import Movement, MovementDocument
from office.movements.permissions import MOVEMENT_REFUSED, can_change_movement, can_launch_movement

logger = logging.getLogger(__name__)
EDITABLE_FIELDS = ("name", "kind", "school_year", "starts_on", "ends_on", "description", "criteria")


class MovementError(Invalid, ValueError):
    """A change that is refused; the message is for the user, in Vietnamese."""


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _clean(fields: dict) -> dict:
    name = " ".join(str(fields.get("name") or "").split())
    if not name:
        raise MovementError("Hãy ghi tên phong trào.")
    if len(name) > 500:
        raise MovementError("Tên phong trào dài quá 500 ký tự.")
    kind = fields.get("kind") or Movement.Kind.REGULAR
    if kind not in Movement.Kind.values:
        raise MovementError("Hình thức thi đua không hợp lệ.")
    school_year = str(fields.get("school_year") or "").strip()
    if school_year:
        school_year = clean_school_year(school_year, MovementError)
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise MovementError(f"Ngày kết thúc {_vn(ends_on)} đứng trước ngày bắt đầu {_vn(starts_on)}.")
    return {
        "name": name,
        "kind": kind,
        "school_year": school_year,
        "starts_on": starts_on or None,
        "ends_on": ends_on or None,
        "description": str(fields.get("description") or "").strip(),
        "criteria": str(fields.get("criteria") or "").strip(),
    }


def _snapshot(movement: Movement) -> dict:
    values = {field: getattr(movement, field) for field in EDITABLE_FIELDS}
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


@transaction.atomic
def launch_movement(
    *, authority, user, launched_at: datetime | None = None, by_system: bool = False, **fields
) -> Movement:
    """The authority launches a movement; it reaches every school of its subtree at once. With
    `launched_at`, a movement launched in the past is recorded (the district office's, before 2025):
    the authority must have existed on that day rather than today. `by_system` is for code that
    records movements with no person behind them (the demo's history); no request passes it."""
    if not by_system:
        require(can_launch_movement(user, authority), MOVEMENT_REFUSED)
    launched_at = launched_at or timezone.now()
    day = timezone.localdate(launched_at)
    if authority.valid_to is not None and authority.valid_to < day:
        raise MovementError(f"{authority.name} đã giải thể, không phát động phong trào mới được.")
    if authority.valid_from is not None and day < authority.valid_from:
        raise MovementError(f"{authority.name} chưa thành lập vào ngày {_vn(day)}.")
    movement = Movement.objects.create(
        authority=authority, launched_by=user, launched_at=launched_at, **_clean(fields)
    )
    record_event("movement.launched", movement, user=user, after=_snapshot(movement), summary=movement.name)
    return movement


@transaction.atomic
def update_movement(movement: Movement, *, user, by_system: bool = False, **fields) -> Movement:
    """`by_system`: as for launch_movement, a change made by code with no person behind it."""
    if not by_system:
        require(can_change_movement(user, movement), MOVEMENT_REFUSED)
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    before = _snapshot(movement)
    for field, value in _clean(fields).items():
        setattr(movement, field, value)
    movement.save()
    after = _snapshot(movement)
    if after != before:
        record_event(
            "movement.updated", movement, user=user, before=before, after=after, summary=movement.name
        )
    return movement


def start_document_upload(
    movement: Movement, *, filename: str, content_type: str, size, user, request=None
) -> tuple[MovementDocument, PresignedPost]:
    """Check what the browser is about to upload and hand it a presigned POST fixing key, type and size."""
    require(can_change_movement(user, movement), MOVEMENT_REFUSED)
    declared = checked_declaration(filename, content_type, size, error=MovementError)
    key = authority_object_key(movement.authority_id, "movements", declared.filename)
    document = MovementDocument.objects.create(
        movement=movement,
        key=key,
        filename=declared.filename,
        size=declared.size,
        content_type=declared.content_type,
        uploaded_by=user,
    )
    post = get_object_storage().presigned_post(
        key, declared.content_type, max_upload_bytes(), request=request
    )
    return document, post


def _mark_rejected(
    document: MovementDocument, reason: str, *, user, action: str = "movement.document_rejected"
) -> None:
    """The record first; its object is deleted once that is committed (office.core.deletions)."""
    with transaction.atomic():
        document.status = MovementDocument.Status.REJECTED
        document.save(update_fields=["status"])
        record_event(action, document.movement, user=user, summary=reason)
        delete_objects_on_commit([document.key], reason=action)


def _reject(document: MovementDocument, reason: str, *, user) -> None:
    _mark_rejected(document, reason, user=user)
    raise MovementError(reason)


def complete_document_upload(document: MovementDocument, *, user) -> MovementDocument:
    """Read the object back: the size declared, the first bytes of the declared type, its SHA-256.
    A mismatch refuses it and deletes the object. What is checked is a sealed copy
    (office.core.uploads.seal_upload): posting the upload form again afterwards changes nothing.
    Storage not answering raises StorageUnavailable (503) and leaves the row pending."""
    return _verify(document, user=user, check_right=True)


def _seal(document: MovementDocument, *, user, check_right: bool) -> MovementDocument | None:
    sealed_key = authority_object_key(document.movement.authority_id, "movements", document.filename)
    try:
        with transaction.atomic():
            # Locked: two confirmations of one upload would each seal a copy.
            document = (
                MovementDocument.objects.select_for_update().select_related("movement").get(pk=document.pk)
            )
            if check_right:
                require(can_change_movement(user, document.movement), MOVEMENT_REFUSED)
            if document.status == MovementDocument.Status.VERIFIED:
                return None
            if document.status == MovementDocument.Status.REJECTED:
                raise MovementError("Tệp này đã bị từ chối; hãy tải lên lại.")
            upload_key = document.key
            document.key = sealed_key
            seal_upload(upload_key, document.key, filename=document.filename, error=MovementError)
            document.save(update_fields=["key"])
    except StorageUnavailable:
        # The row kept its key (rolled back); a copy may already sit at the sealed key.
        remember_for_deletion([sealed_key], reason="movement.document_seal_interrupted")
        raise
    return document


def _verify(document: MovementDocument, *, user, check_right: bool) -> MovementDocument:
    sealed = _seal(document, user=user, check_right=check_right)
    if sealed is None:
        return MovementDocument.objects.select_related("movement").get(pk=document.pk)
    document = sealed
    inspection = inspect_stored(
        document.key,
        filename=document.filename,
        content_type=document.content_type,
        size=document.size,
        error=MovementError,
    )
    if not inspection.accepted:
        _reject(document, inspection.refusal, user=user)
    with transaction.atomic():
        document.status = MovementDocument.Status.VERIFIED
        document.sha256 = inspection.sha256
        document.verified_at = timezone.now()
        document.save(update_fields=["status", "sha256", "verified_at"])
        record_event(
            "movement.document_added",
            document.movement,
            user=user,
            summary=document.filename,
            after={"document": document.pk, "size": document.size, "sha256": document.sha256},
        )
    return document


def store_generated_document(
    movement: Movement, *, filename: str, content: bytes, user=None
) -> MovementDocument:
    """A document written by the server itself (the demo's launching plans), checked like an upload."""
    declared, sha256 = inspect_bytes(filename, content, error=MovementError)
    name, content_type = declared.filename, declared.content_type
    key = authority_object_key(movement.authority_id, "movements", name)
    get_object_storage().put(key, content, content_type)
    with transaction.atomic():
        document = MovementDocument.objects.create(
            movement=movement,
            key=key,
            filename=name,
            size=declared.size,
            content_type=content_type,
            sha256=sha256,
            status=MovementDocument.Status.VERIFIED,
            uploaded_by=user,
            verified_at=timezone.now(),
        )
        record_event(
            "movement.document_added", movement, user=user, summary=name, after={"document": document.pk}
        )
    return document


@transaction.atomic
def withdraw_movement(movement: Movement, *, user) -> None:
    """Remove a movement launched by mistake, with its documents. Plans in the school schemas keep
    their own copy of the name; their link to this row simply stops resolving."""
    require(can_change_movement(user, movement), MOVEMENT_REFUSED)
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    keys = list(movement.documents.values_list("key", flat=True))
    record_event("movement.withdrawn", movement, user=user, before=_snapshot(movement), summary=movement.name)
    movement.documents.all().delete()
    # Django's collector would look for PlanMovement rows in the public schema, where that table does
    # not exist (it lives in each school's schema): delete the row directly.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Movement._meta.db_table} WHERE id = %s", [movement.pk])  # noqa: S608
    # After commit, and remembered in this transaction: a delete refused by storage then is retried
    # by beat's sweep (office.core.deletions), never lost.
    delete_objects_on_commit(keys, reason="movement.withdrawn")


def finish_pending_document(document_id: int) -> MovementDocument | None:
    """Beat's answer to a document left pending past its form's lifetime: verified when its object is
    there, else marked abandoned and any object at its key deleted after commit. None when someone
    else finished it meanwhile; StorageUnavailable leaves it pending."""
    with transaction.atomic():
        document = (
            MovementDocument.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("movement")
            .filter(pk=document_id, status=MovementDocument.Status.PENDING)
            .first()
        )
        if document is None:
            return None
        if get_object_storage().stat(document.key) is None:
            _mark_rejected(
                document,
                ABANDONED_MESSAGE.format(filename=document.filename),
                user=None,
                action="movement.document_abandoned",
            )
            return document
    try:
        return _verify(document, user=None, check_right=False)
    except MovementError:
        return MovementDocument.objects.get(pk=document.pk)


def sweep_pending_documents(*, now=None, limit: int = 500) -> int:
    """Every movement document still pending past `abandoned_after()`, finished or abandoned; returns
    how many were settled. Storage down stops the round, the rest waits for the next."""
    cutoff = (now or timezone.now()) - abandoned_after()
    pending = MovementDocument.objects.filter(status=MovementDocument.Status.PENDING, created_at__lt=cutoff)
    settled = 0
    for document_id in pending.order_by("pk").values_list("pk", flat=True)[:limit]:
        try:
            if finish_pending_document(document_id) is not None:
                settled += 1
        except StorageUnavailable:
            logger.warning("storage unavailable: pending movement documents left for the next sweep")
            break
    return settled
