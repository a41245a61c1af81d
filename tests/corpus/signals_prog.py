# Covers (fidelity): Python signal handlers that are VM functions, invoked by CPython when
# a signal is raised from VM code (the handler receives the interrupted frame), and
# KeyboardInterrupt from SIGINT caught in VM code, at the exact call that raised it.
import signal

received = []


def handler(signum, frame):
    received.append((signal.Signals(signum).name, frame.f_code.co_name, frame.f_lineno))


signal.signal(signal.SIGUSR1, handler)


def trigger():
    signal.raise_signal(signal.SIGUSR1)
    return "after raise_signal"


print(trigger())
signal.raise_signal(signal.SIGUSR1)
print(received)
for i in range(2):
    try:
        signal.raise_signal(signal.SIGINT)
        print("not reached")
    except KeyboardInterrupt as e:
        print("KeyboardInterrupt caught", i, repr(e))


def raising_handler(signum, frame):
    raise RuntimeError(f"handler raised in {frame.f_code.co_name}")


signal.signal(signal.SIGUSR2, raising_handler)


def victim():
    total = 0
    try:
        signal.raise_signal(signal.SIGUSR2)
        total += 1
    except RuntimeError as e:
        return str(e), total


print(victim())
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
print(signal.getsignal(signal.SIGUSR2) is raising_handler)
