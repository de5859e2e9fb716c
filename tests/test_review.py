"""`gradfix review`: the review state machine driven by scripted keys, the command's
non-interactive modes, and end-to-end sessions in a real pseudo-terminal."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from codemods.files import PathError, discover
from rich.console import Console
from typer.testing import CliRunner

from codemods import apply_fix, check, check_notebook, fix_notebook
from codemods.cli import app
from codemods.engine import select_rules
from codemods.findings import Applicability, Edit, Finding, Fix, Position, Range
from codemods.review import (
    Action,
    FileStatus,
    Prompt,
    Reviewer,
    ReviewResult,
    TextReview,
    _map_positions,
)
from codemods.rules.base import Rule
from codemods.source import SourceText

ROOT = Path(__file__).resolve().parent.parent
MIXED = ROOT / "golden" / "mixed"
UNZIPPED = "01_forward_pass_unzipped_unclipped"  # GF002 (line 18), GF001 and GF003 (line 23), all safe
NUMPY = "03_numpy_loss_gradient_in_tape_unzipped"  # GF013 x2 (unsafe, line 19), GF010 (20), GF001 (21)

Key = str | Callable[[Prompt], str]


def before(name: str) -> str:
    return (MIXED / f"{name}.before.py").read_text(encoding="utf-8")


def after(name: str) -> str:
    return (MIXED / f"{name}.after.py").read_text(encoding="utf-8")


def finding(text: str, code: str, line: int | None = None):
    return next(f for f in check(text) if f.code == code and (line is None or f.line == line))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a_train.py").write_text(before(UNZIPPED), encoding="utf-8")
    (tmp_path / "b_model.py").write_text(before(NUMPY), encoding="utf-8")
    return tmp_path


class Session:
    """A review driven by a script of keys (or functions of the prompt returning one)."""

    def __init__(self, root: Path, keys: list[Key], **options: object) -> None:
        self.script = list(keys)
        self.prompts: list[Prompt] = []
        self.console = Console(file=io.StringIO(), width=200, color_system=None)
        self.reviewer = Reviewer(self.console, self.key, root=root, **options)  # type: ignore[arg-type]

    def key(self, prompt: Prompt) -> str:
        self.prompts.append(prompt)
        assert self.script, f"asked beyond the script: {prompt.path.name}:{prompt.offer.finding.line} {prompt.offer.finding.code}"
        key = self.script.pop(0)
        return key(prompt) if callable(key) else key

    def run(self, *paths: Path) -> ReviewResult:
        result = self.reviewer.review([item for item in discover(paths) if not isinstance(item, PathError)])
        assert not self.script, f"keys not asked for: {self.script}"
        return result

    @property
    def offered(self) -> list[tuple[str, int, str]]:
        return [(p.path.name, p.offer.finding.line, p.offer.finding.code) for p in self.prompts]

    @property
    def output(self) -> str:
        return self.console.file.getvalue()  # type: ignore[attr-defined]


def test_accept_one_skip_the_others_writes_exactly_that_fix(project: Path) -> None:
    path = project / "a_train.py"
    session = Session(project, ["n", "y", "n"])
    result = session.run(path)
    assert session.offered == [("a_train.py", 18, "GF002"), ("a_train.py", 23, "GF001"), ("a_train.py", 23, "GF003")]
    original = before(UNZIPPED)
    assert path.read_bytes() == apply_fix(original, finding(original, "GF001").fix).encode("utf-8")
    assert result.exit_code == 0 and result.files[0].status is FileStatus.WRITTEN


def test_shows_location_rule_message_applicability_diff_and_progress(project: Path) -> None:
    session = Session(project, ["n", "n", "n"])
    session.run(project / "a_train.py")
    out = session.output
    assert f"{project / 'a_train.py'}:18:5: GF002 forward-pass-outside-tape [safe fix]" in out
    assert "`predictions` computed before `tape` starts recording" in out
    assert "-    predictions = model(x, training=True)\n" in out
    assert "+        predictions = model(x, training=True)\n" in out
    assert "--- a/a_train.py\n+++ b/a_train.py\n@@ -14,9 +14,9 @@\n \n losses = []\n" in out  # three lines of context
    assert "finding 1 of 3, file 1 of 1" in out and "finding 3 of 3, file 1 of 1" in out
    assert "Apply this fix [y,n,a,d,s,e,q,?]? n" in out  # nothing to undo yet: no `u`
    assert "Apply this fix [y,n,a,d,s,e,u,q,?]? n" in out


def test_progress_counts_every_file(project: Path) -> None:
    session = Session(project, ["n", "n", "n", "q"], unsafe=True)
    session.run(project / "a_train.py", project / "b_model.py")
    assert "finding 1 of 7, file 1 of 2" in session.output
    assert "finding 4 of 7, file 2 of 2" in session.output


def test_a_skipped_finding_stays_skipped_when_an_accepted_fix_rewrites_its_lines(project: Path) -> None:
    # GF010's fix rewrites lines 17-21, including the line of both skipped GF013 findings.
    path = project / "b_model.py"
    session = Session(project, ["n", "n", "y", "y"], unsafe=True)
    session.run(path)
    assert session.offered == [("b_model.py", 19, "GF013"), ("b_model.py", 19, "GF013"), ("b_model.py", 20, "GF010"), ("b_model.py", 21, "GF001")]
    original = before(NUMPY)
    moved = apply_fix(original, finding(original, "GF010").fix)
    assert path.read_text(encoding="utf-8") == apply_fix(moved, finding(moved, "GF001").fix)


def test_a_skipped_finding_stays_skipped_when_a_fix_changes_its_message(project: Path) -> None:
    # GF003's fix turns `grads` into `clipped` on GF001's line: GF001 now reads `zip(clipped, ...)`.
    path = project / "a_train.py"
    session = Session(project, ["n", "n", "y"])
    session.run(path)
    assert [code for _, _, code in session.offered] == ["GF002", "GF001", "GF003"]
    original = before(UNZIPPED)
    assert path.read_text(encoding="utf-8") == apply_fix(original, finding(original, "GF003").fix)


def test_a_applies_the_rest_of_the_file_like_fix(project: Path) -> None:
    path = project / "a_train.py"
    session = Session(project, ["a"])
    session.run(path)
    assert path.read_text(encoding="utf-8") == after(UNZIPPED)
    assert re.search(r"GF003 +clipped-gradients-unused +1 +1 +0 +0", session.output)
    assert f"Applied 2 more fixes in {path}." in session.output
    assert f"Wrote {path}." in session.output


def test_d_skips_the_rest_of_the_file_and_goes_on(project: Path) -> None:
    session = Session(project, ["y", "d", "n", "n", "n", "n"], unsafe=True)
    session.run(project / "a_train.py", project / "b_model.py")
    original = before(UNZIPPED)
    assert (project / "a_train.py").read_text(encoding="utf-8") == apply_fix(original, finding(original, "GF002").fix)
    assert (project / "b_model.py").read_text(encoding="utf-8") == before(NUMPY)
    assert [name for name, _, _ in session.offered] == ["a_train.py"] * 2 + ["b_model.py"] * 4
    assert re.search(r"GF003 +clipped-gradients-unused +1 +0 +1 +0", session.output)
    assert f"Skipped 1 more fix in {project / 'a_train.py'}." in session.output


def test_s_suppresses_with_noqa_instead_of_fixing(project: Path) -> None:
    path = project / "a_train.py"
    session = Session(project, ["n", "s", "s"])
    session.run(path)
    written = path.read_text(encoding="utf-8")
    original = before(UNZIPPED)
    line = "    optimizer.apply_gradients(grads, model.trainable_variables)"
    assert written == original.replace(line, line + "  # noqa: GF001, GF003")
    assert [f.code for f in check(written)] == ["GF002"]
    assert re.search(r"GF001 +apply-gradients-not-zipped +1 +0 +0 +1", session.output)


CONTINUED = (
    "import tensorflow as tf\n"
    "opt = tf.keras.optimizers.SGD(0.1)\n"
    "w = tf.Variable(1.0)\n"
    "with tf.GradientTape() as tape:\n"
    "    loss = w * w\n"
    "grads = tape.gradient(loss, [w])\n"
    "opt.apply_gradients(grads, \\\n"  # no comment can follow a backslash
    "                    [w])\n"
)


def test_s_is_refused_where_no_comment_can_go(tmp_path: Path) -> None:
    path = tmp_path / "step.py"
    path.write_text(CONTINUED, encoding="utf-8")
    session = Session(tmp_path, ["s", "n"])
    session.run(path)
    assert "Cannot add `# noqa: GF001` on line 7" in session.output
    assert session.offered == [("step.py", 7, "GF001")] * 2
    assert path.read_text(encoding="utf-8") == CONTINUED
    (tmp_path / "decisions.txt").write_text("step.py:7:GF001 s\n", encoding="utf-8")
    code, _, _ = gradfix(tmp_path, "--decisions", "decisions.txt", "step.py")  # skipped, not asked forever
    assert code == 0 and path.read_text(encoding="utf-8") == CONTINUED


def test_e_explains_the_rule_then_asks_again(project: Path) -> None:
    session = Session(project, ["e", "?", "x", "d"])
    session.run(project / "a_train.py")
    assert "# GF002 forward-pass-outside-tape\n\nFix: safe\n\n## What it does\nChecks for values computed" in session.output
    assert "## Why is this bad?\nA tape records only the operations run while it is open." in session.output
    assert "u - undo the last decision in this file" in session.output
    assert "Unknown key 'x'; press ? for help." in session.output
    assert session.offered == [("a_train.py", 18, "GF002")] * 4


def test_u_undoes_the_last_decision_in_the_file(project: Path) -> None:
    path = project / "a_train.py"
    session = Session(project, ["u", "y", "y", "u", "u", "n", "d"])
    session.run(path)
    assert "Nothing to undo in this file." in session.output
    assert "Undone: GF001 on line 23 (applied)." in session.output
    assert "Undone: GF002 on line 18 (applied)." in session.output
    assert [code for _, _, code in session.offered] == ["GF002", "GF002", "GF001", "GF003", "GF001", "GF002", "GF001"]
    assert path.read_text(encoding="utf-8") == before(UNZIPPED)


def test_q_keeps_what_was_accepted_and_stops(project: Path) -> None:
    session = Session(project, ["y", "q"], unsafe=True)
    result = session.run(project / "a_train.py", project / "b_model.py")
    original = before(UNZIPPED)
    assert (project / "a_train.py").read_text(encoding="utf-8") == apply_fix(original, finding(original, "GF002").fix)
    assert (project / "b_model.py").read_text(encoding="utf-8") == before(NUMPY)
    assert re.search(r"GF001 +apply-gradients-not-zipped +1 +0 +0 +0", session.output)  # on screen at `q`
    assert result.exit_code == 0 and "Files written: " in session.output


def test_ctrl_c_keeps_decided_files_and_leaves_the_current_one_untouched(project: Path) -> None:
    def interrupt(prompt: Prompt) -> str:
        raise KeyboardInterrupt

    session = Session(project, ["y", "n", "n", "y", interrupt], unsafe=True)
    result = session.run(project / "a_train.py", project / "b_model.py")
    original = before(UNZIPPED)
    assert (project / "a_train.py").read_text(encoding="utf-8") == apply_fix(original, finding(original, "GF002").fix)
    assert (project / "b_model.py").read_text(encoding="utf-8") == before(NUMPY)
    assert f"Interrupted: {project / 'b_model.py'} left untouched." in session.output
    assert result.exit_code == 130


def test_a_file_changed_on_disk_during_review_is_not_overwritten(project: Path) -> None:
    path = project / "a_train.py"
    edited = before(UNZIPPED).replace("range(60)", "range(61)")

    def edit_then_accept(prompt: Prompt) -> str:
        path.write_text(edited, encoding="utf-8")
        return "y"

    session = Session(project, [edit_then_accept, "n", "n"])
    result = session.run(path)
    assert path.read_text(encoding="utf-8") == edited
    assert result.exit_code == 1 and result.files[0].status is FileStatus.NOT_WRITTEN
    assert "changed on disk since it was read: not overwritten" in session.output
    saved = project / "a_train.py.gradfix.patch"
    original = before(UNZIPPED)
    expected = apply_fix(original, finding(original, "GF002").fix)
    diff = saved.read_text(encoding="utf-8")
    assert diff.startswith("--- a/a_train.py\n+++ b/a_train.py\n")
    assert "+        predictions = model(x, training=True)\n" in diff
    path.write_text(original, encoding="utf-8")  # the saved patch applies to what was reviewed
    _git(project, "init", "-q")
    _git(project, "apply", saved.name)
    assert path.read_text(encoding="utf-8") == expected


def test_unsafe_fixes_are_offered_only_with_unsafe_and_marked(project: Path) -> None:
    safe = Session(project, ["n", "n"])
    safe.run(project / "b_model.py")
    assert [code for _, _, code in safe.offered] == ["GF010", "GF001"]
    unsafe = Session(project, ["d"], unsafe=True)
    unsafe.run(project / "b_model.py")
    assert "GF013 numpy-inside-tape [unsafe fix]" in unsafe.output
    assert "Apply this unsafe fix [y,n,a,d,s,e,q,?]? d" in unsafe.output


def test_select_and_ignore_choose_the_rules(project: Path) -> None:
    session = Session(project, ["n"], select=("GF00",), ignore=("GF001", "GF002"))
    session.run(project / "a_train.py")
    assert session.offered == [("a_train.py", 23, "GF003")]


def test_crlf_file_keeps_its_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    original = before(UNZIPPED).replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    Session(tmp_path, ["n", "y", "n"]).run(path)
    assert path.read_bytes() == apply_fix(original, finding(original, "GF001").fix).encode("utf-8")
    assert b"\r\n" in path.read_bytes() and b"\n" not in path.read_bytes().replace(b"\r\n", b"")


def test_patch_collects_the_changes_and_touches_no_source(project: Path) -> None:
    patch = project / "review.patch"
    session = Session(project, ["y", "n", "y", "n", "n", "a"], unsafe=True, patch=patch)
    session.run(project / "a_train.py", project / "b_model.py")
    assert (project / "a_train.py").read_text(encoding="utf-8") == before(UNZIPPED)
    assert (project / "b_model.py").read_text(encoding="utf-8") == before(NUMPY)
    text = patch.read_text(encoding="utf-8")
    assert text.count("--- a/") == 2 and "+++ b/a_train.py" in text and "+++ b/b_model.py" in text
    _git(project, "init", "-q")
    _git(project, "apply", "review.patch")
    original = before(UNZIPPED)
    moved = apply_fix(original, finding(original, "GF002").fix)
    assert (project / "a_train.py").read_text(encoding="utf-8") == apply_fix(moved, finding(moved, "GF003").fix)


class TwoFixes(Rule):
    """A test rule: one fix that breaks the syntax (line 1), one that does not (line 2)."""

    code, name, summary, fix_title = "GF001", "two-fixes", "", "test"
    applicability = Applicability.SAFE
    tokens = ()

    def check(self, ctx):  # type: ignore[no-untyped-def]
        for line, content in ((1, "(("), (2, "# fixed\n")):
            where = Range(Position(line, 0), Position(line, 0))
            yield Finding("GF001", f"line {line}", where, Fix("test", Applicability.SAFE, (Edit(where, content),)))


def test_a_fix_whose_result_does_not_parse_is_never_offered() -> None:
    review = TextReview("x = 1\ny = 2\n", [TwoFixes()], unsafe=False)
    offer = review.current()
    assert offer is not None and offer.finding.line == 2
    assert [d.action for d in review.history] == [Action.UNPARSABLE]
    review.apply(offer)
    assert review.text == "x = 1\n# fixed\ny = 2\n"
    assert review.undo() is not None and review.text == "x = 1\ny = 2\n"
    assert review.undo() is None  # the automatic decision is not the user's to undo


@pytest.mark.parametrize(
    ("edit", "position", "expected"),
    [
        (Edit(Range(Position(1, 0), Position(1, 0)), "a\nb\n"), Position(2, 4), Position(4, 4)),  # lines above
        (Edit(Range(Position(2, 0), Position(2, 2)), "xyz"), Position(2, 4), Position(2, 5)),  # same line, before
        (Edit(Range(Position(2, 4), Position(2, 4)), "zip("), Position(2, 4), Position(2, 8)),  # insertion at it
        (Edit(Range(Position(2, 6), Position(3, 0)), ""), Position(2, 4), Position(2, 4)),  # after it
        (Edit(Range(Position(2, 0), Position(3, 0)), "new\n"), Position(2, 4), None),  # rewritten
    ],
)
def test_positions_follow_edits(edit: Edit, position: Position, expected: Position | None) -> None:
    assert _map_positions(SourceText("one\ntwo three\nfour\n"), [edit], [position, None]) == [expected, None]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("latin-1", "# -*- coding: latin-1 -*-\n# caf\u00e9\n"), ("utf-8-sig", "# caf\u00e9\n")],
)
def test_files_keep_their_encoding_when_written_and_in_the_patch(tmp_path: Path, encoding: str, prefix: str) -> None:
    original = prefix + CONTINUED.replace(", \\\n                    [w])", ", [w])")
    path = tmp_path / "step.py"
    path.write_bytes(original.encode(encoding))
    Session(tmp_path, ["y"], patch=tmp_path / "step.patch").run(path)
    assert path.read_bytes() == original.encode(encoding)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "apply", "step.patch")
    expected = apply_fix(original, finding(original, "GF001").fix)
    assert path.read_bytes() == expected.encode(encoding)
    path.write_bytes(original.encode(encoding))
    Session(tmp_path, ["y"]).run(path)
    assert path.read_bytes() == expected.encode(encoding)


def test_a_file_that_does_not_parse_is_reported_and_the_others_reviewed(project: Path) -> None:
    broken = project / "broken.py"
    broken.write_text(before(UNZIPPED) + "print((\n", encoding="utf-8")
    session = Session(project, ["d"])
    result = session.run(broken, project / "a_train.py")
    assert re.search(rf"{re.escape(str(broken))}:\d+:\d+: syntax error", session.output)
    assert [name for name, _, _ in session.offered] == ["a_train.py"]
    assert result.exit_code == 2


# --- Notebooks: the same review, finding by finding, per cell ---------------------------

SETUP = "import tensorflow as tf\nw = tf.Variable(1.0)\nopt = tf.keras.optimizers.SGD(0.1)"
STEPS = {  # cell number -> (source, fixed source); cell 1 is markdown, cell 2 SETUP
    3: ("%time\nwith tf.GradientTape() as tape:\n    loss = w * w\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(grads, [w])",
        "%time\nwith tf.GradientTape() as tape:\n    loss = w * w\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(zip(grads, [w]))"),
    4: ("with tf.GradientTape() as tape:\n    loss = w * w\ngrads = tape.gradient(loss, [w])\n"
        "clipped, _ = tf.clip_by_global_norm(grads, 1.0)\nopt.apply_gradients(zip(grads, [w]))",
        "with tf.GradientTape() as tape:\n    loss = w * w\ngrads = tape.gradient(loss, [w])\n"
        "clipped, _ = tf.clip_by_global_norm(grads, 1.0)\nopt.apply_gradients(zip(clipped, [w]))"),
    5: ("pred = w * 3.0\nwith tf.GradientTape() as tape:\n    loss = pred * pred\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(zip(grads, [w]))",
        "with tf.GradientTape() as tape:\n    pred = w * 3.0\n    loss = pred * pred\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(zip(grads, [w]))"),
}
SPLIT = ("early = w * 2.0", "with tf.GradientTape() as tape:\n    loss = early * early\ngrads = tape.gradient(loss, [w])\nopt.apply_gradients(zip(grads, [w]))")
OFFERED = [("nb.ipynb", 3, 5, "GF001"), ("nb.ipynb", 4, 5, "GF003"), ("nb.ipynb", 5, 1, "GF002")]


def notebook_json(**changed: str) -> str:
    """The test notebook as nbformat writes it, with some cells' sources changed (`cell3=...`):
    what a reviewed notebook must equal byte for byte."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})
    nb.cells.append(new_markdown_cell("# Training \u2713"))
    sources = [SETUP, *(source for source, _ in STEPS.values()), *SPLIT]  # the GF002 in cells 6-7 spans cells
    for number, source in enumerate(sources, start=2):
        nb.cells.append(new_code_cell(changed.get(f"cell{number}", source), execution_count=number - 1))
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
    return nbformat.writes(nb) + "\n"


