"""The decision pages and API on the office's host: who sees what, the query-count guards, the refusals."""

import datetime

import pytest

from office.decisions import services
from office.decisions.models import Decision, DecisionLine
from tests.factories.decisions import draft


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    from office.celery import app

    monkeypatch.setattr(app, "send_task", lambda *a, **kw: None)


def many_decisions(world, count):
    for index in range(count):
        decision = draft(world, world.specialist, number=f"{index + 1}/QĐ-PGDĐT")
        services.add_line(
            decision, user=world.specialist, school=world.school_a, full_name=f"Người {index}", title="ldtt"
        )


@pytest.mark.parametrize("rows", [1, 15])
def test_list_page_and_api_query_guard(world, client_for, django_assert_num_queries, rows):
    many_decisions(world, rows)
    client = client_for(world.specialist)
    client.get("/quyet-dinh/")  # session and the rest warmed up
    with django_assert_num_queries(14):
        page = client.get("/quyet-dinh/").content.decode()
    assert page.count("/QĐ-PGDĐT</a>") == rows
    with django_assert_num_queries(14):
        data = client.get("/api/v1/decisions/").json()
    assert data["count"] == rows


def test_another_office_sees_none_of_it(world, client_for, head, dossier_a):
    decision = draft(world, world.specialist)
    services.add_lines_from_dossiers(decision, user=world.specialist, submission_ids=[dossier_a.pk])
    other = client_for(world.other_specialist)
    assert "125/QĐ-PGDĐT" not in other.get("/quyet-dinh/").content.decode()
    for path in (
        "",
        "sua/",
        "them-tu-ho-so/",
        "them-dong/",
        f"dong/{decision.lines.first().pk}/xoa/",
        "ghi-nhan/",
        "tiep-tuc-chuyen/",
        "tien-do/",
        "quyet-dinh.docx",
    ):
        url = f"/quyet-dinh/{decision.pk}/{path}"
        for method in ("get", "post"):
            response = getattr(other, method)(url)
            assert response.status_code in (404, 405), (url, method, response.status_code)
            assert response.status_code == 404 or (
                method == "get" and path not in ("", "tien-do/", "quyet-dinh.docx")
            )
    assert other.get(f"/api/v1/decisions/{decision.pk}/").status_code == 404
    assert other.post(f"/api/v1/decisions/{decision.pk}/record/").status_code == 404
    assert other.get(f"/api/v1/decisions/{decision.pk}/lines/").status_code == 404
    # School staff and strangers get nothing on the office's host.
    for user in (world.principal_a, world.outsider):
        assert client_for(user).get(f"/quyet-dinh/{decision.pk}/").status_code == 404
        assert client_for(user).get("/quyet-dinh/").status_code == 404
        assert client_for(user).get("/api/v1/decisions/").status_code == 403
    assert decision.lines.count() == 3


