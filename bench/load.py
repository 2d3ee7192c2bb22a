"""Mixed load: 50 simulated people for 3 minutes against gunicorn on loopback, as production runs it
(deploy/gunicorn.conf.py, the project's settings, evidence in an S3 server). Prints p50/p95/p99 per
kind of request, the number of requests and of errors. Target on this machine kind: p95 < 300 ms and
no error.

    make bench-load                                            # or:
    .venv/bin/python bench/load.py --users 50 --duration 180
    .venv/bin/python bench/load.py --users 20 --duration 30    # a quick run

Who does what (bench/load_users.py, locust users; think time 1–4 s between requests):
- teachers (weight 5) sign in on their school's host, open their registration page, register a title,
  and upload a small PDF of evidence: ask the platform, post it straight to moto's S3 server, confirm;
- principals (2) edit a section of this year's draft plan, open the nominations and dossiers pages,
  and prepare a dossier: create it, put two nominations in and take them out, download the cover letter;
- office staff (2) open the dashboard and review what the schools sent up (inbox, a submission, its
  checklist saved);
- cluster leaders (1) open the comparison of the schools of the clusters they lead.

The scratch database (tdkt_load_bench, or $BENCH_POSTGRES_DB) holds the demo office (`manage.py
load_demo`) and is kept between runs (--fresh starts over); bench/load.py adds to it what the people
above need: teachers' accounts tied to staff of Lê Quý Đôn and Yên Hoà, a draft plan at each, the
nominations each principal moves. gunicorn and moto run on free loopback ports; school pages are
reached on 127.0.0.1 with the school's Host header (<code>.localhost). Celery tasks the requests start
go to a queue of this run's own, emptied at the end (no worker runs: a worker's time is not a request's).
Logs: var/bench-load/ (web.log: gunicorn; locust.log).
"""

