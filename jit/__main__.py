"""`python -m jit ...` and the `cpjit` console script (see jit.runner)."""
import sys

from jit import gc_shelter

# Everything cpjit's start-up makes, from here to the program's first
# instruction, lives as long as the process: a GC shelter window
# (jit/gc_shelter.py), which the runner closes once the hook is installed.
_startup = gc_shelter.Window()

from jit.runner import main as _run  # noqa: E402


def main() -> int:
    """The `cpjit` console script."""
    return _run(startup=_startup)


if __name__ == "__main__":
    # (the runner called straight from here: the program's recursion limit
    # falls where it always has, a frame more or less shifts it)
    sys.exit(_run(startup=_startup))
