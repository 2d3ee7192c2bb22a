"""The office's dashboard pages (office host). Views only read the request, call the selector or the
service, and render."""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from office.accounts.selectors import (
    is_office_member,
    office_authorities,
    offices_in_force,
)
from office.authorities.models import Authority
from office.core.errors import Invalid
from office.core.school_years import recent_school_years, school_year_end
from office.facts.selectors import deadlines_of_offices
from office.facts.services import create_deadline, delete_deadline, update_deadline
from office.submissions.models import Submission
from reporting.dashboard.city import PAGE_SIZE, city_dashboard
from reporting.dashboard.excel import dashboard_xlsx
from reporting.dashboard.forms import DeadlineForm
from reporting.dashboard.params import DashboardParams, read_params
from reporting.dashboard.rendering import table_rows_html, ward_lines_html, ward_options_html
from reporting.dashboard.selectors import STATE_FILTERS, office_dashboard, office_scope, oversees_offices
from tenants.models import School

COLUMNS = (
    # (sort key, header)
    ("name", "Trường"),
    ("cluster", "Cụm"),
    ("rank", "Hạng"),
    ("plan", "Kế hoạch"),
    ("registration", "Đăng ký"),
    ("initiatives", "SK công nhận"),
    ("draft", "HS đang soạn"),
    ("submitted", "Chờ thẩm định"),
    ("returned", "Bị trả lại"),
    ("accepted", "Đã tiếp nhận"),
    ("forwarded", "Đã chuyển lên"),
    ("share", "KT cho GV dạy lớp"),
)


