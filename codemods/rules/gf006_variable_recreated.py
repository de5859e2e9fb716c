from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator

from codemods.analysis.dataflow import variable_roots
from codemods.analysis.model import ApplyCall, Binding, ClassInfo, FileModel, GradientCall, Scope
from codemods.analysis.names import dotted_name
from codemods.analysis.walk import starts_within, walk
from codemods.findings import Applicability, Edit, Finding, Position, Range
from codemods.rules.base import Context, Rule


class VariableRecreated(Rule):
    """
    ## What it does
    Checks for a name bound to a trained `tf.Variable` (one whose gradients are taken or
    applied) that is later bound to a new `tf.Variable(...)`: a "reset" between phases, a
    re-creation in a loop, or a function rebinding a `global`; and `self.<attr> =
    tf.Variable(...)` built again in a method other than `__init__` (a `reset`) while the
    optimizer the class built elsewhere trains `self.<attr>`; and a hand-written optimizer
    whose update method (`apply`, `__call__`, `step`...) creates its slot variables
    (`tf.Variable(tf.zeros_like(v))`) afresh on every call. Also a variable differentiated by
    a tape in a loop and then rebound to arithmetic on itself (`w = w - lr * dw`, `w -= lr *
    dw`) instead of assigned: the name now holds a plain tensor. And a `tf.Variable(...)` made
    unconditionally in a `@tf.function` body (reported without a fix).

    ## Why is this bad?
    The optimizer, and any `tf.function` traced before, still hold the old variable. Keras 3
    optimizers refuse the new one:

        ValueError: Unknown variable: <tf.Variable ...>. This optimizer can only be called for the variables it was originally built with.

    A variable rebound to a tensor is no longer watched by the next iteration's tape: its
    gradient is None, and the update after it fails,

        TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'

    (`w -= lr * dw` on a variable fails at once in recent TensorFlow:
    ``RuntimeError: `variable -= value` with `tf.Variable`s is not supported.``) A traced
    function making a variable on every call fails on its first call:

        ValueError: tf.function only supports singleton tf.Variables created on the first call. Make sure the tf.Variable is only created once or created outside tf.function.

    ## Example
    ```python
    w = tf.Variable(tf.zeros([3]))
    train(w)
    w = tf.Variable(tf.zeros([3]))  # reset for the next run
    train(w)
    ```

    ```python
    for step in range(100):
        with tf.GradientTape() as tape:
            loss = loss_fn(x @ w)
        dw = tape.gradient(loss, w)
        w = w - 0.1 * dw
    ```

    ## Use instead
    ```python
    w = tf.Variable(tf.zeros([3]))
    train(w)
    w.assign(tf.zeros([3]))
    train(w)
    ```

    ```python
    for step in range(100):
        with tf.GradientTape() as tape:
            loss = loss_fn(x @ w)
        dw = tape.gradient(loss, w)
        w.assign_sub(0.1 * dw)
    ```

    ## Fix safety
    Unsafe: `assign` keeps the variable's shape and dtype, so a new initial value of another
    shape or dtype now fails, and other arguments of the constructor (`trainable`, `name`)
    are dropped. A variable re-created together with a fresh optimizer is not flagged.
    Slots created on every call are reported with no fix: they belong in `__init__` or in a
    `build` run on the first call, and where is the author's choice. Slots created under an
    `if` (on the first call only) or in a `tf.function` body (created once, when traced) are
    not flagged. A rebinding to a tensor becomes `w.assign_sub(...)` (`assign_add` for `+`,
    `assign(...)` otherwise); a tensor the tape watches explicitly, or a value wrapped in a new
    `tf.Variable` each step, is not flagged. A variable made in a `@tf.function` is reported
    without a fix (made once outside it, or under `if self.v is None:`, is the author's
    choice); one made under an `if` is not flagged.
    """

    code = "GF006"
    name = "variable-recreated"
    summary = "A trained tf.Variable is re-created instead of assigned"
    fix_title = "Assign the new value to the existing variable"
    applicability = Applicability.UNSAFE
    tokens = ("Variable", ("apply_gradients", "assign_sub", "assign_add"))

    @classmethod
    def may_fire(cls, text: str) -> bool:
        # Every finding is about a `tf.Variable(...)` call, written so or under an alias, and
        # a variable trained (by `apply_gradients`, `minimize` or a tape), a slot made afresh
        # (`tf.Variable(tf.zeros_like(v))`) for a hand-written update, or a variable made in a
        # function decorated with `@tf.function` (or an alias of it).
        made = "Variable(" in text or "Variable (" in text or ("Variable" in text and _VARIABLE_ALIAS.search(text) is not None)
        if not made:
            return False
        trained = "apply_gradients" in text or "minimize(" in text or ("GradientTape" in text and ".gradient(" in text)
        slots = (
            ("assign_sub" in text or "assign_add" in text) and ("zeros" in text or "ones" in text or "fill(" in text)
            and _UPDATE_METHOD_DEF.search(text) is not None
        )
        return trained or slots or _traced(text)

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        trained = _trained_names(model)
        receivers = _receivers_by_name(ctx)
        steps = _steps_by_receiver(model)
        module = model.scopes[0]
        global_lines = [number for number, line in enumerate(model.lines, start=1) if "global" in line and _GLOBAL.search(line)]
        for scope in model.scopes:
            optimizers: dict[str, _Optimizers] | None = None
            globals_: set[str] | None = None
            for name, bindings in scope.bindings.items():
                if name not in trained:
                    continue
                creations = [b for b in bindings if model.is_variable(b.value) and b.unpack_index is None]
                if not creations:
                    continue
                if globals_ is None:  # worked out for the scopes that need them only
                    globals_ = _declared_global(scope) if _mentions(global_lines, scope) else set()
                earlier_global = name in globals_ and any(model.is_variable(b.value) for b in module.bindings.get(name, []))
                for index, binding in enumerate(creations):
                    previous = creations[index - 1] if index > 0 else None
                    if previous is None and not earlier_global and not _in_loop_with_optimizer_outside(ctx, scope, binding):
                        continue
                    if previous is not None and previous.ref is not None and binding.ref.excludes(previous.ref):
                        continue  # `if use_fft: v = tf.Variable(a)` / `else: v = tf.Variable(b)`: made once
                    if optimizers is None:
                        optimizers = _optimizer_positions(model, scope)
                    if _fresh_optimizer_follows(binding, previous, receivers.get(binding.name, set()), optimizers, steps):
                        continue
                    message = f"`{name}` is re-created as a new `tf.Variable`; the optimizer still holds the old one"
                    fixable = previous is not None or earlier_global
                    edits = _assign(ctx, name, binding) if fixable else None
                    yield self.finding(ctx, binding.ref.stmt, message, edits if isinstance(edits, list) else [edits])
        for info in model.classes.values():
            yield from self._recreated_attributes(ctx, info)
            yield from self._slots_per_call(ctx, info)
        yield from self._rebound_to_tensors(ctx)
        yield from self._created_in_traced_functions(ctx)

    def _created_in_traced_functions(self, ctx: Context) -> Iterator[Finding]:
        """`tf.Variable(...)` made unconditionally in a `@tf.function` body: the function
        would make a new one on every call, which tracing refuses on the first call."""
        model = ctx.model
        for scope in model.scopes:
            node = scope.node
            if not (scope.is_tf_function and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))) or model.tf1_file:
                continue
            made = [b for b in scope.all_bindings() if b.ref is not None and model.is_variable(b.value)]
            info = scope.class_info
            for attr, bindings in (info.self_bindings.items() if info is not None else ()):
                made += [b for b in bindings if b.ref is not None and model.is_variable(b.value) and starts_within(node, b.node)]
            for binding in sorted(made, key=lambda b: b.position):
                ref = binding.ref
                assert ref is not None
                if any(isinstance(p, (ast.If, ast.Try, ast.With)) for p in ref.parents) or ref.stmt.lineno < node.body[0].lineno:
                    continue  # made on the first call only (`if self.v is None:`), or under a guard
                name = ctx.text(binding.node) if isinstance(binding.node, ast.Attribute) else binding.name
                message = (
                    f"`{name}` is created as a new `tf.Variable` on every call of `@tf.function` `{node.name}`; "
                    "tracing refuses that (make it once, outside the function, or on the first call only)"
                )
                yield self.finding(ctx, ref.stmt, message)

    def _rebound_to_tensors(self, ctx: Context) -> Iterator[Finding]:
        """`w = w - lr * dw` (or `w -= lr * dw`) in the loop whose tape differentiates `w`: from
        the next iteration `w` is a plain tensor the tape does not watch."""
        reported: set[int] = set()
        for gradient in ctx.model.gradient_calls():
            for binding, name in _tensor_rebindings(ctx.model, gradient):
                if id(binding.ref.stmt) in reported:  # type: ignore[union-attr]
                    continue
                reported.add(id(binding.ref.stmt))  # type: ignore[union-attr]
                tape = f"`{gradient.tape.name}`" if gradient.tape and gradient.tape.name else "the tape"
                stmt = binding.ref.stmt  # type: ignore[union-attr]
                if isinstance(stmt, ast.AugAssign):
                    operator = ctx.source.slice(Range(ctx.range(stmt.target).end, ctx.range(stmt.value).start)).strip()
                    message = (
                        f"`{name} {operator}` on a `tf.Variable` makes a plain tensor (recent TensorFlow refuses it); "
                        f"from the next iteration {tape} would not watch `{name}`"
                    )
                else:
                    message = f"`{name}` is rebound to a plain tensor; from the next iteration {tape} does not watch it and its gradient is None"
                yield self.finding(ctx, binding.ref.stmt, message, [_assign_update(ctx, name, binding.ref.stmt)])  # type: ignore[union-attr]

    def _slots_per_call(self, ctx: Context, info: ClassInfo) -> Iterator[Finding]:
        """A hand-written optimizer whose update method (`apply`, `__call__`, `step`...)
        creates its slot variables (`tf.Variable(tf.zeros_like(v))`) on every call and
        updates the model's variables with them: the slots restart at zero each step."""
        model = ctx.model
        for method in info.node.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) or not _UPDATE_METHOD.match(method.name):
                continue
            scope = model.scope_of(method)
            if scope is None or scope.is_tf_function:
                continue  # a traced body creates its variables once, on the first trace
            calls = model.calls_in(method)
            assigns = [c for c in calls if isinstance(c.func, ast.Attribute) and c.func.attr in {"assign", "assign_sub", "assign_add"}]
            if scope is None or not any(c.func.attr in {"assign_sub", "assign_add"} for c in assigns):  # type: ignore[attr-defined]
                continue
            steps = [c for c in assigns if c.func.attr in {"assign_sub", "assign_add"}]  # type: ignore[attr-defined]
            attrs_read = {n.attr for c in calls for n in walk(c) if isinstance(n, ast.Attribute)}
            candidates: list[tuple[str, Binding]] = []
            for name, bindings in scope.bindings.items():
                # The slot feeds the update of another variable: `variable.assign_sub(lr * velocity)`.
                feeds = any(
                    dotted_name(c.func.value) != name and any(isinstance(n, ast.Name) and n.id == name for n in walk(c))  # type: ignore[attr-defined]
                    for c in steps
                )
                candidates += [(name, b) for b in bindings if feeds and _fresh_slot(model, b.value)]
            for attr, bindings in info.self_bindings.items():
                inside = [b for b in bindings if b.ref is not None and method.lineno <= b.node.lineno <= (method.end_lineno or 0)]  # type: ignore[attr-defined]
                others = any(dotted_name(c.func.value) != f"self.{attr}" for c in steps)  # type: ignore[attr-defined]
                candidates += [(f"self.{attr}", b) for b in inside if others and attr in attrs_read and _fresh_slot(model, b.value)]
            for name, binding in candidates:
                if binding.ref is None or any(isinstance(p, (ast.If, ast.Try)) for p in binding.ref.parents):
                    continue  # created on the first call only, perhaps
                message = (
                    f"`{name}` is created as a new `tf.Variable` on every call of `{info.node.name}.{method.name}`; "
                    "the optimizer's slot state restarts at zero each step"
                )
                yield self.finding(ctx, binding.ref.stmt, message)

    def _recreated_attributes(self, ctx: Context, info: ClassInfo) -> Iterator[Finding]:
        """`self.w = tf.Variable(...)` in `__init__` and again in another method (`reset`),
        while an optimizer built elsewhere in the class keeps training the old `self.w`."""
        model = ctx.model
        trained = _trained_attributes(model, info)
        optimizers = _optimizer_methods(model, info)
        for attr, bindings in info.self_bindings.items():
            creations = [b for b in bindings if model.is_variable(b.value) and b.ref is not None]
            if attr not in trained or len(creations) < 2 or not optimizers:
                continue
            for binding in creations[1:]:
                method = info.method_at(binding.node.lineno)  # type: ignore[attr-defined]
                if method is None or method.name in {"__init__", "build"} or method.name in optimizers.values() or len(set(optimizers.values())) > 1:
                    continue  # a fresh optimizer is built next to it
                name = f"self.{attr}"
                message = f"`{name}` is re-created as a new `tf.Variable` in `{method.name}`; `self.{next(iter(optimizers))}` still holds the old one"
                edits = _assign(ctx, name, binding)
                yield self.finding(ctx, binding.ref.stmt, message, edits if isinstance(edits, list) else [edits])  # type: ignore[union-attr]


