"""The demo office: every part of it loaded together, believable, and loading it again adds nothing.

The whole demo takes half a minute to load, so this module loads it once (`demo_office`) and each test
checks its part and reloads it inside its own savepoint; everything is rolled back after the module."""

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tenants.utils import schema_context

from demo import emulation as emulation_demo
from demo import initiatives as initiatives_demo
from demo.loader import DEMO_ACCOUNTS, DEMO_SCHOOLS, SO_ACCOUNTS, SO_CODE, SO_SCHOOLS
from demo.people import PEOPLE_ACCOUNTS
from office.accounts.models import Membership, Role, User
from office.accounts.selectors import office_authorities, schools_under_offices_of
from office.audit.models import AuditEvent
from office.authorities.models import Authority
from office.authorities.selectors import school_history, schools_under
from office.authorities.services import existence_label
from office.core.object_storage import get_object_storage
from office.movements.models import Movement
from office.movements.selectors import movements_for_school
from office.rules.vocabulary import Rating, Scope, Title
from office.submissions.models import Submission
from plans.emulation import selectors as emulation_selectors
from plans.emulation.models import (
    BallotCast,
    Registration,
    RegistrationCampaign,
    ReviewCandidate,
    ReviewRound,
    StaffRating,
)
from plans.evidence.models import Evidence
from plans.initiatives.models import Initiative, InitiativeCouncil, Review
from plans.initiatives.selectors import initiative_facts, recognized_initiatives
from plans.planning.models import Plan
from plans.staff.models import Staff
from tenants.models import School


@pytest.fixture(scope="module")
def demo_office(django_db_setup, django_db_blocker, tmp_path_factory):
    """`load_demo` run once, as `make run` runs it, in a transaction rolled back after the module (each
    test's own `db` savepoint sits inside it). Its documents go to a local object store of the module."""
    objects_dir = tmp_path_factory.mktemp("demo-objects")
    output = io.StringIO()
    with (
        override_settings(OBJECT_STORAGE_BACKEND="local", LOCAL_OBJECT_STORAGE_DIR=objects_dir),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        get_object_storage.cache_clear()
        try:
            # What `make run` commits runs its on-commit hooks after load_demo returns, on whatever
            # schema the connection is left on: run them here too, or a hook that writes to the wrong
            # schema would pass in this rolled-back transaction and fail only in `make run`.
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", stdout=output)
            connection.set_schema_to_public()
            schools = {school.code: school for school in School.objects.filter(code__in=SCHOOL_CODES)}
            users = {u.username: u for u in User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS])}
            yield SimpleNamespace(output=output.getvalue(), schools=schools, users=users)
        finally:
            transaction.set_rollback(True)
            get_object_storage.cache_clear()


SCHOOL_CODES = {spec.code for spec in DEMO_SCHOOLS}


def test_demo_office_loads_once_with_every_role(demo_office, db):
    from office.facts.models import OfficeDeadline, SchoolFacts
    from reporting.dashboard.selectors import office_dashboard

    facts_before = list(SchoolFacts.objects.order_by("pk").values_list("pk", "staff_total", "awards_total"))
    deadlines_before = OfficeDeadline.objects.count()
    call_command("load_demo", "--quiet")
    codes = SCHOOL_CODES
    assert set(School.objects.filter(code__in=codes).values_list("code", flat=True)) == codes
    assert len(codes) >= 5
    assert {"mam_non", "tieu_hoc", "thcs"} <= set(
        School.objects.filter(code__in=codes).values_list("level", flat=True)
    )
    usernames = [a[0] for a in DEMO_ACCOUNTS] + [a[0] for a in PEOPLE_ACCOUNTS]
    roles = set(Membership.objects.filter(user__username__in=usernames).values_list("role", flat=True))
    assert roles == set(Role.values)
    for spec in DEMO_SCHOOLS:
        with schema_context(spec.code):
            assert Staff.objects.count() == spec.staff_count  # the second load added nobody
    assert_decisions_delivered()
    # The dashboard's part: the office's timeline with passed dates, and every school's facts counted.
    office = School.objects.get(code="lequydon").authority
    assert OfficeDeadline.objects.filter(authority=office, school_year="2025-2026").count() == 4
    lequydon = SchoolFacts.objects.get(school__code="lequydon", school_year="2025-2026")
    assert lequydon.staff_total == 42 and lequydon.registration_submitted and lequydon.awards_total > 0
    specialist = User.objects.get(username="phong.chuyenvien")
    rows = {row.code: row for row in office_dashboard(specialist, "2025-2026").rows}
    assert set(rows) == codes
    assert rows["lequydon"].plan_issued and any(row.is_late for row in rows.values())
    assert (
        list(SchoolFacts.objects.order_by("pk").values_list("pk", "staff_total", "awards_total"))
        == facts_before
    )
    assert OfficeDeadline.objects.count() == deadlines_before
    first = demo_office.output
    assert "http://lequydon.localhost:" in first
    assert "lqd.hieutruong" in first and "tdkt2026" in first
    _the_review_inbox_holds_a_mix()


