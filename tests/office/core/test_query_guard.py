"""A NUL (or another control character) in any query parameter is answered 400 with a Vietnamese
message on every route of both sites, never a server error; clean parameters pass."""

import pytest

from tests.factories.routes import site_routes

BAD_QUERY = "?nam=%00&q=le%00quy&trang=1"
SCHOOL_ROUTES = sorted(site_routes("plans.urls").items())
OFFICE_ROUTES = sorted(site_routes("office.urls").items())


def _refused(response) -> bool:
    if response.status_code != 400:
        return False
    body = response.content.decode()
    return "ký tự không hợp lệ" in body


@pytest.mark.parametrize(("name", "path"), SCHOOL_ROUTES)
def test_every_school_route_refuses_a_nul_in_its_query(world, client_for, name, path):
    response = client_for(world.principal_a, world.school_a).get(path + BAD_QUERY)
    # Routes that answer before any view (the calendar feed's token, a 405 for GET) may say no first.
    assert response.status_code != 500, name
    assert _refused(response) or response.status_code in (404, 405), (name, response.status_code)


@pytest.mark.parametrize(("name", "path"), OFFICE_ROUTES)
def test_every_office_route_refuses_a_nul_in_its_query(world, client_for, name, path):
    response = client_for(world.specialist).get(path + BAD_QUERY)
    assert response.status_code != 500, name
    assert _refused(response) or response.status_code in (404, 405), (name, response.status_code)


def test_list_pages_answer_400_with_the_reason_and_200_without_it(world, client_for):
    school = client_for(world.principal_a, world.school_a)
    office = client_for(world.specialist)
    for client, path in (
        (school, "/sang-kien/"),
        (school, "/can-bo/"),
        (school, "/api/v1/staff/"),
        (office, "/tham-dinh/"),
        (office, "/tong-quan/"),
    ):
        assert client.get(path + "?nam=2025-2026").status_code == 200, path
        refused = client.get(path + "?nam=%00")
        assert refused.status_code == 400 and _refused(refused), path
