"""One model of a file's training steps, built in a single walk of its `ast`.

Per scope (the module, each function and method) it records the gradient tapes, the
`tape.gradient` calls and where their results are bound, clipping calls, `apply_gradients`
calls, optimizer constructions and every name binding in source order. Rules read this
model; none walks the tree again for what it already knows.
"""

from __future__ import annotations

import ast
import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from codemods.analysis.names import ImportTable, starts_word
from codemods.analysis.walk import COMPOUND_STATEMENTS, calls_under, children, first_line, nodes_under, own_expressions, walk
from codemods.source import physical_lines

if TYPE_CHECKING:
    from codemods.analysis.project import Project

TF_FUNCTION = "tensorflow.function"
GRADIENT_METHODS = frozenset({"gradient", "jacobian", "batch_jacobian"})
CLIP_FUNCTIONS = frozenset(
    {"tensorflow.clip_by_global_norm", "tensorflow.clip_by_norm", "tensorflow.clip_by_value"}
)
TAPE_CLASSES = frozenset({"tensorflow.GradientTape", "tensorflow.autodiff.GradientTape", "tensorflow.python.eager.backprop.GradientTape"})
VARIABLE_CLASSES = frozenset({"tensorflow.Variable"})
_OPTIMIZER_NAME = re.compile(r"(optimi[sz]er|optim\b|(^|_)opt($|_|\d))", re.IGNORECASE)


@dataclass(frozen=True)
class StmtRef:
    """A statement and the statement list (block) that holds it."""

    stmt: ast.stmt
    block: list[ast.stmt]
    index: int
    # Compound statements enclosing `stmt` within its scope, outermost first.
    parents: tuple[ast.stmt, ...] = ()

    @property
    def preceding(self) -> list[ast.stmt]:
        return self.block[: self.index]

    @property
    def loops(self) -> tuple[ast.stmt, ...]:
        return tuple(p for p in self.parents if isinstance(p, (ast.For, ast.AsyncFor, ast.While)))

    def inside(self, node: ast.stmt) -> bool:
        return any(parent is node for parent in self.parents)

    def excludes(self, other: StmtRef) -> bool:
        """Are the two statements in different branches of one `if` (so at most one runs)?"""
        for parent in self.parents:
            if isinstance(parent, ast.If) and other.inside(parent):
                if _in_block(parent.body, self.stmt) != _in_block(parent.body, other.stmt):
                    return True
        return False

    def inside_with_call(self, method: str) -> bool:
        """Is the statement in a `with <something>.<method>(...):` block
        (`stop_recording`, `as_default`)?"""
        for parent in self.parents:
            if isinstance(parent, (ast.With, ast.AsyncWith)):
                for item in parent.items:
                    expr = item.context_expr
                    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == method:
                        return True
        return False


@dataclass
class Binding:
    name: str
    kind: Literal["assign", "param", "for", "with", "import", "def", "other"]
    node: ast.AST  # the statement or argument that binds the name
    value: ast.expr | None = None  # the right-hand side of a plain assignment
    unpack_index: int | None = None  # position in `a, b = value`
    unpack_names: tuple[str, ...] = ()
    ref: StmtRef | None = None

    @property
    def position(self) -> tuple[int, int]:
        return (self.node.lineno, self.node.col_offset)  # type: ignore[attr-defined]


@dataclass
class Tape:
    name: str | None
    with_stmt: ast.With | ast.AsyncWith
    ref: StmtRef
    construction: ast.Call
    persistent: bool
    watches_accessed_variables: bool
    _watched: frozenset[str] | None = field(default=None, repr=False, compare=False)
    scope: Scope | None = field(default=None, repr=False, compare=False)  # where the tape opens

    @property
    def body(self) -> list[ast.stmt]:
        return self.with_stmt.body

    def watched(self) -> frozenset[str]:
        """Names passed to `<tape>.watch(...)` in the tape's block."""
        if self._watched is None:
            self._watched = frozenset(self._find_watched())
        return self._watched

    def _find_watched(self) -> set[str]:
        names: set[str] = set()
        for node in calls_under(self.with_stmt):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "watch"
                and isinstance(func.value, ast.Name)
                and func.value.id == self.name
                and node.args  # type: ignore[union-attr]
            ):
                watched = {n.id for n in walk(node.args[0]) if isinstance(n, ast.Name)}  # type: ignore[union-attr]
                names |= watched
                for name in watched if self.scope is not None else ():
                    # `params = [w, b]` ... `tape.watch(params)` watches `w` and `b`.
                    binding = self.scope.lookup(name, node)  # type: ignore[union-attr]
                    if binding is not None and binding.unpack_index is None and isinstance(binding.value, (ast.List, ast.Tuple)):
                        names |= {e.id for e in binding.value.elts if isinstance(e, ast.Name)}
        return names


@dataclass
class GradientCall:
    """`tape.gradient(target, sources)` (or `jacobian`), or `opt.minimize(loss, vars, tape=tape)`."""

    call: ast.Call
    method: str
    tape: Tape | None
    target: ast.expr | None
    sources: ast.expr | None
    ref: StmtRef
    scope: Scope


@dataclass
class ClipCall:
    call: ast.Call
    function: str  # canonical name, e.g. "tensorflow.clip_by_norm"
    clipped: ast.expr  # the gradients going in (for a per-element clip, the iterable)
    result: str | None  # the name the clipped gradients are bound to, if any
    element: str | None  # the loop or comprehension variable of a per-element clip
    ref: StmtRef  # the statement; for a discarded clip in a for loop, the loop


@dataclass
class ApplyCall:
    call: ast.Call
    receiver: ast.expr
    ref: StmtRef
    scope: Scope

    @property
    def positional(self) -> list[ast.expr]:
        return self.call.args

    @property
    def zipped(self) -> tuple[ast.expr, ast.expr] | None:
        """`(grads, variables)` of `apply_gradients(zip(grads, variables))` (or `list(zip(...))`)."""
        value = self.pairs_value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "list" and value.args:
            value = value.args[0]
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "zip":
            if len(value.args) == 2 and not value.keywords:
                return value.args[0], value.args[1]
        if isinstance(value, (ast.ListComp, ast.GeneratorExp)):
            return _repaired_zip(value)
        return None

    @property
    def pairs_value(self) -> ast.expr | None:
        """The pairs argument, or what a name passed as it was bound to: `gvs = list(zip(g, v))`
        then `apply_gradients(gvs)`."""
        value = self.grads_and_vars
        if isinstance(value, ast.Name):
            binding = self.scope.lookup(value.id, self.call)
            bound = binding.value if binding is not None and binding.unpack_index is None else None
            if isinstance(bound, ast.Call) and isinstance(bound.func, ast.Name) and bound.func.id in {"zip", "list", "tuple"}:
                return bound
            if isinstance(bound, (ast.ListComp, ast.GeneratorExp)) and _repaired_zip(bound) is not None:
                return bound
        return value

    @property
    def listed_pairs(self) -> list[tuple[ast.expr, ast.expr]]:
        """`[(g, v), ...]` of `apply_gradients([(g, v), ...])`: pairs written out one by one."""
        value = self.grads_and_vars
        if not isinstance(value, (ast.List, ast.Tuple)) or not value.elts:
            return []
        pairs = []
        for element in value.elts:
            if not isinstance(element, ast.Tuple) or len(element.elts) != 2 or any(isinstance(e, ast.Starred) for e in element.elts):
                return []
            pairs.append((element.elts[0], element.elts[1]))
        return pairs

    @property
    def grads_and_vars(self) -> ast.expr | None:
        if self.call.args:
            return self.call.args[0]
        for keyword in self.call.keywords:
            if keyword.arg == "grads_and_vars":
                return keyword.value
        return None


def _repaired_zip(comprehension: ast.ListComp | ast.GeneratorExp) -> tuple[ast.expr, ast.expr] | None:
    """`[(g, v) for g, v in zip(G, V)]` (filtered or not) pairs as `zip(G, V)` does; `[(v, g)
    for g, v in zip(G, V)]` as `zip(V, G)`. The two zipped sequences, in the pairs' order."""
    if len(comprehension.generators) != 1:
        return None
    loop, element = comprehension.generators[0], comprehension.elt
    target, iterable = loop.target, loop.iter
    if not (isinstance(target, ast.Tuple) and isinstance(element, ast.Tuple) and len(target.elts) == len(element.elts) == 2):
        return None
    if not all(isinstance(e, ast.Name) for e in [*target.elts, *element.elts]):
        return None
    if not (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id == "zip" and len(iterable.args) == 2 and not iterable.keywords):
        return None
    first, second = (e.id for e in target.elts)  # type: ignore[attr-defined]
    paired = tuple(e.id for e in element.elts)  # type: ignore[attr-defined]
    if first == second:
        return None
    if paired == (first, second):
        return iterable.args[0], iterable.args[1]
    if paired == (second, first):
        return iterable.args[1], iterable.args[0]
    return None


@dataclass
class OptimizerRef:
    kind: Literal["keras", "user", "conventional"]
    construction: ast.Call | None = None


@dataclass
class ClassInfo:
    node: ast.ClassDef
    bases: list[str | None]
    self_bindings: dict[str, list[Binding]] = field(default_factory=dict)

    def method_at(self, line: int) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The method of the class body holding `line`."""
        return next(
            (item for item in self.node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.lineno <= line <= (item.end_lineno or item.lineno)),
            None,
        )

    @property
    def defines_apply_gradients(self) -> bool:
        return any(
            isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == "apply_gradients"
            for item in self.node.body
        )


@dataclass
class Scope:
    node: ast.Module | ast.FunctionDef | ast.AsyncFunctionDef
    parent: Scope | None
    class_info: ClassInfo | None = None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    tapes: list[Tape] = field(default_factory=list)
    gradient_calls: list[GradientCall] = field(default_factory=list)
    clip_calls: list[ClipCall] = field(default_factory=list)
    apply_calls: list[ApplyCall] = field(default_factory=list)
    tf_gradients_calls: list[tuple[ast.Call, StmtRef]] = field(default_factory=list)
    locals_: set[str] = field(default_factory=set)
    is_tf_function: bool = False  # decorated with @tf.function (or inside such a function)
    # Per-scope tables rules share, computed once when first asked for (see dataflow).
    tables: dict[object, object] = field(default_factory=dict, repr=False, compare=False)
    # Per name: (how many bindings were seen, their positions if in order, else None).
    _positions: dict[str, tuple[int, list[tuple[int, int]] | None]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return getattr(self.node, "name", "<module>")

    def all_bindings(self) -> Iterator[Binding]:
        for bindings in self.bindings.values():
            yield from bindings

    def bind(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.name, []).append(binding)
        self.locals_.add(binding.name)

    def lookup(self, name: str, at: ast.AST | None = None) -> Binding | None:
        """The binding of `name` that is visible at `at`: the latest one before it in this
        scope, else (for a name this scope never binds) the enclosing scope's last one."""
        scope: Scope | None = self
        while scope is not None:
            bindings = scope.bindings.get(name)
            if bindings:
                if scope is self and at is not None:
                    where = (at.lineno, at.col_offset)  # type: ignore[attr-defined]
                    positions = self._ordered_positions(name, bindings)
                    if positions is not None:  # the usual case: a binary search
                        count = bisect.bisect_left(positions, where)
                        return bindings[count - 1] if count else None
                    earlier = [b for b in bindings if b.position < where]
                    return earlier[-1] if earlier else None
                return bindings[-1]
            if name in scope.locals_:
                return None
            scope = scope.parent
        return None

    def _ordered_positions(self, name: str, bindings: list[Binding]) -> list[tuple[int, int]] | None:
        """The positions of `name`'s bindings when they are in source order (a walrus in
        an assignment's value binds before its target, so they may not be)."""
        cached = self._positions.get(name)
        if cached is None or cached[0] != len(bindings):
            if cached is not None and cached[1] is not None and cached[0] < len(bindings):
                # Bindings only grow (while the model is built): check the new ones alone.
                positions = cached[1]
                for binding in bindings[cached[0] :]:
                    if positions and binding.position < positions[-1]:
                        positions = None
                        break
                    positions.append(binding.position)
            else:
                positions = [b.position for b in bindings]
                if not all(a <= b for a, b in zip(positions, positions[1:])):
                    positions = None
            cached = self._positions[name] = (len(bindings), positions)
        return cached[1]

    def bindings_within(self, name: str, node: ast.AST) -> list[Binding]:
        """The bindings of `name` placed inside `node`'s source span (its header included)."""
        return self._bindings_from_to(name, (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset), inclusive=True)  # type: ignore[attr-defined]

    def bindings_between(self, name: str, start: ast.AST, end: ast.AST) -> list[Binding]:
        """The bindings of `name` placed after `start` begins and before `end` begins."""
        return self._bindings_from_to(name, (start.lineno, start.col_offset), (end.lineno, end.col_offset), inclusive=False)  # type: ignore[attr-defined]

    def _bindings_from_to(self, name: str, low: tuple[int, int], high: tuple[int, int], inclusive: bool) -> list[Binding]:
        bindings = self.bindings.get(name, [])
        positions = self._ordered_positions(name, bindings)
        if positions is not None:
            first = (bisect.bisect_left if inclusive else bisect.bisect_right)(positions, low)
            return bindings[first : (bisect.bisect_right if inclusive else bisect.bisect_left)(positions, high)]
        if inclusive:
            return [b for b in bindings if low <= b.position <= high]
        return [b for b in bindings if low < b.position < high]


