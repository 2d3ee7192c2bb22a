"""The demo office that `make run` loads: believable Vietnamese data so every feature can be tried
without typing anything first. Loading twice changes nothing."""

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from demo.access import FEED_OWNER, FEED_SCHOOL, load_calendar_feed
from demo.access import load_demo as load_access_demo
from demo.authorities import LAST_DISTRICT_DAY, load_authority_demo, load_evaluation_periods
from demo.collective import load_demo as load_collective_demo
from demo.dashboard import load_demo as load_dashboard_demo
from demo.decisions import load_demo as load_decisions_demo
from demo.emulation import load_demo as load_emulation_demo
from demo.examples import load_demo as load_examples_demo
from demo.initiatives import load_demo as load_initiatives_demo
from demo.invitations import load_demo as load_invitations_demo
from demo.nominations import load_demo as load_nominations_demo
from demo.nominations import load_route_demo
from demo.people import load_demo as load_people_demo
from demo.privacy import load_demo as load_privacy_demo
from demo.self_assessment import load_demo as load_clusters_demo
from demo.staff import load_demo as load_staff_demo
from demo.submissions import load_demo as load_submissions_demo
from demo.year_report import load_demo as load_year_report_demo
from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role, grant_school_role
from office.authorities.models import Authority
from plans.notifications.services import notify
from plans.planning import services as plan_services
from plans.planning.models import Plan, PlanTask
from plans.planning.plan_import import parse_plan, read_plan_source
from plans.staff.decision_delivery import deliver_decision_to_school
from plans.staff.models import Staff
from plans.staff.services import add_staff_member
from tenants.models import School
from tenants.provisioning import create_school

DEMO_PASSWORD = "tdkt2026"
# The two real plans the project started from, beside the repository as on every developer's machine.
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_PLANS = {"lequydon": "000_d69e0c83e5920246.txt", "yenhoa": "004_4656a305da5b6655.txt"}


@dataclass(frozen=True)
class DemoSchool:
    code: str
    name: str
    level: str
    address: str
    departments: tuple[str, ...]
    staff_count: int


DEMO_SCHOOLS = (
    DemoSchool(
        "lequydon",
        "Trường Tiểu học Lê Quý Đôn",
        School.Level.PRIMARY,
        "Phố Văn Quán, phường Hà Đông, Hà Nội",
        ("Tổ khối 1", "Tổ khối 2", "Tổ khối 3", "Tổ khối 4", "Tổ khối 5", "Tổ Văn phòng"),
        42,
    ),
    DemoSchool(
        "yenhoa",
        "Trường Mầm non Yên Hoà",
        School.Level.PRESCHOOL,
        "Tổ dân phố 5, phường Yên Nghĩa, Hà Nội",
        ("Tổ Nhà trẻ", "Tổ Mẫu giáo bé", "Tổ Mẫu giáo nhỡ", "Tổ Mẫu giáo lớn", "Tổ Văn phòng"),
        34,
    ),
    DemoSchool(
        "leloi",
        "Trường THCS Lê Lợi",
        School.Level.LOWER_SECONDARY,
        "Phố Quang Trung, phường Hà Đông, Hà Nội",
        ("Tổ Toán – Tin", "Tổ Ngữ văn", "Tổ Ngoại ngữ", "Tổ Khoa học tự nhiên", "Tổ Văn phòng"),
        48,
    ),
    DemoSchool(
        "kienhung",
        "Trường Tiểu học Kiến Hưng",
        School.Level.PRIMARY,
        "Tổ dân phố 9, phường Kiến Hưng, Hà Nội",
        ("Tổ khối 1", "Tổ khối 2", "Tổ khối 3", "Tổ khối 4", "Tổ khối 5", "Tổ Văn phòng"),
        38,
    ),
    DemoSchool(
        "hoasen",
        "Trường Mầm non Hoa Sen",
        School.Level.PRESCHOOL,
        "Khu đô thị Văn Phú, phường Hà Đông, Hà Nội",
        ("Tổ Nhà trẻ", "Tổ Mẫu giáo", "Tổ Văn phòng"),
        26,
    ),
)

