"""Every page route of the authority tree and of the movements, tried by people who are not office
staff and by the staff of another office: all answer 404, so nothing reveals what exists."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from office.movements.services import launch_movement

NAMESPACES = ("authorities", "movements")


def office_routes():
    routes = []
    for resolver in get_resolver("office.urls").url_patterns:
        if getattr(resolver, "namespace", None) in NAMESPACES:
            for pattern in resolver.url_patterns:
                assert isinstance(pattern, URLPattern)
                routes.append((resolver.namespace, pattern.name, sorted(pattern.pattern.regex.groupindex)))
    return routes


ROUTES = office_routes()


def test_the_routes_are_found():
    assert {(ns, name) for ns, name, _ in ROUTES} >= {("authorities", "tree"), ("movements", "list")}


CASES = [
    (namespace, name, args, who)
    for namespace, name, args in ROUTES
    for who in ("principal_a", "outsider", "other_specialist")
    # A route without an object shows another office its own data; those with one must not find ours.
    if args or who != "other_specialist"
]


@pytest.mark.parametrize(("namespace", "name", "args", "who"), CASES)
def test_outsiders_get_404_on_every_office_route(world, client_for, namespace, name, args, who):
    movement = launch_movement(
        authority=world.office, user=None, by_system=True, name="Phong trào của phòng A"
    )
    samples = {"pk": movement.pk if namespace == "movements" else world.office.pk, "code": "truonga"}
    path = reverse(f"{namespace}:{name}", urlconf="office.urls", kwargs={a: samples[a] for a in args})
    client = client_for(getattr(world, who))
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        # 405 answers a wrong method whatever exists, so it reveals nothing either.
        assert response.status_code in (404, 405), (path, method, response.status_code)
        body = response.content.decode()
        assert "Phong trào của phòng A" not in body and "Trường Tiểu học A" not in body
