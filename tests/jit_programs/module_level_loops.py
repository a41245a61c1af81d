# JIT: loops at module level (LOAD_NAME / STORE_NAME) and in a class body
total = 0
for i in range(500):
    total += i * i
print(total)
words = "the quick brown fox jumps over the lazy dog".split()
counts = {}
for rep in range(20):
    for w in words:
        counts[w] = counts.get(w, 0) + 1
print(sorted(counts.items()))
class Table:
    rows = []
    for i in range(30):
        rows.append(i * 3)
    size = len(rows)
print(Table.size, Table.rows[-3:])
s = ""
k = 0
while len(s) < 60:
    s += str(k)
    k += 1
print(s)
