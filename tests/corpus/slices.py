# Covers: BUILD_SLICE / BINARY_SLICE-equivalents, slices with steps (positive, negative,
# None, out of range), slice assignment and deletion (extended slices, size errors),
# slices of str/bytes/tuple/range, custom __getitem__ receiving slice objects.
data = list(range(10))
print(data[2:5], data[:3], data[7:], data[-3:], data[:-7], data[::2], data[1::3])
print(data[::-1], data[8:2:-2], data[-1:-5:-1], data[100:], data[-100:2], data[5:2])
print("abcdefgh"[1:6:2], "abcdefgh"[::-3], b"bytes!"[1:-1], (1, 2, 3, 4)[::-2])
print(range(20)[3:15:4], list(range(20)[::-5]))

lst = list(range(10))
lst[2:5] = ["a", "b"]
print(lst)
lst[:0] = [-1, -2]
print(lst)
lst[::3] = [None] * len(lst[::3])
print(lst)
try:
    lst[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
del lst[::2]
print(lst)
del lst[1:3]
print(lst)
lst[len(lst):] = "xyz"
print(lst)
lst[1:1] = (7, 8)
print(lst)

ba = bytearray(b"hello world")
ba[0:5] = b"HELLO"
del ba[5:6]
print(ba, ba[::-1])

try:
    (1, 2, 3)[0:2] = (5,)
except TypeError as e:
    print("TypeError:", e)
try:
    "abc"[::0]
except ValueError as e:
    print("ValueError:", e)


class Recorder:
    def __getitem__(self, key):
        return key

    def __setitem__(self, key, value):
        print("set", key, value)

    def __delitem__(self, key):
        print("del", key)


r = Recorder()
print(r[1:2], r[::3], r[:], r[1:2, ::-1], r[...], r[None:None:None])
r[1:5:2] = "v"
del r[:7]
s = slice(1, 8, 3)
print(data[s], s.indices(5), s.start, s.stop, s.step)
i, j = 2, 6
print(data[i:j], data[i:], data[:j], data[i - 1:j + 1:i])
