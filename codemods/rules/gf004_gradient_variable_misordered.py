from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from codemods.analysis.dataflow import VARIABLE_COLLECTIONS, property_value
from codemods.analysis.model import ApplyCall, GradientCall, Scope
from codemods.analysis.walk import walk
from codemods.findings import Applicability, Edit, Finding
from codemods.rules.base import Context, Rule, dump


class GradientVariableMisordered(Rule):
    """
    ## What it does
    Checks for `apply_gradients(zip(grads, variables))` where the gradients and the
    variables are not in the same order as the sources of the `tape.gradient` call:
    `reversed(grads)`, `grads[::-1]`, a reversed or permuted variable list (also one stored
    first in a name, or once on `self`: `top_down = model.trainable_variables[::-1]`),
    variable lists concatenated in the other order, or unpacked gradients zipped in another
    order. Also `zip(variables, grads)`, the pairs the wrong way round, including TF1-style
    pairs taken apart (`grads, variables = zip(*optimizer.compute_gradients(loss))`) and
    zipped back variables first, and `tf.gradients(loss, tvars)` zipped after `tvars`.
    Swapped pairs are reported only for a TensorFlow/Keras optimizer (or one named like it):
    a class of the file's own with its `apply_gradients` may take its pairs either way round.

    ## Why is this bad?
    `tape.gradient(loss, sources)` returns the gradients in the order of `sources`. Paired in
    another order, each gradient updates the wrong variable. When the shapes happen to agree
    this is silent and training diverges; otherwise the update fails on the shapes, e.g.

        InvalidArgumentError: Cannot update variable with shape [1,1] using a Tensor with shape [1], shapes must be equal.

    Pairs the wrong way round fail in Keras with
    `AttributeError: 'SymbolicTensor' object has no attribute '_unique_id'`, and in TF1 with
    `NotImplementedError: ('Trying to update a Tensor ', ...)`.

    ## Example
    ```python
    grads = tape.gradient(loss, [w, b])
    optimizer.apply_gradients(zip(grads, [b, w]))
    ```

    ## Use instead
    Pair gradients and variables by name, so the order cannot go wrong again:
    ```python
    params = {"w": w, "b": b}
    grads = tape.gradient(loss, params)
    optimizer.apply_gradients([(grads[k], v) for k, v in params.items()])
    ```

    ## Fix safety
    Safe: every gradient is paired with the variable it was computed for. When the sources
    are plain variable names and the gradients are one name used nowhere else, the sources
    become a dict keyed by name; otherwise the pairing is aligned with the order of the
    sources (the reversal is dropped, the variable list is written as the sources, or the
    unpacked gradient names are reordered). Swapped pairs are swapped back when the
    variables are exactly the sources of the gradients (or the other half of the same
    unzipped pairs); otherwise the finding has no fix. In a comprehension that writes the
    pairs (`[(g, v) for g, v in zip(...) if g is not None]`), the half that disagrees with
    the loop's names is swapped, so a filter goes on testing the gradient; with no telling
    names and a filter, there is no fix.
    """

    code = "GF004"
    name = "gradient-variable-misordered"
    summary = "Gradients and variables are paired in a different order than they were computed"
    fix_title = "Pair each gradient with its own variable"
    applicability = Applicability.SAFE
    tokens = ("apply_gradients", "zip(")

    def check(self, ctx: Context) -> Iterator[Finding]:
        for apply in ctx.model.apply_calls():
            pair = apply.zipped
            if pair is None:
                continue
            grads, variables = pair
            side = _gradient_side(ctx, apply, grads)
            if side is None:
                swapped = self._swapped(ctx, apply, grads, variables)
                if swapped is not None:
                    yield swapped
                continue
            gradient, grads_order, grads_base = side
            sources = _elements(ctx, gradient.sources, gradient.scope, gradient.call)  # type: ignore[arg-type]
            variables_order = _variable_order(ctx, variables, sources, apply.scope, apply.call)
            if variables_order is None or sorted(variables_order.keys) != sorted(sources.keys):
                continue
            if grads_order.resolve(sources) == variables_order.resolve(sources):
                continue
            message = (
                f"Gradients are paired with variables in a different order than `{ctx.text(gradient.sources)}` "  # type: ignore[arg-type]
                "they were computed for; each gradient updates the wrong variable"
            )
            edits = _pair_by_name(ctx, apply, gradient, grads_base, sources) or _align(
                ctx, gradient, grads, grads_order, grads_base, variables, variables_order, sources
            )
            yield self.finding(ctx, apply.grads_and_vars, message, edits)  # type: ignore[arg-type]


    def _swapped(self, ctx: Context, apply: ApplyCall, first: ast.expr, second: ast.expr) -> Finding | None:
        """`zip(variables, grads)`: the pairs are (variable, gradient), the wrong way round."""
        model = ctx.model
        scope, at = apply.scope, apply.call
        optimizer = model.optimizer_of(apply.receiver, scope, at)
        if optimizer is None or optimizer.kind == "user":
            return None  # an optimizer of the file's own (or unknown) may take its pairs either way round
        gradient = model.gradient_origin(second, scope, at)
        half = model.pair_half(second, scope, at) if gradient is None else None
        graph_gradients = model.tf_gradients_origin(second, scope, at) if gradient is None and half is None else None
        if graph_gradients is not None:
            # `grads = tf.gradients(loss, tvars)` ... `zip(tvars, clipped)`
            xs = graph_gradients.args[1] if len(graph_gradients.args) > 1 else next(
                (k.value for k in graph_gradients.keywords if k.arg == "xs"), None
            )
            if xs is None or model.tf_gradients_origin(first, scope, at) is not None:
                return None
            exact = _key(first) == _key(xs) and all(
                scope.lookup(n.id, at) is scope.lookup(n.id, graph_gradients) for n in walk(xs) if isinstance(n, ast.Name)
            )
            if not exact and not _names_variables(first):
                return None
            return self._swapped_finding(ctx, apply, first, second, exact)
        if gradient is None and (half is None or half[0] != 0):
            return None
        exact = False
        if gradient is not None:
            if gradient.sources is None or model.gradient_origin(first, scope, at) is not None:
                return None
            exact = _same_variables(first, gradient.sources, scope, at, gradient)
            if not exact and not _names_variables(first):
                return None
        else:
            other = model.pair_half(first, scope, at)
            if other is None or other[0] != 1:
                return None
            exact = other[1] is half[1]  # type: ignore[index]
        return self._swapped_finding(ctx, apply, first, second, exact)

    def _swapped_finding(self, ctx: Context, apply: ApplyCall, first: ast.expr, second: ast.expr, exact: bool) -> Finding:
        message = (
            f"`zip({ctx.text(first)}, {ctx.text(second)})` pairs each variable with a gradient; "
            "`apply_gradients` takes (gradient, variable) pairs"
        )
        pairs = apply.pairs_value
        if isinstance(pairs, (ast.ListComp, ast.GeneratorExp)):
            # `[(v, g) for g, v in zip(grads, variables)]`: the pair written the wrong way round.
            swap_zip = _zip_misnamed(pairs, first, second)
            culprit = ctx.text(pairs.generators[0].iter if swap_zip else pairs.elt)
            message = f"`{culprit}` pairs each variable with a gradient; `apply_gradients` takes (gradient, variable) pairs"
            edits = _comprehension_repair(ctx, pairs, first, second, swap_zip) if exact else None
        else:
            edits = [ctx.replace(first, ctx.text(second)), ctx.replace(second, ctx.text(first))] if exact else None
        return self.finding(ctx, apply.grads_and_vars, message, edits)  # type: ignore[arg-type]


