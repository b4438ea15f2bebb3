#!/usr/bin/env python3
"""CPU samples of a profile, by frame: where the CPU went.

Usage: jfr_summary.py <recording.jfr | profile.collapsed> [top]   (a .jfr needs `jfr` of the JDK on the PATH)

Prints the share of samples whose top frame is each method (self), and the share of samples
with each method anywhere on the stack (inclusive). A JFR recording's execution samples hold only
Java frames: time in the kernel (socket writes, futex wake-ups of parked threads) and in native
code is not in it. An async-profiler profile in collapsed form (QUEUE_PROFILE=async) is CPU time
with native frames too, the JVM's own work for virtual threads included.
"""
import collections
import re
import subprocess
import sys

FRAME = re.compile(r'^\s+([\w.$<>/]+)\(.*line:', re.M)


def jfr_stacks(recording):
    """(frames from the top, samples) per execution sample of a JFR recording."""
    text = subprocess.run(['jfr', 'print', '--events', 'jdk.ExecutionSample', '--stack-depth', '96', recording],
                          check=True, capture_output=True, text=True).stdout
    for sample in text.split('jdk.ExecutionSample')[1:]:
        frames = FRAME.findall(sample)
        if frames:
            yield frames, 1


def collapsed_stacks(profile):
    """(frames from the top, samples) per line of async-profiler's collapsed output."""
    with open(profile) as lines:
        for line in lines:
            stack, _, count = line.rstrip('\n').rpartition(' ')
            if stack:
                yield [frame.replace('/', '.') for frame in reversed(stack.split(';'))], int(count)


def main():
    recording = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    collapsed = recording.endswith('.collapsed')
    stacks = collapsed_stacks(recording) if collapsed else jfr_stacks(recording)
    own, anywhere, samples = collections.Counter(), collections.Counter(), 0
    for frames, n in stacks:
        samples += n
        own[frames[0]] += n
        for frame in set(frames):
            anywhere[frame] += n
    kind = 'CPU samples (async-profiler)' if collapsed else 'execution samples'
    print(f'# {recording}: {samples} {kind}')
    print('\n## self (top frame)')
    for frame, n in own.most_common(top):
        print(f'{100 * n / samples:5.1f}% {frame}')
    print('\n## inclusive (anywhere on the stack)')
    for frame, n in anywhere.most_common(top * 3):
        print(f'{100 * n / samples:5.1f}% {frame}')


if __name__ == '__main__':
    main()
