"""The dossier's documents, built from the school's data and printed by the reporting renderers:
the cover letter with its list, the list as Excel, each nominee's achievement report, the minutes."""

from django.utils import timezone

from office.accounts.models import Role
from office.accounts.selectors import members_with_roles
from office.core.collation import by_person
from office.rules.vocabulary import Title
from plans.emulation.minutes import round_minutes_docx
from plans.emulation.selectors import latest_letterhead, ratings_by_year
from plans.initiatives.selectors import recognized_initiatives
from plans.nominations.models import Dossier, Nomination
from plans.staff.selectors import awards_of
from reporting.dossier_documents import (
    LIST_HEADER,
    AchievementReport,
    CoverLetter,
    Nominee,
    achievement_report_document,
    cover_letter_document,
    nominee_rows,
)
from reporting.official_document import render_docx
from reporting.spreadsheets import official_list_xlsx

LIST_WIDTHS = [6, 26, 18, 20, 28, 48]


def _principal_name(school) -> str:
    principal = members_with_roles(school, [Role.PRINCIPAL]).first()
    return principal.get_full_name() if principal else ""


def _nominee(nomination: Nomination, school) -> Nominee:
    staff = nomination.staff
    return Nominee(
        full_name=nomination.candidate_name(school.name),
        position=staff.position if staff else "",
        unit=(staff.department.name if staff and staff.department_id else school.name),
        title_label=Title(nomination.title).label,
        achievements=nomination.summary,
    )


def _nominations(dossier: Dossier) -> list[Nomination]:
    return list(
        dossier.nominations.select_related("staff__department", "department").order_by(
            "title", *by_person("staff__full_name"), "department__name", "pk"
        )
    )


def cover_letter(dossier: Dossier, school) -> CoverLetter:
    head = latest_letterhead(school)
    nominations = _nominations(dossier)
    bases = []
    if dossier.review_round_id:
        round_ = dossier.review_round
        minutes = f" số {round_.minutes_number}" if round_.minutes_number else ""
        bases.append(
            f"Căn cứ Biên bản{minutes} họp Hội đồng Thi đua – Khen thưởng {school.name} xét danh hiệu thi đua năm học {dossier.school_year};"
        )
    return CoverLetter(
        parent_body=head["parent_body"].upper(),
        issuing_body=head["issuing_body"],
        number=dossier.number or f"/TTr-{school.abbreviation}",
        place=head["place"] or "",
        date=dossier.submitted_on,
        subject=dossier.subject,
        recipient=dossier.recipient,
        bases=bases,
        request=[
            f"{school.name} kính đề nghị xét, công nhận danh hiệu thi đua và hình thức khen thưởng năm học "
            f"{dossier.school_year} cho {len(nominations):02d} trường hợp có thành tích tiêu biểu."
        ],
        nominees=[_nominee(n, school) for n in nominations],
        signer_title="HIỆU TRƯỞNG",
        signer_name=_principal_name(school),
    )


def cover_letter_docx(dossier: Dossier, school) -> bytes:
    return render_docx(cover_letter_document(cover_letter(dossier, school)))


def nominee_list_xlsx(dossier: Dossier, school) -> bytes:
    nominations = _nominations(dossier)
    return official_list_xlsx(
        heading=[
            f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM HỌC {dossier.school_year}",
            f"(Kèm theo Tờ trình số {dossier.number or '…'} của {school.name})",
        ],
        header=LIST_HEADER,
        rows=nominee_rows([_nominee(n, school) for n in nominations]),
        widths=LIST_WIDTHS,
    )


def minutes_docx(dossier: Dossier, school) -> bytes | None:
    if not dossier.review_round_id:
        return None
    return round_minutes_docx(dossier.review_round, school)


def default_achievements(nomination: Nomination) -> str:
    """A first draft of the report's "Thành tích đạt được", from what the school already knows."""
    staff = nomination.staff
    if staff is None:
        return ""
    lines = []
    ratings = ratings_by_year(staff)
    if ratings:
        lines.append(
            "Kết quả đánh giá, xếp loại: "
            + "; ".join(
                f"năm học {year - 1}-{year}: {rating.label}" for year, rating in sorted(ratings.items())
            )
            + "."
        )
    for initiative in recognized_initiatives(staff):
        lines.append(
            f"Sáng kiến “{initiative.title}” được công nhận {initiative.get_scope_display().lower()}"
            + (f" (Quyết định số {initiative.decision_number})" if initiative.decision_number else "")
            + "."
        )
    if staff.teaches:
        lines.append(
            "Trực tiếp giảng dạy, hoàn thành tốt nhiệm vụ được giao; tích cực tham gia các phong trào thi đua."
        )
    return "\n".join(lines)


def achievement_report(nomination: Nomination, school) -> AchievementReport:
    staff = nomination.staff
    head = latest_letterhead(school)
    profile = []
    awards = []
    if nomination.department_id:
        profile = [
            f"Tên tập thể: {nomination.candidate_label}",
            f"Đơn vị: {school.name}",
        ]
    if staff is not None:
        profile = [
            f"Họ và tên: {staff.full_name}",
            *([f"Ngày sinh: {staff.date_of_birth:%d/%m/%Y}"] if staff.date_of_birth else []),
            f"Chức vụ: {staff.position or 'Giáo viên'}",
            f"Đơn vị công tác: {staff.department.name + ', ' if staff.department_id else ''}{school.name}",
            *([f"Ngày vào ngành: {staff.joined_sector_on:%d/%m/%Y}"] if staff.joined_sector_on else []),
        ]
        awards = [
            [
                str(a.year),
                Title(a.title).label,
                " ngày ".join(
                    p
                    for p in (
                        a.decision_number,
                        a.decision_date.strftime("%d/%m/%Y") if a.decision_date else "",
                    )
                    if p
                ),
                a.issuer_name,
            ]
            for a in awards_of(staff)
        ]
    text = nomination.achievements or default_achievements(nomination)
    return AchievementReport(
        issuing_body=head["issuing_body"],
        parent_body=head["parent_body"].upper(),
        place=head["place"] or "",
        date=timezone.localdate(),
        title_label=Title(nomination.title).label,
        school_year=nomination.school_year,
        full_name=nomination.candidate_name(school.name),
        profile=profile,
        achievements=[line for line in text.splitlines() if line.strip()],
        awards=awards,
    )


def achievement_report_docx(nomination: Nomination, school) -> bytes:
    return render_docx(achievement_report_document(achievement_report(nomination, school)))
