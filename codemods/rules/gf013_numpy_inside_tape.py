from __future__ import annotations

import ast
from collections.abc import Iterator

from codemods.analysis.dataflow import (
    assigned_names,
    computes_from,
    flatten,
    plain_assignment_names,
    without_calls,
    read_names,
    value_of,
    variable_roots,
)
from codemods.analysis.model import FileModel, GradientCall, Tape
from codemods.analysis.names import dotted_name
from codemods.analysis.walk import walk
from codemods.findings import Applicability, Finding
from codemods.rules.base import Context, Rule

# NumPy functions with an exact TensorFlow twin (same arguments, same result).
TWINS = {
    "numpy.mean": "reduce_mean", "numpy.sum": "reduce_sum", "numpy.max": "reduce_max", "numpy.min": "reduce_min",
    "numpy.square": "square", "numpy.sqrt": "sqrt", "numpy.exp": "exp", "numpy.log": "math.log",
    "numpy.abs": "abs", "numpy.tanh": "tanh", "numpy.maximum": "maximum", "numpy.minimum": "minimum",
    "numpy.matmul": "matmul", "numpy.clip": "clip_by_value",
}


# NumPy functions whose result carries no gradient in TensorFlow either (indices, rounding,
# comparisons, shapes, constants): the tape loses nothing when they leave TensorFlow.
_NOT_DIFFERENTIABLE = frozenset(
    f"numpy.{name}"
    for name in (
        "argmax argmin argsort argwhere nonzero unique round rint floor ceil trunc sign "
        "equal not_equal greater greater_equal less less_equal isnan isinf isfinite isclose allclose "
        "any all count_nonzero searchsorted digitize bincount shape size ndim zeros_like ones_like "
        "full_like empty_like zeros ones full empty arange eye identity"
    ).split()
)


class NumpyInsideTape(Rule):
    """
    ## What it does
    Checks for `.numpy()`, `model.predict(...)`, NumPy functions, and `float()`/`int()` on
    tensors that lie on the path from the differentiated variables to the target inside a
    `tf.GradientTape`.

    Also when the variables still reach the target another way but a whole term of the
    loss reaches them only through NumPy (`loss = data_loss + l2 * np.sum(w ** 2)`, a total
    variation taken with `.numpy()`): that term adds nothing to the gradient. A NumPy factor
    weighting a term computed in TensorFlow (an adaptive loss weight) is a constant on
    purpose and is not flagged, nor is a target built in NumPy next to the same model run
    in TensorFlow (a Q-learning target).

    ## Why is this bad?
    These leave TensorFlow: the result is a NumPy value the tape cannot see through, so the
    gradient is cut and comes back `None` (or, for one term of a sum, silently loses that
    term: a regulariser that does nothing). Keras 3 refuses an update with no gradients:

        ValueError: No gradients provided for any variable.

    ## Example
    ```python
    with tf.GradientTape() as tape:
        pred = model(x)
        loss = np.mean(np.square(pred - y))
    ```

    ## Use instead
    ```python
    with tf.GradientTape() as tape:
        pred = model(x)
        loss = tf.reduce_mean(tf.square(pred - y))
    ```

    ## Fix safety
    Unsafe, and offered only for NumPy functions with an exact TensorFlow twin
    (`np.mean` → `tf.reduce_mean`, `np.square` → `tf.square`, ...): the computation stays in
    TensorFlow, which may differ from NumPy in dtype promotion. `.numpy()`, `predict`,
    `float()` and `int()` are reported without a fix: their replacement depends on intent.
    """

    code = "GF013"
    name = "numpy-inside-tape"
    summary = "NumPy on the differentiated path inside a tape cuts the gradient"
    fix_title = "Use the TensorFlow twin of the NumPy function"
    applicability = Applicability.UNSAFE
    # The last group: a gradient call on a tape (`tape.gradient`/`jacobian`, `minimize(..., tape=)`).
    tokens = ("GradientTape", ("numpy", "predict", "float(", "int("), (".gradient", ".jacobian", ".batch_jacobian", "minimize"))

    def check(self, ctx: Context) -> Iterator[Finding]:
        seen: set[int] = set()
        for scope, tape in ctx.model.tapes():
            for gradient in ctx.model.gradient_calls_on(scope, tape):
                if gradient.sources is None or gradient.target is None:
                    continue
                cuts = list(_cuts(ctx, tape, gradient))
                if not cuts:
                    continue
                dropped: dict[int, ast.expr] = {}
                if not _cut_off(tape, gradient, {id(call) for call, _ in cuts}):
                    # Every variable still reaches the target past them (a Q-learning target
                    # made in NumPy), unless a whole term of a sum reaches them only through
                    # them: a regulariser computed in NumPy adds nothing to the gradient.
                    dropped = _dropped_terms(tape, gradient, [call for call, _ in cuts])
                    cuts = [(call, what) for call, what in cuts if id(call) in dropped]
                for call, what in cuts:
                    if id(call) in seen:
                        continue
                    seen.add(id(call))
                    tape_name = f"`{tape.name or 'the tape'}`"
                    if id(call) in dropped:
                        message = f"{what} inside {tape_name} leaves TensorFlow; the term `{ctx.text(dropped[id(call)])}` of the loss adds nothing to the gradient"
                    else:
                        message = f"{what} inside {tape_name} leaves TensorFlow; the gradient through it is None"
                    yield self.finding(ctx, call, message, [_twin(ctx, call)])


