"""The migration runner (`migrate_school_schemas`) over real migrations, in real processes.

The runner's tests own a database of their own, with four schools, walked through three releases of a
test-only school app (tests/tenants/runner_app, loaded by tests/tenants/runner_settings.py) by
running the real command in a subprocess, as an operator would: release 1 at set-up, release 2 (a
column, an index and a data migration) in the lock and failure tests, release 3 in the kill test. The
tests therefore run in file order, each checking where it starts from. Every process keeps a pool of two
spare school schemas (tenants/spares.py), refilled in-process (Celery eager): the runner must replace
the spares of a template it moves, and a school made from a spare after a release matches the others.
"""

import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from django.conf import settings

from tenants.migration_runner import RUN_LOCK_KEY
from tests.conftest import REPO_DIR, process_env
from tests.tenants.test_provisioning import schema_only_dump

TEMPLATE = settings.SCHOOL_TEMPLATE_SCHEMA
SCHOOLS = ("runa", "runb", "runc", "rund")

SET_UP_SCHOOLS = f"""
from django_tenants.utils import schema_context
from office.authorities.models import Authority
from tenants.provisioning import create_school
from tests.tenants.runner_app.models import Note

office = Authority.objects.create(code="run-office", name="Phòng GDĐT thử", kind=Authority.Kind.DISTRICT_OFFICE)
for code in {SCHOOLS!r}:
    create_school(code=code, name="Trường " + code, level="thcs", authority=office)
    with schema_context(code):
        Note.objects.create(title="Ghi chú của " + code)
"""

NEW_SCHOOL = """
from office.authorities.models import Authority
from tenants.provisioning import create_school

create_school(code="rune", name="Trường mới", level="thcs", authority=Authority.objects.get(code="run-office"))
"""


class RunnerDatabase:
    def __init__(self, name: str):
        self.name = name

    def env(self, release: int, **extra) -> dict:
        return process_env(
            DJANGO_SETTINGS_MODULE="tests.tenants.runner_settings",
            POSTGRES_DB=self.name,
            RUNNER_TEST_RELEASE=release,
            SCHOOL_SPARE_SCHEMAS=2,
            CELERY_TASK_ALWAYS_EAGER=1,
            **extra,
        )

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(REPO_DIR / "manage.py"), *args]

    def migrate(self, release: int, *args: str, **extra) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.command("migrate_school_schemas", *args),
            env=self.env(release, **extra),
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def connect(self) -> psycopg.Connection:
        db = settings.DATABASES["default"]
        return psycopg.connect(
            host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=self.name, autocommit=True
        )

    def query(self, sql: str, params=None) -> list[tuple]:
        with self.connect() as conn:
            return conn.execute(sql, params).fetchall()

    def execute(self, sql: str) -> None:
        with self.connect() as conn:
            conn.execute(sql)

    def applied(self, schema: str) -> set[str]:
        rows = self.query(f"SELECT name FROM \"{schema}\".django_migrations WHERE app = 'runner_app'")
        return {name for (name,) in rows}

    def has_index(self, schema: str, index: str) -> bool:
        return bool(
            self.query("SELECT 1 FROM pg_indexes WHERE schemaname = %s AND indexname = %s", [schema, index])
        )

    def dump(self, schema: str) -> str:
        return schema_only_dump(schema, database=self.name)

    def spares(self) -> list[str]:
        return [name for (name,) in self.query("SELECT schema_name FROM tenants_spareschema ORDER BY id")]

    def assert_spares_match_the_template(self) -> None:
        spares = self.spares()
        assert len(spares) == 2
        template = self.dump(TEMPLATE)
        for spare in spares:
            assert self.applied(spare) == self.applied(TEMPLATE)
            assert self.dump(spare) == template


