"""A content-hash cache of check results, so an unchanged file is never analysed twice.

One JSON file per project root, settings and gradfix build, under `.gradfix_cache/` (with a
`.gitignore` inside, as Ruff's cache has). An entry is found by path; it is trusted when the
file's size and modification time match (no read at all, as git's index does), otherwise when
the SHA-256 of its bytes matches. JSON, not pickle: a cache that came with a repository must
never be able to run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from codemods.findings import Applicability, Edit, Finding, Fix, Position, Range

CACHE_DIR = ".gradfix_cache"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Stamp:
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Stamp:
        status = path.stat()
        return cls(status.st_size, status.st_mtime_ns)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_fingerprint() -> str:
    """Changes whenever gradfix's own code does (a released version or a source checkout)."""
    stamps = sorted(
        f"{path.relative_to(_PACKAGE)}:{path.stat().st_mtime_ns}:{path.stat().st_size}"
        for path in _PACKAGE.rglob("*.py")
    )
    return digest("\n".join(stamps).encode())[:16]


class Cache:
    """Findings per file, for one gradfix build. An entry records the rules it was computed
    with (`rules`, after per-file ignores): a lookup with other rules is a miss."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.file = self.folder / f"{build_fingerprint()}.json"
        self._entries: dict[str, dict] = self._load()
        self._dirty = False

    def _load(self) -> dict[str, dict]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def lookup(self, path: Path, stamp: Stamp, rules: str) -> list[Finding] | None:
        """The cached findings for `path` if it is unchanged and was checked with `rules`."""
        entry = self._entries.get(str(path))
        if not isinstance(entry, dict) or entry.get("rules") != rules:
            return None
        if entry.get("size") != stamp.size or entry.get("mtime_ns") != stamp.mtime_ns:
            try:
                if digest(path.read_bytes()) != entry.get("sha256"):
                    return None
            except OSError:
                return None
            entry["size"], entry["mtime_ns"] = stamp.size, stamp.mtime_ns
            self._dirty = True
        if not self._unchanged(entry.get("dependencies", {})):
            return None
        try:
            return [finding_from_json(item) for item in entry["findings"]]
        except (KeyError, TypeError, ValueError):
            return None

    def _unchanged(self, dependencies: object) -> bool:
        """Are the files whose functions the findings followed as they were?"""
        if not isinstance(dependencies, dict):
            return False
        for name, recorded in dependencies.items():
            try:
                stamp = Stamp.of(Path(name))
                if [stamp.size, stamp.mtime_ns] != recorded[:2] and digest(Path(name).read_bytes()) != recorded[2]:
                    return False
            except (OSError, TypeError, IndexError):
                return False
        return True

    def store(
        self, path: Path, stamp: Stamp, sha256: str, rules: str, findings: Iterable[Finding], dependencies: Iterable[str] = ()
    ) -> None:
        """Remember `findings` for `path` as it was when read: `stamp` taken before reading
        the bytes whose hash is `sha256`, checked with `rules`, following functions imported
        from `dependencies` (their stamps and hashes are taken now)."""
        followed: dict[str, list[object]] = {}
        for name in dependencies:
            try:
                stamp_now = Stamp.of(Path(name))
                data = Path(name).read_bytes()
            except OSError:
                return  # gone already: nothing worth remembering
            followed[name] = [stamp_now.size, stamp_now.mtime_ns, digest(data)]
        self._entries[str(path)] = {
            "size": stamp.size,
            "mtime_ns": stamp.mtime_ns,
            "sha256": sha256,
            "rules": rules,
            "findings": [finding_to_json(finding) for finding in findings],
            **({"dependencies": followed} if followed else {}),
        }
        self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# Automatically created by gradfix.\n*\n", encoding="utf-8")
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(self._entries, handle, separators=(",", ":"))
            os.replace(temporary, self.file)
            for stale in self.folder.glob("*.json"):  # left by other gradfix builds
                if stale != self.file:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs time
        self._dirty = False


def clean(root: Path) -> bool:
    """Delete `root`'s cache; True if there was one."""
    folder = root / CACHE_DIR
    if not folder.is_dir():
        return False
    shutil.rmtree(folder)
    return True


def _position(position: Position) -> list[int]:
    return [position.line, position.column]


def _range(range_: Range) -> list[list[int]]:
    return [_position(range_.start), _position(range_.end)]


def _range_from(value: list[list[int]]) -> Range:
    return Range(Position(*value[0]), Position(*value[1]))


def finding_to_json(finding: Finding) -> dict[str, object]:
    data: dict[str, object] = {"code": finding.code, "message": finding.message, "range": _range(finding.range)}
    if finding.cell is not None:
        data["cell"] = finding.cell
    if finding.fix is not None:
        data["fix"] = {
            "message": finding.fix.message,
            "applicability": finding.fix.applicability.value,
            "edits": [[_range(edit.range), edit.content] for edit in finding.fix.edits],
        }
    return data


def finding_from_json(data: dict) -> Finding:
    fix = None
    if data.get("fix") is not None:
        raw = data["fix"]
        edits = tuple(Edit(_range_from(range_), content) for range_, content in raw["edits"])
        fix = Fix(raw["message"], Applicability(raw["applicability"]), edits)
    return Finding(data["code"], data["message"], _range_from(data["range"]), fix, cell=data.get("cell"))
