#!/usr/bin/env python3
"""The wrk saturation phase's summary (Markdown), from the raw wrk outputs of one run.

Usage: wrk_summary.py <run>/wrk <run>/run.txt "<settings>"

Reads <run>/wrk/measurements.tsv (app start, key, file) and the BENCH line that
benchmark/wrk/bench.lua prints at the end of every wrk output. Every ratio is between two
measurements of this run; "÷ /ping" divides by /ping of the same application start.
"""
import os
import re
import sys

LABELS = {
    'ping': '`GET /ping` (no auth)',
    'auth-ping': '`GET /api/v1/ping` + bearer token (auth no-op)',
    'reserve-sold-out': '`POST /api/v1/orders`, sold-out ticket type',
    'reserve-stock-left': '`POST /api/v1/orders`, stock left (winners: a Postgres transaction each)',
}
EXPECTED = {'ping': {200}, 'auth-ping': {200}, 'reserve-sold-out': {409}, 'reserve-stock-left': {201}}


def parse(path):
    with open(path) as f:
        text = f.read()
    m = re.search(r'^BENCH (.*)$', text, re.M)
    if not m:
        return None
    fields = dict(kv.split('=', 1) for kv in m.group(1).split())
    statuses = {}
    if fields.get('statuses'):
        for part in fields['statuses'].split(','):
            code, n = part.split(':')
            statuses[int(code)] = int(n)
    load = re.search(r'load1_before=(\S+)', text)
    return {
        'rps': float(fields['rps']),
        'requests': int(fields['requests']),
        'p50': int(fields['p50_us']) / 1000,
        'p90': int(fields['p90_us']) / 1000,
        'p99': int(fields['p99_us']) / 1000,
        'max': int(fields['max_us']) / 1000,
        'errors': {k: int(fields[k]) for k in ('connect_errors', 'read_errors', 'write_errors', 'timeouts')},
        'statuses': statuses,
        'load': load.group(1) if load else '?',
    }


def fmt_ratio(a, b):
    return f'{a / b:.3f}' if a is not None and b else 'n/a'


def read_run(run_txt):
    """run.txt's key=value lines (commit, cpus, wrk, load before the run, ...)."""
    run = {}
    if os.path.exists(run_txt):
        for line in open(run_txt):
            if '=' in line:
                k, v = line.rstrip('\n').split('=', 1)
                run[k] = v
    return run


def warmup_table(warm_dir):
    """The warm-ups' wrk outputs in warm_dir, in the order they ran, as markdown lines (none if absent)."""
    if not os.path.isdir(warm_dir):
        return []
    out = ['', '## Warm-ups (not measurements)', '', '| warm-up | req/s | p99 ms | status counts | raw |',
           '|---|---:|---:|---|---|']
    for name in sorted(os.listdir(warm_dir), key=lambda n: os.path.getmtime(os.path.join(warm_dir, n))):
        r = parse(os.path.join(warm_dir, name))
        if r:
            statuses = ', '.join(f'{c}: {n}' for c, n in sorted(r['statuses'].items()))
            out.append(f'| {name[:-4]} | {r["rps"]:,.0f} | {r["p99"]:.2f} | {statuses} | [warmup/{name}](warmup/{name}) |')
    return out


