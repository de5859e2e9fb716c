from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator

from codemods.analysis.dataflow import target_computation
from codemods.analysis.model import TF_FUNCTION, FileModel, Scope, StmtRef
from codemods.analysis.names import canonical, starts_word
from codemods.analysis.walk import walk
from codemods.findings import Applicability, Edit, Finding
from codemods.rewrite import wrap_in_tape
from codemods.rules.base import Context, Rule

# `gradients(` or `gradients as` (a literal first, so the search is as fast as `in`).
_GRADIENTS = re.compile(r"gradients(?:\(|\s+as\s)")


class TfGradientsInEager(Rule):
    """
    ## What it does
    Checks for `tf.gradients(ys, xs)` (or `tf.compat.v1.gradients`) in code that runs
    eagerly: not in a `@tf.function`, not in a `with tf.Graph().as_default():` block, not
    in a module that turns eager execution off.

    ## Why is this bad?
    `tf.gradients` works on a graph. With eager execution (TensorFlow 2's default) it
    raises:

        RuntimeError: tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.

    ## Example
    ```python
    loss = tf.reduce_mean(tf.square(x @ w - y))
    grads = tf.gradients(loss, [w])
    ```

    ## Use instead
    ```python
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(x @ w - y))
    grads = tape.gradient(loss, [w])
    ```

    ## Fix safety
    Unsafe: the statements computing the target from the variables are recorded under a
    new `tf.GradientTape`, and the call becomes `tape.gradient`, wrapped in a list when
    `xs` is a single tensor so code indexing the result keeps working. `tf.gradients`
    options (`grad_ys`, `stop_gradients`, aggregation) have no tape equivalent here: such
    calls are reported without a fix. Not flagged: a function the file never calls (nor
    uses its class), in a file with no sign of eager execution (no tape, no `.numpy()`):
    its callers elsewhere may be building a graph, as the modules of TF1 projects do; and a
    file reaching APIs only TensorFlow 1 has (`tf.contrib`, `tf.get_variable`).
    """

    code = "GF008"
    name = "tf-gradients-in-eager"
    summary = "tf.gradients does not work in eager mode; use a GradientTape"
    fix_title = "Record the computation on a GradientTape and use tape.gradient"
    applicability = Applicability.UNSAFE
    tokens = ("gradients(",)

    @classmethod
    def may_fire(cls, text: str) -> bool:
        # `tf.gradients(` or an imported `gradients(`, not `apply_gradients(`/`compute_gradients(`;
        # or `from tensorflow import gradients as ...`, called by another name.
        if "gradients(" not in text:
            return False
        for match in _GRADIENTS.finditer(text):
            start = match.start()
            if starts_word(text, start):
                return True
            before = text[start - 1 : start]
            # A notebook's JSON text spells a line break or a tab before it as `\n`, `\t`.
            if before in "ntr" and text[start - 2 : start - 1] == "\\" and match.group().endswith("("):
                return True
        return False

    def check(self, ctx: Context) -> Iterator[Finding]:
        model = ctx.model
        if not any(scope.tf_gradients_calls for scope in model.scopes) or model.tf1_file:
            return
        wrappers = _tf_function_wrappers(model)
        traced = _functions_traced(model, wrappers)
        eager = any(sign in ctx.source.text for sign in _EAGER_SIGNS)  # a tape, `.numpy()`, eager turned on
        for scope in model.scopes:
            if scope.is_tf_function or _traced(scope, traced, wrappers) or _keras_compiled_step(model, scope) or (not eager and _never_used(model, scope)):
                continue
            for call, ref in scope.tf_gradients_calls:
                if model.graph_code(scope, ref) or _in_graph_optimizer_method(scope) or not _target_computed_here(scope, call) or _differentiation_helper(model, scope, call):
                    continue
                message = f"`{ctx.text(call.func)}` raises under eager execution; compute the gradient with a `GradientTape`"
                yield self.finding(ctx, call, message, _to_tape(ctx, scope, call, ref))


