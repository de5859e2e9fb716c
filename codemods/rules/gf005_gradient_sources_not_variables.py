from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from codemods.analysis.dataflow import VARIABLE_COLLECTIONS, is_variable_like, property_value, read_names, self_attribute_value, variable_roots
from codemods.analysis.model import ApplyCall, FileModel, GradientCall, Scope, arguments_by_parameter
from codemods.analysis.names import dotted_name
from codemods.analysis.walk import starts_within, walk
from codemods.findings import Applicability, Edit, Finding
from codemods.rules.base import Context, Rule, dump


class GradientSourcesNotVariables(Rule):
    """
    ## What it does
    Checks for `tape.gradient(target, sources)` whose gradients are applied to variables
    other than `sources`: the sources are intermediate tensors (a layer's or model's output,
    a product computed inside the tape), or another variable collection than the one zipped
    with the gradients in `apply_gradients`. Also gradients taken for some of the variables
    and zipped with more (`tape.gradient(loss, encoder.trainable_variables)` applied with
    `encoder.trainable_variables + decoder.trainable_variables`, or `[w1, b1]` with
    `[w1, b1, w2, b2]`), and pairs written out, `apply_gradients([(grad, w)])`, where `grad`
    is the gradient with respect to a tensor the tape computed from `w` and other operands
    by a product (`hidden = tf.matmul(x, w)`, `x @ w`, a convolution; plus a bias, through an
    activation). A gradient carried back
    to the variable by hand (`tf.matmul(x, grad_hidden, transpose_a=True)`) and a
    straight-through estimator (the gradient with respect to `w * mask` or a quantized `w`,
    applied to `w`) are not flagged. And sources that are a list read from
    `model.trainable_variables` before the model was built (`tf.keras.Sequential([...])` with no
    input shape, or a `keras.Model` subclass of the file whose `__init__` only makes layers,
    never called before the list is read): an empty list. That includes a list cached on
    `self` in a trainer's `__init__` when every construction of the trainer in the file is
    handed such a model (`Trainer(MLP(), ...)`).

    ## Why is this bad?
    Gradients with respect to activations have the activations' shapes, not the
    variables'. Applied to the variables they fail on the shapes, e.g.

        InvalidArgumentError: Incompatible shapes

    or, when the shapes happen to agree, update the variables with the wrong values, silently.
    Zipped with a longer variable list, `zip` stops at the shorter one: the variables left
    over never receive a gradient and never train, and nothing says so. An empty variable
    list gives no gradients at all; Keras 3's `apply_gradients` then fails with

        ValueError: not enough values to unpack (expected 2, got 0)

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
    A list read before the model was built is replaced, where the gradient and
    `apply_gradients` use it, by the model's `trainable_variables` (safe: that is what the
    list was meant to hold). Otherwise safe when the variables given to `apply_gradients`
    are a plain name or attribute: the gradient is taken with respect to exactly them. For a longer variable list, the gradient
    is taken with respect to that list (its name, or the concatenation it is bound to when
    the name is bound only after the gradient call), unless the tape does not watch
    accessed variables. Otherwise no fix is offered.
    """

    code = "GF005"
    name = "gradient-sources-not-variables"
    summary = "Gradients are taken with respect to something other than the variables they update"
    fix_title = "Differentiate with respect to the variables being updated"
    applicability = Applicability.SAFE
    tokens = (".gradient", "apply_gradients")

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        yield from self._read_before_build(ctx)
        yield from self._read_in_init_before_build(ctx)
        for apply in model.apply_calls():
            yield from self._listed_pairs(ctx, apply)
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
            missing = _left_out(sources, gradient, variables, apply)
            if missing is not None:
                yield self._left_out_finding(ctx, gradient, variables, apply, missing)
                continue
            source_roots = variable_roots(sources, gradient.scope, gradient.call)
            variable_set = variable_roots(variables, apply.scope, apply.call)
            intermediate = _is_intermediate(model, sources, gradient.scope, gradient.call)
            other_collection = _is_collection(variables, apply.scope, apply.call) and _is_collection(
                sources, gradient.scope, gradient.call
            ) and not (source_roots & variable_set) and not _made_after(variables, apply, gradient) and not _copies(
                ctx, source_roots, variable_set, apply.scope
            )
            if not intermediate and not other_collection:
                continue
            what = "intermediate tensors" if intermediate else "another variable collection"
            message = (
                f"Gradients are taken with respect to `{ctx.text(sources)}` ({what}) but applied to "
                f"`{ctx.text(variables)}`"
            )
            movable = _plain(variables) and _same_bindings(variables, apply.scope, apply.call, gradient.scope, gradient.call)
            edit = ctx.replace(sources, ctx.text(variables)) if movable else None
            yield self.finding(ctx, sources, message, [edit])


    def _read_before_build(self, ctx: Context) -> Iterator[Finding]:
        """`variables = model.trainable_variables` right after `model = tf.keras.Sequential([...])`
        with no input shape (or a subclassed model of the file that only makes layers): the
        model has no weights yet, so the list is empty for good."""
        model = ctx.model
        reported: set[int] = set()
        for gradient in model.gradient_calls():
            sources, scope = gradient.sources, gradient.scope
            if not isinstance(sources, ast.Name) or gradient.method == "minimize":
                continue
            capture = scope.lookup(sources.id, gradient.call)
            value = capture.value if capture is not None and capture.unpack_index is None else None
            if not (isinstance(value, ast.Attribute) and value.attr in _TRAINABLE and isinstance(value.value, ast.Name)):
                continue
            owner = value.value.id
            built = scope.lookup(owner, capture.node)  # type: ignore[union-attr]
            ref, made = capture.ref, built.ref if built is not None else None  # type: ignore[union-attr]
            if ref is None or made is None or made.block is not ref.block or not _unbuilt(model, built.value):  # type: ignore[union-attr]
                continue
            if any(owner in read_names(stmt) for stmt in ref.block[made.index + 1 : ref.index]):
                continue  # called, built, summarized or handed on before the list is read
            if id(ref.stmt) in reported:
                continue
            reported.add(id(ref.stmt))
            fresh = f"{owner}.{value.attr}"
            edits = [ctx.replace(sources, fresh)]
            for apply in scope.apply_calls:
                pair = apply.zipped
                if pair is not None and isinstance(pair[1], ast.Name) and pair[1].id == sources.id and scope.lookup(sources.id, apply.call) is capture:
                    edits.append(ctx.replace(pair[1], fresh))
            message = (
                f"`{sources.id}` was read from `{fresh}` before `{owner}` was built (its layers make their weights when "
                "it is first called): it is an empty list, so nothing is differentiated or trained"
            )
            yield self.finding(ctx, sources, message, edits)

    def _read_in_init_before_build(self, ctx: Context) -> Iterator[Finding]:
        """`self.params = model.trainable_variables` in `__init__(self, model)`, where every
        construction of the class in the file hands it a model not built yet
        (`Trainer(MLP(), ...)`): the list is empty for good."""
        model = ctx.model
        reported: set[int] = set()
        for gradient in model.gradient_calls():
            sources, info = gradient.sources, gradient.scope.class_info
            if info is None or gradient.method == "minimize" or not (isinstance(sources, ast.Attribute) and isinstance(sources.value, ast.Name) and sources.value.id == "self"):
                continue
            bindings = info.self_bindings.get(sources.attr, [])
            init = next((m for m in info.node.body if isinstance(m, ast.FunctionDef) and m.name == "__init__"), None)
            if init is None or len(bindings) != 1 or id(bindings[0].node) in reported or not starts_within(init, bindings[0].node):
                continue
            value = bindings[0].value
            if not (isinstance(value, ast.Attribute) and value.attr in _TRAINABLE and isinstance(value.value, ast.Name)):
                continue
            parameter = value.value.id
            if not _handed_unbuilt_models(model, info.node.name, init, parameter):
                continue
            reported.add(id(bindings[0].node))
            held = next((attr for attr, bs in info.self_bindings.items() if any(isinstance(b.value, ast.Name) and b.value.id == parameter for b in bs)), None)
            edits: list[Edit | None] = [None]
            if held is not None:
                fresh = f"self.{held}.{value.attr}"
                uses = [gradient.sources] + [a.zipped[1] for a in model.apply_calls() if a.scope.class_info is info and a.zipped is not None]
                edits = [ctx.replace(u, fresh) for u in uses if isinstance(u, ast.Attribute) and dump(u) == dump(sources)]
            message = (
                f"`{ctx.text(sources)}` was read from `{parameter}.{value.attr}` in `__init__`, and every `{info.node.name}(...)` in the "
                f"file is handed a model not built yet (its layers make their weights when it is first called): it is an empty "
                "list, so nothing is differentiated or trained"
            )
            yield self.finding(ctx, sources, message, edits)

    def _left_out_finding(self, ctx: Context, gradient: GradientCall, variables: ast.expr, apply: ApplyCall, missing: list[ast.expr]) -> Finding:
        sources = gradient.sources
        assert sources is not None
        left_out = ", ".join(f"`{ctx.text(m)}`" for m in missing)
        message = (
            f"Gradients are taken with respect to `{ctx.text(sources)}` but applied to `{ctx.text(variables)}`, "
            f"which also holds {left_out}: `zip` stops at the shorter list, so those never get a gradient "
            "(or the gradients go to the wrong variables)"
        )
        replacement = _visible_variables(gradient, variables, apply)
        if gradient.tape is None or not gradient.tape.watches_accessed_variables:
            replacement = None  # the tape may not have recorded the other variables
        edit = ctx.replace(sources, ctx.text(replacement)) if replacement is not None else None
        return self.finding(ctx, sources, message, [edit])

    def _listed_pairs(self, ctx: Context, apply: ApplyCall) -> Iterator[Finding]:
        """`apply_gradients([(grad, w)])` where `grad` is the gradient with respect to a tensor
        computed from the variables (`hidden = tf.matmul(x, w)`), not `w` itself."""
        model = ctx.model
        for grad, variable in apply.listed_pairs:
            if not isinstance(grad, ast.Name) or not _plain(variable):
                continue
            binding = apply.scope.lookup(grad.id, apply.call)
            if binding is None or binding.value is None:
                continue
            gradient = model.gradient_call_of(binding.value)
            if gradient is None or gradient.method != "gradient" or gradient.sources is None or gradient.tape is None:
                continue
            source: ast.expr | None = gradient.sources
            if binding.unpack_index is not None:
                elements = source.elts if isinstance(source, (ast.List, ast.Tuple)) else []
                if len(elements) != len(binding.unpack_names) or any(isinstance(e, ast.Starred) for e in elements):
                    continue
                source = elements[binding.unpack_index]
            if not isinstance(source, ast.Name) or not _computed_in_tape(model, source, gradient, variable):
                continue
            message = (
                f"`{grad.id}` is the gradient with respect to `{source.id}` (an intermediate tensor) "
                f"but is applied to `{ctx.text(variable)}`"
            )
            edit = ctx.replace(source, ctx.text(variable)) if _visible_at(variable, gradient, apply) else None
            yield self.finding(ctx, source, message, [edit])


