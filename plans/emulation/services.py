"""Every write of the emulation year: registration campaigns, staff ratings, review rounds and votes.

Each function first asks plans.emulation.permissions whether the person may do it (Refused, 403,
otherwise), then refuses a change that breaks a rule with an EmulationError (400); both carry a
Vietnamese message and come before anything is written. Every state change is recorded in the audit
log in the same transaction. The school a permission is asked for is the one whose schema holds the
data being changed (the connection's), so a service cannot be pointed at another school's roles.
`register`'s `as_manager` says which rules of the deadline apply, and is itself a right checked here."""

import datetime
import random
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from office.audit.services import record_event
from office.core.collation import by_person
from office.core.errors import Invalid, require
from office.core.school_years import clean_school_year
from office.core.text import nfc
from office.rules.vocabulary import COLLECTIVE_TITLES, EMULATION_TITLES, INDIVIDUAL_TITLES, Rating, Title
from office.submissions.models import Submission
from office.submissions.services import submit
from plans.emulation.models import (
    BallotCast,
    BallotChoice,
    CollectiveRegistration,
    CouncilMember,
    Registration,
    RegistrationCampaign,
    ReviewCandidate,
    ReviewRound,
    StaffRating,
    VoteCount,
)
from plans.emulation.permissions import (
    COUNCIL_ONLY,
    MANAGERS_ONLY,
    OWN_REGISTRATION_ONLY,
    SIGNERS_ONLY,
    can_approve_registrations,
    can_manage_registration,
    can_rate_staff,
    can_register_as_staff,
    can_run_review,
    can_vote,
)
from plans.emulation.selectors import (
    STANDING,
    is_late,
    registration_payload,
    registration_reference,
    review_results,
)
from plans.facts.services import refresh_school_facts
from plans.notifications.services import notify
from plans.planning.services import next_document_number
from plans.staff.models import Staff
from tenants.schemas import current_school

# What may be registered and proposed, in the order the law lists them.
INDIVIDUAL_TARGETS = tuple(t for t in Title if t in INDIVIDUAL_TITLES and t in EMULATION_TITLES)
INDIVIDUAL_FORMS = tuple(t for t in Title if t in INDIVIDUAL_TITLES and t not in EMULATION_TITLES)
COLLECTIVE_TARGETS = tuple(t for t in Title if t in COLLECTIVE_TITLES and t in EMULATION_TITLES)
COLLECTIVE_FORMS = tuple(t for t in Title if t in COLLECTIVE_TITLES and t not in EMULATION_TITLES)

MINUTES_TYPE_ABBREVIATION = "BB"
MY_REGISTRATION_LINK = "/thi-dua/dang-ky/cua-toi/"


class EmulationError(Invalid):
    """A change that is refused; the message is for the user, in Vietnamese."""


def _date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _forms(values, allowed, what: str) -> list[str]:
    forms = []
    for value in values or ():
        if value not in allowed:
            raise EmulationError(f"Hình thức khen thưởng “{value}” không dùng được cho {what}.")
        if value not in forms:
            forms.append(value)
    return forms


# --- Registration campaigns -------------------------------------------------------------------------


def _campaign_state(campaign: RegistrationCampaign) -> dict:
    return {
        "school_year": campaign.school_year,
        "opens_on": campaign.opens_on.isoformat(),
        "deadline": campaign.deadline.isoformat(),
        "status": campaign.status,
    }


@transaction.atomic
def open_campaign(
    *, school_year: str, opens_on: datetime.date, deadline: datetime.date, note: str = "", user
) -> RegistrationCampaign:
    """Open the registration of a school year, with the last day staff may register themselves."""
    require(can_manage_registration(user, current_school()), MANAGERS_ONLY)
    school_year = clean_school_year(school_year, EmulationError)
    if deadline < opens_on:
        raise EmulationError("Hạn đăng ký phải sau ngày mở đăng ký.")
    if RegistrationCampaign.objects.filter(school_year=school_year).exists():
        raise EmulationError(f"Năm học {school_year} đã có đợt đăng ký thi đua.")
    campaign = RegistrationCampaign.objects.create(
        school_year=school_year, opens_on=opens_on, deadline=deadline, note=nfc(note), opened_by=user
    )
    record_event("registration.opened", campaign, user=user, after=_campaign_state(campaign))
    return campaign


