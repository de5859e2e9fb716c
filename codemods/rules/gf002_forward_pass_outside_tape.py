from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

from codemods.analysis.dataflow import (
    BlockTaint,
    assigned_names,
    block_taint,
    computes_from,
    flatten,
    is_plain_tensor,
    plain_assignment_names,
    read_names,
    reads_through_calls,
    replace_calls,
    value_of,
    variable_roots,
    without_calls,
)
from codemods.analysis.model import FileModel, GradientCall, Scope, Tape
from codemods.analysis.names import dotted_name, last_name
from codemods.analysis.walk import children, walk
from codemods.findings import Applicability, Finding
from codemods.rewrite import rewrite_statements, without_leading_blank_lines
from codemods.rules.base import Context, Rule

if TYPE_CHECKING:  # libcst is imported only when a fix rewrites statements
    import libcst as cst


class ForwardPassOutsideTape(Rule):
    """
    ## What it does
    Checks for values computed from the differentiated variables (a model call, arithmetic
    on a `tf.Variable`) *before* a `tf.GradientTape` opens, and then used by the target the
    tape differentiates; and for a target computed *after* the tape's block closes from what
    the block recorded (`loss = loss_fn(y, predictions)` after the `with`).

    ## Why is this bad?
    A tape records only the operations run while it is open. The forward pass that ran
    before it is invisible, so the target does not depend on the variables as far as the
    tape knows and every gradient comes back `None`. Keras 3 then refuses the update:

        ValueError: No gradients provided for any variable.

    ## Example
    ```python
    logits = model(x, training=True)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    ```

    ## Use instead
    ```python
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    ```

    ## Fix safety
    Safe: the statements move, in order and with their comments, to the start of the tape
    block (or, for a target computed after it, from right after the block to its end),
    which runs them at the same point of the program. No fix is offered when another
    statement before the tape reads what they compute, when a statement in between rebinds
    what they read, when they are not plain assignments, or when they run before a loop or
    block around the tape (`logits = model(x)` before `for step in ...:`, or in an earlier
    notebook cell): those are reported for a human to move. Work that does not depend on the
    differentiated variables (casts, data preparation, a frozen encoder's features, a GAN's
    generated samples before the discriminator's tape) is not flagged, nor is a tensor
    computed before the tape and then `tape.watch`ed on purpose.
    """

    code = "GF002"
    name = "forward-pass-outside-tape"
    summary = "The forward pass runs before the GradientTape opens, so its gradients are None"
    fix_title = "Move the forward pass into the tape"
    applicability = Applicability.SAFE
    # The last group: a gradient call on a tape (`tape.gradient`/`jacobian`, `minimize(..., tape=)`).
    tokens = ("GradientTape", ("gradient", "minimize"), (".gradient", ".jacobian", ".batch_jacobian", "minimize"))

    def check(self, ctx: Context) -> Iterator[Finding]:
        reported: set[object] = set()
        for scope, tape in ctx.model.tapes():
            uses = [g for g in ctx.model.gradient_calls_on(scope, tape) if g.sources is not None and g.target is not None]
            moved: dict[int, ast.stmt] = {}
            culprits: set[str] = set()
            for gradient in uses:
                found, names = _statements_to_move(ctx.model, tape, gradient, scope)
                moved.update(found)
                culprits |= names
            order = sorted(moved.values(), key=lambda s: s.lineno)
            same = (frozenset(moved), frozenset(culprits))  # two tapes blaming the same statements: one finding
            if not moved or id(tape.with_stmt) in reported or same in reported:
                continue
            reported |= {id(tape.with_stmt), same}
            names = ", ".join(f"`{name}`" for name in sorted(culprits))
            tape_name = f"`{tape.name}`" if tape.name else "the tape"
            message = f"{names} computed before {tape_name} starts recording; its gradients will be None"
            yield self.finding(ctx, order[0], message, [_move_into_tape(ctx, tape, order)])
        yield from self._computed_after(ctx, reported)

    def _computed_after(self, ctx: Context, reported: set[object]) -> Iterator[Finding]:
        """`loss = loss_fn(y, pred)` after the tape's block closes, from what the block
        recorded, then `tape.gradient(loss, ...)`: the loss itself was never recorded."""
        for scope, tape in ctx.model.tapes():
            block, at = tape.ref.block, tape.ref.index
            recorded = {name for stmt in flatten(tape.body, definitions=False) for name in assigned_names(stmt)} - tape.watched()
            containers = _containers(flatten(tape.body, definitions=False))
            for gradient in ctx.model.gradient_calls_on(scope, tape):
                if gradient.method != "gradient" or gradient.ref.block is not block or gradient.ref.index <= at:
                    continue
                target = gradient.target
                if target is not None and not isinstance(target, ast.Name):
                    # `tape.gradient(tf.reduce_mean(losses), ...)` after the block: the target
                    # is computed right there, from what the block recorded (reported, no fix).
                    reads = read_names(target)
                    between = {name for stmt in block[at + 1 : gradient.ref.index] for name in assigned_names(stmt)}
                    if _computes(target, containers) and reads & recorded and not reads & between and id(gradient.call) not in reported:
                        reported.add(id(gradient.call))
                        tape_name = f"`{tape.name}`" if tape.name else "the tape"
                        message = f"`{ctx.text(target)}` is computed after {tape_name} stops recording; its gradients will be None"
                        yield self.finding(ctx, target, message, [None])
                    continue
                found = _computed_after_tape(block, at, gradient, recorded, containers)
                if found is None or frozenset(id(block[i]) for i in found) in reported:
                    continue
                reported.add(frozenset(id(block[i]) for i in found))
                tape_name = f"`{tape.name}`" if tape.name else "the tape"
                message = f"`{ctx.text(gradient.target)}` is computed after {tape_name} stops recording; its gradients will be None"
                contiguous = found == list(range(at + 1, at + 1 + len(found)))
                yield self.finding(ctx, block[found[0]], message, [_move_to_tape_end(ctx, tape, len(found)) if contiguous else None])


