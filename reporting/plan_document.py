"""A plan snapshot (plain data, as plans.planning.selectors.plan_snapshot builds it and as the office
receives it) turned into the official document the renderers print."""

import datetime
import re

from reporting.official_document import (
    Appendix,
    Heading,
    OfficialDocument,
    Signer,
    Table,
    line_blocks,
)

# A recipient as typed in the editor may keep its dash ("- Phòng GDĐT"); the renderers print their own.
RECIPIENT_DASH_RE = re.compile(r"^[-–—+•]\s*")
TIMELINE_WIDTHS_CM = [3.5, 13.0]
TIMELINE_WIDTHS_WITH_OWNER_CM = [3.0, 10.0, 3.5]
DEFAULT_COLUMNS = {"month": "Thời gian", "content": "Nội dung công việc", "owner": "Người thực hiện"}


def _sections(sections: list[dict], level: int = 1) -> list:
    blocks = []
    for section in sections:
        blocks.append(Heading(section["heading"], min(level, 4), section["marker"]))
        blocks.extend(line_blocks(section["body"]))
        blocks.extend(_sections(section["children"], level + 1))
    return blocks


def _column_titles(snapshot: dict, with_owner: bool) -> list[str]:
    """The appendix table's titles as the school wrote them, in the order month, content, owner."""
    written = {column["role"]: column["title"] for column in snapshot.get("timeline_columns") or []}
    roles = ["month", "content", "owner"] if with_owner else ["month", "content"]
    return [written.get(role, DEFAULT_COLUMNS[role]) for role in roles]


def _timeline_rows(snapshot: dict, with_owner: bool) -> list[list[str]]:
    """One row per month, or with an owner column one row per run of tasks with the same owner, so each
    owner stands beside its own tasks rather than inside the content cell."""
    rows = []
    for month in snapshot["timeline"]:
        label = f"Tháng {month['month']:02d}/{month['year']}"
        owners = month.get("owners") or [""] * len(month["tasks"])
        runs: list[tuple[str, list[str]]] = []
        for task, owner in zip(month["tasks"], owners, strict=True):
            if with_owner and runs and runs[-1][0] == owner:
                runs[-1][1].append(task)
            elif with_owner or not runs:
                runs.append((owner, [task]))
            else:
                runs[-1][1].append(task)
        for owner, tasks in runs:
            content = "\n".join(f"- {task}" for task in tasks)
            rows.append([label, content, owner] if with_owner else [label, content])
    return rows


def _appendix(snapshot: dict) -> Appendix | None:
    """The timeline on a page of its own; printed as soon as the plan has a heading for it, even before
    it has tasks, so that an imported appendix never disappears from the document."""
    if not snapshot["timeline"] and not snapshot["timeline_heading"]:
        return None
    heading = snapshot["timeline_heading"] or [f"PHỤ LỤC TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH NĂM {snapshot['year']}"]
    with_owner = any(owner for month in snapshot["timeline"] for owner in month.get("owners") or [])
    return Appendix(
        title=heading[0],
        subtitle="\n".join(heading[1:]) or None,
        table=Table(
            header=_column_titles(snapshot, with_owner),
            rows=_timeline_rows(snapshot, with_owner),
            widths_cm=TIMELINE_WIDTHS_WITH_OWNER_CM if with_owner else TIMELINE_WIDTHS_CM,
        ),
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
        preamble=line_blocks(snapshot["basis_paragraphs"]) + line_blocks(snapshot["intro"]),
        body=_sections(snapshot["sections"]),
        # Lines of an imported file that found no place are printed after the closing: dropped, they would
        # be lost from the document without anyone noticing (the editor lists them with a warning).
        closing=line_blocks(snapshot["closing"]) + line_blocks(snapshot.get("extra_lines") or []),
        recipients=[RECIPIENT_DASH_RE.sub("", recipient) for recipient in snapshot["recipients"]],
        signer=Signer(
            prefix=signer["prefix"] or None,
            authority_title=signer["authority"] or None,
            title=signer["title"],
            name=signer["name"],
            note=signer.get("note") or None,
        )
        if signer["name"] or signer["title"]
        else None,
        appendix=_appendix(snapshot),
        issuer_abbreviation=snapshot.get("issuer_abbreviation") or "",
    )
