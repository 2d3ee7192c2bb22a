"""Initiatives of Trường Tiểu học A at each stage: the default rubric's points, the people who take
part in a review, and helpers that take an initiative to a stage."""

from dataclasses import dataclass
from decimal import Decimal

from plans.evidence.models import Evidence
from plans.initiatives import services
from plans.initiatives.models import Initiative
from plans.staff.models import Staff

SCHOOL_YEAR = "2025-2026"
# Points per criterion of the default rubric (Tính mới 30, Tính khoa học 20, Khả năng áp dụng 20,
# Hiệu quả 20, Hình thức trình bày 10).
GOOD = (27, 18, 18, 18, 9)  # 90
FAIR = (22, 15, 15, 14, 8)  # 74
WEAK = (15, 10, 10, 10, 5)  # 50
POOR = (10, 8, 8, 8, 4)  # 38


@dataclass
class People:
    teacher: Staff  # world.teacher_a, Tổ khối 1
    colleague_user: object  # a teacher of Tổ khối 1 with an account
    colleague: Staff
    vice: object  # vice principal, no department
    other_user: object  # a teacher of Tổ khối 2 with an account
    other: Staff
    third: object  # the council secretary


def document_for(user) -> Evidence:
    """A checked document, as if uploaded by `user` (the upload itself is tested in tests/plans/evidence)."""
    return Evidence.objects.create(
        kind=Evidence.Kind.INITIATIVE,
        key=f"schools/truonga/initiative/{Evidence.objects.count():032x}/sang-kien.pdf",
        filename="sang-kien.pdf",
        size=1000,
        sha256="0" * 64,
        content_type="application/pdf",
        status=Evidence.Status.VERIFIED,
        uploaded_by=user,
    )


def submitted_initiative(author: Staff, title="Một số biện pháp giúp học sinh lớp 2 đọc đúng, đọc hay", **kw):
    """In the school's schema: registered, with its document, submitted."""
    initiative = services.register_initiative(
        school_year=kw.pop("school_year", SCHOOL_YEAR), author=author, title=title, user=author.user, **kw
    )
    services.attach_document(initiative, document_for(author.user), user=author.user)
    return services.submit_initiative(initiative, user=author.user)


def score(review, points, *, submit=True):
    criteria = list(services.ensure_rubric(review.initiative.school_year).criteria.all())
    return services.save_review(
        review,
        points={c.pk: Decimal(p) for c, p in zip(criteria, points, strict=False)},
        submit=submit,
        user=review.reviewer,
    )


def reviewed_initiative(world, people, first=GOOD, second=GOOD, **kw) -> Initiative:
    """Submitted and scored by the vice principal and a teacher of another department."""
    initiative = submitted_initiative(people.teacher, **kw)
    for reviewer, points in ((people.vice, first), (people.other_user, second)):
        review = services.assign_reviewer(initiative, reviewer, school=world.school_a, user=world.principal_a)
        score(review, points)
    return Initiative.objects.get(pk=initiative.pk)
