"""Every golden program under real TensorFlow (CPU): each before fails the way its
docstring says (or, documented as `Fails with: nothing`, only warns and still passes), each
after and each near-miss runs to its final assertion and passes. Notebooks run as their code
cells in order, IPython lines skipped (`tests/semantic_runner.py`)."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

import pytest

from tests.golden_cases import case_id, every_program, expectation
from tests.semantic_runner import Outcome, run_program, start_worker

PROGRAMS = every_program()
WORKERS = 2
TIMEOUT_SECONDS = 240


@pytest.fixture(scope="module")
def outcomes(request):
    """The selected programs (all, or those `-k` picks) submitted at once to a pool that
    imports TensorFlow once per worker."""
    selected = [
        item.callspec.params["path"]
        for item in request.session.items
        if item.path == request.path and "path" in getattr(getattr(item, "callspec", None), "params", {})
    ]
    pool = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker)
    futures: dict[str, Future[Outcome]] = {str(path): pool.submit(run_program, str(path)) for path in selected}
    yield futures
    pool.shutdown(cancel_futures=True)


@pytest.mark.parametrize("path", PROGRAMS, ids=[case_id(p) for p in PROGRAMS])
def test_program_behaves_as_documented(path, outcomes) -> None:
    outcome = outcomes[str(path)].result(timeout=TIMEOUT_SECONDS)
    if ".before." in path.name:
        expected = expectation(path)
        if expected.silent:
            # Only a warning or a slowdown: the before trains too, and so must its after.
            assert outcome.exception is None, f"{path.name} documents no failure, but: {outcome}"
            return
        assert outcome.exception == expected.exception, f"expected {expected.exception}, got {outcome}"
        assert outcome.mentions(expected.message), f"expected message {expected.message!r}, got {outcome}"
    else:
        assert outcome.exception is None, f"{path.name} should train and pass, but: {outcome}"
