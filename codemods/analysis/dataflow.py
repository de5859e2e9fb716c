"""Names read and written by statements, and what a training step differentiates.

Deliberately simple, flow-insensitive within a statement: good enough to follow a value
through a few lines of a training step, and cheap.
"""

from __future__ import annotations

import ast
import copy
import re
import bisect
from collections.abc import Callable, Iterator

from codemods.analysis.model import FileModel, Scope, StmtRef
from codemods.analysis.names import dotted_name
from codemods.analysis.walk import children, nodes_under, walk

VARIABLE_COLLECTIONS = frozenset({"trainable_variables", "trainable_weights", "variables", "weights"})
_COLLECTION_CALLS = frozenset({"list", "tuple"})


def assigned_names(stmt: ast.stmt) -> set[str]:
    """Names a simple statement binds (targets of `=`, `+=`, `:`-annotated assignments)."""
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        targets = [stmt.target]
    elif isinstance(stmt, (ast.For, ast.AsyncFor)):
        targets = [stmt.target]
    names: set[str] = set()
    for target in targets:
        for node in walk(target):
            if isinstance(node, ast.Name):
                names.add(node.id)
    return names


def plain_assignment_names(stmt: ast.stmt) -> list[str] | None:
    """The names of `a = ...` / `a, b = ...`; None for any other kind of statement."""
    if isinstance(stmt, ast.AnnAssign) and stmt.value is not None and isinstance(stmt.target, ast.Name):
        return [stmt.target.id]
    if not isinstance(stmt, ast.Assign):
        return None
    names: list[str] = []
    for target in stmt.targets:
        elts = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
        for elt in elts:
            if not isinstance(elt, ast.Name):
                return None
            names.append(elt.id)
    return names


def read_names(node: ast.AST) -> set[str]:
    """Names loaded anywhere in `node` (including inside lambdas and comprehensions)."""
    return {n.id for n in nodes_under(node, _NAME) if n.ctx.__class__ is ast.Load}  # type: ignore[attr-defined]


_NAME = frozenset({ast.Name})


def value_of(stmt: ast.stmt) -> ast.AST:
    """The part of a statement that is evaluated (the right-hand side of an assignment)."""
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
        return stmt.value
    if isinstance(stmt, ast.AugAssign):
        return ast.BinOp(stmt.target, stmt.op, stmt.value)
    return stmt


