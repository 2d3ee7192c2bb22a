"""The office's movement pages: list, launch, edit, detail with documents. Thin: selectors read,
services write; a movement launched outside the user's reach answers 404."""

import json

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from office.authorities.access import office_page
from office.authorities.models import Authority
from office.authorities.selectors import authorities_in_force
from office.core.collation import by_name
from office.core.errors import Invalid, Refusal
from office.core.uploads import ACCEPT_ATTRIBUTE, ALLOWED_TYPES_LABEL
from office.movements.forms import MovementForm
from office.movements.models import Movement, MovementDocument
from office.movements.selectors import (
    document_download_url,
    movement_within,
    movements_within,
    school_years_of_movements,
    verified_documents,
)
from office.movements.services import (
    complete_document_upload,
    launch_movement,
    start_document_upload,
    update_movement,
)


def _movement(request, pk) -> Movement:
    try:
        return movement_within(pk, request.office_reach)
    except Movement.DoesNotExist as exc:
        raise Http404("Không tìm thấy phong trào.") from exc


def _launching_authorities(request):
    return (
        authorities_in_force(timezone.localdate())
        .filter(pk__in=request.office_reach)
        .order_by(by_name(), "pk")
    )


@office_page
@require_GET
def movement_list(request):
    school_year = request.GET.get("nam_hoc", "")
    movements = movements_within(request.office_reach)
    if school_year:
        movements = movements.filter(school_year=school_year)
    return render(
        request,
        "movements/list.html",
        {
            "movements": movements,
            "school_year": school_year,
            "school_years": school_years_of_movements(request.office_reach),
        },
    )


def _form_page(request, form, movement=None, status=200):
    return render(request, "movements/form.html", {"form": form, "movement": movement}, status=status)


@office_page
def movement_create(request):
    authorities = _launching_authorities(request)
    if request.method != "POST":
        return _form_page(request, MovementForm(authorities=authorities))
    form = MovementForm(request.POST, authorities=authorities)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        movement = launch_movement(
            authority=form.cleaned_data["authority"], user=request.user, **form.service_fields()
        )
    except Invalid as exc:
        form.add_error(None, exc.message)
        return _form_page(request, form, status=400)
    messages.success(request, f"Đã phát động “{movement.name}”.")
    return redirect("movements:detail", pk=movement.pk)


@office_page
def movement_edit(request, pk):
    movement = _movement(request, pk)
    # The launching body is fixed once launched; the form shows it, the service does not change it.
    authorities = Authority.objects.filter(pk=movement.authority_id)
    initial = {field: getattr(movement, field) for field in MovementForm.base_fields if field != "authority"}
    initial["authority"] = movement.authority_id
    if request.method != "POST":
        return _form_page(request, MovementForm(initial=initial, authorities=authorities), movement)
    form = MovementForm(request.POST, authorities=authorities)
    if not form.is_valid():
        return _form_page(request, form, movement, status=400)
    try:
        update_movement(movement, user=request.user, **form.service_fields())
    except Invalid as exc:
        form.add_error(None, exc.message)
        return _form_page(request, form, movement, status=400)
    messages.success(request, "Đã lưu thay đổi.")
    return redirect("movements:detail", pk=movement.pk)


@office_page
@require_GET
def movement_detail(request, pk):
    movement = _movement(request, pk)
    return render(
        request,
        "movements/detail.html",
        {
            "movement": movement,
            "documents": verified_documents(movement),
            "accept": ACCEPT_ATTRIBUTE,
            "types_label": ALLOWED_TYPES_LABEL,
        },
    )


def _payload(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@office_page
@require_POST
def document_start(request, pk):
    """Step 1 of evidence/upload.js's contract: check, then hand out a presigned POST."""
    movement = _movement(request, pk)
    data = _payload(request)
    try:
        document, post = start_document_upload(
            movement,
            filename=str(data.get("filename", "")),
            content_type=str(data.get("content_type", "")),
            size=data.get("size"),
            user=request.user,
            request=request,
        )
    except Invalid as exc:  # upload.js reads the reason from the JSON body
        return JsonResponse(exc.response_data(), status=exc.status_code)
    return JsonResponse(
        {
            "id": document.pk,
            "filename": document.filename,
            "upload": {"url": post.url, "fields": post.fields},
            "complete_url": reverse("movements:document-complete", args=[document.pk]),
        },
        status=201,
    )


def _document(request, pk) -> MovementDocument:
    document = MovementDocument.objects.select_related("movement").filter(pk=pk).first()
    if document is None or document.movement.authority_id not in request.office_reach:
        raise Http404("Không tìm thấy tệp.")
    return document


@office_page
@require_POST
def document_complete(request, pk):
    document = _document(request, pk)
    try:
        document = complete_document_upload(document, user=request.user)
    except Refusal as exc:  # upload.js reads the reason from the JSON body (a 503 too: storage down)
        return JsonResponse(exc.response_data(), status=exc.status_code)
    size_label = f"{document.size / 1024:.0f} KB".replace(".", ",")
    return JsonResponse({"id": document.pk, "filename": document.filename, "size_label": size_label})


@office_page
@require_GET
def document_download(request, pk):
    document = _document(request, pk)
    if document.status != MovementDocument.Status.VERIFIED:
        raise Http404("Không tìm thấy tệp.")
    return redirect(document_download_url(document, request))
