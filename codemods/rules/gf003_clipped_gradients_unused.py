from __future__ import annotations

import ast
import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING

from codemods.analysis.model import CLIP_FUNCTIONS, ApplyCall, Binding, ClipCall, FileModel, Scope
from codemods.analysis.names import last_name
from codemods.analysis.walk import walk
from codemods.findings import Applicability, Finding
from codemods.rewrite import rewrite_statements
from codemods.rules.base import Context, Rule

if TYPE_CHECKING:  # libcst is imported only when a fix rewrites statements
    import libcst as cst


class ClippedGradientsUnused(Rule):
    """
    ## What it does
    Checks for gradients that are clipped (`tf.clip_by_global_norm`, `tf.clip_by_norm`,
    `tf.clip_by_value`, or a list comprehension of them) into a new name, or whose clipped
    values are thrown away, while the unclipped gradients are what `apply_gradients` gets.
    A function defined in the file that returns its argument clipped counts as a clip:
    `clip(grads)` called as a statement, or `clipped = clip(grads)` then `grads` applied.

    TF1-style (gradient, variable) pairs are followed too: pairs from
    `optimizer.compute_gradients(loss)` or `list(zip(grads, variables))` taken apart with
    `grads, variables = zip(*grads_and_vars)` (or `[g for g, _ in grads_and_vars]`) whose
    gradients are clipped, and pairs clipped in a comprehension
    (`capped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in grads_and_vars]`), while
    `apply_gradients(grads_and_vars)` still gets the unclipped pairs. A clipped name that is
    read again after the clip (applied on another branch) is not flagged, nor
    `_, norm = tf.clip_by_global_norm(grads, ...)`, which wants only the norm.

    ## Why is this bad?
    The update is not clipped, and nothing says so: TensorFlow raises no error. Exploding
    gradients the clipping was meant to tame reach the variables anyway, and training
    diverges or turns to NaN exactly when the clipping mattered.

    ## Example
    ```python
    clipped, _ = tf.clip_by_global_norm(grads, 1.0)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

    for g in grads:
        tf.clip_by_norm(g, 5.0)

    grads_and_vars = optimizer.compute_gradients(loss)
    grads, variables = zip(*grads_and_vars)
    clipped, _ = tf.clip_by_global_norm(grads, 5.0)
    train_op = optimizer.apply_gradients(grads_and_vars, global_step=global_step)
    ```

    ## Use instead
    ```python
    clipped, _ = tf.clip_by_global_norm(grads, 1.0)
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))

    grads = [tf.clip_by_norm(g, 5.0) for g in grads]

    train_op = optimizer.apply_gradients(zip(clipped, variables), global_step=global_step)
    ```

    ## Fix safety
    Safe: the clipped gradients the code already computes are the ones applied. A discarded
    clip is rebound to the gradients' name. Unclipped pairs are replaced by the clipped
    gradients zipped with the variables the same `zip(*...)` gave (or, for a list of pairs,
    `[v for _, v in grads_and_vars]`), or by the clipped pairs; where neither is at hand
    (pairs handed in as a parameter, a `zip` iterator already used up), no fix is offered. Rebinding the same name
    (`grads, _ = tf.clip_by_global_norm(grads, 1.0)`) is correct and not flagged.
    """

    code = "GF003"
    name = "clipped-gradients-unused"
    summary = "Gradients are clipped, but the unclipped ones are applied"
    fix_title = "Apply the clipped gradients"
    applicability = Applicability.SAFE
    tokens = ("clip_by_", "apply_gradients")

    def check(self, ctx: Context) -> Iterator[Finding]:
        for scope in ctx.model.scopes:
            for clip in [*scope.clip_calls, *_helper_clips(ctx, scope)]:
                if not isinstance(clip.clipped, ast.Name):
                    if clip.result not in {None, "_"}:
                        # `clipped, _ = tf.clip_by_global_norm([g for g, _ in grads_and_vars], 5.0)`
                        found = self._pairs_applied_whole(ctx, scope, clip)
                        if found is not None:
                            yield found
                    continue
                grads = clip.clipped.id
                if clip.result == "_":
                    continue  # explicitly dropped: only the norm is wanted
                use = _unclipped_use(scope, clip, grads) if clip.result != grads else None
                if use is None:
                    if clip.result is not None:
                        found = self._pairs_applied_whole(ctx, scope, clip)
                        if found is not None:
                            yield found
                    continue
                if clip.result is None:
                    yield self._discarded(ctx, clip, grads)
                else:
                    yield self.finding(
                        ctx,
                        use,
                        f"`{grads}` reaches `apply_gradients` unclipped; the clipped `{clip.result}` "
                        f"(line {clip.ref.stmt.lineno}) is never applied",
                        [ctx.replace(use, clip.result)],
                    )
            yield from self._clipped_pairs_unused(ctx, scope)

    def _pairs_applied_whole(self, ctx: Context, scope: Scope, clip: ClipCall) -> Finding | None:
        """`grads, variables = zip(*grads_and_vars)`, the gradients clipped (into a new name
        or the same), and then `apply_gradients(grads_and_vars)`: the pairs still hold the
        unclipped ones."""
        model = ctx.model
        binding: Binding | None = None
        if isinstance(clip.clipped, ast.Name):
            # Looked up at the statement: `grads = [clip(g) for g in grads]` reads the earlier `grads`.
            binding = scope.lookup(clip.clipped.id, clip.ref.stmt)
            half = model.unzipped_half(binding, scope) if binding is not None else None
        else:
            half = model.comprehension_half(clip.clipped, scope, clip.ref.stmt)
        if half is None or half[0] != 0 or clip.result is None:
            return None
        pairs = half[1]
        found = _whole_pairs_applied(ctx, scope, pairs, clip.ref.stmt, clip.result)
        if found is None:
            return None
        apply, used = found
        message = (
            f"`{used.id}` still holds the unclipped gradients; the clipped "
            f"`{clip.result}` (line {clip.ref.stmt.lineno}) is never applied"
        )
        variables = _variables_half(scope, binding, apply) if binding is not None else None
        if variables is None and pairs.kind != "param" and _is_list(pairs):
            variables = f"[v for _, v in {used.id}]"
        edit = ctx.replace(apply.grads_and_vars, f"zip({clip.result}, {variables})") if variables else None  # type: ignore[arg-type]
        return self.finding(ctx, used, message, [edit])

    def _clipped_pairs_unused(self, ctx: Context, scope: Scope) -> Iterator[Finding]:
        """`capped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in grads_and_vars]` and
        then `apply_gradients(grads_and_vars)`: the clipped pairs are never applied."""
        model = ctx.model
        for binding in _clipped_pair_lists(ctx, scope):
            generator = binding.value.generators[0]  # type: ignore[union-attr]
            pairs = scope.lookup(generator.iter.id, binding.node)
            if pairs is None or not model.is_gradient_pairs(pairs):
                continue
            found = _whole_pairs_applied(ctx, scope, pairs, binding.ref.stmt, binding.name)  # type: ignore[union-attr]
            if found is None:
                continue
            apply, used = found
            message = (
                f"`{used.id}` still holds the unclipped gradients; the clipped pairs "
                f"`{binding.name}` (line {binding.node.lineno}) are never applied"  # type: ignore[attr-defined]
            )
            yield self.finding(ctx, used, message, [ctx.replace(used, binding.name)])

    def _discarded(self, ctx: Context, clip: ClipCall, grads: str) -> Finding:
        stmt = clip.ref.stmt
        call = ctx.text(clip.call)
        message = f"The result of `{call}` is discarded, so `{grads}` is applied unclipped"
        if isinstance(stmt, ast.Expr):
            unpack = ", _" if clip.function == "tensorflow.clip_by_global_norm" else ""
            return self.finding(ctx, stmt, message, [ctx.insert_before(stmt, f"{grads}{unpack} = ")])
        rebind = f"{grads} = [{call} for {clip.element} in {grads}]"

        def transform(body: list[cst.BaseStatement]) -> list[cst.BaseStatement]:

            import libcst as cst

            return [cst.parse_statement(rebind + "\n").with_changes(leading_lines=body[0].leading_lines)]  # type: ignore[attr-defined]

        edit = rewrite_statements(ctx.source, clip.ref.block, clip.ref.index, clip.ref.index, transform, key=("rebind", rebind))
        return self.finding(ctx, stmt, message, [edit])


