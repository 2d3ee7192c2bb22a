"""The dashboard's part of the demo office: the office's timeline for last school year and this one
(some dates passed, so late schools show), documents dated as sent on their own dates, and every
school's facts counted. Loading twice changes nothing."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from office.core.school_years import current_school_year, parse_school_year
from office.facts.models import OfficeDeadline
from office.facts.services import create_deadline
from office.submissions.models import Submission

# (kind, years after the school year's start, month, day, label); {start}/{end} are the school year's.
DEMO_DEADLINES = (
    (
        Submission.Kind.REGISTRATION,
        0,
        10,
        31,
        "Nộp danh sách đăng ký danh hiệu thi đua năm học {start}-{end}",
    ),
    (Submission.Kind.PLAN, 1, 1, 20, "Nộp Kế hoạch công tác thi đua, khen thưởng năm {end}"),
    (Submission.Kind.DOSSIER, 1, 5, 25, "Nộp hồ sơ đề nghị khen thưởng cuối năm học {start}-{end}"),
    (Submission.Kind.SELF_ASSESSMENT, 1, 6, 5, "Nộp bảng tự chấm điểm thi đua cụm năm học {start}-{end}"),
)


def _deadlines(office, school_year: str) -> None:
    start, end = parse_school_year(school_year)
    for kind, offset, month, day, label in DEMO_DEADLINES:
        due_on = datetime.date(start + offset, month, day)
        exists = OfficeDeadline.objects.filter(
            authority=office, school_year=school_year, kind=kind, due_on=due_on
        ).exists()
        if not exists:
            create_deadline(
                authority=office,
                school_year=school_year,
                kind=kind,
                due_on=due_on,
                label=label.format(start=start, end=end),
                user=None,
                by_system=True,
            )


def _sent_on(submission: Submission) -> datetime.date | None:
    """The day a demo document would have gone up: a plan the day it was issued, a registration list
    three days after the staff's deadline."""
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    try:
        if submission.kind == Submission.Kind.PLAN and payload.get("issued_on"):
            return datetime.date.fromisoformat(payload["issued_on"])
        if submission.kind == Submission.Kind.REGISTRATION and payload.get("deadline"):
            return datetime.date.fromisoformat(payload["deadline"]) + datetime.timedelta(days=3)
    except (TypeError, ValueError):
        return None
    return None


def _date_demo_submissions(schools: dict) -> None:
    """The demo loads years of a school's life in one go; date what it sent on the document's own day,
    so the office's timeline judges it as it happened (a backdated copy, never a later one)."""
    for submission in Submission.objects.filter(school__in=list(schools.values())):
        sent_on = _sent_on(submission)
        if sent_on is None or timezone.localdate(submission.submitted_at) <= sent_on:
            continue
        at = timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(9, 0)))
        Submission.objects.filter(pk=submission.pk).update(submitted_at=at)


def load_demo(office, schools: dict) -> None:
    for school_year in sorted({"2025-2026", current_school_year()}):
        _deadlines(office, school_year)
    _date_demo_submissions(schools)
    for school in schools.values():
        call_command("refresh_school_facts", school=school.code, verbosity=0)
