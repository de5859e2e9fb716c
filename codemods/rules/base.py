"""What a rule is, and the context it checks a file in."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import ClassVar

from codemods.analysis.model import FileModel
from codemods.analysis.walk import walk
from codemods.findings import Applicability, Edit, Finding, Fix, Position, Range
from codemods.source import SourceText


def dump(node: ast.AST) -> str | None:
    """`ast.dump(node)` without field names, to compare expressions; None for an expression
    too deeply nested to dump (a sum of a thousand terms)."""
    try:
        return ast.dump(node, annotate_fields=False)
    except RecursionError:
        return None


_LEADING_COMMENT_LINES = re.compile(r"(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n))*")


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


class Context:
    """One file under analysis: its text, its model, and builders for findings and edits."""

    def __init__(self, source: SourceText, model: FileModel) -> None:
        self.source = source
        self.model = model

    def text(self, node: ast.AST) -> str:
        return self.source.segment(node)

    def range(self, node: ast.AST) -> Range:
        return self.source.node_range(node)

    def edit(self, range_: Range, content: str) -> Edit:
        """Replace `range_` by `content`, whose new line breaks (written \n) become the line
        break of the line the edit lands on, so a CRLF or CR file stays so line by line."""
        return Edit(range_, self.source.with_newlines_of(range_.start.line, content))

    def replace(self, node: ast.AST, content: str) -> Edit:
        return self.edit(self.range(node), content)

    def insert_before(self, node: ast.AST, content: str) -> Edit:
        start = self.range(node).start
        return self.edit(Range(start, start), content)

    def insert_after(self, node: ast.AST, content: str) -> Edit:
        end = self.range(node).end
        return self.edit(Range(end, end), content)

    def insert_line_before(self, stmt: ast.stmt, line: str) -> Edit | None:
        """A new line with `line` above `stmt`, at its indentation (None if `stmt` does not
        start its line)."""
        indent = self.indentation(stmt)
        if indent is None:
            return None
        where = Position(stmt.lineno, 0)
        return self.edit(Range(where, where), f"{indent}{line}\n")

    def insert_line_after(self, stmt: ast.stmt, line: str) -> Edit | None:
        """A new line with `line` below `stmt`, at its indentation (None if `stmt` does not
        have its lines to itself)."""
        indent = self.indentation(stmt)
        end_line = stmt.end_lineno or stmt.lineno
        if indent is None or not self.source.lines[end_line - 1].endswith(("\n", "\r")):
            return None
        end = self.source.from_ast(end_line, stmt.end_col_offset or 0)
        rest = self.source.line_text(end_line)[end.column :].strip()
        if rest and not rest.startswith("#"):
            return None
        where = Position(end_line + 1, 0)
        return Edit(Range(where, where), f"{indent}{line}{self.source.newline_at(end_line)}")

    def insert_lines_at_block_start(self, block: list[ast.stmt], lines: list[str]) -> Edit | None:
        """New first lines of a block, above any comment lines that lead its first statement."""
        first = block[0]
        indent = self.indentation(first)
        if indent is None:
            return None
        line = first.lineno
        while line > 1 and (not self.source.line_text(line - 1).strip() or self.source.line_text(line - 1).lstrip().startswith("#")):
            line -= 1
        where = Position(line, 0)
        return self.edit(Range(where, where), "".join(f"{indent}{text}\n" for text in lines))

    def fresh_name(self, name: str, within: ast.AST | None = None) -> str:
        """`name`, or `name_1`, `name_2`... whichever `within` (default: the file) does not use.

        Names are not reserved: two fixes of one round may pick the same fresh name. Each
        is a separate finding's edit to the text the round started from, and the fix loop
        re-checks after every round, so a later round sees (and avoids) the first's name.
        """
        candidate, counter = name, 1
        # A name that is no word of the text is free: most candidates need no walk.
        while self.model.uses_name(candidate, within):
            candidate = f"{name}_{counter}"
            counter += 1
        return candidate

    def keeping_comments(self, edits: Sequence[Edit]) -> list[Edit] | None:
        """`edits`, changed so no comment of the code they replace is lost: a comment that
        does not reappear in any edit's content is kept on a line of its own above the
        replacement, when the replaced code starts its line; otherwise None (no fix)."""
        contents = "\n".join(edit.content for edit in edits)
        kept = []
        for edit in edits:
            lost = [comment for comment in self.source.comments_in(edit.range) if comment not in contents]
            if not lost:
                kept.append(edit)
                continue
            start = edit.range.start
            before = self.source.line_text(start.line)[: start.column]
            if before.strip():
                return None  # inside a line: nowhere to put the comment
            # Right above the first statement of the replacement, below its leading comments.
            head = _LEADING_COMMENT_LINES.match(edit.content).end() if not before else 0  # type: ignore[union-attr]
            rest = edit.content[head:]
            if rest.strip():
                lead = rest[: len(rest) - len(rest.lstrip(" \t"))]
            else:
                lead = "" if before else _indent_of(self.source.line_text(start.line))
            newline = self.source.newline_at(start.line)
            above = "".join(f"{lead}{comment}{newline}{before}" for comment in lost)
            kept.append(Edit(edit.range, edit.content[:head] + above + rest))
        return kept

    def indent_unit(self, indent: str = "") -> str:
        """What one more level of indentation is, for a block now indented with `indent`: the
        file's own unit (the first nested block's indentation against its header's), unless
        it mixes tabs and spaces differently from `indent`; four spaces by default."""
        unit = self._file_indent_unit
        if indent and unit is not None and (indent[-1] == "\t") == (unit[0] == "\t"):
            return unit
        if indent:
            return "\t" if indent[-1] == "\t" else "    "
        return unit or "    "

    @cached_property
    def _file_indent_unit(self) -> str | None:
        for node in walk(self.model.tree):
            body = getattr(node, "body", None)
            if not isinstance(node, ast.stmt) or not isinstance(body, list) or not body:
                continue
            header, inner = self.indentation(node), self.indentation(body[0])
            if header is not None and inner is not None and inner.startswith(header) and len(inner) > len(header):
                unit = inner[len(header) :]
                if not unit.strip(" \t"):
                    return unit
        return None

    def indentation(self, stmt: ast.stmt) -> str | None:
        prefix = self.source.line_text(stmt.lineno)[: self.source.from_ast(stmt.lineno, stmt.col_offset).column]
        if prefix.strip():
            return None
        # Python's tokenizer restarts the column count at a form feed: what follows it indents.
        return prefix.rsplit("\f", 1)[-1]


class Rule:
    """Base of every rule. A rule's docstring is its documentation, in Ruff's sections:
    What it does / Why is this bad? / Example / Use instead / Fix safety."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    fix_title: ClassVar[str]
    applicability: ClassVar[Applicability]
    # Strings a file must contain for the rule to fire there: every entry must occur (an
    # entry that is a tuple means any one of its strings). Checked before parsing.
    tokens: ClassVar[Sequence[str | tuple[str, ...]]]

    @classmethod
    def may_fire(cls, text: str) -> bool:
        return all(
            token in text if isinstance(token, str) else any(t in text for t in token) for token in cls.tokens
        )

    def check(self, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        ctx: Context,
        node: ast.AST,
        message: str,
        edits: Sequence[Edit | None] | None = None,
        applicability: Applicability | None = None,
    ) -> Finding:
        """A finding at `node`; with `edits`, fixable (unless an edit could not be built)."""
        fix = None
        if edits and all(edit is not None for edit in edits):
            kept = ctx.keeping_comments(edits)  # type: ignore[arg-type]
            if kept is not None:
                fix = Fix(self.fix_title, applicability or self.applicability, tuple(kept))
        return Finding(self.code, message, ctx.range(node), fix)

    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")
