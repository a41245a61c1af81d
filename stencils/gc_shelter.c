/* The GC shelter: keeps cpjit's own long-lived objects out of the cyclic
 * garbage collector's passes while the program runs (jit/gc_shelter.py).
 *
 * CPython's collector walks every tracked object of the generations it
 * collects: a full pass walks them all.  cpjit's start-up, its Tier 2
 * machinery, its decoded code and its traces leave ~10-30 thousand such
 * objects, which tripled the cost of each full pass, at ~150 ns an object.
 * None of them is garbage while the process lives.
 *
 * A window of cpjit's own work (no program code runs in it, the collector
 * is paused and no other thread exists) starts by making a sentinel list:
 * it is tracked, so it goes to the end of generation 0's list, and every
 * object tracked after it is appended behind it.  When the window closes,
 * the objects behind the sentinel move from generation 0's list to the
 * shelter's: a list of the same kind (PyGC_Head's doubly linked ring) that
 * no generation owns, so no pass walks it.  A sheltered object is still
 * tracked; dying, it unlinks itself from the ring as from any generation
 * (PyObject_GC_UnTrack), and the references it holds keep what they point
 * to alive, as those of a frozen (gc.freeze) object do.  Unlike frozen
 * objects, sheltered ones are not counted by gc.get_freeze_count() nor
 * thawed by a program's gc.unfreeze(), and gc.get_objects() does not list
 * them: the program sees the collector as under python.
 *
 * At exit the ring goes back to the oldest generation (RELEASE), before
 * the interpreter's finalization: cpjit's caches come to hold references to
 * the program's objects (a decoded call site, a trace's constants), and the
 * program's objects must die then exactly as under python -- in the passes
 * that find everything garbage once the modules are unlinked.
 *
 * _JIT_ENTRY(operation, sentinel):
 *   OPEN     opens a window: pauses the collector and returns a new sentinel,
 *            a list holding whether the collector was enabled; None (and
 *            nothing paused) while another thread exists.
 *   CLOSE    moves the objects behind `sentinel` (a list OPEN or
 *            gc_shelter.Window made) and resumes the collector if the
 *            sentinel says it was enabled; how many objects moved, -1 if
 *            none did because the sentinel is not in generation 0's list
 *            (a pass ran after all), 0 for None.
 *   COUNT    the number of sheltered objects.
 *   RELEASE  moves them all to the oldest generation; how many.
 * OPEN's result is an object (a new reference), the others' a number: two
 * ctypes PYFUNCTYPEs over this one function, called holding the GIL, as the
 * collector's lists require.  Being C, they add no Python frame: a signal
 * CPython takes while the VM decodes code inside a window is still one Tier
 * 1 dispatch defers (interpreter/program_signals.py).
 */
#include "jit.h"
#include "internal/pycore_gc.h"
#include "internal/pycore_interp.h"

enum { OPEN = 0, CLOSE = 1, COUNT = 2, RELEASE = 3 };  /* (jit/gc_shelter.py's) */

/* The shelter's ring (zero until first used: a pointer to itself cannot be
 * a constant of position-independent data). */
static PyGC_Head shelter;

static Py_ssize_t
ring_length(PyGC_Head *head)
{
    Py_ssize_t count = 0;
    for (PyGC_Head *node = _PyGCHead_NEXT(head); node != head; node = _PyGCHead_NEXT(node)) {
        count++;
    }
    return count;
}

/* Moves the ring's nodes from `first` to `last` to the end of the ring
 * `to`'s. */
static void
append_run(PyGC_Head *first, PyGC_Head *last, PyGC_Head *to)
{
    PyGC_Head *tail = _PyGCHead_PREV(to);
    _PyGCHead_SET_NEXT(tail, first);
    _PyGCHead_SET_PREV(first, tail);
    _PyGCHead_SET_NEXT(last, to);
    _PyGCHead_SET_PREV(to, last);
}

static PyObject *
open_window(PyInterpreterState *interp)
{
    if (interp->threads.count != 0) {
        return Py_NewRef(Py_None);
    }
    int was_enabled = PyGC_Disable();
    PyObject *sentinel = PyList_New(1);
    if (sentinel == NULL) {
        if (was_enabled) {
            PyGC_Enable();
        }
        return NULL;
    }
    PyList_SET_ITEM(sentinel, 0, Py_NewRef(was_enabled ? Py_True : Py_False));
    return sentinel;
}

/* The objects behind `sentinel` in generation 0's list, moved to the
 * shelter: how many, or -1 if the sentinel is not there. */
static Py_ssize_t
shelter_behind(struct _gc_runtime_state *gc, PyObject *sentinel)
{
    PyGC_Head *generation0 = gc->generation0;
    if (!_PyObject_GC_IS_TRACKED(sentinel)) {
        return -1;
    }
    PyGC_Head *mark = _Py_AS_GC(sentinel);
    /* The ring from the sentinel must end at generation 0's head (and not
     * at another generation's, where a pass would have moved it). */
    Py_ssize_t count = 0;
    for (PyGC_Head *node = _PyGCHead_NEXT(mark); node != generation0;
            node = _PyGCHead_NEXT(node)) {
        if (node == &gc->generations[1].head || node == &gc->generations[2].head ||
                node == &gc->permanent_generation.head || node == &shelter) {
            return -1;
        }
        count++;
    }
    if (count > 0) {
        PyGC_Head *first = _PyGCHead_NEXT(mark), *last = _PyGCHead_PREV(generation0);
        _PyGCHead_SET_NEXT(mark, generation0);
        _PyGCHead_SET_PREV(generation0, mark);
        append_run(first, last, &shelter);
    }
    return count;
}

Py_ssize_t
_JIT_ENTRY(int operation, PyObject *sentinel)
{
    if (shelter._gc_next == 0) {
        shelter._gc_next = shelter._gc_prev = (uintptr_t)&shelter;
    }
    PyInterpreterState *interp = _PyInterpreterState_GET();
    switch (operation) {
    case OPEN:
        return (Py_ssize_t)open_window(interp);
    case CLOSE: {
        if (!PyList_CheckExact(sentinel) || PyList_GET_SIZE(sentinel) != 1) {
            return 0;  /* (None: the window opened with another thread there) */
        }
        Py_ssize_t moved = shelter_behind(&interp->gc, sentinel);
        if (PyList_GET_ITEM(sentinel, 0) == Py_True) {
            PyGC_Enable();
        }
        return moved;
    }
    case COUNT:
        return ring_length(&shelter);
    case RELEASE: {
        Py_ssize_t count = ring_length(&shelter);
        if (count > 0) {
            PyGC_Head *first = _PyGCHead_NEXT(&shelter), *last = _PyGCHead_PREV(&shelter);
            _PyGCHead_SET_NEXT(&shelter, &shelter);
            _PyGCHead_SET_PREV(&shelter, &shelter);
            append_run(first, last, &interp->gc.generations[NUM_GENERATIONS - 1].head);
        }
        return count;
    }
    }
    return 0;
}
