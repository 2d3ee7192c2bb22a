"""The office's side of the schools' year-end reports: the readable review page of a report, its
accept/return, its DOCX, and the consolidation of all the office's schools in one workbook, read from
the public schema only (its cost does not grow with the number of schools)."""

import io

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from docx import Document
from openpyxl import load_workbook

from office.submissions.models import Submission
from office.submissions.services import accept_submission, return_submission, submit
from plans.year_report import selectors as report_selectors
from tests.factories.dashboard import add_school
from tests.factories.readable import assert_readable

SCHOOL_YEAR = "2025-2026"
PAGE_QUERIES = 16
EXPORT_QUERIES = 14
TEXTS = {
    "strengths": "Tập thể đoàn kết, 100% giáo viên đăng ký thi đua.",
    "weaknesses": "Sáng kiến cấp phường còn ít.",
    "directions": "Nâng chất lượng sáng kiến kinh nghiệm.",
    "proposals": "",
}


def figures(*, staff=40, female=35, teaching=32, ldtt=20, cstdcs=4) -> dict:
    return {
        "school_year": SCHOOL_YEAR,
        "staff": {
            "counted_on": "2026-08-31",
            "total": staff,
            "female": female,
            "teaching": teaching,
            "teaching_female": teaching - 2,
        },
        "movements": ["Thi đua “Dạy tốt – học tốt”"],
        "registrations": {
            "registered": ldtt + cstdcs,
            "by_title": [
                {"title": "ldtt", "label": "Lao động tiên tiến", "count": ldtt},
                {"title": "cstdcs", "label": "Chiến sĩ thi đua cơ sở", "count": cstdcs},
            ],
            "collective": "Tập thể lao động xuất sắc",
        },
        "ratings": [{"rating": "htxs", "label": "Hoàn thành xuất sắc nhiệm vụ", "count": 8}],
        "review": {"passed": ldtt + cstdcs, "by_title": []},
        "initiatives": {
            "written": 6,
            "recognised": 5,
            "by_scope": [{"scope": "co_so", "label": "Cấp cơ sở", "count": 5}],
            "items": [],
        },
        "nominations": {"total": 3, "met": 2, "by_title": []},
        "awards": {
            "total": ldtt + cstdcs,
            "individual": ldtt + cstdcs,
            "collective": 0,
            "teaching": ldtt,
            "by_title": [
                {"title": "ldtt", "label": "Lao động tiên tiến", "count": ldtt, "teaching": ldtt},
                {"title": "cstdcs", "label": "Chiến sĩ thi đua cơ sở", "count": cstdcs, "teaching": 0},
            ],
            "items": [
                {
                    "full_name": "Lê Minh Anh",
                    "position": "Giáo viên",
                    "title": "cstdcs",
                    "label": "Chiến sĩ thi đua cơ sở",
                    "decision_number": "51/QĐ-THA",
                    "decision_date": "2026-06-02",
                    "issuer": "Chủ tịch UBND phường Thử nghiệm",
                }
            ],
        },
    }


def send_report(school, user=None, **changes) -> Submission:
    payload = {
        "school_year": SCHOOL_YEAR,
        "school_name": school.name,
        "parent_body": "UBND PHƯỜNG THỬ NGHIỆM",
        "issuing_body": school.name.upper(),
        "place": "Thử Nghiệm",
        "number": "03/BC-THA",
        "issued_on": "2026-12-05",
        "year": 2026,
        "signer": {"title": "HIỆU TRƯỞNG", "name": "Nguyễn Thị An"},
        "figures": figures(**changes),
        "texts": TEXTS,
    }
    return submit(
        school=school,
        kind=Submission.Kind.YEAR_REPORT,
        reference=f"year_report:{SCHOOL_YEAR}",
        year=2026,
        title=f"Báo cáo tổng kết công tác thi đua, khen thưởng năm học {SCHOOL_YEAR}",
        payload=payload,
        user=user,
    )


