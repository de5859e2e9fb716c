"""The fast paths of the command line give the same results as the slow ones: work split
across processes largest file first, plain lines printed without rich, notebooks validated
against nbformat's schema without nbformat's code, cells test-parsed through the symbol
table; and a cached run loads none of the heavy modules."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from rich.console import Console

from codemods import notebook, output, runner
from codemods.files import discover
from tests.test_cli import BUGGY, FIXED

REPOSITORY = Path(__file__).resolve().parent.parent


# --- worker processes ---------------------------------------------------------------------------


def test_chunks_hold_every_file_once_largest_first() -> None:
    sizes = [5, 900, 0, 40, 40, 7000, 3, 120] * 5
    chunks = runner._chunks(sizes, jobs=2)
    flat = [index for chunk in chunks for index in chunk]
    assert sorted(flat) == list(range(len(sizes)))
    assert [sizes[index] for index in flat] == sorted(sizes, reverse=True)
    assert 1 < len(chunks) <= 2 * runner.CHUNKS_PER_WORKER + 1
    assert chunks[0] == [5]  # the largest file alone: it goes out first


def test_worker_processes_report_every_file_in_order_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(12):
        body = BUGGY if index % 3 else FIXED
        (tmp_path / f"file_{index:02}.py").write_text(body + "\n# padding\n" * (index * 7 % 5), encoding="utf-8")
    (tmp_path / "broken.py").write_text("import tensorflow as tf\nwith tf.GradientTape() as tape:\n    y = tape.gradient(\n", encoding="utf-8")
    (tmp_path / "step.ipynb").write_text(nbformat.writes(_cells("import tensorflow as tf", BUGGY)), encoding="utf-8")
    targets = [target for target in discover([tmp_path]) if not isinstance(target, Exception)]

    ready: list[int] = []

    def reports(jobs: int) -> list[tuple[Path, list[tuple[str, int]], str | None]]:
        return [
            (report.path, [(f.code, f.line) for f in report.findings], report.error and report.error.message)
            for report in runner.run(targets, runner.Options(), jobs=jobs, progress=lambda: ready.append(jobs))
        ]

    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD", 2)
    in_workers = reports(jobs=2)
    assert ready == [2] * len(targets)  # progress once per file, as each report comes back
    assert [path for path, _, _ in in_workers] == [target.path for target in targets]
    assert in_workers == reports(jobs=1)
    assert any(findings for _, findings, _ in in_workers) and any(error for _, _, error in in_workers)
    assert [findings for path, findings, _ in in_workers if path.suffix == ".ipynb"] != [[]]


# --- printing without rich ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["All checks passed!", "Found 2 problems (1 fixable).", "a.py:3:1: syntax error: '[' was never closed",
     "tab\there", "two\nlines", "bell\a and return\r", "x [bold]y[/bold]", "", "data/:fire:/train.py:1:1: GF001"],
)
def test_a_lazy_console_writes_what_rich_writes(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = io.StringIO()
    Console(file=expected, highlight=False, soft_wrap=True, emoji=False).print(text, markup=False)
    written = io.StringIO()
    monkeypatch.setattr(sys, "stdout", written)
    console = output.LazyConsole()
    console.print(text, markup=False)
    assert written.getvalue() == expected.getvalue()
    assert (console._console is None) == (text.isprintable())  # rich only for what it would change


def test_a_lazy_console_is_not_a_terminal_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    console = output.LazyConsole(stderr=True)
    assert console.is_terminal is False and console._console is None
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert console.is_terminal is True  # as rich decides


def _imports_of(arguments: list[str], cwd: Path) -> str:
    """The modules `python -m codemods ...` imports (from `-X importtime`)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "codemods", *arguments],
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPOSITORY)}, capture_output=True, text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    return "\n".join(line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:"))


HEAVY = ("rich", "libcst", "nbformat", "jsonschema", "fastjsonschema", "pygls", "pydantic", "multiprocessing")


def _heavy(modules: list[str], also: tuple[str, ...] = ()) -> list[str]:
    return [module for module in modules if module.split(".")[0] in HEAVY or module in also]


def test_a_cached_run_and_a_file_without_findings_load_nothing_heavy(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(BUGGY, encoding="utf-8")
    (tmp_path / "plain.py").write_text("print('no gradients here')\n", encoding="utf-8")
    assert _heavy(_imports_of(["check", "plain.py"], tmp_path).splitlines()) == []  # the rules' tokens only
    _imports_of(["check", "."], tmp_path)  # fills the cache (and prints findings: rich)
    (tmp_path / "train.py").write_text(FIXED, encoding="utf-8")
    _imports_of(["check", "."], tmp_path)  # train.py changed: analysed again, cached clean
    warm = _imports_of(["check", "."], tmp_path).splitlines()
    assert _heavy(warm, also=("codemods.engine", "codemods.rules", "codemods.notebook")) == []


# --- notebooks ----------------------------------------------------------------------------------------


def _notebook_data(**changes: object) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import tensorflow as tf\nx = 1"), nbformat.v4.new_markdown_cell("# Title")]
    data = json.loads(nbformat.writes(nb))
    data.update(changes)
    return data


def test_schema_validation_agrees_with_nbformat() -> None:
    valid = _notebook_data()
    notebook._validate(valid)  # no error
    missing_ids = _notebook_data()
    for cell in missing_ids["cells"]:
        del cell["id"]
    notebook._validate(missing_ids)  # nbformat repairs missing ids: valid to it, so to us
    future = _notebook_data(nbformat_minor=99)
    future["cells"][0]["new_field"] = 1
    notebook._validate(future)  # a newer format: nbformat relaxes its schema
    broken = _notebook_data()
    del broken["cells"][0]["outputs"]
    with pytest.raises(notebook.NotebookError, match="outputs"):
        notebook._validate(broken)
    with pytest.raises(nbformat.ValidationError):
        nbformat.validate(nbformat.from_dict(broken))


@pytest.mark.parametrize(
    "source",
    ["x = 1\n", "nonlocal x\n", "def f(a, a):\n    pass\n", "await thing()\n", "return 1\n", "yield 1\n",
     "def f(:\n", "x = (1,\n", "print 'py2'\n", "x = 1\0\n", "global x\nx = 1\nglobal x\n"],
)
def test_a_cell_parses_quickly_only_when_ast_parses_it(source: str) -> None:
    import ast

    try:
        ast.parse(source)
        parses = True
    except (SyntaxError, ValueError):
        parses = False
    assert not notebook._parses_quickly(source) or parses  # never says yes where ast says no
    program = notebook.Program(notebook.parse_notebook(nbformat.writes(_cells(source))))
    assert (not program.errors) == parses


def _cells(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return nb