def _statements_to_move(model: FileModel, tape: Tape, gradient: GradientCall, scope: Scope) -> tuple[dict[int, ast.stmt], set[str]]:
    """The statements before `tape` that compute, from the differentiated variables, values
    that the gradient's target reads from outside the tape; and the names read."""
    # Tensors the tape watches are inputs being probed (saliency, input gradients), not
    # variables: deriving other values from them before the tape is data preparation.
    # So are plain tensors (GF014 covers differentiating with respect to those).
    probed = _unwatched(gradient.sources, tape.watched())  # type: ignore[arg-type]
    roots = (variable_roots(probed, scope, gradient.call) if probed is not None else set()) - tape.watched()
    roots = {root for root in roots if not is_plain_tensor(model, scope, root, tape.with_stmt)}
    applied = model.applied_to(gradient)
    if applied is not None and not roots & variable_roots(applied, scope, gradient.call):
        return {}, set()  # the gradients update other variables: GF005's finding, not this one
    if not roots:
        return {}, set()
    forward = model.forward_attributes(scope.class_info) if scope.class_info is not None and "self" in roots else frozenset()
    methods = _methods_running(model, scope.class_info, roots) if scope.class_info is not None and "self" not in roots else {}
    roots = roots | set(methods)  # `self._encode(x)` runs `self.encoder`
    # What the statements before the tape taint, as of the tape (shared by the tapes of a block).
    taint = block_taint(scope, tape.ref.block, roots, forget=True, skip=_defines_code, value=_computed_part, forward=forward)
    block, at = tape.ref.block, tape.ref.index
    if not taint.any_before(at) and not tape.ref.parents:
        return {}, set()  # nothing before the tape computes from the variables
    outer = _Outer(model, scope, roots, forward)

    def tainted_by(name: str) -> ast.stmt | None:
        index = taint.before(name, at)
        if index is not None:
            return block[index]
        # Then, outwards, before each compound statement holding the tape (`logits =
        # model(x)` before `for step in ...:`, or in an earlier notebook cell).
        for parent in reversed(tape.ref.parents):
            if name in _bound_within(scope, parent):
                return None  # (the loop or block around the tape binds it: not from before it)
            ref = model.ref_of(parent)
            binding = scope.lookup(name, parent)
            if ref is None or binding is None or binding.ref is None:
                return None
            if binding.ref.block is ref.block:
                return outer.tainted(name, parent, ref.block)
        return None

    # A name the target reads that is bound again after the tape closes holds that later
    # value at the gradient call (computed after the tape, not before it).
    closed = (tape.with_stmt.end_lineno or 0, tape.with_stmt.end_col_offset or 0)
    rebound = {name for name in read_names(gradient.target) if _bound_after(scope, name, gradient.call, closed)}  # type: ignore[arg-type]
    inflow = _names_flowing_into(tape, gradient.target, scope, skip=rebound) - tape.watched()  # type: ignore[arg-type]
    # A value that is itself a source is differentiated with respect to, not through:
    # GF014's finding (an unwatched tensor), which moving it into the tape would not cure.
    sources = {n.id for n in walk(gradient.sources) if isinstance(n, ast.Name)}  # type: ignore[arg-type]
    culprits = {name for name in inflow - sources if tainted_by(name) is not None}
    moved: dict[int, ast.stmt] = {}
    pending = list(culprits)
    while pending:
        stmt = tainted_by(pending.pop())
        assert stmt is not None
        if id(stmt) in moved:
            continue
        moved[id(stmt)] = stmt
        pending.extend(name for name in read_names(value_of(stmt)) if tainted_by(name) is not None)
    if moved and _also_recorded(model, tape, gradient, scope, roots, list(moved.values()), forward, methods):
        return {}, set()
    return moved, culprits


