#!/usr/bin/env python3
"""The queue phase's summary (Markdown), from the raw outputs of one run of MODE=queue.

Usage: queue_summary.py <run>/queue <run>/run.txt "<settings>"

Reads <run>/queue/measurements.tsv (app, key, file), the BENCH line of every raw wrk output, and
the sell-out client's queue-open.txt and queue-sellout.txt. Each ratio divides a route's req/s by
/ping's, measured just before it in the same application start.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrk_summary import fmt_ratio, parse, read_run, warmup_table  # noqa: E402

GOAL = 0.5
ROWS = [('join', 'ping-joins', '`POST /api/v1/events/{id}/queue` (join; 100,000 accounts rotated)'),
        ('position', 'ping-positions', '`GET /api/v1/events/{id}/queue/me` (position read, drawn line)')]
# the floor under a join: an authenticated no-op with the same tokens, measured right after the joins
FLOOR = ('auth-ping', 'ping-joins', 'join', '`GET /api/v1/ping` (authenticated no-op; the same tokens rotated)')


def cpu(path):
    """CPU seconds of the app, Redis and the whole machine during one measurement (None if absent)."""
    if not os.path.exists(path):
        return None
    values = {}
    for line in open(path):
        if line.startswith('#'):
            continue
        parts = line.split()
        values[parts[0]] = [int(v) for v in parts[1:]]
    tck = values['clk_tck'][0]
    used = {k[:-6]: (v[1] - v[0]) / tck for k, v in values.items() if k.endswith('_ticks')}
    return used


def cpu_text(path, requests):
    used = cpu(path)
    if not used or not requests:
        return ''
    return (f'app {used["app"] * 1e6 / requests:.0f} µs, Redis {used["redis"] * 1e6 / requests:.0f} µs, '
            f'machine {used["machine_busy"] * 1e6 / requests:.0f} µs')


def join_outcomes(path):
    """The app's join counters' growth during the measured joins: {outcome: count} (None if absent)."""
    if not os.path.exists(path):
        return None
    seen = {}
    for line in open(path):
        when, series, value = line.split()
        outcome = series.split('outcome="')[1].split('"')[0] if 'outcome="' in series else series
        seen.setdefault(outcome, {})[when] = float(value)
    return {o: int(v.get('after', 0) - v.get('before', 0)) for o, v in seen.items()}


def floor_rows(files):
    """The authenticated no-op's table row, and a sentence with the join's ratio to it."""
    key, ping_key, route, label = FLOOR
    if key not in files or ping_key not in files:
        return [], []
    f, p = parse(files[key]), parse(files[ping_key])
    if not f or not p:
        return [f'| {label} | no result | | | | | | | |'], []
    statuses = ', '.join(f'{c}: {n}' for c, n in sorted(f['statuses'].items()))
    row = [f'| {label}, after the joins | {f["rps"]:,.0f} | {fmt_ratio(f["rps"], p["rps"])} (the floor) | | '
            f'{f["p50"]:.2f} | {f["p99"]:.2f} | {cpu_text(files[key][:-4] + ".cpu.txt", f["requests"])} | '
            f'{statuses} | [{os.path.basename(files[key])}]({os.path.basename(files[key])}) |']
    r = parse(files[route]) if route in files else None
    if not r:
        return row, []
    return row, ['', f'A join ÷ the authenticated no-op: {fmt_ratio(r["rps"], f["rps"])} '
                 f'({r["rps"]:,.0f} ÷ {f["rps"]:,.0f}).']


def main():
    queue_dir, run_txt, settings = sys.argv[1], sys.argv[2], sys.argv[3]
    run = read_run(run_txt)
    files = {}
    for line in open(os.path.join(queue_dir, 'measurements.tsv')):
        _, key, name = line.rstrip('\n').split('\t')
        files[key] = os.path.join(queue_dir, name)
    out = ['# Waiting room: joins, position reads, and a sell-out to queued buyers', '',
           f'commit {run.get("commit", "?")}, {run.get("cpus", "?")} CPUs, load before {run.get("load_before", "?")}; '
           f'{settings}', '',
           '| route | req/s | ÷ `/ping` just before | goal | p50 ms | p99 ms | CPU per request | statuses | raw |',
           '|---|---:|---:|---:|---:|---:|---|---|---|']
    floor, floor_sentence = floor_rows(files)
    for key, ping_key, label in ROWS:
        if key not in files or ping_key not in files:
            out.append(f'| {label} | not measured in this run | | | | | | | |')
            continue
        r, p = parse(files[key]), parse(files[ping_key])
        if not r or not p:
            out.append(f'| {label} | no result | | | | | | | |')
            continue
        statuses = ', '.join(f'{c}: {n}' for c, n in sorted(r['statuses'].items()))
        ratio = r['rps'] / p['rps']
        verdict = 'met' if ratio >= GOAL else 'missed'
        out.append(f'| {label} | {r["rps"]:,.0f} | {fmt_ratio(r["rps"], p["rps"])} ({verdict}) | ≥ {GOAL} | '
                   f'{r["p50"]:.2f} | {r["p99"]:.2f} | {cpu_text(files[key][:-4] + ".cpu.txt", r["requests"])} | '
                   f'{statuses} | [{os.path.basename(files[key])}]({os.path.basename(files[key])}) |')
        out.append(f'| `GET /ping` just before | {p["rps"]:,.0f} | 1 | | {p["p50"]:.2f} | {p["p99"]:.2f} | '
                   f'{cpu_text(files[ping_key][:-4] + ".cpu.txt", p["requests"])} | | '
                   f'[{os.path.basename(files[ping_key])}]({os.path.basename(files[ping_key])}) |')
        if key == FLOOR[2]:
            out += floor
    out += floor_sentence
    outcomes = join_outcomes(os.path.join(queue_dir, 'queue-join.outcomes.txt'))
    if outcomes:
        out += ['', 'The measured joins, by the app\'s counters (`queue_joins_total`, '
                '[queue-join.outcomes.txt](queue-join.outcomes.txt)): '
                + ', '.join(f'{o} {n:,}' for o, n in sorted(outcomes.items()))
                + ' ("joined": a new place; "again": the same place answered once more).']
    for title, name in (('Joining the rest and the draw', 'queue-open.txt'),
                        ('The sell-out', 'queue-sellout.txt')):
        path = os.path.join(queue_dir, name)
        out += ['', f'## {title} ([{name}]({name}))', '']
        out += [f'- {line.rstrip()}' for line in open(path)] if os.path.exists(path) else ['- not run']
    out += warmup_table(os.path.join(queue_dir, 'warmup'))
    print('\n'.join(out))


if __name__ == '__main__':
    main()
