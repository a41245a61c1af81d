# Covers: builtins called from VM code with VM callables passed back into C (sorted/min/
# max key, map/filter, any/all, sum, getattr/setattr/hasattr/delattr, isinstance with
# tuples, callable, id-free identity checks, type(), repr/ascii/bin/hex/oct/chr/ord,
# divmod/pow/round/abs, zip strict, enumerate, print sep/end/file, sys.stdout.write).
import io
import sys

data = [5, -3, 8, 0, -9, 2]
print(sorted(data), sorted(data, key=abs), sorted(data, reverse=True), min(data), max(data, key=lambda v: v * v))
print(sum(data), sum(data, 100), any(v > 7 for v in data), all(data), list(map(abs, data)), list(filter(lambda v: v > 0, data)))
print(divmod(17, 5), pow(2, 10), pow(2, 10, 1000), round(3.14159, 3), abs(-7), bin(10), hex(255), oct(8), chr(97), ord("€"))
print(isinstance(1, (str, int)), isinstance(True, int), issubclass(bool, (int, float)), callable(len), callable(1), type(1.5).__name__)


class Obj:
    pass


o = Obj()
setattr(o, "dyn", 5)
print(getattr(o, "dyn"), hasattr(o, "dyn"), getattr(o, "nope", None))
delattr(o, "dyn")
print(hasattr(o, "dyn"))
try:
    getattr(o, "nope")
except AttributeError as e:
    print("AttributeError:", e)
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print("ValueError:", e)
print(list(enumerate("abc", 10)), dict(zip("abc", range(3))), list(reversed([1, 2, 3])), tuple("xy"), set("aab") == {"a", "b"})
buf = io.StringIO()
print("to", "buffer", sep="_", end="!", file=buf)
print(repr(buf.getvalue()))
sys.stdout.write("direct write\n")
print("a", "b", "c", sep="")
print()
print("no newline", end="")
print(" then newline")
print(*range(5), sep=", ", end=".\n")
print(len("héllo"), len([1, [2, 3]]), len({}), len(range(10)), repr(None), repr("s"), ascii("ñ"), str(1.0), int("  42 "))
print(type(o) is Obj, type(type), type(None).__name__, type(print).__name__, type(Obj.__init__).__name__)
print(hash("abc") == hash("abc"), hash(1) == hash(1.0), hash((1, 2)) == hash((1, 2)))
print(bool([]), bool([0]), bool(""), bool(0.0), bool(None), bool(Obj()), int(True), float(False))
print(list(iter([1, 2])), next(iter("x")), next(iter([]), "default"), max([], default="empty"), min((3, 1), key=None))
print(sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]), sorted("hello", reverse=True), "".join(sorted("hello")))
print(vars(Obj)["__module__"], Obj.__name__, Obj.__module__, o.__class__.__name__, isinstance(o, object))
print(eval("1 + 2"), eval("[x * 2 for x in range(3)]"), int.__name__, str.upper("abc"), format(255, "x"))
nums = list(range(1, 11))
print(sum(nums) / len(nums), max(nums) - min(nums), [n for n in nums if n % 3 == 0], list(map(str, nums[:3])))
print(memoryview(b"abc")[1], bytes(memoryview(b"abc")[1:]), frozenset({1}) | {2}, complex("1+2j"), slice(1, 2))
print(globals()["__name__"], "__builtins__" in globals(), round(7.5), round(8.5), round(-0.5), abs(-2.5))
