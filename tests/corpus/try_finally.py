# Covers: try/except/else/finally ordering, return inside finally (overrides return and
# swallows exceptions), break/continue through finally, nested handlers, bare re-raise,
# exception variable cleanup after except, exception matching by tuple and base class,
# sys.exc_info() inside and after handlers.
import sys


def order(raise_it):
    log = []
    try:
        log.append("try")
        if raise_it:
            raise ValueError("boom")
    except ValueError:
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log


print(order(False), order(True))


def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"


def finally_swallows():
    try:
        raise RuntimeError("lost")
    finally:
        return "swallowed"


def finally_runs_after_return():
    log = []
    try:
        return log
    finally:
        log.append("finally ran")


print(finally_overrides(), finally_swallows(), finally_runs_after_return())


def loop_control():
    out = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append(f"f{i}")
    return out


print(loop_control())


def break_in_finally():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            break
    return "exception discarded by break", i


print(break_in_finally())


def nested():
    try:
        try:
            {}["k"]
        except KeyError as e:
            print("inner caught", repr(e))
            raise TypeError("converted") from e
        finally:
            print("inner finally")
    except TypeError as e:
        print("outer caught", e, "cause:", repr(e.__cause__))
        return "done"
    finally:
        print("outer finally")


print(nested())


def reraise():
    try:
        int("x")
    except ValueError:
        print("logging and re-raising", sys.exc_info()[0].__name__)
        raise


try:
    reraise()
except ValueError as e:
    print("re-raised:", e)


def exc_var_cleared():
    e = "before"
    try:
        1 / 0
    except ZeroDivisionError as e:
        pass
    try:
        return e
    except NameError as err:
        return f"NameError: {err}"


print(exc_var_cleared())
for exc in [KeyError("k"), IndexError("i"), ZeroDivisionError("z"), OSError(2, "nf"), StopIteration()]:
    try:
        raise exc
    except (KeyError, IndexError) as e:
        print("lookup error", type(e).__name__)
    except ArithmeticError as e:
        print("arithmetic", e)
    except OSError as e:
        print("oserror", e.errno, e.strerror, type(e).__name__)
    except Exception as e:
        print("other", type(e).__name__)
print(sys.exc_info())


def deep_finally(n, log):
    try:
        if n == 0:
            raise LookupError("bottom")
        deep_finally(n - 1, log)
    finally:
        log.append(n)


log = []
try:
    deep_finally(5, log)
except LookupError as e:
    print(e, log)


def handler_raises():
    try:
        try:
            raise ValueError("first")
        except ValueError:
            raise KeyError("second")
    except KeyError as e:
        return repr(e), repr(e.__context__)


print(handler_raises())


def while_finally():
    n = 0
    while True:
        try:
            n += 1
            if n < 3:
                continue
            return n
        finally:
            print("while finally", n)


print(while_finally())


def except_non_exception():
    try:
        try:
            1 / 0
        except 42:
            pass
    except TypeError as e:
        return str(e)


print(except_non_exception())


def generator_in_try():
    results = []
    for v in (x * 2 for x in range(3)):
        try:
            if v == 2:
                raise ValueError(v)
            results.append(v)
        except ValueError as e:
            results.append(f"err{e}")
    return results


print(generator_in_try())
try:
    raise Exception("a", 1)
except Exception as e:
    print(e.args, str(e), repr(e))
