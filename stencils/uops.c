/* The uops: one definition each, the single source of truth.
 *
 * Not compiled as it is.  jit/uops.py parses each UOP() block into its Python
 * metadata (name, stack effect, flags) and jit/stencils/templates.py turns the
 * same block into one translation unit per uop, which clang compiles into a
 * stencil.
 *
 *   UOP(NAME, (inputs -- outputs), DECLARED_FLAGS)
 *   {
 *       C body
 *   }
 *
 * Inputs are popped from, and outputs pushed onto, the frame's value stack
 * (rightmost = top); `name[oparg]` is an array of oparg items.  A name that
 * is both an input and an output stays in its slot.  DECLARED_FLAGS is `0` or
 * a `|`-list of ESCAPES (may run arbitrary Python code), PURE (no side
 * effects), ASSUMES (a guard whose failure means an assumption of the trace
 * broke: a binding or code object changed; the trace is retired) and GENERIC
 * (what CPython's unspecialised instruction does: a C-API call dispatching on
 * its operands' types at run time, a call of an unknown callable, Tier 1's
 * handler; --stats counts how many of the uops run natively are generic); the
 * rest is derived from the body.
 *
 * Macros for bodies (defined per uop by the template):
 *   oparg, operand  the patched immediates
 *   EXIT_IF(cond)   leave the trace through this uop's exit, before any
 *                   input was consumed (flag: GUARD)
 *   EXIT()          leave unconditionally (flag: GUARD, terminator)
 *   POP_EXIT_IF(cond)  leave through the exit after every input was
 *                   released, e.g. to resume at the other side of a branch
 *                   (flags: GUARD, EXIT_POPS)
 *   ERROR_IF(cond)  raise: an exception is set and every input has already
 *                   been released (flag: ERROR)
 *   JUMP_IF(cond)   branch to the uop's jump target, having consumed the
 *                   inputs; branch uops have no outputs (flag: JUMP)
 *   JUMP()          branch unconditionally (flag: JUMP, terminator)
 *   SCRATCH(n)      unboxed scratch slot named by field n of the operand
 *   IN_I(n), IN_F(n)  field n's int64 / double: a uop using them also gets
 *                   variants reading them from the register stacks (jit.h)
 *   OUT_I(v), OUT_F(v)  write v to field 0's slot and push it on its
 *                   register stack; PUSH_I(v), PUSH_F: to the oparg's slot
 *
 * Uops whose name starts with an underscore are not placed in traces by the
 * recorder: they are the tails the emitter appends to every trace.
 */

/* ---- locals, constants, the value stack ------------------------------- */

UOP(LOAD_FAST, (-- value), PURE)
{
    value = OPARG_LOCAL;
    Py_INCREF(value);
}

/* Tier 1 raises UnboundLocalError when the local is unbound. */
UOP(LOAD_FAST_CHECKED, (-- value), PURE)
{
    value = OPARG_LOCAL;
    EXIT_IF(value == VM_NULL);
    Py_INCREF(value);
}

UOP(STORE_FAST, (value --), 0)
{
    PyObject *old = OPARG_LOCAL;
    OPARG_LOCAL = value;
    Py_DECREF(old);
}

/* DELETE_FAST: the local unbound, its value released.  An unbound one
 * leaves: Tier 1 raises UnboundLocalError, as for LOAD_FAST_CHECKED. */
UOP(DELETE_FAST, (--), 0)
{
    PyObject *old = OPARG_LOCAL;
    EXIT_IF(old == VM_NULL);
    OPARG_LOCAL = Py_NewRef(VM_NULL);
    Py_DECREF(old);
}

UOP(LOAD_CONST, (-- value), PURE)
{
    value = (PyObject *)operand;
    Py_INCREF(value);
}

UOP(POP_TOP, (value --), 0)
{
    Py_DECREF(value);
}

UOP(PUSH_NULL, (-- null), PURE)
{
    null = VM_NULL;
    Py_INCREF(null);
}

UOP(COPY, (bottom, unused[oparg - 1] -- bottom, unused[oparg - 1], top), PURE)
{
    top = bottom;
    Py_INCREF(top);
}

UOP(SWAP, (bottom, unused[oparg - 2], top -- top, unused[oparg - 2], bottom), PURE)
{
}

/* One instruction run by its Tier 1 handler, for instructions without uops:
 * operand = a tuple (handler, handler of the next instruction), the handler a
 * Python callable (frame, localsplus) -> the handler to run next;
 * oparg = (inputs << 8) | outputs, the instruction's net stack effect.
 * The handler sees Tier 1's view of the stack: every slot a valid reference. */
UOP(TIER1_OP, (inputs[(oparg >> 8) & 255] -- outputs[oparg & 255]), ESCAPES | GENERIC)
{
    int input_count = (oparg >> 8) & 255, output_count = oparg & 255;
    PyObject **base = stack_pointer - input_count;
    refill_dead_slots(stack_pointer, state->localsplus_end);
    show_stack(state);
    PyObject *handlers = (PyObject *)operand;
    PyObject *arguments[2] = {state->frame, state->localsplus_list};
    PyObject *next = PyObject_Vectorcall(PyTuple_GET_ITEM(handlers, 0), arguments, 2, NULL);
    /* Back to native ownership: slots past the outputs belong to nobody. */
    clear_slots(next == NULL ? base : base + output_count, state->localsplus_end);
    hide_stack(state);
    ERROR_IF(next == NULL);
    Py_DECREF(next);  /* handlers live as long as their code's decoded form */
    int strayed = next != PyTuple_GET_ITEM(handlers, 1);
    if (strayed) {
        for (PyObject **slot = base; slot < base + output_count; slot++) {
            Py_CLEAR(*slot);
        }
        PyErr_Format(PyExc_SystemError, "cpjit: the Tier 1 handler at offset %d did not "
                     "continue to the next instruction", (int)(intptr_t)_JIT_TARGET);
    }
    ERROR_IF(strayed);
}

/* ---- names: globals, builtins, the locals mapping ------------------------ */

/* oparg: LOAD_GLOBAL's (also push NULL first); operand: its GlobalCache.
 * While neither dict changed, the cached value; otherwise a lookup, which
 * refills the cache.  A missing name, or namespaces that are not plain dicts,
 * leave for Tier 1. */
UOP(LOAD_GLOBAL, (-- null[oparg & 1], value), 0)
{
    GlobalCache *cache = (GlobalCache *)operand;
    PyObject *globals = state->globals, *builtins = state->builtins;
    if (LIKELY(globals == cache->globals && builtins == cache->builtins &&
               ((PyDictObject *)globals)->ma_version_tag == cache->globals_version &&
               ((PyDictObject *)builtins)->ma_version_tag == cache->builtins_version)) {
        value = cache->value;
    }
    else {
        EXIT_IF(!PyDict_CheckExact(globals) || !PyDict_CheckExact(builtins));
        value = PyDict_GetItemWithError(globals, cache->name);
        if (value == NULL) {
            value = PyDict_GetItemWithError(builtins, cache->name);
        }
        EXIT_IF(value == NULL);
        cache->globals = globals;
        cache->builtins = builtins;
        cache->value = value;
        cache->globals_version = ((PyDictObject *)globals)->ma_version_tag;
        cache->builtins_version = ((PyDictObject *)builtins)->ma_version_tag;
    }
    Py_INCREF(value);
    if (oparg & 1) {
        null[0] = Py_NewRef(VM_NULL);
    }
}

/* Module and class bodies: the locals mapping, then globals, then builtins. */
UOP(LOAD_NAME, (-- value), GENERIC)
{
    EXIT_IF(!PyDict_CheckExact(state->locals) || !PyDict_CheckExact(state->globals) ||
            !PyDict_CheckExact(state->builtins));
    PyObject *name = (PyObject *)operand;
    value = PyDict_GetItemWithError(state->locals, name);
    if (value == NULL) {
        value = PyDict_GetItemWithError(state->globals, name);
    }
    if (value == NULL) {
        value = PyDict_GetItemWithError(state->builtins, name);
    }
    EXIT_IF(value == NULL);
    Py_INCREF(value);
}

UOP(STORE_NAME, (value --), ESCAPES | GENERIC)
{
    EXIT_IF(!PyDict_CheckExact(state->locals));
    int failed = PyDict_SetItem(state->locals, (PyObject *)operand, value);
    Py_DECREF(value);
    ERROR_IF(failed);
}

UOP(STORE_GLOBAL, (value --), ESCAPES)
{
    EXIT_IF(!PyDict_CheckExact(state->globals));
    int failed = PyDict_SetItem(state->globals, (PyObject *)operand, value);
    Py_DECREF(value);
    ERROR_IF(failed);
}

/* ---- generic operations through the C API ------------------------------ */

UOP(LOAD_ATTR, (owner -- attr), ESCAPES | GENERIC)
{
    attr = PyObject_GetAttr(owner, (PyObject *)operand);
    Py_DECREF(owner);
    ERROR_IF(attr == NULL);
}

/* Tier 1's form, [NULL, bound attribute], which CALL accepts like CPython's. */
UOP(LOAD_METHOD, (owner -- null, attr), ESCAPES | GENERIC)
{
    attr = PyObject_GetAttr(owner, (PyObject *)operand);
    Py_DECREF(owner);
    ERROR_IF(attr == NULL);
    null = Py_NewRef(VM_NULL);
}

UOP(STORE_ATTR, (value, owner --), ESCAPES | GENERIC)
{
    int failed = PyObject_SetAttr(owner, (PyObject *)operand, value);
    Py_DECREF(value);
    Py_DECREF(owner);
    ERROR_IF(failed);
}

UOP(BINARY_SUBSCR, (container, key -- res), ESCAPES | GENERIC)
{
    res = PyObject_GetItem(container, key);
    Py_DECREF(container);
    Py_DECREF(key);
    ERROR_IF(res == NULL);
}

UOP(STORE_SUBSCR, (value, container, key --), ESCAPES | GENERIC)
{
    int failed = PyObject_SetItem(container, key, value);
    Py_DECREF(value);
    Py_DECREF(container);
    Py_DECREF(key);
    ERROR_IF(failed);
}

UOP(GET_ITER, (iterable -- iter), ESCAPES | GENERIC)
{
    iter = PyObject_GetIter(iterable);
    Py_DECREF(iterable);
    ERROR_IF(iter == NULL);
}

/* oparg 1: `is not`. */
UOP(IS_OP, (lhs, rhs -- res), PURE)
{
    res = (lhs == rhs) != oparg ? Py_True : Py_False;
    Py_INCREF(res);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
}

/* oparg 1: `not in`. */
UOP(CONTAINS_OP, (item, container -- res), ESCAPES | GENERIC)
{
    int found = PySequence_Contains(container, item);
    Py_DECREF(item);
    Py_DECREF(container);
    ERROR_IF(found < 0);
    res = Py_NewRef(found != oparg ? Py_True : Py_False);
}

UOP(UNARY_NEGATIVE, (value -- res), ESCAPES | GENERIC)
{
    res = PyNumber_Negative(value);
    Py_DECREF(value);
    ERROR_IF(res == NULL);
}

UOP(UNARY_NOT, (value -- res), ESCAPES | GENERIC)
{
    int is_true = truth_value(value);
    Py_DECREF(value);
    ERROR_IF(is_true < 0);
    res = Py_NewRef(is_true ? Py_False : Py_True);
}

