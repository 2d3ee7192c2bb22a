"""Whether every school schema of a database can be distributed by Citus schema-based sharding,
read from pg_catalog. Run it against the production database before infra/citus/setup.sql:

    POSTGRES_DB=tdkt python infra/citus/readiness.py

The conditions are those `citus_schema_distribute` enforces (Citus 12+, schema_based_sharding.c and
the schema-based sharding documentation): foreign keys leave a distributed schema only towards
reference tables and never enter it from another schema; no foreign tables, no table inheritance,
partitions in the parent's schema; every table owned by the role that distributes it; nothing owned
by an extension. Two more keep a school movable and writable on a worker: every table has a primary
key (the rebalancer moves a schema by logical replication, which needs a replica identity for
UPDATE and DELETE), and its columns draw numbers only from its own BIGINT sequences (Citus encodes the
node in sequence values on workers, which smaller sequences cannot hold). A sequence owned by a table
of another schema needs no check: PostgreSQL itself refuses it.
"""

import os
import re
import sys
from pathlib import Path

REFERENCE_TABLES_SQL = Path(__file__).with_name("reference_tables.sql")


def reference_tables(path: Path = REFERENCE_TABLES_SQL) -> list[str]:
    """The qualified names of reference_tables.sql, in the order the file creates them."""
    return re.findall(r"create_reference_table\('([^']+)'\)", path.read_text(encoding="utf-8"))


def _rows(conn, query: str, params: dict) -> list[tuple]:
    with conn.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def school_schema_problems(conn, schema: str, references: list[str]) -> list[tuple[str, str]]:
    """(kind, Vietnamese explanation) for everything that would stop `citus_schema_distribute(schema)`
    or a later move of the schema between workers; empty when the schema can be distributed."""
    problems: list[tuple[str, str]] = []
    params = {"schema": schema, "references": references}

    for table, target, name in _rows(
        conn,
        """
        SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, c.conname
        FROM pg_constraint c
        JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
        JOIN pg_class f ON f.oid = c.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
        WHERE c.contype = 'f' AND rn.nspname = %(schema)s AND fn.nspname <> %(schema)s
          AND NOT (fn.nspname || '.' || f.relname = ANY(%(references)s))
        ORDER BY 1, 3
        """,
        params,
    ):
        problems.append(
            (
                "fk_out",
                f"{table} có khóa ngoại {name} trỏ tới {target}, bảng này không nằm trong danh sách "
                "bảng tham chiếu (infra/citus/reference_tables.sql)",
            )
        )

    for table, target, name in _rows(
        conn,
        """
        SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, c.conname
        FROM pg_constraint c
        JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
        JOIN pg_class f ON f.oid = c.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
        WHERE c.contype = 'f' AND fn.nspname = %(schema)s AND rn.nspname <> %(schema)s
        ORDER BY 1, 3
        """,
        params,
    ):
        problems.append(
            ("fk_in", f"{table} (lược đồ khác) có khóa ngoại {name} trỏ vào bảng của trường {target}")
        )

    for (table,) in _rows(
        conn,
        """
        SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(schema)s AND c.relkind IN ('r', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)
        ORDER BY 1
        """,
        params,
    ):
        problems.append(("no_primary_key", f"{table} không có khóa chính"))

    for (table,) in _rows(
        conn,
        """
        SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(schema)s AND c.relkind = 'f' ORDER BY 1
        """,
        params,
    ):
        problems.append(("foreign_table", f"{table} là bảng ngoài (foreign table)"))

    for child, parent, parent_kind, same_schema in _rows(
        conn,
        """
        SELECT i.inhrelid::regclass::text, i.inhparent::regclass::text, p.relkind,
               c.relnamespace = p.relnamespace
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace cn ON cn.oid = c.relnamespace JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE (cn.nspname = %(schema)s OR pn.nspname = %(schema)s)
          AND c.relkind IN ('r', 'p', 'f') AND p.relkind IN ('r', 'p', 'f')
        ORDER BY 1
        """,
        params,
    ):
        if parent_kind != "p":
            problems.append(("inheritance", f"{child} kế thừa {parent} (Citus không cho kế thừa bảng)"))
        elif not same_schema:
            problems.append(("partition_schema", f"{child} là phân vùng của {parent} ở lược đồ khác"))

    owners = _rows(
        conn,
        """
        SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(schema)s AND c.relkind IN ('r', 'p', 'f') ORDER BY 1
        """,
        params,
    )
    if len(owners) > 1:
        names = ", ".join(owner for (owner,) in owners)
        problems.append(("owners", f"các bảng thuộc nhiều chủ sở hữu ({names}); cần một vai trò duy nhất"))

    for (obj,) in _rows(
        conn,
        """
        SELECT c.oid::regclass::text FROM pg_depend d
        JOIN pg_class c ON c.oid = d.objid AND d.classid = 'pg_class'::regclass
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(schema)s AND d.deptype = 'e'
        UNION ALL
        SELECT 'extension ' || e.extname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE n.nspname = %(schema)s
        ORDER BY 1
        """,
        params,
    ):
        problems.append(("extension", f"{obj} thuộc về một extension"))

    for table, column, default in _rows(
        conn,
        """
        SELECT c.oid::regclass::text, a.attname, pg_get_expr(ad.adbin, ad.adrelid)
        FROM pg_attrdef ad
        JOIN pg_class c ON c.oid = ad.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
        JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid
             AND d.refclassid = 'pg_class'::regclass
        JOIN pg_class s ON s.oid = d.refobjid AND s.relkind = 'S'
        WHERE n.nspname = %(schema)s AND s.relnamespace <> c.relnamespace
        ORDER BY 1, 2
        """,
        params,
    ):
        problems.append(("sequence_schema", f"{table}.{column} lấy số từ chuỗi ở lược đồ khác: {default}"))

    for sequence, data_type in _rows(
        conn,
        """
        SELECT s.seqrelid::regclass::text, format_type(s.seqtypid, NULL)
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(schema)s AND s.seqtypid <> 'bigint'::regtype
        ORDER BY 1
        """,
        params,
    ):
        problems.append(("sequence_type", f"chuỗi số {sequence} kiểu {data_type}, cần bigint"))

    return problems


