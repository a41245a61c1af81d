# Covers: reading stdin from VM code — input() with and without a prompt (the prompt goes
# to stdout), sys.stdin iteration, EOFError at end of input.
# stdin: alice\n3\nline one\nline two\n
import sys

name = input("name? ")
count = int(input())
print(f"hello {name}, count={count}")
rest = [line.rstrip("\n") for line in sys.stdin]
print(rest)
try:
    input("more? ")
except EOFError as e:
    print("EOFError:", repr(e))
