"""Rendering findings for people (text, diffs) and programs (JSON in Ruff's field names)."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.syntax import Syntax
from rich.text import Text

from codemods import notebook
from codemods.findings import Edit, Finding, Position
from codemods.runner import FileError, FileReport


def finding_line(path: Path, finding: Finding, fixable: bool) -> Text:
    start = finding.range.start
    line = Text()
    line.append(str(path), style="bold")
    line.append(f":cell {finding.cell}" if finding.cell is not None else "")
    line.append(f":{start.line}:{start.column + 1}: ")
    line.append(finding.code, style="bold red")
    line.append(" [*]" if fixable else "", style="cyan")
    line.append(f" {finding.message}")
    return line


def error_line(report: FileReport, error: FileError | None = None) -> str:
    """The report's error, or `error` (one of its notebook cells)."""
    error = error or report.error
    assert error is not None
    where = f":cell {error.cell}" if error.cell is not None else ""
    if error.line is not None:
        where += f":{error.line}:{error.column or 1}"
    return f"{report.path}{where}: {error.message}"


def summary(total: int, fixable: int, hidden: int, fixed: int = 0) -> str:
    parts = []
    if fixed:
        parts.append(f"Fixed {fixed} problem{'s' if fixed != 1 else ''}.")
    if total or not fixed:
        if total == 0:
            parts.append("All checks passed!" if not fixed else "")
        else:
            detail = f"{fixable} fixable"
            if hidden:
                detail += f"; {hidden} more with --unsafe-fixes"
            parts.append(f"Found {total} problem{'s' if total != 1 else ''} ({detail}).")
    return " ".join(part for part in parts if part)


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


def findings_json(reports: Iterable[FileReport]) -> str:
    return json.dumps([finding_json(r.path, f) for r in reports for f in r.findings], indent=2)


def unified_diff(path: Path, before: str, after: str) -> str:
    if path.suffix == ".ipynb":
        return notebook.unified_diff(path, before, after)  # one diff per changed cell
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def print_diff(console: Console, diff: str) -> None:
    if console.is_terminal:
        console.print(Syntax(diff, "diff", theme="ansi_dark", background_color="default"))
    else:
        console.file.write(diff)
