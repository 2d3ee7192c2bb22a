"""Pages of the school's initiatives: the list with its batch assignment, registering, the detail page
(document, reviewers, scoring, decision), the rubric and the council. Views call services and
selectors; the services check who may act (plans.initiatives.permissions), and a page that shows
something, or reads a form before its service runs, asks the same predicate first. Refusals are
translated once (office.core.refusals)."""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from office.accounts.models import SCHOOL_ROLES
from office.accounts.selectors import members_with_roles
from office.audit.selectors import history_of
from office.core.collation import by_name, by_person
from office.core.errors import Invalid, require
from office.core.refusals import redirect_on_refusal
from office.core.school_years import current_school_year, parse_school_year, recent_school_years
from office.rules.vocabulary import Scope
from plans.evidence.models import Evidence
from plans.initiatives import permissions
from plans.initiatives import services as initiative_services
from plans.initiatives.forms import CouncilForm, DecisionForm, InitiativeForm, RegisterForm
from plans.initiatives.models import Initiative, Review
from plans.initiatives.scoring import band_for, review_state
from plans.initiatives.selectors import (
    council_for,
    councils_by_year,
    initiative_detail,
    initiative_list,
    reviews_for_reviewer,
    reviews_of,
    rubric_for,
    rubric_in_use,
    school_years_with_initiatives,
    staff_ids_of,
)
from plans.initiatives.services import DEFAULT_BANDS, DEFAULT_CRITERIA, InitiativeError
from plans.staff.models import Department
from plans.staff.selectors import staff_of_account

HISTORY_SHOWN = 30
# What users read for this app's audit actions (office.audit labels only the office's own).
ACTION_LABELS = {
    "initiative.registered": "Đăng ký đề tài",
    "initiative.updated": "Sửa thông tin",
    "initiative.document_attached": "Tải lên tài liệu",
    "initiative.submitted": "Nộp sáng kiến",
    "initiative.reviewer_assigned": "Phân công người chấm",
    "initiative.reviewer_removed": "Rút người chấm",
    "initiative.scored": "Chấm điểm",
    "initiative.decided": "Quyết định của hội đồng",
    "initiative.used": "Dùng để đề nghị khen thưởng",
    "initiative.use_released": "Thôi dùng để đề nghị khen thưởng",
}
SKIPPED_SHOWN = 20


def _members(school):
    return members_with_roles(school, SCHOOL_ROLES).order_by(*by_person(), "username")


def _initiative(pk) -> Initiative:
    try:
        return initiative_detail(pk)
    except Initiative.DoesNotExist as exc:
        raise Http404("Không tìm thấy sáng kiến.") from exc


def _year_param(request, default: str) -> str:
    year = request.GET.get("nam", "")
    try:
        parse_school_year(year)
    except ValueError:
        return default
    return year


# --- List -------------------------------------------------------------------------------------------


def _filters(params) -> dict:
    department = params.get("to", "")
    return {
        "school_year": params.get("nam", current_school_year()),
        "status": params.get("trang-thai", "")
        if params.get("trang-thai", "") in Initiative.Status.values
        else "",
        "department_id": int(department) if department.isdigit() else None,
    }


def list_page(request):
    filters = _filters(request.GET)
    initiatives = list(initiative_list(**filters))
    councils = councils_by_year({i.school_year for i in initiatives} | {filters["school_year"]})
    rows = []
    for initiative in initiatives:
        council = councils.get(initiative.school_year)
        reviews = list(initiative.reviews.all())
        rows.append(
            {"initiative": initiative, "state": review_state(reviews, council and council.gap_threshold)}
        )
    council = councils.get(filters["school_year"])
    can_assign = permissions.can_assign_reviewers(request.user, request.school, council)
    my_reviews = [r for r in reviews_for_reviewer(request.user) if not r.is_submitted]
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "rows": rows,
            "filters": filters,
            "years": recent_school_years(school_years_with_initiatives()),
            "statuses": Initiative.Status.choices,
            "departments": Department.objects.order_by(by_name(), "pk"),
            "can_assign": can_assign,
            "can_manage": permissions.can_manage(request.user, request.school),
            "reviewer_choices": _members(request.school) if can_assign else [],
            "my_reviews": my_reviews,
        },
    )


