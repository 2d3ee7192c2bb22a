"""The office reads every kind of submission as what it is (issue 14, item 1): a plan as its printed
document with DOCX/PDF of the submitted version and the changes since the previous version, a
registration list as a table by department and title, a cluster self-assessment as the rubric with
points, notes and evidence; dates dd/mm/yyyy, no codes, hashes, keys or True/False; the raw snapshot
only behind "Chi tiết kỹ thuật" for the office head; another office's submission answers 404."""

import datetime
import hashlib
import io
import re

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from office.core.object_storage import object_key
from office.facts.models import OfficeDeadline
from office.submissions.models import Submission
from office.submissions.reading import plan_changes, vn_date, vn_points
from tests.factories.clusters import cw, submit_all  # noqa: F401 (fixture)
from tests.factories.readable import assert_readable, unreadable_bits
from tests.factories.submissions import NEW_LINE, issued_twice, registration_payload
from tests.office.submissions.conftest import dossier_payload


def test_the_readability_check_catches_a_raw_snapshot():
    """The check this file relies on fails on what the review page used to print (payload|pprint)."""
    raw = "<pre>{'bases': [{'issued_on': '2024-01-09', 'title': 'ldtt', 'teaches': True, "
    raw += "'key': 'schools/truonga/dossier/ab/x.pdf', 'sha256': '" + "a1" * 32 + "'}]}</pre>"
    bits = unreadable_bits(raw)
    assert set(bits) == {
        "a raw dict or list",
        "an ISO date",
        "True/False/None",
        "a hash",
        "a storage key",
        "a title code",
    }
    with pytest.raises(AssertionError):
        assert_readable(raw)
    assert_readable("<p>Ngày 09/01/2024</p><details data-testid=\"technical-details\">{'a': True}</details>")


def test_vietnamese_dates_and_points():
    assert vn_date("2024-01-09") == "09/01/2024" and vn_date(None) == ""
    assert [vn_points(v) for v in ("10.00", "8.50", "0", "2.25")] == ["10", "8,5", "0", "2,25"]


# --- Plan -------------------------------------------------------------------------------------------


def test_a_plan_reads_as_its_document_with_the_changes_since_the_last_version(world, client_for):
    first, second, heading, dropped = issued_twice(world)
    client = client_for(world.specialist)
    page = client.get(f"/tham-dinh/{second.pk}/").content.decode()
    assert_readable(page)
    assert "Thay đổi so với lần gửi 1" in page
    changes = page[page.index('data-testid="plan-changes"') : page.index('data-testid="plan-document"')]
    assert heading in changes and NEW_LINE in changes and dropped.split()[-1] in changes
    assert f'src="/tham-dinh/{second.pk}/ke-hoach/"' in page
    assert "09/01/2024" in client.get(f"/tham-dinh/{first.pk}/").content.decode()
    assert 'data-testid="plan-changes"' not in client.get(f"/tham-dinh/{first.pk}/").content.decode()
    printed = client.get(f"/tham-dinh/{second.pk}/ke-hoach/")
    assert printed.status_code == 200 and printed["X-Frame-Options"] == "SAMEORIGIN"
    text = printed.content.decode()
    assert "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN" in text and "Teo Thị Thanh Mai" in text and NEW_LINE in text


def test_the_plan_diff_names_added_removed_and_changed_sections():
    def plan(sections, recipients=()):
        return {
            **{k: v for k, v in _EMPTY.items()},
            "sections": sections,
            "recipients": list(recipients),
            "signer": {"prefix": "", "authority": "", "title": "HIỆU TRƯỞNG", "name": "A"},
        }

    old = plan(
        [
            {"marker": "I.", "heading": "Mục đích", "body": ["Dòng một", "Dòng hai"], "children": []},
            {"marker": "II.", "heading": "Nội dung cũ", "body": ["Bỏ"], "children": []},
        ]
    )
    new = plan(
        [
            {"marker": "I.", "heading": "Mục đích", "body": ["Dòng một", "Dòng hai sửa"], "children": []},
            {"marker": "II.", "heading": "Chỉ tiêu", "body": ["Mới"], "children": []},
        ],
        recipients=["- Phòng GDĐT;"],
    )
    changes = {(c.label, c.state): c.lines for c in plan_changes(old, new)}
    assert changes[("I. Mục đích", "changed")] == [("-", "Dòng hai"), ("+", "Dòng hai sửa")]
    assert changes[("II. Chỉ tiêu", "added")] == [("+", "Mới")]
    assert changes[("II. Nội dung cũ", "removed")] == [("-", "Bỏ")]
    assert changes[("Nơi nhận", "changed")] == [("+", "- Phòng GDĐT;")]
    assert plan_changes(old, old) == []


_EMPTY = {
    "doc_type": "KẾ HOẠCH",
    "parent_body": "",
    "issuing_body": "TRƯỜNG A",
    "number": "01/KH-A",
    "place": "Hà Đông",
    "issued_on": "2026-01-08",
    "title": "Kế hoạch thử",
    "year": 2026,
    "basis_paragraphs": [],
    "intro": [],
    "timeline": [],
    "timeline_heading": [],
    "closing": [],
}


