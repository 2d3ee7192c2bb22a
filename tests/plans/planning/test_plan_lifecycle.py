"""The plan as stored in a school's schema: import of the seeds with no line lost, the commands, and
the lifecycle draft → consultation → issued → revised, with what crosses to the office."""

import datetime
import io

import docx
import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context
from pypdf import PdfReader

from office.submissions.models import Submission
from plans.notifications.models import Notification
from plans.planning import services as plan_services
from plans.planning.export import export_plan
from plans.planning.models import DocumentCounter, Plan, PlanSection, PlanTask
from plans.planning.plan_import import import_plan
from plans.planning.services import PlanError
from tests.factories.plans import LE_QUY_DON, YEN_HOA, every_difference, lost_lines, seed_bytes, squash


def import_seed(world, path, user=None):
    parsed = import_plan(path.name, seed_bytes(path))
    return plan_services.create_plan_from_import(
        parsed, school=world.school_a, filename=path.name, encoding="utf-8", user=user or world.principal_a
    )


@pytest.mark.parametrize("path", [LE_QUY_DON, YEN_HOA], ids=["le-quy-don", "yen-hoa"])
def test_every_non_blank_line_of_a_seed_is_stored_in_the_plan(world, path):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, path)
        assert lost_lines(seed_bytes(path), Plan.objects.get(pk=plan.pk)) == []


def test_le_quy_don_is_stored_with_its_number_date_signer_and_twelve_months(world):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, LE_QUY_DON)
        assert plan.number == "12/KH-THLQĐ"
        assert plan.issued_on == datetime.date(2024, 1, 9)
        assert plan.place == "Hà Đông" and plan.year == 2024
        assert plan.parent_body == "UBND QUẬN HÀ ĐÔNG" and plan.issuing_body == "TRƯỜNG TIỂU HỌC LÊ QUÝ ĐÔN"
        assert plan.signer_name == "Teo Thị Thanh Mai" and plan.signer_title == "HIỆU TRƯỞNG"
        months = sorted({(t.year, t.month) for t in plan.tasks.all()})
        assert months == [(2024, m) for m in range(1, 13)]
        assert plan.tasks.count() == 34
        assert [b.number for b in plan.bases.all()] == [
            "133/KH-HĐTĐKT",
            "01/KH-UBND",
            "4626/KH-SGDĐT",
            "01/KH-PGDĐT",
        ]
        codes = {w["code"] for w in plan.import_record["warnings"]}
        assert {"duplicate_number", "lone_letter_item"} <= codes
        assert plan.movements.filter(name="Dạy tốt - Học tốt").exists()


def test_yen_hoa_is_stored_with_its_bases_signer_and_warnings(world):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, YEN_HOA)
        assert (
            plan.number == "" and plan.signer_name == "Dương Thị Hiền" and plan.signer_title == "HIỆU TRƯỞNG"
        )
        bases = list(plan.bases.all())
        assert len(bases) == 5
        assert bases[0].number == "4552/KH-SGDĐT" and bases[0].issued_on == datetime.date(2024, 12, 20)
        assert plan.recipients == ["- Phòng GD (để b/c)", "- Cb, gv, nv (để t/h);", "- Lưu: VT."]
        codes = {w["code"] for w in plan.import_record["warnings"]}
        assert {"missing_number", "numbering_gap", "stray_header_line"} <= codes
        assert not plan.tasks.exists()


def test_import_command_prints_the_id_and_a_summary(world, capsys):
    call_command("import_plan", "truonga", str(LE_QUY_DON))
    out = capsys.readouterr().out
    with schema_context(world.school_a.schema_name):
        plan = Plan.objects.get()
    assert f"id {plan.pk}" in out
    assert "22 mục, 34 công việc trong 12 tháng, 4 căn cứ" in out
    assert "dòng 137" in out  # the repeated "III." is listed with its line


def test_import_command_refuses_a_bad_file_and_creates_nothing(world, tmp_path):
    bad = tmp_path / "ke-hoach.txt"
    bad.write_text("Xin chào", encoding="utf-8")
    with pytest.raises(CommandError, match="Không nhận ra kế hoạch"):
        call_command("import_plan", "truonga", str(bad))
    with pytest.raises(CommandError, match="Không có trường"):
        call_command("import_plan", "khongco", str(LE_QUY_DON))
    with schema_context(world.school_a.schema_name):
        assert not Plan.objects.exists()


