/* The contract between stencils and the copy-and-patch emitter.
 *
 * A stencil is one function, `_JIT_ENTRY`, compiled on its own.  Its holes are
 * extern symbols whose *address* is the value patched in at run time:
 *
 *   value holes   _JIT_OPARG, _JIT_OPERAND, _JIT_TARGET
 *                 _JIT_EXIT_INDEX   _EXIT_STUB's guard exit, in the exit table
 *                 _JIT_ERROR_INDEX  this uop's error exit, in the exit table
 *                 _JIT_EXIT_SLOT    the read-write slot holding where
 *                                   _EXIT_STUB's guard exit goes (the exit
 *                                   tail, or a side trace once the exit is
 *                                   hot)
 *                 _JIT_SLOT0..3     field n of the operand (a scratch slot
 *                                   number) as a byte offset into the scratch
 *                                   array (see SCRATCH below)
 *                 _JIT_OPARG_OFFSET, _JIT_OPERAND_OFFSET
 *                                   the oparg, the operand, as the byte offset
 *                                   of word n of an array (see AT_OPARG below)
 *   code holes    _JIT_CONTINUE     the next stencil of the chain
 *                 _JIT_EXIT         this uop's guard exit: its _EXIT_STUB
 *                 _JIT_JUMP_TARGET  the stencil a taken branch goes to
 *                 _JIT_ERROR        the trace's error tail (exception set)
 *
 * Every other undefined symbol is a C-API function or datum of the running
 * process.  Value holes are declared weak: clang assumes the address of an
 * ordinary declaration is non-null and would fold `oparg == 0` to false.
 *
 * Stencils use continuation-passing style: each ends in a `musttail` call of
 * the next one with the `preserve_none` convention, so a chain of stencils is
 * a chain of jumps that keeps its three arguments in registers.
 */
#ifndef CPJIT_JIT_H
#define CPJIT_JIT_H

/* Internal headers: the eval breaker lives in the interpreter state. */
#define Py_BUILD_CORE 1
#include <Python.h>
#include <stdint.h>
#include "internal/pycore_pystate.h"

/* Unboxed int64 / double temporaries of one native activation. */
#define JIT_SCRATCH_SLOTS 128

typedef union {
    int64_t i;
    double d;
} JITScratch;

/* Inlined calls: a callee's localsplus lives in JITState.inline_slots while
 * the trace runs its body; the caller's registers wait in `callers`. */
#define JIT_INLINE_DEPTH 8
/* The most items UNPACK_CALL_EX puts on the stack (jit/uops.py MAX_UNPACKED). */
#define JIT_MAX_UNPACKED 16
#define JIT_INLINE_SLOTS 512

typedef struct {
    PyObject **localsplus;
    PyObject **stack_pointer;  /* above the call's inputs, popped */
} JITCaller;

typedef struct {
    /* One past the last slot of the frame's localsplus list. */
    PyObject **localsplus_end;
    /* Its fast locals: while native code runs, the list's size says only
     * these (see hide_stack in helpers.h). */
    Py_ssize_t nlocalsplus;
    /* The exit being taken, set by the uop that takes it. */
    int64_t exit_index;
    /* The Tier 1 frame, its localsplus list, its globals, builtins and locals
     * mapping (None in function frames); all borrowed from the caller. */
    PyObject *frame;
    PyObject *localsplus_list;
    PyObject *globals;
    PyObject *builtins;
    PyObject *locals;
    JITScratch scratch[JIT_SCRATCH_SLOTS];
    /* The VM ThreadState running this frame, and its `depth` slot: while
     * native code runs on a frame, that frame's depth (CALL_NATIVE keeps it
     * so); while an ESCAPES uop runs in inlined calls, with theirs added
     * (ESCAPING_FROM in helpers.h), as the VM counts frames. */
    PyObject *thread_state;
    PyObject **depth_slot;
    /* The lowest C stack address this thread may nest native calls down to
     * (CALL_NATIVE, CALL_VM; jit/backend/stack.py), as given (an int) and
     * as an address. */
    PyObject *stack_limit_object;
    uintptr_t stack_limit;
    /* The interpreter's eval breaker, which loops poll (one load, not three
     * through the thread and interpreter states). */
    _Py_atomic_int *eval_breaker;
    /* Inlined frames now running; callers[0] is the trace's own frame. */
    int inline_depth;
    JITCaller callers[JIT_INLINE_DEPTH];
    PyObject *inline_slots[JIT_INLINE_SLOTS];
} JITState;

/* What a native caller does when a trace it entered leaves by an exit:
 * JIT_LINK_TIER1 (Tier 1 finishes the frame), JIT_LINK_RETURN (the frame
 * returned: the value is its only stack item), or the address of the
 * JITEntry of the loop whose header the exit resumes at. */