def test_picking_another_offices_dossier_or_school_answers_404(world, client_for, school_a_staff):
    from django_tenants.utils import schema_context

    from plans.staff.models import Staff
    from tests.factories.decisions import accepted_dossier

    with schema_context(world.school_b.schema_name):
        secret = Staff.objects.get(full_name="Bí Mật Trường B")
    dossier_b = accepted_dossier(world, world.school_b, [(secret, "ldtt")], user=world.principal_b)
    decision = draft(world, world.specialist)
    client = client_for(world.specialist)
    url = f"/quyet-dinh/{decision.pk}/"
    assert client.post(url + "them-tu-ho-so/", {"all": [dossier_b.pk]}).status_code == 404
    assert (
        client.post(
            url + "them-dong/", {"school": world.school_b.pk, "full_name": "X", "title": "ldtt"}
        ).status_code
        == 404
    )
    api = f"/api/v1/decisions/{decision.pk}/lines/"
    assert (
        client.post(api, {"submissions": [dossier_b.pk]}, content_type="application/json").status_code == 404
    )
    assert (
        client.post(
            api, {"school": "truongb", "full_name": "X", "title": "ldtt"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert not decision.lines.exists()
    assert "Bí Mật Trường B" not in client.get(url).content.decode()


def test_the_specialist_drafts_and_the_head_records_through_the_pages(world, client_for, head, dossier_a):
    specialist = client_for(world.specialist)
    response = specialist.post(
        "/quyet-dinh/them/",
        {
            "issuer": world.office.pk,
            "number": "125/QĐ-PGDĐT",
            "signed_on": "20/06/2025",
            "school_year": "2024-2025",
            "subject": "Về việc công nhận danh hiệu thi đua năm học 2024-2025",
            "signer_title": "Trưởng phòng",
            "signer_name": "Vũ Văn Trưởng",
        },
    )
    decision = Decision.objects.get(number="125/QĐ-PGDĐT")
    assert response.status_code == 302 and decision.signed_on == datetime.date(2025, 6, 20)
    page = specialist.get(f"/quyet-dinh/{decision.pk}/").content.decode()
    assert "Nguyễn Thị An" in page and "Lấy cả hồ sơ" in page  # the picker shows A's accepted dossier
    first = dossier_a.payload["nominees"][0]["nomination"]
    specialist.post(f"/quyet-dinh/{decision.pk}/them-tu-ho-so/", {"nominee": [f"{dossier_a.pk}:{first}"]})
    assert list(decision.lines.values_list("nomination_ref", flat=True)) == [first]
    refused = specialist.post(f"/quyet-dinh/{decision.pk}/ghi-nhan/", follow=True).content.decode()
    assert "Chỉ lãnh đạo phòng" in refused
    duplicate = specialist.post(
        "/quyet-dinh/them/",
        {
            "issuer": world.office.pk,
            "number": "125/qđ-pgdđt",
            "signed_on": "01/09/2025",
            "school_year": "2024-2025",
            "subject": "Trùng số",
            "signer_title": "Trưởng phòng",
            "signer_name": "Vũ Văn Trưởng",
        },
    )
    assert "đã được Phòng GDĐT Thử nghiệm dùng trong năm 2025" in duplicate.content.decode()
    assert Decision.objects.filter(office=world.office).count() == 1

    client_for(head).post(f"/quyet-dinh/{decision.pk}/ghi-nhan/")
    decision.refresh_from_db()
    assert decision.state == Decision.State.RECORDED
    progress = client_for(head).get(f"/quyet-dinh/{decision.pk}/tien-do/").content.decode()
    assert 'hx-trigger="every 2s"' in progress and "0/1" in progress
    edit = specialist.post(f"/quyet-dinh/{decision.pk}/dong/{decision.lines.get().pk}/xoa/", follow=True)
    assert "không sửa được nữa" in edit.content.decode() and decision.lines.count() == 1
    docx = specialist.get(f"/quyet-dinh/{decision.pk}/quyet-dinh.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_the_docx_is_an_official_decision_with_the_list(world, head, dossier_a):
    import io

    from docx import Document

    from office.decisions.documents import decision_docx_bytes
    from office.decisions.selectors import decision_lines

    decision = draft(world, world.specialist)
    services.add_lines_from_dossiers(decision, user=world.specialist, submission_ids=[dossier_a.pk])
    document = Document(io.BytesIO(decision_docx_bytes(decision, list(decision_lines(decision)))))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "QUYẾT ĐỊNH" in text and any("Số: 125/QĐ-PGDĐT" in cell for cell in cells)  # masthead
    assert "Nghị định số 98/2023/NĐ-CP" in text  # signed before the reform
    assert "2 cá nhân và 1 tập thể" in text
    assert {"Nguyễn Thị An", "Giáo Viên Trường A", "Chiến sĩ thi đua cơ sở", "STT"} <= cells


def test_a_deputy_signs_for_the_head_on_two_lines():
    from reporting.decision_document import signer_of
    from reporting.official_document import Signer, signer_title_lines

    deputy = signer_of("KT. Chủ tịch – Phó Chủ tịch", "Đỗ Mạnh Cường")
    assert deputy == Signer("KT.", "Chủ tịch", "Phó Chủ tịch", "Đỗ Mạnh Cường")
    assert signer_title_lines(deputy) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert signer_title_lines(signer_of("Trưởng phòng", "A")) == ["TRƯỞNG PHÒNG"]


def test_the_api_drafts_adds_lines_records_and_resumes(world, client_for, head, dossier_a):
    specialist = client_for(world.specialist)
    created = specialist.post(
        "/api/v1/decisions/",
        {
            "issuer": "t-office",
            "number": "9/QĐ-PGDĐT",
            "signed_on": "2025-06-20",
            "signer_title": "Trưởng phòng",
            "signer_name": "Vũ Văn Trưởng",
            "subject": "Về việc công nhận danh hiệu thi đua",
            "school_year": "2024-2025",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    again = specialist.post(
        "/api/v1/decisions/", {**created.json(), "issuer": "t-office"}, content_type="application/json"
    )
    assert again.status_code == 400 and "đã được" in again.json()["detail"]
    added = specialist.post(
        f"/api/v1/decisions/{pk}/lines/", {"submissions": [dossier_a.pk]}, content_type="application/json"
    )
    assert added.status_code == 201 and len(added.json()) == 3
    hand = specialist.post(
        f"/api/v1/decisions/{pk}/lines/",
        {"school": "truonga", "full_name": "Giáo Viên Trường A", "title": "giay_khen"},
        content_type="application/json",
    )
    assert hand.status_code == 201
    assert len(specialist.get(f"/api/v1/decisions/{pk}/lines/").json()) == 4
    refused = specialist.post(f"/api/v1/decisions/{pk}/record/")
    # A specialist lacks the head's right: 403 (it was a 400 before refusals had one type).
    assert refused.status_code == 403 and "Chỉ lãnh đạo phòng" in refused.json()["detail"]
    recorded = client_for(head).post(f"/api/v1/decisions/{pk}/record/")
    assert recorded.status_code == 200 and recorded.json()["state"] == "recorded"
    assert recorded.json()["deliveries"][0]["lines_total"] == 4
    assert client_for(head).post(f"/api/v1/decisions/{pk}/resume/").json() == {"requeued": 1}
    late = specialist.post(
        f"/api/v1/decisions/{pk}/lines/",
        {"school": "truonga", "full_name": "Muộn", "title": "ldtt"},
        content_type="application/json",
    )
    assert late.status_code == 400 and "không sửa được nữa" in late.json()["detail"]
    assert DecisionLine.objects.filter(decision_id=pk).count() == 4
