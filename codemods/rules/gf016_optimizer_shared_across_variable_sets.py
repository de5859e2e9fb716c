from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from codemods.analysis.dataflow import VARIABLE_COLLECTIONS, read_names, variable_roots
from codemods.analysis.model import ApplyCall, Binding, Scope
from codemods.analysis.names import last_name, starts_word
from codemods.analysis.walk import starts_within, walk
from codemods.findings import Applicability, Edit, Finding
from codemods.rules.base import Context, Rule


class OptimizerSharedAcrossVariableSets(Rule):
    """
    ## What it does
    Checks for one Keras optimizer instance applied (by `apply_gradients`, or by
    `minimize(loss_fn, var_list)`) to two different variable collections:
    a generator and a discriminator sharing one `Adam`, an encoder and a separate head, a
    model rebuilt while the optimizer is kept (also between two runs of a `train()` function,
    as a notebook re-runs it), an optimizer built for some variables and later handed more
    (pretraining `encoder + decoder`, then fine-tuning `encoder + head`), a Keras model's
    own `self.optimizer` (which `fit` builds for the model's variables) stepping another
    model's (a MAML step's fresh copy; reported without a fix), and one optimizer built before a loop that
    binds a new model on every iteration (`for model in models:`, a model rebuilt per fold),
    whether the loop applies the gradients itself, hands the model to a step function
    defined in the file (`step(model, optimizer, x, y)`, `self.train_step(x, y)` training
    `self.model`, a step reading the module's optimizer) or compiles each new model with the
    one optimizer (`model.compile(optimizer=optimizer)`).

    ## Why is this bad?
    A Keras 3 optimizer builds its state (moments, step counts) for the variables of its
    first `apply_gradients` call and refuses any other:

        ValueError: Unknown variable: <tf.Variable ...>. This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.

    With older optimizers that did not check, the two networks shared one step count and
    learning-rate schedule, silently. (TF1 optimizers and Keras's legacy ones, which Keras's
    error proposes for sharing on purpose, make slots for any variable: not flagged.)

    ## Example
    ```python
    optimizer = tf.keras.optimizers.Adam(1e-4)
    ...
    optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))
    ```

    ## Use instead
    ```python
    optimizer = tf.keras.optimizers.Adam(1e-4)
    discriminator_optimizer = tf.keras.optimizers.Adam(1e-4)
    ...
    optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    discriminator_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))
    ```

    ## Fix safety
    Unsafe: the second collection gets its own optimizer, built by the same constructor
    call, so each keeps its own state; in a loop, a fresh optimizer is built right after
    each new model (also when a step function or `compile` uses it; not when the step is a
    `tf.function` reading the module's optimizer, which keeps what it traced, nor for
    `self.<attr>` built from `__init__`'s own arguments). A function stepping the module's
    optimizer on the module's model, run again after the module (a later notebook cell)
    builds a new model, gets a fresh optimizer right after that model (not for a
    `tf.function`, which would keep stepping the model it traced: reported). An optimizer handed in by the
    caller (`self.optimizer = optimizer`) is copied with
    `type(optimizer).from_config(optimizer.get_config())`. Code that relied on a shared step
    count (for a schedule, say) changes behaviour. A method stepping `self.optimizer` on the
    model it is handed, called with two of the object's models (`self._update(self.teacher,
    ...)`, then the student), is reported without a fix.
    """

    code = "GF016"
    name = "optimizer-shared-across-variable-sets"
    summary = "One optimizer instance updates two different variable collections"
    fix_title = "Give the second variable collection its own optimizer"
    applicability = Applicability.UNSAFE
    # `apply_gradients` or `minimize`, or a `compile(...)` with an optimizer object built in the file.
    tokens = (
        ("apply_gradients", ".minimize(", ".compile("),
        ("apply_gradients", "ptimizer(", "Adam(", "SGD(", "RMSprop(", "Adagrad(", "Adadelta(", "Adamax(", "Nadam(", "Ftrl(", "Lion(", "Adafactor(", "optimizers.get("),
    )

    @classmethod
    def may_fire(cls, text: str) -> bool:
        # Without `apply_gradients`, only a `compile` handed an optimizer by name (built
        # once, compiled into models rebuilt in a loop) can be a finding.
        if not super().may_fire(text):
            return False
        return "apply_gradients" in text or ".minimize(" in text or _OPTIMIZER_BY_NAME.search(text) is not None

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from self._through_helpers(ctx)
        yield from self._one_method_two_models(ctx)
        yield from self._rerun_with_new_model(ctx)
        groups: dict[object, list[tuple[ApplyCall, set[tuple[str, int | None]], Binding | None]]] = {}
        for apply in ctx.model.apply_calls():
            key, binding = _identity(ctx, apply)
            pair = apply.zipped
            if key is None or pair is None or _never_run(ctx, apply):
                continue
            unzipped = _unzipped_variable_roots(ctx, apply, pair[1])
            roots = _bound_roots(ctx, apply, variable_roots(pair[1], apply.scope, apply.call) if unzipped is None else unzipped)
            if roots:
                groups.setdefault(key, []).append((apply, roots, binding))
        for apply, variables in _minimize_calls(ctx):
            key, binding = _identity(ctx, apply)
            roots = _bound_roots(ctx, apply, variable_roots(variables, apply.scope, apply.call)) if key is not None and not _never_run(ctx, apply) else set()
            if roots:
                groups.setdefault(key, []).append((apply, roots, binding))
        for calls in groups.values():
            calls.sort(key=lambda entry: (entry[0].call.lineno, entry[0].call.col_offset))
        for key, calls in groups.items():
            if isinstance(key, tuple) and key[0] == _BUILT_BY_FIT:
                yield from self._beyond_the_model(ctx, calls)
                continue
            if len(calls) == 1:
                found = _rebound_in_loop(ctx, *calls[0])
                if found is not None:
                    yield self.finding(ctx, calls[0][0].call, found[0], [found[1]])
                continue
            first_apply, first_roots, binding = calls[0]
            for apply, roots, _ in calls[1:]:
                if _covered(roots, first_roots):
                    continue  # the same variables, or some of them
                receiver = ctx.text(apply.receiver)
                before, now = _names(first_roots), _names(roots)
                if before == now:
                    now = f"a new `{now}` (rebound since)"
                else:
                    now = f"`{now}`"
                message = (
                    f"`{receiver}` updates `{before}` (line {first_apply.call.lineno}) and {now}; "
                    "a Keras optimizer can only update the variables it was built with"
                )
                yield self.finding(ctx, apply.call, message, _separate_optimizer(ctx, apply, binding, {r for r, _ in roots}))
                break

    def _through_helpers(self, ctx: Context) -> Iterator[Finding]:
        """A loop that binds a new model on every iteration and, in it, hands the model to a
        step function defined in the file (or compiles it) with one optimizer built before
        the loop: `for fold in range(k): model = build(); ... step(model, optimizer, x, y)`."""
        model = ctx.model
        compiles = ".compile(" in ctx.source.text
        if not compiles and not any(s.apply_calls for s in model.scopes[1:]):
            return  # no function of the file steps an optimizer, and nothing is compiled
        if not _builds_optimizer(ctx.source.text):
            return  # no optimizer object is built (`compile(optimizer="adam")` builds one per model)
        # The calls that may matter: `compile`, and those of the file's functions that step an
        # optimizer they do not bind (`model.callee` resolves a call by the name it spells).
        spelled = {s.node.name for s in model.scopes[1:] if s.apply_calls and model.applying_receivers(s.node)}  # type: ignore[union-attr]
        if compiles:
            spelled.add("compile")
        if not spelled:
            return
        for scope in model.scopes:
            if not (scope.bindings or scope.class_info):
                continue
            for call, ref in model.scope_calls(scope, tuple(sorted(spelled)), in_loops=True) if _has_loops(scope) else []:
                called = last_name(call.func)
                if not ref.loops or called not in spelled:
                    continue  # (the statements spelling a name hold other calls too)
                if compiles and isinstance(call.func, ast.Attribute) and call.func.attr == "compile":
                    found = _compiled_in_loop(ctx, scope, call, ref)
                else:
                    function = model.callee(call, scope)
                    found = _stepped_in_loop(ctx, scope, call, ref, function) if function is not None and model.scope_of(function) is not scope else None
                if found is not None:
                    yield self.finding(ctx, call, found[0], [found[1]])


    def _beyond_the_model(self, ctx: Context, calls: list[tuple[ApplyCall, set[tuple[str, int | None]], Binding | None]]) -> Iterator[Finding]:
        """`self.optimizer` in a Keras model's own method: `fit` builds it for the model's
        variables, so it refuses those of another model (a MAML step's fresh copy)."""
        for apply, roots, _ in calls:
            if _covered(roots, {("self", None)}) or not all(_made_here(apply, root) for root, _ in roots if root != "self" and not root.startswith("self.")):
                continue
            message = (
                f"`{ctx.text(apply.receiver)}`, which `fit` builds for the model's own variables, also updates `{_names(roots)}`; "
                "a Keras optimizer can only update the variables it was built with"
            )
            yield self.finding(ctx, apply.call, message, [None])

    def _rerun_with_new_model(self, ctx: Context) -> Iterator[Finding]:
        """A function of the module stepping the module's optimizer on the module's model,
        called, then called again after the module binds a new model but keeps the optimizer:
        a notebook cell that rebuilds the model and re-runs `train()`."""
        model = ctx.model
        module = model.scopes[0]
        for scope in model.scopes[1:]:
            if scope.parent is not module or scope.class_info is not None or not scope.apply_calls:
                continue
            for apply in scope.apply_calls:
                receiver, pair = apply.receiver, apply.zipped
                if pair is None or not isinstance(receiver, ast.Name) or receiver.id in scope.bindings:
                    continue
                owners = {root.split(".")[0] for root in variable_roots(pair[1], scope, apply.call)}
                if len(owners) != 1 or owners <= set(scope.bindings) or not module.bindings.get(next(iter(owners))):
                    continue  # not one model of the module's
                optimizers = module.bindings.get(receiver.id, [])
                if len(optimizers) != 1 or model.optimizer_of(receiver, scope, apply.call) is None or _slots_for_any_variable(ctx, optimizers[0].value):
                    continue
                found = _rebuilt_between_calls(model, scope, next(iter(owners)), optimizers[0])
                if found is None:
                    continue
                rebinding, call = found
                name = next(iter(owners))
                message = (
                    f"`{receiver.id}` updates `{name}` when `{scope.name}()` runs and, run again, the new `{name}` "
                    f"(line {rebinding.node.lineno}); a Keras optimizer can only update the variables it was built with"
                )
                edit = None
                value = optimizers[0].value
                if isinstance(value, ast.Call) and not scope.is_tf_function and rebinding.ref is not None and isinstance(rebinding.ref.stmt, ast.Assign):
                    edit = ctx.insert_line_after(rebinding.ref.stmt, f"{receiver.id} = {ctx.text(value)}")
                yield self.finding(ctx, call, message, [edit])
                break

    def _one_method_two_models(self, ctx: Context) -> Iterator[Finding]:
        """A method stepping `self.optimizer` (built once, in `__init__`) on the variables of a
        model it is handed, called by one method of the class with two different models:
        `self._update(self.teacher, ...)` then `self._update(self.student, ...)`."""
        model = ctx.model
        if model.tf1_file:
            return  # TF1 optimizers keep slots per variable, for any variables
        for scope in model.scopes[1:]:
            info = scope.class_info
            function = scope.node
            if info is None or not scope.apply_calls or not any(item is function for item in info.node.body):
                continue
            parameters = [a.arg for a in function.args.args[1:]]  # type: ignore[union-attr]
            for apply in scope.apply_calls:
                pair = apply.zipped
                receiver = apply.receiver
                if pair is None or not (isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id == "self"):
                    continue
                variables = pair[1]
                if not (isinstance(variables, ast.Attribute) and variables.attr in VARIABLE_COLLECTIONS and isinstance(variables.value, ast.Name) and variables.value.id in parameters):
                    continue
                optimizer = model.optimizer_of(receiver, scope, apply.call)
                if optimizer is not None and optimizer.kind == "user":
                    continue  # the file's own optimizer class
                built = info.self_bindings.get(receiver.attr, [])
                method = info.method_at(built[0].node.lineno) if len(built) == 1 else None  # type: ignore[attr-defined]
                if method is None or method.name != "__init__":
                    continue  # not one optimizer object for the object's life
                found = _two_models_handed(ctx, info, function, variables.value.id)  # type: ignore[arg-type]
                if found is not None:
                    call, first, second = found
                    message = (
                        f"`self.{receiver.attr}` updates `{first}` and `{second}` through `{function.name}`; "  # type: ignore[union-attr]
                        "a Keras optimizer can only update the variables it was built with"
                    )
                    yield self.finding(ctx, call, message, [None])


