"""Notebooks: the code cells are one program, magics never get in the way, findings and
diffs name their cell, and a fixed notebook differs from the original only in the `source`
of the cells that changed."""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from typer.testing import CliRunner

from codemods import NotebookError, check_notebook, fix_notebook
from codemods.cli import app
from codemods.files import discover

SETUP = "import tensorflow as tf\nw = tf.Variable(1.0)\nopt = tf.keras.optimizers.SGD(0.1)"
BUGGY_STEP = (
    "with tf.GradientTape() as tape:\n"
    "    loss = w * w  # déjà vu\n"
    "grads = tape.gradient(loss, [w])\n"
    "opt.apply_gradients(grads, [w])"
)
FIXED_STEP = BUGGY_STEP.replace("opt.apply_gradients(grads, [w])", "opt.apply_gradients(zip(grads, [w]))")
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def notebook_text(*sources: str) -> str:
    """A notebook written by nbformat (indent 1), with a markdown cell first."""
    return nbformat.writes(_notebook(*sources)) + "\n"


def _notebook(*sources: str) -> nbformat.NotebookNode:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})
    nb.cells.append(new_markdown_cell("# Training — «naïve» ✓"))
    for number, source in enumerate(sources, start=1):
        nb.cells.append(new_code_cell(source, execution_count=number))
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
    return nb


def _rich_notebook() -> nbformat.NotebookNode:
    """Outputs (text and an image), an attachment, non-ASCII text, cell ids, metadata."""
    nb = _notebook(SETUP, BUGGY_STEP, "print('ünïcode ✓')")
    nb.cells[0].attachments = {"plot.png": {"image/png": PNG}}
    nb.cells[1].outputs = [new_output("stream", name="stdout", text="loaded ✓\n")]
    nb.cells[2].outputs = [new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]
    nb.cells[2].metadata = {"tags": ["training"], "collapsed": False}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11"}
    return nb


def _fixed_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    fixed = copy.deepcopy(nb)
    fixed.cells[2].source = FIXED_STEP
    return fixed


# --- Writing back: byte for byte except the changed cells' source -----------------------------


def _as_dict(nb: nbformat.NotebookNode, string_sources: bool) -> dict:
    data = json.loads(nbformat.writes(nb))
    if string_sources:
        for cell in data["cells"]:
            cell["source"] = "".join(cell["source"])
    return data


WRITERS = {
    "nbformat_indent_1": lambda nb: nbformat.writes(nb) + "\n",
    "indent_2_sorted": lambda nb: json.dumps(_as_dict(nb, False), indent=2, sort_keys=True, ensure_ascii=False),
    "compact_ascii": lambda nb: json.dumps(_as_dict(nb, False)),
    "compact_no_spaces": lambda nb: json.dumps(_as_dict(nb, False), separators=(",", ":"), ensure_ascii=False),
    "string_sources": lambda nb: json.dumps(_as_dict(nb, True), indent=1, ensure_ascii=False),
    "crlf": lambda nb: (nbformat.writes(nb) + "\n").replace("\n", "\r\n"),
}


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
def test_fix_rewrites_only_the_changed_source(writer: str) -> None:
    """The fixed file is exactly what the same writer makes of the fixed notebook: every
    output, attachment, id, indentation and key order is kept, and the new source is
    spelled in the file's own style."""
    write = WRITERS[writer]
    nb = _rich_notebook()
    before = write(nb)
    result = fix_notebook(before)
    assert [f.code for f in result.fixed] == ["GF001"]
    assert result.text == write(_fixed_copy(nb))
    assert result.text.replace(FIXED_STEP.split("\n")[-1], "") != before  # something changed...
    assert json.loads(result.text)["cells"][1:] != json.loads(before)["cells"][1:]
    changed = [i for i, (a, b) in enumerate(zip(json.loads(before)["cells"], json.loads(result.text)["cells"])) if a != b]
    assert changed == [2]  # ...in one cell only


def test_unchanged_lines_of_a_changed_cell_keep_their_spelling() -> None:
    """A line spelled with escapes (`\\u00e9`) in the file keeps them when its cell is fixed."""
    before = notebook_text(SETUP, BUGGY_STEP)
    escaped = before.replace("déjà vu", "d\\u00e9j\\u00e0 vu")
    result = fix_notebook(escaped)
    assert result.fixed and "d\\u00e9j\\u00e0 vu" in result.text
    assert json.loads(result.text)["cells"][2]["source"] == json.loads(notebook_text(SETUP, FIXED_STEP))["cells"][2]["source"]


