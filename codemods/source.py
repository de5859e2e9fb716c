"""Positions in a source text, and applying edits to it.

`ast` reports columns in UTF-8 bytes; findings use characters; the language server speaks
UTF-16 code units. `SourceText` converts between them and applies edits back to front, so
one edit never shifts the range of another.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import cached_property

from codemods.findings import Edit, Position, Range

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class SourceText:
    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def lines(self) -> list[str]:
        """The lines with their line breaks; `lines[0]` is line 1."""
        # Only the breaks Python's tokenizer counts: str.splitlines() also splits on \f, \x1c, ...
        return _LINE.findall(self.text) or [""]

    @cached_property
    def line_starts(self) -> list[int]:
        starts, offset = [], 0
        for line in self.lines:
            starts.append(offset)
            offset += len(line)
        return starts

    def line_text(self, line: int) -> str:
        """Line `line` (1-based) without its line break."""
        if line > len(self.lines):
            return ""
        return self.lines[line - 1].rstrip("\r\n")

    def offset(self, position: Position) -> int:
        if position.line > len(self.lines):
            return len(self.text)
        return self.line_starts[position.line - 1] + position.column

    def from_ast(self, line: int, byte_column: int) -> Position:
        text = self.line_text(line)
        if text.isascii():
            return Position(line, byte_column)
        return Position(line, len(text.encode("utf-8")[:byte_column].decode("utf-8", "replace")))

    def node_range(self, node: ast.AST) -> Range:
        return Range(
            self.from_ast(node.lineno, node.col_offset),  # type: ignore[attr-defined]
            self.from_ast(node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
        )

    def segment(self, node: ast.AST) -> str:
        return self.slice(self.node_range(node))

    def slice(self, range_: Range) -> str:
        return self.text[self.offset(range_.start) : self.offset(range_.end)]

    def utf16_column(self, position: Position) -> int:
        prefix = self.line_text(position.line)[: position.column]
        return len(prefix.encode("utf-16-le")) // 2

    def from_utf16(self, line: int, utf16_column: int) -> Position:
        text = self.line_text(line)
        units = 0
        for index, char in enumerate(text):
            if units >= utf16_column:
                return Position(line, index)
            units += 2 if ord(char) > 0xFFFF else 1
        return Position(line, len(text))

    def apply(self, edits: Iterable[Edit]) -> str:
        """The text with `edits` applied; they must not overlap."""
        text = self.text
        for edit in sorted(edits, key=lambda e: (e.range.start, e.range.end), reverse=True):
            start, end = self.offset(edit.range.start), self.offset(edit.range.end)
            text = text[:start] + edit.content + text[end:]
        return text
