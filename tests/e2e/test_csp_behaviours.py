"""Pages under the Content Security Policy in Chromium: nothing is blocked, and what inline handlers
used to do (confirm before sending, send on change, copy) works from core/behaviours.js."""

import pytest
from django_tenants.utils import schema_context

from plans.staff.models import Staff
from tests.e2e.test_login_pages import sign_in

pytestmark = pytest.mark.e2e


def watch_policy(page) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_school_pages_and_the_api_docs_break_no_policy(world, live_server_url, page):
    violations = watch_policy(page)
    base = f"http://{world.school_a.host}:{live_server_url}"
    sign_in(page, base, "hieutruong.a")
    page.wait_for_selector("[data-testid=school-home-title]")
    for path in ("/can-bo/", "/phong-trao/", "/ke-hoach/", "/thi-dua/"):
        page.goto(base + path)
        page.wait_for_load_state("load")
    page.goto(base + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info")  # Swagger UI drew the API from its own script
    assert violations == []


def test_a_dismissed_confirmation_sends_nothing(world, live_server_url, page):
    with schema_context(world.school_a.schema_name):
        staff = Staff.objects.get(full_name="Giáo Viên Trường A")
    base = f"http://{world.school_a.host}:{live_server_url}"
    sign_in(page, base, "hieutruong.a")
    page.wait_for_selector("[data-testid=school-home-title]")
    page.goto(f"{base}/can-bo/{staff.pk}/")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("button", name="Xoá").first.click()
    page.wait_for_timeout(500)  # a form sent anyway would have navigated by now
    assert asked == ["Xoá Giáo Viên Trường A khỏi danh sách?"]
    assert page.url.endswith(f"/can-bo/{staff.pk}/")
    with schema_context(world.school_a.schema_name):
        assert Staff.objects.filter(pk=staff.pk).exists()


def test_choosing_a_school_year_sends_the_form(world, live_server_url, page):
    base = f"http://{world.school_a.host}:{live_server_url}"
    sign_in(page, base, "hieutruong.a")
    page.wait_for_selector("[data-testid=school-home-title]")
    page.goto(base + "/phong-trao/")
    select = page.locator("#nam-hoc")
    values = select.locator("option").evaluate_all("options => options.map(option => option.value)")
    other = next(value for value in values if value != select.input_value())
    with page.expect_navigation():
        select.select_option(other)
    assert f"nam_hoc={other}" in page.url
