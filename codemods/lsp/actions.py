"""Code actions: a quick fix and an "Ignore" per finding, and fix-all for the document.

Quick fixes carry their edits (the findings already hold them). The "Ignore" and fix-all
edits cost a tokenize or whole fix runs, so when the client can resolve code actions they are
offered without edits and computed in `resolve` for the one the user picks.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from codemods import noqa
from codemods.engine import fix
from codemods.findings import Applicability, Finding, Position
from codemods.lsp.analysis import Analysis, Snapshot

FIX_ALL = "source.fixAll.gradfix"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL]


def wanted(kind: str, only: list[str] | None) -> bool:
    """Whether `kind` is asked for: `only` lists kinds or their parents (`source` covers
    `source.fixAll.gradfix`)."""
    return only is None or any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def code_actions(analysis: Analysis, range_: types.Range, only: list[str] | None, lazy: bool) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix, only):
        start, end = analysis.positions.from_lsp(range_.start), analysis.positions.from_lsp(range_.end)
        for finding, diagnostic in zip(analysis.findings, analysis.diagnostics, strict=True):
            if not (finding.range.end < start or end < finding.range.start):
                actions.extend(_for_finding(analysis, finding, diagnostic, lazy))
    if wanted(FIX_ALL, only) and any(f.fixable(analysis.snapshot.settings.unsafe_fixes) for f in analysis.findings):
        action = types.CodeAction(
            title="gradfix: Fix all auto-fixable problems",
            kind=FIX_ALL,
            data={"uri": analysis.snapshot.uri, "version": analysis.snapshot.version, "action": "fixAll"},
        )
        actions.append(action if lazy else resolve(analysis, action))
    return actions


def resolve(analysis: Analysis | None, action: types.CodeAction) -> types.CodeAction:
    """`action` with its edit, if it is still for the document's newest version."""
    data: Any = action.data
    if analysis is None or not isinstance(data, dict) or data.get("version") != analysis.snapshot.version:
        return action  # stale: offered for a version the document no longer has
    snapshot = analysis.snapshot
    if data.get("action") == "fixAll":
        action.edit = fix_all_edit(analysis, snapshot.settings.unsafe_fixes)
    elif data.get("action") == "ignore" and isinstance(data.get("line"), int):
        edit = noqa.suppression_edit(snapshot.text, data["line"], str(data.get("code")))
        if edit is not None:
            action.edit = workspace_edit(snapshot, [analysis.positions.text_edit(edit)])
    return action


def fix_all_edit(analysis: Analysis, unsafe: bool) -> types.WorkspaceEdit | None:
    snapshot = analysis.snapshot
    fixed = fix(snapshot.text, unsafe=unsafe, rules=snapshot.settings.rules).source
    edit = analysis.positions.whole_text_edit(fixed)
    return None if edit is None else workspace_edit(snapshot, [edit])


def workspace_edit(snapshot: Snapshot, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    document = types.OptionalVersionedTextDocumentIdentifier(uri=snapshot.uri, version=snapshot.version)
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)])


def _for_finding(analysis: Analysis, finding: Finding, diagnostic: types.Diagnostic, lazy: bool) -> list[types.CodeAction]:
    actions = []
    if finding.fix is not None:
        safe = finding.fix.applicability is Applicability.SAFE
        edits = [analysis.positions.text_edit(edit) for edit in finding.fix.edits]
        actions.append(
            types.CodeAction(
                title=f"{finding.code}: {finding.fix.message}{'' if safe else ' (unsafe)'}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=safe,
                edit=workspace_edit(analysis.snapshot, edits),
            )
        )
    ignore = types.CodeAction(
        title=f"Ignore {finding.code} on this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        data={
            "uri": analysis.snapshot.uri,
            "version": analysis.snapshot.version,
            "action": "ignore",
            "code": finding.code,
            "line": finding.line,
        },
    )
    if not lazy:
        ignore = resolve(analysis, ignore)
        if ignore.edit is None:
            return actions  # the line's end cannot hold a comment
    actions.append(ignore)
    return actions


def contains(finding: Finding, position: Position) -> bool:
    return finding.range.start <= position <= finding.range.end