def _two_models_handed(ctx: Context, info, function: ast.FunctionDef | ast.AsyncFunctionDef, parameter: str) -> tuple[ast.Call, str, str] | None:
    """The second of two `self.<function>(...)` calls in one method of the class handing it
    two different `self.` models as `parameter`, with the models' names."""
    model = ctx.model
    for scope in model.scopes[1:]:
        if scope.class_info is not info:
            continue
        handed: list[tuple[ast.Call, str]] = []
        for call, _ in model.scope_calls(scope, function.name):
            func = call.func
            if not (isinstance(func, ast.Attribute) and func.attr == function.name and isinstance(func.value, ast.Name) and func.value.id == "self"):
                continue
            argument = model.argument_for(call, function, parameter)
            if isinstance(argument, ast.Attribute) and isinstance(argument.value, ast.Name) and argument.value.id == "self":
                handed.append((call, f"self.{argument.attr}"))
        for call, name in handed[1:]:
            if name != handed[0][1]:
                return call, handed[0][1], name
    return None


def _rebound_in_loop(
    ctx: Context, apply: ApplyCall, roots: set[tuple[str, int | None]], binding: Binding | None
) -> tuple[str, Edit | None] | None:
    """The message and fix when one optimizer, built before a loop, updates a model or
    variables the loop binds afresh on every iteration (`for model in models:`, a model
    rebuilt per fold). The fix builds a fresh optimizer right after each new binding."""
    if binding is None or binding.ref is None or not apply.ref.loops:
        return None
    for loop in apply.ref.loops:
        if binding.ref.inside(loop) or binding.ref.stmt is loop or binding.position > (loop.lineno, loop.col_offset):
            continue
        for root, _ in sorted(roots):
            name = root.split(".")[0]
            if name == "self":
                continue
            for rebinding in _bound_every_iteration(ctx, apply.scope, name, loop):
                if rebinding.kind == "assign" and rebinding.position > (apply.call.lineno, apply.call.col_offset):
                    continue
                value = rebinding.value
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and ctx.model.imports.call_name(value) is None:
                    continue  # `model.get_params()`: the same variables handed out again, not new ones
                if rebinding.kind == "assign" and _alias_of_outer(apply.scope, value, loop):
                    continue  # `copied_model = model`: the same model under another name
                if rebinding.kind == "assign" and value is not None and _same_variables_each_time(ctx, apply.scope, value, name, loop):
                    continue  # `vars = vars or enc.trainable_variables + head.trainable_variables`
                if rebinding.kind == "assign" and _read_off_outer(apply.scope, _element(value, rebinding.unpack_index), loop):
                    continue  # `dense_vars = model.dense_variables`: read off a model the loop keeps
                message = (
                    f"`{ctx.text(apply.receiver)}` is built once, before the loop, but `{name}` is bound afresh on every "
                    "iteration; a Keras optimizer can only update the variables it was built with"
                )
                return message, _fresh_optimizer_after(ctx, apply, binding, rebinding)
        return None
    return None


