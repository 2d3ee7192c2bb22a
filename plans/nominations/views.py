"""Pages of nominations and dossiers. Views check who may act and call services and selectors."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from office.core.errors import Invalid, require
from office.core.refusals import redirect_on_refusal
from office.core.school_years import clean_school_year, current_school_year, recent_school_years
from office.rules.checker import knc_eligibility
from office.rules.selectors import active_rules
from office.rules.vocabulary import Rating
from office.submissions.selectors import collective_rating_of
from plans.emulation.models import ReviewRound
from plans.evidence.models import Evidence
from plans.evidence.selectors import own_upload
from plans.examples.selectors import confirmed_for_dossier
from plans.nominations import documents
from plans.nominations import services as nomination_services
from plans.nominations.facts import knc_facts_of_all_staff
from plans.nominations.forms import (
    AnswerForm,
    DossierForm,
    EvidenceLinkForm,
    NewNominationForm,
    NominationFilterForm,
    NominationForm,
    ObjectionForm,
    OverrideForm,
    PostingForm,
)
from plans.nominations.models import Dossier, Nomination, Objection, Posting, department_collective_name
from plans.nominations.permissions import (
    OBJECT_REFUSAL,
    PREPARE_REFUSAL,
    can_override_posting,
    can_prepare_nominations,
    can_rate_collectives,
    can_read_posting,
    can_submit_dossier,
)
from plans.nominations.selectors import (
    DOCUMENT_LABELS,
    department_ratings,
    dossier_evidence,
    dossier_list,
    dossier_objections,
    dossier_state,
    dossier_states,
    eligible_for_dossier,
    latest_posting,
    nomination_detail,
    nomination_list,
    posting_detail,
    posting_wait,
    postings_for_staff,
    school_rating,
)
from plans.nominations.services import NominationError
from plans.staff.models import Department

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filters(request) -> tuple[NominationFilterForm, dict]:
    form = NominationFilterForm(request.GET or None)
    values = {"school_year": current_school_year(), "title": "", "verdict": "", "q": ""}
    if form.is_valid():
        values.update({k: v for k, v in form.cleaned_data.items() if v})
    return form, values


def _filtered_list(request) -> str:
    """The list as it was filtered: its filters travel in the query string of the form's address."""
    return f"{request.path}?{request.GET.urlencode()}"


@redirect_on_refusal(_filtered_list)
def nominations_page(request):
    require(can_prepare_nominations(request.user, request.school), PREPARE_REFUSAL)
    form, values = _filters(request)
    rows = nomination_list(**values)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "from-review":
            created = nomination_services.nominations_from_review(
                school_year=values["school_year"], user=request.user, school=request.school
            )
            messages.success(
                request,
                f"Đã tạo {len(created)} đề nghị từ kết quả bình xét năm học {values['school_year']}.",
            )
        elif action == "check-all":
            count = nomination_services.run_checks(rows, school=request.school, user=request.user)
            messages.success(request, f"Đã kiểm tra điều kiện {count} đề nghị (toàn bộ kết quả của bộ lọc).")
        elif action == "add":
            new = NewNominationForm(request.POST)
            if not new.is_valid():
                raise NominationError("Hãy chọn danh hiệu hoặc hình thức đề nghị.")
            nomination = nomination_services.create_nomination(
                school_year=values["school_year"],
                staff=new.cleaned_data["staff"],
                department=new.cleaned_data["department"],
                title=new.cleaned_data["title"],
                user=request.user,
                school=request.school,
            )
            nomination_services.run_check(nomination, school=request.school, user=request.user)
            return redirect("nomination-detail", pk=nomination.pk)
        return redirect(_filtered_list(request))
    return render(
        request,
        "nominations/nomination_list.html",
        {
            "filter_form": form,
            "values": values,
            "nominations": rows,
            "new_form": NewNominationForm(),
            "school_years": recent_school_years([values["school_year"]]),
        },
    )


