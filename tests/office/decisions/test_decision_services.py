"""Drafting and recording award decisions: the refusals the issue asks for, and what recording sends."""

import datetime

import pytest
from django_tenants.utils import schema_context

from office.audit.models import AuditEvent
from office.authorities.models import Authority
from office.core.errors import Refused
from office.decisions import services
from office.decisions.delivery import DELIVERY_TASK
from office.decisions.models import Decision, DecisionDelivery
from office.decisions.services import DecisionError
from office.submissions.models import Submission
from plans.staff.models import Staff
from tests.factories.decisions import accepted_dossier, draft


def test_a_number_used_twice_by_the_same_issuer_in_a_year_is_refused(world, head):
    draft(world, world.specialist)
    with pytest.raises(DecisionError, match="đã được Phòng GDĐT Thử nghiệm dùng trong năm 2025"):
        draft(world, world.specialist, number="125/qđ-pgdđt", signed_on=datetime.date(2025, 9, 2))
    assert Decision.objects.filter(issuer=world.office).count() == 1


def test_the_same_number_is_fine_for_another_issuer_or_another_year(world):
    city = Authority.objects.get(code="t-city")
    draft(world, world.specialist)
    draft(world, world.specialist, issuer=city)
    draft(world, world.specialist, signed_on=datetime.date(2024, 6, 20), school_year="2023-2024")
    assert Decision.objects.filter(number="125/QĐ-PGDĐT").count() == 3


def test_the_database_refuses_a_duplicate_number_written_past_the_service(world):
    from django.db import IntegrityError, transaction

    first = draft(world, world.specialist)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            office=first.office,
            issuer=first.issuer,
            issuer_name=first.issuer_name,
            number="125/Qđ-PGDĐT",
            year=2025,
            signed_on=datetime.date(2025, 12, 1),
            signer_title="x",
            signer_name="y",
            subject="z",
            school_year="2025-2026",
        )


def test_bad_input_is_refused_with_a_message_and_nothing_is_written(world):
    other = Authority.objects.get(code="t-other")
    cases = [
        ({"number": ""}, "Hãy nhập số quyết định"),
        ({"signed_on": datetime.date.today() + datetime.timedelta(days=3)}, "ở sau ngày hôm nay"),
        ({"school_year": "2024-2026"}, "không hợp lệ"),
        ({"issuer": other}, "cơ quan ban hành"),
        ({"signer_name": " "}, "họ tên người ký"),
    ]
    for overrides, message in cases:
        with pytest.raises(DecisionError, match=message):
            draft(world, world.specialist, **overrides)
    assert not Decision.objects.filter(office=world.office).exists()


def test_an_issuer_cannot_sign_after_it_ceased_to_exist(world):
    world.office.valid_to = datetime.date(2025, 6, 30)
    world.office.save()
    with pytest.raises(DecisionError, match="chỉ hoạt động đến ngày 30/06/2025"):
        draft(world, world.specialist, signed_on=datetime.date(2025, 7, 2))


def test_school_staff_cannot_draft(world):
    with pytest.raises(Refused, match="Chỉ cán bộ của cơ quan quản lý"):
        draft(world, world.principal_a)


def test_lines_come_from_accepted_dossiers_of_the_office_only(world, dossier_a, school_a_staff):
    decision = draft(world, world.specialist)
    lines = services.add_lines_from_dossiers(decision, user=world.specialist, submission_ids=[dossier_a.pk])
    assert sorted(line.full_name for line in lines) == sorted(
        ["Nguyễn Thị An", "Giáo Viên Trường A", world.school_a.name]
    )
    assert [line.collective for line in lines if line.full_name == world.school_a.name] == [True]
    # Adding the same dossier again adds nobody twice.
    assert (
        services.add_lines_from_dossiers(decision, user=world.specialist, submission_ids=[dossier_a.pk]) == []
    )
    assert decision.lines.count() == 3

    with schema_context(world.school_b.schema_name):
        secret = Staff.objects.get(full_name="Bí Mật Trường B")
    dossier_b = accepted_dossier(world, world.school_b, [(secret, "ldtt")], user=world.principal_b)
    with pytest.raises(Submission.DoesNotExist):
        services.add_lines_from_dossiers(decision, user=world.specialist, submission_ids=[dossier_b.pk])
    with pytest.raises(Submission.DoesNotExist):  # another office's specialist cannot take A's dossier
        other_decision = draft(world, world.other_specialist, issuer=world.other_office)
        services.add_lines_from_dossiers(
            other_decision, user=world.other_specialist, submission_ids=[dossier_a.pk]
        )
    assert decision.lines.count() == 3