# The city's Sở GDĐT runs the high schools itself, before and after 1/7/2025 (the rules checker says
# what is unverified about that: office.rules migration 0003). Kept apart from DEMO_SCHOOLS, whose
# schools moved from the district of Hà Đông to its wards (demo.authorities).
SO_CODE = "sgddt-hanoi"
SO_SCHOOLS = (
    DemoSchool(
        "quangtrung",
        "Trường THPT Quang Trung – Hà Đông",
        School.Level.UPPER_SECONDARY,
        "Phố Quang Trung, phường Hà Đông, Hà Nội",
        (
            "Tổ Toán – Tin",
            "Tổ Ngữ văn",
            "Tổ Ngoại ngữ",
            "Tổ Vật lí – Hóa học – Sinh học",
            "Tổ Lịch sử – Địa lí – GDKT&PL",
            "Tổ Văn phòng",
        ),
        36,
    ),
)

# (username, full name, gender, role, school code or None for the office)
DEMO_ACCOUNTS = (
    ("phong.lanhdao", "Nguyễn Văn Hùng", "nam", Role.OFFICE_HEAD, None),
    ("phong.chuyenvien", "Trần Thị Lan", "nu", Role.OFFICE_SPECIALIST, None),
    ("lqd.hieutruong", "Teo Thị Thanh Mai", "nu", Role.PRINCIPAL, "lequydon"),
    ("lqd.phohieutruong", "Nguyễn Thị Hương", "nu", Role.VICE_PRINCIPAL, "lequydon"),
    ("lqd.thuky", "Phạm Thu Trang", "nu", Role.COUNCIL_SECRETARY, "lequydon"),
    ("lqd.giaovien", "Lê Minh Anh", "nu", Role.STAFF, "lequydon"),
    ("yh.hieutruong", "Dương Thị Hiền", "nu", Role.PRINCIPAL, "yenhoa"),
    ("yh.giaovien", "Hoàng Thị Ngọc", "nu", Role.STAFF, "yenhoa"),
    ("ll.hieutruong", "Vũ Đức Thắng", "nam", Role.PRINCIPAL, "leloi"),
    ("kh.hieutruong", "Đỗ Thị Thu Hà", "nu", Role.PRINCIPAL, "kienhung"),
    ("hs.hieutruong", "Bùi Thị Mai Phương", "nu", Role.PRINCIPAL, "hoasen"),
    ("qt.hieutruong", "Nguyễn Quang Huy", "nam", Role.PRINCIPAL, "quangtrung"),
    ("qt.phohieutruong", "Trần Thị Thu Hằng", "nu", Role.VICE_PRINCIPAL, "quangtrung"),
    ("qt.giaovien", "Phạm Đức Long", "nam", Role.STAFF, "quangtrung"),
)
# (username, full name, role) at the Sở GDĐT: the office whose dashboard shows its THPT school.
SO_ACCOUNTS = (("so.chuyenvien", "Lê Thị Minh Nguyệt", Role.OFFICE_SPECIALIST),)

POSITIONS = {
    Role.PRINCIPAL: "Hiệu trưởng",
    Role.VICE_PRINCIPAL: "Phó Hiệu trưởng",
    Role.COUNCIL_SECRETARY: "Giáo viên, Thư ký Hội đồng TĐKT",
    Role.STAFF: "Giáo viên",
}

FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý")
FEMALE_MIDDLE = ("Thị", "Thị Thu", "Thị Thanh", "Thị Minh", "Ngọc", "Thị Hồng", "Thùy", "Phương")
MALE_MIDDLE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Tuấn")
FEMALE_GIVEN = (
    "Hà",
    "Hương",
    "Lan",
    "Mai",
    "Ngọc",
    "Trang",
    "Thảo",
    "Hằng",
    "Yến",
    "Nhung",
    "Loan",
    "Hạnh",
    "Vân",
)
MALE_GIVEN = ("Hùng", "Dũng", "Nam", "Long", "Tuấn", "Sơn", "Thắng", "Khánh", "Bình")


