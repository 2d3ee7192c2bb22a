"""The cluster's proposal for Cờ thi đua as a tờ trình in the official format (NĐ 30/2020): the
recorded proposal handed as plain values to reporting's renderer, with the list of proposed schools."""

from django.utils import timezone

from office.clusters.models import FlagProposal
from office.clusters.scoring import format_points
from office.decisions.documents import place_of
from reporting.dossier_documents import CoverLetter, Nominee, cover_letter_document
from reporting.official_document import render_docx


def flag_proposal_letter(proposal: FlagProposal) -> CoverLetter:
    cluster, scoring_round = proposal.cluster, proposal.round
    authority = cluster.authority
    published = scoring_round.published_at
    ranking = f"{scoring_round.name}" + (
        f", công bố ngày {timezone.localdate(published):%d/%m/%Y}" if published else ""
    )
    request = [
        f"Căn cứ kết quả chấm điểm, xếp hạng thi đua năm học {proposal.school_year} của {cluster.name} "
        f"({ranking}), {cluster.name} kính đề nghị {authority.name} xem xét, trình cấp có thẩm quyền tặng:"
    ]
    request += [
        f"- {e['label']}: {e['school_name']} (xếp hạng {e['rank']}, tổng điểm {format_points(e['total'])});"
        for e in proposal.entries
    ]
    request += list(proposal.ties)
    if proposal.note:
        request.append(proposal.note)
    leader = proposal.recorded_by if proposal.recorded_as == FlagProposal.RecordedAs.LEADER else None
    return CoverLetter(
        parent_body=authority.name.upper(),
        issuing_body=cluster.name.upper(),
        number=None,
        place=place_of(authority),
        date=timezone.localdate(proposal.recorded_at),
        subject=f"Về việc đề nghị tặng Cờ thi đua năm học {proposal.school_year}",
        recipient=authority.name,
        bases=[f"Căn cứ {proposal.basis};"],
        request=request,
        nominees=[
            Nominee(
                full_name=e["school_name"],
                position=f"Xếp hạng {e['rank']}",
                unit=cluster.name,
                title_label=e["label"],
                achievements=f"Tổng điểm thi đua {format_points(e['total'])}",
            )
            for e in proposal.entries
        ],
        signer_prefix="TM.",
        signer_authority=cluster.name.upper(),
        signer_title="CỤM TRƯỞNG",
        signer_name=(leader.full_name if leader is not None else "") or "",
        recipients=["Như trên;", "Các trường trong cụm;", "Lưu: VT, Cụm."],
    )


def flag_proposal_docx(proposal: FlagProposal) -> bytes:
    return render_docx(cover_letter_document(flag_proposal_letter(proposal)))
