"""Finding Python files, and reading and writing them without losing anything.

A file keeps its encoding (PEP 263 cookie or BOM), its line endings and its permissions;
it is written to a temporary file in its own folder and moved into place, so it is never
left half-written.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

# Folders no one wants checked, as in Ruff's defaults (hidden folders are skipped too).
EXCLUDED_DIRS = frozenset(
    {"__pycache__", "__pypackages__", "_build", "buck-out", "dist", "node_modules", "site-packages", "venv"}
)


class ReadError(Exception):
    """The file cannot be read or decoded."""


@dataclass(frozen=True)
class SourceFile:
    text: str
    encoding: str  # as `tokenize.detect_encoding` names it; "utf-8-sig" keeps a BOM


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """`*.py` files and `*.ipynb` notebooks under `paths`, in a stable order. Files named
    explicitly are always included; folders are walked skipping hidden folders, virtual
    environments, caches and what `.gitignore` files along the way exclude."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = _walk(path)
        else:
            found = iter([path])
        for file in found:
            if file not in seen:
                seen.add(file)
                yield file


def _walk(root: Path) -> Iterator[Path]:
    ignores: list[tuple[Path, pathspec.PathSpec]] = []
    for directory, dirnames, filenames in os.walk(root):
        here = Path(directory)
        gitignore = here / ".gitignore"
        if gitignore.is_file():
            try:
                lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
                ignores.append((here, pathspec.GitIgnoreSpec.from_lines(lines)))
            except OSError:
                pass
        dirnames[:] = sorted(
            name
            for name in dirnames
            if not name.startswith(".")
            and name not in EXCLUDED_DIRS
            and not (here / name / "pyvenv.cfg").exists()
            and not _ignored(here / name, ignores, is_dir=True)
        )
        for name in sorted(filenames):
            if name.endswith((".py", ".ipynb")) and not _ignored(here / name, ignores, is_dir=False):
                yield here / name


def _ignored(path: Path, ignores: list[tuple[Path, pathspec.PathSpec]], is_dir: bool) -> bool:
    for base, spec in ignores:
        try:
            relative = path.relative_to(base).as_posix()
        except ValueError:
            continue
        if spec.match_file(relative + ("/" if is_dir else "")):
            return True
    return False


def read_source(path: Path) -> SourceFile:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(error.strerror or str(error)) from None
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        raise ReadError(f"cannot decode: {error}") from None
    if encoding == "utf-8-sig":
        text = text.removeprefix("\ufeff")
    return SourceFile(text, encoding)


def write_source(path: Path, text: str, encoding: str) -> None:
    """Replace `path` atomically with `text` in `encoding`, keeping its permissions."""
    data = text.encode(encoding)  # utf-8-sig writes the BOM back
    mode = stat.S_IMODE(path.stat().st_mode)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".gradfix")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