@pytest.fixture
def notebook_project(tmp_path: Path) -> Path:
    (tmp_path / "nb.ipynb").write_text(notebook_json(), encoding="utf-8")
    return tmp_path


def offered_cells(session: Session) -> list[tuple[str, int | None, int, str]]:
    return [(p.path.name, p.offer.finding.cell, p.offer.finding.line, p.offer.finding.code) for p in session.prompts]


def test_notebook_accept_one_skip_one_suppress_one(notebook_project: Path) -> None:
    path = notebook_project / "nb.ipynb"
    assert any(f.cell == 6 and f.code == "GF002" and f.fix is None for f in check_notebook(notebook_json()).findings)
    session = Session(notebook_project, ["y", "n", "s"])
    result = session.run(path)
    assert offered_cells(session) == OFFERED  # not the GF002 whose fix would span cells 6 and 7
    suppressed = STEPS[5][0].replace("pred = w * 3.0", "pred = w * 3.0  # noqa: GF002")
    assert path.read_bytes() == notebook_json(cell3=STEPS[3][1], cell5=suppressed).encode("utf-8")
    assert result.exit_code == 0 and result.files[0].status is FileStatus.WRITTEN
    assert re.search(r"GF002 +forward-pass-outside-tape +1 +0 +0 +1", session.output)


