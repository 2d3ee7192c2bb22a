"""A person who moved between schools or left during the year, as the school's checker sees them
(the legal-cases audit): time worked runs from recruitment into the sector, not from arrival at this
school; someone gone before the review's day is the council's to decide, said in Vietnamese."""

import datetime

from django.utils import timezone
from django_tenants.utils import schema_context

from office.rules.vocabulary import Rating, Title
from plans.nominations import services
from plans.nominations.models import Nomination
from plans.staff.models import Staff
from tests.factories.nominations import SCHOOL_YEAR, closed_round, rate, teacher


def _checked(staff):
    rate(staff, SCHOOL_YEAR, Rating.GOOD)
    review_round = closed_round([(staff, Title.LDTT, 14)])
    review_round.meeting_at = timezone.make_aware(datetime.datetime(2026, 5, 20, 14, 0))
    review_round.save(update_fields=["meeting_at"])
    nomination = Nomination.objects.create(school_year=SCHOOL_YEAR, staff=staff, title=Title.LDTT)
    return nomination


def _employment(nomination):
    return next(r for r in nomination.check_report if r["code"] == "ldtt.employment")


def test_a_teacher_who_arrived_in_january_counts_from_recruitment(world):
    with schema_context(world.school_a.schema_name):
        arrived = teacher(
            "Đỗ Quang Minh",
            joined_sector_on=datetime.date(2012, 9, 1),
            joined_school_on=datetime.date(2026, 1, 15),
        )
        nomination = _checked(arrived)
        services.run_check(nomination, school=world.school_a, user=world.principal_a)
        nomination.refresh_from_db()
        assert _employment(nomination)["status"] == "met"
        assert "từ 01/09/2012 đến 20/05/2026" in _employment(nomination)["reason"]


def test_a_teacher_who_retired_before_the_review_is_left_to_the_council(world):
    with schema_context(world.school_a.schema_name):
        retired = teacher("Vũ Thị Lan", left_school_on=datetime.date(2026, 3, 1), status=Staff.Status.LEFT)
        nomination = _checked(retired)
        services.run_check(nomination, school=world.school_a, user=world.principal_a)
        nomination.refresh_from_db()
        employment = _employment(nomination)
        assert employment["status"] == "unknown"
        assert employment["reason"].startswith(
            "Đã nghỉ việc, chuyển công tác từ ngày 01/03/2026, trước ngày xét"
        )
        assert "Hội đồng Thi đua – Khen thưởng xem xét" in employment["reason"]
        assert nomination.verdict == Nomination.Verdict.UNKNOWN


def test_a_teacher_marked_as_gone_without_a_date_cannot_be_told(world):
    """A register kept before leaving dates were (status "left", no date): until when she worked is not
    known, so neither is the time worked; the checker says so rather than counting to the review's day."""
    with schema_context(world.school_a.schema_name):
        gone = teacher("Hà Thị Xưa", joined_sector_on=datetime.date(2010, 9, 1))
        Staff.objects.filter(pk=gone.pk).update(status=Staff.Status.LEFT, left_school_on=None)
        gone.refresh_from_db()
        nomination = _checked(gone)
        services.run_check(nomination, school=world.school_a, user=world.principal_a)
        nomination.refresh_from_db()
        employment = _employment(nomination)
        assert employment["status"] == "unknown"
        assert employment["reason"].startswith(
            "Đã nghỉ việc, chuyển công tác nhưng chưa ghi ngày nghỉ nên không tính được thời gian công tác"
        )
        assert nomination.verdict == Nomination.Verdict.UNKNOWN
