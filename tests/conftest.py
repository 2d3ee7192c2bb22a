"""Shared test set-up: the real PostgreSQL and Redis, two schools with data that could leak, an office,
and (on demand) an S3-compatible server, a Celery worker and a web server as separate processes."""

import os
import socket
import subprocess
import sys
import time
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from office.accounts.models import Role, User
from office.accounts.services import ensure_user, grant_office_role, grant_school_role
from office.authorities.models import Authority
from plans.staff.services import add_staff_member
from tenants.migration_runner import migrate_template_schema
from tenants.models import School
from tenants.provisioning import create_school

REPO_DIR = Path(__file__).resolve().parents[1]
# No spare school schemas (tenants/spares.py) unless a test asks for them (tests/tenants/test_spares.py):
# creating a school copies the template, as it does with an empty pool, and sends no refill task to the
# broker. The environment carries it to the processes that tests start.
settings.SCHOOL_SPARE_SCHEMAS = 0
os.environ["SCHOOL_SPARE_SCHEMAS"] = "0"
# `make test` runs the suite in parallel workers (pytest-xdist), each over its own test database but one
# Redis: each worker's cache keys (lockouts, rate limits, cached pages) get a prefix of their own, in this
# process and in the servers and workers it starts.
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["CACHE_KEY_PREFIX"] = f"test-{worker}"
    settings.CACHES["default"]["KEY_PREFIX"] = f"test-{worker}"
PASSWORD = "mat-khau-thu-nghiem-2026"
OFFICE_HOST = "localhost"


