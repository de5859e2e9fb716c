from __future__ import annotations

import ast
from collections.abc import Iterator

from codemods.analysis.dataflow import assigned_names, computes_from, flatten, read_names, value_of, variable_roots
from codemods.analysis.model import FileModel, GradientCall, Scope, Tape, arguments_by_parameter
from codemods.analysis.names import dotted_name
from codemods.analysis.walk import nodes_under
from codemods.findings import Applicability, Edit, Finding
from codemods.rules.base import Context, Rule


class LossThroughNonDifferentiableOp(Rule):
    """
    ## What it does
    Checks for a gradient whose target (the loss) depends on the differentiated variables
    only through operations that have no gradient: `tf.argmax`/`argmin`, `tf.round`,
    `tf.floor`, `tf.math.ceil`, `tf.math.rint`, `tf.argsort`, a cast to an integer or boolean
    dtype, a comparison (`pred > 0.5`, `tf.equal`), `tf.sign` (whose gradient is zero), or
    `tf.stop_gradient`; also through a function of the file whose result depends on the
    arguments the tape computes only through such operations (an `error_rate(y, logits)`
    method, or a `loss(y, logits)` rounding the probabilities; the labels it is also handed
    are data), or a method running the object's own model only under such operations (a
    distiller's loss stopping the student's gradient). Typically an accuracy, or rounded
    predictions, used as the loss.

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
    counts = tf.round(raw) + (raw - tf.stop_gradient(raw))
    ```

    ## Fix safety
    Unsafe, and offered only for `round`, `floor`, `ceil`, `rint` and `sign` of an operand
    without calls (it is written three times), when it alone blocks the gradient:
    `tf.round(x)` becomes `tf.round(x) + (x - tf.stop_gradient(x))`, exactly the same values
    forward with the gradient of `x` passed straight through, which trains, but is an
    estimator the author must want.
    `argmax`, casts and comparisons are reported without a fix: the loss has to become a
    differentiable surrogate (a cross-entropy on the logits instead of an accuracy), and
    which one is the author's choice. Not flagged: a loss that also reaches the variables
    another way (a mask or an index computed with `argmax` next to a differentiable term).
    `tf.stop_gradient` cuts the gradient on purpose (a target network, a TD target): it is
    flagged, with no fix, only when the loss reaches the variables through it alone and the
    gradients are applied (`fake = tf.stop_gradient(generator(z))` copied into the
    generator's own step); a gradient only printed, as tutorials show it, is not.
    """

    code = "GF017"
    name = "loss-through-non-differentiable-op"
    summary = "The loss reaches the variables only through operations with no gradient"
    fix_title = "Pass the gradient straight through the rounding"
    applicability = Applicability.UNSAFE
    tokens = (
        "GradientTape",
        (".gradient", ".jacobian"),
        ("argm", "round", "floor", "ceil", "rint", "argsort", "sign", "cast", "equal", "greater", "less", ">", "<", "stop_gradient"),
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        reported: set[int] = set()
        for scope, tape in model.tapes():
            recorded = {name for stmt in flatten(tape.body) for name in assigned_names(stmt)}
            cuts = [node for node in nodes_under(tape.with_stmt, _CUT_CANDIDATES) if _cut(model, node) is not None or _cutting_helper(model, node, scope, recorded)]
            stops = [node for node in nodes_under(tape.with_stmt, _CALLS) if model.imports.call_name(node) in _STOP_GRADIENT]
            if not cuts and not stops:
                continue
            for gradient in model.gradient_calls_on(scope, tape):
                stop = _blocking_stop(model, scope, tape, gradient, cuts) if stops else None
                if stop is not None:
                    if id(stop) not in reported:
                        reported.add(id(stop))
                        target = ctx.text(gradient.target) if isinstance(gradient.target, ast.Name) else "the loss"
                        message = f"`{_describe(ctx, stop)}` stops the gradient; `{target}` reaches the variables only through it, so their gradients are None"
                        yield self.finding(ctx, stop, message, [None])
                    continue
                found = _blocking_cut(model, scope, tape, gradient, cuts) if cuts else None
                if found is None or id(found[0]) in reported:
                    continue
                culprit, alone = found
                reported.add(id(culprit))
                target = ctx.text(gradient.target) if isinstance(gradient.target, ast.Name) else "the loss"
                kind = _cut(model, culprit)
                what = "has a zero gradient" if kind == "zero" else "has no gradient"
                result = "zero" if kind == "zero" else "None"
                message = f"`{_describe(ctx, culprit)}` {what}; `{target}` reaches the variables only through it, so their gradients are {result}"
                yield self.finding(ctx, culprit, message, [_straight_through(ctx, culprit, tape.with_stmt) if alone else None])


class _Flow:
    """How the values a tape's block computes depend on the differentiated variables, with
    some operations taken out (as if they had no gradient)."""

    def __init__(self, model: FileModel, scope: Scope, tape: Tape, gradient: GradientCall, roots: set[str], cuts: list[ast.AST]) -> None:
        self.model, self.roots, self.cuts = model, roots, cuts
        self.body = list(flatten(tape.body))
        self.target: ast.expr = gradient.target  # type: ignore[assignment]
        self.forward = model.forward_attributes(scope.class_info) if scope.class_info is not None and "self" in roots else frozenset()
        # `tf.stop_gradient(...)` cuts on purpose: no path through it counts, and no operation under it is to blame.
        stops = [n for n in nodes_under(tape.with_stmt, _CALLS) if model.imports.call_name(n) in _STOP_GRADIENT]
        self.stop_calls = stops
        self.stopped = {id(n) for n in stops}
        self.under_stop = {id(inner) for n in stops for inner in nodes_under(n, _CUT_CANDIDATES)}
        # Methods among the cuts that run the differentiated models themselves
        # (`self.distill_loss(x)` calling `self.student`): while they count, they read them.
        self.running = {id(c) for c in cuts if isinstance(c, ast.Call) and _runs_roots(model, scope, c, roots)}

    def connected(self, keep: ast.AST | None = None, cut: bool = True, stop: bool = True) -> bool:
        """Does the target depend on the variables, each of `cuts` taken out but `keep`
        (none of them without `cut`), and the `tf.stop_gradient` calls (not without `stop`)?"""
        removed = set(self.stopped) if stop else set()
        if cut:
            removed |= {id(c) for c in self.cuts if c is not keep}
        tainted: set[str] = set()
        for stmt in self.body:
            names, value = _binding_of(stmt)
            if names and self._reads_variables(_without(value, removed), tainted):
                tainted |= names
        return self._reads_variables(_without(self.target, removed), tainted)

    def _reads_variables(self, node: ast.AST, tainted: set[str]) -> bool:
        if self.running and any(id(n) in self.running for n in nodes_under(node, _CALLS)):
            return True
        return computes_from(node, self.roots, tainted, self.forward)

    def stops_on_path(self) -> list[ast.AST]:
        """The `tf.stop_gradient` calls in the target or in the statements it is computed
        from, in source order."""
        inside = {id(n) for holder in self._holders() for n in nodes_under(holder, _CALLS)}
        return sorted((n for n in self.stop_calls if id(n) in inside), key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]

    def _holders(self) -> list[ast.AST]:
        """The target and the values of the statements it is computed from."""
        needed = read_names(self.target)
        holders: list[ast.AST] = [self.target]
        for stmt in reversed(self.body):
            names, value = _binding_of(stmt)
            if names & needed:
                holders.append(value)
                needed |= read_names(value)
        return holders

    def on_path(self) -> list[ast.AST]:
        """The cuts (not under `stop_gradient`) in the target or in the statements it is
        computed from, in source order."""
        inside = {id(n) for holder in self._holders() for n in nodes_under(holder, _CUT_CANDIDATES)}
        return [c for c in self.cuts if id(c) in inside and id(c) not in self.under_stop]


def _runs_roots(model: FileModel, scope: Scope, call: ast.Call, roots: set[str]) -> bool:
    """Is `call` a method of the object (`self.loss_of(x)`) that calls one of `roots`?"""
    if not (isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) and call.func.value.id == "self"):
        return False
    function = model.callee(call, scope)
    if function is None:
        return False
    called = {dotted_name(c.func) for c in nodes_under(function, _CALLS)}
    return any(name is not None and any(name == root or name.startswith(root + ".") for root in roots) for name in called)


