"""The language server end to end: pytest-lsp spawns the real `gradfix lsp` process (one for
the module) and drives it as an editor would, applying the edits it returns itself."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

import codemods
from tests.golden_cases import GOLDEN, Pair, expectation, pairs

ROOT = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-m", "codemods", "lsp"]
PAIRS = [pair for pair in pairs() if pair.before.suffix == ".py"]
NOTEBOOK_PAIRS = [pair for pair in pairs() if pair.before.suffix == ".ipynb"]
WAIT = 120  # seconds: a guard against a hung test, not a timing assertion
GF003 = ROOT / "golden/GF003_clipped_gradients_unused/01_module_level_global_norm.before.py"
MIXED = ROOT / "golden/mixed/01_forward_pass_unzipped_unclipped.before.py"

pytestmark = pytest.mark.asyncio(loop_scope="module")

CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        code_action=types.CodeActionClientCapabilities(
            code_action_literal_support=types.ClientCodeActionLiteralOptions(
                code_action_kind=types.ClientCodeActionKindOptions(value_set=["quickfix", "source"])
            ),
            resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]),
        ),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
    ),
    workspace=types.WorkspaceClientCapabilities(
        apply_edit=True, workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)
    ),
    notebook_document=types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities()
    ),
)


def make_client() -> LanguageClient:
    """pytest-lsp's client, keeping every diagnostics notification and answering
    `workspace/applyEdit`."""
    client = LanguageClient(converter_factory=default_converter)
    client.published: list[types.PublishDiagnosticsParams] = []  # type: ignore[misc]
    client.applied: list[types.WorkspaceEdit] = []  # type: ignore[misc]

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.published.append(params)  # type: ignore[attr-defined]
        client.diagnostics[params.uri] = params.diagnostics

    def apply_edit(client: LanguageClient, params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        client.applied.append(params.edit)  # type: ignore[attr-defined]
        return types.ApplyWorkspaceEditResult(applied=True)

    features = {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish, types.WORKSPACE_APPLY_EDIT: apply_edit}
    register_lsp_features(client, features)
    return client


ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_client, server_env=ENV)


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(capabilities=CAPABILITIES, root_uri=ROOT.as_uri())
    lsp_client.initialize_result = await lsp_client.initialize_session(params)  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


# --- an editor's side: documents, versions, applying edits -------------------------------


class Document:
    def __init__(self, client: LanguageClient, uri: str, text: str, language: str = "python") -> None:
        self.client, self.uri, self.text, self.version = client, uri, text, 1
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text))
        )

    def change(self, text: str) -> None:
        self.version += 1
        self.text = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def close(self) -> None:
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(self.uri)))

    async def diagnostics(self) -> list[types.Diagnostic]:
        """The diagnostics published for the current version."""

        async def published() -> list[types.Diagnostic]:
            while True:
                for params in reversed(self.client.published):  # type: ignore[attr-defined]
                    if params.uri == self.uri and params.version == self.version:
                        return list(params.diagnostics)
                await asyncio.sleep(0.005)

        return await asyncio.wait_for(published(), WAIT)

    async def actions(self, range_: types.Range | None = None, only: list[str] | None = None) -> list[types.CodeAction]:
        range_ = range_ or types.Range(types.Position(0, 0), types.Position(len(self.text.splitlines()) + 1, 0))
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(self.uri),
                range=range_,
                context=types.CodeActionContext(diagnostics=[], only=only),
            )
        )
        return [action for action in result or [] if isinstance(action, types.CodeAction)]

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        return await self.client.code_action_resolve_async(action) if action.edit is None else action

    async def apply(self, edit: types.WorkspaceEdit) -> None:
        """Apply a workspace edit the server returned, as the editor would, and send it."""
        assert edit.document_changes is not None
        [change] = edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.uri == self.uri
        assert change.text_document.version == self.version
        self.change(apply_text_edits(self.text, change.edits))
        await self.diagnostics()


def apply_text_edits(text: str, edits: Any) -> str:
    lines = text.splitlines(keepends=True) or [""]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        if position.line >= len(lines):
            return len(text)
        line, units, index = lines[position.line].rstrip("\r\n"), 0, 0
        while index < len(line) and units < position.character:
            units += 2 if ord(line[index]) > 0xFFFF else 1
            index += 1
        return starts[position.line] + index

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def quick_fixes(actions: list[types.CodeAction]) -> list[types.CodeAction]:
    return [a for a in actions if a.kind == types.CodeActionKind.QuickFix and not a.title.startswith("Ignore ")]


def uri_of(path: Path, suffix: str = "") -> str:
    return path.as_uri() + suffix


# --- diagnostics, quick fixes, fix-all on every golden program -----------------------------


@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
async def test_golden_diagnostics_quick_fixes_and_fix_all(client: LanguageClient, pair: Pair) -> None:
    before = pair.before.read_text(encoding="utf-8")
    document = Document(client, uri_of(pair.before), before)
    diagnostics = await document.diagnostics()
    assert tuple(sorted(d.code for d in diagnostics)) == expectation(pair.before).codes  # type: ignore[type-var]
    for diagnostic in diagnostics:
        assert diagnostic.source == "gradfix"
        assert diagnostic.severity == types.DiagnosticSeverity.Warning
        assert diagnostic.code_description is not None
        assert f"/{str(diagnostic.code).lower()}_" in diagnostic.code_description.href

    # Fix-all: the safe fixes, to a fixed point, exactly as `gradfix fix` does.
    fix_all = await document.actions(only=["source.fixAll"])
    safe = codemods.fix(before).source
    if safe == before:
        assert fix_all == []
    else:
        [action] = fix_all
        assert action.kind == "source.fixAll.gradfix"
        resolved = await document.resolve(action)
        assert resolved.edit is not None
        await document.apply(resolved.edit)
        assert document.text == safe
        document.change(before)
        await document.diagnostics()

    # Quick fixes one at a time, unsafe ones included, reach the after.
    for _ in range(20):
        fixes = quick_fixes(await document.actions())
        if not fixes:
            break
        first = fixes[0]
        assert first.edit is not None
        assert ("(unsafe)" in first.title) != bool(first.is_preferred)
        assert first.title.startswith(f"{first.diagnostics[0].code}: ")  # type: ignore[index]
        await document.apply(first.edit)
    assert document.text == pair.after.read_text(encoding="utf-8")
    assert await document.diagnostics() == []
    document.close()


async def test_quick_fix_titles_say_what_they_do(client: LanguageClient) -> None:
    document = Document(client, uri_of(GF003, "#titles"), GF003.read_text(encoding="utf-8"))
    [diagnostic] = await document.diagnostics()
    actions = await document.actions(diagnostic.range, only=["quickfix"])
    assert [a.title for a in actions] == ["GF003: Apply the clipped gradients", "Ignore GF003 on this line"]
    assert actions[0].is_preferred
    document.close()


async def test_unsafe_fixes_are_marked_and_never_preferred(client: LanguageClient) -> None:
    path = next(ROOT.glob("golden/GF007_*/01_*.before.py"))
    document = Document(client, uri_of(path, "#unsafe"), path.read_text(encoding="utf-8"))
    [diagnostic] = await document.diagnostics()
    [action] = quick_fixes(await document.actions(diagnostic.range))
    assert action.title.endswith("(unsafe)")
    assert not action.is_preferred
    assert await document.actions(only=["source.fixAll.gradfix"]) == []  # nothing safe to fix
    document.close()


async def test_ignore_action_adds_noqa_and_silences_the_finding(client: LanguageClient) -> None:
    document = Document(client, uri_of(GF003, "#ignore"), GF003.read_text(encoding="utf-8"))
    [diagnostic] = await document.diagnostics()
    [ignore] = [a for a in await document.actions(diagnostic.range) if a.title == "Ignore GF003 on this line"]
    resolved = await document.resolve(ignore)
    assert resolved.edit is not None
    await document.apply(resolved.edit)
    assert document.text.splitlines()[diagnostic.range.start.line].endswith("  # noqa: GF003")
    assert await document.diagnostics() == []
    document.close()


async def test_stale_actions_are_not_offered(client: LanguageClient) -> None:
    text = GF003.read_text(encoding="utf-8")
    document = Document(client, uri_of(GF003, "#stale"), text)
    [diagnostic] = await document.diagnostics()
    [_, ignore] = await document.actions(diagnostic.range, only=["quickfix"])
    document.change(text + "\n")
    resolved = await document.resolve(ignore)  # asked for version 1, the document is at 2
    assert resolved.edit is None
    [fresh, _] = await document.actions(diagnostic.range, only=["quickfix"])
    assert fresh.edit.document_changes[0].text_document.version == 2  # type: ignore[union-attr, index]
    document.close()


async def test_positions_are_utf16_code_units(client: LanguageClient) -> None:
    text = GF003.read_text(encoding="utf-8").replace("    opt.apply_gradients(", '    _ = "\U0001f600\u00e9"; opt.apply_gradients(')
    document = Document(client, uri_of(GF003, "#utf16"), text)
    [diagnostic] = await document.diagnostics()
    [finding] = codemods.check(text)
    assert diagnostic.range.start.line == finding.range.start.line - 1
    assert diagnostic.range.start.character == finding.range.start.column + 1  # the emoji is two UTF-16 units
    [quick_fix] = quick_fixes(await document.actions(diagnostic.range))
    await document.apply(quick_fix.edit)  # type: ignore[arg-type]
    assert document.text == codemods.apply_fix(text, finding.fix)  # type: ignore[arg-type]
    document.close()


async def test_uris_with_escapes(client: LanguageClient) -> None:
    uri = "file:///projects/my%20models/train%C3%A9.py"
    document = Document(client, uri, GF003.read_text(encoding="utf-8"))
    assert [d.code for d in await document.diagnostics()] == ["GF003"]
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"unsafeFixes": False}))

    async def republished() -> list[str]:  # the new settings re-analyse it, under the client's URI
        while len(uris := [p.uri for p in client.published if "projects" in p.uri]) < 2:  # type: ignore[attr-defined]
            await asyncio.sleep(0.005)
        return uris

    assert await asyncio.wait_for(republished(), WAIT) == [uri, uri]
    document.close()


async def test_save_publishes_diagnostics_again(client: LanguageClient) -> None:
    document = Document(client, uri_of(GF003, "#save"), GF003.read_text(encoding="utf-8"))
    first = await document.diagnostics()
    published = client.published  # type: ignore[attr-defined]
    before = sum(p.uri == document.uri for p in published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(document.uri)))

    async def republished() -> list[types.Diagnostic]:
        while sum(p.uri == document.uri for p in published) == before:
            await asyncio.sleep(0.005)
        return list(published[-1].diagnostics)

    assert await asyncio.wait_for(republished(), WAIT) == first
    document.close()


async def test_organize_imports_is_not_ours(client: LanguageClient) -> None:
    provider = client.initialize_result.capabilities.code_action_provider  # type: ignore[attr-defined]
    assert isinstance(provider, types.CodeActionOptions)
    assert set(provider.code_action_kinds or ()) == {"quickfix", "source.fixAll.gradfix"}
    document = Document(client, uri_of(GF003, "#imports"), GF003.read_text(encoding="utf-8"))
    await document.diagnostics()
    assert await document.actions(only=["source.organizeImports"]) == []
    assert [a.kind for a in await document.actions(only=["source"])] == ["source.fixAll.gradfix"]
    document.close()


async def test_hover_shows_the_rule_documentation(client: LanguageClient) -> None:
    document = Document(client, uri_of(GF003, "#hover"), GF003.read_text(encoding="utf-8"))
    [diagnostic] = await document.diagnostics()
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(document.uri), diagnostic.range.start)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    rule = codemods.RULES_BY_CODE["GF003"]
    assert hover.contents.value.startswith("# GF003 clipped-gradients-unused\n\nFix: safe\n\n")
    assert rule.documentation() in hover.contents.value
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(document.uri), types.Position(0, 0))
    )
    assert nothing is None
    document.close()


async def test_commands_apply_fixes_through_the_client(client: LanguageClient) -> None:
    path = ROOT / "golden/mixed/02_shared_optimizer_reused_tape.before.py"  # one safe, one unsafe
    before = path.read_text(encoding="utf-8")
    document = Document(client, uri_of(path, "#commands"), before)
    await document.diagnostics()
    await client.workspace_execute_command_async(types.ExecuteCommandParams("gradfix.applyAutofix", [document.uri]))
    await document.apply(client.applied.pop())  # type: ignore[attr-defined]
    assert document.text == codemods.fix(before).source
    await client.workspace_execute_command_async(types.ExecuteCommandParams("gradfix.applyUnsafeFixes", [document.uri]))
    await document.apply(client.applied.pop())  # type: ignore[attr-defined]
    assert document.text == path.with_name(path.name.replace(".before.", ".after.")).read_text(encoding="utf-8")
    document.close()


# --- scheduling: a burst of edits is not queued ---------------------------------------------


async def test_versions_arriving_during_an_analysis_replace_each_other() -> None:
    from codemods.lsp.analysis import Scheduler, Snapshot
    from codemods.lsp.settings import Settings

    release = threading.Event()
    analysed: list[int | None] = []

    class Gate(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
            analysed.append(args[0].version)
            return super().submit(lambda: (release.wait(WAIT), fn(*args, **kwargs))[1])

    published: list[int | None] = []
    scheduler = Scheduler(Gate(max_workers=1), lambda analysis: published.append(analysis.snapshot.version))
    text = GF003.read_text(encoding="utf-8")
    for version in range(1, 6):
        scheduler.submit(Snapshot("file:///a.py", version, text, Settings(), "utf-16"))
    release.set()
    newest = await asyncio.wait_for(scheduler.analysis("file:///a.py"), WAIT)
    assert newest is not None and newest.snapshot.version == 5
    assert analysed == [1, 5]  # 2, 3 and 4 were dropped while 1 ran
    assert published == [5]  # 1 finished after 5 arrived: not published


# --- settings -------------------------------------------------------------------------------


async def test_configuration_changes_select_and_reports_wrong_codes(client: LanguageClient) -> None:
    document = Document(client, uri_of(MIXED, "#settings"), MIXED.read_text(encoding="utf-8"))
    every = {d.code for d in await document.diagnostics()}
    assert len(every) > 1 and "GF001" in every

    def configure(settings: Any) -> None:
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=settings))

    try:
        configure({"gradfix": {"select": ["GF001"]}})
        document.change(document.text)  # a new version, to wait for its diagnostics
        assert {d.code for d in await document.diagnostics()} == {"GF001"}

        configure({"select": None, "ignore": "GF001, GF999"})
        document.change(document.text)
        assert {d.code for d in await document.diagnostics()} == every - {"GF001"}
        [message] = client.messages
        assert "GF999" in message.message and message.type == types.MessageType.Warning
    finally:
        configure({"select": None, "ignore": [], "unsafeFixes": False})
    document.change(document.text)
    assert {d.code for d in await document.diagnostics()} == every
    document.close()


INIT_CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_client, server_env=ENV)


@pytest_lsp.fixture(config=INIT_CONFIG, scope="module")
async def configured(lsp_client: LanguageClient):
    options = {"select": ["GF00"], "ignore": ["GF002"], "unsafeFixes": True, "wrong": 1}
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(), initialization_options={**options, "select": ["GF00", "XX1"]}))
    yield
    await lsp_client.shutdown_session()


async def test_initialization_options_select_ignore_and_unsafe_fixes(configured: LanguageClient) -> None:
    before = MIXED.read_text(encoding="utf-8")
    document = Document(configured, uri_of(MIXED, "#init"), before)
    codes = {d.code for d in await document.diagnostics()}
    expected = {f.code for f in codemods.check(before)}
    assert codes == {code for code in expected if code.startswith("GF00") and code != "GF002"}
    assert ["XX1" in m.message for m in configured.messages] == [True]
    # Without resolve support the edits come inline; with unsafeFixes, fix-all applies them too.
    [fix_all] = await document.actions(only=["source.fixAll.gradfix"])
    assert fix_all.edit is not None
    await document.apply(fix_all.edit)
    rules = codemods.select_rules(["GF00"], ["GF002"])
    assert document.text == codemods.fix(before, unsafe=True, rules=rules).source
    document.close()


# --- robustness: nothing an editor (or a broken client) sends kills the server -----------------


async def alive(client: LanguageClient) -> None:
    """The server still analyses and answers."""
    document = Document(client, uri_of(GF003, f"#alive{len(client.published)}"), GF003.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    assert [d.code for d in await document.diagnostics()] == ["GF003"]
    document.close()


async def test_malformed_json_rpc(client: LanguageClient) -> None:
    stdin = client._server.stdin  # type: ignore[union-attr]
    for body in (b"{not json", b'{"jsonrpc": "2.0", "method": 17}', b"[]", b'{"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {"bad": 1}}'):
        stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    stdin.write(b"Content-Length: nonsense\r\n\r\n")
    await stdin.drain()
    await alive(client)


async def test_unknown_methods(client: LanguageClient) -> None:
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("gradfix/noSuchMethod", {"x": 1})
    client.protocol.notify("gradfix/noSuchNotification", {"x": 1})
    await alive(client)


async def test_did_change_for_an_unopened_document(client: LanguageClient) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri="file:///never/opened.py", version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="import tensorflow as tf\n")],
        )
    )
    await alive(client)
    assert not [m for m in client.messages if m.type == types.MessageType.Error]


async def test_twenty_thousand_line_document(client: LanguageClient) -> None:
    program = GF003.read_text(encoding="utf-8")
    filler = "".join(f"def helper_{i}(value):\n    return value + {i}\n\n" for i in range(6700))
    text = program + filler
    assert text.count("\n") >= 20_000
    document = Document(client, "file:///big/twenty_thousand.py", text)
    assert [d.code for d in await document.diagnostics()] == ["GF003"]
    document.close()
    await alive(client)


async def test_documents_that_are_not_python(client: LanguageClient) -> None:
    markdown = Document(client, "file:///notes/readme.md", "# apply_gradients(grads, vars)\n\n```\ntape.gradient(\n", language="markdown")
    garbage = Document(client, "file:///binary/blob.py", "\x00\x01 apply_gradients tape.gradient(((\n\ud7ff" * 50)
    await alive(client)
    hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(markdown.uri), types.Position(0, 3)))
    assert hover is None
    assert markdown.uri not in client.diagnostics and garbage.uri not in client.diagnostics
    assert await garbage.actions() == []
    markdown.close()
    garbage.close()


async def test_rapid_edits_publish_only_newer_versions(client: LanguageClient) -> None:
    text = MIXED.read_text(encoding="utf-8")
    document = Document(client, uri_of(MIXED, "#rapid"), text)
    start = len(client.published)  # type: ignore[attr-defined]
    for index in range(40):
        document.change(text + f"\n# edit {index}\n")
    final = await document.diagnostics()
    assert {d.code for d in final} == {f.code for f in codemods.check(text)}
    versions = [p.version for p in client.published[start:] if p.uri == document.uri]  # type: ignore[attr-defined]
    assert versions == sorted(versions) and versions[-1] == document.version
    document.close()


async def test_each_version_parsed_incrementally_gets_the_diagnostics_of_a_fresh_check(client: LanguageClient) -> None:
    """Edits in the middle, at the end, that move lines or not, that break the buffer and
    mend it: the server reuses the previous version's tree around each edit, and every
    version's diagnostics (codes and ranges) are still those of checking its text afresh."""
    text = MIXED.read_text(encoding="utf-8") + "\n" + GF003.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    middle = len(lines) // 2
    versions = [
        "".join([*lines[:middle], "# a comment line\n", *lines[middle:]]),  # moves what follows
        "".join([*lines[:middle], "x_1 = 1\n", *lines[middle + 1 :]]),  # same line count
        "".join([*lines[:middle], "def broken(:\n", *lines[middle:]]),  # does not parse
        text,  # mended
        text + "# edited\n",  # at the end
        "".join(lines[:middle]),  # the second half deleted
        text,
    ]
    document = Document(client, uri_of(MIXED, "#incremental"), text)
    await document.diagnostics()
    for version in versions:
        document.change(version)
        try:
            expected = [(f.code, f.range.start.line - 1) for f in codemods.check(version)]
        except codemods.SourceError:
            assert await document.actions() == []  # waits for the analysis; nothing published
            continue
        assert [(d.code, d.range.start.line) for d in await document.diagnostics()] == expected
    document.close()


