"""Spectral norm: the largest singular value of an infinite matrix, by power iteration."""
from benchtimer import Timer, workload


def a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def multiply_av(v, out):
    n = len(v)
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += a(i, j) * v[j]
        out[i] = total


def multiply_atv(v, out):
    n = len(v)
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += a(j, i) * v[j]
        out[i] = total


def multiply_atav(v, out, scratch):
    multiply_av(v, scratch)
    multiply_atv(scratch, out)


def spectral_norm(n):
    u = [1.0] * n
    v = [0.0] * n
    scratch = [0.0] * n
    for _ in range(10):
        multiply_atav(u, v, scratch)
        multiply_atav(v, u, scratch)
    vbv = vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    return (vbv / vv) ** 0.5


N = workload(60, 8)
for _ in Timer(workload(16, 2)):
    result = spectral_norm(N)
print(f"{result:.9f}")
