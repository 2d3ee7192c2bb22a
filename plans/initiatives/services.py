"""Every write on initiatives, their rubric, council, reviews and decision. Each function a person
triggers first asks plans.initiatives.permissions whether that person may (manager, author, council
chair, reviewer) and raises Refused (403) if not; then the rules of the procedure itself (an author
never reviews their own initiative, points within the rubric, nothing changes after the decision,
one use per initiative) raise InitiativeError (400). Both carry a Vietnamese message and come before
anything is written; every change is audited in the same transaction.

The school a right is asked for is the one whose schema holds the initiative (the connection's),
unless the function is given the school. `ensure_rubric` and the single-use pair are asked for by
other services, not by a person: see their docstrings."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from office.accounts.selectors import has_school_membership
from office.audit.services import record_event
from office.core.errors import Invalid, require
from office.core.school_years import clean_school_year
from office.core.text import nfc
from office.rules.vocabulary import Scope
from plans.evidence.models import Evidence
from plans.facts.services import refresh_school_facts
from plans.initiatives.models import (
    CouncilMember,
    Criterion,
    GradeBand,
    Initiative,
    InitiativeCouncil,
    Review,
    ReviewScore,
    Rubric,
)
from plans.initiatives.permissions import (
    ASSIGN_REFUSED,
    ATTACH_REFUSED,
    COUNCIL_REFUSED,
    DECIDE_REFUSED,
    EDIT_REFUSED,
    MANAGERS_REGISTER_FOR_OTHERS,
    REVIEW_PERMISSION,
    RUBRIC_REFUSED,
    SCORE_REFUSED,
    SUBMIT_REFUSED,
    can_assign_reviewers,
    can_decide,
    can_edit,
    can_manage,
    can_register_for,
    can_score,
)
from plans.initiatives.scoring import band_for, points_label, review_state
from plans.initiatives.selectors import council_for, rubric_in_use, staff_ids_of
from plans.notifications.services import notify
from plans.staff.models import Staff
from tenants.schemas import current_school

MAX_REVIEWERS = 3
DEFAULT_CRITERIA = (
    ("Tính mới", Decimal(30)),
    ("Tính khoa học", Decimal(20)),
    ("Khả năng áp dụng", Decimal(20)),
    ("Hiệu quả", Decimal(20)),
    ("Hình thức trình bày", Decimal(10)),
)
DEFAULT_BANDS = (
    ("Tốt", Decimal(85), True),
    ("Khá", Decimal(70), True),
    ("Đạt", Decimal(50), True),
    ("Không đạt", Decimal(0), False),
)


class InitiativeError(Invalid):
    """A change that is refused; the message is for the user, in Vietnamese."""


def _school_year(value: str) -> str:
    return clean_school_year(value, InitiativeError)


def _points(value, label: str) -> Decimal:
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InitiativeError(f"{label}: “{value}” không phải là một số.") from None
    if not points.is_finite() or points < 0:
        raise InitiativeError(f"{label}: điểm không được âm.")
    if points != points.quantize(Decimal("0.01")):
        raise InitiativeError(f"{label}: điểm chỉ lấy tối đa hai chữ số thập phân.")
    return points


def _locked_initiative(initiative: Initiative) -> Initiative:
    """The row, locked for the rest of the transaction, and refused once the council has decided."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.is_locked:
        raise InitiativeError(f"Sáng kiến “{locked.title}” đã có kết quả nên không thay đổi được nữa.")
    return locked


def _snapshot(initiative: Initiative) -> dict:
    return {
        "title": initiative.title,
        "field": initiative.field,
        "summary": initiative.summary,
        "status": initiative.status,
        "co_authors": sorted(initiative.co_authors.values_list("pk", flat=True)),
        "document": initiative.document_id,
    }


def _detail_link(initiative: Initiative) -> str:
    return reverse("initiative-detail", args=[initiative.pk])


# --- Rubric -----------------------------------------------------------------------------------------


