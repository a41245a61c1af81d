# Covers: exit codes from raise SystemExit with an int > 1 raised inside a with block
# and except handlers, atexit handlers running (and printing) in order at exit.
# expect-exit: 42
import atexit


def goodbye(name):
    print("atexit:", name)


atexit.register(goodbye, "first registered")
atexit.register(goodbye, "second registered")


class Guard:
    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        print("guard exit sees", et.__name__, ev.code)
        return False


def main():
    try:
        raise ValueError("trigger")
    except ValueError:
        with Guard():
            raise SystemExit(42)


main()