def test_a_clean_notebook_is_returned_unchanged() -> None:
    text = notebook_text(SETUP, FIXED_STEP)
    assert check_notebook(text).findings == []
    assert fix_notebook(text, unsafe=True).text is text


# --- One program, in cell order ------------------------------------------------------------------


def test_findings_carry_their_cell_and_a_position_in_it() -> None:
    (finding,) = check_notebook(notebook_text(SETUP, "x = 1", BUGGY_STEP)).findings
    assert finding.code == "GF001"
    assert finding.cell == 4  # counting every cell from 1, the markdown cell included
    assert (finding.range.start.line, finding.range.start.column) == (4, 0)
    assert finding.fix is not None and {e.range.start.line for e in finding.fix.edits} == {4}


def test_an_optimizer_from_an_earlier_cell_is_the_same_object() -> None:
    """GF012 knows the optimizer in cell 2 is created once, and GF016 that cell 4 and
    cell 5 share it."""
    models = "a = tf.Variable(1.0)\nb = tf.Variable(2.0)"
    step = "with tf.GradientTape() as tape:\n    loss = {v} * {v}\nopt.apply_gradients(zip(tape.gradient(loss, [{v}]), [{v}]))"
    text = notebook_text(SETUP, models, step.format(v="a"), step.format(v="b"))
    assert [(f.code, f.cell) for f in check_notebook(text).findings] == [("GF016", 5)]


def test_a_forward_pass_in_an_earlier_cell_than_the_tape_is_reported_not_moved() -> None:
    """The forward pass belongs inside the tape, but moving it would join two cells: the
    finding is reported, without a fix, and the notebook is left as it is."""
    forward = "pred = w * 3.0"
    step = "with tf.GradientTape() as tape:\n    loss = pred * pred\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(zip(grads, [w]))"
    text = notebook_text(SETUP, forward, step)
    (finding,) = check_notebook(text).findings
    assert (finding.code, finding.cell, finding.line, finding.fix) == ("GF002", 3, 1, None)
    assert "the fix spans cells 3 and 4" in finding.message
    result = fix_notebook(text, unsafe=True)
    assert result.text == text and result.fixed == [] and [f.code for f in result.remaining] == ["GF002"]


@pytest.mark.parametrize("header", ["", "# Forward pass, then the tape.\n", "%%time\n", "!echo step\n"])
def test_a_forward_pass_first_in_its_cell_is_moved_into_the_tape(header: str) -> None:
    """The rewrite starts above the statement, at the cell's first line: it is still one cell."""
    step = header + "pred = w * 3.0\nwith tf.GradientTape() as tape:\n    loss = pred * pred\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(zip(grads, [w]))"
    result = fix_notebook(notebook_text(SETUP, step))
    assert [(f.code, f.cell) for f in result.fixed] == [("GF002", 3)]
    assert nbformat.reads(result.text, as_version=4).cells[2].source == header + (
        "with tf.GradientTape() as tape:\n    pred = w * 3.0\n    loss = pred * pred\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(zip(grads, [w]))"
    )


def test_a_line_added_after_a_cells_last_statement_stays_in_that_cell() -> None:
    """GF011's fix adds `del tape` below the cell's last line, right where the next cell starts."""
    step = "with tf.GradientTape() as tape:\n    loss = w * w\ng1 = tape.gradient(loss, [w])\ng2 = tape.gradient(loss, [w])"
    result = fix_notebook(notebook_text(SETUP, step, "opt.apply_gradients(zip(g1, [w]))"))
    cells = nbformat.reads(result.text, as_version=4).cells
    assert [(f.code, f.cell) for f in result.fixed] == [("GF011", 3)]
    assert cells[2].source == step.replace("GradientTape()", "GradientTape(persistent=True)") + "\ndel tape"
    assert cells[3].source == "opt.apply_gradients(zip(g1, [w]))"


def test_a_tape_used_in_the_next_cell_is_understood() -> None:
    """The second gradient call in cell 4 uses the non-persistent tape of cell 3."""
    tape = "with tf.GradientTape() as tape:\n    loss = w * w\n    loss2 = w * 3"
    use = "g1 = tape.gradient(loss, [w])\ng2 = tape.gradient(loss2, [w])\nopt.apply_gradients(zip(g1, [w]))\nopt.apply_gradients(zip(g2, [w]))"
    text = notebook_text(SETUP, tape, use)
    (finding,) = check_notebook(text).findings
    assert (finding.code, finding.cell) == ("GF011", 4)
    assert "spans cells 3 and 4" in finding.message and finding.fix is None
    assert fix_notebook(text, unsafe=True).text == text


