"""What the school knows about a candidate, gathered from its own tables into the plain facts the
office's rules checker reads (office.rules.facts). The checker never queries school data itself."""

import dataclasses
import datetime

from django.db.models import Q

from office.core.collation import by_person
from office.core.school_years import parse_school_year
from office.rules.facts import (
    COMPLAINT,
    DISCIPLINE,
    INVESTIGATION,
    CollectiveFacts,
    IndividualFacts,
    InitiativeFact,
    Period,
    RestrictionFact,
    TitleFact,
)
from office.rules.vocabulary import DISCIPLINE_ORDER, RATING_ORDER, Rating, Title
from office.submissions.selectors import collective_rating_of
from plans.emulation.selectors import ratings_by_year, ratings_for_year
from plans.initiatives.selectors import initiative_facts
from plans.nominations.models import (
    DepartmentRating,
    Nomination,
    Objection,
    department_collective_name,
)
from plans.staff.models import AwardRecord, Department, Staff, StaffStatusPeriod
from plans.staff.selectors import (
    awards_of,
    employed_on,
    maternity_periods,
    staff_count_day,
    status_periods_of,
)

RESTRICTION_KINDS = {DISCIPLINE, INVESTIGATION, COMPLAINT}


def _title_facts(awards) -> list[TitleFact]:
    return [
        TitleFact(
            year=award.year,
            title=award.title,
            issuer_name=award.issuer_name,
            decision_date=award.decision_date,
            decision_number=award.decision_number,
        )
        for award in awards
    ]


def _proposed_titles(
    staff: Staff, *, year: int, school_year: str, excluding: Nomination | None
) -> list[TitleFact]:
    """The other titles proposed for the same person this school year: a CSTĐCS needs the LĐTT
    proposed beside it, and a chain may end with this year's proposal."""
    rows = Nomination.objects.filter(staff=staff, school_year=school_year)
    if excluding is not None:
        rows = rows.exclude(pk=excluding.pk)
    return [TitleFact(year=year, title=row.title, proposed=True) for row in rows]


def _open_objections(nomination: Nomination | None) -> list[RestrictionFact]:
    """An objection raised against this candidacy while the list was posted and not yet answered by
    the council is a complaint under review (rule common.discipline, NĐ 98/2023 Art. 4): it blocks the candidacy
    until answered, and the checker cites it."""
    if nomination is None or nomination.pk is None:
        return []
    # The list is posted after the review round whose day the check speaks for: an objection still open
    # holds from the school year's first day, so it blocks on that day too (its own date is in the note).
    year_start = datetime.date(parse_school_year(nomination.school_year)[0], 9, 1)
    return [
        RestrictionFact(
            kind=COMPLAINT,
            starts_on=min(objection.raised_on, year_start),
            note=(
                f"ý kiến phản ánh của {objection.raised_by_name} ngày {objection.raised_on:%d/%m/%Y} "
                f"khi công khai danh sách đề nghị, Hội đồng chưa trả lời: “{objection.reason}”"
            ),
        )
        for objection in Objection.objects.filter(nomination=nomination, status=Objection.Status.OPEN)
    ]


def individual_facts(
    staff: Staff, *, year: int, school_year: str, nomination: Nomination | None = None
) -> IndividualFacts:
    awards = awards_of(staff)
    cited = (nomination.initiative_id,) if nomination is not None and nomination.initiative_id else None
    return IndividualFacts(
        staff_id=staff.pk,
        full_name=staff.full_name,
        gender=staff.gender,
        teaches=staff.teaches,
        # Recruitment into the sector, not arrival at this school: a transfer does not restart the time.
        employed_since=staff.joined_sector_on,
        left_on=staff.left_school_on,
        left_undated=staff.status == Staff.Status.LEFT and staff.left_school_on is None,
        ratings=ratings_by_year(staff),
        titles=_title_facts(awards)
        + _proposed_titles(staff, year=year, school_year=school_year, excluding=nomination),
        initiatives=[
            InitiativeFact(
                id=fact.id,
                year=fact.year,
                recognized=fact.recognized,
                scope=fact.scope or None,
                used_for=fact.used_for or None,
            )
            for fact in initiative_facts(staff)
        ],
        restrictions=[
            RestrictionFact(
                kind=period.kind,
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                discipline_level=period.discipline_level or None,
            )
            for period in status_periods_of(staff)
            if period.kind in RESTRICTION_KINDS
        ]
        + _open_objections(nomination),
        maternity_periods=[Period(p.starts_on, p.ends_on) for p in maternity_periods(staff)],
        joined_sector_on=staff.joined_sector_on,
        years_in_study_or_military=staff.years_in_study_or_military,
        difficult_area_years=staff.difficult_area_years,
        previous_knc=any(award.title == Title.KNC_GIAO_DUC for award in awards),
        cited_initiative_ids=cited,
    )


