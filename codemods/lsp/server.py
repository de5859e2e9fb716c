"""`gradfix lsp`: the language server (pygls), wiring LSP messages to the engine.

Diagnostics come from `analysis.Scheduler` (analysis off the event loop, newest version
only); code actions, hover and commands read its cached analysis of the document's newest
version, so they never analyse again. A notebook document (LSP 3.17) is analysed as one
program; its diagnostics are published per cell, and a request on a cell reads the
notebook's analysis.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer

from codemods.analysis.project import Project
from codemods.formats import tool_version
from codemods.lsp import actions
from codemods.lsp.analysis import Analysis, Cell, Part, Scheduler, Snapshot
from codemods.lsp.settings import Settings, parse
from codemods.rules import RULES_BY_CODE

log = logging.getLogger(__name__)
PYTHON = "python"
APPLY_AUTOFIX = "gradfix.applyAutofix"
APPLY_UNSAFE_FIXES = "gradfix.applyUnsafeFixes"
NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithNotebook(notebook="jupyter-notebook", cells=[types.NotebookCellLanguage(language=PYTHON)])
    ],
    save=True,
)


class GradfixServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(name="gradfix", version=tool_version(), notebook_document_sync=NOTEBOOK_SYNC)
        self.opened: set[str] = set()  # text documents open in the client, as it spells their URIs
        self.settings = Settings()
        self.project: Project | None = None  # the workspace folder's files, once the client names it
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="gradfix")
        self.scheduler = Scheduler(self.executor, self.publish)

    def publish(self, analysis: Analysis) -> None:
        for part in analysis.parts.values():
            if part.parsed:  # a cell that does not parse keeps its last diagnostics
                params = types.PublishDiagnosticsParams(uri=part.uri, diagnostics=part.diagnostics, version=part.version)
                self.text_document_publish_diagnostics(params)

    def clear(self, uris: list[str]) -> None:
        for uri in uris:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def analyse(self, uri: str) -> None:
        """Schedule the document's (or notebook's) current text (a no-op for documents gradfix
        does not read)."""
        encoding = str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is not None:
            cells = tuple(self._cell(cell) for cell in notebook.cells)
            self.scheduler.submit(Snapshot(uri, notebook.version, "", self.settings, encoding, cells, self.project, _file(uri)))
            return
        if uri not in self.opened:
            return  # e.g. a didChange for a document never opened
        document = self.workspace.get_text_document(uri)
        if (document.language_id or PYTHON) != PYTHON:
            return
        self.scheduler.submit(Snapshot(uri, document.version, document.source, self.settings, encoding, None, self.project, _file(uri)))

    def _cell(self, cell: types.NotebookCell) -> Cell:
        if self.workspace.get_notebook_document(cell_uri=cell.document) is None:
            return Cell(cell.document, None, "", python=False)  # its text was never sent
        document = self.workspace.get_text_document(cell.document)
        python = cell.kind == types.NotebookCellKind.Code and (document.language_id or PYTHON) == PYTHON
        return Cell(cell.document, document.version, document.source, python)

    def analysed_as(self, uri: str) -> str:
        """The URI analysed for a document: the notebook's for one of its cells, else its own."""
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        return uri if notebook is None else notebook.uri

    async def part(self, uri: str, stale: bool = False) -> tuple[Analysis, Part] | None:
        """The newest analysis of the document (or of the notebook of the cell) `uri` names,
        and its part for `uri`; with `stale`, the last one that parsed if the newest did not."""
        key = self.analysed_as(uri)
        analysis = await self.scheduler.analysis(key)
        if analysis is None and stale:
            analysis = self.scheduler.last_good(key)
        part = None if analysis is None else analysis.part(uri)
        return None if analysis is None or part is None else (analysis, part)

    def configure(self, options: Any) -> None:
        self.settings, problems = parse(options, self.settings)
        for problem in problems:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=problem))

    def report_server_error(self, error: Exception, source: Any) -> None:
        # Bad messages from a client are logged, never shown as pop-ups in the editor.
        log.warning("gradfix lsp: %s: %s", getattr(source, "__name__", source), error)
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=f"gradfix: {error}"))


def _file(uri: str) -> Path | None:
    """The file a `file:` URI names (None for unsaved buffers and other schemes)."""
    if not uri.startswith("file:"):
        return None
    path = uris.to_fs_path(uri)
    return Path(path) if path else None


