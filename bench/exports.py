"""Bounded exports: the office's Excel of 50,000 nominations and the evidence of many dossiers as one
ZIP streamed from object storage. Prints seconds and peak RSS (the budget: Excel ≤ 15 s, ≤ 150 MB).

    make bench-exports                                   # or:
    .venv/bin/python bench/exports.py --rows 50000 --objects 200 --object-mb 5

Each measurement runs in a fresh process (so its peak RSS, from resource.getrusage, is its own and not
the bench's), three times; the median is printed with every run. Peak RSS counts the interpreter and
Django's import (printed as the baseline before the work starts).

1. Excel from plain rows: 50,000 ConsolidatedRow (what the office's selector hands the renderer) →
   reporting.consolidated_list.consolidated_list_xlsx (openpyxl write-only).
   The same through the office's page (/tham-dinh/tong-hop/danh-sach.xlsx): 500 accepted dossier
   snapshots of 100 nominees in a scratch database (BENCH_POSTGRES_DB, default tdkt_exports_bench,
   kept between runs) → the selector → the renderer (--skip-snapshots leaves it out).
3. ZIP: moto's S3 server runs in its own process; OBJECTS objects of OBJECT_MB each are uploaded
   (multipart, from a generator, never a whole object in memory); then reporting.zip_bundle.stream_zip
   reads each through office.core.object_storage's iter_chunks (1 MB chunks over HTTP) and the
   archive's bytes are consumed as a client would, counted and dropped. (That the archive opens and
   matches byte for byte is the tests' job; the bench only times and measures.)
"""

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))
sys.path.insert(0, str(REPO_DIR / "platform"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")
# Schools made here copy the template and send no refill task to the broker (tenants/spares.py); a bench
# that times the spare pool turns it on itself.
os.environ["SCHOOL_SPARE_SCHEMAS"] = "0"

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Thị", "Văn", "Thu", "Minh", "Ngọc", "Đức", "Thanh")
GIVEN = ("Hà", "Hương", "Lan", "Mai", "Nam", "Long", "Trang", "Thảo", "Hùng", "Yến", "Sơn", "Vân")
TITLES = ("Chiến sĩ thi đua cơ sở", "Lao động tiên tiến", "Giấy khen của Chủ tịch UBND")
MB = 1024 * 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def consolidated_rows(count: int):
    from reporting.consolidated_list import ConsolidatedRow

    rows = []
    per_title = count // len(TITLES)
    for n in range(count):
        title = TITLES[min(n // per_title, len(TITLES) - 1)]
        name = f"{FAMILY[n % 10]} {MIDDLE[n % 7]} {GIVEN[n % 12]}"
        rows.append(
            ConsolidatedRow(
                full_name=name,
                position="Giáo viên",
                unit=f"Tổ khối {n % 5 + 1}, Trường Tiểu học số {n // 100 + 1}",
                title_label=title,
                achievements="Hoàn thành xuất sắc nhiệm vụ năm học; sáng kiến được công nhận cấp cơ sở.",
            )
        )
    return rows


def child_excel(rows_count: int) -> dict:
    import django

    django.setup()
    from reporting.consolidated_list import Office, consolidated_list_xlsx

    baseline = current_rss_mb()
    started = time.perf_counter()
    rows = consolidated_rows(rows_count)
    office = Office(
        name="Phòng Giáo dục và Đào tạo quận Hà Đông",
        parent_name="UBND quận Hà Đông",
        abbreviation="PGDĐT",
        place="Hà Đông",
        head_name="Nguyễn Văn Trưởng",
    )
    content = consolidated_list_xlsx(office=office, school_year="2025-2026", rows=rows)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "baseline_mb": baseline, "bytes": len(content)}


SNAPSHOT_SCHOOLS = 10


def child_prepare(rows_count: int) -> dict:
    """The scratch database (BENCH_POSTGRES_DB, kept between runs): SNAPSHOT_SCHOOLS schools whose
    accepted dossier snapshots in public hold `rows_count` nominees in all, 100 per dossier."""
    import psycopg

    name = os.environ["POSTGRES_DB"]
    admin = psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True)
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from office.accounts.models import Role
    from office.accounts.services import ensure_user, grant_office_role
    from office.authorities.models import Authority
    from office.submissions.models import Submission
    from office.submissions.services import accept_submission, submit
    from tenants.migration_runner import migrate_template_schema
    from tenants.models import School
    from tenants.provisioning import create_school

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    migrate_template_schema()
    office, _ = Authority.objects.get_or_create(
        code="bench-exports",
        defaults={"name": "Phòng GDĐT đo đạc xuất tệp", "kind": Authority.Kind.DISTRICT_OFFICE},
    )
    viewer = ensure_user(username="bench.xuattep", full_name="Chuyên viên đo đạc", password=None)
    grant_office_role(viewer, office, Role.OFFICE_SPECIALIST)
    sender = ensure_user(username="bench.xuattep.truong", full_name="Hiệu trưởng đo đạc", password=None)
    dossiers = rows_count // 100
    have = Submission.objects.filter(school__authority=office, kind=Submission.Kind.DOSSIER).count()
    rows = consolidated_rows(100)
    for number in range(have, dossiers):
        code = f"benchx{number % SNAPSHOT_SCHOOLS:02d}"
        school = School.objects.filter(code=code).first() or create_school(
            code=code,
            name=f"Trường Tiểu học đo đạc số {number % SNAPSHOT_SCHOOLS + 1}",
            level="tieu_hoc",
            authority=office,
        )
        nominees = [
            {
                "full_name": r.full_name,
                "position": r.position,
                "unit": f"Tổ khối {n % 5 + 1}",
                "title": ("cstdcs", "ldtt", "gk")[n % 3],
                "title_label": TITLES[n % 3],
                "summary": r.achievements,
            }
            for n, r in enumerate(rows)
        ]
        with transaction.atomic():
            dossier = submit(
                school=school,
                kind=Submission.Kind.DOSSIER,
                reference=f"dossier:{number}",
                year=2026,
                title="Tờ trình đề nghị khen thưởng",
                payload={"nominees": nominees, "evidence": []},
                user=sender,
            )
            accept_submission(dossier, user=viewer)
    return {"dossiers": dossiers}


def child_real(rows_count: int) -> dict:
    """The office's export as a request: the selector reads the snapshots, the renderer writes."""
    import django

    django.setup()
    from django.test import Client

    from office.accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="bench.xuattep"))
    baseline = current_rss_mb()
    started = time.perf_counter()
    response = client.get("/tham-dinh/tong-hop/danh-sach.xlsx?nam=2026")
    seconds = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return {
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "baseline_mb": baseline,
        "bytes": len(response.content),
    }


