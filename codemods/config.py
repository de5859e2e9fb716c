"""Settings from `gradfix.toml` or `[tool.gradfix]` in `pyproject.toml`.

The nearest configuration file above the starting folder wins, as in Ruff: in each folder
`gradfix.toml` (top-level keys) comes before `pyproject.toml` (`[tool.gradfix]`), and a
`pyproject.toml` without a `[tool.gradfix]` table is passed over. Keys use Ruff's spelling
(`unsafe-fixes`, `per-file-ignores`). Anything gradfix does not know is an error naming the
file, never silently ignored. Command-line flags override what the file says.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from codemods.codes import known

OUTPUT_FORMATS = ("text", "json", "sarif", "github", "junit", "concise")
_KEYS = ("select", "ignore", "unsafe-fixes", "exclude", "extend-exclude", "per-file-ignores", "output-format")


class ConfigError(Exception):
    """A configuration file gradfix cannot use; the message names the file."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    # Patterns (gitignore syntax, relative to `root`); `exclude` replaces the default folders
    # gradfix skips, `extend-exclude` adds to them.
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    output_format: str | None = None
    path: Path | None = None  # the file these came from
    root: Path = field(default_factory=Path.cwd)  # where patterns are relative to

    def ignored_codes_for(self, file: Path) -> tuple[str, ...]:
        """Codes `per-file-ignores` turns off for `file` (matched as the user names it, relative
        to `root`)."""
        if not self.per_file_ignores:
            return ()
        relative = _relative(file, self.root)
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores:
            if _spec((pattern,)).match_file(relative):
                codes.extend(ignored)
        return tuple(codes)

    def excluded(self, path: Path | str, is_dir: bool) -> bool:
        """Whether `exclude`/`extend-exclude` name `path` (a real path)."""
        patterns = self.exclude_patterns
        if not patterns:
            return False
        return _spec(patterns).match_file(_relative(path, self.root) + ("/" if is_dir else ""))

    @property
    def exclude_patterns(self) -> tuple[str, ...]:
        return (*(self.exclude or ()), *self.extend_exclude)


def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    spec = _spec_cache.get(patterns)
    if spec is None:
        import pathspec  # noqa: PLC0415 - start-up time: most runs have no patterns

        spec = _spec_cache[patterns] = pathspec.GitIgnoreSpec.from_lines(patterns)
    return spec


_spec_cache: dict[tuple[str, ...], pathspec.GitIgnoreSpec] = {}


def find(start: Path) -> Path | None:
    """The configuration file that applies to `start` (a folder), if any."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "gradfix.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "gradfix" in _read(candidate).get("tool", {}):
            return candidate
    return None


def load(path: Path | None) -> Settings:
    """Settings from `path` (none: the defaults)."""
    if path is None:
        return Settings()
    data = _read(path)
    table = data if path.name != "pyproject.toml" else data.get("tool", {}).get("gradfix", {})
    where = "[tool.gradfix]" if path.name == "pyproject.toml" else "the top level"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: [tool.gradfix] must be a table")
    unknown = [key for key in table if key not in _KEYS]
    if unknown:
        raise ConfigError(f"{path}: unknown key `{unknown[0]}` in {where} (known: {', '.join(_KEYS)})")
    select = table.get("select")
    output_format = table.get("output-format")
    if output_format is not None and output_format not in OUTPUT_FORMATS:
        raise ConfigError(f"{path}: output-format must be one of {', '.join(OUTPUT_FORMATS)}, not {output_format!r}")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, Mapping):
        raise ConfigError(f"{path}: per-file-ignores must be a table of pattern = [codes]")
    exclude = table.get("exclude")
    return Settings(
        select=None if select is None else rule_codes(_strings(path, "select", select), path),
        ignore=rule_codes(_strings(path, "ignore", table.get("ignore", [])), path),
        unsafe_fixes=_boolean(path, "unsafe-fixes", table.get("unsafe-fixes", False)),
        exclude=None if exclude is None else tuple(_strings(path, "exclude", exclude)),
        extend_exclude=tuple(_strings(path, "extend-exclude", table.get("extend-exclude", []))),
        per_file_ignores=tuple(
            (pattern, rule_codes(_strings(path, f"per-file-ignores.{pattern}", codes), path))
            for pattern, codes in per_file.items()
        ),
        output_format=output_format,
        path=path,
        root=path.parent.resolve(),
    )


def rule_codes(values: list[str], origin: Path | str) -> tuple[str, ...]:
    """Rule codes or prefixes (`GF00`), upper-cased; an unknown one is a `ConfigError`."""
    codes = tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())
    for code in codes:
        if not known(code):
            raise ConfigError(f"{origin}: unknown rule code {code} (see `gradfix rules`)")
    return codes


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def _strings(path: Path, key: str, value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{path}: {key} must be a list of strings")
    return value


def _boolean(path: Path, key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: {key} must be true or false")
    return value


def _relative(path: Path | str, root: Path) -> str:
    """`path` relative to `root` in `/` form; a path outside `root` as it is."""
    absolute = os.path.abspath(path)
    base = str(root).rstrip(os.sep) + os.sep
    if not absolute.startswith(base):
        absolute = os.path.realpath(absolute)
    if absolute.startswith(base):
        return absolute[len(base) :].replace(os.sep, "/")
    return Path(path).as_posix()