enum { JIT_LINK_TIER1 = 0, JIT_LINK_RETURN = 1 };

/* --stats: a count of uops as COUNT_UOPS's oparg and JITExits' `uncounted`
 * carry it: the uops in its low JIT_COUNT_BITS bits, how many of them are
 * GENERIC (stencils/uops.c) in the bits above.  The counter they go to is
 * int64_t[2]: the uops run natively, the generic ones among them. */
#define JIT_COUNT_BITS 16

/* One executor tree's exit links, by exit index (side traces add exits:
 * the arrays are replaced by longer ones, `count` follows).  Under --stats,
 * `counter` is the native uop counter and `uncounted` what each exit's pass
 * counted but did not run (else both NULL): a native caller that takes an
 * exit itself subtracts it, as Tier 1 does for the exits it takes. */
typedef struct {
    int64_t count;
    int64_t *links;
    int64_t *uncounted;
    int64_t *counter;
} JITExits;

#define JIT_SPARE_LISTS 4
enum { JIT_STAR_ARGS = 1, JIT_STAR_KWARGS = 2 };

/* Where native code enters the executor of one loop header or function
 * start: runtime-owned read-write memory (jit/runtime.py), so traces
 * compiled before an executor exists, or after it is retired, find the
 * current one.  `executor` is NULL while native callers must not enter
 * (none yet, or one that needs a Tier 1 frame object). */
typedef struct {
    PyObject *executor;       /* jit.backend.executor.Executor, borrowed */
    PyObject *trace;          /* its builtin (cpjit_trace), whose C function runs it */
    JITExits *exits;          /* its tree's exit links */
    int64_t inline_depth;     /* frames its inlined calls add */
    int64_t runs;             /* --stats: entries by native callers */
    /* the code's calling convention, for CALL_NATIVE */
    int64_t argcount;
    int64_t star;             /* its *args, **kwargs (JIT_STAR_*) */
    int64_t nlocalsplus;
    int64_t size;             /* its localsplus list's length */
    /* Lists its native calls left behind, cleared, for its next calls (a new
     * list per call -- a malloc, a free, GC tracking -- cost a recursive
     * call ~15% of its time). */
    int64_t spare_count;
    PyObject *spare[JIT_SPARE_LISTS];
} JITEntry;

#define JIT_CC __attribute__((preserve_none))

/* localsplus: the `ob_item` array of the frame's localsplus list (fast locals,
 * cells, free variables, then the value stack); stack_pointer: the next free
 * stack slot.  While native code runs, slots at and above stack_pointer are
 * owned by nobody (CPython's convention); the exit and error tails refill them.
 * reg_i0, reg_i1, reg_f0, reg_f1: the register stacks (see PUSH_I below),
 * passed through untouched by every stencil that does not use them. */
#define JIT_PARAMS PyObject **localsplus, PyObject **stack_pointer, JITState *state, \
    int64_t reg_i0, int64_t reg_i1, double reg_f0, double reg_f1
#define JIT_ARGS localsplus, stack_pointer, state, reg_i0, reg_i1, reg_f0, reg_f1

typedef JIT_CC PyObject *(*JITFunction)(JIT_PARAMS);

#define HOLE_VALUE extern char __attribute__((weak, visibility("hidden")))
/* Small value holes, whose values are never negative and fit 31 bits: with
 * clang's model("small") (clang >= 20 on x86-64) clang makes them 32-bit
 * immediates and folds them into displacements (R_X86_64_32S:
 * `mov rax, [r14 + hole]`), where a 64-bit hole needs a `movabs` and
 * arithmetic.  Older clang gets 64-bit holes; the emitter patches either,
 * and checks that a value fits its hole. */
#if defined(__clang_major__) && __clang_major__ >= 20
#define SMALL_HOLE_VALUE extern char __attribute__((weak, visibility("hidden"), model("small")))
#else
#define SMALL_HOLE_VALUE HOLE_VALUE
#endif
SMALL_HOLE_VALUE _JIT_OPARG[];
HOLE_VALUE _JIT_OPERAND[];
HOLE_VALUE _JIT_TARGET[];
SMALL_HOLE_VALUE _JIT_EXIT_INDEX[];
SMALL_HOLE_VALUE _JIT_ERROR_INDEX[];
HOLE_VALUE _JIT_EXIT_SLOT[];
SMALL_HOLE_VALUE _JIT_SLOT0[];
SMALL_HOLE_VALUE _JIT_SLOT1[];
SMALL_HOLE_VALUE _JIT_SLOT2[];
SMALL_HOLE_VALUE _JIT_SLOT3[];
SMALL_HOLE_VALUE _JIT_OPARG_OFFSET[];
SMALL_HOLE_VALUE _JIT_OPERAND_OFFSET[];

