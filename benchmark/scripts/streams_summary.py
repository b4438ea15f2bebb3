#!/usr/bin/env python3
"""The streams phase's summary (Markdown), from the raw outputs of one run of MODE=streams.

Usage: streams_summary.py <run>/streams <run>/run.txt "<settings>"

Reads <run>/streams/measurements.tsv (name, file), the BENCH line of every raw wrk output and
the CPU recorded next to it (<name>.cpu.txt), the client's client/streams.json and the app's
memory-<label>.txt. Every figure and ratio is from this one run (one application start).
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrk_summary import fmt_ratio, parse, read_run, warmup_table  # noqa: E402

LABELS = {
    'ping': '`GET /ping` (no auth)',
    'reserve-sold-out': '`POST /api/v1/orders`, sold-out ticket type (409)',
    'reserve-stock-left': '`POST /api/v1/orders`, stock left: the streamed event (201)',
}
EXPECTED = {'ping': {200}, 'reserve-sold-out': {409}, 'reserve-stock-left': {201}}
STATES = ('no-streams', 'streams')
GOAL_STREAMS = 10000
GOAL_P99_MS = 500
GOAL_WITHIN = 0.20


def cpu(path):
    """Cores used by the app and the client, and the machine's busy share, during one measurement."""
    if not os.path.exists(path):
        return {}
    v = {}
    for line in open(path):
        if line.startswith('#') or not line.strip():
            continue
        name, *values = line.split()
        v[name] = [int(x) for x in values]
    wall = (v['wall_ns'][1] - v['wall_ns'][0]) / 1e9
    tck = v['clk_tck'][0]
    total = v['machine_total_ticks'][1] - v['machine_total_ticks'][0]
    gc = None
    if 'gc_tick_frequency' in v and 'gc_young_pause_ticks' in v:
        freq = v['gc_tick_frequency'][0]
        young = (v['gc_young_pause_ticks'][1] - v['gc_young_pause_ticks'][0]) / freq
        full = (v['gc_full_pause_ticks'][1] - v['gc_full_pause_ticks'][0]) / freq
        gc = {'young_n': v['gc_young_count'][1] - v['gc_young_count'][0],
              'full_n': v['gc_full_count'][1] - v['gc_full_count'][0], 'share': (young + full) / wall}
    return {
        'gc': gc,
        'app': (v['app_ticks'][1] - v['app_ticks'][0]) / tck / wall,
        'client': (v['client_ticks'][1] - v['client_ticks'][0]) / tck / wall,
        'machine': (v['machine_busy_ticks'][1] - v['machine_busy_ticks'][0]) / total if total else 0,
    }


def memory(path):
    """VmRSS, threads, connections to the app, the client's RSS, and the heap used after a full GC."""
    if not os.path.exists(path):
        return None
    m = {'heap_kb': 0, 'heap_seen': False}
    for line in open(path):
        key = re.match(r'^(VmRSS|VmHWM|Threads|EstablishedToApp|ClientVmRSS):\s*(\d+)', line)
        if key:
            m[key.group(1)] = int(key.group(2))
        used = re.search(r'total \d+K, used (\d+)K', line)
        if line.startswith('heap:') and used and 'Metaspace' not in line and 'class space' not in line:
            m['heap_kb'] += int(used.group(1))
            m['heap_seen'] = True
    return m


def gc_text(gc):
    return f'{gc["young_n"]} / {gc["full_n"]}, {gc["share"] * 100:.1f} %' if gc else '?'


def mib(kb):
    return f'{kb / 1024:,.0f}' if kb is not None else '?'


def ms(p, key):
    return f'{p[key]:,.0f}' if p and p.get(key) is not None else 'n/a'