@dataclass
class World:
    office: Authority
    other_office: Authority
    school_a: School
    school_b: School
    principal_a: object
    teacher_a: object
    principal_b: object
    specialist: object
    other_specialist: object
    outsider: object


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def _build_world() -> World:
    city = Authority.objects.create(
        code="t-city", name="Sở GDĐT Thử nghiệm", kind=Authority.Kind.CITY_DEPARTMENT
    )
    office = Authority.objects.create(
        code="t-office", name="Phòng GDĐT Thử nghiệm", kind=Authority.Kind.DISTRICT_OFFICE, parent=city
    )
    other_office = Authority.objects.create(
        code="t-other", name="Phòng GDĐT Khác", kind=Authority.Kind.DISTRICT_OFFICE, parent=city
    )
    school_a = create_school(code="truonga", name="Trường Tiểu học A", level="tieu_hoc", authority=office)
    school_b = create_school(code="truongb", name="Trường Mầm non B", level="mam_non", authority=other_office)

    def user(username, full_name):
        return ensure_user(username=username, full_name=full_name, password=PASSWORD)

    principal_a = user("hieutruong.a", "Nguyễn Thị An")
    teacher_a = user("giaovien.a", "Trần Văn Ánh")
    principal_b = user("hieutruong.b", "Lê Thị Bình")
    specialist = user("chuyenvien", "Phạm Thu Chuyên")
    other_specialist = user("chuyenvien.khac", "Đỗ Văn Khác")
    outsider = user("nguoingoai", "Hoàng Văn Ngoài")
    grant_school_role(principal_a, school_a, Role.PRINCIPAL)
    grant_school_role(teacher_a, school_a, Role.STAFF)
    grant_school_role(principal_b, school_b, Role.PRINCIPAL)
    grant_office_role(specialist, office, Role.OFFICE_SPECIALIST)
    grant_office_role(other_specialist, other_office, Role.OFFICE_SPECIALIST)
    with schema_context(school_a.schema_name):
        add_staff_member(full_name="Nguyễn Thị An", gender="nu", position="Hiệu trưởng", user=principal_a)
        add_staff_member(full_name="Giáo Viên Trường A", gender="nu", department_name="Tổ khối 1")
    with schema_context(school_b.schema_name):
        add_staff_member(full_name="Lê Thị Bình", gender="nu", position="Hiệu trưởng", user=principal_b)
        add_staff_member(full_name="Bí Mật Trường B", gender="nu", department_name="Tổ Mẫu giáo")
    return World(
        office,
        other_office,
        school_a,
        school_b,
        principal_a,
        teacher_a,
        principal_b,
        specialist,
        other_specialist,
        outsider,
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, its school template, and a committed world of two schools and an office
    that every test (and every process a test starts) can see."""
    from django.test.utils import setup_databases, teardown_databases

    own_setup = None
    if not connection.settings_dict["NAME"].startswith("test_"):
        # pytest-django creates the test database only when a collected test asks for `db`; browser
        # tests talk to their own server and do not, so alone they would reach the development database.
        with django_db_blocker.unblock():
            own_setup = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    with django_db_blocker.unblock():
        migrate_template_schema()
        connection.set_schema_to_public()
        if not School.objects.filter(code="truonga").exists():
            _build_world()
    yield
    if own_setup is not None:
        with django_db_blocker.unblock():
            try:
                teardown_databases(own_setup, verbosity=0)
            except Exception as exc:  # as pytest-django does: a server's last connection may linger
                warnings.warn(f"test database left behind: {exc}", stacklevel=1)


def load_world() -> World:
    connection.set_schema_to_public()
    get = School.objects.get
    users = {u.username: u for u in User.objects.all()}
    return World(
        office=Authority.objects.get(code="t-office"),
        other_office=Authority.objects.get(code="t-other"),
        school_a=get(code="truonga"),
        school_b=get(code="truongb"),
        principal_a=users["hieutruong.a"],
        teacher_a=users["giaovien.a"],
        principal_b=users["hieutruong.b"],
        specialist=users["chuyenvien"],
        other_specialist=users["chuyenvien.khac"],
        outsider=users["nguoingoai"],
    )


@pytest.fixture
def world(db) -> World:
    """The committed world, inside the test's transaction: what a test writes is rolled back."""
    return load_world()


def host_of(school: School | None) -> str:
    return school.host if school is not None else OFFICE_HOST


@pytest.fixture
def client_for():
    """`client_for(user, school)`: a test client signed in as `user`, talking to the school's host
    (or the office's when school is None)."""

    def make(user=None, school=None) -> Client:
        client = Client(HTTP_HOST=host_of(school))
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def eager_celery():
    """Tasks run in this process and inside the test's transaction, where its data is visible."""
    from office.celery import app

    before = {key: app.conf[key] for key in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(before)
    # Eager sends still take a producer from the broker pool, which keeps the broker it was built
    # for; drop it, as Celery does after a fork, so a later test that points the app at another
    # broker (tests/office/test_celery_worker.py) really sends there.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def upload_now(eager_celery, django_capture_on_commit_callbacks):
    """`upload_now(client, url, name, content)`: posts a file as the upload forms do and runs the import
    job it starts (plans.imports) at once, in this process and inside the test's transaction, as the
    commit would send it to a worker; the response."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(client, url: str, name: str, content: bytes):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"file": SimpleUploadedFile(name, content)})

    return upload


# The security suite's counts (probes sent, bad files tried), printed in the run's summary whatever the
# reporting options: `suite_count("isolation matrix: probes sent", 3727)`. They travel on the test's
# report, so the counts of parallel workers add up in the process that prints the summary.
SUITE_COUNT = "suite count: "
SUITE_COUNTS: dict[str, int] = {}


@pytest.fixture
def suite_count(request):
    def record(label: str, value: int) -> None:
        request.node.user_properties.append((SUITE_COUNT + label, value))

    return record


def pytest_runtest_logreport(report):
    if report.when == "teardown":  # the last report of a test carries all it recorded
        for name, value in report.user_properties:
            if name.startswith(SUITE_COUNT):
                label = name.removeprefix(SUITE_COUNT)
                SUITE_COUNTS[label] = SUITE_COUNTS.get(label, 0) + value


def pytest_terminal_summary(terminalreporter):
    if SUITE_COUNTS:
        terminalreporter.section("security suite")
        for label, value in SUITE_COUNTS.items():
            terminalreporter.write_line(f"{label}: {value:,}".replace(",", "."))


@pytest.fixture(autouse=True)
def _public_schema_between_tests():
    """A request leaves the connection on the school's schema; start and end every test on public."""
    yield
    if connection.connection is not None or connection.in_atomic_block:
        connection.set_schema_to_public()


@pytest.fixture(scope="session")
def s3_server():
    """An S3-compatible server (moto in server mode) on a free port of 127.0.0.1, spoken to over HTTP."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings):
    """Object storage switched to the S3 backend against the moto server, with a fresh bucket."""
    from office.core.object_storage import get_object_storage

    settings.OBJECT_STORAGE_BACKEND = "s3"
    settings.S3_ENDPOINT_URL = s3_server
    settings.S3_BUCKET = f"test-{uuid.uuid4().hex[:12]}"
    settings.S3_ACCESS_KEY_ID = "testing"
    settings.S3_SECRET_ACCESS_KEY = "testing"
    get_object_storage.cache_clear()
    storage = get_object_storage()
    storage.ensure_bucket()
    yield storage
    get_object_storage.cache_clear()


class PrivateS3:
    """An S3 service of one test's own that the test can take down and bring back: moto's server on a free
    port whose HTTP listener is stopped and started again on the same port. moto keeps buckets and objects
    in the test process's memory, not in the listener, so what was stored before the outage is there
    after it, as with a real S3 service restarting; while it is down, every call is refused at the TCP
    level like a storage host that went away."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None

    def start(self) -> None:
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        wait_for_port(self.port)

    def stop(self) -> None:
        self.server.stop()
        self.server = None
        with socket.socket() as sock:  # really down: nothing answers on the port
            assert sock.connect_ex(("127.0.0.1", self.port)) != 0


@pytest.fixture
def private_s3(settings):
    """Object storage switched to a private S3 server with a fresh bucket; yields (server, storage).
    Storage gives up after two quick attempts, so a test of the outage takes seconds."""
    from office.core.object_storage import get_object_storage

    server = PrivateS3()
    server.start()
    settings.OBJECT_STORAGE_BACKEND = "s3"
    settings.S3_ENDPOINT_URL = server.url
    settings.S3_BUCKET = f"test-{uuid.uuid4().hex[:12]}"
    settings.S3_ACCESS_KEY_ID = "testing"
    settings.S3_SECRET_ACCESS_KEY = "testing"
    settings.S3_MAX_ATTEMPTS = 2
    settings.S3_CONNECT_TIMEOUT_SECONDS = 1
    get_object_storage.cache_clear()
    storage = get_object_storage()
    storage.ensure_bucket()
    yield server, storage
    if server.server is not None:
        server.stop()
    get_object_storage.cache_clear()


@pytest.fixture
def local_storage(tmp_path, settings):
    from office.core.object_storage import get_object_storage

    settings.OBJECT_STORAGE_BACKEND = "local"
    settings.LOCAL_OBJECT_STORAGE_DIR = tmp_path / "objects"
    get_object_storage.cache_clear()
    yield get_object_storage()
    get_object_storage.cache_clear()


def process_env(**extra) -> dict:
    """The environment of a process that must use the test database, not the development one."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "office.settings",
        "POSTGRES_DB": settings.DATABASES["default"]["NAME"],
        # This checkout's code, whichever checkout the virtualenv was installed from.
        "PYTHONPATH": os.pathsep.join([str(REPO_DIR), str(REPO_DIR / "platform")]),
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


# The queue the test web server sends its Celery tasks to, so that only this run's workers take them.
# Named after the pytest process, not a random value: this module is imported twice (as `conftest` by
# pytest and as `tests.conftest` by test modules) and both copies must agree.
LIVE_SERVER_QUEUE = f"test-web-{os.getpid()}"


@pytest.fixture(scope="session")
def live_server_url(django_db_setup):
    """The platform served by gunicorn in its own process, on a free port, over the test database; it
    yields the port."""
    port = free_port()
    (REPO_DIR / "var").mkdir(exist_ok=True)
    log = open(REPO_DIR / "var" / f"test-web-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "office.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=REPO_DIR,
        env=process_env(CELERY_QUEUE=LIVE_SERVER_QUEUE),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()
