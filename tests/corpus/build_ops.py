# Covers: BUILD_LIST/TUPLE/SET/MAP, BUILD_CONST_KEY_MAP, BUILD_SLICE, BUILD_STRING,
# LIST_EXTEND/LIST_APPEND/SET_ADD/SET_UPDATE/DICT_UPDATE/MAP_ADD, star and double-star
# unpacking in displays, duplicate keys in dict displays, LIST_TO_TUPLE.
a, b, c = 1, 2, 3
print([a, b, c], (a, b, c), {a, b, c, a}, {"a": a, "b": b}, {a: "x", b: "y"})
print([], (), set(), {}, [[]], ((),), [a], (a,))
print({"x": 1, "y": 2, "z": 3})  # BUILD_CONST_KEY_MAP
print({"x": a, "y": b, "z": c})
print({"k": 1, "k": 2, "j": 3, "k": 4})  # duplicates: last one wins, first position kept
print({1: "a", 1.0: "b", True: "c"})
xs = [1, 2]
ys = (3, 4)
print([*xs, *ys, 5], (*xs, *ys), {*xs, *ys, 1}, [*"abc"], (*range(3),), [*xs])
print({**{"a": 1}, "b": 2, **{"a": 3}}, {**{}}, dict(**{"q": 1}, r=2))
print([*xs, *[], *()], {*()}, [0, *xs, 9, *ys])
print(f"{a}-{b}", f"{a}{b}{c}", "x" f"{a}" "y", f"{'nested'}", f"")
s = slice(1, None, 2)
print(s, slice(a), slice(a, b), slice(a, b, c), xs[::-1], "hello"[a:-a])
big = [i * i for i in range(5)]
print(big, tuple(big), set(big) == {0, 1, 4, 9, 16})
m = {}
m.update(a=1)
print(m, sorted({frozenset({1}), frozenset()}, key=len))


def many(*args, **kwargs):
    return args, kwargs


print(many(*xs, *ys, 0, **{"k": 1}, z=2))
print(many(*[], **{}))
try:
    {[]: 1}
except TypeError as e:
    print("TypeError:", e)
try:
    {{}, 1}
except TypeError as e:
    print("TypeError:", e)
try:
    [*5]
except TypeError as e:
    print("TypeError:", e)
try:
    {**[1]}
except TypeError as e:
    print("TypeError:", e)
try:
    many(**{1: 2})
except TypeError as e:
    print("TypeError:", e)
nested = {"l": [1, {"s": {2}}], "t": (3, [4])}
print(nested, len(nested), nested["l"][1]["s"])
long_tuple = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
              21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, a)
print(sum(long_tuple), len(long_tuple))
keys = ["k%d" % i for i in range(20)]
bigmap = {keys[0]: 0, keys[1]: 1, keys[2]: 2, keys[3]: 3, keys[4]: 4, keys[5]: 5, keys[6]: 6,
          keys[7]: 7, keys[8]: 8, keys[9]: 9, keys[10]: 10, keys[11]: 11, keys[12]: 12,
          keys[13]: 13, keys[14]: 14, keys[15]: 15, keys[16]: 16, keys[17]: 17, "k0": -1}
print(bigmap)