_UPDATE_METHOD_NAMES = r"(?:_?apply\w*|__call__|update|step|minimize|_?resource_apply\w*)"
_UPDATE_METHOD = re.compile(rf"^{_UPDATE_METHOD_NAMES}$")
_ZEROS = frozenset({"tensorflow.zeros_like", "tensorflow.zeros", "tensorflow.ones_like", "tensorflow.ones", "tensorflow.fill", "numpy.zeros_like", "numpy.zeros"})


def _fresh_slot(model: FileModel, value: ast.expr | None) -> bool:
    """`tf.Variable(tf.zeros_like(v))`, or a list of them: a slot starting from zero."""
    if isinstance(value, (ast.ListComp, ast.List)):
        elements = [value.elt] if isinstance(value, ast.ListComp) else value.elts
        return bool(elements) and all(_fresh_slot(model, e) for e in elements)
    if not model.is_variable(value):
        return False
    call = value  # type: ignore[assignment]
    initial = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "initial_value"), None)  # type: ignore[union-attr]
    return isinstance(initial, ast.Call) and model.imports.call_name(initial) in _ZEROS


def _trained_attributes(model: FileModel, info: ClassInfo) -> set[str]:
    """Attributes of `self` an `apply_gradients` of the class's methods names."""
    found: set[str] = set()
    first, last = info.node.lineno, info.node.end_lineno or info.node.lineno
    tables = model.scopes[0].tables
    lines, applies = tables.get("applies by line") or tables.setdefault("applies by line", _by_line(model.apply_calls()))  # type: ignore[misc]
    for apply in applies[bisect.bisect_left(lines, first) : bisect.bisect_right(lines, last)]:
        if first <= apply.call.lineno <= last:
            for node in walk(apply.call):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                    found.add(node.attr)
                elif isinstance(node, ast.Name) and node.id != "self":
                    # `variables = self.net.trainable_variables + [self.log_std]` ... `zip(grads, variables)`
                    binding = apply.scope.lookup(node.id, apply.call)
                    if binding is not None and binding.value is not None and binding.unpack_index is None:
                        found |= {n.attr for n in walk(binding.value) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self"}
    return found


def _by_line(applies: Iterator[ApplyCall]) -> tuple[list[int], list[ApplyCall]]:
    ordered = sorted(applies, key=lambda apply: apply.call.lineno)
    return [apply.call.lineno for apply in ordered], ordered


def _optimizer_methods(model: FileModel, info: ClassInfo) -> dict[str, str]:
    """The class's optimizer attributes and the method building each (`{"optimizer": "__init__"}`)."""
    found: dict[str, str] = {}
    for attr, bindings in info.self_bindings.items():
        for binding in bindings:
            if binding.value is not None and model.optimizer_from_value(binding.value) is not None:
                method = info.method_at(binding.node.lineno)  # type: ignore[attr-defined]
                if method is not None:
                    found[attr] = method.name
    return found


def _trained_names(model: FileModel) -> set[str]:
    """Names an optimizer updates: read by an `apply_gradients` call, or differentiated by
    `minimize` or by a gradient call whose result is applied. A variable only ever probed
    for its gradient (demo cells rebinding `x`) has no optimizer holding on to it."""
    names: set[str] = set()
    for gradient in model.gradient_calls():
        if gradient.sources is not None and (gradient.method == "minimize" or model.applied_to(gradient) is not None):
            names |= variable_roots(gradient.sources, gradient.scope, gradient.call)
    for apply in model.apply_calls():
        for node in walk(apply.call):
            if isinstance(node, ast.Name):
                names.add(node.id)
    return names


_UPDATE_METHOD_DEF = re.compile(rf"def\s+{_UPDATE_METHOD_NAMES}\s*\(")
# Prefilter patterns start with a literal, never `\b`, so a search skips ahead to the literal
# (a pattern starting with `\b` is tried at every position: 30x slower over a large tree).
_DECORATOR_TRACE = re.compile(r"@\s*[\w.]*function\b")
_TRACE_ALIAS = re.compile(r"function\s+as\b")
_VARIABLE_ALIAS = re.compile(r"Variable\s+as\b")


def _traced(text: str) -> bool:
    """`@tf.function` (or an alias of it) may decorate a function of `text`."""
    return "function" in text and (_DECORATOR_TRACE.search(text) is not None or _TRACE_ALIAS.search(text) is not None)


_GLOBAL = re.compile(r"\bglobal\b")  # the keyword, not `clip_by_global_norm`


def _mentions(lines: list[int], scope: Scope) -> bool:
    """Does one of `lines` (in order) lie within the scope's function?"""
    if isinstance(scope.node, ast.Module):
        return False
    first, last = scope.node.lineno, scope.node.end_lineno or scope.node.lineno
    return bisect.bisect_left(lines, first) < bisect.bisect_right(lines, last)


def _declared_global(scope: Scope) -> set[str]:
    if isinstance(scope.node, ast.Module):
        return set()
    return {name for node in walk(scope.node) if isinstance(node, ast.Global) for name in node.names}


def _in_loop_with_optimizer_outside(ctx: Context, scope: Scope, binding: Binding) -> bool:
    """Created anew in each iteration of a loop, while an optimizer made before the loop
    updates it."""
    if binding.ref is None or not binding.ref.loops:
        return False
    loop = binding.ref.loops[0]
    optimizers = ctx.model.optimizer_bindings(scope)  # by position: the first is the earliest
    return bool(optimizers) and optimizers[0].position < (loop.lineno, loop.col_offset)


def _receivers_by_name(ctx: Context) -> dict[str, set[str]]:
    """For each name, the receivers of the `apply_gradients` calls that mention it."""
    found: dict[str, set[str]] = {}
    for apply in ctx.model.apply_calls():
        receiver = ctx.text(apply.receiver)
        for node in walk(apply.call):
            if isinstance(node, ast.Name):
                found.setdefault(node.id, set()).add(receiver)
    return found


def _steps_by_receiver(model: FileModel) -> dict[str, list[tuple[int, int]]]:
    """Where each optimizer (by dotted name) takes an `apply_gradients` step, in order."""
    found: dict[str, list[tuple[int, int]]] = {}
    for apply in model.apply_calls():
        if isinstance(apply.receiver, (ast.Name, ast.Attribute)):
            found.setdefault(dotted_name(apply.receiver), []).append((apply.call.lineno, apply.call.col_offset))
    for positions in found.values():
        positions.sort()
    return found


class _Optimizers:
    """A name's optimizer constructions in one scope, in order (bindings and positions)."""

    def __init__(self) -> None:
        self.bindings: list[Binding] = []
        self.positions: list[tuple[int, int]] = []


def _optimizer_positions(model: FileModel, scope: Scope) -> dict[str, _Optimizers]:
    """Where `scope` binds each name to an optimizer construction, in order."""
    found: dict[str, _Optimizers] = {}
    for binding in model.optimizer_bindings(scope):
        entry = found.setdefault(binding.name, _Optimizers())
        entry.bindings.append(binding)
        entry.positions.append(binding.position)
    return found


def _fresh_optimizer_follows(
    binding: Binding,
    previous: Binding | None,
    receivers: set[str],
    optimizers: dict[str, _Optimizers],
    steps: dict[str, list[tuple[int, int]]],
) -> bool:
    """Is an optimizer that updates this variable (one of `receivers`) constructed anew next
    to the re-creation: after it, in the same loop iteration, or before it but after the
    previous creation (in the same loops, with no step in between)? Then the new variable
    gets an optimizer of its own."""
    loop = binding.ref.loops[0] if binding.ref is not None and binding.ref.loops else None
    for receiver in receivers:
        entry = optimizers.get(receiver)
        if entry is None:
            continue
        positions = entry.positions
        if positions[-1] > binding.position:
            return True
        if loop is not None:
            first_in_loop = bisect.bisect_left(positions, (loop.lineno, -1))
            if first_in_loop < len(positions) and positions[first_in_loop][0] <= (loop.end_lineno or 0):
                return True
        if previous is not None:
            for other in entry.bindings[bisect.bisect_right(positions, previous.position) :]:
                if other.position >= binding.position:
                    break
                if _same_loops(other, binding) and not _applied_between(steps, receivers, other, binding):
                    return True
    return False


def _same_loops(optimizer: Binding, variable: Binding) -> bool:
    """Does every loop around the variable's creation also run the optimizer's?"""
    outer = {id(loop) for loop in optimizer.ref.loops} if optimizer.ref is not None else set()
    return variable.ref is not None and all(id(loop) in outer for loop in variable.ref.loops)


def _applied_between(steps: dict[str, list[tuple[int, int]]], receivers: set[str], start: Binding, end: Binding) -> bool:
    """Does an optimizer in `receivers` take a step between `start` and `end`?"""
    for receiver in receivers:
        positions = steps.get(receiver, [])
        index = bisect.bisect_right(positions, start.position)
        if index < len(positions) and positions[index] < end.position:
            return True
    return False


def _tensor_rebindings(model: FileModel, gradient: GradientCall) -> Iterator[tuple[Binding, str]]:
    """The rebindings of a variable `gradient` differentiates to arithmetic on itself, in the
    loop that opens the tape afresh each iteration, when the variable is made before that
    loop, the tape does not watch the name, and the loop binds the name no other way."""
    tape, scope = gradient.tape, gradient.scope
    if tape is None or gradient.method == "minimize" or gradient.sources is None or not tape.ref.loops:
        return
    if model.graph_code(scope, gradient.ref):
        return
    loop = tape.ref.loops[-1]
    if not gradient.ref.inside(loop):
        return
    sources = gradient.sources.elts if isinstance(gradient.sources, (ast.List, ast.Tuple)) else [gradient.sources]
    for source in sources:
        if not isinstance(source, ast.Name) or source.id in tape.watched():
            continue
        inside = [
            b for b in scope.bindings_within(source.id, loop)
            if b.ref is not None and (b.ref.stmt is loop or b.ref.inside(loop)) and not _in_else(loop, b.ref.stmt)
        ]
        entering = scope.lookup(source.id, loop) if inside else None  # what the name holds as the loop starts
        made_before = entering is not None and model.is_variable(entering.value)
        if made_before and inside and all(_arithmetic_on_itself(b, source.id) for b in inside):
            yield from ((b, source.id) for b in inside)


_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div)


