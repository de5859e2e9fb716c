"""gradfix's positions and edits in LSP's terms.

Findings count columns in characters and lines from 1; LSP counts lines from 0 and columns
in the negotiated position encoding (UTF-16 code units unless the client offers another).
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types

from codemods.findings import Edit, Position, Range
from codemods.source import SourceText

UTF16, UTF32, UTF8 = types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf32, types.PositionEncodingKind.Utf8


class Positions:
    """Converts positions in one text (its line breaks as the editor has them)."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.source = SourceText(text)
        self.encoding = encoding
        self.newline = "\r\n" if "\r\n" in text else "\n"

    def to_lsp(self, position: Position) -> types.Position:
        line = self.source.line_text(position.line)
        column = min(position.column, len(line))
        if self.encoding == UTF32:
            units = column
        elif self.encoding == UTF8:
            units = len(line[:column].encode("utf-8"))
        else:
            units = self.source.utf16_column(Position(position.line, column))
        return types.Position(line=max(position.line - 1, 0), character=units)

    def from_lsp(self, position: types.Position) -> Position:
        line = position.line + 1
        if self.encoding == UTF32:
            return Position(line, min(position.character, len(self.source.line_text(line))))
        if self.encoding == UTF8:
            prefix = self.source.line_text(line).encode("utf-8")[: position.character]
            return Position(line, len(prefix.decode("utf-8", "ignore")))
        return self.source.from_utf16(line, position.character)

    def range(self, range_: Range) -> types.Range:
        return types.Range(start=self.to_lsp(range_.start), end=self.to_lsp(range_.end))

    def text_edit(self, edit: Edit) -> types.TextEdit:
        content = edit.content.replace("\n", self.newline) if self.newline != "\n" else edit.content
        return types.TextEdit(range=self.range(edit.range), new_text=content)

    def at_offset(self, offset: int) -> Position:
        text, starts = self.source.text, self.source.line_starts
        if offset >= len(text) and text.endswith(("\n", "\r")):
            return Position(len(starts) + 1, 0)  # the empty line after a final line break
        index = bisect_right(starts, offset) - 1
        return Position(index + 1, offset - starts[index])

    def whole_text_edit(self, new_text: str) -> types.TextEdit | None:
        """One edit turning this text into `new_text`: the lines between their common first
        and last lines (None if equal), so the editor keeps the cursor and folds elsewhere."""
        old = self.source.lines
        new = SourceText(new_text).lines
        if self.source.text == new_text:
            return None
        limit = min(len(old), len(new))
        first = 0
        while first < limit and old[first] == new[first]:
            first += 1
        last = 0
        while last < limit - first and old[-1 - last] == new[-1 - last]:
            last += 1
        start = sum(map(len, old[:first]))
        end = len(self.source.text) - sum(map(len, old[len(old) - last :]))
        replacement = "".join(new[first : len(new) - last])
        range_ = Range(self.at_offset(start), self.at_offset(end))
        return types.TextEdit(range=self.range(range_), new_text=replacement)
