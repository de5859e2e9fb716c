"""The tables that keep analysis and fixing linear in the file give the answers the plain
definitions give: which fixes go together in a round, fresh names, name lookups, taint."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st

from codemods import check, fix
from codemods.analysis.dataflow import (
    assigned_names,
    block_taint,
    computation_start,
    computes_from,
    read_names,
    value_of,
)
from codemods.analysis.model import FileModel
from codemods.engine import _non_overlapping
from codemods.findings import Applicability, Edit, Finding, Fix, Position, Range
from codemods.rules.base import Context, Rule
from codemods.source import SourceText


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def at(line: int, column: int) -> Position:
    return Position(line, column)


def finding(name: str, *spans: tuple[Position, Position]) -> Finding:
    edits = tuple(Edit(Range(start, end), name) for start, end in spans)
    return Finding("GF999", name, Range(spans[0][0], spans[0][1]), Fix(name, Applicability.SAFE, edits))


def chosen(findings: list[Finding]) -> list[str]:
    return [f.message for f in _non_overlapping(findings)]


# -- which fixes share a round --------------------------------------------------------------


def test_a_fix_overlapping_an_earlier_one_waits() -> None:
    first = finding("first", (at(1, 0), at(1, 10)))
    inside = finding("inside", (at(1, 4), at(1, 6)))
    elsewhere = finding("elsewhere", (at(2, 0), at(2, 3)))
    assert chosen([first, inside, elsewhere]) == ["first", "elsewhere"]


def test_one_edit_of_a_fix_overlapping_is_enough_to_wait() -> None:
    first = finding("first", (at(1, 0), at(1, 2)), (at(9, 0), at(9, 5)))
    second = finding("second", (at(5, 0), at(5, 1)), (at(9, 4), at(9, 8)))
    assert chosen([first, second]) == ["first"]


def test_a_fix_that_waits_does_not_block_later_ones() -> None:
    first = finding("first", (at(1, 0), at(1, 5)))
    waits = finding("waits", (at(1, 3), at(1, 8)))
    after = finding("after", (at(1, 6), at(1, 9)))  # overlaps only the one that waits
    assert chosen([first, waits, after]) == ["first", "after"]


def test_insertions_at_the_same_point_do_not_share_a_round() -> None:
    point = (at(3, 0), at(3, 0))
    assert chosen([finding("a", point), finding("b", point)]) == ["a"]


def test_an_insertion_where_a_replacement_ends_or_starts_waits() -> None:
    replacement = finding("replace", (at(3, 0), at(3, 4)))
    assert chosen([replacement, finding("at end", (at(3, 4), at(3, 4)))]) == ["replace"]
    assert chosen([replacement, finding("at start", (at(3, 0), at(3, 0)))]) == ["replace"]


def test_touching_replacements_share_a_round() -> None:
    left = finding("left", (at(1, 0), at(1, 4)))
    right = finding("right", (at(1, 4), at(1, 8)))
    assert chosen([left, right]) == ["left", "right"]


_positions = st.builds(Position, st.integers(1, 4), st.integers(0, 4))
_spans = st.tuples(_positions, _positions).map(lambda pair: tuple(sorted(pair)))


@given(st.lists(st.lists(_spans, min_size=1, max_size=3), max_size=8))
def test_the_sweep_chooses_what_pairwise_comparison_chooses(fixes: list[list[tuple[Position, Position]]]) -> None:
    findings = [finding(str(index), *spans) for index, spans in enumerate(fixes)]
    expected: list[Finding] = []
    for candidate in findings:
        if not any(candidate.fix.overlaps(other.fix) for other in expected):  # type: ignore[union-attr,arg-type]
            expected.append(candidate)
    assert _non_overlapping(findings) == expected


class _InsertAtStart(Rule):
    """Two findings inserting at the same point: each round can apply only one."""

    code, name, summary, fix_title = "GF998", "insert", "insert", "insert"
    applicability = Applicability.SAFE
    tokens = ()

    def check(self, ctx: Context) -> Iterator[Finding]:
        for label in ("a", "b"):
            if f"# {label}\n" not in ctx.source.text:
                yield self.finding(ctx, ctx.model.tree.body[0], label, [Edit(Range(at(1, 0), at(1, 0)), f"# {label}\n")])


def test_fixes_inserting_at_one_point_land_in_successive_rounds() -> None:
    result = fix("x = 1\n", rules=[_InsertAtStart()])
    assert result.source == "# b\n# a\nx = 1\n"
    assert [f.message for f in result.fixed] == ["a", "b"]


# -- fresh names ----------------------------------------------------------------------------


def context(source: str) -> Context:
    text = src(source)
    return Context(SourceText(text), FileModel(ast.parse(text), text))


def test_fresh_name_avoids_names_parameters_and_attributes_anywhere() -> None:
    ctx = context(
        """
        def train(tape, tape_2):
            return model.tape_1
        tape_3 = 1
        """
    )
    assert ctx.fresh_name("tape") == "tape_4"


def test_fresh_name_ignores_words_in_comments_and_strings() -> None:
    ctx = context(
        """
        # a tape would be nice here
        message = "tape_1"
        """
    )
    assert ctx.fresh_name("tape") == "tape"


def test_fresh_name_avoids_names_spelled_in_other_unicode_forms() -> None:
    ctx = context("\uff54\uff41\uff50\uff45 = 1\n")  # fullwidth letters: Python reads `tape`
    assert ctx.fresh_name("tape") == "tape_1"


def test_fresh_name_within_a_function_only_avoids_that_function_s_names() -> None:
    ctx = context(
        """
        tape = 1
        def step(x):
            grads = x
        """
    )
    step = ctx.model.tree.body[1]
    assert ctx.fresh_name("tape", step) == "tape"
    assert ctx.fresh_name("grads", step) == "grads_1"
    assert ctx.fresh_name("tape") == "tape_1"


_identifiers = st.sampled_from(["tape", "tape_1", "tape_2", "grads", "x"])


@given(st.lists(st.tuples(st.sampled_from(["name", "arg", "attr", "comment"]), _identifiers), max_size=6))
def test_fresh_name_is_never_used_in_the_file(uses: list[tuple[str, str]]) -> None:
    lines = []
    for kind, name in uses:
        lines.append(
            {"name": f"{name} = 0", "arg": f"def f({name}): pass", "attr": f"y = obj.{name}", "comment": f"# {name}"}[kind]
        )
    text = "\n".join(lines) + "\n"
    ctx = Context(SourceText(text), FileModel(ast.parse(text), text))
    used = {name for kind, name in uses if kind != "comment"}
    fresh = ctx.fresh_name("tape")
    assert fresh not in used
    assert fresh == next(n for n in ["tape", "tape_1", "tape_2", "tape_3"] if n not in used)


# -- the model's per-scope tables -------------------------------------------------------------


def test_lookup_finds_the_latest_binding_in_walk_order_even_when_a_walrus_comes_first() -> None:
    # (The model walks expressions only on lines that mention a gradient API.)
    text = src(
        """
        x = 0
        x = f(x := gradient)
        y = x
        """
    )
    model = FileModel(ast.parse(text), text)
    module = model.scopes[0]
    use = model.tree.body[2].value
    binding = module.lookup("x", use)
    assert binding is not None and binding.node is model.tree.body[1].targets[0]
    call = model.tree.body[1].value  # after the target, before the walrus: sees the target
    assert module.lookup("x", call) is binding
    assert module.lookup("x", model.tree.body[1]) is module.bindings["x"][0]
    assert module.lookup("x", model.tree.body[0]) is None


def _computation_start_by_definition(block: list[ast.stmt], last: int, roots: set[str]) -> int | None:
    """The plain definition: scan the block's start for every question."""
    tainted: dict[str, int] = {}
    for index, stmt in enumerate(block[: last + 1]):
        names = assigned_names(stmt)
        if names and computes_from(value_of(stmt), roots, set(tainted)):
            for name in names:
                tainted[name] = index
    if not computes_from(value_of(block[last]), roots, set(tainted)):
        return None
    first, pending, seen = last, list(read_names(value_of(block[last]))), set()
    while pending:
        name = pending.pop()
        if name in seen or name not in tainted or tainted[name] >= last:
            continue
        seen.add(name)
        first = min(first, tainted[name])
        pending.extend(read_names(value_of(block[tainted[name]])))
    return first


