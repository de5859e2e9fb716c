from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from codemods.analysis.dataflow import assigned_names, flatten, is_variable_like, value_of
from codemods.analysis.model import FileModel, GradientCall
from codemods.analysis.names import last_name
from codemods.analysis.walk import walk
from codemods.findings import Applicability, Edit, Finding
from codemods.rewrite import rewrite_statements, without_leading_blank_lines
from codemods.rules.base import Context, Rule

if TYPE_CHECKING:  # libcst is imported only when a fix rewrites statements
    import libcst as cst


class GradientsNeverApplied(Rule):
    """
    ## What it does
    Checks for gradients computed from a tape and never read again (not applied, returned,
    stored or passed on; in a function, a line that only logs them, or hands on just their
    norm (`monitor.record(tf.linalg.global_norm(grads))`, `self.metrics["norm"] = ...`), counts
    as not read) while
    an optimizer is in scope (including `self.optimizer = optimizer` handed to `__init__`);
    and for gradients computed in every iteration of a loop but applied once, after it (or
    after an enclosing loop: reported without a fix).
    Gradients unpacked one name per variable (`dw, db = tape.gradient(...)`) count too, and
    so do gradients stored on `self` (`self.grads = tape.gradient(...)`) that no code in the
    file reads.

    ## Why is this bad?
    The weights never change (or change once, with the last batch's gradients). TensorFlow
    raises nothing: the loss just stays where it was.

    ## Example
    ```python
    for x, y in dataset:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x))
        grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Use instead
    ```python
    for x, y in dataset:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Fix safety
    Unsafe: applying gradients changes what the program does, which is the point, but
    gradfix cannot know the gradients were not meant for inspection only. An update after
    the loop (`apply_gradients`, or by hand: `assign_sub`, `-=`, a `for` loop of them), right
    after it or after statements that neither read the gradients nor leave (logging,
    bookkeeping), moves into the loop, after the gradient call (or after the loop's last
    rebinding of the gradients to a transform of themselves, such as `grads, _ =
    tf.clip_by_global_norm(grads, 5.0)`); not offered when the update reads what those
    statements set. Gradients stored on `self` that no code in the file reads get an
    `apply_gradients` after them. Gradients accumulated over micro-batches and applied once
    are not flagged.
    """

    code = "GF009"
    name = "gradients-never-applied"
    summary = "Gradients are computed but never applied (or applied once, after the loop)"
    fix_title = "Apply the gradients right after computing them"
    applicability = Applicability.UNSAFE
    tokens = ("GradientTape", ".gradient")

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        for gradient in model.gradient_calls():
            stmt = gradient.ref.stmt
            if gradient.method != "gradient":
                continue
            names = _bound_names(stmt, gradient.call)
            if not names:
                finding = self._stored_unread(ctx, gradient)
                if finding is not None:
                    yield finding
                continue
            name = names[0] if len(names) == 1 else f"[{', '.join(names)}]"
            if gradient.sources is None:
                continue
            variable_like = is_variable_like(gradient.sources, gradient.scope, gradient.call, model.is_variable)
            if not variable_like and not gradient.ref.loops:
                continue  # derivatives of tensors (saliency, second derivatives) are not updates
            positions, applying_positions = _read_positions(ctx, gradient, names)
            reads = _Reads(positions, exclude=stmt)
            late, after = _updated_after_loop(model, gradient, names, reads)
            if late and _gap_after_loop(model, after, late) and not all(_applies(u) or _updates_sources([u], gradient.sources) for u in late):
                late = []  # past other statements, only an update of what was differentiated counts
            if late and (variable_like or _updates_sources(late, gradient.sources)):
                message = f"`{name}` is computed in every iteration of the loop but applied once, after it"
                # (after an enclosing loop: reported, the update's new place left to a human)
                edit = _move_into_loop(ctx, gradient, late) if after is gradient.ref.loops[-1] else None
                yield self.finding(ctx, late[0], message, [edit])
                continue
            if not variable_like:
                continue
            optimizers = model.optimizers_visible(gradient.scope)
            if not optimizers:
                continue
            # A line that only logs the gradients reads them without applying anything.
            applying = _Reads(applying_positions, exclude=stmt)
            if applying.after(stmt) or any(applying.within_lines(loop) for loop in gradient.ref.loops):
                continue  # read later, or earlier in a loop that also computes them (the previous iteration's)
            message = f"Gradients `{name}` are computed but never applied; the weights never change"
            edit = None
            if len(optimizers) == 1 and gradient.sources is not None:
                apply = f"{optimizers[0]}.apply_gradients(zip({name}, {ctx.text(gradient.sources)}))"
                edit = ctx.insert_line_after(stmt, apply)
            yield self.finding(ctx, stmt, message, [edit])


    def _stored_unread(self, ctx: Context, gradient: GradientCall) -> Finding | None:
        """`self.grads = tape.gradient(...)` in a method, and no code in the file reads
        `.grads` (nor names it in a string, for `getattr`)."""
        stmt, model = gradient.ref.stmt, ctx.model
        if not (isinstance(stmt, ast.Assign) and stmt.value is gradient.call and len(stmt.targets) == 1):
            return None
        target = stmt.targets[0]
        if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"):
            return None
        if gradient.scope.class_info is None or model.attribute_read(target.attr) or gradient.sources is None:
            return None
        if not is_variable_like(gradient.sources, gradient.scope, gradient.call, model.is_variable):
            return None
        optimizers = model.optimizers_visible(gradient.scope)
        if not optimizers:
            return None
        name = f"self.{target.attr}"
        message = f"Gradients `{name}` are stored but no code reads them; the weights never change"
        edit = None
        if len(optimizers) == 1:
            edit = ctx.insert_line_after(stmt, f"{optimizers[0]}.apply_gradients(zip({name}, {ctx.text(gradient.sources)}))")
        return self.finding(ctx, stmt, message, [edit])


