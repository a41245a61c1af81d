# Covers: LOAD/STORE/DELETE of fast locals, deref (cells), closures, globals, names
# (module and class bodies), attributes, subscripts; builtins shadowing.
import sys

G = 10
counter = 0


def use_global():
    return G * 2


def set_global(v):
    global G
    G = v


def fast_locals(a, b=3):
    c = a + b
    d = c * 2
    del c
    c = "rebound"
    return a, b, c, d


def cells(x):
    y = x + 1

    def inner():
        return x, y

    y = y * 10  # the cell sees the new value
    return inner()


class Box:
    kind = "box"
    size = kind + "-size"  # LOAD_NAME inside a class body
    print("class body sees", kind, size)

    def __init__(self, v):
        self.v = v


def attrs():
    b = Box(1)
    b.v += 1
    b.extra = [1, 2]
    b.extra[0] = "x"
    print(b.v, b.extra, b.kind, Box.kind, b.__dict__)
    del b.extra
    print(hasattr(b, "extra"), sorted(vars(b)))
    Box.kind = "crate"
    print(b.kind)


def subscr():
    d = {"a": 1}
    d["b"] = 2
    d["a"] += 10
    lst = [0] * 5
    lst[-1] = 9
    lst[1] = lst[-1] + 1
    del lst[0]
    del d["b"]
    t = (1, (2, [3, 4]))
    t[1][1][0] = "three"
    print(d, lst, t)


# module-level (LOAD_NAME / STORE_NAME) code
x = 5
x = x + 1
del x
try:
    x
except NameError as e:
    print("NameError:", e)

len = lambda s: -1  # shadow a builtin at module level
print(len("abc"))
del len
print(len("abc"))

print(use_global())
set_global(21)
print(use_global(), G)
print(fast_locals(1))
print(fast_locals(1, b=4))
print(cells(2))
attrs()
subscr()

# loads inside nested scopes of different kinds
print([G + i for i in range(3)])
print(type(sys).__name__, sys.__name__)