@transaction.atomic
def ensure_rubric(school_year: str, *, user=None) -> Rubric:
    """The year's rubric, created with the default criteria and bands the first time it is needed.
    It asks no right: nobody decides anything here (the defaults are the platform's), and it is
    reached through services that checked theirs (saving the rubric, assigning, scoring, deciding)."""
    rubric, created = Rubric.objects.get_or_create(school_year=_school_year(school_year))
    if created:
        Criterion.objects.bulk_create(
            Criterion(rubric=rubric, position=index, name=name, max_points=points)
            for index, (name, points) in enumerate(DEFAULT_CRITERIA, start=1)
        )
        GradeBand.objects.bulk_create(
            GradeBand(rubric=rubric, name=name, min_points=points, passing=passing)
            for name, points, passing in DEFAULT_BANDS
        )
        record_event("initiative_rubric.created", rubric, user=user, summary=f"Năm học {school_year}")
    return rubric


def _rubric_content(rubric: Rubric) -> dict:
    return {
        "criteria": [[c.name, str(c.max_points)] for c in rubric.criteria.all()],
        "bands": [[b.name, str(b.min_points), b.passing] for b in rubric.bands.all()],
    }


@transaction.atomic
def save_rubric(
    school_year: str,
    *,
    criteria: Iterable[tuple[str, object]],
    bands: Iterable[tuple[str, object, bool]],
    user,
) -> Rubric:
    """Replace the year's criteria and grade bands. Refused once a review of that year holds points:
    every review of a year is scored on the same rubric."""
    require(can_manage(user, current_school()), RUBRIC_REFUSED)
    rubric = ensure_rubric(school_year, user=user)
    Rubric.objects.select_for_update().get(pk=rubric.pk)
    if rubric_in_use(rubric.school_year):
        raise InitiativeError(
            f"Đã có phiếu chấm của năm học {rubric.school_year} nên không sửa được tiêu chí, thang điểm."
        )
    clean_criteria = []
    for name, max_points in criteria:
        name = nfc(name)
        if not name:
            raise InitiativeError("Hãy ghi tên của mỗi tiêu chí.")
        points = _points(max_points, f"Tiêu chí “{name}”")
        if points <= 0:
            raise InitiativeError(f"Tiêu chí “{name}”: điểm tối đa phải lớn hơn 0.")
        clean_criteria.append((name, points))
    if not clean_criteria:
        raise InitiativeError("Bộ tiêu chí cần ít nhất một tiêu chí.")
    if len({name.casefold() for name, _ in clean_criteria}) != len(clean_criteria):
        raise InitiativeError("Hai tiêu chí trùng tên; hãy đặt tên khác nhau.")
    total = sum((points for _, points in clean_criteria), Decimal(0))
    clean_bands = []
    for name, min_points, passing in bands:
        name = nfc(name)
        if not name:
            raise InitiativeError("Hãy ghi tên của mỗi mức xếp loại.")
        points = _points(min_points, f"Mức “{name}”")
        if points > total:
            raise InitiativeError(
                f"Mức “{name}” bắt đầu từ {points_label(points)} điểm, cao hơn tổng điểm tối đa {points_label(total)}."
            )
        clean_bands.append((name, points, bool(passing)))
    if len({points for _, points, _ in clean_bands}) != len(clean_bands):
        raise InitiativeError("Hai mức xếp loại có cùng điểm bắt đầu.")
    if not any(points == 0 for _, points, _ in clean_bands):
        raise InitiativeError("Cần một mức xếp loại bắt đầu từ 0 điểm (ví dụ: Không đạt).")
    before = _rubric_content(rubric)
    rubric.criteria.all().delete()
    rubric.bands.all().delete()
    Criterion.objects.bulk_create(
        Criterion(rubric=rubric, position=index, name=name, max_points=points)
        for index, (name, points) in enumerate(clean_criteria, start=1)
    )
    GradeBand.objects.bulk_create(
        GradeBand(rubric=rubric, name=name, min_points=points, passing=passing)
        for name, points, passing in clean_bands
    )
    rubric.save(update_fields=["updated_at"])
    record_event(
        "initiative_rubric.saved",
        rubric,
        user=user,
        summary=f"Năm học {rubric.school_year}: {len(clean_criteria)} tiêu chí, tổng {points_label(total)} điểm",
        before=before,
        after=_rubric_content(rubric),
    )
    return rubric


