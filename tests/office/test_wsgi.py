"""What a web worker does at startup (office.wsgi), checked in a process of its own as gunicorn runs it."""

import json
import subprocess
import sys

from tests.conftest import REPO_DIR, process_env

PROBE = """
import gc, json, sys
import office.wsgi
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "views": sorted(name for name in ("reporting.dashboard.views", "plans.home.views") if name in sys.modules),
}))
"""


def test_a_worker_loads_both_url_configurations_and_freezes_its_startup_heap():
    # Frozen objects are skipped by every later collection: without this, a full collection set off by
    # a 1,000-school dashboard walks all of Django mid-request (bench/dashboard.py).
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=process_env(), cwd=REPO_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["views"] == ["plans.home.views", "reporting.dashboard.views"]
    assert probe["frozen"] > 10_000  # Django, the project's modules and their URL patterns
