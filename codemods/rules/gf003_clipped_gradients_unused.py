from __future__ import annotations

import ast
import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING

from codemods.analysis.model import ApplyCall, ClipCall, Scope
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
    ```

    ## Use instead
    ```python
    clipped, _ = tf.clip_by_global_norm(grads, 1.0)
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))

    grads = [tf.clip_by_norm(g, 5.0) for g in grads]
    ```

    ## Fix safety
    Safe: the clipped gradients the code already computes are the ones applied. A discarded
    clip is rebound to the gradients' name. Rebinding the same name
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
                    continue
                grads = clip.clipped.id
                if clip.result == grads:
                    continue
                use = _unclipped_use(scope, clip, grads)
                if use is None:
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

        edit = rewrite_statements(ctx.source, clip.ref.block, clip.ref.index, clip.ref.index, transform)
        return self.finding(ctx, stmt, message, [edit])


def _helper_clips(ctx: Context, scope: Scope) -> list[ClipCall]:
    """`clip(grads)` and `clipped = clip(grads)` where `clip` is a function defined in the
    file that returns its argument clipped (`return [tf.clip_by_norm(g, 1.0) for g in grads]`)."""
    if not scope.apply_calls:
        return []
    model = ctx.model
    found = []
    for call, ref in model.scope_calls(scope):
        stmt = ref.stmt
        if isinstance(stmt, ast.Expr) and stmt.value is call:
            result = None
        elif isinstance(stmt, ast.Assign) and stmt.value is call and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            result = stmt.targets[0].id
        else:
            continue
        function = model.function_called(call, scope)
        parameter = model.clipping_helper(function) if function is not None else None
        argument = model.argument_for(call, function, parameter) if parameter is not None else None  # type: ignore[arg-type]
        if isinstance(argument, ast.Name):
            found.append(ClipCall(call, f"helper {function.name}", argument, result, None, ref))  # type: ignore[union-attr]
    return found


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
