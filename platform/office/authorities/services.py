"""Writes on the authority tree and on which authority a school answers to."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from office.audit.services import record_event
from office.authorities.models import Authority, EvaluationPeriod, SchoolAuthorityPeriod
from office.authorities.permissions import (
    EVALUATION_PERIOD_REFUSED,
    MOVE_REFUSED,
    can_move_school,
    can_set_evaluation_period,
)
from office.authorities.selectors import existed_in_school_year, in_force_on
from office.core.errors import Invalid, require
from office.core.school_years import clean_school_year, parse_school_year


def school_year_owner_refusal(authority: Authority, school_year: str) -> str | None:
    """Why `authority` cannot own work of `school_year` (a deadline, a cluster, a rubric), in
    Vietnamese, or None when it can: after the 2025 reform a dissolved office's new work would reach
    none of the schools that now answer to another office."""
    if existed_in_school_year(authority, school_year):
        return None
    return f"{authority.name} {existence_label(authority)}, không nhận việc của năm học {school_year}."


class SchoolMoveError(Invalid, ValueError):
    """A move that is refused; the message is for the user, in Vietnamese."""


def _vn(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def existence_label(authority: Authority) -> str:
    """ "hoạt động từ 01/07/2025", "đã giải thể từ 01/07/2025": how the tree page states a body's dates."""
    if authority.valid_to is not None:
        return f"đã giải thể từ {_vn(authority.valid_to + timedelta(days=1))}"
    if authority.valid_from is not None:
        return f"hoạt động từ {_vn(authority.valid_from)}"
    return "đang hoạt động"


def open_first_period(school, *, since: date | None = None) -> SchoolAuthorityPeriod:
    """The school's first period, at the authority it is created under. `since` is when it began
    answering to it; left empty, the school is taken to have been there since before the platform."""
    authority = school.authority
    if since is not None and not in_force_on(authority, since):
        raise SchoolMoveError(
            f"{authority.name} không hoạt động vào ngày {_vn(since)} ({existence_label(authority)})."
        )
    return SchoolAuthorityPeriod.objects.create(school=school, authority=authority, valid_from=since)


@transaction.atomic
def move_school(school, *, to: Authority, on: date, user, by_system: bool = False) -> SchoolAuthorityPeriod:
    """The school answers to `to` from `on`: its open period closes the day before and a new one
    opens, School.authority follows, and the move is audited. Refused, changing nothing: an
    authority that does not exist on that day, a day before the open period starts or in the
    future, and a move to the authority the school already has. `by_system` is for code that records
    a move with no person behind it (the demo's 2025 reform); no request passes it."""
    if not by_system:
        require(can_move_school(user, school, to), MOVE_REFUSED)
    from tenants.models import School

    given, school = school, School.objects.select_for_update().get(pk=school.pk)
    current = (
        SchoolAuthorityPeriod.objects.select_for_update().filter(school=school, valid_to__isnull=True).first()
    )
    if not isinstance(on, date):
        raise SchoolMoveError("Hãy chọn ngày chuyển.")
    if on > timezone.localdate():
        raise SchoolMoveError(
            f"Ngày chuyển {_vn(on)} chưa tới: chỉ ghi nhận việc chuyển đã có hiệu lực (từ hôm nay trở về trước)."
        )
    if current is not None and current.authority_id == to.pk:
        raise SchoolMoveError(f"{school.name} đang trực thuộc {to.name}; không có gì để chuyển.")
    if not in_force_on(to, on):
        raise SchoolMoveError(f"{to.name} không hoạt động vào ngày {_vn(on)} ({existence_label(to)}).")
    if current is not None and current.valid_from is not None and on <= current.valid_from:
        raise SchoolMoveError(
            f"Ngày chuyển phải sau ngày {_vn(current.valid_from)}, ngày {school.name} bắt đầu trực thuộc "
            f"{current.authority.name}."
        )
    before = {
        "authority": school.authority.code,
        "since": current.valid_from.isoformat() if current and current.valid_from else None,
    }
    if current is not None:
        current.valid_to = on - timedelta(days=1)
        current.save(update_fields=["valid_to"])
    period = SchoolAuthorityPeriod.objects.create(school=school, authority=to, valid_from=on)
    school.authority = to
    school.save(update_fields=["authority"])
    given.authority = to
    record_event(
        "school.moved",
        school,
        user=user,
        before=before,
        after={"authority": to.code, "since": on.isoformat()},
        summary=f"{school.name} chuyển về {to.name} từ {_vn(on)}",
    )
    return period


@transaction.atomic
def set_evaluation_period(authority: Authority, *, school_year: str, ends_on: date, user) -> EvaluationPeriod:
    """The last day of `school_year`'s evaluation for the schools beneath `authority`, audited with what
    it was before. Refused, changing nothing: a person who does not lead the authority (or one above
    it), a day outside the school year, an authority that did not exist in that year."""
    require(can_set_evaluation_period(user, authority), EVALUATION_PERIOD_REFUSED)
    school_year = clean_school_year(school_year)
    start, end = parse_school_year(school_year)
    first, last = date(start, 9, 1), date(end, 8, 31)
    if not first <= ends_on <= last:
        raise Invalid(
            f"Ngày kết thúc kỳ đánh giá phải nằm trong năm học {school_year} "
            f"(từ {_vn(first)} đến {_vn(last)})."
        )
    refusal = school_year_owner_refusal(authority, school_year)
    if refusal:
        raise Invalid(refusal)
    existing = (
        EvaluationPeriod.objects.select_for_update()
        .filter(authority=authority, school_year=school_year)
        .first()
    )
    before = {"ends_on": existing.ends_on.isoformat()} if existing else None
    period, _ = EvaluationPeriod.objects.update_or_create(
        authority=authority, school_year=school_year, defaults={"ends_on": ends_on, "set_by": user}
    )
    record_event(
        "evaluation_period.set",
        period,
        user=user,
        before=before,
        after={"school_year": school_year, "ends_on": ends_on.isoformat()},
        summary=f"{authority.name}: kỳ đánh giá năm học {school_year} kết thúc ngày {_vn(ends_on)}",
    )
    return period
