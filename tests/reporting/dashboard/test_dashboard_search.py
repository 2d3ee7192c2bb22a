"""The dashboard's school search (`q` in the query string): accents and case ignored, a decomposed
name found, on a ward office's dashboard, its export and the city's view, at a fixed number of queries."""

import io
import unicodedata

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.authorities.models import Authority
from reporting.dashboard.city import city_dashboard
from reporting.dashboard.selectors import office_dashboard, office_scope
from tenants.models import School
from tests.factories.dashboard import YEAR, busy_schools

PAGE = f"/tong-quan/?nam_hoc={YEAR}"


def named_school(office, code: str, name: str) -> School:
    return School.objects.create(code=code, schema_name=code, name=name, level="tieu_hoc", authority=office)


@pytest.fixture
def named(world):
    named_school(world.office, "t-lqd", "Trường Tiểu học Lê Quý Đôn")
    named_school(world.office, "t-dtc", "Trường Tiểu học Đặng Trần Côn")
    named_school(world.office, "t-vh", "Trường Tiểu học Vạn Hạnh")


@pytest.mark.parametrize(
    "words", ["le quy don", "LÊ QUÝ ĐÔN", unicodedata.normalize("NFD", "Lê Quý Đôn"), "t-lqd"]
)
def test_the_dashboard_finds_a_school_by_its_name_without_accents(world, named, client_for, words):
    page = client_for(world.specialist).get("/tong-quan/", {"nam_hoc": YEAR, "q": words}).content.decode()
    assert "Trường Tiểu học Lê Quý Đôn" in page
    assert "Đặng Trần Côn" not in page and "Vạn Hạnh" not in page


def test_dang_finds_dang_and_the_count_of_all_schools_stays(world, named):
    dashboard = office_dashboard(world.specialist, YEAR, q="DANG")
    assert [row.name for row in dashboard.rows] == ["Trường Tiểu học Đặng Trần Côn"]
    assert dashboard.all_count == 4  # Trường Tiểu học A, and the three above


def test_schools_are_listed_in_vietnamese_order(world, named):
    names = [row.name for row in office_dashboard(world.specialist, YEAR).rows]
    assert names == [
        "Trường Tiểu học A",
        "Trường Tiểu học Đặng Trần Côn",
        "Trường Tiểu học Lê Quý Đôn",
        "Trường Tiểu học Vạn Hạnh",
    ]


def test_the_export_keeps_the_search(world, named, client_for):
    response = client_for(world.specialist).get("/tong-quan/xuat-excel/", {"nam_hoc": YEAR, "q": "van hanh"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Trường Tiểu học Vạn Hạnh" in cells and "Trường Tiểu học Lê Quý Đôn" not in cells


def test_the_city_view_finds_schools_of_every_ward(db, client_for):
    so = Authority.objects.create(code="t-so-q", name="Sở GDĐT Tìm", kind=Authority.Kind.CITY_DEPARTMENT)
    wards = [
        Authority.objects.create(
            code=f"t-ph-q{n}", name=name, kind=Authority.Kind.WARD_PEOPLES_COMMITTEE, parent=so
        )
        for n, name in enumerate(["UBND phường Đống Đa", "UBND phường Ba Đình"])
    ]
    named_school(wards[0], "t-q-lqd", "Trường Tiểu học Lê Quý Đôn")
    named_school(wards[1], "t-q-dtc", "Trường THCS Đặng Trần Côn")
    named_school(wards[1], "t-q-bd", "Trường Mầm non Ba Đình")
    user = ensure_user(username="t.so.tim", full_name="Lê Thị Tìm", password=None)
    grant_office_role(user, so, Role.OFFICE_SPECIALIST)

    city = city_dashboard(user, YEAR, subtrees=office_scope(user), q="dang tran")
    assert [row.name for row in city.page.rows] == ["Trường THCS Đặng Trần Côn"]
    assert [line.name for line in city.lines] == ["UBND phường Ba Đình", "UBND phường Đống Đa"]  # vi order

    client = client_for(user)
    page = client.get("/tong-quan/", {"nam_hoc": YEAR, "q": "LE QUY DON"}).content.decode()
    assert "Trường Tiểu học Lê Quý Đôn" in page and "Đặng Trần Côn" not in page
    assert 'value="LE QUY DON"' in page  # the box keeps what was typed

    path = f"{PAGE}&q=truong"
    client.get(path)  # caches that are not per request
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    busy_schools(wards[1], 5, start=950)
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few)


def test_a_search_costs_no_query_more(world, named, client_for):
    client = client_for(world.specialist)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as plain:
        client.get(PAGE)
    with CaptureQueriesContext(connection) as searched:
        assert "Lê Quý Đôn" in client.get(f"{PAGE}&q=le+quy").content.decode()
    assert len(searched) == len(plain)
