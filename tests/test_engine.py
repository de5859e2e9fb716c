"""The engine: suppression, fixed points, fixes that would break a file, positions."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import pytest

from codemods import RULES, Applicability, SourceError, apply_fix, check, fix
from codemods.findings import Edit, Finding
from codemods.rules.base import Context, Rule


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


TWO_LISTS = src(
    """
    import tensorflow as tf
    opt = tf.keras.optimizers.SGD(0.1)
    w = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        loss = w * w
    grads = tape.gradient(loss, [w])
    opt.apply_gradients(grads, [w])
    """
)


def test_noqa_suppresses_all_or_named_codes() -> None:
    assert [f.code for f in check(TWO_LISTS)] == ["GF001"]
    last = TWO_LISTS.replace("opt.apply_gradients(grads, [w])", "opt.apply_gradients(grads, [w])  # noqa")
    assert check(last) == []
    named = TWO_LISTS.replace("opt.apply_gradients(grads, [w])", "opt.apply_gradients(grads, [w])  # noqa: GF001")
    assert check(named) == []
    other = TWO_LISTS.replace("opt.apply_gradients(grads, [w])", "opt.apply_gradients(grads, [w])  # noqa: GF003")
    assert [f.code for f in check(other)] == ["GF001"]


def test_fixes_reach_a_fixed_point_across_overlapping_findings() -> None:
    # GF001 (one argument) and GF003 (unclipped name) both edit `grads` in the same call:
    # one waits for the next round, and both end up applied.
    source = src(
        """
        import tensorflow as tf
        opt = tf.keras.optimizers.SGD(0.1)
        w = tf.Variable(1.0)
        with tf.GradientTape() as tape:
            loss = w * w
        grads = tape.gradient(loss, [w])
        clipped, _ = tf.clip_by_global_norm(grads, 1.0)
        opt.apply_gradients(grads)
        """
    )
    result = fix(source)
    assert sorted(f.code for f in result.fixed) == ["GF001", "GF003"]
    assert result.source.endswith("opt.apply_gradients(zip(clipped, [w]))\n")
    assert result.remaining == [] and check(result.source) == []


class _BreaksTheFile(Rule):
    """A rule whose fix produces code that does not parse."""

    code = "GF999"
    name = "breaks-the-file"
    summary = "test rule"
    fix_title = "break it"
    applicability = Applicability.SAFE
    tokens = ("apply_gradients",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for apply in ctx.model.apply_calls():
            yield self.finding(ctx, apply.call, "broken", [ctx.insert_before(apply.call, "(((")])


class _UnsafeRename(Rule):
    """A rule with an unsafe fix."""

    code = "GF998"
    name = "unsafe-rename"
    summary = "test rule"
    fix_title = "rename"
    applicability = Applicability.UNSAFE
    tokens = ("apply_gradients",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for apply in ctx.model.apply_calls():
            if ctx.text(apply.receiver) == "opt":
                yield self.finding(ctx, apply.receiver, "rename", [ctx.replace(apply.receiver, "optimizer")])


def test_a_fix_whose_result_does_not_parse_is_never_applied() -> None:
    rules = [RULES[0], _BreaksTheFile()]
    result = fix(TWO_LISTS, rules=rules)
    assert [f.code for f in result.failed] == ["GF999"]
    assert "(((" not in result.source
    assert "opt.apply_gradients(zip(grads, [w]))" in result.source  # the good fix still lands


def test_unsafe_fixes_only_on_request() -> None:
    rules = [_UnsafeRename()]
    assert fix(TWO_LISTS, rules=rules).source == TWO_LISTS
    assert "optimizer.apply_gradients" in fix(TWO_LISTS, unsafe=True, rules=rules).source


def test_one_fix_applied_alone() -> None:
    source = TWO_LISTS + "opt.apply_gradients(grads, [w])\n"
    first, second = check(source)
    once = apply_fix(source, first.fix)
    assert once.count("zip(grads, [w])") == 1
    assert [f.range.start.line for f in check(once)] == [second.range.start.line]


def test_crlf_line_endings_survive_fixing() -> None:
    crlf = TWO_LISTS.replace("\n", "\r\n")
    result = fix(crlf)
    assert result.source == fix(TWO_LISTS).source.replace("\n", "\r\n")
    assert [f.range for f in check(crlf)] == [f.range for f in check(TWO_LISTS)]


def test_columns_count_characters_not_bytes() -> None:
    source = TWO_LISTS.replace("opt.apply_gradients(grads, [w])", "é = 1; opt.apply_gradients(grads, [w])")
    (finding,) = check(source)
    assert finding.range.start.column == len("é = 1; ")
    assert "é = 1; opt.apply_gradients(zip(grads, [w]))" in fix(source).source


def test_syntax_errors_raise_with_a_position() -> None:
    with pytest.raises(SourceError) as error:
        check("import tensorflow as tf\nopt.apply_gradients(\n")
    assert error.value.line >= 2


def test_files_without_gradient_apis_are_not_parsed() -> None:
    # Cheap skip: nothing a rule looks for, so not even a syntax error is worth reporting.
    assert check("this is (not python") == []


def test_select_and_ignore_by_code_prefix() -> None:
    from codemods import select_rules

    assert [r.code for r in select_rules(["GF001"])] == ["GF001"]
    assert "GF001" not in [r.code for r in select_rules(None, ["GF001"])]
    assert len(select_rules(["GF"])) == len(RULES)


def _edits(finding: Finding) -> tuple[Edit, ...]:
    assert finding.fix is not None
    return finding.fix.edits


def test_findings_carry_their_fix_as_ranged_edits() -> None:
    (finding,) = check(TWO_LISTS)
    contents = [edit.content for edit in _edits(finding)]
    assert contents == ["zip(", ")"]
    assert finding.fix.applicability is Applicability.SAFE


def test_positions_convert_to_and_from_utf16_for_editors() -> None:
    from codemods.findings import Position
    from codemods.source import SourceText

    source = SourceText("x = '😀é'; opt.apply_gradients(g, v)\n")
    column = source.text.index("opt")
    units = source.utf16_column(Position(1, column))
    assert units == column + 1  # the emoji is two UTF-16 code units, one character
    assert source.from_utf16(1, units) == Position(1, column)


def test_lines_break_only_where_python_breaks_them() -> None:
    from codemods.source import SourceText, physical_lines

    text = "a = 1  # \x0c\x1c\u2028\r\nb = 2\rc = 3\nd = 4"
    assert physical_lines(text) == ["a = 1  # \x0c\x1c\u2028", "b = 2", "c = 3", "d = 4"]
    source = SourceText(text)
    assert [source.newline_at(line) for line in (1, 2, 3, 4)] == ["\r\n", "\r", "\n", "\n"]
    # New line breaks take the landing line's; line breaks copied from the source stay.
    assert source.with_newlines_of(1, "x\ny\r\n") == "x\r\ny\r\n"
    assert source.with_newlines_of(2, "x\n") == "x\r"
