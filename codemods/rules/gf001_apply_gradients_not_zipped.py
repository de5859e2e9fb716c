from __future__ import annotations

import ast
from collections.abc import Iterator

from codemods.analysis.model import ApplyCall, FileModel, Scope
from codemods.analysis.walk import walk
from codemods.findings import Applicability, Finding
from codemods.rules.base import Context, Rule


class ApplyGradientsNotZipped(Rule):
    """
    ## What it does
    Checks for `optimizer.apply_gradients(grads, variables)` with the gradients and the
    variables as two arguments, and for `optimizer.apply_gradients(grads)` where `grads`
    comes straight from `tape.gradient(...)`.

    ## Why is this bad?
    `apply_gradients` takes one argument: an iterable of `(gradient, variable)` pairs.
    Keras 3 rejects two arguments outright:

        TypeError: BaseOptimizer.apply_gradients() takes 2 positional arguments but 3 were given

    tf.keras 2 (`tf_keras`) reads the second argument as the update's `name`, and a bare
    gradient list as pairs, failing with `TypeError: Cannot iterate over a scalar tensor.`
    or a `ValueError` about unpacking, depending on the shapes.

    ## Example
    ```python
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(grads, model.trainable_variables)
    ```

    ## Use instead
    ```python
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Fix safety
    Safe: the two lists are paired exactly as the caller wrote them. In the one-argument
    form the gradients are zipped with the sources of the `tape.gradient` call that produced
    them. Keras 3's `optimizer.apply(grads, variables)`, whose signature is two lists, and
    optimizer classes defined in the same file with their own `apply_gradients(grads, vars)`
    are not flagged.
    """

    code = "GF001"
    name = "apply-gradients-not-zipped"
    summary = "`apply_gradients` needs (gradient, variable) pairs, not separate lists"
    fix_title = "Zip the gradients with their variables"
    applicability = Applicability.SAFE
    tokens = ("apply_gradients",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        for apply in model.apply_calls():
            optimizer = model.optimizer_of(apply.receiver, apply.scope, apply.call)
            if optimizer is None or optimizer.kind == "user":
                continue
            args = apply.positional
            if len(args) == 2 and not any(isinstance(arg, ast.Starred) for arg in args):
                grads, variables = args
                if _already_pairs(model, grads, apply) or "step" in ctx.text(variables).lower():
                    continue  # `apply_gradients(grads_and_vars, global_step)`: TF1's signature
                yield self.finding(
                    ctx,
                    apply.call,
                    f"`apply_gradients` called with two arguments; pair them: `zip({ctx.text(grads)}, {ctx.text(variables)})`",
                    [ctx.insert_before(grads, "zip("), ctx.insert_after(variables, ")")],
                )
                continue
            grads = apply.grads_and_vars
            if grads is None or len(args) > 1:
                continue
            origin = model.gradient_origin(grads, apply.scope, apply.call)
            if origin is None or origin.method == "minimize" or origin.sources is None:
                continue
            if isinstance(origin.sources, ast.Dict):
                continue  # zip would pair the gradients with the dict's keys; no automatic fix
            sources = ctx.text(origin.sources)
            edits = [ctx.insert_before(grads, "zip("), ctx.insert_after(grads, f", {sources})")]
            if not _names_mean_the_same(origin.scope, apply.scope, origin.sources):
                edits = [None]  # computed in a helper: its names are not the caller's
            yield self.finding(
                ctx,
                apply.call,
                f"`apply_gradients` called with gradients only; pair them with their variables: `zip({ctx.text(grads)}, {sources})`",
                edits,
            )


def _names_mean_the_same(origin: Scope, here: Scope, sources: ast.expr) -> bool:
    """Can `sources`, written in `origin`, be written as they are in `here`: the same scope or
    an enclosing one, or another method of the same class naming only `self`'s attributes?"""
    search: Scope | None = here
    while search is not None:
        if search is origin:
            return True
        search = search.parent
    names = {n.id for n in walk(sources) if isinstance(n, ast.Name)}
    return origin.class_info is not None and origin.class_info is here.class_info and names == {"self"}


_PAIR_SOURCES = frozenset({"compute_gradients", "_compute_gradients", "items"})


def _already_pairs(model: FileModel, value: ast.expr, apply: ApplyCall, depth: int = 0) -> bool:
    """Is `value` already (gradient, variable) pairs: `zip(...)`, `list(zip(...))`,
    `opt.compute_gradients(...)`, a comprehension building tuples, or a name bound to one?"""
    if depth > 4:
        return False
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Name) and func.id == "zip":
            return True
        if isinstance(func, ast.Name) and func.id in {"list", "tuple"} and value.args:
            return _already_pairs(model, value.args[0], apply, depth + 1)
        return isinstance(func, ast.Attribute) and func.attr in _PAIR_SOURCES
    if isinstance(value, (ast.ListComp, ast.GeneratorExp)):
        return isinstance(value.elt, ast.Tuple) or any(isinstance(g.target, ast.Tuple) for g in value.generators)
    if isinstance(value, (ast.List, ast.Tuple)):
        return bool(value.elts) and all(isinstance(e, ast.Tuple) for e in value.elts)
    if isinstance(value, ast.Name):
        binding = apply.scope.lookup(value.id, apply.call)
        if binding is not None and binding.value is not None and binding.unpack_index is None:
            return _already_pairs(model, binding.value, apply, depth + 1)
        return "and_var" in value.id or "pairs" in value.id
    return False

