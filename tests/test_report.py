"""The migration report and per-rule statistics."""

from __future__ import annotations

import json
from pathlib import Path

from codemods import fix
from codemods.report import build, changed_lines, markdown, render, statistics, statistics_text
from codemods.runner import FileError, FileReport
from tests.golden_cases import GOLDEN


def fixed_report(before: Path, unsafe: bool) -> FileReport:
    text = before.read_text(encoding="utf-8")
    result = fix(text, unsafe=unsafe)
    report = FileReport(before, result.remaining, result.fixed)
    if result.source != text:
        report.original, report.fixed_source = text, result.source
    return report


def test_changed_lines_counts_replaced_added_and_removed_lines() -> None:
    assert changed_lines("a\nb\nc\n", "a\nB\nc\n") == 1
    assert changed_lines("a\nb\n", "a\nb\nc\nd\n") == 2
    assert changed_lines("a\nb\nc\n", "a\n") == 2


def test_report_totals_files_fixed_left_and_errors(tmp_path: Path) -> None:
    safe = next(GOLDEN.glob("GF001_*/01_*.before.py"))
    unsafe_only = next(GOLDEN.glob("GF006_*/01_*.before.py"))
    reports = [
        fixed_report(safe, unsafe=False),
        fixed_report(unsafe_only, unsafe=False),
        FileReport(Path("bad.py"), error=FileError("syntax error: invalid syntax", 2, 5)),
    ]
    data = build(reports, wrote=True)
    assert data["totals"] == {
        "files": 3,
        "files_changed": 1,
        "fixed": 1,
        "lines_changed": data["totals"]["lines_changed"],
        "left": len(reports[1].findings),
        "not_processed": 1,
    }
    assert data["totals"]["lines_changed"] >= 1
    entries = {entry["path"]: entry for entry in data["files"]}
    assert entries[str(safe)]["fixed"] == {"GF001": 1}
    left = entries[str(unsafe_only)]["left"]
    assert left and left[0]["fix"] == "unsafe" and left[0]["diff"].startswith("--- a/")
    assert entries["bad.py"]["error"] == "2:5: syntax error: invalid syntax"
    text = markdown(data)
    assert "- Problems fixed: 1" in text and "Not processed: 2:5: syntax error" in text and "```diff" in text
    assert json.loads(render(data, tmp_path / "r.json")) == data


def test_statistics_count_per_rule_most_frequent_first() -> None:
    reports = [fixed_report(path, unsafe=False) for path in sorted(GOLDEN.glob("GF00[67]_*/*.before.py"))]
    rows = statistics(reports, unsafe=False)
    assert [row.count for row in rows] == sorted((row.count for row in rows), reverse=True)
    assert sum(row.count for row in rows) == sum(len(report.findings) for report in reports)
    assert "\tGF006\t[ ] variable-recreated" in statistics_text(rows)
    assert "\tGF006\t[*] variable-recreated" in statistics_text(statistics(reports, unsafe=True))


def test_report_of_a_notebook_names_cells_and_diffs_a_fix_in_its_cell(tmp_path: Path) -> None:
    import nbformat

    from codemods.notebook import check_notebook

    code = next(GOLDEN.glob("GF006_*/01_*.before.py")).read_text(encoding="utf-8")
    document = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# notes"), nbformat.v4.new_code_cell(code)])
    path = tmp_path / "nb.ipynb"
    path.write_text(nbformat.writes(document), encoding="utf-8")
    checked = check_notebook(path.read_text(encoding="utf-8"))
    error = FileError("syntax error: bad", 2, 4, cell=9)
    data = build([FileReport(path, checked.findings, cell_errors=[error])], wrote=False)
    entry = data["files"][0]
    assert entry["cell_errors"] == ["cell 9:2:4: syntax error: bad"]
    left = entry["left"][0]
    assert left["cell"] == checked.findings[0].cell and left["fix"] == "unsafe"
    assert left["diff"].startswith(f"--- a/{path}:cell {left['cell']}\n")  # the cell's code, not the JSON
    assert "\\n" not in left["diff"]
    text = markdown(data)
    assert f"- cell {left['cell']}, line {left['line']}, " in text and "Cell not checked: cell 9:2:4:" in text


def test_notebook_lines_changed_count_code_lines_not_json_lines() -> None:
    from codemods import notebook

    data = json.loads((GOLDEN / "notebooks" / "02_forward_pass_before_tape_in_timed_cell.before.ipynb").read_text(encoding="utf-8"))
    for cell in data["cells"]:
        cell["source"] = "".join(cell["source"])  # one JSON string per cell, as some tools write
    text = json.dumps(data, indent=1)
    result = notebook.fix_notebook(text, unsafe=True)
    report = FileReport(Path("n.ipynb"), fixed=result.fixed, original=text, fixed_source=result.text)
    old, new = notebook.cell_codes(text), notebook.cell_codes(result.text)
    expected = sum(changed_lines(old[cell], new[cell]) for cell in old)
    entry = build([report], wrote=True)["files"][0]
    assert entry["lines_changed"] == expected > changed_lines(text, result.text)
