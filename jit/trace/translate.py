"""One bytecode instruction, and the values it saw, to uops.

The recorder calls `translate` before it executes each instruction, with the
instruction's stack inputs.  The answer is a Step:

* uops to emit now (guards on what the instruction saw, then its operation);
* for a branch, a function of where control went that emits the guard
  keeping the trace on that path (the other way exits to Tier 1);
* or `stop`: the trace closes *before* this instruction, the loop's own
  back edge, which Tier 1 runs.

An instruction no uop covers runs natively through its own Tier 1 handler
(TIER1_OP) when its handler always falls through to the next instruction;
anything else aborts the recording with a reason (`ABORT_REASONS`).
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import ctypes
import opcode
from types import BuiltinFunctionType, CodeType, FunctionType, MethodType, ModuleType
from typing import Any, Callable

from interpreter.builtins_shim import SHIMS
from interpreter.records import NamedTuple
from interpreter.decode import CO_GENERATOR_LIKE, Decoded, Instr, is_leaf
from interpreter.frame import NULL
from interpreter.opcodes.calls import _C_CALLABLES, _HEAPTYPE
from interpreter.state import get_thread_state
from interpreter.trampoline import trampoline
from jit.backend.native import ffi
from jit.trace import attributes, builtin_calls, layout
from jit.trace.inline import plain_init
from jit.trace.calls import (DEOPT, FUNCTION_START, call_vm, entry_cell, keywords_in_order,
                             runs_in_vm)
from jit.uops import PLAIN_TRUTH, SLICED_LIST, UOp

class Abort(Exception):
    """The recording cannot continue; `reason` is one of ABORT_REASONS."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Why a recording stops without a trace (documented reasons, counted in --stats).
ABORT_REASONS = {
    "inner loop": "a nested loop's back edge: the inner loop gets its own trace",
    "loop exit": "the recorded iteration left the loop (break, return, exhaustion)",
    "exception": "an instruction raised while the iteration was recorded",
    "too long": "the iteration needs more uops than a trace may hold",
    "deep nesting": "a call from native code nested too deep: Tier 1 makes it",
    "polymorphic call": "a side trace would start where a call's argument guard failed: the "
                        "loop's trace is recorded again, calling it unguarded",
    "unsupported": "an instruction that branches or switches frames in ways no uop covers "
                   "(exception handling, CALL_FUNCTION_EX, generators' instructions)",
}


class Step(NamedTuple):
    uops: list[UOp]
    branch: Callable[[int], list[UOp]] | None = None
    stop: bool = False
    # Runs the instruction instead of its Tier 1 handler, as the uops will:
    # (frame, localsplus) -> the next offset.
    run: Callable[[Any, list], int] | None = None


# Instructions whose Tier 1 handler can leave the straight line: jumps, frame
# switches, raising for sure, and the exception-handling machinery (an
# iteration that raises is never recorded).
_BRANCHING = frozenset(opcode.opname[op] for op in opcode.hasjrel + opcode.hasjabs) | {
    "CALL", "CALL_FUNCTION_EX", "RETURN_VALUE", "RAISE_VARARGS", "RERAISE",
    "PUSH_EXC_INFO", "POP_EXCEPT", "CHECK_EXC_MATCH", "CHECK_EG_MATCH",
    "WITH_EXCEPT_START", "PREP_RERAISE_STAR", "YIELD_VALUE", "SEND", "GET_AWAITABLE",
    "RETURN_GENERATOR", "ASYNC_GEN_WRAP", "GET_AITER", "GET_ANEXT", "BEFORE_ASYNC_WITH",
    "END_ASYNC_FOR", "GET_YIELD_FROM_ITER", "PRINT_EXPR",
}

_CFUNCTION_METHOD_DEF = ctypes.sizeof(ctypes.c_ssize_t) * 2  # PyCFunctionObject.m_ml


def _handler_uop(ins: Instr, dec: Decoded, inputs: int, outputs: int) -> UOp:
    """TIER1_OP: `ins` run by its Tier 1 handler, which must hand over to the
    next instruction's handler.  `inputs`/`outputs` are a net stack effect."""
    handlers = (dec.ops[ins.offset], dec.ops[ins.next])
    return UOp("TIER1_OP", (inputs << 8) | outputs, id(handlers), ins.offset, keep=handlers)