@transaction.atomic
def open_registration_for_staff(
    campaign: RegistrationCampaign, staff, *, user, department_name: str = ""
) -> int:
    """Invite every staff member of `staff` (all the current filter selects) to register: a pending
    row for each who has none, and a notification to each of them with an account. Returns how many
    were invited; those already invited or registered are left as they are."""
    require(can_manage_registration(user, current_school()), MANAGERS_ONLY)
    if campaign.status != RegistrationCampaign.Status.OPEN:
        raise EmulationError("Đợt đăng ký đã khoá; hãy mở lại trước khi mời đăng ký.")
    staff = list(staff)
    existing = set(
        Registration.objects.filter(campaign=campaign, staff__in=[s.pk for s in staff]).values_list(
            "staff_id", flat=True
        )
    )
    new = [member for member in staff if member.pk not in existing]
    Registration.objects.bulk_create(Registration(campaign=campaign, staff=member) for member in new)
    message = (
        f"Mời thầy/cô đăng ký danh hiệu thi đua năm học {campaign.school_year} "
        f"trước hết ngày {_date(campaign.deadline)}."
    )
    for member in new:
        if member.user_id:
            notify(recipient_id=member.user_id, message=message, link=MY_REGISTRATION_LINK)
    record_event(
        "registration.opened",
        campaign,
        user=user,
        summary=f"Mời {len(new)} người đăng ký" + (f" ({department_name})" if department_name else ""),
        after={"invited": [member.pk for member in new], "department": department_name},
    )
    return len(new)


def _registration_state(registration: Registration) -> dict:
    return {
        "staff": registration.staff_id,
        "title": registration.title,
        "forms": list(registration.forms),
        "note": registration.note,
        "status": registration.status,
    }


def staff_may_register_now(campaign: RegistrationCampaign, at: datetime.datetime | None = None) -> bool:
    today = timezone.localdate(at) if at else timezone.localdate()
    return (
        campaign.status == RegistrationCampaign.Status.OPEN
        and campaign.opens_on <= today <= campaign.deadline
    )


@transaction.atomic
def register(
    campaign: RegistrationCampaign,
    staff: Staff,
    *,
    title: str,
    forms=(),
    note: str = "",
    user,
    as_manager: bool = False,
    at: datetime.datetime | None = None,
) -> Registration:
    """Record a staff member's target title. Staff register for themselves while the campaign is open
    and the deadline has not passed; a manager may register for anyone at any time, and a change made
    that way after the deadline is marked so in the audit log."""
    if as_manager:
        require(can_manage_registration(user, current_school()), MANAGERS_ONLY)
    else:
        require(can_register_as_staff(user, staff), OWN_REGISTRATION_ONLY)
    at = at or timezone.now()
    # The campaign as it is now (a stale copy could miss a deadline change or the closing).
    campaign = RegistrationCampaign.objects.get(pk=campaign.pk)
    if title not in INDIVIDUAL_TARGETS:
        raise EmulationError(
            "Hãy chọn một danh hiệu thi đua cá nhân (Lao động tiên tiến, Chiến sĩ thi đua…)."
        )
    forms = _forms(forms, INDIVIDUAL_FORMS, "cá nhân")
    if not as_manager:
        if campaign.status != RegistrationCampaign.Status.OPEN:
            raise EmulationError("Đợt đăng ký đã khoá; hãy liên hệ thư ký Hội đồng Thi đua – Khen thưởng.")
        if timezone.localdate(at) < campaign.opens_on:
            raise EmulationError(f"Chưa đến ngày mở đăng ký ({_date(campaign.opens_on)}).")
        if timezone.localdate(at) > campaign.deadline:
            raise EmulationError(
                f"Đã hết hạn đăng ký ({_date(campaign.deadline)}); thầy/cô không tự thay đổi được nữa. "
                "Hãy liên hệ thư ký Hội đồng Thi đua – Khen thưởng."
            )
    registration, _ = Registration.objects.select_for_update().get_or_create(campaign=campaign, staff=staff)
    before = _registration_state(registration)
    registration.title, registration.forms, registration.note = title, forms, nfc(note)
    unchanged = (before["title"], before["forms"], before["note"]) == (title, forms, registration.note)
    if unchanged and registration.status in STANDING:
        return registration  # saving the same again leaves an approval standing
    registration.status = Registration.Status.REGISTERED
    registration.registered_by = user
    if registration.registered_at is None:
        registration.registered_at = at
    registration.save()
    after_deadline = timezone.localdate(at) > campaign.deadline
    record_event(
        "registration.registered",
        registration,
        user=user,
        before=before,
        after={
            **_registration_state(registration),
            "late": is_late(registration, campaign),
            "by_manager": as_manager,
            "after_deadline": after_deadline,
        },
        summary="Ban giám hiệu thay đổi sau hạn đăng ký" if as_manager and after_deadline else "",
    )
    refresh_school_facts(school_year=campaign.school_year)
    return registration