def create_server() -> GradfixServer:
    server = GradfixServer()

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        server.configure(params.initialization_options)
        folders = [folder.uri for folder in params.workspace_folders or []] or [params.root_uri or ""]
        root = _file(folders[0]) if folders[0] else None
        server.project = Project(root) if root is not None and root.is_dir() else None

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        server.executor.shutdown(wait=False, cancel_futures=True)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        server.configure(params.settings)
        for uri in server.scheduler.documents():
            server.analyse(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.opened.add(params.text_document.uri)
        server.analyse(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.analyse(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(params: types.DidSaveTextDocumentParams) -> None:
        analysis = await server.scheduler.analysis(params.text_document.uri)
        if analysis is not None:
            server.publish(analysis)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.opened.discard(params.text_document.uri)
        server.scheduler.forget(params.text_document.uri)
        server.clear([params.text_document.uri])

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_did_open(params: types.DidOpenNotebookDocumentParams) -> None:
        server.analyse(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_did_change(params: types.DidChangeNotebookDocumentParams) -> None:
        structure = params.change.cells.structure if params.change.cells is not None else None
        if structure is not None and structure.did_close:
            server.clear([cell.uri for cell in structure.did_close])
        server.analyse(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    async def notebook_did_save(params: types.DidSaveNotebookDocumentParams) -> None:
        analysis = await server.scheduler.analysis(params.notebook_document.uri)
        if analysis is not None:
            server.publish(analysis)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_did_close(params: types.DidCloseNotebookDocumentParams) -> None:
        server.scheduler.forget(params.notebook_document.uri)
        server.clear([cell.uri for cell in params.cell_text_documents])

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=actions.KINDS, resolve_provider=True),
    )
    async def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        found = await server.part(params.text_document.uri)
        if found is None:
            return []  # the newest version does not parse: no edit would apply to it
        analysis, part = found
        only = list(params.context.only) if params.context.only else None
        if _resolves_edits(server):
            return actions.code_actions(analysis, part, params.range, only, lazy=True)
        # Without resolve support the costly edits come inline: build them off the event loop.
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(server.executor, actions.code_actions, analysis, part, params.range, only, False)

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(action: types.CodeAction) -> types.CodeAction:
        uri = action.data.get("uri") if isinstance(action.data, dict) else None
        analysis = await server.scheduler.analysis(uri) if isinstance(uri, str) else None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(server.executor, actions.resolve, analysis, action)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(params: types.HoverParams) -> types.Hover | None:
        analysed = await server.part(params.text_document.uri, stale=True)
        if analysed is None:
            return None
        _, part = analysed
        position = part.positions.from_lsp(params.position)
        found = [f for f in part.findings if actions.contains(f, position)]
        if not found:
            return None
        codes = dict.fromkeys(f.code for f in found)
        text = "\n\n---\n\n".join(rule_markdown(code) for code in codes)
        first = found[0]
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
            range=part.positions.range(first.range),
        )

    @server.command(APPLY_AUTOFIX)
    async def apply_autofix(*arguments: Any) -> None:
        await _apply_fixes(server, arguments, server.settings.unsafe_fixes)

    @server.command(APPLY_UNSAFE_FIXES)
    async def apply_unsafe_fixes(*arguments: Any) -> None:
        await _apply_fixes(server, arguments, True)

    return server


def rule_markdown(code: str) -> str:
    """A rule's documentation as `gradfix rule` prints it."""
    rule = RULES_BY_CODE[code]
    return f"# {rule.code} {rule.name}\n\nFix: {rule.applicability.value}\n\n{rule.documentation()}\n"


async def _apply_fixes(server: GradfixServer, arguments: tuple[Any, ...], unsafe: bool) -> None:
    """Fix a document (argument: its URI, or `{"uri": ...}`) and ask the client to apply it."""
    argument = arguments[0] if arguments else None
    uri = argument.get("uri") if isinstance(argument, dict) else argument
    if not isinstance(uri, str):
        raise ValueError("expected the document's URI as the argument")
    uri = server.analysed_as(uri)  # a cell's: fix its whole notebook
    analysis = await server.scheduler.analysis(uri)
    if analysis is None:
        return
    loop = asyncio.get_running_loop()
    edit = await loop.run_in_executor(server.executor, actions.fix_all_edit, analysis, unsafe)
    if edit is not None and server.scheduler.newest(uri) is analysis.snapshot:
        label = "gradfix: apply unsafe fixes" if unsafe else "gradfix: fix all"
        await server.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=edit, label=label))


def _resolves_edits(server: GradfixServer) -> bool:
    try:
        support = server.client_capabilities.text_document.code_action.resolve_support  # type: ignore[union-attr]
    except AttributeError:
        return False
    return support is not None and "edit" in support.properties


def serve() -> None:
    create_server().start_io()
