"""Demo data of the staff register and the award history for Lê Quý Đôn and Yên Hoà: birth dates and
years of service for the staff that demo/loader.py created, a maternity leave, a past discipline,
a pending investigation, and six school years (2020-2021 … 2025-2026) of believable awards whose
issuers change name at the 1 July 2025 reform. Loading twice adds nothing."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from office.rules.vocabulary import DisciplineLevel, Title
from plans.staff import services as people_services
from plans.staff.models import AwardRecord, Staff, StaffStatusPeriod

REFORM_DAY = datetime.date(2025, 7, 1)  # the district level ends; wards take its awards over
FIRST_YEAR, LAST_YEAR = 2021, 2026


@dataclass(frozen=True)
class DemoAwards:
    principal: str  # username of the principal who records the history
    teacher: str  # username of the demo teacher
    school_issuer: str  # the principal, as a Giấy khen names its issuer
    school_abbreviation: str  # in the school's own decision numbers: 12/QĐ-THLQĐ
    ward: str  # the ward that took over from UBND quận Hà Đông on 1 July 2025
    excellent_collective_year: int  # the year the school was Tập thể lao động xuất sắc


SCHOOLS = {
    "lequydon": DemoAwards(
        "lqd.hieutruong",
        "lqd.giaovien",
        "Hiệu trưởng Trường Tiểu học Lê Quý Đôn",
        "THLQĐ",
        "UBND phường Hà Đông",
        2024,
    ),
    "yenhoa": DemoAwards(
        "yh.hieutruong",
        "yh.giaovien",
        "Hiệu trưởng Trường Mầm non Yên Hoà",
        "MNYH",
        "UBND phường Yên Nghĩa",
        2025,
    ),
}
# Lê Minh Anh, the teacher the walkthrough follows: LĐTT every year, CSTĐCS in 2024 and 2025, so a
# chain of two consecutive CSTĐCS crosses the reform (UBND quận in 2024, UBND phường in 2025).
TEACHER_CSTDCS_YEARS = {"lqd.giaovien": (2024, 2025), "yh.giaovien": (2025,)}


def _random_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _fill_register(staff: list[Staff], accounts: dict[int, str], today: datetime.date, principal) -> None:
    """Birth dates, dates of joining the sector and the school, difficult-area and study years, for
    the people who have none yet."""
    for person in staff:
        if person.date_of_birth is not None:
            continue
        rng = random.Random(f"register:{person.full_name}")
        username = accounts.get(person.pk, "")
        if username.endswith("hieutruong"):
            born = _random_day(rng, datetime.date(1970, 1, 1), datetime.date(1975, 12, 31))
        elif username == "lqd.giaovien":
            born = datetime.date(1990, 5, 12)
        else:
            born = _random_day(rng, datetime.date(1968, 1, 1), datetime.date(1999, 12, 31))
        sector = datetime.date(born.year + rng.randint(21, 24), 9, rng.choice((1, 5, 15)))
        if username == "lqd.giaovien":
            sector = datetime.date(2012, 9, 1)
        sector = min(sector, today - datetime.timedelta(days=400))
        school = min(
            datetime.date(sector.year + rng.randint(0, 12), 8, 15), today - datetime.timedelta(days=200)
        )
        if username == "lqd.giaovien":
            school = datetime.date(2016, 8, 15)
        school = max(school, sector)
        difficult = Decimal(rng.choice((3, 4, 5, 6, 7))) if rng.random() < 0.1 else Decimal(0)
        study = Decimal("2") if person.gender == Staff.Gender.MALE and rng.random() < 0.4 else Decimal(0)
        people_services.update_staff(
            person,
            user=principal,
            date_of_birth=born,
            joined_sector_on=sector,
            joined_school_on=school,
            difficult_area_years=difficult,
            years_in_study_or_military=study,
        )


def _pick(staff: list[Staff], accounts: dict[int, str], *, gender=None, skip=()) -> Staff | None:
    for person in staff:
        if person.pk in accounts or person.pk in skip or not person.teaches:
            continue
        if gender is None or person.gender == gender:
            return person
    return None


def _periods(
    staff: list[Staff], accounts: dict[int, str], today: datetime.date, principal, code: str
) -> None:
    if StaffStatusPeriod.objects.exists():
        return
    abbreviation = SCHOOLS[code].school_abbreviation
    mother = _pick(staff, accounts, gender=Staff.Gender.FEMALE)
    if mother is not None:
        people_services.add_status_period(
            mother,
            user=principal,
            kind=StaffStatusPeriod.Kind.MATERNITY,
            starts_on=today - datetime.timedelta(days=60),
            ends_on=today + datetime.timedelta(days=122),
            note="Nghỉ thai sản theo chế độ 6 tháng.",
        )
        people_services.update_staff(mother, user=principal, status=Staff.Status.MATERNITY)
    if code != "lequydon":
        return
    disciplined = _pick(staff, accounts, skip={mother.pk} if mother else ())
    if disciplined is not None:
        people_services.add_status_period(
            disciplined,
            user=principal,
            kind=StaffStatusPeriod.Kind.DISCIPLINE,
            starts_on=datetime.date(2023, 3, 15),
            ends_on=datetime.date(2024, 3, 14),
            discipline_level=DisciplineLevel.REPRIMAND,
            decision_number=f"15/QĐ-{abbreviation}",
            note="Vi phạm quy định về dạy thêm (đã hết thời hạn kỷ luật).",
        )
    investigated = _pick(staff, accounts, skip={p.pk for p in (mother, disciplined) if p})
    if investigated is not None:
        people_services.add_status_period(
            investigated,
            user=principal,
            kind=StaffStatusPeriod.Kind.INVESTIGATION,
            starts_on=today - datetime.timedelta(days=30),
            note="Đang xác minh đơn phản ánh của phụ huynh học sinh.",
        )


def _decision_day(year: int) -> datetime.date:
    """Decisions on a school year come out in the summer it ends; 2024-2025's after the reform."""
    return datetime.date(year, 8, 15) if year >= 2025 else datetime.date(year, 7, 20)