async def test_a_buffer_that_does_not_parse_keeps_its_diagnostics(client: LanguageClient) -> None:
    text = GF003.read_text(encoding="utf-8")
    document = Document(client, uri_of(GF003, "#broken"), text)
    good = await document.diagnostics()
    count = len(client.published)  # type: ignore[attr-defined]
    document.change(text + "\ndef broken(:\n")
    assert await document.actions() == []  # waits for the analysis of the broken version
    assert list(client.diagnostics[document.uri]) == good
    assert len(client.published) == count  # type: ignore[attr-defined]
    assert not client.messages or all("GF999" in m.message for m in client.messages)
    document.change(text)
    assert await document.diagnostics() == good
    document.close()


# --- notebook documents: one program, diagnostics and actions per cell ------------------------

SETUP = "import tensorflow as tf\nw = tf.Variable(1.0)\nopt = tf.keras.optimizers.SGD(0.1)"
MARKDOWN, CODE = types.NotebookCellKind.Markup, types.NotebookCellKind.Code


def cells_of(path: Path) -> list[tuple[types.NotebookCellKind, str]]:
    """A notebook file's cells as an editor sends them: (kind, text)."""
    return cells_of_text(path.read_text(encoding="utf-8"))


def cells_of_text(text: str) -> list[tuple[types.NotebookCellKind, str]]:
    return [(CODE if cell["cell_type"] == "code" else MARKDOWN, "".join(cell["source"])) for cell in json.loads(text)["cells"]]


