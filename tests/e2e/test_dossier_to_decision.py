"""The office's side of a dossier, in a real browser: the specialist returns Lê Minh Anh's dossier with
a comment, the school corrects it and sends version 2, the specialist approves it, the office head
records the award decision, a real Celery worker writes the award into the school's schema, and the
teacher sees it in her award history."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import Membership, Role
from office.accounts.services import ensure_user, grant_office_role
from office.decisions.models import Decision
from office.rules.vocabulary import Rating, Title
from office.submissions.models import Submission
from plans.emulation.models import ReviewCandidate, ReviewRound, StaffRating, VoteCount
from plans.nominations import services as nominations
from plans.nominations.models import Dossier, Nomination
from plans.staff.models import AwardRecord, Staff
from tests.e2e.test_login_pages import PASSWORD, sign_in
from tests.factories.nominations import post_and_wait

SCHOOL_YEAR = "2025-2026"
COMMENT = "Báo cáo thành tích cần ghi rõ số học sinh lớp chủ nhiệm hoàn thành tốt."


@pytest.fixture
def submitted_dossier(world):
    """Lê Minh Anh (the account giaovien.a), rated excellent and voted for LĐTT by the council, in a
    dossier the principal has sent to the office; and an office head. Removed afterwards."""
    school = world.school_a
    head = ensure_user(username="truongphong.e2e", full_name="Vũ Văn Trưởng", password=PASSWORD)
    grant_office_role(head, world.office, Role.OFFICE_HEAD)
    with schema_context(school.schema_name):
        anh = Staff.objects.create(
            full_name="Lê Minh Anh",
            gender="nu",
            user=world.teacher_a,
            position="Giáo viên",
            joined_sector_on=datetime.date(2010, 9, 1),
        )
        StaffRating.objects.create(staff=anh, school_year=SCHOOL_YEAR, rating=Rating.EXCELLENT)
        review_round = ReviewRound.objects.create(
            school_year=SCHOOL_YEAR,
            name="Bình xét thi đua năm học 2025-2026",
            method=ReviewRound.Method.COUNTS,
            min_approval_share="0.5",
            status=ReviewRound.Status.OPEN,
        )
        candidate = ReviewCandidate.objects.create(round=review_round, staff=anh, title=Title.LDTT)
        VoteCount.objects.create(candidate=candidate, agree=14, disagree=1, total_voters=15)
        review_round.status = ReviewRound.Status.CLOSED
        review_round.closed_at = timezone.now()
        review_round.save()
        (ldtt,) = nominations.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a)
        nominations.update_nomination(
            ldtt,
            summary="Hoàn thành xuất sắc nhiệm vụ",
            achievements="Chủ nhiệm lớp 2A1.",
            initiative=None,
            user=world.principal_a,
        )
        dossier = nominations.create_dossier(
            school_year=SCHOOL_YEAR,
            subject="Về việc đề nghị công nhận danh hiệu Lao động tiên tiến năm học 2025-2026",
            recipient="Chủ tịch UBND phường Hà Đông",
            review_round=review_round,
            user=world.principal_a,
            addressed_to_level="chu_tich_ubnd_xa",
        )
        nominations.confirm_evidence_certified(dossier, certified=True, user=world.principal_a)
        nominations.add_to_dossier(dossier, [ldtt], school=school, user=world.principal_a)
        post_and_wait(dossier, world)
        nominations.submit_dossier(dossier, school=school, user=world.principal_a)
    yield {"dossier": dossier, "anh": anh, "head": head}
    Decision.objects.filter(office=world.office).delete()
    Submission.objects.filter(school=school).delete()
    with schema_context(school.schema_name):
        AwardRecord.objects.filter(staff=anh).delete()
        Nomination.objects.filter(staff=anh).delete()
        Dossier.objects.filter(pk=dossier.pk).delete()
        ReviewRound.objects.filter(pk=review_round.pk).delete()
        StaffRating.objects.filter(staff=anh).delete()
        anh.delete()
    Membership.objects.filter(user=head).delete()


def new_page(browser):
    return browser.new_context(locale="vi-VN").new_page()


def test_a_returned_dossier_comes_back_as_version_2_is_approved_and_its_award_reaches_the_teacher(
    world, submitted_dossier, live_server_url, celery_worker, browser
):
    office = f"http://localhost:{live_server_url}"
    school = f"http://{world.school_a.host}:{live_server_url}"
    dossier = submitted_dossier["dossier"]

    # 1. The specialist finds the dossier in the inbox and returns it with a comment on the report.
    specialist = new_page(browser)
    sign_in(specialist, office, world.specialist.username)
    specialist.goto(office + "/tham-dinh/")
    specialist.get_by_test_id("inbox-row").filter(has_text=dossier.subject).get_by_role("link").first.click()
    specialist.wait_for_selector("[data-testid=review-title]")
    specialist.get_by_test_id("comment-achievement_reports").fill(COMMENT)
    with specialist.expect_navigation():
        specialist.get_by_test_id("return").click()
    first = Submission.objects.get(school=world.school_a, kind="dossier", version=1)
    assert first.status == Submission.Status.RETURNED
    assert [c["text"] for c in first.review_comments] == [COMMENT]

    # 2. The principal reads the comment, corrects the report and sends version 2.
    principal = new_page(browser)
    sign_in(principal, school, world.principal_a.username)
    principal.goto(school + f"/de-nghi/ho-so/{dossier.pk}/")
    assert COMMENT in principal.content()
    with schema_context(world.school_a.schema_name):
        nominations.update_nomination(
            Nomination.objects.get(dossier=dossier),
            summary="Hoàn thành xuất sắc nhiệm vụ",
            achievements="Chủ nhiệm lớp 2A1: 32/32 học sinh hoàn thành tốt nhiệm vụ học tập.",
            initiative=None,
            user=world.principal_a,
        )
    principal.on("dialog", lambda dialog: dialog.accept())
    with principal.expect_navigation():
        principal.get_by_test_id("submit-dossier").click()
    assert "lần 2" in principal.get_by_test_id("dossier-state").inner_text()
    second = Submission.objects.get(school=world.school_a, kind="dossier", version=2)

    # 3. The specialist approves version 2.
    specialist.goto(office + f"/tham-dinh/{second.pk}/")
    assert "32/32 học sinh" in specialist.content()
    with specialist.expect_navigation():
        specialist.get_by_test_id("accept").click()
    second.refresh_from_db()
    assert second.status == Submission.Status.ACCEPTED

    # 4. The office head records the decision with Anh on it; the worker writes it into the school.
    head = new_page(browser)
    sign_in(head, office, submitted_dossier["head"].username)
    head.goto(office + "/quyet-dinh/them/")
    head.get_by_label("Cơ quan ban hành").select_option(str(world.office.pk))
    head.get_by_label("Số quyết định").fill("215/QĐ-PGDĐT")
    head.get_by_label("Ngày ký").fill("10/06/2026")
    head.get_by_label("Năm học").fill(SCHOOL_YEAR)
    head.get_by_label("Trích yếu").fill("Về việc công nhận danh hiệu Lao động tiên tiến năm học 2025-2026")
    head.get_by_label("Chức vụ người ký").fill("TRƯỞNG PHÒNG")
    head.get_by_label("Họ tên người ký").fill("Vũ Văn Trưởng")
    head.get_by_test_id("decision-form").get_by_role("button", name="Tạo dự thảo").click()
    head.wait_for_selector("[data-testid=dossier-picker]")
    picker = head.get_by_test_id("dossier-picker")
    picker.get_by_label("Lê Minh Anh – Lao động tiên tiến").check()
    picker.get_by_role("button", name="Thêm vào danh sách").click()
    head.wait_for_selector("[data-testid=decision-lines] >> text=Lê Minh Anh")
    head.on("dialog", lambda dialog: dialog.accept())
    head.get_by_test_id("record-decision").click()
    head.wait_for_selector("[data-testid=decision-state].text-bg-success", timeout=90_000)
    assert "1/1" in head.get_by_test_id("delivery-progress").inner_text()
    decision = Decision.objects.get(number="215/QĐ-PGDĐT")
    assert decision.state == Decision.State.DELIVERED

    # 5. The teacher sees the award, with the decision's number, on her own record.
    teacher = new_page(browser)
    sign_in(teacher, school, world.teacher_a.username)
    teacher.goto(school + f"/can-bo/{submitted_dossier['anh'].pk}/")
    record = teacher.content()
    assert "Lao động tiên tiến" in record and "215/QĐ-PGDĐT" in record
    with schema_context(world.school_a.schema_name):
        award = AwardRecord.objects.get(
            staff=submitted_dossier["anh"], source=AwardRecord.Source.OFFICE_DECISION
        )
        assert award.decision_number == "215/QĐ-PGDĐT" and award.school_year == SCHOOL_YEAR
