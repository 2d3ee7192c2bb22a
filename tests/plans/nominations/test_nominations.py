"""Nominations checked by the rules, gathered into a dossier, sent to the office, returned and sent
again as version 2, with the office's comments beside it."""

import datetime
import io

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from office.rules.vocabulary import Title
from office.submissions.models import Submission
from office.submissions.services import return_submission
from plans.initiatives.models import Initiative
from plans.nominations import services
from plans.nominations.models import Nomination
from plans.nominations.services import NominationError
from plans.staff.models import Staff
from tests.factories.nominations import (
    SCHOOL_YEAR,
    submitted_dossier,
    teacher,
)


def test_nominations_come_from_the_review_and_the_checker_answers_per_rule(world, school_year_data):
    with schema_context(world.school_a.schema_name):
        created = services.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a)
        assert len(created) == 3
        assert services.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a) == []
        for nomination in created:
            services.run_check(nomination, school=world.school_a, user=world.principal_a)
        anh_ldtt = Nomination.objects.get(staff=school_year_data["anh"], title=Title.LDTT)
        binh_ldtt = Nomination.objects.get(staff=school_year_data["binh"], title=Title.LDTT)
        assert anh_ldtt.verdict == Nomination.Verdict.MET, anh_ldtt.check_report
        assert binh_ldtt.verdict == Nomination.Verdict.NOT_MET
        refused = [r for r in binh_ldtt.check_report if r["status"] == "not_met"]
        assert refused and "Hoàn thành nhiệm vụ" in refused[0]["reason"] and refused[0]["article"]


def test_a_refused_nomination_cannot_enter_a_dossier_and_the_reason_is_given(world, school_year_data):
    with schema_context(world.school_a.schema_name):
        services.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a)
        dossier = services.create_dossier(
            school_year=SCHOOL_YEAR,
            subject="Về việc đề nghị công nhận danh hiệu thi đua năm học 2025-2026",
            recipient="Chủ tịch UBND phường Hà Đông",
            review_round=school_year_data["round"],
            user=world.principal_a,
        )
        binh = Nomination.objects.get(staff=school_year_data["binh"])
        with pytest.raises(NominationError, match=r"chưa đủ điều kiện.*Hoàn thành nhiệm vụ"):
            services.add_to_dossier(dossier, [binh], school=world.school_a, user=world.principal_a)
        assert Nomination.objects.get(pk=binh.pk).dossier_id is None


def test_submitting_sends_an_immutable_snapshot_and_uses_the_initiative_once(world, school_year_data):
    with schema_context(world.school_a.schema_name):
        dossier, submission, cstdcs = submitted_dossier(world, school_year_data)
        dossier.refresh_from_db()
        assert dossier.number.endswith("/TTr-THA")
        initiative = Initiative.objects.get(pk=school_year_data["initiative"].pk)
        assert initiative.used_for == "cstdcs:2026"
        with pytest.raises(
            NominationError, match="gửi lên cơ quan quản lý; chỉ sửa được khi hồ sơ bị trả lại"
        ):
            services.update_nomination(
                cstdcs, summary="Sửa", achievements="", initiative=None, user=world.principal_a
            )
        with pytest.raises(NominationError, match="đã gửi lên"):
            services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
    assert submission.kind == Submission.Kind.DOSSIER and submission.version == 1
    names = {(n["full_name"], n["title"]) for n in submission.payload["nominees"]}
    assert names == {("Lê Minh Anh", "ldtt"), ("Lê Minh Anh", "cstdcs")}
    assert all(n["verdict"] == "met" for n in submission.payload["nominees"]), submission.payload["nominees"]
    assert submission.payload["evidence"][0]["sha256"] == "ab" * 32


def test_a_returned_dossier_is_corrected_and_sent_again_as_version_2(world, school_year_data, client_for):
    with schema_context(world.school_a.schema_name):
        dossier, submission, cstdcs = submitted_dossier(world, school_year_data)
    return_submission(
        submission,
        comments=[{"document": "achievement_report", "text": "Bổ sung số liệu học sinh lớp chủ nhiệm"}],
        user=world.specialist,
    )
    page = client_for(world.principal_a, world.school_a).get(f"/de-nghi/ho-so/{dossier.pk}/").content.decode()
    assert "Bổ sung số liệu học sinh lớp chủ nhiệm" in page and "Gửi lại hồ sơ đã sửa" in page
    with schema_context(world.school_a.schema_name):
        services.update_nomination(
            cstdcs,
            summary="Hoàn thành xuất sắc nhiệm vụ",
            achievements="Chủ nhiệm lớp 2A1: 32/32 học sinh hoàn thành tốt.",
            initiative=school_year_data["initiative"],
            user=world.principal_a,
        )
        second = services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
    assert second.version == 2
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUPERSEDED and submission.review_comments
    page = client_for(world.principal_a, world.school_a).get(f"/de-nghi/ho-so/{dossier.pk}/").content.decode()
    assert "lần 2" in page and "Bổ sung số liệu học sinh lớp chủ nhiệm" in page


