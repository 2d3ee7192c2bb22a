#!/usr/bin/env bash
# Starts the web server, a Celery worker and Celery beat for local use; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${PORT:-8000}"
mkdir -p var/log

# Metrics of the web workers, the Celery worker and beat are written to files in one folder and added
# up by /metrics (prometheus-client's multiprocess mode); what an earlier run left there is removed.
export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-var/prometheus}"
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
find "$PROMETHEUS_MULTIPROC_DIR" -maxdepth 1 -name '*.db' -delete

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Đang dừng web, worker và beat…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

$BIN/gunicorn office.wsgi --config deploy/gunicorn.conf.py --bind "127.0.0.1:${PORT}" \
  --access-logfile var/log/web-access.log --error-logfile var/log/web.log &
pids+=($!)
$BIN/celery -A office.celery worker --loglevel=INFO --concurrency=2 --logfile=var/log/worker.log &
pids+=($!)
$BIN/celery -A office.celery beat --loglevel=INFO --logfile=var/log/beat.log \
  --schedule=var/celerybeat-schedule &
pids+=($!)

# Wait until the web server answers before printing where to go.
for _ in $(seq 1 60); do
  if curl -fs -o /dev/null "http://127.0.0.1:${PORT}/healthz"; then break; fi
  sleep 0.5
done
$BIN/python manage.py load_demo
echo
echo "Nhật ký: var/log/web.log, var/log/worker.log, var/log/beat.log. Nhấn Ctrl-C để dừng."
wait -n "${pids[@]}"
