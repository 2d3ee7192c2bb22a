"""Who sees which cluster's comparison: one rule (clusters_visible_to) for the list, the page, the Excel and
PDF downloads and the API. The clusters that could leak (Y of the same office, Z of another) are created
first, with figures that must not appear anywhere outside them."""

import pytest

from office.clusters.models import ScoringRound
from office.clusters.permissions import led_clusters
from reporting.cluster_comparison.selectors import clusters_visible_to
from tests.factories.documents import pdf_text, workbook_text

# Figures and names that belong to clusters Y and Z only (and to the 2023-2024 cluster, for the secret school).
Y_SECRETS = ["Bí Mật Cụm Hai", "Kín Đáo", "97,25", "Cụm thi đua số 2"]
Z_SECRETS = ["Khác Phòng", "66,75", "Cụm thi đua phòng khác"]


def routes(cluster) -> dict[str, str]:
    base = f"/cum-thi-dua/{cluster.pk}/so-sanh/"
    return {
        "page": base,
        "excel": base + "excel/",
        "pdf": base + "pdf/",
        "api": f"/api/v1/clusters/{cluster.pk}/comparison/",
    }


def who(world, clusters, name):
    return {
        "leader_x": world.principal_a,
        "leader_y": clusters.leader_y,
        "leader_z": world.principal_b,
        "office": world.specialist,
        "other_office": world.other_specialist,
        "city": clusters.city_specialist,
        "teacher": world.teacher_a,  # a member of a school of cluster X, without the grant
        "outsider": world.outsider,
    }[name]


# user → the clusters (x, y, z) they may see.
MATRIX = {
    "leader_x": {"x"},
    "leader_y": {"y"},
    "leader_z": {"z"},
    "office": {"x", "y"},
    "other_office": {"z"},
    "city": {"x", "y", "z"},  # an office above both offices: its subtree holds both
    "teacher": set(),
    "outsider": set(),
}


def test_one_selector_gives_each_person_their_clusters(world, clusters):
    for name, expected in MATRIX.items():
        visible = set(clusters_visible_to(who(world, clusters, name)).values_list("pk", flat=True))
        wanted = {getattr(clusters, key).pk for key in expected}
        # The 2023-2024 clusters of the office are visible to its staff too; only this year's are compared here.
        assert visible & {clusters.x.pk, clusters.y.pk, clusters.z.pk} == wanted, name


def test_a_leaders_grant_is_the_only_way_in(world, clusters):
    assert set(led_clusters(world.principal_a)) == {clusters.x}
    assert not led_clusters(world.specialist).exists()  # office staff see clusters, they lead none
    world.outsider.is_superuser = True
    world.outsider.save(update_fields=["is_superuser"])
    assert not clusters_visible_to(world.outsider).exists()


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(world, clusters, client_for, name):
    """Each person against each cluster, on every route: 200 where the rule lets them in, 404 elsewhere."""
    client = client_for(who(world, clusters, name))
    for cluster_key in ("x", "y", "z"):
        expected = 200 if cluster_key in MATRIX[name] else 404
        for route, path in routes(getattr(clusters, cluster_key)).items():
            assert client.get(path).status_code == expected, (name, cluster_key, route)


@pytest.mark.parametrize("route", ["page", "excel", "pdf", "api"])
def test_anonymous_visitors_are_sent_to_sign_in(world, clusters, client_for, route):
    response = client_for(None).get(routes(clusters.x)[route])
    assert response.status_code in (302, 401, 403)
    assert "Hoa Sen" not in response.content.decode(errors="replace")


def _readable(route: str, content: bytes) -> str:
    if route == "excel":
        return workbook_text(content)
    if route == "pdf":
        return pdf_text(content)
    return content.decode()


@pytest.mark.parametrize("route", ["page", "excel", "pdf", "api"])
def test_the_leader_of_x_sees_nothing_of_y_or_z(world, clusters, client_for, route):
    client = client_for(world.principal_a)
    text = _readable(route, client.get(routes(clusters.x)[route]).content)
    assert "Hoa Sen" in text and "Bình Minh" in text
    for secret in Y_SECRETS + Z_SECRETS + ["95,5", "95.5"]:
        assert secret not in text, (route, secret)
    listing = client.get("/cum-thi-dua/so-sanh/").content.decode()
    assert "Cụm thi đua số 1" in listing
    for secret in ("Cụm thi đua số 2", "Cụm thi đua phòng khác"):
        assert secret not in listing
    home = client.get("/").content.decode()
    assert 'data-testid="led-clusters"' in home and f"/cum-thi-dua/{clusters.x.pk}/so-sanh/" in home
    assert f"/cum-thi-dua/{clusters.y.pk}/" not in home


def test_a_round_of_another_cluster_is_not_found_through_this_one(world, clusters, client_for):
    y_round = ScoringRound.objects.get(cluster=clusters.y)
    client = client_for(world.principal_a)
    assert client.get(routes(clusters.x)["page"], {"dot": y_round.pk}).status_code == 404
    assert client.get(routes(clusters.x)["excel"], {"dot": y_round.pk}).status_code == 404
    assert client.get(routes(clusters.x)["api"], {"round": y_round.pk}).status_code == 404
    assert client.get(routes(clusters.x)["page"], {"dot": "abc"}).status_code == 404


def test_before_publication_only_the_office_and_the_leader_see_the_round(world, clusters, client_for):
    page = routes(clusters.x)["page"]
    for user in (world.principal_a, world.specialist):
        response = client_for(user).get(page, {"dot": clusters.midyear.pk})
        assert response.status_code == 200
        assert 'data-testid="not-published"' in response.content.decode()
    # Schools of the cluster have no grant: neither the round nor the published ranking is theirs to open.
    for user in (world.teacher_a, world.principal_b):
        assert client_for(user).get(page, {"dot": clusters.midyear.pk}).status_code == 404


def test_the_comparison_pages_do_not_exist_on_a_schools_host(world, clusters, client_for):
    client = client_for(world.principal_a, world.school_a)
    assert client.get(routes(clusters.x)["page"]).status_code == 404
    assert client.get(routes(clusters.x)["api"]).status_code == 404
