"""Shapes from real code: graph-mode (TF1) contexts, and fixes that must not be offered."""

from __future__ import annotations

import textwrap

from codemods import check, fix


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
        w = tf.Variable(1.0)
        def step(x):
            loss = tf.reduce_sum(x * w)
            return tf.gradients(loss, [w])
    """
    assert [f.code for f in findings(source)] == ["GF008"]


def test_generic_gradients_helper_of_a_library_is_not_eager_code() -> None:
    # SciANN's `_gradients(ys, xs, order)`: parameters in, imported ops only, no model run.
    source = """
        import tensorflow as tf
        from tensorflow import gradients as tf_gradients
        def nth_derivative(ys, xs, order=1):
            ds = ys
            for _ in range(order):
                ds = tf_gradients(ds, xs, unconnected_gradients="zero")[0]
            return ds
        def residual(model, x):
            u = model(x)
            return nth_derivative(u, x, 2) + tf.gradients(u, x)[0]
        print(residual(model, points))
    """
    assert [(f.code, f.line) for f in findings(source)] == [("GF008", 11)]


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


def test_variable_made_from_a_value_before_the_tape_is_not_a_forward_pass() -> None:
    source = """
        import numpy as np
        import tensorflow as tf
        def check(x, shapes):
            x = tf.Variable(x)
            weights = [tf.Variable(np.ones(s)) for s in shapes]
            with tf.GradientTape() as tape:
                out = tf.reduce_sum(x * x) + sum(tf.reduce_sum(w) for w in weights)
            return tape.gradient(out, [x, *weights])
    """
    assert findings(source) == []


def test_tf_gradients_in_a_keras_train_step_is_graph_code_unless_run_eagerly() -> None:
    source = """
        import tensorflow as tf
        class GAN(tf.keras.Model):
            def train_step(self, reals):
                with tf.GradientTape() as tape:
                    mixed = self.mix(reals)
                    pred = self.critic(mixed)
                    penalty = tf.reduce_mean(tf.gradients(pred, mixed)[0] ** 2)
                grads = tape.gradient(penalty, self.critic.trainable_variables)
                self.optimizer.apply_gradients(zip(grads, self.critic.trainable_variables))
                return {"penalty": penalty}
    """
    assert findings(source) == []
    assert [f.code for f in findings(source + "\n        GAN().compile(run_eagerly=True)\n")] == ["GF008"]


def test_optimizer_built_per_graph_in_a_loop_is_not_per_step() -> None:
    source = """
        import tensorflow.compat.v1 as tf1
        import tensorflow as tf
        for n in range(1, 4):
            with tf.Graph().as_default():
                w = tf1.Variable(1.0)
                opt = tf1.train.AdamOptimizer(0.1)
                update = opt.apply_gradients([(tf.constant(float(n)), w)])
    """
    assert findings(source) == []


def test_unwatched_source_whose_gradient_a_test_expects_none_or_never_reads() -> None:
    source = """
        import tensorflow as tf
        def test_constant_gets_no_gradient():
            coeffs = tf.constant([1.0, 2.0])
            param = tf.Variable(1.5)
            with tf.GradientTape() as tape:
                res = tf.reduce_sum(coeffs) * param
            grad = tape.gradient(res, [coeffs, param])
            assert grad[0] is None
        def only_second(coeffs, param):
            coeffs = tf.constant([1.0, 2.0])
            with tf.GradientTape() as tape:
                res = tf.reduce_sum(coeffs) * param
            grad = tape.gradient(res, [coeffs, param])
            return grad[1]
        def reads_first():
            coeffs = tf.constant([1.0, 2.0])
            param = tf.Variable(1.5)
            with tf.GradientTape() as tape:
                res = tf.reduce_sum(coeffs) * param
            grad = tape.gradient(res, [coeffs, param])
            return grad[0]
    """
    assert [(f.code, f.line) for f in findings(source)] == [("GF014", 21)]


def test_tf1_optimizer_and_variables_fetched_again_per_batch_are_not_gf016() -> None:
    source = """
        import tensorflow as tf
        def train(model, batches):
            optimizer = {optimizer}
            for epoch in range(3):
                for x, y in batches:
                    with tf.GradientTape() as tape:
                        loss = tf.reduce_mean(tf.square(model(x) - y))
                    variables = {variables}
                    grads = tape.gradient(loss, variables)
                    optimizer.apply_gradients(zip(grads, variables))
    """
    keras, tf1 = "tf.keras.optimizers.Adam()", "tf.compat.v1.train.AdamOptimizer()"
    assert findings(source.format(optimizer=tf1, variables="build_model().trainable_variables")) == []
    assert findings(source.format(optimizer=keras, variables="model.get_params()")) == []
    rebuilt = findings(source.format(optimizer=keras, variables="build_model().trainable_variables"))
    assert [f.code for f in rebuilt] == ["GF016"] and rebuilt[0].fix is None  # a fresh optimizer per batch would be GF012


def test_numpy_functions_tensorflow_differentiates_still_cut_the_gradient() -> None:
    source = """
        import numpy as np
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        def step(x):
            with tf.GradientTape() as tape:
                pred = model(x)
                loss = tf.reduce_mean({call})
            return tape.gradient(loss, model.trainable_variables)
    """
    for call in ("np.where(pred > 0, pred, 0.0)", "np.sort(pred, axis=0)"):
        assert "GF013" in [f.code for f in findings(source.format(call=call))]
    assert "GF013" not in [f.code for f in findings(source.format(call="pred * np.argmax(pred, axis=1)"))]


def test_a_tensor_named_like_a_function_is_still_a_tensor_for_minimize() -> None:
    source = """
        import tensorflow as tf
        import tf_keras
        w = tf.Variable(1.0)
        opt = tf_keras.optimizers.Adam(0.1)
        for _ in range(3):
            loss_fn = tf.reduce_mean(tf.square(w * 2.0 - 1.0))
            opt.minimize(loss_fn, [w])
    """
    assert [f.code for f in findings(source)] == ["GF015"]


def test_generic_derivative_helper_called_from_eager_top_level_is_flagged() -> None:
    source = """
        import tensorflow as tf
        def nth_derivative(ys, xs, order=1):
            for _ in range(order):
                ys = tf.gradients(ys, xs)[0]
            return ys
        x = tf.constant([1.0, 2.0])
        print(nth_derivative(x ** 3, x, 2))
    """
    assert [f.code for f in findings(source)] == ["GF008"]


KERAS_PREDICT_IN_STEP = """
    import tensorflow as tf

    def build_regressor(width):
        return tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(width), tf.keras.layers.Dense(1)])

    def train_step(model, optimizer, x, y):
        with tf.GradientTape() as tape:
            pred = model.predict(x, verbose=0)
            loss = tf.reduce_mean(tf.square(pred - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

    net = build_regressor(8)
    optimizer = tf.keras.optimizers.Adam()
    {calls}
"""


def test_gf013_predict_of_a_parameter_every_caller_hands_a_keras_model_is_reported_without_fix() -> None:
    calls = "train_step(net, optimizer, x, y)\n    train_step(model=build_regressor(4), optimizer=optimizer, x=x, y=y)"
    (finding,) = findings(KERAS_PREDICT_IN_STEP.format(calls=calls))
    assert finding.code == "GF013" and "model.predict" in finding.message and finding.fix is None


def test_gf013_predict_of_a_parameter_is_not_reported_when_a_caller_hands_something_else() -> None:
    calls = "train_step(net, optimizer, x, y)\n    train_step(surrogate_from_elsewhere(), optimizer, x, y)"
    assert findings(KERAS_PREDICT_IN_STEP.format(calls=calls)) == []


PER_CLASS_SALIENCY = """
    import tensorflow as tf

    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3)])

    def class_saliency(x, classes=3):
        maps = []
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            for c in range(classes):
                score = tf.reduce_sum(model(x)[:, c])
                maps.append(tape.gradient(score, x))
        del tape
        return tf.stack(maps)
