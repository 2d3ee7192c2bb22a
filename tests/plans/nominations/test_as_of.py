"""The day a check speaks for (issue 15, item 4): the review round's, kept on the nomination, the
dossier and its snapshot, with the rules in force that day; a re-check in August gives the May answer."""

import datetime

from django.utils import timezone
from django_tenants.utils import schema_context

from office.rules.services import override_rule_parameters
from office.rules.vocabulary import Rating, Title
from plans.nominations import services
from plans.nominations.models import Nomination
from tests.factories.nominations import SCHOOL_YEAR, closed_round, rate, submitted_dossier, teacher

MAY_REVIEW = datetime.date(2026, 5, 20)
AUGUST = datetime.date(2026, 8, 20)


def _may_round(candidates):
    review_round = closed_round(candidates)
    review_round.meeting_at = timezone.make_aware(datetime.datetime(2026, 5, 20, 14, 0))
    review_round.save(update_fields=["meeting_at"])
    return review_round


def _new_hire():
    """Recruited 10/01/2026: four months at the May review, seven by the end of August."""
    hire = teacher("Phạm Thu Hà", joined_sector_on=datetime.date(2026, 1, 10))
    rate(hire, SCHOOL_YEAR, Rating.EXCELLENT)
    _may_round([(hire, Title.LDTT, 14)])
    return Nomination.objects.create(school_year=SCHOOL_YEAR, staff=hire, title=Title.LDTT)


def _employment(nomination):
    return next(r for r in nomination.check_report if r["code"] == "ldtt.employment")


def test_a_new_hire_short_of_six_months_in_may_stays_short_when_checked_again_in_august(world):
    with schema_context(world.school_a.schema_name):
        nomination = _new_hire()
        # Checked today (December): the day it speaks for is still the review round's.
        services.run_check(nomination, school=world.school_a, user=world.principal_a)
        nomination.refresh_from_db()
        assert nomination.checked_on == MAY_REVIEW
        assert nomination.verdict == Nomination.Verdict.NOT_MET
        assert "đến 20/05/2026 mới được 4 tháng" in _employment(nomination)["reason"]
        # What the answer would be if the check counted up to August: the date is what decides.
        services.run_check(nomination, school=world.school_a, user=world.principal_a, on=AUGUST)
        nomination.refresh_from_db()
        assert nomination.verdict == Nomination.Verdict.MET and nomination.checked_on == AUGUST


def test_an_override_made_after_the_review_day_does_not_change_its_answer(world):
    override_rule_parameters(
        code="ldtt.employment",
        authority=world.school_a.authority,
        effective_from=datetime.date(2026, 6, 1),
        parameters={"min_months_employed": 3},
    )
    with schema_context(world.school_a.schema_name):
        nomination = _new_hire()
        services.run_check(nomination, school=world.school_a, user=world.principal_a)
        nomination.refresh_from_db()
        assert nomination.verdict == Nomination.Verdict.NOT_MET, nomination.check_report
        assert "chưa đủ 6 tháng" in _employment(nomination)["reason"]
        services.run_check(
            nomination, school=world.school_a, user=world.principal_a, on=datetime.date(2026, 6, 10)
        )
        nomination.refresh_from_db()
        assert nomination.verdict == Nomination.Verdict.MET
        assert "đủ từ 3 tháng" in _employment(nomination)["reason"]


def test_the_dossier_keeps_its_day_in_its_snapshot_and_the_pages_show_it(world, school_year_data, client_for):
    round_ = school_year_data["round"]
    with schema_context(world.school_a.schema_name):
        round_.meeting_at = timezone.make_aware(datetime.datetime(2026, 5, 20, 14, 0))
        round_.save(update_fields=["meeting_at"])
        dossier, submission, cstdcs = submitted_dossier(world, school_year_data)
        dossier.refresh_from_db()
        cstdcs.refresh_from_db()
        assert dossier.as_of == MAY_REVIEW and cstdcs.checked_on == MAY_REVIEW
    assert submission.payload["as_of"] == "2026-05-20"
    assert {n["checked_on"] for n in submission.payload["nominees"]} == {"2026-05-20"}
    page = client_for(world.principal_a, world.school_a).get(f"/de-nghi/{cstdcs.pk}/")
    assert "Xét tại ngày 20/05/2026" in page.content.decode()
