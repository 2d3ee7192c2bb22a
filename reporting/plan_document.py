"""A plan snapshot (plain data, as plans.planning.selectors.plan_snapshot builds it and as the office
receives it) turned into the official document the renderers print."""

import datetime
import re

from reporting.official_document import (
    Appendix,
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)

BULLET_LINE_RE = re.compile(r"^(?P<symbol>[-+•*–])\s+(?P<text>\S.*)$")
TIMELINE_WIDTHS_CM = [3.5, 13.0]


def _paragraphs(lines: list[str]) -> list:
    blocks = []
    for line in lines:
        bullet = BULLET_LINE_RE.match(line)
        blocks.append(Bullet(bullet["text"], bullet["symbol"]) if bullet else Paragraph(line))
    return blocks


def _sections(sections: list[dict], level: int = 1) -> list:
    blocks = []
    for section in sections:
        blocks.append(Heading(section["heading"], min(level, 4), section["marker"]))
        blocks.extend(_paragraphs(section["body"]))
        blocks.extend(_sections(section["children"], level + 1))
    return blocks


def _appendix(snapshot: dict) -> Appendix | None:
    if not snapshot["timeline"]:
        return None
    heading = snapshot["timeline_heading"] or [f"PHỤ LỤC TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH NĂM {snapshot['year']}"]
    rows = [
        [f"Tháng {month['month']:02d}/{month['year']}", "\n".join(f"- {task}" for task in month["tasks"])]
        for month in snapshot["timeline"]
    ]
    return Appendix(
        title=heading[0],
        subtitle=" ".join(heading[1:]) or None,
        table=Table(header=["Thời gian", "Nội dung công việc"], rows=rows, widths_cm=TIMELINE_WIDTHS_CM),
    )


def plan_official_document(snapshot: dict) -> OfficialDocument:
    signer = snapshot["signer"]
    issued_on = snapshot["issued_on"]
    return OfficialDocument(
        parent_body=snapshot["parent_body"] or None,
        issuing_body=snapshot["issuing_body"],
        number=snapshot["number"] or None,
        place=snapshot["place"],
        date=datetime.date.fromisoformat(issued_on) if issued_on else None,
        doc_type=snapshot["doc_type"],
        title=snapshot["title"],
        preamble=_paragraphs(snapshot["basis_paragraphs"]) + _paragraphs(snapshot["intro"]),
        body=_sections(snapshot["sections"]),
        closing=_paragraphs(snapshot["closing"]),
        recipients=snapshot["recipients"],
        signer=Signer(
            prefix=signer["prefix"] or None,
            authority_title=signer["authority"] or None,
            title=signer["title"],
            name=signer["name"],
        )
        if signer["name"] or signer["title"]
        else None,
        appendix=_appendix(snapshot),
    )