def _tier1_op(ins: Instr, dec: Decoded) -> UOp:
    effect = opcode.stack_effect(ins.op, ins.arg if ins.op >= opcode.HAVE_ARGUMENT else None,
                                 jump=False)
    return _handler_uop(ins, dec, max(0, -effect), max(0, effect))


# ---- translators, by opname ------------------------------------------------

def _load_fast(ins, dec, stack, header, side):
    return Step([UOp("LOAD_FAST_CHECKED", ins.arg, 0, ins.offset)])


def _store_fast(ins, dec, stack, header, side):
    return Step([UOp("STORE_FAST", ins.arg, 0, ins.offset)])


def _load_const(ins, dec, stack, header, side):
    value = dec.code.co_consts[ins.arg]
    return Step([UOp("LOAD_CONST", 0, id(value), ins.offset, keep=value)])


def _simple(name: str) -> Callable:
    def translate(ins, dec, stack, header, side):
        return Step([UOp(name, ins.arg, 0, ins.offset)])
    return translate


def _truth(name: str) -> Callable:
    """TO_BOOL / UNARY_NOT: a value of a type whose truth is plain C (a bool,
    an int, a list, None, ...) is guarded to have that type, so that the
    types pass knows no __bool__ runs: it drops a TO_BOOL of a bool, makes
    the others' TO_BOOL_PLAIN (no escape: what it knows of classes and
    globals survives).  (fannkuch tests list items: `while first:`.)"""
    def translate(ins, dec, stack, header, side):
        kind = type(stack[-1])
        guard = [UOp("GUARD_TYPE", 0, id(kind), ins.offset, keep=kind)] \
            if kind in PLAIN_TRUTH else []
        return Step([*guard, UOp(name, 0, 0, ins.offset)])
    return translate


# BINARY_OP's NB_* codes with specialised uops (in-place forms are the same
# for immutable ints and floats).
_ARITHMETIC = {0: "ADD", 13: "ADD", 10: "SUBTRACT", 23: "SUBTRACT", 5: "MULTIPLY", 18: "MULTIPLY"}
_INT_OPERATIONS = {**_ARITHMETIC, 1: "AND", 14: "AND", 7: "OR", 20: "OR", 12: "XOR", 25: "XOR"}
_FLOAT_OPERATIONS = {**_ARITHMETIC, 11: "TRUE_DIVIDE", 24: "TRUE_DIVIDE"}


def _binary_op(ins, dec, stack, header, side):
    lhs, rhs = type(stack[-2]), type(stack[-1])
    if lhs is rhs is int and ins.arg in _INT_OPERATIONS:
        return Step([UOp("GUARD_BOTH_INT", 0, 0, ins.offset),
                     UOp(f"BINARY_OP_{_INT_OPERATIONS[ins.arg]}_INT", 0, 0, ins.offset)])
    if lhs is rhs is float and ins.arg in _FLOAT_OPERATIONS:
        return Step([UOp("GUARD_BOTH_FLOAT", 0, 0, ins.offset),
                     UOp(f"BINARY_OP_{_FLOAT_OPERATIONS[ins.arg]}_FLOAT", 0, 0, ins.offset)])
    return Step([UOp("BINARY_OP", ins.arg, 0, ins.offset)])


def _compare_op(ins, dec, stack, header, side):
    lhs, rhs = type(stack[-2]), type(stack[-1])
    for kind, guard in ((int, "GUARD_BOTH_INT"), (float, "GUARD_BOTH_FLOAT")):
        if lhs is rhs is kind:
            return Step([UOp(guard, 0, 0, ins.offset),
                         UOp(f"COMPARE_OP_{kind.__name__.upper()}", ins.arg, 0, ins.offset)])
    return Step([UOp("COMPARE_OP", ins.arg, 0, ins.offset)])


# (container type, key type) -> the uop that checks both itself; a dict
# takes any key (its __hash__ / __eq__ run inside the uop).
_SUBSCRIPTS = {(list, int): "BINARY_SUBSCR_LIST_INT", (tuple, int): "BINARY_SUBSCR_TUPLE_INT",
               (dict, None): "BINARY_SUBSCR_DICT"}