def _cuts(ctx: Context, tape: Tape, gradient: GradientCall) -> Iterator[tuple[ast.Call, str]]:
    roots = variable_roots(gradient.sources, gradient.scope, gradient.call)  # type: ignore[arg-type]
    if not roots:
        return
    body = list(flatten(tape.body))
    needed = read_names(gradient.target)  # type: ignore[arg-type]
    on_path: list[ast.stmt] = []
    for stmt in reversed(body):
        written = assigned_names(stmt)
        if written & needed and isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            on_path.append(stmt)
            needed |= read_names(value_of(stmt))
    imports = ctx.model.imports
    candidates = [node for stmt in reversed(on_path) for node in walk(value_of(stmt)) if isinstance(node, ast.Call) and _may_leave(ctx, node, gradient)]
    if not candidates:
        return  # nothing on the path can leave TensorFlow: no need to trace what computes from the variables
    tainted: set[str] = set()
    for stmt in body:
        names = assigned_names(stmt)
        if names and computes_from(value_of(stmt), roots, tainted):
            tainted |= names
    for node in candidates:
        func = node.func
        arguments = [*node.args, *(k.value for k in node.keywords)]
        name = imports.call_name(node)
        if isinstance(func, ast.Attribute) and func.attr == "numpy" and not arguments:
            if computes_from(func.value, roots, tainted):
                yield node, f"`{ctx.text(node)}`"
        elif isinstance(func, ast.Attribute) and func.attr == "predict" and _keras_predict(ctx, func.value, gradient, node):
            if computes_from(func.value, roots, tainted) or any(computes_from(a, roots, tainted) for a in arguments):
                yield node, f"`{ctx.text(func)}` (it returns NumPy)"
        elif name is not None and name.startswith("numpy.") and name not in _NOT_DIFFERENTIABLE:
            if any(computes_from(a, roots, tainted) for a in arguments):
                yield node, f"`{ctx.text(func)}`"
        elif isinstance(func, ast.Name) and func.id in {"float", "int"} and len(node.args) == 1:
            if computes_from(node.args[0], roots, tainted):
                yield node, f"`{func.id}()` of a tensor"
        elif (resolved := ctx.model.resolve_function(node, gradient.scope)) is not None:
            # A helper defined in the file (or imported from the project) that hands its argument to NumPy.
            parameters = resolved[0].numpy_parameters(resolved[1])
            given = [(p, a) for p, a in zip(parameters, node.args) if p and not isinstance(a, ast.Starred)]
            given += [(k.arg, k.value) for k in node.keywords if k.arg is not None and k.arg in parameters]
            given = [(p, a) for p, a in given if _returned_only_through_numpy(*resolved, p)]
            if any(computes_from(a, roots, tainted) for _, a in given):
                yield node, f"`{ctx.text(func)}` (it hands its argument to NumPy)"


def _may_leave(ctx: Context, call: ast.Call, gradient: GradientCall) -> bool:
    """Could `call` be one of the calls `_cuts` looks at (before asking what it computes from)?"""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in {"numpy", "predict"}:
        return True
    if isinstance(func, ast.Name) and func.id in {"float", "int"}:
        return True
    name = ctx.model.imports.call_name(call)
    if name is not None and name.startswith("numpy."):
        return True
    return ctx.model.resolve_function(call, gradient.scope) is not None