# --- Council ----------------------------------------------------------------------------------------


@transaction.atomic
def save_council(
    *,
    school,
    school_year: str,
    chair,
    members: Iterable,
    gap_threshold,
    decision_basis: str = "",
    user,
) -> InitiativeCouncil:
    """Set up (or change) the year's initiative council. The chair is a member too."""
    require(can_manage(user, school), COUNCIL_REFUSED)
    school_year = _school_year(school_year)
    if chair is None:
        raise InitiativeError("Hãy chọn chủ tịch hội đồng.")
    people = {member.pk: member for member in members}
    people[chair.pk] = chair
    outsiders = [p.get_full_name() for p in people.values() if not has_school_membership(p, school)]
    if outsiders:
        raise InitiativeError(f"{', '.join(outsiders)} không thuộc trường nên không vào hội đồng được.")
    gap = _points(gap_threshold, "Độ lệch tối đa")
    council, created = InitiativeCouncil.objects.select_for_update().get_or_create(school_year=school_year)
    before = (
        None
        if created
        else {
            "chair": council.chair_id,
            "members": sorted(council.memberships.values_list("user_id", flat=True)),
            "gap_threshold": str(council.gap_threshold),
            "decision_basis": council.decision_basis,
        }
    )
    council.chair = chair
    council.gap_threshold = gap
    council.decision_basis = nfc(decision_basis)
    council.save()
    council.memberships.exclude(user_id__in=people).delete()
    existing = set(council.memberships.values_list("user_id", flat=True))
    CouncilMember.objects.bulk_create(
        CouncilMember(council=council, user_id=pk) for pk in people if pk not in existing
    )
    record_event(
        "initiative_council.saved",
        council,
        user=user,
        summary=f"Hội đồng sáng kiến năm học {school_year}: {len(people)} thành viên",
        before=before,
        after={
            "chair": chair.pk,
            "members": sorted(people),
            "gap_threshold": str(gap),
            "decision_basis": council.decision_basis,
        },
    )
    return council


# --- Registering and submitting ---------------------------------------------------------------------


def _clean_co_authors(author: Staff, co_authors: Iterable[Staff]) -> list[Staff]:
    co_authors = {staff.pk: staff for staff in co_authors}
    if author.pk in co_authors:
        raise InitiativeError("Tác giả không đồng thời là đồng tác giả.")
    return list(co_authors.values())


@transaction.atomic
def register_initiative(
    *,
    school_year: str,
    author: Staff,
    title: str,
    field: str = "",
    summary: str = "",
    co_authors: Iterable[Staff] = (),
    user,
) -> Initiative:
    """Register a topic (đăng ký đề tài); the document comes later."""
    require(can_register_for(user, current_school(), author), MANAGERS_REGISTER_FOR_OTHERS)
    school_year = _school_year(school_year)
    title = nfc(title)
    if not title:
        raise InitiativeError("Hãy ghi tên sáng kiến.")
    co_authors = _clean_co_authors(author, co_authors)
    initiative = Initiative.objects.create(
        school_year=school_year,
        author=author,
        title=title,
        field=nfc(field),
        summary=nfc(summary),
        registered_by=user,
    )
    initiative.co_authors.set(co_authors)
    record_event(
        "initiative.registered",
        initiative,
        user=user,
        summary=f"{title} – {author.full_name} ({school_year})",
        after=_snapshot(initiative),
    )
    return initiative


@transaction.atomic
def update_initiative(
    initiative: Initiative,
    *,
    title: str,
    field: str = "",
    summary: str = "",
    co_authors: Iterable[Staff] = (),
    user,
) -> Initiative:
    initiative = _locked_initiative(initiative)
    require(can_edit(user, current_school(), initiative, staff_ids_of(user)), EDIT_REFUSED)
    title = nfc(title)
    if not title:
        raise InitiativeError("Hãy ghi tên sáng kiến.")
    co_authors = _clean_co_authors(initiative.author, co_authors)
    before = _snapshot(initiative)
    initiative.title, initiative.field, initiative.summary = title, nfc(field), nfc(summary)
    initiative.save(update_fields=["title", "field", "summary", "updated_at"])
    initiative.co_authors.set(co_authors)
    record_event(
        "initiative.updated", initiative, user=user, summary=title, before=before, after=_snapshot(initiative)
    )
    return initiative


