"""The issue's crash test: a real Celery worker is killed (SIGKILL) half way through writing a
decision of 600 awards into a school; what it committed stays, whole batches only, and the office
has no answer yet; a new worker resumes and finishes without a duplicate, answering once; running
the delivery once more changes nothing."""

import signal
import uuid

import pytest
from django.db.models import Count
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.audit.models import AuditEvent
from office.decisions import services
from office.decisions.delivery import delivery_instructions
from office.decisions.models import Decision, DecisionDelivery, DecisionLine
from plans.notifications.models import Notification
from plans.staff.decision_delivery import BATCH_SIZE
from plans.staff.models import AwardRecord, Staff
from plans.staff.services import search_key
from plans.staff.tasks import deliver_decision
from tests.conftest import load_world
from tests.factories.decisions import decision_with_lines
from tests.factories.workers import BROKER, start_worker, wait_until

# Enough that one run takes many seconds here (about 20 statements a line), few enough for the suite.
LINES = 600
NUMBER = "600/QĐ-KT"


@pytest.fixture
def big_decision(django_db_setup, django_db_blocker):
    """Committed (the worker is another process), and removed afterwards: 600 staff of school A and
    a draft decision giving each of them Lao động tiên tiến."""
    with django_db_blocker.unblock():
        world = load_world()
        head = ensure_user(username="truongphong.kt", full_name="Trưởng Phòng Kiểm Thử", password=None)
        grant_office_role(head, world.office, Role.OFFICE_HEAD)
        with schema_context(world.school_a.schema_name):
            staff = Staff.objects.bulk_create(
                Staff(full_name=name, search_name=search_key(name), gender="nu")
                for name in (f"Người Kiểm Thử {index:04d}" for index in range(LINES))
            )
        decision = decision_with_lines(
            head, world, number=NUMBER, people=staff, signer_name="Trưởng Phòng Kiểm Thử"
        )
        yield world, head, decision
        refs = [f"decision-line:{pk}" for pk in decision.lines.values_list("pk", flat=True)]
        with schema_context(world.school_a.schema_name):
            awards = AwardRecord.objects.filter(external_ref__in=refs)
            AuditEvent.objects.filter(
                object_type="plans.awardrecord",
                object_id__in=[str(pk) for pk in awards.values_list("pk", flat=True)],
            ).delete()
            awards.delete()
            Notification.objects.filter(message__contains=NUMBER).delete()
            Staff.objects.filter(pk__in=[p.pk for p in staff]).delete()
        AuditEvent.objects.filter(object_type="decisions.decision", object_id=str(decision.pk)).delete()
        Decision.objects.filter(pk=decision.pk).delete()
        # The account stays (deleting it would look for its notifications in the public schema).
        head.memberships.all().delete()


def test_a_killed_worker_leaves_whole_batches_and_a_new_one_finishes_without_duplicates(big_decision):
    from office.celery import app

    world, head, decision = big_decision
    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    saved = (app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue)
    app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue = BROKER, BROKER, queue
    refs = {f"decision-line:{pk}" for pk in decision.lines.values_list("pk", flat=True)}
    late_message = None

    def written() -> int:
        with schema_context(world.school_a.schema_name):
            return AwardRecord.objects.filter(external_ref__in=refs).count()

    first = start_worker(queue)
    second = None
    try:
        services.record_decision(decision, user=head)  # sends the task once committed (autocommit here)
        delivery = DecisionDelivery.objects.get(decision=decision)
        late_message = delivery_instructions(delivery)
        wait_until(lambda: written() >= 2 * BATCH_SIZE, timeout=120, step=0.1)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        partial = written()
        assert 0 < partial < LINES, partial
        # Each batch of awards commits whole, so the crash left whole batches.
        assert partial % BATCH_SIZE == 0
        # The school answers once, at the end: the office has no outcome yet.
        assert not decision.lines.exclude(outcome=DecisionLine.Outcome.PENDING).exists()
        delivery.refresh_from_db()
        assert delivery.state == DecisionDelivery.State.RUNNING and delivery.attempts == 1

        second = start_worker(queue)
        assert services.resume_delivery(decision, user=head) == 1
        wait_until(
            lambda: DecisionDelivery.objects.filter(
                pk=delivery.pk, state=DecisionDelivery.State.DONE
            ).exists(),
            timeout=240,
            step=0.5,
        )
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        app.conf.broker_url, app.conf.result_backend, app.conf.task_default_queue = saved

    delivery.refresh_from_db()
    assert (delivery.lines_written, delivery.lines_failed, delivery.attempts) == (LINES, 0, 2)
    with schema_context(world.school_a.schema_name):
        rows = AwardRecord.objects.filter(external_ref__in=refs)
        assert rows.count() == LINES
        assert not rows.values("external_ref").annotate(n=Count("pk")).filter(n__gt=1).exists()
        assert not rows.values("staff_id").annotate(n=Count("pk")).filter(n__gt=1).exists()
        # The killed worker's message delivered late: every line is found written, none twice.
        assert deliver_decision.run(late_message) == LINES
        assert AwardRecord.objects.filter(external_ref__in=refs).count() == LINES
        # And instructions made now hold nothing left to write.
        assert deliver_decision.run(delivery_instructions(delivery)) == 0
    decision.refresh_from_db()
    assert decision.state == Decision.State.DELIVERED
