from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from codemods.analysis.dataflow import assigned_names, flatten, read_names, variable_roots
from codemods.analysis.model import ApplyCall, Binding, Scope, StmtRef
from codemods.analysis.names import dotted_name
from codemods.analysis.walk import walk
from codemods.findings import Applicability, Edit, Finding, Position, Range
from codemods.rewrite import rewrite_statements, without_leading_blank_lines
from codemods.rules.base import Context, Rule

if TYPE_CHECKING:  # libcst is imported only when a fix rewrites statements
    import libcst as cst


class OptimizerCreatedPerStep(Rule):
    """
    ## What it does
    Checks for an optimizer constructed inside a `@tf.function` body, inside a per-step
    function (one that computes gradients, with a tape, `tf.gradients`, `compute_gradients`
    or a function defined in the file that does, and applies them without looping), or
    inside the body of a training loop, including the outer (epoch) loop of nested loops.
    The step may be taken by a function defined in the file: `self.optimizer = Adam()`
    before `self.train_step(x, y)` on every batch, or `opt = Adam()` handed to `step(model,
    opt, x, y)` in the loop. A throwaway `Adam(...).apply_gradients(...)` in a loop or a
    per-step function is flagged too.

    ## Why is this bad?
    An optimizer holds state: its step count, and moments for Adam, RMSprop or momentum.
    Constructed every step, it starts from zero every step, so Adam degenerates into a
    sign-like update with no momentum and learning-rate schedules never advance. Inside
    `tf.function` the optimizer's variables would be created on every call:

        ValueError: tf.function only supports singleton tf.Variables created on the first call.

    ## Example
    ```python
    for x, y in dataset:
        optimizer = tf.keras.optimizers.Adam(1e-3)
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Use instead
    ```python
    optimizer = tf.keras.optimizers.Adam(1e-3)
    for x, y in dataset:
        ...
    ```

    ## Fix safety
    Unsafe: the construction moves out (before the loop, or to module level above a
    per-step function), so the optimizer's state now carries across steps, which changes
    the numbers. Not offered when the constructor reads names the loop or the function
    sets; an optimizer set on `self` in a per-step method, or in a method's loop, moves to
    the end of `__init__` (not when `__init__` sets it already, nor out of a `with` or `try`
    block). An outer loop that also rebuilds the model the optimizer trains (k-fold, a
    sweep) or restores its weights (`model.set_weights(start)`: each iteration starts
    afresh), is not flagged; nor is a plain SGD without momentum or a learning-rate schedule
    rebuilt in a loop (nothing but a step count to lose: the updates are the same). Never moved to module
    level out of reach of a distribution strategy's `scope()`, nor when the module already
    builds an optimizer under that name. A function that builds one optimizer and then runs
    its own loop of steps, an Estimator `model_fn` and a `test...` function taking one step
    are not flagged.
    """

    code = "GF012"
    name = "optimizer-created-per-step"
    summary = "An optimizer is constructed on every training step, losing its state"
    fix_title = "Construct the optimizer once, outside the step"
    applicability = Applicability.UNSAFE
    tokens = ("apply_gradients",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        for apply, where in _throwaway_optimizers(ctx):
            message = f"a new optimizer is constructed {where} and used for a single step; its state is lost each step"
            yield self.finding(ctx, apply.receiver, message)
        for scope in model.scopes:
            by_receiver: dict[str, list[ApplyCall]] = {}
            for apply in scope.apply_calls:
                by_receiver.setdefault(ctx.text(apply.receiver), []).append(apply)
            for binding in _optimizer_bindings(ctx, scope):
                applies = by_receiver.get(binding.name, [])
                if binding.ref is None or _created_lazily(binding):
                    continue
                if model.graph_code(scope, binding.ref):
                    continue  # graph code builds the update op once (a loop here builds graphs, not steps)
                if not applies:
                    found = _applied_through_helper(ctx, scope, binding)
                    if found is not None:
                        yield self.finding(ctx, binding.ref.stmt, found, _hoist(ctx, scope, binding))
                    continue
                loops = binding.ref.loops
                per_loop = [a for a in applies if loops and a.ref.loops[: len(loops)] == loops and len(a.ref.loops) == len(loops)]
                if per_loop and not (_stateless(ctx, scope, binding) and not scope.is_tf_function):
                    message = f"`{binding.name}` is constructed in every iteration of the loop; its state resets each step"
                    yield self.finding(ctx, binding.ref.stmt, message, _hoist(ctx, scope, binding))
                    continue
                outer = [a for a in applies if loops and a.ref.loops[: len(loops)] == loops and len(a.ref.loops) > len(loops)]
                if outer and _trains_what_outlives(ctx, scope, binding, outer) and not _stateless(ctx, scope, binding):
                    message = f"`{binding.name}` is constructed in every iteration of the outer loop; its state resets there"
                    yield self.finding(ctx, binding.ref.stmt, message, _hoist(ctx, scope, binding))
                    continue
                if isinstance(scope.node, ast.Module) or loops or any(a.ref.loops for a in applies):
                    continue
                if not scope.is_tf_function and not model.gradient_helpers_called(scope):
                    continue  # a per-step function computes gradients: a tape, `tf.gradients`, `compute_gradients`, a helper
                if scope.name.startswith(("test", "setUp")) or scope.name in _RUN_ONCE_PER_OBJECT:
                    continue  # a test taking one step; a constructor's one step (a warm start) is not per step
                if _trains_only_its_own(ctx, scope, applies):
                    continue  # a model made in the same call (MAML's clone), new with its optimizer
                where = "`@tf.function`" if scope.is_tf_function else "per-step function"
                message = f"`{binding.name}` is constructed on every call of {where} `{scope.name}`; its state resets each step"
                hoist = _hoist_to_init(ctx, scope, binding) if binding.name.startswith("self.") else _hoist_to_module(ctx, scope, binding)
                yield self.finding(ctx, binding.ref.stmt, message, hoist)


def _roots_updated(applies: list) -> list[tuple[ApplyCall, set[str]]] | None:
    """Each `apply_gradients` call with the roots of the variables it updates; None when one
    call's variables are not known."""
    found = []
    for apply in applies:
        pair = apply.zipped
        roots = variable_roots(pair[1], apply.scope, apply.call) if pair is not None else set()
        if not roots:
            return None
        found.append((apply, roots))
    return found


def _trains_only_its_own(ctx: Context, scope: Scope, applies: list[ApplyCall]) -> bool:
    """Do the optimizer's steps update only variables of models the function itself makes
    on each call (`fast = clone_model(model)`), fresh together with the optimizer?"""
    updated = _roots_updated(applies)
    if updated is None:
        return False
    for _, roots in updated:
        for root in roots:
            bindings = scope.bindings.get(root.split(".")[0], [])
            if not bindings or not all(b.kind == "assign" and _makes_model(ctx, scope, b) for b in bindings):
                return False
    return True


def _makes_model(ctx: Context, scope: Scope, binding: Binding) -> bool:
    """A new model: a Keras constructor, `clone_model`, a class or helper of the file that
    builds one, or a call named like a copy (`copy.deepcopy(model)`)."""
    value = binding.value
    if not isinstance(value, ast.Call):
        return False
    if ctx.model.is_keras_model(value, scope, binding.node):
        return True
    if isinstance(value.func, ast.Call) and isinstance(value.func.func, ast.Name) and value.func.func.id == "type":
        return True  # `type(model)()`: a new model of the same class
    name = dotted_name(value.func) or ""
    return bool(re.search(r"clone|copy", name, re.IGNORECASE))


def _trains_what_outlives(ctx: Context, scope: Scope, binding: Binding, applies: list) -> bool:
    """Do the optimizer's steps update variables made before its loop (not a model rebuilt
    next to the optimizer, as a sweep or k-fold does)?"""
    loop = binding.ref.loops[-1]  # type: ignore[union-attr]
    updated = _roots_updated(applies)
    if updated is None:
        return False
    for _, roots in updated:
        for root in roots:
            if _weights_reset_in(ctx, scope, loop, root):
                return False
            for other in scope.bindings.get(root.split(".")[0], []):
                if other.ref is not None and (other.ref.stmt is loop or other.ref.inside(loop)):
                    return False
    return True


def _hoist(ctx: Context, scope: Scope, binding: Binding) -> list[Edit | None]:
    """Out of the loop, or for `self.<attr>` in a method, into `__init__`."""
    if binding.name.startswith("self."):
        return _hoist_to_init(ctx, scope, binding)
    if not binding.ref or not binding.ref.loops:
        return _hoist_to_module(ctx, scope, binding)  # built on every call of a per-step function
    return [_hoist_before_loop(ctx, binding)]


def _applied_through_helper(ctx: Context, scope: Scope, binding: Binding) -> str | None:
    """The message when the optimizer built here is stepped by a function defined in the
    file: `self.optimizer` by a method called on every batch, or a name handed to (or, at
    module level, read as a global by) a step function called in the loop that builds it."""
    model = ctx.model
    ref = binding.ref
    assert ref is not None
    loops = ref.loops
    if model.graph_code(scope, ref) or scope.name.startswith(("test", "setUp")):
        return None
    if not loops and isinstance(scope.node, ast.Module):
        return None  # built once, at module level
    calls = model.scope_calls(scope)
    # Only the calls from the binding to the end of its innermost loop can step it: found by
    # bisection, so many optimizers in one scope do not each scan all its calls.
    start = bisect.bisect_left(calls, binding.position, key=_position)
    end = bisect.bisect_right(calls, ((loops[-1].end_lineno or 0) + 1, 0), key=_position) if loops else len(calls)
    for call, where in calls[start:end]:
        if where.loops[: len(loops)] != loops:
            continue
        function = model.callee(call, scope)
        if function is None or model.scope_of(function) is scope:
            continue
        applies = _helper_applies(ctx, scope, binding, call, function)
        if not applies:
            continue
        helper = ctx.text(call.func)
        helper_loops = any(a.ref.loops for a in applies)  # the helper runs its own loop of steps
        if len(where.loops) == len(loops) and not helper_loops:
            if loops and not _helper_trains_what_outlives(ctx, scope, loops[-1], call, function, applies):
                continue  # one step for each new model (`for model in models:`)
            if loops:
                return f"`{binding.name}` is constructed in every iteration of the loop that calls `{helper}`; its state resets each step"
            if isinstance(scope.node, ast.Module) or not (scope.is_tf_function or model.gradient_helpers_called(scope)):
                return None
            if _stepped_in_own_loop(model, scope, binding, calls[start:]) or _run_once(model, scope):
                return None  # a `main()` that steps it once, then in its own loop of steps
            return f"`{binding.name}` is constructed on every call of per-step function `{scope.name}` (stepped by `{helper}`); its state resets each step"
        if loops and not _stateless(ctx, scope, binding) and _helper_trains_what_outlives(ctx, scope, loops[-1], call, function, applies):
            return f"`{binding.name}` is constructed in every iteration of the outer loop (stepped by `{helper}`); its state resets there"
    return None


def _stepped_in_own_loop(model, scope: Scope, binding: Binding, calls: list[tuple[ast.Call, StmtRef]]) -> bool:
    """Does the scope hand the optimizer on again inside a loop of its own?"""
    return any(
        where.loops and any(isinstance(a, ast.Name) and a.id == binding.name for a in [*call.args, *(k.value for k in call.keywords)])
        for call, where in calls
    )


def _run_once(model, scope: Scope) -> bool:
    """A function of the module that the module calls, never in a loop (`main()`)."""
    if scope.class_info is not None or isinstance(scope.node, ast.Module):
        return False
    sites = model.call_sites(scope.node.name)  # type: ignore[union-attr]
    return bool(sites) and all(isinstance(caller.node, ast.Module) and not _in_loop(model, call) for call, caller in sites)


def _in_loop(model, call: ast.Call) -> bool:
    ref = next((r for c, r in model.scope_calls(model.scopes[0]) if c is call), None)
    return ref is None or bool(ref.loops)


def _position(item: tuple[ast.Call, StmtRef]) -> tuple[int, int]:
    return (item[0].lineno, item[0].col_offset)


def _weights_reset_in(ctx: Context, scope: Scope, loop: ast.stmt, owner: str | None) -> bool:
    """Does `loop` restore the weights of `owner` (`model.set_weights(start)`,
    `load_weights`) on every iteration? Then each iteration is a fresh start, optimizer too."""
    if not owner:
        return False
    for call, ref in ctx.model.scope_calls(scope, _WEIGHT_RESETS):
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in _WEIGHT_RESETS and (ref.stmt is loop or ref.inside(loop)):
            if dotted_name(func.value) == owner:
                return True
    return False


_WEIGHT_RESETS = ("load_weights", "set_weights")
_RUN_ONCE_PER_OBJECT = frozenset({"__init__", "__new__", "__post_init__"})


def _stateless(ctx: Context, scope: Scope, binding: Binding) -> bool:
    """Plain SGD (no momentum, no learning-rate schedule): nothing but a step count is lost
    when it is rebuilt for each step, or each round of an outer loop (a federated client's
    local optimizer, say); the updates are the same."""
    value = binding.value
    if not isinstance(value, ast.Call) or (ctx.model.imports.call_name(value) or "").rsplit(".", 1)[-1] not in {"SGD", "GradientDescentOptimizer"}:
        return False
    if len(value.args) >= 2 or any(k.arg in {"momentum", "nesterov"} or k.arg is None for k in value.keywords):
        return False
    # A learning-rate schedule advances with the step count, which a new optimizer restarts:
    # the rate must be a number, or a name bound to one (or named like one, when handed in).
    rate = value.args[0] if value.args else next((k.value for k in value.keywords if k.arg in {"learning_rate", "lr"}), None)
    return rate is None or _plain_rate(scope, rate, binding.node)


def _plain_rate(scope: Scope, rate: ast.expr, at: ast.AST, depth: int = 0) -> bool:
    """Is the learning rate a number: a literal, arithmetic on numbers, a name bound to one
    (or looping over a list of them), or a setting named like a rate (`self.lr`,
    `config["lr"]`, a parameter `actor_lr`)? Not a schedule, which a new optimizer restarts."""
    if depth > 4:
        return False
    if isinstance(rate, ast.Constant):
        return isinstance(rate.value, (int, float))
    if isinstance(rate, (ast.UnaryOp, ast.BinOp)):
        return all(_plain_rate(scope, part, at, depth + 1) for part in ast.iter_child_nodes(rate) if isinstance(part, ast.expr))
    if isinstance(rate, (ast.List, ast.Tuple)):  # `for lr in [0.1, 0.01]:`
        return bool(rate.elts) and all(_plain_rate(scope, e, at, depth + 1) for e in rate.elts)
    if isinstance(rate, ast.Name):
        bound = scope.lookup(rate.id, at)
        if bound is not None and bound.value is not None and bound.unpack_index is None:
            return _plain_rate(scope, bound.value, bound.node, depth + 1)
        loop = bound.ref.stmt if bound is not None and bound.kind == "for" and bound.ref is not None else None
        if isinstance(loop, (ast.For, ast.AsyncFor)) and isinstance(loop.target, ast.Name):
            return _plain_rate(scope, loop.iter, loop, depth + 1)
        return bound is not None and bound.kind == "param" and _rate_named(rate.id)
    if isinstance(rate, ast.Attribute):
        return _rate_named(rate.attr)
    if isinstance(rate, ast.Subscript) and isinstance(rate.slice, ast.Constant) and isinstance(rate.slice.value, str):
        return _rate_named(rate.slice.value)
    return False


def _rate_named(name: str) -> bool:
    """`lr`, `learning_rate`, `actor_lr`, `lr_g`, `step_size`: not `lr_schedule`, `lr_decay`."""
    words = set(name.lower().split("_"))
    return bool(words & _RATE_WORDS) and not words & _SCHEDULE_WORDS and "sched" not in name.lower()


_RATE_WORDS = frozenset({"lr", "learning", "rate", "step", "stepsize", "eta", "alpha"})
_SCHEDULE_WORDS = frozenset({"schedule", "scheduler", "decay", "warmup", "fn", "func", "function", "policy"})






def _helper_applies(ctx: Context, scope: Scope, binding: Binding, call: ast.Call, function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ApplyCall]:
    """The `apply_gradients` calls of `function` that step the optimizer `binding` makes,
    when `call` runs it."""
    model = ctx.model
    receivers = model.applying_receivers(function)
    if binding.name.startswith("self."):
        called_on_self = isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) and call.func.value.id == "self"
        return receivers.get(binding.name, []) if called_on_self else []
    callee = model.scope_of(function)
    for receiver, applies in receivers.items():
        if receiver.startswith("self.") or callee is None:
            continue
        argument = model.argument_for(call, function, receiver)
        if isinstance(argument, ast.Name) and argument.id == binding.name:
            return applies
        if argument is None and receiver == binding.name and receiver not in callee.locals_ and isinstance(scope.node, ast.Module):
            return applies  # a step function reading the module's optimizer
    return []


