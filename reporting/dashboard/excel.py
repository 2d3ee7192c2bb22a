"""The dashboard as an Excel workbook: the rows and columns shown, in the order shown."""

from reporting.dashboard.figures import Dashboard
from reporting.spreadsheets import official_list_xlsx


def _yes_no(value: bool) -> str:
    return "Đã gửi" if value else "Chưa gửi"


def _share(value: float | None) -> str:
    return f"{value * 100:.0f}%" if value is not None else ""


def dashboard_xlsx(dashboard: Dashboard, *, office_name: str, filters: list[str]) -> bytes:
    deadline_headers = [f"{d.label} (hạn {d.due_on:%d/%m/%Y})" for d in dashboard.deadlines]
    header = [
        "STT",
        "Trường",
        "Cấp học",
        "Cụm thi đua",
        "Xếp hạng trong cụm",
        "Kế hoạch TĐKT",
        "Danh sách đăng ký thi đua",
        "Sáng kiến được công nhận",
        "Hồ sơ đang soạn",
        "Hồ sơ chờ thẩm định",
        "Hồ sơ bị trả lại",
        "Hồ sơ đã tiếp nhận",
        "Hồ sơ đã chuyển cấp trên",
        "Tỷ lệ khen thưởng giáo viên trực tiếp giảng dạy",
        *deadline_headers,
        "Số hạn nộp bị trễ",
    ]
    by_deadline = {d.pk: index for index, d in enumerate(dashboard.deadlines)}
    rows = []
    for number, row in enumerate(dashboard.rows, start=1):
        cells = [""] * len(dashboard.deadlines)
        for cell in row.deadlines:
            sent = f" ({cell.sent_on:%d/%m/%Y})" if cell.sent_on else ""
            cells[by_deadline[cell.deadline_id]] = cell.label + sent
        rows.append(
            [
                number,
                row.name,
                row.level_label,
                row.cluster_name,
                row.cluster_rank if row.cluster_rank is not None else "",
                "Đã ban hành" if row.plan_issued else "Chưa gửi",
                _yes_no(row.registration_submitted),
                row.initiatives_recognised,
                row.dossiers_draft,
                row.dossiers_submitted,
                row.dossiers_returned,
                row.dossiers_accepted,
                row.dossiers_forwarded,
                _share(row.teaching_award_share),
                *cells,
                row.late_count,
            ]
        )
    heading = [
        office_name.upper(),
        f"TỔNG HỢP THI ĐUA – KHEN THƯỞNG CÁC TRƯỜNG NĂM HỌC {dashboard.school_year}",
    ]
    if filters:
        heading.append("Lọc: " + "; ".join(filters))
    widths = [6, 34, 14, 22, 10, 14, 14, 12, 10, 10, 10, 10, 10, 16, *[18] * len(deadline_headers), 10]
    return official_list_xlsx(heading=heading, header=header, rows=rows, widths=widths)