_SHAPE_CHANGING = frozenset(
    {
        "tensorflow.matmul", "tensorflow.linalg.matmul", "tensorflow.tensordot", "tensorflow.einsum",
        "tensorflow.nn.conv1d", "tensorflow.nn.conv2d", "tensorflow.nn.conv3d", "tensorflow.nn.convolution",
        "tensorflow.nn.embedding_lookup", "tensorflow.gather", "tensorflow.nn.xw_plus_b",
    }
)


def _computed_in_tape(model: FileModel, source: ast.Name, gradient: GradientCall, variable: ast.expr) -> bool:
    """Is `source` a tensor the tape computed (inside its block) from `variable` and other
    operands by a product that changes the shape: `hidden = tf.matmul(x, w)`, `x @ w`?"""
    binding = gradient.scope.lookup(source.id, gradient.call)
    tape = gradient.tape
    if binding is None or binding.value is None or binding.unpack_index is not None or binding.ref is None or tape is None:
        return False
    if not binding.ref.inside(tape.with_stmt):
        return False
    return _product_of(model, binding.value, dump(variable), 0)


def _product_of(model: FileModel, value: ast.expr, wanted: str | None, depth: int) -> bool:
    """Is `value` a product that changes the shape (`tf.matmul(x, w)`, `x @ w`) of the
    variable dumped as `wanted` and other operands, possibly plus a bias or through an
    activation (`tf.nn.relu(x @ w + b)`)? A gradient with respect to `w * mask` or
    `quantize(w)` applied to `w` is a straight-through estimator, on purpose."""
    if depth > 4 or wanted is None:
        return False
    operands: list[ast.expr]
    if isinstance(value, ast.Call):
        name = model.imports.call_name(value) or ""
        if name not in _SHAPE_CHANGING:
            # an activation of a product keeps the product's shape
            single = len(value.args) == 1 and not value.keywords
            return single and name.startswith(("tensorflow.", "keras.activations.")) and _product_of(model, value.args[0], wanted, depth + 1)
        operands = [*value.args, *(k.value for k in value.keywords)]
    elif isinstance(value, ast.BinOp) and isinstance(value.op, ast.MatMult):
        operands = [value.left, value.right]
    elif isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Sub)):
        return _product_of(model, value.left, wanted, depth + 1) or _product_of(model, value.right, wanted, depth + 1)
    else:
        return False
    reads = [any(dump(n) == wanted for n in walk(o)) for o in operands]
    return any(reads) and not all(reads)


