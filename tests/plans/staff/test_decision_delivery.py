"""The school side of an office decision: the delivery task writes each line into the award history
of the line's school only, once, and tells the people concerned."""

import pytest
from django_tenants.utils import schema_context

from office.decisions import services
from office.decisions.delivery import delivery_instructions
from office.decisions.models import Decision, DecisionDelivery, DecisionLine
from plans.notifications.models import Notification
from plans.staff.models import AwardRecord, Staff
from plans.staff.tasks import deliver_decision
from tenants.provisioning import create_school
from tests.factories.decisions import accepted_dossier, draft


@pytest.fixture
def recorded(world, head, dossier_a, monkeypatch):
    """A recorded decision with A's dossier (2 people and the school), a hand line for A matched by
    name, and one for B, decided by the office above both; the broker is not used."""
    from office.accounts.models import Role
    from office.accounts.services import grant_office_role
    from office.authorities.models import Authority
    from office.celery import app

    monkeypatch.setattr(app, "send_task", lambda *a, **kw: None)
    city = Authority.objects.get(code="t-city")
    grant_office_role(head, city, Role.OFFICE_HEAD)
    decision = draft(world, head, issuer=city, number="77/QĐ-SGDĐT")
    services.add_lines_from_dossiers(decision, user=head, submission_ids=[dossier_a.pk])
    services.add_line(
        decision, user=head, school=world.school_a, full_name="giáo viên trường a", title="giay_khen"
    )
    services.add_line(decision, user=head, school=world.school_a, full_name="Không Có Ai", title="ldtt")
    services.add_line(decision, user=head, school=world.school_b, full_name="Bí Mật Trường B", title="ldtt")
    return services.record_decision(decision, user=head)


def run(delivery):
    instructions = delivery_instructions(delivery)
    with schema_context(delivery.school.schema_name):
        return deliver_decision.run(instructions)


def awards(school):
    with schema_context(school.schema_name):
        return list(
            AwardRecord.objects.filter(source=AwardRecord.Source.OFFICE_DECISION).values_list(
                "staff__full_name", "title", "decision_number", "issuer_name", "school_year", "external_ref"
            )
        )


def test_each_school_gets_its_own_lines_once(world, recorded):
    delivery_a = recorded.deliveries.get(school=world.school_a)
    delivery_b = recorded.deliveries.get(school=world.school_b)
    assert run(delivery_a) == 5
    written = awards(world.school_a)
    assert sorted((name or "", title) for name, title, *_ in written) == [
        ("", "ttldtt"),
        ("Giáo Viên Trường A", "giay_khen"),
        ("Giáo Viên Trường A", "ldtt"),
        ("Nguyễn Thị An", "cstdcs"),
    ]
    assert {row[2:5] for row in written} == {("77/QĐ-SGDĐT", "Sở GDĐT Thử nghiệm", "2024-2025")}
    assert awards(world.school_b) == []  # B's delivery has not run: nothing of A's reached it
    delivery_a.refresh_from_db()
    assert (delivery_a.state, delivery_a.lines_written, delivery_a.lines_failed) == ("done", 4, 1)
    failed = recorded.lines.get(full_name="Không Có Ai")
    assert failed.outcome == DecisionLine.Outcome.FAILED and "Không tìm thấy" in failed.outcome_note
    recorded.refresh_from_db()
    assert recorded.state == Decision.State.DELIVERING

    # Running A's delivery again, as a redelivered message would, changes nothing.
    assert run(delivery_a) == 0
    assert awards(world.school_a) == written

    run(delivery_b)
    assert [row[:2] for row in awards(world.school_b)] == [("Bí Mật Trường B", "ldtt")]
    assert len(awards(world.school_a)) == 4
    recorded.refresh_from_db()
    assert recorded.state == Decision.State.DELIVERED


def test_a_delivery_run_in_another_schools_schema_touches_nothing(world, recorded):
    delivery_a = recorded.deliveries.get(school=world.school_a)
    instructions = delivery_instructions(delivery_a)
    with schema_context(world.school_b.schema_name):
        assert deliver_decision.run(instructions) == 0
    assert awards(world.school_b) == [] and awards(world.school_a) == []
    delivery_a.refresh_from_db()
    assert delivery_a.state == DecisionDelivery.State.RUNNING and delivery_a.lines_written == 0
    assert not recorded.lines.filter(school=world.school_a).exclude(outcome="").exists()


