# Covers: dir() without arguments at module level, inside functions (locals incl. args,
# cells, free variables), inside class bodies and after del; dir(obj) on instances.
import math

alpha = 1
print([n for n in dir() if not n.startswith("__")])


def f(x, y=1):
    z = x + y

    def g():
        return z
    print("in f:", dir())
    del x
    print("after del:", dir())
    return g


def h():
    print("empty function:", dir())


f(1)
h()


def closure_dir():
    a = 1

    def inner():
        b = a
        print("inner:", dir())
    inner()


closure_dir()


class C:
    attr = 1
    print("class body:", dir())

    def method(self):
        return dir()


print(C().method(), [n for n in dir(C()) if not n.startswith("__")], "attr" in dir(C))
print([n for n in dir(math) if n.startswith("is")])
print(sorted(set(dir()) - {"__builtins__", "__doc__", "__loader__", "__name__", "__package__", "__spec__",
                           "__annotations__", "__file__", "__cached__"}))