class Notebook:
    """An editor's notebook document: cells with their own URIs and versions."""

    def __init__(self, client: LanguageClient, uri: str, cells: list[tuple[types.NotebookCellKind, str]]) -> None:
        self.client, self.uri, self.version = client, uri, 1
        self.kinds = [kind for kind, _ in cells]
        self.texts = [text for _, text in cells]
        self.uris = [f"vscode-notebook-cell:{uri.removeprefix('file://')}#W{index}" for index in range(len(cells))]
        self.versions = [1] * len(cells)
        self.mark = len(client.published)  # type: ignore[attr-defined]
        client.notebook_document_did_open(
            types.DidOpenNotebookDocumentParams(
                notebook_document=types.NotebookDocument(
                    uri=uri,
                    notebook_type="jupyter-notebook",
                    version=1,
                    cells=[types.NotebookCell(kind=kind, document=cell) for kind, cell in zip(self.kinds, self.uris)],
                ),
                cell_text_documents=[
                    types.TextDocumentItem(uri=cell, language_id="python" if kind == CODE else "markdown", version=1, text=text)
                    for kind, cell, text in zip(self.kinds, self.uris, self.texts)
                ],
            )
        )

    @property
    def code_cells(self) -> list[int]:
        return [index for index, kind in enumerate(self.kinds) if kind == CODE]

    def change(self, texts: dict[int, str]) -> None:
        """One `notebookDocument/didChange` with the new text of some cells (by index)."""
        self.version += 1
        self.mark = len(self.client.published)  # type: ignore[attr-defined]
        changes = []
        for index, text in texts.items():
            self.versions[index] += 1
            self.texts[index] = text
            changes.append(
                types.NotebookDocumentCellContentChanges(
                    document=types.VersionedTextDocumentIdentifier(uri=self.uris[index], version=self.versions[index]),
                    changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
                )
            )
        self.client.notebook_document_did_change(
            types.DidChangeNotebookDocumentParams(
                notebook_document=types.VersionedNotebookDocumentIdentifier(version=self.version, uri=self.uri),
                change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(text_content=changes)),
            )
        )

    def close(self) -> None:
        self.client.notebook_document_did_close(
            types.DidCloseNotebookDocumentParams(
                notebook_document=types.NotebookDocumentIdentifier(self.uri),
                cell_text_documents=[types.TextDocumentIdentifier(cell) for cell in self.uris],
            )
        )

    async def diagnostics(self, cells: list[int] | None = None) -> dict[int, list[types.Diagnostic]]:
        """The diagnostics published for each code cell (or `cells`) at its current version,
        since the last open or change: every cell's, even one whose text did not change."""
        wanted = self.code_cells if cells is None else cells

        async def published() -> dict[int, list[types.Diagnostic]]:
            while True:
                found: dict[int, list[types.Diagnostic]] = {}
                for params in self.client.published[self.mark :]:  # type: ignore[attr-defined]
                    if params.uri in self.uris:
                        index = self.uris.index(params.uri)
                        if params.version == self.versions[index]:
                            found[index] = list(params.diagnostics)
                if all(index in found for index in wanted):
                    return {index: found[index] for index in wanted}
                await asyncio.sleep(0.005)

        return await asyncio.wait_for(published(), WAIT)

    async def actions(self, index: int, range_: types.Range | None = None, only: list[str] | None = None) -> list[types.CodeAction]:
        range_ = range_ or types.Range(types.Position(0, 0), types.Position(len(self.texts[index].splitlines()) + 1, 0))
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(self.uris[index]),
                range=range_,
                context=types.CodeActionContext(diagnostics=[], only=only),
            )
        )
        return [action for action in result or [] if isinstance(action, types.CodeAction)]

    async def apply(self, edit: types.WorkspaceEdit) -> list[int]:
        """Apply a workspace edit to the cells it names (at their current versions), send it
        as one change, wait for the new diagnostics; the indexes of the cells changed."""
        assert edit.document_changes
        texts = {}
        for change in edit.document_changes:
            assert isinstance(change, types.TextDocumentEdit)
            index = self.uris.index(change.text_document.uri)
            assert change.text_document.version == self.versions[index]
            texts[index] = apply_text_edits(self.texts[index], change.edits)
        self.change(texts)
        await self.diagnostics()
        return sorted(texts)


