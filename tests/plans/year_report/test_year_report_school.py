"""The school's year-end report on its own host: figures counted from the data the test makes (and
following it when it changes), the text the school writes, DOCX/PDF in the official format, and the
report sent upward as a Submission; a teacher reads it but may not write or send it."""

import datetime
import io

import pytest
from django.db import connection
from django.db.models import Q
from django_tenants.utils import schema_context
from docx import Document

from office.audit.models import AuditEvent
from office.rules.vocabulary import Rating, Scope, Title
from office.submissions.models import Submission
from office.submissions.services import accept_submission
from plans.emulation.models import CollectiveRegistration, Registration, RegistrationCampaign
from plans.initiatives.models import Initiative
from plans.nominations import services as nomination_services
from plans.nominations.models import Nomination
from plans.planning.models import Plan, PlanMovement
from plans.staff.models import AwardRecord, Staff
from plans.year_report import selectors
from plans.year_report.models import YearReport
from tests.factories.documents import pdf_text
from tests.factories.nominations import SCHOOL_YEAR, school_year_data  # noqa: F401 - the fixture

TODAY = datetime.date(2026, 12, 6)
TEXTS = {
    "strengths": "Phong trào “Dạy tốt – học tốt” được hưởng ứng rộng rãi.\n- 100% giáo viên đăng ký thi đua",
    "weaknesses": "Số sáng kiến cấp phường còn ít.",
    "directions": "Tiếp tục đổi mới phương pháp dạy học; nâng tỷ lệ giáo viên trực tiếp giảng dạy được khen.",
}


@pytest.fixture
def year_data(world, school_year_data):  # noqa: F811 - the fixture imported above
    """School A's 2025-2026: an issued plan with two movements, registrations, a collective title, the
    council's round (from the nominations factory), a recognised initiative, nominations, two awards."""
    with schema_context(world.school_a.schema_name):
        anh, binh = school_year_data["anh"], school_year_data["binh"]
        plan = Plan.objects.create(
            issuing_body="TRƯỜNG TIỂU HỌC A",
            title="Kế hoạch công tác thi đua, khen thưởng năm học 2025-2026",
            year=2025,
            school_years=[SCHOOL_YEAR],
            status=Plan.Status.ISSUED,
        )
        PlanMovement.objects.create(
            plan=plan, position=1, kind="phong_trao", name="Thi đua “Dạy tốt – học tốt”"
        )
        PlanMovement.objects.create(
            plan=plan, position=2, kind="cuoc_van_dong", name="Cuộc vận động “Hai không”"
        )
        campaign = RegistrationCampaign.objects.create(
            school_year=SCHOOL_YEAR, opens_on=datetime.date(2025, 10, 1), deadline=datetime.date(2025, 10, 15)
        )
        Registration.objects.create(campaign=campaign, staff=anh, title=Title.CSTDCS, status="approved")
        Registration.objects.create(campaign=campaign, staff=binh, title=Title.LDTT, status="registered")
        pending = Staff.objects.exclude(pk__in=[anh.pk, binh.pk]).first()
        Registration.objects.create(campaign=campaign, staff=pending)  # invited, not registered: not counted
        CollectiveRegistration.objects.create(campaign=campaign, title=Title.TTLDXS)
        nomination_services.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a)
        AwardRecord.objects.create(
            staff=anh,
            year=2026,
            school_year=SCHOOL_YEAR,
            title=Title.LDTT,
            decision_number="51/QĐ-THA",
            decision_date=datetime.date(2026, 6, 2),
            issuer_name="Hiệu trưởng Trường Tiểu học A",
        )
        AwardRecord.objects.create(
            staff=None,
            year=2026,
            school_year=SCHOOL_YEAR,
            title=Title.TTLDTT,
            decision_number="88/QĐ-UBND",
            decision_date=datetime.date(2026, 7, 10),
            issuer_name="Chủ tịch UBND phường Thử nghiệm",
        )
    return school_year_data


def _figures(world):
    with schema_context(world.school_a.schema_name):
        return selectors.year_figures(SCHOOL_YEAR, school_name=world.school_a.name, today=TODAY)


