"""Which rows of the database are one school's: its schema's tables, read from the catalog, and its rows
in the public schema, found by following foreign keys from the school in Django's model meta.

Nothing here names a model of either side: a table added tomorrow is found by the same rules, so a
backup never silently leaves it out.

The rule for the public schema (repeated in every backup's manifest):
- a public row is the school's when it points to the school (or to a row that is the school's) through
  a foreign key that makes the school its owner: one that cascades (the row exists only with the
  school: domains, memberships, facts, authority periods) or one that cannot be empty (the school is
  what the row is about: its submissions);
- unless the row has another owner: a non-empty cascading key to a row that is not the school's (a
  cluster's seat belongs to the cluster, a decision's line or delivery to the decision). Accounts are
  never owners: a person is platform-wide and a membership is the school's;
- an empty-able, non-cascading key only names the school (a cluster's leader): such rows, and rows of
  other owners, stay where they are and are listed in the manifest as references.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import connection, models

SCHEMA_BOOKKEEPING_TABLES = {"django_migrations"}


def quote(name: str) -> str:
    """An SQL identifier; names come from the catalog, but a quote inside one must not end it."""
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, table: str) -> str:
    return f"{quote(schema)}.{quote(table)}"


# ---------------------------------------------------------------------------- the school's schema


def table_columns(schema: str, table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.attname FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped
              AND a.attgenerated = ''
            ORDER BY a.attnum
            """,
            [schema, table],
        )
        return [row[0] for row in cursor.fetchall()]


def schema_tables(schema: str) -> list[str]:
    """Every ordinary table of `schema` but Django's migration record, parents before children (the
    order a restore loads them in; the foreign keys are deferred anyway, so a cycle does no harm)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname
            """,
            [schema],
        )
        tables = [row[0] for row in cursor.fetchall() if row[0] not in SCHEMA_BOOKKEEPING_TABLES]
        cursor.execute(
            """
            SELECT child.relname, parent.relname FROM pg_constraint k
            JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace
            JOIN pg_namespace pn ON pn.oid = parent.relnamespace
            WHERE k.contype = 'f' AND n.nspname = %s AND pn.nspname = %s
            """,
            [schema, schema],
        )
        edges = cursor.fetchall()
    parents: dict[str, set[str]] = {table: set() for table in tables}
    for child, parent in edges:
        if child in parents and parent in parents and child != parent:
            parents[child].add(parent)
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in placed and parents[t] <= placed]
        if not ready:  # a cycle: take the rest in name order
            ready = [t for t in tables if t not in placed]
        for table in ready:
            ordered.append(table)
            placed.add(table)
    return ordered


def schema_sequences(schema: str) -> list[dict]:
    """Each sequence of the schema with the value it has reached, so that ids go on from there."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relkind = 'S' ORDER BY c.relname
            """,
            [schema],
        )
        # The migration record's own counter stays the target schema's, like the record itself.
        names = [
            row[0]
            for row in cursor.fetchall()
            if not any(row[0].startswith(f"{table}_") for table in SCHEMA_BOOKKEEPING_TABLES)
        ]
        sequences = []
        for name in names:
            cursor.execute(f"SELECT last_value, is_called FROM {qualified(schema, name)}")  # noqa: S608
            last_value, is_called = cursor.fetchone()
            sequences.append({"name": name, "last_value": last_value, "is_called": is_called})
    return sequences


def loose_reference_columns(schema: str, model_names: set[str]) -> list[tuple[str, str, str]]:
    """(table, column, model name): integer columns of the school's schema named `<model>_id` without
    a foreign key, which is how a school's table points at a public row (a schema never holds a
    foreign key into another schema). Used to follow public rows that get new ids in a copy."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, a.attname FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
              AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint k
                WHERE k.conrelid = c.oid AND k.contype = 'f' AND a.attnum = ANY (k.conkey))
            ORDER BY c.relname, a.attname
            """,
            [schema],
        )
        rows = cursor.fetchall()
    found = []
    for table, column in rows:
        if column.endswith("_id") and column[: -len("_id")] in model_names:
            found.append((table, column, column[: -len("_id")]))
    return found