def _visible_at(variable: ast.expr, gradient: GradientCall, apply: ApplyCall) -> bool:
    """Does `variable` mean the same at the gradient call as at `apply_gradients`?"""
    names = {n.id for n in walk(variable) if isinstance(n, ast.Name)}
    return all(
        gradient.scope.lookup(name, gradient.call) is not None
        and gradient.scope.lookup(name, gradient.call) is apply.scope.lookup(name, apply.call)
        for name in names
    )


def _segments(node: ast.expr, scope: Scope, at: ast.AST, depth: int = 0) -> list[ast.expr] | None:
    """`a.trainable_variables + b.trainable_variables`, `[w1, b1, w2]` (or a name bound to
    them) as their collections and variables; None unless every part is one of those."""
    if depth > 4:
        return None
    if isinstance(node, ast.Name):
        binding = scope.lookup(node.id, at)
        if binding is None or binding.value is None or binding.unpack_index is not None:
            return None
        return _segments(binding.value, scope, binding.node, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _segments(node.left, scope, at, depth + 1), _segments(node.right, scope, at, depth + 1)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.Attribute) and node.attr in VARIABLE_COLLECTIONS:
        return [node]
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts and all(_plain(e) for e in node.elts):
        return list(node.elts)
    value = self_attribute_value(node, scope) or property_value(node, scope)  # `self.all_vars`, bound in `__init__` or a property
    if value is not None:
        parts = _segments(value, scope, at, depth + 1)
        # (names local to the method that binds it mean nothing here)
        return parts if parts and all((dotted_name(p) or "").startswith("self.") for p in parts) else None
    return None


