"""Accent-insensitive search in a real browser: the office's specialist finds Lê Quý Đôn's dossier in the
inbox by typing "le quy don" (and by the same name in decomposed Unicode, as a Mac keyboard sends it),
and finds a school on the dashboard by typing "DANG" for Đặng."""

import datetime
import unicodedata

import pytest

from office.submissions.models import Submission
from tenants.models import School
from tests.e2e.test_login_pages import sign_in
from tests.factories import comparison as make
from tests.factories.dashboard import YEAR, sent

pytestmark = pytest.mark.e2e

CODES = ("e2elqd", "e2edtc")


@pytest.fixture
def two_schools(world):
    """Committed (the server is another process), and removed afterwards."""
    lqd = make.school(world.office, "e2elqd", "Trường Tiểu học Lê Quý Đôn")
    dtc = make.school(world.office, "e2edtc", "Trường Tiểu học Đặng Trần Côn")
    for school in (lqd, dtc):
        sent(school, "dossier", on=datetime.date(2026, 5, 2))
    yield lqd, dtc
    Submission.objects.filter(school__code__in=CODES).delete()
    School.objects.filter(code__in=CODES).delete()


def _inbox_rows(page) -> str:
    page.wait_for_selector("[data-testid=inbox-count]")
    return " ".join(page.locator("[data-testid=inbox-row]").all_inner_texts())


def test_the_inbox_and_the_dashboard_ignore_accents(world, two_schools, live_server_url, page):
    url = f"http://localhost:{live_server_url}"
    sign_in(page, url, "chuyenvien")
    page.goto(url + "/tham-dinh/")

    page.get_by_label("Tìm tiêu đề, trường").fill("le quy don")
    page.get_by_label("Tìm tiêu đề, trường").press("Enter")
    page.wait_for_url("**q=le+quy+don**")
    rows = _inbox_rows(page)
    assert "Lê Quý Đôn" in rows and "Đặng Trần Côn" not in rows

    decomposed = unicodedata.normalize("NFD", "lê quý đôn")
    assert decomposed != "lê quý đôn"
    page.get_by_label("Tìm tiêu đề, trường").fill(decomposed)
    page.get_by_role("button", name="Lọc", exact=True).click()
    page.wait_for_load_state()
    rows = _inbox_rows(page)
    assert "Lê Quý Đôn" in rows and "Đặng Trần Côn" not in rows

    page.goto(f"{url}/tong-quan/?nam_hoc={YEAR}")
    page.get_by_label("Tìm trường").fill("DANG")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**q=DANG**")
    table = page.inner_text("[data-testid=office-schools]")
    assert "Trường Tiểu học Đặng Trần Côn" in table and "Lê Quý Đôn" not in table
    assert page.get_by_label("Tìm trường").input_value() == "DANG"
