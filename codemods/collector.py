"""Pausing Python's cyclic garbage collector while code is analysed."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pausing = threading.Lock()
_paused = 0  # analyses running with the collector paused (threads of the language server)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while code is analysed.

    A parse allocates one object per syntax node, all alive until the analysis is done: the
    collector would walk them again and again (a fifth to a quarter of the time on a large
    file). Cycles made meanwhile are collected once the last analysis running ends.
    """
    global _paused
    with _pausing:
        owned = _paused > 0 or gc.isenabled()  # else the caller runs without it anyway
        if owned:
            _paused += 1
            gc.disable()
    try:
        yield
    finally:
        if owned:
            with _pausing:
                _paused -= 1
                if _paused == 0:
                    gc.enable()
