"""The server's settings: `select`, `ignore` and `unsafeFixes`, as an editor sends them.

They arrive in `initializationOptions` and `workspace/didChangeConfiguration`, either flat or
under a `gradfix` key (`{"gradfix": {"select": ["GF00"]}}`, as Neovim and VS Code nest
them). Codes are lists or comma-separated strings, matched as prefixes like the command line's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from codemods.engine import select_rules
from codemods.rules import RULES, Rule


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False  # fix-all (the code action and gradfix.applyAutofix) applies unsafe fixes too

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(select_rules(self.select, self.ignore))


def parse(options: Any, current: Settings = Settings()) -> tuple[Settings, list[str]]:
    """Settings from an editor's options (keys it leaves out keep `current`), and a problem
    message for each value that could not be used. Never raises."""
    if not isinstance(options, Mapping):
        return current, [] if options is None else [f"gradfix settings must be an object, not {options!r}"]
    if isinstance(options.get("gradfix"), Mapping):
        options = options["gradfix"]
    problems: list[str] = []
    select, ignore, unsafe = current.select, current.ignore, current.unsafe_fixes
    if "select" in options:
        chosen = None if options["select"] is None else _codes(options["select"], "select", problems)
        select = select if chosen == () and options["select"] else chosen  # only unknown codes: keep the old
    if "ignore" in options:
        ignore = _codes(options["ignore"] or (), "ignore", problems)
    if "unsafeFixes" in options:
        if isinstance(options["unsafeFixes"], bool):
            unsafe = options["unsafeFixes"]
        else:
            problems.append(f"gradfix: unsafeFixes must be true or false, not {options['unsafeFixes']!r}")
    return Settings(select, ignore, unsafe), problems


def _codes(value: Any, key: str, problems: list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(code, str) for code in value):
        problems.append(f"gradfix: {key} must be a list of rule codes, not {value!r}")
        return ()
    codes = tuple(code.strip().upper() for code in value if code.strip())
    unknown = [code for code in codes if not any(rule.code.startswith(code) for rule in RULES)]
    if unknown:
        problems.append(f"gradfix: unknown rule code {', '.join(unknown)} in {key}; it is left out (see `gradfix rules`)")
    return tuple(code for code in codes if code not in unknown)
