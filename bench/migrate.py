"""How long `migrate_school_schemas` takes as the number of schools grows: N empty schools made through
the provisioning service, then, each timed as a whole command in a fresh process (as an operator runs
it during a release):

- a no-op run (nothing to migrate anywhere),
- a release that adds a nullable column and an index to a school table (bench/migrate_app, release 2),
- the same DDL sent directly to every schema over one connection, one transaction per schema,

each three times (median printed), the column reverted between runs so that they repeat. It also
prints how long creating a school takes with N schools present (median and p95 of 20), by copying the
template and by renaming a spare schema (tenants/spares.py), and the catalog cost per school (pg_class
rows, database size), for deploy/POSTGRESQL.md.

    make bench-migrate SCHOOLS=300          # or:
    nice -n 10 .venv/bin/python bench/migrate.py --schools 3000
    .venv/bin/python bench/migrate.py --schools 3000 --create-only   # creating a school only

The scratch database (tdkt_migrate_bench_N, or $BENCH_POSTGRES_DB) is kept between runs: schools
already made are not made again, so a stopped build resumes (--fresh starts over). The last line reads:
    migrate at N schools: no-op X s; add column + index Y s; same DDL sent directly Z s
"""

import argparse
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_DIR), str(REPO_DIR / "platform")]
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.migrate_settings"
os.environ["BENCH_MIGRATE_RELEASE"] = "1"
# Schools made here copy the template and send no refill task to the broker (tenants/spares.py); a bench
# that times the spare pool turns it on itself.
os.environ["SCHOOL_SPARE_SCHEMAS"] = "0"

APP = "bench_migrate"
SECOND_MIGRATION = "0002_note_reviewed_on"
TABLE = "bench_migrate_note"
INDEX = "bench_note_reviewed_idx"
# What release 2 does, written by hand: the "sent directly" reference the runner is compared with.
DIRECT_DDL = (
    f'ALTER TABLE {TABLE} ADD COLUMN reviewed_on date NULL; CREATE INDEX "{INDEX}" ON {TABLE} (reviewed_on);'
)
REVERT_DDL = (
    f'DROP INDEX IF EXISTS "{INDEX}"; ALTER TABLE {TABLE} DROP COLUMN IF EXISTS reviewed_on; '  # noqa: S608
    f"DELETE FROM django_migrations WHERE app = '{APP}' AND name = '{SECOND_MIGRATION}';"
)
PROBE_SCHOOLS = 20
# The pool while creation is timed from spares: SCHOOL_SPARE_SCHEMAS' default.
SPARES = 3


def _admin_connection():
    import psycopg

    return psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True)


def _prepare_database(fresh: bool) -> None:
    name = os.environ["POSTGRES_DB"]
    with _admin_connection() as admin:
        if fresh:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def _bench_connection():
    import psycopg

    return psycopg.connect(
        host="127.0.0.1", user="postgres", dbname=os.environ["POSTGRES_DB"], autocommit=True
    )


def _school_schemas(conn, with_template: bool) -> list[str]:
    from django.conf import settings

    schemas = [row[0] for row in conn.execute("SELECT schema_name FROM tenants_school ORDER BY schema_name")]
    return [settings.SCHOOL_TEMPLATE_SCHEMA, *schemas] if with_template else schemas


def _send_to_every_schema(sql: str, with_template: bool) -> float:
    """`sql` run in every school's schema (search_path set per schema), one transaction each."""
    with _bench_connection() as conn:
        schemas = _school_schemas(conn, with_template)
        start = time.perf_counter()
        for schema in schemas:
            with conn.transaction():
                conn.execute(f'SET LOCAL search_path = "{schema}", public')
                conn.execute(sql)
        return time.perf_counter() - start


def _revert_release_two() -> None:
    """Back to release 1 everywhere (template included), so that the next timed run repeats."""
    with _bench_connection() as conn:
        built = conn.execute("SELECT to_regclass('public.tenants_school') IS NOT NULL").fetchone()[0]
    if built:
        _send_to_every_schema(REVERT_DDL, with_template=True)


def _run_command(release: int) -> float:
    env = {**os.environ, "BENCH_MIGRATE_RELEASE": str(release)}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(REPO_DIR / "manage.py"), "migrate_school_schemas", "-v", "0"],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"migrate_school_schemas thất bại:\n{result.stdout}\n{result.stderr}")
    return elapsed


def _build_schools(total: int) -> None:
    from django.core.management import call_command

    from office.authorities.models import Authority
    from tenants.migration_runner import migrate_template_schema
    from tenants.models import School
    from tenants.provisioning import create_school

    # Public and the template only: schools are copies of the template.
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    migrate_template_schema()
    office, _ = Authority.objects.get_or_create(
        code="bench-migrate", defaults={"name": "Sở GDĐT đo đạc", "kind": Authority.Kind.CITY_DEPARTMENT}
    )
    existing = set(School.objects.filter(code__startswith="mig").values_list("code", flat=True))
    missing = [index for index in range(1, total + 1) if f"mig{index:04d}" not in existing]
    start = time.perf_counter()
    for made, index in enumerate(missing, start=1):
        create_school(
            code=f"mig{index:04d}", name=f"Trường đo đạc số {index:04d}", level="thcs", authority=office
        )
        if made % 100 == 0 or made == len(missing):
            rate = (time.perf_counter() - start) / made
            print(
                f"  tạo {made}/{len(missing)} trường ({rate * 1000:.0f} ms/trường, "
                f"còn ~{rate * (len(missing) - made) / 60:.1f} phút)",
                flush=True,
            )


