"""The plan pages: upload with review, the HTMX editor, the lock after issue, roles, exports."""

import io
import re

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from office.submissions.models import Submission
from plans.planning import services as plan_services
from plans.planning.models import Plan, PlanComment, PlanSection, PlanTask
from plans.planning.plan_import import import_plan
from tests.factories.plans import LE_QUY_DON, YEN_HOA, differences_in_school, seed_bytes, to_cp1258


@pytest.fixture
def upload(upload_now):
    """The plan's upload, its import job run at once (the job's page then leads to the review)."""
    return lambda client, name, content: upload_now(client, "/ke-hoach/nhap/", name, content)


def review_url(client, response) -> str:
    """Where the finished job's page sends the person: the review of the parsed plan."""
    job_page = client.get(response.url)
    assert job_page.status_code == 302, job_page.content.decode()
    return job_page.url


def stored_plan(world, path=YEN_HOA):
    with schema_context(world.school_a.schema_name):
        return plan_services.create_plan_from_import(
            import_plan(path.name, seed_bytes(path)),
            school=world.school_a,
            filename=path.name,
            encoding="utf-8",
            user=world.principal_a,
        )


def plan_count(world) -> int:
    with schema_context(world.school_a.schema_name):
        return Plan.objects.count()


def test_uploading_a_seed_shows_its_warnings_then_creates_the_draft_on_confirm(world, client_for, upload):
    client = client_for(world.principal_a, world.school_a)
    response = upload(client, "ke-hoach-yen-hoa.txt", seed_bytes(YEN_HOA))
    assert response.status_code == 302 and plan_count(world) == 0
    review_page = review_url(client, response)
    review = client.get(review_page).content.decode()
    assert "Thiếu mục 2., 3." in review and "Kế hoạch chưa có số" in review
    assert "Lưu thành dự thảo kế hoạch" in review
    confirmed = client.post(review_page, {"confirm": "1"})
    with schema_context(world.school_a.schema_name):
        plan = Plan.objects.get()
    assert confirmed.url == f"/ke-hoach/{plan.pk}/"
    assert plan.status == Plan.Status.DRAFT and plan.import_record["filename"] == "ke-hoach-yen-hoa.txt"
    assert client.post(review_page, {"confirm": "1"}).status_code == 302  # a second confirm…
    assert plan_count(world) == 1  # …creates nothing more: the parsed plan was taken


def test_cancelling_the_review_creates_nothing(world, client_for, upload):
    client = client_for(world.principal_a, world.school_a)
    review_page = review_url(client, upload(client, "kh.txt", seed_bytes(LE_QUY_DON)))
    client.post(review_page, {"cancel": "1"})
    assert client.post(review_page, {"confirm": "1"}).url == "/ke-hoach/nhap/"  # nothing left to confirm
    assert plan_count(world) == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.pdf", b"%PDF-1.4 ...", "Chỉ nhận tệp .txt hoặc .docx"),
        ("ke-hoach.txt", b"", "Tệp rỗng"),
        ("ke-hoach.txt", bytes(range(256)) * 40, "không"),
        ("ke-hoach.docx", b"this is not a zip", "Tệp .docx bị hỏng"),
        ("ke-hoach.txt", "Xin chào các thầy cô".encode(), "Không nhận ra kế hoạch"),
    ],
)
def test_a_bad_file_gets_a_vietnamese_message_and_creates_nothing(
    world, client_for, upload, name, content, message
):
    client = client_for(world.principal_a, world.school_a)
    response = upload(client, name, content)
    if response.status_code == 302:  # taken in, then refused by its import job
        response = client.get(response.url)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert plan_count(world) == 0