@require_POST
def batch_assign(request):
    """Assign one reviewer to every initiative of the current filter (all of them, not a page) that has
    no reviewer yet, and report what was skipped and why."""
    filters = _filters(request.POST)
    council = council_for(filters["school_year"]) if filters["school_year"] else None
    # Asked before the reviewer is read: a person without the right hears that, not "choose one".
    require(
        permissions.can_assign_reviewers(request.user, request.school, council), permissions.ASSIGN_REFUSED
    )
    reviewer = _members(request.school).filter(pk=request.POST.get("reviewer") or 0).first()
    back = reverse("initiative-list") + "?" + request.POST.get("query", "")
    if reviewer is None:
        messages.error(request, "Hãy chọn người chấm.")
        return redirect(back)
    result = initiative_services.assign_reviewer_to_all(
        initiative_list(**filters), reviewer, school=request.school, user=request.user
    )
    if result.assigned:
        messages.success(
            request,
            f"Đã phân công {reviewer.get_full_name()} chấm {len(result.assigned)} sáng kiến chưa có người chấm.",
        )
    elif not result.skipped:
        messages.info(request, "Không có sáng kiến nào (theo bộ lọc đang chọn) chưa có người chấm.")
    if result.skipped:
        shown = "; ".join(f"“{i.title}”: {reason}" for i, reason in result.skipped[:SKIPPED_SHOWN])
        more = len(result.skipped) - SKIPPED_SHOWN
        messages.warning(
            request,
            f"Bỏ qua {len(result.skipped)} sáng kiến. {shown}"
            + (f" … và {more} sáng kiến khác." if more > 0 else ""),
        )
    return redirect(back)


# --- Registering and editing ------------------------------------------------------------------------


