/* Small always-inlined helpers shared by uop bodies (see uops.c). */
#ifndef CPJIT_HELPERS_H
#define CPJIT_HELPERS_H

#include "jit.h"
#include <opcode.h>
/* Instance layouts for the attribute uops: inline values, managed dicts,
 * dict entries, modules' dicts; the recursion check of C calls; the small
 * ints. */
#include "internal/pycore_ceval.h"
#include "internal/pycore_dict.h"
#include "internal/pycore_long.h"
#include "internal/pycore_moduleobject.h"
#include "internal/pycore_object.h"

/* The VM's sentinel for C NULL on the stack and in unbound slots (a runtime
 * symbol, provided by jit/trace before any trace is emitted). */
extern PyObject cpjit_NULL;
#define VM_NULL (&cpjit_NULL)
/* Calls a function the VM runs, in the VM (a Python callable: function, *args,
 * **kwargs), or answers cpjit_DEOPT when Tier 1 must make the call itself. */
extern PyObject cpjit_call_vm;
extern PyObject cpjit_DEOPT;

/* Where INLINE_CALL finds the self it passes as the callee's first local
 * (its operand's bits 32-34; jit/uops.py SELF_*): none, a bound method's,
 * the instance a constructing call made, the unbound form's, a binary
 * operator's two operands. */
enum { JIT_SELF_NONE = 0, JIT_SELF_BOUND = 1, JIT_SELF_INSTANCE = 3, JIT_SELF_UNBOUND = 5,
       JIT_SELF_OPERANDS = 7 };

/* The function an inlined call calls, from its callable's items on the
 * stack, by where its self comes from (JIT_SELF_*; not a constructing call,
 * whose callable is the class, nor an operator's). */
static inline __attribute__((always_inline)) PyObject *
inlined_function(int self_from, PyObject *method_or_null, PyObject *callable_or_self)
{
    return self_from == JIT_SELF_UNBOUND ? method_or_null
        : self_from == JIT_SELF_BOUND ? PyMethod_GET_FUNCTION(callable_or_self)
        : callable_or_self;
}

/* BINARY_OP's oparg is one of CPython 3.11's NB_* codes.  A table rather
 * than a switch: its entries are absolute addresses the emitter resolves once
 * per process, where each call in a switch would be a hole to patch per trace. */
static const binaryfunc binary_functions[NB_INPLACE_XOR + 1] = {
    [NB_ADD] = PyNumber_Add,
    [NB_AND] = PyNumber_And,
    [NB_FLOOR_DIVIDE] = PyNumber_FloorDivide,
    [NB_LSHIFT] = PyNumber_Lshift,
    [NB_MATRIX_MULTIPLY] = PyNumber_MatrixMultiply,
    [NB_MULTIPLY] = PyNumber_Multiply,
    [NB_REMAINDER] = PyNumber_Remainder,
    [NB_OR] = PyNumber_Or,
    [NB_RSHIFT] = PyNumber_Rshift,
    [NB_SUBTRACT] = PyNumber_Subtract,
    [NB_TRUE_DIVIDE] = PyNumber_TrueDivide,
    [NB_XOR] = PyNumber_Xor,
    [NB_INPLACE_ADD] = PyNumber_InPlaceAdd,
    [NB_INPLACE_AND] = PyNumber_InPlaceAnd,
    [NB_INPLACE_FLOOR_DIVIDE] = PyNumber_InPlaceFloorDivide,
    [NB_INPLACE_LSHIFT] = PyNumber_InPlaceLshift,
    [NB_INPLACE_MATRIX_MULTIPLY] = PyNumber_InPlaceMatrixMultiply,
    [NB_INPLACE_MULTIPLY] = PyNumber_InPlaceMultiply,
    [NB_INPLACE_REMAINDER] = PyNumber_InPlaceRemainder,
    [NB_INPLACE_OR] = PyNumber_InPlaceOr,
    [NB_INPLACE_RSHIFT] = PyNumber_InPlaceRshift,
    [NB_INPLACE_SUBTRACT] = PyNumber_InPlaceSubtract,
    [NB_INPLACE_TRUE_DIVIDE] = PyNumber_InPlaceTrueDivide,
    [NB_INPLACE_XOR] = PyNumber_InPlaceXor,
};

/* --stats: `sign` times the uops `packed` counts (as JIT_COUNT_BITS packs
 * them) into `counter`'s two totals, all uops and the generic ones. */
static inline __attribute__((always_inline)) void
add_uop_count(int64_t *counter, int64_t packed, int64_t sign)
{
    counter[0] += sign * (packed & ((1 << JIT_COUNT_BITS) - 1));
    counter[1] += sign * (packed >> JIT_COUNT_BITS);
}

static inline __attribute__((always_inline)) PyObject *
binary_operation(int op, PyObject *lhs, PyObject *rhs)
{
    /* Power is the one ternary slot. */
    if (op == NB_POWER) {
        return PyNumber_Power(lhs, rhs, Py_None);
    }
    if (op == NB_INPLACE_POWER) {
        return PyNumber_InPlacePower(lhs, rhs, Py_None);
    }
    return binary_functions[op](lhs, rhs);
}

/* 1, 0, or -1 with an exception set; True, False and an exact int need no
 * call (an int is true when it has digits: long_bool). */
static inline __attribute__((always_inline)) int
truth_value(PyObject *value)
{
    if (value == Py_True) {
        return 1;
    }
    if (value == Py_False) {
        return 0;
    }
    if (PyLong_CheckExact(value)) {
        return Py_SIZE(value) != 0;
    }
    return PyObject_IsTrue(value);
}

/* a OP b, op one of Py_LT, Py_LE, Py_EQ, Py_NE, Py_GT, Py_GE (0-5), without
 * branches: op is a hole, so a switch would run its compares and jumps on
 * every use.  The outcome (0 less, 1 equal, 2 greater, 3 unordered: a NaN)
 * picks bit 4 * op + outcome of COMPARE_TRUTH, whose nibble per op says for
 * which outcomes the comparison is true. */
#define COMPARE_TRUTH (0x1 | 0x3 << 4 | 0x2 << 8 | 0xD << 12 | 0x4 << 16 | 0x6 << 20)
_Static_assert(Py_LT == 0 && Py_LE == 1 && Py_EQ == 2 && Py_NE == 3 && Py_GT == 4 && Py_GE == 5,
               "COMPARE_TRUTH's order");

static inline __attribute__((always_inline)) int64_t
compare_int64(int op, int64_t a, int64_t b)
{
    int outcome = (a >= b) + (a > b);
    return (COMPARE_TRUTH >> (4 * op + outcome)) & 1;
}

static inline __attribute__((always_inline)) int64_t
compare_double(int op, double a, double b)
{
    int outcome = (a >= b) + (a > b) + 3 * __builtin_isunordered(a, b);
    return (COMPARE_TRUTH >> (4 * op + outcome)) & 1;
}

/* LOAD_GLOBAL's cache, in read-write memory the recorder allocates (layout
 * shared with jit/backend/native.py).  `value` is borrowed: while both
 * dicts' version tags are unchanged (3.11's tags are unique across dicts), the
 * dicts still hold it. */
typedef struct {
    PyObject *name;
    PyObject *globals;
    PyObject *builtins;
    PyObject *value;
    uint64_t globals_version;
    uint64_t builtins_version;
} GlobalCache;

/* An int of at most one 30-bit digit (3.11 layout: the sign is ob_size's),
 * and its value. */
static inline __attribute__((always_inline)) int
is_compact_int(PyObject *value)
{
    return (size_t)(Py_SIZE(value) + 1) < 3;
}

static inline __attribute__((always_inline)) int64_t
compact_value(PyObject *value)
{
    return (int64_t)Py_SIZE(value) * (int64_t)((PyLongObject *)value)->ob_digit[0];
}

/* An index the runtime keeps as an int (a frame's depth, an exit's index):
 * read without a call when it is one digit. */
static inline __attribute__((always_inline)) Py_ssize_t
index_value(PyObject *value)
{
    return is_compact_int(value) ? (Py_ssize_t)compact_value(value) : PyLong_AsSsize_t(value);
}

/* PyLong_FromLongLong without the call for the small ints every process
 * shares (-5 to 256: loop counters, indexes, flags). */
static inline __attribute__((always_inline)) PyObject *
box_int64(int64_t value)
{
    if ((uint64_t)value + _PY_NSMALLNEGINTS < _PY_NSMALLNEGINTS + _PY_NSMALLPOSINTS) {
        return Py_NewRef((PyObject *)&_PyLong_SMALL_INTS[_PY_NSMALLNEGINTS + value]);
    }
    return PyLong_FromLongLong(value);
}