def _helper_trains_what_outlives(ctx: Context, scope: Scope, loop: ast.stmt, call: ast.Call, function, applies: list[ApplyCall]) -> bool:
    """Do the helper's steps update variables made before `loop` (not a model the loop
    rebuilds next to the optimizer, as a k-fold loop does)?"""
    model = ctx.model
    updated = _roots_updated(applies)
    if updated is None:
        return False
    for apply, roots in updated:
        for root in roots:
            first, _, rest = root.partition(".")
            passed = model.argument_for(call, function, first) if first != "self" and first in apply.scope.locals_ else None
            if _weights_reset_in(ctx, scope, loop, dotted_name(passed) if passed is not None else root):
                return False
            if first == "self":
                attr = rest.split(".")[0]
                info = scope.class_info
                bindings = info.self_bindings.get(attr, []) if info is not None else []
                names: set[str] = set()
                if any(b.ref is not None and (b.ref.stmt is loop or b.ref.inside(loop)) for b in bindings):
                    return False
            elif apply.scope.bindings.get(first) and apply.scope.bindings[first][0].kind == "param":
                argument = model.argument_for(call, function, first)
                if argument is None:
                    return False
                names = read_names(argument)
            elif first in apply.scope.locals_:
                return False  # the helper builds what it trains on every call
            else:
                names = {first}
            for name in names:
                if any(b.ref is not None and (b.ref.stmt is loop or b.ref.inside(loop)) for b in scope.bindings.get(name, [])):
                    return False
    return True


