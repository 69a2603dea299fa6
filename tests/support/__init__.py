"""Helpers the tests share: ``from tests.support.paths import SEEDS`` and so on.

Fixtures and pytest hooks stay in ``tests/conftest.py``; plain constants and
functions live here, so a test imports them the same way under ``pytest`` and
``python -m pytest`` (``pythonpath = ["."]`` in pyproject.toml puts the
repository root on ``sys.path``).
"""