"""


def test_gf010_per_class_forward_pass_and_gradient_in_a_loop_is_reported_without_a_fix() -> None:
    # Moving the loop out of the block would un-record each class's forward pass.
    source = textwrap.dedent(PER_CLASS_SALIENCY)
    (finding,) = check(source)
    assert finding.code == "GF010" and finding.fix is None
    assert fix(source, unsafe=True).source == source

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


def test_a_plain_call_never_runs_a_class_method_of_the_same_name() -> None:
    source = """
        import numpy as np
        import tensorflow as tf
        def penalty(t):
            return tf.reduce_mean(tf.square(t))
        class Logger:
            def penalty(self, t):
                return float(np.mean(np.square(t)))
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        def step(x):
            with tf.GradientTape() as tape:
                loss = penalty(model(x))
            return tape.gradient(loss, model.trainable_variables)
    """
    assert findings(source) == []


def test_trainable_variables_assigned_on_a_model_every_caller_passes() -> None:
    source = """
        import tensorflow as tf
        def average_into(target, sources):
            averaged = [tf.add_n([s.trainable_variables[i] for s in sources]) / len(sources)
                        for i in range(len(target.trainable_variables))]
            target.trainable_variables = averaged
        def make():
            return tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
        average_into(make(), [make() for _ in range(3)])
    """
    assert [f.code for f in findings(source)] == ["GF007"]
    assert findings(source.replace("return tf.keras.Sequential(", "return tf.Module(") .replace("[tf.keras.Input((3,)), tf.keras.layers.Dense(1)]", "")) == []


def test_gf002_a_tensor_differentiated_with_respect_to_is_not_moved_into_the_tape() -> None:
    # A notebook showing which gradients are None: `x3` is a source, so moving its
    # computation into the tape would not give it a gradient (GF014's case, not GF002's).
    source = """
        import tensorflow as tf

        x1 = tf.Variable(5.0)
        x3 = tf.add(x1, 1.0)
        with tf.GradientTape() as tape:
            y = x1 ** 2 + x3 ** 2
        grads = tape.gradient(y, [x1, x3])
    """
    assert "GF002" not in {f.code for f in findings(source)}


def test_gf014_an_unwatched_integer_constant_gets_no_watch_fix() -> None:
    # A tutorial notebook's first cell: watching an int32 tensor would still give None.
    source = textwrap.dedent(
        """
        import tensorflow as tf

        x = tf.constant([1, 2], dtype=tf.int32)
        with tf.GradientTape() as tape:
            y = x ** 2
        print(tape.gradient(y, x))
        """
    )
    (finding,) = check(source)
    assert finding.code == "GF014" and "holds integers" in finding.message and finding.fix is None
    assert fix(source, unsafe=True).source == source


def test_a_tape_name_rebound_by_another_with_is_another_tape() -> None:
    # A course script: the second tape's class comes in by a path not known as a tape's
    # (or any class at all); its `tape.gradient` is not a second use of the first tape.
    source = """
        import tensorflow as tf
        from mylib import RecordingTape

        x = tf.Variable(1.0)
        with tf.GradientTape() as tape:
            y = x * x
        print(tape.gradient(y, x))
        for step in range(3):
            with RecordingTape() as tape:
                z = x * 2.0
            print(tape.gradient(z, x))
    """
    assert [f.code for f in findings(source)] == []
    known = source.replace("from mylib import RecordingTape", "from tensorflow.python.eager.backprop import GradientTape as RecordingTape")
    assert [f.code for f in findings(known)] == []
    reused = source.replace("            with RecordingTape() as tape:\n                z = x * 2.0\n", "            z = x * 2.0\n")
    assert [f.code for f in findings(reused)] == ["GF011"]


def test_gf002_an_item_of_a_list_the_tape_filled_is_no_computation_but_slicing_it_is() -> None:
    source = """
        import tensorflow as tf

        def gradients(model, coords):
            with tf.GradientTape(persistent=True) as tape:
                tape.watch(coords)
                out = model(coords)
                fields = [out[:, i] for i in range(3)]
                grid = [[out[:, i] * j for j in range(2)] for i in range(3)]
            first = [tape.gradient(fields[j], coords) for j in range(3)]
            second = [tape.gradient(grid[i][j], coords) for i in range(3) for j in range(2)]
            return first, second, tape.gradient({late}, coords)
    """
    assert [f.code for f in findings(source.format(late="fields[0]"))] == []
    for late in ("fields[0][:2]", "grid[1][0][:, None]", "tf.stack(fields)"):
        assert [f.code for f in findings(source.format(late=late))] == ["GF002"], late


def test_gf008_a_file_using_apis_only_tensorflow_1_has_is_graph_code() -> None:
    # A MAML port building its graph with tf.get_variable and tf.contrib; its session lives
    # in another file. `tf.gradients` works there.
    source = """
        import tensorflow as tf

        w = tf.get_variable("w", [3, 1], initializer=tf.contrib.layers.xavier_initializer())
        x = tf.ones([4, 3])
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w)))
        grads = tf.gradients(loss, [w])
    """
    assert [f.code for f in findings(source)] == []
    eager = source.replace("import tensorflow as tf\n", "import tensorflow as tf\n        tf.enable_eager_execution()\n")
    assert [f.code for f in findings(eager)] == ["GF008"]
    tf2 = source.replace('tf.get_variable("w", [3, 1], initializer=tf.contrib.layers.xavier_initializer())', "tf.Variable(tf.zeros([3, 1]))  # was tf.get_variable(")
    assert [f.code for f in findings(tf2)] == ["GF008"]
    other_module = source.replace("tf.get_variable(", "store.tf.get_variable(").replace("tf.contrib.", "mytf.contrib.")
    assert [f.code for f in findings(other_module)] == ["GF008"]


def test_gf008_a_function_the_file_never_calls_may_run_in_a_graph() -> None:
    # A fragment of a TF1 PINN: its caller (building a graph, or a tf.function) is elsewhere.
    source = """
        import tensorflow as tf

        def net_f(self, x, t):
            u = self.net_u(x, t)
            u_t = tf.gradients(u, t)[0]
            return u_t - u
    """
    assert [f.code for f in findings(source)] == []
    called = source + "\n        residual = net_f(model, x, t)\n"
    assert [f.code for f in findings(called)] == ["GF008"]


def test_gf008_a_method_runs_when_its_class_is_used() -> None:
    layer = """
        import tensorflow as tf

        class GradientNorm(tf.keras.layers.Layer):
            def call(self, inputs):
                out = self.inner(inputs)
                return tf.gradients(tf.reduce_sum(out), inputs)[0]
    """
    assert [f.code for f in findings(layer)] == []
    used = layer + "\n        model = tf.keras.Sequential([GradientNorm()])\n"
    assert [f.code for f in findings(used)] == ["GF008"]


def test_gf015_a_loss_added_to_in_place_is_a_tensor() -> None:
    source = """
        import tensorflow as tf

        class Trainer:
            def __init__(self, net):
                self.net = net
                self.opt = tf.keras.optimizers.Adam(1e-3)

            def train_epoch(self, dataset):
                for x, y in dataset:
                    loss = self.criterion(self.net(x, training=True), y)
                    loss += 1e-4 * tf.add_n([tf.reduce_sum(tf.square(w)) for w in self.net.trainable_weights])
                    self.opt.minimize(loss, self.net.trainable_variables)
    """
    assert [f.code for f in findings(source)] == ["GF015"]


def test_gf013_a_helper_method_handing_a_local_computed_from_its_argument_to_numpy() -> None:
    source = """
        import numpy as np
        import tensorflow as tf

        class Trainer:
            def _loss(self, y, logits):
                weighted = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits) * 2.0
                return {ret}

            def step(self, x, y):
                with tf.GradientTape() as tape:
                    loss = self._loss(y, self.model(x, training=True))
                grads = tape.gradient(loss, self.model.trainable_variables)
                self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
    """
    assert [f.code for f in findings(source.format(ret="np.mean(weighted.numpy())"))] == ["GF013"]
    logged = source.format(ret="tf.reduce_mean(weighted) + 0.0 * float(np.mean(weighted.numpy()))")
    assert [f.code for f in findings(logged)] == []


def test_gf017_a_helper_with_a_gradient_path_is_no_cut() -> None:
    source = """
        import tensorflow as tf

        def error_rate(y, logits):
            return tf.reduce_mean(tf.cast(tf.not_equal(tf.argmax(logits, axis=-1), y), tf.float32))

        def smooth_loss(y, logits, integer):
            if integer:
                return tf.round(tf.nn.relu(logits))
            return tf.nn.relu(logits) - y

        def step(model, optimizer, x, y):
            with tf.GradientTape() as tape:
                logits = model(x)
                loss = {loss}
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
    """
    assert [f.code for f in findings(source.format(loss="error_rate(y, logits)"))] == ["GF017"]
    next_to_ce = "tf.reduce_mean(tf.square(logits)) + error_rate(y, logits)"
    for loss in (next_to_ce, "tf.reduce_mean(smooth_loss(y, logits, True))"):
        assert [f.code for f in findings(source.format(loss=loss))] == [], loss


def test_gf003_a_helper_clipping_by_config_and_returning_the_rest_as_is() -> None:
    source = """
        import tensorflow as tf

        def maybe_clip(grads, cfg):
            if cfg["mode"] == "global":
                clipped, _ = tf.clip_by_global_norm(grads, cfg["value"])
                return clipped
            return {other}

        def step(model, optimizer, cfg, x, y):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(model(x) - y))
            grads = tape.gradient(loss, model.trainable_variables)
            safe_grads = maybe_clip(grads, cfg)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
    """
    assert [f.code for f in findings(source.format(other="grads"))] == ["GF003"]
    assert [f.code for f in findings(source.format(other="[g * 0.5 for g in grads]"))] == []


def test_gf009_gradients_handed_only_to_a_logging_helper_are_not_applied() -> None:
    source = """
        import tensorflow as tf

        class Trainer:
            def __init__(self, model, optimizer):
                self.model = model
                self.optimizer = optimizer

            def _look(self, grads):
                {body}

            def update(self, x, y):
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(self.model(x) - y))
                grads = tape.gradient(loss, self.model.trainable_variables)
                self._look(grads)
                return loss
    """
    logs = 'tf.summary.scalar("grad_norm", tf.linalg.global_norm(grads), step=0)'
    assert [f.code for f in findings(source.format(body=logs))] == ["GF009"]
    for body in ("self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))", "self.last = grads", "return grads"):
        assert [f.code for f in findings(source.format(body=body))] == [], body


def test_gf016_one_update_method_handed_two_models() -> None:
    source = """
        import tensorflow as tf

        class CoTrainer:
            def __init__(self, teacher, student, optimizer):
                self.teacher = teacher
                self.student = student
                self.optimizer = optimizer

            def _update(self, net, loss_fn):
                with tf.GradientTape() as tape:
                    loss = loss_fn(net)
                grads = tape.gradient(loss, net.trainable_variables)
                self.optimizer.apply_gradients(zip(grads, net.trainable_variables))
                return loss

            def step(self, x, y):
                t_loss = self._update(self.teacher, lambda n: tf.reduce_mean(n(x)))
                s_loss = self._update({second}, lambda n: tf.reduce_mean(n(x)))
                return t_loss, s_loss
    """
    assert [f.code for f in findings(source.format(second="self.student"))] == ["GF016"]
    assert [f.code for f in findings(source.format(second="self.teacher"))] == []
    own = source.replace("self.optimizer = optimizer", "self.optimizer = optimizer\n                self.optimizer = tf.keras.optimizers.Adam()")
    assert [f.code for f in findings(own.format(second="self.student"))] == []


def test_gf002_a_method_running_a_trained_model_before_the_tape() -> None:
    source = """
        import tensorflow as tf

        class Agent:
            def __init__(self, q, encoder, optimizer):
                self.q, self.encoder, self.optimizer = q, encoder, optimizer

            def _encode(self, x):
                return self.encoder(x, training=True)

            def target_values(self, next_states):
                return tf.reduce_max(self.q(next_states), axis=1)

            def learn(self, states, actions, rewards, next_states):
                {before}
                with tf.GradientTape() as tape:
                    {inside}
                grads = tape.gradient(loss, {sources})
                self.optimizer.apply_gradients(zip(grads, {sources}))
    """
    encoder = {
        "before": "code = self._encode(states)",
        "inside": "loss = tf.reduce_mean(tf.square(self.q(code)))",
        "sources": "self.encoder.trainable_variables + self.q.trainable_variables",
    }
    assert [f.code for f in findings(source.format(**encoder))] == ["GF002"]
    td_target = {  # the same network run again in the tape: a constant on purpose
        "before": "target = rewards + 0.99 * self.target_values(next_states)",
        "inside": "loss = tf.reduce_mean(tf.square(target - tf.gather(self.q(states), actions, batch_dims=1)))",
        "sources": "self.q.trainable_variables",
    }
    assert [f.code for f in findings(source.format(**td_target))] == []


GRADIENT_FUNCTION_FACTORY = """
    import tensorflow as tf

    def make_grad(kind, epsilon):
        def max_pool_grad(op, grad):
            inp = op.inputs[0]
            if kind == "L2":
                out = tf.nn.avg_pool(inp ** 2, op.get_attr("ksize"), op.get_attr("strides"), "SAME")
                out /= epsilon + tf.nn.avg_pool(tf.abs(inp), op.get_attr("ksize"), op.get_attr("strides"), "SAME")
            else:
                out = tf.nn.avg_pool(inp, op.get_attr("ksize"), op.get_attr("strides"), "SAME")
            return tf.gradients(out, [inp], grad)[0]
        return max_pool_grad

    with tf.GradientTape() as tape:
        pass
