"""The figures shown (page, API, Excel, PDF) are the ClusterResult rows, read back from the database, and
the year-over-year view matches each school with its own results of earlier years."""

import datetime
import io
import json
import re
from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader

from office.clusters.models import ClusterResult
from reporting.cluster_comparison.formatting import points_text
from reporting.cluster_comparison.selectors import cluster_comparison
from tests.factories import comparison as make
from tests.factories.documents import pdf_text


def vn(value: Decimal) -> str:
    """How the page and the PDF print points: 87,75; 22; 24,5."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def expected_rows(scoring_round, groups):
    """The round's results straight from the database: school code → (total, [points per group], rank)."""
    rows = {}
    for result in ClusterResult.objects.filter(round=scoring_round).select_related("seat__school"):
        rows[result.seat.school.code] = (
            result.final_total,
            [Decimal(str(result.group_totals[str(g.pk)])) for g in groups],
            result.rank,
        )
    return rows


def test_the_page_shows_every_schools_figures_of_the_latest_published_round(world, clusters, client_for):
    groups = list(clusters.groups.values())
    html = client_for(world.principal_a).get(f"/cum-thi-dua/{clusters.x.pk}/so-sanh/").content.decode()
    assert "Đợt chấm cuối năm" in html and 'data-testid="not-published"' not in html
    expected = expected_rows(clusters.final, groups)
    assert set(expected) == {"truonga", "hoasen", "binhminh"}
    for code, (total, points, rank) in expected.items():
        row = re.search(rf'<tr data-testid="school-row-{code}">(.*?)</tr>', html, re.S).group(1)
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        # rank, the groups in rubric order, the total, the proposal
        assert cells[0] == str(rank)
        assert cells[1:4] == [vn(p) for p in points]
        assert cells[4] == vn(total)
    # Ordered by rank; the leader school is marked; the proposal shows.
    order = [m for m in re.findall(r'data-testid="school-row-(\w+)"', html)]
    assert order == ["hoasen", "truonga", "binhminh"]
    assert "Đề nghị Cờ thi đua" in html and "Cụm trưởng" in html
    # The chart data carries the same figures, as numbers.
    data = json.loads(
        re.search(r'<script id="comparison-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert data["totals"]["labels"] == [
        "Trường Tiểu học Hoa Sen",
        "Trường Tiểu học A",
        "Trường Tiểu học Bình Minh",
    ]
    assert data["totals"]["data"] == [93.5, 87.75, 78.5]
    assert data["groups"]["labels"][0].startswith("I. ")
    assert [s["data"] for s in data["groups"]["datasets"]] == [
        [float(p) for p in expected[code][1]] for code in ("hoasen", "truonga", "binhminh")
    ]
    assert "vendor/chart.js/chart.umd.min.js" in html


def test_a_chosen_round_shows_its_own_figures_and_schools_without_a_result(world, clusters, client_for):
    html = (
        client_for(world.specialist)
        .get(f"/cum-thi-dua/{clusters.x.pk}/so-sanh/", {"dot": clusters.midyear.pk})
        .content.decode()
    )
    assert 'data-testid="total-truonga">75<' in html
    assert 'data-testid="total-hoasen">—<' in html and "chưa có kết quả" in html


def test_the_api_returns_the_same_figures(world, clusters, client_for):
    data = client_for(world.principal_a).get(f"/api/v1/clusters/{clusters.x.pk}/comparison/").json()
    groups = list(clusters.groups.values())
    expected = expected_rows(clusters.final, groups)
    assert data["round"]["id"] == clusters.final.pk and data["round"]["published"] is True
    assert [r["id"] for r in data["rounds"]] == [clusters.final.pk, clusters.midyear.pk]
    assert [g["id"] for g in data["groups"]] == [g.pk for g in groups]
    assert data["groups"][0]["max_points"] == 50.0  # 30 + 20; the bonus item of group III is not a maximum
    assert data["groups"][2]["max_points"] == 25.0
    for row in data["schools"]:
        total, points, rank = expected[row["school"]]
        assert Decimal(str(row["final_total"])) == total
        assert [Decimal(str(p)) for p in row["group_totals"]] == points
        assert row["rank"] == rank
    assert data["cluster"]["leader"] == world.school_a.name
    chosen = (
        client_for(world.principal_a)
        .get(f"/api/v1/clusters/{clusters.x.pk}/comparison/", {"round": clusters.midyear.pk})
        .json()
    )
    assert chosen["round"]["published"] is False
    assert {r["school"]: r["final_total"] for r in chosen["schools"]} == {
        "truonga": 75.0,
        "hoasen": None,
        "binhminh": None,
    }


def test_the_workbook_has_a_sheet_per_round_with_numbers_and_a_year_over_year_sheet(
    world, clusters, client_for
):
    response = client_for(world.principal_a).get(f"/cum-thi-dua/{clusters.x.pk}/so-sanh/excel/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Đợt chấm cuối năm", "Đợt chấm giữa năm", "Qua các năm học"]
    sheet = book["Đợt chấm cuối năm"]
    rows = list(sheet.iter_rows(values_only=True))
    header_index = next(i for i, row in enumerate(rows) if row[0] == "Xếp hạng")
    header = rows[header_index]
    assert header[2].startswith("I. Thực hiện nhiệm vụ") and header[2].endswith("(tối đa 50)")
    assert header[5:] == ("Tổng điểm", "Đề nghị")
    groups = list(clusters.groups.values())
    expected = expected_rows(clusters.final, groups)
    by_name = {
        "Trường Tiểu học A": "truonga",
        "Trường Tiểu học Hoa Sen": "hoasen",
        "Trường Tiểu học Bình Minh": "binhminh",
    }
    body = [row for row in rows[header_index + 1 :] if row[1]]
    assert len(body) == 3
    for row in body:
        total, points, rank = expected[by_name[row[1]]]
        assert row[0] == rank
        assert all(isinstance(v, (int, float)) for v in row[2:6])  # numbers, not text
        assert [Decimal(str(v)) for v in row[2:5]] == points
        assert Decimal(str(row[5])) == total
    history = list(book["Qua các năm học"].iter_rows(values_only=True))
    header = next(row for row in history if row[0] == "Trường")
    assert header[1:] == ("Năm học 2023-2024", "Năm học 2024-2025")
    values = {row[0]: row[1:] for row in history if row[0] in by_name}
    assert values == {
        "Trường Tiểu học A": (82.25, 87.75),
        "Trường Tiểu học Hoa Sen": (79.0, 93.5),
        "Trường Tiểu học Bình Minh": (None, 78.5),
    }


def test_the_pdf_is_a_landscape_a4_with_the_table_and_the_bars(world, clusters, client_for):
    response = client_for(world.specialist).get(f"/cum-thi-dua/{clusters.x.pk}/so-sanh/pdf/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595  # A4 landscape, in points
    text = pdf_text(response.content)
    assert "Cụm thi đua số 1".upper() in text.upper() and "Đợt chấm cuối năm" in text
    groups = list(clusters.groups.values())
    for code, (total, points, _rank) in expected_rows(clusters.final, groups).items():
        assert vn(total) in text, code
        for p in points:
            assert vn(p) in text, (code, p)
    assert "Điểm theo nhóm tiêu chí" in text and "Tổng điểm" in text
    # The bars are drawn: one rectangle per school and group, one per school for the totals.
    from reporting.cluster_comparison.charts import pdf_charts

    charts = pdf_charts(cluster_comparison(clusters.x))
    assert charts["groups_svg"].count("<rect") == 9 and charts["totals_svg"].count("<rect") == 3


def test_year_over_year_matches_by_school_and_shows_only_published_rankings(world, clusters):
    # A later published round of last year's cluster replaces the earlier one for that year; an unpublished
    # round of an older year and a later year's cluster are not shown.
    old_cluster = clusters.hoasen.cluster_seats.get(school_year="2023-2024").cluster
    later = make.scoring_round(
        old_cluster, old_cluster.rubric, "Đợt chấm bổ sung", published_on=datetime.date(2024, 6, 20)
    )
    og = {g.code: g for g in old_cluster.rubric.groups.all()}
    make.result(
        later, clusters.hoasen, {og["I"]: Decimal("41"), og["II"]: Decimal("21"), og["III"]: Decimal("18")}
    )
    older_rubric, older_groups = make.rubric(world.office, "2022-2023")
    older = make.cluster(world.office, "2022-2023", "Cụm cũ", [clusters.binhminh], rubric_=older_rubric)
    unpublished = make.scoring_round(older, older_rubric, "Đợt chưa công bố", stage="office")
    make.result(unpublished, clusters.binhminh, {older_groups["I"]: Decimal("12")})
    future_rubric, future_groups = make.rubric(world.office, "2025-2026")
    future = make.cluster(world.office, "2025-2026", "Cụm năm sau", [world.school_a], rubric_=future_rubric)
    make.result(
        make.scoring_round(future, future_rubric, "Đợt chấm"),
        world.school_a,
        {future_groups["I"]: Decimal("1")},
    )

    history = cluster_comparison(clusters.x).history
    assert history.years == ["2023-2024", "2024-2025"]
    totals = {school.code: school.totals for school in history.schools}
    assert totals == {
        "truonga": [Decimal("82.25"), Decimal("87.75")],
        "hoasen": [
            Decimal("80.00"),
            Decimal("93.50"),
        ],  # its own cluster last year (3), latest published round
        "binhminh": [None, Decimal("78.50")],
    }
    ranks = {school.code: school.ranks for school in history.schools}
    assert ranks["truonga"] == [2, 2]


def test_points_are_written_the_vietnamese_way():
    assert points_text(Decimal("87.50")) == "87,5"
    assert points_text(Decimal("100.00")) == "100"
    assert points_text(Decimal("0.25")) == "0,25"