/* An arithmetic or bitwise NB_* operation on two exact ints: one-digit
 * operands here (the result always fits int64), bigger ones through the C
 * API.  `op` is a constant in every caller, so each uop keeps one case. */
static inline __attribute__((always_inline)) PyObject *
int_operation(int op, PyObject *lhs, PyObject *rhs)
{
    if (is_compact_int(lhs) && is_compact_int(rhs)) {
        int64_t a = compact_value(lhs), b = compact_value(rhs);
        switch (op) {
            case NB_ADD: return box_int64(a + b);
            case NB_SUBTRACT: return box_int64(a - b);
            case NB_MULTIPLY: return box_int64(a * b);
            case NB_AND: return box_int64(a & b);
            case NB_OR: return box_int64(a | b);
            default: return box_int64(a ^ b);
        }
    }
    return binary_functions[op](lhs, rhs);
}

/* The position an exact one-digit int `index` names among `size` items
 * (negative counts from the end), or -1 when it is out of range or not
 * such an int. */
static inline __attribute__((always_inline)) Py_ssize_t
item_index(PyObject *index, Py_ssize_t size)
{
    if (!PyLong_CheckExact(index) || !is_compact_int(index)) {
        return -1;
    }
    Py_ssize_t i = (Py_ssize_t)compact_value(index);
    if (i < 0) {
        i += size;
    }
    return i < 0 || i >= size ? -1 : i;
}

/* The position `index` names in `list` if it is an exact list, else -1. */
static inline __attribute__((always_inline)) Py_ssize_t
list_index(PyObject *list, PyObject *index)
{
    return PyList_CheckExact(list) ? item_index(index, PyList_GET_SIZE(list)) : -1;
}

/* The position `index` names in `tuple` if it is an exact tuple, else -1. */
static inline __attribute__((always_inline)) Py_ssize_t
tuple_index(PyObject *tuple, PyObject *index)
{
    return PyTuple_CheckExact(tuple) ? item_index(index, PyTuple_GET_SIZE(tuple)) : -1;
}

/* CPython 3.11's list and tuple iterators (Objects/listobject.c and
 * tupleobject.c, private; checked against the running interpreter by
 * tests/test_tier2_uops.py): the next index, and the sequence, NULL once
 * exhausted. */
typedef struct {
    PyObject_HEAD
    Py_ssize_t index;
    PyObject *sequence;
} SequenceIterator;

/* The iterator's next item (a new reference), or NULL once it is exhausted
 * (it then drops its sequence, as listiter_next / tupleiter_next do).  The
 * sequence may be a subclass of list or tuple: same layout. */
static inline __attribute__((always_inline)) PyObject *
sequence_iterator_next(PyObject *iterator, int is_list)
{
    SequenceIterator *it = (SequenceIterator *)iterator;
    PyObject *sequence = it->sequence;
    if (sequence == NULL) {
        return NULL;
    }
    Py_ssize_t size = is_list ? PyList_GET_SIZE(sequence) : PyTuple_GET_SIZE(sequence);
    if (it->index < size) {
        PyObject **items = is_list ? ((PyListObject *)sequence)->ob_item
                                   : ((PyTupleObject *)sequence)->ob_item;
        return Py_NewRef(items[it->index++]);
    }
    it->sequence = NULL;
    Py_DECREF(sequence);
    return NULL;
}

/* Set when CPython wants the running thread's attention: a signal, another
 * thread waiting for the GIL, pending calls, an asynchronous exception. */
static inline __attribute__((always_inline)) int
eval_breaker_is_set(const JITState *state)
{
    return _Py_atomic_load_relaxed(state->eval_breaker);
}

/* While native code runs, the localsplus list's stack slots hold what a
 * uop left there: a popped item's slot keeps a pointer to an object that may
 * be freed.  The garbage collector traverses a list up to its size, and runs
 * at any allocation (or in another thread, while a C call has released the
 * GIL), so the list says its size is its fast locals' only (which always
 * hold valid references); references only the stack holds count as outside
 * references, which the collector leaves alone.  Every way back to Python
 * code that may see the list (the tails, TIER1_OP) shows the whole list
 * again (show_stack), with every slot valid. */
static inline __attribute__((always_inline)) void
hide_stack(JITState *state)
{
    Py_SET_SIZE(state->localsplus_list, state->nlocalsplus);
}

static inline __attribute__((always_inline)) void
show_stack(JITState *state)
{
    Py_SET_SIZE(state->localsplus_list,
                state->localsplus_end - ((PyListObject *)state->localsplus_list)->ob_item);
}

/* Tier 1 requires every localsplus slot to hold a valid reference: dead
 * slots get None.  Its reference count is changed once for them all (one per
 * slot is a chain of dependent read-modify-writes of one word, ~5 cycles a
 * slot, which a native call pays three times over: refill, clear, release). */
static inline __attribute__((always_inline)) void
refill_dead_slots(PyObject **from, PyObject **end)
{
    if (from < end) {
        Py_SET_REFCNT(Py_None, Py_REFCNT(Py_None) + (end - from));
    }
    for (PyObject **slot = from; slot < end; slot++) {
        *slot = Py_None;
    }
}

/* Py_CLEAR of every slot in [from, end), None's count changed once (see
 * refill_dead_slots). */
static inline __attribute__((always_inline)) void
clear_slots(PyObject **from, PyObject **end)
{
    Py_ssize_t nones = 0;
    for (PyObject **slot = from; slot < end; slot++) {
        PyObject *value = *slot;
        if (value == NULL) {
            continue;
        }
        *slot = NULL;
        if (value == Py_None) {
            nones++;
        }
        else {
            Py_DECREF(value);
        }
    }
    Py_SET_REFCNT(Py_None, Py_REFCNT(Py_None) - nones);
}

/* Leaving from inside inlined calls: each inlined frame's slots, up to its
 * stack top, become a list (outermost first), so Tier 1 can rebuild the
 * frames.  The tuple of lists goes to the trace frame's first dead stack
 * slot (a call's inputs freed at least two), the other dead slots get None.
 * If a list cannot be made, every slot is released and that slot gets None:
 * Tier 1 finds no tuple there and raises the MemoryError at the call. */
static inline void
store_inlined_frames(PyObject **localsplus, PyObject **stack_pointer, JITState *state)
{
    int depth = state->inline_depth;
    PyObject *frames = PyTuple_New(depth);
    for (int level = 1; level <= depth; level++) {
        PyObject **base = level < depth ? state->callers[level].localsplus : localsplus;
        PyObject **top = level < depth ? state->callers[level].stack_pointer : stack_pointer;
        PyObject *list = frames != NULL ? PyList_New(top - base) : NULL;
        for (PyObject **slot = base; slot < top; slot++) {
            if (list != NULL) {
                PyList_SET_ITEM(list, slot - base, *slot);
            }
            else {
                Py_DECREF(*slot);
            }
        }
        if (list != NULL) {
            PyTuple_SET_ITEM(frames, level - 1, list);
        }
        else {
            Py_CLEAR(frames);
        }
    }
    state->inline_depth = 0;
    PyObject **root_top = state->callers[0].stack_pointer;
    *root_top = frames != NULL ? frames : Py_NewRef(Py_None);
    refill_dead_slots(root_top + 1, state->localsplus_end);
}

/* The value of the entry `hint` of a dict whose keys hold their values
 * (not a split dict), if that entry's key is `name`; else NULL.  A deleted
 * entry has no key, and `name` is in a dict at most once, so a match is
 * exactly the lookup's answer (LOAD_ATTR_WITH_HINT's and LOAD_ATTR_MODULE's
 * check, without a version). */
static inline __attribute__((always_inline)) PyObject *
dict_hint_value(PyDictObject *dict, Py_ssize_t hint, PyObject *name)
{
    PyDictKeysObject *keys = dict->ma_keys;
    if (dict->ma_values != NULL || hint >= keys->dk_nentries) {
        return NULL;
    }
    if (DK_IS_UNICODE(keys)) {
        PyDictUnicodeEntry *entry = DK_UNICODE_ENTRIES(keys) + hint;
        return entry->me_key == name ? entry->me_value : NULL;
    }
    PyDictKeyEntry *entry = DK_ENTRIES(keys) + hint;
    return entry->me_key == name ? entry->me_value : NULL;
}

/* Store `value` (a reference it takes) in `slot`, an instance attribute's
 * word of an object's inline values, keeping their insertion order as
 * CPython's STORE_ATTR_INSTANCE_VALUE does; the old value is released. */