def _the_review_inbox_holds_a_mix():
    """After two loads: Lê Quý Đôn's dossier (returned once, corrected as version 2) approved, Yên Hoà's
    waiting, Lê Lợi's returned with comments, each once; plans and registrations beside them."""
    from office.submissions.selectors import InboxFilter, inbox

    def dossiers(code):
        return list(
            Submission.objects.filter(school__code=code, kind=Submission.Kind.DOSSIER).order_by("version")
        )

    lqd = dossiers("lequydon")
    assert [(s.version, s.status) for s in lqd] == [(1, "superseded"), (2, "accepted")]
    assert lqd[0].review_comments and lqd[1].reviewed_by.username == "phong.chuyenvien"
    assert [s.status for s in dossiers("yenhoa")] == ["submitted"]
    leloi = dossiers("leloi")
    assert [s.status for s in leloi] == ["returned"] and len(leloi[0].review_comments) == 2
    specialist = User.objects.get(username="phong.chuyenvien")
    kinds = {s.kind for s in inbox(specialist, InboxFilter())}
    assert {"dossier", "plan", "registration"} <= kinds


def assert_decisions_delivered():
    """The demo's decisions of UBND quận Hà Đông are recorded and written, once, into the schools."""
    from office.decisions.models import Decision, DecisionLine
    from plans.staff.models import AwardRecord

    decisions = Decision.objects.filter(issuer__code="ubnd-hadong", year=2025)
    assert {d.state for d in decisions} == {Decision.State.DELIVERED} and decisions.count() == 2
    assert decisions.get(number="1520/QĐ-UBND").issuer_name == "UBND quận Hà Đông"
    for code in ("lequydon", "yenhoa"):
        lines = DecisionLine.objects.filter(decision__in=decisions, school__code=code)
        with schema_context(code):
            written = AwardRecord.objects.filter(source=AwardRecord.Source.OFFICE_DECISION)
            assert written.count() == lines.filter(outcome="written").count() > 0
            assert set(written.values_list("issuer_name", flat=True)) == {"UBND quận Hà Đông"}
            assert {r.external_ref for r in written} == {
                f"decision-line:{pk}" for pk in lines.filter(outcome="written").values_list("pk", flat=True)
            }
    _the_reform_moved_the_schools_to_the_wards_with_their_history()
    _movements_of_both_eras_reach_the_schools()


WARD_OF = {
    "lequydon": "vhxh-phuong-hadong",
    "leloi": "vhxh-phuong-hadong",
    "hoasen": "vhxh-phuong-hadong",
    "yenhoa": "vhxh-phuong-yennghia",
    "kienhung": "vhxh-phuong-kienhung",
}


def _the_reform_moved_the_schools_to_the_wards_with_their_history():
    office = Authority.objects.get(code="pgddt-hadong")
    assert office.valid_to == date(2025, 6, 30) and existence_label(office) == "đã giải thể từ 01/07/2025"
    assert Authority.objects.get(code="ubnd-hadong").valid_to == date(2025, 6, 30)
    for key in ("hadong", "yennghia", "kienhung"):
        ward = Authority.objects.get(code=f"ubnd-phuong-{key}")
        vhxh = Authority.objects.get(code=f"vhxh-phuong-{key}")
        assert (ward.kind, ward.parent.code, ward.valid_from) == (
            "ubnd_phuong",
            "ubnd-hanoi",
            date(2025, 7, 1),
        )
        assert (vhxh.kind, vhxh.parent, vhxh.valid_to) == ("phong_vhxh", ward, None)
    for code, ward_office in WARD_OF.items():
        school = School.objects.get(code=code)
        assert school.authority.code == ward_office
        history = [(p.authority.code, p.valid_from, p.valid_to) for p in school_history(school)]
        assert history == [
            ("pgddt-hadong", date(2008, 8, 1), date(2025, 6, 30)),
            (ward_office, date(2025, 7, 1), None),
        ]
        assert "Hà Đông" in school.address or "phường" in school.address
    assert AuditEvent.objects.filter(action="school.moved").count() == len(
        WARD_OF
    )  # the second load moved nobody
    assert set(schools_under(office, date(2025, 6, 30)).values_list("code", flat=True)) == set(WARD_OF)
    assert not schools_under(office).exists()
    # The former office's team serves the three wards: today's screens still cover all five schools.
    for username in ("phong.lanhdao", "phong.chuyenvien"):
        user = User.objects.get(username=username)
        codes = {a.code for a in office_authorities(user)}
        assert codes == {"pgddt-hadong", *WARD_OF.values()}
        assert set(schools_under_offices_of(user).values_list("code", flat=True)) == set(WARD_OF)


