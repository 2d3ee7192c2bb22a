"""Submissions as the schools' own code sends them, for the office's review tests (pages and browser):
a plan issued twice by the real planning services, and a registration list in the shape
plans.emulation.selectors.registration_payload gives it."""

from django_tenants.utils import schema_context

from office.submissions.models import Submission
from plans.planning import services as plan_services
from plans.planning.plan_import import import_plan
from tests.factories.plans import LE_QUY_DON, every_difference, seed_bytes

NEW_LINE = "Phấn đấu 100% tổ chuyên môn đăng ký danh hiệu Tập thể lao động tiên tiến."


def issued_twice(world):
    """Lê Quý Đôn's seed plan issued by school A (version 1), then revised: the first section with two lines gets a
    new line and its first line dropped, and issued again (version 2)."""
    school = world.school_a
    with schema_context(school.schema_name):
        parsed = import_plan(LE_QUY_DON.name, seed_bytes(LE_QUY_DON))
        plan = plan_services.create_plan_from_import(
            parsed, school=school, filename=LE_QUY_DON.name, encoding="utf-8", user=world.principal_a
        )
        # Another school's plan file: its differences with school A are confirmed (the checks before
        # issuing are tests/plans/planning/test_plan_checks.py's subject, not this one's).
        first = plan_services.issue_plan(
            plan, school=school, user=world.principal_a, confirm=every_difference(plan, school)
        )
        revision = plan_services.revise_plan(first, user=world.principal_a)
        section = next(s for s in revision.sections.order_by("position", "pk") if len(s.body_lines()) > 1)
        old_lines = section.body_lines()
        plan_services.update_section(
            section,
            heading=section.heading,
            body="\n".join([*old_lines[1:], NEW_LINE]),
            user=world.principal_a,
        )
        plan_services.issue_plan(
            revision, school=school, user=world.principal_a, confirm=every_difference(revision, school)
        )
    versions = Submission.objects.for_school(school).filter(kind=Submission.Kind.PLAN).order_by("version")
    return versions[0], versions[1], section.heading, old_lines[0]


def registration_payload(school_year="2025-2026") -> dict:
    """As plans.emulation.selectors.registration_payload builds it."""

    def row(stt, name, position, department, title, forms=(), teaches=True):
        labels = {"ldtt": "Lao động tiên tiến", "cstdcs": "Chiến sĩ thi đua cơ sở", "giay_khen": "Giấy khen"}
        return {
            "stt": stt,
            "full_name": name,
            "position": position,
            "department": department,
            "title": title,
            "title_label": labels[title],
            "forms": list(forms),
            "form_labels": [labels[f] for f in forms],
            "teaches": teaches,
        }

    return {
        "school_year": school_year,
        "deadline": "2025-10-15",
        "collective": {
            "title": "ttldtt",
            "title_label": "Tập thể lao động tiên tiến",
            "forms": ["giay_khen"],
            "form_labels": ["Giấy khen"],
        },
        "rows": [
            row(1, "Nguyễn Thị Hoa", "Tổ trưởng", "Tổ khối 1", "cstdcs", ["giay_khen"]),
            row(2, "Trần Văn Bình", "Giáo viên", "Tổ khối 1", "ldtt"),
            row(3, "Lê Thị Cúc", "Giáo viên", "Tổ khối 1", "ldtt"),
            row(4, "Phạm Văn Dũng", "Kế toán", "Tổ Văn phòng", "ldtt", teaches=False),
            row(5, "Vũ Thị Én", "Nhân viên", "", "ldtt", teaches=False),
        ],
    }
