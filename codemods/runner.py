"""Run check or fix over many files, in worker processes when there are enough of them.

Workers read and check files and return plain data (`FileReport`); only the main process
writes files (one at a time, so an interruption leaves a known set written) and prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from codemods.cache import Cache, Stamp, digest
from codemods.codes import selected
from codemods.collector import collector_paused
from codemods.files import (
    OUTSIDE,
    ReadError,
    Target,
    WriteError,
    read_source,
    write_source,
)
from codemods.findings import Finding

if TYPE_CHECKING:  # a cached run loads neither the rules nor notebook support
    from codemods.analysis.project import Project
    from codemods.notebook import CellError
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
    hashed: bool = True  # hash each file's bytes (what the cache stores); run() clears it without a cache
    # Follow functions imported from other files under this folder (None: do not).
    project_root: str | None = None


@dataclass
class FileError:
    message: str
    line: int | None = None
    column: int | None = None
    unwritten: bool = False  # the file was checked, but its fixes could not be written
    cell: int | None = None  # in a notebook, the cell `line` counts in


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
    cell_errors: list[FileError] = field(default_factory=list)  # notebook cells that do not parse
    dependencies: list[str] = field(default_factory=list)  # files whose imported functions were followed
    warnings: list[FileError] = field(default_factory=list)  # malformed noqa directives
    # The file as it was read (for the cache): size and mtime before reading, hash of the bytes.
    stamp: Stamp | None = None
    sha256: str | None = None

    @property
    def errors(self) -> list[FileError]:
        """The file's error and its notebook cells' errors."""
        return ([self.error] if self.error is not None else []) + self.cell_errors


def run(
    targets: Sequence[Target],
    options: Options,
    jobs: int | None = None,
    *,
    ignores: Sequence[tuple[str, ...]] | None = None,
    cache: Cache | None = None,
    progress: Callable[[], None] | None = None,
) -> Iterator[FileReport]:
    """Reports for `targets`, in the order given; in FIX mode each changed file is written
    before its report is yielded. `ignores[i]` are more codes to ignore in `targets[i]`
    (per-file ignores). With a `cache`, unchanged files are not analysed again, and results
    are stored and saved once the run is over. `progress` is called once per file as soon as
    its report is ready (worker processes finish files in another order than they are yielded)."""
    progress = progress or _nothing
    if cache is None:
        options = replace(options, hashed=False)
    per_file = [_with_ignores(options, ignores[index] if ignores else ()) for index in range(len(targets))]
    rule_keys: dict[tuple[str, ...], str] = {}

    def rules_of(file_options: Options) -> str:
        key = rule_keys.get(file_options.ignore)
        if key is None:
            key = rule_keys[file_options.ignore] = ",".join(selected(file_options.select, file_options.ignore))
        return key

    hits: list[list[Finding] | None] = [None] * len(targets)
    if cache is not None:
        for index, (target, file_options) in enumerate(zip(targets, per_file)):
            hits[index] = _cached(cache, target, file_options, rules_of(file_options))
            if hits[index] is not None:
                progress()
    misses = [index for index, hit in enumerate(hits) if hit is None]
    computed = _reports([targets[index] for index in misses], [per_file[index] for index in misses], jobs, progress)
    for target, file_options, hit in zip(targets, per_file, hits):
        if hit is not None:
            yield FileReport(target.path, findings=hit)
            continue
        report = next(computed)
        if options.mode is Mode.FIX:
            _write(target, report)
        if cache is not None:
            _store(cache, target, report, options.mode, rules_of(file_options))
        yield report
    next(computed, None)  # let the worker processes stop
    if cache is not None:
        cache.save()


def _nothing() -> None:
    pass


def _with_ignores(options: Options, ignored: tuple[str, ...]) -> Options:
    return replace(options, ignore=options.ignore + ignored) if ignored else options


def _cached(cache: Cache, target: Target, options: Options, rules: str) -> list[Finding] | None:
    """Findings from the cache when the file needs no work: in check mode any hit; when
    fixing, a hit with nothing to fix."""
    try:
        stamp = Stamp.of(target.real)
    except OSError:
        return None
    findings = cache.lookup(target.real, stamp, rules)
    if findings is None or (options.mode is not Mode.CHECK and any(f.fixable(options.unsafe) for f in findings)):
        return None
    return findings


def _store(cache: Cache, target: Target, report: FileReport, mode: Mode, rules: str) -> None:
    if report.error is not None or report.cell_errors or report.stamp is None or report.sha256 is None:
        return
    if report.fixed_source is None:  # the findings are those of the file as it is
        cache.store(target.real, report.stamp, report.sha256, rules, report.findings, report.dependencies)
    elif report.written:  # what is left is what the new content has
        try:
            stamp = Stamp.of(target.real)
            data = target.real.read_bytes()
        except OSError:
            return
        if stamp.size == len(data):
            cache.store(target.real, stamp, digest(data), rules, report.findings, report.dependencies)


def process_file(target: Target, options: Options) -> FileReport:
    return _process(target.path, target.real, target.path.suffix == ".ipynb", options)


def _process(path: Path, real: str | Path, notebook: bool, options: Options) -> FileReport:
    """The report of the file at `real`, shown as `path`."""
    with collector_paused():  # reading a notebook's JSON allocates as much as a parse
        return _process_file(path, real, notebook, options)


def _process_file(path: Path, real: str | Path, notebook: bool, options: Options) -> FileReport:
    report = FileReport(path)
    try:
        source = read_source(real, hashed=options.hashed)  # type: ignore[arg-type] - os.open takes a str too
    except ReadError as error:
        report.error = FileError(error.message, error.line, error.column)
        return report
    report.stamp, report.sha256 = Stamp(source.size, source.mtime_ns), source.sha256 or None
    rules = _rules(options.select, options.ignore)
    analyse = _analyse_notebook if notebook else _analyse_python
    project = project_of(options.project_root)
    where = Path(real)
    try:
        found = analyse(source.text, rules, options, project, where)
    except Exception as error:  # noqa: BLE001 - a bug in a rule must not stop a repository-wide run
        found = FileError(f"internal error, please report it: {type(error).__name__}: {error}")
    if isinstance(found, FileError):
        report.error = found
        return report
    report.findings, report.fixed, report.failed, report.cell_errors = (
        found.remaining, found.fixed, found.failed, found.cell_errors
    )
    if found.text != source.text:
        report.original, report.fixed_source, report.encoding = source.text, found.text, source.encoding
    if project is not None:
        report.dependencies = sorted(str(path) for path in project.dependencies.get(where, ()))
    if not notebook and "noqa" in source.text.lower():
        from codemods import noqa  # noqa: PLC0415

        report.warnings = [
            FileError(f"invalid `# noqa` directive, it suppresses nothing: {bad.text.strip()}", bad.line)
            for bad in noqa.parse(source.text).malformed
        ]
    return report


_PROJECTS: dict[str, Project] = {}


def project_of(root: str | None) -> Project | None:
    """The process's view of the files under `root` (each helper module parsed once per run
    and process, however many files import it)."""
    if root is None:
        return None
    project = _PROJECTS.get(root)
    if project is None:
        from codemods.analysis.project import Project  # noqa: PLC0415

        project = _PROJECTS[root] = Project(Path(root))
    return project


_SELECTED: dict[tuple[tuple[str, ...] | None, tuple[str, ...]], list[Rule]] = {}


def _rules(select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> list[Rule]:
    """The rules a selection names, worked out once per process and selection."""
    from codemods import engine  # noqa: PLC0415

    rules = _SELECTED.get((select, ignore))
    if rules is None:
        rules = _SELECTED[select, ignore] = engine.select_rules(select, ignore)
    return rules


@dataclass
class _Analysis:
    remaining: list[Finding]
    text: str  # after fixing (the text as read in check mode)
    fixed: list[Finding] = field(default_factory=list)
    failed: list[Finding] = field(default_factory=list)
    cell_errors: list[FileError] = field(default_factory=list)


def _analyse_python(text: str, rules: list[Rule], options: Options, project: Project | None, path: Path) -> _Analysis | FileError:
    """The findings (and fixes) of a .py file, or why it cannot be analysed."""
    from codemods import engine  # noqa: PLC0415 - a cached run never loads the rules

    try:
        if options.mode is Mode.CHECK:
            return _Analysis(engine.check(text, rules=rules, project=project, path=path), text)
        result = engine.fix(text, unsafe=options.unsafe, rules=rules, project=project, path=path)
    except engine.SourceError as error:
        return FileError(f"syntax error: {error.message}", error.line, error.column)
    return _Analysis(result.remaining, result.source, result.fixed, result.failed)


def _analyse_notebook(text: str, rules: list[Rule], options: Options, project: Project | None, path: Path) -> _Analysis | FileError:
    """The same for a notebook; a cell that does not parse is a cell error, the others are analysed."""
    from codemods import notebook  # noqa: PLC0415 - nbformat is slow to import

    try:
        if options.mode is Mode.CHECK:
            checked = notebook.check_notebook(text, rules=rules, project=project, path=path)
            return _Analysis(checked.findings, text, cell_errors=[_cell_error(e) for e in checked.errors])
        result = notebook.fix_notebook(text, unsafe=options.unsafe, rules=rules, project=project, path=path)
    except notebook.NotebookError as error:
        return FileError(f"not a valid notebook: {error}")
    return _Analysis(result.remaining, result.text, result.fixed, result.failed, [_cell_error(e) for e in result.errors])


def _cell_error(error: CellError) -> FileError:
    return FileError(f"syntax error: {error.message}", error.line, error.column, cell=error.cell)


def _reports(
    targets: Sequence[Target], options: Sequence[Options], jobs: int | None, progress: Callable[[], None]
) -> Iterator[FileReport]:
    jobs = jobs or _usable_cpus()
    if jobs <= 1 or len(targets) < PARALLEL_THRESHOLD:
        for target, file_options in zip(targets, options):
            report = process_file(target, file_options)
            progress()
            yield report
        return
    import multiprocessing  # noqa: PLC0415 - a cached run starts no process

    _preload(targets)
    chunks = _chunks([_size(target) for target in targets], jobs)
    # Plain strings to the workers: a Path costs more to send and rebuild than to look up.
    jobs_of = (
        [(index, os.fspath(targets[index].real), targets[index].path.suffix == ".ipynb", options[index]) for index in chunk]
        for chunk in chunks
    )
    pool = multiprocessing.Pool(jobs, initializer=_ignore_interrupts)
    try:
        # Largest files first, each chunk to whichever worker is free; reports come back
        # in any order and are yielded in the order of `targets`.
        done: dict[int, FileReport] = {}
        next_index = 0
        for reports in pool.imap_unordered(_process_chunk, jobs_of):
            for index, report in reports:
                report.path = targets[index].path
                done[index] = report
                progress()
            while next_index in done:
                yield done.pop(next_index)
                next_index += 1
    except BaseException:  # Ctrl-C, or the caller stopped early: workers only read, stop them now
        pool.terminate()
        raise
    finally:
        pool.close()
        pool.join()


def _preload(targets: Sequence[Target]) -> None:
    """Import what analysing needs once, before the worker processes fork and share it."""
    from codemods import engine  # noqa: F401, PLC0415

    if any(target.path.suffix == ".ipynb" for target in targets):
        from codemods import notebook  # noqa: PLC0415

        notebook.preload()


def _size(target: Target) -> int:
    try:
        return os.stat(target.real).st_size
    except OSError:
        return 0


# Each worker gets about this many chunks over a run: enough to even out the load between
# them, few enough that sending chunks and reports back costs little.
CHUNKS_PER_WORKER = 12


def _chunks(sizes: Sequence[int], jobs: int) -> list[list[int]]:
    """Indices of `sizes` grouped into chunks of about equal total size, largest files first
    (a large file started last would keep one worker busy while the others wait)."""
    order = sorted(range(len(sizes)), key=sizes.__getitem__, reverse=True)
    budget = max(1, sum(sizes) // (jobs * CHUNKS_PER_WORKER))
    chunks: list[list[int]] = []
    chunk: list[int] = []
    filled = 0
    for index in order:
        chunk.append(index)
        filled += sizes[index]
        if filled >= budget:
            chunks.append(chunk)
            chunk, filled = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


def _process_chunk(jobs: list[tuple[int, str, bool, Options]]) -> list[tuple[int, FileReport]]:
    return [(index, _process(None, real, notebook, options)) for index, real, notebook, options in jobs]  # type: ignore[arg-type]


def _usable_cpus() -> int:
    """CPUs this process may run on (fewer than the machine's under `taskset` or a container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the terminal's group; only the main process handles it.
    import signal  # noqa: PLC0415

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
