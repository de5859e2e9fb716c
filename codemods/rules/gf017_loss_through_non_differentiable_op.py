from __future__ import annotations

import ast
import copy
from collections.abc import Iterator

from codemods.analysis.dataflow import assigned_names, computes_from, flatten, value_of, variable_roots
from codemods.analysis.model import FileModel, GradientCall, Scope, Tape
from codemods.analysis.walk import nodes_under
from codemods.findings import Applicability, Edit, Finding
from codemods.rules.base import Context, Rule


class LossThroughNonDifferentiableOp(Rule):
    """
    ## What it does
    Checks for a gradient whose target (the loss) depends on the differentiated variables
    only through operations that have no gradient: `tf.argmax`/`argmin`, `tf.round`,
    `tf.floor`, `tf.math.ceil`, `tf.math.rint`, `tf.argsort`, a cast to an integer or boolean
    dtype, a comparison (`pred > 0.5`, `tf.equal`), or `tf.sign` (whose gradient is zero).
    Typically an accuracy, or rounded predictions, used as the loss.

    ## Why is this bad?
    The tape records no gradient through these operations: every gradient of the loss with
    respect to the variables is None (zero through `tf.sign`), and nothing trains. An
    optimizer handed only None gradients refuses them:

        ValueError: No gradients provided for any variable.

    ## Example
    ```python
    with tf.GradientTape() as tape:
        predicted = tf.argmax(model(x), axis=1)
        loss = tf.reduce_mean(tf.cast(predicted != y, tf.float32))
    grads = tape.gradient(loss, model.trainable_variables)
    ```

    ## Use instead
    ```python
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))
    grads = tape.gradient(loss, model.trainable_variables)
    ```

    Or, for rounding kept on purpose (quantized values, whole counts), a straight-through
    estimator: the rounded values forward, the gradient of the unrounded ones backward.
    ```python
    counts = raw + tf.stop_gradient(tf.round(raw) - raw)
    ```

    ## Fix safety
    Unsafe, and offered only for `round`, `floor`, `ceil`, `rint` and `sign` of an operand
    without calls (it is written three times): `x` becomes
    `x + tf.stop_gradient(tf.round(x) - x)`, the same values forward with the gradient of `x`
    passed straight through, which trains, but is an estimator the author must want.
    `argmax`, casts and comparisons are reported without a fix: the loss has to become a
    differentiable surrogate (a cross-entropy on the logits instead of an accuracy), and
    which one is the author's choice. Not flagged: a loss that also reaches the variables
    another way (a mask or an index computed with `argmax` next to a differentiable term),
    and `tf.stop_gradient`, which cuts the gradient on purpose.
    """

    code = "GF017"
    name = "loss-through-non-differentiable-op"
    summary = "The loss reaches the variables only through operations with no gradient"
    fix_title = "Pass the gradient straight through the rounding"
    applicability = Applicability.UNSAFE
    tokens = (
        "GradientTape",
        (".gradient", ".jacobian"),
        ("argm", "round", "floor", "ceil", "rint", "argsort", "sign", "cast", "equal", "greater", "less", ">", "<"),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        reported: set[int] = set()
        for scope, tape in model.tapes():
            cuts = [node for node in nodes_under(tape.with_stmt, _CUT_CANDIDATES) if _cut(model, node) is not None]
            if not cuts:
                continue
            for gradient in model.gradient_calls_on(scope, tape):
                culprit = _only_path_cut(model, scope, tape, gradient, cuts)
                if culprit is None or id(culprit) in reported:
                    continue
                reported.add(id(culprit))
                target = ctx.text(gradient.target) if isinstance(gradient.target, ast.Name) else "the loss"
                kind = _cut(model, culprit)
                what = "has a zero gradient" if kind == "zero" else "has no gradient"
                result = "zero" if kind == "zero" else "None"
                message = f"`{_describe(ctx, culprit)}` {what}; `{target}` reaches the variables only through it, so their gradients are {result}"
                yield self.finding(ctx, culprit, message, [_straight_through(ctx, culprit, tape.with_stmt)])


def _only_path_cut(model: FileModel, scope: Scope, tape: Tape, gradient: GradientCall, cuts: list[ast.AST]) -> ast.AST | None:
    """The first operation of `cuts` that the gradient's target depends on the variables
    through, when without those operations the target would not depend on them at all."""
    if gradient.sources is None or gradient.target is None or gradient.method == "minimize":
        return None
    roots = variable_roots(gradient.sources, scope, gradient.call)
    if not roots:
        return None
    body = list(flatten(tape.body))
    through = _tainted(model, body, roots, cut=False)
    if not computes_from(gradient.target, roots, through):
        return None  # the target is not computed from the variables in the tape at all
    if computes_from(_without_cuts(model, gradient.target), roots, _tainted(model, body, roots, cut=True)):
        return None  # another, differentiable path reaches the variables
    for node in cuts:
        operands = [*node.args, *(k.value for k in node.keywords)] if isinstance(node, ast.Call) else [node.left, *node.comparators]  # type: ignore[attr-defined]
        if any(computes_from(operand, roots, through) for operand in operands):
            return node
    return None


def _tainted(model: FileModel, body: list[ast.stmt], roots: set[str], cut: bool) -> set[str]:
    """Names the tape's statements bind to values computed from the variables (with `cut`:
    not counting what only reaches them through an operation with no gradient)."""
    tainted: set[str] = set()
    for stmt in body:
        names = assigned_names(stmt)
        if not names:
            continue
        value = value_of(stmt)
        if computes_from(_without_cuts(model, value) if cut else value, roots, tainted):
            tainted |= names
    return tainted


class _CutRemover(ast.NodeTransformer):
    def __init__(self, model: FileModel) -> None:
        self.model = model

    def visit_Call(self, node: ast.Call) -> ast.AST:
        return ast.Constant(None) if _cut(self.model, node) is not None else self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        return ast.Constant(None)


def _without_cuts(model: FileModel, node: ast.AST) -> ast.AST:
    """`node` with every operation that has no gradient replaced by a constant (a copy)."""
    if not any(_cut(model, n) is not None for n in nodes_under(node, _CUT_CANDIDATES)):
        return node
    return _CutRemover(model).visit(copy.deepcopy(node))


_CUT_CANDIDATES = frozenset({ast.Call, ast.Compare})
_NO_GRADIENT = frozenset(
    f"{module}.{function}"
    for module in ("tensorflow", "tensorflow.math", "keras.ops")
    for function in (
        "argmax", "argmin", "round", "floor", "ceil", "rint", "argsort",
        "equal", "not_equal", "greater", "greater_equal", "less", "less_equal",
    )
)
_ZERO_GRADIENT = frozenset({"tensorflow.sign", "tensorflow.math.sign", "keras.ops.sign"})
_CASTS = frozenset({"tensorflow.cast", "tensorflow.dtypes.cast", "keras.ops.cast"})
_DISCRETE_DTYPES = frozenset(
    {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
)


def _cut(model: FileModel, node: ast.AST) -> str | None:
    """"none" for an operation with no gradient, "zero" for one whose gradient is zero."""
    if isinstance(node, ast.Compare):
        return "none"
    if not isinstance(node, ast.Call):
        return None
    name = model.imports.call_name(node)
    if name is None:
        return None
    if name in _NO_GRADIENT:
        return "none"
    if name in _ZERO_GRADIENT:
        return "zero"
    if name in _CASTS:
        dtype = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "dtype"), None)
        if isinstance(dtype, ast.Constant) and dtype.value in _DISCRETE_DTYPES:
            return "none"
        qualified = model.imports.qualify(dtype) if dtype is not None else None
        if qualified is not None and qualified.rsplit(".", 1)[-1] in _DISCRETE_DTYPES:
            return "none"
    return None


