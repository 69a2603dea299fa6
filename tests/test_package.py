"""The package itself: its version, and what starting the command costs."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

from click.testing import CliRunner

import tracker
from tracker.cli import cli


def test_the_version_is_the_installed_distributions():
    assert tracker.__version__ == importlib.metadata.version("resolution-tracker")
    assert CliRunner().invoke(cli, ["--version"]).output.split()[-1] == tracker.__version__


def test_a_checkout_that_was_never_installed_has_a_placeholder_version(monkeypatch):
    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert tracker.__version__ == tracker.UNKNOWN_VERSION


def test_importing_the_package_does_not_read_its_metadata():
    """``tracker --help`` stays quick: the version is looked up only when asked for."""
    probe = "import sys, tracker.cli; print('importlib.metadata' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
