"""Jupyter notebooks: every code cell checked and fixed as ONE program, in cell order.

The code cells are joined into one source (a model built in cell 2 and trained in cell 7 is
one object to the rules), with a marker comment line between cells. IPython magics and shell
lines (`%timeit`, `!pip install`, `x = !ls`, `obj?`, a `%%capture` header) are masked by
placeholders of the same line count; cells whose cell magic is not Python (`%%bash`) are
left out. The engine runs on that program through rules wrapped so that a fix touching a
marker or a placeholder, or spanning two cells, is reported without a fix: only fixes
inside one cell are ever applied.

The notebook is written back by splicing: only the `source` values of changed cells are
replaced in the raw JSON text, so outputs, metadata, ids, indentation and key order stay
byte for byte. nbformat's schema validates it (only a notebook a rule may fire on).
"""

from __future__ import annotations

import ast
import bisect
import difflib
import io
import json
import re
import symtable
import sys
import tokenize
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from codemods import engine
from codemods.analysis.walk import first_line
from codemods.findings import Edit, Finding, Fix, Position, Range
from codemods.rules import RULES, Rule
from codemods.rules.base import Context
from codemods.source import SourceText

if TYPE_CHECKING:
    from codemods.analysis.project import Project

# Cell magics whose body is Python run in the notebook's namespace; any other cell magic
# (%%bash, %%writefile, %%html...) makes its cell something other than Python.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun"})

# A line IPython rewrites before Python sees it, when it starts a statement: a line magic or
# shell escape (`%`, `!`), help (`?obj`, `obj?`), autocall escapes (`/`, `,`, `;`), and an
# assignment from a magic or shell command (`files = !ls`).
_MAGIC_LINE = re.compile(
    r"[ \t]*(?:[%!?/,;]"
    r"|[\w.*]+[ \t]*\?\??[ \t]*$"
    r"|[A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*[ \t]*=[ \t]*[%!])"
)


class NotebookError(ValueError):
    """The text is not a valid Jupyter notebook (version 4)."""


@dataclass(frozen=True)
class CellError:
    """A code cell that does not parse; it is left out of the program and left alone."""

    cell: int  # counts from 1 over all cells, markdown included
    line: int
    column: int
    message: str


@dataclass
class NotebookCheck:
    findings: list[Finding] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


@dataclass
class NotebookFix:
    text: str  # the notebook's JSON text, changed only in the `source` of fixed cells
    fixed: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    failed: list[Finding] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


def check_notebook(
    text: str, *, rules: Iterable[Rule] | None = None, project: Project | None = None, path: Path | None = None
) -> NotebookCheck:
    """Findings in a notebook's JSON `text`, each with its `cell` and a position in that
    cell. Raises `NotebookError` if the text is not a notebook. With a `project`, functions
    the notebook (read from `path`) imports from other files of the project are followed."""
    rules = list(RULES if rules is None else rules)
    if not _may_fire(text, rules):
        return NotebookCheck()
    program = Program(parse_notebook(text))
    if program.empty:
        return NotebookCheck(errors=program.errors)
    findings = engine.check(program.text, rules=program.confine(rules), project=project, path=path, tree=program.tree)
    return NotebookCheck([program.localized(f) for f in findings], program.errors)


def fix_notebook(
    text: str, *, unsafe: bool = False, rules: Iterable[Rule] | None = None, project: Project | None = None, path: Path | None = None
) -> NotebookFix:
    """Fix a notebook's JSON `text` to a fixed point; only the changed cells' `source`
    differs in the result. Raises `NotebookError` if the text is not a notebook."""
    rules = list(RULES if rules is None else rules)
    if not _may_fire(text, rules):
        return NotebookFix(text)
    notebook = parse_notebook(text)
    program = Program(notebook)
    if program.empty:
        return NotebookFix(text, errors=program.errors)
    changed, fixed, remaining, failed = _fix_program(program, unsafe, rules, project, path)
    return NotebookFix(notebook.with_sources(changed), fixed, remaining, failed, program.errors)