def test_export_command_writes_docx_and_pdf(world, tmp_path, capsys):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, LE_QUY_DON)
    for fmt in ("docx", "pdf"):
        target = tmp_path / f"kh.{fmt}"
        call_command("export_plan", "truonga", str(plan.pk), "--format", fmt, "-o", str(target))
        assert target.stat().st_size > 10_000
    with pytest.raises(CommandError, match="không có kế hoạch id 999"):
        call_command("export_plan", "truonga", "999")


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return squash("\n".join(texts))


@pytest.mark.parametrize("path", [LE_QUY_DON, YEN_HOA], ids=["le-quy-don", "yen-hoa"])
def test_the_exported_docx_holds_the_whole_plan_in_the_official_layout(world, path):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, path)
        text = docx_text(export_plan(plan, "docx")[0])
        for expected in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            plan.issuing_body,
            "KẾ HOẠCH",
            plan.title,
            plan.signer_name,
            *(r.lstrip("- ") for r in plan.recipients),
            *(section.heading for section in plan.sections.all()),
            *(task.text for task in plan.tasks.all()),
        ):
            assert squash(expected) in text, expected
        if plan.number:
            assert f"Số: {plan.number}" in text
            assert "Hà Đông, ngày 09 tháng 01 năm 2024" in text


def test_the_exported_pdf_renders_the_plan(world):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, LE_QUY_DON)
        content, filename, content_type = export_plan(plan, "pdf")
    assert content.startswith(b"%PDF") and content_type == "application/pdf"
    assert filename == "Ke-hoach-12-kh-thlqd-2024.pdf"
    text = squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "12/KH-THLQĐ",
        "Teo Thị Thanh Mai",
        "MỤC ĐÍCH, YÊU CẦU",
    ):
        assert expected in text


def test_consultation_issue_and_revision(world):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, YEN_HOA)
        plan_services.open_consultation(plan, school=world.school_a, user=world.principal_a)
        assert Notification.objects.filter(
            recipient_id=world.teacher_a.pk, link=f"/ke-hoach/{plan.pk}/"
        ).exists()
        section = plan.sections.first()
        plan_services.add_comment(section, user=world.teacher_a, text="Bổ sung chỉ tiêu LĐTT")
        world.school_a.abbreviation = "THA"
        issued = plan_services.issue_plan(
            plan,
            school=world.school_a,
            user=world.principal_a,
            confirm=every_difference(plan, world.school_a),
        )
        assert issued.status == Plan.Status.ISSUED and issued.number == "01/KH-THA"
        with pytest.raises(PlanError, match="đã ban hành"):
            plan_services.update_section(section, heading="Sửa", body="", user=world.principal_a)
        with pytest.raises(PlanError, match="đã ban hành"):
            plan_services.add_task(issued, year=2025, month=3, text="Việc mới", user=world.principal_a)
        with pytest.raises(PlanError, match="Kế hoạch không trong thời gian lấy ý kiến"):
            plan_services.add_comment(section, user=world.teacher_a, text="Muộn")
        revision = plan_services.revise_plan(issued, user=world.principal_a)
        assert (revision.version, revision.status, revision.number) == (2, Plan.Status.DRAFT, "")
        assert revision.sections.count() == issued.sections.count()
        plan_services.update_section(
            revision.sections.first(), heading="MỤC ĐÍCH YÊU CẦU (sửa đổi)", body="", user=world.principal_a
        )
        reissued = plan_services.issue_plan(
            revision,
            school=world.school_a,
            user=world.principal_a,
            confirm=every_difference(revision, world.school_a),
        )
        assert reissued.number == "02/KH-THA"
        assert Plan.objects.get(pk=issued.pk).status == Plan.Status.SUPERSEDED
    versions = Submission.objects.for_school(world.school_a).filter(kind="plan").order_by("version")
    assert [(s.version, s.status) for s in versions] == [(1, "superseded"), (2, "submitted")]
    assert versions[1].payload["sections"][0]["heading"] == "MỤC ĐÍCH YÊU CẦU (sửa đổi)"
    assert not Submission.objects.for_school(world.school_b).exists()


def test_an_imported_number_takes_its_place_in_the_register(world):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, LE_QUY_DON)
        plan_services.issue_plan(
            plan,
            school=world.school_a,
            user=world.principal_a,
            confirm=every_difference(plan, world.school_a),
        )
        assert DocumentCounter.objects.get(year=2024, type_abbreviation="KH").last_number == 12


