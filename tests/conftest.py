"""Fixtures: databases built through the real migrations, on SQLite and PostgreSQL.

PostgreSQL tests need ``TRACKER_TEST_DATABASE_URL`` (``.ci/run`` sets it);
each test gets a schema of its own there, dropped afterwards.

The fault tests (generated inputs, concurrent runs, killed runs) run at a
size that keeps the suite quick; ``pytest --full`` runs them at full size
(10,000 generated articles and scripts, more concurrent runs and kills).
Tests that take seconds are marked ``slow``: ``pytest -m "not slow"`` is the quick loop.

Only fixtures and hooks live here; constants and helpers the tests share are
in ``tests/support/``.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.support.postgres import postgres_schemas
from tests.support.sizes import FULL_OPTION, full_size


def pytest_addoption(parser):
    parser.addoption(FULL_OPTION, action="store_true", default=False,
                     help="run the fault tests at full size (slow: minutes)")


@pytest.fixture
def size(request):
    """``size(quick, full)``: the quick figure by default, the full one under ``pytest --full``."""
    return lambda quick, full: full if full_size(request.config) else quick


@pytest.fixture(autouse=True)
def _data_in_tmp(tmp_path, monkeypatch):
    """Nothing a test does touches a tracker.db outside its own folder."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'default.db'}")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def postgres_schema_url():
    """A URL whose connections use a fresh, private PostgreSQL schema."""
    schemas = postgres_schemas()
    yield schemas.url()
    schemas.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def another_database(database_url, tmp_path):
    """``another_database()``: the URL of one more empty database on the backend of ``database_url``."""
    if database_url.startswith("sqlite"):
        yield lambda: f"sqlite:///{tmp_path / f'another-{uuid.uuid4().hex[:8]}.db'}"
        return
    schemas = postgres_schemas()
    yield schemas.url
    schemas.drop_all()


@pytest.fixture
def tracker(database_url):
    """A Tracker on a database migrated to head with the council data loaded."""
    from tracker.services import Tracker

    tracker = Tracker(database_url)
    tracker.init()
    yield tracker
    tracker.engine.dispose()


@pytest.fixture
def write_script(tmp_path):
    """Write a script file from text; returns its path."""

    def write(text: str, name: str = "script.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def dump():
    """Every table of a tracker's database, for before/after comparisons."""
    from tracker.store import repository

    def tables(tracker) -> dict:
        with tracker.engine.connect() as conn:
            return repository.table_dump(conn)

    return tables
