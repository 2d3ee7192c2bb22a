"""Migrating every school: planned once, applied per schema (DESIGN.md §3 rule 7).

django-tenants' `migrate_schemas` runs Django's whole `migrate` in each schema in turn; each run lists
the tables of the schema by scanning the catalog (which grows with every school) and renders the
migration state again, so a run over N schools costs N², hours at 3,000 schools even with nothing to
do. This runner instead:

1. reads where every school stands in one query per few hundred schools: a fingerprint of each
   schema's own `django_migrations` (the truth, so nothing can drift out of step with it);
2. migrates the template through Django, one migration at a time, collecting each migration's SQL
   (Django's own `collect_sql`, as `sqlmigrate` does) just before applying it, so every statement
   is computed against the state it will meet;
3. applies those statements to every school that stood where the template stood, each school in its
   own transaction together with its `django_migrations` rows, over a few parallel connections.
   Django's DDL is unqualified and is sent with the school's `search_path`; a migration whose SQL
   names the schema it was computed on, or that runs Python (RunPython) for school apps, runs
   through Django in each school instead (the data must be that school's);
4. for schools that stood elsewhere (one that failed in an earlier run, or a run that was killed
   after the template moved on), plans again on the first school of each such group and applies
   that plan to the rest.

A school whose migration fails keeps its old state (its transaction rolls back) and is reported; the
others go on. A second run resumes: schools already migrated have the template's fingerprint and are
skipped. Two runs never overlap: the run holds a PostgreSQL advisory lock for its whole length, and
a killed run's lock goes with its connection.

Not supported: non-atomic migrations (e.g. CREATE INDEX CONCURRENTLY), which could not share a
school's transaction, and backwards migrations; the runner refuses them before touching a school.
"""

import queue
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import TextIO

from django.core.management import call_command
from django.db import connection, connections, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.utils import schema_exists

from tenants.models import School, SpareSchema
from tenants.spares import TEMPLATE_LOCK_KEY, replenish_spares

# An arbitrary constant: the advisory lock that only one migration run holds at a time.
RUN_LOCK_KEY = 0x7D6B7403
DEFAULT_WORKERS = 3
# Schemas read per fingerprint query: each reads one table per school and locks it until the
# statement ends, so the batches stay well inside max_locks_per_transaction's shared lock table.
FINGERPRINT_BATCH = 500
PROGRESS_EVERY_SECONDS = 2.0


class MigrationRunnerBusy(Exception):
    """Another run holds the lock; the message is for the operator, in Vietnamese."""


class MigrationRunnerError(Exception):
    """The run cannot start or plan; the message is for the operator, in Vietnamese."""


@dataclass
class Step:
    """One migration, as the runner applies it to a school."""

    migration: object  # None for the step that rewrites definitions in PostgreSQL's printed form
    sql: list[str]
    # Run through Django in each school: Python code for school apps, or SQL naming a schema.
    through_django: bool
    # The project state before this migration, rendered once and cloned per school.
    state_before: object = None

    @property
    def records(self) -> list[tuple[str, str]]:
        # As Django's MigrationExecutor.record_migration: a squashed migration records what it replaces.
        migration = self.migration
        if migration is None:
            return []
        return list(migration.replaces) if migration.replaces else [(migration.app_label, migration.name)]


@dataclass
class RunReport:
    schools: int = 0
    up_to_date: int = 0
    migrated: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


# --- where every schema stands ---------------------------------------------------------------------


# The applied migrations of one schema as one string. COLLATE "C": the same order whatever the
# database's collation, so equal sets always give equal strings.
_APPLIED_LIST = (
    "coalesce(string_agg(app || '.' || name, ',' ORDER BY app COLLATE \"C\", name COLLATE \"C\"), '')"
)


def _fingerprint_sql(schemas: list[str]) -> str:
    # Schema names come from tenants_school and pass SCHOOL_CODE_RE (provisioning), and are quoted.
    parts = [f'SELECT %s, md5({_APPLIED_LIST}) FROM "{schema}".django_migrations' for schema in schemas]  # noqa: S608
    return " UNION ALL ".join(parts)