# ---------------------------------------------------------------------------- the public schema


@dataclass
class PublicTable:
    """A public table whose rows can be the school's."""

    model: type[models.Model]
    # Foreign key columns that make a row the school's, with the owned model each points to.
    owning_columns: dict[str, type[models.Model]] = field(default_factory=dict)

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def pk_column(self) -> str:
        return self.model._meta.pk.column

    @property
    def pk_is_generated(self) -> bool:
        return isinstance(self.model._meta.pk, models.AutoField)

    def foreign_keys(self) -> dict[str, type[models.Model]]:
        """Every foreign key column of the table, with the model it points to."""
        return {
            f.column: f.related_model
            for f in self.model._meta.concrete_fields
            if isinstance(f, models.ForeignKey)
        }


@dataclass(frozen=True)
class Reference:
    """A public table that points at the school's rows without being the school's."""

    table: str
    column: str
    points_to: str
    reason: str


def _is_public_model(model) -> bool:
    meta = model._meta
    return meta.app_config.name in settings.SHARED_APPS and not meta.proxy and meta.managed


def _cascades(fk) -> bool:
    return fk.remote_field.on_delete is models.CASCADE


def school_model():
    return apps.get_model(settings.TENANT_MODEL)


def domain_model():
    return apps.get_model(settings.TENANT_DOMAIN_MODEL)


def public_school_tables() -> tuple[list[PublicTable], list[Reference]]:
    """The public tables whose rows are the school's (the school's own table first, then parents
    before children) and the references to them that stay behind (see the module's rule)."""
    school = school_model()
    user = apps.get_model(settings.AUTH_USER_MODEL)
    candidates = [
        m for m in apps.get_models(include_auto_created=True) if _is_public_model(m) and m is not school
    ]
    owned: dict[type, PublicTable] = {school: PublicTable(model=school)}
    references: dict[tuple[str, str], Reference] = {}
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in owned:
                continue
            fks = [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]
            links = [f for f in fks if f.related_model in owned]
            if not links:
                continue
            other_owner = next(
                (
                    f
                    for f in fks
                    if not f.null
                    and _cascades(f)
                    and f.related_model not in owned
                    and f.related_model is not user
                ),
                None,
            )
            owning = [f for f in links if not f.null or _cascades(f)]
            if other_owner is None and owning:
                owned[model] = PublicTable(
                    model=model, owning_columns={f.column: f.related_model for f in owning}
                )
                changed = True
                continue
            for f in links:
                reason = (
                    f"thuộc về {other_owner.related_model._meta.db_table}"
                    if other_owner is not None
                    else "chỉ nêu tên trường, không thuộc về trường"
                )
                references[(model._meta.db_table, f.column)] = Reference(
                    model._meta.db_table, f.column, f.related_model._meta.db_table, reason
                )
    owned_tables = {m._meta.db_table for m in owned}
    kept = [r for key, r in references.items() if key[0] not in owned_tables]
    return list(owned.values()), kept


def row_filter(table: PublicTable, school_id: int, owned: dict[type, PublicTable]) -> str:
    """The WHERE clause that picks the school's rows of `table` (the school's id is an int, so it is
    written into the SQL; COPY takes no parameters)."""
    school_id = int(school_id)
    school = school_model()
    if table.model is school:
        return f"{quote(table.pk_column)} = {school_id}"
    conditions = []
    for column, parent in table.owning_columns.items():
        if parent is school:
            conditions.append(f"{quote(column)} = {school_id}")
        else:
            parent_table = owned[parent]
            conditions.append(
                f"{quote(column)} IN (SELECT {quote(parent_table.pk_column)} FROM "  # noqa: S608
                f"{qualified('public', parent_table.table)} WHERE {row_filter(parent_table, school_id, owned)})"
            )
    return " OR ".join(f"({c})" for c in conditions)
