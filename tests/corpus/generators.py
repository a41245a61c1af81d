# Covers: generator functions (which run on CPython) called from VM code: next/send/
# throw/close, yield from with return values, generator expressions, infinite generators
# with islice, generators closing over VM locals, StopIteration handling, generator
# exceptions propagating into VM frames, generator-based pipelines.
import itertools


def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"


def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            if x is None:
                break
            received.append(x)
    except GeneratorExit:
        print("echo closed with", received)
        raise
    finally:
        print("echo finally")
    return received


def delegator():
    result = yield from countdown(3)
    print("delegate got", result)
    inner = yield from echo()
    return inner


print(list(countdown(5)))
g = countdown(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value)
e = echo()
print(next(e), e.send("a"), e.send("b"))
e.close()
d = delegator()
print(next(d), next(d), next(d), next(d), d.send("x"))
try:
    d.send(None)
except StopIteration as s:
    print("delegator returned", s.value)


def failing_gen():
    yield 1
    raise ValueError("from generator")


try:
    for v in failing_gen():
        print("got", v)
except ValueError as e:
    print("caught", e)


def catcher():
    while True:
        try:
            yield "ready"
        except KeyError as k:
            print("generator caught", repr(k))
            yield "recovered"


c = catcher()
print(next(c), c.throw(KeyError("k")), next(c))
try:
    c.throw(TypeError("not handled"))
except TypeError as t:
    print("throw propagated:", t)


def make_counter(step):
    total = 0

    def gen(limit):
        nonlocal total
        for i in range(0, limit, step):
            total += i
            yield i
    return gen, lambda: total


gen, get_total = make_counter(3)
print(list(gen(10)), get_total())


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


print(list(itertools.islice(fib(), 15)), sum(itertools.takewhile(lambda x: x < 1000, fib())))


def read_lines(text):
    for line in text.splitlines():
        yield line


def strip_comments(lines):
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


def parse_pairs(lines):
    for line in lines:
        k, _, v = line.partition("=")
        yield k.strip(), v.strip()


config = """
# settings
name = demo
size=10   # inline
 empty =
"""
print(dict(parse_pairs(strip_comments(read_lines(config)))))
squares = (x * x for x in range(5))
print(sum(squares), sum(squares))
print(list(zip(countdown(3), "abc")), list(enumerate(countdown(2), 1)))


def gen_with_return_in_finally():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup on close")


gg = gen_with_return_in_finally()
print(next(gg))
gg.close()
print(gg.gi_running, gg.gi_frame)


def stop_iteration_inside():
    yield 1
    raise StopIteration("converted")


try:
    list(stop_iteration_inside())
except RuntimeError as err:
    print("RuntimeError:", err, "cause:", repr(err.__cause__))