def test_every_figure_is_a_count_over_the_schools_tables(world, year_data):
    figures = _figures(world)
    with schema_context(world.school_a.schema_name):
        day = datetime.date(2026, 8, 31)
        working = Staff.objects.filter(
            Q(joined_school_on__isnull=True) | Q(joined_school_on__lte=day), ~Q(status=Staff.Status.LEFT)
        )
        assert figures["staff"] == {
            "counted_on": "2026-08-31",
            "total": working.count(),
            "female": working.filter(gender="nu").count(),
            "teaching": working.filter(teaches=True).count(),
            "teaching_female": working.filter(teaches=True, gender="nu").count(),
        }
        assert figures["staff"]["total"] == 4
        assert figures["movements"] == ["Thi đua “Dạy tốt – học tốt”", "Cuộc vận động “Hai không”"]
        assert figures["registrations"] == {
            "registered": 2,
            "by_title": [
                {"title": "ldtt", "label": "Lao động tiên tiến", "count": 1},
                {"title": "cstdcs", "label": "Chiến sĩ thi đua cơ sở", "count": 1},
            ],
            "collective": "Tập thể lao động xuất sắc",
        }
        ratings = {row["rating"]: row["count"] for row in figures["ratings"]}
        assert ratings == {Rating.EXCELLENT: 1, Rating.GOOD: 0, Rating.COMPLETED: 1, Rating.NOT_COMPLETED: 0}
        # Anh passed for LĐTT (14/15) and CSTĐCS (13/15); Bình's 9/15 for LĐTT passes the 50 % threshold too.
        assert figures["review"]["passed"] == 3
        assert figures["initiatives"]["recognised"] == Initiative.objects.filter(recognized=True).count() == 1
        assert figures["initiatives"]["items"][0]["author"] == "Lê Minh Anh"
        assert {r["scope"]: r["count"] for r in figures["initiatives"]["by_scope"]}[Scope.SCHOOL] == 1
        assert (
            figures["nominations"]["total"] == Nomination.objects.filter(school_year=SCHOOL_YEAR).count() == 3
        )
        assert figures["nominations"]["met"] == Nomination.objects.filter(verdict="met").count()
        assert figures["awards"]["total"] == 2  # the 2024-2025 LĐTT of the factory is another year
        assert figures["awards"]["individual"] == 1 and figures["awards"]["collective"] == 1
        assert figures["awards"]["teaching"] == 1
        assert [i["full_name"] for i in figures["awards"]["items"]] == [
            "Lê Minh Anh",
            "Tập thể Trường Tiểu học A",
        ]


def test_the_plans_targets_stand_beside_what_the_decisions_gave_and_the_confirmed_examples_are_listed(
    world, year_data
):
    """“100% LĐTT” is a share of the year's staff; “02 đồng chí đạt CSTĐCS” a number of people; “01 tập
    thể đạt TTLĐTT” a collective; a Bằng khen the text does not say whose cannot be compared."""
    from plans.examples.models import Example
    from plans.planning.models import PlanTarget

    with schema_context(world.school_a.schema_name):
        plan = Plan.objects.get(school_years=[SCHOOL_YEAR])
        for position, (title, quantity, unit, text) in enumerate(
            [
                ("LĐTT", 25, "phan_tram", "25% CB, GV, NV đạt danh hiệu LĐTT"),
                ("CSTĐCS", 2, "nguoi", "02 đồng chí đạt CSTĐCS"),
                ("Tập thể lao động tiên tiến", 1, "tap_the", "01 tập thể đạt Tập thể lao động tiên tiến"),
                ("Bằng khen", 1, "nguoi", "01 đồng chí được Bằng khen"),
            ]
        ):
            PlanTarget.objects.create(
                plan=plan, position=position, title=title, quantity=quantity, unit=unit, text=text
            )
        anh = year_data["anh"]
        Example.objects.create(
            school_year=SCHOOL_YEAR,
            subject=Example.Subject.PERSON,
            staff=anh,
            title="Cô giáo tận tâm với học sinh khó khăn",
            story="Kèm cặp học sinh yếu suốt năm học.",
            status=Example.Status.CONFIRMED,
        )
        Example.objects.create(  # proposed, not confirmed: not in the report
            school_year=SCHOOL_YEAR,
            subject=Example.Subject.SCHOOL,
            title="Tập thể đoàn kết",
            story="…",
        )
        staff_total = _figures(world)["staff"]["total"]
        targets = {row["text"]: row for row in _figures(world)["targets"]}
        ldtt = targets["25% CB, GV, NV đạt danh hiệu LĐTT"]
        awarded_ldtt = AwardRecord.objects.filter(
            school_year=SCHOOL_YEAR, title=Title.LDTT, staff__isnull=False
        )
        assert ldtt["reached"] == awarded_ldtt.count() == 1
        assert ldtt["reached_share"] == round(100 / staff_total, 1) == 25.0 and ldtt["met"] is True
        assert (
            ldtt["proposed"] == Nomination.objects.filter(school_year=SCHOOL_YEAR, title=Title.LDTT).count()
        )
        cstdcs = targets["02 đồng chí đạt CSTĐCS"]
        assert (cstdcs["title"], cstdcs["reached"], cstdcs["met"]) == ("cstdcs", 0, False)
        collective = targets["01 tập thể đạt Tập thể lao động tiên tiến"]
        assert (collective["title"], collective["reached"], collective["met"]) == ("ttldtt", 1, True)
        unknown = targets["01 đồng chí được Bằng khen"]
        assert (unknown["title"], unknown["met"]) == ("", None)
        examples = _figures(world)["examples"]
        assert examples["total"] == Example.objects.filter(status="confirmed").count() == 1
        assert examples["items"] == [
            {"subject": "Cá nhân", "name": "Lê Minh Anh", "title": "Cô giáo tận tâm với học sinh khó khăn"}
        ]
        # One more CSTĐCS decision: the target moves with the data.
        AwardRecord.objects.create(staff=anh, year=2026, school_year=SCHOOL_YEAR, title=Title.CSTDCS)
        AwardRecord.objects.create(
            staff=year_data["binh"], year=2026, school_year=SCHOOL_YEAR, title=Title.CSTDCS
        )
        cstdcs = next(r for r in _figures(world)["targets"] if r["title"] == "cstdcs")
        assert (cstdcs["reached"], cstdcs["met"]) == (2, True)
        snapshot = selectors.report_snapshot(SCHOOL_YEAR, world.school_a, today=TODAY)
    from reporting.year_report_document import year_report_document

    text = "\n".join(block_texts(year_report_document(snapshot)))
    assert "Thực hiện chỉ tiêu của kế hoạch" in text and "02 đồng chí đạt CSTĐCS" in text
    assert "Không so sánh tự động được" in text and "Đạt 3/3 chỉ tiêu" in text
    assert "Lê Minh Anh – Cô giáo tận tâm với học sinh khó khăn" in text