def test_notebook_written_equals_that_one_fix_applied_alone(notebook_project: Path) -> None:
    path = notebook_project / "nb.ipynb"
    Session(notebook_project, ["n", "y", "n"]).run(path)
    alone = fix_notebook(notebook_json(), rules=select_rules(["GF003"])).text
    assert path.read_bytes() == alone.encode("utf-8") == notebook_json(cell4=STEPS[4][1]).encode("utf-8")


def test_notebook_cell_with_crlf_line_breaks_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    original = notebook_json(cell3=STEPS[3][0].replace("\n", "\r\n"), cell4=STEPS[4][0].replace("\n", "\r\n"))
    path.write_text(original, encoding="utf-8")
    Session(tmp_path, ["y", "s", "n"]).run(path)
    suppressed = STEPS[4][0].replace("zip(grads, [w]))", "zip(grads, [w]))  # noqa: GF003").replace("\n", "\r\n")
    assert path.read_bytes() == notebook_json(cell3=STEPS[3][1].replace("\n", "\r\n"), cell4=suppressed).encode("utf-8")


def test_notebook_shows_the_cell_and_a_diff_per_cell(notebook_project: Path) -> None:
    session = Session(notebook_project, ["n", "q"])
    session.run(notebook_project / "nb.ipynb")
    out = session.output
    assert f"{notebook_project / 'nb.ipynb'}:cell 3:5:1: GF001 apply-gradients-not-zipped [safe fix]" in out
    assert "--- a/nb.ipynb:cell 3\n+++ b/nb.ipynb:cell 3\n@@ -2,4 +2,4 @@\n" in out
    assert "-opt.apply_gradients(grads, [w])\n+opt.apply_gradients(zip(grads, [w]))\n" in out
    assert "finding 1 of 3, file 1 of 1" in out and "finding 2 of 3, file 1 of 1" in out
    assert "nb.ipynb:cell 4" in out and "cell 5" not in out
    assert (notebook_project / "nb.ipynb").read_text(encoding="utf-8") == notebook_json()


