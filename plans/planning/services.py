"""Every write on a school's plan: import, editing, consultation, issuing, revising, copying.

Issued content is the legal text, so each content edit goes through `_ensure_editable`; the state of a
timeline task (who does it, done or not) is follow-up, not content, and stays editable.

Every service a person triggers asks plans.planning.permissions first and raises Refused before it
writes anything, whoever calls it (a page, the API, a script). The school whose roles count is the one
whose schema holds the plan (tenants.schemas.current_school), unless the service is given it."""

import dataclasses
import re
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from office.accounts.models import Role
from office.accounts.selectors import members_with_roles
from office.audit.services import record_event
from office.authorities.models import Authority
from office.authorities.selectors import authority_chain_of
from office.core.errors import Invalid, require
from office.core.text import nfc, single_spaced
from office.movements.selectors import movement_key, movements_by_key, movements_for_school
from office.submissions.models import Submission
from office.submissions.services import submit
from plans.imports.services import discard_result, take_result
from plans.notifications.services import notify
from plans.planning.calendar import feed_digest, new_feed_secret
from plans.planning.checks import differences_message, unconfirmed_differences
from plans.planning.models import (
    CalendarFeed,
    DocumentCounter,
    LegalBasis,
    Plan,
    PlanCheckConfirmation,
    PlanComment,
    PlanMovement,
    PlanSection,
    PlanTarget,
    PlanTask,
)
from plans.planning.permissions import (
    ASSIGN_TASK_REFUSAL,
    CALENDAR_FEED_REFUSAL,
    COMMENT_REFUSAL,
    FOLLOW_UP_REFUSAL,
    ISSUE_PLAN_REFUSAL,
    MANAGE_PLANS_REFUSAL,
    can_assign_task,
    can_comment_on_plans,
    can_follow_up_task,
    can_hold_calendar_feed,
    can_issue_plan,
    can_manage_plans,
)
from plans.planning.plan_import import ParsedPlan
from plans.planning.plan_import.extract import extract_movements, extract_targets
from plans.planning.selectors import calendar_feed_of, plan_snapshot, submission_reference
from tenants.schemas import current_school

SECTION_KIND_BY_DEPTH = (
    PlanSection.Kind.ROMAN,
    PlanSection.Kind.NUMBER,
    PlanSection.Kind.DECIMAL,
    PlanSection.Kind.LETTER,
)
PLAN_TYPE_ABBREVIATION = "KH"


class PlanError(Invalid):
    """A plan change that is refused; the message is for the user, in Vietnamese."""


def _require_manager_of(user, school=None) -> None:
    require(can_manage_plans(user, school or current_school()), MANAGE_PLANS_REFUSAL)


def _ensure_editable(plan: Plan) -> None:
    # Ask the database, not the instance in hand: a section's cached plan may predate the issue.
    if Plan.objects.filter(pk=plan.pk, status__in=[Plan.Status.ISSUED, Plan.Status.SUPERSEDED]).exists():
        raise PlanError("Kế hoạch đã ban hành nên không sửa được nội dung. Hãy tạo bản sửa đổi.")


# --- Import -----------------------------------------------------------------------------------------


def _body_line(paragraph) -> str:
    if paragraph.kind == "bullet" and paragraph.marker:
        return f"{paragraph.marker} {paragraph.text}"
    return paragraph.text


EXPIRED_IMPORT = "Phiên nhập kế hoạch đã hết hạn hoặc đã được dùng. Vui lòng tải tệp lên lại."


@transaction.atomic
def create_plan_from_import_job(job, *, school, user) -> Plan:
    """The plan an import job parsed (plans.imports), stored as a draft; the job's result is taken in
    the same transaction, so a second confirmation creates nothing."""
    _require_manager_of(user, school)
    staged = take_result(job)
    if staged is None:
        raise PlanError(EXPIRED_IMPORT)
    return create_plan_from_import(
        ParsedPlan.from_data(staged["plan"]),
        school=school,
        filename=staged["filename"],
        encoding=staged["encoding"],
        user=user,
    )


def cancel_plan_import(job, *, school, user) -> None:
    """The parsed plan waiting for review dropped: nothing was saved, nothing will be."""
    _require_manager_of(user, school)
    discard_result(job)