def schema_fingerprint(schema: str) -> str | None:
    """The fingerprint of one schema that exists and has its migration table (the template, a spare)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT md5({_APPLIED_LIST}) FROM "{schema}".django_migrations')  # noqa: S608
        return cursor.fetchone()[0]


def fingerprints(schemas: list[str]) -> dict[str, str | None]:
    """The fingerprint of each schema's applied migrations; None for a schema that does not exist
    or has no migration table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
            "WHERE c.relname = 'django_migrations' AND n.nspname = ANY(%s)",
            [schemas],
        )
        present = {row[0] for row in cursor.fetchall()}
        result: dict[str, str | None] = dict.fromkeys(schemas)
        readable = [schema for schema in schemas if schema in present]
        for start in range(0, len(readable), FINGERPRINT_BATCH):
            batch = readable[start : start + FINGERPRINT_BATCH]
            cursor.execute(_fingerprint_sql(batch), batch)
            result.update(dict(cursor.fetchall()))
    return result


# --- planning on one schema through Django --------------------------------------------------------


def _use_schema(schema: str) -> None:
    """Point this thread's connection at `schema` (then public, for references to shared tables)."""
    connection.set_schema(schema)


def _ensure_migration_table(schema: str) -> None:
    # As django-tenants does: look for django_migrations in this schema alone, or a new schema
    # would find public's and believe everything applied.
    connection.set_schema(schema, include_public=False)
    MigrationRecorder(connection).ensure_schema()


def _refuse_unsupported(plan) -> None:
    for migration, backwards in plan:
        if backwards:
            raise MigrationRunnerError(
                f"Kế hoạch migration có bước lùi ({migration.app_label}.{migration.name}); "
                "trình chạy migration của các trường chỉ chạy tiến."
            )
        if not migration.atomic:
            raise MigrationRunnerError(
                f"Migration {migration.app_label}.{migration.name} không chạy trong giao dịch (atomic = False); "
                "trình chạy migration của các trường cần mỗi trường trong một giao dịch. Hãy tách thao tác "
                "đó ra khỏi migration (xem deploy/MIGRATIONS.md)."
            )


def _collect_step(migration, state, schema: str) -> Step:
    with connection.schema_editor(collect_sql=True, atomic=migration.atomic) as editor:
        migration.apply(state.clone(), editor, collect_sql=True)
    statements = [sql for sql in editor.collected_sql if not sql.lstrip().startswith("--")]
    runs_python = any(not operation.reduces_to_sql for operation in migration.operations)
    # The router answers for the schema the connection points at: a shared app's RunPython does
    # nothing in a school and need not run there.
    python_here = runs_python and router.allow_migrate(connection.alias, migration.app_label)
    names_schema = any(re.search(rf"\b{re.escape(schema)}\b", sql) for sql in statements)
    step = Step(migration=migration, sql=statements, through_django=bool(python_here or names_schema))
    if step.through_django:
        step.state_before = state.clone()
        step.state_before.apps  # noqa: B018 - rendered once here, cloned (cheaply) for every school
    return step


def migrate_schema_through_django(schema: str, collect: bool, canonical: dict | None = None) -> list[Step]:
    """Bring `schema` to the latest migrations with Django's executor, all in one transaction,
    collecting each migration's SQL (against the state it meets) when `collect` is set. With
    `canonical` (the template's definitions), definitions that Django's DDL printed differently are
    rewritten in the template's form, in the same transaction, and that rewrite is a step too."""
    _ensure_migration_table(schema)
    _use_schema(schema)
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _refuse_unsupported(plan)
    steps = []
    with transaction.atomic():
        for migration, _backwards in plan:
            state = executor.loader.project_state((migration.app_label, migration.name), at_end=False)
            if collect:
                steps.append(_collect_step(migration, state, schema))
            executor.apply_migration(state, migration)
        if canonical is not None and plan:
            rewrites = canonical_rewrites(definitions(schema), canonical)
            with connection.cursor() as cursor:
                for sql in rewrites:
                    cursor.execute(sql)
            if rewrites:
                steps.append(Step(migration=None, sql=rewrites, through_django=False))
    return steps


# Every constraint and every index not backing a constraint of a schema, with its definition as
# PostgreSQL prints it.
_DEFINITIONS_SQL = """
SELECT 'constraint', t.relname, c.conname, pg_get_constraintdef(c.oid)
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = c.connamespace
WHERE n.nspname = %(schema)s
UNION ALL
SELECT 'index', t.relname, i.relname, pg_get_indexdef(i.oid)
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = i.relnamespace
WHERE n.nspname = %(schema)s AND NOT EXISTS (
    SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid AND c.contype IN ('p', 'u', 'x'))
"""


def definitions(schema: str) -> dict[tuple[str, str, str], str]:
    """Constraint and index definitions of `schema`, unqualified (its own name taken out), so two
    schemas can be compared and a definition sent to another schema under its search_path."""
    qualifier = re.compile(rf'(?<![\w$])"?{re.escape(schema)}"?\.')
    with connection.cursor() as cursor:
        cursor.execute(_DEFINITIONS_SQL, {"schema": schema})
        return {(kind, table, name): qualifier.sub("", text) for kind, table, name, text in cursor.fetchall()}


