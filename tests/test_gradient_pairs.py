"""(gradient, variable) pairs taken apart and put back: which half a name holds, and the
findings that depend on it (TF1 `compute_gradients` pairs, `zip(*grads_and_vars)`)."""

from __future__ import annotations

import ast
import textwrap

from codemods import check, fix
from codemods.analysis.model import FileModel


def model_of(source: str) -> FileModel:
    text = textwrap.dedent(source)
    return FileModel(ast.parse(text), text)


def halves(model: FileModel, *names: str) -> list[tuple[int, str] | None]:
    scope = model.scopes[-1]
    found = []
    for name in names:
        binding = scope.bindings[name][-1]
        half = model.unzipped_half(binding, scope)
        found.append(None if half is None else (half[0], half[1].name))
    return found


PAIRS = """
import tensorflow as tf

def step(loss, optimizer, grads_and_vars, pairs_of_something):
    gvs = optimizer.compute_gradients(loss)
    grads, variables = zip(*gvs)
    only_grads = [g for g, _ in gvs]
    only_vars = [gv[1] for gv in gvs]
    a, b = list(zip(*grads_and_vars))
    c, d = zip(*pairs_of_something)
    e, f = zip(*optimizer.compute_gradients(loss))
"""


def test_each_name_knows_its_half_and_the_pairs_it_came_from() -> None:
    model = model_of(PAIRS)
    assert halves(model, "grads", "variables", "only_grads", "only_vars", "a", "b") == [
        (0, "gvs"), (1, "gvs"), (0, "gvs"), (1, "gvs"), (0, "grads_and_vars"), (1, "grads_and_vars"),
    ]


def test_pairs_are_only_gradient_pairs() -> None:
    # A parameter not named for gradients could hold any pairs.
    assert halves(model_of(PAIRS), "c", "d") == [None, None]


def test_unnamed_pairs_give_both_halves_one_stand_in() -> None:
    model = model_of(PAIRS)
    scope = model.scopes[-1]
    e = model.unzipped_half(scope.bindings["e"][-1], scope)
    f = model.unzipped_half(scope.bindings["f"][-1], scope)
    assert e is not None and f is not None and (e[0], f[0]) == (0, 1) and e[1] is f[1]


def test_a_half_is_worked_out_once_per_binding() -> None:
    model = model_of(PAIRS)
    scope = model.scopes[-1]
    binding = scope.bindings["grads"][-1]
    assert model.unzipped_half(binding, scope) is model.unzipped_half(binding, scope)


def test_clipped_half_of_unclipped_pairs_is_reported_and_fixed() -> None:
    source = textwrap.dedent(
        """
        import tensorflow as tf

        def build(loss, optimizer):
            grads_and_vars = optimizer.compute_gradients(loss)
            grads, variables = zip(*grads_and_vars)
            clipped, _ = tf.clip_by_global_norm(grads, 5.0)
            return optimizer.apply_gradients(grads_and_vars)
        """
    )
    assert [f.code for f in check(source)] == ["GF003"]
    assert "optimizer.apply_gradients(zip(clipped, variables))" in fix(source).source


def test_pairs_rebuilt_from_the_clipped_half_are_left_alone() -> None:
    source = textwrap.dedent(
        """
        import tensorflow as tf

        def build(loss, optimizer):
            grads_and_vars = optimizer.compute_gradients(loss)
            grads, variables = zip(*grads_and_vars)
            clipped, _ = tf.clip_by_global_norm(grads, 5.0)
            grads_and_vars = zip(clipped, variables)
            return optimizer.apply_gradients(grads_and_vars)
        """
    )
    assert check(source) == []


def test_pairs_handed_in_are_reported_without_a_fix() -> None:
    # The parameter may be an iterator that `zip(*...)` used up: nothing safe to rebuild from.
    source = textwrap.dedent(
        """
        import tensorflow as tf

        class Clipping(tf.keras.optimizers.SGD):
            def apply_gradients(self, grads_and_vars):
                grads, _ = zip(*grads_and_vars)
                clipped, _ = tf.clip_by_global_norm(grads, 1.0)
                return super().apply_gradients(grads_and_vars)
        """
    )
    findings = check(source)
    assert [f.code for f in findings] == ["GF003"] and findings[0].fix is None


def test_swapped_pairs_of_an_unknown_optimizer_are_left_alone() -> None:
    source = textwrap.dedent(
        """
        import tensorflow as tf
        from mylib import Updater

        updater = Updater()

        def step(model, x):
            with tf.GradientTape() as tape:
                loss = model(x)
            grads = tape.gradient(loss, model.trainable_variables)
            updater.apply_gradients(zip(model.trainable_variables, grads))
        """
    )
    assert check(source) == []


COMPREHENSION = """
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD()

def step(x):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(x))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(PAIRS)
"""


def fixed_pairs(pairs: str) -> tuple[list[str], str]:
    source = COMPREHENSION.replace("PAIRS", pairs)
    found = check(source)
    after = fix(source).source
    return [f.code for f in found], after.splitlines()[-1].strip()


def test_a_comprehension_swaps_the_half_its_names_disagree_with() -> None:
    # The names are right and the zip is not: the zip is swapped, so the filter still tests
    # the gradient.
    codes, line = fixed_pairs("[(g, v) for g, v in zip(model.trainable_variables, grads) if g is not None]")
    assert codes == ["GF004"]
    assert line == "optimizer.apply_gradients([(g, v) for g, v in zip(grads, model.trainable_variables) if g is not None])"
    # The zip is right and the element is not: the element is swapped.
    codes, line = fixed_pairs("[(v, g) for g, v in zip(grads, model.trainable_variables) if g is not None]")
    assert codes == ["GF004"]
    assert line == "optimizer.apply_gradients([(g, v) for g, v in zip(grads, model.trainable_variables) if g is not None])"


def test_a_filtered_comprehension_with_names_that_tell_nothing_has_no_fix() -> None:
    pairs = "[(a, b) for a, b in zip(model.trainable_variables, grads) if a is not None]"
    source = COMPREHENSION.replace("PAIRS", pairs)
    (finding,) = check(source)
    assert finding.code == "GF004" and finding.fix is None
    assert fix(source, unsafe=True).source == source
