import datetime

import pytest
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.decisions import services
from office.decisions.models import DecisionLine
from office.submissions.models import Submission
from office.submissions.services import accept_submission, submit
from plans.nominations.models import Nomination
from plans.staff.models import Staff
from tests.conftest import PASSWORD

SCHOOL_YEAR = "2024-2025"


@pytest.fixture
def head(world):
    user = ensure_user(username="truongphong", full_name="Vũ Văn Trưởng", password=PASSWORD)
    grant_office_role(user, world.office, Role.OFFICE_HEAD)
    return user


def nominees_of(school, staff_titles):
    """Nominations in the school's schema and the dossier snapshot's nominee rows for them."""
    rows = []
    with schema_context(school.schema_name):
        for staff, title in staff_titles:
            nomination = Nomination.objects.create(school_year=SCHOOL_YEAR, staff=staff, title=title)
            rows.append(
                {
                    "nomination": nomination.pk,
                    "full_name": staff.full_name if staff else school.name,
                    "position": staff.position if staff else "",
                    "unit": school.name,
                    "gender": staff.gender if staff else None,
                    "teaches": staff.teaches if staff else None,
                    "title": title,
                    "title_label": title,
                    "summary": "Hoàn thành tốt nhiệm vụ năm học",
                    "achievements": "",
                }
            )
    return rows


def accepted_dossier(world, school, staff_titles, *, user=None, reference="dossier:1") -> Submission:
    submission = submit(
        school=school,
        kind=Submission.Kind.DOSSIER,
        reference=reference,
        year=2025,
        title="Hồ sơ đề nghị khen thưởng",
        payload={"school_year": SCHOOL_YEAR, "nominees": nominees_of(school, staff_titles)},
        user=user,
    )
    # Each school's dossier is approved by a specialist of its own office.
    reviewer = world.other_specialist if school == world.school_b else world.specialist
    return accept_submission(submission, user=reviewer)


@pytest.fixture
def school_a_staff(world):
    with schema_context(world.school_a.schema_name):
        return {s.full_name: s for s in Staff.objects.all()}


@pytest.fixture
def dossier_a(world, school_a_staff):
    people = [
        (school_a_staff["Nguyễn Thị An"], "cstdcs"),
        (school_a_staff["Giáo Viên Trường A"], "ldtt"),
        (None, "ttldtt"),
    ]
    return accepted_dossier(world, world.school_a, people, user=world.principal_a)


def draft(world, user, **overrides):
    fields = {
        "issuer": world.office,
        "number": "125/QĐ-PGDĐT",
        "signed_on": datetime.date(2025, 6, 20),
        "signer_title": "Trưởng phòng",
        "signer_name": "Vũ Văn Trưởng",
        "subject": "Về việc công nhận danh hiệu thi đua năm học 2024-2025",
        "school_year": SCHOOL_YEAR,
    }
    fields.update(overrides)
    return services.create_decision(user=user, **fields)


def decision_with_lines(head, world, *, number: str, people, signer_name: str):
    """A recorded 2024–2025 decision of the office awarding LĐTT to `people` of school A, one line each
    (the delivery tests, whose worker writes the lines into the school)."""
    decision = services.create_decision(
        user=head,
        issuer=world.office,
        number=number,
        signed_on=datetime.date(2025, 6, 20),
        signer_title="Trưởng phòng",
        signer_name=signer_name,
        subject="Về việc công nhận danh hiệu Lao động tiên tiến",
        school_year="2024-2025",
    )
    DecisionLine.objects.bulk_create(
        DecisionLine(
            decision=decision,
            school=world.school_a,
            staff_ref=person.pk,
            full_name=person.full_name,
            unit=world.school_a.name,
            title="ldtt",
        )
        for person in people
    )
    return decision
