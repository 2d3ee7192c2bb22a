"""The school's counters that the office's dashboard reads (SchoolFacts), counted in the school's
schema and handed across the boundary to `office.facts.services.record_school_facts`.

Every school-side service that moves one of these counters calls `refresh_school_facts` inside its
own transaction, so the office never has to enter a school's schema to know them (DESIGN.md §3 rule 2).
Counting again is a handful of aggregate queries, whatever the size of the school: cheaper and surer
than keeping increments right through every path."""

import datetime
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Count, Q

from office.core.school_years import current_school_year, school_year_of
from office.facts.services import record_school_facts
from plans.emulation.models import Registration, RegistrationCampaign
from plans.initiatives.models import Initiative
from plans.nominations.models import Dossier, Nomination
from plans.staff.models import AwardRecord, Staff
from plans.staff.selectors import employed_on, staff_count_day
from tenants.models import School
from tenants.schemas import current_school


def count_school_facts(school_year: str, *, today: datetime.date | None = None) -> dict:
    """The counters of the school whose schema the connection is on, for one school year. Its staff
    are those employed on the year's counting day (staff_count_day), not today's register."""
    working = employed_on(staff_count_day(school_year, today))
    staff = Staff.objects.aggregate(
        staff_total=Count("pk", filter=working), teaching_staff=Count("pk", filter=working & Q(teaches=True))
    )
    registrations = Registration.objects.filter(campaign__school_year=school_year).aggregate(
        registrations_total=Count("pk", filter=~Q(status=Registration.Status.PENDING)),
        registrations_pending=Count("pk", filter=Q(status=Registration.Status.REGISTERED)),
    )
    nominations = Nomination.objects.filter(school_year=school_year).aggregate(
        nominations_total=Count("pk"),
        nominations_met=Count("pk", filter=Q(verdict=Nomination.Verdict.MET)),
        nominations_not_met=Count("pk", filter=Q(verdict=Nomination.Verdict.NOT_MET)),
        nominations_unchecked=Count(
            "pk", filter=Q(verdict__in=["", Nomination.Verdict.UNKNOWN]) | Q(verdict__isnull=True)
        ),
    )
    awards = AwardRecord.objects.filter(school_year=school_year, staff__isnull=False).aggregate(
        awards_total=Count("pk"), awards_teaching=Count("pk", filter=Q(staff__teaches=True))
    )
    return {
        **staff,
        **registrations,
        "registration_submitted": RegistrationCampaign.objects.filter(
            school_year=school_year, submitted_version__isnull=False
        ).exists(),
        "initiatives_recognised": Initiative.objects.filter(school_year=school_year, recognized=True).count(),
        **nominations,
        "dossiers_draft": Dossier.objects.filter(school_year=school_year, submission_id__isnull=True).count(),
        **awards,
    }


@transaction.atomic
def refresh_school_facts(
    school: School | None = None, school_year: str | Iterable[str] | None = None
) -> None:
    """Count the school's facts for `school_year` (by default the current one; several when a change
    moved something from one year to another) and record them for the office. `school` defaults to
    the school whose schema the connection is on; on a schema of no school (the template) nothing is
    recorded."""
    school = school if school is not None else current_school()
    if school is None:
        return
    years = [school_year] if isinstance(school_year, str) else list(school_year or [])
    for year in sorted({year for year in years if year} or {current_school_year()}):
        record_school_facts(school, year, partial(count_school_facts, year))


def school_years_since(day: datetime.date) -> set[str]:
    """The school years with data from the one `day` falls in onwards, and the current one: those
    whose staff counts a change of date of arrival or leaving on `day` can move."""
    first = school_year_of(day)
    return {year for year in school_years_with_data() if year >= first}


def school_years_with_data() -> set[str]:
    """Every school year the school has counted data for, and the current one."""
    years = {current_school_year()}
    years.update(RegistrationCampaign.objects.values_list("school_year", flat=True))
    years.update(Initiative.objects.values_list("school_year", flat=True).distinct())
    years.update(Nomination.objects.values_list("school_year", flat=True).distinct())
    years.update(Dossier.objects.values_list("school_year", flat=True).distinct())
    years.update(AwardRecord.objects.values_list("school_year", flat=True).distinct())
    return {year for year in years if year}


@transaction.atomic
def refresh_all_school_facts(school: School) -> int:
    """Recount every school year of `school` (connection on its schema); returns how many rows."""
    years = school_years_with_data()
    # One call, which locks the years' rows in sorted order as every refresh does: two recounts
    # walking a set in two processes' hash orders could each hold the row the other waits for.
    refresh_school_facts(school, years)
    return len(years)