@redirect_on_refusal("nomination-detail", "pk")
def nomination_page(request, pk):
    require(can_prepare_nominations(request.user, request.school), PREPARE_REFUSAL)
    try:
        nomination = nomination_detail(pk)
    except Nomination.DoesNotExist as exc:
        raise Http404 from exc
    if request.method == "POST":
        form = NominationForm(request.POST, staff=nomination.staff)
        if request.POST.get("action") == "check":
            nomination_services.run_check(nomination, school=request.school, user=request.user)
            messages.success(request, "Đã kiểm tra lại điều kiện.")
        elif form.is_valid():
            nomination_services.update_nomination(
                nomination, **form.cleaned_data, user=request.user, school=request.school
            )
            nomination_services.run_check(nomination, school=request.school, user=request.user)
            messages.success(request, "Đã lưu đề nghị và kiểm tra lại điều kiện.")
        return redirect("nomination-detail", pk=pk)
    form = NominationForm(
        staff=nomination.staff,
        initial={
            "summary": nomination.summary,
            "achievements": nomination.achievements or documents.default_achievements(nomination),
            "initiative": nomination.initiative_id,
        },
    )
    has_routes = any(r.get("route") for r in nomination.check_report or [])
    return render(
        request,
        "nominations/nomination_detail.html",
        {"nomination": nomination, "form": form, "has_routes": has_routes},
    )


def achievement_report_download(request, pk):
    require(can_prepare_nominations(request.user, request.school), PREPARE_REFUSAL)
    nomination = get_object_or_404(
        Nomination.objects.select_related("staff__department", "department"), pk=pk
    )
    return _file(
        documents.achievement_report_docx(nomination, request.school),
        f"Bao-cao-thanh-tich-{nomination.pk}.docx",
        DOCX,
    )


@redirect_on_refusal("dossier-list")
def dossiers_page(request):
    require(can_prepare_nominations(request.user, request.school), PREPARE_REFUSAL)
    if request.method == "POST":
        form = DossierForm(request.POST)
        if form.is_valid():
            review_round = None
            if form.cleaned_data.get("review_round"):
                review_round = get_object_or_404(ReviewRound, pk=form.cleaned_data["review_round"])
            school_year = review_round.school_year if review_round else current_school_year()
            dossier = nomination_services.create_dossier(
                school_year=school_year,
                subject=f"{form.cleaned_data['subject']}",
                recipient=form.cleaned_data["recipient"],
                addressed_to_level=form.cleaned_data.get("addressed_to_level", ""),
                review_round=review_round,
                user=request.user,
                school=request.school,
            )
            return redirect("dossier-detail", pk=dossier.pk)
    dossiers = list(dossier_list())
    states = dossier_states(dossiers, request.school)
    return render(
        request,
        "nominations/dossier_list.html",
        {
            "dossiers": [(d, states[d.pk]) for d in dossiers],
            "form": DossierForm(
                initial={
                    "subject": f"Về việc đề nghị công nhận danh hiệu thi đua năm học {current_school_year()}"
                }
            ),
            "rounds": ReviewRound.objects.filter(status=ReviewRound.Status.CLOSED).order_by(
                "-school_year", "-pk"
            ),
        },
    )


def dossier_page(request, pk):
    require(can_prepare_nominations(request.user, request.school), PREPARE_REFUSAL)
    dossier = get_object_or_404(Dossier.objects.select_related("review_round"), pk=pk)
    state = dossier_state(dossier, request.school)
    nominations = list(
        dossier.nominations.select_related("staff__department", "initiative").order_by(
            "title", "staff__full_name"
        )
    )
    posting = latest_posting(dossier)
    return render(
        request,
        "nominations/dossier_detail.html",
        {
            "dossier": dossier,
            "state": state,
            "posting": posting,
            "objections": dossier_objections(dossier),
            "posting_wait": posting_wait(dossier, nominations, on=timezone.localdate())
            if state.editable
            else "",
            "posting_form": PostingForm(),
            "answer_form": AnswerForm(),
            "override_form": OverrideForm(),
            "can_override": can_override_posting(request.user, request.school),
            "nominations": nominations,
            "eligible": eligible_for_dossier(dossier) if state.editable else [],
            "evidence": dossier_evidence(dossier),
            # The confirmed good examples chosen (on each example's page) to go up with this dossier.
            "examples": confirmed_for_dossier(dossier),
            "can_submit": can_submit_dossier(request.user, request.school) and state.editable and nominations,
            "document_labels": DOCUMENT_LABELS,
        },
    )