def reads_through_calls(node: ast.AST, scope: Scope, depth: int = 2) -> set[str]:
    """Names `node` reads, plus the free names of local lambdas and functions it calls:
    `compute = lambda: loss_fn(y, logits)` then `loss = compute()` reads `logits`."""
    names = read_names(node)
    if depth == 0:
        return names
    for call in (n for n in walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)):
        binding = scope.lookup(call.func.id)
        if binding is None:
            continue
        body: ast.AST | None = None
        if isinstance(binding.value, ast.Lambda):
            body = binding.value
        elif binding.kind == "def" and isinstance(binding.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = binding.node
        if body is not None:
            names |= _free_names(body) | reads_through_calls_body(body, scope, depth - 1)
    return names


def reads_through_calls_body(function: ast.AST, scope: Scope, depth: int) -> set[str]:
    if depth == 0:
        return set()
    inner = function.body if isinstance(function, ast.Lambda) else function  # type: ignore[attr-defined]
    return reads_through_calls(inner, scope, depth) - _parameters(function)


def _parameters(function: ast.AST) -> set[str]:
    args = function.args  # type: ignore[attr-defined]
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return {arg.arg for arg in every if arg is not None}


def _free_names(function: ast.AST) -> set[str]:
    local = _parameters(function)
    for node in walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            local.add(node.id)
    return read_names(function) - local


def variable_roots(sources: ast.expr, scope: Scope, at: ast.AST, depth: int = 0) -> set[str]:
    """What the sources of a gradient are made of, as dotted names: `model` for
    `model.trainable_variables`, `w` and `b` for `[w, b]`, followed through names bound to
    such expressions and through concatenation."""
    if depth > 6:
        return set()
    if isinstance(sources, ast.Attribute) and sources.attr in VARIABLE_COLLECTIONS:
        owner = dotted_name(sources.value)
        return {owner} if owner else set()
    if isinstance(sources, (ast.List, ast.Tuple, ast.Set)):
        return set().union(*(variable_roots(e, scope, at, depth + 1) for e in sources.elts)) if sources.elts else set()
    if isinstance(sources, ast.Starred):
        return variable_roots(sources.value, scope, at, depth + 1)
    if isinstance(sources, ast.Dict):
        return set().union(*(variable_roots(v, scope, at, depth + 1) for v in sources.values)) if sources.values else set()
    if isinstance(sources, ast.BinOp) and isinstance(sources.op, ast.Add):
        return variable_roots(sources.left, scope, at, depth + 1) | variable_roots(sources.right, scope, at, depth + 1)
    if isinstance(sources, ast.IfExp):  # `a.trainable_weights if shared else a... + b...`
        return variable_roots(sources.body, scope, at, depth + 1) | variable_roots(sources.orelse, scope, at, depth + 1)
    if isinstance(sources, ast.Subscript):
        return variable_roots(sources.value, scope, at, depth + 1)
    if isinstance(sources, ast.Call):
        if isinstance(sources.func, ast.Name) and sources.func.id in _COLLECTION_CALLS and sources.args:
            return variable_roots(sources.args[0], scope, at, depth + 1)
        return set()
    if isinstance(sources, ast.Name):
        binding = scope.lookup(sources.id, at)
        if binding is not None and binding.value is not None and binding.unpack_index is None:
            inner = variable_roots(binding.value, scope, binding.node, depth + 1)
            if inner:
                return inner
        return {sources.id}
    if isinstance(sources, ast.Attribute):
        inner = _self_attribute_roots(sources, scope, at, depth)
        if inner:
            return inner
        owner = dotted_name(sources)
        return {owner} if owner else set()
    return set()


def _self_attribute_roots(sources: ast.Attribute, scope: Scope, at: ast.AST, depth: int) -> set[str]:
    """`self.all_vars`, bound once in the class (`self.all_vars = self.encoder.trainable_variables
    + self.head.trainable_variables`): the attributes of `self` it is made of."""
    value = self_attribute_value(sources, scope)
    inner = variable_roots(value, scope, at, depth + 1) if value is not None else set()
    # (names local to the method that binds it mean nothing here)
    return inner if inner and all(root.startswith("self.") for root in inner) else set()


def property_value(node: ast.expr, scope: Scope) -> ast.expr | None:
    """`self.all_variables` where the class defines that property as one `return` of a
    concatenation (`self.encoder.trainable_variables + self.decoder.trainable_variables`)."""
    info = scope.class_info
    if info is None or not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"):
        return None
    for item in info.node.body:
        if isinstance(item, ast.FunctionDef) and item.name == node.attr and any(isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list):
            body = [s for s in item.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
            if len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.BinOp) and isinstance(body[0].value.op, ast.Add):
                return body[0].value
    return None


def self_attribute_value(node: ast.expr, scope: Scope) -> ast.expr | None:
    """What `self.<attr>` is bound to, when the class binds it once, in a plain assignment."""
    info = scope.class_info
    if info is None or not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Name) or node.value.id != "self":
        return None
    bindings = info.self_bindings.get(node.attr, [])
    if len(bindings) != 1 or bindings[0].unpack_index is not None:
        return None
    return bindings[0].value


