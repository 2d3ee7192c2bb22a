"""Reads of a school's own data. The connection is already on the school's schema (by host or by
the task's schema), so these never name a school.

The selectors about a person's record (awards_of, service_years, active_restrictions,
maternity_periods) are what the rules checker, the registration campaign and the nominations read;
each reads `staff.status_periods.all()` / `staff.awards.all()`, so a caller that loops over many
people prefetches those once (see staff_with_records) and pays no query per person."""

import calendar
import datetime
from decimal import ROUND_DOWN, Decimal

import django_filters
from django import forms
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from office.accounts.models import SCHOOL_ROLES
from office.accounts.selectors import members_with_roles
from office.audit.models import AuditEvent
from office.core.collation import by_person
from office.core.school_years import school_year_end
from office.core.text import search_key, single_spaced
from plans.staff.models import AwardRecord, Department, Staff, StaffStatusPeriod


def staff_count_day(school_year: str, today: datetime.date | None = None) -> datetime.date:
    """The day a school year's staff is counted on: its last day (31/08), or today while it runs."""
    return min(datetime.date(school_year_end(school_year), 8, 31), today or timezone.localdate())


def employed_on(day: datetime.date) -> Q:
    """Who was on the school's staff on `day`: arrived by then (a date of arrival nobody typed counts
    as arrived) and not yet gone. Someone marked as gone with no date is counted on no day, as the
    register counted them before leaving dates were kept."""
    arrived = (Q(joined_school_on__isnull=True) | Q(joined_school_on__lte=day)) & (
        Q(joined_sector_on__isnull=True) | Q(joined_sector_on__lte=day)
    )
    still_there = Q(left_school_on__gt=day) | (Q(left_school_on__isnull=True) & ~Q(status=Staff.Status.LEFT))
    return arrived & still_there


def staff_list() -> QuerySet[Staff]:
    return Staff.objects.select_related("department").order_by(*by_person(), "pk")


class StaffFilter(django_filters.FilterSet):
    """The one definition of "the staff shown": the list page, its batch actions (which act on
    every result of the filter, not the page shown) and the API all filter through it."""

    q = django_filters.CharFilter(
        label="Tìm theo tên",
        method="search",
        widget=forms.TextInput(attrs={"placeholder": "Họ tên, có dấu hoặc không dấu"}),
    )
    department = django_filters.ModelChoiceFilter(
        label="Tổ", queryset=Department.objects.all(), empty_label="Tất cả các tổ"
    )
    teaches = django_filters.BooleanFilter(
        label="Trực tiếp giảng dạy",
        widget=forms.Select(
            choices=[("", "Tất cả"), ("true", "Trực tiếp giảng dạy"), ("false", "Không giảng dạy")]
        ),
    )
    gender = django_filters.ChoiceFilter(
        label="Giới tính", choices=Staff.Gender.choices, empty_label="Tất cả"
    )
    status = django_filters.ChoiceFilter(
        label="Trạng thái", choices=Staff.Status.choices, empty_label="Tất cả"
    )

    class Meta:
        model = Staff
        fields = ["q", "department", "teaches", "gender", "status"]

    def search(self, queryset, name, value):
        words = single_spaced(value)
        if not words:
            return queryset
        return queryset.filter(Q(full_name__icontains=words) | Q(search_name__contains=search_key(words)))


def filtered_staff(params) -> tuple[StaffFilter, QuerySet[Staff]]:
    """The filter bound to request parameters, and every matching person (an invalid filter value
    matches nothing rather than everything, so a batch action never widens by mistake)."""
    staff_filter = StaffFilter(params, queryset=staff_list())
    if not staff_filter.is_valid():
        return staff_filter, Staff.objects.none()
    return staff_filter, staff_filter.qs


def staff_detail(pk: int) -> Staff:
    return staff_list().get(pk=pk)


def staff_with_records() -> QuerySet[Staff]:
    """Staff with their status periods and awards prefetched: two queries for any number of people."""
    return staff_list().prefetch_related(
        Prefetch("status_periods", queryset=StaffStatusPeriod.objects.order_by("-starts_on", "-pk")),
        Prefetch("awards", queryset=AwardRecord.objects.order_by("-year", "title", "pk")),
    )


def linkable_accounts(school):
    """Accounts a register entry may be tied to: people with a role in this school."""
    return members_with_roles(school, SCHOOL_ROLES).order_by(*by_person(), "username")


def staff_of_account(user) -> Staff | None:
    """The staff record linked to an account (one at most): who "I" am in this school."""
    if not getattr(user, "pk", None):
        return None
    return Staff.objects.select_related("department").filter(user_id=user.pk).first()


def staff_history(staff: Staff) -> QuerySet[AuditEvent]:
    """Every recorded change of a person's record: the entry itself, its periods and its awards
    (also those since deleted, found by the person's id in what was recorded)."""
    own = Q(object_type="plans.staff", object_id=str(staff.pk))
    related = Q(object_type__in=["plans.staffstatusperiod", "plans.awardrecord"]) & (
        Q(after__staff=staff.pk) | Q(before__staff=staff.pk)
    )
    return AuditEvent.objects.filter(own | related).select_related("user")


