"""The school's side of an office award decision. The office hands over everything needed
(office.decisions.delivery.delivery_instructions): the lines for this school are written into the
award history, a batch per transaction, each line once (the award carries the line's reference,
unique in the school), and the school answers once with the outcome of every line. Runs in the
school's schema, from the delivery task (plans/staff/tasks.py) or the demo."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from office.accounts.models import Role
from office.accounts.selectors import members_with_roles
from office.core.text import single_spaced
from office.decisions.delivery import DeliveryAnswer, Outcome, record_delivery_outcome
from office.rules.vocabulary import EMULATION_TITLES
from plans.nominations.models import Nomination
from plans.notifications.services import notify
from plans.staff.models import AwardRecord, Department, Staff
from plans.staff.services import StaffError, record_award_from_decision
from tenants.schemas import current_school

BATCH_SIZE = 50


@dataclass(frozen=True)
class DecidedLine:
    """One line of the decision for this school, as the office handed it over."""

    pk: int
    external_ref: str
    nomination_ref: int | None
    staff_ref: int | None
    collective: bool
    full_name: str
    title: str
    achievement: str

    @classmethod
    def from_instructions(cls, data: dict) -> "DecidedLine":
        return cls(
            pk=int(data["line"]),
            external_ref=str(data["external_ref"]),
            nomination_ref=data.get("nomination_ref"),
            staff_ref=data.get("staff_ref"),
            collective=bool(data.get("collective")),
            full_name=str(data.get("full_name") or ""),
            title=str(data["title"]),
            achievement=str(data.get("achievement") or ""),
        )


@dataclass(frozen=True)
class DecisionFacts:
    """What the award history records of the decision itself."""

    number: str
    signed_on: datetime.date
    issuer_name: str
    issuer_level: str
    school_year: str

    @classmethod
    def from_instructions(cls, data: dict) -> "DecisionFacts":
        return cls(
            number=data["number"],
            signed_on=datetime.date.fromisoformat(data["signed_on"]),
            issuer_name=data["issuer_name"],
            issuer_level=data.get("issuer_level", ""),
            school_year=data["school_year"],
        )


def _departments_of_lines(lines: list[DecidedLine]) -> dict[int, int]:
    """Line pk → the department (tổ) whose nomination the line decides, for a department's title."""
    nominations = dict(
        Nomination.objects.filter(
            pk__in=[line.nomination_ref for line in lines if line.nomination_ref], department__isnull=False
        ).values_list("pk", "department_id")
    )
    return {line.pk: nominations[line.nomination_ref] for line in lines if line.nomination_ref in nominations}


def _staff_for_lines(lines: list[DecidedLine]) -> dict[int, int | str | None]:
    """Line pk → the school's Staff id, None for a collective (the school or a department), or the
    reason it is not found."""
    found: dict[int, int | str | None] = {}
    nominations = dict(
        Nomination.objects.filter(
            pk__in=[line.nomination_ref for line in lines if line.nomination_ref]
        ).values_list("pk", "staff_id")
    )
    known_staff = set(
        Staff.objects.filter(pk__in=[line.staff_ref for line in lines if line.staff_ref]).values_list(
            "pk", flat=True
        )
    )
    by_name: dict[str, list[int]] | None = None
    for line in lines:
        if line.nomination_ref and line.nomination_ref in nominations:
            found[line.pk] = nominations[line.nomination_ref]
        elif line.collective:
            found[line.pk] = None
        elif line.staff_ref in known_staff:
            found[line.pk] = line.staff_ref
        else:
            if by_name is None:
                by_name = {}
                for pk, name in Staff.objects.values_list("pk", "full_name"):
                    by_name.setdefault(single_spaced(name).casefold(), []).append(pk)
            matches = by_name.get(single_spaced(line.full_name).casefold(), [])
            if len(matches) == 1:
                found[line.pk] = matches[0]
            elif matches:
                found[line.pk] = (
                    f"Trường có {len(matches)} người tên {line.full_name}; hãy ghi tay khen thưởng này."
                )
            else:
                found[line.pk] = f"Không tìm thấy {line.full_name} trong danh sách cán bộ của trường."
    return found


def _earlier_titles(lines: list[DecidedLine], staff: dict, year: int) -> dict[tuple, AwardRecord]:
    """(staff id, department id, title) → the award of that annual title the school already has for the
    year, not written by these lines: it may have been typed in from the paper copy."""
    annual = [
        line for line in lines if line.title in EMULATION_TITLES and not isinstance(staff[line.pk], str)
    ]
    if not annual:
        return {}
    rows = AwardRecord.objects.filter(
        year=year,
        title__in={line.title for line in annual},
        staff_id__in=[staff[line.pk] for line in annual if staff[line.pk] is not None],
    )
    if any(staff[line.pk] is None for line in annual):
        rows = rows | AwardRecord.objects.filter(
            year=year, title__in={line.title for line in annual}, staff__isnull=True
        )
    return {
        (r.staff_id, r.department_id, r.title): r
        for r in rows.exclude(external_ref__in=[line.external_ref for line in annual])
    }


