"""The Celery app. tenant-schemas-celery records the schema a task was sent from and runs the task
in that schema, so a school's task can only touch that school's data."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings")

app = CeleryApp("tdkt")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Every installed app's tasks module (the school parts', office.core's and tenants' backups), found once Django is set up.
app.autodiscover_tasks()
