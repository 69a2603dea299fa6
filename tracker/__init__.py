"""Resolution Tracker: UN Security Council draft resolutions and every member's position on them.

``tracker.__version__`` is the installed distribution's version. It is read
on first use, so that ``tracker --help`` does not pay for importing
``importlib.metadata``.
"""

from __future__ import annotations

DISTRIBUTION = "resolution-tracker"
UNKNOWN_VERSION = "0+unknown"  # run from a checkout that was never installed


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(DISTRIBUTION)
        except PackageNotFoundError:
            return UNKNOWN_VERSION
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
