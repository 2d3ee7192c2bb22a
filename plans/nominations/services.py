"""Every write on nominations and dossiers: from the review's results to a checked nomination, and from
a complete dossier to an immutable, versioned Submission in the office's schema."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from office.accounts.models import SCHOOL_MANAGER_ROLES, SCHOOL_ROLES
from office.accounts.selectors import members_with_roles
from office.audit.services import record_event
from office.authorities.selectors import authority_of
from office.core.errors import Invalid, require
from office.core.school_years import clean_school_year, school_year_end
from office.core.text import nfc
from office.core.working_days import add_working_days
from office.rules.checker import MET, NOT_MET, UNKNOWN, check_nomination
from office.rules.facts import (
    ACHIEVEMENT_REPORT,
    COVER_LETTER,
    INITIATIVE_CERTIFICATE,
    MINUTES,
    SECRET_BALLOT,
    DossierFacts,
    award_key,
    facts_to_json,
)
from office.rules.selectors import rule_book
from office.rules.vocabulary import COLLECTIVE_TITLES, INDIVIDUAL_TITLES, Rating, Title
from office.submissions.models import Submission
from office.submissions.selectors import collective_rating_of, collective_rating_reference
from office.submissions.services import LOCKED_MESSAGE, submit
from plans.emulation.models import ReviewRound
from plans.emulation.selectors import passed_candidates
from plans.evidence.models import Evidence
from plans.facts.services import refresh_school_facts
from plans.initiatives.services import mark_initiative_used
from plans.nominations.documents import default_achievements
from plans.nominations.facts import nomination_facts
from plans.nominations.models import (
    DepartmentRating,
    Dossier,
    DossierEvidence,
    Nomination,
    Objection,
    Posting,
    PostingOverride,
    SchoolRating,
)
from plans.nominations.permissions import (
    OBJECT_REFUSAL,
    OVERRIDE_REFUSAL,
    PREPARE_REFUSAL,
    RATE_REFUSAL,
    SUBMIT_REFUSAL,
    can_answer_objection,
    can_object,
    can_override_posting,
    can_prepare_nominations,
    can_rate_collectives,
    can_submit_dossier,
)
from plans.nominations.selectors import (
    dossier_as_of,
    dossier_is_approved,
    dossier_is_editable,
    dossier_snapshot,
    nomination_as_of,
    posting_wait,
)
from plans.notifications.services import notify
from plans.planning.services import next_document_number
from tenants.schemas import current_school

VERDICTS = {
    MET: Nomination.Verdict.MET,
    NOT_MET: Nomination.Verdict.NOT_MET,
    UNKNOWN: Nomination.Verdict.UNKNOWN,
}
COVER_LETTER_TYPE = "TTr"


class NominationError(Invalid):
    """A nomination or dossier change that is refused; the message is for the user, in Vietnamese."""


def _require_preparer(user, school) -> None:
    """Refuse (403) anyone who may not prepare nominations in `school`; a service called without a
    school (the demo, a shell inside a school's schema) acts in the school of the connection's schema,
    and on public in none, where nobody may act."""
    school = school if school is not None else current_school()
    require(can_prepare_nominations(user, school), PREPARE_REFUSAL)


def _ensure_nomination_editable(nomination: Nomination) -> None:
    if nomination.dossier_id and not dossier_is_editable(nomination.dossier):
        raise NominationError(
            "Đề nghị đã nằm trong hồ sơ gửi lên cơ quan quản lý; chỉ sửa được khi hồ sơ bị trả lại."
        )


# What a department (tổ) may be proposed for as a collective; TTLĐXS is decided by the province's chair
# (routing.issuer), which the rules say on the nomination, not the school.
DEPARTMENT_TITLES = (Title.TTLDTT, Title.TTLDXS, Title.GIAY_KHEN)


@transaction.atomic
def create_nomination(
    *, school_year: str, staff, title: str, user, school=None, department=None
) -> Nomination:
    """A candidate for a title: a person (`staff`), a department (`department`), or — neither — the
    school itself as a collective."""
    _require_preparer(user, school)
    school_year = clean_school_year(school_year, NominationError)
    title = Title(title)
    if staff is not None and department is not None:
        raise NominationError("Hãy chọn một cá nhân hoặc một tổ, không chọn cả hai.")
    if staff is not None and title not in INDIVIDUAL_TITLES:
        raise NominationError(f"“{title.label}” là danh hiệu của tập thể, không đề nghị cho cá nhân được.")
    if staff is None and title not in COLLECTIVE_TITLES:
        raise NominationError(f"“{title.label}” là danh hiệu của cá nhân, không đề nghị cho tập thể được.")
    if department is not None and title not in DEPARTMENT_TITLES:
        allowed = ", ".join(t.label for t in DEPARTMENT_TITLES)
        raise NominationError(f"Tổ chỉ được đề nghị {allowed}; “{title.label}” là của tập thể trường.")
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                school_year=school_year, staff=staff, department=department, title=title, created_by=user
            )
            # The achievement report starts as a draft written from what the school knows; they edit it.
            nomination.achievements = default_achievements(nomination)
            nomination.save(update_fields=["achievements"])
    except IntegrityError as exc:
        who = Nomination(staff=staff, department=department).candidate_label
        raise NominationError(f"{who} đã có đề nghị {title.label} năm học {school_year}.") from exc
    record_event(
        "nomination.created",
        nomination,
        user=user,
        after={"title": title, "school_year": school_year, "department": getattr(department, "pk", None)},
    )
    refresh_school_facts(school_year=school_year)
    return nomination


@transaction.atomic
def nominations_from_review(*, school_year: str, user, school=None) -> list[Nomination]:
    """A nomination for everyone the council passed in the closed rounds of the year, once."""
    _require_preparer(user, school)
    school_year = clean_school_year(school_year, NominationError)
    existing = set(Nomination.objects.filter(school_year=school_year).values_list("staff_id", "title"))
    created = []
    for result in passed_candidates(school_year):
        candidate = result.candidate
        key = (candidate.staff_id, candidate.title)
        if key in existing:
            continue
        existing.add(key)
        created.append(
            create_nomination(
                school_year=school_year,
                staff=candidate.staff,
                title=candidate.title,
                user=user,
                school=school,
            )
        )
    return created


def _dossier_facts(nomination: Nomination, school) -> DossierFacts | None:
    dossier = nomination.dossier
    if dossier is None:
        return None
    documents = {COVER_LETTER}
    review_round = dossier.review_round
    if review_round is not None and review_round.status == ReviewRound.Status.CLOSED:
        documents.add(MINUTES)
        if review_round.method == ReviewRound.Method.BALLOT:
            documents.add(SECRET_BALLOT)
    if nomination.achievements.strip() or nomination.is_collective:
        documents.add(ACHIEVEMENT_REPORT)
    initiative = nomination.initiative
    if initiative is not None and initiative.recognized and initiative.decision_number:
        documents.add(INITIATIVE_CERTIFICATE)
    evidence_count = DossierEvidence.objects.filter(dossier=dossier).count()
    return DossierFacts(
        documents=frozenset(documents),
        evidence_count=evidence_count,
        evidence_certified=dossier.evidence_certified or None,
        addressed_to_level=dossier.addressed_to_level or None,
        school_level=school.level,  # a THPT school's dossier goes to the Sở (routing.issuer)
    )


def _first_problem(nomination: Nomination) -> str:
    problem = next((r for r in nomination.check_report if r["status"] == NOT_MET), None)
    return f"{problem['reason']} ({problem['article']})" if problem else ""


class _AsOf:
    """The day each check speaks for, and the rules of the school's authority on that day, read once
    per day however many nominations share it. An explicit `on` (a test, the demo) wins; otherwise the
    dossier's stored day, its review round's, the year's last closed round's, or today."""

    def __init__(self, school, on=None):
        self.school, self.on = school, on
        self._books, self._authorities, self._last_review = {}, {}, {}

    def day(self, nomination: Nomination):
        return self.on or nomination_as_of(nomination, last_review=self._last_review)

    def book(self, on):
        """The rule book of the authority the school answered to on `on`: the overrides in force are
        those of that day's authority, not today's (a school moved from the district to a ward)."""
        if on not in self._authorities:
            self._authorities[on] = authority_of(self.school, on) or self.school.authority
        authority = self._authorities[on]
        key = authority.pk if authority is not None else None
        if key not in self._books:
            self._books[key] = rule_book(authority)
        return self._books[key]


def _check(nomination: Nomination, *, school, user, as_of: _AsOf, seen: dict | None = None) -> Nomination:
    """Ask the rules checker about this candidate as of its day and keep its answer, rule by rule.
    The school's facts, which count verdicts, are left to the caller to refresh. `seen`, when given,
    receives the facts the checker read (nomination id → JSON), for the dossier's snapshot."""
    year = school_year_end(nomination.school_year)
    on = as_of.day(nomination)
    book = as_of.book(on)
    facts = nomination_facts(nomination, school=school, year=year, on=on)
    dossier = _dossier_facts(nomination, school)
    report = check_nomination(
        nomination.title, facts, year=year, on=on, rules=book(on), dossier=dossier, history=book
    )
    if seen is not None:
        seen[nomination.pk] = {
            "facts": facts_to_json(facts),
            "dossier_facts": facts_to_json(dossier) if dossier is not None else None,
        }
    nomination.verdict = VERDICTS[report.verdict]
    nomination.check_report = [
        {
            "code": r.code,
            "name": r.name,
            "status": r.status,
            "reason": r.reason,
            "article": r.article,
            **({"route": True} if r.route else {}),
        }
        for r in report.results
    ]
    nomination.checked_at = timezone.now()
    nomination.checked_on = on
    nomination.save(update_fields=["verdict", "check_report", "checked_at", "checked_on"])
    record_event(
        "nomination.checked",
        nomination,
        user=user,
        after={"verdict": nomination.verdict, "as_of": on.isoformat()},
    )
    return nomination


@transaction.atomic
def run_check(nomination: Nomination, *, school, user, on=None) -> Nomination:
    """Ask the rules checker about this candidate and keep its answer, rule by rule."""
    _require_preparer(user, school)
    _check(nomination, school=school, user=user, as_of=_AsOf(school, on))
    refresh_school_facts(school, nomination.school_year)
    return nomination


def _check_each(nominations, *, school, user, on=None, seen: dict | None = None):
    """The checker over several nominations, one by one as the caller takes them (it may stop at a
    refusal); who may check is asked at once. The rules are read once per authority, not once per
    nomination, and the caller counts the school's facts once when it is done (_refresh_facts_of),
    not after every nomination: that was eight counting queries each time (bench/load.py)."""
    _require_preparer(user, school)
    as_of = _AsOf(school, on)
    return (
        _check(nomination, school=school, user=user, as_of=as_of, seen=seen) for nomination in nominations
    )


def _refresh_facts_of(school, nominations) -> None:
    years = {nomination.school_year for nomination in nominations}
    if years:
        refresh_school_facts(school, years)


@transaction.atomic
def run_checks(nominations, *, school, user, on=None) -> int:
    """The checker over every nomination of the current filter (not only the page shown)."""
    checked = list(
        _check_each(
            nominations.select_related("staff", "department", "dossier__review_round", "initiative"),
            school=school,
            user=user,
            on=on,
        )
    )
    _refresh_facts_of(school, checked)
    return len(checked)


@transaction.atomic
def update_nomination(
    nomination: Nomination, *, summary: str, achievements: str, initiative, user, school=None
) -> Nomination:
    _require_preparer(user, school)
    _ensure_nomination_editable(nomination)
    if (
        initiative is not None
        and nomination.staff_id
        and not (
            initiative.author_id == nomination.staff_id
            or initiative.co_authors.filter(pk=nomination.staff_id).exists()
        )
    ):
        raise NominationError("Sáng kiến này không phải của người được đề nghị.")
    before = {"summary": nomination.summary, "initiative": nomination.initiative_id}
    nomination.summary = nfc(summary)[:500]
    nomination.achievements = "\n".join(nfc(line) for line in achievements.splitlines() if line.strip())
    nomination.initiative = initiative
    nomination.save(update_fields=["summary", "achievements", "initiative"])
    record_event(
        "nomination.changed",
        nomination,
        user=user,
        before=before,
        after={"summary": nomination.summary, "initiative": nomination.initiative_id},
    )
    return nomination


@transaction.atomic
def delete_nomination(nomination: Nomination, *, user, school=None) -> None:
    _require_preparer(user, school)
    _ensure_nomination_editable(nomination)
    record_event("nomination.deleted", nomination, user=user, before={"title": nomination.title})
    nomination.delete()
    refresh_school_facts(school_year=nomination.school_year)


@transaction.atomic
def create_dossier(
    *,
    school_year: str,
    subject: str,
    recipient: str,
    review_round,
    user,
    addressed_to_level: str = "",
    school=None,
) -> Dossier:
    _require_preparer(user, school)
    subject, recipient = nfc(subject), nfc(recipient)
    if not subject or not recipient:
        raise NominationError("Hãy ghi trích yếu tờ trình và nơi kính gửi.")
    dossier = Dossier.objects.create(
        school_year=school_year,
        subject=subject,
        recipient=recipient,
        review_round=review_round,
        addressed_to_level=addressed_to_level,
        created_by=user,
    )
    record_event("dossier.created", dossier, user=user, after={"subject": subject})
    refresh_school_facts(school_year=school_year)
    return dossier


def _ensure_dossier_editable(dossier: Dossier) -> None:
    if dossier_is_approved(dossier):
        raise NominationError(LOCKED_MESSAGE)
    if not dossier_is_editable(dossier):
        raise NominationError(
            "Hồ sơ đã gửi lên cơ quan quản lý nên không sửa được; chỉ sửa khi hồ sơ bị trả lại."
        )


@transaction.atomic
def add_to_dossier(dossier: Dossier, nominations, *, school, user, on=None) -> list[Nomination]:
    """Put checked nominations into the dossier; one the checker refuses stays out, with its reason."""
    _require_preparer(user, school)
    _ensure_dossier_editable(dossier)
    nominations = list(nominations)
    for nomination in nominations:
        if nomination.school_year != dossier.school_year:
            raise NominationError(f"{nomination} không thuộc năm học {dossier.school_year}.")
        if nomination.dossier_id and nomination.dossier_id != dossier.pk:
            raise NominationError(f"{nomination} đã nằm trong một hồ sơ khác.")
    added = []
    # The person's own conditions decide here; the dossier's completeness is checked on submission.
    # (A refusal rolls all of this back: the facts are counted once, after the last one went in.)
    for nomination in _check_each(nominations, school=school, user=user, on=on):
        if nomination.verdict == Nomination.Verdict.NOT_MET:
            raise NominationError(f"{nomination}: chưa đủ điều kiện. {_first_problem(nomination)}".strip())
        nomination.dossier = dossier
        nomination.save(update_fields=["dossier"])
        added.append(nomination)
    _refresh_facts_of(school, added)
    record_event(
        "dossier.nominations_added", dossier, user=user, after={"nominations": [n.pk for n in added]}
    )
    return added


@transaction.atomic
def confirm_evidence_certified(dossier: Dossier, *, certified: bool, user, school=None) -> Dossier:
    """The school vouches that its evidence files are originals or certified copies."""
    _require_preparer(user, school)
    _ensure_dossier_editable(dossier)
    dossier.evidence_certified = certified
    dossier.save(update_fields=["evidence_certified"])
    record_event("dossier.evidence_certified", dossier, user=user, after={"certified": certified})
    return dossier


@transaction.atomic
def remove_from_dossier(dossier: Dossier, nomination: Nomination, *, user, school=None) -> None:
    _require_preparer(user, school)
    _ensure_dossier_editable(dossier)
    if nomination.dossier_id != dossier.pk:
        raise NominationError("Đề nghị này không nằm trong hồ sơ.")
    nomination.dossier = None
    nomination.save(update_fields=["dossier"])
    record_event("dossier.nomination_removed", dossier, user=user, before={"nomination": nomination.pk})


@transaction.atomic
def attach_evidence(
    dossier: Dossier, evidence: Evidence, *, label: str, nomination=None, user, school=None
) -> DossierEvidence:
    _require_preparer(user, school)
    _ensure_dossier_editable(dossier)
    if evidence.status != Evidence.Status.VERIFIED:
        raise NominationError("Tệp minh chứng chưa được kiểm tra xong hoặc đã bị từ chối.")
    if nomination is not None and nomination.dossier_id != dossier.pk:
        raise NominationError("Đề nghị này không nằm trong hồ sơ.")
    link = DossierEvidence.objects.create(
        dossier=dossier, evidence=evidence, nomination=nomination, label=nfc(label) or evidence.filename
    )
    record_event(
        "dossier.evidence_attached", dossier, user=user, after={"evidence": evidence.pk, "label": link.label}
    )
    return link


@transaction.atomic
def submit_dossier(dossier: Dossier, *, school, user, on=None) -> Submission:
    """Check every nomination again with the dossier's documents, give the cover letter its number the
    first time, record the initiatives as used, and send an immutable version to the office."""
    require(can_submit_dossier(user, school), SUBMIT_REFUSAL)
    dossier = (
        Dossier.objects.select_for_update(of=("self",)).select_related("review_round").get(pk=dossier.pk)
    )
    _ensure_dossier_editable(dossier)
    nominations = list(
        dossier.nominations.select_related("staff", "department", "initiative", "dossier__review_round")
    )
    if not nominations:
        raise NominationError("Hồ sơ chưa có đề nghị nào.")
    # The wait is measured on the real day of sending; `on` is the day the checks speak for.
    waiting = posting_wait(dossier, nominations, on=timezone.localdate())
    if waiting:
        raise NominationError(f"Chưa gửi được hồ sơ. {waiting}")
    if dossier.as_of is None:
        # Kept from the first sending on: a correction sent in August still speaks for the May review.
        dossier.as_of = on or dossier_as_of(dossier)
        dossier.save(update_fields=["as_of"])
    # The facts each check read go into the snapshot: the office's re-check reads them, not our tables.
    seen: dict = {}
    list(_check_each(nominations, school=school, user=user, on=on or dossier.as_of, seen=seen))
    _refresh_facts_of(school, nominations)
    refused = [n for n in nominations if n.verdict == Nomination.Verdict.NOT_MET]
    if refused:
        details = "; ".join(f"{n}: {_first_problem(n)}" for n in refused)
        raise NominationError(f"Chưa gửi được hồ sơ. {details}")
    if not dossier.number:
        dossier.number = next_document_number(
            year=timezone.localdate().year, type_abbreviation=COVER_LETTER_TYPE, school=school
        )
        dossier.submitted_on = timezone.localdate()
        dossier.save(update_fields=["number", "submitted_on"])
    year = school_year_end(dossier.school_year)
    for nomination in nominations:
        if nomination.initiative_id:
            # Its refusal (already used for another award) is an Invalid too, and rolls all of this back.
            mark_initiative_used(nomination.initiative, used_for=award_key(nomination.title, year), user=user)
    submission = submit(
        school=school,
        kind=Submission.Kind.DOSSIER,
        reference=f"dossier:{dossier.pk}",
        year=year,
        title=f"Tờ trình {dossier.number} – {dossier.subject}",
        payload=dossier_snapshot(dossier, school=school, facts=seen),
        user=user,
    )
    dossier.submission_id = submission.pk
    dossier.save(update_fields=["submission_id"])
    record_event(
        "dossier.submitted",
        dossier,
        user=user,
        after={"version": submission.version, "submission": submission.pk},
    )
    refresh_school_facts(school, dossier.school_year)
    return submission


# --- Public posting of the proposed list and objections (công khai, Law 06/2022 Art. 5) -------------

POSTING_LINK = "/de-nghi/cong-khai/"
MAX_POSTING_DAYS = 30


def _display_name(user) -> str:
    return user.get_full_name() if user is not None else ""


def _posting_entries(nominations, school) -> list[dict]:
    return [
        {
            "nomination": n.pk,
            "full_name": n.candidate_name(school.name),
            "unit": n.staff.department.name if n.staff_id and n.staff.department_id else "",
            "title": n.title,
            "title_label": Title(n.title).label,
        }
        for n in nominations
    ]


@transaction.atomic
def publish_posting(dossier: Dossier, *, working_days: int, note: str = "", user, school, on=None) -> Posting:
    """Post the dossier's proposed list to the whole staff for `working_days` working days from `on`
    (today), and tell everyone with an account in the school. Posting again (after a change) starts
    a new period: the dossier waits for the end of the latest one."""
    _require_preparer(user, school)
    _ensure_dossier_editable(dossier)
    if not 1 <= int(working_days) <= MAX_POSTING_DAYS:
        raise NominationError(f"Số ngày làm việc công khai phải từ 1 đến {MAX_POSTING_DAYS}.")
    nominations = list(
        dossier.nominations.select_related("staff__department", "department").order_by(
            "title", "staff__full_name", "department__name"
        )
    )
    if not nominations:
        raise NominationError("Hồ sơ chưa có đề nghị nào để công khai.")
    starts_on = on or timezone.localdate()
    posting = Posting.objects.create(
        dossier=dossier,
        starts_on=starts_on,
        working_days=int(working_days),
        ends_on=add_working_days(starts_on, int(working_days)),
        note=nfc(note),
        entries=_posting_entries(nominations, school),
        published_by=user,
    )
    record_event(
        "posting.published",
        posting,
        user=user,
        after={
            "dossier": dossier.pk,
            "starts_on": posting.starts_on.isoformat(),
            "ends_on": posting.ends_on.isoformat(),
            "working_days": posting.working_days,
            "nominations": [n.pk for n in nominations],
        },
    )
    # Notification rows commit with the posting: nobody is told of a list that was not posted.
    message = (
        f"Nhà trường công khai danh sách đề nghị khen thưởng năm học {dossier.school_year} "
        f"đến hết ngày {posting.ends_on:%d/%m/%Y}. Thầy/cô xem và góp ý tại đây."
    )
    for person in members_with_roles(school, SCHOOL_ROLES).only("pk"):
        notify(recipient_id=person.pk, message=message, link=f"{POSTING_LINK}{posting.pk}/")
    return posting


@transaction.atomic
def raise_objection(
    posting: Posting, nomination: Nomination, *, reason: str, evidence=None, user, school, on=None
) -> Objection:
    """A staff member objects about one candidate of a posted list, while the posting lasts."""
    require(can_object(user, school), OBJECT_REFUSAL)
    today = on or timezone.localdate()
    reason = nfc(reason or "").strip()
    if not reason:
        raise NominationError("Hãy ghi rõ nội dung phản ánh.")
    if today > posting.ends_on:
        raise NominationError(
            f"Thời gian công khai đã kết thúc ngày {posting.ends_on:%d/%m/%Y}; không nhận thêm ý kiến."
        )
    posted = {entry["nomination"] for entry in posting.entries}
    if nomination.pk not in posted:
        raise NominationError("Người này không có trong danh sách đang công khai.")
    if evidence is not None and (
        evidence.status != Evidence.Status.VERIFIED or evidence.uploaded_by_id != user.pk
    ):
        raise NominationError("Tệp minh chứng chưa được kiểm tra xong hoặc không phải của bạn.")
    objection = Objection.objects.create(
        posting=posting,
        nomination=nomination,
        candidate_name=nomination.candidate_name(school.name),
        title=nomination.title,
        reason=reason,
        evidence=evidence,
        raised_by=user,
        raised_by_name=_display_name(user),
        raised_on=today,
    )
    record_event(
        "posting.objection_raised",
        objection,
        user=user,
        after={"nomination": nomination.pk, "reason": reason, "evidence": getattr(evidence, "pk", None)},
    )
    message = f"Có ý kiến phản ánh về {objection.candidate_name} ({Title(objection.title).label}) cần Hội đồng trả lời."
    for person in members_with_roles(school, SCHOOL_MANAGER_ROLES).only("pk"):
        notify(recipient_id=person.pk, message=message, link=f"/de-nghi/ho-so/{posting.dossier_id}/")
    return objection


@transaction.atomic
def answer_objection(
    objection: Objection, *, accepted: bool, answer: str, outcome: str = "", user, school, on=None
) -> Objection:
    """The council's answer. Accepted: the candidate is withdrawn (the nomination leaves the dossier
    and is deleted) or the nomination is to be changed; rejected: with the reason. Either way the
    objection stops blocking the candidate, and its author is told."""
    require(can_answer_objection(user, school), PREPARE_REFUSAL)
    objection = Objection.objects.select_for_update().select_related("posting__dossier").get(pk=objection.pk)
    if not objection.is_open:
        raise NominationError("Ý kiến này đã được trả lời.")
    _ensure_dossier_editable(objection.posting.dossier)
    answer = nfc(answer or "").strip()
    if not answer:
        raise NominationError("Hãy ghi nội dung trả lời của Hội đồng.")
    if accepted and outcome not in Objection.Outcome.values:
        raise NominationError("Hãy chọn hướng xử lý: rút tên hoặc điều chỉnh đề nghị.")
    objection.status = Objection.Status.ACCEPTED if accepted else Objection.Status.REJECTED
    objection.outcome = outcome if accepted else ""
    objection.answer = answer
    objection.answered_by = user
    objection.answered_by_name = _display_name(user)
    objection.answered_on = on or timezone.localdate()
    objection.save()
    record_event(
        "posting.objection_answered",
        objection,
        user=user,
        after={"status": objection.status, "outcome": objection.outcome, "answer": answer},
    )
    nomination = objection.nomination
    if accepted and outcome == Objection.Outcome.WITHDRAWN and nomination is not None:
        school_year = nomination.school_year
        record_event(
            "nomination.withdrawn",
            nomination,
            user=user,
            before={"title": nomination.title, "dossier": nomination.dossier_id},
            summary=f"Rút tên sau ý kiến phản ánh: {answer}",
        )
        nomination.delete()
        refresh_school_facts(school, school_year)
    if objection.raised_by_id:
        notify(
            recipient_id=objection.raised_by_id,
            message=(
                f"Hội đồng đã trả lời ý kiến của thầy/cô về {objection.candidate_name}: "
                f"{objection.get_status_display().lower()}. {answer}"
            ),
            link=f"{POSTING_LINK}{objection.posting_id}/",
        )
    return objection


@transaction.atomic
def override_posting_wait(dossier: Dossier, *, reason: str, user, school) -> PostingOverride:
    """The principal sends the dossier up before the posting period ended (or without a posting), on
    their own responsibility and with a reason, which is audited and travels with the dossier."""
    require(can_override_posting(user, school), OVERRIDE_REFUSAL)
    _ensure_dossier_editable(dossier)
    reason = nfc(reason or "").strip()
    if len(reason) < 10:
        raise NominationError("Hãy ghi rõ lý do gửi hồ sơ trước khi hết thời gian công khai.")
    override = PostingOverride.objects.create(
        dossier=dossier, reason=reason, decided_by=user, decided_by_name=_display_name(user)
    )
    record_event("dossier.posting_overridden", dossier, user=user, after={"reason": reason})
    return override


# --- Collective ratings: the school's own (confirmed by the office) and its departments' -------------


def _clean_rating(rating: str) -> Rating:
    if rating not in Rating.values:
        raise NominationError("Hãy chọn một mức xếp loại.")
    return Rating(rating)


@transaction.atomic
def send_school_rating(*, school_year: str, rating: str, note: str = "", user, school) -> SchoolRating:
    """The principal records the school's own rating for the year and sends it up for the office to
    confirm (a collective_rating Submission). Until the office confirms it the checker shows it and
    answers "cannot tell"; once confirmed it cannot be sent again unless the office unapproves it."""
    require(can_rate_collectives(user, school), RATE_REFUSAL)
    school_year = clean_school_year(school_year, NominationError)
    rating = _clean_rating(rating)
    note = nfc(note or "").strip()
    state = collective_rating_of(school, school_year)
    if state is not None and state.confirmed is not None:
        raise NominationError(
            f"Cơ quan quản lý đã xác nhận xếp loại năm học {school_year} ({state.confirmed.label}); "
            "chỉ gửi lại được khi lãnh đạo cơ quan quản lý hủy duyệt."
        )
    before = SchoolRating.objects.filter(school_year=school_year).values("rating", "note").first()
    row, _ = SchoolRating.objects.update_or_create(
        school_year=school_year, defaults={"rating": rating, "note": note, "entered_by": user}
    )
    submission = submit(
        school=school,
        kind=Submission.Kind.COLLECTIVE_RATING,
        reference=collective_rating_reference(school_year),
        year=school_year_end(school_year),
        title=f"Xếp loại tập thể năm học {school_year}: {rating.label}",
        payload={
            "school_year": school_year,
            "rating": str(rating),
            "rating_label": rating.label,
            "note": note,
            "entered_by": _display_name(user),
            "date": timezone.localdate().isoformat(),
        },
        user=user,
    )
    row.submission_id = submission.pk
    row.save(update_fields=["submission_id"])
    record_event(
        "school_rating.sent",
        row,
        user=user,
        before=before or {},
        after={
            "rating": str(rating),
            "note": note,
            "submission": submission.pk,
            "version": submission.version,
        },
    )
    return row


@transaction.atomic
def rate_department(
    department, *, school_year: str, rating: str, note: str = "", user, school
) -> DepartmentRating:
    """The principal's rating of a department for the year: the department's own rating when it is
    proposed as a collective (Tập thể lao động tiên tiến)."""
    require(can_rate_collectives(user, school), RATE_REFUSAL)
    school_year = clean_school_year(school_year, NominationError)
    rating = _clean_rating(rating)
    note = nfc(note or "").strip()
    before = (
        DepartmentRating.objects.filter(department=department, school_year=school_year)
        .values("rating", "note")
        .first()
    )
    row, _ = DepartmentRating.objects.update_or_create(
        department=department,
        school_year=school_year,
        defaults={"rating": rating, "note": note, "rated_by": user},
    )
    record_event(
        "department.rated",
        row,
        user=user,
        before=before or {},
        after={"department": department.pk, "school_year": school_year, "rating": str(rating), "note": note},
    )
    return row