def _throwaway_optimizers(ctx: Context) -> Iterator[tuple[ApplyCall, str]]:
    """`Adam(...).apply_gradients(...)` in a loop or a per-step function: built for one step."""
    model = ctx.model
    for apply in model.apply_calls():
        if not isinstance(apply.receiver, ast.Call):
            continue
        ref = model.optimizer_from_value(apply.receiver)
        if ref is None or ref.kind != "keras" or model.graph_code(apply.scope, apply.ref):
            continue
        scope = apply.scope
        if apply.ref.loops:
            yield apply, "in every iteration of the loop"
        elif not isinstance(scope.node, ast.Module) and (scope.is_tf_function or model.gradient_helpers_called(scope)) and not scope.name.startswith("test"):
            yield apply, f"on every call of `{scope.name}`"


def _created_lazily(binding: Binding) -> bool:
    """`if optimizer is None: optimizer = Adam()`: built once, on the first step."""
    short = binding.name.rsplit(".", 1)[-1]
    return any(
        isinstance(parent, ast.If) and any(
            (isinstance(n, ast.Name) and n.id == short) or (isinstance(n, ast.Attribute) and n.attr == short)
            for n in walk(parent.test)
        )
        for parent in binding.ref.parents  # type: ignore[union-attr]
    )


def _optimizer_bindings(ctx: Context, scope: Scope) -> Iterator[Binding]:
    for binding in scope.all_bindings():
        if binding.kind == "assign" and binding.value is not None and binding.unpack_index is None:
            ref = ctx.model.optimizer_from_value(binding.value)
            if ref is None and isinstance(binding.value, ast.Call):
                ref = ctx.model.returned_optimizer(binding.value, scope, None)  # `get_optimizer(cfg)`
            if ref is not None and ref.kind == "keras":
                yield binding
    info = scope.class_info
    if info is not None and isinstance(scope.node, ast.FunctionDef) and scope.node.name not in {"__init__", "build"}:
        for attr, bindings in info.self_bindings.items():
            for binding in bindings:
                inside = scope.node.lineno <= binding.node.lineno <= (scope.node.end_lineno or 0)  # type: ignore[attr-defined]
                ref = ctx.model.optimizer_from_value(binding.value) if binding.value is not None else None
                if inside and ref is not None and ref.kind == "keras" and binding.ref is not None:
                    yield Binding(f"self.{attr}", "assign", binding.node, binding.value, ref=binding.ref)