def _same_variables_each_time(ctx: Context, scope, value: ast.expr, name: str, loop: ast.stmt) -> bool:
    """Is `value` the variable collections of models the loop does not rebind (or the name
    itself, cached: `name = name or ...`)? Then every iteration binds the same variables."""
    parts = value.values if isinstance(value, ast.BoolOp) else [value]
    for part in parts:
        if isinstance(part, ast.Name) and part.id == name:
            continue
        collections = _collections(part)
        if not collections:
            return False
        for collection in collections:
            owner = collection.value
            while isinstance(owner, ast.Attribute):
                owner = owner.value
            if not isinstance(owner, ast.Name) or (owner.id != "self" and next(_bound_every_iteration(ctx, scope, owner.id, loop), None) is not None):
                return False
    return True


def _element(value: ast.expr | None, index: int | None) -> ast.expr | None:
    """What `a, b = x, y` binds at `index` (the whole value for a plain assignment)."""
    if index is None:
        return value
    if isinstance(value, (ast.Tuple, ast.List)) and index < len(value.elts) and not any(isinstance(e, ast.Starred) for e in value.elts):
        return value.elts[index]
    return None


def _read_off_outer(scope, value: ast.expr | None, loop: ast.stmt) -> bool:
    """An attribute or item read off a name the loop does not rebind (`model.dense_variables`,
    a property): the same variables on every iteration, not a new model."""
    if not isinstance(value, (ast.Attribute, ast.Subscript)):
        return False
    root = value
    while isinstance(root, (ast.Attribute, ast.Subscript)):
        if isinstance(root, ast.Subscript) and not isinstance(root.slice, ast.Constant):
            return False  # `models[i]`: another model on each iteration
        root = root.value
    if not isinstance(root, ast.Name):
        return False
    return _alias_of_outer(scope, (value if isinstance(value, ast.Attribute) else None) if root.id == "self" else root, loop)