def _movements_of_both_eras_reach_the_schools():
    lequydon, yenhoa = School.objects.get(code="lequydon"), School.objects.get(code="yenhoa")
    in_2024 = movements_for_school(lequydon, date(2024, 10, 1), school_year="2024-2025")
    assert {m.authority.code for m in in_2024} == {"pgddt-hadong"}
    assert "Dạy tốt - Học tốt" in {m.name for m in in_2024} and all(m.criteria for m in in_2024)
    today = movements_for_school(lequydon, date(2025, 10, 1), school_year="2025-2026")
    assert {m.authority.code for m in today} == {"vhxh-phuong-hadong"}
    assert {m.authority.code for m in movements_for_school(yenhoa, date(2025, 10, 1))} == {
        "vhxh-phuong-yennghia"
    }
    # Loaded twice: each movement once, its launching plan attached once.
    assert Movement.objects.filter(authority__code="pgddt-hadong", name="Dạy tốt - Học tốt").count() == 1
    first = Movement.objects.get(authority__code="vhxh-phuong-hadong", name="Dạy tốt - Học tốt")
    assert first.documents.filter(status="verified").count() == 1
    # The 2024 plan of Lê Quý Đôn links the district office's movements, as of its own date.
    with schema_context("lequydon"):
        plan = Plan.objects.order_by("year").first()
        linked = set(
            plan.movements.exclude(office_movement_id=None).values_list("office_movement_id", flat=True)
        )
    assert plan.year == 2024 and linked
    assert set(Movement.objects.filter(pk__in=linked).values_list("authority__code", flat=True)) == {
        "pgddt-hadong"
    }
    _check_demo_clusters()


def _check_demo_clusters():
    """Two clusters a year, covenants signed, the end-of-year rounds published with ranks and
    proposals, the mid-year round still in self-scoring with Lê Lợi's draft; nothing doubled."""
    from office.clusters.models import Cluster, ClusterResult, Rubric, ScoringRound
    from plans.self_assessment.models import SelfAssessment

    assert Rubric.objects.filter(name__startswith="Bảng tiêu chí chấm điểm thi đua cụm trường").count() == 2
    for year in ("2024-2025", "2025-2026"):
        clusters = {c.name: c for c in Cluster.objects.filter(school_year=year).select_related("leader")}
        assert set(clusters) == {"Cụm 1 – Tiểu học và THCS", "Cụm 2 – Mầm non"}
        assert clusters["Cụm 1 – Tiểu học và THCS"].leader.code == "lequydon"
        assert clusters["Cụm 2 – Mầm non"].leader.code == "yenhoa"
        for cluster in clusters.values():
            assert not cluster.seats.filter(covenant_signed_at__isnull=True).exists()
            final = cluster.rounds.get(name=f"Tổng kết năm học {year}")
            assert final.stage == ScoringRound.Stage.PUBLISHED
            results = list(final.results.order_by("rank"))
            assert [r.rank for r in results] == list(range(1, len(results) + 1))
            assert results[0].proposal == ClusterResult.Proposal.FLAG and results[1].proposal == "bang_khen"
            assert all(r.final_total and r.group_totals for r in results)
    assert ScoringRound.objects.filter(name__startswith="Tổng kết").count() == 4
    mid = ScoringRound.objects.get(
        name="Sơ kết học kỳ I năm học 2025-2026", cluster__name__startswith="Cụm 1"
    )
    assert mid.stage == ScoringRound.Stage.SELF_SCORING
    with schema_context("leloi"):
        draft = SelfAssessment.objects.get(round_id=mid.pk)
        assert draft.state == "draft" and draft.scores.count() == 3
    assert Submission.objects.filter(kind="self_assessment").count() == 10  # 5 schools × 2 years, once
    cluster_1 = Cluster.objects.get(school_year="2025-2026", name__startswith="Cụm 1")
    assert User.objects.get(username="lqd.hieutruong").has_perm("clusters.lead_cluster", cluster_1)
    assert not User.objects.get(username="yh.hieutruong").has_perm("clusters.lead_cluster", cluster_1)


# The emulation year.


def snapshot(schema: str) -> dict:
    with schema_context(schema):
        return {
            model.__name__: model.objects.count()
            for model in (
                RegistrationCampaign,
                Registration,
                StaffRating,
                ReviewRound,
                ReviewCandidate,
                BallotCast,
            )
        }


