# Covers (realistic): sorting algorithms on pseudo-random data from an LCG — quicksort,
# mergesort, heapsort, insertion sort, counting sort, shell sort — checked against
# sorted(); stability check with keys; while loops, slicing, recursion, list mutation.
def lcg(seed, n, mod=1000):
    out = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        out.append(seed % mod)
    return out


def quicksort(a):
    if len(a) <= 1:
        return a
    pivot = a[len(a) // 2]
    return quicksort([x for x in a if x < pivot]) + [x for x in a if x == pivot] + quicksort([x for x in a if x > pivot])


def mergesort(a):
    if len(a) <= 1:
        return a[:]
    mid = len(a) // 2
    left, right = mergesort(a[:mid]), mergesort(a[mid:])
    merged, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged


def heapsort(a):
    a = a[:]
    n = len(a)

    def sift(start, end):
        root = start
        while 2 * root + 1 <= end:
            child = 2 * root + 1
            if child + 1 <= end and a[child] < a[child + 1]:
                child += 1
            if a[root] < a[child]:
                a[root], a[child] = a[child], a[root]
                root = child
            else:
                return
    for start in range(n // 2 - 1, -1, -1):
        sift(start, n - 1)
    for end in range(n - 1, 0, -1):
        a[0], a[end] = a[end], a[0]
        sift(0, end - 1)
    return a


def insertion_sort(a):
    a = list(a)
    for i in range(1, len(a)):
        key = a[i]
        j = i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
    return a


def counting_sort(a, maxval):
    counts = [0] * (maxval + 1)
    for v in a:
        counts[v] += 1
    out = []
    for v, c in enumerate(counts):
        out.extend([v] * c)
    return out


def shell_sort(a):
    a = a[:]
    gap = len(a) // 2
    while gap:
        for i in range(gap, len(a)):
            tmp, j = a[i], i
            while j >= gap and a[j - gap] > tmp:
                a[j] = a[j - gap]
                j -= gap
            a[j] = tmp
        gap //= 2
    return a


data = lcg(42, 300)
expected = sorted(data)
for name, fn in [("quick", quicksort), ("merge", mergesort), ("heap", heapsort), ("insertion", insertion_sort),
                 ("counting", lambda d: counting_sort(d, 999)), ("shell", shell_sort)]:
    result = fn(data)
    print(f"{name:>9}: ok={result == expected} first={result[:5]} last={result[-3:]}")
records = [(v % 7, i) for i, v in enumerate(lcg(7, 40, 100))]
stable = sorted(records, key=lambda r: r[0])
print(all(stable[i][1] < stable[i + 1][1] for i in range(len(stable) - 1) if stable[i][0] == stable[i + 1][0]))
print(stable[:6], data[:10], sum(data), min(data), max(data))
