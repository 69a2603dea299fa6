"""Private PostgreSQL schemas for the benchmarks and the tests, each with a URL that uses it."""

from __future__ import annotations

import uuid


class PostgresSchemas:
    """Private schemas on one server, dropped at the end (``drop_all``)."""

    def __init__(self, base: str, prefix: str = "bench"):
        from sqlalchemy import create_engine

        from tracker.config import resolve_database_url

        self.base = resolve_database_url(base)
        self.admin = create_engine(self.base)
        self.prefix = prefix
        self.created: list[str] = []

    def url(self, label: str = "") -> str:
        """The URL of a new, empty schema (its name starts with the prefix and ``label``)."""
        from sqlalchemy import text

        schema = "_".join(filter(None, (self.prefix, label.replace("-", "_"), uuid.uuid4().hex[:12])))
        with self.admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        self.created.append(schema)
        separator = "&" if "?" in self.base else "?"
        return f"{self.base}{separator}options=-csearch_path%3D{schema}"

    def drop_all(self) -> None:
        from sqlalchemy import text

        from tracker.store.readers import role_name

        with self.admin.begin() as conn:
            database = conn.execute(text("SELECT current_database()")).scalar()
            for schema in self.created:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                # The reader role `tracker init` made for the schema (roles outlive schemas).
                conn.execute(text(f'DROP ROLE IF EXISTS "{role_name(conn, database, schema)}"'))
        self.admin.dispose()
