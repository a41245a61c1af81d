/* The entry shim: the one stencil with the ordinary C ABI.
 *
 * Its code is the C function of a builtin function object (METH_FASTCALL), so
 * Tier 1 calls a trace like any builtin, holding the GIL, with the frame, its
 * localsplus list, globals, builtins and locals mapping.  It returns the exit
 * index the trace left through, or NULL with an exception set.
 *
 * Holes: oparg = index of the first free stack slot at the loop header;
 * operand = the length of the localsplus list the trace was compiled for.
 */
#include "helpers.h"

PyObject *
_JIT_ENTRY(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t size = (Py_ssize_t)JIT_OPERAND;
    if (UNLIKELY(nargs != 5 || !PyList_CheckExact(args[1]) ||
                 PyList_GET_SIZE(args[1]) != size)) {
        PyErr_Format(PyExc_TypeError, "cpjit executor: expected (frame, localsplus list of "
                     "length %zd, globals, builtins, locals)", size);
        return NULL;
    }
    PyObject *localsplus_list = args[1];
    PyObject **localsplus = ((PyListObject *)localsplus_list)->ob_item;
    PyObject **stack_pointer = localsplus + JIT_OPARG;
    JITState state_storage;
    JITState *state = &state_storage;
    state->localsplus_end = localsplus + size;
    state->exit_index = -1;
    state->inline_depth = 0;
    state->frame = args[0];
    state->localsplus_list = localsplus_list;
    state->globals = args[2];
    state->builtins = args[3];
    state->locals = args[4];
    /* Native code treats slots above the stack pointer as unowned. */
    for (PyObject **slot = stack_pointer; slot < state->localsplus_end; slot++) {
        Py_CLEAR(*slot);
    }
    /* The register stacks start empty: nothing reads them before writing. */
    int64_t reg_i0 = 0, reg_i1 = 0;
    double reg_f0 = 0.0, reg_f1 = 0.0;
    return _JIT_CONTINUE(JIT_ARGS);
}