class _Outer:
    """What the statements before a compound statement around the tape compute from the
    roots, asked name by name along each name's last binding in that block (not a pass over
    the whole block for every tape). Only a forward pass spelled out counts there: a
    rollout helper handed the policy (`collect(policy, env)`) gives data for every step."""

    def __init__(self, model: FileModel, scope: Scope, roots: set[str], forward: frozenset[str]) -> None:
        self.scope, self.roots, self.forward = scope, roots, forward
        self.known: dict[tuple[str, int], ast.stmt | None] = {}

    def tainted(self, name: str, before: ast.stmt, block: list[ast.stmt], depth: int = 0) -> ast.stmt | None:
        """The statement of `block` binding `name` last before `before`, if it computes from the roots."""
        key = (name, id(before))
        if key in self.known:
            return self.known[key]
        self.known[key] = None  # (a cycle: not tainted)
        binding = self.scope.lookup(name, before)
        found = None
        if binding is not None and binding.ref is not None and binding.ref.block is block and depth < 8 and not _defines_code(binding.ref.stmt):
            stmt = binding.ref.stmt
            value = _computed_directly(stmt.iter if isinstance(stmt, (ast.For, ast.AsyncFor)) else value_of(stmt), self.roots, self.scope)
            tainted = {n for n in read_names(value) if self.tainted(n, stmt, block, depth + 1) is not None}
            if computes_from(value, self.roots, tainted, self.forward):
                found = stmt
        self.known[key] = found
        return found