def test_notebook_undo_and_apply_all(notebook_project: Path) -> None:
    path = notebook_project / "nb.ipynb"
    session = Session(notebook_project, ["y", "u", "n", "a"])
    session.run(path)
    assert "Undone: GF001 on line 5 of cell 3 (applied)." in session.output
    assert [cell for _, cell, _, _ in offered_cells(session)] == [3, 4, 3, 4]  # `u` asked at cell 4
    assert path.read_text(encoding="utf-8") == notebook_json(cell4=STEPS[4][1], cell5=STEPS[5][1])


def test_notebook_with_a_broken_cell_is_reviewed_and_the_cell_reported(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook_json(cell7="with tf.GradientTape() as tape:\nloss = ("), encoding="utf-8")
    session = Session(tmp_path, ["d"])
    result = session.run(path)
    assert re.search(rf"{re.escape(str(path))}:cell 7:\d+:\d+: syntax error", session.output)
    assert [cell for _, cell, _, _ in offered_cells(session)] == [3]
    assert result.exit_code == 2


def test_notebook_yes_and_decisions_lines_name_the_cell(notebook_project: Path) -> None:
    code, out, _ = gradfix(notebook_project, "--yes", "--patch", "all.patch", "nb.ipynb")
    assert code == 0
    assert "nb.ipynb:cell 3:5:GF001 y  # applied: " in out and "nb.ipynb:cell 5:1:GF002 y  # applied: " in out
    (notebook_project / "decisions.txt").write_text("nb.ipynb:cell 4:5:GF003 y\nnb.ipynb:cell 5:1:GF002 s\n", encoding="utf-8")
    code, _, err = gradfix(notebook_project, "--decisions", "decisions.txt", "--patch", "some.patch", "nb.ipynb")
    assert code == 0 and "warning: no decision for nb.ipynb:cell 3:5:GF001; skipped" in err
    path = notebook_project / "nb.ipynb"
    assert path.read_text(encoding="utf-8") == notebook_json()  # a patch touches no source
    _git(notebook_project, "init", "-q")
    _git(notebook_project, "apply", "some.patch")
    suppressed = STEPS[5][0].replace("pred = w * 3.0", "pred = w * 3.0  # noqa: GF002")
    assert path.read_bytes() == notebook_json(cell4=STEPS[4][1], cell5=suppressed).encode("utf-8")
    path.write_text(notebook_json(), encoding="utf-8")
    _git(notebook_project, "apply", "all.patch")
    assert path.read_text(encoding="utf-8") == fix_notebook(notebook_json()).text