def block_texts(document) -> list[str]:
    """Every text of a plain document model: paragraphs, bullets, headings and table cells."""
    texts = []
    for block in document.body:
        for name in ("text", "heading"):
            if isinstance(getattr(block, name, None), str):
                texts.append(getattr(block, name))
        for row in getattr(block, "rows", None) or []:
            texts.extend(str(cell) for cell in row)
    return texts


def test_the_figures_follow_the_data(world, year_data):
    before = _figures(world)
    with schema_context(world.school_a.schema_name):
        Staff.objects.create(full_name="Đỗ Văn Mới", gender="nam", position="Giáo viên", teaches=False)
        AwardRecord.objects.create(
            staff=year_data["binh"],
            year=2026,
            school_year=SCHOOL_YEAR,
            title=Title.GIAY_KHEN,
            issuer_name="Chủ tịch UBND phường Thử nghiệm",
        )
        Initiative.objects.filter(recognized=True).update(scope=Scope.DISTRICT)
    after = _figures(world)
    assert after["staff"]["total"] == before["staff"]["total"] + 1
    assert after["staff"]["female"] == before["staff"]["female"]
    assert after["staff"]["teaching"] == before["staff"]["teaching"]
    assert after["awards"]["total"] == 3
    assert {r["title"]: r["count"] for r in after["awards"]["by_title"]}["giay_khen"] == 1
    assert {r["scope"]: r["count"] for r in after["initiatives"]["by_scope"]}[Scope.DISTRICT] == 1


def _save(client, **extra):
    return client.post("/bao-cao-tong-ket/luu/", {"nam": SCHOOL_YEAR, **TEXTS, **extra})


