# Covers: mutating function objects after creation — __defaults__, __kwdefaults__,
# __code__ replacement (incl. code.replace), __globals__ lookups through a swapped code,
# a function's __dict__, and calls of the mutated functions from VM code in a loop.
def f(a, b=1, *, c=2):
    return ("f", a, b, c)


def g(a, b=10, *, c=20):
    return ("g", a, b, c)


out = []
for step in range(4):
    if step == 1:
        f.__defaults__ = (100,)
    if step == 2:
        f.__kwdefaults__ = {"c": 200}
    if step == 3:
        f.__code__ = g.__code__
    out.append(f(0))
print(out)
f.__defaults__ = None
try:
    f(0)
except TypeError as e:
    print("TypeError:", e)
f.__kwdefaults__ = None
try:
    f(0, 1)
except TypeError as e:
    print("TypeError:", e)


def h(x):
    return x + 1


h.__code__ = h.__code__.replace(co_consts=tuple(2 if c == 1 else c for c in h.__code__.co_consts))
print(h(1), [h(i) for i in range(3)])
h.attr = "stored"
print(h.attr, sorted(h.__dict__))


def counter():
    n = 0

    def inc():
        nonlocal n
        n += 1
        return n
    return inc


inc = counter()
print(inc(), inc())
inc.__closure__[0].cell_contents = 40
print(inc(), inc.__closure__[0].cell_contents)
try:
    f.__code__ = inc.__code__
except ValueError as e:
    print("ValueError:", e)
import types

k = types.FunctionType(g.__code__, {"__builtins__": __builtins__}, "renamed", (5,))
k.__kwdefaults__ = {"c": 7}
print(k(1), k.__name__, k.__defaults__)