import argparse
import json
import math
import os
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))
sys.path.insert(0, str(REPO_DIR / "platform"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")
os.environ["POSTGRES_DB"] = os.environ.get("BENCH_POSTGRES_DB", "tdkt_load_bench")

BIN = Path(sys.executable).parent
WORK_DIR = REPO_DIR / "var" / "bench-load"
SCHOOL_HOST = "{code}.localhost"
OFFICE_HOST = "localhost"
TEACHER_SCHOOLS = ("lequydon", "yenhoa")  # the demo schools whose registration campaign is open
TEACHERS_PER_SCHOOL = 15
PRINCIPALS = {"lequydon": ("lqd.hieutruong", "lqd.phohieutruong"), "yenhoa": ("yh.hieutruong",)}
OFFICE_ACCOUNTS = ("phong.chuyenvien", "phong.lanhdao")
DOSSIER_SUBJECT_MARK = "(đo tải)"
NOMINATIONS = 24  # this year's, at Lê Quý Đôn: twelve pairs, more than the principals of a run
BUCKET = "tdkt-load-bench"
SIGN_IN = "đăng nhập: gửi"  # the kind bench/load_users.py names the sign-in POST


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start on port {port}")


def percentile(ordered: list[float], q: float) -> float:
    """Nearest rank, as bench/dashboard.py reports its p95."""
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


# --- the database and what the simulated people need in it -----------------------------------------


def _prepare_database(fresh: bool) -> None:
    import psycopg

    name = os.environ["POSTGRES_DB"]
    admin = psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True)
    if fresh:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    admin.close()
    # Migrations, then the demo office (loading it again changes nothing).
    for command in (["migrate_school_schemas", "-v", "0"], ["load_demo", "--quiet"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=REPO_DIR, check=True)


def _teachers(school, principal) -> list[dict]:
    """Teachers of the school with an account each, tied to a staff member who teaches."""
    from office.accounts.models import Role
    from office.accounts.services import ensure_user, grant_school_role
    from plans.staff.models import Staff
    from plans.staff.services import link_account

    prefix = f"bench.{school.code}.gv"
    linked = list(Staff.objects.filter(user__username__startswith=prefix).select_related("user"))
    free = Staff.objects.filter(user__isnull=True, teaches=True).order_by("pk")
    for staff in free[: max(0, TEACHERS_PER_SCHOOL - len(linked))]:
        user = ensure_user(
            username=f"{prefix}{len(linked) + 1:02d}", full_name=staff.full_name, password=None
        )
        user.set_password(_password())
        user.save(update_fields=["password"])
        grant_school_role(user, school, Role.STAFF)
        linked.append(link_account(staff, user, school=school, user=principal))
    host = SCHOOL_HOST.format(code=school.code)
    return [{"username": staff.user.username, "host": host} for staff in linked]


def _password() -> str:
    from demo.loader import DEMO_PASSWORD

    return DEMO_PASSWORD


def _draft_plan(principal) -> dict:
    """This year's plan as the principals edit it: a draft or one out for consultation; when the
    school has only issued plans, the latest is copied to the next year (what a principal does)."""
    from plans.planning import services as plan_services
    from plans.planning.models import Plan

    editable = Plan.objects.exclude(status__in=[Plan.Status.ISSUED, Plan.Status.SUPERSEDED])
    plan = editable.order_by("-year", "-pk").first()
    if plan is None:
        plan = plan_services.copy_plan_to_next_year(
            Plan.objects.order_by("-year", "-pk").first(), user=principal
        )
    sections = plan.sections.exclude(heading="").order_by("position")[:6]
    return {
        "id": plan.pk,
        "sections": [
            {"id": s.pk, "marker": s.marker, "heading": s.heading, "body": s.body.split("\n- Rà soát")[0]}
            for s in sections
        ],
    }


def _dossier_material(school, principal) -> dict | None:
    """This school year's nominations that are in no dossier and that the checker does not refuse,
    two by two: each principal puts a pair of its own into the dossier they prepare. Nominations of
    the year are made for teachers who have none yet (the council's work, done before the bench)."""
    from office.core.school_years import current_school_year
    from office.rules.vocabulary import Title
    from plans.nominations import services as nomination_services
    from plans.nominations.models import Dossier, Nomination
    from plans.staff.models import Staff

    school_year = current_school_year()
    # A run that was stopped may have left its nominations in one of its dossiers.
    ours = Dossier.objects.filter(subject__endswith=DOSSIER_SUBJECT_MARK, submission_id__isnull=True)
    Nomination.objects.filter(dossier__in=ours).update(dossier=None)
    nominated = Nomination.objects.filter(school_year=school_year).values_list("staff_id", flat=True)
    for staff in Staff.objects.filter(teaches=True).exclude(pk__in=nominated).order_by("pk")[:NOMINATIONS]:
        nomination = nomination_services.create_nomination(
            school_year=school_year, staff=staff, title=Title.LDTT, user=principal, school=school
        )
        nomination_services.run_check(nomination, school=school, user=principal)
    free = list(
        Nomination.objects.filter(school_year=school_year, dossier__isnull=True)
        .exclude(verdict=Nomination.Verdict.NOT_MET)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    pairs = [free[i : i + 2] for i in range(0, len(free) - 1, 2)]
    if not pairs:
        return None
    return {
        "recipient": "Chủ tịch UBND phường Hà Đông",
        "subject_mark": DOSSIER_SUBJECT_MARK,
        "nominations": pairs,
    }


def _scenario(s3_endpoint: str) -> dict:
    from django_tenants.utils import schema_context

    from office.accounts.models import User
    from office.clusters.models import Cluster
    from office.facts.models import SchoolFacts
    from office.submissions.models import Submission
    from plans.emulation import selectors as emulation_selectors
    from plans.emulation.services import INDIVIDUAL_TARGETS
    from tenants.models import School

    teachers, principals = [], []
    for code in TEACHER_SCHOOLS:
        school = School.objects.get(code=code)
        head = User.objects.get(username=PRINCIPALS[code][0])
        with schema_context(school.schema_name):
            if emulation_selectors.campaign_open_for_staff() is None:
                raise SystemExit(f"{code}: no registration campaign open today; run with --fresh.")
            teachers += _teachers(school, head)
            plan = _draft_plan(head)
            dossier = _dossier_material(school, head) if code == "lequydon" else None
        for username in PRINCIPALS[code]:
            principals.append(
                {
                    "username": username,
                    "host": SCHOOL_HOST.format(code=code),
                    "plan": plan,
                    "dossier": dossier,
                }
            )
    demo_schools = School.objects.filter(authority__isnull=False).exclude(code="quangtrung")
    leaders = []
    for code, usernames in PRINCIPALS.items():
        led = list(Cluster.objects.filter(leader__code=code).values_list("pk", flat=True))
        if led:
            leaders.append({"username": usernames[0], "host": OFFICE_HOST, "clusters": led})
    return {
        "password": _password(),
        "s3_host": s3_endpoint.removeprefix("http://"),
        "titles": [str(title) for title in INDIVIDUAL_TARGETS],
        "teachers": teachers,
        "principals": principals,
        "office": [{"username": name, "host": OFFICE_HOST} for name in OFFICE_ACCOUNTS],
        "submissions": list(
            Submission.objects.filter(school__in=demo_schools).order_by("pk").values_list("pk", flat=True)
        ),
        "school_year": SchoolFacts.objects.order_by("-school_year").values_list("school_year", flat=True)[0],
        "cluster_leaders": leaders,
    }


# --- the run ---------------------------------------------------------------------------------------


def _server_env(s3_endpoint: str, queue: str) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_DIR), str(REPO_DIR / "platform")]),
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_BUCKET": BUCKET,
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",  # moto accepts any
        "CELERY_QUEUE": queue,
        "PROMETHEUS_MULTIPROC_DIR": str(WORK_DIR / "prometheus"),
        # WhiteNoise's "no STATIC_ROOT" warning on every request: assets are not what is measured.
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
    }
    env.pop("DJANGO_DEBUG", None)
    return env


