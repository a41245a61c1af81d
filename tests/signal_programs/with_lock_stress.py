# Many tiny SIGALRM intervals land anywhere in a `with lock:` loop; the handler's
# exception must come only where CPython checks for signals (calls, back edges, function
# entry), never between the block's body and its __exit__ call: the lock is always
# released. (Run by tests/test_signals.py in Tier 1; see README "Known gaps" for traces.)
import signal
import threading


class Timeout(Exception):
    pass


def raising(signum, frame):
    raise Timeout()


lock = threading.Lock()


def spin_with_lock(seconds):
    count = 0
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        while True:
            with lock:
                count += 1
    except Timeout:
        return lock.locked()


signal.signal(signal.SIGALRM, raising)
print("lock left held:", {spin_with_lock(0.0005) for _ in range(400)})
