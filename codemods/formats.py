"""Machine formats for CI: SARIF 2.1.0, GitHub workflow annotations, JUnit XML, concise lines.

Each takes the run's file reports and returns the whole document as text. Columns: findings
count characters from 0; SARIF says so (`columnKind: unicodeCodePoints`, 1-based), GitHub
and JUnit count from 1.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from codemods import output
from codemods.findings import Finding, Range
from codemods.docs import REPOSITORY, rule_url
from codemods.rules import RULES
from codemods.runner import FileReport


def tool_version() -> str:
    try:
        return version("gradfix")
    except PackageNotFoundError:  # running from a source checkout
        return "0+unknown"


def sarif(reports: Sequence[FileReport], unsafe: bool) -> str:
    rules = list(RULES)
    index = {rule.code: position for position, rule in enumerate(rules)}
    results = [
        _sarif_result(report.path, finding, index[finding.code], unsafe)
        for report in reports
        for finding in report.findings
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [{"physicalLocation": _sarif_location(report.path, error.line, error.column)}],
            **({"properties": {"cell": error.cell}} if error.cell is not None else {}),
        }
        for report in reports
        for error in report.errors
    ]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gradfix",
                        "version": tool_version(),
                        "informationUri": REPOSITORY,
                        "rules": [_sarif_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2)


def _sarif_rule(rule) -> dict[str, object]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.documentation(), "markdown": rule.documentation()},
        "helpUri": rule_url(rule.code),
        "defaultConfiguration": {"level": "warning"},
        "properties": {"fix": rule.applicability.value},
    }


def _sarif_result(path: Path, finding: Finding, rule_index: int, unsafe: bool) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": "warning",
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {**_artifact(path), "region": _region(finding.range)}}],
    }
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f"{finding.fix.message} ({finding.fix.applicability.value} fix)"},
                "artifactChanges": [
                    {
                        **_artifact(path),
                        "replacements": [
                            {"deletedRegion": _region(edit.range), "insertedContent": {"text": edit.content}}
                            for edit in finding.fix.edits
                        ],
                    }
                ],
            }
        ]
        result["properties"] = {"fixApplicability": finding.fix.applicability.value, "fixable": finding.fixable(unsafe)}
    if finding.cell is not None:  # lines count in the notebook's cell, as in every other format
        result["properties"] = {**result.get("properties", {}), "cell": finding.cell}  # type: ignore[dict-item]
    return result


def _artifact(path: Path) -> dict[str, object]:
    return {"artifactLocation": {"uri": path.as_posix()}}


def _region(range_: Range) -> dict[str, int]:
    return {
        "startLine": range_.start.line,
        "startColumn": range_.start.column + 1,
        "endLine": range_.end.line,
        "endColumn": range_.end.column + 1,
    }


def _sarif_location(path: Path, line: int | None, column: int | None) -> dict[str, object]:
    location: dict[str, object] = _artifact(path)
    if line is not None:
        location["region"] = {"startLine": line, "startColumn": column or 1}
    return location


def github(reports: Sequence[FileReport]) -> str:
    """GitHub Actions workflow commands: one `::warning` per finding, `::error` per file
    that could not be checked."""
    lines = []
    for report in reports:
        for error in report.errors:
            where = f",line={error.line},col={error.column or 1}" if error.line and error.cell is None else ""
            message = error.message if error.cell is None else output.error_line(report, error)
            lines.append(f"::error title=gradfix,file={_property(str(report.path))}{where}::{_data(message)}")
        for finding in report.findings:
            start, end = finding.range.start, finding.range.end
            # A notebook cell's lines are not the .ipynb file's: the cell is named in the message.
            where = (
                f",line={start.line},col={start.column + 1},endLine={end.line},endColumn={end.column + 1}"
                if finding.cell is None
                else ""
            )
            lines.append(
                f"::warning title={_property(f'gradfix ({finding.code})')},file={_property(str(report.path))}{where}"
                f"::{_data(f'{output.finding_location(report.path, finding)}: {finding.code} {finding.message}')}"
            )
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def junit(reports: Sequence[FileReport]) -> str:
    """JUnit XML: a test suite per file, a failing test case per finding (as Ruff does); a
    file that could not be checked is an errored test case."""
    suites = ElementTree.Element("testsuites", name="gradfix")
    total = failures = errors = 0
    for report in reports:
        if not report.findings and not report.errors:
            continue
        suite = ElementTree.SubElement(suites, "testsuite", name=str(report.path))
        for finding in report.findings:
            start = finding.range.start
            case = ElementTree.SubElement(
                suite, "testcase", name=f"gradfix.{finding.code}", classname=str(report.path), line=str(start.line)
            )
            failure = ElementTree.SubElement(case, "failure", message=finding.message, type=finding.code)
            cell = f"cell {finding.cell}, " if finding.cell is not None else ""
            failure.text = f"{cell}line {start.line}, col {start.column + 1}, {finding.message}"
        for error in report.errors:
            case = ElementTree.SubElement(suite, "testcase", name="gradfix.check", classname=str(report.path))
            ElementTree.SubElement(case, "error", message=error.message).text = output.error_line(report, error)
        suite.set("tests", str(len(report.findings) + len(report.errors)))
        suite.set("failures", str(len(report.findings)))
        suite.set("errors", str(len(report.errors)))
        total += len(report.findings) + len(report.errors)
        failures += len(report.findings)
        errors += len(report.errors)
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


def concise(reports: Sequence[FileReport], unsafe: bool) -> str:
    """One plain line per finding (`path:line:col: CODE [*] message`), nothing else."""
    lines = []
    for report in reports:
        for finding in report.findings:
            mark = " [*]" if finding.fixable(unsafe) else ""
            lines.append(f"{output.finding_location(report.path, finding)}: {finding.code}{mark} {finding.message}")
    return "".join(line + "\n" for line in lines)
