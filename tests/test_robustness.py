"""Fixing never changes what code does by accident and never loses a byte: odd line breaks,
mixed line endings, tab indentation, comments on every line, fixes that undo each other,
and deep nesting."""

from __future__ import annotations

import ast
import difflib
import io
import re
import textwrap
import tokenize
from collections.abc import Iterator

import pytest

from codemods import Applicability, check, fix
from codemods.findings import Finding
from codemods.rules.base import Context, Rule
from tests.golden_cases import Pair, pairs

PAIRS = [pair for pair in pairs() if pair.before.suffix == ".py"]  # notebooks: tests/test_notebook.py
IDS = [p.id for p in PAIRS]


def _read(path) -> str:
    return path.read_text(encoding="utf-8")


def _codes(source: str) -> list[str]:
    return sorted(f.code for f in check(source))


# -- 1. only \n, \r\n and \r break lines --------------------------------------------------------

# Every character str.splitlines() splits on that Python's tokenizer does not.
NOT_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _with_comment_after_docstring(source: str, comment: str) -> str:
    docstring_end = ast.parse(source).body[0].end_lineno
    lines = source.split("\n")
    return "\n".join([*lines[:docstring_end], comment, *lines[docstring_end:]])


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_characters_splitlines_treats_as_line_breaks_are_not_line_breaks(pair: Pair) -> None:
    comment = f"# a comment with{NOT_LINE_BREAKS} in it"
    before = _with_comment_after_docstring(_read(pair.before), comment)
    after = _with_comment_after_docstring(_read(pair.after), comment)
    assert _codes(before) == _codes(_read(pair.before))
    result = fix(before, unsafe=True)
    assert result.failed == []
    assert result.source == after
    assert check(after) == []


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_carriage_return_only_files_are_checked_and_fixed_alike(pair: Pair) -> None:
    before, after = _read(pair.before), _read(pair.after)
    assert _codes(before.replace("\n", "\r")) == _codes(before)
    assert fix(before.replace("\n", "\r"), unsafe=True).source == after.replace("\n", "\r")


# -- 2. mixed line endings: only the lines a fix changes may change ----------------------------

def _mixed(source: str) -> str:
    """Every other line ends in \\r\\n."""
    lines = source.split("\n")
    return "".join(line + ("\r\n" if index % 2 else "\n") for index, line in enumerate(lines[:-1])) + lines[-1]


def _endings(text: str) -> list[str]:
    return [line[len(line.rstrip("\r\n")) :] for line in re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)]


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_mixed_line_endings_are_kept_on_every_line_no_fix_changes(pair: Pair) -> None:
    before, after = _read(pair.before), _read(pair.after)
    mixed = _mixed(before)
    result = fix(mixed, unsafe=True).source
    assert result.replace("\r\n", "\n") == after
    old_endings, new_endings = _endings(mixed), _endings(result)
    matcher = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                if i < len(old_endings) and j < len(new_endings):
                    assert new_endings[j] == old_endings[i], f"line {j + 1} changed its ending"


def test_a_fix_in_a_mixed_file_changes_only_its_line() -> None:
    source = (
        "import tensorflow as tf\r\n"
        "opt = tf.keras.optimizers.SGD(0.1)\n"
        "w = tf.Variable(1.0)\r\n"
        "with tf.GradientTape() as tape:\n"
        "    loss = w * w\r\n"
        "grads = tape.gradient(loss, [w])\n"
        "opt.apply_gradients(grads, [w])\r\n"
        "print(w)\n"
    )
    expected = source.replace("opt.apply_gradients(grads, [w])", "opt.apply_gradients(zip(grads, [w]))")
    assert fix(source).source == expected


def test_inserted_lines_take_the_ending_of_the_line_they_land_on() -> None:
    lf = _read(next(p.before for p in PAIRS if p.id.startswith("GF011")))
    crlf = lf.replace("\n", "\r\n")
    assert fix(crlf, unsafe=True).source == fix(lf, unsafe=True).source.replace("\n", "\r\n")


# -- 3. tab-indented files get tab-indented fixes ------------------------------------------------

