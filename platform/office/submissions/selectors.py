"""Reads of Submissions. A school's submissions are read through `Submission.objects.for_school`; the
office's reads go through `office_submissions(user)`, which keeps them to the schools under the offices
where the user works, so every page and API of the review asks in one place."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from office.accounts.models import Membership, Role
from office.accounts.selectors import office_memberships
from office.audit.selectors import history_of
from office.authorities.selectors import authority_subtree_ids
from office.core.collation import by_name, person_key, vietnamese_key
from office.core.object_storage import key_belongs_to_school, safe_filename
from office.core.search import matching
from office.rules.checker import tie_priority
from office.rules.selectors import rule_book
from office.rules.vocabulary import Rating, Title
from office.submissions.models import APPROVED_STATUSES, RatingConfirmation, Submission
from tenants.models import School

# What a dossier must contain (DOMAIN.md §1.5, rule 16 of §7): the office ticks each item it found.
CHECKLIST_ITEMS = {
    "cover_letter": "Tờ trình (văn bản đề nghị) có số, ngày, chữ ký và đóng dấu",
    "nominee_list": "Danh sách đề nghị khen thưởng kèm theo tờ trình",
    "minutes": "Biên bản họp Hội đồng Thi đua – Khen thưởng (bình xét, kết quả bỏ phiếu)",
    "achievement_reports": "Báo cáo thành tích của từng cá nhân, tập thể theo mẫu",
    "initiative_proofs": "Minh chứng sáng kiến (quyết định công nhận) cho danh hiệu Chiến sĩ thi đua",
    "certified_copies": "Minh chứng là bản chính hoặc bản sao có chứng thực",
    "rules_checked": "Đối chiếu kết quả kiểm tra điều kiện theo quy định",
}
# The documents a dossier snapshot lists, as the office and the school name them.
DOCUMENT_LABELS = {
    "cover_letter": "Tờ trình",
    "nominee_list": "Danh sách đề nghị",
    "minutes": "Biên bản họp Hội đồng Thi đua – Khen thưởng",
    "achievement_reports": "Báo cáo thành tích",
    "achievement_report": "Báo cáo thành tích",
    "evidence": "Minh chứng",
    "": "Chung",
}
CHECK_STATUS_LABELS = {"met": "Đạt", "not_met": "Không đạt", "unknown": "Chưa đủ dữ liệu"}
TITLE_ORDER = {code: index for index, code in enumerate(Title.values)}

SORTS = {
    "moi": ("-submitted_at", "-pk"),
    "cu": ("submitted_at", "pk"),
    "truong": (by_name("school__name"), "-submitted_at"),
    "tieu-de": ("title", "-submitted_at"),
    "trang-thai": ("status", "-submitted_at"),
}


def _office_scope(user) -> list[tuple[object, set[int]]]:
    """The user's office memberships, each with the authority ids of its subtree; cached on the user
    object for the request, so checks on many submissions cost no more queries than one."""
    if not user.is_authenticated:
        return []
    cache = user.__dict__.get("_office_scope_cache")
    if cache is None:
        cache = [
            (m, set(authority_subtree_ids(m.authority)))
            for m in office_memberships(user).select_related("authority__parent__parent__parent")
        ]
        user.__dict__["_office_scope_cache"] = cache
    return cache


def reviewing_memberships(user, school) -> list:
    """The user's office memberships whose subtree holds the school: who may review what it sends."""
    return [m for m, ids in _office_scope(user) if school.authority_id in ids]


def is_office_head_for(user, school) -> bool:
    return any(m.role == Role.OFFICE_HEAD for m in reviewing_memberships(user, school))


def _scope_ids(user) -> set[int]:
    return set().union(*(ids for _, ids in _office_scope(user)))


def office_submissions(user) -> QuerySet[Submission]:
    """Every submission of the schools under the user's offices, and nothing else."""
    return Submission.objects.filter(school__authority_id__in=_scope_ids(user))