_GRADIENT_NAME = re.compile(r"^_*(?:g|gs|dg|dw|dv|grad|grads|gradient|gradients)(?:_|\d|$)|grad", re.IGNORECASE)
_VARIABLE_NAME = re.compile(r"^_*(?:v|vs|w|p|tv|var|vars|variable|variables|weight|weights|param|params)(?:_|\d|$)|var|weight|param", re.IGNORECASE)


def _loop_names(pairs: ast.ListComp | ast.GeneratorExp, grads: ast.expr) -> tuple[str, str]:
    """The comprehension's names for the gradient and for the variable, as the zip binds them."""
    loop = pairs.generators[0]
    names = [e.id for e in loop.target.elts]  # type: ignore[attr-defined]
    if loop.iter.args[0] is grads:  # type: ignore[attr-defined]
        return names[0], names[1]
    return names[1], names[0]


def _zip_misnamed(pairs: ast.ListComp | ast.GeneratorExp, variables: ast.expr, grads: ast.expr) -> bool:
    """`for g, v in zip(variables, grads)`: the names say which is which, the zip does not."""
    gradient_name, variable_name = _loop_names(pairs, grads)
    return bool(
        _GRADIENT_NAME.search(variable_name) and not _GRADIENT_NAME.search(gradient_name)
        and _VARIABLE_NAME.search(gradient_name) and not _VARIABLE_NAME.search(variable_name)
    )


