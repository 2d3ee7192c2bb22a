"""An award decision (quyết định khen thưởng) in the official format, from plain data: the legal
bases, the articles, and the list of people and collectives as an appendix table in the layout
offices use (STT, họ tên, chức vụ, đơn vị, danh hiệu/hình thức, thành tích)."""

import datetime
import re
from dataclasses import dataclass

from reporting.dossier_documents import LIST_HEADER, LIST_WIDTHS_CM
from reporting.official_document import Appendix, OfficialDocument, Paragraph, Signer, Table

REFORM_DAY = datetime.date(2025, 7, 1)  # NĐ 152/2025 applies to decisions from this day
# "KT. Chủ tịch – Phó Chủ tịch": the prefix, whom the signer signs for, and the signer's own title.
SIGNER_RE = re.compile(
    r"^(?P<prefix>TM|KT|Q|TL|TUQ)\.\s*(?P<authority>.+?)\s*[–-]\s*(?P<title>.+)$", re.IGNORECASE
)


@dataclass(frozen=True)
class AwardLine:
    full_name: str
    position: str
    unit: str
    title_label: str
    achievement: str
    collective: bool


@dataclass(frozen=True)
class AwardDecision:
    parent_body: str | None
    issuer_name: str
    number: str
    place: str
    signed_on: datetime.date
    subject: str
    proposed_by: str
    school_year: str
    signer_title: str
    signer_name: str
    lines: list[AwardLine]


def _bases(decision: AwardDecision) -> list[Paragraph]:
    bases = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"]
    if decision.signed_on >= REFORM_DAY:
        bases.append(
            "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định về phân cấp, phân quyền "
            "trong lĩnh vực thi đua, khen thưởng;"
        )
    else:
        bases.append(
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
            "thi hành một số điều của Luật Thi đua, khen thưởng;"
        )
    bases.append(f"Xét đề nghị của {decision.proposed_by}.")
    return [Paragraph(text) for text in bases]


def signer_of(signer_title: str, name: str) -> Signer:
    match = SIGNER_RE.match(signer_title.strip())
    if match:
        return Signer(
            prefix=f"{match['prefix'].upper()}.",
            authority_title=match["authority"],
            title=match["title"],
            name=name,
        )
    return Signer(prefix=None, authority_title=None, title=signer_title, name=name)


def decision_document(decision: AwardDecision) -> OfficialDocument:
    people = sum(1 for line in decision.lines if not line.collective)
    collectives = len(decision.lines) - people
    counted = " và ".join(
        part
        for part in (f"{people} cá nhân" if people else "", f"{collectives} tập thể" if collectives else "")
        if part
    )
    body = [
        Paragraph("QUYẾT ĐỊNH:"),
        Paragraph(
            f"Điều 1. Công nhận danh hiệu thi đua, tặng hình thức khen thưởng năm học {decision.school_year} "
            f"cho {counted or 'các cá nhân, tập thể'} có tên trong danh sách kèm theo, "
            "đã có thành tích trong phong trào thi đua."
        ),
        Paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
        Paragraph(
            f"Điều 3. Thủ trưởng các đơn vị có liên quan, {decision.proposed_by} và các cá nhân, tập thể "
            "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
        ),
    ]
    rows = [
        [str(index), line.full_name, line.position, line.unit, line.title_label, line.achievement]
        for index, line in enumerate(decision.lines, start=1)
    ]
    return OfficialDocument(
        parent_body=decision.parent_body,
        issuing_body=decision.issuer_name.upper(),
        number=decision.number,
        place=decision.place,
        date=decision.signed_on,
        doc_type="QUYẾT ĐỊNH",
        title=decision.subject,
        preamble=_bases(decision),
        body=body,
        recipients=["Như Điều 3;", "Lưu: VT."],
        signer=signer_of(decision.signer_title, decision.signer_name),
        appendix=Appendix(
            title="DANH SÁCH KHEN THƯỞNG",
            subtitle=f"(Kèm theo Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y} "
            f"của {decision.issuer_name})",
            table=Table(header=LIST_HEADER, rows=rows, widths_cm=LIST_WIDTHS_CM),
        ),
    )
