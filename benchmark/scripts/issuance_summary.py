#!/usr/bin/env python3
"""The issuance phase's summary (Markdown), from the raw outputs of one run of MODE=issuance.

Usage: issuance_summary.py <run>/issuance <run>/run.txt "<settings>"

Reads, in <run>/issuance: measurements.tsv and the raw wrk outputs (rest-* after the rest round, with
every PDF printed; load-* while the load round's backlog was printed), issuance-<round>-pay.txt (the paying
client: first and last confirmation), issuance-<round>-series.tsv (rows and stored PDFs counted
every 200 ms), issuance-load-wrk-ended-ms.txt and issuance-cpu.txt (clock ticks per process).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrk_summary import fmt_ratio, parse, read_run, warmup_table  # noqa: E402

GOAL_PDFS = 200
STRETCH_PDFS = 400
GOAL_KEPT = 0.9


def kv(path):
    values = {}
    for line in open(path):
        if '=' in line and not line.startswith('#'):
            k, v = line.rstrip('\n').split('=', 1)
            values[k] = v
    return values


def series(path):
    rows = []
    for line in open(path):
        if line.startswith('#'):
            continue
        t, r, p = line.split()
        rows.append((int(t), int(r), int(p)))
    return rows


def at(samples, when):
    """PDFs stored at the last sample taken at or before `when` (0 before the first)."""
    stored = 0
    for t, _, p in samples:
        if t > when:
            break
        stored = p
    return stored


def first_time(samples, predicate):
    for t, r, p in samples:
        if predicate(r, p):
            return t
    return None


def peak(samples, window_ms=5000):
    """The most PDFs stored per second over any window of window_ms between two samples."""
    best = 0.0
    j = 0
    for i in range(len(samples)):
        while j < len(samples) and samples[j][0] - samples[i][0] < window_ms:
            j += 1
        if j < len(samples):
            span = (samples[j][0] - samples[i][0]) / 1000
            best = max(best, (samples[j][2] - samples[i][2]) / span)
    return best


def rounds_table(issue_dir):
    out = ['| round | orders paid | tickets | paying took | first PDF after first payment | last confirmation → last PDF stored | PDFs/s, first payment → last PDF | PDFs/s after the last confirmation | PDFs/s, best 5 s | raw |',
           '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|']
    figures = {}
    for round_ in ('warm', 'rest', 'load'):
        pay_path = os.path.join(issue_dir, f'issuance-{round_}-pay.txt')
        series_path = os.path.join(issue_dir, f'issuance-{round_}-series.tsv')
        if not (os.path.exists(pay_path) and os.path.exists(series_path)):
            continue
        pay = kv(pay_path)
        samples = series(series_path)
        expected = int(pay['tickets_expected'])
        first_paid, last_paid = int(pay['first_paid_ms']), int(pay['last_paid_ms'])
        done = first_time(samples, lambda r, p: p >= expected)
        first_pdf = first_time(samples, lambda r, p: p > 0)
        stored = samples[-1][2] if samples else 0
        if done is None:
            out.append(f'| {round_} | {pay["orders_paid"]} | {expected} | {pay["pay_seconds"]} s | | not all stored ({stored} of {expected}) | | | | |')
            continue
        overall = expected / ((done - first_paid) / 1000)
        after = expected - at(samples, last_paid)
        tail = (done - last_paid) / 1000
        drain = after / tail if tail > 0 else float('nan')
        best = peak(samples)
        figures[round_] = dict(overall=overall, drain=drain, tail=tail, best=best, done=done, samples=samples)
        label = 'warm (warm-up, not a measurement)' if round_ == 'warm' else round_
        out.append(f'| {label} | {pay["orders_paid"]} (failed {pay["orders_failed"]}) | {expected:,} | {pay["pay_seconds"]} s '
                   f'| {(first_pdf - first_paid) / 1000:.2f} s | {tail:.1f} s ({after:,} PDFs) | {overall:,.0f} | {drain:,.0f} | {best:,.0f} '
                   f'| [pay](issuance-{round_}-pay.txt), [series](issuance-{round_}-series.tsv) |')
    return out, figures


def cpu_table(issue_dir):
    path = os.path.join(issue_dir, 'issuance-cpu.txt')
    if not os.path.exists(path):
        return []
    ticks = {}
    for line in open(path):
        label, proc, value = line.split()
        ticks[(label, proc)] = int(value)
    tck = os.sysconf('SC_CLK_TCK')
    procs = ['app', 's3proxy', 'postgres', 'redis', 'rabbitmq', 'machine_busy']
    out = ['', '## CPU seconds per process (from /proc)', '',
           '| stretch | ' + ' | '.join(procs) + ' |', '|---|' + '---:|' * len(procs)]
    for round_ in ('warm', 'rest', 'load'):
        for a, b, name in ((f'{round_}-start', f'{round_}-paid', 'paying'), (f'{round_}-paid', f'{round_}-printed', 'after the last payment')):
            if all((a, p) in ticks and (b, p) in ticks for p in procs):
                out.append(f'| {round_}, {name} | ' + ' | '.join(f'{(ticks[(b, p)] - ticks[(a, p)]) / tck:.1f}' for p in procs) + ' |')
    return out


def main():
    issue_dir, run_txt, settings = sys.argv[1], sys.argv[2], sys.argv[3]
    run = read_run(run_txt)
    files = {}
    for line in open(os.path.join(issue_dir, 'measurements.tsv')):
        _, key, name = line.rstrip('\n').split('\t')
        files[key] = name
    result = {key: parse(os.path.join(issue_dir, name)) for key, name in files.items()}
    rps = {key: (r['rps'] if r else None) for key, r in result.items()}
    stamp = os.path.basename(os.path.dirname(os.path.abspath(issue_dir)))
    table, figures = rounds_table(issue_dir)

    out = [f'# Ticket issuance, run {stamp}', '']
    out.append(f'Commit `{run.get("commit", "?")}`, {run.get("cpus", "?")} CPUs, {run.get("wrk", "")}; settings: {settings}.')
    out.append(f'Application environment: {run.get("app_env", "").strip() or "(defaults)"}; JVM priority flags: '
               f'`{run.get("app_priorities", "").strip() or "none"}`.')
    out.append('')
    out.append('## PDFs')
    out.append('')
    out.append('Each round: the orders are reserved and paid (simulated checkout → signed webhook) as fast as the '
               'client can; the stored PDFs are counted every 200 ms in PostgreSQL. "After the last confirmation" '
               'is the printing of the backlog with nothing else running (round rest) or while wrk measures the '
               'reserve path at saturation (round load). Round warm runs first so that the JIT has compiled the '
               'printing path; it is no measurement.')
    out.append('')
    out.extend(table)
    out.append('')
    if 'rest' in figures:
        f = figures['rest']
        verdict = 'meets the goal' if f['drain'] >= STRETCH_PDFS else ('meets the floor' if f['drain'] >= GOAL_PDFS else 'misses the floor')
        out.append(f'Printing at rest after the last confirmation: **{f["drain"]:,.0f} PDFs/s** ({verdict}: floor {GOAL_PDFS}, goal {STRETCH_PDFS}).')
        out.append('')

    out.append('## The sale while printing')
    out.append('')
    out.append('| measurement | at rest req/s | while printing req/s | req/s kept | ratio to /ping at rest | ratio to /ping while printing | ratio kept | raw |')
    out.append('|---|---:|---:|---:|---:|---:|---:|---|')
    kept = {}
    for key, label in (('ping', '`GET /ping`'), ('reserve-sold-out', '`POST /api/v1/orders`, sold out'),
                       ('reserve-stock-left', '`POST /api/v1/orders`, stock left')):
        a, b = rps.get('rest-' + key), rps.get('load-' + key)
        ra = a / rps['rest-ping'] if a and rps.get('rest-ping') else None
        rb = b / rps['load-ping'] if b and rps.get('load-ping') else None
        if key != 'ping' and ra and rb:
            kept[key] = rb / ra
        out.append(f'| {label} | {a or 0:,.0f} | {b or 0:,.0f} | {fmt_ratio(b, a)} | {fmt_ratio(a, rps.get("rest-ping"))} | '
                   f'{fmt_ratio(b, rps.get("load-ping"))} | {(f"{kept[key]:.2f}" if key in kept else "")} | '
                   f'[rest]({files.get("rest-" + key)}), [printing]({files.get("load-" + key)}) |')
    out.append('')
    out.append(f'"Ratio kept" is the ratio to /ping while printing divided by the ratio at rest (goal ≥ {GOAL_KEPT}); '
               '"req/s kept" divides the plain rates.')
    ended_path = os.path.join(issue_dir, 'issuance-load-wrk-ended-ms.txt')
    if 'load' in figures and os.path.exists(ended_path):
        ended = int(open(ended_path).read().strip())
        f = figures['load']
        samples = f['samples']
        left = max(r for _, r, _ in samples) - at(samples, ended)
        wrk_started = None
        for key in ('load-ping',):
            text = open(os.path.join(issue_dir, files[key])).read()
            m = re.search(r'started=(\S+)', text)
            wrk_started = m.group(1) if m else None
        out.append('')
        if f['done'] > ended:
            out.append(f'Printing ran through every measurement while printing: the last PDF was stored '
                       f'{(f["done"] - ended) / 1000:.1f} s after the last wrk run ended ({left:,} PDFs still to print then; '
                       f'wrk started {wrk_started}).')
        else:
            out.append(f'**The backlog was printed {(ended - f["done"]) / 1000:.1f} s before the last wrk run ended**: '
                       'part of that run measured a machine at rest; use more ISSUE_ORDERS.')
    out.extend(cpu_table(issue_dir))
    metrics = os.path.join(issue_dir, 'issuance-metrics.txt')
    if os.path.exists(metrics):
        out.append('')
        out.append('## Application counters at the end')
        out.append('')
        out.append('```')
        out.extend(line.rstrip('\n') for line in open(metrics))
        out.append('```')
    out.extend(warmup_table(os.path.join(issue_dir, 'warmup')))
    print('\n'.join(out))


if __name__ == '__main__':
    main()
