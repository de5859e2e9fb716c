"""Check a source text, and fix it to a fixed point.

Detection runs on the standard library's `ast` (14x faster to parse than libcst), after a
plain substring test that skips files no rule could fire on. Rules build their fixes as
text edits; libcst is only used by the fixes that move or reshape statements, and then
only on those statements' lines (see `codemods.rewrite`).
"""

from __future__ import annotations

import ast
import heapq
import warnings
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from codemods import noqa
from codemods.analysis.model import FileModel
from codemods.collector import collector_paused
from codemods.findings import Finding, Fix, Position, Range
from codemods.rules import RULES, Rule
from codemods.rules.base import Context
from codemods.source import SourceText

if TYPE_CHECKING:
    from codemods.analysis.project import Project

MAX_FIX_ITERATIONS = 10
_BASE_MAY_FIRE = Rule.may_fire.__func__  # type: ignore[attr-defined]


class SourceError(Exception):
    """The source does not parse; `line` and `column` (from 1) say where."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.message, self.line, self.column = message, line, column


@dataclass
class FixResult:
    source: str
    fixed: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    # Fixes left out because the text they produced did not parse, or did not converge.
    failed: list[Finding] = field(default_factory=list)


def select_rules(select: Collection[str] | None = None, ignore: Collection[str] = ()) -> list[Rule]:
    """Rules whose code starts with one of `select` (all if None) and none of `ignore`,
    as Ruff matches code prefixes (`GF00` selects GF001-GF009)."""
    chosen = []
    for rule in RULES:
        if select is not None and not any(rule.code.startswith(prefix) for prefix in select):
            continue
        if any(rule.code.startswith(prefix) for prefix in ignore):
            continue
        chosen.append(rule)
    return chosen


def check(
    source: str,
    *,
    rules: Iterable[Rule] | None = None,
    project: Project | None = None,
    path: Path | None = None,
    tree: ast.Module | None = None,
) -> list[Finding]:
    """Findings in `source`, sorted by position. Raises `SourceError` if it does not parse.
    With a `project`, functions `source` (read from `path`) imports from other files of the
    project are followed. `tree`: `ast.parse(source)`, when the caller has it already."""
    with collector_paused():
        return _check(source, rules, project, path, tree)


def _check(source: str, rules: Iterable[Rule] | None, project: Project | None, path: Path | None, tree: ast.Module | None = None) -> list[Finding]:
    active = rules_that_may_fire(RULES if rules is None else rules, source)
    if not active:
        return []
    # The text is analysed as it is: positions and line breaks are those of Python's
    # tokenizer (\n, \r\n or \r, even mixed), and each fix writes the line break of the line
    # it lands on, so no line a fix does not change is touched.
    if tree is None:
        tree = parse(source)
    ctx = Context(SourceText(source), FileModel(tree, source, project=project, path=path))
    findings: list[Finding] = []
    try:
        for rule in active:
            findings.extend(_findings_of(rule, ctx))
    finally:
        ctx.model.release()
    suppressions = noqa.parse(source)
    findings = [f for f in findings if not suppressions.suppresses(f.line, f.code)]
    return sorted(findings, key=lambda f: (f.range.start, f.code))


def rules_that_may_fire(rules: Iterable[Rule], text: str) -> list[Rule]:
    """The rules whose tokens all occur in `text`. Most files contain none of them, and many
    rules share tokens, so each token is searched for once per file."""
    present: dict[str, bool] = {}

    def has(token: str) -> bool:
        found = present.get(token)
        if found is None:
            found = present[token] = token in text
        return found

    active = []
    for rule in rules:
        if getattr(rule.may_fire, "__func__", None) is not _BASE_MAY_FIRE:
            fires = rule.may_fire(text)  # a rule with its own test
        else:
            fires = all(has(token) if isinstance(token, str) else any(map(has, token)) for token in rule.tokens)
        if fires:
            active.append(rule)
    return active


def fix(
    source: str,
    *,
    unsafe: bool = False,
    rules: Iterable[Rule] | None = None,
    project: Project | None = None,
    path: Path | None = None,
    tree: ast.Module | None = None,
) -> FixResult:
    """Apply every applicable fix, re-check, and repeat until nothing more can be fixed.

    Fixes whose edits overlap an earlier one wait for the next round; a fix whose result
    does not parse is dropped (reported in `failed`), never applied. Fixes that undo each
    other (a round brings back a text seen before) are undone and reported in `failed`;
    `fixed` lists only the fixes whose changes are in the returned text. `tree`:
    `ast.parse(source)`, when the caller has it already.
    """
    with collector_paused():
        return _fix(source, unsafe, list(RULES if rules is None else rules), project, path, tree)


def _fix(source: str, unsafe: bool, rules: list[Rule], project: Project | None, path: Path | None, tree: ast.Module | None) -> FixResult:
    result = FixResult(source)
    rejected: set[tuple[str, str]] = set()
    states = [source]  # the text after each round; rounds[i] took states[i] to states[i + 1]
    rounds: list[list[Finding]] = []
    for _ in range(MAX_FIX_ITERATIONS):
        text = states[-1]
        findings = check(text, rules=rules, project=project, path=path, tree=tree if text is source else None)
        candidates = [f for f in findings if f.fixable(unsafe) and _key(f) not in rejected]
        if not candidates:
            result.remaining = findings
            break
        chosen = _non_overlapping(candidates)
        new_text, broken = _apply_checked(text, chosen)
        for finding in broken:
            rejected.add(_key(finding))
            result.failed.append(finding)
        applied = [f for f in chosen if f not in broken]
        if new_text == text:
            result.remaining = findings
            break
        if new_text in states:
            # A cycle: these rounds' fixes undo each other. Go back to the last text before
            # the cycle and never offer them again.
            start = states.index(new_text)
            cycled = [f for applied_then in rounds[start:] for f in applied_then] + applied
            for finding in cycled:
                if _key(finding) not in rejected:
                    rejected.add(_key(finding))
                    result.failed.append(finding)
            back = max(start - 1, 0)
            del states[back + 1 :], rounds[back:]
            continue
        states.append(new_text)
        rounds.append(applied)
    else:
        # Did not converge: report what is left, keep what was done (each step parsed).
        result.remaining = check(states[-1], rules=rules, project=project, path=path)
        reported = {_key(f) for f in result.failed}
        result.failed.extend(f for f in result.remaining if f.fixable(unsafe) and _key(f) not in reported)
    result.source = states[-1]
    result.fixed = [f for applied in rounds for f in applied]
    return result


def apply_fix(source: str, fix: Fix) -> str:
    """`source` with one fix applied (for the language server and interactive review)."""
    return SourceText(source).apply(fix.edits)


def _findings_of(rule: Rule, ctx: Context) -> list[Finding]:
    """What `rule` finds; if an absurdly deep expression exhausts the recursion limit in a
    rule (fixes degrade to "no fix" where they can), the findings made so far stand."""
    found: list[Finding] = []
    try:
        found.extend(rule.check(ctx))  # keeps what was yielded before an exception
    except RecursionError:
        pass
    return found


def _non_overlapping(findings: list[Finding]) -> list[Finding]:
    """The findings, in order, whose edits overlap no edit of an earlier chosen one.

    One sweep over all edits sorted by start finds every overlapping pair (n log n, plus
    the pairs themselves), instead of comparing each finding with every chosen one.
    """
    edits = sorted(
        ((edit.range, index) for index, finding in enumerate(findings) for edit in finding.fix.edits),  # type: ignore[union-attr]
        key=lambda item: item[0].start,
    )
    conflicts: list[set[int]] = [set() for _ in findings]
    active: list[tuple[Position, int, Range, int]] = []  # a heap by end of the edits still open
    for serial, (range_, index) in enumerate(edits):
        while active and active[0][0] < range_.start:
            heapq.heappop(active)  # ends before this edit starts, so before every later one
        for _, _, other, other_index in active:
            if other_index != index and range_.overlaps(other):
                conflicts[index].add(other_index)
                conflicts[other_index].add(index)
        heapq.heappush(active, (range_.end, serial, range_, index))
    chosen: list[int] = []
    taken: set[int] = set()
    for index in range(len(findings)):
        if not conflicts[index] & taken:
            chosen.append(index)
            taken.add(index)
    return [findings[index] for index in chosen]


def _apply_checked(text: str, chosen: list[Finding]) -> tuple[str, list[Finding]]:
    """Apply `chosen` together; if the result does not parse, find the fixes that break it."""
    source = SourceText(text)
    new_text = source.apply(edit for f in chosen for edit in f.fix.edits)  # type: ignore[union-attr]
    if parses(new_text):
        return new_text, []
    broken = [f for f in chosen if not parses(source.apply(f.fix.edits))]  # type: ignore[union-attr]
    good = [f for f in chosen if f not in broken]
    new_text = source.apply(edit for f in good for edit in f.fix.edits)  # type: ignore[union-attr]
    if not parses(new_text):
        return text, chosen  # each parses alone but not together: apply none this round
    return new_text, broken


def _key(finding: Finding) -> tuple[str, str]:
    return (finding.code, finding.message)


def parse(text: str) -> ast.Module:
    """`ast.parse(text)`, warnings silenced. Raises `SourceError`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences etc. are not ours to report
            return ast.parse(text)
    except SyntaxError as error:
        raise SourceError(error.msg or "invalid syntax", error.lineno or 1, error.offset or 1) from None
    except (ValueError, RecursionError, MemoryError) as error:  # null bytes, absurd nesting
        raise SourceError(str(error), 1, 1) from None


def parses(text: str) -> bool:
    """Does `text` parse as Python? (What every fix's result must do.)"""
    try:
        parse(text)
    except SourceError:
        return False
    return True

