"""`python -m jit ...` and the `cpjit` console script (see jit.runner)."""
import sys

from jit.runner import main

if __name__ == "__main__":
    sys.exit(main())