def test_a_line_named_in_a_message_is_given_in_its_cell() -> None:
    clip = "with tf.GradientTape() as tape:\n    loss = w * w\ngrads = tape.gradient(loss, [w])\nclipped, _ = tf.clip_by_global_norm(grads, 1.0)"
    (finding,) = check_notebook(notebook_text(SETUP, clip, "opt.apply_gradients(zip(grads, [w]))")).findings
    assert finding.code == "GF003" and finding.cell == 4
    assert "(cell 3, line 4)" in finding.message
    assert finding.fix is not None  # its edit is in cell 4 alone


def test_fixes_in_several_cells_are_applied_together() -> None:
    text = notebook_text(SETUP, BUGGY_STEP, "x = 1", BUGGY_STEP.replace("grads", "g"))
    result = fix_notebook(text)
    assert sorted(f.cell for f in result.fixed) == [3, 5]
    sources = [cell.source for cell in nbformat.reads(result.text, as_version=4).cells]
    assert sources[2] == FIXED_STEP and "opt.apply_gradients(zip(g, [w]))" in sources[4]


def test_noqa_in_a_cell() -> None:
    text = notebook_text(SETUP, BUGGY_STEP.replace("[w])\nopt", "[w])\nopt").replace("(grads, [w])", "(grads, [w])  # noqa: GF001"))
    assert check_notebook(text).findings == []


# --- IPython lines -------------------------------------------------------------------------------

MAGICS = [
    "%timeit w * 2",
    "!pip install --quiet tensorflow",
    "files = !ls",
    "out = %sx echo hi",
    "?tf.GradientTape",
    "tf.GradientTape?",
    "tf.GradientTape??",
    "%load_ext autoreload",
    "%pip install -q \\\n    tensorflow-cpu",
]


@pytest.mark.parametrize("magic", MAGICS)
def test_magic_lines_pass_through_untouched(magic: str) -> None:
    step = f"{magic}\n{BUGGY_STEP}\n{magic}"
    result = fix_notebook(notebook_text(SETUP, step))
    assert check_notebook(notebook_text(SETUP, step)).errors == [] and result.errors == []
    assert [f.code for f in result.fixed] == ["GF001"]
    assert nbformat.reads(result.text, as_version=4).cells[2].source == f"{magic}\n{FIXED_STEP}\n{magic}"


def test_magics_inside_a_block_and_python_cell_magics() -> None:
    loop = "%%time\nfor step in range(3):\n    %time y = 1\n    !echo step\n" + "\n".join("    " + line for line in BUGGY_STEP.split("\n"))
    text = notebook_text(SETUP, loop, "%%bash\nfor f in *; do echo $f; done", "%%writefile x.py\nthis is not python(")
    result = fix_notebook(text)
    assert result.errors == [] and [(f.code, f.cell) for f in result.fixed] == [("GF001", 3)]
    fixed_loop = nbformat.reads(result.text, as_version=4).cells[2].source
    assert fixed_loop.startswith("%%time\nfor step in range(3):\n    %time y = 1\n    !echo step\n")
    assert fixed_loop.endswith("    opt.apply_gradients(zip(grads, [w]))")


def test_a_percent_or_bang_that_is_python_is_not_masked() -> None:
    """A `%` continuing an expression and a `!` inside a string are Python, not IPython."""
    step = "x = (7\n% 2)\ns = '''\n!not a shell line\n'''\n" + BUGGY_STEP
    (finding,) = check_notebook(notebook_text(SETUP, step)).findings
    assert (finding.code, finding.cell, finding.line) == ("GF001", 3, 9)


def test_a_fix_that_would_rewrite_a_magic_line_is_not_applied() -> None:
    step = (
        "with tf.GradientTape(persistent=True) as tape:\n"
        "    loss = w * w\n"
        "    grads = tape.gradient(loss, [w])\n"
        "    %time y = 1\n"
        "    opt.apply_gradients(zip(grads, [w]))"
    )
    text = notebook_text(SETUP, step)
    (finding,) = check_notebook(text).findings
    assert finding.code == "GF010" and finding.fix is None and "IPython magic or shell line" in finding.message
    assert fix_notebook(text, unsafe=True).text == text