_STORE_SUBSCRIPTS = {(list, int): "STORE_SUBSCR_LIST_INT", (dict, None): "STORE_SUBSCR_DICT"}


def _subscript(generic: str, specialised: dict[tuple[type, type | None], str]) -> Callable:
    def translate(ins, dec, stack, header, side):
        container, key = type(stack[-2]), type(stack[-1])
        name = specialised.get((container, key)) or specialised.get((container, None), generic)
        return Step([UOp(name, 0, 0, ins.offset)])
    return translate


def _load_global(ins, dec, stack, header, side):
    name = dec.code.co_names[ins.arg >> 1]
    cache = ffi.new("GlobalCache *")  # empty: the first run fills it
    cache.name = ffi.cast("void *", id(name))
    return Step([UOp("LOAD_GLOBAL", ins.arg, int(ffi.cast("uintptr_t", cache)), ins.offset,
                     keep=(cache, name))])


def _named(name: str) -> Callable:
    """A uop whose operand is the instruction's name (co_names[arg])."""
    def translate(ins, dec, stack, header, side):
        attribute = dec.code.co_names[ins.arg]
        return Step([UOp(name, ins.arg, id(attribute), ins.offset, keep=attribute)])
    return translate


def _import_from(ins, dec, stack, header, side):
    """IMPORT_FROM of a name in the module's namespace (the uop's case); any
    other (a module's __getattr__, a submodule found in sys.modules) is Tier
    1's, which the uop would leave for at every run."""
    module, name = stack[-1], dec.code.co_names[ins.arg]
    if type(module) is ModuleType and name in module.__dict__ and not hasattr(ModuleType, name):
        return _named("IMPORT_FROM")(ins, dec, stack, header, side)
    return Step([_tier1_op(ins, dec)])


def _load_attr(ins, dec, stack, header, side):
    name = dec.code.co_names[ins.arg]
    uops = attributes.load_attr(stack[-1], name, ins.offset)
    return Step(uops) if uops else _named("LOAD_ATTR")(ins, dec, stack, header, side)


def _store_attr(ins, dec, stack, header, side):
    name = dec.code.co_names[ins.arg]
    uops = attributes.store_attr(stack[-1], name, ins.offset)
    return Step(uops) if uops else _named("STORE_ATTR")(ins, dec, stack, header, side)


def _load_method(ins, dec, stack, header, side):
    name = dec.code.co_names[ins.arg]
    uops = attributes.load_method(stack[-1], name, ins.offset)
    if not uops:
        return _named("LOAD_METHOD")(ins, dec, stack, header, side)
    # The recording goes on with the stack the uops make, [function, self],
    # which Tier 1's CALL also takes.
    return Step(uops, run=_unbound_method(ins, uops[-1].keep))


def _unbound_method(ins: Instr, descriptor: Any) -> Callable[[Any, list], int]:
    top = ins.sp - 1

    def run(f, lp):
        lp[top + 1] = lp[top]
        lp[top] = descriptor
        return ins.next
    return run


def _branch_guard(truthy: bool, test_none: bool, exit_to: int) -> list[UOp]:
    """Keep the trace on the side where the popped value was `truthy` (or None)."""
    if test_none:
        return [UOp("GUARD_IS_NONE_POP" if truthy else "GUARD_IS_NOT_NONE_POP", 0, 0, exit_to)]
    return [UOp("GUARD_IS_TRUE_POP" if truthy else "GUARD_IS_FALSE_POP", 0, 0, exit_to)]


def _pop_jump(jump_when: bool, test_none: bool) -> Callable:
    def translate(ins, dec, stack, header, side):
        to_bool = [] if test_none else _truth("TO_BOOL")(ins, dec, stack, header, side).uops

        def branch(went_to: int) -> list[UOp]:
            jumped = went_to != ins.next
            if ins.target == header:
                if jumped:
                    # A conditional back edge closes the loop (while loops).
                    return _branch_guard(jump_when, test_none, ins.next) + [_jump_to_top(ins)]
                if not side:
                    raise Abort("loop exit")
                # A side trace may leave the loop: it runs on around an
                # enclosing loop until it comes back to the header.
            if ins.target < ins.offset and jumped and not _unrolls(header, side):
                raise Abort("inner loop")
            # The value matched `jump_when` exactly when control jumped.
            exit_to = ins.next if jumped else ins.target
            return _branch_guard(jump_when == jumped, test_none, exit_to)
        backward = ins.target < ins.offset and ins.target != header
        return Step(to_bool, branch, run=_plain_pop_jump(ins, jump_when, test_none)
                    if backward else None)
    return translate


