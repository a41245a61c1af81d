# Covers (realistic): matrix operations on lists of lists — multiplication, transpose,
# identity, power by squaring, determinant and inverse with exact Fractions (Gaussian
# elimination with pivoting), solving a linear system, and a custom Matrix class with
# operator overloading (__matmul__, __mul__, __eq__, __getitem__).
from fractions import Fraction


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


def transpose(m):
    return [list(r) for r in zip(*m)]


def identity(n):
    return [[int(i == j) for j in range(n)] for i in range(n)]


def mat_pow(m, e):
    result = identity(len(m))
    while e:
        if e & 1:
            result = matmul(result, m)
        m = matmul(m, m)
        e >>= 1
    return result


def det_and_inverse(m):
    n = len(m)
    a = [[Fraction(x) for x in row] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(m)]
    det = Fraction(1)
    for col in range(n):
        pivot = next((r for r in range(col, n) if a[r][col] != 0), None)
        if pivot is None:
            return Fraction(0), None
        if pivot != col:
            a[col], a[pivot] = a[pivot], a[col]
            det = -det
        pv = a[col][col]
        det *= pv
        a[col] = [x / pv for x in a[col]]
        for r in range(n):
            if r != col and a[r][col] != 0:
                f = a[r][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col])]
    return det, [row[n:] for row in a]


A = [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]
B = [[1, 2], [3, 4], [5, 6]]
print(matmul(A, B), transpose(B), identity(3))
print(mat_pow([[1, 1], [1, 0]], 90)[0][1])
d, inv = det_and_inverse(A)
print(d, [[str(x) for x in row] for row in inv])
print(matmul(A, inv) == identity(3))
print(det_and_inverse([[1, 2], [2, 4]]))
bvec = [[1], [0], [1]]
x = matmul(inv, bvec)
print([str(v[0]) for v in x])


class Matrix:
    def __init__(self, rows):
        self.rows = [list(r) for r in rows]

    @property
    def shape(self):
        return len(self.rows), len(self.rows[0])

    def __matmul__(self, other):
        if self.shape[1] != other.shape[0]:
            raise ValueError(f"shape mismatch {self.shape} @ {other.shape}")
        return Matrix(matmul(self.rows, other.rows))

    def __mul__(self, k):
        return Matrix([[k * v for v in r] for r in self.rows])

    __rmul__ = __mul__

    def __add__(self, other):
        return Matrix([[a + b for a, b in zip(r1, r2)] for r1, r2 in zip(self.rows, other.rows)])

    def __eq__(self, other):
        return isinstance(other, Matrix) and self.rows == other.rows

    def __getitem__(self, idx):
        i, j = idx
        return self.rows[i][j]

    def __repr__(self):
        return "Matrix(" + "; ".join(" ".join(f"{v:>3}" for v in r) for r in self.rows) + ")"


M = Matrix(A)
N = Matrix(B)
print(M @ N, 2 * M, M * 3 + M, M[1, 2], M.shape, (M @ N).shape, M == Matrix(A), M == A)
try:
    N @ N
except ValueError as e:
    print("ValueError:", e)
hilbert = [[Fraction(1, i + j + 1) for j in range(4)] for i in range(4)]
hd, hinv = det_and_inverse(hilbert)
print(hd, [int(v) for v in hinv[0]])
