"""Errors the tracker reports to its users, with the exit status each one means."""

from __future__ import annotations

from tracker.domain.sources import where


class TrackerError(Exception):
    """A refusal the user should read: exit status 1."""

    exit_code = 1


class InputError(TrackerError):
    """Bad input (a script, a date, a member): exit status 2.

    ``path`` and ``line`` name where the problem is, so the message reads ``file:line: what``.
    """

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        return f"{where(self.path, self.line)}: {self.message}"


class TrackerWarning(UserWarning):
    """Something the user should know that does not stop the command (printed as ``Warning: ...``)."""