"""


def test_gf008_gradient_function_built_from_the_ops_inputs_is_a_library_helper() -> None:
    # (lucid's smoothed max-pool gradient: an augmented assignment adds in more imported
    # operations on the op's inputs and the factory's parameter, no model of the file)
    assert findings(GRADIENT_FUNCTION_FACTORY) == []


def test_gf008_gradient_function_running_a_model_of_the_file_is_still_reported() -> None:
    source = GRADIENT_FUNCTION_FACTORY.replace("out /= epsilon +", "out /= model(inp) +").replace(
        "import tensorflow as tf", "import tensorflow as tf\n    model = tf.keras.Sequential()"
    )
    assert [f.code for f in findings(source)] == ["GF008"]


HAND_SGD_BESIDE_A_COMPILED_MODEL = """
    import tensorflow as tf

    optimizer = tf.keras.optimizers.Adam(1e-3)
    classifier = tf.keras.Sequential([tf.keras.layers.Dense(10)])
    classifier.compile(optimizer=optimizer, loss="mse")
    w = tf.Variable(tf.zeros((3, 1)))

    def probe_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x @ w - y))
        grads = tape.gradient(loss, [w])
        for g, v in zip(grads, [w]):
            v.assign_sub(0.1 * g)
"""


def test_gf007_optimizer_handed_to_compile_is_in_use() -> None:
    assert findings(HAND_SGD_BESIDE_A_COMPILED_MODEL) == []


def test_gf007_optimizer_nobody_uses_is_reported() -> None:
    source = HAND_SGD_BESIDE_A_COMPILED_MODEL.replace('classifier.compile(optimizer=optimizer, loss="mse")', "")
    assert [f.code for f in findings(source)] == ["GF007"]


NORM_HANDED_TO_A_MONITOR = """
    import tensorflow as tf

    class Trainer:
        def __init__(self, model, optimizer, monitor):
            self.model = model
            self.optimizer = optimizer
            self.monitor = monitor

        def train_step(self, x, y):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(self.model(x) - y))
            grads = tape.gradient(loss, self.model.trainable_variables)
            self.monitor.record(tf.linalg.global_norm(grads))
            return loss