@transaction.atomic
def attach_document(initiative: Initiative, evidence: Evidence, *, user) -> Initiative:
    """Put the uploaded document (a checked evidence file) on the initiative, or replace it, until
    the review starts."""
    initiative = _locked_initiative(initiative)
    require(can_edit(user, current_school(), initiative, staff_ids_of(user)), ATTACH_REFUSED)
    if evidence.kind != Evidence.Kind.INITIATIVE or evidence.status != Evidence.Status.VERIFIED:
        raise InitiativeError("Tài liệu chưa được tải lên xong hoặc không phải tài liệu sáng kiến.")
    if evidence.uploaded_by_id != getattr(user, "pk", None):
        raise InitiativeError("Chỉ gắn được tệp do chính bạn tải lên.")
    before = initiative.document_id
    initiative.document = evidence
    initiative.save(update_fields=["document", "updated_at"])
    record_event(
        "initiative.document_attached",
        initiative,
        user=user,
        summary=evidence.filename,
        before={"document": before},
        after={"document": evidence.pk, "filename": evidence.filename, "sha256": evidence.sha256},
    )
    return initiative


@transaction.atomic
def submit_initiative(initiative: Initiative, *, user) -> Initiative:
    initiative = _locked_initiative(initiative)
    require(can_edit(user, current_school(), initiative, staff_ids_of(user)), SUBMIT_REFUSED)
    if initiative.status != Initiative.Status.REGISTERED:
        raise InitiativeError("Sáng kiến đã được nộp rồi.")
    if initiative.document_id is None:
        raise InitiativeError("Hãy tải lên tài liệu sáng kiến trước khi nộp.")
    initiative.status = Initiative.Status.SUBMITTED
    initiative.submitted_at = timezone.now()
    initiative.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(
        "initiative.submitted",
        initiative,
        user=user,
        summary=initiative.title,
        before={"status": Initiative.Status.REGISTERED},
        after={"status": initiative.status, "document": initiative.document_id},
    )
    return initiative


# --- Reviewers --------------------------------------------------------------------------------------


def _reviewer_is_author(initiative: Initiative, reviewer_staff_ids: set[int]) -> bool:
    if initiative.author_id in reviewer_staff_ids:
        return True
    return initiative.co_authors.filter(pk__in=reviewer_staff_ids).exists()


@transaction.atomic
def assign_reviewer(initiative: Initiative, reviewer, *, school, user) -> Review:
    """Grant `reviewer` the review of one initiative (django-guardian: initiatives.review_initiative
    on this initiative) and open their review. Never the author or a co-author; a reviewer from the
    author's department is allowed and flagged. Two reviewers, and a third only when the first two
    disagree by more than the council's gap."""
    require(can_assign_reviewers(user, school, council_for(initiative.school_year)), ASSIGN_REFUSED)
    initiative = _locked_initiative(initiative)
    if initiative.status == Initiative.Status.REGISTERED:
        raise InitiativeError(
            f"Sáng kiến “{initiative.title}” chưa nộp tài liệu nên chưa phân công chấm được."
        )
    if not has_school_membership(reviewer, school):
        raise InitiativeError(f"{reviewer.get_full_name()} không thuộc trường nên không chấm được.")
    reviewer_staff_ids = staff_ids_of(reviewer)
    if _reviewer_is_author(initiative, reviewer_staff_ids):
        raise InitiativeError(
            f"{reviewer.get_full_name()} là tác giả hoặc đồng tác giả của sáng kiến “{initiative.title}” "
            "nên không được chấm sáng kiến này."
        )
    reviews = list(initiative.reviews.all())
    if any(review.reviewer_id == reviewer.pk for review in reviews):
        raise InitiativeError(f"{reviewer.get_full_name()} đã được phân công chấm sáng kiến này.")
    council = council_for(initiative.school_year)
    state = review_state(reviews, council.gap_threshold if council else None)
    if len(reviews) >= MAX_REVIEWERS:
        raise InitiativeError("Sáng kiến đã đủ ba người chấm.")
    if len(reviews) == 2 and not state.needs_third:
        raise InitiativeError(
            "Sáng kiến đã có hai người chấm. Chỉ thêm người chấm thứ ba khi hai phiếu đã nộp lệch nhau "
            "quá mức hội đồng cho phép."
        )
    ensure_rubric(initiative.school_year, user=user)
    author_department = initiative.author.department_id
    same_department = bool(
        author_department
        and Staff.objects.filter(pk__in=reviewer_staff_ids, department_id=author_department).exists()
    )
    review = Review.objects.create(
        initiative=initiative,
        reviewer=reviewer,
        position=max((r.position for r in reviews), default=0) + 1,
        same_department=same_department,
        assigned_by=user,
    )
    assign_perm(REVIEW_PERMISSION, reviewer, initiative)
    before_status = initiative.status
    if initiative.status == Initiative.Status.SUBMITTED:
        initiative.status = Initiative.Status.UNDER_REVIEW
        initiative.save(update_fields=["status", "updated_at"])
    record_event(
        "initiative.reviewer_assigned",
        initiative,
        user=user,
        summary=f"Người chấm thứ {review.position}: {reviewer.get_full_name()}"
        + (" (cùng tổ với tác giả)" if same_department else ""),
        before={"status": before_status},
        after={
            "status": initiative.status,
            "reviewer": reviewer.pk,
            "position": review.position,
            "same_department": same_department,
        },
    )
    notify(
        recipient_id=reviewer.pk,
        message=f"Bạn được phân công chấm sáng kiến “{initiative.title}” (năm học {initiative.school_year}).",
        link=_detail_link(initiative),
    )
    return review