def _storage(endpoint: str, bucket: str):
    from django.conf import settings

    settings.OBJECT_STORAGE_BACKEND = "s3"
    settings.S3_ENDPOINT_URL = endpoint
    settings.S3_BUCKET = bucket
    settings.S3_ACCESS_KEY_ID = settings.S3_SECRET_ACCESS_KEY = "testing"  # noqa: S105 (moto accepts any)
    from office.core.object_storage import get_object_storage

    get_object_storage.cache_clear()
    return get_object_storage()


def child_upload(endpoint: str, bucket: str, objects: int, object_mb: int) -> dict:
    """Objects uploaded multipart, part by part from a generator: no whole object in memory."""
    import django

    django.setup()
    storage = _storage(endpoint, bucket)
    storage.ensure_bucket()
    client, part = storage.client, os.urandom(5 * MB)
    keys = []
    for n in range(objects):
        key = f"schools/bench/dossier/{n:032x}/Minh chứng số {n + 1}.pdf"
        upload = client.create_multipart_upload(Bucket=bucket, Key=key)
        parts, remaining, number = [], object_mb * MB, 1
        while remaining > 0:
            body = (n.to_bytes(4, "big") + part)[: min(remaining, len(part))]
            etag = client.upload_part(
                Bucket=bucket, Key=key, UploadId=upload["UploadId"], PartNumber=number, Body=body
            )["ETag"]
            parts.append({"ETag": etag, "PartNumber": number})
            remaining, number = remaining - len(body), number + 1
        client.complete_multipart_upload(
            Bucket=bucket, Key=key, UploadId=upload["UploadId"], MultipartUpload={"Parts": parts}
        )
        keys.append(key)
    return {"keys": keys, "peak_rss_mb": peak_rss_mb()}


