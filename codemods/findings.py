"""Findings and fixes as plain data.

A fix is a list of text edits with ranges into the source it was computed on, plus how safe
it is to apply (Ruff's model). Nothing here knows about syntax trees, so findings cross
process boundaries, become JSON, LSP code actions or diffs, without their analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Applicability(str, Enum):
    """How sure gradfix is that applying a fix keeps the program's intent."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source: `line` counts from 1, `column` in characters from 0."""

    line: int
    column: int


@dataclass(frozen=True, order=True)
class Range:
    start: Position
    end: Position

    def overlaps(self, other: Range) -> bool:
        # Touching ranges overlap only when one of them is an insertion at the shared point,
        # so two insertions at the same place are not silently ordered.
        if self.end < other.start or other.end < self.start:
            return False
        if self.end == other.start:
            return self.start == self.end or other.start == other.end
        if other.end == self.start:
            return self.start == self.end or other.start == other.end
        return True


@dataclass(frozen=True)
class Edit:
    """Replace the text in `range` with `content` (an insertion when the range is empty)."""

    range: Range
    content: str


@dataclass(frozen=True)
class Fix:
    message: str
    applicability: Applicability
    edits: tuple[Edit, ...]

    def overlaps(self, other: Fix) -> bool:
        return any(a.range.overlaps(b.range) for a in self.edits for b in other.edits)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    range: Range
    fix: Fix | None = field(default=None, compare=False)
    # In a notebook, the cell (counting from 1 over all cells) that `range` is relative to.
    cell: int | None = field(default=None, compare=False)

    @property
    def line(self) -> int:
        return self.range.start.line

    def fixable(self, unsafe: bool) -> bool:
        return self.fix is not None and (unsafe or self.fix.applicability is Applicability.SAFE)
