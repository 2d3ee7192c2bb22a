"""Spare school schemas: copies of the template made ahead of need, so that creating a school renames
one (`ALTER SCHEMA … RENAME`, a single catalog row) instead of replaying the template's DDL while the
person waits.

- A spare is a schema `spare_<hex>` with a row in `tenants_spareschema` (public) giving the fingerprint
  of the template it was copied from. It has no School row, so nothing that lists schools sees it.
- `take_spare` (inside create_school's transaction) locks one spare row whose fingerprint is the
  template's current one with `FOR UPDATE SKIP LOCKED`, so two creations never take the same spare,
  renames it and deletes the row; if that transaction rolls back, the spare is back in the pool.
- `replenish_spares` (the Celery task after each creation, beat, and the migration runner at the end of
  each run) drops spares of an older template and makes new ones until SCHOOL_SPARE_SCHEMAS are ready.
  Each spare is made in its own transaction holding a shared advisory lock that the migration runner
  holds exclusively for its whole run, so no spare is copied from a template the runner is changing.
"""

import logging
import uuid

from django.conf import settings
from django.db import connection, transaction

from tenants.models import SpareSchema

logger = logging.getLogger(__name__)

SPARE_PREFIX = "spare_"
# Held shared by each spare being made, exclusively by the migration runner for its whole run.
TEMPLATE_LOCK_KEY = 0x7D6B7404
# Held by the one replenishment under way; another one meanwhile has nothing to add.
REFILL_LOCK_KEY = 0x7D6B7405


def pool_size() -> int:
    return max(0, int(getattr(settings, "SCHOOL_SPARE_SCHEMAS", 0)))


def template_fingerprint() -> str | None:
    from tenants.migration_runner import schema_fingerprint
    from tenants.provisioning import template_schema

    return schema_fingerprint(template_schema())


def take_spare(schema_name: str) -> str | None:
    """Rename a ready spare to `schema_name`, in the caller's transaction, and return the spare's
    former name; None if none is ready (the caller copies the template instead)."""
    if pool_size() == 0:
        return None
    fingerprint = template_fingerprint()
    with connection.cursor() as cursor:
        # During a migration run the template may be moving: copy it as it stands instead, as before
        # spares existed (the run migrates schools created meanwhile).
        cursor.execute("SELECT pg_try_advisory_xact_lock_shared(%s)", [TEMPLATE_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return None
        cursor.execute(
            "SELECT id, schema_name FROM tenants_spareschema WHERE template_fingerprint = %s "
            "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
            [fingerprint],
        )
        row = cursor.fetchone()
        if row is None:
            return None
        spare_id, spare = row
        cursor.execute(f'ALTER SCHEMA "{spare}" RENAME TO "{schema_name}"')
        cursor.execute("DELETE FROM tenants_spareschema WHERE id = %s", [spare_id])
    return spare


def request_refill() -> None:
    """After the caller's transaction commits, ask a Celery worker to make the pool whole again. A
    broker that is down only delays the refill (beat asks again every few minutes); it must not turn
    a school that was created into an error."""
    if pool_size() == 0:
        return

    def send():
        from tenants.tasks import refill_spare_schemas

        try:
            refill_spare_schemas.delay()
        except Exception:
            logger.warning("Không gửi được việc bổ sung lược đồ trường dự phòng", exc_info=True)

    transaction.on_commit(send)


def discard_stale_spares() -> int:
    """Drop the spares copied from an older template (or whose schema is gone). Spares locked by a
    creation under way are left to it."""
    fingerprint = template_fingerprint()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM tenants_spareschema WHERE id IN (SELECT id FROM tenants_spareschema "
            "WHERE template_fingerprint IS DISTINCT FROM %s FOR UPDATE SKIP LOCKED) RETURNING schema_name",
            [fingerprint],
        )
        stale = [row[0] for row in cursor.fetchall()]
        for schema in stale:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    return len(stale)


def _make_spare(runner_holds_lock: bool) -> bool:
    """One spare, in its own transaction; False if the migration runner is changing the template."""
    from tenants.migration_runner import schema_fingerprint
    from tenants.provisioning import clone_school_schema

    schema = f"{SPARE_PREFIX}{uuid.uuid4().hex}"
    with transaction.atomic(), connection.cursor() as cursor:
        if not runner_holds_lock:
            cursor.execute("SELECT pg_try_advisory_xact_lock_shared(%s)", [TEMPLATE_LOCK_KEY])
            if not cursor.fetchone()[0]:
                return False
        clone_school_schema(schema)
        # The spare's own history, read after the copy: what it is, not what the template was.
        SpareSchema.objects.create(schema_name=schema, template_fingerprint=schema_fingerprint(schema))
    return True


def replenish_spares(*, runner_holds_lock: bool = False) -> int:
    """Drop stale spares and make new ones until the pool is full; returns how many were made.
    `runner_holds_lock`: called by the migration runner, which holds the template lock itself."""
    from tenants.provisioning import template_schema

    connection.set_schema_to_public()
    wanted = pool_size()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REFILL_LOCK_KEY])
        if not cursor.fetchone()[0]:
            if not runner_holds_lock:
                return 0  # another replenishment is under way
            cursor.execute("SELECT pg_advisory_lock(%s)", [REFILL_LOCK_KEY])
    made = 0
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regnamespace(%s) IS NOT NULL", [template_schema()])
            if not cursor.fetchone()[0]:
                return 0  # no template yet: migrate_school_schemas makes it, then the pool
        discard_stale_spares()
        fingerprint = template_fingerprint()
        while SpareSchema.objects.filter(template_fingerprint=fingerprint).count() < wanted:
            if not _make_spare(runner_holds_lock):
                break
            made += 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REFILL_LOCK_KEY])
    return made
