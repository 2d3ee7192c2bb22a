"""The school's side of an office award decision: its lines for this school are written into the
award history, a batch per transaction, each line once (the award carries the line's reference), with
the outcome of each line reported back to the office's delivery in the same transaction. Runs in the
school's schema, from the delivery task (plans/decision_tasks.py) or the demo."""

from django.db import transaction
from django.urls import reverse

from office.accounts.models import Role
from office.accounts.selectors import members_with_roles
from office.decisions import services as office_decisions
from office.decisions.models import Decision, DecisionLine
from office.rules.vocabulary import EMULATION_TITLES
from plans.nominations.models import Nomination
from plans.notifications.services import notify
from plans.staff.models import AwardRecord, Staff
from plans.staff.services import StaffError, nfc, record_award_from_decision
from tenants.models import School

BATCH_SIZE = 50
Outcome = DecisionLine.Outcome


def _staff_for_lines(lines: list[DecisionLine]) -> dict[int, int | str | None]:
    """Line pk → the school's Staff id, None for the school itself, or the reason it is not found."""
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
                    by_name.setdefault(nfc(name).casefold(), []).append(pk)
            matches = by_name.get(nfc(line.full_name).casefold(), [])
            if len(matches) == 1:
                found[line.pk] = matches[0]
            elif matches:
                found[line.pk] = (
                    f"Trường có {len(matches)} người tên {line.full_name}; hãy ghi tay khen thưởng này."
                )
            else:
                found[line.pk] = f"Không tìm thấy {line.full_name} trong danh sách cán bộ của trường."
    return found


def _earlier_titles(lines: list[DecisionLine], staff: dict, year: int) -> dict[tuple, AwardRecord]:
    """(staff id, title) → the award of that annual title the school already has for the year, not
    written by these lines: it may have been typed in from the paper copy."""
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
        (r.staff_id, r.title): r
        for r in rows.exclude(external_ref__in=[line.external_ref for line in annual])
    }


def _write_line(line: DecisionLine, staff: Staff | None, decision: Decision, earlier: AwardRecord | None):
    if earlier is not None:
        source = f"QĐ số {earlier.decision_number}" if earlier.decision_number else "không ghi số QĐ"
        return Outcome.EXISTING, f"Đã có trong lịch sử khen thưởng ({source}, {earlier.issuer_name}).", None
    try:
        award, created = record_award_from_decision(
            external_ref=line.external_ref,
            staff=staff,
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


def write_batch(delivery, *, batch_size: int = BATCH_SIZE) -> int:
    """Write the next batch of the delivery's lines in one transaction; returns how many lines it took
    (0 when none is left)."""
    decision = delivery.decision
    with transaction.atomic():
        lines = office_decisions.pending_lines(delivery, limit=batch_size)
        if not lines:
            return 0
        staff = _staff_for_lines(lines)
        people = Staff.objects.in_bulk([pk for pk in staff.values() if isinstance(pk, int)])
        earlier = _earlier_titles(lines, staff, int(decision.school_year[-4:]))
        outcomes = {}
        for line in lines:
            who = staff[line.pk]
            if isinstance(who, str):
                outcomes[line.pk] = (Outcome.FAILED, who)
                continue
            person = people.get(who) if who is not None else None
            outcome, note, award = _write_line(line, person, decision, earlier.get((who, line.title)))
            outcomes[line.pk] = (outcome, note)
            if award is not None and person is not None and person.user_id:
                notify(
                    recipient_id=person.user_id,
                    message=f"Bạn được {award.get_title_display()} năm học {award.school_year} theo "
                    f"Quyết định số {decision.number} của {decision.issuer_name}.",
                    link=reverse("staff-record", args=[person.pk], urlconf="plans.urls"),
                )
        office_decisions.record_line_outcomes(delivery, outcomes)
    return len(lines)


def deliver_decision_to_school(delivery_id: int, *, schema_name: str, batch_size: int = BATCH_SIZE) -> int:
    """Write every line of one delivery into the school whose schema is current, batch by batch,
    then tell the principal. Running it again (a redelivered task, a resume) writes nothing twice,
    and a delivery of another school is left alone. Returns the number of lines taken."""
    school = School.objects.get(schema_name=schema_name)
    delivery = office_decisions.start_delivery(delivery_id, school=school)
    if delivery is None or delivery.state == delivery.State.DONE:
        return 0
    taken = 0
    while took := write_batch(delivery, batch_size=batch_size):
        taken += took
    with transaction.atomic():
        if office_decisions.finish_delivery(delivery):
            delivery.refresh_from_db()
            decision = delivery.decision
            for principal in members_with_roles(school, [Role.PRINCIPAL]):
                notify(
                    recipient_id=principal.pk,
                    message=f"Quyết định số {decision.number} của {decision.issuer_name}: đã ghi "
                    f"{delivery.lines_written} khen thưởng vào lịch sử khen thưởng của trường"
                    + (f", {delivery.lines_existing} đã có sẵn" if delivery.lines_existing else "")
                    + (f", {delivery.lines_failed} không ghi được" if delivery.lines_failed else "")
                    + ".",
                    link=reverse("award-list", urlconf="plans.urls"),
                )
    return taken