@transaction.atomic
def review_registration(registration: Registration, *, approve: bool, note: str = "", user) -> Registration:
    """The principal approves a registration, or returns it with the reason to the person."""
    require(can_approve_registrations(user, current_school()), SIGNERS_ONLY)
    registration = (
        Registration.objects.select_for_update().select_related("staff", "campaign").get(pk=registration.pk)
    )
    if not registration.title:
        raise EmulationError(f"{registration.staff.full_name} chưa đăng ký danh hiệu nào.")
    note = nfc(note)
    if not approve and not note:
        raise EmulationError("Hãy ghi lý do trả lại để người đăng ký biết cần sửa gì.")
    before = _registration_state(registration)
    registration.status = Registration.Status.APPROVED if approve else Registration.Status.RETURNED
    registration.review_note = note
    registration.reviewed_by = user
    registration.reviewed_at = timezone.now()
    registration.save()
    record_event(
        "registration.approved" if approve else "registration.returned",
        registration,
        user=user,
        before=before,
        after={**_registration_state(registration), "review_note": note},
    )
    if not approve and registration.staff.user_id:
        notify(
            recipient_id=registration.staff.user_id,
            message=f"Đăng ký thi đua năm học {registration.campaign.school_year} được trả lại: {note}",
            link=MY_REGISTRATION_LINK,
        )
    refresh_school_facts(school_year=registration.campaign.school_year)
    return registration


@transaction.atomic
def approve_all(registrations, *, user) -> int:
    """Approve every registration of the filter that waits for review; returns how many."""
    require(can_approve_registrations(user, current_school()), SIGNERS_ONLY)
    waiting = [r for r in registrations if r.status == Registration.Status.REGISTERED and r.title]
    for registration in waiting:
        review_registration(registration, approve=True, user=user)
    return len(waiting)


@transaction.atomic
def register_collective(
    campaign: RegistrationCampaign, *, title: str, forms=(), note: str = "", user
) -> CollectiveRegistration:
    require(can_manage_registration(user, current_school()), MANAGERS_ONLY)
    if title not in COLLECTIVE_TARGETS:
        raise EmulationError(
            "Hãy chọn một danh hiệu thi đua tập thể (Tập thể lao động tiên tiến, xuất sắc…)."
        )
    forms = _forms(forms, COLLECTIVE_FORMS, "tập thể")
    collective = CollectiveRegistration.objects.select_for_update().filter(campaign=campaign).first()
    before = {"title": collective.title, "forms": list(collective.forms)} if collective else None
    if collective is None:
        collective = CollectiveRegistration(campaign=campaign)
    collective.title, collective.forms, collective.note, collective.registered_by = (
        title,
        forms,
        nfc(note),
        user,
    )
    collective.save()
    record_event(
        "registration.registered",
        collective,
        user=user,
        before=before,
        after={"title": title, "forms": forms},
        summary="Đăng ký danh hiệu tập thể",
    )
    return collective