def _authorities() -> Authority:
    city, _ = Authority.objects.get_or_create(
        code="ubnd-hanoi",
        defaults={
            "name": "UBND thành phố Hà Nội",
            "short_name": "UBND TP",
            "kind": Authority.Kind.CITY_PEOPLES_COMMITTEE,
        },
    )
    Authority.objects.get_or_create(
        code="sgddt-hanoi",
        defaults={
            "name": "Sở Giáo dục và Đào tạo Hà Nội",
            "short_name": "SGDĐT",
            "kind": Authority.Kind.CITY_DEPARTMENT,
            "parent": city,
        },
    )
    # The district level ended with the 2025 reform (DOMAIN.md §4); its successors are in
    # demo.authorities.
    district, _ = Authority.objects.get_or_create(
        code="ubnd-hadong",
        defaults={
            "name": "UBND quận Hà Đông",
            "short_name": "UBND quận",
            "kind": Authority.Kind.DISTRICT_PEOPLES_COMMITTEE,
            "parent": city,
        },
    )
    office, _ = Authority.objects.get_or_create(
        code="pgddt-hadong",
        defaults={
            "name": "Phòng Giáo dục và Đào tạo quận Hà Đông",
            "short_name": "PGDĐT",
            "kind": Authority.Kind.DISTRICT_OFFICE,
            "parent": district,
            "valid_from": date(2008, 8, 1),
        },
    )
    Authority.objects.filter(pk=district.pk, valid_from__isnull=True).update(valid_from=date(2008, 8, 1))
    Authority.objects.filter(pk__in=[district.pk, office.pk], valid_to__isnull=True).update(
        valid_to=LAST_DISTRICT_DAY
    )
    return office


def _staff_names(rng: random.Random, count: int):
    seen = set()
    while len(seen) < count:
        if rng.random() < 0.82:  # primary and preschool staff are mostly women
            name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"
            gender = Staff.Gender.FEMALE
        else:
            name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
            gender = Staff.Gender.MALE
        if name not in seen:
            seen.add(name)
            yield name, gender


def _fill_school(school: School, spec: DemoSchool, accounts) -> None:
    with schema_context(school.schema_name):
        if Staff.objects.exists():
            return
        for user, gender, role in accounts:
            add_staff_member(
                full_name=user.full_name,
                gender=gender,
                position=POSITIONS[role],
                department_name=spec.departments[0] if role in (Role.STAFF, Role.COUNCIL_SECRETARY) else "",
                teaches=role in (Role.STAFF, Role.COUNCIL_SECRETARY),
                user=user,
            )
            notify(
                recipient_id=user.pk,
                message=f"Chào mừng {user.full_name} đến với hệ thống Thi đua – Khen thưởng "
                f"của {school.name}.",
            )
        rng = random.Random(spec.code)
        for index, (name, gender) in enumerate(_staff_names(rng, spec.staff_count - len(accounts))):
            department = spec.departments[index % len(spec.departments)]
            office_staff = department == "Tổ Văn phòng"
            add_staff_member(
                full_name=name,
                gender=gender,
                position=rng.choice(("Kế toán", "Nhân viên văn thư", "Nhân viên y tế"))
                if office_staff
                else "Giáo viên",
                department_name=department,
                teaches=not office_staff,
            )


def _import_seed(school: School, user, seed_of: str | None = None) -> Plan | None:
    path = SEEDS_DIR / SEED_PLANS[seed_of or school.code]
    if not path.exists():
        return None
    source = read_plan_source(path.name, path.read_bytes())
    return plan_services.create_plan_from_import(
        parse_plan(source), school=school, filename=path.name, encoding=source.encoding, user=user
    )


def _follow_up(plan: Plan, today: date, user) -> None:
    """Make a plan look lived in: past months done, last month's left overdue, owners set."""
    last_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    secretary_role = Role.COUNCIL_SECRETARY.value
    for index, task in enumerate(plan.tasks.order_by("year", "month", "position")):
        done = (task.year, task.month) < last_month
        plan_services.assign_task(
            task,
            owner_role=secretary_role if index % 3 else Role.PRINCIPAL.value,
            state=PlanTask.State.DONE if done else PlanTask.State.TODO,
            user=user,
        )


