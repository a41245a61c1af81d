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
 * a `|`-list of ESCAPES (may run arbitrary Python code) and PURE (no side
 * effects); the rest is derived from the body.
 *
 * Macros for bodies (defined per uop by the template):
 *   oparg, operand  the patched immediates
 *   EXIT_IF(cond)   leave the trace through this uop's exit stub, before any
 *                   input was consumed (flag: GUARD)
 *   EXIT()          leave unconditionally (flag: GUARD, terminator)
 *   POP_EXIT_IF(cond)  leave through the exit stub after every input was
 *                   released, e.g. to resume at the other side of a branch
 *                   (flags: GUARD, EXIT_POPS)
 *   ERROR_IF(cond)  raise: an exception is set and every input has already
 *                   been released (flag: ERROR)
 *   JUMP_IF(cond)   branch to the uop's jump target, having consumed the
 *                   inputs; branch uops have no outputs (flag: JUMP)
 *   JUMP()          branch unconditionally (flag: JUMP, terminator)
 *   SCRATCH(n)      unboxed scratch slot named by field n of the operand
 *
 * Uops whose name starts with an underscore are not placed in traces by the
 * recorder: they are the stubs the emitter appends to every trace.
 */

/* ---- locals, constants, the value stack ------------------------------- */

UOP(LOAD_FAST, (-- value), PURE)
{
    value = localsplus[oparg];
    Py_INCREF(value);
}

