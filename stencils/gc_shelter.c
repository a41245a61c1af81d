/* The GC shelter: keeps cpjit's own long-lived objects out of the cyclic
 * garbage collector's passes (jit/gc_shelter.py).
 *
 * CPython's collector walks every tracked object of the generations it
 * collects: a full pass (and the two at interpreter exit) walks them all.
 * cpjit's start-up, its Tier 2 machinery and its traces leave ~10-30
 * thousand such objects, which tripled the cost of each full pass, at
 * ~150 ns an object.  None of them is garbage while the process lives.
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
 * _JIT_ENTRY(sentinel, SHELTER) moves the objects behind `sentinel` and
 * returns how many it moved, or -1 (nothing moved) if the sentinel is not in
 * generation 0's list (a pass ran after all); (_, COUNT) returns the number
 * of sheltered objects; (_, RELEASE) moves them all to the oldest generation
 * and returns how many.  Called with the GIL held (through a
 * ctypes PYFUNCTYPE).
 */
#include "jit.h"
#include "internal/pycore_gc.h"
#include "internal/pycore_interp.h"

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

enum { SHELTER = 0, COUNT = 1, RELEASE = 2 };  /* (jit/gc_shelter.py's) */

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

Py_ssize_t
_JIT_ENTRY(PyObject *sentinel, int operation)
{
    if (shelter._gc_next == 0) {
        shelter._gc_next = shelter._gc_prev = (uintptr_t)&shelter;
    }
    struct _gc_runtime_state *gc = &_PyInterpreterState_GET()->gc;
    if (operation == COUNT) {
        return ring_length(&shelter);
    }
    if (operation == RELEASE) {
        Py_ssize_t count = ring_length(&shelter);
        if (count > 0) {
            PyGC_Head *first = _PyGCHead_NEXT(&shelter), *last = _PyGCHead_PREV(&shelter);
            _PyGCHead_SET_NEXT(&shelter, &shelter);
            _PyGCHead_SET_PREV(&shelter, &shelter);
            append_run(first, last, &gc->generations[NUM_GENERATIONS - 1].head);
        }
        return count;
    }
    PyGC_Head *generation0 = gc->generation0;
    PyGC_Head *mark = _Py_AS_GC(sentinel);
    if (!_PyObject_GC_IS_TRACKED(sentinel)) {
        return -1;
    }
    /* The ring from the sentinel must end at generation 0's head (and not
     * at another generation's, where a pass would have moved it). */
    Py_ssize_t count = 0;
    PyGC_Head *node = _PyGCHead_NEXT(mark);
    for (; node != generation0; node = _PyGCHead_NEXT(node)) {
        if (node == &gc->generations[1].head || node == &gc->generations[2].head ||
                node == &gc->permanent_generation.head || node == &shelter) {
            return -1;
        }
        count++;
    }
    if (count == 0) {
        return 0;
    }
    PyGC_Head *first = _PyGCHead_NEXT(mark), *last = _PyGCHead_PREV(generation0);
    _PyGCHead_SET_NEXT(mark, generation0);
    _PyGCHead_SET_PREV(generation0, mark);
    append_run(first, last, &shelter);
    return count;
}
