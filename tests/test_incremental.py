"""Parsing an edited text again gives what parsing it from scratch gives (`codemods.incremental`)."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codemods.engine import SourceError
from codemods.incremental import reparse

_STATEMENTS = [
    "import tensorflow as tf",
    "x = 1; y = (2,\n     3)",
    "a = (1,\n     2); b = 3",
    "def f(a):\n    return a + 1",
    "@tf.function\ndef g(b):\n    if b:\n        return 1\n    else:\n        return 2",
    "class C:\n    z = 3\n\n    def m(self):\n        pass",
    "with tf.GradientTape() as tape:\n    loss = f(x)",
    "s = '''two\nlines'''",
    "t = 1 + \\\n    2",
    "try:\n    f(1)\nexcept ValueError:\n    pass\nfinally:\n    pass",
    "for i in range(3):\n    y = i\nelse:\n    y = 0",
    "# a comment",
    "",
]
_EDITS = ["", "z = 4", "    w = 5", "else:", "x = (", ")", "# note", "def h():", "    return 0", "q = '''", "'''", "u = 1; v = 2", "@tf.function"]


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    lines = "\n".join(draw(st.lists(st.sampled_from(_STATEMENTS), min_size=1, max_size=8))).split("\n")
    first = draw(st.integers(0, len(lines)))
    last = draw(st.integers(first, min(len(lines), first + 3)))
    replacement = draw(st.lists(st.sampled_from(_EDITS), max_size=3))
    if draw(st.booleans()):  # the same number of lines, as when typing within a line
        replacement = (replacement + ["pass"] * (last - first))[: last - first]
    new = lines[:first] + replacement + lines[last:]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline, newline.join(new) + newline


@settings(max_examples=600)
@given(edited())
def test_reparsing_an_edit_gives_what_a_fresh_parse_gives(texts: tuple[str, str]) -> None:
    old, new = texts
    try:
        old_tree = ast.parse(old)
    except SyntaxError:
        return
    try:
        expected = ast.dump(ast.parse(new), include_attributes=True)
    except SyntaxError:
        with pytest.raises(SourceError):
            reparse(old, old_tree, new)
        return
    assert ast.dump(reparse(old, old_tree, new), include_attributes=True) == expected


def test_statements_outside_the_edit_are_the_previous_tree_s() -> None:
    old = "import tensorflow as tf\nx = 1\n\ndef f():\n    return x\n\ny = f()\n"
    tree = ast.parse(old)
    new = old.replace("x = 1", "x = 2")
    again = reparse(old, tree, new)
    assert again.body[0] is tree.body[0] and again.body[3] is tree.body[3]  # before and after the edit
    assert again.body[1] is not tree.body[1] and ast.dump(again.body[1]) == ast.dump(ast.parse("x = 2").body[0])


def test_a_line_added_at_the_end_reuses_everything_before() -> None:
    old = "def f():\n    return 1\n\nx = f()\n"
    tree = ast.parse(old)
    again = reparse(old, tree, old + "# edited\n")
    assert again.body[1] is tree.body[1]


def test_statements_after_a_line_added_in_the_middle_are_reused_one_line_down() -> None:
    old = "x = 1\n\ndef f():\n    return x\n\ny = f()\n"
    tree = ast.parse(old)
    after = tree.body[2]
    new = old.replace("x = 1\n", "x = 1\n# edited\n")
    again = reparse(old, tree, new)
    assert again.body[2] is after and after.lineno == 7 and after.value.lineno == 7  # type: ignore[attr-defined]
    assert ast.dump(again, include_attributes=True) == ast.dump(ast.parse(new), include_attributes=True)


def test_a_failed_reparse_leaves_the_previous_tree_as_it_was() -> None:
    old = "x = 1\n\ny = 2\n"
    tree = ast.parse(old)
    before = ast.dump(tree, include_attributes=True)
    with pytest.raises(SourceError):
        reparse(old, tree, "x = (\n\n\ny = 2\n")
    assert ast.dump(tree, include_attributes=True) == before
