"""Restoring a school from its archive (tenants.backup): as a new school with its own code and host, or
in place over an existing school.

Everything is checked before anything is written (checksums, the archive's migration state against this
code, the code, the tables and columns), and the database part runs in one transaction: a refusal or a
failure leaves the database as it was and removes the objects this restore had put into storage.

A copy gets new ids for its public rows; foreign keys between them follow, and so do the school
schema's loose references to them (`submission_id` columns, see tenants.school_rows). Keys of evidence
objects name the schema (`schools/<schema>/…`); every stored value that contains the old prefix is
rewritten to the new one, in the school's tables and its public rows alike, and the objects are copied
to the new keys.
"""

from dataclasses import dataclass
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from django.db import DatabaseError, IntegrityError, connection, transaction

from office.authorities.models import Authority
from office.core.object_storage import ObjectStorageError, get_object_storage
from tenants.backup import Archive, BackupError, unknown_migrations
from tenants.models import School
from tenants.provisioning import SchoolProvisioningError, create_school, template_schema, validate_school_code
from tenants.school_rows import (
    SCHEMA_BOOKKEEPING_TABLES,
    PublicTable,
    domain_model,
    loose_reference_columns,
    public_school_tables,
    qualified,
    quote,
    row_filter,
    school_model,
    table_columns,
)
from tenants.selectors import school_by_code

OLD_PK = "_restore_old_pk"
_BATCH = 1024 * 1024


@dataclass
class RestorePlan:
    """A restore that passed every check, ready to be applied."""

    archive: Archive
    code: str
    replace: bool
    name: str | None
    existing: School | None

    @property
    def keeps_ids(self) -> bool:
        """Rows keep their ids only when they go back over the very school they came from."""
        return self.replace and self.existing.pk == self.archive.manifest["school"]["id"]

    @property
    def old_schema(self) -> str:
        return self.archive.manifest["school"]["schema_name"]

    @property
    def new_schema(self) -> str:
        # A new school's schema is named after its code (tenants.provisioning.create_school).
        return self.existing.schema_name if self.replace else self.code

    def rewrite(self, key: str) -> str:
        old, new = f"schools/{self.old_schema}/", f"schools/{self.new_schema}/"
        return new + key[len(old) :] if key.startswith(old) else key


def _check_columns(manifest: dict, schema: str) -> None:
    """Every table and column in the archive must exist here; an archive from an older state whose
    columns were since removed, or a damaged manifest, stops here before anything is written."""
    missing = []
    for schema_name, entries in ((schema, manifest["tables"]), ("public", manifest["public_rows"]["tables"])):
        for entry in entries:
            have = set(table_columns(schema_name, entry["table"]))
            if not have:
                missing.append(entry["table"])
            missing.extend(f"{entry['table']}.{c}" for c in entry["columns"] if have and c not in have)
    if missing:
        raise BackupError(
            "Cấu trúc cơ sở dữ liệu hiện tại không có chỗ cho dữ liệu của bản sao lưu (thiếu "
            f"{', '.join(missing[:8])}). Hãy khôi phục trên phiên bản hệ thống cùng thời với bản sao lưu."
        )


def plan_restore(
    archive: Archive, *, code: str | None = None, replace: bool = False, name=None
) -> RestorePlan:
    """Every refusal of a restore, before anything is written."""
    manifest = archive.manifest
    unknown = unknown_migrations(manifest)
    if unknown:
        raise BackupError(
            "Bản sao lưu được tạo từ phiên bản mới hơn của hệ thống (có migration mà phiên bản này chưa có: "
            f"{', '.join(unknown[:5])}). Hãy cập nhật hệ thống rồi khôi phục lại."
        )
    connection.set_schema_to_public()
    code = (code or manifest["school"]["code"]).strip().lower()
    existing = school_by_code(code)
    if replace:
        if existing is None:
            raise BackupError(
                f"Không có trường mã “{code}” để ghi đè. Muốn khôi phục thành trường mới thì dùng --as {code}."
            )
        target_schema = existing.schema_name
    else:
        if existing is not None:
            raise BackupError(
                f"Mã trường “{code}” đã được dùng cho {existing.name}. Hãy chọn mã khác bằng --as <mã mới>, "
                "hoặc thêm --replace để ghi đè trường này bằng bản sao lưu."
            )
        try:
            code = validate_school_code(code)
        except SchoolProvisioningError as exc:
            raise BackupError(str(exc)) from exc
        target_schema = template_schema()
    _check_columns(manifest, target_schema)
    return RestorePlan(archive=archive, code=code, replace=replace, name=name, existing=existing)


def _copy_in(sql: str, source: Path, replacements: tuple[bytes, bytes] | None) -> None:
    """COPY … FROM STDIN from a file of COPY text, rewriting the old key prefix on the way (COPY text
    has one line a row and never escapes a slash, so the prefix is found as it is)."""
    with connection.cursor() as cursor, source.open("rb") as handle, cursor.cursor.copy(sql) as copy:
        batch = bytearray()
        for line in handle:
            batch += line.replace(*replacements) if replacements else line
            if len(batch) >= _BATCH:
                copy.write(bytes(batch))
                batch.clear()
        if batch:
            copy.write(bytes(batch))


