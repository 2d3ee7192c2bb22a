"""The cluster leader in a real browser: a principal with the grant on their cluster signs in on the office
host, opens the comparison from the home page, sees every school's scores in the table and the charts drawn
by Chart.js; the comparison of another cluster answers 404. The office reads a school's self-assessment of
that cluster's round as its rubric."""

from decimal import Decimal as D

import pytest
from guardian.models import UserObjectPermission

from office.clusters.models import Cluster, Criterion, Rubric, ScoringRound
from office.submissions.models import Submission
from office.submissions.services import submit
from tenants.models import School
from tests.e2e.test_login_pages import sign_in
from tests.factories import comparison as make
from tests.factories.readable import assert_readable

pytestmark = pytest.mark.e2e

CODES = ("e2ehoasen", "e2ebinhminh", "e2ebimat")


@pytest.fixture
def two_clusters(world):
    """Committed (the server is another process), and removed afterwards."""
    office = world.office
    hoasen = make.school(office, "e2ehoasen", "Trường Tiểu học Hoa Sen")
    binhminh = make.school(office, "e2ebinhminh", "Trường Tiểu học Bình Minh")
    secret = make.school(office, "e2ebimat", "Trường Tiểu học Bí Mật")
    rubric, g = make.rubric(office, "2024-2025", "Tiêu chí thử nghiệm trình duyệt")
    mine = make.cluster(
        office,
        "2024-2025",
        "Cụm thi đua số 1 (thử)",
        [world.school_a, hoasen, binhminh],
        leader=world.school_a,
        rubric_=rubric,
    )
    final = make.scoring_round(mine, rubric, "Đợt chấm cuối năm")
    make.result(final, world.school_a, {g["I"]: D("45.5"), g["II"]: D("22"), g["III"]: D("20.25")}, rank=2)
    make.result(final, hoasen, {g["I"]: D("48"), g["II"]: D("24.5"), g["III"]: D("21")}, rank=1)
    make.result(final, binhminh, {g["I"]: D("40"), g["II"]: D("20"), g["III"]: D("18.5")}, rank=3)
    other = make.cluster(office, "2024-2025", "Cụm thi đua số 2 (thử)", [secret], rubric_=rubric)
    make.result(make.scoring_round(other, rubric, "Đợt chấm cuối năm"), secret, {g["I"]: D("50")}, rank=1)
    make.lead(world.principal_a, mine)
    yield mine, other
    UserObjectPermission.objects.filter(object_pk__in=[str(mine.pk), str(other.pk)]).delete()
    Cluster.objects.filter(pk__in=[mine.pk, other.pk]).delete()
    Rubric.objects.filter(pk=rubric.pk).delete()
    School.objects.filter(code__in=CODES).delete()


def test_the_cluster_leader_compares_the_schools_of_their_cluster(world, two_clusters, live_server_url, page):
    _, other = two_clusters
    url = f"http://localhost:{live_server_url}"
    sign_in(page, url, "hieutruong.a")
    page.locator("[data-testid=led-clusters]").get_by_role("link", name="Cụm thi đua số 1 (thử)").click()
    page.wait_for_selector("[data-testid=comparison-table]")
    assert page.inner_text("[data-testid=comparison-title]").startswith("Cụm thi đua số 1 (thử)")
    for code, total in (("e2ehoasen", "93,5"), ("truonga", "87,75"), ("e2ebinhminh", "78,5")):
        assert page.inner_text(f"[data-testid=total-{code}]") == total
    table = page.inner_text("[data-testid=comparison-table]")
    assert "Trường Tiểu học A" in table and "48" in table and "20,25" in table
    assert "Bí Mật" not in page.content()

    # Chart.js drew the grouped bars (one series per school) and the totals, from the page's figures.
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-groups'))")
    groups = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.getElementById('chart-groups'));
            return {labels: chart.data.labels, series: chart.data.datasets.map(d => [d.label, d.data])};
        }"""
    )
    assert groups["labels"][0].startswith("I. ")
    assert groups["series"] == [
        ["Trường Tiểu học Hoa Sen", [48, 24.5, 21]],
        ["Trường Tiểu học A", [45.5, 22, 20.25]],
        ["Trường Tiểu học Bình Minh", [40, 20, 18.5]],
    ]
    totals = page.evaluate(
        "() => Chart.getChart(document.getElementById('chart-totals')).data.datasets[0].data"
    )
    assert totals == [93.5, 87.75, 78.5]
    painted = page.evaluate(
        """() => {
            const canvas = document.getElementById('chart-groups');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) count++; }
            return {count, width: canvas.width, height: canvas.height};
        }"""
    )
    assert painted["width"] > 0 and painted["height"] > 0 and painted["count"] > 1000

    response = page.goto(f"{url}/cum-thi-dua/{other.pk}/so-sanh/")
    assert response.status == 404
    assert "Bí Mật" not in page.content()


def test_the_office_reads_a_self_assessment_as_its_rubric(world, two_clusters, live_server_url, page):
    """The cluster self-assessment a school sent, on the office's review page in a browser: each group
    and criterion with its maximum, the school's points and note, the total; no raw snapshot."""
    mine, _ = two_clusters
    final = ScoringRound.objects.get(cluster=mine)
    criteria = list(
        Criterion.objects.filter(group__rubric=final.rubric).order_by("group__position", "position")
    )
    points = {criteria[0].pk: "9", criteria[1].pk: "18.5"}
    submission = submit(
        school=world.school_a,
        kind=Submission.Kind.SELF_ASSESSMENT,
        reference=f"self-assessment:{final.pk}",
        year=2025,
        title="Tự đánh giá thi đua cụm năm học 2024-2025",
        payload={
            "round": final.pk,
            "school_year": mine.school_year,
            "items": [
                {
                    "criterion": c.pk,
                    "code": c.code,
                    "points": points.get(c.pk, "0"),
                    "note": f"Giải trình {c.code}",
                }
                for c in criteria
            ],
        },
        user=world.principal_a,
    )
    try:
        url = f"http://localhost:{live_server_url}"
        sign_in(page, url, "chuyenvien")
        page.goto(f"{url}/tham-dinh/{submission.pk}/")
        rows = page.locator('[data-testid="criterion"]')
        assert rows.count() == len(criteria)
        first = rows.first.inner_text()
        assert criteria[0].code in first and "9" in first and f"Giải trình {criteria[0].code}" in first
        assert "18,5" in rows.nth(1).inner_text()
        assert page.get_by_test_id("self-total").inner_text() == "27,5"
        assert_readable(page.content())
    finally:
        Submission.objects.filter(pk=submission.pk).delete()
