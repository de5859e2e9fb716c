"""Positions in a source text, and applying edits to it.

`ast` reports columns in UTF-8 bytes; findings use characters; the language server speaks
UTF-16 code units. `SourceText` converts between them and applies edits back to front, so
one edit never shifts the range of another.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from bisect import bisect_right
from collections.abc import Iterable
from functools import cached_property

from codemods.findings import Edit, Position, Range

# A line and its break: only the breaks Python's tokenizer counts (\n, \r\n, \r), where
# str.splitlines() also splits on \f, \v, \x1c-\x1e, \x85, \u2028 and \u2029.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_LONE_LF = re.compile(r"(?<!\r)\n")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Up to the next comment or string literal, and that comment or string (a string's prefix
# letters do not change where it ends). In a text that parses, a `#` or a quote outside a
# string starts a comment or a string: this finds what the tokenizer finds, ~50x faster.
_TO_COMMENT_OR_STRING = re.compile(
    "[^#'\"]*(?:"
    r"(?P<comment>#[^\r\n]*)"
    r"|'''[^'\\]*(?:(?:\\(?:\r\n|.)|'(?!''))[^'\\]*)*'''"
    r'|"""[^"\\]*(?:(?:\\(?:\r\n|.)|"(?!""))[^"\\]*)*"""'
    r"|'[^'\\\r\n]*(?:\\(?:\r\n|.)[^'\\\r\n]*)*'"
    r'|"[^"\\\r\n]*(?:\\(?:\r\n|.)[^"\\\r\n]*)*"'
    # The code after the last comment or string: matched, not failed, or the search would
    # start again at each of its characters (quadratic in the length of that tail).
    r"|\Z"
    ")",
    re.DOTALL,
)
# From Python 3.12 an f-string's replacement field may hold quotes of its own kind and
# comments: only the tokenizer reads those right.
_F_STRING = re.compile(r"(?<!\w)[rRbBuU]?[fF][rRbBuU]?['\"]")


def physical_lines(text: str) -> list[str]:
    """The lines of `text` as Python counts them, without their line breaks."""
    return [line.rstrip("\r\n") for line in _LINE.findall(text)]


def comment_tokens(text: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of each comment token of `text` (which parses), as `tokenize`
    reads them; columns in characters."""
    if sys.version_info >= (3, 12) and _F_STRING.search(text):
        return _tokenized_comments(text)
    breaks = [match.end() for match in _LINE_BREAK.finditer(text)]
    found = []
    for match in _TO_COMMENT_OR_STRING.finditer(text):
        start = match.start("comment")
        if start >= 0:
            line = bisect_right(breaks, start)
            found.append((line + 1, start - (breaks[line - 1] if line else 0), match.group("comment")))
    return found


def _tokenized_comments(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline="").readline):
            if token.type == tokenize.COMMENT:
                found.append((token.start[0], token.start[1], token.string))
    except (tokenize.TokenError, SyntaxError):
        pass  # the file parsed with `ast`; keep the comments read so far
    return found


def line_break_of(line: str) -> str:
    """The line break `line` ends with ("" for a last line without one)."""
    return line[len(line.rstrip("\r\n")) :]


class SourceText:
    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def lines(self) -> list[str]:
        """The lines with their line breaks; `lines[0]` is line 1."""
        return _LINE.findall(self.text) or [""]

    @cached_property
    def line_starts(self) -> list[int]:
        starts, offset = [], 0
        for line in self.lines:
            starts.append(offset)
            offset += len(line)
        return starts

    @cached_property
    def comments(self) -> list[tuple[Position, str]]:
        """Where each comment token starts, and its text (read only when a fix deletes a `#`)."""
        return [(Position(line, column), comment) for line, column, comment in comment_tokens(self.text)]

    def comments_in(self, range_: Range) -> list[str]:
        """The comments that start inside `range_`."""
        if "#" not in self.slice(range_):
            return []
        return [text for where, text in self.comments if range_.start <= where < range_.end]

    def newline_at(self, line: int) -> str:
        """The line break of line `line`; for a last line without one, the previous line's
        (a file that has none: \n)."""
        for text in reversed(self.lines[: max(line, 1)]):
            if text.endswith(("\n", "\r")):
                return line_break_of(text)
        return "\n"

    def with_newlines_of(self, line: int, content: str) -> str:
        """`content`, whose line breaks are written \n, with the line breaks of line `line`,
        where it lands (line breaks `content` copied from the source are kept)."""
        newline = self.newline_at(line)
        return content if newline == "\n" or "\n" not in content else _LONE_LF.sub(newline, content)

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
        """The text with `edits` applied; they must not overlap. The pieces are joined once,
        so applying many edits to a long text copies it once, not once per edit."""
        pieces: list[str] = []
        done = 0  # offset up to which the text has been copied or replaced
        # Insertions at one point land latest first (as applying edits back to front did).
        ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].range.start, pair[1].range.end, -pair[0]))
        for _, edit in ordered:
            start, end = self.offset(edit.range.start), self.offset(edit.range.end)
            pieces.append(self.text[done:start])
            pieces.append(edit.content)
            done = max(done, end)
        pieces.append(self.text[done:])
        return "".join(pieces)
