"""Plain coercion of command-line values, so a run does not import pydantic.

Recent typer releases coerce every parameter through a pydantic `TypeAdapter`, which imports
pydantic and builds adapters on every run: about a third of a cached run's time. gradfix's
parameters are strings, paths, booleans, enums and lists of them, which click has already
parsed and validated (choices included); this converts them directly and leaves any other
annotation to typer. It touches typer's private `core.build_runtime_param`, so it checks that
the hook exists and does nothing otherwise (older typer never used pydantic).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

_LEAVES = (str, Path, bool, int)


def install() -> None:
    try:
        from typer import _coercion, core
    except ImportError:  # pragma: no cover - an older typer without pydantic coercion
        return
    original = getattr(core, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if original is None or base is None or getattr(original, "_gradfix", False):
        return

    @dataclass(frozen=True)
    class PlainRuntimeParam(base):  # type: ignore[misc, valid-type]
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            return _convert(self.annotation, value)

    def build(descriptor: Any) -> Any:
        if getattr(descriptor, "file_annotation", None) is None and _plain(descriptor.annotation):
            return PlainRuntimeParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
        return original(descriptor)

    build._gradfix = True  # type: ignore[attr-defined]
    core.build_runtime_param = build


def _optional_inner(annotation: Any) -> Any:
    """`X | None` -> X; anything else unchanged."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(inner) == 1:
            return inner[0]
    return annotation


def _plain(annotation: Any) -> bool:
    annotation = _optional_inner(annotation)
    if typing.get_origin(annotation) is list:
        (annotation,) = typing.get_args(annotation) or (None,)
    return annotation in _LEAVES or (isinstance(annotation, type) and issubclass(annotation, Enum))


def _convert(annotation: Any, value: Any) -> Any:
    annotation = _optional_inner(annotation)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return [_convert(item, one) for one in value]
    if isinstance(value, annotation):
        return value
    try:
        return annotation(value)
    except ValueError:
        import typer  # noqa: PLC0415 - loaded already

        if isinstance(annotation, type) and issubclass(annotation, Enum):
            choices = ", ".join(repr(member.value) for member in annotation)
            raise typer.BadParameter(f"{value!r} is not one of {choices}.") from None
        raise typer.BadParameter(f"{value!r} is not a valid {annotation.__name__}.") from None
