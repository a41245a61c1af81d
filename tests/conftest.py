"""pytest configuration shared by the test suite.

Makes the repository root importable (so `interpreter` and `jit` resolve no
matter how pytest is launched) and the `tests/` directory (for the shared
`differential` helpers)."""
from __future__ import annotations

import sys
from pathlib import Path

_TESTS = Path(__file__).resolve().parent
_REPO = _TESTS.parent
for p in (str(_REPO), str(_TESTS)):
    if p not in sys.path:
        sys.path.insert(0, p)

# tests/corpus/ holds *programs*, not tests: never let pytest import them.
collect_ignore_glob = ["corpus/*"]