def _bound_names(stmt: ast.stmt, call: ast.Call) -> list[str]:
    """`grads = tape.gradient(...)` -> [grads]; `dw, db = tape.gradient(...)` -> [dw, db]."""
    if not (isinstance(stmt, ast.Assign) and stmt.value is call and len(stmt.targets) == 1):
        return []
    target = stmt.targets[0]
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)) and target.elts and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts]  # type: ignore[attr-defined]
    return []


class _Reads:
    """Where a name is read in a scope, but for the statement `exclude` that binds it:
    answered by binary search over the scope's read positions (computed once per name),
    not a pass over every read for every gradient."""

    def __init__(self, positions: list[tuple[int, int]], exclude: ast.stmt) -> None:
        self.positions = positions  # in source order
        self.skip_from = bisect.bisect_left(positions, (exclude.lineno, exclude.col_offset))
        self.skip_to = bisect.bisect_left(positions, (exclude.end_lineno or exclude.lineno, exclude.end_col_offset or 0))

    def _any(self, low: int, high: int) -> bool:
        """Is any read with index in [low, high) not one of the excluded?"""
        excluded = max(0, min(high, self.skip_to) - max(low, self.skip_from))
        return high - low - excluded > 0

    def after(self, stmt: ast.stmt) -> bool:
        """Is there a read after `stmt` ends?"""
        end = (stmt.end_lineno or stmt.lineno, stmt.end_col_offset or 0)
        return self._any(bisect.bisect_right(self.positions, end), len(self.positions))

    def within_lines(self, node: ast.stmt) -> bool:
        """Is there a read on the lines of `node` (a loop)?"""
        low = bisect.bisect_left(self.positions, (node.lineno, -1))
        high = bisect.bisect_left(self.positions, ((node.end_lineno or node.lineno) + 1, -1))
        return self._any(low, high)


