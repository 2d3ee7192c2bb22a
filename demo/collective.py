"""Collective results in the demo: the schools' own ratings for 2024-2025 — Lê Quý Đôn's confirmed by
the ward office's specialist, Yên Hoà's still awaiting confirmation — and two departments of Lê Quý Đôn
rated by the principal and proposed for Tập thể lao động tiên tiến: Tổ khối 2 meets the conditions,
Tổ Văn phòng does not (rated only "Hoàn thành nhiệm vụ" for the late school-universalisation records)."""

from django.utils import timezone
from django_tenants.utils import schema_context

from office.rules.vocabulary import Rating, Title
from office.submissions.models import Submission
from office.submissions.services import confirm_collective_rating
from plans.emulation.models import ReviewRound
from plans.nominations import services
from plans.nominations.models import Nomination, SchoolRating
from plans.staff.models import Department

SCHOOL_YEAR = "2024-2025"
MET_DEPARTMENT = "Tổ khối 2"
NOT_MET_DEPARTMENT = "Tổ Văn phòng"
DEPARTMENT_RATINGS = {
    "Tổ khối 1": (
        Rating.GOOD,
        "Hoàn thành tốt kế hoạch dạy học, 100% học sinh hoàn thành chương trình lớp 1.",
    ),
    MET_DEPARTMENT: (
        Rating.GOOD,
        "Tổ đoàn kết, thực hiện tốt Chương trình GDPT 2018 ở lớp 2; 02 chuyên đề cấp trường.",
    ),
    "Tổ khối 3": (Rating.GOOD, "Hoàn thành tốt nhiệm vụ; tích cực đổi mới phương pháp dạy đọc."),
    "Tổ khối 4": (Rating.GOOD, "Hoàn thành tốt nhiệm vụ; 01 sáng kiến được công nhận cấp trường."),
    "Tổ khối 5": (
        Rating.EXCELLENT,
        "100% học sinh lớp 5 hoàn thành chương trình tiểu học; 03 giải cấp quận.",
    ),
    NOT_MET_DEPARTMENT: (
        Rating.COMPLETED,
        "Hồ sơ phổ cập giáo dục và sổ sách tài chính nộp chậm so với kế hoạch của nhà trường.",
    ),
}


def _lequydon(school, users) -> None:
    principal = users["lqd.hieutruong"]
    with schema_context(school.schema_name):
        if SchoolRating.objects.filter(school_year=SCHOOL_YEAR).exists():
            return
        review_round = ReviewRound.objects.filter(
            school_year=SCHOOL_YEAR, status=ReviewRound.Status.CLOSED
        ).first()
        on = timezone.localdate(review_round.meeting_at) if review_round and review_round.meeting_at else None
        row = services.send_school_rating(
            school_year=SCHOOL_YEAR,
            rating=Rating.EXCELLENT,
            note="Hoàn thành xuất sắc các chỉ tiêu của kế hoạch năm học; 100% học sinh hoàn thành chương trình; "
            "đạt chuẩn quốc gia mức độ 2 được duy trì.",
            user=principal,
            school=school,
        )
        departments = {d.name: d for d in Department.objects.all()}
        for name, (rating, note) in DEPARTMENT_RATINGS.items():
            if name in departments:
                services.rate_department(
                    departments[name],
                    school_year=SCHOOL_YEAR,
                    rating=rating,
                    note=note,
                    user=principal,
                    school=school,
                )
    confirm_collective_rating(Submission.objects.get(pk=row.submission_id), user=users["phong.chuyenvien"])
    with schema_context(school.schema_name):
        for name in (MET_DEPARTMENT, NOT_MET_DEPARTMENT):
            if name not in departments:
                continue
            nomination = services.create_nomination(
                school_year=SCHOOL_YEAR,
                staff=None,
                department=departments[name],
                title=Title.TTLDTT,
                user=principal,
                school=school,
            )
            services.run_check(nomination, school=school, user=principal, on=on)
        # The school itself (the council's TTLĐXS candidate, or a new nomination), now on its confirmed
        # rating; the province's chair decides it (routing.issuer).
        school_nomination = Nomination.objects.filter(
            school_year=SCHOOL_YEAR, staff=None, department=None, title=Title.TTLDXS
        ).first() or services.create_nomination(
            school_year=SCHOOL_YEAR, staff=None, title=Title.TTLDXS, user=principal, school=school
        )
        services.run_check(school_nomination, school=school, user=principal, on=on)


def _yenhoa(school, users) -> None:
    with schema_context(school.schema_name):
        if SchoolRating.objects.filter(school_year=SCHOOL_YEAR).exists():
            return
        services.send_school_rating(
            school_year=SCHOOL_YEAR,
            rating=Rating.GOOD,
            note="Hoàn thành tốt kế hoạch năm học; tỉ lệ trẻ suy dinh dưỡng giảm còn 1,2%.",
            user=users["yh.hieutruong"],
            school=school,
        )


def load_demo(schools: dict, users: dict) -> None:
    _lequydon(schools["lequydon"], users)
    _yenhoa(schools["yenhoa"], users)