def test_copy_to_next_year_moves_the_plans_own_years_only(world):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, LE_QUY_DON)
        copy = plan_services.copy_plan_to_next_year(plan, user=world.principal_a)
        assert copy.year == 2025 and copy.status == Plan.Status.DRAFT and copy.number == ""
        assert copy.title == "Công tác Thi đua, Khen thưởng năm 2025"
        assert copy.school_years == ["2024-2025", "2025-2026"]
        assert sorted({(t.year, t.month) for t in copy.tasks.all()}) == [(2025, m) for m in range(1, 13)]
        body = "\n".join(s.body for s in copy.sections.all())
        assert "năm 2025" in body and "ngày 31/12/2020" in copy.basis_paragraphs[0]
        assert copy.sections.count() == plan.sections.count()
        with pytest.raises(PlanError, match="Đã có kế hoạch năm 2025"):
            plan_services.copy_plan_to_next_year(plan, user=world.principal_a)


def test_sections_are_added_moved_and_deleted_in_document_order(world):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, YEN_HOA)
        first, second = PlanSection.objects.filter(plan=plan, parent=None).order_by("position")[:2]
        child = plan_services.add_section(plan, heading="Mục mới", parent=first, user=world.principal_a)
        assert child.marker == "3." and child.kind == PlanSection.Kind.NUMBER
        ordered = list(PlanSection.objects.filter(plan=plan).order_by("position"))
        assert ordered.index(child) < ordered.index(second)  # under its parent, before the next part
        plan_services.move_section(second, "up", user=world.principal_a)
        tops = list(PlanSection.objects.filter(plan=plan, parent=None).order_by("position"))
        assert tops[:2] == [second, first]
        ordered = list(PlanSection.objects.filter(plan=plan).order_by("position"))
        assert ordered.index(child) > ordered.index(first)  # the child moved with its parent
        plan_services.delete_section(first, user=world.principal_a)
        assert not PlanSection.objects.filter(pk=child.pk).exists()
        with pytest.raises(PlanError, match="không được để trống"):
            plan_services.add_section(plan, heading="   ", user=world.principal_a)


def test_vietnamese_typed_with_combining_marks_is_stored_precomposed(world):
    decomposed = "Tie\u0302\u0309u ho\u0323c"  # "Tiểu học" typed with combining marks
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, YEN_HOA)
        section = plan_services.add_section(plan, heading=decomposed, user=world.principal_a)
        assert section.heading == "Tiểu học"
        plan_services.update_plan_header(plan, place="Ha\u0300 \u0110o\u0302ng", user=world.principal_a)
        assert Plan.objects.get(pk=plan.pk).place == "Hà Đông"


def test_task_follow_up_stays_open_after_issue(world):
    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, LE_QUY_DON)
        plan = plan_services.issue_plan(
            plan,
            school=world.school_a,
            user=world.principal_a,
            confirm=every_difference(plan, world.school_a),
        )
        task = plan.tasks.first()
        plan_services.assign_task(
            task, owner_role="council_secretary", state=PlanTask.State.DONE, user=world.principal_a
        )
        assert PlanTask.objects.get(pk=task.pk).state == PlanTask.State.DONE
        with pytest.raises(PlanError):
            plan_services.assign_task(task, owner_role="hacker", user=world.principal_a)


def test_every_change_of_a_plan_is_in_the_schools_audit_log(world):
    from office.audit.models import AuditEvent
    from office.audit.selectors import history_of

    with schema_context(world.school_a.schema_name):
        plan = import_seed(world, YEN_HOA)
        section = plan.sections.first()
        plan_services.update_section(section, heading="MỤC ĐÍCH", body="", user=world.principal_a)
        plan_services.update_plan_header(plan, place="Hà Đông", user=world.principal_a)
        plan_services.issue_plan(
            plan,
            school=world.school_a,
            user=world.principal_a,
            confirm=every_difference(plan, world.school_a),
        )
        events = list(history_of(plan).order_by("at", "pk"))
        assert [e.action for e in events] == [
            "plan.imported",
            "plan.section_changed",
            "plan.header_changed",
            # Yên Hoà's file is not school A's: each difference was confirmed, by whom and when.
            "plan.difference_confirmed",
            "plan.difference_confirmed",
            "plan.issued",
        ]
        assert {e.after["code"] for e in events[3:5]} == {"signer", "year"}
        assert all(e.user == world.principal_a for e in events[3:5])
        changed = events[1]
        assert changed.user == world.principal_a
        assert changed.before["heading"] == "MỤC ĐÍCH YÊU CẦU" and changed.after["heading"] == "MỤC ĐÍCH"
        assert events[5].after["status"] == "issued"
    with schema_context(world.school_b.schema_name):
        assert not AuditEvent.objects.exists()  # school A's history stays in school A's schema
    assert not AuditEvent.objects.filter(action__startswith="plan.").exists()  # nor in public