# --- Status periods ----------------------------------------------------------------------------------


def status_periods_of(staff: Staff) -> list[StaffStatusPeriod]:
    return sorted(staff.status_periods.all(), key=lambda p: (p.starts_on, p.pk), reverse=True)


def active_restrictions(staff: Staff, on: datetime.date) -> list[StaffStatusPeriod]:
    """Discipline in effect, or an investigation or complaint pending, on that date: while any
    lasts the person is not commended (NĐ 98/2023 Art. 4)."""
    return [
        period
        for period in status_periods_of(staff)
        if period.kind in StaffStatusPeriod.RESTRICTING and period.is_ongoing(on)
    ]


def maternity_periods(staff: Staff) -> list[StaffStatusPeriod]:
    """Maternity leave counts as working time; the checker reads these to say so, never to refuse."""
    return [p for p in status_periods_of(staff) if p.kind == StaffStatusPeriod.Kind.MATERNITY]


def discipline_periods(staff: Staff) -> list[StaffStatusPeriod]:
    return [p for p in status_periods_of(staff) if p.kind == StaffStatusPeriod.Kind.DISCIPLINE]


def restrictions_by_staff(on: datetime.date) -> dict[int, list[StaffStatusPeriod]]:
    """active_restrictions for the whole school in one query: {staff id: periods}."""
    result: dict[int, list[StaffStatusPeriod]] = {}
    periods = StaffStatusPeriod.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on),
        kind__in=StaffStatusPeriod.RESTRICTING,
        starts_on__lte=on,
    ).order_by("-starts_on", "-pk")
    for period in periods:
        result.setdefault(period.staff_id, []).append(period)
    return result


# --- Years of service --------------------------------------------------------------------------------

DAYS_PER_YEAR = Decimal("365.25")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _years_between(start: datetime.date, end: datetime.date) -> Decimal:
    """Whole months by the calendar, then the days left over: 20 anniversaries are exactly 20.00
    years whatever the leap days."""
    if end <= start:
        return Decimal(0)
    months = (end.year - start.year) * 12 + end.month - start.month
    if _add_months(start, months) > end:
        months -= 1
    days = (end - _add_months(start, months)).days
    return Decimal(months) / 12 + Decimal(days) / DAYS_PER_YEAR


def _served_spans(
    periods, start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """[start, end) without the days the periods cover (each inclusive of its last day)."""
    gaps = []
    for period in periods:
        first = max(period.starts_on, start)
        after_last = min(period.ends_on + datetime.timedelta(days=1) if period.ends_on else end, end)
        if first < after_last:
            gaps.append((first, after_last))
    spans, reached = [], start
    for first, after_last in sorted(gaps):
        if first > reached:
            spans.append((reached, first))
        reached = max(reached, after_last)
    if reached < end:
        spans.append((reached, end))
    return spans


def service_years(staff: Staff, on: datetime.date) -> Decimal | None:
    """Years in the education sector up to `on` as the Kỷ niệm chương rule counts them (TT 29/2023):
    from the date of joining the sector, plus the years of study or military service that count,
    minus the time under discipline (each stretch served is counted by the calendar, so 2005-09-01
    to 2025-03-01 is 19.50). Rounded down to hundredths, so 19.999 never reads as 20. None when the
    date of joining the sector is not known: the checker then says it cannot tell."""
    if staff.joined_sector_on is None:
        return None
    spans = _served_spans(discipline_periods(staff), staff.joined_sector_on, on)
    years = sum((_years_between(first, end) for first, end in spans), Decimal(0))
    return (years + staff.years_in_study_or_military).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


# --- Award history -----------------------------------------------------------------------------------


def award_list() -> QuerySet[AwardRecord]:
    return AwardRecord.objects.select_related("staff", "staff__department").order_by("-year", "title", "pk")


def awards_of(staff: Staff) -> list[AwardRecord]:
    """A person's titles and forms, newest year first (uses a prefetch of staff.awards if present)."""
    return sorted(staff.awards.all(), key=lambda a: (-a.year, a.title, a.pk))


def collective_awards() -> list[AwardRecord]:
    """What the school received as a collective: itself, or one of its departments (tổ) as named."""
    return list(
        AwardRecord.objects.filter(staff__isnull=True)
        .select_related("department")
        .order_by("-year", "title", "pk")
    )


def awards_by_staff() -> dict[int, list[AwardRecord]]:
    """awards_of for the whole school in one query: {staff id: awards, newest first}."""
    result: dict[int, list[AwardRecord]] = {}
    for award in AwardRecord.objects.filter(staff__isnull=False).order_by("-year", "title", "pk"):
        result.setdefault(award.staff_id, []).append(award)
    return result


def initiative_uses() -> dict[int, list[AwardRecord]]:
    """{initiative id: the awards that cite it}: the single-use rule reads this (more than one award
    for an id is a breach)."""
    uses: dict[int, list[AwardRecord]] = {}
    for award in AwardRecord.objects.exclude(initiative_ids=[]).select_related("staff"):
        for initiative_id in award.initiative_ids:
            uses.setdefault(int(initiative_id), []).append(award)
    return uses