@transaction.atomic
def close_campaign(campaign: RegistrationCampaign, *, user) -> RegistrationCampaign:
    """Stop staff registering (even before the deadline); managers still may."""
    require(can_manage_registration(user, current_school()), MANAGERS_ONLY)
    if campaign.status != RegistrationCampaign.Status.OPEN:
        raise EmulationError("Đợt đăng ký này không còn mở.")
    before = _campaign_state(campaign)
    campaign.status = RegistrationCampaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    record_event("registration.closed", campaign, user=user, before=before, after=_campaign_state(campaign))
    return campaign


@transaction.atomic
def reopen_campaign(campaign: RegistrationCampaign, *, deadline: datetime.date, user) -> RegistrationCampaign:
    """Let staff register again until a new deadline."""
    require(can_manage_registration(user, current_school()), MANAGERS_ONLY)
    if deadline < timezone.localdate():
        raise EmulationError("Hạn đăng ký mới phải từ hôm nay trở đi.")
    before = _campaign_state(campaign)
    campaign.status = RegistrationCampaign.Status.OPEN
    campaign.deadline = deadline
    campaign.save(update_fields=["status", "deadline"])
    record_event("registration.reopened", campaign, user=user, before=before, after=_campaign_state(campaign))
    return campaign


@transaction.atomic
def submit_registrations(campaign: RegistrationCampaign, *, school, user) -> Submission:
    """Send the school's approved registration list to the office as a new version of the same
    Submission, and lock staff changes (a later correction by the school is sent again)."""
    require(can_approve_registrations(user, school), SIGNERS_ONLY)
    campaign = RegistrationCampaign.objects.select_for_update().get(pk=campaign.pk)
    waiting = Registration.objects.filter(campaign=campaign, status=Registration.Status.REGISTERED).count()
    if waiting:
        raise EmulationError(f"Còn {waiting} đăng ký chưa được duyệt; hãy duyệt hoặc trả lại trước khi gửi.")
    payload = registration_payload(campaign)
    if not payload["rows"] and payload["collective"] is None:
        raise EmulationError("Chưa có đăng ký nào được duyệt để gửi.")
    submission = submit(
        school=school,
        kind=Submission.Kind.REGISTRATION,
        reference=registration_reference(campaign),
        year=campaign.end_year,
        title=f"Đăng ký danh hiệu thi đua năm học {campaign.school_year} – {school.name}",
        payload=payload,
        user=user,
    )
    before = _campaign_state(campaign)
    campaign.status = RegistrationCampaign.Status.SUBMITTED
    campaign.submitted_at = submission.submitted_at
    campaign.submitted_by = user
    campaign.submitted_version = submission.version
    campaign.save(update_fields=["status", "submitted_at", "submitted_by", "submitted_version"])
    record_event(
        "registration.submitted",
        campaign,
        user=user,
        before=before,
        after={**_campaign_state(campaign), "version": submission.version, "rows": len(payload["rows"])},
        summary=f"Gửi cơ quan quản lý lần {submission.version}",
    )
    refresh_school_facts(school, campaign.school_year)
    return submission


# --- Ratings ----------------------------------------------------------------------------------------


@transaction.atomic
def set_ratings(
    *, school_year: str, ratings: dict[int, str], notes: dict[int, str] | None = None, user
) -> int:
    """Enter the year's ratings of many people at once ({staff id: rating code, or "" to clear}).
    Returns how many changed; each change is one audit event."""
    require(can_rate_staff(user, current_school()), MANAGERS_ONLY)
    school_year = clean_school_year(school_year, EmulationError)
    notes = notes or {}
    for value in ratings.values():
        if value and value not in Rating.values:
            raise EmulationError(f"Xếp loại “{value}” không hợp lệ.")
    known = set(Staff.objects.filter(pk__in=list(ratings)).values_list("pk", flat=True))
    if unknown := set(ratings) - known:
        raise EmulationError(f"Không tìm thấy cán bộ mã {', '.join(str(pk) for pk in sorted(unknown))}.")
    existing = {
        r.staff_id: r
        for r in StaffRating.objects.select_for_update().filter(
            school_year=school_year, staff_id__in=list(ratings)
        )
    }
    changed = 0
    for staff_id, value in ratings.items():
        note = nfc(notes.get(staff_id, ""))
        current = existing.get(staff_id)
        before = {"rating": current.rating, "note": current.note} if current else None
        summary = f"Năm học {school_year}, cán bộ mã {staff_id}"
        if not value:
            if current is None:
                continue
            record_event("rating.set", current, user=user, before=before, after=None, summary=summary)
            current.delete()
        else:
            if current and (current.rating, current.note) == (value, note):
                continue
            if current is None:
                current = StaffRating(staff_id=staff_id, school_year=school_year)
            current.rating, current.note, current.rated_by = value, note, user
            current.save()
            after = {"rating": value, "note": note}
            record_event("rating.set", current, user=user, before=before, after=after, summary=summary)
        changed += 1
    return changed


