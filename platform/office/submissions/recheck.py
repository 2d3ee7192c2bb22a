"""The office's re-check of a received dossier ("Kiểm tra lại"): the rules checker run again on the
facts the school's checker read, as stored in the snapshot, as of the day the snapshot speaks for,
with the rules and the authority in force on that day — never today's. The office never reads the
school's tables (DESIGN.md §3 rule 1), so what the school has changed since sending changes nothing
here; what can change the answer is the office's own rules for that day (a version corrected since).

A selector: it reads the snapshot and the rule versions, writes nothing, and costs the same few
queries whatever the number of nominees (one authority look-up, one read of the rule versions)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from office.authorities.selectors import authority_of
from office.core.school_years import school_year_end
from office.rules.checker import STATUS_LABELS, as_of_label, check_nomination
from office.rules.facts import DossierFacts, facts_from_json
from office.rules.selectors import rule_book
from office.rules.vocabulary import Title
from office.submissions.models import Submission

NO_FACTS = (
    "Bản gửi này chưa lưu dữ kiện của lần kiểm tra (gửi trước khi có chức năng kiểm tra lại); "
    "hãy đề nghị trường gửi lại hồ sơ để kiểm tra lại được."
)


@dataclass(frozen=True)
class RecheckedRule:
    """One rule, as the school's check answered it and as the office's re-check does."""

    code: str
    name: str
    article: str
    school: dict | None  # {"status", "status_label", "reason"}; None: the school's check had no such rule
    office: dict | None
    route: bool = False  # one of the form's alternative routes (routes.any_of)

    @property
    def differs(self) -> bool:
        return (self.school or {}).get("status") != (self.office or {}).get("status") or (
            (self.school or {}).get("reason") != (self.office or {}).get("reason")
        )


@dataclass(frozen=True)
class RecheckedNominee:
    nomination: int | None
    full_name: str
    title_label: str
    school_verdict: str
    verdict: str  # "" when it could not be re-checked (no facts in the snapshot)
    rules: list[RecheckedRule] = field(default_factory=list)
    problem: str = ""

    @property
    def differs(self) -> bool:
        return bool(self.verdict) and (
            self.verdict != self.school_verdict or any(r.differs for r in self.rules)
        )

    @property
    def verdict_label(self) -> str:
        return STATUS_LABELS.get(self.verdict, "")

    @property
    def school_verdict_label(self) -> str:
        return STATUS_LABELS.get(self.school_verdict, "Chưa kiểm tra")


@dataclass(frozen=True)
class Recheck:
    as_of: datetime.date
    as_of_label: str  # "Xét tại ngày dd/mm/yyyy"
    authority: str  # the authority the school answered to on that day, whose overrides applied
    nominees: list[RecheckedNominee]

    @property
    def differences(self) -> int:
        return sum(1 for n in self.nominees if n.differs)


def snapshot_as_of(submission: Submission) -> datetime.date:
    """The day a dossier's snapshot speaks for: the one it stores; for a snapshot older than that, the
    day its checks were made, else the day it was sent. Never the day of reading."""
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    stored = payload.get("as_of") or next(
        (n.get("checked_on") for n in payload.get("nominees") or [] if n.get("checked_on")), None
    )
    if stored:
        try:
            return datetime.date.fromisoformat(str(stored)[:10])
        except ValueError:
            pass
    return timezone.localdate(submission.submitted_at)


def _answer(status: str, reason: str) -> dict:
    return {"status": status, "status_label": STATUS_LABELS.get(status, status), "reason": reason}


def _compare(school_report: list[dict], results) -> list[RecheckedRule]:
    """The rules of both answers, in the re-check's order, then any the school's had alone."""
    school = {r.get("code"): r for r in school_report or []}
    rows = []
    for result in results:
        mine = school.pop(result.code, None)
        rows.append(
            RecheckedRule(
                code=result.code,
                name=result.name,
                article=result.article,
                school=_answer(mine["status"], mine.get("reason", "")) if mine else None,
                office=_answer(result.status, result.reason),
                route=result.route,
            )
        )
    for code, mine in school.items():
        rows.append(
            RecheckedRule(
                code=code,
                name=mine.get("name", code),
                article=mine.get("article", ""),
                school=_answer(mine.get("status", ""), mine.get("reason", "")),
                office=None,
            )
        )
    return rows


def _recheck_nominee(nominee: dict, *, year: int, on: datetime.date, book) -> RecheckedNominee:
    title = nominee.get("title", "")
    label = nominee.get("title_label") or (Title(title).label if title in Title.values else title)
    base = {
        "nomination": nominee.get("nomination"),
        "full_name": nominee.get("full_name", ""),
        "title_label": label,
        "school_verdict": nominee.get("verdict") or "",
    }
    if not nominee.get("facts") or title not in Title.values:
        return RecheckedNominee(**base, verdict="", problem=NO_FACTS)
    try:
        facts = facts_from_json(nominee["facts"])
        dossier = facts_from_json(nominee["dossier_facts"]) if nominee.get("dossier_facts") else None
    except (ValueError, TypeError, KeyError):
        return RecheckedNominee(**base, verdict="", problem=NO_FACTS)
    report = check_nomination(
        Title(title),
        facts,
        year=year,
        on=on,
        rules=book(on),
        dossier=dossier if isinstance(dossier, DossierFacts) else None,
        history=book,
    )
    return RecheckedNominee(
        **base, verdict=report.verdict, rules=_compare(nominee.get("check_report"), report.results)
    )


def dossier_recheck(submission: Submission) -> Recheck:
    """The checker again over every nominee of a dossier's snapshot, as of the snapshot's day."""
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    on = snapshot_as_of(submission)
    school_year = str(payload.get("school_year") or f"{submission.year - 1}-{submission.year}")
    authority = authority_of(submission.school, on) or submission.school.authority
    book = rule_book(authority)
    return Recheck(
        as_of=on,
        as_of_label=as_of_label(on),
        authority=authority.name if authority is not None else "",
        nominees=[
            _recheck_nominee(nominee, year=school_year_end(school_year), on=on, book=book)
            for nominee in payload.get("nominees") or []
        ],
    )