def _hoist_before_loop(ctx: Context, binding: Binding) -> Edit | None:
    ref = binding.ref
    assert ref is not None and binding.value is not None
    loop = ref.loops[-1]
    if binding.name.startswith("self.") or ref.stmt not in loop.body:  # type: ignore[attr-defined]
        return None
    changed_in_loop = assigned_names(loop) | {n for s in flatten(loop.body) for n in assigned_names(s)}  # type: ignore[attr-defined]
    if read_names(binding.value) & changed_in_loop:
        return None  # built from something the loop changes (a per-epoch learning rate, say)
    outer = _block_holding(ctx, loop)
    if outer is None:
        return None
    block, index = outer
    position = loop.body.index(ref.stmt)  # type: ignore[attr-defined]

    def transform(body: list[cst.BaseStatement]) -> list[cst.BaseStatement]:

        import libcst as cst

        (loop_node,) = body
        if not isinstance(loop_node, (cst.For, cst.While)) or not isinstance(loop_node.body, cst.IndentedBlock):
            raise _CannotRewrite
        inner = list(loop_node.body.body)
        if len(inner) != len(loop.body):  # type: ignore[attr-defined]
            raise _CannotRewrite
        moved = without_leading_blank_lines(inner.pop(position))
        moved = moved.with_changes(leading_lines=[*loop_node.leading_lines, *moved.leading_lines])
        return [moved, loop_node.with_changes(leading_lines=[], body=loop_node.body.with_changes(body=inner))]

    try:
        return rewrite_statements(ctx.source, block, index, index, transform, key=("out of the loop", position, len(loop.body)))  # type: ignore[attr-defined]
    except _CannotRewrite:
        return None


