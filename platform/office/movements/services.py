"""Every write on movements and their documents. Documents go from the browser straight to object
storage (DESIGN.md §3 rule 5), with the same three steps as the schools' evidence (start, post,
complete) so the page reuses evidence/upload.js."""

from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from office.audit.services import record_event
from office.core.errors import Invalid, require
from office.core.object_storage import PresignedPost, authority_object_key, get_object_storage
from office.core.school_years import clean_school_year
from office.core.uploads import (
    checked_declaration,
    inspect_bytes,
    inspect_stored,
    max_upload_bytes,
    seal_upload,
)
from office.movements.models import Movement, MovementDocument
from office.movements.permissions import MOVEMENT_REFUSED, can_change_movement, can_launch_movement

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


def _reject(document: MovementDocument, reason: str, *, user) -> None:
    get_object_storage().delete(document.key)
    with transaction.atomic():
        document.status = MovementDocument.Status.REJECTED
        document.save(update_fields=["status"])
        record_event("movement.document_rejected", document.movement, user=user, summary=reason)
    raise MovementError(reason)


def complete_document_upload(document: MovementDocument, *, user) -> MovementDocument:
    """Read the object back: the size declared, the first bytes of the declared type, its SHA-256.
    A mismatch deletes the object and refuses it. What is checked is a sealed copy
    (office.core.uploads.seal_upload): posting the upload form again afterwards changes nothing."""
    with transaction.atomic():
        # Locked: two confirmations of one upload would each seal a copy.
        document = MovementDocument.objects.select_for_update().select_related("movement").get(pk=document.pk)
        require(can_change_movement(user, document.movement), MOVEMENT_REFUSED)
        if document.status == MovementDocument.Status.VERIFIED:
            return document
        if document.status == MovementDocument.Status.REJECTED:
            raise MovementError("Tệp này đã bị từ chối; hãy tải lên lại.")
        upload_key = document.key
        document.key = authority_object_key(document.movement.authority_id, "movements", document.filename)
        seal_upload(upload_key, document.key, filename=document.filename, error=MovementError)
        document.save(update_fields=["key"])
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
    storage = get_object_storage()
    transaction.on_commit(lambda: [storage.delete(key) for key in keys])