def _fix_program(
    program: Program, unsafe: bool, rules: list[Rule], project: Project | None = None, path: Path | None = None
) -> tuple[dict[int, str], list[Finding], list[Finding], list[Finding]]:
    """The new source of each cell the fixes change, and the fixed, remaining and failed findings."""
    result = engine.fix(program.text, unsafe=unsafe, rules=program.confine(rules), project=project, path=path, tree=program.tree)
    originals = {cell.number: cell.source for cell in program.notebook.cells}
    changed = {cell: source for cell, source in program.cell_sources(result.source).items() if source != originals[cell]}
    # Each fix stays inside one cell and the whole program parses, so each cell does too.
    if not all(program.parses(cell, source) for cell, source in changed.items()):
        raise AssertionError("a fixed cell does not parse")  # never write one
    fixed, remaining, failed = ([program.localized(f) for f in found] for found in (result.fixed, result.remaining, result.failed))
    return changed, fixed, remaining, failed


# --- A notebook given as its cells' texts (an editor's notebook document) ----------------------


@dataclass
class CellsFix:
    sources: dict[int, str] = field(default_factory=dict)  # the new source of each changed cell, by number
    fixed: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    failed: list[Finding] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


def check_cells(
    cells: Sequence[str | None], *, rules: Iterable[Rule] | None = None, project: Project | None = None, path: Path | None = None
) -> NotebookCheck:
    """As `check_notebook`, for a notebook given as the sources of its cells in order (None
    for a cell that is not Python code): a finding's `cell` counts from 1 over `cells`, its
    range and its fix's edits are in that cell's source as given."""
    rules = list(RULES if rules is None else rules)
    if not _may_fire("\n".join(filter(None, cells)), rules):
        return NotebookCheck()
    program = Program(_notebook_of(cells))
    if program.empty:
        return NotebookCheck(errors=program.errors)
    findings = engine.check(program.text, rules=program.confine(rules), project=project, path=path, tree=program.tree)
    return NotebookCheck([_in_cell(program.localized(f), cells) for f in findings], program.errors)


def fix_cells(
    cells: Sequence[str | None],
    *,
    unsafe: bool = False,
    rules: Iterable[Rule] | None = None,
    project: Project | None = None,
    path: Path | None = None,
) -> CellsFix:
    """As `fix_notebook`, for a notebook given as its cells' sources (see `check_cells`):
    the new source of each cell that changed."""
    rules = list(RULES if rules is None else rules)
    if not _may_fire("\n".join(filter(None, cells)), rules):
        return CellsFix()
    program = Program(_notebook_of(cells))
    if program.empty:
        return CellsFix(errors=program.errors)
    changed, fixed, remaining, failed = _fix_program(program, unsafe, rules, project, path)
    return CellsFix(changed, fixed, remaining, failed, program.errors)


def python_cell(source: str) -> str | None:
    """A cell's source as Python: each IPython line masked by a placeholder line (same line
    count, other lines unchanged); None for a cell whose cell magic is not Python."""
    masked = Program(_notebook_of([]))._mask(Cell(1, "code", source, 0, 0, None))
    if masked is None:
        return None
    text = masked.text if masked.trailing_newline else masked.text.removesuffix("\n")
    return text.replace("\n", masked.newline) if masked.newline != "\n" else text


def _notebook_of(cells: Sequence[str | None]) -> Notebook:
    """A notebook of these cells, without a JSON text (it is never written back)."""
    return Notebook("", [Cell(n, "markdown" if s is None else "code", s or "", 0, 0, None) for n, s in enumerate(cells, start=1)], None)


def _in_cell(finding: Finding, cells: Sequence[str | None]) -> Finding:
    """The finding with its fix's edits fitted to its cell's source as given: the program
    ends each cell with a line break the cell may not have (`Program.cell_sources` drops
    it again), so an edit that reaches past the cell's end is clipped to it."""
    source = cells[finding.cell - 1] if finding.cell is not None else None
    if finding.fix is None or source is None or source.endswith("\n") or not source:
        return finding
    lines = _lines(source)
    end = Position(len(lines), len(lines[-1].rstrip("\r")))
    edits = []
    for edit in finding.fix.edits:
        content, start, stop = edit.content, edit.range.start, edit.range.end
        if stop > end:
            content, stop = content.removesuffix("\n"), end
            if start > end:
                content, start = "\n" + content, end
        edits.append(Edit(Range(start, stop), content))
    return replace(finding, fix=replace(finding.fix, edits=tuple(edits)))


