"""The office's compilation of its schools' good examples for a school year (gương điển hình tiên tiến):
read from the snapshots the schools sent, in the public schema only (DESIGN.md §3 rule 2). An example
reaches the office sent on its own (a Submission of kind "examples") or chosen into a dossier; the
newest version that still stands (not superseded, not returned) speaks for it, and an example sent
both ways is listed once. One query, whatever the number of schools."""

from dataclasses import dataclass, field

from office.core.collation import person_key, vietnamese_key
from office.core.school_years import current_school_year, school_year_end, school_year_ending
from office.submissions.models import Submission
from office.submissions.selectors import office_submissions

STANDING = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED, Submission.Status.FORWARDED)
SUBJECT_ORDER = {"school": 0, "department": 1, "person": 2}


@dataclass(frozen=True)
class CompiledExample:
    school_id: int
    school: str
    submission_id: int
    name: str
    subject: str
    subject_label: str
    title: str
    story: str
    position: str = ""
    unit: str = ""
    achievements: list[str] = field(default_factory=list)
    movements: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)

    @property
    def movement_names(self) -> list[str]:
        return [m.get("name", "") for m in self.movements]


@dataclass(frozen=True)
class Compilation:
    school_year: str
    examples: list[CompiledExample]
    # What the filters offer: every school and movement found in the year's examples, before filtering.
    schools: list[tuple[int, str]]
    movements: list[tuple[int, str]]


def _files_by_example(payload: dict) -> dict:
    files: dict = {}
    for item in payload.get("evidence") or []:
        if isinstance(item, dict) and item.get("example"):
            files.setdefault(item["example"], []).append(item)
    return files


def latest_examples_year(user) -> str:
    """The latest school year whose examples reached the user's offices; the current one when none did."""
    year = (
        office_submissions(user)
        .filter(kind__in=[Submission.Kind.EXAMPLES, Submission.Kind.DOSSIER], status__in=STANDING)
        .filter(payload__has_key="examples")
        .exclude(payload__examples=[])
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return school_year_ending(year) if year else current_school_year()


def compile_examples(
    user, school_year: str, *, movement: int | None = None, school: int | None = None
) -> Compilation:
    year = school_year_end(school_year)
    rows = (
        office_submissions(user)
        .filter(kind__in=[Submission.Kind.EXAMPLES, Submission.Kind.DOSSIER], year=year, status__in=STANDING)
        .filter(payload__has_key="examples")
        .exclude(payload__examples=[])
        .select_related("school")
        .only("pk", "payload", "school__name", "school__id")
        .order_by("-submitted_at", "-pk")
    )
    seen: set = set()
    examples: list[CompiledExample] = []
    for submission in rows.iterator(chunk_size=20):
        payload = submission.payload if isinstance(submission.payload, dict) else {}
        if payload.get("school_year") not in (None, school_year):
            continue
        files = _files_by_example(payload)
        for item in payload.get("examples") or []:
            if not isinstance(item, dict):
                continue
            key = (submission.school_id, item.get("example"))
            if key in seen:
                continue
            seen.add(key)
            examples.append(
                CompiledExample(
                    school_id=submission.school_id,
                    school=submission.school.name,
                    submission_id=submission.pk,
                    name=str(item.get("name", "")),
                    subject=str(item.get("subject", "")),
                    subject_label=str(item.get("subject_label", "")),
                    title=str(item.get("title", "")),
                    story=str(item.get("story", "")),
                    position=str(item.get("position", "")),
                    unit=str(item.get("unit", "")),
                    achievements=[str(a) for a in item.get("achievements") or []],
                    movements=[m for m in item.get("movements") or [] if isinstance(m, dict)],
                    files=files.get(item.get("example"), []),
                )
            )
    examples.sort(
        key=lambda e: (vietnamese_key(e.school), SUBJECT_ORDER.get(e.subject, 9), person_key(e.name))
    )
    schools = list(dict.fromkeys((e.school_id, e.school) for e in examples))
    movements = sorted(
        {(m.get("id"), m.get("name", "")) for e in examples for m in e.movements if m.get("id")},
        key=lambda m: vietnamese_key(m[1]),
    )
    if movement is not None:
        examples = [e for e in examples if any(m.get("id") == movement for m in e.movements)]
    if school is not None:
        examples = [e for e in examples if e.school_id == school]
    return Compilation(school_year=school_year, examples=examples, schools=schools, movements=movements)
