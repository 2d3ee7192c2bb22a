"""Writes on a school's own people: the staff register, the dated periods of each person's working
life, the award history, and in-app notifications. Every change is checked here before anything is
written: who may make it (plans.staff.permissions; Refused otherwise), then whether it is sound
(StaffError with a Vietnamese message); it is recorded in the audit log in the same transaction.
The school whose roles count is the one whose schema holds the register (tenants.schemas)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from office.accounts.selectors import has_school_membership
from office.audit.services import record_event
from office.core import text as vietnamese
from office.core.errors import Invalid, require
from office.core.school_years import clean_school_year, school_year_end, school_year_ending
from office.core.text import search_key, single_spaced
from office.rules.vocabulary import (
    COLLECTIVE_TITLES,
    EMULATION_TITLES,
    INDIVIDUAL_TITLES,
    DisciplineLevel,
    Title,
)
from plans.facts.services import refresh_school_facts, school_years_since
from plans.staff.models import AwardRecord, Department, Staff, StaffStatusPeriod
from plans.staff.permissions import MANAGE_STAFF_REFUSAL, can_manage_staff
from tenants.schemas import current_school


class StaffError(Invalid):
    """A refused change to the staff register or the award history; the message is for the user.
    `field` names the field at fault when there is one (the Excel import reports it as the column)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def person_key(full_name: str, date_of_birth) -> tuple[str, datetime.date | None]:
    """Two rows name the same person when the name (NFC, case and spacing aside) and the date of
    birth are equal: two teachers called Nguyễn Thị Hương are common, with the same birthday rare."""
    return single_spaced(full_name).casefold(), date_of_birth


class SchoolYearError(StaffError):
    """A school year that cannot be read; it is the school_year field's fault."""

    def __init__(self, message: str):
        super().__init__(message, "school_year")


def parse_school_year(text: str) -> int:
    """ "2023-2024" (or 2023–2024, 2023/2024) → 2024, the year it ends; SchoolYearError if it is not one."""
    return school_year_end(clean_school_year(text, error=SchoolYearError))


def _require_manager(user) -> None:
    require(can_manage_staff(user, current_school()), MANAGE_STAFF_REFUSAL)


def _jsonable(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Department):
        return value.name
    return value


# --- Staff -------------------------------------------------------------------------------------------

STAFF_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "position",
    "department",
    "teaches",
    "joined_sector_on",
    "joined_school_on",
    "left_school_on",
    "difficult_area_years",
    "years_in_study_or_military",
    "status",
)
MAX_SERVICE_YEARS = Decimal(60)


def staff_state(staff: Staff) -> dict:
    state = {name: _jsonable(getattr(staff, name)) for name in STAFF_FIELDS}
    state["user"] = staff.user_id
    return state


def _clean_years(value, name: str) -> Decimal:
    label = Staff._meta.get_field(name).verbose_name.capitalize()
    try:
        years = Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation as exc:
        raise StaffError(f"{label}: “{value}” không phải là số.", name) from exc
    if not years.is_finite() or years < 0 or years > MAX_SERVICE_YEARS:
        raise StaffError(f"{label} phải từ 0 đến {MAX_SERVICE_YEARS}.", name)
    return years.quantize(Decimal("0.1"))


