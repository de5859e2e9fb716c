"""Analysing open documents off the event loop, newest version only.

A `Snapshot` is one version of what is analysed as one program: a text document, or a
notebook document whose Python cells are one program, as the command line reads a notebook
(`codemods.notebook.check_cells`). Its `Analysis` holds a `Part` per text document: the
document itself, or each cell, with the findings, diagnostics and positions in that cell.

While a document's analysis runs, later versions wait in a single slot: each new version
replaces the one waiting, so a burst of edits costs at most two analyses, never a queue.
A result is kept (and published) only if its snapshot is still the newest for its document.
"""

from __future__ import annotations

import ast
import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path

from lsprotocol import types

from codemods.analysis.project import Project
from codemods.collector import collector_paused
from codemods.docs import rule_url
from codemods.engine import SourceError, check, parse, rules_that_may_fire
from codemods.findings import Finding
from codemods.incremental import reparse
from codemods.lsp.convert import Positions
from codemods.lsp.settings import Settings
from codemods.notebook import check_cells

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cell:
    """One cell of a notebook document: its text document, and whether it is Python code."""

    uri: str
    version: int | None
    text: str
    python: bool


@dataclass(frozen=True, eq=False)  # compared by identity: two edits can restore the same text
class Snapshot:
    uri: str  # the text document's, or the notebook's
    version: int | None
    text: str  # a notebook's is "": its text is in its cells
    settings: Settings
    encoding: str
    cells: tuple[Cell, ...] | None = None  # a notebook's cells, in order
    # The workspace's files, for functions the document imports from them, and its file.
    project: Project | None = None
    path: Path | None = None

    @property
    def notebook(self) -> bool:
        return self.cells is not None


@dataclass(frozen=True)
class Part:
    """What one text document of a snapshot (the document itself, or a cell) shows."""

    uri: str
    version: int | None
    text: str
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    positions: Positions = field(repr=False)
    parsed: bool = True  # False: a cell that does not parse (it keeps its last diagnostics)


@dataclass(frozen=True)
class Analysis:
    snapshot: Snapshot
    parts: dict[str, Part]  # by URI, as the client spells it

    def part(self, uri: str) -> Part | None:
        return self.parts.get(uri)


def analyse(snapshot: Snapshot) -> Analysis | None:
    """The findings and their diagnostics; None if the text does not parse (or a rule fails:
    an editor must never see the server crash because of one file)."""
    try:
        if snapshot.cells is not None:
            return _analyse_notebook(snapshot, snapshot.cells)
        with collector_paused():  # the parse too, not only `check`: see `codemods.collector`
            findings = check(snapshot.text, rules=snapshot.settings.rules, project=snapshot.project, path=snapshot.path, tree=_PARSES.tree(snapshot))
    except SourceError:
        return None
    except Exception:  # noqa: BLE001 - a bug in one rule must not take the editor's server down
        log.exception("gradfix failed on %s", snapshot.uri)
        return None
    part = _part(snapshot.uri, snapshot.version, snapshot.text, findings, snapshot.encoding)
    return Analysis(snapshot, {part.uri: part})