# --- Review rounds ----------------------------------------------------------------------------------


def _ensure_open(review_round: ReviewRound) -> None:
    if ReviewRound.objects.filter(pk=review_round.pk, status=ReviewRound.Status.CLOSED).exists():
        raise EmulationError("Đợt bình xét đã kết thúc; không thay đổi được nữa.")


def _locked_round(review_round: ReviewRound) -> ReviewRound:
    """The round row locked for this transaction, so a vote and the closing of the round never
    interleave: a vote sees the round as it is when it commits."""
    return ReviewRound.objects.select_for_update().get(pk=review_round.pk)


def _share_parameter(value) -> Decimal:
    try:
        share = Decimal(str(value))
    except InvalidOperation as exc:
        raise EmulationError("Tỷ lệ phiếu đồng ý phải là một số từ 0,01 đến 1.") from exc
    if not Decimal("0.01") <= share <= 1:
        raise EmulationError("Tỷ lệ phiếu đồng ý phải là một số từ 0,01 đến 1 (ví dụ 0,5 là 50%).")
    return share.quantize(Decimal("0.001"))


def _round_state(review_round: ReviewRound) -> dict:
    return {
        "school_year": review_round.school_year,
        "name": review_round.name,
        "status": review_round.status,
        "method": review_round.method,
        "min_approval_share": str(review_round.min_approval_share),
        "quorum": review_round.quorum,
    }


@transaction.atomic
def open_review_round(
    *,
    school_year: str,
    method: str,
    name: str = "",
    min_approval_share=Decimal("0.5"),
    quorum: int = 0,
    council=(),
    meeting_at: datetime.datetime | None = None,
    meeting_place: str = "",
    locality: str = "",
    content: str = "",
    user,
) -> ReviewRound:
    """Open the council's review of a school year. `council` is a list of (user, role) pairs."""
    require(can_run_review(user, current_school()), MANAGERS_ONLY)
    school_year = clean_school_year(school_year, EmulationError)
    if method not in ReviewRound.Method.values:
        raise EmulationError("Hãy chọn hình thức biểu quyết.")
    if quorum is None or int(quorum) < 0:
        raise EmulationError("Số người bỏ phiếu tối thiểu không hợp lệ.")
    review_round = ReviewRound.objects.create(
        school_year=school_year,
        name=nfc(name) or f"Bình xét thi đua năm học {school_year}",
        method=method,
        min_approval_share=_share_parameter(min_approval_share),
        quorum=int(quorum),
        meeting_at=meeting_at,
        meeting_place=nfc(meeting_place),
        locality=nfc(locality),
        content=nfc(content),
        opened_by=user,
    )
    record_event("review.opened", review_round, user=user, after=_round_state(review_round))
    if council:
        set_council(review_round, council, user=user)
    return review_round


@transaction.atomic
def update_round(
    review_round: ReviewRound,
    *,
    name: str,
    min_approval_share,
    quorum: int,
    meeting_at=None,
    meeting_place: str = "",
    locality: str = "",
    content: str = "",
    user,
) -> ReviewRound:
    require(can_run_review(user, current_school()), MANAGERS_ONLY)
    review_round = _locked_round(review_round)
    _ensure_open(review_round)
    before = _round_state(review_round)
    review_round.name = nfc(name) or review_round.name
    review_round.min_approval_share = _share_parameter(min_approval_share)
    review_round.quorum = max(int(quorum or 0), 0)
    review_round.meeting_at = meeting_at
    review_round.meeting_place = nfc(meeting_place)
    review_round.locality = nfc(locality)
    review_round.content = nfc(content)
    review_round.save()
    record_event("review.changed", review_round, user=user, before=before, after=_round_state(review_round))
    return review_round


