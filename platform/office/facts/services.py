"""Writes of the office's projections and timeline."""

import datetime
from collections.abc import Callable

from django.db import transaction

from office.audit.services import record_event
from office.authorities.services import school_year_owner_refusal
from office.core.errors import Invalid, require
from office.facts.models import COUNTERS, OfficeDeadline, SchoolFacts
from office.facts.permissions import DEADLINE_REFUSED, can_set_deadlines_of
from office.submissions.models import Submission


def record_school_facts(school, school_year: str, count: Callable[[], dict]) -> SchoolFacts:
    """Store a school's counters for a school year, as the school-side services count them (`count`).

    This is part of the school→office boundary, like `office.submissions.services.submit`: the school
    side (`plans.facts.services.refresh_school_facts`) calls it inside the transaction of the change that moved
    a counter, so the office's dashboards read current numbers from the public schema alone. A
    projection is not a change of anybody's data, so it is not audited; the change that moved it is.

    The row is locked *before* `count` runs: two changes of one school at once then count one after
    the other, and the second sees the first's rows (READ COMMITTED gives each statement a fresh
    snapshot). Counting first let the second overwrite the first's count with one that missed the
    first's row, until the next change.

    The row is made with INSERT … ON CONFLICT DO NOTHING, then locked: of two first counts of a year
    at once, the second's insert waits for the first to commit and does nothing, and its lock then
    finds the committed row. No unique-violation to catch, no savepoint to roll back."""
    with transaction.atomic():
        SchoolFacts.objects.bulk_create(
            [SchoolFacts(school=school, school_year=school_year)], ignore_conflicts=True
        )
        facts = SchoolFacts.objects.select_for_update().get(school=school, school_year=school_year)
        counters = count()
        unknown = set(counters) - set(COUNTERS)
        if unknown:
            raise ValueError(f"unknown school facts: {sorted(unknown)}")
        for name, value in counters.items():
            setattr(facts, name, value)
        facts.save(update_fields=[*counters, "updated_at"])
    return facts


class DeadlineError(Invalid):
    """A deadline that is refused; the message is for the user, in Vietnamese."""


def _deadline_state(deadline: OfficeDeadline) -> dict:
    return {
        "authority": deadline.authority_id,
        "school_year": deadline.school_year,
        "kind": deadline.kind,
        "due_on": deadline.due_on.isoformat(),
        "label": deadline.label,
    }


def _clean(deadline: OfficeDeadline, *, school_year: str, kind: str, due_on, label: str) -> None:
    label = " ".join(str(label or "").split())
    if kind not in Submission.Kind.values:
        raise DeadlineError("Loại hồ sơ không hợp lệ.")
    if not isinstance(due_on, datetime.date):
        raise DeadlineError("Hãy chọn hạn nộp.")
    if not label:
        raise DeadlineError("Hãy ghi nội dung cần nộp.")
    duplicate = OfficeDeadline.objects.filter(
        authority=deadline.authority, school_year=school_year, kind=kind, due_on=due_on
    ).exclude(pk=deadline.pk)
    if duplicate.exists():
        raise DeadlineError("Đã có hạn nộp cùng loại hồ sơ vào ngày này.")
    deadline.school_year, deadline.kind, deadline.due_on, deadline.label = (
        school_year,
        kind,
        due_on,
        label[:255],
    )


def _set_authority(deadline: OfficeDeadline, authority, school_year: str) -> None:
    """Only an office that existed during the school year sets its deadlines: one dissolved keeps its
    past timeline, but a deadline given to it now would reach none of its former schools."""
    refusal = school_year_owner_refusal(authority, school_year)
    if refusal:
        raise DeadlineError(refusal)
    deadline.authority = authority


@transaction.atomic
def create_deadline(
    *, authority, school_year: str, kind: str, due_on, label: str, user, by_system: bool = False
) -> OfficeDeadline:
    """`by_system` is for code that sets deadlines with no person behind it (the demo, the
    benchmark); no request passes it."""
    if not by_system:
        require(can_set_deadlines_of(user, authority), DEADLINE_REFUSED)
    deadline = OfficeDeadline()
    _set_authority(deadline, authority, school_year)
    _clean(deadline, school_year=school_year, kind=kind, due_on=due_on, label=label)
    deadline.save()
    record_event(
        "deadline.created", deadline, user=user, summary=deadline.label, after=_deadline_state(deadline)
    )
    return deadline


@transaction.atomic
def update_deadline(
    deadline: OfficeDeadline, *, school_year: str, kind: str, due_on, label: str, user, authority=None
):
    """`authority`, when given, moves the deadline to another of the person's offices."""
    require(can_set_deadlines_of(user, deadline.authority), DEADLINE_REFUSED)
    if authority is not None:
        require(can_set_deadlines_of(user, authority), DEADLINE_REFUSED)
    deadline = OfficeDeadline.objects.select_for_update().get(pk=deadline.pk)
    before = _deadline_state(deadline)
    _set_authority(deadline, authority or deadline.authority, school_year)
    _clean(deadline, school_year=school_year, kind=kind, due_on=due_on, label=label)
    deadline.save()
    after = _deadline_state(deadline)
    if before != after:
        record_event(
            "deadline.changed", deadline, user=user, summary=deadline.label, before=before, after=after
        )
    return deadline


@transaction.atomic
def delete_deadline(deadline: OfficeDeadline, *, user) -> None:
    require(can_set_deadlines_of(user, deadline.authority), DEADLINE_REFUSED)
    record_event(
        "deadline.deleted", deadline, user=user, summary=deadline.label, before=_deadline_state(deadline)
    )
    deadline.delete()