def _in_else(loop: ast.stmt, stmt: ast.stmt) -> bool:
    """Is `stmt` in the loop's `else:` block (run once, after the last iteration)?"""
    orelse = getattr(loop, "orelse", [])
    return bool(orelse) and orelse[0].lineno <= stmt.lineno <= (orelse[-1].end_lineno or 0)


def _arithmetic_on_itself(binding: Binding, name: str) -> bool:
    """`name = name - step` (the name an operand of the top-level arithmetic) or `name -= step`."""
    stmt = binding.ref.stmt if binding.ref is not None else None
    if isinstance(stmt, ast.AugAssign):
        return isinstance(stmt.target, ast.Name) and isinstance(stmt.op, _ARITHMETIC)
    if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
        return False
    value = stmt.value
    return (
        isinstance(value, ast.BinOp)
        and isinstance(value.op, _ARITHMETIC)
        and any(isinstance(side, ast.Name) and side.id == name for side in (value.left, value.right))
    )


def _assign_update(ctx: Context, name: str, stmt: ast.stmt) -> Edit:
    """`w = w - e` / `w -= e` becomes `w.assign_sub(e)`, `+` `assign_add`, anything else `w.assign(...)`."""
    if isinstance(stmt, ast.AugAssign):
        if isinstance(stmt.op, (ast.Sub, ast.Add)):
            method = "assign_sub" if isinstance(stmt.op, ast.Sub) else "assign_add"
            return ctx.replace(stmt, f"{name}.{method}({ctx.text(stmt.value)})")
        operator = "*" if isinstance(stmt.op, ast.Mult) else "/"
        value = ctx.text(stmt.value)
        if not isinstance(stmt.value, (ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.Call)):
            value = f"({value})"  # `w *= 1 - decay` is `w * (1 - decay)`
        return ctx.replace(stmt, f"{name}.assign({name} {operator} {value})")
    value = stmt.value  # type: ignore[attr-defined]
    if isinstance(value.op, (ast.Sub, ast.Add)) and isinstance(value.left, ast.Name) and value.left.id == name:
        method = "assign_sub" if isinstance(value.op, ast.Sub) else "assign_add"
        return ctx.replace(stmt, f"{name}.{method}({ctx.text(value.right)})")
    return ctx.replace(stmt, f"{name}.assign({ctx.text(value)})")