def _functions_traced(model: FileModel, wrappers: set[str]) -> set[str]:
    """Functions a trace runs: the names passed to `tf.function` (or to a decorator defined
    in the file that returns `tf.function`), and, from a traced body on, every function of
    the file it calls or hands on (`tf.scan(self.fn, ...)`, `tf.while_loop(cond, body, ...)`),
    followed through the functions they call in turn. Methods are named with their class
    (`Agent.update`): `self.update()` runs the method of its own class only."""
    traced = _passed_to_tf_function(model, wrappers)
    by_key: dict[str, list[Scope]] = {}
    for scope in model.scopes[1:]:
        by_key.setdefault(_key(scope), []).append(scope)
    pending = [s for s in model.scopes if s.is_tf_function and not (s.parent is not None and s.parent.is_tf_function)]
    # `tf.function(self._train)` names a method by its name alone.
    pending += [s for s in model.scopes[1:] if s.name in traced]
    methods = {_key(s) for s in model.scopes[1:] if s.class_info is not None}
    families = _Families(model)
    seen: set[int] = set()
    while pending:
        scope = pending.pop()
        if id(scope) in seen:
            continue
        seen.add(id(scope))
        for key in _functions_run_by(model, scope, methods, families):
            if key not in traced:
                traced.add(key)
                pending.extend(by_key.get(key, []))
    return traced


def _key(scope: Scope) -> str:
    """`Class.method` for a method, the plain name for any other function."""
    info = scope.class_info
    if info is not None and any(item is scope.node for item in info.node.body):
        return f"{info.node.name}.{scope.name}"
    return scope.name


class _Families:
    """Each class of the file with the file's classes it derives from or that derive from it
    (worked out once per class, from one table of every class's bases)."""

    def __init__(self, model: FileModel) -> None:
        self._classes = model.classes
        self._parents: dict[str, set[str]] | None = None
        self._found: dict[str, set[str]] = {}

    def of(self, name: str) -> set[str]:
        family = self._found.get(name)
        if family is not None:
            return family
        if self._parents is None:
            self._parents = {
                n: {b.rpartition(".")[2] for b in info.bases if b} | {getattr(base, "id", "") for base in info.node.bases}
                for n, info in self._classes.items()
            }
        parents = self._parents
        family, pending = {name}, [name]
        while pending:
            current = pending.pop()
            related = {p for p in parents.get(current, set()) if p in self._classes} | {n for n, ps in parents.items() if current in ps}
            for other in related - family:
                family.add(other)
                pending.append(other)
        self._found[name] = family
        return family


_RUN_EAGERLY = frozenset({"tensorflow.py_function", "tensorflow.numpy_function", "tensorflow.compat.v1.py_func"})


def _functions_run_by(model: FileModel, scope: Scope, methods: set[str], families: _Families) -> set[str]:
    """Keys of the functions `scope` calls or hands to a call: `helper(...)`,
    `self.method(...)`, `tf.scan(fn, ...)`, and `self.fn` bound to a function (`self.fn = fn`).
    Not what `tf.py_function` is handed: that runs eagerly, even in a trace."""
    found: set[str] = set()
    info = scope.class_info
    for call in model.calls_in(scope.node):
        handed = [] if model.imports.call_name(call) in _RUN_EAGERLY else [*call.args, *(k.value for k in call.keywords)]
        for node in (call.func, *handed):
            if isinstance(node, ast.Name):
                found.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self" and info is not None:
                # The method of this class, of a base it inherits from or of a subclass
                # overriding it (the file's classes); by name alone if none of them has it.
                family = [f"{name}.{node.attr}" for name in families.of(info.node.name)]
                keys = [key for key in family if key in methods] or [node.attr]
                found.update(keys)
                for binding in info.self_bindings.get(node.attr, []):
                    if isinstance(binding.value, ast.Name):
                        found.add(binding.value.id)
    return found


def _passed_to_tf_function(model: FileModel, wrappers: set[str]) -> set[str]:
    names: set[str] = set()
    # Only statements spelling `function`, an alias of it or a wrapper can make such a call.
    words = tuple(sorted(_tf_function_words(model) | wrappers))
    calls = (call for scope in model.scopes for call, _ in model.scope_calls(scope, words))
    for call in calls:
        if not call.args or not isinstance(call.args[0], (ast.Name, ast.Attribute)):
            continue
        if isinstance(call.func, ast.Attribute) and call.func.attr != "function":
            continue  # cheap test first: most calls are not `tf.function(...)`
        if model.imports.call_name(call) == "tensorflow.function" or (isinstance(call.func, ast.Name) and call.func.id in wrappers):
            argument = call.args[0]
            names.add(argument.id if isinstance(argument, ast.Name) else argument.attr)
    return names


