# JIT: comprehensions, f-strings, dict/set displays, star-unpacking, ~, del x[k],
# closures, match statements and with statements run as uops in traces (and
# every way they raise)
import threading


class Loud:
    def __init__(self, n):
        self.n = n

    def __format__(self, spec):
        if spec == "boom":
            raise ValueError("bad spec")
        return f"Loud<{self.n}:{spec}>"

    def __repr__(self):
        return f"Loud({self.n!r})"

    def __invert__(self):
        return Loud(-self.n)

    def __hash__(self):
        if self.n == 13:
            raise TypeError("unlucky hash")
        return hash(self.n)

    def __eq__(self, other):
        return isinstance(other, Loud) and other.n == self.n


class BadStr:
    def __str__(self):
        return 42


def comprehensions(n):
    squares = [i * i for i in range(n)]
    nested = [[j for j in range(i % 4)] for i in range(n)]
    evens = {i % 17 for i in range(n) if i % 2 == 0}
    index = {f"k{i % 50}": i for i in range(n)}
    return sum(squares), sum(map(len, nested)), sorted(evens), len(index), index["k7"]


def formatting(n):
    out = []
    width = 6
    for i in range(n):
        out.append(f"{i:>{width}}|{i!r}|{str(i)!s}|{'é'!a}|{i / 7:.3f}|{Loud(i)}|{Loud(i):x}")
    return out[-1], len("".join(out))


def displays(n):
    total = 0
    for i in range(n):
        d = {"a": i, "b": i + 1, "a": i + 2}
        s = {i, i + 1, i, 3}
        t = (*range(i % 3), *"xy")
        merged = {**d, "c": i, **{"d": 1}}
        union = {*t, *range(2), i}
        total += len(merged) + len(union)
        lst = [*t, i]
        total += d["a"] + len(s) + len(t) + len(lst) + ~i
        del d["b"]
        del lst[0]
        total += len(d) + len(lst)
    return total, ~Loud(5).n, (~Loud(5)).n, ~True


def literals_and_matches(n):
    total = 0
    shapes = [(1, 2), [3, 4, 5], {"x": 1}, "str", (6,)]
    for i in range(n):
        record = {"id": i, "name": "n", "score": +(i % 7)}
        key = f"k{i % 3}"
        mixed = {key: i, "fixed": -i}
        match shapes[i % len(shapes)]:
            case (a, b):
                total += a + b
            case [a, *rest]:
                total += a + len(rest)
            case {"x": x}:
                total += x
            case _:
                total += 1
        adders = [lambda k, i=i: k + i for _ in range(1)]

        def scaled(k: int, *, by: int = 2) -> int:
            return k * record["score"] * by
        if i == 5:
            print(scaled.__annotations__, scaled.__kwdefaults__, scaled.__qualname__)
        total += record["score"] + mixed[key] + adders[0](1) + scaled(2)
    return total


class Box:
    def __init__(self):
        self.entered = 0

    def __enter__(self):
        self.entered += 1
        return self

    def __exit__(self, *exc):
        return False


class NoExit:
    def __enter__(self):
        return self


def with_statements(n):
    lock, box, total, failures = threading.Lock(), Box(), 0, []
    for i in range(n):
        with lock:
            total += i
        with box as entered:
            total += entered.entered % 3
        if i >= n - 3:
            try:
                with (NoExit() if i == n - 3 else 7 if i == n - 2 else box):
                    raise ValueError("inside")
            except Exception as error:
                failures.append(f"{type(error).__name__}: {error}")
    return total, box.entered, failures


def closures(n):
    count = 0
    seen = []

    def bump(k):
        nonlocal count
        count += k
        seen.append(count % 7)
        return count

    for i in range(n):
        bump(i % 3)
    return count, sum(seen)


def errors():
    results = []
    for i in range(40):
        try:
            if i == 30:
                {Loud(13): 1}
            elif i == 31:
                {Loud(13)}
            elif i == 32:
                {k: 1 for k in [Loud(1), Loud(13)]}
            elif i == 33:
                f"{Loud(1):boom}"
            elif i == 34:
                f"{BadStr()!s}"
            elif i == 35:
                [*i]
            elif i == 36:
                del {}["missing"]
            elif i == 37:
                ~"text"
            elif i == 38:
                {[]}
            elif i == 29:
                {**[1]}
            elif i == 28:
                {*1}
            elif i == 39:
                def later():
                    return value
                later()
                value = 1
            else:
                results.append(len(f"{i}{[i]}{ {i: i} }"))
        except Exception as error:
            results.append(f"{type(error).__name__}: {error}")
    return results


print(comprehensions(3000))
print(formatting(2000))
print(displays(3000))
print(closures(5000))
print(literals_and_matches(3000))
print(with_statements(3000))
for line in errors():
    print(line)