def _helper_clips(ctx: Context, scope: Scope) -> list[ClipCall]:
    """`clip(grads)` and `clipped = clip(grads)` where `clip` is a function defined in the
    file that returns its argument clipped (`return [tf.clip_by_norm(g, 1.0) for g in grads]`)."""
    if not scope.apply_calls:
        return []
    model = ctx.model
    helpers = _clipping_helper_names(model)
    if not helpers or not _spelled_in(model, helpers, scope):
        return []  # no clipping helper in the file, or none named in this function
    found = []
    for call, ref in model.scope_calls(scope, tuple(sorted(helpers))):
        func = call.func
        if last_name(func) not in helpers:
            continue  # `callee` resolves `name(...)` and `self.name(...)` to a function named so
        stmt = ref.stmt
        if isinstance(stmt, ast.Expr) and stmt.value is call:
            result = None
        elif isinstance(stmt, ast.Assign) and stmt.value is call and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            result = stmt.targets[0].id
        else:
            continue
        function = model.callee(call, scope)
        parameter = model.clipping_helper(function) if function is not None else None
        argument = model.argument_for(call, function, parameter) if parameter is not None else None  # type: ignore[arg-type]
        if isinstance(argument, ast.Name):
            found.append(ClipCall(call, f"helper {function.name}", argument, result, None, ref))  # type: ignore[union-attr]
    return found


