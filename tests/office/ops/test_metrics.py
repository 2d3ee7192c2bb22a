"""/metrics: who may read it, and what it counts (in this process's registry; the multiprocess
aggregation of gunicorn's workers is checked in tests/deploy)."""

import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from prometheus_client import REGISTRY

from office.core.tasks import clear_expired_sessions
from tenants.provisioning import SchoolProvisioningError, create_school, template_schema

TOKEN = "ma-giam-sat-thu-nghiem"
OUTCOMES = ("success", "retry", "failure")


def sample(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def scraper(settings):
    settings.METRICS_TOKEN = TOKEN
    return Client(HTTP_HOST="10.0.0.5:8000", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def test_anonymous_and_wrong_token_scrapers_are_refused(world, settings):
    settings.METRICS_TOKEN = TOKEN
    assert Client().get("/metrics").status_code == 401
    response = Client(HTTP_AUTHORIZATION="Bearer sai-ma").get("/metrics")
    assert response.status_code == 401
    assert "Cần mã truy cập" in response.content.decode()


def test_without_a_configured_token_metrics_are_closed_to_everyone(world, settings):
    settings.METRICS_TOKEN = ""
    assert Client(HTTP_AUTHORIZATION="Bearer ").get("/metrics").status_code == 401


def test_requests_are_counted_by_view_and_status_with_their_latency_and_queries(world, scraper, client_for):
    labels = {"view": "staff-page", "method": "GET", "status": "200"}
    before = sample("tdkt_http_requests_total", **labels)
    latency_before = sample("tdkt_http_request_duration_seconds_count", view="staff-page")
    queries_before = sample("tdkt_db_queries_total", view="staff-page")
    client = client_for(world.principal_a, world.school_a)
    assert client.get("/can-bo/").status_code == 200
    assert client.get("/can-bo/").status_code == 200
    assert sample("tdkt_http_requests_total", **labels) == before + 2
    assert sample("tdkt_http_request_duration_seconds_count", view="staff-page") == latency_before + 2
    assert sample("tdkt_db_queries_total", view="staff-page") >= queries_before + 2
    text = scraper.get("/metrics").content.decode()
    assert 'tdkt_http_requests_total{method="GET",status="200",view="staff-page"}' in text
    assert "tdkt_db_query_duration_seconds_bucket" in text


def test_an_unknown_host_is_counted_without_a_view(world):
    before = sample("tdkt_http_requests_total", view="not_found", method="GET", status="404")
    assert Client(HTTP_HOST="khongco.localhost").get("/").status_code == 404
    assert sample("tdkt_http_requests_total", view="not_found", method="GET", status="404") == before + 1


def test_waiting_messages_of_a_celery_queue_are_read_from_the_broker(world, scraper, settings):
    queue = f"test-metrics-{uuid.uuid4().hex[:8]}"
    settings.METRICS_CELERY_QUEUES = [queue]
    broker = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    try:
        for _ in range(3):
            clear_expired_sessions.apply_async(queue=queue)
        text = scraper.get("/metrics").content.decode()
    finally:
        broker.delete(queue)
        broker.close()
    assert f'tdkt_celery_queue_length{{queue="{queue}"}} 3.0' in text
    assert "tdkt_celery_broker_up 1.0" in text


def test_a_broker_that_does_not_answer_is_reported_not_raised(world, scraper, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = scraper.get("/metrics")
    assert response.status_code == 200
    assert "tdkt_celery_broker_up 0.0" in response.content.decode()


def test_task_outcomes_are_counted(db):
    name = clear_expired_sessions.name
    before = {outcome: sample("tdkt_celery_tasks_total", task=name, outcome=outcome) for outcome in OUTCOMES}
    runs = sample("tdkt_celery_task_duration_seconds_count", task=name)
    clear_expired_sessions.apply()
    # Fails inside the task's run: retried max_retries (3) times, then failed.
    clear_expired_sessions.apply(args=("unexpected argument",))
    after = {outcome: sample("tdkt_celery_tasks_total", task=name, outcome=outcome) for outcome in OUTCOMES}
    assert {outcome: after[outcome] - before[outcome] for outcome in OUTCOMES} == {
        "success": 1,
        "retry": 3,
        "failure": 1,
    }
    assert sample("tdkt_celery_task_duration_seconds_count", task=name) == runs + 5


def test_school_provisioning_is_counted_created_or_refused(world):
    created = sample("tdkt_school_provisioning_total", outcome="created")
    refused = sample("tdkt_school_provisioning_total", outcome="refused")
    create_school(code="truongdem", name="Trường Tiểu học Đếm", level="tieu_hoc", authority=world.office)
    with pytest.raises(SchoolProvisioningError):
        create_school(code="Sai Ma", name="Trường Sai", level="tieu_hoc", authority=world.office)
    assert sample("tdkt_school_provisioning_total", outcome="created") == created + 1
    assert sample("tdkt_school_provisioning_total", outcome="refused") == refused + 1
    assert sample("tdkt_school_provisioning_duration_seconds_count") >= 1


def test_schema_migrations_are_counted_per_kind_of_schema(db):
    before = sample("tdkt_schema_migrations_total", kind="template", outcome="done")
    started = sample("tdkt_schema_migrations_total", kind="template", outcome="started")
    call_command(
        "migrate_schemas", schema_name=template_schema(), tenant=True, interactive=False, verbosity=0
    )
    assert sample("tdkt_schema_migrations_total", kind="template", outcome="started") == started + 1
    assert sample("tdkt_schema_migrations_total", kind="template", outcome="done") == before + 1
