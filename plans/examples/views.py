"""Pages of the school's good examples (gương điển hình tiên tiến): the register of a school year, proposing
and editing, the detail page (story, photos and documents through plans.evidence, the principal's
confirmation or return, the dossier it goes up with), and sending the year's confirmed examples up on
their own. Views call services and selectors; the services check who may act
(plans.examples.permissions) and refusals are translated once (office.core.refusals)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from office.audit.selectors import history_of
from office.core.errors import Invalid, require
from office.core.refusals import redirect_on_refusal
from office.core.school_years import current_school_year, parse_school_year, recent_school_years
from office.submissions.selectors import sent_versions
from plans.examples import permissions, services
from plans.examples.forms import ExampleForm
from plans.examples.models import Example
from plans.examples.selectors import (
    dossiers_of_year,
    example_detail,
    example_list_for,
    examples_reference,
    movement_names,
    movements_of_year,
    school_years_with_examples,
)

HISTORY_SHOWN = 30
ACTION_LABELS = {
    "example.proposed": "Đề xuất",
    "example.updated": "Sửa, bổ sung",
    "example.confirmed": "Hiệu trưởng xác nhận",
    "example.returned": "Trả lại để bổ sung",
    "example.evidence_attached": "Đính kèm ảnh, tài liệu",
    "example.dossier_chosen": "Chọn gửi kèm hồ sơ",
}


def _example(pk) -> Example:
    try:
        return example_detail(pk)
    except Example.DoesNotExist as exc:
        raise Http404("Không tìm thấy gương điển hình.") from exc


def _visible(request, pk) -> Example:
    """Another school's example is not in this schema (404); one not yet confirmed is hidden (404) from
    those who may not see it, so that its existence is not revealed either."""
    example = _example(pk)
    if not permissions.can_view(request.user, request.school, example):
        raise Http404("Không tìm thấy gương điển hình.")
    return example


def _year_param(request) -> str:
    year = request.GET.get("nam", "")
    try:
        parse_school_year(year)
    except ValueError:
        return current_school_year()
    return year


def _school_years() -> list[str]:
    return recent_school_years(school_years_with_examples())


@require_GET
def list_page(request):
    school, user = request.school, request.user
    school_year = _year_param(request)
    rows = list(example_list_for(user, school).filter(school_year=school_year))
    names = movement_names(school, school_year) if rows else {}
    for example in rows:
        example.movement_names = [names[pk] for pk in example.movement_ids if pk in names]
    return render(
        request,
        "examples/list.html",
        {
            "examples": rows,
            "school_year": school_year,
            "years": _school_years(),
            "can_propose": permissions.can_propose(user, school),
            "can_send_up": permissions.can_send_up(user, school),
            "confirmed_count": sum(1 for e in rows if e.is_confirmed),
            "waiting_count": sum(1 for e in rows if e.status == Example.Status.PROPOSED),
            "sent": sent_versions(school, [examples_reference(school_year)]).get(
                examples_reference(school_year), []
            )
            if permissions.can_send_up(user, school)
            else [],
        },
    )


def _form(request, *, school_year: str, data=None, initial=None) -> ExampleForm:
    return ExampleForm(
        data,
        initial=initial,
        school_years=_school_years(),
        movements=movements_of_year(request.school, school_year),
    )


def propose_page(request):
    require(permissions.can_propose(request.user, request.school), permissions.PROPOSE_REFUSAL)
    school_year = request.POST.get("school_year") or _year_param(request)
    form = _form(
        request,
        school_year=school_year if school_year in _school_years() else current_school_year(),
        data=request.POST if request.method == "POST" else None,
        initial={"school_year": school_year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            example = services.propose_example(
                school=request.school, user=request.user, **form.service_fields()
            )
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã đề xuất gương điển hình; chờ Hiệu trưởng xác nhận.")
            return redirect("example-detail", pk=example.pk)
    return render(request, "examples/form.html", {"form": form, "example": None})


def edit_page(request, pk):
    example = _visible(request, pk)
    require(permissions.can_edit(request.user, request.school, example), permissions.EDIT_REFUSAL)
    form = _form(
        request,
        school_year=example.school_year,
        data=request.POST if request.method == "POST" else None,
        initial=ExampleForm.initial_of(example),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_example(
                example, school=request.school, user=request.user, **form.service_fields()
            )
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu; gương điển hình chờ Hiệu trưởng xác nhận.")
            return redirect("example-detail", pk=example.pk)
    return render(request, "examples/form.html", {"form": form, "example": example})


@require_GET
def detail_page(request, pk):
    school, user = request.school, request.user
    example = _visible(request, pk)
    names = movement_names(school, example.school_year) if example.movement_ids else {}
    history = [
        (event, ACTION_LABELS.get(event.action, event.label)) for event in history_of(example)[:HISTORY_SHOWN]
    ]
    can_send_up = permissions.can_send_up(user, school)
    return render(
        request,
        "examples/detail.html",
        {
            "example": example,
            "movements": [names[pk] for pk in example.movement_ids if pk in names],
            "files": list(example.evidence_links.all()),
            "can_edit": permissions.can_edit(user, school, example),
            "can_confirm": permissions.can_confirm(user, school)
            and example.status == Example.Status.PROPOSED,
            "dossiers": dossiers_of_year(example.school_year) if can_send_up and example.is_confirmed else [],
            "can_send_up": can_send_up,
            "history": history,
        },
    )


@require_POST
@redirect_on_refusal("example-detail", "pk")
def confirm(request, pk):
    services.confirm_example(_visible(request, pk), school=request.school, user=request.user)
    messages.success(request, "Đã xác nhận gương điển hình; toàn trường xem được.")
    return redirect("example-detail", pk=pk)


@require_POST
@redirect_on_refusal("example-detail", "pk")
def return_page(request, pk):
    services.return_example(
        _visible(request, pk), school=request.school, user=request.user, note=request.POST.get("note", "")
    )
    messages.success(request, "Đã trả lại gương điển hình kèm ý kiến cho người đề xuất.")
    return redirect("example-detail", pk=pk)


@require_POST
@redirect_on_refusal("example-detail", "pk")
def attach(request, pk):
    example = _visible(request, pk)
    # Asked before the file is looked for: a person without the right hears that first.
    require(permissions.can_edit(request.user, request.school, example), permissions.EDIT_REFUSAL)
    link = services.attach_evidence(
        example,
        evidence_id=request.POST.get("evidence", ""),
        label=request.POST.get("label", ""),
        school=request.school,
        user=request.user,
    )
    messages.success(request, f"Đã đính kèm “{link.label}”.")
    return redirect("example-detail", pk=pk)


@require_POST
@redirect_on_refusal("example-detail", "pk")
def choose_dossier(request, pk):
    example = _visible(request, pk)
    require(permissions.can_send_up(request.user, request.school), permissions.SUBMIT_REFUSAL)
    raw = request.POST.get("dossier", "")
    dossier = None
    if raw:
        dossier = next((d for d in dossiers_of_year(example.school_year) if str(d.pk) == raw), None)
        if dossier is None:
            raise services.ExampleError("Không tìm thấy hồ sơ đề nghị của năm học này.")
    services.choose_for_dossier(example, dossier=dossier, school=request.school, user=request.user)
    if dossier is None:
        messages.success(request, "Gương điển hình không còn gửi kèm hồ sơ nào.")
    else:
        messages.success(request, f"Gương điển hình sẽ được gửi kèm hồ sơ “{dossier.subject}”.")
    return redirect("example-detail", pk=pk)


def _back_to_year(request, **kwargs) -> str:
    year = request.POST.get("school_year", "")
    return f"{reverse('example-list')}?nam={year}" if year else reverse("example-list")


@require_POST
@redirect_on_refusal(_back_to_year)
def submit(request):
    school_year = request.POST.get("school_year", "")
    submission = services.submit_examples(school=request.school, school_year=school_year, user=request.user)
    messages.success(
        request,
        f"Đã gửi gương điển hình tiên tiến năm học {school_year} lên cơ quan quản lý (lần {submission.version}).",
    )
    return redirect(_back_to_year(request))
