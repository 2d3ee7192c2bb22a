"""Writes on the school's year-end report: the text the school writes (saved as a draft) and the
sending of the whole report (figures computed now + text) to the office as a Submission, with a number
from the school's register of documents. A person without the right is refused (Refused, 403) before
anything is read or written; any other refusal raises YearReportError and changes nothing."""

from django.db import transaction
from django.utils import timezone

from office.audit.services import record_event
from office.core.errors import Invalid, require
from office.core.school_years import clean_school_year, school_year_end
from office.submissions.models import APPROVED_STATUSES, Submission
from office.submissions.services import submit
from plans.planning.services import next_document_number
from plans.year_report.models import YearReport
from plans.year_report.permissions import (
    SUBMIT_REPORT_REFUSAL,
    WRITE_REPORT_REFUSAL,
    can_submit_report,
    can_write_report,
)
from plans.year_report.selectors import REPORT_TYPE_ABBREVIATION, TEXT_FIELDS, report_snapshot

MAX_TEXT = 20_000
APPROVED_MESSAGE = (
    "Cơ quan quản lý đã duyệt báo cáo tổng kết năm học này nên không sửa, gửi lại được; "
    "chỉ sửa khi lãnh đạo cơ quan quản lý hủy duyệt."
)


class YearReportError(Invalid):
    """A refused change; the message is for the user, in Vietnamese."""


def _school_year(value) -> str:
    return clean_school_year(value, YearReportError)


def _locked_report(school_year: str) -> YearReport:
    report, _ = YearReport.objects.get_or_create(school_year=school_year)
    return YearReport.objects.select_for_update().get(pk=report.pk)


def _ensure_not_approved(school, report: YearReport) -> None:
    if report.submission_id and (
        Submission.objects.for_school(school)
        .filter(pk=report.submission_id, status__in=APPROVED_STATUSES)
        .exists()
    ):
        raise YearReportError(APPROVED_MESSAGE)


@transaction.atomic
def save_report(*, school, school_year, texts: dict, user) -> YearReport:
    """Save what the school writes (ưu điểm, tồn tại, phương hướng, kiến nghị). Only the parts given
    change; a sent report edited again is a draft until it is sent anew."""
    require(can_write_report(user, school), WRITE_REPORT_REFUSAL)
    school_year = _school_year(school_year)
    cleaned = {}
    for name in TEXT_FIELDS:
        if name in texts:
            text = "\n".join(line.rstrip() for line in str(texts[name] or "").strip().splitlines())
            if len(text) > MAX_TEXT:
                raise YearReportError(f"Mỗi phần viết tối đa {MAX_TEXT:,} ký tự.".replace(",", "."))
            cleaned[name] = text
    report = _locked_report(school_year)
    _ensure_not_approved(school, report)
    before = {name: getattr(report, name) for name in cleaned}
    changed = {name: text for name, text in cleaned.items() if before[name] != text}
    if not changed:
        return report
    for name, text in changed.items():
        setattr(report, name, text)
    report.state = YearReport.State.DRAFT
    report.updated_by = user
    report.save()
    record_event(
        "year_report.saved",
        report,
        user=user,
        before={name: before[name] for name in changed},
        after=changed,
    )
    return report


@transaction.atomic
def submit_report(*, school, school_year, user) -> Submission:
    """Send the report up: it takes a number from the school's register (kept on later versions) and
    today's date, and its snapshot holds the figures as they are now together with the school's text."""
    require(can_submit_report(user, school), SUBMIT_REPORT_REFUSAL)
    school_year = _school_year(school_year)
    report = _locked_report(school_year)
    _ensure_not_approved(school, report)
    missing = [
        label
        for name, label in (
            ("strengths", "ưu điểm"),
            ("weaknesses", "tồn tại"),
            ("directions", "phương hướng"),
        )
        if not getattr(report, name).strip()
    ]
    if missing:
        raise YearReportError(f"Báo cáo chưa viết phần {', '.join(missing)}; hãy viết trước khi gửi.")
    today = timezone.localdate()
    if not report.number:
        report.number = next_document_number(
            year=today.year, type_abbreviation=REPORT_TYPE_ABBREVIATION, school=school
        )
    report.issued_on = today
    report.save(update_fields=["number", "issued_on"])
    submission = submit(
        school=school,
        kind=Submission.Kind.YEAR_REPORT,
        reference=f"year_report:{school_year}",
        year=school_year_end(school_year),
        title=f"Báo cáo số {report.number} tổng kết công tác thi đua, khen thưởng năm học {school_year}",
        payload=report_snapshot(school_year, school),
        user=user,
    )
    report.state = YearReport.State.SUBMITTED
    report.submitted_at = timezone.now()
    report.submission_id = submission.pk
    report.updated_by = user
    report.save(update_fields=["state", "submitted_at", "submission_id", "updated_by", "updated_at"])
    record_event(
        "year_report.submitted",
        report,
        user=user,
        after={"number": report.number, "version": submission.version},
        summary=f"Gửi báo cáo tổng kết năm học {school_year} (lần {submission.version})",
    )
    return submission
