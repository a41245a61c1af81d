"""Handlers whose bodies run code before POP_EXCEPT, or that name the
exception (`as error`), in hot loops and the functions they call, which
traces run themselves (CATCH_HANDLED, CAUGHT_EXIT_HANDLED): the exception
is the handled one while the body runs (sys.exception() in code the body
calls), with the traceback entries Tier 1's unwinding gives it (a new
exception the body raises has it as its __context__, traceback and all,
here printed line by line and, last, as traceback.print_exc reports it);
bodies storing into dicts and locals, with int overflow past int64 inside,
with `continue` and `break`; a raise in a callee caught by its caller's
handler, two calls deep; named exceptions kept in a list, their traceback
read later, the name unbound after the handler; an exception no name
matches (raised on); a handler name rebound mid-run."""
import sys
import traceback


class Stop(Exception):
    pass


class Other(Exception):
    pass


def count(words):
    counts = {}
    for w in words:
        try:
            counts[w] += 1
        except KeyError:
            counts[w] = 1
    return counts


def seen_by_callee():
    # What code a handler's body calls sees: the handled exception, and
    # where its traceback says it was raised.
    # (tb_lasti of the raising instruction only: for a CALL, Tier 1's is its
    # PRECALL's -- JIT on or off)
    exc = sys.exception()
    tb = exc.__traceback__
    entries = []
    while tb is not None:
        entries.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        lasti = tb.tb_lasti
        tb = tb.tb_next
    return type(exc).__name__, str(exc), entries, lasti


def lookups(d, keys):
    seen = []
    for k in keys:
        try:
            seen.append(d[k])
        except KeyError:
            seen.append(seen_by_callee())
    return seen


def check(x):
    if x % 5 == 0:
        raise Stop(x)
    return x


def deeper(x):
    return check(x) + 1


def callers(n):
    t = 0
    missed = 0
    for i in range(n):
        try:
            t += deeper(i)
        except Stop:
            missed += 1
            t -= 1
    return t, missed


def caught_in_caller(n):
    last = None
    for i in range(n):
        try:
            deeper(i)
        except Stop:
            last = seen_by_callee()
    return last


def overflowing(n):
    big = 2 ** 62
    total = 0
    for i in range(n):
        try:
            total += {0: 1}[i % 3]
        except KeyError:
            total += big  # past int64: the trace's overflow exit, inside the body
            total -= big
            total += 2
    return total


def with_continue_and_break(items):
    good = bad = 0
    for s in items:
        try:
            good += int(s)
        except ValueError:
            bad += 1
            if bad > 1000:
                break
            continue
        good += 1
    return good, bad


def raising_body(n):
    contexts = []
    for i in range(n):
        try:
            try:
                {}[i]
            except KeyError:
                if i % 4 == 3:
                    raise Other(i)
                contexts.append(i)
        except Other as error:
            context = error.__context__
            contexts.append((type(context).__name__, context.args,
                             [(frame.name, frame.lineno) for frame in
                              traceback.extract_tb(context.__traceback__)]))
    return contexts[-6:]


def unmatched(n):
    caught = 0
    for i in range(n):
        try:
            try:
                if i % 50 == 49:
                    raise Other(i)
                raise Stop(i)
            except Stop:
                caught += 1
        except Other as error:
            return caught, error.args, [frame.lineno for frame in
                                        traceback.extract_tb(error.__traceback__)]
    return caught


def named(items):
    good, kept = 0, []
    for text in items:
        try:
            good += int(text)
        except ValueError as error:
            kept.append(error)
            good -= len(error.args[0]) % 7
    try:
        error
    except NameError as missing:  # (the handler's cleanup unbinds the name)
        unbound = str(missing)
    last = kept[-1]
    return (good, len(kept), unbound, type(last).__name__, last.args,
            [(frame.name, frame.lineno) for frame in traceback.extract_tb(last.__traceback__)])


def named_in_caller(n):
    seen = []
    for i in range(n):
        try:
            deeper(i)
        except Stop as stop:
            seen.append(stop.args[0] + (sys.exception() is stop))
    return len(seen), seen[-3:]


def rebound(n):
    global Stop
    caught = []
    original = Stop
    for i in range(n):
        if i == n // 2:
            Stop = Other  # the handler's name now names another class
        try:
            try:
                raise original(i)
            except Stop:
                caught.append(i)
        except original:
            caught.append(-i)
    Stop = original
    return caught[:3], caught[-3:], len(caught)


def main():
    words = [str(i % 300) for i in range(3000)]
    counts = count(words)
    print(len(counts), counts["7"], sum(counts.values()))
    print(lookups({1: "one", 2: "two"}, [1, 5, 2, 6, 1, 7] * 20)[-4:])
    print(callers(3000))
    print(caught_in_caller(300))
    print(overflowing(3000))
    print(with_continue_and_break([str(i) if i % 3 else "x" for i in range(2000)]))
    print(with_continue_and_break([str(i) if i % 3 else "x" for i in range(5000)]))
    print(raising_body(200))
    print(unmatched(300))
    print(named([str(i) if i % 4 else f"x{i}" for i in range(3000)]))
    print(named_in_caller(300))
    print(rebound(200))
    print(sys.exception())
    # Last, CPython's whole report of a body's exception, the KeyError's
    # traceback (the trace's entries) first.
    try:
        for i in range(300):
            try:
                {}[i]
            except KeyError:
                if i == 299:
                    raise Other("reported")
    except Other:
        traceback.print_exc(file=sys.stdout)


main()
