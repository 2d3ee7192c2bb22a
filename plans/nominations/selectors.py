"""Reads of nominations and dossiers. A dossier's state after it left the school is the office's, read
from its Submission in the public schema through the office's one selector for a school."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from office.authorities.selectors import evaluation_period_of
from office.core.collation import by_person
from office.core.search import matching
from office.rules.vocabulary import Title
from office.submissions.models import APPROVED_STATUSES, Submission
from office.submissions.selectors import SentVersion, sent_versions
from plans.emulation.models import ReviewRound
from plans.evidence.selectors import evidence_file_snapshot
from plans.examples.selectors import confirmed_for_dossier, examples_snapshot, movement_names
from plans.nominations.models import (
    DepartmentRating,
    Dossier,
    DossierEvidence,
    Nomination,
    Objection,
    Posting,
    SchoolRating,
    department_collective_name,
)
from plans.staff.models import Department, Staff
from plans.staff.selectors import employed_on, staff_count_day
from tenants.schemas import current_school

DOCUMENT_LABELS = {
    "cover_letter": "Tờ trình và danh sách đề nghị",
    "minutes": "Biên bản họp Hội đồng Thi đua – Khen thưởng",
    "achievement_report": "Báo cáo thành tích",
    "achievement_reports": "Báo cáo thành tích",
    "nominee_list": "Danh sách đề nghị",
    "evidence": "Minh chứng",
    "": "Chung",
}


def review_round_day(review_round) -> date | None:
    """The day of a review round (bình xét): its meeting, else the day it closed; None while open
    and undated."""
    if review_round is None:
        return None
    moment = review_round.meeting_at or review_round.closed_at
    return timezone.localdate(moment) if moment else None


def last_review_day(school_year: str) -> date | None:
    """The day of the year's last closed review round: what a nomination not yet in a dossier speaks
    for, since the council's vote is what it stands on."""
    round_ = (
        ReviewRound.objects.filter(school_year=school_year, status=ReviewRound.Status.CLOSED)
        .order_by("-closed_at", "-pk")
        .only("meeting_at", "closed_at")
        .first()
    )
    return review_round_day(round_)


def evaluation_end(school_year: str) -> date | None:
    """The day the school's managing authority (or one above it) set as the end of the year's
    evaluation, if it set one: what a check speaks for when the school held no review round."""
    school = current_school()
    period = evaluation_period_of(school, school_year) if school is not None else None
    return period.ends_on if period is not None else None


def dossier_as_of(dossier: Dossier, *, today: date | None = None) -> date:
    """The day a dossier's checks speak for: the day stored when it was first sent, else its review
    round's, else the year's last closed round's, else the end of the evaluation period the office
    set, else today."""
    return (
        dossier.as_of
        or (review_round_day(dossier.review_round) if dossier.review_round_id else None)
        or last_review_day(dossier.school_year)
        or evaluation_end(dossier.school_year)
        or today
        or timezone.localdate()
    )


def nomination_as_of(nomination: Nomination, *, last_review=None) -> date:
    """The day a nomination's check speaks for: its dossier's, else the year's last closed review
    round's, else the end of the evaluation period the office set, else today. `last_review` is a
    cache the caller may pass (school year → day)."""
    if nomination.dossier_id:
        return dossier_as_of(nomination.dossier)
    if last_review is None:
        last_review = {}
    if nomination.school_year not in last_review:
        last_review[nomination.school_year] = last_review_day(nomination.school_year) or evaluation_end(
            nomination.school_year
        )
    return last_review[nomination.school_year] or timezone.localdate()


def nomination_list(
    *, school_year: str | None = None, title: str = "", verdict: str = "", q: str = ""
) -> QuerySet[Nomination]:
    """The school's nominations as filtered; `q` finds a person or a department ignoring accents."""
    rows = Nomination.objects.select_related("staff__department", "department", "dossier")
    if q:
        rows = rows.filter(matching(q, "staff__full_name", "staff__department__name", "department__name"))
    if school_year:
        rows = rows.filter(school_year=school_year)
    if title:
        rows = rows.filter(title=title)
    if verdict:
        rows = rows.filter(verdict=verdict)
    return rows.order_by("title", *by_person("staff__full_name"), "department__name", "pk")


def nomination_detail(pk: int) -> Nomination:
    return Nomination.objects.select_related("staff__department", "department", "dossier", "initiative").get(
        pk=pk
    )


# A dossier's versions as the office has them: the school reads every kind it sends the same way.
DossierVersion = SentVersion


@dataclass(frozen=True)
class DossierState:
    status: str  # "draft" or a Submission.Status value
    label: str
    editable: bool
    versions: list[DossierVersion]

    @property
    def approved(self) -> bool:
        return self.status in APPROVED_STATUSES

    @property
    def latest(self) -> DossierVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def latest_comments(self) -> list[dict]:
        """The office's comments on the last version it returned: shown beside the correction."""
        for version in self.versions:
            if version.comments:
                return version.comments
        return []


