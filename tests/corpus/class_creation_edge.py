# Covers: class creation edge cases — PEP 560 __mro_entries__/__orig_bases__ (typing.Generic),
# a plain function as metaclass, metaclass conflicts, duplicate bases, __prepare__ returning
# a non-mapping, class keywords rejected by object.__init_subclass__, layout conflicts,
# __qualname__ set in the body, and a class attribute named __class__.
import typing
T = typing.TypeVar("T")
class G(typing.Generic[T]):
    pass
class Sub(G[int]):
    pass
print(Sub.__orig_bases__, Sub.__mro__[1].__name__, G[int])
class Entry:
    def __mro_entries__(self, bases):
        print("mro_entries called with", [type(b).__name__ for b in bases])
        return (dict,)
class FromEntry(Entry()):
    pass
print(FromEntry.__bases__, FromEntry.__orig_bases__[0].__class__.__name__)
def meta_func(name, bases, ns, **kw):
    print("meta_func", name, bases, sorted(k for k in ns if not k.startswith("__")), kw)
    return 42
class NotAClass(metaclass=meta_func, flag=1):
    x = 1
print(NotAClass)
class M1(type): pass
class M2(type): pass
class A(metaclass=M1): pass
class B(metaclass=M2): pass
for src in ["class C(A, B): pass", "class P:\n    pass\nclass Q(P, P): pass",
            "class BadPrep(metaclass=type('Meta', (type,), {'__prepare__': classmethod(lambda m, n, b, **k: 5)})): pass",
            "class K(object, flag=1): pass", "class L(1): pass", "class MRO(object, int, object): pass",
            "class Y(int, str): pass"]:
    try:
        exec(src)
    except TypeError as e:
        print("TypeError:", e)
class WithDoc:
    "docstring"
    __qualname__ = "Custom.Qual"
print(WithDoc.__qualname__, WithDoc.__doc__)
try:
    class BadQual:
        __qualname__ = 5
except TypeError as e:
    print("TypeError:", e)
class Cell:
    def f(self): return __class__
    __class__ = "shadow?"
print(Cell().f().__name__ if isinstance(Cell().f(), type) else Cell().f(), Cell.__class__)