def _block_holding(ctx: Context, stmt: ast.stmt) -> tuple[list[ast.stmt], int] | None:
    """The statement list that holds `stmt`, and its index there."""
    ref = ctx.model.ref_of(stmt)
    return (ref.block, ref.index) if ref is not None else None


def _hoist_to_module(ctx: Context, scope: Scope, binding: Binding) -> list[Edit | None]:
    """Move the construction above the module-level function that builds it per step."""
    function = scope.node
    module_body = ctx.model.tree.body
    stmt = binding.ref.stmt if binding.ref is not None else None
    if binding.name.startswith("self.") or function not in module_body or stmt is None or binding.value is None:
        return [None]
    if ".scope()" in ctx.source.text:
        return [None]  # a distribution strategy's scope must see the optimizer built: leave it where it is
    module = ctx.model.scopes[0]
    if any(b.value is not None and ctx.model.optimizer_from_value(b.value) is not None for b in module.bindings.get(binding.name, [])):
        return [None]  # the module already builds one under that name: a second copy would not help
    local = set(scope.locals_) - {binding.name}  # parameters included
    if read_names(binding.value) & local:
        return [None]
    indent = ctx.indentation(stmt)
    end_line = stmt.end_lineno or stmt.lineno
    rest = ctx.source.line_text(end_line)[ctx.source.from_ast(end_line, stmt.end_col_offset or 0).column :].strip()
    if indent is None or (rest and not rest.startswith("#")):
        return [None]
    text = "".join(line[len(indent) :] if line.startswith(indent) else line for line in ctx.source.lines[stmt.lineno - 1 : end_line])
    top = min([function.lineno, *(d.lineno for d in function.decorator_list)])  # type: ignore[union-attr]
    delete = Edit(Range(Position(stmt.lineno, 0), Position(end_line + 1, 0)), "")
    text = text.rstrip("\r\n")  # its last line break is written below, as the landing line's
    insert = ctx.edit(Range(Position(top, 0), Position(top, 0)), f"{text}\n\n\n")
    return [insert, delete]


