"""Beat's sweep of decision deliveries: a delivery whose task was lost (the broker down when the office
committed) is sent again once it has waited past the threshold, and written into the school once
however many times it is sent; a fresh one is left to its own task."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import grant_office_role
from office.audit.models import AuditEvent
from office.authorities.models import Authority
from office.celery import app
from office.decisions import services
from office.decisions.delivery import DELIVERY_TASK, MAX_ATTEMPTS, STALLED_AFTER, resend_stalled_deliveries
from office.decisions.models import Decision, DecisionDelivery
from plans.notifications.models import Notification
from plans.staff.models import AwardRecord
from plans.staff.tasks import deliver_decision
from tests.factories.decisions import draft


@pytest.fixture
def outbox(monkeypatch):
    """What the office hands to the broker, with the schema it was sent from (tenant-schemas-celery
    runs the task there); `deliver` then runs each message as a worker would, in that schema."""
    messages = []

    def send_task(name, args=None, **kwargs):
        messages.append((name, args, connection.schema_name))

    monkeypatch.setattr(app, "send_task", send_task)
    return messages


def deliver(messages) -> None:
    while messages:
        name, args, schema = messages.pop(0)
        assert name == DELIVERY_TASK
        with schema_context(schema):
            deliver_decision.run(*args)


def awards_of(school) -> list[str]:
    with schema_context(school.schema_name):
        return sorted(
            AwardRecord.objects.filter(source=AwardRecord.Source.OFFICE_DECISION).values_list(
                "external_ref", flat=True
            )
        )


def principal_notices(school, number: str) -> int:
    with schema_context(school.schema_name):
        return Notification.objects.filter(message__startswith=f"Quyết định số {number} ").count()


def age(delivery: DecisionDelivery, by: datetime.timedelta) -> None:
    # A queryset update: `updated_at` (auto_now) keeps the value given, as if nothing had happened since.
    DecisionDelivery.objects.filter(pk=delivery.pk).update(updated_at=timezone.now() - by)


@pytest.fixture
def lost(world, head, dossier_a, outbox):
    """A recorded decision for schools A (3 lines) and B (1 line) whose tasks never reached the broker:
    the test's transaction never commits, so the on-commit send did not run, as with a broker down."""
    # Decided by the city's department, above the offices of both schools.
    city = Authority.objects.get(code="t-city")
    grant_office_role(head, city, Role.OFFICE_HEAD)
    decision = draft(world, head, issuer=city, number="78/QĐ-SGDĐT")
    services.add_lines_from_dossiers(decision, user=head, submission_ids=[dossier_a.pk])
    services.add_line(decision, user=head, school=world.school_b, full_name="Bí Mật Trường B", title="ldtt")
    services.record_decision(decision, user=head)
    assert outbox == []
    return decision


