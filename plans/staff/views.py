"""Pages of the staff register and the award history: the list with its filters and batch action,
a person's record (details, account, status periods, awards, history), the school's collective
awards, and the Excel templates and imports. Views call services and selectors; who may act is
plans.staff.permissions, checked by the services (and here first where a page shows a form or a file,
so that a person without the right gets 403 rather than a form error). A refusal comes back on the
form in Vietnamese, or through office.core.refusals."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from office.core.errors import Invalid, require
from office.core.refusals import redirect_on_refusal
from office.invitations.selectors import pending_staff_ids
from plans.imports.models import ImportJob
from plans.imports.services import start_import
from plans.privacy import services as privacy
from plans.privacy.permissions import can_handle_personal_data
from plans.staff import services as people_services
from plans.staff.excel import (
    XLSX_CONTENT_TYPE,
    build_award_template,
    build_staff_template,
)
from plans.staff.forms import (
    AccountForm,
    AwardForm,
    ExcelUploadForm,
    MoveToDepartmentForm,
    StaffForm,
    StatusPeriodForm,
    bootstrap,
    put_refusal,
)
from plans.staff.models import AwardRecord, Staff, StaffStatusPeriod
from plans.staff.permissions import (
    MANAGE_STAFF_REFUSAL,
    can_manage_staff,
    can_see_personal_details,
    can_see_status_periods,
)
from plans.staff.selectors import (
    award_list,
    awards_of,
    collective_awards,
    filtered_staff,
    linkable_accounts,
    service_years,
    staff_detail,
    staff_history,
    status_periods_of,
)

PAGE_SIZE = 50
HISTORY_SHOWN = 30
FILTER_FIELDS = ("q", "department", "teaches", "gender", "status")
# What a person's history shows for the register's actions (the audit log keeps the dotted codes).
ACTION_LABELS = {
    "staff.created": "Thêm vào danh sách",
    "staff.updated": "Sửa thông tin",
    "staff.account_linked": "Gắn tài khoản",
    "staff.account_unlinked": "Bỏ gắn tài khoản",
    "staff.period_added": "Thêm giai đoạn",
    "staff.period_changed": "Sửa giai đoạn",
    "staff.period_deleted": "Xoá giai đoạn",
    "award.added": "Ghi khen thưởng",
    "award.changed": "Sửa khen thưởng",
    "award.deleted": "Xoá khen thưởng",
}


def _staff(pk) -> Staff:
    try:
        return staff_detail(pk)
    except Staff.DoesNotExist as exc:
        raise Http404("Không tìm thấy cán bộ.") from exc


def _filter_query(params) -> str:
    """The current filter as a query string, for page links and for returning after a batch action."""
    query = params.copy()
    for key in list(query):
        if key not in FILTER_FIELDS:
            del query[key]
    return query.urlencode()


# --- The list ----------------------------------------------------------------------------------------


def staff_page(request):
    staff_filter, staff = filtered_staff(request.GET)
    bootstrap(staff_filter.form)
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("trang"))
    manager = can_manage_staff(request.user, request.school)
    if manager:
        # Only the managers see the dates of birth of the list; one entry for the page they saw.
        shown = list(page)
        privacy.log_read(
            request, privacy.Kind.REGISTER, shown, label=f"Danh sách cán bộ, trang {page.number}"
        )
    return render(
        request,
        "plans/staff/list.html",
        {
            "filter": staff_filter,
            "page": page,
            "filter_query": _filter_query(request.GET),
            "filter_params": [
                (key, value) for key in FILTER_FIELDS for value in request.GET.getlist(key) if value
            ],
            "can_manage": manager,
            "move_form": MoveToDepartmentForm(),
            "invited_ids": pending_staff_ids(request.school),
        },
    )


@require_POST
def batch_move(request):
    """Move EVERY person matching the filter (the filter's fields come with the form), not only
    the page shown."""
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    form = MoveToDepartmentForm(request.POST)
    _, staff = filtered_staff(request.POST)
    if form.is_valid():
        department = form.cleaned_data["target_department"]
        moved = people_services.move_staff_to_department(staff, department, user=request.user)
        messages.success(request, f"Đã chuyển {moved} người sang {department.name}.")
    else:
        messages.error(request, "Hãy chọn tổ muốn chuyển đến.")
    query = _filter_query(request.POST)
    return redirect(f"{reverse('staff-page')}{'?' + query if query else ''}")


# --- One person --------------------------------------------------------------------------------------


def _department_for(form: StaffForm):
    name = form.cleaned_data.get("new_department")
    return people_services.department_named(name) if name else form.cleaned_data.get("department")


def staff_add(request):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = form.staff_fields()
        fields["department"] = _department_for(form)
        try:
            staff = people_services.create_staff(user=request.user, **fields)
        except Invalid as exc:
            put_refusal(form, exc)
        else:
            messages.success(request, f"Đã thêm {staff.full_name}.")
            return redirect("staff-record", pk=staff.pk)
    return render(request, "plans/staff/form.html", {"form": form})


def _detail_context(request, staff: Staff, **overrides) -> dict:
    manager = can_manage_staff(request.user, request.school)
    see_periods = can_see_status_periods(request.user, request.school, staff)
    today = timezone.localdate()
    context = {
        "staff": staff,
        "can_manage": manager,
        "see_periods": see_periods,
        "see_personal": can_see_personal_details(request.user, request.school, staff),
        "can_handle_data": can_handle_personal_data(request.user, request.school),
        "is_me": staff.user_id is not None and staff.user_id == request.user.pk,
        "today": today,
        "service_years": service_years(staff, today) if see_periods else None,
        "periods": status_periods_of(staff) if see_periods else [],
        "awards": awards_of(staff),
        "staff_form": StaffForm(instance=staff) if manager else None,
        "period_form": StatusPeriodForm() if manager else None,
        "award_form": AwardForm() if manager else None,
        "account_form": AccountForm(
            accounts=linkable_accounts(request.school), initial={"account": staff.user_id}
        )
        if manager
        else None,
        "history": [
            (event, ACTION_LABELS.get(event.action, event.label))
            for event in staff_history(staff)[:HISTORY_SHOWN]
        ]
        if manager
        else [],
    }
    context.update(overrides)
    return context


def staff_record(request, pk):
    staff = _staff(pk)
    context = _detail_context(request, staff)
    privacy.log_record_read(request, staff, with_periods=context["see_periods"])
    return render(request, "plans/staff/detail.html", context)


@require_POST
def staff_edit(request, pk):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    staff = _staff(pk)
    form = StaffForm(request.POST, instance=staff)
    if form.is_valid():
        fields = form.staff_fields()
        fields["department"] = _department_for(form)
        try:
            people_services.update_staff(staff, user=request.user, **fields)
        except Invalid as exc:
            put_refusal(form, exc)
        else:
            messages.success(request, "Đã lưu thông tin.")
            return redirect("staff-record", pk=pk)
    staff = _staff(pk)  # the refused change left the instance half-changed
    return render(request, "plans/staff/detail.html", _detail_context(request, staff, staff_form=form))


@require_POST
@redirect_on_refusal("staff-record", "pk")
def staff_delete(request, pk):
    staff = _staff(pk)
    people_services.delete_staff(staff, user=request.user)
    messages.success(request, f"Đã xoá {staff.full_name} khỏi danh sách.")
    return redirect("staff-page")


@require_POST
@redirect_on_refusal("staff-record", "pk")
def staff_account(request, pk):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    staff = _staff(pk)
    form = AccountForm(request.POST, accounts=linkable_accounts(request.school))
    if not form.is_valid():
        messages.error(request, "Tài khoản không thuộc trường.")
        return redirect("staff-record", pk=pk)
    account = form.cleaned_data["account"]
    if account is None:
        people_services.unlink_account(staff, user=request.user)
        messages.success(request, "Đã bỏ gắn tài khoản.")
    else:
        people_services.link_account(staff, account, school=request.school, user=request.user)
        messages.success(request, f"Đã gắn tài khoản {account.username}.")
    return redirect("staff-record", pk=pk)


# --- Status periods (HTMX blocks on the person's page) -----------------------------------------------


def _report_errors(request, form) -> None:
    """Without HTMX the page is reloaded, so a refused form's messages travel as flash messages."""
    if form is not None:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)


