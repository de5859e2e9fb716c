from __future__ import annotations

import ast
import bisect
from collections.abc import Iterator

from codemods.analysis.model import ApplyCall, Binding, FileModel, Scope, StmtRef
from codemods.analysis.dataflow import flatten
from codemods.analysis.walk import children, own_expressions
from codemods.findings import Applicability, Finding
from codemods.rules.base import Context, Rule


class GradientPairsUsedUp(Rule):
    """
    ## What it does
    Checks for `(gradient, variable)` pairs made with `zip(...)`, bound to a name, read
    once (a `for` loop over them, a list comprehension, `list(...)`, `zip(*pairs)`, another
    `apply_gradients`) and then handed to `apply_gradients`.

    ## Why is this bad?
    `zip` returns an iterator, and an iterator can be read only once: the loop that logs
    the gradients or computes their norm takes every pair, and `apply_gradients` gets
    none. With tf.keras 2.11 to 2.15 (`tf_keras`) an empty update is silently skipped, so
    the model never trains and nothing says so. Keras 3 fails at the first step:

        ValueError: not enough values to unpack (expected 2, got 0)

    ## Example
    ```python
    grads = tape.gradient(loss, model.trainable_variables)
    grads_and_vars = zip(grads, model.trainable_variables)
    for grad, var in grads_and_vars:
        tf.summary.histogram(var.name, grad, step=step)
    optimizer.apply_gradients(grads_and_vars)
    ```

    ## Use instead
    ```python
    grads = tape.gradient(loss, model.trainable_variables)
    grads_and_vars = list(zip(grads, model.trainable_variables))
    for grad, var in grads_and_vars:
        tf.summary.histogram(var.name, grad, step=step)
    optimizer.apply_gradients(grads_and_vars)
    ```

    ## Fix safety
    Safe: the pairs become a list, so whatever read them first reads the same pairs, and
    `apply_gradients` gets them too. Only reads in the same function, between the `zip`
    and the update and not in another branch of an `if`, count; a generator expression
    over the pairs (read later, or never) and `next(pairs)` (skipping a pair on purpose)
    are not flagged, nor is a name bound to a `zip` when the file defines its own `zip`.
    """

    code = "GF018"
    name = "gradient-pairs-used-up"
    summary = "The zip of gradients and variables is read up before `apply_gradients` gets it"
    fix_title = "Make the pairs a list"
    applicability = Applicability.SAFE
    tokens = ("apply_gradients", "zip(")

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        if any("zip" in scope.bindings for scope in model.scopes):
            return  # the file's own `zip`: not necessarily an iterator
        for apply in model.apply_calls():
            pairs = apply.grads_and_vars
            if not isinstance(pairs, ast.Name):
                continue
            binding = apply.scope.lookup(pairs.id, apply.call)
            if binding is None or binding.ref is None or not _binds_zip(apply.scope, binding):
                continue
            reader = _first_reader(model, apply, binding)
            if reader is None:
                continue
            node, how = reader
            zipped = binding.value
            assert zipped is not None
            yield self.finding(
                ctx,
                apply.call,
                f"`{pairs.id}` is a `zip` iterator, read up by {how} on line {node.lineno} before "
                f"`apply_gradients` gets it: no variable is updated",
                [ctx.insert_before(zipped, "list("), ctx.insert_after(zipped, ")")],
            )


# Calls that read all of an iterable handed to them at once.
_READ_WHOLE = frozenset({"list", "tuple", "set", "frozenset", "dict", "sorted", "sum", "any", "all", "min", "max"})
# Calls that wrap an iterable in another lazy one: iterating theirs reads it.
_WRAP_LAZILY = frozenset({"enumerate", "zip", "map", "filter", "reversed"})


def _binds_zip(scope: Scope, binding: Binding) -> bool:
    """`name = zip(...)` in `scope` itself (not an enclosing one), as a whole value."""
    value = binding.value
    return (
        binding.unpack_index is None
        and binding in scope.bindings.get(binding.name, [])
        and isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "zip"
    )


def _first_reader(model: FileModel, apply: ApplyCall, binding: Binding) -> tuple[ast.AST, str] | None:
    """The first read of the pairs bound by `binding` between it and `apply` (that sees
    that binding and is not in another branch of an `if`): the node and what it is."""
    name = binding.name
    start = binding.ref.stmt.end_lineno or binding.ref.stmt.lineno  # type: ignore[union-attr]
    lines = model.lines_spelling(name)
    scope = apply.scope
    for stmt, ref in _statements_between(model, scope, start, apply):
        if lines is not None and not any(stmt.lineno <= line <= (stmt.end_lineno or stmt.lineno) for line in lines):
            continue
        if ref.excludes(apply.ref):
            continue
        for node, how in _reads(stmt, name):
            if node is not apply.call and (node.lineno, node.col_offset) < (apply.call.lineno, apply.call.col_offset):
                if scope.lookup(name, node) is binding:
                    return node, how
    return None


def _statements_between(model: FileModel, scope: Scope, after_line: int, apply: ApplyCall) -> Iterator[tuple[ast.stmt, StmtRef]]:
    """The statements of `scope` starting after `after_line` up to the update's line, in
    order (a compound statement before those inside it; not those of nested functions)."""
    body: list[ast.stmt] = scope.node.body  # type: ignore[attr-defined]
    # From the statement holding the binding's last line on (found by bisection: a module
    # binding many zips is not walked from its top for each).
    first = bisect.bisect_left(body, after_line, key=lambda stmt: stmt.end_lineno or stmt.lineno)
    for stmt in flatten(body[first:], definitions=False):
        if stmt.lineno <= after_line or isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if stmt.lineno > apply.call.lineno:
            break
        ref = model.ref_of(stmt)
        if ref is not None:
            yield stmt, ref


def _reads(stmt: ast.stmt, name: str) -> Iterator[tuple[ast.AST, str]]:
    """Where `stmt` itself (a compound statement: its header) reads all of `name`."""
    if isinstance(stmt, (ast.For, ast.AsyncFor)) and _iterates(stmt.iter, name):
        yield stmt, "the `for` loop"
    stack = list(reversed(own_expressions(stmt)))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Lambda, ast.GeneratorExp)):
            continue  # read later, or never
        below = children(node)
        below.reverse()
        stack.extend(below)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp)) and _iterates(node.generators[0].iter, name):
            yield node, "a comprehension"
        elif isinstance(node, ast.Starred) and _is_name(node.value, name):
            yield node, f"`*{name}`"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _READ_WHOLE:
            if node.args and (_iterates(node.args[0], name) or _generator_over(node.args[0], name)):
                yield node, f"`{node.func.id}(...)`"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "apply_gradients":
            if node.args and _is_name(node.args[0], name):
                yield node, "an earlier `apply_gradients`"


def _iterates(expr: ast.expr, name: str) -> bool:
    """Does iterating `expr` read `name`: the name, or a lazy wrapper of it (`enumerate(pairs)`)?"""
    if _is_name(expr, name):
        return True
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in _WRAP_LAZILY:
        return any(_iterates(arg, name) for arg in expr.args)
    return False


def _generator_over(expr: ast.expr, name: str) -> bool:
    """`(... for ... in pairs)` handed straight to a call that reads it all (`sum(...)`)."""
    return isinstance(expr, ast.GeneratorExp) and _iterates(expr.generators[0].iter, name)


def _is_name(expr: ast.expr, name: str) -> bool:
    return isinstance(expr, ast.Name) and expr.id == name
