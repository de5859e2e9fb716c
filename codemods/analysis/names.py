"""Resolve expressions to TensorFlow/Keras qualified names through the file's imports.

`import tensorflow as tflow` + `tflow.keras.optimizers.Adam` and
`from tensorflow.keras.optimizers import Adam` + `Adam` both resolve to the canonical
`keras.optimizers.Adam`. Canonical names drop the routes by which the same API is reached:
`tensorflow.keras.*`, `tf_keras.*` and `tensorflow.python.keras.*` become `keras.*`,
`tensorflow.optimizers.*` becomes `keras.optimizers.*`, and `tensorflow.compat.v1/v2.*`
becomes `tensorflow.*`.
"""

from __future__ import annotations

import ast
from functools import lru_cache

_CANONICAL_PREFIXES = (
    ("tensorflow.compat.v1.keras.", "keras."),
    ("tensorflow.compat.v2.keras.", "keras."),
    ("tensorflow.compat.v1.", "tensorflow."),
    ("tensorflow.compat.v2.", "tensorflow."),
    ("tensorflow.python.keras.", "keras."),
    ("tensorflow.keras.", "keras."),
    ("tensorflow.optimizers.", "keras.optimizers."),
    ("tf_keras.", "keras."),
    ("keras.src.", "keras."),
    ("keras.api.", "keras."),
)
_TENSORFLOW_PACKAGES = ("tensorflow", "keras", "tf_keras")
_ROOT_PACKAGES = (*_TENSORFLOW_PACKAGES, "numpy")


@lru_cache(maxsize=4096)  # a file asks for the same few names thousands of times
def canonical(name: str) -> str:
    rewritten = True
    while rewritten:
        rewritten = False
        for prefix, replacement in _CANONICAL_PREFIXES:
            if name.startswith(prefix) or name == prefix[:-1]:
                name = (replacement + name[len(prefix) :]).rstrip(".")
                rewritten = True
                break
    return name


def starts_word(text: str, index: int) -> bool:
    """Does a word of `text` start at `index`: nothing, or no letter, digit or underscore,
    right before it? (Searching with a pattern that starts with `\\b` tries every position
    of the text; search for the word itself, then ask this of each match.)"""
    before = text[index - 1] if index > 0 else ""
    return not (before.isalnum() or before == "_")


def last_name(node: ast.AST) -> str | None:
    """The last name of a name or an attribute chain: `Adam` for `tf.keras.optimizers.Adam`,
    `step` for `self.step` and for `step`; None for anything else (a call's result, a subscript)."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def dotted_name(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of attribute accesses on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


class ImportTable:
    """Local names bound by imports of TensorFlow, Keras or NumPy, anywhere in the file.

    Imports inside functions count too: training scripts often import lazily, and a
    name that means `tensorflow` in one function rarely means something else in another.
    """

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}
        # call_name's answers by id(call), the call kept so its id is not reused. Rules ask
        # about the same calls again and again; all imports are added before the first asks.
        self._call_names: dict[int, tuple[ast.AST, str | None]] = {}

    def add(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                root = alias.name.split(".")[0]
                if root not in _ROOT_PACKAGES:
                    continue
                if alias.asname:
                    self.aliases[alias.asname] = alias.name
                else:
                    self.aliases[root] = root
        elif node.module and node.level == 0 and node.module.split(".")[0] in _ROOT_PACKAGES:
            for alias in node.names:
                if alias.name != "*":
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    @property
    def uses_tensorflow(self) -> bool:
        return any(module.split(".")[0] in _TENSORFLOW_PACKAGES for module in self.aliases.values())

    def alias_of(self, module: str) -> str | None:
        """The local name the file binds to `module` (`tf` for `import tensorflow as tf`)."""
        return next((alias for alias, bound in self.aliases.items() if bound == module), None)

    def qualify(self, node: ast.AST) -> str | None:
        """The canonical qualified name of `node`, if it is reached through an import."""
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or root.id not in self.aliases:
            return None  # most calls are on a model, a tape, `self`: no name to build
        dotted = dotted_name(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        module = self.aliases.get(head)
        if module is None:
            return None
        return canonical(f"{module}.{rest}" if rest else module)

    def call_name(self, node: ast.AST) -> str | None:
        if node.__class__ is not ast.Call:
            return None
        known = self._call_names.get(id(node))
        if known is None:
            known = self._call_names[id(node)] = (node, self.qualify(node.func))  # type: ignore[attr-defined]
        return known[1]
