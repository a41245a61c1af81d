"""Exceptions a trace catches: `try: return d[k]` / `except KeyError:`.

A handler that catches an exception and drops it --

    PUSH_EXC_INFO; LOAD_GLOBAL name (...; BUILD_TUPLE n); CHECK_EXC_MATCH;
    POP_JUMP_FORWARD_IF_FALSE; POP_TOP; (LOAD_CONST; STORE_FAST ...) POP_EXCEPT

(`except NAME:` or `except (NAME, ...):`, no `as`, its body before
POP_EXCEPT at most constants stored in locals -- `value = None` -- and
anything after it: a `return`, `pass`, `continue`; LOAD_NAME in module
code, whose names are its globals) runs nothing between the raise and
POP_EXCEPT that could see the exception, or that it is the handled one:
it looks its names up and tests the exception, which then dies.  So a
trace does that work itself, and the exception is never the handled one,
nor gets the traceback entry Tier 1's unwinding would give it (a finalizer
of the exception's own, or of a local's value a store drops, could tell).
For the last uop of an instruction such a handler covers, either

* the recording saw the instruction raise (`catch`): it goes on after the
  handler's POP_TOP, and the uop is followed by
      GUARD_RAISED     it did not raise: leave; Tier 1 goes on after it
      CATCH_EXCEPTION  its error, via _CATCH_STUB (plan_trace): the
                       exception in place of its result, caught if a name
                       matches it, else raised again at the instruction;
                       the handled exception pushed, as PUSH_EXC_INFO left
                       it for POP_EXCEPT (a uop)
* or it did not (`caught_exit`), and nothing lies between the handler's
  stack depth and the uop's inputs: the uop is followed by CAUGHT_EXIT,
  which does nothing, and whose exit -- after POP_TOP, the handled
  exception in the result's place -- its error takes through _CATCH_EXIT
  when a name matches (else the uop's own error exit).  Tier 1, or the side
  trace that exit gets, goes on from there.

An exception raised inside inlined calls where no handler of the callee
covers the raise (`raise Stop(x)` in a callee, `except Stop:` in its
caller) is caught by the handler of the first caller that has one for its
CALL, when a trace may run that one: the callee frames it leaves return it
as their value (see `catch`).

A handler whose body runs code before POP_EXCEPT (`except KeyError:
counts[w] = 1`), or that names the exception (`except KeyError as e:`),
*handles* the exception: its body could see it -- as the name, as
sys.exception() in code it calls, as the __context__ of an exception it
raises, traceback and all.  A trace runs such a handler too (the CAUGHT_EXIT form
in the raising frame only), the exception exactly as Tier 1 would leave
it: CATCH_HANDLED (or CAUGHT_EXIT_HANDLED, whose error goes to
_CATCH_EXIT_HANDLED) gives it the traceback entries Tier 1's unwinding
would -- for each frame it passed, a `detached_frame` of its code, without
the VM frame's locals (which tracebacks of VM frames do not show as
CPython's anyway: see README's known gaps) -- and makes it the handled
exception, pushed above the one handled before: the recording (or the
exit) goes on at the handler's POP_TOP or STORE_FAST of the name, into the
body, whose POP_EXCEPT (a uop) restores the one handled before.

Any other handler -- a bare `except:`, names that are not globals
(`except self.Error:`), `except*`, a `with` statement's -- is Tier 1's, as
before: the recording ends where the instruction raises.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

from collections.abc import Sequence
from types import TracebackType

from interpreter.decode import Decoded, Instr
from interpreter.frame import NULL, Frame
from interpreter.records import NamedTuple
from interpreter.sealed import with_original_builtins
from interpreter.opcodes.exceptions import given_exception_matches
from interpreter.signals import RaiseAt, Reraise
from interpreter.state import get_handled_exception, set_handled_exception
from interpreter.traceback import detached_frame, strip_internal
from jit.trace.inline import leave
from jit.uops import InlineFrame, UOp, load_uops

# before POP_EXCEPT, a handler that drops the exception has only
_INERT = frozenset({"LOAD_CONST", "STORE_FAST", "NOP"})


class Handler(NamedTuple):
    """A handler `except NAME:` / `except (NAME, ...):` (`as name`) a trace
    may run."""
    names: tuple[str, ...]  # of the classes it catches
    # Where the recording (or the exit of a catch) goes on: after its POP_TOP
    # for a handler that drops the exception; else at its POP_TOP, or its
    # STORE_FAST of `as name`, the exception on the stack above the one
    # handled before.
    resume: int
    handles: bool           # its body runs code before POP_EXCEPT, or names it


_handlers: dict[tuple[Decoded, int], Handler | None] = {}


def runnable_handler(dec: Decoded, target: int) -> Handler | None:
    """The handler at offset `target`, when a trace may run it: `except
    NAME:` or `except (NAME, ...):`, maybe `as name` (see the module's
    docstring)."""
    key = (dec, target)
    if key not in _handlers:
        _handlers[key] = _read_handler(dec, target)
    return _handlers[key]


def _read_handler(dec: Decoded, target: int) -> Handler | None:
    ins = dec.by_offset[target]
    if ins.opname != "PUSH_EXC_INFO":
        return None
    names = []
    ins = dec.by_offset[ins.next]
    while (ins.opname == "LOAD_GLOBAL" and not ins.arg & 1) or ins.opname == "LOAD_NAME":
        names.append(dec.code.co_names[ins.arg >> (ins.opname == "LOAD_GLOBAL")])
        ins = dec.by_offset[ins.next]
    if ins.opname == "BUILD_TUPLE" and ins.arg == len(names) > 1:
        ins = dec.by_offset[ins.next]
    elif len(names) != 1:
        return None
    if ins.opname != "CHECK_EXC_MATCH":
        return None
    ins = dec.by_offset[ins.next]
    if ins.opname != "POP_JUMP_FORWARD_IF_FALSE":
        return None
    taken = dec.by_offset[ins.next]  # (the exception matched)
    if taken.opname == "STORE_FAST":
        return Handler(tuple(names), taken.offset, True)
    if taken.opname != "POP_TOP":
        return None
    ins = dec.by_offset[taken.next]
    while ins.opname in _INERT:
        ins = dec.by_offset[ins.next]
    if ins.opname == "POP_EXCEPT":
        return Handler(tuple(names), taken.next, False)
    return Handler(tuple(names), taken.offset, True)


def _result_depth(raising: list[UOp], depth: int) -> int | None:
    """How many items lie under the result of the last of `raising` (an
    instruction's uops, its stack `depth` items deep before they ran) --
    where the exception it raises takes the result's place -- when that uop
    may raise and has one result; else None."""
    if not raising:
        return None
    # (the recording runs with the program's builtins, and a first load of the
    # uop set goes through pathlib, which would use them)
    defs = with_original_builtins(load_uops)
    last = defs[raising[-1].name]
    if not last.can_error or last.output_count(raising[-1].oparg) != 1:
        return None
    for uop in raising[:-1]:
        definition = defs[uop.name]
        depth += definition.output_count(uop.oparg) - definition.input_count(uop.oparg)
    return depth - last.input_count(raising[-1].oparg)


def _handler_at(f: Frame, offset: int) -> tuple[object | None, Handler | None]:
    """The exception-table entry covering `offset` in `f`'s code (None: no
    handler does), and its handler when a trace may run it."""
    entry = f.decoded.handler_for(offset)
    # (LOAD_NAME looks in the frame's locals first: in module code, its globals)
    if entry is None or entry.lasti or not (f.locals is None or f.locals is f.globals):
        return entry, None
    return entry, runnable_handler(f.decoded, entry.target)


def _covering(f: Frame, ins: Instr, raising: list[UOp],
              depth: int) -> tuple[Handler, int] | None:
    """When a handler a trace may run covers `ins` in `f` (recorded as
    `raising`, its stack `depth` items deep before it ran), and the last of
    `raising` may raise and has one result: the handler, and how many items
    between its stack depth and the uop's inputs it drops."""
    # (the handler first: caught_exit asks after every instruction recorded)
    entry, handler = _handler_at(f, ins.offset)
    under = None if handler is None else _result_depth(raising, depth)
    if under is None or under < entry.depth:
        return None
    return handler, under - entry.depth