def _taint_by_definition(block: list[ast.stmt], upto: int, roots: set[str]) -> dict[str, int]:
    """GF002's plain definition: what the statements before `block[upto]` taint, a name
    rebound from something else being clean again."""
    tainted: dict[str, int] = {}
    for index, stmt in enumerate(block[:upto]):
        names = assigned_names(stmt)
        if not names:
            continue
        if computes_from(value_of(stmt), roots, set(tainted)):
            for name in names:
                tainted[name] = index
        else:
            for name in names:
                tainted.pop(name, None)
    return tainted


_statements = st.sampled_from(
    ["h = model(x)", "h = tf.constant(1.0)", "a = h * 2", "b = a + c", "c = 3", "a, c = h, 1",
     "loss = model(b)", "h += a", "print(a)", "loss = a + b"]
)


@given(st.lists(_statements, min_size=1, max_size=9))
def test_shared_block_taint_answers_as_the_definitions_do(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    model = FileModel(ast.parse(text), text)
    block, scope = model.tree.body, model.scopes[0]
    # Ask in a scrambled order: the shared tables must not depend on it.
    order = sorted(range(len(block)), key=lambda index: (index * 7) % len(block))
    for last in order:
        assert computation_start(block, last, {"model"}, scope) == _computation_start_by_definition(block, last, {"model"})
    taint = block_taint(scope, block, {"model"}, forget=True)
    for upto in order:
        expected = _taint_by_definition(block, upto, {"model"})
        for name in ("h", "a", "b", "c", "loss"):
            assert taint.before(name, upto) == expected.get(name)


def test_forward_pass_outside_each_of_two_tapes_in_one_block() -> None:
    # The block's taint is shared by both tapes: the rebinding between them must clean `h`
    # for the second tape only.
    text = src(
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        opt = tf.keras.optimizers.SGD(0.1)
        x = tf.ones((2, 1))
        h = model(x)
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(h)
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        h = tf.ones((2, 1))
        with tf.GradientTape() as tape2:
            loss2 = tf.reduce_sum(model(h))
        grads2 = tape2.gradient(loss2, model.trainable_variables)
        opt.apply_gradients(zip(grads2, model.trainable_variables))
        """
    )
    assert [(f.code, f.line) for f in check(text)] == [("GF002", 5)]


# -- summaries of functions for values through helpers ----------------------------------------


def _scope_calls_by_definition(function: ast.AST) -> list[ast.Call]:
    """Every call of the function's own code: nested functions and classes left out."""
    found: list[ast.Call] = []
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(node, ast.Call):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return sorted(found, key=lambda c: (c.lineno, c.col_offset))


_step_lines = st.sampled_from(
    ["a = f(x)", "if g(a):\n    h(a)", "for v in k(a):\n    m(v)", "with n(a) as t:\n    o(t)",
     "try:\n    p(a)\nexcept E:\n    q(a)", "def inner():\n    r(a)", "class C:\n    s = u(a)",
     "while w(a):\n    break", "a = [y(i) for i in z(a)]", "a = lambda: l(a)"]
)


@given(st.lists(_step_lines, min_size=1, max_size=8))
def test_scope_calls_are_the_calls_of_the_function_s_own_code(lines: list[str]) -> None:
    body = "\n".join(textwrap.indent(line, "    ") for line in lines)
    text = f"def step(x):\n{body}\n"
    model = FileModel(ast.parse(text), text)
    scope = model.scopes[1]
    found = [call for call, _ in model.scope_calls(scope)]
    assert [ast.dump(c) for c in found] == [ast.dump(c) for c in _scope_calls_by_definition(scope.node)]
    assert all(model.ref_of(ref.stmt) is not None for _, ref in model.scope_calls(scope))
    assert model.scope_calls(scope) is model.scope_calls(scope)  # computed once


def test_a_plain_call_never_resolves_to_a_method_of_the_same_name() -> None:
    text = src(
        """
        def train_step(model):
            return model

        class Trainer:
            def train_step(self):
                return self

        def fit(model):
            return train_step(model)
        """
    )
    model = FileModel(ast.parse(text), text)
    fit = model.scopes[-1]
    call = model.scope_calls(fit)[0][0]
    assert model.callee(call, fit) is model.tree.body[0]


# -- call sites, comments, applying edits -------------------------------------------------------


def _call_sites_by_definition(model: FileModel, name: str) -> list[tuple[int, int, ast.AST]]:
    """The plain definition: each call's scope is the latest-starting function whose lines
    (after its `def` line) hold it."""
    functions = [s for s in model.scopes if not isinstance(s.node, ast.Module)]
    found = []
    for node in ast.walk(model.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
            where = model.scopes[0]
            for scope in sorted(functions, key=lambda s: s.node.lineno):
                if scope.node.lineno < node.lineno <= scope.node.end_lineno:
                    where = scope
            found.append((node.lineno, node.col_offset, where.node))
    return sorted(found, key=lambda site: (site[0], site[1]))


_top_level = st.sampled_from(
    [
        "g(4)",
        "x = g(g(5))",
        "def f(a=g()):\n    g(1)",
        "def f():\n    def h(): return g(2)\n    g(3)",
        "@g\ndef m(x): g(x)",
        "class C:\n    def n(self):\n        return [g(i) for i in range(2)]\n    g(6)",
        "def p():\n    def q():\n        def r():\n            g(7)\n        g(8)\n    g(9)",
        "def s(): return g(10)",
    ]
)


@given(st.lists(_top_level, min_size=1, max_size=8))
def test_call_sites_are_found_in_the_scope_the_plain_definition_gives(parts: list[str]) -> None:
    text = "\n".join(parts) + "\n"
    model = FileModel(ast.parse(text), text)
    sites = sorted(((call.lineno, call.col_offset, scope.node) for call, scope in model.call_sites("g")), key=lambda s: (s[0], s[1]))
    assert sites == _call_sites_by_definition(model, "g")


def _tokenized(text: str) -> list[tuple[int, int, str]]:
    import io
    import tokenize

    tokens = tokenize.generate_tokens(io.StringIO(text, newline="").readline)
    return [(t.start[0], t.start[1], t.string) for t in tokens if t.type == tokenize.COMMENT]


_code_pieces = st.sampled_from(
    ["x = 1", "# a comment", "s = '# not one'", 's = "it\'s # not"', "t = '''\n# inside\n'''", 'u = """a\\\n# b"""',
     "v = ('a'  # kept\n     'b')", "w = r'\\'  # after'", "y = b'#' # yes", "z = '\\\\'  # after a backslash", "", "    "]
)


@given(st.lists(_code_pieces, max_size=8), st.sampled_from(["\n", "\r\n", "\r"]))
def test_comments_are_the_tokenizer_s_comment_tokens(pieces: list[str], newline: str) -> None:
    from codemods.source import comment_tokens

    text = newline.join(piece.replace("\n", newline) for piece in pieces) + newline
    try:
        ast.parse(text)
    except SyntaxError:
        return
    assert comment_tokens(text) == _tokenized(text)


def _apply_back_to_front(source: SourceText, edits: list[Edit]) -> str:
    text = source.text
    for edit in sorted(edits, key=lambda e: (e.range.start, e.range.end), reverse=True):
        start, end = source.offset(edit.range.start), source.offset(edit.range.end)
        text = text[:start] + edit.content + text[end:]
    return text


@given(st.text("ab\n", max_size=12), st.lists(st.tuples(st.integers(0, 12), st.booleans(), st.sampled_from(["X", "", "\n"])), max_size=6))
def test_edits_joined_once_give_what_applying_them_back_to_front_gives(text: str, cuts: list[tuple[int, bool, str]]) -> None:
    source = SourceText(text)

    def position(offset: int) -> Position:
        line = text[:offset].count("\n") + 1
        return Position(line, offset - (text.rfind("\n", 0, offset) + 1))

    edits, done = [], 0
    for length, insertion, content in cuts:
        start = min(done + length // 2, len(text))
        end = start if insertion else min(start + length % 3 + 1, len(text))
        edits.append(Edit(Range(position(start), position(end)), content))
        done = end
    edits.reverse()  # not in order
    assert source.apply(edits) == _apply_back_to_front(source, edits)


def _counted(monkeypatch, module: object, name: str) -> list[int]:  # type: ignore[no-untyped-def]
    """A list that grows by one at each call of `module.name` (for the rest of the test)."""
    calls: list[int] = []
    original = getattr(module, name)

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_a_long_sum_is_searched_for_variables_once_not_once_per_term(monkeypatch) -> None:
    from codemods.analysis import dataflow

    calls = _counted(monkeypatch, dataflow, "_reads_a_variable")

    def searches(terms: int) -> int:
        text = "import tensorflow as tf\nx = " + " + ".join(["2.0"] * terms + ["tf.constant(1.0)"]) + "\ny = x\n"
        model = FileModel(ast.parse(text), text)
        calls.clear()
        assert dataflow.is_plain_tensor(model, model.scopes[0], "x", model.tree.body[2])
        return len(calls)

    assert searches(200) == searches(100) == 1


def test_gf009_reads_of_a_repeated_gradient_name_are_filtered_once_per_scope(monkeypatch) -> None:
    from codemods.rules import gf009_gradients_never_applied as gf009

    block = """
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    """
    head = "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(1)])\noptimizer = tf.keras.optimizers.Adam()\n"
    calls = _counted(monkeypatch, gf009, "_only_logged")
    counts = []
    for blocks in (10, 20, 40):
        calls.clear()
        assert check(head + src(block) * blocks) == []
        counts.append(len(calls))
    # One look per read of `grads` in the script, however many blocks bind it (was blocks x reads).
    assert counts == [10, 20, 40]


@given(st.lists(_code_pieces, max_size=8))
def test_the_comment_scan_never_restarts_a_failed_search(pieces: list[str]) -> None:
    """Its matches tile the text, end included: a search that failed would be tried again
    from every following character (quadratic in the code after the last string)."""
    from codemods.source import _TO_COMMENT_OR_STRING

    text = "\n".join(pieces) + "\nx = 1\n" * 50
    try:
        ast.parse(text)
    except SyntaxError:
        return
    ends = 0
    for match in _TO_COMMENT_OR_STRING.finditer(text):
        assert match.start() == ends
        ends = match.end()
    assert ends == len(text)


_trees = st.sampled_from(
    ["x = f(a, *b, k=c)[1:2]", "with t as u:\n    del v.w", "for i in j:\n    pass\nelse:\n    y = lambda: (z := 1)",
     "class K(B, metaclass=M):\n    @d\n    def m(self, p: int = 0, *q, r, **s) -> None:\n        return {k: v for k, v in q}",
     "try:\n    a\nexcept E as e:\n    b\nfinally:\n    c", "match m:\n    case [1, *rest]:\n        pass", "f'{x!r:>{w}}'",
     "match p:\n    case P(x=0, y=_) | {'k': v, **kw} | None | 1 as q:\n        pass", "d = {**a, 'b': 1}",
     "def k(*, a, b=1, **c):\n    global g\n    def n():\n        nonlocal a", "from .m import (x as y, z)", "import a.b as c"]
)


@given(st.lists(_trees, min_size=1, max_size=5))
def test_walk_visits_what_ast_walk_visits_in_its_order_but_contexts(parts: list[str]) -> None:
    from codemods.analysis.walk import calls_under, walk

    tree = ast.parse("\n".join(parts))
    contexts = (ast.Load, ast.Store, ast.Del)
    assert list(walk(tree)) == [node for node in ast.walk(tree) if not isinstance(node, contexts)]
    assert {id(c) for c in calls_under(tree)} == {id(n) for n in ast.walk(tree) if isinstance(n, ast.Call)}


def test_attribute_reads_are_loads_and_string_names_not_stores_or_comments() -> None:
    text = src(
        '''
        """Keeps `self.grads` (a docstring mentions it)."""
        class Trainer:
            def step(self):
                self.grads = 1  # self.grads is never read
                self.seen = 2
                self.named = 3

        def report(trainer):
            print(trainer.seen, getattr(trainer, "named"))
            total = (trainer.
                     split)
            trainer.stored = grads = 1
        '''
    )
    model = FileModel(ast.parse(text), text)
    assert not model.attribute_read("grads") and not model.attribute_read("stored")
    assert model.attribute_read("seen") and model.attribute_read("named") and model.attribute_read("split")


def test_a_clipping_function_imported_under_another_name_is_still_a_clip() -> None:
    text = src(
        """
        import tensorflow as tf
        from tensorflow import clip_by_global_norm as cg

        def step(model, optimizer, x, y):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(model(x) - y))
            g = tape.gradient(loss, model.trainable_variables)
            c, _ = cg(g, 1.0)
            optimizer.apply_gradients(zip(g, model.trainable_variables))
        """
    )
    assert [f.code for f in check(text)] == ["GF003"]


def test_an_imported_name_is_looked_up_in_the_project_once_per_check(tmp_path) -> None:
    from codemods.analysis.project import Project

    looked: list[tuple[str, str]] = []

    class Counting(Project):
        def function(self, importer, module, level, name):  # type: ignore[no-untyped-def]
            looked.append((module, name))
            return super().function(importer, module, level, name)

    head = src(
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        for epoch in range(3):
            optimizer = tf.keras.optimizers.Adam()
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(model(tf.ones([2, 1])))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """
    )
    text = head + "x = tf.zeros([2])\ny = tf.zeros([3])\n" * 50
    (tmp_path / "train.py").write_text(text)
    check(text, project=Counting(tmp_path), path=tmp_path / "train.py")
    assert len(looked) == len(set(looked)) and ("tensorflow", "zeros") in looked


def test_a_checked_file_s_tree_and_model_are_freed_without_the_garbage_collector() -> None:
    """The model's cycles are broken once the file is checked: none of its syntax tree is
    left for the collector (which would walk every node again, a tenth of the check)."""
    import gc
    from pathlib import Path

    from codemods.analysis.model import FileModel

    golden = Path(__file__).resolve().parent.parent / "golden"
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(golden.rglob("*.before.py"))[:20])
    assert check(text)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        check(text)
        gc.collect()
        left = [o for o in gc.garbage if isinstance(o, (ast.AST, FileModel))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []


def test_a_rewrite_with_a_key_is_rendered_once_for_the_same_lines() -> None:
    from codemods.rewrite import rewrite_statements

    text = "def f():\n    a = 1  # one\n    b = 2\n"
    tree = ast.parse(text)
    block = tree.body[0].body  # type: ignore[attr-defined]
    calls: list[int] = []

    def swap(body):  # type: ignore[no-untyped-def]
        calls.append(1)
        return [body[1], body[0]]

    edits = [rewrite_statements(SourceText(text), block, 0, 1, swap, key=("swap", 0)) for _ in range(3)]
    assert len(calls) == 1 and edits[0] == edits[1] == edits[2]
    assert SourceText(text).apply(edits[:1]) == "def f():\n    b = 2\n    a = 1  # one\n"
    other = text.replace("2", "3")  # other lines: rendered again
    rewrite_statements(SourceText(other), ast.parse(other).body[0].body, 0, 1, swap, key=("swap", 0))  # type: ignore[attr-defined]
    assert len(calls) == 2
