"""Matrix multiply: dense float matrices as lists of lists, the textbook triple loop."""
from benchtimer import Timer, workload


def make_matrix(n, seed):
    rows = []
    state = seed
    for _ in range(n):
        row = []
        for _ in range(n):
            state = (state * 1103515245 + 12345) % 2147483648
            row.append(state / 2147483648.0 - 0.5)
        rows.append(row)
    return rows


def multiply(a, b):
    n = len(a)
    m = len(b[0])
    inner = len(b)
    result = []
    for i in range(n):
        row_a = a[i]
        row = [0.0] * m
        for k in range(inner):
            aik = row_a[k]
            row_b = b[k]
            for j in range(m):
                row[j] += aik * row_b[j]
        result.append(row)
    return result


def trace(matrix):
    total = 0.0
    for i in range(len(matrix)):
        total += matrix[i][i]
    return total


N = workload(60, 6)
a = make_matrix(N, 1)
b = make_matrix(N, 2)
for _ in Timer(workload(30, 2), operations=N * N * N):
    product = multiply(a, b)
print(f"{trace(product):.12f}")
