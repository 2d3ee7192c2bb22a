"""The demo's year-end reports (Báo cáo tổng kết công tác thi đua, khen thưởng năm học 2024-2025):
Lê Quý Đôn's written and sent to the office, Yên Hoà's still a draft. The figures are the schools' own
data (staff, plans, registrations, rounds, initiatives, nominations and the district's June 2025
decisions); only the text is written here. The office's consolidation of these reports is its page
"Báo cáo tổng kết các trường". Loading twice changes nothing."""

from plans.year_report.models import YearReport
from plans.year_report.services import save_report, submit_report
from tenants.schemas import in_school

SCHOOL_YEAR = "2024-2025"
LEQUYDON_TEXTS = {
    "strengths": (
        "Công tác thi đua, khen thưởng được Ban giám hiệu quan tâm, chỉ đạo sát sao; kế hoạch được ban hành "
        "đúng thời hạn và triển khai đến từng tổ chuyên môn.\n"
        "- 100% cán bộ, giáo viên, nhân viên đăng ký danh hiệu thi đua ngay từ đầu năm học\n"
        "- Phong trào “Dạy tốt – học tốt” và “Xây dựng trường học thân thiện, học sinh tích cực” thu hút "
        "đông đảo giáo viên tham gia\n"
        "- Việc bình xét được tiến hành công khai, dân chủ, đúng quy trình"
    ),
    "weaknesses": (
        "- Số sáng kiến kinh nghiệm có phạm vi ảnh hưởng cấp phường, cấp thành phố còn ít\n"
        "- Một số tổ chuyên môn nộp minh chứng thành tích còn chậm so với kế hoạch"
    ),
    "directions": (
        "- Tiếp tục đẩy mạnh các phong trào thi đua gắn với đổi mới chương trình giáo dục phổ thông 2018\n"
        "- Khuyến khích giáo viên viết, áp dụng sáng kiến; phấn đấu có ít nhất 02 sáng kiến cấp phường\n"
        "- Ưu tiên khen thưởng giáo viên trực tiếp giảng dạy, tăng tỷ lệ so với năm học 2024-2025"
    ),
    "proposals": "Đề nghị UBND phường tổ chức tập huấn nghiệp vụ thi đua, khen thưởng sau khi sắp xếp đơn vị hành chính.",
}
YENHOA_TEXTS = {
    "strengths": "Nhà trường duy trì tốt phong trào “Trường mầm non xanh – an toàn – thân thiện”.",
    "weaknesses": "",
    "directions": "",
}


def load_demo(schools: dict, users: dict) -> None:
    lequydon, yenhoa = schools["lequydon"], schools["yenhoa"]
    with in_school(lequydon):
        report = YearReport.objects.filter(school_year=SCHOOL_YEAR).first()
        if report is None or report.submission_id is None:
            principal = users["lqd.hieutruong"]
            save_report(school=lequydon, school_year=SCHOOL_YEAR, texts=LEQUYDON_TEXTS, user=principal)
            submit_report(school=lequydon, school_year=SCHOOL_YEAR, user=principal)
    with in_school(yenhoa):
        if not YearReport.objects.filter(school_year=SCHOOL_YEAR).exists():
            save_report(
                school=yenhoa, school_year=SCHOOL_YEAR, texts=YENHOA_TEXTS, user=users["yh.hieutruong"]
            )