def unified_diff(path: Path | str, before: str, after: str) -> str:
    """A unified diff per changed code cell, headed `a/<path>:cell N`. A cell's last line
    has no line break by convention, so its absence is not flagged."""
    old, new = parse_notebook(before).cells, parse_notebook(after).cells
    parts = []
    for old_cell, new_cell in zip(old, new):
        if old_cell.source == new_cell.source:
            continue
        label = f"{path}:cell {old_cell.number}"
        parts.extend(difflib.unified_diff(_terminated(old_cell.source), _terminated(new_cell.source), f"a/{label}", f"b/{label}"))
    return "".join(parts)


def cell_codes(text: str) -> dict[int, str]:
    """The code of each cell in the notebook's program, by cell number, as the rules see it
    (magics masked, `\\n` line breaks): the text a finding's positions count in, in its
    cell. Raises `NotebookError` if the text is not a notebook."""
    program = Program(parse_notebook(text))
    return {cell.number: cell.text for cell in program.cells}


def edit_cell(text: str, cell: int, edits: Iterable[Edit]) -> str | None:
    """The notebook's JSON `text` with `edits` (positions in `cell_codes(text)[cell]`, e.g.
    one finding's fix) applied to that cell, spliced as `fix_notebook` writes: only that
    cell's `source` differs. None if the cell would no longer parse. Raises `NotebookError`
    if the text is not a notebook, `KeyError` if the cell is not in its program."""
    notebook = parse_notebook(text)
    program = Program(notebook)
    masked = next((masked for masked in program.cells if masked.number == cell), None)
    if masked is None:
        raise KeyError(cell)
    source = program.restored(masked, SourceText(masked.text).apply(edits))
    if not program.parses(cell, source):
        return None
    original = next(c.source for c in notebook.cells if c.number == cell)
    return text if source == original else notebook.with_sources({cell: source})


def _terminated(source: str) -> list[str]:
    return _lines(source if source.endswith("\n") else source + "\n")


def _may_fire(text: str, rules: list[Rule]) -> bool:
    # The rules' tokens are plain ASCII without quotes or backslashes, so they appear in the
    # JSON text exactly as in the cells: the same cheap test as for a .py file.
    return any(rule.may_fire(text) for rule in rules)


# --- The notebook's JSON, with the place of every cell's source -------------------------------


@dataclass(frozen=True)
class Cell:
    number: int  # counts from 1 over all cells
    kind: str  # "code", "markdown", "raw"
    source: str
    # The span of the `source` value in the raw JSON text, and of the list's strings (None for
    # a string): found only when the notebook is written (`Notebook.with_sources`).
    start: int = 0
    end: int = 0
    items: tuple[tuple[int, int], ...] | None = None


