"""Pages of award decisions on the office's host. Views check who may look and call the services;
a decision, dossier or school outside the person's offices answers 404."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from office.core.errors import Invalid
from office.core.refusals import redirect_on_refusal
from office.decisions import selectors, services
from office.decisions.documents import decision_docx_bytes
from office.decisions.forms import DecisionFilterForm, DecisionForm, LineForm
from office.decisions.models import Decision
from office.decisions.permissions import can_draft_decisions, can_record_decision
from office.decisions.services import DecisionError
from office.submissions.models import Submission
from tenants.models import School

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_office(request) -> None:
    """Decisions are office work; to anyone else the pages do not exist (404)."""
    if not can_draft_decisions(request.user):
        raise Http404("Không tìm thấy trang.")


def _decision(request, pk) -> Decision:
    _require_office(request)
    try:
        return selectors.decision_for(request.user, pk)
    except Decision.DoesNotExist:
        raise Http404("Không tìm thấy quyết định.") from None


def decision_list(request):
    _require_office(request)
    form = DecisionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    decisions = list(
        selectors.decision_list(
            request.user,
            state=filters.get("state", ""),
            school_year=filters.get("school_year", ""),
            q=filters.get("q", ""),
        )
    )
    return render(request, "decisions/list.html", {"decisions": decisions, "filter_form": form})


def decision_create(request):
    _require_office(request)
    form = DecisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.create_decision(user=request.user, **form.cleaned_data)
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã tạo dự thảo {decision}.")
            return redirect("decision-detail", pk=decision.pk)
    return render(request, "decisions/form.html", {"form": form})


def _picker(request, decision: Decision) -> list[dict]:
    """Accepted dossiers of the decision's school year, each nominee marked if already on the list."""
    taken = set(
        decision.lines.filter(nomination_ref__isnull=False).values_list("school_id", "nomination_ref")
    )
    return [
        {
            "submission": dossier,
            "nominees": [
                {**n, "taken": (dossier.school_id, n["nomination"]) in taken}
                for n in dossier.payload.get("nominees", [])
            ],
        }
        for dossier in selectors.decidable_dossiers(request.user, school_year=decision.school_year)
    ]


def _detail_context(request, decision: Decision, **overrides) -> dict:
    draft = decision.state == Decision.State.DRAFT
    context = {
        "decision": decision,
        "lines": list(selectors.decision_lines(decision)),
        "deliveries": list(selectors.decision_deliveries(decision)),
        "is_head": can_record_decision(request.user, decision),
        "edit_form": DecisionForm.for_decision(decision, user=request.user) if draft else None,
        "line_form": LineForm(user=request.user) if draft else None,
        "dossiers": _picker(request, decision) if draft else [],
    }
    context.update(overrides)
    return context


def decision_detail(request, pk):
    decision = _decision(request, pk)
    return render(request, "decisions/detail.html", _detail_context(request, decision))


@require_POST
def decision_edit(request, pk):
    decision = _decision(request, pk)
    form = DecisionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.update_decision(decision, user=request.user, **form.cleaned_data)
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu thông tin quyết định.")
            return redirect("decision-detail", pk=decision.pk)
    context = _detail_context(request, decision, edit_form=form)
    return render(request, "decisions/detail.html", context, status=400)


def _ints(values) -> list[int]:
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy hồ sơ.") from None


@require_POST
@redirect_on_refusal("decision-detail", "pk")
def lines_from_dossiers(request, pk):
    """Nominees ticked in the picker ("<submission>:<nomination>"), or every nominee of the dossiers
    given as "all"."""
    decision = _decision(request, pk)
    picked = [value.split(":", 1) for value in request.POST.getlist("nominee") if ":" in value]
    pairs = [tuple(_ints(pair)) for pair in picked]
    whole = _ints(request.POST.getlist("all"))
    if not whole and not pairs:
        raise DecisionError("Hãy chọn người hoặc hồ sơ cần đưa vào quyết định.")
    added = 0
    try:
        if whole:
            added += len(services.add_lines_from_dossiers(decision, user=request.user, submission_ids=whole))
        if pairs:
            added += len(
                services.add_lines_from_dossiers(
                    decision,
                    user=request.user,
                    submission_ids=sorted({s for s, _ in pairs}),
                    nominations=pairs,
                )
            )
    except Submission.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ.") from None
    messages.success(request, f"Đã thêm {added} người vào danh sách.")
    return redirect("decision-detail", pk=decision.pk)


@require_POST
def line_add(request, pk):
    decision = _decision(request, pk)
    form = LineForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.add_line(decision, user=request.user, **form.cleaned_data)
        except School.DoesNotExist:
            raise Http404("Không tìm thấy trường.") from None
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã thêm vào danh sách.")
            return redirect("decision-detail", pk=decision.pk)
    if "school" in form.errors and request.POST.get("school"):
        raise Http404("Không tìm thấy trường.")  # another office's school, or none at all
    context = _detail_context(request, decision, line_form=form)
    return render(request, "decisions/detail.html", context, status=400)


@require_POST
@redirect_on_refusal("decision-detail", "pk")
def line_remove(request, pk, line_pk):
    decision = _decision(request, pk)
    try:
        services.remove_line(decision, line_pk, user=request.user)
    except decision.lines.model.DoesNotExist:
        raise Http404("Không tìm thấy dòng này.") from None
    return redirect("decision-detail", pk=decision.pk)


@require_POST
@redirect_on_refusal("decision-detail", "pk")
def decision_record(request, pk):
    decision = _decision(request, pk)
    services.record_decision(decision, user=request.user)
    if selectors.deliveries_not_sent(decision):
        messages.warning(
            request,
            "Đã ghi nhận quyết định. Hàng đợi xử lý tạm thời không kết nối được nên việc chuyển khen "
            "thưởng về các trường chưa bắt đầu; hệ thống sẽ tự gửi lại sau ít phút.",
        )
    else:
        messages.success(request, "Đã ghi nhận quyết định; đang chuyển khen thưởng về các trường.")
    return redirect("decision-detail", pk=decision.pk)


@require_POST
@redirect_on_refusal("decision-detail", "pk")
def delivery_resume(request, pk):
    decision = _decision(request, pk)
    count = services.resume_delivery(decision, user=request.user)
    messages.success(request, f"Đã gửi lại việc chuyển quyết định cho {count} trường.")
    return redirect("decision-detail", pk=decision.pk)


def delivery_progress(request, pk):
    """The per-school progress block, polled by HTMX while the decision is being delivered."""
    decision = _decision(request, pk)
    return render(
        request,
        "decisions/_progress.html",
        {"decision": decision, "deliveries": list(selectors.decision_deliveries(decision))},
    )


def decision_docx(request, pk):
    decision = _decision(request, pk)
    content = decision_docx_bytes(decision, list(selectors.decision_lines(decision)))
    response = HttpResponse(content, content_type=DOCX)
    filename = f"quyet-dinh-{decision.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
