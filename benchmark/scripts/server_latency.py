#!/usr/bin/env python3
"""Server-side reserve latency by outcome, from the app's Prometheus histogram
(orders_reserve_seconds_bucket): count and p50/p99/p99.9 upper bounds of the bucket that holds them."""
import re
import sys
from collections import defaultdict

buckets = defaultdict(list)
for line in sys.stdin:
    m = re.match(r'^orders_reserve_seconds_bucket\{(.*)\} (\S+)$', line)
    if not m:
        continue
    labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
    le = float('inf') if labels['le'] == '+Inf' else float(labels['le'])
    buckets[labels['outcome']].append((le, float(m.group(2))))

print('| outcome | requests | p50 ≤ ms | p99 ≤ ms | p99.9 ≤ ms |')
print('|---|---:|---:|---:|---:|')
for outcome, rows in sorted(buckets.items()):
    rows.sort()
    total = rows[-1][1]
    if total == 0:
        continue

    def quantile(q):
        for le, count in rows:
            if count >= q * total:
                return '∞' if le == float('inf') else f'{le * 1000:.2f}'
        return '∞'

    print(f'| {outcome} | {int(total)} | {quantile(0.5)} | {quantile(0.99)} | {quantile(0.999)} |')
