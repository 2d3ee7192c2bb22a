"""One school's backup: an archive (tar.gz) holding every table of its schema, its rows in the public
schema and its evidence objects, with a manifest and checksums. tenants.restore reads it back.

Inside the archive:
    manifest.json           what is in it (format, school, time, migration state, tables, objects)
    SHA256SUMS              `sha256sum -c` format, one line a file (the manifest included)
    schema/<table>.copy     PostgreSQL COPY text of each table of the school's schema
    public/<table>.copy     the school's rows of each public table (see tenants.school_rows)
    objects/<n>             each object stored under `schools/<schema>/`, its key in the manifest

The data is read in one REPEATABLE READ transaction, so tables and public rows are one moment's.
"""

import contextlib
import hashlib
import json
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from office.core.object_storage import get_object_storage
from tenants.models import School
from tenants.school_rows import (
    public_school_tables,
    qualified,
    quote,
    row_filter,
    schema_sequences,
    schema_tables,
    table_columns,
)

FORMAT = "tdkt-school-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
ARCHIVE_CONTENT_TYPE = "application/gzip"
_CHUNK = 1024 * 1024

PUBLIC_ROWS_RULE = (
    "Dòng ở lược đồ chung là của trường khi trỏ tới trường (hoặc tới một dòng của trường) bằng khóa "
    "ngoại xác định chủ sở hữu: khóa xóa dây chuyền theo trường, hoặc khóa không được để trống; trừ khi "
    "dòng đó còn một chủ khác (khóa xóa dây chuyền, không để trống, tới một dòng không phải của trường, "
    "tài khoản người dùng không tính). Các dòng chỉ nêu tên trường hoặc thuộc chủ khác (ghế trong cụm, "
    "dòng và lượt chuyển của quyết định, điểm cụm) không nằm trong bản sao lưu; chúng được liệt kê ở "
    "“references” kèm số dòng."
)


class BackupError(Exception):
    """A backup or restore that is refused or failed; the message is for the user, in Vietnamese."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def _snapshot():
    """One consistent moment of the database for the whole backup. Inside a caller's transaction (a
    test) that transaction already is one."""
    if connection.in_atomic_block:
        yield
        return
    connection.set_schema_to_public()
    connection.cursor().close()  # django-tenants sets search_path now, before the transaction starts
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _copy_out(sql: str, target: Path) -> int:
    """COPY … TO STDOUT into `target`; returns the number of rows (COPY text has one line a row)."""
    rows = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor, target.open("wb") as out, cursor.cursor.copy(sql) as copy:
        for chunk in copy:
            data = bytes(chunk)
            rows += data.count(b"\n")
            out.write(data)
    return rows


def migration_state(schema: str) -> dict[str, list[str]]:
    """Applied migrations of `schema`, by app, in the order they were applied."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT app, name FROM {qualified(schema, 'django_migrations')} ORDER BY applied, id"  # noqa: S608
        )
        state: dict[str, list[str]] = {}
        for app, name in cursor.fetchall():
            state.setdefault(app, []).append(name)
    return state


def _migrations_entry(state: dict[str, list[str]]) -> dict:
    return {app: {"latest": names[-1], "applied": names} for app, names in sorted(state.items())}


