#!/usr/bin/env python3
"""CPU samples of an async-profiler recording in collapsed form, by frame: where the CPU went.

Usage: collapsed_summary.py <profile.collapsed> [top]

The same two lists as jfr_summary.py: the share of samples whose top frame is each method or
native function (self), and the share with it anywhere on the stack (inclusive). Unlike JFR's
execution samples these include native frames (socket writes, futex, the JVM's own work such as
thawing a virtual thread's stack), which is where a request's system calls show up.
"""
import collections
import sys


def main():
    recording = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    own, anywhere, samples = collections.Counter(), collections.Counter(), 0
    with open(recording) as lines:
        for line in lines:
            stack, _, count = line.rstrip('\n').rpartition(' ')
            if not stack:
                continue
            n = int(count)
            frames = [frame.replace('/', '.') for frame in stack.split(';')]
            samples += n
            own[frames[-1]] += n
            for frame in set(frames):
                anywhere[frame] += n
    print(f'# {recording}: {samples} CPU samples (async-profiler, collapsed)')
    print('\n## self (top frame)')
    for frame, n in own.most_common(top):
        print(f'{100 * n / samples:5.1f}% {frame}')
    print('\n## inclusive (anywhere on the stack)')
    for frame, n in anywhere.most_common(top * 3):
        print(f'{100 * n / samples:5.1f}% {frame}')


if __name__ == '__main__':
    main()