def _replacements(plan: RestorePlan) -> tuple[bytes, bytes] | None:
    if plan.old_schema == plan.new_schema:
        return None
    return f"schools/{plan.old_schema}/".encode(), f"schools/{plan.new_schema}/".encode()


def _load_schema(plan: RestorePlan, schema: str) -> None:
    manifest = plan.archive.manifest
    with connection.cursor() as cursor:
        if plan.replace:
            tables = [t for t in _tables_of(schema) if t not in SCHEMA_BOOKKEEPING_TABLES]
            if tables:
                # TRUNCATE refuses tables with foreign-key checks still pending in this transaction.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                cursor.execute("TRUNCATE " + ", ".join(qualified(schema, t) for t in tables))
    for entry in manifest["tables"]:
        cols = ", ".join(quote(c) for c in entry["columns"])
        _copy_in(
            f"COPY {qualified(schema, entry['table'])} ({cols}) FROM STDIN",
            plan.archive.path(entry["file"]),
            _replacements(plan),
        )
    existing = set(_sequences_of(schema))
    with connection.cursor() as cursor:
        for sequence in manifest["sequences"]:
            if sequence["name"] in existing:
                cursor.execute(
                    "SELECT setval(%s::regclass, %s, %s)",
                    [qualified(schema, sequence["name"]), sequence["last_value"], sequence["is_called"]],
                )


def _tables_of(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
            [schema],
        )
        return [row[0] for row in cursor.fetchall()]


def _sequences_of(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'S'",
            [schema],
        )
        return [row[0] for row in cursor.fetchall()]


def _staging(table: str) -> str:
    return quote(f"_restore_{table}"[:63])


def _stage_public_rows(plan: RestorePlan, tables: list[PublicTable]) -> None:
    """Each archived public table into a temporary table shaped like the real one, with the old
    primary key kept beside the (possibly new) one."""
    entries = {e["table"]: e for e in plan.archive.manifest["public_rows"]["tables"]}
    with connection.cursor() as cursor:
        for table in tables:
            staging = _staging(table.table)
            cursor.execute(f"DROP TABLE IF EXISTS {staging}")
            cursor.execute(f"CREATE TEMPORARY TABLE {staging} (LIKE {qualified('public', table.table)})")
            entry = entries[table.table]
            cols = ", ".join(quote(c) for c in entry["columns"])
            _copy_in(
                f"COPY {staging} ({cols}) FROM STDIN", plan.archive.path(entry["file"]), _replacements(plan)
            )
            pk = quote(table.pk_column)
            cursor.execute(f"ALTER TABLE {staging} ADD COLUMN {OLD_PK} bigint")
            cursor.execute(f"UPDATE {staging} SET {OLD_PK} = {pk}")  # noqa: S608


def _archived_school(plan: RestorePlan) -> dict:
    table = school_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, level, authority_id, address FROM {_staging(table)}")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        raise BackupError("Bản sao lưu không có dòng thông tin của trường; không khôi phục gì cả.")
    return dict(zip(["name", "level", "authority_id", "address"], row, strict=True))


def _new_school(plan: RestorePlan) -> School:
    archived = _archived_school(plan)
    authority = Authority.objects.filter(pk=archived["authority_id"]).first()
    if authority is None:
        raise BackupError(
            "Cơ quan quản lý của trường trong bản sao lưu không có trên hệ thống này; không khôi phục gì cả."
        )
    try:
        return create_school(
            code=plan.code,
            name=plan.name or archived["name"],
            level=archived["level"],
            authority=authority,
            address=archived["address"],
        )
    except SchoolProvisioningError as exc:
        raise BackupError(str(exc)) from exc


def _remap_public_rows(plan: RestorePlan, school: School, tables: list[PublicTable]) -> None:
    """New ids for a copy's rows (the school's own id is the new school's in both modes), then every
    foreign key between the school's rows follows its parent."""
    owned = {t.model for t in tables}
    with connection.cursor() as cursor:
        for table in tables:
            staging, pk = _staging(table.table), quote(table.pk_column)
            if table.model is school_model():
                cursor.execute(f"UPDATE {staging} SET {pk} = %s", [school.pk])  # noqa: S608
            elif not plan.keeps_ids and table.pk_is_generated:
                cursor.execute(
                    f"UPDATE {staging} SET {pk} = nextval(pg_get_serial_sequence(%s, %s))",  # noqa: S608
                    [qualified("public", table.table), table.pk_column],
                )
            for column, parent in table.foreign_keys().items():
                if parent not in owned:
                    continue
                parent_staging = _staging(parent._meta.db_table)
                parent_pk = quote(parent._meta.pk.column)
                cursor.execute(
                    f"UPDATE {staging} AS c SET {quote(column)} = p.{parent_pk} FROM {parent_staging} AS p "  # noqa: S608
                    f"WHERE c.{quote(column)} = p.{OLD_PK}"
                )


