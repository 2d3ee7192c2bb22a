"""Every write on the school's good examples: propose, edit, confirm or return (the principal), attach
photos and documents already uploaded through plans.evidence, choose one into a dossier, and send the
year's confirmed examples up on their own. Each change is audited inside its transaction."""

from django.db import transaction
from django.utils import timezone

from office.accounts.models import Role
from office.accounts.selectors import members_with_roles
from office.audit.services import record_event
from office.core.errors import Invalid, require
from office.core.school_years import parse_school_year, school_year_end
from office.submissions.models import Submission
from office.submissions.services import submit
from plans.evidence.models import Evidence
from plans.examples.models import Example, ExampleEvidence
from plans.examples.permissions import (
    CONFIRM_REFUSAL,
    DEPARTMENT_REFUSAL,
    EDIT_REFUSAL,
    PROPOSE_REFUSAL,
    SUBMIT_REFUSAL,
    can_confirm,
    can_edit,
    can_propose,
    can_propose_for,
    can_send_up,
)
from plans.examples.selectors import confirmed_of_year, examples_reference, examples_snapshot, movement_names
from plans.nominations.models import Dossier
from plans.nominations.selectors import dossier_is_editable
from plans.notifications.services import notify
from plans.staff.models import Department, Staff
from plans.staff.selectors import staff_of_account

MAX_ACHIEVEMENTS = 20
EXAMPLES_LINK = "/guong-dien-hinh/"


class ExampleError(Invalid):
    """A refused change; the message is for the user, in Vietnamese."""


def _clean_achievements(achievements) -> list[str]:
    lines = [str(a).strip().lstrip("-–•+ ").strip() for a in achievements or []]
    lines = [line[:500] for line in lines if line]
    if len(lines) > MAX_ACHIEVEMENTS:
        raise ExampleError(f"Ghi tối đa {MAX_ACHIEVEMENTS} thành tích tiêu biểu.")
    return lines


def _subject_fields(subject: str, staff: Staff | None, department: Department | None) -> dict:
    if subject == Example.Subject.PERSON:
        if staff is None:
            raise ExampleError("Hãy chọn cán bộ, giáo viên là gương điển hình.")
        return {"staff": staff, "department": None}
    if subject == Example.Subject.DEPARTMENT:
        if department is None:
            raise ExampleError("Hãy chọn tổ là gương điển hình.")
        return {"staff": None, "department": department}
    if subject == Example.Subject.SCHOOL:
        return {"staff": None, "department": None}
    raise ExampleError("Hãy chọn gương điển hình là cá nhân, tổ hay tập thể nhà trường.")


def _checked(
    *, school, user, school_year, subject, staff, department, title, story, achievements, movement_ids
) -> dict:
    try:
        parse_school_year(school_year)
    except ValueError:
        raise ExampleError("Năm học không hợp lệ (ví dụ 2024-2025).") from None
    fields = _subject_fields(subject, staff, department)
    subject_department = (
        staff.department_id if fields["staff"] else (department.pk if fields["department"] else None)
    )
    own = staff_of_account(user)
    require(
        can_propose_for(
            user,
            school,
            subject=subject,
            department_id=subject_department,
            own_department_id=own.department_id if own else None,
        ),
        DEPARTMENT_REFUSAL,
    )
    title, story = (title or "").strip(), (story or "").strip()
    if not title:
        raise ExampleError("Hãy ghi danh hiệu hoặc dòng giới thiệu của gương điển hình.")
    if len(title) > 300:
        raise ExampleError("Dòng giới thiệu dài tối đa 300 ký tự.")
    if not story:
        raise ExampleError("Hãy kể câu chuyện, thành tích nổi bật của gương điển hình.")
    known = movement_names(school, school_year)
    wanted = sorted({int(pk) for pk in movement_ids or []})
    if any(pk not in known for pk in wanted):
        raise ExampleError(
            "Phong trào được chọn không thuộc các phong trào phát động đến trường trong năm học này."
        )
    return {
        "school_year": school_year,
        "subject": subject,
        **fields,
        "title": title,
        "story": story,
        "achievements": _clean_achievements(achievements),
        "movement_ids": wanted,
    }