def _collections(node: ast.expr) -> list[ast.Attribute]:
    """`a.trainable_variables + b.trainable_variables` as its collections; [] for anything else."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _collections(node.left), _collections(node.right)
        return left + right if left and right else []
    return [node] if isinstance(node, ast.Attribute) and node.attr in VARIABLE_COLLECTIONS else []


# `optimizer=opt` or `compile(opt, ...)`: parentheses, line continuations and a comment allowed.
_OPTIMIZER_BY_NAME = re.compile(r"(?:optimizer\s*=|\.compile\()[\s(\\]*[A-Za-z_]\w*[\s)\\]*(?:#[^\n]*\s*)*[,)]")
_OPTIMIZER_CLASS = re.compile(r"(?:Adam|AdamW|SGD|RMSprop|Adagrad|Adadelta|Adamax|Nadam|Ftrl|Lion|Adafactor)\(")


def _builds_optimizer(text: str) -> bool:
    """Is an optimizer built in the file: a constructor, or a factory named like one
    (`make_optimizer()`)? Substring tests first: a leading `\\w*` pattern scans slowly."""
    lowered = text.lower()
    if any(word in lowered for word in ("optimizer(", "optimiser(", "optimizers.get(")):
        return True
    # The class names, then whether one starts a word (a leading `\b` is tried everywhere).
    return any(starts_word(text, match.start()) for match in _OPTIMIZER_CLASS.finditer(text))


def _has_loops(scope) -> bool:
    key = "has loops"
    found = scope.tables.get(key)
    if found is None:
        found = scope.tables[key] = any(b.ref is not None and b.ref.loops for b in scope.all_bindings()) or any(
            isinstance(n, (ast.For, ast.While, ast.AsyncFor)) for n in getattr(scope.node, "body", [])
        )
    return found  # type: ignore[return-value]


def _built_before(ctx: Context, scope, name: str, at: ast.AST, loop: ast.stmt) -> Binding | None:
    """The binding of `name` visible at `at`, when it builds a Keras optimizer before `loop`
    (outside it)."""
    binding = scope.lookup(name, at)
    if binding is None or binding.ref is None or binding.value is None or binding.unpack_index is not None:
        return None
    if binding.ref.stmt is loop or binding.ref.inside(loop) or binding.position > (loop.lineno, loop.col_offset):
        return None
    ref = ctx.model.optimizer_from_value(binding.value)
    if ref is None or ref.kind != "keras" or ctx.model.tf1_file:
        return None
    if _slots_for_any_variable(ctx, binding.value):
        return None
    return binding


def _slots_for_any_variable(ctx: Context, value: ast.expr | None) -> bool:
    """A TF1 optimizer, or Keras's legacy one (the workaround Keras's own error proposes):
    they build slots per variable as they meet them, so new variables are fine."""
    name = ctx.model.imports.call_name(value) if isinstance(value, ast.Call) else None
    return name is not None and (".legacy." in name or name.startswith("tensorflow.train."))


def _fresh_binding_in(ctx: Context, scope, name: str, loop: ast.stmt, before: ast.AST) -> Binding | None:
    """A binding of `name` made on every iteration of `loop` before `before`: a new model
    (not a re-created tf.Variable, which is GF006's finding)."""
    for rebinding in _bound_every_iteration(ctx, scope, name, loop):
        if rebinding.kind == "assign" and not _new_each_iteration(scope, rebinding, loop, before):
            continue
        return rebinding
    return None


def _bound_every_iteration(ctx: Context, scope, name: str, loop: ast.stmt) -> Iterator[Binding]:
    """Assignments and loop targets binding `name` on every iteration of `loop` (not under
    an `if`, which may run on the first iteration only), but for re-created tf.Variables,
    which are GF006's finding."""
    for rebinding in scope.bindings_within(name, loop):
        ref = rebinding.ref
        if ref is None or not (ref.stmt is loop or ref.inside(loop)):
            continue
        if ref.stmt is not loop and any(isinstance(p, ast.If) for p in ref.parents[ref.parents.index(loop) :]):
            continue
        if rebinding.kind in {"assign", "for"} and not ctx.model.is_variable(rebinding.value):
            yield rebinding


def _alias_of_outer(scope, value: ast.expr | None, loop: ast.stmt) -> bool:
    """Is `value` the same object on every iteration: a name the loop does not bind, or
    `self.<attr>` that neither the loop nor a method it calls on `self` binds?"""
    if isinstance(value, ast.Name):
        return not any(b.ref is not None and (b.ref.stmt is loop or b.ref.inside(loop)) for b in scope.bindings.get(value.id, []))
    info = scope.class_info
    if not (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.value.id == "self" and info is not None):
        return False
    bindings = info.self_bindings.get(value.attr, [])
    if any(b.ref is not None and b.ref.inside(loop) for b in bindings):
        return False
    binders = {m.name for m in info.node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(starts_within(m, b.node) for b in bindings)}
    called = {
        n.func.attr for n in walk(loop)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) and n.func.value.id == "self"
    }
    return not (binders & called)


