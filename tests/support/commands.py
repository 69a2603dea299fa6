"""Running the ``tracker`` command in another process, as a user's shell would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


# The tracker's own entry point, with every commit delayed: a run that is still writing when a test interrupts it.
_SLOW_COMMITS = """\
import sys, time
from tracker.store.unit_of_work import UnitOfWork
commit = UnitOfWork.commit
UnitOfWork.commit = lambda self: (time.sleep({pause}), commit(self))[1]
from tracker.__main__ import main
main()
"""


def _ctrl_c_as_in_a_terminal() -> None:
    """SIGINT back to its default in the child: a shell without job control starts background jobs with it
    ignored, and Python would then keep ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(url: str, *args: str, cwd: Path, pause_before_commit: float = 0.0) -> subprocess.Popen:
    """``python -m tracker ARGS`` on the database at ``url``, with stdout and stderr captured as text.

    ``pause_before_commit`` delays every transaction's commit, so the run is
    certain to be mid-way when a test signals it.
    """
    env = {**os.environ, "TRACKER_DATABASE_URL": url}
    command = ["-c", _SLOW_COMMITS.format(pause=pause_before_commit)] if pause_before_commit else ["-m", "tracker"]
    return subprocess.Popen([sys.executable, *command, *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_ctrl_c_as_in_a_terminal)


def finish(process: subprocess.Popen, timeout: float = 600) -> tuple[str, str]:
    """Wait for a started run; it must succeed, without a traceback or a lock error. Its (stdout, stderr)."""
    out, err = process.communicate(timeout=timeout)
    assert "Traceback" not in err, err
    assert "locked" not in err, err
    assert process.returncode == 0, err
    return out, err


def run(url: str, *args: str, cwd: Path) -> str:
    """Start and finish a run; its stdout."""
    return finish(start(url, *args, cwd=cwd))[0]
