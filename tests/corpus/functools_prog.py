# Covers: functools (lru_cache with cache_info, partial, partialmethod, reduce,
# total_ordering, singledispatch, cached_property, cmp_to_key, wraps), itertools and
# operator helpers used with VM-defined callables.
import functools
import itertools
import operator


@functools.lru_cache(maxsize=None)
def ways(n, coins=(1, 2, 5)):
    if n == 0:
        return 1
    if n < 0 or not coins:
        return 0
    return ways(n - coins[0], coins) + ways(n, coins[1:])


print(ways(50), ways.cache_info().hits > 0, ways.cache_info().maxsize)
ways.cache_clear()
print(ways.cache_info())


@functools.lru_cache(maxsize=2)
def slow_square(x):
    print("computing", x)
    return x * x


print([slow_square(v) for v in (1, 2, 1, 3, 1, 2)], slow_square.cache_info())
pow2 = functools.partial(pow, 2)
basetwo = functools.partial(int, base=2)
print(pow2(10), basetwo("1011"), pow2.func is pow, pow2.args, basetwo.keywords)
print(functools.reduce(operator.mul, range(1, 11)), functools.reduce(lambda a, b: a + b, "abc", ">"))


@functools.total_ordering
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


vs = [Version(s) for s in ["1.10.0", "1.2.3", "1.2.10", "0.9"]]
print(sorted(vs), max(vs), Version("1.0") >= Version("0.9"), Version("1.0") <= Version("0.9"))


@functools.singledispatch
def render(obj):
    return f"object:{obj!r}"


@render.register
def _(obj: int):
    return f"int:{obj}"


@render.register(list)
def _(obj):
    return "list:[" + ",".join(render(o) for o in obj) + "]"


print(render(1), render("s"), render([1, "a", [2]]), render(True))


class Circle:
    def __init__(self, r):
        self.r = r

    @functools.cached_property
    def area(self):
        print("computing area")
        return 3 * self.r * self.r

    def scaled(self, k):
        return Circle(self.r * k)

    double = functools.partialmethod(scaled, 2)


c = Circle(2)
print(c.area, c.area, c.double().r, "area" in vars(c))


def compare_len_then_alpha(a, b):
    if len(a) != len(b):
        return len(a) - len(b)
    return (a > b) - (a < b)


words = ["pear", "fig", "apple", "kiwi", "date", "banana"]
print(sorted(words, key=functools.cmp_to_key(compare_len_then_alpha)))
print(list(itertools.accumulate([1, 2, 3, 4], operator.mul)), list(itertools.accumulate([3, 1, 4], max)))
print([(k, len(list(g))) for k, g in itertools.groupby(sorted(words, key=len), key=len)])
print(list(itertools.starmap(lambda a, b: a ** b, [(2, 3), (3, 2)])), list(itertools.chain.from_iterable(["ab", "cd"])))
print(list(itertools.product("ab", repeat=2)), list(itertools.combinations(range(4), 2))[:4],
      len(list(itertools.permutations(range(4)))))
getter = operator.itemgetter(1, 0)
print(getter(("a", "b")), operator.attrgetter("r")(c), operator.methodcaller("upper")("x"))
print(sorted([("b", 2), ("a", 2), ("c", 1)], key=operator.itemgetter(1, 0)))
