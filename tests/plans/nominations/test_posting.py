"""The public posting (công khai) of a dossier's proposed list: the staff are told, may object about a
named candidate, the council answers; an unanswered objection makes the candidate "not met" under the
complaints rule with the objection cited; the dossier waits for the end of the posting period unless
the principal overrides it with a reason (audited); all of it goes up in the dossier's snapshot."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.rules.vocabulary import Title
from plans.nominations import services
from plans.nominations.models import Nomination, Objection, Posting
from plans.nominations.services import NominationError
from plans.notifications.models import Notification
from tests.factories.nominations import SCHOOL_YEAR, post_and_wait

TODAY = timezone.localdate


@pytest.fixture
def people(world) -> dict:
    vice = ensure_user(username="hieupho.a", full_name="Phạm Văn Phó")
    secretary = ensure_user(username="thuky.a", full_name="Đỗ Thị Thư Ký")
    grant_school_role(vice, world.school_a, Role.VICE_PRINCIPAL)
    grant_school_role(secretary, world.school_a, Role.COUNCIL_SECRETARY)
    return {"vice_principal": vice, "council_secretary": secretary, "teacher": world.teacher_a}


def prepared_dossier(world, data):
    services.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a)
    anh = data["anh"]
    ldtt = Nomination.objects.get(staff=anh, title=Title.LDTT)
    cstdcs = Nomination.objects.get(staff=anh, title=Title.CSTDCS)
    services.update_nomination(
        cstdcs,
        summary="Sáng kiến cấp cơ sở",
        achievements="Chủ nhiệm 2A1.",
        initiative=data["initiative"],
        user=world.principal_a,
    )
    dossier = services.create_dossier(
        school_year=SCHOOL_YEAR,
        subject="Về việc đề nghị công nhận danh hiệu thi đua năm học 2025-2026",
        recipient="Chủ tịch UBND phường Hà Đông",
        review_round=data["round"],
        user=world.principal_a,
        addressed_to_level="chu_tich_ubnd_xa",
    )
    services.confirm_evidence_certified(dossier, certified=True, user=world.principal_a)
    services.add_to_dossier(dossier, [ldtt, cstdcs], school=world.school_a, user=world.principal_a)
    return dossier, ldtt, cstdcs


def test_publishing_posts_the_list_for_working_days_and_tells_the_staff(world, school_year_data):
    with schema_context(world.school_a.schema_name):
        dossier, ldtt, cstdcs = prepared_dossier(world, school_year_data)
        # Posted on Thursday 12/2/2026 for 5 working days: Tết (16–20/2) is skipped.
        posting = services.publish_posting(
            dossier,
            working_days=5,
            user=world.principal_a,
            school=world.school_a,
            on=datetime.date(2026, 2, 12),
        )
        assert posting.ends_on == datetime.date(2026, 2, 25)
        assert {e["nomination"] for e in posting.entries} == {ldtt.pk, cstdcs.pk}
        told = Notification.objects.filter(recipient_id=world.teacher_a.pk, link__endswith=f"/{posting.pk}/")
        assert told.count() == 1 and "25/02/2026" in told.get().message
        with pytest.raises(NominationError, match="từ 1 đến 30"):
            services.publish_posting(dossier, working_days=0, user=world.principal_a, school=world.school_a)
        with pytest.raises(Refused):
            services.publish_posting(dossier, working_days=5, user=world.teacher_a, school=world.school_a)
        assert Posting.objects.count() == 1


def test_an_unanswered_objection_makes_the_candidate_not_met_with_the_objection_cited(
    world, school_year_data
):
    with schema_context(world.school_a.schema_name):
        dossier, ldtt, cstdcs = prepared_dossier(world, school_year_data)
        posting = services.publish_posting(
            dossier, working_days=5, user=world.principal_a, school=world.school_a
        )
        with pytest.raises(NominationError, match="nội dung phản ánh"):
            services.raise_objection(
                posting, cstdcs, reason="  ", user=world.teacher_a, school=world.school_a
            )
        objection = services.raise_objection(
            posting,
            cstdcs,
            reason="Sáng kiến đã dùng để xét năm trước",
            user=world.teacher_a,
            school=world.school_a,
        )
        assert Notification.objects.filter(
            recipient_id=world.principal_a.pk, message__contains="Lê Minh Anh"
        ).exists()
        services.run_check(cstdcs, school=world.school_a, user=world.principal_a)
        cstdcs.refresh_from_db()
        assert cstdcs.verdict == Nomination.Verdict.NOT_MET
        blocking = next(r for r in cstdcs.check_report if r["code"] == "common.discipline")
        assert blocking["status"] == "not_met"
        assert (
            "khiếu nại" in blocking["reason"] and "Sáng kiến đã dùng để xét năm trước" in blocking["reason"]
        )
        assert "Trần Văn Ánh" in blocking["reason"] and blocking["article"]
        # The other candidacy of the same person is not touched by it.
        services.run_check(ldtt, school=world.school_a, user=world.principal_a)
        ldtt.refresh_from_db()
        assert ldtt.verdict == Nomination.Verdict.MET, ldtt.check_report

        # Rejected with a reason: the candidate is met again and the author is told.
        with pytest.raises(Refused):
            services.answer_objection(
                objection, accepted=False, answer="x", user=world.teacher_a, school=world.school_a
            )
        with pytest.raises(NominationError, match="nội dung trả lời"):
            services.answer_objection(
                objection, accepted=False, answer="", user=world.principal_a, school=world.school_a
            )
        services.answer_objection(
            objection,
            accepted=False,
            answer="Sáng kiến được công nhận năm học 2025-2026, chưa dùng cho danh hiệu nào.",
            user=world.principal_a,
            school=world.school_a,
        )
        objection.refresh_from_db()
        assert objection.status == Objection.Status.REJECTED and objection.answered_by_name
        services.run_check(cstdcs, school=world.school_a, user=world.principal_a)
        cstdcs.refresh_from_db()
        assert cstdcs.verdict == Nomination.Verdict.MET, cstdcs.check_report
        assert Notification.objects.filter(
            recipient_id=world.teacher_a.pk, message__contains="không chấp nhận"
        ).exists()
        with pytest.raises(NominationError, match="đã được trả lời"):
            services.answer_objection(
                objection,
                accepted=True,
                answer="x",
                outcome="withdrawn",
                user=world.principal_a,
                school=world.school_a,
            )


def test_an_accepted_objection_withdraws_the_candidate(world, school_year_data):
    with schema_context(world.school_a.schema_name):
        dossier, ldtt, cstdcs = prepared_dossier(world, school_year_data)
        posting = services.publish_posting(
            dossier, working_days=5, user=world.principal_a, school=world.school_a
        )
        objection = services.raise_objection(
            posting, cstdcs, reason="Chưa đủ tiêu chuẩn", user=world.teacher_a, school=world.school_a
        )
        with pytest.raises(NominationError, match="hướng xử lý"):
            services.answer_objection(
                objection, accepted=True, answer="Đúng", user=world.principal_a, school=world.school_a
            )
        services.answer_objection(
            objection,
            accepted=True,
            outcome="withdrawn",
            answer="Hội đồng rút tên.",
            user=world.principal_a,
            school=world.school_a,
        )
        assert not Nomination.objects.filter(pk=cstdcs.pk).exists()
        objection.refresh_from_db()
        assert objection.nomination_id is None and objection.candidate_name == "Lê Minh Anh"
        assert list(dossier.nominations.all()) == [ldtt]


def test_objections_are_taken_only_while_the_list_is_posted_and_about_a_posted_candidate(
    world, school_year_data
):
    with schema_context(world.school_a.schema_name):
        dossier, ldtt, _cstdcs = prepared_dossier(world, school_year_data)
        posting = post_and_wait(dossier, world)
        with pytest.raises(NominationError, match="đã kết thúc"):
            services.raise_objection(
                posting, ldtt, reason="Muộn", user=world.teacher_a, school=world.school_a
            )
        with pytest.raises(Refused):
            services.raise_objection(
                posting, ldtt, reason="Người ngoài", user=world.principal_b, school=world.school_a
            )
        assert Objection.objects.count() == 0


def test_the_dossier_waits_for_the_end_of_the_posting_period(world, school_year_data):
    with schema_context(world.school_a.schema_name):
        dossier, _ldtt, _cstdcs = prepared_dossier(world, school_year_data)
        with pytest.raises(NominationError, match="chưa được công khai"):
            services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
        # Posted today for one working day: it ends today at the earliest, so not today.
        posting = services.publish_posting(
            dossier, working_days=1, user=world.principal_a, school=world.school_a
        )
        assert posting.ends_on >= TODAY()
        for on in (None, TODAY() + datetime.timedelta(days=60)):  # the checks' day does not shorten it
            with pytest.raises(NominationError, match=f"đến hết ngày {posting.ends_on:%d/%m/%Y}"):
                services.submit_dossier(dossier, school=world.school_a, user=world.principal_a, on=on)
        dossier.refresh_from_db()
        assert dossier.submission_id is None and not dossier.number
        # A period that ended yesterday or before lets it go.
        ended = post_and_wait(dossier, world)
        assert ended.ends_on < TODAY()
        submission = services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
        assert submission.payload["posting"]["ends_on"] == ended.ends_on.isoformat()


def test_a_nomination_added_after_the_posting_needs_a_new_posting(world, school_year_data):
    with schema_context(world.school_a.schema_name):
        dossier, _ldtt, cstdcs = prepared_dossier(world, school_year_data)
        services.remove_from_dossier(dossier, cstdcs, user=world.principal_a)
        post_and_wait(dossier, world)
        services.add_to_dossier(dossier, [cstdcs], school=world.school_a, user=world.principal_a)
        with pytest.raises(NominationError, match="chưa có trong danh sách đã công khai"):
            services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)


def test_the_principal_overrides_the_wait_with_a_reason_and_it_is_audited(world, school_year_data, people):
    with schema_context(world.school_a.schema_name):
        dossier, _ldtt, _cstdcs = prepared_dossier(world, school_year_data)
        services.publish_posting(dossier, working_days=5, user=world.principal_a, school=world.school_a)
        for person in ("vice_principal", "council_secretary", "teacher"):
            with pytest.raises(Refused):
                services.override_posting_wait(
                    dossier,
                    reason="Cơ quan quản lý yêu cầu nộp sớm",
                    user=people[person],
                    school=world.school_a,
                )
        with pytest.raises(NominationError, match="lý do"):
            services.override_posting_wait(
                dossier, reason="gấp", user=world.principal_a, school=world.school_a
            )
        services.override_posting_wait(
            dossier,
            reason="Phường yêu cầu nộp hồ sơ trước ngày 20/5; danh sách đã công khai từ đầu tuần.",
            user=world.principal_a,
            school=world.school_a,
        )
        event = AuditEvent.objects.get(action="dossier.posting_overridden")
        assert event.user_id == world.principal_a.pk and "Phường yêu cầu" in str(event.after)
        submission = services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
        overrides = submission.payload["posting"]["overrides"]
        assert overrides[0]["reason"].startswith("Phường yêu cầu") and overrides[0]["decided_by"]


def test_the_snapshot_carries_the_posting_the_objections_and_the_answers(world, school_year_data):
    with schema_context(world.school_a.schema_name):
        dossier, ldtt, _cstdcs = prepared_dossier(world, school_year_data)
        posting = services.publish_posting(
            dossier,
            working_days=5,
            user=world.principal_a,
            school=world.school_a,
            on=TODAY() - datetime.timedelta(days=30),
        )
        objection = services.raise_objection(
            posting,
            ldtt,
            reason="Đề nghị xem lại ngày công",
            user=world.teacher_a,
            school=world.school_a,
            on=posting.starts_on,
        )
        services.answer_objection(
            objection,
            accepted=False,
            answer="Đủ ngày công theo bảng chấm công.",
            user=world.principal_a,
            school=world.school_a,
        )
        submission = services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
    posted = submission.payload["posting"]
    assert posted["working_days"] == 5 and len(posted["entries"]) == 2
    [answered] = posted["objections"]
    assert answered["candidate"] == "Lê Minh Anh" and answered["reason"] == "Đề nghị xem lại ngày công"
    assert answered["status"] == "rejected" and answered["answer"] == "Đủ ngày công theo bảng chấm công."
    assert answered["raised_by"] == "Trần Văn Ánh"


def test_the_pages_show_the_list_to_a_teacher_and_the_wait_to_the_principal(
    world, school_year_data, client_for
):
    with schema_context(world.school_a.schema_name):
        dossier, _ldtt, cstdcs = prepared_dossier(world, school_year_data)
    principal = client_for(world.principal_a, world.school_a)
    page = principal.get(f"/de-nghi/ho-so/{dossier.pk}/").content.decode()
    assert "chưa được công khai" in page and 'data-testid="submit-dossier"' not in page
    response = principal.post(
        f"/de-nghi/ho-so/{dossier.pk}/cong-khai/dang/", {"working_days": "5", "note": ""}
    )
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        posting = Posting.objects.get()
    teacher = client_for(world.teacher_a, world.school_a)
    page = teacher.get(f"/de-nghi/cong-khai/{posting.pk}/").content.decode()
    assert "Lê Minh Anh" in page and 'data-testid="objection-form"' in page
    response = teacher.post(
        f"/de-nghi/cong-khai/{posting.pk}/", {"nomination": str(cstdcs.pk), "reason": "Xin xem lại sáng kiến"}
    )
    assert response.status_code == 302
    page = teacher.get(f"/de-nghi/cong-khai/{posting.pk}/").content.decode()
    assert "Chờ Hội đồng trả lời" in page
    # A teacher does not answer for the council.
    with schema_context(world.school_a.schema_name):
        objection = Objection.objects.get()
    response = teacher.post(
        f"/de-nghi/ho-so/{dossier.pk}/cong-khai/tra-loi/",
        {"objection": objection.pk, "decision": "rejected", "answer": "Không"},
    )
    assert response.status_code == 403
    page = principal.get(f"/de-nghi/ho-so/{dossier.pk}/").content.decode()
    assert "Xin xem lại sáng kiến" in page and 'data-testid="posting-wait"' in page
    assert 'data-testid="submit-dossier"' not in page
    principal.post(
        f"/de-nghi/ho-so/{dossier.pk}/cong-khai/tra-loi/",
        {"objection": objection.pk, "decision": "rejected", "outcome": "", "answer": "Sáng kiến hợp lệ."},
    )
    with schema_context(world.school_a.schema_name):
        objection.refresh_from_db()
    assert objection.status == Objection.Status.REJECTED


def test_the_office_review_page_shows_the_posting_and_the_answered_objection(
    world, school_year_data, client_for
):
    with schema_context(world.school_a.schema_name):
        dossier, ldtt, _cstdcs = prepared_dossier(world, school_year_data)
        posting = post_and_wait(dossier, world)
        objection = services.raise_objection(
            posting,
            ldtt,
            reason="Xin xem lại ngày công",
            user=world.teacher_a,
            school=world.school_a,
            on=posting.starts_on,
        )
        services.answer_objection(
            objection, accepted=False, answer="Đủ ngày công.", user=world.principal_a, school=world.school_a
        )
        submission = services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
    page = client_for(world.specialist).get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert f"đến hết ngày {posting.ends_on:%d/%m/%Y}" in page
    assert 'data-testid="posting-objections"' in page
    assert "Xin xem lại ngày công" in page and "Đủ ngày công." in page and "Không chấp nhận" in page


def test_the_api_publishes_takes_an_objection_and_answers_it(world, school_year_data, client_for):
    with schema_context(world.school_a.schema_name):
        dossier, _ldtt, cstdcs = prepared_dossier(world, school_year_data)
    principal = client_for(world.principal_a, world.school_a)
    teacher = client_for(world.teacher_a, world.school_a)
    refused = teacher.post(f"/api/v1/dossiers/{dossier.pk}/publish/", {"working_days": 5})
    assert refused.status_code == 403
    response = principal.post(f"/api/v1/dossiers/{dossier.pk}/publish/", {"working_days": 5})
    assert response.status_code == 201, response.content
    posting_id = response.json()["id"]
    listed = teacher.get("/api/v1/postings/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [p["id"] for p in rows] == [posting_id]
    response = teacher.post(
        f"/api/v1/postings/{posting_id}/objections/", {"nomination": cstdcs.pk, "reason": "Chưa rõ sáng kiến"}
    )
    assert response.status_code == 201, response.content
    objection_id = response.json()["id"]
    assert (
        teacher.post(
            f"/api/v1/objections/{objection_id}/answer/", {"accepted": False, "answer": "Không"}
        ).status_code
        == 403
    )
    response = principal.post(
        f"/api/v1/objections/{objection_id}/answer/",
        {"accepted": True, "outcome": "changed", "answer": "Bổ sung quyết định công nhận sáng kiến."},
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    vice_refused = teacher.post(
        f"/api/v1/dossiers/{dossier.pk}/override-posting/", {"reason": "Nộp sớm theo yêu cầu"}
    )
    assert vice_refused.status_code == 403
    response = principal.post(
        f"/api/v1/dossiers/{dossier.pk}/override-posting/", {"reason": "Phường yêu cầu nộp trước ngày 20/5."}
    )
    assert response.status_code == 200, response.content


def test_the_staff_list_of_postings_costs_the_same_queries_for_one_or_many(
    world, school_year_data, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with schema_context(world.school_a.schema_name):
        dossier, _ldtt, _cstdcs = prepared_dossier(world, school_year_data)
        services.publish_posting(dossier, working_days=5, user=world.principal_a, school=world.school_a)
    teacher = client_for(world.teacher_a, world.school_a)
    teacher.get("/de-nghi/cong-khai/")  # warm the caches of the session and the site
    with CaptureQueriesContext(connection) as one:
        assert teacher.get("/de-nghi/cong-khai/").status_code == 200
    with schema_context(world.school_a.schema_name):
        for _ in range(4):
            services.publish_posting(dossier, working_days=5, user=world.principal_a, school=world.school_a)
    with CaptureQueriesContext(connection) as many:
        page = teacher.get("/de-nghi/cong-khai/").content.decode()
    assert page.count("Đang công khai") == 5
    assert len(many) == len(one)


def test_an_objection_raised_after_the_review_day_still_blocks_a_person_and_a_collective(
    world, school_year_data
):
    """The list is posted after the review round, whose day the checks speak for: an open objection
    raised on a later day blocks all the same, for a person (a complaint, common.discipline) and for
    a collective candidacy (common.collective_objection); answered, it no longer does."""
    with schema_context(world.school_a.schema_name):
        dossier, ldtt, _cstdcs = prepared_dossier(world, school_year_data)
        # A collective Giấy khen: its criteria are not known ("cannot tell"), so it may go into the dossier.
        collective = Nomination.objects.create(school_year=SCHOOL_YEAR, title=Title.GIAY_KHEN)
        services.add_to_dossier(dossier, [collective], school=world.school_a, user=world.principal_a)
        review_day = datetime.date(2026, 5, 20)
        posting = services.publish_posting(
            dossier, working_days=5, user=world.principal_a, school=world.school_a
        )
        on_person = services.raise_objection(
            posting, ldtt, reason="Chưa đủ thời gian công tác", user=world.teacher_a, school=world.school_a
        )
        on_school = services.raise_objection(
            posting,
            collective,
            reason="Tổ khối 1 có giáo viên bị kỷ luật",
            user=world.teacher_a,
            school=world.school_a,
        )
        assert on_person.raised_on > review_day
        for nomination, code in ((ldtt, "common.discipline"), (collective, "common.collective_objection")):
            services.run_check(nomination, school=world.school_a, user=world.principal_a, on=review_day)
            nomination.refresh_from_db()
            answer = next(r for r in nomination.check_report if r["code"] == code)
            assert nomination.verdict == Nomination.Verdict.NOT_MET and answer["status"] == "not_met"
            assert "Hội đồng chưa trả lời" in answer["reason"] and answer["article"]
        assert "Tổ khối 1 có giáo viên bị kỷ luật" in next(
            r["reason"] for r in collective.check_report if r["code"] == "common.collective_objection"
        )
        services.answer_objection(
            on_school,
            accepted=False,
            answer="Đã xác minh: không có.",
            user=world.principal_a,
            school=world.school_a,
        )
        services.run_check(collective, school=world.school_a, user=world.principal_a, on=review_day)
        collective.refresh_from_db()
        answer = next(r for r in collective.check_report if r["code"] == "common.collective_objection")
        assert answer["status"] == "met"