def _tf_function_wrappers(model: FileModel) -> set[str]:
    """Functions defined in the file that call `tf.function` (decorator factories that
    compile what they wrap)."""
    candidates = _lines_that_may_name_tf_function(model)
    return {
        scope.name
        for scope in model.scopes
        if not isinstance(scope.node, ast.Module)
        and _any_between(candidates, _first_line(scope.node), scope.node.end_lineno or scope.node.lineno)
        and any(isinstance(n, (ast.Call, ast.Attribute, ast.Name)) and model.imports.qualify(n.func if isinstance(n, ast.Call) else n) == "tensorflow.function" for n in walk(scope.node))
    }


def _lines_that_may_name_tf_function(model: FileModel) -> list[int] | None:
    """The lines (in order) holding a word that can name `tf.function`: `function`, or a
    name imported as it; None for a text that is not ASCII (names are NFKC-normalized)."""
    words = _tf_function_words(model)
    if not all(line.isascii() for line in model.lines):
        return None
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")\b")
    return [number for number, line in enumerate(model.lines, start=1) if pattern.search(line)]


def _tf_function_words(model: FileModel) -> set[str]:
    """`function`, and the names `tf.function` is imported as."""
    return {"function", *(alias for alias, bound in model.imports.aliases.items() if canonical(bound) == TF_FUNCTION)}