static inline __attribute__((always_inline)) void
store_inline_value(PyDictValues *values, PyObject **slot, PyObject *value)
{
    PyObject *old = *slot;
    *slot = value;
    if (old == NULL) {
        _PyDictValues_AddToInsertionOrder(values, slot - values->values);
    }
    else {
        Py_DECREF(old);
    }
}

/* The trampoline (interpreter/trampoline.py) a trace calls Python-level code
 * CPython runs through, a new reference or NULL: `recorded`, the one its
 * recording used (Tier 1's, made once per line and globals), when the trace
 * runs on its globals; else one of its `code` made on the trace's (making
 * one at every call cost a function object's life each time). */
static inline PyObject *
trampoline_for(PyObject *code, PyObject *recorded, const JITState *state)
{
    return ((PyFunctionObject *)recorded)->func_globals == state->globals
        ? Py_NewRef(recorded) : PyFunction_New(code, state->globals);
}

/* A new dict of `values` (consumed) under the `keys` tuple's (exact strs
 * or constants: hashing them runs no Python code); NULL with an exception
 * set. */
static inline PyObject *
dict_of(PyObject *keys, PyObject **values, int count)
{
    PyObject *made = _PyDict_NewPresized(count);
    for (int i = 0; i < count && made != NULL; i++) {
        if (PyDict_SetItem(made, PyTuple_GET_ITEM(keys, i), values[i]) < 0) {
            Py_CLEAR(made);
        }
    }
    for (int i = 0; i < count; i++) {
        Py_DECREF(values[i]);
    }
    return made;
}

/* What a store of unboxed double `value` over `old` (NULL: none) puts in
 * its place, a new reference: `old` itself, its value overwritten, when it
 * is an exact float that only the place holds (the store would have freed
 * it: CPython 3.12 reuses a float operand so); else a new float, or NULL
 * with no memory for it (the error cleared: the uop leaves for Tier 1 to
 * run the store).  The store then releases `old` as any store does. */
static inline PyObject *
float_in_place_of(PyObject *old, double value)
{
    if (old != NULL && Py_REFCNT(old) == 1 && PyFloat_CheckExact(old)) {
        ((PyFloatObject *)old)->ob_fval = value;
        return Py_NewRef(old);
    }
    PyObject *boxed = PyFloat_FromDouble(value);
    if (boxed == NULL) {
        PyErr_Clear();
    }
    return boxed;
}

/* float_in_place_of's int64 counterpart: `old` itself, its digits
 * overwritten, when it is an exact int of as many digits (one or two) that
 * only the place holds and `value` is not one of CPython's cached small
 * ints (which are always those objects); else box_int64's object, or NULL
 * with no memory (the error cleared). */
static inline PyObject *
int_in_place_of(PyObject *old, int64_t value)
{
    if (old != NULL && Py_REFCNT(old) == 1 && PyLong_CheckExact(old) &&
            (uint64_t)value + _PY_NSMALLNEGINTS >= _PY_NSMALLNEGINTS + _PY_NSMALLPOSINTS) {
        uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
        Py_ssize_t digits = magnitude >> PyLong_SHIFT == 0 ? 1 :
            magnitude >> (2 * PyLong_SHIFT) == 0 ? 2 : 0;
        if (digits != 0 && Py_ABS(Py_SIZE(old)) == digits) {
            digit *place = ((PyLongObject *)old)->ob_digit;
            place[0] = (digit)(magnitude & PyLong_MASK);
            if (digits == 2) {
                place[1] = (digit)(magnitude >> PyLong_SHIFT);
            }
            Py_SET_SIZE(old, value < 0 ? -digits : digits);
            return Py_NewRef(old);
        }
    }
    PyObject *boxed = box_int64(value);
    if (boxed == NULL) {
        PyErr_Clear();
    }
    return boxed;
}

/* The `self` a C function gets: a bound built-in's own, or the object the
 * unbound form [method descriptor, self] carries. */
static inline __attribute__((always_inline)) PyObject *
c_self(PyObject *method_or_null, PyObject *callable_or_self)
{
    return method_or_null != VM_NULL ? callable_or_self : PyCFunction_GET_SELF(callable_or_self);
}

/* A METH_O or METH_NOARGS C function, with the recursion check CPython's
 * own calls of C functions make. */
static inline __attribute__((always_inline)) PyObject *
call_c_function(PyCFunction function, PyObject *self, PyObject *arg)
{
    PyThreadState *tstate = _PyThreadState_GET();
    if (_Py_EnterRecursiveCallTstate(tstate, " while calling a Python object")) {
        return NULL;
    }
    PyObject *result = function(self, arg);
    _Py_LeaveRecursiveCallTstate(tstate);
    return result;
}

/* len() of an exact list, tuple, bytes, dict, set, frozenset or str, read
 * where len() reads it; -1 for anything else, and for a str not yet ready
 * (a legacy one, whose length len() would compute). */
static inline __attribute__((always_inline)) Py_ssize_t
known_length(PyObject *value)
{
    PyTypeObject *type = Py_TYPE(value);
    if (type == &PyList_Type || type == &PyTuple_Type || type == &PyBytes_Type) {
        return Py_SIZE(value);
    }
    if (type == &PyDict_Type) {
        return ((PyDictObject *)value)->ma_used;
    }
    if (type == &PySet_Type || type == &PyFrozenSet_Type) {
        return PySet_GET_SIZE(value);
    }
    if (type == &PyUnicode_Type && PyUnicode_IS_READY(value)) {
        return PyUnicode_GET_LENGTH(value);
    }
    return -1;
}

/* len(): the lengths known_length reads without a call; other sizes
 * through the type's slots (PyObject_Size raises what builtin len raises). */
static inline __attribute__((always_inline)) Py_ssize_t
object_length(PyObject *value)
{
    Py_ssize_t known = known_length(value);
    if (known >= 0) {
        return known;
    }
    PySequenceMethods *sequence = Py_TYPE(value)->tp_as_sequence;
    if (sequence != NULL && sequence->sq_length != NULL) {
        return sequence->sq_length(value);
    }
    return PyObject_Size(value);
}

/* ---- unboxed values (jit/optimizer/unbox.py) ----------------------------- */

/* An exact int that fits int64, unboxed: 1; anything else: 0, no error. */
static inline __attribute__((always_inline)) int
unbox_int64(PyObject *value, int64_t *result)
{
    if (!PyLong_CheckExact(value)) {
        return 0;
    }
    if (is_compact_int(value)) {
        *result = compact_value(value);
        return 1;
    }
    int overflow;
    long long unboxed = PyLong_AsLongLongAndOverflow(value, &overflow);
    *result = unboxed;
    return overflow == 0 && !(unboxed == -1 && PyErr_Occurred());
}

/* An error in a uop that keeps a container and the items above it on the
 * stack (LIST_APPEND(i) and the like) consumes them: their references go. */
static inline void
release_below(PyObject *container, PyObject **items, int count)
{
    Py_DECREF(container);
    for (int i = 0; i < count; i++) {
        Py_DECREF(items[i]);
    }
}

/* An error, or the end, of a call uop: the call's inputs (the callable and
 * NULL or self pair, then `count` arguments) are released. */
static inline void
release_call(PyObject *method_or_null, PyObject *callable_or_self, PyObject **args, int count)
{
    Py_DECREF(method_or_null);
    release_below(callable_or_self, args, count);
}

/* Whether every key of the exact dict `update` is an exact str that `dict`
 * lacks (DICT_MERGE's case: looking them up runs no code, and no keyword
 * comes twice). */
static inline int
fresh_string_keys(PyObject *dict, PyObject *update)
{
    Py_ssize_t position = 0;
    PyObject *key, *value;
    while (PyDict_Next(update, &position, &key, &value)) {
        if (!PyUnicode_CheckExact(key) || PyDict_Contains(dict, key) != 0) {
            return 0;
        }
    }
    return 1;
}

/* The items of `seq` if it is an exact tuple or list (its size in `size`),
 * else NULL: what UNPACK_SEQUENCE and UNPACK_EX take apart without a call. */
static inline PyObject **
exact_sequence_items(PyObject *seq, Py_ssize_t *size)
{
    if (PyTuple_CheckExact(seq)) {
        *size = PyTuple_GET_SIZE(seq);
        return ((PyTupleObject *)seq)->ob_item;
    }
    if (PyList_CheckExact(seq)) {
        *size = PyList_GET_SIZE(seq);
        return ((PyListObject *)seq)->ob_item;
    }
    return NULL;
}

/* The index `index` (negative counts from the end) names in `list` if it
 * is an exact list and the index is in range, else -1. */