def test_the_so_runs_its_high_school_and_loading_again_adds_nothing(demo_office, db):
    """The Sở GDĐT's own THPT school (SO_SCHOOLS): created through provisioning under the Sở, on the Sở
    specialist's dashboard, its dossiers routed to the Sở's director; a second load adds nothing."""
    from office.facts.models import OfficeDeadline
    from office.rules.checker import expected_issuer_level, issuer_answer
    from reporting.dashboard.selectors import office_dashboard

    call_command("load_demo", "--quiet")
    so = Authority.objects.get(code=SO_CODE)
    assert so.kind == Authority.Kind.CITY_DEPARTMENT and so.parent.code == "ubnd-hanoi"
    (spec,) = SO_SCHOOLS
    school = School.objects.get(code=spec.code)
    assert (school.name, school.level, school.level_label) == (
        "Trường THPT Quang Trung – Hà Đông",
        "thpt",
        "Trung học phổ thông",
    )
    assert school.authority == so and school.abbreviation == "THPTQTHĐ"
    assert list(schools_under(so).values_list("code", flat=True)) == ["quangtrung"]
    assert [period.authority for period in school_history(school)] == [so]  # never moved to a ward
    with schema_context(school.schema_name):
        assert Staff.objects.count() == spec.staff_count
        principal = Staff.objects.get(user__username="qt.hieutruong")
        assert principal.position == "Hiệu trưởng"
    principal_roles = Membership.objects.filter(user__username="qt.hieutruong")
    assert list(principal_roles.values_list("school__code", "role")) == [("quangtrung", Role.PRINCIPAL)]
    (so_account,) = SO_ACCOUNTS
    specialist = User.objects.get(username=so_account[0])
    assert office_authorities(specialist) == [so]
    # The Sở follows the whole city: its own THPT and the wards' schools (the city's view).
    rows = {row.code: row for row in office_dashboard(specialist, "2025-2026").rows}
    assert set(rows) == SCHOOL_CODES | {spec.code} and rows["quangtrung"].level_label == "Trung học phổ thông"
    assert OfficeDeadline.objects.filter(authority=so, school_year="2025-2026").count() == 4
    # The ward schools' office does not see the Sở's school.
    ward_rows = office_dashboard(User.objects.get(username="phong.chuyenvien"), "2025-2026").rows
    assert "quangtrung" not in {row.code for row in ward_rows}
    # Who awards its teachers' LĐTT: the Sở's director on both sides of 1/7/2025.
    for on in (date(2025, 5, 20), date(2026, 5, 20)):
        assert expected_issuer_level(Title.LDTT, on, school_level=school.level) == "giam_doc_so"
    answer = issuer_answer(Title.LDTT, date(2026, 5, 20), school_level=school.level)
    assert "Điều 75" in answer.article and "[UNVERIFIED]" in answer.reason
    assert "qt.hieutruong" in demo_office.output and "so.chuyenvien" in demo_office.output
    assert "http://quangtrung.localhost:" in demo_office.output


def test_the_demo_tells_the_story_of_the_year_and_loads_once(demo_office, db):
    """The emulation year (demo.emulation): registrations, ratings, reviews, ballots."""
    schools, users = demo_office.schools, demo_office.users
    first = {code: snapshot(code) for code in ("lequydon", "yenhoa")}
    emulation_demo.load_demo(schools, users)
    assert {code: snapshot(code) for code in ("lequydon", "yenhoa")} == first

    today = timezone.localdate()
    with schema_context("lequydon"):
        anh = Staff.objects.get(user=users["lqd.giaovien"])
        past = RegistrationCampaign.objects.get(school_year="2025-2026")
        assert past.status == RegistrationCampaign.Status.SUBMITTED
        overview = emulation_selectors.campaign_overview(past, today=today)
        assert overview.counts["late"] == 3 and overview.counts["missing"] == 3
        assert overview.counts["registered"] == overview.total - 6
        titles = dict(overview.title_counts)
        assert titles["Chiến sĩ thi đua cơ sở"] == 6 and titles["Lao động tiên tiến"] > 25
        assert Registration.objects.get(campaign=past, staff=anh).title == Title.CSTDCS
        assert emulation_selectors.ratings_by_year(anh) == {
            2024: Rating.GOOD,
            2025: Rating.EXCELLENT,
            2026: Rating.EXCELLENT,
        }
        ratings = StaffRating.objects.filter(school_year="2024-2025")
        assert (
            ratings.filter(rating=Rating.GOOD).count() > ratings.filter(rating=Rating.EXCELLENT).count() > 0
        )

        closed = ReviewRound.objects.get(school_year="2024-2025")
        assert closed.is_closed and closed.minutes_number.startswith("01/BB-")
        results = emulation_selectors.review_results(closed)
        assert any(not r.passed for r in results) and sum(r.passed for r in results) > 30
        assert any(r.candidate.staff_id == anh.pk and r.passed for r in results)
        current = ReviewRound.objects.get(school_year="2025-2026")
        assert current.status == ReviewRound.Status.OPEN and current.method == ReviewRound.Method.BALLOT
        assert current.candidates.count() == overview.total - 3 + 1  # everyone who registered, and the school

        now_open = RegistrationCampaign.objects.get(status=RegistrationCampaign.Status.OPEN)
        assert now_open.school_year >= "2026-2027" and now_open.opens_on <= today < now_open.deadline
        assert not Registration.objects.get(campaign=now_open, staff=anh).title  # left for her to try
    assert (
        Submission.objects.filter(school=schools["lequydon"], kind=Submission.Kind.REGISTRATION).count() == 1
    )
    with schema_context("yenhoa"):
        campaign = RegistrationCampaign.objects.get()
        assert Registration.objects.filter(campaign=campaign).exclude(title="").count() > 15


# Initiatives.


