from __future__ import annotations

import ast
from collections.abc import Iterator

from codemods.analysis.dataflow import VARIABLE_COLLECTIONS, variable_roots
from codemods.analysis.model import ApplyCall, FileModel, GradientCall, Scope
from codemods.findings import Applicability, Finding
from codemods.rules.base import Context, Rule, dump


class GradientSourcesNotVariables(Rule):
    """
    ## What it does
    Checks for `tape.gradient(target, sources)` whose gradients are applied to variables
    other than `sources`: the sources are intermediate tensors (a layer's or model's output,
    a product computed inside the tape), or another variable collection than the one zipped
    with the gradients in `apply_gradients`.

    ## Why is this bad?
    Gradients with respect to activations have the activations' shapes, not the
    variables'. Applied to the variables they fail on the shapes, e.g.

        InvalidArgumentError: Incompatible shapes

    or, when the shapes happen to agree, update the variables with the wrong values, silently.

    ## Example
    ```python
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, logits)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Use instead
    ```python
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Fix safety
    Safe when the variables given to `apply_gradients` are a plain name or attribute: the
    gradient is taken with respect to exactly them. Otherwise no fix is offered.
    """

    code = "GF005"
    name = "gradient-sources-not-variables"
    summary = "Gradients are taken with respect to something other than the variables they update"
    fix_title = "Differentiate with respect to the variables being updated"
    applicability = Applicability.SAFE
    tokens = (".gradient", "apply_gradients")

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        for apply in model.apply_calls():
            pair = apply.zipped
            if pair is None:
                continue
            grads, variables = pair
            gradient = _single_gradient(model, apply, grads)
            if gradient is None or gradient.sources is None:
                continue
            sources = gradient.sources
            sources_key = dump(sources)
            if sources_key is None or sources_key == dump(variables):
                continue  # the same expression, or one too deep to tell
            source_roots = variable_roots(sources, gradient.scope, gradient.call)
            variable_set = variable_roots(variables, apply.scope, apply.call)
            intermediate = _is_intermediate(model, sources, gradient.scope, gradient.call)
            other_collection = _is_collection(variables, apply.scope, apply.call) and _is_collection(
                sources, gradient.scope, gradient.call
            ) and not (source_roots & variable_set)
            if not intermediate and not other_collection:
                continue
            what = "intermediate tensors" if intermediate else "another variable collection"
            message = (
                f"Gradients are taken with respect to `{ctx.text(sources)}` ({what}) but applied to "
                f"`{ctx.text(variables)}`"
            )
            edit = ctx.replace(sources, ctx.text(variables)) if _plain(variables) else None
            yield self.finding(ctx, sources, message, [edit])


def _single_gradient(model: FileModel, apply: ApplyCall, grads: ast.expr) -> GradientCall | None:
    if not isinstance(grads, ast.Name):
        return None
    binding = apply.scope.lookup(grads.id, apply.call)
    if binding is None or binding.value is None or binding.unpack_index is not None:
        return None
    gradient = model.gradient_call_of(binding.value)
    return gradient if gradient is not None and gradient.method == "gradient" else None


def _plain(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _is_collection(node: ast.expr, scope: Scope, at: ast.AST) -> bool:
    """`model.trainable_variables`, or a name bound to one."""
    if isinstance(node, ast.Attribute) and node.attr in VARIABLE_COLLECTIONS:
        return True
    if isinstance(node, ast.Name):
        binding = scope.lookup(node.id, at)
        if binding is not None and binding.value is not None and binding.unpack_index is None:
            return _is_collection(binding.value, scope, binding.node)
    return False


def _is_intermediate(model: FileModel, sources: ast.expr, scope: Scope, at: ast.AST) -> bool:
    """Sources that are computed tensors: names bound to a call or arithmetic that is not a
    variable or a variable collection."""
    elements = sources.elts if isinstance(sources, (ast.List, ast.Tuple)) else [sources]
    if not elements:
        return False
    for element in elements:
        if not isinstance(element, ast.Name):
            return False
        binding = scope.lookup(element.id, at)
        if binding is None or binding.value is None:
            return False
        value = binding.value
        if model.is_variable(value) or isinstance(value, (ast.List, ast.Tuple, ast.Dict, ast.Constant)):
            return False
        if isinstance(value, ast.Attribute) or isinstance(value, ast.Name):
            return False
        if isinstance(value, ast.Call) and model.imports.call_name(value) in {
            "tensorflow.constant", "tensorflow.convert_to_tensor"
        }:
            return False  # a plain input tensor: that is GF014's business
    return True
