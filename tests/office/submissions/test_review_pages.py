"""The review pages on the office host: the inbox (filters, pagination, batch over the whole filter,
query-count guard), the review page and its actions, presigned evidence links, and 404 for anything of
another office."""

import hashlib
import re

import pytest

from office.core.object_storage import object_key
from office.submissions.models import Submission
from office.submissions.services import accept_submission, return_submission
from tests.office.submissions.conftest import dossier_payload

INBOX_QUERIES = (
    18  # session, user, office membership, scope, count, schools, page; each after SET search_path
)


def test_the_inbox_shows_only_the_schools_of_the_users_offices(world, send, client_for):
    send(title="Hồ sơ của Trường A")
    send(world.school_b, title="Hồ sơ Bí Mật Trường B")
    page = client_for(world.specialist).get("/tham-dinh/").content.decode()
    assert "Hồ sơ của Trường A" in page and "Bí Mật Trường B" not in page
    other = client_for(world.other_specialist).get("/tham-dinh/").content.decode()
    assert "Bí Mật Trường B" in other and "Hồ sơ của Trường A" not in other
    for outsider in (world.principal_a, world.outsider):
        assert client_for(outsider).get("/tham-dinh/").status_code == 404
    assert client_for(None).get("/tham-dinh/").status_code == 302


@pytest.mark.parametrize("rows", [1, 30])
def test_the_inbox_costs_the_same_queries_for_one_and_many_rows(
    world, send, client_for, django_assert_num_queries, rows
):
    for n in range(rows):
        send(reference=f"dossier:{n}")
    client = client_for(world.specialist)
    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get("/tham-dinh/")
    assert response.content.decode().count('data-testid="inbox-row"') == min(rows, 25)


def test_inbox_filters_sort_and_pages(world, send, client_for):
    for n in range(27):
        send(reference=f"dossier:{n}", title=f"Hồ sơ số {n:02d}")
    plan = send(kind=Submission.Kind.PLAN, reference="plan:1", title="Kế hoạch TĐKT năm 2026")
    returned = return_submission(
        send(reference="dossier:r", title="Hồ sơ đã sửa"), comments=[{"text": "Sửa"}], user=world.specialist
    )
    send(reference="dossier:r", title="Hồ sơ đã sửa lần 2")
    client = client_for(world.specialist)
    page = client.get("/tham-dinh/").content.decode()
    assert "29 hồ sơ theo bộ lọc" in page  # the superseded version is hidden
    # Dossiers come first: the plan is on the second page.
    assert "Kế hoạch TĐKT năm 2026" not in page
    assert "Kế hoạch TĐKT năm 2026" in client.get("/tham-dinh/?trang=2").content.decode()
    only_plans = client.get("/tham-dinh/?loai=plan").content.decode()
    assert "1 hồ sơ theo bộ lọc" in only_plans and "Kế hoạch TĐKT" in only_plans
    again = client.get("/tham-dinh/?da-tra-lai=1").content.decode()
    assert "1 hồ sơ theo bộ lọc" in again and "Hồ sơ đã sửa lần 2" in again
    assert "1 hồ sơ theo bộ lọc" in client.get("/tham-dinh/?trang-thai=superseded").content.decode()
    assert "1 hồ sơ theo bộ lọc" in client.get("/tham-dinh/?q=s%E1%BB%91%2026").content.decode()
    assert "0 hồ sơ theo bộ lọc" in client.get("/tham-dinh/?cap=mam_non").content.decode()
    assert "29 hồ sơ" in client.get("/tham-dinh/?cap=tieu_hoc&truong=truonga&nam=2026").content.decode()
    ordered = client.get("/tham-dinh/?sap-xep=tieu-de").content.decode()
    assert ordered.index("Hồ sơ số 00") < ordered.index("Hồ sơ số 01")
    assert plan.pk and returned.pk


def test_a_batch_from_the_inbox_covers_every_result_not_only_the_page(world, send, client_for):
    rows = [send(reference=f"dossier:{n}") for n in range(30)]
    accept_submission(rows[0], user=world.specialist)
    send(world.school_b, reference="dossier:b")
    client = client_for(world.specialist)
    preview = client.post("/tham-dinh/hang-loat/", {"loai": "dossier", "action": "accept"}).content.decode()
    assert re.search(r"<strong>30</strong> hồ sơ: <strong>29</strong> hồ sơ sẽ được thay đổi", preview)
    assert "Chỉ tiếp nhận được hồ sơ đang chờ thẩm định." in preview
    assert Submission.objects.filter(status=Submission.Status.ACCEPTED).count() == 1
    done = client.post("/tham-dinh/hang-loat/", {"loai": "dossier", "action": "accept", "confirm": "1"})
    assert "Đã thực hiện với <strong>29</strong> hồ sơ" in done.content.decode()
    assert Submission.objects.for_school(world.school_a).filter(status="accepted").count() == 30
    assert Submission.objects.for_school(world.school_b).get().status == Submission.Status.SUBMITTED
    refused = client.post("/tham-dinh/hang-loat/", {"action": "return", "comment": ""})
    assert refused.status_code == 400 and "ý kiến chung" in refused.content.decode()


