"""Run check or fix over many files, in worker processes when there are enough of them.

Workers return plain data (`FileReport`); only the main process prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from codemods import engine, notebook
from codemods.files import ReadError, SourceFile, read_source, write_source
from codemods.findings import Finding
from codemods.rules import Rule

# Below this many files, starting processes costs more than it saves.
PARALLEL_THRESHOLD = 64


class Mode(str, Enum):
    CHECK = "check"
    FIX = "fix"  # write the fixed files
    DIFF = "diff"  # compute fixes, write nothing


@dataclass(frozen=True)
class Options:
    mode: Mode = Mode.CHECK
    unsafe: bool = False
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()


@dataclass
class FileError:
    message: str
    line: int | None = None
    column: int | None = None
    cell: int | None = None  # in a notebook, the cell `line` counts in


@dataclass
class FileReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)  # what is left after any fixing
    fixed: list[Finding] = field(default_factory=list)
    failed: list[Finding] = field(default_factory=list)
    original: str | None = None  # set, with `fixed_source`, when fixing changed the file
    fixed_source: str | None = None
    error: FileError | None = None
    cell_errors: list[FileError] = field(default_factory=list)  # notebook cells that do not parse


def run(paths: Sequence[Path], options: Options, jobs: int | None = None) -> Iterator[FileReport]:
    """Reports for `paths`, in the order given."""
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(paths) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(process_file, paths, _repeat(options, len(paths)), chunksize=16)
    else:
        for path in paths:
            yield process_file(path, options)


def process_file(path: Path, options: Options) -> FileReport:
    report = FileReport(path)
    try:
        source = read_source(path)
    except ReadError as error:
        report.error = FileError(str(error))
        return report
    rules = engine.select_rules(options.select, options.ignore)
    if path.suffix == ".ipynb":
        return _process_notebook(report, source, rules, options)
    try:
        if options.mode is Mode.CHECK:
            report.findings = engine.check(source.text, rules=rules)
            return report
        result = engine.fix(source.text, unsafe=options.unsafe, rules=rules)
    except engine.SourceError as error:
        report.error = FileError(f"syntax error: {error.message}", error.line, error.column)
        return report
    except Exception as error:  # noqa: BLE001 - a bug in a rule must not stop a repository-wide run
        report.error = FileError(f"internal error, please report it: {type(error).__name__}: {error}")
        return report
    report.findings, report.fixed, report.failed = result.remaining, result.fixed, result.failed
    if result.source != source.text:
        report.original, report.fixed_source = source.text, result.source
        if options.mode is Mode.FIX:
            try:
                write_source(path, result.source, source.encoding)
            except (OSError, UnicodeEncodeError) as error:
                report.error = FileError(f"cannot write: {error}")
                report.findings = report.findings + report.fixed
                report.fixed = []
    return report


def _process_notebook(report: FileReport, source: SourceFile, rules: list[Rule], options: Options) -> FileReport:
    try:
        if options.mode is Mode.CHECK:
            checked = notebook.check_notebook(source.text, rules=rules)
            report.findings = checked.findings
            report.cell_errors = [_cell_error(error) for error in checked.errors]
            return report
        result = notebook.fix_notebook(source.text, unsafe=options.unsafe, rules=rules)
    except notebook.NotebookError as error:
        report.error = FileError(f"not a valid notebook: {error}")
        return report
    except Exception as error:  # noqa: BLE001 - a bug in a rule must not stop a repository-wide run
        report.error = FileError(f"internal error, please report it: {type(error).__name__}: {error}")
        return report
    report.findings, report.fixed, report.failed = result.remaining, result.fixed, result.failed
    report.cell_errors = [_cell_error(error) for error in result.errors]
    if result.text != source.text:
        report.original, report.fixed_source = source.text, result.text
        if options.mode is Mode.FIX:
            try:
                write_source(report.path, result.text, source.encoding)
            except (OSError, UnicodeEncodeError) as error:
                report.error = FileError(f"cannot write: {error}")
                report.findings = report.findings + report.fixed
                report.fixed = []
    return report


def _cell_error(error: notebook.CellError) -> FileError:
    return FileError(f"syntax error: {error.message}", error.line, error.column, error.cell)


def _repeat(value: Options, times: int) -> Iterable[Options]:
    return (value for _ in range(times))