def _higher_issuer(spec: DemoAwards, day: datetime.date) -> tuple[str, str]:
    if day < REFORM_DAY:
        return "UBND quận Hà Đông", "Cấp huyện"
    return spec.ward, "Cấp xã"


def _under_discipline(periods: list[StaffStatusPeriod], year: int) -> bool:
    school_year = (datetime.date(year - 1, 9, 1), datetime.date(year, 5, 31))
    return any(
        p.kind == StaffStatusPeriod.Kind.DISCIPLINE
        and p.starts_on <= school_year[1]
        and (p.ends_on is None or p.ends_on >= school_year[0])
        for p in periods
    )


def _awards(staff: list[Staff], accounts: dict[int, str], today: datetime.date, principal, code: str) -> None:
    if AwardRecord.objects.exists():
        return
    spec = SCHOOLS[code]
    teacher_years = {person.pk: TEACHER_CSTDCS_YEARS.get(accounts.get(person.pk, ""), ()) for person in staff}
    discipline: dict[int, list[StaffStatusPeriod]] = {person.pk: [] for person in staff}
    for period in StaffStatusPeriod.objects.filter(kind=StaffStatusPeriod.Kind.DISCIPLINE):
        discipline.setdefault(period.staff_id, []).append(period)
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        day = _decision_day(year)
        if day > today:
            break
        issuer, level = _higher_issuer(spec, day)
        rng = random.Random(f"awards:{code}:{year}")
        base = 1100 + (year - FIRST_YEAR) * 97
        winners = []
        for person in staff:
            if person.joined_school_on is None or person.joined_school_on >= datetime.date(year, 1, 1):
                continue
            if _under_discipline(discipline[person.pk], year):
                continue
            forced = person.pk in accounts and accounts[person.pk] == spec.teacher
            if forced or rng.random() < 0.88:
                winners.append(person)
                people_services.add_award(
                    user=principal,
                    staff=person,
                    year=year,
                    title=Title.LDTT,
                    decision_number=f"{base}/QĐ-UBND",
                    decision_date=day,
                    issuer_name=issuer,
                    issuer_level=level,
                )
        for person in winners:
            chosen = year in teacher_years[person.pk]
            random_pick = not TEACHER_CSTDCS_YEARS.get(accounts.get(person.pk, "")) and rng.random() < 0.12
            if chosen or random_pick:
                people_services.add_award(
                    user=principal,
                    staff=person,
                    year=year,
                    title=Title.CSTDCS,
                    decision_number=f"{base + 1}/QĐ-UBND",
                    decision_date=day,
                    issuer_name=issuer,
                    issuer_level=level,
                )
        for index, person in enumerate(rng.sample(winners, k=min(3, len(winners)))):
            people_services.add_award(
                user=principal,
                staff=person,
                year=year,
                title=Title.GIAY_KHEN,
                decision_number=f"{20 + index}/QĐ-{spec.school_abbreviation}",
                decision_date=datetime.date(year, 5, 25),
                issuer_name=spec.school_issuer,
                issuer_level="Cấp trường",
                note="Đạt giải Giáo viên dạy giỏi cấp trường.",
            )
        if year == spec.excellent_collective_year:
            people_services.add_award(
                user=principal,
                year=year,
                title=Title.TTLDXS,
                decision_number=f"{3000 + year % 100}/QĐ-UBND",
                decision_date=datetime.date(year, 9, 10),
                issuer_name="UBND thành phố Hà Nội",
                issuer_level="Cấp tỉnh",
            )
        else:
            people_services.add_award(
                user=principal,
                year=year,
                title=Title.TTLDTT,
                decision_number=f"{base + 2}/QĐ-UBND",
                decision_date=day,
                issuer_name=issuer,
                issuer_level=level,
            )
    head = next((p for p in staff if accounts.get(p.pk) == spec.principal), None)
    if head is not None and code == "lequydon" and _decision_day(2023) <= today:
        people_services.add_award(
            user=principal,
            staff=head,
            year=2023,
            title=Title.BANG_KHEN_TINH,
            decision_number="4512/QĐ-UBND",
            decision_date=datetime.date(2023, 9, 5),
            issuer_name="UBND thành phố Hà Nội",
            issuer_level="Cấp tỉnh",
            note="Đã có thành tích xuất sắc trong công tác giáo dục năm học 2021-2022 và 2022-2023.",
        )


def load_demo(schools: dict, users: dict) -> None:
    """Fill the register and the award history of the demo schools that exist in `schools`."""
    today = timezone.localdate()
    for code, spec in SCHOOLS.items():
        school = schools.get(code)
        principal = users.get(spec.principal)
        if school is None or principal is None:
            continue
        accounts = {user.pk: username for username, user in users.items()}
        with schema_context(school.schema_name), transaction.atomic():
            staff = list(Staff.objects.order_by("pk"))
            by_account = {p.pk: accounts[p.user_id] for p in staff if p.user_id in accounts}
            _fill_register(staff, by_account, today, principal)
            _periods(staff, by_account, today, principal, code)
            _awards(staff, by_account, today, principal, code)