def _read_positions(ctx: Context, gradient: GradientCall, names: list[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where the scope reads `names`, in order: all reads, and those not on a logging-only
    line. Once per scope and names, shared by every gradient call binding them (a notebook
    or script repeats `grads = tape.gradient(...)` block after block)."""
    key = ("gf009 reads", tuple(names))
    found = gradient.scope.tables.get(key)
    if found is None:
        positions = sorted(p for each in names for p in ctx.model.load_positions(gradient.scope, each))
        found = gradient.scope.tables[key] = (positions, [p for p in positions if not _only_logged(ctx, gradient, p[0])])
    return found  # type: ignore[return-value]


_LOGGING = re.compile(r"(?:tf\.summary\.\w+|print|tf\.print|logging\.\w+|logger\.\w+|wandb\.log)\(")


def _only_logged(ctx: Context, gradient: GradientCall, line_number: int) -> bool:
    """A read on a line that is one logging call (`tf.summary.scalar(..., global_norm(grads))`,
    `print(grads)`), in a function: it looks at the gradients and applies nothing. (At module
    level, notebooks print gradients to show them, then train elsewhere.)"""
    if isinstance(gradient.scope.node, ast.Module):
        return False
    line = ctx.model.lines[line_number - 1].strip()
    if bool(_LOGGING.match(line) or _NORM_RECORDED.match(line)) and line.endswith(")"):
        return True
    helper = _HELPER_CALL.fullmatch(line)
    if helper is None:
        return False
    name = helper.group(1)
    calls = [c for c, _ in ctx.model.scope_calls(gradient.scope, name) if c.lineno == line_number and last_name(c.func) == name]
    function = ctx.model.callee(calls[0], gradient.scope) if len(calls) == 1 else None
    return function is not None and _only_logs(ctx, function)


# `self.grad_norms.append(float(tf.linalg.global_norm(grads)))`, `monitor.record(tf.norm(g))`:
# a number kept for a log.
# `self.metrics["grad_norm"] = float(tf.linalg.global_norm(grads))`: the same, into a dict or an attribute.
_NORM_RECORDED = re.compile(
    r"(?:[\w.\[\]]+\(|[\w.]+(?:\.\w+|\[[^\]=]+\])\s*=\s*)(?:float\()?(?:tf\.)?(?:linalg\.)?(?:global_norm|norm)\("
)
_HELPER_CALL = re.compile(r"(?:self\.)?(\w+)\(.*\)")
# What a function that only looks at the gradients never does.
_KEEPS_OR_UPDATES = re.compile(r"apply_gradients|assign|append|extend|\breturn\b|\byield\b|self\.\w+\s*(?:\[.*\])?\s*[+\-*/]?=(?!=)|global\b")


def _only_logs(ctx: Context, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Does `function` (of the file) log (`tf.summary`, `print`, `logging`) and do nothing
    that could keep or apply what it is given?"""
    lines = ctx.model.lines[function.body[0].lineno - 1 : function.end_lineno]
    text = "\n".join(lines)
    return _KEEPS_OR_UPDATES.search(text) is None and any(_LOGGING.search(line) for line in lines)


_UPDATES = frozenset({"apply_gradients", "assign_sub", "assign_add", "assign"})


def _updated_after_loop(model: FileModel, gradient: GradientCall, names: list[str], reads: _Reads) -> tuple[list[ast.stmt], ast.stmt | None]:
    """The updates right after the innermost loop computing `name` (`apply_gradients`,
    `assign_sub`, `-=`), when nothing in the loop reads the gradients (so they are not
    being accumulated); or right after an enclosing loop whose body, past the inner loop,
    neither reads them nor leaves (`for epoch ...: for batch ...: grads = ...`, then a
    `print`). With the loop they follow."""
    loops = gradient.ref.loops
    if not loops or gradient.ref.stmt not in loops[-1].body:  # type: ignore[attr-defined]
        return [], None
    if reads.within_lines(loops[-1]) and not _only_rebound_in(loops[-1], names, gradient.ref.stmt):
        return [], None
    for depth in range(len(loops) - 1, -1, -1):
        loop = loops[depth]
        if depth < len(loops) - 1 and reads.within_lines(loop):
            break
        ref = model.ref_of(loop)  # the block holding the loop, from the file's table
        if ref is None:
            break
        updates: list[ast.stmt] = []
        rest = ref.block[ref.index + 1 :]
        for statement in rest:
            mentions = any(isinstance(n, ast.Name) and n.id in names for n in walk(statement))
            if mentions and _is_update(statement):
                updates.append(statement)
                continue
            if updates or mentions or not _passes_through(statement):
                break  # (statements between the loop and the update neither read the gradients nor leave)
        if updates:
            return updates, loop
        through = all(_passes_through(statement) and not any(isinstance(n, ast.Name) and n.id in names for n in walk(statement)) for statement in rest)
        if not (through and depth > 0 and ref.block is getattr(loops[depth - 1], "body", None)):
            break
    return [], None


def _only_rebound_in(loop: ast.stmt, names: list[str], gradient_stmt: ast.stmt) -> bool:
    """Is every read of the gradients in the loop a rebinding of them to a transform of
    themselves (`grads, _ = tf.clip_by_global_norm(grads, 5.0)`), so each iteration still
    overwrites them instead of accumulating them?"""
    wanted = set(names)
    for stmt in flatten(getattr(loop, "body", [])):
        if stmt is gradient_stmt:
            continue
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return False
        compound = isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try))
        part = (getattr(stmt, "test", None) or getattr(stmt, "iter", None)) if compound else value_of(stmt)
        read = {n.id for n in walk(part) if isinstance(n, ast.Name) and n.id in wanted} if part is not None else set()
        if not read:
            continue
        if not (isinstance(stmt, ast.Assign) and read <= assigned_names(stmt)):
            return False
    return True


def _gap_after_loop(model: FileModel, loop: ast.stmt | None, updates: list[ast.stmt]) -> bool:
    """Do statements stand between the loop and its updates?"""
    ref = model.ref_of(loop) if loop is not None else None
    return ref is not None and ref.index + 1 < len(ref.block) and ref.block[ref.index + 1] is not updates[0]


def _applies(update: ast.stmt) -> bool:
    call = update.value if isinstance(update, ast.Expr) else None
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "apply_gradients"


