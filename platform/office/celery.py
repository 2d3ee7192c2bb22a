"""The Celery app. tenant-schemas-celery records the schema a task was sent from and runs the task
in that schema, so a school's task can only touch that school's data."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")

app = CeleryApp("tdkt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["office.core", "plans", "tenants"])
app.autodiscover_tasks(["plans"], related_name="decision_tasks")