@dataclass
class Notebook:
    text: str
    cells: list[Cell]
    language: str | None

    def with_sources(self, sources: dict[int, str]) -> str:
        """The raw text with the `source` of cells (by number) replaced, nothing else."""
        text = self.text
        by_number = {cell.number: cell for cell in self._located_cells()} if sources else {}
        for number in sorted(sources, reverse=True):
            cell = by_number[number]
            text = text[: cell.start] + self._encode(cell, sources[number]) + text[cell.end :]
        if not sources:
            return text
        written = json.loads(text)["cells"]
        if any(_joined(written[n - 1]["source"]) != source for n, source in sources.items()):
            raise AssertionError("splicing the notebook's cells went wrong")  # never write such a file
        return text

    def _located_cells(self) -> list[Cell]:
        """The cells with the spans of their sources in the text (a second pass over the JSON,
        which only writing needs)."""
        return [
            replace(cell, start=start, end=end, items=items)
            for cell, (start, end, items) in zip(self.cells, _source_spans(self.text))
        ]

    def _encode(self, cell: Cell, source: str) -> str:
        ascii_only = self.text.isascii()  # a file written with ensure_ascii stays ASCII
        if cell.items is None:
            return json.dumps(source, ensure_ascii=ascii_only)
        # Lines that did not change keep their exact original spelling.
        spelled = {json.loads(self.text[s:e]): self.text[s:e] for s, e in cell.items}
        items = [spelled.get(line) or json.dumps(line, ensure_ascii=ascii_only) for line in _lines(source)]
        if not items:
            return "[]"
        opening, separator, closing = self._list_layout(cell)
        return "[" + opening + separator.join(items) + closing + "]"

    def _list_layout(self, cell: Cell) -> tuple[str, str, str]:
        """The white space after `[`, between items and before `]`, as the file has it."""
        if cell.items:
            opening = self.text[cell.start + 1 : cell.items[0][0]]
            closing = self.text[cell.items[-1][1] : cell.end - 1]
            if len(cell.items) > 1:
                separator = self.text[cell.items[0][1] : cell.items[1][0]]
            else:
                separator = "," + opening if "\n" in opening else self._compact_separator()
            return opening, separator, closing
        # An empty list: indent as the `"source"` key's line, one level deeper.
        line_start = self.text.rfind("\n", 0, cell.start) + 1
        if line_start == 0:
            return "", self._compact_separator(), ""
        key_indent = re.match(r"[ \t]*", self.text[line_start:]).group()  # type: ignore[union-attr]
        unit = re.search(r"\n([ \t]+)\"", self.text)
        newline = "\r\n" if "\r\n" in self.text else "\n"
        inner = newline + key_indent + (unit.group(1) if unit else " ")
        return inner, "," + inner, newline + key_indent

    def _compact_separator(self) -> str:
        """`, ` or `,`: what follows a comma in a one-line file (json.dump's or a compact one)."""
        _, first_value = next(_members(self.text, _skip(self.text, 0)))
        after = re.compile(r"[ \t]*,([ \t]*)").match(self.text, _end_of(self.text, first_value))
        return "," + (after.group(1) if after else "")


def parse_notebook(text: str) -> Notebook:
    """The notebook in `text`, validated by nbformat. Raises `NotebookError`."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise NotebookError(f"invalid JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        version = data.get("nbformat") if isinstance(data, dict) else None
        if isinstance(version, int) and version < 4:
            raise NotebookError(f"nbformat {version} is not supported; save it as version 4")
        raise NotebookError("no list of cells")
    _validate(data)
    cells = [Cell(number, cell["cell_type"], _joined(cell["source"])) for number, cell in enumerate(data["cells"], start=1)]
    metadata = data.get("metadata") or {}
    language = (metadata.get("language_info") or {}).get("name") or (metadata.get("kernelspec") or {}).get("language")
    return Notebook(text, cells, language)


def preload() -> None:
    """Build the validator for the current notebook format now: what a process about to
    start workers pays once for all of them."""
    _schema_validator(CURRENT_MINOR)


CURRENT_MINOR = 5  # nbformat 4.5, what Jupyter writes today
_SCHEMA_VALIDATORS: dict[int, Callable[[dict], object] | None] = {}


def _validate(data: dict) -> None:
    """Validate with nbformat's schema for the notebook's version. nbformat's own code costs
    0.35 s to import (jsonschema, traitlets), so a notebook its schema accepts as it is is
    checked against the schema file nbformat ships, compiled by fastjsonschema (the
    validator nbformat itself uses); any other notebook (one of a format nbformat relaxes the
    schema for, or with missing cell ids nbformat repairs) is left to `nbformat.validate`."""
    minor = data.get("nbformat_minor")
    if data.get("nbformat") == 4 and type(minor) is int and minor >= 0:
        validator = _schema_validator(minor)
        if validator is not None:
            import fastjsonschema  # noqa: PLC0415 - loaded with the validator

            try:
                validator(data)
                return
            except fastjsonschema.JsonSchemaException:
                pass  # nbformat decides, and says why
    import nbformat  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nbformat.validate(nbformat.from_dict(data))
        except nbformat.ValidationError as error:
            raise NotebookError(str(error.message).splitlines()[0]) from None


def _schema_validator(minor: int) -> Callable[[dict], object] | None:
    """nbformat's JSON schema for format 4.`minor`, compiled (0.15 s, once per process);
    None when no such file is found (nbformat installed elsewhere than in a folder of
    `sys.path`, or a format it has no schema for)."""
    if minor not in _SCHEMA_VALIDATORS:
        _SCHEMA_VALIDATORS[minor] = None
        package = next((Path(entry or ".") / "nbformat" for entry in sys.path if (Path(entry or ".") / "nbformat" / "__init__.py").is_file()), None)
        try:
            schema = json.loads((package / "v4" / f"nbformat.v4.{minor}.schema.json").read_text(encoding="utf-8")) if package else None
        except (OSError, ValueError):
            schema = None
        if isinstance(schema, dict):
            import fastjsonschema  # noqa: PLC0415

            _SCHEMA_VALIDATORS[minor] = fastjsonschema.compile(schema)
    return _SCHEMA_VALIDATORS[minor]


def _joined(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _source_spans(text: str) -> Iterator[tuple[int, int, tuple[tuple[int, int], ...] | None]]:
    """For each cell in order: the span of its `source` value, and of the list's items."""
    for key, start in _members(text, _skip(text, 0)):
        if key != "cells":
            continue
        for cell_start in _elements(text, start):
            found = None
            for cell_key, value_start in _members(text, cell_start):
                if cell_key == "source":
                    found = value_start
            if found is None:
                raise NotebookError("a cell without source")
            end = _end_of(text, found)
            items = tuple((s, _end_of(text, s)) for s in _elements(text, found)) if text[found] == "[" else None
            yield found, end, items


