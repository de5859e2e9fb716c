from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator

from codemods.analysis.dataflow import TENSOR_FACTORIES, assigned_names, is_plain_tensor, read_names, value_of
from codemods.analysis.model import GradientCall, Tape
from codemods.analysis.names import dotted_name
from codemods.analysis.walk import nodes_under, walk
from codemods.findings import Applicability, Edit, Finding, Position, Range
from codemods.rules.base import Context, Rule


class UnwatchedTensorSource(Rule):
    """
    ## What it does
    Checks for `tape.gradient(target, x)` where `x` is a plain tensor (`tf.constant`,
    `tf.convert_to_tensor`, arithmetic on them; a parameter every call hands one, as a
    sampler returning `tf.constant(x), tf.constant(t)` does), not a `tf.Variable`, or a variable made with
    `trainable=False`, and the tape never `watch`es it (also `self.image`, when the class only
    binds it to such tensors); and for `x` a variable made from whole
    numbers with no `dtype` (`tf.Variable(0)`): an int32 variable, which has no gradient.
    Also for variables (`model.trainable_variables`, a `tf.Variable`) as the sources of a
    tape made with `watch_accessed_variables=False` that never watches them.

    ## Why is this bad?
    A tape records operations on trainable variables automatically, but on plain tensors (and
    non-trainable variables) only when told to with `tape.watch(x)`. Unwatched, the gradient
    comes back `None`, and the first arithmetic with it fails far from the cause:

        TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'

    or an optimizer handed only such gradients refuses them:

        ValueError: No gradients provided for any variable.

    ## Example
    ```python
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    dy_dx = tape.gradient(y, x)  # None
    ```

    ## Use instead
    ```python
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    dy_dx = tape.gradient(y, x)
    ```

    ## Fix safety
    Safe: watching a tensor only makes the tape record the operations that depend on it.
    Watching a variable made with `trainable=False` is unsafe (it may be frozen on purpose:
    watched, the optimizer now trains it). An integer variable gets `dtype=tf.float32`
    (unsafe: code that uses it as an integer, an index say, changes). A tape made with
    `watch_accessed_variables=False` loses that argument (safe: it then records the variables
    it reads, as a tape does by default, and still the tensors it watches); a tape handed to
    a helper, which may watch the variables, is not flagged.
    """

    code = "GF014"
    name = "unwatched-tensor-source"
    summary = "Gradient with respect to a plain tensor the tape never watches is None"
    fix_title = "Watch the tensor at the start of the tape"
    applicability = Applicability.SAFE
    tokens = ("GradientTape", (".gradient", ".jacobian"))

    def check(self, ctx: Context) -> Iterator[Finding]:
        reported: set[int] = set()
        reported_names: set[tuple[int, str]] = set()
        for gradient in ctx.model.gradient_calls():
            tape = gradient.tape
            if tape is None or tape.name is None or gradient.method == "minimize":
                continue
            for name, variable in _integer_variables(ctx, gradient):
                if id(variable) not in reported and not _checked_for_none(ctx, gradient):
                    reported.add(id(variable))
                    shown = ctx.text(variable)
                    shown = shown if "\n" not in shown and len(shown) <= 40 else f"{ctx.text(variable.func)}(...)"
                    message = f"`{name}` is an integer variable (`{shown}` holds whole numbers); gradients with respect to integers are None"
                    yield self.finding(ctx, variable, message, [_float_dtype(ctx, variable)], Applicability.UNSAFE)
            if not tape.watches_accessed_variables:
                finding = self._variables_not_watched(ctx, gradient)
                if finding is not None:
                    yield finding
                    continue
            attribute = _unwatched_plain_attribute(ctx, gradient)
            if attribute is not None:
                yield self.finding(ctx, gradient.sources, attribute[0], [attribute[1]])  # type: ignore[arg-type]
                continue
            watched = tape.watched()
            frozen = {name for name in _source_names(gradient.sources) if name not in watched and _non_trainable(ctx, gradient, name)}
            unwatched = [
                name for name in _source_names(gradient.sources)
                if name in frozen
                or name not in watched
                and is_plain_tensor(ctx.model, gradient.scope, name, gradient.call)
                and not _derived_inside_from_watched(gradient, name, watched)
            ]
            if not unwatched or _checked_for_none(ctx, gradient):
                continue
            unwatched = [name for name in unwatched if _gradient_read(ctx, gradient, name) and (id(tape.with_stmt), name) not in reported_names]
            if not unwatched:
                continue
            reported_names.update((id(tape.with_stmt), name) for name in unwatched)  # one finding per tape and name
            names = ", ".join(f"`{n}`" for n in unwatched)
            if not frozen.intersection(unwatched):
                what = "is a plain tensor" if len(unwatched) == 1 else "are plain tensors"
            elif frozen.issuperset(unwatched):
                what = "is a variable made with `trainable=False`" if len(unwatched) == 1 else "are variables made with `trainable=False`"
            else:
                what = "are plain tensors or variables made with `trainable=False`"
            message = f"{names} {what} that `{tape.name}` never watches; the gradient will be None"
            integers = [name for name in unwatched if _integer_tensor(ctx, gradient, name)]
            if integers:  # a watch would not help: an integer tensor has no gradient, watched or not
                message += f" (and `{integers[0]}` holds integers, which have no gradient even when watched)"
            # Watching a variable made non-trainable on purpose starts training it: unsafe.
            applicability = Applicability.UNSAFE if frozen.intersection(unwatched) else None
            edits = [None] if integers else _watch_edits(ctx, gradient, unwatched)
            yield self.finding(ctx, gradient.sources, message, edits, applicability)  # type: ignore[arg-type]


    def _variables_not_watched(self, ctx: Context, gradient: GradientCall) -> Finding | None:
        """Variables (`model.trainable_variables`, names bound to `tf.Variable(...)`) as the
        sources of a tape made with `watch_accessed_variables=False` that never watches them."""
        tape, sources = gradient.tape, gradient.sources
        assert tape is not None and tape.name is not None
        if sources is None or not _variables(ctx, gradient, sources):
            return None
        if not any(item.context_expr is tape.construction for item in tape.with_stmt.items):
            return None  # `with tape:` on a tape made earlier: an earlier block may have watched them
        roots = {node.id for node in ast.walk(sources) if isinstance(node, ast.Name)}
        if roots & tape.watched() or ctx.model.calls_passing(gradient.scope, tape.name) or _checked_for_none(ctx, gradient):
            return None  # watched here, maybe by a helper handed the tape, or None on purpose
        shown = ctx.text(sources)
        message = (
            f"`{tape.name}` is made with `watch_accessed_variables=False` and never watches `{shown}`; "
            "the gradients will be None"
        )
        return self.finding(ctx, sources, message, [_watching_accessed_variables(ctx, tape.construction)])


