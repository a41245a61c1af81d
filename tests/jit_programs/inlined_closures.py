"""Closures inlined where the guards fix the function object (COPY_CLOSURE):
constructors whose __init__ calls super().__init__ (the __class__ cell),
methods called in CPython's unbound form, an operator method using super(),
a method closing over a variable of a factory; closures made anew at every
call, whose cells INLINE_CALL reads from the function on the stack (a
comprehension over a parameter, an adder a factory returns); with exits
inside them (an argument's type changing mid-run), exceptions raised
inside, and the class cell read by Tier 1 when the trace leaves."""


class Base:
    def __init__(self, weight):
        self.weight = weight

    def scale(self, k):
        return self.weight * k


class Item(Base):
    def __init__(self, weight, tag):
        super().__init__(weight)
        self.tag = tag
        self.size = weight * 2 + len(tag)

    def scale(self, k):
        if k == 13:
            raise ValueError("unlucky")
        return super().scale(k) + 1

    def __add__(self, other):
        return Item(self.weight + other.weight, self.tag)


def factory(offset):
    class Shifted(Base):
        def shifted(self, k):
            return self.scale(k) + offset  # `offset` is a free variable
    return Shifted


def scaled(pair, k):
    return [x * k for x in pair]


def adder(k):
    def add(x):
        return x + k
    return add


def run(n):
    total = 0
    errors = 0
    shifted = factory(7)(3)
    pile = Item(0, "")
    for i in range(n):
        weight = i if i < n // 2 else (i * 0.5 if i < 3 * n // 4 else i % 5)
        item = Item(weight, "t" * (i % 3))
        total += item.size + item.scale(2) + shifted.shifted(i % 4)
        pile = pile + item
        total += sum(scaled((1, 2), i)) + adder(i % 7)(i)
        try:
            total += item.scale(i % 20)
        except ValueError:
            errors += 1
    return round(total, 6), errors, round(pile.weight, 6)


print(run(2000))