@transaction.atomic
def set_council(review_round: ReviewRound, members, *, user) -> list[CouncilMember]:
    """Name the council of the round: (user, role) pairs, at most one chair and one secretary."""
    require(can_run_review(user, current_school()), MANAGERS_ONLY)
    review_round = _locked_round(review_round)
    _ensure_open(review_round)
    if (
        review_round.method == ReviewRound.Method.BALLOT
        and BallotCast.objects.filter(round=review_round).exists()
    ):
        raise EmulationError("Đã có thành viên bỏ phiếu; không thay đổi được Hội đồng nữa.")
    members = list(members)
    roles = [role for _, role in members]
    for role in roles:
        if role not in CouncilMember.Role.values:
            raise EmulationError("Vai trò trong Hội đồng không hợp lệ.")
    if roles.count(CouncilMember.Role.CHAIR) > 1 or roles.count(CouncilMember.Role.SECRETARY) > 1:
        raise EmulationError("Hội đồng chỉ có một Chủ tịch và một Thư ký.")
    if len({member.pk for member, _ in members}) != len(members):
        raise EmulationError("Mỗi người chỉ có một vai trò trong Hội đồng.")
    positions = dict(
        Staff.objects.filter(user_id__in=[m.pk for m, _ in members]).values_list("user_id", "position")
    )
    before = [{"user": m.user_id, "role": m.role} for m in CouncilMember.objects.filter(round=review_round)]
    CouncilMember.objects.filter(round=review_round).delete()
    council = CouncilMember.objects.bulk_create(
        CouncilMember(
            round=review_round,
            user=member,
            role=role,
            full_name=member.get_full_name(),
            position=positions.get(member.pk, ""),
        )
        for member, role in members
    )
    record_event(
        "review.council_set",
        review_round,
        user=user,
        before=before,
        after=[{"user": m.user_id, "role": m.role} for m in council],
    )
    if review_round.method == ReviewRound.Method.BALLOT:
        for member in council:
            if not any(b["user"] == member.user_id for b in before):
                notify(
                    recipient_id=member.user_id,
                    message=f"Mời thầy/cô bỏ phiếu kín: {review_round.name}.",
                    link=f"/thi-dua/binh-xet/{review_round.pk}/",
                )
    return council


def _votes_started(review_round: ReviewRound) -> bool:
    return (
        BallotCast.objects.filter(round=review_round).exists()
        or VoteCount.objects.filter(candidate__round=review_round).exists()
    )


def _candidate_state(candidate: ReviewCandidate) -> dict:
    return {"candidate": candidate.pk, "staff": candidate.staff_id, "title": candidate.title}


@transaction.atomic
def add_candidate(
    review_round: ReviewRound, *, title: str, staff: Staff | None = None, user
) -> ReviewCandidate:
    require(can_run_review(user, current_school()), MANAGERS_ONLY)
    review_round = _locked_round(review_round)
    _ensure_open(review_round)
    if (
        review_round.method == ReviewRound.Method.BALLOT
        and BallotCast.objects.filter(round=review_round).exists()
    ):
        raise EmulationError("Đã có người bỏ phiếu; không thêm được người vào danh sách nữa.")
    allowed = INDIVIDUAL_TITLES if staff is not None else COLLECTIVE_TITLES
    if title not in allowed:
        raise EmulationError(
            "Danh hiệu này không dùng cho cá nhân."
            if staff is not None
            else "Danh hiệu này không dùng cho tập thể."
        )
    duplicate = ReviewCandidate.objects.filter(round=review_round, title=title, staff=staff).exists()
    if duplicate:
        who = staff.full_name if staff is not None else "Tập thể nhà trường"
        raise EmulationError(f"{who} đã có trong danh sách đề nghị {Title(title).label}.")
    candidate = ReviewCandidate.objects.create(round=review_round, staff=staff, title=title, proposed_by=user)
    record_event("review.candidate_added", review_round, user=user, after=_candidate_state(candidate))
    return candidate