# --- Bad input -----------------------------------------------------------------------------------


def test_a_cell_that_does_not_parse_is_reported_and_the_others_are_fixed() -> None:
    text = notebook_text(SETUP, "def broken(:\n    pass", BUGGY_STEP)
    checked = check_notebook(text)
    assert [(e.cell, e.line, e.column) for e in checked.errors] == [(3, 1, 12)]
    assert [(f.code, f.cell) for f in checked.findings] == [("GF001", 4)]
    result = fix_notebook(text)
    cells = nbformat.reads(result.text, as_version=4).cells
    assert cells[2].source == "def broken(:\n    pass" and cells[3].source == FIXED_STEP


@pytest.mark.parametrize(
    "first, second, errors",
    [
        ("x = (", "1)", [(3, 1, 5), (4, 1, 2)]),  # parses joined, not cell by cell
        ("if True:", "    x = 1", [(3, 1, 9), (4, 1, 4)]),
        ("x = 1 + \\", "y = 2", [(3, 1, 10)]),  # a backslash would join the next cell's marker line
    ],
)
def test_a_statement_reaching_into_the_next_cell_is_an_error_in_each_cell(first: str, second: str, errors: list) -> None:
    text = notebook_text(SETUP, first, second, BUGGY_STEP)
    checked = check_notebook(text)
    assert [(e.cell, e.line, e.column) for e in checked.errors] == errors
    assert [(f.code, f.cell) for f in checked.findings] == [("GF001", 5)]


def test_a_notebook_whose_cells_all_parse_is_parsed_once(monkeypatch) -> None:
    import ast
    import symtable

    parses: list[str] = []
    real_parse, real_symtable = ast.parse, symtable.symtable
    monkeypatch.setattr(ast, "parse", lambda text, *a, **k: parses.append("ast") or real_parse(text, *a, **k))
    monkeypatch.setattr(symtable, "symtable", lambda text, *a, **k: parses.append("symtable") or real_symtable(text, *a, **k))
    assert [(f.code, f.cell) for f in check_notebook(notebook_text(SETUP, "%timeit 1", BUGGY_STEP)).findings] == [("GF001", 4)]
    assert parses == ["ast"]


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"cells": [apply_gradients', "invalid JSON"),
        ('["apply_gradients"]', "no list of cells"),
        ('{"nbformat": 3, "worksheets": [], "apply_gradients": 1}', "nbformat 3 is not supported"),
        ('{"cells": [{"cell_type": "code", "source": "apply_gradients"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "required"),
    ],
)
def test_not_a_notebook_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(NotebookError, match=message):
        check_notebook(text)
    with pytest.raises(NotebookError, match=message):
        fix_notebook(text)


def test_a_notebook_no_rule_could_fire_on_is_not_parsed() -> None:
    """As for .py files: without any rule's tokens, the JSON is not even read."""
    assert check_notebook("{not json").findings == []


