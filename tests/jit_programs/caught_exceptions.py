"""Exceptions that handlers catch and drop inside hot loops and functions
(`except KeyError:`, `except (A, B):`, `except Exception:`; with constants
stored before POP_EXCEPT), which traces catch themselves (CATCH_EXCEPTION,
CAUGHT_EXIT): a dict miss, int() of a bad string, a
callee's exception, an index out of range; with items above the handler's
depth (`t += d[k]`), a handler name rebound mid-run (a module global
shadowing a builtin, then bound to another class), an exception no name
matches (raised on, with its traceback), handlers nested in other handlers
(the handled exception, and a new exception's __context__), and handlers
with `as e` or a body before POP_EXCEPT that sees the exception (traces run
them too since handled_exceptions.py's CATCH_HANDLED)."""
import sys
import traceback


def lookup(d, k):
    try:
        return d[k]
    except KeyError:
        return -1


def parse(text):
    try:
        return int(text)
    except ValueError:
        return 0


def defaulted(d, k):
    try:
        value = d[k]
    except KeyError:
        value = None  # (a body before POP_EXCEPT: constants stored)
        k = -1
    return value, k


def watched(d, k):
    try:
        value = d[k]
    except KeyError:
        value = sys.exception()  # (a body that sees the exception)
    return type(value).__name__


def risky(i):
    if i % 7 == 3:
        raise ArithmeticError("seven")
    return i


Missing = KeyError  # (a global the handler names: rebound halfway)


def counted(d, keys):
    t = 0
    for k in keys:
        try:
            try:
                t += d[k]
            except Missing:
                t -= 1
        except KeyError:  # (once Missing is IndexError)
            t -= 100
    return t


def mixed(items, n):
    t = 0
    for i in range(n):
        try:
            t += items[i % 12] + risky(i)
        except (IndexError, ArithmeticError):
            t += 1000
        try:
            t += parse("x" if i % 5 == 0 else str(i))
        except Exception:
            t = -t  # (never: parse catches its own)
    return t


def nested(n):
    seen = []
    for i in range(n):
        try:
            raise LookupError(i)
        except LookupError:
            try:
                {}[i]
            except KeyError:
                pass
            seen.append(sys.exception().args[0])  # the outer one, still handled
    return sum(seen)


def chained(n):
    contexts = 0
    for i in range(n):
        try:
            try:
                {}[i]
            except KeyError:
                raise ValueError(i)
        except ValueError as error:
            contexts += type(error.__context__) is KeyError
    return contexts


def unmatched(n):
    d = {1: 1}
    total = 0
    for i in range(n):
        try:
            total += d[i % 3 - 1] + 100 // (n - 1 - i)  # (ZeroDivisionError at the end)
        except KeyError:
            total += 1
    return total


def run(n):
    d = {k: k * 2 for k in range(0, 60, 3)}
    keys = list(range(60))
    total = sum(lookup(d, i % 60) for i in range(n)) + sum(parse(str(i) + "x" * (i % 4 == 0))
                                                          for i in range(n))
    found = [defaulted(d, i % 60) for i in range(n)]
    total += sum(1 for value, k in found if value is None and k == -1)
    total += sum(len(watched(d, i % 7)) for i in range(n))
    global Missing
    halves = []
    for half in range(2):
        halves.append(counted(d, keys * (n // 60)))
        Missing = IndexError
    total += mixed(list(range(10)), n) + nested(n) + chained(n)
    return total, halves


print(run(1200))
try:
    unmatched(300)
except ZeroDivisionError as error:
    print("ZeroDivisionError", error)
try:
    unmatched(201)
except ZeroDivisionError:
    traceback.print_exc(file=sys.stdout)  # (the frames it passed through)