def test_the_real_snapshot_reads_as_the_report(world, client_for):
    """The snapshot as the school's code builds it, read by the office: tables, labels, dates."""
    with schema_context(world.school_a.schema_name):
        payload = report_selectors.report_snapshot(SCHOOL_YEAR, world.school_a)
    connection.set_schema_to_public()
    submission = submit(
        school=world.school_a,
        kind=Submission.Kind.YEAR_REPORT,
        reference=f"year_report:{SCHOOL_YEAR}",
        year=2026,
        title="Báo cáo tổng kết",
        payload=payload,
        user=world.principal_a,
    )
    page = client_for(world.specialist).get(f"/tham-dinh/{submission.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert_readable(html)
    assert "Tổng số cán bộ, giáo viên, nhân viên: <strong>2</strong>" in html
    assert "31/08/2026" in html


def test_the_office_reads_accepts_and_returns_a_report(world, client_for):
    submission = send_report(world.school_a, world.principal_a)
    client = client_for(world.specialist)
    html = client.get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert_readable(html)
    assert "Báo cáo tổng kết TĐKT" in html
    assert 'data-testid="figure-awards"' in html and "Chiến sĩ thi đua cơ sở" in html
    assert "51/QĐ-THA, 02/06/2026" in html and "05/12/2026" in html
    assert TEXTS["weaknesses"] in html and "Phương hướng, nhiệm vụ năm học tới" in html
    docx = client.get(f"/tham-dinh/{submission.pk}/bao-cao-tong-ket.docx")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Tổng số cán bộ, giáo viên, nhân viên: 40 người" in text and TEXTS["strengths"] in text
    assert client.get(f"/tham-dinh/{submission.pk}/ke-hoach.docx").status_code == 404  # not a plan

    client.post(f"/tham-dinh/{submission.pk}/tra-lai/", {"comment-": "Bổ sung số liệu sáng kiến."})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED
    again = send_report(world.school_a, world.principal_a, ldtt=21)
    accept_submission(again, user=world.specialist)
    again.refresh_from_db()
    assert again.status == Submission.Status.ACCEPTED and again.version == 2

    # Another office's specialist does not find it.
    other = client_for(world.other_specialist)
    assert other.get(f"/tham-dinh/{again.pk}/").status_code == 404
    assert other.get(f"/tham-dinh/{again.pk}/bao-cao-tong-ket.pdf").status_code == 404


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


@pytest.mark.parametrize("schools", [1, 12])
def test_the_consolidation_costs_the_same_queries_for_one_and_many_schools(
    world, client_for, django_assert_num_queries, schools
):
    send_report(world.school_a, world.principal_a)
    for number in range(1, schools):
        school = add_school(world.office, number)
        if number % 3:
            send_report(school, staff=30 + number)
    client = client_for(world.specialist)
    with django_assert_num_queries(PAGE_QUERIES):
        page = client.get("/tham-dinh/tong-hop/bao-cao-tong-ket/?nam=2026")
    assert page.content.decode().count('data-testid="year-report-row"') == schools
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get("/tham-dinh/tong-hop/bao-cao-tong-ket.xlsx?nam=2026")
    assert response.status_code == 200
    rows = _sheets(response.content)["Tổng hợp các trường"]
    assert len(rows) == 4 + schools  # two heading lines, a blank line, the header, a row per school


def test_the_consolidation_adds_up_the_schools_and_lists_those_that_did_not_send(world, client_for):
    send_report(world.school_a, world.principal_a, staff=40, ldtt=20)
    late = add_school(world.office, 1)
    sent = add_school(world.office, 2)
    send_report(sent, staff=25, female=20, teaching=22, ldtt=10, cstdcs=2)
    superseded = send_report(sent, staff=26, female=20, teaching=22, ldtt=10, cstdcs=2)
    return_submission(superseded, comments=[{"text": "Sửa lại."}], user=world.specialist)
    add_school(world.other_office, 3)  # another office's school: not in this office's workbook
    client = client_for(world.specialist)
    page = client.get("/tham-dinh/tong-hop/bao-cao-tong-ket/?nam=2026").content.decode()
    assert "2/3 trường đã gửi báo cáo" in page and "Chưa gửi" in page
    sheets = _sheets(client.get("/tham-dinh/tong-hop/bao-cao-tong-ket.xlsx?nam=2026").content)
    schools = sheets["Tổng hợp các trường"]
    assert schools[0][0] == world.office.name.upper()
    assert "NĂM HỌC 2025-2026" in schools[1][0]
    header = schools[3]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in schools[4:]}
    assert set(by_name) == {world.school_a.name, late.name, sent.name}
    assert by_name[late.name]["Tình trạng báo cáo"] == "Chưa gửi"
    assert by_name[late.name]["Tổng số CB, GV, NV"] is None
    assert by_name[sent.name]["Tổng số CB, GV, NV"] == 26  # its latest version (returned), not the first
    assert by_name[sent.name]["Tình trạng báo cáo"] == "Trả lại"
    assert by_name[world.school_a.name]["Lao động tiên tiến"] == 20
    assert by_name[world.school_a.name]["Số, ngày báo cáo"] == "03/BC-THA, 05/12/2026"
    totals = {row[1]: row[2] for row in sheets["Tổng cộng"][4:]}
    assert totals["Số trường chưa gửi báo cáo"] == 1
    assert totals["Tổng số CB, GV, NV"] == 66
    assert totals["Lao động tiên tiến"] == 30 and totals["Chiến sĩ thi đua cơ sở"] == 6
    awards = {row[1]: row[2:] for row in sheets["Khen thưởng theo danh hiệu"][4:]}
    assert awards["Lao động tiên tiến"] == (30, 30, 2)

    # Another office sees only its own school, none sent.
    other = _sheets(
        client_for(world.other_specialist).get("/tham-dinh/tong-hop/bao-cao-tong-ket.xlsx?nam=2026").content
    )
    assert [row[1] for row in other["Tổng hợp các trường"][4:]] == [
        world.school_b.name,
        "Trường Tổng Quan 0003",
    ]


def test_school_people_do_not_reach_the_consolidation(world, client_for):
    assert client_for(world.principal_a).get("/tham-dinh/tong-hop/bao-cao-tong-ket/").status_code == 404
    assert client_for(world.teacher_a).get("/tham-dinh/tong-hop/bao-cao-tong-ket.xlsx").status_code == 404
