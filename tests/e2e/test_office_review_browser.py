"""The office reads what a school sent, in a real browser at 1366 px and on a 390 px phone: a plan
issued twice (its printed document in a frame, the changes since version 1, the DOCX of the
submitted version) and a registration list (a table by department and title). Screenshots of both
pages at both widths are taken (docs/screenshots/ with `make screenshots`)."""

import io

import docx
import pytest

from office.submissions.models import Submission
from office.submissions.services import submit
from tests.e2e.screenshots import shoot
from tests.e2e.test_login_pages import sign_in
from tests.factories.readable import assert_readable
from tests.factories.submissions import NEW_LINE, issued_twice, registration_payload

pytestmark = pytest.mark.e2e


def test_the_office_reads_a_plan_and_a_registration_list(world, live_server_url, page, tmp_path):
    first, second, heading, dropped = issued_twice(world)
    registration = submit(
        school=world.school_a,
        kind=Submission.Kind.REGISTRATION,
        reference="registration:e2e",
        year=2026,
        title=f"Đăng ký danh hiệu thi đua năm học 2025-2026 – {world.school_a.name}",
        payload=registration_payload(),
        user=world.principal_a,
    )
    url = f"http://localhost:{live_server_url}"
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, url, "chuyenvien")
    page.wait_for_selector("[data-testid=office-home-title]")

    page.goto(f"{url}/tham-dinh/{second.pk}/")
    changes = page.get_by_test_id("plan-changes").inner_text()
    assert heading in changes and NEW_LINE in changes and dropped in changes
    printed = page.frame_locator("[data-testid=plan-document]")
    printed.get_by_text("TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN").first.wait_for()
    assert NEW_LINE in printed.locator("body").inner_text()
    assert_readable(page.content())
    assert page.get_by_test_id("technical-details").count() == 0  # a specialist, not the head
    with page.expect_download() as download:
        page.get_by_test_id("plan-docx").click()
    path = tmp_path / "ke-hoach.docx"
    download.value.save_as(path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    assert NEW_LINE in "\n".join(p.text for p in document.paragraphs)
    shoot(page, "office-plan-review", tmp_path)

    page.goto(f"{url}/tham-dinh/{registration.pk}/")
    table = page.get_by_test_id("registration-table").inner_text()
    assert "Tổ khối 1 (3 người)" in table and "Lao động tiên tiến – 2 người" in table
    assert "Nguyễn Thị Hoa" in table and "Chiến sĩ thi đua cơ sở" in table
    assert_readable(page.content())
    shoot(page, "office-registration-review", tmp_path)
    assert first.version == 1
