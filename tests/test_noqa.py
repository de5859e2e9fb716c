"""Suppression comments: Ruff's grammar, read from real comments only."""

from __future__ import annotations

import pytest

from codemods import check, noqa
from codemods.findings import Position
from codemods.source import SourceText

STEP = (
    "import tensorflow as tf\n"
    "opt = tf.keras.optimizers.SGD(0.1)\n"
    "w = tf.Variable(1.0)\n"
    "with tf.GradientTape() as tape:\n"
    "    loss = w * w\n"
    "grads = tape.gradient(loss, [w])\n"
    "opt.apply_gradients(grads, [w]){comment}\n"
)


def codes(comment: str) -> list[str]:
    return [finding.code for finding in check(STEP.format(comment=comment))]


@pytest.mark.parametrize(
    "comment",
    ["  # noqa", "  #noqa", "  # NOQA", "  # noqa: GF001", "  # noqa:GF001", "  # noqa:  GF001",
     "  # noqa : GF001", "  # noqa: GF003, GF001", "  # noqa: GF003 GF001", "  # noqa: gf001",
     "  # type: ignore  # noqa: GF001", "  # noqa because the optimizer is custom"],
)
def test_directives_that_suppress(comment: str) -> None:
    assert codes(comment) == []


@pytest.mark.parametrize(
    "comment",
    ["", "  # noqa: GF003", "  # noqa:  GF002", "  # noqa :GF002", "  # noqa-GF002", "  # noqaGF001",
     "  # noqa:", "  # see noqa docs", "  ;'# noqa'"],
)
def test_directives_that_do_not_suppress(comment: str) -> None:
    assert codes(comment) == ["GF001"]


def test_noqa_inside_a_string_suppresses_nothing() -> None:
    source = STEP.format(comment="").replace("opt.apply_gradients(grads, [w])", 'opt.apply_gradients(grads, [w]); print("# noqa")')
    assert [f.code for f in check(source)] == ["GF001"]


def test_malformed_directives_are_reported() -> None:
    found = noqa.parse("x = 1  # noqa-GF002\ny = 2  # noqa:\nz = 3  # noqa: GF001\n")
    assert [m.line for m in found.malformed] == [1, 2]
    assert found.directives[3].codes == frozenset({"GF001"})


def test_line_breaks_other_than_python_s_do_not_shift_lines() -> None:
    found = noqa.parse("a = 1  # \x0c form feed \u2028 separator\nb = 2  # noqa: GF001\r\nc = 3  # noqa\rd = 4\n")
    assert sorted(found.directives) == [2, 3]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("x = f(a)\n", "x = f(a)  # noqa: GF003\n"),
        ("x = f(a)   \n", "x = f(a)  # noqa: GF003\n"),
        ("x = f(a)  # noqa: GF001\n", "x = f(a)  # noqa: GF001, GF003\n"),
        ("x = f(a)  # noqa: GF001  # why\n", "x = f(a)  # noqa: GF001, GF003  # why\n"),
        ("x = f(a)  # keep\n", "x = f(a)  # keep  # noqa: GF003\n"),
        ("x = f(a)\r\n", "x = f(a)  # noqa: GF003\r\n"),
    ],
)
def test_suppression_edit_adds_or_extends(line: str, expected: str) -> None:
    edit = noqa.suppression_edit(line, 1, "GF003")
    assert edit is not None
    assert SourceText(line).apply([edit]) == expected


@pytest.mark.parametrize(
    "text",
    ["x = f(a)  # noqa\n", "x = f(a)  # noqa: GF003\n", 'x = """a\nb"""\n', "x = a + \\\n    b\n"],
)
def test_suppression_edit_none_where_not_needed_or_not_possible(text: str) -> None:
    assert noqa.suppression_edit(text, 1, "GF003") is None


def test_suppression_edit_position_is_a_position() -> None:
    edit = noqa.suppression_edit("a\nx = f(a)\n", 2, "GF001")
    assert edit is not None and edit.range.start == Position(2, 8)