def _straight_through(ctx: Context, node: ast.AST, within: ast.stmt) -> Edit | None:
    """`tf.round(x)` becomes `x + tf.stop_gradient(tf.round(x) - x)`: the same values forward,
    the gradient of `x` backward (a straight-through estimator). Only for rounding and sign
    of an operand that is cheap and pure to evaluate three times (no call)."""
    if not isinstance(node, ast.Call) or len(node.args) != 1 or node.keywords:
        return None
    name = ctx.model.imports.call_name(node) or ""
    if name.rsplit(".", 1)[-1] not in _STRAIGHT_THROUGH:
        return None
    operand = node.args[0]
    if nodes_under(operand, _IMPURE):
        return None
    if name.startswith("keras.ops."):
        stop = ctx.text(node.func).rsplit(".", 1)[0] + ".stop_gradient" if isinstance(node.func, ast.Attribute) else None
    else:
        alias = ctx.model.imports.alias_of("tensorflow")
        stop = f"{alias}.stop_gradient" if alias else None
    if stop is None:
        return None
    x = ctx.text(operand)
    if not isinstance(operand, (ast.Name, ast.Attribute, ast.Subscript, ast.Constant)):
        x = f"({x})"
    replacement = f"{x} + {stop}({ctx.text(node)} - {x})"
    if not _stands_alone(node, within):
        replacement = f"({replacement})"  # `tf.round(s) / 4` must stay a quotient of the sum
    return ctx.replace(node, replacement)


def _stands_alone(node: ast.AST, within: ast.stmt) -> bool:
    """Is `node` a whole value (an assignment's, a return's, an argument, an element), so a
    sum put in its place needs no parentheses?"""
    for parent in nodes_under(within, _HOLDERS):
        if isinstance(parent, (ast.Assign, ast.AnnAssign, ast.Return, ast.Expr)) and parent.value is node:  # type: ignore[attr-defined]
            return True
        if isinstance(parent, ast.Call) and (any(a is node for a in parent.args) or any(k.value is node for k in parent.keywords)):
            return True
        if isinstance(parent, (ast.List, ast.Tuple)) and any(e is node for e in parent.elts):
            return True
    return False


_HOLDERS = frozenset({ast.Assign, ast.AnnAssign, ast.Return, ast.Expr, ast.Call, ast.List, ast.Tuple})


_STRAIGHT_THROUGH = frozenset({"round", "floor", "ceil", "rint", "sign"})
_IMPURE = frozenset({ast.Call, ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom, ast.Lambda})


def _describe(ctx: Context, node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        return ctx.text(node.func) + "(...)"
    text = ctx.text(node)
    return text if len(text) <= 40 else text[:37] + "..."
