"""How long it takes to create a school: by copying the migrated template schema (what
`create_school` does) against running every migration into an empty schema (django-tenants'
default). Prints the median of several runs of each, side by side.

    make bench-provision          # or: .venv/bin/python bench/provision.py --runs 9

Runs against a scratch database (tdkt_bench) that it creates and drops, so the demo data is untouched.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")
os.environ["POSTGRES_DB"] = os.environ.get("BENCH_POSTGRES_DB", "tdkt_bench")
# Schools made here copy the template and send no refill task to the broker (tenants/spares.py); a bench
# that times the spare pool turns it on itself.
os.environ["SCHOOL_SPARE_SCHEMAS"] = "0"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import psycopg

    admin = psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{os.environ["POSTGRES_DB"]}"')
    admin.execute(f'CREATE DATABASE "{os.environ["POSTGRES_DB"]}"')

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from office.authorities.models import Authority
    from tenants.migration_runner import migrate_every_school
    from tenants.provisioning import create_school

    migrate_every_school(verbosity=0)
    office = Authority.objects.create(
        code="bench", name="Phòng GDĐT đo đạc", kind=Authority.Kind.DISTRICT_OFFICE
    )
    # The first copy also dumps the template once per process; count it apart from the steady state.
    start = time.perf_counter()
    create_school(code="warmup", name="Trường khởi động", level="thcs", authority=office)
    first_copy = time.perf_counter() - start

    cloned, migrated = [], []
    for run in range(args.runs):
        start = time.perf_counter()
        create_school(code=f"clone{run}", name=f"Trường sao chép {run}", level="thcs", authority=office)
        cloned.append(time.perf_counter() - start)

        schema = f"migr{run}"
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema}"')
        call_command("migrate_schemas", schema_name=schema, tenant=True, interactive=False, verbosity=0)
        migrated.append(time.perf_counter() - start)
        connection.set_schema_to_public()

    clone_median = statistics.median(cloned)
    migrate_median = statistics.median(migrated)
    print(f"Tạo trường, trung vị của {args.runs} lần (máy {os.cpu_count()} lõi, PostgreSQL tại 127.0.0.1):")
    print(
        f"  sao chép lược đồ mẫu : {clone_median * 1000:8.1f} ms   (lần đầu, gồm pg_dump mẫu: {first_copy * 1000:.1f} ms)"
    )
    print(f"  chạy mọi migration   : {migrate_median * 1000:8.1f} ms")
    print(f"  nhanh hơn            : {migrate_median / clone_median:8.1f} lần")
    connection.close()
    admin.execute(f'DROP DATABASE IF EXISTS "{os.environ["POSTGRES_DB"]}" WITH (FORCE)')


if __name__ == "__main__":
    main()
