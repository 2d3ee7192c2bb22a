"""Writes on award decisions. The office drafts a decision and its list, the office head records it,
and recording sends one delivery task per school (by name: the office side never imports the
school side); the school-side task reports back through the delivery functions at the end of this
module. A refused change raises DecisionError with a Vietnamese message before anything is written."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from office.accounts.selectors import office_authorities, schools_under_offices_of
from office.audit.services import record_event
from office.authorities.models import Authority
from office.core.errors import Invalid, require
from office.core.school_years import parse_school_year
from office.core.text import single_spaced
from office.decisions.delivery import send_deliveries
from office.decisions.models import Decision, DecisionDelivery, DecisionLine
from office.decisions.permissions import (
    DRAFT_REFUSED,
    RECORD_REFUSED,
    can_draft_decisions,
    can_edit_decision,
    can_record_decision,
    can_resume_delivery,
)
from office.decisions.selectors import decidable_dossiers, issuer_choices
from office.rules.vocabulary import COLLECTIVE_TITLES, INDIVIDUAL_TITLES, Title
from office.submissions.models import Submission

# The school-side task that writes one delivery (plans/decision_tasks.py), sent by name.

ISSUER_LEVELS = {
    Authority.Kind.CITY_PEOPLES_COMMITTEE: "Cấp tỉnh",
    Authority.Kind.CITY_DEPARTMENT: "Cấp tỉnh",
    Authority.Kind.DISTRICT_PEOPLES_COMMITTEE: "Cấp huyện",
    Authority.Kind.DISTRICT_OFFICE: "Cấp huyện",
    Authority.Kind.WARD_PEOPLES_COMMITTEE: "Cấp xã",
    Authority.Kind.WARD_OFFICE: "Cấp xã",
}
DECISION_FIELDS = ("issuer", "number", "signed_on", "signer_title", "signer_name", "subject", "school_year")


class DecisionError(Invalid):
    """A refused change to a decision; the message is for the user."""


def decision_state(decision: Decision) -> dict:
    return {
        "issuer": decision.issuer_name,
        "number": decision.number,
        "signed_on": decision.signed_on.isoformat() if decision.signed_on else None,
        "signer_title": decision.signer_title,
        "signer_name": decision.signer_name,
        "subject": decision.subject,
        "school_year": decision.school_year,
        "state": decision.state,
    }


def _apply_fields(decision: Decision, fields: dict, *, user) -> None:
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise ValueError(f"not decision fields: {sorted(unknown)}")
    if "issuer" in fields:
        issuer = fields["issuer"]
        if issuer is None or issuer.pk not in {a.pk for a in issuer_choices(user)}:
            raise DecisionError("Hãy chọn cơ quan ban hành là đơn vị của bạn hoặc cơ quan cấp trên.")
        decision.issuer = issuer
        decision.issuer_name = issuer.name
        decision.issuer_level = ISSUER_LEVELS.get(issuer.kind, "")
    for name in ("number", "signer_title", "signer_name", "subject", "school_year"):
        if name in fields:
            setattr(decision, name, single_spaced(fields[name]))
    if "signed_on" in fields:
        decision.signed_on = fields["signed_on"]


def _check(decision: Decision) -> None:
    today = timezone.localdate()
    if not decision.number:
        raise DecisionError("Hãy nhập số quyết định, ví dụ 125/QĐ-UBND.")
    if not isinstance(decision.signed_on, datetime.date):
        raise DecisionError("Hãy nhập ngày ký quyết định.")
    if decision.signed_on > today:
        raise DecisionError(f"Ngày ký {decision.signed_on:%d/%m/%Y} ở sau ngày hôm nay.")
    issuer = decision.issuer
    if issuer.valid_from and decision.signed_on < issuer.valid_from:
        raise DecisionError(f"{issuer.name} chỉ hoạt động từ ngày {issuer.valid_from:%d/%m/%Y}.")
    if issuer.valid_to and decision.signed_on > issuer.valid_to:
        raise DecisionError(f"{issuer.name} chỉ hoạt động đến ngày {issuer.valid_to:%d/%m/%Y}.")
    try:
        decision.school_year = "{}-{}".format(*parse_school_year(decision.school_year))
    except ValueError:
        raise DecisionError(
            f"Năm học “{decision.school_year}” không hợp lệ; hãy ghi dạng 2024-2025."
        ) from None
    for name, label in (("signer_title", "chức vụ người ký"), ("signer_name", "họ tên người ký")):
        if not getattr(decision, name):
            raise DecisionError(f"Hãy nhập {label}.")
    if not decision.subject:
        raise DecisionError("Hãy nhập trích yếu của quyết định.")
    decision.year = decision.signed_on.year
    taken = Decision.objects.filter(
        issuer=decision.issuer, year=decision.year, number__iexact=decision.number
    ).exclude(pk=decision.pk)
    if taken.exists():
        raise DecisionError(
            f"Số quyết định {decision.number} đã được {decision.issuer_name} dùng trong năm {decision.year}."
        )


def _save(decision: Decision) -> None:
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:  # the same number saved concurrently
        raise DecisionError(
            f"Số quyết định {decision.number} đã được {decision.issuer_name} dùng trong năm {decision.year}."
        ) from exc


def _require_draft(decision: Decision) -> None:
    if decision.is_locked:
        raise DecisionError("Quyết định đã được ghi nhận nên không sửa được nữa.")


@transaction.atomic
def create_decision(*, user, office: Authority | None = None, **fields) -> Decision:
    """A draft decision prepared by `office` (the person's own office when they have one)."""
    require(can_draft_decisions(user), DRAFT_REFUSED)
    offices = office_authorities(user)
    if office is None:
        office = offices[0]
    elif office.pk not in {a.pk for a in offices}:
        raise DecisionError("Bạn không thuộc đơn vị này.")
    decision = Decision(office=office, created_by=user)
    _apply_fields(decision, {name: fields.get(name) for name in DECISION_FIELDS}, user=user)
    _check(decision)
    _save(decision)
    record_event(
        "decision.created", decision, user=user, summary=str(decision), after=decision_state(decision)
    )
    return decision


@transaction.atomic
def update_decision(decision: Decision, *, user, **changes) -> Decision:
    require(can_edit_decision(user, decision), DRAFT_REFUSED)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_draft(decision)
    before = decision_state(decision)
    _apply_fields(decision, changes, user=user)
    _check(decision)
    _save(decision)
    after = decision_state(decision)
    if before != after:
        changed = [k for k in after if before[k] != after[k]]
        record_event(
            "decision.changed",
            decision,
            user=user,
            summary=str(decision),
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return decision


def _line_state(line: DecisionLine) -> dict:
    return {
        "school": line.school.code,
        "full_name": line.full_name,
        "title": line.title,
        "nomination": line.nomination_ref,
        "submission": line.submission_id,
    }


@transaction.atomic
def add_lines_from_dossiers(
    decision: Decision, *, user, submission_ids: list[int], nominations: list[tuple[int, int]] | None = None
) -> list[DecisionLine]:
    """Add the nominees of accepted dossiers: all of them, or only the (submission id, nomination id)
    pairs in `nominations`. A dossier that is not an accepted one of the person's schools raises
    Submission.DoesNotExist (answered 404). A nominee already on the list is not added twice."""
    require(can_edit_decision(user, decision), DRAFT_REFUSED)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_draft(decision)
    wanted = set(int(pk) for pk in submission_ids)
    dossiers = list(decidable_dossiers(user).filter(pk__in=wanted))
    if not wanted or len(dossiers) != len(wanted):
        raise Submission.DoesNotExist("dossier not found among the person's accepted dossiers")
    picked = {(int(s), int(n)) for s, n in nominations} if nominations is not None else None
    present = set(
        decision.lines.filter(nomination_ref__isnull=False).values_list("school_id", "nomination_ref")
    )
    lines = []
    for dossier in dossiers:
        if dossier.payload.get("school_year") != decision.school_year:
            raise DecisionError(
                f"Hồ sơ của {dossier.school.name} thuộc năm học {dossier.payload.get('school_year')}, "
                f"không phải năm học {decision.school_year} của quyết định."
            )
        for nominee in dossier.payload.get("nominees", []):
            ref = int(nominee["nomination"])
            if picked is not None and (dossier.pk, ref) not in picked:
                continue
            if (dossier.school_id, ref) in present:
                continue
            present.add((dossier.school_id, ref))
            lines.append(
                DecisionLine(
                    decision=decision,
                    school=dossier.school,
                    submission=dossier,
                    nomination_ref=ref,
                    collective=nominee.get("gender") is None,
                    full_name=single_spaced(nominee.get("full_name"))[:255],
                    position=single_spaced(nominee.get("position"))[:255],
                    unit=single_spaced(nominee.get("unit"))[:255],
                    title=nominee["title"],
                    achievement=(nominee.get("summary") or nominee.get("achievements") or "").strip(),
                )
            )
    if picked is not None and not lines and picked - {(s, n) for s, n in present}:
        raise DecisionError("Không có người nào được chọn trong các hồ sơ này.")
    DecisionLine.objects.bulk_create(lines)
    if lines:
        record_event(
            "decision.lines_added",
            decision,
            user=user,
            summary=f"{decision}: thêm {len(lines)} người từ {len(dossiers)} hồ sơ",
            after={"lines": [_line_state(line) for line in lines]},
        )
    return lines


@transaction.atomic
def add_line(
    decision: Decision,
    *,
    user,
    school,
    full_name: str,
    title: str,
    position: str = "",
    unit: str = "",
    achievement: str = "",
    collective: bool = False,
) -> DecisionLine:
    """A line typed by hand (a person matched by name in the school's register on delivery, or
    the school itself as a collective). A school outside the person's offices raises
    School.DoesNotExist (answered 404)."""
    require(can_edit_decision(user, decision), DRAFT_REFUSED)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_draft(decision)
    school = schools_under_offices_of(user).get(pk=school.pk)
    if title not in Title.values:
        raise DecisionError("Danh hiệu, hình thức không hợp lệ.")
    if collective and Title(title) not in COLLECTIVE_TITLES:
        raise DecisionError(f"“{Title(title).label}” là danh hiệu cá nhân, không tặng cho tập thể.")
    if not collective and Title(title) not in INDIVIDUAL_TITLES:
        raise DecisionError(f"“{Title(title).label}” là danh hiệu tập thể, không tặng cho cá nhân.")
    full_name = single_spaced(full_name) or (school.name if collective else "")
    if not full_name:
        raise DecisionError("Hãy nhập họ và tên người được khen thưởng.")
    line = DecisionLine.objects.create(
        decision=decision,
        school=school,
        collective=collective,
        full_name=full_name[:255],
        position=single_spaced(position)[:255],
        unit=single_spaced(unit)[:255] or (school.name if collective else ""),
        title=title,
        achievement=(achievement or "").strip(),
    )
    record_event("decision.line_added", decision, user=user, summary=str(line), after=_line_state(line))
    return line


@transaction.atomic
def remove_line(decision: Decision, line_pk: int, *, user) -> None:
    require(can_edit_decision(user, decision), DRAFT_REFUSED)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_draft(decision)
    line = decision.lines.select_related("school").get(pk=line_pk)
    record_event("decision.line_removed", decision, user=user, summary=str(line), before=_line_state(line))
    line.delete()


@transaction.atomic
def record_decision(decision: Decision, *, user, enqueue: bool = True) -> Decision:
    """The office head records the signed decision: it is locked, and each school of its list gets
    a delivery that writes the awards into the school's history (its task sent after commit, unless
    the caller runs the deliveries itself, as the demo does)."""
    require(can_record_decision(user, decision), RECORD_REFUSED)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_draft(decision)
    _check(decision)
    per_school = dict(
        decision.lines.values("school_id").annotate(n=Count("pk")).values_list("school_id", "n")
    )
    if not per_school:
        raise DecisionError("Quyết định chưa có danh sách khen thưởng.")
    before = decision_state(decision)
    decision.state = Decision.State.RECORDED
    decision.recorded_by = user
    decision.recorded_at = timezone.now()
    decision.save(update_fields=["state", "recorded_by", "recorded_at"])
    deliveries = DecisionDelivery.objects.bulk_create(
        DecisionDelivery(decision=decision, school_id=school_id, lines_total=count)
        for school_id, count in per_school.items()
    )
    record_event(
        "decision.recorded",
        decision,
        user=user,
        summary=f"{decision}: {sum(per_school.values())} khen thưởng, {len(per_school)} trường",
        before=before,
        after=decision_state(decision),
    )
    if enqueue:
        send_deliveries(list(DecisionDelivery.objects.filter(pk__in=[d.pk for d in deliveries])))
    return decision


@transaction.atomic
def resume_delivery(decision: Decision, *, user) -> int:
    """Send again every delivery of the decision that is not done: after a worker died, or after the
    retries of a failing one ran out. Safe to press twice: the task writes each line once."""
    require(can_resume_delivery(user, decision), DRAFT_REFUSED)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.state == Decision.State.DRAFT:
        raise DecisionError("Quyết định chưa được ghi nhận.")
    open_deliveries = list(
        decision.deliveries.exclude(state=DecisionDelivery.State.DONE).select_related("school")
    )
    if not open_deliveries:
        raise DecisionError("Quyết định đã được chuyển về đủ các trường.")
    record_event(
        "decision.delivery_requeued",
        decision,
        user=user,
        summary=f"{decision}: gửi lại {len(open_deliveries)} trường",
        after={"schools": [d.school.code for d in open_deliveries]},
    )
    send_deliveries(open_deliveries)
    return len(open_deliveries)
