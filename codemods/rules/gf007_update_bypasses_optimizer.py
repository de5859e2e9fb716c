from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator

from codemods.analysis.model import FileModel, Scope
from codemods.analysis.names import dotted_name
from codemods.analysis.walk import walk
from codemods.findings import Applicability, Finding, Range

from codemods.rules.base import Context, Rule

_UPDATES = frozenset({"assign_sub", "assign_add", "assign"})
_READ_ONLY = frozenset({"trainable_variables", "trainable_weights"})
_MODEL_NAME = re.compile(r"model|net(work)?\b|generator|discriminator|encoder|decoder", re.IGNORECASE)


class UpdateBypassesOptimizer(Rule):
    """
    ## What it does
    Checks for (a) assignments to `model.trainable_variables` / `trainable_weights`, and
    (b) hand-written updates (`v.assign_sub(lr * g)` over the gradients, in a `for` loop
    over `zip(...)`, a list comprehension, or a loop over indexes; or one statement per
    variable, `self.w.assign_sub(lr * dw)` after `dw, db = tape.gradient(loss, [self.w, self.b])`)
    while an optimizer object is in scope and left unused for those gradients.

    Also in a helper the gradients are handed to (`self._apply(grads)`, `sgd_update(vars, grads)`)
    when every call in the file passes it gradients.

    Gradients added unscaled into buffers (`acc.assign_add(g)`, gradient accumulation),
    weights nudged and restored around a second tape whose gradients the optimizer applies
    to the same variables (sharpness-aware minimisation), and hand updates while every
    optimizer in reach is in use elsewhere (it applies other gradients, as a meta-learner's
    outer optimizer does beside the inner loop's SGD on a fast copy, or it is handed to
    `compile` or a helper) are not flagged.

    ## Why is this bad?
    (a) Those properties have no setter:

        AttributeError: property 'trainable_variables' of 'Sequential' object has no setter

    (b) The optimizer the code built is never used: its learning rate, momentum, Adam
    moments, schedule and gradient scaling are all silently ignored for a plain SGD step.

    ## Example
    ```python
    optimizer = tf.keras.optimizers.Adam(1e-3)
    ...
    for g, v in zip(grads, model.trainable_variables):
        v.assign_sub(0.01 * g)
    ```

    ## Use instead
    ```python
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Fix safety
    Unsafe: the update rule becomes the optimizer's (Adam instead of the hand-written SGD),
    which is what the optimizer was built for but changes the numbers. Hand-written SGD in
    code that has no optimizer object is not flagged.
    """

    code = "GF007"
    name = "update-bypasses-optimizer"
    summary = "Variables are updated by hand, bypassing the optimizer"
    fix_title = "Update through the optimizer"
    applicability = Applicability.UNSAFE
    tokens = (("trainable_variables", "trainable_weights", "assign_sub", "assign_add", ".assign("),)

    @classmethod
    def may_fire(cls, text: str) -> bool:
        assigns_collection = ".trainable_variables =" in text or ".trainable_weights =" in text
        updates_by_hand = ".gradient(" in text and (
            "assign_sub" in text or ".assign(" in text or (("zip(" in text or "range(len(" in text) and "assign_add" in text)
        )
        return assigns_collection or updates_by_hand

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        lines = _lines_that_may_update(model)
        for scope in model.scopes:
            reported: set[int] = set()
            for stmt in _statements(scope, lines):
                unpacked = _unpacked_update(model, scope, stmt)
                if unpacked is not None and id(unpacked[0]) not in reported:
                    reported.add(id(unpacked[0]))
                    finding = self._unpacked(ctx, scope, stmt, *unpacked)
                    if finding is not None:
                        yield finding
                    continue
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    target = stmt.targets[0]
                    if isinstance(target, ast.Attribute) and target.attr in _READ_ONLY and _is_keras_model(ctx, scope, target.value):
                        yield self._assigned_collection(ctx, scope, stmt, target)
                elif isinstance(stmt, ast.For) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.ListComp)):
                    finding = self._manual_loop(ctx, scope, stmt)
                    if finding is not None:
                        yield finding

    def _unpacked(self, ctx: Context, scope: Scope, first: ast.stmt, gradient: ast.Call, names: list[str]) -> Finding | None:
        """Straight-line hand updates of gradients unpacked into one name per variable."""
        optimizers = [o for o in _unused_optimizers(ctx, scope) if _built_before(scope, o, first)]
        if not optimizers or any(_applies(apply, name) for apply in scope.apply_calls for name in names):
            return None
        sources = ctx.model.gradient_call_of(gradient).sources  # type: ignore[union-attr]
        message = f"`{', '.join(names)}` are applied by hand (`{ctx.text(first)}`) while `{optimizers[0]}` is left unused"
        return self.finding(ctx, first, message, [_replace_updates(ctx, scope, first, gradient, names, sources, optimizers)])

    def _assigned_collection(self, ctx: Context, scope: Scope, stmt: ast.Assign, target: ast.Attribute) -> Finding:
        message = f"`{ctx.text(target)}` cannot be assigned (it is a read-only property); update it through the optimizer"
        optimizers = ctx.model.optimizers_visible(scope)
        grads = _gradient_names(ctx.model, scope, stmt.value, stmt)
        edit = None
        if len(optimizers) == 1 and len(grads) == 1:
            edit = ctx.replace(stmt, f"{optimizers[0]}.apply_gradients(zip({grads[0]}, {ctx.text(target)}))")
        return self.finding(ctx, stmt, message, [edit])

    def _manual_loop(self, ctx: Context, scope: Scope, loop: ast.For | ast.Expr) -> Finding | None:
        """`for g, v in zip(grads, variables): v.assign_sub(lr * g)` with an optimizer around,
        or the same as a list comprehension, or over indexes (`params[i].assign_sub(lr * grads[i])`)."""
        found = _hand_update(loop)
        if found is None:
            return None
        call, grads, variables = found
        if not isinstance(grads, ast.Name) or not _is_gradients(ctx.model, scope, grads, loop):
            return None
        if _accumulates(call, grads, loop):
            return None
        optimizers = _unused_optimizers(ctx, scope)
        if not optimizers or any(_applies(apply_call, grads.id) or _mentions(apply_call.call, variables) for apply_call in _applies_in_reach(ctx.model, scope, variables)):
            return None
        message = (
            f"`{ctx.text(grads)}` are applied by hand (`{ctx.text(call)}`) while `{optimizers[0]}` is left unused"
        )
        edit = ctx.replace(loop, f"{optimizers[0]}.apply_gradients(zip({grads.id}, {ctx.text(variables)}))") if len(optimizers) == 1 else None
        return self.finding(ctx, loop, message, [edit])


