# Covers: asynchronous signals (SIGALRM via setitimer) interrupting tight VM loops at an
# arbitrary instruction: the handler raises, the exception is caught in VM code, and the
# frame state (locals, list contents, with-statement cleanup) stays consistent.
import signal


class Timeout(Exception):
    pass


def handler(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, handler)


def spin(seconds):
    x = y = 0
    data = []
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        while True:
            x += 1
            data.append(x)
            y += 1
    except Timeout:
        pass
    return x - y in (0, 1), len(data) in (x, x - 1), data[-1] == len(data) if data else True


results = [spin(0.01) for _ in range(30)]
print(all(all(r) for r in results), results[:2])


def spin_with(seconds):
    count = 0
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        while True:
            with open(__file__) as f:
                count += 1
    except Timeout:
        return count > 0, f.closed


print(set(spin_with(0.02) for _ in range(10)))
print("still consistent:", sum(i * i for i in range(1000)))