def _assign(ctx: Context, name: str, binding: Binding) -> Edit | list[Edit] | None:
    stmt = binding.ref.stmt if binding.ref is not None else None
    call = binding.value
    if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 or not isinstance(call, ast.Call):
        return None
    initial = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "initial_value"), None)
    if initial is None:
        return None
    if ctx.source.comments_in(ctx.range(call)):
        return _assign_in_place(ctx, name, stmt, call, initial)
    return ctx.replace(stmt, f"{name}.assign({ctx.text(initial)})")


def _assign_in_place(ctx: Context, name: str, stmt: ast.Assign, call: ast.Call, initial: ast.expr) -> list[Edit] | None:
    """`name = tf.Variable(...)` becomes `name.assign(...)` by deleting the other arguments
    one by one, so the comments between them stay where they are."""
    if any(isinstance(arg, ast.Starred) for arg in call.args) or any(k.arg is None for k in call.keywords):
        return None
    start, func_end = ctx.range(stmt).start, ctx.range(call.func).end
    edits = [Edit(Range(start, func_end), f"{name}.assign")]
    for keyword in call.keywords:
        if keyword.value is initial:
            edits.append(Edit(Range(ctx.range(keyword).start, ctx.range(initial).start), ""))
    for argument in [*call.args[1:], *(k for k in call.keywords if k.value is not initial)]:
        edits.append(_delete_argument(ctx, argument))
    return edits


def _delete_argument(ctx: Context, argument: ast.AST) -> Edit:
    """Delete an argument and the comma after it (a comma left before it stays valid)."""
    where = ctx.range(argument)
    line = ctx.source.line_text(where.end.line)
    rest = line[where.end.column :]
    comma = re.match(r"\s*,[ \t]*", rest)
    end = Position(where.end.line, where.end.column + (comma.end() if comma else 0))
    return Edit(Range(where.start, end), "")