def canonical_rewrites(found: dict, canonical: dict) -> list[str]:
    """Statements that turn the definitions in `found` (as Django's DDL made them) into those in
    `canonical` (the template's, after the dump-and-replay that every new school's copy goes
    through). PostgreSQL prints some expressions differently once parsed again (an IN list in a
    CHECK or in a partial index), so without this a migrated school would differ in text from the
    template and from schools created after the migration."""
    statements = []
    for key, text in sorted(canonical.items()):
        kind, table, name = key
        if key not in found or found[key] == text:
            continue
        if kind == "constraint":
            statements.append(
                f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}", ADD CONSTRAINT "{name}" {text};'
            )
        else:
            statements.append(f'DROP INDEX "{name}"; {text};')
    return statements


# Statements that re-create, from PostgreSQL's own printed form, what a schema-only dump replayed into
# a new school would re-parse differently: CHECK constraints, partial and expression indexes (unique
# constraints with a condition are such indexes), column defaults.
_REPARSE_SQL = """
SELECT format('ALTER TABLE %%I DROP CONSTRAINT %%I, ADD CONSTRAINT %%I %%s;',
              t.relname, c.conname, c.conname, pg_get_constraintdef(c.oid))
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = %(schema)s AND c.contype = 'c'
UNION ALL
SELECT format('DROP INDEX %%I; %%s;', i.relname, pg_get_indexdef(i.oid))
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
WHERE n.nspname = %(schema)s AND (x.indpred IS NOT NULL OR x.indexprs IS NOT NULL) AND NOT EXISTS (
    SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid AND c.contype IN ('p', 'u', 'x'))
UNION ALL
SELECT format('ALTER TABLE %%I ALTER COLUMN %%I SET DEFAULT %%s;', t.relname, a.attname, pg_get_expr(d.adbin, d.adrelid))
FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
JOIN pg_class t ON t.oid = d.adrelid JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = %(schema)s AND a.attgenerated = ''
"""


def reparse_in_place(schema: str) -> None:
    """Bring the template to the form a dump-and-replay would give it, without the dump: pg_dump reads
    the whole catalog (30 s at 2,500 schools), this touches only the template's own objects."""
    with connection.cursor() as cursor:
        cursor.execute(_REPARSE_SQL, {"schema": schema})
        statements = [row[0] for row in cursor.fetchall()]
    connection.set_schema(schema)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    finally:
        connection.set_schema_to_public()


def migrate_template_schema(collect: bool = False) -> list[Step]:
    """Create the template schema if it is missing, bring it to the latest migrations and, if anything
    was applied, to the form that every new school's copy of it has. With `collect`, returns the
    steps that bring a school where the template stood to where it stands."""
    from tenants.provisioning import normalise_template, template_schema

    name = template_schema()
    if not schema_exists(name):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{name}"')
    elif not has_pending_migrations(name):
        return []
    before = _applied_rows(name)
    try:
        steps = migrate_schema_through_django(name, collect)
    finally:
        connection.set_schema_to_public()
    if _applied_rows(name) != before:
        as_migrated = definitions(name)
        if before:
            reparse_in_place(name)
        else:
            # A new template: the full dump-and-replay, once, when it has no schools yet.
            normalise_template()
        if collect:
            rewrites = canonical_rewrites(as_migrated, definitions(name))
            if rewrites:
                steps.append(Step(migration=None, sql=rewrites, through_django=False))
    return steps


def has_pending_migrations(schema: str) -> bool:
    """Whether `schema` lacks any migration on disk, read from its django_migrations in one query.
    Django's own check (MigrationExecutor) lists the schema's tables by scanning the catalog, which
    costs more with every school; a run with nothing to do must not pay it for public and the template."""
    applied = _applied_rows(schema)
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return any(
        key not in applied and not (migration.replaces and set(migration.replaces) <= applied)
        for key, migration in graph.nodes.items()
    )


def _applied_rows(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}".django_migrations'])
        if not cursor.fetchone()[0]:
            return set()
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')  # noqa: S608
        return set(cursor.fetchall())


# --- applying a plan to a school ------------------------------------------------------------------


def _sql_literal(value: str) -> str:
    # standard_conforming_strings is on (PostgreSQL's default since 9.1): doubling quotes is enough.
    return "'" + value.replace("'", "''") + "'"


