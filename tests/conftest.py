"""Fixtures: databases built through the real migrations, on SQLite and PostgreSQL.

PostgreSQL tests need ``TRACKER_TEST_DATABASE_URL`` (``.ci/run`` sets it);
each test gets a schema of its own there, dropped afterwards.

The fault tests (generated inputs, concurrent runs, killed runs) run at a
size that keeps the suite quick; ``pytest --full`` runs them at full size
(10,000 generated articles and scripts, more concurrent runs and kills).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SCENARIO = SEEDS / "scenario-2015.yaml"
PG_ENV = "TRACKER_TEST_DATABASE_URL"


def pytest_addoption(parser):
    parser.addoption("--full", action="store_true", default=False,
                     help="run the fault tests at full size (slow: minutes)")


def full_size(config) -> bool:
    return bool(config.getoption("--full", default=False))


@pytest.fixture
def size(request):
    """``size(quick, full)``: the quick figure by default, the full one under ``pytest --full``."""
    return lambda quick, full: full if full_size(request.config) else quick


@pytest.fixture(autouse=True)
def _data_in_tmp(tmp_path, monkeypatch):
    """Nothing a test does touches a tracker.db outside its own folder."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'default.db'}")
    monkeypatch.chdir(tmp_path)


def _postgres_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    return url


def _postgres_schemas():
    """Private schemas named ``t_...`` on the test server (see benchmarks/schemas.py), dropped by ``drop_all``."""
    return _load_benchmark("schemas").PostgresSchemas(_postgres_url(), prefix="t")


@pytest.fixture
def postgres_schema_url():
    """A URL whose connections use a fresh, private PostgreSQL schema."""
    schemas = _postgres_schemas()
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
    schemas = _postgres_schemas()
    yield schemas.url
    schemas.drop_all()


def load_generator():
    """benchmarks/generate.py (synthetic scripts and articles)."""
    return _load_benchmark("generate")


def _load_benchmark(name: str):
    """A module of benchmarks/, which sits outside the installed package."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
