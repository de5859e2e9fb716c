"""Parsing an edited text again, reusing what did not change.

An editor sends a new version of a document on every keystroke, and most of it is the
previous version's text. The top-level statements that lie wholly in the unchanged lines
before the edit are taken from the previous tree as they are, and so are those after it,
moved by as many lines as the edit adds or removes (their line numbers are shifted in place,
which costs about a third of parsing them again); only the lines between are parsed. The
result is `ast.parse` of the new text, node for node and position for position (the tests
compare them on random edits), or the error `ast.parse` gives.
"""

from __future__ import annotations

import ast

from codemods.analysis.walk import COMPOUND_STATEMENTS, children, first_line
from codemods.engine import SourceError, parse
from codemods.source import SourceText


def reparse(previous_text: str, previous_tree: ast.Module, text: str) -> ast.Module:
    """`ast.parse(text)` for `text`, an edit of `previous_text` (whose tree is `previous_tree`).
    Raises `SourceError` as `engine.parse` does. The previous tree is used up: statements
    moved to the new tree get their new line numbers (on an error it is left as it was)."""
    if "barry_as_FLUFL" in text:
        return parse(text)  # a future import that changes how later lines parse
    old, new = SourceText(previous_text).lines, SourceText(text).lines
    same_start = _common_prefix(old, new)
    same_end = _common_prefix(old[::-1], new[::-1])
    same_end = min(same_end, len(new) - same_start, len(old) - same_start)
    moved = len(new) - len(old)  # lines added (or, negative, removed) by the edit
    body = previous_tree.body
    # Statements before the edit: whole in the unchanged lines, the last one not compound
    # (an indented line or an `else:` after it would extend it), and none sharing a line
    # with a statement that is parsed again (`x = 1; y = 2`).
    kept = 0
    while kept < len(body) and (body[kept].end_lineno or 0) <= same_start:
        kept += 1
    while kept and (body[kept - 1].__class__ in COMPOUND_STATEMENTS or (kept < len(body) and first_line(body[kept]) <= (body[kept - 1].end_lineno or 0))):
        kept -= 1
    # Statements after the edit: whole in the unchanged lines (numbered as in the previous
    # text here), and none sharing a line with one parsed again.
    after = len(body)
    if same_end:
        unchanged_from = len(old) - same_end + 1
        while after > kept and first_line(body[after - 1]) >= unchanged_from:
            after -= 1
        while after < len(body) and after > kept and (body[after - 1].end_lineno or 0) >= first_line(body[after]):
            after += 1
    start = (body[kept - 1].end_lineno or 0) + 1 if kept else 1
    stop = first_line(body[after]) + moved - 1 if after < len(body) else len(new)
    region = "\n" * (start - 1) + "".join(new[start - 1 : stop])
    try:
        middle = parse(region)
    except SourceError:
        return parse(text)  # the error as the whole text gives it
    if moved:
        _shift_lines(body[after:], moved)
    return ast.Module(body=[*body[:kept], *middle.body, *body[after:]], type_ignores=[])


def _shift_lines(statements: list[ast.stmt], lines: int) -> None:
    """Move `statements` and every node in them down by `lines` lines (up if negative)."""
    stack: list[ast.AST] = list(statements)
    while stack:
        node = stack.pop()
        if "lineno" in node._attributes:
            node.lineno += lines  # type: ignore[attr-defined]
            node.end_lineno += lines  # type: ignore[attr-defined]
        stack.extend(children(node))


def _common_prefix(a: list[str], b: list[str]) -> int:
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count