def test_dossier_documents_download(world, school_year_data, client_for):
    with schema_context(world.school_a.schema_name):
        dossier, _, cstdcs = submitted_dossier(world, school_year_data)
    client = client_for(world.principal_a, world.school_a)
    letter = docx.Document(
        io.BytesIO(client.get(f"/de-nghi/ho-so/{dossier.pk}/van-ban/to-trinh.docx").content)
    )
    text = "\n".join(p.text for p in letter.paragraphs) + "".join(
        c.text for t in letter.tables for r in t.rows for c in r.cells
    )
    assert "TỜ TRÌNH" in text and "Lê Minh Anh" in text and "Chiến sĩ thi đua cơ sở" in text
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/de-nghi/ho-so/{dossier.pk}/van-ban/danh-sach.xlsx").content)
    ).active
    assert [c.value for c in sheet[4]][:2] == ["STT", "Họ và tên"]
    minutes = client.get(f"/de-nghi/ho-so/{dossier.pk}/van-ban/bien-ban.docx")
    assert minutes.status_code == 200 and minutes.content[:2] == b"PK"
    report = docx.Document(io.BytesIO(client.get(f"/de-nghi/{cstdcs.pk}/bao-cao-thanh-tich.docx").content))
    assert "Chủ nhiệm lớp 2A1." in "\n".join(p.text for p in report.paragraphs)


def test_pages_are_for_the_leadership_and_show_the_refusal_reason(world, school_year_data, client_for):
    with schema_context(world.school_a.schema_name):
        services.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a)
        binh = Nomination.objects.get(staff=school_year_data["binh"])
        services.run_check(binh, school=world.school_a, user=world.principal_a)
    assert client_for(world.teacher_a, world.school_a).get("/de-nghi/").status_code == 403
    page = client_for(world.principal_a, world.school_a).get(f"/de-nghi/{binh.pk}/").content.decode()
    assert "Chưa đủ điều kiện" in page and "Hoàn thành nhiệm vụ" in page


def test_the_nomination_list_costs_the_same_queries_for_one_row_and_many(world, client_for):
    client = client_for(world.principal_a, world.school_a)
    with schema_context(world.school_a.schema_name):
        services.create_nomination(
            school_year=SCHOOL_YEAR, staff=teacher("Một"), title=Title.LDTT, user=world.principal_a
        )
    client.get(f"/de-nghi/?school_year={SCHOOL_YEAR}")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/de-nghi/?school_year={SCHOOL_YEAR}")
    with schema_context(world.school_a.schema_name):
        for index in range(6):
            services.create_nomination(
                school_year=SCHOOL_YEAR,
                staff=teacher(f"Người {index}"),
                title=Title.LDTT,
                user=world.principal_a,
            )
    with CaptureQueriesContext(connection) as many:
        client.get(f"/de-nghi/?school_year={SCHOOL_YEAR}")
    assert len(many) == len(one)


def test_knc_page_lists_who_has_served_long_enough(world, client_for):
    with schema_context(world.school_a.schema_name):
        Staff.objects.create(
            full_name="Nguyễn Thị Lâu Năm", gender="nu", joined_sector_on=datetime.date(1998, 9, 1)
        )
        Staff.objects.create(
            full_name="Phạm Văn Mới", gender="nam", joined_sector_on=datetime.date(2020, 9, 1)
        )
    page = client_for(world.principal_a, world.school_a).get("/de-nghi/ky-niem-chuong/").content.decode()
    first, second = page.index("Nguyễn Thị Lâu Năm"), page.index("Phạm Văn Mới")
    assert first < second  # the eligible come first
    assert "Đủ điều kiện" in page[first:second]  # 28 years in the sector
    assert "Chưa đủ điều kiện" in page[second:]  # 6 years


def test_the_dossier_list_costs_the_same_queries_for_one_dossier_and_many(
    world, school_year_data, client_for
):
    client = client_for(world.principal_a, world.school_a)
    with schema_context(world.school_a.schema_name):
        submitted_dossier(world, school_year_data)
    client.get("/de-nghi/ho-so/")
    with CaptureQueriesContext(connection) as one:
        client.get("/de-nghi/ho-so/")
    with schema_context(world.school_a.schema_name):
        for index in range(4):
            services.create_dossier(
                school_year=SCHOOL_YEAR,
                subject=f"Hồ sơ {index}",
                recipient="Chủ tịch UBND phường",
                review_round=None,
                user=world.principal_a,
            )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/de-nghi/ho-so/").content.decode()
    assert page.count('data-testid="dossier-state"') == 5
    assert len(many) == len(one)