# --- The command, without a terminal ----------------------------------------------------


def gradfix(cwd: Path, *args: str) -> tuple[int, str, str]:
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, ["review", *args])
    finally:
        os.chdir(previous)
    return result.exit_code, result.stdout, result.stderr


def test_refuses_without_a_terminal(project: Path) -> None:
    code, _, err = gradfix(project, ".")
    assert code == 2
    assert "standard input is not a terminal; use --yes, or --decisions FILE" in err
    assert (project / "a_train.py").read_text(encoding="utf-8") == before(UNZIPPED)


def test_yes_applies_everything_that_would_be_offered(project: Path) -> None:
    code, out, _ = gradfix(project, "--yes", "--unsafe-fixes", ".")
    assert code == 0
    assert (project / "a_train.py").read_text(encoding="utf-8") == after(UNZIPPED)
    assert (project / "b_model.py").read_text(encoding="utf-8") == after(NUMPY)
    assert "a_train.py:18:GF002 y  # applied: " in out
    assert "Files written: a_train.py, b_model.py" in out


def test_decisions_file_answers_for_each_finding(project: Path) -> None:
    decisions = project / "decisions.txt"
    decisions.write_text(
        "# reviewed by hand\n"
        "a_train.py:18:GF002 n\n"
        "a_train.py:23:GF001 y  # pair them\n"
        "a_train.py:23:GF003 s\n"
        "a_train.py:99:GF001 y\n",
        encoding="utf-8",
    )
    code, _, err = gradfix(project, "--decisions", "decisions.txt", "a_train.py")
    assert code == 0
    original = before(UNZIPPED)
    zipped = apply_fix(original, finding(original, "GF001").fix)
    line = "    optimizer.apply_gradients(zip(grads, model.trainable_variables))"
    assert (project / "a_train.py").read_text(encoding="utf-8") == zipped.replace(line, line + "  # noqa: GF003")
    assert "warning: decision not used (no such finding offered): a_train.py:99:GF001 y" in err


