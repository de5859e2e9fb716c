"""Run check or fix over many files, in worker processes when there are enough of them.

Workers read and check files and return plain data (`FileReport`); only the main process
writes files (one at a time, so an interruption leaves a known set written) and prints.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from codemods import engine
from codemods.files import (
    OUTSIDE,
    ReadError,
    Target,
    WriteError,
    read_source,
    write_source,
)
from codemods.findings import Finding

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
    unwritten: bool = False  # the file was checked, but its fixes could not be written


@dataclass
class FileReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)  # what is left after any fixing
    fixed: list[Finding] = field(default_factory=list)
    failed: list[Finding] = field(default_factory=list)
    original: str | None = None  # set, with `fixed_source`, when fixing changed the file
    fixed_source: str | None = None
    encoding: str | None = None
    error: FileError | None = None
    written: bool = False


def run(targets: Sequence[Target], options: Options, jobs: int | None = None) -> Iterator[FileReport]:
    """Reports for `targets`, in the order given; in FIX mode each changed file is written
    before its report is yielded."""
    reports = _reports(targets, options, jobs)
    if options.mode is not Mode.FIX:
        yield from reports
        return
    for target, report in zip(targets, reports):
        _write(target, report)
        yield report


def process_file(target: Target, options: Options) -> FileReport:
    report = FileReport(target.path)
    try:
        source = read_source(target.real)
    except ReadError as error:
        report.error = FileError(error.message, error.line, error.column)
        return report
    rules = engine.select_rules(options.select, options.ignore)
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
        report.original, report.fixed_source, report.encoding = source.text, result.source, source.encoding
    return report


def _reports(targets: Sequence[Target], options: Options, jobs: int | None) -> Iterator[FileReport]:
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(targets) < PARALLEL_THRESHOLD:
        for target in targets:
            yield process_file(target, options)
        return
    pool = multiprocessing.Pool(jobs, initializer=_ignore_interrupts)
    try:
        yield from pool.imap(functools.partial(process_file, options=options), targets, chunksize=16)
    except BaseException:  # Ctrl-C, or the caller stopped early: workers only read, stop them now
        pool.terminate()
        raise
    finally:
        pool.close()
        pool.join()


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the terminal's group; only the main process handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _write(target: Target, report: FileReport) -> None:
    if report.fixed_source is None or report.error is not None:
        return
    try:
        if target.outside:
            raise WriteError(OUTSIDE)
        write_source(target.real, report.fixed_source, report.encoding or "utf-8")
    except (WriteError, OSError, UnicodeEncodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        report.error = FileError(f"cannot write: {reason}", unwritten=True)
        report.findings = report.findings + report.fixed
        report.fixed = []
        return
    report.written = True