def _write_public_rows(plan: RestorePlan, school: School, tables: list[PublicTable]) -> None:
    by_model = {t.model: t for t in tables}
    entries = {e["table"]: e for e in plan.archive.manifest["public_rows"]["tables"]}
    domain = domain_model()
    with connection.cursor() as cursor:
        for table in reversed(tables[1:]):
            if table.model is domain and not plan.replace:
                continue  # a copy answers on its own host, made by create_school
            cursor.execute(
                f"DELETE FROM {qualified('public', table.table)} WHERE {row_filter(table, school.pk, by_model)}"  # noqa: S608
            )
        school_table = tables[0]
        keep = {school_table.pk_column, "schema_name", "code"} | (set() if plan.replace else {"name"})
        columns = [c for c in entries[school_table.table]["columns"] if c not in keep]
        if columns:
            cols = ", ".join(quote(c) for c in columns)
            cursor.execute(
                f"UPDATE {qualified('public', school_table.table)} SET ({cols}) = "  # noqa: S608
                f"(SELECT {cols} FROM {_staging(school_table.table)}) WHERE {quote(school_table.pk_column)} = %s",
                [school.pk],
            )
        for table in tables[1:]:
            if table.model is domain and not plan.replace:
                continue
            cols = ", ".join(quote(c) for c in entries[table.table]["columns"])
            cursor.execute(
                f"INSERT INTO {qualified('public', table.table)} ({cols}) "  # noqa: S608
                f"SELECT {cols} FROM {_staging(table.table)}"
            )


def _follow_loose_references(school: School, tables: list[PublicTable]) -> None:
    by_name = {t.model._meta.model_name: t for t in tables}
    with connection.cursor() as cursor:
        for table, column, model_name in loose_reference_columns(school.schema_name, set(by_name)):
            parent = by_name[model_name]
            cursor.execute(
                f"UPDATE {qualified(school.schema_name, table)} AS c SET {quote(column)} = "  # noqa: S608
                f"p.{quote(parent.pk_column)} FROM {_staging(parent.table)} AS p "
                f"WHERE c.{quote(column)} = p.{OLD_PK}"
            )


def _drop_staging(tables: list[PublicTable]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {_staging(table.table)}")


def _put_objects(plan: RestorePlan, created: list[str]) -> set[str]:
    """Copy the archive's objects to their (rewritten) keys; `created` collects keys that did not
    exist before, which a failed restore removes again."""
    storage = get_object_storage()
    keys = set()
    for entry in plan.archive.manifest["objects"]:
        key = plan.rewrite(entry["key"])
        existed = storage.stat(key) is not None
        storage.put_file(key, plan.archive.path(entry["file"]), entry["content_type"])
        if not existed:
            created.append(key)
        keys.add(key)
    return keys


def _restore_database(plan: RestorePlan, created_keys: list[str]) -> tuple[School, set[str]]:
    tables, _ = public_school_tables()
    with transaction.atomic():
        connection.set_schema_to_public()
        _stage_public_rows(plan, tables)
        school = plan.existing if plan.replace else _new_school(plan)
        _load_schema(plan, school.schema_name)
        _remap_public_rows(plan, school, tables)
        _write_public_rows(plan, school, tables)
        _follow_loose_references(school, tables)
        _drop_staging(tables)
        try:
            with connection.cursor() as cursor:
                # The deferred foreign keys are checked now, while a failure can still be explained.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        except IntegrityError as exc:
            raise BackupError(
                "Dữ liệu của bản sao lưu không khớp với dữ liệu đang có trên hệ thống (một dòng tham chiếu "
                f"tới dòng không tồn tại): {str(exc).splitlines()[0]}. Không khôi phục gì cả."
            ) from exc
        restored_keys = _put_objects(plan, created_keys)
    school.refresh_from_db()
    return school, restored_keys


def apply_restore(plan: RestorePlan) -> School:
    """Carry out a checked restore: the database in one transaction, the objects copied just before it
    commits; a failure rolls the database back and removes the objects it had added."""
    created_keys: list[str] = []
    storage = get_object_storage()
    try:
        school, restored_keys = _restore_database(plan, created_keys)
    except Exception as exc:
        for key in created_keys:
            storage.delete(key)
        if isinstance(exc, BackupError):
            raise
        if isinstance(exc, DatabaseError | ObjectStorageError | OSError | BotoCoreError | ClientError):
            raise BackupError(f"Khôi phục không thành công, không có gì thay đổi: {exc}") from exc
        raise
    if plan.replace:
        # Objects uploaded after the backup belong to rows the restore has just removed.
        for key in storage.list_keys(f"schools/{school.schema_name}/"):
            if key not in restored_keys:
                storage.delete(key)
    return school
