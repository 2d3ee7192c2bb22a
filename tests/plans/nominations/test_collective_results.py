"""Collective results (issue 15, item 2): the school's own rating, entered by the principal and
confirmed (or corrected) by its office; departments (tổ) as collectives, their facts aggregated from
the members employed on the day the check speaks for; TTLĐTT and TTLĐXS decided from these."""

import datetime

import pytest
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.rules.checker import MET, NOT_MET, UNKNOWN
from office.rules.vocabulary import DisciplineLevel, Rating, Title
from office.submissions.models import Submission
from office.submissions.selectors import collective_rating_of
from office.submissions.services import SubmissionReviewError, confirm_collective_rating
from plans.emulation.models import StaffRating
from plans.nominations import services
from plans.nominations.facts import department_facts, school_facts
from plans.nominations.models import DepartmentRating, Nomination
from plans.nominations.selectors import dossier_snapshot
from plans.nominations.services import NominationError
from plans.staff.models import AwardRecord, Department, Staff, StaffStatusPeriod

SCHOOL_YEAR = "2024-2025"
YEAR = 2025
MAY = datetime.date(2025, 5, 20)


def _member(name, department, gender="nu", **fields):
    fields.setdefault("joined_sector_on", datetime.date(2012, 9, 1))
    return Staff.objects.create(
        full_name=name, gender=gender, position="Giáo viên", department=department, **fields
    )


def _rate(staff, rating):
    StaffRating.objects.update_or_create(staff=staff, school_year=SCHOOL_YEAR, defaults={"rating": rating})


@pytest.fixture
def khoi3(world):
    """Tổ khối 3 of Trường A: four members on 20/05/2025, three LĐTT (one received, two proposed),
    one CSTĐCS proposed; one member left in March and one arrived in June, who do not count."""
    with schema_context(world.school_a.schema_name):
        department = Department.objects.create(name="Tổ khối 3")
        hoa = _member("Phạm Thị Hoa", department)
        lan = _member("Ngô Thị Lan", department)
        minh = _member("Vũ Văn Minh", department, gender="nam")
        thu = _member("Đinh Thị Thu", department)
        _member("Bùi Thị Đi", department, left_school_on=datetime.date(2025, 3, 1))
        _member("Lý Thị Đến", department, joined_school_on=datetime.date(2025, 6, 1))
        for person, rating in (
            (hoa, Rating.EXCELLENT),
            (lan, Rating.GOOD),
            (minh, Rating.GOOD),
            (thu, Rating.COMPLETED),
        ):
            _rate(person, rating)
        AwardRecord.objects.create(
            staff=lan, year=YEAR, school_year=SCHOOL_YEAR, title=Title.LDTT, issuer_name="UBND quận Hà Đông"
        )
        for person, title in ((hoa, Title.LDTT), (hoa, Title.CSTDCS), (minh, Title.LDTT)):
            Nomination.objects.create(school_year=SCHOOL_YEAR, staff=person, title=title)
        return {"department": department, "hoa": hoa, "lan": lan, "minh": minh, "thu": thu}


def _facts(department):
    return department_facts(department, year=YEAR, school_year=SCHOOL_YEAR, on=MAY)


def _says(result, text) -> bool:
    return text.lower() in result["reason"].lower()


def _status(nomination, code):
    return next(r for r in nomination.check_report if r["code"] == code)


# --- The department's facts -------------------------------------------------------------------------


def test_a_departments_facts_count_its_members_on_the_day_of_the_check(world, khoi3):
    with schema_context(world.school_a.schema_name):
        facts = _facts(khoi3["department"])
        june = department_facts(
            khoi3["department"], year=YEAR, school_year=SCHOOL_YEAR, on=datetime.date(2025, 6, 15)
        )
    assert facts.name == "Tổ khối 3"
    assert (facts.members_count, facts.completed_count, facts.ldtt_count, facts.cstdcs_count) == (4, 4, 3, 1)
    assert facts.female_count == 3
    assert facts.members_disciplined is False and facts.worst_member_discipline is None
    assert facts.collective_rating is None  # the principal has not rated the department yet
    # The newcomer of June counts from June on, and is not rated: the completed count is unknown then.
    assert june.members_count == 5 and june.completed_count is None