def _unpacked_update(model: FileModel, scope: Scope, stmt: ast.stmt) -> tuple[ast.Call, list[str]] | None:
    """`self.w.assign_sub(lr * dw)` where `dw, db = tape.gradient(loss, [self.w, self.b])`:
    the gradient call and the names it was unpacked into."""
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in {"assign_sub", "assign"}):
        return None
    owner = ast.dump(call.func.value)
    for node in walk(call):
        if not isinstance(node, ast.Name):
            continue
        binding = scope.lookup(node.id, stmt)
        if binding is None or binding.unpack_index is None or not isinstance(binding.value, ast.Call):
            continue
        gradient = model.gradient_call_of(binding.value)
        sources = gradient.sources if gradient is not None else None
        if gradient is None or gradient.method != "gradient" or not isinstance(sources, (ast.List, ast.Tuple)):
            continue
        if binding.unpack_index < len(sources.elts) and ast.dump(sources.elts[binding.unpack_index]) == owner:
            return binding.value, list(binding.unpack_names)
    return None


def _is_keras_model(ctx: Context, scope: Scope, owner: ast.expr) -> bool:
    """A Keras model, whose variable collections are read-only properties: `self` in a
    `keras.Model` subclass, a name bound to a Keras model, or one named like a model.
    (Plain `tf.Module`s and other objects may set such attributes freely.)"""
    if ctx.model.is_keras_model(owner, scope, owner):
        return True  # built by Keras or a helper, or handed in by every caller as one
    if isinstance(owner, ast.Name) and owner.id == "self":
        info = scope.class_info
        return info is not None and any(base is not None and base.startswith("keras.") for base in info.bases)
    if isinstance(owner, ast.Name):
        binding = scope.lookup(owner.id, owner)
        if binding is not None and isinstance(binding.value, ast.Call):
            name = ctx.model.imports.call_name(binding.value)
            if name is not None:
                return name.startswith(("keras.Sequential", "keras.Model", "keras.models.", "keras.applications."))
        return bool(_MODEL_NAME.search(owner.id))
    if isinstance(owner, ast.Attribute):
        return bool(_MODEL_NAME.search(owner.attr))
    return False


