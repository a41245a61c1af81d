/* The entry shim: the one stencil with the ordinary C ABI.
 *
 * Its code is the C function of a builtin function object (METH_FASTCALL), so
 * Tier 1 calls a trace like any builtin, holding the GIL, with the frame, its
 * localsplus list, globals, builtins, locals mapping, the VM ThreadState and
 * the thread's C stack limit (an int); CALL_NATIVE calls the C function
 * itself, with no frame object (None).  It returns the exit index the trace
 * left through, or NULL with an exception set.
 *
 * Holes: oparg = index of the first free stack slot at the loop header;
 * operand = the length of the localsplus list the trace was compiled for;
 * target = the code's number of fast locals (nlocalsplus), and in bits 32
 * and up the offset of ThreadState.depth's slot in the object.
 */
#include "helpers.h"

/* A non-negative int below 2**64 (an address), read from its 30-bit digits
 * (3.11's layout): PyLong_AsUnsignedLongLong goes through a byte array,
 * ~20 ns at every entry. */
static inline uintptr_t
address_value(PyObject *value)
{
    uintptr_t result = 0;
    for (Py_ssize_t i = Py_SIZE(value) - 1; i >= 0; i--) {
        result = (result << PyLong_SHIFT) | ((PyLongObject *)value)->ob_digit[i];
    }
    return result;
}

PyObject *
_JIT_ENTRY(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t size = (Py_ssize_t)JIT_OPERAND;
    if (UNLIKELY(nargs != 7 || !PyList_CheckExact(args[1]) ||
                 PyList_GET_SIZE(args[1]) != size || !PyLong_CheckExact(args[6]))) {
        PyErr_Format(PyExc_TypeError, "cpjit executor: expected (frame, localsplus list of "
                     "length %zd, globals, builtins, locals, thread state, stack limit)", size);
        return NULL;
    }
    PyObject *localsplus_list = args[1];
    PyObject **localsplus = ((PyListObject *)localsplus_list)->ob_item;
    PyObject **stack_pointer = localsplus + JIT_OPARG;
    JITState state_storage;
    JITState *state = &state_storage;
    state->localsplus_end = localsplus + size;
    state->nlocalsplus = (Py_ssize_t)((uintptr_t)_JIT_TARGET & 0xffffffff);
    state->exit_index = -1;
    state->inline_depth = 0;
    state->frame = args[0];
    state->localsplus_list = localsplus_list;
    state->globals = args[2];
    state->builtins = args[3];
    state->locals = args[4];
    state->thread_state = args[5];
    state->depth_slot = (PyObject **)((char *)args[5] + ((uintptr_t)_JIT_TARGET >> 32));
    state->stack_limit_object = args[6];
    state->stack_limit = address_value(args[6]);
    state->eval_breaker = &_PyThreadState_GET()->interp->ceval.eval_breaker;
    /* Native code treats slots above the stack pointer as unowned. */
    clear_slots(stack_pointer, state->localsplus_end);
    hide_stack(state);
    /* The register stacks start empty: nothing reads them before writing. */
    int64_t reg_i0 = 0, reg_i1 = 0;
    double reg_f0 = 0.0, reg_f1 = 0.0;
    return _JIT_CONTINUE(JIT_ARGS);
}