static inline __attribute__((always_inline)) Py_ssize_t
list_index_int64(PyObject *list, int64_t index)
{
    if (!PyList_CheckExact(list)) {
        return -1;
    }
    Py_ssize_t size = PyList_GET_SIZE(list);
    if (index < 0) {
        index += size;
    }
    return index < 0 || index >= size ? -1 : (Py_ssize_t)index;
}

/* _PyEval_SliceIndex of a bound (None, or an int: GUARD_SLICE_OPERANDS
 * checked), without a call for None and an int of one digit or none. */
static inline int
slice_index(PyObject *bound, Py_ssize_t *index)
{
    if (bound == Py_None) {
        return 1;
    }
    if (PyLong_CheckExact(bound) && is_compact_int(bound)) {
        *index = (Py_ssize_t)compact_value(bound);
        return 1;
    }
    return _PyEval_SliceIndex(bound, index);
}

/* PySlice_AdjustIndices for a step of 1 or -1, the only ones a fused slice
 * has (no division): the bounds clamped to a sequence of `length` items,
 * and the slice's item count. */
static inline Py_ssize_t
adjust_unit_slice(Py_ssize_t length, Py_ssize_t *start, Py_ssize_t *stop, Py_ssize_t step)
{
    Py_ssize_t before = step < 0 ? -1 : 0, past = step < 0 ? length - 1 : length;
    if (*start < 0) {
        *start += length;
        if (*start < 0) {
            *start = before;
        }
    }
    else if (*start >= length) {
        *start = past;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0) {
            *stop = before;
        }
    }
    else if (*stop >= length) {
        *stop = past;
    }
    Py_ssize_t count = step < 0 ? *start - *stop : *stop - *start;
    return count > 0 ? count : 0;
}

/* A slice's bounds as PySlice_Unpack gives them: int64s (`flags` bits 0
 * and 1), else the next objects of `on_stack`, None (an end of the list) or
 * ints (clamped to Py_ssize_t).  0 with an exception set on an error. */
static inline int
slice_bounds(int flags, PyObject **on_stack, int64_t start, int64_t stop, Py_ssize_t step,
             Py_ssize_t *low, Py_ssize_t *high)
{
    *low = step < 0 ? PY_SSIZE_T_MAX : 0;
    *high = step < 0 ? PY_SSIZE_T_MIN : PY_SSIZE_T_MAX;
    if (flags & 1) {
        *low = (Py_ssize_t)start;
    }
    else if (!slice_index(*on_stack++, low)) {
        return 0;
    }
    if (flags & 2) {
        *high = (Py_ssize_t)stop;
    }
    else if (!slice_index(*on_stack, high)) {
        return 0;
    }
    return 1;
}

/* Spare lists for slices (jit/trace/__init__.py): a slice's list that a
 * slice store used up (`b[:k + 1] = b[k::-1]`, fannkuch's flip), emptied
 * and kept with its item array, for the next slice to fill: PyList_New and
 * list_dealloc allocate and free that array each time.  A list of slots,
 * each None or an empty list with room for at most SPARE_SLICE_ITEMS items;
 * nothing else refers to those lists. */
extern PyObject cpjit_spare_slice_lists;
#define SPARE_SLICE_ITEMS 64

/* A list of `count` (>= 0) items to be filled in (a spare if one has room
 * and is still empty and the slots' own: gc.get_objects() could have handed
 * it out), or NULL with MemoryError set. */
static inline PyObject *
list_to_fill(Py_ssize_t count)
{
    PyObject **spares = ((PyListObject *)&cpjit_spare_slice_lists)->ob_item;
    for (Py_ssize_t i = 0; i < Py_SIZE(&cpjit_spare_slice_lists); i++) {
        PyListObject *spare = (PyListObject *)spares[i];
        if (spare != (PyListObject *)Py_None && spare->allocated >= count &&
                Py_REFCNT(spare) == 1 && Py_SIZE(spare) == 0) {
            spares[i] = Py_NewRef(Py_None);  /* (the slot's reference moves to the caller) */
            Py_SET_SIZE(spare, count);
            return (PyObject *)spare;
        }
    }
    return PyList_New(count);
}

/* `list[start:start + count] = value`, done here when `value` is an exact
 * list of `count` items that nothing else holds (a slice's temporary, a
 * BUILD_LIST's): the items trade places, then `value`'s (the replaced
 * ones) are released, as list_ass_slice releases them last, and `value`
 * becomes a spare (or is released).  Consumes `value` then; 0 (and nothing
 * done) otherwise. */
static inline int
store_slice_from_temporary(PyObject *list, Py_ssize_t start, Py_ssize_t count, PyObject *value)
{
    if (!PyList_CheckExact(value) || Py_REFCNT(value) != 1 || value == list ||
            Py_SIZE(value) != count) {
        return 0;
    }
    PyObject **to = ((PyListObject *)list)->ob_item + start;
    PyObject **from = ((PyListObject *)value)->ob_item;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *replaced = to[i];
        to[i] = from[i];
        from[i] = replaced;
    }
    Py_SET_SIZE(value, 0);  /* (its items released below: a finalizer they run sees it empty) */
    for (Py_ssize_t i = count - 1; i >= 0; i--) {  /* (in list_ass_slice's order) */
        Py_DECREF(from[i]);
    }
    PyObject **spares = ((PyListObject *)&cpjit_spare_slice_lists)->ob_item;
    if (((PyListObject *)value)->allocated <= SPARE_SLICE_ITEMS) {
        for (Py_ssize_t i = 0; i < Py_SIZE(&cpjit_spare_slice_lists); i++) {
            if (spares[i] == Py_None) {
                spares[i] = value;
                Py_DECREF(Py_None);
                return 1;
            }
        }
    }
    Py_DECREF(value);
    return 1;
}

/* The `count` items of `list` from `start` by `step` (adjusted bounds: see
 * adjust_unit_slice) as a new list, as list_subscript copies them. */
static inline PyObject *
list_slice_of(PyObject *list, Py_ssize_t start, Py_ssize_t count, Py_ssize_t step)
{
    PyObject *result = list_to_fill(count > 0 ? count : 0);
    if (result == NULL) {
        return NULL;
    }
    PyObject **from = ((PyListObject *)list)->ob_item, **to = ((PyListObject *)result)->ob_item;
    for (Py_ssize_t i = 0, at = start; i < count; i++, at += step) {
        to[i] = Py_NewRef(from[at]);
    }
    return result;
}

/* CPython 3.11.7's range iterator (Objects/rangeobject.c, private): the next
 * value is start + index * step, computed in unsigned long, while index < len.
 * (Checked against the running interpreter by tests/test_opt_unbox.py.) */
typedef struct {
    PyObject_HEAD
    long index;
    long start;
    long step;
    long len;
} RangeIterator;

/* iter(range(start, stop, step)) as 3.11.7's range_iter makes it for bounds
 * that fit a C long (step != 0): NULL, with no exception, where it would make
 * a long_range iterator instead (a length past LONG_MAX, or start + length *
 * step past a C long), or with MemoryError set. */
static inline PyObject *
new_range_iterator(long start, long stop, long step, int *unfit)
{
    unsigned long length = 0;
    if (step > 0 && start < stop) {
        length = 1UL + (stop - 1UL - start) / step;
    }
    else if (step < 0 && start > stop) {
        length = 1UL + (start - 1UL - stop) / (0UL - step);
    }
    *unfit = length > (unsigned long)LONG_MAX ||
        (length && (step > 0 ? stop > LONG_MAX - (step - 1) : stop < LONG_MIN + (-1 - step)));
    if (*unfit) {
        return NULL;
    }
    RangeIterator *iterator = PyObject_New(RangeIterator, &PyRangeIter_Type);
    if (iterator != NULL) {
        iterator->index = 0;
        iterator->start = start;
        iterator->step = step;
        iterator->len = (long)length;
    }
    return (PyObject *)iterator;
}

/* A Snapshot (jit/uops.py, Snapshot.encode): int64 words
 *   locals count | caller count << 32, stack count, real count,
 *   per local: localsplus index | its frame's level << 32, kind, value,
 *   per stack item (bottom first): kind, value,
 *   per caller of the inlined calls (outermost first): stack count, real
 *   count, per stack item: kind, value.
 * Inside inlined calls (caller count > 0) the stack is the innermost
 * callee's; level 0 is the trace's own frame, level k its k-th inlined one.
 * BOX_REAL's value numbers the real (boxed) stack items, bottom first. */
enum { BOX_REAL, BOX_INT, BOX_FLOAT, BOX_BOOL, BOX_OBJECT };