def _blocking_cut(model: FileModel, scope: Scope, tape: Tape, gradient: GradientCall, cuts: list[ast.AST]) -> tuple[ast.AST, bool] | None:
    """The operation to blame when the gradient's target depends on the variables only
    through operations with no gradient, and whether it alone blocks (giving it a gradient
    would connect the target); None when the target is connected, or not computed in the
    tape from the variables at all."""
    if gradient.sources is None or gradient.target is None or gradient.method == "minimize":
        return None
    roots = variable_roots(gradient.sources, scope, gradient.call)
    if not roots:
        return None
    flow = _Flow(model, scope, tape, gradient, roots, cuts)
    if not flow.connected(cut=False):
        return None  # the target is not computed from the variables in the tape at all
    if flow.connected():
        return None  # another, differentiable path reaches the variables
    candidates = flow.on_path()
    for candidate in candidates:
        if flow.connected(keep=candidate):
            return candidate, True
    return (candidates[0], False) if candidates else None


def _blocking_stop(model: FileModel, scope: Scope, tape: Tape, gradient: GradientCall, cuts: list[ast.AST]) -> ast.AST | None:
    """The `tf.stop_gradient(...)` on the target's path when the target depends on the
    variables only through such calls (`fake = tf.stop_gradient(generator(z))` in the
    generator's own step): None when another path reaches them, or none at all."""
    if gradient.sources is None or gradient.target is None or gradient.method == "minimize":
        return None
    if model.applied_to(gradient) is None:
        return None  # looked at, not applied: showing what `stop_gradient` does, as tutorials do
    roots = variable_roots(gradient.sources, scope, gradient.call)
    if not roots:
        return None
    flow = _Flow(model, scope, tape, gradient, roots, cuts)
    if flow.connected(cut=False) or not flow.connected(cut=False, stop=False):
        return None
    return next(iter(flow.stops_on_path()), None)