def test_the_review_page_shows_the_dossier_as_sent_with_the_checkers_answers(world, send, client_for):
    first = send()
    return_submission(
        first, comments=[{"document": "minutes", "text": "Thiếu chữ ký thư ký"}], user=world.specialist
    )
    second = send(
        payload=dossier_payload(world.school_a, nominees=dossier_payload(world.school_a)["nominees"][:1])
    )
    page = client_for(world.specialist).get(f"/tham-dinh/{second.pk}/").content.decode()
    for text in (
        "12/TTr-THA",
        "Giáo Viên Trường A",
        "Chiến sĩ thi đua cơ sở",
        "Chưa đủ dữ liệu",
        "Chưa có quyết định công nhận sáng kiến.",
        "Điều 23.1 Luật TĐKT 2022",
        "Biên bản họp Hội đồng Thi đua – Khen thưởng",  # a document with its comment box
        'name="comment-minutes"',
        "Thiếu chữ ký thư ký",  # the earlier version's comment
        "Bỏ: Nguyễn Thị An",  # the nominee diff
        "Tờ trình (văn bản đề nghị)",  # the checklist
    ):
        assert text in page, text


def test_actions_from_the_review_page(world, send, client_for, head):
    submission = send()
    client = client_for(world.specialist)
    client.post(f"/tham-dinh/{submission.pk}/kiem-tra/", {"items": ["cover_letter", "minutes"]})
    submission.refresh_from_db()
    assert submission.checklist["minutes"] is True
    client.post(
        f"/tham-dinh/{submission.pk}/tra-lai/",
        {
            "comment-minutes": "Biên bản thiếu kết quả bỏ phiếu",
            "comment-cover_letter": "",
            "comment-": "Gửi lại sớm",
        },
    )
    submission.refresh_from_db()
    assert submission.status == "returned"
    assert submission.review_comments == [
        {"document": "minutes", "text": "Biên bản thiếu kết quả bỏ phiếu"},
        {"document": "", "text": "Gửi lại sớm"},
    ]
    second = send(payload={"v": 2})
    client.post(f"/tham-dinh/{second.pk}/duyet/")
    second.refresh_from_db()
    assert second.status == "accepted"
    page = client.post(f"/tham-dinh/{second.pk}/huy-duyet/", {"reason": "Sai"}, follow=True).content.decode()
    assert "Chỉ lãnh đạo cơ quan quản lý được hủy duyệt" in page
    second.refresh_from_db()
    assert second.status == "accepted"
    client.post(f"/tham-dinh/{second.pk}/trinh/")
    second.refresh_from_db()
    assert second.status == "forwarded" and second.forwarded_to.code == "t-city"
    page = (
        client_for(head)
        .post(f"/tham-dinh/{second.pk}/huy-duyet/", {"reason": ""}, follow=True)
        .content.decode()
    )
    assert "Hãy ghi lý do hủy duyệt." in page
    client_for(head).post(f"/tham-dinh/{second.pk}/huy-duyet/", {"reason": "Trùng thành tích"})
    second.refresh_from_db()
    assert (second.status, second.unapproved_count) == ("submitted", 1)
    page = client.get(f"/tham-dinh/{second.pk}/").content.decode()
    assert "Đã hủy duyệt 1 lần" in page and "Trùng thành tích" in page and "Hủy duyệt" in page


def test_nothing_of_another_office_opens_or_changes(world, send, client_for):
    theirs = send(world.school_b, payload=dossier_payload(world.school_b) | {"subject": "Bí Mật Trường B"})
    client = client_for(world.specialist)
    for path in (f"/tham-dinh/{theirs.pk}/", f"/tham-dinh/{theirs.pk}/minh-chung/1/"):
        response = client.get(path)
        assert response.status_code == 404 and "Bí Mật Trường B" not in response.content.decode()
    for action in ("duyet", "tra-lai", "trinh", "huy-duyet", "kiem-tra"):
        assert (
            client.post(f"/tham-dinh/{theirs.pk}/{action}/", {"comment-": "x", "reason": "x"}).status_code
            == 404
        )
    theirs.refresh_from_db()
    assert theirs.status == Submission.Status.SUBMITTED and theirs.checklist == {}
    # A school's principal on the office host is not an office member either.
    assert client_for(world.principal_b).get(f"/tham-dinh/{theirs.pk}/").status_code == 404


def test_evidence_is_served_only_for_the_schools_own_keys_and_its_offices(
    world, send, client_for, s3_storage
):
    own = object_key(world.school_a.schema_name, "dossier", "Quyết định công nhận sáng kiến.pdf")
    foreign = object_key(world.school_b.schema_name, "dossier", "bi-mat.pdf")
    s3_storage.put(own, b"%PDF-1.4 own", "application/pdf")
    s3_storage.put(foreign, b"%PDF-1.4 secret", "application/pdf")
    evidence = [
        {
            "id": 5,
            "label": "QĐ công nhận sáng kiến",
            "filename": "qd.pdf",
            "key": own,
            "nomination": 1,
            "sha256": hashlib.sha256(b"%PDF-1.4 own").hexdigest(),
            "size": len(b"%PDF-1.4 own"),
            "content_type": "application/pdf",
        },
        {"id": 6, "label": "Tệp lạ", "filename": "x.pdf", "key": foreign, "nomination": None},
    ]
    submission = send(payload=dossier_payload(world.school_a, evidence=evidence))
    client = client_for(world.specialist)
    page = client.get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert f"/tham-dinh/{submission.pk}/minh-chung/5/" in page
    response = client.get(f"/tham-dinh/{submission.pk}/minh-chung/5/")
    # Served by the platform from a copy whose size and SHA-256 it compared with the snapshot's.
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 own"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/tham-dinh/{submission.pk}/minh-chung/6/").status_code == 404  # not this school's key
    assert client.get(f"/tham-dinh/{submission.pk}/minh-chung/7/").status_code == 404
    assert (
        client_for(world.other_specialist).get(f"/tham-dinh/{submission.pk}/minh-chung/5/").status_code == 404
    )
