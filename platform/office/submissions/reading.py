"""How each kind of submission reads to the office (thẩm định). A snapshot is plain JSON written by the
school's side; a reviewer must read it as the document it is: a plan as the printed plan with what
changed since its previous version, a registration list as a table by department and title, a
cluster self-assessment as the rubric with the school's points, notes and evidence. One reader per
kind, registered in READERS; a kind without its own reader still reads as plain Vietnamese.

Readers are selectors: they read the snapshot and the public schema only, never a school's schema
(DESIGN.md §3 rule 1), and each costs a fixed number of queries whatever the size of the snapshot."""

import datetime
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.text import slugify

from office.authorities.selectors import authority_chain
from office.clusters.models import Criterion, ScoringRound
from office.clusters.selectors import rubric_criteria
from office.facts.models import OfficeDeadline
from office.rules.vocabulary import Rating, Title
from office.submissions import selectors
from office.submissions.models import Submission
from reporting.official_document import OfficialDocument
from reporting.plan_document import plan_official_document
from reporting.year_report_document import TEXT_LABELS, complete_snapshot

ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Reading:
    """What the review page shows for one submission: the template of its kind and what it needs."""

    template: str
    context: dict = field(default_factory=dict)


def vn_date(value) -> str:
    """dd/mm/yyyy from a date or an ISO string of the snapshot; "" when there is none."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str) and ISO_DATE_RE.match(value):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else ""


def vn_points(value) -> str:
    """Points as Vietnamese write them: 8,5 and 10 (not 8.50 and 10.00)."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    return f"{number.normalize():f}".replace(".", ",")


def title_label(code: str, label: str = "") -> str:
    """A title's name: the snapshot's own label, else the rules catalogue's, never the code."""
    if label:
        return label
    return Title(code).label if code in Title.values else "Danh hiệu khác"


# --- Deadline -----------------------------------------------------------------------------------------


def school_year_of(submission: Submission) -> str:
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    return str(payload.get("school_year") or f"{submission.year - 1}-{submission.year}")


def deadline_state(submission: Submission) -> dict | None:
    """Whether this version came in by the office's deadline for its kind and school year (the office
    of the school or one above it; the last date set wins, as an extension does). None without one."""
    deadline = (
        OfficeDeadline.objects.filter(
            authority_id__in=[a.pk for a in authority_chain(submission.school.authority)],
            school_year=school_year_of(submission),
            kind=submission.kind,
        )
        .order_by("-due_on")
        .first()
    )
    if deadline is None:
        return None
    sent_on = timezone.localtime(submission.submitted_at).date()
    late_days = (sent_on - deadline.due_on).days
    return {
        "due_on": vn_date(deadline.due_on),
        "label": deadline.label,
        "late": late_days > 0,
        "text": f"Nộp muộn {late_days} ngày" if late_days > 0 else "Đúng hạn",
    }


# --- Plan ---------------------------------------------------------------------------------------------

PLAN_DEFAULTS = {
    "doc_type": "KẾ HOẠCH",
    "parent_body": "",
    "issuing_body": "",
    "number": "",
    "place": "",
    "issued_on": None,
    "title": "",
    "year": None,
    "basis_paragraphs": [],
    "bases": [],
    "intro": [],
    "sections": [],
    "targets": [],
    "movements": [],
    "timeline_heading": [],
    "timeline": [],
    "closing": [],
    "recipients": [],
    "extra_lines": [],
}
SIGNER_DEFAULTS = {"prefix": "", "authority": "", "title": "", "name": "", "note": ""}


def complete_plan_snapshot(payload: dict, *, year: int) -> dict:
    """The snapshot with every key the document builder reads: an older or hand-made snapshot that
    lacks some still prints, with those parts empty."""
    snapshot = {**PLAN_DEFAULTS, "year": year, **(payload if isinstance(payload, dict) else {})}
    snapshot["signer"] = {**SIGNER_DEFAULTS, **(snapshot.get("signer") or {})}
    snapshot["sections"] = [_complete_section(s) for s in snapshot["sections"] or []]
    return snapshot


