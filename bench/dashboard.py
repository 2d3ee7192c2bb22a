"""How fast the office dashboard answers as the office grows: 10, 100 and 1,000 schools, each with
60 staff, 20 nominations, registrations, awards, initiatives and dossiers in its own schema, its
SchoolFacts counted by the school-side refresh, and plans, registration lists and dossiers sent up
through `submit`. Prints the median and p95 server time of the page (Django test client, after
warm-up) and its number of SQL queries at each size, and the query counts of the export and the API.
The timing runs in a process of its own started through office.wsgi, as a gunicorn worker is, so it
measures a server's process (startup heap frozen) rather than the one that has just loaded the data.

    make bench-dashboard                                    # or:
    .venv/bin/python bench/dashboard.py --schools 10,100,1000 --requests 30
    .venv/bin/python bench/dashboard.py --schools 10,100     # a quick run

The office tree is nested (the 10 schools' office sits inside the 100 schools' one, inside the
1,000's), so one set of schools serves every size. The scratch database (tdkt_dashboard_bench, or
$BENCH_POSTGRES_DB) is kept between runs: schools already made are not made again, so a run that was
stopped resumes where it was (--fresh starts over).
"""

import argparse
import datetime
import math
import os
import random
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))
sys.path.insert(0, str(REPO_DIR / "platform"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")
os.environ["POSTGRES_DB"] = os.environ.get("BENCH_POSTGRES_DB", "tdkt_dashboard_bench")
# Schools made here copy the template and send no refill task to the broker (tenants/spares.py); a bench
# that times the spare pool turns it on itself.
os.environ["SCHOOL_SPARE_SCHEMAS"] = "0"

SCHOOL_YEAR = "2025-2026"
STAFF_PER_SCHOOL = 60
NOMINATIONS_PER_SCHOOL = 20
SCHOOLS_PER_CLUSTER = 10
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Thị", "Văn", "Thu", "Minh", "Ngọc", "Đức", "Thanh")
GIVEN = ("Hà", "Hương", "Lan", "Mai", "Nam", "Long", "Trang", "Thảo", "Hùng", "Yến", "Sơn", "Vân")


def _prepare_database(fresh: bool) -> None:
    import psycopg

    name = os.environ["POSTGRES_DB"]
    admin = psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True)
    if fresh:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _offices(sizes: list[int]):
    """One office per size, nested: the smallest inside the next, so each sees the schools below it."""
    from office.authorities.models import Authority

    offices, parent = {}, None
    for size in sorted(sizes, reverse=True):
        office, _ = Authority.objects.get_or_create(
            code=f"bench-{size}",
            defaults={
                "name": f"Phòng GDĐT đo đạc ({size} trường)",
                "kind": Authority.Kind.DISTRICT_OFFICE,
                "parent": parent,
            },
        )
        offices[size], parent = office, office
    return offices


def _office_of(index: int, offices: dict):
    """The smallest office whose size still includes school number `index` (1-based)."""
    return offices[min(size for size in offices if index <= size)]


def _fill_school_schema(school, rng: random.Random) -> None:
    """The school's working data, written with the bulk equivalents of its services, then its facts
    counted by the same refresh the services call."""
    from plans.emulation.models import Registration, RegistrationCampaign
    from plans.facts.services.services import refresh_school_facts
    from plans.initiatives.models import Initiative
    from plans.nominations.models import Dossier, Nomination
    from plans.staff.models import AwardRecord, Department, Staff
    from plans.staff.services import search_key

    departments = Department.objects.bulk_create(
        Department(name=name) for name in ("Tổ khối 1", "Tổ khối 2", "Tổ khối 3", "Tổ Văn phòng")
    )
    staff = []
    for number in range(STAFF_PER_SCHOOL):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {number + 1}"
        department = departments[number % len(departments)]
        staff.append(
            Staff(
                full_name=name,
                search_name=search_key(name),
                gender=rng.choice(("nu", "nu", "nu", "nam")),
                position="Giáo viên" if department.name != "Tổ Văn phòng" else "Nhân viên",
                department=department,
                teaches=department.name != "Tổ Văn phòng",
            )
        )
    staff = Staff.objects.bulk_create(staff)
    campaign = RegistrationCampaign.objects.create(
        school_year=SCHOOL_YEAR,
        opens_on=datetime.date(2025, 10, 1),
        deadline=datetime.date(2025, 10, 15),
        status=RegistrationCampaign.Status.CLOSED,
    )
    statuses = ["approved"] * 6 + ["registered", "pending", "returned"]
    Registration.objects.bulk_create(
        Registration(campaign=campaign, staff=member, title="ldtt", status=rng.choice(statuses))
        for member in staff
    )
    verdicts = ["met"] * 5 + ["not_met", "unknown", ""]
    Nomination.objects.bulk_create(
        Nomination(school_year=SCHOOL_YEAR, staff=member, title="ldtt", verdict=rng.choice(verdicts))
        for member in staff[:NOMINATIONS_PER_SCHOOL]
    )
    Dossier.objects.bulk_create(
        Dossier(
            school_year=SCHOOL_YEAR, subject="Đề nghị công nhận danh hiệu thi đua", recipient="Phòng GDĐT"
        )
        for _ in range(rng.randint(0, 2))
    )
    Initiative.objects.bulk_create(
        Initiative(
            school_year=SCHOOL_YEAR,
            author=staff[number],
            title=f"Sáng kiến số {number + 1}",
            status=Initiative.Status.DECIDED,
            recognized=rng.random() < 0.7,
        )
        for number in range(rng.randint(0, 5))
    )
    AwardRecord.objects.bulk_create(
        AwardRecord(
            staff=member,
            year=2026,
            school_year=SCHOOL_YEAR,
            title="ldtt",
            issuer_name="Phòng GDĐT",
        )
        for member in rng.sample(staff, rng.randint(15, 35))
    )
    refresh_school_facts(school, SCHOOL_YEAR)


def _send_up(school, user, reviewer, rng: random.Random) -> None:
    """What the school sent the office, and the office's answers, through the boundary's own
    services (the reviewer is an office member: nobody else may return or accept a dossier)."""
    from office.submissions.models import Submission
    from office.submissions.services import accept_submission, return_submission, submit

    def send(kind: str, reference: str, title: str):
        return submit(
            school=school, kind=kind, reference=reference, year=2026, title=title, payload={}, user=user
        )

    if rng.random() < 0.85:
        send(Submission.Kind.PLAN, "plan:1", "Kế hoạch công tác thi đua, khen thưởng năm 2026")
    if rng.random() < 0.75:
        send(Submission.Kind.REGISTRATION, "registration:1", "Đăng ký danh hiệu thi đua năm học 2025-2026")
    for number in range(rng.randint(0, 2)):
        dossier = send(Submission.Kind.DOSSIER, f"dossier:{number + 1}", "Tờ trình đề nghị khen thưởng")
        outcome = rng.random()
        if outcome < 0.3:
            return_submission(
                dossier, comments=[{"document": "", "text": "Bổ sung minh chứng."}], user=reviewer
            )
        elif outcome < 0.6:
            accept_submission(dossier, user=reviewer)


def _clusters(office, schools, user) -> None:
    """Clusters of ten schools with a published round and ranks, as the office would have them."""
    from office.clusters.models import Cluster, ClusterResult, ClusterSeat, Rubric, ScoringRound

    rubric, _ = Rubric.objects.get_or_create(
        authority=office,
        school_year=SCHOOL_YEAR,
        name="Tiêu chí thi đua cụm",
        defaults={"state": "published"},
    )
    seated = set(ClusterSeat.objects.filter(school_year=SCHOOL_YEAR).values_list("school_id", flat=True))
    unseated = [school for school in schools if school.pk not in seated]
    for start in range(0, len(unseated), SCHOOLS_PER_CLUSTER):
        group = unseated[start : start + SCHOOLS_PER_CLUSTER]
        cluster = Cluster.objects.create(
            authority=office,
            school_year=SCHOOL_YEAR,
            name=f"Cụm thi đua số {Cluster.objects.filter(authority=office).count() + 1}",
            leader=group[0],
            rubric=rubric,
        )
        seats = ClusterSeat.objects.bulk_create(
            ClusterSeat(cluster=cluster, school=school, school_year=SCHOOL_YEAR) for school in group
        )
        scoring = ScoringRound.objects.create(
            cluster=cluster,
            rubric=rubric,
            name="Chấm điểm thi đua cuối năm học",
            stage=ScoringRound.Stage.PUBLISHED,
            published_at=datetime.datetime(2026, 6, 10, tzinfo=datetime.UTC),
        )
        ClusterResult.objects.bulk_create(
            ClusterResult(round=scoring, seat=seat, rank=rank) for rank, seat in enumerate(seats, start=1)
        )


def _deadlines(offices: dict, user) -> None:
    from office.facts.models import OfficeDeadline
    from office.facts.services import create_deadline

    for office in offices.values():
        if OfficeDeadline.objects.filter(authority=office, school_year=SCHOOL_YEAR).exists():
            continue
        for kind, due_on, label in (
            ("registration", datetime.date(2025, 10, 31), "Nộp danh sách đăng ký thi đua"),
            ("plan", datetime.date(2026, 1, 20), "Nộp kế hoạch TĐKT năm 2026"),
            ("dossier", datetime.date(2026, 5, 25), "Nộp hồ sơ đề nghị khen thưởng"),
        ):
            create_deadline(
                authority=office,
                school_year=SCHOOL_YEAR,
                kind=kind,
                due_on=due_on,
                label=label,
                user=user,
                by_system=True,
            )


def _provision(sizes: list[int]):
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from office.accounts.models import Role
    from office.accounts.services import ensure_user, grant_office_role
    from office.clusters.models import ClusterResult, ClusterSeat
    from office.facts.models import OfficeDeadline, SchoolFacts
    from office.submissions.models import Submission
    from tenants.models import School
    from tenants.provisioning import create_school

    offices = _offices(sizes)
    sender = ensure_user(username="bench.hieutruong", full_name="Hiệu trưởng đo đạc", password=None)
    viewers = {}
    for size, office in offices.items():
        viewers[size] = ensure_user(
            username=f"bench.phong{size}", full_name=f"Chuyên viên {size}", password=None
        )
        grant_office_role(viewers[size], office, Role.OFFICE_SPECIALIST)
    _deadlines(offices, viewers[max(offices)])
    total = max(sizes)
    existing = set(School.objects.filter(code__startswith="bench").values_list("code", flat=True))
    start = time.perf_counter()
    made = 0
    for index in range(1, total + 1):
        code = f"bench{index:04d}"
        if code in existing:
            continue
        rng = random.Random(code)
        level = rng.choice(("mam_non", "tieu_hoc", "thcs"))
        # One school, its schema, data, facts and submissions commit together: a stopped run resumes.
        with transaction.atomic():
            school = create_school(
                code=code,
                name=f"Trường đo đạc số {index:04d}",
                level=level,
                authority=_office_of(index, offices),
            )
            with schema_context(school.schema_name):
                _fill_school_schema(school, rng)
            _send_up(school, sender, viewers[max(offices)], rng)
        made += 1
        if made % 25 == 0 or index == total:
            rate = (time.perf_counter() - start) / made
            print(
                f"  {index}/{total} trường ({rate:.2f} s/trường, còn ~{rate * (total - index) / 60:.1f} phút)",
                flush=True,
            )
    schools = list(School.objects.filter(code__startswith="bench").order_by("code"))
    _clusters(offices[max(offices)], schools, viewers[max(offices)])
    # Fresh planner statistics, as autovacuum would have them on a live server: right after a bulk
    # load PostgreSQL still believes these tables hold a handful of rows and picks nested loops that
    # cost the dashboard half a second at 1,000 schools.
    with connection.cursor() as cursor:
        for model in (School, SchoolFacts, Submission, ClusterSeat, ClusterResult, OfficeDeadline):
            cursor.execute(f'ANALYZE public."{model._meta.db_table}"')


def _measure(viewer, requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.force_login(viewer)
    page = f"/tong-quan/?nam_hoc={SCHOOL_YEAR}"
    for _ in range(3):  # warm-up: templates compiled, connections open
        assert client.get(page).status_code == 200
    times, cpu, queries = [], [], set()
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(page)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
        queries.add(len(captured))
    rows = response.content.decode().count('data-testid="row-')
    counts = {}
    for name, url in (
        ("export", f"/tong-quan/xuat-excel/?nam_hoc={SCHOOL_YEAR}"),
        ("api", f"/api/v1/dashboard/?school_year={SCHOOL_YEAR}"),
    ):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            client.get(url)
            counts[name] = (len(captured), (time.perf_counter() - start) * 1000)
    times.sort()
    cpu.sort()
    return {
        "cpu_p95": cpu[max(0, math.ceil(0.95 * len(cpu)) - 1)],
        "rows": rows,
        "median": statistics.median(times),
        "p95": times[max(0, math.ceil(0.95 * len(times)) - 1)],
        "queries": sorted(queries),
        **counts,
    }


def _print_measurements(sizes: list[int], requests: int) -> None:
    """Runs in a process of its own, started the way gunicorn starts a worker (office.wsgi), so the
    figures are those of a server process and not of one that has just loaded 1,000 schools."""
    from django.conf import settings

    # WhiteNoise warns that collectstatic has not run: assets are not what is measured here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import office.wsgi  # noqa: F401 - django.setup(), URL configurations loaded, startup heap frozen
    from office.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    print(
        f"Trang tổng quan, {requests} lần gọi mỗi cỡ (máy {os.cpu_count()} lõi, tải trung bình "
        f"{os.getloadavg()[0]:.1f}; CPU = thời gian CPU của tiến trình Django, không tính chờ PostgreSQL):"
    )
    print(
        f"  {'số trường':>9} {'số dòng':>8} {'trung vị':>10} {'p95':>10} {'CPU p95':>9} {'truy vấn':>9} {'xuất Excel':>16} {'API':>16}"
    )
    for size in sizes:
        result = _measure(User.objects.get(username=f"bench.phong{size}"), requests)
        queries = ",".join(str(q) for q in result["queries"])
        export = f"{result['export'][0]} tv/{result['export'][1]:.0f} ms"
        api = f"{result['api'][0]} tv/{result['api'][1]:.0f} ms"
        print(
            f"  {size:>9} {result['rows']:>8} {result['median']:>8.1f}ms {result['p95']:>8.1f}ms {result['cpu_p95']:>7.1f}ms"
            f" {queries:>9} {export:>16} {api:>16}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", default="10,100,1000", help="sizes to measure, e.g. 10,100,1000")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per size (after warm-up)")
    parser.add_argument("--fresh", action="store_true", help="drop the scratch database and start over")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = sorted({int(size) for size in args.schools.split(",") if size.strip()})
    if args.measure_only:
        _print_measurements(sizes, args.requests)
        return

    _prepare_database(args.fresh)
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.migration_runner import migrate_template_schema

    print(f"Cơ sở dữ liệu {os.environ['POSTGRES_DB']}: chuẩn bị {max(sizes)} trường…", flush=True)
    # Public and the template only: schools are copies of the template, and migrating a thousand
    # existing schemas on a resumed run would take longer than the bench (use --fresh after a migration).
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    migrate_template_schema()
    started = time.perf_counter()
    _provision(sizes)
    print(f"Dữ liệu sẵn sàng sau {time.perf_counter() - started:.0f} s.\n", flush=True)
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure-only",
            "--schools",
            args.schools,
            "--requests",
            str(args.requests),
        ],
        check=True,
    )


if __name__ == "__main__":
    main()