def test_a_notebook_in_another_language_is_skipped() -> None:
    nb = _notebook(BUGGY_STEP)
    nb.metadata = {"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}}
    assert check_notebook(nbformat.writes(nb)).findings == []


# --- Command line ---------------------------------------------------------------------------------


def gradfix(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "train.ipynb").write_text(notebook_text(SETUP, "x = 1", BUGGY_STEP), encoding="utf-8")
    (tmp_path / "clean.py").write_text(SETUP, encoding="utf-8")
    return tmp_path


def test_folders_are_walked_for_notebooks_but_not_their_checkpoints(project: Path) -> None:
    (project / ".ipynb_checkpoints").mkdir()
    (project / ".ipynb_checkpoints" / "train-checkpoint.ipynb").write_text(notebook_text(BUGGY_STEP), encoding="utf-8")
    assert sorted(p.path.name for p in discover([project])) == ["clean.py", "train.ipynb"]


def test_check_prints_the_cell(project: Path) -> None:
    code, out, _ = gradfix("check", project)
    assert code == 1
    assert f"{project / 'train.ipynb'}:cell 4:4:1: GF001 [*] `apply_gradients` called with two arguments" in out


def test_json_has_a_cell_field(project: Path) -> None:
    (project / "train.py").write_text(SETUP + "\n" + BUGGY_STEP, encoding="utf-8")
    code, out, _ = gradfix("check", project, "--output-format", "json")
    by_file = {Path(f["filename"]).name: f for f in json.loads(out)}
    assert by_file["train.ipynb"]["cell"] == 4 and by_file["train.ipynb"]["location"] == {"row": 4, "column": 1}
    assert by_file["train.py"]["cell"] is None


def test_diff_shows_the_cell_and_writes_nothing(project: Path) -> None:
    before = (project / "train.ipynb").read_text(encoding="utf-8")
    code, out, _ = gradfix("fix", "--diff", project / "train.ipynb")
    assert code == 1
    assert f"--- a/{project / 'train.ipynb'}:cell 4\n+++ b/{project / 'train.ipynb'}:cell 4\n" in out
    assert "-opt.apply_gradients(grads, [w])\n" in out and "+opt.apply_gradients(zip(grads, [w]))\n" in out
    assert (project / "train.ipynb").read_text(encoding="utf-8") == before


def test_fix_writes_the_notebook_in_place_keeping_its_mode(project: Path) -> None:
    path = project / "train.ipynb"
    os.chmod(path, 0o640)
    code, out, _ = gradfix("fix", path)
    assert code == 0 and "Fixed 1 problem." in out
    assert path.read_text(encoding="utf-8") == notebook_text(SETUP, "x = 1", FIXED_STEP)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_bad_cells_and_bad_notebooks_are_reported_and_left_alone(project: Path) -> None:
    broken = project / "broken.ipynb"
    broken.write_text(notebook_text(SETUP, "x = = 1", "y = (", BUGGY_STEP), encoding="utf-8")
    invalid = project / "invalid.ipynb"
    invalid.write_text('{"cells": [ "apply_gradients"', encoding="utf-8")
    before = broken.read_text(encoding="utf-8")
    code, out, err = gradfix("check", broken, invalid)
    assert code == 2
    assert f"{broken}:cell 3:1:5: syntax error: invalid syntax" in err
    assert f"{broken}:cell 4:1:5: syntax error:" in err
    assert f"{invalid}: not a valid notebook: invalid JSON" in err
    assert f"{broken}:cell 5:4:1: GF001" in out  # the other cells are still checked
    code, _, _ = gradfix("fix", broken, invalid)
    assert code == 2
    cells = nbformat.reads(broken.read_text(encoding="utf-8"), as_version=4).cells
    assert cells[4].source == FIXED_STEP and cells[2].source == "x = = 1"
    assert broken.read_text(encoding="utf-8") == before.replace("opt.apply_gradients(grads, [w])", "opt.apply_gradients(zip(grads, [w]))")
    assert invalid.read_text(encoding="utf-8") == '{"cells": [ "apply_gradients"'


# --- Many notebooks: random mixes of cells, writers and magics ------------------------------------

FRAGMENTS = [
    SETUP,
    BUGGY_STEP,
    FIXED_STEP,
    "%%time\n" + BUGGY_STEP,
    "!pip install tensorflow\n" + BUGGY_STEP.replace("grads", "g2"),
    "pred = w * 3.0\n" + FIXED_STEP.replace("w * w", "pred * pred"),
    "for i in range(2):\n    %time y = i\n    with tf.GradientTape() as t2:\n        l2 = w * 2.0\n    opt.apply_gradients(zip(t2.gradient(l2, [w]), [w]))",
    "%%bash\necho ü",
    "x = = 1",
    "files = !ls\ntf.GradientTape?",
    "",
]


@pytest.mark.parametrize("seed", range(40))
def test_random_notebooks_change_only_code_sources_and_never_magics(seed: int) -> None:
    import random

    rng = random.Random(seed)
    nb = _notebook(*(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 7))))
    for cell in nb.cells:
        if cell.cell_type == "code" and rng.random() < 0.5:
            cell.outputs = [new_output("stream", name="stdout", text=f"step {seed} ✓\n")]
    write = WRITERS[rng.choice(list(WRITERS))]
    before = write(nb)

    result = fix_notebook(before, unsafe=True)

    fixed_nb = copy.deepcopy(nb)
    for cell, source in zip(fixed_nb.cells, (c.source for c in nbformat.reads(result.text, as_version=4).cells)):
        cell.source = source
    assert result.text == write(fixed_nb)  # the same file but for the changed sources
    for old, new in zip(nb.cells, fixed_nb.cells):
        assert old.cell_type == "code" or old.source == new.source
        magics = [line for line in old.source.split("\n") if line.lstrip().startswith(("%", "!")) or line.endswith("?")]
        assert magics == [line for line in new.source.split("\n") if line in magics]
    assert fix_notebook(result.text, unsafe=True).text == result.text