def notebook_codes(diagnostics: dict[int, list[types.Diagnostic]]) -> tuple[str, ...]:
    return tuple(sorted(str(d.code) for found in diagnostics.values() for d in found))


@pytest.mark.parametrize("pair", NOTEBOOK_PAIRS, ids=[p.id for p in NOTEBOOK_PAIRS])
async def test_golden_notebook_diagnostics_quick_fixes_and_fix_all(client: LanguageClient, pair: Pair) -> None:
    before = pair.before.read_text(encoding="utf-8")
    notebook = Notebook(client, uri_of(pair.before), cells_of(pair.before))
    diagnostics = await notebook.diagnostics()
    assert notebook_codes(diagnostics) == expectation(pair.before).codes
    # Each in the cell, and at the place in it, the command line reports.
    reported = {(index + 1, d.code, d.range.start.line + 1, d.message) for index, found in diagnostics.items() for d in found}
    assert reported == {(f.cell, f.code, f.line, f.message) for f in codemods.check_notebook(before).findings}

    # Fix-all asked on the first cell fixes the whole notebook, as `gradfix fix` does.
    safe = [text for _, text in cells_of_text(codemods.fix_notebook(before).text)]
    fix_all = await notebook.actions(notebook.code_cells[0], only=["source.fixAll"])
    if safe == notebook.texts:
        assert fix_all == []
    else:
        [action] = fix_all
        resolved = await client.code_action_resolve_async(action)
        assert resolved.edit is not None
        await notebook.apply(resolved.edit)
        assert notebook.texts == safe
        notebook.change({index: text for index, (_, text) in enumerate(cells_of(pair.before)) if text != notebook.texts[index]})
        await notebook.diagnostics()

    # Quick fixes cell by cell, unsafe ones included, reach the after's cells.
    for _ in range(20):
        found = [(index, fixes) for index in notebook.code_cells if (fixes := quick_fixes(await notebook.actions(index)))]
        if not found:
            break
        index, [first, *_] = found[0]
        assert first.edit is not None
        assert await notebook.apply(first.edit) == [index]  # a quick fix edits the cell it was asked on
    assert notebook.texts == [text for _, text in cells_of(pair.after)]
    assert notebook_codes(await notebook.diagnostics()) == ()
    notebook.close()


