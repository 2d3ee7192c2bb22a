"""Beat's sweep over the real broker and a real worker: a decision whose task was lost (sent where no
worker listens, as when the broker dropped it) is sent again by the sweep, twice, and written into the
school once; a decision recorded a moment ago is left to its own task."""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from kombu import Queue

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.audit.models import AuditEvent
from office.decisions import services
from office.decisions.delivery import STALLED_AFTER, resend_stalled_deliveries
from office.decisions.models import Decision, DecisionDelivery, DecisionLine
from plans.notifications.models import Notification
from plans.notifications.tasks import deliver_notification
from plans.staff.models import AwardRecord, Staff
from plans.staff.services import search_key
from tests.conftest import load_world
from tests.factories.decisions import decision_with_lines
from tests.factories.workers import BROKER, start_worker, wait_until

STALLED, FRESH = "301/QĐ-QUET", "302/QĐ-QUET"


def _decision(head, world, number: str, people: list[Staff]) -> Decision:
    return decision_with_lines(head, world, number=number, people=people, signer_name="Trưởng Phòng Quét")


@pytest.fixture
def two_decisions(django_db_setup, django_db_blocker):
    """Committed (the worker is another process), and removed afterwards: three staff of school A, a
    decision for two of them and one for the third."""
    with django_db_blocker.unblock():
        world = load_world()
        head = ensure_user(username="truongphong.quet", full_name="Trưởng Phòng Quét", password=None)
        grant_office_role(head, world.office, Role.OFFICE_HEAD)
        with schema_context(world.school_a.schema_name):
            staff = Staff.objects.bulk_create(
                Staff(full_name=name, search_name=search_key(name), gender="nam")
                for name in ("Người Quét Một", "Người Quét Hai", "Người Quét Ba")
            )
        decisions = [_decision(head, world, STALLED, staff[:2]), _decision(head, world, FRESH, staff[2:])]
        yield world, head, decisions
        refs = [
            f"decision-line:{pk}"
            for pk in DecisionLine.objects.filter(decision__in=decisions).values_list("pk", flat=True)
        ]
        with schema_context(world.school_a.schema_name):
            awards = AwardRecord.objects.filter(external_ref__in=refs)
            AuditEvent.objects.filter(
                object_type="plans.awardrecord",
                object_id__in=[str(pk) for pk in awards.values_list("pk", flat=True)],
            ).delete()
            awards.delete()
            Notification.objects.filter(message__contains="/QĐ-QUET").delete()
            Staff.objects.filter(pk__in=[p.pk for p in staff]).delete()
        for decision in decisions:
            AuditEvent.objects.filter(object_type="decisions.decision", object_id=str(decision.pk)).delete()
            decision.delete()
        head.memberships.all().delete()


def test_the_sweep_sends_a_lost_delivery_again_and_the_worker_writes_it_once(two_decisions):
    from office.celery import app

    world, head, (stalled, fresh) = two_decisions
    lost, queue = f"test-lost-{uuid.uuid4().hex[:8]}", f"test-sweep-{uuid.uuid4().hex[:8]}"
    saved = (app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue)
    app.conf.broker_url, app.conf.result_backend = BROKER, BROKER

    def awards(decision) -> int:
        refs = [f"decision-line:{pk}" for pk in decision.lines.values_list("pk", flat=True)]
        with schema_context(world.school_a.schema_name):
            return AwardRecord.objects.filter(external_ref__in=refs).count()

    def principal_notices(decision) -> int:
        with schema_context(world.school_a.schema_name):
            return Notification.objects.filter(
                message__startswith=f"Quyết định số {decision.number} "
            ).count()

    def notices_with(message) -> bool:
        with schema_context(world.school_a.schema_name):
            return Notification.objects.filter(message=message).exists()

    def age(decision) -> None:
        DecisionDelivery.objects.filter(decision=decision).update(
            updated_at=timezone.now() - STALLED_AFTER - datetime.timedelta(minutes=1)
        )

    worker = None
    try:
        # Both recorded while their messages go where no worker listens: lost.
        app.conf.task_default_queue = lost
        services.record_decision(stalled, user=head)
        services.record_decision(fresh, user=head)
        app.conf.task_default_queue = queue
        worker = start_worker(queue)
        age(stalled)
        # Two sweeps before the worker answers (the second after the threshold again): two messages.
        assert resend_stalled_deliveries() == 1
        age(stalled)
        assert resend_stalled_deliveries() == 1
        wait_until(
            lambda: DecisionDelivery.objects.filter(
                decision=stalled, state=DecisionDelivery.State.DONE
            ).exists(),
            timeout=120,
            step=0.2,
        )
        # A marker sent behind the second message: once the (single, one-at-a-time) worker has written
        # it, the second message has been taken too.
        marker = f"Đánh dấu hàng đợi /QĐ-QUET {uuid.uuid4().hex[:6]}"
        with schema_context(world.school_a.schema_name):
            deliver_notification.apply_async(args=[world.principal_a.pk, marker], queue=queue)
        wait_until(lambda: notices_with(marker), timeout=60, step=0.2)
        assert resend_stalled_deliveries() == 0
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        with app.connection_for_write(BROKER) as connection:
            for name in (lost, queue):
                Queue(name, channel=connection.default_channel).purge()
        app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue = saved

    delivery = DecisionDelivery.objects.get(decision=stalled)
    assert (delivery.state, delivery.attempts, delivery.lines_written) == ("done", 3, 2)
    assert awards(stalled) == 2 and principal_notices(stalled) == 1
    stalled.refresh_from_db()
    assert stalled.state == Decision.State.DELIVERED
    # The fresh decision was left to its own (here lost) task: not sent again, nothing written.
    delivery = DecisionDelivery.objects.get(decision=fresh)
    assert (delivery.state, delivery.attempts) == ("running", 1)
    assert awards(fresh) == 0