def _time_creations(prefix: str, spares: bool) -> list[float]:
    """Create and remove PROBE_SCHOOLS + 1 schools with the others present; milliseconds of each.
    With `spares`, the pool is full before each creation: the bench does between creations what the
    Celery worker does after each one (tenants/spares.py), off the clock."""
    from django.db import connection

    from office.authorities.models import Authority
    from tenants.models import School
    from tenants.provisioning import create_school
    from tenants.spares import replenish_spares

    office = Authority.objects.get(code="bench-migrate")
    times = []
    try:
        for number in range(PROBE_SCHOOLS + 1):
            if spares:
                replenish_spares()
            start = time.perf_counter()
            create_school(
                code=f"{prefix}{number:02d}", name=f"Trường thử {number}", level="thcs", authority=office
            )
            times.append((time.perf_counter() - start) * 1000)
    finally:
        for number in range(PROBE_SCHOOLS + 1):
            code = f"{prefix}{number:02d}"
            School.objects.filter(code=code).delete()
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{code}" CASCADE')
    return times


def _summary(times: list[float]) -> tuple[float, float, float]:
    """The first (the first of the process: it reads the template once), then the median and p95 of the others."""
    steady = sorted(times[1:])
    return times[0], statistics.median(steady), steady[max(0, math.ceil(0.95 * len(steady)) - 1)]


def _time_school_creation(present: int) -> None:
    """Creating a school with `present` others: by copying the template (an empty pool of spares),
    then by renaming a spare. The refill each creation asks for goes to a queue of this process's own
    that no worker reads (sending it is part of the creation's cost), emptied at the end."""
    from django.conf import settings

    from office.celery import app
    from tenants.provisioning import _template_dump_cache

    queue = f"bench-spares-{os.getpid()}"
    app.conf.task_default_queue = queue
    try:
        settings.SCHOOL_SPARE_SCHEMAS = 0
        first, median, p95 = _summary(_time_creations("probe", spares=False))
        print(
            f"Tạo một trường khi đã có {present} trường, sao chép lược đồ mẫu: trung vị {median:.0f} ms, "
            f"p95 {p95:.0f} ms ({PROBE_SCHOOLS} lần; lần đầu của tiến trình, gồm pg_dump lược đồ mẫu: "
            f"{first:.0f} ms)",
            flush=True,
        )
        settings.SCHOOL_SPARE_SCHEMAS = SPARES
        # As after a release: the spares are ready (the migration runner made them) and this process
        # has never read the template.
        _template_dump_cache.clear()
        first, median, p95 = _summary(_time_creations("spare", spares=True))
        print(
            f"Tạo một trường khi đã có {present} trường, từ lược đồ dự phòng: trung vị {median:.0f} ms, "
            f"p95 {p95:.0f} ms ({PROBE_SCHOOLS} lần; lần đầu của tiến trình: {first:.0f} ms; "
            f"tải trung bình {' '.join(f'{x:.2f}' for x in os.getloadavg())})",
            flush=True,
        )
    finally:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
        # No spare is left behind: the migration runs timed next are without a pool, as before.
        _drop_spares()


def _drop_spares() -> None:
    from django.db import connection

    from tenants.models import SpareSchema

    for spare in SpareSchema.objects.values_list("schema_name", flat=True):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{spare}" CASCADE')
    SpareSchema.objects.all().delete()


def _catalog_cost(schools: int) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s",
            ["mig0001"],
        )
        per_school = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_class")
        total_rows = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    return (
        f"Danh mục hệ thống: {per_school} dòng pg_class mỗi trường, {total_rows} dòng pg_class tất cả; "
        f"CSDL {size / 2**20:.0f} MB ({size / max(schools, 1) / 2**10:.0f} kB mỗi trường)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each kind (median printed)")
    parser.add_argument("--fresh", action="store_true", help="drop the scratch database and start over")
    parser.add_argument("--build-only", action="store_true", help="make the schools, measure nothing")
    parser.add_argument(
        "--create-only", action="store_true", help="time creating a school only, not the migration runs"
    )
    args = parser.parse_args()
    os.environ["POSTGRES_DB"] = os.environ.get("BENCH_POSTGRES_DB", f"tdkt_migrate_bench_{args.schools}")

    _prepare_database(args.fresh)
    import django

    django.setup()
    from tenants.models import School

    print(f"Cơ sở dữ liệu {os.environ['POSTGRES_DB']}: chuẩn bị {args.schools} trường…", flush=True)
    _revert_release_two()
    _build_schools(args.schools)
    if args.build_only:
        return
    present = School.objects.count()
    if present != args.schools:
        sys.exit(
            f"CSDL đo đạc có {present} trường, không phải {args.schools}: dùng --fresh hoặc đúng số trường."
        )

    _time_school_creation(present)
    print(_catalog_cost(present), flush=True)
    if args.create_only:
        return

    noop, column, direct = [], [], []
    for run in range(1, args.runs + 1):
        noop.append(_run_command(release=1))
        column.append(_run_command(release=2))
        _revert_release_two()
        direct.append(_send_to_every_schema(DIRECT_DDL, with_template=False))
        _revert_release_two()
        print(
            f"  lần {run}: không có gì để chạy {noop[-1]:.1f} s; thêm cột + chỉ mục {column[-1]:.1f} s; "
            f"gửi thẳng {direct[-1]:.1f} s (tải trung bình {os.getloadavg()[0]:.1f})",
            flush=True,
        )
    print(f"Máy {os.cpu_count()} lõi, tải trung bình {' '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    print(
        f"migrate at {present} schools: no-op {statistics.median(noop):.1f} s; "
        f"add column + index {statistics.median(column):.1f} s; "
        f"same DDL sent directly {statistics.median(direct):.1f} s"
    )


if __name__ == "__main__":
    main()