@transaction.atomic
def create_plan_from_import(
    parsed: ParsedPlan, *, school, filename: str, encoding: str, user, by_operator: bool = False
) -> Plan:
    """Store a parsed plan as a draft: every line of the source lands in a field of the plan.

    `by_operator=True` is for the server's import_plan command only: the platform's operator loads a
    school's file from the shell, no person of the school acts, so no school role is asked. No page
    or API passes it."""
    if not by_operator:
        _require_manager_of(user, school)
    header = parsed.header
    signer = parsed.signer
    plan = Plan.objects.create(
        parent_body=nfc(header.parent_body),
        issuing_body=nfc(header.issuing_body) or school.name.upper(),
        number=nfc(header.number),
        place=nfc(header.place),
        issued_on=header.date,
        doc_type=nfc(header.doc_type) or "KẾ HOẠCH",
        title=nfc(header.title)
        or f"Công tác thi đua, khen thưởng năm {header.year or timezone.localdate().year}",
        year=header.year or (header.date.year if header.date else timezone.localdate().year),
        school_years=header.school_years,
        basis_paragraphs=[p.text for p in parsed.basis_paragraphs],
        intro=[_body_line(p) for p in parsed.intro],
        timeline_heading=[p.text for p in parsed.timeline_heading],
        timeline_columns=[{"role": p.kind, "title": p.text} for p in parsed.timeline_columns],
        closing=[p.text for p in parsed.closing],
        # Kept as written, dash included; the document prints one dash (plan_document strips the school's).
        recipients=[_body_line(p) for p in parsed.recipients],
        extra_lines=[p.text for p in parsed.extra_lines],
        signer_prefix=nfc(signer.prefix) if signer else "",
        signer_authority=nfc(signer.authority) if signer else "",
        signer_title=nfc(signer.title) if signer else "",
        signer_name=nfc(signer.name) if signer else "",
        signer_note=nfc(signer.note) if signer else "",
        import_record={
            "filename": filename,
            "encoding": encoding,
            "header_lines": [{"kind": p.kind, "text": p.text, "line": p.source_line} for p in header.lines],
            "recipients_label": parsed.recipients_label.text if parsed.recipients_label else None,
            "timeline_labels": [month.label for month in parsed.timeline],
            "warnings": [],  # filled in below, once the sections they concern have their ids
            "summary": parsed.summary(),
        },
        created_by=user,
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(
            plan=plan,
            position=index,
            doc_type=basis.doc_type,
            number=basis.number or "",
            issued_on=basis.date,
            issuer=basis.issuer or "",
            subject=basis.subject or "",
            raw=basis.raw,
        )
        for index, basis in enumerate(parsed.bases)
    )
    position = 0

    def store(section, parent):
        nonlocal position
        position += 1
        row = PlanSection.objects.create(
            plan=plan,
            parent=parent,
            position=position,
            marker=section.marker,
            kind=section.kind,
            heading=section.heading,
            body="\n".join(_body_line(p) for p in section.paragraphs),
        )
        for child in section.children:
            store(child, row)

    for section in parsed.sections:
        store(section, None)
    # store() numbers the rows 1, 2, … in document order, the order iter_sections() walks them.
    rows_by_position = dict(PlanSection.objects.filter(plan=plan).values_list("position", "pk"))
    section_rows = {id(s): rows_by_position[i] for i, s in enumerate(parsed.iter_sections(), start=1)}
    places = warning_places(parsed, section_rows)
    plan.import_record["warnings"] = [
        {**dataclasses.asdict(w), **places.get(w.line_no, _place_of_whole_document(w.code))}
        for w in parsed.warnings
    ]
    plan.save(update_fields=["import_record"])
    PlanTask.objects.bulk_create(
        PlanTask(
            plan=plan,
            position=index,
            year=month.year or plan.year,
            month=month.month,
            text=task.text,
            owner_text=(task.owner or "")[:255],
            owner_role=OWNER_ROLES.get(single_spaced(task.owner or "").casefold(), ""),
        )
        for index, (month, task) in enumerate((m, t) for m in parsed.timeline for t in m.tasks)
    )
    texts = [p.text for p in parsed.intro] + [
        p.text for section in parsed.iter_sections() for p in section.paragraphs
    ]
    _store_targets(plan, texts)
    _store_movements(plan, school, texts)
    record_event("plan.imported", plan, user=user, summary=f"Nhập từ tệp {filename}", after=parsed.summary())
    return plan


# The owner cell of an appendix row names a role more often than a person.
OWNER_ROLES = {
    "hiệu trưởng": Role.PRINCIPAL,
    "phó hiệu trưởng": Role.VICE_PRINCIPAL,
    "thư ký hội đồng": Role.COUNCIL_SECRETARY,
    "thư ký hội đồng thi đua, khen thưởng": Role.COUNCIL_SECRETARY,
}
# Warnings about the whole document (no line): the part of the editor they concern.
WHOLE_DOCUMENT_PLACES = {
    "missing_recipients": "ending",
    "missing_signer": "ending",
    "missing_signer_name": "ending",
}


