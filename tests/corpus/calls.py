# Covers: CALL with positional/keyword args, *args/**kwargs (CALL_FUNCTION_EX),
# keyword-only and positional-only parameters, defaults and kw-defaults (evaluated once),
# method calls (bound, unbound, class), callable objects, and call-error messages.
def f(a, b, c=3, *args, d, e=5, **kwargs):
    return (a, b, c, args, d, e, kwargs)


print(f(1, 2, d=4))
print(f(1, 2, 30, 40, 50, d=4, z=6))
print(f(*[1, 2], **{"d": 0, "e": 1, "x": 2}))
print(f(1, *(2, 3), *[4], d=5, **{"y": 1}, **{"w": 2}))


def posonly(a, b, /, c, *, d=4):
    return a, b, c, d


print(posonly(1, 2, 3), posonly(1, 2, c=3, d=5))


def defaults(x, acc=[]):
    acc.append(x)
    return acc


print(defaults(1), defaults(2), defaults(3, []), defaults(4))


class K:
    def __init__(self, n):
        self.n = n

    def meth(self, k=1):
        return self.n * k

    @classmethod
    def cm(cls, v):
        return cls.__name__, v

    @staticmethod
    def sm(*a, **k):
        return a, k

    def __call__(self, *a):
        return ("called", self.n, a)


k = K(7)
bound = k.meth
print(k.meth(), k.meth(3), K.meth(k, k=2), bound(4), K.cm(1), k.cm(2), K.sm(1, x=2), k(1, 2))
print(list(map(k.meth, [1, 2, 3])), sorted([3, 1, 2], key=K(-1).meth))

errors = [
    "f(1)", "f(1, 2)", "f(1, 2, d=1, a=1)", "posonly(a=1, b=2, c=3)", "posonly(1, 2, 3, 4)",
    "k.meth(1, 2)", "K()", "K.meth()", "len()", "len(1, 2)", "f(1, 2, d=1, **{'d': 2})",
    "f(**{'a': 1}, **{'a': 2})", "int(x=1)", "defaults()", "(lambda: 0)(1)", "(lambda *, k: k)()",
    "(lambda a, b, c: 0)(1)", "(lambda a, b: 0)(1, 2, 3, 4)", "K.sm(**{1: 2})", "f(*1)",
    "f(**None)", "None()", "k.missing()", "(1)()", "dict(1, 2)",
]
for src in errors:
    try:
        eval(src)
        print(src, "-> no error")
    except TypeError as e:
        print(src, "->", e)
    except AttributeError as e:
        print(src, "-> AttributeError", e)


def varargs(*args):
    return len(args), args[-1] if args else None


print(varargs(*range(100)), varargs(), varargs(*"abc", *b"de"))


def kwonly(*, a, b=2):
    return a + b


print(kwonly(a=1), kwonly(b=3, a=4))
opts = {"sep": "-", "end": "!\n"}
print("x", "y", **opts)
print(*[1, 2, 3], sep=", ")
print(max(3, 9, 2), max([3, 9, 2], key=lambda v: -v), min("hello"), sum(range(5), start=10))
print(dict(a=1, **{"b": 2}), "{0}-{x}".format(1, x=2), int("ff", base=16), round(2.675, ndigits=2))


def outer(*args, **kwargs):
    return inner(*args, **kwargs)


def inner(x, y=0, *rest, **kw):
    return x, y, rest, sorted(kw.items())


print(outer(1), outer(1, 2, 3, z=4, a=5))