def office_schools(user) -> QuerySet[School]:
    """The schools under the user's offices (for the inbox's filter), from the same cached scope."""
    return School.objects.filter(authority_id__in=_scope_ids(user)).order_by(by_name(), "pk")


@dataclass(frozen=True)
class InboxFilter:
    kind: str = ""
    status: str = ""
    year: int | None = None
    school: str = ""  # the school's code
    level: str = ""
    returned_before: bool = False
    q: str = ""
    sort: str = "moi"


def _with_returned_before(rows: QuerySet[Submission]) -> QuerySet[Submission]:
    """Whether any version of the same school object came back with the office's comments (a returned
    version keeps them after the school's correction supersedes it)."""
    returned = Submission.objects.filter(
        school_id=OuterRef("school_id"), kind=OuterRef("kind"), reference=OuterRef("reference")
    ).exclude(review_comments=[])
    return rows.annotate(returned_before=Exists(returned))


def inbox(user, filters: InboxFilter) -> QuerySet[Submission]:
    """The office's inbox: the latest versions (superseded ones only on request), dossiers first, then
    by the chosen sort. The same queryset feeds the page, the batch actions and the API."""
    rows = office_submissions(user).select_related("school", "forwarded_to")
    if filters.status:
        rows = rows.filter(status=filters.status)
    else:
        rows = rows.exclude(status=Submission.Status.SUPERSEDED)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.school:
        rows = rows.filter(school__code=filters.school)
    if filters.level:
        rows = rows.filter(school__level=filters.level)
    if filters.q:
        rows = rows.filter(matching(filters.q, "title", "school__name"))
    rows = _with_returned_before(rows)
    if filters.returned_before:
        rows = rows.filter(returned_before=True)
    dossiers_first = Case(
        When(kind=Submission.Kind.DOSSIER, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return rows.order_by(dossiers_first, *SORTS.get(filters.sort, SORTS["moi"]))


def submission_for_reviewer(user, pk) -> Submission:
    """One submission the user may review; another office's answers Submission.DoesNotExist (→ 404)."""
    rows = office_submissions(user).select_related(
        "school__authority", "forwarded_to", "submitted_by", "reviewed_by", "unapproved_by"
    )
    return _with_returned_before(rows).get(pk=pk)


def versions_of(submission: Submission) -> list[Submission]:
    """Every version of the same school object, newest first."""
    return list(
        Submission.objects.for_school(submission.school)
        .filter(kind=submission.kind, reference=submission.reference)
        .select_related("reviewed_by")
        .order_by("-version")
    )


def _nominee_key(nominee: dict) -> tuple:
    return (nominee.get("nomination"), nominee.get("title"))


def nominee_changes(older: Submission, newer: Submission) -> dict[str, list]:
    """Who was added, removed or had their report changed between two versions of a dossier."""
    old = {_nominee_key(n): n for n in older.payload.get("nominees", [])}
    new = {_nominee_key(n): n for n in newer.payload.get("nominees", [])}
    fields = ("summary", "achievements", "initiative", "unit", "position")
    return {
        "added": [new[k] for k in new if k not in old],
        "removed": [old[k] for k in old if k not in new],
        "changed": [
            {"nominee": new[k], "fields": [f for f in fields if old[k].get(f) != new[k].get(f)]}
            for k in new
            if k in old and any(old[k].get(f) != new[k].get(f) for f in fields)
        ],
    }


def checklist_of(submission: Submission) -> list[dict]:
    return [
        {"code": code, "label": label, "ticked": bool(submission.checklist.get(code))}
        for code, label in CHECKLIST_ITEMS.items()
    ]


def documents_of(submission: Submission) -> list[dict]:
    """The documents the snapshot lists, each with the office's comments on this version."""
    comments: dict[str, list[str]] = {}
    for comment in submission.review_comments:
        comments.setdefault(comment.get("document", ""), []).append(comment.get("text", ""))
    codes = list(submission.payload.get("documents", []))
    if submission.payload.get("evidence"):
        codes.append("evidence")
    codes += [code for code in comments if code not in codes]
    return [{"code": c, "label": DOCUMENT_LABELS.get(c, c), "comments": comments.get(c, [])} for c in codes]


def nominees_of(submission: Submission) -> list[dict]:
    """The nominees of a dossier with the checker's answers made readable, and their evidence."""
    evidence_by_nomination: dict = {}
    for item in submission.payload.get("evidence", []):
        evidence_by_nomination.setdefault(item.get("nomination"), []).append(item)
    rows = []
    for nominee in submission.payload.get("nominees", []):
        checks = [
            {**answer, "status_label": CHECK_STATUS_LABELS.get(answer.get("status"), answer.get("status"))}
            for answer in nominee.get("check_report") or []
        ]
        rows.append(
            {
                **nominee,
                "checks": checks,
                "evidence": evidence_by_nomination.get(nominee.get("nomination"), []),
            }
        )
    return rows


def shared_evidence_of(submission: Submission) -> list[dict]:
    """Files of the whole dossier: neither a nominee's nor a good example's (those show with their own)."""
    return [
        e for e in submission.payload.get("evidence", []) if not e.get("nomination") and not e.get("example")
    ]


def examples_of(submission: Submission) -> list[dict]:
    """The good examples a snapshot carries (a dossier's chosen ones, or an "examples" submission), each
    with its own files."""
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    files: dict = {}
    for item in payload.get("evidence") or []:
        if isinstance(item, dict) and item.get("example"):
            files.setdefault(item["example"], []).append(item)
    return [
        {**e, "files": files.get(e.get("example"), [])}
        for e in payload.get("examples") or []
        if isinstance(e, dict)
    ]


def snapshot_evidence(submission: Submission) -> list[dict]:
    """The evidence files a snapshot lists, each with its id in the snapshot. A dossier numbers its own;
    a self-assessment lists files under each criterion, numbered here in order (1, 2, …) and tagged
    with their criterion: the snapshot never changes, so the numbers are stable."""
    payload = submission.payload if isinstance(submission.payload, dict) else {}
    if submission.kind == Submission.Kind.SELF_ASSESSMENT:
        files = [
            {**file, "criterion": item.get("criterion")}
            for item in payload.get("items") or []
            for file in item.get("evidence") or []
        ]
        return [{**file, "id": number} for number, file in enumerate(files, start=1)]
    return list(payload.get("evidence") or [])


def evidence_item(submission: Submission, evidence_id: int) -> dict | None:
    """An evidence file of the snapshot whose key is the sending school's own, or None. A snapshot is
    plain data, so the key is checked against the school's schema before anything is signed."""
    for item in snapshot_evidence(submission):
        if item.get("id") == evidence_id:
            key = str(item.get("key") or "")
            return item if key_belongs_to_school(key, submission.school.schema_name) else None
    return None


HISTORY_LABELS = {
    "returned": "Trả lại kèm ý kiến",
    "accepted": "Duyệt",
    "forwarded": "Trình cấp trên",
    "unapproved": "Hủy duyệt",
    "checklist_updated": "Cập nhật phiếu kiểm tra",
    "tampered": "Phát hiện minh chứng bị thay đổi trong kho lưu trữ",
    "confirmed": "Xác nhận kết quả xếp loại tập thể",
    "corrected": "Điều chỉnh kết quả xếp loại tập thể",
}


def review_history(submission: Submission) -> list[dict]:
    """The audit trail of this version, newest first, with each action named in Vietnamese."""
    return [
        {"event": e, "label": HISTORY_LABELS.get(e.action.rpartition(".")[2], e.action)}
        for e in history_of(submission)
    ]


@dataclass(frozen=True, slots=True)
class ApprovedNominee:
    school: str
    full_name: str
    position: str
    unit: str
    title: str
    title_label: str
    achievements: str
    # Rule 14: why the nominee goes first among the school's nominees for the same title ("" if not).
    priority_reason: str = ""
    priority_rank: int = 1


def _tie_priority(nominee: dict, rules):
    facts = nominee.get("facts") or {}
    if nominee.get("gender") is not None or nominee.get("staff"):
        return tie_priority(rules, gender=nominee.get("gender") or "")
    return tie_priority(
        rules, members_count=facts.get("members_count"), female_count=facts.get("female_count")
    )


def approved_nominees(user, year: int) -> list[ApprovedNominee]:
    """Every nominee of the dossiers the user's offices approved (accepted or forwarded) for the school
    year ending in `year`, ordered by title, school and name: the consolidated list sent upward. Within
    a school's nominees for one title (all approved alike, so tied) rule 14 puts women, and collectives
    with enough women, first, with the decree in force on the dossier's day; then Vietnamese name order."""
    dossiers = (
        office_submissions(user)
        .filter(kind=Submission.Kind.DOSSIER, year=year, status__in=APPROVED_STATUSES)
        .select_related("school")
        .only("payload", "school__name")
    )
    rows = []
    # Values many nominees share are kept once per export, not once per row (not sys.intern: interned
    # strings can outlive the request in a long-running worker).
    shared: dict[str, str] = {}

    def keep(value: str) -> str:
        return shared.setdefault(value, value)

    book = rule_book()  # the national rules of every day, one query; resolved once per dossier day
    # Snapshots are read a few at a time (a server-side cursor): 500 dossiers of 100 nominees would
    # otherwise hold every payload at once, twice the bounded export's memory.
    for dossier in dossiers.iterator(chunk_size=20):
        school = dossier.school.name
        as_of = dossier.payload.get("as_of")
        rules = book(date.fromisoformat(as_of) if as_of else timezone.localdate())
        for n in dossier.payload.get("nominees", []):
            unit = n.get("unit") or school
            priority = _tie_priority(n, rules)
            rows.append(
                ApprovedNominee(
                    school=school,
                    full_name=n.get("full_name", ""),
                    position=keep(n.get("position") or ""),
                    unit=keep(unit if unit == school else f"{unit}, {school}"),
                    title=keep(n.get("title", "")),
                    title_label=keep(n.get("title_label") or n.get("title", "")),
                    achievements=keep(n.get("summary") or ""),
                    priority_reason=keep(priority.reason),
                    priority_rank=priority.rank,
                )
            )
    rows.sort(
        key=lambda r: (
            TITLE_ORDER.get(r.title, len(TITLE_ORDER)),
            vietnamese_key(r.school),
            r.priority_rank,
            person_key(r.full_name),
        )
    )
    return rows


PLACE_WORDS = (" quận ", " huyện ", " thị xã ", " phường ", " xã ", " thành phố ", " tỉnh ")


def place_of(authority) -> str:
    """The place name printed before the date ("Hà Đông, ngày …"), taken from the authority's name."""
    name = f" {authority.name} "
    cuts = [name.rfind(word) + len(word) for word in PLACE_WORDS if word in name]
    return name[max(cuts) :].strip() if cuts else ""


def sending_offices(user) -> list:
    """The offices the user works for, each once: who may send the consolidated list upward."""
    seen: dict = {}
    for membership, _ in _office_scope(user):
        seen.setdefault(membership.authority.pk, membership.authority)
    return list(seen.values())


def office_head_name(authority) -> str:
    head = (
        Membership.objects.in_force()
        .filter(authority=authority, role=Role.OFFICE_HEAD, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return head.user.get_full_name() if head else ""


@dataclass(frozen=True)
class BundledFile:
    path: str  # the file's name inside the ZIP: "<school>/<dossier>/<nn> - <file name>"
    key: str  # the object storage key, checked to be the sending school's own
    sha256: str = ""  # what the school's server recorded when it checked the file ("" if unknown)
    size: int | None = None
    submission: object = field(default=None, compare=False)  # whose history a tampering goes to


def evidence_bundle(submissions) -> list[BundledFile]:
    """The evidence files of the given dossier submissions (already limited to what the user may see,
    e.g. the inbox's filter), one folder per school and per dossier, Vietnamese names kept (NFC) and
    made safe. A key that is not the sending school's own is left out, as for a single download."""
    files = []
    for submission in submissions:
        if submission.kind != Submission.Kind.DOSSIER:
            continue
        school = safe_filename(submission.school.name)
        dossier = safe_filename(
            f"Hồ sơ {submission.reference.rpartition(':')[2]} – phiên bản {submission.version}"
        )
        for number, item in enumerate(submission.payload.get("evidence", []), start=1):
            key = str(item.get("key") or "")
            if not key_belongs_to_school(key, submission.school.schema_name):
                continue
            name = safe_filename(item.get("filename") or key.rpartition("/")[2])
            size = item.get("size")
            files.append(
                BundledFile(
                    path=f"{school}/{dossier}/{number:02d} - {name}",
                    key=key,
                    sha256=str(item.get("sha256") or ""),
                    size=int(size) if isinstance(size, int) else None,
                    submission=submission,
                )
            )
    return files


# --- A school's own rating for a school year (xếp loại tập thể), confirmed by the office ---------------


def collective_rating_reference(school_year: str) -> str:
    """What a school's rating for a school year is sent as: one chain of versions per year."""
    return f"collective_rating:{school_year}"


@dataclass(frozen=True)
class CollectiveRatingState:
    """Where a school's own rating for a school year stands: what the school proposed in its latest
    version, and what the office confirmed (None while it has not, or after it unapproved)."""

    school_year: str
    proposed: Rating | None
    confirmed: Rating | None
    status: str
    status_label: str
    submission_id: int
    version: int
    school_note: str = ""
    office_note: str = ""
    confirmed_by: str = ""
    confirmed_at: object = None
    returned_comments: tuple[str, ...] = ()

    @property
    def corrected(self) -> bool:
        return self.confirmed is not None and self.confirmed != self.proposed

    @property
    def awaiting(self) -> bool:
        return self.confirmed is None and self.status == Submission.Status.SUBMITTED


def _rating_or_none(code) -> Rating | None:
    return Rating(code) if code in Rating.values else None


def collective_rating_of(school, school_year: str) -> CollectiveRatingState | None:
    """The school's rating for the year as the office has it, in one query; None if never sent. An
    approved version whose confirmation row is missing (accepted in a batch before confirmations were
    kept) counts as confirmed as proposed."""
    latest = (
        Submission.objects.for_school(school)
        .filter(kind=Submission.Kind.COLLECTIVE_RATING, reference=collective_rating_reference(school_year))
        .select_related("rating_confirmation__confirmed_by")
        .order_by("-version")
        .first()
    )
    if latest is None:
        return None
    payload = latest.payload if isinstance(latest.payload, dict) else {}
    proposed = _rating_or_none(payload.get("rating"))
    try:
        confirmation = latest.rating_confirmation
    except RatingConfirmation.DoesNotExist:
        confirmation = None
    confirmed = None
    if latest.status in APPROVED_STATUSES:
        confirmed = _rating_or_none(confirmation.rating) if confirmation else proposed
    return CollectiveRatingState(
        school_year=school_year,
        proposed=proposed,
        confirmed=confirmed,
        status=latest.status,
        status_label=latest.get_status_display(),
        submission_id=latest.pk,
        version=latest.version,
        school_note=str(payload.get("note") or ""),
        office_note=confirmation.note if confirmation and confirmed else "",
        confirmed_by=(
            confirmation.confirmed_by.get_full_name()
            if confirmation and confirmed and confirmation.confirmed_by_id
            else ""
        ),
        confirmed_at=confirmation.confirmed_at if confirmation and confirmed else None,
        returned_comments=tuple(_sent_version(latest).comment_lines)
        if latest.status == Submission.Status.RETURNED
        else (),
    )


@dataclass(frozen=True)
class SchoolYearReport:
    school: School
    submission: Submission | None  # the latest version still standing, None when none was sent


def year_report_consolidation(user, year: int) -> list[SchoolYearReport]:
    """Every school under the user's offices with its latest year-end report for the school year ending
    in `year` (returned ones included, as returned; superseded versions never): two queries, from the
    public schema only, whatever the number of schools."""
    schools = list(office_schools(user))
    latest: dict[int, Submission] = {}
    reports = (
        office_submissions(user)
        .filter(kind=Submission.Kind.YEAR_REPORT, year=year)
        .exclude(status=Submission.Status.SUPERSEDED)
        .order_by("school_id", "-version")
        .distinct("school_id")
    )
    for submission in reports:
        latest[submission.school_id] = submission
    return [SchoolYearReport(school, latest.get(school.pk)) for school in schools]


# --- What a school sent upward, as the school reads it back -----------------------------------------


@dataclass(frozen=True)
class SentVersion:
    """One version a school sent, as its office has it: the status, and the office's comments when it
    returned it. The school's pages show these beside what was sent (a plan, a registration list, the
    good examples, a dossier) and its home lists the latest of each."""

    version: int
    status: str
    status_label: str
    submitted_at: object
    comments: list[dict]
    unapproved_count: int = 0
    unapproval_reason: str = ""
    forwarded_to: str = ""
    forwarded_at: object = None
    reviewed_at: object = None
    kind: str = ""
    kind_label: str = ""
    title: str = ""
    reference: str = ""

    @property
    def comment_lines(self) -> list[str]:
        """The office's comments, each with the document it is about ("Tờ trình: …")."""
        lines = []
        for comment in self.comments or []:
            if not isinstance(comment, dict) or not str(comment.get("text") or "").strip():
                continue
            document = str(comment.get("document") or "")
            label = DOCUMENT_LABELS.get(document, document)
            text = str(comment["text"]).strip()
            lines.append(f"{label}: {text}" if document else text)
        return lines

    @property
    def returned(self) -> bool:
        return self.status == Submission.Status.RETURNED

    @property
    def reopened(self) -> bool:
        """Returned, or approved and then unapproved: the school corrects it and sends a new version."""
        return self.returned or (self.status == Submission.Status.SUBMITTED and self.unapproved_count > 0)


def _sent_version(submission: Submission) -> SentVersion:
    return SentVersion(
        version=submission.version,
        status=submission.status,
        status_label=submission.get_status_display(),
        submitted_at=submission.submitted_at,
        comments=submission.review_comments if isinstance(submission.review_comments, list) else [],
        unapproved_count=submission.unapproved_count,
        unapproval_reason=submission.unapproval_reason,
        forwarded_to=submission.forwarded_to.name if submission.forwarded_to_id else "",
        forwarded_at=submission.forwarded_at,
        reviewed_at=submission.reviewed_at,
        kind=submission.kind,
        kind_label=submission.get_kind_display(),
        title=submission.title,
        reference=submission.reference,
    )


def sent_versions(school, references, *, kind: str | None = None) -> dict[str, list[SentVersion]]:
    """Every version the school sent under each reference, newest first, in one query."""
    references = list(references)
    if not references:
        return {}
    rows = Submission.objects.for_school(school).filter(reference__in=references)
    if kind:
        rows = rows.filter(kind=kind)
    versions: dict[str, list[SentVersion]] = {}
    for submission in rows.select_related("forwarded_to").order_by("reference", "-version"):
        versions.setdefault(submission.reference, []).append(_sent_version(submission))
    return versions


def recently_sent(school, *, days: int = 120, limit: int = 12) -> list[SentVersion]:
    """The latest version of each thing the school sent or had reviewed in the last `days` days, the
    most recent news first: what the school's leaders look at to know where the office stands."""
    since = timezone.now() - timedelta(days=days)
    latest = (
        Submission.objects.for_school(school)
        .filter(
            version=Subquery(
                Submission.objects.filter(school=OuterRef("school"), reference=OuterRef("reference"))
                .order_by("-version")
                .values("version")[:1]
            )
        )
        .annotate(news=Greatest("submitted_at", Coalesce("reviewed_at", "submitted_at")))
        .filter(news__gte=since)
        .select_related("forwarded_to")
        .order_by("-news", "-pk")[:limit]
    )
    return [_sent_version(submission) for submission in latest]