def _place_of_whole_document(code: str) -> dict:
    return {"place": WHOLE_DOCUMENT_PLACES.get(code, "header"), "section": None}


def warning_places(parsed: ParsedPlan, section_rows: dict[int, int]) -> dict[int, dict]:
    """Where each source line went, as the editor shows it: a section (by its row's pk), or one of
    the parts around the body. The editor shows a warning beside what it concerns, since it never
    shows the source file's line numbers."""
    places: dict[int, dict] = {}

    def put(lines, place, section=None):
        for line in lines:
            places.setdefault(line, {"place": place, "section": section})

    put((p.source_line for p in parsed.header.lines), "header")
    put((p.source_line for p in parsed.basis_paragraphs), "preamble")
    put((b.source_line for b in parsed.bases), "preamble")
    put((p.source_line for p in parsed.intro), "preamble")
    for section in parsed.iter_sections():
        put(
            [section.source_line, *(p.source_line for p in section.paragraphs)],
            "section",
            section_rows[id(section)],
        )
    put((p.source_line for p in (*parsed.timeline_heading, *parsed.timeline_columns)), "timeline")
    for month in parsed.timeline:
        put([month.source_line, *(t.source_line for t in month.tasks)], "timeline")
    ending = [*parsed.closing, *parsed.recipients]
    if parsed.recipients_label is not None:
        ending.append(parsed.recipients_label)
    put((p.source_line for p in ending), "ending")
    put(parsed.signer.source_lines if parsed.signer else [], "ending")
    # A line kept apart (extra_lines) belongs with what comes before it in the file.
    previous = {"place": "header", "section": None}
    for line_no in range(1, max([*places, *(p.source_line for p in parsed.extra_lines), 0]) + 1):
        if line_no in places:
            previous = places[line_no]
        else:
            places[line_no] = previous
    return places


def _store_targets(plan: Plan, texts: list[str]) -> None:
    PlanTarget.objects.bulk_create(
        PlanTarget(plan=plan, position=i, title=t.title, quantity=t.quantity, unit=t.unit, text=t.text)
        for i, t in enumerate(extract_targets(texts))
    )


def _store_movements(plan: Plan, school, texts: list[str]) -> None:
    # The authorities of the plan's own date: a 2024 plan links the district office's movements even
    # though the school answers to a ward today.
    on = plan.issued_on or date(plan.year, 1, 1)
    office_movements = movements_by_key(movements_for_school(school, on))
    PlanMovement.objects.bulk_create(
        PlanMovement(
            plan=plan,
            position=index,
            kind=movement.kind,
            name=movement.name,
            office_movement=office_movements.get(movement_key(movement.name)),
        )
        for index, movement in enumerate(extract_movements(texts))
    )


# --- Editing ----------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(*, issuing_body: str, title: str, year: int, user) -> Plan:
    """A blank draft, to be written in the editor rather than imported from a Word file."""
    _require_manager_of(user)
    issuing_body, title = nfc(issuing_body), nfc(title)
    if not issuing_body or not title:
        raise PlanError("Hãy ghi cơ quan ban hành và trích yếu của kế hoạch.")
    plan = Plan.objects.create(issuing_body=issuing_body, title=title, year=year, created_by=user)
    record_event("plan.created", plan, user=user, summary=title)
    return plan


HEADER_FIELDS = (
    "parent_body",
    "issuing_body",
    "number",
    "place",
    "issued_on",
    "title",
    "year",
    "signer_prefix",
    "signer_authority",
    "signer_title",
    "signer_name",
)


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def update_plan_header(plan: Plan, *, user, **changes) -> Plan:
    _require_manager_of(user)
    _ensure_editable(plan)
    unknown = set(changes) - set(HEADER_FIELDS)
    if unknown:
        raise ValueError(f"not header fields: {sorted(unknown)}")
    before = {name: _jsonable(getattr(plan, name)) for name in changes}
    for name, value in changes.items():
        setattr(plan, name, nfc(value) if isinstance(value, str) else value)
    plan.save()
    after = {name: _jsonable(getattr(plan, name)) for name in changes}
    if before != after:
        record_event("plan.header_changed", plan, user=user, before=before, after=after)
    return plan


