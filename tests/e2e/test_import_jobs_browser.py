"""A staff workbook in a real browser, read by a real worker off the request path: the upload lands on
the job's page at once, which waits while no worker is there, polls (HTMX, every second, without
reloading) and shows what was saved once a worker has read the file; a zip bomb gets its reason."""

import pytest
from django.db.models import Max
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from plans.staff.models import Staff
from tests.conftest import LIVE_SERVER_QUEUE
from tests.e2e.test_login_pages import sign_in
from tests.factories.bad_files import workbook_bomb
from tests.factories.staff import person, sheet_bytes
from tests.factories.workers import start_worker, stop_worker

pytestmark = pytest.mark.e2e
NAME = "Người Nhập Trình Duyệt"


@pytest.fixture
def staff_left_as_found(world):
    with schema_context(world.school_a.schema_name):
        last_event = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    with schema_context(world.school_a.schema_name):
        Staff.objects.filter(full_name=NAME).delete()
        AuditEvent.objects.filter(pk__gt=last_event).delete()


def test_the_job_page_polls_until_a_worker_has_read_the_workbook(
    world, live_server_url, staff_left_as_found, page, tmp_path
):
    base = f"http://{world.school_a.host}:{live_server_url}"
    good = tmp_path / "can-bo.xlsx"
    good.write_bytes(sheet_bytes([person(NAME)]))
    sign_in(page, base, "hieutruong.a")
    page.goto(base + "/can-bo/nhap/")
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    # No worker yet: the page answered at once and waits, polling.
    job = page.get_by_test_id("import-job")
    job.wait_for()
    assert job.get_attribute("data-status") == "pending" and "/nhap-tep/" in page.url
    page.evaluate("window.sameDocument = true")  # gone if the page were reloaded
    worker = start_worker(LIVE_SERVER_QUEUE, broker=None)
    try:
        page.get_by_test_id("import-result").wait_for(timeout=60_000)
    finally:
        stop_worker(worker)
    assert page.evaluate("window.sameDocument === true")
    assert "Đã nhập 1 dòng: thêm mới 1" in page.get_by_test_id("import-result").inner_text()
    assert page.get_by_test_id("import-status").inner_text() == "Đã xong"
    with schema_context(world.school_a.schema_name):
        assert Staff.objects.filter(full_name=NAME).count() == 1


def test_a_zip_bomb_gets_its_reason_on_the_job_page(world, live_server_url, celery_worker, page, tmp_path):
    base = f"http://{world.school_a.host}:{live_server_url}"
    bomb = tmp_path / "bom.xlsx"
    bomb.write_bytes(workbook_bomb())
    sign_in(page, base, "hieutruong.a")
    page.goto(base + "/can-bo/nhap/")
    page.set_input_files("input[name=file]", str(bomb))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    refusal = page.get_by_test_id("import-refusal")
    refusal.wait_for(timeout=60_000)
    assert "Tệp Excel giải nén ra quá lớn (120 MB, tối đa 100 MB)" in refusal.inner_text()
    assert page.get_by_test_id("upload-again").is_visible()
