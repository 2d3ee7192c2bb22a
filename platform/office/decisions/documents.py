"""The printable decision: the office's data handed as plain values to reporting's renderer."""

import re

from office.authorities.models import Authority
from office.decisions.models import Decision, DecisionLine
from office.rules.vocabulary import Title
from reporting.decision_document import AwardDecision, AwardLine, decision_document
from reporting.official_document import render_docx

# Bodies whose name on a document sits under their governing body's ("UBND QUẬN …" above "PHÒNG …").
GOVERNED_KINDS = {Authority.Kind.DISTRICT_OFFICE, Authority.Kind.WARD_OFFICE, Authority.Kind.CITY_DEPARTMENT}
PLACE_RE = re.compile(r"(?:quận|huyện|phường|xã|thị xã|thành phố|tỉnh)\s+(.+)$", re.IGNORECASE)


def place_of(authority: Authority) -> str:
    """ "UBND quận Hà Đông" → "Hà Đông": the place line of its documents."""
    match = PLACE_RE.search(authority.name)
    return match[1] if match else authority.name


def award_decision(decision: Decision, lines: list[DecisionLine]) -> AwardDecision:
    issuer = decision.issuer
    parent = issuer.parent if issuer.kind in GOVERNED_KINDS and issuer.parent_id else None
    return AwardDecision(
        parent_body=parent.name.upper() if parent else None,
        issuer_name=decision.issuer_name,
        number=decision.number,
        place=place_of(issuer),
        signed_on=decision.signed_on,
        subject=decision.subject,
        proposed_by=decision.office.name,
        school_year=decision.school_year,
        signer_title=decision.signer_title,
        signer_name=decision.signer_name,
        lines=[
            AwardLine(
                full_name=line.full_name,
                position=line.position,
                unit=line.unit or line.school.name,
                title_label=Title(line.title).label,
                achievement=line.achievement,
                collective=line.collective,
            )
            for line in lines
        ],
    )


def decision_docx_bytes(decision: Decision, lines: list[DecisionLine]) -> bytes:
    return render_docx(decision_document(award_decision(decision, lines)))