def _periods_block(request, staff: Staff, form=None):
    if not request.htmx:
        _report_errors(request, form)
        return redirect(f"{reverse('staff-record', args=[staff.pk])}#periods")
    return render(
        request,
        "plans/staff/_periods.html",
        _detail_context(request, staff, period_form=form or StatusPeriodForm()),
    )


@require_POST
def period_add(request, pk):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    staff = _staff(pk)
    form = StatusPeriodForm(request.POST)
    if form.is_valid():
        try:
            people_services.add_status_period(staff, user=request.user, **form.cleaned_data)
        except Invalid as exc:
            put_refusal(form, exc)
        else:
            return _periods_block(request, staff)
    return _periods_block(request, staff, form)


def _period(staff: Staff, period_pk) -> StaffStatusPeriod:
    try:
        return StaffStatusPeriod.objects.select_related("staff").get(pk=period_pk, staff=staff)
    except StaffStatusPeriod.DoesNotExist as exc:
        raise Http404 from exc


def period_edit(request, pk, period_pk):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    staff = _staff(pk)
    period = _period(staff, period_pk)
    if request.method == "POST":
        form = StatusPeriodForm(request.POST, instance=period)
        if form.is_valid():
            try:
                people_services.update_status_period(period, user=request.user, **form.cleaned_data)
            except Invalid as exc:
                put_refusal(form, exc)
            else:
                return _periods_block(request, staff)
        if not request.htmx:
            return _periods_block(request, staff, form)
    else:
        form = StatusPeriodForm(instance=period)
    return render(request, "plans/staff/_period_form.html", {"form": form, "staff": staff, "period": period})