def _first_line(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return min([node.lineno, *(d.lineno for d in node.decorator_list)])


def _any_between(lines: list[int] | None, first: int, last: int) -> bool:
    return lines is None or bisect.bisect_left(lines, first) < bisect.bisect_right(lines, last)


def _traced(scope: Scope, traced: set[str], wrappers: set[str]) -> bool:
    """Is `scope` (or a function enclosing it) traced into a graph: named in `traced`, or
    decorated with a wrapper defined in the file that returns `tf.function`?"""
    search: Scope | None = scope
    while search is not None and not isinstance(search.node, ast.Module):
        if search.name in traced or _key(search) in traced:
            return True
        for decorator in search.node.decorator_list:
            function = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(function, ast.Name) and function.id in wrappers:
                return True
        search = search.parent
    return False


_KERAS_STEPS = frozenset({"train_step", "test_step", "predict_step"})


def _keras_compiled_step(model: FileModel, scope: Scope) -> bool:
    """`train_step` of a Keras model: `fit` compiles it with `tf.function` (unless the file
    asks for `run_eagerly=True`)."""
    info = scope.class_info
    if info is None or scope.name not in _KERAS_STEPS or model.spells("run_eagerly"):
        return False
    return any(base is not None and base.startswith("keras.") for base in info.bases)


def _in_graph_optimizer_method(scope: Scope) -> bool:
    """Inside an optimizer's `get_gradients(loss, params)` / `compute_gradients(loss, ...)`
    method: TF1 and Keras 2 call these while building a graph. (A script's own
    `compute_gradients(model, x, y)` function is called by the script.)"""
    search: Scope | None = scope
    while search is not None:
        if search.name in {"get_gradients", "compute_gradients", "_compute_gradients"} and search.class_info is not None:
            return True
        search = search.parent
    return False


def _target_computed_here(scope: Scope, call: ast.Call) -> bool:
    """Is the differentiated target computed in this scope? A library wrapper that passes
    its parameters on to `tf.gradients` may be meant for graph mode; nothing says it runs
    eagerly."""
    target = call.args[0] if call.args else None
    if isinstance(target, ast.Name):
        binding = scope.lookup(target.id, call)
        return binding is not None and binding.kind == "assign"
    return target is not None and not isinstance(target, ast.Name)


def _to_tape(ctx: Context, scope: Scope, call: ast.Call, ref: StmtRef) -> list[Edit | None]:
    tf = ctx.model.imports.alias_of("tensorflow")
    if tf is None or len(call.args) != 2 or call.keywords:
        return [None]
    ys, xs = call.args
    span = target_computation(scope, ys, xs, ref, call)
    if span is None:
        return [None]
    tape = ctx.fresh_name("tape", scope.node)
    gradient = f"{tape}.gradient({ctx.text(ys)}, {ctx.text(xs)})"
    if not _list_shaped(scope, xs, call):
        gradient = f"[{gradient}]"
    return [wrap_in_tape(ctx.source, ref.block, span[0], span[1], f"{tf}.GradientTape", tape, ctx.indent_unit(ctx.indentation(ref.block[span[0]]) or "")), ctx.replace(call, gradient)]


def _list_shaped(scope: Scope, xs: ast.expr, at: ast.AST) -> bool:
    if isinstance(xs, (ast.List, ast.Tuple)):
        return True
    if isinstance(xs, ast.Attribute):
        return xs.attr in {"trainable_variables", "trainable_weights", "variables", "weights"}
    if isinstance(xs, ast.Name):
        binding = scope.lookup(xs.id, at)
        return binding is not None and isinstance(binding.value, (ast.List, ast.Tuple, ast.Attribute)) and _list_shaped(scope, binding.value, at) if binding and binding.value is not None else False
    return False


# Methods of a tensor, a list or an operation (`op.get_attr("ksize")` in a gradient function), not of a model.
_VALUE_METHODS = frozenset({"as_list", "get_shape", "numpy", "astype", "reshape", "item", "append", "copy", "flatten", "pop", "get_attr"})


def _never_used(model: FileModel, scope: Scope) -> bool:
    """A function (or a function it is nested in) whose name the file never spells again:
    called from elsewhere, if at all, so in a file with no sign of eager TensorFlow 2
    nothing says it runs eagerly (a module of a TF1 project whose session lives in another
    file, a library helper a graph-building caller uses)."""
    search: Scope | None = scope
    while search is not None and not isinstance(search.node, ast.Module):
        definitions: list[ast.AST] = [search.node]
        info = search.class_info
        if info is not None and any(item is search.node for item in info.node.body):
            definitions.append(info.node)  # a method runs when its class is used: Keras calls `call` itself
        for definition in definitions:
            lines = model.lines_spelling(definition.name)  # type: ignore[attr-defined]
            if lines is None:
                return False  # a text that is not ASCII: no word index
            if any(line != definition.lineno for line in lines):  # type: ignore[attr-defined]
                return False
        search = search.parent
    return search is not scope


_EAGER_SIGNS = ("GradientTape", ".numpy()", "enable_v2_behavior", "enable_eager_execution")


def _differentiation_helper(model: FileModel, scope: Scope, call: ast.Call) -> bool:
    """A library's `gradients(ys, xs)` wrapper: the target is computed from the function's
    parameters by imported operations only, with no model run here. Nothing says it runs
    eagerly (graph-mode libraries call such helpers while building a graph)."""
    function = scope.node
    if isinstance(function, ast.Module) or not call.args:
        return False
    if any(isinstance(where.node, ast.Module) for _, where in model.call_sites(function.name)):
        return False  # called from the script's own (eager) top level
    parameters = {a.arg for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]} - {"self", "cls"}
    pending: list[ast.AST] = [call.args[0]]
    seen: set[str] = set()
    while pending:
        for node in walk(pending.pop()):
            if isinstance(node, ast.Call):
                if _runs_local_code(model, scope, node.func, parameters):
                    return False  # a model, a layer or a helper of the file runs here
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in seen:
                seen.add(node.id)
                if node.id in parameters:
                    continue
                bindings = scope.bindings.get(node.id)
                if not bindings:
                    outer = scope.lookup(node.id, call)
                    if outer is not None and outer.kind not in ("import", "param"):
                        return False  # a global of the file (a model, a variable)
                    # (a parameter of an enclosing function, `epsilon` of a gradient-function factory, is a value handed in)
                    continue  # imported, or a builtin
                for binding in bindings:
                    if binding.kind == "for" and binding.ref is not None and isinstance(binding.ref.stmt, (ast.For, ast.AsyncFor)):
                        pending.append(binding.ref.stmt.iter)
                    elif binding.value is not None:
                        pending.append(binding.value)
                    elif binding.ref is not None and isinstance(binding.ref.stmt, ast.AugAssign):
                        pending.append(binding.ref.stmt.value)  # `out /= eps + ...`: what it adds in
                    elif binding.kind != "assign":
                        return False
    return True


def _runs_local_code(model: FileModel, scope: Scope, func: ast.expr, parameters: set[str]) -> bool:
    """Does calling `func` run something of this file or handed in (a parameter, `self.net`,
    a local model, a function defined here) rather than an imported operation?"""
    if isinstance(func, ast.Attribute) and func.attr in _VALUE_METHODS:
        return False  # `ys.shape.as_list()`: a method of a tensor or list, not a model
    root = func
    while isinstance(root, (ast.Attribute, ast.Subscript, ast.Call)):
        root = root.func if isinstance(root, ast.Call) else root.value
    if not isinstance(root, ast.Name):
        return True
    if root.id in parameters:
        return True
    binding = scope.lookup(root.id, func)
    return binding is not None and binding.kind != "import"