def school_script(steps: list[Step], expected: str) -> list:
    """The plan as one school receives it: a few SQL scripts, each sent in one round trip (a guard
    that the school still stands where it stood when planned, the DDL, its django_migrations rows),
    with the steps that must run through Django between them. Built once per group of schools, since
    nothing in it names a school."""
    guard = (
        f"DO $guard$ BEGIN IF (SELECT md5({_APPLIED_LIST}) FROM django_migrations) <> {_sql_literal(expected)} "  # noqa: S608
        "THEN RAISE EXCEPTION 'lịch sử migration của trường đã thay đổi từ lúc lập kế hoạch'; END IF; END $guard$;"
    )
    chunks: list = []
    script = [guard]
    for step in steps:
        if step.through_django:
            chunks.append("\n".join(script))
            chunks.append(step)
            script = []
        else:
            script += step.sql
        if step.records:
            rows = ", ".join(
                f"({_sql_literal(app)}, {_sql_literal(name)}, now())" for app, name in step.records
            )
            script.append(f"INSERT INTO django_migrations (app, name, applied) VALUES {rows};")  # noqa: S608
    chunks.append("\n".join(script))
    return [chunk for chunk in chunks if chunk]


def apply_school_script(schema: str, script: list) -> None:
    """Apply a school_script to one school in one transaction, in the calling thread's own connection."""
    _use_schema(schema)
    with transaction.atomic(), connection.cursor() as cursor:
        for chunk in script:
            if isinstance(chunk, Step):
                with connection.schema_editor(atomic=True) as editor:
                    chunk.migration.apply(chunk.state_before.clone(), editor)
            else:
                cursor.execute(chunk)


# --- the run ---------------------------------------------------------------------------------------


def vn_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _vn_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} giây"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} phút {seconds:02d} giây"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} giờ {minutes:02d} phút"


