"""Headless Chromium (Debian's) against the platform served by gunicorn over the test database."""

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def sign_in(page, url, username):
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_principal_signs_in_at_the_school_and_sees_its_home(world, live_server_url, page):
    url = f"http://{world.school_a.host}:{live_server_url}"
    sign_in(page, url, "hieutruong.a")
    page.wait_for_selector("[data-testid=school-home-title]")
    assert page.inner_text("[data-testid=school-home-title]") == world.school_a.name
    assert "Hiệu trưởng" in page.inner_text("[data-testid=current-user]")
    assert page.inner_text("[data-testid=staff-count]") == "2"


def test_an_office_specialist_signs_in_at_the_office_and_sees_its_schools(world, live_server_url, page):
    url = f"http://localhost:{live_server_url}"
    sign_in(page, url, "chuyenvien")
    page.wait_for_selector("[data-testid=office-home-title]")
    assert world.office.name in page.inner_text("[data-testid=office-home-title]")
    table = page.inner_text("[data-testid=office-schools]")
    assert world.school_a.name in table and world.school_b.name not in table


def test_a_wrong_password_is_refused_in_vietnamese(world, live_server_url, page):
    page.goto(f"http://localhost:{live_server_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("chuyenvien")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "không đúng" in page.inner_text(".alert-danger")


def test_a_principal_of_another_school_gets_the_not_found_page(world, live_server_url, page):
    url = f"http://{world.school_b.host}:{live_server_url}"
    sign_in(page, url, "hieutruong.a")
    page.wait_for_selector("[data-testid=not-found]")
    assert "Không tìm thấy trang" in page.inner_text("h1")


def test_a_notification_is_marked_read_in_place_with_htmx(world, live_server_url, page):
    from django_tenants.utils import schema_context

    from plans.notifications.services import notify

    with schema_context(world.school_a.schema_name):
        notification = notify(recipient_id=world.teacher_a.pk, message="Họp Hội đồng TĐKT lúc 14h thứ Sáu")
    sign_in(page, f"http://{world.school_a.host}:{live_server_url}", "giaovien.a")
    row = page.locator(f"#notification-{notification.pk}")
    row.get_by_role("button", name="Đã đọc").click()
    page.wait_for_selector(f"#notification-{notification.pk}.text-muted")
    assert page.url.endswith("/")  # updated in place, no page load
    assert row.get_by_role("button", name="Đã đọc").count() == 0