def _plain_pop_jump(ins: Instr, jump_when: bool, test_none: bool) -> Callable[[Any, list], int]:
    """Another loop's conditional back edge, run by a side-trace recording as
    Tier 1's handler would, but without calling the back-edge hook."""
    top = ins.sp - 1

    def run(f, lp):
        value = lp[top]
        lp[top] = NULL
        matched = (value is None) if test_none else bool(value)
        return ins.target if matched == jump_when else ins.next
    return run




def _jump_if_or_pop(jump_when: bool) -> Callable:
    """JUMP_IF_TRUE_OR_POP / JUMP_IF_FALSE_OR_POP: the value stays when jumping."""
    def translate(ins, dec, stack, header, side):
        kind = type(stack[-1])
        if kind in PLAIN_TRUTH:
            # Tested in place, so the instruction needs no stack slot beyond
            # its code's (see GUARD_OR_POP_JUMPED).
            guard_type = [UOp("GUARD_TYPE", 0, id(kind), ins.offset, keep=kind)]

            def branch(went_to: int) -> list[UOp]:
                if went_to != ins.next:  # jumped, keeping the value
                    return [UOp("GUARD_OR_POP_JUMPED", int(jump_when), 0, ins.next)]
                # fell through: the value is popped; the other way keeps it
                return [UOp("GUARD_OR_POP_FELL_THROUGH", int(jump_when), 0, ins.target)]
            return Step(guard_type, branch)
        if ins.depth + 1 > dec.code.co_stacksize:
            raise Abort("unsupported")  # no slot for TO_BOOL's flag
        test = [UOp("COPY", 1), UOp("TO_BOOL", 0, 0, ins.offset)]

        def flag_branch(went_to: int) -> list[UOp]:
            if went_to != ins.next:
                guard = "GUARD_IS_TRUE_ELSE_POP_BOTH" if jump_when else "GUARD_IS_FALSE_ELSE_POP_BOTH"
                return [UOp(guard, 0, 0, ins.next)]
            return _branch_guard(not jump_when, False, ins.target) + [UOp("POP_TOP")]
        return Step(test, flag_branch)
    return translate


def _jump_to_top(ins: Instr) -> UOp:
    return UOp("JUMP_TO_TOP", 0, 0, ins.target, jump=0)


def _unrolls(header: int, side: bool) -> bool:
    """Whether another loop's back edge is recorded through: a side trace
    runs on around enclosing loops back to its header (an inner loop's
    exhaustion exit to the inner loop's next start), and an inlined callee's
    loops are unrolled (header -1), as long as the trace may grow."""
    return side or header < 0


def _jump_backward(ins, dec, stack, header, side):
    if ins.target == header:
        return Step([_jump_to_top(ins)], stop=True)
    if not _unrolls(header, side):
        raise Abort("inner loop")
    return Step([], run=lambda f, lp: ins.target)


def _jump_forward(ins, dec, stack, header, side):
    return Step([])


def _copy_free_vars(ins, dec, stack, header, side):
    # The first instruction of a closure, where only a function trace
    # starts: whoever enters one (Tier 1's start handler, CALL_NATIVE's
    # native_localsplus) has put the closure's cells in its slots already.
    return Step([])


# Iterators whose next item a uop takes without a call.
_SEQUENCE_ITERATORS = {type(iter([])): "FOR_ITER_LIST", type(iter(())): "FOR_ITER_TUPLE"}


def _for_iter(ins, dec, stack, header, side):
    next_item = [UOp(_SEQUENCE_ITERATORS.get(type(stack[-1]), "FOR_ITER_NEXT"), 0, 0,
                     ins.offset)]

    def branch(went_to: int) -> list[UOp]:
        if went_to != ins.target:
            return [UOp("GUARD_NOT_EXHAUSTED", 0, 0, ins.target)]
        if ins.offset == header:
            raise Abort("loop exit")
        # Another loop, done (an inner loop with no items, or an enclosing
        # loop a side trace runs around): the trace goes on after it.
        return [UOp("GUARD_EXHAUSTED", 0, 0, ins.next)]
    return Step(next_item, branch)


