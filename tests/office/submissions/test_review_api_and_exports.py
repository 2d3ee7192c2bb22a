"""The review API (/api/v1/submissions/) and the consolidated exports of approved nominations."""

import io

import docx
import openpyxl
import pytest

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.submissions.models import Submission
from office.submissions.services import accept_submission, forward_submission
from tests.office.submissions.conftest import dossier_payload

API_LIST_QUERIES = 14  # session, user, office membership, scope, count, page; each after SET search_path


@pytest.mark.parametrize("rows", [1, 30])
def test_the_api_list_costs_the_same_queries_for_one_and_many_rows(
    world, send, client_for, django_assert_num_queries, rows
):
    for n in range(rows):
        send(reference=f"dossier:{n}")
    client = client_for(world.specialist)
    with django_assert_num_queries(API_LIST_QUERIES):
        data = client.get("/api/v1/submissions/").json()
    assert data["count"] == rows and len(data["results"]) == rows


def test_the_api_filters_and_shows_only_the_callers_offices(world, send, client_for):
    mine = send()
    send(kind=Submission.Kind.PLAN, reference="plan:1", title="Kế hoạch TĐKT 2026")
    theirs = send(world.school_b, title="Bí Mật Trường B")
    client = client_for(world.specialist)
    listed = client.get("/api/v1/submissions/").json()["results"]
    assert [row["kind"] for row in listed] == ["dossier", "plan"]  # dossiers first
    assert all(row["school"] == "truonga" for row in listed)
    plans = client.get("/api/v1/submissions/?kind=plan").json()["results"]
    assert [row["title"] for row in plans] == ["Kế hoạch TĐKT 2026"]
    detail = client.get(f"/api/v1/submissions/{mine.pk}/").json()
    assert detail["payload"]["nominees"][0]["full_name"] == "Giáo Viên Trường A"
    assert detail["status_label"] == "Đã gửi" and detail["returned_before"] is False
    assert client.get(f"/api/v1/submissions/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/submissions/{theirs.pk}/accept/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "submitted"
    assert client_for(world.principal_a).get("/api/v1/submissions/").status_code == 403
    assert client_for(None).get("/api/v1/submissions/").status_code in (401, 403)


def test_the_api_actions_and_their_refusals(world, send, client_for):
    head = ensure_user(username="lanhdao.api", full_name="Lãnh Đạo", password=None)
    grant_office_role(head, world.office, Role.OFFICE_HEAD)
    submission = send()
    client = client_for(world.specialist)
    url = f"/api/v1/submissions/{submission.pk}"
    empty = client.post(f"{url}/return/", {"comments": []}, content_type="application/json")
    assert empty.status_code == 400 and "Hãy ghi ý kiến" in empty.json()["detail"]
    returned = client.post(
        f"{url}/return/",
        {"comments": [{"document": "minutes", "text": "Thiếu biên bản"}]},
        content_type="application/json",
    ).json()
    assert returned["status"] == "returned" and returned["review_comments"][0]["document"] == "minutes"
    second = send(payload={"v": 2})
    url = f"/api/v1/submissions/{second.pk}"
    checked = client.post(f"{url}/checklist/", {"items": ["cover_letter"]}, content_type="application/json")
    assert checked.json()["checklist"]["cover_letter"] is True
    assert client.post(f"{url}/accept/").json()["status"] == "accepted"
    assert client.post(f"{url}/accept/").status_code == 400
    bad = client.post(f"{url}/forward/", {"to": "t-other"}, content_type="application/json")
    assert bad.status_code == 400 and "cấp trên" in bad.json()["detail"]
    forwarded = client.post(f"{url}/forward/", {"to": "t-city"}, content_type="application/json").json()
    assert forwarded["status"] == "forwarded" and forwarded["forwarded_to"] == "t-city"
    refused = client.post(f"{url}/unapprove/", {"reason": "Sai"}, content_type="application/json")
    # A specialist lacks the head's right: 403 (it was a 400 before refusals had one type).
    assert refused.status_code == 403 and "Chỉ lãnh đạo" in refused.json()["detail"]
    done = client_for(head).post(f"{url}/unapprove/", {"reason": "Sai sót"}, content_type="application/json")
    assert done.json()["status"] == "submitted" and done.json()["unapproved_count"] == 1
    assert done.json()["returned_before"] is True


def test_the_api_batch_previews_and_acts_on_the_whole_filter(world, send, client_for):
    for n in range(60):  # more than one page of the API (50)
        send(reference=f"dossier:{n}")
    send(world.school_b, reference="dossier:b")
    client = client_for(world.specialist)
    preview = client.post(
        "/api/v1/submissions/batch/", {"action": "accept", "dry_run": True}, content_type="application/json"
    ).json()
    assert preview["total"] == 60 and len(preview["changed"]) == 60
    assert Submission.objects.filter(status="accepted").count() == 0
    done = client.post(
        "/api/v1/submissions/batch/", {"action": "accept"}, content_type="application/json"
    ).json()
    assert len(done["changed"]) == 60 and done["refused"] == []
    again = client.post(
        "/api/v1/submissions/batch/",
        {"action": "return", "comment": "Sửa", "kind": "dossier"},
        content_type="application/json",
    ).json()
    assert (
        len(again["refused"]) == 60
        and again["refused"][0]["reason"] == "Chỉ trả lại được hồ sơ đang chờ thẩm định."
    )
    assert Submission.objects.for_school(world.school_b).get().status == "submitted"


def nominee(name, title, label, unit="Tổ khối 1", summary="Hoàn thành xuất sắc nhiệm vụ"):
    return {
        "nomination": hash(name) % 1000,
        "full_name": name,
        "position": "Giáo viên",
        "unit": unit,
        "title": title,
        "title_label": label,
        "summary": summary,
        "check_report": [],
    }


@pytest.fixture
def approved(world, send):
    """Two approved dossiers of school A (one forwarded), one waiting, and one of school B approved by
    the other office: only the first two belong in t-office's consolidated list."""
    first = send(
        reference="dossier:1",
        payload=dossier_payload(
            world.school_a,
            nominees=[
                nominee("Trần Thu Hà", "ldtt", "Lao động tiên tiến"),
                nominee("Lê Minh Anh", "cstdcs", "Chiến sĩ thi đua cơ sở", summary="Sáng kiến đọc hay"),
            ],
        ),
    )
    second = send(
        reference="dossier:2",
        payload=dossier_payload(
            world.school_a, nominees=[nominee("Bùi Văn Bình", "ldtt", "Lao động tiên tiến")]
        ),
    )
    send(
        reference="dossier:3",
        payload=dossier_payload(
            world.school_a, nominees=[nominee("Chưa Duyệt", "ldtt", "Lao động tiên tiến")]
        ),
    )
    theirs = send(
        world.school_b,
        payload=dossier_payload(
            world.school_b, nominees=[nominee("Bí Mật Trường B", "ldtt", "Lao động tiên tiến")]
        ),
    )
    accept_submission(first, user=world.specialist)
    forward_submission(accept_submission(second, user=world.specialist), user=world.specialist)
    accept_submission(theirs, user=world.other_specialist)


def test_the_consolidated_list_groups_approved_nominees_by_title(world, client_for, approved):
    response = client_for(world.specialist).get("/tham-dinh/tong-hop/danh-sach.xlsx?nam=2026")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM HỌC 2025-2026"
    header = rows.index(["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu / hình thức", "Thành tích"])
    body = [row for row in rows[header + 1 :] if any(row)]
    assert body == [
        ["I", "LAO ĐỘNG TIÊN TIẾN (2)", None, None, None, None],
        [
            "1",
            "Bùi Văn Bình",
            "Giáo viên",
            "Tổ khối 1, Trường Tiểu học A",
            "Lao động tiên tiến",
            "Hoàn thành xuất sắc nhiệm vụ",
        ],
        [
            "2",
            "Trần Thu Hà",
            "Giáo viên",
            "Tổ khối 1, Trường Tiểu học A",
            "Lao động tiên tiến",
            "Hoàn thành xuất sắc nhiệm vụ",
        ],
        ["II", "CHIẾN SĨ THI ĐUA CƠ SỞ (1)", None, None, None, None],
        [
            "1",
            "Lê Minh Anh",
            "Giáo viên",
            "Tổ khối 1, Trường Tiểu học A",
            "Chiến sĩ thi đua cơ sở",
            "Sáng kiến đọc hay",
        ],
    ]
    assert client_for(world.principal_a).get("/tham-dinh/tong-hop/danh-sach.xlsx").status_code == 404


def test_the_offices_cover_letter_counts_per_title_in_the_official_format(world, client_for, approved):
    response = client_for(world.specialist).get("/tham-dinh/tong-hop/to-trinh.docx?nam=2026")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỜ TRÌNH",
        "Kính gửi: Sở GDĐT Thử nghiệm",
        "01 trường trực thuộc",
        "cho 03 trường hợp",
        "- Lao động tiên tiến: 02 trường hợp;",
        "- Chiến sĩ thi đua cơ sở: 01 trường hợp;",
    ):
        assert expected in text + cells, expected
    assert "PHÒNG GDĐT THỬ NGHIỆM" in cells + text
    assert "Bùi Văn Bình" in cells and "Chưa Duyệt" not in cells and "Bí Mật Trường B" not in cells