PLAN = {**_EMPTY, "sections": [], "signer": {"name": "Nguyễn Thị An", "title": "HIỆU TRƯỞNG"}}


def docx_text(content: bytes) -> str:
    """Every paragraph of the DOCX, in the body and in its tables (the masthead is a table)."""
    document = docx.Document(io.BytesIO(content))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_submitted_plan_downloads_as_docx_and_pdf_from_its_snapshot(world, client_for):
    first, second, heading, dropped = issued_twice(world)
    client = client_for(world.specialist)
    response = client.get(f"/tham-dinh/{first.pk}/ke-hoach.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Ke-hoach-12-kh-thlqd-2024-lan-1.docx"'
    text = docx_text(response.content)
    # Version 1 is what the school sent then: the line it later dropped is there, the later one is not.
    assert "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN" in text and heading in text and dropped in text
    assert NEW_LINE not in text
    assert NEW_LINE in docx_text(client.get(f"/tham-dinh/{second.pk}/ke-hoach.docx").content)
    pdf = client.get(f"/tham-dinh/{second.pk}/ke-hoach.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    printed = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN" in " ".join(printed.split())


def test_another_office_and_other_kinds_have_no_plan_document(world, send, client_for):
    first, *_ = issued_twice(world)
    dossier = send()
    other = client_for(world.other_specialist)
    for url in (
        f"/tham-dinh/{first.pk}/",
        f"/tham-dinh/{first.pk}/ke-hoach/",
        f"/tham-dinh/{first.pk}/ke-hoach.docx",
    ):
        assert other.get(url).status_code == 404
    assert client_for(world.principal_a).get(f"/tham-dinh/{first.pk}/ke-hoach.pdf").status_code == 404
    assert client_for(world.specialist).get(f"/tham-dinh/{dossier.pk}/ke-hoach.docx").status_code == 404


# --- Registration list ------------------------------------------------------------------------------


def _deadline(world, due_on):
    return OfficeDeadline.objects.create(
        authority=world.office,
        school_year="2025-2026",
        kind=Submission.Kind.REGISTRATION,
        due_on=due_on,
        label="Nộp danh sách đăng ký danh hiệu thi đua",
    )


def test_a_registration_list_reads_as_a_table_by_department_and_title(world, send, client_for):
    submission = send(
        kind=Submission.Kind.REGISTRATION, reference="registration:1", payload=registration_payload()
    )
    _deadline(world, timezone.localdate() - datetime.timedelta(days=3))
    page = client_for(world.specialist).get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert_readable(page)
    departments = re.findall(r'data-testid="registration-department"><th[^>]*>([^<]*)</th>', page)
    assert departments == ["Tổ khối 1 (3 người)", "Tổ Văn phòng (1 người)", "Chưa xếp tổ (1 người)"]
    table = page[page.index('data-testid="registration-table"') :]
    # Inside Tổ khối 1 the titles follow the rules catalogue, whatever order the rows came in.
    assert table.index("Lao động tiên tiến – 2 người") < table.index("Chiến sĩ thi đua cơ sở – 1 người")
    counts = page[
        page.index('data-testid="registration-counts"') : page.index('data-testid="registration-table"')
    ]
    assert re.search(r"Lao động tiên tiến</td><td[^>]*>4<", counts)
    assert re.search(r"Chiến sĩ thi đua cơ sở</td><td[^>]*>1<", counts)
    assert "Tập thể lao động tiên tiến" in page and "hạn đăng ký trong trường</strong> 15/10/2025" in page
    assert "5 người, trong đó 3 người trực tiếp giảng dạy" in page
    assert "Nộp muộn 3 ngày" in page


@pytest.mark.parametrize("kind", [Submission.Kind.REGISTRATION, Submission.Kind.PLAN])
def test_a_review_page_costs_the_same_queries_for_a_short_and_a_long_snapshot(world, send, client_for, kind):
    """The reading comes from the snapshot: 200 people or 60 sections cost no more queries than 1."""

    def long(n):
        if kind == Submission.Kind.REGISTRATION:
            payload = registration_payload()
            payload["rows"] = [
                {**payload["rows"][i % 5], "stt": i + 1, "department": f"Tổ {i % 7}"} for i in range(n)
            ]
            return payload
        section = {"marker": "1.", "heading": "Mục", "body": ["Dòng"], "children": []}
        return {**PLAN, "sections": [{**section, "heading": f"Mục {i}"} for i in range(n)]}

    client = client_for(world.specialist)
    counts = []
    for n in (1, 200):
        sent = send(kind=kind, reference=f"{kind}:{n}", payload=long(n))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/tham-dinh/{sent.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_registration_sent_by_the_deadline_is_on_time(world, send, client_for):
    submission = send(
        kind=Submission.Kind.REGISTRATION, reference="registration:1", payload=registration_payload()
    )
    _deadline(world, timezone.localdate())
    page = client_for(world.specialist).get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert re.search(r'data-testid="deadline-state">Đúng hạn<', page)


# --- Cluster self-assessment ------------------------------------------------------------------------


def test_a_self_assessment_reads_as_the_rubric_with_points_notes_and_evidence(cw, client_for):  # noqa: F811
    submit_all(cw, a={"1_1": 9, "1_2": 18.5, "2_1": 10, "T": 2, "P": 1})
    world = cw.world
    submission = Submission.objects.for_school(world.school_a).get(kind=Submission.Kind.SELF_ASSESSMENT)
    page = client_for(world.specialist).get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert_readable(page)
    rows = re.findall(r'<tr data-testid="criterion">(.*?)</tr>', page, re.S)
    assert len(rows) == 5
    first = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows[0]))
    assert "1.1 Kế hoạch năm học 10 9 Giải trình 1.1 ke-hoach.pdf" in first
    assert "18,5" in rows[1] and "Điểm trừ" in rows[4]
    assert f'href="/tham-dinh/{submission.pk}/minh-chung/1/"' in rows[0]
    assert 'data-testid="self-total">38,5<' in page  # 9 + 18,5 + 10 + 2 − 1
    assert "Cuối năm" in page and "Cụm 1" in page and "I Thực hiện nhiệm vụ" in page


def test_self_assessment_evidence_downloads_through_the_checked_view(cw, client_for, s3_storage):  # noqa: F811
    from office.clusters import services

    world = cw.world
    content = b"%PDF-1.4 ke hoach nam hoc"
    key = object_key(world.school_a.schema_name, "other", "Kế hoạch năm học.pdf")
    s3_storage.put(key, content, "application/pdf")
    file = {
        "key": key,
        "filename": "Kế hoạch năm học.pdf",
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
        "content_type": "application/pdf",
    }
    items = [
        {"criterion": c.pk, "points": "5", "note": "", "evidence": [file] if c.evidence_required else []}
        for c in cw.criteria.values()
    ]
    services.submit_self_assessment(
        school=world.school_a, scoring_round=cw.round, items=items, user=world.principal_a
    )
    submission = Submission.objects.for_school(world.school_a).get(kind=Submission.Kind.SELF_ASSESSMENT)
    response = client_for(world.specialist).get(f"/tham-dinh/{submission.pk}/minh-chung/1/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert client_for(world.specialist).get(f"/tham-dinh/{submission.pk}/minh-chung/2/").status_code == 404
    assert (
        client_for(world.other_specialist).get(f"/tham-dinh/{submission.pk}/minh-chung/1/").status_code == 404
    )


# --- Dossier, the toggle, other offices -------------------------------------------------------------


def test_the_dossier_page_stays_readable(world, send, client_for):
    shared = {
        "id": 7,
        "nomination": None,
        "label": "Biên bản họp Hội đồng",
        "filename": "bien-ban.pdf",
        "key": f"schools/{world.school_a.schema_name}/dossier/ab12/bien-ban.pdf",
        "sha256": "ab" * 32,
        "size": 10,
    }
    submission = send(payload=dossier_payload(world.school_a, evidence=[shared]))
    page = client_for(world.specialist).get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert_readable(page)
    assert "Tờ trình số</strong> 12/TTr-THA ngày 20/05/2026" in page
    assert f'href="/tham-dinh/{submission.pk}/minh-chung/7/"' in page and "(bien-ban.pdf)" in page


@pytest.mark.parametrize(
    "kind,payload",
    [
        (Submission.Kind.REGISTRATION, registration_payload()),
        (Submission.Kind.PLAN, PLAN),
        (Submission.Kind.DOSSIER, None),
    ],
)
def test_the_raw_snapshot_is_only_for_the_office_head(world, send, head, client_for, kind, payload):
    submission = send(kind=kind, reference=f"{kind}:1", payload=payload)
    specialist = client_for(world.specialist).get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert "Chi tiết kỹ thuật" not in specialist and 'data-testid="technical-details"' not in specialist
    page = client_for(head).get(f"/tham-dinh/{submission.pk}/").content.decode()
    details = re.search(r'<details[^>]*data-testid="technical-details".*?</details>', page, re.S)
    assert details and "Chi tiết kỹ thuật" in details.group(0)
    assert "&quot;school_year&quot;" in details.group(0) or "&quot;sections&quot;" in details.group(0)
    assert_readable(page)
    assert client_for(world.other_specialist).get(f"/tham-dinh/{submission.pk}/").status_code == 404


def test_a_kind_without_a_reader_of_its_own_shows_its_text_only():
    from office.submissions.reading import reading_of

    other = Submission(
        kind="report",
        version=1,
        year=2026,
        payload={
            "note": "Báo cáo sơ kết học kỳ I",
            "sent_on": "2026-01-02",
            "key": "schools/a/x.pdf",
            "ok": True,
        },
    )
    reading = reading_of(other, [])
    assert reading.template == "submissions/kinds/other.html"
    assert reading.context["texts"] == ["Báo cáo sơ kết học kỳ I", "02/01/2026"]
