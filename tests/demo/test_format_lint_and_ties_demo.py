"""Rules 19 and 14 in the demo. Rule 19 on every document the platform produces (DOMAIN.md §7): the demo office is loaded once and
each Word file made from it goes through the NĐ 30/2020 lint — the schools' plans (DOCX, and the PDF's
pages), the minutes of each closed review round, every dossier's tờ trình, biên bản and báo cáo thành
tích, the office's decisions, the submitted plans as the office downloads them, and the office's
consolidated tờ trình. Each finding is listed with its document, so one run shows them all.

Not linted: the cluster comparison's PDF (reporting/cluster_comparison) is an A4 landscape table of
scores and charts, not an administrative document (no Quốc hiệu, number or signature: NĐ 30/2020
does not govern it); the Excel lists are not documents of the decree either.

Rule 14: Lê Quý Đôn's closed round of 2024-2025 has a man and a woman with the same votes, listed woman
first with the reason; the imported seed plans keep their format warnings."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase, override_settings
from django_tenants.utils import schema_context
from pypdf import PdfReader

from demo.loader import DEMO_SCHOOLS, SO_SCHOOLS
from office.accounts.models import User
from office.core.collation import person_key
from office.core.object_storage import get_object_storage
from office.decisions.documents import decision_docx_bytes
from office.decisions.models import Decision
from office.decisions.selectors import decision_lines
from office.submissions import reading
from office.submissions import selectors as submission_selectors
from office.submissions.models import Submission
from plans.emulation import selectors
from plans.emulation.minutes import round_minutes_docx
from plans.emulation.models import ReviewRound
from plans.nominations.documents import achievement_report_docx, cover_letter_docx, minutes_docx
from plans.nominations.models import Dossier
from plans.planning.export import export_plan
from plans.planning.models import Plan
from reporting.consolidated_list import ConsolidatedRow, Office, office_cover_letter_docx
from reporting.official_document import lint_docx_bytes, render_docx
from tenants.models import School

A4_PORTRAIT_PT = (595, 842)


@pytest.fixture(scope="module")
def demo_office(django_db_setup, django_db_blocker, tmp_path_factory):
    """`load_demo` once, in a transaction rolled back after the module (as tests/demo/test_demo.py)."""
    with (
        override_settings(
            OBJECT_STORAGE_BACKEND="local", LOCAL_OBJECT_STORAGE_DIR=tmp_path_factory.mktemp("objects")
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        get_object_storage.cache_clear()
        try:
            # What `make run` commits runs its on-commit hooks after load_demo returns, on whatever
            # schema the connection is left on: run them here too, or a hook that writes to the wrong
            # schema would pass in this rolled-back transaction and fail only in `make run`.
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", "--quiet")
            connection.set_schema_to_public()
            yield SimpleNamespace(
                schools=list(School.objects.filter(code__in=[s.code for s in (*DEMO_SCHOOLS, *SO_SCHOOLS)]))
            )
        finally:
            transaction.set_rollback(True)
            get_object_storage.cache_clear()


def school_documents(school):
    """(name, DOCX bytes) of every document the school side makes, in the school's schema."""
    for plan in Plan.objects.order_by("pk"):
        yield f"{school.code}: kế hoạch {plan.pk} ({plan.get_status_display()})", export_plan(plan, "docx")[0]
    for review_round in ReviewRound.objects.filter(status=ReviewRound.Status.CLOSED).order_by("pk"):
        yield f"{school.code}: biên bản bình xét {review_round.pk}", round_minutes_docx(review_round, school)
    for dossier in Dossier.objects.order_by("pk"):
        yield f"{school.code}: tờ trình hồ sơ {dossier.pk}", cover_letter_docx(dossier, school)
        minutes = minutes_docx(dossier, school)
        if minutes is not None:
            yield f"{school.code}: biên bản của hồ sơ {dossier.pk}", minutes
        for nomination in dossier.nominations.select_related("staff").order_by("pk"):
            yield (
                f"{school.code}: báo cáo thành tích {nomination.pk} (hồ sơ {dossier.pk})",
                achievement_report_docx(nomination, school),
            )