def _spelled_in(model: FileModel, helpers: frozenset[str], scope: Scope) -> bool:
    """Does a line of `scope` spell one of `helpers`? (The lines spelling any of them are
    merged once per file: a file of many helpers and functions asks each function.)"""
    tables = model.scopes[0].tables
    lines = tables.get("clipping helper lines")
    if lines is None:
        spelled = [model.lines_spelling(name) for name in helpers]
        lines = tables["clipping helper lines"] = None if any(s is None for s in spelled) else sorted({n for s in spelled for n in s})  # type: ignore[union-attr]
    if lines is None or isinstance(scope.node, ast.Module):
        return True  # not ASCII (no word index), or the whole file
    node = scope.node
    return bisect.bisect_left(lines, node.lineno) < bisect.bisect_right(lines, node.end_lineno or node.lineno)  # type: ignore[arg-type]


def _clipping_helper_names(model: FileModel) -> frozenset[str]:
    """Names of the file's functions that return their argument clipped (once per file)."""
    tables = model.scopes[0].tables
    found = tables.get("clipping helpers")
    if found is None:
        found = tables["clipping helpers"] = frozenset(
            scope.node.name
            for scope in model.scopes
            if isinstance(scope.node, (ast.FunctionDef, ast.AsyncFunctionDef)) and model.clipping_helper(scope.node) is not None
        )
    return found  # type: ignore[return-value]


def _unclipped_use(scope: Scope, clip: ClipCall, grads: str) -> ast.Name | None:
    """The `grads` name inside a later `apply_gradients` that still means the unclipped value."""
    after = clip.ref.stmt
    applies = _applies_by_position(scope)
    start = bisect.bisect_right(applies, (after.lineno, after.col_offset), key=lambda item: item[0])
    for _, apply in applies[start:]:
        used = gradients_argument(apply)
        if used is None or used.id != grads or (used.lineno, used.col_offset) <= (after.lineno, after.col_offset):
            continue  # (pairs zipped before the clip: replacing the name would read it early)
        if scope.bindings_between(grads, clip.ref.stmt, apply.call):
            break  # rebound in between (for example to the clipped value), so for every later call too
        if clip.result and scope.bindings_between(clip.result, clip.ref.stmt, apply.call):
            continue
        return used
    return None


