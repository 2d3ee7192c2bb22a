"""Public posting in a real browser: the principal posts the dossier's proposed list, a teacher reads it
on a 390 px phone and objects about a named candidate, the council answers, and the dossier waits for the
end of the posting period before it can be sent up."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from office.rules.vocabulary import Rating, Title
from plans.emulation.models import ReviewCandidate, ReviewRound, StaffRating, VoteCount
from plans.nominations import services as nominations
from plans.nominations.models import Dossier, Nomination, Objection, Posting
from plans.staff.models import Staff
from tests.e2e.test_login_pages import sign_in

pytestmark = pytest.mark.e2e

SCHOOL_YEAR = "2025-2026"
REASON = "Đồng chí Lê Minh Anh nghỉ ốm dài ngày trong học kỳ II, đề nghị Hội đồng xem lại."
ANSWER = "Theo bảng chấm công đồng chí nghỉ ốm 5 ngày có giấy xác nhận; Hội đồng giữ nguyên đề nghị."


@pytest.fixture
def dossier(world):
    """Lê Minh Anh, voted for LĐTT, in a dossier not yet posted. Removed afterwards."""
    school = world.school_a
    with schema_context(school.schema_name):
        anh = Staff.objects.create(
            full_name="Lê Minh Anh",
            gender="nu",
            position="Giáo viên",
            joined_sector_on=datetime.date(2010, 9, 1),
        )
        StaffRating.objects.create(staff=anh, school_year=SCHOOL_YEAR, rating=Rating.EXCELLENT)
        review_round = ReviewRound.objects.create(
            school_year=SCHOOL_YEAR,
            name="Bình xét thi đua năm học 2025-2026",
            method=ReviewRound.Method.COUNTS,
            status=ReviewRound.Status.OPEN,
        )
        candidate = ReviewCandidate.objects.create(round=review_round, staff=anh, title=Title.LDTT)
        VoteCount.objects.create(candidate=candidate, agree=14, disagree=1, total_voters=15)
        review_round.status = ReviewRound.Status.CLOSED
        review_round.closed_at = timezone.now()
        review_round.save()
        (ldtt,) = nominations.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a)
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
    yield dossier
    with schema_context(school.schema_name):
        Dossier.objects.filter(pk=dossier.pk).delete()  # its postings and objections with it
        Nomination.objects.filter(staff=anh).delete()
        ReviewRound.objects.filter(pk=review_round.pk).delete()
        StaffRating.objects.filter(staff=anh).delete()
        anh.delete()


def test_a_teacher_objects_on_a_phone_the_council_answers_and_the_dossier_waits(
    world, dossier, live_server_url, browser
):
    school = f"http://{world.school_a.host}:{live_server_url}"
    dossier_url = f"{school}/de-nghi/ho-so/{dossier.pk}/"

    # 1. The principal posts the list for 5 working days; the dossier cannot go up yet.
    principal = browser.new_context(locale="vi-VN").new_page()
    sign_in(principal, school, world.principal_a.username)
    principal.goto(dossier_url)
    assert "chưa được công khai" in principal.get_by_test_id("posting-wait").inner_text()
    assert principal.get_by_test_id("submit-dossier").count() == 0
    form = principal.get_by_test_id("publish-posting")
    form.locator("input[name=working_days]").fill("5")
    form.get_by_test_id("publish").click()
    principal.wait_for_selector("text=Đã công khai danh sách đến hết ngày")
    with schema_context(world.school_a.schema_name):
        posting = Posting.objects.get(dossier=dossier)
    end = posting.ends_on.strftime("%d/%m/%Y")

    # 2. The teacher reads it on a phone (390 px) from the menu and objects about Lê Minh Anh.
    phone = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    sign_in(phone, school, world.teacher_a.username)
    phone.goto(school + "/de-nghi/cong-khai/")
    phone.get_by_test_id("postings").get_by_role("link").first.click()
    assert "Lê Minh Anh" in phone.get_by_test_id("posted-list").inner_text()
    assert end in phone.get_by_test_id("posting-period").inner_text()
    objection = phone.get_by_test_id("objection-form")
    objection.locator("select[name=nomination]").select_option(label="Lê Minh Anh – Lao động tiên tiến")
    objection.locator("textarea[name=reason]").fill(REASON)
    objection.get_by_test_id("send-objection").click()
    phone.wait_for_selector("text=Đã gửi ý kiến phản ánh")
    assert "Chờ Hội đồng trả lời" in phone.get_by_test_id("my-objections").inner_text()
    # Nothing on the page is wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # 3. The council sees the objection on the dossier and answers it.
    principal.goto(dossier_url)
    assert REASON in principal.get_by_test_id("objections").inner_text()
    answer = principal.get_by_test_id("answer-form")
    answer.locator("select[name=decision]").select_option("rejected")
    answer.locator("input[name=answer]").fill(ANSWER)
    answer.get_by_test_id("answer").click()
    principal.wait_for_selector("text=Đã ghi trả lời của Hội đồng")
    assert ANSWER in principal.get_by_test_id("objections").inner_text()
    with schema_context(world.school_a.schema_name):
        assert Objection.objects.get().status == Objection.Status.REJECTED

    # 4. The teacher sees the answer on the phone.
    phone.reload()
    mine = phone.get_by_test_id("my-objections").inner_text()
    assert "Không chấp nhận" in mine and ANSWER in mine

    # 5. The dossier waits for the end of the posting period: no button, the day it ends.
    principal.goto(dossier_url)
    assert end in principal.get_by_test_id("posting-wait").inner_text()
    assert principal.get_by_test_id("submit-dossier").count() == 0
    # Once the period is over (moved into the past here), the principal may send it.
    with schema_context(world.school_a.schema_name):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        Posting.objects.filter(pk=posting.pk).update(
            starts_on=yesterday - datetime.timedelta(days=10), ends_on=yesterday
        )
    principal.reload()
    assert principal.get_by_test_id("posting-wait").count() == 0
    assert principal.get_by_test_id("submit-dossier").count() == 1
