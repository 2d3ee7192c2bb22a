"""SchoolFacts are kept current by the school-side services that move them, inside their transaction,
and the refresh command recounts schools whose data came in another way."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from office.core.school_years import current_school_year
from office.facts.models import SchoolFacts
from office.facts.services import record_school_facts
from plans.emulation import services as emulation
from plans.initiatives import services as initiatives
from plans.initiatives.models import Initiative
from plans.nominations import services as nominations
from plans.nominations.models import Nomination
from plans.staff import services as people
from plans.staff.models import AwardRecord, Department, Staff

YEAR = "2025-2026"


def facts(school, school_year=YEAR) -> SchoolFacts:
    return SchoolFacts.objects.get(school=school, school_year=school_year)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def in_a(world):
    with schema_context(world.school_a.schema_name):
        yield


def test_staff_changes_move_the_staff_counters_of_the_current_year(world, in_a):
    clerk = people.create_staff(
        user=world.principal_a, full_name="Đỗ Thị Văn Thư", gender="nu", teaches=False
    )
    after = facts(world.school_a, current_school_year())
    assert after.staff_total == Staff.objects.exclude(status="left").count() == 3
    assert after.teaching_staff == 2
    people.update_staff(clerk, user=world.principal_a, teaches=True)
    assert facts(world.school_a, current_school_year()).teaching_staff == 3
    people.update_staff(
        clerk, user=world.principal_a, status=Staff.Status.LEFT, left_school_on=timezone.localdate()
    )
    assert facts(world.school_a, current_school_year()).staff_total == 2
    # School B's facts are its own.
    assert not SchoolFacts.objects.filter(school=world.school_b, staff_total=3).exists()


def test_a_registration_changes_the_counts_and_the_submission_is_recorded(world, in_a):
    teacher = Staff.objects.get(full_name="Giáo Viên Trường A")
    campaign = emulation.open_campaign(
        school_year=YEAR, opens_on=days(-5), deadline=days(5), user=world.principal_a
    )
    registration = emulation.register(
        campaign, teacher, title="ldtt", user=world.principal_a, as_manager=True
    )
    assert (facts(world.school_a).registrations_total, facts(world.school_a).registrations_pending) == (1, 1)
    emulation.review_registration(registration, approve=True, user=world.principal_a)
    assert (facts(world.school_a).registrations_total, facts(world.school_a).registrations_pending) == (1, 0)
    assert facts(world.school_a).registration_submitted is False
    emulation.submit_registrations(campaign, school=world.school_a, user=world.principal_a)
    assert facts(world.school_a).registration_submitted is True


def test_awards_count_those_to_teaching_staff_apart(world, in_a):
    teacher = Staff.objects.get(full_name="Giáo Viên Trường A")
    clerk = people.create_staff(
        user=world.principal_a, full_name="Đỗ Thị Văn Thư", gender="nu", teaches=False
    )
    common = {"user": world.principal_a, "issuer_name": "Hiệu trưởng", "school_year": YEAR}
    people.add_award(staff=teacher, title="ldtt", **common)
    award = people.add_award(staff=clerk, title="ldtt", **common)
    people.add_award(staff=None, title="ttldtt", **common)  # the collective's own title is not counted
    row = facts(world.school_a)
    assert (row.awards_total, row.awards_teaching) == (2, 1)
    assert row.teaching_award_share == 0.5
    people.update_award(award, user=world.principal_a, school_year="2024-2025")
    assert (facts(world.school_a).awards_total, facts(world.school_a, "2024-2025").awards_total) == (1, 1)
    people.delete_award(AwardRecord.objects.get(pk=award.pk), user=world.principal_a)
    assert facts(world.school_a, "2024-2025").awards_total == 0


def test_nominations_and_draft_dossiers_are_counted(world, in_a):
    teacher = Staff.objects.get(full_name="Giáo Viên Trường A")
    nomination = nominations.create_nomination(
        school_year=YEAR, staff=teacher, title="ldtt", user=world.principal_a
    )
    assert (facts(world.school_a).nominations_total, facts(world.school_a).nominations_unchecked) == (1, 1)
    nominations.run_check(nomination, school=world.school_a, user=world.principal_a)
    verdict = Nomination.objects.get(pk=nomination.pk).verdict
    row = facts(world.school_a)
    assert row.nominations_met + row.nominations_not_met + row.nominations_unchecked == 1
    assert row.nominations_met == (verdict == "met")
    nominations.create_dossier(
        school_year=YEAR,
        subject="Đề nghị công nhận",
        recipient="Phòng GDĐT",
        review_round=None,
        user=world.principal_a,
    )
    assert facts(world.school_a).dossiers_draft == 1
    nominations.delete_nomination(Nomination.objects.get(pk=nomination.pk), user=world.principal_a)
    assert facts(world.school_a).nominations_total == 0


def test_a_recognised_initiative_is_counted_when_decided(world, in_a):
    from office.accounts.models import Role
    from office.accounts.services import ensure_user, grant_school_role
    from plans.evidence.models import Evidence

    vice = ensure_user(username="phohieutruong.a", full_name="Đỗ Thị Phó")
    other_user = ensure_user(username="khactonguoi.a", full_name="Ngô Văn Khác Tổ")
    grant_school_role(vice, world.school_a, Role.VICE_PRINCIPAL)
    grant_school_role(other_user, world.school_a, Role.STAFF)
    khoi1, _ = Department.objects.get_or_create(name="Tổ khối 1")
    khoi2, _ = Department.objects.get_or_create(name="Tổ khối 2")
    author = Staff.objects.create(
        full_name="Trần Văn Ánh", gender="nam", department=khoi1, user=world.teacher_a
    )
    Staff.objects.create(full_name="Ngô Văn Khác Tổ", gender="nam", department=khoi2, user=other_user)
    Staff.objects.create(full_name="Đỗ Thị Phó", gender="nu", user=vice)
    initiative = initiatives.register_initiative(
        school_year=YEAR, author=author, title="Biện pháp đọc đúng, đọc hay", user=world.teacher_a
    )
    document = Evidence.objects.create(
        kind=Evidence.Kind.INITIATIVE,
        key="schools/truonga/initiative/0/sang-kien.pdf",
        filename="sang-kien.pdf",
        size=1000,
        sha256="0" * 64,
        content_type="application/pdf",
        status=Evidence.Status.VERIFIED,
        uploaded_by=world.teacher_a,
    )
    initiatives.attach_document(initiative, document, user=world.teacher_a)
    initiatives.submit_initiative(initiative, user=world.teacher_a)
    criteria = list(initiatives.ensure_rubric(YEAR).criteria.all())
    for reviewer in (vice, other_user):
        review = initiatives.assign_reviewer(
            initiative, reviewer, school=world.school_a, user=world.principal_a
        )
        initiatives.save_review(
            review,
            points={c.pk: Decimal(p) for c, p in zip(criteria, (27, 18, 18, 18, 9), strict=False)},
            submit=True,
            user=reviewer,
        )
    assert not SchoolFacts.objects.filter(school=world.school_a, school_year=YEAR, initiatives_recognised=1)
    initiatives.decide_initiative(
        Initiative.objects.get(pk=initiative.pk),
        recognized=True,
        scope="co_so",
        decision_number="45/QĐ-THA",
        decision_date=days(0),
        user=world.principal_a,
    )
    assert facts(world.school_a).initiatives_recognised == 1


def test_the_refresh_command_recounts_data_that_came_in_another_way(world):
    with schema_context(world.school_a.schema_name):
        teacher = Staff.objects.get(full_name="Giáo Viên Trường A")
        # Written behind the services' back, as data loaded before SchoolFacts existed.
        Nomination.objects.create(school_year="2024-2025", staff=teacher, title="ldtt")
        AwardRecord.objects.create(
            staff=teacher, year=2025, school_year="2024-2025", title="ldtt", issuer_name="X"
        )
    assert not SchoolFacts.objects.filter(school=world.school_a, school_year="2024-2025").exists()
    call_command("refresh_school_facts", "--school", "truonga", verbosity=0)
    row = facts(world.school_a, "2024-2025")
    assert (row.nominations_total, row.awards_total, row.awards_teaching, row.staff_total) == (1, 1, 1, 2)
    assert not SchoolFacts.objects.filter(school=world.school_b, school_year="2024-2025").exists()
    call_command("refresh_school_facts", verbosity=0)
    assert facts(world.school_b, current_school_year()).staff_total == 2
    with pytest.raises(CommandError, match="Không có trường"):
        call_command("refresh_school_facts", "--school", "khongco")


def test_record_school_facts_refuses_an_unknown_counter(world):
    with pytest.raises(ValueError, match="unknown"):
        record_school_facts(world.school_a, YEAR, lambda: {"bogus": 1})
    assert not SchoolFacts.objects.filter(school=world.school_a, school_year=YEAR).exists()