@transaction.atomic
def remove_reviewer(review: Review, *, user) -> None:
    """Withdraw a reviewer who has not submitted yet, with their grant."""
    council = council_for(review.initiative.school_year)
    require(can_assign_reviewers(user, current_school(), council), ASSIGN_REFUSED)
    initiative = _locked_initiative(review.initiative)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_submitted:
        raise InitiativeError("Người chấm đã nộp phiếu nên không rút khỏi sáng kiến được.")
    reviewer = review.reviewer
    remove_perm(REVIEW_PERMISSION, reviewer, initiative)
    review.delete()
    before_status = initiative.status
    if not initiative.reviews.exists():
        initiative.status = Initiative.Status.SUBMITTED
        initiative.save(update_fields=["status", "updated_at"])
    record_event(
        "initiative.reviewer_removed",
        initiative,
        user=user,
        summary=f"Rút người chấm {reviewer.get_full_name()}",
        before={"status": before_status, "reviewer": reviewer.pk},
        after={"status": initiative.status},
    )


@dataclass
class BatchResult:
    assigned: list[Initiative] = field(default_factory=list)
    skipped: list[tuple[Initiative, str]] = field(default_factory=list)


def assign_reviewer_to_all(initiatives, reviewer, *, school, user) -> BatchResult:
    """Assign `reviewer` to every initiative of `initiatives` (the whole filter, not a page of it)
    that has no reviewer yet. Each one is assigned on its own, so one refusal (the reviewer's own
    initiative, a topic without its document…) skips that initiative only, with the reason. Who may
    assign is asked for every school year of the batch first, so a batch is refused whole or not at all."""
    result = BatchResult()
    targets = list(initiatives.filter(reviews__isnull=True).order_by("title", "pk").distinct())
    for school_year in sorted({initiative.school_year for initiative in targets}):
        require(can_assign_reviewers(user, school, council_for(school_year)), ASSIGN_REFUSED)
    for initiative in targets:
        try:
            assign_reviewer(initiative, reviewer, school=school, user=user)
        except InitiativeError as exc:
            result.skipped.append((initiative, str(exc)))
        else:
            result.assigned.append(initiative)
    return result


# --- Scoring ----------------------------------------------------------------------------------------


