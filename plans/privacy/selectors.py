"""Reads about one person's data as a whole: who read it (the log written by plans.privacy.services
and, for the office's reads, by office.submissions), whose data an evidence file is, what is still
pending for them, and everything the school holds about them (for an export)."""

from typing import NamedTuple

from django.db.models import Q, QuerySet

from office.audit.models import PersonalDataRead
from office.submissions.models import Submission
from plans.evidence.models import Evidence
from plans.initiatives.models import Initiative
from plans.nominations.models import DossierEvidence, Nomination
from plans.staff.models import AwardRecord, Staff


class Person(NamedTuple):
    """Whose data was shown: the staff id and the account tied to it (to leave out the reader)."""

    pk: int
    user_id: int | None


def reads_about(staff: Staff) -> QuerySet[PersonalDataRead]:
    """Every recorded read of this person's data by someone else, newest first (a GIN index on
    `subjects` answers the containment)."""
    return PersonalDataRead.objects.filter(subjects__contains=[staff.pk]).order_by("-at", "-pk")


def people_of_evidence(evidence: Evidence) -> list[Person]:
    """The people an evidence file is about: the nominee it was attached for in a dossier, and the
    authors of the initiative it documents. A file about the school as a whole is nobody's."""
    rows = DossierEvidence.objects.filter(evidence=evidence, nomination__staff__isnull=False).values_list(
        "nomination__staff_id", "nomination__staff__user_id"
    )
    people = {Person(pk, user_id) for pk, user_id in rows}
    for initiative in (
        Initiative.objects.filter(document=evidence).select_related("author").prefetch_related("co_authors")
    ):
        people.update(Person(s.pk, s.user_id) for s in [initiative.author, *initiative.co_authors.all()])
    return sorted(people)


# --- One person's data as a whole -------------------------------------------------------------------

STILL_DECIDING = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED, Submission.Status.FORWARDED)


def awarded(nomination: Nomination, awards: set[tuple[int, str]]) -> bool:
    """Whether the nomination led to an award (the award's year is the one its school year ends in)."""
    return (_school_year_end(nomination), nomination.title) in awards


def award_keys(staff: Staff) -> set[tuple[int, str]]:
    return set(AwardRecord.objects.filter(staff=staff).values_list("year", "title"))


def nominations_of(staff: Staff) -> list[Nomination]:
    return list(
        Nomination.objects.filter(staff=staff)
        .select_related("dossier", "initiative")
        .order_by("school_year", "pk")
    )


def _school_year_end(nomination: Nomination) -> int:
    tail = nomination.school_year[-4:]
    return int(tail) if tail.isdigit() else 0


def pending_nominations(staff: Staff, *, today) -> list[Nomination]:
    """Nominations of the person with no award yet that are still moving: of a school year not over
    (its decisions come in the calendar year it ends), and not yet sent, or sent and still before the
    office (submitted, approved or forwarded). While one is pending the data is still needed for its
    purpose; one of a past year that led to no award is over."""
    awards = award_keys(staff)
    open_ = [n for n in nominations_of(staff) if not awarded(n, awards) and _school_year_end(n) >= today.year]
    submission_ids = {n.dossier.submission_id for n in open_ if n.dossier_id and n.dossier.submission_id}
    status = dict(Submission.objects.filter(pk__in=submission_ids).values_list("pk", "status"))
    return [
        n
        for n in open_
        if not (n.dossier_id and n.dossier.submission_id)
        or status.get(n.dossier.submission_id) in STILL_DECIDING
    ]


def pending_initiatives(staff: Staff, *, today) -> list[Initiative]:
    """Initiatives of the person still before the council, in a school year not over."""
    waiting = [Initiative.Status.REGISTERED, Initiative.Status.SUBMITTED, Initiative.Status.UNDER_REVIEW]
    return [
        i
        for i in initiatives_of(staff).filter(status__in=waiting)
        if i.school_year[-4:].isdigit() and int(i.school_year[-4:]) >= today.year
    ]


def initiatives_of(staff: Staff) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(Q(author=staff) | Q(co_authors=staff))
        .distinct()
        .select_related("document")
        .order_by("school_year", "pk")
    )


def evidence_links_of(staff: Staff) -> list[DossierEvidence]:
    return list(
        DossierEvidence.objects.filter(nomination__staff=staff)
        .select_related("evidence", "nomination", "dossier")
        .order_by("pk")
    )
