"""n-queens: count every placement by backtracking (recursion, list updates)."""
from benchtimer import Timer, workload


def place(row, n, columns, diagonals, antidiagonals):
    if row == n:
        return 1
    found = 0
    for column in range(n):
        d = row + column
        e = row - column + n - 1
        if columns[column] or diagonals[d] or antidiagonals[e]:
            continue
        columns[column] = diagonals[d] = antidiagonals[e] = True
        found += place(row + 1, n, columns, diagonals, antidiagonals)
        columns[column] = diagonals[d] = antidiagonals[e] = False
    return found


def queens(n):
    return place(0, n, [False] * n, [False] * (2 * n - 1), [False] * (2 * n - 1))


N = workload(10, 5)
for _ in Timer(workload(12, 2)):
    result = queens(N)
print(N, result)