def _binding_of(stmt: ast.stmt) -> tuple[set[str], ast.AST]:
    """The names `stmt` binds and the value it binds them to; `losses.append(x)` (and
    `extend`, `insert`) counts as binding `losses` to `x`."""
    names = assigned_names(stmt)
    if names:
        return names, value_of(stmt)
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in _ACCUMULATE and isinstance(call.func.value, ast.Name):
        return {call.func.value.id}, ast.Tuple([*call.args, *(k.value for k in call.keywords)], ast.Load())
    return set(), stmt


_ACCUMULATE = frozenset({"append", "extend", "insert", "add"})


def _without(node: ast.AST, removed: set[int]) -> ast.AST:
    """`node` with each node whose id is in `removed` replaced by a constant (copied where
    changed; the original is left as it is)."""
    if id(node) in removed:
        return ast.Constant(None)
    if not removed or not any(id(n) in removed for n in nodes_under(node, _CUT_CANDIDATES)):
        return node
    copy = node.__class__()
    for name, value in ast.iter_fields(node):
        if isinstance(value, list):
            value = [_without(item, removed) if isinstance(item, ast.AST) else item for item in value]
        elif isinstance(value, ast.AST):
            value = _without(value, removed)
        setattr(copy, name, value)
    for name in node._attributes:
        setattr(copy, name, getattr(node, name, None))
    return copy


_CALLS = frozenset({ast.Call})
_STOP_GRADIENT = frozenset({"tensorflow.stop_gradient", "keras.ops.stop_gradient"})
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


def _cutting_helper(model: FileModel, call: ast.AST, scope: Scope, recorded: set[str]) -> bool:
    """A call of a function of the file whose result depends on the arguments the tape
    computed (names in `recorded`) only through operations with no gradient (`def
    loss(self, y, logits): ... tf.round(tf.sigmoid(logits))`, called with the labels and the
    logits). Each function is worked out once."""
    if not isinstance(call, ast.Call):
        return False
    function = model.callee(call, scope)
    if function is None:
        return False
    found = _cut_summary(model, function)
    if found is None:
        return False
    cut, open_ = found
    arguments = arguments_by_parameter(function, call, bound=_bound_call(function, call))
    if arguments is None:
        return False
    # The arguments computed in the tape (from what it recorded, or by a call right there);
    # the others are data handed in (the labels).
    given = {p for p, a in arguments.items() if read_names(a) & recorded or nodes_under(a, _CALLS)}
    if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) and call.func.value.id == "self":
        given.add("self")  # a method runs the object's own models (`self.student(x)`)
    given &= cut | open_
    return bool(given) and given <= cut


def _bound_call(function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call) -> bool:
    """Does `call` (`self.loss(...)`, `obj.method(...)`) bind the method's `self` itself?"""
    first = [a.arg for a in [*function.args.posonlyargs, *function.args.args]][:1]
    return first in (["self"], ["cls"]) and isinstance(call.func, ast.Attribute)


def _cut_summary(model: FileModel, function: ast.FunctionDef | ast.AsyncFunctionDef, depth: int = 0) -> tuple[set[str], set[str]] | None:
    """`_parameters_cut`, worked out once per function."""
    tables = model.scopes[0].tables
    key = ("cutting helper", id(function))
    if key not in tables:
        tables[key] = None  # (a recursive helper: no cut)
        tables[key] = _parameters_cut(model, function, depth) if depth < 4 else None
    return tables[key]  # type: ignore[return-value]


