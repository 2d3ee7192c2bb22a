from django.core.management import call_command
from django_tenants.utils import schema_context

from office.accounts.models import Membership, Role
from plans.models import Staff
from tenants.demo import DEMO_ACCOUNTS, DEMO_SCHOOLS
from tenants.models import School


def test_demo_office_loads_once_with_every_role(db, capsys, local_storage):
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo", "--quiet")
    codes = {spec.code for spec in DEMO_SCHOOLS}
    assert set(School.objects.filter(code__in=codes).values_list("code", flat=True)) == codes
    assert len(codes) >= 5
    assert {"mam_non", "tieu_hoc", "thcs"} <= set(
        School.objects.filter(code__in=codes).values_list("level", flat=True)
    )
    roles = set(
        Membership.objects.filter(user__username__in=[a[0] for a in DEMO_ACCOUNTS]).values_list(
            "role", flat=True
        )
    )
    assert roles == set(Role.values)
    for spec in DEMO_SCHOOLS:
        with schema_context(spec.code):
            assert Staff.objects.count() == spec.staff_count  # the second load added nobody
    assert_decisions_delivered()
    # The dashboard's part: the office's timeline with passed dates, and every school's facts counted.
    from office.facts.models import OfficeDeadline, SchoolFacts
    from reporting.dashboard.selectors import office_dashboard

    office = School.objects.get(code="lequydon").authority
    assert OfficeDeadline.objects.filter(authority=office, school_year="2025-2026").count() == 4
    lequydon = SchoolFacts.objects.get(school__code="lequydon", school_year="2025-2026")
    assert lequydon.staff_total == 42 and lequydon.registration_submitted and lequydon.awards_total > 0
    specialist = Membership.objects.get(user__username="phong.chuyenvien").user
    rows = {row.code: row for row in office_dashboard(specialist, "2025-2026").rows}
    assert set(rows) == codes
    assert rows["lequydon"].plan_issued and any(row.is_late for row in rows.values())
    facts_before = list(SchoolFacts.objects.order_by("pk").values_list("pk", "staff_total", "awards_total"))
    deadlines_before = OfficeDeadline.objects.count()
    call_command("load_demo", "--quiet")
    assert (
        list(SchoolFacts.objects.order_by("pk").values_list("pk", "staff_total", "awards_total"))
        == facts_before
    )
    assert OfficeDeadline.objects.count() == deadlines_before
    assert "http://lequydon.localhost:" in first
    assert "lqd.hieutruong" in first and "tdkt2026" in first
    _the_review_inbox_holds_a_mix(capsys)


def _the_review_inbox_holds_a_mix(capsys):
    """After two loads: Lê Quý Đôn's dossier (returned once, corrected as version 2) approved, Yên Hoà's
    waiting, Lê Lợi's returned with comments, each once; plans and registrations beside them."""
    from office.accounts.models import User
    from office.submissions.models import Submission
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
    from plans.models import AwardRecord

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
