"""The city's view of the dashboard: a Sở GDĐT over wards sees one line per managing office with its
subtotals (its own THPT on a line of its own), the city's total, filters by ward, level and state on
lines and schools alike, a ward's schools a page at a time, a fixed number of queries; a ward office
keeps its own dashboard and never sees another ward's schools."""

import datetime
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.authorities.models import Authority
from office.facts.models import OfficeDeadline, SchoolFacts
from reporting.dashboard.city import PAGE_SIZE, city_dashboard
from reporting.dashboard.selectors import office_dashboard, office_scope
from tests.factories.dashboard import YEAR, add_school, busy_schools, sent

PAGE = f"/tong-quan/?nam_hoc={YEAR}"


@pytest.fixture
def city(db):
    """A Sở with two wards and its own THPT: ward An Khánh runs a primary school that sent its plan in
    time and a dossier, and a preschool that sent nothing; ward Bình Minh a lower secondary school
    whose dossier came back; the Sở's THPT sent its plan after the Sở's deadline."""
    so = Authority.objects.create(
        code="t-so", name="Sở GDĐT Thành phố Thử", kind=Authority.Kind.CITY_DEPARTMENT
    )
    ward_a = Authority.objects.create(
        code="t-phuong-a", name="UBND phường An Khánh", kind=Authority.Kind.WARD_PEOPLES_COMMITTEE, parent=so
    )
    ward_b = Authority.objects.create(
        code="t-phuong-b", name="UBND phường Bình Minh", kind=Authority.Kind.WARD_PEOPLES_COMMITTEE, parent=so
    )
    primary = add_school(ward_a, 501, level="tieu_hoc")
    preschool = add_school(ward_a, 502, level="mam_non")
    secondary = add_school(ward_b, 503, level="thcs")
    high = add_school(so, 504, level="thpt")
    for school, awards, teaching in ((primary, 10, 8), (secondary, 5, 1), (high, 4, 4)):
        SchoolFacts.objects.create(
            school=school,
            school_year=YEAR,
            staff_total=40,
            awards_total=awards,
            awards_teaching=teaching,
            initiatives_recognised=2,
            dossiers_draft=1,
        )
    sent(primary, "plan", on=datetime.date(2026, 1, 9))
    sent(primary, "dossier", on=datetime.date(2026, 5, 2))
    sent(secondary, "plan", on=datetime.date(2026, 1, 12))
    sent(secondary, "registration", on=datetime.date(2025, 10, 20))
    sent(secondary, "dossier", on=datetime.date(2026, 5, 3), status="returned")
    sent(high, "plan", on=datetime.date(2026, 2, 1))
    OfficeDeadline.objects.create(
        authority=so, school_year=YEAR, kind="plan", due_on=datetime.date(2026, 1, 20), label="Kế hoạch"
    )
    so_user = ensure_user(username="t.so.chuyenvien", full_name="Lê Thị Sở", password=None)
    grant_office_role(so_user, so, Role.OFFICE_SPECIALIST)
    ward_user = ensure_user(username="t.phuong.a", full_name="Trần Văn Phường", password=None)
    grant_office_role(ward_user, ward_a, Role.OFFICE_SPECIALIST)
    return SimpleNamespace(
        so=so,
        ward_a=ward_a,
        ward_b=ward_b,
        primary=primary,
        preschool=preschool,
        secondary=secondary,
        high=high,
        so_user=so_user,
        ward_user=ward_user,
    )


def _city(user, **filters):
    return city_dashboard(user, YEAR, subtrees=office_scope(user), today=datetime.date(2026, 6, 1), **filters)