def test_a_stalled_delivery_is_sent_again_and_written_once_a_fresh_one_is_left_alone(
    world, lost, outbox, django_capture_on_commit_callbacks
):
    delivery_a = lost.deliveries.get(school=world.school_a)
    delivery_b = lost.deliveries.get(school=world.school_b)
    age(delivery_a, STALLED_AFTER + datetime.timedelta(minutes=1))
    age(delivery_b, STALLED_AFTER - datetime.timedelta(minutes=2))

    # The sweep runs twice before any worker takes its message (the broker back, the worker slow):
    # two messages for A's delivery, none for B's, which is younger than the threshold.
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stalled_deliveries() == 1
    # Sending refreshed the delivery: a sweep right after sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stalled_deliveries() == 0
    age(delivery_a, STALLED_AFTER + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stalled_deliveries() == 1
    assert [(args[0]["delivery"], schema) for _, args, schema in outbox] == [
        (delivery_a.pk, world.school_a.schema_name),
        (delivery_a.pk, world.school_a.schema_name),
    ]

    deliver(outbox)
    # Each of A's lines written once, the school answered once (one notice to the principal), B untouched.
    assert len(awards_of(world.school_a)) == 3 == len(set(awards_of(world.school_a)))
    assert principal_notices(world.school_a, lost.number) == 1
    assert awards_of(world.school_b) == []
    delivery_a.refresh_from_db()
    delivery_b.refresh_from_db()
    assert (delivery_a.state, delivery_a.attempts, delivery_a.lines_written) == ("done", 3, 3)
    assert (delivery_b.state, delivery_b.attempts) == ("running", 1)
    lost.refresh_from_db()
    assert lost.state == Decision.State.DELIVERING
    sweeps = AuditEvent.objects.filter(action="decision.delivery_requeued", object_id=str(lost.pk))
    assert sweeps.count() == 2 and sweeps.first().after["schools"] == [world.school_a.code]

    # Later, B too has waited past the threshold; a done delivery is never sent again.
    age(delivery_a, datetime.timedelta(hours=1))
    age(delivery_b, STALLED_AFTER + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stalled_deliveries() == 1
    deliver(outbox)
    assert awards_of(world.school_b) != [] and len(awards_of(world.school_a)) == 3
    lost.refresh_from_db()
    assert lost.state == Decision.State.DELIVERED
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stalled_deliveries(now=timezone.now() + datetime.timedelta(days=1)) == 0
    assert outbox == []


def test_a_delivery_the_school_answered_with_an_error_is_left_to_its_retries(
    world, lost, outbox, django_capture_on_commit_callbacks
):
    delivery = lost.deliveries.get(school=world.school_a)
    DecisionDelivery.objects.filter(pk=delivery.pk).update(
        state=DecisionDelivery.State.FAILED,
        last_error="OperationalError",
        updated_at=timezone.now() - datetime.timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stalled_deliveries(now=timezone.now() + datetime.timedelta(hours=1)) == 1  # B only
    assert [args[0]["school"] for _, args, _ in outbox] == [world.school_b.pk]


def test_beat_runs_the_sweep_every_few_minutes():
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["resend-stalled-decision-deliveries"]
    assert entry["task"] in app.tasks
    # Several sweeps within the threshold: a lost delivery waits at most threshold + period.
    assert entry["schedule"].remaining_estimate(timezone.now()) <= STALLED_AFTER
    for name, other in settings.CELERY_BEAT_SCHEDULE.items():
        assert other["task"] in app.tasks, name


def test_after_max_attempts_the_sweep_gives_up_visibly_and_a_person_can_resume(
    world, lost, outbox, head, client_for, django_capture_on_commit_callbacks
):
    delivery = lost.deliveries.get(school=world.school_a)
    DecisionDelivery.objects.filter(pk=delivery.pk).update(attempts=MAX_ATTEMPTS - 1)
    age(delivery, STALLED_AFTER + datetime.timedelta(minutes=1))
    DecisionDelivery.objects.filter(school=world.school_b, decision=lost).update(updated_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stalled_deliveries() == 1  # the last attempt the sweep makes
    outbox.clear()
    age(delivery, STALLED_AFTER + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stalled_deliveries() == 0
    assert outbox == []
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DecisionDelivery.State.FAILED, MAX_ATTEMPTS)
    assert f"Đã gửi {MAX_ATTEMPTS} lần mà trường chưa trả lời" in delivery.last_error
    gave_up = AuditEvent.objects.get(action="decision.delivery_gave_up", object_id=str(lost.pk))
    assert gave_up.after["schools"] == [world.school_a.code]
    # Failed deliveries are not swept again; the office sees why on the decision's page.
    age(delivery, datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stalled_deliveries() == 0
    page = client_for(head).get(f"/quyet-dinh/{lost.pk}/").content.decode()
    assert "ngừng tự gửi lại" in page
    # A person's resume sends it again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_delivery(lost, user=head) == 2
    assert world.school_a.pk in [args[0]["school"] for _, args, _ in outbox]