def _summary(samples: list) -> tuple[int, int, list[float]]:
    """Requests to the platform (moto's own time left out), their errors, their sorted times."""
    mine = [sample for sample in samples if not sample[0].startswith("S3")]
    return len(mine), sum(sample[2] for sample in mine), sorted(sample[1] for sample in mine)


def _report(samples: list, users: int, duration: int, load_before, load_after) -> None:
    by_kind: dict[str, list] = {}
    for name, ms, failed, _ in samples:
        by_kind.setdefault(name, []).append((ms, failed))
    print(
        f"\nTải trung bình 1/5/15 phút: trước {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f}, "
        f"sau {load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f} (máy {os.cpu_count()} lõi)"
    )
    width = max(len(kind) for kind in by_kind)
    print(f"\n  {'loại yêu cầu':<{width}} {'số lần':>7} {'lỗi':>5} {'p50':>8} {'p95':>8} {'p99':>8}")
    for kind in sorted(by_kind):
        rows = by_kind[kind]
        ordered = sorted(ms for ms, _ in rows)
        print(
            f"  {kind:<{width}} {len(rows):>7} {sum(f for _, f in rows):>5} {percentile(ordered, 0.5):>6.0f}ms"
            f" {percentile(ordered, 0.95):>6.0f}ms {percentile(ordered, 0.99):>6.0f}ms"
        )
    # Signing in hashes the password (PBKDF2, Django's cost, on purpose slow): fifty people signing in
    # within seconds queue everyone else's requests. What the same people see once all are in:
    signed_in = [start + ms / 1000 for name, ms, _, start in samples if name == SIGN_IN]
    if signed_in:
        since = max(signed_in)
        count, errors, times = _summary([s for s in samples if s[3] >= since])
        first = min(s[3] for s in samples)
        if times:
            print(
                f"\n  Sau khi mọi người đã đăng nhập (từ giây {since - first:.0f}): {count} yêu cầu, "
                f"p50 {percentile(times, 0.5):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
                f"p99 {percentile(times, 0.99):.0f} ms, {errors} lỗi"
            )
    count, errors, times = _summary(samples)
    print(
        f"  Cả lần chạy (không tính S3): {count} yêu cầu, p50 {percentile(times, 0.5):.0f} ms, "
        f"p95 {percentile(times, 0.95):.0f} ms, p99 {percentile(times, 0.99):.0f} ms, {errors} lỗi"
    )
    print(
        f"load: {users} users {duration} s: {count} requests, p95 {percentile(times, 0.95):.0f} ms, errors {errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument("--duration", type=int, default=180, help="seconds of load (default 180)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="people started per second")
    parser.add_argument("--fresh", action="store_true", help="drop the scratch database and start over")
    args = parser.parse_args()

    WORK_DIR.mkdir(parents=True, exist_ok=True)
    (WORK_DIR / "prometheus").mkdir(exist_ok=True)
    for stale in (WORK_DIR / "prometheus").glob("*.db"):
        stale.unlink()
    print(f"Cơ sở dữ liệu {os.environ['POSTGRES_DB']}: văn phòng mẫu…", flush=True)
    _prepare_database(args.fresh)

    processes = []
    s3_port, web_port = free_port(), free_port()
    s3_endpoint = f"http://127.0.0.1:{s3_port}"
    queue = f"bench-load-{os.getpid()}"
    try:
        processes.append(
            subprocess.Popen(
                [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        wait_for_port(s3_port, "moto")
        env = _server_env(s3_endpoint, queue)
        os.environ.update(
            {k: env[k] for k in ("S3_ENDPOINT_URL", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY")}
        )
        import django

        django.setup()
        from office.core.object_storage import get_object_storage

        get_object_storage().ensure_bucket()
        scenario = _scenario(s3_endpoint)
        scenario_path, samples_path = WORK_DIR / "scenario.json", WORK_DIR / "samples.json"
        scenario_path.write_text(json.dumps(scenario, ensure_ascii=False, indent=1), encoding="utf-8")
        samples_path.unlink(missing_ok=True)
        from django.db import connections

        connections.close_all()  # the bench holds no connection while it measures

        config = runpy.run_path(str(REPO_DIR / "deploy" / "gunicorn.conf.py"))
        print(
            f"gunicorn (deploy/gunicorn.conf.py): {config.get('worker_class', 'sync')}, "
            f"{config['workers']} tiến trình × {config.get('threads', 1)} luồng; "
            f"{len(scenario['teachers'])} tài khoản giáo viên, {len(scenario['principals'])} hiệu trưởng, "
            f"{len(scenario['office'])} chuyên viên phòng, {len(scenario['cluster_leaders'])} trưởng cụm",
            flush=True,
        )
        web_log = open(WORK_DIR / "web.log", "w")
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "office.wsgi",
                    "-c",
                    "deploy/gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{web_port}",
                ],
                cwd=REPO_DIR,
                env=env,
                stdout=web_log,
                stderr=subprocess.STDOUT,
            )
        )
        wait_for_port(web_port, "gunicorn")
        time.sleep(2)  # every worker booted
        load_before = os.getloadavg()
        print(f"{args.users} người dùng trong {args.duration} s…", flush=True)
        with open(WORK_DIR / "locust.log", "w") as locust_log:
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(REPO_DIR / "bench" / "load_users.py"),
                    "--headless",
                    "-u",
                    str(args.users),
                    "-r",
                    str(args.spawn_rate),
                    "-t",
                    f"{args.duration}s",
                    "--host",
                    f"http://127.0.0.1:{web_port}",
                    "--only-summary",
                    "--stop-timeout",
                    "10",
                    "--exit-code-on-error",
                    "0",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=REPO_DIR,
                env={**os.environ, "LOAD_SCENARIO": str(scenario_path), "LOAD_SAMPLES": str(samples_path)},
                stdout=locust_log,
                stderr=subprocess.STDOUT,
                check=True,
            )
        load_after = os.getloadavg()
        _report(json.loads(samples_path.read_text()), args.users, args.duration, load_before, load_after)
        server_errors = (WORK_DIR / "web.log").read_text(errors="replace").count("Traceback")
        print(f"(gunicorn: {server_errors} lỗi máy chủ ghi trong var/bench-load/web.log)")
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)
        _empty_queue(queue)


def _empty_queue(queue: str) -> None:
    """The tasks the requests queued for Celery are this run's only: nobody is to run them later."""
    try:
        import redis
        from django.conf import settings

        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue)
    except Exception as exc:  # the figures are printed already
        print(f"(không xóa được hàng đợi {queue}: {exc})")


if __name__ == "__main__":
    main()