async def test_a_change_to_one_cell_reanalyses_the_whole_notebook(client: LanguageClient) -> None:
    """Cell 2's finding depends on what cell 1 binds: editing cell 1 alone clears it."""
    step = "with tf.GradientTape() as tape:\n    y = x * x\ng = tape.gradient(y, x)"
    notebook = Notebook(client, "file:///notebooks/reanalysed.ipynb", [(CODE, "import tensorflow as tf\nx = tf.constant(1.0)"), (CODE, step)])
    first = await notebook.diagnostics()
    assert [d.code for d in first[1]] == ["GF014"] and first[0] == []
    notebook.change({0: "import tensorflow as tf\nx = tf.Variable(1.0)"})
    assert await notebook.diagnostics() == {0: [], 1: []}  # cell 2 republished at its unchanged version
    notebook.close()


async def test_a_cell_fix_keeps_the_cell_without_a_final_line_break(client: LanguageClient) -> None:
    """GF011's fix adds `del tape` below a cell's last line, where the program (not the cell)
    has a line break: the quick fix ends the cell as the command line's fix does."""
    step = "with tf.GradientTape() as tape:\n    loss = w * w\ng1 = tape.gradient(loss, [w])\ng2 = tape.gradient(loss, [w])"
    cells = [(MARKDOWN, "# Training"), (CODE, SETUP), (CODE, step), (CODE, "opt.apply_gradients(zip(g1, [w]))")]
    notebook = Notebook(client, "file:///notebooks/final_line.ipynb", cells)
    assert notebook_codes(await notebook.diagnostics()) == ("GF009", "GF011")  # g2 is never applied, too
    [fix] = [a for a in quick_fixes(await notebook.actions(2)) if a.title.startswith("GF011")]
    await notebook.apply(fix.edit)  # type: ignore[arg-type]
    assert notebook.texts[2] == step.replace("GradientTape()", "GradientTape(persistent=True)") + "\ndel tape"
    assert notebook.texts[3] == cells[3][1]
    notebook.close()