def office_member_required(view):
    """The dashboard is the office's: anyone else gets the 404 of a missing page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_office_member(request.user):
            raise Http404("Không tìm thấy trang.")
        return view(request, *args, **kwargs)

    return wrapped


def _filter_labels(params: DashboardParams, dashboard) -> list[str]:
    labels = []
    if params.level:
        labels.append(f"cấp học {School.Level(params.level).label}")
    if params.cluster:
        labels.append(dict(dashboard.clusters).get(params.cluster, "cụm đã chọn"))
    if params.state:
        labels.append(STATE_FILTERS[params.state][0].lower())
    if params.q:
        labels.append(f"tên trường có “{params.q}”")
    if params.ward:
        ward = Authority.objects.filter(pk=params.ward).values_list("name", flat=True).first()
        labels.append(ward or "đơn vị quản lý đã chọn")
    return labels


def _deadline_offices(user, current=None) -> list:
    """The offices whose timeline this person sets: theirs that exist today. A deadline kept by a
    dissolved office stays editable where it is."""
    offices = offices_in_force(user)
    if current is not None and current.pk not in {office.pk for office in offices}:
        offices.append(current)
    return offices


def _office_name(user) -> str:
    return ", ".join(authority.name for authority in office_authorities(user))


@require_GET
@office_member_required
def dashboard_page(request):
    params = read_params(request.GET)
    subtrees = office_scope(request.user)
    if oversees_offices(subtrees):
        return _city_page(request, params, subtrees)
    dashboard = office_dashboard(request.user, params.school_year, subtrees=subtrees, **params.as_kwargs())
    columns = [
        {
            "key": key,
            "header": header,
            "query": params.query(sap_xep=f"-{key}" if params.sort == key else key),
            "sorted": params.sort.lstrip("-") == key,
            "descending": params.sort.startswith("-"),
        }
        for key, header in COLUMNS
    ]
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "dashboard": dashboard,
            "totals": dashboard.totals,
            "params": params,
            "columns": columns,
            "levels": School.Level.choices,
            "states": [(code, label) for code, (label, _) in STATE_FILTERS.items()],
            "school_years": recent_school_years([params.school_year]),
            "export_query": params.query(),
            "late_sort_query": params.query(sap_xep="-late" if params.sort == "late" else "late"),
            "office_name": _office_name(request.user),
            "table_rows": table_rows_html(
                dashboard,
                school_url=reverse("dashboard:school", args=["CODE"]),
                school_year=params.school_year,
            ),
        },
    )


def _pages(current: int, count: int) -> list[int | None]:
    """The page numbers the pager links to: the first, the last and two either side of the current
    one; None where some are skipped."""
    shown = sorted({1, count, *range(max(1, current - 2), min(count, current + 2) + 1)})
    pages: list[int | None] = []
    for number in shown:
        if pages and number - (pages[-1] or 0) > 1:
            pages.append(None)
        pages.append(number)
    return pages


def _city_page(request, params: DashboardParams, subtrees):
    """The view of an office above wards (the Sở): the lines of its wards first, then, once a ward is
    opened or a filter chosen, one page of the schools."""
    city = city_dashboard(
        request.user,
        params.school_year,
        subtrees=subtrees,
        ward=params.ward,
        level=params.level,
        cluster=params.cluster,
        state=params.state,
        page=params.page,
        q=params.q,
    )
    filtered = bool(params.ward or params.level or params.cluster or params.state or params.q)
    ward_name = next((line.name for line in city.lines if line.authority_id == params.ward), "")
    # A filter hides the lines it leaves empty; each line opens its ward's schools.
    lines = [
        (line, params.query(phuong=line.authority_id)) for line in city.lines if line.schools or not filtered
    ]
    return render(
        request,
        "dashboard/city.html",
        {
            "city": city,
            "lines": lines,
            "ward_lines": ward_lines_html(lines, selected=params.ward, filtered=filtered),
            "ward_options": ward_options_html(city.lines, selected=params.ward),
            "filtered": filtered,
            "ward_name": ward_name,
            "params": params,
            "levels": School.Level.choices,
            "states": [(code, label) for code, (label, _) in STATE_FILTERS.items()],
            "school_years": recent_school_years([params.school_year]),
            "export_query": params.query(),
            "clear_ward_query": params.query(phuong=""),
            "office_name": _office_name(request.user),
            "pages": [
                (number, params.query(trang=number) if number else "")
                for number in _pages(city.page_number, city.page_count)
            ],
            "page_size": PAGE_SIZE,
            "table_rows": (
                table_rows_html(
                    city.page,
                    school_url=reverse("dashboard:school", args=["CODE"]),
                    school_year=params.school_year,
                    start=city.page_start + 1,
                )
                if city.page is not None
                else ""
            ),
            "columns": [header for _, header in COLUMNS],
        },
    )


@require_GET
@office_member_required
def dashboard_export(request):
    params = read_params(request.GET)
    dashboard = office_dashboard(request.user, params.school_year, **params.as_kwargs())
    content = dashboard_xlsx(
        dashboard, office_name=_office_name(request.user), filters=_filter_labels(params, dashboard)
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="tong-hop-truong-{params.school_year}.xlsx"'
    return response


@require_GET
@office_member_required
def school_page(request, code):
    # The schools the person's dashboard lists (for a Sở, its city's), and no other.
    subtrees = office_scope(request.user)
    reach = set().union(*subtrees.values()) if subtrees else set()
    school = get_object_or_404(School.objects.filter(authority_id__in=reach), code=code)
    params = read_params(request.GET)
    dashboard = office_dashboard(request.user, params.school_year, school_code=school.code, subtrees=subtrees)
    row = dashboard.rows[0]
    facts = school.facts.filter(school_year=params.school_year).first()
    submissions = (
        Submission.objects.for_school(school)
        .filter(year=school_year_end(params.school_year))
        .select_related("submitted_by")
        .order_by("-submitted_at")
    )
    return render(
        request,
        "dashboard/school.html",
        {
            "school": school,
            "row": row,
            "facts": facts,
            "deadlines": list(zip(dashboard.deadlines, row.deadlines, strict=True)),
            "submissions": submissions,
            "params": params,
            "school_years": recent_school_years([params.school_year]),
            "back_query": params.query(),
        },
    )


@require_http_methods(["GET", "POST"])
@office_member_required
def deadline_list(request):
    params = read_params(request.GET)
    form = DeadlineForm(
        request.POST or None,
        initial={"school_year": params.school_year},
        offices=_deadline_offices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            deadline = create_deadline(user=request.user, **form.cleaned_data)
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã thêm hạn nộp “{deadline.label}”.")
            return redirect(f"{reverse('dashboard:deadlines')}?nam_hoc={deadline.school_year}")
    return render(
        request,
        "dashboard/deadlines.html",
        {
            "deadlines": deadlines_of_offices(request.user, params.school_year),
            "several_offices": len(office_authorities(request.user)) > 1,
            "form": form,
            "params": params,
            "school_years": recent_school_years([params.school_year]),
            "office_name": _office_name(request.user),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@office_member_required
def deadline_edit(request, pk):
    deadline = get_object_or_404(deadlines_of_offices(request.user), pk=pk)
    initial = {
        "authority": deadline.authority_id,
        "school_year": deadline.school_year,
        "kind": deadline.kind,
        "due_on": deadline.due_on,
        "label": deadline.label,
    }
    form = DeadlineForm(
        request.POST or None, initial=initial, offices=_deadline_offices(request.user, deadline.authority)
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_deadline(deadline, user=request.user, **form.cleaned_data)
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu hạn nộp.")
            return redirect(f"{reverse('dashboard:deadlines')}?nam_hoc={form.cleaned_data['school_year']}")
    return render(
        request,
        "dashboard/deadline_form.html",
        {"deadline": deadline, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@office_member_required
def deadline_delete(request, pk):
    deadline = get_object_or_404(deadlines_of_offices(request.user), pk=pk)
    school_year = deadline.school_year
    delete_deadline(deadline, user=request.user)
    messages.success(request, "Đã xoá hạn nộp.")
    return redirect(f"{reverse('dashboard:deadlines')}?nam_hoc={school_year}")