UOP(BINARY_OP, (lhs, rhs -- res), ESCAPES | GENERIC)
{
    res = binary_operation(oparg, lhs, rhs);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(COMPARE_OP, (lhs, rhs -- res), ESCAPES | GENERIC)
{
    res = PyObject_RichCompare(lhs, rhs, oparg);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(POP_JUMP_IF_FALSE, (cond --), ESCAPES | GENERIC)
{
    int is_true = truth_value(cond);
    Py_DECREF(cond);
    ERROR_IF(is_true < 0);
    JUMP_IF(!is_true);
}

UOP(POP_JUMP_IF_TRUE, (cond --), ESCAPES | GENERIC)
{
    int is_true = truth_value(cond);
    Py_DECREF(cond);
    ERROR_IF(is_true < 0);
    JUMP_IF(is_true);
}

/* ---- specialised by the types the recorder saw (guards keep them true) ---- */

UOP(GUARD_BOTH_INT, (lhs, rhs -- lhs, rhs), PURE)
{
    EXIT_IF(!PyLong_CheckExact(lhs) || !PyLong_CheckExact(rhs));
}

UOP(GUARD_BOTH_FLOAT, (lhs, rhs -- lhs, rhs), PURE)
{
    EXIT_IF(!PyFloat_CheckExact(lhs) || !PyFloat_CheckExact(rhs));
}

UOP(BINARY_OP_ADD_INT, (lhs, rhs -- res), PURE)
{
    res = int_operation(NB_ADD, lhs, rhs);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(BINARY_OP_SUBTRACT_INT, (lhs, rhs -- res), PURE)
{
    res = int_operation(NB_SUBTRACT, lhs, rhs);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(BINARY_OP_MULTIPLY_INT, (lhs, rhs -- res), PURE)
{
    res = int_operation(NB_MULTIPLY, lhs, rhs);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(BINARY_OP_AND_INT, (lhs, rhs -- res), PURE)
{
    res = int_operation(NB_AND, lhs, rhs);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(BINARY_OP_OR_INT, (lhs, rhs -- res), PURE)
{
    res = int_operation(NB_OR, lhs, rhs);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(BINARY_OP_XOR_INT, (lhs, rhs -- res), PURE)
{
    res = int_operation(NB_XOR, lhs, rhs);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(BINARY_OP_ADD_FLOAT, (lhs, rhs -- res), PURE)
{
    res = PyFloat_FromDouble(PyFloat_AS_DOUBLE(lhs) + PyFloat_AS_DOUBLE(rhs));
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(BINARY_OP_SUBTRACT_FLOAT, (lhs, rhs -- res), PURE)
{
    res = PyFloat_FromDouble(PyFloat_AS_DOUBLE(lhs) - PyFloat_AS_DOUBLE(rhs));
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(BINARY_OP_MULTIPLY_FLOAT, (lhs, rhs -- res), PURE)
{
    res = PyFloat_FromDouble(PyFloat_AS_DOUBLE(lhs) * PyFloat_AS_DOUBLE(rhs));
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

/* Division by zero leaves for Tier 1, which raises ZeroDivisionError. */
UOP(BINARY_OP_TRUE_DIVIDE_FLOAT, (lhs, rhs -- res), PURE)
{
    EXIT_IF(PyFloat_AS_DOUBLE(rhs) == 0.0);
    res = PyFloat_FromDouble(PyFloat_AS_DOUBLE(lhs) / PyFloat_AS_DOUBLE(rhs));
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(COMPARE_OP_INT, (lhs, rhs -- res), PURE)
{
    if (is_compact_int(lhs) && is_compact_int(rhs)) {
        res = Py_NewRef(compare_int64(oparg, compact_value(lhs), compact_value(rhs))
                        ? Py_True : Py_False);
    }
    else {
        res = PyObject_RichCompare(lhs, rhs, oparg);
    }
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(COMPARE_OP_FLOAT, (lhs, rhs -- res), PURE)
{
    res = Py_NewRef(compare_double(oparg, PyFloat_AS_DOUBLE(lhs), PyFloat_AS_DOUBLE(rhs))
                    ? Py_True : Py_False);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
}

/* A list indexed by a one-digit int; anything else, or out of range, leaves
 * for Tier 1 (which raises IndexError as it should). */
UOP(BINARY_SUBSCR_LIST_INT, (list, index -- item), PURE)
{
    Py_ssize_t i = list_index(list, index);
    EXIT_IF(i < 0);
    item = Py_NewRef(PyList_GET_ITEM(list, i));
    Py_DECREF(list);
    Py_DECREF(index);
}

UOP(STORE_SUBSCR_LIST_INT, (value, list, index --), 0)
{
    Py_ssize_t i = list_index(list, index);
    EXIT_IF(i < 0);
    PyObject *old = PyList_GET_ITEM(list, i);
    PyList_SET_ITEM(list, i, value);
    Py_DECREF(old);
    Py_DECREF(list);
    Py_DECREF(index);
}

UOP(BINARY_SUBSCR_TUPLE_INT, (tuple, index -- item), PURE)
{
    Py_ssize_t i = tuple_index(tuple, index);
    EXIT_IF(i < 0);
    item = Py_NewRef(PyTuple_GET_ITEM(tuple, i));
    Py_DECREF(tuple);
    Py_DECREF(index);
}

/* An exact dict: a missing key raises KeyError(key), as dict's subscript
 * does without __missing__ (a handler of the trace may catch it:
 * CATCH_EXCEPTION); the key's __hash__ / __eq__ may run Python code. */
UOP(BINARY_SUBSCR_DICT, (dict, key -- item), ESCAPES)
{
    EXIT_IF(!PyDict_CheckExact(dict));
    item = PyDict_GetItemWithError(dict, key);
    if (item == NULL && !PyErr_Occurred()) {
        _PyErr_SetKeyError(key);
    }
    Py_XINCREF(item);
    Py_DECREF(dict);
    Py_DECREF(key);
    ERROR_IF(item == NULL);
}

UOP(STORE_SUBSCR_DICT, (value, dict, key --), ESCAPES)
{
    EXIT_IF(!PyDict_CheckExact(dict));
    int failed = PyDict_SetItem(dict, key, value);
    Py_DECREF(value);
    Py_DECREF(dict);
    Py_DECREF(key);
    ERROR_IF(failed);
}

/* FOR_ITER over an exact list's or tuple's iterator: the next item without
 * a call; NULL (for GUARD_NOT_EXHAUSTED) once the sequence is done, which
 * the iterator then drops, as its own next does. */
UOP(FOR_ITER_LIST, (iter -- iter, next), 0)
{
    EXIT_IF(Py_TYPE(iter) != &PyListIter_Type);
    next = sequence_iterator_next(iter, 1);
}

UOP(FOR_ITER_TUPLE, (iter -- iter, next), 0)
{
    EXIT_IF(Py_TYPE(iter) != &PyTupleIter_Type);
    next = sequence_iterator_next(iter, 0);
}

/* ---- building and unpacking ---------------------------------------------
 * What Tier 1 would otherwise run for the trace (TIER1_OP), which costs a
 * Python call and hides every local's type from the optimizer. */

UOP(BUILD_TUPLE, (items[oparg] -- tuple), 0)
{
    PyObject *made = PyTuple_New(oparg);
    if (made == NULL) {
        for (int i = 0; i < oparg; i++) {
            Py_DECREF(items[i]);
        }
    }
    ERROR_IF(made == NULL);
    for (int i = 0; i < oparg; i++) {
        PyTuple_SET_ITEM(made, i, items[i]);
    }
    tuple = made;
}

UOP(BUILD_LIST, (items[oparg] -- list), 0)
{
    PyObject *made = PyList_New(oparg);
    if (made == NULL) {
        for (int i = 0; i < oparg; i++) {
            Py_DECREF(items[i]);
        }
    }
    ERROR_IF(made == NULL);
    for (int i = 0; i < oparg; i++) {
        PyList_SET_ITEM(made, i, items[i]);
    }
    list = made;
}

/* ---- comprehensions, f-strings, displays and closures (Tier 1 ran these
 * through its handlers: ~1 us each, and a trace with one was not one native
 * callers could enter) ------------------------------------------------------ */

/* LIST_APPEND(i) of a comprehension: its list, i items down once the value is popped. */
UOP(LIST_APPEND, (list, below[oparg - 1], value -- list, below[oparg - 1]), 0)
{
    int failed = PyList_Append(list, value);
    Py_DECREF(value);
    if (failed) {
        release_below(list, below, oparg - 1);  /* (an error consumes the inputs) */
    }
    ERROR_IF(failed);
}

UOP(SET_ADD, (set, below[oparg - 1], value -- set, below[oparg - 1]), ESCAPES)
{
    int failed = PySet_Add(set, value);
    Py_DECREF(value);
    if (failed) {
        release_below(set, below, oparg - 1);
    }
    ERROR_IF(failed);
}

UOP(MAP_ADD, (dict, below[oparg - 1], key, value -- dict, below[oparg - 1]), ESCAPES)
{
    int failed = PyDict_SetItem(dict, key, value);
    Py_DECREF(key);
    Py_DECREF(value);
    if (failed) {
        release_below(dict, below, oparg - 1);
    }
    ERROR_IF(failed);
}

/* FORMAT_VALUE: oparg bits 0-1 the conversion (none, !s, !r, !a), bit 2 a
 * format spec on top. */
UOP(FORMAT_VALUE, (value, spec[(oparg >> 2) & 1] -- res), ESCAPES)
{
    PyObject *converted = value;
    PyObject *format = (oparg & 4) ? spec[0] : NULL;
    switch (oparg & 3) {
        case 1: converted = PyObject_Str(value); break;
        case 2: converted = PyObject_Repr(value); break;
        case 3: converted = PyObject_ASCII(value); break;
        default: Py_INCREF(converted); break;
    }
    Py_DECREF(value);
    res = NULL;
    if (converted != NULL) {
        if (format == NULL && PyUnicode_CheckExact(converted)) {
            res = converted;
        }
        else {
            res = PyObject_Format(converted, format);
            Py_DECREF(converted);
        }
    }
    Py_XDECREF(format);
    ERROR_IF(res == NULL);
}

UOP(BUILD_STRING, (pieces[oparg] -- str), 0)
{
    PyObject *empty = PyUnicode_New(0, 0);
    str = empty == NULL ? NULL : _PyUnicode_JoinArray(empty, pieces, oparg);
    Py_XDECREF(empty);
    for (int i = 0; i < oparg; i++) {
        Py_DECREF(pieces[i]);
    }
    ERROR_IF(str == NULL);
}

UOP(BUILD_MAP, (items[oparg * 2] -- map), ESCAPES)
{
    PyObject *made = _PyDict_NewPresized(oparg);
    int failed = made == NULL;
    for (int i = 0; i < oparg && !failed; i++) {
        failed = PyDict_SetItem(made, items[2 * i], items[2 * i + 1]) < 0;
    }
    for (int i = 0; i < oparg * 2; i++) {
        Py_DECREF(items[i]);
    }
    if (failed) {
        Py_XDECREF(made);
    }
    ERROR_IF(failed);
    map = made;
}

/* An inlined callee's **kwargs: the keyword arguments no parameter takes
 * (operand: the tuple of their names, exact strs, distinct: hashing them
 * runs no Python code), in the order given. */
UOP(BUILD_KWARGS, (values[oparg] -- map), 0)
{
    PyObject *made = dict_of((PyObject *)operand, values, oparg);
    ERROR_IF(made == NULL);
    map = made;
}

/* A dict display with constant keys (the compiler's tuple of them on top:
 * hashing them runs no Python code). */
UOP(BUILD_CONST_KEY_MAP, (values[oparg], keys -- map), 0)
{
    PyObject *made = NULL;
    if (PyTuple_CheckExact(keys) && PyTuple_GET_SIZE(keys) == oparg) {
        made = dict_of(keys, values, oparg);
    }
    else {
        PyErr_SetString(PyExc_SystemError, "bad BUILD_CONST_KEY_MAP keys argument");
        for (int i = 0; i < oparg; i++) {
            Py_DECREF(values[i]);
        }
    }
    Py_DECREF(keys);
    ERROR_IF(made == NULL);
    map = made;
}

UOP(BUILD_SET, (items[oparg] -- set), ESCAPES)
{
    PyObject *made = PySet_New(NULL);
    int failed = made == NULL;
    for (int i = 0; i < oparg && !failed; i++) {
        failed = PySet_Add(made, items[i]) < 0;
    }
    for (int i = 0; i < oparg; i++) {
        Py_DECREF(items[i]);
    }
    if (failed) {
        Py_XDECREF(made);
    }
    ERROR_IF(failed);
    set = made;
}

UOP(LIST_TO_TUPLE, (list -- tuple), 0)
{
    tuple = PyList_AsTuple(list);
    Py_DECREF(list);
    ERROR_IF(tuple == NULL);
}

/* LIST_EXTEND(i): iterating the iterable may run Python code. */
UOP(LIST_EXTEND, (list, below[oparg - 1], iterable -- list, below[oparg - 1]), ESCAPES)
{
    /* (Tier 1 raises CPython's "Value after * must be an iterable") */
    EXIT_IF(Py_TYPE(iterable)->tp_iter == NULL && !PySequence_Check(iterable));
    PyObject *none = _PyList_Extend((PyListObject *)list, iterable);
    Py_DECREF(iterable);
    Py_XDECREF(none);
    if (none == NULL) {
        release_below(list, below, oparg - 1);
    }
    ERROR_IF(none == NULL);
}

/* SET_UPDATE(i) of `{*a, *b}` (iterating may run Python code). */
UOP(SET_UPDATE, (set, below[oparg - 1], iterable -- set, below[oparg - 1]), ESCAPES)
{
    int failed = _PySet_Update(set, iterable) < 0;
    Py_DECREF(iterable);
    if (failed) {
        release_below(set, below, oparg - 1);
    }
    ERROR_IF(failed);
}

/* DICT_UPDATE(i) of `{**a, ...}` from an exact dict (anything else leaves:
 * Tier 1 raises CPython's "is not a mapping"); keys of equal hashes are
 * compared, which may run their __eq__. */
UOP(DICT_UPDATE, (dict, below[oparg - 1], update -- dict, below[oparg - 1]), ESCAPES)
{
    EXIT_IF(!PyDict_CheckExact(update));
    int failed = PyDict_Update(dict, update) < 0;
    Py_DECREF(update);
    if (failed) {
        release_below(dict, below, oparg - 1);
    }
    ERROR_IF(failed);
}

/* DICT_MERGE(i) of f(**kwargs): an exact dict whose keys are exact strs the
 * dict does not have yet (so comparing them runs no code); anything else
 * leaves, for Tier 1's conversions and CPython's TypeErrors (not a mapping,
 * a keyword given twice). */
UOP(DICT_MERGE, (dict, below[oparg - 1], update -- dict, below[oparg - 1]), 0)
{
    EXIT_IF(!PyDict_CheckExact(update) || !fresh_string_keys(dict, update));
    int failed = PyDict_Update(dict, update) < 0;
    Py_DECREF(update);
    if (failed) {
        release_below(dict, below, oparg - 1);
    }
    ERROR_IF(failed);
}

UOP(UNARY_INVERT, (value -- res), ESCAPES | GENERIC)
{
    res = PyNumber_Invert(value);
    Py_DECREF(value);
    ERROR_IF(res == NULL);
}

UOP(UNARY_POSITIVE, (value -- res), ESCAPES | GENERIC)
{
    res = PyNumber_Positive(value);
    Py_DECREF(value);
    ERROR_IF(res == NULL);
}

/* GET_LEN of a match statement's subject (its __len__ may run Python code). */
UOP(GET_LEN, (subject -- subject, length), ESCAPES | GENERIC)
{
    Py_ssize_t size = PyObject_Length(subject);
    length = size < 0 ? NULL : PyLong_FromSsize_t(size);
    if (length == NULL) {
        Py_DECREF(subject);  /* (an error consumes the inputs) */
    }
    ERROR_IF(length == NULL);
}

/* MAKE_FUNCTION (a lambda, a genexpr's or a nested def's function): oparg's
 * bits say which of defaults (1), keyword defaults (2), annotations (4, name
 * and value pairs: a dict, as the VM makes it) and closure (8) are under the
 * code object.  The VM decoded the code when the recording ran it. */
UOP(MAKE_FUNCTION, (defaults[oparg & 1], kwdefaults[(oparg >> 1) & 1], annotations[(oparg >> 2) & 1], closure[(oparg >> 3) & 1], code -- func), 0)
{
    PyObject *made = PyFunction_New(code, state->globals);
    int failed = made == NULL;
    if (!failed && (oparg & 1)) {
        failed = PyFunction_SetDefaults(made, defaults[0]) < 0;
    }
    if (!failed && (oparg & 2)) {
        failed = PyFunction_SetKwDefaults(made, kwdefaults[0]) < 0;
    }
    if (!failed && (oparg & 4)) {
        PyObject *pairs = annotations[0], *dict = PyDict_New();
        failed = dict == NULL;
        for (Py_ssize_t i = 0; !failed && i + 1 < PyTuple_GET_SIZE(pairs); i += 2) {
            failed = PyDict_SetItem(dict, PyTuple_GET_ITEM(pairs, i),
                                    PyTuple_GET_ITEM(pairs, i + 1)) < 0;
        }
        failed = failed || PyFunction_SetAnnotations(made, dict) < 0;
        Py_XDECREF(dict);
    }
    if (!failed && (oparg & 8)) {
        failed = PyFunction_SetClosure(made, closure[0]) < 0;
    }
    if (oparg & 1) { Py_DECREF(defaults[0]); }
    if (oparg & 2) { Py_DECREF(kwdefaults[0]); }
    if (oparg & 4) { Py_DECREF(annotations[0]); }
    if (oparg & 8) { Py_DECREF(closure[0]); }
    Py_DECREF(code);
    if (failed) {
        Py_XDECREF(made);
    }
    ERROR_IF(failed);
    func = made;
}

/* BEFORE_WITH: the manager's bound __exit__ takes its place, and __enter__'s
 * value goes on top (as 3.11's ceval does it, messages and all). */
UOP(BEFORE_WITH, (manager -- exit, res), ESCAPES | GENERIC)
{
    PyObject *enter = _PyObject_LookupSpecial(manager, &_Py_ID(__enter__));
    PyObject *bound_exit = NULL;
    res = NULL;
    if (enter == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_Format(PyExc_TypeError,
                         "'%.200s' object does not support the context manager protocol",
                         Py_TYPE(manager)->tp_name);
        }
    }
    else {
        bound_exit = _PyObject_LookupSpecial(manager, &_Py_ID(__exit__));
        if (bound_exit == NULL) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_TypeError,
                             "'%.200s' object does not support the context manager protocol "
                             "(missed __exit__ method)", Py_TYPE(manager)->tp_name);
            }
        }
        else {
            res = PyObject_CallNoArgs(enter);
            if (res == NULL) {
                Py_CLEAR(bound_exit);
            }
        }
        Py_DECREF(enter);
    }
    Py_DECREF(manager);
    ERROR_IF(res == NULL);
    exit = bound_exit;
}

/* A match statement's case patterns: is the subject a sequence, a mapping. */
UOP(MATCH_SEQUENCE, (subject -- subject, res), 0)
{
    res = Py_NewRef((Py_TYPE(subject)->tp_flags & Py_TPFLAGS_SEQUENCE) ? Py_True : Py_False);
}

UOP(MATCH_MAPPING, (subject -- subject, res), 0)
{
    res = Py_NewRef((Py_TYPE(subject)->tp_flags & Py_TPFLAGS_MAPPING) ? Py_True : Py_False);
}

/* MATCH_CLASS: the attributes a class pattern captures from the subject
 * (match_class: a tuple, or None when it does not match); oparg counts its
 * positional sub-patterns, `names` holds its keyword ones. */
UOP(MATCH_CLASS, (subject, type, names -- attributes), ESCAPES | GENERIC)
{
    attributes = match_class(subject, type, oparg, names);
    Py_DECREF(subject);
    Py_DECREF(type);
    Py_DECREF(names);
    ERROR_IF(attributes == NULL);
}

/* MATCH_KEYS: the values of a mapping pattern's keys in the subject
 * (match_keys: a tuple, or None when one is missing). */
UOP(MATCH_KEYS, (subject, keys -- subject, keys, values), ESCAPES | GENERIC)
{
    values = match_keys(subject, keys);
    ERROR_IF(values == NULL);
}

/* LOAD_CLOSURE: the cell in local oparg, for the closure a MAKE_FUNCTION makes. */
UOP(LOAD_CLOSURE, (-- cell), PURE)
{
    cell = OPARG_LOCAL;
    EXIT_IF(cell == VM_NULL);
    Py_INCREF(cell);
}

/* MAKE_CELL(i) of a function's prologue: local i becomes a cell holding its
 * value (an argument), or an empty one. */
UOP(MAKE_CELL, (--), 0)
{
    PyObject *initial = OPARG_LOCAL;
    PyObject *cell = PyCell_New(initial == VM_NULL ? NULL : initial);
    ERROR_IF(cell == NULL);
    OPARG_LOCAL = cell;
    Py_DECREF(initial);
}

UOP(DELETE_SUBSCR, (container, key --), ESCAPES | GENERIC)
{
    int failed = PyObject_DelItem(container, key);
    Py_DECREF(container);
    Py_DECREF(key);
    ERROR_IF(failed);
}

/* LOAD_DEREF of a cell (or free variable) in local oparg; an empty cell
 * leaves, for Tier 1 to raise CPython's NameError. */
UOP(LOAD_DEREF, (-- value), PURE)
{
    PyObject *cell = OPARG_LOCAL;
    EXIT_IF(!PyCell_Check(cell) || PyCell_GET(cell) == NULL);
    value = Py_NewRef(PyCell_GET(cell));
}

/* STORE_DEREF: the old value's release runs Python code only as a
 * finalizer, as STORE_FAST's may. */
UOP(STORE_DEREF, (value --), 0)
{
    PyObject *cell = OPARG_LOCAL;
    EXIT_IF(!PyCell_Check(cell));
    PyObject *old = PyCell_GET(cell);
    PyCell_SET(cell, value);
    Py_XDECREF(old);
}

UOP(BUILD_SLICE_2, (start, stop -- slice), 0)
{
    PyObject *made = PySlice_New(start, stop, NULL);
    Py_DECREF(start);
    Py_DECREF(stop);
    ERROR_IF(made == NULL);
    slice = made;
}

UOP(BUILD_SLICE_3, (start, stop, step -- slice), 0)
{
    PyObject *made = PySlice_New(start, stop, step);
    Py_DECREF(start);
    Py_DECREF(stop);
    Py_DECREF(step);
    ERROR_IF(made == NULL);
    slice = made;
}

/* An exact tuple or list of oparg items, first item on top; anything else
 * (another length, another type: Tier 1 raises or iterates) leaves. */
UOP(UNPACK_SEQUENCE, (seq -- items[oparg]), PURE)
{
    Py_ssize_t size = 0;
    PyObject **source = exact_sequence_items(seq, &size);
    EXIT_IF(source == NULL || size != oparg);
    PyObject *unpacked = seq;
    for (int i = 0; i < oparg; i++) {
        items[i] = Py_NewRef(source[oparg - 1 - i]);
    }
    Py_DECREF(unpacked);
}

/* UNPACK_EX (`first, *rest, last = seq`): oparg's low byte counts the
 * targets before the starred one, its high byte those after.  An exact
 * tuple or list long enough, first item on top, the starred ones a new
 * list; anything else (too short, another type: Tier 1 raises or iterates)
 * leaves. */
UOP(UNPACK_EX, (seq -- items[(oparg & 255) + (oparg >> 8) + 1]), 0)
{
    int before = oparg & 0xFF, after = oparg >> 8, count = before + after + 1;
    Py_ssize_t size = 0;
    PyObject **source = exact_sequence_items(seq, &size);
    EXIT_IF(source == NULL || size < before + after);
    PyObject *starred = PyList_New(size - before - after);
    if (starred == NULL) {
        Py_DECREF(seq);  /* (an error consumes the inputs) */
    }
    ERROR_IF(starred == NULL);
    for (Py_ssize_t i = 0; i < size - before - after; i++) {
        PyList_SET_ITEM(starred, i, Py_NewRef(source[before + i]));
    }
    for (int i = 0; i < before; i++) {
        items[count - 1 - i] = Py_NewRef(source[i]);
    }
    items[after] = starred;
    for (int i = 0; i < after; i++) {
        items[after - 1 - i] = Py_NewRef(source[size - after + i]);
    }
    Py_DECREF(seq);
}

/* ---- control ------------------------------------------------------------ */

/* --stats only: at the top of a stretch of the trace, adds its length and
 * how many of its uops are generic (oparg, as jit.h's JIT_COUNT_BITS packs
 * them) to the counter of uops run natively (operand: its address). */
UOP(COUNT_UOPS, (--), 0)
{
    add_uop_count((int64_t *)operand, oparg, 1);
}

UOP(JUMP, (--), 0)
{
    JUMP();
}

/* The loop's back edge: polls the eval breaker (signals, a thread waiting for
 * the GIL, pending calls) and leaves for Tier 1 at the loop header, which
 * handles it, when it is set. */
UOP(JUMP_TO_TOP, (--), 0)
{
    EXIT_IF(eval_breaker_is_set(state));
    JUMP();
}

UOP(EXIT_TRACE, (--), 0)
{
    EXIT();
}

/* The next item of any iterator, or NULL when it is exhausted (see
 * GUARD_NOT_EXHAUSTED); errors other than StopIteration propagate. */
UOP(FOR_ITER_NEXT, (iter -- iter, next), ESCAPES | GENERIC)
{
    next = (*Py_TYPE(iter)->tp_iternext)(iter);
    if (next == NULL && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_StopIteration)) {
            PyErr_Clear();
        }
        else {
            Py_DECREF(iter);
        }
    }
    ERROR_IF(next == NULL && PyErr_Occurred());
}

/* Exhausted: resume Tier 1 after the loop (the uop's target) with the
 * iterator popped, as FOR_ITER does. */
UOP(GUARD_NOT_EXHAUSTED, (iter, next -- iter, next), PURE)
{
    if (next == NULL) {
        Py_DECREF(iter);
    }
    POP_EXIT_IF(next == NULL);
}

/* Another loop's FOR_ITER that a side trace saw exhausted: the trace goes on
 * after that loop, the iterator dropped as FOR_ITER drops it; an item left
 * (the uop's target: that loop's body) resumes Tier 1 there. */
UOP(GUARD_EXHAUSTED, (iter, next --), PURE)
{
    EXIT_IF(next != NULL);
    Py_DECREF(iter);
}

UOP(TO_BOOL, (value -- flag), ESCAPES | GENERIC)
{
    int is_true = truth_value(value);
    Py_DECREF(value);
    ERROR_IF(is_true < 0);
    flag = is_true ? Py_True : Py_False;
    Py_INCREF(flag);
}

/* TO_BOOL and UNARY_NOT of a value whose type's truth is plain C and cannot
 * fail (PLAIN_TRUTH in jit/uops.py; the types pass knows the type): no
 * Python code runs, so unlike theirs these do not escape (in inlined calls,
 * an escaping uop makes the VM count their frames first). */
UOP(TO_BOOL_PLAIN, (value -- flag), 0)
{
    flag = Py_NewRef(truth_value(value) ? Py_True : Py_False);
    Py_DECREF(value);
}

UOP(UNARY_NOT_PLAIN, (value -- res), 0)
{
    res = Py_NewRef(truth_value(value) ? Py_False : Py_True);
    Py_DECREF(value);
}

/* A branch the trace recorded one way: the other way resumes Tier 1 at the
 * branch's other target (the uop's target), with the flag popped. */
UOP(GUARD_IS_TRUE_POP, (flag --), PURE)
{
    Py_DECREF(flag);
    POP_EXIT_IF(flag != Py_True);
}

UOP(GUARD_IS_FALSE_POP, (flag --), PURE)
{
    Py_DECREF(flag);
    POP_EXIT_IF(flag != Py_False);
}

/* JUMP_IF_TRUE_OR_POP (oparg 1) / JUMP_IF_FALSE_OR_POP (oparg 0): Tier 1
 * jumps, keeping the value, when its truth is oparg, and pops it otherwise.
 * These test the value without pushing a flag, since the instruction may sit
 * at its code's full stack depth (`return a and b` in a one-slot frame), and
 * only for values whose type the recorder guarded to be a builtin whose truth
 * runs no code and cannot fail (the uop's target is the other way's offset,
 * not the instruction's, so it must not raise); a bool or an exact int is
 * tested inline (truth_value), without PyObject_IsTrue's call.
 * Recorded jumping: the other way pops the value and resumes after the
 * instruction. */
UOP(GUARD_OR_POP_JUMPED, (value -- value), PURE)
{
    int is_true = truth_value(value);
    if (is_true != oparg) {
        Py_DECREF(value);
    }
    POP_EXIT_IF(is_true != oparg);
}

/* Recorded falling through (the value popped): the other way keeps it and
 * resumes at the jump's target. */
UOP(GUARD_OR_POP_FELL_THROUGH, (value --), PURE)
{
    EXIT_IF(truth_value(value) == oparg);
    Py_DECREF(value);
}

/* JUMP_IF_*_OR_POP for other values, tested by TO_BOOL on a copy, recorded
 * jumping: the other way pops both the flag and the value, and resumes Tier 1
 * after the instruction. */
UOP(GUARD_IS_TRUE_ELSE_POP_BOTH, (value, flag -- value), PURE)
{
    Py_DECREF(flag);
    if (flag != Py_True) {
        Py_DECREF(value);
    }
    POP_EXIT_IF(flag != Py_True);
}

UOP(GUARD_IS_FALSE_ELSE_POP_BOTH, (value, flag -- value), PURE)
{
    Py_DECREF(flag);
    if (flag != Py_False) {
        Py_DECREF(value);
    }
    POP_EXIT_IF(flag != Py_False);
}

UOP(GUARD_IS_NONE_POP, (value --), PURE)
{
    Py_DECREF(value);
    POP_EXIT_IF(value != Py_None);
}

UOP(GUARD_IS_NOT_NONE_POP, (value --), PURE)
{
    Py_DECREF(value);
    POP_EXIT_IF(value == Py_None);
}

/* The function a CALL with this oparg would call is the operand (the one the
 * recorder saw); otherwise Tier 1 runs the CALL. */
UOP(GUARD_CALLEE, (method_or_null, callable_or_self, args[oparg] -- method_or_null, callable_or_self, args[oparg]), PURE | ASSUMES)
{
    PyObject *function = method_or_null != VM_NULL ? method_or_null : callable_or_self;
    EXIT_IF(function != (PyObject *)operand);
}

/* A bound built-in method (`items.append`) is a new object at every access:
 * the guard is on the C method it wraps (operand: its PyMethodDef). */
UOP(GUARD_CALLEE_CMETHOD, (method_or_null, callable_or_self, args[oparg] -- method_or_null, callable_or_self, args[oparg]), PURE | ASSUMES)
{
    PyObject *function = method_or_null != VM_NULL ? method_or_null : callable_or_self;
    EXIT_IF(!PyCFunction_CheckExact(function) ||
            ((PyCFunctionObject *)function)->m_ml != (PyMethodDef *)operand);
}

/* A Python function, by its code object (operand): closures, lambdas and a
 * genexpr's function are new function objects each time, but run the same
 * code.  A function whose __code__ is replaced fails it. */
UOP(GUARD_CALLEE_CODE, (method_or_null, callable_or_self, args[oparg] -- method_or_null, callable_or_self, args[oparg]), PURE | ASSUMES)
{
    PyObject *function = method_or_null != VM_NULL ? method_or_null : callable_or_self;
    EXIT_IF(!PyFunction_Check(function) ||
            ((PyFunctionObject *)function)->func_code != (PyObject *)operand);
}

/* A bound method of a Python function (a new object at every access), by
 * the function's code object. */
UOP(GUARD_CALLEE_METHOD_CODE, (method_or_null, callable_or_self, args[oparg] -- method_or_null, callable_or_self, args[oparg]), PURE | ASSUMES)
{
    PyObject *function = method_or_null != VM_NULL ? method_or_null : callable_or_self;
    EXIT_IF(!PyMethod_Check(function) || !PyFunction_Check(PyMethod_GET_FUNCTION(function)) ||
            ((PyFunctionObject *)PyMethod_GET_FUNCTION(function))->func_code != (PyObject *)operand);
}

/* ---- inlined calls ------------------------------------------------------
 * A call of a small VM function is recorded through: its body's uops run on
 * a localsplus of its own in state->inline_slots.  Exits from inside rebuild
 * the Tier 1 frames (store_inlined_frames; jit/trace/inline.py). */

/* The callee of an inlined call: a function (not a bound method) running
 * `operand`'s code with the trace's globals. */
UOP(GUARD_INLINE_FUNCTION, (method_or_null, callable_or_self, args[oparg] -- method_or_null, callable_or_self, args[oparg]), PURE | ASSUMES)
{
    EXIT_IF(method_or_null != VM_NULL || !PyFunction_Check(callable_or_self) ||
            ((PyFunctionObject *)callable_or_self)->func_code != (PyObject *)operand ||
            ((PyFunctionObject *)callable_or_self)->func_globals != state->globals);
}

/* The callee of an inlined call: a bound method of such a function. */
UOP(GUARD_INLINE_METHOD, (method_or_null, callable_or_self, args[oparg] -- method_or_null, callable_or_self, args[oparg]), PURE | ASSUMES)
{
    PyObject *function = PyMethod_Check(callable_or_self) ?
        PyMethod_GET_FUNCTION(callable_or_self) : NULL;
    EXIT_IF(method_or_null != VM_NULL || function == NULL || !PyFunction_Check(function) ||
            ((PyFunctionObject *)function)->func_code != (PyObject *)operand ||
            ((PyFunctionObject *)function)->func_globals != state->globals);
}

/* The tuple and dict of CALL_FUNCTION_EX (a decorator's `function(*args,
 * **kwargs)`) as the arguments of the inlined call that takes its place
 * (oparg: their count << 1 | whether the dict is there; operand: words [the
 * tuple's length, the dict's, then its keys as recorded, in order]): the
 * tuple's items, then the dict's values.  Another length, another key (or
 * a list, a dict subclass) leaves. */
UOP(UNPACK_CALL_EX, (callargs, kwargs[oparg & 1] -- items[oparg >> 1]), 0)
{
    const uint64_t *recorded = (const uint64_t *)operand;
    Py_ssize_t count = (Py_ssize_t)recorded[0], named = (Py_ssize_t)recorded[1];
    PyObject *dict = (oparg & 1) ? kwargs[0] : NULL;
    int differs = !PyTuple_CheckExact(callargs) || PyTuple_GET_SIZE(callargs) != count ||
        (dict != NULL && (!PyDict_CheckExact(dict) || PyDict_GET_SIZE(dict) != named));
    PyObject *unpacked[JIT_MAX_UNPACKED];
    Py_ssize_t position = 0;
    PyObject *key, *value;
#pragma clang loop vectorize(disable) unroll(disable)
    for (Py_ssize_t i = 0; i < named && !differs; i++) {
        PyObject *expected = (PyObject *)recorded[2 + i];
        /* (the same name object, or an equal exact str: hashing and
         * comparing two exact strs runs no Python code) */
        differs = !PyDict_Next(dict, &position, &key, &value) ||
            (key != expected && !(PyUnicode_CheckExact(key) &&
                                  PyUnicode_Compare(key, expected) == 0));
        unpacked[count + i] = value;
    }
    EXIT_IF(differs);
#pragma clang loop vectorize(disable) unroll(disable)
    for (Py_ssize_t i = 0; i < count; i++) {
        unpacked[i] = PyTuple_GET_ITEM(callargs, i);
    }
    /* (read all before writing: the items take the inputs' places) */
    PyObject *tuple = callargs;
#pragma clang loop vectorize(disable) unroll(disable)
    for (Py_ssize_t i = 0; i < count + named; i++) {
        items[i] = Py_NewRef(unpacked[i]);
    }
    Py_DECREF(tuple);
    Py_XDECREF(dict);
}

/* The defaults an inlined call binds (operand: words [where the self comes
 * from (JIT_SELF_*), the function when its caller's guards fixed it (a
 * constructing call's __init__) or 0 (the callee on the stack), the
 * function's __defaults__ and __kwdefaults__ when recorded (or 0), that
 * dict's version]): the same objects still, the dict unchanged, so the
 * values the recording bound (LOAD_CONSTs before INLINE_CALL) are the
 * function's defaults.  (An object recorded is kept alive by the trace: no
 * other can take its address.) */
UOP(GUARD_INLINE_DEFAULTS, (method_or_null, callable_or_self, args[oparg] -- method_or_null, callable_or_self, args[oparg]), PURE)
{
    const uint64_t *recorded = (const uint64_t *)operand;
    int self_from = (int)recorded[0];
    PyFunctionObject *function = (PyFunctionObject *)(
        recorded[1] ? (PyObject *)recorded[1]
        : inlined_function(self_from, method_or_null, callable_or_self));
    PyObject *kwdefaults = function->func_kwdefaults;
    EXIT_IF(function->func_defaults != (PyObject *)recorded[2] ||
            kwdefaults != (PyObject *)recorded[3] ||
            (kwdefaults != NULL && ((PyDictObject *)kwdefaults)->ma_version_tag != recorded[4]));
}

/* Enter the callee: its arguments (a self first) become its first locals,
 * the other locals are unbound.  operand: bits 0-15 the callee's first slot
 * in inline_slots, 16-31 its local count, 32-34 where its self comes from
 * (JIT_SELF_*; a constructing call's local count includes a hidden last
 * local holding the instance), 35-37 the caller's level in `callers` (the
 * plan fills it in: the trace's frame is level 0), 38 a closure called as a
 * function or method (not constructing, no operator): its cells, from the
 * function on the stack, go in its free variables, its last locals (the
 * others' COPY_CLOSURE puts in the cells of the function their guards fix). */
UOP(INLINE_CALL, (method_or_null, callable_or_self, args[oparg] --), 0)
{
    PyObject **slots = state->inline_slots + (operand & 0xFFFF);
    PyObject **end = slots + ((operand >> 16) & 0xFFFF);  /* its stack starts here */
    int self_from = (int)((operand >> 32) & 7);
    int level = (int)((operand >> 35) & 7);
    PyObject *closure = NULL;
    if ((operand >> 38) & 1) {
        PyObject *function = inlined_function(self_from, method_or_null, callable_or_self);
        closure = Py_NewRef(((PyFunctionObject *)function)->func_closure);
    }
    PyObject **local = slots;
    /* What moves into the first locals: the arguments, and before them a
     * self that is on the stack (the unbound form's, a new instance). */
    PyObject **moved = args;
    int count = oparg;
    if (self_from == JIT_SELF_BOUND) {
        *local++ = Py_NewRef(PyMethod_GET_SELF(callable_or_self));
        Py_DECREF(callable_or_self);
    }
    else if (self_from == JIT_SELF_OPERANDS) {
        moved -= 2;
        count += 2;
    }
    else if (self_from != JIT_SELF_NONE) {
        moved--;
        count++;
    }
    else {
        Py_DECREF(callable_or_self);
    }
    PyObject **unbound_end = end;
    if (self_from == JIT_SELF_INSTANCE) {
        *--unbound_end = Py_NewRef(callable_or_self);  /* what INIT_RETURN returns */
    }
    /* (a few items: plain loops, not vectorised) */
#pragma clang loop vectorize(disable) unroll(disable)
    for (int i = 0; i < count; i++) {
        *local++ = moved[i];
    }
    PyObject **free = closure == NULL ? unbound_end : unbound_end - PyTuple_GET_SIZE(closure);
#pragma clang loop vectorize(disable) unroll(disable)
    while (local < free) {
        *local++ = Py_NewRef(VM_NULL);
    }
    if (closure != NULL) {
#pragma clang loop vectorize(disable) unroll(disable)
        for (Py_ssize_t i = 0; local < unbound_end; i++) {
            *local++ = Py_NewRef(PyTuple_GET_ITEM(closure, i));
        }
        Py_DECREF(closure);
    }
    if (self_from != JIT_SELF_OPERANDS) {
        Py_DECREF(method_or_null);
    }
    JITCaller *caller = &state->callers[level];
    state->inline_depth = level + 1;
    caller->localsplus = localsplus;
    caller->stack_pointer = stack_pointer - N_INPUTS;
    localsplus = slots;
    stack_pointer = end;
    CONTINUE();
}

/* COPY_FREE_VARS of an inlined closure whose function its caller's guards
 * fixed (operand: a constructing call's __init__, an operator method): its
 * closure's cells into its free variables, locals oparg on (INLINE_CALL
 * left them unbound). */
UOP(COPY_CLOSURE, (--), 0)
{
    PyObject *closure = ((PyFunctionObject *)operand)->func_closure;
#pragma clang loop vectorize(disable) unroll(disable)
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(closure); i++) {
        PyObject *unbound = localsplus[oparg + i];
        localsplus[oparg + i] = Py_NewRef(PyTuple_GET_ITEM(closure, i));
        Py_DECREF(unbound);
    }
}

/* CALL of a class whose instances object.__new__ makes and whose __init__ is
 * a VM function (operand: words [the class's version tag, that __init__,
 * its code object]): the new instance takes the class's place, for the
 * constructing INLINE_CALL that runs __init__ on it.  A class or __init__
 * changed since leaves. */
UOP(ALLOC_INSTANCE, (null, cls, args[oparg] -- null, instance, args[oparg]), ASSUMES)
{
    const uint64_t *recorded = (const uint64_t *)operand;
    PyTypeObject *type = (PyTypeObject *)cls;
    EXIT_IF(type->tp_version_tag != (unsigned int)recorded[0] ||
            ((PyFunctionObject *)recorded[1])->func_code != (PyObject *)recorded[2]);
    /* object.__new__ itself: tp_alloc, and the instance's inline values */
    PyObject *no_arguments = PyTuple_New(0);
    PyObject *made = no_arguments == NULL ? NULL :
        PyBaseObject_Type.tp_new(type, no_arguments, NULL);
    Py_XDECREF(no_arguments);
    if (made == NULL) {
        release_call(null, cls, args, oparg);
    }
    ERROR_IF(made == NULL);
    Py_DECREF(cls);
    instance = made;
}

/* BINARY_OP of an instance of a class whose method for the operator (`__add__`)
 * is inlined: the operands' exact types (operand: words [the class, the other
 * operand's type: the class itself, int or float]), for which CPython calls
 * just that method (jit/trace/inline.py `inline_operator`). */
UOP(GUARD_OPERAND_TYPES, (lhs, rhs -- lhs, rhs), PURE)
{
    const uint64_t *types = (const uint64_t *)operand;
    EXIT_IF(Py_TYPE(lhs) != (PyTypeObject *)types[0] || Py_TYPE(rhs) != (PyTypeObject *)types[1]);
}

/* ... and the method is still the one recorded (operand: words [the class's
 * version tag, the function, its code object]), on the trace's globals. */
UOP(GUARD_OPERATOR, (lhs, rhs -- lhs, rhs), PURE | ASSUMES)
{
    const uint64_t *recorded = (const uint64_t *)operand;
    PyFunctionObject *function = (PyFunctionObject *)recorded[1];
    EXIT_IF(Py_TYPE(lhs)->tp_version_tag != (unsigned int)recorded[0] ||
            function->func_code != (PyObject *)recorded[2] ||
            function->func_globals != state->globals);
}

/* RETURN_VALUE of an inlined operator method: NotImplemented leaves, for
 * Tier 1 to raise CPython's TypeError at the BINARY_OP. */
UOP(GUARD_IMPLEMENTED, (retval -- retval), PURE)
{
    EXIT_IF(retval == Py_NotImplemented);
}

/* RETURN_VALUE of an inlined __init__: the call's value is the instance (its
 * hidden last local, oparg); a value other than None leaves, for Tier 1 to
 * raise CPython's TypeError at the call. */
UOP(INIT_RETURN, (retval -- instance), 0)
{
    EXIT_IF(retval != Py_None);
    Py_DECREF(retval);
    instance = Py_NewRef(OPARG_LOCAL);
}

/* RETURN_VALUE of an inlined callee: release its locals (its stack holds
 * just the value) and push the value on the caller's stack.  Releasing them
 * runs Python code only as a finalizer, as POP_TOP's or STORE_FAST's release
 * may: not ESCAPES either (so the caller keeps what the optimizer knew of
 * classes and globals).  Where the caller is, the plan fills in: oparg its
 * level (0: the trace's frame, whose localsplus callers[0] saved), operand
 * bits 0-15 its stack top (from its localsplus, in slots), 16-31 its first
 * slot in inline_slots. */
UOP(INLINE_RETURN, (retval --), 0)
{
    for (PyObject **slot = localsplus; slot < stack_pointer - 1; slot++) {
        Py_DECREF(*slot);
    }
    state->inline_depth = oparg;
    localsplus = oparg ? state->inline_slots + ((operand >> 16) & 0xFFFF)
                       : state->callers[0].localsplus;
    stack_pointer = localsplus + (operand & 0xFFFF);
    *stack_pointer++ = retval;
    CONTINUE();
}

/* CALL of a function the VM runs: a nested run of the VM (same frames, same
 * recursion accounting as Tier 1's CALL); when nesting native code deeper
 * would risk the C stack, the call leaves for Tier 1, which pushes the frame.
 * oparg = argument count, operand = the KW_NAMES tuple or 0. */
UOP(CALL_VM, (method_or_null, callable_or_self, args[oparg] -- res), ESCAPES | GENERIC)
{
    EXIT_IF(!nesting_allowed(state));
    res = call_in_vm(&cpjit_call_vm, method_or_null, args, oparg, (PyObject *)operand);
    EXIT_IF(res == &cpjit_DEOPT);
    release_call(method_or_null, callable_or_self, args, oparg);
    ERROR_IF(res == NULL);
}

/* CALL of a VM function, whose code object a GUARD_CALLEE_CODE / _METHOD_CODE
 * checked (operand: the code's JITEntry), without keyword arguments.  When
 * the code has a function trace and the arguments bind (its parameters, the
 * missing ones from its defaults, more into its *args), the call runs
 * natively (run_native_call) on a localsplus list of its own; otherwise --
 * no trace yet, arguments CPython would reject, signals waiting for Tier 1,
 * or the recursion limit in reach, where the VM raises RecursionError as
 * CPython would -- it runs in the VM like CALL_VM.  Nested deeper than the
 * thread's C stack or CPython's recursion limit allow, the trace leaves and
 * Tier 1 makes the call without nesting. */
UOP(CALL_NATIVE, (method_or_null, callable_or_self, args[oparg] -- res), ESCAPES)
{
    EXIT_IF(!nesting_allowed(state));
    res = call_natively((JITEntry *)operand, NULL, method_or_null, callable_or_self, args,
                        oparg, state);
    EXIT_IF(res == &cpjit_DEOPT);
    release_call(method_or_null, callable_or_self, args, oparg);
    ERROR_IF(res == NULL);
}

/* CALL_NATIVE of a call with keyword arguments, bound by name (into
 * keyword-only parameters and **kwargs too).  Operand: a tuple (the KW_NAMES
 * tuple, the address of the code's JITEntry, what keeps it). */
UOP(CALL_NATIVE_KW, (method_or_null, callable_or_self, args[oparg] -- res), ESCAPES)
{
    EXIT_IF(!nesting_allowed(state));
    PyObject *plan = (PyObject *)operand;
    res = call_natively((JITEntry *)PyLong_AsVoidPtr(PyTuple_GET_ITEM(plan, 1)),
                        PyTuple_GET_ITEM(plan, 0), method_or_null, callable_or_self, args,
                        oparg, state);
    EXIT_IF(res == &cpjit_DEOPT);
    release_call(method_or_null, callable_or_self, args, oparg);
    ERROR_IF(res == NULL);
}

/* CALL of `super` with no arguments, which CPython answers from the calling
 * frame (Tier 1 from its own: interpreter/builtins_shim.py): super(__class__,
 * first argument), the __class__ cell in local oparg and the argument in
 * local 0 (in a cell there when operand is 1).  An empty or missing cell, a
 * __class__ that is not a type or an unbound argument leaves, for Tier 1 to
 * raise CPython's RuntimeError. */
UOP(CALL_SUPER, (method_or_null, callable_or_self -- res), ESCAPES)
{
    PyObject *cell = OPARG_LOCAL;
    EXIT_IF(!PyCell_Check(cell) || PyCell_GET(cell) == NULL || !PyType_Check(PyCell_GET(cell)));
    PyObject *first = localsplus[0];
    if (operand) {
        EXIT_IF(!PyCell_Check(first) || PyCell_GET(first) == NULL);
        first = PyCell_GET(first);
    }
    EXIT_IF(first == VM_NULL);
    PyObject *arguments[2] = {PyCell_GET(cell), first};
    res = PyObject_Vectorcall((PyObject *)&PySuper_Type, arguments, 2, NULL);
    release_call(method_or_null, callable_or_self, NULL, 0);
    ERROR_IF(res == NULL);
}

/* IMPORT_NAME (operand: the name): the builtins' __import__, called as Tier 1
 * calls it: __import__(name, globals, locals, fromlist, level) (locals None
 * in a function).  Builtins that are no dict, or lack __import__, leave
 * (Tier 1 raises CPython's ImportError). */
UOP(IMPORT_NAME, (level, fromlist -- module), ESCAPES | GENERIC)
{
    EXIT_IF(!PyDict_CheckExact(state->builtins));
    PyObject *import = PyDict_GetItemString(state->builtins, "__import__");
    EXIT_IF(import == NULL);
    PyObject *arguments[5] = {(PyObject *)operand, state->globals, state->locals, fromlist,
                              level};
    module = PyObject_Vectorcall(import, arguments, 5, NULL);
    Py_DECREF(level);
    Py_DECREF(fromlist);
    ERROR_IF(module == NULL);
}

/* IMPORT_FROM (operand: the name) of a module that holds the name in its
 * namespace (no module type attribute of that name, so looking it up runs no
 * code); anything else leaves, for Tier 1's getattr, sys.modules fallback
 * and messages. */
UOP(IMPORT_FROM, (module -- module, res), 0)
{
    PyObject *name = (PyObject *)operand;
    EXIT_IF(!PyModule_CheckExact(module) || _PyType_Lookup(&PyModule_Type, name) != NULL);
    res = PyDict_GetItemWithError(PyModule_GetDict(module), name);
    EXIT_IF(res == NULL);
    Py_INCREF(res);
}

/* CALL_FUNCTION_EX, f(*args) or (oparg 1) f(*args, **kwargs), of a
 * callable CPython runs: with an exact tuple or list and an exact dict
 * (anything else leaves, for Tier 1's conversions and errors).  Operand: 0,
 * or the pair (the code of the trampoline Tier 1 calls it through, the
 * trampoline the recording used: trampoline_for; CALL_TRAMPOLINED's, t(c, a,
 * k) calls c(*a, **k)). */
UOP(CALL_FUNCTION_EX, (null, func, callargs, kwargs[oparg] -- res), ESCAPES | GENERIC)
{
    EXIT_IF(!PyTuple_CheckExact(callargs) && !PyList_CheckExact(callargs));
    EXIT_IF(oparg && !PyDict_CheckExact(kwargs[0]));
    PyObject *given = PySequence_Tuple(callargs);
    PyObject *trampoline = given == NULL || !operand ? NULL
        : trampoline_for(PyTuple_GET_ITEM((PyObject *)operand, 0),
                         PyTuple_GET_ITEM((PyObject *)operand, 1), state);
    res = NULL;
    if (given != NULL && !operand) {
        res = PyObject_Call(func, given, oparg ? kwargs[0] : NULL);
    }
    else if (trampoline != NULL) {
        PyObject *call[3] = {func, given, oparg ? kwargs[0] : Py_None};
        res = PyObject_Vectorcall(trampoline, call, 3, NULL);
    }
    Py_XDECREF(trampoline);
    Py_XDECREF(given);
    release_call(null, func, kwargs - 1, 1 + oparg);  /* (callargs below kwargs) */
    ERROR_IF(res == NULL);
}

/* CALL_FUNCTION_EX of a function (or bound method) the VM runs, with the
 * arguments as CALL_FUNCTION_EX takes them: natively, as CALL_NATIVE calls
 * (operand: the code's JITEntry), when they bind (a decorator's
 * `function(*args, **kwargs)`); else a nested run of the VM (CALL_NATIVE's;
 * Tier 1 makes the call instead when it cannot nest deeper). */
UOP(CALL_FUNCTION_EX_VM, (null, func, callargs, kwargs[oparg] -- res), ESCAPES | GENERIC)
{
    EXIT_IF(!nesting_allowed(state));
    EXIT_IF(!PyTuple_CheckExact(callargs) && !PyList_CheckExact(callargs));
    EXIT_IF(oparg && !PyDict_CheckExact(kwargs[0]));
    JITEntry *entry = (JITEntry *)operand;
    PyObject *self;
    PyObject *function = method_function(func, &self);
    Py_ssize_t count = PySequence_Fast_GET_SIZE(callargs);
    Py_ssize_t depth = index_value(*state->depth_slot);
    PyObject *keywords = oparg && PyDict_GET_SIZE(kwargs[0]) != 0 ? kwargs[0] : NULL;
    res = NOT_BOUND;
    if (runs_natively(entry, function, depth)) {
        res = native_call(entry, function, self, PySequence_Fast_ITEMS(callargs),
                          count + (self != NULL), NULL, keywords, depth, state);
    }
    if (res == NOT_BOUND) {
        res = NULL;
        PyObject *given = PyTuple_New(count + 1);  /* (the function first) */
        if (given != NULL) {
            PyTuple_SET_ITEM(given, 0, Py_NewRef(func));
            for (Py_ssize_t i = 0; i < count; i++) {
                PyTuple_SET_ITEM(given, i + 1,
                                 Py_NewRef(PySequence_Fast_GET_ITEM(callargs, i)));
            }
            /* (as CALL_NATIVE's calls the VM makes: counted, so that the
             * function gets the trace a native call runs) */
            res = PyObject_Call(&cpjit_call_native, given, keywords);
            Py_DECREF(given);
            if (res == &cpjit_DEOPT) {
                Py_DECREF(res);
            }
        }
    }
    EXIT_IF(res == &cpjit_DEOPT);
    release_call(null, func, kwargs - 1, 1 + oparg);  /* (callargs below kwargs) */
    ERROR_IF(res == NULL);
}

/* CALL of anything but a function the VM runs (those leave the trace):
 * oparg = argument count, operand = the KW_NAMES tuple or 0. */
UOP(CALL, (method_or_null, callable_or_self, args[oparg] -- res), ESCAPES | GENERIC)
{
    int is_method = method_or_null != VM_NULL;
    PyObject *function = is_method ? method_or_null : callable_or_self;
    PyObject **arguments = is_method ? args - 1 : args;
    PyObject *kwnames = (PyObject *)operand;
    Py_ssize_t positional = oparg + is_method - (kwnames ? PyTuple_GET_SIZE(kwnames) : 0);
    res = PyObject_Vectorcall(function, arguments,
                              positional | PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
    release_call(method_or_null, callable_or_self, args, oparg);
    ERROR_IF(res == NULL);
}

/* CALL_TRAMPOLINED of a Python-level callable CPython runs (library code, a
 * class whose __init__ is not a leaf, a callable instance): Tier 1 calls it
 * through a *trampoline* (interpreter/trampoline.py), a function whose code
 * carries the program's file, function name and line, so that a callee that
 * looks at its caller (sys._getframe: namedtuple, warnings, logging) sees
 * the program's frame, not cpjit's.  The operand is the triple (trampoline
 * code, kwnames or None, the trampoline the recording used: trampoline_for).
 * t(c, a, k) calls c(*a, **k). */
UOP(CALL_TRAMPOLINED, (method_or_null, callable_or_self, args[oparg] -- res), ESCAPES | GENERIC)
{
    int is_method = method_or_null != VM_NULL;
    PyObject *function = is_method ? method_or_null : callable_or_self;
    PyObject **arguments = is_method ? args - 1 : args;
    PyObject *kwnames = PyTuple_GET_ITEM((PyObject *)operand, 1);
    Py_ssize_t keywords = kwnames == Py_None ? 0 : PyTuple_GET_SIZE(kwnames);
    Py_ssize_t positional = oparg + is_method - keywords;
    PyObject *trampoline = trampoline_for(PyTuple_GET_ITEM((PyObject *)operand, 0),
                                          PyTuple_GET_ITEM((PyObject *)operand, 2), state);
    PyObject *given = trampoline == NULL ? NULL : PyTuple_New(positional);
    PyObject *named = given == NULL || !keywords ? NULL : PyDict_New();
    int failed = given == NULL || (keywords && named == NULL);
    for (Py_ssize_t i = 0; !failed && i < positional; i++) {
        Py_INCREF(arguments[i]);
        PyTuple_SET_ITEM(given, i, arguments[i]);
    }
    for (Py_ssize_t i = 0; !failed && i < keywords; i++) {
        failed = PyDict_SetItem(named, PyTuple_GET_ITEM(kwnames, i),
                                arguments[positional + i]) < 0;
    }
    res = NULL;
    if (!failed) {
        PyObject *call[3] = {function, given, named == NULL ? Py_None : named};
        res = PyObject_Vectorcall(trampoline, call, 3, NULL);
    }
    Py_XDECREF(trampoline);
    Py_XDECREF(given);
    Py_XDECREF(named);
    release_call(method_or_null, callable_or_self, args, oparg);
    ERROR_IF(res == NULL);
}

UOP(GUARD_TYPE, (value -- value), PURE)
{
    EXIT_IF(Py_TYPE(value) != (PyTypeObject *)operand);
}

/* ---- unboxed int64 on the scratch area ----------------------------------- */

UOP(INT64_CONST, (--), PURE)
{
    PUSH_I((int64_t)operand);
}

UOP(INT64_COPY, (--), PURE)
{
    OUT_I(IN_I(1));
}

/* Overflow leaves the trace: the Tier 1 instruction redoes it with big ints. */
UOP(INT64_ADD, (--), PURE)
{
    int64_t result;
    EXIT_IF(__builtin_add_overflow(IN_I(1), IN_I(2), &result));
    OUT_I(result);
}

UOP(INT64_SUBTRACT, (--), PURE)
{
    int64_t result;
    EXIT_IF(__builtin_sub_overflow(IN_I(1), IN_I(2), &result));
    OUT_I(result);
}

UOP(INT64_MULTIPLY, (--), PURE)
{
    int64_t result;
    EXIT_IF(__builtin_mul_overflow(IN_I(1), IN_I(2), &result));
    OUT_I(result);
}

UOP(INT64_COMPARE, (--), PURE)
{
    OUT_I(compare_int64(oparg, IN_I(1), IN_I(2)));
}

UOP(INT64_JUMP_IF_ZERO, (--), PURE)
{
    JUMP_IF(OPARG_SCRATCH.i == 0);
}

UOP(INT64_JUMP_IF_NONZERO, (--), PURE)
{
    JUMP_IF(OPARG_SCRATCH.i != 0);
}

/* An int that does not fit in 64 bits stays boxed: leave the trace. */
UOP(INT64_UNBOX, (value --), 0)
{
    int64_t unboxed;
    EXIT_IF(!unbox_int64(value, &unboxed));
    PUSH_I(unboxed);
    Py_DECREF(value);
}

UOP(INT64_BOX, (-- value), 0)
{
    value = box_int64(OPARG_SCRATCH.i);
    ERROR_IF(value == NULL);
}

/* ---- unboxed double on the scratch area ---------------------------------- */

UOP(FLOAT_CONST, (--), PURE)
{
    uint64_t bits = operand;
    double value;
    __builtin_memcpy(&value, &bits, sizeof(double));
    PUSH_F(value);
}

UOP(FLOAT_ADD, (--), PURE)
{
    OUT_F(IN_F(1) + IN_F(2));
}

UOP(FLOAT_SUBTRACT, (--), PURE)
{
    OUT_F(IN_F(1) - IN_F(2));
}

UOP(FLOAT_MULTIPLY, (--), PURE)
{
    OUT_F(IN_F(1) * IN_F(2));
}

/* Division by zero leaves the trace: Tier 1 raises ZeroDivisionError. */
UOP(FLOAT_TRUE_DIVIDE, (--), PURE)
{
    double divisor = IN_F(2);
    EXIT_IF(divisor == 0.0);
    OUT_F(IN_F(1) / divisor);
}

UOP(FLOAT_COMPARE, (--), PURE)
{
    OUT_I(compare_double(oparg, IN_F(1), IN_F(2)));
}

UOP(INT64_TO_FLOAT, (--), PURE)
{
    OUT_F((double)IN_I(1));
}

UOP(FLOAT_UNBOX, (value --), 0)
{
    EXIT_IF(!PyFloat_CheckExact(value));
    PUSH_F(PyFloat_AS_DOUBLE(value));
    Py_DECREF(value);
}

UOP(FLOAT_BOX, (-- value), 0)
{
    value = PyFloat_FromDouble(OPARG_SCRATCH.d);
    ERROR_IF(value == NULL);
}

/* ---- attr: attributes, method loads and builtin calls -------------------
 * Specialised by what the recorder saw, as CPython 3.11's LOAD_ATTR_*,
 * STORE_ATTR_*, LOAD_METHOD_* and PRECALL_* instructions are
 * (jit/trace/attributes.py, jit/trace/builtin_calls.py).  The type guard
 * (GUARD_TYPE) comes first; GUARD_TYPE_VERSION then keeps what the recorder
 * learnt from the class true. */

/* The class has not changed since the recording (operand: its version tag,
 * never 0): its attributes, descriptors and __getattr__ are as they were. */
UOP(GUARD_TYPE_VERSION, (owner -- owner), PURE | ASSUMES)
{
    EXIT_IF(Py_TYPE(owner)->tp_version_tag != (uint32_t)operand);
}

/* An instance attribute in the object's inline values (operand: its index
 * in the class's shared keys). */
UOP(LOAD_ATTR_INSTANCE_VALUE, (owner -- attr), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(owner);
    EXIT_IF(values == NULL);
    attr = AT_OPERAND(PyObject *, values->values);
    EXIT_IF(attr == NULL);
    Py_INCREF(attr);
    Py_DECREF(owner);
}

/* An instance attribute in a materialised __dict__ (oparg: the entry the
 * recorder found it in; operand: the name). */
UOP(LOAD_ATTR_WITH_HINT, (owner -- attr), 0)
{
    PyDictObject *dict = (PyDictObject *)*_PyObject_ManagedDictPointer(owner);
    EXIT_IF(dict == NULL);
    attr = dict_hint_value(dict, oparg, (PyObject *)operand);
    EXIT_IF(attr == NULL);
    Py_INCREF(attr);
    Py_DECREF(owner);
}

/* A __slots__ member (operand: its offset in the object). */
UOP(LOAD_ATTR_SLOT, (owner -- attr), 0)
{
    attr = *(PyObject **)((char *)owner + operand);
    EXIT_IF(attr == NULL);
    Py_INCREF(attr);
    Py_DECREF(owner);
}

/* A module's global (oparg: its entry in the module's dict; operand: the
 * name).  Needs no version: the entry's key says whether it still holds it. */
UOP(LOAD_ATTR_MODULE, (owner -- attr), 0)
{
    EXIT_IF(!PyModule_CheckExact(owner));
    attr = dict_hint_value((PyDictObject *)((PyModuleObject *)owner)->md_dict, oparg,
                           (PyObject *)operand);
    EXIT_IF(attr == NULL);
    Py_INCREF(attr);
    Py_DECREF(owner);
}

UOP(STORE_ATTR_INSTANCE_VALUE, (value, owner --), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(owner);
    EXIT_IF(values == NULL);
    store_inline_value(values, &AT_OPERAND(PyObject *, values->values), value);
    Py_DECREF(owner);
}

/* STORE_ATTR_INSTANCE_VALUE of an unboxed double (SCRATCH(0); the
 * attribute's index in field 1) (jit/optimizer/unbox.py), into the old value
 * itself when only the object holds it (float_in_place_of). */
UOP(STORE_ATTR_FLOAT, (owner --), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(owner);
    EXIT_IF(values == NULL);
    PyObject **slot = &AT_FIELD(PyObject *, values->values, 1);
    PyObject *stored = float_in_place_of(*slot, IN_F(0));
    EXIT_IF(stored == NULL);
    store_inline_value(values, slot, stored);
    Py_DECREF(owner);
}

/* STORE_ATTR_INSTANCE_VALUE_LOCAL likewise (the owner in local oparg). */
UOP(STORE_ATTR_FLOAT_LOCAL, (--), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(OPARG_LOCAL);
    EXIT_IF(values == NULL);
    PyObject **slot = &AT_FIELD(PyObject *, values->values, 1);
    PyObject *stored = float_in_place_of(*slot, IN_F(0));
    EXIT_IF(stored == NULL);
    store_inline_value(values, slot, stored);
}

/* Likewise an unboxed int64 (int_in_place_of). */
UOP(STORE_ATTR_INT, (owner --), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(owner);
    EXIT_IF(values == NULL);
    PyObject **slot = &AT_FIELD(PyObject *, values->values, 1);
    PyObject *stored = int_in_place_of(*slot, IN_I(0));
    EXIT_IF(stored == NULL);
    store_inline_value(values, slot, stored);
    Py_DECREF(owner);
}

UOP(STORE_ATTR_INT_LOCAL, (--), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(OPARG_LOCAL);
    EXIT_IF(values == NULL);
    PyObject **slot = &AT_FIELD(PyObject *, values->values, 1);
    PyObject *stored = int_in_place_of(*slot, IN_I(0));
    EXIT_IF(stored == NULL);
    store_inline_value(values, slot, stored);
}

UOP(STORE_ATTR_SLOT, (value, owner --), 0)
{
    PyObject **slot = (PyObject **)((char *)owner + operand);
    PyObject *old = *slot;
    *slot = value;
    Py_XDECREF(old);
    Py_DECREF(owner);
}

/* A method of the class, looked up on an instance whose attributes live in
 * inline values: no instance attribute shadows it while the object has no
 * materialised __dict__ and the class's shared keys (which did not hold the
 * name) have not grown past oparg entries.  Failing, the trace's assumption
 * that the class's method is what the name means may have broken. */
UOP(GUARD_NO_INSTANCE_SHADOW, (owner -- owner), PURE | ASSUMES)
{
    PyDictKeysObject *keys = ((PyHeapTypeObject *)Py_TYPE(owner))->ht_cached_keys;
    EXIT_IF(*_PyObject_ManagedDictPointer(owner) != NULL || keys == NULL ||
            keys->dk_nentries != oparg);
}

/* LOAD_METHOD of a Python function of the class, or of a method descriptor
 * or slot wrapper of a built-in type (operand): CPython's unbound form
 * [function, self], with no bound method made.  Calls take it as Tier 1's
 * CALL does (the method slot holds the callable, self is the first
 * argument); inlined calls pass self on as the callee's first local. */
UOP(LOAD_METHOD_UNBOUND, (owner -- method, self), 0)
{
    self = owner;
    method = Py_NewRef((PyObject *)operand);
}

/* len(x): [NULL, len, x]. */
UOP(CALL_LEN, (null, callable, value -- res), ESCAPES)
{
    Py_ssize_t length = object_length(value);
    Py_DECREF(value);
    if (length >= 0) {
        res = box_int64(length);
    }
    else {
        res = NULL;
    }
    Py_DECREF(null);
    Py_DECREF(callable);
    ERROR_IF(res == NULL);
}

/* iter(range(...)) of 1-3 exact ints that fit a C long: [NULL, range, args]
 * -> the range iterator, with no range object.  The translator emits it for
 * a CALL of range that GET_ITER follows (GET_ITER of the iterator is the
 * iterator itself).  Other arguments, a zero step, or bounds range_iter
 * would give a long_range iterator leave for Tier 1, which makes the call. */
UOP(CALL_RANGE_ITER, (null, callable, args[oparg] -- iter), 0)
{
    int64_t bounds[3] = {0, 0, 1};  /* start, stop, step */
    int first = oparg == 1;        /* range(stop) */
    for (int i = 0; i < oparg; i++) {
        EXIT_IF(!unbox_int64(args[i], &bounds[first + i]));
    }
    EXIT_IF(bounds[2] == 0);
    int unfit;
    iter = new_range_iterator(bounds[0], bounds[1], bounds[2], &unfit);
    EXIT_IF(unfit);
    release_call(null, callable, args, oparg);
    ERROR_IF(iter == NULL);
}

/* isinstance(x, cls): [NULL, isinstance, x, cls]. */
UOP(CALL_ISINSTANCE, (null, callable, instance, cls -- res), ESCAPES)
{
    /* As PyObject_IsInstance's own shortcut: a metaclass's __instancecheck__
     * may say no even to an exact instance. */
    int found = PyType_CheckExact(cls) && Py_TYPE(instance) == (PyTypeObject *)cls
        ? 1 : PyObject_IsInstance(instance, cls);
    Py_DECREF(instance);
    Py_DECREF(cls);
    Py_DECREF(null);
    Py_DECREF(callable);
    ERROR_IF(found < 0);
    res = Py_NewRef(found ? Py_True : Py_False);
}

/* list.append(item) on a list or a subclass that does not override it. */
UOP(CALL_LIST_APPEND, (method_or_null, callable_or_self, item -- res), 0)
{
    PyObject *list = c_self(method_or_null, callable_or_self);
    EXIT_IF(!PyList_Check(list));
    int failed = PyList_Append(list, item);
    Py_DECREF(item);
    Py_DECREF(method_or_null);
    Py_DECREF(callable_or_self);
    ERROR_IF(failed);
    res = Py_NewRef(Py_None);
}

/* A C function called through its C signature, no vectorcall (operand: the
 * function the guarded callee wraps; a built-in's self is its own, a method
 * descriptor's the object in the unbound form). */
UOP(CALL_BUILTIN_O, (method_or_null, callable_or_self, arg -- res), ESCAPES)
{
    res = call_c_function((PyCFunction)operand, c_self(method_or_null, callable_or_self), arg);
    Py_DECREF(arg);
    Py_DECREF(method_or_null);
    Py_DECREF(callable_or_self);
    ERROR_IF(res == NULL);
}

UOP(CALL_BUILTIN_NOARGS, (method_or_null, callable_or_self -- res), ESCAPES)
{
    res = call_c_function((PyCFunction)operand, c_self(method_or_null, callable_or_self), NULL);
    Py_DECREF(method_or_null);
    Py_DECREF(callable_or_self);
    ERROR_IF(res == NULL);
}

/* METH_FASTCALL, and METH_FASTCALL | METH_KEYWORDS called without keywords
 * (oparg 1 << 16 flags the second). */
UOP(CALL_BUILTIN_FAST, (method_or_null, callable_or_self, args[oparg & 65535] -- res), ESCAPES)
{
    int count = oparg & 0xFFFF;
    PyObject *self = c_self(method_or_null, callable_or_self);
    PyThreadState *tstate = _PyThreadState_GET();
    if (_Py_EnterRecursiveCallTstate(tstate, " while calling a Python object")) {
        res = NULL;
    }
    else {
        if (oparg >> 16) {
            res = ((_PyCFunctionFastWithKeywords)(void (*)(void))operand)(self, args, count, NULL);
        }
        else {
            res = ((_PyCFunctionFast)(void (*)(void))operand)(self, args, count);
        }
        _Py_LeaveRecursiveCallTstate(tstate);
    }
    for (int i = 0; i < count; i++) {
        Py_DECREF(args[i]);
    }
    Py_DECREF(method_or_null);
    Py_DECREF(callable_or_self);
    ERROR_IF(res == NULL);
}

/* ---- objects: methods called without a bound method, attributes of locals
 * LOAD_METHOD_UNBOUND leaves CPython's unbound form [function, self] for a
 * Python function of the class; calls take it as Tier 1's CALL does, and an
 * inlined call passes the self on as the callee's first local.  An attribute
 * of a local is read or written through the local, with no reference to the
 * owner on the stack. */

/* The callee of an inlined call in CPython's unbound form [function, self]
 * (LOAD_METHOD_UNBOUND's): a function running `operand`'s code with the
 * trace's globals. */
UOP(GUARD_INLINE_UNBOUND, (method_or_null, callable_or_self, args[oparg] -- method_or_null, callable_or_self, args[oparg]), PURE | ASSUMES)
{
    EXIT_IF(method_or_null == VM_NULL || !PyFunction_Check(method_or_null) ||
            ((PyFunctionObject *)method_or_null)->func_code != (PyObject *)operand ||
            ((PyFunctionObject *)method_or_null)->func_globals != state->globals);
}

/* LOAD_FAST oparg; GUARD_TYPE operand (jit/optimizer/borrow.py): the
 * owner of an attribute read or written through its local is checked there.
 * The exit is the LOAD_FAST's (an unbound local's sentinel fails it too). */
UOP(GUARD_TYPE_LOCAL, (--), PURE)
{
    EXIT_IF(Py_TYPE(OPARG_LOCAL) != (PyTypeObject *)operand);
}

/* LOAD_FAST oparg; GUARD_TYPE_VERSION operand, likewise. */
UOP(GUARD_TYPE_VERSION_LOCAL, (--), PURE | ASSUMES)
{
    EXIT_IF(Py_TYPE(OPARG_LOCAL)->tp_version_tag != (uint32_t)operand);
}

/* LOAD_FAST oparg; LOAD_ATTR_INSTANCE_VALUE operand (jit/optimizer/borrow.py):
 * the owner is read from its local, no reference taken.  The exit is the
 * LOAD_FAST's: Tier 1 loads the owner again. */
UOP(LOAD_ATTR_INSTANCE_VALUE_LOCAL, (-- attr), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(OPARG_LOCAL);
    EXIT_IF(values == NULL);
    attr = AT_OPERAND(PyObject *, values->values);
    EXIT_IF(attr == NULL);
    Py_INCREF(attr);
}

/* LOAD_ATTR_INSTANCE_VALUE of an attribute whose next use is a float
 * operation (jit/optimizer/unbox.py): its double into SCRATCH(0), no
 * reference taken; the attribute's index in field 1.  One that is not a
 * float leaves as a missing one does, the owner unconsumed: Tier 1 loads it. */
UOP(LOAD_ATTR_FLOAT, (owner --), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(owner);
    EXIT_IF(values == NULL);
    PyObject *attr = AT_FIELD(PyObject *, values->values, 1);
    EXIT_IF(attr == NULL || !PyFloat_CheckExact(attr));
    OUT_F(PyFloat_AS_DOUBLE(attr));
    Py_DECREF(owner);
}

/* Likewise an int that fits an int64. */
UOP(LOAD_ATTR_INT, (owner --), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(owner);
    EXIT_IF(values == NULL);
    PyObject *attr = AT_FIELD(PyObject *, values->values, 1);
    int64_t value;
    EXIT_IF(attr == NULL || !unbox_int64(attr, &value));
    OUT_I(value);
    Py_DECREF(owner);
}

/* LOAD_ATTR_INSTANCE_VALUE_LOCAL likewise (the owner in local oparg; the
 * exit is the LOAD_FAST's). */
UOP(LOAD_ATTR_FLOAT_LOCAL, (--), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(OPARG_LOCAL);
    EXIT_IF(values == NULL);
    PyObject *attr = AT_FIELD(PyObject *, values->values, 1);
    EXIT_IF(attr == NULL || !PyFloat_CheckExact(attr));
    OUT_F(PyFloat_AS_DOUBLE(attr));
}

UOP(LOAD_ATTR_INT_LOCAL, (--), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(OPARG_LOCAL);
    EXIT_IF(values == NULL);
    PyObject *attr = AT_FIELD(PyObject *, values->values, 1);
    int64_t value;
    EXIT_IF(attr == NULL || !unbox_int64(attr, &value));
    OUT_I(value);
}

/* LOAD_FAST oparg; STORE_ATTR_INSTANCE_VALUE operand, likewise. */
UOP(STORE_ATTR_INSTANCE_VALUE_LOCAL, (value --), 0)
{
    PyDictValues *values = *_PyObject_ValuesPointer(OPARG_LOCAL);
    EXIT_IF(values == NULL);
    store_inline_value(values, &AT_OPERAND(PyObject *, values->values), value);
}

/* ---- opt: folded globals (jit/optimizer/globals.py) ------------------------ */

/* A LOAD_GLOBAL folded into a constant: the trace's namespaces are the ones
 * it was folded against and the name still finds the folded value there.
 * operand: a GlobalCache whose `value` the trace keeps alive and whose
 * versions are the dicts' tags at the last check.  While neither dict
 * changed, that is the whole check; after any store to either dict, one
 * lookup re-checks the binding and records the new tags, so a loop that
 * stores other globals every iteration never fails it. */
UOP(GUARD_GLOBAL, (--), PURE | ASSUMES)
{
    GlobalCache *binding = (GlobalCache *)operand;
    PyObject *globals = state->globals, *builtins = state->builtins;
    EXIT_IF(globals != binding->globals || builtins != binding->builtins);
    /* Both are the exact dicts the optimizer folded against. */
    uint64_t globals_version = ((PyDictObject *)globals)->ma_version_tag;
    uint64_t builtins_version = ((PyDictObject *)builtins)->ma_version_tag;
    if (UNLIKELY(globals_version != binding->globals_version ||
                 builtins_version != binding->builtins_version)) {
        PyObject *found = PyDict_GetItemWithError(globals, binding->name);
        if (found == NULL && !PyErr_Occurred()) {
            found = PyDict_GetItemWithError(builtins, binding->name);
        }
        PyErr_Clear();  /* a failed lookup leaves: Tier 1 redoes it and raises */
        EXIT_IF(found != binding->value);
        binding->globals_version = globals_version;
        binding->builtins_version = builtins_version;
    }
}

/* ---- unbox: unboxed values across a loop (jit/optimizer/unbox.py) --------
 * Values the optimizer keeps as int64 / double live in scratch slots; a
 * Snapshot (jit/uops.py) says how to rebuild Tier 1's boxed view of the
 * frame from them (rebuild_frame in helpers.h).  Output slot: field 0
 * (OUT_I / OUT_F, which also push it on the register stacks). */

/* The loop's prologue: local `oparg` as an int64 in SCRATCH(0); an int that
 * is not exact or does not fit leaves for Tier 1 (nothing changed yet). */
UOP(UNBOX_LOCAL_INT64, (--), PURE)
{
    PyObject *value = OPARG_LOCAL;
    int64_t unboxed;
    EXIT_IF(!unbox_int64(value, &unboxed));
    OUT_I(unboxed);
}

UOP(UNBOX_LOCAL_FLOAT, (--), PURE)
{
    PyObject *value = OPARG_LOCAL;
    EXIT_IF(!PyFloat_CheckExact(value));
    OUT_F(PyFloat_AS_DOUBLE(value));
}

UOP(FLOAT_COPY, (--), PURE)
{
    OUT_F(IN_F(1));
}

UOP(INT64_AND, (--), PURE)
{
    OUT_I(IN_I(1) & IN_I(2));
}

UOP(INT64_OR, (--), PURE)
{
    OUT_I(IN_I(1) | IN_I(2));
}

UOP(INT64_XOR, (--), PURE)
{
    OUT_I(IN_I(1) ^ IN_I(2));
}

/* Python's floored % and //: a zero divisor leaves for Tier 1, which raises
 * ZeroDivisionError; so does INT64_MIN // -1, which does not fit. */
UOP(INT64_REMAINDER, (--), PURE)
{
    int64_t a = SCRATCH(1).i, b = SCRATCH(2).i;
    EXIT_IF(b == 0);
    int64_t r = b == -1 ? 0 : a % b;
    if (r != 0 && ((r < 0) != (b < 0))) {
        r += b;
    }
    OUT_I(r);
}

UOP(INT64_FLOOR_DIVIDE, (--), PURE)
{
    int64_t a = SCRATCH(1).i, b = SCRATCH(2).i;
    EXIT_IF(b == 0 || (b == -1 && a == INT64_MIN));
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        q -= 1;
    }
    OUT_I(q);
}

UOP(INT64_NEGATE, (--), PURE)
{
    int64_t value = IN_I(1);
    EXIT_IF(value == INT64_MIN);
    OUT_I(-value);
}

UOP(FLOAT_NEGATE, (--), PURE)
{
    OUT_F(-IN_F(1));
}

/* A math module function of one number (oparg: its place in the table, which
 * is MATH_FUNCTIONS' order in jit/optimizer/unbox.py) on its double: C's
 * function of that name, which CPython's math_1 calls, given a finite
 * argument and giving a finite result.  Any other case (a domain error, an
 * overflow, an infinite or NaN argument) leaves for Tier 1's call, which
 * raises or returns what CPython does. */
UOP(FLOAT_MATH, (--), PURE)
{
    static double (*const functions[])(double) = {sqrt, sin, cos, tan, atan, exp};
    double argument = IN_F(1);
    EXIT_IF(!isfinite(argument));
    double result = functions[oparg](argument);
    EXIT_IF(!isfinite(result));
    OUT_F(result);
}

/* len() of an exact list, tuple, bytes, dict, set, frozenset or str, which
 * the types pass knew it to be (jit/optimizer/unbox.py): its length into
 * SCRATCH(0), the object released.  Anything else leaves for Tier 1's
 * call. */
UOP(INT64_LEN, (value --), 0)
{
    Py_ssize_t length = known_length(value);
    EXIT_IF(length < 0);
    OUT_I(length);
    Py_DECREF(value);
}

/* abs() of an unboxed int64 (jit/optimizer/unbox.py): SCRATCH(1)'s absolute
 * value; INT64_MIN's (2**63) leaves for Tier 1's call. */
UOP(INT64_ABS, (--), PURE)
{
    int64_t value = IN_I(1);
    EXIT_IF(value == INT64_MIN);
    OUT_I(value < 0 ? -value : value);
}

/* abs() of an unboxed double: C's fabs, which float_abs returns (NaN and
 * the infinities included). */
UOP(FLOAT_ABS, (--), PURE)
{
    OUT_F(fabs(IN_F(1)));
}

/* float ** float where float.__pow__ is C's pow() and nothing else: a finite
 * positive base, a finite exponent and a finite result.  Every other case
 * (a zero, negative or non-finite base, a non-finite exponent, an overflow)
 * leaves for Tier 1, which raises or returns what CPython does. */
UOP(FLOAT_POWER, (--), PURE)
{
    double base = IN_F(1), exponent = IN_F(2);
    EXIT_IF(!(base > 0.0) || !isfinite(base) || !isfinite(exponent));
    double result = pow(base, exponent);
    EXIT_IF(!isfinite(result));
    OUT_F(result);
}

/* A branch on a compare result (0 or 1 in SCRATCH(0)), recorded one way:
 * the other way resumes Tier 1 at the branch's other target. */
UOP(GUARD_SLOT_TRUE, (--), PURE)
{
    EXIT_IF(IN_I(0) == 0);
}

UOP(GUARD_SLOT_FALSE, (--), PURE)
{
    EXIT_IF(IN_I(0) != 0);
}

/* FOR_ITER over an exact range iterator (GUARD_TYPE checked it in the
 * prologue): the next int into SCRATCH(0), stepping the iterator object
 * itself as rangeiter_next does, so Tier 1 continues it at any exit.
 * Exhausted: resume after the loop with the iterator popped. */
UOP(RANGE_ITER_NEXT, (iter -- iter), PURE)
{
    RangeIterator *range = (RangeIterator *)iter;
    int exhausted = range->index >= range->len;
    if (exhausted) {
        Py_DECREF(iter);
    }
    POP_EXIT_IF(exhausted);
    OUT_I((int64_t)(range->start + (unsigned long)(range->index++) * range->step));
}

/* The top oparg & 255 stack items (the real ones of a region holding
 * unboxed values) become the region's oparg >> 8 boxed items, as the
 * Snapshot at `operand` says; no locals.  No memory for a box: the region
 * is released and the error leaves from the instruction being run. */
UOP(MATERIALIZE, (inputs[oparg & 255] -- outputs[oparg >> 8]), 0)
{
    const int64_t *snapshot = (const int64_t *)operand;
    int failed = rebuild_stack(inputs, snapshot, state);
    if (failed) {
        for (PyObject **slot = inputs; slot < inputs + (oparg >> 8); slot++) {
            Py_CLEAR(*slot);
        }
    }
    ERROR_IF(failed);
}

/* A list indexed by an int64 (SCRATCH(0)); not an exact list, or out of
 * range: Tier 1 runs the instruction (and raises IndexError as it should). */
UOP(LIST_GET_INT64, (list -- item), PURE)
{
    Py_ssize_t i = list_index_int64(list, IN_I(0));
    EXIT_IF(i < 0);
    item = Py_NewRef(PyList_GET_ITEM(list, i));
    Py_DECREF(list);
}

/* LIST_GET_INT64 and the FLOAT_UNBOX of its item (jit/optimizer/unbox.py):
 * the item's double into SCRATCH(0), the index in SCRATCH(1), no reference
 * taken.  An item that is not a float leaves as an index out of range does,
 * the list unconsumed: Tier 1 runs the subscript. */
UOP(LIST_GET_FLOAT, (list --), PURE)
{
    Py_ssize_t i = list_index_int64(list, IN_I(1));
    EXIT_IF(i < 0);
    PyObject *item = PyList_GET_ITEM(list, i);
    EXIT_IF(!PyFloat_CheckExact(item));
    OUT_F(PyFloat_AS_DOUBLE(item));
    Py_DECREF(list);
}

/* Likewise, the FLOAT_UNBOX's int64 counterpart: an exact int that fits. */
UOP(LIST_GET_INT, (list --), PURE)
{
    Py_ssize_t i = list_index_int64(list, IN_I(1));
    EXIT_IF(i < 0);
    int64_t value;
    EXIT_IF(!unbox_int64(PyList_GET_ITEM(list, i), &value));
    OUT_I(value);
    Py_DECREF(list);
}

UOP(LIST_SET_INT64, (value, list --), 0)
{
    Py_ssize_t i = list_index_int64(list, IN_I(0));
    EXIT_IF(i < 0);
    PyObject *old = PyList_GET_ITEM(list, i);
    PyList_SET_ITEM(list, i, value);
    Py_DECREF(old);
    Py_DECREF(list);
}

/* LIST_SET_INT64 of an unboxed double (SCRATCH(1); the index in SCRATCH(0))
 * (jit/optimizer/unbox.py), into the old item itself when only the list
 * holds it (float_in_place_of). */
UOP(LIST_SET_FLOAT, (list --), 0)
{
    Py_ssize_t i = list_index_int64(list, IN_I(0));
    EXIT_IF(i < 0);
    PyObject *old = PyList_GET_ITEM(list, i);
    PyObject *stored = float_in_place_of(old, IN_F(1));
    EXIT_IF(stored == NULL);
    PyList_SET_ITEM(list, i, stored);
    Py_DECREF(old);
    Py_DECREF(list);
}

/* Likewise an unboxed int64 (int_in_place_of). */
UOP(LIST_SET_INT, (list --), 0)
{
    Py_ssize_t i = list_index_int64(list, IN_I(0));
    EXIT_IF(i < 0);
    PyObject *old = PyList_GET_ITEM(list, i);
    PyObject *stored = int_in_place_of(old, IN_I(1));
    EXIT_IF(stored == NULL);
    PyList_SET_ITEM(list, i, stored);
    Py_DECREF(old);
    Py_DECREF(list);
}

/* A side trace's loop-closing jump to its root's loop body, past the
 * root's prologue: the root's unboxed locals are in their scratch slots.
 * Polls the eval breaker like JUMP_TO_TOP. */
UOP(JUMP_TO_BODY, (--), 0)
{
    EXIT_IF(eval_breaker_is_set(state));
    JUMP();
}

/* An unboxed value as a boxed object on the stack. */
UOP(BOOL_BOX, (-- value), PURE)
{
    value = Py_NewRef(SCRATCH(0).i ? Py_True : Py_False);
}

/* ---- numeric: cheaper forms of unboxed arithmetic (jit/optimizer/unbox.py) -- */

/* Python's >> on int64 (also x // 2**k, which the optimizer strength-reduces
 * to it): arithmetic, so floored like //; a count past 63 gives 0 or -1, as
 * Python's does; a negative count leaves for Tier 1, which raises ValueError. */
UOP(INT64_SHIFT_RIGHT, (--), PURE)
{
    int64_t a = IN_I(1), b = IN_I(2);
    EXIT_IF(b < 0);
    OUT_I(a >> (b > 63 ? 63 : b));
}

/* Push slot oparg's value on its register stack: where a loop's body starts
 * with values in registers, every path into it loads them there
 * (jit/optimizer/registers.py).  (The slot is written with its own value.) */
UOP(INT64_LOAD_REGISTER, (--), PURE)
{
    PUSH_I(OPARG_SCRATCH.i);
}

UOP(FLOAT_LOAD_REGISTER, (--), PURE)
{
    PUSH_F(OPARG_SCRATCH.d);
}

/* ---- reentry: side traces back into a peeled loop (jit/optimizer/reentry.py)
 * Guards of the re-entry block re-checking what the loop body relies on the
 * preamble for; each leaves for Tier 1 at the loop header.  (A local's type
 * is checked by GUARD_TYPE_LOCAL, above.) */

/* Local oparg is bound. */
UOP(GUARD_LOCAL_BOUND, (--), PURE)
{
    EXIT_IF(OPARG_LOCAL == VM_NULL);
}

/* The stack item oparg items below the top is of exactly type `operand`. */
UOP(GUARD_TYPE_UNDER, (value, above[oparg] -- value, above[oparg]), PURE)
{
    EXIT_IF(Py_TYPE(value) != (PyTypeObject *)operand);
}

/* Class `operand` still has version tag oparg. */
UOP(GUARD_VERSION, (--), PURE)
{
    EXIT_IF(((PyTypeObject *)operand)->tp_version_tag != (unsigned int)oparg);
}

/* ---- slices: lists sliced without a slice object (jit/optimizer/unbox.py) -- */

/* Before a fused slice: the container under the oparg bounds on the stack is
 * an exact list, and each of those bounds is None or an exact int (the exit
 * resumes at the BUILD_SLICE, with every item as it was). */
UOP(GUARD_SLICE_OPERANDS, (container, bounds[oparg] -- container, bounds[oparg]), PURE)
{
    int other = !PyList_CheckExact(container);
    for (int i = 0; i < oparg; i++) {
        other |= bounds[i] != Py_None && !PyLong_CheckExact(bounds[i]);
    }
    EXIT_IF(other);
}

/* list[start:stop:step] of an exact list, made as list_subscript makes it,
 * with no slice object.  oparg: bits 0 and 1, start and stop are int64s in
 * SCRATCH(0) and SCRATCH(1) (else objects on the stack, None or exact
 * ints); bit 2, a step of -1 (else 1); bits 4-5, how many bounds (start,
 * stop, a None step) are on the stack above the list. */
UOP(LIST_SLICE, (list, bounds[(oparg >> 4) & 3] -- res), 0)
{
    Py_ssize_t step = (oparg & 4) ? -1 : 1, start, stop;
    res = NULL;
    if (slice_bounds(oparg, bounds, SCRATCH(0).i, SCRATCH(1).i, step, &start, &stop)) {
        Py_ssize_t count = adjust_unit_slice(PyList_GET_SIZE(list), &start, &stop, step);
        res = list_slice_of(list, start, count, step);
    }
    Py_DECREF(list);
    for (int i = 0; i < ((oparg >> 4) & 3); i++) {
        Py_DECREF(bounds[i]);
    }
    ERROR_IF(res == NULL);
}

/* list[start:stop] = value on an exact list (step 1), as list_ass_subscript
 * does it, with no slice object; oparg and the bounds as LIST_SLICE's.
 * (Iterating `value` may run Python code.) */
UOP(LIST_STORE_SLICE, (value, list, bounds[(oparg >> 4) & 3] --), ESCAPES)
{
    Py_ssize_t start, stop;
    int failed = !slice_bounds(oparg, bounds, SCRATCH(0).i, SCRATCH(1).i, 1, &start, &stop);
    if (!failed) {
        Py_ssize_t count = adjust_unit_slice(PyList_GET_SIZE(list), &start, &stop, 1);
        if (store_slice_from_temporary(list, start, count, value)) {
            value = NULL;
        }
        else {
            failed = PyList_SetSlice(list, start, stop, value) < 0;
        }
    }
    Py_XDECREF(value);
    Py_DECREF(list);
    for (int i = 0; i < ((oparg >> 4) & 3); i++) {
        Py_DECREF(bounds[i]);
    }
    ERROR_IF(failed);
}

/* ---- exceptions a handler of the trace catches ---------------------------- */

/* After a uop whose exception the recording saw a handler catch (`try:
 * d[k]` ... `except KeyError:`): the uop did not raise this time, so the
 * trace leaves, and Tier 1 goes on after the instruction with its result.
 * When the uop raises, its error goes to _CATCH_STUB instead (see
 * jit/backend/executor.py plan_trace), and on to CATCH_EXCEPTION. */
UOP(GUARD_RAISED, (--), 0)
{
    EXIT_IF(1);
}

/* The error of the uop before a GUARD_RAISED: the exception, fetched, takes
 * the place of the uop's result on the stack, and the trace goes on at the
 * uop after the guard. */
UOP(_CATCH_STUB, (-- exception), 0)
{
    exception = fetch_exception();
}

/* The error of the uop before a CAUGHT_EXIT (operand: its names): an
 * exception the handler catches is dropped, the handled exception takes
 * the result's place (what the handler's PUSH_EXC_INFO leaves under the
 * exception it pops), and the trace leaves through the guard's exit; any
 * other goes on to the uop's own error exit (its index still the one the
 * uop recorded). */
UOP(_CATCH_EXIT, (--), 0)
{
    if (drops_exception(state, (PyObject *)operand, fetch_exception())) {
        *stack_pointer++ = handled_exception();
        EXIT();
    }
    TAIL_CALL(_JIT_ERROR);
}

/* _CATCH_EXIT for a CAUGHT_EXIT_HANDLED (operand: its plan, as for
 * CATCH_HANDLED): an exception the handler catches gets its traceback
 * entries and is the handled one; the one handled before takes the result's
 * place, the exception goes above it, and the trace leaves for the
 * handler's POP_TOP or STORE_FAST (Tier 1's, or a side trace's); any other
 * goes on to the uop's own error exit. */
UOP(_CATCH_EXIT_HANDLED, (--), 0)
{
    PyObject *plan = (PyObject *)operand;
    PyObject *exception = fetch_exception();
    if (exception != NULL && handler_catches(state, PyTuple_GET_ITEM(plan, 0), exception)) {
        PyObject *previous = handle_caught(plan, exception);
        if (previous == NULL) {
            TAIL_CALL(_JIT_ERROR);
        }
        *stack_pointer++ = previous;
        *stack_pointer++ = exception;
        EXIT();
    }
    if (exception != NULL) {
        raise_again(exception);
    }
    TAIL_CALL(_JIT_ERROR);
}

/* The exception a uop raised (in place of its result), which the handler the
 * recording went through catches and drops (jit/trace/handlers.py):
 * `except NAME:` or `except (NAME, ...):` (operand: the tuple of the names,
 * each looked up as LOAD_GLOBAL looks it up), with no `as`; the oparg items
 * below it the handler's stack depth leaves off are dropped too.  Pushes
 * the handled exception, as the handler's PUSH_EXC_INFO leaves it under the
 * exception its POP_TOP drops, for its POP_EXCEPT.  The exception is never
 * the handled one, nor gets the traceback entry Tier 1's unwinding would
 * give it: between the raise and POP_EXCEPT, the handler runs nothing that
 * could see either.  An exception no name matches (or a name missing or not
 * an exception class) is raised again at the instruction that raised it
 * (the target), where Tier 1 unwinds it as CPython would. */
UOP(CATCH_EXCEPTION, (extras[oparg], exception -- previous), ESCAPES)
{
    for (int i = 0; i < oparg; i++) {
        Py_DECREF(extras[i]);
    }
    ERROR_IF(!drops_exception(state, (PyObject *)operand, exception));
    previous = handled_exception();
}

/* CATCH_EXCEPTION for a handler whose body runs code before its POP_EXCEPT
 * (`except KeyError: counts[w] = 1`), or that names the exception (`as e`;
 * jit/trace/handlers.py): operand, the plan handle_caught takes (the names
 * first).  The exception caught gets the traceback entries Tier 1's
 * unwinding would give it and is the handled one while the body runs, as
 * under PUSH_EXC_INFO; pushes the exception handled before (for the
 * handler's POP_EXCEPT) and the exception (for its POP_TOP or STORE_FAST).
 * One no name matches is raised again at the instruction, as for
 * CATCH_EXCEPTION. */
UOP(CATCH_HANDLED, (extras[oparg], exception -- previous, caught), ESCAPES)
{
    for (int i = 0; i < oparg; i++) {
        Py_DECREF(extras[i]);
    }
    PyObject *plan = (PyObject *)operand;
    if (!handler_catches(state, PyTuple_GET_ITEM(plan, 0), exception)) {
        raise_again(exception);
        ERROR_IF(1);
    }
    previous = handle_caught(plan, exception);
    ERROR_IF(previous == NULL);
    caught = exception;
}

/* The exception a uop of an inlined call raised (in place of its result),
 * which a handler of a frame it returns to catches and drops (operand: the
 * handler's names, as for CATCH_EXCEPTION): the trace goes on, dropping
 * the callee frames (INLINE_RETURN, the exception as their value), to the
 * handler's CATCH_EXCEPTION.  An exception no name matches is raised again
 * at the instruction that raised it (the target), for Tier 1 to unwind
 * through every frame: each one's traceback entry, as CPython's. */
UOP(MATCH_CAUGHT, (exception -- exception), 0)
{
    if (!handler_catches(state, (PyObject *)operand, exception)) {
        raise_again(exception);
        ERROR_IF(1);
    }
}

/* RAISE_VARARGS 1 (`raise EXC`), recorded where a handler the trace runs
 * catches what it raises (elsewhere the recording stops there): the
 * exception made and set as CPython's do_raise does (raise_exception).
 * Always an error: its result, never pushed, is the place the exception
 * takes on its way to the handler (_CATCH_STUB). */
UOP(RAISE_VARARGS, (exc -- never), ESCAPES)
{
    raise_exception(exc);
    never = NULL;
    ERROR_IF(1);
}

/* POP_EXCEPT: the exception handled before the handler's is handled again
 * (the one it replaces may die: a finalizer may run). */
UOP(POP_EXCEPT, (previous --), ESCAPES)
{
    PyErr_SetHandledException(previous);
    Py_DECREF(previous);
}

/* A uop whose exception the handler covering it would catch and drop (as
 * for CATCH_EXCEPTION: operand, the names), recorded when it did not raise,
 * with nothing else above the handler's depth on the stack: when it
 * raises, its error goes to _CATCH_EXIT, which puts the handled exception
 * in its value's place and takes this guard's exit -- where Tier 1 (or a
 * side trace) goes on after the handler's POP_TOP (the target), with the
 * stack as there.  On the trace's own path it does nothing. */
UOP(CAUGHT_EXIT, (value -- value), 0)
{
    EXIT_IF(0);
}

/* CAUGHT_EXIT for a handler whose body runs code or that names the
 * exception (operand: the plan of CATCH_HANDLED): its uop's error goes to
 * _CATCH_EXIT_HANDLED, and its exit has one item more on the stack than
 * the guard (the exception above the one handled before: plan_trace). */
UOP(CAUGHT_EXIT_HANDLED, (value -- value), 0)
{
    EXIT_IF(0);
}

/* ---- tails the emitter appends to every trace ----------------------------- */

/* A guard's exit, one per guard uop (its _JIT_EXIT): records the exit's
 * index and leaves through its patchable slot. */
UOP(_EXIT_STUB, (--), 0)
{
    state->exit_index = (intptr_t)_JIT_EXIT_INDEX;
    JITFunction exit_to = *(JITFunction *)_JIT_EXIT_SLOT;
    TAIL_CALL(exit_to);
}

/* Where every guard exit's slot first points: returns the exit index to
 * Tier 1, which resumes at the exit's bytecode offset with its stack depth.
 * The index goes to the executor's exit cell (operand) too: an exception a
 * program's signal handler raises as the executor returns -- CPython runs
 * the handler there, before the index reaches Tier 1 -- is raised where
 * the trace left (Executor.failed_exit), not at an older error's uop. */
UOP(_EXIT_TAIL, (--), 0)
{
    *(int64_t *)operand = state->exit_index;
    if (state->inline_depth) {
        store_inlined_frames(localsplus, stack_pointer, state);
        PyErr_Clear();  /* no memory for the frames: Tier 1 raises MemoryError */
    }
    else {
        refill_dead_slots(stack_pointer, state->localsplus_end);
    }
    show_stack(state);
    return box_int64(state->exit_index);
}

/* An exception is set: stores the failing uop's exit index in the executor's
 * exit cell (operand) so that Tier 1 unwinds from that instruction. */
UOP(_ERROR_TAIL, (--), 0)
{
    if (state->inline_depth) {
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        store_inlined_frames(localsplus, stack_pointer, state);
        PyErr_Restore(type, value, traceback);
    }
    else {
        refill_dead_slots(stack_pointer, state->localsplus_end);
    }
    show_stack(state);
    *(int64_t *)operand = state->exit_index;
    return NULL;
}

/* A guard's exit while values are unboxed, shared by every such exit of the
 * trace: rebuild Tier 1's boxed frame as the exit's Snapshot says, then
 * leave through the exit's patchable slot (to the exit tail, or a side
 * trace, which so starts boxed).  operand: the trace's table, two words per
 * exit index from oparg (the trace's first): the Snapshot's words, the
 * slot.  No memory for a box: the exit becomes a MemoryError at its target
 * (the next exit index; the slot that could not be boxed holds None). */
UOP(_SNAPSHOT_EXIT, (--), 0)
{
    const int64_t *entry = (const int64_t *)operand + 2 * (state->exit_index - oparg);
    int failed = 0;
    stack_pointer = rebuild_frame(localsplus, stack_pointer, state,
                                  (const int64_t *)entry[0], &failed);
    if (failed) {
        state->exit_index += 1;
        TAIL_CALL(_JIT_ERROR);
    }
    JITFunction exit_to = *(JITFunction *)entry[1];
    TAIL_CALL(exit_to);
}

/* An error while values are unboxed, shared by the trace's errors that
 * have a snapshot (the table as for _SNAPSHOT_EXIT): rebuild the frame,
 * keeping the exception, then on to the error tail. */
UOP(_SNAPSHOT_ERROR, (--), 0)
{
    const int64_t *snapshot =
        (const int64_t *)((const int64_t *)operand)[2 * (state->exit_index - oparg)];
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    int failed = 0;
    stack_pointer = rebuild_frame(localsplus, stack_pointer, state, snapshot, &failed);
    PyErr_Clear();
    PyErr_Restore(type, value, traceback);
    TAIL_CALL(_JIT_ERROR);
}
