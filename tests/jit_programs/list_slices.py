# JIT: list slices taken and assigned without a slice object (LIST_SLICE,
# LIST_STORE_SLICE, fused by the unbox pass): bounds unboxed, constant, None
# or objects (an __index__ object, a big int clamped, a str raising TypeError
# at the subscript), steps 1 and -1, assignment of a non-iterable.
class Idx:
    def __index__(self):
        return 2
def f(data, k):
    out = []
    for i in range(len(data)):
        a = data[i:]
        b = data[:i]
        c = data[i::-1]
        d = data[-i:k]
        e = data[None:k:1]
        g = data[k::-1]
        data2 = list(data)
        data2[:i] = data2[i::-1] if i else []
        data2[1:k] = [7, 8]
        out.append((len(a), len(b), c[:2], d[-2:], e, g[:3], data2[:5]))
    return out
data = list(range(20))
for r in range(30):
    res = f(data, 5 + r % 7)
print(res[-3:])
print(f(data, Idx())[-1])
x = [1,2,3,4,5]
for i in range(40):
    try:
        y = x[:"a" if i == 35 else 2]
    except TypeError as e:
        print("TypeError", e)
for i in range(40):
    try:
        x[0:1] = 5 if i == 33 else [i]
    except TypeError as e:
        print("TypeError", e)
print(x)
big = 2**70
for i in range(30):
    z = x[-big:big]
print(z)
