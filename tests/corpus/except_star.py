# Covers: except* with ExceptionGroup and BaseExceptionGroup (CHECK_EG_MATCH,
# PREP_RERAISE_STAR): splitting by type, multiple except* clauses, nested groups,
# unhandled remainder re-raised as a group, raising inside except*, naked exceptions
# wrapped, split()/subgroup(), traceback rendering of an exception group.
import traceback


def raise_group():
    raise ExceptionGroup("batch", [ValueError("v1"), TypeError("t1"), ValueError("v2"),
                                   ExceptionGroup("nested", [KeyError("k"), ValueError("v3")])])


try:
    raise_group()
except* ValueError as eg:
    print("ValueErrors:", repr(eg), [str(e) for e in eg.exceptions])
except* TypeError as eg:
    print("TypeErrors:", [repr(e) for e in eg.exceptions])
except* KeyError as eg:
    print("KeyErrors:", eg.exceptions)

try:
    try:
        raise_group()
    except* TypeError:
        print("handled only TypeError")
except ExceptionGroup as rest:
    print("remaining:", repr(rest))

try:
    raise ValueError("naked")
except* ValueError as eg:
    print("naked wrapped:", repr(eg), type(eg).__name__)

try:
    try:
        raise ExceptionGroup("g", [ValueError(1), OSError(2)])
    except* ValueError:
        raise RuntimeError("raised inside except*")
except ExceptionGroup as eg:
    print("got", repr(eg), [repr(e.__context__) for e in eg.exceptions])
except RuntimeError as e:
    print("got plain", repr(e))

eg = ExceptionGroup("all", [ValueError("a"), TypeError("b"), ValueError("c")])
match, rest = eg.split(ValueError)
print(repr(match), repr(rest))
print(repr(eg.subgroup(lambda e: isinstance(e, TypeError))))
try:
    raise BaseExceptionGroup("base", [KeyboardInterrupt(), ValueError("x")])
except* KeyboardInterrupt as g:
    print("KeyboardInterrupt group:", type(g).__name__, len(g.exceptions))
except* ValueError as g:
    print("value group:", type(g).__name__)


def handler_order():
    log = []
    try:
        raise ExceptionGroup("o", [IndexError("i"), LookupError("l")])
    except* IndexError:
        log.append("index")
    except* LookupError:
        log.append("lookup")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log


print(handler_order())
try:
    try:
        raise ExceptionGroup("outer", [ValueError("x"), TypeError("y")])
    except* ValueError:
        raise
except ExceptionGroup as e:
    print("bare raise inside except*:", repr(e))
try:
    try:
        raise ExceptionGroup("fmt", [ValueError("shown"), ZeroDivisionError("zero")])
    except* ZeroDivisionError:
        pass
except ExceptionGroup as e:
    print("".join(traceback.format_exception(e)))
try:
    try:
        pass
    except* (ValueError, ExceptionGroup):
        pass
except TypeError as e:
    print("TypeError:", e)
else:
    print("no exception, no check")
try:
    exec("try:\n    raise ValueError\nexcept* ExceptionGroup:\n    pass")
except TypeError as e:
    print("TypeError:", e)
