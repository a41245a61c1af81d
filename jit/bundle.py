"""cpjit's own modules served from one cache file each: the start-up bundle
(build/startup-KEY.marshal: the ~37 modules of the VM and the runner every
`python -m jit` imports before the program's first instruction) and the
Tier 2 bundle (build/tier2-KEY.marshal: the ~22 modules of the optimizer,
the recorder, the executor... the first hot loop imports).

The import system costs each module a path search, a stat, an open, a read
and a check of its `.pyc` on top of unmarshalling its code and running its
body.  As CPython 3.11 freezes the modules of its own start-up, a bundle
keeps their code objects in one cache file (jit/stencils/cache.py's format:
marked, checksummed, written atomically; one unmarshal, whose shared
strings a file per module would repeat), and a meta-path finder serves them
while the bundle is open.

A module is served only while its source's modification time (ns) and size
are those the bundle recorded (as `.pyc` files are checked); otherwise it
is imported as usual.  Closing the bundle writes it again whenever it was
not exactly what the import brought in: it lacked modules (an edited one,
or one the process's options import: `--dump`), or held modules the import
did not bring in (another configuration's, or ones the process had imported
before: a test session), which every start-up would unmarshal for nothing.
A run of processes alike writes it once.  A module keeps its real
`__file__` and its code's filename, so tracebacks, `inspect` and coverage
see the sources.

No sealed builtins here (unlike cpjit's other modules; jit.stencils.cache
and jit.paths alike): jit/__main__.py opens the start-up bundle before the
interpreter package, which provides them, is imported.  These functions run
at start-up, before the program, and in the JIT's steps, which run with the
start-up builtins (jit/runtime.py `_uninterrupted`).
"""
from __future__ import annotations

import os
import sys
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any, Callable, TypeVar

from jit.paths import BUILD_DIR
from jit.stencils import cache

T = TypeVar("T")

HEADER = (b"cpjit module bundle, written by jit/bundle.py from the modules' own "
          b"code: do not edit\n")
# (raised when the entries' layout changes: another key, another file)
FORMAT = 2

# name -> (source path, modification time in ns, size, is a package, code)
Entries = dict[str, tuple[str, int, int, bool, CodeType]]

STARTUP = ("startup", "start-up bundle", ("jit", "interpreter"))
TIER2 = ("tier2", "Tier 2 bundle", ("jit",))


class BundleLoader:
    """Runs a bundled module's code in its module."""

    def __init__(self, code: CodeType) -> None:
        self.code = code

    def create_module(self, spec: ModuleSpec) -> None:
        return None  # (the default module)

    def exec_module(self, module: ModuleType) -> None:
        exec(self.code, module.__dict__)


class Bundle:
    """A bundle file, open: its meta-path finder serves the modules it holds
    whose sources are unchanged until `close`."""

    def __init__(self, kind: tuple[str, str, tuple[str, ...]], directory: Path = BUILD_DIR) -> None:
        """`kind`: STARTUP or TIER2 (the file's name, what messages call it,
        the packages whose modules it bundles)."""
        stem, self.what, self.packages = kind
        self.path, self.key = _path(directory, stem)
        entries = cache.read(self.path, HEADER, self.key, self.what)
        self.entries: Entries = entries if isinstance(entries, dict) else {}
        self.served: set[str] = set()
        self.before = set(sys.modules)
        sys.meta_path.insert(0, self)

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        entry = self.entries.get(name)
        if entry is None:
            return None
        try:
            origin, modified, size, package, code = entry
            info = os.stat(origin)
        except (OSError, TypeError, ValueError):
            return None  # (a source gone, or entries of another layout: import as usual)
        if (info.st_mtime_ns, info.st_size) != (modified, size):
            return None  # edited: imported as usual, bundled again at close
        spec = ModuleSpec(name, BundleLoader(code), origin=origin, is_package=package)
        spec.has_location = True  # (__file__ is the source's)
        if package:
            spec.submodule_search_locations = [os.path.dirname(origin)]
        self.served.add(name)
        return spec

    def close(self, write: bool = True) -> None:
        """Take the finder off; with `write`, when the bundle is not what
        was imported since it opened (modules of its packages from
        elsewhere, or modules it holds that were not imported), write it
        again as that."""
        sys.meta_path.remove(self)
        if write:
            inside = tuple(f"{package}." for package in self.packages)
            imported = [name for name in sys.modules if name not in self.before
                        and (name in self.packages or name.startswith(inside))]
            if set(imported) != self.served or set(self.entries) != self.served:
                self._write(imported)
        self.entries = {}

    def _write(self, names: list[str]) -> None:
        """The bundle of the modules `names`, as imported, with their
        sources' metadata."""
        entries: Entries = {}
        for name in names:
            if name in self.served:
                entries[name] = self.entries[name]
                continue
            module = sys.modules.get(name)
            spec = getattr(module, "__spec__", None)
            loader = getattr(spec, "loader", None)
            if spec is None or not spec.has_location or not hasattr(loader, "get_code"):
                continue  # (imported some other way: not bundled)
            info = os.stat(spec.origin)
            entries[name] = (spec.origin, info.st_mtime_ns, info.st_size,
                             spec.submodule_search_locations is not None,
                             loader.get_code(name))
        cache.write(self.path, HEADER, self.key, lambda: entries)


def _path(directory: Path, stem: str) -> tuple[Path, str]:
    # (this checkout's: two sharing a build directory never serve each other's code)
    key = cache.key(b"cpjit module bundle", stem.encode(), str(FORMAT).encode(),
                    sys.version.encode(), os.path.dirname(os.path.abspath(__file__)).encode())
    return directory / f"{stem}-{key[:16]}.marshal", key


def importing(load: Callable[[], T], kind: tuple[str, str, tuple[str, ...]] = TIER2,
              directory: Path = BUILD_DIR) -> T:
    """`load()` with the bundle `kind` in `directory` open: its imports of
    the bundle's modules come from it, and the bundle is written again when
    it was not what `load` imported (not when `load` raised)."""
    bundle = Bundle(kind, directory)
    try:
        result = load()
    except BaseException:
        bundle.close(write=False)
        raise
    bundle.close()
    return result
