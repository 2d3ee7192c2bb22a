"""The school year in a real browser: a teacher registers for CSTĐCS, writes an initiative that two
reviewers score and the council recognises, the review round votes, the rules checker says met, and
the principal sends a dossier with an evidence file to the office; a second teacher's nomination is
refused by the checker with the reason shown."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.core.school_years import current_school_year
from office.rules.vocabulary import Rating, Title
from office.submissions.models import Submission
from plans.emulation import services as emulation
from plans.emulation.models import RegistrationCampaign, ReviewRound
from plans.initiatives import services as initiatives
from plans.nominations.models import Dossier
from plans.staff.models import Department, Staff
from tests.conftest import PASSWORD
from tests.e2e.test_login_pages import sign_in

pytestmark = pytest.mark.e2e

# A minimal, valid one-page PDF.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def school_year(world, tmp_path):
    """What the school has before the teacher starts: an open registration, a second teacher rated
    only "Hoàn thành nhiệm vụ", two reviewers from another department and the initiative council."""
    school = world.school_a
    year = current_school_year()
    today = timezone.localdate()
    with schema_context(school.schema_name):
        fourth, _ = Department.objects.get_or_create(name="Tổ khối 4")
        fifth, _ = Department.objects.get_or_create(name="Tổ khối 5")
        anh = Staff.objects.create(
            full_name="Trần Văn Ánh",
            gender="nam",
            department=fourth,
            user=world.teacher_a,
            position="Giáo viên",
            joined_sector_on=datetime.date(2012, 9, 1),
        )
        bich = Staff.objects.create(
            full_name="Phạm Thị Bích",
            gender="nu",
            department=fourth,
            position="Giáo viên",
            joined_sector_on=datetime.date(2015, 9, 1),
        )
        reviewers = []
        for username, name, role in (
            ("pho.hieutruong.a", "Đỗ Thị Phó", Role.VICE_PRINCIPAL),
            ("thuky.a", "Ngô Văn Ký", Role.COUNCIL_SECRETARY),
        ):
            user = ensure_user(username=username, full_name=name, password=PASSWORD)
            grant_school_role(user, school, role)
            Staff.objects.create(
                full_name=name, gender="nu", department=fifth, user=user, position="Giáo viên"
            )
            reviewers.append(user)
        campaign = emulation.open_campaign(
            school_year=year,
            opens_on=today - datetime.timedelta(days=3),
            deadline=today + datetime.timedelta(days=10),
            user=world.principal_a,
        )
        emulation.register(campaign, bich, title=Title.LDTT, user=world.principal_a, as_manager=True)
        emulation.set_ratings(
            school_year=year,
            ratings={anh.pk: Rating.EXCELLENT, bich.pk: Rating.COMPLETED},
            user=world.principal_a,
        )
        initiatives.ensure_rubric(year, user=world.principal_a)
        initiatives.save_council(
            school=school,
            school_year=year,
            chair=world.principal_a,
            members=reviewers,
            gap_threshold=10,
            user=world.principal_a,
        )
    pdf = tmp_path / "sang-kien.pdf"
    pdf.write_bytes(PDF)
    yield {"year": year, "anh": anh, "bich": bich, "reviewers": reviewers, "campaign": campaign, "pdf": pdf}
    with schema_context(school.schema_name):
        Dossier.objects.all().delete()
        ReviewRound.objects.all().delete()
        RegistrationCampaign.objects.all().delete()


def new_page(browser):
    return browser.new_context(locale="vi-VN").new_page()


def test_a_teacher_from_registration_to_a_dossier_sent_to_the_office(
    world, school_year, live_server_url, browser
):
    base = f"http://{world.school_a.host}:{live_server_url}"
    data = school_year

    # 1. The teacher registers for CSTĐCS.
    teacher = new_page(browser)
    sign_in(teacher, base, "giaovien.a")
    teacher.goto(base + "/thi-dua/dang-ky/cua-toi/")
    form = teacher.get_by_test_id("my-registration-form")
    form.locator("select[name=title]").select_option(Title.CSTDCS)
    form.get_by_role("button", name="Lưu đăng ký").click()
    assert "Chiến sĩ thi đua cơ sở" in teacher.get_by_test_id("my-registration").inner_text()

    # 2. The teacher registers an initiative, uploads its document straight to storage and submits it.
    teacher.goto(base + "/sang-kien/dang-ky/")
    teacher.locator("textarea[name=title]").fill("Ứng dụng trò chơi học tập trong dạy Toán lớp 4")
    teacher.get_by_test_id("initiative-form").locator("button[type=submit]").click()
    teacher.set_input_files("input[type=file][data-evidence-kind=initiative]", str(data["pdf"]))
    teacher.wait_for_selector("[data-evidence-state=done]")
    teacher.get_by_test_id("save-document").click()
    teacher.wait_for_selector("[data-testid=initiative-document]")
    teacher.get_by_test_id("submit-initiative").click()
    initiative_url = teacher.url

    # 3. The principal assigns two reviewers; each scores without seeing the other's points.
    principal = new_page(browser)
    sign_in(principal, base, "hieutruong.a")
    principal.goto(initiative_url)
    for reviewer in data["reviewers"]:
        principal.get_by_test_id("assign-form").locator("select[name=reviewer]").select_option(
            str(reviewer.pk)
        )
        principal.get_by_test_id("assign-form").get_by_role("button", name="Phân công").click()
        principal.wait_for_selector(f"text={reviewer.get_full_name()}")
    for reviewer, share in zip(data["reviewers"], (0.9, 0.8), strict=True):
        page = new_page(browser)
        sign_in(page, base, reviewer.username)
        page.goto(initiative_url)
        assert page.get_by_test_id("scores-hidden").count() == 1
        for box in page.locator("#initiative-scoring input[type=number]").all():
            box.fill(str(round(float(box.get_attribute("max")) * share)))
        page.get_by_test_id("submit-review").click()
        page.wait_for_selector("[data-testid=own-total]")
        page.context.close()

    # 4. The council recognises it at school level.
    principal.goto(initiative_url)
    decision = principal.get_by_test_id("decision-form")
    decision.locator("select[name=recognized]").select_option("1")
    decision.locator("input[name=decision_number]").fill("25/QĐ-THA")
    decision.locator("input[name=decision_date]").fill(timezone.localdate().strftime("%d/%m/%Y"))
    decision.get_by_role("button", name="Ghi quyết định và khoá sáng kiến").click()
    principal.wait_for_selector("[data-testid=initiative-result]")

    # 5. The review round: candidates from the registrations, counts entered, round closed.
    principal.goto(base + "/thi-dua/binh-xet/")
    round_form = principal.get_by_test_id("round-form")
    round_form.get_by_role("button", name="Mở đợt bình xét").click()
    principal.get_by_test_id("import-candidates").click()
    for row in principal.locator("[data-testid=candidate-table] tbody tr").all():
        row.locator("input[name=agree]").fill("14")
        row.locator("input[name=disagree]").fill("1")
        row.locator("input[name=total_voters]").fill("15")
        row.get_by_role("button", name="Lưu").click()
        principal.wait_for_timeout(200)
    principal.on("dialog", lambda dialog: dialog.accept())
    principal.get_by_role("button", name="Kết thúc bình xét").click()
    principal.wait_for_selector("[data-testid=download-minutes]")

    # 6. Nominations from the review, checked by the rules.
    principal.goto(base + f"/de-nghi/?school_year={data['year']}")
    principal.get_by_test_id("from-review").click()
    principal.get_by_test_id("check-all").click()
    table = principal.get_by_test_id("nomination-table").inner_text()
    anh_rows = [line for line in table.splitlines() if "Trần Văn Ánh" in line]
    assert any("Chiến sĩ thi đua cơ sở" in line and "Đủ điều kiện" in line for line in anh_rows), table
    bich_row = principal.get_by_test_id("nomination-row").filter(has_text="Phạm Thị Bích")
    assert "Chưa đủ điều kiện" in bich_row.inner_text()
    bich_row.get_by_role("link", name="Phạm Thị Bích").click()
    reasons = principal.get_by_test_id("check-report").inner_text()
    assert "Hoàn thành nhiệm vụ" in reasons  # the reason the checker refuses her LĐTT

    # 7. The dossier: Ánh's nominations, an evidence file, the school's confirmation, sent up.
    principal.goto(base + "/de-nghi/ho-so/")
    new = principal.get_by_test_id("new-dossier")
    new.locator("input[name=recipient]").fill("Chủ tịch UBND phường Hà Đông")
    new.locator("select[name=addressed_to_level]").select_option("chu_tich_ubnd_xa")
    new.locator("select[name=review_round]").select_option(index=1)
    new.get_by_role("button", name="Lập hồ sơ").click()
    adding = principal.get_by_test_id("add-nominations")
    for box in adding.locator("label", has_text="Trần Văn Ánh").all():
        box.click()
    adding.get_by_role("button", name="Đưa vào hồ sơ").click()
    assert "Trần Văn Ánh" in principal.get_by_test_id("dossier-nominations").inner_text(), principal.locator(
        ".alert"
    ).all_inner_texts()
    evidence = principal.get_by_test_id("evidence-form")
    evidence.locator("input[type=file]").set_input_files(str(data["pdf"]))
    principal.wait_for_selector("[data-testid=evidence-form] [data-evidence-state=done]")
    evidence.locator("input[name=label]").fill("Quyết định công nhận sáng kiến")
    evidence.get_by_test_id("attach-evidence").click()
    assert "Quyết định công nhận sáng kiến" in principal.get_by_test_id("dossier-evidence").inner_text()
    principal.get_by_test_id("evidence-certified").check()
    principal.wait_for_load_state()
    # The list is posted to the staff; the principal sends it before the period ends, with a reason.
    principal.get_by_test_id("publish").click()
    principal.wait_for_selector("[data-testid=posting-wait]")
    override = principal.get_by_test_id("override-form")
    override.locator("textarea[name=reason]").fill(
        "Phường yêu cầu nộp hồ sơ trước hạn; danh sách đã niêm yết."
    )
    override.get_by_role("button").click()
    principal.wait_for_selector("text=Đã ghi quyết định gửi hồ sơ trước khi hết thời gian công khai")
    principal.get_by_test_id("submit-dossier").click()
    principal.wait_for_selector("text=Đã gửi hồ sơ lên cơ quan quản lý")
    assert "Đã gửi" in principal.get_by_test_id("dossier-state").inner_text()

    submission = Submission.objects.for_school(world.school_a).get(kind=Submission.Kind.DOSSIER)
    titles = {(n["full_name"], n["title"], n["verdict"]) for n in submission.payload["nominees"]}
    assert ("Trần Văn Ánh", "cstdcs", "met") in titles
    assert submission.payload["evidence"][0]["label"] == "Quyết định công nhận sáng kiến"