def test_the_demo_loads_once_with_decided_scored_and_waiting_initiatives(demo_office, db):
    """Initiatives (demo.initiatives) in Lê Quý Đôn and Yên Hoà, with real documents in storage."""
    schools, users = demo_office.schools, demo_office.users
    storage = get_object_storage()
    with schema_context("lequydon"):
        counts = (Initiative.objects.count(), Review.objects.count(), Evidence.objects.count())
        lan_anh = Staff.objects.get(user=users["lqd.giaovien"])
        recognized = recognized_initiatives(lan_anh)
        assert [(i.school_year, i.scope) for i in recognized] == [
            ("2024-2025", Scope.SCHOOL),
            ("2025-2026", Scope.SCHOOL),
        ]
        assert [fact.year for fact in initiative_facts(lan_anh)] == [2025, 2026]
        this_year = Initiative.objects.filter(school_year="2025-2026")
        assert this_year.filter(status=Initiative.Status.DECIDED, recognized=True).count() == 2
        assert this_year.count() >= 6
        council = InitiativeCouncil.objects.get(school_year="2025-2026")
        assert council.chair == users["lqd.hieutruong"]
        assert {m.user_id for m in council.memberships.all()} == {
            users[name].pk for name in ("lqd.hieutruong", "lqd.phohieutruong", "lqd.thuky")
        }
        assert Review.objects.filter(same_department=True).exists()  # the secretary teaches in Tổ khối 1
        for evidence in Evidence.objects.all():
            assert evidence.status == Evidence.Status.VERIFIED
            stored = storage.stat(evidence.key)
            assert stored is not None and stored.size == evidence.size
        assert {e.content_type.rsplit("/", 1)[-1][:3] for e in Evidence.objects.all()} >= {"pdf", "vnd"}
    with schema_context("yenhoa"):
        assert Initiative.objects.count() == 2
    initiatives_demo.load_demo(schools, users)
    with schema_context("lequydon"):
        assert (Initiative.objects.count(), Review.objects.count(), Evidence.objects.count()) == counts
    with schema_context("yenhoa"):
        assert Initiative.objects.count() == 2


def test_the_so_specialist_sees_the_city_view_by_ward(demo_office, db):
    """so.chuyenvien's dashboard is the city's view: a line per ward with its schools, a line for the
    THPT the Sở runs itself, the city's total; a ward opens its schools. A ward's specialist keeps
    the dashboard of its own schools."""
    from django.test import Client

    from reporting.dashboard.city import city_dashboard
    from reporting.dashboard.selectors import office_scope

    specialist = User.objects.get(username=SO_ACCOUNTS[0][0])
    view = city_dashboard(specialist, "2025-2026", subtrees=office_scope(specialist))
    lines = {line.name: line.schools for line in view.wards}
    assert lines == {
        "Phòng Văn hóa – Xã hội phường Hà Đông": 3,
        "Phòng Văn hóa – Xã hội phường Kiến Hưng": 1,
        "Phòng Văn hóa – Xã hội phường Yên Nghĩa": 1,
    }
    assert [(line.name, line.schools) for line in view.own] == [(Authority.objects.get(code=SO_CODE).name, 1)]
    assert view.total.schools == len(SCHOOL_CODES) + len(SO_SCHOOLS)
    client = Client(HTTP_HOST="localhost")
    client.force_login(specialist)
    body = client.get("/tong-quan/?nam_hoc=2025-2026").content.decode()
    assert 'data-testid="city-wards"' in body and "Phòng Văn hóa – Xã hội phường Hà Đông" in body
    ward = Authority.objects.get(code="vhxh-phuong-hadong")
    opened = client.get(f"/tong-quan/?nam_hoc=2025-2026&phuong={ward.pk}").content.decode()
    assert 'data-testid="row-lequydon"' in opened and 'data-testid="row-yenhoa"' not in opened


def test_the_demo_shows_people_leaving_roles_given_and_a_forced_password_change(demo_office, db):
    from office.accounts.selectors import account_log_page, school_roles

    lequydon, yenhoa = demo_office.schools["lequydon"], demo_office.schools["yenhoa"]
    people = {u.username: u for u in User.objects.filter(username__in=[a[0] for a in PEOPLE_ACCOUNTS])}
    retired = people["lqd.nghihuu"]
    assert not retired.is_active and school_roles(retired, lequydon) == set()
    with schema_context(lequydon.schema_name):
        assert Staff.objects.filter(user_id=retired.pk).exists()  # the register entry stays
    assert people["lqd.giaovienmoi"].must_change_password
    assert Role.COUNCIL_SECRETARY in school_roles(people["yh.thuky"], yenhoa)
    assert Role.DEPARTMENT_HEAD in school_roles(people["lqd.totruong"], lequydon)
    assert {e.action for e in account_log_page(school=lequydon).object_list} == {
        "account.deactivated",
        "account.password_set",
        "membership.granted",
    }
    assert [e.user.username for e in account_log_page(school=yenhoa).object_list] == ["yh.hieutruong"]
    assert "lqd.nghihuu" in demo_office.output