class FileModel:
    """Everything the rules know about one file."""

    def __init__(self, tree: ast.Module, text: str | None = None, *, project: Project | None = None, path: Path | None = None) -> None:
        self.tree = tree
        # Other files of the checked tree, for functions imported from them, and this file's path.
        self.project, self.path = project, path
        self.dependencies: set[Path] = set()  # files whose functions the findings depend on
        # Lines that mention a gradient API; only their statements' expressions are walked.
        self.interesting_lines: set[int] | None = _interesting_lines(text) if text is not None else None
        self.imports = ImportTable()
        self.classes: dict[str, ClassInfo] = {}
        self.scopes: list[Scope] = []
        self._gradient_by_call: dict[int, GradientCall] = {}
        self._loads: dict[tuple[int, str], list[ast.Name]] = {}
        self._refs: dict[int, StmtRef] = {}  # id(statement) -> where it sits
        self._contents: dict[int, _Contents] = {}
        self._optimizer_names: dict[int, list[str]] = {}
        self._optimizer_bindings: dict[int, list[Binding]] = {}
        self._tf1_file: bool | None = None
        self._summaries: dict[int, tuple[Scope | None, list[ast.Return]]] = {}
        self._injected: dict[tuple[int, str], OptimizerRef | None] = {}
        self._forward: dict[int, frozenset[str]] = {}
        self._numpy_parameters: dict[int, list[str]] = {}
        self._call_sites: dict[str, list[tuple[ast.Call, Scope]]] = {}
        self._flows: dict[object, object] = {}  # summaries of functions for values through helpers
        self._searches = 0  # searches of the whole text for a pattern (see `_lines_matching`)
        self.lines = physical_lines(text if text is not None else ast.unparse(tree))
        _Builder(self).build()

    def release(self) -> None:
        """Drop everything the model holds, once its file is checked. Scopes and the calls,
        tapes and tables they hold point at each other: left as they are, the model and the
        whole syntax tree under it wait for a pass of the garbage collector over every node
        (a tenth of a check); without those cycles they are freed at once."""
        for scope in self.scopes:
            scope.__dict__.clear()
        self.__dict__.clear()

    # -- queries shared by rules ------------------------------------------------------------

    @property
    def tf1_file(self) -> bool:
        """Is this TF1-style graph code: eager execution turned off, `tensorflow.compat.v1`
        imported as the TensorFlow module or APIs only TensorFlow 1 has used as `tf.<api>`
        (without eager execution turned on), or sessions, placeholders, Estimator specs or a
        graph-mode test session used anywhere? Computed once per file."""
        if self._tf1_file is None:
            compat_v1 = any(bound == "tensorflow.compat.v1" for bound in self.imports.aliases.values())
            # Substring tests first: the patterns start with `\b`, tried at every position.
            marked = any(word in self._text for word in _TF1_WORDS)
            tf = self.imports.alias_of("tensorflow")
            tf1_only = tf is not None and any(f"{tf}.{api}" in self._text for api in _TF1_ONLY_APIS)
            if not (marked or compat_v1 or tf1_only):
                self._tf1_file = False
            else:
                code = "\n".join(line.split("#", 1)[0] for line in self.lines)
                eager_on = ("enable_eager_execution" in code or "enable_v2_behavior" in code) and _EAGER_ON.search(code)
                tf1_only = tf1_only and any(_reached_as(code, f"{tf}.{api}") for api in _TF1_ONLY_APIS)
                self._tf1_file = (marked and _tf1_marked(code)) or ((compat_v1 or tf1_only) and not eager_on)
        return self._tf1_file

    def graph_code(self, scope: Scope, ref: StmtRef | None = None) -> bool:
        """Does the code of `scope` (at `ref`) build a graph rather than run eagerly: a TF1
        file, an Estimator `model_fn(features, labels, mode)` (or a function inside one), a
        `with graph.as_default():` or `with tf.compat.v1.Session():` block?"""
        if self.tf1_file:
            return True
        if ref is not None and (ref.inside_with_call("as_default") or ref.inside_with_call("Session")):
            return True
        search: Scope | None = scope
        while search is not None:
            if _is_model_fn(search.node):
                return True
            search = search.parent
        return False

    def on_interesting_lines(self, node: ast.AST) -> bool:
        """Does one of `node`'s lines mention a gradient API (always, without the text)?"""
        lines = self.interesting_lines
        if lines is None:
            return True
        first = node.lineno  # type: ignore[attr-defined]
        last = node.end_lineno or first  # type: ignore[attr-defined]
        return first in lines if first == last else not lines.isdisjoint(range(first, last + 1))

    def gradient_calls(self) -> Iterator[GradientCall]:
        for scope in self.scopes:
            yield from scope.gradient_calls

    def apply_calls(self) -> Iterator[ApplyCall]:
        for scope in self.scopes:
            yield from scope.apply_calls

    def tapes(self) -> Iterator[tuple[Scope, Tape]]:
        for scope in self.scopes:
            for tape in scope.tapes:
                yield scope, tape

    def gradient_calls_on(self, scope: Scope, tape: Tape) -> list[GradientCall]:
        """`scope`'s gradient calls on `tape`, in order (grouped once per scope)."""
        key = "gradient calls by tape"
        table = scope.tables.get(key)
        if table is None:
            table = scope.tables[key] = {}
            for gradient in scope.gradient_calls:
                table.setdefault(id(gradient.tape), []).append(gradient)  # type: ignore[attr-defined]
        return table.get(id(tape), [])  # type: ignore[attr-defined]

    def tape_blocks(self, scope: Scope) -> set[int]:
        """`id` of each with-statement opening one of `scope`'s tapes."""
        key = "tape blocks"
        found = scope.tables.get(key)
        if found is None:
            found = scope.tables[key] = {id(tape.with_stmt) for tape in scope.tapes}
        return found  # type: ignore[return-value]

    def loads(self, scope: Scope, name: str) -> list[ast.Name]:
        """Places in `scope`'s code (nested functions included) where `name` is read.

        Found by a regular expression over the scope's text, not a tree walk: that is ~50x
        cheaper, and a match inside a comment or string only makes callers more careful.
        """
        key = (id(scope), name)
        found = self._loads.get(key)
        if found is None:
            found = []
            first = getattr(scope.node, "lineno", 1)
            last = getattr(scope.node, "end_lineno", None) or len(self.lines)
            text, starts = self._text, self._line_offsets
            word = re.escape(name)  # the name first: the search skips ahead as `str.find` does
            pattern = re.compile(rf"{word}(?<![\w.]{word})\b(?!\s*=[^=])")
            end = starts[last] if last < len(starts) else len(text)
            for match in pattern.finditer(text, starts[first - 1], end):
                number = bisect.bisect_right(starts, match.start())
                column = len(text[starts[number - 1] : match.start()].encode("utf-8"))
                found.append(ast.Name(name, ast.Load(), lineno=number, col_offset=column))
            self._loads[key] = found
        return found

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of the text (identifiers as `ast` spells them, and more: comments,
        strings): a name not among them is used nowhere in the file."""
        text = self._text
        words = set(re.findall(r"\w+", text))
        if not text.isascii():  # `ast` normalizes identifiers (NFKC): `ｔａｐｅ` is `tape`
            words |= {unicodedata.normalize("NFKC", word) for word in words}
        return frozenset(words)

    def spells(self, word: str) -> bool:
        """Is `word` a word of the text (an identifier, or in a comment or a string)? A name
        the text does not spell is used nowhere in the file. One search per word asked."""
        if not self._ascii:
            return word in self.words
        return bool(self._lines_matching(_word(word)))

    def names_used(self, within: ast.AST | None = None) -> frozenset[str]:
        """Every name `within` (default: the file) mentions: names, parameters and attribute
        names. One walk per node asked about, however many fixes need a fresh name."""
        return self._contents_of(within).names

    def uses_name(self, name: str, within: ast.AST | None = None) -> bool:
        """Is `name` among `names_used(within)`? Asked of the whole file, only the top-level
        statements on the lines spelling it are walked (once each), not every node."""
        if not self.spells(name):
            return False  # no word of the text: used nowhere
        if within is self.tree:
            within = None
        if within is not None and not self._spelled_over(name, within):
            return False  # no word of its lines
        if within is not None or not self._ascii:
            return name in self.names_used(within)
        key = ("uses name", name)
        found = self._flows.get(key)
        if found is None:  # asked again for each finding's fresh name: answered once
            holders = {id(stmt): stmt for line in self._lines_matching(_word(name)) for stmt in self._top_levels_at(line)}
            found = self._flows[key] = any(name in self.names_used(stmt) for stmt in holders.values())
        return found  # type: ignore[return-value]

    def calls_in(self, within: ast.AST | None = None) -> list[ast.Call]:
        """Every call `within` (default: the file) makes, nested functions included."""
        return self._contents_of(within).calls

    def _contents_of(self, within: ast.AST | None) -> _Contents:
        node = within if within is not None else self.tree
        found = self._contents.get(id(node))
        if found is None:
            found = self._contents[id(node)] = _contents(node)
        return found

    def ref_of(self, stmt: ast.stmt) -> StmtRef | None:
        """The block holding `stmt` and its place there (any statement of the file)."""
        return self._refs.get(id(stmt))

    def load_positions(self, scope: Scope, name: str) -> list[tuple[int, int]]:
        """`(line, column)` of each of `loads(scope, name)`, in source order."""
        key = ("load positions", name)
        found = scope.tables.get(key)
        if found is None:
            found = scope.tables[key] = [(n.lineno, n.col_offset) for n in self.loads(scope, name)]
        return found  # type: ignore[return-value]

    def gradient_call_of(self, call: ast.AST) -> GradientCall | None:
        return self._gradient_by_call.get(id(call))

    def gradient_origin(self, expr: ast.expr, scope: Scope, at: ast.AST, depth: int = 0) -> GradientCall | None:
        """The `tape.gradient` call whose result `expr` is, seen through rebinding, clipping,
        loss-scale unscaling and element-wise comprehensions (which keep order and structure)."""
        if depth > 8:
            return None
        if isinstance(expr, ast.Call):
            found = self.gradient_call_of(expr)
            if found is not None:
                return found
            if isinstance(expr.func, ast.Attribute) and expr.func.attr == "get_unscaled_gradients" and expr.args:
                return self.gradient_origin(expr.args[0], scope, at, depth + 1)
            if self.imports.call_name(expr) in CLIP_FUNCTIONS and expr.args:
                return self.gradient_origin(expr.args[0], scope, at, depth + 1)
            return self.returned_gradient(expr, scope, None, depth + 1)
        if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Call):
            # tf.clip_by_global_norm(grads, n)[0]
            if self.imports.call_name(expr.value) == "tensorflow.clip_by_global_norm":
                return self.gradient_origin(expr.value, scope, at, depth + 1)
            return None
        if isinstance(expr, ast.ListComp) and len(expr.generators) == 1:
            return self.gradient_origin(expr.generators[0].iter, scope, at, depth + 1)
        if isinstance(expr, ast.Name):
            binding = scope.lookup(expr.id, at)
            if binding is None or binding.value is None:
                return None
            value = binding.value
            if binding.unpack_index is not None:
                # `grads, norm = tf.clip_by_global_norm(grads, 1.0)`: element 0 is the gradients.
                if binding.unpack_index == 0 and self.imports.call_name(value) == "tensorflow.clip_by_global_norm":
                    return self.gradient_origin(value, scope, binding.node, depth + 1)
                if isinstance(value, ast.Call):
                    # `loss, grads = compute(model, x)`: element `unpack_index` of what it returns.
                    return self.returned_gradient(value, scope, binding.unpack_index, depth + 1)
                return None
            return self.gradient_origin(value, scope, binding.node, depth + 1)
        return None

    def callee(self, call: ast.Call, scope: Scope) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The function defined in the file that `call` runs: `helper(...)` bound by a `def`,
        or `self.method(...)` of the enclosing class."""
        func = call.func
        if isinstance(func, ast.Name):
            binding = scope.lookup(func.id, call)
            if binding is None or binding.kind != "def" or not isinstance(binding.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return None
            if binding.ref is not None and any(isinstance(p, ast.ClassDef) for p in binding.ref.parents):
                return self._plain_function(func.id, scope)  # class bodies bind their methods' names too
            return binding.node
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self" and scope.class_info is not None:
            for item in scope.class_info.node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == func.attr:
                    return item
        return None

    def arguments_for(self, scope: Scope, parameter: str) -> list[tuple[ast.expr, Scope, ast.Call]] | None:
        """What every call of `scope`'s function in the file passes for `parameter`, with the
        caller's scope and the call: `helper(...)` for a plain function, `self.method(...)`
        from the class's own methods for a method. None if it is never called, or some call
        does not plainly pass it (a default, `*args`)."""
        key = ("arguments for", parameter)
        if key in scope.tables:
            return scope.tables[key]  # type: ignore[return-value]
        scope.tables[key] = found = self._arguments_for(scope, parameter)
        return found

    def _arguments_for(self, scope: Scope, parameter: str) -> list[tuple[ast.expr, Scope, ast.Call]] | None:
        function = scope.node
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or function.decorator_list:
            return None
        info = scope.class_info
        method = info is not None and any(item is function for item in info.node.body)
        if method:
            assert info is not None
            sites = [
                (call, caller)
                for caller in self.scopes[1:]
                if caller.class_info is info
                for call, _ in self.scope_calls(caller, function.name)
                if isinstance(call.func, ast.Attribute) and call.func.attr == function.name
                and isinstance(call.func.value, ast.Name) and call.func.value.id == "self"
            ]
        elif scope.class_info is None:
            sites = self.call_sites(function.name)
        else:
            return None
        found = []
        for call, caller in sites:
            argument = (arguments_by_parameter(function, call, bound=method) or {}).get(parameter)
            if argument is None:
                return None
            found.append((argument, caller, call))
        return found or None

    def returned_gradient(self, call: ast.Call, scope: Scope, index: int | None, depth: int = 0) -> GradientCall | None:
        """The `tape.gradient` call whose result a function defined in the file returns (element
        `index` of a returned tuple): `loss, grads = compute(model, x)`, `self.gradients(x)`."""
        function = self.callee(call, scope)
        if function is None:
            return None
        callee, returns = self.function_summary(function)
        valued = [r for r in returns if r.value is not None]
        if callee is None or len(valued) != 1:
            return None
        value: ast.expr | None = valued[0].value
        if index is not None:
            if not isinstance(value, (ast.Tuple, ast.List)) or index >= len(value.elts) or any(isinstance(e, ast.Starred) for e in value.elts):
                return None
            value = value.elts[index]
        return self.gradient_origin(value, callee, valued[0], depth + 1) if value is not None else None

    def applied_to(self, gradient: GradientCall) -> ast.expr | None:
        """The variables `apply_gradients(zip(grads, variables))` pairs this gradient call's
        result with, when its result is one name zipped that way in the same scope."""
        stmt = gradient.ref.stmt
        if not (isinstance(stmt, ast.Assign) and stmt.value is gradient.call and len(stmt.targets) == 1):
            return None
        target = stmt.targets[0]
        if not isinstance(target, ast.Name):
            return None
        scope = gradient.scope
        applies = self._applies_zipping(scope).get(target.id)
        if not applies:
            return None
        ours = (target.lineno, target.col_offset)
        in_order = scope._ordered_positions(target.id, scope.bindings.get(target.id, [])) is not None
        # Only calls after the assignment can see it.
        for _, apply, variables in applies[bisect.bisect_right(applies, ours, key=lambda item: item[0]) :]:
            binding = scope.lookup(target.id, apply.call)
            if binding is not None and binding.value is gradient.call:
                return variables
            if in_order and binding is not None and binding.position > ours:
                break  # rebound since: every later call sees that binding or a later one
        return None

    def _applies_zipping(self, scope: Scope) -> dict[str, list[tuple[tuple[int, int], ApplyCall, ast.expr]]]:
        """`scope`'s `apply_gradients(zip(<name>, variables))` calls by name, by position."""
        key = "applies zipping"
        table = scope.tables.get(key)
        if table is None:
            found: dict[str, list[tuple[tuple[int, int], ApplyCall, ast.expr]]] = {}
            for apply in scope.apply_calls:
                pair = apply.zipped
                if pair is not None and isinstance(pair[0], ast.Name):
                    position = (apply.call.lineno, apply.call.col_offset)
                    found.setdefault(pair[0].id, []).append((position, apply, pair[1]))
            for entries in found.values():
                entries.sort(key=lambda item: item[0])  # stable: nested calls keep walk order
            table = scope.tables[key] = found
        return table  # type: ignore[return-value]

    # -- (gradient, variable) pairs taken apart: `grads, variables = zip(*grads_and_vars)` -------

    @cached_property
    def _pair_halves(self) -> dict[int, tuple[int, Binding] | None]:
        return {}

    def unzipped_half(self, binding: Binding, scope: Scope) -> tuple[int, Binding] | None:
        """Which half of a list of (gradient, variable) pairs `binding` holds (0: the
        gradients, 1: the variables) and the binding of the pairs it was taken from:
        `grads, variables = zip(*grads_and_vars)` (or `list(zip(*...))`), `grads = [g for g, _
        in grads_and_vars]`, `[gv[0] for gv in grads_and_vars]`. Only pairs that are a
        `compute_gradients` result, a `zip`/`list(zip(...))` of two lists, or a parameter
        named for gradients.
        Computed once per binding."""
        key = id(binding)
        if key in self._pair_halves:
            return self._pair_halves[key]
        found: tuple[int, Binding] | None = None
        value = binding.value
        pairs: ast.expr | None = None
        index: int | None = None
        if value is not None and binding.unpack_index is not None and len(binding.unpack_names) == 2:
            inner = value
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in {"list", "tuple"} and len(inner.args) == 1:
                inner = inner.args[0]
            elif isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == "map" and len(inner.args) == 2:
                inner = inner.args[1]  # `map(list, zip(*pairs))`
            if (
                isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == "zip"
                and len(inner.args) == 1 and isinstance(inner.args[0], ast.Starred) and not inner.keywords
            ):
                pairs, index = inner.args[0].value, binding.unpack_index
        elif binding.unpack_index is None and value is not None:
            pairs, index = _comprehension_half(value)
        if isinstance(pairs, ast.Name) and index is not None:
            source = scope.lookup(pairs.id, binding.node)
            if source is not None and self.is_gradient_pairs(source):
                found = (index, source)
        elif isinstance(pairs, ast.Call) and index is not None and isinstance(pairs.func, ast.Attribute) and pairs.func.attr == "compute_gradients":
            # `grads, variables = zip(*optimizer.compute_gradients(loss))`: both halves share one
            # stand-in binding for the unnamed pairs.
            stand_in = self._pair_halves.get(id(pairs))
            if stand_in is None:
                stand_in = Binding("<pairs>", "assign", pairs, pairs, ref=binding.ref)
                self._pair_halves[id(pairs)] = (-1, stand_in)
            else:
                stand_in = stand_in[1]  # type: ignore[assignment]
            found = (index, stand_in)  # type: ignore[assignment]
        self._pair_halves[key] = found
        return found

    def comprehension_half(self, value: ast.expr, scope: Scope, at: ast.AST) -> tuple[int, Binding] | None:
        """`unzipped_half` of an unnamed comprehension, `[g for g, _ in grads_and_vars]`
        written straight into a call."""
        pairs, index = _comprehension_half(value)
        if not isinstance(pairs, ast.Name) or index is None:
            return None
        source = scope.lookup(pairs.id, at)
        return (index, source) if source is not None and self.is_gradient_pairs(source) else None

    def tf_gradients_origin(self, expr: ast.expr, scope: Scope, at: ast.AST, depth: int = 0) -> ast.Call | None:
        """The `tf.gradients(ys, xs)` call whose result `expr` is, seen through rebinding and
        clipping (`clipped, _ = tf.clip_by_global_norm(grads, 5.0)`)."""
        if depth > 8:
            return None
        if isinstance(expr, ast.Call):
            name = self.imports.call_name(expr)
            if name == "tensorflow.gradients":
                return expr
            if name in CLIP_FUNCTIONS and expr.args:
                return self.tf_gradients_origin(expr.args[0], scope, at, depth + 1)
            return None
        if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Call):
            if self.imports.call_name(expr.value) == "tensorflow.clip_by_global_norm":
                return self.tf_gradients_origin(expr.value, scope, at, depth + 1)
            return None
        if isinstance(expr, ast.ListComp) and len(expr.generators) == 1 and isinstance(expr.elt, ast.Call):
            if self.imports.call_name(expr.elt) in CLIP_FUNCTIONS:
                return self.tf_gradients_origin(expr.generators[0].iter, scope, at, depth + 1)
            return None
        if not isinstance(expr, ast.Name):
            return None
        binding = scope.lookup(expr.id, at)
        if binding is None or binding.value is None:
            return None
        if binding.unpack_index is not None:
            if binding.unpack_index == 0 and self.imports.call_name(binding.value) == "tensorflow.clip_by_global_norm":
                return self.tf_gradients_origin(binding.value, scope, binding.node, depth + 1)
            return None
        return self.tf_gradients_origin(binding.value, scope, binding.node, depth + 1)

    def is_gradient_pairs(self, binding: Binding) -> bool:
        """Is `binding` a list of (gradient, variable) pairs: `opt.compute_gradients(...)`,
        `zip(grads, variables)` / `list(zip(...))`, or a parameter named for them?"""
        if binding.kind == "param":
            return "grad" in binding.name.lower()  # `grads_and_vars`: pairs handed in
        value = binding.value
        if binding.unpack_index is not None or not isinstance(value, ast.Call):
            return False
        if isinstance(value.func, ast.Attribute) and value.func.attr == "compute_gradients":
            return True
        if isinstance(value.func, ast.Name) and value.func.id == "list" and len(value.args) == 1 and isinstance(value.args[0], ast.Call):
            value = value.args[0]
        return isinstance(value.func, ast.Name) and value.func.id == "zip" and len(value.args) == 2 and not value.keywords

    def pair_half(self, expr: ast.expr, scope: Scope, at: ast.AST, depth: int = 0) -> tuple[int, Binding] | None:
        """`unzipped_half` of what `expr` is, seen through rebinding and clipping
        (`clipped, _ = tf.clip_by_global_norm(grads, 5.0)` is still the gradients' half)."""
        if depth > 8:
            return None
        if isinstance(expr, ast.Call) and self.imports.call_name(expr) in CLIP_FUNCTIONS and expr.args:
            return self.pair_half(expr.args[0], scope, at, depth + 1)
        if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Call):
            if self.imports.call_name(expr.value) == "tensorflow.clip_by_global_norm":
                return self.pair_half(expr.value, scope, at, depth + 1)
            return None
        if isinstance(expr, ast.ListComp) and len(expr.generators) == 1 and isinstance(expr.elt, ast.Call):
            if self.imports.call_name(expr.elt) in CLIP_FUNCTIONS:
                return self.pair_half(expr.generators[0].iter, scope, at, depth + 1)
            return None
        if not isinstance(expr, ast.Name):
            return None
        binding = scope.lookup(expr.id, at)
        if binding is None:
            return None
        half = self.unzipped_half(binding, scope)
        if half is not None:
            return half
        value = binding.value
        if value is None:
            return None
        if binding.unpack_index is not None:
            if binding.unpack_index == 0 and self.imports.call_name(value) == "tensorflow.clip_by_global_norm":
                return self.pair_half(value, scope, binding.node, depth + 1)
            return None
        return self.pair_half(value, scope, binding.node, depth + 1)

    def optimizer_of(self, receiver: ast.expr, scope: Scope, at: ast.AST) -> OptimizerRef | None:
        """What `receiver` of `receiver.apply_gradients(...)` is, as far as the file says."""
        if isinstance(receiver, ast.Call):
            return self.optimizer_from_value(receiver)
        if isinstance(receiver, ast.Name):
            binding = scope.lookup(receiver.id, at)
            if binding is not None and isinstance(binding.value, ast.Call):
                returned = self.returned_optimizer(binding.value, scope, binding.unpack_index)
                if returned is not None:
                    return returned
            if binding is not None and binding.value is not None and binding.unpack_index is None:
                return self.optimizer_from_value(binding.value)
            if binding is None or binding.kind == "param":
                return self._by_convention(receiver.id)
            return None
        if isinstance(receiver, ast.Attribute):
            owner = receiver.value
            if isinstance(owner, ast.Name) and owner.id == "self" and scope.class_info is not None:
                bindings = scope.class_info.self_bindings.get(receiver.attr)
                if bindings:
                    # (`self.opt = None`, a placeholder or the other branch, says nothing)
                    values = [b.value for b in bindings if b.value is not None and not _is_none(b.value)]
                    if values:
                        return self.optimizer_from_value(values[-1]) or self.injected_optimizer(scope.class_info, receiver.attr)
                    return None
            if receiver.attr == "optimizer":
                return OptimizerRef("conventional")  # a compiled Keras model's optimizer
            return self._by_convention(receiver.attr)
        return None

    def function_summary(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[Scope | None, list[ast.Return]]:
        """A function defined in the file: its scope and its `return` statements (not those
        of functions nested in it). Computed once per function."""
        key = id(function)
        summary = self._summaries.get(key)
        if summary is None:
            scope = next((s for s in self.scopes if s.node is function), None)
            returns: list[ast.Return] = []
            stack: list[ast.AST] = list(function.body)
            while stack:
                node = stack.pop()
                if isinstance(node, ast.Return):
                    returns.append(node)
                elif isinstance(node, ast.stmt) and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    stack.extend(child for child in children(node) if isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)))
                elif isinstance(node, (ast.excepthandler, ast.match_case)):
                    stack.extend(node.body)
            summary = (scope, returns)
            self._summaries[key] = summary
        return summary

    def returned_optimizer(self, call: ast.Call, scope: Scope, index: int | None) -> OptimizerRef | None:
        """The optimizer a call to a function defined in the file (or imported from another
        file of the project) returns, element `index` of a returned tuple:
        `model, optimizer = build()`."""
        if not isinstance(call.func, ast.Name):
            return self._imported_returned_optimizer(call, scope, index)
        binding = scope.lookup(call.func.id, call)
        if binding is not None and binding.kind == "import":
            return self._imported_returned_optimizer(call, scope, index)
        if binding is None or binding.kind != "def" or not isinstance(binding.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        return self.optimizer_returned_by(binding.node, index)

    def _imported_returned_optimizer(self, call: ast.Call, scope: Scope, index: int | None) -> OptimizerRef | None:
        found = self.imported_function(call, scope)
        return found[0].optimizer_returned_by(found[1], index) if found is not None else None

    def optimizer_returned_by(self, function: ast.FunctionDef | ast.AsyncFunctionDef, index: int | None) -> OptimizerRef | None:
        callee, returns = self.function_summary(function)
        if callee is None or not returns or any(r.value is None for r in returns):
            return None
        if len(returns) > 1:
            # a factory choosing among optimizers (`get_optimizer(cfg)`): every return builds one
            refs = [self._returned_value_optimizer(callee, r, None) for r in returns] if index is None else [None]
            return refs[0] if all(r is not None and r.kind == "keras" for r in refs) else None
        return self._returned_value_optimizer(callee, returns[0], index)

    def _returned_value_optimizer(self, callee: Scope, returned: ast.Return, index: int | None) -> OptimizerRef | None:
        value: ast.expr | None = returned.value
        returns = [returned]
        if index is not None:
            if not isinstance(value, (ast.Tuple, ast.List)) or index >= len(value.elts):
                return None
            value = value.elts[index]
        if isinstance(value, ast.Name):
            inner = callee.lookup(value.id, returns[0])
            value = inner.value if inner is not None and inner.unpack_index is None else None
        return self.optimizer_from_value(value) if value is not None else None

    def optimizers_visible(self, scope: Scope) -> list[str]:
        """Source expressions naming the optimizers usable in `scope`, innermost first:
        names bound to an optimizer, `self.<attr>` set to one, parameters named like one."""
        found: list[str] = []
        search: Scope | None = scope
        while search is not None:
            # Each scope's own names are worked out once, however many scopes see them.
            found.extend(self._optimizer_names_bound(search, with_parameters=search is scope))
            search = search.parent
        if scope.class_info is not None:
            if any(base is not None and _is_keras_model(base) for base in scope.class_info.bases):
                found.append("self.optimizer")  # set by `compile()`
            for attr, bindings in scope.class_info.self_bindings.items():
                values = [b.value for b in bindings if b.value is not None and not _is_none(b.value)]
                ref = self.optimizer_from_value(values[-1]) if values else None
                if (ref is not None and ref.kind == "keras") or (ref is None and self.injected_optimizer(scope.class_info, attr)):
                    found.append(f"self.{attr}")
        return list(dict.fromkeys(found))

    def _optimizer_names_bound(self, scope: Scope, with_parameters: bool) -> list[str]:
        """Names `scope` last binds to a Keras optimizer (and, `with_parameters`, its
        parameters named like one), in binding order."""
        key = id(scope) * 2 + with_parameters
        found = self._optimizer_names.get(key)
        if found is None:
            found = []
            for name, bindings in scope.bindings.items():
                last = bindings[-1]
                if isinstance(last.value, ast.Call) and last.kind == "assign":
                    returned = self.returned_optimizer(last.value, scope, last.unpack_index)
                    if returned is not None and returned.kind == "keras":
                        found.append(name)
                        continue
                if last.value is not None and last.unpack_index is None:
                    ref = self.optimizer_from_value(last.value)
                    if ref is not None and ref.kind == "keras":
                        found.append(name)
                elif last.kind == "param" and with_parameters and self._by_convention(name):
                    found.append(name)
            self._optimizer_names[key] = found
        return found

    def optimizer_bindings(self, scope: Scope) -> list[Binding]:
        """`scope`'s bindings whose value constructs an optimizer (of any kind), by position."""
        found = self._optimizer_bindings.get(id(scope))
        if found is None:
            found = sorted(
                (b for b in scope.all_bindings() if b.value is not None and self.optimizer_from_value(b.value) is not None),
                key=lambda b: b.position,
            )
            self._optimizer_bindings[id(scope)] = found
        return found

    def call_sites(self, name: str) -> list[tuple[ast.Call, Scope]]:
        """Calls `name(...)` anywhere in the file (in source order), each with the scope it
        runs in. Only the top-level statements whose lines spell `name` are walked."""
        found = self._call_sites.get(name)
        if found is None:
            calls = sorted(
                (c for root in self._statements_matching(_call_of(name)) for c in self._calls_by_name(root).get(name, ())),
                key=lambda c: (c.lineno, c.col_offset),
            )
            found = self._call_sites[name] = [(call, self._function_at(call.lineno)) for call in calls]
        return found

    def _calls_by_name(self, root: ast.AST) -> dict[str, list[ast.Call]]:
        """The calls `name(...)` under `root`, by `name` (once per statement asked about)."""
        key = ("calls by name", id(root))
        table = self._flows.get(key)
        if table is None:
            table = self._flows[key] = {}
            for call in self.calls_in(root):
                if isinstance(call.func, ast.Name):
                    table.setdefault(call.func.id, []).append(call)  # type: ignore[attr-defined]
        return table  # type: ignore[return-value]

    def _statements_matching(self, pattern: re.Pattern[str], accept: Callable[[str, re.Match[str]], bool] | None = None) -> list[ast.AST]:
        """The top-level statements holding a match of `pattern` (that `accept` accepts), in
        order; the whole module for a text that is not ASCII (`ast` normalizes identifiers,
        so a name may be spelled otherwise). Finding what is looked for, and more, is enough."""
        if not self._ascii:
            return [self.tree]
        found: dict[int, ast.AST] = {}
        for number in self._lines_matching(pattern, accept):
            for stmt in self._top_levels_at(number):
                found[id(stmt)] = stmt
        return sorted(found.values(), key=lambda stmt: stmt.lineno)  # type: ignore[attr-defined]

    def spelled_within(self, word: str, node: ast.AST) -> bool:
        """Does a line of `node` hold `word` (always True for a text that is not ASCII)?"""
        if not self._ascii:
            return True
        lines = self._lines_matching(_word(word))
        first = getattr(node, "lineno", 1)
        index = bisect.bisect_left(lines, first)
        return index < len(lines) and lines[index] <= (getattr(node, "end_lineno", None) or len(self.lines))

    def _spelled_over(self, word: str, node: ast.AST) -> bool:
        """`spelled_within`, counting a function's or class's decorators as its lines."""
        decorators = getattr(node, "decorator_list", None)
        if decorators and self._ascii:
            lines = self._lines_matching(_word(word))
            first = min(node.lineno, *(d.lineno for d in decorators))  # type: ignore[attr-defined]
            index = bisect.bisect_left(lines, first)
            return index < len(lines) and lines[index] <= (node.end_lineno or node.lineno)  # type: ignore[attr-defined]
        return self.spelled_within(word, node)

    def _lines_matching(self, pattern: re.Pattern[str], accept: Callable[[str, re.Match[str]], bool] | None = None) -> list[int]:
        """The lines (in order) where a match of `pattern` (that `accept` accepts) starts: one
        search of the text per pattern asked about (a file asks about a few). Patterns start
        with the word sought, so the search skips ahead as fast as `str.find`."""
        key = ("lines matching", pattern, accept)
        found = self._flows.get(key)
        if found is None:
            word = _WORD_OF.get(pattern)
            if word is not None and accept is None and self._searches >= _INDEX_AFTER:
                # A file asking about many names (a long one, as a rule): each search reads
                # the whole text, so the text's words are indexed once instead. A match of
                # these patterns starts with the word: its lines are a superset, enough.
                candidates = self._word_lines.get(word, [])
                if pattern is not _word(word):  # keep the lines where it may match (or go on)
                    lines = self.lines
                    candidates = [n for n in candidates if pattern.search(lines[n - 1]) or lines[n - 1].rstrip().endswith((word, "\\", ",", "("))]
                found = self._flows[key] = candidates
                return found
            self._searches += 1
            text, starts = self._text, self._line_offsets
            matches = pattern.finditer(text) if accept is None else (m for m in pattern.finditer(text) if accept(text, m))
            found = self._flows[key] = sorted({bisect.bisect_right(starts, m.start()) for m in matches})
        return found  # type: ignore[return-value]

    def lines_spelling(self, word: str) -> list[int] | None:
        """The lines (in order) where `word` occurs as a whole word (in code, a comment or a
        string); None for a text that is not ASCII (`ast` normalizes identifiers)."""
        return self._lines_matching(_word(word)) if self._ascii else None

    @cached_property
    def _word_lines(self) -> dict[str, list[int]]:
        """Each word of the text, and the lines (in order) it occurs on."""
        found: dict[str, list[int]] = {}
        for number, line in enumerate(self._text.split("\n"), start=1):
            for word in set(_WORDS.findall(line)):
                found.setdefault(word, []).append(number)
        return found

    @cached_property
    def _text(self) -> str:
        """The text, its lines joined by \\n (whatever their line breaks were)."""
        return "\n".join(self.lines)

    @cached_property
    def _line_offsets(self) -> list[int]:
        """Where each line starts in `_text`."""
        return [0, *(match.end() for match in re.finditer("\n", self._text))]

    @cached_property
    def _top_level_starts(self) -> list[int]:
        """The first line of each top-level statement (its first decorator's, if any)."""
        return [first_line(stmt) for stmt in self.tree.body]

    @cached_property
    def _ascii(self) -> bool:
        return all(line.isascii() for line in self.lines)

    def _function_at(self, line: int) -> Scope:
        """The innermost (latest starting) function whose lines after its `def` hold `line`;
        the module if none does. Function line ranges nest, never cross."""
        starts, functions = self._functions_by_start
        index = bisect.bisect_left(starts, line) - 1  # the latest to start on an earlier line
        # The one sought encloses that one (or is it): climb out until a function holds `line`.
        scope: Scope | None = functions[index] if index >= 0 else None
        while scope is not None and not isinstance(scope.node, ast.Module):
            if line <= (scope.node.end_lineno or 0):
                return scope
            scope = scope.parent
        return self.scopes[0]

    @cached_property
    def _functions_by_start(self) -> tuple[list[int], list[Scope]]:
        functions = sorted((s for s in self.scopes if not isinstance(s.node, ast.Module)), key=lambda s: s.node.lineno)  # type: ignore[union-attr]
        return [s.node.lineno for s in functions], functions  # type: ignore[union-attr]

    def numpy_parameters(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
        """The parameters (in order, `self` dropped) a function defined in the file hands to
        NumPy: `np.log(t)`, `np.clip(t.numpy(), ...)`, `t.numpy()`. Computed once per function."""
        key = id(function)
        found = self._numpy_parameters.get(key)
        if found is not None:
            return found
        arguments = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
        names = set(arguments) | {a.arg for a in function.args.kwonlyargs}
        used: set[str] = set()
        for node in walk(function):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "numpy" and not node.args and not node.keywords:
                arguments_of: list[ast.expr] = [func.value]  # `t.numpy()`, `tf.reduce_sum(m * t).numpy()`
            elif (self.imports.call_name(node) or "").startswith("numpy."):
                arguments_of = [*node.args, *(k.value for k in node.keywords)]
            else:
                continue
            for argument in arguments_of:
                inside = list(walk(argument))
                owners = {id(n.value) for n in inside if isinstance(n, ast.Attribute)}  # `t.shape` is metadata
                used |= {n.id for n in inside if isinstance(n, ast.Name) and id(n) not in owners}
        if used - names:
            # A local computed from a parameter (`weighted = focal(p) * ce` ... `weighted.numpy()`)
            # hands that parameter on to NumPy too.
            from codemods.analysis.dataflow import assigned_names, computes_from, flatten, value_of  # noqa: PLC0415 - a cycle

            body = [stmt for stmt in flatten(function.body, definitions=False) if assigned_names(stmt)]
            for parameter in names - used:
                derived: set[str] = set()
                for stmt in body:
                    if computes_from(value_of(stmt), {parameter}, derived):
                        derived |= assigned_names(stmt)
                if derived & used:
                    used.add(parameter)
        found = [a if a in used & names else "" for a in arguments if a not in {"self", "cls"}]
        found += [a.arg for a in function.args.kwonlyargs if a.arg in used]
        self._numpy_parameters[key] = found
        return found

    def forward_attributes(self, info: ClassInfo) -> frozenset[str]:
        """Attributes of `self` that run the class's model forward: layers and models built
        in it (or, in a Keras model, handed to it), not frozen with `.trainable = False`, and
        methods that call those, `self(...)` or `self.call(...)` without taking gradients
        themselves. Computed once per class."""
        found = self._forward.get(id(info))
        if found is not None:
            return found
        keras_model = any(base is not None and base.startswith("keras.") for base in info.bases)
        attrs: set[str] = set()
        for attr, bindings in info.self_bindings.items():
            value = bindings[-1].value
            if attr in self._frozen_words:
                continue
            name = self.imports.call_name(value) if isinstance(value, ast.Call) else None
            if name is not None and name.startswith(_FORWARD_CONSTRUCTORS):
                layers = [self.imports.call_name(c) or "" for c in walk(value) if isinstance(c, ast.Call)]
                if not all(_PREPROCESSING.search(layer) for layer in layers if layer.startswith("keras.layers.")) or name.startswith("keras.applications."):
                    attrs.add(attr)
                elif not any(layer.startswith("keras.layers.") for layer in layers):
                    attrs.add(attr)
            elif keras_model and isinstance(value, ast.Name) and _SUBMODEL_NAME.search(attr) and not _FROZEN_NAME.search(attr):
                attrs.add(attr)  # a sub-model handed in: its variables are the Keras model's
        methods = [m for m in info.node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name != "call"]
        calls = {m.name: _self_calls(m) for m in methods}
        changed = True
        while changed:
            changed = False
            for method in methods:
                called, takes_gradients = calls[method.name]
                if method.name not in attrs and not takes_gradients and called & (attrs | {"", "call"}):
                    attrs.add(method.name)
                    changed = True
        found = frozenset(attrs)
        self._forward[id(info)] = found
        return found

    @cached_property
    def _frozen_words(self) -> frozenset[str]:
        """Every `<word>.trainable = False` of the text (one search, not one per attribute)."""
        text = self._text
        words = set()
        for match in _FROZEN.finditer(text):  # starts with a literal: skips ahead like str.find
            word = _WORD_BEFORE.search(text, max(0, match.start() - 200), match.start())
            if word is not None:
                words.add(word.group())
        return frozenset(words)

    def injected_optimizer(self, info: ClassInfo, attr: str) -> OptimizerRef | None:
        """`self.<attr> = optimizer` in a method whose parameter `optimizer` is named (or
        annotated) like one: an optimizer handed in by the caller. Computed once per attribute."""
        key = (id(info), attr)
        if key in self._injected:
            return self._injected[key]
        found: OptimizerRef | None = None
        bindings = info.self_bindings.get(attr, [])
        value = bindings[-1].value if bindings else None
        if isinstance(value, ast.Name):
            line = bindings[-1].node.lineno  # type: ignore[attr-defined]
            for method in info.node.body:
                if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and method.lineno <= line <= (method.end_lineno or line):
                    arguments = [*method.args.posonlyargs, *method.args.args, *method.args.kwonlyargs]
                    argument = next((a for a in arguments if a.arg == value.id), None)
                    annotation = ast.unparse(argument.annotation) if argument is not None and argument.annotation is not None else ""
                    if argument is not None and ("Optimizer" in annotation or self._by_convention(value.id) is not None):
                        found = OptimizerRef("conventional")
        self._injected[key] = found
        return found

    def is_keras_model(self, expr: ast.expr, scope: Scope, at: ast.AST, depth: int = 0) -> bool:
        """Is `expr` known to be a Keras model (whose `predict` returns NumPy)? Built by a Keras
        constructor or `load_model`, an instance of a class in the file deriving from
        `keras.Model`, returned by a helper in the file that builds one, `self` in such a class,
        or a parameter every caller in the file hands one. Unknown objects are not models."""
        if depth > 4:
            return False
        if isinstance(expr, ast.Name) and expr.id == "self":
            return scope.class_info is not None and any(b is not None and _is_keras_model(b) for b in scope.class_info.bases)
        value: ast.expr | None = None
        if isinstance(expr, ast.Call):
            name = self.imports.call_name(expr) or ""
            if name.startswith(_MODEL_CONSTRUCTORS) or name.endswith((".load_model", ".clone_model")):
                return True
            if isinstance(expr.func, ast.Name) and expr.func.id in self.classes:
                return any(b is not None and _is_keras_model(b) for b in self.classes[expr.func.id].bases)
            found = self.resolve_function(expr, scope)
            return found is not None and found[0].returns_keras_model(found[1], depth + 1)
        if isinstance(expr, ast.Name):
            binding = scope.lookup(expr.id, at)
            if binding is None or binding.unpack_index is not None:
                return False
            if binding.kind == "param":
                return self._keras_model_parameter(scope, expr.id, depth)
            value = binding.value
        elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self" and scope.class_info is not None:
            bindings = scope.class_info.self_bindings.get(expr.attr, [])
            values = [b for b in bindings if b.value is not None]
            if values:
                method = _function_holding(scope.class_info.node, values[-1].node)
                owner = (self.scope_of(method) if method is not None else None) or scope
                return self.is_keras_model(values[-1].value, owner, values[-1].node, depth + 1)  # type: ignore[arg-type]
            return False
        return value is not None and self.is_keras_model(value, scope, at, depth + 1)

    def returns_keras_model(self, function: ast.FunctionDef | ast.AsyncFunctionDef, depth: int = 0) -> bool:
        """Does every `return` of `function` (defined in this file) hand back a Keras model?"""
        callee, returns = self.function_summary(function)
        valued = [r for r in returns if r.value is not None]
        return callee is not None and bool(valued) and all(self.is_keras_model(r.value, callee, r, depth) for r in valued)  # type: ignore[arg-type]

    # -- functions imported from other files of the project ----------------------------------

    def top_level_function(self, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The module-level function `name` (the last definition, as Python binds it)."""
        bindings = self.scopes[0].bindings.get(name, []) if self.scopes else []
        defs = [b.node for b in bindings if b.kind == "def" and b.ref is not None and not b.ref.parents]
        node = defs[-1] if defs and bindings[-1].kind == "def" else None
        return node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None

    def imported_function(self, call: ast.Call, scope: Scope) -> tuple[FileModel, ast.FunctionDef | ast.AsyncFunctionDef] | None:
        """The function another file of the project defines that `call` runs:
        `build()` after `from models import build`, or `models.build()` after `import models`."""
        if self.project is None:
            return None
        func = call.func
        if isinstance(func, ast.Name):
            binding = scope.lookup(func.id, call)
            stmt = binding.node if binding is not None and binding.kind == "import" else None
            if not isinstance(stmt, ast.ImportFrom):
                return None
            alias = next((a for a in stmt.names if (a.asname or a.name) == func.id), None)
            if alias is None:
                return None
            found = self._project_function(stmt.module or "", stmt.level, alias.name)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            binding = scope.lookup(func.value.id, call)
            stmt = binding.node if binding is not None and binding.kind == "import" else None
            if not isinstance(stmt, ast.Import):
                return None
            alias = next((a for a in stmt.names if (a.asname or a.name) == func.value.id), None)
            if alias is None or (alias.asname is None and "." in alias.name):
                return None
            found = self._project_function(alias.name, 0, func.attr)
        else:
            return None
        if found is not None and found[0].path is not None:
            self.dependencies.add(found[0].path)
            self.dependencies |= found[0].dependencies
            if self.path is not None:
                self.project.dependencies.setdefault(self.path, set()).update(self.dependencies)
        return found

    def _project_function(self, module: str, level: int, name: str) -> tuple[FileModel, ast.FunctionDef | ast.AsyncFunctionDef] | None:
        """`Project.function` asked once per check for each imported name (`tf.zeros` is
        looked up on disk once, not at every call)."""
        key = ("project function", module, level, name)
        if key not in self._flows:
            self._flows[key] = self.project.function(self.path, module, level, name)  # type: ignore[union-attr]
        return self._flows[key]  # type: ignore[return-value]

    def resolve_function(self, call: ast.Call, scope: Scope) -> tuple[FileModel, ast.FunctionDef | ast.AsyncFunctionDef] | None:
        """The function `call` runs, with the model of the file defining it: this file's
        (`callee`) or another file's of the project (`imported_function`)."""
        function = self.callee(call, scope)
        if function is not None:
            return self, function
        return self.imported_function(call, scope)

    def _keras_model_parameter(self, scope: Scope, parameter: str, depth: int) -> bool:
        function = scope.node
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        positional = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
        sites = self.call_sites(function.name)
        if not sites or parameter not in positional + [a.arg for a in function.args.kwonlyargs]:
            return False
        index = positional.index(parameter) if parameter in positional else None
        for call, where in sites:
            given = next((k.value for k in call.keywords if k.arg == parameter), None)
            if given is None and index is not None and index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
                given = call.args[index]
            if given is None or not self.is_keras_model(given, where, call, depth + 1):
                return False
        return True

    # -- values through helpers defined in the file (one summary per function) -------------

    def scope_calls(self, scope: Scope, spelling: str | tuple[str, ...] | None = None, *, in_loops: bool = False) -> list[tuple[ast.Call, StmtRef]]:
        """Every call `scope`'s own statements make (not those of nested functions), with the
        statement holding it, in source order. Walked once per scope and question.

        Narrower questions walk less: with `spelling` (a word, or words), only the calls of
        statements whose lines spell one of them; with `in_loops`, only calls inside a loop."""
        if spelling is not None and not self._ascii:
            spelling = None  # `ast` normalizes identifiers: a name may be spelled otherwise
        key = ("scope calls", spelling, in_loops)
        found = scope.tables.get(key)
        if found is None:
            everything = scope.tables.get(("scope calls", None, False))
            if in_loops and spelling is None and everything is not None:  # asked already: filter
                found = [(call, ref) for call, ref in everything if ref.loops]  # type: ignore[attr-defined]
            else:
                lines = None if spelling is None else _within(scope, self._lines_spelling_any(spelling))
                found = _calls_of_statements(scope.node.body, self._refs, lines, in_loops=in_loops)
            scope.tables[key] = found
        return found  # type: ignore[return-value]

    def _lines_spelling_any(self, spelling: str | tuple[str, ...]) -> list[int]:
        """`lines_spelling` for a word or for any of several (an ASCII text)."""
        if isinstance(spelling, str):
            return self._lines_matching(_word(spelling))
        key = ("lines spelling any", spelling)
        found = self._flows.get(key)
        if found is None:
            found = self._flows[key] = sorted({line for word in spelling for line in self._lines_matching(_word(word))})
        return found  # type: ignore[return-value]

    def calls_passing(self, scope: Scope, name: str) -> list[tuple[ast.Call, StmtRef]]:
        """The calls of `scope`'s own statements (as `scope_calls`) that pass the bare name
        `name` as an argument (`helper(tape, x)`, `helper(t=tape)`)."""
        key = ("calls passing", name)
        found = scope.tables.get(key)
        if found is None:
            lines = _within(scope, self._lines_matching(_passed(name))) if self._ascii else None
            found = scope.tables[key] = [
                (call, ref)
                for call, ref in _calls_of_statements(scope.node.body, self._refs, lines)
                if any(isinstance(a, ast.Name) and a.id == name for a in [*call.args, *(k.value for k in call.keywords)])
            ]
        return found  # type: ignore[return-value]

    def scope_of(self, function: ast.AST) -> Scope | None:
        """The scope of a function defined in the file (table built once)."""
        table = self._flows.get("scopes by node")
        if table is None:
            table = self._flows["scopes by node"] = {id(s.node): s for s in self.scopes}
        return table.get(id(function))  # type: ignore[attr-defined]

    def argument_for(self, call: ast.Call, function: ast.FunctionDef | ast.AsyncFunctionDef, parameter: str) -> ast.expr | None:
        """The expression `call` passes as `function`'s `parameter` (`self` skipped for a
        `self.method(...)` call); None when it passes none or unpacks `*args`/`**kwargs`."""
        positional = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
        if isinstance(call.func, ast.Attribute) and positional and positional[0] in {"self", "cls"}:
            positional = positional[1:]
        for keyword in call.keywords:
            if keyword.arg == parameter:
                return keyword.value
        if any(isinstance(a, ast.Starred) for a in call.args):
            return None
        if parameter in positional:
            index = positional.index(parameter)
            if index < len(call.args):
                return call.args[index]
        return None

    def _plain_function(self, name: str, scope: Scope) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The last function `name` defined outside any class body, seen from `scope`: a
        plain `train_step(...)` call never runs a class's `train_step` method."""
        search: Scope | None = scope
        while search is not None:
            bindings = search.bindings.get(name)
            if bindings:
                plain = [
                    b for b in bindings
                    if b.kind == "def" and b.ref is not None and not any(isinstance(p, ast.ClassDef) for p in b.ref.parents)
                ]
                node = plain[-1].node if plain else None
                return node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
            search = search.parent
        return None

    def tape_parameters(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
        """Parameters of a function defined in the file that it asks for gradients
        (`def grads_of(tape, loss, v): return tape.gradient(loss, v)`). Once per function."""
        key = ("tape parameters", id(function))
        found = self._flows.get(key)
        if found is None:
            scope = self.scope_of(function)
            names: set[str] = set()
            if scope is not None:
                for gradient in scope.gradient_calls:
                    receiver = gradient.call.func.value if isinstance(gradient.call.func, ast.Attribute) else None
                    if gradient.method in GRADIENT_METHODS and gradient.tape is None and isinstance(receiver, ast.Name):
                        binding = scope.bindings.get(receiver.id)
                        if binding and binding[0].kind == "param" and len(binding) == 1:
                            names.add(receiver.id)
            found = self._flows[key] = frozenset(names)
        return found  # type: ignore[return-value]

    def clipping_helper(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
        """The parameter whose clipped gradients a function defined in the file returns, and
        nothing else: `def clip(grads): return [tf.clip_by_norm(g, 1.0) for g in grads]`,
        `clipped, _ = tf.clip_by_global_norm(grads, n)` then `return clipped`. Once per function."""
        key = ("clipping helper", id(function))
        if key in self._flows:
            return self._flows[key]  # type: ignore[return-value]
        found: str | None = None
        scope, returns = self.function_summary(function)
        if scope is not None and returns and all(r.value is not None for r in returns):
            parameters = {a.arg for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]}
            clipped = [self._clipped_by(scope, r.value) for r in returns]  # type: ignore[arg-type]
            # A helper clipping on some paths (by a config) may hand the gradients back as they
            # are on others: `return grads`.
            names = {
                (c.id if isinstance(c, ast.Name) else None) if c is not None else (r.value.id if isinstance(r.value, ast.Name) else None)
                for r, c in zip(returns, clipped)
            }
            name = names.pop() if len(names) == 1 else None
            if any(c is not None for c in clipped) and name in parameters and len(scope.bindings.get(name, [])) == 1:  # type: ignore[arg-type]
                found = name
        self._flows[key] = found
        return found

    def _clipped_by(self, scope: Scope, value: ast.expr) -> ast.expr | None:
        """What a returned value is the clipped form of: `tf.clip_by_global_norm(grads, n)[0]`,
        `[tf.clip_by_norm(g, n) for g in grads]`, or a name bound once to a clip's result."""
        if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Call):
            call = value.value
            if self.imports.call_name(call) == "tensorflow.clip_by_global_norm" and call.args:
                return call.args[0]
        elif isinstance(value, ast.ListComp) and len(value.generators) == 1 and isinstance(value.generators[0].target, ast.Name):
            element = _guarded(value.elt, value.generators[0].target.id)
            if isinstance(element, ast.Call) and self.imports.call_name(element) in CLIP_FUNCTIONS:
                return value.generators[0].iter
        elif isinstance(value, ast.Name):
            clip = next((c for c in scope.clip_calls if c.result == value.id), None)
            if clip is not None and len(scope.bindings.get(value.id, [])) == 1:
                return clip.clipped
        return None

    def attribute_read(self, name: str) -> bool:
        """Is attribute `name` read anywhere in the file (`x.grads` loaded), or named in a
        string constant (`"grads"`, for `getattr`)? Only the top-level statements where the
        text may read it so are walked."""
        key = ("attribute read", name)
        found = self._flows.get(key)
        if found is None:
            statements = self._statements_matching(_word(name), _read_as_attribute_or_string)
            found = self._flows[key] = any(_reads_attribute(node, name) for stmt in statements for node in walk(stmt))
        return found  # type: ignore[return-value]

    def subscript_of(self, scope: Scope, read: ast.Name) -> ast.Subscript | None:
        """The subscript indexing the name read at `read`'s position (`grads[0]`), if any. The
        statement holding it is walked once, on the first question: the function of a
        function scope, the top-level statement at that line of the module's."""
        holders: list[ast.AST] = [scope.node] if not isinstance(scope.node, ast.Module) else list(self._top_levels_at(read.lineno))
        for holder in holders:
            key = ("subscripted names", id(holder))
            table = self._flows.get(key)
            if table is None:
                table = self._flows[key] = {
                    (node.value.lineno, node.value.col_offset): node for node in walk(holder) if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
                }
            found = table.get((read.lineno, read.col_offset))  # type: ignore[union-attr]
            if found is not None:
                return found  # type: ignore[return-value]
        return None

    def _top_levels_at(self, line: int) -> list[ast.stmt]:
        """The top-level statements whose lines hold `line` (more than one: `a = 1; b = 2`)."""
        found = []
        index = bisect.bisect_right(self._top_level_starts, line) - 1
        while index >= 0 and line <= (self.tree.body[index].end_lineno or self.tree.body[index].lineno):
            found.append(self.tree.body[index])
            index -= 1
        return found

    def applying_receivers(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, list[ApplyCall]]:
        """The `apply_gradients` calls a function defined in the file makes, by receiver as
        written (`optimizer`, `self.optimizer`), for receivers it does not bind itself (a
        parameter, a global, an attribute set elsewhere). Once per function."""
        key = ("applying receivers", id(function))
        found = self._flows.get(key)
        if found is None:
            found = {}
            scope = self.scope_of(function)
            for apply in scope.apply_calls if scope is not None else []:
                receiver = apply.receiver
                if isinstance(receiver, ast.Name):
                    bindings = scope.bindings.get(receiver.id, [])  # type: ignore[union-attr]
                    if all(b.kind == "param" for b in bindings) and len(bindings) <= 1:
                        found.setdefault(receiver.id, []).append(apply)  # type: ignore[attr-defined]
                elif isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id == "self":
                    info = scope.class_info  # type: ignore[union-attr]
                    own = info.self_bindings.get(receiver.attr, []) if info is not None else []
                    if not any(function.lineno <= b.node.lineno <= (function.end_lineno or 0) for b in own):  # type: ignore[attr-defined]
                        found.setdefault(f"self.{receiver.attr}", []).append(apply)  # type: ignore[attr-defined]
            self._flows[key] = found
        return found  # type: ignore[return-value]

    def gradient_helpers_called(self, scope: Scope) -> bool:
        """Does `scope` compute gradients: open a tape, call `tf.gradients`, a
        `compute_gradients`, or a function defined in the file that does (one level)?"""
        key = "computes gradients"
        found = scope.tables.get(key)
        if found is None:
            found = self._computes_gradients_itself(scope)
            if not found:
                for call, _ in self.scope_calls(scope):
                    resolved = self.resolve_function(call, scope)
                    owner = resolved[0] if resolved is not None else self
                    callee = owner.scope_of(resolved[1]) if resolved is not None else None
                    if callee is not None and callee is not scope and owner._computes_gradients_itself(callee):
                        found = True
                        break
            scope.tables[key] = found
        return found  # type: ignore[return-value]

    def _computes_gradients_itself(self, scope: Scope) -> bool:
        if scope.tapes or scope.tf_gradients_calls or any(g.method in GRADIENT_METHODS for g in scope.gradient_calls):
            return True
        for call, _ in self.scope_calls(scope, "compute_gradients"):
            if isinstance(call.func, ast.Attribute) and call.func.attr == "compute_gradients":
                # Eager `compute_gradients` takes a callable; a loss tensor means a TF1 graph,
                # built once by whatever function builds it.
                loss = call.args[0] if call.args else _keyword(call, "loss")
                if isinstance(loss, ast.Lambda):
                    return True
                if isinstance(loss, ast.Name):
                    binding = scope.lookup(loss.id, call)
                    if binding is not None and (binding.kind == "def" or isinstance(binding.value, ast.Lambda)):
                        return True
        return False

    def is_variable(self, value: ast.expr | None) -> bool:
        return isinstance(value, ast.Call) and self.imports.call_name(value) in VARIABLE_CLASSES

    def optimizer_from_value(self, value: ast.expr) -> OptimizerRef | None:
        if not isinstance(value, ast.Call):
            return None
        name = self.imports.call_name(value)
        if name is not None and is_optimizer_class(name):
            return OptimizerRef("keras", value)
        if isinstance(value.func, ast.Name) and value.func.id in self.classes:
            info = self.classes[value.func.id]
            if info.defines_apply_gradients:
                return OptimizerRef("user", value)
            if any(base is not None and is_optimizer_class(base) for base in info.bases):
                return OptimizerRef("keras", value)
        return None

    @cached_property
    def _defines_own_optimizer(self) -> bool:
        return any(info.defines_apply_gradients for info in self.classes.values())

    def _by_convention(self, name: str) -> OptimizerRef | None:
        if not _OPTIMIZER_NAME.search(name):
            return None
        if self._defines_own_optimizer:
            return None  # the file has its own optimizer class; this may be one of those
        return OptimizerRef("conventional")


# Each match must start a word (see `_tf1_marked`): no leading `\b`, which makes a search
# try every position of the text.
_TF1_MARKERS = re.compile(
    r"(?:Session|InteractiveSession|placeholder|get_or_create_global_step|get_global_step|MonitoredTrainingSession"
    r"|EstimatorSpec|disable_eager_execution|disable_v2_behavior|cached_session|test_session|executing_eagerly)\b"
    r"|sess\.run\(|self\.session\("
)
# Each alternative of `_TF1_MARKERS` holds one of these.
_TF1_WORDS = (
    "Session", "placeholder", "global_step", "EstimatorSpec", "disable_eager_execution", "disable_v2_behavior",
    "cached_session", "test_session", "executing_eagerly", "sess.run(", "self.session(",
)


def _reached_as(text: str, prefix: str) -> bool:
    """Does `prefix` occur in `text` where no name or attribute goes on before it (`tf.x`,
    not `mytf.x` or `self.tf.x`)?"""
    start = text.find(prefix)
    while start != -1:
        if starts_word(text, start) and text[start - 1 : start] != ".":
            return True
        start = text.find(prefix, start + 1)
    return False


def _tf1_marked(code: str) -> bool:
    """Does a match of `_TF1_MARKERS` start a word of `code`?"""
    return any(starts_word(code, match.start()) for match in _TF1_MARKERS.finditer(code))


# What TensorFlow 2 no longer has at its top level (only under `tf.compat.v1`): a file
# reaching them as `tf.<api>` is written for TensorFlow 1, graph mode unless it turns eager
# execution on.
_TF1_ONLY_APIS = (
    "contrib.", "get_variable(", "variable_scope(", "GraphKeys.", "get_collection(", "global_variables_initializer(",
    "trainable_variables(", "layers.dense(", "layers.conv2d(", "train.AdamOptimizer(", "train.GradientDescentOptimizer(",
    "train.MomentumOptimizer(", "train.RMSPropOptimizer(", "train.AdagradOptimizer(", "train.Saver(",
)
_EAGER_ON = re.compile(r"\b(?:enable_eager_execution|enable_v2_behavior)\b")


_PREPROCESSING = re.compile(r"\.(Random\w*|Rescaling|Normalization|Resizing|CenterCrop|\w*Lookup|Hashing|Discretization|TextVectorization|Input|InputLayer)$")
_SUBMODEL_NAME = re.compile(r"model|net|encoder|decoder|generator|discriminator|critic|actor|backbone|head|classifier|policy", re.IGNORECASE)
_FROZEN_NAME = re.compile(r"target|teacher|frozen|ema|old|pretrained|reference", re.IGNORECASE)
_MODEL_CONSTRUCTORS = ("keras.Sequential", "keras.Model", "keras.models.", "keras.applications.")
_FORWARD_CONSTRUCTORS = ("keras.layers.", "keras.Sequential", "keras.Model", "keras.models.", "keras.applications.")


def _comprehension_half(value: ast.expr) -> tuple[ast.expr | None, int | None]:
    """`(pairs, 0)` for `[g for g, _ in pairs]` or `[gv[0] for gv in pairs]` (1 for the
    variables), else `(None, None)`."""
    if not isinstance(value, (ast.ListComp, ast.GeneratorExp)) or len(value.generators) != 1:
        return None, None
    generator = value.generators[0]
    target, element = generator.target, value.elt
    if generator.ifs or generator.is_async:
        return None, None
    if (
        isinstance(target, ast.Tuple) and len(target.elts) == 2 and all(isinstance(e, ast.Name) for e in target.elts)
        and isinstance(element, ast.Name) and target.elts[0].id != target.elts[1].id  # type: ignore[attr-defined]
    ):
        names = [e.id for e in target.elts]  # type: ignore[attr-defined]
        if element.id in names:
            return generator.iter, names.index(element.id)
    elif (
        isinstance(target, ast.Name) and isinstance(element, ast.Subscript) and isinstance(element.value, ast.Name)
        and element.value.id == target.id and isinstance(element.slice, ast.Constant) and element.slice.value in (0, 1)
    ):
        return generator.iter, element.slice.value  # type: ignore[return-value]
    return None, None


def _self_calls(function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[set[str], bool]:
    """The attributes of `self` that `function` calls (`""` for `self(...)`), and whether it
    takes gradients itself."""
    called: set[str] = set()
    takes_gradients = False
    for node in walk(function):
        if isinstance(node, ast.Attribute) and node.attr in {"gradient", "jacobian", "batch_jacobian", "GradientTape"}:
            takes_gradients = True
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "self":
                called.add("")
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
                called.add(func.attr)
    return called, takes_gradients


def _function_holding(cls: ast.ClassDef, node: ast.AST) -> ast.AST | None:
    """The method of `cls` whose body holds `node`."""
    line = getattr(node, "lineno", 0)
    for item in cls.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.lineno <= line <= (item.end_lineno or item.lineno):
            return item
    return None


def _is_model_fn(node: ast.AST) -> bool:
    """An Estimator `model_fn(features, labels, mode, ...)`: it runs once per graph build."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    names = {arg.arg for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
    return "mode" in names and bool(names & {"features", "labels"})


def _is_keras_model(name: str) -> bool:
    return name in {"keras.Model", "keras.models.Model", "keras.Sequential", "keras.models.Sequential"}


@lru_cache(maxsize=4096)
def is_optimizer_class(name: str) -> bool:
    """`keras.optimizers.Adam`, `keras.optimizers.get`, `keras.mixed_precision.LossScaleOptimizer`,
    `tensorflow.train.AdamOptimizer` (TF1 via compat.v1)."""
    if name.startswith("keras.optimizers."):
        last = name.rsplit(".", 1)[1]
        return "schedules" not in name and (last[:1].isupper() or last == "get") and last not in {"Optimizer"} | _NOT_OPTIMIZERS
    if name.startswith("keras.mixed_precision.") or name.startswith("tensorflow.train.experimental."):
        return name.endswith("LossScaleOptimizer")
    return name.startswith("tensorflow.train.") and name.endswith("Optimizer")


_NOT_OPTIMIZERS = frozenset({"LearningRateSchedule"})


# -- the walk -----------------------------------------------------------------------------


class _Builder:
    def __init__(self, model: FileModel) -> None:
        self.model = model
        self._current_class: ClassInfo | None = None
        self._clips_renamed = False

    def build(self) -> None:
        module = self.model.tree
        # Imports and classes first, wherever they are: name resolution must not depend on
        # walk order. Statements only; expressions cannot hold either.
        for stmt in _all_statements(module.body):
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                self.model.imports.add(stmt)
            elif isinstance(stmt, ast.ClassDef):
                self.model.classes[stmt.name] = ClassInfo(stmt, [])
        for info in self.model.classes.values():
            info.bases = [self.model.imports.qualify(base) for base in info.node.bases]
        # Clipping calls are found on the lines `_INTERESTING` matches, unless a clipping
        # function is imported under another name (`from tensorflow import clip_by_norm as cn`).
        self._clips_renamed = any("clip_by" in bound and "clip_by" not in local for local, bound in self.model.imports.aliases.items())
        scope = Scope(module, None)
        self.model.scopes.append(scope)
        self.block(module.body, scope)

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, parent: Scope, class_info: ClassInfo | None) -> None:
        scope = Scope(node, parent, class_info)
        scope.is_tf_function = parent.is_tf_function or any(
            self.model.imports.qualify(d.func if isinstance(d, ast.Call) else d) == TF_FUNCTION for d in node.decorator_list
        )
        self.model.scopes.append(scope)
        arguments = node.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            scope.bind(Binding(arg.arg, "param", arg))
        for arg in (arguments.vararg, arguments.kwarg):
            if arg is not None:
                scope.bind(Binding(arg.arg, "param", arg))
        self.block(node.body, scope)

    def block(self, stmts: list[ast.stmt], scope: Scope, parents: tuple[ast.stmt, ...] = ()) -> None:
        for index, stmt in enumerate(stmts):
            ref = StmtRef(stmt, stmts, index, parents)
            self.model._refs[id(stmt)] = ref
            self.statement(ref, scope)

    def statement(self, ref: StmtRef, scope: Scope) -> None:
        stmt = ref.stmt
        kind = stmt.__class__
        if kind not in COMPOUND_STATEMENTS:
            self.simple_statement(stmt, ref, scope)
            return
        inner = (*ref.parents, stmt)
        if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            for decorator in stmt.decorator_list:  # type: ignore[attr-defined]
                self.expression(decorator, ref, scope)
            scope.bind(Binding(stmt.name, "def", stmt, ref=ref))  # type: ignore[attr-defined]
            self.function(stmt, scope, self._current_class)  # type: ignore[arg-type]
        elif kind is ast.ClassDef:
            scope.bind(Binding(stmt.name, "def", stmt, ref=ref))  # type: ignore[attr-defined]
            previous, self._current_class = self._current_class, self.model.classes.get(stmt.name)  # type: ignore[attr-defined]
            # Class bodies are walked as part of the enclosing scope; methods get their own.
            self.block(stmt.body, scope, inner)  # type: ignore[attr-defined]
            self._current_class = previous
        elif kind is ast.With or kind is ast.AsyncWith:
            for item in stmt.items:  # type: ignore[attr-defined]
                self.expression(item.context_expr, ref, scope)
                if item.optional_vars is not None:
                    self.bind_target(item.optional_vars, None, ref, scope, "with")
                self.tape_from_with_item(item, stmt, ref, scope)  # type: ignore[arg-type]
            self.block(stmt.body, scope, inner)  # type: ignore[attr-defined]
        elif kind is ast.For or kind is ast.AsyncFor:
            self.expression(stmt.iter, ref, scope)  # type: ignore[attr-defined]
            self.bind_target(stmt.target, None, ref, scope, "for")  # type: ignore[attr-defined]
            if self._clips_renamed or self.model.on_interesting_lines(stmt):
                self.discarded_loop_clip(stmt, ref, scope)  # type: ignore[arg-type]
            self.block(stmt.body, scope, inner)  # type: ignore[attr-defined]
            self.block(stmt.orelse, scope, inner)  # type: ignore[attr-defined]
        elif kind is ast.If or kind is ast.While:
            self.expression(stmt.test, ref, scope)  # type: ignore[attr-defined]
            self.block(stmt.body, scope, inner)  # type: ignore[attr-defined]
            self.block(stmt.orelse, scope, inner)  # type: ignore[attr-defined]
        elif kind is ast.Match:
            self.expression(stmt.subject, ref, scope)  # type: ignore[attr-defined]
            for case in stmt.cases:  # type: ignore[attr-defined]
                self.block(case.body, scope, inner)
        else:  # try, and try with except* groups
            self.block(stmt.body, scope, inner)  # type: ignore[attr-defined]
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                if handler.name:
                    scope.bind(Binding(handler.name, "other", handler, ref=ref))
                self.block(handler.body, scope, inner)
            self.block(stmt.orelse, scope, inner)  # type: ignore[attr-defined]
            self.block(stmt.finalbody, scope, inner)  # type: ignore[attr-defined]

    def simple_statement(self, stmt: ast.stmt, ref: StmtRef, scope: Scope) -> None:
        interesting = self.model.on_interesting_lines(stmt)
        if interesting:
            self.expression(stmt, ref, scope, checked=True)
        kind = stmt.__class__
        if kind is ast.Assign:
            for target in stmt.targets:  # type: ignore[attr-defined]
                self.bind_target(target, stmt.value, ref, scope, "assign")  # type: ignore[attr-defined]
            if interesting or self._clips_renamed:
                self.clip_assignment(stmt.targets[0], stmt.value, ref, scope)  # type: ignore[attr-defined]
        elif kind is ast.AnnAssign:
            if isinstance(stmt.target, ast.Name):  # type: ignore[attr-defined]
                scope.bind(Binding(stmt.target.id, "assign", stmt, stmt.value, ref=ref))  # type: ignore[attr-defined]
        elif kind is ast.AugAssign:
            self.bind_target(stmt.target, None, ref, scope, "other")  # type: ignore[attr-defined]
        elif kind is ast.Import or kind is ast.ImportFrom:
            for alias in stmt.names:  # type: ignore[attr-defined]
                scope.bind(Binding((alias.asname or alias.name).split(".")[0], "import", stmt, ref=ref))
        elif kind is ast.Expr and (interesting or self._clips_renamed):
            value = stmt.value  # type: ignore[attr-defined]
            if isinstance(value, ast.Call) and value.args and self.model.imports.call_name(value) == "tensorflow.clip_by_global_norm":
                scope.clip_calls.append(ClipCall(value, "tensorflow.clip_by_global_norm", value.args[0], None, None, ref))

    def bind_target(self, target: ast.expr, value: ast.expr | None, ref: StmtRef, scope: Scope, kind) -> None:
        if isinstance(target, ast.Name):
            scope.bind(Binding(target.id, kind, target, value, ref=ref))
        elif isinstance(target, (ast.Tuple, ast.List)):
            names = tuple(elt.id if isinstance(elt, ast.Name) else "" for elt in target.elts)
            for index, elt in enumerate(target.elts):
                if isinstance(elt, ast.Name):
                    scope.bind(Binding(elt.id, kind, elt, value, index, names, ref=ref))
                elif isinstance(elt, ast.Starred) and isinstance(elt.value, ast.Name):
                    scope.bind(Binding(elt.value.id, "other", elt, ref=ref))
                else:
                    self.bind_target(elt, None, ref, scope, "other")
        elif isinstance(target, ast.Attribute):
            if isinstance(target.value, ast.Name) and target.value.id == "self":
                info = scope.class_info
                if info is not None:
                    info.self_bindings.setdefault(target.attr, []).append(Binding(target.attr, kind, target, value, ref=ref))

    def expression(self, root: ast.AST, ref: StmtRef, scope: Scope, checked: bool = False) -> None:
        if not checked and not self.model.on_interesting_lines(root):
            return
        for node in nodes_under(root, _CALLS_AND_WALRUSES):
            if isinstance(node, ast.Call):
                self.call(node, ref, scope)
            elif isinstance(node.target, ast.Name):  # type: ignore[attr-defined]
                scope.bind(Binding(node.target.id, "assign", node, node.value, ref=ref))

    def call(self, call: ast.Call, ref: StmtRef, scope: Scope) -> None:
        func = call.func
        if self.model.imports.call_name(call) == "tensorflow.gradients":
            scope.tf_gradients_calls.append((call, ref))
            return
        if not isinstance(func, ast.Attribute):
            return
        if func.attr in GRADIENT_METHODS and (len(call.args) >= 2 or call.keywords):
            target = call.args[0] if call.args else _keyword(call, "target")
            sources = call.args[1] if len(call.args) > 1 else _keyword(call, "sources")
            if target is None or sources is None:
                return
            tape = self.tape_for(func.value, scope, call)
            if tape is None and not self.model.imports.uses_tensorflow:
                return
            gradient = GradientCall(call, func.attr, tape, target, sources, ref, scope)
            scope.gradient_calls.append(gradient)
            self.model._gradient_by_call[id(call)] = gradient
        elif func.attr == "minimize":
            loss = call.args[0] if call.args else _keyword(call, "loss")
            variables = call.args[1] if len(call.args) > 1 else _keyword(call, "var_list")
            if loss is None or variables is None:
                return
            tape_arg = _keyword(call, "tape")
            tape = self.tape_for(tape_arg, scope, call) if tape_arg is not None else None
            gradient = GradientCall(call, "minimize", tape, loss, variables, ref, scope)
            scope.gradient_calls.append(gradient)
            self.model._gradient_by_call[id(call)] = gradient
        elif func.attr == "apply_gradients":
            scope.apply_calls.append(ApplyCall(call, func.value, ref, scope))

    def tape_for(self, receiver: ast.expr, scope: Scope, at: ast.AST) -> Tape | None:
        if not isinstance(receiver, ast.Name):
            return None
        search: Scope | None = scope
        while search is not None:
            for tape in reversed(search.tapes):
                opened = (tape.with_stmt.lineno, tape.with_stmt.col_offset)
                if tape.name == receiver.id and opened <= (at.lineno, at.col_offset):  # type: ignore[attr-defined]
                    if search is scope and _rebound_since(scope, tape, receiver.id, at):
                        return None  # the name holds something else now (a tape of a class not known here)
                    return tape
            search = search.parent
        return None

    def tape_from_with_item(self, item: ast.withitem, stmt: ast.With | ast.AsyncWith, ref: StmtRef, scope: Scope) -> None:
        construction: ast.expr | None = item.context_expr
        name = item.optional_vars.id if isinstance(item.optional_vars, ast.Name) else None
        if isinstance(construction, ast.Name):
            # `tape = tf.GradientTape(); with tape: ...`
            binding = scope.lookup(construction.id, stmt)
            name = construction.id
            construction = binding.value if binding is not None else None
        if not (isinstance(construction, ast.Call) and self.model.imports.call_name(construction) in TAPE_CLASSES):
            return
        persistent = _constant_keyword(construction, "persistent", 0, default=False)
        watch = _constant_keyword(construction, "watch_accessed_variables", 1, default=True)
        tape = Tape(name, stmt, ref, construction, bool(persistent), bool(watch), scope=scope)
        scope.tapes.append(tape)

    def clip_assignment(self, target: ast.expr, value: ast.expr, ref: StmtRef, scope: Scope) -> None:
        """Record `clipped, norm = tf.clip_by_global_norm(grads, n)`, `c = tf.clip_by_global_norm(g, n)[0]`
        and `clipped = [tf.clip_by_norm(g, n) for g in grads]`."""
        imports = self.model.imports
        if isinstance(value, ast.Subscript):
            value = value.value
        if isinstance(value, ast.Call) and imports.call_name(value) == "tensorflow.clip_by_global_norm" and value.args:
            first = target.elts[0] if isinstance(target, (ast.Tuple, ast.List)) and target.elts else target
            result = first.id if isinstance(first, ast.Name) else None
            scope.clip_calls.append(ClipCall(value, "tensorflow.clip_by_global_norm", value.args[0], result, None, ref))
        elif isinstance(value, ast.ListComp) and len(value.generators) == 1 and isinstance(value.generators[0].target, ast.Name):
            element = value.generators[0].target
            call = _guarded(value.elt, element.id)  # `tf.clip_by_norm(g, 1.0) if g is not None else None`
            clip = imports.call_name(call) if isinstance(call, ast.Call) else None
            if clip in CLIP_FUNCTIONS and isinstance(target, ast.Name):
                scope.clip_calls.append(
                    ClipCall(call, clip, value.generators[0].iter, target.id, element.id, ref)  # type: ignore[arg-type]
                )

    def discarded_loop_clip(self, loop: ast.For | ast.AsyncFor, ref: StmtRef, scope: Scope) -> None:
        """`for g in grads: tf.clip_by_norm(g, 5.0)`: a per-element clip whose result is dropped."""
        if len(loop.body) != 1 or loop.orelse or not isinstance(loop.target, ast.Name):
            return
        stmt = loop.body[0]
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            clip = self.model.imports.call_name(stmt.value)
            if clip in CLIP_FUNCTIONS - {"tensorflow.clip_by_global_norm"}:
                scope.clip_calls.append(ClipCall(stmt.value, clip, loop.iter, None, loop.target.id, ref))


_CALLS_AND_WALRUSES = frozenset({ast.Call, ast.NamedExpr})
_INTERESTING = re.compile(r"[Gg]radient|jacobian|minimize|clip_by")
_LINE_BREAK = re.compile(r"\r\n?|\n")


def _interesting_lines(text: str) -> set[int]:
    lines: set[int] = set()
    line, counted_to = 1, 0
    plain = "\r" not in text  # line breaks are all \n: counted by str.count, not a regex
    for match in _INTERESTING.finditer(text):
        start = match.start()
        line += text.count("\n", counted_to, start) if plain else len(_LINE_BREAK.findall(text, counted_to, start))
        counted_to = start
        lines.add(line)
    return lines


def _all_statements(stmts: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, each before those inside it (in the order
    body, orelse, finalbody, except handlers, match cases)."""
    stack = stmts[::-1]
    while stack:
        stmt = stack.pop()
        yield stmt
        if stmt.__class__ not in COMPOUND_STATEMENTS:
            continue
        inner: list[ast.stmt] = []
        for name in ("body", "orelse", "finalbody"):
            inner.extend(getattr(stmt, name, ()))
        for part in (*getattr(stmt, "handlers", ()), *getattr(stmt, "cases", ())):
            inner.extend(part.body)
        stack.extend(reversed(inner))


@dataclass(frozen=True)
class _Contents:
    names: frozenset[str]  # names, parameter names and attribute names
    calls: list[ast.Call]


def _contents(root: ast.AST) -> _Contents:
    """What a subtree mentions (names, parameters, attribute names; calls), in one walk."""
    names: set[str] = set()
    calls: list[ast.Call] = []
    stack = [root]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ast.Name:
            names.add(node.id)  # type: ignore[attr-defined]
            continue  # a Name's only child is its context
        if kind is ast.arg:
            names.add(node.arg)  # type: ignore[attr-defined]
        elif kind is ast.Attribute:
            names.add(node.attr)  # type: ignore[attr-defined]
        elif kind is ast.Call:
            calls.append(node)  # type: ignore[arg-type]
        elif kind is ast.Constant:
            continue
        stack.extend(children(node))
    return _Contents(frozenset(names), calls)


def _inner_statements(stmt: ast.stmt) -> Iterator[ast.stmt]:
    for name in ("body", "orelse", "finalbody"):
        inner = getattr(stmt, name, None)
        if isinstance(inner, list):
            yield from (s for s in inner if isinstance(s, ast.stmt))
    for handler in getattr(stmt, "handlers", []) or []:
        yield from handler.body
    for case in getattr(stmt, "cases", []) or []:
        yield from case.body


def _calls_of_statements(body: list[ast.stmt], refs: dict[int, StmtRef], lines: list[int] | None = None, in_loops: bool = False) -> list[tuple[ast.Call, StmtRef]]:
    """The calls of `body`'s statements and the statements inside them (not those of nested
    functions and classes) in source order, each with its statement's `StmtRef`: all of them,
    those of statements spanning one of `lines`, or (`in_loops`) those inside a loop."""
    found: list[tuple[ast.Call, StmtRef]] = []
    if lines is not None:
        _calls_on_lines(body, refs, lines, found)
        if in_loops:
            found = [(call, ref) for call, ref in found if ref.loops]
    else:
        stack: list[tuple[ast.stmt, bool]] = [(stmt, False) for stmt in reversed(body)]
        while stack:
            stmt, in_loop = stack.pop()
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            ref = refs.get(id(stmt))
            if ref is not None and (in_loop or not in_loops):
                found.extend(_own_calls(stmt, ref))
            inner_in_loop = in_loop or isinstance(stmt, (ast.For, ast.AsyncFor, ast.While))
            stack.extend((inner, inner_in_loop) for inner in reversed(list(_inner_statements(stmt))))
    found.sort(key=lambda item: (item[0].lineno, item[0].col_offset))
    return found


def _own_calls(stmt: ast.stmt, ref: StmtRef) -> Iterator[tuple[ast.Call, StmtRef]]:
    return ((call, ref) for part in own_expressions(stmt) for call in calls_under(part))


def _guarded(element: ast.expr, name: str) -> ast.expr:
    """The value of `clip(g) if g is not None else None` (or `else g`) for element `name`:
    the guarded expression; any other element as it is."""
    if isinstance(element, ast.IfExp):
        for value, other in ((element.body, element.orelse), (element.orelse, element.body)):
            if isinstance(value, ast.Call) and (
                (isinstance(other, ast.Constant) and other.value is None) or (isinstance(other, ast.Name) and other.id == name)
            ):
                return value
    return element


def _rebound_since(scope: Scope, tape: Tape, name: str, at: ast.AST) -> bool:
    """Is `name`, at `at`, bound by a statement after the one opening `tape`?"""
    binding = scope.lookup(name, at)
    if binding is None or binding.ref is None or binding.ref.stmt is tape.with_stmt:
        return False
    return binding.position > (tape.with_stmt.lineno, tape.with_stmt.col_offset)


def _within(scope: Scope, lines: list[int]) -> list[int]:
    """The lines of `lines` (sorted) that a function's or class's scope spans: asking each
    scope about every line of the file would cost scopes x lines."""
    node = scope.node
    if isinstance(node, ast.Module):
        return lines
    return lines[bisect.bisect_left(lines, node.lineno) : bisect.bisect_right(lines, node.end_lineno or node.lineno)]


def _calls_on_lines(block: list[ast.stmt], refs: dict[int, StmtRef], lines: list[int], found: list[tuple[ast.Call, StmtRef]]) -> None:
    """`_calls_of_statements` for the statements of `block` (in source order) that span one
    of `lines`: each line finds its statement by bisection, so the others cost nothing."""
    starts = [stmt.lineno for stmt in block]
    taken: set[int] = set()
    for line in lines:
        index = bisect.bisect_right(starts, line) - 1
        # The statement holding the line, and those before it on the same line (`a(); b()`).
        while index >= 0 and index not in taken and line <= (block[index].end_lineno or block[index].lineno):
            taken.add(index)
            stmt = block[index]
            index -= 1
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            ref = refs.get(id(stmt))
            if ref is not None:
                found.extend(_own_calls(stmt, ref))
            inner = sorted(_inner_statements(stmt), key=lambda s: s.lineno)
            if inner:
                end = stmt.end_lineno or stmt.lineno
                within = lines[bisect.bisect_left(lines, stmt.lineno) : bisect.bisect_right(lines, end)]
                _calls_on_lines(inner, refs, within, found)


# The word each pattern below matches the whole of, where it starts (see `_lines_matching`).
_WORD_OF: dict[re.Pattern[str], str] = {}
_WORDS = re.compile(r"\w+")
_FROZEN = re.compile(r"\.trainable\s*=\s*False")
_WORD_BEFORE = re.compile(r"\b\w+\Z")
_INDEX_AFTER = 64  # searches of a file's text before its words are indexed instead


def _starting_with(word: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    if len(_WORD_OF) > 16384:
        _WORD_OF.clear()  # a long-running server: patterns no longer cached search the text
    _WORD_OF[pattern] = word
    return pattern


@lru_cache(maxsize=4096)
def _passed(name: str) -> re.Pattern[str]:
    """Where `name` may be passed to a call (`f(name)`, `f(x, name)`, `f(k=name)`): the
    word followed by `,`, `)` or a comment (not `name.gradient(`, not `as name:`)."""
    word = re.escape(name)
    return _starting_with(name, re.compile(rf"{word}(?<![\w.]{word})(?=[\s\\]*[,)#])"))


def _in_block(block: list[ast.stmt], node: ast.AST) -> bool:
    return bool(block) and block[0].lineno <= node.lineno <= (block[-1].end_lineno or 0)  # type: ignore[attr-defined]


@lru_cache(maxsize=4096)
def _word(name: str) -> re.Pattern[str]:
    """`name` as a whole word (the lookbehind after the word keeps the search fast)."""
    word = re.escape(name)
    return _starting_with(name, re.compile(rf"{word}(?<!\w{word})(?!\w)"))


@lru_cache(maxsize=4096)
def _call_of(name: str) -> re.Pattern[str]:
    """Where `name(...)` may be called (not `obj.name(...)`, not where it is defined)."""
    word = re.escape(name)
    return _starting_with(name, re.compile(rf"{word}(?<![\w.]{word})[\s\\]*\((?<!def {word}\()"))


_STORE = re.compile(r"\s*=(?!=)")


def _read_as_attribute_or_string(text: str, match: re.Match[str]) -> bool:
    """Is the word `match` found read as an attribute (`x.name`, `x.\\` then `name` on the
    next line; not `x.name = ...`) or spelled as a string (`"name"`)?"""
    start, end = match.start(), match.end()
    quote = text[start - 1 : start]
    if quote in ("'", '"') and text[end : end + 1] == quote:
        return True
    return text[max(start - 80, 0) : start].rstrip(" \t\r\n\\").endswith(".") and not _STORE.match(text, end)


def _reads_attribute(node: ast.AST, name: str) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == name and not isinstance(node.ctx, ast.Store)
    return isinstance(node, ast.Constant) and node.value == name


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _constant_keyword(call: ast.Call, name: str, position: int, default: object) -> object:
    value = _keyword(call, name)
    if value is None and len(call.args) > position:
        value = call.args[position]
    if value is None:
        return default
    if isinstance(value, ast.Constant):
        return value.value
    return True  # not a literal: assume the caller meant the non-default


def arguments_by_parameter(function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, bound: bool) -> dict[str, ast.expr] | None:
    """`call`'s arguments by the parameter of `function` each binds; `bound`: the call binds
    the first parameter itself (`self.method(...)`, `Class(...)` running `__init__`). None when
    the call spreads `*args`/`**kwargs` or passes more positional arguments than there are."""
    positional = [a.arg for a in [*function.args.posonlyargs, *function.args.args]][1 if bound else 0 :]
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords) or len(call.args) > len(positional):
        return None
    found = dict(zip(positional, call.args))
    found.update((k.arg, k.value) for k in call.keywords if k.arg is not None)
    return found


def _is_none(value: ast.expr) -> bool:
    return isinstance(value, ast.Constant) and value.value is None