def test_decisions_with_patch_and_missing_decisions(project: Path) -> None:
    (project / "decisions.txt").write_text("b_model.py:21:GF001 y\n", encoding="utf-8")
    code, _, err = gradfix(project, "--decisions", "decisions.txt", "--patch", "out.patch", ".")
    assert code == 0
    assert "warning: no decision for a_train.py:18:GF002; skipped" in err
    patch = (project / "out.patch").read_text(encoding="utf-8")
    assert "+++ b/b_model.py" in patch and "a_train.py" not in patch
    assert "+        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))" in patch
    assert (project / "b_model.py").read_text(encoding="utf-8") == before(NUMPY)


def test_malformed_decisions_file_is_a_usage_error(project: Path) -> None:
    (project / "decisions.txt").write_text("a_train.py:18 yes\n", encoding="utf-8")
    code, _, err = gradfix(project, "--decisions", "decisions.txt", ".")
    assert code == 2 and "decisions.txt:1: expected `path:line:code y|n|s`" in err


# --- End to end, in a real pseudo-terminal ----------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = r"\[[a-z,?]+\]\? "  # the key list, as in `Apply this fix [y,n,a,d,s,e,q,?]? `


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    return pexpect.spawn(sys.executable, ["-m", "codemods", "review", *args], cwd=str(cwd), env=env,
                         dimensions=(40, 160), encoding="utf-8", timeout=15)