@transaction.atomic
def update_plan_lists(
    plan: Plan, *, user, recipients=None, closing=None, intro=None, basis_paragraphs=None
) -> Plan:
    """The free paragraphs around the body, one paragraph per line as the user typed them."""
    _require_manager_of(user)
    _ensure_editable(plan)
    before, after = {}, {}
    for name, text in (
        ("recipients", recipients),
        ("closing", closing),
        ("intro", intro),
        ("basis_paragraphs", basis_paragraphs),
    ):
        if text is not None:
            before[name] = getattr(plan, name)
            setattr(plan, name, [nfc(line) for line in text.splitlines() if line.strip()])
            after[name] = getattr(plan, name)
    plan.save()
    if before != after:
        record_event("plan.paragraphs_changed", plan, user=user, before=before, after=after)
        if before.get("basis_paragraphs") != after.get("basis_paragraphs"):
            # The person edited the bases: what last year's copy flagged has been looked at.
            plan.bases.filter(needs_review=True).update(needs_review=False)
    return plan


@transaction.atomic
def confirm_bases_reviewed(plan: Plan, *, user) -> Plan:
    """The person has read the bases copied from last year's plan and keeps them as they are."""
    _require_manager_of(user)
    _ensure_editable(plan)
    flagged = list(plan.bases.filter(needs_review=True).values_list("raw", flat=True))
    if flagged:
        plan.bases.filter(needs_review=True).update(needs_review=False)
        record_event("plan.bases_reviewed", plan, user=user, before={"needs_review": flagged})
    return plan


def _next_marker(plan: Plan, parent: PlanSection | None) -> tuple[str, str]:
    depth = 0
    ancestor = parent
    while ancestor is not None:
        depth += 1
        ancestor = ancestor.parent
    kind = SECTION_KIND_BY_DEPTH[min(depth, len(SECTION_KIND_BY_DEPTH) - 1)]
    count = PlanSection.objects.filter(plan=plan, parent=parent).count() + 1
    if kind == PlanSection.Kind.ROMAN:
        from plans.planning.plan_import.model import to_roman

        return kind, f"{to_roman(count)}."
    if kind == PlanSection.Kind.NUMBER:
        return kind, f"{count}."
    if kind == PlanSection.Kind.DECIMAL and parent.marker.rstrip("."):
        return kind, f"{parent.marker.rstrip('.')}.{count}."
    if kind == PlanSection.Kind.DECIMAL:
        return kind, f"{count}."  # under a heading made by its Word style, which has no number to extend
    return kind, f"{'abcdđeghiklmnopqrstuvxy'[(count - 1) % 23]})"


@transaction.atomic
def add_section(
    plan: Plan, *, heading: str, user, body: str = "", parent: PlanSection | None = None
) -> PlanSection:
    _require_manager_of(user)
    _ensure_editable(plan)
    heading = nfc(heading)
    if not heading:
        raise PlanError("Tiêu đề mục không được để trống.")
    if parent is not None and parent.plan_id != plan.pk:
        raise PlanError("Mục cha không thuộc kế hoạch này.")
    kind, marker = _next_marker(plan, parent)
    last = PlanSection.objects.filter(plan=plan).aggregate(Max("position"))["position__max"] or 0
    if parent is not None:
        # Put the new child after the parent's last descendant, so the document order stays right.
        last = max([s.position for s in _descendants(parent)] + [parent.position])
        PlanSection.objects.filter(plan=plan, position__gt=last).update(position=F("position") + 1)
    section = PlanSection.objects.create(
        plan=plan, parent=parent, position=last + 1, kind=kind, marker=marker, heading=heading, body=nfc(body)
    )
    record_event("plan.section_added", plan, user=user, after=_section_state(section))
    return section


def _section_state(section: PlanSection) -> dict:
    return {"section": section.pk, "marker": section.marker, "heading": section.heading, "body": section.body}


def _descendants(section: PlanSection) -> list[PlanSection]:
    result = []
    for child in PlanSection.objects.filter(parent=section):
        result.append(child)
        result.extend(_descendants(child))
    return result


@transaction.atomic
def update_section(
    section: PlanSection, *, heading: str, body: str, user, marker: str | None = None
) -> PlanSection:
    _require_manager_of(user)
    _ensure_editable(section.plan)
    heading = nfc(heading)
    if not heading:
        raise PlanError("Tiêu đề mục không được để trống.")
    before = _section_state(section)
    section.heading = heading
    section.body = "\n".join(nfc(line) for line in body.splitlines() if line.strip())
    if marker is not None:
        section.marker = nfc(marker)
    section.save()
    if before != _section_state(section):
        record_event(
            "plan.section_changed", section.plan, user=user, before=before, after=_section_state(section)
        )
    return section


