"""Create the platform's PostgreSQL database if it does not exist yet (idempotent)."""

import os
import sys

import psycopg
from psycopg import sql


def main() -> int:
    name = os.environ.get("POSTGRES_DB", "tdkt")
    params = {
        "host": os.environ.get("POSTGRES_HOST", "127.0.0.1"),
        "port": os.environ.get("POSTGRES_PORT", "5432"),
        "user": os.environ.get("POSTGRES_USER", "postgres"),
        "password": os.environ.get("POSTGRES_PASSWORD", ""),
        "dbname": "postgres",
        "autocommit": True,
        "connect_timeout": 5,
    }
    try:
        with psycopg.connect(**params) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(
                    sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                        sql.Identifier(name)
                    )
                )
                print(f"Đã tạo cơ sở dữ liệu {name}.")
    except psycopg.OperationalError as exc:
        print(f"Không kết nối được PostgreSQL tại {params['host']}:{params['port']}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