def reference_list_problems(conn, references: list[str]) -> list[tuple[str, str]]:
    """Each listed table must exist and refer only to tables listed before it (create_reference_table
    needs the tables it points to to be reference tables already)."""
    problems: list[tuple[str, str]] = []
    for position, table in enumerate(references):
        exists = _rows(conn, "SELECT to_regclass(%(table)s) IS NOT NULL", {"table": table})[0][0]
        if not exists:
            problems.append(("reference_missing", f"bảng tham chiếu {table} không tồn tại"))
            continue
        for target, name in _rows(
            conn,
            """
            SELECT fn.nspname || '.' || f.relname, c.conname
            FROM pg_constraint c JOIN pg_class f ON f.oid = c.confrelid
            JOIN pg_namespace fn ON fn.oid = f.relnamespace
            WHERE c.contype = 'f' AND c.conrelid = to_regclass(%(table)s) AND c.confrelid <> c.conrelid
            ORDER BY 1
            """,
            {"table": table},
        ):
            if target not in references[:position]:
                problems.append(
                    (
                        "reference_order",
                        f"bảng tham chiếu {table} có khóa ngoại {name} tới {target}, "
                        "bảng này phải có trong danh sách và đứng trước",
                    )
                )
    return problems


def main() -> int:
    import psycopg

    conn = psycopg.connect(
        host=os.environ.get("POSTGRES_HOST", "127.0.0.1"),
        port=os.environ.get("POSTGRES_PORT", "5432"),
        user=os.environ.get("POSTGRES_USER", "postgres"),
        password=os.environ.get("POSTGRES_PASSWORD", ""),
        dbname=os.environ.get("POSTGRES_DB", "tdkt"),
    )
    references = reference_tables()
    with conn:
        problems = [("", message) for _, message in reference_list_problems(conn, references)]
        schemas = [
            row[0] for row in _rows(conn, "SELECT schema_name FROM public.tenants_school ORDER BY 1", {})
        ]
        for schema in schemas:
            problems += [(schema, message) for _, message in school_schema_problems(conn, schema, references)]
    for where, message in problems:
        print(f"{where + ': ' if where else ''}{message}")
    if problems:
        print(f"Không thể phân tán: {len(problems)} vấn đề.", file=sys.stderr)
        return 1
    print(f"{len(schemas)} lược đồ trường có thể phân tán bằng Citus.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