def check_staff_fields(staff: Staff, *, today: datetime.date | None = None) -> None:
    """Refuse a register entry the law cannot work with. The same checks guard the forms, the API
    and the Excel import (which reports them per row and column). Reads nothing from the database."""
    today = today or timezone.localdate()
    if not staff.full_name:
        raise StaffError("Hãy nhập họ và tên.", "full_name")
    if staff.gender not in Staff.Gender.values:
        raise StaffError("Giới tính phải là Nam hoặc Nữ.", "gender")
    if staff.status not in Staff.Status.values:
        raise StaffError("Trạng thái không hợp lệ.", "status")
    for name, label in (
        ("date_of_birth", "Ngày sinh"),
        ("joined_sector_on", "Ngày vào ngành"),
        ("joined_school_on", "Ngày về trường"),
    ):
        value = getattr(staff, name)
        if value is not None and value > today:
            raise StaffError(f"{label} {value:%d/%m/%Y} ở sau ngày hôm nay.", name)
    if staff.date_of_birth and staff.joined_sector_on and staff.joined_sector_on < staff.date_of_birth:
        raise StaffError("Ngày vào ngành không thể trước ngày sinh.", "joined_sector_on")
    if staff.joined_sector_on and staff.joined_school_on and staff.joined_school_on < staff.joined_sector_on:
        raise StaffError("Ngày về trường không thể trước ngày vào ngành.", "joined_school_on")
    arrived = staff.joined_school_on or staff.joined_sector_on
    if staff.left_school_on and arrived and staff.left_school_on <= arrived:
        raise StaffError(
            f"Ngày nghỉ việc, chuyển đi phải sau ngày về trường ({arrived:%d/%m/%Y}).", "left_school_on"
        )
    if staff.left_school_on and staff.status != Staff.Status.LEFT and staff.left_school_on <= today:
        raise StaffError(
            f"Người đã nghỉ việc, chuyển đi từ {staff.left_school_on:%d/%m/%Y}: hãy đổi trạng thái thành "
            "“Đã nghỉ việc, chuyển công tác” hoặc bỏ ngày nghỉ.",
            "left_school_on",
        )