def _variables(ctx: Context, gradient: GradientCall, sources: ast.expr) -> bool:
    """Are `sources` variables: a collection of a model's (`model.trainable_variables`), a
    name bound to `tf.Variable(...)`, or a list or tuple of those?"""
    if isinstance(sources, (ast.List, ast.Tuple)):
        return bool(sources.elts) and all(_variables(ctx, gradient, element) for element in sources.elts)
    if isinstance(sources, ast.Attribute):
        return sources.attr in _VARIABLE_COLLECTIONS and dotted_name(sources) is not None
    if isinstance(sources, ast.Name):
        binding = gradient.scope.lookup(sources.id, gradient.call)
        return binding is not None and binding.unpack_index is None and ctx.model.is_variable(binding.value)
    return False


def _watching_accessed_variables(ctx: Context, construction: ast.Call) -> Edit | None:
    """`tf.GradientTape(...)` without `watch_accessed_variables=False` (a one-line call)."""
    text = ctx.text(construction)
    if "\n" in text or "#" in text or len(construction.args) > 1:
        return None  # written over lines, or the flag given by position
    kept = [ctx.text(a) for a in construction.args] + [ctx.text(k) for k in construction.keywords if k.arg != "watch_accessed_variables"]
    return ctx.replace(construction, f"{ctx.text(construction.func)}({', '.join(kept)})")


_VARIABLE_COLLECTIONS = frozenset({"trainable_variables", "trainable_weights"})


def _integer_variables(ctx: Context, gradient: GradientCall) -> Iterator[tuple[str, ast.Call]]:
    """Sources bound to `tf.Variable(<whole numbers>)` with no `dtype`: an int32 variable."""
    for name in _source_names(gradient.sources):
        value = _variable_made(ctx, gradient, name)
        if value is None or any(k.arg in {"dtype", "initial_value"} or k.arg is None for k in value.keywords):  # type: ignore[union-attr]
            continue
        if value.args and _whole_numbers(value.args[0]):  # type: ignore[union-attr]
            yield name, value  # type: ignore[misc]


_TENSOR_MAKERS = frozenset({"tensorflow.constant", "tensorflow.convert_to_tensor"})