def answer(child: pexpect.spawn, keys: str) -> str:
    """Send each key after its prompt; everything the user saw, without colours."""
    seen = []
    for key in keys:
        child.expect(PROMPT)
        seen.append(child.before + child.after)
        child.send(key)
    child.expect(pexpect.EOF)
    seen.append(child.before)
    child.close()
    return ANSI.sub("", "".join(seen))


@pytest.fixture
def repository(project: Path) -> Path:
    _git(project, "init", "-q")
    return project


def test_terminal_session_shows_each_fix_and_writes_the_accepted_ones(repository: Path) -> None:
    child = spawn(repository, "a_train.py")
    seen = answer(child, "nyn")
    assert child.exitstatus == 0
    assert "a_train.py:23:5: GF001 apply-gradients-not-zipped [safe fix]" in seen
    assert "-    optimizer.apply_gradients(grads, model.trainable_variables)" in seen
    assert "+    optimizer.apply_gradients(zip(grads, model.trainable_variables))" in seen
    assert "finding 2 of 3, file 1 of 1" in seen
    assert "Apply this fix [y,n,a,d,s,e,u,q,?]? y" in seen
    assert re.search(r"GF001 +apply-gradients-not-zipped +1 +1 +0 +0", seen)
    assert "Files written: a_train.py" in seen
    original = before(UNZIPPED)
    assert (repository / "a_train.py").read_text(encoding="utf-8") == apply_fix(original, finding(original, "GF001").fix)


def test_terminal_session_colours_the_diff_and_marks_unsafe_fixes_red(repository: Path) -> None:
    child = spawn(repository, "--unsafe-fixes", "b_model.py")
    child.expect(PROMPT)
    raw = child.before
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert re.search(r"\x1b\[[0-9;]*41m\[unsafe fix\]", raw)  # red background
    assert re.search(r"\x1b\[[0-9;]*m-", raw) and "\x1b" in raw.split("+++ b/b_model.py")[1]


def test_terminal_patch_applies_with_git_apply(repository: Path) -> None:
    child = spawn(repository, "--unsafe-fixes", "--patch", "review.patch", ".")
    seen = answer(child, "yyynsyy")
    assert child.exitstatus == 0
    assert "Wrote review.patch (2 files changed); no source file was touched." in seen
    assert (repository / "a_train.py").read_text(encoding="utf-8") == before(UNZIPPED)
    assert (repository / "b_model.py").read_text(encoding="utf-8") == before(NUMPY)
    subprocess.run(["git", "apply", "--check", "review.patch"], cwd=repository, check=True)
    # From a subfolder too: paths are relative to the repository root.
    sub = repository / "sub"
    sub.mkdir()
    shutil.move(repository / "a_train.py", sub / "a_train.py")
    shutil.move(repository / "b_model.py", sub / "b_model.py")
    child = spawn(sub, "--yes", "--patch", str(repository / "from_sub.patch"))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "+++ b/sub/a_train.py" in (repository / "from_sub.patch").read_text(encoding="utf-8")
    subprocess.run(["git", "apply", "--check", "from_sub.patch"], cwd=repository, check=True)