static inline __attribute__((always_inline)) PyObject *
box_value(JITState *state, int64_t kind, int64_t value)
{
    switch (kind) {
        case BOX_INT: return box_int64(state->scratch[value].i);
        case BOX_FLOAT: return PyFloat_FromDouble(state->scratch[value].d);
        case BOX_BOOL: return Py_NewRef(state->scratch[value].i ? Py_True : Py_False);
        default: return Py_NewRef((PyObject *)value);
    }
}

/* `count` stack items (kind, value words) at base[0..count), from the real
 * items at base[0..real count) (each real item moves up, never down: top
 * first; the slot it leaves is NULL until its own item comes) and boxed
 * scratch values; 1 if a box failed (its item is None, an exception is
 * set), else 0. */
static inline int
rebuild_items(PyObject **base, const int64_t *items, int64_t count, JITState *state)
{
    int failed = 0;
    for (int64_t i = count - 1; i >= 0; i--) {
        int64_t kind = items[2 * i], value = items[2 * i + 1];
        if (kind == BOX_REAL) {
            base[i] = base[value];
            if (value != i) {
                /* One slot per reference: a collection that a box's
                 * allocation starts must not see the object twice. */
                base[value] = NULL;
            }
            continue;
        }
        PyObject *boxed = box_value(state, kind, value);
        if (boxed == NULL) {
            failed = 1;
            boxed = Py_NewRef(Py_None);
        }
        base[i] = boxed;
    }
    return failed;
}

static inline const int64_t *
snapshot_items(const int64_t *snapshot)
{
    return snapshot + 3 + 3 * (snapshot[0] & 0xFFFFFFFF);
}

/* The snapshot's stack at base[0..stack count) (see rebuild_items). */
static inline int
rebuild_stack(PyObject **base, const int64_t *snapshot, JITState *state)
{
    return rebuild_items(base, snapshot_items(snapshot), snapshot[1], state);
}

/* Tier 1's view of the frame at an exit: the whole value stack (its real
 * items end at stack_pointer) and the unboxed locals; the new stack pointer.
 * The locals' old objects are stale ints and floats, released. */
static inline PyObject **
rebuild_frame(PyObject **localsplus, PyObject **stack_pointer, JITState *state,
              const int64_t *snapshot, int *failed)
{
    PyObject **base = stack_pointer - snapshot[2];
    *failed |= rebuild_stack(base, snapshot, state);
    int64_t callers = snapshot[0] >> 32;
    const int64_t *words = snapshot_items(snapshot) + 2 * snapshot[1];
    for (int64_t level = 0; level < callers; level++) {
        /* A caller's stack below the call grows in place (Tier 1's depth
         * there is within its code's stack size, the call's inputs popped). */
        JITCaller *caller = &state->callers[level];
        PyObject **caller_base = caller->stack_pointer - words[1];
        *failed |= rebuild_items(caller_base, words + 2, words[0], state);
        caller->stack_pointer = caller_base + words[0];
        words += 2 + 2 * words[0];
    }
    const int64_t *locals = snapshot + 3;
    for (int64_t i = 0; i < (snapshot[0] & 0xFFFFFFFF); i++) {
        /* The local's frame: its level (0: the trace's own) above bit 32;
         * localsplus is the innermost frame's. */
        int64_t level = locals[3 * i] >> 32, index = locals[3 * i] & 0xFFFFFFFF;
        PyObject **frame = level == state->inline_depth ?
            localsplus : state->callers[level].localsplus;
        PyObject *boxed = box_value(state, locals[3 * i + 1], locals[3 * i + 2]);
        if (boxed == NULL) {
            *failed = 1;
            boxed = Py_NewRef(Py_None);
        }
        PyObject *old = frame[index];
        frame[index] = boxed;
        Py_DECREF(old);
    }
    return base + snapshot[1];
}

/* The value of global `name` as LOAD_GLOBAL finds it (the globals, then the
 * builtins): borrowed; NULL when it is in neither or they are not exact
 * dicts (an exception may be set). */
static inline PyObject *
global_named(JITState *state, PyObject *name)
{
    if (!PyDict_CheckExact(state->globals) || !PyDict_CheckExact(state->builtins)) {
        return NULL;
    }
    PyObject *value = PyDict_GetItemWithError(state->globals, name);
    if (value == NULL && !PyErr_Occurred()) {
        value = PyDict_GetItemWithError(state->builtins, name);
    }
    return value;
}

/* The exception being handled (sys.exception()), or None: a new reference. */
static inline PyObject *
handled_exception(void)
{
    PyObject *handled = PyErr_GetHandledException();
    return handled == NULL ? Py_NewRef(Py_None) : handled;
}

/* Whether a handler `except NAME:` / `except (NAME, ...):` (`names`: a tuple
 * of the names, looked up as LOAD_GLOBAL looks them up) catches `exception`;
 * not when a name is missing or no exception class (Tier 1 then looks up
 * again and raises CPython's errors). */
static inline int
handler_catches(JITState *state, PyObject *names, PyObject *exception)
{
    Py_ssize_t count = PyTuple_GET_SIZE(names);
    int caught = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *type = global_named(state, PyTuple_GET_ITEM(names, i));
        if (type == NULL || !PyExceptionClass_Check(type)) {
            caught = 0;
            break;
        }
        caught = caught || PyErr_GivenExceptionMatches(exception, type);
    }
    PyErr_Clear();  /* (a lookup that failed: Tier 1 looks up again) */
    return caught;
}

/* `exception` (a new reference, consumed) set as the current exception again. */
static inline void
raise_again(PyObject *exception)
{
    PyErr_Restore(Py_NewRef(Py_TYPE(exception)), exception, PyException_GetTraceback(exception));
}

/* Whether the handler of `names` (handler_catches) catches `exception` (a
 * new reference, consumed): then it is dropped; else it is raised again. */
static inline int
drops_exception(JITState *state, PyObject *names, PyObject *exception)
{
    if (exception == NULL) {
        return 0;  /* (no exception set: the error tail reports it) */
    }
    if (handler_catches(state, names, exception)) {
        Py_DECREF(exception);
        return 1;
    }
    raise_again(exception);
    return 0;
}

/* What Tier 1's unwinding and the handler's PUSH_EXC_INFO do for
 * `exception`, which a handler whose body runs code catches
 * (jit/trace/handlers.py): a traceback entry for each frame it passed --
 * `plan` is (names, entries, strip), each entry (frame object, tb_lasti,
 * tb_lineno), innermost first -- in front of its traceback (stripped of
 * cpjit's own frames first, by `strip`, as Tier 1's first entry does);
 * then it is the handled exception.  Returns the exception handled before
 * (a new reference, for the handler's POP_EXCEPT); NULL with an exception
 * set, `exception` released, when there is no memory. */
static inline PyObject *
handle_caught(PyObject *plan, PyObject *exception)
{
    PyObject *tb = PyException_GetTraceback(exception);
    if (tb != NULL) {
        Py_SETREF(tb, PyObject_CallOneArg(PyTuple_GET_ITEM(plan, 2), tb));
        if (tb == NULL) {
            Py_DECREF(exception);
            return NULL;
        }
    }
    PyObject *entries = PyTuple_GET_ITEM(plan, 1);
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(entries); i++) {
        PyObject *entry = PyTuple_GET_ITEM(entries, i);
        Py_XSETREF(tb, PyObject_CallFunctionObjArgs(
            (PyObject *)&PyTraceBack_Type, tb == NULL ? Py_None : tb,
            PyTuple_GET_ITEM(entry, 0), PyTuple_GET_ITEM(entry, 1), PyTuple_GET_ITEM(entry, 2),
            NULL));
        if (tb == NULL) {
            Py_DECREF(exception);
            return NULL;
        }
    }
    int failed = PyException_SetTraceback(exception, tb);
    Py_DECREF(tb);
    if (failed) {
        Py_DECREF(exception);
        return NULL;
    }
    PyObject *previous = handled_exception();
    PyErr_SetHandledException(exception);
    return previous;
}

/* CPython's do_raise of `raise EXC` (no cause): `exc` (consumed), an
 * exception instance or a class called with no arguments, set as the
 * current exception, chained to the handled one as its context; anything
 * else is CPython's TypeError. */
