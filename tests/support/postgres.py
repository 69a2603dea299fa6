"""The PostgreSQL server the tests may use (``TRACKER_TEST_DATABASE_URL``)."""

from __future__ import annotations

import os

import pytest

PG_ENV = "TRACKER_TEST_DATABASE_URL"


def postgres_url() -> str:
    """The test server's URL; skips the calling test when none is configured."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    return url


def postgres_schemas():
    """Private schemas named ``t_...`` on the test server (see benchmarks/schemas.py), dropped by ``drop_all``."""
    from benchmarks.schemas import PostgresSchemas

    return PostgresSchemas(postgres_url(), prefix="t")
