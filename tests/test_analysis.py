"""Name resolution and what the analysis refuses to guess about."""

from __future__ import annotations

import textwrap

import pytest

from codemods import check
from codemods.analysis.names import canonical


def codes(source: str) -> list[str]:
    return [f.code for f in check(textwrap.dedent(source))]


@pytest.mark.parametrize(
    "imports, constructor",
    [
        ("import tensorflow as tf", "tf.keras.optimizers.Adam()"),
        ("import tensorflow as tflow", "tflow.optimizers.Adam()"),
        ("from tensorflow import keras", "keras.optimizers.SGD()"),
        ("import keras", "keras.optimizers.SGD()"),
        ("import tf_keras", "tf_keras.optimizers.Adam()"),
        ("from tensorflow.keras.optimizers import Adam", "Adam()"),
        ("from tensorflow.keras.optimizers import Adam as A", "A()"),
        ("import tensorflow.compat.v1 as tf1", "tf1.train.AdamOptimizer()"),
        ("from tensorflow.keras import mixed_precision", "mixed_precision.LossScaleOptimizer(inner)"),
    ],
)
def test_optimizers_resolve_through_any_import(imports: str, constructor: str) -> None:
    source = f"{imports}\nopt = {constructor}\nopt.apply_gradients(grads, variables)\n"
    assert codes(source) == ["GF001"]


def test_canonical_names_drop_the_route() -> None:
    assert canonical("tensorflow.keras.optimizers.Adam") == "keras.optimizers.Adam"
    assert canonical("tf_keras.optimizers.SGD") == "keras.optimizers.SGD"
    assert canonical("tensorflow.compat.v1.clip_by_norm") == "tensorflow.clip_by_norm"


def test_flax_train_state_is_not_an_optimizer() -> None:
    assert codes(
        """
        import jax
        def step(state, grads):
            return state.apply_gradients(grads=grads)
        """
    ) == []


def test_unknown_receiver_is_not_flagged() -> None:
    assert codes(
        """
        import tensorflow as tf
        def step(thing, grads, variables):
            thing.apply_gradients(grads, variables)
        """
    ) == []


def test_optimizer_named_parameter_is_flagged() -> None:
    assert codes(
        """
        import tensorflow as tf
        def step(gen_optimizer, grads, variables):
            gen_optimizer.apply_gradients(grads, variables)
        """
    ) == ["GF001"]


def test_self_optimizer_from_init_and_model_optimizer() -> None:
    assert codes(
        """
        import tensorflow as tf
        class Trainer:
            def __init__(self):
                self.opt = tf.keras.optimizers.Adam()
            def step(self, grads, variables, model):
                self.opt.apply_gradients(grads, variables)
                model.optimizer.apply_gradients(grads, variables)
        """
    ) == ["GF001", "GF001"]


def test_a_file_with_its_own_two_list_optimizer_is_trusted() -> None:
    assert codes(
        """
        import tensorflow as tf
        class Adam:
            def apply_gradients(self, grads, vars):
                for g, v in zip(grads, vars):
                    v.assign_sub(0.1 * g)
        def step(optimizer, grads, variables):
            optimizer.apply_gradients(grads, variables)
        opt = Adam()
        opt.apply_gradients(grads, variables)
        """
    ) == []


def test_loss_scale_unscaled_gradients_are_traced_to_their_sources() -> None:
    source = """
        import tensorflow as tf
        opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.Adam())
        with tf.GradientTape() as tape:
            loss = model(x)
            scaled = opt.get_scaled_loss(loss)
        scaled_grads = tape.gradient(scaled, model.trainable_variables)
        grads = opt.get_unscaled_gradients(scaled_grads)
        opt.apply_gradients(grads)
        """
    findings = check(textwrap.dedent(source))
    assert [f.code for f in findings] == ["GF001"]
    assert "model.trainable_variables" in findings[0].message