def _hoist_to_init(ctx: Context, scope: Scope, binding: Binding) -> list[Edit | None]:
    """Move `self.optimizer = Adam()` from a per-step method to the end of `__init__`."""
    info = scope.class_info
    stmt = binding.ref.stmt if binding.ref is not None else None
    if info is None or stmt is None or binding.value is None or not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
        return [None]
    init = next((item for item in info.node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"), None)
    if init is None or binding.ref is None or len(binding.ref.block) < 2:
        return [None]
    if any(isinstance(p, (ast.With, ast.AsyncWith, ast.Try)) for p in binding.ref.parents):
        return [None]  # under a strategy's scope() or a try: leave it where it is
    attr = binding.name.split(".", 1)[1]
    if any(init.lineno <= b.node.lineno <= (init.end_lineno or 0) for b in info.self_bindings.get(attr, [])):  # type: ignore[attr-defined]
        return [None]  # `__init__` sets it already: which one is meant is the author's call
    if read_names(binding.value) & (set(scope.locals_) - {"self"}):
        return [None]  # built from the step's own arguments or locals
    init_names = {arg.arg for arg in [*init.args.posonlyargs, *init.args.args, *init.args.kwonlyargs]}
    if read_names(binding.value) & (init_names - {"self"}):
        return [None]  # the same name would mean something else in __init__
    indent, target_indent = ctx.indentation(stmt), ctx.indentation(init.body[-1])
    end_line = stmt.end_lineno or stmt.lineno
    rest = ctx.source.line_text(end_line)[ctx.source.from_ast(end_line, stmt.end_col_offset or 0).column :].strip()
    if indent is None or target_indent is None or (rest and not rest.startswith("#")) or end_line != stmt.lineno:
        return [None]
    text = ctx.source.line_text(stmt.lineno).strip()
    delete = Edit(Range(Position(stmt.lineno, 0), Position(end_line + 1, 0)), "")
    return [ctx.insert_line_after(init.body[-1], text), delete]


class _CannotRewrite(Exception):
    pass