def test_a_missing_rating_or_a_discipline_without_level_leaves_the_facts_unknown(world, khoi3):
    with schema_context(world.school_a.schema_name):
        StaffRating.objects.filter(staff=khoi3["thu"]).delete()
        StaffStatusPeriod.objects.create(
            staff=khoi3["minh"], kind=StaffStatusPeriod.Kind.DISCIPLINE, starts_on=datetime.date(2024, 11, 1)
        )
        facts = _facts(khoi3["department"])
    assert facts.completed_count is None
    assert facts.members_disciplined is None and facts.worst_member_discipline is None


def test_a_members_warning_in_the_year_is_the_departments_worst_discipline(world, khoi3):
    with schema_context(world.school_a.schema_name):
        # A reprimand that ended before the school year does not count; a warning in it does.
        StaffStatusPeriod.objects.create(
            staff=khoi3["lan"],
            kind=StaffStatusPeriod.Kind.DISCIPLINE,
            discipline_level=DisciplineLevel.DISMISSAL_FROM_POST,
            starts_on=datetime.date(2022, 1, 1),
            ends_on=datetime.date(2023, 1, 1),
        )
        StaffStatusPeriod.objects.create(
            staff=khoi3["minh"],
            kind=StaffStatusPeriod.Kind.DISCIPLINE,
            discipline_level=DisciplineLevel.WARNING,
            starts_on=datetime.date(2025, 1, 10),
        )
        facts = _facts(khoi3["department"])
    assert facts.worst_member_discipline == DisciplineLevel.WARNING


# --- Departments as collectives: nominations and the checker ----------------------------------------


def _department_nomination(world, department, title=Title.TTLDTT):
    return services.create_nomination(
        school_year=SCHOOL_YEAR, staff=None, department=department, title=title, user=world.principal_a
    )


def test_ttldtt_for_a_department_met_not_met_and_unknown(world, khoi3):
    with schema_context(world.school_a.schema_name):
        nomination = _department_nomination(world, khoi3["department"])
        services.run_check(nomination, school=world.school_a, user=world.principal_a, on=MAY)
        result = _status(nomination, "ttldtt.basis")
        assert result["status"] == UNKNOWN and _says(result, "chưa có kết quả xếp loại của tập thể")

        services.rate_department(
            khoi3["department"],
            school_year=SCHOOL_YEAR,
            rating=Rating.GOOD,
            note="Tổ đoàn kết, hoàn thành tốt kế hoạch năm học",
            user=world.principal_a,
            school=world.school_a,
        )
        services.run_check(nomination, school=world.school_a, user=world.principal_a, on=MAY)
        result = _status(nomination, "ttldtt.basis")
        assert result["status"] == MET, result
        assert _says(result, "3/4 thành viên đạt Lao động tiên tiến (75%)")
        assert "Luật Thi đua, khen thưởng" in result["article"]

        StaffStatusPeriod.objects.create(
            staff=khoi3["minh"],
            kind=StaffStatusPeriod.Kind.DISCIPLINE,
            discipline_level=DisciplineLevel.WARNING,
            starts_on=datetime.date(2025, 1, 10),
        )
        services.run_check(nomination, school=world.school_a, user=world.principal_a, on=MAY)
        result = _status(nomination, "ttldtt.basis")
        assert result["status"] == NOT_MET and _says(result, "cảnh cáo")
        assert nomination.verdict == Nomination.Verdict.NOT_MET


def test_ttldtt_for_a_department_is_not_met_below_the_ldtt_share(world, khoi3):
    with schema_context(world.school_a.schema_name):
        Nomination.objects.filter(staff=khoi3["minh"], title=Title.LDTT).delete()
        services.rate_department(
            khoi3["department"],
            school_year=SCHOOL_YEAR,
            rating=Rating.GOOD,
            user=world.principal_a,
            school=world.school_a,
        )
        nomination = _department_nomination(world, khoi3["department"])
        services.run_check(nomination, school=world.school_a, user=world.principal_a, on=MAY)
    result = _status(nomination, "ttldtt.basis")
    assert result["status"] == NOT_MET and _says(result, "2/4 thành viên đạt Lao động tiên tiến (50%)")


def test_ttldxs_for_a_department_needs_an_excellent_rating_and_goes_to_the_province(world, khoi3):
    with schema_context(world.school_a.schema_name):
        services.rate_department(
            khoi3["department"],
            school_year=SCHOOL_YEAR,
            rating=Rating.GOOD,
            user=world.principal_a,
            school=world.school_a,
        )
        nomination = _department_nomination(world, khoi3["department"], Title.TTLDXS)
        services.run_check(nomination, school=world.school_a, user=world.principal_a, on=MAY)
    result = _status(nomination, "ttldxs.basis")
    assert result["status"] == NOT_MET and _says(result, "chưa đạt Hoàn thành xuất sắc nhiệm vụ")