def _bound_within(scope: Scope, statement: ast.stmt) -> set[str]:
    """The names a compound statement binds anywhere inside it (once per statement)."""
    key = ("bound within", id(statement))
    found = scope.tables.get(key)
    if found is None:
        found = scope.tables[key] = {n.id for n in walk(statement) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return found  # type: ignore[return-value]


def _unwatched(sources: ast.expr, watched: set[str]) -> ast.expr | None:
    """The sources without the names the tape watches (`[grad_y, x, scale]`, each watched:
    None), so that a watched `x = op.inputs[1]` does not make `op` a differentiated root."""
    if isinstance(sources, ast.Name):
        return None if sources.id in watched else sources
    if isinstance(sources, (ast.List, ast.Tuple)):
        kept = [e for e in sources.elts if not (isinstance(e, ast.Name) and e.id in watched)]
        return ast.List(kept, ast.Load()) if kept else None
    return sources


def _methods_running(model: FileModel, info, roots: set[str]) -> dict[str, set[str]]:
    """`self.<method>` for the class's methods that call some of `roots` (`self.encoder`)
    and compute no gradient themselves, with the roots each calls. Once per class and roots."""
    tables = model.scopes[0].tables
    key = ("methods running", id(info), frozenset(roots))
    found = tables.get(key)
    if found is None:
        found = {}
        for item in info.node.body:
            if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            calls = [n for n in walk(item) if isinstance(n, ast.Call)]
            if any(isinstance(c.func, ast.Attribute) and c.func.attr in {"gradient", "apply_gradients"} for c in calls):
                continue
            called = {name for c in calls if (name := dotted_name(c.func)) in roots}
            if called:
                found[f"self.{item.name}"] = called
        tables[key] = found
    return found  # type: ignore[return-value]


def _also_recorded(
    model: FileModel, tape: Tape, gradient: GradientCall, scope: Scope, roots: set[str], before: list[ast.stmt], forward: frozenset[str],
    methods: dict[str, set[str]],
) -> bool:
    """Do the models run before the tape (`before`) run again inside it, feeding the target?
    Then its gradients are not None, and the values from before the tape are constants on
    purpose: a TD target `r + gamma * V(s')` next to `V(s)` computed in the tape, a baseline.
    (An encoder run before a tape that records only the head is not.)"""
    # A method running a model (`self.target_q(s)` calling `self.q`) stands for that model.
    outside = {m for stmt in before for name in _models_called(value_of(stmt), roots) for m in methods.get(name, {name})}
    if not outside:
        return False  # arithmetic on a variable: nothing to say it is a constant on purpose
    body = list(flatten(tape.body))
    cuts = {id(n) for stmt in body for n in walk(stmt) if isinstance(n, ast.Call) and _cuts_gradient(model, n)}
    inside = {m for stmt in body for name in _models_called(without_calls(value_of(stmt), cuts), roots) for m in methods.get(name, {name})}
    if not outside <= inside:
        return False
    target = gradient.target
    assert target is not None

    def recorded_part(value: ast.AST, roots: set[str], scope: Scope | None) -> ast.AST:
        return without_calls(value, cuts)  # `tf.stop_gradient(model(s'))` records nothing to differentiate

    recorded = BlockTaint(body, roots, True, _defines_code, recorded_part, scope, forward)
    live = {name for name in read_names(target) if recorded.before(name, len(body)) is not None}
    return computes_from(without_calls(target, cuts), roots, live, forward)


def _cuts_gradient(model: FileModel, call: ast.Call) -> bool:
    """`tf.stop_gradient(...)` or `.numpy()`: no gradient flows back through the result."""
    if isinstance(call.func, ast.Attribute) and call.func.attr == "numpy" and not call.args:
        return True
    return model.imports.call_name(call) == "tensorflow.stop_gradient"


_CALL_METHODS = frozenset({"call", "__call__", "predict", "predict_on_batch"})


def _models_called(node: ast.AST, roots: set[str]) -> set[str]:
    """The models (`model`, `self.encoder`) that `node` calls, of those rooted in `roots`."""
    found = set()
    for call in walk(node):
        if not isinstance(call, ast.Call):
            continue
        name = dotted_name(call.func)
        if name is None:
            continue
        owner, _, method = name.rpartition(".")
        if owner and method in _CALL_METHODS:
            name = owner
        if any(name == root or name.startswith(root + ".") for root in roots):
            found.add(name)
    return found


def _bound_after(scope: Scope, name: str, at: ast.AST, closed: tuple[int, int]) -> bool:
    binding = scope.lookup(name, at)
    return binding is not None and binding.position > closed


def _names_flowing_into(tape: Tape, target: ast.expr, scope: Scope, skip: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """Names the target reads that come from before the tape: a backward slice of the body,
    nested blocks included (an inner tape's `dy_dx = inner.gradient(y, x)` is computed while
    this tape records), not the bodies of functions defined in it. `skip`: names the target
    reads that hold a value bound after the tape."""
    needed = read_names(target) - skip
    for stmt in reversed(list(flatten(tape.body, definitions=False))):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        written = assigned_names(stmt)
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            if written & needed:
                if not isinstance(stmt, ast.AugAssign):
                    needed -= written
                needed |= reads_through_calls(value_of(stmt), scope)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            if written & needed:  # the loop variable: what the loop iterates over
                needed = (needed - written) | reads_through_calls(stmt.iter, scope)
        elif not isinstance(stmt, (ast.If, ast.While, ast.With, ast.AsyncWith, ast.Try)):
            # A call statement (`losses.append(model(x))`): whatever it reads may reach the target.
            needed |= reads_through_calls(stmt, scope)
    return needed


def _move_into_tape(ctx: Context, tape: Tape, moved: list[ast.stmt]):
    """The edit moving `moved` to the start of the tape's block, or None when that is unsafe."""
    block, with_index = tape.ref.block, tape.ref.index
    if not all(any(stmt is other for other in block) for stmt in moved):
        return None  # some come from before a loop (or block) around the tape: a human's call
    indexes = [block.index(stmt) for stmt in moved]
    first = indexes[0]
    moved_names: set[str] = set()
    for stmt in moved:
        names = plain_assignment_names(stmt)
        if names is None:
            return None
        moved_names.update(names)
    for index in range(first, with_index):
        if index in indexes:
            reads = read_names(value_of(block[index]))
            # A statement it would jump over must not rebind what it reads or computes.
            for later in range(index + 1, with_index):
                if later not in indexes and assigned_names(block[later]) & (reads | set(plain_assignment_names(block[index]) or ())):
                    return None
        elif not _defines_code(block[index]) and read_names(block[index]) & moved_names:
            return None  # something else before the tape uses the forward pass
    if any(isinstance(item.optional_vars, ast.AST) and read_names(item.context_expr) & moved_names for item in tape.with_stmt.items):
        return None
    relative = [index - first for index in indexes]

    def transform(body: list[cst.BaseStatement]) -> list[cst.BaseStatement]:

        import libcst as cst

        with_node = body[-1]
        if not isinstance(with_node, cst.With) or not isinstance(with_node.body, cst.IndentedBlock):
            raise _CannotRewrite
        taken = [without_leading_blank_lines(body[i]) for i in relative]
        kept = [stmt for i, stmt in enumerate(body[:-1]) if i not in relative]
        new_with = with_node.with_changes(body=with_node.body.with_changes(body=[*taken, *with_node.body.body]))
        return [*kept, new_with]

    try:
        return rewrite_statements(ctx.source, block, first, with_index, transform, key=("into the tape", tuple(relative)))
    except _CannotRewrite:
        return None


def _computed_after_tape(block: list[ast.stmt], at: int, gradient: GradientCall, recorded: set[str], containers: dict[str, int]) -> list[int] | None:
    """The indexes (in order) of the statements between the tape's block (`block[at]`) and
    the gradient call that compute its target from values the block recorded; None if the
    target is not computed there, or not from those values."""
    target = gradient.target
    if not isinstance(target, ast.Name):
        return None
    needed, found = {target.id}, []
    for index in range(gradient.ref.index - 1, at, -1):
        stmt = block[index]
        written = assigned_names(stmt) if not isinstance(stmt, (ast.For, ast.AsyncFor)) else set()
        if not written & needed:
            if {n.id for n in walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} & needed:
                return None  # bound in a nested block (or a second `with tape:`): not plainly after it
            continue
        if not isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            return None
        found.append(index)
        if not isinstance(stmt, ast.AugAssign):
            needed -= written
        needed |= read_names(value_of(stmt))
    if not found or not needed & recorded or not any(_computes(value_of(block[index]), containers) for index in found):
        return None  # (`loss = metrics["loss"]` only picks out a tensor the tape recorded)
    return sorted(found)


def _computes(value: ast.AST, containers: dict[str, int]) -> bool:
    """Does evaluating `value` run an operation: a call, arithmetic, or slicing (not a name,
    an attribute (`getattr` too), an item picked by a constant key (`.get` too), or an item of a Python list or dict in
    `containers` (`fields[j]`): the same tensor object)?"""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call) and _picks(node):
            stack.append(node.args[0] if isinstance(node.func, ast.Name) else node.func)
            continue
        if isinstance(node, (ast.Call, ast.BinOp, ast.UnaryOp, ast.Compare)):
            return True
        if isinstance(node, ast.Subscript):
            root, depth = node.value, 1
            while isinstance(root, ast.Subscript):
                root, depth = root.value, depth + 1
            if isinstance(root, ast.Name) and containers.get(root.id, 0) >= depth:
                continue  # the indexes are Python's business, not the tape's
            if not isinstance(node.slice, ast.Constant):
                return True
        stack.extend(children(node))
    return False


def _picks(call: ast.Call) -> bool:
    """`getattr(outputs, field)`, `outputs.get("loss")`: picks a value out, computes nothing."""
    if isinstance(call.func, ast.Name):
        return call.func.id == "getattr" and len(call.args) == 2 and not call.keywords
    return isinstance(call.func, ast.Attribute) and call.func.attr == "get" and len(call.args) == 1 and isinstance(call.args[0], ast.Constant)


def _containers(stmts: Iterator[ast.stmt]) -> dict[str, int]:
    """Names bound to a Python list, tuple or dict (a display or a comprehension; an empty
    one filled by `append`), with how many levels of them nest (`[[...] for ...]`: 2)."""
    found: dict[str, int] = {}
    for stmt in stmts:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            depth = _nesting(stmt.value)
            if depth:
                found[stmt.targets[0].id] = depth
    return found


def _nesting(value: ast.AST) -> int:
    if isinstance(value, ast.ListComp):
        return 1 + _nesting(value.elt)
    if isinstance(value, ast.DictComp):
        return 1 + _nesting(value.value)
    if isinstance(value, (ast.List, ast.Tuple, ast.Dict)):
        items = value.values if isinstance(value, ast.Dict) else value.elts
        return 1 + min((_nesting(item) for item in items if item is not None), default=0)
    return 0


def _move_to_tape_end(ctx: Context, tape: Tape, count: int):
    """The edit moving the `count` statements right after the tape's block to its end."""
    block, at = tape.ref.block, tape.ref.index

    def transform(body: list[cst.BaseStatement]) -> list[cst.BaseStatement]:
        import libcst as cst

        with_node, *after = body
        if not isinstance(with_node, cst.With) or not isinstance(with_node.body, cst.IndentedBlock):
            raise _CannotRewrite
        moved = [without_leading_blank_lines(after[0]), *after[1:]]
        return [with_node.with_changes(body=with_node.body.with_changes(body=[*with_node.body.body, *moved]))]

    try:
        return rewrite_statements(ctx.source, block, at, at + count, transform, key=("to the tape's end", count))
    except _CannotRewrite:
        return None


def _computed_part(value: ast.AST, roots: set[str], scope: Scope | None) -> ast.AST:
    """What a statement before the tape computes: nothing for an alias (`params = variables`,
    `w = tf.Variable(w)`,
    `for v in variables:` binds the variables themselves, which the tape still sees), the
    iterable of a loop (its body is not the loop variable's value), else the value without
    the calls to helpers not known to run the model."""
    if isinstance(value, (ast.For, ast.AsyncFor)):
        value = value.iter
    if isinstance(value, (ast.Name, ast.Attribute)) or _creates_variable(value):
        return ast.Constant(None)  # `x = tf.Variable(x)` makes the variable, it computes nothing
    # `target = tf.stop_gradient(r + gamma * q(s'))`: a constant on purpose, in the tape or not.
    stopped = {id(n) for n in walk(value) if isinstance(n, ast.Call) and last_name(n.func) in _VALUE_FREE}
    return _without_foreign_helpers(without_calls(value, stopped), roots, scope)


# Calls whose result carries no gradient back to what they read: `tf.stop_gradient`,
# `.numpy()`, and those that read only shapes or give indexes (`tf.ones(shape=model.output_shape)`).
_VALUE_FREE = frozenset(
    {
        "stop_gradient", "numpy", "ones", "zeros", "fill", "ones_like", "zeros_like", "shape", "shape_n",
        "size", "rank", "get_shape", "shape_tensor", "argmax", "argmin",
    }
)


def _computed_directly(value: ast.AST, roots: set[str], scope: Scope | None) -> ast.AST:
    """`_computed_part`, also without what calls handing a model to a function of the file
    compute (a rollout, an evaluation): only the model's own calls and arithmetic count."""
    value = _computed_part(value, roots, scope)
    handed = {
        id(call)
        for call in walk(value)
        if isinstance(call, ast.Call)
        and not (isinstance(call.func, (ast.Name, ast.Attribute)) and dotted_name(call.func) in roots)
        and any(isinstance(a, (ast.Name, ast.Attribute)) and dotted_name(a) in roots for a in [*call.args, *(k.value for k in call.keywords)])
    }
    return without_calls(value, handed)


def _creates_variable(value: ast.AST) -> bool:
    """`tf.Variable(...)`, or a list of them (`[tf.Variable(w) for w in weights]`)."""
    if isinstance(value, (ast.ListComp, ast.GeneratorExp)):
        return _creates_variable(value.elt)
    if isinstance(value, (ast.List, ast.Tuple)):
        return bool(value.elts) and all(_creates_variable(e) for e in value.elts)
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    return last_name(func) == "Variable"


def _without_foreign_helpers(value: ast.AST, roots: set[str], scope: Scope | None) -> ast.AST:
    """`value`, where a call hands the model itself to a function that is not known to run
    it forward, with just that call's other arguments: an imported helper may do anything
    with the model, and one that takes gradients itself returns gradient statistics, not
    outputs (`x + eps * adversarial_pattern(model, x, y)`). So for a class
    (`Wrapper(policy=self.policy_net)`, `Sequential([base, head])`): building an object that
    holds the model runs nothing; calling it later, in the tape, does."""
    if scope is None:
        return value
    replacements = {id(call): kept for call in walk(value) if isinstance(call, ast.Call) and (kept := _other_arguments(call, roots, scope)) is not None}
    return replace_calls(value, replacements)


def _other_arguments(call: ast.Call, roots: set[str], scope: Scope) -> ast.Tuple | None:
    """For a call handing a model in `roots` to a class or to a helper not known to run it
    forward, the call's other arguments; else None."""
    func = call.func
    constructs = _constructs(func, scope, call)
    if not constructs and not (isinstance(func, ast.Name) and _foreign(func.id, scope, call)) and not _imported_helper(func, scope, call):
        return None
    arguments = [*call.args, *(k.value for k in call.keywords)]
    if constructs:  # a list of models handed to a constructor is held too
        arguments = [e for a in arguments for e in (a.elts if isinstance(a, (ast.List, ast.Tuple)) else [a])]
    kept = [a for a in arguments if not (isinstance(a, (ast.Name, ast.Attribute)) and dotted_name(a) in roots)]
    return None if len(kept) == len(arguments) else ast.Tuple(kept, ast.Load())


# Imported functions that run the model they are handed (`tf.map_fn(model, xs)`).
_RUNS_WHAT_IT_IS_HANDED = frozenset(
    {"map_fn", "vectorized_map", "scan", "foldl", "foldr", "while_loop", "function", "py_function", "numpy_function", "recompute_grad", "run"}
)


def _imported_helper(func: ast.expr, scope: Scope, at: ast.AST) -> bool:
    """`tf.keras.models.clone_model`, `copy.deepcopy`: a function reached through an import
    that is handed the model itself builds or copies it, it does not run it forward."""
    if not isinstance(func, ast.Attribute) or func.attr in _RUNS_WHAT_IT_IS_HANDED:
        return False
    root = func.value
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name):
        return False
    binding = scope.lookup(root.id, at)
    return binding is not None and binding.kind == "import"


