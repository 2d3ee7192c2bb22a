"""The demo data of the register and the award history: believable, crossing the 2025 reform with
the issuers' names of the day, and idempotent."""

import datetime

from django.utils import timezone
from django_tenants.utils import schema_context

from demo.staff import load_demo
from office.audit.models import AuditEvent
from office.rules.vocabulary import DisciplineLevel, Title
from plans.staff.models import AwardRecord, Staff, StaffStatusPeriod
from plans.staff.selectors import active_restrictions
from plans.staff.services import add_staff_member


def counts(school) -> tuple:
    with schema_context(school.schema_name):
        return AwardRecord.objects.count(), StaffStatusPeriod.objects.count(), AuditEvent.objects.count()


def test_the_demo_fills_the_register_and_six_years_of_awards_once(world):
    with schema_context(world.school_a.schema_name):
        add_staff_member(
            full_name="Lê Minh Anh", gender="nu", department_name="Tổ khối 1", user=world.teacher_a
        )
        for index in range(12):
            add_staff_member(full_name=f"Giáo Viên Số {index}", gender="nu", department_name="Tổ khối 2")
    schools = {"lequydon": world.school_a, "yenhoa": world.school_b}
    users = {
        "lqd.hieutruong": world.principal_a,
        "lqd.giaovien": world.teacher_a,
        "yh.hieutruong": world.principal_b,
    }
    load_demo(schools, users)
    first = counts(world.school_a), counts(world.school_b)
    load_demo(schools, users)
    assert (counts(world.school_a), counts(world.school_b)) == first  # a second load adds nothing

    today = timezone.localdate()
    last_year = today.year if today >= datetime.date(today.year, 8, 15) else today.year - 1
    with schema_context(world.school_a.schema_name):
        assert not Staff.objects.filter(date_of_birth__isnull=True).exists()
        assert not Staff.objects.filter(joined_sector_on__isnull=True).exists()
        anh = Staff.objects.get(user_id=world.teacher_a.pk)
        titles = {(a.year, a.title): a.issuer_name for a in anh.awards.all()}
        assert {year for year, title in titles if title == Title.LDTT} == set(range(2021, last_year + 1))
        assert {year for year, title in titles if title == Title.CSTDCS} == {2024, 2025}
        assert titles[(2024, Title.CSTDCS)] == "UBND quận Hà Đông"
        assert titles[(2025, Title.CSTDCS)] == "UBND phường Hà Đông"
        collective = {a.year: a.title for a in AwardRecord.objects.filter(staff__isnull=True)}
        assert collective[2024] == Title.TTLDXS and collective[2023] == Title.TTLDTT
        assert AwardRecord.objects.filter(
            title=Title.GIAY_KHEN, issuer_name__startswith="Hiệu trưởng"
        ).exists()
        mother = Staff.objects.get(status=Staff.Status.MATERNITY)
        assert mother.status_periods.get().kind == StaffStatusPeriod.Kind.MATERNITY
        reprimand = StaffStatusPeriod.objects.get(kind=StaffStatusPeriod.Kind.DISCIPLINE)
        assert reprimand.discipline_level == DisciplineLevel.REPRIMAND and reprimand.ends_on.year == 2024
        assert active_restrictions(reprimand.staff, today) == []
        assert not reprimand.staff.awards.filter(title=Title.LDTT, year__in=[2023, 2024]).exists()
        investigated = StaffStatusPeriod.objects.get(kind=StaffStatusPeriod.Kind.INVESTIGATION).staff
        assert [p.kind for p in active_restrictions(investigated, today)] == [
            StaffStatusPeriod.Kind.INVESTIGATION
        ]
    with schema_context(world.school_b.schema_name):
        issuers = set(AwardRecord.objects.filter(year=2025).values_list("issuer_name", flat=True))
        assert "UBND phường Yên Nghĩa" in issuers and "UBND quận Hà Đông" not in issuers