static inline void
raise_exception(PyObject *exc)
{
    PyObject *type, *value;
    if (PyExceptionClass_Check(exc)) {
        type = exc;
        value = PyObject_CallNoArgs(type);
        if (value == NULL) {
            Py_DECREF(type);
            return;
        }
        if (!PyExceptionInstance_Check(value)) {
            PyErr_Format(PyExc_TypeError, "calling %R should have returned an instance of "
                         "BaseException, not %R", type, Py_TYPE(value));
            Py_DECREF(value);
            Py_DECREF(type);
            return;
        }
    }
    else if (PyExceptionInstance_Check(exc)) {
        value = exc;
        type = Py_NewRef(PyExceptionInstance_Class(exc));
    }
    else {
        Py_DECREF(exc);
        PyErr_SetString(PyExc_TypeError, "exceptions must derive from BaseException");
        return;
    }
    PyErr_SetObject(type, value);
    Py_DECREF(value);
    Py_DECREF(type);
}

/* ---- structural pattern matching (MATCH_CLASS) ------------------------------ */

/* CPython's match_class_attr: `subject`'s attribute `name` for a class
 * pattern of `type`, recorded in `seen` (a name seen twice is CPython's
 * TypeError); NULL without an exception when it has none. */
static inline PyObject *
match_class_attribute(PyObject *subject, PyObject *type, PyObject *name, PyObject *seen)
{
    int found = PySet_Contains(seen, name);
    if (found != 0 || PySet_Add(seen, name) < 0) {
        if (found > 0) {
            PyErr_Format(PyExc_TypeError, "%s() got multiple sub-patterns for attribute %R",
                         ((PyTypeObject *)type)->tp_name, name);
        }
        return NULL;
    }
    PyObject *attribute = PyObject_GetAttr(subject, name);
    if (attribute == NULL && PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
    }
    return attribute;
}

/* CPython's match_class, for MATCH_CLASS: the tuple of the attributes a
 * class pattern `type(<count> positional sub-patterns, *names)` captures
 * from `subject`; None (a new reference) when it does not match; NULL with
 * CPython's exception set. */
static inline PyObject *
match_class(PyObject *subject, PyObject *type, Py_ssize_t count, PyObject *names)
{
    if (!PyType_Check(type)) {
        PyErr_SetString(PyExc_TypeError, "called match pattern must be a type");
        return NULL;
    }
    int instance = PyObject_IsInstance(subject, type);
    if (instance <= 0) {
        return instance < 0 ? NULL : Py_NewRef(Py_None);
    }
    PyObject *seen = PySet_New(NULL);
    PyObject *attributes = seen == NULL ? NULL : PyList_New(0);
    PyObject *match_args = NULL;
    if (attributes == NULL) {
        goto failed;
    }
    const char *type_name = ((PyTypeObject *)type)->tp_name;
    if (count) {
        int match_self = 0;
        match_args = PyObject_GetAttrString(type, "__match_args__");
        if (match_args != NULL) {
            if (!PyTuple_CheckExact(match_args)) {
                PyErr_Format(PyExc_TypeError, "%s.__match_args__ must be a tuple (got %s)",
                             type_name, Py_TYPE(match_args)->tp_name);
                goto failed;
            }
        }
        else if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
            PyErr_Clear();
            match_args = PyTuple_New(0);
            if (match_args == NULL) {
                goto failed;
            }
            /* (a class's own __match_args__ hides the flag its base has) */
            match_self = PyType_HasFeature((PyTypeObject *)type, _Py_TPFLAGS_MATCH_SELF);
        }
        else {
            goto failed;
        }
        Py_ssize_t allowed = match_self ? 1 : PyTuple_GET_SIZE(match_args);
        if (allowed < count) {
            PyErr_Format(PyExc_TypeError, "%s() accepts %zd positional sub-pattern%s (%zd given)",
                         type_name, allowed, allowed == 1 ? "" : "s", count);
            goto failed;
        }
        if (match_self) {
            if (PyList_Append(attributes, subject) < 0) {
                goto failed;
            }
        }
        for (Py_ssize_t i = 0; !match_self && i < count; i++) {
            PyObject *name = PyTuple_GET_ITEM(match_args, i);
            if (!PyUnicode_CheckExact(name)) {
                PyErr_Format(PyExc_TypeError, "__match_args__ elements must be strings "
                             "(got %s)", Py_TYPE(name)->tp_name);
                goto failed;
            }
            PyObject *attribute = match_class_attribute(subject, type, name, seen);
            if (attribute == NULL || PyList_Append(attributes, attribute) < 0) {
                Py_XDECREF(attribute);
                goto failed;
            }
            Py_DECREF(attribute);
        }
        Py_CLEAR(match_args);
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); i++) {
        PyObject *attribute = match_class_attribute(subject, type, PyTuple_GET_ITEM(names, i),
                                                    seen);
        if (attribute == NULL || PyList_Append(attributes, attribute) < 0) {
            Py_XDECREF(attribute);
            goto failed;
        }
        Py_DECREF(attribute);
    }
    Py_SETREF(attributes, PyList_AsTuple(attributes));
    Py_DECREF(seen);
    return attributes;
failed:
    /* (no exception set: an attribute missing, the pattern does not match) */
    Py_XDECREF(match_args);
    Py_XDECREF(attributes);
    Py_XDECREF(seen);
    return PyErr_Occurred() ? NULL : Py_NewRef(Py_None);
}

/* CPython's match_keys, for MATCH_KEYS: the tuple of the values of `keys`
 * (a tuple) in the mapping `subject`, each got with its `get(key, dummy)`
 * (so a defaultdict makes no key); None (a new reference) when one is
 * missing; NULL with CPython's exception set (a key checked twice is its
 * ValueError). */
static inline PyObject *
match_keys(PyObject *subject, PyObject *keys)
{
    Py_ssize_t count = PyTuple_GET_SIZE(keys);
    if (count == 0) {
        return PyTuple_New(0);
    }
    PyObject *get = PyObject_GetAttrString(subject, "get");
    PyObject *seen = get == NULL ? NULL : PySet_New(NULL);
    PyObject *dummy = seen == NULL ? NULL : PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
    PyObject *values = dummy == NULL ? NULL : PyTuple_New(count);
    if (values == NULL) {
        goto failed;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *key = PyTuple_GET_ITEM(keys, i);
        int found = PySet_Contains(seen, key);
        if (found != 0 || PySet_Add(seen, key) < 0) {
            if (found > 0) {
                PyErr_Format(PyExc_ValueError, "mapping pattern checks duplicate key (%R)", key);
            }
            goto failed;
        }
        PyObject *value = PyObject_CallFunctionObjArgs(get, key, dummy, NULL);
        if (value == NULL) {
            goto failed;
        }
        if (value == dummy) {  /* (missing: no match) */
            Py_DECREF(value);
            Py_SETREF(values, Py_NewRef(Py_None));
            break;
        }
        PyTuple_SET_ITEM(values, i, value);
    }
    Py_DECREF(get);
    Py_DECREF(seen);
    Py_DECREF(dummy);
    return values;
failed:
    Py_XDECREF(get);
    Py_XDECREF(seen);
    Py_XDECREF(dummy);
    Py_XDECREF(values);
    return NULL;
}

/* ---- native calls (CALL_NATIVE, CALL_VM) ---------------------------------- */

/* Python callables of the runtime (jit/trace/native_calls.py) and the
 * program's pending signals (interpreter/program_signals.py). */
extern PyObject cpjit_call_native;    /* (function, *args, **kwargs): the call, in the VM */
extern PyObject cpjit_native_exited;  /* (executor, function, localsplus, exit index) */
extern PyObject cpjit_native_raised;  /* (executor, function, localsplus, exception) */
extern PyObject cpjit_pending;        /* a list: empty unless signals wait for Tier 1 */

/* Python frames kept in reserve below CPython's recursion limit: a native
 * callee that leaves its traces is finished by a nested run of the VM
 * (~10 Python frames); near the limit, calls go through Tier 1 instead,
 * which makes them without nesting. */
#define JIT_RECURSION_RESERVE 50

/* A call of a VM function, made in the VM by `via` (cpjit_call_vm or
 * cpjit_call_native: (function, *args, **kwargs)); `args` are its oparg
 * arguments, after [method_or_null, callable_or_self] on the stack, the
 * last ones named by `kwnames` (or NULL).  The value; NULL with an
 * exception set; or cpjit_DEOPT (not a new reference) when Tier 1 must
 * make the call itself. */
static inline PyObject *
call_in_vm(PyObject *via, PyObject *method_or_null, PyObject **args, int oparg,
           PyObject *kwnames)
{
    int is_method = method_or_null != VM_NULL;
    PyObject **arguments = is_method ? args - 2 : args - 1;  /* function, [self,] args */
    Py_ssize_t positional = oparg + 1 + is_method - (kwnames ? PyTuple_GET_SIZE(kwnames) : 0);
    PyObject *result = PyObject_Vectorcall(via, arguments, positional, kwnames);
    if (result == &cpjit_DEOPT) {
        Py_DECREF(result);
    }
    return result;
}

