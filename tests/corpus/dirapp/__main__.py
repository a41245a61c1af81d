# dirapp: a directory with __main__.py, run as `python dirapp` (sys.path[0] is the
# directory itself, __name__ is __main__, a sibling module is importable).
import sys

import dirhelper

print("running", __name__, "argv:", sys.argv)
print("path0 ends with dirapp:", sys.path[0].endswith("dirapp"))
print(dirhelper.double(21))