def dossier_state(dossier: Dossier, school) -> DossierState:
    return dossier_states([dossier], school)[dossier.pk]


def dossier_states(dossiers: list[Dossier], school) -> dict[int, DossierState]:
    """The office's view of each dossier, from all their submissions in one query."""
    sent = [d for d in dossiers if d.submission_id]
    versions = sent_versions(school, [f"dossier:{d.pk}" for d in sent], kind=Submission.Kind.DOSSIER)
    return {d.pk: _state(versions.get(f"dossier:{d.pk}", [])) for d in dossiers}


def _reopened(status: str, unapproved_count: int) -> bool:
    """A version the office returned, or one it approved and then unapproved: the school may correct it
    and send a new version (DESIGN.md §6)."""
    return status == Submission.Status.RETURNED or (
        status == Submission.Status.SUBMITTED and unapproved_count > 0
    )


def _state(versions: list[DossierVersion]) -> DossierState:
    latest = versions[0] if versions else None
    status = latest.status if latest else "draft"
    editable = latest is None or _reopened(status, latest.unapproved_count)
    return DossierState(status, latest.status_label if latest else "Đang soạn", editable, versions)


def dossier_is_editable(dossier: Dossier) -> bool:
    if not dossier.submission_id:
        return True
    row = (
        Submission.objects.filter(pk=dossier.submission_id).values_list("status", "unapproved_count").first()
    )
    return row is None or _reopened(*row)


def dossier_is_approved(dossier: Dossier) -> bool:
    """Whether the office approved the version last sent: locked until the office head unapproves it."""
    if not dossier.submission_id:
        return False
    return Submission.objects.filter(pk=dossier.submission_id, status__in=APPROVED_STATUSES).exists()


def dossier_list() -> QuerySet[Dossier]:
    return Dossier.objects.select_related("review_round").order_by("-school_year", "-pk")


def dossier_evidence(dossier: Dossier) -> list[DossierEvidence]:
    return list(
        dossier.evidence_links.select_related("evidence", "nomination__staff", "nomination__department")
    )


def dossier_snapshot(dossier: Dossier, *, school, facts: dict | None = None) -> dict:
    """The dossier as plain data for the office: who is proposed for what with the checker's answers,
    which documents it holds, and the evidence files (keys and SHA-256, never the bytes). `facts`
    (nomination id → the facts its check read, as JSON) lets the office run the checker again."""
    facts = facts or {}
    nominations = list(
        dossier.nominations.select_related("staff__department", "department", "initiative").order_by(
            "title", "staff__full_name", "department__name"
        )
    )
    evidence = dossier_evidence(dossier)
    # The confirmed good examples chosen to go up with it, their files listed with the dossier's own.
    chosen = confirmed_for_dossier(dossier)
    examples, example_files = examples_snapshot(
        chosen, school=school, movements=movement_names(school, dossier.school_year) if chosen else {}
    )
    return {
        "school": {"code": school.code, "name": school.name},
        "school_year": dossier.school_year,
        "number": dossier.number,
        "date": dossier.submitted_on.isoformat() if dossier.submitted_on else None,
        "subject": dossier.subject,
        "recipient": dossier.recipient,
        # The day every check of this dossier speaks for; the office's re-check uses it, not its today.
        "as_of": dossier.as_of.isoformat() if dossier.as_of else None,
        "review_round": {"id": dossier.review_round_id, "name": dossier.review_round.name}
        if dossier.review_round_id
        else None,
        "nominees": [
            {
                "nomination": n.pk,
                # Whose data this is in the school's register: the office's reads are logged there.
                "staff": n.staff_id,
                "full_name": n.candidate_name(school.name),
                # A collective: the school ("school") or one of its departments ("department").
                "collective": ("department" if n.department_id else "school") if n.is_collective else None,
                "department": n.department_id,
                "position": n.staff.position if n.staff_id else "",
                "unit": (n.staff.department.name if n.staff_id and n.staff.department_id else school.name),
                "teaches": n.staff.teaches if n.staff_id else None,
                "gender": n.staff.gender if n.staff_id else None,
                "title": n.title,
                "title_label": Title(n.title).label,
                "summary": n.summary,
                "achievements": n.achievements,
                "initiative": {"id": n.initiative_id, "title": n.initiative.title}
                if n.initiative_id
                else None,
                "verdict": n.verdict,
                "check_report": n.check_report,
                "checked_on": n.checked_on.isoformat() if n.checked_on else None,
                **facts.get(n.pk, {}),
            }
            for n in nominations
        ],
        "documents": [
            "cover_letter",
            "nominee_list",
            *(["minutes"] if dossier.review_round_id else []),
            "achievement_reports",
        ],
        "posting": posting_snapshot(dossier),
        "evidence": [{**evidence_file_snapshot(link), "nomination": link.nomination_id} for link in evidence]
        + [{**file, "label": f"Gương điển hình – {file['label']}"} for file in example_files],
        "examples": examples,
    }


