"""Counters fed by signals: Celery task outcomes (in the worker processes) and schema migrations
(django-tenants sends a signal before and after each schema it migrates)."""

import time

from celery import signals as celery_signals
from django.conf import settings
from django_tenants.signals import schema_migrated, schema_pre_migration

from office.ops import metrics

_task_started: dict[str, float] = {}


def _task_name(sender=None, task=None, **kwargs) -> str:
    task = task or sender
    return getattr(task, "name", None) or str(task)


def on_task_prerun(task_id=None, task=None, **kwargs):
    _task_started[task_id] = time.perf_counter()


def on_task_postrun(task_id=None, task=None, **kwargs):
    started = _task_started.pop(task_id, None)
    if started is not None:
        metrics.CELERY_TASK_LATENCY.labels(_task_name(task=task)).observe(time.perf_counter() - started)


def on_task_success(sender=None, **kwargs):
    metrics.CELERY_TASKS.labels(_task_name(sender), "success").inc()


def on_task_failure(sender=None, **kwargs):
    metrics.CELERY_TASKS.labels(_task_name(sender), "failure").inc()


def on_task_retry(sender=None, **kwargs):
    metrics.CELERY_TASKS.labels(_task_name(sender), "retry").inc()


def schema_kind(schema_name: str) -> str:
    if schema_name == "public":
        return "public"
    if schema_name == settings.SCHOOL_TEMPLATE_SCHEMA:
        return "template"
    return "school"


def on_schema_pre_migration(schema_name=None, **kwargs):
    metrics.SCHEMA_MIGRATIONS.labels(schema_kind(schema_name), "started").inc()


def on_schema_migrated(schema_name=None, **kwargs):
    metrics.SCHEMA_MIGRATIONS.labels(schema_kind(schema_name), "done").inc()


def connect() -> None:
    celery_signals.task_prerun.connect(on_task_prerun, weak=False, dispatch_uid="tdkt-metrics-prerun")
    celery_signals.task_postrun.connect(on_task_postrun, weak=False, dispatch_uid="tdkt-metrics-postrun")
    celery_signals.task_success.connect(on_task_success, weak=False, dispatch_uid="tdkt-metrics-success")
    celery_signals.task_failure.connect(on_task_failure, weak=False, dispatch_uid="tdkt-metrics-failure")
    celery_signals.task_retry.connect(on_task_retry, weak=False, dispatch_uid="tdkt-metrics-retry")
    schema_pre_migration.connect(on_schema_pre_migration, dispatch_uid="tdkt-metrics-pre-migration")
    schema_migrated.connect(on_schema_migrated, dispatch_uid="tdkt-metrics-migrated")