def _callee(ins: Instr, stack: list) -> Any:
    """The object a CALL calls, as its Tier 1 handler computes it."""
    base = len(stack) - ins.arg - 2
    return stack[base + 1] if stack[base] is NULL else stack[base]


def _call(ins, dec, stack, header, side):
    callee = _callee(ins, stack)
    kwnames = ins.kwnames or None
    operand = id(kwnames) if kwnames else 0
    guard = _callee_guard(ins, callee, ins.arg)
    if runs_in_vm(callee):
        method = type(callee) is MethodType
        code = _function_of(callee).__code__
        # (CPython calls the first of [NULL or callable, callable or first
        # argument] that is not NULL; a bound method adds its self.  With-exit
        # calls [bound __exit__, None, None, None]: two selves, which
        # CALL_NATIVE does not bind)
        in_method_slot = stack[len(stack) - ins.arg - 2] is not NULL
        if not (in_method_slot and method):
            cell, address = _function_entry(code)
            arguments = ins.arg + in_method_slot + method
            if not kwnames or keywords_in_order(code, arguments, kwnames):
                # (keywords in order bind as positional arguments)
                call = UOp("CALL_NATIVE", ins.arg, address, ins.offset, keep=cell)
            else:
                plan = (kwnames, address, cell)
                call = UOp("CALL_NATIVE_KW", ins.arg, id(plan), ins.offset, keep=plan)
        elif is_leaf(code):
            # (a closure, say) CPython runs it ~30x faster than a nested run
            # of Tier 1 would (which never gives a leaf a function trace)
            return Step([guard, _direct_call(ins, operand, kwnames)], run=_nested_call(ins))
        else:
            call = UOp("CALL_VM", ins.arg, operand, ins.offset, keep=kwnames)
        return Step([guard, call], run=_nested_call(ins))
    if _shimmed(callee):
        # the VM's stand-ins (super, locals, ...) work on its frame
        return Step([guard, _super_call(ins, dec, callee) or _call_tier1(ins, dec)])
    if _c_callable(callee):
        unbound = stack[len(stack) - ins.arg - 2] is not NULL
        call = (None if kwnames else
                _range_iterator(ins, dec, stack, callee) or
                builtin_calls.call_uop(callee, unbound, ins.arg, ins.offset)) or \
            UOp("CALL", ins.arg, operand, ins.offset, keep=kwnames)
        return Step([guard, *builtin_calls.argument_guards(call, stack, dec), call])
    if _runs_directly(callee):
        return Step([guard, _direct_call(ins, operand, kwnames)])
    if type(callee) is type and _leaf_init(callee):
        # A class whose instances object.__new__ makes and whose __init__ is
        # a leaf (a dataclass's, say): called directly as well, while the
        # class is unchanged.
        tag = layout.version_tag(callee)
        return Step([guard, UOp("GUARD_VERSION", tag, id(callee), ins.offset, keep=callee),
                     _direct_call(ins, operand, kwnames)])
    # Python-level code CPython runs (library code, a class whose __init__
    # is not a leaf, a callable instance): through a trampoline, as Tier 1
    # calls it, but without Tier 1's handler (a TIER1_OP, which no native
    # caller can run: the trace's function would run in Tier 1).
    code, recorded = _trampoline(dec, ins)
    operand = (code, kwnames, recorded)
    return Step([guard, UOp("CALL_TRAMPOLINED", ins.arg, id(operand), ins.offset, keep=operand)])


def _trampoline(dec: Decoded, ins: Instr) -> tuple[CodeType, FunctionType]:
    """The code of the trampoline for calls at `ins`, and the trampoline the
    recording's frame (the running one) calls through: Tier 1's."""
    running = get_thread_state().frame
    assert running is not None and running.decoded is dec, (running, dec)
    recorded = trampoline(dec, ins.offset, running.globals)
    return recorded.__code__, recorded


