"""A teacher registers an initiative and uploads its document through the page: the browser's script
(evidence/upload.js) sends the file straight to object storage, the server checks it, and the page
lists it. A file that is not what its name says is refused with the server's Vietnamese message."""

import hashlib

import pytest
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.core.object_storage import LocalObjectStorage, get_object_storage
from plans.evidence.models import Evidence
from plans.initiatives.models import Initiative
from plans.notifications.models import Notification
from plans.staff.models import Department, Staff
from tests.e2e.test_login_pages import sign_in

pytestmark = pytest.mark.e2e

TITLE = "Ứng dụng trò chơi học tập trong dạy Toán lớp 4"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + b"%" * 2000


@pytest.fixture
def teacher_staff(world):
    """The teacher's staff record, committed for the web server to see, and everything the test makes
    in the school removed afterwards (rows and stored files)."""
    with schema_context(world.school_a.schema_name):
        department, made_department = Department.objects.get_or_create(name="Tổ khối 4")
        staff = Staff.objects.create(
            full_name="Trần Văn Ánh", gender="nam", department=department, user=world.teacher_a
        )
    yield staff
    with schema_context(world.school_a.schema_name):
        Initiative.objects.filter(author=staff).delete()
        storage = get_object_storage()
        for evidence in Evidence.objects.filter(uploaded_by_id=world.teacher_a.pk):
            storage.delete(evidence.key)
            if isinstance(storage, LocalObjectStorage):  # and the key's folders, empty now
                folder = storage.root.joinpath(evidence.key).parent
                while folder != storage.root and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent
            evidence.delete()
        AuditEvent.objects.filter(object_type__in=["initiatives.initiative", "evidence.evidence"]).delete()
        Notification.objects.filter(recipient_id=world.teacher_a.pk).delete()
        staff.delete()
        if made_department:
            department.delete()


def test_a_teacher_uploads_an_initiative_document_straight_to_storage(
    world, live_server_url, page, tmp_path, teacher_staff
):
    base = f"http://{world.school_a.host}:{live_server_url}"
    sign_in(page, base, "giaovien.a")
    page.goto(base + "/sang-kien/")
    page.get_by_test_id("register-initiative").click()
    page.get_by_label("Tên sáng kiến").fill(TITLE)
    page.get_by_label("Lĩnh vực / môn").fill("Toán lớp 4")
    page.get_by_role("button", name="Đăng ký đề tài").click()
    page.wait_for_selector("[data-testid=initiative-title]")
    assert page.get_by_test_id("initiative-title").inner_text() == TITLE
    assert "Chưa có tài liệu" in page.get_by_test_id("no-document").inner_text()

    # A web page renamed .pdf: the script reports the server's refusal, nothing is kept.
    fake = tmp_path / "sang-kien-gia.pdf"
    fake.write_bytes(b"<!doctype html><html><body>not a pdf</body></html>")
    page.set_input_files("input[data-evidence-kind=initiative]", str(fake))
    status = page.get_by_test_id("evidence-status")
    page.wait_for_selector("[data-evidence-state=error]")
    assert "không phải là tệp PDF thật" in status.inner_text()

    document = tmp_path / "Sáng kiến Toán 4.pdf"
    document.write_bytes(PDF)
    page.set_input_files("input[data-evidence-kind=initiative]", str(document))
    page.wait_for_selector("[data-evidence-state=done]")
    assert "Đã tải lên: Sáng kiến Toán 4.pdf" in status.inner_text()
    page.get_by_test_id("save-document").click()
    page.wait_for_selector("[data-testid=initiative-document]")
    assert "Sáng kiến Toán 4.pdf" in page.get_by_test_id("initiative-document").inner_text()
    with page.expect_download() as download_info:
        page.get_by_test_id("document-download").click()
    assert (
        hashlib.sha256(download_info.value.path().read_bytes()).hexdigest() == hashlib.sha256(PDF).hexdigest()
    )

    page.get_by_test_id("submit-initiative").click()
    page.wait_for_selector("text=Đã nộp sáng kiến cho hội đồng")
    page.goto(base + "/sang-kien/")
    row = page.get_by_test_id("initiative-row").filter(has_text=TITLE)
    assert "Đã nộp" in row.inner_text()

    with schema_context(world.school_a.schema_name):
        initiative = Initiative.objects.get(author=teacher_staff)
        kept = Evidence.objects.get(pk=initiative.document_id)
        assert kept.sha256 == hashlib.sha256(PDF).hexdigest() and kept.size == len(PDF)
        refused = Evidence.objects.get(filename="sang-kien-gia.pdf")
        assert refused.status == Evidence.Status.REJECTED
        assert get_object_storage().stat(refused.key) is None
