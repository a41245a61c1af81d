# Covers: an uncaught exception whose __str__ raises: CPython prints
# "<exception str() failed>" in the last line of the traceback.
# expect-exit: 1
class Weird(Exception):
    def __str__(self):
        raise ValueError("broken __str__")


def fail():
    raise Weird("payload")


print("before")
fail()
