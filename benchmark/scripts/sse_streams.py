#!/usr/bin/env python3
"""Holds many Server-Sent Events streams of one event's availability, and measures their fan-out.

Usage (benchmark/run.sh, MODE=streams, starts it; see docs/benchmarks.md, "Streams phase"):

  sse_streams.py --base-url http://127.0.0.1:18000 --event <id> --ticket-type <id> \
      --tokens tokens.csv --token-index <buyer> --out <run>/streams/client [--streams 10000] ...

One process, one asyncio loop, raw HTTP/1.1 on non-blocking sockets (stdlib only), so that 10,000
streams cost little. In this order:

1. connect: opens --streams GET /api/v1/events/<id>/availability/stream at --rate per second; a
   stream is *held* once its first `availability` event arrived; *refused* when the answer was not
   200 (status, Retry-After and body kept); *failed* otherwise (connect timeout, reset, no first
   event within --initial-timeout).
2. fan-out: --changes times, --change-interval seconds apart: reads the ticket type's available
   number (plain GET), reserves --quantity of it (POST /api/v1/orders with the buyer's token), and
   records when each held stream first receives an `availability` event with available <= the
   number before minus the quantity. Latency = that arrival - the arrival of the 201. Both are the
   kernel's receive timestamps of the two sockets (SO_TIMESTAMPNS, CLOCK_REALTIME, the same clock
   for both), so they do not include this client's own delay in reading 10,000 sockets; the same
   latency as seen by this process (time.time_ns() when it parsed the event) is reported next to it.
   A stream that has not seen a change within --miss-after seconds is a miss.
3. hold: writes <out>/ready and keeps every stream open until <out>/stop exists (run.sh runs wrk in
   between). Unless --read-during-wrk, it stops reading the sockets meanwhile (the app still sends;
   the kernel buffers it), so that this process takes no CPU from the app while wrk measures it.
4. drain: reads again for --drain seconds, then checks every stream still open got the current
   available number (plain GET), and counts the streams that closed while held.

Writes <out>/streams.json (every figure) and <out>/streams.txt (the same, readable).
"""
import argparse
import asyncio
import collections
import json
import os
import resource
import socket
import struct
import sys
import time

SO_TIMESTAMPNS = getattr(socket, 'SO_TIMESTAMPNS', 35)  # Linux; Python 3.11 does not name it
CMSG_SPACE = socket.CMSG_SPACE(16)
CLK_TCK = os.sysconf('SC_CLK_TCK')


def arrival(ancdata, fallback):
    """The kernel's receive time (ns since the epoch) of the data just read, else fallback."""
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(data) >= 16:
            sec, nsec = struct.unpack('qq', data[:16])
            return sec * 1_000_000_000 + nsec
    return fallback


def new_socket():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    return sock


class Dechunker:
    """HTTP/1.1 chunked transfer coding, incrementally."""

    def __init__(self):
        self.raw = b''
        self.left = 0        # bytes of the current chunk still to come
        self.crlf = False    # the CRLF after a chunk's data is next
        self.ended = False

    def feed(self, data):
        self.raw += data
        out = []
        while not self.ended:
            if self.left:
                part = self.raw[:self.left]
                out.append(part)
                self.raw = self.raw[len(part):]
                self.left -= len(part)
                if self.left:
                    break
                self.crlf = True
            if self.crlf:
                if len(self.raw) < 2:
                    break
                self.raw = self.raw[2:]
                self.crlf = False
            end = self.raw.find(b'\r\n')
            if end < 0:
                break
            size = int(self.raw[:end].split(b';')[0], 16)
            self.raw = self.raw[end + 2:]
            if size == 0:
                self.ended = True
            self.left = size
        return b''.join(out)


def parse_head(head):
    lines = head.decode('latin-1').split('\r\n')
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ':' in line:
            k, v = line.split(':', 1)
            headers[k.strip().lower()] = v.strip()
    return status, headers


class Stream:
    __slots__ = ('index', 'sock', 'started_ns', 'head', 'status', 'headers', 'dechunk', 'body', 'text',
                 'event', 'data', 'held_ns', 'available', 'next_change', 'messages', 'heartbeats',
                 'paused', 'open', 'timer')

    def __init__(self, index):
        self.index = index
        self.sock = None
        self.started_ns = 0
        self.head = b''
        self.status = None
        self.headers = {}
        self.dechunk = None
        self.body = b''
        self.text = b''
        self.event = ''
        self.data = []
        self.held_ns = None
        self.available = None
        self.next_change = 0
        self.messages = 0
        self.heartbeats = 0
        self.paused = False
        self.open = False
        self.timer = None