def test_a_department_is_nominated_once_per_title_and_year_and_only_for_collective_titles(world, khoi3):
    department = khoi3["department"]
    with schema_context(world.school_a.schema_name):
        _department_nomination(world, department)
        with pytest.raises(NominationError, match="Tổ khối 3 đã có đề nghị Tập thể lao động tiên tiến"):
            _department_nomination(world, department)
        with pytest.raises(NominationError, match="Tổ chỉ được đề nghị"):
            _department_nomination(world, department, Title.CO_TINH)
        with pytest.raises(NominationError, match="cá nhân hoặc một tổ"):
            services.create_nomination(
                school_year=SCHOOL_YEAR,
                staff=khoi3["hoa"],
                department=department,
                title=Title.TTLDTT,
                user=world.principal_a,
            )
        # Another department, and the school itself, may each have their own TTLĐTT.
        other = Department.objects.create(name="Toán")
        assert _department_nomination(world, other).candidate_label == "Tổ chuyên môn Toán"
        school = services.create_nomination(
            school_year=SCHOOL_YEAR, staff=None, title=Title.TTLDTT, user=world.principal_a
        )
        assert school.candidate_label == "Tập thể trường"
        assert Nomination.objects.filter(title=Title.TTLDTT, staff=None).count() == 3


def test_a_department_reads_as_itself_in_the_snapshot_and_the_documents(world, khoi3):
    from plans.nominations.documents import achievement_report, cover_letter

    with schema_context(world.school_a.schema_name):
        nomination = _department_nomination(world, khoi3["department"])
        dossier = services.create_dossier(
            school_year=SCHOOL_YEAR,
            subject="Về việc đề nghị công nhận danh hiệu thi đua năm học 2024-2025",
            recipient="Chủ tịch UBND quận Hà Đông",
            review_round=None,
            user=world.principal_a,
        )
        nomination.dossier = dossier
        nomination.save(update_fields=["dossier"])
        snapshot = dossier_snapshot(dossier, school=world.school_a)
        letter = cover_letter(dossier, world.school_a)
        report = achievement_report(nomination, world.school_a)
    nominee = snapshot["nominees"][0]
    assert nominee["full_name"] == "Tổ khối 3" and nominee["collective"] == "department"
    assert nominee["department"] == khoi3["department"].pk and nominee["unit"] == world.school_a.name
    assert "Tổ khối 3" in [n.full_name for n in letter.nominees]
    assert report.full_name == "Tổ khối 3" and "Tên tập thể: Tổ khối 3" in report.profile


# --- The school's own rating, confirmed by its office -----------------------------------------------


def _rate_everyone(rating=Rating.GOOD):
    for person in Staff.objects.all():
        _rate(person, rating)


def _school_ttldxs(world):
    """Trường A as a collective for TTLĐXS, with 100% completed, ≥70% LĐTT and one CSTĐCS."""
    members = list(Staff.objects.all())
    _rate_everyone()
    for person in members:
        Nomination.objects.create(school_year=SCHOOL_YEAR, staff=person, title=Title.LDTT)
    Nomination.objects.create(school_year=SCHOOL_YEAR, staff=members[0], title=Title.CSTDCS)
    return services.create_nomination(
        school_year=SCHOOL_YEAR, staff=None, title=Title.TTLDXS, user=world.principal_a
    )


def _send(world, rating=Rating.EXCELLENT, note="Hoàn thành xuất sắc các chỉ tiêu năm học"):
    with schema_context(world.school_a.schema_name):
        return services.send_school_rating(
            school_year=SCHOOL_YEAR, rating=rating, note=note, user=world.principal_a, school=world.school_a
        )


def test_an_unconfirmed_school_rating_cannot_tell_and_shows_the_proposal(world):
    with schema_context(world.school_a.schema_name):
        nomination = _school_ttldxs(world)
        services.run_check(nomination, school=world.school_a, user=world.principal_a, on=MAY)
        assert _says(_status(nomination, "ttldxs.basis"), "chưa có kết quả xếp loại")
    row = _send(world)
    submission = Submission.objects.get(pk=row.submission_id)
    assert submission.kind == Submission.Kind.COLLECTIVE_RATING and submission.payload["rating"] == "htxs"
    with schema_context(world.school_a.schema_name):
        services.run_check(nomination, school=world.school_a, user=world.principal_a, on=MAY)
    result = _status(nomination, "ttldxs.basis")
    assert result["status"] == UNKNOWN
    assert (
        "Tập thể tự xếp loại Hoàn thành xuất sắc nhiệm vụ, đang chờ cơ quan quản lý xác nhận"
        in result["reason"]
    )
    assert "Điều 27" in result["article"]


