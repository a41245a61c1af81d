# Covers: zero-argument super() in single, multiple and diamond inheritance; cooperative
# __init__ with **kwargs; super() in classmethods, properties, __init_subclass__ and
# nested functions; two-argument super; MRO printing; super().__getattr__ fallbacks.
class Root:
    def __init__(self, **kw):
        print("Root.__init__", sorted(kw))
        self.log = ["Root"]

    def who(self):
        return ["Root"]

    @classmethod
    def make(cls):
        return f"Root.make({cls.__name__})"

    @property
    def label(self):
        return "root"


class Left(Root):
    def __init__(self, left=0, **kw):
        print("Left.__init__", left)
        super().__init__(**kw)
        self.log.append("Left")

    def who(self):
        return ["Left"] + super().who()

    @classmethod
    def make(cls):
        return "Left>" + super().make()

    @property
    def label(self):
        return "left/" + super().label


class Right(Root):
    def __init__(self, right=0, **kw):
        print("Right.__init__", right)
        super().__init__(**kw)
        self.log.append("Right")

    def who(self):
        return ["Right"] + super().who()

    @classmethod
    def make(cls):
        return "Right>" + super().make()

    @property
    def label(self):
        return "right/" + super().label


class Diamond(Left, Right):
    def __init__(self, **kw):
        print("Diamond.__init__")
        super().__init__(**kw)
        self.log.append("Diamond")

    def who(self):
        return ["Diamond"] + super().who()

    @classmethod
    def make(cls):
        return "Diamond>" + super().make()

    @property
    def label(self):
        return "diamond/" + super().label


d = Diamond(left=1, right=2, extra=3)
print(d.log)
print(d.who())
print(Diamond.make(), d.make())
print(d.label)
print([c.__name__ for c in Diamond.__mro__])
print(super(Left, d).who(), super(Diamond, d).who())


class A:
    def step(self, trail):
        trail.append("A")
        return trail


class B(A):
    def step(self, trail):
        trail.append("B")
        return super().step(trail)


class C(A):
    def step(self, trail):
        trail.append("C")
        return super().step(trail)


class D(B, C):
    def step(self, trail):
        trail.append("D")

        def helper():
            return super(D, self).step(trail)
        return helper()


class E(C, B):
    def step(self, trail):
        return super().step(trail + ["E"])


print(D().step([]), E().step([]), [k.__name__ for k in E.__mro__])


class Mixin:
    def describe(self):
        return "Mixin+" + super().describe()


class Base2:
    def describe(self):
        return "Base2"


class Combined(Mixin, Base2):
    def describe(self):
        return "Combined+" + super().describe()


print(Combined().describe())


class Tracker:
    subclasses = []

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        Tracker.subclasses.append(cls.__name__)


class T1(Tracker):
    pass


class T2(T1):
    def __init_subclass__(cls, **kw):
        print("T2.__init_subclass__ for", cls.__name__)
        super().__init_subclass__(**kw)


class T3(T2):
    pass


print(Tracker.subclasses)


class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def __repr__(self):
        return f"{self.name}(area={self.area():.2f})"


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("Rect")
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)
        self.name = "Square"


class Cube(Square):
    def area(self):
        return 6 * super().area()


print([Rect(2, 3), Square(4), Cube(2)])


class Dict2(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 2)

    def __getitem__(self, k):
        return super().__getitem__(k) + 1


dd = Dict2()
dd["a"] = 5
print(dd["a"], dict(dd))


class NoSuper:
    def m(self):
        return super().m()


try:
    NoSuper().m()
except AttributeError as e:
    print("AttributeError:", e)


def not_a_method():
    return super()


try:
    not_a_method()
except RuntimeError as e:
    print("RuntimeError:", e)


class StrictInit:
    def __init__(self):
        try:
            super().__init__(1)
        except TypeError as e:
            print("TypeError:", e)


StrictInit()