def _callee_guard(ins: Instr, callee: Any, count: int) -> UOp:
    """The guard that the callee of a call `ins` with `count` stack items
    above it is the recorded one."""
    kind = type(callee)
    if kind is BuiltinFunctionType and not isinstance(callee.__self__, (ModuleType, type(None))):
        # A bound built-in method (`items.append`): a new object per access, so
        # the guard is on the C method it wraps.
        method_def = ctypes.c_void_p.from_address(id(callee) + _CFUNCTION_METHOD_DEF).value
        return UOp("GUARD_CALLEE_CMETHOD", count, method_def, ins.offset)
    if kind is FunctionType or (kind is MethodType and type(callee.__func__) is FunctionType):
        # A Python function or a bound method of one: a new object at each
        # MAKE_FUNCTION or access (a genexpr's function, `rng.choice`), whose
        # guard on the object failed every iteration: the guard is on its code.
        method = kind is MethodType
        code = _function_of(callee).__code__
        return UOp("GUARD_CALLEE_METHOD_CODE" if method else "GUARD_CALLEE_CODE", count,
                   id(code), ins.offset, keep=code)
    return UOp("GUARD_CALLEE", count, id(callee), ins.offset, keep=callee)


def _function_of(callee: Any) -> Any:
    """What a call of `callee` runs: a bound method's function, else itself."""
    return callee.__func__ if type(callee) is MethodType else callee


def _function_entry(code: CodeType) -> tuple[Any, int]:
    """The entry cell of `code`'s function trace (CALL_NATIVE's and
    CALL_FUNCTION_EX_VM's operand) and its address."""
    cell = entry_cell(code, FUNCTION_START)
    return cell, int(ffi.cast("uintptr_t", cell))


def _shimmed(callee: Any) -> bool:
    """Whether Tier 1 calls one of the VM's stand-ins for `callee` (super,
    locals, ...: they read the calling frame)."""
    # (SHIMS holds built-in functions and `super`; other callables may not
    # even be hashable: a dead weakref, say)
    return (type(callee) is BuiltinFunctionType or callee is super) and callee in SHIMS


def _c_callable(callee: Any) -> bool:
    kind = type(callee)
    return kind in _C_CALLABLES or (kind is type and not callee.__flags__ & _HEAPTYPE)


def _runs_directly(callee: Any) -> bool:
    """Whether CPython may run `callee` called from a trace without a
    trampoline: a C callable, or a Python function (or bound method) that is
    a leaf or a generator function (calling one runs none of its code: it
    makes the generator, which whoever iterates it resumes)."""
    if _c_callable(callee):
        return True
    function = _function_of(callee)
    return type(function) is FunctionType and bool(
        is_leaf(function.__code__) or function.__code__.co_flags & CO_GENERATOR_LIKE)


def _call_function_ex(ins, dec, stack, header, side):
    """f(*args) and f(*args, **kwargs) with a tuple or list and a dict (what
    else Tier 1 converts, or raises for, it does alone)."""
    has_kwargs = ins.arg & 1
    callee, callargs = stack[-2 - has_kwargs], stack[-1 - has_kwargs]
    if type(callargs) not in (tuple, list) or (has_kwargs and type(stack[-1]) is not dict) \
            or _shimmed(callee):
        raise Abort("unsupported")
    guard = _callee_guard(ins, callee, 1 + has_kwargs)
    if runs_in_vm(callee):
        cell, address = _function_entry(_function_of(callee).__code__)
        return Step([guard, UOp("CALL_FUNCTION_EX_VM", has_kwargs, address, ins.offset,
                                keep=cell)],
                    run=_nested_call_ex(ins))
    if _runs_directly(callee):
        return Step([guard, UOp("CALL_FUNCTION_EX", has_kwargs, 0, ins.offset)])
    pair = _trampoline(dec, ins)  # (as CALL_TRAMPOLINED's)
    return Step([guard, UOp("CALL_FUNCTION_EX", has_kwargs, id(pair), ins.offset, keep=pair)])


def _super_call(ins: Instr, dec: Decoded, callee: Any) -> UOp | None:
    """CALL_SUPER for `super()` in a function with a first argument and a
    __class__ free variable (a method); None for any other call, whose
    error (or arguments) Tier 1's stand-in sees to."""
    code = dec.code
    if callee is not super or ins.arg or ins.kwnames or not code.co_argcount \
            or "__class__" not in code.co_freevars:
        return None
    slot = dec.nlocalsplus - len(code.co_freevars) + code.co_freevars.index("__class__")
    return UOp("CALL_SUPER", slot, int(code.co_varnames[0] in code.co_cellvars), ins.offset)


