"""A school year's worth of nominations in Trường Tiểu học A: rated staff, a recognised initiative,
a closed review round, and a dossier submitted to the office."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from office.rules.vocabulary import Rating, Scope, Title
from plans.emulation.models import ReviewCandidate, ReviewRound, StaffRating, VoteCount
from plans.evidence.models import Evidence
from plans.initiatives.models import Initiative
from plans.nominations import services
from plans.nominations.models import Nomination
from plans.staff.models import AwardRecord, Staff

SCHOOL_YEAR = "2025-2026"


def rate(staff, school_year, rating):
    StaffRating.objects.create(staff=staff, school_year=school_year, rating=rating)


def teacher(name, **fields):
    fields.setdefault("joined_sector_on", datetime.date(2010, 9, 1))
    return Staff.objects.create(full_name=name, gender="nu", position="Giáo viên", **fields)


def recognized_initiative(staff, school_year=SCHOOL_YEAR):
    return Initiative.objects.create(
        school_year=school_year,
        author=staff,
        title="Một số biện pháp giúp học sinh lớp 2 đọc đúng, đọc hay",
        status=Initiative.Status.DECIDED,
        recognized=True,
        scope=Scope.SCHOOL,
        grade="Tốt",
        decision_number="15/QĐ-THA",
        decision_date=datetime.date(2026, 4, 20),
    )


def closed_round(candidates):
    review_round = ReviewRound.objects.create(
        school_year=SCHOOL_YEAR,
        name="Bình xét thi đua năm học 2025-2026",
        method=ReviewRound.Method.COUNTS,
        min_approval_share="0.5",
        status=ReviewRound.Status.OPEN,
    )
    for staff, title, agree in candidates:
        candidate = ReviewCandidate.objects.create(round=review_round, staff=staff, title=title)
        VoteCount.objects.create(candidate=candidate, agree=agree, disagree=15 - agree, total_voters=15)
    review_round.status = ReviewRound.Status.CLOSED
    review_round.closed_at = timezone.now()
    review_round.save()
    return review_round


@pytest.fixture
def school_year_data(world):
    """Lê Minh Anh: LĐTT material and an excellent rating with a recognised initiative (CSTĐCS met).
    Trần Bình: rated only "Hoàn thành nhiệm vụ" (LĐTT refused, with the reason)."""
    with schema_context(world.school_a.schema_name):
        anh = teacher("Lê Minh Anh")
        binh = teacher("Trần Thị Bình")
        rate(anh, SCHOOL_YEAR, Rating.EXCELLENT)
        rate(binh, SCHOOL_YEAR, Rating.COMPLETED)
        AwardRecord.objects.create(
            staff=anh,
            year=2025,
            school_year="2024-2025",
            title=Title.LDTT,
            decision_number="45/QĐ-THA",
            decision_date=datetime.date(2025, 6, 1),
            issuer_name="Hiệu trưởng Trường Tiểu học A",
        )
        initiative = recognized_initiative(anh)
        review_round = closed_round([(anh, Title.LDTT, 14), (anh, Title.CSTDCS, 13), (binh, Title.LDTT, 9)])
        return {"anh": anh, "binh": binh, "initiative": initiative, "round": review_round}


def post_and_wait(dossier, world, *, days_ago=30):
    """Post the dossier's list to the staff for 5 working days that ended before today."""
    return services.publish_posting(
        dossier,
        working_days=5,
        user=world.principal_a,
        school=world.school_a,
        on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def submitted_dossier(world, data):
    services.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a)
    anh = data["anh"]
    cstdcs = Nomination.objects.get(staff=anh, title=Title.CSTDCS)
    services.update_nomination(
        cstdcs,
        summary="Hoàn thành xuất sắc nhiệm vụ; sáng kiến cấp cơ sở",
        achievements="Chủ nhiệm lớp 2A1.",
        initiative=data["initiative"],
        user=world.principal_a,
    )
    ldtt = Nomination.objects.get(staff=anh, title=Title.LDTT)
    services.update_nomination(
        ldtt,
        summary="Hoàn thành xuất sắc nhiệm vụ",
        achievements="Chủ nhiệm lớp 2A1.",
        initiative=None,
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
    evidence = Evidence.objects.create(
        kind=Evidence.Kind.DOSSIER,
        key="schools/truonga/dossier/" + "0" * 32 + "/qd.pdf",
        filename="qd.pdf",
        size=1234,
        sha256="ab" * 32,
        content_type="application/pdf",
        status=Evidence.Status.VERIFIED,
        uploaded_by=world.principal_a,
    )
    services.attach_evidence(
        dossier, evidence, label="Quyết định công nhận sáng kiến", nomination=cstdcs, user=world.principal_a
    )
    world.school_a.abbreviation = "THA"
    post_and_wait(dossier, world)
    submission = services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
    return dossier, submission, cstdcs
