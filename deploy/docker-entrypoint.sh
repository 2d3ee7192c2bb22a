#!/bin/sh
# One image, several roles: `web` (gunicorn), `worker` and `beat` (Celery), `migrate` (the database,
# the shared schema, the school template and every school), or any manage.py command.
set -eu

role="${1:-web}"
[ "$#" -gt 0 ] && shift

case "$role" in
  web)
    # Hand the static files collected at build time to the proxy (a volume shared with Caddy).
    if [ -d /srv/static ] && [ -w /srv/static ]; then
      cp -a /app/var/static/. /srv/static/
    fi
    # Each gunicorn worker writes its metrics here (prometheus-client's multiprocess mode); what an
    # earlier container left is removed.
    export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-/tmp/prometheus}"
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    find "$PROMETHEUS_MULTIPROC_DIR" -maxdepth 1 -name '*.db' -delete
    if [ -f deploy/gunicorn.conf.py ]; then
      set -- --config deploy/gunicorn.conf.py "$@"
    fi
    # Only the proxy reaches this port (compose network, Kubernetes Service), so any peer may say
    # the request came over HTTPS.
    exec gunicorn office.wsgi \
      --bind "0.0.0.0:${PORT:-8000}" \
      --workers "${WEB_CONCURRENCY:-3}" \
      --timeout "${GUNICORN_TIMEOUT:-60}" \
      --forwarded-allow-ips "${GUNICORN_FORWARDED_ALLOW_IPS:-*}" \
      --access-logfile - --error-logfile - "$@"
    ;;
  worker)
    exec celery -A office.celery worker --loglevel="${LOG_LEVEL:-INFO}" \
      --concurrency="${WORKER_CONCURRENCY:-2}" "$@"
    ;;
  beat)
    # Exactly one beat may run: compose and Kubernetes start a single replica.
    exec celery -A office.celery beat --loglevel="${LOG_LEVEL:-INFO}" \
      --schedule=/app/var/beat/celerybeat-schedule "$@"
    ;;
  migrate)
    python deploy/ensure_database.py
    python manage.py migrate_school_schemas "$@"
    # The evidence bucket and its CORS rule (browsers post files straight to it).
    exec python manage.py shell -c "from office.core.object_storage import get_object_storage as g; s = g(); hasattr(s, 'ensure_bucket') and s.ensure_bucket()"
    ;;
  manage)
    exec python manage.py "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
