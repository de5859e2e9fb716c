"""Rule codes without importing the rules: a cached run only needs to know which codes are
selected, and importing every rule (and the analysis they share) is a large part of
start-up. Each rule module is named `gfNNN_<name>.py` (see README), so the codes are read
from the names of the modules; `tests/test_registry.py` checks they match the registry."""

from __future__ import annotations

import os
from collections.abc import Collection

_RULES_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rules")


def _codes() -> tuple[str, ...]:
    names = os.listdir(_RULES_FOLDER)
    return tuple(sorted(name[:5].upper() for name in names if name.startswith("gf") and name.endswith(".py")))


CODES: tuple[str, ...] = _codes()


def known(prefix: str) -> bool:
    """Whether `prefix` (a code or the start of one) names at least one rule."""
    return any(code.startswith(prefix) for code in CODES)


def selected(select: Collection[str] | None = None, ignore: Collection[str] = ()) -> tuple[str, ...]:
    """The codes `engine.select_rules(select, ignore)` would pick, in order."""
    return tuple(
        code
        for code in CODES
        if (select is None or any(code.startswith(prefix) for prefix in select))
        and not any(code.startswith(prefix) for prefix in ignore)
    )
