"""The tree page, a node's page, a school's history page with the move form, and the API: office
members only, within their offices' subtrees; anything else answers 404."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.audit.models import AuditEvent
from office.authorities.selectors import school_history
from tenants.models import School
from tests.factories.authorities import REFORM, bare_school, make_authority


@pytest.fixture
def head(world):
    user = ensure_user(username="truongphong", full_name="Ngô Văn Trưởng")
    grant_office_role(user, world.office, Role.OFFICE_HEAD)
    return user


@pytest.fixture
def ward(world):
    """A ward office inside the test office's subtree, so its head may move schools there."""
    return make_authority("t-ward", parent=world.office, valid_from=REFORM, name="Phòng VH-XH phường Thử")


def test_the_tree_shows_the_users_subtree_with_dates_and_schools_now(world, client_for, ward):
    make_authority("t-gone", parent=world.office, valid_to=date(2025, 6, 30), name="Phòng Cũ Đã Giải Thể")
    page = client_for(world.specialist).get("/co-quan/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Phòng GDĐT Thử nghiệm" in body and "Trường Tiểu học A" in body
    assert "Phòng VH-XH phường Thử" in body and "hoạt động từ 01/07/2025" in body
    assert "Phòng Cũ Đã Giải Thể" in body and "đã giải thể từ 01/07/2025" in body
    assert "Phòng GDĐT Khác" not in body and "Trường Mầm non B" not in body


@pytest.mark.parametrize("who", ["principal_a", "outsider"])
def test_people_who_are_not_office_staff_get_404(world, client_for, who):
    client = client_for(getattr(world, who))
    for path in ("/co-quan/", f"/co-quan/{world.office.pk}/", "/co-quan/truong/truonga/"):
        assert client.get(path).status_code == 404, path


def test_an_anonymous_visitor_is_sent_to_the_login(world, client_for):
    assert client_for(None).get("/co-quan/").status_code == 302


def test_another_offices_node_and_school_answer_404(world, client_for):
    client = client_for(world.specialist)
    assert client.get(f"/co-quan/{world.office.pk}/").status_code == 200
    assert client.get(f"/co-quan/{world.other_office.pk}/").status_code == 404
    assert client.get(f"/co-quan/{world.office.parent.pk}/").status_code == 404  # above the user's office
    assert client.get("/co-quan/truong/truonga/").status_code == 200
    assert client.get("/co-quan/truong/truongb/").status_code == 404
    assert client.get("/co-quan/truong/khongco/").status_code == 404


def test_the_tree_page_costs_the_same_queries_for_one_school_as_for_many(
    world, client_for, ward, django_assert_num_queries
):
    client = client_for(world.specialist)
    client.get("/co-quan/")
    with CaptureQueriesContext(connection) as one:
        client.get("/co-quan/")
    for index in range(8):
        parent = make_authority(f"t-node{index}", parent=ward)
        bare_school(f"truongnhieu{index}", parent)
    with django_assert_num_queries(len(one)):
        page = client.get("/co-quan/")
    assert page.content.decode().count('data-testid="school-truongnhieu') == 8


def test_the_school_page_shows_its_history_and_only_the_head_sees_the_move_form(
    world, client_for, head, ward
):
    page = client_for(world.specialist).get("/co-quan/truong/truonga/").content.decode()
    assert "Quá trình trực thuộc" in page and "từ trước khi có hệ thống" in page
    assert 'data-testid="move-form"' not in page
    assert 'data-testid="move-form"' in client_for(head).get("/co-quan/truong/truonga/").content.decode()
    response = client_for(world.specialist).post(
        "/co-quan/truong/truonga/chuyen/", {"to": "t-ward", "on": "01/07/2025"}
    )
    assert response.status_code == 404
    assert School.objects.get(pk=world.school_a.pk).authority == world.office


def test_the_head_moves_a_school_and_its_history_shows_it(world, client_for, head, ward):
    client = client_for(head)
    response = client.post("/co-quan/truong/truonga/chuyen/", {"to": "t-ward", "on": "01/07/2025"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Đã chuyển Trường Tiểu học A về Phòng VH-XH phường Thử từ 01/07/2025" in page
    assert "đến 30/06/2025" in page
    assert [p.authority.code for p in school_history(world.school_a)] == ["t-office", "t-ward"]
    assert AuditEvent.objects.filter(action="school.moved", user=head).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to": "t-ward", "on": "30/06/2025"}, "không hoạt động vào ngày 30/06/2025"),
        ({"to": "t-ward", "on": "31/02/2025"}, "Ngày ghi dạng dd/mm/yyyy"),
        ({"to": "t-other", "on": "01/07/2025"}, "Hãy chọn một cơ quan trong phạm vi quản lý của bạn"),
        ({"to": "", "on": "01/07/2025"}, "This field is required|Trường này là bắt buộc"),
    ],
)
def test_a_refused_move_shows_why_and_changes_nothing(world, client_for, head, ward, data, message):
    import re

    response = client_for(head).post("/co-quan/truong/truonga/chuyen/", data)
    assert response.status_code == 400
    assert re.search(message, response.content.decode())
    assert [p.authority.code for p in school_history(world.school_a)] == ["t-office"]
    assert not AuditEvent.objects.filter(action="school.moved").exists()


def test_the_api_lists_the_tree_within_reach_and_the_school_histories(world, client_for, ward):
    client = client_for(world.specialist)
    rows = client.get("/api/v1/authorities/").json()["results"]
    assert {row["code"] for row in rows} == {"t-office", "t-ward"}
    office = next(row for row in rows if row["code"] == "t-office")
    assert office["schools"] == ["truonga"] and office["state"] == "đang hoạt động"
    assert client.get("/api/v1/authorities/t-other/").status_code == 404
    assert client.get("/api/v1/authorities/t-city/").status_code == 404
    history = client.get("/api/v1/school-histories/truonga/").json()
    assert history["periods"] == [
        {
            "authority": "t-office",
            "authority_name": "Phòng GDĐT Thử nghiệm",
            "valid_from": None,
            "valid_to": None,
        }
    ]
    assert client.get("/api/v1/school-histories/truongb/").status_code == 404
    assert client_for(world.principal_a).get("/api/v1/authorities/").status_code == 403


def test_the_api_lists_cost_the_same_queries_for_one_school_as_for_many(
    world, client_for, ward, django_assert_num_queries
):
    client = client_for(world.specialist)
    paths = ("/api/v1/authorities/", "/api/v1/school-histories/")
    counts = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as one:
            client.get(path)
        counts[path] = len(one)
    for index in range(5):
        school = bare_school(
            f"truongnhieu{index}", make_authority(f"t-node{index}", parent=ward, valid_from=REFORM)
        )
        school.authority_periods.update(valid_from=REFORM)
    for path in paths:
        with django_assert_num_queries(counts[path]):
            assert len(client.get(path).json()["results"]) >= 6, path
