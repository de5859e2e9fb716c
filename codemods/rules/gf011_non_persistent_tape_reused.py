from __future__ import annotations

import ast
import bisect
from collections.abc import Iterator

from dataclasses import dataclass

from codemods.analysis.model import Scope, StmtRef, Tape
from codemods.findings import Applicability, Edit, Finding, Position, Range
from codemods.rules.base import Context, Rule


class NonPersistentTapeReused(Rule):
    """
    ## What it does
    Checks for more than one `gradient`/`jacobian` call on a `tf.GradientTape` created
    without `persistent=True`, either in a row or as one call inside a loop. Handing the
    tape to a function defined in the file that calls `tape.gradient` counts as a call.

    ## Why is this bad?
    A non-persistent tape releases its recorded operations after the first call. The second
    call fails:

        RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)

    ## Example
    ```python
    with tf.GradientTape() as tape:
        g_loss, d_loss = losses(model(x))
    g_grads = tape.gradient(g_loss, generator.trainable_variables)
    d_grads = tape.gradient(d_loss, discriminator.trainable_variables)
    ```

    ## Use instead
    ```python
    with tf.GradientTape(persistent=True) as tape:
        g_loss, d_loss = losses(model(x))
    g_grads = tape.gradient(g_loss, generator.trainable_variables)
    d_grads = tape.gradient(d_loss, discriminator.trainable_variables)
    del tape
    ```

    ## Fix safety
    Safe: the tape keeps its recording until it is deleted, and `del tape` after its last
    use releases the memory as soon as the non-persistent tape would have.
    """

    code = "GF011"
    name = "non-persistent-tape-reused"
    summary = "A non-persistent GradientTape is asked for gradients more than once"
    fix_title = "Make the tape persistent and delete it after its last use"
    applicability = Applicability.SAFE
    tokens = ("GradientTape", (".gradient", ".jacobian", ".batch_jacobian"))

    def check(self, ctx: Context) -> Iterator[Finding]:
        for scope, tape in ctx.model.tapes():
            if tape.persistent or tape.name is None:
                continue
            uses = [g for g in ctx.model.gradient_calls_on(scope, tape) if g.method != "minimize"]
            uses = sorted([*uses, *_handed_to_helpers(ctx, scope, tape)], key=lambda g: (g.call.lineno, g.call.col_offset))
            uses = uses[:1] + [u for u in uses[1:] if not _failure_caught(u.ref, tape)]  # a demonstration of the error
            in_loop = [g for g in uses if any(not _within(tape.with_stmt, loop) for loop in g.ref.loops)]
            repeated = [b for i, b in enumerate(uses) if any(not a.ref.excludes(b.ref) for a in uses[:i])]
            if not repeated and not in_loop:
                continue
            second = repeated[0] if repeated else in_loop[0]
            how = f"{len(uses)} times" if repeated else "in a loop"
            helpers = sorted({ctx.text(u.call.func) for u in uses if isinstance(u, _HelperUse)})
            through = f" (handed to `{'`, `'.join(helpers)}`)" if helpers else ""
            message = f"Non-persistent tape `{tape.name}` is used {how}{through}; only the first call can succeed"
            yield self.finding(ctx, second.call, message, [_make_persistent(ctx, tape.construction), *_delete_after(ctx, tape, uses)])


@dataclass(frozen=True)
class _HelperUse:
    """`helper(tape, ...)`: a function defined in the file that calls `tape.gradient`."""

    call: ast.Call
    ref: StmtRef


def _openings(scope: Scope, name: str | None) -> list[tuple[int, int]]:
    """Where the tapes of `scope` named `name` open, in order (worked out once per name)."""
    key = ("tape openings", name)
    found = scope.tables.get(key)
    if found is None:
        found = scope.tables[key] = sorted((t.with_stmt.lineno, t.with_stmt.col_offset) for t in scope.tapes if t.name == name)
    return found  # type: ignore[return-value]


def _handed_to_helpers(ctx: Context, scope: Scope, tape: Tape) -> list[_HelperUse]:
    """Calls in `scope`, after the tape opens, that pass the tape to a function defined in
    the file asking it for gradients: each is one use of the tape."""
    model = ctx.model
    if not model.spells(tape.name):
        return []
    found = []
    opened = (tape.with_stmt.lineno, tape.with_stmt.col_offset)
    # A later tape of the same name takes over from where it opens.
    openings = _openings(scope, tape.name)
    index = bisect.bisect_right(openings, opened)
    until = openings[index] if index < len(openings) else (float("inf"), 0)
    for call, ref in model.calls_passing(scope, tape.name):
        if not opened <= (call.lineno, call.col_offset) < until:
            continue
        function = model.callee(call, scope)
        if function is None or model.scope_of(function) is scope:
            continue
        if any(isinstance(argument, ast.Name) and argument.id == tape.name for argument in (model.argument_for(call, function, p) for p in model.tape_parameters(function))):
            if scope.lookup(tape.name, call) is not None and model.ref_of(tape.with_stmt) is not None:
                found.append(_HelperUse(call, ref))
    return found


def _failure_caught(ref: StmtRef, tape: Tape) -> bool:
    """Is the use in the body of a `try`, opened after the tape's block, that catches the
    `RuntimeError` a second call raises (`except RuntimeError as e: print(e)`: the author
    shows the failure on purpose)? Not a `try` around the whole step, nor `except Exception`."""
    for parent in ref.parents:
        if not isinstance(parent, ast.Try) or not parent.body or parent.lineno <= tape.with_stmt.lineno:
            continue
        if not parent.body[0].lineno <= ref.stmt.lineno <= (parent.body[-1].end_lineno or 0):
            continue
        for handler in parent.handlers:
            caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            if any(isinstance(c, (ast.Name, ast.Attribute)) and (c.id if isinstance(c, ast.Name) else c.attr) == "RuntimeError" for c in caught):
                return True
    return False


def _within(inner: ast.stmt, outer: ast.stmt) -> bool:
    """Is `inner` part of `outer` (so a loop around both re-creates the tape)?"""
    return outer.lineno <= inner.lineno and (inner.end_lineno or 0) <= (outer.end_lineno or 0) and inner is not outer


def _make_persistent(ctx: Context, construction: ast.Call) -> Edit:
    for keyword in construction.keywords:
        if keyword.arg == "persistent":
            return ctx.replace(keyword.value, "True")
    arguments = [*construction.args, *construction.keywords]
    if not arguments:
        end = ctx.range(construction).end
        before_paren = Position(end.line, end.column - 1)
        return Edit(Range(before_paren, before_paren), "persistent=True")
    return ctx.insert_after(arguments[-1], ", persistent=True")


def _delete_after(ctx: Context, tape, uses) -> list[Edit]:
    """`del tape` after the statement of the tape's own block that holds its last use."""
    block = tape.ref.block
    last = max(uses, key=lambda g: (g.call.lineno, g.call.col_offset))
    holder = next((stmt for stmt in block if stmt is last.ref.stmt or last.ref.inside(stmt)), None)
    if holder is None or isinstance(holder, ast.Return):
        return []
    indent = ctx.indentation(holder)
    if indent is None:
        return []
    end_line = holder.end_lineno or holder.lineno
    where = Position(end_line + 1, 0)
    if end_line >= len(ctx.source.lines) or not ctx.source.lines[end_line - 1].endswith(("\n", "\r")):
        return []
    return [Edit(Range(where, where), f"{indent}del {tape.name}{ctx.source.newline_at(end_line)}")]
