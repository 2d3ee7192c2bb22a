"""Helpers shared by the plan tests: the seed files and the texts a stored plan holds."""

import re
import unicodedata
from pathlib import Path

from django_tenants.utils import schema_context

from plans.planning.checks import differences_of
from plans.planning.models import Plan

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
LE_QUY_DON = SEEDS_DIR / "000_d69e0c83e5920246.txt"
YEN_HOA = SEEDS_DIR / "004_4656a305da5b6655.txt"
# A leading section or list marker; the plan keeps markers apart from the text.
MARKER_RE = re.compile(r"^(?:[IVX]+\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[-+•])\s*")


# cp1258 has precomposed â, ă, ê, ô, ơ, ư but only combining tone marks, as legacy keyboards typed them.
SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}
# cp1258 bytes of the five combining tone marks (grave, hook, tilde, acute, dot below).
CP1258_TONE_MARK_BYTES = {0xCC, 0xD2, 0xDE, 0xEC, 0xF2}


def seed_bytes(path: Path) -> bytes:
    # The seeds live in shared/ beside the repository (as on CI); without them this must fail, not skip.
    assert path.exists(), f"seed plan not found: {path}"
    return path.read_bytes()


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def to_cp1258(text: str) -> bytes:
    """`text` as a legacy Vietnamese Windows file would hold it."""
    encoded = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        shape = "".join(mark for mark in decomposed[1:] if mark in SHAPE_MARKS)
        tones = "".join(mark for mark in decomposed[1:] if mark not in SHAPE_MARKS)
        encoded.append((unicodedata.normalize("NFC", decomposed[:1] + shape) + tones).encode("cp1258"))
    return b"".join(encoded)


def every_difference(plan: Plan, school) -> list[str]:
    """The codes of every difference between the plan and the school, confirmed at once by tests whose
    subject is not the checks before issuing (tests/plans/planning/test_plan_checks.py is)."""
    return [difference.code for difference in differences_of(plan, school)]


def differences_in_school(school, plan_id: int) -> list[str]:
    """every_difference from outside the school's schema, for the API and page tests."""
    with schema_context(school.schema_name):
        return every_difference(Plan.objects.get(pk=plan_id), school)


def stored_plan_texts(plan: Plan) -> str:
    """Everything the database holds of a plan, as one searchable string."""
    record = plan.import_record or {}
    parts = [
        plan.parent_body,
        plan.issuing_body,
        plan.number,
        plan.place,
        plan.doc_type,
        plan.title,
        *(line["text"] for line in record.get("header_lines", [])),
        *plan.basis_paragraphs,
        *plan.intro,
        *plan.timeline_heading,
        *(column["title"] for column in plan.timeline_columns),
        *record.get("timeline_labels", []),
        *plan.closing,
        record.get("recipients_label") or "",
        *plan.recipients,
        *plan.extra_lines,
        " ".join(p for p in (plan.signer_prefix, plan.signer_authority) if p),
        plan.signer_title,
        plan.signer_name,
        plan.signer_note,
    ]
    for section in plan.sections.all():
        parts += [f"{section.marker} {section.heading}", section.heading, *section.body_lines()]
    parts += [task.text for task in plan.tasks.all()]
    parts += [line for task in plan.tasks.all() for line in task.owner_text.splitlines()]
    return "\n".join(squash(part) for part in parts if part)


def lost_lines(raw: bytes, plan: Plan) -> list[tuple[int, str]]:
    """Non-blank source lines whose text is nowhere in the stored plan."""
    stored = stored_plan_texts(plan)
    lost = []
    for number, line in enumerate(raw.decode("utf-8-sig").splitlines(), start=1):
        text = squash(line)
        if not text:
            continue
        if squash(MARKER_RE.sub("", text)) not in stored and text not in stored:
            lost.append((number, text))
    return lost
