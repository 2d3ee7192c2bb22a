"""A principal takes the school's Word plan all the way to an issued plan in the official format."""

import io

import docx
import pytest

from tests.e2e.test_login_pages import sign_in
from tests.factories.plans import LE_QUY_DON

pytestmark = pytest.mark.e2e


def test_import_edit_issue_and_download_a_seed_plan(world, live_server_url, celery_worker, page, tmp_path):
    base = f"http://{world.school_a.host}:{live_server_url}"
    sign_in(page, base, "hieutruong.a")
    page.goto(base + "/ke-hoach/")
    page.get_by_test_id("import-plan").click()
    page.set_input_files("input[name=file]", str(LE_QUY_DON))
    page.get_by_role("button", name="Đọc tệp").click()
    # A worker reads the file (plans.imports); the job's page follows it and moves on to the review.
    # Lê Quý Đôn's file is not school A's: each difference is shown as blocking before anything is saved.
    differences = page.get_by_test_id("import-differences").inner_text()
    for label in ("Tên cơ quan ban hành", "Ký hiệu cơ quan trong số văn bản", "Người ký", "Năm của kế hoạch"):
        assert label in differences
    warnings = page.get_by_test_id("import-warnings")
    assert "bị lặp lại" in warnings.inner_text()  # the second "III." of the seed
    assert "12/KH-THLQĐ" in page.get_by_test_id("import-summary").inner_text()
    page.get_by_role("button", name="Lưu thành dự thảo kế hoạch").click()
    assert "Đã nhập kế hoạch: 22 mục, 34 công việc" in page.locator(".alert-success").inner_text()

    first = page.locator(".plan-section").first
    first.get_by_test_id("edit-section").click()
    form = page.get_by_test_id("section-form")
    form.locator("input[name=heading]").fill("MỤC ĐÍCH, YÊU CẦU NĂM HỌC MỚI")
    form.get_by_role("button", name="Lưu mục").click()
    page.wait_for_selector("text=MỤC ĐÍCH, YÊU CẦU NĂM HỌC MỚI")

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("issue-plan").click()  # leads to the checks: one box per difference
    checks = page.get_by_test_id("plan-differences")
    boxes = checks.locator("input[name=xac_nhan]")
    assert boxes.count() == 4
    for index in range(3):
        boxes.nth(index).check()
    checks.get_by_test_id("issue-plan-confirmed").click()
    # One difference left unconfirmed: the plan is not issued.
    assert page.get_by_test_id("plan-status").inner_text() == "Dự thảo"
    boxes.nth(3).check()
    checks.get_by_test_id("issue-plan-confirmed").click()
    page.wait_for_selector("text=Đã ban hành kế hoạch")
    assert page.get_by_test_id("plan-status").inner_text() == "Đã ban hành"
    assert page.get_by_test_id("plan-number").inner_text() == "12/KH-THLQĐ"
    assert page.get_by_test_id("edit-section").count() == 0  # locked

    with page.expect_download() as download_info:
        page.get_by_test_id("download-docx").click()
    path = tmp_path / "ke-hoach.docx"
    download_info.value.save_as(path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert "MỤC ĐÍCH, YÊU CẦU NĂM HỌC MỚI" in " ".join(paragraphs)
    cells = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Số: 12/KH-THLQĐ" in cells and "Teo Thị Thanh Mai" in cells
