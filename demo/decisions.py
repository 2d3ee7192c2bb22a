"""Demo decisions of UBND quận Hà Đông, signed in June 2025 before the district level ended: the
titles of 2024-2025 for Lê Quý Đôn's accepted dossier, and Giấy khen for the district's best
teachers of two schools. Both are recorded by the office head and delivered into the schools'
award histories in this process (`deliver` is the school-side delivery, handed in by the caller,
because the office never imports the school side). Loading twice changes nothing."""

import datetime

from office.authorities.models import Authority
from office.decisions import services
from office.decisions.delivery import delivery_instructions
from office.decisions.models import Decision, DecisionDelivery
from office.decisions.selectors import decidable_dossiers
from office.submissions.models import Submission
from office.submissions.services import accept_submission
from tenants.schemas import in_school

ISSUER = "ubnd-hadong"
SCHOOL_YEAR = "2024-2025"
SIGNER = {"signer_title": "KT. Chủ tịch – Phó Chủ tịch", "signer_name": "Đỗ Mạnh Cường"}
# (username, title) when Lê Quý Đôn has no dossier the office could accept.
TITLES_BY_HAND = (("lqd.giaovien", "cstdcs"), ("lqd.thuky", "ldtt"))
BEST_TEACHERS = ("lqd.giaovien", "lqd.thuky", "yh.giaovien")


def _accept_waiting_dossier(school, specialist) -> None:
    waiting = (
        Submission.objects.for_school(school)
        .filter(
            kind=Submission.Kind.DOSSIER, status=Submission.Status.SUBMITTED, payload__school_year=SCHOOL_YEAR
        )
        .order_by("-version")
        .first()
    )
    if waiting is not None:
        accept_submission(waiting, user=specialist)


def _titles_decision(issuer, schools, users) -> Decision:
    specialist = users["phong.chuyenvien"]
    lequydon = schools["lequydon"]
    _accept_waiting_dossier(lequydon, specialist)
    decision = services.create_decision(
        user=specialist,
        issuer=issuer,
        number="1520/QĐ-UBND",
        signed_on=datetime.date(2025, 6, 20),
        subject=f"Về việc công nhận danh hiệu thi đua năm học {SCHOOL_YEAR}",
        school_year=SCHOOL_YEAR,
        **SIGNER,
    )
    dossiers = list(decidable_dossiers(specialist, school_year=SCHOOL_YEAR, school_code=lequydon.code)[:1])
    if dossiers:
        services.add_lines_from_dossiers(decision, user=specialist, submission_ids=[dossiers[0].pk])
    else:
        for username, title in TITLES_BY_HAND:
            services.add_line(
                decision,
                user=specialist,
                school=lequydon,
                full_name=users[username].full_name,
                title=title,
                unit=lequydon.name,
                achievement="Hoàn thành xuất sắc nhiệm vụ năm học",
            )
    return decision


def _best_teachers_decision(issuer, schools, users) -> Decision:
    specialist = users["phong.chuyenvien"]
    decision = services.create_decision(
        user=specialist,
        issuer=issuer,
        number="1498/QĐ-UBND",
        signed_on=datetime.date(2025, 6, 10),
        subject=f"Về việc tặng Giấy khen cho giáo viên đạt giải Giáo viên dạy giỏi cấp quận năm học {SCHOOL_YEAR}",
        school_year=SCHOOL_YEAR,
        **SIGNER,
    )
    for username in BEST_TEACHERS:
        school = schools["lequydon" if username.startswith("lqd.") else "yenhoa"]
        services.add_line(
            decision,
            user=specialist,
            school=school,
            full_name=users[username].full_name,
            title="giay_khen",
            position="Giáo viên",
            unit=school.name,
            achievement="Đạt giải Giáo viên dạy giỏi cấp quận",
        )
    return decision


def load_demo(schools: dict, users: dict, *, deliver) -> None:
    issuer = Authority.objects.filter(code=ISSUER).first()
    if issuer is None or not {"lequydon", "yenhoa"} <= set(schools):
        return
    for number, build in (("1498/QĐ-UBND", _best_teachers_decision), ("1520/QĐ-UBND", _titles_decision)):
        decision = Decision.objects.filter(issuer=issuer, year=2025, number=number).first()
        if decision is None:
            decision = build(issuer, schools, users)
        if decision.state == Decision.State.DRAFT and decision.lines.exists():
            services.record_decision(decision, user=users["phong.lanhdao"], enqueue=False)
        for delivery in decision.deliveries.exclude(state=DecisionDelivery.State.DONE).select_related(
            "school"
        ):
            instructions = delivery_instructions(delivery)
            with in_school(delivery.school):
                deliver(instructions)
