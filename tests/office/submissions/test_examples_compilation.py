"""The office's compilation of its schools' good examples for a school year: read from the snapshots in
the public schema only (no loop over schools: the same queries for one school and many), an example
sent both on its own and with a dossier listed once, filters by movement and school, other offices'
schools never shown, and the DOCX export in the official format carrying the stories."""

import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.submissions.models import Submission
from office.submissions.services import return_submission, submit
from reporting.examples_document import Compiler, ExampleEntry, examples_compilation_document
from reporting.official_document import lint_official_document
from tests.factories.authorities import bare_school

SCHOOL_YEAR = "2025-2026"
READING = {"id": 901, "name": "Ngày hội đọc sách"}
SPORTS = {"id": 902, "name": "Hội khỏe Phù Đổng"}


def example(pk, name, story, *, subject="person", movements=(READING,)) -> dict:
    labels = {"person": "Cá nhân", "department": "Tập thể tổ", "school": "Tập thể nhà trường"}
    return {
        "example": pk,
        "subject": subject,
        "subject_label": labels[subject],
        "name": name,
        "position": "Giáo viên" if subject == "person" else "",
        "unit": "",
        "title": f"Tấm gương {name}",
        "story": story,
        "achievements": ["Giáo viên dạy giỏi cấp trường"],
        "movements": list(movements),
    }


def send(school, examples, *, kind=Submission.Kind.EXAMPLES, user=None, evidence=()):
    return submit(
        school=school,
        kind=kind,
        reference=f"{kind}:{SCHOOL_YEAR}",
        year=2026,
        title="Gương điển hình",
        payload={"school_year": SCHOOL_YEAR, "examples": examples, "evidence": list(evidence)},
        user=user,
    )


def compiled(client, query="") -> tuple[int, str]:
    client.get(f"/tham-dinh/guong-dien-hinh/?nam-hoc={SCHOOL_YEAR}{query}")  # warm the session's caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/tham-dinh/guong-dien-hinh/?nam-hoc={SCHOOL_YEAR}{query}")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_compilation_costs_the_same_queries_for_one_school_and_many(world, client_for):
    send(world.school_a, [example(1, "Trần Văn Ánh", "Thầy kèm em Minh đọc chữ nổi.")])
    # Another office's school: never in this office's compilation.
    send(world.school_b, [example(1, "Bí Mật Trường B", "Câu chuyện của trường khác.")])
    office = client_for(world.specialist)
    one, page = compiled(office)
    assert page.count('data-testid="compiled-example"') == 1
    assert "Thầy kèm em Minh đọc chữ nổi." in page
    assert "Câu chuyện của trường khác." not in page
    for n in range(5):
        school = bare_school(f"exschool{n}", world.office, name=f"Trường Tiểu học Số {n}")
        send(
            school,
            [
                example(1, f"Cô giáo {n}", f"Câu chuyện {n}."),
                example(2, "Tổ khối 1", "Tổ.", subject="department"),
            ],
        )
    many, page = compiled(office)
    assert page.count('data-testid="compiled-example"') == 11
    assert page.count('data-testid="examples-school"') == 6
    assert many == one


def test_an_example_sent_twice_is_listed_once_as_last_sent(world, client_for):
    send(world.school_a, [example(1, "Trần Văn Ánh", "Bản đầu.")])
    dossier = send(
        world.school_a,
        [example(1, "Trần Văn Ánh", "Bản gửi kèm hồ sơ.")],
        kind=Submission.Kind.DOSSIER,
    )
    _, page = compiled(client_for(world.specialist))
    assert page.count('data-testid="compiled-example"') == 1
    assert "Bản gửi kèm hồ sơ." in page and "Bản đầu." not in page
    # Returned to the school, the dossier's version no longer speaks: the one sent on its own does.
    return_submission(dossier, comments=[{"text": "Bổ sung"}], user=world.specialist)
    _, page = compiled(client_for(world.specialist))
    assert "Bản đầu." in page and "Bản gửi kèm hồ sơ." not in page


def test_filters_by_movement_and_school(world, client_for):
    other = bare_school("exother", world.office, name="Trường Tiểu học Khác")
    send(
        world.school_a,
        [
            example(1, "Đọc sách", "Chuyện đọc sách."),
            example(2, "Thể thao", "Chuyện thể thao.", movements=[SPORTS]),
        ],
    )
    send(other, [example(1, "Trường khác đọc sách", "Chuyện đọc sách khác.")])
    office = client_for(world.specialist)
    _, page = compiled(office, f"&phong-trao={SPORTS['id']}")
    assert "Chuyện thể thao." in page and "Chuyện đọc sách." not in page
    _, page = compiled(office, f"&truong={other.pk}")
    assert "Chuyện đọc sách khác." in page and "Chuyện thể thao." not in page
    _, page = compiled(office, "&phong-trao=999999")
    assert 'data-testid="no-examples"' in page


def test_the_compilation_is_office_work(world, client_for):
    assert client_for(world.principal_a).get("/tham-dinh/guong-dien-hinh/").status_code == 404
    assert client_for(world.outsider).get("/tham-dinh/guong-dien-hinh/tap-hop.docx").status_code == 404


def test_the_export_opens_and_holds_the_stories(world, client_for):
    send(world.school_a, [example(1, "Trần Văn Ánh", "Ba năm liền thầy kèm riêng em Minh.")])
    send(world.school_b, [example(1, "Bí Mật", "Không được lọt sang phòng khác.")])
    response = client_for(world.specialist).get(
        f"/tham-dinh/guong-dien-hinh/tap-hop.docx?nam-hoc={SCHOOL_YEAR}"
    )
    assert response.status_code == 200
    assert "tap-hop-guong-dien-hinh-tien-tien-2025-2026.docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "Tập hợp gương điển hình tiên tiến năm học 2025-2026" in text
    assert "Ba năm liền thầy kèm riêng em Minh." in text
    assert "Giáo viên dạy giỏi cấp trường" in text
    assert "Ngày hội đọc sách" in text
    assert "Không được lọt sang phòng khác." not in text
    # The official heading (NĐ 30/2020) and the table of schools.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Trường Tiểu học A" in cells


@pytest.mark.parametrize("entries", [0, 3])
def test_the_document_passes_the_official_format_lint(entries):
    import datetime

    document = examples_compilation_document(
        office=Compiler(
            name="Phòng GDĐT Thử nghiệm",
            parent_name="UBND Thử nghiệm",
            abbreviation="PGDĐT",
            place="Hà Đông",
            head_name="Nguyễn Văn Trưởng",
        ),
        school_year=SCHOOL_YEAR,
        entries=[
            ExampleEntry(school="Trường A", name=f"Người {n}", subject_label="Cá nhân", title="T", story="S")
            for n in range(entries)
        ],
        date=datetime.date(2026, 6, 1),
    )
    assert lint_official_document(document) == []