def _comprehension_repair(ctx: Context, pairs: ast.ListComp | ast.GeneratorExp, variables: ast.expr, grads: ast.expr, swap_zip: bool) -> list[Edit] | None:
    """The edits that make `[(a, b) for a, b in zip(...)]` pair (gradient, variable). Either
    the element or the zipped sequences can be swapped; the loop's names tell which half the
    author meant to be the gradient, and a filter (`if g is not None`) must go on testing
    the half it names. With no telling names and a filter, there is no safe choice."""
    if swap_zip:
        return [ctx.replace(variables, ctx.text(grads)), ctx.replace(grads, ctx.text(variables))]
    gradient_name, variable_name = _loop_names(pairs, grads)
    telling = bool(_GRADIENT_NAME.search(gradient_name) or _VARIABLE_NAME.search(variable_name))
    if pairs.generators[0].ifs and not telling:
        return None
    variable, gradient = pairs.elt.elts  # type: ignore[attr-defined]
    return [ctx.replace(variable, ctx.text(gradient)), ctx.replace(gradient, ctx.text(variable))]


def _same_variables(variables: ast.expr, sources: ast.expr, scope: Scope, at: ast.AST, gradient: GradientCall) -> bool:
    """Is `variables` (at `at`) the very expression the gradients were taken for?"""
    if _key(variables) != _key(sources):
        return False
    names = {n.id for n in walk(sources) if isinstance(n, ast.Name)}
    return all(scope.lookup(name, at) is gradient.scope.lookup(name, gradient.call) for name in names) and scope is gradient.scope


def _names_variables(node: ast.expr) -> bool:
    """`model.trainable_variables` and the like, or a concatenation of them."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _names_variables(node.left) and _names_variables(node.right)
    return isinstance(node, ast.Attribute) and node.attr in VARIABLE_COLLECTIONS


@dataclass
class _Order:
    """A sequence described by the keys of its elements (or segments) and a reversal."""

    keys: list[str]
    reversed: bool = False

    def resolve(self, sources: _Elements) -> tuple[tuple[str, ...], bool]:
        if sources.elementwise and self.reversed:
            return tuple(reversed(self.keys)), False
        return tuple(self.keys), self.reversed


@dataclass
class _Elements:
    """The sources' elements (`[w, b]`) or segments (`a.trainable_variables + b...`)."""

    keys: list[str]
    nodes: list[ast.expr]
    elementwise: bool  # the keys are single variables, so reversal permutes them


def _strip_reversal(node: ast.expr) -> tuple[ast.expr, bool]:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"list", "tuple"} and node.args:
        inner, flipped = _strip_reversal(node.args[0])
        if flipped:
            return inner, True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "reversed" and len(node.args) == 1:
        return node.args[0], True
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        step = node.slice.step
        if node.slice.lower is None and node.slice.upper is None and isinstance(step, ast.UnaryOp):
            if isinstance(step.op, ast.USub) and isinstance(step.operand, ast.Constant) and step.operand.value == 1:
                return node.value, True
    return node, False


def _key(node: ast.AST) -> str:
    key = dump(node)
    return f"<too deep to compare: {id(node)}>" if key is None else key


