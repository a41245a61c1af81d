# JIT: nested loops (matrix multiply, triangle sums, a sieve)
def matmul(a, b):
    n, m, p = len(a), len(b), len(b[0])
    out = [[0] * p for _ in range(n)]
    for i in range(n):
        for j in range(p):
            s = 0
            for k in range(m):
                s += a[i][k] * b[k][j]
            out[i][j] = s
    return out

a = [[(i + j) % 7 for j in range(12)] for i in range(12)]
b = [[(i * j) % 5 for j in range(12)] for i in range(12)]
c = matmul(a, b)
print(c[0], c[11][11], sum(map(sum, c)))
tri = 0
for i in range(200):
    for j in range(i):
        tri += j
print(tri)
limit = 2000
sieve = [True] * limit
sieve[0] = sieve[1] = False
i = 2
while i * i < limit:
    if sieve[i]:
        for j in range(i * i, limit, i):
            sieve[j] = False
    i += 1
print(sum(sieve), [p for p, ok in enumerate(sieve) if ok][-5:])
