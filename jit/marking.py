"""The hook's marking policy: which code objects the VM runs when CPython-run
code calls them (`--vm-code`, `--vm-include`, `--vm-exclude` and their
environment variables).

By default: user code -- not the standard library, site-packages, frozen
modules or cpjit itself -- that contains a loop, the code Tier 2 can make
faster than CPython.  Generator-like code always stays on CPython.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import enum
import functools
import os
import sys
from types import CodeType
from typing import TYPE_CHECKING

from interpreter import traceback as vm_traceback
from interpreter.decode import _BACKWARD, CO_GENERATOR_LIKE
from interpreter.records import NamedTuple
from jit.paths import BUILD_DIR, GENERATED_CODE_PREFIX, ROOT

if TYPE_CHECKING:
    import re

ENVIRONMENT = {"mode": "CPJIT_VM_CODE", "include": "CPJIT_VM_INCLUDE",
               "exclude": "CPJIT_VM_EXCLUDE"}


@enum._simple_enum(enum.Enum)  # (made as jit.stencils.model's enums are)
class Mode:
    """Which user code the hook hands to the VM (`--vm-code`)."""
    LOOPS = "loops"  # code objects with a loop (the default)
    ALL = "all"      # every code object
    NONE = "none"    # nothing: the hook is not installed


# cpjit's own code (and the code it generates) never runs in the VM,
# whatever the patterns say, and neither does the import system (frozen
# importlib), which cpjit runs on.
# (The benchmarks' programs, jit/bench/, are programs like any other.)
_CPJIT_DIRS = tuple(os.path.join(str(path), "") for path in (
    ROOT / "interpreter", ROOT / "jit", BUILD_DIR))
_PROGRAMS_DIR = os.path.join(str(ROOT / "jit" / "bench"), "")
_NEVER = (*_CPJIT_DIRS, GENERATED_CODE_PREFIX, "<frozen ")




def library_dirs() -> tuple[str, ...]:
    """sysconfig's "stdlib" and "platstdlib" directories, without importing
    sysconfig (~1.5 ms of every start-up): the standard library is where its
    `os` module is, and the platform's part is under the exec prefix, as
    sysconfig's POSIX schemes have it (tests/test_hook.py compares them)."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    return tuple(sorted({os.path.join(path, "") for path in (
        os.path.dirname(os.__file__),
        os.path.join(os.path.normpath(sys.exec_prefix), sys.platlibdir, version))}))


# The standard library (and the site-packages inside it).
_LIBRARY_DIRS = library_dirs()
_PACKAGE_DIRS = (f"{os.sep}site-packages{os.sep}", f"{os.sep}dist-packages{os.sep}")


def is_cpjit_file(filename: str) -> bool:
    """Whether `filename` is cpjit's own code (or the import system's)."""
    return filename.startswith(_NEVER) and not filename.startswith(_PROGRAMS_DIR)


def is_user_file(filename: str) -> bool:
    """Whether code from `filename` is the program's own (not the standard
    library, an installed package, a frozen module or cpjit)."""
    return not (filename.startswith(_LIBRARY_DIRS) or is_cpjit_file(filename)) and not any(
        part in filename for part in _PACKAGE_DIRS)


def has_loop(code: CodeType) -> bool:
    """Whether `code` jumps backwards (every loop does, in 3.11 bytecode)."""
    return any(op in _BACKWARD for op in code.co_code[::2])


class _Globs:
    """Glob patterns, compiled once into regular expressions: matching then
    runs no Python-level library code, which would see the builtins a program
    may have rebound.  A pattern matches the whole file name, or its base name
    when it has no directory part.  (One per tuple of patterns: see _globs.)"""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        def combined(chosen: list[str]) -> re.Pattern | None:
            if not chosen:
                return None
            import fnmatch  # (and re: only for patterns, which most runs have none of)
            import re
            return re.compile("|".join(fnmatch.translate(p) for p in chosen))
        self.path = combined([p for p in patterns if os.sep in p])
        self.base = combined([p for p in patterns if os.sep not in p])

    def match(self, filename: str) -> bool:
        return bool((self.path is not None and self.path.match(filename))
                    or (self.base is not None
                        and self.base.match(filename.rpartition(os.sep)[2])))


_globs = functools.cache(_Globs)


class Policy(NamedTuple):
    """The marking policy: `exclude` patterns win, then `include` patterns
    (any file, library code too) or user code, limited by `mode`.  (A
    NamedTuple, as start-up creates it: a dataclass costs ~0.5 ms to create.)"""

    mode: Mode = Mode.LOOPS
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def compiled(self) -> Policy:
        """Itself, with its patterns compiled: before the program runs, as
        compiling them runs library code (fnmatch, re)."""
        _globs(self.include)
        _globs(self.exclude)
        return self

    def marks(self, code: CodeType) -> bool:
        """Whether the VM runs `code` when CPython calls it.  Runs no library
        code (see _Globs): the hook asks while the program runs."""
        if code.co_flags & CO_GENERATOR_LIKE or not self.marks_file(code.co_filename):
            return False
        return not vm_traceback.is_internal(code) and (self.mode is Mode.ALL or has_loop(code))

    def marks_file(self, filename: str) -> bool:
        """Whether the VM may run code from `filename` (`marks` then looks at
        the code itself); when not, none of the file's code is marked, which
        the hook remembers per file."""
        if self.mode is Mode.NONE:
            return False
        # (the cheap tests on the file name first: the hook asks about every
        # function cpjit's imports define)
        if is_cpjit_file(filename) or _globs(self.exclude).match(filename):
            return False
        return _globs(self.include).match(filename) or is_user_file(filename)

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Policy:
        """The policy CPJIT_VM_CODE, CPJIT_VM_INCLUDE and CPJIT_VM_EXCLUDE
        (os.pathsep-separated patterns) give; ValueError names a bad mode."""
        environ = os.environ if environ is None else environ
        return cls(parse_mode(environ.get(ENVIRONMENT["mode"], "") or Mode.LOOPS.value,
                              ENVIRONMENT["mode"]),
                   _patterns(environ.get(ENVIRONMENT["include"], "")),
                   _patterns(environ.get(ENVIRONMENT["exclude"], "")))


def parse_mode(text: str, source: str) -> Mode:
    try:
        return Mode(text.strip())
    except ValueError:
        choices = ", ".join(mode.value for mode in Mode)
        raise ValueError(f"{source} must be one of {choices}, not {text!r}") from None


def _patterns(text: str) -> tuple[str, ...]:
    return tuple(pattern for pattern in text.split(os.pathsep) if pattern)
