"""Rewrite a few statements of one block with libcst, as a single text edit.

libcst is what keeps comments, blank lines and string contents intact when statements
move between blocks or change shape, but parsing a whole file with it costs ~14x an
`ast.parse`. So only the lines of the statements being rewritten are parsed: an indented
region is wrapped as the body of `if 1:` so libcst sees a complete program, transformed,
rendered, and unwrapped again.
"""

from __future__ import annotations

import ast
import difflib
import threading
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from codemods.findings import Edit, Position, Range
from codemods.source import SourceText

if TYPE_CHECKING:  # libcst is imported only when a fix rewrites statements
    import libcst as cst

    Transform = Callable[[list[cst.BaseStatement]], Sequence[cst.BaseStatement]]
_WRAPPER = "if 1:\n"


def rewrite_statements(
    source: SourceText, block: list[ast.stmt], first: int, last: int, transform: Transform, key: Hashable | None = None
) -> Edit | None:
    """An edit replacing `block[first:last + 1]` (and the comment lines just above it) by
    `transform` of their libcst nodes; None if the region is not whole lines or won't parse.

    `key`: what, besides the region's text, decides what `transform` makes of it. With a key
    the result is kept, and the same rewrite of the same lines (the fix loop's next round,
    the editor's next keystroke) costs a look-up instead of a rendering by libcst."""
    start_line = _region_start(source, block, first)
    end_stmt = block[last]
    if start_line is None or not _ends_its_line(source, end_stmt):
        return None
    end_line = end_stmt.end_lineno or end_stmt.lineno
    original = source.lines[start_line - 1 : end_line]
    if original[-1].endswith(("\n", "\r")):
        end = Position(end_line + 1, 0)
    else:  # the region is the end of a file without a final newline
        end = Position(end_line, len(source.line_text(end_line)))
    remembered = (key, tuple(original), block[first].lineno - start_line, last - first, source.newline_at(end_line)) if key is not None else None
    rendered = _RENDERED.get(remembered) if remembered is not None else None
    if rendered is None:
        rendered = _render(source, block, first, last, transform, original, end_line)
        if rendered is None:
            return None
        if remembered is not None:
            with _REMEMBERING:  # the language server analyses in two threads
                if len(_RENDERED) >= _REMEMBERED:
                    del _RENDERED[next(iter(_RENDERED))]  # the oldest
                _RENDERED[remembered] = rendered
    return Edit(Range(Position(start_line, 0), end), rendered)


_RENDERED: dict[Hashable, str] = {}
_REMEMBERED = 1024
_REMEMBERING = threading.Lock()


def _render(source: SourceText, block: list[ast.stmt], first: int, last: int, transform: Transform, original: list[str], end_line: int) -> str | None:
    import libcst as cst

    text = "".join(line.rstrip("\r\n") + "\n" for line in original)  # libcst sees \n only
    indent = _indent_of(source.line_text(block[first].lineno))
    wrapped = bool(indent)
    try:
        module = _parsed(_WRAPPER + text if wrapped else text)
        body = list(module.body[0].body.body) if wrapped else list(module.body)  # type: ignore[attr-defined]
        if len(body) != last - first + 1:
            return None  # `a; b` on one line: ast and libcst disagree on what a statement is
        new_body = list(transform(body))
        if wrapped:
            wrapper = module.body[0]
            rendered = module.with_changes(
                body=[wrapper.with_changes(body=wrapper.body.with_changes(body=new_body))]  # type: ignore[attr-defined]
            ).code[len(_WRAPPER) :]
        else:
            rendered = module.with_changes(body=new_body).code
    except cst.ParserSyntaxError:
        return None
    except RecursionError:  # libcst recurses once per nesting level: a 500-term sum is too deep
        return None
    return _with_original_line_breaks(original, rendered, source.newline_at(end_line))


@lru_cache(maxsize=1024)
def _parsed(text: str) -> cst.Module:
    """libcst's tree of `text`. Its trees are immutable, so one is shared by every rewrite of
    the same lines: the fix loop's next round, the language server's next version."""
    import libcst as cst

    return cst.parse_module(text)


def _with_original_line_breaks(original: list[str], rendered: str, newline: str) -> str:
    """`rendered` (lines ending in \n) with the line breaks of the source: a line that is
    unchanged keeps its own, a new or changed one takes that of the line it replaces or
    follows; so a file with mixed line endings changes only on the lines a fix changes."""
    old = [line.rstrip("\r\n") for line in original]
    breaks = [line[len(text) :] or newline for line, text in zip(original, old)]
    new = rendered.split("\n")[:-1]
    endings = [newline] * len(new)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, _, j1, j2 in matcher.get_opcodes():
        for offset, j in enumerate(range(j1, j2)):
            endings[j] = breaks[min(i1 + offset if tag == "equal" else i1, len(old) - 1)]
    if endings and not original[-1].endswith(("\n", "\r")):
        endings[-1] = ""  # the file had no final newline
    return "".join(line + ending for line, ending in zip(new, endings))


def without_leading_blank_lines(stmt: cst.BaseStatement) -> cst.BaseStatement:
    lines = list(stmt.leading_lines)  # type: ignore[attr-defined]
    while lines and lines[0].comment is None:
        lines.pop(0)
    return stmt.with_changes(leading_lines=lines)


def _region_start(source: SourceText, block: list[ast.stmt], index: int) -> int | None:
    stmt = block[index]
    if source.line_text(stmt.lineno)[: stmt.col_offset].strip():
        return None
    floor = (block[index - 1].end_lineno or 0) + 1 if index > 0 else 1
    line = stmt.lineno
    while line - 1 >= floor and _is_blank_or_comment(source.line_text(line - 1)):
        line -= 1
    return line


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _ends_its_line(source: SourceText, stmt: ast.stmt) -> bool:
    end_line = stmt.end_lineno or stmt.lineno
    end_column = source.from_ast(end_line, stmt.end_col_offset or 0).column
    rest = source.line_text(end_line)[end_column:].strip()
    return not rest or rest.startswith("#")


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def wrap_in_tape(
    source: SourceText, block: list[ast.stmt], first: int, last: int, tape_class: str, tape_name: str, indent_unit: str = "    "
) -> Edit | None:
    """Wrap `block[first:last + 1]` in `with <tape_class>() as <tape_name>:`, indented one
    more `indent_unit`; the comments and blank lines above the first statement stay above
    the `with`."""
    def transform(body: list[cst.BaseStatement]) -> list[cst.BaseStatement]:
        import libcst as cst

        header = body[0].leading_lines  # type: ignore[attr-defined]
        inner = [body[0].with_changes(leading_lines=[]), *body[1:]]
        template = cst.parse_statement(f"with {tape_class}() as {tape_name}:\n    pass\n")
        return [template.with_changes(leading_lines=header, body=cst.IndentedBlock(body=inner, indent=indent_unit))]

    return rewrite_statements(source, block, first, last, transform)