class _Parses:
    """The last tree parsed of each text document, to parse its next version incrementally
    (`codemods.incremental`): on each keystroke only the lines around the edit are parsed.
    A document's versions are analysed one at a time (`Scheduler`), so no lock is needed."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[str, ast.Module]] = {}

    def tree(self, snapshot: Snapshot) -> ast.Module | None:
        """The snapshot's tree; None when no rule could fire on it (`check` returns at once).
        Raises `SourceError`."""
        if not rules_that_may_fire(snapshot.settings.rules, snapshot.text):
            return None
        last = self._last.get(snapshot.uri)
        tree = reparse(last[0], last[1], snapshot.text) if last is not None else parse(snapshot.text)
        self._last[snapshot.uri] = (snapshot.text, tree)
        return tree

    def forget(self, uri: str) -> None:
        self._last.pop(uri, None)


_PARSES = _Parses()


def _analyse_notebook(snapshot: Snapshot, cells: tuple[Cell, ...]) -> Analysis:
    sources = [cell.text if cell.python else None for cell in cells]
    result = check_cells(sources, rules=snapshot.settings.rules, project=snapshot.project, path=snapshot.path)
    by_cell: dict[int, list[Finding]] = {}
    for finding in result.findings:
        by_cell.setdefault(finding.cell or 0, []).append(finding)
    broken = {error.cell for error in result.errors}
    parts = {}
    for number, cell in enumerate(cells, start=1):
        part = _part(cell.uri, cell.version, cell.text, by_cell.get(number, []), snapshot.encoding)
        parts[cell.uri] = replace(part, parsed=number not in broken)
    return Analysis(snapshot, parts)


def _part(uri: str, version: int | None, text: str, findings: list[Finding], encoding: str) -> Part:
    positions = Positions(text, encoding)
    return Part(uri, version, text, findings, [diagnostic(positions, finding) for finding in findings], positions)


def diagnostic(positions: Positions, finding: Finding) -> types.Diagnostic:
    return types.Diagnostic(
        range=positions.range(finding.range),
        message=finding.message,
        severity=types.DiagnosticSeverity.Warning,
        code=finding.code,
        code_description=types.CodeDescription(href=rule_url(finding.code)),
        source="gradfix",
    )


class Scheduler:
    """At most one running and one waiting analysis per document; see the module docstring."""

    def __init__(self, executor: Executor, publish: Callable[[Analysis], None]) -> None:
        self._executor = executor
        self._publish = publish
        self._newest: dict[str, Snapshot] = {}
        self._running: dict[str, Snapshot] = {}
        self._waiting: dict[str, Snapshot] = {}
        self._good: dict[str, Analysis] = {}  # the last analysis that parsed, per document
        self._settled: dict[str, Snapshot] = {}  # the last snapshot whose analysis finished
        self._finished: dict[str, asyncio.Event] = {}

    def submit(self, snapshot: Snapshot) -> None:
        self._newest[snapshot.uri] = snapshot
        if snapshot.uri in self._running:
            self._waiting[snapshot.uri] = snapshot  # drops whatever version waited before
        else:
            self._start(snapshot)

    def documents(self) -> list[str]:
        """The URIs of the documents analysed, as the client spells them."""
        return list(self._newest)

    def newest(self, uri: str) -> Snapshot | None:
        return self._newest.get(uri)

    def forget(self, uri: str) -> None:
        for table in (self._newest, self._waiting, self._good, self._settled):
            table.pop(uri, None)
        _PARSES.forget(uri)
        self._wake(uri)

    def last_good(self, uri: str) -> Analysis | None:
        return self._good.get(uri)

    async def analysis(self, uri: str) -> Analysis | None:
        """The analysis of the document's newest snapshot, once it is done; None if that
        version does not parse, or the document is not open."""
        while (snapshot := self._newest.get(uri)) is not None and self._settled.get(uri) is not snapshot:
            event = self._finished.setdefault(uri, asyncio.Event())
            await event.wait()
        good = self._good.get(uri)
        return good if good is not None and snapshot is not None and good.snapshot is snapshot else None

    def _start(self, snapshot: Snapshot) -> None:
        self._running[snapshot.uri] = snapshot
        future = asyncio.get_running_loop().run_in_executor(self._executor, analyse, snapshot)
        future.add_done_callback(lambda done: self._done(snapshot, done))

    def _done(self, snapshot: Snapshot, future: asyncio.Future[Analysis | None]) -> None:
        uri = snapshot.uri
        del self._running[uri]
        if (waiting := self._waiting.pop(uri, None)) is not None:
            self._start(waiting)
        if self._newest.get(uri) is not snapshot:
            return  # an older version (or a closed document): dropped
        result = None if future.cancelled() or future.exception() else future.result()
        self._settled[uri] = snapshot
        if result is not None:
            self._good[uri] = result
            self._publish(result)
        self._wake(uri)

    def _wake(self, uri: str) -> None:
        if (event := self._finished.pop(uri, None)) is not None:
            event.set()
