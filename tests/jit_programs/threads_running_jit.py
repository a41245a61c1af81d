# JIT: several threads running the same hot loops concurrently
import threading

def work(seed, out, index):
    total = 0
    for i in range(20000):
        total = (total + i * seed) % 1000003
    items = []
    for i in range(500):
        items.append(i * seed % 97)
    out[index] = (total, sum(items))

out = [None] * 4
threads = [threading.Thread(target=work, args=(s + 1, out, s)) for s in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(out)
expected = [None] * 4
for s in range(4):
    work(s + 1, expected, s)
print(out == expected)
