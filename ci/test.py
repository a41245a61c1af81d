"""The project's test job: build the stencil library, then run the test suite.

`.ci/run` and README.md both call this script, so CI runs exactly what a
developer runs.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST_NO_TESTS_COLLECTED = 5


def main() -> int:
    print("== step 1/2: build the stencil library", flush=True)
    build = subprocess.run([sys.executable, str(ROOT / "build_stencils.py")], cwd=ROOT)
    if build.returncode != 0:
        print("ci: stencil build failed", file=sys.stderr)
        return build.returncode
    print("== step 2/2: run the tests", flush=True)
    # On every core (pytest-xdist), the tests that share the object cache on
    # one worker (their xdist_group); later arguments override these.
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "auto",
                            "--dist", "loadgroup", *sys.argv[1:]], cwd=ROOT)
    if tests.returncode == PYTEST_NO_TESTS_COLLECTED:
        print("ci: pytest collected no tests — treating as a failure", file=sys.stderr)
        return 1
    return tests.returncode


if __name__ == "__main__":
    sys.exit(main())