def _audit_fields(example: Example) -> dict:
    return {
        "school_year": example.school_year,
        "subject": example.subject,
        "name": example.name,
        "title": example.title,
        "status": example.status,
    }


def _tell_principals(school, message: str, *, except_user) -> None:
    link = EXAMPLES_LINK
    for person in members_with_roles(school, [Role.PRINCIPAL]):
        if person.pk != getattr(except_user, "pk", None):
            # A notification is a row of this schema, written in the change's own transaction: after the
            # commit the connection may already be on another schema (the demo, a task).
            notify(recipient_id=person.pk, message=message, link=link)


@transaction.atomic
def propose_example(
    *,
    school,
    user,
    school_year: str,
    subject: str,
    staff: Staff | None = None,
    department: Department | None = None,
    title: str,
    story: str,
    achievements=(),
    movement_ids=(),
) -> Example:
    require(can_propose(user, school), PROPOSE_REFUSAL)
    fields = _checked(
        school=school,
        user=user,
        school_year=school_year,
        subject=subject,
        staff=staff,
        department=department,
        title=title,
        story=story,
        achievements=achievements,
        movement_ids=movement_ids,
    )
    example = Example.objects.create(**fields, proposed_by=user)
    record_event("example.proposed", example, user=user, after=_audit_fields(example))
    _tell_principals(
        school, f"Gương điển hình mới chờ xác nhận: {example.name} – {example.title}", except_user=user
    )
    return example


@transaction.atomic
def update_example(example: Example, *, school, user, **changes) -> Example:
    """Edit a proposal before it is confirmed; a returned one goes back to the principal."""
    example = Example.objects.select_for_update(of=("self",)).get(pk=example.pk)
    require(can_edit(user, school, example), EDIT_REFUSAL)
    before = _audit_fields(example)
    fields = _checked(
        school=school,
        user=user,
        school_year=changes.get("school_year", example.school_year),
        subject=changes.get("subject", example.subject),
        staff=changes.get("staff", example.staff),
        department=changes.get("department", example.department),
        title=changes.get("title", example.title),
        story=changes.get("story", example.story),
        achievements=changes.get("achievements", example.achievements),
        movement_ids=changes.get("movement_ids", example.movement_ids),
    )
    for name, value in fields.items():
        setattr(example, name, value)
    example.status = Example.Status.PROPOSED
    example.save()
    record_event("example.updated", example, user=user, before=before, after=_audit_fields(example))
    return example


@transaction.atomic
def confirm_example(example: Example, *, school, user) -> Example:
    require(can_confirm(user, school), CONFIRM_REFUSAL)
    example = Example.objects.select_for_update(of=("self",)).get(pk=example.pk)
    if example.status == Example.Status.CONFIRMED:
        raise ExampleError("Gương điển hình này đã được xác nhận.")
    if example.status == Example.Status.RETURNED:
        raise ExampleError("Gương điển hình đã trả lại; chờ người đề xuất bổ sung rồi mới xác nhận.")
    before = _audit_fields(example)
    example.status = Example.Status.CONFIRMED
    example.confirmed_by = user
    example.confirmed_at = timezone.now()
    example.return_note = ""
    example.save(update_fields=["status", "confirmed_by", "confirmed_at", "return_note", "updated_at"])
    record_event("example.confirmed", example, user=user, before=before, after=_audit_fields(example))
    if example.proposed_by_id and example.proposed_by_id != user.pk:
        notify(
            recipient_id=example.proposed_by_id,
            message=f"Hiệu trưởng đã xác nhận gương điển hình {example.name}.",
            link=EXAMPLES_LINK,
        )
    return example


@transaction.atomic
def return_example(example: Example, *, school, user, note: str) -> Example:
    require(can_confirm(user, school), CONFIRM_REFUSAL)
    note = (note or "").strip()
    if not note:
        raise ExampleError("Hãy ghi ý kiến khi trả lại để người đề xuất biết cần bổ sung gì.")
    example = Example.objects.select_for_update(of=("self",)).get(pk=example.pk)
    if example.status != Example.Status.PROPOSED:
        raise ExampleError("Chỉ trả lại được gương điển hình đang chờ xác nhận.")
    before = _audit_fields(example)
    example.status = Example.Status.RETURNED
    example.return_note = note[:2000]
    example.save(update_fields=["status", "return_note", "updated_at"])
    record_event(
        "example.returned", example, user=user, before=before, after=_audit_fields(example), summary=note
    )
    if example.proposed_by_id and example.proposed_by_id != user.pk:
        notify(
            recipient_id=example.proposed_by_id,
            message=f"Gương điển hình {example.name} được trả lại: {note}",
            link=EXAMPLES_LINK,
        )
    return example