def _built_before(scope: Scope, optimizer: str, at: ast.stmt) -> bool:
    """Is the optimizer there before the code runs: an attribute of `self`, or a name bound
    before `at` (in a function, before the function)? From-scratch notebooks step their
    variables by hand and build an optimizer only in a later cell."""
    if optimizer.startswith("self."):
        return True
    if any(b.position < (at.lineno, at.col_offset) for b in scope.bindings.get(optimizer, [])):
        return True
    line = getattr(scope.node, "lineno", at.lineno)
    search = scope.parent
    while search is not None:
        if any(b.position[0] < line for b in search.bindings.get(optimizer, [])):
            return True
        search = search.parent
    return False


def _replace_updates(ctx: Context, scope: Scope, first: ast.stmt, gradient: ast.Call, names: list[str], sources: ast.expr, optimizers: list[str]):
    """One `apply_gradients` in place of the run of updates starting at `first`, when the run
    updates each unpacked name's variable exactly once and there is one optimizer."""
    if len(optimizers) != 1 or not isinstance(sources, (ast.List, ast.Tuple)):
        return None
    block = next((b for b in _blocks(scope) if any(s is first for s in b)), None)
    if block is None:
        return None
    start = next(i for i, s in enumerate(block) if s is first)
    run = block[start : start + len(names)]
    if len(run) != len(names) or any(_unpacked_update(ctx.model, scope, s) is None or _unpacked_update(ctx.model, scope, s)[0] is not gradient for s in run):  # type: ignore[index]
        return None
    owners = {ast.dump(s.value.func.value) for s in run}  # type: ignore[attr-defined]
    if owners != {ast.dump(e) for e in sources.elts} or len(owners) != len(run):
        return None
    text = f"{optimizers[0]}.apply_gradients(zip([{', '.join(names)}], {ctx.text(sources)}))"
    span = Range(ctx.range(run[0]).start, ctx.range(run[-1]).end)
    if any("#" in ctx.model.lines[n - 1] for n in range(run[0].lineno, (run[-1].end_lineno or run[-1].lineno) + 1)):
        return None  # a comment between the updates would be lost
    return ctx.edit(span, text)


