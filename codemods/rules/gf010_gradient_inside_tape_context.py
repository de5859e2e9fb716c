from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

from codemods.analysis.dataflow import assigned_names, flatten, read_names, value_of
from codemods.analysis.model import FileModel, GradientCall, Scope, Tape
from codemods.findings import Applicability, Edit, Finding
from codemods.rewrite import rewrite_statements, without_leading_blank_lines
from codemods.rules.base import Context, Rule

if TYPE_CHECKING:  # libcst is imported only when a fix rewrites statements
    import libcst as cst


class GradientInsideTapeContext(Rule):
    """
    ## What it does
    Checks for `tape.gradient(...)` called inside the `with` block of that same tape, when
    it is not part of a higher-order derivative (an outer tape differentiating the inner
    gradient) and the tape is persistent.

    ## Why is this bad?
    On a persistent tape, the gradient computation is itself recorded, costing memory and
    time; TensorFlow warns:

        Calling GradientTape.gradient on a persistent tape inside its context is significantly less efficient than calling it outside the context

    A non-persistent tape stops recording at the call and can give no second gradient, so
    nothing is lost there: it is not flagged.

    ## Example
    ```python
    with tf.GradientTape(persistent=True) as tape:
        loss = loss_fn(y, model(x))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Use instead
    ```python
    with tf.GradientTape(persistent=True) as tape:
        loss = loss_fn(y, model(x))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Fix safety
    Safe: the statements from the gradient call to the end of the block move out of it,
    in order and with their comments, and run at the same point; only what the tape
    records changes. Nested tapes used for second derivatives are not flagged; in a block
    where some gradient is recorded to be differentiated again (higher orders by design),
    only gradients with respect to something other than the watched inputs are.
    """

    code = "GF010"
    name = "gradient-inside-tape-context"
    summary = "tape.gradient is called inside the tape's own with-block"
    fix_title = "Move the gradient computation after the with-block"
    applicability = Applicability.SAFE
    tokens = ("GradientTape", (".gradient", ".jacobian", ".batch_jacobian"))

    def check(self, ctx: Context) -> Iterator[Finding]:
        for scope, tape in ctx.model.tapes():
            if not tape.persistent:
                continue  # recording stops at the call; a non-persistent tape loses nothing
            tape_blocks = ctx.model.tape_blocks(scope)
            if any(id(parent) in tape_blocks for parent in tape.ref.parents):
                continue  # a higher-order derivative: the outer tape must see the inner gradient
            in_block = [
                g for g in ctx.model.gradient_calls_on(scope, tape)
                if g.method != "minimize"
                and g.ref.inside(tape.with_stmt)
                and not g.ref.inside_with_call("stop_recording")  # as TensorFlow documents
                # inside an inner tape's block: that tape records the gradient on purpose
                and not any(id(p) in tape_blocks and p is not tape.with_stmt for p in g.ref.parents)
            ]
            feeding = [g for g in in_block if _feeds_later_gradient(ctx.model, g, scope, tape)]
            inside = [g for g in in_block if g not in feeding]
            if feeding:
                # The block records gradients to differentiate them again (a PINN's second
                # derivatives): higher orders by design. The other derivatives with respect
                # to the same inputs (watched, or those differentiated again) are part of
                # that computation; a gradient with respect to anything else (the training
                # step's variables) is not.
                inputs = tape.watched() | {name for g in feeding if g.sources is not None for name in _names(g.sources)}
                inside = [g for g in inside if not (g.sources is not None and _names(g.sources) and _names(g.sources) <= inputs)]
            if not inside:
                continue
            first = min(inside, key=lambda g: (g.call.lineno, g.call.col_offset))
            holder = next(i for i, stmt in enumerate(tape.body) if stmt is first.ref.stmt or first.ref.inside(stmt))
            message = (
                f"`{tape.name}.{first.method}` is called inside persistent `{tape.name}`'s own with-block; "
                "the tape records its own gradient computation (significantly less efficient)"
            )
            movable = _only_gradients_need(ctx.model, scope, tape, holder) and first.ref.stmt is tape.body[holder]
            yield self.finding(ctx, first.call, message, [_move_tail_out(ctx, tape, holder) if movable else None])


def _only_gradients_need(model: FileModel, scope: Scope, tape: Tape, start: int) -> bool:
    """Can `tape.body[start:]` leave the block without un-recording anything? Not when a
    statement there computes what a gradient of the tape differentiates (a forward pass in a
    loop between gradient calls, a second loss)."""
    tail = list(flatten(tape.body[start:]))
    first_line = tape.body[start].lineno
    needed: set[str] = set()
    for gradient in model.gradient_calls_on(scope, tape):
        if gradient.call.lineno >= first_line and gradient.target is not None:
            needed |= read_names(gradient.target)
    for stmt in reversed(tail):
        if assigned_names(stmt) & needed:
            if model.gradient_call_of(value_of(stmt)) is None:
                return False
            needed |= read_names(value_of(stmt))
    return True


def _feeds_later_gradient(model: FileModel, gradient: GradientCall, scope: Scope, tape: Tape) -> bool:
    """A gradient the same tape later differentiates through (a gradient penalty): the
    recording inside the block is the point."""
    produced = assigned_names(gradient.ref.stmt)
    if not produced:
        return False
    later = [g for g in model.gradient_calls_on(scope, tape) if g is not gradient and g.call.lineno > gradient.call.lineno]
    for other in later:
        needed = read_names(other.target) if other.target is not None else set()
        for stmt in reversed(list(flatten(tape.body))):
            if stmt.lineno <= gradient.ref.stmt.lineno:
                break
            if assigned_names(stmt) & needed:
                needed |= read_names(_evaluated(stmt))
        if needed & produced:
            return True
    return False


def _names(sources: ast.expr) -> set[str]:
    """The names of `x` or `[x, y]` (empty if any element is not a plain name)."""
    elements = sources.elts if isinstance(sources, (ast.List, ast.Tuple)) else [sources]
    return {e.id for e in elements} if all(isinstance(e, ast.Name) for e in elements) else set()


def _evaluated(stmt: ast.stmt) -> ast.AST:
    """What a statement evaluates to bind its names: a loop's iterable, not its body."""
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        return stmt.iter
    return value_of(stmt)


def _move_tail_out(ctx: Context, tape: Tape, start: int) -> Edit | None:
    """Move `tape.body[start:]` to right after the with-block."""
    if start == 0:
        return None  # the block would be left empty

    def transform(body: list[cst.BaseStatement]) -> list[cst.BaseStatement]:

        import libcst as cst

        with_node = body[0]
        if not isinstance(with_node, cst.With) or not isinstance(with_node.body, cst.IndentedBlock):
            raise _CannotRewrite
        inner = list(with_node.body.body)
        if len(inner) != len(tape.body):
            raise _CannotRewrite
        tail = [without_leading_blank_lines(inner[start]), *inner[start + 1 :]]
        return [with_node.with_changes(body=with_node.body.with_changes(body=inner[:start])), *tail]

    try:
        return rewrite_statements(ctx.source, tape.ref.block, tape.ref.index, tape.ref.index, transform, key=("out of the tape", start, len(tape.body)))
    except _CannotRewrite:
        return None


class _CannotRewrite(Exception):
    pass
