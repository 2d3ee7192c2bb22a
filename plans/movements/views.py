"""The movements that reach the school, read-only: launched by the authority the school answered to
at the start of the chosen school year and by those above it (office.movements.selectors)."""

import datetime

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from office.authorities.selectors import authority_of
from office.core.school_years import FIRST_MONTH, current_school_year, parse_school_year, recent_school_years
from office.movements.selectors import (
    document_download_url,
    document_reaching_school,
    movements_for_school,
    verified_documents_of,
)


@require_GET
def movement_list(request):
    school_year = request.GET.get("nam_hoc") or current_school_year()
    try:
        start, _ = parse_school_year(school_year)
    except ValueError as exc:
        raise Http404("Năm học không hợp lệ.") from exc
    # The authority of the year's first day: a year before the 2025 reform shows the district
    # office's movements, later years the ward's.
    on = datetime.date(start, FIRST_MONTH, 1)
    movements = list(movements_for_school(request.school, on, school_year=school_year))
    return render(
        request,
        "plans/movements.html",
        {
            "movements": movements,
            "documents": verified_documents_of(movements),
            "authority": authority_of(request.school, on),
            "school_year": school_year,
            "school_years": recent_school_years(),
        },
    )


@require_GET
def movement_document(request, pk):
    document = document_reaching_school(pk, request.school)
    if document is None:
        raise Http404("Không tìm thấy tệp.")
    return redirect(document_download_url(document, request))