def unknown_migrations(manifest: dict) -> list[str]:
    """Migrations the archive's platform had applied that this code does not have: it is newer."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = set()
    for part in ("shared", "tenant"):
        for app, entry in manifest["migrations"][part].items():
            unknown.update(f"{app}.{name}" for name in entry["applied"] if (app, name) not in known)
    return sorted(unknown)


def _dump_schema(school: School, workdir: Path) -> list[dict]:
    entries = []
    for table in schema_tables(school.schema_name):
        columns = table_columns(school.schema_name, table)
        name = f"schema/{table}.copy"
        cols = ", ".join(quote(c) for c in columns)
        rows = _copy_out(f"COPY {qualified(school.schema_name, table)} ({cols}) TO STDOUT", workdir / name)
        entries.append({"table": table, "file": name, "columns": columns, "rows": rows})
    return entries


def _dump_public_rows(school: School, workdir: Path) -> tuple[list[dict], list[dict]]:
    owned, references = public_school_tables()
    by_model = {t.model: t for t in owned}
    entries = []
    for table in owned:
        columns = table_columns("public", table.table)
        name = f"public/{table.table}.copy"
        cols = ", ".join(quote(c) for c in columns)
        where = row_filter(table, school.pk, by_model)
        rows = _copy_out(
            f"COPY (SELECT {cols} FROM {qualified('public', table.table)} WHERE {where}) TO STDOUT",  # noqa: S608
            workdir / name,
        )
        entries.append(
            {
                "table": table.table,
                "model": table.model._meta.label,
                "file": name,
                "columns": columns,
                "rows": rows,
                "pk": table.pk_column,
                "owning_columns": {c: m._meta.db_table for c, m in table.owning_columns.items()},
            }
        )
    owned_tables = {t.table: t for t in owned}
    listed = []
    with connection.cursor() as cursor:
        for ref in references:
            parent = owned_tables[ref.points_to]
            cursor.execute(
                f"SELECT count(*) FROM {qualified('public', ref.table)} WHERE {quote(ref.column)} IN "  # noqa: S608
                f"(SELECT {quote(parent.pk_column)} FROM {qualified('public', parent.table)} "
                f"WHERE {row_filter(parent, school.pk, by_model)})"
            )
            listed.append({**ref.__dict__, "rows": cursor.fetchone()[0]})
    return entries, listed


def _dump_objects(school: School, workdir: Path) -> list[dict]:
    storage = get_object_storage()
    entries = []
    for number, key in enumerate(storage.list_keys(f"schools/{school.schema_name}/"), start=1):
        name = f"objects/{number:06d}"
        target = workdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            for chunk in storage.iter_chunks(key):
                out.write(chunk)
        stored = storage.stat(key)
        entries.append(
            {
                "key": key,
                "file": name,
                "size": target.stat().st_size,
                "content_type": stored.content_type if stored else "application/octet-stream",
            }
        )
    return entries


def _school_entry(school: School) -> dict:
    return {
        "id": school.pk,
        "code": school.code,
        "schema_name": school.schema_name,
        "name": school.name,
        "host": school.host,
    }


def write_school_backup(school: School, path: Path) -> dict:
    """Write `school`'s archive to `path`; returns its manifest."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="tdkt-backup-") as tmp:
        workdir = Path(tmp)
        with _snapshot():
            tables = _dump_schema(school, workdir)
            sequences = schema_sequences(school.schema_name)
            public_rows, references = _dump_public_rows(school, workdir)
            migrations = {
                "shared": _migrations_entry(migration_state("public")),
                "tenant": _migrations_entry(migration_state(school.schema_name)),
            }
        objects = _dump_objects(school, workdir)
        for entry in [*tables, *public_rows, *objects]:
            entry["sha256"] = sha256_file(workdir / entry["file"])
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "school": _school_entry(school),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "migrations": migrations,
            "tables": tables,
            "sequences": sequences,
            "public_rows": {"rule": PUBLIC_ROWS_RULE, "tables": public_rows, "references": references},
            "objects": objects,
        }
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        (workdir / MANIFEST).write_bytes(manifest_bytes)
        members = [MANIFEST] + [entry["file"] for entry in [*tables, *public_rows, *objects]]
        sums = "".join(f"{sha256_file(workdir / name)}  {name}\n" for name in members)
        (workdir / CHECKSUMS).write_text(sums)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz", format=tarfile.PAX_FORMAT) as archive:
            for name in [MANIFEST, CHECKSUMS, *members[1:]]:
                archive.add(workdir / name, arcname=name, recursive=False)
        partial.replace(path)  # a crash mid-way never leaves a truncated archive under the real name
    return manifest


# ---------------------------------------------------------------------------- reading an archive


@dataclass
class Archive:
    """A verified archive, extracted into `root`."""

    root: Path
    manifest: dict

    def path(self, name: str) -> Path:
        return self.root / name


def _refuse_damaged(detail: str) -> BackupError:
    return BackupError(f"Bản sao lưu bị hỏng hoặc đã bị sửa ({detail}); không khôi phục gì cả.")


