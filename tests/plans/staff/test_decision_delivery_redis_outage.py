"""Redis stopped while the office records a decision, for real: the test starts its own redis-server on
a free port as the broker, the result store and the cache, and stops it before the office head presses
"record". The decision is recorded (the person reads a Vietnamese notice that the transfer will start by
itself, not a 500), its delivery waits with a note; a page that needs the cache answers the Vietnamese
503 page. Redis comes back on the same port, beat's sweep sends the delivery, a real worker writes each
award once, and a second sweep sends nothing."""

import datetime
import subprocess
import uuid
from contextlib import contextmanager

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_office_role
from office.audit.models import AuditEvent
from office.decisions.delivery import QUEUE_DOWN_NOTE, STALLED_AFTER, resend_stalled_deliveries
from office.decisions.models import Decision, DecisionDelivery, DecisionLine
from plans.notifications.models import Notification
from plans.staff.models import AwardRecord, Staff
from plans.staff.services import search_key
from tests.conftest import OFFICE_HOST, free_port, load_world, wait_for_port
from tests.factories.decisions import decision_with_lines
from tests.factories.workers import start_worker, tasks_sent_to, wait_until

NUMBER = "401/QĐ-REDIS"


class PrivateRedis:
    """redis-server on a port of its own, without persistence: stopped and started on the same port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process = None


@contextmanager
def _stopping(worker):
    """Stops the worker `worker()` names when the block is left, however it is left."""
    try:
        yield
    finally:
        if worker() is not None:
            worker().terminate()
            worker().wait(timeout=30)


@pytest.fixture
def redis_server():
    server = PrivateRedis()
    server.start()
    yield server
    if server.process is not None:
        server.stop()


@pytest.fixture
def decision(django_db_setup, django_db_blocker):
    """Committed (the worker is another process), and removed afterwards: a draft decision for two
    staff of school A, and the office head who records it."""
    with django_db_blocker.unblock():
        world = load_world()
        head = ensure_user(username="truongphong.redis", full_name="Trưởng Phòng Redis", password=None)
        grant_office_role(head, world.office, Role.OFFICE_HEAD)
        with schema_context(world.school_a.schema_name):
            staff = Staff.objects.bulk_create(
                Staff(full_name=name, search_name=search_key(name), gender="nu")
                for name in ("Người Redis Một", "Người Redis Hai")
            )
        decision = decision_with_lines(
            head, world, number=NUMBER, people=staff, signer_name="Trưởng Phòng Redis"
        )
        yield world, head, decision
        refs = [
            f"decision-line:{pk}"
            for pk in DecisionLine.objects.filter(decision=decision).values_list("pk", flat=True)
        ]
        with schema_context(world.school_a.schema_name):
            awards = AwardRecord.objects.filter(external_ref__in=refs)
            AuditEvent.objects.filter(
                object_type="plans.awardrecord",
                object_id__in=[str(pk) for pk in awards.values_list("pk", flat=True)],
            ).delete()
            awards.delete()
            Notification.objects.filter(message__contains="/QĐ-REDIS").delete()
            Staff.objects.filter(pk__in=[p.pk for p in staff]).delete()
        AuditEvent.objects.filter(object_type="decisions.decision", object_id=str(decision.pk)).delete()
        decision.delete()
        head.memberships.all().delete()


def test_a_decision_recorded_while_redis_is_down_is_delivered_once_by_the_sweep(
    decision, redis_server, settings
):
    world, head, decision = decision
    queue = f"test-redis-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": redis_server.url},
    }

    def awards() -> list[str]:
        refs = [f"decision-line:{pk}" for pk in decision.lines.values_list("pk", flat=True)]
        with schema_context(world.school_a.schema_name):
            return list(
                AwardRecord.objects.filter(external_ref__in=refs).values_list("external_ref", flat=True)
            )

    def notices() -> int:
        with schema_context(world.school_a.schema_name):
            return Notification.objects.filter(message__startswith=f"Quyết định số {NUMBER} ").count()

    office = Client(HTTP_HOST=OFFICE_HOST, raise_request_exception=False)
    office.force_login(head)
    worker = None
    with tasks_sent_to(queue, redis_server.url), _stopping(lambda: worker):
        redis_server.stop()
        recorded = office.post(f"/quyet-dinh/{decision.pk}/ghi-nhan/", follow=True)
        assert recorded.status_code == 200
        page = recorded.content.decode()
        assert "Đã ghi nhận quyết định. Hàng đợi xử lý tạm thời không kết nối được" in page
        decision.refresh_from_db()
        assert decision.state == Decision.State.RECORDED
        delivery = DecisionDelivery.objects.get(decision=decision)
        assert (delivery.state, delivery.last_error) == (DecisionDelivery.State.PENDING, QUEUE_DOWN_NOTE)
        assert QUEUE_DOWN_NOTE[:60] in page  # the progress table shows why it waits
        # A page that needs the cache (the invitation code's attempt counter) degrades to the 503 page.
        cached = Client(HTTP_HOST=OFFICE_HOST, raise_request_exception=False).get(
            "/nhan-loi-moi/?ma=ABCD1234"
        )
        assert cached.status_code == 503 and "Hệ thống tạm thời gián đoạn" in cached.content.decode()
        # The sweep while Redis is still down: nothing sent, nothing lost, still waiting.
        later = timezone.now() + STALLED_AFTER + datetime.timedelta(minutes=1)
        assert resend_stalled_deliveries(now=later) == 1
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts) == (DecisionDelivery.State.PENDING, 2)

        redis_server.start()  # the same port, empty: the lost message never reached it
        worker = start_worker(queue, broker=redis_server.url)
        later = timezone.now() + STALLED_AFTER + datetime.timedelta(minutes=1)
        assert resend_stalled_deliveries(now=later) == 1
        wait_until(
            lambda: DecisionDelivery.objects.filter(
                decision=decision, state=DecisionDelivery.State.DONE
            ).exists(),
            timeout=120,
            step=0.2,
        )
        assert resend_stalled_deliveries(now=timezone.now() + datetime.timedelta(days=1)) == 0

    delivery = DecisionDelivery.objects.get(decision=decision)
    assert (delivery.state, delivery.attempts, delivery.lines_written, delivery.last_error) == (
        "done",
        3,
        2,
        "",
    )
    assert len(awards()) == 2 == len(set(awards())) and notices() == 1
    decision.refresh_from_db()
    assert decision.state == Decision.State.DELIVERED