def test_an_approved_dossier_is_locked_until_the_office_head_unapproves_it(
    world, school_year_data, client_for
):
    from office.accounts.models import Role
    from office.accounts.services import ensure_user, grant_office_role
    from office.submissions.services import accept_submission, forward_submission, unapprove_submission

    with schema_context(world.school_a.schema_name):
        dossier, submission, cstdcs = submitted_dossier(world, school_year_data)
    forward_submission(accept_submission(submission, user=world.specialist), user=world.specialist)
    page = client_for(world.principal_a, world.school_a).get(f"/de-nghi/ho-so/{dossier.pk}/").content.decode()
    assert "Cơ quan quản lý đã duyệt hồ sơ" in page and "Sở GDĐT Thử nghiệm" in page
    assert 'data-testid="submit-dossier"' not in page
    with schema_context(world.school_a.schema_name):
        with pytest.raises(NominationError, match="đã được cơ quan quản lý phê duyệt"):
            services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
        dossier.refresh_from_db()
        with pytest.raises(NominationError, match="hủy duyệt"):
            services.remove_from_dossier(dossier, cstdcs, user=world.principal_a)
    assert Submission.objects.for_school(world.school_a).filter(kind="dossier").count() == 1
    head = ensure_user(username="lanhdao.phong", full_name="Lãnh Đạo Phòng", password=None)
    grant_office_role(head, world.office, Role.OFFICE_HEAD)
    unapprove_submission(submission, reason="Thiếu quyết định công nhận sáng kiến", user=head)
    page = client_for(world.principal_a, world.school_a).get(f"/de-nghi/ho-so/{dossier.pk}/").content.decode()
    assert "Cơ quan quản lý đã hủy duyệt hồ sơ (1 lần)" in page
    assert "Thiếu quyết định công nhận sáng kiến" in page and 'data-testid="submit-dossier"' in page
    with schema_context(world.school_a.schema_name):
        second = services.submit_dossier(dossier, school=world.school_a, user=world.principal_a)
    assert second.version == 2


def test_a_high_schools_dossier_is_checked_against_the_so_not_the_ward(world, school_year_data):
    """The checker hears the school's level: a THPT school is the Sở's (routing.issuer by school level),
    so a dossier addressed to the ward chair is refused and one to the Sở's director passes."""
    world.school_a.level = "thpt"
    world.school_a.save(update_fields=["level"])
    with schema_context(world.school_a.schema_name):
        services.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a)
        anh_ldtt = Nomination.objects.get(staff=school_year_data["anh"], title=Title.LDTT)
        for addressed, status in (("chu_tich_ubnd_xa", "not_met"), ("giam_doc_so", "met")):
            dossier = services.create_dossier(
                school_year=SCHOOL_YEAR,
                subject="Về việc đề nghị công nhận danh hiệu thi đua năm học 2025-2026",
                recipient="Giám đốc Sở Giáo dục và Đào tạo Hà Nội",
                review_round=school_year_data["round"],
                user=world.principal_a,
                addressed_to_level=addressed,
            )
            Nomination.objects.filter(pk=anh_ldtt.pk).update(dossier=dossier)
            anh_ldtt.refresh_from_db()
            services.run_check(
                anh_ldtt, school=world.school_a, user=world.principal_a, on=datetime.date(2026, 5, 20)
            )
            (routing,) = [r for r in anh_ldtt.check_report if r["code"] == "routing.issuer"]
            assert routing["status"] == status, routing
            assert "Điều 75" in routing["article"] and "[UNVERIFIED]" in routing["reason"]


def _tables_touched(queries, table: str) -> int:
    return sum(1 for query in queries if f'"{table}"' in query["sql"])


def test_checking_or_adding_many_nominations_counts_the_facts_and_reads_the_rules_once(
    world, school_year_data
):
    """The school's facts (eight counting queries and the office's row) and the rules in force are
    the same for every nomination of a batch: one nomination or two cost them once."""
    with schema_context(world.school_a.schema_name):
        services.nominations_from_review(school_year=SCHOOL_YEAR, user=world.principal_a)
        anh = list(Nomination.objects.filter(staff=school_year_data["anh"]).order_by("title"))
        assert len(anh) == 2

        def measured(action, nominations):
            with CaptureQueriesContext(connection) as captured:
                action(nominations)
            return (
                _tables_touched(captured.captured_queries, "facts_schoolfacts"),
                _tables_touched(captured.captured_queries, "rules_ruleversion"),
                len(captured.captured_queries),
            )

        def check(nominations):
            services.run_checks(
                Nomination.objects.filter(pk__in=[n.pk for n in nominations]),
                school=world.school_a,
                user=world.principal_a,
            )

        def add(nominations):
            dossier = services.create_dossier(
                school_year=SCHOOL_YEAR,
                subject="Về việc đề nghị công nhận danh hiệu thi đua năm học 2025-2026",
                recipient="Chủ tịch UBND phường Hà Đông",
                review_round=school_year_data["round"],
                user=world.principal_a,
            )
            added = services.add_to_dossier(
                dossier, nominations, school=world.school_a, user=world.principal_a
            )
            assert added == nominations
            for nomination in added:
                services.remove_from_dossier(dossier, nomination, user=world.principal_a)

        for action in (check, add):
            facts_one, rules_one, total_one = measured(action, anh[:1])
            facts_two, rules_two, total_two = measured(action, anh)
            assert facts_one == facts_two >= 2  # read and written once, whatever the number
            assert rules_one == rules_two == 1
            assert total_two > total_one  # (the second nomination was checked too)
        assert {n.verdict for n in Nomination.objects.filter(pk__in=[n.pk for n in anh])} == {
            Nomination.Verdict.MET
        }