def _issue_in_its_year(plan: Plan, school, user) -> Plan:
    """The demo replays past years: a plan of an earlier year was issued in that year, so only the
    "not this year" difference is confirmed here; any other difference would be a fault of the demo."""
    past = ["year"] if plan.year < timezone.localdate().year else []
    return plan_services.issue_plan(plan, school=school, user=user, confirm=past)


# What Lê Quý Đôn's revision of this year's plan changes (so the office's review shows a second
# version and what changed): a target for teaching staff added, a line reworded, a task added.
REVISED_SECTION = "Nâng cao chất lượng hiệu quả công tác khen thưởng"
REVISION_LINES = [
    "- Phấn đấu ít nhất 70% cá nhân được đề nghị danh hiệu Lao động tiên tiến và Chiến sĩ thi đua cơ sở "
    "là giáo viên trực tiếp giảng dạy.",
]
REVISION_TASK = "Rà soát tỉ lệ giáo viên trực tiếp giảng dạy trong danh sách đề nghị khen thưởng cuối năm học"


def _revise_and_reissue(plan: Plan, today: date, *, school, user) -> Plan:
    """The principal revises the issued plan after the council's comments and issues it again: the
    office receives version 2 of the same plan."""
    revision = plan_services.revise_plan(plan, user=user)
    section = revision.sections.filter(heading__icontains=REVISED_SECTION).first()
    if section is None:
        section = next((s for s in revision.sections.order_by("position") if s.body_lines()), None)
    if section is not None:
        lines = section.body_lines()
        plan_services.update_section(
            section, heading=section.heading, body="\n".join(lines + REVISION_LINES), user=user
        )
    plan_services.add_task(revision, year=revision.year, month=4, text=REVISION_TASK, user=user)
    plan_services.update_plan_header(revision, issued_on=min(today, date(revision.year, 3, 2)), user=user)
    return _issue_in_its_year(revision, school, user)


def _demo_plans(schools: dict, users: dict) -> None:
    """Lê Quý Đôn: the 2024 seed issued, then copied and issued year by year up to this year, and this
    year's revised once (version 2, so the office sees what changed).
    Yên Hoà: the 2025 seed issued, and this year's draft out for consultation with a comment."""
    today = timezone.localdate()
    lequydon, yenhoa = schools["lequydon"], schools["yenhoa"]
    with schema_context(lequydon.schema_name):
        principal = users["lqd.hieutruong"]
        if not Plan.objects.exists() and (plan := _import_seed(lequydon, principal)):
            plan = _issue_in_its_year(plan, lequydon, principal)
            while plan.year < today.year:
                _follow_up(plan, today, principal)
                plan = plan_services.copy_plan_to_next_year(plan, user=principal, school=lequydon)
                plan_services.update_plan_header(plan, issued_on=date(plan.year, 1, 8), user=principal)
                plan_services.confirm_bases_reviewed(plan, user=principal)
                plan = _issue_in_its_year(plan, lequydon, principal)
            plan = _revise_and_reissue(plan, today, school=lequydon, user=principal)
            _follow_up(plan, today, principal)
    with schema_context(yenhoa.schema_name):
        principal = users["yh.hieutruong"]
        if not Plan.objects.exists() and (plan := _import_seed(yenhoa, principal)):
            plan_services.update_plan_header(
                plan,
                parent_body="UBND QUẬN HÀ ĐÔNG",
                place="Hà Đông",
                issued_on=date(plan.year, 1, 10),
                user=principal,
            )
            plan = _issue_in_its_year(plan, yenhoa, principal)
            # A neighbour's plan imported as a starting point: the editor shows each difference (school
            # name, number, signer, year) as blocking until the principal fixes or confirms it.
            _import_seed(yenhoa, principal, seed_of="lequydon")
            if plan.year < today.year:
                # Left as copied: its cited documents are flagged for review in the editor.
                draft = plan_services.copy_plan_to_next_year(plan, user=principal, school=yenhoa)
                plan_services.open_consultation(draft, school=yenhoa, user=principal)
                first_section = draft.sections.order_by("position").first()
                plan_services.add_comment(
                    first_section,
                    user=users["yh.giaovien"],
                    text="Đề nghị bổ sung chỉ tiêu số giáo viên đạt danh hiệu Lao động tiên tiến của từng tổ.",
                )