def _left_out(sources: ast.expr, gradient: GradientCall, variables: ast.expr, apply: ApplyCall) -> list[ast.expr] | None:
    """The collections `variables` holds that the gradient's sources do not, when the
    sources are some of them: `tape.gradient(loss, enc.trainable_variables)` applied with
    `enc.trainable_variables + dec.trainable_variables`."""
    source_parts = _segments(sources, gradient.scope, gradient.call)
    variable_parts = _segments(variables, apply.scope, apply.call)
    if not source_parts or not variable_parts:
        return None
    source_keys = {dump(p) for p in source_parts}
    variable_keys = [dump(p) for p in variable_parts]
    if None in source_keys or None in variable_keys or not source_keys < set(variable_keys):
        return None
    return [p for p, key in zip(variable_parts, variable_keys) if key not in source_keys]


def _visible_variables(gradient: GradientCall, variables: ast.expr, apply: ApplyCall) -> ast.expr | None:
    """What to differentiate with respect to: `variables` itself if it means the same at the
    gradient call, else the concatenation it is bound to, if that does."""
    if _visible_at(variables, gradient, apply):
        return variables
    if isinstance(variables, ast.Name):
        binding = apply.scope.lookup(variables.id, apply.call)
        if binding is not None and binding.value is not None and _visible_at(binding.value, gradient, apply):
            return binding.value
    return None


