"""Reads of the school's good examples, in its own schema, and the plain data they go up as: the
snapshot the office reads (a Submission of kind "examples", or the "examples" part of a dossier's)."""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from office.accounts.selectors import has_school_membership, is_school_manager
from office.core.school_years import FIRST_MONTH, parse_school_year
from office.movements.selectors import movements_for_school
from plans.evidence.selectors import evidence_file_snapshot
from plans.examples.models import Example, ExampleEvidence

STATUS_ORDER = {Example.Status.PROPOSED: 0, Example.Status.RETURNED: 1, Example.Status.CONFIRMED: 2}


def example_list(*, school_year: str, confirmed_only: bool = False) -> QuerySet[Example]:
    """The register of a school year with whom each example is about: one query, whatever its length."""
    rows = Example.objects.filter(school_year=school_year).select_related("staff__department", "department")
    if confirmed_only:
        rows = rows.filter(status=Example.Status.CONFIRMED)
    return rows.order_by("subject", "pk")


def example_list_for(user, school) -> QuerySet[Example]:
    """Every example the person may see (plans.examples.permissions.can_view, as one query): the
    managers all of them, the rest of the school the confirmed ones and their own proposals."""
    rows = Example.objects.select_related("staff__department", "department").order_by(
        "-school_year", "subject", "pk"
    )
    if not has_school_membership(user, school):
        return rows.none()
    if is_school_manager(user, school):
        return rows
    return rows.filter(Q(status=Example.Status.CONFIRMED) | Q(proposed_by_id=user.pk))


def example_detail(pk) -> Example:
    """The example with its people and files; raises Example.DoesNotExist (another school's id too:
    it lives in another schema)."""
    return (
        Example.objects.select_related("staff__department", "department", "dossier")
        .prefetch_related(
            Prefetch("evidence_links", queryset=ExampleEvidence.objects.select_related("evidence"))
        )
        .get(pk=pk)
    )


def school_years_with_examples() -> list[str]:
    return list(Example.objects.order_by().values_list("school_year", flat=True).distinct())


def movements_of_year(school, school_year: str) -> list:
    """The office's movements that reach the school in that school year (by the authority of its first
    day, as the school's movement page reads them): what an example may be tagged with."""
    start, _ = parse_school_year(school_year)
    return list(movements_for_school(school, datetime.date(start, FIRST_MONTH, 1), school_year=school_year))


def movement_names(school, school_year: str) -> dict[int, str]:
    return {m.pk: m.name for m in movements_of_year(school, school_year)}


def confirmed_for_dossier(dossier) -> list[Example]:
    """The confirmed examples chosen to go up with the dossier, with their files."""
    return list(
        Example.objects.filter(dossier=dossier, status=Example.Status.CONFIRMED)
        .select_related("staff__department", "department")
        .prefetch_related(
            Prefetch("evidence_links", queryset=ExampleEvidence.objects.select_related("evidence"))
        )
        .order_by("subject", "pk")
    )


def confirmed_of_year(school_year: str) -> list[Example]:
    return list(
        example_list(school_year=school_year, confirmed_only=True).prefetch_related(
            Prefetch("evidence_links", queryset=ExampleEvidence.objects.select_related("evidence"))
        )
    )


def _unit(example: Example, school) -> str:
    if example.staff_id:
        department = example.staff.department.name if example.staff.department_id else ""
        return f"{department}, {school.name}" if department else school.name
    if example.department_id:
        return school.name
    return ""


def examples_snapshot(examples: list[Example], *, school, movements: dict[int, str]) -> tuple[list, list]:
    """(examples, evidence) as plain data for the office: each example with whom it is about, its story,
    achievements and movement tags by name; the files as keys and SHA-256 (never the bytes), each
    naming its example, so the office's evidence download serves them as it serves a dossier's."""
    rows, files = [], []
    for example in examples:
        rows.append(
            {
                "example": example.pk,
                "subject": example.subject,
                "subject_label": example.get_subject_display(),
                "name": example.name if example.subject != Example.Subject.SCHOOL else school.name,
                "position": example.staff.position if example.staff_id else "",
                "unit": _unit(example, school),
                "title": example.title,
                "story": example.story,
                "achievements": [str(a) for a in example.achievements or []],
                "movements": [
                    {"id": pk, "name": movements[pk]} for pk in example.movement_ids if pk in movements
                ],
                "confirmed_at": example.confirmed_at.isoformat() if example.confirmed_at else None,
            }
        )
        for link in example.evidence_links.all():
            files.append({**evidence_file_snapshot(link), "nomination": None, "example": example.pk})
    return rows, files


def dossiers_of_year(school_year: str) -> list:
    """The dossiers an example of the year may go up with."""
    from plans.nominations.models import Dossier

    return list(Dossier.objects.filter(school_year=school_year).order_by("-pk"))


def examples_reference(school_year: str) -> str:
    """What a school year's good examples are sent to the office as: one chain of versions per year."""
    return f"examples:{school_year}"