@transaction.atomic
def save_review(
    review: Review,
    *,
    points: Mapping,
    comment: str = "",
    submit: bool = False,
    user,
) -> Review:
    """The reviewer's points per criterion (each within its maximum), saved as a draft or submitted.
    A submitted review is final."""
    initiative = _locked_initiative(review.initiative)
    review = Review.objects.select_for_update().get(pk=review.pk)
    require(can_score(user, review, initiative), SCORE_REFUSED)
    if review.is_submitted:
        raise InitiativeError("Phiếu chấm đã nộp nên không sửa được nữa.")
    criteria = list(ensure_rubric(initiative.school_year, user=user).criteria.all())
    known = {str(criterion.pk) for criterion in criteria}
    unknown = [key for key in points if str(key) not in known]
    if unknown:
        raise InitiativeError("Có tiêu chí không thuộc bộ tiêu chí của năm học này; hãy tải lại trang.")
    given = {str(key): value for key, value in points.items()}
    scores, missing = [], []
    for criterion in criteria:
        raw = given.get(str(criterion.pk))
        if raw is None or str(raw).strip() == "":
            missing.append(criterion.name)
            continue
        value = _points(raw, f"Tiêu chí “{criterion.name}”")
        if value > criterion.max_points:
            raise InitiativeError(
                f"Tiêu chí “{criterion.name}” tối đa {points_label(criterion.max_points)} điểm; bạn nhập {points_label(value)}."
            )
        scores.append(ReviewScore(review=review, criterion=criterion, points=value))
    if submit and missing:
        raise InitiativeError(
            f"Hãy chấm đủ các tiêu chí trước khi nộp phiếu; còn thiếu: {', '.join(missing)}."
        )
    review.scores.all().delete()
    ReviewScore.objects.bulk_create(scores)
    review.total = sum((score.points for score in scores), Decimal(0)) if scores else None
    review.comment = nfc(comment)
    review.status = Review.Status.SUBMITTED if submit else Review.Status.DRAFT
    review.submitted_at = timezone.now() if submit else None
    review.save(update_fields=["total", "comment", "status", "submitted_at"])
    record_event(
        "initiative.scored",
        initiative,
        user=user,
        summary=f"Người chấm thứ {review.position} {'nộp phiếu' if submit else 'lưu nháp'}",
        after={
            "review": review.pk,
            "position": review.position,
            "submitted": submit,
            "total": str(review.total) if review.total is not None else None,
        },
    )
    if submit:
        council = council_for(initiative.school_year)
        state = review_state(list(initiative.reviews.all()), council.gap_threshold if council else None)
        if state.needs_third and council and council.chair_id:
            notify(
                recipient_id=council.chair_id,
                message=f"Hai phiếu chấm sáng kiến “{initiative.title}” lệch nhau quá "
                f"{points_label(council.gap_threshold)} điểm: cần người chấm thứ ba.",
                link=_detail_link(initiative),
            )
    return review


# --- Decision ---------------------------------------------------------------------------------------