class _Progress:
    def __init__(self, total: int, out: TextIO, verbosity: int):
        self.total, self.out, self.verbosity = total, out, verbosity
        self.done = self.failed = 0
        self.started = self.last = time.monotonic()

    def tick(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.verbosity and (now - self.last >= PROGRESS_EVERY_SECONDS or self.done == self.total):
            self.last = now
            rate = self.done / max(now - self.started, 1e-6)
            left = (self.total - self.done) / rate if rate else 0
            failures = f", {vn_number(self.failed)} trường lỗi" if self.failed else ""
            self.out.write(
                f"  {vn_number(self.done)}/{vn_number(self.total)} trường "
                f"({100 * self.done // self.total}%){failures}, còn khoảng {_vn_duration(left)}\n"
            )
            self.out.flush()


def _describe(exc: Exception) -> str:
    """The first line of the error (PostgreSQL's own message, for a failed statement)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def _apply_to_schools(
    jobs: list[tuple[str, list[Step], str]], workers: int, report: RunReport, progress
) -> None:
    """Each job (school, script) on one of `workers` threads, each with its own
    database connection; a failure is recorded and the others go on."""
    if not jobs:
        return
    pending: queue.Queue = queue.Queue()
    for job in jobs:
        pending.put(job)
    lock = threading.Lock()

    def work():
        try:
            while True:
                try:
                    schema, script = pending.get_nowait()
                except queue.Empty:
                    return
                try:
                    apply_school_script(schema, script)
                    error = None
                except Exception as exc:
                    error = _describe(exc)
                with lock:
                    if error is None:
                        report.migrated.append(schema)
                    else:
                        report.failed[schema] = error
                    progress.tick(failed=error is not None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(max(1, min(workers, len(jobs))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _migrate_groups(
    groups: dict[str, list[str]], template_steps, template_before: str, workers, report, progress
):
    """Schools grouped by where they stand: the template's former place takes the template's plan;
    every other group is planned on its first school that migrates through Django."""
    from tenants.provisioning import template_schema

    canonical = definitions(template_schema())
    jobs = []
    for fingerprint, schemas in groups.items():
        if fingerprint == template_before and template_steps is not None:
            script = school_script(template_steps, fingerprint)
            jobs += [(schema, script) for schema in schemas]
            continue
        remaining = list(schemas)
        while remaining:
            pilot = remaining.pop(0)
            try:
                steps = migrate_schema_through_django(pilot, collect=bool(remaining), canonical=canonical)
            except MigrationRunnerError:
                raise
            except Exception as exc:
                report.failed[pilot] = _describe(exc)
                progress.tick(failed=True)
                continue
            finally:
                connection.set_schema_to_public()
            report.migrated.append(pilot)
            progress.tick(failed=False)
            script = school_script(steps, fingerprint)
            jobs += [(schema, script) for schema in remaining]
            break
    _apply_to_schools(jobs, workers, report, progress)


def _migrate_spares(template_steps, template_before: str | None, target: str, workers: int) -> None:
    """Apply the template's plan to the spare schemas (tenants/spares.py) that stood where it stood:
    cheaper than copying new ones, which means reading the template again with pg_dump (seconds at
    thousands of schools). A spare that fails, or stood elsewhere, is left stale for the refill to drop."""
    if template_steps is None or template_before == target:
        return
    spares = list(SpareSchema.objects.values_list("schema_name", flat=True))
    if not spares:
        return
    behind = [spare for spare, fingerprint in fingerprints(spares).items() if fingerprint == template_before]
    if not behind:
        return
    script = school_script(template_steps, template_before)
    report = RunReport()
    _apply_to_schools(
        [(spare, script) for spare in behind], workers, report, _Progress(len(behind), sys.stdout, 0)
    )
    connection.set_schema_to_public()
    SpareSchema.objects.filter(schema_name__in=report.migrated).update(template_fingerprint=target)


class _RunLock:
    """The advisory lock on a connection of its own, held for the whole run. It also holds the
    template lock exclusively, so that no spare school schema (tenants/spares.py) is copied from a
    template being changed; a spare being copied when the run starts is waited for (seconds)."""

    def __enter__(self):
        self.connection = connections.create_connection("default")
        self.connection.set_schema_to_public()
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [RUN_LOCK_KEY])
            if not cursor.fetchone()[0]:
                self.connection.close()
                raise MigrationRunnerBusy(
                    "Đang có một lượt chạy migration khác cho các trường (khoá của trình chạy đang bị giữ). "
                    "Hãy chờ lượt đó kết thúc rồi chạy lại; không chạy hai lượt cùng lúc."
                )
            cursor.execute("SELECT pg_advisory_lock(%s)", [TEMPLATE_LOCK_KEY])
        return self

    def __exit__(self, *exc):
        self.connection.close()  # the session lock goes with its connection


def migrate_every_school(
    *, workers: int = DEFAULT_WORKERS, out: TextIO | None = None, verbosity: int = 1
) -> RunReport:
    """Public schema, then the template, then every school that is behind. Returns what happened;
    failures are in the report, not raised."""
    from tenants.provisioning import template_schema

    out = out or sys.stdout

    def say(message: str) -> None:
        if verbosity:
            out.write(message + "\n")
            out.flush()

    report = RunReport()
    with _RunLock():
        connection.set_schema_to_public()
        if has_pending_migrations("public"):
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=max(0, verbosity - 1))
            connection.set_schema_to_public()
        template = template_schema()
        template_before = fingerprints([template])[template]
        # A template that already existed is where the schools stand: its plan is theirs. (A new one
        # has every migration to run and nobody to share them with.)
        collect = template_before is not None
        steps = migrate_template_schema(collect=collect)
        template_steps = steps if collect else None
        # Schools are listed after the template has moved: one created meanwhile is a copy of the
        # new template, or is in the list.
        schools = list(School.objects.order_by("schema_name").values_list("schema_name", flat=True))
        report.schools = len(schools)
        before = fingerprints([template, *schools])
        target = before.pop(template)
        groups: dict[str, list[str]] = {}
        for schema, fingerprint in before.items():
            if fingerprint == target:
                report.up_to_date += 1
            elif fingerprint is None:
                report.failed[schema] = "không có lược đồ hoặc bảng django_migrations"
            else:
                groups.setdefault(fingerprint, []).append(schema)
        behind = sum(len(schemas) for schemas in groups.values())
        say(
            f"Lược đồ chung và lược đồ mẫu đã cập nhật. {vn_number(report.schools)} trường: "
            f"{vn_number(report.up_to_date)} đã mới nhất, {vn_number(behind)} cần migrate"
            + (f" ({vn_number(workers)} kết nối song song)." if behind else ".")
        )
        if behind:
            progress = _Progress(behind, out, verbosity)
            _migrate_groups(groups, template_steps, template_before, workers, report, progress)
        # The spares where the template stood take the template's plan too, like the schools; any other
        # spare is dropped and the pool made whole, all while the lock keeps spares off a moving template,
        # so that the first school created after a release does not wait for a copy.
        connection.set_schema_to_public()
        _migrate_spares(template_steps, template_before, target, workers)
        made = replenish_spares(runner_holds_lock=True)
        if made:
            say(f"Đã chuẩn bị {vn_number(made)} lược đồ trường dự phòng.")
    return report
