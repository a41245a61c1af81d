# Covers: MAKE_FUNCTION with defaults, kw-defaults, annotations (incl. string and
# expression annotations, return annotation), closures; function attributes (__name__,
# __qualname__, __defaults__, __kwdefaults__, __annotations__, __doc__, __module__,
# __code__.co_varnames), nested function definitions, functions created in loops.
def annotated(a: int, b: "str" = "x", *args: float, c: list[int] = None, **kw: dict) -> bool:
    """Docstring of annotated."""
    return True


print(annotated.__name__, annotated.__qualname__, annotated.__module__)
print(annotated.__defaults__, annotated.__kwdefaults__)
print(annotated.__annotations__)
print(annotated.__doc__)
print(annotated.__code__.co_varnames, annotated.__code__.co_argcount,
      annotated.__code__.co_kwonlyargcount)


def make_adder(n):
    def add(x, y=n * 2, *, z=n * 3):
        return x + n + y + z
    return add


add5 = make_adder(5)
print(add5(1), add5(1, 0), add5(1, z=0), add5.__qualname__, add5.__defaults__, add5.__kwdefaults__)
print(add5.__closure__[0].cell_contents, add5.__code__.co_freevars)


class C:
    def method(self, x: int) -> int:
        def helper() -> str:
            return "h"
        return helper

    @staticmethod
    def static(y: "C") -> None:
        pass


print(C.method.__qualname__, C().method(1).__qualname__, C.static.__annotations__)
print(C.method.__annotations__, C().method(1).__annotations__)
x = 10


def noann(a, b):
    pass


print(noann.__annotations__, noann.__defaults__, noann.__kwdefaults__, noann.__doc__)
funcs = []
for i in range(3):
    def f(v=i):
        return v * 10
    funcs.append(f)
print([fn() for fn in funcs], len({id(fn) for fn in funcs}))

lam = lambda a, b=2, *c, d=4, **e: (a, b, c, d, e)
print(lam(1), lam.__name__, lam.__defaults__, lam.__kwdefaults__)


def deco_factory(tag):
    def deco(fn):
        fn.tag = tag
        return fn
    return deco


@deco_factory("T")
def tagged() -> "annotation":
    return tagged.tag


print(tagged(), tagged.__annotations__, sorted(tagged.__dict__))
print(annotated(1), callable(annotated), type(annotated).__name__)


def counter_factory():
    count = 0

    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc


c1, c2 = counter_factory(), counter_factory()
print(c1(), c1(), c1(5), c2(), c1.__code__.co_freevars, counter_factory.__code__.co_cellvars)
