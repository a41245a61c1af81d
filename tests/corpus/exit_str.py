# Covers: sys.exit("message"): the message goes to stderr, exit code 1; stdout output
# before it is preserved.
# expect-exit: 1
import sys

print("about to fail")
sys.stdout.flush()
sys.exit("fatal: configuration file is missing")
