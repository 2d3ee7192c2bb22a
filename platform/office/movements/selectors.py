"""Reads of movements: which reach a school (through the authorities it answered to on a date) and
which an office user may manage (those launched within their authorities' subtrees)."""

import re
from datetime import date

from django.db.models import Count, Q, QuerySet

from office.authorities.models import Authority
from office.authorities.selectors import authority_chain, authority_chain_of, school_history
from office.core.collation import by_name
from office.core.object_storage import get_object_storage
from office.core.text import nfc, single_spaced
from office.movements.models import Movement, MovementDocument

_QUOTES_AND_PUNCTUATION = re.compile(r"[\"“”'‘’.,;:!?()\[\]]")


def movement_key(name: str) -> str:
    """Names compare equal whatever the keyboard, quotes, spacing or case they were typed with."""
    name = _QUOTES_AND_PUNCTUATION.sub(" ", nfc(name).casefold()).replace("–", "-").replace("—", "-")
    return single_spaced(name)


def movements_for_authorities(authorities: list[Authority]) -> dict[str, Movement]:
    """Movements launched by the given authorities (a school's chain of authorities), by name key."""
    movements = Movement.objects.filter(authority__in=authorities).order_by("pk")
    return {movement_key(m.name): m for m in movements}


def movements_for_school(
    school, on: date | None = None, *, school_year: str | None = None
) -> QuerySet[Movement]:
    """The movements that reach the school on `on` (today by default): those launched by the authority
    it answered to on that day and by the authorities above it. A 2024 plan of a school now under a
    ward still finds the district office's 2024 movements. With `school_year`, only that year's
    movements and the standing ones (no year)."""
    chain = authority_chain_of(school, on)
    movements = Movement.objects.filter(authority__in=[a.pk for a in chain])
    if school_year:
        movements = movements.filter(Q(school_year=school_year) | Q(school_year=""))
    return (
        movements.select_related("authority")
        .annotate(
            document_count=Count("documents", filter=Q(documents__status=MovementDocument.Status.VERIFIED))
        )
        .order_by("-school_year", by_name(), "pk")
    )


def movements_by_key(movements) -> dict[str, Movement]:
    """Movements by name key, the first launched winning: how a plan's text finds the office's record."""
    by_key: dict[str, Movement] = {}
    for movement in sorted(movements, key=lambda m: m.pk):
        by_key.setdefault(movement_key(movement.name), movement)
    return by_key


def movements_within(reach: set[int]) -> QuerySet[Movement]:
    """Movements launched by any authority in `reach` (an office user's subtrees), for list pages: one
    query with the launching authority and the number of checked documents."""
    return (
        Movement.objects.filter(authority_id__in=reach)
        .select_related("authority", "launched_by")
        .annotate(
            document_count=Count("documents", filter=Q(documents__status=MovementDocument.Status.VERIFIED))
        )
        .order_by("-school_year", "-launched_at", by_name(), "pk")
    )


def movement_within(pk: int, reach: set[int]) -> Movement:
    """One movement, if it was launched within `reach`; Movement.DoesNotExist otherwise."""
    return Movement.objects.select_related("authority", "launched_by").get(pk=pk, authority_id__in=reach)


def verified_documents(movement: Movement) -> QuerySet[MovementDocument]:
    return movement.documents.filter(status=MovementDocument.Status.VERIFIED)


def school_years_of_movements(reach: set[int]) -> list[str]:
    return list(
        Movement.objects.filter(authority_id__in=reach)
        .exclude(school_year="")
        .values_list("school_year", flat=True)
        .distinct()
        .order_by("-school_year")
    )


def document_download_url(document: MovementDocument, request=None) -> str:
    """A short-lived presigned GET of a checked document; the caller has made sure the document's
    movement reaches the person asking."""
    return get_object_storage().presigned_get_url(document.key, document.filename, request=request)


def document_reaching_school(pk: int, school) -> MovementDocument | None:
    """A checked document of a movement that reaches the school today or reached it at any time of its
    history; None for any other."""
    authority_ids = {a.pk for period in school_history(school) for a in authority_chain(period.authority)}
    return (
        MovementDocument.objects.select_related("movement")
        .filter(pk=pk, status=MovementDocument.Status.VERIFIED, movement__authority_id__in=authority_ids)
        .first()
    )


def verified_documents_of(movements) -> dict[int, list[MovementDocument]]:
    """The checked documents of several movements by movement id, in one query."""
    documents: dict[int, list[MovementDocument]] = {}
    rows = MovementDocument.objects.filter(
        movement_id__in=[m.pk for m in movements], status=MovementDocument.Status.VERIFIED
    ).order_by("created_at", "pk")
    for document in rows:
        documents.setdefault(document.movement_id, []).append(document)
    return documents
