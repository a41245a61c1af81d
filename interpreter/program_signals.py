"""A program's signal handlers run where CPython would run them.

CPython runs a Python-level signal handler at its *eval-breaker points* --
the RESUME of a function, a backward jump, right after a call of anything
but a Python function -- and inside blocking C calls (`time.sleep`, a read),
which PEP 475 resumes when the handler returns. Tier 1 instructions are
Python functions, so CPython would otherwise run the program's handler at
the entry of any of them (the RESUME of *our* handler), where the program
itself could never see it: an exception between a `with` block's body and
its `__exit__` call, outside the block's protected range.

So `signal.signal` (`_signal.signal`, which the `signal` module calls)
installs a `ProgramHandler` in front of the program's handler, and
`getsignal` and `signal` give the program's own objects back. When CPython
calls a ProgramHandler while this thread's innermost Python frame belongs
to the Tier 1 dispatch (the eval loop, an instruction's handler or a helper
it called, `dispatch_loop`) and the VM frame is not calling out to the
program (`Frame.calling_out`, set around the program calls a handler makes;
`calls_out_only` for handlers whose one call is the program's),
the signal is kept in `pending`; the VM runs it at its own eval-breaker
points (`run_pending`): a frame's RESUME, JUMP_BACKWARD and the
POP_JUMP_BACKWARD_IF_* taken, and after a call that is not a push of a VM
frame. Everywhere else -- a blocking call the program made, library code
CPython runs, the JIT's own code and native traces -- it runs at once, as
CPython would run it there. Only the main thread runs signal handlers (CPython
calls them there): another thread at an eval-breaker point leaves `pending`
alone.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import _signal
import opcode
import os
import threading
from _thread import get_ident
from types import CodeType, FrameType
from typing import Any, Callable

from .frame import Frame
from .state import get_thread_state
from .traceback import frame_at, is_internal

# (signal number, the program's handler when the signal arrived), oldest
# first; a signal already here is not added again (CPython's `tripped`
# flag coalesces too). Tested by the eval-breaker points: empty = falsy.
pending: list[tuple[int, Callable]] = []

# Set while the JIT lets through signals it held back during a step of its
# own work: they are queued like dispatch's, for the program's next
# eval-breaker point (run where the JIT's code happens to be, a handler's
# exception was raised at whatever instruction called the JIT: a function's
# first, after its trace's recording had run the function on to a loop).
queue_all = False

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_MAIN_THREAD = threading.main_thread().ident
_real_signal = _signal.signal
_real_getsignal = _signal.getsignal


class ProgramHandler:
    """What CPython calls for a signal whose handler the program installed."""

    __slots__ = ("handler",)

    def __init__(self, handler: Callable) -> None:
        self.handler = handler

    def __call__(self, signum: int, frame: FrameType | None) -> Any:
        if queue_all or frame is not None and frame.f_code.co_filename.startswith(_RECORDER_DIR):
            # The JIT letting through signals it held back, or its recorder
            # between two instructions it runs: like dispatch, they deliver
            # the signal at the next eval-breaker point.
            if all(s != signum for s, _ in pending):
                pending.append((signum, self.handler))
            return None
        f = get_thread_state().frame
        pc = getattr(f, "calling_out", None)
        if pc is None:
            loop = dispatch_loop(frame)
            if loop is not None:
                pc = _calling_out_at(frame, loop, f)
            if pc is None and (loop is not None or _for_the_recorder(frame)):
                if all(s != signum for s, _ in pending):
                    pending.append((signum, self.handler))
                return None
        suspended = None  # (keeps the frame stopped at its instruction)
        if f is not None and frame is not None and _is_cpjit(frame.f_code):
            # the program's frame, not cpjit's
            suspended, frame = frame_at(f, pc)
        if pending:  # older signals first, as CPython would have run them
            _run(frame)
        return self.handler(signum, frame)


def _is_cpjit(code: CodeType) -> bool:
    return code.co_filename.startswith(_JIT_DIR) or is_internal(code)


_JIT_DIR = os.path.join(os.path.dirname(_PACKAGE_DIR.rstrip(os.sep)), "jit") + os.sep
_RECORDER_DIR = os.path.join(_JIT_DIR, "trace") + os.sep
# Code of instruction handlers whose only calls are the program's (FOR_ITER's
# `next`), with the offset of their RESUME: past it, such a handler is
# calling out, with no store on its hot path to say so.
_CALLS_OUT_ONLY: dict[CodeType, int] = {}
_RESUME = opcode.opmap["RESUME"]


def calls_out_only(factory: Callable) -> None:
    """Register the handlers `factory` makes as ones whose every call is a
    call of the program (so a signal CPython handles inside one runs at
    once, like one in a call marked by `Frame.calling_out`)."""
    for code in factory.__code__.co_consts:
        if type(code) is CodeType:
            # (scanning the opcodes, not dis.get_instructions: dis costs
            # start-up ~0.6 ms; cache entries are 0s, never RESUME)
            ops = code.co_code
            _CALLS_OUT_ONLY[code] = next(offset for offset in range(0, len(ops), 2)
                                         if ops[offset] == _RESUME)


def _for_the_recorder(frame: FrameType | None) -> bool:
    """Whether cpjit's code running now (the innermost frames) runs for the
    JIT's recorder or its hand-overs (jit/trace): a Tier 1 handler the
    recorder runs, or the VM taking over a frame native code called
    (jit/trace/calls.py) before that frame runs.  Such code defers a signal
    like dispatch does: the frame it concerns is not Tier 1's yet."""
    eval_code = _eval_code()
    while frame is not None and frame.f_code is not eval_code and _is_cpjit(frame.f_code):
        if frame.f_code.co_filename.startswith(_RECORDER_DIR):
            return True
        frame = frame.f_back
    return False