def apply_staff_fields(staff: Staff, fields: dict) -> None:
    """Set register fields as the services store them (NFC text, years to tenths, search key)."""
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise ValueError(f"not staff fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name in ("full_name", "position"):
            value = single_spaced(value)
        elif name in ("difficult_area_years", "years_in_study_or_military"):
            value = _clean_years(value, name)
        setattr(staff, name, value)
    staff.search_name = search_key(staff.full_name)


LEAVING_DATE_NEEDED = (
    "Hãy ghi ngày nghỉ việc, chuyển đi (ngày đầu tiên không còn công tác tại trường): thiếu ngày này thì số "
    "cán bộ của các năm học và thời gian công tác khi xét thi đua không tính đúng được."
)


def date_leaving(staff: Staff, before: dict | None = None) -> None:
    """Marked as gone: the leaving date is required, never assumed. Today would be a guess (a list
    kept by the school marks people who left years ago), and a wrong date quietly moves the staff
    counts of past school years and the months worked the rules checker counts. Back from "left"
    without a new leaving date typed: the old one no longer holds."""
    before = before or {}
    was_left = before.get("status") == Staff.Status.LEFT
    today = timezone.localdate()
    if staff.status == Staff.Status.LEFT and staff.left_school_on is None and not was_left:
        raise StaffError(LEAVING_DATE_NEEDED, "left_school_on")
    if (
        staff.status != Staff.Status.LEFT
        and was_left
        and staff.left_school_on
        and staff.left_school_on <= today
        and _jsonable(staff.left_school_on) == before.get("left_school_on")
    ):
        staff.left_school_on = None


def refresh_staff_years(*states: dict) -> None:
    """The staff counts of every school year from the earliest date of arrival or leaving that changed:
    a past year counts the staff it had then (plans.facts.services.count_school_facts)."""
    days = [
        datetime.date.fromisoformat(state[name])
        for state in states
        for name in ("joined_sector_on", "joined_school_on", "left_school_on")
        if state.get(name)
    ]
    refresh_school_facts(school_year=school_years_since(min(days)) if days else None)


@transaction.atomic
def create_staff(*, user, full_name: str, gender: str, **fields) -> Staff:
    _require_manager(user)
    staff = Staff()
    apply_staff_fields(staff, {"full_name": full_name, "gender": gender, **fields})
    date_leaving(staff)
    check_staff_fields(staff)
    staff.save()
    state = staff_state(staff)
    record_event("staff.created", staff, user=user, summary=staff.full_name, after=state)
    refresh_staff_years(state)
    return staff


@transaction.atomic
def update_staff(staff: Staff, *, user, **changes) -> Staff:
    _require_manager(user)
    before = staff_state(staff)
    apply_staff_fields(staff, changes)
    date_leaving(staff, before)
    check_staff_fields(staff)
    staff.save()
    after = staff_state(staff)
    if before != after:
        changed = [name for name in after if before[name] != after[name]]
        record_event(
            "staff.updated",
            staff,
            user=user,
            summary=staff.full_name,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
        dated = {"joined_sector_on", "joined_school_on", "left_school_on", "status"} & set(changed)
        refresh_staff_years(*(({name: before[name] for name in changed}, after) if dated else ()))
    return staff


LEAVE_INSTEAD = (
    "Nếu người này đã nghỉ việc hoặc chuyển trường, hãy đổi trạng thái thành “Đã nghỉ việc, chuyển công tác”."
)


@transaction.atomic
def delete_staff(staff: Staff, *, user) -> None:
    _require_manager(user)
    if AwardRecord.objects.filter(staff=staff).exists():
        raise StaffError(f"{staff.full_name} đã có lịch sử khen thưởng nên không xoá được. {LEAVE_INSTEAD}")
    record_event("staff.deleted", staff, user=user, summary=staff.full_name, before=staff_state(staff))
    try:
        with transaction.atomic():
            staff.delete()
    except ProtectedError as exc:
        # Other records keep the person (an initiative's author, a nomination): refused whole, the
        # audit entry above rolled back with it.
        kinds = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
        raise StaffError(
            f"{staff.full_name} còn gắn với {', '.join(kinds)} nên không xoá được. {LEAVE_INSTEAD}"
        ) from exc
    refresh_school_facts()


def department_named(name: str) -> Department:
    """The department of that name (NFC, any case), created if the school has none yet."""
    name = single_spaced(name)
    department = Department.objects.filter(name__iexact=name).first()
    return department or Department.objects.create(name=name)


@transaction.atomic
def add_staff_member(
    *,
    full_name: str,
    gender: str,
    position: str = "",
    department_name: str = "",
    teaches: bool = True,
    user=None,
) -> Staff:
    """A register entry linked to the account `user`, without an audit event: for seeding and
    provisioning only, where no person acts. People acting go through create_staff."""
    staff = Staff(
        department=department_named(department_name) if department_name else None, teaches=teaches, user=user
    )
    apply_staff_fields(staff, {"full_name": full_name, "gender": gender, "position": position})
    staff.save()
    refresh_school_facts()
    return staff


@transaction.atomic
def link_account(staff: Staff, account, *, school, user) -> Staff:
    """Tie a register entry to a platform account of someone with a role in this school."""
    require(can_manage_staff(user, school), MANAGE_STAFF_REFUSAL)
    if account is None or not has_school_membership(account, school):
        raise StaffError("Chỉ gắn được tài khoản của người có vai trò trong trường.")
    other = Staff.objects.filter(user_id=account.pk).exclude(pk=staff.pk).first()
    if other is not None:
        raise StaffError(f"Tài khoản {account.username} đã gắn với {other.full_name}.")
    before = staff.user_id
    staff.user = account
    staff.save(update_fields=["user"])
    if before != account.pk:
        record_event(
            "staff.account_linked",
            staff,
            user=user,
            summary=f"{staff.full_name} – {account.username}",
            before={"user": before},
            after={"user": account.pk},
        )
    return staff


@transaction.atomic
def link_invited_account(staff_id: int, account) -> Staff | None:
    """Tie the register entry an accepted invitation named to the account that accepted it. The
    invitation, checked by office.invitations, is the permission: no manager is acting here. A record
    deleted since the invitation was sent is left alone (the role is still given)."""
    staff = Staff.objects.select_for_update().filter(pk=staff_id).first()
    if staff is None or staff.user_id == account.pk:
        return staff
    if staff.user_id is not None:
        raise StaffError(
            f"Hồ sơ của {staff.full_name} đã gắn với một tài khoản khác; hãy liên hệ Ban giám hiệu."
        )
    other = Staff.objects.filter(user_id=account.pk).first()
    if other is not None:
        raise StaffError(f"Tài khoản {account.username} đã gắn với hồ sơ {other.full_name} của trường.")
    staff.user = account
    staff.save(update_fields=["user"])
    record_event(
        "staff.account_linked",
        staff,
        user=account,
        summary=f"{staff.full_name} – {account.username} (nhận lời mời)",
        before={"user": None},
        after={"user": account.pk},
    )
    return staff


@transaction.atomic
def unlink_account(staff: Staff, *, user) -> Staff:
    _require_manager(user)
    if staff.user_id is None:
        return staff
    before = staff.user_id
    staff.user = None
    staff.save(update_fields=["user"])
    record_event(
        "staff.account_unlinked",
        staff,
        user=user,
        summary=staff.full_name,
        before={"user": before},
        after={"user": None},
    )
    return staff


@transaction.atomic
def move_staff_to_department(staff, department: Department | None, *, user) -> int:
    """Batch action: put every person of `staff` (a queryset: all results of a filter, not a page)
    into `department`. Returns how many actually moved; each move is in the audit log."""
    _require_manager(user)
    target = department.pk if department else None
    moving = list(staff.exclude(department_id=target) if target else staff.filter(department__isnull=False))
    if not moving:
        return 0
    names = dict(Department.objects.values_list("pk", "name"))
    Staff.objects.filter(pk__in=[s.pk for s in moving]).update(department=department)
    for person in moving:
        record_event(
            "staff.updated",
            person,
            user=user,
            summary=person.full_name,
            before={"department": names.get(person.department_id)},
            after={"department": department.name if department else None},
        )
    return len(moving)


# --- Status periods ----------------------------------------------------------------------------------

PERIOD_FIELDS = ("kind", "starts_on", "ends_on", "discipline_level", "decision_number", "note")


def period_state(period: StaffStatusPeriod) -> dict:
    return {"staff": period.staff_id, **{name: _jsonable(getattr(period, name)) for name in PERIOD_FIELDS}}


def _check_period(period: StaffStatusPeriod) -> None:
    if period.kind not in StaffStatusPeriod.Kind.values:
        raise StaffError("Loại giai đoạn không hợp lệ.")
    if period.starts_on is None:
        raise StaffError("Hãy nhập ngày bắt đầu.")
    if period.ends_on is not None and period.ends_on < period.starts_on:
        raise StaffError("Ngày kết thúc không thể trước ngày bắt đầu.")
    if period.kind == StaffStatusPeriod.Kind.DISCIPLINE:
        if period.discipline_level not in DisciplineLevel.values:
            raise StaffError("Hãy chọn hình thức kỷ luật.")
    elif period.discipline_level:
        raise StaffError("Chỉ giai đoạn kỷ luật mới có hình thức kỷ luật.")
    # Two periods of one kind cannot overlap: the second is a typo or the first's extension.
    far = datetime.date.max
    for other in StaffStatusPeriod.objects.filter(staff_id=period.staff_id, kind=period.kind).exclude(
        pk=period.pk
    ):
        if period.starts_on <= (other.ends_on or far) and other.starts_on <= (period.ends_on or far):
            raise StaffError(f"Trùng thời gian với giai đoạn đã có: {other}.")


def _apply_period(period: StaffStatusPeriod, fields: dict) -> None:
    unknown = set(fields) - set(PERIOD_FIELDS)
    if unknown:
        raise ValueError(f"not period fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name in ("decision_number", "note", "discipline_level"):
            value = single_spaced(value) if name != "note" else vietnamese.nfc(value)
        setattr(period, name, value)


@transaction.atomic
def add_status_period(staff: Staff, *, user, kind: str, starts_on, **fields) -> StaffStatusPeriod:
    _require_manager(user)
    period = StaffStatusPeriod(staff=staff)
    _apply_period(period, {"kind": kind, "starts_on": starts_on, **fields})
    _check_period(period)
    period.save()
    record_event(
        "staff.period_added",
        period,
        user=user,
        summary=f"{staff.full_name}: {period}",
        after=period_state(period),
    )
    return period


@transaction.atomic
def update_status_period(period: StaffStatusPeriod, *, user, **changes) -> StaffStatusPeriod:
    _require_manager(user)
    before = period_state(period)
    _apply_period(period, changes)
    _check_period(period)
    period.save()
    after = period_state(period)
    if before != after:
        record_event(
            "staff.period_changed",
            period,
            user=user,
            summary=f"{period.staff.full_name}: {period}",
            before=before,
            after=after,
        )
    return period


@transaction.atomic
def delete_status_period(period: StaffStatusPeriod, *, user) -> None:
    _require_manager(user)
    record_event(
        "staff.period_deleted",
        period,
        user=user,
        summary=f"{period.staff.full_name}: {period}",
        before=period_state(period),
    )
    period.delete()


# --- Award history -----------------------------------------------------------------------------------

AWARD_FIELDS = (
    "staff",
    "department",
    "year",
    "school_year",
    "title",
    "decision_number",
    "decision_date",
    "issuer_name",
    "issuer_level",
    "note",
    "initiative_ids",
)


def award_state(award: AwardRecord) -> dict:
    state = {
        name: _jsonable(getattr(award, name)) for name in AWARD_FIELDS if name not in ("staff", "department")
    }
    return {"staff": award.staff_id, "department": award.department_id, **state, "source": award.source}


def _clean_initiative_ids(values) -> list[int]:
    ids = []
    for value in values or ():
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise StaffError(f"Mã sáng kiến “{value}” không hợp lệ.", "initiative_ids") from exc
        if number <= 0:
            raise StaffError(f"Mã sáng kiến “{value}” không hợp lệ.", "initiative_ids")
        if number not in ids:
            ids.append(number)
    return ids


def apply_award_fields(award: AwardRecord, fields: dict) -> None:
    unknown = set(fields) - set(AWARD_FIELDS)
    if unknown:
        raise ValueError(f"not award fields: {sorted(unknown)}")
    year = fields.pop("year", None)
    school_year = fields.pop("school_year", None)
    if school_year:
        ends = parse_school_year(school_year)
        if year not in (None, "") and int(year) != ends:
            raise StaffError(
                f"Năm {year} không khớp với năm học {single_spaced(school_year)} (năm học kết thúc năm {ends}).",
                "school_year",
            )
        award.year, award.school_year = ends, school_year_ending(ends)
    elif year not in (None, ""):
        award.year, award.school_year = int(year), school_year_ending(int(year))
    for name, value in fields.items():
        if name in ("decision_number", "issuer_name", "issuer_level"):
            value = single_spaced(value)
        elif name == "note":
            value = vietnamese.nfc(value)
        elif name == "initiative_ids":
            value = _clean_initiative_ids(value)
        setattr(award, name, value)


def check_award_fields(award: AwardRecord, *, today: datetime.date | None = None) -> None:
    """The checks of one award that need no database (the Excel import runs them per row)."""
    today = today or timezone.localdate()
    if not award.year:
        raise StaffError("Hãy nhập năm học.", "school_year")
    if not 1945 <= award.year <= today.year + 1:
        raise StaffError(f"Năm học {award.school_year} không hợp lệ.", "school_year")
    if award.title not in Title.values:
        raise StaffError("Danh hiệu, hình thức không hợp lệ.", "title")
    title = Title(award.title)
    if award.staff_id is not None and award.department_id is not None:
        raise StaffError("Khen thưởng dành cho một cá nhân hoặc một tổ, không cho cả hai.", "staff")
    if award.staff_id is None and title not in COLLECTIVE_TITLES:
        raise StaffError(f"“{title.label}” là danh hiệu cá nhân, không tặng cho tập thể.", "title")
    if award.staff_id is not None and title not in INDIVIDUAL_TITLES:
        raise StaffError(f"“{title.label}” là danh hiệu tập thể, không tặng cho cá nhân.", "title")
    if not award.issuer_name:
        raise StaffError(
            "Hãy ghi cơ quan, người ban hành quyết định (như ghi trên quyết định).", "issuer_name"
        )
    if award.decision_date is not None and award.decision_date > today:
        raise StaffError(
            f"Ngày quyết định {award.decision_date:%d/%m/%Y} ở sau ngày hôm nay.", "decision_date"
        )


def check_award(award: AwardRecord) -> None:
    check_award_fields(award)
    if award.title in EMULATION_TITLES:
        # staff_id=None with department_id=None matches the school's own (collective) records.
        same = AwardRecord.objects.filter(
            year=award.year, title=award.title, staff_id=award.staff_id, department_id=award.department_id
        )
        if same.exclude(pk=award.pk).exists():
            who = _award_holder(award)
            raise StaffError(
                f"{who} đã có danh hiệu “{award.get_title_display()}” năm học {award.school_year}.", "title"
            )


def _save_award(award: AwardRecord) -> None:
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError as exc:  # a concurrent entry of the same annual title
        raise StaffError(
            f"Danh hiệu “{award.get_title_display()}” năm học {award.school_year} đã có."
        ) from exc


def _award_holder(award: AwardRecord) -> str:
    if award.staff_id:
        return award.staff.full_name
    return award.department.name if award.department_id else "Tập thể trường"


def _award_summary(award: AwardRecord) -> str:
    return f"{_award_holder(award)}: {award.get_title_display()} {award.school_year}"


@transaction.atomic
def add_award(*, user, title: str, issuer_name: str, **fields) -> AwardRecord:
    """Record a title or form a person (or, with staff=None, the school) received."""
    _require_manager(user)
    return _record_award(user=user, title=title, issuer_name=issuer_name, **fields)


def _record_award(
    *,
    user,
    title: str,
    issuer_name: str,
    staff: Staff | None = None,
    year: int | None = None,
    school_year: str = "",
    source: str = AwardRecord.Source.MANUAL,
    external_ref: str = "",
    **fields,
) -> AwardRecord:
    award = AwardRecord(
        source=source, external_ref=external_ref, created_by=user if getattr(user, "pk", None) else None
    )
    apply_award_fields(
        award,
        {
            "staff": staff,
            "title": title,
            "issuer_name": issuer_name,
            "year": year,
            "school_year": school_year,
            **fields,
        },
    )
    check_award(award)
    _save_award(award)
    record_event("award.added", award, user=user, summary=_award_summary(award), after=award_state(award))
    refresh_school_facts(school_year=award.school_year)
    return award


@transaction.atomic
def update_award(award: AwardRecord, *, user, **changes) -> AwardRecord:
    _require_manager(user)
    before = award_state(award)
    apply_award_fields(award, changes)
    check_award(award)
    _save_award(award)
    after = award_state(award)
    if before != after:
        record_event(
            "award.changed", award, user=user, summary=_award_summary(award), before=before, after=after
        )
        refresh_school_facts(school_year={before["school_year"], award.school_year})
    return award


@transaction.atomic
def delete_award(award: AwardRecord, *, user) -> None:
    _require_manager(user)
    record_event("award.deleted", award, user=user, summary=_award_summary(award), before=award_state(award))
    award.delete()
    refresh_school_facts(school_year=award.school_year)


@transaction.atomic
def record_award_from_decision(*, external_ref: str, user=None, **fields) -> tuple[AwardRecord, bool]:
    """An award the office decided, written into the school's history by its (idempotent) task:
    the same decision line replayed returns the record already written. Returns (record, created).

    No school role is asked: the office's signed decision is the authority here, the caller is the
    delivery task (no request reaches this), and `user` is only whom the audit log names, if anyone."""
    existing = AwardRecord.objects.filter(external_ref=external_ref).first()
    if existing is not None:
        return existing, False
    award = _record_award(
        user=user, source=AwardRecord.Source.OFFICE_DECISION, external_ref=external_ref, **fields
    )
    return award, True
