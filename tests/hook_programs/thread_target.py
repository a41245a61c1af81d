# A threading.Thread target (a loop) and a callback run by a thread pool.
import threading
from concurrent.futures import ThreadPoolExecutor

results = {}


def worker(name, n):
    total = 0
    for i in range(n):
        total += i * i
    results[name] = total


threads = [threading.Thread(target=worker, args=(f"t{k}", 1000 * (k + 1))) for k in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results.items()))


def squares_upto(n):
    return [i * i for i in range(n) if i % 3]


with ThreadPoolExecutor(max_workers=2) as pool:
    print([sum(r) for r in pool.map(squares_upto, [10, 100, 1000])])
