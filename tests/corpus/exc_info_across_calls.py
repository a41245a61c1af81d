# Covers (fidelity): the "currently handled exception" seen across frames — sys.exc_info()
# and sys.exception() in functions called from an except block, bare `raise` in a called
# function, __context__ of exceptions raised by C code (int('x')) and by callees while a
# handler is active, generators (run natively) observing the handled exception, and the
# state after handlers finish.
import sys


def current():
    return sys.exc_info()[0], repr(sys.exception())


def reraise():
    raise


def c_error():
    return int("not a number")


print(current())
try:
    raise KeyError("outer")
except KeyError:
    print(current())
    try:
        reraise()
    except KeyError as e:
        print("bare raise in callee re-raised:", repr(e))
    try:
        c_error()
    except ValueError as e:
        print("C error context:", repr(e.__context__))
    try:
        [].pop()
    except IndexError as e:
        print("direct C error context:", repr(e.__context__))

    def gen():
        yield sys.exc_info()[0]
    print("generator sees:", next(gen()))
    print(sorted([3, 1, 2], key=lambda v: (v, current()[0].__name__)))
print(current())


def handler_calls_helper():
    try:
        1 / 0
    except ZeroDivisionError:
        return helper()


def helper():
    try:
        raise ValueError("inner")
    except ValueError as e:
        return repr(e.__context__), current()


print(handler_calls_helper())
print(current())
try:
    reraise()
except RuntimeError as e:
    print("RuntimeError:", e)


def nested_handlers():
    try:
        raise TypeError("a")
    except TypeError:
        try:
            raise OSError("b")
        except OSError:
            inner = current()
        after_inner = current()
    return inner, after_inner, current()


print(nested_handlers())


class CM:
    def __exit__(self, et, ev, tb):
        print("in __exit__:", current())
        return True

    def __enter__(self):
        return self


with CM():
    raise LookupError("in with")
print(current())
