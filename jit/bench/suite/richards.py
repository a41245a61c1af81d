"""Richards: an OS task scheduler simulation, object-oriented (methods, attributes, lists).

Martin Richards' benchmark: six tasks (idle, worker, two handlers, two
devices) pass packets through linked queues under a priority scheduler."""
from benchtimer import Timer, workload

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = 1, 2, 3, 4, 5, 6
DEVICE_PACKET, WORK_PACKET = 0, 1
BUFFER_SIZE = 4


class Packet:
    def __init__(self, link, destination, kind):
        self.link = link
        self.destination = destination
        self.kind = kind
        self.datum = 0
        self.data = [0] * BUFFER_SIZE


def append_packet(packet, queue):
    """`queue` with `packet` added at its end."""
    packet.link = None
    if queue is None:
        return packet
    last = queue
    while last.link is not None:
        last = last.link
    last.link = packet
    return queue


class Task:
    def __init__(self, scheduler, identity, priority, queue, waiting):
        self.scheduler = scheduler
        self.identity = identity
        self.priority = priority
        self.queue = queue
        self.packet_pending = queue is not None
        self.waiting = waiting
        self.holding = False
        self.link = scheduler.tasks
        scheduler.tasks = self
        scheduler.table[identity] = self

    def runnable(self):
        return not self.holding and (self.packet_pending or not self.waiting)

    def step(self):
        packet = None
        if self.waiting and self.packet_pending:
            packet = self.queue
            self.queue = packet.link
            self.packet_pending = self.queue is not None
            self.waiting = False
        return self.run(packet)

    def receive(self, packet, sender):
        """Queue `packet` here; the task to run next."""
        if self.queue is None:
            self.queue = packet
            self.packet_pending = True
            if self.priority > sender.priority:
                return self
        else:
            self.queue = append_packet(packet, self.queue)
        return sender


class IdleTask(Task):
    def __init__(self, scheduler, count):
        super().__init__(scheduler, IDLE, 0, None, False)
        self.control = 1
        self.count = count

    def run(self, packet):
        scheduler = self.scheduler
        self.count -= 1
        if self.count == 0:
            return scheduler.hold_current()
        if self.control & 1 == 0:
            self.control >>= 1
            return scheduler.release(DEVICE_A)
        self.control = (self.control >> 1) ^ 0xD008
        return scheduler.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, scheduler, queue):
        super().__init__(scheduler, WORKER, 1000, queue, True)
        self.destination = HANDLER_A
        self.count = 0

    def run(self, packet):
        if packet is None:
            return self.scheduler.wait_current()
        self.destination = HANDLER_B if self.destination == HANDLER_A else HANDLER_A
        packet.destination = self.destination
        packet.datum = 0
        for i in range(BUFFER_SIZE):
            self.count += 1
            if self.count > 26:
                self.count = 1
            packet.data[i] = 64 + self.count
        return self.scheduler.send(packet)


class HandlerTask(Task):
    def __init__(self, scheduler, identity, priority, queue):
        super().__init__(scheduler, identity, priority, queue, True)
        self.work = None
        self.devices = None

    def run(self, packet):
        if packet is not None:
            if packet.kind == WORK_PACKET:
                self.work = append_packet(packet, self.work)
            else:
                self.devices = append_packet(packet, self.devices)
        work = self.work
        if work is not None:
            count = work.datum
            if count >= BUFFER_SIZE:
                self.work = work.link
                return self.scheduler.send(work)
            device = self.devices
            if device is not None:
                self.devices = device.link
                device.datum = work.data[count]
                work.datum = count + 1
                return self.scheduler.send(device)
        return self.scheduler.wait_current()


class DeviceTask(Task):
    def __init__(self, scheduler, identity, priority):
        super().__init__(scheduler, identity, priority, None, True)
        self.pending = None

    def run(self, packet):
        if packet is None:
            pending = self.pending
            if pending is None:
                return self.scheduler.wait_current()
            self.pending = None
            return self.scheduler.send(pending)
        self.pending = packet
        return self.scheduler.hold_current()


class Scheduler:
    def __init__(self):
        self.tasks = None
        self.table = [None] * 7
        self.current = None
        self.packets_sent = 0
        self.holds = 0

    def send(self, packet):
        target = self.table[packet.destination]
        self.packets_sent += 1
        packet.link = None
        packet.destination = self.current.identity
        return target.receive(packet, self.current)

    def release(self, identity):
        task = self.table[identity]
        task.holding = False
        return task if task.priority > self.current.priority else self.current

    def hold_current(self):
        self.holds += 1
        self.current.holding = True
        return self.current.link

    def wait_current(self):
        self.current.waiting = True
        return self.current

    def schedule(self):
        task = self.tasks
        while task is not None:
            if task.runnable():
                self.current = task
                task = task.step()
            else:
                task = task.link


def richards(count):
    scheduler = Scheduler()
    IdleTask(scheduler, count)
    WorkerTask(scheduler, Packet(Packet(None, 0, WORK_PACKET), 0, WORK_PACKET))
    for handler, device, priority in ((HANDLER_A, DEVICE_A, 2000), (HANDLER_B, DEVICE_B, 3000)):
        queue = None
        for _ in range(3):
            queue = Packet(queue, device, DEVICE_PACKET)
        HandlerTask(scheduler, handler, priority, queue)
    DeviceTask(scheduler, DEVICE_A, 4000)
    DeviceTask(scheduler, DEVICE_B, 5000)
    scheduler.schedule()
    return scheduler.packets_sent, scheduler.holds


COUNT = workload(10000, 200)
for _ in Timer(workload(12, 2)):
    result = richards(COUNT)
print(*result)
