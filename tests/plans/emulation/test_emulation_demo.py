"""The demo data of the emulation year: believable, and loading it twice adds nothing."""

from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import User
from office.rules.vocabulary import Rating, Title
from office.submissions.models import Submission
from plans.emulation import selectors
from plans.emulation.demo import load_demo
from plans.emulation.models import (
    BallotCast,
    Registration,
    RegistrationCampaign,
    ReviewCandidate,
    ReviewRound,
    StaffRating,
)
from plans.models import Staff
from tenants.demo import load_demo_office


def snapshot(schema: str) -> dict:
    with schema_context(schema):
        return {
            model.__name__: model.objects.count()
            for model in (
                RegistrationCampaign,
                Registration,
                StaffRating,
                ReviewRound,
                ReviewCandidate,
                BallotCast,
            )
        }


def test_the_demo_tells_the_story_of_the_year_and_loads_once(db):
    schools = load_demo_office()["schools"]
    connection.set_schema_to_public()
    users = {user.username: user for user in User.objects.all()}
    load_demo(schools, users)
    first = {code: snapshot(code) for code in ("lequydon", "yenhoa")}
    load_demo(schools, users)
    assert {code: snapshot(code) for code in ("lequydon", "yenhoa")} == first

    today = timezone.localdate()
    with schema_context("lequydon"):
        anh = Staff.objects.get(user=users["lqd.giaovien"])
        past = RegistrationCampaign.objects.get(school_year="2025-2026")
        assert past.status == RegistrationCampaign.Status.SUBMITTED
        overview = selectors.campaign_overview(past, today=today)
        assert overview.counts["late"] == 3 and overview.counts["missing"] == 3
        assert overview.counts["registered"] == overview.total - 6
        titles = dict(overview.title_counts)
        assert titles["Chiến sĩ thi đua cơ sở"] == 6 and titles["Lao động tiên tiến"] > 25
        assert Registration.objects.get(campaign=past, staff=anh).title == Title.CSTDCS
        assert selectors.ratings_by_year(anh) == {
            2024: Rating.GOOD,
            2025: Rating.EXCELLENT,
            2026: Rating.EXCELLENT,
        }
        ratings = StaffRating.objects.filter(school_year="2024-2025")
        assert (
            ratings.filter(rating=Rating.GOOD).count() > ratings.filter(rating=Rating.EXCELLENT).count() > 0
        )

        closed = ReviewRound.objects.get(school_year="2024-2025")
        assert closed.is_closed and closed.minutes_number.startswith("01/BB-")
        results = selectors.review_results(closed)
        assert any(not r.passed for r in results) and sum(r.passed for r in results) > 30
        assert any(r.candidate.staff_id == anh.pk and r.passed for r in results)
        current = ReviewRound.objects.get(school_year="2025-2026")
        assert current.status == ReviewRound.Status.OPEN and current.method == ReviewRound.Method.BALLOT
        assert current.candidates.count() == overview.total - 3 + 1  # everyone who registered, and the school

        now_open = RegistrationCampaign.objects.get(status=RegistrationCampaign.Status.OPEN)
        assert now_open.school_year >= "2026-2027" and now_open.opens_on <= today < now_open.deadline
        assert not Registration.objects.get(campaign=now_open, staff=anh).title  # left for her to try
    assert (
        Submission.objects.filter(school=schools["lequydon"], kind=Submission.Kind.REGISTRATION).count() == 1
    )
    with schema_context("yenhoa"):
        campaign = RegistrationCampaign.objects.get()
        assert Registration.objects.filter(campaign=campaign).exclude(title="").count() > 15