def is_variable_like(node: ast.expr, scope: Scope, at: ast.AST, is_variable, depth: int = 0) -> bool:
    """Is `node` made of trainable variables: `model.trainable_variables`, `tf.Variable`s,
    lists and concatenations of them, names bound to them? (`is_variable` tells a
    variable construction.)"""
    if depth > 6:
        return False
    if isinstance(node, ast.Attribute) and node.attr in VARIABLE_COLLECTIONS:
        return True
    if isinstance(node, (ast.List, ast.Tuple)):
        return bool(node.elts) and all(is_variable_like(e, scope, at, is_variable, depth + 1) for e in node.elts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_variable_like(node.left, scope, at, is_variable, depth + 1) and is_variable_like(
            node.right, scope, at, is_variable, depth + 1
        )
    if isinstance(node, ast.Dict):
        return bool(node.values) and all(is_variable_like(v, scope, at, is_variable, depth + 1) for v in node.values)
    if isinstance(node, ast.Name):
        binding = scope.lookup(node.id, at)
        if binding is not None and binding.value is not None and binding.unpack_index is None:
            return is_variable(binding.value) or is_variable_like(binding.value, scope, binding.node, is_variable, depth + 1)
        return False
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        info = scope.class_info
        bindings = info.self_bindings.get(node.attr, []) if info is not None else []
        return any(is_variable(b.value) for b in bindings)
    return False


# Methods of a model that do not run its forward pass.
# Methods that hand out data, not model outputs (`learner.get_batch()`, `env.next_batch()`).
_DATA_ACCESSOR = re.compile(r"(get|load|fetch|read|next)_|(get|next)_?batch$|sample_batch")

# A recurrent model's starting state (`reset_state(batch_size=...)`, `initialize_hidden_state()`,
# `init_hidden()`): zeros, or a learned state read when used, not a forward pass.
_STARTING_STATE = re.compile(r"(?:get_)?(?:init|initial|initialize|reset|zero)(?:_[a-z]+)?_(?:state|states|hidden|carry)$")
_NOT_FORWARD = frozenset(
    {
        "get_weights", "set_weights", "summary", "save", "save_weights", "load_weights", "compile",
        "count_params", "get_config", "reset_states", "reset_metrics", "get_layer", "build",
        "assign", "assign_add", "assign_sub", "numpy", "read_value",
        # A recurrent core's starting state (zeros, or a learned state read when used).
        "initial_state", "zero_state",
        # These return NumPy: no gradient flows through them, inside a tape or not.
        "predict", "predict_on_batch", "evaluate",
    }
)


def computes_from(node: ast.AST, roots: set[str], tainted: set[str], forward: frozenset[str] = frozenset()) -> bool:
    """Does evaluating `node` run the variables in `roots` (a model call, arithmetic on a
    variable) or read a name in `tainted`? `forward` names the attributes of `self` that run
    the model forward (its layers, sub-models, forward methods); called with
    `training=False` they count as inference on a frozen part."""
    if not roots and not tainted:
        return False
    called = _called_roots(node, roots)
    inference = {id(call.func) for call in walk(node) if isinstance(call, ast.Call) and _training_false(call)} if forward else set()
    for child, parent in _with_parents(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load) and child.id in tainted:
            return True
        if not isinstance(child, (ast.Name, ast.Attribute)):
            continue
        root = dotted_name(child)
        if root is None or root not in roots:
            continue
        if id(child) in called:
            accessor = called[id(child)]
            if accessor is None:
                return True  # `model(x)`
            if isinstance(accessor, ast.Subscript):
                if root != "self":
                    return True  # `model.layers[0](x)` style
            elif root == "self":
                if accessor.attr == "call" or (accessor.attr in forward and id(accessor) not in inference):
                    return True
            elif (
                accessor.attr not in _NOT_FORWARD and accessor.attr not in VARIABLE_COLLECTIONS
                and not _DATA_ACCESSOR.match(accessor.attr) and not _STARTING_STATE.match(accessor.attr)
            ):
                return True  # `model.encoder(x)`
            continue
        if isinstance(parent, ast.Attribute) and parent.value is child:
            continue  # `model.trainable_variables`, `w.shape`: no computation
        if root != "self":
            return True  # a variable as an operand (`x @ w`, `w[0]`) or a model passed to a helper
    return False


def _training_false(call: ast.Call) -> bool:
    return any(k.arg == "training" and isinstance(k.value, ast.Constant) and k.value.value is False for k in call.keywords)


def _called_roots(node: ast.AST, roots: set[str]) -> dict[int, ast.AST | None]:
    """For each root occurrence at the base of a called expression (`model(x)`,
    `model.encoder(x)`, `self.call(x)`), the accessor applied to the root (None if direct)."""
    found: dict[int, ast.AST | None] = {}
    for call in walk(node):
        if not isinstance(call, ast.Call):
            continue
        accessor: ast.AST | None = None
        chain: ast.AST = call.func
        while True:
            if isinstance(chain, (ast.Name, ast.Attribute)) and dotted_name(chain) in roots:
                found[id(chain)] = accessor
                break
            if not isinstance(chain, (ast.Attribute, ast.Subscript)):
                break
            accessor, chain = chain, chain.value
    return found


def _with_parents(root: ast.AST) -> Iterator[tuple[ast.AST, ast.AST | None]]:
    stack: list[tuple[ast.AST, ast.AST | None]] = [(root, None)]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        for child in children(node):
            stack.append((child, node))


class BlockTaint:
    """Which statements of a block compute from the variables in `roots`, directly or
    through names bound by earlier such statements: one forward pass, extended as far
    down the block as anyone has asked, shared by every finding in the block (per scope,
    via `block_taint`) instead of re-scanning the block's start for each one.

    With `forget`, a name rebound by a statement that does not compute from the roots is
    clean again; statements `skip` accepts neither taint nor clean anything. `value`, if
    given, picks what of a statement's value counts (given the value, roots and scope);
    `forward` is `computes_from`'s.
    """

    def __init__(
        self,
        block: list[ast.stmt],
        roots: set[str],
        forget: bool,
        skip: Callable[[ast.stmt], bool] | None,
        value: Callable[[ast.AST, set[str], Scope | None], ast.AST] | None = None,
        scope: Scope | None = None,
        forward: frozenset[str] = frozenset(),
    ) -> None:
        self.block, self.roots, self.forget, self.skip = block, roots, forget, skip
        self.value, self.scope, self.forward = value, scope, forward
        self._done = 0
        self._live: dict[str, int] = {}  # name -> the statement that tainted it, as of `_done`
        # name -> (indexes of the statements binding it, the tainting statement's index or None)
        self._events: dict[str, tuple[list[int], list[int | None]]] = {}

    def _advance(self, upto: int) -> None:
        for index in range(self._done, min(upto, len(self.block))):
            stmt = self.block[index]
            if self.skip is not None and self.skip(stmt):
                continue
            names = assigned_names(stmt)
            if not names:
                continue
            read = value_of(stmt) if self.value is None else self.value(value_of(stmt), self.roots, self.scope)
            tainted = computes_from(read, self.roots, self._live, self.forward)  # type: ignore[arg-type]
            for name in names:
                if tainted:
                    self._live[name] = index
                elif not self.forget:
                    continue
                else:
                    self._live.pop(name, None)
                indexes, tainting = self._events.setdefault(name, ([], []))
                indexes.append(index)
                tainting.append(index if tainted else None)
        self._done = max(self._done, upto)

    def any_before(self, index: int) -> bool:
        """Is any name tainted as of just before `block[index]`?"""
        self._advance(index)
        return any(tainting[bisect.bisect_left(indexes, index) - 1] is not None for indexes, tainting in self._events.values() if indexes[0] < index)

    def before(self, name: str, index: int) -> int | None:
        """The statement (index) that tainted `name` as of just before `block[index]`."""
        self._advance(index)
        events = self._events.get(name)
        if events is None:
            return None
        count = bisect.bisect_left(events[0], index)
        return events[1][count - 1] if count else None


def block_taint(
    scope: Scope | None,
    block: list[ast.stmt],
    roots: set[str],
    *,
    forget: bool,
    skip: Callable[[ast.stmt], bool] | None = None,
    value: Callable[[ast.AST, set[str], Scope | None], ast.AST] | None = None,
    forward: frozenset[str] = frozenset(),
) -> BlockTaint:
    """The `BlockTaint` of `block` for `roots`, made once per scope."""
    if scope is None:
        return BlockTaint(block, roots, forget, skip, value, scope, forward)
    key = ("taint", id(block), frozenset(roots), forget, skip, value, forward)
    table = scope.tables.get(key)
    if table is None:
        table = scope.tables[key] = BlockTaint(block, roots, forget, skip, value, scope, forward)
    return table  # type: ignore[return-value]


def computation_start(block: list[ast.stmt], last: int, roots: set[str], scope: Scope | None = None) -> int | None:
    """The index of the first statement, in `block[:last + 1]`, of the computation that
    `block[last]` finishes from the variables in `roots`: the earliest statement that reads
    them (directly or through earlier such statements) and feeds `block[last]`."""
    taint = block_taint(scope, block, roots, forget=False)
    value = value_of(block[last])
    reads = read_names(value)
    if not computes_from(value, roots, {name for name in reads if taint.before(name, last + 1) is not None}):
        return None
    first, pending, seen = last, list(reads), set()
    while pending:
        name = pending.pop()
        tainted_by = taint.before(name, last + 1)
        if name in seen or tainted_by is None or tainted_by >= last:
            continue
        seen.add(name)
        first = min(first, tainted_by)
        pending.extend(read_names(value_of(block[tainted_by])))
    return first


def target_computation(scope: Scope, target: ast.expr, sources: ast.expr, ref: StmtRef, at: ast.AST) -> tuple[int, int] | None:
    """The span of statements in `ref`'s block, before `ref`, that compute `target` (a name)
    from `sources`: (first index, index of the statement binding `target`)."""
    if not isinstance(target, ast.Name):
        return None
    binding = scope.lookup(target.id, at)
    if binding is None or binding.ref is None or binding.ref.block is not ref.block or binding.ref.index >= ref.index:
        return None
    last = binding.ref.index
    first = computation_start(ref.block, last, variable_roots(sources, scope, at), scope)
    return (first, last) if first is not None else None


def flatten(stmts: list[ast.stmt], *, definitions: bool = True) -> Iterator[ast.stmt]:
    """Statements of a block and of every block nested in it, in source order. Without
    `definitions`, a function or class defined there is one statement (its body runs when
    called, not there)."""
    for stmt in stmts:
        yield stmt
        if not definitions and isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, name, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                yield from flatten(inner, definitions=definitions)
        for handler in getattr(stmt, "handlers", []):
            yield from flatten(handler.body, definitions=definitions)


# Functions that return a plain tensor (never a variable).
TENSOR_FACTORIES = frozenset(
    {
        "tensorflow.constant", "tensorflow.convert_to_tensor", "tensorflow.zeros", "tensorflow.ones",
        "tensorflow.fill", "tensorflow.range", "tensorflow.linspace", "tensorflow.cast",
        "tensorflow.random.normal", "tensorflow.random.uniform", "tensorflow.reshape",
        "tensorflow.zeros_like", "tensorflow.ones_like", "tensorflow.stack", "tensorflow.concat",
    }
)


def is_plain_tensor(model: FileModel, scope: Scope, name: str, at: ast.AST, depth: int = 0) -> bool:
    """Is `name`, where `at` reads it, a plain tensor (`tf.constant`, `tf.convert_to_tensor`,
    arithmetic on them), never a variable?"""
    binding = scope.lookup(name, at)
    if binding is not None and binding.kind == "param" and depth <= 2:
        return _plain_at_every_call(model, scope, binding, depth)
    if binding is None or binding.value is None or depth > 4:
        return False
    if binding.unpack_index is not None:
        return _returns_plain_tensor(model, scope, binding.value, binding.unpack_index, depth)
    return _plain_tensor_expression(model, scope, binding.value, binding.node, depth)


def _returns_plain_tensor(model: FileModel, scope: Scope, value: ast.expr, index: int, depth: int) -> bool:
    """`x, t = sample_points(n)`, where the file's `sample_points` returns a tuple whose
    element `index` is a plain tensor (`return tf.constant(x), tf.constant(t)`) at every return."""
    if not isinstance(value, ast.Call):
        return False
    function = model.callee(value, scope)
    if function is None:
        return False
    callee, returns = model.function_summary(function)
    if callee is None or not returns:
        return False
    for returned in returns:
        elements = returned.value.elts if isinstance(returned.value, (ast.Tuple, ast.List)) else None
        if elements is None or index >= len(elements) or any(isinstance(e, ast.Starred) for e in elements):
            return False
        if not _plain_tensor_expression(model, callee, elements[index], returned, depth + 1):
            return False
    return True


def _plain_at_every_call(model: FileModel, scope: Scope, binding, depth: int) -> bool:
    """A parameter of a plain function that every call in the file passes a plain tensor
    (`create_pattern(model, tf.constant(image), label)`)."""
    if scope.class_info is not None:
        return False
    arguments = model.arguments_for(scope, binding.name)
    return arguments is not None and all(
        caller is not scope and _plain_tensor_expression(model, caller, argument, call, depth + 1) for argument, caller, call in arguments
    )


def _plain_tensor_expression(model: FileModel, scope: Scope, value: ast.expr, at: ast.AST, depth: int, read_checked: bool = False) -> bool:
    """`read_checked`: `value` is part of an expression already known to read no variable
    (so a sum of n terms is walked once, not once per term)."""
    if isinstance(value, ast.Call):
        return model.imports.call_name(value) in TENSOR_FACTORIES
    if isinstance(value, ast.BinOp):
        # Arithmetic with a plain tensor on either side gives a plain tensor (the other
        # side may be a Python number, or a name holding one).
        if not read_checked and _reads_a_variable(model, scope, value, at):
            return False  # `w * x + b` is an intermediate of the variables, not a plain tensor
        return any(_plain_tensor_expression(model, scope, side, at, depth + 1, True) for side in (value.left, value.right))
    if isinstance(value, ast.UnaryOp):
        return _plain_tensor_expression(model, scope, value.operand, at, depth + 1, read_checked)
    if isinstance(value, ast.Name):
        return is_plain_tensor(model, scope, value.id, at, depth + 1)
    return False


def _reads_a_variable(model: FileModel, scope: Scope, value: ast.expr, at: ast.AST) -> bool:
    for name in read_names(value):
        binding = scope.lookup(name, at)
        if binding is not None and model.is_variable(binding.value):
            return True
    return any(isinstance(n, ast.Attribute) and n.attr in VARIABLE_COLLECTIONS for n in walk(value))


def without_calls(node: ast.AST, calls: set[int]) -> ast.AST:
    """`node`, with the calls whose ids are in `calls` replaced by a constant: what it
    computes when those calls cut the gradient. A copy: the tree is shared."""
    return replace_calls(node, dict.fromkeys(calls, ast.Constant(None)))


def replace_calls(node: ast.AST, replacements: dict[int, ast.AST]) -> ast.AST:
    """`node`, with each call whose id is a key of `replacements` replaced by its value
    (`node` itself if none of them is in it; else a copy: the tree is shared)."""
    if not replacements or not any(id(n) in replacements for n in walk(node)):
        return node
    if id(node) in replacements:
        return replacements[id(node)]
    memo: dict[int, object] = {}
    copied = copy.deepcopy(node, memo)
    by_copy = {id(memo[key]): value for key, value in replacements.items() if key in memo}

    class _Replace(ast.NodeTransformer):
        def visit_Call(self, call: ast.Call) -> ast.AST:
            value = by_copy.get(id(call))
            return value if value is not None else self.generic_visit(call)

    return _Replace().visit(copied)