def _direct_call(ins: Instr, operand: int, kwnames: tuple | None) -> UOp:
    """The CALL uop (PyObject_Vectorcall, no trampoline) of a callee CPython
    runs that cannot tell who called it: a *leaf* (no calls, loops or
    handlers: interpreter.decode's Decoded.leaf) looks at no frame but its
    own."""
    return UOp("CALL", ins.arg, operand, ins.offset, keep=kwnames)


def _leaf_init(cls: type) -> bool:
    init = plain_init(cls)
    return type(init) is FunctionType and is_leaf(init.__code__)


def _range_iterator(ins: Instr, dec: Decoded, stack: list, callee: Any) -> UOp | None:
    """`for ... in range(ints)`: CALL of range with GET_ITER next makes the
    range iterator itself (CALL_RANGE_ITER); GET_ITER then gets the iterator,
    its own iterator.  None for any other call."""
    if callee is not range or not 1 <= ins.arg <= 3 or \
            dec.by_offset[ins.next].opname != "GET_ITER":
        return None
    if not all(type(value) is int for value in stack[len(stack) - ins.arg:]):
        return None
    return UOp("CALL_RANGE_ITER", ins.arg, 0, ins.offset)


def _nested_call(ins: Instr) -> Callable[[Any, list], int]:
    """CALL of a VM function as CALL_VM makes it: a nested run of the VM."""
    base, end, count = ins.sp - ins.arg - 2, ins.sp, len(ins.kwnames)
    cleared = (NULL,) * (ins.arg + 2)

    def run(f, lp):
        function, *args = lp[base + 1:end] if lp[base] is NULL else lp[base:end]
        kwargs = dict(zip(ins.kwnames, args[len(args) - count:])) if count else {}
        result = call_vm(function, *args[:len(args) - count], **kwargs)
        if result is DEOPT:
            raise Abort("deep nesting")
        lp[base:end] = cleared
        lp[base] = result
        return ins.next
    return run


def _nested_call_ex(ins: Instr) -> Callable[[Any, list], int]:
    """CALL_FUNCTION_EX of a VM function as CALL_FUNCTION_EX_VM makes it."""
    end = ins.sp
    base = end - 3 - (ins.arg & 1)

    def run(f, lp):
        function, callargs, *kwargs = lp[base + 1:end]
        result = call_vm(function, *callargs, **(kwargs[0] if kwargs else {}))
        if result is DEOPT:
            raise Abort("deep nesting")
        lp[base:end] = (NULL,) * (end - base)
        lp[base] = result
        return ins.next
    return run


def _call_tier1(ins: Instr, dec: Decoded) -> UOp:
    # CALL pops the callable pair and the arguments, then pushes the result.
    return _handler_uop(ins, dec, inputs=ins.arg + 1, outputs=0)


def _build_slice(ins, dec, stack, header, side):
    container = stack[-ins.arg - 1] if len(stack) > ins.arg else None
    return Step([UOp(f"BUILD_SLICE_{ins.arg}", SLICED_LIST if type(container) is list else 0, 0,
                     ins.offset)])


def _abort(reason: str) -> Callable:
    def translate(ins, dec, stack, header, side):
        raise Abort(reason)
    return translate


def _raise_varargs(ins, dec, stack, header, side):
    # (recorded only where a handler the trace runs catches what it raises:
    # jit/trace/handlers.py; a re-raise or a cause is Tier 1's)
    if ins.arg != 1:
        raise Abort("unsupported")
    return Step([UOp("RAISE_VARARGS", 1, 0, ins.offset)])