def _fresh_self_binding_in(scope, attr: str, loop: ast.stmt, before: ast.AST) -> Binding | None:
    info = scope.class_info
    for rebinding in info.self_bindings.get(attr, []) if info is not None else []:
        ref = rebinding.ref
        if ref is None or not ref.inside(loop) or any(isinstance(p, ast.If) for p in ref.parents[ref.parents.index(loop) :]):
            continue
        if _new_each_iteration(scope, rebinding, loop, before):
            return rebinding
    return None


def _new_each_iteration(scope, rebinding: Binding, loop: ast.stmt, before: ast.AST) -> bool:
    """Is `rebinding` (an assignment in `loop`) done before `before` in the same iteration,
    to a new object: a call building one, an item of a collection, or the loop's own target?
    (`model = train_epoch(model, ...)` binds after the call; `model = self.model` is an alias.)"""
    stmt = rebinding.ref.stmt if rebinding.ref is not None else None
    if stmt is None or (stmt.end_lineno or stmt.lineno, stmt.end_col_offset or 0) > (before.lineno, before.col_offset):  # type: ignore[attr-defined]
        return False
    value = rebinding.value
    if isinstance(value, (ast.Call, ast.Subscript)):
        return True
    if isinstance(value, ast.Name):
        return any(
            b.kind == "for" and b.ref is not None and (b.ref.stmt is loop or b.ref.inside(loop))
            for b in scope.bindings.get(value.id, [])
        )
    return False


def _compiled_in_loop(ctx: Context, scope, call: ast.Call, ref) -> tuple[str, Edit | None] | None:
    """`model.compile(optimizer=optimizer)` in a loop that binds `model` afresh, with
    `optimizer` built before the loop."""
    receiver = call.func.value  # type: ignore[attr-defined]
    given = next((k.value for k in call.keywords if k.arg == "optimizer"), call.args[0] if call.args else None)
    if not isinstance(receiver, ast.Name) or not isinstance(given, ast.Name):
        return None
    for loop in ref.loops:
        binding = _built_before(ctx, scope, given.id, call, loop)
        rebinding = _fresh_binding_in(ctx, scope, receiver.id, loop, call) if binding is not None else None
        if binding is not None and rebinding is not None:
            message = (
                f"`{given.id}` is built once, before the loop, but `{receiver.id}` is bound afresh and compiled with it on "
                "every iteration; a Keras optimizer can only update the variables it was built with"
            )
            return message, _fresh_optimizer_line(ctx, given.id, binding, rebinding)
    return None