def _integer_tensor(ctx: Context, gradient: GradientCall, name: str) -> bool:
    """Is `name` bound to `tf.constant(<whole numbers>)` with no float dtype, or to a
    constant given an integer dtype (`dtype=tf.int32`)?"""
    binding = gradient.scope.lookup(name, gradient.call)
    value = binding.value if binding is not None and binding.unpack_index is None else None
    if not (isinstance(value, ast.Call) and ctx.model.imports.call_name(value) in _TENSOR_MAKERS and value.args):
        return False
    dtype = next((k.value for k in value.keywords if k.arg == "dtype"), value.args[1] if len(value.args) > 1 else None)
    if dtype is not None:
        spelled = dotted_name(dtype) if not isinstance(dtype, ast.Constant) else str(dtype.value)
        return spelled is not None and spelled.rpartition(".")[2].startswith(("int", "uint"))
    return _whole_numbers(value.args[0])


def _whole_numbers(node: ast.expr) -> bool:
    """An int literal (`0`, `-1`), or a non-empty (nested) list or tuple of them."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    if isinstance(node, (ast.List, ast.Tuple)):
        return bool(node.elts) and all(_whole_numbers(e) for e in node.elts)
    return False


def _float_dtype(ctx: Context, call: ast.Call) -> Edit | None:
    """`tf.Variable(0)` becomes `tf.Variable(0, dtype=tf.float32)`."""
    alias = ctx.model.imports.alias_of("tensorflow")
    if alias is None:
        return None
    end = ctx.range(call).end
    closing = Position(end.line, end.column - 1)
    inside = ctx.source.slice(Range(ctx.range(call.func).end, closing))
    separator = " " if inside.rstrip().endswith(",") else ", "
    return ctx.edit(Range(closing, closing), f"{separator}dtype={alias}.float32")


def _non_trainable(ctx: Context, gradient: GradientCall, name: str) -> bool:
    """Is `name`, where the gradient is taken, a `tf.Variable(..., trainable=False)`? A tape
    watches trainable variables only."""
    value = _variable_made(ctx, gradient, name)
    return value is not None and any(k.arg == "trainable" and isinstance(k.value, ast.Constant) and k.value.value is False for k in value.keywords)


def _variable_made(ctx: Context, gradient: GradientCall, name: str) -> ast.Call | None:
    """The `tf.Variable(...)` call `name` is bound to where the gradient is taken, if it is one."""
    binding = gradient.scope.lookup(name, gradient.call)
    value = binding.value if binding is not None and binding.unpack_index is None else None
    return value if ctx.model.is_variable(value) else None  # type: ignore[return-value]


def _checked_for_none(ctx: Context, gradient: GradientCall) -> bool:
    """A test that asserts the gradient is None (`assert grads[0] is None`): the missing
    gradient is what it checks."""
    stmt = gradient.ref.stmt
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return False
    name = stmt.targets[0].id
    end = getattr(gradient.scope.node, "end_lineno", None) or len(ctx.model.lines)
    pattern = re.compile(rf"\b{re.escape(name)}\b(\[\d+\])?\s+is\s+None")
    lines = ctx.model.lines_spelling(name)  # only the lines that name it, not the rest of the scope
    if lines is None:
        return any(pattern.search(line) for line in ctx.model.lines[stmt.end_lineno or stmt.lineno : end])
    start = bisect.bisect_right(lines, stmt.end_lineno or stmt.lineno)
    return any(pattern.search(ctx.model.lines[number - 1]) for number in lines[start:] if number <= end)


def _gradient_read(ctx: Context, gradient: GradientCall, name: str) -> bool:
    """Is the gradient for source `name` read? Not when the gradients are a list only ever
    indexed (`grads[1]`) at other positions."""
    stmt, sources = gradient.ref.stmt, gradient.sources
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return True
    if not isinstance(sources, (ast.List, ast.Tuple)):
        return True
    position = next((i for i, e in enumerate(sources.elts) if isinstance(e, ast.Name) and e.id == name), None)
    reads = [read for read in ctx.model.loads(gradient.scope, stmt.targets[0].id) if read.lineno > (stmt.end_lineno or stmt.lineno)]
    if position is None or not reads:
        return True
    indexes = set()
    for read in reads:
        parent = ctx.model.subscript_of(gradient.scope, read)
        if not (isinstance(parent, ast.Subscript) and isinstance(parent.slice, ast.Constant) and isinstance(parent.slice.value, int)):
            return True  # used whole
        indexes.add(parent.slice.value % len(sources.elts))
    return position in indexes


def _watch_edits(ctx: Context, gradient: GradientCall, names: list[str]) -> list:
    """`tape.watch(x)` first in the tape block, or right after `x` is bound inside it."""
    tape = gradient.tape
    assert tape is not None and tape.name is not None
    at_start, edits = [], []
    for name in names:
        binding = gradient.scope.lookup(name, gradient.call)
        inside = binding is not None and binding.ref is not None and (binding.ref.stmt in tape.body or binding.ref.inside(tape.with_stmt))
        if not inside and _used_before_tape(tape, name):
            return [None]  # what the target needs from it is computed before the tape: a watch cannot record that
        if inside:
            edits.append(ctx.insert_line_after(binding.ref.stmt, f"{tape.name}.watch({name})"))  # type: ignore[union-attr]
        else:
            at_start.append(f"{tape.name}.watch({name})")
    if at_start:
        edits.insert(0, ctx.insert_lines_at_block_start(tape.body, at_start))
    return edits


def _used_before_tape(tape: Tape, name: str) -> bool:
    """Is a value computed from `name` before the tape opens read inside the tape?"""
    derived: set[str] = set()
    for stmt in tape.ref.preceding:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if read_names(value_of(stmt)) & (derived | {name}):
            derived |= assigned_names(stmt) - {name}
    return bool(derived & read_names(tape.with_stmt))


def _derived_inside_from_watched(gradient: GradientCall, name: str, watched: set[str]) -> bool:
    """`x = (x_raw - 10) / 10` inside the tape, with `x_raw` watched: `x` is recorded."""
    binding = gradient.scope.lookup(name, gradient.call)
    tape = gradient.tape
    if binding is None or binding.ref is None or tape is None or binding.value is None:
        return False
    inside = binding.ref.stmt in tape.body or binding.ref.inside(tape.with_stmt)
    return inside and bool(read_names(binding.value) & watched)


_CALLS = frozenset({ast.Call})


def _unwatched_plain_attribute(ctx: Context, gradient: GradientCall) -> tuple[str, Edit | None] | None:
    """`tape.gradient(obj, self.image)` where the class only ever binds `self.image` to a
    plain tensor (`tf.convert_to_tensor(...)`, then `self.image + lr * grad`) and the tape
    never watches it: a prototype or adversarial input kept on the object."""
    sources, info, tape = gradient.sources, gradient.scope.class_info, gradient.tape
    assert tape is not None and tape.name is not None
    if info is None or not (isinstance(sources, ast.Attribute) and isinstance(sources.value, ast.Name) and sources.value.id == "self"):
        return None
    bindings = info.self_bindings.get(sources.attr, [])
    if not bindings or not all(b.value is not None and _plain_update(ctx, gradient, b.value, sources.attr) for b in bindings):
        return None
    if not any(
        isinstance(b.value, ast.Call) and (ctx.model.imports.call_name(b.value) or "") in TENSOR_FACTORIES for b in bindings
    ):
        return None  # nothing says it starts as a tensor
    shown = f"self.{sources.attr}"
    watching = (c for c in nodes_under(tape.with_stmt, _CALLS) if isinstance(c.func, ast.Attribute) and c.func.attr == "watch" and c.args)
    if any(dotted_name(c.args[0]) == shown for c in watching) or _checked_for_none(ctx, gradient):
        return None
    derived = {n for stmt in tape.ref.preceding if any(dotted_name(a) == shown for a in walk(stmt)) for n in assigned_names(stmt)}
    if derived & {n for stmt in tape.body for n in read_names(stmt)}:
        edit = None  # what the tape needs from it is computed before the tape: a watch cannot record that
    else:
        edit = ctx.insert_lines_at_block_start(tape.body, [f"{tape.name}.watch({shown})"])
    return f"`{shown}` is a plain tensor that `{tape.name}` never watches; the gradient will be None", edit


def _plain_update(ctx: Context, gradient: GradientCall, value: ast.expr, attr: str) -> bool:
    """A tensor factory, or arithmetic stepping `self.<attr>` itself (`self.image + lr * g`)."""
    if isinstance(value, ast.Call):
        return (ctx.model.imports.call_name(value) or "") in TENSOR_FACTORIES
    if isinstance(value, ast.BinOp):
        operands = [value.left, value.right]
        return any(dotted_name(o) == f"self.{attr}" for o in operands) or any(_plain_update(ctx, gradient, o, attr) for o in operands)
    return False


def _source_names(sources: ast.expr | None) -> list[str]:
    if isinstance(sources, ast.Name):
        return [sources.id]
    if isinstance(sources, (ast.List, ast.Tuple)):
        return [e.id for e in sources.elts if isinstance(e, ast.Name)]
    return []
