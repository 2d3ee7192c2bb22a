"""WCAG 2.1 AA and phones (issue 14): the main pages of each role, at 1366 px and at 390 px, have no
critical or serious axe-core violation and never scroll sideways; the office dashboard and the teacher's
registration page are photographed at both widths (docs/screenshots/ with `make screenshots`)."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from office.clusters.models import Cluster
from office.core.school_years import current_school_year
from plans.emulation import services as emulation
from plans.emulation.models import RegistrationCampaign
from plans.planning import services as plan_services
from plans.planning.plan_import import import_plan
from plans.staff.models import Department, Staff
from tests.e2e.axe import describe, sideways_overflow, violations
from tests.e2e.screenshots import shoot
from tests.e2e.test_login_pages import sign_in
from tests.factories.dashboard import cluster_with
from tests.factories.plans import LE_QUY_DON, seed_bytes
from tests.factories.submissions import issued_twice

pytestmark = pytest.mark.e2e

WIDTHS = (1366, 390)


@pytest.fixture
def school_pages(world):
    """What the pages show: two issued versions of a plan (the office's inbox), a draft plan in the
    editor, a cluster with school A, and an open registration that the teacher is asked to fill in."""
    school = world.school_a
    _, second, _, _ = issued_twice(world)
    cluster = cluster_with(world.office, [school], name="Cụm thi đua số 1")
    today = timezone.localdate()
    with schema_context(school.schema_name):
        parsed = import_plan(LE_QUY_DON.name, seed_bytes(LE_QUY_DON))
        draft = plan_services.create_plan_from_import(
            parsed, school=school, filename=LE_QUY_DON.name, encoding="utf-8", user=world.principal_a
        )
        department, _ = Department.objects.get_or_create(name="Tổ khối 4")
        # Another browser test may have left the teacher's record (test_school_year.py keeps it).
        teacher, created = Staff.objects.get_or_create(
            user=world.teacher_a,
            defaults={
                "full_name": "Trần Văn Ánh",
                "gender": "nam",
                "department": department,
                "position": "Giáo viên",
            },
        )
        campaign = emulation.open_campaign(
            school_year=current_school_year(),
            opens_on=today - datetime.timedelta(days=3),
            deadline=today + datetime.timedelta(days=10),
            user=world.principal_a,
        )
        emulation.open_registration_for_staff(campaign, [teacher], user=world.principal_a)
    yield {"review": second, "draft": draft, "cluster": cluster}
    Cluster.objects.filter(pk=cluster.pk).delete()
    with schema_context(school.schema_name):
        RegistrationCampaign.objects.all().delete()
        if created:
            Staff.objects.filter(pk=teacher.pk).delete()


def sweep(page, base, paths, problems, shots=(), tmp_path=None):
    """Every path at both widths: axe's critical and serious findings and any sideways scroll go into
    `problems`; the pages named in `shots` are photographed."""
    for path in paths:
        page.set_viewport_size({"width": 1366, "height": 900})
        response = page.goto(base + path)
        assert response.status == 200, f"{path}: {response.status}"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
            found = violations(page)
            if found:
                problems.append(describe(found, where=f"{path} @{width}: "))
            overflow = sideways_overflow(page)
            if overflow:
                problems.append(f"{path} @{width}: scrolls sideways by {overflow} px")
        if path in shots:
            shoot(page, shots[path], tmp_path)


def test_main_pages_of_each_role_pass_axe_at_both_widths(
    world, school_pages, live_server_url, browser, tmp_path
):
    problems = []
    office = f"http://localhost:{live_server_url}"
    school = f"http://{world.school_a.host}:{live_server_url}"

    def signed_in(base, username):
        # It checks each page at both widths itself, so the audit of every load (conftest.py) stays out.
        page = browser.unwatched.new_context(locale="vi-VN").new_page()
        sign_in(page, base, username)
        page.wait_for_load_state()
        return page

    specialist = signed_in(office, "chuyenvien")
    sweep(
        specialist,
        office,
        [
            "/",
            "/tong-quan/",
            "/tham-dinh/",
            f"/tham-dinh/{school_pages['review'].pk}/",
            "/quyet-dinh/",
            f"/cum-thi-dua/{school_pages['cluster'].pk}/",
        ],
        problems,
        shots={"/tong-quan/": "office-dashboard"},
        tmp_path=tmp_path,
    )
    principal = signed_in(school, "hieutruong.a")
    sweep(
        principal,
        school,
        ["/", "/can-bo/", "/ke-hoach/", f"/ke-hoach/{school_pages['draft'].pk}/", "/de-nghi/"],
        problems,
    )
    teacher = signed_in(school, "giaovien.a")
    sweep(
        teacher,
        school,
        ["/", "/thi-dua/dang-ky/cua-toi/"],
        problems,
        shots={"/thi-dua/dang-ky/cua-toi/": "teacher-registration"},
        tmp_path=tmp_path,
    )
    for page in (specialist, principal, teacher):
        page.context.close()
    assert not problems, f"{len(problems)} page views with problems:\n" + "\n".join(problems)


def test_menu_print_and_busy_buttons(world, live_server_url, page):
    """The office's menu fits on one line at 1366 px and folds behind a keyboard-operable button at
    390 px; printed, a list keeps its table and drops menus, buttons and filters; a form being sent
    disables its button and says it is working until the answer comes."""
    office = f"http://localhost:{live_server_url}"
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, office, "chuyenvien")
    page.wait_for_selector("[data-testid=office-home-title]")
    tops = page.eval_on_selector_all(
        "#mainnav .navbar-nav > .nav-item", "items => items.map(i => i.offsetTop)"
    )
    assert len(tops) >= 8 and len(set(tops)) == 1, tops
    heights = page.eval_on_selector_all(
        "#mainnav .navbar-nav > .nav-item", "items => items.map(i => i.offsetHeight)"
    )
    assert max(heights) < 48, heights  # no item's label wraps onto a second line
    brand = page.locator(".navbar-brand").bounding_box()
    assert page.locator("[data-testid=account-menu]").bounding_box()["y"] < brand["y"] + brand["height"]

    page.set_viewport_size({"width": 390, "height": 844})
    assert not page.locator("#mainnav").is_visible()
    page.locator(".navbar-toggler").focus()
    page.keyboard.press("Enter")
    page.locator("#mainnav").get_by_role("link", name="Thẩm định").wait_for()
    assert page.locator(".navbar-toggler").get_attribute("aria-expanded") == "true"
    assert sideways_overflow(page) == 0

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(office + "/quyet-dinh/")
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.get_by_role("button", name="Lọc").is_visible()
    assert not page.get_by_label("Trạng thái").is_visible()
    assert page.get_by_test_id("decision-list").is_visible()
    assert page.eval_on_selector("[data-testid=decision-list] thead", "e => getComputedStyle(e).display") == (
        "table-header-group"
    )
    page.emulate_media(media="screen")

    held = []
    page.route("**/quyet-dinh/?*", lambda route: held.append(route))
    page.get_by_label("Năm học").fill("2025-2026")
    # Clicked and looked at in one step in the page: Playwright's own waits would wait for the answer.
    state = page.evaluate(
        """() => new Promise((done) => {
            const button = [...document.querySelectorAll("form button")].find((b) => b.textContent.trim() === "Lọc");
            button.click();
            setTimeout(() => done({disabled: button.disabled, text: button.textContent}), 100);
        })"""
    )
    assert state["disabled"] and "Đang xử lý…" in state["text"], state
    assert held, "the request is held until the button has been looked at"
    held[0].continue_()
    page.wait_for_url("**/quyet-dinh/?*")
    assert "2025-2026" in page.url