def _stepped_in_loop(ctx: Context, scope, call: ast.Call, ref, function) -> tuple[str, Edit | None] | None:
    """`step(model, optimizer, ...)` (or `self.train_step(...)`, or a step reading a module
    optimizer) in a loop that binds the model afresh, the optimizer built before the loop."""
    model = ctx.model
    callee = model.scope_of(function)
    if callee is None:
        return None
    on_self = isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) and call.func.value.id == "self"
    for receiver, applies in model.applying_receivers(function).items():
        for apply in applies:
            pair = apply.zipped
            roots = variable_roots(pair[1], callee, apply.call) if pair is not None else set()
            if len(roots) != 1:
                continue
            first, _, rest = next(iter(roots)).partition(".")
            for loop in ref.loops:
                # The optimizer: handed in, `self.<attr>`, or the module's.
                target = None
                if receiver.startswith("self."):
                    attr = receiver[5:]
                    bindings = scope.class_info.self_bindings.get(attr, []) if on_self and scope.class_info is not None else []
                    values = [b for b in bindings if b.value is not None]
                    built = values and model.optimizer_from_value(values[-1].value) is not None
                    if not built or any(b.ref is not None and b.ref.inside(loop) for b in bindings):
                        continue
                    binding, target = values[-1], receiver
                else:
                    argument = model.argument_for(call, function, receiver)
                    if argument is None and receiver not in callee.locals_ and (isinstance(scope.node, ast.Module) or receiver not in scope.locals_):
                        # the step reads the module's optimizer (a local of the same name would be another object)
                        argument = ast.Name(receiver, ast.Load(), lineno=call.lineno, col_offset=call.col_offset)
                    if not isinstance(argument, ast.Name):
                        continue
                    binding = _built_before(ctx, scope, argument.id, call, loop)
                    target = argument.id
                if binding is None:
                    continue
                # The variables: a model handed in, `self.<attr>`, or the module's, bound anew in the loop.
                if first == "self":
                    rebinding = _fresh_self_binding_in(scope, rest.split(".")[0], loop, call) if on_self else None
                    what = f"self.{rest.split('.')[0]}"
                else:
                    if first in callee.locals_:
                        argument = model.argument_for(call, function, first)
                    elif isinstance(scope.node, ast.Module):
                        argument = ast.Name(first, ast.Load())  # the step trains the module's model
                    else:
                        continue
                    if not isinstance(argument, ast.Name):
                        continue
                    rebinding = _fresh_binding_in(ctx, scope, argument.id, loop, call)
                    what = argument.id
                if rebinding is None:
                    continue
                message = (
                    f"`{target}` is built once, before the loop, but `{what}` is bound afresh on every iteration and "
                    f"trained with it by `{ctx.text(call.func)}`; a Keras optimizer can only update the variables it was built with"
                )
                edit = None if callee.is_tf_function else _fresh_optimizer_line(ctx, target, binding, rebinding)
                return message, edit
    return None


def _fresh_optimizer_line(ctx: Context, target: str, binding: Binding, rebinding: Binding) -> Edit | None:
    """`<target> = <the optimizer's constructor>` right after the new model is bound."""
    if binding.value is None or binding.ref is None or not isinstance(binding.ref.stmt, ast.Assign) or rebinding.ref is None:
        return None
    line = f"{target} = {ctx.text(binding.value)}"
    if "\n" in line:
        return None
    if target.startswith("self."):
        module = ctx.model.scopes[0]
        if any(name != "self" and name not in module.bindings for name in read_names(binding.value)):
            return None  # built from `__init__`'s own parameters, unknown where the model is rebuilt
    stmt = rebinding.ref.stmt
    if rebinding.kind == "for" and isinstance(stmt, (ast.For, ast.AsyncFor)):
        return ctx.insert_lines_at_block_start(stmt.body, [line])
    return ctx.insert_line_after(stmt, line) if isinstance(stmt, ast.Assign) else None


def _fresh_optimizer_after(ctx: Context, apply: ApplyCall, binding: Binding, rebinding: Binding) -> Edit | None:
    if not isinstance(apply.receiver, ast.Name) or binding.value is None or binding.ref is None:
        return None
    if not isinstance(binding.ref.stmt, ast.Assign) or len(binding.ref.stmt.targets) != 1 or rebinding.ref is None:
        return None
    line = f"{apply.receiver.id} = {ctx.text(binding.value)}"
    if "\n" in line:
        return None
    stmt = rebinding.ref.stmt
    if rebinding.kind == "assign" and rebinding.ref.loops == apply.ref.loops:
        return None  # rebound per step: an optimizer built there would be GF012's per-step optimizer
    if rebinding.kind == "for" and isinstance(stmt, (ast.For, ast.AsyncFor)):
        return ctx.insert_lines_at_block_start(stmt.body, [line])
    return ctx.insert_line_after(stmt, line) if isinstance(stmt, ast.Assign) else None


