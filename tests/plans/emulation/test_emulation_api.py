"""The emulation API under /api/v1/: in the OpenAPI schema, same rules as the pages (own registration
versus managers, ballots once, nothing after the close), and lists with a fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from office.audit.models import AuditEvent
from office.rules.vocabulary import Rating, Title
from office.submissions.models import Submission
from plans.emulation import services as emulation
from plans.emulation.models import Registration, ReviewRound, StaffRating
from plans.staff.services import add_staff_member

API = "/api/v1"


def days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def test_the_schema_describes_every_emulation_endpoint(world, client_for):
    schema = client_for(world.principal_a, world.school_a).get("/api/schema/?format=json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/v1/registration-campaigns/",
        "/api/v1/registration-campaigns/{id}/invite/",
        "/api/v1/registration-campaigns/{id}/overview/",
        "/api/v1/registration-campaigns/{id}/submit/",
        "/api/v1/registrations/",
        "/api/v1/registrations/{id}/approve/",
        "/api/v1/registrations/{id}/return/",
        "/api/v1/staff-ratings/",
        "/api/v1/staff-ratings/batch/",
        "/api/v1/review-rounds/",
        "/api/v1/review-rounds/{id}/close/",
        "/api/v1/review-rounds/{round_pk}/candidates/",
        "/api/v1/review-rounds/{round_pk}/candidates/{id}/count/",
        "/api/v1/review-rounds/{round_pk}/ballots/",
    ):
        assert path in paths, path


def test_registration_through_the_api_own_versus_manager(world, client_for, staff_a, school_a):
    principal = client_for(world.principal_a, world.school_a)
    created = principal.post(
        f"{API}/registration-campaigns/",
        {"school_year": "2025-2026", "opens_on": days(-3), "deadline": days(4)},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    campaign = created.json()["id"]
    invited = principal.post(
        f"{API}/registration-campaigns/{campaign}/invite/",
        {"department": staff_a.block1.pk},
        content_type="application/json",
    )
    assert invited.json() == {"invited": 2}

    teacher = client_for(world.teacher_a, world.school_a)
    own = teacher.post(
        f"{API}/registrations/",
        {"campaign": campaign, "title": Title.CSTDCS, "forms": [Title.GIAY_KHEN]},
        content_type="application/json",
    )
    assert own.status_code == 201 and own.json()["staff"] == staff_a.teacher.pk
    for_other = teacher.post(
        f"{API}/registrations/",
        {"campaign": campaign, "staff": staff_a.other.pk, "title": Title.LDTT},
        content_type="application/json",
    )
    assert for_other.status_code == 403
    bad_title = teacher.post(
        f"{API}/registrations/",
        {"campaign": campaign, "title": Title.TTLDXS},
        content_type="application/json",
    )
    assert bad_title.status_code == 400
    assert [r["staff_name"] for r in teacher.get(f"{API}/registrations/").json()["results"]] == [
        "Trần Văn Ánh"
    ]
    assert teacher.get(f"{API}/registration-campaigns/{campaign}/overview/").status_code == 403

    listed = principal.get(f"{API}/registrations/?department={staff_a.block1.pk}").json()["results"]
    assert {r["staff_name"] for r in listed} == {"Trần Văn Ánh", "Giáo Viên Trường A"}
    registration = own.json()["id"]
    assert teacher.post(f"{API}/registrations/{registration}/approve/").status_code == 403
    returned = principal.post(
        f"{API}/registrations/{registration}/return/", {"note": ""}, content_type="application/json"
    )
    assert returned.status_code == 400 and "lý do" in returned.json()["detail"]
    approved = principal.post(f"{API}/registrations/{registration}/approve/")
    assert approved.json()["status"] == Registration.Status.APPROVED

    overview = principal.get(f"{API}/registration-campaigns/{campaign}/overview/").json()
    assert overview["counts"]["registered"] == 1 and overview["total"] == 4
    principal.post(
        f"{API}/registrations/",
        {"campaign": campaign, "staff": staff_a.other.pk, "title": Title.LDTT},
        content_type="application/json",
    )
    waiting = principal.post(f"{API}/registration-campaigns/{campaign}/submit/")
    assert waiting.status_code == 400 and "chưa được duyệt" in waiting.json()["detail"]
    with school_a():
        Registration.objects.filter(status=Registration.Status.PENDING).delete()
        emulation.approve_all(Registration.objects.all(), user=world.principal_a)
    submitted = principal.post(f"{API}/registration-campaigns/{campaign}/submit/")
    assert submitted.status_code == 200 and submitted.json()["submitted_version"] == 1
    assert Submission.objects.for_school(world.school_a).get(kind=Submission.Kind.REGISTRATION).version == 1


def test_ratings_through_the_api(world, client_for, staff_a, school_a):
    principal = client_for(world.principal_a, world.school_a)
    batch = principal.post(
        f"{API}/staff-ratings/batch/",
        {
            "school_year": "2024-2025",
            "ratings": [
                {"staff": staff_a.teacher.pk, "rating": Rating.EXCELLENT},
                {"staff": staff_a.other.pk, "rating": Rating.GOOD, "note": "Tốt"},
            ],
        },
        content_type="application/json",
    )
    assert batch.json() == {"changed": 2}
    teacher = client_for(world.teacher_a, world.school_a)
    assert [r["rating"] for r in teacher.get(f"{API}/staff-ratings/").json()["results"]] == [Rating.EXCELLENT]
    assert len(principal.get(f"{API}/staff-ratings/?school_year=2024-2025").json()["results"]) == 2
    refused = teacher.post(
        f"{API}/staff-ratings/batch/",
        {"school_year": "2024-2025", "ratings": [{"staff": staff_a.teacher.pk, "rating": Rating.GOOD}]},
        content_type="application/json",
    )
    assert refused.status_code == 403
    with school_a():
        assert StaffRating.objects.get(staff=staff_a.teacher).rating == Rating.EXCELLENT


def test_a_round_through_the_api_counts_then_ballots(world, client_for, staff_a, school_a):
    principal = client_for(world.principal_a, world.school_a)
    counts_round = principal.post(
        f"{API}/review-rounds/",
        {"school_year": "2025-2026", "method": "counts", "min_approval_share": "0.6"},
        content_type="application/json",
    ).json()
    base = f"{API}/review-rounds/{counts_round['id']}"
    candidate = principal.post(
        f"{base}/candidates/",
        {"staff": staff_a.teacher.pk, "title": Title.LDTT},
        content_type="application/json",
    ).json()
    counted = principal.post(
        f"{base}/candidates/{candidate['id']}/count/",
        {"agree": 6, "disagree": 4, "total_voters": 10},
        content_type="application/json",
    ).json()
    assert (counted["agree"], counted["share"], counted["passed"]) == (6, "0.6000", True)
    teacher = client_for(world.teacher_a, world.school_a)
    assert (
        teacher.post(
            f"{base}/candidates/{candidate['id']}/count/",
            {"agree": 0, "disagree": 10, "total_voters": 10},
            content_type="application/json",
        ).status_code
        == 403
    )
    closed = principal.post(f"{base}/close/").json()
    assert closed["status"] == "closed" and closed["minutes_number"].startswith("01/BB-")
    after = principal.post(
        f"{base}/candidates/{candidate['id']}/count/",
        {"agree": 0, "disagree": 10, "total_voters": 10},
        content_type="application/json",
    )
    assert after.status_code == 400 and "đã kết thúc" in after.json()["detail"]

    ballot_round = principal.post(
        f"{API}/review-rounds/",
        {"school_year": "2025-2026", "method": "ballot"},
        content_type="application/json",
    ).json()
    base = f"{API}/review-rounds/{ballot_round['id']}"
    principal.post(
        f"{base}/council/",
        {
            "members": [
                {"user": world.principal_a.pk, "role": "chair"},
                {"user": world.teacher_a.pk, "role": "member"},
            ]
        },
        content_type="application/json",
    )
    outsider = principal.post(
        f"{base}/council/",
        {"members": [{"user": world.principal_b.pk, "role": "member"}]},
        content_type="application/json",
    )
    assert outsider.status_code == 400
    assert world.principal_b.get_full_name() not in outsider.content.decode()
    candidate = principal.post(
        f"{base}/candidates/",
        {"staff": staff_a.other.pk, "title": Title.LDTT},
        content_type="application/json",
    ).json()
    cast = teacher.post(
        f"{base}/ballots/",
        {"choices": [{"candidate": candidate["id"], "choice": "agree"}]},
        content_type="application/json",
    )
    assert cast.status_code == 201 and cast.json()["has_voted"] is True
    twice = teacher.post(
        f"{base}/ballots/",
        {"choices": [{"candidate": candidate["id"], "choice": "agree"}]},
        content_type="application/json",
    )
    assert twice.status_code == 400 and "một lần" in twice.json()["detail"]
    assert principal.get(f"{base}/ballots/").json() == {
        "is_council_member": True,
        "has_voted": False,
        "ballots_cast": 1,
        "council_size": 2,
    }
    assert principal.get(f"{base}/candidates/").json()[0]["agree"] is None
    principal.post(f"{base}/close/")
    assert principal.get(f"{base}/candidates/").json()[0]["agree"] == 1
    with school_a():
        assert ReviewRound.objects.filter(status="closed").count() == 2
        assert AuditEvent.objects.filter(action="review.ballot_cast").count() == 1


def test_api_lists_cost_the_same_queries_for_few_and_many_rows(
    world, client_for, staff_a, school_a, make_campaign
):
    campaign = make_campaign()
    client = client_for(world.principal_a, world.school_a)
    urls = [f"{API}/registrations/", f"{API}/staff-ratings/", f"{API}/review-rounds/"]
    with school_a():
        emulation.register(campaign, staff_a.teacher, title=Title.LDTT, user=world.teacher_a)
        emulation.set_ratings(
            school_year="2025-2026", ratings={staff_a.teacher.pk: Rating.GOOD}, user=world.principal_a
        )
        emulation.open_review_round(school_year="2025-2026", method="counts", user=world.principal_a)
    for url in urls:
        client.get(url)

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    few = counts()
    with school_a():
        for index in range(12):
            member = add_staff_member(
                full_name=f"Người {index:02d}", gender="nu", department_name="Tổ khối 3"
            )
            emulation.register(campaign, member, title=Title.LDTT, user=world.principal_a, as_manager=True)
            emulation.set_ratings(
                school_year="2025-2026", ratings={member.pk: Rating.GOOD}, user=world.principal_a
            )
        for year in range(2020, 2024):
            review_round = emulation.open_review_round(
                school_year=f"{year}-{year + 1}", method="ballot", user=world.principal_a
            )
            emulation.set_council(
                review_round,
                [(world.principal_a, "chair"), (world.teacher_a, "member")],
                user=world.principal_a,
            )
    assert counts() == few
