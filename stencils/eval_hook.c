/* The frame-evaluation hook (PEP 523): CPython calls it, instead of its own
 * _PyEval_EvalFrameDefault, for every frame it is about to evaluate, so calls
 * of user functions from CPython-run code (sorted(key=...), map, unittest, a
 * thread's target, a harness loop in a library) can run in cpjit's VM.
 *
 * _PyEval_Vector has already pushed the frame with its arguments bound
 * (positional, keyword-only, *args, **kwargs) and clears and pops it after we
 * return.  For a frame whose code the marking policy chose, the hook moves the
 * bound parameters into a list and hands them, with the function, to the VM
 * (cpjit_hook_enter), which runs the code from its first instruction.  Every
 * other frame goes straight on to CPython's own evaluator (a tail jump).
 *
 * The decision is cached per code object in its co_extra slot (PEP 523's
 * mechanism), so an unmarked frame costs one load and compare before the tail
 * call; the policy (cpjit_hook_decide, Python) runs once per code object.
 *
 * Hole: oparg = the co_extra index (_PyEval_RequestCodeExtraIndex).  The hook
 * is only installed over CPython's own evaluator (jit/hook.py), which it calls
 * by name: a C-API call the emitter reaches through a trampoline if needed.
 */
#include "jit.h"
#include "internal/pycore_frame.h"

/* Objects/codeobject.c's holder of co_extra values (private to that file in
 * 3.11, unchanged from 3.6 to 3.13): reading it inline is what keeps the
 * unmarked path to a few instructions. */
typedef struct {
    Py_ssize_t ce_size;
    void *ce_extras[1];
} CodeExtra;

/* A code object's cached decision (NULL: not decided yet). */
#define RUNS_ON_CPYTHON ((void *)1)
#define RUNS_IN_VM ((void *)2)

#define GENERATOR_LIKE (CO_GENERATOR | CO_COROUTINE | CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR)

/* Runtime symbols, provided by jit/hook.py before the hook is emitted. */
extern PyObject cpjit_hook_decide;  /* (code) -> bool: does the VM run it? */
extern PyObject cpjit_hook_enter;   /* (function, locals, parameters, depth) -> value */
extern PyObject cpjit_hook_failed;  /* (exception) -> None: fixes its traceback */
/* set of file names none of whose code the policy marks (decide adds them):
 * their code objects are decided here, without a call into Python. */
extern PyObject cpjit_hook_unmarked_files;

/* Set while the policy runs: its own frames (and anything else evaluated
 * meanwhile, on any thread) run on CPython undecided, so deciding never
 * recurses into deciding.  Plain data: only read and written with the GIL. */
static int deciding;

static void *
decide(PyCodeObject *code, Py_ssize_t index)
{
    void *mark = RUNS_ON_CPYTHON;
    int unmarked_file = PySet_Contains(&cpjit_hook_unmarked_files, code->co_filename);
    if (unmarked_file < 0) {
        return NULL;
    }
    /* generators stay on CPython */
    if (!unmarked_file && !(code->co_flags & GENERATOR_LIKE)) {
        deciding = 1;
        PyObject *answer = PyObject_CallOneArg(&cpjit_hook_decide, (PyObject *)code);
        deciding = 0;
        if (answer == NULL) {
            return NULL;
        }
        int yes = PyObject_IsTrue(answer);
        Py_DECREF(answer);
        if (yes < 0) {
            return NULL;
        }
        mark = yes ? RUNS_IN_VM : RUNS_ON_CPYTHON;
    }
    if (_PyCode_SetExtra((PyObject *)code, index, mark) < 0) {
        return NULL;
    }
    return mark;
}

static PyObject *
run_in_vm(PyThreadState *tstate, _PyInterpreterFrame *frame)
{
    PyCodeObject *code = frame->f_code;
    int flags = code->co_flags;
    Py_ssize_t count = code->co_argcount + code->co_kwonlyargcount
                       + ((flags & CO_VARARGS) != 0) + ((flags & CO_VARKEYWORDS) != 0);
    PyObject *parameters = PyList_New(count);
    if (parameters == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *value = frame->localsplus[i];
        if (value == NULL) {  /* binding fills every parameter, or fails first */
            Py_DECREF(parameters);
            PyErr_SetString(PyExc_SystemError, "cpjit eval hook: unbound parameter");
            return NULL;
        }
        /* The list takes the frame's reference: the VM owns the locals now,
         * and _PyFrame_Clear skips the NULL left behind. */
        PyList_SET_ITEM(parameters, i, value);
        frame->localsplus[i] = NULL;
    }
    /* Python frames below this one, for the VM's recursion accounting. */
    PyObject *depth = PyLong_FromLong(tstate->recursion_limit - tstate->recursion_remaining);
    if (depth == NULL) {
        Py_DECREF(parameters);
        return NULL;
    }
    PyObject *args[4] = {
        (PyObject *)frame->f_func,
        frame->f_locals != NULL ? frame->f_locals : Py_None,
        parameters,
        depth,
    };
    PyObject *result = PyObject_Vectorcall(&cpjit_hook_enter, args, 4, NULL);
    Py_DECREF(parameters);
    Py_DECREF(depth);
    if (result == NULL) {
        /* Drop the VM's own frames from the traceback, as CPython's caller
         * expects to find only the callee's frames there. */
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        PyErr_NormalizeException(&type, &value, &traceback);
        if (traceback != NULL) {
            PyException_SetTraceback(value, traceback);
            Py_DECREF(traceback);
        }
        PyObject *fixed = PyObject_CallOneArg(&cpjit_hook_failed, value);
        if (fixed == NULL) {   /* a failure of cpjit itself: report that one */
            Py_XDECREF(type);
            Py_XDECREF(value);
            return NULL;
        }
        Py_DECREF(fixed);
        PyErr_Restore(type, value, PyException_GetTraceback(value));
    }
    return result;
}

PyObject *
_JIT_ENTRY(PyThreadState *tstate, _PyInterpreterFrame *frame, int throwflag)
{
    Py_ssize_t index = JIT_OPARG;
    PyCodeObject *code = frame->f_code;
    CodeExtra *extra = (CodeExtra *)code->co_extra;
    void *mark = (extra != NULL && index < extra->ce_size) ? extra->ce_extras[index] : NULL;
    if (LIKELY(mark == RUNS_ON_CPYTHON) || throwflag || frame->owner != FRAME_OWNED_BY_THREAD) {
        return _PyEval_EvalFrameDefault(tstate, frame, throwflag);
    }
    if (mark == NULL) {
        if (deciding) {
            return _PyEval_EvalFrameDefault(tstate, frame, throwflag);
        }
        mark = decide(code, index);
        if (mark == NULL) {
            return NULL;  /* _PyEval_Vector clears the frame */
        }
        if (mark == RUNS_ON_CPYTHON) {
            return _PyEval_EvalFrameDefault(tstate, frame, throwflag);
        }
    }
    return run_in_vm(tstate, frame);
}