@require_POST
@redirect_on_refusal("dossier-detail", "pk")
def dossier_action(request, pk, action):
    require(can_prepare_nominations(request.user, request.school), PREPARE_REFUSAL)
    dossier = get_object_or_404(Dossier, pk=pk)
    school, user = request.school, request.user
    if action == "them":
        ids = request.POST.getlist("nominations")
        chosen = list(Nomination.objects.filter(pk__in=ids, school_year=dossier.school_year))
        added = nomination_services.add_to_dossier(dossier, chosen, school=school, user=user)
        messages.success(request, f"Đã đưa {len(added)} đề nghị vào hồ sơ.")
    elif action == "bo":
        nomination = get_object_or_404(Nomination, pk=request.POST.get("nomination"), dossier=dossier)
        nomination_services.remove_from_dossier(dossier, nomination, school=school, user=user)
    elif action == "minh-chung":
        form = EvidenceLinkForm(request.POST)
        if not form.is_valid():
            raise NominationError("Hãy chọn và tải tệp minh chứng lên trước.")
        try:
            evidence = own_upload(form.cleaned_data["evidence"], user)
        except Evidence.DoesNotExist as exc:  # not the user's own upload
            raise Http404 from exc
        nomination = None
        if form.cleaned_data.get("nomination"):
            nomination = get_object_or_404(Nomination, pk=form.cleaned_data["nomination"], dossier=dossier)
        nomination_services.attach_evidence(
            dossier,
            evidence,
            label=form.cleaned_data.get("label", ""),
            nomination=nomination,
            school=school,
            user=user,
        )
        messages.success(request, "Đã đính kèm minh chứng.")
    elif action == "xac-nhan":
        nomination_services.confirm_evidence_certified(
            dossier, certified=request.POST.get("certified") == "1", school=school, user=user
        )
    elif action == "gui":
        # The service refuses (403) anyone but the principal or a vice principal.
        submission = nomination_services.submit_dossier(dossier, school=school, user=user)
        messages.success(request, f"Đã gửi hồ sơ lên cơ quan quản lý (lần {submission.version}).")
    else:
        raise Http404
    return redirect("dossier-detail", pk=pk)


def dossier_document(request, pk, document):
    require(can_prepare_nominations(request.user, request.school), PREPARE_REFUSAL)
    dossier = get_object_or_404(Dossier.objects.select_related("review_round"), pk=pk)
    if document == "to-trinh.docx":
        return _file(
            documents.cover_letter_docx(dossier, request.school), f"To-trinh-ho-so-{dossier.pk}.docx", DOCX
        )
    if document == "danh-sach.xlsx":
        return _file(
            documents.nominee_list_xlsx(dossier, request.school), f"Danh-sach-de-nghi-{dossier.pk}.xlsx", XLSX
        )
    if document == "bien-ban.docx":
        content = documents.minutes_docx(dossier, request.school)
        if content is not None:
            return _file(content, f"Bien-ban-binh-xet-{dossier.pk}.docx", DOCX)
    raise Http404


def knc_page(request):
    """Who may be proposed for the Kỷ niệm chương “Vì sự nghiệp giáo dục” this year."""
    require(can_prepare_nominations(request.user, request.school), PREPARE_REFUSAL)
    today = timezone.localdate()
    rules = active_rules(today, request.school.authority)
    rows = [(staff, knc_eligibility(facts, today, rules=rules)) for staff, facts in knc_facts_of_all_staff()]
    rows.sort(key=lambda row: {"met": 0, "unknown": 1, "not_met": 2}[row[1].status])
    return render(request, "nominations/knc.html", {"rows": rows, "today": today})


# --- Public posting of the proposed list (công khai) ------------------------------------------------


def postings_page(request):
    """Every posted list, newest first: what the staff read on their phones."""
    require(can_read_posting(request.user, request.school), OBJECT_REFUSAL)
    postings = list(postings_for_staff())
    return render(
        request, "nominations/posting_list.html", {"postings": postings, "today": timezone.localdate()}
    )


@redirect_on_refusal("posting-detail", "pk")
def posting_page(request, pk):
    """One posted list: the candidates and their titles, and a staff member's objection about one of
    them (a reason, optionally an evidence file), with the council's answers to their own objections."""
    require(can_read_posting(request.user, request.school), OBJECT_REFUSAL)
    try:
        posting = posting_detail(pk)
    except Posting.DoesNotExist as exc:
        raise Http404 from exc
    # Bound on every POST, an empty one too: it is refused with the form's reason, never unanswered.
    form = ObjectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            raise NominationError(next(iter(form.errors.values()))[0])
        nomination = get_object_or_404(Nomination, pk=form.cleaned_data["nomination"])
        evidence = None
        if form.cleaned_data.get("evidence"):
            try:
                evidence = own_upload(form.cleaned_data["evidence"], request.user)
            except Evidence.DoesNotExist as exc:
                raise Http404 from exc
        nomination_services.raise_objection(
            posting,
            nomination,
            reason=form.cleaned_data["reason"],
            evidence=evidence,
            user=request.user,
            school=request.school,
        )
        messages.success(request, "Đã gửi ý kiến phản ánh tới Hội đồng Thi đua – Khen thưởng.")
        return redirect("posting-detail", pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "nominations/posting_detail.html",
        {
            "posting": posting,
            "open": today <= posting.ends_on,
            "form": form,
            "mine": posting.objections.filter(raised_by_id=request.user.pk).order_by("-raised_at"),
            "is_council": can_prepare_nominations(request.user, request.school),
        },
    )