def register_page(request):
    may_choose_author = permissions.can_manage(request.user, request.school)
    own_staff = staff_of_account(request.user)
    require(
        may_choose_author or own_staff is not None,
        "Tài khoản của bạn chưa gắn với hồ sơ cán bộ của trường; hãy nhờ Ban giám hiệu đăng ký giúp.",
    )
    form = RegisterForm(
        request.POST or None,
        school_years=recent_school_years(),
        may_choose_author=may_choose_author,
        initial={"school_year": current_school_year(), "author": own_staff},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative = initiative_services.register_initiative(
                school_year=data["school_year"],
                author=data.get("author") or own_staff,
                title=data["title"],
                field=data["field"],
                summary=data["summary"],
                co_authors=data["co_authors"],
                user=request.user,
            )
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã đăng ký đề tài sáng kiến. Hãy tải lên tài liệu sáng kiến rồi nộp.")
            return redirect("initiative-detail", pk=initiative.pk)
    return render(request, "initiatives/initiative_form.html", {"form": form, "initiative": None})


def edit_page(request, pk):
    initiative = _initiative(pk)
    editable = permissions.can_edit(request.user, request.school, initiative, staff_ids_of(request.user))
    require(editable, permissions.EDIT_REFUSED)
    form = InitiativeForm(
        request.POST or None,
        initial={
            "title": initiative.title,
            "field": initiative.field,
            "summary": initiative.summary,
            "co_authors": list(initiative.co_authors.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            initiative_services.update_initiative(initiative, **form.cleaned_data, user=request.user)
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu thông tin sáng kiến.")
            return redirect("initiative-detail", pk=pk)
    return render(request, "initiatives/initiative_form.html", {"form": form, "initiative": initiative})


# --- Detail -----------------------------------------------------------------------------------------


def _detail_context(request, initiative: Initiative) -> dict:
    user, school = request.user, request.school
    staff_ids = staff_ids_of(user)
    reviews = reviews_of(initiative)
    council = council_for(initiative.school_year)
    state = review_state(reviews, council and council.gap_threshold)
    rubric = rubric_for(initiative.school_year)
    criteria = list(rubric.criteria.all()) if rubric else []
    bands = list(rubric.bands.all()) if rubric else []
    own_review = next((r for r in reviews if r.reviewer_id == user.pk), None)
    see_scores = permissions.can_see_scores(user, school, initiative, reviews, council, staff_ids)
    shown_reviews = [r for r in reviews if r.is_submitted or r is own_review] if see_scores else []
    if own_review is not None and own_review not in shown_reviews:
        shown_reviews.append(own_review)
    points = {r.pk: {s.criterion_id: s.points for s in r.scores.all()} for r in reviews}
    locked = initiative.is_locked
    can_assign = permissions.can_assign_reviewers(user, school, council) and not locked
    return {
        "initiative": initiative,
        "co_authors": list(initiative.co_authors.all()),
        "reviews": reviews,
        "state": state,
        "council": council,
        "criteria": criteria,
        "own_review": own_review,
        "own_rows": [(c, points[own_review.pk].get(c.pk)) for c in criteria] if own_review else [],
        "see_scores": see_scores,
        "shown_reviews": shown_reviews,
        "score_rows": [
            {"criterion": c, "points": [points[r.pk].get(c.pk) for r in shown_reviews]} for c in criteria
        ],
        "proposed_band": band_for(state.average, bands),
        "can_edit": permissions.can_edit(user, school, initiative, staff_ids),
        "can_view_document": permissions.can_view_document(
            user, school, initiative, reviews, council, staff_ids
        ),
        "can_assign": can_assign,
        "may_add_reviewer": can_assign
        and initiative.status != Initiative.Status.REGISTERED
        and (len(reviews) < 2 or state.needs_third),
        "reviewer_choices": _members(school) if can_assign else [],
        "can_decide": permissions.can_decide(user, school, council) and not locked,
        "decision_form": DecisionForm(initial={"scope": Scope.SCHOOL}),
        "history": [
            (event, ACTION_LABELS.get(event.action, event.label))
            for event in history_of(initiative)[:HISTORY_SHOWN]
        ]
        if permissions.can_manage(user, school)
        else [],
    }


def detail_page(request, pk):
    initiative = _initiative(pk)
    return render(request, "initiatives/initiative_detail.html", _detail_context(request, initiative))


@require_POST
@redirect_on_refusal("initiative-detail", "pk")
def attach_document(request, pk):
    initiative = _initiative(pk)
    # Asked before the file is looked for: a person without the right hears that first.
    editable = permissions.can_edit(request.user, request.school, initiative, staff_ids_of(request.user))
    require(editable, permissions.ATTACH_REFUSED)
    evidence_id = request.POST.get("evidence", "")
    evidence = Evidence.objects.filter(pk=evidence_id if evidence_id.isdigit() else 0).first()
    if evidence is None:
        raise InitiativeError("Hãy chọn tệp tài liệu và chờ tải lên xong rồi bấm Lưu tài liệu.")
    initiative_services.attach_document(initiative, evidence, user=request.user)
    messages.success(request, f"Đã lưu tài liệu “{evidence.filename}”.")
    return redirect("initiative-detail", pk=pk)


@require_POST
@redirect_on_refusal("initiative-detail", "pk")
def submit(request, pk):
    initiative_services.submit_initiative(_initiative(pk), user=request.user)
    messages.success(request, "Đã nộp sáng kiến cho hội đồng.")
    return redirect("initiative-detail", pk=pk)


def _reviewers_block(request, pk, *, status=200):
    context = _detail_context(request, _initiative(pk))
    return render(request, "initiatives/_reviewers.html", context, status=status)


def _after_change(request, pk, success: str):
    """HTMX gets the reviewers block back; a plain form a redirect. A refusal never comes here: it
    goes to #htmx-errors (RefusalMiddleware) or back to the page (redirect_on_refusal)."""
    if request.htmx:
        return _reviewers_block(request, pk)
    messages.success(request, success)
    return redirect("initiative-detail", pk=pk)


@require_POST
@redirect_on_refusal("initiative-detail", "pk")
def assign(request, pk):
    initiative = _initiative(pk)
    # Asked before the reviewer is read: a person without the right hears that, not "choose one".
    council = council_for(initiative.school_year)
    require(
        permissions.can_assign_reviewers(request.user, request.school, council), permissions.ASSIGN_REFUSED
    )
    reviewer = _members(request.school).filter(pk=request.POST.get("reviewer") or 0).first()
    if reviewer is None:
        raise InitiativeError("Hãy chọn người chấm.")
    initiative_services.assign_reviewer(initiative, reviewer, school=request.school, user=request.user)
    return _after_change(request, pk, f"Đã phân công {reviewer.get_full_name()} chấm sáng kiến.")


@require_POST
@redirect_on_refusal("initiative-detail", "pk")
def unassign(request, pk, review_pk):
    review = get_object_or_404(Review, pk=review_pk, initiative=_initiative(pk))
    initiative_services.remove_reviewer(review, user=request.user)
    return _after_change(request, pk, "Đã rút người chấm.")


@require_POST
@redirect_on_refusal("initiative-detail", "pk")
def score(request, pk):
    """The assigned reviewer saves a draft or submits their review."""
    initiative = _initiative(pk)
    review = Review.objects.filter(initiative=initiative, reviewer_id=request.user.pk).first()
    require(review is not None, permissions.SCORE_REFUSED)
    points = {
        name.removeprefix("diem-"): value for name, value in request.POST.items() if name.startswith("diem-")
    }
    submit_review = request.POST.get("action") == "submit"
    initiative_services.save_review(
        review,
        points=points,
        comment=request.POST.get("comment", ""),
        submit=submit_review,
        user=request.user,
    )
    if request.htmx:
        context = {**_detail_context(request, _initiative(pk)), "saved": True}
        return render(request, "initiatives/_scoring.html", context)
    messages.success(request, "Đã nộp phiếu chấm." if submit_review else "Đã lưu nháp phiếu chấm.")
    return redirect("initiative-detail", pk=pk)


@require_POST
@redirect_on_refusal("initiative-detail", "pk")
def decide(request, pk):
    initiative = _initiative(pk)
    # Asked before the form: a person without the right hears that, not what the form lacks.
    council = council_for(initiative.school_year)
    require(permissions.can_decide(request.user, request.school, council), permissions.DECIDE_REFUSED)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise InitiativeError("Hãy chọn kết quả và ghi đủ số, ngày (dd/mm/yyyy) của quyết định.")
    initiative_services.decide_initiative(initiative, **form.cleaned_data, user=request.user)
    messages.success(request, "Đã ghi quyết định của hội đồng; sáng kiến đã khoá.")
    return redirect("initiative-detail", pk=pk)


# --- Rubric and council -----------------------------------------------------------------------------


def _rows(post, *names) -> list[tuple]:
    columns = [post.getlist(name) for name in names]
    rows = zip(*columns, strict=False)
    return [row for row in rows if any(str(cell).strip() for cell in row[:2])]


def rubric_page(request):
    school_year = _year_param(request, current_school_year())
    can_manage = permissions.can_manage(request.user, request.school)
    if request.method == "POST":
        school_year = request.POST.get("nam", school_year)
        try:
            initiative_services.save_rubric(
                school_year,
                criteria=_rows(request.POST, "criterion_name", "criterion_max"),
                bands=[
                    (name, points, passing == "1")
                    for name, points, passing in _rows(request.POST, "band_name", "band_min", "band_passing")
                ],
                user=request.user,
            )
        except Invalid as exc:  # back to the same year's rubric, whose page shows the reason
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã lưu tiêu chí chấm sáng kiến năm học {school_year}.")
        return redirect(reverse("initiative-rubric") + f"?nam={school_year}")
    rubric = rubric_for(school_year)
    in_use = rubric_in_use(school_year)
    if rubric:
        criteria = [(c.name, c.max_points) for c in rubric.criteria.all()]
        bands = [(b.name, b.min_points, b.passing) for b in rubric.bands.all()]
    else:
        criteria, bands = list(DEFAULT_CRITERIA), list(DEFAULT_BANDS)
    return render(
        request,
        "initiatives/rubric.html",
        {
            "school_year": school_year,
            "years": recent_school_years(school_years_with_initiatives()),
            "rubric": rubric,
            "criteria": criteria,
            "bands": bands,
            "total": sum((points for _, points in criteria), Decimal(0)),
            "blank_rows": range(2),
            "in_use": in_use,
            "editable": can_manage and not in_use,
        },
    )


def council_page(request):
    school_year = _year_param(request, current_school_year())
    can_manage = permissions.can_manage(request.user, request.school)
    council = council_for(school_year)
    people = _members(request.school)
    initial = {"gap_threshold": 10}
    if council:
        initial = {
            "chair": council.chair,
            "members": [m.user_id for m in council.memberships.all()],
            "gap_threshold": format(council.gap_threshold.normalize(), "f"),
            "decision_basis": council.decision_basis,
        }
    form = CouncilForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST":
        require(can_manage, permissions.COUNCIL_REFUSED)  # before the form is read
        if form.is_valid():
            try:
                initiative_services.save_council(
                    school=request.school, school_year=school_year, **form.cleaned_data, user=request.user
                )
            except Invalid as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Đã lưu hội đồng sáng kiến năm học {school_year}.")
                return redirect(reverse("initiative-council") + f"?nam={school_year}")
    return render(
        request,
        "initiatives/council.html",
        {
            "school_year": school_year,
            "years": recent_school_years(school_years_with_initiatives()),
            "council": council,
            "members": [m.user for m in council.memberships.all()] if council else [],
            "form": form,
            "can_manage": can_manage,
        },
    )
