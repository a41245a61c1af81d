"""The Tier 1 eval loop.

`run_frame(frame)` runs a prepared frame to completion on this thread. Inside,
calls between VM frames push and pop frames on the `previous` chain -- no
Python recursion per call -- so one loop runs a whole call tree.

The dispatch loop is `h = h(frame, localsplus)` while `h is not SWITCH`:
one identity test, no per-instruction try. Frame switches arrive as SWITCH
(`interpreter.signals`); anything a handler raises is a Python exception,
unwound through the 3.11 exception table by `unwind` from the offset of the
handler that raised (`Decoded.pc_of`).

Resuming from outside (what JIT exits need): set `frame.instr_ptr` and call
`run_frame`, which continues there -- Tier 1's stack depth at every offset is
static, so "resume at offset X with depth D" only requires D to be that
depth. `raise_in_frame` starts unwinding an exception at a given offset.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import sys
from typing import Any, Callable

from . import traceback as _tb
from .frame import NULL, Frame
from .program_signals import pending, run_pending
from .signals import SWITCH, RaiseAt, Reraise
from .state import ThreadState, get_thread_state, interp

def _push_check(ts: ThreadState) -> None:
    """CPython's _Py_EnterRecursivePy: a frame beyond the limit is refused."""
    if ts.depth >= interp.recursion_limit:
        raise RecursionError("maximum recursion depth exceeded")


def _enter(f: Frame) -> ThreadState:
    """Make `f` an entry frame on this thread: its return (or an exception
    escaping it) leaves the eval loop. Its `previous` is the VM frame that
    was running."""
    ts = get_thread_state()
    # sys.setrecursionlimit() called from VM code updates the cached limit
    # (builtins_shim); native callers are caught up with here.
    interp.recursion_limit = sys.getrecursionlimit()
    _push_check(ts)
    f.entry = True
    f.previous = ts.frame
    ts.depth += 1
    ts.frame = f
    return ts


def run_frame(f: Frame) -> Any:
    """Run VM frame `f` from `f.instr_ptr` until it returns; return its value."""
    return _eval(_enter(f), f, f.instr_ptr, None)


def run_frame_after(f: Frame, start: Callable[[], int]) -> Any:
    """Run VM frame `f` from the offset `start()` gives, like run_frame;
    `start` runs with `f` entered (so it may run instructions of `f`, as the
    JIT's recorder does) and may raise RaiseAt, which is unwound from its
    offset like an instruction's exception (any other exception from
    `f.instr_ptr`)."""
    ts = _enter(f)
    try:
        pc = start()
    except RaiseAt as e:
        return _eval(ts, f, e.pc, e.exc)
    except BaseException as e:
        return _eval(ts, f, f.instr_ptr, e)
    return _eval(ts, f, pc, None)


def raise_in_frame(f: Frame, exc: BaseException, offset: int) -> Any:
    """Run `f` as if the instruction at `offset` had raised `exc` (with the
    stack at that instruction's depth): unwind through its exception table
    and continue. Returns like run_frame."""
    return _eval(_enter(f), f, offset, exc)


def _eval(ts: ThreadState, f: Frame, pc: int, exc: BaseException | None) -> Any:
    lp = f.localsplus
    h = f.decoded.ops[pc]
    if pending and exc is None and pc == f.decoded.first:
        h = f.decoded.ops[f.decoded.resume]  # the frame's RESUME runs them
    switch = SWITCH
    counting = interp.count_instructions
    from_python = True
    lasti = None
    while True:
        if exc is None:
            try:
                if counting:
                    # --stats only: the plain loop below stays as lean as it is.
                    executed = 0
                    try:
                        while h is not switch:
                            h = h(f, lp)
                            executed += 1
                    finally:
                        interp.stats.instructions += executed
                else:
                    while h is not switch:
                        h = h(f, lp)
            except BaseException as e:
                pc = f.decoded.pc_of[h]   # h is the handler that raised
                if type(e) is Reraise:
                    exc, pc, lasti, from_python = e.exc, e.pc, e.lasti, False
                elif type(e) is RaiseAt:
                    exc, pc = e.exc, e.pc
                else:
                    exc = e
                if ts.escaping is not None and ts.escaping[0] is exc:
                    # re-raised out of a nested run_frame (directly, or
                    # through native code and the JIT's RaiseAt): undo the
                    # implicit chaining a Python-level `raise` may have done,
                    # and let go of it (kept there, it kept its traceback's
                    # frames alive past the program's last reference; so
                    # would a local here, in a long-running eval loop)
                    exc.__context__ = ts.escaping[1]
                    ts.escaping = None
            else:
                if f.callee is not None:      # a CALL: push the callee
                    if ts.depth < interp.recursion_limit:
                        ts.depth += 1
                        # (no local may keep a frame alive after it returns)
                        f.callee, f = None, f.callee
                        ts.frame = f
                        lp = f.localsplus
                        h = f.decoded.start  # (a pushed frame starts at `first`)
                        if pending:  # the callee's RESUME runs them
                            h = f.decoded.ops[f.decoded.resume]
                        continue
                    f.callee = None
                    pc = f.instr_ptr
                    # raise the RecursionError here, with the context
                    # CPython would give it
                    try:
                        _push_check(ts)
                    except RecursionError as e:
                        exc = e
                else:                         # a RETURN: pop the frame
                    ts.depth -= 1
                    ts.frame = caller = f.previous
                    if f.entry:
                        if pending:
                            # after the call that ran this frame returns:
                            # never back to native code with signals held
                            run_pending(f, None)
                        return lp[f.stacktop - 1]
                    # (the value goes straight to the caller's stack: no
                    # local may keep it alive)
                    caller.localsplus[caller.stacktop] = lp[f.stacktop - 1]
                    f = caller
                    lp = f.localsplus
                    h = f.decoded.ops[f.instr_ptr + f.return_offset]
                    continue
        f, pc = unwind(ts, f, pc, exc, from_python, lasti)
        exc = lasti = None
        from_python = True
        lp = f.localsplus
        h = f.decoded.ops[pc]


def unwind(ts: ThreadState, f: Frame, pc: int, exc: BaseException,
           add_entry: bool, lasti: int | None = None) -> tuple[Frame, int]:
    """Find the handler for `exc` raised at `pc` in `f`, popping frames that
    have none. Returns the frame and handler offset to continue at, with the
    handler's stack set up; re-raises `exc` when it escapes the entry frame.
    `lasti` (default `pc`) is the offset the frame reports, see Reraise."""
    interp.stats.exceptions_unwound += 1
    strip = add_entry
    while True:
        if lasti is None:
            lasti = pc
        f.instr_ptr = lasti
        if add_entry:
            _tb.add_entry(f, pc, exc, strip)
        add_entry = True
        strip = False
        dec = f.decoded
        entry = dec.handler_for(pc)
        # The handler keeps the stack below its depth. A frame without one
        # drops its whole stack before it is popped (CPython's
        # exception_unwind), so its temporaries die before any outer handler
        # runs; its locals live on as long as a traceback holds the frame.
        lp = f.localsplus
        sp = dec.nlocalsplus + (entry.depth if entry is not None else 0)
        lp[sp:] = (NULL,) * (len(lp) - sp)
        if entry is not None:
            if entry.lasti:
                lp[sp] = lasti
                sp += 1
            lp[sp] = exc
            f.stacktop = sp + 1
            return f, entry.target
        ts.depth -= 1
        ts.frame = caller = f.previous
        if f.entry:
            ts.escaping = (exc, exc.__context__)
            raise exc
        f = caller
        pc = lasti = f.instr_ptr
