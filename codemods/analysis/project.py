"""Functions imported from other files of the checked tree.

A training script often builds its optimizer or model in a helper module
(`from models import build_model, make_optimizer`). The rules ask the model of the file
they check what such a call returns; `Project` answers by analysing the helper's file
once (parsed with `ast`, cached for the whole run) and asking its model. Only files under
the project root are read; nothing is imported or run.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from codemods.analysis.model import FileModel

Function = ast.FunctionDef | ast.AsyncFunctionDef
_MAX_FILE_BYTES = 2_000_000  # a generated file this large holds no helper worth following


class Project:
    """The files under `root`, read on demand and kept (their models, or None when a file
    cannot be read or parsed) for as long as the project lives."""

    def __init__(self, root: Path, read: Callable[[Path], str] | None = None) -> None:
        self.root = root.resolve()
        self._read = read or (lambda path: path.read_text(encoding="utf-8"))
        self._models: dict[Path, FileModel | None] = {}
        self._stamps: dict[Path, tuple[int, int]] = {}
        # checked file -> the files whose functions its findings depend on (for the cache)
        self.dependencies: dict[Path, set[Path]] = {}

    def module_file(self, importer: Path | None, module: str, level: int) -> Path | None:
        """The file `from <level dots><module> import ...` in `importer` reads: a relative
        import from the importer's package, an absolute one from the importer's folder or any
        folder above it up to the root (where scripts and their helpers sit)."""
        parts = [part for part in module.split(".") if part]
        if importer is None:
            bases = [self.root]
        elif level:
            base = importer.resolve().parent
            for _ in range(level - 1):
                base = base.parent
            bases = [base]
        else:
            folder = importer.resolve().parent
            bases = [folder, *(p for p in folder.parents if p == self.root or self.root in p.parents)]
        for base in bases:
            if base != self.root and self.root not in base.parents:
                continue
            candidate = base.joinpath(*parts)
            for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
                if parts and path.is_file():
                    return path
        return None

    def model(self, path: Path) -> FileModel | None:
        """The model of `path` as it is now: one kept for the run (or an editor session) is
        read again when the file's size or modification time changed."""
        try:
            status = path.stat()
        except OSError:
            return None
        stamp = (status.st_size, status.st_mtime_ns)
        if self._stamps.get(path) != stamp:
            self._models[path] = self._load(path)
            self._stamps[path] = stamp
        return self._models[path]

    def _load(self, path: Path) -> FileModel | None:
        from codemods.analysis.model import FileModel  # noqa: PLC0415 - model imports this module

        try:
            if path.stat().st_size > _MAX_FILE_BYTES:
                return None
            text = self._read(path)
            tree = ast.parse(text)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
            return None
        return FileModel(tree, text, project=self, path=path)

    def function(self, importer: Path | None, module: str, level: int, name: str) -> tuple[FileModel, Function] | None:
        """The top-level function `name` of the module, with the model of its file."""
        path = self.module_file(importer, module, level)
        model = self.model(path) if path is not None else None
        if model is None:
            return None
        function = model.top_level_function(name)
        return (model, function) if function is not None else None
