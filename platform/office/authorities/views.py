"""The office's pages of the authority tree and the schools' history. Thin: selectors read, the
service moves; outside the user's reach everything answers 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from office.authorities.access import head_reach, office_page
from office.authorities.forms import EvaluationPeriodForm, MoveSchoolForm, NewSchoolForm
from office.authorities.models import Authority
from office.authorities.permissions import can_set_evaluation_period
from office.authorities.selectors import (
    authorities_in_force,
    authority_tree,
    evaluation_periods_set_by,
    flatten,
    school_history,
    schools_under,
)
from office.authorities.services import existence_label, move_school, set_evaluation_period
from office.core.collation import by_name
from office.core.errors import Invalid
from office.core.school_years import current_school_year
from office.core.search import search_words
from tenants.models import School
from tenants.provisioning import create_school_for_office


@office_page
def tree(request):
    q = search_words(request.GET.get("q"))
    nodes = flatten(authority_tree(request.office_reach, q))
    for node in nodes:
        node.authority.existence = existence_label(node.authority)
    return render(request, "authorities/tree.html", {"nodes": nodes, "q": q})


def _authority(request, pk) -> Authority:
    if pk not in request.office_reach:
        raise Http404("Không tìm thấy cơ quan.")
    return Authority.objects.select_related("parent").get(pk=pk)


@office_page
def node(request, pk):
    return _node_page(request, _authority(request, pk))


def _node_page(request, authority, period_form=None, status=200):
    authority.existence = existence_label(authority)
    children = list(authority.children.filter(pk__in=request.office_reach).order_by(by_name(), "pk"))
    for child in children:
        child.existence = existence_label(child)
    # A body that ended shows the schools it had on its last day.
    on = authority.valid_to
    return render(
        request,
        "authorities/node.html",
        {
            "authority": authority,
            "children": children,
            "schools": schools_under(authority, on),
            "schools_on": on,
            "past_periods": authority.school_periods.filter(valid_to__isnull=False)
            .select_related("school")
            .order_by("-valid_to", by_name("school__name"), "pk"),
            "evaluation_periods": evaluation_periods_set_by(authority),
            "period_form": period_form
            or (
                EvaluationPeriodForm(initial={"school_year": current_school_year()})
                if can_set_evaluation_period(request.user, authority)
                else None
            ),
        },
        status=status,
    )


@office_page
@require_POST
def evaluation_period(request, pk):
    """The office head sets the day the year's evaluation ends; a nomination checked without a review
    round speaks for that day."""
    authority = _authority(request, pk)
    form = EvaluationPeriodForm(request.POST)
    if not form.is_valid():
        return _node_page(request, authority, form, status=400)
    try:
        period = set_evaluation_period(
            authority,
            school_year=form.cleaned_data["school_year"],
            ends_on=form.cleaned_data["ends_on"],
            user=request.user,
        )
    except Invalid as exc:
        form.add_error(None, exc.message)
        return _node_page(request, authority, form, status=400)
    messages.success(
        request,
        f"Đã đặt ngày kết thúc kỳ đánh giá năm học {period.school_year}: {period.ends_on:%d/%m/%Y}.",
    )
    return redirect("authorities:node", pk=authority.pk)


def _school(request, code) -> School:
    school = School.objects.select_related("authority").filter(code=code).first()
    if school is None or school.authority_id not in request.office_reach:
        raise Http404("Không tìm thấy trường.")
    return school


def _move_form(request, school, data=None):
    reach = head_reach(request.user)
    if school.authority_id not in reach:
        return None
    targets = Authority.objects.filter(pk__in=reach).exclude(pk=school.authority_id).order_by(by_name(), "pk")
    return MoveSchoolForm(data, targets=targets)


def _school_page(request, school, form, status=200):
    history = school_history(school)
    for period in history:
        period.authority.existence = existence_label(period.authority)
    return render(
        request,
        "authorities/school.html",
        {"school": school, "history": history, "form": form},
        status=status,
    )


@office_page
def school_detail(request, code):
    school = _school(request, code)
    return _school_page(request, school, _move_form(request, school))


@office_page
@require_POST
def school_move(request, code):
    school = _school(request, code)
    form = _move_form(request, school, request.POST)
    if form is None:
        raise Http404("Không tìm thấy trang.")
    if not form.is_valid():
        return _school_page(request, school, form, status=400)
    try:
        move_school(school, to=form.cleaned_data["to"], on=form.cleaned_data["on"], user=request.user)
    except Invalid as exc:
        form.add_error(None, exc.message)
        return _school_page(request, school, form, status=400)
    messages.success(
        request, f"Đã chuyển {school.name} về {school.authority.name} từ {form.cleaned_data['on']:%d/%m/%Y}."
    )
    return redirect("authorities:school", code=school.code)


@office_page
def school_new(request):
    """A new school, made by the same provisioning service as the `create_school` command, under an
    authority in force within the person's reach; then the office invites its principal."""
    authorities = (
        authorities_in_force(timezone.localdate())
        .filter(pk__in=request.office_reach)
        .order_by(by_name(), "pk")
    )
    form = NewSchoolForm(request.POST or None, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            school = create_school_for_office(
                user=request.user,
                authority=data["authority"],
                code=data["code"],
                name=data["name"],
                level=data["level"],
                address=data["address"],
            )
        except Invalid as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"Đã tạo {school.name}, địa chỉ {school.host}. Bước tiếp theo: mời hiệu trưởng."
            )
            return redirect("invitations:invite-principal", code=school.code)
    return render(request, "authorities/school_new.html", {"form": form}, status=400 if form.errors else 200)
