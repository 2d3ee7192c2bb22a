"""No request can reach another school's data. Both schools hold data that could leak (see
conftest), and every route of the school site is tried, so a new page or endpoint is covered the
day it is added."""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

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
}
# Routes opened by a signed token instead of a login, because calendar apps cannot log in: without a
# valid token of this school they answer 404 to everybody (tests/plans/test_timeline.py).
TOKEN_ROUTES = {"calendar-feed"}
# Sample arguments for routes that take them: another school's object id must answer 404 too.
SAMPLE_KWARGS = (
    {},
    {"pk": 1},
    {"code": "truonga"},
    {"token": "x"},
    {"plan_pk": 1},
    {"plan_pk": 1, "pk": 1},
    {"plan_pk": 1, "section_pk": 1},
    {"pk": 1, "section_pk": 1},
    {"pk": 1, "section_pk": 1, "direction": "len"},
    {"pk": 1, "task_pk": 1},
    {"pk": 1, "action": "ban-hanh"},
    {"pk": 1, "fmt": "docx"},
)


def school_route_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver("plans.urls").url_patterns)
    return names


def school_path(name: str) -> str:
    for kwargs in SAMPLE_KWARGS:
        try:
            return reverse(name, urlconf="plans.urls", kwargs=kwargs)
        except NoReverseMatch:
            continue
    raise AssertionError(f"add sample arguments for the route {name}")


PROTECTED = sorted((name, school_path(name)) for name in school_route_names() - PUBLIC_SCHOOL_ROUTES)


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
    token = Token.objects.create(user=world.principal_a)
    client = client_for(None, world.school_b)
    response = client.get("/api/v1/staff/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 404
    own = client_for(None, world.school_a).get("/api/v1/staff/", HTTP_AUTHORIZATION=f"Token {token.key}")
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
