"""Settings of the migration runner's tests (tests/tenants/test_migration_runner.py): the platform's
own, plus a school-side test app whose release (RUNNER_TEST_RELEASE=1, 2 or 3) decides which of its
migrations exist."""

import os

from office.settings import *  # noqa: F403
from office.settings import INSTALLED_APPS, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "tests.tenants.runner_app"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.tenants.runner_app"]
MIGRATION_MODULES = {
    "runner_app": f"tests.tenants.runner_app.release{int(os.environ.get('RUNNER_TEST_RELEASE', '1'))}"
}
