from __future__ import annotations

import ast
from collections.abc import Iterator

from codemods.analysis.dataflow import variable_roots
from codemods.analysis.model import ApplyCall, Binding
from codemods.findings import Applicability, Edit, Finding
from codemods.rules.base import Context, Rule


class OptimizerSharedAcrossVariableSets(Rule):
    """
    ## What it does
    Checks for one Keras optimizer instance applied to two different variable collections:
    a generator and a discriminator sharing one `Adam`, an encoder and a separate head, a
    model rebuilt while the optimizer is kept, and one optimizer built before a loop that
    binds a new model on every iteration (`for model in models:`, a model rebuilt per fold).

    ## Why is this bad?
    A Keras 3 optimizer builds its state (moments, step counts) for the variables of its
    first `apply_gradients` call and refuses any other:

        ValueError: Unknown variable: <tf.Variable ...>. This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.

    With older optimizers that did not check, the two networks shared one step count and
    learning-rate schedule, silently.

    ## Example
    ```python
    optimizer = tf.keras.optimizers.Adam(1e-4)
    ...
    optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))
    ```

    ## Use instead
    ```python
    optimizer = tf.keras.optimizers.Adam(1e-4)
    discriminator_optimizer = tf.keras.optimizers.Adam(1e-4)
    ...
    optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    discriminator_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))
    ```

    ## Fix safety
    Unsafe: the second collection gets its own optimizer, built by the same constructor
    call, so each keeps its own state; in a loop, a fresh optimizer is built right after
    each new model. An optimizer handed in by the caller (`self.optimizer = optimizer`) is
    copied with `type(optimizer).from_config(optimizer.get_config())`. Code that relied on a
    shared step count (for a schedule, say) changes behaviour.
    """

    code = "GF016"
    name = "optimizer-shared-across-variable-sets"
    summary = "One optimizer instance updates two different variable collections"
    fix_title = "Give the second variable collection its own optimizer"
    applicability = Applicability.UNSAFE
    tokens = ("apply_gradients",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        groups: dict[object, list[tuple[ApplyCall, set[tuple[str, int | None]], Binding | None]]] = {}
        for apply in ctx.model.apply_calls():
            key, binding = _identity(ctx, apply)
            pair = apply.zipped
            if key is None or pair is None:
                continue
            unzipped = _unzipped_variable_roots(ctx, apply, pair[1])
            roots = _bound_roots(apply, variable_roots(pair[1], apply.scope, apply.call) if unzipped is None else unzipped)
            if roots:
                groups.setdefault(key, []).append((apply, roots, binding))
        for calls in groups.values():
            if len(calls) == 1:
                found = _rebound_in_loop(ctx, *calls[0])
                if found is not None:
                    yield self.finding(ctx, calls[0][0].call, found[0], [found[1]])
                continue
            first_apply, first_roots, binding = calls[0]
            for apply, roots, _ in calls[1:]:
                if roots & first_roots:
                    continue
                receiver = ctx.text(apply.receiver)
                before, now = _names(first_roots), _names(roots)
                if before == now:
                    now = f"a new `{now}` (rebound since)"
                else:
                    now = f"`{now}`"
                message = (
                    f"`{receiver}` updates `{before}` (line {first_apply.call.lineno}) and {now}; "
                    "a Keras optimizer can only update the variables it was built with"
                )
                yield self.finding(ctx, apply.call, message, _separate_optimizer(ctx, apply, binding, {r for r, _ in roots}))
                break


def _rebound_in_loop(
    ctx: Context, apply: ApplyCall, roots: set[tuple[str, int | None]], binding: Binding | None
) -> tuple[str, Edit | None] | None:
    """The message and fix when one optimizer, built before a loop, updates a model or
    variables the loop binds afresh on every iteration (`for model in models:`, a model
    rebuilt per fold). The fix builds a fresh optimizer right after each new binding."""
    if binding is None or binding.ref is None or not apply.ref.loops:
        return None
    for loop in apply.ref.loops:
        if binding.ref.inside(loop) or binding.ref.stmt is loop or binding.position > (loop.lineno, loop.col_offset):
            continue
        for root, _ in sorted(roots):
            name = root.split(".")[0]
            if name == "self":
                continue
            for rebinding in apply.scope.bindings.get(name, []):
                ref = rebinding.ref
                if ref is None or not (ref.stmt is loop or ref.inside(loop)):
                    continue
                if ref.stmt is not loop and any(isinstance(p, ast.If) for p in ref.parents[ref.parents.index(loop) :]):
                    continue  # built on the first iteration only, perhaps
                if rebinding.kind not in {"assign", "for"} or ctx.model.is_variable(rebinding.value):
                    continue  # a re-created tf.Variable is GF006's finding
                if rebinding.kind == "assign" and rebinding.position > (apply.call.lineno, apply.call.col_offset):
                    continue
                value = rebinding.value
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and ctx.model.imports.call_name(value) is None:
                    continue  # `model.get_params()`: the same variables handed out again, not new ones
                message = (
                    f"`{ctx.text(apply.receiver)}` is built once, before the loop, but `{name}` is bound afresh on every "
                    "iteration; a Keras optimizer can only update the variables it was built with"
                )
                return message, _fresh_optimizer_after(ctx, apply, binding, rebinding)
        return None
    return None


def _fresh_optimizer_after(ctx: Context, apply: ApplyCall, binding: Binding, rebinding: Binding) -> Edit | None:
    if not isinstance(apply.receiver, ast.Name) or binding.value is None or binding.ref is None:
        return None
    if not isinstance(binding.ref.stmt, ast.Assign) or len(binding.ref.stmt.targets) != 1 or rebinding.ref is None:
        return None
    line = f"{apply.receiver.id} = {ctx.text(binding.value)}"
    if "\n" in line:
        return None
    stmt = rebinding.ref.stmt
    if rebinding.kind == "assign" and rebinding.ref.loops == apply.ref.loops:
        return None  # rebound per step: an optimizer built there would be GF012's per-step optimizer
    if rebinding.kind == "for" and isinstance(stmt, (ast.For, ast.AsyncFor)):
        return ctx.insert_lines_at_block_start(stmt.body, [line])
    return ctx.insert_line_after(stmt, line) if isinstance(stmt, ast.Assign) else None


def _bound_roots(apply: ApplyCall, roots: set[str]) -> set[tuple[str, int | None]]:
    """Each root with the binding of its first name where it is used: `model` before and
    after `model = build_model()` are different collections."""
    bound = set()
    for root in roots:
        binding = apply.scope.lookup(root.split(".")[0], apply.call)
        bound.add((root, id(binding) if binding is not None and binding.kind == "assign" else None))
    return bound


def _names(roots: set[tuple[str, int | None]]) -> str:
    return ", ".join(sorted({root for root, _ in roots}))


def _identity(ctx: Context, apply: ApplyCall) -> tuple[object | None, Binding | None]:
    """What makes two receivers the same optimizer object: the binding of a name to an
    optimizer construction, or `self.<attr>` of one class."""
    receiver = apply.receiver
    ref = ctx.model.optimizer_of(receiver, apply.scope, apply.call)
    injected = (
        isinstance(receiver, ast.Attribute)
        and apply.scope.class_info is not None
        and ctx.model.injected_optimizer(apply.scope.class_info, receiver.attr) is not None
    )
    if ref is None or (ref.kind != "keras" and not injected):
        return None, None
    if ref.construction is not None and (ctx.model.imports.call_name(ref.construction) or "").startswith("tensorflow.train."):
        return None, None  # a TF1 optimizer makes slots for any variable it is handed
    if isinstance(receiver, ast.Name):
        binding = apply.scope.lookup(receiver.id, apply.call)
        return (id(binding) if binding is not None else None), binding
    if isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id == "self":
        info = apply.scope.class_info
        bindings = info.self_bindings.get(receiver.attr, []) if info is not None else []
        return ((id(info), receiver.attr) if info is not None else None), (bindings[-1] if bindings else None)
    return None, None


def _separate_optimizer(ctx: Context, apply: ApplyCall, binding: Binding | None, roots: set[str]) -> list[Edit | None]:
    if binding is None or binding.value is None or binding.ref is None or not isinstance(binding.ref.stmt, ast.Assign):
        return [None]
    if isinstance(binding.value, ast.Call):
        copy = ctx.text(binding.value)
    elif isinstance(binding.value, ast.Name):
        # An optimizer handed in by the caller: a fresh one with the same configuration.
        copy = f"type({binding.value.id}).from_config({binding.value.id}.get_config())"
    else:
        return [None]
    owner = sorted(roots)[0].rsplit(".", 1)[-1] if len(roots) == 1 else "second"
    name = ctx.fresh_name(f"{owner}_optimizer")
    is_attribute = isinstance(apply.receiver, ast.Attribute)
    target = f"self.{name}" if is_attribute else name
    return [
        ctx.insert_line_after(binding.ref.stmt, f"{target} = {copy}"),
        ctx.replace(apply.receiver, target),
    ]


def _unzipped_variable_roots(ctx: Context, apply: ApplyCall, variables: ast.expr) -> set[str] | None:
    """`grads, variables = zip(*pairs)`: the roots of the variables `pairs` was zipped from
    (`pairs = list(zip(grads, model.trainable_variables))`), not the name `variables`; none
    when the pairs come from elsewhere (`compute_gradients`). None for any other variables."""
    half = ctx.model.pair_half(variables, apply.scope, apply.call)
    if half is None or half[0] != 1:
        return None
    value = half[1].value
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "list" and value.args:
        value = value.args[0]
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "zip" and len(value.args) == 2:
        return variable_roots(value.args[1], apply.scope, half[1].node)
    return set()