def _single_gradient(model: FileModel, apply: ApplyCall, grads: ast.expr) -> GradientCall | None:
    if not isinstance(grads, ast.Name):
        return None
    binding = apply.scope.lookup(grads.id, apply.call)
    if binding is None or binding.value is None or binding.unpack_index is not None:
        return None
    gradient = model.gradient_call_of(binding.value)
    return gradient if gradient is not None and gradient.method == "gradient" else None


def _plain(node: ast.expr) -> bool:
    if isinstance(node, ast.Starred):
        return False
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _same_bindings(node: ast.expr, scope: Scope, at: ast.AST, other_scope: Scope, other_at: ast.AST) -> bool:
    """Does every name of `node` read at `other_at` the binding it reads at `at`? (Written
    at the gradient call, the variables must already be the ones applied.)"""
    names = [n.id for n in walk(node) if isinstance(n, ast.Name) and n.id != "self"]
    return all(scope.lookup(name, at) is not None and other_scope.lookup(name, other_at) is scope.lookup(name, at) for name in names)


_COPYING = re.compile(r"clone|copy", re.IGNORECASE)


def _copies(ctx: Context, sources: set[str], variables: set[str], scope: Scope) -> bool:
    """Were the gradients taken on a copy of the model they are applied to, made in this
    scope (`fast = clone_model(model)`, `self.fast.set_weights(self.model.get_weights())`)?
    That is first-order MAML's or Reptile's outer step, on purpose. (Gradients of the model
    applied to its copy, a DQN's target network, are not.)"""
    for root in sources:
        if root.startswith("self.") and scope.class_info is not None:
            bindings = scope.class_info.self_bindings.get(root[5:].split(".")[0], [])
        else:
            bindings = scope.bindings.get(root.split(".")[0], [])
        if any(isinstance(b.value, ast.Call) and _COPYING.search(dotted_name(b.value.func) or "") for b in bindings):
            return True
    lines = ctx.model.lines_spelling("set_weights")
    first = getattr(scope.node, "lineno", 1)
    last = getattr(scope.node, "end_lineno", None) or len(ctx.model.lines)
    others = [root.rpartition(".")[2] for root in variables]
    for root in sources:
        receiver = re.compile(rf"(?<![\w.]){re.escape(root)}\.set_weights\(")
        for number in lines if lines is not None else range(first, last + 1):
            line = ctx.model.lines[number - 1] if first <= number <= last else ""
            if receiver.search(line) and all(re.search(rf"\b{re.escape(word)}\b", line) for word in others):
                return True
    return False


def _made_after(variables: ast.expr, apply: ApplyCall, gradient: GradientCall) -> bool:
    """Is the owner of `variables` (`clone` of `clone.trainable_variables`) bound after the
    gradients were taken? Then they are applied to a copy on purpose (MAML's inner step on a
    clone of the model), and they cannot have been taken for it."""
    root = variables
    while isinstance(root, (ast.Attribute, ast.Subscript)):
        root = root.value
    if not isinstance(root, ast.Name) or apply.scope is not gradient.scope:
        return False
    binding = apply.scope.lookup(root.id, apply.call)
    return binding is not None and binding.position > (gradient.call.lineno, gradient.call.col_offset)


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
        if is_variable_like(value, scope, binding.node, model.is_variable):
            return False  # `base.trainable_variables + head.trainable_variables`: a list, not a tensor
        if isinstance(value, ast.Call) and model.imports.call_name(value) in {
            "tensorflow.constant", "tensorflow.convert_to_tensor"
        }:
            return False  # a plain input tensor: that is GF014's business
    return True


_TRAINABLE = frozenset({"trainable_variables", "trainable_weights"})
_SEQUENTIAL = frozenset({"keras.Sequential", "keras.models.Sequential"})
_INPUTS = frozenset({"keras.Input", "keras.layers.Input", "keras.layers.InputLayer"})
_INPUT_KEYWORDS = frozenset({"input_shape", "input_dim", "batch_input_shape", "batch_shape"})


