"""Interactive review of fixes, one finding at a time (`gradfix review`), like `git add -p`.

`TextReview` is the review of one file's text: a plain state machine with no terminal. The
finding it offers is recomputed on the current text after every decision, so offsets never
drift and a fix that conflicts with an accepted one is not found again. What differs between
a `.py` file and a notebook (whose text is its JSON, checked as one program) is a `FileKind`:
how findings are found, in what text their positions count, how edits are applied and how a
change is shown. `Reviewer` walks files with it: it asks a key function for each decision
(the terminal, a test script, a decisions file), prints with a rich Console, and writes each
file once, after its last decision, or collects everything into one patch.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from codemods import notebook, output
from codemods.engine import SourceError, check, parses, select_rules
from codemods.files import OUTSIDE, ReadError, Target, WriteError, read_source, write_source
from codemods.findings import Applicability, Edit, Finding, Position
from codemods.noqa import suppression_edit
from codemods.rules import RULES_BY_CODE, Rule
from codemods.analysis.project import Project
from codemods.runner import FileError, FileReport, Mode, Options, project_of, run
from codemods.source import SourceText

Cell = int | None  # a notebook cell's number; None for a `.py` file

KEYS = {
    "y": "apply this fix",
    "n": "skip this fix",
    "a": "apply this fix and all remaining ones in this file",
    "d": "skip this fix and all remaining ones in this file",
    "s": "suppress: add `# noqa: CODE` to the line instead of fixing",
    "e": "explain: print the rule's documentation",
    "u": "undo the last decision in this file",
    "q": "quit; keep (and write) everything accepted so far",
    "?": "print this help",
}
EXIT_INTERRUPTED = 130


class Action(str, Enum):
    APPLY = "applied"
    SKIP = "skipped"
    SUPPRESS = "suppressed"
    UNPARSABLE = "not offered"  # decided automatically: the fix's result does not parse


# --- What differs between a .py file and a notebook -----------------------------------------


class FileKind:
    """A `.py` file: its text is the program."""

    def findings(self, text: str, rules: Sequence[Rule], project: Project | None = None, path: Path | None = None) -> list[Finding]:
        """Every finding in `text` (read from `path`, following imports into `project`).
        Raises `SourceError` if it does not parse."""
        return check(text, rules=rules, project=project, path=path)

    def codes(self, text: str) -> dict[Cell, str]:
        """The text each finding's positions (and its fix's edits) count in, by its `cell`."""
        return {None: text}

    def edited(self, text: str, cell: Cell, edits: Sequence[Edit]) -> str | None:
        """`text` with `edits` (positions in `codes(text)[cell]`) applied; None if the result
        would not parse."""
        after = SourceText(text).apply(edits)
        return after if parses(after) else None

    def diff(self, label: Path, before: str, after: str) -> str:
        """The change as the user reads it."""
        return text_diff(label, before, after)


class NotebookKind(FileKind):
    """A notebook: its text is the JSON; its code cells are checked as one program, a
    finding's positions count in its cell, and only the edited cell's `source` changes."""

    def findings(self, text: str, rules: Sequence[Rule], project: Project | None = None, path: Path | None = None) -> list[Finding]:
        """Raises `NotebookError` if `text` is not a notebook; cells that do not parse are
        left out (the scan reports them)."""
        return notebook.check_notebook(text, rules=rules, project=project, path=path).findings

    def codes(self, text: str) -> dict[Cell, str]:
        return dict(notebook.cell_codes(text))

    def edited(self, text: str, cell: Cell, edits: Sequence[Edit]) -> str | None:
        assert cell is not None
        return notebook.edit_cell(text, cell, edits)

    def diff(self, label: Path, before: str, after: str) -> str:
        return notebook.unified_diff(label, before, after)  # one diff per changed cell


PYTHON, NOTEBOOK = FileKind(), NotebookKind()


def kind_of(path: Path) -> FileKind:
    return NOTEBOOK if path.suffix == ".ipynb" else PYTHON


def text_diff(label: Path, before: str, after: str) -> str:
    """A unified diff of two texts, line by line, as `git apply` reads it."""
    lines = difflib.unified_diff(SourceText(before).lines, SourceText(after).lines, f"a/{label}", f"b/{label}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def where(finding: Finding) -> str:
    """`line 12`, or `line 12 of cell 3` in a notebook."""
    return f"line {finding.line}" + (f" of cell {finding.cell}" if finding.cell is not None else "")


def location(path: Path, finding: Finding) -> str:
    """`path:12`, or `path:cell 3:12` in a notebook (as in findings and decisions files)."""
    return f"{path}" + (f":cell {finding.cell}" if finding.cell is not None else "") + f":{finding.line}"


# --- The review of one text -------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    finding: Finding
    action: Action
    before: str
    after: str
    code: str  # the text the finding's positions count in, before (`before` for a .py file)
    edits: tuple[Edit, ...] = ()  # what turned `before` into `after`, positions in `code`

    @property
    def automatic(self) -> bool:
        return self.action is Action.UNPARSABLE


@dataclass(frozen=True)
class Offer:
    finding: Finding
    before: str
    after: str
    code: str  # the text the finding's positions count in (its cell's, in a notebook)

    @property
    def rule(self) -> Rule:
        return RULES_BY_CODE[self.finding.code]

    @property
    def unsafe(self) -> bool:
        return self.finding.fix is not None and self.finding.fix.applicability is Applicability.UNSAFE


class TextReview:
    """Decisions on the fixable findings of one text, with undo."""

    def __init__(
        self, text: str, rules: Sequence[Rule], unsafe: bool, kind: FileKind = PYTHON, project: Project | None = None, path: Path | None = None
    ) -> None:
        self.original = text
        self.project, self.path = project, path  # functions imported from other files are followed there
        self.rules = list(rules)
        self.unsafe = unsafe
        self.kind = kind
        self.history: list[Decision] = []
        self._checked: tuple[str, list[Finding], dict[Cell, str]] | None = None  # the last text checked

    @property
    def text(self) -> str:
        return self.history[-1].after if self.history else self.original

    @property
    def decisions(self) -> list[Decision]:
        return [decision for decision in self.history if not decision.automatic]

    def candidates(self) -> list[Finding]:
        """Fixable findings in the current text not decided yet, in source order. Raises
        `SourceError` if the text does not parse."""
        _, findings, codes = self._check()
        decided = _matched(findings, codes, self.history)
        return [finding for index, finding in enumerate(findings) if index not in decided]

    def _check(self) -> tuple[str, list[Finding], dict[Cell, str]]:
        if self._checked is None or self._checked[0] != self.text:
            findings = [f for f in self.kind.findings(self.text, self.rules, self.project, self.path) if f.fixable(self.unsafe)]
            self._checked = (self.text, findings, self.kind.codes(self.text) if findings else {})
        return self._checked

    def current(self) -> Offer | None:
        """The next finding to decide on; fixes whose result would not parse are passed over
        (recorded as `UNPARSABLE`)."""
        for finding in self.candidates():
            assert finding.fix is not None
            code = self._check()[2][finding.cell]
            after = self.kind.edited(self.text, finding.cell, finding.fix.edits)
            if after is not None:
                return Offer(finding, self.text, after, code)
            self.history.append(Decision(finding, Action.UNPARSABLE, self.text, self.text, code))
        return None

    def apply(self, offer: Offer) -> None:
        assert offer.finding.fix is not None
        self.history.append(Decision(offer.finding, Action.APPLY, offer.before, offer.after, offer.code, offer.finding.fix.edits))

    def skip(self, offer: Offer) -> None:
        self.history.append(Decision(offer.finding, Action.SKIP, offer.before, offer.before, offer.code))

    def suppress(self, offer: Offer) -> bool:
        """Add or extend `# noqa: CODE` on the finding's line (in its cell, in a notebook);
        False if that is not possible (already there, or the line ends inside a string)."""
        edit = suppression_edit(offer.code, offer.finding.line, offer.finding.code)
        if edit is None:
            return False
        after = self.kind.edited(offer.before, offer.finding.cell, (edit,))
        if after is None:
            return False
        self.history.append(Decision(offer.finding, Action.SUPPRESS, offer.before, after, offer.code, (edit,)))
        return True

    def apply_all(self) -> None:
        while (offer := self.current()) is not None:
            self.apply(offer)

    def skip_all(self) -> None:
        while (offer := self.current()) is not None:
            self.skip(offer)

    def undo(self) -> Decision | None:
        """Take back the last decision (and the automatic ones that followed it)."""
        while self.history and self.history[-1].automatic:
            self.history.pop()
        if not self.history:
            return None
        return self.history.pop()


# --- Recognizing a decided finding again in a later text --------------------------------
#
# A decided finding is followed through every later edit: its start position is mapped
# through the edits of each accepted fix. Where an edit rewrote the finding's own text, it is
# recognized by its code, message and the text it covers, nearest to where it was. In a
# notebook, positions count in a cell, and only the edits in that cell move them.

_LINE_NUMBER = re.compile(r"\bline \d+")


@dataclass
class _Tracked:
    cell: Cell
    code: str
    message: str
    snippet: str
    position: Position | None  # in the current text; None once an edit rewrote it
    line: int  # last known line


def _identity(finding: Finding, source: SourceText) -> tuple[str, str, str]:
    return finding.code, _LINE_NUMBER.sub("line #", finding.message), source.slice(finding.range)


def _matched(findings: list[Finding], codes: dict[Cell, str], history: list[Decision]) -> set[int]:
    """Indexes of `findings` that were decided in `history`; `codes` are the texts their
    positions count in, by cell."""
    tracked: list[_Tracked] = []
    for decision in history:
        before = SourceText(_lf(decision.code))
        cell = decision.finding.cell
        code, message, snippet = _identity(decision.finding, before)
        start = decision.finding.range.start
        tracked.append(_Tracked(cell, code, message, snippet, start, start.line))
        if decision.edits:
            here = [item for item in tracked if item.cell == cell]
            positions = _map_positions(before, decision.edits, [item.position for item in here])
            for item, position in zip(here, positions):
                item.position = position
                item.line = position.line if position is not None else item.line
    sources = {cell: SourceText(_lf(code)) for cell, code in codes.items()}
    identities = [(f.cell, *_identity(f, sources[f.cell])) for f in findings]
    matched: set[int] = set()
    unmatched = []
    for item in tracked:
        index = next(
            (i for i, f in enumerate(findings)
             if i not in matched and f.cell == item.cell and f.range.start == item.position and f.code == item.code),
            None,
        )
        if index is None:
            unmatched.append(item)
        else:
            matched.add(index)
    for item in unmatched:
        same = [i for i in range(len(findings)) if i not in matched and identities[i] == (item.cell, item.code, item.message, item.snippet)]
        if same:
            matched.add(min(same, key=lambda i: abs(findings[i].line - item.line)))
    return matched


def _map_positions(source: SourceText, edits: Sequence[Edit], positions: list[Position | None]) -> list[Position | None]:
    """Where each position in `source` is once `edits` are applied; None where an edit
    replaced the text around it. An insertion at a position itself pushes it along."""
    spans = [(source.offset(edit.range.start), source.offset(edit.range.end), len(edit.content)) for edit in edits]
    new_text = source.apply(edits)
    mapped: list[Position | None] = []
    for position in positions:
        offset = source.offset(position) if position is not None else None
        if offset is None or any(start < offset < end for start, end, _ in spans):
            mapped.append(None)
            continue
        new_offset = offset + sum(length - (end - start) for start, end, length in spans if end <= offset)
        line_start = new_text.rfind("\n", 0, new_offset) + 1
        mapped.append(Position(new_text.count("\n", 0, new_offset) + 1, new_offset - line_start))
    return mapped


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


# --- Walking files ----------------------------------------------------------------------


@dataclass(frozen=True)
class Prompt:
    """What a key function is asked to decide on."""

    path: Path
    offer: Offer
    can_undo: bool


KeyFunction = Callable[[Prompt], str]


class FileStatus(str, Enum):
    UNCHANGED = "unchanged"
    WRITTEN = "written"
    PATCHED = "in the patch"
    NOT_WRITTEN = "not written"  # changed on disk meanwhile, or could not be written
    INTERRUPTED = "left untouched"


@dataclass
class FileOutcome:
    path: Path
    review: TextReview
    encoding: str
    status: FileStatus = FileStatus.UNCHANGED
    pending: Finding | None = None  # on screen when the user quit


@dataclass
class ReviewResult:
    files: list[FileOutcome] = field(default_factory=list)
    errors: int = 0  # files that could not be read or parsed
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.errors:
            return 2
        return 1 if any(f.status is FileStatus.NOT_WRITTEN for f in self.files) else 0


# A progress display for the scan: given the number of files, a context that yields the
# function to call after each one.
Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]


def nullcontext_progress(total: int) -> AbstractContextManager[Callable[[], None]]:
    return nullcontext(lambda: None)


class Reviewer:
    """Review the fixable findings of files, one decision at a time.

    `keys` returns one key per call (see `KEYS`); `patch`, when given, receives every
    accepted change as one unified diff and no source file is written. `interactive=False`
    (scripts: `--yes`, `--decisions`) prints one line per decision instead of each hunk.
    """

    def __init__(
        self,
        console: Console,
        keys: KeyFunction,
        *,
        unsafe: bool = False,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
        patch: Path | None = None,
        interactive: bool = True,
        root: Path | None = None,
        progress: Progress = nullcontext_progress,
        project_root: str | None = None,
    ) -> None:
        self.console = console
        self.keys = keys
        self.unsafe = unsafe
        self.select, self.ignore = select, ignore
        self.rules = select_rules(select, ignore)
        self.patch = patch
        self.interactive = interactive
        self.progress = progress
        self.root = (root or repository_root(Path.cwd())).resolve()
        self.project_root = project_root  # where imported functions are followed (None: nowhere)
        self._quit = False
        self._logged: dict[Path, int] = {}  # decisions already printed, per file (scripts)
        self._counts: dict[Path, int] = {}  # fixable findings per file when scanned
        self._targets: dict[Path, Target] = {}  # what each reviewed path is on disk
        self._rules: dict[Path, list[Rule]] = {}  # the files whose per-file ignores narrow `rules`
        self._decided_before = 0  # decisions in the files already finished

    def review(self, targets: Sequence[Target], ignores: Sequence[tuple[str, ...]] | None = None) -> ReviewResult:
        """`ignores[i]` are more codes to ignore in `targets[i]` (per-file ignores)."""
        result = ReviewResult()
        queue = self._scan(targets, ignores, result)
        for index, path in enumerate(queue):
            if self._quit:
                break
            outcome = self._review_file(path, index, queue, result)
            if outcome is None:
                continue
            result.files.append(outcome)
            if outcome.status is FileStatus.INTERRUPTED:
                result.interrupted = True
                break
            self._finish(outcome)
        if self.patch is not None:
            self._write_patch(result)
        self._summary(result)
        return result

    # scanning and progress

    def _scan(
        self, targets: Sequence[Target], ignores: Sequence[tuple[str, ...]] | None, result: ReviewResult
    ) -> list[Path]:
        options = Options(Mode.CHECK, self.unsafe, self.select, self.ignore, project_root=self.project_root)
        queue = []
        self._targets = {target.path: target for target in targets}
        if ignores:
            self._rules = {
                target.path: select_rules(self.select, self.ignore + ignored)
                for target, ignored in zip(targets, ignores)
                if ignored
            }
        with self.progress(len(targets)) as advance:
            reports = []
            for report in run(list(targets), options, ignores=ignores):
                reports.append(report)
                advance()
        for report in reports:
            for error in report.errors:  # a notebook's other cells are reviewed
                self.console.print(output.error_line(report, error), markup=False, style="red")
            result.errors += bool(report.errors)
            if report.error is not None:
                continue
            count = sum(finding.fixable(self.unsafe) for finding in report.findings)
            if count:
                self._counts[report.path] = count
                queue.append(report.path)
        return queue

    def _progress(self, review: TextReview, index: int, queue: list[Path]) -> str:
        done = self._decided_before + len(review.decisions)
        remaining_here = len(review.candidates())
        later = sum(self._counts[path] for path in queue[index + 1 :])
        return f"finding {done + 1} of {done + remaining_here + later}, file {index + 1} of {len(queue)}"

    # one file

    def _review_file(self, path: Path, index: int, queue: list[Path], result: ReviewResult) -> FileOutcome | None:
        try:
            real = self._targets[path].real
            source = read_source(real)
            project = project_of(self.project_root)
            review = TextReview(source.text, self._rules.get(path, self.rules), self.unsafe, kind_of(path), project, Path(real))
            review.candidates()
        except (ReadError, notebook.NotebookError, SourceError) as error:  # changed since the scan
            self.console.print(output.error_line(FileReport(path, error=_file_error(error))), markup=False, style="red")
            result.errors += 1
            return None
        outcome = FileOutcome(path, review, source.encoding)
        progress = partial(self._progress, review, index, queue)
        try:
            outcome.pending = self._decide_all(path, review, progress)
        except KeyboardInterrupt:
            outcome.status = FileStatus.INTERRUPTED
            self.console.print()
            self.console.print(f"Interrupted: {path} left untouched.", markup=False, style="yellow")
        self._decided_before += len(review.decisions)
        return outcome

    def _decide_all(self, path: Path, review: TextReview, progress: Callable[[], str]) -> Finding | None:
        """Ask about each finding of one file until none is left or the user quits; the
        finding on screen at `q`, if any."""
        reported = 0
        while True:
            offer = review.current()
            reported = self._report_automatic(path, review, reported)
            if offer is None:
                return None
            if self.interactive:
                self._show(path, offer)
                self.console.print(progress(), style="dim", markup=False)
            if not self._ask(path, review, offer):
                return offer.finding if self._quit else None

    def _ask(self, path: Path, review: TextReview, offer: Offer) -> bool:
        """Ask until a key decides; False when this text is done."""
        while True:
            can_undo = bool(review.decisions)
            if self.interactive:
                self.console.print(self._prompt(offer, can_undo), end="")
            try:
                key = self.keys(Prompt(path, offer, can_undo))
            except EOFError:
                key = "q"
            if self.interactive:
                self.console.print(key if key.isprintable() else repr(key), markup=False, highlight=False)
            key = key.lower() if len(key) == 1 else key
            if key == "y":
                review.apply(offer)
            elif key == "n":
                review.skip(offer)
            elif key == "a":
                review.apply(offer)
                self._rest_of_text(path, review, review.apply_all, "Applied")
            elif key == "d":
                review.skip(offer)
                self._rest_of_text(path, review, review.skip_all, "Skipped")
            elif key == "s":
                if not review.suppress(offer):
                    self.console.print(f"Cannot add `# noqa: {offer.finding.code}` on {where(offer.finding)} (already there, or the line ends inside a string).", markup=False, style="yellow")
                    if self.interactive:
                        continue
                    review.skip(offer)  # a script would ask again and again
            elif key == "e":
                self._explain(offer.rule)
                continue
            elif key == "u":
                undone = review.undo()
                if undone is None:
                    self.console.print("Nothing to undo in this file.", style="yellow")
                    continue
                self.console.print(f"Undone: {undone.finding.code} on {where(undone.finding)} ({undone.action.value}).", markup=False, style="yellow")
                return True
            elif key == "q":
                self._quit = True
                return False
            elif key == "?":
                self._help()
                continue
            else:
                self.console.print(f"Unknown key {key!r}; press ? for help.", markup=False, style="yellow")
                continue
            if not self.interactive:
                self._log(path, review)
            return key not in ("a", "d")

    def _rest_of_text(self, path: Path, review: TextReview, decide: Callable[[], None], verb: str) -> None:
        before = len(review.decisions)
        decide()
        more = len(review.decisions) - before
        if self.interactive and more:
            self.console.print(f"{verb} {more} more fix{'es' if more != 1 else ''} in {path}.", markup=False)

    # output

    def _show(self, path: Path, offer: Offer) -> None:
        finding, rule = offer.finding, offer.rule
        self.console.rule(Text(str(path), style="bold"), align="left")
        head = Text()
        head.append(f"{location(path, finding)}:{finding.range.start.column + 1}: ", style="bold")
        head.append(finding.code, style="bold red")
        head.append(f" {rule.name} ")
        if offer.unsafe:
            head.append("[unsafe fix]", style="bold white on red")
        else:
            head.append("[safe fix]", style="green")
        self.console.print(head)
        self.console.print(finding.message, markup=False)
        assert finding.fix is not None
        self.console.print(Text(f"Fix: {finding.fix.message}", style="cyan"))
        diff = kind_of(path).diff(Path(patch_path(path, self.root)), offer.before, offer.after)
        output.print_diff(self.console, diff)

    def _prompt(self, offer: Offer, can_undo: bool) -> Text:
        keys = [key for key in KEYS if key != "u" or can_undo]
        prompt = Text()
        question = "Apply this unsafe fix" if offer.unsafe else "Apply this fix"
        prompt.append(question, style="bold red" if offer.unsafe else "bold blue")
        prompt.append(f" [{','.join(keys)}]? ", style="bold")
        return prompt

    def _help(self) -> None:
        for key, meaning in KEYS.items():
            self.console.print(f"{key} - {meaning}", markup=False)

    def _explain(self, rule: Rule) -> None:
        text = f"# {rule.code} {rule.name}\n\nFix: {rule.applicability.value}\n\n{rule.documentation()}\n"
        if self.console.is_terminal:
            self.console.print(Markdown(text))
        else:
            self.console.print(text, markup=False, highlight=False)

    def _report_automatic(self, path: Path, review: TextReview, reported: int) -> int:
        automatic = [decision for decision in review.history if decision.automatic]
        for decision in automatic[reported:]:
            self.console.print(f"{location(path, decision.finding)}: {decision.finding.code} fix not offered: its result does not parse", markup=False, style="yellow")
        return len(automatic)

    def _log(self, path: Path, review: TextReview) -> None:
        """Non-interactive: each new decision as a line of a decisions file."""
        answers = {Action.APPLY: "y", Action.SKIP: "n", Action.SUPPRESS: "s"}
        for decision in review.decisions[self._logged.get(path, 0) :]:
            finding = decision.finding
            self.console.print(f"{location(path, finding)}:{finding.code} {answers[decision.action]}  # {decision.action.value}: {finding.message}", markup=False)
        self._logged[path] = len(review.decisions)

    # writing

    def _finish(self, outcome: FileOutcome) -> None:
        review = outcome.review
        if review.text == review.original:
            return
        if self.patch is not None:
            outcome.status = FileStatus.PATCHED
            return
        target = self._targets[outcome.path]
        try:
            on_disk = read_source(target.real)
            changed = on_disk.text != review.original or on_disk.encoding != outcome.encoding
        except ReadError:
            changed = True
        if changed:
            reason = "changed on disk since it was read"
        elif target.outside:
            reason = f"cannot be written ({OUTSIDE})"
        else:
            try:
                write_source(target.real, review.text, outcome.encoding)
                outcome.status = FileStatus.WRITTEN
                if self.interactive:
                    self.console.print(f"Wrote {outcome.path}.", markup=False, style="green")
                return
            except (WriteError, OSError, UnicodeEncodeError) as error:
                reason = f"cannot be written ({error.strerror if isinstance(error, OSError) and error.strerror else error})"
        outcome.status = FileStatus.NOT_WRITTEN
        saved = _unique(outcome.path.with_name(outcome.path.name + ".gradfix.patch"))
        saved.write_bytes(self._diff_bytes(outcome))
        self.console.print(
            f"{outcome.path} {reason}: not overwritten. Its accepted changes are saved in {saved} "
            f"(apply them with `git apply {saved}` from {self.root}).",
            markup=False,
            style="bold yellow",
        )

    def _diff_bytes(self, outcome: FileOutcome) -> bytes:
        """The file's changes as a diff `git apply` accepts: paths relative to the
        repository root, the file's own encoding and byte order mark (for a notebook, a diff
        of its JSON text)."""
        review = outcome.review
        bom = "\ufeff" if outcome.encoding == "utf-8-sig" else ""
        diff = text_diff(Path(patch_path(outcome.path, self.root)), bom + review.original, bom + review.text)
        return diff.encode("utf-8" if bom else outcome.encoding)

    def _write_patch(self, result: ReviewResult) -> None:
        assert self.patch is not None
        changed = [f for f in result.files if f.status is FileStatus.PATCHED]
        self.patch.write_bytes(b"".join(self._diff_bytes(outcome) for outcome in changed))

    def _summary(self, result: ReviewResult) -> None:
        counts: dict[str, Counter[str]] = {}
        for outcome in result.files:
            if outcome.status is FileStatus.INTERRUPTED:
                continue
            for decision in outcome.review.decisions:
                row = counts.setdefault(decision.finding.code, Counter())
                row["proposed"] += 1
                row[decision.action.value] += 1
            if outcome.pending is not None:
                counts.setdefault(outcome.pending.code, Counter())["proposed"] += 1
        self.console.print()
        if counts:
            table = Table(title="Review summary", title_justify="left", box=None, pad_edge=False)
            table.add_column("Rule")
            table.add_column("Name")
            for column in ("Proposed", "Applied", "Skipped", "Suppressed"):
                table.add_column(column, justify="right")
            for code in sorted(counts):
                row = counts[code]
                table.add_row(code, RULES_BY_CODE[code].name, *(str(row[c]) for c in ("proposed", "applied", "skipped", "suppressed")))
            self.console.print(table)
        else:
            self.console.print("Nothing to review: no fixable findings.")
        written = [str(f.path) for f in result.files if f.status is FileStatus.WRITTEN]
        if self.patch is not None:
            patched = sum(f.status is FileStatus.PATCHED for f in result.files)
            self.console.print(f"Wrote {self.patch} ({patched} file{'s' if patched != 1 else ''} changed); no source file was touched.", markup=False)
        elif written:
            self.console.print(f"Files written: {', '.join(written)}", markup=False)
        else:
            self.console.print("No file changed.")
        for outcome in result.files:
            if outcome.status is FileStatus.NOT_WRITTEN:
                self.console.print(f"Not written: {outcome.path} (its changes are saved in a .gradfix.patch file next to it)", markup=False, style="yellow")


def _file_error(error: ReadError | notebook.NotebookError | SourceError) -> FileError:
    """The error as `check` words it."""
    if isinstance(error, notebook.NotebookError):
        return FileError(f"not a valid notebook: {error}")
    if isinstance(error, SourceError):
        return FileError(f"syntax error: {error.message}", error.line, error.column)
    return FileError(error.message, error.line, error.column)


def repository_root(start: Path) -> Path:
    """The git working tree `start` is in, or `start` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def patch_path(path: Path, root: Path) -> str:
    absolute = path.resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, root)).as_posix()