"""


def test_gf009_gradients_whose_norm_alone_is_handed_on_are_never_applied() -> None:
    source = NORM_HANDED_TO_A_MONITOR
    assert [f.code for f in findings(source)] == ["GF009"]


def test_gf009_gradients_handed_on_whole_are_read() -> None:
    source = NORM_HANDED_TO_A_MONITOR.replace("self.monitor.record(tf.linalg.global_norm(grads))", "self.monitor.record(grads)")
    assert findings(source) == []


OPTIMIZER_HANDED_TO_A_STEP_HELPER = """
    import tensorflow as tf

    def apply_step(model, optimizer, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))

    def train_batch(model, x, y):
        optimizer = tf.keras.optimizers.Adam(1e-3)
        apply_step(model, optimizer, x, y)

    {driver}
"""


def test_gf012_optimizer_built_per_call_of_a_step_function_is_hoisted_without_crashing() -> None:
    source = OPTIMIZER_HANDED_TO_A_STEP_HELPER.format(driver="for x, y in batches:\n        train_batch(model, x, y)")
    (finding,) = findings(source)
    assert finding.code == "GF012" and "per-step function `train_batch`" in finding.message


def test_gf012_main_stepping_once_then_in_its_own_loop_is_not_per_step() -> None:
    source = OPTIMIZER_HANDED_TO_A_STEP_HELPER.replace(
        "        apply_step(model, optimizer, x, y)\n",
        "        apply_step(model, optimizer, x, y)\n        for _ in range(10):\n            apply_step(model, optimizer, x, y)\n",
    ).format(driver="train_batch(model, x, y)")
    assert findings(source) == []


def test_gf007_optimizer_only_saved_in_a_checkpoint_is_still_unused() -> None:
    source = HAND_SGD_BESIDE_A_COMPILED_MODEL.replace(
        'classifier.compile(optimizer=optimizer, loss="mse")', "checkpoint = tf.train.Checkpoint(model=classifier, optimizer=optimizer)"
    )
    assert [f.code for f in findings(source)] == ["GF007"]


def test_gf009_gradients_whose_norm_alone_is_stored_in_a_dict_are_never_applied() -> None:
    source = NORM_HANDED_TO_A_MONITOR.replace("self.monitor = monitor", "self.metrics = {}").replace("self.monitor.record(tf.linalg.global_norm(grads))", 'self.metrics["grad_norm"] = float(tf.linalg.global_norm(grads))')
    assert [f.code for f in findings(source)] == ["GF009"]


def test_gf016_model_picked_from_a_list_by_the_loop_index_is_another_model_each_time() -> None:
    source = """
        import tensorflow as tf
        models = [tf.keras.Sequential([tf.keras.layers.Dense(1)]) for _ in range(3)]
        optimizer = tf.keras.optimizers.Adam()
        for i in range(3):
            model = models[i]
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(model(tf.ones((1, 2))))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
    """
    assert [f.code for f in findings(source)] == ["GF016"]
    # the same model read off an attribute on every iteration is not
    assert findings(source.replace("model = models[i]", "model = registry.current")) == []
