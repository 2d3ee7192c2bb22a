"""The state of the services the platform depends on, for /healthz and the run script."""

import redis
from django.conf import settings
from django.db import connection

from office.core.object_storage import get_object_storage


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_redis() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def check_object_storage() -> None:
    get_object_storage().check()


CHECKS = {
    "postgresql": check_database,
    "redis": check_redis,
    "object_storage": check_object_storage,
}


def service_states() -> dict[str, dict]:
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure of a service is reported, not raised
            states[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
        else:
            states[name] = {"ok": True}
    return states
