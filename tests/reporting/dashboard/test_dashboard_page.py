"""The office dashboard: one row per school of the office, read from the public schema only, with
deadlines, filters, sort, drill-in, export of exactly what is shown, and a fixed number of queries."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from office.facts.models import SchoolFacts
from reporting.dashboard.figures import DeadlineState
from reporting.dashboard.selectors import office_dashboard
from tests.factories.dashboard import (
    YEAR,
    add_school,
    busy_schools,
    cluster_with,
    deadlines,
    sent,
)

PAGE = f"/tong-quan/?nam_hoc={YEAR}"
EXPORT = f"/tong-quan/xuat-excel/?nam_hoc={YEAR}"
API = f"/api/v1/dashboard/?school_year={YEAR}"


@pytest.fixture
def office_world(world):
    """School A with facts, an on-time plan, a late dossier and a returned one, a published rank;
    school B (another office) with data that could leak."""
    today = timezone.localdate()
    SchoolFacts.objects.create(
        school=world.school_a,
        school_year=YEAR,
        staff_total=40,
        teaching_staff=34,
        dossiers_draft=2,
        awards_total=8,
        awards_teaching=6,
        initiatives_recognised=3,
    )
    SchoolFacts.objects.create(school=world.school_b, school_year=YEAR, staff_total=99, dossiers_draft=7)
    sent(world.school_a, "plan", on=datetime.date(2026, 1, 9))
    sent(world.school_a, "dossier", on=today, reference="dossier:1")
    sent(world.school_a, "dossier", on=today, reference="dossier:2", status="returned")
    sent(world.school_b, "plan", on=datetime.date(2026, 1, 9))
    cluster_with(world.office, [add_school(world.office, 900), world.school_a])  # school A ranks 2nd
    cluster_with(world.other_office, [world.school_b], name="Cụm khác")
    return deadlines(world.office, today=today)


def test_the_office_home_leads_office_staff_to_the_dashboard(world, client_for):
    assert client_for(world.specialist).get("/").url == "/tong-quan/"
    home = client_for(world.principal_a).get("/")
    assert home.status_code == 200 and "Trường của bạn" in home.content.decode()


def test_a_row_shows_the_school_year_of_each_school_of_the_office(world, client_for, office_world):
    dashboard = office_dashboard(world.specialist, YEAR)
    row = next(r for r in dashboard.rows if r.code == "truonga")
    assert (row.plan_issued, row.registration_submitted, row.initiatives_recognised) == (True, False, 3)
    assert (row.dossiers_draft, row.dossiers_submitted, row.dossiers_returned, row.dossiers_accepted) == (
        2,
        1,
        1,
        0,
    )
    assert row.teaching_award_percent == 75 and row.cluster_rank == 2 and row.cluster_name == "Cụm 1"
    assert "truongb" not in [r.code for r in dashboard.rows]
    body = client_for(world.specialist).get(PAGE).content.decode()
    assert world.school_a.name in body and "75%" in body
    assert world.school_b.name not in body and "Cụm khác" not in body


def test_late_schools_are_marked_per_deadline(world, client_for, office_world):
    registration, plan, dossier = office_world
    row = next(r for r in office_dashboard(world.specialist, YEAR).rows if r.code == "truonga")
    states = {cell.deadline_id: cell.state for cell in row.deadlines}
    assert states == {
        registration.pk: DeadlineState.LATE,  # never sent, due date passed
        plan.pk: DeadlineState.ON_TIME,  # sent on 09/01/2026, due 20/01/2026
        dossier.pk: DeadlineState.ON_TIME,  # sent today, due in 30 days
    }
    # The same plan sent after its date is late; a returned version does not count as sent.
    sent(world.school_a, "registration", on=datetime.date(2025, 11, 3))
    row = next(r for r in office_dashboard(world.specialist, YEAR).rows if r.code == "truonga")
    cell = next(c for c in row.deadlines if c.deadline_id == registration.pk)
    assert (cell.state, cell.sent_on) == (DeadlineState.SENT_LATE, datetime.date(2025, 11, 3))
    body = client_for(world.specialist).get(PAGE).content.decode()
    assert 'class="table-danger" data-testid="row-truonga"' in body and "Nộp muộn" in body
    late_free = next(r for r in office_dashboard(world.specialist, YEAR).rows if r.code == "dash0900")
    assert {c.state for c in late_free.deadlines} == {DeadlineState.LATE, DeadlineState.OPEN}


def test_filters_and_sort(world, client_for, office_world):
    other = add_school(world.office, 901, level="mam_non")
    SchoolFacts.objects.create(school=other, school_year=YEAR, awards_total=4, awards_teaching=4)
    names = lambda **kw: [r.code for r in office_dashboard(world.specialist, YEAR, **kw).rows]  # noqa: E731
    assert names() == ["truonga", "dash0900", "dash0901"]  # by name: "Trường Tiểu học A" < "Trường Tổng Quan"
    assert names(level="mam_non") == ["dash0901"]
    assert names(state="chua-ke-hoach") == ["dash0900", "dash0901"]
    assert names(state="bi-tra-lai") == ["truonga"]
    assert names(state="tre-han") == ["truonga", "dash0900", "dash0901"]
    cluster = office_dashboard(world.specialist, YEAR).clusters[0][0]
    assert names(cluster=cluster) == ["truonga", "dash0900"]
    assert names(sort="-share") == ["dash0901", "truonga", "dash0900"]  # 100%, 75%, none last
    assert names(sort="share") == ["truonga", "dash0901", "dash0900"]
    assert names(sort="rank") == ["dash0900", "truonga", "dash0901"]
    body = client_for(world.specialist).get(f"{PAGE}&cap=mam_non").content.decode()
    assert "dash0901" in body and 'data-testid="row-truonga"' not in body


def test_the_export_is_what_is_shown(world, client_for, office_world):
    add_school(world.office, 901, level="mam_non")
    query = "&tinh_trang=chua-ke-hoach&sap_xep=-name"
    page = client_for(world.specialist).get(PAGE + query).content.decode()
    response = client_for(world.specialist).get(EXPORT + query)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header_index = next(i for i, row in enumerate(values) if row[0] == "STT")
    assert "Tỷ lệ khen thưởng giáo viên trực tiếp giảng dạy" in values[header_index]
    assert "Đăng ký (hạn 31/10/2025)" in values[header_index]
    names = [row[1] for row in values[header_index + 1 :]]
    assert names == ["Trường Tổng Quan 0901", "Trường Tổng Quan 0900"]
    assert page.index("Trường Tổng Quan 0901") < page.index("Trường Tổng Quan 0900")
    assert world.school_a.name not in names  # it has a plan: filtered out, as on the page


def test_the_api_returns_the_same_rows(world, client_for, office_world):
    data = client_for(world.specialist).get(API + "&sap_xep=-rank").json()
    assert [row["code"] for row in data["rows"]] == ["truonga", "dash0900"]
    row = data["rows"][0]
    assert (row["cluster_rank"], row["dossiers_returned"], row["teaching_award_share"]) == (2, 1, 0.75)
    assert [d["label"] for d in data["deadlines"]] == ["Đăng ký", "Kế hoạch", "Hồ sơ"]


def test_the_school_page_shows_its_facts_and_submissions(world, client_for, office_world):
    body = client_for(world.specialist).get(f"/tong-quan/truong/truonga/?nam_hoc={YEAR}").content.decode()
    assert world.school_a.name in body and "dossier:1" not in body
    assert "Hồ sơ đề nghị khen thưởng" in body and "Trả lại" in body and "Quá hạn, chưa nộp" in body
    assert "40 (trực tiếp giảng dạy: 34)" in body


def test_nobody_else_sees_the_dashboard_or_another_offices_school(world, client_for, office_world):
    for user in (world.principal_a, world.teacher_a, world.outsider):
        client = client_for(user)
        for path in (PAGE, EXPORT, "/tong-quan/truong/truonga/", "/tong-quan/han-nop/", API):
            assert client.get(path).status_code == 404, (user, path)
    specialist = client_for(world.specialist)
    assert specialist.get("/tong-quan/truong/truongb/").status_code == 404
    other = client_for(world.other_specialist).get(PAGE).content.decode()
    assert world.school_b.name in other and world.school_a.name not in other
    assert client_for(None).get(PAGE).status_code == 302


def test_a_rank_shows_only_once_the_ranking_is_published(world, office_world):
    unpublished = add_school(world.office, 902)
    cluster_with(world.office, [unpublished], published=False, name="Cụm chưa công bố")
    row = next(r for r in office_dashboard(world.specialist, YEAR).rows if r.code == "dash0902")
    assert row.cluster_name == "Cụm chưa công bố" and row.cluster_rank is None


# One count for any number of schools: session, user, office membership, the office subtree, then one
# query each for schools, facts, submissions, published ranks, seats and deadlines (each preceded by
# django-tenants' SET search_path), plus the navigation's membership check on the page.
@pytest.mark.parametrize(("path", "expected"), [(PAGE, 26), (EXPORT, 24), (API, 22)])
def test_the_number_of_queries_does_not_grow_with_the_schools(
    world, client_for, office_world, django_assert_num_queries, path, expected
):
    client = client_for(world.specialist)
    client.get(path)  # warm caches that are not per request (content types, templates)
    with CaptureQueriesContext(connection) as few:
        response = client.get(path)
    assert response.status_code == 200
    busy_schools(world.office, 40, start=100)
    with django_assert_num_queries(len(few)):
        response = client.get(path)
    assert response.status_code == 200
    assert len(few) == expected
    shown = office_dashboard(world.specialist, YEAR).rows
    assert len(shown) == 42