def _constructs(func: ast.expr, scope: Scope, at: ast.AST) -> bool:
    """Is the callee a class (`OnlineTargetPiQ`, `snt.Sequential`): named as classes are, and
    a class the file defines or imports, or reached through an imported module? A model
    bound to a capitalized name (`Generator = make_generator()`) is not."""
    name = last_name(func) or ""
    if not name[:1].isupper() or name.isupper():
        return False
    root = func
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name):
        return False
    binding = scope.lookup(root.id, at)
    if binding is None:
        return False
    if root is func:
        return binding.kind == "import" or (binding.kind == "def" and isinstance(binding.node, ast.ClassDef))
    return binding.kind == "import"


def _foreign(name: str, scope: Scope, at: ast.AST) -> bool:
    """Is `name` a function whose result is not a forward pass: imported or unknown, or
    defined in the file but computing gradients itself (gradient norms, saliency, FGSM) or
    returning only `tf.stop_gradient(...)` results?"""
    binding = scope.lookup(name, at)
    if binding is None or binding.kind == "import":
        return True
    if binding.kind != "def" or not isinstance(binding.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    known: dict[int, bool] = scope.tables.setdefault("helpers taking gradients", {})  # type: ignore[assignment]
    if id(binding.node) not in known:  # each helper's body is walked once per scope asking
        takes_gradients, returns = False, []
        for node in walk(binding.node):
            if isinstance(node, ast.Attribute) and node.attr in {"gradient", "gradients", "jacobian", "batch_jacobian", "GradientTape"}:
                takes_gradients = True
                break
            if isinstance(node, ast.Return) and node.value is not None:
                returns.append(node.value)
        # (every result detached, `return tf.stop_gradient(...)`: data, whatever it ran)
        known[id(binding.node)] = takes_gradients or (
            bool(returns) and all(isinstance(r, ast.Call) and last_name(r.func) == "stop_gradient" for r in returns)
        )
    return known[id(binding.node)]


def _defines_code(stmt: ast.stmt) -> bool:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    return isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Lambda)


class _CannotRewrite(Exception):
    pass