def _plan(handler: Handler, passed: Sequence[tuple[Frame, int]]) -> tuple:
    """What CATCH_HANDLED and _CATCH_EXIT_HANDLED take (stencils/helpers.h
    handle_caught) for `handler` catching an exception that `passed` each
    frame at an offset (innermost first; the handler's frame last): its
    names, the traceback entry Tier 1's unwinding gives the exception in
    each of those frames (frame object, tb_lasti, tb_lineno), and the
    function that strips cpjit's own frames from a traceback."""
    entries = []
    for frame, offset in passed:
        line = frame.decoded.line_of(offset)
        entries.append((detached_frame(frame.decoded.code, frame.globals), offset * 2,
                        -1 if line is None else line))
    return handler.names, tuple(entries), strip_internal


def _handle(plan: tuple, exc: BaseException) -> None:
    """handle_caught's work, for the recording (which Tier 1 runs)."""
    _, entries, strip = plan
    tb = strip(exc.__traceback__)
    for frame, lasti, line in entries:
        tb = TracebackType(tb, frame, lasti, line)
    exc.__traceback__ = tb
    set_handled_exception(exc)


class Caught(NamedTuple):
    """An exception `catch` found a handler of the recording's to catch:
    the uops that follow the raising ones, and where the recording goes on
    -- after the handler's POP_TOP, in the frame whose handler it is (the
    raising one, or a caller inlined calls returned to)."""
    uops: list[UOp]
    resume: int
    frame: Frame
    frames_left: int  # inlined calls the exception left, innermost first