def _complete_section(section: dict) -> dict:
    return {
        "marker": section.get("marker") or "",
        "heading": section.get("heading") or "",
        "body": list(section.get("body") or []),
        "children": [_complete_section(c) for c in section.get("children") or []],
    }


def plan_document(submission: Submission) -> OfficialDocument:
    """The submitted plan as the official document, built by the same code as the school's print
    preview, DOCX and PDF (reporting.plan_document), from the snapshot alone."""
    return plan_official_document(complete_plan_snapshot(submission.payload, year=submission.year))


def plan_filename(submission: Submission, fmt: str) -> str:
    """An ASCII name that survives e-mail and old Windows: Ke-hoach-12-KH-THLQD-2026-lan-2.docx."""
    number = str((submission.payload or {}).get("number") or "")
    slug = slugify(number.replace("/", "-").replace("Đ", "D").replace("đ", "d")) or "khong-so"
    return f"Ke-hoach-{slug}-{submission.year}-lan-{submission.version}.{fmt}"


@dataclass(frozen=True)
class PlanPart:
    """One part of a plan as a reader compares it: a section (named by its headings from the top) or
    a part of the frame (bases, timeline, recipients…), with its lines of text."""

    key: str
    label: str
    lines: tuple[str, ...]


def _squash(text: str) -> str:
    return " ".join(str(text).split())


def plan_parts(snapshot: dict) -> list[PlanPart]:
    signer = snapshot["signer"]
    frame = [
        _squash(line)
        for line in (
            f"Số: {snapshot['number']}" if snapshot["number"] else "",
            f"Ngày ban hành: {vn_date(snapshot['issued_on'])}" if snapshot["issued_on"] else "",
            f"Tên kế hoạch: {snapshot['title']}",
            f"Cơ quan ban hành: {snapshot['issuing_body']}",
            f"Người ký: {signer['prefix']} {signer['title']} {signer['name']}",
        )
        if line
    ]
    parts = [PlanPart("frame", "Thông tin văn bản", tuple(frame))]
    parts.append(
        PlanPart(
            "bases", "Căn cứ", tuple(_squash(x) for x in snapshot["basis_paragraphs"] + snapshot["intro"])
        )
    )
    parts.extend(_section_parts(snapshot["sections"], ()))
    timeline = [
        f"Tháng {month.get('month'):02d}/{month.get('year')}: {_squash(task)}"
        for month in snapshot["timeline"]
        for task in month.get("tasks") or []
    ]
    parts.append(PlanPart("timeline", "Phụ lục tiến độ thực hiện", tuple(timeline)))
    parts.append(
        PlanPart("closing", "Tổ chức thực hiện, kết thúc", tuple(_squash(x) for x in snapshot["closing"]))
    )
    parts.append(PlanPart("recipients", "Nơi nhận", tuple(_squash(x) for x in snapshot["recipients"])))
    return parts


def _section_parts(
    sections: list[dict], path: tuple[str, ...], labels: tuple[str, ...] = ()
) -> list[PlanPart]:
    parts = []
    for section in sections:
        # Sections are matched across versions by their headings' text without the numbering, so a
        # section renumbered by an insertion above it is not reported as removed and added; the
        # label names it with its numbering and its parents, as the reader finds it in the document.
        here = (*path, _squash(section["heading"]).casefold())
        named = (*labels, _squash(f"{section['marker']} {section['heading']}"))
        body = tuple(_squash(line) for line in section["body"] if line.strip())
        parts.append(PlanPart(" › ".join(here), " › ".join(named), body))
        parts.extend(_section_parts(section["children"], here, named))
    return parts


@dataclass(frozen=True)
class PartChange:
    label: str
    state: str  # "added", "removed", "changed"
    lines: list[tuple[str, str]]  # ("+", text) added, ("-", text) removed


