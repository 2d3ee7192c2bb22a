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
# Threaded workers, not sync ones. A sync worker tells the master it is alive only between requests,
# so `timeout` is the longest a request may take: at 60 s it killed the long streamed downloads (the
# evidence ZIP of many dossiers, /tham-dinh/minh-chung.zip; big Excel exports) half-way. A gthread
# worker's main thread accepts connections and reports to the master every second (gunicorn's
# workers/gthread.py, `run`: notify() on each turn of its one-second poll), while requests run on its
# threads: `timeout` now only catches a worker whose main loop is stuck, and a response may stream
# for as long as the client reads it. Threads also let a worker serve others while a request waits on
# PostgreSQL or object storage, or hashes a password (hashlib releases the GIL).
# Thread safety: Django opens one database connection per thread (CONN_MAX_AGE keeps it per thread,
# psycopg connections are never shared), django-tenants sets the schema on that thread's connection,
# the request context of the logs is a ContextVar, and django-storages keeps one boto3 session per
# thread. PostgreSQL sees up to workers × threads connections per web server (3 × 4 = 12).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# A gthread worker keeps connections alive between requests (a sync worker closed each one), so the
# side that closes an idle connection must be the client. When gunicorn closed first (its default is
# 2 s), a request sent on the connection at that moment was lost: bench/load.py saw requests fail
# with no answer at all. Caddy keeps an idle upstream connection 2 minutes (its HTTP transport's
# default `keepalive`), so gunicorn waits longer. An idle connection costs a socket in the worker's
# poller, not a thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "150"))
# The proxy's own address: only it may say the request came over HTTPS or from which client.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