extern JIT_CC PyObject *_JIT_CONTINUE(JIT_PARAMS);
extern JIT_CC PyObject *_JIT_JUMP_TARGET(JIT_PARAMS);
extern JIT_CC PyObject *_JIT_ERROR(JIT_PARAMS);
extern JIT_CC PyObject *_JIT_EXIT(JIT_PARAMS);

#define JIT_OPARG ((int)(intptr_t)_JIT_OPARG)
/* The `type` at a value hole's byte offset from `base` (SCRATCH's too): one
 * load or store (`mov rax, [r12 + hole]`).  AT_OPARG / AT_OPERAND: word oparg
 * (operand) of an array of 8-byte `type`s, where indexing by the oparg hole
 * takes a move, a sign extension and a scaled load.  (An operand used so is
 * small: an attribute's index in an object's inline values.) */
#define AT_OFFSET(type, base, hole) (*(type *)((char *)(base) + (uintptr_t)(hole)))
#define AT_OPARG(type, base) AT_OFFSET(type, base, _JIT_OPARG_OFFSET)
#define AT_OPERAND(type, base) AT_OFFSET(type, base, _JIT_OPERAND_OFFSET)
#define OPARG_LOCAL AT_OPARG(PyObject *, localsplus)
#define OPARG_SCRATCH AT_OPARG(JITScratch, state->scratch)
#define JIT_OPERAND ((uint64_t)(uintptr_t)_JIT_OPERAND)

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

#define TAIL_CALL(F) __attribute__((musttail)) return F(JIT_ARGS)
#define CONTINUE() TAIL_CALL(_JIT_CONTINUE)

/* Leave through this uop's guard exit: a tail call of its own _EXIT_STUB
 * (stencils/uops.c), which records the exit.  Nothing else to do on the way
 * out, `if (UNLIKELY(cond)) TAKE_EXIT();` compiles to one conditional jump
 * out of the stencil, and the uop's hot path runs straight on to the next
 * stencil: it ends in the jump to _JIT_CONTINUE, which the emitter drops. */
#define TAKE_EXIT() TAIL_CALL(_JIT_EXIT)

/* Leave with an exception set, through this uop's error exit. */
#define TAKE_ERROR_EXIT()                                                  \
    do {                                                                   \
        state->exit_index = (intptr_t)_JIT_ERROR_INDEX;                    \
        TAIL_CALL(_JIT_ERROR);                                             \
    } while (0)

/* Unboxed scratch slots; an operand packs up to four 16-bit slot numbers,
 * which the emitter also patches into _JIT_SLOTn as byte offsets. */
#define SCRATCH(n) AT_OFFSET(JITScratch, state->scratch, _JIT_SLOT##n)
/* Field n of the operand as the index into any other array of 8-byte
 * `type`s (the emitter patches _JIT_SLOTn as an index times 8). */
#define AT_FIELD(type, base, n) AT_OFFSET(type, base, _JIT_SLOT##n)

/* The register stacks: two int64 and two double registers that hold the
 * values a trace wrote to scratch slots last, so a dependent chain of unboxed
 * operations need not go through memory.  Every write of an unboxed value to
 * a scratch slot writes the slot too (exits, snapshots and side traces read
 * slots) and pushes the value: reg_x0 takes it, reg_x1 what reg_x0 held.
 * IN_I(n) / IN_F(n) read field n's value: from its slot, or in a variant of
 * the uop (jit/stencils/templates.py) from reg_x0 or reg_x1, which the
 * registers pass (jit/optimizer/registers.py) knows to hold that slot. */
#define PUSH_VALUE(type, member, reg0, reg1, place, value)                \
    do {                                                                   \
        type pushed_ = (value);                                            \
        (place).member = pushed_;                                          \
        reg1 = reg0;                                                       \
        reg0 = pushed_;                                                    \
    } while (0)
#define PUSH_I(value) PUSH_VALUE(int64_t, i, reg_i0, reg_i1, OPARG_SCRATCH, value)
#define PUSH_F(value) PUSH_VALUE(double, d, reg_f0, reg_f1, OPARG_SCRATCH, value)
#define OUT_I(value) PUSH_VALUE(int64_t, i, reg_i0, reg_i1, SCRATCH(0), value)
#define OUT_F(value) PUSH_VALUE(double, d, reg_f0, reg_f1, SCRATCH(0), value)
#define IN_I(n) IN_I_##n
#define IN_F(n) IN_F_##n

#endif
