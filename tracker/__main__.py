"""The ``tracker`` command (``python -m tracker`` and the installed script): ``main()`` runs the CLI.

Ctrl-C ends a run the same way wherever it lands: click reports ``Aborted!``
and exits 1, the unit of work rolls its transaction back. A second Ctrl-C
during that clean-up, or one after the work is done (while the interpreter
shuts down, when Python would otherwise die by the signal), is ignored.
"""

from __future__ import annotations

import signal
import sys


def _interrupted(signum, frame):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the clean-up that follows must run to its end
    raise KeyboardInterrupt


def main() -> None:
    """Run the CLI; Ctrl-C gives one line on stderr and exit status 1, never a traceback or death by SIGINT."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when the shell made us ignore it
        signal.signal(signal.SIGINT, _interrupted)
    try:
        from tracker.cli import cli

        cli.main(prog_name="tracker")
    except KeyboardInterrupt:  # before click's own handler was running (e.g. while importing)
        print("\nAborted!", file=sys.stderr)
        sys.exit(1)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run's exit status stands


if __name__ == "__main__":
    main()
