# Covers (fidelity): IMPORT_NAME goes through builtins.__import__ (a replaced __import__
# sees every import statement with its fromlist and level), LOAD_BUILD_CLASS goes
# through builtins.__build_class__ (a replaced one sees every class statement), and
# module-level __getattr__ (PEP 562) for attribute and from-imports.
import builtins
import sys
import types

real_import = builtins.__import__
real_build_class = builtins.__build_class__
seen = []


def logging_import(name, globals=None, locals=None, fromlist=(), level=0):
    seen.append((name, tuple(fromlist or ()), level))
    return real_import(name, globals, locals, fromlist, level)


def logging_build_class(func, name, *bases, **kw):
    seen.append(("class", name, len(bases), sorted(kw)))
    return real_build_class(func, name, *bases, **kw)


builtins.__import__ = logging_import
builtins.__build_class__ = logging_build_class
try:
    import json
    from collections import OrderedDict, deque
    import os.path as osp

    class Plain:
        pass

    class WithBase(Plain, metaclass=type):
        pass

    def in_function():
        import math
        from itertools import chain

        class Local:
            pass
        return math.floor(1.5), Local.__name__
    print(in_function())
finally:
    builtins.__import__ = real_import
    builtins.__build_class__ = real_build_class
print(seen)
lazy = types.ModuleType("lazy_mod")


def module_getattr(name):
    if name.startswith("dyn_"):
        return f"computed {name}"
    raise AttributeError(f"module 'lazy_mod' has no attribute {name!r}")


lazy.__getattr__ = module_getattr
sys.modules["lazy_mod"] = lazy
import lazy_mod
from lazy_mod import dyn_value
print(lazy_mod.dyn_other, dyn_value)
try:
    from lazy_mod import missing_thing
except ImportError as e:
    print("ImportError:", e)
try:
    lazy_mod.nothing
except AttributeError as e:
    print("AttributeError:", e)
