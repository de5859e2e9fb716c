"""GF014 on tapes made with `watch_accessed_variables=False`: variables they never watch
are reported, and the fix drops the flag only where that is a plain edit."""

from __future__ import annotations

from codemods import check, fix


def _step(tape: str, body: str = "", sources: str = "model.trainable_variables") -> str:
    lines = [
        "import tensorflow as tf",
        "",
        "def train_step(model, optimizer, x, y):",
        f"    with {tape} as tape:",
        "        tape.watch(x)",
        *(f"        {line}" for line in body.splitlines()),
        "        loss = tf.reduce_mean(tf.square(model(x) - y))",
        f"    grads = tape.gradient(loss, {sources})",
        f"    optimizer.apply_gradients(zip(grads, {sources}))",
    ]
    return "\n".join(lines) + "\n"


def _gf014(source: str) -> list:
    return [f for f in check(source) if f.code == "GF014"]


def test_unwatched_variables_are_reported_and_the_flag_dropped() -> None:
    source = _step("tf.GradientTape(persistent=True, watch_accessed_variables=False)")
    assert len(_gf014(source)) == 1
    assert "with tf.GradientTape(persistent=True) as tape:" in fix(source).source


def test_variables_bound_to_tf_variable_count_too() -> None:
    source = _step("tf.GradientTape(watch_accessed_variables=False)", sources="[w, b]").replace(
        "def train_step", "w = tf.Variable(1.0)\nb = tf.Variable(0.0)\n\ndef train_step"
    )
    assert len(_gf014(source)) == 1


def test_the_flag_given_by_position_is_reported_without_a_fix() -> None:
    source = _step("tf.GradientTape(False, False)")
    (finding,) = _gf014(source)
    assert finding.fix is None


def test_watched_variables_or_a_tape_handed_to_a_helper_are_not_reported() -> None:
    watched = _step("tf.GradientTape(watch_accessed_variables=False)", "tape.watch(model.trainable_variables)\n")
    helper = _step("tf.GradientTape(watch_accessed_variables=False)", "watch_all(tape, model)\n")
    default = _step("tf.GradientTape()")
    assert not _gf014(watched) + _gf014(helper) + _gf014(default)


def test_a_tape_made_before_its_block_is_not_reported() -> None:
    # One persistent tape, several blocks: the first one's watch holds for the others.
    source = (
        "import tensorflow as tf\n\nw = tf.Variable(2.0)\n"
        "tape = tf.GradientTape(watch_accessed_variables=False, persistent=True)\n"
        "with tape:\n    tape.watch(w)\n    y = w * 3.0\n"
        "with tape:\n    z = w * y\n    print(tape.gradient(z, w))\n"
    )
    assert not _gf014(source)
