#!/usr/bin/env python3
"""Execution samples of a JFR recording, by frame: where the CPU went.

Usage: jfr_summary.py <recording.jfr> [top]   (needs `jfr` of the JDK on the PATH)

Prints the share of samples whose top frame is each method (self), and the share of samples
with each method anywhere on the stack (inclusive). Only Java frames are sampled: time in the
kernel (socket writes, futex wake-ups of parked threads) and in native code is not in it.
"""
import collections
import re
import subprocess
import sys

FRAME = re.compile(r'^\s+([\w.$<>/]+)\(.*line:', re.M)


def main():
    recording = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    text = subprocess.run(['jfr', 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '96', recording],
                          check=True, capture_output=True, text=True).stdout
    own, anywhere, samples = collections.Counter(), collections.Counter(), 0
    for sample in text.split('jdk.ExecutionSample')[1:]:
        frames = FRAME.findall(sample)
        if not frames:
            continue
        samples += 1
        own[frames[0]] += 1
        for frame in set(frames):
            anywhere[frame] += 1
    print(f'# {recording}: {samples} execution samples')
    print('\n## self (top frame)')
    for frame, n in own.most_common(top):
        print(f'{100 * n / samples:5.1f}% {frame}')
    print('\n## inclusive (anywhere on the stack)')
    for frame, n in anywhere.most_common(top * 3):
        print(f'{100 * n / samples:5.1f}% {frame}')


if __name__ == '__main__':
    main()