def _whole_pairs_applied(
    ctx: Context, scope: Scope, pairs: Binding, after: ast.stmt, clipped: str
) -> tuple[ApplyCall, ast.Name] | None:
    """The first `apply_gradients(pairs)` after `after` that still gets the `pairs` binding,
    when the clipped name is read nowhere after it (not applied on some other path)."""
    end = (after.end_lineno or after.lineno, after.end_col_offset or 0)
    lines = ctx.model.lines
    if any(
        (n.lineno, n.col_offset) >= end and "#" not in lines[n.lineno - 1].encode("utf-8")[: n.col_offset].decode("utf-8", "ignore")
        for n in ctx.model.loads(scope, clipped)
    ):
        return None  # (a mention in a comment does not count)
    applies = _applies_by_position(scope)
    start = bisect.bisect_right(applies, (after.lineno, after.col_offset), key=lambda item: item[0])
    for _, apply in applies[start:]:
        used = apply.grads_and_vars
        if isinstance(used, ast.Call) and isinstance(used.func, ast.Name) and used.func.id in {"list", "tuple"} and len(used.args) == 1:
            used = used.args[0]
        if not isinstance(used, ast.Name) or used.id != pairs.name or scope.lookup(used.id, apply.call) is not pairs:
            continue
        if scope.bindings_between(clipped, after, apply.call):
            continue
        return apply, used
    return None


def _clipped_pair_lists(ctx: Context, scope: Scope) -> Iterator[Binding]:
    """Bindings of `[(clip(g, ...), v) for g, v in <name>]` in `scope` (a filter allowed;
    the clip may sit in a conditional expression, `... if g is not None else None`)."""
    imports = ctx.model.imports
    for binding in scope.all_bindings():
        value = binding.value
        if binding.kind != "assign" or binding.unpack_index is not None or not isinstance(value, ast.ListComp):
            continue
        if len(value.generators) != 1 or not isinstance(value.generators[0].iter, ast.Name):
            continue
        target, element = value.generators[0].target, value.elt
        if not (isinstance(target, ast.Tuple) and len(target.elts) == 2 and all(isinstance(e, ast.Name) for e in target.elts)):
            continue
        if not (isinstance(element, ast.Tuple) and len(element.elts) == 2 and isinstance(element.elts[1], ast.Name)):
            continue
        grad, variable = (e.id for e in target.elts)  # type: ignore[attr-defined]
        if element.elts[1].id != variable:
            continue
        if any(
            isinstance(node, ast.Call) and imports.call_name(node) in CLIP_FUNCTIONS and node.args
            and isinstance(node.args[0], ast.Name) and node.args[0].id == grad
            for node in walk(element.elts[0])
        ):
            yield binding


def _variables_half(scope: Scope, grads: Binding, apply: ApplyCall) -> str | None:
    """The name `grads, variables = zip(*pairs)` gave the variables, if it still holds them
    at `apply`."""
    if grads.unpack_index != 0 or len(grads.unpack_names) != 2:
        return None
    name = grads.unpack_names[1]
    if not name or name == "_":
        return None
    binding = scope.lookup(name, apply.call)
    if binding is None or binding.ref is None or binding.ref is not grads.ref or binding.unpack_index != 1:
        return None
    return name


def _is_list(pairs: Binding) -> bool:
    """A list that can be iterated twice (not a `zip` iterator, which `zip(*pairs)` used up)."""
    value = pairs.value
    return isinstance(value, ast.Call) and not (isinstance(value.func, ast.Name) and value.func.id == "zip")


def _applies_by_position(scope: Scope) -> list[tuple[tuple[int, int], ApplyCall]]:
    key = "applies by position"
    found = scope.tables.get(key)
    if found is None:
        found = scope.tables[key] = sorted(
            (((a.call.lineno, a.call.col_offset), a) for a in scope.apply_calls), key=lambda item: item[0]
        )
    return found  # type: ignore[return-value]


def gradients_argument(apply: ApplyCall) -> ast.Name | None:
    """The name of the gradients `apply_gradients` receives: `g` in `zip(g, v)`,
    `list(zip(g, v))`, a comprehension over `zip(g, v)`, or a bare `g`."""
    value = apply.pairs_value
    while True:
        if isinstance(value, ast.Name):
            return value
        if isinstance(value, ast.ListComp) and len(value.generators) == 1:
            value = value.generators[0].iter
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.args:
            if value.func.id == "zip":
                value = value.args[0]
            elif value.func.id in {"list", "tuple"}:
                value = value.args[0]
            else:
                return None
        else:
            return None
