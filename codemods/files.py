"""Finding Python files, and reading and writing them without losing anything.

A file keeps its encoding (PEP 263 cookie or BOM), its line endings and its permissions;
it is written to a temporary file in its own folder and moved into place, so it is never
left half-written. A symlink is never replaced: the file it points to is written, and only
when that file lies inside the paths the user asked to check.
"""

from __future__ import annotations

import hashlib
import io
import operator
import os
import re
import stat
import tempfile
import tokenize
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

# Folders no one wants checked, as in Ruff's defaults (hidden folders are skipped too).
EXCLUDED_DIRS = frozenset(
    {"__pycache__", "__pypackages__", "_build", "buck-out", "dist", "node_modules", "site-packages", "venv"}
)
NOT_REGULAR = "skipped: not a regular file"
OUTSIDE = "symlink to a file outside the checked paths"
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)


class ReadError(Exception):
    """The file cannot be read or decoded; `line` and `column` (from 1) say where, if known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class WriteError(Exception):
    """The file must not be written."""


@dataclass(frozen=True)
class SourceFile:
    text: str
    encoding: str  # as `tokenize.detect_encoding` names it; "utf-8-sig" keeps a BOM
    size: int = 0  # of the bytes read, with the modification time seen when they were read
    mtime_ns: int = 0
    sha256: str = ""


@dataclass(frozen=True)
class Target:
    """A file to check: `path` as the user sees it, `real` the file it is (links resolved)."""

    path: Path
    real: Path
    outside: bool = False  # a symlink to a file outside the checked paths: read, never written


@dataclass(frozen=True)
class PathError:
    """A path that cannot be checked, and why."""

    path: Path
    message: str


# --- discovery ------------------------------------------------------------------------------


# Whether a path (its real path, and whether it is a folder) is excluded by configuration.
Excluded = Callable[[str, bool], bool]


@dataclass(frozen=True)
class Exclusion:
    """What the walk skips besides hidden folders, virtual environments and ignored files:
    folders with these names, and paths `excluded` says so (configuration patterns).
    `force` applies `excluded` to files named explicitly too."""

    folder_names: frozenset[str] = EXCLUDED_DIRS
    excluded: Excluded | None = None
    force: bool = False


def discover(paths: Iterable[Path], exclusion: Exclusion = Exclusion()) -> list[Target | PathError]:
    """`*.py` files and `*.ipynb` notebooks under `paths`, in a stable order, each file once
    however many links or names lead to it, and the paths that cannot be checked. Files named
    explicitly are always included (unless `exclusion.force`); folders are walked skipping
    hidden folders, virtual environments, caches and what the repository's ignore files
    exclude, as git does."""
    found: list[_Found | PathError] = []
    scopes: list[tuple[str, bool]] = []  # real paths the user asked for, and whether each is a folder
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            found.append(PathError(path, "no such file or folder"))
            continue
        except OSError as error:
            found.append(PathError(path, f"cannot read: {_reason(error)}"))
            continue
        if stat.S_ISDIR(info.st_mode):
            real = os.path.realpath(path)
            scopes.append((real, True))
            if exclusion.force and exclusion.excluded is not None and exclusion.excluded(real, True):
                continue
            found.extend(_walk(path, real, _repository_ignores(real), exclusion))
        elif stat.S_ISREG(info.st_mode):
            # The name given, not where a link leads: naming a link does not vouch for its target.
            named = os.path.join(os.path.realpath(path.parent), path.name)
            if exclusion.force and exclusion.excluded is not None and exclusion.excluded(named, False):
                continue
            scopes.append((named, False))
            found.append(_Found(path, os.path.realpath(path), os.path.islink(path)))
        else:
            found.append(PathError(path, NOT_REGULAR))
    return _deduplicated(found, scopes)


@dataclass
class _Found:
    path: Path
    real: str
    link: bool
    real_path: Path | None = None  # `real` as a Path, when the walk had one at hand


def _deduplicated(found: list[_Found | PathError], scopes: list[tuple[str, bool]]) -> list[Target | PathError]:
    result: list[_Found | PathError] = []
    index_of: dict[str, int] = {}
    for item in found:
        if isinstance(item, PathError):
            result.append(item)
            continue
        index = index_of.get(item.real)
        if index is None:
            index_of[item.real] = len(result)
            result.append(item)
        elif result[index].link and not item.link:  # type: ignore[union-attr]
            result[index] = item  # show the file under its own name rather than a link's
    return [
        item
        if isinstance(item, PathError)
        else Target(item.path, item.real_path or Path(item.real), item.link and not _within(item.real, scopes))
        for item in result
    ]


def _within(real: str, scopes: list[tuple[str, bool]]) -> bool:
    for scope, is_folder in scopes:
        if real == scope or (is_folder and real.startswith(scope.rstrip(os.sep) + os.sep)):
            return True
    return False


def _walk(
    root: Path, real_root: str, ignores: tuple[_Ignore, ...], exclusion: Exclusion = Exclusion()
) -> Iterator[_Found | PathError]:
    """Depth first, files before subfolders, names sorted (as `os.walk` with sorted names).
    `real` paths are built alongside the displayed ones: folder links are not followed, so
    only file links need resolving. Folders are plain strings here (a `Path` per folder
    costs more than reading it): only folders with files found become `Path`s."""
    excluded, folder_names = exclusion.excluded, exclusion.folder_names
    stack = [(str(root), real_root, ignores, True)]
    while stack:
        folder, real, ignores, top = stack.pop()
        files: list[os.DirEntry[str]] = []
        folders: list[os.DirEntry[str]] = []
        has_ignore_file = is_virtualenv = False
        try:
            with os.scandir(folder) as scan:
                for entry in scan:  # sorted below: only the few entries that matter
                    name = entry.name
                    if name.endswith(_SOURCE_SUFFIXES):
                        if not _is_folder(entry):
                            files.append(entry)
                        elif not (name.startswith(".") or name in folder_names):
                            folders.append(entry)
                    elif name.startswith("."):
                        has_ignore_file = has_ignore_file or name == ".gitignore"
                    elif name == "pyvenv.cfg":
                        is_virtualenv = not top and not _is_folder(entry)  # one named explicitly is checked
                    elif name not in folder_names:
                        try:  # (inlined: this line runs for every file of every folder)
                            if entry.is_dir(follow_symlinks=False):
                                folders.append(entry)
                        except OSError:
                            pass
        except OSError as error:
            yield PathError(Path(folder), f"cannot read: {_reason(error)}")
            continue
        if is_virtualenv:
            continue
        if has_ignore_file:
            ignore = _Ignore.read(real, os.path.join(folder, ".gitignore"))
            ignores = (*ignores, ignore) if ignore else ignores
        files.sort(key=_NAME)
        folders.sort(key=_NAME)
        paths: tuple[Path, Path] | None = None  # the folder as shown, and its real path
        for entry in files:
            child = os.path.join(real, entry.name)
            if (not ignores or not _ignored(child, ignores, is_dir=False)) and not (
                excluded is not None and excluded(child, False)
            ):
                paths = paths or (Path(folder), Path(real))
                found = _file(paths[0] / entry.name, child, entry)
                if found is not None:
                    if isinstance(found, _Found) and not found.link:
                        found.real_path = paths[1] / entry.name
                    yield found
        subfolders = []
        for entry in folders:
            child = os.path.join(real, entry.name)
            if (not ignores or not _ignored(child, ignores, is_dir=True)) and not (
                excluded is not None and excluded(child, True)
            ):
                subfolders.append((os.path.join(folder, entry.name), child, ignores, False))
        stack.extend(reversed(subfolders))


_SOURCE_SUFFIXES = (".py", ".ipynb")


_NAME = operator.attrgetter("name")


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _file(path: Path, real: str, entry: os.DirEntry[str]) -> _Found | PathError | None:
    try:
        if not entry.is_symlink():
            return _Found(path, real, False) if entry.is_file(follow_symlinks=False) else PathError(path, NOT_REGULAR)
        mode = os.stat(entry.path).st_mode
    except FileNotFoundError:
        return PathError(path, "cannot read: broken symlink")
    except OSError as error:
        return PathError(path, f"cannot read: {_reason(error)}")
    if stat.S_ISDIR(mode):
        return None  # a link to a folder: not followed, like any folder link
    if not stat.S_ISREG(mode):
        return PathError(path, NOT_REGULAR)
    return _Found(path, os.path.realpath(entry.path), True)


# --- ignore files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ignore:
    base: str  # the real path of the folder its patterns are relative to
    spec: pathspec.GitIgnoreSpec

    @classmethod
    def read(cls, base: str, path: str | Path) -> _Ignore | None:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return None
        if not lines:
            return None
        import pathspec  # noqa: PLC0415 - start-up time: most folders have no ignore file

        return cls(base, pathspec.GitIgnoreSpec.from_lines(lines))


def _ignored(real: str, ignores: tuple[_Ignore, ...], is_dir: bool) -> bool:
    """As git decides: the ignore file nearest to the path that has an opinion wins, and
    within it the last matching pattern (so a deeper `!name` re-includes)."""
    for ignore in reversed(ignores):
        if not real.startswith(ignore.base.rstrip(os.sep) + os.sep):
            continue
        relative = real[len(ignore.base.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
        verdict = ignore.spec.check_file(relative + ("/" if is_dir else "")).include
        if verdict is not None:
            return verdict
    return False


def _repository_ignores(real_root: str) -> tuple[_Ignore, ...]:
    """The ignore files that apply to `real_root` from above it: `.git/info/exclude`, then
    the `.gitignore` of every folder from the repository's top down to `real_root`'s parent
    (the walk reads `real_root`'s own). None if `real_root` is itself ignored: a folder
    named on the command line is always checked."""
    root = Path(real_root)
    top = next((folder for folder in (root, *root.parents) if os.path.lexists(folder / ".git")), None)
    if top is None:
        return ()
    ignores = [_Ignore.read(str(top), _git_dir(top / ".git") / "info" / "exclude")]
    folder = top
    for part in root.relative_to(top).parts:
        ignores.append(_Ignore.read(str(folder), folder / ".gitignore"))
        folder = folder / part
    found = tuple(ignore for ignore in ignores if ignore is not None)
    return () if _ignored(real_root, found, is_dir=True) else found


def _git_dir(dot_git: Path) -> Path:
    """The folder holding `info/exclude`: `.git`, or for a worktree or submodule (a `.git`
    file saying `gitdir: ...`) the repository's common folder."""
    if dot_git.is_dir():
        return dot_git
    try:
        text = dot_git.read_text(encoding="utf-8").strip()
        git_dir = dot_git.parent / text.removeprefix("gitdir:").strip()
        common = git_dir / "commondir"
        return git_dir / common.read_text(encoding="utf-8").strip() if common.is_file() else git_dir
    except OSError:
        return dot_git


# --- reading and writing --------------------------------------------------------------------


def read_source(path: Path, *, hashed: bool = True) -> SourceFile:
    """The file's text and encoding; with `hashed`, the SHA-256 of its bytes too (else "")."""
    try:
        data, info = _read_regular_file(path)
    except OSError as error:
        raise ReadError(f"cannot read: {_reason(error)}") from None
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise _cookie_error(data, str(error)) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _decode_error(error) from None
    if encoding == "utf-8-sig":
        text = text.removeprefix("\ufeff")
    return SourceFile(text, encoding, len(data), info.st_mtime_ns, hashlib.sha256(data).hexdigest() if hashed else "")


def _read_regular_file(path: Path) -> tuple[bytes, os.stat_result]:
    # Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)  # before reading: a later change gives a new mtime
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(NOT_REGULAR)
        return handle.read(), info


def _decode_error(error: UnicodeDecodeError) -> ReadError:
    data = bytes(error.object)  # without a BOM the codec has already skipped
    line_start = data.rfind(b"\n", 0, error.start) + 1
    column = len(data[line_start : error.start].decode(error.encoding, errors="replace")) + 1
    byte = data[error.start : error.start + 1].hex()
    message = f"cannot decode byte 0x{byte} as {error.encoding}: {error.reason}"
    return ReadError(message, data.count(b"\n", 0, error.start) + 1, column)


def _cookie_error(data: bytes, message: str) -> ReadError:
    """`tokenize.detect_encoding` failed: a bad coding cookie, or bytes that are not UTF-8 in
    the first two lines while there is no cookie to say otherwise."""
    bom = data.startswith(b"\xef\xbb\xbf")
    lines = data[3 if bom else 0 :].split(b"\n", 2)[:2]
    for number, line in enumerate(lines, start=1):
        try:
            b"\n".join(lines[:number]).decode("utf-8")  # as detect_encoding reads: line by line
        except UnicodeDecodeError as error:
            return _decode_error(error)
        cookie = _COOKIE.match(line)
        if cookie is not None:
            return ReadError(f"cannot decode: {message}", number, len(line[: cookie.start(1)].decode("latin-1")) + 1)
    return ReadError(f"cannot decode: {message}", 1, 1)


def write_source(path: Path, text: str, encoding: str) -> None:
    """Replace the file at `path` atomically with `text` in `encoding`, keeping its
    permissions (and owner, where allowed). A symlink is kept: the file it points to is replaced. Raises `WriteError`
    for a read-only file (no write bit, or none for this user)."""
    real = os.path.realpath(path)
    info = os.stat(real)
    if not info.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise WriteError("read-only")
    data = text.encode(encoding)  # utf-8-sig writes the BOM back
    folder, name = os.path.split(real)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".gradfix")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        _keep_owner(temporary, info)
        os.replace(temporary, real)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _keep_owner(path: str, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group, where allowed (as root, say)."""
    if not hasattr(os, "chown") or (info.st_uid, info.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.chown(path, info.st_uid, info.st_gid)
    except PermissionError:
        pass  # an ordinary user cannot give files away; the file becomes theirs, as with any editor


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
