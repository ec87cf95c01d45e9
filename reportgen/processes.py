"""Worker processes that never outlive the build that started them."""

from __future__ import annotations

import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> None:
    """Make this worker die with `parent`, the process that forked it, even when `parent` is
    killed (SIGKILL leaves it no chance to shut its pool down). A pool initializer: Linux's
    parent-death signal; elsewhere a no-op."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)
