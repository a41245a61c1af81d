# Covers (fidelity): VM functions run in other threads — threading.Thread targets, a Lock
# protecting a shared counter, results joined deterministically, ThreadPoolExecutor.map
# order, thread-local data, and an uncaught exception in a thread (threading.excepthook
# prints "Exception in thread ..." with the traceback to stderr) while the main thread
# carries on.
import threading
from concurrent.futures import ThreadPoolExecutor

lock = threading.Lock()
counter = 0
results = {}


def work(idx, n):
    global counter
    total = 0
    for i in range(n):
        total += i * idx
        with lock:
            counter += 1
    results[idx] = total


threads = [threading.Thread(target=work, args=(i, 200), name=f"worker-{i}") for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter, sorted(results.items()))
with ThreadPoolExecutor(max_workers=3) as pool:
    print(list(pool.map(lambda v: v * v, range(10))))
    fut = pool.submit(sum, range(100))
    print(fut.result())
local = threading.local()


def set_local(v, out):
    local.value = v
    out.append((threading.current_thread().name, local.value))


out = []
for i in range(2):
    t = threading.Thread(target=set_local, args=(i, out), name=f"local-{i}")
    t.start()
    t.join()
print(out, hasattr(local, "value"))


def crash(x):
    return parse(x)


def parse(x):
    return int(x)


t = threading.Thread(target=crash, args=("bad",), name="crasher")
t.start()
t.join()
print("main thread continues", threading.current_thread().name, threading.active_count())