def main():
    out_dir, run_txt, settings = sys.argv[1], sys.argv[2], sys.argv[3]
    run = read_run(run_txt)
    rows = {}
    for line in open(os.path.join(out_dir, 'measurements.tsv')):
        name, file = line.rstrip('\n').split('\t')
        state, key = ('no-streams', name[len('no-streams-'):]) if name.startswith('no-streams-') \
            else ('streams', name[len('streams-'):])
        rows[(state, key)] = (file, parse(os.path.join(out_dir, file)), cpu(os.path.join(out_dir, name + '.cpu.txt')))
    client_json = os.path.join(out_dir, 'client', 'streams.json')
    client = json.load(open(client_json)) if os.path.exists(client_json) else None
    stamp = os.path.basename(os.path.dirname(os.path.abspath(out_dir)))

    def rps(state, key):
        r = rows.get((state, key))
        return r[1]['rps'] if r and r[1] else None

    out = [f'# Live availability over Server-Sent Events, one instance, run {stamp}', '',
           f'Commit {run.get("commit", "?")}; {run.get("cpus", "?")} CPUs; {run.get("wrk", "wrk ?")}; '
           f'load average before the run {run.get("load_before", "?")}; open files {run.get("open_files", "?")}.',
           f'Application settings from the environment: {run.get("app_env", "").strip() or "none (the defaults)"}.',
           f'Settings: {settings}.', '',
           'One application start (fresh database): warm-up, then wrk without streams; then '
           '`benchmark/scripts/sse_streams.py` opens the streams of the stock-left event and times the '
           'fan-out of single reservations; then the same wrk measurements with the streams open. The '
           'client, wrk, the app, PostgreSQL, Redis and RabbitMQ share this machine\'s cores. Raw files: '
           'the wrk outputs and `<name>.cpu.txt` next to this file, the client\'s `client/streams.json` '
           '(and `.txt`, `client.log`), the app\'s memory in `memory-*.txt`.', '']

    problems = []
    c = client['connect'] if client else None
    f = client['fanout'] if client else None
    h = client['hold'] if client else None

    # --- goals
    out += ['## Goals', '', '| goal | measured (this run) | met |', '|---|---|---|']
    if c:
        out.append(f'| {GOAL_STREAMS:,} streams held on one instance | {c["held"]:,} held of {c["requested"]:,} requested '
                   f'| {"yes" if c["held"] >= GOAL_STREAMS else "**no**"} |')
    if f:
        p99 = (f['arrival_ms'] or {}).get('p99')
        met = p99 is not None and p99 <= GOAL_P99_MS and f['misses'] == 0
        out.append(f'| fan-out p99 ≤ {GOAL_P99_MS} ms (no misses) | p99 {ms(f["arrival_ms"], "p99")} ms, '
                   f'{f["misses"]} misses over {len(f["per_change"])} changes | {"yes" if met else "**no**"} |')
    for key in ('reserve-sold-out', 'reserve-stock-left'):
        a, b = rps('streams', key), rps('no-streams', key)
        if a and b:
            met = a / b >= 1 - GOAL_WITHIN
            out.append(f'| {LABELS[key]}: with streams within {GOAL_WITHIN:.0%} of without | with ÷ without '
                       f'{fmt_ratio(a, b)} | {"yes" if met else "**no**"} |')
    out.append('')

    # --- streams held
    if c:
        out += ['## Streams', '',
                f'| requested | rate | held | refused | failed | all sent | last held | first event p50 / p99 / max |',
                '|---:|---:|---:|---:|---:|---:|---:|---|',
                f'| {c["requested"]:,} | {c["rate_per_s"]:g}/s | {c["held"]:,} | {c["refused"]:,} | {c["failed"]:,} '
                f'| {c["seconds_to_send_all"]:.1f} s | {c["seconds_to_last_held"] or 0:.1f} s '
                f'| {ms(c["first_event_ms"], "p50")} / {ms(c["first_event_ms"], "p99")} / {ms(c["first_event_ms"], "max")} ms |',
                '',
                '"Last held": from the first stream started to the last one\'s first `availability` event; '
                '"first event": from starting a stream\'s connect to its first event.', '']
        if c['refused']:
            out.append(f'Refused by status: {c["refused_by_status"]}; `Retry-After`: {c["retry_after"]}.')
            for body, n in c['refusal_bodies'].items():
                out.append(f'- {n}×: `{body}`')
            out.append('')
        if c['failed']:
            out.append(f'Failed: {c["failed_by_cause"]}.')
            out.append('')
        if c['held'] < c['requested']:
            problems.append(f'{c["requested"] - c["held"]} of {c["requested"]} streams were not held: refused '
                            f'{c["refused_by_status"] or "none"}, failed {c["failed_by_cause"] or "none"} '
                            '("closed by the server" before the first event: see the app log)')

    # --- fan-out
    if f:
        out += ['## Fan-out of one change to every stream', '',
                'Each change: the client reads the available number (plain GET), reserves 1 unit (one `POST '
                '/api/v1/orders`), and each stream records when the first `availability` event with the lower '
                'number arrived. **Latency = that event\'s arrival at the stream\'s socket − the 201\'s arrival**, '
                'both the kernel\'s receive timestamps (`SO_TIMESTAMPNS`, one clock), so the client\'s own delay in '
                'reading thousands of sockets is not in it; "seen by the client" is the same measured when the '
                f'client process had parsed the event. A stream that had not seen it within {f["miss_after_s"]:g} s '
                'is a miss. The app looks for changes every `AVAILABILITY_STREAM_INTERVAL` (100 ms by default) and '
                'sends a topic no sooner than `AVAILABILITY_STREAM_MIN_GAP` (500 ms) after its last message; the timed '
                'changes are seconds apart, so each goes out at the first look after it (up to 100 ms of every figure '
                'is that wait; under a burst of changes it would be up to the gap); '
                'a negative latency is an event that arrived before the 201 (the gate had taken the unit in Redis, and '
                'the app\'s look came before its PostgreSQL transaction had answered).', '',
                '| change | available | 201 after | saw it / open | before the 201 | p50 ms | p90 ms | p99 ms | max ms '
                '| first → last arrival ms | seen by client p99 ms |',
                '|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|']
        for ch in f['per_change']:
            if 'arrival_ms' not in ch:
                out.append(f'| {ch["change"]} | {ch["before"]} → {ch["target"]} | answered {ch.get("status")} | | | | | | | | |')
                problems.append(f'change {ch["change"]}: the reservation answered {ch.get("status")}: {ch.get("body", "")}')
                continue
            a = ch['arrival_ms']
            out.append(f'| {ch["change"]} | {ch["before"]:,} → {ch["target"]:,} | {ch["post_to_201_ms"]:.1f} ms '
                       f'| {ch["saw_it"]:,} / {ch["streams_open_at_post"]:,} | {ch["before_201"]:,} | {ms(a, "p50")} '
                       f'| {ms(a, "p90")} | {ms(a, "p99")} | {ms(a, "max")} | {ch["first_to_last_arrival_ms"] or 0:,.0f} '
                       f'| {ms(ch["seen_by_client_ms"], "p99")} |')
        a, s = f['arrival_ms'], f['seen_by_client_ms']
        out += ['',
                f'**All changes: p50 {ms(a, "p50")} ms, p99 {ms(a, "p99")} ms, max {ms(a, "max")} ms** '
                f'({f["samples"]:,} stream × change samples; min {ms(a, "min")} ms); misses **{f["misses"]}**. '
                f'Seen by the client process: p50 {ms(s, "p50")}, p99 {ms(s, "p99")}, max {ms(s, "max")} ms.', '']
        if f['misses']:
            problems.append(f'{f["misses"]} stream × change samples missed (not seen within {f["miss_after_s"]:g} s)')

    # --- wrk without and with streams
    out += ['## Saturation without and with the streams open (wrk)', '',
            'The same wrk measurements before the streams were opened and while they were held. "÷ /ping" divides by '
            '`/ping` of the same state; "with ÷ without" is req/s ÷ req/s. CPU: cores used (CPU seconds ÷ wall seconds) '
            'by the app and by the streams client during the measurement; machine = busy share of all cores. GC: the '
            'app\'s young and full collections during the measurement and their pauses as a share of its wall time.', '',
            '| measurement | streams | req/s | p50 ms | p99 ms | ÷ /ping | app cores | client cores | machine '
            '| GC young / full, paused | status counts | errors | raw |',
            '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|']
    for key in LABELS:
        for state in STATES:
            if (state, key) not in rows:
                continue
            file, r, u = rows[(state, key)]
            label = 'open' if state == 'streams' else 'none'
            if r is None:
                out.append(f'| {LABELS[key]} | {label} | no result | | | | | | | | | | [{file}]({file}) |')
                problems.append(f'{file}: wrk printed no result')
                continue
            statuses = ', '.join(f'{code}: {n}' for code, n in sorted(r['statuses'].items()))
            errors = ', '.join(f'{k.replace("_errors", "")} {v}' for k, v in r['errors'].items() if v) or '0'
            out.append(f'| {LABELS[key]} | {label} | {r["rps"]:,.0f} | {r["p50"]:.2f} | {r["p99"]:.2f} '
                       f'| {fmt_ratio(r["rps"], rps(state, "ping"))} | {u.get("app", 0):.2f} | {u.get("client", 0):.2f} '
                       f'| {u.get("machine", 0) * 100:.0f} % | {gc_text(u.get("gc"))} | {statuses} | {errors} | [{file}]({file}) |')
            unexpected = {code: n for code, n in r['statuses'].items() if code not in EXPECTED[key]}
            if unexpected:
                problems.append(f'{file}: statuses other than {sorted(EXPECTED[key])}: {unexpected}')
            if any(r['errors'].values()):
                problems.append(f'{file}: socket errors {r["errors"]}')
    out += ['', '| ratio (this run) | value |', '|---|---:|']
    for key in LABELS:
        out.append(f'| {LABELS[key]}, req/s with streams ÷ without | **{fmt_ratio(rps("streams", key), rps("no-streams", key))}** |')
    for key in ('reserve-sold-out', 'reserve-stock-left'):
        without = fmt_ratio(rps('no-streams', key), rps('no-streams', 'ping'))
        with_ = fmt_ratio(rps('streams', key), rps('streams', 'ping'))
        out.append(f'| {LABELS[key]} ÷ `/ping`: without → with streams | {without} → {with_} |')
    if h:
        mode = ('kept reading (STREAMS_READ_DURING_WRK=1); afterwards it went on' if h['read_during_wrk'] else
                'did not read its sockets (the kernel buffered what the app sent); afterwards it read again')
        out += ['', f'While wrk ran with the streams open the client {mode} for a few '
                f'seconds: {h["open_after"]:,} streams were still open, {h["current_after"]:,} of them with the '
                f'current available number ({h["available_after"]:,}); {h["messages_during_hold_and_drain"]:,} '
                f'`availability` events arrived in that time. Held streams that closed, by phase: '
                f'{client["closed_by_phase"] or "none"}' + (f', by cause {client["close_causes"]}' if client['close_causes'] else '')
                + '.']
        if h['open_after'] != h['current_after']:
            problems.append(f'{h["open_after"] - h["current_after"]} open streams did not have the current number after wrk')
        if client['closed_by_phase']:
            problems.append(f'held streams closed: {client["closed_by_phase"]} {client["close_causes"]}')
        if not h['stop_seen']:
            problems.append('the client gave up waiting for run.sh (max hold) before wrk was done')

    # --- CPU of the client's own phases, memory
    if client and client.get('cpu'):
        out += ['', '## CPU during the client\'s phases', '',
                '| phase | seconds | app cores | client cores | machine |', '|---|---:|---:|---:|---:|']
        for name, p in client['cpu'].items():
            app = f'{p["app_cores"]:.2f}' if p['app_cores'] is not None else '?'
            out.append(f'| {name} | {p["seconds"]:.1f} | {app} | {p["client_cores"]:.2f} | {p["machine_busy_share"] * 100:.0f} % |')
        out.append(f'\nThe client\'s largest resident size: {mib(client["client_max_rss_kb"])} MiB.')
    mems = [(label, memory(os.path.join(out_dir, f'memory-{label}.txt')))
            for label in ('before-streams', 'with-streams', 'after-wrk')]
    if any(m for _, m in mems):
        out += ['', '## The app\'s memory', '',
                'From `/proc/<pid>/status` and `jcmd <pid> GC.heap_info` right after `jcmd <pid> GC.run` (a full GC, '
                'so "heap used" is what was live), outside the measurements; the largest classes on the heap at each point '
                'are in `heap-histogram-*.txt`.', '',
                '| when | RSS MiB | heap used after a full GC MiB | JVM threads | established connections to the app | client RSS MiB |',
                '|---|---:|---:|---:|---:|---:|']
        for label, m in mems:
            if m:
                heap = mib(m['heap_kb']) if m['heap_seen'] else '?'
                out.append(f'| {label} | {mib(m.get("VmRSS"))} | {heap} | {m.get("Threads", "?")} '
                           f'| {m.get("EstablishedToApp", "?"):,} | {mib(m.get("ClientVmRSS")) if m.get("ClientVmRSS") else ""} |')
        before, during = mems[0][1], mems[1][1]
        if before and during and c and c['held']:
            out.append('')
            out.append(f'Per held stream: RSS +{(during["VmRSS"] - before["VmRSS"]) / c["held"]:.1f} KiB, live heap '
                       f'+{(during["heap_kb"] - before["heap_kb"]) / c["held"]:.1f} KiB.')

    out += ['', '## Checks', '']
    if problems:
        out += ['**Not clean** — read these before quoting anything:', ''] + [f'- {p}' for p in problems]
    else:
        out.append('Every stream asked for was held; every measured response had the expected status and wrk saw no '
                   'socket errors; every change was seen by every open stream in time; no held stream closed; every '
                   'stream had the current number after wrk.')

    out += warmup_table(os.path.join(out_dir, 'warmup'))
    print('\n'.join(out))


if __name__ == '__main__':
    main()
