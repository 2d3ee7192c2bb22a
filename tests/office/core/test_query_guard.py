"""Invalid input in any query parameter is answered 400 with a Vietnamese message on every route of
both sites, never a server error: a NUL, a lone surrogate and an overlong form (bytes that are not
UTF-8, which Django would otherwise quietly turn into U+FFFD), a value of 10,000 characters. Clean
parameters pass."""

import pytest

from office.core.middleware import MAX_QUERY_VALUE_LENGTH
from tests.factories.routes import site_routes

BAD_QUERIES = {
    "nul": "?nam=%00&q=le%00quy&trang=1",
    "lone surrogate": "?q=%ED%A0%80&trang=1",
    "overlong": "?q=%C0%AE%C0%AE%2F&trang=1",  # "../" written in overlong UTF-8
    "10k characters": "?q=" + "a" * 10_000,
}
SCHOOL_ROUTES = sorted(site_routes("plans.urls").items())
OFFICE_ROUTES = sorted(site_routes("office.urls").items())


def _refused(response) -> bool:
    if response.status_code != 400:
        return False
    body = response.content.decode()
    return "ký tự không hợp lệ" in body or f"dài quá {MAX_QUERY_VALUE_LENGTH} ký tự" in body


def _sweep(client, name, path):
    for kind, query in BAD_QUERIES.items():
        response = client.get(path + query)
        assert response.status_code != 500, (name, kind)
        # Routes that answer before any view (the calendar feed's token) may say no first.
        assert _refused(response) or response.status_code == 404, (name, kind, response.status_code)


@pytest.mark.parametrize(("name", "path"), SCHOOL_ROUTES)
def test_every_school_route_refuses_bad_input_in_its_query(world, client_for, name, path):
    _sweep(client_for(world.principal_a, world.school_a), name, path)


@pytest.mark.parametrize(("name", "path"), OFFICE_ROUTES)
def test_every_office_route_refuses_bad_input_in_its_query(world, client_for, name, path):
    _sweep(client_for(world.specialist), name, path)


LIST_PAGES = (
    (True, "/sang-kien/"),
    (True, "/can-bo/"),
    (True, "/api/v1/staff/"),
    (False, "/tham-dinh/"),
    (False, "/tong-quan/"),
)


@pytest.mark.parametrize(("on_school", "path"), LIST_PAGES)
def test_list_pages_answer_400_with_the_reason_and_200_without_it(world, client_for, on_school, path):
    client = client_for(world.principal_a, world.school_a) if on_school else client_for(world.specialist)
    assert client.get(path + "?nam=2025-2026").status_code == 200, path
    # Vietnamese typed by a person, percent-encoded by the browser or sent as raw UTF-8 bytes, passes.
    assert client.get(path + "?q=L%C3%AA%20Qu%C3%BD%20%C4%90%C3%B4n").status_code == 200, path
    assert client.get(path + "?q=Lê Quý Đôn").status_code == 200, path
    assert client.get(path + "?q=" + "a" * MAX_QUERY_VALUE_LENGTH).status_code == 200, path
    for kind, query in BAD_QUERIES.items():
        refused = client.get(path + query)
        assert refused.status_code == 400 and _refused(refused), (path, kind)
    if path.startswith("/api/"):
        assert "ký tự không hợp lệ" in client.get(path + "?q=%00").json()["detail"]


@pytest.mark.parametrize("on_school", [True, False])
def test_too_many_parameters_get_a_vietnamese_400_page(world, client_for, on_school, settings):
    """More parameters than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS) is refused by Django itself
    before any view: the answer is still Vietnamese, from templates/400.html."""
    client = client_for(world.principal_a, world.school_a) if on_school else client_for(world.specialist)
    path = "/can-bo/" if on_school else "/tham-dinh/"
    query = "&".join(f"p{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
