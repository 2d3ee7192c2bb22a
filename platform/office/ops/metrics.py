"""The platform's Prometheus metrics, in one place.

gunicorn runs several worker processes and Celery several more; each keeps its own counters. With
PROMETHEUS_MULTIPROC_DIR set (deploy/run.sh sets it), prometheus-client writes them to files in that
folder and /metrics adds up every process's files; without it (tests, a single process), the
process's own registry is read. The variable must be set before this module is first imported."""

import functools
import os
import time

import redis
from django.conf import settings
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
QUERY_COUNT_BUCKETS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500)

HTTP_REQUESTS = Counter(
    "tdkt_http_requests_total",
    "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "tdkt_http_request_duration_seconds",
    "Time from the request reaching Django to its response, by view.",
    ["view"],
    buckets=LATENCY_BUCKETS,
)
DB_QUERIES = Counter("tdkt_db_queries_total", "SQL queries sent by requests, by view.", ["view"])
DB_QUERIES_PER_REQUEST = Histogram(
    "tdkt_http_request_db_queries",
    "SQL queries of one request, by view.",
    ["view"],
    buckets=QUERY_COUNT_BUCKETS,
)
DB_QUERY_LATENCY = Histogram(
    "tdkt_db_query_duration_seconds", "Time of one SQL query sent by a request.", buckets=LATENCY_BUCKETS
)
CELERY_TASKS = Counter(
    "tdkt_celery_tasks_total",
    "Celery tasks finished, by task and outcome (success, failure, retry).",
    ["task", "outcome"],
)
CELERY_TASK_LATENCY = Histogram(
    "tdkt_celery_task_duration_seconds",
    "Run time of a Celery task, by task.",
    ["task"],
    buckets=LATENCY_BUCKETS,
)
SCHOOL_PROVISIONING = Counter(
    "tdkt_school_provisioning_total", "Schools created from the template schema, by outcome.", ["outcome"]
)
SCHOOL_PROVISIONING_LATENCY = Histogram(
    "tdkt_school_provisioning_duration_seconds", "Time to create one school.", buckets=LATENCY_BUCKETS
)
SCHEMA_MIGRATIONS = Counter(
    "tdkt_schema_migrations_total",
    "Schema migrations run, per schema kind (school, template, public) and outcome.",
    ["kind", "outcome"],
)

# Kombu's Redis transport keeps a queue's messages in a list named after it, and in one list per
# priority step beside it (by default 3, 6 and 9, named with a \x06\x16 separator).
_PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


class CeleryQueueCollector:
    """Messages waiting in each Celery queue, read from the broker at scrape time."""

    def __init__(self, broker_url: str, queues: list[str]):
        self.broker_url = broker_url
        self.queues = queues

    def collect(self):
        family = GaugeMetricFamily(
            "tdkt_celery_queue_length",
            "Messages waiting in a Celery queue (broker: Redis).",
            labels=["queue"],
        )
        up = GaugeMetricFamily("tdkt_celery_broker_up", "1 if the broker answered the last scrape.")
        client = redis.Redis.from_url(self.broker_url, socket_connect_timeout=2, socket_timeout=2)
        try:
            with client.pipeline(transaction=False) as pipe:
                for queue in self.queues:
                    for suffix in _PRIORITY_SUFFIXES:
                        pipe.llen(queue + suffix)
                lengths = pipe.execute()
        except redis.RedisError:
            up.add_metric([], 0)
        else:
            up.add_metric([], 1)
            steps = len(_PRIORITY_SUFFIXES)
            for index, queue in enumerate(self.queues):
                family.add_metric([queue], sum(lengths[index * steps : (index + 1) * steps]))
        finally:
            client.close()
        yield family
        yield up


def metrics_queues() -> list[str]:
    return list(getattr(settings, "METRICS_CELERY_QUEUES", None) or [settings.CELERY_TASK_DEFAULT_QUEUE])


def render_metrics() -> tuple[bytes, str]:
    """The exposition text of every process's metrics and of the broker's queues."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY as registry
    queues = CollectorRegistry()
    queues.register(CeleryQueueCollector(settings.CELERY_BROKER_URL, metrics_queues()))
    return generate_latest(registry) + generate_latest(queues), CONTENT_TYPE_LATEST


def counts_school_provisioning(refusal: type[Exception]):
    """Decorates the function that creates a school: counts each call as created, refused (the
    `refusal` error: bad input, nothing changed) or failed, and times the ones that succeed."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                result = func(*args, **kwargs)
            except refusal:
                SCHOOL_PROVISIONING.labels("refused").inc()
                raise
            except Exception:
                SCHOOL_PROVISIONING.labels("failed").inc()
                raise
            SCHOOL_PROVISIONING.labels("created").inc()
            SCHOOL_PROVISIONING_LATENCY.observe(time.perf_counter() - started)
            return result

        return wrapper

    return decorate