def _blocks(scope: Scope) -> Iterator[list[ast.stmt]]:
    stack: list[list[ast.stmt]] = [scope.node.body]
    while stack:
        block = stack.pop()
        yield block
        for stmt in block:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(stmt, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    stack.append(inner)


def _lines_that_may_update(model: FileModel) -> list[int] | None:
    """The lines (in order) spelling an update or a variable collection: every statement this
    rule looks at spans one. None when the text cannot be searched by word (not ASCII)."""
    found: set[int] = set()
    for word in (*_UPDATES, *_READ_ONLY):
        lines = model.lines_spelling(word)
        if lines is None:
            return None
        found.update(lines)
    return sorted(found)


def _statements(scope: Scope, lines: list[int] | None) -> Iterator[ast.stmt]:
    """Statements of a scope, not of the functions nested in it, that span one of `lines`
    (all of them if None)."""
    stack = list(reversed(scope.node.body))
    while stack:
        stmt = stack.pop()
        if lines is not None:
            index = bisect.bisect_left(lines, stmt.lineno)
            if index == len(lines) or lines[index] > (stmt.end_lineno or stmt.lineno):
                continue  # spells no update: nor does anything nested in it
        yield stmt
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                stack.extend(reversed([s for s in inner if isinstance(s, ast.stmt)]))


def _hand_update(stmt: ast.For | ast.Expr) -> tuple[ast.Call, ast.expr, ast.expr] | None:
    """(update call, gradients, variables) of a hand-written update over pairs."""
    if isinstance(stmt, ast.Expr):
        comprehension = stmt.value
        if not isinstance(comprehension, ast.ListComp) or len(comprehension.generators) != 1:
            return None
        generator = comprehension.generators[0]
        if generator.ifs or generator.is_async:
            return None
        pair = _zip_pair(generator.target, generator.iter)
        return _pair_update(comprehension.elt, pair) if pair is not None else None
    if len(stmt.body) != 1 or stmt.orelse:
        return None
    inner = _unguarded(stmt.body[0])
    if not isinstance(inner, ast.Expr):
        return None
    body = inner.value
    pair = _zip_pair(stmt.target, stmt.iter)
    if pair is not None:
        return _pair_update(body, pair)
    return _index_update(stmt, body)


def _unguarded(stmt: ast.stmt) -> ast.stmt:
    """The one statement under `if g is not None:` (a guard for variables with no gradient)."""
    if isinstance(stmt, ast.If) and not stmt.orelse and len(stmt.body) == 1:
        test = stmt.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.IsNot):
            if isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
                return stmt.body[0]
    return stmt


def _pair_update(call: ast.expr, pair: tuple[tuple[str, ast.expr], tuple[str, ast.expr]]) -> tuple[ast.Call, ast.expr, ast.expr] | None:
    (first_name, first_iter), (second_name, second_iter) = pair
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in _UPDATES):
        return None
    updated = call.func.value
    if not isinstance(updated, ast.Name):
        return None
    if updated.id == first_name:
        variables, gradient_name, grads = first_iter, second_name, second_iter
    elif updated.id == second_name:
        variables, gradient_name, grads = second_iter, first_name, first_iter
    else:
        return None
    if not any(isinstance(n, ast.Name) and n.id == gradient_name for n in walk(call)):
        return None
    return call, grads, variables


def _index_update(loop: ast.For, call: ast.expr) -> tuple[ast.Call, ast.expr, ast.expr] | None:
    """`for i in range(len(params)): params[i].assign_sub(lr * grads[i])`."""
    index = loop.target
    iterable = loop.iter
    if not (isinstance(index, ast.Name) and isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name)):
        return None
    if iterable.func.id != "range" or len(iterable.args) != 1:
        return None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in _UPDATES):
        return None

    def indexed(node: ast.AST) -> ast.Name | None:
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and isinstance(node.slice, ast.Name):
            return node.value if node.slice.id == index.id else None
        return None

    variables = indexed(call.func.value)
    if variables is None:
        return None
    others = {found.id: found for node in walk(call) if node is not call.func.value and (found := indexed(node)) and found.id != variables.id}
    if len(others) != 1:
        return None
    return call, next(iter(others.values())), variables


def _zip_pair(target: ast.expr, iterable: ast.expr) -> tuple[tuple[str, ast.expr], tuple[str, ast.expr]] | None:
    if not (isinstance(target, ast.Tuple) and len(target.elts) == 2 and all(isinstance(e, ast.Name) for e in target.elts)):
        return None
    if not (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id == "zip" and len(iterable.args) == 2):
        return None
    names = [e.id for e in target.elts]  # type: ignore[attr-defined]
    return (names[0], iterable.args[0]), (names[1], iterable.args[1])


def _zip_loop(loop: ast.For) -> tuple[tuple[str, ast.expr], tuple[str, ast.expr]] | None:
    if len(loop.body) != 1 or loop.orelse:
        return None
    target, iterable = loop.target, loop.iter
    if not (isinstance(target, ast.Tuple) and len(target.elts) == 2 and all(isinstance(e, ast.Name) for e in target.elts)):
        return None
    if not (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id == "zip" and len(iterable.args) == 2):
        return None
    names = [e.id for e in target.elts]  # type: ignore[attr-defined]
    return (names[0], iterable.args[0]), (names[1], iterable.args[1])


