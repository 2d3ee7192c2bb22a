"""Reads of the office's projections and timeline, scoped to the offices a person works for."""

from django.db.models import QuerySet

from office.accounts.selectors import office_authorities
from office.facts.models import OfficeDeadline, SchoolFacts


def deadlines_of_offices(user, school_year: str | None = None) -> QuerySet[OfficeDeadline]:
    """The timelines of the offices where `user` holds an office role; another office's deadline is
    not in it, so looking one up through here answers 404."""
    deadlines = OfficeDeadline.objects.filter(
        authority_id__in=[a.pk for a in office_authorities(user)]
    ).select_related("authority")
    if school_year:
        deadlines = deadlines.filter(school_year=school_year)
    return deadlines


def facts_of_school(school, school_year: str) -> SchoolFacts | None:
    return SchoolFacts.objects.filter(school=school, school_year=school_year).first()