@pytest.mark.parametrize(
    "body",
    [
        # several tapes in one `with`, nested tapes, jacobians: understood, nothing wrong
        """
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake = gen(noise)
            g_loss = -disc(fake)
            d_loss = disc(fake)
        g_opt.apply_gradients(zip(g_tape.gradient(g_loss, gen.trainable_variables), gen.trainable_variables))
        d_opt.apply_gradients(zip(d_tape.gradient(d_loss, disc.trainable_variables), disc.trainable_variables))
        """,
        """
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                y = x * x
            dy = inner.gradient(y, x)
        d2y = outer.gradient(dy, x)
        """,
        """
        with tf.GradientTape(watch_accessed_variables=False) as tape:
            tape.watch(w)
            y = w * x
        j = tape.jacobian(y, w)
        """,
        """
        with tf.GradientTape() as tape:
            loss = model(x)
        opt.minimize(loss, model.trainable_variables, tape=tape)
        """,
        """
        def step(x):
            with tf.GradientTape() as tape:
                loss = model(x)
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables))
        strategy.run(step, args=(x,))
        """,
        """
        optimizer = None
        def train_step(x):
            global optimizer
            if optimizer is None:
                optimizer = tf.keras.optimizers.Adam()
            with tf.GradientTape() as tape:
                loss = model(x)
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """,
        """
        accumulated = [tf.zeros_like(v) for v in model.trainable_variables]
        for micro in batches:
            with tf.GradientTape() as tape:
                loss = model(micro)
            grads = tape.gradient(loss, model.trainable_variables)
            accumulated = [a + g for a, g in zip(accumulated, grads)]
        opt.apply_gradients(zip(accumulated, model.trainable_variables))
        """,
    ],
)
def test_real_code_shapes_are_understood_without_false_alarms(body: str) -> None:
    source = "import tensorflow as tf\nopt = tf.keras.optimizers.Adam()\n" + textwrap.dedent(body)
    assert codes(source) == []


_SHARED_LINES = """\
import tensorflow as tf

def grads_of(tape, x):
    return tape.gradient(x, [x])

def step(model, start, x):
    model.set_weights(start); tf.print("reset")
    with tf.GradientTape() as tape:
        a = model(x); b = model(-x)
    g1 = grads_of(tape, a); g2 = grads_of(tape, b)
    if x is not None: model.load_weights("w.h5"); grads_of(tape, x)
    try:
        grads_of(
            tape,
            a,
        )
    except ValueError:
        grads_of(tape, b)
    else:
        model.set_weights(start)
    finally:
        tf.print(model)
"""


def _narrowed_walks_miss_nothing(text: str) -> None:
    import ast

    from codemods.analysis.model import FileModel

    model = FileModel(ast.parse(text), text)
    for scope in model.scopes:
        full = model.scope_calls(scope)
        for call, _ in full:
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name is not None:
                assert any(c is call for c, _ in model.scope_calls(scope, name)), (scope.name, name, call.lineno)
            for argument in [*call.args, *(k.value for k in call.keywords)]:
                if isinstance(argument, ast.Name):
                    assert any(c is call for c, _ in model.calls_passing(scope, argument.id)), (scope.name, argument.id, call.lineno)
        in_loops = {id(c) for c, ref in full if ref.loops}
        assert {id(c) for c, _ in model.scope_calls(scope, in_loops=True)} == in_loops


def test_narrowed_call_walks_find_every_call_the_full_walk_finds() -> None:
    """`scope_calls(scope, word)`, `calls_passing` and `in_loops` walk only some statements:
    each must still find every call the full walk finds that names (or is handed) the word,
    statements sharing a line (`a(); b()`), calls over several lines and try/else included."""
    from pathlib import Path

    _narrowed_walks_miss_nothing(_SHARED_LINES)
    for path in sorted(Path(__file__).resolve().parent.parent.glob("golden/*/*.before.py")):
        _narrowed_walks_miss_nothing(path.read_text(encoding="utf-8"))


def test_the_word_index_finds_what_text_searches_find(monkeypatch) -> None:
    """A file asking about many names gets its words indexed once instead of one text search
    per name (`FileModel._lines_matching`); with the index taken from the first question on,
    every golden program gets the same findings, and narrowed walks still miss nothing."""
    from pathlib import Path

    from codemods.analysis import model as model_module

    programs = [p.read_text(encoding="utf-8") for p in sorted(Path(__file__).resolve().parent.parent.glob("golden/*/*.before.py"))]
    searched = [[(f.code, f.range) for f in check(text)] for text in programs]
    monkeypatch.setattr(model_module, "_INDEX_AFTER", 0)
    assert [[(f.code, f.range) for f in check(text)] for text in programs] == searched
    _narrowed_walks_miss_nothing(_SHARED_LINES)
