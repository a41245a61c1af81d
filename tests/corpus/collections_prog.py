# Covers (realistic): collections — Counter arithmetic and most_common, defaultdict of
# lists/ints/sets, deque rotation and maxlen, namedtuple, OrderedDict move_to_end,
# ChainMap lookups, on a log-analysis task; plus heapq.nlargest and bisect.
import bisect
import heapq
from collections import ChainMap, Counter, OrderedDict, defaultdict, deque, namedtuple

LOG = """\
2024-01-01 10:00 GET /index 200 12
2024-01-01 10:01 GET /about 200 8
2024-01-01 10:01 POST /login 401 30
2024-01-01 10:02 POST /login 200 25
2024-01-01 10:03 GET /index 200 10
2024-01-01 10:04 GET /missing 404 3
2024-01-01 10:05 GET /index 500 120
2024-01-01 10:05 GET /about 200 9"""
Entry = namedtuple("Entry", "date time method path status ms")
entries = [Entry(*line.split()[:5], int(line.split()[5])) for line in LOG.splitlines()]
print(entries[0], entries[0]._fields, entries[-1].ms)
paths = Counter(e.path for e in entries)
statuses = Counter(e.status for e in entries)
print(paths.most_common(2), sorted(statuses.items()), paths["/nothing"], sum(paths.values()))
print(sorted((paths + Counter({"/index": 10})).items()), sorted((paths - Counter({"/index": 2})).items()))
by_path = defaultdict(list)
for e in entries:
    by_path[e.path].append(e.ms)
print({p: (len(v), sum(v) / len(v)) for p, v in sorted(by_path.items())})
methods = defaultdict(set)
for e in entries:
    methods[e.path].add(e.method)
print(sorted((k, sorted(v)) for k, v in methods.items()))
errors = defaultdict(int)
for e in entries:
    if e.status >= "400":
        errors[e.status] += 1
print(dict(sorted(errors.items())))
window = deque(maxlen=3)
for e in entries:
    window.append(e.ms)
    print(round(sum(window) / len(window), 2), end=" ")
print()
d = deque(range(6))
d.rotate(2)
print(d, d.popleft(), d.pop(), list(d), d.index(0))
d.appendleft("L")
d.extend("xy")
print(d)
od = OrderedDict.fromkeys("abcde")
od.move_to_end("b")
od.move_to_end("e", last=False)
print(list(od), od.popitem(), od.popitem(last=False))
defaults = {"color": "red", "size": "M"}
user = {"size": "L"}
cm = ChainMap(user, defaults)
print(cm["color"], cm["size"], sorted(cm), dict(cm.new_child({"color": "blue"})) == {"color": "blue", "size": "L"})
print(heapq.nlargest(3, entries, key=lambda e: e.ms)[0].path, heapq.nsmallest(2, [e.ms for e in entries]))
grades = [60, 70, 80, 90]
print([("FDCBA"[bisect.bisect(grades, s)]) for s in (33, 65, 77, 88, 99, 70)])
word_counts = Counter("the cat and the hat and the bat".split())
print(word_counts.most_common(), list(word_counts.elements())[:5], word_counts.total())