def _bound_roots(ctx: Context, apply: ApplyCall, roots: set[str]) -> set[tuple[str, int | None]]:
    """Each root with the binding of its first name where it is used: `model` before and
    after `model = build_model()` are different collections. A function reading a global
    reads it when called: the binding at its call sites (followed up through callers that
    read it as a global too), or `_UNKNOWN` when they disagree."""
    bound = set()
    for root in roots:
        name = root.split(".")[0]
        scope = apply.scope
        found = None if name in scope.bindings or scope.parent is None else _bindings_when_called(ctx, scope, name, depth=3)
        if found is None:  # bound here, or never called in the file (or only through `tf.function(step)`)
            bound.add((root, _identity_of(scope.lookup(name, apply.call))))
        else:
            bound.add((root, found.pop() if len(found) == 1 else _UNKNOWN))
    return bound


def _identity_of(binding: Binding | None) -> int | None:
    """What tells two collections apart: the assignment that bound the name (None otherwise)."""
    return id(binding) if binding is not None and binding.kind == "assign" else None


_UNKNOWN = -1  # which binding a global names when the function runs: not known


def _bindings_when_called(ctx: Context, scope, name: str, depth: int) -> set[int | None] | None:
    """The bindings of global `name` at the calls of `scope`'s function (ids; None for one
    that is not an assignment), through callers that do not bind it either; None when the
    function is never called directly."""
    node = scope.node
    if depth == 0 or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    model = ctx.model
    sites = [(call, caller) for call, caller in model.call_sites(node.name) if model.callee(call, caller) is node]
    if not sites:
        return None
    found: set[int | None] = set()
    for call, caller in sites:
        if name not in caller.bindings and caller.parent is not None:
            above = _bindings_when_called(ctx, caller, name, depth - 1)
            if above is not None:
                found |= above
                continue
        found.add(_identity_of(caller.lookup(name, call)))
    return found


def _rebuilt_between_calls(model, scope: Scope, owner: str, optimizer: Binding) -> tuple[Binding, ast.Call] | None:
    """The module's new binding of `owner` (to a call: a model built again) between two of
    its calls of `scope`'s function, and the later call; the optimizer is bound before both."""
    sites = [call for call, caller in model.call_sites(scope.node.name) if caller is model.scopes[0]]
    rebinds = [b for b in model.scopes[0].bindings.get(owner, []) if isinstance(b.value, ast.Call)]
    for first, second in zip(sites, sites[1:]):
        if optimizer.position > (first.lineno, first.col_offset):
            continue
        between = [b for b in rebinds if (first.lineno, first.col_offset) < b.position < (second.lineno, second.col_offset)]
        if between:
            return between[-1], second
    return None


def _covered(roots: set[tuple[str, int | None]], built: set[tuple[str, int | None]]) -> bool:
    """Is every collection of `roots` one of `built` (the variables the optimizer was built
    with), or part of one (`model.encoder` of `model`)? A Keras optimizer steps any subset of
    its variables, but no variable it was not built with: pretraining `encoder + decoder`
    then fine-tuning `encoder + head` with the same optimizer fails on the head."""
    return all(
        any((root == other or root.startswith(other + ".")) and (binding == other_binding or _UNKNOWN in (binding, other_binding)) for other, other_binding in built)
        for root, binding in roots
    )


def _names(roots: set[tuple[str, int | None]]) -> str:
    return ", ".join(sorted({root for root, _ in roots}))


def _identity(ctx: Context, apply: ApplyCall) -> tuple[object | None, Binding | None]:
    """What makes two receivers the same optimizer object: the binding of a name to an
    optimizer construction, or `self.<attr>` of one class."""
    receiver = apply.receiver
    ref = ctx.model.optimizer_of(receiver, apply.scope, apply.call)
    injected = (
        isinstance(receiver, ast.Attribute)
        and apply.scope.class_info is not None
        and ctx.model.injected_optimizer(apply.scope.class_info, receiver.attr) is not None
    )
    if ref is not None and ref.kind == "conventional" and _own_optimizer_of_a_keras_model(apply):
        return (_BUILT_BY_FIT, id(apply.scope.class_info)), None
    if ref is None or (ref.kind != "keras" and not injected):
        return None, None
    if _slots_for_any_variable(ctx, ref.construction):
        return None, None
    if isinstance(receiver, ast.Name):
        binding = _defined_with(apply.scope, receiver.id) or apply.scope.lookup(receiver.id, apply.call)
        return (id(binding) if binding is not None else None), binding
    if isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id == "self":
        info = apply.scope.class_info
        bindings = info.self_bindings.get(receiver.attr, []) if info is not None else []
        return ((id(info), receiver.attr) if info is not None else None), (bindings[-1] if bindings else None)
    return None, None