def _cut_off(tape: Tape, gradient: GradientCall, cuts: set[int]) -> bool:
    """Is some variable connected to the target only through the `cuts` (calls leaving
    TensorFlow)? Not when the target also reaches it by a path the tape records: a DQN
    target built from `q(s).numpy()` next to `q(s)` recomputed in TensorFlow. Each part of
    a model the tape runs (`model.encoder`, `model.head`) is asked about on its own: a cut
    between two parts leaves the first without gradients."""
    body = list(flatten(tape.body))
    roots = variable_roots(gradient.sources, gradient.scope, gradient.call)  # type: ignore[arg-type]
    target = gradient.target
    assert target is not None
    parts = {name for root in roots for name in _parts_called(body, root)}
    candidates = set(roots) | {part for part in parts if _feeds_another_part(body, part, parts, cuts)}
    return any(_reaches(body, target, part, cuts, through_cuts=True) and not _reaches(body, target, part, cuts, through_cuts=False) for part in candidates)


def _dropped_terms(tape: Tape, gradient: GradientCall, calls: list[ast.Call]) -> dict[int, ast.expr]:
    """For each call leaving TensorFlow that is the only way some term of the target's sum
    (`total_loss + variation_loss`, `loss = ce + l2 * reg`) computes from the variables:
    that term, by the call's id."""
    body = list(flatten(tape.body))
    target = gradient.target
    assert target is not None
    terms = _additive_terms(body, target)
    if len(terms) < 2:
        return {}
    roots = variable_roots(gradient.sources, gradient.scope, gradient.call)  # type: ignore[arg-type]
    found: dict[int, ast.expr] = {}
    for term in terms:
        for root in roots:
            if not _reaches(body, term, root, set(), through_cuts=True) or _reaches(body, term, root, {id(c) for c in calls}, through_cuts=False):
                continue  # the term does not compute from it, or does past the calls too
            for call in calls:
                if not _reaches(body, term, root, {id(call)}, through_cuts=False):
                    found.setdefault(id(call), term)
    return found


def _additive_terms(body: list[ast.stmt], expr: ast.expr, depth: int = 0) -> list[ast.expr]:
    """`a + b - c` as [a, b, c], followed through a name the tape binds once to such a sum."""
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Sub)):
        return _additive_terms(body, expr.left, depth) + _additive_terms(body, expr.right, depth)
    if isinstance(expr, ast.Name) and depth < 3:
        bindings = [stmt for stmt in body if expr.id in assigned_names(stmt)]
        if len(bindings) == 1 and isinstance(bindings[0], ast.Assign) and plain_assignment_names(bindings[0]) == [expr.id]:
            value = bindings[0].value
            if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Sub)):
                return _additive_terms(body, value, depth + 1)
    return [expr]


def _feeds_another_part(body: list[ast.stmt], part: str, parts: set[str], cuts: set[int]) -> bool:
    """Does what `part` computes reach another part's input (`model.head` of NumPy-joined
    `model.encoder` features)? A part whose result only ends up in the target (a DQN's
    target network, its values taken into NumPy) is meant to be constant."""
    tainted: set[str] = set()
    for stmt in body:
        value = value_of(stmt)
        for call in walk(value):
            if isinstance(call, ast.Call) and dotted_name(call.func) in parts - {part}:
                if any(_reads(argument, {part}, tainted) for argument in [*call.args, *(k.value for k in call.keywords)]):
                    return True
        names = assigned_names(stmt)
        if names and (computes_from(value, {part}, tainted) or any(id(n) in cuts and _reads(n, {part}, tainted) for n in walk(value))):
            tainted |= names
    return False


def _parts_called(body: list[ast.stmt], root: str) -> set[str]:
    """The parts of `root` the statements call (`model.encoder` of `model.encoder(x)`)."""
    found = set()
    for stmt in body:
        for call in walk(value_of(stmt)):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
                name = dotted_name(call.func)
                if name is not None and name.startswith(root + "."):
                    found.add(name)
    return found