def child_zip(endpoint: str, bucket: str, keys: list[str]) -> dict:
    import django

    django.setup()
    from reporting.zip_bundle import stream_zip

    storage = _storage(endpoint, bucket)
    baseline = current_rss_mb()
    started = time.perf_counter()
    entries = (
        (
            f"Trường Tiểu học số {n // 20 + 1}/Hồ sơ {n // 5 + 1}/{key.rpartition('/')[2]}",
            storage.iter_chunks(key),
        )
        for n, key in enumerate(keys)
    )
    total = 0
    for chunk in stream_zip(entries):
        total += len(chunk)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "baseline_mb": baseline, "bytes": total}


def run_child(*args: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("moto server did not start")


def report(label: str, runs: list[dict]) -> None:
    for n, run in enumerate(runs, start=1):
        print(
            f"  run {n}: {run['seconds']:.2f} s, peak RSS {run['peak_rss_mb']:.0f} MB "
            f"(baseline {run['baseline_mb']:.0f} MB), {run['bytes'] / MB:.1f} MB written"
        )
    print(
        f"{label}: median {statistics.median(r['seconds'] for r in runs):.2f} s, "
        f"peak RSS median {statistics.median(r['peak_rss_mb'] for r in runs):.0f} MB, "
        f"max {max(r['peak_rss_mb'] for r in runs):.0f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--objects", type=int, default=200)
    parser.add_argument("--object-mb", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-zip", action="store_true")
    parser.add_argument("--skip-snapshots", action="store_true", help="only the Excel from plain rows")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "excel":
            result = child_excel(int(rest[0]))
        elif kind == "prepare":
            result = child_prepare(int(rest[0]))
        elif kind == "real":
            result = child_real(int(rest[0]))
        elif kind == "upload":
            result = child_upload(rest[0], rest[1], int(rest[2]), int(rest[3]))
        else:
            result = child_zip(rest[0], rest[1], json.loads(Path(rest[2]).read_text()))
        print(json.dumps(result))
        return

    print(
        f"Excel of {args.rows:,} nominations (consolidated list, plain rows), {args.repeat} runs:", flush=True
    )
    report("Excel", [run_child("excel", str(args.rows)) for _ in range(args.repeat)])
    if not args.skip_snapshots:
        os.environ["POSTGRES_DB"] = os.environ.get("BENCH_POSTGRES_DB", "tdkt_exports_bench")
        print(
            f"Preparing {args.rows // 100} accepted dossier snapshots × 100 nominees in {os.environ['POSTGRES_DB']} …",
            flush=True,
        )
        run_child("prepare", str(args.rows))
        print(
            f"Excel of {args.rows:,} nominations through the office's page (snapshots → selector → renderer):",
            flush=True,
        )
        report("Excel from snapshots", [run_child("real", str(args.rows)) for _ in range(args.repeat)])
    if args.skip_zip:
        return

    port = free_port()
    moto = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        endpoint, bucket = f"http://127.0.0.1:{port}", "bench-exports"
        total = args.objects * args.object_mb
        print(f"Uploading {args.objects} objects × {args.object_mb} MB = {total} MB to moto …", flush=True)
        started = time.perf_counter()
        uploaded = run_child("upload", endpoint, bucket, str(args.objects), str(args.object_mb))
        print(
            f"  uploaded in {time.perf_counter() - started:.1f} s "
            f"(uploader's peak RSS {uploaded['peak_rss_mb']:.0f} MB)",
            flush=True,
        )
        keys_file = REPO_DIR / "var" / "bench-exports-keys.json"
        keys_file.parent.mkdir(parents=True, exist_ok=True)
        keys_file.write_text(json.dumps(uploaded["keys"]))
        print(f"ZIP of {total} MB streamed from moto's S3 server, {args.repeat} runs:", flush=True)
        report("ZIP", [run_child("zip", endpoint, bucket, str(keys_file)) for _ in range(args.repeat)])
    finally:
        moto.terminate()
        moto.wait(timeout=30)


if __name__ == "__main__":
    main()