def _write_line(
    line: DecidedLine,
    staff: Staff | None,
    decision: DecisionFacts,
    earlier: AwardRecord | None,
    department=None,
):
    if earlier is not None:
        source = f"QĐ số {earlier.decision_number}" if earlier.decision_number else "không ghi số QĐ"
        return Outcome.EXISTING, f"Đã có trong lịch sử khen thưởng ({source}, {earlier.issuer_name}).", None
    try:
        award, created = record_award_from_decision(
            external_ref=line.external_ref,
            staff=staff,
            department=department,
            school_year=decision.school_year,
            title=line.title,
            decision_number=decision.number,
            decision_date=decision.signed_on,
            issuer_name=decision.issuer_name,
            issuer_level=decision.issuer_level,
            note=line.achievement[:1000],
        )
    except StaffError as exc:
        return Outcome.FAILED, str(exc), None
    return Outcome.WRITTEN, "", award if created else None


def write_batch(lines: list[DecidedLine], decision: DecisionFacts) -> dict[int, tuple[str, str]]:
    """Write one batch of lines in one transaction; the outcome of each line. Lines already written
    (a redelivered or resumed task) are found by their reference and written again as nothing."""
    with transaction.atomic():
        staff = _staff_for_lines(lines)
        departments = _departments_of_lines(lines)
        people = Staff.objects.in_bulk([pk for pk in staff.values() if isinstance(pk, int)])
        units = Department.objects.in_bulk(list(departments.values()))
        earlier = _earlier_titles(lines, staff, int(decision.school_year[-4:]))
        outcomes = {}
        for line in lines:
            who = staff[line.pk]
            if isinstance(who, str):
                outcomes[line.pk] = (Outcome.FAILED, who)
                continue
            person = people.get(who) if who is not None else None
            unit = units.get(departments.get(line.pk))
            outcome, note, award = _write_line(
                line, person, decision, earlier.get((who, getattr(unit, "pk", None), line.title)), unit
            )
            outcomes[line.pk] = (outcome, note)
            if award is not None and person is not None and person.user_id:
                notify(
                    recipient_id=person.user_id,
                    message=f"Bạn được {award.get_title_display()} năm học {award.school_year} theo "
                    f"Quyết định số {decision.number} của {decision.issuer_name}.",
                    link=reverse("staff-record", args=[person.pk], urlconf="plans.urls"),
                )
    return outcomes


def deliver_decision_to_school(instructions: dict, *, batch_size: int = BATCH_SIZE) -> int:
    """Write every line the office handed over into the school whose schema is current, batch by
    batch, answer the office once, and tell the principal when the delivery is done. Instructions
    meant for another school touch nothing. Returns the number of lines taken."""
    school = current_school()
    if school is None or school.pk != instructions["school"]:
        return 0
    decision = DecisionFacts.from_instructions(instructions["decision"])
    lines = [DecidedLine.from_instructions(line) for line in instructions["lines"]]
    outcomes: dict[int, tuple[str, str]] = {}
    for start in range(0, len(lines), batch_size):
        outcomes.update(write_batch(lines[start : start + batch_size], decision))
    with transaction.atomic():
        answer = record_delivery_outcome(instructions["delivery"], school=school, outcomes=outcomes)
        if answer is not None and answer.finished:
            _tell_principals(school, decision, answer)
    return len(lines)


def report_delivery_failure(instructions: dict, error: str) -> None:
    """The school's answer when writing stopped on an error (the task retries after it)."""
    school = current_school()
    if school is not None and school.pk == instructions["school"]:
        record_delivery_outcome(instructions["delivery"], school=school, error=error)


def _tell_principals(school, decision: DecisionFacts, answer: DeliveryAnswer) -> None:
    for principal in members_with_roles(school, [Role.PRINCIPAL]):
        notify(
            recipient_id=principal.pk,
            message=f"Quyết định số {decision.number} của {decision.issuer_name}: đã ghi "
            f"{answer.lines_written} khen thưởng vào lịch sử khen thưởng của trường"
            + (f", {answer.lines_existing} đã có sẵn" if answer.lines_existing else "")
            + (f", {answer.lines_failed} không ghi được" if answer.lines_failed else "")
            + ".",
            link=reverse("award-list", urlconf="plans.urls"),
        )