async def test_a_fix_spanning_cells_is_not_offered(client: LanguageClient) -> None:
    step = "with tf.GradientTape() as tape:\n    loss = pred * pred\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(zip(grads, [w]))"
    notebook = Notebook(client, "file:///notebooks/spanning.ipynb", [(CODE, SETUP), (CODE, "pred = w * 3.0"), (CODE, step)])
    diagnostics = await notebook.diagnostics()
    [diagnostic] = diagnostics[1]
    assert diagnostic.code == "GF002" and "the fix spans cells 2 and 3" in diagnostic.message
    assert [a.title for a in await notebook.actions(1)] == ["Ignore GF002 on this line"]
    assert await notebook.actions(1, only=["source.fixAll"]) == []
    notebook.close()


async def test_ignore_in_a_cell_with_magics(client: LanguageClient) -> None:
    path = GOLDEN / "notebooks/06_gradient_inside_tape_with_shell_lines.before.ipynb"
    notebook = Notebook(client, uri_of(path, "#ignore"), cells_of(path))
    diagnostics = await notebook.diagnostics()
    [(index, [diagnostic])] = [(index, found) for index, found in diagnostics.items() if found]
    assert "%time" in notebook.texts[index]  # the cell holds a line magic the tokenizer must not trip on
    [ignore] = [a for a in await notebook.actions(index, diagnostic.range) if a.title.startswith("Ignore ")]
    resolved = await client.code_action_resolve_async(ignore)
    assert resolved.edit is not None
    assert await notebook.apply(resolved.edit) == [index]
    assert notebook.texts[index].splitlines()[diagnostic.range.start.line].endswith(f"  # noqa: {diagnostic.code}")
    assert notebook_codes(await notebook.diagnostics()) == ()
    notebook.close()