def catch(f: Frame, ins: Instr, raising: list[UOp], depth: int, exc: BaseException,
          inlined: Sequence[tuple[Frame, InlineFrame]] = ()) -> Caught | None:
    """`ins`, recorded as `raising` (its stack `depth` items deep before it
    ran), raised `exc` in frame `f`, the innermost of the `inlined` calls
    (outermost first) when there are any: when the handler that covers it
    -- in `f`, or, where no handler covers the raise, in the caller that
    the exception reaches unwinding the inlined calls, when that one drops
    it -- is one a trace may run and catches `exc`, what the recording goes
    on with, the frames as Tier 1's unwinding and the handler would leave
    them: each inlined call the exception left returned, the handler's
    frame's stack cut to its depth and the handled exception on top (for a
    handler that handles it, `exc` above that, handled now, with its
    traceback entries).
    Else None (the recording stops, and Tier 1 unwinds).

    Leaving inlined calls, MATCH_CAUGHT (in the raising frame) first checks
    that the handler catches the exception, else it is raised there, and
    Tier 1 unwinds it through every frame; each call then returns the
    exception as its value (INLINE_RETURN, the items under it dropped)."""
    if isinstance(exc, (Reraise, RaiseAt)):
        return None
    entry, handler = _handler_at(f, ins.offset)
    frame, offset, left = f, ins.offset, []  # left: the frames it leaves, where it is in each
    level = len(inlined)
    while entry is None and level:
        left.append((frame, offset))
        level -= 1
        offset = inlined[level][1].call_offset
        frame = frame.previous
        entry, handler = _handler_at(frame, offset)
    under = None if handler is None else _result_depth(raising, depth)
    if under is None:
        return None
    # The items under the exception in each frame it is in: in the raising
    # one, under the uop's result; in each caller, under the CALL's inputs.
    callers = [*(callee for callee, _ in left[1:]), frame] if left else []
    unders = [under, *(caller.stacktop - caller.decoded.nlocalsplus for caller in callers)]
    under = unders[-1]
    if under < entry.depth:
        return None
    names = handler.names
    types = tuple(frame.globals.get(name, frame.builtins.get(name)) for name in names)
    if not all(isinstance(kind, type) and issubclass(kind, BaseException) for kind in types) \
            or not given_exception_matches(exc, types):
        return None
    # (after an instruction that always raises, its exit -- never taken --
    # is the instruction itself, where Tier 1's stack is as the uop leaves it)
    uops = [UOp("GUARD_RAISED", 0, 0, ins.offset if ins.opname == "RAISE_VARARGS" else ins.next)]
    if left:
        uops.append(UOp("MATCH_CAUGHT", 0, id(names), ins.offset, keep=names))
    for (callee, at), items in zip(left, unders):
        uops += [UOp("SWAP", 2, 0, at), UOp("POP_TOP", 0, 0, at)] * items
        uops.append(UOp("INLINE_RETURN", 0, 0, at))
        leave(callee)
        callee.localsplus[:] = (NULL,) * len(callee.localsplus)  # (as its return would)
        callee.constructing = None
    lp = frame.localsplus
    base = frame.decoded.nlocalsplus + entry.depth
    lp[base:] = (NULL,) * (len(lp) - base)
    lp[base] = get_handled_exception()
    if handler.handles:
        plan = _plan(handler, [*left, (frame, offset)])
        uops.append(UOp("CATCH_HANDLED", under - entry.depth, id(plan), offset, keep=plan))
        lp[base + 1] = exc
        _handle(plan, exc)
    else:
        uops.append(UOp("CATCH_EXCEPTION", under - entry.depth, id(names), offset, keep=names))
    return Caught(uops, handler.resume, frame, len(left))


def caught_exit(f: Frame, ins: Instr, raising: list[UOp], depth: int) -> UOp | None:
    """`ins`, recorded as `raising` (its stack `depth` items deep before it
    ran), ran in frame `f` without raising: when a handler a trace may run
    covers it, with nothing between the handler's depth and the uop's
    inputs, the CAUGHT_EXIT (for a handler that handles the exception,
    CAUGHT_EXIT_HANDLED) that follows `raising` (its exit: the handler's
    `resume`)."""
    covering = _covering(f, ins, raising, depth)
    if covering is None or covering[1]:
        return None
    handler = covering[0]
    if handler.handles:
        plan = _plan(handler, [(f, ins.offset)])
        return UOp("CAUGHT_EXIT_HANDLED", 0, id(plan), handler.resume, keep=plan)
    return UOp("CAUGHT_EXIT", 0, id(handler.names), handler.resume, keep=handler.names)