TRANSLATORS: dict[str, Callable] = {
    "LOAD_FAST": _load_fast,
    "STORE_FAST": _store_fast,
    "DELETE_FAST": _simple("DELETE_FAST"),
    "LOAD_CONST": _load_const,
    "POP_TOP": _simple("POP_TOP"),
    "PUSH_NULL": _simple("PUSH_NULL"),
    "COPY": _simple("COPY"),
    "SWAP": _simple("SWAP"),
    "BINARY_OP": _binary_op,
    "COMPARE_OP": _compare_op,
    "IS_OP": _simple("IS_OP"),
    "CONTAINS_OP": _simple("CONTAINS_OP"),
    "UNARY_NEGATIVE": _simple("UNARY_NEGATIVE"),
    "UNARY_NOT": _truth("UNARY_NOT"),
    "BINARY_SUBSCR": _subscript("BINARY_SUBSCR", _SUBSCRIPTS),
    "STORE_SUBSCR": _subscript("STORE_SUBSCR", _STORE_SUBSCRIPTS),
    "GET_ITER": _simple("GET_ITER"),
    "BUILD_TUPLE": _simple("BUILD_TUPLE"),
    "BUILD_LIST": _simple("BUILD_LIST"),
    **{name: _simple(name) for name in (
        "LIST_APPEND", "SET_ADD", "MAP_ADD", "FORMAT_VALUE", "BUILD_STRING", "BUILD_MAP",
        "BUILD_SET", "LIST_TO_TUPLE", "LIST_EXTEND", "UNARY_INVERT", "DELETE_SUBSCR",
        "LOAD_DEREF", "STORE_DEREF", "BUILD_CONST_KEY_MAP", "UNARY_POSITIVE", "GET_LEN",
        "LOAD_CLOSURE", "MAKE_FUNCTION", "MATCH_SEQUENCE", "MATCH_MAPPING", "MATCH_CLASS",
        "MATCH_KEYS", "BEFORE_WITH", "SET_UPDATE",
        "DICT_UPDATE", "DICT_MERGE", "MAKE_CELL", "UNPACK_EX", "POP_EXCEPT")},
    "COPY_FREE_VARS": _copy_free_vars,
    "BUILD_SLICE": _build_slice,
    "UNPACK_SEQUENCE": _simple("UNPACK_SEQUENCE"),
    "LOAD_GLOBAL": _load_global,
    "LOAD_NAME": _named("LOAD_NAME"),
    "IMPORT_NAME": _named("IMPORT_NAME"),
    "IMPORT_FROM": _import_from,
    "STORE_NAME": _named("STORE_NAME"),
    "STORE_GLOBAL": _named("STORE_GLOBAL"),
    "LOAD_ATTR": _load_attr,
    "LOAD_METHOD": _load_method,
    "STORE_ATTR": _store_attr,
    "POP_JUMP_FORWARD_IF_TRUE": _pop_jump(True, False),
    "POP_JUMP_BACKWARD_IF_TRUE": _pop_jump(True, False),
    "POP_JUMP_FORWARD_IF_FALSE": _pop_jump(False, False),
    "POP_JUMP_BACKWARD_IF_FALSE": _pop_jump(False, False),
    "POP_JUMP_FORWARD_IF_NONE": _pop_jump(True, True),
    "POP_JUMP_BACKWARD_IF_NONE": _pop_jump(True, True),
    "POP_JUMP_FORWARD_IF_NOT_NONE": _pop_jump(False, True),
    "POP_JUMP_BACKWARD_IF_NOT_NONE": _pop_jump(False, True),
    "JUMP_IF_TRUE_OR_POP": _jump_if_or_pop(True),
    "JUMP_IF_FALSE_OR_POP": _jump_if_or_pop(False),
    "JUMP_BACKWARD": _jump_backward,
    "JUMP_BACKWARD_NO_INTERRUPT": _abort("unsupported"),
    "JUMP_FORWARD": _jump_forward,
    "FOR_ITER": _for_iter,
    "CALL": _call,
    "CALL_FUNCTION_EX": _call_function_ex,
    "RAISE_VARARGS": _raise_varargs,
    "RETURN_VALUE": _abort("loop exit"),
}


def translate(ins: Instr, dec: Decoded, stack: list, header: int, side: bool) -> Step:
    """The uops for `ins` about to run with `stack` (its frame's live stack),
    in the recording of the loop at `header` (of a side trace, if `side`)."""
    translator = TRANSLATORS.get(ins.opname)
    if translator is not None:
        return translator(ins, dec, stack, header, side)
    if ins.opname in _BRANCHING:
        raise Abort("unsupported")
    return Step([_tier1_op(ins, dec)])
