"""Rendering findings for people (text, diffs) and programs (JSON in Ruff's field names)."""

from __future__ import annotations

import difflib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codemods.findings import Edit, Finding, Position
from codemods.runner import FileError, FileReport
from codemods.source import SourceText

if TYPE_CHECKING:  # rich costs 30 ms to import: a run that prints only plain lines never loads it
    from rich.console import Console
    from rich.text import Text


class LazyConsole:
    """A rich `Console` (no highlighting or emoji codes, soft wrap) made on first need. A plain one-line
    string printed without markup is written directly: what rich would write for it."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    @property
    def rich(self) -> Console:
        if self._console is None:
            from rich.console import Console  # noqa: PLC0415

            # No emoji codes: a path or message with `:fire:` in it is printed as it is.
            self._console = Console(stderr=self._stderr, highlight=False, soft_wrap=True, emoji=False)
        return self._console

    def print(self, text: Any = "", *, markup: bool | None = None, **options: Any) -> None:
        # isprintable() rules out what rich would change: tabs, line breaks, control codes.
        if markup is False and not options and isinstance(text, str) and text.isprintable() and self._console is None:
            stream = sys.stderr if self._stderr else sys.stdout
            stream.write(text + "\n")
            stream.flush()
            return
        self.rich.print(text, markup=markup, **options)

    @property
    def is_terminal(self) -> bool:
        stream = sys.stderr if self._stderr else sys.stdout
        if self._console is None and not _isatty(stream) and not _FORCED_TERMINAL & os.environ.keys():
            return False  # as rich would decide, without loading it
        return self.rich.is_terminal

    @property
    def file(self) -> Any:
        return self.rich.file


# Environment variables that can make rich treat output that is not a tty as a terminal.
_FORCED_TERMINAL = {"FORCE_COLOR", "TTY_COMPATIBLE"}


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def finding_line(path: Path, finding: Finding, fixable: bool) -> Text:
    from rich.text import Text  # noqa: PLC0415

    line = Text()
    line.append(str(path), style="bold")
    line.append(finding_location(path, finding)[len(str(path)) :] + ": ")
    line.append(finding.code, style="bold red")
    line.append(" [*]" if fixable else "", style="cyan")
    line.append(f" {finding.message}")
    return line


def location(path: Path, cell: int | None, line: int | None = None, column: int | None = None) -> str:
    """`path:line:column`, with `:cell N` after the path in a notebook (columns from 1)."""
    where = f"{path}:cell {cell}" if cell is not None else str(path)
    if line is not None:
        where += f":{line}:{column or 1}"
    return where


def finding_location(path: Path, finding: Finding) -> str:
    start = finding.range.start
    return location(path, finding.cell, start.line, start.column + 1)


def error_line(report: FileReport, error: FileError | None = None) -> str:
    """The report's error, or `error` (one of its notebook cells)."""
    error = error or report.error
    assert error is not None
    return f"{location(report.path, error.cell, error.line, error.column)}: {error.message}"


def summary(
    total: int, fixable: int, hidden: int, fixed: int = 0, *, unapplied: int = 0, unchecked: int = 0, unwritten: int = 0
) -> str:
    """The last line of a run. "All checks passed!" only when every path was checked."""
    parts = []
    if fixed:
        parts.append(f"Fixed {count(fixed, 'problem')}.")
    if total:
        details = [f"{count(unapplied, 'fix', 'fixes')} could not be applied" if unapplied else f"{fixable} fixable"]
        if hidden:
            details.append(f"{hidden} more with --unsafe-fixes")
        parts.append(f"Found {count(total, 'problem')} ({'; '.join(details)}).")
    elif not fixed:
        parts.append("No problems found." if unchecked or unwritten else "All checks passed!")
    if unchecked:
        parts.append(f"{count(unchecked, 'path')} could not be checked.")
    if unwritten:
        parts.append(f"{count(unwritten, 'file')} could not be written.")
    return " ".join(parts)


def interrupted(written: list[Path]) -> str:
    if not written:
        return "Interrupted: no file written."
    return "\n".join([f"Interrupted: {count(len(written), 'file')} written:", *map(str, written)])


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`1 file`, `2 files`."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _position(position: Position) -> dict[str, int]:
    return {"row": position.line, "column": position.column + 1}


def _edit(edit: Edit) -> dict[str, object]:
    return {"content": edit.content, "location": _position(edit.range.start), "end_location": _position(edit.range.end)}


def finding_json(path: Path, finding: Finding) -> dict[str, object]:
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability.value,
            "message": finding.fix.message,
            "edits": [_edit(edit) for edit in finding.fix.edits],
        }
    return {
        "code": finding.code,
        "message": finding.message,
        "filename": str(path),
        "cell": finding.cell,
        "location": _position(finding.range.start),
        "end_location": _position(finding.range.end),
        "fix": fix,
    }


def error_json(report: FileReport, error: FileError | None = None) -> dict[str, object]:
    """An error (the report's, or one of its notebook cells') in a finding's shape with
    `code` null, as Ruff reports syntax errors."""
    error = error or report.error
    assert error is not None
    where = {"row": error.line or 1, "column": error.column or 1}
    return {
        "code": None,
        "message": error.message,
        "filename": str(report.path),
        "cell": error.cell,
        "location": where,
        "end_location": where,
        "fix": None,
    }


def findings_json(reports: Iterable[FileReport]) -> str:
    entries = []
    for report in reports:
        entries.extend(error_json(report, error) for error in report.errors)
        entries.extend(finding_json(report.path, finding) for finding in report.findings)
    return json.dumps(entries, indent=2)


def unified_diff(path: Path, before: str, after: str) -> str:
    if path.suffix == ".ipynb":
        from codemods import notebook  # noqa: PLC0415 - start-up time

        return notebook.unified_diff(path, before, after)  # one diff per changed cell
    lines = difflib.unified_diff(
        SourceText(before).lines, SourceText(after).lines, f"a/{path}", f"b/{path}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def print_diff(console: Console, diff: str) -> None:
    if console.is_terminal:
        from rich.syntax import Syntax  # noqa: PLC0415 - start-up time

        console.print(Syntax(diff, "diff", theme="ansi_dark", background_color="default"))
    else:
        console.file.write(diff)
