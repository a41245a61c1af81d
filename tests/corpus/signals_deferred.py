# Covers: where signal handlers run. A ticking SIGALRM whose handler returns lets a
# `with lock:` loop go on; handlers run at once inside blocking calls (sleep, a pipe
# read, a `for` over a pipe, a lock's __enter__), which resume when the handler returns
# (PEP 475); the program sees its own handlers (getsignal, signal's return value,
# SIG_IGN/SIG_DFL, the default SIGINT handler), and KeyboardInterrupt still comes.
import os
import signal
import threading
import time


class Timeout(Exception):
    pass


def raising(signum, frame):
    raise Timeout(signal.Signals(signum).name)


ticks = []


def counting(signum, frame):
    ticks.append(signum)


lock = threading.Lock()


def count_through_ticks(n):
    total = 0
    for i in range(n):
        with lock:
            total += i
    return total


signal.signal(signal.SIGALRM, counting)
signal.setitimer(signal.ITIMER_REAL, 0.0005, 0.0005)
print("ticking loop:", count_through_ticks(300000))
signal.setitimer(signal.ITIMER_REAL, 0)
print("ticks seen:", len(ticks) > 0)

# Blocking calls: the handler runs inside them.
signal.signal(signal.SIGALRM, raising)
start = time.monotonic()
try:
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    time.sleep(20)
except Timeout as e:
    print("sleep interrupted by", e, time.monotonic() - start < 10)

signal.signal(signal.SIGALRM, counting)
ticks.clear()
start = time.monotonic()
signal.setitimer(signal.ITIMER_REAL, 0.05)
time.sleep(0.2)
print("sleep resumed after the handler:", ticks == [signal.SIGALRM],
      time.monotonic() - start >= 0.19)

signal.signal(signal.SIGALRM, raising)
r, w = os.pipe()
try:
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    os.read(r, 1)
except Timeout as e:
    print("read interrupted by", e)
try:
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    with os.fdopen(r, closefd=False) as lines:
        for line in lines:
            print("not reached", line)
except Timeout as e:
    print("for over a pipe interrupted by", e)
os.close(r)
os.close(w)
lock.acquire()
try:
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    with lock:
        print("not reached")
except Timeout as e:
    print("with lock: interrupted by", e, lock.locked())
lock.release()

# The program sees its own handlers.
print(signal.getsignal(signal.SIGALRM) is raising)
print(signal.signal(signal.SIGALRM, counting) is raising)
print(signal.signal(signal.SIGALRM, signal.SIG_IGN) is counting)
print(signal.getsignal(signal.SIGALRM), signal.signal(signal.SIGALRM, signal.SIG_DFL))
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)
print(signal.signal(signal.SIGINT, raising) is signal.default_int_handler)
print(signal.signal(signal.SIGINT, signal.default_int_handler) is raising)
try:
    signal.signal(signal.SIGALRM, 42)
except TypeError as e:
    print("TypeError:", e)
try:
    signal.signal(signal.SIGKILL, raising)
except OSError as e:
    print("OSError:", e)


errors = []


def in_thread():
    try:
        signal.signal(signal.SIGUSR1, raising)
    except ValueError as e:
        errors.append(str(e))


thread = threading.Thread(target=in_thread)
thread.start()
thread.join()
print(errors)
try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt:
    print("KeyboardInterrupt from the default handler")
