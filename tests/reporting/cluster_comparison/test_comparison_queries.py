"""The comparison's pages, downloads and API read a fixed number of queries, whatever the number of schools
in the cluster, of rounds, and of earlier years."""

from decimal import Decimal

import pytest

from tests.factories import comparison as make

# Every read is preceded by django-tenants' SET search_path, hence the doubling. Each measure follows a first
# request, so that what guardian caches once per process (the permission's lookup) is cached.
# Session, user, office memberships, the content type guardian asks for, the cluster under the access
# rule (the grant is a subquery), the rounds, the seats, the groups, this year's results, earlier years'
# results, the navigation's office-membership check and, the leader not being office staff, the menu's
# question of which clusters they lead (it gives them the cluster pages): 12 reads.
PAGE_QUERIES = 2 * 12
# The same without the navigation; the workbook reads every round's results in the one results query.
API_QUERIES = 2 * 10
EXCEL_QUERIES = 2 * 10
# An office specialist's list: session, user, memberships, the office's subtree, the content type, the
# clusters, the navigation's check.
LIST_QUERIES = 2 * 7


def build_cluster(world, schools: int, rounds: int):
    """A cluster of `schools` schools led by principal_a, with `rounds` published rounds this year and as many
    earlier years in which every school sat in a cluster with a published result."""
    office = world.office
    members = [world.school_a] + [
        make.school(office, f"sl{schools}x{i}", f"Trường Tiểu học Số {i:02d}") for i in range(1, schools)
    ]
    rubric, groups = make.rubric(office, "2024-2025")
    cluster = make.cluster(
        office, "2024-2025", "Cụm đo truy vấn", members, leader=world.school_a, rubric_=rubric
    )
    for r in range(rounds):
        scoring_round = make.scoring_round(cluster, rubric, f"Đợt {r + 1}")
        for rank, school in enumerate(members, start=1):
            points = {g: Decimal(10 + rank + r) for g in groups.values()}
            make.result(scoring_round, school, points, rank=rank)
        year = f"{2023 - r}-{2024 - r}"
        old_rubric, old_groups = make.rubric(office, year)
        old = make.cluster(office, year, f"Cụm cũ {r}", members, rubric_=old_rubric)
        old_round = make.scoring_round(old, old_rubric, "Đợt chấm cuối năm")
        for school in members:
            make.result(old_round, school, {g: Decimal(9) for g in old_groups.values()})
    make.lead(world.principal_a, cluster)
    return cluster


SIZES = [(2, 1), (10, 3)]


@pytest.mark.parametrize(("schools", "rounds"), SIZES)
def test_page_queries(world, client_for, django_assert_num_queries, schools, rounds):
    cluster = build_cluster(world, schools, rounds)
    client = client_for(world.principal_a)
    client.get(f"/cum-thi-dua/{cluster.pk}/so-sanh/")
    with django_assert_num_queries(PAGE_QUERIES):
        html = client.get(f"/cum-thi-dua/{cluster.pk}/so-sanh/").content.decode()
    assert html.count('data-testid="school-row-') == schools
    assert html.count('data-testid="history-') == schools + 1  # the rows and the table


@pytest.mark.parametrize(("schools", "rounds"), SIZES)
def test_api_queries(world, client_for, django_assert_num_queries, schools, rounds):
    cluster = build_cluster(world, schools, rounds)
    client = client_for(world.principal_a)
    client.get(f"/api/v1/clusters/{cluster.pk}/comparison/")
    with django_assert_num_queries(API_QUERIES):
        data = client.get(f"/api/v1/clusters/{cluster.pk}/comparison/").json()
    assert len(data["schools"]) == schools and len(data["rounds"]) == rounds
    assert len(data["year_over_year"]["years"]) == rounds + 1


@pytest.mark.parametrize(("schools", "rounds"), SIZES)
def test_excel_queries(world, client_for, django_assert_num_queries, schools, rounds):
    cluster = build_cluster(world, schools, rounds)
    client = client_for(world.principal_a)
    client.get(f"/cum-thi-dua/{cluster.pk}/so-sanh/excel/")
    with django_assert_num_queries(EXCEL_QUERIES):
        response = client.get(f"/cum-thi-dua/{cluster.pk}/so-sanh/excel/")
    assert response.status_code == 200


@pytest.mark.parametrize("clusters_count", [1, 6])
def test_list_queries(world, client_for, django_assert_num_queries, clusters_count):
    for i in range(clusters_count):
        rubric, _ = make.rubric(world.office, f"{2020 + i}-{2021 + i}")
        make.cluster(world.office, f"{2020 + i}-{2021 + i}", f"Cụm {i}", [], rubric_=rubric)
    client = client_for(world.specialist)
    client.get("/cum-thi-dua/so-sanh/")
    with django_assert_num_queries(LIST_QUERIES):
        html = client.get("/cum-thi-dua/so-sanh/").content.decode()
    assert html.count("bi-bar-chart") == clusters_count
