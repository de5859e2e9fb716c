"""The migration report (`--report FILE`) and per-rule statistics (`--statistics`).

A report says, with totals at the top: per file, which rules were fixed and how many lines
changed; what is left for a human, with each remaining finding's unsafe fix shown as a diff;
and which files could not be processed, and why. Markdown, or JSON for a `.json` name.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codemods.engine import apply_fix
from codemods.findings import Finding
from codemods.output import unified_diff
from codemods.rules import RULES_BY_CODE
from codemods.runner import FileError, FileReport


@dataclass(frozen=True)
class Statistic:
    code: str
    count: int
    fixable: bool


def statistics(reports: Sequence[FileReport], unsafe: bool) -> list[Statistic]:
    """Findings per rule, most frequent first (as `ruff check --statistics`)."""
    counts: Counter[str] = Counter()
    fixable: dict[str, bool] = {}
    for report in reports:
        for finding in report.findings:
            counts[finding.code] += 1
            fixable[finding.code] = fixable.get(finding.code, False) or finding.fixable(unsafe)
    return [Statistic(code, count, fixable[code]) for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def statistics_text(rows: list[Statistic]) -> str:
    width = max((len(str(row.count)) for row in rows), default=1)
    return "".join(
        f"{row.count:>{width}}\t{row.code}\t[{'*' if row.fixable else ' '}] {RULES_BY_CODE[row.code].name}\n" for row in rows
    )


def changed_lines(before: str, after: str) -> int:
    """Lines of `before` replaced or removed plus lines added."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def _lines_changed(report: FileReport) -> int:
    """Code lines changed; in a notebook, the lines of its cells (not of its JSON)."""
    before, after = report.original or "", report.fixed_source or ""
    if Path(report.path).suffix != ".ipynb":
        return changed_lines(before, after)
    from codemods import notebook  # noqa: PLC0415 - nbformat is slow to import

    try:
        old, new = notebook.cell_codes(before), notebook.cell_codes(after)
    except notebook.NotebookError:
        return changed_lines(before, after)
    return sum(changed_lines(old.get(cell, ""), new.get(cell, "")) for cell in old.keys() | new.keys())


def build(reports: Sequence[FileReport], wrote: bool) -> dict[str, object]:
    """The report as plain data; `wrote` says whether fixes were written or only proposed."""
    files = []
    for report in reports:
        entry: dict[str, object] = {"path": str(report.path)}
        if report.error is not None:
            entry["error"] = _error_text(report.error)
        if report.cell_errors:
            entry["cell_errors"] = [_error_text(error) for error in report.cell_errors]
        if report.fixed:
            entry["fixed"] = dict(sorted(Counter(finding.code for finding in report.fixed).items()))
            entry["lines_changed"] = _lines_changed(report)
        if report.findings:
            text = _final_text(report) if any(finding.fix for finding in report.findings) else None
            entry["left"] = [_left(report, finding, text) for finding in report.findings]
        if len(entry) > 1:
            files.append(entry)
    totals = {
        "files": len(reports),
        "files_changed": sum(1 for report in reports if report.fixed),
        "fixed": sum(len(report.fixed) for report in reports),
        "lines_changed": sum(entry.get("lines_changed", 0) for entry in files),  # type: ignore[misc]
        "left": sum(len(report.findings) for report in reports),
        "not_processed": sum(1 for report in reports if report.error is not None),
    }
    return {"written": wrote, "totals": totals, "files": files}


def _error_text(error: FileError) -> str:
    """`line:column: message`, after `cell N:` in a notebook."""
    where = f"cell {error.cell}:" if error.cell is not None else ""
    if error.line:
        where += f"{error.line}:{error.column or 1}:"
    return f"{where} {error.message}" if where else error.message


def _left(report: FileReport, finding: Finding, text: str | None) -> dict[str, object]:
    start = finding.range.start
    item: dict[str, object] = {
        "code": finding.code,
        **({"cell": finding.cell} if finding.cell is not None else {}),
        "line": start.line,
        "column": start.column + 1,
        "message": finding.message,
    }
    if finding.fix is not None:
        item["fix"] = finding.fix.applicability.value
        fixed = _with_fix(text, finding) if text is not None else None
        if fixed is not None:
            item["diff"] = unified_diff(report.path, text, fixed)
    return item


def _with_fix(text: str, finding: Finding) -> str | None:
    """`text` with the finding's fix alone applied (in its cell, in a notebook)."""
    assert finding.fix is not None
    if finding.cell is None:
        return apply_fix(text, finding.fix)
    from codemods import notebook  # noqa: PLC0415 - nbformat is slow to import

    try:
        return notebook.edit_cell(text, finding.cell, finding.fix.edits)
    except (notebook.NotebookError, KeyError):
        return None


def _final_text(report: FileReport) -> str | None:
    if report.fixed_source is not None:
        return report.fixed_source
    try:
        return Path(report.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def render(data: dict[str, object], path: Path) -> str:
    if path.suffix == ".json":
        return json.dumps(data, indent=2) + "\n"
    return markdown(data)


def markdown(data: dict) -> str:
    totals = data["totals"]
    verb = "fixed" if data["written"] else "would fix"
    lines = [
        "# gradfix migration report",
        "",
        f"- Files checked: {totals['files']}",
        f"- Files changed: {totals['files_changed']} ({totals['lines_changed']} lines)",
        f"- Problems {verb}: {totals['fixed']}",
        f"- Problems left for a human: {totals['left']}",
        f"- Files that could not be processed: {totals['not_processed']}",
        "",
    ]
    for entry in data["files"]:
        lines += [f"## `{entry['path']}`", ""]
        if "error" in entry:
            lines += [f"Not processed: {entry['error']}", ""]
        for error in entry.get("cell_errors", []):
            lines += [f"Cell not checked: {error}", ""]
        if "fixed" in entry:
            rules = ", ".join(f"{code} ×{count}" for code, count in entry["fixed"].items())
            lines += [f"{verb.capitalize()}: {rules} ({entry['lines_changed']} lines changed)", ""]
        for item in entry.get("left", []):
            fix = f" ({item['fix']} fix available)" if "fix" in item else ""
            cell = f"cell {item['cell']}, " if "cell" in item else ""
            lines.append(f"- {cell}line {item['line']}, col {item['column']}: **{item['code']}** {item['message']}{fix}")
            if "diff" in item:
                lines += ["", "  ```diff", *(f"  {line}" for line in item["diff"].splitlines()), "  ```"]
        lines.append("")
    return "\n".join(lines)
