"""Quick or full size for the fault tests (``pytest --full``)."""

from __future__ import annotations

FULL_OPTION = "--full"


def full_size(config) -> bool:
    """True under ``pytest --full``: generated inputs, concurrent runs and kills at full size."""
    return bool(config.getoption(FULL_OPTION, default=False))