def _read_checksums(root: Path) -> dict[str, str]:
    sums_path = root / CHECKSUMS
    if not sums_path.is_file():
        raise _refuse_damaged(f"thiếu tệp {CHECKSUMS}")
    sums = {}
    for line in sums_path.read_text().splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise _refuse_damaged(f"dòng không đọc được trong {CHECKSUMS}")
        sums[name] = digest
    return sums


def _verify(root: Path) -> dict:
    sums = _read_checksums(root)
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != CHECKSUMS}
    if present != set(sums):
        extra = sorted(present ^ set(sums))
        raise _refuse_damaged(f"danh sách tệp không khớp: {', '.join(extra[:5])}")
    for name, digest in sums.items():
        if sha256_file(root / name) != digest:
            raise _refuse_damaged(f"mã kiểm tra SHA-256 của {name} không khớp")
    manifest = json.loads((root / MANIFEST).read_text())
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            "Tệp này không phải bản sao lưu trường của hệ thống, hoặc ở định dạng "
            f"{manifest.get('format_version')} mà phiên bản này không đọc được."
        )
    entries = [*manifest["tables"], *manifest["public_rows"]["tables"], *manifest["objects"]]
    for entry in entries:
        if sums.get(entry["file"]) != entry["sha256"]:
            raise _refuse_damaged(f"mã kiểm tra của {entry['file']} khác với bản kê")
    return manifest


@contextlib.contextmanager
def open_archive(path: Path):
    """Extract and verify the archive at `path`; yields an Archive. Every checksum is checked before
    anything is restored, so a damaged archive changes nothing."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    with tempfile.TemporaryDirectory(prefix="tdkt-restore-") as tmp:
        root = Path(tmp)
        try:
            with tarfile.open(path, "r:*") as tar:
                tar.extractall(root, filter="data")  # no absolute paths, links or devices
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise _refuse_damaged(f"không giải nén được: {exc}") from exc
        try:
            manifest = _verify(root)
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise _refuse_damaged("bản kê manifest.json không đọc được") from exc
        yield Archive(root=root, manifest=manifest)


def manifest_summary(manifest: dict) -> str:
    """What an archive holds, in a few Vietnamese lines for the command's output."""
    school = manifest["school"]
    rows = sum(t["rows"] for t in manifest["tables"])
    public_rows = sum(t["rows"] for t in manifest["public_rows"]["tables"])
    size = sum(o["size"] for o in manifest["objects"])
    return (
        f"{school['name']} (mã {school['code']}), sao lưu lúc {manifest['created_at']}: "
        f"{len(manifest['tables'])} bảng, {rows} dòng dữ liệu của trường, {public_rows} dòng ở lược đồ "
        f"chung, {len(manifest['objects'])} tệp minh chứng ({size} byte)."
    )


# ---------------------------------------------------------------------------- nightly archives


def school_backup_prefix(school: School) -> str:
    """`backups/<code>/`: beside the schools' prefixes, never under one, so that no school's
    evidence listing, backup or restore ever sees its own backups."""
    return f"{settings.SCHOOL_BACKUP_PREFIX}{school.code}/"


def trim_school_backups(school: School, keep: int) -> list[str]:
    """Delete all but the `keep` newest archives of `school` (their keys sort by time)."""
    storage = get_object_storage()
    keys = storage.list_keys(school_backup_prefix(school))
    stale = keys[: max(len(keys) - max(keep, 1), 0)]
    for key in stale:
        storage.delete(key)
    return stale


def store_school_backup(school: School, *, keep: int | None = None) -> str:
    """Write `school`'s archive into object storage under its backup prefix and keep only the newest
    `keep` (SCHOOL_BACKUP_RETENTION by default); returns the new key."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    key = f"{school_backup_prefix(school)}{school.code}-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="tdkt-backup-") as tmp:
        path = Path(tmp) / "backup.tar.gz"
        write_school_backup(school, path)
        get_object_storage().put_file(key, path, ARCHIVE_CONTENT_TYPE)
    trim_school_backups(school, settings.SCHOOL_BACKUP_RETENTION if keep is None else keep)
    return key