def _tabbed(source: str) -> str:
    def retab(match: re.Match[str]) -> str:
        return "\t" * (len(match.group(0)) // 4) + " " * (len(match.group(0)) % 4)

    return re.sub(r"^ +", retab, source, flags=re.MULTILINE)


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_tab_indented_files_are_fixed_with_tabs(pair: Pair) -> None:
    before, after = _tabbed(_read(pair.before)), _tabbed(_read(pair.after))
    result = fix(before, unsafe=True)
    assert result.failed == []
    ast.parse(result.source)
    assert result.source == after


# -- 4. every comment survives --------------------------------------------------------------------

def _lines_that_take_a_comment(source: str) -> set[int]:
    """Lines where `  # ...` can be appended: not inside a string, not after a backslash."""
    lines = source.split("\n")
    possible = set(range(1, len(lines) + 1))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            possible -= set(range(token.start[0], token.end[0]))
    return {n for n in possible if not lines[n - 1].rstrip().endswith("\\")}


def _comment_every_line(source: str) -> tuple[str, list[str]]:
    lines = source.split("\n")
    comments = []
    for number in sorted(_lines_that_take_a_comment(source)):
        comments.append(f"# c{number}")
        lines[number - 1] += f"  # c{number}"
    return "\n".join(lines), comments


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_every_comment_survives_fixing(pair: Pair) -> None:
    commented, comments = _comment_every_line(_read(pair.before))
    ast.parse(commented)
    result = fix(commented, unsafe=True).source
    ast.parse(result)
    lost = [c for c in comments if not re.search(re.escape(c) + r"(?!\d)", result)]
    assert lost == []


def test_a_comment_inside_a_recreated_variable_survives() -> None:
    source = textwrap.dedent(
        """
        import tensorflow as tf
        w = tf.Variable(1.0)
        opt = tf.keras.optimizers.SGD(0.1)
        for step in range(3):
            with tf.GradientTape() as tape:
                loss = w * w
            grads = tape.gradient(loss, [w])
            opt.apply_gradients(zip(grads, [w]))
            w = tf.Variable(
                w * 0.5,  # shrink
                trainable=True,  # still trained
            )
        """
    )
    assert "GF006" in _codes(source)
    expected = "    w.assign(\n        w * 0.5,  # shrink\n        # still trained\n    )\n"
    assert fix(source, unsafe=True).source.endswith(expected)


class _ReplacesTheCall(Rule):
    """A rule whose fix rewrites a whole `apply_gradients(...)` call, comments and all."""

    code = "GF997"
    name = "replaces-the-call"
    summary = "test rule"
    fix_title = "replace"
    applicability = Applicability.SAFE
    tokens = ("apply_gradients",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for apply in ctx.model.apply_calls():
            yield self.finding(ctx, apply.call, "replace", [ctx.replace(apply.call, "opt.apply_gradients([])")])


CALL_WITH_COMMENT = textwrap.dedent(
    """
    import tensorflow as tf
    opt = tf.keras.optimizers.SGD(0.1)
    w = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        loss = w * w
    grads = tape.gradient(loss, [w])
    {prefix}opt.apply_gradients(
        zip(grads, [w]),  # the pairs
    )
    """
)


def test_a_fix_that_would_delete_a_comment_inside_a_line_is_not_offered() -> None:
    source = CALL_WITH_COMMENT.format(prefix="result = ")
    (finding,) = check(source, rules=[_ReplacesTheCall()])
    assert finding.fix is None
    assert fix(source, rules=[_ReplacesTheCall()]).source == source


def test_a_comment_of_a_replaced_statement_is_kept_above_it() -> None:
    source = CALL_WITH_COMMENT.format(prefix="")
    result = fix(source, rules=[_ReplacesTheCall()]).source
    assert result.endswith("grads = tape.gradient(loss, [w])\n# the pairs\nopt.apply_gradients([])\n")


# -- 5. fixes converge --------------------------------------------------------------------------

def _swap_second_gradient_and_apply(source: str) -> str:
    lines = source.split("\n")
    pairs_at = [i for i in range(len(lines) - 1) if ".gradient(" in lines[i] and "apply_gradients" in lines[i + 1]]
    i = pairs_at[1]
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "\n".join(lines)


FLIP_FLOP = [p for p in PAIRS if p.id.startswith(("GF016_optimizer_shared_across_variable_sets/02", "GF016_optimizer_shared_across_variable_sets/05"))]


@pytest.mark.parametrize("pair", FLIP_FLOP, ids=[p.id for p in FLIP_FLOP])
def test_fixes_that_undo_each_other_are_not_applied(pair: Pair) -> None:
    source = _swap_second_gradient_and_apply(_read(pair.before))
    assert "GF005" in _codes(source)
    result = fix(source)
    assert result.source == source
    assert result.fixed == []
    assert "GF005" in [f.code for f in result.failed]


@pytest.mark.parametrize("pair", FLIP_FLOP, ids=[p.id for p in FLIP_FLOP])
def test_fixed_counts_only_what_the_final_text_holds(pair: Pair) -> None:
    source = _swap_second_gradient_and_apply(_read(pair.before))
    result = fix(source, unsafe=True)
    assert [f.code for f in result.fixed] == ["GF016"]
    assert "GF005" in [f.code for f in result.failed]
    assert result.source != source and _codes(result.source) == ["GF005"]


def test_fixed_findings_are_those_whose_changes_were_written() -> None:
    for pair in PAIRS[:40]:
        before = _read(pair.before)
        result = fix(before, unsafe=True)
        assert (result.source != before) == bool(result.fixed)


# -- 6. deep nesting degrades to "no fix offered", never an internal error ---------------------

def _sum(terms: int, name: str) -> str:
    return " + ".join([name] * terms)


def test_a_deep_sum_before_the_tape_is_reported_without_a_fix() -> None:
    source = textwrap.dedent(
        f"""
        import tensorflow as tf
        w = tf.Variable(1.0)
        opt = tf.keras.optimizers.SGD(0.1)
        y = {_sum(500, "w")}
        with tf.GradientTape() as tape:
            loss = y * y
        grads = tape.gradient(loss, [w])
        opt.apply_gradients(zip(grads, [w]))
        """
    )
    (finding,) = [f for f in check(source) if f.code == "GF002"]
    assert finding.fix is None  # libcst cannot move a statement this deep
    result = fix(source, unsafe=True)
    ast.parse(result.source)


def test_a_deep_sum_inside_apply_gradients_is_reported_and_fixing_goes_on() -> None:
    source = textwrap.dedent(
        f"""
        import tensorflow as tf
        w = tf.Variable(1.0)
        opt = tf.keras.optimizers.SGD(0.1)
        with tf.GradientTape() as tape:
            loss = w * w
        grads = tape.gradient(loss, [w])
        opt.apply_gradients(grads, [{_sum(1000, "w")}])
        """
    )
    assert "GF001" in _codes(source)
    result = fix(source, unsafe=True)
    ast.parse(result.source)


def test_a_form_feed_in_indentation_is_not_copied_into_new_blocks() -> None:
    """Found by scripts/fuzz.py: the tokenizer restarts the column at a form feed, so a new
    block's indentation must not repeat it (the fix applied alone did not parse)."""
    import ast

    from codemods import apply_fix

    source = (
        "import tensorflow as tf\n"
        "x = tf.random.normal((64,))\n"
        "w = tf.Variable(0.0)\n"
        "opt = tf.keras.optimizers.SGD(learning_rate=0.05)\n"
        "for step in range(10):\n"
        "\f    with tf.GradientTape() as tape:\n"
        "        loss = tf.reduce_mean(w * x)\n"
        "    opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))\n"
        "for step in range(40):\n"
        "    loss = tf.reduce_mean(w * x)\n"
        "    grads = tf.gradients(loss, [w])\n"
        "    opt.apply_gradients(zip(grads, [w]))\n"
    )
    for text in (source, source.replace("\n", "\r")):
        findings = [f for f in check(text) if f.fix is not None]
        assert [f.code for f in findings] == ["GF008"]
        ast.parse(apply_fix(text, findings[0].fix))
