"""The documents of a nomination dossier, from plain data: the cover letter (tờ trình) with its list
of nominees, and each nominee's achievement report (báo cáo thành tích). The school prints them
before submitting; the office prints the same from the submitted snapshot."""

import datetime
from dataclasses import dataclass, field

from reporting.official_document import (
    Appendix,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)

# The layout offices send upward (issue 5): STT, họ tên, chức vụ, đơn vị, danh hiệu/hình thức, thành tích.
LIST_HEADER = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu / hình thức", "Thành tích"]
LIST_WIDTHS_CM = [1.0, 3.6, 2.6, 3.0, 3.0, 3.3]


@dataclass(frozen=True)
class Nominee:
    full_name: str
    position: str
    unit: str
    title_label: str
    achievements: str


@dataclass(frozen=True)
class CoverLetter:
    parent_body: str
    issuing_body: str
    number: str | None
    place: str
    date: datetime.date | None
    subject: str
    recipient: str
    bases: list[str]
    request: list[str]
    nominees: list[Nominee]
    signer_title: str
    signer_name: str
    signer_prefix: str | None = None
    signer_authority: str | None = None
    recipients: list[str] = field(default_factory=list)


def nominee_rows(nominees: list[Nominee]) -> list[list[str]]:
    return [
        [str(index), n.full_name, n.position, n.unit, n.title_label, n.achievements]
        for index, n in enumerate(nominees, start=1)
    ]


def cover_letter_document(letter: CoverLetter) -> OfficialDocument:
    body = [Paragraph(f"Kính gửi: {letter.recipient}")]
    body += [Paragraph(text) for text in letter.bases]
    body += [Paragraph(text) for text in letter.request]
    body.append(Paragraph(f"(Có danh sách {len(letter.nominees)} trường hợp kèm theo.)"))
    return OfficialDocument(
        parent_body=letter.parent_body or None,
        issuing_body=letter.issuing_body,
        number=letter.number,
        place=letter.place,
        date=letter.date,
        doc_type="TỜ TRÌNH",
        title=letter.subject,
        body=body,
        closing=[Paragraph("Kính đề nghị cơ quan có thẩm quyền xem xét, quyết định./.")],
        recipients=letter.recipients or ["Như trên;", "Lưu: VT, HĐTĐKT."],
        signer=Signer(
            prefix=letter.signer_prefix,
            authority_title=letter.signer_authority,
            title=letter.signer_title,
            name=letter.signer_name,
        ),
        appendix=Appendix(
            # "Về việc đề nghị tặng …" lists "DANH SÁCH ĐỀ NGHỊ TẶNG …", not "ĐỀ NGHỊ ĐỀ NGHỊ".
            title=f"DANH SÁCH ĐỀ NGHỊ {letter.subject.upper().removeprefix('VỀ VIỆC ').removeprefix('ĐỀ NGHỊ ')}",
            subtitle=f"(Kèm theo Tờ trình số {letter.number or '…'} của {letter.issuing_body.title()})",
            table=Table(header=LIST_HEADER, rows=nominee_rows(letter.nominees), widths_cm=LIST_WIDTHS_CM),
        ),
    )


@dataclass(frozen=True)
class AchievementReport:
    """Báo cáo thành tích cá nhân (the individual report form, Mẫu số 02 in NĐ 91/2017's numbering)."""

    issuing_body: str
    parent_body: str
    place: str
    date: datetime.date | None
    title_label: str
    school_year: str
    full_name: str
    profile: list[str]  # sơ lược lý lịch, one line each
    achievements: list[str]  # the report's own text, as the nominee wrote it
    awards: list[list[str]]  # year, title/form, decision number and date, issuer


def achievement_report_document(report: AchievementReport) -> OfficialDocument:
    body = [
        Heading("SƠ LƯỢC LÝ LỊCH", 1, "I."),
        *(Paragraph(line) for line in report.profile),
        Heading("THÀNH TÍCH ĐẠT ĐƯỢC", 1, "II."),
        *(Paragraph(line) for line in report.achievements),
        Heading("CÁC DANH HIỆU, HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN", 1, "III."),
    ]
    if report.awards:
        body.append(
            Table(
                header=["Năm", "Danh hiệu / hình thức", "Số, ngày quyết định", "Cơ quan ban hành"],
                rows=report.awards,
                widths_cm=[1.8, 5.0, 4.5, 5.2],
            )
        )
    else:
        body.append(Paragraph("Chưa có."))
    return OfficialDocument(
        parent_body=report.parent_body or None,
        issuing_body=report.issuing_body,
        number=None,
        # The report is the nominee's own, not a document of the school's register: no "Số:" line (a
        # blank "Số: /" failed the format lint, rule 19). The form of NĐ 98/2023's achievement
        # report is not in DOMAIN.md: check it before relying on this.
        numbered=False,
        place=report.place,
        date=report.date,
        doc_type="BÁO CÁO THÀNH TÍCH",
        title=f"Đề nghị {report.title_label} năm học {report.school_year}",
        body=body,
        signer=Signer(prefix=None, authority_title=None, title="NGƯỜI BÁO CÁO", name=report.full_name),
    )