def _members_discipline(member_ids, *, school_year: str, day) -> tuple[str | None, bool | None]:
    """The heaviest discipline any member received in the school year up to `day`, and whether anyone
    was disciplined; a discipline recorded without its level leaves the answer unknown (None, None)."""
    start = datetime.date(parse_school_year(school_year)[0], 9, 1)
    levels = list(
        StaffStatusPeriod.objects.filter(staff_id__in=list(member_ids), kind=DISCIPLINE, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .values_list("discipline_level", flat=True)
    )
    if not levels:
        return None, False
    if any(not level for level in levels):
        return None, None
    return max(levels, key=DISCIPLINE_ORDER.index), True


def _collective_facts(
    *, name: str, members, year: int, school_year: str, day, awards, rating=None, proposed=None
) -> CollectiveFacts:
    """A collective's facts from its members on `day` ([(staff id, gender)]): ratings of the school
    year (unknown while anyone's is missing), LĐTT and CSTĐCS received or proposed, discipline."""
    member_ids = [pk for pk, _ in members]
    ratings = ratings_for_year(school_year, member_ids)
    completed_or_better = set(RATING_ORDER[: RATING_ORDER.index(Rating.COMPLETED) + 1])
    titles_by_member: dict[int, set[str]] = {}
    for award in AwardRecord.objects.filter(staff_id__in=member_ids, year=year).only("staff_id", "title"):
        titles_by_member.setdefault(award.staff_id, set()).add(award.title)
    for staff_id, title in Nomination.objects.filter(
        school_year=school_year, staff_id__in=member_ids
    ).values_list("staff_id", "title"):
        titles_by_member.setdefault(staff_id, set()).add(title)
    worst, disciplined = _members_discipline(member_ids, school_year=school_year, day=day)
    return CollectiveFacts(
        name=name,
        members_count=len(member_ids),
        completed_count=sum(
            1 for pk in member_ids if pk in ratings and ratings[pk].rating in completed_or_better
        )
        if len(ratings) == len(member_ids)
        else None,
        ldtt_count=sum(1 for pk in member_ids if Title.LDTT in titles_by_member.get(pk, ())),
        cstdcs_count=sum(1 for pk in member_ids if Title.CSTDCS in titles_by_member.get(pk, ())),
        female_count=sum(1 for _, gender in members if gender == Staff.Gender.FEMALE),
        collective_rating=rating,
        proposed_rating=proposed,
        worst_member_discipline=worst,
        members_disciplined=disciplined,
        titles=_title_facts(awards),
    )


def school_facts(*, name: str, year: int, school_year: str, on=None, school=None) -> CollectiveFacts:
    """The school as a collective in one school year: its members' ratings and titles (received or
    proposed), and its own rating as its office confirmed it (read from the public schema; while the
    office has not confirmed it, the school's proposal is passed on to be shown, not counted). Its
    members are those employed on the year's last day, or on `on` (the day the check speaks for) if
    earlier."""
    day = staff_count_day(school_year, on)
    members = list(Staff.objects.filter(employed_on(day)).values_list("pk", "gender"))
    state = collective_rating_of(school, school_year) if school is not None else None
    return _collective_facts(
        name=name,
        members=members,
        year=year,
        school_year=school_year,
        day=day,
        awards=AwardRecord.objects.filter(staff__isnull=True, department__isnull=True),
        rating=state.confirmed if state else None,
        proposed=state.proposed if state and state.confirmed is None else None,
    )


def department_facts(department: Department, *, year: int, school_year: str, on=None) -> CollectiveFacts:
    """A department (tổ) as a collective: the members of the department employed on the day the check
    speaks for, and the rating the principal gave the department for the year."""
    day = staff_count_day(school_year, on)
    members = list(Staff.objects.filter(employed_on(day), department=department).values_list("pk", "gender"))
    rating = (
        DepartmentRating.objects.filter(department=department, school_year=school_year)
        .values_list("rating", flat=True)
        .first()
    )
    return _collective_facts(
        name=department_collective_name(department.name),
        members=members,
        year=year,
        school_year=school_year,
        day=day,
        awards=AwardRecord.objects.filter(department=department),
        rating=rating,
    )


def nomination_facts(nomination: Nomination, *, school, year: int, on) -> IndividualFacts | CollectiveFacts:
    """The facts the checker reads for a nomination: the person's, the department's or the school's."""
    if nomination.staff_id:
        return individual_facts(
            nomination.staff, year=year, school_year=nomination.school_year, nomination=nomination
        )
    if nomination.department_id:
        facts = department_facts(nomination.department, year=year, school_year=nomination.school_year, on=on)
    else:
        facts = school_facts(
            name=school.name, year=year, school_year=nomination.school_year, on=on, school=school
        )
    return dataclasses.replace(facts, complaints=tuple(_open_objections(nomination)))


def knc_facts_of_all_staff() -> list[tuple[Staff, IndividualFacts]]:
    """What the Kỷ niệm chương needs for every current staff member, in three queries: service
    dates, discipline periods (they do not count as service), and whether it was awarded before."""
    staff = list(Staff.objects.exclude(status=Staff.Status.LEFT).order_by(*by_person(), "pk"))
    periods: dict[int, list] = {}
    for period in StaffStatusPeriod.objects.filter(kind=DISCIPLINE).order_by("starts_on"):
        periods.setdefault(period.staff_id, []).append(period)
    awarded = set(AwardRecord.objects.filter(title=Title.KNC_GIAO_DUC).values_list("staff_id", flat=True))
    return [
        (
            member,
            IndividualFacts(
                staff_id=member.pk,
                full_name=member.full_name,
                gender=member.gender,
                teaches=member.teaches,
                joined_sector_on=member.joined_sector_on,
                years_in_study_or_military=member.years_in_study_or_military,
                difficult_area_years=member.difficult_area_years,
                restrictions=[
                    RestrictionFact(DISCIPLINE, p.starts_on, p.ends_on, p.discipline_level or None)
                    for p in periods.get(member.pk, [])
                ],
                previous_knc=member.pk in awarded,
            ),
        )
        for member in staff
    ]