UOP(STORE_FAST, (value --), 0)
{
    PyObject *old = localsplus[oparg];
    localsplus[oparg] = value;
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

/* ---- generic operations through the C API ------------------------------ */

UOP(BINARY_OP, (lhs, rhs -- res), ESCAPES)
{
    res = binary_operation(oparg, lhs, rhs);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(COMPARE_OP, (lhs, rhs -- res), ESCAPES)
{
    res = PyObject_RichCompare(lhs, rhs, oparg);
    Py_DECREF(lhs);
    Py_DECREF(rhs);
    ERROR_IF(res == NULL);
}

UOP(POP_JUMP_IF_FALSE, (cond --), ESCAPES)
{
    int is_true = truth_value(cond);
    Py_DECREF(cond);
    ERROR_IF(is_true < 0);
    JUMP_IF(!is_true);
}

UOP(POP_JUMP_IF_TRUE, (cond --), ESCAPES)
{
    int is_true = truth_value(cond);
    Py_DECREF(cond);
    ERROR_IF(is_true < 0);
    JUMP_IF(is_true);
}

/* ---- control ------------------------------------------------------------ */

UOP(JUMP, (--), 0)
{
    JUMP();
}

UOP(EXIT_TRACE, (--), 0)
{
    EXIT();
}

UOP(TO_BOOL, (value -- flag), ESCAPES)
{
    int is_true = truth_value(value);
    Py_DECREF(value);
    ERROR_IF(is_true < 0);
    flag = is_true ? Py_True : Py_False;
    Py_INCREF(flag);
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

UOP(GUARD_TYPE, (value -- value), PURE)
{
    EXIT_IF(Py_TYPE(value) != (PyTypeObject *)operand);
}

/* ---- unboxed int64 on the scratch area ----------------------------------- */

UOP(INT64_CONST, (--), PURE)
{
    state->scratch[oparg].i = (int64_t)operand;
}

UOP(INT64_COPY, (--), PURE)
{
    SCRATCH(0).i = SCRATCH(1).i;
}

/* Overflow leaves the trace: the Tier 1 instruction redoes it with big ints. */
UOP(INT64_ADD, (--), PURE)
{
    int64_t result;
    EXIT_IF(__builtin_add_overflow(SCRATCH(1).i, SCRATCH(2).i, &result));
    SCRATCH(0).i = result;
}

UOP(INT64_SUBTRACT, (--), PURE)
{
    int64_t result;
    EXIT_IF(__builtin_sub_overflow(SCRATCH(1).i, SCRATCH(2).i, &result));
    SCRATCH(0).i = result;
}

UOP(INT64_MULTIPLY, (--), PURE)
{
    int64_t result;
    EXIT_IF(__builtin_mul_overflow(SCRATCH(1).i, SCRATCH(2).i, &result));
    SCRATCH(0).i = result;
}

UOP(INT64_COMPARE, (--), PURE)
{
    SCRATCH(0).i = compare_int64(oparg, SCRATCH(1).i, SCRATCH(2).i);
}

UOP(INT64_JUMP_IF_ZERO, (--), PURE)
{
    JUMP_IF(state->scratch[oparg].i == 0);
}

UOP(INT64_JUMP_IF_NONZERO, (--), PURE)
{
    JUMP_IF(state->scratch[oparg].i != 0);
}

/* An int that does not fit in 64 bits stays boxed: leave the trace. */
UOP(INT64_UNBOX, (value --), 0)
{
    EXIT_IF(!PyLong_CheckExact(value));
    int overflow;
    long long unboxed = PyLong_AsLongLongAndOverflow(value, &overflow);
    EXIT_IF(overflow != 0);
    state->scratch[oparg].i = unboxed;
    Py_DECREF(value);
}

UOP(INT64_BOX, (-- value), 0)
{
    value = PyLong_FromLongLong(state->scratch[oparg].i);
    ERROR_IF(value == NULL);
}

/* ---- unboxed double on the scratch area ---------------------------------- */

UOP(FLOAT_CONST, (--), PURE)
{
    uint64_t bits = operand;
    __builtin_memcpy(&state->scratch[oparg].d, &bits, sizeof(double));
}

UOP(FLOAT_ADD, (--), PURE)
{
    SCRATCH(0).d = SCRATCH(1).d + SCRATCH(2).d;
}

UOP(FLOAT_SUBTRACT, (--), PURE)
{
    SCRATCH(0).d = SCRATCH(1).d - SCRATCH(2).d;
}

UOP(FLOAT_MULTIPLY, (--), PURE)
{
    SCRATCH(0).d = SCRATCH(1).d * SCRATCH(2).d;
}

/* Division by zero leaves the trace: Tier 1 raises ZeroDivisionError. */
UOP(FLOAT_TRUE_DIVIDE, (--), PURE)
{
    EXIT_IF(SCRATCH(2).d == 0.0);
    SCRATCH(0).d = SCRATCH(1).d / SCRATCH(2).d;
}

UOP(FLOAT_COMPARE, (--), PURE)
{
    SCRATCH(0).i = compare_double(oparg, SCRATCH(1).d, SCRATCH(2).d);
}

UOP(INT64_TO_FLOAT, (--), PURE)
{
    SCRATCH(0).d = (double)SCRATCH(1).i;
}

UOP(FLOAT_UNBOX, (value --), 0)
{
    EXIT_IF(!PyFloat_CheckExact(value));
    state->scratch[oparg].d = PyFloat_AS_DOUBLE(value);
    Py_DECREF(value);
}

UOP(FLOAT_BOX, (-- value), 0)
{
    value = PyFloat_FromDouble(state->scratch[oparg].d);
    ERROR_IF(value == NULL);
}

/* ---- stubs the emitter appends to every trace ----------------------------- */

/* One per exit (oparg: the exit's index); continues to the trace's shared
 * _EXIT_TAIL or _ERROR_TAIL, so each exit costs a few bytes of code. */
UOP(_SET_EXIT, (--), 0)
{
    state->exit_index = oparg;
}

/* Returns the exit index to Tier 1, which resumes at the exit's bytecode
 * offset with the exit's stack depth. */
UOP(_EXIT_TAIL, (--), 0)
{
    refill_dead_slots(stack_pointer, state->localsplus_end);
    return PyLong_FromLong(state->exit_index);
}

/* An exception is set: stores the failing uop's exit index in the executor's
 * error cell (operand) so that Tier 1 unwinds from that instruction. */
UOP(_ERROR_TAIL, (--), 0)
{
    refill_dead_slots(stack_pointer, state->localsplus_end);
    *(int64_t *)operand = state->exit_index;
    return NULL;
}
