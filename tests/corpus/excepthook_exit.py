# Covers: replacing sys.stderr/sys.stdout from VM code (writes go to the replacement,
# sys.stdout = None swallows print), and a sys.excepthook that raises SystemExit(5) for
# the uncaught exception: exit code 5.
# expect-exit: 5
import io
import sys
print("start")
sys.stdout.flush()
saved = sys.stderr
sys.stderr = io.StringIO()
try:
    print("to fake stderr", file=sys.stderr)
finally:
    captured = sys.stderr.getvalue()
    sys.stderr = saved
print("captured", repr(captured))
real_stdout = sys.stdout
sys.stdout = None
print("swallowed")
sys.stdout = real_stdout
def hook(t, v, tb):
    print("hook got", t.__name__, "and exits with 5")
    sys.stdout.flush()
    raise SystemExit(5)
sys.excepthook = hook
raise LookupError("uncaught")
