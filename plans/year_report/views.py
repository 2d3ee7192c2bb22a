"""The school's year-end report pages (school host): the report of a school year with its computed
figures and the form for what the school writes, the print preview, DOCX and PDF, and sending it to the
office. Thin: figures come from the selectors, writes go through the services."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from office.core.errors import require
from office.core.refusals import redirect_on_refusal
from office.core.school_years import clean_school_year, current_school_year, recent_school_years
from office.submissions.models import Submission
from plans.year_report import selectors
from plans.year_report.permissions import (
    READ_REPORT_REFUSAL,
    can_read_report,
    can_submit_report,
    can_write_report,
)
from plans.year_report.services import YearReportError, save_report, submit_report
from reporting.official_document import render_docx, render_html, render_pdf
from reporting.year_report_document import TEXT_LABELS, year_report_document

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _year(value) -> str:
    try:
        return clean_school_year(value, YearReportError)
    except YearReportError:
        raise Http404("Năm học không hợp lệ.") from None


def _page_url(school_year: str) -> str:
    return f"{reverse('year-report')}?{urlencode({'nam': school_year})}"


def _readable(request) -> None:
    require(can_read_report(request.user, request.school), READ_REPORT_REFUSAL)


def _previous_school_year() -> str:
    """In December the report is about the school year that ended in August."""
    start = int(current_school_year()[:4])
    return f"{start - 1}-{start}"


@require_GET
def report_page(request):
    _readable(request)
    school = request.school
    school_year = _year(request.GET.get("nam") or _previous_school_year())
    report = selectors.report_of(school_year)
    submission = (
        Submission.objects.for_school(school).filter(pk=report.submission_id).first()
        if report and report.submission_id
        else None
    )
    texts = selectors.texts_of(report)
    years = recent_school_years([*selectors.report_years(), school_year])
    return render(
        request,
        "year_report/report.html",
        {
            "school_year": school_year,
            "years": years,
            "report": report,
            "submission": submission,
            "figures": selectors.year_figures(school_year, school_name=school.name),
            "parts": [(name, TEXT_LABELS[name], texts[name]) for name in selectors.TEXT_FIELDS],
            "can_write": can_write_report(request.user, school),
            "can_submit": can_submit_report(request.user, school),
        },
    )


@require_POST
@redirect_on_refusal(lambda request, **_: _page_url(request.POST.get("nam", "")))
def save(request):
    school = request.school
    school_year = request.POST.get("nam", "")
    # The services refuse (403) anyone who may not write or send the report, before anything changes.
    report = save_report(
        school=school,
        school_year=school_year,
        texts={name: request.POST[name] for name in selectors.TEXT_FIELDS if name in request.POST},
        user=request.user,
    )
    if request.POST.get("submit"):
        submission = submit_report(school=school, school_year=report.school_year, user=request.user)
        messages.success(request, f"Đã gửi báo cáo tổng kết (lần {submission.version}) lên cơ quan quản lý.")
    else:
        messages.success(request, "Đã lưu báo cáo tổng kết.")
    return redirect(_page_url(report.school_year))


def _document(request, school_year: str):
    return year_report_document(selectors.report_snapshot(school_year, request.school))


@require_GET
@xframe_options_sameorigin
def preview_page(request, school_year):
    """The report as it will print; the printed page is its own HTML document, shown in a frame."""
    _readable(request)
    school_year = _year(school_year)
    if request.GET.get("trang") == "in":
        return HttpResponse(render_html(_document(request, school_year)))
    return render(request, "year_report/preview.html", {"school_year": school_year})


@require_GET
def download(request, school_year, fmt):
    _readable(request)
    if fmt not in FORMATS:
        raise Http404
    school_year = _year(school_year)
    document = _document(request, school_year)
    content = render_docx(document) if fmt == "docx" else render_pdf(document)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-tong-ket-tdkt-{school_year}-{stamp}.{fmt}"'
    )
    return response