/* Whether this activation may nest another native call (one that runs VM
 * code below this C frame): not past the thread's C stack limit, nor near
 * CPython's recursion limit. */
static inline __attribute__((always_inline)) int
nesting_allowed(JITState *state)
{
    return (uintptr_t)__builtin_frame_address(0) > state->stack_limit &&
        _PyThreadState_GET()->recursion_remaining > JIT_RECURSION_RESERVE;
}

/* The exception set, normalized, with its traceback attached (what an
 * `except` clause would see); the error indicator is cleared. */
static inline PyObject *
fetch_exception(void)
{
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    if (traceback != NULL) {
        PyException_SetTraceback(value, traceback);
    }
    Py_XDECREF(type);
    Py_XDECREF(traceback);
    return value;
}

/* An ESCAPES uop may run Python code, and the VM counts a frame per call
 * (RecursionError where CPython raises it): while one runs in inlined calls,
 * ThreadState.depth counts their frames too.  Returns the frame's own depth
 * object (its reference, moved here) for uncount_inlined_frames to put back,
 * or NULL if there is none to put back: with no memory for the count, the
 * uop runs with the frame's own (the error cleared; the depth is then off by
 * the inlined frames, as it is for a finalizer any uop's decref runs). */
static inline PyObject *
count_inlined_frames(JITState *state)
{
    PyObject *outer = *state->depth_slot;
    PyObject *inner = box_int64(index_value(outer) + state->inline_depth);
    if (inner == NULL) {
        PyErr_Clear();
        return NULL;
    }
    *state->depth_slot = inner;
    return outer;
}

static inline void
uncount_inlined_frames(JITState *state, PyObject *outer)
{
    if (outer != NULL) {
        Py_SETREF(*state->depth_slot, outer);
    }
}

/* Py_GetRecursionLimit() without the call (native calls test it each time). */
static inline __attribute__((always_inline)) int
recursion_limit(void)
{
    return _PyThreadState_GET()->interp->ceval.recursion_limit;
}

/* Lets go of a native call's localsplus list: kept, its slots cleared, as
 * a spare of the function's `entry` when nothing else holds it (a Tier 1
 * frame made on it at an exit may live on in a traceback) and there is
 * room. */
static inline void
release_localsplus(JITEntry *entry, PyObject *list)
{
    if (Py_REFCNT(list) != 1 || PyList_GET_SIZE(list) != entry->size) {
        Py_DECREF(list);
        return;
    }
    PyObject **slots = ((PyListObject *)list)->ob_item;
    clear_slots(slots, slots + entry->size);
    /* (tested after the clearing: a finalizer it ran may have made calls
     * that filled the spares) */
    if (entry->spare_count == JIT_SPARE_LISTS) {
        Py_DECREF(list);
        return;
    }
    entry->spare[entry->spare_count++] = list;
}

/* Runs the traces of a VM function natively, from `entry`'s (the code's
 * function trace) on a localsplus list of its own, and on through the
 * executors its exits link to (the loops it reaches), until one leaves by
 * a return exit (the value is then the frame's one stack item) or by an
 * exit or error Tier 1 must take: the frame is then handed to the VM, which
 * finishes it.  While the callee's traces run, ThreadState.depth is its
 * frame's (`depth` + 1).  Returns the call's value, or NULL with an
 * exception set; consumes `localsplus_list`. */
static inline PyObject *
run_native_call(JITEntry *entry, PyObject *function, PyObject *localsplus_list,
                Py_ssize_t depth, JITState *state)
{
    PyObject **depth_slot = state->depth_slot;
    PyObject *caller_depth = *depth_slot;  /* its reference, moved here meanwhile */
    PyObject *callee_depth = box_int64(depth + 1);
    if (callee_depth == NULL) {
        Py_DECREF(localsplus_list);
        return NULL;
    }
    PyFunctionObject *callee = (PyFunctionObject *)function;
    JITEntry *function_entry = entry;  /* (`entry` follows the links) */
    Py_ssize_t nlocalsplus = entry->nlocalsplus;
    /* (the cell may change while its executor runs: keep what was entered) */
    PyObject *executor = Py_NewRef(entry->executor);
    PyCFunctionObject *trace = (PyCFunctionObject *)entry->trace;
    JITExits *exits = entry->exits;
    PyObject *result;
    for (;;) {
        entry->runs++;
        PyObject *arguments[7] = {Py_None, localsplus_list, callee->func_globals,
                                  callee->func_builtins, Py_None, state->thread_state,
                                  state->stack_limit_object};
        *depth_slot = callee_depth;
        PyObject *exit_object = ((_PyCFunctionFast)(void (*)(void))trace->m_ml->ml_meth)(
            trace->m_self, arguments, 7);
        callee_depth = *depth_slot;
        *depth_slot = caller_depth;
        if (exit_object == NULL) {
            PyObject *exception = fetch_exception();
            PyObject *handover[4] = {executor, function, localsplus_list, exception};
            result = PyObject_Vectorcall(&cpjit_native_raised, handover, 4, NULL);
            Py_DECREF(exception);
            break;
        }
        Py_ssize_t index = index_value(exit_object);
        int64_t link = index >= 0 && index < exits->count ? exits->links[index] : JIT_LINK_TIER1;
        /* The exit resumes at another loop's header: run its executor there,
         * as Tier 1 would (not with signals waiting for Tier 1, nor where its
         * inlined calls could pass the recursion limit). */
        JITEntry *next = link == JIT_LINK_TIER1 || link == JIT_LINK_RETURN ? NULL :
            (JITEntry *)link;
        int linked = next != NULL && next->executor != NULL &&
            PyList_GET_SIZE(&cpjit_pending) == 0 && !eval_breaker_is_set(state) &&
            depth + 1 + next->inline_depth < recursion_limit();
        if ((linked || link == JIT_LINK_RETURN) && exits->counter != NULL) {
            add_uop_count(exits->counter, exits->uncounted[index], -1);  /* (not Tier 1) */
        }
        if (link == JIT_LINK_RETURN) {
            PyObject **slots = ((PyListObject *)localsplus_list)->ob_item;
            result = slots[nlocalsplus];
            slots[nlocalsplus] = Py_NewRef(Py_None);
            Py_DECREF(exit_object);
            break;
        }
        if (linked) {
            Py_DECREF(exit_object);
            Py_SETREF(executor, Py_NewRef(next->executor));
            trace = (PyCFunctionObject *)next->trace;
            exits = next->exits;
            entry = next;
            continue;
        }
        PyObject *handover[4] = {executor, function, localsplus_list, exit_object};
        result = PyObject_Vectorcall(&cpjit_native_exited, handover, 4, NULL);
        Py_DECREF(exit_object);
        break;
    }
    Py_DECREF(callee_depth);
    Py_DECREF(executor);
    release_localsplus(function_entry, localsplus_list);
    return result;
}

/* The function a callable on the stack calls, and in `self` the self a bound
 * method adds (NULL for anything else). */
static inline PyObject *
method_function(PyObject *callable, PyObject **self)
{
    if (Py_IS_TYPE(callable, &PyMethod_Type)) {
        *self = PyMethod_GET_SELF(callable);
        return PyMethod_GET_FUNCTION(callable);
    }
    *self = NULL;
    return callable;
}

/* What native_localsplus returns for a call it does not bind: one CPython
 * raises TypeError for (a parameter missing or given twice, an unexpected
 * keyword, too many arguments) or with a keyword that is no exact str.  The
 * VM makes such a call, and raises CPython's error. */
#define NOT_BOUND ((PyObject *)(uintptr_t)1)  /* (compared, never dereferenced) */

/* Binds keyword argument `name`=`value` of a call of `code` into `slots`,
 * its localsplus: into the parameter of that name that a keyword may give
 * (not a positional-only one), else into `named`, its **kwargs dict (NULL
 * when it has none).  0 when bound, 1 when the call does not bind
 * (NOT_BOUND), -1 with an exception set when there is no memory. */