@transaction.atomic
def attach_evidence(example: Example, *, evidence_id, label: str, school, user) -> ExampleEvidence:
    """Attach a photo or document the browser has uploaded through plans.evidence and the server has
    verified; the file must be of this register's kind."""
    example = Example.objects.select_for_update(of=("self",)).get(pk=example.pk)
    require(can_edit(user, school, example), EDIT_REFUSAL)
    try:
        evidence = Evidence.objects.get(
            pk=int(evidence_id), kind=Evidence.Kind.EXAMPLE, status=Evidence.Status.VERIFIED
        )
    except (Evidence.DoesNotExist, TypeError, ValueError):
        raise ExampleError("Tệp chưa tải lên xong hoặc đã bị từ chối; hãy tải lên lại.") from None
    if example.evidence_links.filter(evidence=evidence).exists():
        raise ExampleError("Tệp này đã được đính kèm.")
    label = (label or "").strip()[:255] or evidence.filename
    link = ExampleEvidence.objects.create(example=example, evidence=evidence, label=label)
    record_event(
        "example.evidence_attached", example, user=user, after={"evidence": evidence.pk, "label": label}
    )
    return link


@transaction.atomic
def choose_for_dossier(example: Example, *, dossier, school, user) -> Example:
    """Send a confirmed example up with `dossier` (of its school year, still editable); None takes it out."""
    require(can_send_up(user, school), SUBMIT_REFUSAL)
    example = Example.objects.select_for_update(of=("self",)).get(pk=example.pk)
    if dossier is not None:
        # As stored now: whether it was sent since the caller read it decides whether it may change.
        dossier = Dossier.objects.get(pk=dossier.pk)
        if not example.is_confirmed:
            raise ExampleError("Chỉ gửi kèm hồ sơ gương điển hình đã được Hiệu trưởng xác nhận.")
        if dossier.school_year != example.school_year:
            raise ExampleError("Hồ sơ và gương điển hình phải cùng năm học.")
    for changed in {example.dossier, dossier} - {None}:
        if not dossier_is_editable(changed):
            raise ExampleError("Hồ sơ đã được cơ quan quản lý duyệt nên không thay đổi được.")
    before = {"dossier": example.dossier_id}
    example.dossier = dossier
    example.save(update_fields=["dossier", "updated_at"])
    record_event(
        "example.dossier_chosen", example, user=user, before=before, after={"dossier": example.dossier_id}
    )
    return example


@transaction.atomic
def submit_examples(*, school, school_year: str, user) -> Submission:
    """Send the year's confirmed examples up on their own: a new immutable version for the office."""
    require(can_send_up(user, school), SUBMIT_REFUSAL)
    try:
        year = school_year_end(school_year)
    except ValueError:
        raise ExampleError("Năm học không hợp lệ (ví dụ 2024-2025).") from None
    examples = confirmed_of_year(school_year)
    if not examples:
        raise ExampleError(f"Năm học {school_year} chưa có gương điển hình nào được xác nhận.")
    rows, files = examples_snapshot(examples, school=school, movements=movement_names(school, school_year))
    submission = submit(
        school=school,
        kind=Submission.Kind.EXAMPLES,
        reference=examples_reference(school_year),
        year=year,
        title=f"Gương điển hình tiên tiến năm học {school_year} ({len(rows)} gương)",
        payload={
            "school": {"code": school.code, "name": school.name},
            "school_year": school_year,
            "examples": rows,
            "evidence": files,
        },
        user=user,
    )
    Example.objects.filter(pk__in=[e.pk for e in examples]).update(submission_id=submission.pk)
    record_event(
        "example.submitted",
        None,
        user=user,
        after={
            "school_year": school_year,
            "version": submission.version,
            "submission": submission.pk,
            "examples": [e.pk for e in examples],
        },
    )
    return submission
