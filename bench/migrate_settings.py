"""Settings of bench/migrate.py: the platform's own, plus one school-side app whose release
(BENCH_MIGRATE_RELEASE=1 or 2) decides whether its second migration exists."""

import os

from office.settings import *  # noqa: F403
from office.settings import INSTALLED_APPS, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "bench.migrate_app"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench.migrate_app"]
MIGRATION_MODULES = {
    "bench_migrate": f"bench.migrate_app.release{int(os.environ.get('BENCH_MIGRATE_RELEASE', '1'))}"
}
