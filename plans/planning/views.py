"""Pages of a school's plans: list, import from Word, the editor (HTMX), preview, lifecycle, exports.
Views call services and selectors; who may act is plans.planning.permissions, checked by the services
(and here first where a page shows a form, so that a person without the right gets 403 rather than
a form error). Refusals become responses in office.core.refusals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from office.accounts.selectors import school_roles
from office.audit.selectors import history_of
from office.core.errors import Invalid, require
from office.core.refusals import redirect_on_refusal
from office.submissions.models import Submission
from office.submissions.selectors import sent_versions
from plans.imports.models import ImportJob
from plans.imports.selectors import job_of
from plans.imports.services import start_import
from plans.planning import calendar
from plans.planning import services as plan_services
from plans.planning.checks import unconfirmed_differences
from plans.planning.export import EXPORT_FORMATS, export_plan
from plans.planning.forms import (
    CommentForm,
    NewSectionForm,
    PlanHeaderForm,
    PlanListsForm,
    PlanUploadForm,
    SectionForm,
    TaskForm,
)
from plans.planning.models import Plan, PlanSection, PlanTask
from plans.planning.permissions import MANAGE_PLANS_REFUSAL, can_issue_plan, can_manage_plans
from plans.planning.plan_import import ParsedPlan
from plans.planning.selectors import (
    calendar_feed_opened_by,
    calendar_tasks,
    comments_by_section,
    followed_up_task,
    plan_list,
    plan_snapshot,
    plan_with_content,
    section_tree,
    submission_reference,
    task_row,
    timeline_by_month,
    walk_tree,
)
from plans.planning.services import PlanError, assign_task
from reporting.official_document import render_html
from reporting.plan_document import plan_official_document

HISTORY_SHOWN = 30


def _plan(pk) -> Plan:
    try:
        return plan_with_content(pk)
    except Plan.DoesNotExist as exc:
        raise Http404("Không tìm thấy kế hoạch.") from exc


def plans_page(request):
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plan_list(), "can_manage": can_manage_plans(request.user, request.school)},
    )


def import_page(request):
    """Step 1: upload. The request only takes the file in (its name and size checked by the form) and
    hands it to an import job: a worker reads and parses it once, within limits and a time limit
    (plans.imports), while the job's page shows how far it got and then leads to the review. Nothing
    of the plan is created before the confirmation, and a bad file creates nothing at all."""
    require(can_manage_plans(request.user, request.school), MANAGE_PLANS_REFUSAL)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_import(
                ImportJob.Kind.PLAN, filename=upload.name, data=upload.read(), user=request.user
            )
        except Invalid as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("import-job", pk=job.pk)
    return render(request, "plans/plan_import.html", {"form": form})


def _plan_import_job(request, pk) -> ImportJob:
    try:
        job = job_of(request.user, pk)
    except ImportJob.DoesNotExist as exc:
        raise Http404("Không tìm thấy lượt nhập kế hoạch.") from exc
    if job.kind != ImportJob.Kind.PLAN:
        raise Http404("Không tìm thấy lượt nhập kế hoạch.")
    return job


def import_review_page(request, pk):
    """Step 2: the user sees what the job recognised and every warning, then confirms or cancels."""
    require(can_manage_plans(request.user, request.school), MANAGE_PLANS_REFUSAL)
    job = _plan_import_job(request, pk)
    if job.status != ImportJob.Status.DONE or job.result is None:
        if job.is_active:
            return redirect("import-job", pk=job.pk)
        messages.error(request, plan_services.EXPIRED_IMPORT)
        return redirect("plan-import")
    if request.method == "POST":
        if "cancel" in request.POST:
            plan_services.cancel_plan_import(job, school=request.school, user=request.user)
            messages.info(request, "Đã huỷ nhập kế hoạch; không có gì được lưu.")
            return redirect("plan-list")
        try:
            plan = plan_services.create_plan_from_import_job(job, school=request.school, user=request.user)
        except PlanError as exc:
            messages.error(request, exc.message)
            return redirect("plan-import")
        summary = job.result["summary"]
        messages.success(
            request,
            f"Đã nhập kế hoạch: {summary['sections']} mục, {summary['timeline_tasks']} công việc theo tháng, "
            f"{summary['bases']} căn cứ, {summary['warnings']} cảnh báo cần xem lại.",
        )
        return redirect("plan-detail", pk=plan.pk)
    parsed = ParsedPlan.from_data(job.result["plan"])
    return render(
        request,
        "plans/plan_import_review.html",
        {"parsed": parsed, "summary": parsed.summary(), "filename": job.result["filename"], "job": job},
    )


def _editor_context(request, plan: Plan) -> dict:
    tree = section_tree(plan)
    manager = can_manage_plans(request.user, request.school)
    comments = comments_by_section(plan)
    if not manager:
        # During consultation staff see their own comments; the leadership sees everyone's.
        comments = {
            sid: [c for c in rows if c.author_id == request.user.pk] for sid, rows in comments.items()
        }
    return {
        "plan": plan,
        "sections": list(walk_tree(tree)),
        "timeline": timeline_by_month(plan),
        "comments": comments,
        "can_edit": manager and not plan.is_locked,
        "can_manage": manager,
        "can_issue": can_issue_plan(request.user, request.school),
        "can_comment": plan.status == Plan.Status.CONSULTATION,
        "header_form": PlanHeaderForm(instance=plan),
        "lists_form": PlanListsForm.for_plan(plan),
        "new_section_form": NewSectionForm(),
        "task_form": TaskForm(initial={"year": plan.year}),
        "comment_form": CommentForm(),
        "history": history_of(plan)[:HISTORY_SHOWN] if manager else [],
        # What the office made of the issued versions: its comments are what a revision corrects.
        "sent": _sent_of(request, plan) if manager else [],
        **_checks_context(request, plan, manager),
    }


def _sent_of(request, plan: Plan) -> list:
    reference = submission_reference(plan)
    return sent_versions(request.school, [reference], kind=Submission.Kind.PLAN).get(reference, [])


def _checks_context(request, plan: Plan, manager: bool) -> dict:
    """What the editor shows as blocking (differences from the school, bases to review) and the import
    warnings beside the part of the plan they concern."""
    warnings = (plan.import_record or {}).get("warnings", [])
    by_section: dict[int, list] = {}
    by_place: dict[str, list] = {}
    for warning in warnings:
        if warning.get("section"):
            by_section.setdefault(warning["section"], []).append(warning)
        else:
            by_place.setdefault(warning.get("place", "header"), []).append(warning)
    editable = manager and not plan.is_locked
    return {
        "warnings": warnings,
        "warnings_by_section": by_section if editable else {},
        "warnings_by_place": by_place if editable else {},
        "differences": unconfirmed_differences(plan, request.school) if editable else [],
        "bases_to_review": [b for b in plan.bases.all() if b.needs_review] if editable else [],
    }


def detail_page(request, pk):
    plan = _plan(pk)
    return render(request, "plans/plan_detail.html", _editor_context(request, plan))


def _sections_block(request, plan_pk):
    plan = _plan(plan_pk)
    return render(request, "plans/_sections.html", _editor_context(request, plan))


def _timeline_block(request, plan_pk):
    plan = _plan(plan_pk)
    return render(request, "plans/_timeline.html", _editor_context(request, plan))


@require_POST
def save_header(request, pk):
    require(can_manage_plans(request.user, request.school), MANAGE_PLANS_REFUSAL)
    plan = _plan(pk)
    form = PlanHeaderForm(request.POST, instance=Plan.objects.get(pk=pk))
    if form.is_valid():
        plan_services.update_plan_header(plan, **form.cleaned_data, user=request.user)
        plan = _plan(pk)
        return render(request, "plans/_header_form.html", {**_editor_context(request, plan), "saved": True})
    return render(request, "plans/_header_form.html", {**_editor_context(request, plan), "header_form": form})


@require_POST
def save_lists(request, pk):
    require(can_manage_plans(request.user, request.school), MANAGE_PLANS_REFUSAL)
    plan = _plan(pk)
    form = PlanListsForm.for_plan(plan, data=request.POST)
    if form.is_valid():
        plan_services.update_plan_lists(plan, **form.cleaned_data, user=request.user)
        plan = _plan(pk)
        return render(request, "plans/_lists_form.html", {**_editor_context(request, plan), "saved": True})
    return render(request, "plans/_lists_form.html", {**_editor_context(request, plan), "lists_form": form})


@require_POST
def add_section(request, pk):
    require(can_manage_plans(request.user, request.school), MANAGE_PLANS_REFUSAL)
    plan = _plan(pk)
    form = NewSectionForm(request.POST)
    if not form.is_valid():
        raise PlanError("Hãy nhập tiêu đề mục.")
    parent = None
    if form.cleaned_data.get("parent"):
        parent = get_object_or_404(PlanSection, pk=form.cleaned_data["parent"], plan=plan)
    plan_services.add_section(plan, heading=form.cleaned_data["heading"], parent=parent, user=request.user)
    return _sections_block(request, pk)


def edit_section(request, pk, section_pk):
    require(can_manage_plans(request.user, request.school), MANAGE_PLANS_REFUSAL)
    section = get_object_or_404(PlanSection, pk=section_pk, plan_id=pk)
    if request.method == "POST":
        form = SectionForm(request.POST, instance=PlanSection.objects.get(pk=section.pk))
        if form.is_valid():
            plan_services.update_section(section, **form.cleaned_data, user=request.user)
            return _sections_block(request, pk)
    else:
        form = SectionForm(instance=section)
    return render(
        request, "plans/_section_form.html", {"form": form, "section": section, "plan": section.plan}
    )


@require_POST
def move_section(request, pk, section_pk, direction):
    section = get_object_or_404(PlanSection, pk=section_pk, plan_id=pk)
    plan_services.move_section(section, "up" if direction == "len" else "down", user=request.user)
    return _sections_block(request, pk)


@require_POST
def delete_section(request, pk, section_pk):
    section = get_object_or_404(PlanSection, pk=section_pk, plan_id=pk)
    plan_services.delete_section(section, user=request.user)
    return _sections_block(request, pk)


@require_POST
def comment_section(request, pk, section_pk):
    section = get_object_or_404(PlanSection, pk=section_pk, plan_id=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        plan_services.add_comment(section, user=request.user, text=form.cleaned_data["text"])
    return _sections_block(request, pk)


@require_POST
def add_task(request, pk):
    require(can_manage_plans(request.user, request.school), MANAGE_PLANS_REFUSAL)
    plan = _plan(pk)
    form = TaskForm(request.POST)
    if not form.is_valid():
        raise PlanError("Hãy nhập đủ năm, tháng và nội dung công việc.")
    plan_services.add_task(plan, **form.cleaned_data, user=request.user)
    return _timeline_block(request, pk)


def edit_task(request, pk, task_pk):
    require(can_manage_plans(request.user, request.school), MANAGE_PLANS_REFUSAL)
    task = get_object_or_404(PlanTask, pk=task_pk, plan_id=pk)
    if request.method == "POST":
        form = TaskForm(request.POST, instance=PlanTask.objects.get(pk=task.pk))
        if form.is_valid():
            data = form.cleaned_data
            plan_services.update_task(
                task, year=data["year"], month=data["month"], text=data["text"], user=request.user
            )
            plan_services.assign_task(
                task, owner_staff=data["owner_staff"], owner_role=data["owner_role"], user=request.user
            )
            return _timeline_block(request, pk)
    else:
        form = TaskForm(instance=task)
    return render(request, "plans/_task_form.html", {"form": form, "task": task, "plan": task.plan})


@require_POST
def delete_task(request, pk, task_pk):
    task = get_object_or_404(PlanTask, pk=task_pk, plan_id=pk)
    plan_services.delete_task(task, user=request.user)
    return _timeline_block(request, pk)


LIFECYCLE_ACTIONS = {
    "lay-y-kien": ("Đã đưa dự thảo ra lấy ý kiến cán bộ, giáo viên.", "open_consultation"),
    "ban-hanh": ("Đã ban hành kế hoạch và gửi lên cơ quan quản lý.", "issue_plan"),
    "sua-doi": (
        "Đã tạo bản sửa đổi (dự thảo). Bản đã ban hành vẫn có hiệu lực đến khi ban hành bản mới.",
        "revise_plan",
    ),
    "sao-chep-nam-sau": ("Đã tạo dự thảo kế hoạch năm sau từ kế hoạch này.", "copy_plan_to_next_year"),
}


@require_POST
@redirect_on_refusal("plan-detail", "pk")
def lifecycle(request, pk, action):
    """Who may take each step is the step's service's to say (issuing: can_issue_plan)."""
    if action not in LIFECYCLE_ACTIONS:
        raise Http404
    plan = _plan(pk)
    message, service_name = LIFECYCLE_ACTIONS[action]
    service = getattr(plan_services, service_name)
    kwargs = {"user": request.user}
    if action in ("lay-y-kien", "ban-hanh", "sao-chep-nam-sau"):
        kwargs["school"] = request.school
    if action == "ban-hanh":
        # One checkbox per difference between the plan and the school (plans/_plan_checks.html).
        kwargs["confirm"] = request.POST.getlist("xac_nhan")
    result = service(plan, **kwargs)
    messages.success(request, message)
    return redirect("plan-detail", pk=result.pk)


@require_POST
@redirect_on_refusal("plan-detail", "pk")
def bases_reviewed(request, pk):
    plan_services.confirm_bases_reviewed(_plan(pk), user=request.user)
    messages.success(request, "Đã xác nhận các căn cứ sao chép từ năm trước.")
    return redirect("plan-detail", pk=pk)


@xframe_options_sameorigin
def preview_page(request, pk):
    """The plan as it will print, from the same data the DOCX and PDF are made from. The printed page
    is its own HTML document (with its page CSS), shown in a frame so the site's styles do not touch it."""
    plan = _plan(pk)
    if request.GET.get("trang") == "in":
        return HttpResponse(render_html(plan_official_document(plan_snapshot(plan))))
    return render(request, "plans/plan_preview.html", {"plan": plan})