def test_a_legacy_windows_1258_file_imports_like_the_utf8_one(world, client_for, upload):
    text = seed_bytes(YEN_HOA).decode("utf-8")
    client = client_for(world.principal_a, world.school_a)
    response = upload(client, "yen-hoa-cu.txt", to_cp1258(text))
    assert response.status_code == 302
    client.post(review_url(client, response), {"confirm": "1"})
    with schema_context(world.school_a.schema_name):
        plan = Plan.objects.get()
        assert plan.signer_name == "Dương Thị Hiền" and plan.bases.count() == 5
        assert plan.import_record["encoding"] == "cp1258"


def test_a_teacher_may_read_plans_but_not_import_or_edit(world, client_for):
    plan = stored_plan(world)
    teacher = client_for(world.teacher_a, world.school_a)
    assert teacher.get(f"/ke-hoach/{plan.pk}/").status_code == 200
    assert teacher.get("/ke-hoach/nhap/").status_code == 403
    section = plan.sections.first()
    refused = teacher.post(
        f"/ke-hoach/{plan.pk}/muc/{section.pk}/sua/", {"heading": "Đổi", "body": "", "marker": "I."}
    )
    assert refused.status_code == 403
    with schema_context(world.school_a.schema_name):
        assert PlanSection.objects.get(pk=section.pk).heading == section.heading