@transaction.atomic
def decide_initiative(
    initiative: Initiative,
    *,
    recognized: bool,
    scope: str = "",
    decision_number: str,
    decision_date: date | None,
    user,
) -> Initiative:
    """The council's result: the grade of the average of the relevant submitted reviews (from the
    year's bands), recognised or not, the scope of recognition, and the decision's number and date.
    Everything about the initiative is locked afterwards."""
    require(can_decide(user, current_school(), council_for(initiative.school_year)), DECIDE_REFUSED)
    initiative = _locked_initiative(initiative)
    reviews = list(initiative.reviews.all())
    council = council_for(initiative.school_year)
    state = review_state(reviews, council.gap_threshold if council else None)
    if state.needs_third:
        raise InitiativeError(
            "Hai phiếu chấm lệch nhau quá mức cho phép: cần người chấm thứ ba trước khi quyết định."
        )
    if not state.ready:
        raise InitiativeError(
            f"Cần ít nhất hai phiếu chấm đã nộp và mọi người chấm đã nộp phiếu "
            f"(hiện có {state.submitted}/{state.assigned} phiếu đã nộp)."
        )
    band = band_for(state.average, ensure_rubric(initiative.school_year).bands.all())
    if band is None:
        raise InitiativeError("Thang xếp loại của năm học không có mức cho điểm này; hãy sửa tiêu chí.")
    if recognized and not band.passing:
        raise InitiativeError(f"Sáng kiến xếp loại “{band.name}” nên không được công nhận.")
    if recognized and scope not in Scope.values:
        raise InitiativeError("Hãy chọn phạm vi ảnh hưởng của sáng kiến được công nhận.")
    decision_number = nfc(decision_number)
    if not decision_number or decision_date is None:
        raise InitiativeError("Hãy ghi số và ngày của quyết định.")
    before = {"status": initiative.status}
    initiative.average_points = state.average
    initiative.grade = band.name
    initiative.recognized = bool(recognized)
    initiative.scope = scope if recognized else ""
    initiative.decision_number = decision_number
    initiative.decision_date = decision_date
    initiative.decided_by = user
    initiative.decided_at = timezone.now()
    initiative.status = Initiative.Status.DECIDED
    initiative.save()
    record_event(
        "initiative.decided",
        initiative,
        user=user,
        summary=f"{band.name} ({points_label(state.average)} điểm) – "
        + ("được công nhận" if recognized else "không được công nhận")
        + f", quyết định số {decision_number}",
        before=before,
        after={
            "status": initiative.status,
            "average_points": str(state.average),
            "grade": band.name,
            "recognized": initiative.recognized,
            "scope": initiative.scope,
            "decision_number": decision_number,
            "decision_date": decision_date.isoformat(),
        },
    )
    if initiative.author.user_id:
        notify(
            recipient_id=initiative.author.user_id,
            message=f"Sáng kiến “{initiative.title}” xếp loại {band.name}"
            + (", được công nhận." if recognized else ", không được công nhận."),
            link=_detail_link(initiative),
        )
    refresh_school_facts(school_year=initiative.school_year)
    return initiative


# --- Single use -------------------------------------------------------------------------------------


@transaction.atomic
def mark_initiative_used(initiative: Initiative, *, used_for: str, user) -> Initiative:
    """Record the one title or form (award or nomination) this initiative is used for: an initiative
    counts toward one award only, ever (CV 5007/BNV-TĐKT). Marking it again for the same thing changes
    nothing; for anything else it is refused. It asks no right of its own: it is called by the
    nominations service, which checked the right of the person proposing the award."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    used_for = nfc(used_for)
    if not used_for:
        raise InitiativeError("Hãy ghi sáng kiến được dùng cho danh hiệu hoặc hình thức khen thưởng nào.")
    if not (initiative.status == Initiative.Status.DECIDED and initiative.recognized):
        raise InitiativeError(
            f"Sáng kiến “{initiative.title}” chưa được công nhận nên không dùng để đề nghị khen thưởng được."
        )
    if initiative.used_for == used_for:
        return initiative
    if initiative.used_for:
        raise InitiativeError(
            f"Sáng kiến “{initiative.title}” đã được dùng cho {initiative.used_for}"
            f" ngày {timezone.localtime(initiative.used_at):%d/%m/%Y}; mỗi sáng kiến chỉ được dùng cho một "
            "danh hiệu hoặc hình thức khen thưởng."
        )
    initiative.used_for = used_for[:200]
    initiative.used_at = timezone.now()
    initiative.save(update_fields=["used_for", "used_at", "updated_at"])
    record_event("initiative.used", initiative, user=user, summary=used_for, after={"used_for": used_for})
    return initiative


@transaction.atomic
def release_initiative_use(initiative: Initiative, *, used_for: str, user) -> Initiative:
    """Free an initiative when what used it is withdrawn (a nomination deleted before it was sent).
    Only the user of record can release it. Like `mark_initiative_used` it asks no right of its own:
    it is for the service that withdraws what used the initiative, which checks the right of the
    person withdrawing it (no page or API reaches it today)."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    used_for = nfc(used_for)
    if not initiative.used_for:
        return initiative
    if initiative.used_for != used_for:
        raise InitiativeError(
            f"Sáng kiến “{initiative.title}” đang được dùng cho {initiative.used_for}, không phải {used_for}."
        )
    initiative.used_for, initiative.used_at = "", None
    initiative.save(update_fields=["used_for", "used_at", "updated_at"])
    record_event(
        "initiative.use_released", initiative, user=user, summary=used_for, before={"used_for": used_for}
    )
    return initiative