def download(request, pk, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    plan = _plan(pk)
    content, filename, content_type = export_plan(plan, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def task_state(request, pk):
    """HTMX: the task's owner or a manager records how far a task is; the row comes back updated."""
    try:
        task = followed_up_task(pk)
    except PlanTask.DoesNotExist as exc:
        raise Http404 from exc
    assign_task(task, state=request.POST.get("state", PlanTask.State.DONE), user=request.user)
    if not request.htmx:
        return redirect("home")
    row = task_row(request.user, request.school, task, timezone.localdate())
    return render(request, "plans/_task_row.html", {"row": row})


@login_not_required
def calendar_feed(request, token):
    """A person's view of the school's timeline for calendar apps, which cannot log in: the address's
    secret is the key. A replaced, revoked, unknown or long-unused address, the address of a person who
    left the school or whose account is off, and another school's address all answer 404."""
    # The token first, whatever the method: without it the feed does not exist (404), as elsewhere.
    now = timezone.now()
    feed = calendar_feed_opened_by(token, request.school, now)
    if feed is None:
        raise Http404("Không tìm thấy lịch.")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    plan_services.mark_calendar_feed_used(feed, now)
    body = calendar.school_calendar(
        school=request.school,
        tasks=calendar_tasks(),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        user=feed.user,
        roles=school_roles(feed.user, request.school),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ke-hoach-{request.school.code}.ics"'
    # The address is a secret: no shared cache may keep the feed, and it is not to be indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@redirect_on_refusal("home")
def calendar_feed_issue(request):
    """Make (or replace) the person's calendar address; its secret is shown once, on the home page."""
    _, secret = plan_services.issue_calendar_feed(request.user, school=request.school)
    path = reverse("calendar-feed", args=[secret])
    # Shown once, on the page the browser is sent to next; the session forgets it when it is read.
    request.session["new_calendar_feed"] = request.build_absolute_uri(path)
    return redirect(reverse("home") + "#lich-cong-tac")


@require_POST
@redirect_on_refusal("home")
def calendar_feed_revoke(request):
    if plan_services.revoke_calendar_feed(request.user, school=request.school):
        messages.success(
            request,
            "Đã thu hồi liên kết lịch công tác: ứng dụng lịch đang dùng liên kết này sẽ không cập nhật được nữa.",
        )
    return redirect(reverse("home") + "#lich-cong-tac")