def test_the_office_confirms_the_rating_and_the_checker_counts_it(world):
    row = _send(world)
    submission = Submission.objects.get(pk=row.submission_id)
    confirm_collective_rating(submission, user=world.specialist)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED
    event = AuditEvent.objects.get(action="collective_rating.confirmed")
    assert event.user == world.specialist and event.after["rating"] == "htxs"
    with schema_context(world.school_a.schema_name):
        nomination = _school_ttldxs(world)
        services.run_check(nomination, school=world.school_a, user=world.principal_a, on=MAY)
        facts = school_facts(name="A", year=YEAR, school_year=SCHOOL_YEAR, on=MAY, school=world.school_a)
    assert facts.collective_rating == Rating.EXCELLENT and facts.proposed_rating is None
    assert _status(nomination, "ttldxs.basis")["status"] == MET, nomination.check_report
    # Confirmed: the school cannot send another value unless the office unapproves it.
    with pytest.raises(NominationError, match="đã xác nhận xếp loại"):
        _send(world, Rating.GOOD)


def test_the_office_corrects_the_rating_with_a_note_and_ttldxs_is_not_met(world):
    row = _send(world)
    submission = Submission.objects.get(pk=row.submission_id)
    with pytest.raises(SubmissionReviewError, match="lý do điều chỉnh"):
        confirm_collective_rating(submission, rating=Rating.GOOD, user=world.specialist)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    confirm_collective_rating(
        submission, rating=Rating.GOOD, note="Trường chưa đạt chỉ tiêu phổ cập bơi", user=world.specialist
    )
    state = collective_rating_of(world.school_a, SCHOOL_YEAR)
    assert state.confirmed == Rating.GOOD and state.proposed == Rating.EXCELLENT and state.corrected
    assert (
        AuditEvent.objects.get(action="collective_rating.corrected").after["note"].startswith("Trường chưa")
    )
    with schema_context(world.school_a.schema_name):
        nomination = _school_ttldxs(world)
        services.run_check(nomination, school=world.school_a, user=world.principal_a, on=MAY)
        ttldtt = services.create_nomination(
            school_year=SCHOOL_YEAR, staff=None, title=Title.TTLDTT, user=world.principal_a
        )
        services.run_check(ttldtt, school=world.school_a, user=world.principal_a, on=MAY)
    assert _status(nomination, "ttldxs.basis")["status"] == NOT_MET
    assert _status(ttldtt, "ttldtt.basis")["status"] == MET, ttldtt.check_report


def test_only_the_schools_own_office_confirms(world, client_for):
    row = _send(world)
    submission = Submission.objects.get(pk=row.submission_id)
    with pytest.raises(Refused):
        confirm_collective_rating(submission, user=world.other_specialist)
    other = client_for(world.other_specialist)
    assert other.get(f"/tham-dinh/{submission.pk}/").status_code == 404
    assert other.post(f"/tham-dinh/{submission.pk}/xac-nhan/", {"rating": "htxs"}).status_code == 404
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert not AuditEvent.objects.filter(action__startswith="collective_rating.").exists()


def test_the_school_cannot_confirm_its_own_rating_and_a_teacher_cannot_rate(world):
    row = _send(world)
    submission = Submission.objects.get(pk=row.submission_id)
    with pytest.raises(Refused):
        confirm_collective_rating(submission, user=world.principal_a)
    with schema_context(world.school_a.schema_name), pytest.raises(Refused):
        services.send_school_rating(
            school_year=SCHOOL_YEAR, rating=Rating.GOOD, user=world.teacher_a, school=world.school_a
        )
    with schema_context(world.school_a.schema_name):
        department = Department.objects.create(name="Tổ khối 4")
        with pytest.raises(Refused):
            services.rate_department(
                department,
                school_year=SCHOOL_YEAR,
                rating=Rating.GOOD,
                user=world.teacher_a,
                school=world.school_a,
            )
        assert not DepartmentRating.objects.exists()


