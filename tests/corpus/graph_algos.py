# Covers (realistic): graph algorithms on a small weighted graph — BFS shortest hops,
# iterative and recursive DFS, Dijkstra with heapq and path reconstruction, topological
# sort (Kahn), connected components with union-find, cycle detection, deque usage.
import heapq
from collections import deque

EDGES = [("A", "B", 4), ("A", "C", 2), ("B", "C", 5), ("B", "D", 10), ("C", "E", 3), ("E", "D", 4),
         ("D", "F", 11), ("E", "F", 20), ("G", "H", 1)]
graph = {}
for u, v, w in EDGES:
    graph.setdefault(u, []).append((v, w))
    graph.setdefault(v, []).append((u, w))
for adj in graph.values():
    adj.sort()


def bfs(start):
    dist = {start: 0}
    q = deque([start])
    while q:
        u = q.popleft()
        for v, _ in graph[u]:
            if v not in dist:
                dist[v] = dist[u] + 1
                q.append(v)
    return dist


def dfs_iter(start):
    seen, order, stack = set(), [], [start]
    while stack:
        u = stack.pop()
        if u in seen:
            continue
        seen.add(u)
        order.append(u)
        stack.extend(v for v, _ in reversed(graph[u]))
    return order


def dfs_rec(u, seen=None):
    seen = [] if seen is None else seen
    seen.append(u)
    for v, _ in graph[u]:
        if v not in seen:
            dfs_rec(v, seen)
    return seen


def dijkstra(src):
    dist = {src: 0}
    prev = {}
    pq = [(0, src)]
    while pq:
        d, u = heapq.heappop(pq)
        if d > dist.get(u, float("inf")):
            continue
        for v, w in graph[u]:
            nd = d + w
            if nd < dist.get(v, float("inf")):
                dist[v] = nd
                prev[v] = u
                heapq.heappush(pq, (nd, v))
    return dist, prev


def path(prev, target):
    out = [target]
    while out[-1] in prev:
        out.append(prev[out[-1]])
    return out[::-1]


def topo(deps):
    indeg = {n: 0 for n in deps}
    for n, ds in deps.items():
        for d in ds:
            indeg[n] += 1
            indeg.setdefault(d, 0)
    users = {}
    for n, ds in deps.items():
        for d in ds:
            users.setdefault(d, []).append(n)
    ready = sorted(n for n, k in indeg.items() if k == 0)
    order = []
    while ready:
        n = ready.pop(0)
        order.append(n)
        for u in sorted(users.get(n, [])):
            indeg[u] -= 1
            if indeg[u] == 0:
                ready.append(u)
                ready.sort()
    if len(order) != len(indeg):
        raise ValueError("cycle detected among " + ", ".join(sorted(n for n in indeg if indeg[n])))
    return order


class DSU:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        self.parent[self.find(a)] = self.find(b)


print(sorted(bfs("A").items()))
print(dfs_iter("A"), dfs_rec("A"))
dist, prev = dijkstra("A")
print(sorted(dist.items()), path(prev, "F"), path(prev, "D"))
print(topo({"app": ["lib", "utils"], "lib": ["core"], "utils": ["core"], "tests": ["app"], "core": []}))
try:
    topo({"a": ["b"], "b": ["c"], "c": ["a"], "d": []})
except ValueError as e:
    print("ValueError:", e)
dsu = DSU()
for u, v, _ in EDGES:
    dsu.union(u, v)
comps = {}
for n in sorted(graph):
    comps.setdefault(dsu.find(n), []).append(n)
print(sorted(comps.values()))
