"""The minutes (biên bản) of a closed review round, in the official format (Nghị định 30/2020): the
council's meeting, who attended, how it voted and the result for each candidate.

The official-document renderer prints one signature block. The minutes are signed by the chair of
the council there; the secretary, who also signs minutes, is named in the closing lines."""

import datetime

from django.db import connection
from django.utils import timezone

from plans.emulation.models import CouncilMember, ReviewRound
from plans.emulation.selectors import council_of, latest_letterhead, ranked_results
from plans.emulation.services import EmulationError
from reporting.official_document import (
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    render_docx,
)
from tenants.models import School

RESULT_WIDTHS_CM = [1.2, 4.6, 4.2, 2.2, 1.9, 2.4]


def _current_school() -> School:
    # Minutes are asked for inside a school's schema (a request on its host, or a task run there).
    return School.objects.get(schema_name=connection.schema_name)


def _time_line(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    # Written as the date line is (NĐ 30/2020): a leading zero for days below 10 and months 1 and 2.
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    return f"Vào hồi {local:%H} giờ {local:%M}, ngày {local:%d} tháng {month} năm {local.year}."


def _member_line(member: CouncilMember) -> str:
    parts = [member.full_name, member.position, member.get_role_display()]
    return " – ".join(part for part in parts if part)


def round_minutes_document(review_round: ReviewRound, school: School) -> OfficialDocument:
    if not review_round.is_closed:
        raise EmulationError("Biên bản chỉ có sau khi kết thúc đợt bình xét.")
    letterhead = latest_letterhead(school)
    council = council_of(review_round)
    chair = next((m for m in council if m.role == CouncilMember.Role.CHAIR), None)
    secretary = next((m for m in council if m.role == CouncilMember.Role.SECRETARY), None)
    results = ranked_results(review_round, school)
    meeting_at = review_round.meeting_at or review_round.closed_at
    share = f"{review_round.min_approval_share * 100:.0f}%"
    voters = max((r.total or 0) for r in results) if results else 0

    body = [
        Paragraph(_time_line(meeting_at)),
        Paragraph(f"Địa điểm: {review_round.meeting_place or school.name}."),
        Heading("THÀNH PHẦN", 1, "I."),
    ]
    if chair:
        body.append(
            Paragraph(f"Chủ trì: {chair.full_name}{f', {chair.position}' if chair.position else ''}.")
        )
    if secretary:
        body.append(
            Paragraph(
                f"Thư ký: {secretary.full_name}{f', {secretary.position}' if secretary.position else ''}."
            )
        )
    if council:
        body.append(Paragraph(f"Thành viên Hội đồng Thi đua – Khen thưởng có mặt ({len(council)} người):"))
        body.extend(Bullet(_member_line(member)) for member in council)
    body.append(Heading("NỘI DUNG", 1, "II."))
    content = review_round.content or (
        f"Hội đồng Thi đua – Khen thưởng nhà trường họp xét danh hiệu thi đua năm học {review_round.school_year} "
        "trên cơ sở đăng ký thi đua đầu năm học, kết quả đánh giá, xếp loại viên chức và thành tích của "
        "từng cá nhân, tập thể."
    )
    body.extend(Paragraph(line.strip()) for line in content.splitlines() if line.strip())
    if review_round.method == ReviewRound.Method.BALLOT:
        method = f"Hội đồng biểu quyết bằng hình thức bỏ phiếu kín; số thành viên bỏ phiếu: {voters}."
    else:
        method = "Hội đồng biểu quyết; số phiếu của từng trường hợp ghi tại bảng dưới đây."
    body.append(Paragraph(method))
    body.append(
        Paragraph(
            f"Cá nhân, tập thể được đề nghị khi đạt từ {share} số phiếu đồng ý trở lên trên tổng số người "
            "biểu quyết"
            + (
                f", với ít nhất {review_round.quorum} người tham gia biểu quyết."
                if review_round.quorum
                else "."
            )
        )
    )
    body.append(Heading("KẾT QUẢ BÌNH XÉT", 1, "III."))
    body.append(
        Table(
            header=["STT", "Họ và tên", "Danh hiệu đề nghị", "Số phiếu đồng ý", "Tỷ lệ", "Kết quả"],
            rows=[
                [
                    str(index),
                    r.candidate.display_name,
                    r.candidate.get_title_display(),
                    f"{r.agree}/{r.total}",
                    r.share_percent,
                    "Đạt" if r.passed else "Không đạt",
                ]
                for index, r in enumerate(results, start=1)
            ],
            widths_cm=RESULT_WIDTHS_CM,
        )
    )
    decided = [r for r in results if r.tied and r.priority_reason]
    if decided:
        body.append(
            Paragraph(
                "Các trường hợp bằng số phiếu được xếp theo nguyên tắc ưu tiên khi bằng nhau: "
                + "; ".join(f"{r.candidate.display_name} – {r.priority_reason}" for r in decided)
                + "."
            )
        )
    passed = [r for r in results if r.passed]
    by_title: dict[str, int] = {}
    for r in passed:
        by_title[r.candidate.get_title_display()] = by_title.get(r.candidate.get_title_display(), 0) + 1
    summary = "; ".join(f"{label}: {count}" for label, count in by_title.items()) or "không có trường hợp nào"
    body.append(Paragraph(f"Hội đồng thống nhất đề nghị công nhận: {summary}."))

    closing = [
        Paragraph(
            "Cuộc họp kết thúc cùng ngày. Biên bản đã được đọc lại trước Hội đồng và được các thành viên "
            "nhất trí thông qua."
        )
    ]
    if secretary:
        closing.append(Paragraph(f"Thư ký Hội đồng: {secretary.full_name}."))
    meeting_day = timezone.localdate(meeting_at)
    return OfficialDocument(
        parent_body=letterhead["parent_body"] or None,
        issuing_body=letterhead["issuing_body"],
        number=review_round.minutes_number or None,
        place=review_round.locality or letterhead["place"] or "Hà Nội",
        date=meeting_day,
        doc_type="BIÊN BẢN",
        title=f"Họp Hội đồng Thi đua – Khen thưởng xét danh hiệu thi đua năm học {review_round.school_year}",
        body=body,
        closing=closing,
        recipients=["Hồ sơ đề nghị khen thưởng;", "Lưu: VT, HĐTĐKT."],
        signer=Signer(prefix=None, authority_title=None, title="CHỦ TỊCH HỘI ĐỒNG", name=chair.full_name)
        if chair
        else None,
    )


def round_minutes_docx(review_round: ReviewRound, school: School | None = None) -> bytes:
    """The minutes of a closed round as a Word file, for the download and for a nomination dossier."""
    return render_docx(round_minutes_document(review_round, school or _current_school()))
