"""gunicorn's settings for the platform (deploy/run.sh and production: `gunicorn -c deploy/gunicorn.conf.py
office.wsgi`). Command-line options given beside it win."""

import os


# Each worker writes its metrics to files in PROMETHEUS_MULTIPROC_DIR and /metrics adds them up
# (office.ops.metrics); a worker that is gone must be marked so, or its gauges would linger.
def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# The proxy's own address: only it may say the request came over HTTPS or from which client.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