@transaction.atomic
def load_demo_office() -> dict:
    """Create the demo office, its schools, accounts and staff where missing."""
    office = _authorities()
    schools = {}
    for spec in DEMO_SCHOOLS:
        school = School.objects.filter(code=spec.code).first()
        if school is None:
            school = create_school(
                code=spec.code, name=spec.name, level=spec.level, authority=office, address=spec.address
            )
        schools[spec.code] = school
    office_team = load_authority_demo(office, schools, {spec.code: spec.address for spec in DEMO_SCHOOLS})
    so = Authority.objects.get(code=SO_CODE)
    so_schools = {}
    for spec in SO_SCHOOLS:
        school = School.objects.filter(code=spec.code).first()
        if school is None:
            school = create_school(
                code=spec.code, name=spec.name, level=spec.level, authority=so, address=spec.address
            )
        so_schools[spec.code] = school
    every_school = {**schools, **so_schools}
    accounts_by_school: dict[str, list] = {code: [] for code in every_school}
    users = {}
    for username, full_name, gender, role, school_code in DEMO_ACCOUNTS:
        user = ensure_user(username=username, full_name=full_name, password=None)
        users[username] = user
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if school_code is None:
            # The former district office's team now serves the three wards that took over its schools:
            # they keep their Phòng GDĐT role (its history, its decisions) and hold the same role in each
            # ward's Phòng Văn hóa – Xã hội, so today's office screens still cover all five schools.
            for authority in office_team:
                grant_office_role(user, authority, role)
        else:
            grant_school_role(user, every_school[school_code], role)
            accounts_by_school[school_code].append((user, gender, role))
    for username, full_name, role in SO_ACCOUNTS:
        user = ensure_user(username=username, full_name=full_name, password=None)
        users[username] = user
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        grant_office_role(user, so, role)
    for spec in (*DEMO_SCHOOLS, *SO_SCHOOLS):
        _fill_school(every_school[spec.code], spec, accounts_by_school[spec.code])
    _demo_plans(schools, users)
    load_evaluation_periods(office_team, users["phong.lanhdao"])
    # The school year, part by part: staff details and award history first (the rules read them),
    # then initiatives, registrations, ratings and reviews, and last the nominations built on them.
    for load_part in (
        load_staff_demo,
        load_initiatives_demo,
        load_emulation_demo,
        load_nominations_demo,
        load_route_demo,  # a Bằng khen of the Minister and a Giấy khen with their routes' answers
    ):
        load_part(schools, users)
    load_submissions_demo(schools, users)
    load_collective_demo(schools, users)  # the schools' own ratings and two departments (demo.collective)
    load_decisions_demo(schools, users, deliver=deliver_decision_to_school)
    load_year_report_demo(schools, users)  # Lê Quý Đôn's 2024-2025 report sent, Yên Hoà's a draft
    load_clusters_demo(schools, users)  # clusters, covenants, rubrics and rounds (demo.clusters)
    load_invitations_demo(schools, users, password=DEMO_PASSWORD)  # pending, accepted, expired
    # People and access: a retired teacher, a new one who must change her password, roles the
    # principals gave.
    load_people_demo(schools, users, password=DEMO_PASSWORD)
    load_examples_demo(schools, users)  # Lê Quý Đôn's good examples, one proposed by Tổ khối 2's head
    load_access_demo(users)  # a sign-in lockout to lift, an API token (demo.access)
    load_calendar_feed(schools[FEED_SCHOOL], users[FEED_OWNER])  # a teacher's calendar address
    load_privacy_demo(schools, users)  # who read Lê Minh Anh's data (demo.privacy)
    # Last: the office's deadlines and every school's facts, counted from all of the above.
    # (set by today's office: the ward office that took Lê Quý Đôn over on 01/07/2025).
    load_dashboard_demo(schools["lequydon"].authority, schools)
    load_dashboard_demo(so, so_schools)  # the Sở's own timeline and its high school's facts
    return {"office": office, "schools": schools, "so": so, "so_schools": so_schools}