def _unused_optimizers(ctx: Context, scope: Scope) -> list[str]:
    """The optimizers visible in `scope` that nothing in the file steps or hands on. One that
    applies gradients elsewhere is in use, for other variables: a meta-learner's outer
    optimizer beside the inner loop's hand-written SGD on a fast copy (MAML, Reptile). So is
    one handed to `model.compile(optimizer=...)` or to a helper."""
    model = ctx.model
    tables = model.scopes[0].tables
    stepped = tables.get("stepped optimizers")
    if stepped is None:
        receivers = [apply.receiver for apply in model.apply_calls()]
        receivers += [g.call.func.value for g in model.gradient_calls() if g.method == "minimize"]  # type: ignore[attr-defined]
        stepped = tables["stepped optimizers"] = set(dotted_name(r) for r in receivers) - {None}
    unused = []
    for optimizer in model.optimizers_visible(scope):
        key = ("optimizer handed on", optimizer)
        if key not in tables:
            tables[key] = _handed_on(ctx.source.text, optimizer)
        if optimizer not in stepped and not tables[key]:  # type: ignore[operator]
            unused.append(optimizer)
    return unused


def _handed_on(text: str, optimizer: str) -> bool:
    """Is the optimizer handed to a call (`model.compile(optimizer=opt)`, `fit(model, opt)`)?
    Not counting a checkpoint, which only saves it."""
    for match in re.finditer(rf"[(,=]\s*{re.escape(optimizer)}\s*[,)]", text):
        start = text.rfind("\n", 0, match.start()) + 1
        if "Checkpoint(" not in text[start : match.start()]:
            return True
    return False


def _is_gradients(model: FileModel, scope: Scope, name: ast.Name, at: ast.AST) -> bool:
    """Gradients, here or, for a parameter of a helper (`self._apply(grads)`), at every call."""
    if model.gradient_origin(name, scope, at) is not None:
        return True
    binding = scope.lookup(name.id, at)
    if binding is None or binding.kind != "param" or binding not in scope.bindings.get(name.id, []):
        return False
    arguments = model.arguments_for(scope, name.id)
    return arguments is not None and all(
        isinstance(argument, ast.Name) and model.gradient_origin(argument, caller, call) is not None for argument, caller, call in arguments
    )


def _gradient_names(model: FileModel, scope: Scope, value: ast.AST, at: ast.AST) -> list[str]:
    names = {n.id for n in walk(value) if isinstance(n, ast.Name)}
    return sorted(n for n in names if model.gradient_origin(ast.Name(n, ast.Load()), scope, at) is not None)


def _accumulates(call: ast.Call, grads: ast.expr, loop: ast.For | ast.Expr) -> bool:
    """`acc.assign_add(g)`: the gradient itself, unscaled, added into a buffer — gradient
    accumulation (or a perturbation), not a descent step."""
    if call.func.attr != "assign_add" or len(call.args) != 1:  # type: ignore[attr-defined]
        return False
    return isinstance(call.args[0], (ast.Name, ast.Subscript))


def _applies_in_reach(model: FileModel, scope: Scope, variables: ast.expr) -> list:
    """The `apply_gradients` calls that may consume the updated collection: the scope's own,
    and for a `self.<attr>` collection those of every method (buffers applied elsewhere)."""
    if isinstance(variables, ast.Attribute) and isinstance(variables.value, ast.Name) and variables.value.id == "self":
        return list(model.apply_calls())
    return scope.apply_calls


def _mentions(node: ast.AST, expr: ast.expr) -> bool:
    """`expr` (the updated collection) appears inside `node`: the optimizer updates the same
    variables (a perturb/restore around a second tape) or applies the updated buffers."""
    wanted = ast.dump(expr)
    return any(ast.dump(n) == wanted for n in walk(node) if type(n) is type(expr))


def _applies(apply_call, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in walk(apply_call.call))