def test_terminal_ctrl_c_leaves_the_current_file_untouched(repository: Path) -> None:
    child = spawn(repository, "--unsafe-fixes", ".")
    child.expect(PROMPT)
    child.send("a")  # all of a_train.py: written
    child.expect(PROMPT)
    child.send("y")
    child.expect(PROMPT)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "left untouched" in ANSI.sub("", child.before)
    assert (repository / "a_train.py").read_text(encoding="utf-8") == after(UNZIPPED)
    assert (repository / "b_model.py").read_text(encoding="utf-8") == before(NUMPY)


def test_terminal_session_on_a_notebook(notebook_project: Path) -> None:
    _git(notebook_project, "init", "-q")
    child = spawn(notebook_project, "nb.ipynb")
    seen = answer(child, "yns")
    assert child.exitstatus == 0
    assert "nb.ipynb:cell 3:5:1: GF001 apply-gradients-not-zipped [safe fix]" in seen
    assert "--- a/nb.ipynb:cell 4" in seen and "+opt.apply_gradients(zip(clipped, [w]))" in seen
    assert "finding 3 of 3, file 1 of 1" in seen
    assert "Files written: nb.ipynb" in seen
    suppressed = STEPS[5][0].replace("pred = w * 3.0", "pred = w * 3.0  # noqa: GF002")
    assert (notebook_project / "nb.ipynb").read_bytes() == notebook_json(cell3=STEPS[3][1], cell5=suppressed).encode("utf-8")


def test_terminal_refuses_piped_input(repository: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "codemods", "review", "."], check=False, cwd=repository, input="y\n",
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2 and "not a terminal" in result.stderr


def test_review_honours_the_configuration_file(project: Path) -> None:
    (project / "gradfix.toml").write_text(
        "extend-exclude = ['b_model.py']\nper-file-ignores = {'a_train.py' = ['GF001']}\n",
        encoding="utf-8",
    )
    code, out, _ = gradfix(project, "--yes", "--patch", "out.patch", ".")
    assert code == 0
    assert "a_train.py:18:GF002 y  # applied: " in out
    assert "GF001" not in out  # ignored in a_train.py, and b_model.py is excluded
    patch = (project / "out.patch").read_text(encoding="utf-8")
    assert "a_train.py" in patch and "b_model.py" not in patch
    code, out, _ = gradfix(project, "--yes", "--isolated", "--patch", "all.patch", ".")
    assert "b_model.py:21:GF001 y  # applied: " in out
    assert "a_train.py:23:GF001 y  # applied: " in out


def test_review_reads_files_from_and_force_excludes(project: Path) -> None:
    (project / "gradfix.toml").write_text("extend-exclude = ['b_model.py']\n", encoding="utf-8")
    (project / "list.txt").write_text("a_train.py\nb_model.py\n", encoding="utf-8")
    code, out, _ = gradfix(project, "--yes", "--patch", "out.patch", "--files-from", "list.txt", "--force-exclude")
    assert code == 0
    patch = (project / "out.patch").read_text(encoding="utf-8")
    assert "+++ b/a_train.py" in patch and "b_model.py" not in patch


def test_review_of_a_missing_path_is_an_error(project: Path) -> None:
    code, _, err = gradfix(project, "--yes", "--patch", "out.patch", "missing.py", "a_train.py")
    assert code == 2
    assert err.startswith("missing.py: ")


def test_the_scan_advances_the_progress_display_once_per_file(project: Path) -> None:
    events: list[object] = []

    @contextlib.contextmanager
    def progress(total: int):
        events.append(("start", total))
        yield lambda: events.append("advance")
        events.append("stop")

    session = Session(project, [lambda prompt: events.append("ask") or "q"], progress=progress)
    session.run(project)
    assert events == [("start", 2), "advance", "advance", "stop", "ask"]  # no question under the display


BROKEN = "import tensorflow as tf\nwith tf.GradientTape() as tape:\n    loss = (\ngrads = tape.gradient(loss, v)\n"


def test_a_file_broken_after_the_scan_is_reported_as_check_words_it(project: Path) -> None:
    @contextlib.contextmanager
    def progress(total: int):
        yield lambda: None
        (project / "b_model.py").write_text(BROKEN, encoding="utf-8")

    session = Session(project, [], progress=progress)
    result = session.run(project / "b_model.py")
    assert result.errors == 1
    assert f"{project / 'b_model.py'}:3:12: syntax error: '(' was never closed" in session.output