_BUILT_BY_FIT = "built by fit"


def _made_here(apply: ApplyCall, root: str) -> bool:
    """Is `root` a model the method makes (`copy = self.copy_model(x)`, `clone_model(...)`),
    not some name for the model's own variables?"""
    binding = apply.scope.lookup(root.split(".")[0], apply.call)
    return binding is not None and binding.kind == "assign" and binding.unpack_index is None and isinstance(binding.value, ast.Call) and binding in apply.scope.bindings.get(binding.name, [])


def _own_optimizer_of_a_keras_model(apply: ApplyCall) -> bool:
    """`self.optimizer` in a method of a `keras.Model` subclass that never sets it itself."""
    receiver, info = apply.receiver, apply.scope.class_info
    if info is None or not (isinstance(receiver, ast.Attribute) and receiver.attr == "optimizer" and isinstance(receiver.value, ast.Name) and receiver.value.id == "self"):
        return False
    return "optimizer" not in info.self_bindings and any(base in ("keras.Model", "keras.models.Model") for base in info.bases)


def _minimize_calls(ctx: Context) -> Iterator[tuple[ApplyCall, ast.expr]]:
    """`optimizer.minimize(loss_fn, var_list)` in eager code, as an update of `var_list`
    (in a TF1 file it builds a train op: another rule's world)."""
    if ctx.model.tf1_file:
        return
    for gradient in ctx.model.gradient_calls():
        if gradient.method == "minimize" and gradient.sources is not None and isinstance(gradient.call.func, ast.Attribute):
            yield ApplyCall(gradient.call, gradient.call.func.value, gradient.ref, gradient.scope), gradient.sources


def _never_run(ctx: Context, apply: ApplyCall) -> bool:
    """An update of the module's optimizer in a function of the module whose name no line
    after its `def` spells: nothing in the file runs it with the module's state (a notebook
    guide defines a last `train_step` for a new model to show it, and stops)."""
    scope = apply.scope
    function = scope.node
    if not isinstance(apply.receiver, ast.Name) or apply.receiver.id in scope.bindings:
        return False  # its own optimizer: what it does does not hang on when it runs
    if isinstance(function, ast.Module) or scope.class_info is not None or scope.parent is None or not isinstance(scope.parent.node, ast.Module):
        return False
    lines = ctx.model.lines_spelling(function.name)
    if lines is None:
        return False
    # Up to the next `def` of the same name, which makes another function.
    later = [b.position[0] for b in scope.parent.bindings.get(function.name, []) if b.position[0] > function.lineno]
    until = min(later, default=len(ctx.model.lines) + 1)
    return not any((function.end_lineno or function.lineno) < line < until for line in lines)


def _defined_with(scope: Scope, name: str) -> Binding | None:
    """For a function reading a global the module binds more than once, the binding before
    its `def`: a notebook cell that builds a fresh model and optimizer and defines its own
    `train_step` again pairs them, though each `train_step` reads the globals when called."""
    function, module = scope.node, scope.parent
    if isinstance(function, ast.Module) or module is None or not isinstance(module.node, ast.Module) or name in scope.bindings:
        return None
    if len(module.bindings.get(name, [])) < 2:
        return None
    return module.lookup(name, function)


def _separate_optimizer(ctx: Context, apply: ApplyCall, binding: Binding | None, roots: set[str]) -> list[Edit | None]:
    if binding is None or binding.value is None or binding.ref is None or not isinstance(binding.ref.stmt, ast.Assign):
        return [None]
    if isinstance(binding.value, ast.Call):
        copy = ctx.text(binding.value)
    elif isinstance(binding.value, ast.Name):
        # An optimizer handed in by the caller: a fresh one with the same configuration.
        copy = f"type({binding.value.id}).from_config({binding.value.id}.get_config())"
    else:
        return [None]
    owner = sorted(roots)[0].rsplit(".", 1)[-1] if len(roots) == 1 else "second"
    name = ctx.fresh_name(f"{owner}_optimizer")
    is_attribute = isinstance(apply.receiver, ast.Attribute)
    target = f"self.{name}" if is_attribute else name
    return [
        ctx.insert_line_after(binding.ref.stmt, f"{target} = {copy}"),
        ctx.replace(apply.receiver, target),
    ]


def _unzipped_variable_roots(ctx: Context, apply: ApplyCall, variables: ast.expr) -> set[str] | None:
    """`grads, variables = zip(*pairs)`: the roots of the variables `pairs` was zipped from
    (`pairs = list(zip(grads, model.trainable_variables))`), not the name `variables`; none
    when the pairs come from elsewhere (`compute_gradients`). None for any other variables."""
    half = ctx.model.pair_half(variables, apply.scope, apply.call)
    if half is None or half[0] != 1:
        return None
    value = half[1].value
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "list" and value.args:
        value = value.args[0]
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "zip" and len(value.args) == 2:
        return variable_roots(value.args[1], apply.scope, half[1].node)
    return set()