def test_the_editor_adds_edits_moves_and_deletes_sections_with_htmx(world, client_for):
    plan = stored_plan(world)
    client = client_for(world.principal_a, world.school_a)
    page = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert 'hx-post="/ke-hoach/' in page and "MỤC ĐÍCH YÊU CẦU" in page
    added = client.post(
        f"/ke-hoach/{plan.pk}/muc/them/", {"heading": "IV. KHEN THƯỞNG ĐỘT XUẤT"}, HTTP_HX_REQUEST="true"
    )
    assert added.status_code == 200 and 'id="sections"' in added.content.decode()
    with schema_context(world.school_a.schema_name):
        new = PlanSection.objects.get(plan=plan, heading="IV. KHEN THƯỞNG ĐỘT XUẤT")
    form = client.get(f"/ke-hoach/{plan.pk}/muc/{new.pk}/sua/", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="heading"' in form
    saved = client.post(
        f"/ke-hoach/{plan.pk}/muc/{new.pk}/sua/",
        {
            "marker": "IV.",
            "heading": "KHEN THƯỞNG ĐỘT XUẤT",
            "body": "- Khen thưởng kịp thời\n\n- Đúng người",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "KHEN THƯỞNG ĐỘT XUẤT" in saved.content.decode()
    with schema_context(world.school_a.schema_name):
        new.refresh_from_db()
        assert new.body == "- Khen thưởng kịp thời\n- Đúng người"
    client.post(f"/ke-hoach/{plan.pk}/muc/{new.pk}/len/", HTTP_HX_REQUEST="true")
    with schema_context(world.school_a.schema_name):
        tops = list(
            PlanSection.objects.filter(plan=plan, parent=None)
            .order_by("position")
            .values_list("pk", flat=True)
        )
    assert tops.index(new.pk) == len(tops) - 2
    client.post(f"/ke-hoach/{plan.pk}/muc/{new.pk}/xoa/", HTTP_HX_REQUEST="true")
    with schema_context(world.school_a.schema_name):
        assert not PlanSection.objects.filter(pk=new.pk).exists()


def test_the_editor_adds_and_edits_timeline_tasks(world, client_for):
    plan = stored_plan(world, LE_QUY_DON)
    client = client_for(world.principal_a, world.school_a)
    response = client.post(
        f"/ke-hoach/{plan.pk}/cong-viec/them/", {"year": 2024, "month": 11, "text": "Tổ chức Hội giảng 20/11"}
    )
    assert "Tổ chức Hội giảng 20/11" in response.content.decode()
    with schema_context(world.school_a.schema_name):
        task = PlanTask.objects.get(text="Tổ chức Hội giảng 20/11")
    edited = client.post(
        f"/ke-hoach/{plan.pk}/cong-viec/{task.pk}/sua/",
        {
            "year": 2024,
            "month": 12,
            "text": "Tổ chức Hội giảng",
            "owner_role": "council_secretary",
            "owner_staff": "",
        },
    )
    assert edited.status_code == 200
    with schema_context(world.school_a.schema_name):
        task.refresh_from_db()
        assert (task.month, task.text, task.owner_role) == (12, "Tổ chức Hội giảng", "council_secretary")
    bad = client.post(f"/ke-hoach/{plan.pk}/cong-viec/them/", {"year": 2024, "month": 13, "text": "x"})
    assert bad.status_code == 400 and "Hãy nhập đủ" in bad.content.decode()


def test_header_and_lists_are_saved_and_normalised(world, client_for):
    plan = stored_plan(world)
    client = client_for(world.principal_a, world.school_a)
    data = {
        "parent_body": "UBND QUẬN HÀ ĐÔNG",
        "issuing_body": "TRƯỜNG MẦM NON YÊN HOÀ",
        "number": "",
        "place": "Ha\u0300 \u0110o\u0302ng",
        "issued_on": "10/01/2025",
        "title": plan.title,
        "year": 2025,
        "signer_prefix": "",
        "signer_authority": "",
        "signer_title": "HIỆU TRƯỞNG",
        "signer_name": "Dương Thị Hiền",
    }
    assert "Đã lưu thông tin chung" in client.post(f"/ke-hoach/{plan.pk}/thong-tin/", data).content.decode()
    client.post(
        f"/ke-hoach/{plan.pk}/doan-van/",
        {"recipients": "- Phòng GDĐT (để b/c)\n\n- Lưu: VT.", "closing": "Trên đây…"},
    )
    with schema_context(world.school_a.schema_name):
        plan.refresh_from_db()
    assert plan.place == "Hà Đông" and plan.issued_on.isoformat() == "2025-01-10"
    assert plan.recipients == ["- Phòng GDĐT (để b/c)", "- Lưu: VT."]


def test_issuing_locks_the_plan_in_the_ui_and_sends_it_to_the_office(world, client_for):
    plan = stored_plan(world)
    principal = client_for(world.principal_a, world.school_a)
    confirm = {"xac_nhan": differences_in_school(world.school_a, plan.pk)}
    response = principal.post(f"/ke-hoach/{plan.pk}/thao-tac/ban-hanh/", confirm, follow=True)
    assert "Đã ban hành kế hoạch" in response.content.decode()
    with schema_context(world.school_a.schema_name):
        plan.refresh_from_db()
        section = plan.sections.first()
        before = (section.heading, section.body, plan.tasks.count())
    assert plan.status == Plan.Status.ISSUED and re.fullmatch(r"01/KH-\w+", plan.number)
    for path, data in [
        (f"/ke-hoach/{plan.pk}/muc/{section.pk}/sua/", {"heading": "Sửa lén", "body": "", "marker": "I."}),
        (f"/ke-hoach/{plan.pk}/muc/them/", {"heading": "Mục lén"}),
        (f"/ke-hoach/{plan.pk}/muc/{section.pk}/xoa/", {}),
        (f"/ke-hoach/{plan.pk}/cong-viec/them/", {"year": 2025, "month": 1, "text": "Việc lén"}),
    ]:
        refused = principal.post(path, data, HTTP_HX_REQUEST="true")
        assert refused.status_code == 400, path
        assert "đã ban hành" in refused.content.decode()
    with schema_context(world.school_a.schema_name):
        section.refresh_from_db()
        assert (section.heading, section.body, plan.tasks.count()) == before
        assert not PlanSection.objects.filter(heading="Mục lén").exists()
    assert Submission.objects.for_school(world.school_a).filter(kind="plan", year=plan.year).count() == 1
    # The office's dashboard, for the school year that ends in the plan's calendar year.
    office = (
        client_for(world.specialist, None)
        .get(f"/tong-quan/?nam_hoc={plan.year - 1}-{plan.year}")
        .content.decode()
    )
    assert 'data-testid="plan-state-truonga"><span class="badge text-bg-success">Đã ban hành' in office


def test_only_the_principal_or_vice_principal_issues(world, client_for):
    from office.accounts.models import Role
    from office.accounts.services import grant_school_role

    grant_school_role(world.teacher_a, world.school_a, Role.COUNCIL_SECRETARY)
    plan = stored_plan(world)
    response = client_for(world.teacher_a, world.school_a).post(f"/ke-hoach/{plan.pk}/thao-tac/ban-hanh/")
    assert response.status_code == 403
    with schema_context(world.school_a.schema_name):
        assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT


def test_during_consultation_staff_comment_and_only_the_leadership_sees_everyones(world, client_for):
    plan = stored_plan(world)
    client_for(world.principal_a, world.school_a).post(f"/ke-hoach/{plan.pk}/thao-tac/lay-y-kien/")
    with schema_context(world.school_a.schema_name):
        section = plan.sections.first()
        PlanComment.objects.create(section=section, author=world.principal_a, text="Ý kiến của Ban giám hiệu")
    teacher = client_for(world.teacher_a, world.school_a)
    teacher.post(f"/ke-hoach/{plan.pk}/muc/{section.pk}/gop-y/", {"text": "Đề nghị thêm chỉ tiêu LĐTT"})
    teacher_page = teacher.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Đề nghị thêm chỉ tiêu LĐTT" in teacher_page and "Ý kiến của Ban giám hiệu" not in teacher_page
    principal_page = (
        client_for(world.principal_a, world.school_a).get(f"/ke-hoach/{plan.pk}/").content.decode()
    )
    assert "Đề nghị thêm chỉ tiêu LĐTT" in principal_page and "Ý kiến của Ban giám hiệu" in principal_page


def test_preview_and_downloads(world, client_for):
    plan = stored_plan(world, LE_QUY_DON)
    client = client_for(world.teacher_a, world.school_a)
    assert 'src="/ke-hoach/' in client.get(f"/ke-hoach/{plan.pk}/xem-truoc/").content.decode()
    printed = client.get(f"/ke-hoach/{plan.pk}/xem-truoc/?trang=in")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in printed.content.decode()
    assert printed["X-Frame-Options"] == "SAMEORIGIN"
    download = client.get(f"/ke-hoach/{plan.pk}/tai-ve.docx")
    assert download["Content-Disposition"] == 'attachment; filename="Ke-hoach-12-kh-thlqd-2024.docx"'
    document = docx.Document(io.BytesIO(download.content))
    assert any(
        "12/KH-THLQĐ" in cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert client.get(f"/ke-hoach/{plan.pk}/tai-ve.pdf").content.startswith(b"%PDF")
    assert client.get(f"/ke-hoach/{plan.pk}/tai-ve.exe").status_code == 404


def test_the_plan_list_costs_the_same_queries_for_one_plan_and_for_many(world, client_for):
    client = client_for(world.principal_a, world.school_a)
    stored_plan(world)
    client.get("/ke-hoach/")
    with CaptureQueriesContext(connection) as one:
        client.get("/ke-hoach/")
    for _ in range(4):
        stored_plan(world)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/ke-hoach/")
    assert response.content.decode().count("/ke-hoach/") >= 5
    assert len(many) == len(one)


def test_the_editor_costs_the_same_queries_for_a_small_and_a_large_plan(world, client_for):
    client = client_for(world.principal_a, world.school_a)
    small = stored_plan(world, YEN_HOA)
    large = stored_plan(world, LE_QUY_DON)
    client.get(f"/ke-hoach/{small.pk}/")
    with CaptureQueriesContext(connection) as small_queries:
        client.get(f"/ke-hoach/{small.pk}/")
    with CaptureQueriesContext(connection) as large_queries:
        client.get(f"/ke-hoach/{large.pk}/")
    assert len(large_queries) == len(small_queries)