def test_a_school_created_after_recording_is_never_touched(world, recorded):
    newcomer = create_school(
        code="truongmoi", name="Trường Mới Lập", level="tieu_hoc", authority=world.office
    )
    for delivery in recorded.deliveries.all():
        run(delivery)
    assert not recorded.deliveries.filter(school=newcomer).exists()
    with schema_context(newcomer.schema_name):
        assert not AwardRecord.objects.exists()


def test_a_title_already_in_the_history_is_reported_not_duplicated(world, recorded, school_a_staff):
    with schema_context(world.school_a.schema_name):
        from plans.staff.services import add_award

        add_award(
            user=world.principal_a,
            staff=Staff.objects.get(full_name="Giáo Viên Trường A"),
            school_year="2024-2025",
            title="ldtt",
            decision_number="12/QĐ-UBND",
            issuer_name="UBND phường Thử nghiệm",
        )
    run(recorded.deliveries.get(school=world.school_a))
    line = recorded.lines.get(full_name="Giáo Viên Trường A", title="ldtt")
    assert line.outcome == DecisionLine.Outcome.EXISTING and "12/QĐ-UBND" in line.outcome_note
    with schema_context(world.school_a.schema_name):
        assert AwardRecord.objects.filter(staff__full_name="Giáo Viên Trường A", title="ldtt").count() == 1


def test_the_awarded_person_with_an_account_and_the_principal_are_told(world, recorded):
    run(recorded.deliveries.get(school=world.school_a))
    with schema_context(world.school_a.schema_name):
        messages = list(
            Notification.objects.filter(recipient=world.principal_a).values_list("message", flat=True)
        )
    # The principal (Nguyễn Thị An, linked) was awarded CSTĐCS and also hears the school's summary.
    assert any("Chiến sĩ thi đua cơ sở" in m and "77/QĐ-SGDĐT" in m for m in messages)
    assert any("đã ghi 4 khen thưởng" in m and "1 không ghi được" in m for m in messages)
    with schema_context(world.school_b.schema_name):
        assert not Notification.objects.filter(message__contains="77/QĐ-SGDĐT").exists()


def test_a_decision_line_shows_on_the_teachers_own_record(world, recorded, client_for, school_a_staff):
    run(recorded.deliveries.get(school=world.school_a))
    principal = school_a_staff["Nguyễn Thị An"]
    page = client_for(world.principal_a, world.school_a).get(f"/can-bo/{principal.pk}/").content.decode()
    assert "77/QĐ-SGDĐT" in page and "Theo quyết định của cấp trên" in page
    history = client_for(world.principal_a, world.school_a).get("/can-bo/khen-thuong/").content.decode()
    assert "77/QĐ-SGDĐT" in history


def test_a_second_dossier_of_another_school_year_is_refused(world, head, school_a_staff):
    from office.decisions.services import DecisionError

    dossier = accepted_dossier(
        world, world.school_a, [(school_a_staff["Nguyễn Thị An"], "ldtt")], reference="dossier:7"
    )
    decision = draft(
        world, head, school_year="2023-2024", signed_on=dossier.submitted_at.date().replace(year=2024)
    )
    with pytest.raises(DecisionError, match="thuộc năm học 2024-2025"):
        services.add_lines_from_dossiers(decision, user=head, submission_ids=[dossier.pk])


def test_the_instructions_of_every_school_are_read_in_one_query(world, recorded):
    """Recording a decision for many schools sends each its lines without a query per school."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from office.decisions.delivery import instructions_for

    deliveries = list(recorded.deliveries.select_related("decision").order_by("pk"))
    assert len(deliveries) == 2
    with CaptureQueriesContext(connection) as for_one:
        one = instructions_for(deliveries[:1])
    with CaptureQueriesContext(connection) as for_both:
        both = instructions_for(deliveries)
    lines_queries = [q for q in for_both.captured_queries if "decisions_decisionline" in q["sql"]]
    assert len(lines_queries) == 1 and len(for_both) == len(for_one)
    assert both[0] == one[0]
    assert {i["school"] for i in both} == {world.school_a.pk, world.school_b.pk}
    assert sum(len(i["lines"]) for i in both) == recorded.lines.count()