@transaction.atomic
def remove_candidate(candidate: ReviewCandidate, *, user) -> None:
    require(can_run_review(user, current_school()), MANAGERS_ONLY)
    review_round = _locked_round(candidate.round)
    _ensure_open(review_round)
    if _votes_started(review_round):
        raise EmulationError("Đã có phiếu biểu quyết; không bỏ được người khỏi danh sách nữa.")
    record_event("review.candidate_removed", review_round, user=user, before=_candidate_state(candidate))
    candidate.delete()


@transaction.atomic
def candidates_from_registrations(review_round: ReviewRound, *, user) -> int:
    """Propose everyone whose registration of the same school year stands (and the collective), each
    for the title they registered; those already proposed are skipped. Returns how many were added."""
    require(can_run_review(user, current_school()), MANAGERS_ONLY)
    review_round = _locked_round(review_round)
    _ensure_open(review_round)
    if (
        review_round.method == ReviewRound.Method.BALLOT
        and BallotCast.objects.filter(round=review_round).exists()
    ):
        raise EmulationError("Đã có người bỏ phiếu; không thêm được người vào danh sách nữa.")
    campaign = RegistrationCampaign.objects.filter(school_year=review_round.school_year).first()
    if campaign is None:
        raise EmulationError(f"Chưa có đợt đăng ký thi đua năm học {review_round.school_year}.")
    existing = set(ReviewCandidate.objects.filter(round=review_round).values_list("staff_id", "title"))
    new = [
        ReviewCandidate(
            round=review_round, staff_id=r.staff_id, title=r.title, registration=r, proposed_by=user
        )
        for r in Registration.objects.filter(campaign=campaign, status__in=STANDING)
        .exclude(title="")
        .order_by(*by_person("staff__full_name"), "pk")
        if (r.staff_id, r.title) not in existing
    ]
    collective = CollectiveRegistration.objects.filter(campaign=campaign).first()
    if collective and (None, collective.title) not in existing:
        new.append(ReviewCandidate(round=review_round, staff=None, title=collective.title, proposed_by=user))
    ReviewCandidate.objects.bulk_create(new)
    record_event(
        "review.candidates_imported",
        review_round,
        user=user,
        after={"added": len(new), "campaign": campaign.pk},
        summary=f"Lấy {len(new)} người/tập thể từ đăng ký thi đua",
    )
    return len(new)


