"""How fast the language server answers an editor, against `ruff server` in the same run.

    python scripts/bench_lsp.py [--repeat 20] [--lines 200 1000 5000] [--where end|middle]

Spawns the real `gradfix lsp` (and `ruff server`, if installed), opens a file of training
code of each size, then times (medians):
- an edit (one small incremental `didChange`: a comment line added or removed at the end of
  the file, or in its middle, which moves every line after it) until the
  `publishDiagnostics` for that version;
- a `textDocument/codeAction` request at a finding (gradfix) once that version is analysed.

Ruff checks the same text with its default rules: it answers for a different analysis, but
it is the speed an editor's own checks set. Machines here are shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol import LanguageServerProtocol

ROOT = Path(__file__).resolve().parent.parent
WAIT = 300.0


def training_file(lines: int) -> str:
    """About `lines` lines of training code: the golden befores, repeated."""
    programs = sorted((ROOT / "golden").rglob("*.before.py"))
    parts, count = [], 0
    while count < lines:
        for path in programs:
            text = path.read_text(encoding="utf-8")
            parts.append(text)
            count += text.count("\n") + 1
            if count >= lines:
                break
    return "\n".join(parts)


class RawInitializeResult(LanguageServerProtocol):
    """lsprotocol cannot read the notebook selector Ruff advertises; the capabilities are
    not needed here, so the initialize result is kept as plain JSON."""

    def get_result_type(self, method: str):  # type: ignore[no-untyped-def]
        return None if method == types.INITIALIZE else super().get_result_type(method)


class Session:
    def __init__(self, command: list[str], where: str = "end") -> None:
        self.command = command
        self.where = where
        self.client = LanguageClient("bench-lsp", "1", protocol_cls=RawInitializeResult)
        self.published: list[tuple[str, int | None, float, list[types.Diagnostic]]] = []
        self.arrived = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: types.PublishDiagnosticsParams) -> None:
            self.published.append((params.uri, params.version, time.perf_counter(), list(params.diagnostics)))
            self.arrived.set()

    async def start(self) -> None:
        await self.client.start_io(*self.command, cwd=str(ROOT))
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(
                    text_document=types.TextDocumentClientCapabilities(
                        code_action=types.CodeActionClientCapabilities(
                            resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
                        )
                    )
                ),
                process_id=os.getpid(),
                root_uri=ROOT.as_uri(),
            )
        )
        self.client.initialized(types.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    async def diagnostics(self, uri: str, version: int, after: int) -> tuple[float, list[types.Diagnostic]]:
        """The first diagnostics for `uri` published after the `after`-th notification, for
        `version` (Ruff publishes without a version: any later one is the answer)."""

        async def wait() -> tuple[float, list[types.Diagnostic]]:
            while True:
                for published_uri, published_version, when, diagnostics in self.published[after:]:
                    if published_uri == uri and published_version in (version, None):
                        return when, diagnostics
                self.arrived.clear()
                await self.arrived.wait()

        return await asyncio.wait_for(wait(), WAIT)

    async def measure(self, uri: str, text: str, repeat: int) -> tuple[float, float, int]:
        """Median seconds from didChange to publishDiagnostics, median seconds of a code
        action request, and the number of diagnostics."""
        mark = len(self.published)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
        )
        _, diagnostics = await self.diagnostics(uri, 1, mark)
        line = text.count("\n") if self.where == "end" else text.count("\n") // 2
        changes, actions = [], []
        for version in range(2, repeat + 2):
            # Alternately add and remove a comment line (at the end, or in the middle): a small
            # incremental edit.
            at = types.Position(line + 1, 0)
            if version % 2 == 0:
                change = types.TextDocumentContentChangePartial(range=types.Range(at, at), text="# edited\n")
            else:
                change = types.TextDocumentContentChangePartial(range=types.Range(at, types.Position(line + 2, 0)), text="")
            mark, start = len(self.published), time.perf_counter()
            self.client.text_document_did_change(
                types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=version), [change])
            )
            arrived, diagnostics = await self.diagnostics(uri, version, mark)
            changes.append(arrived - start)
            where = diagnostics[len(diagnostics) // 2].range if diagnostics else types.Range(types.Position(0, 0), types.Position(0, 0))
            start = time.perf_counter()
            await self.client.text_document_code_action_async(
                types.CodeActionParams(types.TextDocumentIdentifier(uri), where, types.CodeActionContext(diagnostics=[]))
            )
            actions.append(time.perf_counter() - start)
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
        return statistics.median(changes), statistics.median(actions), len(diagnostics)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--lines", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--where", choices=["end", "middle"], default="end", help="where the edited line is")
    args = parser.parse_args()
    servers = {"gradfix lsp": [sys.executable, "-m", "codemods", "lsp"]}
    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff:
        servers["ruff server"] = [ruff, "server"]
    else:
        print("ruff not installed: measuring gradfix alone")
    print(f"{'server':<12} {'lines':>6} {'diags':>6} {'didChange->diagnostics':>23} {'codeAction':>11}")
    for name, command in servers.items():
        session = Session(command, args.where)
        await session.start()
        for lines in args.lines:
            text = training_file(lines)
            uri = (ROOT / f"bench_{lines}.py").as_uri()
            change, action, count = await session.measure(uri, text, args.repeat)
            print(f"{name:<12} {text.count(chr(10)) + 1:>6} {count:>6} {change * 1000:>20.1f} ms {action * 1000:>8.1f} ms", flush=True)
        await session.stop()


if __name__ == "__main__":
    asyncio.run(main())
