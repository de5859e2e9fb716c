"""Analysing open documents off the event loop, newest version only.

A `Snapshot` is one version of what is analysed as one program. Today that is a text
document; a notebook will be its code cells joined into one program (as the command line
reads it), its `Positions` mapping back to cells, through this same path.

While a document's analysis runs, later versions wait in a single slot: each new version
replaces the one waiting, so a burst of edits costs at most two analyses, never a queue.
A result is kept (and published) only if its snapshot is still the newest for its document.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field

from lsprotocol import types

from codemods.engine import SourceError, check
from codemods.findings import Finding
from codemods.lsp.convert import Positions
from codemods.docs import rule_url
from codemods.lsp.settings import Settings

log = logging.getLogger(__name__)

@dataclass(frozen=True, eq=False)  # compared by identity: two edits can restore the same text
class Snapshot:
    uri: str
    version: int | None
    text: str
    settings: Settings
    encoding: str


@dataclass(frozen=True)
class Analysis:
    snapshot: Snapshot
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    positions: Positions = field(repr=False)


def analyse(snapshot: Snapshot) -> Analysis | None:
    """The findings and their diagnostics; None if the text does not parse (or a rule fails:
    an editor must never see the server crash because of one file)."""
    try:
        findings = check(snapshot.text, rules=snapshot.settings.rules)
    except SourceError:
        return None
    except Exception:  # noqa: BLE001 - a bug in one rule must not take the editor's server down
        log.exception("gradfix failed on %s", snapshot.uri)
        return None
    positions = Positions(snapshot.text, snapshot.encoding)
    return Analysis(snapshot, findings, [diagnostic(positions, finding) for finding in findings], positions)


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