@transaction.atomic
def move_section(section: PlanSection, direction: str, *, user) -> PlanSection:
    """Swap the section (with everything under it) with its previous or next sibling."""
    _require_manager_of(user)
    _ensure_editable(section.plan)
    siblings = list(
        PlanSection.objects.filter(plan=section.plan, parent=section.parent).order_by("position", "pk")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(siblings):
        return section
    first, second = sorted((siblings[index], siblings[other_index]), key=lambda s: s.position)
    first_block = [first, *_descendants(first)]
    second_block = [second, *_descendants(second)]
    start = first.position
    for offset, row in enumerate(
        sorted(second_block, key=lambda s: s.position) + sorted(first_block, key=lambda s: s.position)
    ):
        row.position = start + offset
    PlanSection.objects.bulk_update(first_block + second_block, ["position"])
    section.refresh_from_db()
    record_event(
        "plan.section_moved", section.plan, user=user, after={"section": section.pk, "direction": direction}
    )
    return section


@transaction.atomic
def delete_section(section: PlanSection, *, user) -> None:
    _require_manager_of(user)
    _ensure_editable(section.plan)
    record_event("plan.section_deleted", section.plan, user=user, before=_section_state(section))
    section.delete()


def _task_state(task: PlanTask) -> dict:
    return {
        "task": task.pk,
        "year": task.year,
        "month": task.month,
        "text": task.text,
        "owner_staff": task.owner_staff_id,
        "owner_role": task.owner_role,
        "state": task.state,
    }


@transaction.atomic
def add_task(
    plan: Plan, *, year: int, month: int, text: str, user, owner_staff=None, owner_role: str = ""
) -> PlanTask:
    _require_manager_of(user)
    _ensure_editable(plan)
    text = nfc(text)
    if not text:
        raise PlanError("Nội dung công việc không được để trống.")
    if not 1 <= int(month) <= 12:
        raise PlanError("Tháng phải từ 1 đến 12.")
    position = (PlanTask.objects.filter(plan=plan).aggregate(Max("position"))["position__max"] or 0) + 1
    task = PlanTask.objects.create(
        plan=plan,
        position=position,
        year=year,
        month=month,
        text=text,
        owner_staff=owner_staff,
        owner_role=owner_role,
    )
    record_event("plan.task_added", plan, user=user, after=_task_state(task))
    return task


@transaction.atomic
def update_task(task: PlanTask, *, year: int, month: int, text: str, user) -> PlanTask:
    _require_manager_of(user)
    _ensure_editable(task.plan)
    text = nfc(text)
    if not text:
        raise PlanError("Nội dung công việc không được để trống.")
    if not 1 <= int(month) <= 12:
        raise PlanError("Tháng phải từ 1 đến 12.")
    before = _task_state(task)
    task.year, task.month, task.text = year, month, text
    task.reminded_at = None  # a new month deserves a new reminder
    task.save()
    if before != _task_state(task):
        record_event("plan.task_changed", task.plan, user=user, before=before, after=_task_state(task))
    return task


# Default of assign_task's owner arguments: leave the owner as it is (None means "nobody").
_UNCHANGED = object()


@transaction.atomic
def assign_task(
    task: PlanTask, *, user, owner_staff=_UNCHANGED, owner_role=_UNCHANGED, state: str | None = None
) -> PlanTask:
    """Who does a task and how far it is: follow-up that stays editable after the plan is issued.

    Only the fields given are written, so marking a task done from the school home neither clears
    its owner nor undoes a reminder the daily job recorded meanwhile (`reminded_at`). The task's
    owner may set its state; only a manager may hand it to someone else (an owner value equal to
    the current one is no handover: the API sends the whole row)."""
    school = current_school()
    require(can_follow_up_task(user, school, task), FOLLOW_UP_REFUSAL)
    hands_over = (
        owner_staff is not _UNCHANGED and getattr(owner_staff, "pk", None) != task.owner_staff_id
    ) or (owner_role is not _UNCHANGED and (owner_role or "") != task.owner_role)
    if hands_over:
        require(can_assign_task(user, school), ASSIGN_TASK_REFUSAL)
    roles = dict(PlanTask._meta.get_field("owner_role").choices)
    if owner_role is not _UNCHANGED and owner_role and owner_role not in roles:
        raise PlanError("Vai trò phụ trách không hợp lệ.")
    if state is not None and state not in PlanTask.State.values:
        raise PlanError("Tình trạng công việc không hợp lệ.")
    before = _task_state(task)
    fields = []
    if owner_staff is not _UNCHANGED:
        task.owner_staff = owner_staff
        fields.append("owner_staff")
    if owner_role is not _UNCHANGED:
        task.owner_role = owner_role
        fields.append("owner_role")
    if state is not None:
        task.state = state
        fields.append("state")
    if fields:
        task.save(update_fields=fields)
        if before != _task_state(task):
            record_event("plan.task_assigned", task.plan, user=user, before=before, after=_task_state(task))
    return task


@transaction.atomic
def delete_task(task: PlanTask, *, user) -> None:
    _require_manager_of(user)
    _ensure_editable(task.plan)
    record_event("plan.task_deleted", task.plan, user=user, before=_task_state(task))
    task.delete()


# --- Lifecycle --------------------------------------------------------------------------------------


@transaction.atomic
def open_consultation(plan: Plan, *, school, user) -> Plan:
    """Put the draft before the staff: each member with an account is told and may comment."""
    _require_manager_of(user, school)
    if plan.status != Plan.Status.DRAFT:
        raise PlanError("Chỉ dự thảo mới đưa ra lấy ý kiến được.")
    plan.status = Plan.Status.CONSULTATION
    plan.save(update_fields=["status", "updated_at"])
    record_event(
        "plan.consultation_opened", plan, user=user, before={"status": "draft"}, after={"status": plan.status}
    )
    for member in members_with_roles(school, [Role.STAFF, Role.VICE_PRINCIPAL, Role.COUNCIL_SECRETARY]):
        if member.pk != user.pk:
            notify(
                recipient_id=member.pk,
                message=f"Mời góp ý dự thảo kế hoạch: {plan.title}",
                link=f"/ke-hoach/{plan.pk}/",
            )
    return plan


@transaction.atomic
def add_comment(section: PlanSection, *, user, text: str) -> PlanComment:
    require(can_comment_on_plans(user, current_school()), COMMENT_REFUSAL)
    if not Plan.objects.filter(pk=section.plan_id, status=Plan.Status.CONSULTATION).exists():
        raise PlanError("Kế hoạch không trong thời gian lấy ý kiến.")
    text = nfc(text)
    if not text:
        raise PlanError("Nội dung góp ý không được để trống.")
    comment = PlanComment.objects.create(section=section, author=user, text=text)
    record_event("plan.commented", section.plan, user=user, after={"section": section.pk, "text": text})
    return comment


NUMBER_RE = re.compile(r"^(?P<number>\d+)/(?P<type>[A-Za-zĐđ]+)-")


@transaction.atomic
def record_document_number(*, year: int, number: str) -> None:
    """A number written by hand (or imported) takes its place in the register, so the next number
    the platform gives out comes after it."""
    match = NUMBER_RE.match(number or "")
    if not match:
        return
    counter, _ = DocumentCounter.objects.select_for_update().get_or_create(
        year=year, type_abbreviation=match["type"]
    )
    if int(match["number"]) > counter.last_number:
        counter.last_number = int(match["number"])
        counter.save(update_fields=["last_number"])


@transaction.atomic
def next_document_number(*, year: int, type_abbreviation: str, school) -> str:
    """The next number of the school's register for this year and document type: "13/KH-THLQĐ"."""
    counter, _ = DocumentCounter.objects.select_for_update().get_or_create(
        year=year, type_abbreviation=type_abbreviation
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{counter.last_number:02d}/{type_abbreviation}-{school.abbreviation}"


def _confirm_differences(plan: Plan, *, school, user, codes) -> None:
    """Store the person's yes to each difference they ticked, as it stands now, with who and when."""
    codes = set(codes)
    for difference in unconfirmed_differences(plan, school):
        if difference.code not in codes:
            continue
        PlanCheckConfirmation.objects.create(
            plan=plan, code=difference.code, seen=difference.seen, confirmed_by=user
        )
        record_event(
            "plan.difference_confirmed",
            plan,
            user=user,
            summary=difference.message,
            after={"code": difference.code, "seen": difference.seen},
        )


@transaction.atomic
def issue_plan(plan: Plan, *, school, user, confirm=()) -> Plan:
    """Issue the plan: give it a number if it has none, lock it, retire the version it revises, and
    send its snapshot to the office, all in one transaction.

    A plan whose header, number, signer or year differ from the school's (checks.plan_differences) is
    issued only when every difference is confirmed: `confirm` holds the codes the person ticked. A refusal
    rolls back the confirmations given with it, so nothing changes."""
    require(can_issue_plan(user, school), ISSUE_PLAN_REFUSAL)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (Plan.Status.DRAFT, Plan.Status.CONSULTATION):
        raise PlanError("Kế hoạch này đã được ban hành.")
    if not plan.sections.exists():
        raise PlanError("Kế hoạch chưa có nội dung (chưa có mục nào).")
    if not plan.signer_name:
        raise PlanError("Hãy ghi người ký trước khi ban hành.")
    _confirm_differences(plan, school=school, user=user, codes=confirm)
    unconfirmed = unconfirmed_differences(plan, school)
    if unconfirmed:
        raise PlanError(differences_message(unconfirmed))
    if plan.number:
        record_document_number(year=plan.year, number=plan.number)
    else:
        plan.number = next_document_number(
            year=plan.year, type_abbreviation=PLAN_TYPE_ABBREVIATION, school=school
        )
    if not plan.issued_on:
        plan.issued_on = timezone.localdate()
    before = {"status": plan.status, "number": plan.number}
    plan.status = Plan.Status.ISSUED
    plan.issued_by = user
    plan.issued_at = timezone.now()
    plan.save()
    if plan.previous_version_id:
        Plan.objects.filter(pk=plan.previous_version_id).update(status=Plan.Status.SUPERSEDED)
    submit(
        school=school,
        kind=Submission.Kind.PLAN,
        reference=submission_reference(plan),
        year=plan.year,
        title=f"Kế hoạch {plan.number} – {plan.title}",
        payload=plan_snapshot(plan),
        user=user,
    )
    record_event(
        "plan.issued", plan, user=user, before=before, after={"status": plan.status, "number": plan.number}
    )
    return plan


def _copy_plan(source: Plan, *, user, **overrides) -> Plan:
    fields = {
        f.name: getattr(source, f.name)
        for f in Plan._meta.concrete_fields
        if f.name
        not in {"id", "created_at", "updated_at", "issued_at", "issued_by", "created_by", "import_record"}
    }
    fields.update(status=Plan.Status.DRAFT, created_by=user, issued_by=None, issued_at=None, **overrides)
    copy = Plan.objects.create(**fields)
    LegalBasis.objects.bulk_create(LegalBasis(**{**_plain(b), "plan": copy}) for b in source.bases.all())
    PlanTarget.objects.bulk_create(PlanTarget(**{**_plain(t), "plan": copy}) for t in source.targets.all())
    PlanMovement.objects.bulk_create(
        PlanMovement(**{**_plain(m), "plan": copy}) for m in source.movements.all()
    )
    mapping: dict[int, PlanSection] = {}
    for section in source.sections.order_by("position", "pk"):
        mapping[section.pk] = PlanSection.objects.create(
            **{**_plain(section), "plan": copy, "parent": mapping.get(section.parent_id)}
        )
    return copy


def _plain(row) -> dict:
    skip = {"id", "plan", "parent"}
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.name not in skip}


@transaction.atomic
def revise_plan(plan: Plan, *, user) -> Plan:
    """A new draft version of an issued plan; the issued one stays in force until the new one is issued."""
    _require_manager_of(user)
    if plan.status != Plan.Status.ISSUED:
        raise PlanError("Chỉ kế hoạch đã ban hành mới tạo được bản sửa đổi.")
    if plan.revisions.exclude(status=Plan.Status.SUPERSEDED).exists():
        raise PlanError("Kế hoạch này đã có một bản sửa đổi đang soạn.")
    copy = _copy_plan(
        plan, user=user, version=plan.version + 1, previous_version=plan, number="", issued_on=None
    )
    _copy_tasks(plan, copy, year_shift=0)
    record_event(
        "plan.revised", copy, user=user, summary=f"Bản sửa đổi lần {copy.version} của kế hoạch {plan.number}"
    )
    return copy


def _next_year_text(text: str, year: int) -> str:
    """Move the plan's own year and school years forward by one ("năm 2024" → "năm 2025",
    "2023-2024" → "2024-2025"), leaving other dates alone: cited documents keep their dates."""
    text = re.sub(rf"(năm\s+){year}(?!\d)", rf"\g<1>{year + 1}", text, flags=re.IGNORECASE)
    for first in (year, year - 1):  # the later school year first, so one is not shifted twice
        text = re.sub(rf"(?<!\d){first}(\s*[-–]\s*){first + 1}(?!\d)", rf"{first + 1}\g<1>{first + 2}", text)
    return text


def _copy_tasks(source: Plan, target: Plan, *, year_shift: int) -> None:
    PlanTask.objects.bulk_create(
        PlanTask(
            plan=target,
            position=task.position,
            year=task.year + year_shift,
            month=task.month,
            text=_next_year_text(task.text, task.year) if year_shift else task.text,
            owner_staff_id=task.owner_staff_id,
            owner_role=task.owner_role,
        )
        for task in source.tasks.all()
    )


# The header's governing body (cơ quan chủ quản) of a school is the People's Committee that manages it,
# above the office (Phòng GDĐT, Phòng VH-XH) the school answers to day to day.
GOVERNING_KINDS = (
    Authority.Kind.WARD_PEOPLES_COMMITTEE,
    Authority.Kind.DISTRICT_PEOPLES_COMMITTEE,
    Authority.Kind.CITY_PEOPLES_COMMITTEE,
)


def _governing_body_name(school, year: int, fallback: str) -> str:
    """The school's governing body in force on 1 January of the plan's year, upper case as a header
    prints it: from 2026 a ward's People's Committee, not the "UBND QUẬN …" abolished on 1 July 2025
    that last year's plan names. The plan's own value when the school's history is not known."""
    chain = authority_chain_of(school, date(year, 1, 1)) if school is not None else []
    governing = next((a for a in chain if a.kind in GOVERNING_KINDS), chain[0] if chain else None)
    return governing.name.upper() if governing is not None else fallback


@transaction.atomic
def copy_plan_to_next_year(plan: Plan, *, user, school=None) -> Plan:
    """Next year's draft from this one: years in the title, school years and timeline move forward
    by one; the number and the date are left for the new issue. The governing body is the school's
    managing authority in force in the new year, and every cited document older than the new year is
    flagged for review (LegalBasis.needs_review) until the person confirms or edits the bases."""
    school = school or current_school()
    _require_manager_of(user, school)
    year = plan.year + 1
    if (
        Plan.objects.filter(year=year, previous_version__isnull=True)
        .exclude(status=Plan.Status.SUPERSEDED)
        .exists()
    ):
        raise PlanError(f"Đã có kế hoạch năm {year}.")
    copy = _copy_plan(
        plan,
        user=user,
        year=year,
        version=1,
        previous_version=None,
        number="",
        issued_on=None,
        title=_next_year_text(plan.title, plan.year),
        school_years=[_next_year_text(s, plan.year) for s in plan.school_years],
        intro=[_next_year_text(line, plan.year) for line in plan.intro],
        closing=[_next_year_text(line, plan.year) for line in plan.closing],
        timeline_heading=[_next_year_text(line, plan.year) for line in plan.timeline_heading],
        parent_body=_governing_body_name(school, year, plan.parent_body),
    )
    copy.bases.filter(issued_on__lt=date(year, 1, 1)).update(needs_review=True)
    sections = list(copy.sections.all())
    for section in sections:
        section.heading = _next_year_text(section.heading, plan.year)
        section.body = _next_year_text(section.body, plan.year)
    PlanSection.objects.bulk_update(sections, ["heading", "body"])
    _copy_tasks(plan, copy, year_shift=1)
    record_event("plan.copied_to_next_year", copy, user=user, summary=f"Sao chép từ kế hoạch năm {plan.year}")
    return copy


# --- The person's calendar feed address (Lịch công tác) -------------------------------------------------

# Writing the time of use on every poll would be one more write per request for nothing.
FEED_LAST_USED_PRECISION = timedelta(minutes=1)


@transaction.atomic
def issue_calendar_feed(user, *, school) -> tuple[CalendarFeed, str]:
    """A new calendar address for the person; returns it and its secret, shown this once. A person has
    one address per school: making a new one replaces the old, which stops working at once."""
    require(can_hold_calendar_feed(user, school), CALENDAR_FEED_REFUSAL)
    secret = new_feed_secret()
    now = timezone.now()
    feed = calendar_feed_of(user)
    rotated = feed is not None
    if feed is None:
        feed = CalendarFeed(user_id=user.pk)
    feed.digest, feed.created_at, feed.last_used_at = feed_digest(secret), now, None
    feed.save()
    record_event(
        "calendar_feed.rotated" if rotated else "calendar_feed.created",
        feed,
        user=user,
        summary="Tạo liên kết lịch công tác mới" + (" (liên kết cũ hết hiệu lực)" if rotated else ""),
    )
    return feed, secret


@transaction.atomic
def revoke_calendar_feed(user, *, school) -> bool:
    """The person's calendar address stops working at once (its row goes); False if there was none."""
    require(can_hold_calendar_feed(user, school), CALENDAR_FEED_REFUSAL)
    feed = calendar_feed_of(user)
    if feed is None:
        return False
    record_event("calendar_feed.revoked", feed, user=user, summary="Thu hồi liên kết lịch công tác")
    feed.delete()
    return True


def mark_calendar_feed_used(feed: CalendarFeed, now) -> None:
    if feed.last_used_at is None or now - feed.last_used_at >= FEED_LAST_USED_PRECISION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
        feed.last_used_at = now