def _elements(ctx: Context, sources: ast.expr, scope: Scope, at: ast.AST) -> _Elements:
    node = property_value(sources, scope) or sources
    if isinstance(node, ast.Name):
        binding = scope.lookup(node.id, at)
        concatenation = isinstance(binding.value, ast.BinOp) and isinstance(binding.value.op, ast.Add) if binding is not None else False
        if binding is not None and (isinstance(binding.value, (ast.List, ast.Tuple)) or concatenation) and binding.unpack_index is None:
            node = binding.value  # `params = [w, b]`, `variables = base.trainable_variables + head.trainable_variables`
    if isinstance(node, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in node.elts):
        return _Elements([_key(e) for e in node.elts], list(node.elts), True)
    segments = _concatenation(node)
    if len(segments) > 1:
        return _Elements([_key(s) for s in segments], segments, False)
    return _Elements([_key(sources)], [sources], False)


def _concatenation(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _concatenation(node.left) + _concatenation(node.right)
    return [node]


def _gradient_side(ctx: Context, apply: ApplyCall, grads: ast.expr) -> tuple[GradientCall, _Order, ast.Name | None] | None:
    """The gradient call behind the zipped gradients, their order, and their name (when
    they are one name bound to that call's result)."""
    base, flipped = _strip_reversal(grads)
    model = ctx.model
    if isinstance(base, (ast.List, ast.Tuple)) and base.elts and all(isinstance(e, ast.Name) for e in base.elts):
        # `dw, db = tape.gradient(loss, [w, b])` ... `zip([db, dw], [w, b])`
        origin: GradientCall | None = None
        keys: list[str] = []
        for name in base.elts:
            binding = apply.scope.lookup(name.id, apply.call)  # type: ignore[attr-defined]
            if binding is None or binding.unpack_index is None or binding.value is None:
                return None
            call = model.gradient_call_of(binding.value)
            if call is None or (origin is not None and call is not origin):
                return None
            origin = call
            sources = _elements(ctx, call.sources, call.scope, call.call)  # type: ignore[arg-type]
            if not sources.elementwise or len(binding.unpack_names) != len(sources.keys):
                return None
            keys.append(sources.keys[binding.unpack_index])
        assert origin is not None
        return origin, _Order(keys, flipped), None
    if not isinstance(base, ast.Name):
        return None
    binding = apply.scope.lookup(base.id, apply.call)
    if binding is None or binding.value is None or binding.unpack_index is not None:
        return None
    origin = model.gradient_call_of(binding.value)
    if origin is None or origin.method != "gradient" or origin.sources is None:
        return None
    sources = _elements(ctx, origin.sources, origin.scope, origin.call)
    return origin, _Order(list(sources.keys), flipped), base


def _variable_order(ctx: Context, variables: ast.expr, sources: _Elements, scope: Scope, at: ast.AST) -> _Order | None:
    base, flipped = _strip_reversal(variables)
    if _key(base) in sources.keys and len(sources.keys) == 1:
        return _Order([_key(base)], flipped)
    node = base
    if isinstance(node, ast.Name):
        binding = scope.lookup(node.id, at)
        if binding is not None and binding.value is not None and binding.unpack_index is None:
            # `top_down = model.trainable_variables[::-1]` ... `zip(grads, top_down)`
            node, stored_flip = _strip_reversal(binding.value)
            flipped ^= stored_flip
            if stored_flip and _key(node) in sources.keys and len(sources.keys) == 1:
                return _Order([_key(node)], flipped)
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self" and scope.class_info is not None:
        # `self.top_down = self.model.trainable_variables[::-1]`, set once (in `__init__`/`build`)
        bindings = scope.class_info.self_bindings.get(node.attr, [])
        if len(bindings) == 1 and bindings[0].value is not None and bindings[0].unpack_index is None:
            inner, stored_flip = _strip_reversal(bindings[0].value)
            inner = _seen_from_self(inner, scope.class_info)
            if stored_flip and _key(inner) in sources.keys and len(sources.keys) == 1:
                return _Order([_key(inner)], not flipped)
    if sources.elementwise and isinstance(node, (ast.List, ast.Tuple)):
        return _Order([_key(e) for e in node.elts], flipped)
    if not sources.elementwise:
        return _Order([_key(s) for s in _concatenation(node)], flipped)
    if _key(node) == _key(ast.List(elts=sources.nodes, ctx=ast.Load())):
        return _Order(list(sources.keys), flipped)
    return None


def _seen_from_self(node: ast.expr, info) -> ast.expr:
    """`model.trainable_variables` in `__init__(self, model)`, which also sets `self.model =
    model`, as the other methods see it: `self.model.trainable_variables`."""
    root = node
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or root.id == "self":
        return node
    kept = [attr for attr, bindings in info.self_bindings.items() if any(isinstance(b.value, ast.Name) and b.value.id == root.id for b in bindings)]
    if len(kept) != 1:
        return node
    replaced = ast.Attribute(ast.Name("self", ast.Load()), kept[0], ast.Load())

    def rebuilt(part: ast.expr) -> ast.expr:
        return replaced if part is root else ast.Attribute(rebuilt(part.value), part.attr, ast.Load())  # type: ignore[attr-defined]

    return rebuilt(node)


def _pair_by_name(ctx: Context, apply: ApplyCall, gradient: GradientCall, grads: ast.Name | None, sources: _Elements) -> list[Edit | None] | None:
    """Sources of plain names become a dict, and the update pairs by key."""
    if grads is None or not sources.elementwise or not all(isinstance(n, ast.Name) for n in sources.nodes):
        return None
    names = [n.id for n in sources.nodes]  # type: ignore[attr-defined]
    if len(set(names)) != len(names):
        return None
    statement = gradient.ref.stmt
    if not (isinstance(statement, ast.Assign) and statement.value is gradient.call):
        return None
    scope_node = apply.scope.node
    after = (statement.end_lineno or statement.lineno, statement.end_col_offset or 0)
    loops = gradient.ref.loops
    loads = [
        n for n in ctx.model.loads(apply.scope, grads.id)
        if (n.lineno, n.col_offset) > after or any(loop.lineno <= n.lineno <= (loop.end_lineno or 0) for loop in loops)
    ]
    call = apply.call
    start, end = (call.lineno, call.col_offset), (call.end_lineno or call.lineno, call.end_col_offset or 0)
    if any(not start <= (n.lineno, n.col_offset) < end for n in loads):
        return None  # the gradients are used elsewhere as a list; pairing by name would break that
    params = ctx.fresh_name("params", scope_node)
    key, var = ("k", "v") if not {"k", "v"} & {grads.id, params} else ("key", "variable")
    mapping = ", ".join(f'"{name}": {name}' for name in names)
    return [
        ctx.insert_line_before(statement, f"{params} = {{{mapping}}}"),
        ctx.replace(gradient.sources, params),  # type: ignore[arg-type]
        ctx.replace(apply.grads_and_vars, f"[({grads.id}[{key}], {var}) for {key}, {var} in {params}.items()]"),  # type: ignore[arg-type]
    ]


def _align(
    ctx: Context,
    gradient: GradientCall,
    grads: ast.expr,
    grads_order: _Order,
    grads_base: ast.Name | None,
    variables: ast.expr,
    variables_order: _Order,
    sources: _Elements,
) -> list[Edit | None]:
    """Pair in the sources' order: drop a reversal, write the variables as the sources, or
    reorder unpacked gradient names to match the variables."""
    edits: list[Edit | None] = []
    if grads_base is not None:
        if grads_order.reversed:
            edits.append(ctx.replace(grads, grads_base.id))
        if variables_order.resolve(sources) != (tuple(sources.keys), False):
            edits.append(ctx.replace(variables, ctx.text(gradient.sources)))  # type: ignore[arg-type]
        return edits
    # Unpacked gradient names: put each name where its variable is.
    base, _ = _strip_reversal(grads)
    by_key = dict(zip(grads_order.keys, (ctx.text(e) for e in base.elts), strict=True))  # type: ignore[attr-defined]
    wanted, flipped = variables_order.resolve(sources)
    if flipped or any(key not in by_key for key in wanted):
        return [None]
    open_, close = ("(", ")") if isinstance(base, ast.Tuple) else ("[", "]")
    return [ctx.replace(grads, open_ + ", ".join(by_key[key] for key in wanted) + close)]
