# Covers: locals() in functions (snapshot semantics, includes args/cells/free vars),
# locals() at module level (is globals()), globals() reads and writes visible to code,
# vars() with and without arguments, locals() in class bodies and comprehensions.
import sys

module_var = "mod"
print(locals() is globals(), sorted(k for k in globals() if not k.startswith("__")))
print(globals()["module_var"], "module_var" in vars(), vars() is globals())
globals()["injected"] = 123
print(injected)


def func(a, b=2, *args, **kw):
    c = a + b
    snapshot = locals()
    print(sorted(snapshot.items()))
    d = 4
    print(sorted(locals()), "d" in snapshot)
    snapshot["c"] = "changed?"
    print(c)
    return sorted(vars().keys())


print(func(1, 3, 4, x=5))


def with_cells():
    x = 1
    y = 2

    def inner():
        z = x + 1
        print("inner locals:", sorted(locals().items()))
        return z
    inner()
    print("outer locals:", sorted(k for k in locals()))
    return locals()["x"]


print(with_cells())


def globals_in_function():
    g = globals()
    g["from_func"] = "set via globals()"
    return g is sys.modules[__name__].__dict__


print(globals_in_function(), from_func)


class Body:
    a = 1
    b = a + 1
    names = sorted(k for k in locals() if not k.startswith("__"))
    print("class body locals:", sorted(k for k in locals()), locals()["__qualname__"])


print(Body.names, sorted(k for k in vars(Body) if not k.startswith("__")))


class WithDict:
    def __init__(self):
        self.p = 1
        self.q = [2]


w = WithDict()
print(vars(w), w.__dict__ is vars(w))
try:
    vars(5)
except TypeError as e:
    print("TypeError:", e)


def unbound_locals():
    before = sorted(locals())
    later = 1
    return before, sorted(locals())


print(unbound_locals())


def comprehension_locals():
    outer = 10
    return [sorted(locals()) for _ in range(1)], [outer for _ in range(1)]


print(comprehension_locals())


def deleted_local():
    v = 1
    del v
    return "v" in locals(), locals()


print(deleted_local())
print(sorted(k for k in globals() if not k.startswith("__")))