# --- Pages ------------------------------------------------------------------------------------------


def test_the_school_page_sends_the_rating_and_rates_departments(world, khoi3, client_for):
    principal = client_for(world.principal_a, world.school_a)
    url = f"/de-nghi/xep-loai-tap-the/?school_year={SCHOOL_YEAR}"
    page = principal.get(url).content.decode()
    assert "Chưa gửi kết quả tự xếp loại" in page and "Tổ khối 3" in page
    response = principal.post(url, {"action": "school", "rating": "htxs", "note": "Đạt mọi chỉ tiêu"})
    assert response.status_code == 302
    response = principal.post(
        url, {"action": "department", "department": khoi3["department"].pk, "rating": "htt", "note": "Tốt"}
    )
    assert response.status_code == 302
    page = principal.get(url).content.decode()
    assert "Chờ xác nhận" in page and "Hoàn thành tốt nhiệm vụ" in page
    # A bad rating changes nothing and says why.
    response = principal.post(
        url, {"action": "department", "department": khoi3["department"].pk, "rating": "x"}, follow=True
    )
    assert "Hãy chọn một mức xếp loại." in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert DepartmentRating.objects.get().rating == Rating.GOOD
    teacher = client_for(world.teacher_a, world.school_a)
    assert teacher.get(url).status_code == 403


def test_the_office_review_page_confirms_the_rating(world, client_for):
    row = _send(world)
    office = client_for(world.specialist)
    page = office.get(f"/tham-dinh/{row.submission_id}/").content.decode()
    assert 'data-testid="confirm-rating-form"' in page and "Hoàn thành xuất sắc nhiệm vụ" in page
    response = office.post(
        f"/tham-dinh/{row.submission_id}/xac-nhan/", {"rating": "htt", "note": "Chưa đạt chỉ tiêu bơi"}
    )
    assert response.status_code == 302
    page = office.get(f"/tham-dinh/{row.submission_id}/").content.decode()
    assert 'data-testid="confirmed-rating"' in page and "(đã điều chỉnh)" in page
    assert "Điều chỉnh kết quả xếp loại tập thể" in page  # the review history names the action
    school_page = client_for(world.principal_a, world.school_a).get(
        f"/de-nghi/xep-loai-tap-the/?school_year={SCHOOL_YEAR}"
    )
    text = school_page.content.decode()
    assert "Đã xác nhận" in text and "Chưa đạt chỉ tiêu bơi" in text
    assert 'data-testid="school-rating-form"' not in text