def plan_changes(older: dict, newer: dict) -> list[PartChange]:
    """What changed between two versions of a plan, part by part: parts added or removed whole, and
    for the others the lines removed and added (difflib)."""
    old = {p.key: p for p in plan_parts(older)}
    new = {p.key: p for p in plan_parts(newer)}
    changes = []
    for key, part in new.items():
        if key not in old:
            changes.append(PartChange(part.label, "added", [("+", line) for line in part.lines]))
        elif old[key].lines != part.lines:
            changes.append(PartChange(part.label, "changed", _line_changes(old[key].lines, part.lines)))
    for key, part in old.items():
        if key not in new:
            changes.append(PartChange(part.label, "removed", [("-", line) for line in part.lines]))
    return changes


def _line_changes(old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple[str, str]]:
    lines = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        lines += [("-", line) for line in old[a1:a2]]
        lines += [("+", line) for line in new[b1:b2]]
    return lines


def read_plan(submission: Submission, previous: Submission | None) -> Reading:
    snapshot = complete_plan_snapshot(submission.payload, year=submission.year)
    signer = snapshot["signer"]
    return Reading(
        "submissions/kinds/plan.html",
        {
            "number": snapshot["number"],
            "issued_on": vn_date(snapshot["issued_on"]),
            "issuing_body": snapshot["issuing_body"],
            "signer": _squash(f"{signer['prefix']} {signer['title']} {signer['name']}"),
            "sections": len(snapshot["sections"]),
            "tasks": sum(len(m.get("tasks") or []) for m in snapshot["timeline"]),
            "previous": previous,
            "changes": plan_changes(complete_plan_snapshot(previous.payload, year=previous.year), snapshot)
            if previous
            else None,
        },
    )


# --- Registration list ----------------------------------------------------------------------------

TITLE_ORDER = {code: index for index, code in enumerate(Title.values)}
NO_DEPARTMENT = "Chưa xếp tổ"


def read_registration(submission: Submission, previous: Submission | None) -> Reading:
    """The list by department (tổ) and, inside each, by title, with the count of each title."""
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    rows = [
        {
            "number": row.get("stt") or index,
            "full_name": row.get("full_name", ""),
            "position": row.get("position", ""),
            "title": row.get("title", ""),
            "title_label": title_label(row.get("title", ""), row.get("title_label", "")),
            "forms": ", ".join(row.get("form_labels") or [title_label(c) for c in row.get("forms") or []]),
            "teaches": "Có" if row.get("teaches") else "",
            "department": row.get("department") or NO_DEPARTMENT,
        }
        for index, row in enumerate(payload.get("rows") or [], start=1)
    ]
    departments: dict[str, dict[str, list]] = {}
    for row in rows:
        departments.setdefault(row["department"], {}).setdefault(row["title_label"], []).append(row)
    order = {row["title_label"]: TITLE_ORDER.get(row["title"], len(TITLE_ORDER)) for row in rows}
    groups = [
        {
            "department": name,
            "count": sum(len(r) for r in titles.values()),
            "titles": [
                {"label": label, "rows": titles[label]} for label in sorted(titles, key=lambda x: order[x])
            ],
        }
        for name, titles in departments.items()
    ]
    counts: dict[str, int] = {}
    for row in sorted(rows, key=lambda r: order[r["title_label"]]):
        counts[row["title_label"]] = counts.get(row["title_label"], 0) + 1
    collective = payload.get("collective") or None
    return Reading(
        "submissions/kinds/registration.html",
        {
            "school_year": payload.get("school_year", ""),
            "staff_deadline": vn_date(payload.get("deadline")),
            "groups": groups,
            "counts": list(counts.items()),
            "total": len(rows),
            "teaching": sum(1 for r in rows if r["teaches"]),
            "collective": {
                "title": title_label(collective.get("title", ""), collective.get("title_label", "")),
                "forms": ", ".join(
                    collective.get("form_labels") or [title_label(c) for c in collective.get("forms") or []]
                ),
            }
            if collective
            else None,
        },
    )


