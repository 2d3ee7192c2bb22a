"""Schools of the test office as the dashboard sees them: rows in the public schema only (a school's
own schema is never read by the dashboard, so these schools need none)."""

import datetime

from django.utils import timezone

from office.clusters.models import Cluster, ClusterResult, ClusterSeat, Rubric, ScoringRound
from office.facts.models import OfficeDeadline, SchoolFacts
from office.submissions.models import Submission
from tenants.models import School

YEAR = "2025-2026"


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def sent(school, kind, *, on: datetime.date, status="submitted", reference=None, year=2026):
    submission = Submission.objects.create(
        school=school,
        kind=kind,
        reference=reference or f"{kind}:1",
        year=year,
        version=Submission.objects.filter(
            school=school, kind=kind, reference=reference or f"{kind}:1"
        ).count()
        + 1,
        title=f"{kind} của {school.name}",
        payload={},
        status=status,
    )
    Submission.objects.filter(pk=submission.pk).update(submitted_at=at(on))
    return submission


def add_school(office, number: int, *, level="tieu_hoc") -> School:
    return School.objects.create(
        code=f"dash{number:04d}",
        schema_name=f"dash{number:04d}",
        name=f"Trường Tổng Quan {number:04d}",
        level=level,
        authority=office,
    )


def cluster_with(office, schools, *, published=True, name="Cụm 1") -> Cluster:
    rubric, _ = Rubric.objects.get_or_create(authority=office, school_year=YEAR, name="Tiêu chí cụm")
    cluster = Cluster.objects.create(authority=office, school_year=YEAR, name=name, rubric=rubric)
    scoring = ScoringRound.objects.create(
        cluster=cluster,
        rubric=rubric,
        name="Cuối năm",
        stage=ScoringRound.Stage.PUBLISHED if published else ScoringRound.Stage.OFFICE_REVIEW,
    )
    for rank, school in enumerate(schools, start=1):
        seat = ClusterSeat.objects.create(cluster=cluster, school=school, school_year=YEAR)
        ClusterResult.objects.create(round=scoring, seat=seat, rank=rank)
    return cluster


def busy_schools(office, count: int, start: int = 1) -> list[School]:
    """`count` schools with everything a row reads: facts, plans, registrations, dossiers in every
    state, a cluster seat with a published rank."""
    schools = [
        add_school(office, start + n, level=("mam_non", "tieu_hoc", "thcs")[n % 3]) for n in range(count)
    ]
    for n, school in enumerate(schools):
        SchoolFacts.objects.create(
            school=school,
            school_year=YEAR,
            staff_total=60,
            teaching_staff=50,
            awards_total=10,
            awards_teaching=n % 11,
        )
        sent(school, "plan", on=datetime.date(2026, 1, 10))
        sent(school, "registration", on=datetime.date(2025, 11, 5))
        sent(
            school,
            "dossier",
            on=datetime.date(2026, 5, 20),
            status=("submitted", "returned", "accepted")[n % 3],
        )
    cluster_with(office, schools, name=f"Cụm {start}")
    return schools


def deadlines(office, *, today: datetime.date) -> list[OfficeDeadline]:
    return [
        OfficeDeadline.objects.create(
            authority=office,
            school_year=YEAR,
            kind="registration",
            due_on=datetime.date(2025, 10, 31),
            label="Đăng ký",
        ),
        OfficeDeadline.objects.create(
            authority=office,
            school_year=YEAR,
            kind="plan",
            due_on=datetime.date(2026, 1, 20),
            label="Kế hoạch",
        ),
        OfficeDeadline.objects.create(
            authority=office,
            school_year=YEAR,
            kind="dossier",
            due_on=today + datetime.timedelta(days=30),
            label="Hồ sơ",
        ),
    ]