def _skip(text: str, index: int) -> int:
    return _WHITESPACE.match(text, index).end()  # type: ignore[union-attr]


def _end_of(text: str, index: int) -> int:
    return _DECODER.raw_decode(text, index)[1]


def _members(text: str, index: int) -> Iterator[tuple[str, int]]:
    """(key, start of value) for each member of the object starting at `index`."""
    index = _skip(text, index + 1)
    while text[index] != "}":
        key, index = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
        index = _skip(text, _skip(text, index) + 1)  # past the colon
        yield key, index
        index = _skip(text, _end_of(text, index))
        if text[index] == ",":
            index = _skip(text, index + 1)


def _elements(text: str, index: int) -> Iterator[int]:
    """The start of each element of the array starting at `index`."""
    index = _skip(text, index + 1)
    while text[index] != "]":
        yield index
        index = _skip(text, _end_of(text, index))
        if text[index] == ",":
            index = _skip(text, index + 1)


# --- The program: code cells joined, magics masked ---------------------------------------------


@dataclass
class _MaskedCell:
    number: int
    text: str  # the masked source, ending with a newline
    newline: str  # the cell's own line break, restored when it is written back
    trailing_newline: bool


class Program:
    """The code cells of `notebook` as one Python source, and the way back to cells."""

    def __init__(self, notebook: Notebook) -> None:
        self.notebook = notebook
        self.errors: list[CellError] = []
        # Not in any cell: the program is made of cells, markers and placeholders only.
        self.tag = _fresh_tag("\n".join(cell.source for cell in notebook.cells))
        self.magics: dict[int, str] = {}  # placeholder number -> the original line
        self.cells: list[_MaskedCell] = []
        self.text = ""
        self._localized: dict[int, tuple[Finding, Finding]] = {}
        self.tree: ast.Module | None = None  # the program's, when it was parsed whole
        if notebook.language not in (None, "python"):
            return
        masked = [m for cell in notebook.cells if cell.kind == "code" and (m := self._mask(cell)) is not None]
        self.cells = masked
        self.text = self._joined()
        self.tree = self._parsed_whole()
        if self.tree is None:  # some cell does not parse alone: find which, leave them out
            self.cells = [cell for cell in masked if self._parses_alone(cell.number, cell.text)]
            self.text = self._joined()

    def _joined(self) -> str:
        return "".join((f"# {self.tag}-cell {cell.number}\n" if index else "") + cell.text for index, cell in enumerate(self.cells))

    def _parsed_whole(self) -> ast.Module | None:
        """The program's tree if it parses and each of its statements lies in one cell (then
        each cell parses alone as well): one parse instead of one per cell and another of all."""
        firsts, lasts, line = [], [], 1
        for index, cell in enumerate(self.cells):
            line += 1 if index else 0  # the marker line before each cell but the first
            firsts.append(line)
            line += cell.text.count("\n")
            lasts.append(line - 1)
            if cell.text.rstrip("\n").endswith("\\"):
                return None  # continued into the next cell's marker line: it may not parse alone
        try:
            tree = engine.parse(self.text)
        except engine.SourceError:
            return None
        for stmt in tree.body:
            index = bisect.bisect_right(firsts, first_line(stmt)) - 1
            if index < 0 or (stmt.end_lineno or stmt.lineno) > lasts[index]:
                return None  # reaches into the next cell (`x = (` in one cell, `1)` in the next)
        return tree

    @property
    def empty(self) -> bool:
        return not self.cells

    def _mask(self, cell: Cell) -> _MaskedCell | None:
        newline = "\r\n" if "\r\n" in cell.source else "\n"
        source = cell.source.replace("\r\n", "\n")
        lines = _lines(source)
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        out: list[str] = []
        continued = False
        for index, line in enumerate(lines):
            body = line.rstrip("\n")
            if index == first and body.startswith("%%"):
                if (body[2:].split() or [""])[0] not in PYTHON_CELL_MAGICS:
                    return None  # not Python: the whole cell is someone else's
                out.append(self._placeholder(body, ""))
                continued = body.endswith("\\")
            elif continued or (_MAGIC_LINE.match(body) and _starts_statement("".join(out))):
                indent = "" if continued else body[: len(body) - len(body.lstrip())]
                out.append(self._placeholder(body, indent, statement=not continued))
                continued = body.endswith("\\")
            else:
                out.append(body + "\n")
        return _MaskedCell(cell.number, "".join(out), newline, source.endswith("\n") or not source)

    def _placeholder(self, original: str, indent: str, statement: bool = False) -> str:
        number = len(self.magics)
        self.magics[number] = original
        return f"{indent}{'pass  ' if statement else ''}# {self.tag}-magic {number}\n"

    def _parses_alone(self, number: int, text: str) -> bool:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if _parses_quickly(text):
                    return True
                ast.parse(text)
        except SyntaxError as error:
            self.errors.append(CellError(number, error.lineno or 1, error.offset or 1, error.msg or "invalid syntax"))
            return False
        except (ValueError, RecursionError, MemoryError) as error:
            self.errors.append(CellError(number, 1, 1, str(error)))
            return False
        return True

    def parses(self, number: int, source: str) -> bool:
        """Whether a cell's new `source` parses on its own, magics masked."""
        masked = self._mask(Cell(number, "code", source, 0, 0, None))
        if masked is None:
            return True
        errors = len(self.errors)
        ok = self._parses_alone(number, masked.text)
        del self.errors[errors:]
        return ok

    # -- back to cells

    def cell_sources(self, text: str) -> dict[int, str]:
        """Each included cell's source (magics restored) in a fixed program `text`."""
        layout = _Layout(text, self.cells[0].number, self.tag)
        sources = {}
        for cell in self.cells:
            start, end = layout.spans[cell.number]
            sources[cell.number] = self.restored(cell, text[start:end])
        return sources

    def restored(self, cell: _MaskedCell, text: str) -> str:
        """A cell's source from its (edited) masked `text`: magics and line breaks restored."""
        body = self._unmask(text)
        if not cell.trailing_newline:
            body = body.removesuffix("\n")
        return body.replace("\n", cell.newline) if cell.newline != "\n" else body

    def _unmask(self, text: str) -> str:
        pattern = re.compile(rf"^[ \t]*(?:pass  )?# {re.escape(self.tag)}-magic (\d+)$", re.MULTILINE)
        return pattern.sub(lambda match: self.magics[int(match.group(1))], text) if self.magics else text

    # -- findings

    def confine(self, rules: Iterable[Rule]) -> list[Rule]:
        shared = _LayoutCache(self.cells[0].number, self.tag)
        return [_CellConfined(rule, shared, self._localized) for rule in rules]

    def localized(self, finding: Finding) -> Finding:
        """The finding as its cell sees it (positions in the cell, `cell` set)."""
        return self._localized[id(finding)][1]


