"""Pages of the emulation year: registration (the staff member's own and the school's overview),
ratings, review rounds with their votes and minutes. Views call services and selectors; who may
act is the services' check (plans.emulation.permissions), and a page that shows something, or
validates a form before its service runs, asks the same predicate first. A refused change comes
back as a message in Vietnamese (office.core.refusals)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from office.accounts.models import SCHOOL_ROLES
from office.accounts.selectors import members_with_roles
from office.audit.selectors import history_of
from office.core.errors import Invalid, require
from office.core.refusals import redirect_on_refusal
from office.core.school_years import clean_school_year, current_school_year
from office.rules.vocabulary import Title
from office.submissions.selectors import sent_versions
from plans.emulation import permissions, selectors
from plans.emulation import services as emulation
from plans.emulation.excel import registration_workbook
from plans.emulation.forms import (
    COUNCIL_ROLE_CHOICES,
    RATING_CHOICES,
    CampaignForm,
    CandidateForm,
    CollectiveForm,
    RegistrationForm,
    ReopenForm,
    ReviewNoteForm,
    RoundForm,
    RoundSettingsForm,
    VoteCountForm,
)
from plans.emulation.minutes import round_minutes_docx
from plans.emulation.models import (
    BallotChoice,
    Registration,
    RegistrationCampaign,
    ReviewCandidate,
    ReviewRound,
)
from plans.emulation.permissions import COUNCIL_ONLY, MANAGERS_ONLY
from plans.emulation.services import EmulationError
from plans.staff.models import Staff
from plans.staff.selectors import staff_of_account

HISTORY_SHOWN = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Labels of this part's audit actions, for the history shown on its pages.
ACTION_LABELS = {
    "registration.opened": "Mở đăng ký / mời đăng ký",
    "registration.registered": "Đăng ký danh hiệu",
    "registration.approved": "Duyệt đăng ký",
    "registration.returned": "Trả lại đăng ký",
    "registration.closed": "Khoá đăng ký",
    "registration.reopened": "Mở lại đăng ký",
    "registration.submitted": "Gửi cơ quan quản lý",
    "rating.set": "Xếp loại viên chức",
    "review.opened": "Mở đợt bình xét",
    "review.changed": "Sửa thông tin đợt bình xét",
    "review.council_set": "Cập nhật Hội đồng",
    "review.candidate_added": "Thêm người được đề nghị",
    "review.candidate_removed": "Bỏ người được đề nghị",
    "review.candidates_imported": "Lấy danh sách từ đăng ký",
    "review.vote_counted": "Nhập số phiếu",
    "review.ballot_cast": "Bỏ phiếu kín",
    "review.closed": "Kết thúc bình xét",
}


def _department_id(data) -> int | None:
    value = data.get("to", "")
    return int(value) if str(value).isdigit() else None


def _history(obj) -> list:
    events = list(history_of(obj)[:HISTORY_SHOWN])
    for event in events:
        event.emulation_label = ACTION_LABELS.get(event.action, event.label)
    return events


# --- Registration -----------------------------------------------------------------------------------


def campaigns_page(request):
    """The school's registration campaigns; managers open a new one here. Staff go to their own."""
    if not permissions.can_manage_registration(request.user, request.school):
        return redirect("emulation-my-registration")
    form = CampaignForm(request.POST or None, initial={"school_year": current_school_year()})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = emulation.open_campaign(**form.cleaned_data, user=request.user)
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã mở đăng ký thi đua năm học {campaign.school_year}.")
            return redirect("emulation-campaign", pk=campaign.pk)
    return render(
        request, "emulation/campaign_list.html", {"campaigns": selectors.campaign_list(), "form": form}
    )