def test_the_principal_writes_and_sends_the_report_a_teacher_only_reads_it(world, year_data, client_for):
    teacher = client_for(world.teacher_a, world.school_a)
    page = teacher.get(f"/bao-cao-tong-ket/?nam={SCHOOL_YEAR}")
    assert page.status_code == 200
    assert 'data-testid="report-form"' not in page.content.decode()
    assert _save(teacher, submit="1").status_code == 403
    connection.set_schema_to_public()
    assert not Submission.objects.filter(kind=Submission.Kind.YEAR_REPORT).exists()
    with schema_context(world.school_a.schema_name):
        assert not YearReport.objects.exists()

    principal = client_for(world.principal_a, world.school_a)
    # Sending before the text is written is refused and sends nothing.
    principal.post("/bao-cao-tong-ket/luu/", {"nam": SCHOOL_YEAR, "strengths": "Tốt.", "submit": "1"})
    connection.set_schema_to_public()
    assert not Submission.objects.filter(kind=Submission.Kind.YEAR_REPORT).exists()
    page = principal.get(f"/bao-cao-tong-ket/?nam={SCHOOL_YEAR}").content.decode()
    assert "Báo cáo chưa viết phần tồn tại, phương hướng" in page

    response = _save(principal, submit="1")
    assert response.status_code == 302
    connection.set_schema_to_public()
    submission = Submission.objects.get(kind=Submission.Kind.YEAR_REPORT, school=world.school_a)
    assert submission.version == 1 and submission.year == 2026
    assert submission.reference == f"year_report:{SCHOOL_YEAR}"
    payload = submission.payload
    assert payload["number"] == f"01/BC-{world.school_a.abbreviation}"
    assert payload["texts"]["strengths"] == TEXTS["strengths"]
    assert payload["figures"]["awards"]["total"] == 2
    assert payload["signer"] == {"title": "HIỆU TRƯỞNG", "name": "Nguyễn Thị An"}
    with schema_context(world.school_a.schema_name):
        report = YearReport.objects.get()
        assert report.state == YearReport.State.SUBMITTED and report.submission_id == submission.pk
        assert AuditEvent.objects.filter(action="year_report.submitted").exists()
    page = principal.get(f"/bao-cao-tong-ket/?nam={SCHOOL_YEAR}").content.decode()
    assert "Đã gửi" in page and payload["number"] in page

    # A correction is a new version with the same number; the first is superseded.
    _save(principal, weaknesses="Chưa có sáng kiến cấp thành phố.", submit="1")
    connection.set_schema_to_public()
    versions = Submission.objects.filter(kind=Submission.Kind.YEAR_REPORT).order_by("version")
    assert [v.status for v in versions] == [Submission.Status.SUPERSEDED, Submission.Status.SUBMITTED]
    assert versions[1].payload["number"] == payload["number"]

    # Once the office approves it, the school can neither edit nor resend it.
    accept_submission(versions[1], user=world.specialist)
    _save(principal, directions="Đổi hướng.", submit="1")
    connection.set_schema_to_public()
    assert Submission.objects.filter(kind=Submission.Kind.YEAR_REPORT).count() == 2
    with schema_context(world.school_a.schema_name):
        assert YearReport.objects.get().directions == TEXTS["directions"]


def test_a_bad_school_year_changes_nothing(world, client_for):
    principal = client_for(world.principal_a, world.school_a)
    principal.post("/bao-cao-tong-ket/luu/", {"nam": "2025-2027", **TEXTS})
    with schema_context(world.school_a.schema_name):
        assert not YearReport.objects.exists()
    assert principal.get("/bao-cao-tong-ket/?nam=abc").status_code == 404


def _text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        lines += [cell.text for table in section.header.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def test_the_docx_and_pdf_hold_the_figures_and_the_text(world, year_data, client_for):
    principal = client_for(world.principal_a, world.school_a)
    _save(principal)
    response = principal.get(f"/bao-cao-tong-ket/{SCHOOL_YEAR}/tai-ve.docx")
    assert response.status_code == 200
    text = _text_of(response.content)
    assert "BÁO CÁO" in text
    assert f"Tổng kết công tác thi đua, khen thưởng năm học {SCHOOL_YEAR}" in text
    assert "/BC-" in text  # "Số: …/BC-<school>": numbered when sent
    assert "Tổng số cán bộ, giáo viên, nhân viên: 4 người" in text
    assert "Thi đua “Dạy tốt – học tốt”" in text
    assert "Tập thể lao động xuất sắc" in text
    assert "Phong trào “Dạy tốt – học tốt” được hưởng ứng rộng rãi." in text
    assert TEXTS["directions"] in text
    assert "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG" in text and "51/QĐ-THA, 02/06/2026" in text
    assert "Nơi nhận" in text and "Nguyễn Thị An" in text
    assert f"{world.office.name} (để báo cáo);" in text

    pdf = principal.get(f"/bao-cao-tong-ket/{SCHOOL_YEAR}/tai-ve.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "Tổng kết công tác thi đua, khen thưởng năm học 2025-2026" in pdf_text(pdf.content)

    preview = principal.get(f"/bao-cao-tong-ket/{SCHOOL_YEAR}/xem-truoc/")
    assert preview.status_code == 200 and 'data-testid="year-report-preview"' in preview.content.decode()
    printed = principal.get(f"/bao-cao-tong-ket/{SCHOOL_YEAR}/xem-truoc/?trang=in").content.decode()
    assert "Lê Minh Anh" in printed and TEXTS["weaknesses"] in printed


def test_another_school_sees_only_its_own_figures(world, year_data, client_for):
    page = client_for(world.principal_b, world.school_b).get(f"/bao-cao-tong-ket/?nam={SCHOOL_YEAR}")
    assert page.status_code == 200
    assert "Lê Minh Anh" not in page.content.decode()
    assert client_for(world.principal_b, world.school_a).get("/bao-cao-tong-ket/").status_code in (403, 404)
