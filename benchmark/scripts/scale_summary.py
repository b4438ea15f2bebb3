#!/usr/bin/env python3
"""The scale-out phase's summary (Markdown): one and two instances behind nginx, one run.

Usage: scale_summary.py <run>/nginx <run>/run.txt "<settings>"

Reads <run>/nginx/measurements.tsv (name, file), the BENCH line of every raw wrk output and
the CPU shares recorded next to it (<name>.cpu.txt). Every ratio is between two measurements
of this run.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrk_summary import fmt_ratio, parse, read_run  # noqa: E402

LABELS = {
    'direct-ping': '`GET /ping`, straight to instance 1',
    'nginx-one-ping': '`GET /ping` through nginx, 1 instance',
    'nginx-one-reserve-sold-out': '`POST /api/v1/orders` sold out, nginx, 1 instance',
    'nginx-one-reserve-stock-left': '`POST /api/v1/orders` stock left, nginx, 1 instance',
    'nginx-two-ping': '`GET /ping` through nginx, 2 instances',
    'nginx-two-reserve-sold-out': '`POST /api/v1/orders` sold out, nginx, 2 instances',
    'nginx-two-reserve-stock-left': '`POST /api/v1/orders` stock left, nginx, 2 instances',
}
EXPECTED = {'ping': {200}, 'reserve-sold-out': {409}, 'reserve-stock-left': {201}}
GROUPS = ['app-1', 'app-2', 'nginx', 'redis', 'postgres', 'rabbitmq']


def cpu(path):
    shares = {}
    if os.path.exists(path):
        for line in open(path):
            if line.startswith('#') or not line.strip():
                continue
            name, value = line.split()
            shares[name] = int(value) / 10  # per mille -> percent
    return shares


def backends(path):
    counts = {}
    if os.path.exists(path):
        for line in open(path):
            name, value = line.split()
            counts[name] = int(value)
    return counts


def per_core(rps, shares, run):
    """req/s divided by the cores both instances used (shares are % of all the machine's cores)."""
    cores = (shares.get('app-1', 0) + shares.get('app-2', 0)) / 100 * int(run.get('cpus', '2'))
    return rps / cores if cores > 0 else 0


def main():
    out_dir, run_txt, settings = sys.argv[1], sys.argv[2], sys.argv[3]
    run = read_run(run_txt)
    rows = []
    for line in open(os.path.join(out_dir, 'measurements.tsv')):
        name, file = line.rstrip('\n').split('\t')
        rows.append((name, file, parse(os.path.join(out_dir, file)), cpu(os.path.join(out_dir, name + '.cpu.txt')),
                     backends(os.path.join(out_dir, name + '.backends.txt'))))
    rps = {name: r['rps'] for name, _, r, _, _ in rows if r}
    stamp = os.path.basename(os.path.dirname(os.path.abspath(out_dir)))
    out = [f'# Scale-out: 1 and 2 instances behind nginx, run {stamp}', '',
           f'Commit {run.get("commit", "?")}; {run.get("cpus", "?")} CPUs; {run.get("wrk", "wrk ?")}; '
           f'load average before the run {run.get("load_before", "?")}.',
           f'Settings: {settings}.', '',
           'Two instances of the same jar on one database and one Redis, both started before anything is '
           'measured; nginx `one` proxies to instance 1 only, nginx `two` round-robins over both (the '
           'repository\'s `deploy/nginx/ticket-booking.conf`, keepalive to the instances). wrk, nginx, '
           'both instances, Redis, PostgreSQL and RabbitMQ share this machine\'s cores. CPU columns: share '
           'of all cores (100 % = every core busy) each process group used during that measurement, from '
           '`/proc`; "machine" is the whole machine (wrk is most of the rest).', '',
           '| measurement | req/s | p50 ms | p99 ms | ÷ direct `/ping` | status counts | errors | machine | '
           + ' | '.join(GROUPS) + ' | raw |',
           '|---|---:|---:|---:|---:|---|---|---:|' + '---:|' * len(GROUPS) + '---|']
    problems = []
    direct = rps.get('direct-ping')
    per_request = []
    for name, file, r, shares, counts in rows:
        if r is None:
            out.append(f'| {LABELS.get(name, name)} | no result |' + ' |' * (7 + len(GROUPS)) + f' [{file}]({file}) |')
            problems.append(f'{file}: wrk printed no result')
            continue
        statuses = ', '.join(f'{c}: {n}' for c, n in sorted(r['statuses'].items()))
        errors = ', '.join(f'{k.replace("_errors", "")} {v}' for k, v in r['errors'].items() if v) or '0'
        cells = ' | '.join(f'{shares.get(g, 0):.0f} %' for g in GROUPS)
        out.append(f'| {LABELS.get(name, name)} | {r["rps"]:,.0f} | {r["p50"]:.2f} | {r["p99"]:.2f} | '
                   f'{fmt_ratio(r["rps"], direct)} | {statuses} | {errors} | {shares.get("machine_busy", 0):.0f} % | '
                   f'{cells} | [{file}]({file}) |')
        if r['requests'] and counts:
            per_request.append(f'| {LABELS.get(name, name)} | {counts.get("redis_commands", 0) / r["requests"]:.2f} | '
                               f'{counts.get("pg_transactions", 0) / r["requests"]:.3f} | '
                               f'{per_core(r["rps"], shares, run):,.0f} |')
        key = next((k for k in EXPECTED if name.endswith(k)), None)
        unexpected = {c: n for c, n in r['statuses'].items() if key and c not in EXPECTED[key]}
        if unexpected:
            problems.append(f'{file}: statuses other than {sorted(EXPECTED[key])}: {unexpected}')
        if any(r['errors'].values()):
            problems.append(f'{file}: socket errors {r["errors"]}')
    out += ['', '## Per request (this run only)', '',
            'Redis commands and PostgreSQL transactions counted by the servers themselves during each '
            'measurement, divided by the requests wrk completed; the last column divides req/s by the CPU the '
            'instances used (in cores), which is what an instance with a core of its own would serve.', '',
            '| measurement | Redis commands / request | PostgreSQL transactions / request | req/s per instance core |',
            '|---|---:|---:|---:|'] + per_request
    out += ['', '## Ratios (this run only)', '', '| ratio | value |', '|---|---:|']
    for key in ('ping', 'reserve-sold-out', 'reserve-stock-left'):
        one, two = rps.get(f'nginx-one-{key}'), rps.get(f'nginx-two-{key}')
        out.append(f'| {key}: 2 instances ÷ 1 instance (both through nginx) | **{fmt_ratio(two, one)}** |')
    for key in ('reserve-sold-out', 'reserve-stock-left'):
        for n in ('one', 'two'):
            out.append(f'| {key}, nginx {n} ÷ its nginx `/ping` | '
                       f'{fmt_ratio(rps.get(f"nginx-{n}-{key}"), rps.get(f"nginx-{n}-ping"))} |')
    out.append(f'| nginx `/ping` (1 instance) ÷ direct `/ping` (what the proxy hop costs) | '
               f'{fmt_ratio(rps.get("nginx-one-ping"), direct)} |')
    out += ['', '## Checks', '']
    out += (['**Not clean**:', ''] + [f'- {p}' for p in problems]) if problems else \
        ['Every measurement answered only its expected status, with no socket errors.']
    print('\n'.join(out))


if __name__ == '__main__':
    main()
