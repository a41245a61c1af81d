# Covers: lambdas (defaults, *args/**kwargs, closures, nested lambdas, immediately
# invoked), lambdas as sort keys / map / filter / reduce callbacks called from C code,
# recursion via a fixed-point combinator, conditional expressions in lambdas.
from functools import reduce

add = lambda a, b=1: a + b
print(add(2), add(2, 3), (lambda: "iife")(), (lambda *a, **k: (a, sorted(k)))(1, 2, x=3))
compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5), reduce(compose, [inc, dbl, inc])(1))
people = [("ann", 31), ("bob", 25), ("cid", 31), ("dee", 22)]
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(list(map(lambda p: p[0].title(), people)), list(filter(lambda p: p[1] > 24, people)))
print(reduce(lambda acc, p: acc + p[1], people, 0), max(people, key=lambda p: p[1]))
Y = lambda f: (lambda x: x(x))(lambda y: f(lambda *args: y(y)(*args)))
fact = Y(lambda self: lambda n: 1 if n <= 1 else n * self(n - 1))
fib = Y(lambda self: lambda n: n if n < 2 else self(n - 1) + self(n - 2))
print(fact(10), [fib(i) for i in range(12)])
sign = lambda n: "neg" if n < 0 else "zero" if n == 0 else "pos"
print([sign(v) for v in (-2, 0, 3)])
curry = lambda a: lambda b: lambda c: a * 100 + b * 10 + c
print(curry(1)(2)(3))
counter = (lambda: (lambda c=[0]: c.__setitem__(0, c[0] + 1) or c[0]))()
print(counter(), counter(), counter())
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
print({k: f(6, 3) for k, f in ops.items()})
print((lambda x: (yield_ := x * 2, yield_ + 1))(4))
print(type(add).__name__, add.__name__, add.__code__.co_argcount, add.__defaults__)
adders = [lambda x, n=n: x + n for n in range(4)]
print([a(10) for a in adders])
try:
    (lambda x: x)()
except TypeError as e:
    print("TypeError:", e)
try:
    (lambda: 1 / 0)()
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(sorted(["b", "A", "c", "B"], key=str.lower), sorted([3, -1, 2], key=abs, reverse=True))