static inline int
bind_keyword(PyCodeObject *code, PyObject **slots, PyObject *named, PyObject *name,
             PyObject *value)
{
    if (!PyUnicode_CheckExact(name)) {
        return 1;  /* (a str subclass's __eq__ could run Python code) */
    }
    PyObject *names = code->co_localsplusnames;
    Py_ssize_t first = code->co_posonlyargcount;
    Py_ssize_t end = code->co_argcount + code->co_kwonlyargcount;
    /* As CPython looks: the same object first (names are interned), then
     * an equal one. */
    Py_ssize_t i = first;
    while (i < end && PyTuple_GET_ITEM(names, i) != name) {
        i++;
    }
    if (i == end) {
        for (i = first; i < end && !_PyUnicode_EQ(PyTuple_GET_ITEM(names, i), name); i++) {
        }
    }
    if (i < end) {
        if (slots[i] != NULL) {
            return 1;  /* given twice */
        }
        slots[i] = Py_NewRef(value);
        return 0;
    }
    if (named == NULL) {
        return 1;  /* unexpected */
    }
    return PyDict_SetItem(named, name, value) < 0 ? -1 : 0;
}

/* A VM function's localsplus list for a call of `function` (whose code's
 * JITEntry is `entry`), bound as CPython binds it: `count` positional
 * arguments (a bound method's self first: `self`, else args[0]...), then the
 * keyword arguments, either `kwnames` (a tuple of names, or NULL) with their
 * values following the positional ones in `args`, or the items of
 * `kwargs` (an exact dict, or NULL).  The parameters come first (the missing
 * ones from __defaults__ and __kwdefaults__, read at the call), then *args
 * (a tuple of the positional arguments past the parameters) and **kwargs (a
 * new dict of the keywords no parameter takes), the other locals unbound,
 * and last its free variables, the cells of its closure (COPY_FREE_VARS's
 * work: a function trace starts after it); the stack's slots are NULL (no
 * one owns them while native code runs).  A spare list of `entry`'s if it
 * has one.  NOT_BOUND for a call that does not bind; NULL with an exception
 * set when there is no memory.  (Runs no Python code: the VM, which makes
 * the calls this leaves, runs CPython's binding and its errors.) */
static inline PyObject *
native_localsplus(JITEntry *entry, PyObject *function, PyObject *self, PyObject **args,
                  Py_ssize_t count, PyObject *kwnames, PyObject *kwargs)
{
    PyFunctionObject *callee = (PyFunctionObject *)function;
    PyCodeObject *code = (PyCodeObject *)callee->func_code;
    Py_ssize_t argcount = entry->argcount, kwonly = code->co_kwonlyargcount;
    if (count > argcount && !(entry->star & JIT_STAR_ARGS)) {
        return NOT_BOUND;  /* too many positional arguments */
    }
    PyObject *list;
    if (entry->spare_count > 0) {
        list = entry->spare[--entry->spare_count];  /* (its slots all NULL) */
    }
    else {
        list = PyList_New(entry->size);
        if (list == NULL) {
            return NULL;
        }
    }
    PyObject **slots = ((PyListObject *)list)->ob_item;
    Py_ssize_t i = 0;
    int bound = 0;  /* (bind_keyword's answer; also read at `failed`) */
    /* (argument k of the call: the self, if any, first) */
#define ARGUMENT(k) (self == NULL ? args[k] : (k) == 0 ? self : args[(k) - 1])
    for (; i < count && i < argcount; i++) {
        slots[i] = Py_NewRef(ARGUMENT(i));
    }
    Py_ssize_t star = argcount + kwonly;  /* the slot of *args, then of **kwargs */
    if (entry->star & JIT_STAR_ARGS) {
        Py_ssize_t extra = count > argcount ? count - argcount : 0;
        PyObject *rest = slots[star++] = PyTuple_New(extra);
        if (rest == NULL) {
            goto failed;
        }
        for (Py_ssize_t j = 0; j < extra; j++) {
            PyTuple_SET_ITEM(rest, j, Py_NewRef(ARGUMENT(argcount + j)));
        }
    }
#undef ARGUMENT
    PyObject *named = NULL;
    if (entry->star & JIT_STAR_KWARGS) {
        named = slots[star++] = PyDict_New();
        if (named == NULL) {
            goto failed;
        }
    }
    if (kwnames != NULL) {
        PyObject **values = args + count - (self != NULL);
        for (Py_ssize_t k = 0; bound == 0 && k < PyTuple_GET_SIZE(kwnames); k++) {
            bound = bind_keyword(code, slots, named, PyTuple_GET_ITEM(kwnames, k), values[k]);
        }
    }
    else if (kwargs != NULL) {
        Py_ssize_t position = 0;
        PyObject *name, *value;
        while (bound == 0 && PyDict_Next(kwargs, &position, &name, &value)) {
            bound = bind_keyword(code, slots, named, name, value);
        }
    }
    if (bound != 0) {
        goto failed;
    }
    PyObject *defaults = callee->func_defaults;
    Py_ssize_t first_default = argcount - (defaults == NULL ? 0 : PyTuple_GET_SIZE(defaults));
    for (; i < argcount; i++) {
        if (slots[i] == NULL) {
            if (i < first_default) {
                bound = 1;  /* missing */
                goto failed;
            }
            slots[i] = Py_NewRef(PyTuple_GET_ITEM(defaults, i - first_default));
        }
    }
    for (; i < argcount + kwonly; i++) {
        if (slots[i] == NULL) {
            PyObject *value = callee->func_kwdefaults == NULL ? NULL :
                PyDict_GetItemWithError(callee->func_kwdefaults,
                                        PyTuple_GET_ITEM(code->co_localsplusnames, i));
            if (value == NULL) {
                bound = PyErr_Occurred() ? -1 : 1;  /* (1: missing) */
                goto failed;
            }
            slots[i] = Py_NewRef(value);
        }
    }
    PyObject *closure = callee->func_closure;
    Py_ssize_t free = closure == NULL ? 0 : PyTuple_GET_SIZE(closure);
    for (i = star; i < entry->nlocalsplus - free; i++) {
        slots[i] = Py_NewRef(VM_NULL);
    }
    for (Py_ssize_t cell = 0; cell < free; cell++) {
        slots[i++] = Py_NewRef(PyTuple_GET_ITEM(closure, cell));
    }
    return list;
failed:
    release_localsplus(entry, list);  /* (what was bound so far: the callers' references) */
    return bound == 1 ? NOT_BOUND : NULL;
}

/* Whether a call of `function` may run natively through `entry`, `depth`
 * frames deep: a function trace to run, no signals waiting for Tier 1, and
 * CPython's recursion limit out of reach (where the VM raises
 * RecursionError).  (Whether its arguments bind, native_localsplus finds.) */
static inline int
runs_natively(JITEntry *entry, PyObject *function, Py_ssize_t depth)
{
    return entry->executor != NULL && PyFunction_Check(function) &&
        PyList_GET_SIZE(&cpjit_pending) == 0 &&
        depth + 1 + entry->inline_depth < recursion_limit();
}

/* The call of `function` that runs_natively allowed, its arguments as
 * native_localsplus takes them: its value; NOT_BOUND, for the VM to make,
 * when they do not bind; NULL with an exception set. */
static inline PyObject *
native_call(JITEntry *entry, PyObject *function, PyObject *self, PyObject **args,
            Py_ssize_t count, PyObject *kwnames, PyObject *kwargs, Py_ssize_t depth,
            JITState *state)
{
    PyObject *localsplus_list = native_localsplus(entry, function, self, args, count, kwnames,
                                                  kwargs);
    return localsplus_list == NULL || localsplus_list == NOT_BOUND ? localsplus_list
        : run_native_call(entry, function, localsplus_list, depth, state);
}

/* CALL_NATIVE's call of the VM function on the stack (`entry`: its code's
 * JITEntry; `kwnames`: the call's KW_NAMES tuple, or NULL; oparg counts the
 * keyword arguments too): natively when it runs_natively and its arguments
 * bind, else in the VM, counted there (its value, NULL with an exception
 * set, or cpjit_DEOPT when the VM cannot nest deeper). */
static inline PyObject *
call_natively(JITEntry *entry, PyObject *kwnames, PyObject *method_or_null,
              PyObject *callable_or_self, PyObject **args, int oparg, JITState *state)
{
    PyObject *function, *self;
    if (method_or_null != VM_NULL) {
        function = method_or_null;
        self = callable_or_self;
    }
    else {
        function = method_function(callable_or_self, &self);
    }
    Py_ssize_t depth = index_value(*state->depth_slot);  /* (inlined frames counted) */
    Py_ssize_t positional = oparg - (kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames));
    PyObject *res = NOT_BOUND;
    if (runs_natively(entry, function, depth)) {
        res = native_call(entry, function, self, args, positional + (self != NULL), kwnames,
                          NULL, depth, state);
    }
    if (res == NOT_BOUND) {
        res = call_in_vm(&cpjit_call_native, method_or_null, args, oparg, kwnames);
    }
    return res;
}

#endif
