"""Headless Chromium: a teacher reaches "Khóa truy cập API" from the account menu of her school's
pages, creates a token (its secret shown once), uses it, and revokes it."""

import json
import urllib.error
import urllib.request

import pytest

from office.tokens.models import ApiToken
from tests.e2e.test_login_pages import sign_in

pytestmark = pytest.mark.e2e


def call_api(port, host, secret):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/me/", headers={"Host": host, "Authorization": f"Token {secret}"}
    )
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310 - http to our own server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_a_teacher_creates_uses_and_revokes_a_token_from_the_account_menu(world, live_server_url, page):
    host = world.school_a.host
    try:
        sign_in(page, f"http://{host}:{live_server_url}", "giaovien.a")
        page.get_by_test_id("account-menu").click()
        page.get_by_role("link", name="Khóa truy cập API").click()
        page.get_by_label("Tên gợi nhớ").fill("Bảng tính của tổ khối 1")
        page.get_by_role("button", name="Tạo khóa mới").click()
        secret = page.inner_text("[data-testid=new-token-secret]").strip()
        assert secret.startswith("tdkt_")
        status, body = call_api(live_server_url, host, secret)
        assert status == 200 and body["username"] == "giaovien.a"
        page.reload()
        assert page.locator("[data-testid=new-token-secret]").count() == 0  # shown once
        assert "Bảng tính của tổ khối 1" in page.inner_text("[data-testid=tokens]")
        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Thu hồi").click()
        page.wait_for_selector("[data-testid=no-tokens]")
        status, body = call_api(live_server_url, host, secret)
        assert status == 401 and "thu hồi" in body["detail"]
    finally:
        ApiToken.objects.filter(user=world.teacher_a).delete()