@require_POST
@redirect_on_refusal("dossier-detail", "pk")
def posting_action(request, pk, action):
    """The council publishes the dossier's list or answers an objection; the principal overrides."""
    dossier = get_object_or_404(Dossier, pk=pk)
    school, user = request.school, request.user
    if action == "dang":
        require(can_prepare_nominations(user, school), PREPARE_REFUSAL)
        form = PostingForm(request.POST)
        if not form.is_valid():
            raise NominationError("Số ngày làm việc công khai phải từ 1 đến 30.")
        posting = nomination_services.publish_posting(
            dossier,
            working_days=form.cleaned_data["working_days"],
            note=form.cleaned_data["note"],
            user=user,
            school=school,
        )
        messages.success(request, f"Đã công khai danh sách đến hết ngày {posting.ends_on:%d/%m/%Y}.")
    elif action == "tra-loi":
        form = AnswerForm(request.POST)
        if not form.is_valid():
            raise NominationError(next(iter(form.errors.values()))[0])
        objection = get_object_or_404(Objection, pk=request.POST.get("objection"), posting__dossier=dossier)
        nomination_services.answer_objection(
            objection,
            accepted=form.cleaned_data["decision"] == "accepted",
            outcome=form.cleaned_data["outcome"],
            answer=form.cleaned_data["answer"],
            user=user,
            school=school,
        )
        messages.success(request, "Đã ghi trả lời của Hội đồng.")
    elif action == "gui-truoc":
        form = OverrideForm(request.POST)
        if not form.is_valid():
            raise NominationError("Hãy ghi rõ lý do gửi hồ sơ trước khi hết thời gian công khai.")
        nomination_services.override_posting_wait(
            dossier, reason=form.cleaned_data["reason"], user=user, school=school
        )
        messages.success(request, "Đã ghi quyết định gửi hồ sơ trước khi hết thời gian công khai.")
    else:
        raise Http404
    return redirect("dossier-detail", pk=pk)


# --- Collective ratings: the school's own (confirmed by the office) and its departments' -------------


def _ratings_year(request) -> str:
    value = request.GET.get("school_year") or ""
    try:
        return clean_school_year(value) if value else current_school_year()
    except Invalid:
        return current_school_year()


def _ratings_page_url(request) -> str:
    return f"{request.path}?school_year={_ratings_year(request)}"


@redirect_on_refusal(_ratings_page_url)
def collective_ratings_page(request):
    """The school's own rating for the year (sent up for the office to confirm) and the principal's
    rating of each department, which the checker reads for collective titles."""
    require(can_prepare_nominations(request.user, request.school), PREPARE_REFUSAL)
    school_year = _ratings_year(request)
    if request.method == "POST":
        action = request.POST.get("action")
        rating, note = request.POST.get("rating", ""), request.POST.get("note", "")
        if action == "school":
            nomination_services.send_school_rating(
                school_year=school_year, rating=rating, note=note, user=request.user, school=request.school
            )
            messages.success(
                request, "Đã gửi kết quả tự xếp loại tập thể trường lên cơ quan quản lý để xác nhận."
            )
        elif action == "department":
            department = Department.objects.filter(pk=_int(request.POST.get("department"))).first()
            if department is None:
                raise NominationError("Hãy chọn tổ cần xếp loại.")
            nomination_services.rate_department(
                department,
                school_year=school_year,
                rating=rating,
                note=note,
                user=request.user,
                school=request.school,
            )
            messages.success(request, f"Đã lưu xếp loại {department_collective_name(department.name)}.")
        return redirect(_ratings_page_url(request))
    return render(
        request,
        "nominations/collective_ratings.html",
        {
            "school_year": school_year,
            "school_years": recent_school_years([school_year]),
            "school_rating": school_rating(school_year),
            "state": collective_rating_of(request.school, school_year),
            "departments": department_ratings(school_year),
            "rating_choices": Rating.choices,
            "can_rate": can_rate_collectives(request.user, request.school),
        },
    )
