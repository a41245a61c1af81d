# Covers: implicit chaining (__context__), explicit chaining (raise ... from ...,
# __cause__), raise from None (__suppress_context__), chains across function frames,
# traceback.format_exception of a caught chained exception (byte-identical text),
# exception attributes (args, notes via add_note), with_traceback.
import traceback


def level3():
    raise KeyError("missing key")


def level2():
    try:
        level3()
    except KeyError as e:
        raise ValueError("bad value") from e


def level1():
    try:
        level2()
    except ValueError:
        raise RuntimeError("runtime failure")


try:
    level1()
except RuntimeError as e:
    print(repr(e), repr(e.__context__), repr(e.__context__.__cause__), e.__suppress_context__)
    print("".join(traceback.format_exception(e)))


def suppressed():
    try:
        1 / 0
    except ZeroDivisionError:
        raise TypeError("clean") from None


try:
    suppressed()
except TypeError as e:
    print(repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
    print("".join(traceback.format_exception(e)))

try:
    try:
        raise OSError("disk")
    except OSError as inner:
        err = ValueError("wrapped")
        err.add_note("note one")
        err.add_note("note two")
        raise err
except ValueError as e:
    print(e.__notes__, type(e.__context__).__name__)
    print("".join(traceback.format_exception_only(type(e), e)))

e1 = ValueError("explicit")
e1.__cause__ = KeyError("set by hand")
print(repr(e1.__cause__), e1.__suppress_context__)
try:
    raise IndexError("x").with_traceback(None)
except IndexError as e:
    print(e.__traceback__.tb_frame.f_code.co_name, e.__traceback__.tb_next)


def raise_in_finally():
    try:
        raise ValueError("from try")
    finally:
        raise KeyError("from finally")


try:
    raise_in_finally()
except KeyError as e:
    print(repr(e), repr(e.__context__))
    print(traceback.format_exc())


def cause_not_exception():
    try:
        raise ValueError from 5
    except TypeError as e:
        return str(e)


print(cause_not_exception())
try:
    raise ValueError from KeyError
except ValueError as e:
    print(repr(e.__cause__))