class Client:

    def __init__(self, args):
        self.args = args
        self.loop = asyncio.get_running_loop()
        self.address = (args.host, args.port)
        self.phase = 'connect'
        self.streams = []
        self.held = 0
        self.refused = collections.Counter()         # status -> count
        self.retry_after = collections.Counter()     # Retry-After value (or "none") -> count
        self.refusal_bodies = collections.Counter()  # body -> count (the first few kinds)
        self.failed = collections.Counter()          # cause -> count
        self.closed = collections.Counter()          # phase -> held streams that closed in it
        self.close_causes = collections.Counter()
        self.changes = []
        self.cpu_marks = []
        self.request = (f'GET /api/v1/events/{args.event}/availability/stream HTTP/1.1\r\n'
                        f'Host: {args.host}:{args.port}\r\nAccept: text/event-stream\r\n'
                        'Cache-Control: no-cache\r\n\r\n').encode()

    # --- CPU and memory, at phase boundaries -------------------------------------------------
    def mark(self, name):
        own = os.times()
        app = None
        if self.args.app_pid:
            try:
                with open(f'/proc/{self.args.app_pid}/stat') as f:
                    fields = f.read().rsplit(')', 1)[1].split()
                app = (int(fields[11]) + int(fields[12])) / CLK_TCK
            except OSError:
                pass
        with open('/proc/stat') as f:
            cpu = [int(x) for x in f.readline().split()[1:8]]
        self.cpu_marks.append({
            'mark': name, 'wall_ns': time.time_ns(), 'client_cpu_s': own.user + own.system,
            'app_cpu_s': app, 'machine_total_ticks': sum(cpu),
            'machine_busy_ticks': cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6],
            'client_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        })

    # --- one stream --------------------------------------------------------------------------
    async def open_stream(self, s):
        sock = new_socket()
        s.sock = sock
        s.started_ns = time.time_ns()
        try:
            await asyncio.wait_for(self.loop.sock_connect(sock, self.address), self.args.connect_timeout)
            await self.loop.sock_sendall(sock, self.request)
        except (asyncio.TimeoutError, TimeoutError):
            self.fail(s, 'connect timeout')
            return
        except OSError as ex:
            self.fail(s, f'connect: {type(ex).__name__}')
            return
        s.open = True
        self.loop.add_reader(sock.fileno(), self.readable, s)
        s.timer = self.loop.call_later(self.args.initial_timeout, self.initial_timeout, s)

    def initial_timeout(self, s):
        if s.held_ns is None and s.open:
            self.fail(s, f'no answer or first event within {self.args.initial_timeout:g}s'
                      if s.status is None else f'{s.status}, but no first event within {self.args.initial_timeout:g}s')

    def fail(self, s, cause):
        self.failed[cause] += 1
        self.close(s)

    def close(self, s):
        if s.open and not s.paused:
            self.loop.remove_reader(s.sock.fileno())
        s.open = False
        if s.timer:
            s.timer.cancel()
            s.timer = None
        s.sock.close()

    def lost(self, s, cause):
        """The connection ended or broke."""
        if s.held_ns is not None:
            self.closed[self.phase] += 1
            self.close_causes[cause] += 1
            self.close(s)
        elif s.status is not None and s.status != 200:
            self.refuse(s)
        else:
            self.fail(s, cause if s.status is None else f'{s.status} then {cause} before the first event')

    def refuse(self, s):
        self.refused[s.status] += 1
        self.retry_after[s.headers.get('retry-after', 'none')] += 1
        body = s.body.decode('utf-8', 'replace')[:400]
        if len(self.refusal_bodies) < 5 or body in self.refusal_bodies:
            self.refusal_bodies[body] += 1
        self.close(s)

    def readable(self, s):
        try:
            data, ancdata, _, _ = s.sock.recvmsg(65536, CMSG_SPACE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as ex:
            self.lost(s, type(ex).__name__)
            return
        seen = time.time_ns()
        if not data:
            self.lost(s, 'closed by the server')
            return
        got = arrival(ancdata, seen)
        if s.status is None:
            s.head += data
            end = s.head.find(b'\r\n\r\n')
            if end < 0:
                return
            s.status, s.headers = parse_head(s.head[:end])
            data = s.head[end + 4:]
            s.head = b''
            if 'chunked' in s.headers.get('transfer-encoding', '').lower():
                s.dechunk = Dechunker()
        if s.dechunk:
            data = s.dechunk.feed(data)
        if s.status != 200:
            s.body += data
            length = s.headers.get('content-length')
            if (s.dechunk and s.dechunk.ended) or (length is not None and len(s.body) >= int(length)):
                self.refuse(s)
            return
        s.text += data
        while True:
            end = s.text.find(b'\n')
            if end < 0:
                break
            line = s.text[:end].rstrip(b'\r').decode('utf-8')
            s.text = s.text[end + 1:]
            if not line:
                if s.data:
                    self.dispatch(s, s.event or 'message', '\n'.join(s.data), got, seen)
                s.event, s.data = '', []
            elif line.startswith(':'):
                s.heartbeats += 1
            else:
                field, _, value = line.partition(':')
                value = value[1:] if value.startswith(' ') else value
                if field == 'event':
                    s.event = value
                elif field == 'data':
                    s.data.append(value)

    def dispatch(self, s, event, data, got, seen):
        if event != 'availability':
            return
        available = None
        for t in json.loads(data).get('ticketTypes', []):
            if t.get('id') == self.args.ticket_type:
                available = t.get('available')
        if available is None:
            return
        s.available = available
        s.messages += 1
        if s.held_ns is None:
            s.held_ns = seen
            s.next_change = len(self.changes)
            self.held += 1
            if s.timer:
                s.timer.cancel()
                s.timer = None
            return
        while s.next_change < len(self.changes) and available <= self.changes[s.next_change]['target']:
            self.changes[s.next_change]['seen'].append((s.index, got, seen))
            s.next_change += 1

    # --- plain HTTP requests, Connection: close, with the arrival time of the answer ---------
    async def http(self, method, path, headers=None, body=b''):
        sock = new_socket()
        lines = [f'{method} {path} HTTP/1.1', f'Host: {self.args.host}:{self.args.port}', 'Connection: close']
        lines += [f'{k}: {v}' for k, v in (headers or {}).items()]
        if body:
            lines.append(f'Content-Length: {len(body)}')
        request = ('\r\n'.join(lines) + '\r\n\r\n').encode() + body
        done = self.loop.create_future()
        chunks, first = [], []

        def readable():
            try:
                data, ancdata, _, _ = sock.recvmsg(65536, CMSG_SPACE)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as ex:
                data = b''
                if not done.done():
                    done.set_exception(ex)
            seen = time.time_ns()
            if data and not first:
                first.append((arrival(ancdata, seen), seen))
            chunks.append(data)
            if not data:
                self.loop.remove_reader(sock.fileno())
                if not done.done():
                    done.set_result(None)

        try:
            await asyncio.wait_for(self.loop.sock_connect(sock, self.address), 10)
            sent_ns = time.time_ns()
            await self.loop.sock_sendall(sock, request)
            self.loop.add_reader(sock.fileno(), readable)
            await asyncio.wait_for(done, 10)
        finally:
            if not done.done():
                self.loop.remove_reader(sock.fileno())
            sock.close()
        raw = b''.join(chunks)
        end = raw.find(b'\r\n\r\n')
        status, response_headers = parse_head(raw[:end])
        payload = raw[end + 4:]
        if 'chunked' in response_headers.get('transfer-encoding', '').lower():
            payload = Dechunker().feed(payload)
        return {'status': status, 'body': payload.decode('utf-8', 'replace'), 'sent_ns': sent_ns,
                'arrived_ns': first[0][0], 'seen_ns': first[0][1]}

    async def current_available(self):
        r = await self.http('GET', f'/api/v1/events/{self.args.event}/availability', {'Accept': 'application/json'})
        for t in json.loads(r['body'])['ticketTypes']:
            if t['id'] == self.args.ticket_type:
                return t['available']
        raise SystemExit(f'ticket type {self.args.ticket_type} not in event {self.args.event}: {r["body"]}')

    # --- the phases ----------------------------------------------------------------------------
    def alive(self):
        return [s for s in self.streams if s.open and s.held_ns is not None]

    def settled(self):
        return sum(self.refused.values()) + sum(self.failed.values()) + self.held

    async def connect_phase(self):
        args = self.args
        self.mark('connect-start')
        start = time.time_ns()
        tasks = []
        begin = self.loop.time()
        for i in range(args.streams):
            due = begin + i / args.rate
            if due > self.loop.time():
                await asyncio.sleep(due - self.loop.time())
            s = Stream(i)
            self.streams.append(s)
            tasks.append(asyncio.ensure_future(self.open_stream(s)))
            if (i + 1) % 1000 == 0:
                print(f'   opened {i + 1}, held {self.held}', flush=True)
        sent = time.time_ns()
        await asyncio.gather(*tasks)
        while self.settled() < args.streams:
            await asyncio.sleep(0.05)
        self.mark('connect-end')
        held = sorted(s.held_ns - s.started_ns for s in self.streams if s.held_ns is not None)
        self.connect = {
            'requested': args.streams, 'rate_per_s': args.rate,
            'held': self.held, 'refused': sum(self.refused.values()), 'failed': sum(self.failed.values()),
            'refused_by_status': dict(self.refused), 'retry_after': dict(self.retry_after),
            'refusal_bodies': dict(self.refusal_bodies), 'failed_by_cause': dict(self.failed),
            'seconds_to_send_all': (sent - start) / 1e9,
            'seconds_to_settle_all': (time.time_ns() - start) / 1e9,
            'seconds_to_last_held': (max(s.held_ns for s in self.streams if s.held_ns) - start) / 1e9 if held else None,
            'first_event_ms': percentiles([x / 1e6 for x in held]),
        }
        print(f'   held {self.held}, refused {dict(self.refused)}, failed {dict(self.failed)} '
              f'in {self.connect["seconds_to_settle_all"]:.1f}s', flush=True)

    async def fanout_phase(self):
        args = self.args
        self.phase = 'fanout'
        await asyncio.sleep(1)
        self.mark('fanout-start')
        with open(args.tokens) as f:
            token = f.read().splitlines()[args.token_index + 1]  # header line, then buyer i on line i + 2
        order = json.dumps({'eventId': args.event, 'ticketTypeId': args.ticket_type, 'quantity': args.quantity})
        for k in range(args.changes):
            before = await self.current_available()
            change = {'change': k + 1, 'before': before, 'target': before - args.quantity, 'seen': [],
                      'alive_at_post': len(self.alive())}
            self.changes.append(change)  # armed before the POST: a push can beat the 201
            r = await self.http('POST', '/api/v1/orders', {
                'Authorization': f'Bearer {token}', 'Content-Type': 'application/json',
                'Accept': 'application/json'}, order.encode())
            change.update(status=r['status'], post_sent_ns=r['sent_ns'], answer_arrived_ns=r['arrived_ns'],
                          answer_seen_ns=r['seen_ns'])
            if r['status'] != 201:
                change['body'] = r['body'][:400]
            print(f'   change {k + 1}: available {before} -> reserve {args.quantity}: {r["status"]}', flush=True)
            await asyncio.sleep(args.change_interval)
        # wait until every stream open saw the last change, or the miss bound passed
        last = self.changes[-1]
        deadline = last['answer_arrived_ns'] + args.miss_after * 1e9
        while time.time_ns() < deadline and len(last['seen']) < len(self.alive()):
            await asyncio.sleep(0.1)
        self.mark('fanout-end')

    async def hold_phase(self):
        args = self.args
        self.phase = 'wrk'
        if not args.read_during_wrk:
            for s in self.alive():
                self.loop.remove_reader(s.sock.fileno())
                s.paused = True
        messages_before = sum(s.messages for s in self.streams)
        self.mark('hold-start')
        with open(os.path.join(args.out, 'ready'), 'w') as f:
            f.write(f'held={self.held} open={len(self.alive())}\n')
        print(f'   ready: {len(self.alive())} streams open; waiting for {args.out}/stop', flush=True)
        waited = 0
        while not os.path.exists(os.path.join(args.out, 'stop')) and waited < args.max_hold:
            await asyncio.sleep(0.2)
            waited += 0.2
        self.mark('hold-end')
        for s in self.streams:
            if s.paused:
                s.paused = False
                if s.open:
                    self.loop.add_reader(s.sock.fileno(), self.readable, s)
        await asyncio.sleep(args.drain)
        now = await self.current_available()
        await asyncio.sleep(1)  # the app pushes within one interval of a change
        now_again = await self.current_available()
        self.mark('drain-end')
        alive = self.alive()
        self.hold = {
            'read_during_wrk': args.read_during_wrk, 'seconds': waited, 'stop_seen': waited < args.max_hold,
            'open_after': len(alive), 'available_after': now_again, 'stable_after': now == now_again,
            'current_after': sum(1 for s in alive if s.available == now_again),
            'messages_during_hold_and_drain': sum(s.messages for s in self.streams) - messages_before,
        }

    def fanout_results(self):
        out = []
        all_arrived, all_seen, misses = [], [], 0
        for c in self.changes:
            if c.get('status') != 201:
                out.append({k: v for k, v in c.items() if k != 'seen'})
                continue
            arrived = [(got - c['answer_arrived_ns']) / 1e6 for _, got, _ in c['seen']]
            seen = [(s - c['answer_seen_ns']) / 1e6 for _, _, s in c['seen']]
            within = [x for x in arrived if x <= self.args.miss_after * 1000]
            miss = c['alive_at_post'] - len(within)
            misses += miss
            all_arrived += within
            all_seen += [y for x, y in zip(arrived, seen) if x <= self.args.miss_after * 1000]
            spread = (max(g for _, g, _ in c['seen']) - min(g for _, g, _ in c['seen'])) / 1e6 if c['seen'] else None
            out.append({
                'change': c['change'], 'before': c['before'], 'target': c['target'], 'status': c['status'],
                'post_to_201_ms': (c['answer_arrived_ns'] - c['post_sent_ns']) / 1e6,
                'streams_open_at_post': c['alive_at_post'], 'saw_it': len(within), 'misses': miss,
                'before_201': sum(1 for x in arrived if x < 0),
                'arrival_ms': percentiles(arrived), 'seen_by_client_ms': percentiles(seen),
                'first_to_last_arrival_ms': spread,
            })
        return {'per_change': out, 'arrival_ms': percentiles(all_arrived), 'seen_by_client_ms': percentiles(all_seen),
                'samples': len(all_arrived), 'misses': misses, 'miss_after_s': self.args.miss_after}

    def cpu_phases(self):
        marks = {m['mark']: m for m in self.cpu_marks}
        phases = {}
        for name, a, b in (('connect', 'connect-start', 'connect-end'), ('fanout', 'fanout-start', 'fanout-end'),
                           ('hold', 'hold-start', 'hold-end'), ('drain', 'hold-end', 'drain-end')):
            if a in marks and b in marks:
                x, y = marks[a], marks[b]
                wall = (y['wall_ns'] - x['wall_ns']) / 1e9
                total = y['machine_total_ticks'] - x['machine_total_ticks']
                phases[name] = {
                    'seconds': wall,
                    'client_cores': (y['client_cpu_s'] - x['client_cpu_s']) / wall if wall else None,
                    'app_cores': (y['app_cpu_s'] - x['app_cpu_s']) / wall if wall and x['app_cpu_s'] is not None else None,
                    'machine_busy_share': (y['machine_busy_ticks'] - x['machine_busy_ticks']) / total if total else None,
                }
        return phases


def percentiles(values):
    if not values:
        return None
    v = sorted(values)

    def at(p):
        return v[min(len(v) - 1, max(0, int(round(p / 100 * len(v) + 0.5)) - 1))]

    return {'n': len(v), 'min': v[0], 'p50': at(50), 'p90': at(90), 'p99': at(99), 'max': v[-1]}


def fmt(p, unit='ms'):
    if not p:
        return 'n/a'
    return (f'p50 {p["p50"]:.1f} {unit}, p90 {p["p90"]:.1f}, p99 {p["p99"]:.1f}, max {p["max"]:.1f}, '
            f'min {p["min"]:.1f} (n={p["n"]})')


def text_report(r):
    c, f, h = r['connect'], r['fanout'], r['hold']
    lines = [
        f'streams requested {c["requested"]} at {c["rate_per_s"]}/s: held {c["held"]}, refused {c["refused"]}, '
        f'failed {c["failed"]}',
        f'  refused by status {c["refused_by_status"]}, Retry-After {c["retry_after"]}',
    ]
    lines += [f'  refusal body ({n}x): {b}' for b, n in c['refusal_bodies'].items()]
    lines += [
        f'  failed by cause {c["failed_by_cause"]}',
        f'  all sent in {c["seconds_to_send_all"]:.1f}s, last held {c["seconds_to_last_held"] or 0:.1f}s after the first '
        f'was started, all settled in {c["seconds_to_settle_all"]:.1f}s',
        f'  first event after starting to connect: {fmt(c["first_event_ms"])}',
        '',
        f'fan-out ({len(f["per_change"])} changes; latency = arrival of the availability event at the stream\'s socket '
        f'- arrival of the 201, kernel receive timestamps; miss = not within {f["miss_after_s"]:g}s)',
        f'  all changes: {fmt(f["arrival_ms"])}; misses {f["misses"]}',
        f'  as seen by this client process: {fmt(f["seen_by_client_ms"])}',
    ]
    for ch in f['per_change']:
        if 'arrival_ms' not in ch:
            lines.append(f'  change {ch["change"]}: reserve answered {ch.get("status")} {ch.get("body", "")}')
            continue
        lines.append(f'  change {ch["change"]}: available {ch["before"]} -> {ch["target"]}, 201 after '
                     f'{ch["post_to_201_ms"]:.1f} ms; {ch["saw_it"]}/{ch["streams_open_at_post"]} saw it, '
                     f'{ch["before_201"]} before the 201; {fmt(ch["arrival_ms"])}; first to last arrival '
                     f'{ch["first_to_last_arrival_ms"] or 0:.0f} ms; seen by client p99 '
                     f'{(ch["seen_by_client_ms"] or {}).get("p99", 0):.1f} ms')
    lines += [
        '',
        f'hold ({h["seconds"]:.0f}s, wrk ran; reading {"on" if h["read_during_wrk"] else "paused"}): '
        f'closed while held {r["closed_by_phase"]} {r["close_causes"]}; open after {h["open_after"]}, '
        f'{h["current_after"]} of them with the current available number {h["available_after"]} '
        f'(stable: {h["stable_after"]}); {h["messages_during_hold_and_drain"]} availability events during hold and drain',
        f'heartbeats received {r["heartbeats"]}',
        '',
        'CPU (cores used = CPU seconds / wall seconds; machine = share of all cores):',
    ]
    for name, p in r['cpu'].items():
        app = f'{p["app_cores"]:.2f}' if p['app_cores'] is not None else '?'
        lines.append(f'  {name:8} {p["seconds"]:6.1f}s  app {app}  client {p["client_cores"]:.2f}  '
                     f'machine {p["machine_busy_share"] * 100:.0f} %')
    lines.append(f'client max RSS {r["client_max_rss_kb"] / 1024:.0f} MiB')
    return '\n'.join(lines) + '\n'


async def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--base-url', default='http://127.0.0.1:18000')
    p.add_argument('--event', required=True)
    p.add_argument('--ticket-type', required=True)
    p.add_argument('--tokens', required=True, help="BenchSetup's tokens.csv")
    p.add_argument('--token-index', type=int, required=True, help='the buyer (0-based) who makes the changes')
    p.add_argument('--out', required=True)
    p.add_argument('--streams', type=int, default=10000)
    p.add_argument('--rate', type=float, default=1000, help='new streams per second')
    p.add_argument('--connect-timeout', type=float, default=10)
    p.add_argument('--initial-timeout', type=float, default=15, help='seconds for the first event')
    p.add_argument('--changes', type=int, default=5)
    p.add_argument('--change-interval', type=float, default=3)
    p.add_argument('--quantity', type=int, default=1)
    p.add_argument('--miss-after', type=float, default=10)
    p.add_argument('--drain', type=float, default=3)
    p.add_argument('--max-hold', type=float, default=900, help='give up waiting for <out>/stop after this')
    p.add_argument('--read-during-wrk', action='store_true')
    p.add_argument('--app-pid', type=int)
    args = p.parse_args()
    host_port = args.base_url.split('://', 1)[1].rstrip('/')
    args.host, _, port = host_port.partition(':')
    args.port = int(port or 80)
    os.makedirs(args.out, exist_ok=True)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < args.streams + 256:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]

    client = Client(args)
    print(f'-- {args.streams} streams at {args.rate:g}/s (open files {limit})', flush=True)
    await client.connect_phase()
    if client.held:
        await client.fanout_phase()
    await client.hold_phase()
    result = {
        'settings': {k: v for k, v in vars(args).items() if k not in ('tokens',)} | {'open_files': limit},
        'connect': client.connect,
        'fanout': client.fanout_results(),
        'hold': client.hold,
        'closed_by_phase': dict(client.closed), 'close_causes': dict(client.close_causes),
        'heartbeats': sum(s.heartbeats for s in client.streams),
        'cpu': client.cpu_phases(), 'cpu_marks': client.cpu_marks,
        'client_max_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    with open(os.path.join(args.out, 'streams.json'), 'w') as f:
        json.dump(result, f, indent=1)
    report = text_report(result)
    with open(os.path.join(args.out, 'streams.txt'), 'w') as f:
        f.write(report)
    print(report, flush=True)
    for s in client.streams:
        if s.open:
            client.close(s)


if __name__ == '__main__':
    sys.exit(asyncio.run(main()))