async def test_hover_in_a_cell(client: LanguageClient) -> None:
    path = GOLDEN / "notebooks/05_clipped_gradients_unused.before.ipynb"
    notebook = Notebook(client, uri_of(path, "#hover"), cells_of(path))
    [(index, [diagnostic])] = [(index, found) for index, found in (await notebook.diagnostics()).items() if found]
    hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(notebook.uris[index]), diagnostic.range.start))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("# GF003 clipped-gradients-unused\n")
    other = notebook.code_cells[0]
    nothing = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(notebook.uris[other]), types.Position(0, 0)))
    assert nothing is None
    notebook.close()


async def test_magics_in_cells_never_produce_an_error(client: LanguageClient) -> None:
    path = GOLDEN / "notebooks/magics_and_shell_lines.ok.ipynb"
    messages = len(client.messages)
    notebook = Notebook(client, uri_of(path, "#magics"), cells_of(path))
    assert notebook_codes(await notebook.diagnostics()) == ()
    for index in notebook.code_cells:
        assert await notebook.actions(index) == []
        for line in range(len(notebook.texts[index].splitlines())):
            position = types.Position(line, 1)
            assert await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(notebook.uris[index]), position)) is None
    assert client.messages[messages:] == []
    notebook.close()
    await alive(client)


async def test_a_cell_that_does_not_parse_keeps_its_diagnostics_and_the_others_are_analysed(client: LanguageClient) -> None:
    step = "with tf.GradientTape() as tape:\n    loss = w * w\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(grads, [w])"
    notebook = Notebook(client, "file:///notebooks/broken.ipynb", [(CODE, SETUP), (CODE, step), (CODE, "x = 1")])
    assert notebook_codes(await notebook.diagnostics()) == ("GF001",)
    notebook.change({2: "def broken(:"})
    after = await notebook.diagnostics([0, 1])
    assert after[0] == [] and [d.code for d in after[1]] == ["GF001"]
    assert all(p.uri != notebook.uris[2] for p in client.published[notebook.mark :])  # type: ignore[attr-defined]
    notebook.close()


async def test_closing_a_notebook_clears_its_cells_and_the_server_advertises_notebooks(client: LanguageClient) -> None:
    sync = client.initialize_result.capabilities.notebook_document_sync  # type: ignore[attr-defined]
    assert isinstance(sync, types.NotebookDocumentSyncOptions)
    [selector] = sync.notebook_selector
    assert selector.notebook == "jupyter-notebook" and [c.language for c in selector.cells or []] == ["python"]
    path = GOLDEN / "notebooks/01_optimizer_in_earlier_cell.before.ipynb"
    notebook = Notebook(client, uri_of(path, "#close"), cells_of(path))
    assert notebook_codes(await notebook.diagnostics()) == ("GF001",)
    notebook.mark = len(client.published)  # type: ignore[attr-defined]
    notebook.close()

    async def cleared() -> set[str]:
        while len(uris := {p.uri for p in client.published[notebook.mark :] if not p.diagnostics}) < len(notebook.uris):  # type: ignore[attr-defined]
            await asyncio.sleep(0.005)
        return uris

    assert await asyncio.wait_for(cleared(), WAIT) == set(notebook.uris)


async def test_cells_added_and_removed(client: LanguageClient) -> None:
    """A cell inserted is analysed with the others; a cell deleted loses its diagnostics."""
    step = "with tf.GradientTape() as tape:\n    loss = w * w\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(grads, [w])"
    notebook = Notebook(client, "file:///notebooks/structure.ipynb", [(CODE, SETUP), (CODE, "print(w)")])
    assert notebook_codes(await notebook.diagnostics()) == ()

    def restructure(start: int, delete: int, added: list[tuple[str, str]], removed: list[str]) -> None:
        notebook.version += 1
        notebook.mark = len(client.published)  # type: ignore[attr-defined]
        structure = types.NotebookDocumentCellChangeStructure(
            array=types.NotebookCellArrayChange(start=start, delete_count=delete, cells=[types.NotebookCell(kind=CODE, document=uri) for uri, _ in added]),
            did_open=[types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text) for uri, text in added],
            did_close=[types.TextDocumentIdentifier(uri) for uri in removed],
        )
        client.notebook_document_did_change(
            types.DidChangeNotebookDocumentParams(
                notebook_document=types.VersionedNotebookDocumentIdentifier(version=notebook.version, uri=notebook.uri),
                change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(structure=structure)),
            )
        )

    inserted = "vscode-notebook-cell:/notebooks/structure.ipynb#inserted"
    restructure(1, 0, [(inserted, step)], [])
    notebook.uris.insert(1, inserted)
    notebook.kinds.insert(1, CODE)
    notebook.texts.insert(1, step)
    notebook.versions.insert(1, 1)
    diagnostics = await notebook.diagnostics()
    assert [d.code for d in diagnostics[1]] == ["GF001"] and diagnostics[0] == diagnostics[2] == []

    restructure(1, 1, [], [inserted])

    async def cleared() -> None:
        while not any(p.uri == inserted and not p.diagnostics for p in client.published[notebook.mark :]):  # type: ignore[attr-defined]
            await asyncio.sleep(0.005)

    await asyncio.wait_for(cleared(), WAIT)
    notebook.close()


