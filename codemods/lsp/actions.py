"""Code actions: a quick fix and an "Ignore" per finding, and fix-all for the document.

Quick fixes carry their edits (the findings already hold them). The "Ignore" and fix-all
edits cost a tokenize or whole fix runs, so when the client can resolve code actions they are
offered without edits and computed in `resolve` for the one the user picks.

In a notebook, actions are asked for on one cell: its quick fixes edit that cell (a fix whose
edits span cells has none, as on the command line), and fix-all fixes the whole notebook,
editing each cell that changes.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from codemods import noqa
from codemods.engine import fix
from codemods.findings import Applicability, Finding, Position
from codemods.lsp.analysis import Analysis, Part
from codemods.notebook import fix_cells, python_cell

FIX_ALL = "source.fixAll.gradfix"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL]


def wanted(kind: str, only: list[str] | None) -> bool:
    """Whether `kind` is asked for: `only` lists kinds or their parents (`source` covers
    `source.fixAll.gradfix`)."""
    return only is None or any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def code_actions(analysis: Analysis, part: Part, range_: types.Range, only: list[str] | None, lazy: bool) -> list[types.CodeAction]:
    """The actions for `range_` of `part` (the document, or the cell asked about)."""
    actions: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix, only):
        start, end = part.positions.from_lsp(range_.start), part.positions.from_lsp(range_.end)
        for finding, diagnostic in zip(part.findings, part.diagnostics, strict=True):
            if not (finding.range.end < start or end < finding.range.start):
                actions.extend(_for_finding(analysis, part, finding, diagnostic, lazy))
    findings = (finding for each in analysis.parts.values() for finding in each.findings)
    if wanted(FIX_ALL, only) and any(f.fixable(analysis.snapshot.settings.unsafe_fixes) for f in findings):
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
    elif data.get("action") == "ignore" and isinstance(data.get("line"), int) and isinstance(data.get("document"), str):
        part = analysis.part(data["document"])
        # A cell's IPython lines are masked first, so the tokenizer reads it as Python.
        text = None if part is None else python_cell(part.text) if snapshot.notebook else part.text
        edit = None if part is None or text is None else noqa.suppression_edit(text, data["line"], str(data.get("code")))
        if part is not None and edit is not None:
            action.edit = workspace_edit([(part, [part.positions.text_edit(edit)])])
    return action


def fix_all_edit(analysis: Analysis, unsafe: bool) -> types.WorkspaceEdit | None:
    """Every fix to a fixed point, as `gradfix fix` does: one edit per document that changes
    (for a notebook, per cell)."""
    snapshot = analysis.snapshot
    parts = list(analysis.parts.values())
    if snapshot.cells is None:
        new_texts = {0: fix(snapshot.text, unsafe=unsafe, rules=snapshot.settings.rules, project=snapshot.project, path=snapshot.path).source}
    else:
        sources = [cell.text if cell.python else None for cell in snapshot.cells]
        fixed = fix_cells(sources, unsafe=unsafe, rules=snapshot.settings.rules, project=snapshot.project, path=snapshot.path)
        new_texts = {number - 1: text for number, text in fixed.sources.items()}
    changes = []
    for index, new_text in sorted(new_texts.items()):
        edit = parts[index].positions.whole_text_edit(new_text)
        if edit is not None:
            changes.append((parts[index], [edit]))
    return workspace_edit(changes) if changes else None


def workspace_edit(changes: list[tuple[Part, list[types.TextEdit]]]) -> types.WorkspaceEdit:
    """Edits of documents at the versions they were analysed at."""
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=part.uri, version=part.version), edits=edits
            )
            for part, edits in changes
        ]
    )


def _for_finding(analysis: Analysis, part: Part, finding: Finding, diagnostic: types.Diagnostic, lazy: bool) -> list[types.CodeAction]:
    actions = []
    if finding.fix is not None:
        safe = finding.fix.applicability is Applicability.SAFE
        edits = [part.positions.text_edit(edit) for edit in finding.fix.edits]
        actions.append(
            types.CodeAction(
                title=f"{finding.code}: {finding.fix.message}{'' if safe else ' (unsafe)'}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=safe,
                edit=workspace_edit([(part, edits)]),
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
            "document": part.uri,
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
