"""No request can reach another school's data. Both schools hold data that could leak (see
conftest), and every route of the school site is tried, so a new page or endpoint is covered the
day it is added."""

import pytest

from office.tokens.services import create_token
from tests.factories.routes import site_routes

# Routes that are the same for everybody and show nothing of a school's data.
PUBLIC_SCHOOL_ROUTES = {
    "accounts:login",
    "accounts:logout",
    "accounts:handoff",
    "healthz",
    "objects-upload",
    "objects-download",
    "api-schema",
    "api-docs",
    "set_language",
    "api-me",  # the caller's own account, whatever the host
    "invitation-enter-code",  # the form for a printed code, like the sign-in page (a code opens only its school's)
    # Forgotten passwords: the same answer whether or not an account exists (tests/office/accounts).
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
}
# Routes opened by a token instead of a login, because calendar apps cannot log in: without a person's
# valid calendar address on this school they answer 404 to everybody (tests/plans/planning/test_timeline.py).
# An invitation's link is such a token too: only a valid one of this school opens it
# (tests/office/invitations/test_invitation_pages.py).
TOKEN_ROUTES = {"calendar-feed", "invitation-accept"}


def school_routes() -> dict[str, str]:
    return site_routes("plans.urls")


def school_route_names() -> set[str]:
    return set(school_routes())


PROTECTED = sorted((name, path) for name, path in school_routes().items() if name not in PUBLIC_SCHOOL_ROUTES)


def test_every_school_route_is_either_protected_or_declared_public():
    assert PROTECTED, "the school site has no protected routes?"
    assert PUBLIC_SCHOOL_ROUTES <= school_route_names()


@pytest.mark.parametrize(("name", "path"), PROTECTED)
@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_a_member_of_school_a_reaches_nothing_of_school_b(world, client_for, name, path, method):
    client = client_for(world.principal_a, world.school_b)
    response = getattr(client, method)(path, content_type="application/json")
    assert response.status_code == 404, (name, path, method, response.status_code)
    assert "Bí Mật Trường B" not in response.content.decode()


@pytest.mark.parametrize(("name", "path"), PROTECTED)
def test_an_office_specialist_does_not_browse_inside_a_school(world, client_for, name, path):
    response = client_for(world.specialist, world.school_a).get(path)
    assert response.status_code == 404, (name, path)


@pytest.mark.parametrize(("name", "path"), PROTECTED)
def test_an_anonymous_visitor_gets_nothing(world, client_for, name, path):
    response = client_for(None, world.school_b).get(path)
    assert response.status_code in ((404,) if name in TOKEN_ROUTES else (302, 401, 403)), (name, path)
    assert "Bí Mật Trường B" not in response.content.decode()


def test_a_token_of_school_a_opens_nothing_on_school_b(world, client_for):
    _, secret = create_token(world.principal_a, label="Thử nghiệm")
    client = client_for(None, world.school_b)
    response = client.get("/api/v1/staff/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 404
    own = client_for(None, world.school_a).get("/api/v1/staff/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert own.status_code == 200


def test_on_its_own_host_a_school_lists_only_its_own_staff(world, client_for):
    names = [
        row["full_name"]
        for row in client_for(world.principal_a, world.school_a).get("/api/v1/staff/").json()["results"]
    ]
    assert "Giáo Viên Trường A" in names
    assert "Bí Mật Trường B" not in names
    page = client_for(world.principal_a, world.school_a).get("/can-bo/").content.decode()
    assert "Giáo Viên Trường A" in page and "Bí Mật Trường B" not in page


# The office site: every route of it is tried too, with the people it is not for.
# "open-school" hands a person over to a school where they hold a role (tests/office/test_routing_and_accounts.py).
# "password-change" changes the caller's own password, wherever they signed in.
# The API tokens page and API show the caller's own tokens only (tests/office/tokens); on a school's
# host they are for its members, like every page there.
OWN_ACCOUNT_ROUTES = {"tokens:list", "tokens:create", "tokens:revoke", "tokens:api-list", "tokens:api-detail"}
PUBLIC_OFFICE_ROUTES = (
    PUBLIC_SCHOOL_ROUTES | OWN_ACCOUNT_ROUTES | {"home", "accounts:open-school", "accounts:password-change"}
)
# Open to a cluster's leader, a school principal: they list only the clusters that person leads.
LEADER_ROUTES = {"cluster-list", "cluster_comparison:list", "api-cluster-list", "api-cluster-round-list"}
OFFICE_ROUTES = sorted(
    (name, path) for name, path in site_routes("office.urls").items() if name not in PUBLIC_OFFICE_ROUTES
)


@pytest.fixture
def office_cluster(world):
    """A cluster of the office with a round, which no principal leads: nothing of it may show."""
    from office.clusters import services
    from tests.factories.clusters import build_rubric

    rubric, _criteria = build_rubric(world.office, world.specialist)
    services.publish_rubric(rubric, user=world.specialist)
    cluster = services.create_cluster(
        authority=world.office,
        school_year="2025-2026",
        name="Cụm Bí Mật Của Phòng",
        user=world.specialist,
        rubric=rubric,
    )
    services.add_seat(cluster, world.school_a, user=world.specialist)
    services.create_round(cluster, name="Đợt Bí Mật", user=world.specialist)
    return cluster


def test_every_office_route_is_either_protected_or_declared_public():
    assert OFFICE_ROUTES, "the office site has no protected routes?"
    assert PUBLIC_OFFICE_ROUTES | LEADER_ROUTES <= set(site_routes("office.urls"))


@pytest.mark.parametrize(("name", "path"), OFFICE_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_school_principal_reaches_nothing_of_the_office_site(
    world, client_for, request, name, path, method
):
    """A school's principal is no office member: no office page, export or endpoint answers them with
    data (405 is a method the route does not take, before anything is read)."""
    if "cluster" in name:  # a cluster to leak, for the routes that could show one
        request.getfixturevalue("office_cluster")
    response = getattr(client_for(world.principal_a), method)(path, content_type="application/json")
    allowed = (200, 403, 404, 405) if name in LEADER_ROUTES and method == "get" else (403, 404, 405)
    assert response.status_code in allowed, (name, path, method, response.status_code)
    body = response.content.decode()
    assert "Bí Mật Trường B" not in body and "Cụm Bí Mật Của Phòng" not in body and "Đợt Bí Mật" not in body


@pytest.mark.parametrize(("name", "path"), OFFICE_ROUTES)
def test_an_anonymous_visitor_gets_nothing_of_the_office_site(world, client_for, name, path):
    response = client_for(None).get(path)
    assert response.status_code in (302, 401, 403, 404, 405), (name, path, response.status_code)
    assert "Bí Mật Trường B" not in response.content.decode()
