"""Who may prepare and record award decisions (office.decisions.permissions), over the office's
specialist and head, another office's specialist and a school principal; and the decision services
refusing a person without the right before they change anything."""

import pytest

from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.decisions import services
from office.decisions.models import Decision
from office.decisions.permissions import (
    can_draft_decisions,
    can_edit_decision,
    can_record_decision,
    can_resume_delivery,
)
from tests.factories.decisions import draft


@pytest.fixture
def decision(world):
    return draft(world, world.specialist)


@pytest.mark.parametrize(
    ("predicate", "allowed"),
    [
        (lambda u, d: can_draft_decisions(u), {"specialist", "head", "other_specialist"}),
        (can_edit_decision, {"specialist", "head"}),
        (can_resume_delivery, {"specialist", "head"}),
        (can_record_decision, {"head"}),
    ],
    ids=["draft", "edit", "resume", "record"],
)
def test_truth_table(world, head, decision, predicate, allowed):
    people = {
        "specialist": world.specialist,
        "head": head,
        "other_specialist": world.other_specialist,
        "principal_a": world.principal_a,
    }
    assert {role for role, person in people.items() if predicate(person, decision)} == allowed


def test_the_services_refuse_who_does_not_prepare_the_decision(world, decision, dossier_a):
    events = AuditEvent.objects.count()
    for person in (world.other_specialist, world.principal_a):
        with pytest.raises(Refused):
            services.update_decision(decision, user=person, number="999/QĐ")
        with pytest.raises(Refused):
            services.add_lines_from_dossiers(decision, user=person, submission_ids=[dossier_a.pk])
        with pytest.raises(Refused):
            services.add_line(
                decision, user=person, school=world.school_a, full_name="Ai Đó", title="giay_khen"
            )
        with pytest.raises(Refused):
            services.record_decision(decision, user=person)
    decision.refresh_from_db()
    assert decision.number == "125/QĐ-PGDĐT" and not decision.lines.exists()
    assert decision.state == Decision.State.DRAFT and AuditEvent.objects.count() == events


def test_a_specialist_prepares_the_list_but_only_the_head_records(world, head, decision, dossier_a):
    services.add_lines_from_dossiers(decision, user=world.specialist, submission_ids=[dossier_a.pk])
    line = decision.lines.first()
    with pytest.raises(Refused):
        services.remove_line(decision, line.pk, user=world.other_specialist)
    with pytest.raises(Refused, match="Chỉ lãnh đạo phòng"):
        services.record_decision(decision, user=world.specialist, enqueue=False)
    decision.refresh_from_db()
    assert decision.state == Decision.State.DRAFT and decision.lines.filter(pk=line.pk).exists()
    services.record_decision(decision, user=head, enqueue=False)
    decision.refresh_from_db()
    assert decision.state == Decision.State.RECORDED
    with pytest.raises(Refused):
        services.resume_delivery(decision, user=world.other_specialist)
