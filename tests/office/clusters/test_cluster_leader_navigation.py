"""A cluster leader (a school's principal, not office staff) finds their tools: the office menu lists the
cluster pages, the cluster list opens on the latest year that has a cluster, and the school's own
cluster page links to the leader's tools on the office's host."""

import pytest

from office.clusters.selectors import year_to_open
from office.core.school_years import current_school_year
from tests.factories import comparison as make

LAST_YEAR_WITH_CLUSTER = "2024-2025"


@pytest.fixture
def led(world):
    """Last year's cluster of the office, led by school A, whose principal holds the leader's grant."""
    other = make.school(world.office, "t-cum-b", "Trường Tiểu học Bạch Mai")
    cluster = make.cluster(
        world.office,
        LAST_YEAR_WITH_CLUSTER,
        "Cụm thi đua số 3",
        [world.school_a, other],
        leader=world.school_a,
    )
    make.lead(world.principal_a, cluster)
    return cluster


def test_the_office_menu_gives_a_leader_the_cluster_pages(world, led, client_for):
    page = client_for(world.principal_a).get("/").content.decode()
    assert 'data-testid="nav-led-clusters"' in page and 'href="/cum-thi-dua/"' in page
    assert 'href="/cum-thi-dua/so-sanh/"' in page


def test_someone_who_leads_nothing_gets_no_cluster_item(world, led, client_for):
    page = client_for(world.principal_b).get("/").content.decode()
    assert 'data-testid="nav-led-clusters"' not in page and "/cum-thi-dua/" not in page


def test_the_cluster_list_opens_on_the_latest_year_with_a_cluster(world, led, client_for):
    assert current_school_year() != LAST_YEAR_WITH_CLUSTER  # the current year has no cluster
    page = client_for(world.principal_a).get("/cum-thi-dua/").content.decode()
    assert "Cụm thi đua số 3" in page
    # A year asked for is kept, even an empty one.
    asked = client_for(world.principal_a).get("/cum-thi-dua/", {"nam": "2023-2024"}).content.decode()
    assert "Cụm thi đua số 3" not in asked


def test_the_year_to_open():
    assert year_to_open([], "2026-2027") == "2026-2027"
    assert year_to_open(["2025-2026", "2024-2025"], "2026-2027") == "2025-2026"
    assert year_to_open(["2027-2028", "2026-2027"], "2026-2027") == "2026-2027"


def test_the_schools_cluster_page_links_to_the_leaders_tools(world, led, client_for):
    page = client_for(world.principal_a, world.school_a).get("/cum-thi-dua/").content.decode()
    assert 'data-testid="leader-tools"' in page
    assert f'href="http://localhost/cum-thi-dua/{led.pk}/"' in page
    assert f'href="http://localhost/cum-thi-dua/{led.pk}/so-sanh/"' in page


def test_a_teacher_of_the_leading_school_sees_no_leaders_tools(world, led, client_for):
    page = client_for(world.teacher_a, world.school_a).get("/cum-thi-dua/").content.decode()
    assert "Cụm thi đua số 3" in page and 'data-testid="leader-tools"' not in page
