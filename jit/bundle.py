"""The Tier 2 machinery's modules from one file (build/tier2-KEY.marshal).

A process's first hot loop imports ~22 modules (the optimizer, the recorder,
the executor, ...), and the import system alone cost ~1 ms of that: for
each module a path search, a stat, an open, a read and a check of its
`.pyc`, ~45 us a module, on top of unmarshalling the code and running the
bodies.  As CPython 3.11 freezes the modules of its own start-up, the bundle
keeps their code objects in one cache file (jit/stencils/cache.py's format:
marked, checksummed, written atomically), and a meta-path finder serves
them while `jit.runtime` imports the machinery.

The file records each module's source path, size and modification time
(ns) and is used only while every one of them is unchanged (as `.pyc`
files are checked); otherwise the modules are imported as usual and the
bundle is written again from what was imported.  What a process imports
depends on what it had imported before (a test session, `--dump`), so a
bundle that lacks modules the machinery imported is written again with
them: the file converges on the whole machinery.  A module keeps its real
`__file__` and its code's filename, so tracebacks, `inspect` and coverage
see the sources.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import os
import sys
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any, Callable, TypeVar

from jit.paths import BUILD_DIR
from jit.stencils import cache

T = TypeVar("T")

HEADER = (b"cpjit Tier 2 bundle, written by jit/bundle.py from the modules' own "
          b"code: do not edit\n")
# (raised when the entries' layout changes: another key, another file)
FORMAT = 1

# name -> (source path, modification time in ns, size, is a package, code)
Entries = dict[str, tuple[str, int, int, bool, CodeType]]


class BundleLoader:
    """Runs a bundled module's code in its module."""

    def __init__(self, code: CodeType) -> None:
        self.code = code

    def create_module(self, spec: ModuleSpec) -> None:
        return None  # (the default module)

    def exec_module(self, module: ModuleType) -> None:
        exec(self.code, module.__dict__)


class _Finder:
    """The meta-path finder of the bundled modules."""

    def __init__(self, entries: Entries) -> None:
        self.entries = entries

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        entry = self.entries.get(name)
        if entry is None:
            return None
        origin, _, _, package, code = entry
        spec = ModuleSpec(name, BundleLoader(code), origin=origin, is_package=package)
        spec.has_location = True  # (__file__ is the source's)
        if package:
            spec.submodule_search_locations = [os.path.dirname(origin)]
        return spec


def _path(directory: Path) -> tuple[Path, str]:
    # (this checkout's: two sharing a build directory never serve each other's code)
    key = cache.key(b"cpjit Tier 2 bundle", str(FORMAT).encode(), sys.version.encode(),
                    os.path.dirname(os.path.abspath(__file__)).encode())
    return directory / f"tier2-{key[:16]}.marshal", key


def _current(directory: Path) -> Entries | None:
    """The bundle's entries, when there is one and no module's source changed."""
    path, key = _path(directory)
    entries = cache.read(path, HEADER, key, "Tier 2 bundle")
    if not isinstance(entries, dict):
        return None
    try:
        for origin, modified, size, _, _ in entries.values():
            info = os.stat(origin)
            if (info.st_mtime_ns, info.st_size) != (modified, size):
                return None
    except (OSError, TypeError, ValueError):
        return None  # (a source gone, or entries of another layout: import as usual)
    return entries


def _write(directory: Path, names: list[str], entries: Entries | None = None) -> None:
    """Bundle the modules `names`, as imported, with their sources' metadata
    (and `entries`, a current bundle's)."""
    if not names:
        return
    entries = dict(entries or {})
    for name in names:
        module = sys.modules.get(name)
        spec = getattr(module, "__spec__", None)
        loader = getattr(spec, "loader", None)
        if spec is None or not spec.has_location or not hasattr(loader, "get_code"):
            return  # (imported some other way: bundle nothing)
        info = os.stat(spec.origin)
        entries[name] = (spec.origin, info.st_mtime_ns, info.st_size,
                         spec.submodule_search_locations is not None, loader.get_code(name))
    path, key = _path(directory)
    cache.write(path, HEADER, key, lambda: entries)


def importing(load: Callable[[], T], prefix: str = "jit.",
              directory: Path = BUILD_DIR) -> T:
    """`load()`, whose imports of modules named `prefix`... come from the
    bundle in `directory` while it is current; the modules `load` imported
    from elsewhere (all of them when the bundle is not current) are bundled
    afterwards."""
    entries = _current(directory)
    before = set(sys.modules)
    if entries is None:
        result = load()
    else:
        finder = _Finder(entries)
        sys.meta_path.insert(0, finder)
        try:
            result = load()
        finally:
            sys.meta_path.remove(finder)
    unbundled = [name for name in sys.modules if name not in before
                 and name.startswith(prefix) and name not in (entries or ())]
    _write(directory, unbundled, entries)
    return result