@require_POST
def period_delete(request, pk, period_pk):
    staff = _staff(pk)
    people_services.delete_status_period(_period(staff, period_pk), user=request.user)
    return _periods_block(request, staff)


# --- Awards ------------------------------------------------------------------------------------------


def _awards_block(request, staff: Staff | None, form=None):
    """After an award change: the person's (or the school's) award block for HTMX, else the page."""
    target = reverse("staff-record", args=[staff.pk]) if staff else reverse("award-list")
    if not request.htmx:
        _report_errors(request, form)
        return redirect(f"{target}#awards")
    context = {
        "awards": awards_of(staff) if staff else collective_awards(),
        "staff": staff,
        "can_manage": True,
        "award_form": form or AwardForm(collective=staff is None),
        "add_url": reverse("staff-award-add", args=[staff.pk]) if staff else reverse("award-collective-add"),
    }
    return render(request, "plans/staff/_awards.html", context)


def _add_award(request, staff: Staff | None):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    form = AwardForm(request.POST, collective=staff is None)
    if form.is_valid():
        try:
            people_services.add_award(staff=staff, user=request.user, **form.cleaned_data)
        except Invalid as exc:
            put_refusal(form, exc)
        else:
            return _awards_block(request, staff)
    return _awards_block(request, staff, form)


@require_POST
def staff_award_add(request, pk):
    return _add_award(request, _staff(pk))


@require_POST
def collective_award_add(request):
    return _add_award(request, None)


def _award(award_pk) -> AwardRecord:
    try:
        return AwardRecord.objects.select_related("staff").get(pk=award_pk)
    except AwardRecord.DoesNotExist as exc:
        raise Http404("Không tìm thấy khen thưởng.") from exc


def award_edit(request, award_pk):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    award = _award(award_pk)
    collective = award.staff_id is None
    if request.method == "POST":
        form = AwardForm(request.POST, instance=award, collective=collective)
        if form.is_valid():
            try:
                people_services.update_award(award, user=request.user, **form.cleaned_data)
            except Invalid as exc:
                put_refusal(form, exc)
            else:
                return _awards_block(request, award.staff)
        if not request.htmx:
            return _awards_block(request, award.staff, form)
    else:
        form = AwardForm(instance=award, collective=collective)
    return render(request, "plans/staff/_award_form.html", {"form": form, "award": award})


@require_POST
def award_delete(request, award_pk):
    award = _award(award_pk)
    staff = award.staff
    people_services.delete_award(award, user=request.user)
    return _awards_block(request, staff)


def awards_page(request):
    """The school's award history: its own collective titles (with the form to add one), and every
    person's awards of a year."""
    years = list(award_list().order_by("-year").values_list("year", flat=True).distinct())
    chosen = request.GET.get("nam")
    year = int(chosen) if chosen and chosen.isdigit() else (years[0] if years else None)
    manager = can_manage_staff(request.user, request.school)
    return render(
        request,
        "plans/staff/awards.html",
        {
            "awards": collective_awards(),
            "staff": None,
            "years": years,
            "year": year,
            "individual": list(award_list().filter(year=year, staff__isnull=False)) if year else [],
            "can_manage": manager,
            "award_form": AwardForm(collective=True) if manager else None,
            "add_url": reverse("award-collective-add"),
        },
    )


# --- Excel ---------------------------------------------------------------------------------------------


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def staff_template(request):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    return _xlsx(build_staff_template(), "mau-danh-sach-can-bo.xlsx")


def award_template(request):
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    return _xlsx(build_award_template(), "mau-lich-su-khen-thuong.xlsx")


def _import_page(request, *, kind: str, template_url: str, back_url: str, heading: str):
    """The upload only: the file is read by an import job (plans.imports), whose page follows it and
    shows what was saved, or every bad cell of a refused file."""
    require(can_manage_staff(request.user, request.school), MANAGE_STAFF_REFUSAL)
    form = ExcelUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_import(kind, filename=upload.name, data=upload.read(), user=request.user)
        except Invalid as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("import-job", pk=job.pk)
    return render(
        request,
        "plans/staff/import.html",
        {"form": form, "template_url": template_url, "back_url": back_url, "heading": heading},
    )


def staff_import(request):
    return _import_page(
        request,
        kind=ImportJob.Kind.STAFF,
        template_url=reverse("staff-template"),
        back_url=reverse("staff-page"),
        heading="Nhập danh sách cán bộ từ Excel",
    )


def award_import(request):
    return _import_page(
        request,
        kind=ImportJob.Kind.AWARD,
        template_url=reverse("award-template"),
        back_url=reverse("award-list"),
        heading="Nhập lịch sử khen thưởng từ Excel",
    )
