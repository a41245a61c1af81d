# Covers: async code (runs on CPython) driven from VM code: asyncio.run of a coroutine,
# await chains, asyncio.gather with ordering, async generators with async for, async
# with, exceptions from coroutines caught in VM code, tasks and queues (deterministic,
# no real sleeping beyond sleep(0)).
import asyncio


async def square(x):
    await asyncio.sleep(0)
    return x * x


async def sum_squares(n):
    total = 0
    for i in range(n):
        total += await square(i)
    return total


async def ticker(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


class Session:
    async def __aenter__(self):
        print("session open")
        return self

    async def __aexit__(self, et, ev, tb):
        print("session close", et.__name__ if et else None)
        return False

    async def fetch(self, key):
        await asyncio.sleep(0)
        if key == "bad":
            raise KeyError(key)
        return key.upper()


async def producer(q, items):
    for it in items:
        await q.put(it)
    await q.put(None)


async def consumer(q, out):
    while (item := await q.get()) is not None:
        out.append(item * 10)


async def main():
    print("sum_squares:", await sum_squares(10))
    print("gather:", await asyncio.gather(*(square(i) for i in range(5))))
    print("async for:", [i async for i in ticker(4)])
    async with Session() as s:
        print(await s.fetch("ok"))
        try:
            await s.fetch("bad")
        except KeyError as e:
            print("caught in coroutine:", repr(e))
    q = asyncio.Queue()
    out = []
    await asyncio.gather(producer(q, [1, 2, 3]), consumer(q, out))
    print("queue:", out)
    task = asyncio.create_task(square(12))
    print("task:", await task, task.done())
    results = await asyncio.gather(square(2), fail_later(), return_exceptions=True)
    print("gather with exceptions:", [repr(r) for r in results])
    return "main done"


async def fail_later():
    await asyncio.sleep(0)
    raise ValueError("async failure")


print(asyncio.run(main()))
try:
    asyncio.run(fail_later())
except ValueError as e:
    print("asyncio.run raised:", e)
coro = square(3)
print(type(coro).__name__)
try:
    coro.send(None)
    coro.send(None)
except StopIteration as e:
    print("manual drive result:", e.value)


def sync_helper(values):
    async def inner():
        return [await square(v) for v in values]
    return asyncio.run(inner())


print(sync_helper([1, 2, 3]))