def _updates_sources(updates: list[ast.stmt], sources: ast.expr) -> bool:
    """Does every update change something the gradients were taken for (`w.assign_sub(...)`
    or `w -= ...` with `w` among the sources, a parameter the file cannot see is a variable)?"""
    differentiated = {n.id for n in walk(sources) if isinstance(n, ast.Name)}
    for update in updates:
        if isinstance(update, (ast.For, ast.AsyncFor)):
            differentiated |= {n.id for n in walk(update.target) if isinstance(n, ast.Name)} if differentiated & {n.id for n in walk(update.iter) if isinstance(n, ast.Name)} else set()
            if not _updates_sources(update.body, ast.Tuple([ast.Name(n) for n in differentiated], ast.Load())):
                return False
            continue
        if isinstance(update, ast.AugAssign):
            changed = update.target
        elif isinstance(update, ast.Expr) and isinstance(update.value, ast.Call) and isinstance(update.value.func, ast.Attribute):
            changed = update.value.func.value
        else:
            return False
        while isinstance(changed, ast.Subscript):
            changed = changed.value
        if not (isinstance(changed, ast.Name) and changed.id in differentiated):
            return False
    return True


def _is_update(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.AugAssign):
        return isinstance(statement.op, (ast.Sub, ast.Add))
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        # `for v, g in zip(variables, grads): v.assign_sub(lr * g)`
        return not statement.orelse and all(_is_update(inner) for inner in statement.body)
    call = statement.value if isinstance(statement, ast.Expr) else None
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in _UPDATES


_LEAVING = (ast.Return, ast.Raise, ast.Break, ast.Continue, ast.Yield, ast.YieldFrom, ast.Await)


def _passes_through(statement: ast.stmt) -> bool:
    """A statement control always passes through to the next (logging, bookkeeping, an
    `if` around them): nothing that returns, raises, leaves a loop or defines a scope."""
    if isinstance(statement, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Pass, ast.If)):
        return not any(isinstance(node, _LEAVING) for node in walk(statement))
    return False


def _move_into_loop(ctx: Context, gradient: GradientCall, updates: list[ast.stmt]) -> Edit | None:
    ref = ctx.model.ref_of(gradient.ref.loops[-1])
    if ref is None:
        return None
    block, start = ref.block, ref.index
    loop = block[start]
    position = loop.body.index(gradient.ref.stmt)  # type: ignore[attr-defined]
    # After any rebinding of the gradients later in the loop (`grads, _ = clip(grads, 5.0)`).
    names = set(_bound_names(gradient.ref.stmt, gradient.call))
    for index, stmt in enumerate(loop.body[position + 1 :], start=position + 1):  # type: ignore[attr-defined]
        rebinds = {n.id for n in walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} & names
        if rebinds and not isinstance(stmt, ast.Assign):
            return None  # rebound in a nested block: where to apply them is not clear
        if rebinds:
            position = index
    first_update = block.index(updates[0], start)
    between = block[start + 1 : first_update]
    bound_between = {name for stmt in between for node in walk(stmt) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) for name in [node.id]}
    if bound_between & {n.id for u in updates for n in walk(u) if isinstance(n, ast.Name)}:
        return None  # the update reads what the statements in between set up
    bound_by_updates = {n.id for u in updates if isinstance(u, (ast.For, ast.AsyncFor)) for n in walk(u.target) if isinstance(n, ast.Name)}
    if bound_by_updates & {n.id for n in walk(loop) if isinstance(n, ast.Name)}:
        return None  # a moved `for v, g in ...` would rebind a name the loop uses

    def transform(body: list[cst.BaseStatement]) -> list[cst.BaseStatement]:

        import libcst as cst

        loop_node, *rest = body
        kept, update_nodes = rest[: len(between)], rest[len(between) :]
        if not isinstance(loop_node, (cst.For, cst.While)) or not isinstance(loop_node.body, cst.IndentedBlock):
            raise _CannotRewrite
        inner = list(loop_node.body.body)
        if len(inner) != len(loop.body):  # type: ignore[attr-defined]
            raise _CannotRewrite
        moved = [without_leading_blank_lines(update_nodes[0]), *update_nodes[1:]]
        inner[position + 1 : position + 1] = moved
        return [loop_node.with_changes(body=loop_node.body.with_changes(body=inner)), *kept]

    try:
        key = ("into the loop", len(between), position, len(loop.body))  # type: ignore[attr-defined]
        return rewrite_statements(ctx.source, block, start, first_update + len(updates) - 1, transform, key=key)
    except _CannotRewrite:
        return None


class _CannotRewrite(Exception):
    pass
