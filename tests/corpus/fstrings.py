# Covers: FORMAT_VALUE with conversions (!r !s !a), format specs (width, fill, align, sign,
# grouping, precision, types b/o/x/X/e/f/g/%/c), nested replacement fields in specs,
# self-documenting f"{x=}", __format__ on custom classes, format() builtin, str.format.
name = "Ünïcode"
value = 1234567.891
n = 255
items = ["a", "b"]
print(f"{name}|{name!r}|{name!a}|{name!s}|{items!r}")
print(f"{value:,.2f}|{value:_.1f}|{value:e}|{value:.3g}|{value:>20.2f}|{value:<15.0f}|{value:^+16,.1f}|")
print(f"{n:b}|{n:o}|{n:x}|{n:X}|{n:#x}|{n:#o}|{n:08b}|{n:c}|{-n:+d}|{n: d}|{n:=+8d}|{n:*^9}")
print(f"{0.256:.1%}|{1/3:.10f}|{2.5:g}|{1e20:g}|{1e-7:g}|{float('inf'):f}|{-0.0}|{1.0:n}")
width, prec = 12, 3
print(f"[{value:{width}.{prec}f}]", f"[{name:>{width}}]", f"[{name:{'*'}^{width}}]")
x, y = 3, 4
print(f"{x=}", f"{x + y=}", f"{name=!s}", f"{value=:.1f}", f"{ x = }")
print(f"{'quoted'}", f'{"double"}', f"{{literal braces}}", f"{x}{{}}{y}")
print(f"{f'{x:>{y}}'}|", f"{[i * 2 for i in range(3)]}", f"{dict(a=1)['a']}", f"{(lambda: 'lam')()}")
print(f"{3.14159:010.4f}|{-3.14159:010.4f}|{42:x<6}|{42:>6}|{'s':~^7}|")


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __format__(self, spec):
        if spec == "short":
            return f"${self.cents // 100}"
        return f"${self.cents / 100:{spec or '.2f'}}"

    def __repr__(self):
        return f"Money({self.cents})"

    def __str__(self):
        return "money!"


m = Money(12345)
print(f"{m}|{m:short}|{m:.1f}|{m!r}|{m!s}|{format(m, 'short')}")
print("{:>8}|{:<8}|{:^8}|".format("l", "r", "c"), "{0}{1}{0}".format("a", "b"), "{k}".format(k=5))
print("{0.real}|{1[0]}|{2[key]}".format(3 + 4j, [9], {"key": "v"}))
print(format(12345678, ","), format(0.5, ".0%"), format("x", "5"), format(3, "03"), format(True, "d"))
for bad in ["f'{1:z}'", "format(1.5, 'd')", "format('s', 'd')", "'{'.format(1)", "'{0}'.format()", "f'{m:bad}'"]:
    try:
        print(eval(bad))
    except (ValueError, IndexError, TypeError) as e:
        print(type(e).__name__, e)
table = [("apple", 1.5, 3), ("banana", 0.25, 12), ("cherry", 10.0, 100)]
print(f"{'item':<10}{'price':>8}{'qty':>5}")
for item, price, qty in table:
    print(f"{item:<10}{price:>8.2f}{qty:>5d}")
print(f"{'total':<10}{sum(p * q for _, p, q in table):>13.2f}")
print(f"{b'bytes'}", f"{None}", f"{True!r:>6}", f"{12:{'>'}{5}}", f"{'%'}")
