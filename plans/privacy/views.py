"""Pages of a person's data (Decree 13/2023/NĐ-CP): "who read my data" for every member, and the
principal's export and erasure of one person's data from that person's record. Thin callers of
plans.privacy.services and selectors."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from office.audit.models import PersonalDataRead
from office.core.errors import require
from office.core.refusals import redirect_on_refusal
from plans.privacy import selectors, services
from plans.privacy.permissions import HANDLE_PERSONAL_DATA_REFUSAL, can_handle_personal_data
from plans.staff.models import Staff
from plans.staff.selectors import staff_detail, staff_of_account

PAGE_SIZE = 30


def _staff(pk) -> Staff:
    try:
        return staff_detail(pk)
    except Staff.DoesNotExist as exc:
        raise Http404("Không tìm thấy cán bộ.") from exc


@require_GET
def my_reads(request):
    """Who read my data, newest first. A member with no record in the register has nothing here."""
    me = staff_of_account(request.user)
    reads = selectors.reads_about(me) if me is not None else PersonalDataRead.objects.none()
    page = Paginator(reads, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "privacy/my_reads.html", {"me": me, "page": page})


@require_GET
def export(request, pk):
    require(can_handle_personal_data(request.user, request.school), HANDLE_PERSONAL_DATA_REFUSAL)
    staff = _staff(pk)
    content = services.export_personal_data(staff, user=request.user, request=request, school=request.school)
    response = HttpResponse(content, content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{staff.pk}-{stamp}.zip"'
    return response


@require_POST
@redirect_on_refusal("staff-record", "pk")
def erase(request, pk):
    staff = _staff(pk)
    services.erase_personal_data(staff, user=request.user, school=request.school)
    messages.success(request, "Đã xoá dữ liệu cá nhân. Khen thưởng và quyết định đã ban hành được giữ lại.")
    return redirect("staff-record", pk=pk)