def _reaches(body: list[ast.stmt], target: ast.expr, root: str, cuts: set[int], *, through_cuts: bool) -> bool:
    """Does `target` compute from `root` in `body`, with the `cuts` passing values through
    (as the author meant) or cutting them (as the tape sees)? A name rebound to a value that
    does not compute from the root (`loss = np.mean(loss)`, cut) no longer carries it, and
    neither does a root name rebound so."""
    tainted: set[str] = set()
    roots = {root}

    def flows(node: ast.AST) -> bool:
        if not through_cuts:
            return computes_from(without_calls(node, cuts), roots, tainted)
        return computes_from(node, roots, tainted) or any(id(n) in cuts and _reads(n, roots, tainted) for n in walk(node))

    for stmt in body:
        names = assigned_names(stmt)
        if not names:
            continue
        if flows(value_of(stmt)):
            tainted |= names
        elif (plain := plain_assignment_names(stmt)) is not None:
            tainted -= set(plain)
            if root in plain:
                roots = set()  # the parameter now holds something else
    return flows(target)


def _returned_only_through_numpy(model: FileModel, function: ast.FunctionDef | ast.AsyncFunctionDef, parameter: str) -> bool:
    """Does `parameter` reach what the helper returns only through NumPy? Not when it also
    reaches it through TensorFlow (`scce(y, y_pred) + c * np.mean(entropy(y_pred))`: the
    loss still has a gradient), nor when the NumPy result is not returned at all."""
    cuts = {id(n) for n in walk(function) if isinstance(n, ast.Call) and _leaves_tensorflow(model, n)}
    body = list(flatten(function.body))
    returned = [n.value for n in walk(function) if isinstance(n, ast.Return) and n.value is not None]
    through = any(_reaches(body, value, parameter, cuts, through_cuts=True) for value in returned)
    return through and not any(_reaches(body, value, parameter, cuts, through_cuts=False) for value in returned)


def _leaves_tensorflow(model: FileModel, call: ast.Call) -> bool:
    if isinstance(call.func, ast.Attribute) and call.func.attr == "numpy" and not call.args and not call.keywords:
        return True
    name = model.imports.call_name(call)
    return name is not None and name.startswith("numpy.") and name not in _NOT_DIFFERENTIABLE


def _reads(call: ast.AST, roots: set[str], tainted: set[str]) -> bool:
    for node in walk(call):
        if isinstance(node, ast.Name) and node.id in tainted:
            return True
        if isinstance(node, (ast.Name, ast.Attribute)):
            name = dotted_name(node)
            if name is not None and any(name == root or name.startswith(root + ".") for root in roots):
                return True
    return False


def _keras_predict(ctx: Context, receiver: ast.expr, gradient: GradientCall, call: ast.Call) -> bool:
    """Is `receiver.predict` Keras's NumPy-returning `Model.predict`? Other libraries'
    models (and unknown objects) have `predict` methods returning tensors."""
    return ctx.model.is_keras_model(receiver, gradient.scope, call) and not _user_predict(ctx, receiver, gradient)


def _user_predict(ctx: Context, receiver: ast.expr, gradient: GradientCall) -> bool:
    """Is `receiver.predict` a method of a class defined in this file (not Keras's
    NumPy-returning `Model.predict`)?"""
    model, scope = ctx.model, gradient.scope
    value: ast.expr | None = None
    if isinstance(receiver, ast.Name) and receiver.id == "self" and scope.class_info is not None:
        return _defines(scope.class_info.node, "predict")
    if isinstance(receiver, ast.Name):
        binding = scope.lookup(receiver.id, gradient.call)
        value = binding.value if binding is not None and binding.unpack_index is None else None
    elif isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id == "self":
        bindings = scope.class_info.self_bindings.get(receiver.attr, []) if scope.class_info is not None else []
        values = [b.value for b in bindings if b.value is not None]
        value = values[-1] if values else None
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in model.classes:
        return _defines(model.classes[value.func.id].node, "predict")
    return False


def _defines(node: ast.ClassDef, method: str) -> bool:
    return any(isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == method for item in node.body)


def _twin(ctx: Context, call: ast.Call):
    name = ctx.model.imports.call_name(call)
    tf = ctx.model.imports.alias_of("tensorflow")
    if name not in TWINS or tf is None:
        return None
    if name == "numpy.clip" and (call.keywords or len(call.args) != 3):
        return None  # `a_min=`/`a_max=` have other names in tf.clip_by_value
    return ctx.replace(call.func, f"{tf}.{TWINS[name]}")