def _unique(path: Path) -> Path:
    candidate, counter = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{counter}")
        counter += 1
    return candidate


# --- Where keys come from ---------------------------------------------------------------


def terminal_key(prompt: Prompt) -> str:
    """One key press from the terminal (Ctrl-C raises KeyboardInterrupt, Ctrl-D EOFError)."""
    import typer

    return typer.getchar()


def always_yes(prompt: Prompt) -> str:
    return "y"


class DecisionsError(Exception):
    """A decisions file line that does not read `path:line:code y|n|s`."""


_DECISION = re.compile(r"(?P<path>.+?)(?::cell (?P<cell>\d+))?:(?P<line>\d+):(?P<code>[A-Za-z]+\d+)\s+(?P<answer>[yns])")
_DecisionKey = tuple[Path, Cell, int, str]


class DecisionFile:
    """Answers from a file of `path:line:code y|n|s` lines (`#` starts a comment), for
    reproducible reviews; in a notebook, `path:cell N:line:code y|n|s`. `line` is the line
    the review shows (in the cell, for a notebook), in the text as it is when the finding is
    offered. A finding the file does not mention is skipped."""

    def __init__(self, text: str, name: str = "decisions") -> None:
        self.answers: dict[_DecisionKey, str] = {}
        self.lines: dict[_DecisionKey, str] = {}
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            match = _DECISION.fullmatch(line)
            if line and match is None:
                raise DecisionsError(f"{name}:{number}: expected `path:line:code y|n|s` (or `path:cell N:line:code y|n|s`), got {raw.strip()!r}")
            if match:
                cell = int(match["cell"]) if match["cell"] else None
                key = (Path(match["path"]).resolve(), cell, int(match["line"]), match["code"].upper())
                self.answers[key] = match["answer"]
                self.lines[key] = line
        self.used: set[_DecisionKey] = set()
        self.missing: list[str] = []

    def __call__(self, prompt: Prompt) -> str:
        finding = prompt.offer.finding
        key = (prompt.path.resolve(), finding.cell, finding.line, finding.code)
        answer = self.answers.get(key)
        if answer is None:
            self.missing.append(f"{location(prompt.path, finding)}:{finding.code}")
            return "n"
        self.used.add(key)
        return answer

    def report(self, console: Console) -> None:
        for location in self.missing:
            console.print(f"warning: no decision for {location}; skipped", markup=False, style="yellow")
        for key, line in self.lines.items():
            if key not in self.used:
                console.print(f"warning: decision not used (no such finding offered): {line}", markup=False, style="yellow")