def my_registration_page(request):
    """ "Đăng ký của tôi": the staff member registers their own target title until the deadline."""
    staff = staff_of_account(request.user)
    campaign = (
        selectors.campaign_open_for_staff() or RegistrationCampaign.objects.order_by("-school_year").first()
    )
    registration = (
        Registration.objects.filter(campaign=campaign, staff=staff).first() if campaign and staff else None
    )
    manager = permissions.can_manage_registration(request.user, request.school)
    initial = (
        {"title": registration.title, "award_forms": registration.forms, "note": registration.note}
        if registration and registration.title
        else {"title": Title.LDTT}
    )
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if staff is None or campaign is None:
            raise Http404("Không có đợt đăng ký hoặc hồ sơ cán bộ.")
        if form.is_valid():
            try:
                emulation.register(
                    campaign,
                    staff,
                    title=form.cleaned_data["title"],
                    forms=form.cleaned_data["award_forms"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                    as_manager=manager,
                )
            except Invalid as exc:  # the page shows again, with what was typed and the reason
                messages.error(request, exc.message)
            else:
                messages.success(request, "Đã lưu đăng ký thi đua của thầy/cô.")
                return redirect("emulation-my-registration")
    return render(
        request,
        "emulation/my_registration.html",
        {
            "staff": staff,
            "campaign": campaign,
            "registration": registration,
            "form": form,
            "can_edit": bool(campaign and staff) and (manager or emulation.staff_may_register_now(campaign)),
            "late": registration is not None and selectors.is_late(registration, campaign),
            "ratings": sorted(selectors.ratings_by_year(staff).items(), reverse=True) if staff else [],
        },
    )


def _campaign(pk) -> RegistrationCampaign:
    return get_object_or_404(RegistrationCampaign, pk=pk)


def _overview_url(campaign, department_id=None, state=None) -> str:
    return _overview_url_of(campaign.pk, department_id, state)


def _overview_url_of(pk, department_id=None, state=None) -> str:
    url = reverse("emulation-campaign", args=[pk])
    query = "&".join(f"{k}={v}" for k, v in (("to", department_id), ("trang-thai", state)) if v)
    return f"{url}?{query}" if query else url


def _back_to_filtered_overview(request, pk, **_kwargs) -> str:
    """Where a refused batch or review action returns: the overview with the filter it was sent from."""
    return _overview_url_of(pk, _department_id(request.POST), request.POST.get("trang-thai"))


def campaign_page(request, pk):
    """The overview at a glance: registered on time, late, pending and missing, counts by title,
    filtered by department and state; every action applies to the whole filter."""
    require(permissions.can_manage_registration(request.user, request.school), MANAGERS_ONLY)
    campaign = _campaign(pk)
    department_id = _department_id(request.GET)
    state = request.GET.get("trang-thai") or None
    if state not in selectors.STATE_LABELS:
        state = None
    overview = selectors.campaign_overview(campaign, department_id=department_id, state=state)
    collective = selectors.collective_of(campaign)
    return render(
        request,
        "emulation/campaign_detail.html",
        {
            "campaign": campaign,
            "overview": overview,
            "state_labels": selectors.STATE_LABELS,
            "departments": selectors.departments(),
            "department_id": department_id,
            "state": state,
            "collective": collective,
            "collective_form": CollectiveForm(
                initial={"title": collective.title, "award_forms": collective.forms, "note": collective.note}
                if collective
                else {"title": Title.TTLDTT}
            ),
            "reopen_form": ReopenForm(),
            "can_sign": permissions.can_approve_registrations(request.user, request.school),
            "waiting": sum(
                1
                for row in overview.rows
                if row.registration and row.registration.status == Registration.Status.REGISTERED
            ),
            "history": _history(campaign),
            "sent": sent_versions(request.school, [selectors.registration_reference(campaign)]).get(
                selectors.registration_reference(campaign), []
            ),
        },
    )


@require_POST
@redirect_on_refusal(_back_to_filtered_overview)
def invite_staff(request, pk):
    """Batch: open the registration for every staff member of the current filter."""
    campaign = _campaign(pk)
    department_id = _department_id(request.POST)
    department = next((d for d in selectors.departments() if d.pk == department_id), None)
    invited = emulation.open_registration_for_staff(
        campaign,
        selectors.staff_in_filter(department_id),
        user=request.user,
        department_name=department.name if department else "",
    )
    messages.success(request, f"Đã mời {invited} người đăng ký và gửi thông báo cho người có tài khoản.")
    return redirect(_overview_url(campaign, department_id))


@require_POST
def approve_all(request, pk):
    campaign = _campaign(pk)
    department_id = _department_id(request.POST)
    approved = emulation.approve_all(
        selectors.registrations_in_filter(campaign, department_id), user=request.user
    )
    messages.success(request, f"Đã duyệt {approved} đăng ký.")
    return redirect(_overview_url(campaign, department_id))


def register_for(request, pk, staff_pk):
    """A manager registers (or corrects the registration of) any staff member, at any time."""
    require(permissions.can_manage_registration(request.user, request.school), MANAGERS_ONLY)
    campaign = _campaign(pk)
    staff = get_object_or_404(Staff.objects.select_related("department"), pk=staff_pk)
    registration = Registration.objects.filter(campaign=campaign, staff=staff).first()
    initial = (
        {"title": registration.title, "award_forms": registration.forms, "note": registration.note}
        if registration and registration.title
        else {"title": Title.LDTT}
    )
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            emulation.register(
                campaign,
                staff,
                title=form.cleaned_data["title"],
                forms=form.cleaned_data["award_forms"],
                note=form.cleaned_data["note"],
                user=request.user,
                as_manager=True,
            )
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã lưu đăng ký của {staff.full_name}.")
            return redirect(_overview_url(campaign, _department_id(request.POST)))
    return render(
        request,
        "emulation/register_for.html",
        {
            "campaign": campaign,
            "staff": staff,
            "registration": registration,
            "form": form,
            "after_deadline": timezone.localdate() > campaign.deadline,
            "department_id": _department_id(request.GET) or _department_id(request.POST),
        },
    )


def _review(request, pk, registration_pk, *, approve: bool):
    campaign = _campaign(pk)
    registration = get_object_or_404(Registration, pk=registration_pk, campaign=campaign)
    form = ReviewNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    emulation.review_registration(registration, approve=approve, note=note, user=request.user)
    name = registration.staff.full_name
    messages.success(
        request, f"Đã duyệt đăng ký của {name}." if approve else f"Đã trả lại đăng ký của {name}."
    )
    return redirect(_overview_url(campaign, _department_id(request.POST), request.POST.get("trang-thai")))


@require_POST
@redirect_on_refusal(_back_to_filtered_overview)
def approve_registration(request, pk, registration_pk):
    return _review(request, pk, registration_pk, approve=True)


@require_POST
@redirect_on_refusal(_back_to_filtered_overview)
def return_registration(request, pk, registration_pk):
    return _review(request, pk, registration_pk, approve=False)


@require_POST
@redirect_on_refusal("emulation-campaign", "pk")
def save_collective(request, pk):
    # Asked before the form: a person without the right hears that, not what the form lacks.
    require(permissions.can_manage_registration(request.user, request.school), MANAGERS_ONLY)
    campaign = _campaign(pk)
    form = CollectiveForm(request.POST)
    if not form.is_valid():
        raise EmulationError("Hãy chọn danh hiệu tập thể.")
    emulation.register_collective(
        campaign,
        title=form.cleaned_data["title"],
        forms=form.cleaned_data["award_forms"],
        note=form.cleaned_data["note"],
        user=request.user,
    )
    messages.success(request, "Đã lưu đăng ký danh hiệu của tập thể nhà trường.")
    return redirect("emulation-campaign", pk=pk)


@require_POST
@redirect_on_refusal("emulation-campaign", "pk")
def close_campaign(request, pk):
    emulation.close_campaign(_campaign(pk), user=request.user)
    messages.success(request, "Đã khoá đăng ký: cán bộ, giáo viên không tự thay đổi được nữa.")
    return redirect("emulation-campaign", pk=pk)


@require_POST
@redirect_on_refusal("emulation-campaign", "pk")
def reopen_campaign(request, pk):
    require(permissions.can_manage_registration(request.user, request.school), MANAGERS_ONLY)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        raise EmulationError("Hãy nhập hạn đăng ký mới (dd/mm/yyyy).")
    emulation.reopen_campaign(_campaign(pk), deadline=form.cleaned_data["deadline"], user=request.user)
    messages.success(request, "Đã mở lại đăng ký.")
    return redirect("emulation-campaign", pk=pk)


@require_POST
@redirect_on_refusal("emulation-campaign", "pk")
def submit_campaign(request, pk):
    submission = emulation.submit_registrations(_campaign(pk), school=request.school, user=request.user)
    messages.success(
        request, f"Đã gửi danh sách đăng ký thi đua lên cơ quan quản lý (lần {submission.version})."
    )
    return redirect("emulation-campaign", pk=pk)


def campaign_excel(request, pk):
    require(permissions.can_manage_registration(request.user, request.school), MANAGERS_ONLY)
    campaign = _campaign(pk)
    content = registration_workbook(
        payload=selectors.registration_payload(campaign),
        school_name=request.school.name,
        parent_body=selectors.latest_letterhead(request.school)["parent_body"],
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dang-ky-thi-dua-{campaign.school_year}.xlsx"'
    return response


# --- Ratings ----------------------------------------------------------------------------------------


@redirect_on_refusal("emulation-ratings")
def ratings_page(request):
    """The year's ratings of the whole staff, or of one department, entered in one form. A year that
    is not one, or ratings refused, come back to this year's page with the reason."""
    require(permissions.can_rate_staff(request.user, request.school), MANAGERS_ONLY)
    data = request.POST if request.method == "POST" else request.GET
    school_year = clean_school_year(data.get("nam-hoc") or current_school_year(), EmulationError)
    department_id = _department_id(data)
    staff = list(selectors.staff_in_filter(department_id))
    if request.method == "POST":
        ratings = {member.pk: request.POST.get(f"rating_{member.pk}", "") for member in staff}
        notes = {member.pk: request.POST.get(f"note_{member.pk}", "") for member in staff}
        changed = emulation.set_ratings(
            school_year=school_year, ratings=ratings, notes=notes, user=request.user
        )
        messages.success(request, f"Đã lưu xếp loại năm học {school_year} ({changed} thay đổi).")
        query = f"?nam-hoc={school_year}" + (f"&to={department_id}" if department_id else "")
        return redirect(reverse("emulation-ratings") + query)
    current = selectors.ratings_for_year(school_year, [member.pk for member in staff])
    rows = [(member, current.get(member.pk)) for member in staff]
    years = sorted({school_year, current_school_year(), *selectors.rating_years()}, reverse=True)
    return render(
        request,
        "emulation/ratings.html",
        {
            "rows": rows,
            "school_year": school_year,
            "years": years,
            "departments": selectors.departments(),
            "department_id": department_id,
            "rating_choices": RATING_CHOICES,
        },
    )


# --- Review rounds ----------------------------------------------------------------------------------


def rounds_page(request):
    manager = permissions.can_run_review(request.user, request.school)
    form = RoundForm(request.POST or None, initial={"school_year": current_school_year()})
    if request.method == "POST":
        require(manager, MANAGERS_ONLY)
        if form.is_valid():
            try:
                review_round = emulation.open_review_round(**form.cleaned_data, user=request.user)
            except Invalid as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã mở đợt bình xét. Hãy chọn Hội đồng và lập danh sách đề nghị.")
                return redirect("emulation-round", pk=review_round.pk)
    return render(
        request,
        "emulation/round_list.html",
        {"rounds": selectors.round_list(), "form": form, "can_manage": manager},
    )


def _round(pk) -> ReviewRound:
    return get_object_or_404(ReviewRound, pk=pk)


def _round_context(request, review_round: ReviewRound) -> dict:
    manager = permissions.can_run_review(request.user, request.school)
    council = selectors.council_of(review_round)
    member = any(m.user_id == request.user.pk for m in council)
    visible = selectors.results_visible(review_round)
    results = selectors.ranked_results(review_round, request.school)
    roles = {m.user_id: m.role for m in council}
    context = {
        "round": review_round,
        "results": results,
        "results_visible": visible,
        "tie_break": selectors.tie_break_note(review_round, request.school),
        "council": council,
        "can_manage": manager and not review_round.is_closed,
        "is_manager": manager,
        "is_council_member": member,
        "has_voted": member and selectors.has_voted(review_round, request.user),
        "turnout": results[0].total if results and review_round.method == ReviewRound.Method.BALLOT else None,
        "history": _history(review_round) if manager else [],
    }
    if manager and not review_round.is_closed:
        context.update(
            settings_form=RoundSettingsForm(
                initial={
                    "name": review_round.name,
                    "min_approval_share": review_round.min_approval_share,
                    "quorum": review_round.quorum,
                    "meeting_at": review_round.meeting_at and timezone.localtime(review_round.meeting_at),
                    "meeting_place": review_round.meeting_place,
                    "locality": review_round.locality,
                    "content": review_round.content,
                }
            ),
            members=[
                (user, roles.get(user.pk, "")) for user in members_with_roles(request.school, SCHOOL_ROLES)
            ],
            role_choices=COUNCIL_ROLE_CHOICES,
            staff_choices=list(selectors.staff_in_filter()),
            title_choices=Title.choices,
        )
    return context


def round_page(request, pk):
    review_round = _round(pk)
    return render(request, "emulation/round_detail.html", _round_context(request, review_round))


def _round_action(request, pk, action, success: str):
    """Run a service on the round; what it refuses goes back to the round's page (the callers are
    decorated with redirect_on_refusal) and a person without the right gets the 403 page."""
    result = action(_round(pk))
    messages.success(request, success.format(result=result))
    return redirect("emulation-round", pk=pk)


@require_POST
@redirect_on_refusal("emulation-round", "pk")
def round_settings(request, pk):
    # Asked before the form: a person without the right hears that, not what the form lacks.
    require(permissions.can_run_review(request.user, request.school), MANAGERS_ONLY)
    form = RoundSettingsForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "Thông tin đợt bình xét chưa hợp lệ: "
            + "; ".join(
                f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
            ),
        )
        return redirect("emulation-round", pk=pk)
    return _round_action(
        request,
        pk,
        lambda review_round: emulation.update_round(review_round, **form.cleaned_data, user=request.user),
        "Đã lưu thông tin đợt bình xét.",
    )


@require_POST
@redirect_on_refusal("emulation-round", "pk")
def round_council(request, pk):
    members = []
    for user in members_with_roles(request.school, SCHOOL_ROLES):
        role = request.POST.get(f"role_{user.pk}", "")
        if role:
            members.append((user, role))
    return _round_action(
        request,
        pk,
        lambda review_round: emulation.set_council(review_round, members, user=request.user),
        "Đã cập nhật Hội đồng Thi đua – Khen thưởng.",
    )


@require_POST
@redirect_on_refusal("emulation-round", "pk")
def candidate_add(request, pk):
    require(permissions.can_run_review(request.user, request.school), MANAGERS_ONLY)
    form = CandidateForm(request.POST)
    if not form.is_valid():
        raise EmulationError("Hãy chọn danh hiệu đề nghị.")
    staff = None
    if form.cleaned_data["staff"]:
        staff = get_object_or_404(Staff, pk=form.cleaned_data["staff"])
    return _round_action(
        request,
        pk,
        lambda review_round: emulation.add_candidate(
            review_round, staff=staff, title=form.cleaned_data["title"], user=request.user
        ),
        "Đã thêm {result} vào danh sách đề nghị.",
    )


@require_POST
@redirect_on_refusal("emulation-round", "pk")
def candidates_import(request, pk):
    return _round_action(
        request,
        pk,
        lambda review_round: emulation.candidates_from_registrations(review_round, user=request.user),
        "Đã lấy {result} người/tập thể từ danh sách đăng ký thi đua.",
    )


@require_POST
@redirect_on_refusal("emulation-round", "pk")
def candidate_remove(request, pk, candidate_pk):
    candidate = get_object_or_404(ReviewCandidate, pk=candidate_pk, round_id=pk)
    return _round_action(
        request,
        pk,
        lambda review_round: emulation.remove_candidate(candidate, user=request.user),
        "Đã bỏ khỏi danh sách đề nghị.",
    )


@require_POST
@redirect_on_refusal("emulation-round", "pk")
def vote_count(request, pk, candidate_pk):
    """The secretary enters one candidate's tally; with HTMX the row comes back updated (a refusal
    answers 400 with its reason, which the page shows in #htmx-errors)."""
    require(permissions.can_run_review(request.user, request.school), MANAGERS_ONLY)
    candidate = get_object_or_404(
        ReviewCandidate.objects.select_related("round", "staff"), pk=candidate_pk, round_id=pk
    )
    form = VoteCountForm(request.POST)
    if not form.is_valid():
        raise EmulationError(
            "Hãy nhập số phiếu đồng ý, không đồng ý và tổng số người biểu quyết (số nguyên không âm)."
        )
    emulation.record_vote_count(candidate, **form.cleaned_data, user=request.user)
    if request.htmx:
        review_round = candidate.round
        result = next(r for r in selectors.review_results(review_round) if r.candidate.pk == candidate.pk)
        return render(
            request,
            "emulation/_candidate_row.html",
            {
                "result": result,
                "round": review_round,
                "results_visible": True,
                "can_manage": True,
                "index": request.POST.get("stt", ""),
            },
        )
    messages.success(request, f"Đã lưu số phiếu của {candidate.display_name}.")
    return redirect("emulation-round", pk=pk)


def ballot_page(request, pk):
    """A council member's secret ballot: one choice per candidate, cast once."""
    review_round = _round(pk)
    require(permissions.can_vote(request.user, review_round), COUNCIL_ONLY)
    candidates = list(selectors.candidates_of(review_round))
    if request.method == "POST":
        choices = {c.pk: request.POST.get(f"candidate_{c.pk}", "") for c in candidates}
        try:
            emulation.cast_ballot(review_round, voter=request.user, choices=choices)
        except Invalid as exc:  # the ballot shows again, with the reason
            messages.error(request, exc.message)
        else:
            messages.success(
                request, "Đã ghi nhận phiếu bầu của thầy/cô. Kết quả được công bố khi kết thúc bình xét."
            )
            return redirect("emulation-round", pk=pk)
    return render(
        request,
        "emulation/ballot.html",
        {
            "round": review_round,
            "candidates": candidates,
            "has_voted": selectors.has_voted(review_round, request.user),
            "choices": BallotChoice.Choice.choices,
        },
    )


@require_POST
@redirect_on_refusal("emulation-round", "pk")
def round_close(request, pk):
    return _round_action(
        request,
        pk,
        lambda review_round: emulation.close_round(review_round, school=request.school, user=request.user),
        "Đã kết thúc đợt bình xét; biên bản số {result.minutes_number} đã sẵn sàng để tải về.",
    )


def round_minutes(request, pk):
    review_round = _round(pk)
    if not review_round.is_closed:
        raise Http404("Biên bản chỉ có sau khi kết thúc đợt bình xét.")
    content = round_minutes_docx(review_round, request.school)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="bien-ban-binh-xet-{review_round.school_year}-{review_round.pk}.docx"'
    )
    return response