async def test_notebook_messages_for_unknown_notebooks_and_cells(client: LanguageClient) -> None:
    client.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(version=2, uri="file:///never/opened.ipynb"),
            change=types.NotebookDocumentChangeEvent(),
        )
    )
    client.notebook_document_did_save(types.DidSaveNotebookDocumentParams(types.NotebookDocumentIdentifier("file:///never/opened.ipynb")))
    unknown = types.TextDocumentIdentifier("vscode-notebook-cell:/never/opened.ipynb#W0")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(unknown, types.Range(types.Position(0, 0), types.Position(1, 0)), types.CodeActionContext(diagnostics=[]))
    )
    assert list(actions or []) == []
    await alive(client)
    assert not [m for m in client.messages if m.type == types.MessageType.Error]


async def test_saving_a_notebook_publishes_its_cells_again(client: LanguageClient) -> None:
    path = GOLDEN / "notebooks/03_tape_opened_in_earlier_cell.before.ipynb"
    notebook = Notebook(client, uri_of(path, "#save"), cells_of(path))
    first = await notebook.diagnostics()
    notebook.mark = len(client.published)  # type: ignore[attr-defined]
    client.notebook_document_did_save(types.DidSaveNotebookDocumentParams(types.NotebookDocumentIdentifier(notebook.uri)))
    assert await notebook.diagnostics() == first
    notebook.close()


async def test_notebook_actions_with_inline_edits() -> None:
    """For a client that cannot resolve code actions, a cell's actions carry their edits:
    the quick fix and the "Ignore" edit that cell, fix-all every cell that changes."""
    from codemods.lsp import actions
    from codemods.lsp.analysis import Cell, Snapshot, analyse
    from codemods.lsp.settings import Settings

    step = "with tf.GradientTape() as tape:\n    loss = w * w\ngrads = tape.gradient(loss, [w])\n%time opt.apply_gradients(zip(grads, [w]))\nopt.apply_gradients(grads, [w])"
    texts = ["# Notes", SETUP, step, "opt.apply_gradients(grads, [w])"]
    cells = tuple(Cell(f"cell:{index}", 7, text, python=index > 0) for index, text in enumerate(texts))
    analysis = analyse(Snapshot("file:///inline.ipynb", 3, "", Settings(), "utf-16", cells))
    assert analysis is not None
    assert {uri: [f.code for f in part.findings] for uri, part in analysis.parts.items() if part.findings} == {
        "cell:2": ["GF001"],
        "cell:3": ["GF001"],
    }
    part = analysis.part("cell:2")
    assert part is not None
    everything = types.Range(types.Position(0, 0), types.Position(9, 0))
    quick_fix, ignore, fix_all = actions.code_actions(analysis, part, everything, None, lazy=False)
    assert [change.text_document.uri for change in quick_fix.edit.document_changes] == ["cell:2"]  # type: ignore[union-attr]
    [change] = ignore.edit.document_changes  # type: ignore[union-attr]
    assert (change.text_document.uri, change.text_document.version) == ("cell:2", 7)  # type: ignore[union-attr]
    assert apply_text_edits(step, change.edits).splitlines()[4] == "opt.apply_gradients(grads, [w])  # noqa: GF001"  # type: ignore[union-attr]
    changed = {change.text_document.uri: apply_text_edits(texts[int(change.text_document.uri[5:])], change.edits) for change in fix_all.edit.document_changes}  # type: ignore[union-attr]
    assert changed == {
        "cell:2": step.replace("opt.apply_gradients(grads, [w])", "opt.apply_gradients(zip(grads, [w]))"),
        "cell:3": "opt.apply_gradients(zip(grads, [w]))",
    }


# --- functions imported from other files of the workspace -------------------------------------

WORKSPACE = Path(__import__("tempfile").mkdtemp(prefix="gradfix-lsp-workspace-"))
(WORKSPACE / "factories.py").write_text(
    "import tensorflow as tf\n\n\ndef make_optimizer(lr=1e-3):\n    return tf.keras.optimizers.Adam(lr)\n", encoding="utf-8"
)
IMPORTING = """import tensorflow as tf
from factories import make_optimizer

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])


def train_step(x, y):
    optimizer = make_optimizer()
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
"""


@pytest_lsp.fixture(config=INIT_CONFIG, scope="module")
async def in_workspace(lsp_client: LanguageClient):
    folder = types.WorkspaceFolder(uri=WORKSPACE.as_uri(), name="workspace")
    await lsp_client.initialize_session(types.InitializeParams(capabilities=CAPABILITIES, workspace_folders=[folder]))
    yield
    await lsp_client.shutdown_session()


async def test_functions_imported_from_workspace_files_are_followed(in_workspace: LanguageClient) -> None:
    document = Document(in_workspace, (WORKSPACE / "train.py").as_uri(), IMPORTING)
    assert [d.code for d in await document.diagnostics()] == ["GF012"]  # the helper builds an optimizer per call
    unsaved = Document(in_workspace, "untitled:Untitled-1", IMPORTING)
    assert [d.code for d in await unsaved.diagnostics()] == ["GF012"]  # no file of its own: from the root
    # The helper file changes on disk: the next analysis reads it again.
    helper = WORKSPACE / "factories.py"
    helper.write_text(helper.read_text(encoding="utf-8").replace("tf.keras.optimizers.Adam(lr)", "None"), encoding="utf-8")
    os.utime(helper, ns=(helper.stat().st_atime_ns, helper.stat().st_mtime_ns + 10**9))
    document.change(document.text + "\n")
    assert [d.code for d in await document.diagnostics()] == []
