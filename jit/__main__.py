"""`python -m jit ...` and the `cpjit` console script (see jit.runner)."""
import sys
from importlib.machinery import BuiltinImporter, ExtensionFileLoader

from jit import gc_shelter

# Everything cpjit's start-up makes, from here to the program's first
# instruction, lives as long as the process: a GC shelter window
# (jit/gc_shelter.py).
_window = gc_shelter.Window()
_imported = set(sys.modules)

# The modules start-up imports come from the start-up bundle (jit/bundle.py).
from jit import bundle  # noqa: E402

_bundle = bundle.Bundle(bundle.STARTUP)


class _StartUp:
    """What start-up opened before the runner, which closes it once the
    hook is installed: the window and the bundle.  Reading the bundle
    loaded C modules (mmap, zlib, _blake2) that the program must find
    unimported, as under python: closing takes them out of sys.modules
    (cpjit keeps its references), as the runner does with the hook's."""

    def __init__(self) -> None:
        self.loaded = [name for name in set(sys.modules) - _imported
                       if _is_c_module(sys.modules[name])]

    def close(self) -> None:
        _bundle.close()
        for name in self.loaded:
            sys.modules.pop(name, None)
        _window.close()


def _is_c_module(module: object) -> bool:
    loader = getattr(getattr(module, "__spec__", None), "loader", None)
    return isinstance(loader, ExtensionFileLoader) or loader is BuiltinImporter


_startup = _StartUp()

from jit.runner import main as _run  # noqa: E402


def main() -> int:
    """The `cpjit` console script."""
    return _run(startup=_startup)


if __name__ == "__main__":
    # (the runner called straight from here: the program's recursion limit
    # falls where it always has, a frame more or less shifts it)
    sys.exit(_run(startup=_startup))
