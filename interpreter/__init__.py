"""Tier 1: a virtual machine for CPython 3.11 bytecode.

Public API
----------
run_code(code, globals=None, locals=None) -> value
    Run a module-level code object in the VM (like `exec`); functions and
    classes it creates run in the VM when VM code calls them.
call(func, *args, **kwargs) -> value
    Call a plain Python function in the VM (generator-like functions and
    non-Python callables are simply called).
run_file(path, argv) / run_module(name, argv) / run_command(source, argv)
    Run a program as `__main__`, the way `python path`, `python -m name` and
    `python -c source` do (sys.argv, sys.path[0], the __main__ module).
    Exceptions propagate; `strip_internal(tb)` removes the VM's own frames
    from a traceback before it is shown.
HANDLED, DELEGATED, FOLDED
    The opcode coverage declaration (see `interpreter.coverage`).
UNBOUND / NULL, Frame, ThreadState, InterpreterState, interp,
get_thread_state(), decode(code), run_frame(frame), raise_in_frame(...)
    The VM's state and frame contract, for the JIT (see `frame.py`,
    `ceval.py` and DESIGN.md).

Offsets (`Frame.instr_ptr`, exception table, JIT exit targets) are in code
units: `dis` offset // 2.
"""
from .ceval import raise_in_frame, run_frame
from .coverage import DELEGATED, FOLDED, HANDLED
from .decode import Decoded, decode
from .frame import NULL, UNBOUND, Frame
from .main import call, run_code, run_command, run_file, run_module
from .state import InterpreterState, ThreadState, get_thread_state, interp
from .traceback import strip_internal

__all__ = [
    "run_code", "call", "run_file", "run_module", "run_command", "strip_internal",
    "HANDLED", "DELEGATED", "FOLDED", "UNBOUND", "NULL", "Frame", "Decoded", "decode",
    "run_frame", "raise_in_frame", "InterpreterState", "ThreadState", "interp",
    "get_thread_state",
]
