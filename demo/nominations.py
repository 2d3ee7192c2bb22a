"""Demo nominations and a dossier that went up, came back with the office's comments, and went up again."""

import datetime

from django.utils import timezone
from django_tenants.utils import schema_context

from office.rules.vocabulary import Title
from office.submissions.services import return_submission
from plans.emulation.models import ReviewRound
from plans.nominations import services
from plans.nominations.models import Dossier, Nomination
from plans.nominations.services import NominationError

DEMO_SCHOOL = "lequydon"


def _post_with_an_answered_objection(dossier: Dossier, *, school, users: dict, on) -> None:
    """The list posted to the staff for 5 working days after the council met; a teacher asks about
    one candidate and the council answers before the dossier goes up."""
    start = on or timezone.localdate() - datetime.timedelta(days=30)
    posting = services.publish_posting(
        dossier,
        working_days=5,
        note="Cán bộ, giáo viên, nhân viên có ý kiến về danh sách đề nghị xin gửi Hội đồng TĐKT "
        "trong thời gian công khai.",
        user=users["lqd.hieutruong"],
        school=school,
        on=start,
    )
    candidate = dossier.nominations.select_related("staff").filter(staff__isnull=False).first()
    if candidate is None:
        return
    objection = services.raise_objection(
        posting,
        candidate,
        reason=(
            f"Đề nghị Hội đồng xem lại số ngày nghỉ của {candidate.staff.full_name} trong học kỳ II "
            "(nghỉ ốm dài ngày) trước khi công nhận."
        ),
        user=users["lqd.giaovien"],
        school=school,
        on=start + datetime.timedelta(days=1),
    )
    services.answer_objection(
        objection,
        accepted=False,
        answer=(
            "Theo bảng chấm công, đồng chí nghỉ ốm 5 ngày có giấy xác nhận của cơ sở y tế và vẫn "
            "hoàn thành tốt nhiệm vụ được giao; Hội đồng giữ nguyên đề nghị."
        ),
        user=users["lqd.thuky"],
        school=school,
        on=start + datetime.timedelta(days=3),
    )


def load_demo(schools: dict, users: dict) -> None:
    school = schools[DEMO_SCHOOL]
    principal = users["lqd.hieutruong"]
    with schema_context(school.schema_name):
        if Dossier.objects.exists():
            return
        review_round = (
            ReviewRound.objects.filter(status=ReviewRound.Status.CLOSED)
            .order_by("-school_year", "-pk")
            .first()
        )
        if review_round is None:
            return
        school_year = review_round.school_year
        # The dossier of a past year is checked as on the day of its council meeting, before the
        # awards it led to were recorded in the history.
        on = timezone.localdate(review_round.meeting_at) if review_round.meeting_at else None
        services.nominations_from_review(school_year=school_year, user=principal)
        nominations = list(Nomination.objects.filter(school_year=school_year).select_related("staff"))
        for nomination in nominations:
            services.run_check(nomination, school=school, user=principal, on=on)
        # Who decides depends on the day (rule 17): the district chair before the reform of 01/07/2025.
        before_reform = on is not None and on < datetime.date(2025, 7, 1)
        dossier = services.create_dossier(
            school_year=school_year,
            subject=f"Về việc đề nghị công nhận danh hiệu thi đua năm học {school_year}",
            recipient="Chủ tịch UBND quận Hà Đông" if before_reform else "Chủ tịch UBND phường Hà Đông",
            review_round=review_round,
            addressed_to_level="chu_tich_ubnd_huyen" if before_reform else "chu_tich_ubnd_xa",
            user=principal,
        )
        services.confirm_evidence_certified(dossier, certified=True, user=principal)
        eligible = [n for n in nominations if n.verdict == Nomination.Verdict.MET][:12]
        try:
            services.add_to_dossier(dossier, eligible, school=school, user=principal, on=on)
            _post_with_an_answered_objection(dossier, school=school, users=users, on=on)
            first = services.submit_dossier(dossier, school=school, user=principal, on=on)
        except NominationError:
            return  # the demo's review data do not support a dossier; the pages still show the checks
    # The office's specialist sends it back once, so the demo shows version 2 beside the comments.
    return_submission(
        first,
        comments=[
            {
                "document": "achievement_report",
                "text": "Báo cáo thành tích cần bổ sung số liệu cụ thể của lớp chủ nhiệm.",
            },
            {"document": "cover_letter", "text": "Tờ trình ghi rõ số lượng đề nghị theo từng danh hiệu."},
        ],
        user=users["phong.chuyenvien"],
    )
    with schema_context(school.schema_name):
        for nomination in Nomination.objects.filter(dossier=dossier).select_related("staff")[:3]:
            services.update_nomination(
                nomination,
                summary=nomination.summary or "Hoàn thành tốt nhiệm vụ; tích cực tham gia phong trào thi đua",
                achievements=(nomination.achievements or "")
                + "\nLớp chủ nhiệm: 100% học sinh hoàn thành chương trình lớp học.",
                initiative=nomination.initiative,
                user=principal,
            )
        services.submit_dossier(dossier, school=school, user=principal, on=on)


def load_route_demo(schools: dict, users: dict) -> None:
    """A Bằng khen of the MOET Minister and a Giấy khen proposed at Lê Quý Đôn in the year of its
    closed review, checked as of the council's day: the Bằng khen shows each of its routes (route d
    from the award history and initiatives; the routes of Circular 29 the platform cannot know, with
    what to attach), the Giấy khen the criteria that were not found beside the rules it checks."""
    school = schools[DEMO_SCHOOL]
    principal = users["lqd.hieutruong"]
    with schema_context(school.schema_name):
        review_round = (
            ReviewRound.objects.filter(status=ReviewRound.Status.CLOSED)
            .order_by("-school_year", "-pk")
            .first()
        )
        if review_round is None:
            return
        school_year = review_round.school_year
        if Nomination.objects.filter(school_year=school_year, title__in=ROUTE_DEMO_TITLES).exists():
            return
        on = timezone.localdate(review_round.meeting_at) if review_round.meeting_at else None
        # The Bằng khen goes to someone the council made CSTĐCS this year (route d needs two years of
        # it), the Giấy khen to a teacher proposed for LĐTT only.
        proposed = Nomination.objects.filter(school_year=school_year, staff__isnull=False).select_related(
            "staff"
        )
        fighters = list(proposed.filter(title=Title.CSTDCS).values_list("staff_id", flat=True))
        chosen = {
            Title.BANG_KHEN_BO: proposed.filter(title=Title.CSTDCS).order_by("pk").first(),
            Title.GIAY_KHEN: proposed.filter(title=Title.LDTT, staff__teaches=True)
            .exclude(staff_id__in=fighters)
            .order_by("pk")
            .first(),
        }
        for title, nomination in chosen.items():
            if nomination is None:
                continue
            made = services.create_nomination(
                school_year=school_year, staff=nomination.staff, title=title, user=principal, school=school
            )
            services.run_check(made, school=school, user=principal, on=on)


ROUTE_DEMO_TITLES = (Title.BANG_KHEN_BO, Title.GIAY_KHEN)
