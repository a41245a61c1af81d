"""Imports inside hot functions (IMPORT_NAME, IMPORT_FROM): `import m`,
`import a.b`, `from m import x, y`, a module whose name is a package's
submodule found through sys.modules, an import hook the program installs in
the builtins, and the errors: a missing module, a missing name, a module
with a __getattr__."""
import builtins
import sys
import types


def floor_third(x):
    import math
    return math.floor(x / 3)


def joined(x):
    import os.path
    return len(os.path.join("a", str(x)))


def roots(x):
    from math import isqrt, sqrt
    return isqrt(x) + int(sqrt(x))


lazy = types.ModuleType("lazy_module")
lazy.present = 5
lazy.__getattr__ = lambda name: len(name)
sys.modules["lazy_module"] = lazy


def from_lazy():
    from lazy_module import present, computed_attribute
    return present + computed_attribute


def missing(kind):
    try:
        if kind == 0:
            import no_such_module_anywhere  # noqa: F401
        else:
            from math import no_such_name  # noqa: F401
    except ImportError as error:
        return f"{type(error).__name__}: {error}"


imported = []
original_import = builtins.__import__


def counting_import(name, *args, **kwargs):
    imported.append(name)
    return original_import(name, *args, **kwargs)


def run(n):
    total = 0
    messages = set()
    for i in range(n):
        total += floor_third(i) + joined(i) + roots(i) + from_lazy()
        if i == n // 2:
            builtins.__import__ = counting_import
        if i % 200 == 0:
            messages.add(missing(0))
            messages.add(missing(1))
    builtins.__import__ = original_import
    return total, len(imported), sorted(messages)


print(run(1500))