# --- Cluster self-assessment ------------------------------------------------------------------------


def read_self_assessment(submission: Submission, previous: Submission | None) -> Reading:
    """The rubric as the school scored it: each group, each criterion with its maximum, the school's
    points, note and evidence (downloaded through the review's checked evidence view)."""
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    scoring_round = (
        ScoringRound.objects.filter(pk=payload.get("round")).select_related("cluster", "rubric").first()
    )
    given = {item.get("criterion"): item for item in payload.get("items") or []}
    evidence: dict = {}
    for file in selectors.snapshot_evidence(submission):
        evidence.setdefault(file["criterion"], []).append(file)
    criteria = rubric_criteria(scoring_round.rubric) if scoring_round else []
    groups: list[dict] = []
    total = Decimal(0)
    for criterion in criteria:
        if not groups or groups[-1]["group"] != criterion.group:
            groups.append({"group": criterion.group, "name": str(criterion.group), "rows": []})
        item = given.pop(criterion.pk, None) or {}
        points = _decimal(item.get("points"))
        total += -points if criterion.kind == Criterion.Kind.PENALTY else points
        groups[-1]["rows"].append(
            {
                "code": criterion.code,
                "text": criterion.text,
                "kind": criterion.kind,
                "kind_label": criterion.get_kind_display(),
                "max": vn_points(criterion.max_points),
                "points": vn_points(points) if item else "",
                "scored": bool(item),
                "note": item.get("note", ""),
                "evidence": evidence.get(criterion.pk, []),
            }
        )
    # Criteria no longer in the rubric still show, so nothing the school sent is hidden.
    leftovers = [
        {
            "code": item.get("code") or "",
            "text": "Tiêu chí không còn trong bảng tiêu chí",
            "kind_label": "",
            "max": "",
            "points": vn_points(item.get("points")),
            "scored": True,
            "note": item.get("note", ""),
            "evidence": evidence.get(key, []),
        }
        for key, item in given.items()
    ]
    if leftovers:
        groups.append({"group": None, "name": "Tiêu chí khác", "rows": leftovers})
        total += sum((_decimal(item.get("points")) for item in given.values()), Decimal(0))
    return Reading(
        "submissions/kinds/self_assessment.html",
        {
            "round": scoring_round,
            "school_year": payload.get("school_year", ""),
            "groups": groups,
            "total": vn_points(total),
            "max_total": vn_points(
                sum((c.max_points for c in criteria if c.kind == Criterion.Kind.STANDARD), Decimal(0))
            ),
        },
    )


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


# --- Dossier and anything else ------------------------------------------------------------------------


def posting_of(payload: dict) -> dict | None:
    """The public posting the school sent with the dossier: its period, the objections raised and the
    council's answers, and any override by the principal, with dates written the Vietnamese way. None
    from a school that sent no posting (an older snapshot)."""
    posting = payload.get("posting") if isinstance(payload, dict) else None
    if not isinstance(posting, dict):
        return None
    objections = [
        {
            **o,
            "raised_on": vn_date(o.get("raised_on")),
            "answered_on": vn_date(o.get("answered_on")),
            "title_label": title_label(o.get("title", ""), o.get("title_label", "")),
        }
        for o in posting.get("objections") or []
        if isinstance(o, dict)
    ]
    return {
        "starts_on": vn_date(posting.get("starts_on")),
        "ends_on": vn_date(posting.get("ends_on")),
        "working_days": posting.get("working_days"),
        "count": len(posting.get("entries") or []),
        "objections": objections,
        "open_count": sum(1 for o in objections if o.get("status") == "open"),
        "overrides": [
            {**o, "decided_at": vn_date(o.get("decided_at"))}
            for o in posting.get("overrides") or []
            if isinstance(o, dict)
        ],
    }