def test_the_office_reads_every_kind_the_demo_schools_sent(demo_office, db, client_for):
    """After `make run` the office's review page of each kind is alive and readable, and Lê Quý Đôn's
    plan of this year, revised once, shows what changed since its first version."""
    from demo.loader import REVISION_TASK
    from tests.factories.readable import assert_readable

    client = client_for(demo_office.users["phong.chuyenvien"])
    for kind in Submission.Kind.values:
        sent = Submission.objects.filter(school__code__in=SCHOOL_CODES, kind=kind).order_by("-version", "-pk")
        assert sent.exists(), kind
        response = client.get(f"/tham-dinh/{sent.first().pk}/")
        assert response.status_code == 200
        assert_readable(response.content.decode())
    revised = Submission.objects.get(school__code="lequydon", kind=Submission.Kind.PLAN, version=2)
    assert revised.year == timezone.localdate().year
    page = client.get(f"/tham-dinh/{revised.pk}/").content.decode()
    assert "Thay đổi so với lần gửi 1" in page and REVISION_TASK in page


def test_lqd_giaovien_sees_who_read_her_data(demo_office, db, client_for):
    """After `make run` "Ai đã xem dữ liệu của tôi" is alive for Lê Minh Anh: her principal and the
    ward office's specialist are among those who read her data."""
    lqd = School.objects.get(code="lequydon")
    page = client_for(demo_office.users["lqd.giaovien"], lqd).get("/du-lieu-ca-nhan/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Teo Thị Thanh Mai" in html and "Hiệu trưởng" in html
    assert "Trần Thị Lan" in html and "Chuyên viên phụ trách TĐKT" in html


def test_lequydon_posted_its_list_and_answered_an_objection_before_sending_it(demo_office, db, client_for):
    """The public posting (demo.nominations): Lê Quý Đôn's proposed list was posted to the staff for 5
    working days, a teacher objected about one candidate, the council secretary answered, and the
    office reads all of it with the dossier."""
    from plans.nominations.models import Objection, Posting

    with schema_context("lequydon"):
        posting = Posting.objects.get()
        assert posting.working_days == 5 and posting.ends_on > posting.starts_on and posting.entries
        objection = Objection.objects.get()
        assert objection.status == Objection.Status.REJECTED and objection.answer
        assert objection.raised_by_id == demo_office.users["lqd.giaovien"].pk
        assert objection.answered_by_id == demo_office.users["lqd.thuky"].pk
    sent = Submission.objects.filter(school__code="lequydon", kind=Submission.Kind.DOSSIER).order_by(
        "-version"
    )
    assert sent.first().payload["posting"]["objections"][0]["answer"] == objection.answer
    page = client_for(demo_office.users["phong.chuyenvien"]).get(f"/tham-dinh/{sent.first().pk}/")
    assert objection.reason in page.content.decode()


def test_each_office_set_the_end_of_its_evaluation_period_once(demo_office, db, client_for):
    """The former district office ended 2024-2025's evaluation on 31/05/2025, each ward office
    2025-2026's on 31/05/2026 (demo.authorities); the node page shows it; loading again sets nothing."""
    from office.authorities.models import EvaluationPeriod
    from office.authorities.selectors import evaluation_period_of

    lqd = School.objects.get(code="lequydon")
    assert evaluation_period_of(lqd, "2024-2025").ends_on == date(2025, 5, 31)
    assert evaluation_period_of(lqd, "2025-2026").ends_on == date(2026, 5, 31)
    assert evaluation_period_of(lqd, "2025-2026").authority == lqd.authority
    events = AuditEvent.objects.filter(action="evaluation_period.set").count()
    assert events == EvaluationPeriod.objects.count() == 4
    call_command("load_demo", "--quiet")
    assert AuditEvent.objects.filter(action="evaluation_period.set").count() == events
    page = client_for(demo_office.users["phong.lanhdao"]).get(f"/co-quan/{lqd.authority_id}/")
    assert "31/05/2026" in page.content.decode() and "Lưu ngày kết thúc" in page.content.decode()


def test_the_schools_rate_themselves_and_two_departments_are_proposed(demo_office, db, client_for):
    """Collective results (demo.collective): Lê Quý Đôn's 2024-2025 rating confirmed by the ward
    office's specialist, Yên Hoà's awaiting confirmation; Tổ khối 2 meets TTLĐTT, Tổ Văn phòng does not
    (rated "Hoàn thành nhiệm vụ"), the school's TTLĐXS is checked on its confirmed rating; a second
    load adds nothing."""
    from demo import collective as collective_demo
    from office.submissions.selectors import collective_rating_of
    from plans.nominations.models import DepartmentRating, Nomination

    schools, users = demo_office.schools, demo_office.users
    lqd = collective_rating_of(schools["lequydon"], "2024-2025")
    assert lqd.confirmed == Rating.EXCELLENT and lqd.confirmed_by == "Trần Thị Lan"
    yh = collective_rating_of(schools["yenhoa"], "2024-2025")
    assert yh.confirmed is None and yh.proposed == Rating.GOOD and yh.awaiting
    with schema_context("lequydon"):
        departments = {
            n.department.name: n
            for n in Nomination.objects.filter(department__isnull=False).select_related("department")
        }
        assert departments["Tổ khối 2"].verdict == Nomination.Verdict.MET
        refused = departments["Tổ Văn phòng"]
        assert refused.verdict == Nomination.Verdict.NOT_MET
        reason = next(r for r in refused.check_report if r["code"] == "ttldtt.basis")["reason"]
        assert "Hoàn thành nhiệm vụ, chưa đạt Hoàn thành tốt nhiệm vụ" in reason
        school = Nomination.objects.get(
            school_year="2024-2025", staff=None, department=None, title=Title.TTLDXS
        )
        basis = next(r for r in school.check_report if r["code"] == "ttldxs.basis")
        assert "Chưa có kết quả xếp loại" not in basis["reason"] and basis["status"] != "unknown"
        counts = (DepartmentRating.objects.count(), Nomination.objects.count())
    collective_demo.load_demo(schools, users)
    with schema_context("lequydon"):
        assert (DepartmentRating.objects.count(), Nomination.objects.count()) == counts
    page = client_for(users["lqd.hieutruong"], schools["lequydon"]).get(
        "/de-nghi/xep-loai-tap-the/?school_year=2024-2025"
    )
    assert "Đã xác nhận" in page.content.decode() and "Tổ Văn phòng" in page.content.decode()
    page = client_for(users["yh.hieutruong"], schools["yenhoa"]).get(
        "/de-nghi/xep-loai-tap-the/?school_year=2024-2025"
    )
    assert "Chờ xác nhận" in page.content.decode()


def test_lequydon_shows_its_good_examples_and_the_office_compiles_them(demo_office, db, client_for):
    """Three confirmed examples (a teacher, a department, the school) with their photos and stories, one
    proposed by Tổ khối 2's head waiting for the principal; sent up, and in the office's compilation."""
    from office.submissions.compilation import compile_examples
    from plans.examples.models import Example

    lequydon = demo_office.schools["lequydon"]
    with schema_context(lequydon.schema_name):
        examples = list(Example.objects.filter(school_year="2025-2026").order_by("pk"))
        confirmed = [e for e in examples if e.is_confirmed]
        assert sorted(e.subject for e in confirmed) == ["department", "person", "school"]
        waiting = [e for e in examples if e.status == Example.Status.PROPOSED]
        assert len(waiting) == 1 and waiting[0].proposed_by.username == "lqd.totruong"
        assert all(e.movement_ids for e in examples)
        assert all(e.evidence_links.exists() for e in confirmed)
    sent = Submission.objects.get(school=lequydon, kind=Submission.Kind.EXAMPLES)
    assert len(sent.payload["examples"]) == 3
    specialist = User.objects.get(username="phong.chuyenvien")
    compiled = compile_examples(specialist, "2025-2026")
    assert {e.subject for e in compiled.examples if e.school == lequydon.name} == {
        "person",
        "department",
        "school",
    }
    page = client_for(specialist).get("/tham-dinh/guong-dien-hinh/")  # the year with examples by default
    assert "lan tỏa văn hóa đọc" in page.content.decode()
    teacher = client_for(demo_office.users["lqd.giaovien"], lequydon)
    register = teacher.get("/guong-dien-hinh/?nam=2025-2026").content.decode()
    assert register.count('data-testid="example-row"') == 3
    # A second load adds nothing.
    from demo.examples import load_demo as load_examples

    load_examples(demo_office.schools, demo_office.users)
    with schema_context(lequydon.schema_name):
        assert Example.objects.count() == len(examples)
    assert Submission.objects.filter(school=lequydon, kind=Submission.Kind.EXAMPLES).count() == 1


def test_cluster_1_recorded_its_proposal_for_the_flag_at_the_end_of_2024_2025(demo_office, db, client_for):
    """The cluster's proposal (demo.clusters): the leader of Cụm 1 recorded, from the published
    2024-2025 ranking, the MOET Cờ for the top school and the province's for the next; Cụm 2's ranking
    shows the proposal not yet recorded. Loading again records nothing more."""
    from demo.clusters import FLAG_PROPOSAL_CLUSTER
    from office.clusters.models import ClusterResult, FlagProposal

    proposal = FlagProposal.objects.select_related("cluster", "round").get()
    assert proposal.cluster.name == FLAG_PROPOSAL_CLUSTER and proposal.school_year == "2024-2025"
    assert proposal.recorded_by == demo_office.users["lqd.hieutruong"]
    ranked = list(
        ClusterResult.objects.filter(round=proposal.round).order_by("rank").select_related("seat__school")
    )
    assert [e["school_name"] for e in proposal.entries] == [r.seat.school.name for r in ranked[:2]]
    assert [e["label"] for e in proposal.entries] == [
        "Cờ thi đua của Bộ Giáo dục và Đào tạo",
        "Cờ thi đua của Ủy ban nhân dân tỉnh/thành phố",
    ]
    assert AuditEvent.objects.filter(action="cluster_flag_proposal.recorded").count() == 1
    leader = client_for(demo_office.users["lqd.hieutruong"])
    page = leader.get(f"/cum-thi-dua/dot/{proposal.round_id}/").content.decode()
    assert 'data-testid="flag-proposal"' in page and "biểu quyết thống nhất" in page
    listing = leader.get("/cum-thi-dua/?nam=2024-2025").content.decode()
    assert listing.count('data-testid="flag-proposal-row"') == 1
    call_command("load_demo", stdout=io.StringIO())
    connection.set_schema_to_public()
    assert FlagProposal.objects.count() == 1


def test_lequydon_proposed_a_bang_khen_of_the_minister_and_a_giay_khen_with_their_routes(
    demo_office, db, client_for
):
    """demo.nominations.load_route_demo: the Bằng khen answers on each of its four routes, the
    Giấy khen names the criteria that were not found; the nomination page marks the routes."""
    from plans.nominations.models import Nomination

    with schema_context("lequydon"):
        bang_khen = Nomination.objects.get(title=Title.BANG_KHEN_BO)
        giay_khen = Nomination.objects.get(title=Title.GIAY_KHEN)
    routes = [r["code"] for r in bang_khen.check_report if r.get("route")]
    assert routes == ["bk.route_d", "bk_bo.movement", "bk_bo.long_task", "bk_bo.irregular"]
    assert bang_khen.checked_on is not None and bang_khen.verdict
    criteria = next(r for r in giay_khen.check_report if r["code"] == "giay_khen.criteria")
    assert criteria["status"] == "unknown" and "không tìm thấy nguồn quy định" in criteria["reason"]
    principal = client_for(demo_office.users["lqd.hieutruong"], demo_office.schools["lequydon"])
    page = principal.get(f"/de-nghi/{bang_khen.pk}/").content.decode()
    assert 'data-testid="routes-note"' in page and page.count('data-testid="route-badge"') == 4
    call_command("load_demo", stdout=io.StringIO())
    with schema_context("lequydon"):
        assert Nomination.objects.filter(title__in=(Title.BANG_KHEN_BO, Title.GIAY_KHEN)).count() == 2


def test_lequydon_sent_its_year_report_whose_figures_are_its_data_and_the_office_consolidates_it(
    demo_office, db, client_for
):
    """Lê Quý Đôn's 2024-2025 year-end report, sent: each figure is a count over the school's own tables;
    Yên Hoà's is a draft; the office's workbook lists both; loading again sends nothing new."""
    from openpyxl import load_workbook

    from plans.emulation.selectors import passed_candidates
    from plans.nominations.models import Nomination
    from plans.staff.models import AwardRecord
    from plans.staff.selectors import employed_on
    from plans.year_report.models import YearReport

    call_command("load_demo", "--quiet")
    connection.set_schema_to_public()
    sent = Submission.objects.get(school__code="lequydon", kind=Submission.Kind.YEAR_REPORT)
    assert sent.year == 2025 and sent.version == 1
    figures = sent.payload["figures"]
    with schema_context("lequydon"):
        working = Staff.objects.filter(employed_on(date(2025, 8, 31)))
        assert figures["staff"]["total"] == working.count() > 0
        assert figures["staff"]["female"] == working.filter(gender="nu").count()
        assert figures["staff"]["teaching"] == working.filter(teaches=True).count()
        registered = Registration.objects.filter(campaign__school_year="2024-2025").exclude(status="pending")
        assert figures["registrations"]["registered"] == registered.exclude(title="").count()
        assert figures["ratings"] == [
            {
                "rating": r,
                "label": Rating(r).label,
                "count": StaffRating.objects.filter(school_year="2024-2025", rating=r).count(),
            }
            for r in Rating.values
        ]
        assert figures["review"]["passed"] == len(passed_candidates("2024-2025"))
        assert (
            figures["initiatives"]["recognised"]
            == Initiative.objects.filter(school_year="2024-2025", recognized=True).count()
        )
        assert figures["nominations"]["total"] == Nomination.objects.filter(school_year="2024-2025").count()
        awards = AwardRecord.objects.filter(school_year="2024-2025")
        assert figures["awards"]["total"] == awards.count() > 0
        assert figures["awards"]["teaching"] == awards.filter(staff__teaches=True).count()
        assert YearReport.objects.get(school_year="2024-2025").submission_id == sent.pk
    with schema_context("yenhoa"):
        draft = YearReport.objects.get(school_year="2024-2025")
        assert draft.submission_id is None and draft.strengths
    connection.set_schema_to_public()
    client = client_for(demo_office.users["phong.chuyenvien"])
    page = client.get("/tham-dinh/tong-hop/bao-cao-tong-ket/?nam=2025").content.decode()
    assert "Báo cáo tổng kết công tác TĐKT của các trường – năm học 2024-2025" in page
    workbook = load_workbook(
        io.BytesIO(client.get("/tham-dinh/tong-hop/bao-cao-tong-ket.xlsx?nam=2025").content)
    )
    rows = {row[1]: row for row in workbook["Tổng hợp các trường"].iter_rows(min_row=5, values_only=True)}
    lequydon = demo_office.schools["lequydon"].name
    assert rows[lequydon][2] == "Đã gửi" and rows[lequydon][4] == figures["staff"]["total"]
    assert rows[demo_office.schools["yenhoa"].name][2] == "Chưa gửi"
