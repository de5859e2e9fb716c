from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from codemods.analysis.dataflow import target_computation
from codemods.analysis.model import FileModel, GradientCall, Scope
from codemods.analysis.names import last_name
from codemods.analysis.walk import walk
from codemods.findings import Applicability, Edit, Finding
from codemods.rewrite import wrap_in_tape
from codemods.rules.base import Context, Rule


class MinimizeWithoutCallable(Rule):
    """
    ## What it does
    Checks for `optimizer.minimize(loss, var_list)` with a loss tensor that was already
    computed, and no `tape=`.

    ## Why is this bad?
    Keras 3 optimizers have no `minimize` at all:

        AttributeError: 'SGD' object has no attribute 'minimize'

    tf.keras 2 demanded a callable loss (or a tape) so it could record the computation: a
    finished tensor carries no record of how it was computed from the variables, and
    raised `ValueError: `tape` is required when a `Tensor` loss is passed.`

    ## Example
    ```python
    loss = tf.reduce_mean(tf.square(model(x) - y))
    optimizer.minimize(loss, model.trainable_variables)
    ```

    ## Use instead
    ```python
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Fix safety
    Unsafe: the statements computing the loss from the variables are recorded under a new
    `tf.GradientTape`, and `minimize` becomes `tape.gradient` plus `apply_gradients`.
    A callable loss (`lambda: ...`, a function) or an explicit `tape=` is not flagged.
    """

    code = "GF015"
    name = "minimize-without-callable"
    summary = "optimizer.minimize is given a loss tensor instead of a callable or a tape"
    fix_title = "Compute the loss on a GradientTape and apply its gradients"
    applicability = Applicability.UNSAFE
    tokens = ("minimize(",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        for gradient in model.gradient_calls():
            if gradient.method != "minimize" or any(k.arg == "tape" for k in gradient.call.keywords):
                continue
            receiver = gradient.call.func.value  # type: ignore[attr-defined]
            optimizer = model.optimizer_of(receiver, gradient.scope, gradient.call)
            if optimizer is None or optimizer.kind == "user" or _is_callable(model, gradient):
                continue
            if model.graph_code(gradient.scope, gradient.ref):
                continue  # TF1 and graph code: `minimize(loss_tensor)` builds a train op
            message = f"`{ctx.text(receiver)}.minimize` is given the loss tensor `{ctx.text(gradient.target)}`, not a callable"  # type: ignore[arg-type]
            yield self.finding(ctx, gradient.call, message, _tape_and_apply(ctx, gradient))


# Names real code gives loss functions and closures (`loss_fn`, `training_loss_closure`),
# and factories that return them (`create_loss(...)`, `make_closure(...)`).
_CALLABLE_NAME = re.compile(r"(_fn|_func|closure|callable)$|^(fn|func|closure)$", re.IGNORECASE)
_FACTORY_NAME = re.compile(r"^(make|create|build|get)_|closure|partial$", re.IGNORECASE)


def _is_callable(model: FileModel, gradient: GradientCall) -> bool:
    """Might the loss handed to `minimize` be a callable? Only a value evidently computed
    as a tensor (arithmetic, a TensorFlow op, a loss or model called on data) is not."""
    loss, scope = gradient.target, gradient.scope
    if isinstance(loss, (ast.Lambda, ast.Attribute)):
        return True  # `model.training_loss` is a bound method, or unknown
    if isinstance(loss, ast.Call):
        return _returns_callable(model, loss, scope)
    if isinstance(loss, ast.Name):
        binding = scope.lookup(loss.id, gradient.call)
        if binding is None or binding.kind in {"def", "param", "import"}:
            return True  # unknown, or a function
        value = binding.value
        if binding.ref is not None and isinstance(binding.ref.stmt, ast.AugAssign) and binding.ref.stmt.target is binding.node:
            return False  # `loss += l2 * penalty`: arithmetic, a tensor
        if isinstance(value, (ast.BinOp, ast.UnaryOp)) or (isinstance(value, ast.Call) and (model.imports.call_name(value) or "").startswith("tensorflow.") and model.imports.call_name(value) != "tensorflow.function"):
            return False  # arithmetic or a TensorFlow op: a tensor, whatever its name
        if _CALLABLE_NAME.search(loss.id):
            return True  # named like a function
        if isinstance(value, ast.Call) and binding.unpack_index is None:
            return _returns_callable(model, value, scope)
        return value is None or isinstance(value, (ast.Lambda, ast.Name, ast.Attribute))
    return False


def _returns_callable(model: FileModel, call: ast.Call, scope: Scope) -> bool:
    """`create_loss(model, data)`, `functools.partial(...)`, or a helper in the file that
    returns a function or lambda."""
    func = call.func
    name = last_name(func) or ""
    if _FACTORY_NAME.search(name):
        return True
    function = model.callee(call, scope)
    if function is None:
        return False
    callee, returns = model.function_summary(function)
    nested = {item.name for item in walk(function) if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item is not function}
    return any(isinstance(r.value, ast.Lambda) or (isinstance(r.value, ast.Name) and r.value.id in nested) for r in returns)


def _tape_and_apply(ctx: Context, gradient: GradientCall) -> list[Edit | None]:
    tf = ctx.model.imports.alias_of("tensorflow")
    statement = gradient.ref.stmt
    indent = ctx.indentation(statement)
    if tf is None or indent is None or not (isinstance(statement, ast.Expr) and statement.value is gradient.call):
        return [None]
    if any(keyword.arg not in {"loss", "var_list"} for keyword in gradient.call.keywords):
        return [None]  # grad_loss=, name=: no tape equivalent
    span = target_computation(gradient.scope, gradient.target, gradient.sources, gradient.ref, gradient.call)  # type: ignore[arg-type]
    if span is None:
        return [None]
    tape = ctx.fresh_name("tape", gradient.scope.node)
    grads = ctx.fresh_name("grads", gradient.scope.node)
    loss, variables = ctx.text(gradient.target), ctx.text(gradient.sources)  # type: ignore[arg-type]
    receiver = ctx.text(gradient.call.func.value)  # type: ignore[attr-defined]
    replacement = (
        f"{grads} = {tape}.gradient({loss}, {variables})\n"
        f"{indent}{receiver}.apply_gradients(zip({grads}, {variables}))"
    )
    return [
        wrap_in_tape(ctx.source, gradient.ref.block, span[0], span[1], f"{tf}.GradientTape", tape, ctx.indent_unit(ctx.indentation(gradient.ref.block[span[0]]) or "")),
        ctx.replace(statement, replacement),
    ]
