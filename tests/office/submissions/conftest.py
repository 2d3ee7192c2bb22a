"""Submissions as the schools send them, for the office's review tests."""

import pytest

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.submissions.models import Submission
from office.submissions.services import submit
from tests.factories.nominations import school_year_data  # noqa: F401 - the fixture, for the re-check


def dossier_payload(school, *, nominees=None, evidence=None, school_year="2025-2026") -> dict:
    return {
        "school": {"code": school.code, "name": school.name},
        "school_year": school_year,
        "number": "12/TTr-THA",
        "date": "2026-05-20",
        "subject": f"Về việc đề nghị công nhận danh hiệu thi đua năm học {school_year}",
        "recipient": "Chủ tịch UBND phường Thử nghiệm",
        "review_round": {"id": 1, "name": "Họp xét thi đua cuối năm"},
        "nominees": nominees
        if nominees is not None
        else [
            {
                "nomination": 1,
                "full_name": "Giáo Viên Trường A",
                "position": "Giáo viên",
                "unit": "Tổ khối 1",
                "teaches": True,
                "title": "cstdcs",
                "title_label": "Chiến sĩ thi đua cơ sở",
                "summary": "Sáng kiến đọc đúng, đọc hay",
                "achievements": "Lớp 2A1: 32/32 học sinh hoàn thành tốt.",
                "initiative": {"id": 3, "title": "Một số biện pháp giúp học sinh đọc đúng"},
                "verdict": "unknown",
                "check_report": [
                    {
                        "code": "cstdcs.ldtt",
                        "name": "Đạt Lao động tiên tiến cùng năm",
                        "status": "met",
                        "reason": "Đủ điều kiện Lao động tiên tiến.",
                        "article": "Điều 23 Luật TĐKT 2022",
                    },
                    {
                        "code": "cstdcs.initiative",
                        "name": "Có sáng kiến được công nhận",
                        "status": "unknown",
                        "reason": "Chưa có quyết định công nhận sáng kiến.",
                        "article": "Điều 23.1 Luật TĐKT 2022",
                    },
                ],
            },
            {
                "nomination": 2,
                "full_name": "Nguyễn Thị An",
                "position": "Hiệu trưởng",
                "unit": school.name,
                "teaches": False,
                "title": "ldtt",
                "title_label": "Lao động tiên tiến",
                "summary": "Hoàn thành tốt nhiệm vụ",
                "achievements": "",
                "initiative": None,
                "verdict": "met",
                "check_report": [],
            },
        ],
        "documents": ["cover_letter", "nominee_list", "minutes", "achievement_reports"],
        "evidence": evidence or [],
    }


@pytest.fixture
def send(world):
    """`send(school=…, reference=…, kind=…, payload=…, title=…)`: a school's new version for the office."""

    def make(
        school=None,
        *,
        reference="dossier:1",
        kind=Submission.Kind.DOSSIER,
        payload=None,
        title=None,
        year=2026,
    ):
        school = school or world.school_a
        return submit(
            school=school,
            kind=kind,
            reference=reference,
            year=year,
            title=title or f"Tờ trình – Hồ sơ đề nghị khen thưởng – {school.name}",
            payload=payload if payload is not None else dossier_payload(school),
            user=world.principal_a,
        )

    return make


@pytest.fixture
def head(world):
    """The office head of t-office: the one who may unapprove."""
    user = ensure_user(username="lanhdao", full_name="Vũ Thị Lãnh Đạo", password=None)
    grant_office_role(user, world.office, Role.OFFICE_HEAD)
    return user