def read_dossier(submission: Submission, previous: Submission | None) -> Reading:
    return Reading(
        "submissions/kinds/dossier.html",
        {
            "nominees": selectors.nominees_of(submission),
            "shared_evidence": selectors.shared_evidence_of(submission),
            "date": vn_date((submission.payload or {}).get("date")),
            # The day the checks speak for; an older snapshot without it shows nothing rather than today.
            "as_of": vn_date((submission.payload or {}).get("as_of")),
            "changes": selectors.nominee_changes(previous, submission) if previous else None,
            "posting": posting_of(submission.payload or {}),
            "examples": selectors.examples_of(submission),
        },
    )


def read_examples(submission: Submission, previous: Submission | None) -> Reading:
    """The good examples a school sent on their own: each with its story, achievements, movements, files."""
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    return Reading(
        "submissions/kinds/examples.html",
        {"school_year": payload.get("school_year", ""), "examples": selectors.examples_of(submission)},
    )


def read_year_report(submission: Submission, previous: Submission | None) -> Reading:
    """The school's year-end report: its figures as tables and the text the school wrote."""
    snapshot = complete_snapshot(submission.payload)
    return Reading(
        "submissions/kinds/year_report.html",
        {
            "school_year": snapshot["school_year"],
            "number": snapshot["number"],
            "issued_on": vn_date(snapshot["issued_on"]),
            "signer": _squash(f"{snapshot['signer']['title']} {snapshot['signer']['name']}"),
            "counted_on": vn_date(snapshot["figures"]["staff"]["counted_on"]),
            "figures": snapshot["figures"],
            "awarded": [
                {**item, "decision_date": vn_date(item.get("decision_date"))}
                for item in snapshot["figures"]["awards"]["items"]
                if isinstance(item, dict)
            ],
            "texts": [(TEXT_LABELS[name], text) for name, text in snapshot["texts"].items()],
        },
    )


def read_other(submission: Submission, previous: Submission | None) -> Reading:
    """A kind with no reader of its own: its text fields, never its codes or raw structure."""
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    texts = [
        vn_date(value) or value
        for value in payload.values()
        if isinstance(value, str) and value.strip() and not value.startswith("schools/")
    ]
    return Reading("submissions/kinds/other.html", {"texts": texts})


def read_collective_rating(submission: Submission, previous: Submission | None) -> Reading:
    """A school's own rating for a school year: what it proposes and why, what the office confirmed."""
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    state = selectors.collective_rating_of(submission.school, str(payload.get("school_year") or ""))
    this_version = state is not None and state.submission_id == submission.pk
    code = payload.get("rating")
    previous_code = (previous.payload or {}).get("rating") if previous is not None else None
    return Reading(
        "submissions/kinds/collective_rating.html",
        {
            "school_year": payload.get("school_year") or "",
            "rating": Rating(code).label if code in Rating.values else "",
            "note": payload.get("note") or "",
            "entered_by": payload.get("entered_by") or "",
            "date": vn_date(payload.get("date")),
            "previous": Rating(previous_code).label
            if previous_code in Rating.values and previous_code != code
            else "",
            "state": state if this_version else None,
        },
    )


READERS: dict[str, Callable[[Submission, Submission | None], Reading]] = {
    Submission.Kind.COLLECTIVE_RATING: read_collective_rating,
    Submission.Kind.PLAN: read_plan,
    Submission.Kind.REGISTRATION: read_registration,
    Submission.Kind.SELF_ASSESSMENT: read_self_assessment,
    Submission.Kind.DOSSIER: read_dossier,
    Submission.Kind.EXAMPLES: read_examples,
    Submission.Kind.YEAR_REPORT: read_year_report,
}


def reading_of(submission: Submission, versions: list[Submission]) -> Reading:
    """The reading of a submission, compared with the version sent just before it (if any)."""
    older = [v for v in versions if v.version < submission.version]
    previous = older[0] if older else None
    return READERS.get(submission.kind, read_other)(submission, previous)
