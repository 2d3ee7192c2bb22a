"""The demo's review inbox: the Lê Quý Đôn dossier (returned once, corrected as version 2) approved by
the office's specialist, a Yên Hoà dossier waiting for review, and a Lê Lợi dossier returned with
comments. Plans and registration lists sent by the school demos appear beside them under their kinds.

Yên Hoà's and Lê Lợi's dossiers are sent as snapshots straight to the office (the office side does not
build schools' data); loading twice changes nothing."""

from django.utils import timezone

from office.submissions.models import Submission
from office.submissions.services import accept_submission, return_submission, submit

CHECKS_MET = [
    {
        "code": "ldtt.rating",
        "name": "Xếp loại đánh giá từ Hoàn thành tốt nhiệm vụ trở lên",
        "status": "met",
        "reason": "Năm học được đánh giá Hoàn thành tốt nhiệm vụ.",
        "article": "Điều 24 Luật Thi đua, khen thưởng 2022",
    },
    {
        "code": "ldtt.service",
        "name": "Công tác đủ 6 tháng trở lên trong năm",
        "status": "met",
        "reason": "Công tác cả năm học.",
        "article": "Nghị định 98/2023/NĐ-CP, Điều 4",
    },
]
CHECK_INITIATIVE = {
    "code": "cstdcs.initiative",
    "name": "Có sáng kiến được công nhận cấp cơ sở hoặc Hoàn thành xuất sắc nhiệm vụ",
    "status": "met",
    "reason": "Sáng kiến được Hội đồng sáng kiến nhà trường công nhận.",
    "article": "Điều 23 Luật Thi đua, khen thưởng 2022",
}
CHECK_UNKNOWN = {
    "code": "cstdcs.initiative",
    "name": "Có sáng kiến được công nhận cấp cơ sở hoặc Hoàn thành xuất sắc nhiệm vụ",
    "status": "unknown",
    "reason": "Chưa có quyết định công nhận sáng kiến trong hồ sơ.",
    "article": "Điều 23 Luật Thi đua, khen thưởng 2022",
}

# (school code, its principal, nominees: full name, position, unit, title, title label, summary)
DEMO_DOSSIERS = {
    "yenhoa": (
        "yh.hieutruong",
        [
            (
                "Dương Thị Hiền",
                "Hiệu trưởng",
                "Trường Mầm non Yên Hoà",
                "cstdcs",
                "Chiến sĩ thi đua cơ sở",
                "Chỉ đạo xây dựng trường học hạnh phúc; sáng kiến về tổ chức hoạt động trải nghiệm.",
            ),
            (
                "Hoàng Thị Ngọc",
                "Giáo viên",
                "Tổ Mẫu giáo lớn",
                "ldtt",
                "Lao động tiên tiến",
                "Hoàn thành tốt nhiệm vụ; lớp đạt chuẩn an toàn, 100% trẻ đạt yêu cầu phát triển.",
            ),
            (
                "Nguyễn Thu Trang",
                "Giáo viên",
                "Tổ Mẫu giáo nhỡ",
                "ldtt",
                "Lao động tiên tiến",
                "Hoàn thành tốt nhiệm vụ; giải Nhì hội thi giáo viên dạy giỏi cấp trường.",
            ),
        ],
    ),
    "leloi": (
        "ll.hieutruong",
        [
            (
                "Phạm Quang Minh",
                "Giáo viên",
                "Tổ Toán – Tin",
                "cstdcs",
                "Chiến sĩ thi đua cơ sở",
                "Bồi dưỡng học sinh giỏi Toán đạt 3 giải cấp thành phố.",
            ),
            (
                "Lê Thị Thu Hà",
                "Giáo viên",
                "Tổ Ngữ văn",
                "ldtt",
                "Lao động tiên tiến",
                "Hoàn thành tốt nhiệm vụ; tỉ lệ học sinh khá giỏi môn Ngữ văn đạt 82%.",
            ),
        ],
    ),
}


def _snapshot(school, school_year: str, number: str, nominees) -> dict:
    return {
        "school": {"code": school.code, "name": school.name},
        "school_year": school_year,
        "number": number,
        "date": timezone.localdate().isoformat(),
        "subject": f"Về việc đề nghị công nhận danh hiệu thi đua năm học {school_year}",
        "recipient": "Chủ tịch UBND phường Hà Đông",
        "review_round": {"id": 1, "name": f"Họp xét thi đua cuối năm học {school_year}"},
        "nominees": [
            {
                "nomination": index,
                "full_name": name,
                "position": position,
                "unit": unit,
                "teaches": position == "Giáo viên",
                "gender": None,
                "title": title,
                "title_label": label,
                "summary": summary,
                "achievements": summary,
                "initiative": None,
                "verdict": "met" if title == "ldtt" or school.code == "yenhoa" else "unknown",
                "check_report": CHECKS_MET
                + (
                    [CHECK_INITIATIVE if school.code == "yenhoa" else CHECK_UNKNOWN]
                    if title == "cstdcs"
                    else []
                ),
            }
            for index, (name, position, unit, title, label, summary) in enumerate(nominees, start=1)
        ],
        "documents": ["cover_letter", "nominee_list", "minutes", "achievement_reports"],
        "evidence": [],
    }


def load_demo(schools: dict, users: dict) -> None:
    specialist = users["phong.chuyenvien"]
    lqd = (
        Submission.objects.for_school(schools["lequydon"])
        .filter(kind=Submission.Kind.DOSSIER)
        .order_by("-version")
        .first()
    )
    if lqd is not None and lqd.status == Submission.Status.SUBMITTED and not lqd.unapproved_count:
        accept_submission(lqd, user=specialist)
    school_year = lqd.payload.get("school_year") if lqd else None
    if not school_year:
        end = timezone.localdate().year if timezone.localdate().month >= 6 else timezone.localdate().year - 1
        school_year = f"{end - 1}-{end}"
    year = int(school_year[-4:])
    for code, (principal, nominees) in DEMO_DOSSIERS.items():
        school = schools[code]
        reference = "dossier:demo"
        if (
            Submission.objects.for_school(school)
            .filter(kind=Submission.Kind.DOSSIER, reference=reference)
            .exists()
        ):
            continue
        sent = submit(
            school=school,
            kind=Submission.Kind.DOSSIER,
            reference=reference,
            year=year,
            title=f"Tờ trình 15/TTr-{school.abbreviation or school.code.upper()} – Về việc đề nghị công nhận "
            f"danh hiệu thi đua năm học {school_year}",
            payload=_snapshot(
                school, school_year, f"15/TTr-{school.abbreviation or school.code.upper()}", nominees
            ),
            user=users[principal],
        )
        if code == "leloi":
            return_submission(
                sent,
                comments=[
                    {
                        "document": "achievement_reports",
                        "text": "Báo cáo thành tích của đ/c Phạm Quang Minh thiếu quyết định công nhận sáng kiến.",
                    },
                    {
                        "document": "minutes",
                        "text": "Biên bản họp chưa ghi kết quả bỏ phiếu của từng trường hợp.",
                    },
                ],
                user=specialist,
            )