def eligible_for_dossier(dossier: Dossier) -> QuerySet[Nomination]:
    return (
        nomination_list(school_year=dossier.school_year)
        .filter(dossier__isnull=True)
        .exclude(verdict=Nomination.Verdict.NOT_MET)
    )


# --- Public posting and objections ----------------------------------------------------------------


def latest_posting(dossier: Dossier) -> Posting | None:
    """The list last published: posting again after a change replaces the period the dossier waits for."""
    return dossier.postings.order_by("-published_at", "-pk").first()


def posting_detail(pk: int) -> Posting:
    return Posting.objects.select_related("dossier").get(pk=pk)


def postings_for_staff() -> QuerySet[Posting]:
    """Every posting, newest first: what the staff read on their phones."""
    return Posting.objects.select_related("dossier").order_by("-starts_on", "-pk")


def objections_of(posting: Posting) -> list[Objection]:
    return list(posting.objections.select_related("evidence").order_by("raised_at", "pk"))


def dossier_objections(dossier: Dossier) -> list[Objection]:
    return list(
        Objection.objects.filter(posting__dossier=dossier)
        .select_related("evidence", "posting")
        .order_by("raised_at", "pk")
    )


def posting_wait(dossier: Dossier, nominations, *, on) -> str:
    """Why the dossier must still wait for its public posting, in Vietnamese; "" when it may go up.
    It waits until the day after the latest posting's last working day, and every nomination in it
    must have been on that posted list; the principal's recorded override lifts the wait."""
    if dossier.posting_overrides.exists():
        return ""
    posting = latest_posting(dossier)
    if posting is None:
        return "Danh sách đề nghị chưa được công khai cho cán bộ, giáo viên, nhân viên của trường."
    if on <= posting.ends_on:
        return (
            f"Danh sách đề nghị đang được công khai đến hết ngày {posting.ends_on:%d/%m/%Y}; "
            "hồ sơ gửi được từ ngày làm việc sau đó."
        )
    posted = {entry["nomination"] for entry in posting.entries}
    unposted = [n for n in nominations if n.pk not in posted]
    if unposted:
        names = ", ".join(str(n) for n in unposted)
        return f"Các đề nghị sau chưa có trong danh sách đã công khai: {names}. Hãy công khai lại danh sách."
    return ""


def posting_snapshot(dossier: Dossier) -> dict | None:
    """The latest posting, its objections and the council's answers, and any override: plain data sent
    up with the dossier so the office sees that the list was public and how objections were settled."""
    posting = latest_posting(dossier)
    overrides = list(dossier.posting_overrides.order_by("decided_at"))
    if posting is None and not overrides:
        return None
    return {
        "starts_on": posting.starts_on.isoformat() if posting else None,
        "ends_on": posting.ends_on.isoformat() if posting else None,
        "working_days": posting.working_days if posting else None,
        "note": posting.note if posting else "",
        "entries": posting.entries if posting else [],
        "objections": [
            {
                "candidate": o.candidate_name,
                "title": o.title,
                "title_label": Title(o.title).label,
                "reason": o.reason,
                "raised_by": o.raised_by_name,
                "raised_on": o.raised_on.isoformat(),
                "evidence": {
                    "id": o.evidence_id,
                    "filename": o.evidence.filename,
                    "key": o.evidence.key,
                    "sha256": o.evidence.sha256,
                }
                if o.evidence_id
                else None,
                "status": o.status,
                "status_label": o.get_status_display(),
                "outcome": o.outcome,
                "outcome_label": o.get_outcome_display() if o.outcome else "",
                "answer": o.answer,
                "answered_by": o.answered_by_name,
                "answered_on": o.answered_on.isoformat() if o.answered_on else None,
            }
            for o in dossier_objections(dossier)
        ],
        "overrides": [
            {"reason": o.reason, "decided_by": o.decided_by_name, "decided_at": o.decided_at.isoformat()}
            for o in overrides
        ],
    }


# --- Collective ratings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    label: str
    members: int
    rating: DepartmentRating | None


def department_ratings(school_year: str) -> list[DepartmentRow]:
    """Every department with its members counted as the year's checks count them (employed on the
    year's last day, or today while it runs) and the principal's rating of it for the year; two
    queries however many departments."""
    day = staff_count_day(school_year)
    employed = Staff.objects.filter(employed_on(day)).values("pk")
    departments = Department.objects.annotate(members=Count("staff", filter=Q(staff__pk__in=employed)))
    ratings = {
        r.department_id: r
        for r in DepartmentRating.objects.filter(school_year=school_year).select_related("rated_by")
    }
    return [
        DepartmentRow(d, department_collective_name(d.name), d.members, ratings.get(d.pk))
        for d in departments
    ]


def school_rating(school_year: str) -> SchoolRating | None:
    return SchoolRating.objects.filter(school_year=school_year).first()
