"""Shapes from real code: graph-mode (TF1) contexts, and fixes that must not be offered."""

from __future__ import annotations

import textwrap

from codemods import check


def findings(source: str):
    return check(textwrap.dedent(source))


PER_STEP_FUNCTION = """
    import tensorflow as tf
    {setup}
    def train_step(model, x, y):
        optimizer = tf.keras.optimizers.Adam()
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    {call}
"""


def test_gf012_per_step_function_is_hoisted_to_module_level() -> None:
    (finding,) = findings(PER_STEP_FUNCTION.format(setup="", call=""))
    assert finding.code == "GF012" and finding.fix is not None


def test_gf012_never_hoists_out_of_a_strategy_scope() -> None:
    source = PER_STEP_FUNCTION.format(
        setup="strategy = tf.distribute.MirroredStrategy()",
        call="with strategy.scope():\n        train_step(model, x, y)",
    )
    (finding,) = findings(source)
    assert finding.code == "GF012" and finding.fix is None


def test_gf012_never_adds_a_second_module_level_optimizer() -> None:
    source = PER_STEP_FUNCTION.format(setup="optimizer = tf.keras.optimizers.Adam()", call="")
    (finding,) = findings(source)
    assert finding.code == "GF012" and finding.fix is None


def test_gf012_estimator_model_fn_builds_its_optimizer_once_per_graph() -> None:
    source = """
        import tensorflow as tf
        def model_fn(features, labels, mode, params):
            optimizer = tf.keras.optimizers.Adam()
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(features - labels))
            grads = tape.gradient(loss, params["variables"])
            optimizer.apply_gradients(zip(grads, params["variables"]))
    """
    assert findings(source) == []


def test_tf1_module_alias_marks_graph_code() -> None:
    source = """
        import tensorflow.compat.v1 as tf
        def build(x, w):
            loss = tf.reduce_sum(x * w)
            return tf.gradients(loss, [w])
    """
    assert findings(source) == []


def test_eager_switched_back_on_is_not_graph_code() -> None:
    source = """
        import tensorflow.compat.v1 as tf
        tf.enable_v2_behavior()
        def step(x, w):
            loss = tf.reduce_sum(x * w)
            return tf.gradients(loss, [w])
    """
    assert [f.code for f in findings(source)] == ["GF008"]


def test_gf001_does_not_zip_pairs_again() -> None:
    source = """
        import tensorflow as tf
        opt = tf.keras.optimizers.SGD()
        def step(grads_and_vars, global_step):
            opt.apply_gradients(grads_and_vars, global_step)
            pairs = list(zip(grads, variables))
            opt.apply_gradients(pairs, counter)
    """
    assert findings(source) == []


def test_gf001_still_zips_two_lists() -> None:
    source = """
        import tensorflow as tf
        opt = tf.keras.optimizers.SGD()
        def step(grads, variables):
            opt.apply_gradients(grads, variables)
    """
    assert [f.code for f in findings(source)] == ["GF001"]


def test_gf014_offers_no_watch_when_the_path_is_computed_before_the_tape() -> None:
    source = """
        import tensorflow as tf
        x = tf.constant([1.0, 2.0])
        z = x * 2.0
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(z * z)
        dx = tape.gradient(y, x)
    """
    (finding,) = findings(source)
    assert finding.code == "GF014" and finding.fix is None


def test_gf014_watches_after_a_binding_nested_in_the_tape() -> None:
    source = """
        import tensorflow as tf
        with tf.GradientTape() as tape:
            if True:
                x = tf.constant([1.0, 2.0])
            y = tf.reduce_sum(x * x)
        dx = tape.gradient(y, x)
    """
    from codemods import fix

    fixed = fix(textwrap.dedent(source)).source
    assert "        x = tf.constant([1.0, 2.0])\n        tape.watch(x)\n" in fixed


def test_gf012_throwaway_optimizer_in_a_loop_is_reported_without_fix() -> None:
    source = """
        import tensorflow as tf
        for x, y in data:
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(model(x) - y))
            grads = tape.gradient(loss, model.trainable_variables)
            tf.keras.optimizers.Adam(1e-3).apply_gradients(zip(grads, model.trainable_variables))
    """
    (finding,) = findings(source)
    assert finding.code == "GF012" and finding.fix is None


def test_gf012_outer_loop_rebuilding_model_and_optimizer_is_a_sweep() -> None:
    source = """
        import tensorflow as tf
        for rate in (0.1, 0.01):
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            optimizer = tf.keras.optimizers.Adam(rate)
            for x, y in data:
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(model(x) - y))
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
    """
    assert findings(source) == []


NUMPY_HELPER = """
    import numpy as np
    import tensorflow as tf

    def stable_log(t, eps=1e-7):
        return {body}

    model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax")])
    optimizer = tf.keras.optimizers.Adam()

    def step(x, y):
        with tf.GradientTape() as tape:
            loss = -tf.reduce_mean(y * stable_log(model(x)))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
"""


def test_gf013_helper_handing_its_argument_to_numpy_is_reported_without_fix() -> None:
    (finding,) = findings(NUMPY_HELPER.format(body="np.log(np.clip(t, eps, 1.0))"))
    assert finding.code == "GF013" and "stable_log" in finding.message and finding.fix is None


def test_gf013_helper_reading_only_the_shape_with_numpy_is_not_reported() -> None:
    assert findings(NUMPY_HELPER.format(body="tf.math.log(t + eps) / np.prod(t.shape)")) == []


HELPER_RETURNS_GRADIENTS = """
    import tensorflow as tf

    def loss_and_grads(net, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(net(x) - y))
        return loss, tape.gradient(loss, net.trainable_variables)

    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    optimizer = tf.keras.optimizers.Adam()

    def step(x, y):
        loss, grads = loss_and_grads(model, x, y)
        optimizer.apply_gradients({applied})
"""


def test_gf001_gradients_from_a_module_helper_are_reported_without_a_fix_in_the_helpers_names() -> None:
    (finding,) = findings(HELPER_RETURNS_GRADIENTS.format(applied="grads"))
    assert finding.code == "GF001" and finding.fix is None


def test_gf001_gradients_from_a_module_helper_zipped_by_the_caller_are_fine() -> None:
    assert findings(HELPER_RETURNS_GRADIENTS.format(applied="zip(grads, model.trainable_variables)")) == []


def test_gf012_a_tf1_train_op_builder_with_compute_gradients_on_a_tensor_is_built_once() -> None:
    source = """
        import tensorflow as tf

        def build_train_op(loss, learning_rate):
            optimizer = tf.compat.v1.train.AdamOptimizer(learning_rate)
            grads_and_vars = optimizer.compute_gradients(loss)
            clipped = [(tf.clip_by_norm(g, 5.0), v) for g, v in grads_and_vars]
            return optimizer.apply_gradients(clipped)
    """
    assert [f.code for f in findings(source)] == []
    eager = source.replace("compute_gradients(loss)", "compute_gradients(lambda: loss)")
    assert [f.code for f in findings(eager)] == ["GF012"]
