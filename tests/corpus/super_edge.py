# Covers (fidelity): zero-argument super() edge cases — first argument reassigned, deleted,
# captured in a closure cell, super() in a nested lambda/comprehension (no __class__
# cell), in a staticmethod, in __new__, in a class created by a metaclass that forgets
# __classcell__, and super() objects' repr/attributes.
class Base:
    def who(self):
        return "Base.who"

    def __new__(cls, *a):
        return super().__new__(cls)


class Child(Base):
    def reassigned(self):
        self = 42
        return super().who()

    def deleted(self):
        del self
        return super().who()

    def cell(self):
        def inner():
            return self
        return super().who(), inner() is self

    def in_lambda(self):
        return (lambda: super().who())()

    def in_comprehension(self):
        return [super().who() for _ in range(1)]

    def in_genexpr(self):
        return list(super().who() for _ in range(1))

    @staticmethod
    def static():
        return super().who()

    def __new__(cls, *a):
        obj = super().__new__(cls)
        obj.made_by = "Child.__new__"
        return obj

    def attrs(self):
        s = super()
        return s.__thisclass__.__name__, type(s.__self__).__name__, s.__self_class__.__name__


c = Child()
for name in ["reassigned", "deleted", "cell", "in_lambda", "in_comprehension", "in_genexpr", "static", "attrs"]:
    try:
        print(name, getattr(c, name)())
    except (TypeError, RuntimeError) as e:
        print(name, type(e).__name__, e)
print(c.made_by)


class Forgetful(type):
    def __new__(mcs, name, bases, ns):
        ns = {k: v for k, v in ns.items() if k != "__classcell__"}
        return super().__new__(mcs, name, bases, ns)


try:
    class Broken(metaclass=Forgetful):
        def m(self):
            return __class__
except RuntimeError as e:
    print("RuntimeError:", e)


class Outer:
    def method(self):
        class InnerCls(Base):
            def who(self):
                return "Inner>" + super().who()
        return InnerCls().who(), __class__.__name__


print(Outer().method())


def free_function(self):
    return super().who()


Child.free = free_function
try:
    c.free()
except RuntimeError as e:
    print("RuntimeError:", e)
