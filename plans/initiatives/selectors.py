"""Reads of initiatives, in the schema of the school the request (or task) is for. Other parts of the
school's work (the rules checker, nominations) call `recognized_initiatives` and `initiative_facts`."""

from typing import NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet

from office.core.school_years import school_year_end
from plans.initiatives.models import Initiative, InitiativeCouncil, Review, ReviewScore, Rubric
from plans.staff.models import Staff
from plans.staff.selectors import staff_of_account


def school_years_with_initiatives() -> list[str]:
    return list(Initiative.objects.order_by().values_list("school_year", flat=True).distinct())


def staff_ids_of(user) -> set[int]:
    """The ids of the staff record linked to an account, as a set for the permission checks."""
    staff = staff_of_account(user)
    return {staff.pk} if staff else set()


def initiative_list(
    *, school_year: str = "", status: str = "", department_id: int | None = None
) -> QuerySet[Initiative]:
    """Initiatives matching a filter, with what the list shows, in a number of queries that does not
    depend on how many there are."""
    initiatives = Initiative.objects.select_related("author__department").annotate(
        review_count=Count("reviews", distinct=True),
        submitted_count=Count("reviews", filter=Q(reviews__status=Review.Status.SUBMITTED), distinct=True),
    )
    if school_year:
        initiatives = initiatives.filter(school_year=school_year)
    if status:
        initiatives = initiatives.filter(status=status)
    if department_id:
        initiatives = initiatives.filter(author__department_id=department_id)
    return initiatives.prefetch_related(
        Prefetch("reviews", queryset=Review.objects.order_by("position", "pk"))
    ).order_by("-school_year", "title", "pk")


def initiative_detail(pk: int) -> Initiative:
    return (
        Initiative.objects.select_related("author__department", "document")
        .prefetch_related("co_authors__department")
        .get(pk=pk)
    )


def reviews_of(initiative: Initiative) -> list[Review]:
    return list(
        initiative.reviews.select_related("reviewer").prefetch_related("scores").order_by("position", "pk")
    )


def reviews_for_reviewer(user) -> QuerySet[Review]:
    return (
        Review.objects.filter(reviewer_id=user.pk)
        .select_related("initiative__author__department")
        .prefetch_related("scores")
        .order_by("-initiative__school_year", "initiative__title", "pk")
    )


def council_for(school_year: str) -> InitiativeCouncil | None:
    return (
        InitiativeCouncil.objects.filter(school_year=school_year)
        .select_related("chair")
        .prefetch_related("memberships__user")
        .first()
    )


def councils_by_year(school_years) -> dict[str, InitiativeCouncil]:
    return {c.school_year: c for c in InitiativeCouncil.objects.filter(school_year__in=set(school_years))}


def rubric_for(school_year: str) -> Rubric | None:
    return Rubric.objects.filter(school_year=school_year).prefetch_related("criteria", "bands").first()


def rubric_in_use(school_year: str) -> bool:
    """Whether a review of the year already holds points (the rubric is frozen from then on)."""
    return ReviewScore.objects.filter(review__initiative__school_year=school_year).exists()


def _of_staff(staff: Staff) -> QuerySet[Initiative]:
    return Initiative.objects.filter(Q(author=staff) | Q(co_authors=staff)).distinct()


def recognized_initiatives(staff: Staff) -> list[Initiative]:
    """The staff member's recognised initiatives, as author or co-author, oldest year first."""
    return list(
        _of_staff(staff)
        .filter(status=Initiative.Status.DECIDED, recognized=True)
        .order_by("school_year", "decision_date", "pk")
    )


class InitiativeFact(NamedTuple):
    """What a rule needs to know about one decided initiative of a person."""

    id: int
    year: int  # the calendar year its school year ends in (2025-2026 → 2026)
    recognized: bool
    scope: str  # office.rules.vocabulary.Scope, "" when not recognised
    used_for: str  # the one title or form it was used for, "" while unused


def initiative_facts(staff: Staff) -> list[InitiativeFact]:
    """Every initiative of the staff member (author or co-author) that the council has decided on,
    oldest first. Initiatives still being reviewed are not facts yet."""
    rows = (
        _of_staff(staff)
        .filter(status=Initiative.Status.DECIDED)
        .order_by("school_year", "pk")
        .values_list("pk", "school_year", "recognized", "scope", "used_for")
    )
    return [
        InitiativeFact(pk, school_year_end(year), recognized, scope, used_for)
        for pk, year, recognized, scope, used_for in rows
    ]
