# Covers: sys.argv with extra command-line arguments passed by the harness (argv[0] is
# the script path as given), a small argparse CLI parsing them, sys.orig_argv tail.
# argv: --name Widget -n 3 --verbose extra1 "two words"
import argparse
import sys

print(sys.argv)
print(len(sys.argv), sys.argv[0])
parser = argparse.ArgumentParser(prog="argv_prog")
parser.add_argument("--name", default="none")
parser.add_argument("-n", type=int, default=1)
parser.add_argument("--verbose", action="store_true")
parser.add_argument("rest", nargs="*")
args = parser.parse_args()
print(args.name, args.n, args.verbose, args.rest)
for i in range(args.n):
    print(f"{i}: {args.name}")
print(sys.orig_argv[-len(sys.argv):] == sys.argv)