def office_documents():
    for decision in Decision.objects.select_related("issuer", "office").order_by("pk"):
        yield f"quyết định {decision.pk}", decision_docx_bytes(decision, list(decision_lines(decision)))
    for submission in Submission.objects.filter(kind=Submission.Kind.PLAN).order_by("pk"):
        yield f"kế hoạch đã gửi {submission.pk}", render_docx(reading.plan_document(submission))
    specialist = User.objects.get(username="phong.chuyenvien")
    office = submission_selectors.sending_offices(specialist)[0]
    for year in sorted(set(Submission.objects.values_list("year", flat=True))):
        approved = submission_selectors.approved_nominees(specialist, year)
        if not approved:
            continue
        rows = [
            ConsolidatedRow(r.full_name, r.position, r.unit, r.title_label, r.achievements, r.priority_reason)
            for r in approved
        ]
        sender = Office(
            name=office.name,
            parent_name=office.parent.name if office.parent_id else "",
            abbreviation=office.short_name.replace(" ", "") or office.code.upper(),
            place=submission_selectors.place_of(office),
            head_name=submission_selectors.office_head_name(office),
        )
        content = office_cover_letter_docx(
            office=sender, school_year=f"{year - 1}-{year}", rows=rows, schools=1, date=None
        )
        yield f"tờ trình tổng hợp của phòng năm {year}", content


def test_every_document_the_platform_makes_passes_the_format_lint(demo_office, db):
    seen, findings = [], []
    for school in demo_office.schools:
        with schema_context(school.schema_name):
            for name, content in school_documents(school):
                seen.append(name)
                findings += [f"{name}: {f.text}" for f in lint_docx_bytes(content)]
    for name, content in office_documents():
        seen.append(name)
        findings += [f"{name}: {f.text}" for f in lint_docx_bytes(content)]
    assert not findings, "\n".join(findings)
    kinds = " ".join(seen)
    for kind in ("kế hoạch", "biên bản bình xét", "tờ trình hồ sơ", "báo cáo thành tích", "quyết định"):
        assert kind in kinds, kind
    assert "kế hoạch đã gửi" in kinds and "tờ trình tổng hợp" in kinds


def test_the_plans_pdf_is_a4_portrait(demo_office, db):
    school = next(s for s in demo_office.schools if s.code == "lequydon")
    with schema_context(school.schema_name):
        plan = Plan.objects.order_by("pk").first()
        pdf = PdfReader(io.BytesIO(export_plan(plan, "pdf")[0]))
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_PORTRAIT_PT


def test_the_demo_round_settles_a_tie_by_rule_14(demo_office, db, client_for):
    school = next(s for s in demo_office.schools if s.code == "lequydon")
    with schema_context(school.schema_name):
        closed = ReviewRound.objects.get(school_year="2024-2025")
        ranked = selectors.ranked_results(closed, school)
    reason = "Ưu tiên: nữ (NĐ 98/2023 Điều 4)"  # the round met on 22/05/2025, before NĐ 152/2025
    settled = [
        (woman, man)
        for woman in ranked
        for man in ranked
        if woman.tied
        and woman.priority_reason == reason
        and man.candidate.staff is not None
        and man.candidate.staff.gender == "nam"
        and (man.candidate.title, man.share) == (woman.candidate.title, woman.share)
        and person_key(man.candidate.display_name) < person_key(woman.candidate.display_name)
    ]
    assert settled, "a man and a woman with the same votes, his name first in Vietnamese order"
    woman, man = settled[0]
    assert ranked.index(woman) < ranked.index(man)
    page = client_for(User.objects.get(username="lqd.hieutruong"), school).get(
        f"/thi-dua/binh-xet/{closed.pk}/"
    )
    assert f"{reason} – áp dụng vì bằng số phiếu" in page.content.decode()


def test_the_imported_seed_plans_show_their_format_warnings(demo_office, db):
    """The seeds are text files: the lint reads their header lines (no font or margins to read). What
    it finds there the importer already says in its own words: Lê Quý Đôn's motto with en dashes,
    Yên Hoà's missing national title and motto; nothing else is out of format."""
    expected = {"lequydon": "motto_format", "yenhoa": "missing_national_heading"}
    for code, warning in expected.items():
        school = next(s for s in demo_office.schools if s.code == code)
        with schema_context(school.schema_name):
            imported = (
                Plan.objects.exclude(import_record__isnull=True).exclude(import_record={}).order_by("pk")
            )
            codes = {w["code"] for plan in imported for w in plan.import_record.get("warnings", [])}
        assert warning in codes
        assert not {c for c in codes if c.startswith("format_")}