def test_one_line_per_ward_a_line_for_the_so_itself_and_the_city_total(city):
    view = _city(city.so_user)
    assert [line.name for line in view.wards] == ["UBND phường An Khánh", "UBND phường Bình Minh"]
    ward_a, ward_b = view.wards
    (own,) = view.own
    assert own.authority_id == city.so.pk and own.runs_itself
    assert (ward_a.schools, ward_a.plan_issued, ward_a.dossiers_submitted, ward_a.late) == (2, 1, 1, 1)
    assert (ward_b.schools, ward_b.registration_submitted, ward_b.dossiers_returned, ward_b.late) == (
        1,
        1,
        1,
        0,
    )
    assert (own.schools, own.plan_issued, own.late, own.teaching_award_percent) == (1, 1, 1, 100)
    assert ward_a.initiatives_recognised == 2 and ward_a.dossiers_draft == 1
    total = view.total
    assert (total.schools, total.all_schools, total.plan_issued, total.late) == (4, 4, 3, 2)
    assert (total.awards_total, total.awards_teaching, total.teaching_award_percent) == (19, 13, 68)
    assert view.page is None  # summary first: no school rows until a ward is opened


def test_every_line_adds_up_what_the_dashboard_shows_per_school(city):
    """The SQL subtotals agree with the per-school rows of the same schools."""
    today = datetime.date(2026, 6, 1)
    for line in _city(city.so_user).lines:
        rows = office_dashboard(city.so_user, YEAR, ward=line.authority_id, today=today)
        totals = rows.totals
        assert (
            line.schools,
            line.plan_issued,
            line.registration_submitted,
            line.initiatives_recognised,
            line.dossiers_draft,
            line.dossiers_submitted,
            line.dossiers_returned,
            line.dossiers_accepted,
            line.late,
            line.awards_total,
            line.awards_teaching,
        ) == (
            totals["schools"],
            totals["plan_issued"],
            totals["registration_submitted"],
            totals["initiatives_recognised"],
            totals["dossiers_draft"],
            totals["dossiers_submitted"],
            totals["dossiers_returned"],
            totals["dossiers_accepted"],
            totals["late"],
            totals["awards_total"],
            totals["awards_teaching"],
        )


def test_filters_narrow_the_lines_and_list_the_schools(city):
    by_level = _city(city.so_user, level="thpt")
    assert by_level.total.schools == 1 and by_level.own[0].schools == 1
    assert [line.schools for line in by_level.wards] == [0, 0]
    assert [row.code for row in by_level.page.rows] == ["dash0504"]
    no_plan = _city(city.so_user, state="chua-ke-hoach")
    assert no_plan.total.schools == 1 and [row.code for row in no_plan.page.rows] == ["dash0502"]
    late = _city(city.so_user, state="tre-han")
    assert sorted(row.code for row in late.page.rows) == ["dash0502", "dash0504"]
    ward = _city(city.so_user, ward=city.ward_a.pk)
    assert [row.code for row in ward.page.rows] == ["dash0501", "dash0502"]
    assert ward.total.schools == 2 and ward.total.all_schools == 4
    both = _city(city.so_user, ward=city.ward_a.pk, level="mam_non")
    assert [row.code for row in both.page.rows] == ["dash0502"]


def test_the_page_shows_the_lines_and_a_ward_opens_its_schools(city, client_for):
    client = client_for(city.so_user)
    body = client.get(PAGE).content.decode()
    assert 'data-testid="city-wards"' in body and "UBND phường An Khánh" in body
    assert "Trường do Sở GDĐT Thành phố Thử trực tiếp quản lý" in body
    assert 'data-testid="row-' not in body
    assert f'data-testid="ward-schools-{city.ward_a.pk}">2<' in body
    assert 'data-testid="city-total-schools">4<' in body
    opened = client.get(f"{PAGE}&phuong={city.ward_a.pk}").content.decode()
    assert 'data-testid="row-dash0501"' in opened and 'data-testid="row-dash0502"' in opened
    assert 'data-testid="row-dash0503"' not in opened and 'data-testid="row-dash0504"' not in opened
    assert "Các trường của UBND phường An Khánh" in opened
    # A filter in the query string applies to lines and schools: a shared link shows the same.
    filtered = client.get(f"{PAGE}&cap=thpt").content.decode()
    assert 'data-testid="row-dash0504"' in filtered and "UBND phường Bình Minh</a>" not in filtered