def test_the_department_list_costs_the_same_queries_for_one_or_many(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    principal = client_for(world.principal_a, world.school_a)
    url = f"/de-nghi/xep-loai-tap-the/?school_year={SCHOOL_YEAR}"
    principal.get(url)
    with CaptureQueriesContext(connection) as one:
        assert principal.get(url).status_code == 200
    with schema_context(world.school_a.schema_name):
        for number in range(5):
            department = Department.objects.create(name=f"Tổ thử {number}")
            _member(f"Giáo viên {number}", department)
            services.rate_department(
                department,
                school_year=SCHOOL_YEAR,
                rating=Rating.GOOD,
                user=world.principal_a,
                school=world.school_a,
            )
    with CaptureQueriesContext(connection) as many:
        page = principal.get(url).content.decode()
    assert page.count('data-testid="department-row"') >= 6
    assert len(many) == len(one)


def test_an_unapproved_confirmation_stops_counting_and_the_school_may_send_again(world):
    from office.accounts.models import Role
    from office.accounts.services import ensure_user, grant_office_role
    from office.submissions.services import unapprove_submission

    head = ensure_user(username="lanhdao.collective", full_name="Lãnh Đạo Phòng", password=None)
    grant_office_role(head, world.office, Role.OFFICE_HEAD)
    row = _send(world)
    submission = Submission.objects.get(pk=row.submission_id)
    confirm_collective_rating(submission, user=world.specialist)
    unapprove_submission(submission, reason="Trường xin điều chỉnh theo kết quả kiểm tra cuối năm", user=head)
    state = collective_rating_of(world.school_a, SCHOOL_YEAR)
    assert state.confirmed is None and state.awaiting
    row = _send(world, Rating.GOOD, note="Điều chỉnh theo kết quả kiểm tra")
    state = collective_rating_of(world.school_a, SCHOOL_YEAR)
    assert (state.version, state.proposed, state.confirmed) == (2, Rating.GOOD, None)


def test_a_department_nomination_through_the_pages_and_the_api(world, khoi3, client_for):
    principal = client_for(world.principal_a, world.school_a)
    response = principal.post(
        f"/de-nghi/?school_year={SCHOOL_YEAR}",
        {"action": "add", "staff": "", "department": khoi3["department"].pk, "title": Title.TTLDTT},
    )
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        nomination = Nomination.objects.get(department=khoi3["department"])
    listed = principal.get(f"/de-nghi/?school_year={SCHOOL_YEAR}").content.decode()
    assert "Tổ khối 3" in listed
    detail = principal.get(f"/de-nghi/{nomination.pk}/").content.decode()
    assert (
        "Tổ khối 3 – Tập thể lao động tiên tiến" in detail
        and 'data-testid="collective-rating-link"' in detail
    )
    report = principal.get(f"/de-nghi/{nomination.pk}/bao-cao-thanh-tich.docx")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    response = principal.post(
        "/api/v1/nominations/",
        {
            "school_year": SCHOOL_YEAR,
            "staff": None,
            "department": khoi3["department"].pk,
            "title": Title.TTLDXS,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["department"] == khoi3["department"].pk and body["candidate_label"] == "Tổ khối 3"
    refused = principal.post(
        "/api/v1/nominations/",
        {
            "school_year": SCHOOL_YEAR,
            "staff": None,
            "department": khoi3["department"].pk,
            "title": Title.LDTT,
        },
        content_type="application/json",
    )
    assert refused.status_code == 400
    with schema_context(world.school_a.schema_name):
        assert Nomination.objects.filter(department=khoi3["department"]).count() == 2


def test_a_decision_line_for_a_department_lands_in_the_departments_history(world, khoi3):
    """The office's decision comes back (plans.staff.decision_delivery): a department's TTLĐTT is the
    department's, beside the school's own TTLĐTT of the same year, and a replay writes nothing."""
    from plans.staff.decision_delivery import DecidedLine, DecisionFacts, write_batch

    with schema_context(world.school_a.schema_name):
        department_nomination = _department_nomination(world, khoi3["department"])
        school_nomination = services.create_nomination(
            school_year=SCHOOL_YEAR, staff=None, title=Title.TTLDTT, user=world.principal_a
        )
        decision = DecisionFacts(
            number="120/QĐ-UBND",
            signed_on=datetime.date(2025, 6, 20),
            issuer_name="UBND quận Hà Đông",
            issuer_level="chu_tich_ubnd_huyen",
            school_year=SCHOOL_YEAR,
        )
        lines = [
            DecidedLine(1, "line:1", department_nomination.pk, None, True, "Tổ khối 3", Title.TTLDTT, ""),
            DecidedLine(2, "line:2", school_nomination.pk, None, True, "Trường Tiểu học A", Title.TTLDTT, ""),
        ]
        outcomes = write_batch(lines, decision)
        assert [outcome for outcome, _ in outcomes.values()] == ["written", "written"], outcomes
        rows = set(AwardRecord.objects.filter(title=Title.TTLDTT).values_list("department__name", "staff"))
        assert rows == {("Tổ khối 3", None), (None, None)}
        assert [o for o, _ in write_batch(lines, decision).values()] == ["written", "written"]
        assert AwardRecord.objects.filter(title=Title.TTLDTT).count() == 2
        facts = _facts(khoi3["department"])
    assert [(t.year, t.title) for t in facts.titles] == [(YEAR, Title.TTLDTT)]


def test_a_collectives_facts_travel_in_the_snapshot_unchanged(world, khoi3):
    """The office's re-check reads the facts from the dossier's snapshot: a department's facts and a
    school's awaiting proposal come back exactly."""
    from office.rules.facts import facts_from_json, facts_to_json

    _send(world)
    with schema_context(world.school_a.schema_name):
        StaffStatusPeriod.objects.create(
            staff=khoi3["minh"],
            kind=StaffStatusPeriod.Kind.DISCIPLINE,
            discipline_level=DisciplineLevel.WARNING,
            starts_on=datetime.date(2025, 1, 10),
        )
        department = _facts(khoi3["department"])
        school = school_facts(
            name="Trường A", year=YEAR, school_year=SCHOOL_YEAR, on=MAY, school=world.school_a
        )
    assert school.proposed_rating == Rating.EXCELLENT and school.collective_rating is None
    for facts in (department, school):
        assert facts_from_json(facts_to_json(facts)) == facts