@pytest.fixture(scope="module")
def runner_db(django_db_setup):
    name = f"{settings.DATABASES['default']['NAME']}_runner"
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    database = RunnerDatabase(name)
    try:
        first = database.migrate(1, "-v", "0")
        assert first.returncode == 0, first.stderr
        made = subprocess.run(
            database.command("shell", "-c", SET_UP_SCHOOLS),
            env=database.env(1),
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr
        yield database
    finally:
        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_run_with_nothing_to_do_touches_no_school(runner_db):
    spares = runner_db.spares()
    result = runner_db.migrate(1)
    assert result.returncode == 0, result.stderr
    # The spares are not schools: not counted, not migrated, kept as they are.
    assert "4 đã mới nhất, 0 cần migrate" in result.stdout
    assert runner_db.spares() == spares
    runner_db.assert_spares_match_the_template()
    assert all(runner_db.applied(school) == {"0001_initial"} for school in SCHOOLS)


def test_a_second_run_is_refused_while_another_holds_the_lock(runner_db):
    with runner_db.connect() as other_run:
        other_run.execute("SELECT pg_advisory_lock(%s)", [RUN_LOCK_KEY])
        result = runner_db.migrate(2)
    assert result.returncode != 0
    assert "Đang có một lượt chạy migration khác" in result.stderr
    assert all(runner_db.applied(school) == {"0001_initial"} for school in (*SCHOOLS, TEMPLATE))


def test_a_failing_school_keeps_its_old_state_and_the_others_are_migrated(runner_db):
    # runb diverged: the column the release adds is already there, so the release's DDL fails there.
    runner_db.execute('ALTER TABLE "runb".runner_app_note ADD COLUMN label varchar(50)')
    spares = runner_db.spares()

    result = runner_db.migrate(2, "--workers", "2")

    assert result.returncode != 0
    assert "1 trường chưa migrate được" in result.stderr
    assert "runb" in result.stderr and "label" in result.stderr
    for school in ("runa", "runc", "rund"):
        assert runner_db.applied(school) == {"0001_initial", "0002_note_label"}
        assert runner_db.has_index(school, "runner_note_label_idx")
        # The data migration ran in each school, on that school's own rows.
        assert runner_db.query(f'SELECT label FROM "{school}".runner_app_note') == [(school,)]
        assert runner_db.dump(school) == runner_db.dump(TEMPLATE)
    assert runner_db.applied("runb") == {"0001_initial"}
    assert not runner_db.has_index("runb", "runner_note_label_idx")
    assert runner_db.query('SELECT label FROM "runb".runner_app_note') == [(None,)]
    # The spares of release 1 were migrated with the schools (not counted among them).
    assert runner_db.spares() == spares
    runner_db.assert_spares_match_the_template()
    assert "0002_note_label" in runner_db.applied(spares[0])
    assert runner_db.query(
        "SELECT DISTINCT template_fingerprint FROM tenants_spareschema"
    ) == runner_db.query(
        f"SELECT md5(string_agg(app || '.' || name, ',' ORDER BY app COLLATE \"C\", name COLLATE \"C\")) "
        f'FROM "{TEMPLATE}".django_migrations'
    )

    # Repaired, the school is migrated by the next run; the others are skipped.
    runner_db.execute('ALTER TABLE "runb".runner_app_note DROP COLUMN label')
    again = runner_db.migrate(2)
    assert again.returncode == 0, again.stderr
    assert "3 đã mới nhất, 1 cần migrate" in again.stdout
    assert runner_db.applied("runb") == {"0001_initial", "0002_note_label"}
    assert runner_db.query('SELECT label FROM "runb".runner_app_note') == [("runb",)]
    assert runner_db.dump("runb") == runner_db.dump(TEMPLATE)


def test_a_run_killed_midway_is_completed_by_the_next_run(runner_db, tmp_path):
    assert all(runner_db.applied(school) == {"0001_initial", "0002_note_label"} for school in SCHOOLS)

    def migrated_schools() -> list[str]:
        return [school for school in SCHOOLS if "0003_note_reviewed" in runner_db.applied(school)]

    # One connection; the data migration lets the first school through and holds the next one in
    # its transaction, so the kill falls between two schools however busy the machine is.
    run = subprocess.Popen(
        runner_db.command("migrate_school_schemas", "--workers", "1"),
        env=runner_db.env(
            3, RUNNER_TEST_HOLD=str(tmp_path / "passed"), RUNNER_TEST_SCHOOLS=",".join(SCHOOLS)
        ),
        cwd=REPO_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not migrated_schools() and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.1)
        os.kill(run.pid, signal.SIGKILL)
    finally:
        run.wait()
    assert run.returncode == -signal.SIGKILL
    halfway = migrated_schools()
    assert halfway == [(tmp_path / "passed").read_text()]

    result = runner_db.migrate(3)

    assert result.returncode == 0, result.stderr
    assert f"{len(halfway)} đã mới nhất, {len(SCHOOLS) - len(halfway)} cần migrate" in result.stdout
    template = runner_db.dump(TEMPLATE)
    assert "runner_note_reviewed_idx" in template
    for school in SCHOOLS:
        assert "0003_note_reviewed" in runner_db.applied(school)
        assert runner_db.dump(school) == template

    # The killed run left the spares at release 2 and this one found the template already moved:
    # they were dropped and copied again.
    runner_db.assert_spares_match_the_template()
    spares = runner_db.spares()

    # A school created after the releases takes a spare and is identical to those migrated.
    made = subprocess.run(
        runner_db.command("shell", "-c", NEW_SCHOOL),
        env=runner_db.env(3),
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    assert runner_db.dump("rune") == template
    assert spares[0] not in runner_db.spares()
    assert not runner_db.query("SELECT 1 FROM pg_namespace WHERE nspname = %s", [spares[0]])
    runner_db.assert_spares_match_the_template()  # refilled when the school was committed
