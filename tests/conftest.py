"""pytest configuration shared by the test suite.

Makes the repository root importable (so `interpreter` and `jit` resolve no
matter how pytest is launched) and the `tests/` directory (for the shared
`differential` helpers)."""
from __future__ import annotations

import _thread
import subprocess
import sys
from pathlib import Path

import pytest

_TESTS = Path(__file__).resolve().parent
_REPO = _TESTS.parent
for p in (str(_REPO), str(_TESTS)):
    if p not in sys.path:
        sys.path.insert(0, p)

# tests/corpus/ holds *programs*, not tests: never let pytest import them.
collect_ignore_glob = ["corpus/*"]


def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """A test marked `alone` where another thread exists (a pytest-xdist
    worker's) runs in a fresh pytest process, without xdist, instead: what
    it tests stands aside while the process has threads (the GC shelter),
    or would see the other thread's wish for the GIL (a trace's eval-breaker
    exit for a signal)."""
    if pyfuncitem.get_closest_marker("alone") is None or not _thread._count():
        return None
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider",
         pyfuncitem.nodeid], cwd=pyfuncitem.config.rootpath, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"in a process of its own:\n{result.stdout}{result.stderr}", pytrace=False)
    return True
