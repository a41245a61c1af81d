"""The machine-code backends a run can choose (`--backend`, $CPJIT_BACKEND).

A backend is a strategy for one step: turning a trace's plan (stencil
instances, from `plan_trace`) into machine code.  Everything around it —
checking the trace, exits, slots, side traces, the executor — is shared, so
every backend runs under the same executor, exit and error contract.

Importing this module is cheap (the runner checks names with it at start-up);
a backend's machinery is imported when `get_backend` makes it.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from typing import TYPE_CHECKING, Callable

from interpreter.records import NamedTuple

if TYPE_CHECKING:
    from jit.backend.executor import EmitCode
    from jit.stencils.model import StencilLibrary

DEFAULT = "copy-and-patch"
# name -> LLVM optimization level (None: copy-and-patch)
LEVELS = {"copy-and-patch": None, "llvm": 2, "llvm-O0": 0}
NAMES = tuple(LEVELS)


def _nothing_to_prepare(library: StencilLibrary) -> None:
    pass


class Backend(NamedTuple):
    """A backend's entry points.  (A NamedTuple: the first compile creates
    the class, and a dataclass costs ~0.5 ms.)"""

    name: str
    emit: EmitCode
    # Run once the stencil library is loaded, before the first trace: a
    # backend that cannot work with it says why here (a StencilError).
    prepare: Callable[[StencilLibrary], object] = _nothing_to_prepare
    # What the last compilation spent its time on, for benchmarks (None: not broken down).
    timings: Callable[[], object] | None = None


def unknown(name: str) -> str:
    """The message for a backend name that does not exist."""
    return f"unknown backend {name!r} (choose from {', '.join(NAMES)})"


def get_backend(name: str) -> Backend:
    """The backend called `name`; ValueError (with `unknown`'s message) otherwise."""
    if name not in LEVELS:
        raise ValueError(unknown(name))
    level = LEVELS[name]
    if level is None:
        from jit.backend.emitter import emit
        return Backend(name, emit)
    from jit.backend.llvm.compiler import LlvmCompiler
    from jit.backend.llvm.templates import templates_for
    compiler = LlvmCompiler(level)
    return Backend(name, compiler.compile, templates_for, lambda: compiler.last)