def _count(value, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise EmulationError(f"Số phiếu {label} phải là số nguyên.") from exc
    if number < 0:
        raise EmulationError(f"Số phiếu {label} không được âm.")
    return number


@transaction.atomic
def record_vote_count(
    candidate: ReviewCandidate, *, agree, disagree, abstain=0, total_voters, user
) -> VoteCount:
    """The secretary enters a candidate's tally from the meeting; it can be corrected until the round
    closes, never after."""
    require(can_run_review(user, current_school()), MANAGERS_ONLY)
    review_round = _locked_round(candidate.round)
    if review_round.is_closed:
        raise EmulationError("Đợt bình xét đã kết thúc; không thay đổi được số phiếu.")
    if review_round.method != ReviewRound.Method.COUNTS:
        raise EmulationError("Đợt này bỏ phiếu kín trên hệ thống; không nhập số phiếu bằng tay.")
    agree, disagree = _count(agree, "đồng ý"), _count(disagree, "không đồng ý")
    abstain, total_voters = _count(abstain or 0, "không biểu quyết"), _count(total_voters, "tổng")
    if total_voters == 0:
        raise EmulationError("Tổng số người biểu quyết phải lớn hơn 0.")
    if agree + disagree + abstain > total_voters:
        raise EmulationError(
            "Số phiếu đồng ý, không đồng ý và không biểu quyết cộng lại vượt quá tổng số người."
        )
    count = VoteCount.objects.select_for_update().filter(candidate=candidate).first()
    before = (
        {
            "agree": count.agree,
            "disagree": count.disagree,
            "abstain": count.abstain,
            "total": count.total_voters,
        }
        if count
        else None
    )
    if count is None:
        count = VoteCount(candidate=candidate)
    count.agree, count.disagree, count.abstain, count.total_voters = agree, disagree, abstain, total_voters
    count.entered_by = user
    count.save()
    record_event(
        "review.vote_counted",
        candidate,
        user=user,
        before=before,
        after={"agree": agree, "disagree": disagree, "abstain": abstain, "total": total_voters},
    )
    return count


@transaction.atomic
def cast_ballot(review_round: ReviewRound, *, voter, choices: dict[int, str]) -> None:
    """A council member's secret ballot: one choice (agree / disagree) for every candidate, once.

    The voter is recorded in BallotCast and the choices in BallotChoice rows that carry no voter, no
    time and a random key, written in a shuffled order, so no one can tell from the database (or the
    audit log, which records only that the member voted) who chose what."""
    review_round = _locked_round(review_round)
    require(can_vote(voter, review_round), COUNCIL_ONLY)
    if review_round.is_closed:
        raise EmulationError("Đợt bình xét đã kết thúc; không bỏ phiếu được nữa.")
    if review_round.method != ReviewRound.Method.BALLOT:
        raise EmulationError("Đợt này nhập số phiếu từ cuộc họp; không bỏ phiếu trên hệ thống.")
    if BallotCast.objects.filter(round=review_round, voter_id=voter.pk).exists():
        raise EmulationError("Thầy/cô đã bỏ phiếu trong đợt này; mỗi thành viên chỉ bỏ phiếu một lần.")
    candidate_ids = set(ReviewCandidate.objects.filter(round=review_round).values_list("pk", flat=True))
    if not candidate_ids:
        raise EmulationError("Chưa có ai trong danh sách bình xét.")
    choices = {int(pk): value for pk, value in choices.items()}
    if set(choices) != candidate_ids or any(v not in BallotChoice.Choice.values for v in choices.values()):
        raise EmulationError("Hãy chọn “Đồng ý” hoặc “Không đồng ý” cho từng người trong danh sách.")
    BallotCast.objects.create(round=review_round, voter=voter)
    rows = [BallotChoice(candidate_id=pk, choice=value) for pk, value in choices.items()]
    random.SystemRandom().shuffle(rows)
    BallotChoice.objects.bulk_create(rows)
    record_event("review.ballot_cast", review_round, user=voter, after={"voter": voter.pk})


@transaction.atomic
def close_round(
    review_round: ReviewRound, *, school, user, at: datetime.datetime | None = None
) -> ReviewRound:
    """End the vote: the results are fixed (and a secret ballot's are revealed), and the minutes get
    their number from the school's register of outgoing documents."""
    require(can_run_review(user, school), MANAGERS_ONLY)
    review_round = _locked_round(review_round)
    if review_round.is_closed:
        raise EmulationError("Đợt bình xét đã kết thúc.")
    candidates = ReviewCandidate.objects.filter(round=review_round)
    if not candidates.exists():
        raise EmulationError("Chưa có ai trong danh sách bình xét.")
    if review_round.method == ReviewRound.Method.COUNTS:
        missing = candidates.filter(vote_count__isnull=True).count()
        if missing:
            raise EmulationError(f"Còn {missing} người chưa nhập số phiếu.")
    elif not BallotCast.objects.filter(round=review_round).exists():
        raise EmulationError("Chưa có thành viên nào bỏ phiếu.")
    at = at or timezone.now()
    before = _round_state(review_round)
    review_round.status = ReviewRound.Status.CLOSED
    review_round.closed_at = at
    review_round.closed_by = user
    if review_round.meeting_at is None:
        review_round.meeting_at = at
    if not review_round.minutes_number:
        review_round.minutes_number = next_document_number(
            year=timezone.localdate(review_round.meeting_at).year,
            type_abbreviation=MINUTES_TYPE_ABBREVIATION,
            school=school,
        )
    review_round.save()
    results = [
        {
            "candidate": r.candidate.pk,
            "staff": r.candidate.staff_id,
            "title": r.candidate.title,
            "agree": r.agree,
            "total": r.total,
            "passed": r.passed,
        }
        for r in review_results(review_round)
    ]
    record_event(
        "review.closed",
        review_round,
        user=user,
        before=before,
        after={
            **_round_state(review_round),
            "minutes_number": review_round.minutes_number,
            "results": results,
        },
    )
    return review_round