def test_a_dossier_still_under_review_cannot_be_decided(world, school_a_staff):
    from office.submissions.services import submit

    waiting = submit(
        school=world.school_a,
        kind=Submission.Kind.DOSSIER,
        reference="dossier:9",
        year=2025,
        title="Hồ sơ",
        payload={"school_year": "2024-2025", "nominees": []},
        user=world.principal_a,
    )
    decision = draft(world, world.specialist)
    with pytest.raises(Submission.DoesNotExist):
        services.add_lines_from_dossiers(decision, user=world.specialist, submission_ids=[waiting.pk])


def test_some_nominees_of_a_dossier_can_be_picked(world, dossier_a):
    decision = draft(world, world.specialist)
    first = dossier_a.payload["nominees"][0]["nomination"]
    lines = services.add_lines_from_dossiers(
        decision, user=world.specialist, submission_ids=[dossier_a.pk], nominations=[(dossier_a.pk, first)]
    )
    assert [line.nomination_ref for line in lines] == [first]


def test_a_line_by_hand_for_another_offices_school_is_not_found(world):
    from tenants.models import School

    decision = draft(world, world.specialist)
    with pytest.raises(School.DoesNotExist):
        services.add_line(decision, user=world.specialist, school=world.school_b, full_name="X", title="ldtt")
    with pytest.raises(DecisionError, match="danh hiệu tập thể"):
        services.add_line(
            decision, user=world.specialist, school=world.school_a, full_name="X", title="ttldtt"
        )
    assert not decision.lines.exists()


def test_only_the_office_head_records_and_a_recorded_decision_is_locked(
    world, head, dossier_a, django_capture_on_commit_callbacks, monkeypatch
):
    decision = draft(world, world.specialist)
    with pytest.raises(DecisionError, match="chưa có danh sách"):
        services.record_decision(decision, user=head)
    services.add_lines_from_dossiers(decision, user=world.specialist, submission_ids=[dossier_a.pk])
    with pytest.raises(Refused, match="Chỉ lãnh đạo phòng"):
        services.record_decision(decision, user=world.specialist)
    decision.refresh_from_db()
    assert decision.state == Decision.State.DRAFT

    sent = []
    from office.celery import app

    monkeypatch.setattr(app, "send_task", lambda name, args=None, **kw: sent.append((name, args, _schema())))
    with django_capture_on_commit_callbacks(execute=True):
        services.record_decision(decision, user=head)
    decision.refresh_from_db()
    assert decision.state == Decision.State.RECORDED and decision.recorded_by == head
    delivery = DecisionDelivery.objects.get(decision=decision)
    assert (delivery.school, delivery.lines_total, delivery.state, delivery.attempts) == (
        world.school_a,
        3,
        "running",
        1,
    )
    # Sent by name, from inside the school's schema, so the task runs there, with everything the
    # school needs: the decision and its lines for that school, as plain data.
    [(name, [instructions], schema)] = sent
    assert (name, schema) == (DELIVERY_TASK, world.school_a.schema_name)
    assert instructions["delivery"] == delivery.pk and instructions["school"] == world.school_a.pk
    assert instructions["decision"]["number"] == decision.number
    assert sorted(line["line"] for line in instructions["lines"]) == sorted(
        decision.lines.values_list("pk", flat=True)
    )

    with pytest.raises(DecisionError, match="không sửa được nữa"):
        services.update_decision(decision, user=head, subject="Sửa sau khi ký")
    with pytest.raises(DecisionError, match="không sửa được nữa"):
        services.add_line(decision, user=head, school=world.school_a, full_name="Người Mới", title="ldtt")
    with pytest.raises(DecisionError, match="không sửa được nữa"):
        services.remove_line(decision, decision.lines.first().pk, user=head)
    actions = set(
        AuditEvent.objects.filter(object_type="decisions.decision", object_id=str(decision.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"decision.created", "decision.lines_added", "decision.recorded"} <= actions


def test_resume_sends_again_only_what_is_not_done(
    world, head, dossier_a, django_capture_on_commit_callbacks, monkeypatch
):
    from office.celery import app

    decision = draft(world, world.specialist)
    services.add_lines_from_dossiers(decision, user=world.specialist, submission_ids=[dossier_a.pk])
    with pytest.raises(DecisionError, match="chưa được ghi nhận"):
        services.resume_delivery(decision, user=world.specialist)
    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args=None, **kw: sent.append(args))
    services.record_decision(decision, user=head)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_delivery(decision, user=world.specialist) == 1
    assert [args[0]["delivery"] for args in sent] == [decision.deliveries.get().pk]
    assert decision.deliveries.get().attempts == 2
    assert AuditEvent.objects.filter(action="decision.delivery_requeued", object_id=str(decision.pk)).exists()
    decision.deliveries.update(state=DecisionDelivery.State.DONE)
    with pytest.raises(DecisionError, match="đủ các trường"):
        services.resume_delivery(decision, user=world.specialist)


def _schema():
    from django.db import connection

    return connection.schema_name