def test_a_ward_is_listed_a_page_at_a_time(city, client_for):
    for number in range(PAGE_SIZE + 5):
        add_school(city.ward_b, 600 + number)
    client = client_for(city.so_user)
    first = client.get(f"{PAGE}&phuong={city.ward_b.pk}").content.decode()
    assert first.count('data-testid="row-') == PAGE_SIZE
    assert 'data-testid="city-pager"' in first and "trang 1/2" in first
    second = client.get(f"{PAGE}&phuong={city.ward_b.pk}&trang=2").content.decode()
    assert second.count('data-testid="row-') == 6  # 56 schools in the ward
    assert f"<td>{PAGE_SIZE + 1}</td>" in second
    beyond = client.get(f"{PAGE}&phuong={city.ward_b.pk}&trang=99").content.decode()
    assert "trang 2/2" in beyond


def test_a_ward_office_keeps_its_own_dashboard_and_never_sees_another_wards_schools(city, client_for):
    client = client_for(city.ward_user)
    own = client.get(PAGE).content.decode()
    assert 'data-testid="city-wards"' not in own
    assert 'data-testid="row-dash0501"' in own and 'data-testid="row-dash0502"' in own
    assert "dash0503" not in own and "dash0504" not in own
    other = client.get(f"{PAGE}&phuong={city.ward_b.pk}").content.decode()
    assert 'data-testid="city-wards"' not in other and "dash0503" not in other
    assert client.get(f"/tong-quan/truong/dash0503/?nam_hoc={YEAR}").status_code == 404
    assert client.get(f"/tong-quan/truong/dash0504/?nam_hoc={YEAR}").status_code == 404
    export = client.get(f"/tong-quan/xuat-excel/?nam_hoc={YEAR}&phuong={city.ward_b.pk}")
    names = _sheet_names(export.content)
    assert not any("0503" in name for name in names)
    # The Sở opens the same school from its view.
    assert client_for(city.so_user).get(f"/tong-quan/truong/dash0503/?nam_hoc={YEAR}").status_code == 200


def _sheet_names(content: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell]


def test_the_export_applies_the_city_filters(city, client_for):
    client = client_for(city.so_user)
    everything = _sheet_names(client.get(f"/tong-quan/xuat-excel/?nam_hoc={YEAR}").content)
    assert all(any(f"{n}" in name for name in everything) for n in ("0501", "0502", "0503", "0504"))
    ward = _sheet_names(client.get(f"/tong-quan/xuat-excel/?nam_hoc={YEAR}&phuong={city.ward_a.pk}").content)
    assert any("0501" in name for name in ward) and not any("0503" in name for name in ward)
    assert "UBND phường An Khánh" in " ".join(ward)


@pytest.mark.parametrize(
    "query", ["", "&phuong={ward}", "&tinh_trang=tre-han", "&cap=tieu_hoc&trang=2"], ids=str
)
def test_the_number_of_queries_does_not_grow_with_schools_or_wards(
    city, client_for, django_assert_num_queries, query
):
    client = client_for(city.so_user)
    path = PAGE + query.format(ward=city.ward_b.pk)
    client.get(path)  # caches that are not per request
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    busy_schools(city.ward_b, 4, start=700)
    ward_c = Authority.objects.create(
        code="t-phuong-c",
        name="UBND phường Cầu Giấy",
        kind=Authority.Kind.WARD_PEOPLES_COMMITTEE,
        parent=city.so,
    )
    busy_schools(ward_c, 4, start=800)  # 12 schools in three wards and the Sở
    with django_assert_num_queries(len(few)):
        assert client.get(path).status_code == 200
    assert _city(city.so_user).total.schools == 12