def _calling_out_at(frame: FrameType, loop: FrameType, f: Frame) -> int | None:
    """The offset of the instruction whose handler is calling the program
    in `frame` (dispatched by the eval loop's frame `loop`), else None."""
    resume = _CALLS_OUT_ONLY.get(frame.f_code)
    if resume is None or frame.f_lasti <= resume or frame.f_back is not loop:
        return None
    return f.decoded.pc_of.get(loop.f_locals.get("h"))


def dispatch_loop(frame: FrameType | None) -> FrameType | None:
    """The eval loop's frame if the innermost Python frame `frame` is Tier 1
    dispatch: the eval loop or code of this package it called (not the
    JIT's, not the program's)."""
    eval_code = _eval_code()
    while frame is not None:
        code = frame.f_code
        if code is eval_code:
            return frame
        if not code.co_filename.startswith(_PACKAGE_DIR):
            return None
        frame = frame.f_back
    return None


def _run(frame: Any) -> None:
    while pending:
        signum, handler = pending.pop(0)
        handler(signum, frame)


def run_pending(f: Frame, pc: int | None) -> None:
    """An eval-breaker point of VM frame `f`, at the instruction at `pc`,
    with signals pending: run their handlers (an exception raised by one is
    raised at this point; the later ones stay pending, as in CPython)."""
    if get_ident() != _MAIN_THREAD:
        return  # another thread got here first: the main thread runs them
    suspended, frame = frame_at(f, pc)  # (`suspended` keeps it at `pc`)
    _run(frame)


def _unwrapped(handler: Any) -> Any:
    return handler.handler if type(handler) is ProgramHandler else handler


def _signal_shim(signalnum: int, handler: Any) -> Any:
    if callable(handler):
        handler = ProgramHandler(handler)
    return _unwrapped(_real_signal(signalnum, handler))


def _getsignal_shim(signalnum: int) -> Any:
    return _unwrapped(_real_getsignal(signalnum))


def install() -> None:
    """Route the program's `signal.signal` and `getsignal` through the shims
    (once per process); the handler already installed for SIGINT (Python's
    KeyboardInterrupt) is wrapped like the program's."""
    if _signal.signal is _signal_shim:
        return
    _signal_shim.__doc__, _getsignal_shim.__doc__ = _real_signal.__doc__, _real_getsignal.__doc__
    _signal.signal, _signal.getsignal = _signal_shim, _getsignal_shim
    current = _real_getsignal(_signal.SIGINT)
    if callable(current) and type(current) is not ProgramHandler:
        try:
            _real_signal(_signal.SIGINT, ProgramHandler(current))
        except ValueError:  # not the main thread: CPython's handler stays
            pass


def _eval_code() -> CodeType:
    from .ceval import _eval  # (ceval imports this module)
    return _eval.__code__