def _parameters_cut(model: FileModel, function: ast.FunctionDef | ast.AsyncFunctionDef, depth: int = 0) -> tuple[set[str], set[str]] | None:
    """The parameters that reach what the function returns only through operations with no
    gradient, and those that reach it with a gradient; None when it cuts nothing. A call of
    another such helper handed the parameters counts as one of those operations
    (`dice_loss` returning `1 - dice_coefficient(y, p)`, which thresholds `p`)."""
    _, returns = model.function_summary(function)
    values = [r.value for r in returns if r.value is not None]
    cuts = {id(n) for n in nodes_under(function, _CUT_CANDIDATES) if _cut(model, n) is not None}
    cuts |= {id(n) for n in nodes_under(function, _CALLS) if model.imports.call_name(n) in _STOP_GRADIENT}
    scope = model.scope_of(function)
    helpers = []  # (call, the callee's cut parameters, its arguments by parameter)
    for call in nodes_under(function, _CALLS) if scope is not None else ():
        callee = model.callee(call, scope)  # type: ignore[arg-type]
        inner = _cut_summary(model, callee, depth + 1) if callee is not None and callee is not function else None
        arguments = arguments_by_parameter(callee, call, bound=_bound_call(callee, call)) if inner is not None else None  # type: ignore[arg-type]
        if inner is not None and arguments is not None:
            helpers.append((call, inner[0], arguments))

    def cut_for(parameter: str) -> set[int]:
        """The cuts, and the helper calls that take `parameter` only where they cut it."""
        found = set(cuts)
        for call, inner_cut, arguments in helpers:
            taking = {q for q, a in arguments.items() if parameter in read_names(a)}
            if taking and taking <= inner_cut:
                found.add(id(call))
        return found

    if not values or not (cuts or helpers):
        return None
    body = [stmt for stmt in flatten(function.body, definitions=False) if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    arguments = [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]
    # For `self`, the models of the object the method runs (`self.student(x)`).
    run = {name for call in nodes_under(function, _CALLS) if (name := dotted_name(call.func)) is not None and name.startswith("self.")}
    cut, open_ = set(), set()
    for parameter in (a.arg for a in arguments if a.arg != "cls"):
        roots: str | set[str] = run if parameter == "self" else parameter
        if not roots or not _reaches_return(body, values, roots, set()):
            continue
        (open_ if _reaches_return(body, values, roots, cut_for(parameter) if parameter != "self" else cuts) else cut).add(parameter)
    return (cut, open_) if cut else None


def _reaches_return(body: list[ast.stmt], values: list[ast.expr], parameter: str | set[str], removed: set[int]) -> bool:
    """Does some returned value compute from `parameter` (or any of a set of roots), the
    nodes in `removed` taken out?"""
    roots = {parameter} if isinstance(parameter, str) else parameter
    tainted: set[str] = set()
    for stmt in body:
        names, value = _binding_of(stmt)
        if names and computes_from(_without(value, removed), roots, tainted):
            tainted |= names
    return any(computes_from(_without(value, removed), roots, tainted) for value in values)


def _straight_through(ctx: Context, node: ast.AST, within: ast.stmt) -> Edit | None:
    """`tf.round(x)` becomes `tf.round(x) + (x - tf.stop_gradient(x))`: exactly the same
    values forward (`x - x` is zero), the gradient of `x` backward (a straight-through
    estimator). Only for rounding and sign of an operand that is cheap and pure to evaluate
    three times (no call)."""
    if not isinstance(node, ast.Call) or len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
        return None
    name = ctx.model.imports.call_name(node) or ""
    if name.rsplit(".", 1)[-1] not in _STRAIGHT_THROUGH:
        return None
    operand = node.args[0]
    if nodes_under(operand, _IMPURE):
        return None
    root = ctx.text(node.func).split(".", 1)[0]
    if name.startswith("keras.ops."):
        stop = ctx.text(node.func).rsplit(".", 1)[0] + ".stop_gradient" if isinstance(node.func, ast.Attribute) else None
    elif ctx.model.imports.aliases.get(root) == "tensorflow":
        stop = f"{root}.stop_gradient"  # the module the rounding is called through
    else:
        alias = ctx.model.imports.alias_of("tensorflow")
        stop = f"{alias}.stop_gradient" if alias else None
    if stop is None:
        return None
    x = ctx.text(operand)
    first = x if isinstance(operand, (ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.BinOp, ast.UnaryOp)) else f"({x})"
    replacement = f"{ctx.text(node)} + ({first} - {stop}({x}))"
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