def _parses_quickly(text: str) -> bool:
    """True if `text` parses: a symbol table is built from the same parse as `ast.parse`'s,
    in about 60% of its time (no Python objects for the tree). False says nothing: the
    symbol table refuses some code that parses (`nonlocal` at module level), so `ast.parse`
    decides."""
    try:
        symtable.symtable(text, "<cell>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _lines(text: str) -> list[str]:
    """The lines of `text` with their breaks, split at `\\n` only (as a notebook stores them)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _fresh_tag(text: str) -> str:
    tag, counter = "gradfix", 0
    while tag in text:
        counter += 1
        tag = f"gradfix{counter}"
    return tag


def _starts_statement(before: str) -> bool:
    """Whether a line after `before` (masked code so far) starts a new statement, rather
    than continuing a bracket, a string or a backslash-continued line."""
    if not before.strip():
        return True
    try:
        for _ in tokenize.generate_tokens(io.StringIO(before).readline):
            pass
    except tokenize.TokenError:
        return False  # EOF inside a bracket, a string or after a backslash
    except SyntaxError:
        return True  # broken anyway: the cell will be reported
    return True


class _Layout:
    """Where each cell, each cell marker and each masked magic line is in a program text."""

    def __init__(self, text: str, first_cell: int, tag: str) -> None:
        self.source = SourceText(text)
        found = list(re.finditer(rf"^# {re.escape(tag)}-cell (\d+)\n", text, re.MULTILINE))
        # Cell i spans [starts[i], ends[i]]; the marker line between cells i and i+1 is [ends[i], starts[i+1]).
        self.numbers = [first_cell] + [int(match.group(1)) for match in found]
        self.starts = [0] + [match.end() for match in found]
        self.ends = [match.start() for match in found] + [len(text)]
        self.spans = {number: (start, end) for number, start, end in zip(self.numbers, self.starts, self.ends)}
        magics = re.finditer(rf"^[ \t]*(?:pass  )?# {re.escape(tag)}-magic \d+\n", text, re.MULTILINE)
        self.magics = [(match.start(), match.end()) for match in magics]
        self._magic_starts = [start for start, _ in self.magics]
        self._lines_before: dict[int, int] = {}
        lines, previous = 0, 0
        for number, start in zip(self.numbers, self.starts):
            lines += text.count("\n", previous, start)
            self._lines_before[number], previous = lines, start

    def cells_of(self, start: int, end: int) -> set[int] | None:
        """The cells an edit of [start, end) touches (both neighbours of a marker it touches);
        None if it touches a masked magic line. An insertion right before a line does not
        touch it, so one where a marker starts belongs to the cell above."""
        last = bisect.bisect_left(self._magic_starts, end if end > start else end + 1) - 1
        if last >= 0 and _touches(start, end, *self.magics[last]):
            return None
        first = bisect.bisect_right(self.starts, start) - 1
        if start == end:
            return {self.numbers[first]} if start <= self.ends[first] else set(self.numbers[first : first + 2])
        final = bisect.bisect_left(self.starts, end) - 1
        cells = set(self.numbers[first : final + 1])
        if end > self.ends[final] and final + 1 < len(self.numbers):
            cells.add(self.numbers[final + 1])
        return cells

    def locate(self, line: int) -> tuple[int, int]:
        """(cell, line in that cell) of a program line."""
        cell = max((n for n, before in self._lines_before.items() if before < line), key=self._lines_before.__getitem__)
        return cell, line - self._lines_before[cell]

    def local(self, position: Position, cell: int) -> Position:
        return Position(position.line - self._lines_before[cell], position.column)

    def offset(self, position: Position) -> int:
        return self.source.offset(position)

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.source.line_starts, offset)
        column = offset - self.source.line_starts[line - 1]
        if column and column == len(self.source.lines[line - 1]):  # just past the last line break
            return Position(line + 1, 0)
        return Position(line, column)

    def trimmed(self, edit: Edit) -> Edit:
        """The same edit without the whole lines it leaves as they are at its start and end."""
        start, end = self.offset(edit.range.start), self.offset(edit.range.end)
        old, new = _lines(self.source.text[start:end]), _lines(edit.content)
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head] and old[head].endswith("\n"):
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        if not head and not tail:
            return edit
        start += sum(map(len, old[:head]))
        end -= sum(map(len, old[len(old) - tail :]))
        return Edit(Range(self.position(start), self.position(end)), "".join(new[head : len(new) - tail]))


def _touches(start: int, end: int, line_start: int, line_end: int) -> bool:
    """Whether an edit of [start, end) changes the line [line_start, line_end) (an insertion
    right before the line does not)."""
    return start < line_end and end > line_start and not (start == end == line_start)


class _LayoutCache:
    def __init__(self, first_cell: int, tag: str) -> None:
        self.first_cell, self.tag = first_cell, tag
        self.layout: _Layout | None = None

    def of(self, text: str) -> _Layout:
        if self.layout is None or self.layout.source.text is not text:
            self.layout = _Layout(text, self.first_cell, self.tag)
        return self.layout


# Some messages point at another line of the program: "(line 21)".
_LINE_REFERENCE = re.compile(r"\(line (\d+)\)")


def _cell_line(match: re.Match[str], cell: int, layout: _Layout) -> str:
    other, line = layout.locate(int(match.group(1)))
    return f"(line {line})" if other == cell else f"(cell {other}, line {line})"


class _CellConfined(Rule):
    """A rule whose fixes stay inside one cell and off masked lines; others lose their fix."""

    def __init__(self, rule: Rule, layouts: _LayoutCache, localized: dict[int, tuple[Finding, Finding]]) -> None:
        self.rule, self.layouts, self.registry = rule, layouts, localized
        self.code, self.name, self.tokens = rule.code, rule.name, rule.tokens
        if getattr(rule.may_fire, "__func__", None) is not Rule.may_fire.__func__:  # type: ignore[attr-defined]
            self.may_fire = rule.may_fire  # type: ignore[method-assign] - its own test
        # else Rule.may_fire on the same tokens, which the engine searches once for all rules

    def check(self, ctx: Context) -> Iterator[Finding]:
        layout = self.layouts.of(ctx.source.text)
        for finding in self.rule.check(ctx):
            start = layout.offset(finding.range.start)
            cells = layout.cells_of(start, start)
            if not cells:
                continue  # a finding on a masked line cannot be about the user's code
            cell = min(cells)
            finding = self._confined(finding, cell, layout)
            self.registry[id(finding)] = (finding, self._local(finding, cell, layout))
            yield finding

    def _confined(self, finding: Finding, cell: int, layout: _Layout) -> Finding:
        finding = replace(finding, message=_LINE_REFERENCE.sub(lambda m: _cell_line(m, cell, layout), finding.message))
        if finding.fix is None:
            return replace(finding, cell=cell)
        # A rewrite that starts at the comment lines above a statement also takes in the
        # marker or magic above it, unchanged: leave out the lines it does not change.
        edits = tuple(layout.trimmed(edit) for edit in finding.fix.edits)
        touched = [layout.cells_of(layout.offset(e.range.start), layout.offset(e.range.end)) for e in edits]
        cells = set().union(*(found for found in touched if found))
        if None not in touched and cells == {cell}:
            return replace(finding, cell=cell, fix=replace(finding.fix, edits=edits))
        if None in touched:
            note = "not fixed: the fix would change an IPython magic or shell line"
        else:
            *others, last = sorted(cells)
            note = f"not fixed: the fix spans cells {', '.join(map(str, others))} and {last}"
        return replace(finding, message=f"{finding.message} ({note})", fix=None, cell=cell)

    @staticmethod
    def _local(finding: Finding, cell: int, layout: _Layout) -> Finding:
        def local(range_: Range) -> Range:
            return Range(layout.local(range_.start, cell), layout.local(range_.end, cell))

        fix = None
        if finding.fix is not None:
            edits = tuple(Edit(local(edit.range), edit.content) for edit in finding.fix.edits)
            fix = Fix(finding.fix.message, finding.fix.applicability, edits)
        return replace(finding, range=local(finding.range), fix=fix)