def main():
    wrk_dir, run_txt, settings = sys.argv[1], sys.argv[2], sys.argv[3]
    run = read_run(run_txt)
    rows = []
    for line in open(os.path.join(wrk_dir, 'measurements.tsv')):
        app, key, name = line.rstrip('\n').split('\t')
        rows.append((app, key, name, parse(os.path.join(wrk_dir, name))))
    rps = {(app, key): r['rps'] for app, key, _, r in rows if r}

    stamp = os.path.basename(os.path.dirname(os.path.abspath(wrk_dir)))
    out = []
    out.append(f'# wrk saturation, run {stamp}')
    out.append('')
    out.append(f'Commit {run.get("commit", "?")}; {run.get("cpus", "?")} CPUs; {run.get("wrk", "wrk ?")}; '
               f'load average before the run {run.get("load_before", "?")}.')
    out.append(f'Settings: {settings}.')
    out.append('')
    out.append('Every figure comes from this one run of `benchmark/run.sh` (raw wrk outputs next to this file). '
               '"÷ /ping" divides by `GET /ping` measured in the same application start; the two starts '
               '(redis-gate, then postgres-only on a fresh database) each had the same warm-up. Latencies are '
               'wrk\'s (closed model: 64 connections kept busy), so they describe the service saturated, '
               'not at a given arrival rate.')
    out.append('')
    out.append('| app start | measurement | req/s | p50 ms | p90 ms | p99 ms | ÷ /ping (same app start) '
               '| status counts | socket errors | load1 before | raw |')
    out.append('|---|---|---:|---:|---:|---:|---:|---|---|---:|---|')
    problems = []
    for app, key, name, r in rows:
        if r is None:
            out.append(f'| {app} | {LABELS.get(key, key)} | no result | | | | | | | | [{name}]({name}) |')
            problems.append(f'{name}: wrk printed no result')
            continue
        statuses = ', '.join(f'{c}: {n}' for c, n in sorted(r['statuses'].items()))
        errors = ', '.join(f'{k.replace("_errors", "")} {v}' for k, v in r['errors'].items() if v) or '0'
        ratio = fmt_ratio(r['rps'], rps.get((app, 'ping')))
        out.append(f'| {app} | {LABELS.get(key, key)} | {r["rps"]:,.0f} | {r["p50"]:.2f} | {r["p90"]:.2f} | '
                   f'{r["p99"]:.2f} | {ratio} | {statuses} | {errors} | {r["load"]} | [{name}]({name}) |')
        unexpected = {c: n for c, n in r['statuses'].items() if c not in EXPECTED.get(key, {c})}
        if unexpected:
            problems.append(f'{name}: statuses other than {sorted(EXPECTED[key])}: {unexpected}')
        if any(r['errors'].values()):
            problems.append(f'{name}: socket errors {r["errors"]}')
        answered = sum(r['statuses'].values())
        if answered != r['requests']:
            problems.append(f'{name}: {r["requests"]} requests completed, {answered} statuses counted')

    gate = rps.get(('redis-gate', 'reserve-sold-out'))
    pg = rps.get(('postgres-only', 'reserve-sold-out'))
    gate_ping = rps.get(('redis-gate', 'ping'))
    pg_ping = rps.get(('postgres-only', 'ping'))
    out.append('')
    out.append('## Ratios (this run only)')
    out.append('')
    out.append('| ratio | value |')
    out.append('|---|---:|')
    for key in ('auth-ping', 'reserve-sold-out', 'reserve-stock-left'):
        if ('redis-gate', key) in rps:
            out.append(f'| redis-gate {LABELS[key]} ÷ `/ping` | {fmt_ratio(rps[("redis-gate", key)], gate_ping)} |')
    out.append(f'| postgres-only sold-out reserve ÷ `/ping` of its own start | {fmt_ratio(pg, pg_ping)} |')
    out.append(f'| postgres-only sold-out reserve ÷ `/ping` of the redis-gate start | {fmt_ratio(pg, gate_ping)} |')
    out.append(f'| **sold-out reserve, gate ÷ postgres-only** (req/s ÷ req/s) | **{fmt_ratio(gate, pg)}** |')
    gate_n = gate / gate_ping if gate and gate_ping else None
    pg_n = pg / pg_ping if pg and pg_ping else None
    out.append(f'| same, each first divided by its own start\'s `/ping` | {fmt_ratio(gate_n, pg_n)} |')
    out.append(f'| `/ping`, postgres-only start ÷ redis-gate start (how far the two starts differ) '
               f'| {fmt_ratio(pg_ping, gate_ping)} |')
    if ('base', 'ping') in rps:
        out.append('')
        out.append('## Before and after (BASE_REF, this run only)')
        out.append('')
        out.append('The app start `base` ran the jar of the revision in run.txt (`base=`), `redis-gate` this '
                   'checkout\'s, one after the other with the same warm-up; each figure is divided by `/ping` of '
                   'its own start before the two are compared.')
        out.append('')
        out.append('| measurement | base ÷ its `/ping` | after ÷ its `/ping` | after ÷ base (normalised) |')
        out.append('|---|---:|---:|---:|')
        base_ping = rps[('base', 'ping')]
        for key in ('auth-ping', 'reserve-sold-out', 'reserve-stock-left'):
            b = rps.get(('base', key))
            a = rps.get(('redis-gate', key))
            bn = b / base_ping if b and base_ping else None
            an = a / gate_ping if a and gate_ping else None
            out.append(f'| {LABELS[key]} | {fmt_ratio(b, base_ping)} | {fmt_ratio(a, gate_ping)} '
                       f'| {fmt_ratio(an, bn)} |')
        out.append(f'| `/ping` itself, after ÷ base (how far the two starts differ) | | | '
                   f'{fmt_ratio(gate_ping, base_ping)} |')

    out.append('')
    out.append('## Checks')
    out.append('')
    if problems:
        out.append('**Not clean** — read these before quoting anything:')
        out.append('')
        out.extend(f'- {p}' for p in problems)
    else:
        out.append('Every measured response had the expected status (`/ping` and the no-op 200, sold-out 409, '
                   'stock left 201; no 429: the rate limit was not reached) and wrk saw no socket errors.')
    stock = os.path.join(wrk_dir, 'redis-gate-stock-left.sql.txt')
    if os.path.exists(stock):
        out.append('')
        out.append('Stock-left ticket type after the redis-gate start (warm-up and measurement together; '
                   'oversold must be 0, units sold = the 201s of both):')
        out.append('')
        out.append('```')
        out.append(open(stock).read().rstrip())
        out.append('```')
    metrics = os.path.join(wrk_dir, 'redis-gate', 'gate-metrics.txt')
    if os.path.exists(metrics) and open(metrics).read().strip():
        out.append('')
        out.append('Gate rebuilds during the redis-gate start (one at start-up per ticket type is normal; more mean '
                   'something flushed Redis mid-run, e.g. a test suite on the same Redis):')
        out.append('')
        out.append('```')
        out.append(open(metrics).read().rstrip())
        out.append('```')

    out += warmup_table(os.path.join(wrk_dir, 'warmup'))
    print('\n'.join(out))


if __name__ == '__main__':
    main()
