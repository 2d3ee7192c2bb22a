"""The whole path with a real Celery worker, as in production: the web request takes the file in and
answers at once, a worker process reads it in the school's schema, and the job's page moves on (to the
plan's review; to what the staff import saved). And a worker with a tiny soft time limit (prefork: the
solo pool does not enforce limits) refuses a workbook that takes longer, with nothing written."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from plans.imports.models import ImportJob
from plans.planning.models import DocumentCounter, Plan
from plans.staff.models import Staff
from tests.conftest import load_world
from tests.factories.bad_files import plan_docx
from tests.factories.staff import person, sheet_bytes
from tests.factories.workers import start_worker, stop_worker, tasks_sent_to, wait_until


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """The world, committed (the worker is another process); what the imports wrote is removed after."""
    with django_db_blocker.unblock():
        world = load_world()
        with schema_context(world.school_a.schema_name):
            staff = set(Staff.objects.values_list("pk", flat=True))
            last_event = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        yield world
        with schema_context(world.school_a.schema_name):
            ImportJob.objects.all().delete()
            Plan.objects.all().delete()
            DocumentCounter.objects.all().delete()
            Staff.objects.exclude(pk__in=staff).delete()
            AuditEvent.objects.filter(pk__gt=last_event).delete()


def job_of(world, response) -> ImportJob:
    pk = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    with schema_context(world.school_a.schema_name):
        return ImportJob.objects.get(pk=pk)


def ended(world, *jobs) -> bool:
    with schema_context(world.school_a.schema_name):
        return not ImportJob.objects.filter(
            pk__in=[job.pk for job in jobs], status__in=ImportJob.ACTIVE
        ).exists()


def test_a_real_worker_reads_a_plan_and_a_staff_workbook_and_the_pages_move_on(committed, client_for):
    world = committed
    client = client_for(world.principal_a, world.school_a)
    queue = f"test-imports-{uuid.uuid4().hex[:8]}"
    with tasks_sent_to(queue):
        worker = start_worker(queue)
        try:
            plan = client.post("/ke-hoach/nhap/", {"file": SimpleUploadedFile("ke-hoach.docx", plan_docx())})
            staff = client.post(
                "/can-bo/nhap/",
                {"file": SimpleUploadedFile("can-bo.xlsx", sheet_bytes([person("Người Nhập Nền")]))},
            )
            plan_job, staff_job = job_of(world, plan), job_of(world, staff)
            wait_until(lambda: ended(world, plan_job, staff_job), timeout=120, step=0.2)
        finally:
            stop_worker(worker)
    plan_job, staff_job = job_of(world, plan), job_of(world, staff)
    assert (plan_job.status, plan_job.content, plan_job.attempts) == ("done", None, 1)
    assert (staff_job.status, staff_job.content) == ("done", None)
    # The plan: its page leads to the review, whose confirmation creates the draft.
    review = client.get(plan["Location"], HTTP_HX_REQUEST="true")["HX-Redirect"]
    assert "Lưu thành dự thảo kế hoạch" in client.get(review).content.decode()
    assert client.post(review, {"confirm": "1"}).status_code == 302
    # The staff workbook: written by the worker, in school A's schema only.
    assert "Đã nhập 1 dòng: thêm mới 1" in client.get(staff["Location"]).content.decode()
    with schema_context(world.school_a.schema_name):
        assert Plan.objects.count() == 1
        assert Staff.objects.filter(full_name="Người Nhập Nền").count() == 1
    with schema_context(world.school_b.schema_name):
        assert not Staff.objects.filter(full_name="Người Nhập Nền").exists()


def test_a_read_beyond_the_soft_time_limit_is_refused_and_writes_nothing(committed, client_for, settings):
    world = committed
    settings.IMPORT_SOFT_TIME_LIMIT = 0.2  # sent with the task; the worker's pool checks it every second
    client = client_for(world.principal_a, world.school_a)
    rows = [person(f"Giáo Viên Chậm {index}", born=f"{index % 28 + 1:02d}/01/1990") for index in range(5000)]
    data = sheet_bytes(rows)
    with schema_context(world.school_a.schema_name):
        before = (Staff.objects.count(), AuditEvent.objects.count())
    queue = f"test-imports-slow-{uuid.uuid4().hex[:8]}"
    with tasks_sent_to(queue):
        worker = start_worker(queue, pool="prefork")
        try:
            response = client.post("/can-bo/nhap/", {"file": SimpleUploadedFile("can-bo.xlsx", data)})
            job = job_of(world, response)
            wait_until(lambda: ended(world, job), timeout=120, step=0.2)
        finally:
            stop_worker(worker)
    job = job_of(world, response)
    assert job.status == "refused" and job.content is None
    assert job.reason.startswith("Tệp quá phức tạp, xử lý quá 0,2 giây nên đã dừng; không có gì được lưu.")
    assert "Tệp quá phức tạp, xử lý quá 0,2 giây" in client.get(response["Location"]).content.decode()
    with schema_context(world.school_a.schema_name):
        assert (Staff.objects.count(), AuditEvent.objects.count()) == before
