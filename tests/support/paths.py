"""Where the repository and its sample inputs are."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
SCENARIO = SEEDS / "scenario-2015.yaml"