def _handed_unbuilt_models(model: FileModel, class_name: str, init: ast.FunctionDef, parameter: str) -> bool:
    """Does every construction `class_name(...)` in the file hand `parameter` a model not
    built yet: a construction (`Trainer(MLP(), ...)`), or a name bound to one in the same
    block and not used before the call (`mlp = MLP()` then `Trainer(mlp)`)?"""
    sites = model.call_sites(class_name)
    if not sites:
        return False
    for call, caller in sites:
        argument = (arguments_by_parameter(init, call, bound=True) or {}).get(parameter)
        if argument is None:
            return False
        if _unbuilt(model, argument):
            continue
        if not isinstance(argument, ast.Name):
            return False
        made = caller.lookup(argument.id, call)
        ref = next((r for c, r in model.scope_calls(caller, class_name) if c is call), None)
        if made is None or made.ref is None or ref is None or made.ref.block is not ref.block or not _unbuilt(model, made.value):
            return False
        if any(argument.id in read_names(stmt) for stmt in ref.block[made.ref.index + 1 : ref.index]):
            return False  # called, built or handed on first
    return True


def _unbuilt(model: FileModel, value: ast.expr | None) -> bool:
    """A Keras model with no weights until its first call: a Sequential with no input shape,
    or a subclassed model of the file whose constructor only makes layers."""
    return _unbuilt_sequential(model, value) or _unbuilt_subclass(model, value)


def _unbuilt_subclass(model: FileModel, value: ast.expr | None) -> bool:
    """`MyModel()`: a class of the file deriving from `keras.Model` directly, built with
    constants only (not handed a model or layer that may hold weights), whose `__init__`
    only calls `super().__init__` and binds `self.<attr>` to new Keras layers (or
    constants). Layers make their weights when first called, so the model has none yet."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in model.classes):
        return False
    if not all(isinstance(a, ast.Constant) for a in [*value.args, *(k.value for k in value.keywords)]) or any(k.arg is None for k in value.keywords):
        return False
    info = model.classes[value.func.id]
    if not info.bases or not all(base in _MODEL_BASES for base in info.bases):
        return False
    methods = {m.name: m for m in info.node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}
    init = methods.get("__init__")
    if init is None or "__call__" in methods or init.decorator_list:
        return False
    return all(_makes_layers_only(model, stmt) for stmt in init.body)


def _makes_layers_only(model: FileModel, stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
        return True  # a docstring
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func  # `super().__init__(...)`
        return (
            isinstance(func, ast.Attribute) and func.attr == "__init__" and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name) and func.value.func.id == "super"
        )
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return False
    target = stmt.targets[0]
    if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"):
        return False
    values = stmt.value.elts if isinstance(stmt.value, (ast.List, ast.Tuple)) else [stmt.value]
    values = [v.elt if isinstance(v, ast.ListComp) else v for v in values]  # `[Dense(h) for h in hidden]`
    return all(_new_layer(model, v) for v in values)


def _new_layer(model: FileModel, value: ast.expr) -> bool:
    """A constant, or a Keras layer made here (not an `Input`)."""
    if isinstance(value, ast.Constant):
        return True
    if not isinstance(value, ast.Call):
        return False
    name = model.imports.call_name(value)
    return name is not None and name.startswith("keras.layers.") and name not in _INPUTS


_MODEL_BASES = frozenset({"keras.Model", "keras.models.Model"})


def _unbuilt_sequential(model: FileModel, value: ast.expr | None) -> bool:
    """`tf.keras.Sequential([Dense(...), ...])` whose first layer is given no input shape."""
    if not (isinstance(value, ast.Call) and model.imports.call_name(value) in _SEQUENTIAL and value.args and not value.keywords):
        return False
    layers = value.args[0]
    if not (isinstance(layers, ast.List) and layers.elts and isinstance(layers.elts[0], ast.Call)):
        return False
    first = layers.elts[0]
    name = model.imports.call_name(first)
    return name is not None and name.startswith("keras.layers.") and name not in _INPUTS and not any(
        k.arg in _INPUT_KEYWORDS or k.arg is None for k in first.keywords
    )
