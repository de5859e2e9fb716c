"""The golden tree: `golden/<CODE>_<name>/NN_slug.before.py` with its `.after.py`, and
`slug.ok.py` near-misses that must stay untouched (a before with no after is a bug
reported with no fix, when no fix is right); notebooks (`golden/notebooks/`) likewise
as `.before.ipynb`, `.after.ipynb` and `.ok.ipynb`. Adding a file adds its tests.

A before's docstring (a notebook's: its first code cell's) starts with the codes it must report (`\"\"\"GF001 GF003: ...`) and has
a `Fails with: <Exception>: <message fragment>` line saying how it fails under TensorFlow
(`Fails with: nothing` where the bug only warns or slows training down).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
_CODES = re.compile(r"^((?:GF\d{3}\s*)+):")
_FAILS = re.compile(r"^Fails with:\s*(?P<type>[A-Za-z_][\w.]*)(?::\s*(?P<message>.*))?$", re.MULTILINE)


@dataclass(frozen=True)
class Expectation:
    codes: tuple[str, ...]
    exception: str  # "nothing" for a bug that only warns or slows down
    message: str

    @property
    def silent(self) -> bool:
        return self.exception == "nothing"


@dataclass(frozen=True)
class Pair:
    before: Path
    after: Path

    @property
    def id(self) -> str:
        return f"{self.before.parent.name}/{self.before.name.split('.before.')[0]}"


def rule_folders() -> list[Path]:
    return sorted(p for p in GOLDEN.iterdir() if p.is_dir())


def pairs() -> list[Pair]:
    found = []
    for before in sorted([*GOLDEN.rglob("*.before.py"), *GOLDEN.rglob("*.before.ipynb")]):
        after = before.with_name(before.name.replace(".before.", ".after."))
        if after.exists():
            found.append(Pair(before, after))
    return found


def unfixable() -> list[Path]:
    """Befores with no after: the bug is reported, and no fix (safe or unsafe) is right."""
    return [
        before
        for before in sorted([*GOLDEN.rglob("*.before.py"), *GOLDEN.rglob("*.before.ipynb")])
        if not before.with_name(before.name.replace(".before.", ".after.")).exists()
    ]


def untouched() -> list[Path]:
    return sorted([*GOLDEN.rglob("*.ok.py"), *GOLDEN.rglob("*.ok.ipynb")])


def every_program() -> list[Path]:
    return sorted([*GOLDEN.rglob("*.py"), *GOLDEN.rglob("*.ipynb")])


def is_notebook(path: Path) -> bool:
    return path.suffix == ".ipynb"


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def expectation(before: Path) -> Expectation:
    text = before.read_text(encoding="utf-8")
    if is_notebook(before):
        cells = json.loads(text)["cells"]
        first = next("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
        text = "\n".join(line for line in first.splitlines() if not line.startswith(("%", "!")))
    docstring = ast.get_docstring(ast.parse(text)) or ""
    codes = _CODES.match(docstring)
    fails = _FAILS.search(docstring)
    if codes is None or fails is None:
        raise ValueError(f"{before}: docstring must start with 'GFxxx:' and have a 'Fails with:' line")
    return Expectation(tuple(sorted(codes.group(1).split())), fails.group("type"), (fails.group("message") or "").strip())
