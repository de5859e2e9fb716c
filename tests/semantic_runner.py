"""Run golden programs under real TensorFlow, importing it once per worker process.

Each program runs in a fresh namespace with `runpy`; Keras' global state is cleared after
it. A program that switches eager execution off for good runs in a process of its own.
A notebook runs as its code cells in order, IPython lines (magics, shell escapes, help)
replaced by `pass` and cells of non-Python cell magics (`%%bash`) skipped.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import runpy
import subprocess
import sys
from dataclasses import dataclass

_PROCESS_WIDE = ("disable_eager_execution", "disable_v2_behavior", "enable_eager_execution")


@dataclass(frozen=True)
class Outcome:
    exception: str | None  # the exception's class name, None when the program completed
    message: str  # the exception's message

    def __str__(self) -> str:
        return "completed" if self.exception is None else f"{self.exception}: {self.message[:500]}"

    def mentions(self, text: str) -> bool:
        """Whether the message contains `text`, white space aside (tf.function wraps the
        original message in its own `in user code:` report)."""
        return " ".join(text.split()) in " ".join(self.message.split())


# Tiny programs, one per core: TensorFlow's own thread pools would only contend.
_ENVIRONMENT = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}


def start_worker() -> None:
    os.environ.update(_ENVIRONMENT)
    import tensorflow as tf  # the expensive import, once per worker

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)


# Cell magics whose body is Python; IPython lines that are not.
_PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture")
_IPYTHON_LINE = re.compile(r"[%!?]|[\w.]+\?$|\w+ = [!%]")


def notebook_program(path: str) -> str:
    """A notebook's code cells as one program, as IPython would run them, minus IPython."""
    with open(path, encoding="utf-8") as handle:
        cells = json.load(handle)["cells"]
    lines = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        cell_lines = "".join(cell["source"]).splitlines()
        if cell_lines and cell_lines[0].startswith("%%"):
            if cell_lines[0].split()[0] not in _PYTHON_CELL_MAGICS:
                continue
            cell_lines = cell_lines[1:]
        for line in cell_lines:
            code = line.lstrip()
            lines.append(line[: len(line) - len(code)] + "pass" if _IPYTHON_LINE.match(code) else line)
    return "\n".join(lines) + "\n"


def _execute(path: str, source: str) -> None:
    if path.endswith(".ipynb"):
        exec(compile(source, path, "exec"), {"__name__": "__main__", "__file__": path})
    else:
        runpy.run_path(path, run_name="__main__")


def run_program(path: str) -> Outcome:
    if path.endswith(".ipynb"):
        source = notebook_program(path)
    else:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    if any(marker in source for marker in _PROCESS_WIDE):
        return _run_in_own_process(path)
    import tensorflow as tf

    # Every program starts from the same global state, whatever ran before it in this
    # worker: Keras 3 initialisers draw from a global seed generator.
    tf.keras.backend.clear_session()
    tf.keras.utils.set_random_seed(0)
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            _execute(path, source)
    except BaseException as error:  # noqa: BLE001 - any failure is the outcome we report
        return Outcome(type(error).__name__, str(error).strip())
    finally:
        tf.config.run_functions_eagerly(False)
        tf.keras.backend.clear_session()
    return Outcome(None, "")


def _run_in_own_process(path: str) -> Outcome:
    if path.endswith(".ipynb"):
        run = f"exec(compile(notebook_program({path!r}), {path!r}, 'exec'), {{'__name__': '__main__'}})"
    else:
        run = f"runpy.run_path({path!r}, run_name='__main__')"
    script = (
        "import runpy, sys\n"
        "from tests.semantic_runner import notebook_program\n"
        "try:\n"
        f"    {run}\n"
        "except BaseException as e:\n"
        "    msg = ' '.join(str(e).split())\n"
        "    sys.__stdout__.write('\\nGRADFIX-OUTCOME ' + type(e).__name__ + '|' + msg + '\\n')\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, **_ENVIRONMENT, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("GRADFIX-OUTCOME "):
            kind, _, message = line.removeprefix("GRADFIX-OUTCOME ").partition("|")
            return Outcome(kind, message)
    return Outcome(None, "")
